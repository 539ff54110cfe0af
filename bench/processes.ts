/**
 * Process plumbing of the benchmarks: the config of a hub a bench runs inside its own process, and
 * for the benches that run services in processes of their own (bench/peers.ts, bench/hive.ts,
 * bench/subscriptions.ts) free ports, the peers installed in bench/peers/, a service started and
 * awaited until it answers, our gateway as such a service, and what /proc says of a process.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { EPHEMERAL_PORTS, readHubConfig, type HubConfig } from '../scripts/hub';

// ---------------------------------------------------------------------------------------------
// Ports and environment

/**
 * The config of a hub that a bench runs inside its own process: its data in `dataDir`, ports the OS
 * picks, warnings only unless LOG_LEVEL says otherwise, and `env` on top.
 */
export function benchHubConfig(dataDir: string, env: Record<string, string | undefined> = {}): HubConfig {
  return readHubConfig({ ...EPHEMERAL_PORTS, DATA_DIR: dataDir, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', ...env });
}

/** A loopback port that was free a moment ago (the OS's pick). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Our environment minus what would configure a service differently from the bench's intent (ports,
 * hosts, backends, the internal secret: the caller sets those it means), in production mode, logging
 * warnings only unless LOG_LEVEL says otherwise.
 */
export function serviceEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' };
  for (const name of ['PORT', 'HOST', 'CMDB_PORT', 'TICKETS_PORT', 'KNOWLEDGE_PORT', 'NEO4J_URI', 'DATA_DIR', 'HUB_INTERNAL_SECRET', 'API_TOKENS', 'AUTH_JWKS_URL']) {
    delete env[name];
  }
  return env;
}

// ---------------------------------------------------------------------------------------------
// Peers: bench/peers/, its own package.json and lock file, never in the hub's dependencies

export const PEERS_DIR = join(__dirname, 'peers');

const peerRequire = () => createRequire(join(PEERS_DIR, 'package.json'));

/** The installed version of a package in bench/peers; throws when it is not installed. */
export function peerVersion(name: string): string {
  return (JSON.parse(readFileSync(peerRequire().resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
}

/** A package installed in bench/peers, loaded with bench/peers's resolution. */
export function peerModule<T>(name: string): T {
  return peerRequire()(name) as T;
}

/** The file of `bin` that package `name` installs in bench/peers. */
export function peerBin(name: string, bin: string): string {
  const manifest = peerRequire().resolve(`${name}/package.json`);
  return join(manifest, '..', (JSON.parse(readFileSync(manifest, 'utf8')) as { bin: Record<string, string> }).bin[bin]);
}

/**
 * What bench/peers/node_modules holds other than package.json pins and the lock file locks, one
 * line a package ("name installed, pinned version"); empty when npm install has nothing to do.
 * Optional packages (another platform's builds) may be absent.
 */
function peersNotAsPinned(): string[] {
  const read = (path: string) => {
    try {
      return (JSON.parse(readFileSync(join(PEERS_DIR, path, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      // Absent or half installed: npm install puts it right.
      return null;
    }
  };
  const manifest = JSON.parse(readFileSync(join(PEERS_DIR, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const lock = JSON.parse(readFileSync(join(PEERS_DIR, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { version?: string; optional?: boolean; link?: boolean }>;
  };
  const wanted = [
    ...Object.entries(manifest.dependencies).map(([name, version]) => ({ path: join('node_modules', name), version, optional: false })),
    ...Object.entries(lock.packages)
      .filter(([path, entry]) => path && entry.version && !entry.link)
      .map(([path, entry]) => ({ path, version: entry.version!, optional: entry.optional === true })),
  ];
  const differ: string[] = [];
  for (const { path, version, optional } of wanted) {
    const installed = read(path);
    if (installed === version || (installed === null && optional)) continue;
    differ.push(`${path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length)} ${installed ?? 'absent'}, pinned ${version}`);
  }
  return differ;
}

/**
 * `npm install` in bench/peers from its lock file, only when what is installed is not what
 * package.json pins and the lock file locks; throws with npm's own words when it fails, naming
 * `who` needed it.
 */
export function installPeers(who: string, log: (line: string) => void): void {
  const before = peersNotAsPinned();
  if (before.length === 0) return;
  const more = before.length > 1 ? `, and ${before.length - 1} more` : '';
  log(`installing the peers in bench/peers (${before[0]}${more})`);
  const started = performance.now();
  const npm = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: PEERS_DIR,
    encoding: 'utf8',
    timeout: 10 * 60_000,
    // The hub's production setting must not make npm skip anything.
    env: { ...process.env, NODE_ENV: 'development' },
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (npm.status !== 0) {
    const lines = `${npm.stderr ?? ''}\n${npm.stdout ?? ''}`.trim().split('\n');
    const why = npm.error ? String(npm.error) : lines.length > 12 ? [...lines.slice(0, 5), '...', ...lines.slice(-6)].join('\n') : lines.join('\n');
    throw new Error(`${who}: installing the peers in bench/peers failed (npm install, ${seconds} s; is the npm registry reachable?):\n${why}`);
  }
  const after = peersNotAsPinned();
  if (after.length) throw new Error(`${who}: npm install in bench/peers left ${after.length} package(s) not as pinned: ${after.slice(0, 5).join('; ')}`);
  log(`peers installed in ${seconds} s`);
}

// ---------------------------------------------------------------------------------------------
// Services

/** Services still running: killed (each by its own pid) if this process exits without stopping them. */
const RUNNING = new Set<Service>();
process.once('exit', () => {
  for (const service of RUNNING) if (service.isAlive) service.process.kill('SIGKILL');
});

/**
 * A service in a process of its own, with the tail of what it printed for when it fails. An exit
 * nobody asked for is reported on stderr once it has served (a bench sees it as missing answers:
 * say why); before that, it is waitUntilServing's error.
 */
export class Service {
  readonly process: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly commandLine: string;
  private output = '';
  private alive = true;
  private stopping = false;
  private served = false;
  private spawnError: Error | null = null;

  constructor(readonly name: string, command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }) {
    this.commandLine = [command, ...args].join(' ');
    this.process = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString('utf8')).slice(-8000);
    };
    this.process.stdout!.on('data', keep);
    this.process.stderr!.on('data', keep);
    this.exited = new Promise((resolve) => {
      const ended = (code: number | null, signal: NodeJS.Signals | null) => {
        this.alive = false;
        RUNNING.delete(this);
        if (!this.stopping && this.served) console.error(`  ${name} (pid ${this.process.pid}) exited unasked: code ${code}, signal ${signal}; its last output:\n${this.tail}`);
        resolve({ code, signal });
      };
      this.process.once('exit', ended);
      this.process.on('error', (error) => {
        // Without a pid it never started (no 'exit' follows); otherwise a signal could not be sent.
        if (this.process.pid === undefined) {
          this.spawnError = error;
          ended(this.process.exitCode, null);
        } else {
          console.error(`  ${name} (pid ${this.process.pid}): ${error}`);
        }
      });
    });
    RUNNING.add(this);
  }

  get pid(): number {
    return this.process.pid!;
  }

  get isAlive(): boolean {
    return this.alive;
  }

  /** The last lines it printed. */
  get tail(): string {
    return this.output.trim().split('\n').slice(-20).join('\n');
  }

  /**
   * Waits until `url` answers `{ __typename }`. Fails, after stopping the service, with its output
   * if it exits first or does not answer within `timeoutMs`.
   */
  async waitUntilServing(url: string, headers: Record<string, string> = {}, timeoutMs = 90_000): Promise<void> {
    const started = performance.now();
    let last = '';
    try {
      for (;;) {
        if (this.spawnError) throw new Error(`${this.name} could not be started (${this.commandLine}): ${this.spawnError}`);
        if (!this.alive) {
          const { code, signal } = await this.exited;
          throw new Error(`${this.name} exited while starting (code ${code}, signal ${signal}):\n${this.tail}`);
        }
        if (performance.now() - started > timeoutMs) throw new Error(`${this.name} did not serve ${url} within ${timeoutMs / 1000} s (last: ${last}):\n${this.tail}`);
        try {
          const response = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...headers },
            body: JSON.stringify({ query: '{ __typename }' }),
            signal: AbortSignal.timeout(2000),
          });
          const text = await response.text();
          if (response.ok && text.includes('__typename')) break;
          last = `HTTP ${response.status}: ${text.slice(0, 300)}`;
        } catch (error) {
          // Not listening yet: try again until the deadline.
          last = String((error as Error).cause ?? error);
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    } catch (error) {
      await this.stop();
      throw error;
    }
    this.served = true;
  }

  /** SIGTERM, then SIGKILL if it has not exited within 10 seconds. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.alive) {
      this.process.kill('SIGTERM');
      const timer = setTimeout(() => this.process.kill('SIGKILL'), 10_000);
      await this.exited;
      clearTimeout(timer);
    }
    RUNNING.delete(this);
  }
}

// ---------------------------------------------------------------------------------------------
// Our services

export const ROOT = join(__dirname, '..');
/** Node's arguments that run a service's TypeScript entry point, as `npm start` does. */
export const TSX = ['--import', 'tsx'];

/** Where the three subgraphs serve GraphQL. */
export interface SubgraphUrls {
  cmdb: string;
  tickets: string;
  knowledge: string;
}

/**
 * Our gateway (gateway/index.ts) in a process of its own on a free loopback port, every default as
 * shipped, in front of `subgraphs`; resolves once it answers. The service goes into `started` as soon
 * as it is spawned, so that a caller starting several can stop those that came up when another fails.
 */
export async function startOurGateway(subgraphs: SubgraphUrls, secret: string | null, started: Service[] = []): Promise<{ url: string; service: Service }> {
  const port = await freePort();
  const env = {
    ...serviceEnv(),
    PORT: String(port),
    HOST: '127.0.0.1',
    ...(secret ? { HUB_INTERNAL_SECRET: secret } : {}),
    CMDB_URL: subgraphs.cmdb,
    TICKETS_URL: subgraphs.tickets,
    KNOWLEDGE_URL: subgraphs.knowledge,
  };
  const service = new Service('our gateway', process.execPath, [...TSX, join('gateway', 'index.ts')], { cwd: ROOT, env });
  started.push(service);
  const url = `http://127.0.0.1:${port}/graphql`;
  await service.waitUntilServing(url);
  return { url, service };
}

// ---------------------------------------------------------------------------------------------
// /proc

/** Clock ticks per second, the unit of /proc/<pid>/stat's CPU times. */
const CLOCK_TICKS = (() => {
  const ticks = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim());
  // Linux has used 100 everywhere for decades; getconf missing is no reason to fail.
  return Number.isFinite(ticks) && ticks > 0 ? ticks : 100;
})();

/** The resolution of processCpuMs: one clock tick, ms. */
export const CLOCK_TICK_MS = 1000 / CLOCK_TICKS;

/** User + system CPU of `pid` so far, ms (/proc/<pid>/stat fields 14 and 15); NaN once it is gone. */
export function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after its closing one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}

/** Resident memory of a process now and its peak so far (VmRSS, VmHWM), in bytes; null once it is gone. */
export function memoryOf(pid: number): { rss: number; peak: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    return { rss: kb('VmRSS'), peak: kb('VmHWM') };
  } catch {
    return null;
  }
}

/** Child processes of `pid` (a service that forks workers is measured wrongly by its own pid alone). */
export function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}
