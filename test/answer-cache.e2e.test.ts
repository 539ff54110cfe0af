/**
 * The gateway's answer cache (gateway/answer-cache.ts), through the real gateway and the real CMDB
 * subgraph on each backend the CMDB runs on: a repeated CMDB-only query is answered without asking
 * the CMDB, and a committed CMDB write between two identical queries changes the second answer.
 * Identical misses in flight compute once, answers with errors are never kept, callers with other
 * scopes or another name never share an answer, ANSWER_CACHE_MB=0 keeps nothing, and a counter that
 * cannot be read sends the query uncached. Across two gateways: replicas.e2e.test.ts.
 */
import { INTERNAL_SECRET_HEADER } from '../platform/subgraph-server';
import { openPglite, type SqlDatabase } from '../platform/sql';
import { startNeo4j, type Neo4jInstance } from '../scripts/neo4j';
import { openSqlCmdbStore } from '../subgraphs/cmdb/store/sql';
import { GOLDEN_OPERATIONS, goldenClient, SMALL_TOPOLOGY, startTestHub, type TestHub } from './support/hub';
import { createTestDatabase, postgresSuitesRun, type TestDatabase } from './support/postgres';

type CmdbBackend = 'PGlite' | 'PostgreSQL' | 'Neo4j';

const backends: CmdbBackend[] = ['PGlite'];
if (postgresSuitesRun()) backends.push('PostgreSQL');
if (postgresSuitesRun() && process.env.HUB_TEST_NEO4J === 'true') backends.push('Neo4j');

/** Counts the requests the CMDB subgraph receives on `/graphql` (the answer cache's `/change-count` apart). */
function countCmdbQueries(hub: TestHub): () => number {
  let queries = 0;
  hub.cmdb.httpServer.on('request', (request) => {
    if (request.url?.startsWith('/graphql')) queries++;
  });
  return () => queries;
}

async function idsOf(hub: TestHub): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const { externalId } of SMALL_TOPOLOGY.items) {
    ids[externalId] = (await hub.golden('ItemByExternalId', { externalId })).configurationItemByExternalId.id;
  }
  return ids;
}

const namesOf = (answer: any): string[] => answer.configurationItem.impact.items.map((i: any) => i.item.name).sort();

describe.each(backends)('the gateway answer cache (CMDB on %s)', (backend) => {
  let hub: TestHub;
  let database: TestDatabase | undefined;
  let neo4j: Neo4jInstance | undefined;
  let ids: Record<string, string>;
  let cmdbQueries: () => number;

  beforeAll(async () => {
    if (backend !== 'PGlite') database = await createTestDatabase('answer_cache');
    if (backend === 'Neo4j') neo4j = await startNeo4j();
    hub = await startTestHub({ env: { DATABASE_URL: database?.url, NEO4J_URI: neo4j?.uri } });
    await hub.golden('ImportTopology', SMALL_TOPOLOGY);
    ids = await idsOf(hub);
    cmdbQueries = countCmdbQueries(hub);
  }, 240_000);

  afterAll(async () => {
    await hub?.destroy();
    await neo4j?.stop();
    await database?.drop();
  });

  it('answers a repeated Impact without asking the CMDB, and the next Impact after a CMDB write with the write in it', async () => {
    const impact = () => hub.golden('Impact', { id: ids['host-1'], depth: 5 });
    const before = hub.gateway.answerCache();
    const queriesBefore = cmdbQueries();

    const first = await impact();
    expect(namesOf(first)).toContain('vm-1');
    const second = await impact();
    expect(second).toEqual(first);
    let stats = hub.gateway.answerCache();
    expect(stats.misses - before.misses).toBe(1);
    expect(stats.hits - before.hits).toBe(1);
    expect(cmdbQueries() - queriesBefore).toBe(1);

    // A write through the gateway, committed before the next query is sent.
    await hub.golden('UpdateItem', { id: ids['vm-1'], input: { externalId: 'vm-1', name: 'vm-1 renamed', ciClass: 'VIRTUAL_MACHINE' } });
    const afterRename = await impact();
    expect(namesOf(afterRename)).toContain('vm-1 renamed');
    expect(namesOf(afterRename)).not.toContain('vm-1');

    // Another kind of write: a new item relying on host-1 is in the very next answer.
    await hub.golden('ImportTopology', {
      items: [{ externalId: 'vm-3', name: 'vm-3', ciClass: 'VIRTUAL_MACHINE' }],
      relationships: [{ sourceExternalId: 'vm-3', targetExternalId: 'host-1', type: 'HOSTED_ON' }],
    });
    const afterImport = await impact();
    expect(afterImport.configurationItem.impact.totalCount).toBe(afterRename.configurationItem.impact.totalCount + 1);
    expect(namesOf(afterImport)).toContain('vm-3');

    // And a removal (the item's id is one more CMDB-only query, one more miss).
    const vm3 = (await hub.golden('ItemByExternalId', { externalId: 'vm-3' })).configurationItemByExternalId.id;
    await hub.golden('Unrelate', { sourceId: vm3, targetId: ids['host-1'], type: 'HOSTED_ON' });
    const afterUnrelate = await impact();
    expect(afterUnrelate).toEqual(afterRename);

    stats = hub.gateway.answerCache();
    expect(stats.misses - before.misses).toBe(5);
    expect(await impact()).toEqual(afterUnrelate);
    expect(hub.gateway.answerCache().hits - stats.hits).toBe(1);
    expect(hub.gateway.answerCache().bypassed).toBe(0);
  });

  it('writes a kept answer byte for byte as the answer it kept', async () => {
    const post = async () => {
      const response = await fetch(hub.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: GOLDEN_OPERATIONS, operationName: 'Impact', variables: { id: ids['db-main'], depth: 3 } }),
      });
      expect(response.status).toBe(200);
      return response.text();
    };
    const before = hub.gateway.answerCache();
    const computed = await post();
    const kept = await post();
    const again = await post();
    const stats = hub.gateway.answerCache();
    expect([stats.misses - before.misses, stats.hits - before.hits]).toEqual([1, 2]);
    expect(JSON.parse(computed).data.configurationItem.impact.items.length).toBeGreaterThan(0);
    expect([kept, again]).toEqual([computed, computed]);
  });

  it('computes identical queries in flight at once once', async () => {
    await hub.golden('UpdateItem', { id: ids['vm-2'], input: { externalId: 'vm-2', name: 'vm-2 moved', ciClass: 'VIRTUAL_MACHINE' } });
    const before = hub.gateway.answerCache();
    const queriesBefore = cmdbQueries();
    const answers = await Promise.all(Array.from({ length: 10 }, () => hub.golden('Impact', { id: ids['san-1'], depth: 4 })));
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(namesOf(answers[0])).toContain('vm-2 moved');
    const after = hub.gateway.answerCache();
    expect(after.misses - before.misses).toBe(1);
    expect(after.joined - before.joined + (after.hits - before.hits)).toBe(9);
    expect(cmdbQueries() - queriesBefore).toBe(1);
    // Lookups that arrive together share a read of the change counter.
    expect(after.counterReads - before.counterReads).toBeGreaterThanOrEqual(1);
    expect(after.counterReads - before.counterReads).toBeLessThanOrEqual(10);
  });

  it('keeps no answer with errors', async () => {
    const before = hub.gateway.answerCache();
    for (let i = 0; i < 2; i++) {
      const refused = await hub.goldenRaw('Impact', { id: ids['host-1'], depth: 99 });
      expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    const after = hub.gateway.answerCache();
    expect(after.misses - before.misses).toBe(2);
    expect(after.hits - before.hits).toBe(0);
    expect(after.entries).toBe(before.entries);
  });

  it('keeps a different answer for different variables, and answers other subgraphs\' queries as before', async () => {
    const depth2 = await hub.golden('Impact', { id: ids['host-1'], depth: 1 });
    const depth5 = await hub.golden('Impact', { id: ids['host-1'], depth: 5 });
    expect(depth2.configurationItem.impact.totalCount).toBeLessThan(depth5.configurationItem.impact.totalCount);
    const before = hub.gateway.answerCache();
    await hub.golden('ExtractTickets', {});
    await hub.golden('ImpactWithIncidents', { id: ids['host-1'], depth: 3 });
    const after = hub.gateway.answerCache();
    expect(after.hits + after.misses + after.joined).toBe(before.hits + before.misses + before.joined);
  });

  if (backend === 'PGlite') {
    it('reports its figures in /metrics and in /readyz details', async () => {
      const stats = hub.gateway.answerCache();
      expect(stats.entries).toBeGreaterThan(0);
      expect(stats.bytes).toBeGreaterThan(0);
      expect(stats.maxBytes).toBe(64 * 1024 * 1024);
      const ready = (await (await fetch(new URL('/readyz', hub.gatewayUrl))).json()) as any;
      expect(ready.details['answer cache']).toMatchObject({ hits: stats.hits, misses: stats.misses, maxBytes: 64 * 1024 * 1024 });
      const metrics = await (await fetch(new URL('/metrics', hub.gatewayUrl))).text();
      const value = (line: string) => Number(new RegExp(`^${line.replace(/[{}"]/g, (c) => `\\${c}`)} (\\S+)$`, 'm').exec(metrics)?.[1]);
      expect(value('itsm_gateway_answer_cache_lookups_total{result="hit"}')).toBeGreaterThanOrEqual(stats.hits);
      expect(value('itsm_gateway_answer_cache_lookups_total{result="miss"}')).toBeGreaterThanOrEqual(stats.misses);
      expect(value('itsm_gateway_answer_cache_bytes')).toBeGreaterThan(0);
      expect(value('itsm_gateway_answer_cache_max_bytes')).toBe(64 * 1024 * 1024);
    });

    it('reads the change counter at GET /change-count on the CMDB subgraph, for the gateway only', async () => {
      const url = new URL('/change-count', hub.cmdbUrl);
      const secret = { [INTERNAL_SECRET_HEADER]: hub.config.gateway.internalSecret! };
      expect((await fetch(url)).status).toBe(403);
      expect((await fetch(url, { headers: { [INTERNAL_SECRET_HEADER]: 'wrong' } })).status).toBe(403);
      expect((await fetch(url, { method: 'POST', headers: secret })).status).toBe(405);
      const read = async () => {
        const response = await fetch(url, { headers: secret });
        expect(response.status).toBe(200);
        expect(response.headers.get('cache-control')).toBe('no-store');
        return ((await response.json()) as { changeCount: string }).changeCount;
      };
      const before = await read();
      expect(before).toMatch(/^\d+$/);
      expect(await read()).toBe(before);
      await hub.golden('UpdateItem', { id: ids['sw-1'], input: { externalId: 'sw-1', name: 'sw-1b', ciClass: 'NETWORK_DEVICE' } });
      expect(await read()).not.toBe(before);
    });
  }
});

describe('the gateway answer cache and identities', () => {
  let hub: TestHub;
  let hostId: string;
  const as = (token: string) => goldenClient(hub.gatewayUrl, { authorization: `Bearer ${token}` });

  beforeAll(async () => {
    hub = await startTestHub({
      env: { API_TOKENS: 'admin:admin-token:admin,reader:reader-token:read,wall:wall-token:read,desk:desk-token:tickets:read' },
    });
    await as('admin-token').call('ImportTopology', SMALL_TOPOLOGY);
    hostId = (await as('admin-token').call('ItemByExternalId', { externalId: 'host-1' })).configurationItemByExternalId.id;
  }, 120_000);

  afterAll(() => hub?.destroy());

  it('never gives one caller an answer kept for callers with other scopes or another name', async () => {
    const variables = { id: hostId, depth: 5 };
    const before = hub.gateway.answerCache();
    const admin = await as('admin-token').call('Impact', variables);
    expect(await as('admin-token').call('Impact', variables)).toEqual(admin);
    let stats = hub.gateway.answerCache();
    expect([stats.misses - before.misses, stats.hits - before.hits]).toEqual([1, 1]);

    // tickets:read may not see CMDB fields: it gets FORBIDDEN, not the admin's kept answer.
    const desk = await as('desk-token').raw('Impact', variables);
    expect(desk.errors?.map((e) => e.extensions?.code)).toContain('FORBIDDEN');
    expect(desk.data?.configurationItem ?? null).toBeNull();

    // Same data for a reader, but asked for itself; then kept for it.
    expect(await as('reader-token').call('Impact', variables)).toEqual(admin);
    expect(await as('reader-token').call('Impact', variables)).toEqual(admin);
    // Same scopes, another name: not shared either (the actor reaches the CMDB with the query).
    expect(await as('wall-token').call('Impact', variables)).toEqual(admin);
    stats = hub.gateway.answerCache();
    expect([stats.misses - before.misses, stats.hits - before.hits]).toEqual([4, 2]);
  });
});

describe('ANSWER_CACHE_MB=0', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startTestHub({ env: { ANSWER_CACHE_MB: '0' } });
    await hub.golden('ImportTopology', SMALL_TOPOLOGY);
  }, 120_000);

  afterAll(() => hub?.destroy());

  it('keeps nothing: every query asks the CMDB', async () => {
    const cmdbQueries = countCmdbQueries(hub);
    const id = (await hub.golden('ItemByExternalId', { externalId: 'host-1' })).configurationItemByExternalId.id;
    const first = await hub.golden('Impact', { id, depth: 5 });
    expect(await hub.golden('Impact', { id, depth: 5 })).toEqual(first);
    expect(cmdbQueries()).toBe(3);
    expect(hub.gateway.answerCache()).toEqual({ hits: 0, misses: 0, joined: 0, bypassed: 0, counterReads: 0, entries: 0, bytes: 0, maxBytes: 0 });
  });
});

describe('the gateway answer cache when the CMDB store is down', () => {
  let hub: TestHub;
  let cmdbDb: SqlDatabase;

  beforeAll(async () => {
    cmdbDb = await openPglite(undefined, 'cmdb');
    hub = await startTestHub({ stores: { cmdb: await openSqlCmdbStore(cmdbDb) } });
    await hub.golden('ImportTopology', SMALL_TOPOLOGY);
  }, 120_000);

  afterAll(async () => {
    await hub?.destroy();
    await cmdbDb?.close().catch(() => undefined);
  });

  it('answers /change-count 503 and sends the query uncached, which reports the outage as before', async () => {
    const id = (await hub.golden('ItemByExternalId', { externalId: 'host-1' })).configurationItemByExternalId.id;
    await hub.golden('Impact', { id, depth: 5 });
    expect(hub.gateway.answerCache().entries).toBe(2);
    await cmdbDb.close();
    const counted = await fetch(new URL('/change-count', hub.cmdbUrl), { headers: { [INTERNAL_SECRET_HEADER]: hub.config.gateway.internalSecret! } });
    expect(counted.status).toBe(503);
    const before = hub.gateway.answerCache();
    const answer = await hub.goldenRaw('Impact', { id, depth: 5 });
    expect(answer.errors?.map((e) => e.extensions?.code)).toEqual(['SERVICE_UNAVAILABLE']);
    const after = hub.gateway.answerCache();
    expect(after.bypassed - before.bypassed).toBe(1);
    expect(after.hits).toBe(before.hits);
  });
});
