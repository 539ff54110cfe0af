/**
 * `TraversalReport.edges` through the real gateway: the contract part's golden `ImpactPicture`
 * operation (clients.operations.graphql), sent unmodified, on the embedded stores and again on
 * the real servers (PostgreSQL, and a private Neo4j for the CMDB when HUB_TEST_NEO4J=true).
 * The expected edges are worked out here from the topology as the contract words them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { backendOptions, CONTRACT_DIR, SMALL_TOPOLOGY, startTestHub, type Backend, type TestHub } from './support/hub';
import { postgresSuitesRun } from './support/postgres';

const PART_OPERATIONS = readFileSync(join(CONTRACT_DIR, 'parts', 'clients.operations.graphql'), 'utf8');
const backends: Backend[] = postgresSuitesRun() ? ['embedded', 'servers'] : ['embedded'];

interface Edge {
  source: string;
  target: string;
  type: string;
}

/** Code point order, as the contract orders edges (ids here are ASCII, but say what is meant). */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

describe.each(backends)('the impact picture through the gateway (%s stores)', (backend) => {
  let hub: TestHub;
  let cleanup: () => Promise<void>;
  const id: Record<string, string> = {};

  async function picture(variables: Record<string, unknown>) {
    const response = await fetch(hub.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: PART_OPERATIONS, operationName: 'ImpactPicture', variables }),
    });
    const body = (await response.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
    return body;
  }

  /** The topology's relationships among `ids` of `types` (null: all), in the contract's order. */
  function expectedEdges(ids: string[], types: string[] | null): Edge[] {
    const among = new Set(ids);
    return SMALL_TOPOLOGY.relationships
      .map((r) => ({ source: id[r.sourceExternalId], target: id[r.targetExternalId], type: r.type }))
      .filter((e) => among.has(e.source) && among.has(e.target) && (!types || types.includes(e.type)))
      .sort((a, b) => byCodePoint(a.source, b.source) || byCodePoint(a.target, b.target) || byCodePoint(a.type, b.type));
  }

  beforeAll(async () => {
    const selected = await backendOptions(backend);
    cleanup = selected.cleanup;
    hub = await startTestHub(selected.options);
    Object.assign(id, await hub.importTopology());
  }, 15 * 60_000);

  afterAll(async () => {
    await hub?.destroy();
    await cleanup?.();
  });

  it('draws every relationship among the root and the listed items, once, by source, target, type (golden ImpactPicture)', async () => {
    const { data, errors } = await picture({ id: id['vm-2'], depth: 2 });
    expect(errors).toBeUndefined();
    const report = data.configurationItem.impact;
    expect(report.root).toEqual([{ id: id['vm-2'], name: 'vm-2', ciClass: 'VIRTUAL_MACHINE' }]);
    expect(report.items.map((reached: any) => [reached.item.name, reached.distance])).toEqual([
      ['api', 1], ['main db', 1], ['Payments', 2], ['web', 2],
    ]);
    const ends = [id['vm-2'], ...report.items.map((reached: any) => reached.item.id)];
    // Five relationships, one of them (api relies on main db) between two items at distance 1.
    expect(report.edges).toHaveLength(5);
    expect(report.edges).toEqual(expectedEdges(ends, null));
  });

  it('draws the whole topology from its bottom, with no edge twice', async () => {
    const { data } = await picture({ id: id['sw-1'], depth: 10 });
    const report = data.configurationItem.impact;
    expect(report.totalCount).toBe(SMALL_TOPOLOGY.items.length - 2); // all but sw-1 itself and san-1, which relies on nothing
    const ends = [id['sw-1'], ...report.items.map((reached: any) => reached.item.id)];
    expect(report.edges).toEqual(expectedEdges(ends, null));
    expect(new Set(report.edges.map((e: Edge) => `${e.source} ${e.target} ${e.type}`)).size).toBe(report.edges.length);
  });

  it('keeps to the walked types and to the items listed after limit', async () => {
    const runsOn = (await picture({ id: id['vm-2'], depth: 5, types: ['RUNS_ON'] })).data.configurationItem.impact;
    expect(runsOn.items.map((reached: any) => reached.item.name)).toEqual(['api', 'main db']);
    expect(runsOn.edges).toEqual(expectedEdges([id['vm-2'], id['app-api'], id['db-main']], ['RUNS_ON']));
    expect(runsOn.edges).toHaveLength(2);

    const limited = (await picture({ id: id['vm-2'], depth: 5, limit: 1 })).data.configurationItem.impact;
    expect([limited.totalCount, limited.truncated]).toEqual([5, true]);
    expect(limited.items.map((reached: any) => reached.item.name)).toEqual(['api']);
    expect(limited.edges).toEqual([{ source: id['app-api'], target: id['vm-2'], type: 'RUNS_ON' }]);
  });

  it('gives a retired root no edges', async () => {
    const { data, errors } = await picture({ id: id['san-1'], depth: 1 });
    expect(errors).toBeUndefined();
    expect(data.configurationItem.impact.edges).toHaveLength(2);
    await hub.client.call(/* GraphQL */ `mutation ($id: ID!) { retireConfigurationItem(id: $id) { lifecycle } }`, { id: id['san-1'] });
    const retired = (await picture({ id: id['san-1'], depth: 1 })).data.configurationItem.impact;
    expect(retired.items.map((reached: any) => reached.item.name)).toEqual(['host-1', 'main db']);
    expect(retired.edges).toEqual([]);
  });

  it('refuses a depth out of range as BAD_USER_INPUT', async () => {
    const { errors } = await picture({ id: id['vm-2'], depth: 11 });
    expect(errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
