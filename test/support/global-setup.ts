/**
 * Checks the backends the suites need before any runs, builds Neo4j's launcher
 * once (so suites that start a private Neo4j only wait for its start), and says
 * clearly which backends are skipped and why; under CI=true a missing backend
 * fails the run instead, so no backend is ever skipped silently. Suites read
 * the decision through `postgresSuitesRun` (PostgreSQL) and `HUB_TEST_NEO4J`.
 *
 * Each suite that needs Neo4j starts its own instance: Community has a single
 * user database, and suites running side by side must not share it.
 *
 * It also makes the DATA_DIR template that startTestHub copies (test/support/hub.ts), so that no
 * suite waits for PGlite to create its databases; global-teardown removes it.
 */
import { ensureLauncherBuilt, javaAvailable } from '../../scripts/neo4j';
import { createTemplateDataDir, TEMPLATE_DATA_DIR_ENV } from './hub';
import { POSTGRES_DECISION_ENV, postgresAvailable, postgresMissing } from './postgres';
import { privatePostgresAvailable } from './private-postgres';

export default async function globalSetup(): Promise<void> {
  const ci = process.env.CI === 'true';
  const missing: string[] = [];
  const postgres = await postgresAvailable();
  process.env[POSTGRES_DECISION_ENV] = String(postgres);
  if (!postgres) missing.push(`the suites that need ${postgresMissing('server')}`);
  if (!privatePostgresAvailable()) missing.push(`the store outage suite on ${postgresMissing('binaries')}`);
  if (javaAvailable()) {
    await ensureLauncherBuilt();
    process.env.HUB_TEST_NEO4J = 'true';
  } else {
    missing.push('the Neo4j suites: no Java 17+ on PATH or JAVA_HOME, so scripts/neo4j.ts cannot run Neo4j');
  }
  process.env[TEMPLATE_DATA_DIR_ENV] = await createTemplateDataDir();
  if (missing.length) {
    const text = missing.map((m) => `  - skipped ${m}`).join('\n');
    if (ci) throw new Error(`CI=true requires every backend:\n${text}`);
    console.log(`\n${text}\n`);
  }
}
