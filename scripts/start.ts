/**
 * `npm start`: the whole hub in one process. With no database configured it
 * runs on embedded stores under DATA_DIR and loads the demo company; with
 * NEO4J_URI / DATABASE_URL it runs on the real servers.
 */
import { ConfigError, EnvReader, redact } from '../platform/config';
import { graphqlClient } from '../platform/graphql-client';
import { setLogLevel } from '../platform/logger';
import { runService } from '../platform/service';
import { startTelemetry } from '../platform/telemetry';
import { demoReadiness, discardInterruptedDemo, writeDemoState } from './demo-marker';
import { findChangeAndProblemDemo, findServiceLevelDemo, loadDemo, SERVICE_LEVEL_DEMO } from './demo';
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
    ...(await changeAndProblemExamples(call)),
    ...(await serviceLevelExamples(call)),
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

/**
 * Ready-to-paste queries on the demo's change and problem management (see CHANGE_AND_PROBLEM_DEMO):
 * each printed only when the stores hold what it needs.
 */
export async function changeAndProblemExamples(call: Call): Promise<string[]> {
  const demo = await findChangeAndProblemDemo(call);
  const ids = (values: string[]) => `[${values.map((value) => JSON.stringify(value)).join(', ')}]`;
  const lines: string[] = [];
  if (demo.webServerIds) {
    lines.push(
      '  # One web server of four fails: the web pool needs three, so the shop only degrades (add the second id to take it down)',
      `  query { outageSimulation(itemIds: ${ids(demo.webServerIds.slice(0, 1))}) { downCount degradedCount items { state distance item { name minimumAvailable } downDependencies { name } } businessServicesDown { name } businessServicesDegraded { name } } }`,
      `  # ...and two of four: ${ids(demo.webServerIds)}`,
      '',
    );
  }
  if (demo.changeIds) {
    lines.push(
      '  # Two changes whose windows collide on shared business services: conflicts and risk, every factor shown',
      `  query { ticket(id: ${JSON.stringify(demo.changeIds[0])}) { number title ... on ChangeRequest { plannedStart plannedEnd conflicts { change { number title plannedStart plannedEnd } sharedItems { name } sharedBusinessServices { name } } risk { level score businessServicesDown businessServicesDegraded criticalServicesDown openMajorIncidents conflicts } } } }`,
      `  # The other one: ticket(id: ${JSON.stringify(demo.changeIds[1])}); and the week's change calendar:`,
      `  query { changeCalendar(from: ${JSON.stringify(new Date(Date.now() - 86_400_000).toISOString())}, to: ${JSON.stringify(new Date(Date.now() + 6 * 86_400_000).toISOString())}) { number title plannedStart plannedEnd risk { level score } } }`,
      '',
    );
  }
  if (demo.problemId) {
    lines.push(
      '  # A problem with a known error, and the incidents linked to it',
      `  query { ticket(id: ${JSON.stringify(demo.problemId)}) { number title status ... on Problem { knownError rootCause workaround incidents { number title status affectedItems { name } } } } }`,
      '',
    );
  }
  if (demo.clusterIncidentIds) {
    lines.push(
      '  # What do these open incidents have in common? The most specific shared dependency first',
      `  query { probableCauses(incidentIds: ${ids(demo.clusterIncidentIds)}) { coverage impactSize item { name ciClass } incidents { number title } } }`,
      '',
    );
  }
  return lines;
}

/**
 * Ready-to-paste queries on the demo's service levels, catalog and knowledge (see SERVICE_LEVEL_DEMO):
 * each printed only when the stores hold what it needs.
 */
export async function serviceLevelExamples(call: Call): Promise<string[]> {
  const demo = await findServiceLevelDemo(call);
  const lines: string[] = [
    '  # The service catalog: offerings by category, with their business service and fulfilment target',
    '  query { serviceCatalog { id name category fulfilmentHours businessService { name criticality } } }',
    '',
  ];
  if (demo.offeringId) {
    lines.push(
      '  # Request an offering: a REQ due in the offering\'s fulfilment hours',
      `  mutation { requestService(input: { offeringId: ${JSON.stringify(demo.offeringId)}, requestedFor: "you@example.com" }) { number title priority slaDueAt offering { name fulfilmentHours } affectedItems { name } } }`,
      '',
    );
  }
  if (demo.pausedId) {
    lines.push(
      '  # An incident on hold: its resolution clock is stopped (slaPaused, no slaDueAt)',
      `  query { ticket(id: ${JSON.stringify(demo.pausedId)}) { number title status slaPaused slaDueAt slaElapsedPercent respondedAt responseDueAt } }`,
      '',
    );
  }
  if (demo.unansweredId) {
    lines.push(
      '  # A P1 nobody has answered: its 15-minute response target is long gone',
      `  query { ticket(id: ${JSON.stringify(demo.unansweredId)}) { number title priority createdAt respondedAt responseDueAt responseBreached slaDueAt slaElapsedPercent } }`,
      '',
    );
  }
  lines.push(
    '  # Knowledge: full-text search in web search syntax, published articles only',
    `  query { searchKnowledge(query: ${JSON.stringify(SERVICE_LEVEL_DEMO.searchQuery)}) { rank snippet article { number title items { name } } } }`,
    '',
  );
  if (demo.helpedIncidentId) {
    lines.push(
      '  # Articles that may help with an incident: its problem\'s, its items\', then those of what its items rely on',
      `  query { ticket(id: ${JSON.stringify(demo.helpedIncidentId)}) { number title ... on Incident { suggestedArticles { number title items { name } } affectedItems { name knowledgeArticles { number title } } } } }`,
      '',
    );
  }
  return lines;
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
  await startTelemetry('hub', config.gateway.telemetry);
  const { cmdb, tickets } = config;
  const cmdbAt = cmdb.neo4j ? `Neo4j at ${redact(cmdb.neo4j.uri)}` : cmdb.databaseUrl ? `PostgreSQL at ${redact(cmdb.databaseUrl)}` : `PGlite in ${cmdb.dataDir}/cmdb`;
  const ticketsAt = tickets.databaseUrl ? `PostgreSQL at ${redact(tickets.databaseUrl)}` : `PGlite in ${tickets.dataDir}/tickets`;
  print(`ITSM hub: checking ports, then opening the stores (CMDB: ${cmdbAt}; tickets: ${ticketsAt})`);
  const dataDir = cmdb.dataDir;
  const embedded = !cmdb.neo4j && !cmdb.databaseUrl && !tickets.databaseUrl && !config.knowledge.databaseUrl;
  const discarded = config.seedDemo ? discardInterruptedDemo(dataDir, embedded) : null;
  if (discarded) print(`ITSM hub: ${discarded}`);
  // /readyz stays down until the demo is in (or known not to be loaded).
  const demoGate = config.seedDemo ? demoReadiness() : null;
  const hub = await startHub(config, demoGate ? { readiness: [demoGate.check] } : {});
  const port = hub.config.gateway.port;
  // The demo load imports items and incidents, which takes the admin scope.
  const token = config.gateway.apiTokens.find((t) => t.scopes.has('admin'));
  const client = graphqlClient(hub.gatewayUrl, token ? { authorization: `Bearer ${token.token}` } : {});
  const call: Call = (query, variables) => client.call(query, variables);
  let banner: string;
  try {
    print(`ITSM hub: stores open; services listening on ports ${port} (gateway), ${hub.config.cmdb.port} (CMDB), ${hub.config.tickets.port} (tickets), ${hub.config.knowledge.port} (knowledge)`);
    // Behind OIDC or static tokens, this process can call the hub only with a static admin token of its own.
    const authRequired = config.gateway.apiTokens.length > 0 || config.gateway.oidc !== null;
    const mayCall = !authRequired || token !== undefined;
    if (config.seedDemo && mayCall) {
      const loaded = await loadDemo(call, (line) => print(`ITSM hub: ${line}`), () => writeDemoState(dataDir, 'loading'));
      if (loaded) writeDemoState(dataDir, 'loaded');
      else print('ITSM hub: the stores already hold data; no demo loaded');
    } else if (config.seedDemo) {
      print('ITSM hub: no demo loaded: loading it takes a static API token with the admin scope (API_TOKENS=name:token:admin)');
    }
    demoGate?.done();
    banner = mayCall ? await examples(call, port, authRequired) : 'Every request needs a bearer token: see docs/security.md.';
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
