/**
 * Identical subgraph queries in flight at once go out once (gateway/shared-fetches.ts), through
 * the real gateway on the embedded stores: the answers stay exactly those of requests sent one by
 * one, mutations and requests of different identities are never shared, and
 * SHARE_INFLIGHT_FETCHES=false sends every request.
 */
import { graphqlClient } from '../platform/graphql-client';
import { goldenClient, SMALL_TOPOLOGY, startTestHub, type TestHub } from './support/hub';

const CONCURRENT = 20;

async function seed(hub: TestHub, headers: Record<string, string> = {}): Promise<string> {
  const golden = goldenClient(hub.gatewayUrl, headers);
  await golden.call('ImportTopology', SMALL_TOPOLOGY);
  const { configurationItemByExternalId: configurationItem } = await golden.call('ItemByExternalId', { externalId: 'host-1' });
  await golden.call('OpenIncident', { input: { title: 'host-1 fans', impact: 'HIGH', urgency: 'HIGH', affectedItemIds: [configurationItem.id] } });
  return configurationItem.id;
}

describe('sharing identical subgraph requests in flight', () => {
  let hub: TestHub;
  let hostId: string;

  beforeAll(async () => {
    hub = await startTestHub({ env: { API_TOKENS: 'ops:ops-token:admin,wall:wall-token:read' } });
    hostId = await seed(hub, { authorization: 'Bearer ops-token' });
  }, 120_000);

  afterAll(() => hub?.destroy());

  it('answers concurrent identical queries with what one request alone answers, sending fewer subgraph requests', async () => {
    const golden = goldenClient(hub.gatewayUrl, { authorization: 'Bearer wall-token' });
    const alone = await golden.call('ImpactWithIncidents', { id: hostId, depth: 5 });
    expect(alone.configurationItem.impact.totalCount).toBeGreaterThan(3);

    const before = hub.gateway.subgraphFetches();
    const answers = await Promise.all(Array.from({ length: CONCURRENT }, () => golden.call('ImpactWithIncidents', { id: hostId, depth: 5 })));
    const after = hub.gateway.subgraphFetches();

    for (const answer of answers) expect(answer).toEqual(alone);
    expect(after.shared - before.shared).toBeGreaterThan(0);
    // Each answer takes two fetches (the CMDB's impact, then tickets for the incidents); shared
    // ones were answered without a request of their own.
    expect(after.sent - before.sent + (after.shared - before.shared)).toBe(2 * CONCURRENT);
  });

  it('never shares a request between two identities', async () => {
    const ops = goldenClient(hub.gatewayUrl, { authorization: 'Bearer ops-token' });
    const wall = goldenClient(hub.gatewayUrl, { authorization: 'Bearer wall-token' });
    const before = hub.gateway.subgraphFetches();
    await Promise.all([ops.call('Impact', { id: hostId, depth: 3 }), wall.call('Impact', { id: hostId, depth: 3 })]);
    const after = hub.gateway.subgraphFetches();
    expect(after.shared - before.shared).toBe(0);
    expect(after.sent - before.sent).toBe(2);
  });

  it('never shares a mutation: identical concurrent mutations each take effect', async () => {
    const ops = graphqlClient(hub.gatewayUrl, { authorization: 'Bearer ops-token' });
    const open = 'mutation { createIncident(input: { title: "same words", impact: LOW, urgency: LOW }) { id } }';
    const before = hub.gateway.subgraphFetches();
    const created = await Promise.all(Array.from({ length: 5 }, () => ops.call<{ createIncident: { id: string } }>(open)));
    const after = hub.gateway.subgraphFetches();
    expect(new Set(created.map((c) => c.createIncident.id)).size).toBe(5);
    expect(after.shared - before.shared).toBe(0);
  });
});

describe('SHARE_INFLIGHT_FETCHES=false', () => {
  let hub: TestHub;
  let hostId: string;

  beforeAll(async () => {
    hub = await startTestHub({ env: { SHARE_INFLIGHT_FETCHES: 'false' } });
    hostId = await seed(hub);
  }, 120_000);

  afterAll(() => hub?.destroy());

  it('sends every request', async () => {
    const golden = goldenClient(hub.gatewayUrl);
    const before = hub.gateway.subgraphFetches();
    await Promise.all(Array.from({ length: CONCURRENT }, () => golden.call('ImpactWithIncidents', { id: hostId, depth: 5 })));
    const after = hub.gateway.subgraphFetches();
    expect(after.shared - before.shared).toBe(0);
    expect(after.sent - before.sent).toBe(2 * CONCURRENT);
  });
});
