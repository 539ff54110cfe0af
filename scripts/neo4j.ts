/**
 * A real Neo4j Community 5.26 for development and tests, built from Maven Central
 * (neo4j/launcher: embedded DatabaseManagementService + Bolt connector) and run
 * with the machine's Java 17. See neo4j/README.md.
 *
 * As a module:
 *   const neo = await startNeo4j();            // private instance: free port, fresh temp data dir
 *   ... neo4j.driver(neo.uri, neo4j.auth.none()) ...
 *   await neo.stop();                          // SIGTERM, clean shutdown; temp data dir removed
 *
 * As a CLI (tsx scripts/neo4j.ts start|stop|status): one shared background
 * instance, data in .neo4j/data, log in .neo4j/neo4j.log, pid in .neo4j/neo4j.pid.
 * Env: NEO4J_PORT (default 7687), NEO4J_PASSWORD (auth on only when set),
 * NEO4J_HEAP (default 1g), NEO4J_JAVA_OPTS (extra JVM flags), JAVA_HOME, MVN.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const LAUNCHER_DIR = path.join(ROOT, 'neo4j', 'launcher');
const TARGET = path.join(LAUNCHER_DIR, 'target');
const STAMP = path.join(TARGET, 'launcher.stamp');
const BUILD_LOCK = path.join(TARGET, '.build-lock');
const STATE_DIR = path.join(ROOT, '.neo4j');
const MAIN_CLASS = 'hub.neo4j.EmbeddedNeo4j';
const READY_RE = /^neo4j ready (bolt:\/\/([^\s:]+):(\d+))\s*$/m;

const DEFAULT_START_TIMEOUT_MS = 120_000;
const BUILD_TIMEOUT_MS = 15 * 60_000;
const STOP_TIMEOUT_MS = 30_000;

export interface StartOptions {
  /** Bolt port on 127.0.0.1. Default: a free port chosen by the JVM (no race). */
  port?: number;
  /** Neo4j home (stores in DIR/data, Neo4j's debug.log in DIR/logs). Default: a fresh temp dir, removed by stop(). */
  dataDir?: string;
  /** Enables auth with user `neo4j` and this password. Default: auth disabled (use neo4j.auth.none()). */
  password?: string;
  /** Start timeout once the launcher is built (the first Maven build has its own, longer limit). Default 120 s. */
  timeoutMs?: number;
  /** Where the launcher's stdout/stderr go. Default: DIR/launcher.log. */
  logFile?: string;
  /**
   * C1-only JIT (-XX:TieredStopAtLevel=1): about half the start time on a busy 2-core machine, slower hot loops.
   * Default true (test instances); pass false for benchmarks. The CLI instance always uses the full JIT.
   */
  quickStart?: boolean;
}

export interface Neo4jInstance {
  uri: string;
  port: number;
  pid: number;
  dataDir: string;
  logFile: string;
  /** Clean shutdown (SIGTERM, SIGKILL after 30 s). Removes the data dir if startNeo4j created it. */
  stop(): Promise<void>;
  /**
   * SIGKILL now, for crash tests. Await `exited` before restarting on `dataDir` (the store lock is released
   * only when the process is gone). To test recovery, pass your own dataDir: stop() removes one it created.
   */
  kill(): void;
  /** Settles when the JVM has exited, for whatever reason (reading it keeps this process alive until then). */
  readonly exited: Promise<void>;
}

// ---------------------------------------------------------------- tools

function javaBin(): string {
  const home = process.env.JAVA_HOME;
  if (home) {
    const bin = path.join(home, 'bin', process.platform === 'win32' ? 'java.exe' : 'java');
    if (fs.existsSync(bin)) return bin;
  }
  return 'java';
}

function mvnBin(): string {
  return process.env.MVN || 'mvn';
}

let javaCheck: { ok: boolean; version: string } | undefined;

function checkJava(): { ok: boolean; version: string } {
  if (!javaCheck) {
    const r = spawnSync(javaBin(), ['-version'], { encoding: 'utf8', timeout: 30_000 });
    const text = `${r.stderr ?? ''}${r.stdout ?? ''}`;
    const m = /version "(\d+)(?:\.(\d+))?/.exec(text);
    const major = m ? (m[1] === '1' ? Number(m[2]) : Number(m[1])) : 0;
    javaCheck = { ok: r.status === 0 && major >= 17, version: text.split('\n')[0] ?? '' };
  }
  return javaCheck;
}

/** True when a Java 17+ runtime is on PATH (or in JAVA_HOME): tests can skip clearly when it is not. */
export function javaAvailable(): boolean {
  return checkJava().ok;
}

/** JVM flags: what Neo4j 5's own launcher uses on Java 17, minus server-only ones. */
export function jvmFlags(quickStart = false): string[] {
  const heap = process.env.NEO4J_HEAP || '1g';
  const extra = (process.env.NEO4J_JAVA_OPTS || '').split(/\s+/).filter(Boolean);
  return [
    '-Xms256m',
    `-Xmx${heap}`,
    '-XX:+UseG1GC',
    '-XX:-OmitStackTraceInFastThrow',
    '-XX:+DisableExplicitGC',
    '-Djdk.nio.maxCachedBufferSize=1024',
    '-Dio.netty.tryReflectionSetAccessible=true',
    '-Dlog4j2.disable.jmx=true',
    // without this the page cache logs "Reflection access to java.nio.DirectByteBuffer is not available, using fallback mode"
    '--add-opens=java.base/java.nio=ALL-UNNAMED',
    '--add-opens=java.base/java.io=ALL-UNNAMED',
    '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
    '--enable-native-access=ALL-UNNAMED',
    ...(quickStart ? ['-XX:TieredStopAtLevel=1'] : []),
    ...extra,
  ];
}

// ---------------------------------------------------------------- build

function mtime(p: string): number {
  try {
    return fs.statSync(p).mtimeMs;
  } catch {
    return 0;
  }
}

function newestSource(): number {
  let newest = mtime(path.join(LAUNCHER_DIR, 'pom.xml'));
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else newest = Math.max(newest, mtime(p));
    }
  };
  walk(path.join(LAUNCHER_DIR, 'src'));
  return newest;
}

function launcherIsFresh(): boolean {
  const stamp = mtime(STAMP);
  if (!stamp) return false;
  if (!fs.existsSync(path.join(TARGET, 'classes', ...MAIN_CLASS.split('.')) + '.class')) return false;
  if (!fs.existsSync(path.join(TARGET, 'lib'))) return false;
  return stamp >= newestSource();
}

function classpath(): string {
  return [path.join(TARGET, 'classes'), path.join(TARGET, 'lib', '*')].join(path.delimiter);
}

function run(cmd: string, args: string[], cwd: string, timeoutMs: number): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const take = (b: Buffer): void => {
      out += b.toString();
      if (out.length > 200_000) out = out.slice(-100_000);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function acquireBuildLock(): Promise<() => void> {
  fs.mkdirSync(TARGET, { recursive: true });
  const deadline = Date.now() + BUILD_TIMEOUT_MS;
  for (;;) {
    try {
      fs.mkdirSync(BUILD_LOCK);
      fs.writeFileSync(path.join(BUILD_LOCK, 'owner'), String(process.pid));
      return () => fs.rmSync(BUILD_LOCK, { recursive: true, force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    // another process is building; take over a lock whose owner is gone or that is older than the build limit
    let ownerAlive = true;
    try {
      const owner = Number(fs.readFileSync(path.join(BUILD_LOCK, 'owner'), 'utf8'));
      if (owner) ownerAlive = pidAlive(owner);
    } catch {
      // owner file not written yet
    }
    if (!ownerAlive || Date.now() - mtime(BUILD_LOCK) > BUILD_TIMEOUT_MS) {
      fs.rmSync(BUILD_LOCK, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for the launcher build lock ${BUILD_LOCK}`);
    await sleep(500);
  }
}

let building: Promise<void> | undefined;

/**
 * Builds neo4j/launcher when target/ is missing or older than pom.xml / src (Maven offline first, then online:
 * the first build downloads Neo4j's jars from Maven Central into ~/.m2, later ones need no network).
 */
export function ensureLauncherBuilt(log: (line: string) => void = () => undefined): Promise<void> {
  if (launcherIsFresh()) return Promise.resolve();
  if (!building) {
    building = (async () => {
      const release = await acquireBuildLock();
      try {
        if (launcherIsFresh()) return; // built by another process meanwhile
        // a dependency change must not leave old jars next to new ones on the classpath
        if (mtime(path.join(LAUNCHER_DIR, 'pom.xml')) > mtime(STAMP)) {
          fs.rmSync(path.join(TARGET, 'lib'), { recursive: true, force: true });
        }
        log('building the Neo4j launcher with Maven (the first build downloads Neo4j from Maven Central)...');
        const started = Date.now();
        let r: { code: number | null; out: string };
        try {
          r = await run(mvnBin(), ['-q', '-B', '-o', 'package'], LAUNCHER_DIR, BUILD_TIMEOUT_MS);
          if (r.code !== 0) r = await run(mvnBin(), ['-q', '-B', 'package'], LAUNCHER_DIR, BUILD_TIMEOUT_MS);
        } catch (err) {
          throw new Error(`cannot run Maven (${mvnBin()}): ${(err as Error).message}; Maven 3.8+ is needed to build neo4j/launcher`);
        }
        if (r.code !== 0) {
          throw new Error(`building neo4j/launcher failed (mvn exit ${r.code}):\n${tail(r.out, 40)}`);
        }
        fs.writeFileSync(STAMP, `built ${new Date().toISOString()} in ${Date.now() - started} ms\n`);
        log(`launcher built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      } finally {
        release();
      }
    })().finally(() => {
      building = undefined;
    });
  }
  return building;
}

// ---------------------------------------------------------------- process helpers

function tail(text: string, lines = 30): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // a zombie (exited, not yet reaped) is not alive
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return true;
  }
}

/** True when pid is alive and (where /proc exists) really runs our launcher, not a recycled pid. */
function isLauncher(pid: number): boolean {
  if (!pidAlive(pid)) return false;
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(MAIN_CLASS);
  } catch {
    return true;
  }
}

/** A Bolt handshake: magic 0x6060B017 and four version proposals; any 4-byte answer means Bolt is serving. */
export function boltAnswers(host: string, port: number, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    let got = 0;
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => {
      socket.write(
        Buffer.from([
          0x60, 0x60, 0xb0, 0x17, // magic
          0x00, 0x08, 0x08, 0x05, // 5.8 down to 5.0
          0x00, 0x00, 0x04, 0x04, // 4.4
          0x00, 0x00, 0x00, 0x00,
          0x00, 0x00, 0x00, 0x00,
        ]),
      );
    });
    socket.on('data', (b) => {
      got += b.length;
      if (got >= 4) done(true);
    });
    socket.on('end', () => done(got >= 4));
  });
}

function launchArgs(dataDir: string, port: number, watchStdin: boolean, quickStart: boolean): string[] {
  return [
    ...jvmFlags(quickStart),
    '-cp',
    classpath(),
    MAIN_CLASS,
    '--data-dir',
    dataDir,
    '--listen',
    `127.0.0.1:${port}`,
    ...(watchStdin ? ['--watch-stdin'] : []),
  ];
}

function launchEnv(password: string | undefined): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of ['NEO4J_PASSWORD', 'NEO4J_PORT', 'NEO4J_DATA_DIR', 'NEO4J_LISTEN_ADDRESS']) delete env[k];
  if (password) env.NEO4J_PASSWORD = password;
  return env;
}

function requireJava(): void {
  const j = checkJava();
  if (!j.ok) {
    throw new Error(
      `Neo4j needs Java 17+ but ${javaBin()} ${j.version ? `is "${j.version}"` : 'was not found'}; ` +
        'install a JDK 17 (e.g. apt-get install openjdk-17-jdk-headless) or set JAVA_HOME',
    );
  }
}

// ---------------------------------------------------------------- module API

/**
 * Starts a private Neo4j and resolves once it printed its ready line and answers a Bolt handshake.
 * The JVM watches its stdin: if this Node process dies without stop(), Neo4j shuts itself down.
 */
export async function startNeo4j(options: StartOptions = {}): Promise<Neo4jInstance> {
  requireJava();
  await ensureLauncherBuilt();

  const ownDir = options.dataDir === undefined;
  const dataDir = ownDir
    ? fs.mkdtempSync(path.join(os.tmpdir(), 'hub-neo4j-'))
    : path.resolve(options.dataDir as string);
  fs.mkdirSync(dataDir, { recursive: true });
  const logFile = path.resolve(options.logFile ?? path.join(dataDir, 'launcher.log'));
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const logStream = fs.createWriteStream(logFile, { flags: 'a' });
  const timeoutMs = options.timeoutMs ?? DEFAULT_START_TIMEOUT_MS;

  const child = spawn(javaBin(), launchArgs(dataDir, options.port ?? 0, true, options.quickStart ?? true), {
    cwd: ROOT,
    env: launchEnv(options.password),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  const onOutput = (b: Buffer): void => {
    output += b.toString();
    if (output.length > 64_000) output = output.slice(-32_000);
    logStream.write(b);
  };
  child.stdout!.on('data', onOutput);
  child.stderr!.on('data', onOutput);
  // Writing to the JVM's stdin fails (EPIPE) once it has exited; its exit is reported through `exitPromise`.
  child.stdin!.on('error', () => undefined);

  let exited = false;
  const exitPromise = new Promise<void>((resolve) => {
    child.on('exit', () => {
      exited = true;
      resolve();
    });
    child.on('error', () => {
      exited = true;
      resolve();
    });
  });
  const closeLog = (): void => {
    logStream.end();
  };

  const fail = (why: string): Error => {
    const hint = fs.existsSync(path.join(dataDir, 'logs', 'debug.log')) ? `\n(see also ${path.join(dataDir, 'logs', 'debug.log')})` : '';
    const cause = /^neo4j failed to start: (.*)$/m.exec(output);
    return new Error(
      `Neo4j did not start: ${why}${cause ? `: ${cause[1]}` : ''}\n--- ${logFile} (tail) ---\n${tail(output)}${hint}`,
    );
  };

  let uri: string;
  let port: number;
  try {
    ({ uri, port } = await new Promise<{ uri: string; port: number }>((resolve, reject) => {
      let settled = false;
      const finish = (err: Error | null, value?: { uri: string; port: number }): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        clearInterval(poll);
        if (err) reject(err);
        else resolve(value!);
      };
      const timer = setTimeout(() => finish(fail(`not ready after ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
      child.on('error', (err) => finish(fail(`cannot run ${javaBin()}: ${err.message}`)));
      child.on('exit', (code, signal) => finish(fail(`java exited (${signal ?? `code ${code}`}) before it was ready`)));
      let checking = false;
      const poll = setInterval(() => {
        const m = READY_RE.exec(output);
        if (!m || checking || settled) return;
        checking = true;
        void boltAnswers(m[2], Number(m[3])).then((ok) => {
          checking = false;
          if (ok) finish(null, { uri: m[1], port: Number(m[3]) });
        });
      }, 100);
    }));
  } catch (err) {
    if (!exited) child.kill('SIGKILL');
    await exitPromise;
    closeLog();
    if (ownDir) fs.rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }

  // Do not keep the caller's event loop alive (a forgotten stop() must not hang a test runner);
  // when this process exits, the JVM sees EOF on stdin and shuts down cleanly.
  child.unref();
  for (const s of [child.stdin, child.stdout, child.stderr]) (s as unknown as { unref?: () => void } | null)?.unref?.();

  let stopping: Promise<void> | undefined;
  return {
    uri,
    port,
    pid: child.pid!,
    dataDir,
    logFile,
    stop(): Promise<void> {
      if (!stopping) {
        stopping = (async () => {
          if (!exited) {
            child.ref();
            child.kill('SIGTERM');
            const t = setTimeout(() => {
              if (!exited) child.kill('SIGKILL');
            }, STOP_TIMEOUT_MS);
            await exitPromise;
            clearTimeout(t);
          }
          closeLog();
          if (ownDir) fs.rmSync(dataDir, { recursive: true, force: true });
        })();
      }
      return stopping;
    },
    kill(): void {
      child.ref(); // keep this process alive until the exit event, so `await exited` can settle
      if (!exited) child.kill('SIGKILL');
    },
    get exited(): Promise<void> {
      child.ref();
      return exitPromise;
    },
  };
}

// ---------------------------------------------------------------- CLI

const PID_FILE = path.join(STATE_DIR, 'neo4j.pid');
const URI_FILE = path.join(STATE_DIR, 'neo4j.uri');
const LOG_FILE = path.join(STATE_DIR, 'neo4j.log');
const DATA_DIR = path.join(STATE_DIR, 'data');

function readPid(): number | undefined {
  try {
    const pid = Number(fs.readFileSync(PID_FILE, 'utf8').trim());
    return pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function cliPort(): number {
  const raw = process.env.NEO4J_PORT || '7687';
  const port = Number(raw);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`bad NEO4J_PORT: ${raw}`);
  return port;
}

async function cliStart(): Promise<number> {
  const port = cliPort();
  const running = readPid();
  if (running && isLauncher(running)) {
    const uri = fs.existsSync(URI_FILE) ? fs.readFileSync(URI_FILE, 'utf8').trim() : `bolt://127.0.0.1:${port}`;
    const m = /:(\d+)$/.exec(uri);
    if (await boltAnswers('127.0.0.1', m ? Number(m[1]) : port)) {
      console.error(`neo4j already running (pid ${running})`);
      console.log(`NEO4J_URI=${uri}`);
      return 0;
    }
    console.error(`neo4j pid ${running} is alive but Bolt does not answer yet; waiting...`);
    return (await waitForCliReady(running, m ? Number(m[1]) : port, 0)) ? 0 : 1;
  }

  requireJava();
  await ensureLauncherBuilt((line) => console.error(line));
  fs.mkdirSync(DATA_DIR, { recursive: true });
  const logStart = fs.existsSync(LOG_FILE) ? fs.statSync(LOG_FILE).size : 0;
  const fd = fs.openSync(LOG_FILE, 'a');
  fs.writeSync(fd, `\n=== ${new Date().toISOString()} starting neo4j on 127.0.0.1:${port} ===\n`);
  const child: ChildProcess = spawn(javaBin(), launchArgs(DATA_DIR, port, false, false), {
    cwd: ROOT,
    env: launchEnv(process.env.NEO4J_PASSWORD),
    stdio: ['ignore', fd, fd],
    detached: true,
  });
  fs.closeSync(fd);
  const spawnError = await new Promise<Error | undefined>((resolve) => {
    child.once('error', resolve);
    child.once('spawn', () => resolve(undefined));
  });
  if (spawnError) {
    console.error(`cannot run ${javaBin()}: ${spawnError.message}`);
    return 1;
  }
  child.unref();
  fs.writeFileSync(PID_FILE, `${child.pid}\n`);
  fs.writeFileSync(URI_FILE, `bolt://127.0.0.1:${port}\n`);
  return (await waitForCliReady(child.pid!, port, logStart)) ? 0 : 1;
}

async function waitForCliReady(pid: number, port: number, logStart: number): Promise<boolean> {
  const deadline = Date.now() + DEFAULT_START_TIMEOUT_MS;
  const readLog = (): string => {
    try {
      const buf = fs.readFileSync(LOG_FILE);
      return buf.subarray(Math.min(logStart, buf.length)).toString();
    } catch {
      return '';
    }
  };
  while (Date.now() < deadline) {
    const log = readLog();
    const m = READY_RE.exec(log);
    if (m && (await boltAnswers(m[2], Number(m[3])))) {
      console.log(`NEO4J_URI=${m[1]}`);
      return true;
    }
    if (!pidAlive(pid)) {
      console.error(`neo4j exited before it was ready; ${LOG_FILE} (tail):\n${tail(log)}`);
      cleanupState();
      return false;
    }
    if (!m && logStart === 0 && (await boltAnswers('127.0.0.1', port))) {
      // already-running case without a fresh ready line in the log
      console.log(`NEO4J_URI=bolt://127.0.0.1:${port}`);
      return true;
    }
    await sleep(200);
  }
  console.error(`neo4j not ready after ${DEFAULT_START_TIMEOUT_MS / 1000} s; killing pid ${pid}. ${LOG_FILE} (tail):\n${tail(readLog())}`);
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // gone
  }
  cleanupState();
  return false;
}

function cleanupState(): void {
  fs.rmSync(PID_FILE, { force: true });
  fs.rmSync(URI_FILE, { force: true });
}

async function cliStop(): Promise<number> {
  const pid = readPid();
  if (!pid || !isLauncher(pid)) {
    console.error('neo4j is not running');
    cleanupState();
    return 0;
  }
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (pidAlive(pid) && Date.now() < deadline) await sleep(100);
  if (pidAlive(pid)) {
    console.error(`neo4j (pid ${pid}) did not stop within ${STOP_TIMEOUT_MS / 1000} s; sending SIGKILL`);
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
    while (pidAlive(pid)) await sleep(100);
  }
  cleanupState();
  console.error(`neo4j stopped (pid ${pid})`);
  return 0;
}

async function cliStatus(): Promise<number> {
  const pid = readPid();
  if (!pid || !isLauncher(pid)) {
    console.log('neo4j is not running');
    return 1;
  }
  const uri = fs.existsSync(URI_FILE) ? fs.readFileSync(URI_FILE, 'utf8').trim() : '';
  const m = /:(\d+)$/.exec(uri);
  const up = m ? await boltAnswers('127.0.0.1', Number(m[1])) : false;
  console.log(`neo4j pid ${pid} ${up ? 'answering' : 'NOT answering'} on ${uri}`);
  if (up) console.log(`NEO4J_URI=${uri}`);
  return up ? 0 : 1;
}

async function main(argv: string[]): Promise<number> {
  switch (argv[0]) {
    case 'start':
      return cliStart();
    case 'stop':
      return cliStop();
    case 'status':
      return cliStatus();
    case 'build':
      requireJava();
      await ensureLauncherBuilt((line) => console.error(line));
      return 0;
    default:
      console.error('usage: tsx scripts/neo4j.ts start|stop|status|build');
      return 2;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: Error) => {
      console.error(err.message);
      process.exit(1);
    },
  );
}
