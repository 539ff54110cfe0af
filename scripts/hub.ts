/**
 * The whole hub in one process: both subgraphs on their stores and the gateway
 * in front. `npm start` and the end-to-end tests start it through here, so
 * tests run exactly what users run.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SUPERGRAPH_FILE } from '../schema/compose';
import { readGatewayConfig, type GatewayConfig } from '../gateway/config';
import { createGatewayServer, type GatewayServer } from '../gateway/server';
import { ConfigError } from '../platform/config';
import { componentLogger } from '../platform/logger';
import { checkNeo4j, checkPortsFree, checkPostgres, type PortToBind } from '../platform/service';
import { readCmdbConfig, type CmdbConfig } from '../subgraphs/cmdb/config';
import { createCmdbServer } from '../subgraphs/cmdb/server';
import type { CmdbStore } from '../subgraphs/cmdb/store';
import { openCmdbStore } from '../subgraphs/cmdb/store/open';
import { readTicketsConfig, type TicketsConfig } from '../subgraphs/tickets/config';
import { createTicketsServer } from '../subgraphs/tickets/server';
import type { TicketStore } from '../subgraphs/tickets/store';
import { openTicketStore } from '../subgraphs/tickets/store/open';
import { readKnowledgeConfig, type KnowledgeConfig } from '../subgraphs/knowledge/config';
import { createKnowledgeServer } from '../subgraphs/knowledge/server';
import type { KnowledgeStore } from '../subgraphs/knowledge/store';
import { openKnowledgeStore } from '../subgraphs/knowledge/store/open';
import type { ReadinessCheck } from '../platform/http';
import type { RunningServer } from '../platform/subgraph-server';

const log = componentLogger('hub', 'process');

/** The three services' own configurations, each read by its own `readXConfig` from one environment. */
export interface HubConfig {
  gateway: GatewayConfig;
  cmdb: CmdbConfig;
  tickets: TicketsConfig;
  knowledge: KnowledgeConfig;
}

/** What only tests and benchmarks pass, beside the configuration. */
export interface HubExtras {
  /** Stores opened by the caller (tests that observe them); the hub then leaves closing them to the caller. */
  stores?: { cmdb?: CmdbStore; tickets?: TicketStore; knowledge?: KnowledgeStore };
  /** Events one gateway subscriber may have waiting before it is disconnected (default 1000). */
  maxQueuedPerSubscriber?: number;
  /** More checks for the gateway's /readyz (npm start: the demo is loaded). */
  readiness?: ReadinessCheck[];
}

export interface Hub {
  gatewayUrl: string;
  cmdbUrl: string;
  ticketsUrl: string;
  cmdbStore: CmdbStore;
  ticketStore: TicketStore;
  gateway: GatewayServer;
  cmdb: RunningServer;
  tickets: ReturnType<typeof createTicketsServer>;
  knowledgeUrl: string;
  knowledgeStore: KnowledgeStore;
  knowledge: RunningServer;
  /** The configurations the services run with (ports and URLs as bound, the shared internal secret). */
  config: HubConfig;
  stop(): Promise<void>;
}

/**
 * Where the subgraphs listen when they run inside the hub's process: only this process's gateway
 * calls them, so nothing outside the machine needs to reach them (HOST is the gateway's alone).
 */
export const IN_PROCESS_HOST = '127.0.0.1';

/** Environment variables that put every service on a free port (tests, benchmarks). */
export const EPHEMERAL_PORTS = { PORT: '0', TICKETS_PORT: '0', CMDB_PORT: '0', KNOWLEDGE_PORT: '0' } as const;

/** Reads all three configurations from one environment and reports every problem of all three at once. */
export function readHubConfig(env: NodeJS.ProcessEnv = process.env): HubConfig {
  const problems = new Set<string>();
  const read = <T>(readConfig: (env: NodeJS.ProcessEnv) => T): T | undefined => {
    try {
      return readConfig(env);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      // The services share variables (ports, DATA_DIR, LOG_LEVEL): one bad value is one problem.
      for (const problem of error.problems) problems.add(problem);
      return undefined;
    }
  };
  const gateway = read(readGatewayConfig);
  const cmdb = read(readCmdbConfig);
  const tickets = read(readTicketsConfig);
  const knowledge = read(readKnowledgeConfig);
  if (!gateway || !cmdb || !tickets || !knowledge) throw new ConfigError('hub', [...problems]);
  return { gateway, cmdb, tickets, knowledge };
}

/**
 * What would otherwise fail only after the stores have opened (up to a minute on a first embedded
 * start), or fail unnamed: ports taken, database servers out of reach. Every problem at once, each
 * naming its variable.
 */
async function checkBeforeOpeningStores(config: HubConfig, extras: HubExtras): Promise<void> {
  const ports: PortToBind[] = [
    { variable: 'PORT', port: config.gateway.port, host: config.gateway.host },
    { variable: 'CMDB_PORT', port: config.cmdb.port, host: IN_PROCESS_HOST },
    { variable: 'TICKETS_PORT', port: config.tickets.port, host: IN_PROCESS_HOST },
    { variable: 'KNOWLEDGE_PORT', port: config.knowledge.port, host: IN_PROCESS_HOST },
  ];
  const databaseUrl = config.tickets.databaseUrl ?? config.cmdb.databaseUrl ?? config.knowledge.databaseUrl;
  const neo4jServer = extras.stores?.cmdb ? null : config.cmdb.neo4j;
  const problems = (
    await Promise.all([
      checkPortsFree(ports),
      databaseUrl ? checkPostgres('DATABASE_URL', databaseUrl).then((problem) => (problem ? [problem] : [])) : [],
      neo4jServer
        ? checkNeo4j('NEO4J_URI', neo4jServer.uri, neo4jServer.user, neo4jServer.password).then((problem) => (problem ? [problem] : []))
        : [],
    ])
  ).flat();
  if (problems.length) throw new ConfigError('hub', problems, 'cannot start');
}

/**
 * Starts the CMDB, then tickets, then the gateway, each on its configured port (0 picks a free
 * one). In one process the subgraphs are wherever they were bound, whatever CMDB_URL/TICKETS_URL
 * say, and only this process's gateway may call them: without HUB_INTERNAL_SECRET a random one.
 */
export async function startHub(config: HubConfig, extras: HubExtras = {}): Promise<Hub> {
  const internalSecret = config.gateway.internalSecret ?? randomBytes(24).toString('base64url');
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const step of [...stops].reverse()) {
      await step().catch((error) => log.error({ err: error }, 'a step of stopping the hub failed; stopping the rest'));
    }
  };
  try {
    await checkBeforeOpeningStores(config, extras);
    const [cmdbStore, ticketStore, knowledgeStore] = await Promise.all([
      extras.stores?.cmdb ?? openCmdbStore(config.cmdb),
      extras.stores?.tickets ?? openTicketStore(config.tickets),
      extras.stores?.knowledge ?? openKnowledgeStore(config.knowledge),
    ]);
    if (!extras.stores?.cmdb) stops.push(() => cmdbStore.close());
    if (!extras.stores?.tickets) stops.push(() => ticketStore.close());
    if (!extras.stores?.knowledge) stops.push(() => knowledgeStore.close());

    const cmdbConfig: CmdbConfig = { ...config.cmdb, internalSecret };
    const cmdb = createCmdbServer({ config: cmdbConfig, store: cmdbStore });
    const cmdbUrl = await cmdb.start(cmdbConfig.port, IN_PROCESS_HOST);
    stops.push(() => cmdb.stop());

    const ticketsConfig: TicketsConfig = { ...config.tickets, internalSecret, cmdbUrl };
    const tickets = createTicketsServer({ config: ticketsConfig, store: ticketStore });
    const ticketsUrl = await tickets.start(ticketsConfig.port, IN_PROCESS_HOST);
    stops.push(() => tickets.stop());

    const knowledgeConfig: KnowledgeConfig = { ...config.knowledge, internalSecret, cmdbUrl, ticketsUrl };
    const knowledge = createKnowledgeServer({ config: knowledgeConfig, store: knowledgeStore });
    const knowledgeUrl = await knowledge.start(knowledgeConfig.port, IN_PROCESS_HOST);
    stops.push(() => knowledge.stop());

    const gatewayConfig: GatewayConfig = {
      ...config.gateway,
      internalSecret,
      subgraphUrls: { cmdb: cmdbUrl, tickets: ticketsUrl, knowledge: knowledgeUrl },
    };
    const gateway = createGatewayServer({
      config: gatewayConfig,
      supergraphSdl: readFileSync(SUPERGRAPH_FILE, 'utf8'),
      maxQueuedPerSubscriber: extras.maxQueuedPerSubscriber,
      readiness: extras.readiness,
    });
    const gatewayUrl = await gateway.start(gatewayConfig.port);
    stops.push(() => gateway.stop());

    const bound: HubConfig = {
      gateway: { ...gatewayConfig, port: Number(new URL(gatewayUrl).port) },
      cmdb: { ...cmdbConfig, port: Number(new URL(cmdbUrl).port) },
      tickets: { ...ticketsConfig, port: Number(new URL(ticketsUrl).port) },
      knowledge: { ...knowledgeConfig, port: Number(new URL(knowledgeUrl).port) },
    };
    return {
      gatewayUrl, cmdbUrl, ticketsUrl, knowledgeUrl, cmdbStore, ticketStore, knowledgeStore, gateway, cmdb, tickets, knowledge,
      config: bound, stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
