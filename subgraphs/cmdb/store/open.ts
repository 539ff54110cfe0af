/** Chooses the CMDB backend from configuration: Neo4j when NEO4J_URI is set, else PostgreSQL, else embedded PGlite. */
import { join } from 'node:path';
import { openSql } from '../../../platform/sql';
import type { CmdbConfig } from '../config';
import type { CmdbStore } from '.';
import { openNeo4jCmdbStore } from './neo4j';
import { openSqlCmdbStore } from './sql';

export async function openCmdbStore(config: Pick<CmdbConfig, 'neo4j' | 'databaseUrl' | 'dataDir'>): Promise<CmdbStore> {
  if (config.neo4j) return openNeo4jCmdbStore(config.neo4j);
  const db = await openSql({ databaseUrl: config.databaseUrl, dataDir: join(config.dataDir, 'cmdb'), service: 'cmdb' });
  return openSqlCmdbStore(db);
}
