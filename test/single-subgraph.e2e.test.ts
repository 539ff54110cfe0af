/**
 * The gateway's single-subgraph shortcut (gateway/single-subgraph.ts) must be
 * invisible: every golden query, good and bad, gets byte for byte the answer
 * of a second gateway on the same subgraphs with the shortcut off, and only
 * single-fetch queries take it.
 */
import { readFileSync } from 'node:fs';
import { SUPERGRAPH_FILE } from '../schema/compose';
import { readGatewayConfig } from '../gateway/config';
import { createGatewayServer, type GatewayServer } from '../gateway/server';
import { postGraphQL, type GraphQLRequest } from '../platform/graphql-client';
import { GOLDEN_OPERATIONS, SMALL_TOPOLOGY, startTestHub, type TestHub } from './support/hub';

const INTERNAL_SECRET = 'single-subgraph-test-secret';

let hub: TestHub;
let planned: GatewayServer;
let plannedUrl: string;
const ids: Record<string, string> = {};
let incidentNumber: string;
let changeId: string;

async function post(url: string, body: GraphQLRequest): Promise<{ status: number; text: string }> {
  const { status, text } = await postGraphQL(url, body);
  return { status, text };
}

/** Sends `body` to both gateways; returns the shortcut gateway's answer after checking the other's is identical. */
async function bothAnswer(body: GraphQLRequest): Promise<{ status: number; json: any; shortcut: boolean }> {
  const before = hub.gateway.shortcutQueries;
  const fast = await post(hub.gatewayUrl, body);
  const shortcut = hub.gateway.shortcutQueries > before;
  const slow = await post(plannedUrl, body);
  expect(fast).toEqual(slow);
  return { status: fast.status, json: JSON.parse(fast.text), shortcut };
}

const golden = (operationName: string, variables: Record<string, unknown>) => bothAnswer({ query: GOLDEN_OPERATIONS, operationName, variables });

beforeAll(async () => {
  hub = await startTestHub({ env: { HUB_INTERNAL_SECRET: INTERNAL_SECRET } });
  planned = createGatewayServer({
    supergraphSdl: readFileSync(SUPERGRAPH_FILE, 'utf8'),
    config: readGatewayConfig({
      CMDB_URL: hub.cmdbUrl,
      TICKETS_URL: hub.ticketsUrl,
      HUB_INTERNAL_SECRET: INTERNAL_SECRET,
      SINGLE_SUBGRAPH_SHORTCUT: 'false',
      LOG_LEVEL: process.env.LOG_LEVEL,
    }),
  });
  plannedUrl = await planned.start(0);
  Object.assign(ids, await hub.importTopology());
  const { createIncident } = await hub.golden('OpenIncident', {
    input: { title: 'API down', impact: 'HIGH', urgency: 'HIGH', affectedItemIds: [ids['app-api'], ids['db-main']] },
  });
  incidentNumber = createIncident.number;
  await hub.golden('OpenIncident', { input: { title: 'no items', impact: 'LOW', urgency: 'LOW' } });
  const { createChangeRequest } = await hub.golden('OpenChange', {
    input: { title: 'Patch host-1', changeType: 'NORMAL', impact: 'MEDIUM', urgency: 'LOW', affectedItemIds: [ids['host-1']] },
  });
  changeId = createChangeRequest.id;
}, 120_000);

afterAll(async () => {
  await planned?.stop();
  await hub?.destroy();
});

describe('single-subgraph shortcut', () => {
  it.each([
    ['ItemByExternalId', () => ({ externalId: 'app-api' })],
    ['ListItems', () => ({ first: 3 })],
    ['ListItems', () => ({ filter: { ciClass: ['APPLICATION'] }, first: 5 })],
    ['Impact', () => ({ id: ids['host-1'], depth: 5 })],
    ['Impact', () => ({ id: ids['san-1'], depth: 2, types: ['STORED_ON'], limit: 2 })],
    ['Impact', () => ({ id: '00000000-0000-4000-8000-000000000000', depth: 3 })],
    ['Dependencies', () => ({ id: ids['svc-shop'], depth: 8 })],
    ['ImpactAnalysis', () => ({ ids: [ids['vm-1'], ids['db-main']], depth: 3 })],
  ])('answers %s from the CMDB alone, as the gateway would', async (operationName, variables) => {
    const { json, shortcut } = await golden(operationName, variables());
    expect(json.errors).toBeUndefined();
    expect(shortcut).toBe(true);
  });

  it('answers a ticket extract selecting only item ids from the tickets subgraph alone, with the count', async () => {
    const query = /* GraphQL */ `
      query Extract($first: Int, $after: String) {
        tickets(first: $first, after: $after) {
          ...Counted
          edges { cursor node { id number createdAt affectedItems { id } ... on Incident { priority } } }
        }
      }
      fragment Counted on TicketConnection { totalCount pageInfo { hasNextPage endCursor } }`;
    const { json, shortcut } = await bothAnswer({ query, variables: { first: 2 } });
    expect(shortcut).toBe(true);
    expect(json.data.tickets.totalCount).toBe(3);
    expect(json.data.tickets.edges).toHaveLength(2);
  });

  it.each([
    ['ImpactWithIncidents', () => ({ id: ids['host-1'], depth: 5 })],
    ['ChangeImpact', () => ({ id: changeId, depth: 5 })],
    ['TicketByNumber', () => ({ number: incidentNumber })],
    ['ItemTickets', () => ({ id: ids['app-api'] })],
    ['ExtractTickets', () => ({ first: 10 })],
  ])('leaves %s, which needs both subgraphs, to the query plan', async (operationName, variables) => {
    const { json, shortcut } = await golden(operationName, variables());
    expect(json.errors).toBeUndefined();
    expect(shortcut).toBe(false);
  });

  it.each([
    ['a depth out of range', 'Impact', () => ({ id: ids['host-1'], depth: 99 })],
    ['a malformed cursor', 'ListItems', () => ({ first: 3, after: 'not-a-cursor' })],
    ['a page too large', 'ListItems', () => ({ first: 5000 })],
  ])('reports %s with the same errors, paths and codes', async (_, operationName, variables) => {
    const { json } = await golden(operationName, variables());
    expect(json.errors?.length).toBeGreaterThan(0);
  });

  it('leaves introspection to the gateway, which answers it from the supergraph', async () => {
    const { json, shortcut } = await bothAnswer({ query: '{ __type(name: "ConfigurationItem") { name kind } configurationItems(first: 1) { totalCount } }' });
    expect(shortcut).toBe(false);
    expect(json.data.__type.name).toBe('ConfigurationItem');
  });

  it('sends only the chosen operation and its fragments, so sibling operations for the other subgraph do not matter', async () => {
    const query = /* GraphQL */ `
      query Mine { configurationItems(first: 1) { ...Page } }
      query Other { tickets(first: 1) { ...Count } }
      fragment Page on ConfigurationItemConnection { totalCount }
      fragment Count on TicketConnection { totalCount }`;
    const { json, shortcut } = await bothAnswer({ query, operationName: 'Mine' });
    expect(shortcut).toBe(true);
    expect(json.data.configurationItems.totalCount).toBe(SMALL_TOPOLOGY.items.length);
  });
});
