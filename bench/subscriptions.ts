/**
 * Live updates at scale: many graphql-ws subscribers on the gateway, each
 * running the golden `TicketEvents` subscription (whose payload reaches into
 * the CMDB for the affected items' names and criticality), while mutations
 * commit at a steady rate.
 *
 * The hub runs in this process (PostgreSQL when the machine has one, else the
 * embedded stores, and the report says which); the subscribers run in a child
 * process, one real WebSocket connection each, so their CPU and memory are
 * not the hub's. Measured:
 *
 * - delivery latency: from the event's `at` (taken in the committing
 *   transaction) and from the mutation's HTTP response to each subscriber's
 *   receipt, p50 / p99, and until the last subscriber has the event;
 * - the baseline: the same fields fetched by a plain `ticket(id)` query
 *   through the gateway, as many requests at the same rate; the ratios are
 *   delivery over query;
 * - the hub's heap per subscriber (after a full GC), and what is left after
 *   the events and after every subscriber left;
 * - delivery: every subscriber must get every event exactly once, in
 *   sequence order, with the payload of its ticket; anything else is counted;
 * - the lag over the run (does a backlog build up?), the hub's CPU share,
 *   event-loop delay and deliveries per second.
 *
 * A first round with a single subscriber separates the cost of the fan-out
 * from the cost of the path itself. Later rounds put the gateway in a process
 * of its own, spread subscribers over two gateways, run Hive Gateway on the
 * same subgraphs as a reference, and measure the machine's floor: the same
 * subscriber process fed by bare WebSocket servers (bench/README.md lists them).
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { graphqlClient } from '../platform/graphql-client';
import { startHub } from '../scripts/hub';
import { SUPERGRAPH_FILE } from '../schema/compose';
import { goldenClient, SMALL_TOPOLOGY } from '../test/support/hub';
import { until } from '../test/support/eventually';
import { ADMIN_URL, createTestDatabase, postgresAvailable } from '../test/support/postgres';

import { deliveryTimings, wireDelivery, type DeliveryTimings } from '../gateway/subscriptions/delivery';
import { goldenOperation } from './golden';
import { benchHubConfig, processCpuMs, startOurGateway, type SubgraphUrls } from './processes';
import { FloorServer } from './subscription-floor';
import { startHiveGateway } from './hive';
import type { BenchOptions } from './run';
import { garbageCollector } from './memory';
import { distribution, type Distribution } from './stats';

const CLIENT_FLAG = '--subscription-bench-clients';

/** Mutations (and baseline queries) per second. */
const RATE = 20;
/** Subscribers connecting at once while the crowd is opened. */
const CONNECT_WAVE = 100;
/** Subscribers that stop reading in the slow-subscriber round. */
const STALLED = 10;
/** Events of the unreported round that warms the crowd's path up. */
const WARM_UP_EVENTS = 2 * RATE;
/** The longest wait for a round's deliveries after its last mutation. */
const DRAIN_LIMIT_MS = 120_000;
/** Rounds after the one-subscriber round, each on tickets of its own. */
const ROUNDS_AFTER_THE_FIRST = 7;
/** Gives up waiting for deliveries when none arrived for this long. */
const STALL_MS = 20_000;

/** The plain-query baseline: the golden subscription's `ticket { ... }` selection, as a query. */
const PLAIN_QUERY = /* GraphQL */ `
  query BenchTicket($id: ID!) {
    ticket(id: $id) {
      id
      number
      status
      priority
      affectedItems { externalId name criticality }
    }
  }
`;

/** Wall-clock milliseconds with sub-millisecond precision, comparable across processes of one machine. */
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

// ---------------------------------------------------------------- the subscriber process

type ToClients =
  | { type: 'baseline'; url: string; ids: string[]; rate: number }
  | { type: 'open'; urls: string[]; count: number; query: string; stalled: number }
  | { type: 'received' }
  | { type: 'collect'; expected: ExpectedEvent[] }
  | { type: 'close' };

type FromClients =
  | { type: 'ready' }
  | { type: 'baseline'; latencies: number[]; errors: string[] }
  | { type: 'opened'; connected: number; failed: string[]; heapUsed: number; stalled: number }
  | { type: 'received'; deliveries: number; lastAt: number }
  | { type: 'collected'; result: DeliveryResult; stalled: StalledResult }
  | { type: 'closed' };

interface ExpectedEvent {
  sequence: string;
  ticketId: string;
  atMs: number;
  /** When the mutation's HTTP response arrived (approximate commit), null when it failed. */
  respondedMs: number | null;
  affectedItems: number;
}

interface DeliveryResult {
  subscribers: number;
  deliveries: number;
  missing: number;
  duplicates: number;
  outOfOrder: number;
  unexpected: number;
  badPayloads: number;
  /** Error results received (an event whose payload failed arrives as one, without its sequence). */
  errorResults: number;
  subscribersWithErrors: number;
  subscribersClosed: number;
  /** Examples of the above. */
  errors: string[];
  closed: string[];
  fromAt: Distribution;
  fromResponse: Distribution;
  /** Per event: until the last subscriber had it. */
  allFromAt: Distribution;
  /** Per event in commit order: `at` → first and → last subscriber, ms (shows a backlog building up). */
  timeline: { firstMs: number; lastMs: number }[];
  examples: string[];
  clientCpuMs: number;
}

/** Subscribers that stopped reading (their sockets paused): what reached them and how they ended. */
interface StalledResult {
  subscribers: number;
  received: number;
  /** Close codes and reasons, e.g. 4008 once its unflushed writes passed the bound. */
  closed: string[];
}

interface ClientState {
  sequences: string[];
  received: number[];
  ticketIds: string[];
  payloadOk: boolean[];
  affectedCounts: number[];
  errors: string[];
  closed: string | null;
  dispose: () => Promise<void>;
}

/** Runs in the child process: opens the subscribers and measures what reaches them. */
async function runClients(): Promise<void> {
  const send = (message: FromClients) => process.send!(message);
  let clients: ClientState[] = [];
  /** Subscribers that stop reading once subscribed, kept apart from the measured ones. */
  let stalled: ClientState[] = [];
  let deliveries = 0;
  let lastAt = 0;
  const cpuStart = process.cpuUsage();

  const open = async (url: string, query: string, stall = false): Promise<ClientState> => {
    let socket: WebSocket | undefined;
    /** The client's WebSocket, kept so that a stalled subscriber can stop reading it. */
    class RecordedWebSocket extends WebSocket {
      constructor(...args: ConstructorParameters<typeof WebSocket>) {
        super(...args);
        socket = this;
      }
    }
    const state: ClientState = { sequences: [], received: [], ticketIds: [], payloadOk: [], affectedCounts: [], errors: [], closed: null, dispose: async () => undefined };
    let connected!: () => void;
    let failed!: (error: Error) => void;
    const ready = new Promise<void>((resolve, reject) => ((connected = resolve), (failed = reject)));
    const client = createClient({
      url: url.replace(/^http/, 'ws'),
      webSocketImpl: RecordedWebSocket,
      retryAttempts: 0,
      lazy: false,
      on: {
        connected: () => connected(),
        closed: (event) => {
          const { code, reason } = (event ?? {}) as { code?: number; reason?: string };
          state.closed = `${code ?? '?'} ${reason ?? ''}`.trim();
          failed(new Error(`closed before connecting: ${state.closed}`));
        },
        error: (error) => failed(error instanceof Error ? error : new Error(String((error as { message?: string })?.message ?? error))),
      },
    });
    state.dispose = () => client.dispose() as Promise<void>;
    await ready;
    client.subscribe<{ ticketEvents: any }>(
      { query, operationName: 'TicketEvents', variables: {} },
      {
        next: (result) => {
          const at = now();
          if (result.errors?.length) {
            state.errors.push(result.errors.map((e) => e.message).join('; '));
            return;
          }
          const event = result.data!.ticketEvents;
          state.sequences.push(event.sequence);
          state.received.push(at);
          state.ticketIds.push(event.ticket?.id);
          const items = event.ticket?.affectedItems;
          // criticality is nullable; it must be there, resolved by the CMDB.
          state.payloadOk.push(
            Array.isArray(items) &&
              items.every((item: any) => typeof item.externalId === 'string' && typeof item.name === 'string' && 'criticality' in item) &&
              typeof event.at === 'string' &&
              typeof event.ticket.number === 'string',
          );
          state.affectedCounts.push(Array.isArray(items) ? items.length : -1);
          deliveries += 1;
          lastAt = at;
        },
        error: (error) => state.errors.push(error instanceof Error ? error.message : JSON.stringify(error)),
        complete: () => undefined,
      },
    );
    if (stall) {
      // Stops reading from the kernel once its subscribe message is out: the hub's writes to it then
      // pile up in the kernel buffers and then in the hub's, as with a client that hangs.
      await sleep(200);
      const raw = (socket as unknown as { _socket: { pause(): void; resume(): void } })._socket;
      raw.pause();
      state.dispose = () => {
        raw.resume();
        return client.dispose() as Promise<void>;
      };
    }
    return state;
  };

  const collect = (expected: ExpectedEvent[]): DeliveryResult => {
    const index = new Map(expected.map((e, i) => [e.sequence, i]));
    const fromAt: number[] = [];
    const fromResponse: number[] = [];
    const lastPerEvent = new Float64Array(expected.length).fill(-Infinity);
    const firstPerEvent = new Float64Array(expected.length).fill(Infinity);
    const seenBy = new Uint32Array(expected.length);
    const result: DeliveryResult = {
      subscribers: clients.length,
      deliveries: 0,
      missing: 0,
      duplicates: 0,
      outOfOrder: 0,
      unexpected: 0,
      badPayloads: 0,
      errorResults: 0,
      subscribersWithErrors: 0,
      subscribersClosed: 0,
      errors: [],
      closed: [],
      fromAt: distribution([]),
      fromResponse: distribution([]),
      allFromAt: distribution([]),
      timeline: [],
      examples: [],
      clientCpuMs: 0,
    };
    const example = (text: string) => result.examples.length < 8 && result.examples.push(text);
    clients.forEach((client, c) => {
      const got = new Set<string>();
      let previous = -1n;
      client.sequences.forEach((sequence, k) => {
        result.deliveries += 1;
        const value = BigInt(sequence);
        if (value <= previous) {
          result.outOfOrder += 1;
          example(`subscriber ${c}: sequence ${sequence} after ${previous}`);
        }
        previous = value > previous ? value : previous;
        if (got.has(sequence)) {
          result.duplicates += 1;
          example(`subscriber ${c}: sequence ${sequence} twice`);
          return;
        }
        got.add(sequence);
        const i = index.get(sequence);
        if (i === undefined) {
          result.unexpected += 1;
          example(`subscriber ${c}: unexpected sequence ${sequence}`);
          return;
        }
        const wanted = expected[i];
        if (!client.payloadOk[k] || client.ticketIds[k] !== wanted.ticketId || client.affectedCounts[k] !== wanted.affectedItems) {
          result.badPayloads += 1;
          example(
            `subscriber ${c}: sequence ${sequence} carries ticket ${client.ticketIds[k]} with ${client.affectedCounts[k]} affected items ` +
              `(expected ${wanted.ticketId} with ${wanted.affectedItems}), fields complete: ${client.payloadOk[k]}`,
          );
        }
        seenBy[i] += 1;
        fromAt.push(client.received[k] - wanted.atMs);
        if (wanted.respondedMs !== null) fromResponse.push(client.received[k] - wanted.respondedMs);
        lastPerEvent[i] = Math.max(lastPerEvent[i], client.received[k]);
        firstPerEvent[i] = Math.min(firstPerEvent[i], client.received[k]);
      });
      for (const e of expected) {
        if (!got.has(e.sequence)) {
          result.missing += 1;
          example(`subscriber ${c}: sequence ${e.sequence} (ticket ${e.ticketId}) never arrived`);
        }
      }
      result.errorResults += client.errors.length;
      if (client.errors.length) {
        result.subscribersWithErrors += 1;
        result.errors.push(`subscriber ${c}: ${client.errors.length} error result(s), first: ${client.errors[0]}`);
      }
      if (client.closed) {
        result.subscribersClosed += 1;
        result.closed.push(`subscriber ${c}: closed ${client.closed}`);
      }
    });
    result.fromAt = distribution(fromAt);
    result.fromResponse = distribution(fromResponse);
    result.allFromAt = distribution(expected.flatMap((e, i) => (seenBy[i] === clients.length ? [lastPerEvent[i] - e.atMs] : [])));
    result.timeline = expected.map((e, i) => ({ firstMs: firstPerEvent[i] - e.atMs, lastMs: lastPerEvent[i] - e.atMs }));
    result.errors = result.errors.slice(0, 5);
    result.closed = result.closed.slice(0, 5);
    const cpu = process.cpuUsage(cpuStart);
    result.clientCpuMs = (cpu.user + cpu.system) / 1000;
    return result;
  };

  const baseline = async (url: string, ids: string[], rate: number) => {
    const client = graphqlClient(url);
    const latencies: number[] = [];
    const errors: string[] = [];
    const started = now();
    await Promise.all(
      ids.map(async (id, i) => {
        await sleep(started + (i * 1000) / rate - now());
        const sent = now();
        try {
          const body = await client.raw<{ ticket?: { affectedItems?: unknown[] } | null }>(PLAIN_QUERY, { id }, 'BenchTicket');
          if (body.errors?.length || !body.data?.ticket?.affectedItems) errors.push(body.errors?.[0]?.message ?? `HTTP ${body.status}: no ticket`);
          else latencies.push(now() - sent);
        } catch (error) {
          errors.push((error as Error).message);
        }
      }),
    );
    return { latencies, errors };
  };

  process.on('disconnect', () => process.exit(0));
  process.on('message', async (message: ToClients) => {
    switch (message.type) {
      case 'baseline':
        send({ type: 'baseline', ...(await baseline(message.url, message.ids, message.rate)) });
        break;
      case 'open': {
        const heapBefore = process.memoryUsage().heapUsed;
        const failed: string[] = [];
        for (let start = 0; start < message.count; start += CONNECT_WAVE) {
          const wave = Math.min(CONNECT_WAVE, message.count - start);
          // Spread over the gateways given, round robin.
          const opened = await Promise.allSettled(Array.from({ length: wave }, (_, k) => open(message.urls[(start + k) % message.urls.length], message.query)));
          for (const outcome of opened) {
            if (outcome.status === 'fulfilled') clients.push(outcome.value);
            else failed.push(outcome.reason?.message ?? String(outcome.reason));
          }
        }
        const heapUsed = process.memoryUsage().heapUsed - heapBefore;
        const stalling = await Promise.allSettled(Array.from({ length: message.stalled }, (_, k) => open(message.urls[k % message.urls.length], message.query, true)));
        for (const outcome of stalling) {
          if (outcome.status === 'fulfilled') stalled.push(outcome.value);
          else failed.push(outcome.reason?.message ?? String(outcome.reason));
        }
        send({ type: 'opened', connected: clients.length, failed: failed.slice(0, 5), heapUsed, stalled: stalled.length });
        break;
      }
      case 'received':
        send({ type: 'received', deliveries, lastAt });
        break;
      case 'collect':
        send({
          type: 'collected',
          result: collect(message.expected),
          stalled: {
            subscribers: stalled.length,
            received: stalled.reduce((sum, c) => sum + c.sequences.length, 0),
            closed: [...new Set(stalled.flatMap((c) => (c.closed ? [c.closed] : [])))].slice(0, 3),
          },
        });
        break;
      case 'close':
        await Promise.all([...clients, ...stalled].map((c) => c.dispose().catch(() => undefined)));
        clients = [];
        stalled = [];
        deliveries = 0;
        send({ type: 'closed' });
        break;
    }
  });
  send({ type: 'ready' });
}

/** The parent's handle on the subscriber process: one request, one answer. */
class ClientProcess {
  private waiting: ((message: FromClients) => void) | null = null;
  private exited: Error | null = null;

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (message: FromClients) => {
      const resolve = this.waiting;
      this.waiting = null;
      resolve?.(message);
    });
    child.on('exit', (code, signal) => {
      this.exited = new Error(`the subscriber process exited (${signal ?? code})`);
      const resolve = this.waiting;
      this.waiting = null;
      resolve?.({ type: 'closed' });
    });
  }

  static async start(): Promise<ClientProcess> {
    // Under tsx, execArgv carries its loader, so the child can run this TypeScript file too.
    const child = fork(__filename, [CLIENT_FLAG], { execArgv: process.execArgv.filter((a) => !a.startsWith('--expose')), stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const handle = new ClientProcess(child);
    await handle.next('ready');
    return handle;
  }

  private next<T extends FromClients['type']>(type: T): Promise<Extract<FromClients, { type: T }>> {
    if (this.exited) return Promise.reject(this.exited);
    return new Promise((resolve, reject) => {
      this.waiting = (message) => {
        if (this.exited) reject(this.exited);
        else if (message.type !== type) reject(new Error(`expected ${type} from the subscriber process, got ${message.type}`));
        else resolve(message as Extract<FromClients, { type: T }>);
      };
    });
  }

  request<T extends FromClients['type']>(message: ToClients, answer: T): Promise<Extract<FromClients, { type: T }>> {
    const reply = this.next(answer);
    this.child.send(message);
    return reply;
  }

  stop(): void {
    if (this.child.connected) this.child.disconnect();
    this.child.kill();
  }
}

// ---------------------------------------------------------------- the hub side

/**
 * A second gateway in a process of its own, on the same subgraphs (and so the same database and
 * event outbox) as the hub in this process: `tsx gateway/index.ts`, configured as an operator would.
 */
/** Where the hub's subgraphs serve. */
const subgraphsOf = (hub: Awaited<ReturnType<typeof startHub>>): SubgraphUrls => ({ cmdb: hub.cmdbUrl, tickets: hub.ticketsUrl, knowledge: hub.knowledgeUrl });

/** Our gateway in a process of its own, in front of the hub's subgraphs. */
async function startSecondGateway(hub: Awaited<ReturnType<typeof startHub>>): Promise<GatewayProcess> {
  const { url, service } = await startOurGateway(subgraphsOf(hub), hub.config.gateway.internalSecret);
  return { url, cpuMs: () => processCpuMs(service.pid), stop: () => service.stop() };
}

/** A gateway serving subscribers from a process of its own. */
interface GatewayProcess {
  url: string;
  /** CPU the process has spent so far, ms. */
  cpuMs(): number;
  stop(): Promise<void>;
}

/** Linux PSI: the share of the last minute in which some runnable task waited for a CPU. */
function cpuPressure(): string {
  try {
    const some = /some avg10=([\d.]+) avg60=([\d.]+)/.exec(readFileSync('/proc/pressure/cpu', 'utf8'));
    return some ? `, CPU pressure (tasks waiting for a CPU) ${some[2]}% over the last minute` : '';
  } catch {
    return '';
  }
}

function openFileLimit(): number | null {
  try {
    const text = execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim();
    return text === 'unlimited' ? Infinity : Number(text);
  } catch {
    return null;
  }
}

/** A round against the floor servers (bench/subscription-floor.ts). */
interface FloorResult {
  subscribers: number;
  servers: number;
  delivery: DeliveryResult;
  /** CPU over the round, ms: the servers', and the subscriber process's (connecting included). */
  serverCpuMs: number;
  clientCpuMs: number;
  seconds: number;
}

/** What the gateway would send for an event of `ticket`, in the golden `TicketEvents` shape. */
function floorPayload(sequence: string, ticket: { id: string; affectedItems: number }): unknown {
  return {
    data: {
      ticketEvents: {
        sequence,
        kind: 'UPDATED',
        at: new Date().toISOString(),
        changedFields: ['assignmentGroup', 'assignee'],
        ticket: {
          id: ticket.id,
          number: `INC${sequence.padStart(7, '0')}`,
          status: 'IN_PROGRESS',
          priority: 'P3',
          affectedItems: Array.from({ length: ticket.affectedItems }, (_, i) => ({ externalId: `floor-${i}`, name: `Floor item ${i}`, criticality: 'HIGH' })),
        },
      },
    },
  };
}

interface RoundResult {
  subscribers: number;
  /** Gateway processes the subscribers were spread over. */
  gateways: number;
  /** graphql-ws serialized and sent each message per subscriber (the path before direct writes). */
  perSubscriberPath: boolean;
  stalled: StalledResult;
  mutations: number;
  achievedRate: number;
  mutationErrors: string[];
  mutationFailures: number;
  /** Events committed during the round (the expected stream). */
  events: number;
  mutationLatency: Distribution;
  delivery: DeliveryResult;
  /** Heap of the hub process after a GC: before opening, with everyone subscribed, after the events, after everyone left. */
  heap: { before: number; subscribed: number; afterEvents: number; afterClose: number };
  rss: { before: number; subscribed: number };
  hubCpuShare: number;
  /** CPU the hub process spent over the round, ms: unlike wall-clock latency, barely moved by other work on the machine. */
  hubCpuMs: number;
  /** CPU the gateways in processes of their own spent over the round, ms (null when there were none). */
  gatewaysCpuMs: number | null;
  /** Where the gateway's delivery time went over the round (gateway/subscriptions/delivery.ts). */
  timings: DeliveryTimings;
  loopDelayP50Ms: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  subscribeSeconds: number;
  drainSeconds: number;
  /** Deliveries per second from the first mutation to the last delivery. */
  throughput: number;
  clientHeapPerSubscriber: number;
}

export async function benchSubscriptions(options: BenchOptions): Promise<void> {
  const { quick, report } = options;

  const subscribers = quick ? 200 : 1000;
  /** The round over two gateway processes. */
  const wideSubscribers = quick ? 1000 : 5000;
  /**
   * The rounds beside Hive Gateway, ours and Hive's, each gateway in a process of its own: fewer
   * subscribers, since Hive subscribes upstream once per subscriber and completes each one's payload.
   */
  const peerSubscribers = quick ? 50 : 100;
  const seconds = quick ? 5 : 10;
  const mutations = RATE * seconds;
  const warmMutations = Math.round(mutations / 4);

  const loadAtStart = loadavg().map((l) => l.toFixed(1)).join(' ');
  const limit = openFileLimit();
  // The hub holds a socket per subscriber (plus its stores and the upstream link); the subscriber process one each.
  if (limit !== null && limit < Math.max(subscribers, wideSubscribers) + 256) {
    throw new Error(`open-file limit ${limit} is too low for ${subscribers} subscribers (needs about ${subscribers + 256}); raise it with ulimit -n`);
  }
  const gc = garbageCollector();
  const collect = gc.collectFully;

  const dataDir = mkdtempSync(join(tmpdir(), 'bench-subscriptions-'));
  let database: { url: string; drop(): Promise<void> } | null = null;
  let backend: string;
  if (await postgresAvailable()) {
    database = await createTestDatabase('bench_subscriptions');
    backend = `PostgreSQL (fresh database at ${new URL(ADMIN_URL).host})`;
  } else {
    backend = `embedded PGlite: no PostgreSQL answers at ${ADMIN_URL} (set TEST_POSTGRES_URL); figures are NOT the PostgreSQL ones`;
  }
  const hub = await startHub(benchHubConfig(dataDir, { DATABASE_URL: database?.url }));
  let clients: ClientProcess | null = null;
  try {
    const golden = goldenClient(hub.gatewayUrl);
    const subscription = goldenOperation('TicketEvents');

    // A small topology and one ticket per mutation, so every event names its own ticket.
    await golden.call('ImportTopology', SMALL_TOPOLOGY);
    const itemIds: string[] = [];
    for (const { externalId } of SMALL_TOPOLOGY.items) {
      itemIds.push((await golden.call<any>('ItemByExternalId', { externalId })).configurationItemByExternalId.id);
    }
    const tickets: { id: string; affectedItems: number }[] = [];
    const ticketCount = warmMutations + ROUNDS_AFTER_THE_FIRST * mutations + WARM_UP_EVENTS;
    for (let start = 0; start < ticketCount; start += 10) {
      const created = await Promise.all(
        Array.from({ length: Math.min(10, ticketCount - start) }, async (_, k) => {
          const i = start + k;
          const affected = Array.from({ length: 1 + (i % 3) }, (_, j) => itemIds[(i + j * 3) % itemIds.length]);
          const input = { title: `bench ticket ${i}`, impact: ['HIGH', 'MEDIUM', 'LOW'][i % 3], urgency: ['LOW', 'MEDIUM', 'HIGH'][i % 3], affectedItemIds: affected };
          const incident = (await golden.call<any>('OpenIncident', { input })).createIncident;
          return { id: incident.id as string, affectedItems: new Set(affected).size };
        }),
      );
      tickets.push(...created);
    }

    clients = await ClientProcess.start();

    // Baseline: the same fields by a plain query, as many requests at the same rate, nobody subscribed.
    await clients.request({ type: 'baseline', url: hub.gatewayUrl, ids: tickets.slice(0, 20).map((t) => t.id), rate: RATE }, 'baseline');
    const baseline = await clients.request({ type: 'baseline', url: hub.gatewayUrl, ids: tickets.slice(warmMutations).map((t) => t.id), rate: RATE }, 'baseline');
    const plain = distribution(baseline.latencies);

    /**
     * Waits until the subscriber process has received `expected` messages, none came for STALL_MS, or
     * DRAIN_LIMIT_MS passed (a gateway that keeps up only slowly is reported with what it delivered by
     * then; the rest count as missing). Resolves with when the last one arrived.
     */
    const deliveriesArrived = async (expected: number): Promise<number> => {
      const started = Date.now();
      let progress = { deliveries: 0, at: started };
      for (;;) {
        const { deliveries, lastAt } = await clients!.request({ type: 'received' }, 'received');
        if (deliveries >= expected || Date.now() - started > DRAIN_LIMIT_MS) return lastAt;
        if (deliveries > progress.deliveries) progress = { deliveries, at: Date.now() };
        else if (Date.now() - progress.at > STALL_MS) return lastAt;
        await sleep(100);
      }
    };

    const round = async (
      count: number,
      batch: { id: string; affectedItems: number }[],
      tag: string,
      shape: {
        gateways?: string[];
        stalled?: number;
        perSubscriberPath?: boolean;
        /** Gateways in processes of their own, whose CPU over the round is reported. */
        processes?: GatewayProcess[];
        /** A peer's gateway, whose upstream streams to the tickets subgraph are its own business (one per subscriber, or shared). */
        peer?: boolean;
      } = {},
    ): Promise<RoundResult> => {
      const urls = shape.gateways ?? [hub.gatewayUrl];
      const processes = shape.processes ?? [];
      const stalled = shape.stalled ?? 0;
      // The same code, with graphql-ws's own per-subscriber serialization and sends (the path before this change).
      wireDelivery.enabled = !shape.perSubscriberPath;
      await collect();
      const heapBefore = process.memoryUsage().heapUsed;
      const rssBefore = process.memoryUsage().rss;
      const subscribeStarted = Date.now();
      const opened = await clients!.request({ type: 'open', urls, count, query: subscription, stalled }, 'opened');
      if (opened.connected !== count || opened.stalled !== stalled) {
        throw new Error(`${count - opened.connected} of ${count} subscribers could not connect: ${opened.failed.join('; ')}`);
      }
      // This process sees its own gateway's subscribers (round robin: every urls.length-th) and the feed's streams (one per
      // gateway of ours; a peer's as many as it opens).
      const ours = urls[0] === hub.gatewayUrl ? Math.ceil(count / urls.length) + Math.ceil(stalled / urls.length) : 0;
      let streams = { count: -1, since: Date.now() };
      await until(
        () => {
          const feed = hub.tickets.feed.subscriberCount;
          if (feed !== streams.count) streams = { count: feed, since: Date.now() };
          const settled = shape.peer ? feed > 0 && Date.now() - streams.since > 2000 : feed === urls.length;
          return hub.gateway.subscribers === ours && settled;
        },
        {
          timeoutMs: 120_000,
          what: `${count + stalled} subscriptions over ${urls.length} gateway(s)`,
          describe: () => `${hub.gateway.subscribers} on this process's gateway (expected ${ours}), ${hub.tickets.feed.subscriberCount} streams at the feed`,
        },
      );
      const subscribeSeconds = (Date.now() - subscribeStarted) / 1000;
      // The other gateways' subscriptions are not visible here; their connections are, and a subscribe follows its connection at once.
      await sleep(urls.length > 1 ? 2000 : 500);
      await collect();
      const heapSubscribed = process.memoryUsage().heapUsed;
      const rssSubscribed = process.memoryUsage().rss;

      const fromSequence = await hub.ticketStore.latestSequence();
      const loop = monitorEventLoopDelay({ resolution: 10 });
      loop.enable();
      const timingsStart = { ...deliveryTimings };
      const cpuStart = process.cpuUsage();
      const gatewaysCpuStart = processes.map((gateway) => gateway.cpuMs());
      const wallStart = now();
      const responded = new Map<string, number>();
      const mutationLatencies: number[] = [];
      const mutationErrors: string[] = [];
      await Promise.all(
        batch.map(async (ticket, i) => {
          await sleep(wallStart + (i * 1000) / RATE - now());
          const sent = now();
          try {
            await golden.call('Assign', { id: ticket.id, group: `bench-${tag}-${i}`, assignee: 'bench' });
            const at = now();
            responded.set(ticket.id, at);
            mutationLatencies.push(at - sent);
          } catch (error) {
            mutationErrors.push((error as Error).message);
          }
        }),
      );
      const sendSeconds = (now() - wallStart) / 1000;

      // Wait for the deliveries to arrive (or to stall).
      const lastDelivery = await deliveriesArrived(count * batch.length);
      await sleep(300); // anything late (duplicates) shows up too
      const drainSeconds = Math.max(0, lastDelivery - (wallStart + sendSeconds * 1000)) / 1000;
      const throughputSeconds = Math.max(lastDelivery - wallStart, 1) / 1000;
      const cpu = process.cpuUsage(cpuStart);
      const gatewaysCpuMs = processes.length ? processes.reduce((sum, gateway, i) => sum + gateway.cpuMs() - gatewaysCpuStart[i], 0) : null;
      const hubCpuShare = (cpu.user + cpu.system) / 1000 / (now() - wallStart);
      loop.disable();
      const spent = Object.fromEntries(
        Object.entries(deliveryTimings).map(([key, value]) => [key, value - timingsStart[key as keyof DeliveryTimings]]),
      ) as unknown as DeliveryTimings;

      const committed = await hub.ticketStore.eventsAfter(fromSequence, 100_000);
      const expected: ExpectedEvent[] = committed.map((event) => ({
        sequence: event.sequence,
        ticketId: event.ticketId,
        atMs: event.at.getTime(),
        respondedMs: responded.get(event.ticketId) ?? null,
        affectedItems: event.affectedItemIds.length,
      }));
      const { result: delivery, stalled: stalledResult } = await clients!.request({ type: 'collect', expected }, 'collected');
      await collect();
      const heapAfterEvents = process.memoryUsage().heapUsed;

      await clients!.request({ type: 'close' }, 'closed');
      await until(() => hub.tickets.feed.subscriberCount === 0, {
        timeoutMs: 30_000,
        what: 'every subscription closed at the feed',
        describe: () => `${hub.tickets.feed.subscriberCount} still open`,
      });
      await sleep(1500); // the gateway keeps shared executions for a second
      await collect();
      const heapAfterClose = process.memoryUsage().heapUsed;
      return {
        subscribers: count,
        gateways: urls.length,
        perSubscriberPath: shape.perSubscriberPath ?? false,
        stalled: stalledResult,
        mutations: batch.length,
        achievedRate: batch.length / sendSeconds,
        mutationErrors: [...new Set(mutationErrors)].slice(0, 3),
        mutationFailures: mutationErrors.length,
        events: expected.length,
        mutationLatency: distribution(mutationLatencies),
        delivery,
        heap: { before: heapBefore, subscribed: heapSubscribed, afterEvents: heapAfterEvents, afterClose: heapAfterClose },
        rss: { before: rssBefore, subscribed: rssSubscribed },
        hubCpuShare,
        hubCpuMs: (cpu.user + cpu.system) / 1000,
        gatewaysCpuMs,
        timings: spent,
        loopDelayP50Ms: loop.percentile(50) / 1e6,
        loopDelayP99Ms: loop.percentile(99) / 1e6,
        loopDelayMaxMs: loop.max / 1e6,
        subscribeSeconds,
        drainSeconds,
        throughput: delivery.deliveries / throughputSeconds,
        clientHeapPerSubscriber: opened.heapUsed / count, // no GC in that process: an upper bound
      };
    };

    const batches = (n: number) => tickets.slice(warmMutations + n * mutations, warmMutations + (n + 1) * mutations);
    const single = await round(1, tickets.slice(0, warmMutations), 'one');
    // Not reported: the first crowd of a run meets a cold write path and a heap still growing to its size.
    await round(subscribers, tickets.slice(-WARM_UP_EVENTS), 'warm-up');
    const crowd = await round(subscribers, batches(0), 'crowd');
    const perSubscriber = await round(subscribers, batches(1), 'per-subscriber', { perSubscriberPath: true });
    const withStalled = await round(subscribers, batches(2), 'stalled', { stalled: STALLED });
    const second = await startSecondGateway(hub);
    let alone: RoundResult;
    let oursBesideHive: RoundResult;
    let wide: RoundResult;
    try {
      // The deployment of docs/operations.md: the gateway in its own process, the subgraphs (here, this process) in another.
      alone = await round(subscribers, batches(3), 'alone', { gateways: [second.url], processes: [second] });
      oursBesideHive = await round(peerSubscribers, batches(4), 'ours-beside-hive', { gateways: [second.url], processes: [second] });
      wide = await round(wideSubscribers, batches(5), 'wide', { gateways: [hub.gatewayUrl, second.url], processes: [second] });
    } finally {
      await second.stop();
    }
    // The reference: Hive Gateway at its defaults on the same subgraphs, its subscribers over graphql-ws like ours.
    const hive = await startHiveGateway({ supergraphFile: SUPERGRAPH_FILE, subgraphs: subgraphsOf(hub), internalSecret: hub.config.gateway.internalSecret });
    let hiveRound: RoundResult;
    try {
      hiveRound = await round(peerSubscribers, batches(6), 'hive', { gateways: [hive.url], processes: [hive], peer: true });
    } finally {
      await hive.stop();
    }

    // The machine's floor: the same subscriber process and message rate, from bare WebSocket servers (bench/subscription-floor.ts).
    const floorRound = async (count: number, servers: FloorServer[], clientCpuBefore: number): Promise<FloorResult> => {
      const opened = await clients!.request({ type: 'open', urls: servers.map((server) => server.url), count, query: subscription, stalled: 0 }, 'opened');
      if (opened.connected !== count) throw new Error(`${count - opened.connected} of ${count} subscribers could not connect to the floor servers: ${opened.failed.join('; ')}`);
      await until(async () => (await Promise.all(servers.map((server) => server.status()))).reduce((sum, s) => sum + s.subscribers, 0) === count, {
        timeoutMs: 60_000,
        what: `${count} subscriptions at the floor servers`,
      });
      const cpuBefore = await Promise.all(servers.map(async (server) => (await server.status()).cpuMs));
      const expected: ExpectedEvent[] = [];
      const wallStart = now();
      for (let i = 0; i < mutations; i++) {
        await sleep(wallStart + (i * 1000) / RATE - now());
        const ticket = tickets[i];
        const sequence = String(i + 1);
        const json = JSON.stringify(floorPayload(sequence, ticket));
        const started = await Promise.all(servers.map((server) => server.publish(json)));
        expected.push({ sequence, ticketId: ticket.id, atMs: Math.min(...started), respondedMs: null, affectedItems: ticket.affectedItems });
      }
      await deliveriesArrived(count * mutations);
      const cpuAfter = await Promise.all(servers.map(async (server) => (await server.status()).cpuMs));
      const { result } = await clients!.request({ type: 'collect', expected }, 'collected');
      await clients!.request({ type: 'close' }, 'closed');
      return {
        subscribers: count,
        servers: servers.length,
        delivery: result,
        serverCpuMs: cpuAfter.reduce((sum, ms, i) => sum + ms - cpuBefore[i], 0),
        clientCpuMs: result.clientCpuMs - clientCpuBefore,
        seconds: (now() - wallStart) / 1000,
      };
    };
    const floorServers = [await FloorServer.start(), await FloorServer.start()];
    let floor: FloorResult;
    let wideFloor: FloorResult;
    try {
      floor = await floorRound(subscribers, floorServers.slice(0, 1), wide.delivery.clientCpuMs);
      wideFloor = await floorRound(wideSubscribers, floorServers, floor.delivery.clientCpuMs);
    } finally {
      for (const server of floorServers) server.stop();
    }

    // ---------------------------------------------------------------- report
    const ms = (v: number) => (Number.isFinite(v) ? (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(1)) : 'n/a');
    const ratio = (a: number, b: number) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(a / b < 1 ? 2 : 1)} ×` : 'n/a');
    /** CPU of the gateways in processes of their own per delivery, µs (NaN without them). */
    const gatewaysCpuPerDelivery = (r: RoundResult) => (r.gatewaysCpuMs !== null && r.delivery.deliveries ? (r.gatewaysCpuMs * 1000) / r.delivery.deliveries : NaN);
    const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
    const int = (n: number) => n.toLocaleString('en-US');

    report(`Backend: ${backend}; CMDB on the same database (neo4j: null).`);
    report(
      `Subscribers: golden \`TicketEvents\` (no filter; payload with the affected items' name and criticality from the CMDB), ` +
        `one graphql-ws connection each, in a separate process. Mutations: golden \`Assign\` on a distinct ticket each (1-3 affected items), ` +
        `${RATE}/s for ${seconds} s; a first round with 1 subscriber and ${warmMutations} mutations. Open-file limit: ${limit ?? 'unknown'}.`,
    );
    report(`Memory: ${gc.how}. Machine: ${cpus().length} CPUs, load average ${loadAtStart} at the start, ${loadavg().map((l) => l.toFixed(1)).join(' ')} at the end${cpuPressure()} (other work on the machine slows the hub).`);
    report('\nLatency, ms (delivery measured at the subscriber process on the same machine; `at` is taken inside the committing transaction):\n');
    report('| measure | 1 subscriber p50 | p99 | ' + `${int(subscribers)} subscribers p50 | p99 |`);
    report('|---|---:|---:|---:|---:|');
    const row = (name: string, a: Distribution, b: Distribution) => report(`| ${name} | ${ms(a.p50)} | ${ms(a.p99)} | ${ms(b.p50)} | ${ms(b.p99)} |`);
    row('delivery, event `at` → subscriber', single.delivery.fromAt, crowd.delivery.fromAt);
    row('delivery, mutation response → subscriber', single.delivery.fromResponse, crowd.delivery.fromResponse);
    row('event `at` → last subscriber has it', single.delivery.allFromAt, crowd.delivery.allFromAt);
    row('mutation round trip (`Assign`)', single.mutationLatency, crowd.mutationLatency);
    report(`| baseline: plain \`ticket(id)\` query, same fields, ${int(plain.count)} requests at ${RATE}/s | ${ms(plain.p50)} | ${ms(plain.p99)} | ${ms(plain.p50)} | ${ms(plain.p99)} |`);
    report(
      `| **ratio: delivery (from \`at\`) / plain query** | **${ratio(single.delivery.fromAt.p50, plain.p50)}** | **${ratio(single.delivery.fromAt.p99, plain.p99)}** | ` +
        `**${ratio(crowd.delivery.fromAt.p50, plain.p50)}** | **${ratio(crowd.delivery.fromAt.p99, plain.p99)}** |`,
    );
    report(
      `| ratio: last subscriber / plain query | ${ratio(single.delivery.allFromAt.p50, plain.p50)} | ${ratio(single.delivery.allFromAt.p99, plain.p99)} | ` +
        `${ratio(crowd.delivery.allFromAt.p50, plain.p50)} | ${ratio(crowd.delivery.allFromAt.p99, plain.p99)} |`,
    );
    report('\nOver the run (events in commit order; `at` → first / last subscriber, ms):\n');
    const marks = [0, 0.1, 0.25, 0.5, 0.75, 0.9, 1];
    report(`| round | ${marks.map((m) => `event at ${Math.round(m * 100)}%`).join(' | ')} |`);
    report(`|---|${marks.map(() => '---:').join('|')}|`);
    for (const [name, r] of [['1 subscriber', single], [`${int(subscribers)} subscribers`, crowd]] as const) {
      const t = r.delivery.timeline;
      const cells = marks.map((m) => {
        const point = t[Math.min(t.length - 1, Math.round(m * (t.length - 1)))];
        return point ? `${ms(point.firstMs)} / ${ms(point.lastMs)}` : 'n/a';
      });
      report(`| ${name} | ${cells.join(' | ')} |`);
    }
    if (baseline.errors.length) report(`\nBaseline errors: ${baseline.errors.length} (${baseline.errors[0]})`);

    report('\nDelivery (every subscriber must get every committed event once, in sequence order, with its ticket):\n');
    report(
      '| round | subscribers | mutations sent | failed | events committed | deliveries expected | delivered | missing | duplicates | out of order | unexpected | bad payloads | error results (subscribers) | disconnected |',
    );
    report('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const [name, r] of [['1 subscriber', single], [`${int(subscribers)} subscribers`, crowd]] as const) {
      const d = r.delivery;
      report(
        `| ${name} | ${int(d.subscribers)} | ${int(r.mutations)} | ${int(r.mutationFailures)} | ${int(r.events)} | ${int(d.subscribers * r.events)} | ${int(d.deliveries)} | ${int(d.missing)} | ` +
          `${int(d.duplicates)} | ${int(d.outOfOrder)} | ${int(d.unexpected)} | ${int(d.badPayloads)} | ${int(d.errorResults)} (${int(d.subscribersWithErrors)}) | ${int(d.subscribersClosed)} |`,
      );
    }
    const problems = [single, crowd, perSubscriber, withStalled, alone, oursBesideHive, wide, hiveRound].flatMap((r) => [
      ...r.delivery.examples,
      ...r.delivery.errors,
      ...r.delivery.closed,
      ...r.mutationErrors.map((e) => `mutation failed (${r.mutationFailures} in all): ${e}`),
    ]);
    if (problems.length) {
      report('\nProblems seen:\n');
      for (const problem of problems.slice(0, 20)) report(`- ${problem}`);
    } else report('\nNo loss: every subscriber received every event exactly once, in order, with its payload.');

    report('\nThe hub process (gateway + both subgraphs in one process):\n');
    report(
      '| round | heap before | with subscribers | heap per subscriber | RSS per subscriber | after events | after all left | subscribe all | ' +
        'last delivery after last mutation | deliveries/s | hub CPU | event-loop delay p99 / max | mutation rate achieved |',
    );
    report('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const [name, r] of [['1 subscriber', single], [`${int(subscribers)} subscribers`, crowd]] as const) {
      // One subscriber's share is below the noise of a whole heap.
      const per = (delta: number) => (r.subscribers >= 10 ? kb(delta / r.subscribers) : '—');
      report(
        `| ${name} | ${mb(r.heap.before)} | ${mb(r.heap.subscribed)} | ${per(r.heap.subscribed - r.heap.before)} | ${per(r.rss.subscribed - r.rss.before)} | ` +
          `${mb(r.heap.afterEvents)} | ${mb(r.heap.afterClose)} (${r.heap.afterClose >= r.heap.before ? '+' : ''}${kb(r.heap.afterClose - r.heap.before)}) | ` +
          `${r.subscribeSeconds.toFixed(1)} s | ${r.drainSeconds.toFixed(1)} s | ${int(Math.round(r.throughput))} | ${(r.hubCpuShare * 100).toFixed(0)}% of a core | ` +
          `${ms(r.loopDelayP99Ms)} / ${ms(r.loopDelayMaxMs)} ms | ${r.achievedRate.toFixed(1)}/s |`,
      );
    }
    const rounds: [string, RoundResult][] = [
      ['1 subscriber', single],
      [`${int(subscribers)} subscribers`, crowd],
      [`${int(subscribers)} subscribers, per-subscriber path (before)`, perSubscriber],
      [`${int(subscribers)} subscribers + ${STALLED} that stop reading`, withStalled],
      [`${int(subscribers)} subscribers on a gateway process of its own`, alone],
      [`${int(wideSubscribers)} subscribers over 2 gateway processes`, wide],
      [`${int(peerSubscribers)} subscribers on a gateway process of its own`, oursBesideHive],
      [`${int(peerSubscribers)} subscribers on ${hive.version} (Hive Gateway, reference)`, hiveRound],
    ];
    report('\nEvery round, side by side (delivery from the event\'s `at`; the plain query at the same rate is the baseline):\n');
    report(
      '| round | delivered / expected | missing, duplicates, out of order, bad | p50 ms | p99 ms | last subscriber p99 ms | p50 / plain p50 | p99 / plain p99 | ' +
        'deliveries/s | hub CPU | hub CPU per delivery | gateway processes\' CPU per delivery | event-loop delay p99 | heap per subscriber | stalled subscribers: received, closed |',
    );
    report('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
    for (const [name, r] of rounds) {
      const d = r.delivery;
      const heap = r.gateways === 1 && r.subscribers >= 10 ? kb((r.heap.subscribed - r.heap.before) / (r.subscribers + r.stalled.subscribers)) : '—';
      const stalledCell = r.stalled.subscribers ? `${int(r.stalled.received)} events, ${r.stalled.closed.join('; ') || 'still open'}` : '—';
      report(
        `| ${name} | ${int(d.deliveries)} / ${int(d.subscribers * r.events)} | ${int(d.missing)}, ${int(d.duplicates)}, ${int(d.outOfOrder)}, ${int(d.badPayloads)} | ` +
          `${ms(d.fromAt.p50)} | ${ms(d.fromAt.p99)} | ${ms(d.allFromAt.p99)} | ${ratio(d.fromAt.p50, plain.p50)} | ${ratio(d.fromAt.p99, plain.p99)} | ` +
          `${int(Math.round(r.throughput))} | ${(r.hubCpuShare * 100).toFixed(0)}% of a core | ${d.deliveries ? `${ms((r.hubCpuMs * 1000) / d.deliveries)} µs` : 'n/a'} | ` +
          `${Number.isFinite(gatewaysCpuPerDelivery(r)) ? `${ms(gatewaysCpuPerDelivery(r))} µs` : '—'} | ` +
          `${ms(r.loopDelayP99Ms)} ms | ${heap} | ${stalledCell} |`,
      );
    }
    report(
      `\nPlain query baseline: p50 ${ms(plain.p50)} ms, p99 ${ms(plain.p99)} ms (${int(plain.count)} requests at ${RATE}/s). "Hub" is this process: ` +
        `the subgraphs, and the gateway of the rounds on one process. With a gateway in a process of its own, that process's CPU is in ` +
        `its own column and its delivery timings are not seen here; over two gateways, this process also serves half the subscribers.`,
    );

    report('\nWhere the gateway\'s delivery time goes (summed over the round; the payload query is inside execution):\n');
    report('| round | events executed | execution, ms per event | serializations | serialization, ms per event | messages written | writing, µs per message | writing, ms per event | event-loop delay p50 / p99 / max |');
    report('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const [name, r] of rounds) {
      const t = r.timings;
      const per = (total: number, count: number, scale = 1) => (count ? ms((total / count) * scale) : 'n/a');
      report(
        `| ${name} | ${int(t.executions)} | ${per(t.executionMs, t.executions)} | ${int(t.serializations)} | ${per(t.serializationMs, t.serializations)} | ` +
          `${int(t.writes)} | ${per(t.writeMs, t.writes, 1000)} | ${per(t.writeMs, t.executions)} | ${ms(r.loopDelayP50Ms)} / ${ms(r.loopDelayP99Ms)} / ${ms(r.loopDelayMaxMs)} ms |`,
      );
    }
    report(
      `\nBeside Hive Gateway (${hive.version}) at its defaults (bench/hive.ts; ticketEvents from the tickets subgraph over graphql-ws, ` +
        `the CMDB's fields by Hive's own plan), ${int(peerSubscribers)} subscribers, each gateway in a process of its own on the same subgraphs:\n`,
    );
    report('| gateway | delivered / expected | p50 ms | p99 ms | last subscriber p99 ms | gateway CPU per delivery | subgraphs\' process CPU per delivery |');
    report('|---|---:|---:|---:|---:|---:|---:|');
    for (const [name, r] of [['ours', oursBesideHive], ['Hive Gateway', hiveRound]] as const) {
      const d = r.delivery;
      report(
        `| ${name} | ${int(d.deliveries)} / ${int(d.subscribers * r.events)} | ${ms(d.fromAt.p50)} | ${ms(d.fromAt.p99)} | ${ms(d.allFromAt.p99)} | ` +
          `${ms(gatewaysCpuPerDelivery(r))} µs | ${d.deliveries ? ms((r.hubCpuMs * 1000) / d.deliveries) : 'n/a'} µs |`,
      );
    }
    report(
      `| **ours / Hive** | | **${ratio(oursBesideHive.delivery.fromAt.p50, hiveRound.delivery.fromAt.p50)}** | **${ratio(oursBesideHive.delivery.fromAt.p99, hiveRound.delivery.fromAt.p99)}** | ` +
        `${ratio(oursBesideHive.delivery.allFromAt.p99, hiveRound.delivery.allFromAt.p99)} | ${ratio(gatewaysCpuPerDelivery(oursBesideHive), gatewaysCpuPerDelivery(hiveRound))} | |`,
    );
    report(
      `\nThe machine's floor (bench/subscription-floor.ts): the same subscriber process and messages at ${RATE} events/s from bare WebSocket ` +
        'servers in processes of their own (graphql-ws handshake, then each event written to every subscriber with `ws`, as the gateway does; ' +
        'no GraphQL, no database). Latency from when a server started writing the event:\n',
    );
    report('| floor | delivered / expected | p50 ms | p99 ms | last subscriber p99 ms | servers\' CPU per delivery | subscriber process CPU per delivery | CPU of both, share of the machine |');
    report('|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const [name, f] of [
      [`${int(subscribers)} subscribers, 1 server`, floor],
      [`${int(wideSubscribers)} subscribers, 2 servers`, wideFloor],
    ] as const) {
      const d = f.delivery;
      const per = (cpuMs: number) => (d.deliveries ? `${ms((cpuMs * 1000) / d.deliveries)} µs` : 'n/a');
      report(
        `| ${name} | ${int(d.deliveries)} / ${int(f.subscribers * mutations)} | ${ms(d.fromAt.p50)} | ${ms(d.fromAt.p99)} | ${ms(d.allFromAt.p99)} | ` +
          `${per(f.serverCpuMs)} | ${per(f.clientCpuMs)} | ${(((f.serverCpuMs + f.clientCpuMs) / (f.seconds * 1000 * cpus().length)) * 100).toFixed(0)}% |`,
      );
    }
    report(
      `\nSubscriber process: ${kb(crowd.clientHeapPerSubscriber)} heap per client connection, ` +
        `${(crowd.delivery.clientCpuMs / 1000).toFixed(1)} s CPU in all (its receipt times include its own queueing).`,
    );
  } finally {
    clients?.stop();
    await hub.stop();
    await database?.drop().catch((error) => report(`(could not drop the bench database: ${(error as Error).message})`));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv.includes(CLIENT_FLAG) && process.send) {
  runClients().catch((error) => {
    console.error('subscriber process failed:', error);
    process.exit(1);
  });
}
