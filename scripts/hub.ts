/**
 * The whole hub in one process: both subgraphs on their stores and the gateway
 * in front. `npm start` and the end-to-end tests start it through here, so
 * tests run exactly what users run.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SUPERGRAPH_FILE } from '../schema/compose';
import { DEFAULT_LIMITS, type Limits } from '../gateway/config';
import type { ApiToken } from '../gateway/identity';
import { createGatewayServer, type GatewayServer } from '../gateway/server';
import type { CmdbConfig } from '../subgraphs/cmdb/config';
import { createCmdbServer } from '../subgraphs/cmdb/server';
import type { CmdbStore } from '../subgraphs/cmdb/store';
import { openCmdbStore } from '../subgraphs/cmdb/store/open';
import { DEFAULT_SLA_TARGETS, type SlaTargets } from '../subgraphs/tickets/domain';
import { cmdbItemDirectory } from '../subgraphs/tickets/items';
import { createTicketsServer } from '../subgraphs/tickets/server';
import type { TicketStore } from '../subgraphs/tickets/store';
import { openTicketStore } from '../subgraphs/tickets/store/open';
import type { RunningServer } from '../platform/subgraph-server';

export interface HubOptions {
  dataDir: string;
  databaseUrl?: string;
  neo4j?: CmdbConfig['neo4j'];
  /** 0 picks free ports (tests). */
  ports?: { gateway: number; tickets: number; cmdb: number };
  internalSecret?: string;
  apiTokens?: ApiToken[];
  limits?: Partial<Limits>;
  slaTargets?: SlaTargets;
  introspection?: boolean;
  /** Default true (gateway/single-subgraph.ts). */
  singleSubgraphShortcut?: boolean;
  /** Stores opened by the caller (tests that observe them); the hub then leaves closing them to the caller. */
  stores?: { cmdb?: CmdbStore; tickets?: TicketStore };
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
  stop(): Promise<void>;
}

export async function startHub(options: HubOptions): Promise<Hub> {
  const ports = options.ports ?? { gateway: 0, tickets: 0, cmdb: 0 };
  // Only this process's gateway may call the subgraphs.
  const internalSecret = options.internalSecret ?? randomBytes(24).toString('base64url');
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch((error) => console.error('hub: stop failed', error));
  };
  try {
    const [cmdbStore, ticketStore] = await Promise.all([
      options.stores?.cmdb ?? openCmdbStore({ neo4j: options.neo4j ?? null, databaseUrl: options.databaseUrl, dataDir: options.dataDir }),
      options.stores?.tickets ?? openTicketStore({ databaseUrl: options.databaseUrl, dataDir: options.dataDir }),
    ]);
    if (!options.stores?.cmdb) stops.push(() => cmdbStore.close());
    if (!options.stores?.tickets) stops.push(() => ticketStore.close());

    const cmdb = createCmdbServer({ store: cmdbStore, internalSecret, introspection: options.introspection });
    const cmdbUrl = await cmdb.start(ports.cmdb);
    stops.push(() => cmdb.stop());

    const tickets = createTicketsServer({
      store: ticketStore,
      items: cmdbItemDirectory(() => cmdbUrl, internalSecret),
      slaTargets: options.slaTargets ?? DEFAULT_SLA_TARGETS,
      internalSecret,
      introspection: options.introspection,
    });
    const ticketsUrl = await tickets.start(ports.tickets);
    stops.push(() => tickets.stop());

    const gateway = createGatewayServer({
      supergraphSdl: readFileSync(SUPERGRAPH_FILE, 'utf8'),
      subgraphUrls: { cmdb: cmdbUrl, tickets: ticketsUrl },
      internalSecret,
      apiTokens: options.apiTokens ?? [],
      limits: { ...DEFAULT_LIMITS, ...options.limits },
      introspection: options.introspection ?? true,
      singleSubgraphShortcut: options.singleSubgraphShortcut,
    });
    const gatewayUrl = await gateway.start(ports.gateway);
    stops.push(() => gateway.stop());

    return { gatewayUrl, cmdbUrl, ticketsUrl, cmdbStore, ticketStore, gateway, cmdb, tickets, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
