/**
 * The tickets store contract against both backends: PGlite in memory and a
 * fresh database on the machine's PostgreSQL. Without a reachable PostgreSQL
 * the second suite is skipped, except in CI, where it must run.
 */
import { spawnSync } from 'node:child_process';
import { openPglite, openPostgres } from '../platform/sql';
import { openSqlTicketStore } from '../subgraphs/tickets/store/sql';
import { ADMIN_URL, createTestDatabase } from './support/postgres';
import { describeTicketStoreContract } from './support/tickets-store-contract';

describeTicketStoreContract('PGlite', async () => {
  const store = await openSqlTicketStore(await openPglite(undefined, 'tickets'));
  return { store, dispose: () => store.close() };
});

/** Jest declares suites synchronously, so reachability is probed in a child process. */
function postgresReachable(): boolean {
  const probe = `
    const { Client } = require('pg');
    const client = new Client({ connectionString: process.argv[1], connectionTimeoutMillis: 2000 });
    client.connect().then(() => client.end()).then(() => process.exit(0), () => process.exit(1));`;
  return spawnSync(process.execPath, ['-e', probe, ADMIN_URL], { cwd: __dirname, timeout: 10_000 }).status === 0;
}

if (postgresReachable() || process.env.CI === 'true') {
  describeTicketStoreContract('PostgreSQL', async () => {
    const database = await createTestDatabase('hub_tickets');
    const store = await openSqlTicketStore(openPostgres(database.url, 'tickets'));
    return {
      store,
      async dispose() {
        await store.close();
        await database.drop();
      },
    };
  });
} else {
  const reason = `PostgreSQL is unreachable at ${ADMIN_URL} (set TEST_POSTGRES_URL); skipping its tickets store suite`;
  console.warn(reason);
  describe.skip(`PostgreSQL ticket store: ${reason}`, () => {
    it('runs the contract against PostgreSQL', () => undefined);
  });
}
