/**
 * Outage simulation through the real gateway: the contract part's golden `Outage` operation, sent
 * unmodified, on the embedded stores; and the CMDB's internal questions for the tickets subgraph,
 * answered to the subgraph's own callers and hidden from the public API.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INTERNAL_SECRET_HEADER } from '../platform/subgraph-server';
import { CONTRACT_DIR, SMALL_TOPOLOGY, startTestHub, type TestHub } from './support/hub';

const PART_OPERATIONS = readFileSync(join(CONTRACT_DIR, 'parts', 'change-and-problem.operations.graphql'), 'utf8');

describe('outage simulation through the gateway', () => {
  let hub: TestHub;
  const id: Record<string, string> = {};

  async function partOperation(name: string, variables: Record<string, unknown>) {
    const response = await fetch(hub.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: PART_OPERATIONS, operationName: name, variables }),
    });
    return (await response.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
  }

  beforeAll(async () => {
    hub = await startTestHub();
    // The web tier survives while one of its two dependencies (api, vm-1) is up.
    const items = SMALL_TOPOLOGY.items.map((item) => (item.externalId === 'app-web' ? { ...item, minimumAvailable: 1 } : item));
    Object.assign(id, await hub.importTopology({ items, relationships: SMALL_TOPOLOGY.relationships }));
  }, 180_000);

  afterAll(async () => {
    await hub?.destroy();
  });

  it('runs the golden Outage operation: what goes down, what only degrades, and which services', async () => {
    const { data, errors } = await partOperation('Outage', { ids: [id['vm-2'], 'no-such-item'] });
    expect(errors).toBeUndefined();
    const report = data.outageSimulation;
    expect(report.roots).toEqual([{ id: id['vm-2'], name: 'vm-2' }]);
    expect([report.downCount, report.degradedCount, report.truncated]).toEqual([3, 2, false]);
    expect(
      report.items.map((entry: any) => [entry.item.name, entry.state, entry.distance, entry.downDependencies.map((d: any) => d.name)]),
    ).toEqual([
      ['api', 'DOWN', 1, ['main db', 'vm-2']],
      ['main db', 'DOWN', 1, ['vm-2']],
      ['Payments', 'DOWN', 2, ['api']],
      ['web', 'DEGRADED', 2, ['api']],
      ['Shop', 'DEGRADED', 3, []],
    ]);
    expect(report.items[3].item).toEqual({ id: id['app-web'], name: 'web', ciClass: 'APPLICATION', minimumAvailable: 1 });
    expect(report.businessServicesDown).toEqual([{ id: id['svc-pay'], name: 'Payments', criticality: 'HIGH' }]);
    expect(report.businessServicesDegraded).toEqual([{ id: id['svc-shop'], name: 'Shop', criticality: 'CRITICAL' }]);
  });

  it('truncates items at limit but still counts everything and names every service', async () => {
    const { data } = await partOperation('Outage', { ids: [id['vm-2']], types: null, limit: 2 });
    expect(data.outageSimulation.truncated).toBe(true);
    expect(data.outageSimulation.items.map((entry: any) => entry.item.name)).toEqual(['api', 'main db']);
    expect(data.outageSimulation.businessServicesDegraded.map((s: any) => s.name)).toEqual(['Shop']);
  });

  it('is BAD_USER_INPUT for no items and for a limit out of range', async () => {
    for (const variables of [{ ids: [] }, { ids: [id['vm-2']], limit: 0 }, { ids: [id['vm-2']], limit: 10_001 }]) {
      const { data, errors } = await partOperation('Outage', variables);
      expect(data).toBeNull();
      expect(errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  it('hides the internal fields from the public API and answers them to callers with the internal secret', async () => {
    const query = /* GraphQL */ `query ($roots: [ID!]!, $candidates: [ID!]!) { itemsRelyingOn(rootIds: $roots, candidateIds: $candidates) }`;
    const variables = { roots: [id['vm-2']], candidates: [id['svc-shop'], id['vm-1'], id['app-api']] };
    const viaGateway = await hub.client.raw(query, variables);
    expect(viaGateway.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');

    const response = await fetch(hub.cmdbUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [INTERNAL_SECRET_HEADER]: hub.config.cmdb.internalSecret! },
      body: JSON.stringify({
        query: /* GraphQL */ `query ($roots: [ID!]!, $candidates: [ID!]!, $sets: [[ID!]!]!) {
          itemsRelyingOn(rootIds: $roots, candidateIds: $candidates)
          businessServicesReached(itemSets: $sets, depth: 5)
          probableCauseCandidates(itemSets: $sets, depth: 5, first: 3) { itemId sets impactSize }
        }`,
        variables: { ...variables, sets: [[id['app-web']], [id['app-api']], []] },
      }),
    }).then((r) => r.json() as Promise<{ data: any; errors?: unknown[] }>);
    expect(response.errors).toBeUndefined();
    expect(response.data.itemsRelyingOn).toEqual([id['svc-shop'], id['app-api']]);
    expect(response.data.businessServicesReached).toEqual([[id['svc-shop']], [id['svc-pay'], id['svc-shop']], []]);
    // web relies on api; both sets are explained by api and by everything api relies on, api being the most specific.
    expect(response.data.probableCauseCandidates[0]).toEqual({ itemId: id['app-api'], sets: [0, 1], impactSize: 3 });
  });
});
