/**
 * Traces across processes (docs/operations.md, Telemetry): the gateway and the three subgraphs run
 * as four OS processes, each exporting spans over OTLP/HTTP to a receiver in this test. One
 * `ImpactWithIncidents` query, sent with the client's own `traceparent`, must come back as one
 * trace: the client's trace id in every process, each span's parent among the trace's spans (or
 * the client's span for the gateway's server span), and the stores' statements in it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { goldenClient, SMALL_TOPOLOGY } from './support/hub';
import { until } from './support/eventually';

const ROOT = join(__dirname, '..');
const SECRET = 'telemetry-test-secret';

interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
}

/** OTLP/JSON `KeyValue`s as a plain object. */
function attributesOf(list: { key: string; value: Record<string, unknown> }[] | undefined): Record<string, unknown> {
  return Object.fromEntries((list ?? []).map(({ key, value }) => [key, Object.values(value)[0]]));
}

/** An OTLP/HTTP trace receiver: accepts `POST /v1/traces` with JSON bodies and keeps every span. */
async function startReceiver(): Promise<{ url: string; spans: ReceivedSpan[]; close(): Promise<void> }> {
  const spans: ReceivedSpan[] = [];
  const server: Server = createHttpServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    if (request.method !== 'POST' || request.url !== '/v1/traces' || !String(request.headers['content-type']).startsWith('application/json')) {
      response.writeHead(404).end();
      return;
    }
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    for (const resourceSpans of body.resourceSpans ?? []) {
      const service = String(attributesOf(resourceSpans.resource?.attributes)['service.name']);
      for (const scope of resourceSpans.scopeSpans ?? []) {
        for (const span of scope.spans ?? []) {
          spans.push({
            service,
            traceId: span.traceId,
            spanId: span.spanId,
            parentSpanId: span.parentSpanId ?? '',
            name: span.name,
            kind: span.kind,
            attributes: attributesOf(span.attributes),
          });
        }
      }
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Starts one service's entry point as a process and resolves once it logs that it listens. */
async function startService(entry: string, ready: string, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, entry)], {
    cwd: ROOT,
    env: { ...process.env, NODE_OPTIONS: '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${entry} did not start:\n${output}`)), 90_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(ready)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${entry} exited with ${code}:\n${output}`)));
  });
  return child;
}

describe('traces across the gateway and subgraph processes', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-traces-'));
  const children: ChildProcess[] = [];
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let gatewayUrl: string;

  beforeAll(async () => {
    receiver = await startReceiver();
    const [gateway, cmdb, tickets, knowledge] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    const urls = {
      CMDB_URL: `http://127.0.0.1:${cmdb}/graphql`,
      TICKETS_URL: `http://127.0.0.1:${tickets}/graphql`,
      KNOWLEDGE_URL: `http://127.0.0.1:${knowledge}/graphql`,
    };
    const env = {
      ...urls,
      DATA_DIR: dataDir,
      HUB_INTERNAL_SECRET: SECRET,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      // Export within a tenth of a second instead of the default five.
      OTEL_BSP_SCHEDULE_DELAY: '100',
      PORT: String(gateway),
      CMDB_PORT: String(cmdb),
      TICKETS_PORT: String(tickets),
      KNOWLEDGE_PORT: String(knowledge),
    };
    // The subgraphs open their embedded stores side by side; the gateway needs them answering.
    children.push(
      ...(await Promise.all([
        startService('subgraphs/cmdb/index.ts', 'cmdb subgraph listening', env),
        startService('subgraphs/tickets/index.ts', 'tickets subgraph listening', env),
        startService('subgraphs/knowledge/index.ts', 'knowledge subgraph listening', env),
      ])),
    );
    children.push(await startService('gateway/index.ts', 'gateway listening', env));
    gatewayUrl = `http://127.0.0.1:${gateway}/graphql`;
  }, 240_000);

  afterAll(async () => {
    const exited = children.map((child) => (child.exitCode === null && child.signalCode === null ? once(child, 'exit') : undefined));
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(exited);
    await receiver?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('puts one ImpactWithIncidents query in one trace across the gateway, the CMDB and tickets, stores included', async () => {
    const client = goldenClient(gatewayUrl);
    await client.call('ImportTopology', SMALL_TOPOLOGY);
    const { configurationItemByExternalId: api } = await client.call('ItemByExternalId', { externalId: 'app-api' });
    await client.call('OpenIncident', { input: { title: 'api down', impact: 'HIGH', urgency: 'HIGH', affectedItemIds: [api.id] } });
    const { configurationItemByExternalId: db } = await client.call('ItemByExternalId', { externalId: 'db-main' });

    // The client's own span: the trace must continue it.
    const traceId = 'a3ce929d0e0e47364bf92f3577b34da6';
    const clientSpanId = '00f067aa0ba902b7';
    const traced = goldenClient(gatewayUrl, { traceparent: `00-${traceId}-${clientSpanId}-01` });
    const answer = await traced.call('ImpactWithIncidents', { id: db.id, depth: 6 });
    expect(answer.configurationItem.impact.items.some((i: any) => i.item.openIncidents.length > 0)).toBe(true);

    const inTrace = () => receiver.spans.filter((span) => span.traceId === traceId);
    const services = () => new Set(inTrace().map((span) => span.service));
    const complete = () => {
      const ids = new Set(inTrace().map((span) => span.spanId));
      return (
        services().size >= 3 &&
        inTrace().every((span) => span.parentSpanId === clientSpanId || ids.has(span.parentSpanId)) &&
        inTrace().some((span) => span.attributes['db.system.name'] === 'postgresql')
      );
    };
    await until(complete, {
      timeoutMs: 30_000,
      what: 'the whole trace exported',
      describe: () => JSON.stringify(inTrace().map(({ service, name, spanId, parentSpanId }) => ({ service, name, spanId, parentSpanId }))),
    });

    const spans = inTrace();
    expect([...services()].sort()).toEqual(expect.arrayContaining(['itsm-cmdb', 'itsm-gateway', 'itsm-tickets']));
    const byId = new Map(spans.map((span) => [span.spanId, span]));
    const SERVER = 2;
    const CLIENT = 3;

    // The gateway's server span continues the client's span, named after the operation.
    const root = spans.filter((span) => span.parentSpanId === clientSpanId);
    expect(root).toEqual([expect.objectContaining({ service: 'itsm-gateway', kind: SERVER, name: 'query ImpactWithIncidents' })]);
    expect(root[0].attributes).toMatchObject({ 'graphql.operation.name': 'ImpactWithIncidents', 'graphql.operation.type': 'query', 'http.response.status_code': 200 });

    // Each subgraph's server span is the child of a gateway client span to it.
    for (const service of ['itsm-cmdb', 'itsm-tickets']) {
      const served = spans.filter((span) => span.service === service && span.kind === SERVER);
      expect(served.length).toBeGreaterThan(0);
      for (const span of served) {
        const parent = byId.get(span.parentSpanId)!;
        expect(parent).toMatchObject({ service: 'itsm-gateway', kind: CLIENT });
        expect(parent.attributes['itsm.subgraph.name']).toBe(service.replace('itsm-', ''));
        expect(byId.get(parent.parentSpanId)?.spanId).toBe(root[0].spanId);
      }
    }

    // Statements are client spans inside the subgraph that ran them.
    const statements = spans.filter((span) => span.attributes['db.system.name'] === 'postgresql');
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      expect(statement.kind).toBe(CLIENT);
      expect(statement.attributes['db.query.text']).toEqual(expect.any(String));
      let owner = byId.get(statement.parentSpanId);
      while (owner && owner.kind !== SERVER) owner = byId.get(owner.parentSpanId);
      expect(owner?.service).toBe(statement.service);
    }
    expect(new Set(statements.map((span) => span.service))).toEqual(new Set(['itsm-cmdb', 'itsm-tickets']));
  });
});
