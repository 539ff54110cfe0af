/** Opens the tickets store: PostgreSQL when DATABASE_URL is set, else embedded PGlite under DATA_DIR. */
import { join } from 'node:path';
import { openSql } from '../../../platform/sql';
import type { TicketsConfig } from '../config';
import type { TicketStore } from '.';
import { openSqlTicketStore } from './sql';

export async function openTicketStore(config: Pick<TicketsConfig, 'databaseUrl' | 'dataDir'>): Promise<TicketStore> {
  const db = await openSql({ databaseUrl: config.databaseUrl, dataDir: join(config.dataDir, 'tickets'), service: 'tickets' });
  return openSqlTicketStore(db);
}
