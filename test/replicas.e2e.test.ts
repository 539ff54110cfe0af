/**
 * Two tickets-subgraph processes and two gateways on one PostgreSQL: a
 * mutation sent through either gateway reaches the subscribers of both, once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { readGatewayConfig } from '../gateway/config';
import { createGatewayServer, type GatewayServer } from '../gateway/server';
import { SUPERGRAPH_FILE } from '../schema/compose';
import { openPostgres } from '../platform/sql';
import { readCmdbConfig } from '../subgraphs/cmdb/config';
import { createCmdbServer } from '../subgraphs/cmdb/server';
import { openSqlCmdbStore } from '../subgraphs/cmdb/store/sql';
import type { CmdbStore } from '../subgraphs/cmdb/store';
import type { RunningServer } from '../platform/subgraph-server';
import { goldenClient } from './support/hub';
import { createTestDatabase, postgresSuitesRun, type TestDatabase } from './support/postgres';
import { eventually, until } from './support/eventually';
import { subscribe } from './support/subscriber';

const ROOT = join(__dirname, '..');
const SECRET = 'replica-test-secret';
const runOnPostgres = postgresSuitesRun() ? describe : describe.skip;

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
    env: { ...process.env, NODE_OPTIONS: '', LOG_LEVEL: 'info', DATABASE_URL: databaseUrl, TICKETS_PORT: String(port), CMDB_URL: cmdbUrl, HUB_INTERNAL_SECRET: SECRET },
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
    cmdb = createCmdbServer({ config: readCmdbConfig({ HUB_INTERNAL_SECRET: SECRET }), store: cmdbStore });
    const cmdbUrl = await cmdb.start(0);
    // Sequentially: the first applies the migrations, the second finds them applied.
    for (let i = 0; i < 2; i++) {
      const tickets = await startTicketsProcess(database.url, cmdbUrl);
      replicas.push(tickets.child);
      const server = createGatewayServer({
        supergraphSdl: readFileSync(SUPERGRAPH_FILE, 'utf8'),
        config: readGatewayConfig({ CMDB_URL: cmdbUrl, TICKETS_URL: tickets.url, HUB_INTERNAL_SECRET: SECRET, LOG_LEVEL: process.env.LOG_LEVEL }),
      });
      gateways.push({ server, url: await server.start(0) });
    }
  }, 180_000);

  afterAll(async () => {
    for (const { server } of gateways) await server.stop();
    // The replicas hold connections to the database: it is dropped once they have exited.
    const exited = replicas.map((child) => (child.exitCode === null && child.signalCode === null ? once(child, 'exit') : undefined));
    for (const child of replicas) child.kill('SIGTERM');
    await cmdb?.stop();
    await cmdbStore?.close();
    await Promise.all(exited);
    await database?.drop();
  });

  it('delivers a mutation sent to either replica to subscribers of both gateways, once each', async () => {
    const [a, b] = gateways.map((g) => goldenClient(g.url));
    const filter = { assignmentGroup: 'replicas' };
    const onA = subscribe(gateways[0].url, { filter });
    const onB = subscribe(gateways[1].url, { filter });
    // The replicas run in other processes, so their feeds cannot be asked when the upstream
    // subscriptions are live: probe with incidents until both subscribers hear one.
    const heardByBoth = () => onA.events.length > 0 && onB.events.length > 0;
    await eventually(
      async () => {
        await a.call('OpenIncident', { input: { title: 'probe', impact: 'LOW', urgency: 'LOW', assignmentGroup: 'replicas' } });
        await until(heardByBoth, { timeoutMs: 300, what: 'a probe heard by both subscribers' });
      },
      { timeoutMs: 30_000, intervalMs: 0, what: 'subscriptions live at both replicas' },
    );

    const viaA = (await a.call<any>('OpenIncident', { input: { title: 'via A', impact: 'LOW', urgency: 'LOW', assignmentGroup: 'replicas' } })).createIncident;
    const viaB = (await b.call<any>('OpenIncident', { input: { title: 'via B', impact: 'LOW', urgency: 'LOW', assignmentGroup: 'replicas' } })).createIncident;
    await a.call('Comment', { id: viaB.id, body: 'cross-replica comment' });

    const watched = new Set([viaA.id, viaB.id]);
    const received = (subscriber: typeof onA) => subscriber.events.filter((e) => watched.has(e.ticket.id));
    for (const subscriber of [onA, onB]) {
      await until(() => received(subscriber).length >= 3, {
        timeoutMs: 20_000,
        what: 'three events',
        describe: () => JSON.stringify(received(subscriber).map((e) => e.kind)),
      });
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

  it("gives a gateway's kept CMDB answer only until a write through the other gateway commits", async () => {
    const [a, b] = gateways.map((g) => goldenClient(g.url));
    await b.call('ImportTopology', {
      items: [
        { externalId: 'rep-host', name: 'rep host', ciClass: 'SERVER' },
        { externalId: 'rep-vm', name: 'rep vm', ciClass: 'VIRTUAL_MACHINE' },
      ],
      relationships: [{ sourceExternalId: 'rep-vm', targetExternalId: 'rep-host', type: 'HOSTED_ON' }],
    });
    const hostId = (await a.call('ItemByExternalId', { externalId: 'rep-host' })).configurationItemByExternalId.id;
    const vmId = (await a.call('ItemByExternalId', { externalId: 'rep-vm' })).configurationItemByExternalId.id;
    const names = async () => (await a.call('Impact', { id: hostId, depth: 3 })).configurationItem.impact.items.map((i: any) => i.item.name);

    const cache = () => gateways[0].server.answerCache();
    expect(await names()).toEqual(['rep vm']);
    const kept = cache().hits;
    expect(await names()).toEqual(['rep vm']);
    expect(cache().hits).toBe(kept + 1);

    await b.call('UpdateItem', { id: vmId, input: { externalId: 'rep-vm', name: 'rep vm renamed on B', ciClass: 'VIRTUAL_MACHINE' } });
    expect(await names()).toEqual(['rep vm renamed on B']);
    expect(cache().hits).toBe(kept + 1);
  });
});
