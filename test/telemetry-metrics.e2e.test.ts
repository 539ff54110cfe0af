/**
 * The Prometheus endpoint (docs/operations.md, Telemetry): after a few queries through the real
 * gateway, `GET /metrics` is valid Prometheus text and counts requests by operation name and
 * outcome, times subgraph fetches, and shows live subscribers, the stores' connections and the
 * traversal cache; METRICS_TOKEN guards it. Run on the embedded stores and, when the machine has
 * PostgreSQL, on it (its pool reports idle and total connections).
 */
import { SMALL_TOPOLOGY, startTestHub, type TestHub } from './support/hub';
import { createTestDatabase, postgresSuitesRun } from './support/postgres';
import { until } from './support/eventually';
import { subscribe } from './support/subscriber';

const METRICS_TOKEN = 'scrape-secret';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/**
 * Parses the Prometheus text exposition format (version 0.0.4), failing on any line that is not a
 * comment, a blank or a well-formed sample, on a sample whose family has no TYPE line before it,
 * and on histogram buckets that are not cumulative or whose +Inf bucket is not the count.
 */
function parsePrometheusText(text: string): Sample[] {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  const sampleLine = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{((?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*",?)*)\})? (\S+)(?: -?\d+)?$/;
  for (const [index, line] of text.split('\n').entries()) {
    if (line === '') continue;
    const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type) {
      if (types.has(type[1])) throw new Error(`line ${index + 1}: a second TYPE for ${type[1]}`);
      types.set(type[1], type[2]);
      continue;
    }
    if (/^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*$/.test(line)) continue;
    const match = sampleLine.exec(line);
    if (!match) throw new Error(`line ${index + 1} is not Prometheus text: ${JSON.stringify(line)}`);
    const [, name, labelText, valueText] = match;
    const family = [name, name.replace(/_(bucket|sum|count)$/, '')].find((candidate) => types.has(candidate));
    if (!family) throw new Error(`line ${index + 1}: ${name} has no TYPE line before it`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (labelText ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[key] = value;
    // Values are Go floats, as Prometheus reads them: NaN and Inf in any case (prom-client writes `Nan`).
    const special = /^(nan|[+-]?inf)$/i.exec(valueText)?.[1].toLowerCase();
    const value = special === 'nan' ? NaN : special?.endsWith('inf') ? (special.startsWith('-') ? -Infinity : Infinity) : Number(valueText);
    if (special === undefined && (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(valueText) || Number.isNaN(value))) {
      throw new Error(`line ${index + 1}: ${JSON.stringify(valueText)} is not a number`);
    }
    samples.push({ name, labels, value });
  }
  // Histograms: per label set (without le), buckets non-decreasing and +Inf equal to _count.
  for (const [family, type] of types) {
    if (type !== 'histogram') continue;
    const series = new Map<string, { buckets: number[]; inf?: number; count?: number }>();
    const keyOf = (labels: Record<string, string>) => JSON.stringify(Object.entries(labels).filter(([k]) => k !== 'le').sort());
    for (const sample of samples) {
      const entry = series.get(keyOf(sample.labels)) ?? { buckets: [] };
      series.set(keyOf(sample.labels), entry);
      if (sample.name === `${family}_bucket`) {
        if (sample.labels.le === '+Inf') entry.inf = sample.value;
        else entry.buckets.push(sample.value);
      } else if (sample.name === `${family}_count`) entry.count = sample.value;
    }
    for (const [key, { buckets, inf, count }] of series) {
      if (inf === undefined && count === undefined) continue;
      buckets.forEach((value, i) => {
        if (i > 0 && value < buckets[i - 1]) throw new Error(`${family}${key}: buckets are not cumulative`);
      });
      if (inf !== count) throw new Error(`${family}${key}: the +Inf bucket (${inf}) is not the count (${count})`);
    }
  }
  return samples;
}

/** The one sample named `name` whose labels include `labels`, or undefined. */
function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const found = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (found.length > 1) throw new Error(`${name} ${JSON.stringify(labels)} matches ${found.length} samples`);
  return found[0]?.value;
}

const backends = postgresSuitesRun() ? (['pglite', 'postgres'] as const) : (['pglite'] as const);

describe.each(backends)('GET /metrics (%s stores)', (backend) => {
  let hub: TestHub;
  let cleanup: () => Promise<void> = async () => undefined;
  const metricsUrl = () => new URL('/metrics', hub.gatewayUrl);

  async function scrape(): Promise<Sample[]> {
    const response = await fetch(metricsUrl(), { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return parsePrometheusText(await response.text());
  }

  beforeAll(async () => {
    let databaseUrl: string | undefined;
    if (backend === 'postgres') {
      const database = await createTestDatabase('hub_metrics');
      databaseUrl = database.url;
      cleanup = () => database.drop();
    }
    hub = await startTestHub({ env: { DATABASE_URL: databaseUrl, METRICS_TOKEN } });
    await hub.golden('ImportTopology', SMALL_TOPOLOGY);
  }, 240_000);

  afterAll(async () => {
    await hub?.destroy();
    await cleanup();
  });

  it('refuses a scrape without the METRICS_TOKEN bearer token', async () => {
    expect((await fetch(metricsUrl())).status).toBe(401);
    expect((await fetch(metricsUrl(), { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
  });

  it('counts requests by operation and outcome, times subgraph fetches, and reports the traversal cache', async () => {
    const { configurationItemByExternalId: db } = await hub.golden('ItemByExternalId', { externalId: 'db-main' });
    const { configurationItemByExternalId: api } = await hub.golden('ItemByExternalId', { externalId: 'app-api' });
    // The registry is the process's: counts from earlier suites in this process stay, so compare with before.
    const before = await scrape();
    const gatewayCount = (samples: Sample[], name: string, operation: string, outcome: string) =>
      valueOf(samples, name, { service: 'gateway', operation, outcome }) ?? 0;

    await hub.golden('OpenIncident', { input: { title: 'api slow', impact: 'HIGH', urgency: 'HIGH', affectedItemIds: [api.id] } });
    await hub.golden('ImpactWithIncidents', { id: db.id, depth: 4 });
    await hub.golden('ImpactWithIncidents', { id: db.id, depth: 4 });
    const refused = await hub.goldenRaw('ImpactWithIncidents', { depth: 4 });
    const refusedCode = refused.errors?.[0]?.extensions?.code as string;
    expect(refusedCode).toEqual(expect.any(String));

    const samples = await scrape();
    const added = (name: string, operation: string, outcome: string) =>
      gatewayCount(samples, name, operation, outcome) - gatewayCount(before, name, operation, outcome);
    expect(added('itsm_graphql_requests_total', 'ImpactWithIncidents', 'ok')).toBe(2);
    expect(added('itsm_graphql_requests_total', 'ImpactWithIncidents', refusedCode)).toBe(1);
    expect(added('itsm_graphql_request_duration_seconds_count', 'ImpactWithIncidents', 'ok')).toBe(2);
    expect(added('itsm_graphql_requests_total', 'OpenIncident', 'ok')).toBe(1);
    // The subgraphs count what the gateway sent them, under the names the query plan gave.
    expect(samples.some((s) => s.name === 'itsm_graphql_requests_total' && s.labels.service === 'cmdb' && s.value > 0)).toBe(true);
    expect(samples.some((s) => s.name === 'itsm_graphql_requests_total' && s.labels.service === 'tickets' && s.value > 0)).toBe(true);

    for (const subgraph of ['cmdb', 'tickets']) {
      expect(valueOf(samples, 'itsm_subgraph_fetch_duration_seconds_count', { subgraph, outcome: 'ok' })).toBeGreaterThan(0);
      expect(valueOf(samples, 'itsm_subgraph_fetch_duration_seconds_bucket', { subgraph, outcome: 'ok', le: '+Inf' })).toBeGreaterThan(0);
    }
    expect(valueOf(samples, 'itsm_gateway_subgraph_requests_total', { result: 'sent' })).toBeGreaterThan(0);

    // The second identical impact came from the cache.
    expect(valueOf(samples, 'itsm_traversal_cache_lookups_total', { result: 'hit' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(samples, 'itsm_traversal_cache_lookups_total', { result: 'miss' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(samples, 'itsm_traversal_cache_bytes')).toBeGreaterThan(0);
    expect(valueOf(samples, 'itsm_traversal_cache_max_bytes')).toBe(64 * 1024 * 1024);

    // The process's own metrics, from this process's registry.
    expect(valueOf(samples, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(valueOf(samples, 'nodejs_eventloop_lag_seconds')).toEqual(expect.any(Number));
  });

  it("shows the stores' connections and the event feed's lag", async () => {
    const samples = await scrape();
    const kind = backend;
    for (const service of ['cmdb', 'tickets', 'knowledge']) {
      const total = valueOf(samples, 'itsm_store_connections', { service, backend: kind, state: 'total' });
      const idle = valueOf(samples, 'itsm_store_connections', { service, backend: kind, state: 'idle' });
      expect(total).toBeGreaterThanOrEqual(1);
      expect(idle).toBeGreaterThanOrEqual(0);
      expect(idle).toBeLessThanOrEqual(total!);
      // The scrape itself reads the event feed's lag from the tickets store, and the feed polls: no exact figures.
      expect(valueOf(samples, 'itsm_store_waiting', { service, backend: kind })).toBeGreaterThanOrEqual(0);
      expect(valueOf(samples, 'itsm_store_calls_in_flight', { service, backend: kind })).toBeGreaterThanOrEqual(0);
    }
    if (kind === 'pglite') expect(valueOf(samples, 'itsm_store_connections', { service: 'tickets', backend: 'pglite', state: 'total' })).toBe(1);
    expect(valueOf(samples, 'itsm_ticket_events_lag')).toBeGreaterThanOrEqual(0);
    expect(valueOf(samples, 'itsm_ticket_events_seconds_since_read')).toBeGreaterThanOrEqual(0);
  });

  it('shows live subscribers while they are connected, and none once they leave', async () => {
    expect(valueOf(await scrape(), 'itsm_gateway_subscribers')).toBe(0);
    const subscriber = subscribe(hub.gatewayUrl, { filter: { assignmentGroup: 'metrics' } });
    try {
      await until(() => hub.gateway.subscribers === 1 && hub.tickets.feed.subscriberCount === 1, { what: 'the subscription live up to the feed' });
      const live = await scrape();
      expect(valueOf(live, 'itsm_gateway_subscribers')).toBe(1);
      expect(valueOf(live, 'itsm_gateway_upstream_streams')).toBe(1);
      expect(valueOf(live, 'itsm_ticket_events_subscribers')).toBe(1);
    } finally {
      await subscriber.close();
    }
    await until(() => hub.gateway.subscribers === 0, { what: 'the subscriber gone' });
    expect(valueOf(await scrape(), 'itsm_gateway_subscribers')).toBe(0);
  });
});
