/**
 * Hive Gateway (The Guild's federation gateway, MIT), the benches' reference: its CLI in a process
 * of its own, from bench/peers/ (its own package.json and lock file, never in the hub's
 * dependencies), with bench/peers/gateway.config.mjs: the hub's supergraph, the subgraphs where the
 * caller started them, and `Subscription.ticketEvents` taken from the tickets subgraph over
 * graphql-ws. bench/peers.ts sends it queries (also planned by the Rust planner), bench/subscriptions.ts
 * subscribes to it.
 *
 * Clients subscribe to the returned URL over graphql-ws (the CLI serves it on its GraphQL endpoint)
 * or SSE. Each event Hive receives from the tickets subgraph is completed by Hive itself: the
 * payload's `affectedItems { externalId name criticality }` is fetched from the CMDB subgraph
 * (`_entities`) per event and per subscription, as Hive plans it.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { freePort, installPeers, PEERS_DIR, peerBin, peerVersion, processCpuMs, Service, serviceEnv, type SubgraphUrls } from './processes';

const CONFIG_FILE = join(PEERS_DIR, 'gateway.config.mjs');
const HIVE_PACKAGE = '@graphql-hive/gateway';

export interface HiveOptions {
  /** How the bench names this gateway in its output; "Hive Gateway" when omitted. */
  name?: string;
  /** The hub's supergraph (schema/compose.ts SUPERGRAPH_FILE). */
  supergraphFile: string;
  subgraphs: SubgraphUrls;
  /** The secret the subgraphs require (a hub's `config.gateway.internalSecret`); null when they require none. */
  internalSecret: string | null;
  /** Plans with the Rust query planner (@graphql-hive/router-runtime) instead of the JavaScript one. */
  routerRuntime?: boolean;
  /** Progress lines (install, start); nothing when omitted. */
  log?: (line: string) => void;
}

export interface HiveGateway {
  /** Hive's GraphQL endpoint, http://127.0.0.1:<port>/graphql; graphql-ws on the same path (ws://). */
  url: string;
  service: Service;
  /** `@graphql-hive/gateway <version>` as installed. */
  version: string;
  /** CPU time (user + system) Hive's process has used so far, ms; NaN once it is gone. */
  cpuMs(): number;
  /** SIGTERM, then SIGKILL if it has not exited within 10 seconds. */
  stop(): Promise<void>;
}

/** The bench's service environment, with the subgraphs where the caller started them. */
function hiveEnv(options: HiveOptions): NodeJS.ProcessEnv {
  return {
    ...serviceEnv(),
    // Hive's logger colours its lines otherwise, and its output ends up in error messages.
    NO_COLOR: '1',
    CMDB_URL: options.subgraphs.cmdb,
    TICKETS_URL: options.subgraphs.tickets,
    KNOWLEDGE_URL: options.subgraphs.knowledge,
    HIVE_BENCH_ROUTER_RUNTIME: String(options.routerRuntime ?? false),
    ...(options.internalSecret ? { HUB_INTERNAL_SECRET: options.internalSecret } : {}),
  };
}

/**
 * Installs bench/peers if needed and starts Hive Gateway's CLI on a free loopback port; resolves
 * once it answers `{ __typename }`, and fails with the tail of its output if it exits first or does
 * not answer within 90 seconds. The service goes into `started` as soon as it is spawned, so that a
 * caller starting several can stop those that came up when another fails.
 */
export async function startHiveGateway(options: HiveOptions, started: Service[] = []): Promise<HiveGateway> {
  const log = options.log ?? (() => undefined);
  const name = options.name ?? 'Hive Gateway';
  installPeers(name, log);
  const version = peerVersion(HIVE_PACKAGE);
  const port = await freePort();
  const args = [peerBin(HIVE_PACKAGE, 'hive-gateway'), 'supergraph', options.supergraphFile, '--config-path', CONFIG_FILE, '--port', String(port), '--host', '127.0.0.1'];
  const hive = new Service(name, process.execPath, args, { cwd: PEERS_DIR, env: hiveEnv(options) });
  started.push(hive);
  const url = `http://127.0.0.1:${port}/graphql`;
  const began = performance.now();
  await hive.waitUntilServing(url);
  log(`${name} ${version} serving ${url} (pid ${hive.pid}) in ${((performance.now() - began) / 1000).toFixed(1)} s`);
  return { url, service: hive, version: `${HIVE_PACKAGE} ${version}`, cpuMs: () => processCpuMs(hive.pid), stop: () => hive.stop() };
}
