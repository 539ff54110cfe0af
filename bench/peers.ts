/**
 * `npm run bench -- --only peers`: the hub's gateway against Hive Gateway (The Guild's federation
 * gateway, MIT) at its defaults, and against Hive Gateway with its Rust query planner
 * (@graphql-hive/router-runtime), on the same subgraph processes, supergraph and data.
 *
 * The peers and the load generator (autocannon) are installed in bench/peers/ from its own
 * package.json and lock file (bench/processes.ts; only when what is there is not what they pin),
 * never in the hub's dependencies; an install that fails stops the bench (quick or not) with the
 * reason. Every service runs in a process of its own: the three
 * subgraphs (their own entry points, on one PostgreSQL database holding the 10,000-item estate of
 * bench/topology.ts and its tickets), our gateway (gateway/index.ts, configured as shipped), and
 * the two Hive Gateways (its CLI, bench/peers/gateway.config.mjs). Then, in interleaved rounds
 * (ours, Hive, Hive with the Rust planner, for each operation and client count in turn), the four
 * golden operations at 1 and 20 concurrent clients; every answer is compared, JSON-equal, with
 * our gateway's answer at rest. Reported: requests per second, p50 and p99 latency, each gateway
 * process's peak resident memory and CPU time per answer, as figures and as ratios ours/peer.
 *
 * `--quick` (CI): the same path, one round of about a second per cell.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { loadavg, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { graphqlClient } from '../platform/graphql-client';
import { openPostgres } from '../platform/sql';
import { INTERNAL_SECRET_HEADER } from '../platform/subgraph-server';
import { SUPERGRAPH_FILE } from '../schema/compose';
import { traversalRequest } from '../subgraphs/cmdb/domain';
import { openSqlCmdbStore } from '../subgraphs/cmdb/store/sql';
import { createTestDatabase, postgresAvailable } from '../test/support/postgres';
import { goldenOperation } from './golden';
import { int, load, ms } from './impact';
import { startHiveGateway } from './hive';
import {
  childrenOf,
  CLOCK_TICK_MS,
  freePort,
  installPeers,
  memoryOf,
  peerModule,
  peerVersion,
  processCpuMs,
  ROOT,
  Service,
  serviceEnv,
  startOurGateway,
  TSX,
  type SubgraphUrls,
} from './processes';
import { distribution, median, type Distribution } from './stats';
import { generateTopology } from './topology';
import type { BenchOptions } from './run';


const ESTATE_ITEMS = 10_000;
/** The contract's default depth, which the issue's figures use. */
const DEPTH = 5;
/** Open incidents on items of the medium root's impact, as bench/impact.ts opens them. */
const OPEN_INCIDENTS = 50;
/** Closed incidents imported beside them, so that `ExtractTickets` at `first: 1000` lists a full page. */
const HISTORIC_INCIDENTS = 1_500;
const IMPORT_BATCH = 500;
const CLIENTS = [1, 20] as const;

interface Settings {
  rounds: number;
  /** About how long a measured cell lasts: its requests are sized from the cell's previous rate. */
  seconds: number;
  /** Requests each client sends at least in a measured cell. */
  minimumPerClient: number;
  /** Requests each client sends in the unmeasured warm-up of every cell. */
  warmupPerClient: number;
}

const FULL: Settings = { rounds: 3, seconds: 8, minimumPerClient: 5, warmupPerClient: 5 };
const QUICK: Settings = { rounds: 1, seconds: 1, minimumPerClient: 1, warmupPerClient: 1 };

/** An operation as the clients send it: the golden document and its variables. */
interface Operation {
  name: 'Impact' | 'ImpactWithIncidents' | 'ExtractTickets' | 'ChangeImpact';
  variables: Record<string, unknown>;
  /** The request body, the same bytes for every gateway. */
  body: string;
}

// ---------------------------------------------------------------------------------------------
// Peers: start

interface Gateway {
  name: string;
  url: string;
  service: Service;
}

/**
 * The three subgraphs, each from its own entry point, on the bench's database. Every service the
 * start functions spawn goes into `started` at once, so that the bench stops those that came up
 * when another fails.
 */
async function startSubgraphs(databaseUrl: string, secret: string, started: Service[]): Promise<SubgraphUrls> {
  const ports = { cmdb: await freePort(), tickets: await freePort(), knowledge: await freePort() };
  const urls: SubgraphUrls = {
    cmdb: `http://127.0.0.1:${ports.cmdb}/graphql`,
    tickets: `http://127.0.0.1:${ports.tickets}/graphql`,
    knowledge: `http://127.0.0.1:${ports.knowledge}/graphql`,
  };
  const env = {
    ...serviceEnv(),
    DATABASE_URL: databaseUrl,
    HUB_INTERNAL_SECRET: secret,
    CMDB_PORT: String(ports.cmdb),
    TICKETS_PORT: String(ports.tickets),
    KNOWLEDGE_PORT: String(ports.knowledge),
    CMDB_URL: urls.cmdb,
    TICKETS_URL: urls.tickets,
  };
  const services = (['cmdb', 'tickets', 'knowledge'] as const).map(
    (name) => new Service(`${name} subgraph`, process.execPath, [...TSX, join('subgraphs', name, 'index.ts')], { cwd: ROOT, env }),
  );
  started.push(...services);
  await Promise.all(services.map((service, i) => service.waitUntilServing(Object.values(urls)[i], { [INTERNAL_SECRET_HEADER]: secret })));
  return urls;
}

// ---------------------------------------------------------------------------------------------
// Data

interface Seeded {
  operations: Operation[];
  /** What the generator says `Impact` of the medium root reaches (a check on the reference answer). */
  mediumReach: number;
  describe: string;
}

function operation(name: Operation['name'], variables: Record<string, unknown>): Operation {
  return { name, variables, body: JSON.stringify({ query: goldenOperation(name), operationName: name, variables }) };
}

/** The estate into the CMDB's tables directly (as bench/impact.ts loads it), before any subgraph runs. */
async function seedEstate(databaseUrl: string, progress: (line: string) => void) {
  const topology = generateTopology({ items: ESTATE_ITEMS });
  const store = await openSqlCmdbStore(openPostgres(databaseUrl, 'cmdb'));
  try {
    const figures = await load(store, topology);
    progress(`estate of ${int(topology.size)} items, ${int(topology.relationshipCount)} relationships imported in ${figures.seconds.toFixed(1)} s`);
    const medium = (await store.itemsByExternalIds([topology.roots.medium.externalId])).get(topology.roots.medium.externalId)!;
    const reached = await store.traverse(traversalRequest([medium.id], 'impact', { depth: DEPTH }));
    const step = Math.max(1, Math.floor(reached.items.length / OPEN_INCIDENTS));
    const incidentItems = reached.items.filter((_, i) => i % step === 0).slice(0, OPEN_INCIDENTS).map((r) => r.item.id);
    // Historic incidents on items spread over the whole estate (a prime stride visits every layer); retired items take none.
    const externalIds = Array.from({ length: HISTORIC_INCIDENTS * 2 }, (_, k) => topology.externalIdOf((k * 7919) % topology.size));
    const stored = await store.itemsByExternalIds([...new Set(externalIds)]);
    const historicItems = externalIds
      .map((e) => stored.get(e)!)
      .filter((item) => item.lifecycle !== 'RETIRED')
      .slice(0, HISTORIC_INCIDENTS)
      .map((item) => item.id);
    return { topology, mediumId: medium.id, mediumName: medium.name, incidentItems, historicItems };
  } finally {
    await store.close();
  }
}

/** Tickets through our gateway, as clients create them: open incidents, one change, an import of closed ones. */
async function seedTickets(gatewayUrl: string, estate: Awaited<ReturnType<typeof seedEstate>>, progress: (line: string) => void): Promise<Seeded> {
  const client = graphqlClient(gatewayUrl);
  const started = performance.now();
  for (const [index, itemId] of estate.incidentItems.entries()) {
    await client.call(goldenOperation('OpenIncident'), {
      input: { title: `bench incident ${index}`, impact: 'MEDIUM', urgency: index % 3 === 0 ? 'HIGH' : 'MEDIUM', affectedItemIds: [itemId] },
    });
  }
  const change = await client.call<{ createChangeRequest: { id: string } }>(goldenOperation('OpenChange'), {
    input: { title: `bench change on ${estate.mediumName}`, changeType: 'NORMAL', impact: 'MEDIUM', urgency: 'MEDIUM', affectedItemIds: [estate.mediumId] },
  });
  const base = Date.parse('2025-01-06T08:00:00Z');
  for (let from = 0; from < estate.historicItems.length; from += IMPORT_BATCH) {
    const items = estate.historicItems.slice(from, from + IMPORT_BATCH).map((itemId, offset) => {
      const k = from + offset;
      const created = base + k * 3_600_000;
      return {
        externalId: `bench-peers-${k}`,
        title: `closed incident ${k}`,
        impact: (['LOW', 'MEDIUM', 'HIGH'] as const)[k % 3],
        urgency: (['MEDIUM', 'LOW', 'HIGH'] as const)[k % 3],
        status: 'CLOSED',
        createdAt: new Date(created).toISOString(),
        resolvedAt: new Date(created + 7_200_000).toISOString(),
        closedAt: new Date(created + 10_800_000).toISOString(),
        assignmentGroup: `team-${k % 12}`,
        affectedItemIds: [itemId],
      };
    });
    await client.call(goldenOperation('ImportIncidents'), { items });
  }
  progress(`${estate.incidentItems.length} open incidents, 1 change, ${estate.historicItems.length} closed incidents created in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const { topology } = estate;
  return {
    mediumReach: topology.roots.medium.reach[DEPTH],
    describe:
      `${int(topology.size)} items and ${int(topology.relationshipCount)} relationships (bench/topology.ts); medium root ${topology.roots.medium.name} ` +
      `(${int(topology.roots.medium.reach[DEPTH])} items at depth ${DEPTH}); ${estate.incidentItems.length} open incidents on items of its impact, ` +
      `${int(estate.historicItems.length)} closed incidents spread over the estate, one change request on the medium root`,
    operations: [
      operation('Impact', { id: estate.mediumId, depth: DEPTH }),
      operation('ImpactWithIncidents', { id: estate.mediumId, depth: DEPTH }),
      operation('ExtractTickets', { first: 1000 }),
      operation('ChangeImpact', { id: change.createChangeRequest.id, depth: DEPTH }),
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// Answers

/** JSON with every object's keys sorted: equal strings for JSON-equal values. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as object).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/**
 * Compares answers with the reference (our gateway's, at rest). Equal bytes are equal; other
 * bytes are parsed and compared JSON-equal once, then remembered, so checking every answer under
 * load costs a string comparison.
 */
class AnswerCheck {
  private readonly equal = new Set<string>();
  private readonly reference: string;
  checked = 0;
  mismatches = 0;
  example: string | null = null;

  constructor(referenceBody: string) {
    this.reference = canonical(JSON.parse(referenceBody));
    this.equal.add(referenceBody);
  }

  check(body: string): boolean {
    this.checked += 1;
    if (this.equal.has(body)) return true;
    let same = false;
    try {
      same = canonical(JSON.parse(body)) === this.reference;
    } catch {
      // Not JSON: a mismatch, kept as the example below.
    }
    if (same) {
      if (this.equal.size < 8) this.equal.add(body);
      return true;
    }
    this.mismatches += 1;
    this.example ??= body.slice(0, 400);
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Load

/** The part of autocannon's programmatic API the bench uses. */
interface Autocannon {
  (
    options: {
      url: string;
      connections: number;
      /** Requests in all, over all connections; autocannon then ignores its duration. */
      amount: number;
      /** How often it samples its own counters, ms; it ends a run only at a sample. */
      sampleInt: number;
      timeout: number;
      method: 'POST';
      headers: Record<string, string>;
      body: string;
      requests: { onResponse: (status: number, body: string) => void }[];
    },
    done: (error: Error | null, result: { errors: number; timeouts: number; non2xx: number }) => void,
  ): { on(event: 'response', listener: (client: unknown, status: number, bytes: number, ms: number) => void): void };
}

interface Cell {
  gateway: string;
  operation: Operation['name'];
  clients: number;
  round: number;
  rps: number;
  latencies: number[];
  /** Failed requests: transport errors, timeouts, non-2xx answers. */
  failed: number;
  /** Answers compared with the reference, and those that differed. */
  checked: number;
  wrong: number;
  peakRss: number;
  /** CPU time the gateway process used for the cell, ms. */
  cpuMs: number;
}

/** CPU time (user + system) a process has used, ms; 0 once it is gone (it no longer keeps the services busy). */
const cpuOrZero = (pid: number) => processCpuMs(pid) || 0;

/**
 * Waits until the services are idle before the next cell (another gateway's) starts: no query
 * active on the bench's database, and at most one clock tick of CPU used by all the services in
 * 250 ms, twice in a row. Cells send a fixed number of requests and wait for every answer, so
 * this is normally immediate; it guards against a gateway still working after its last answer.
 */
async function quiesce(pids: number[], activeQueries: () => Promise<number>, timeoutMs = 60_000): Promise<boolean> {
  const started = performance.now();
  let quiet = 0;
  let before = pids.map(cpuOrZero);
  while (performance.now() - started < timeoutMs) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = pids.map(cpuOrZero);
    const used = now.reduce((sum, cpuMs, i) => sum + cpuMs - before[i], 0);
    before = now;
    // CPU times are whole ticks: under one and a half is at most one, whatever the rounding of ms.
    quiet = used < 1.5 * CLOCK_TICK_MS && (await activeQueries()) === 0 ? quiet + 1 : 0;
    if (quiet >= 2) return true;
  }
  return false;
}

interface Load {
  autocannon: Autocannon;
  /** Every service process, for quiesce. */
  pids: number[];
  activeQueries: () => Promise<number>;
  /** Cells after which the services were not idle within a minute. */
  unquiet: string[];
  /** Gateways found exited, with their last output. */
  dead: string[];
}

/**
 * A cell: `requests` requests over `clients` connections, each sent when the connection's previous
 * answer arrived, every answer awaited. The rate is requests over the time they took: nothing is
 * cut off at the end, so no work done for an abandoned request is charged to the gateway, and the
 * clients' first answers (all arriving together) are no gap at the start.
 */
async function runCell(load: Load, gateway: Gateway, op: Operation, clients: number, requests: number, answers: AnswerCheck): Promise<Omit<Cell, 'round'>> {
  if (!gateway.service.isAlive) {
    const exit = await gateway.service.exited;
    const dead = `${gateway.name} is not running (exited with code ${exit.code}, signal ${exit.signal}):\n${gateway.service.tail}`;
    if (!load.dead.includes(dead)) load.dead.push(dead);
    return { gateway: gateway.name, operation: op.name, clients, rps: NaN, latencies: [], failed: requests, checked: 0, wrong: 0, peakRss: NaN, cpuMs: NaN };
  }
  let peakRss = memoryOf(gateway.service.pid)?.rss ?? NaN;
  const poll = setInterval(() => {
    const memory = memoryOf(gateway.service.pid);
    if (memory) peakRss = Math.max(peakRss, memory.rss);
  }, 100);
  const before = { checked: answers.checked, wrong: answers.mismatches };
  const latencies: number[] = [];
  const cpuBefore = processCpuMs(gateway.service.pid);
  const started = performance.now();
  let lastAnswer = started;
  let result: { errors: number; timeouts: number; non2xx: number };
  try {
    result = await new Promise((resolve, reject) => {
      const instance = load.autocannon(
        {
          url: gateway.url,
          connections: clients,
          amount: requests,
          // Its default of a second would hold every cell up to a second after the last answer.
          sampleInt: 50,
          timeout: 120,
          method: 'POST',
          // Apollo Server's CSRF prevention and Hive alike accept a JSON POST.
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: op.body,
          requests: [{ onResponse: (status, body) => void (status === 200 && answers.check(body)) }],
        },
        (error, done) => (error ? reject(error) : resolve(done)),
      );
      instance.on('response', (_client, status, _bytes, responseMs) => {
        lastAnswer = performance.now();
        if (status === 200) latencies.push(responseMs);
      });
    });
  } finally {
    clearInterval(poll);
  }
  const seconds = (lastAnswer - started) / 1000;
  if (!(await quiesce(load.pids, load.activeQueries))) load.unquiet.push(`${gateway.name} ${op.name} ${clients}`);
  // NaN if the gateway exited during the cell: its CPU per answer is then not measured.
  const cpuMs = processCpuMs(gateway.service.pid) - cpuBefore;
  return {
    gateway: gateway.name,
    operation: op.name,
    clients,
    rps: latencies.length / seconds,
    latencies,
    failed: result.errors + result.timeouts + result.non2xx,
    checked: answers.checked - before.checked,
    wrong: answers.mismatches - before.wrong,
    peakRss,
    cpuMs,
  };
}

/** Requests for a cell of about `seconds` at `rps`: a whole number per client, at least `minimumPerClient` each. */
function requestsFor(rps: number, seconds: number, clients: number, minimumPerClient: number): number {
  const perClient = Number.isFinite(rps) ? Math.max(minimumPerClient, Math.round((rps * seconds) / clients)) : minimumPerClient;
  return perClient * clients;
}

// ---------------------------------------------------------------------------------------------
// Report

interface Summary {
  gateway: string;
  operation: Operation['name'];
  clients: number;
  /** Median over the rounds. */
  rps: number;
  /** Over every answer of every round. */
  latency: Distribution;
  failed: number;
  checked: number;
  wrong: number;
  peakRss: number;
  /** The gateway process's CPU time per answer, ms, over every round. */
  cpuPerAnswer: number;
}

function summarize(cells: Cell[]): Summary[] {
  const groups = new Map<string, Cell[]>();
  for (const cell of cells) {
    const key = `${cell.operation}|${cell.clients}|${cell.gateway}`;
    groups.set(key, [...(groups.get(key) ?? []), cell]);
  }
  return [...groups.values()].map((group) => ({
    gateway: group[0].gateway,
    operation: group[0].operation,
    clients: group[0].clients,
    rps: median(group.map((c) => c.rps)),
    latency: distribution(group.flatMap((c) => c.latencies)),
    failed: group.reduce((sum, c) => sum + c.failed, 0),
    checked: group.reduce((sum, c) => sum + c.checked, 0),
    wrong: group.reduce((sum, c) => sum + c.wrong, 0),
    peakRss: Math.max(...group.map((c) => c.peakRss)),
    cpuPerAnswer: group.reduce((sum, c) => sum + c.cpuMs, 0) / group.reduce((sum, c) => sum + c.latencies.length, 0),
  }));
}

const MIB = 1024 * 1024;
const mib = (bytes: number) => (Number.isFinite(bytes) ? (bytes / MIB).toFixed(0) : '—');
/** a/b to two decimals; a dash when either was not measured (no answer in time). */
const ratio = (a: number, b: number) => (Number.isFinite(a / b) && a > 0 && b > 0 ? (a / b).toFixed(2) : '—');
const verdict = (value: number, met: boolean) => (Number.isFinite(value) && value > 0 ? (met ? 'yes' : 'no') : 'not measured');
const rate = (value: number) => (!Number.isFinite(value) ? '—' : value >= 100 ? value.toFixed(0) : value.toFixed(1));

export async function benchPeers({ quick, report }: BenchOptions): Promise<void> {
  const settings = quick ? QUICK : FULL;
  const progress = (line: string) => console.error(`  ${line}`);
  const uptimeBefore = spawnSync('uptime', { encoding: 'utf8' }).stdout.trim();
  installPeers('peers', progress);
  const versions = ['@graphql-hive/gateway', '@graphql-hive/router-runtime', '@graphql-hive/router-query-planner', 'autocannon']
    .map((name) => `${name} ${peerVersion(name)}`)
    .join(', ');
  progress(`peers: ${versions}`);
  const autocannon = peerModule<Autocannon>('autocannon');
  if (!(await postgresAvailable())) throw new Error('peers: no PostgreSQL on 127.0.0.1:5432 (set TEST_POSTGRES_URL): the estate lives there');

  const database = await createTestDatabase('hub_bench_peers');
  const services: Service[] = [];
  const closers: (() => Promise<void>)[] = [];
  const problems: string[] = [];
  try {
    const estate = await seedEstate(database.url, progress);
    const secret = randomBytes(24).toString('base64url');
    const starting = performance.now();
    const subgraphs = await startSubgraphs(database.url, secret, services);
    const gateways = await Promise.all([
      startOurGateway(subgraphs, secret, services).then(({ url, service }): Gateway => ({ name: 'ours', url, service })),
      ...(['Hive', 'Hive+Rust'] as const).map((name) =>
        startHiveGateway({ name, supergraphFile: SUPERGRAPH_FILE, subgraphs, internalSecret: secret, routerRuntime: name === 'Hive+Rust' }, services).then(
          ({ url, service }): Gateway => ({ name, url, service }),
        ),
      ),
    ]);
    progress(`subgraphs and gateways serving in ${((performance.now() - starting) / 1000).toFixed(1)} s`);
    const [ours, ...peers] = gateways;
    const seeded = await seedTickets(ours.url, estate, progress);
    for (const gateway of gateways) {
      const forked = childrenOf(gateway.service.pid);
      if (forked.length) problems.push(`${gateway.name} runs child processes ${forked.join(', ')}: only its main process's memory is measured`);
    }

    // The reference: our gateway's answer at rest, checked against the generated estate; every
    // peer's answer at rest must be JSON-equal to it before any load.
    const checks = new Map<string, AnswerCheck>();
    for (const op of seeded.operations) {
      const response = await fetch(ours.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: op.body });
      const body = await response.text();
      const parsed = JSON.parse(body) as { data?: Record<string, any>; errors?: unknown[] };
      if (response.status !== 200 || parsed.errors || !parsed.data) throw new Error(`peers: our gateway failed ${op.name}: HTTP ${response.status} ${body.slice(0, 400)}`);
      if (op.name === 'Impact' && parsed.data.configurationItem.impact.totalCount !== seeded.mediumReach) {
        problems.push(`Impact reached ${parsed.data.configurationItem.impact.totalCount} items, the generated estate says ${seeded.mediumReach}`);
      }
      for (const gateway of gateways) {
        const check = new AnswerCheck(body);
        checks.set(`${gateway.name}|${op.name}`, check);
        if (gateway === ours) continue;
        const answer = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: op.body });
        const text = await answer.text();
        if (answer.status !== 200 || !check.check(text)) {
          problems.push(`${gateway.name} answered ${op.name} differently from ours at rest: HTTP ${answer.status} ${text.slice(0, 300)}`);
        }
      }
    }

    const watcher = new Client({ connectionString: database.url });
    await watcher.connect();
    closers.push(() => watcher.end());
    const load: Load = {
      autocannon,
      pids: services.map((service) => service.pid),
      activeQueries: async () =>
        (
          await watcher.query<{ active: number }>(
            "SELECT count(*)::int AS active FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()",
          )
        ).rows[0].active,
      unquiet: [],
      dead: [],
    };
    const load0 = loadavg()[0];
    // Warm-up: a few requests per client in every cell (plans cached, connections open, JIT warm);
    // its rate sizes the first round's cells, and each round's rate sizes the next round's.
    progress(`warming up: ${settings.warmupPerClient} requests per client in every cell`);
    const lastRate = new Map<string, number>();
    const cellKey = (gateway: Gateway, op: Operation, clients: number) => `${gateway.name}|${op.name}|${clients}`;
    for (const op of seeded.operations) {
      for (const clients of CLIENTS) {
        for (const gateway of gateways) {
          const warm = await runCell(load, gateway, op, clients, settings.warmupPerClient * clients, checks.get(`${gateway.name}|${op.name}`)!);
          lastRate.set(cellKey(gateway, op, clients), warm.rps);
        }
      }
    }
    const cells: Cell[] = [];
    const started = performance.now();
    const generatorCpu = process.cpuUsage();
    for (let round = 1; round <= settings.rounds; round += 1) {
      for (const op of seeded.operations) {
        for (const clients of CLIENTS) {
          for (const gateway of gateways) {
            const key = cellKey(gateway, op, clients);
            const requests = requestsFor(lastRate.get(key)!, settings.seconds, clients, settings.minimumPerClient);
            const cell = { ...(await runCell(load, gateway, op, clients, requests, checks.get(`${gateway.name}|${op.name}`)!)), round };
            lastRate.set(key, cell.rps);
            cells.push(cell);
            progress(
              `round ${round} ${op.name} ${clients} client(s) ${gateway.name}: ${requests} requests, ${rate(cell.rps)} rps, p50 ${ms(distribution(cell.latencies).p50)} ms` +
                `${cell.failed ? `, ${cell.failed} failed` : ''}`,
            );
          }
        }
      }
    }
    const measuredSeconds = (performance.now() - started) / 1000;
    const generatorUsed = process.cpuUsage(generatorCpu);
    const generatorShare = (generatorUsed.user + generatorUsed.system) / 1e6 / measuredSeconds;
    const peakOf = new Map(gateways.map((g) => [g.name, memoryOf(g.service.pid)?.peak ?? NaN]));
    const uptimeAfter = spawnSync('uptime', { encoding: 'utf8' }).stdout.trim();

    const summaries = summarize(cells);
    const find = (gateway: string, op: string, clients: number) => summaries.find((s) => s.gateway === gateway && s.operation === op && s.clients === clients)!;

    report(`Data: ${seeded.describe}; PostgreSQL database, one per run. Subgraphs: three processes (their own entry points), shared by all gateways.`);
    report(
      `Gateways, each one process: ours (gateway/index.ts, defaults as shipped: SHARE_INFLIGHT_FETCHES and the CMDB's TRAVERSAL_CACHE_MB on), ` +
        `Hive Gateway at its defaults (CLI \`hive-gateway supergraph\`, bench/peers/gateway.config.mjs: subgraph URLs, the internal secret, and the tickets subscription transport, which queries never open), ` +
        `Hive+Rust (the same with \`unifiedGraphHandler\` of @graphql-hive/router-runtime). ${versions}; Node ${process.version}, ${cpus().length} CPUs, ${Math.round(totalmem() / 1024 ** 3)} GiB.`,
    );
    report(
      `Load: autocannon, ${settings.rounds} interleaved round(s) (ours, Hive, Hive+Rust for each operation and client count in turn); a cell sends a fixed number of ` +
        `requests sized for about ${settings.seconds} s from that cell's previous rate (at least ${settings.minimumPerClient} per client) and awaits every answer, ` +
        `after a warm-up of ${settings.warmupPerClient} requests per client in every cell; ${measuredSeconds.toFixed(0)} s measured, the load generator (this process, which also ` +
        `compares every answer) using ${(generatorShare * 100).toFixed(0)}% of one core. rps: answers over the cell's time, median of the rounds; ` +
        `p50/p99: over every answer of every round, ms; peak RSS: the gateway process's highest VmRSS seen during the cell (polled every 100 ms), MiB; ` +
        `CPU per answer: the gateway process's user and system time (/proc/<pid>/stat) over its answers, which the machine's other load disturbs least.`,
    );
    report(`Machine load: before \`${uptimeBefore}\`; after \`${uptimeAfter}\` (1-minute load ${load0.toFixed(2)} when the load began).\n`);

    report('| operation | clients | gateway | rps | p50 | p99 | peak RSS | gateway CPU per answer, ms | answers checked | wrong | failed |');
    report('|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const op of seeded.operations) {
      for (const clients of CLIENTS) {
        for (const gateway of gateways) {
          const s = find(gateway.name, op.name, clients);
          report(
            `| ${op.name} | ${clients} | ${gateway.name} | ${rate(s.rps)} | ${ms(s.latency.p50)} | ${ms(s.latency.p99)} | ${mib(s.peakRss)} | ${Number.isFinite(s.cpuPerAnswer) ? ms(s.cpuPerAnswer) : '—'} | ` +
              `${int(s.checked)} | ${s.wrong} | ${s.failed} |`,
          );
        }
      }
    }

    report('\nRatios ours/peer (rps above 1: ours serves more; p50, p99, RSS and CPU per answer below 1: ours is faster, smaller or cheaper):\n');
    report(
      '| operation | clients | rps ours/Hive | rps ours/Hive+Rust | p50 ours/Hive | p50 ours/Hive+Rust | p99 ours/Hive | p99 ours/Hive+Rust | RSS ours/Hive | RSS ours/Hive+Rust | CPU per answer ours/Hive | ours/Hive+Rust |',
    );
    report('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const op of seeded.operations) {
      for (const clients of CLIENTS) {
        const o = find('ours', op.name, clients);
        const [h, r] = peers.map((p) => find(p.name, op.name, clients));
        report(
          `| ${op.name} | ${clients} | ${ratio(o.rps, h.rps)} | ${ratio(o.rps, r.rps)} | ${ratio(o.latency.p50, h.latency.p50)} | ${ratio(o.latency.p50, r.latency.p50)} | ` +
            `${ratio(o.latency.p99, h.latency.p99)} | ${ratio(o.latency.p99, r.latency.p99)} | ${ratio(o.peakRss, h.peakRss)} | ${ratio(o.peakRss, r.peakRss)} | ` +
            `${ratio(o.cpuPerAnswer, h.cpuPerAnswer)} | ${ratio(o.cpuPerAnswer, r.cpuPerAnswer)} |`,
        );
      }
    }
    report(
      `\nPeak RSS over the whole run (VmHWM): ${gateways.map((g) => `${g.name} ${mib(peakOf.get(g.name)!)} MiB`).join(', ')}; ` +
        `ours/Hive ${ratio(peakOf.get('ours')!, peakOf.get('Hive')!)}, ours/Hive+Rust ${ratio(peakOf.get('ours')!, peakOf.get('Hive+Rust')!)}.`,
    );

    const high = Math.max(...CLIENTS);
    const low = Math.min(...CLIENTS);
    report('\nTargets (issue 17), against Hive at its defaults:\n');
    report('| target | operation | measured | met |');
    report('|---|---|---:|---|');
    for (const op of seeded.operations) {
      const value = find('ours', op.name, high).rps / find('Hive', op.name, high).rps;
      report(`| rps ours/Hive ≥ 1.5 at ${high} clients | ${op.name} | ${ratio(find('ours', op.name, high).rps, find('Hive', op.name, high).rps)} | ${verdict(value, value >= 1.5)} |`);
    }
    for (const op of seeded.operations) {
      const value = find('ours', op.name, low).latency.p50 / find('Hive', op.name, low).latency.p50;
      report(`| p50 ours/Hive ≤ 1 at ${low} client | ${op.name} | ${ratio(find('ours', op.name, low).latency.p50, find('Hive', op.name, low).latency.p50)} | ${verdict(value, value <= 1)} |`);
    }
    const impact = find('ours', 'Impact', high).rps;
    report(`| Impact of the medium root ≥ 300 rps at ${high} clients | Impact | ${rate(impact)} rps | ${verdict(impact, impact >= 300)} |`);
    if (load.unquiet.length) report(`\nCells after which the services were still busy 60 s later (the next cell started anyway): ${load.unquiet.join('; ')}.`);

    for (const [key, check] of checks) {
      if (check.mismatches) problems.push(`${key.replace('|', ' ')}: ${check.mismatches} of ${check.checked} answers differ from ours at rest, e.g. ${check.example}`);
    }
    const failed = summaries.filter((s) => s.failed > 0);
    for (const s of failed) problems.push(`${s.gateway} ${s.operation} at ${s.clients} client(s): ${s.failed} requests failed (error, timeout or non-2xx)`);
    problems.push(...load.dead);
    if (problems.length) {
      report('\nProblems:\n');
      for (const problem of problems) report(`- ${problem}`);
      throw new Error(`peers: ${problems.length} problem(s), listed above`);
    }
    report(`\nEvery answer (${int([...checks.values()].reduce((sum, c) => sum + c.checked, 0))} in all) was JSON-equal to our gateway's answer at rest.`);
  } finally {
    for (const close of closers) await close();
    // Every service this bench started, whether or not it came up (a failed start leaves the others running).
    for (const service of [...services].reverse()) await service.stop();
    await database.drop();
  }
}
