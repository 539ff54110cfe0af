/**
 * The CMDB store contract on a real Neo4j, plus what only Neo4j can get wrong:
 * the traversal's plan, a dense hub, and an outage. The server is the one at
 * NEO4J_URI when it is set; without it, a private one is
 * started here when Java 17+ is present. Without either, the suite is skipped
 * locally and fails in CI.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import neo4j from 'neo4j-driver';
import { javaAvailable, startNeo4j, type Neo4jInstance } from '../scripts/neo4j';
import { RELATIONSHIP_TYPES, traversalRequest, type CIClass, type ItemInput, type RelationshipInput } from '../subgraphs/cmdb/domain';
import type { CmdbStore } from '../subgraphs/cmdb/store';
import {
  codePointSortKey,
  impactClosureCypher,
  impactCountsCypher,
  openNeo4jCmdbStore,
  traversalCypher,
  walkCypher,
  type Neo4jCmdbConfig,
} from '../subgraphs/cmdb/store/neo4j';
import { createCmdbService } from '../subgraphs/cmdb/service';
import { describeCmdbStoreContract } from './support/cmdb-store-contract';
import { eventually } from './support/eventually';

const sharedUri = process.env.NEO4J_URI;
const canStartNeo4j = javaAvailable();
/** The first start builds the launcher with Maven, which may download Neo4j. */
const START_TIMEOUT_MS = 15 * 60_000;

if (sharedUri || canStartNeo4j) {
  let privateNeo4j: Neo4jInstance | undefined;
  let uri = sharedUri ?? '';

  beforeAll(async () => {
    if (sharedUri) return;
    privateNeo4j = await startNeo4j();
    uri = privateNeo4j.uri;
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    await privateNeo4j?.stop();
  }, 60_000);

  const connection = (): Neo4jCmdbConfig => ({
    uri,
    user: process.env.NEO4J_USER ?? 'neo4j',
    password: sharedUri ? process.env.NEO4J_PASSWORD : undefined,
    database: process.env.NEO4J_DATABASE ?? 'neo4j',
  });

  /**
   * Empties a Neo4j this file started. A shared one (NEO4J_URI) is left as it
   * is: other suites may be using it at the same time, and every test here
   * works in its own namespace anyway.
   */
  async function emptyPrivateDatabase(): Promise<void> {
    if (!privateNeo4j) return;
    const driver = neo4j.driver(uri);
    const session = driver.session({ database: connection().database });
    try {
      await session.run('MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS');
    } finally {
      await session.close();
      await driver.close();
    }
  }

  async function openStore(): Promise<CmdbStore> {
    await emptyPrivateDatabase();
    return openNeo4jCmdbStore(connection());
  }

  describeCmdbStoreContract('Neo4j', async () => {
    const store = await openStore();
    return { store, teardown: () => store.close() };
  });

  describe('Neo4j CMDB store', () => {
    let store: CmdbStore;

    beforeAll(async () => {
      store = await openStore();
    });

    afterAll(async () => {
      await store?.close();
    });

    /** Operator names of a plan tree, e.g. `VarLengthExpand(Pruning,BFS,All)`. */
    function operators(plan: { operatorType: string; children?: unknown[] }): string[] {
      return [plan.operatorType.replace(/@.*$/, ''), ...(plan.children ?? []).flatMap((child) => operators(child as typeof plan))];
    }

    it('plans every traversal as a pruning breadth-first search, never enumerating paths', async () => {
      const driver = neo4j.driver(uri, connection().password ? neo4j.auth.basic(connection().user, connection().password!) : undefined);
      try {
        for (const direction of ['impact', 'dependencies'] as const) {
          for (const types of [null, ['DEPENDS_ON', 'RUNS_ON'] as const]) {
            for (let depth = 2; depth <= 10; depth += 1) {
              const { summary } = await driver.executeQuery(
                `EXPLAIN ${traversalCypher(direction, depth, types)}`,
                { rootIds: ['a', 'b'], limit: neo4j.int(100) },
                { database: connection().database },
              );
              const plan = operators(summary.plan as { operatorType: string; children?: unknown[] });
              // The whole walk, from one hop to depth, is the one variable-length expand.
              expect(plan.filter((op) => op.startsWith('VarLengthExpand'))).toEqual(['VarLengthExpand(Pruning,BFS,All)']);
              expect(plan.some((op) => /ShortestPath|ProjectEndpoints|Trail/.test(op))).toBe(false);
            }
          }
        }
      } finally {
        await driver.close();
      }
    });

    it('plans the outage closure, the walks over item sets and the impact counts as pruning breadth-first searches', async () => {
      const driver = neo4j.driver(uri, connection().password ? neo4j.auth.basic(connection().user, connection().password!) : undefined);
      try {
        const statements = [
          impactClosureCypher(null),
          impactClosureCypher(['DEPENDS_ON', 'RUNS_ON']),
          walkCypher('impact', 5),
          walkCypher('dependencies', 10),
          impactCountsCypher(5),
        ];
        for (const statement of statements) {
          const { summary } = await driver.executeQuery(
            `EXPLAIN ${statement}`,
            { rootIds: ['a', 'b'], ids: ['a'], depth: neo4j.int(5) },
            { database: connection().database },
          );
          const plan = operators(summary.plan as { operatorType: string; children?: unknown[] });
          expect(plan.filter((op) => op.startsWith('VarLengthExpand'))).toEqual([expect.stringMatching(/^VarLengthExpand\(Pruning,BFS/)]);
        }
      } finally {
        await driver.close();
      }
    });

    it('walks a core switch with 5,000 dependents over three layers of diamonds in well under two seconds', async () => {
      const tag = `hub-${Math.random().toString(36).slice(2, 8)}`;
      const items: ItemInput[] = [{ externalId: `${tag}:switch`, name: 'core switch', ciClass: 'NETWORK_DEVICE', owner: tag }];
      const relationships: RelationshipInput[] = [];
      let previous = [`${tag}:switch`];
      [50, 950, 4000].forEach((size, layer) => {
        const current: string[] = [];
        for (let i = 0; i < size; i += 1) {
          const externalId = `${tag}:l${layer}-${i}`;
          const ciClass: CIClass = layer === 2 && i % 200 === 0 ? 'BUSINESS_SERVICE' : layer === 0 ? 'SERVER' : 'APPLICATION';
          items.push({ externalId, name: `dependent ${layer} ${String(i).padStart(4, '0')}`, ciClass, owner: tag });
          // Three parents each make diamonds between layers; every tenth item also links back up, making cycles.
          for (const parent of new Set([i, i * 7 + 3, i * 13 + 5].map((n) => previous[n % previous.length]))) {
            relationships.push({ sourceExternalId: externalId, targetExternalId: parent, type: RELATIONSHIP_TYPES[i % 5] });
          }
          if (layer > 0 && i % 10 === 0) {
            relationships.push({ sourceExternalId: previous[i % previous.length], targetExternalId: externalId, type: 'CONNECTS_TO' });
          }
          current.push(externalId);
        }
        previous = current;
      });
      await createCmdbService(store).importItems(items, relationships);
      const core = (await store.itemsByExternalIds([`${tag}:switch`])).get(`${tag}:switch`)!;

      const report = await store.traverse(traversalRequest([core.id], 'impact', { depth: 8, limit: 1000 }));
      expect(report.totalCount).toBe(5000);
      expect(report.truncated).toBe(true);
      expect(report.items).toHaveLength(1000);
      expect(report.businessServices).toHaveLength(20);
      expect(report.items.slice(0, 50).every((reached) => reached.distance === 1 && reached.path.length === 2)).toBe(true);

      const everything = await store.traverse(traversalRequest([core.id], 'impact', { depth: 8, limit: 10_000 }));
      expect(everything.items.at(-1)!.distance).toBe(3);
      expect(everything.items.filter((reached) => reached.distance === 3)).toHaveLength(4000);
    });

    it('orders names beyond the Basic Multilingual Plane by code point when listing, as PostgreSQL does', async () => {
      const tag = `bmp-${Math.random().toString(36).slice(2, 8)}`;
      const names = ['\u{1F600} grin', '\uFF21 wide', 'z', '\uE000 private', '\u{10FFFD}', '\uD7FF'];
      await createCmdbService(store).importItems(
        names.map((name, i) => ({ externalId: `${tag}:${i}`, name, ciClass: 'OTHER', owner: tag })),
        [],
      );
      const page = await store.listItems({ owner: tag }, 10, null);
      expect(page.items.map((item) => item.name)).toEqual(['z', '\uD7FF', '\uE000 private', '\uFF21 wide', '\u{1F600} grin', '\u{10FFFD}']);
      const after = page.items[2];
      const rest = await store.listItems({ owner: tag }, 10, { name: after.name, id: after.id });
      expect(rest.items.map((item) => item.name)).toEqual(['\uFF21 wide', '\u{1F600} grin', '\u{10FFFD}']);
      expect(codePointSortKey('plain ascii and é')).toBe('plain ascii and é');
    });
  });

  const describeOutage = canStartNeo4j ? describe : describe.skip;
  describeOutage('Neo4j CMDB store during an outage', () => {
    let own: Neo4jInstance | undefined;
    let dataDir: string;

    afterAll(async () => {
      await own?.stop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    }, 60_000);

    it('answers SERVICE_UNAVAILABLE within seconds while Neo4j is down and recovers by itself when it returns', async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'hub-neo4j-outage-'));
      own = await startNeo4j({ dataDir });
      const port = own.port;
      const store = await openNeo4jCmdbStore({ uri: own.uri, user: 'neo4j', password: undefined, database: 'neo4j' });
      try {
        await createCmdbService(store).importItems([{ externalId: 'outage:kept', name: 'kept', ciClass: 'SERVER' }], []);

        own.kill();
        await own.stop();
        for (const call of [() => store.ping(), () => store.itemsByExternalIds(['outage:kept'])]) {
          await expect(call()).rejects.toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE' } });
        }

        own = await startNeo4j({ dataDir, port });
        await eventually(() => store.ping(), { timeoutMs: 30_000, intervalMs: 250, what: 'the store reconnecting' });
        expect((await store.itemsByExternalIds(['outage:kept'])).get('outage:kept')?.name).toBe('kept');
      } finally {
        await store.close();
      }
    }, START_TIMEOUT_MS);
  });
} else if (process.env.CI === 'true') {
  describe('CMDB store contract: Neo4j', () => {
    it('needs a Neo4j server', () => {
      throw new Error('Neo4j is not available: set NEO4J_URI, or provide Java 17+ so that scripts/neo4j.ts can start one');
    });
  });
} else {
  console.warn('Skipping the CMDB store contract on Neo4j: NEO4J_URI is not set and there is no Java 17+ to start one (see neo4j/README.md).');
  describe.skip('CMDB store contract: Neo4j (not available)', () => {
    it('runs when Neo4j is available', () => undefined);
  });
}
