/**
 * Checks the backends the suites need before any runs, builds Neo4j's launcher
 * once (so suites that start a private Neo4j only wait for its start), and says
 * clearly which backends are skipped and why; under CI=true a missing backend
 * fails the run instead, so no backend is ever skipped silently.
 *
 * Each suite that needs Neo4j starts its own instance: Community has a single
 * user database, and suites running side by side must not share it.
 */
import { ensureLauncherBuilt, javaAvailable } from '../../scripts/neo4j';
import { ADMIN_URL, postgresAvailable } from './postgres';

export default async function globalSetup(): Promise<void> {
  const ci = process.env.CI === 'true';
  const missing: string[] = [];
  if (!(await postgresAvailable())) missing.push(`PostgreSQL suites: no server answers at ${ADMIN_URL} (set TEST_POSTGRES_URL)`);
  if (javaAvailable()) {
    await ensureLauncherBuilt();
    process.env.HUB_TEST_NEO4J = 'true';
  } else {
    missing.push('Neo4j suites: no Java 17+ on PATH or JAVA_HOME, so scripts/neo4j.ts cannot run Neo4j');
  }
  if (missing.length) {
    const text = missing.map((m) => `  - skipped ${m}`).join('\n');
    if (ci) throw new Error(`CI=true requires every backend:\n${text}`);
    console.log(`\n${text}\n`);
  }
  if (!missing.some((m) => m.startsWith('PostgreSQL'))) process.env.HUB_TEST_POSTGRES = 'true';
}
