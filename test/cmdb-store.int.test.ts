/**
 * The CMDB store contract on every backend: PGlite in memory and the machine's
 * PostgreSQL. Without a reachable PostgreSQL its suite is skipped locally and
 * fails in CI.
 */
import type { GraphQLError } from 'graphql';
import { openPglite, type SqlDatabase } from '../platform/sql';
import { traversalRequest } from '../subgraphs/cmdb/domain';
import { cmdbMigrations } from '../subgraphs/cmdb/store/migrations';
import { openSqlCmdbStore } from '../subgraphs/cmdb/store/sql';
import { createCmdbService } from '../subgraphs/cmdb/service';
import { describeCmdbStoreContract } from './support/cmdb-store-contract';
import { describeOnSqlBackends } from './support/postgres';

describeOnSqlBackends('cmdb', (backend, open) =>
  describeCmdbStoreContract(backend, async () => {
    const { db, drop } = await open();
    const store = await openSqlCmdbStore(db);
    return {
      store,
      async teardown() {
        await store.close();
        await drop();
      },
    };
  }),
);

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection, but the call succeeded');
    },
    (error: unknown) => error,
  );
}

describe('SQL CMDB store', () => {
  let db: SqlDatabase;
  let statements: string[];

  beforeAll(async () => {
    db = await openPglite(undefined, 'cmdb');
    db.events.on('query', (text: string) => statements.push(text));
  });

  afterAll(() => db.close());

  beforeEach(() => {
    statements = [];
  });

  it('applies its migrations once, however often it is opened', async () => {
    await openSqlCmdbStore(db);
    await openSqlCmdbStore(db);
    const [{ count }] = await db.query<{ count: number }>('SELECT count(*)::int AS count FROM cmdb.schema_migrations');
    expect(count).toBe(cmdbMigrations.length);
  });

  it('walks a graph in one statement, however deep and wide', async () => {
    const store = await openSqlCmdbStore(db);
    const items = Array.from({ length: 200 }, (_, i) => ({ externalId: `walk-${i}`, name: `walk ${i}`, ciClass: 'APPLICATION' as const }));
    const relationships = items.slice(1).map((item, i) => ({
      sourceExternalId: item.externalId,
      targetExternalId: `walk-${Math.floor(i / 2)}`,
      type: 'DEPENDS_ON' as const,
    }));
    await createCmdbService(store).importItems(items, relationships);
    const root = (await store.itemsByExternalIds(['walk-0'])).get('walk-0')!;
    statements = [];
    const report = await store.traverse(traversalRequest([root.id], 'impact', { depth: 10, limit: 50 }));
    expect(report.totalCount).toBe(199);
    expect(statements).toHaveLength(1);
  });

  it('treats ids holding NUL, which PostgreSQL text cannot store, as unknown, and rejects such text on import', async () => {
    const store = await openSqlCmdbStore(db);
    const id = 'a\u0000b';
    expect((await store.itemsByIds([id])).size).toBe(0);
    expect(((await rejectionOf(createCmdbService(store).retireItem(id))) as GraphQLError).extensions.code).toBe('NOT_FOUND');
    const error = (await rejectionOf(
      createCmdbService(store).importItems([{ externalId: 'nul-1', name: 'x\u0000', ciClass: 'OTHER', attributes: { k: '\u0000' } }], []),
    )) as GraphQLError;
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain('items[0].name');
    expect(error.message).toContain('items[0].attributes');
    expect((await store.itemsByExternalIds(['nul-1'])).size).toBe(0);
  });

  it('imports in a fixed number of statements, whatever the number of items', async () => {
    const store = await openSqlCmdbStore(db);
    const items = Array.from({ length: 2000 }, (_, i) => ({ externalId: `batch-${i}`, name: `batch ${i}`, ciClass: 'SERVER' as const }));
    const relationships = items.slice(1).map((item) => ({ sourceExternalId: item.externalId, targetExternalId: 'batch-0', type: 'RUNS_ON' as const }));
    // BEGIN and COMMIT are not sent through the executor; lookup, insert, relationships are. Once imports
    // have written enough, the store also vacuums and reads the tables' size: upkeep, not per item.
    const importStatements = () => statements.filter((text) => !/^VACUUM|reltuples/.test(text.trim()));
    statements = [];
    await createCmdbService(store).importItems(items, relationships);
    expect(importStatements().length).toBeLessThanOrEqual(4);
    statements = [];
    await createCmdbService(store).importItems(items.map((item) => ({ ...item, owner: 'changed' })), relationships);
    expect(importStatements().length).toBeLessThanOrEqual(4);
  });
});
