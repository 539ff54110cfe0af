/** Opens the knowledge store: PostgreSQL when DATABASE_URL is set, else embedded PGlite under DATA_DIR/knowledge. */
import { join } from 'node:path';
import { openSql } from '../../../platform/sql';
import type { KnowledgeConfig } from '../config';
import type { KnowledgeStore } from '.';
import { openSqlKnowledgeStore } from './sql';

export async function openKnowledgeStore(config: Pick<KnowledgeConfig, 'databaseUrl' | 'dataDir'>): Promise<KnowledgeStore> {
  const db = await openSql({ databaseUrl: config.databaseUrl, dataDir: join(config.dataDir, 'knowledge'), service: 'knowledge' });
  return openSqlKnowledgeStore(db);
}
