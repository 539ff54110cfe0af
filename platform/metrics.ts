/**
 * Prometheus metrics of this process: one registry (not prom-client's global one), holding the
 * default process metrics (CPU, memory, event loop lag, GC, handles) and the hub's own.
 *
 * Every service's HTTP server answers `GET /metrics` from this registry. Under `npm start` the
 * four services share a process, so any of them (the gateway is the one reachable from outside)
 * shows all four; a service running alone shows its own.
 *
 * Requests and subgraph fetches are counted as they happen. Everything else is read at scrape
 * time from the objects that hold it (subscriptions, store pools, the event feed, the traversal
 * cache): each registers a reader when it starts and removes it when it stops, so a scrape sees
 * what is alive now, summed when a process runs two of a kind (tests do).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { componentLogger, rateLimitedErrorLog } from './logger';
import { sameSecret } from './secrets';

export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

const log = componentLogger('telemetry', 'metrics');
const logReadFailure = rateLimitedErrorLog(log);

/** Seconds, from a 5 ms point lookup to a 30 s whole-graph analysis. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

const requests = new Counter({
  name: 'itsm_graphql_requests_total',
  help: 'GraphQL requests served, by service, operation name and outcome (ok, or the first error code)',
  labelNames: ['service', 'operation', 'outcome'] as const,
  registers: [metricsRegistry],
});

const requestSeconds = new Histogram({
  name: 'itsm_graphql_request_duration_seconds',
  help: 'Time from a GraphQL request being parsed to its response, by service, operation name and outcome',
  labelNames: ['service', 'operation', 'outcome'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [metricsRegistry],
});

const subgraphFetchSeconds = new Histogram({
  name: 'itsm_subgraph_fetch_duration_seconds',
  help: 'Time of one gateway request to a subgraph, answer parsed, by subgraph and outcome (ok, errors, or the error code)',
  labelNames: ['subgraph', 'outcome'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [metricsRegistry],
});

/**
 * Operation names come from clients: past this many distinct ones, further names are counted
 * as `other`, so a client inventing names cannot grow the registry without bound.
 */
const MAX_OPERATION_NAMES = 500;
const operationNames = new Set<string>();

/** The operation label for `name` (null: an anonymous operation; undefined: none was resolved). */
export function operationLabel(name: string | null | undefined): string {
  if (name === undefined) return 'unknown';
  if (name === null) return 'anonymous';
  if (operationNames.has(name)) return name;
  if (operationNames.size >= MAX_OPERATION_NAMES) return 'other';
  operationNames.add(name);
  return name;
}

/** Counts one GraphQL request; `seconds` is absent for a request refused before it was parsed (its identity, say). */
export function recordRequest(service: string, operation: string, outcome: string, seconds?: number): void {
  requests.inc({ service, operation, outcome });
  if (seconds !== undefined) requestSeconds.observe({ service, operation, outcome }, seconds);
}

export function recordSubgraphFetch(subgraph: string, outcome: string, seconds: number): void {
  subgraphFetchSeconds.observe({ subgraph, outcome }, seconds);
}

type Labels = Record<string, string>;
type Sample = [labels: Labels, value: number];
type Reader = () => Sample[] | Promise<Sample[]>;

/**
 * A metric whose value is read at scrape time from every registered reader, summed by labels.
 * A counter mirrors counts the reader's owner keeps itself (they restart at 0 with it, which
 * Prometheus' rate() reads as a counter reset).
 */
function sampled(kind: 'gauge' | 'counter', name: string, help: string, labelNames: string[] = []): (read: Reader) => () => void {
  const readers = new Set<Reader>();
  async function collect(this: Gauge | Counter): Promise<void> {
    this.reset();
    for (const read of readers) {
      try {
        for (const [labels, value] of await read()) this.inc(labels, value);
      } catch (error) {
        // One failing reader (a store that is down) leaves its samples out, not the whole scrape.
        logReadFailure(name, error, `reading ${name} for /metrics failed; it is left out of this scrape`);
      }
    }
  }
  const configuration = { name, help, labelNames, registers: [metricsRegistry], collect };
  if (kind === 'gauge') new Gauge(configuration);
  else new Counter(configuration);
  return (read) => {
    readers.add(read);
    return () => void readers.delete(read);
  };
}

/** Removes every reader registered by one owner. */
function all(...removals: (() => void)[]): () => void {
  return () => removals.forEach((remove) => remove());
}

const gatewaySubscribers = sampled('gauge', 'itsm_gateway_subscribers', 'Live subscriptions at the gateway, over graphql-ws and SSE');
const gatewayUpstreamStreams = sampled('gauge', 'itsm_gateway_upstream_streams', 'Event streams the gateway holds open to the tickets subgraph');
const gatewayDeliveryGroups = sampled('gauge', 'itsm_gateway_delivery_groups', 'Groups of subscribers that share each event payload execution');
const gatewayPayloadsInFlight = sampled('gauge', 'itsm_gateway_payloads_in_flight', 'Event payload executions not yet settled');
const gatewaySubgraphRequests = sampled(
  'counter',
  'itsm_gateway_subgraph_requests_total',
  'Subgraph requests: sent, or shared (answered by an identical request already in flight)',
  ['result'],
);
const gatewayShortcutQueries = sampled('counter', 'itsm_gateway_shortcut_queries_total', 'Queries one subgraph answered whole, passed through as they are');

export interface GatewayUsage {
  subscribers: number;
  upstreamStreams: number;
  deliveryGroups: number;
  payloadsInFlight: number;
  subgraphRequestsSent: number;
  subgraphRequestsShared: number;
  shortcutQueries: number;
}

/** Reports a running gateway; call the result when it stops. */
export function observeGateway(read: () => GatewayUsage): () => void {
  return all(
    gatewaySubscribers(() => [[{}, read().subscribers]]),
    gatewayUpstreamStreams(() => [[{}, read().upstreamStreams]]),
    gatewayDeliveryGroups(() => [[{}, read().deliveryGroups]]),
    gatewayPayloadsInFlight(() => [[{}, read().payloadsInFlight]]),
    gatewaySubgraphRequests(() => {
      const usage = read();
      return [
        [{ result: 'sent' }, usage.subgraphRequestsSent],
        [{ result: 'shared' }, usage.subgraphRequestsShared],
      ];
    }),
    gatewayShortcutQueries(() => [[{}, read().shortcutQueries]]),
  );
}

const storeConnections = sampled(
  'gauge',
  'itsm_store_connections',
  'Database connections of a store, total and idle (PostgreSQL pool; PGlite has one)',
  ['service', 'backend', 'state'],
);
const storeWaiting = sampled(
  'gauge',
  'itsm_store_waiting',
  'Store calls waiting for a connection (PostgreSQL pool queue; PGlite: calls queued behind the one running)',
  ['service', 'backend'],
);
const storeInFlight = sampled('gauge', 'itsm_store_calls_in_flight', 'Store calls (statements, transactions, Neo4j sessions) started and not yet settled', [
  'service',
  'backend',
]);

export interface StoreUsage {
  inFlight: number;
  /** Absent where the driver does not say (Neo4j). */
  waiting?: number;
  connections?: { total: number; idle: number };
}

/** Reports an open store; call the result when it closes. */
export function observeStore(service: string, backend: string, read: () => StoreUsage): () => void {
  const labels = { service, backend };
  return all(
    storeInFlight(() => [[labels, read().inFlight]]),
    storeWaiting(() => {
      const { waiting } = read();
      return waiting === undefined ? [] : [[labels, waiting]];
    }),
    storeConnections(() => {
      const { connections } = read();
      if (!connections) return [];
      return [
        [{ ...labels, state: 'total' }, connections.total],
        [{ ...labels, state: 'idle' }, connections.idle],
      ];
    }),
  );
}

const feedLag = sampled('gauge', 'itsm_ticket_events_lag', 'Events committed to the tickets outbox and not yet handed to subscribers');
const feedSincePoll = sampled('gauge', 'itsm_ticket_events_seconds_since_read', 'Seconds since the event feed last read the outbox successfully');
const feedSubscribers = sampled('gauge', 'itsm_ticket_events_subscribers', "Subscribers of the tickets subgraph's event feed (the gateways' upstream streams)");

export interface EventFeedUsage {
  lagEvents: number;
  msSinceLastRead: number | null;
  subscribers: number;
}

/** Reports a running event feed; `read` may query the store (once per scrape: the three metrics share a read in flight). */
export function observeEventFeed(readFeed: () => Promise<EventFeedUsage>): () => void {
  let reading: Promise<EventFeedUsage> | null = null;
  const read = () => {
    if (!reading) {
      reading = readFeed();
      const done = () => void (reading = null);
      reading.then(done, done);
    }
    return reading;
  };
  return all(
    feedLag(async () => [[{}, (await read()).lagEvents]]),
    feedSincePoll(async () => {
      const { msSinceLastRead } = await read();
      return msSinceLastRead === null ? [] : [[{}, msSinceLastRead / 1000]];
    }),
    feedSubscribers(async () => [[{}, (await read()).subscribers]]),
  );
}

/**
 * The four series of an answer cache (the CMDB's traversal cache, the gateway's answer cache):
 * lookups by result, estimated bytes against the limit, entries.
 */
function cacheMetrics<Result extends string>(prefix: string, cache: string, limitSetting: string, lookupsHelp: string, results: Record<Result, keyof CacheUsage>) {
  const lookups = sampled('counter', `${prefix}_lookups_total`, lookupsHelp, ['result']);
  const bytes = sampled('gauge', `${prefix}_bytes`, `Estimated bytes of answers the ${cache} holds`);
  const maxBytes = sampled('gauge', `${prefix}_max_bytes`, `The ${cache} size limit (${limitSetting})`);
  const entries = sampled('gauge', `${prefix}_entries`, `Answers the ${cache} holds`);
  /** Reports one cache; call the result when its server stops. */
  return (read: () => CacheUsage): (() => void) =>
    all(
      lookups(() => {
        const stats = read();
        return Object.entries<keyof CacheUsage>(results).map(([result, field]) => [{ result }, stats[field] ?? 0]);
      }),
      bytes(() => [[{}, read().bytes]]),
      maxBytes(() => [[{}, read().maxBytes]]),
      entries(() => [[{}, read().entries]]),
    );
}

export interface TraversalCacheUsage {
  hits: number;
  misses: number;
  /** Lookups that waited for an identical computation already under way. */
  joined: number;
  entries: number;
  /** Estimated bytes held, at most maxBytes. */
  bytes: number;
  maxBytes: number;
}

export interface AnswerCacheUsage extends TraversalCacheUsage {
  /** Lookups that went uncached because the change counter could not be read. */
  bypassed: number;
  /** Reads of the change counter (lookups arriving together share one). */
  counterReads: number;
}

type CacheUsage = TraversalCacheUsage & Partial<AnswerCacheUsage>;

/** Reports a CMDB traversal cache; call the result when its server stops. */
export const observeTraversalCache: (read: () => TraversalCacheUsage) => () => void = cacheMetrics(
  'itsm_traversal_cache',
  'CMDB traversal cache',
  'TRAVERSAL_CACHE_MB',
  'CMDB traversal cache lookups: hit, miss, or joined (waited for an identical computation)',
  { hit: 'hits', miss: 'misses', joined: 'joined' },
);

/** Reports a gateway's answer cache; call the result when the gateway stops. */
export const observeAnswerCache: (read: () => AnswerCacheUsage) => () => void = cacheMetrics(
  'itsm_gateway_answer_cache',
  'gateway answer cache',
  'ANSWER_CACHE_MB',
  "Gateway answer cache lookups of CMDB-only queries: hit, miss, joined (waited for an identical query in flight), or bypassed (the CMDB's change counter could not be read)",
  { hit: 'hits', miss: 'misses', joined: 'joined', bypassed: 'bypassed' },
);

/**
 * Answers `GET /metrics` in the Prometheus text format. With `token` set the scraper must send
 * `Authorization: Bearer <token>` (401 otherwise); without, the endpoint is open like /healthz.
 */
export async function serveMetrics(request: IncomingMessage, response: ServerResponse, token: string | null): Promise<void> {
  if (token) {
    const presented = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (!sameSecret(presented, token)) {
      response.writeHead(401, { 'content-type': 'text/plain; charset=utf-8', 'www-authenticate': 'Bearer realm="metrics"' });
      response.end('/metrics needs Authorization: Bearer <METRICS_TOKEN>\n');
      return;
    }
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
    response.end('/metrics answers GET\n');
    return;
  }
  const text = await metricsRegistry.metrics();
  response.writeHead(200, { 'content-type': metricsRegistry.contentType, 'content-length': Buffer.byteLength(text) });
  response.end(request.method === 'HEAD' ? undefined : text);
}
