/**
 * What users meet first: `npm start` as a real process (what it prints, the curl line it prints,
 * SIGTERM to npm's own process), and start-up problems reported before any store opens, each
 * naming its variable.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ConfigError } from '../platform/config';
import { startFromEnvironment } from '../scripts/start';
import { until } from './support/eventually';

const ROOT = join(__dirname, '..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

/** Resolves true when something accepts connections on 127.0.0.1:port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Every process below `pid`, from /proc (Linux). */
function descendants(pid: number): number[] {
  const children = readdirSync(`/proc/${pid}/task`).flatMap((task) => {
    const text = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
    return text ? text.split(/\s+/).map(Number) : [];
  });
  return children.flatMap((child) => [child, ...descendants(child)]);
}

describe('a start that cannot succeed', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-startup-'));
  let taken: Server;
  let takenPort: number;

  beforeAll(async () => {
    taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, resolve));
    takenPort = (taken.address() as { port: number }).port;
  });

  afterAll(async () => {
    await new Promise((resolve) => taken.close(resolve));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('reports a port in use, naming the port and its variable, before any store opens', async () => {
    const error = await startFromEnvironment(
      { PORT: '0', CMDB_PORT: String(takenPort), TICKETS_PORT: '0', KNOWLEDGE_PORT: '0', DATA_DIR: dataDir, SEED_DEMO: 'false', LOG_LEVEL: 'silent' },
      () => undefined,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([expect.stringContaining(`CMDB_PORT=${takenPort}: port ${takenPort} is already in use`)]);
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('names DATABASE_URL, the URL without its password and the cause when PostgreSQL does not answer', async () => {
    const error = await startFromEnvironment(
      { PORT: '0', CMDB_PORT: '0', TICKETS_PORT: '0', KNOWLEDGE_PORT: '0', DATABASE_URL: 'postgres://hub:s3cret@127.0.0.1:1/hub', SEED_DEMO: 'false', LOG_LEVEL: 'silent' },
      () => undefined,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    const [problem] = (error as ConfigError).problems;
    expect(problem).toContain('DATABASE_URL=postgres://hub:***@127.0.0.1:1/hub');
    expect(problem).toContain('PostgreSQL');
    expect(problem).toContain('ECONNREFUSED');
    expect(problem).not.toContain('s3cret');
  });
});

describe('npm start as users run it', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-startup-'));
  const ports: number[] = [];
  let npm: ChildProcess;
  let output = '';
  let exited: Promise<number | null>;

  beforeAll(async () => {
    for (let i = 0; i < 4; i++) ports.push(await freePort());
    const [gateway, cmdb, tickets, knowledge] = ports.map(String);
    npm = spawn('npm', ['start'], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        npm_config_update_notifier: 'false',
        PORT: gateway,
        CMDB_PORT: cmdb,
        TICKETS_PORT: tickets,
        KNOWLEDGE_PORT: knowledge,
        DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    exited = new Promise((resolve) => npm.once('exit', (code) => resolve(code)));
    npm.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    npm.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await Promise.race([
      until(() => /From a shell:\n {2}curl .*\n/.test(output), { timeoutMs: 170_000, what: 'npm start printing its examples', describe: () => output }),
      exited.then((code) => Promise.reject(new Error(`npm start exited with ${code}:\n${output}`))),
    ]);
  }, 180_000);

  afterAll(async () => {
    if (npm.exitCode === null && npm.signalCode === null) {
      npm.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('reports each step of the first start, the demo load included', () => {
    const steps = output.split('\n').filter((line) => line.startsWith('ITSM hub:'));
    expect(steps[0]).toContain(`PGlite in ${dataDir}`);
    expect(steps.some((line) => /demo: importing \d+ configuration items/.test(line))).toBe(true);
    expect(steps.some((line) => line.includes('demo: loaded'))).toBe(true);
  });

  it("prints a query with the demo's real core switch id and a curl line that works as printed", async () => {
    const query = /query \{ configurationItem\(id: "([^"]+)"\)/.exec(output);
    expect(query).not.toBeNull();
    const curl = /^ {2}(curl .*)$/m.exec(output)![1];
    expect(curl).toContain(query![1]);
    const { stdout } = await promisify(execFile)('sh', ['-c', curl]);
    const answer = JSON.parse(stdout);
    expect(answer.errors).toBeUndefined();
    expect(answer.data.configurationItem.name).toBe('core-sw-1');
    expect(answer.data.configurationItem.impact.totalCount).toBeGreaterThan(0);
  });

  it("leaves no process and no listening port behind within 5 s of SIGTERM to npm's own process", async () => {
    const below = descendants(npm.pid!);
    expect(below.length).toBeGreaterThan(0);
    expect(await listening(ports[0])).toBe(true);
    process.kill(npm.pid!, 'SIGTERM');
    await until(() => below.every((pid) => !alive(pid)) && !alive(npm.pid!), {
      timeoutMs: 5_000,
      what: 'every process of npm start ending',
      describe: () => `still alive: ${[npm.pid!, ...below].filter(alive).join(', ')}`,
    });
    for (const port of ports) expect(await listening(port)).toBe(false);
    expect(existsSync(join(dataDir, 'cmdb'))).toBe(true);
  });
});
