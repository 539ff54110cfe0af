/**
 * Traces (OpenTelemetry) for every service of the hub, set up in one place.
 *
 * Spans: one SERVER span per GraphQL request a service receives (its parent taken from the
 * request's W3C `traceparent`), one CLIENT span per call to another service (the subgraph
 * fetches of the gateway, the tickets and knowledge subgraphs' calls to the CMDB and tickets),
 * which puts its own `traceparent` on the request, and one CLIENT span per database statement
 * (platform/sql.ts, the Neo4j store) made while serving one. Names and attributes follow the OpenTelemetry semantic
 * conventions (HTTP, GraphQL, database).
 *
 * Spans go out over OTLP/HTTP (JSON) when OTEL_EXPORTER_OTLP_ENDPOINT or
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is set. Unset, nothing is set up: no context manager, no
 * propagator, and every helper here runs its work directly, so tracing costs one boolean test.
 *
 * Each service's spans carry `service.name` `itsm-<service>`, also when the four run in one
 * process (`npm start`): a tracer provider per service, chosen by the service whose request is
 * being served (carried in the context by `serverSpan`). OTEL_SERVICE_NAME names them all alike.
 */
import type { IncomingHttpHeaders } from 'node:http';
import {
  context,
  diag,
  DiagLogLevel,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  createContextKey,
  INVALID_SPAN_CONTEXT,
  type Attributes,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import type { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import {
  ATTR_DB_OPERATION_NAME,
  ATTR_DB_QUERY_TEXT,
  ATTR_DB_SYSTEM_NAME,
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_SERVICE_NAME,
  ATTR_URL_FULL,
  ATTR_URL_PATH,
} from '@opentelemetry/semantic-conventions';
import type { EnvReader } from './config';
import { componentLogger, rateLimitedErrorLog } from './logger';

export interface TelemetryConfig {
  /** METRICS_TOKEN: when set, `/metrics` answers only `Authorization: Bearer <token>`; unset, it is open like /healthz. */
  metricsToken: string | null;
  /** Where spans are sent (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, or OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces); null: tracing off. */
  tracesUrl: string | null;
  /** OTEL_SERVICE_NAME: the `service.name` of every span of the process; null: `itsm-<service>`. */
  serviceName: string | null;
}

/** Reads the telemetry variables every service shares; each service's config.ts calls it with its own reader. */
export function readTelemetryConfig(read: EnvReader): TelemetryConfig {
  const signal = read.url('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', ['http', 'https']);
  const base = read.url('OTEL_EXPORTER_OTLP_ENDPOINT', ['http', 'https']);
  return {
    metricsToken: read.string('METRICS_TOKEN') ?? null,
    // As the OTLP exporter specification says: the signal's own variable is used as it is, the
    // general one gets the signal's path appended.
    tracesUrl: signal ?? (base ? `${base.replace(/\/+$/, '')}/v1/traces` : null),
    serviceName: read.string('OTEL_SERVICE_NAME') ?? null,
  };
}

/** The semantic conventions' GraphQL attributes (still "development" there, so not in the stable export). */
export const ATTR_GRAPHQL_OPERATION_NAME = 'graphql.operation.name';
export const ATTR_GRAPHQL_OPERATION_TYPE = 'graphql.operation.type';

const log = componentLogger('telemetry', 'traces');

interface Tracing {
  config: TelemetryConfig;
  /** The service a span belongs to when no request of another is being served. */
  processService: string;
  providers: Map<string, NodeTracerProvider>;
  /** A provider whose spans carry `service.name` `name`, exporting to the configured endpoint. */
  createProvider(name: string): NodeTracerProvider;
}

let tracing: Tracing | null = null;

/** The service whose request is being served, put in the context by `serverSpan`. */
const SERVICE_KEY = createContextKey('itsm.service');

/** A span that records nothing, handed to work when tracing is off. */
const NOT_RECORDING: Span = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

/**
 * Starts tracing for this process when an OTLP endpoint is configured; a second call does
 * nothing. `service` is the process's service (`gateway`, `cmdb`, `tickets`, `knowledge`, or
 * `hub` for all in one process). The SDK is loaded only then: a process without an endpoint
 * never loads it.
 */
export async function startTelemetry(service: string, config: TelemetryConfig): Promise<void> {
  if (tracing || !config.tracesUrl) return;
  const [{ AsyncLocalStorageContextManager }, { setGlobalErrorHandler, W3CTraceContextPropagator }, { OTLPTraceExporter }, { resourceFromAttributes }, sdk] =
    await Promise.all([
      import('@opentelemetry/context-async-hooks'),
      import('@opentelemetry/core'),
      import('@opentelemetry/exporter-trace-otlp-http'),
      import('@opentelemetry/resources'),
      import('@opentelemetry/sdk-trace-node'),
    ]);
  if (tracing) return;
  const tracesUrl = config.tracesUrl;
  const contextManager = new AsyncLocalStorageContextManager();
  contextManager.enable();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  // The batch processor hands failed exports to the global error handler; the exporter itself
  // reports through `diag`. Both go to the log, at most once per interval, never silently dropped.
  const logExportFailure = rateLimitedErrorLog(log);
  setGlobalErrorHandler((error) => logExportFailure('export', error, `exporting spans to ${config.tracesUrl} failed; spans of this batch are lost`));
  const logDiag = rateLimitedErrorLog(log);
  diag.setLogger(
    {
      error: (message, ...args) => logDiag('diag', args[0], `OpenTelemetry: ${message}`),
      warn: (message, ...args) => log.warn({ details: args }, `OpenTelemetry: ${message}`),
      info: () => undefined,
      debug: () => undefined,
      verbose: () => undefined,
    },
    { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true },
  );
  tracing = {
    config,
    processService: service,
    providers: new Map(),
    createProvider: (name) =>
      new sdk.NodeTracerProvider({
        resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: name }),
        // Batch size, delay and queue come from OTEL_BSP_* when set; sampling from OTEL_TRACES_SAMPLER.
        spanProcessors: [new sdk.BatchSpanProcessor(new OTLPTraceExporter({ url: tracesUrl }))],
      }),
  };
  log.info({ url: config.tracesUrl, serviceName: config.serviceName ?? `itsm-${service}` }, 'exporting traces over OTLP/HTTP');
}

/** Sends the spans still buffered and stops tracing (a process that is stopping calls this last). */
export async function stopTelemetry(): Promise<void> {
  const stopping = tracing;
  if (!stopping) return;
  tracing = null;
  await Promise.all(
    [...stopping.providers.values()].map((provider) =>
      provider.shutdown().catch((error: unknown) => log.error({ err: error }, 'flushing spans at shutdown failed; they are lost')),
    ),
  );
  context.disable();
  propagation.disable();
}

function providerFor(active: Tracing, service: string): NodeTracerProvider {
  const name = active.config.serviceName ?? `itsm-${service}`;
  let provider = active.providers.get(name);
  if (!provider) {
    provider = active.createProvider(name);
    active.providers.set(name, provider);
  }
  return provider;
}

/** The tracer of the service whose request is being served (or of the process). */
function currentTracer(active: Tracing, service?: string): Tracer {
  const owner = service ?? (context.active().getValue(SERVICE_KEY) as string | undefined) ?? active.processService;
  return providerFor(active, owner).getTracer('itsm-hub');
}

function recordFailure(span: Span, error: unknown): void {
  const code = (error as { extensions?: { code?: unknown } } | undefined)?.extensions?.code;
  span.setAttribute(ATTR_ERROR_TYPE, typeof code === 'string' ? code : ((error as Error | undefined)?.name ?? 'Error'));
  span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error | undefined)?.message });
}

/** Runs `work` as the current span `span`, ending it when the work settles; a throw marks it failed. */
async function within<T>(span: Span, parent: ReturnType<typeof context.active>, work: (span: Span) => Promise<T>): Promise<T> {
  try {
    return await context.with(trace.setSpan(parent, span), () => work(span));
  } catch (error) {
    recordFailure(span, error);
    throw error;
  } finally {
    span.end();
  }
}

/**
 * The SERVER span of one HTTP request to `service`, its parent the caller's `traceparent` (none:
 * a new trace); everything `work` does runs inside it. Named `POST /graphql` until the GraphQL
 * request telemetry (platform/request-telemetry.ts) knows the operation.
 */
export function serverSpan<T>(
  service: string,
  request: { method?: string; headers: IncomingHttpHeaders },
  route: string,
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const active = tracing;
  if (!active) return work(NOT_RECORDING);
  const method = request.method ?? 'GET';
  const parent = propagation.extract(ROOT_CONTEXT, request.headers).setValue(SERVICE_KEY, service);
  const span = currentTracer(active, service).startSpan(
    `${method} ${route}`,
    { kind: SpanKind.SERVER, attributes: { [ATTR_HTTP_REQUEST_METHOD]: method, [ATTR_URL_PATH]: route, [ATTR_HTTP_ROUTE]: route } },
    parent,
  );
  return within(span, parent, work);
}

/**
 * A CLIENT span around one HTTP call to another service of the hub at `url`; `work` puts the
 * span's context on its request with `injectTraceContext`. `name` is the HTTP method (the
 * conventions' span name for a client call without a URL template).
 */
export function clientSpan<T>(method: string, url: string, attributes: Attributes, work: (span: Span) => Promise<T>): Promise<T> {
  const active = tracing;
  if (!active) return work(NOT_RECORDING);
  const parsed = new URL(url);
  const span = currentTracer(active).startSpan(method, {
    kind: SpanKind.CLIENT,
    attributes: {
      [ATTR_HTTP_REQUEST_METHOD]: method,
      [ATTR_URL_FULL]: url,
      [ATTR_SERVER_ADDRESS]: parsed.hostname,
      [ATTR_SERVER_PORT]: Number(parsed.port || (parsed.protocol === 'https:' ? 443 : 80)),
      ...attributes,
    },
  });
  return within(span, context.active(), work);
}

/** Records the HTTP status of the call or answer `span` stands for (5xx marks a client span failed, and a server span). */
export function recordHttpStatus(span: Span, status: number): void {
  if (!span.isRecording()) return;
  span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
  if (status >= 500) {
    span.setAttribute(ATTR_ERROR_TYPE, String(status));
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
}

/** Writes the current span's `traceparent` (and `tracestate`) into an outgoing request's headers. */
export function injectTraceContext(headers: { set(name: string, value: string): void } | Record<string, string>): void {
  if (!tracing) return;
  if (typeof headers.set === 'function') {
    const target = headers as { set(name: string, value: string): void };
    propagation.inject(context.active(), target, { set: (carrier, key, value) => carrier.set(key, value) });
  } else {
    propagation.inject(context.active(), headers);
  }
}

/** What a statement's text says it does: its first keyword (`SELECT`, `INSERT`, `MATCH`, ...). */
function operationOf(statement: string): string {
  return /^\s*([A-Za-z]+)/.exec(statement)?.[1]?.toUpperCase() ?? 'QUERY';
}

/** Longest statement text kept on a span: migrations are whole scripts. */
const MAX_STATEMENT_CHARS = 4096;

/**
 * A CLIENT span around one database statement (`system`: `postgresql` for PostgreSQL and PGlite,
 * `neo4j`), named by its operation: the statement's first keyword, or `unitName` for a unit of
 * several statements (`statement` null). Statements are parameterized, so their text holds no values.
 */
export function storeSpan<T>(system: string, statement: string | null, work: () => Promise<T>, unitName?: string): Promise<T> {
  const active = tracing;
  // Statements no request stands behind (the event feed's polls, pruning, migrations) would each be
  // a trace of one span every few seconds: only statements of a traced piece of work are recorded.
  if (!active || !trace.getActiveSpan()) return work();
  // Named only here, past the check: with tracing off a statement costs nothing but the check.
  const operation = unitName ?? operationOf(statement ?? '');
  const attributes: Attributes = { [ATTR_DB_SYSTEM_NAME]: system, [ATTR_DB_OPERATION_NAME]: operation };
  if (statement !== null) {
    attributes[ATTR_DB_QUERY_TEXT] = statement.length > MAX_STATEMENT_CHARS ? `${statement.slice(0, MAX_STATEMENT_CHARS)}…` : statement;
  }
  const span = currentTracer(active).startSpan(operation, { kind: SpanKind.CLIENT, attributes });
  return within(span, context.active(), work);
}

/** An INTERNAL span around work no request stands behind (an event's payload, say), so its calls share one trace. */
export function internalSpan<T>(service: string, name: string, attributes: Attributes, work: () => Promise<T>): Promise<T> {
  const active = tracing;
  if (!active) return work();
  const parent = context.active().setValue(SERVICE_KEY, service);
  const span = currentTracer(active, service).startSpan(name, { kind: SpanKind.INTERNAL, attributes }, parent);
  return within(span, parent, work);
}

/** The span of the request being served, when tracing is on. */
export function activeSpan(): Span | undefined {
  return tracing ? trace.getActiveSpan() : undefined;
}
