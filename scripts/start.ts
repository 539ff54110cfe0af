/**
 * `npm start`: the whole hub in one process. With no database configured it
 * runs on embedded stores under DATA_DIR and loads the demo company; with
 * NEO4J_URI / DATABASE_URL it runs on the real servers.
 */
import { ConfigError, EnvReader, redact } from '../platform/config';
import { graphqlClient } from '../platform/graphql-client';
import { setLogLevel } from '../platform/logger';
import { runService } from '../platform/service';
import { loadDemo } from './demo';
import { readHubConfig, startHub, type Hub, type HubConfig } from './hub';

type Call = (query: string, variables?: Record<string, unknown>) => Promise<Record<string, any>>;

/** Quotes `text` for a POSIX shell. */
function shellQuoted(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * Ready-to-paste queries with ids from the hub's own data (the demo's core switch when it is
 * there, else the first item), and one curl line that works as printed.
 */
export async function examples(call: Call, port: number, tokensRequired: boolean): Promise<string> {
  const found = await call(
    '{ core: configurationItemByExternalId(externalId: "core-sw-1") { id name } any: configurationItems(first: 1) { edges { node { id name } } } }',
  );
  const item: { id: string; name: string } | undefined = found.core ?? found.any.edges[0]?.node;
  const url = `http://localhost:${port}/graphql`;
  const lines = [`Try these in any GraphQL client at ${url}, or open that address in a browser:`, ''];
  if (item) {
    lines.push(
      `  # What breaks if ${item.name} fails, and which of those items already have open incidents?`,
      `  query { configurationItem(id: ${JSON.stringify(item.id)}) { name impact(depth: 6) { totalCount businessServices { name criticality } items { distance item { name ciClass openIncidents { number priority } } } } } }`,
      '',
    );
  } else {
    lines.push('  # Items by name (the stores are empty: import some with importConfigurationItems)', '  query { configurationItems(first: 20) { totalCount edges { node { id name ciClass } } } }', '');
  }
  lines.push(
    '  # Open incidents, for a BI pull',
    '  query { tickets(first: 20, filter: { types: [INCIDENT] }) { totalCount edges { node { number title priority status slaBreached affectedItems { name } } } } }',
    '',
    '  # Planned changes and their blast radius',
    '  query { tickets(filter: { types: [CHANGE] }) { edges { node { number title ... on ChangeRequest { blastRadius { totalCount businessServices { name } } } } } } }',
    '',
    `  # Live updates over graphql-ws at ws://localhost:${port}/graphql`,
    '  subscription { ticketEvents(filter: { priorities: [P1, P2] }) { sequence kind ticket { number status affectedItems { name criticality } } } }',
    '',
  );
  const query = item
    ? `{ configurationItem(id: ${JSON.stringify(item.id)}) { name impact(depth: 6) { totalCount businessServices { name } } } }`
    : '{ configurationItems(first: 5) { totalCount edges { node { id name } } } }';
  const auth = tokensRequired ? ' -H "authorization: Bearer $HUB_TOKEN"' : '';
  lines.push(
    tokensRequired ? 'From a shell (API_TOKENS is set: put one of its tokens in HUB_TOKEN first):' : 'From a shell:',
    `  curl -s ${url} -H 'content-type: application/json'${auth} -d ${shellQuoted(JSON.stringify({ query }))}`,
  );
  return lines.join('\n');
}

/** What `npm start` runs with: the three services' configurations, and whether to load the demo. */
export interface StartConfig extends HubConfig {
  /** SEED_DEMO: load the demo company into empty stores. */
  seedDemo: boolean;
}

/** Reads every variable `npm start` knows, reporting every problem at once. */
export function readStartConfig(env: NodeJS.ProcessEnv = process.env): StartConfig {
  const read = new EnvReader(env);
  const seedDemo = read.boolean('SEED_DEMO', true);
  let hub: HubConfig | undefined;
  try {
    hub = readHubConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    read.problems.unshift(...error.problems);
  }
  read.done('hub');
  return { ...hub!, seedDemo };
}

/**
 * What `npm start` runs (as a process, through `runService`): reads `env`, applies LOG_LEVEL,
 * starts the hub, loads the demo into empty stores and prints where to go through `print`.
 */
export async function startFromEnvironment(env: NodeJS.ProcessEnv = process.env, print: (text: string) => void = (text) => process.stdout.write(`${text}\n`)): Promise<Hub> {
  const config = readStartConfig(env);
  setLogLevel(config.gateway.logLevel);
  const { cmdb, tickets } = config;
  const cmdbAt = cmdb.neo4j ? `Neo4j at ${redact(cmdb.neo4j.uri)}` : cmdb.databaseUrl ? `PostgreSQL at ${redact(cmdb.databaseUrl)}` : `PGlite in ${cmdb.dataDir}/cmdb`;
  const ticketsAt = tickets.databaseUrl ? `PostgreSQL at ${redact(tickets.databaseUrl)}` : `PGlite in ${tickets.dataDir}/tickets`;
  print(`ITSM hub: checking ports, then opening the stores (CMDB: ${cmdbAt}; tickets: ${ticketsAt})`);
  const hub = await startHub(config);
  const port = hub.config.gateway.port;
  const token = config.gateway.apiTokens.find((t) => t.role === 'write');
  const client = graphqlClient(hub.gatewayUrl, token ? { authorization: `Bearer ${token.token}` } : {});
  const call: Call = (query, variables) => client.call(query, variables);
  let banner: string;
  try {
    print(`ITSM hub: stores open; services listening on ports ${port} (gateway), ${hub.config.cmdb.port} (CMDB), ${hub.config.tickets.port} (tickets), ${hub.config.knowledge.port} (knowledge)`);
    if (config.seedDemo) {
      const loaded = await loadDemo(call, (line) => print(`ITSM hub: ${line}`));
      if (!loaded) print('ITSM hub: the stores already hold data; no demo loaded');
    }
    banner = await examples(call, port, config.gateway.apiTokens.length > 0);
  } catch (error) {
    await hub.stop();
    throw error;
  }
  print(`\nGraphQL at http://localhost:${port}/graphql  (subscriptions: ws://localhost:${port}/graphql)`);
  print(`Health at http://localhost:${port}/healthz and /readyz. Stop with Ctrl-C or SIGTERM.\n`);
  print(banner);
  return hub;
}

if (require.main === module) runService('hub', () => startFromEnvironment());
