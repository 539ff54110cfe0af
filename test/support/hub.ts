/**
 * Starts the real hub (both subgraphs and the gateway, on free ports) on fresh
 * stores for one suite, and runs the contract's golden operations against it,
 * sent exactly as written in ../shared/contract/operations.graphql.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { graphqlClient, GraphQLRequestError, type GraphQLClient, type GraphQLResponse } from '../../platform/graphql-client';
import { EPHEMERAL_PORTS, readHubConfig, startHub, type Hub, type HubConfig, type HubExtras } from '../../scripts/hub';
import { startNeo4j } from '../../scripts/neo4j';
import { createTestDatabase, type TestDatabase } from './postgres';

export const CONTRACT_DIR = join(__dirname, '..', '..', '..', 'shared', 'contract');
export const GOLDEN_OPERATIONS = readFileSync(join(CONTRACT_DIR, 'operations.graphql'), 'utf8');

export type Backend = 'embedded' | 'servers';

/** Environment variables as the README documents them, e.g. `{ MAX_BODY_BYTES: '1048576' }`. */
export type TestEnv = Record<string, string | undefined>;

export interface TestHubOptions extends HubExtras {
  /** Read by the services' own config functions, over free ports, a fresh DATA_DIR and the run's LOG_LEVEL. */
  env?: TestEnv;
}

/**
 * The hub's configuration as the services read it from `env` (the same `readXConfig` functions as
 * `npm start`), on free ports, with `dataDir` and the run's LOG_LEVEL unless `env` says otherwise.
 */
export function testHubConfig(env: TestEnv = {}, dataDir?: string): HubConfig {
  return readHubConfig({ ...EPHEMERAL_PORTS, DATA_DIR: dataDir, LOG_LEVEL: process.env.LOG_LEVEL, ...env });
}

export interface TestHub extends Hub {
  dataDir: string;
  client: GraphQLClient;
  /** Runs the golden operation `name` (the whole contract document, selected by operationName). */
  golden<T = Record<string, any>>(name: string, variables?: Record<string, unknown>): Promise<T>;
  /** Runs the golden operation and returns the raw response, errors included. */
  goldenRaw(name: string, variables?: Record<string, unknown>): Promise<GraphQLResponse & { status: number }>;
  /** Imports a topology through the golden ImportTopology and returns each item's id by externalId. */
  importTopology(topology?: Topology): Promise<Record<string, string>>;
  /** Stops the hub and removes its data. */
  destroy(): Promise<void>;
}

/** The golden operations by name, sent as the whole contract document with an operationName. */
export function goldenClient(url: string, headers: Record<string, string> = {}) {
  const client = graphqlClient(url, headers);
  return {
    raw: (name: string, variables?: Record<string, unknown>) => client.raw(GOLDEN_OPERATIONS, variables, name),
    call: <T = Record<string, any>>(name: string, variables?: Record<string, unknown>) => client.call<T>(GOLDEN_OPERATIONS, variables, name),
  };
}

/**
 * Options for the backend under test: embedded PGlite in a temp folder, or
 * (servers) a fresh database on the machine's PostgreSQL and a private Neo4j
 * of this suite's own (Community has one user database, which suites running
 * side by side must not share).
 */
export async function backendOptions(backend: Backend): Promise<{ options: TestHubOptions; cleanup(): Promise<void> }> {
  if (backend === 'embedded') return { options: {}, cleanup: async () => undefined };
  const database: TestDatabase = await createTestDatabase('hub_e2e');
  const neo4j = process.env.HUB_TEST_NEO4J === 'true' ? await startNeo4j() : null;
  return {
    options: { env: { DATABASE_URL: database.url, NEO4J_URI: neo4j?.uri } },
    async cleanup() {
      await neo4j?.stop();
      await database.drop();
    },
  };
}

const TEST_HUB_OPTIONS = new Set(['env', 'stores', 'maxQueuedPerSubscriber']);

/** Names the DATA_DIR that global-setup leaves as a new embedded hub leaves it, for startTestHub to copy. */
export const TEMPLATE_DATA_DIR_ENV = 'HUB_TEST_TEMPLATE_DATA_DIR';

/**
 * A DATA_DIR as a hub on the embedded stores leaves it when it first starts: three PGlite databases,
 * initialized and migrated. Creating a PGlite database (its initdb) is most of a new hub's start, and
 * the same for every suite; a copy of this one starts in a fraction of the time.
 */
export async function createTemplateDataDir(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'hub-template-'));
  const hub = await startHub(testHubConfig({ LOG_LEVEL: process.env.LOG_LEVEL ?? 'error' }, dir));
  await hub.stop();
  return dir;
}

/** A fresh DATA_DIR for a hub: the template's copy when global-setup made one and the embedded stores are in use. */
export function freshDataDir(env: TestEnv = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'hub-e2e-'));
  const template = process.env[TEMPLATE_DATA_DIR_ENV];
  if (template && !env.DATABASE_URL) cpSync(template, dir, { recursive: true });
  return dir;
}

export async function startTestHub(options: TestHubOptions = {}, dataDir?: string): Promise<TestHub> {
  // Settings go in as environment variables now; an option of the old shape would otherwise be
  // ignored without a word, since the tests are not type-checked when they run.
  const unknown = Object.keys(options).filter((key) => !TEST_HUB_OPTIONS.has(key));
  if (unknown.length) throw new Error(`startTestHub: unknown options ${unknown.join(', ')}; pass settings as env: { VARIABLE: 'value' }`);
  const { env = {}, ...extras } = options;
  dataDir ??= freshDataDir(env);
  const hub = await startHub(testHubConfig(env, dataDir), extras);
  const client = graphqlClient(hub.gatewayUrl);
  const golden = goldenClient(hub.gatewayUrl);
  return {
    ...hub,
    dataDir,
    client,
    golden: golden.call,
    goldenRaw: golden.raw,
    async importTopology(topology = SMALL_TOPOLOGY) {
      await golden.call('ImportTopology', topology);
      const ids: Record<string, string> = {};
      for (const { externalId } of topology.items) {
        ids[externalId] = (await golden.call('ItemByExternalId', { externalId })).configurationItemByExternalId.id;
      }
      return ids;
    },
    async destroy() {
      await hub.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The `extensions.code` of the first error of a failed call. */
export async function errorCode(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof GraphQLRequestError) return error.code;
    throw error;
  }
  throw new Error('expected the operation to fail, it succeeded');
}

// A type alias, not an interface: it then fits the golden client's variables record.
export type Topology = {
  items: Array<{ externalId: string } & Record<string, unknown>>;
  relationships: Array<{ sourceExternalId: string; targetExternalId: string; type: string }>;
};

/** A small topology with known answers, by externalId. Relationships point from who relies to what is relied on. */
export const SMALL_TOPOLOGY = {
  items: [
    { externalId: 'svc-shop', name: 'Shop', ciClass: 'BUSINESS_SERVICE', criticality: 'CRITICAL', owner: 'shop-team' },
    { externalId: 'svc-pay', name: 'Payments', ciClass: 'BUSINESS_SERVICE', criticality: 'HIGH', owner: 'pay-team' },
    { externalId: 'app-web', name: 'web', ciClass: 'APPLICATION', environment: 'PRODUCTION' },
    { externalId: 'app-api', name: 'api', ciClass: 'APPLICATION', environment: 'PRODUCTION' },
    { externalId: 'db-main', name: 'main db', ciClass: 'DATABASE', criticality: 'CRITICAL', attributes: { engine: 'postgresql' } },
    { externalId: 'vm-1', name: 'vm-1', ciClass: 'VIRTUAL_MACHINE' },
    { externalId: 'vm-2', name: 'vm-2', ciClass: 'VIRTUAL_MACHINE' },
    { externalId: 'host-1', name: 'host-1', ciClass: 'SERVER' },
    { externalId: 'sw-1', name: 'sw-1', ciClass: 'NETWORK_DEVICE' },
    { externalId: 'san-1', name: 'san-1', ciClass: 'STORAGE' },
  ],
  relationships: [
    { sourceExternalId: 'svc-shop', targetExternalId: 'app-web', type: 'DEPENDS_ON' },
    { sourceExternalId: 'svc-pay', targetExternalId: 'app-api', type: 'DEPENDS_ON' },
    { sourceExternalId: 'app-web', targetExternalId: 'app-api', type: 'DEPENDS_ON' },
    { sourceExternalId: 'app-web', targetExternalId: 'vm-1', type: 'RUNS_ON' },
    { sourceExternalId: 'app-api', targetExternalId: 'vm-2', type: 'RUNS_ON' },
    { sourceExternalId: 'app-api', targetExternalId: 'db-main', type: 'DEPENDS_ON' },
    { sourceExternalId: 'db-main', targetExternalId: 'vm-2', type: 'RUNS_ON' },
    { sourceExternalId: 'db-main', targetExternalId: 'san-1', type: 'STORED_ON' },
    { sourceExternalId: 'vm-1', targetExternalId: 'host-1', type: 'HOSTED_ON' },
    { sourceExternalId: 'vm-2', targetExternalId: 'host-1', type: 'HOSTED_ON' },
    { sourceExternalId: 'host-1', targetExternalId: 'sw-1', type: 'CONNECTS_TO' },
    { sourceExternalId: 'host-1', targetExternalId: 'san-1', type: 'STORED_ON' },
  ],
};
