/**
 * Soak: the hub under a steady mix of ordinary work (queries, mutations, live subscribers) for a
 * long stretch, first alone and then with the abuse cases of the hardening review repeated in a
 * loop beside it. What a platform team wants to know before putting it in production:
 *
 * - errors that are the server's fault (HTTP 5xx, `INTERNAL_SERVER_ERROR`, a code missing), for
 *   the ordinary work and for the abuse, which must be refused as the client's mistake;
 * - p99 of the golden `Impact` with abuse against the same run without it (target: within 2x);
 * - the hub's heap after a full collection at the start and at the end of the soak (target: flat
 *   within 10%), and its RSS;
 * - what the subscribers received (every committed event, none lost to the abuse).
 *
 * The hub runs in this process on PostgreSQL when the machine has one (else PGlite), with
 * read and write tokens configured so authentication is part of the path. The subscribers run
 * in a child process. `--quick` soaks for 45 s with 100 subscribers; the full run for 10 minutes
 * with 500 (`BENCH_SOAK_MINUTES` overrides the length).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { postGraphQL, type HttpAnswer } from '../platform/graphql-client';
import { loadDemo } from '../scripts/demo';
import { startHub } from '../scripts/hub';
import { benchHubConfig } from './processes';
import { GOLDEN_OPERATIONS } from '../test/support/hub';
import { ADMIN_URL, createTestDatabase, postgresAvailable } from '../test/support/postgres';
import { goldenOperation } from './golden';
import { garbageCollector } from './memory';
import type { BenchOptions } from './run';
import { ascending, percentile } from './stats';

const CLIENT_FLAG = '--soak-bench-subscribers';
const ABUSE_FLAG = '--soak-bench-abuse';
const WRITE_TOKEN = 'soak-write-token';
const READ_TOKEN = 'soak-read-token';
/** Loads the demo (imports need the admin scope). */
const ADMIN_TOKEN = 'soak-admin-token';
/** Concurrent loops of ordinary work. */
const WORKERS = 4;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------- the subscriber process

type ToSubscribers = { type: 'open'; url: string; count: number; query: string; token: string } | { type: 'report' };
type FromSubscribers =
  | { type: 'opened'; connected: number }
  | { type: 'report'; fewest: number; most: number; errors: string[]; closed: string[] };

async function runSubscribers(): Promise<void> {
  /** Events received, per subscriber. */
  const events: number[] = [];
  const errors: string[] = [];
  const closed: string[] = [];
  process.on('message', async (message: ToSubscribers) => {
    if (message.type === 'report') {
      process.send!({ type: 'report', fewest: Math.min(...events), most: Math.max(...events), errors: errors.slice(0, 10), closed: closed.slice(0, 10) } satisfies FromSubscribers);
      return;
    }
    let connected = 0;
    await Promise.all(
      Array.from({ length: message.count }, async (_, index) => {
        events[index] = 0;
        const client = createClient({
          url: message.url.replace(/^http/, 'ws'),
          webSocketImpl: WebSocket,
          retryAttempts: 0,
          lazy: false,
          connectionParams: { authorization: `Bearer ${message.token}` },
          on: {
            connected: () => (connected += 1),
            closed: (event) => closed.push(String((event as { code?: number })?.code ?? 'closed')),
          },
        });
        client.subscribe(
          { query: message.query, operationName: 'TicketEvents', variables: {} },
          {
            next: (result) => {
              if (result.errors?.length) errors.push(result.errors.map((e) => e.message).join('; '));
              else events[index] += 1;
            },
            error: (error) => errors.push(String((error as { message?: string })?.message ?? error)),
            complete: () => undefined,
          },
        );
      }),
    );
    // Connections are acknowledged asynchronously; wait until all are, or report what there is.
    for (let i = 0; i < 300 && connected < message.count; i++) await sleep(100);
    process.send!({ type: 'opened', connected } satisfies FromSubscribers);
  });
}

// ---------------------------------------------------------------- outcomes

type Outcome = 'ok' | 'refused' | 'server fault';

/** What an answer means: a client mistake must come back as 4xx or a coded error that is not internal. */
function outcomeOf(answer: Pick<HttpAnswer, 'status' | 'body'>): Outcome {
  if (answer.status >= 500) return 'server fault';
  const errors = answer.body?.errors ?? [];
  if (!errors.length) return answer.status === 200 && answer.body?.data ? 'ok' : answer.status >= 400 ? 'refused' : 'server fault';
  const codes = errors.map((e) => e.extensions?.code);
  if (codes.some((code) => code === undefined || code === 'INTERNAL_SERVER_ERROR')) return 'server fault';
  return 'refused';
}

class Tally {
  readonly latencies = new Map<string, number[]>();
  readonly outcomes = new Map<string, Record<Outcome, number>>();
  readonly faults: string[] = [];

  record(name: string, ms: number, outcome: Outcome, detail: () => string): void {
    if (!this.latencies.has(name)) this.latencies.set(name, []);
    this.latencies.get(name)!.push(ms);
    const counts = this.outcomes.get(name) ?? { ok: 0, refused: 0, 'server fault': 0 };
    counts[outcome] += 1;
    this.outcomes.set(name, counts);
    if (outcome === 'server fault' && this.faults.length < 10) this.faults.push(`${name}: ${detail()}`);
  }

  p99(name: string): number {
    const values = this.latencies.get(name);
    return values?.length ? percentile(ascending(values), 99) : NaN;
  }

  count(outcome: Outcome): number {
    return [...this.outcomes.values()].reduce((sum, counts) => sum + counts[outcome], 0);
  }

  get total(): number {
    return [...this.outcomes.values()].reduce((sum, counts) => sum + counts.ok + counts.refused + counts['server fault'], 0);
  }
}

// ---------------------------------------------------------------- the abuse process

interface AbuseTarget {
  url: string;
  coreSwitch: string;
  balancer: string;
}

/** A Tally sent between processes. */
interface TallyData {
  latencies: [string, number[]][];
  outcomes: [string, Record<Outcome, number>][];
  faults: string[];
}

/**
 * Runs the abuse cases in a loop for `durationMs`, in a process of its own, so that building and
 * sending 15 MB bodies costs the hub's process nothing but what the hub itself does with them.
 */
async function runAbuse({ url, coreSwitch, balancer }: AbuseTarget, durationMs: number): Promise<Tally> {
  const post = (query: string, variables: Record<string, unknown> = {}, operationName?: string, token = WRITE_TOKEN, timeoutMs = 60_000) =>
    postGraphQL(url, { query, variables, operationName }, { headers: { authorization: `Bearer ${token}` }, timeoutMs });
  const golden = (name: string, variables: Record<string, unknown>, token = WRITE_TOKEN) => post(GOLDEN_OPERATIONS, variables, name, token);
  const tally = new Tally();
  const until = performance.now() + durationMs;
    // The abuse of the hardening review, each expected to be refused as the client's mistake.
    const longText = (n: number) => 'x'.repeat(n);
    const abuse: AbuseCase[] = [
      { name: 'impactAnalysis with 5,000 ids', run: () => golden('ImpactAnalysis', { ids: Array.from({ length: 5000 }, (_, i) => `ci-${i}`), depth: 2 }, READ_TOKEN) },
      { name: 'ticket filter with 200,000 item ids', run: () => golden('ExtractTickets', { first: 10, filter: { affectedItemIds: Array.from({ length: 200_000 }, (_, i) => `ci-${i}`) } }, READ_TOKEN) },
      { name: 'NUL in a title', run: () => golden('OpenIncident', { input: { title: 'a\u0000b', impact: 'LOW', urgency: 'LOW' } }) },
      { name: 'lone surrogate in a title', run: () => golden('OpenIncident', { input: { title: 'a\ud800b', impact: 'LOW', urgency: 'LOW' } }) },
      { name: '15 MB title', run: () => golden('OpenIncident', { input: { title: longText(15_000_000), impact: 'LOW', urgency: 'LOW' } }) },
      { name: '600-character title', run: () => golden('OpenIncident', { input: { title: longText(600), impact: 'LOW', urgency: 'LOW' } }) },
      {
        name: 'attributes nested 5,000 deep',
        run: async () => {
          const input = `{"externalId":"lb-edge","name":"edge load balancer","ciClass":"LOAD_BALANCER","attributes":${nestedJson(5000)}}`;
          const body = `{"query":${JSON.stringify(GOLDEN_OPERATIONS)},"operationName":"UpdateItem","variables":{"id":${JSON.stringify(balancer)},"input":${input}}}`;
          const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${WRITE_TOKEN}` }, body });
          const text = await response.text();
          let parsed: HttpAnswer['body'] = null;
          try {
            parsed = JSON.parse(text) as HttpAnswer['body'];
          } catch {
            // not JSON: judged by its status
          }
          return { status: response.status, headers: response.headers, text, body: parsed };
        },
      },
      { name: 'unknown operationName', run: () => post(GOLDEN_OPERATIONS, {}, 'NoSuchOperation', READ_TOKEN) },
      { name: 'subscription over POST', run: () => golden('TicketEvents', {}, READ_TOKEN) },
      { name: 'unknown bearer token', run: () => golden('Impact', { id: coreSwitch }, 'not-a-token') },
      { name: 'mutation with a read token', run: () => golden('OpenIncident', { input: { title: 'read only', impact: 'LOW', urgency: 'LOW' } }, READ_TOKEN) },
    ];
    const abuseLoop = async (tally: Tally, until: number) => {
      const subscription = goldenOperation('TicketEvents');
      for (let round = 0; performance.now() < until; round++) {
        for (const { name, run } of abuse) {
          if (performance.now() >= until) break;
          const started = performance.now();
          const answer = await run().catch((error: Error) => ({ status: 599, body: null, text: String(error), headers: new Headers() }) as HttpAnswer);
          // An abuse case answered with data was not refused: count it as the server's fault.
          const outcome = outcomeOf(answer);
          tally.record(`abuse: ${name}`, performance.now() - started, outcome === 'ok' ? 'server fault' : outcome, () => `HTTP ${answer.status} ${answer.text.slice(0, 300)}`);
        }
        // 2,000 replaying subscriptions on one socket: all but the per-connection limit refused, memory returned on close.
        const started = performance.now();
        const flood = await subscriptionFlood(url, READ_TOKEN, subscription, 2000, 1000).catch((error: Error) => ({ refused: 0, faults: [String(error)] }));
        tally.record('abuse: 2,000 subscriptions on one socket', performance.now() - started, flood.faults.length || flood.refused < 1000 ? 'server fault' : 'refused', () =>
          `${flood.refused} refused; ${flood.faults.join('; ')}`,
        );
      }
    };
  await abuseLoop(tally, until);
  return tally;
}

function startAbuseProcess(target: AbuseTarget, durationMs: number): Promise<Tally> {
  const child = fork(__filename, [ABUSE_FLAG], { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise<Tally>((resolve, reject) => {
    child.once('message', (data: TallyData) => {
      const tally = new Tally();
      for (const [name, values] of data.latencies) tally.latencies.set(name, values);
      for (const [name, counts] of data.outcomes) tally.outcomes.set(name, counts);
      tally.faults.push(...data.faults);
      child.kill();
      resolve(tally);
    });
    child.once('exit', (code) => reject(new Error(`the abuse process exited with ${code} before reporting`)));
    child.send({ target, durationMs });
  });
}

async function runAbuseProcess(): Promise<void> {
  process.once('message', async ({ target, durationMs }: { target: AbuseTarget; durationMs: number }) => {
    const tally = await runAbuse(target, durationMs);
    const data: TallyData = { latencies: [...tally.latencies], outcomes: [...tally.outcomes], faults: tally.faults };
    process.send!(data);
  });
}

// ---------------------------------------------------------------- the hub side

interface AbuseCase {
  name: string;
  run(): Promise<HttpAnswer>;
}

/** `{"a":{"a":...{}}}` nested `depth` deep, as text: JSON.stringify of such an object overflows this side's stack first. */
function nestedJson(depth: number): string {
  return `${'{"a":'.repeat(depth)}{}${'}'.repeat(depth)}`;
}

/**
 * One socket opening `count` replaying subscriptions (graphql-transport-ws spoken by hand, so
 * nothing on this side queues for it), held for `holdMs`, then closed. Resolves to how the hub
 * answered: subscriptions refused with a coded error, and anything else.
 */
async function subscriptionFlood(url: string, token: string, query: string, count: number, holdMs: number): Promise<{ refused: number; faults: string[] }> {
  const socket = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
  let refused = 0;
  const faults: string[] = [];
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
    socket.once('error', reject);
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string; payload?: { extensions?: { code?: string } }[] };
      if (message.type === 'connection_ack') {
        for (let i = 0; i < count; i++) {
          socket.send(JSON.stringify({ id: String(i), type: 'subscribe', payload: { query, operationName: 'TicketEvents', variables: { afterSequence: '0' } } }));
        }
        setTimeout(resolve, holdMs);
      } else if (message.type === 'error') {
        const code = message.payload?.[0]?.extensions?.code;
        if (code && code !== 'INTERNAL_SERVER_ERROR') refused += 1;
        else faults.push(JSON.stringify(message.payload).slice(0, 200));
      }
    });
  });
  socket.close();
  return { refused, faults };
}

export async function benchSoak({ quick, report }: BenchOptions): Promise<void> {
  const minutes = Number(process.env.BENCH_SOAK_MINUTES ?? (quick ? 0.75 : 10));
  if (!(minutes > 0)) throw new Error(`BENCH_SOAK_MINUTES must be a positive number, got ${process.env.BENCH_SOAK_MINUTES}`);
  const soakMs = minutes * 60_000;
  const baselineMs = Math.min(120_000, Math.max(15_000, soakMs / 5));
  const subscriberCount = quick ? 100 : 500;
  const gc = garbageCollector();
  const collect = gc.collectFully;

  const dataDir = mkdtempSync(join(tmpdir(), 'bench-soak-'));
  const database = (await postgresAvailable()) ? await createTestDatabase('bench_soak') : null;
  const backend = database ? `PostgreSQL (fresh database at ${new URL(ADMIN_URL).host})` : 'embedded PGlite (no PostgreSQL answered)';
  const hub = await startHub(
    benchHubConfig(dataDir, {
      DATABASE_URL: database?.url,
      API_TOKENS: `soak-writer:${WRITE_TOKEN}:write,soak-reader:${READ_TOKEN}:read,soak-admin:${ADMIN_TOKEN}:admin`,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'error',
    }),
  );
  const url = hub.gatewayUrl;
  const post = (query: string, variables: Record<string, unknown> = {}, operationName?: string, token = WRITE_TOKEN, timeoutMs = 60_000) =>
    postGraphQL(url, { query, variables, operationName }, { headers: { authorization: `Bearer ${token}` }, timeoutMs });
  const golden = (name: string, variables: Record<string, unknown>, token = WRITE_TOKEN) => post(GOLDEN_OPERATIONS, variables, name, token);

  let subscribers: ChildProcess | null = null;
  try {
    const loaded = await golden('ItemByExternalId', { externalId: 'core-sw-1' });
    if (!loaded.body?.data?.configurationItemByExternalId) {
      await loadDemo(async (query, variables) => {
        const answer = await post(query, variables ?? {}, undefined, ADMIN_TOKEN);
        if (answer.body?.errors?.length || !answer.body?.data) throw new Error(`demo load failed: ${answer.text.slice(0, 300)}`);
        return answer.body.data;
      }, () => undefined);
    }
    const idOf = async (externalId: string) => (await golden('ItemByExternalId', { externalId })).body!.data!.configurationItemByExternalId.id as string;
    const coreSwitch = await idOf('core-sw-1');
    const balancer = await idOf('lb-edge');
    const affectable = [coreSwitch, balancer];

    // Subscribers in their own process: every ordinary mutation below is an event for each of them.
    subscribers = fork(__filename, [CLIENT_FLAG], { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const ask = <T extends FromSubscribers['type']>(message: ToSubscribers, type: T) =>
      new Promise<Extract<FromSubscribers, { type: T }>>((resolve) => {
        const listener = (answer: FromSubscribers) => {
          if (answer.type !== type) return;
          subscribers!.off('message', listener);
          resolve(answer as Extract<FromSubscribers, { type: T }>);
        };
        subscribers!.on('message', listener);
        subscribers!.send(message);
      });
    const opened = await ask({ type: 'open', url, count: subscriberCount, query: goldenOperation('TicketEvents'), token: READ_TOKEN }, 'opened');
    if (opened.connected !== subscriberCount) throw new Error(`only ${opened.connected} of ${subscriberCount} subscribers connected`);

    // Ordinary work: reads and writes in turn, each loop on its own.
    const ticketIds: string[] = [];
    const ordinary: [string, () => Promise<HttpAnswer>][] = [
      ['Impact', () => golden('Impact', { id: coreSwitch, depth: 6 }, READ_TOKEN)],
      ['ImpactWithIncidents', () => golden('ImpactWithIncidents', { id: balancer, depth: 4 }, READ_TOKEN)],
      ['ExtractTickets', () => golden('ExtractTickets', { first: 200 }, READ_TOKEN)],
      [
        'OpenIncident',
        async () => {
          const answer = await golden('OpenIncident', { input: { title: `soak ${ticketIds.length}`, impact: 'LOW', urgency: 'MEDIUM', affectedItemIds: [affectable[ticketIds.length % 2]] } });
          const id = answer.body?.data?.createIncident?.id;
          if (id) ticketIds.push(id);
          return answer;
        },
      ],
      [
        'Assign',
        async () => {
          const id = ticketIds[Math.floor(Math.random() * ticketIds.length)];
          if (!id) return golden('Impact', { id: coreSwitch, depth: 2 }, READ_TOKEN);
          return golden('Assign', { id, group: `team-${Math.floor(Math.random() * 5)}` });
        },
      ],
    ];
    const work = async (tally: Tally, until: number) => {
      await Promise.all(
        Array.from({ length: WORKERS }, async (_, worker) => {
          for (let i = worker; performance.now() < until; i++) {
            const [name, run] = ordinary[i % ordinary.length];
            const started = performance.now();
            const answer = await run().catch((error: Error) => ({ status: 599, body: null, text: String(error), headers: new Headers() }) as HttpAnswer);
            tally.record(name, performance.now() - started, outcomeOf(answer), () => `HTTP ${answer.status} ${answer.text.slice(0, 300)}`);
          }
        }),
      );
    };

    const memory = async () => {
      await collect();
      const { heapUsed, rss } = process.memoryUsage();
      return { heapMb: heapUsed / 2 ** 20, rssMb: rss / 2 ** 20 };
    };
    const loadAtStart = loadavg().map((l) => l.toFixed(1)).join(' ');

    // Warm-up, then the same work without abuse (the baseline), then with it (the soak).
    await work(new Tally(), performance.now() + 5_000);
    const baseline = new Tally();
    await work(baseline, performance.now() + baselineMs);
    const start = await memory();
    const soak = new Tally();
    const until = performance.now() + soakMs;
    const [, abused] = await Promise.all([work(soak, until), startAbuseProcess({ url, coreSwitch, balancer }, soakMs)]);
    // Let the last events reach the subscribers before counting them.
    await sleep(3_000);
    const end = await memory();
    const received = await ask({ type: 'report' }, 'report');

    const impactRatio = soak.p99('Impact') / baseline.p99('Impact');
    const heapGrowth = (end.heapMb - start.heapMb) / start.heapMb;
    const faults = baseline.count('server fault') + soak.count('server fault') + abused.count('server fault');
    report(`Backend: ${backend}; ${subscriberCount} subscribers (read token, golden TicketEvents) in a child process; ${WORKERS} loops of ordinary work.`);
    report(`Load average at start: ${loadAtStart}; at end: ${loadavg().map((l) => l.toFixed(1)).join(' ')}. Heap figures after a full collection (${gc.how}).`);
    report(`Baseline ${(baselineMs / 1000).toFixed(0)} s without abuse, then ${minutes} min with the abuse cases in a loop beside the same work.\n`);
    report('| operation | baseline requests | baseline p99 ms | soak requests | soak p99 ms | server faults |');
    report('|---|---:|---:|---:|---:|---:|');
    for (const [name] of ordinary) {
      const faultsOf = (tally: Tally) => tally.outcomes.get(name)?.['server fault'] ?? 0;
      report(`| ${name} | ${baseline.latencies.get(name)?.length ?? 0} | ${baseline.p99(name).toFixed(1)} | ${soak.latencies.get(name)?.length ?? 0} | ${soak.p99(name).toFixed(1)} | ${faultsOf(baseline) + faultsOf(soak)} |`);
    }
    report('\n| abuse case | attempts | refused as the client\'s mistake | server faults | p50 ms |');
    report('|---|---:|---:|---:|---:|');
    for (const [name, counts] of abused.outcomes) {
      const p50 = percentile(ascending(abused.latencies.get(name) ?? []), 50);
      report(`| ${name.replace(/^abuse: /, '')} | ${counts.ok + counts.refused + counts['server fault']} | ${counts.refused} | ${counts['server fault']} | ${p50.toFixed(0)} |`);
    }
    report('');
    report(`- server faults: ${faults} of ${baseline.total + soak.total + abused.total} requests (target 0)${faults ? `: ${[...baseline.faults, ...soak.faults, ...abused.faults].slice(0, 5).join(' | ')}` : ''}`);
    report(`- Impact p99 with abuse / without: ${impactRatio.toFixed(2)} (target at most 2)`);
    report(`- hub heap at the soak's start ${start.heapMb.toFixed(0)} MB, at its end ${end.heapMb.toFixed(0)} MB: ${(heapGrowth * 100).toFixed(1)}% (target within 10%); RSS ${start.rssMb.toFixed(0)} → ${end.rssMb.toFixed(0)} MB`);
    // Every subscriber has the same filter, so each must have received the same events.
    report(
      `- events per subscriber: ${received.fewest} to ${received.most} (equal when none was lost); subscription errors ${received.errors.length}` +
        `${received.errors.length ? `: ${received.errors.join(' | ')}` : ''}; subscribers closed ${received.closed.length}`,
    );
    if (faults) throw new Error(`the soak saw ${faults} errors that are the server's fault`);
    if (received.fewest !== received.most || received.errors.length || received.closed.length) throw new Error('a subscriber lost events during the soak');
  } finally {
    subscribers?.kill();
    await hub.stop();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv.includes(CLIENT_FLAG)) void runSubscribers();
if (process.argv.includes(ABUSE_FLAG)) void runAbuseProcess();
