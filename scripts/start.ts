/**
 * `npm start`: the whole hub in one process. With no database configured it
 * runs on embedded stores under DATA_DIR and loads the demo company; with
 * NEO4J_URI / DATABASE_URL it runs on the real servers.
 */
import { EnvReader, redact } from '../platform/config';
import { graphqlClient } from '../platform/graphql-client';
import { readGatewayConfig } from '../gateway/config';
import { readCmdbConfig } from '../subgraphs/cmdb/config';
import { readTicketsConfig } from '../subgraphs/tickets/config';
import { loadDemo } from './demo';
import { startHub } from './hub';
import { runService } from '../platform/service';

const EXAMPLES = `
Try these in any GraphQL client (or with curl):

  # What breaks if core-sw-1 fails? (the id comes from the first query)
  query { configurationItemByExternalId(externalId: "core-sw-1") { id name } }
  query Impact($id: ID!) {
    configurationItem(id: $id) {
      name
      impact(depth: 6) { totalCount businessServices { name criticality } items { distance item { name ciClass openIncidents { number priority } } } }
    }
  }

  # Open incidents, newest changes first, for a BI pull
  query { tickets(first: 20, filter: { types: [INCIDENT] }) { totalCount edges { node { number title priority status slaBreached affectedItems { name } } } } }

  # The planned change and its blast radius
  query { tickets(filter: { types: [CHANGE] }) { edges { node { number title ... on ChangeRequest { blastRadius { totalCount businessServices { name } } } } } } }
`;

runService(async () => {
  const problems: string[] = [];
  const configs = [readGatewayConfig, readCmdbConfig, readTicketsConfig].map((read) => {
    try {
      return read();
    } catch (error) {
      problems.push((error as Error).message);
      return undefined;
    }
  });
  const seed = new EnvReader();
  const seedDemo = seed.boolean('SEED_DEMO', true);
  problems.push(...seed.problems);
  if (problems.length) throw new Error(problems.join('\n'));
  const [gateway, cmdb, tickets] = configs as [ReturnType<typeof readGatewayConfig>, ReturnType<typeof readCmdbConfig>, ReturnType<typeof readTicketsConfig>];

  const hub = await startHub({
    dataDir: cmdb.dataDir,
    databaseUrl: tickets.databaseUrl,
    neo4j: cmdb.neo4j,
    ports: { gateway: gateway.port, tickets: tickets.port, cmdb: cmdb.port },
    internalSecret: gateway.internalSecret ?? undefined,
    apiTokens: gateway.apiTokens,
    limits: gateway.limits,
    slaTargets: tickets.slaTargets,
    introspection: gateway.introspection,
  });
  const stores = [
    `CMDB on ${hub.cmdbStore.backend}${cmdb.neo4j ? ` (${cmdb.neo4j.uri})` : cmdb.databaseUrl ? ` (${redact(cmdb.databaseUrl)})` : ` (${cmdb.dataDir}/cmdb)`}`,
    `tickets on ${hub.ticketStore.backend}${tickets.databaseUrl ? ` (${redact(tickets.databaseUrl)})` : ` (${tickets.dataDir}/tickets)`}`,
  ];
  console.log(`ITSM hub: ${stores.join(', ')}`);
  if (seedDemo) {
    const token = gateway.apiTokens.find((t) => t.role === 'write');
    const client = graphqlClient(hub.gatewayUrl, token ? { authorization: `Bearer ${token.token}` } : {});
    await loadDemo((query, variables) => client.call(query, variables));
  }
  const publicUrl = `http://localhost:${gateway.port}/graphql`;
  console.log(`\nGraphQL at ${publicUrl}  (subscriptions: ws://localhost:${gateway.port}/graphql)`);
  console.log(`Health at http://localhost:${gateway.port}/healthz and /readyz`);
  console.log(EXAMPLES);

  return hub;
});
