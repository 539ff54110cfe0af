/**
 * One SQL code path for the embedded store (PGlite, PostgreSQL in WebAssembly)
 * and the real server (node-postgres pool). Stores speak only to `SqlDatabase`.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { EventEmitter } from 'node:events';
import { PGlite, type Transaction as PGliteTransaction } from '@electric-sql/pglite';
import { Client, Pool, types as pgTypes } from 'pg';
import { isStoreUnavailable, ServiceUnavailableError } from './errors';
import { componentLogger, rateLimitedErrorLog, type Logger } from './logger';
import { observeStore, type StoreUsage } from './metrics';
import { storeSpan } from './telemetry';

export interface SqlExecutor {
  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<Row[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
}

export interface SqlDatabase extends SqlExecutor {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Emits 'query' with the statement text for every statement sent, so tests and benchmarks can count round trips. */
  readonly events: EventEmitter;
  /**
   * Calls `listener` with the payload of every NOTIFY on `channel`, delivered
   * after the notifying transaction commits. Resolves to an unsubscribe function.
   */
  listen(channel: string, listener: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** What PostgreSQL and node-postgres throw when the server is out of reach (platform/errors.ts decides, for every store). */
export const isUnavailable = isStoreUnavailable;

function translate(service: string, error: unknown): never {
  if (isUnavailable(error)) throw new ServiceUnavailableError(service, error);
  throw error;
}

const digitAt = (text: string, at: number) => text.charCodeAt(at) - 48;

const parseTimestamptzSlowly = pgTypes.getTypeParser(1184) as (value: string) => Date;

/**
 * `timestamptz` text as PostgreSQL prints it (`2024-01-01 05:12:33.123+00`,
 * offsets `+05:30`), read digit by digit: three times faster than the
 * drivers' regular-expression parser, which was the largest single cost of a
 * 1,000-ticket extraction page (five timestamps a ticket). Anything else
 * (years before 100, BC, infinity, offsets with seconds) takes that parser.
 */
export function parseTimestamptz(text: string): Date {
  const length = text.length;
  if (length < 22 || text.charCodeAt(4) !== 45 || text.charCodeAt(10) !== 32 || text.charCodeAt(0) === 48) {
    return parseTimestamptzSlowly(text);
  }
  let at = 19;
  let milliseconds = 0;
  if (text.charCodeAt(at) === 46) {
    // Only the first three fraction digits count; JavaScript dates hold milliseconds.
    for (let scale = 100, code = text.charCodeAt(++at); code >= 48 && code <= 57; code = text.charCodeAt(++at), scale /= 10) {
      if (scale >= 1) milliseconds += (code - 48) * scale;
    }
  }
  const sign = text.charCodeAt(at);
  const offsetLength = length - at;
  if ((sign !== 43 && sign !== 45) || !(offsetLength === 3 || (offsetLength === 6 && text.charCodeAt(at + 3) === 58))) {
    return parseTimestamptzSlowly(text);
  }
  let offsetMinutes = (digitAt(text, at + 1) * 10 + digitAt(text, at + 2)) * 60 + (offsetLength === 6 ? digitAt(text, at + 4) * 10 + digitAt(text, at + 5) : 0);
  if (sign === 45) offsetMinutes = -offsetMinutes;
  const utc = Date.UTC(
    digitAt(text, 0) * 1000 + digitAt(text, 1) * 100 + digitAt(text, 2) * 10 + digitAt(text, 3),
    digitAt(text, 5) * 10 + digitAt(text, 6) - 1,
    digitAt(text, 8) * 10 + digitAt(text, 9),
    digitAt(text, 11) * 10 + digitAt(text, 12),
    digitAt(text, 14) * 10 + digitAt(text, 15),
    digitAt(text, 17) * 10 + digitAt(text, 18),
    milliseconds,
  );
  return new Date(utc - offsetMinutes * 60_000);
}

/** Opens PostgreSQL at `url` with a pool; failures to reach it surface as SERVICE_UNAVAILABLE within seconds. */
export function openPostgres(url: string, service: string, options: { max?: number } = {}): SqlDatabase {
  // bigint (int8) arrives as string by default; counts and sequences fit in a double here.
  pgTypes.setTypeParser(20, (v) => Number(v));
  pgTypes.setTypeParser(1184, parseTimestamptz);
  const pool = new Pool({
    connectionString: url,
    max: options.max ?? 10,
    connectionTimeoutMillis: 3000,
    idleTimeoutMillis: 10_000,
    query_timeout: 60_000,
  });
  const log = componentLogger(service, 'sql');
  // An idle client that loses its server must not crash the process; while the server is down
  // every idle client reports it, so the log says it once in a while.
  const logPoolError = rateLimitedErrorLog(log);
  pool.on('error', (error) => logPoolError('pool', error, 'an idle PostgreSQL connection failed'));
  const events = new EventEmitter();
  const executor = (run: (text: string, params?: unknown[]) => Promise<{ rows: unknown[] }>): SqlExecutor => ({
    async query<Row>(text: string, params?: unknown[]) {
      events.emit('query', text);
      try {
        return (await storeSpan(SQL_SYSTEM, text, () => run(text, params))).rows as Row[];
      } catch (error) {
        return translate(service, error);
      }
    },
    async exec(script: string) {
      events.emit('query', script);
      try {
        await storeSpan(SQL_SYSTEM, script, () => run(script));
      } catch (error) {
        translate(service, error);
      }
    },
  });
  const poolExecutor = executor((text, params) => pool.query(text, params));
  const usage = (inFlight: number): StoreUsage => ({
    inFlight,
    waiting: pool.waitingCount,
    connections: { total: pool.totalCount, idle: pool.idleCount },
  });
  return reportingUse(service, usage, {
    kind: 'postgres',
    events,
    query: poolExecutor.query,
    exec: poolExecutor.exec,
    async transaction(work) {
      let client;
      try {
        client = await pool.connect();
      } catch (error) {
        return translate(service, error);
      }
      let broken = false;
      try {
        await client.query('BEGIN');
        const result = await work(executor((text, params) => client.query(text, params)));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        broken = isUnavailable(error) || (error instanceof ServiceUnavailableError);
        if (!broken) {
          await client.query('ROLLBACK').catch((rollbackError) => {
            // The connection is then unusable: drop it rather than return it to the pool.
            broken = true;
            log.warn({ err: rollbackError }, 'ROLLBACK failed; the connection is discarded');
          });
        }
        throw error instanceof ServiceUnavailableError ? error : isUnavailable(error) ? new ServiceUnavailableError(service, error) : error;
      } finally {
        client.release(broken);
      }
    },
    listen: (channel, listener) => listenPostgres(url, channel, listener, log),
    close: () => pool.end(),
  });
}

/** The semantic conventions' `db.system.name` of PostgreSQL, and of PGlite, which is PostgreSQL. */
const SQL_SYSTEM = 'postgresql';

/**
 * `db` with its calls under way counted and reported, with `usage`, as the store gauges of
 * /metrics (platform/metrics.ts) from open until close.
 */
function reportingUse(service: string, usage: (inFlight: number) => StoreUsage, db: SqlDatabase): SqlDatabase {
  let inFlight = 0;
  const counted = async <T>(work: () => Promise<T>): Promise<T> => {
    inFlight += 1;
    try {
      return await work();
    } finally {
      inFlight -= 1;
    }
  };
  const unobserve = observeStore(service, db.kind, () => usage(inFlight));
  return {
    kind: db.kind,
    events: db.events,
    query: <Row>(text: string, params?: unknown[]) => counted(() => db.query<Row>(text, params)),
    exec: (script) => counted(() => db.exec(script)),
    transaction: (work) => counted(() => db.transaction(work)),
    listen: (channel, listener) => db.listen(channel, listener),
    close() {
      unobserve();
      return db.close();
    },
  };
}

/**
 * LISTEN needs a connection of its own that outlives any query. When the
 * server goes away the listener reconnects every second until it returns.
 */
async function listenPostgres(url: string, channel: string, listener: (payload: string) => void, log: Logger): Promise<() => Promise<void>> {
  let client: Client | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  let lost = false;
  // A server that stays down fails every attempt, once a second.
  const logFailedAttempt = rateLimitedErrorLog(log);
  const connect = async (): Promise<void> => {
    const next = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
    next.on('notification', (message) => {
      if (message.channel === channel) listener(message.payload ?? '');
    });
    next.on('error', (error) => connectionLost(next, error));
    next.on('end', () => connectionLost(next));
    try {
      await next.connect();
      await next.query(`LISTEN ${quoteIdent(channel)}`);
    } catch (error) {
      await next.end().catch((endError) => log.debug({ err: endError }, 'closing a LISTEN connection that never opened failed'));
      throw error;
    }
    if (stopped) {
      // Unsubscribed while this attempt was under way.
      await next.end().catch((endError) => log.debug({ err: endError }, 'closing a LISTEN connection opened after unsubscribing failed'));
      return;
    }
    client = next;
    if (lost) log.info({ channel }, 'LISTEN connection restored');
    lost = false;
  };
  const connectionLost = (which: Client, error?: Error) => {
    if (stopped || which !== client) return;
    log.warn({ err: error, channel }, 'LISTEN connection lost; reconnecting every second');
    lost = true;
    reconnect();
  };
  const reconnect = () => {
    if (stopped || retry) return;
    client = undefined;
    retry = setTimeout(() => {
      retry = undefined;
      connect().catch((error) => {
        logFailedAttempt(channel, error, 'LISTEN reconnect failed; trying again');
        reconnect();
      });
    }, 1000);
  };
  await connect();
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    await client?.end().catch((error) => log.warn({ err: error, channel }, 'closing the LISTEN connection failed'));
  };
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Opens (or creates) an embedded PGlite database in `dir`. PGlite has no lock of
 * its own and two processes on one folder corrupt it, so a lock file guards it.
 * With `dir` undefined the database lives in memory.
 */
export async function openPglite(dir: string | undefined, service: string): Promise<SqlDatabase> {
  let releaseLock = () => undefined as void;
  if (dir) {
    mkdirSync(dir, { recursive: true });
    releaseLock = lockFolder(dir, service);
  }
  let db: PGlite;
  try {
    db = await PGlite.create({ ...(dir ? { dataDir: dir } : {}), parsers: { 1184: parseTimestamptz } });
  } catch (error) {
    releaseLock();
    throw error;
  }
  const events = new EventEmitter();
  // A request still running while the store closes (the process is stopping) is turned away as
  // unavailable, as a PostgreSQL server shutting down would be, not as an internal error.
  const closing = (error: unknown): never => {
    if (db.closed || /PGlite is closed/.test(String((error as Error | undefined)?.message))) throw new ServiceUnavailableError(service, error);
    throw error;
  };
  const executor = (run: PGlite | PGliteTransaction): SqlExecutor => ({
    async query<Row>(text: string, params?: unknown[]) {
      events.emit('query', text);
      try {
        return (await storeSpan(SQL_SYSTEM, text, () => run.query<Row>(text, params))).rows;
      } catch (error) {
        return closing(error);
      }
    },
    async exec(script: string) {
      events.emit('query', script);
      try {
        await storeSpan(SQL_SYSTEM, script, () => run.exec(script));
      } catch (error) {
        closing(error);
      }
    },
  });
  const direct = executor(db);
  // One connection, which runs one call at a time: the others wait their turn.
  const usage = (inFlight: number): StoreUsage => ({
    inFlight,
    waiting: Math.max(0, inFlight - 1),
    connections: { total: 1, idle: inFlight ? 0 : 1 },
  });
  return reportingUse(service, usage, {
    kind: 'pglite',
    events,
    query: direct.query,
    exec: direct.exec,
    transaction: (work) => db.transaction((tx) => work(executor(tx))).catch(closing),
    listen: async (channel, listener) => {
      const unsubscribe = await db.listen(channel, listener);
      return async () => unsubscribe();
    },
    async close() {
      await db.close();
      releaseLock();
    },
  });
}

function lockFolder(dir: string, service: string): () => void {
  const lockFile = join(dir, '.hub.lock');
  const tryLock = (): boolean => {
    try {
      const fd = openSync(lockFile, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return true;
    } catch (error) {
      // Only "already there" means another holder; anything else (permissions, a full disk) is the answer.
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    }
  };
  if (!tryLock()) {
    const holder = Number(readFileSync(lockFile, 'utf8'));
    if (holder && holder !== process.pid && processAlive(holder)) {
      throw new Error(`${service}: ${dir} is in use by process ${holder}; two processes on one embedded store corrupt it`);
    }
    rmSync(lockFile, { force: true });
    if (!tryLock()) throw new Error(`${service}: cannot lock ${dir}`);
  }
  return () => rmSync(lockFile, { force: true });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface Migration {
  version: number;
  description: string;
  sql: string;
}

/**
 * Applies pending migrations in order, each in its own transaction, recording
 * them in `<schema>.schema_migrations`. Safe to run at every start.
 */
export async function migrate(db: SqlDatabase, schema: string, migrations: Migration[]): Promise<void> {
  await db.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  await db.query(
    `CREATE TABLE IF NOT EXISTS ${schema}.schema_migrations (version int PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
  );
  const applied = new Set(
    (await db.query<{ version: number }>(`SELECT version FROM ${schema}.schema_migrations`)).map((r) => r.version),
  );
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(migration.version)) continue;
    await db.transaction(async (tx) => {
      // Two replicas starting together on one PostgreSQL must not both apply a migration.
      if (db.kind === 'postgres') await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [schema]);
      const again = await tx.query(`SELECT 1 FROM ${schema}.schema_migrations WHERE version = $1`, [migration.version]);
      if (again.length) return;
      await tx.exec(migration.sql);
      await tx.query(`INSERT INTO ${schema}.schema_migrations (version, description) VALUES ($1, $2)`, [
        migration.version,
        migration.description,
      ]);
    });
  }
}

/** Opens the store named by the environment: PostgreSQL when `databaseUrl` is set, else PGlite under `dataDir`. */
export async function openSql(options: { databaseUrl?: string; dataDir?: string; service: string }): Promise<SqlDatabase> {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, options.service)
    : openPglite(options.dataDir, options.service);
}
