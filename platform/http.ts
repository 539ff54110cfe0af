/**
 * Serves an Apollo Server over plain node:http, beside the health endpoints
 * every service of the hub has: `/healthz` (alive) and `/readyz` (every
 * dependency answers). Owning the HTTP layer keeps the request-size limit and
 * the WebSocket upgrade (gateway subscriptions) on one server.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import { v7 as uuidv7 } from 'uuid';
import { componentLogger, withRequestId, type Logger } from './logger';
import { serveMetrics } from './metrics';
import { recordHttpStatus, serverSpan } from './telemetry';

/**
 * Carries one request's id from the client through the gateway to the subgraphs, and back in the
 * response, so every log line about the request, in every service, can be found by it.
 */
export const REQUEST_ID_HEADER = 'x-request-id';

/** Ids from outside are taken only when they are short plain tokens: they end up in every log line. */
const SANE_REQUEST_ID = /^[A-Za-z0-9][\w.:-]{0,127}$/;

/** The caller's `x-request-id` when it is a sane token, else a new one (time-ordered, so ids sort by arrival). */
export function requestIdOf(header: string | string[] | undefined): string {
  return typeof header === 'string' && SANE_REQUEST_ID.test(header) ? header : uuidv7();
}

/**
 * A named dependency; `check` resolves when it answers and throws (with a reason) when it does not.
 * It may resolve to details (e.g. the event feed's lag), reported under `details` by name.
 */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void | Record<string, unknown>>;
}

export interface GraphQLHttpOptions<TContext extends BaseContext> {
  /** Names the service in its log lines. */
  service: string;
  apollo: ApolloServer<TContext>;
  context: (request: IncomingMessage) => Promise<TContext>;
  readiness: ReadinessCheck[];
  /** Requests with a larger body are refused with 413 before parsing. */
  maxBodyBytes: number;
  /** METRICS_TOKEN: when set, `GET /metrics` needs it as a bearer token (platform/metrics.ts). */
  metricsToken?: string | null;
}

const READINESS_TIMEOUT_MS = 3000;

export async function readinessReport(
  checks: ReadinessCheck[],
): Promise<{ ready: boolean; checks: Record<string, string>; details?: Record<string, Record<string, unknown>> }> {
  const details: Record<string, Record<string, unknown>> = {};
  const results = await Promise.all(
    checks.map(async ({ name, check }) => {
      let timer: NodeJS.Timeout | undefined;
      try {
        const detail = await Promise.race([
          check(),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer within ${READINESS_TIMEOUT_MS} ms`)), READINESS_TIMEOUT_MS);
          }),
        ]);
        if (detail) details[name] = detail;
        return [name, 'ok'] as const;
      } catch (error) {
        return [name, `down: ${(error as Error).message}`] as const;
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  const ready = results.every(([, state]) => state === 'ok');
  return { ready, checks: Object.fromEntries(results), ...(Object.keys(details).length ? { details } : {}) };
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

/** A request body over the service's limit (MAX_BODY_BYTES), declared or as it arrived. */
export class BodyTooLarge extends Error {}

/** The request's body as text, refused with BodyTooLarge past `maxBytes` without reading the rest. */
export async function readBody(request: IncomingMessage, maxBytes: number): Promise<string> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > maxBytes) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Creates (does not start) the HTTP server for one service. GraphQL is served at `/graphql`. Each
 * request runs inside `withRequestId`, with the id echoed in the response's `x-request-id`.
 */
export function createGraphQLHttpServer<TContext extends BaseContext>(options: GraphQLHttpOptions<TContext>): Server {
  const { apollo, context, readiness, maxBodyBytes } = options;
  const log = componentLogger(options.service, 'http');
  /** One GraphQL request over HTTP, answered by Apollo Server (BodyTooLarge past the limit). */
  const serveGraphQL = async (request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> => {
    let body: unknown;
    if (request.method === 'POST') {
      const text = await readBody(request, maxBodyBytes);
      const type = request.headers['content-type'] ?? '';
      if (type.includes('application/json')) {
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          return sendJson(response, 400, { errors: [{ message: 'request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
        }
      } else {
        body = text;
      }
    }
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: (request.method ?? 'GET').toUpperCase(), headers, search: url.search, body },
      context: () => context(request),
    });
    for (const [name, value] of result.headers) response.setHeader(name, value);
    response.statusCode = result.status ?? 200;
    if (result.body.kind === 'complete') {
      response.end(result.body.string);
    } else {
      for await (const chunk of result.body.asyncIterator) response.write(chunk);
      response.end();
    }
  };
  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    try {
      if (url.pathname === '/healthz') return sendJson(response, 200, { status: 'ok' });
      if (url.pathname === '/readyz') {
        const report = await readinessReport(readiness);
        return sendJson(response, report.ready ? 200 : 503, { status: report.ready ? 'ready' : 'unavailable', ...report });
      }
      if (url.pathname === '/metrics') return await serveMetrics(request, response, options.metricsToken ?? null);
      if (url.pathname !== '/graphql') return sendJson(response, 404, { error: `nothing at ${url.pathname}; GraphQL is at /graphql` });
      await serverSpan(options.service, request, '/graphql', async (span) => {
        await serveGraphQL(request, response, url);
        recordHttpStatus(span, response.statusCode);
      });
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        return sendJson(response, 413, {
          errors: [{ message: `request body exceeds ${maxBodyBytes} bytes`, extensions: { code: 'BAD_USER_INPUT' } }],
        });
      }
      log.error({ err: error, method: request.method, path: url.pathname }, 'request failed outside GraphQL');
      if (!response.headersSent) sendJson(response, 500, { errors: [{ message: 'internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      else response.end();
    }
  };
  return createServer((request, response) => {
    const requestId = requestIdOf(request.headers[REQUEST_ID_HEADER]);
    response.setHeader(REQUEST_ID_HEADER, requestId);
    return withRequestId(requestId, async () => {
      await handle(request, response);
      log.debug({ method: request.method, path: request.url?.split('?')[0], status: response.statusCode }, 'request served');
    });
  });
}

/** Listens on `port` (0 picks a free one) and resolves to the bound port. */
/** What `serveInFront` puts before a server's own handler. */
export interface FrontRoutes {
  /** The paths these routes answer; every other request goes on to the server's own handler. */
  paths: ReadonlySet<string> | readonly string[];
  /** Answers one request of `paths`; resolves once the answer is sent. */
  serve(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void>;
  /** Logs a failure `serve` let through. */
  log: Logger;
  /** Answers such a failure when nothing was sent yet (a plain-text 500 by default). */
  failed?(response: ServerResponse): void;
}

/**
 * Puts routes in front of a server's own request handler (GraphQL, health and metrics from
 * createGraphQLHttpServer), so they need no change to that shared layer. Each of their requests
 * runs inside `withRequestId`, with the id echoed in `x-request-id`; a failure `serve` let through
 * is logged, then answered if nothing was sent yet, else the connection is cut so the client
 * knows its answer is incomplete.
 */
export function serveInFront(server: Server, routes: FrontRoutes): void {
  const paths = new Set(routes.paths);
  const handlers = server.listeners('request') as ((request: IncomingMessage, response: ServerResponse) => void)[];
  server.removeAllListeners('request');
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (!paths.has(url.pathname)) {
      for (const handler of handlers) handler.call(server, request, response);
      return;
    }
    const requestId = requestIdOf(request.headers[REQUEST_ID_HEADER]);
    response.setHeader(REQUEST_ID_HEADER, requestId);
    withRequestId(requestId, () => routes.serve(request, response, url)).catch((error) => {
      routes.log.error({ err: error, path: url.pathname }, 'request failed');
      if (response.headersSent) response.destroy();
      else if (routes.failed) routes.failed(response);
      else {
        response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        response.end('internal error; the operators have the details\n');
      }
    });
  });
}

export function listen(server: Server, port: number, host?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Hosts that mean "every interface": a client reaches such a server on the loopback address. */
const ANY_HOST = new Set(['0.0.0.0', '::', '']);

/** The GraphQL URL a client on this machine uses for a server listening on `host` (unset: every interface) and `port`. */
export function graphqlUrl(host: string | undefined, port: number): string {
  const reachable = host === undefined || ANY_HOST.has(host) ? '127.0.0.1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}/graphql`;
}

/** Closes the server, ending idle keep-alive connections so shutdown is prompt. */
export function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), 2000).unref();
  });
}
