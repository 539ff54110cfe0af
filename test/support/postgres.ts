/**
 * PostgreSQL for the suites: whether they run (`postgresSuitesRun`, the one
 * decision), and a private database on the machine's server for one suite,
 * created fresh and dropped afterwards. The server is at TEST_POSTGRES_URL
 * (default postgres://postgres@127.0.0.1:5432/postgres, trust auth).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { openPglite, openPostgres, type SqlDatabase } from '../../platform/sql';
import { privatePostgresAvailable } from './private-postgres';

export const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** Whether the server at ADMIN_URL accepts a connection (benchmarks and global-setup ask; suites use `postgresSuitesRun`). */
export async function postgresAvailable(): Promise<boolean> {
  const client = new Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    // Unreachable is the answer, not a failure; the caller says what is skipped.
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Set by global-setup to `true` or `false`: whether the server answered when the run began. */
export const POSTGRES_DECISION_ENV = 'HUB_TEST_POSTGRES';

/**
 * What a suite needs: the machine's `server` (a fresh database on it), or the
 * `binaries` to run a private server it may stop and start.
 */
export type PostgresNeed = 'server' | 'binaries';

const warned = new Set<PostgresNeed>();

/**
 * Whether the suites that need PostgreSQL run, the one decision for every
 * suite: yes when the backend is there; under CI=true always (a missing
 * backend then fails the suite instead of skipping it, and global-setup has
 * already failed the run); otherwise no, with a warning naming what is missing.
 * Synchronous, because jest declares suites before any test runs.
 */
export function postgresSuitesRun(need: PostgresNeed = 'server'): boolean {
  const available = need === 'server' ? serverAnswered() : privatePostgresAvailable();
  if (available || process.env.CI === 'true') return true;
  if (!warned.has(need)) {
    warned.add(need);
    console.warn(`skipping the suites that need ${postgresMissing(need)}; with CI=true they fail instead`);
  }
  return false;
}

/** What is missing for `need`, in words (for skip warnings and global-setup). */
export function postgresMissing(need: PostgresNeed): string {
  return need === 'server'
    ? `PostgreSQL: no server answers at ${ADMIN_URL} (set TEST_POSTGRES_URL)`
    : 'a private PostgreSQL: no PostgreSQL binaries under /usr/lib/postgresql or no postgres system user';
}

/** global-setup's answer; probed here (in a child process, to stay synchronous) only when jest ran without it. */
function serverAnswered(): boolean {
  if (process.env[POSTGRES_DECISION_ENV] === undefined) {
    const probe = `
      const { Client } = require('pg');
      const client = new Client({ connectionString: process.argv[1], connectionTimeoutMillis: 2000 });
      client.connect().then(() => client.end()).then(() => process.exit(0), () => process.exit(1));`;
    const answered = spawnSync(process.execPath, ['-e', probe, ADMIN_URL], { cwd: __dirname, timeout: 10_000 }).status === 0;
    process.env[POSTGRES_DECISION_ENV] = String(answered);
  }
  return process.env[POSTGRES_DECISION_ENV] === 'true';
}

export async function createTestDatabase(prefix = 'hub_test'): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new Client({ connectionString: ADMIN_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** A database for one suite; `drop` removes what the suite left (after the suite closed `db`). */
export interface SuiteDatabase {
  db: SqlDatabase;
  drop(): Promise<void>;
}

/**
 * Declares `suite` once per SQL backend: on PGlite in memory and, when the
 * PostgreSQL suites run, on a fresh database of the machine's server. The
 * suite opens its database with `open` (in its beforeAll), closes `db` when
 * done, then calls `drop`.
 */
export function describeOnSqlBackends(service: string, suite: (backend: 'PGlite' | 'PostgreSQL', open: () => Promise<SuiteDatabase>) => void): void {
  suite('PGlite', async () => ({ db: await openPglite(undefined, service), drop: async () => undefined }));
  if (postgresSuitesRun()) {
    suite('PostgreSQL', async () => {
      const database = await createTestDatabase(`hub_${service.replace(/\W/g, '_')}`);
      return { db: openPostgres(database.url, service), drop: () => database.drop() };
    });
  } else {
    describe.skip(`${service} on PostgreSQL (no PostgreSQL server)`, () => {
      it('runs when PostgreSQL answers', () => undefined);
    });
  }
}
