/**
 * The tickets store contract against both backends: PGlite in memory and a
 * fresh database on the machine's PostgreSQL. Without a reachable PostgreSQL
 * the second suite is skipped, except in CI, where it must run.
 */
import { openSqlTicketStore } from '../subgraphs/tickets/store/sql';
import { describeOnSqlBackends } from './support/postgres';
import { describeTicketStoreContract } from './support/tickets-store-contract';

describeOnSqlBackends('tickets', (backend, open) =>
  describeTicketStoreContract(backend, async () => {
    const { db, drop } = await open();
    const store = await openSqlTicketStore(db);
    return {
      store,
      async dispose() {
        await store.close();
        await drop();
      },
    };
  }),
);
