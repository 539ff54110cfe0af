/**
 * Two tickets-subgraph processes and two gateways on one PostgreSQL: a
 * mutation sent through either gateway reaches the subscribers of both, once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { DEFAULT_LIMITS } from '../gateway/config';
import { createGatewayServer, type GatewayServer } from '../gateway/server';
import { SUPERGRAPH_FILE } from '../schema/compose';
import { openPostgres } from '../platform/sql';
import { createCmdbServer } from '../subgraphs/cmdb/server';
import { openSqlCmdbStore } from '../subgraphs/cmdb/store/sql';
import type { CmdbStore } from '../subgraphs/cmdb/store';
import type { RunningServer } from '../platform/subgraph-server';
import { goldenClient } from './support/hub';
import { createTestDatabase, type TestDatabase } from './support/postgres';
import { subscribe } from './support/subscriber';

const ROOT = join(__dirname, '..');
const SECRET = 'replica-test-secret';
const runOnPostgres = process.env.HUB_TEST_POSTGRES === 'true' ? describe : describe.skip;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function startTicketsProcess(databaseUrl: string, cmdbUrl: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'subgraphs', 'tickets', 'index.ts')], {
    cwd: ROOT,
    env: { ...process.env, NODE_OPTIONS: '', DATABASE_URL: databaseUrl, TICKETS_PORT: String(port), CMDB_URL: cmdbUrl, HUB_INTERNAL_SECRET: SECRET },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`tickets replica did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('tickets subgraph')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`tickets replica exited with ${code}:\n${output}`)));
  });
  return { url: `http://127.0.0.1:${port}/graphql`, child };
}

runOnPostgres('replicas on PostgreSQL', () => {
  let database: TestDatabase;
  let cmdbStore: CmdbStore;
  let cmdb: RunningServer;
  const replicas: ChildProcess[] = [];
  const gateways: { server: GatewayServer; url: string }[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('hub_replicas');
    cmdbStore = await openSqlCmdbStore(openPostgres(database.url, 'cmdb'));
    cmdb = createCmdbServer({ store: cmdbStore, internalSecret: SECRET });
    const cmdbUrl = await cmdb.start(0);
    // Sequentially: the first applies the migrations, the second finds them applied.
    for (let i = 0; i < 2; i++) {
      const tickets = await startTicketsProcess(database.url, cmdbUrl);
      replicas.push(tickets.child);
      const server = createGatewayServer({
        supergraphSdl: readFileSync(SUPERGRAPH_FILE, 'utf8'),
        subgraphUrls: { cmdb: cmdbUrl, tickets: tickets.url },
        internalSecret: SECRET,
        apiTokens: [],
        limits: DEFAULT_LIMITS,
        introspection: true,
      });
      gateways.push({ server, url: await server.start(0) });
    }
  }, 180_000);

  afterAll(async () => {
    for (const { server } of gateways) await server.stop();
    for (const child of replicas) child.kill('SIGTERM');
    await cmdb?.stop();
    await cmdbStore?.close();
    await new Promise((r) => setTimeout(r, 500));
    await database?.drop();
  });

  it('delivers a mutation sent to either replica to subscribers of both gateways, once each', async () => {
    const [a, b] = gateways.map((g) => goldenClient(g.url));
    const filter = { assignmentGroup: 'replicas' };
    const onA = subscribe(gateways[0].url, { filter });
    const onB = subscribe(gateways[1].url, { filter });
    // The replicas run in other processes, so their feeds cannot be asked when the upstream
    // subscriptions are live: probe with incidents until both subscribers hear one.
    const deadline = Date.now() + 30_000;
    while (!onA.events.length || !onB.events.length) {
      if (Date.now() > deadline) throw new Error('subscriptions did not become live at both replicas');
      await a.call('OpenIncident', { input: { title: 'probe', impact: 'LOW', urgency: 'LOW', assignmentGroup: 'replicas' } });
      await new Promise((r) => setTimeout(r, 300));
    }

    const viaA = (await a.call<any>('OpenIncident', { input: { title: 'via A', impact: 'LOW', urgency: 'LOW', assignmentGroup: 'replicas' } })).createIncident;
    const viaB = (await b.call<any>('OpenIncident', { input: { title: 'via B', impact: 'LOW', urgency: 'LOW', assignmentGroup: 'replicas' } })).createIncident;
    await a.call('Comment', { id: viaB.id, body: 'cross-replica comment' });

    const watched = new Set([viaA.id, viaB.id]);
    const received = (subscriber: typeof onA) => subscriber.events.filter((e) => watched.has(e.ticket.id));
    for (const subscriber of [onA, onB]) {
      const deadline = Date.now() + 20_000;
      while (received(subscriber).length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      await subscriber.settle(500);
      expect(received(subscriber).map((e) => [e.kind, e.ticket.id])).toEqual([
        ['CREATED', viaA.id],
        ['CREATED', viaB.id],
        ['COMMENTED', viaB.id],
      ]);
      await subscriber.close();
    }
    expect(received(onA).map((e) => e.sequence)).toEqual(received(onB).map((e) => e.sequence));
  });
});
