/**
 * Starts what the suites need and the machine does not already run: a private
 * Neo4j (built from Maven Central by scripts/neo4j.ts) unless NEO4J_URI points
 * at one. Says clearly which backends are skipped and why; under CI=true a
 * missing backend fails the run instead, so no backend is ever skipped silently.
 */
import { javaAvailable, startNeo4j, type Neo4jInstance } from '../../scripts/neo4j';
import { ADMIN_URL, postgresAvailable } from './postgres';

declare global {
  // eslint-disable-next-line no-var
  var hubNeo4j: Neo4jInstance | undefined;
}

export default async function globalSetup(): Promise<void> {
  const ci = process.env.CI === 'true';
  const missing: string[] = [];
  if (!(await postgresAvailable())) missing.push(`PostgreSQL suites: no server answers at ${ADMIN_URL} (set TEST_POSTGRES_URL)`);
  if (!process.env.NEO4J_URI) {
    if (javaAvailable()) {
      const started = Date.now();
      globalThis.hubNeo4j = await startNeo4j();
      process.env.NEO4J_URI = globalThis.hubNeo4j.uri;
      console.log(`\nNeo4j started for the tests at ${globalThis.hubNeo4j.uri} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } else {
      missing.push('Neo4j suites: no Java 17+ on PATH or JAVA_HOME, so scripts/neo4j.ts cannot run Neo4j (or set NEO4J_URI)');
    }
  }
  if (missing.length) {
    const text = missing.map((m) => `  - skipped ${m}`).join('\n');
    if (ci) throw new Error(`CI=true requires every backend:\n${text}`);
    console.log(`\n${text}\n`);
  }
  if (!missing.some((m) => m.startsWith('PostgreSQL'))) process.env.HUB_TEST_POSTGRES = 'true';
}
