/**
 * Runs one service as a process: starts it, stops it cleanly on SIGINT/SIGTERM, exits 1 with the
 * reason when it cannot start. Also the checks a start makes before it opens any store: ports free,
 * database servers reachable, each problem naming its variable.
 */
import { createServer } from 'node:net';
import neo4j from 'neo4j-driver';
import { Client } from 'pg';
import { ConfigError, redact } from './config';
import { componentLogger } from './logger';
import { stopTelemetry } from './telemetry';

const checkLog = componentLogger('startup', 'checks');
const logCloseFailure = (error: unknown) => checkLog.debug({ err: error }, 'closing a start-up check connection failed');

/** A port a service is about to listen on, and the variable that set it. */
export interface PortToBind {
  variable: string;
  port: number;
  /** The address the service will listen on; unset, every interface. */
  host?: string;
}

/**
 * Binds each non-zero port for a moment, as the service will (on its host, or every interface), and reports every
 * port that is taken or shared by two services, naming its variable: a taken port is found in
 * milliseconds instead of after the stores have opened.
 */
export async function checkPortsFree(ports: PortToBind[]): Promise<string[]> {
  const problems: string[] = [];
  const byPort = new Map<number, string[]>();
  const hostOf = new Map<string, string | undefined>(ports.map(({ variable, host }) => [variable, host]));
  for (const { variable, port } of ports) if (port) byPort.set(port, [...(byPort.get(port) ?? []), variable]);
  for (const [port, variables] of byPort) {
    if (variables.length > 1) {
      problems.push(`${variables.join(' and ')} are both ${port}: each service needs a port of its own`);
      continue;
    }
    const cause = await new Promise<string | null>((resolve) => {
      const probe = createServer();
      probe.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
      probe.listen(port, hostOf.get(variables[0]), () => probe.close(() => resolve(null)));
    });
    if (cause === 'EADDRINUSE') problems.push(`${variables[0]}=${port}: port ${port} is already in use by another process (EADDRINUSE)`);
    else if (cause === 'EACCES') problems.push(`${variables[0]}=${port}: no permission to listen on port ${port} (EACCES)`);
    else if (cause === 'EADDRNOTAVAIL' || cause === 'ENOTFOUND') problems.push(`HOST=${hostOf.get(variables[0])}: not an address of this machine (${cause})`);
    else if (cause) problems.push(`${variables[0]}=${port}: cannot listen on port ${port} (${cause})`);
  }
  return problems;
}

/** What a failed PostgreSQL connection means, in words an operator can act on. */
function postgresCause(error: unknown): string {
  const e = error as { code?: string; message?: string; address?: string; port?: number };
  if (e.code === '28P01' || e.code === '28000') return `authentication failed (${e.message})`;
  if (e.code === '3D000') return `${e.message} (create it, or name another database in the URL)`;
  if (e.code === 'ECONNREFUSED') return `connection refused at ${e.address ?? 'the host'}:${e.port ?? ''} (ECONNREFUSED): is PostgreSQL running there?`;
  if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') return `the host name does not resolve (${e.code})`;
  return e.code ? `${e.message} (${e.code})` : String(e.message ?? error);
}

/**
 * Connects to PostgreSQL at `url` once (the handshake checks the address, the credentials and the
 * database) and returns a problem naming `variable`, the redacted URL and the cause, or null.
 */
export async function checkPostgres(variable: string, url: string): Promise<string | null> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  // A connection that fails after connecting emits 'error'; the failed connect already says why.
  client.on('error', logCloseFailure);
  try {
    await client.connect();
    return null;
  } catch (error) {
    return `${variable}=${redact(url)}: PostgreSQL is not available: ${postgresCause(error)}`;
  } finally {
    await client.end().catch(logCloseFailure);
  }
}

/** Connects to Neo4j once (address and credentials) and returns a problem naming `variable` and the cause, or null. */
export async function checkNeo4j(variable: string, uri: string, user: string, password: string | undefined): Promise<string | null> {
  const driver = neo4j.driver(uri, password ? neo4j.auth.basic(user, password) : undefined, { connectionTimeout: 5_000 });
  try {
    await driver.getServerInfo();
    return null;
  } catch (error) {
    const e = error as { code?: string; message?: string };
    return `${variable}=${redact(uri)}: Neo4j is not available: ${e.message ?? String(error)}${e.code ? ` (${e.code})` : ''}`;
  } finally {
    await driver.close().catch(logCloseFailure);
  }
}

/** `service` names the process in its log lines: `gateway`, `cmdb`, `tickets`, or `hub` for all three in one. */
export function runService(service: string, start: () => Promise<{ stop(): Promise<void> }>): void {
  const log = componentLogger(service, 'process');
  start().then(
    (running) => {
      // A terminal's Ctrl-C reaches npm and node alike, and npm relays it again: the second
      // signal must not kill the process halfway through closing its stores.
      let stopping = false;
      const stop = async (signal: NodeJS.Signals) => {
        if (stopping) return;
        stopping = true;
        log.info({ signal }, 'stopping');
        try {
          await running.stop();
          // Last, so the spans of the stop itself go out too.
          await stopTelemetry();
          log.info('stopped');
          process.exit(0);
        } catch (error) {
          log.fatal({ err: error }, 'stop failed');
          process.exit(1);
        }
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    },
    (error) => {
      if (error instanceof ConfigError) {
        log.fatal({ problems: error.problems }, error.message);
        // The log is JSON lines; whoever started the process at a terminal reads this one.
        process.stderr.write(`${error.message}\n`);
      }
      else log.fatal({ err: error }, 'could not start');
      process.exit(1);
    },
  );
}
