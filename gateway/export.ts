/**
 * Exports over plain HTTP for tools that read files, not GraphQL: `GET /export/tickets.csv`,
 * `/export/tickets.ndjson` and `/export/metrics.csv`. The gateway checks the caller as it does for
 * `/graphql` (gateway/identity.ts) and pipes the answer of the tickets subgraph, which reads and
 * checks the parameters and streams the file (subgraphs/tickets/export.ts). The pipe keeps
 * backpressure end to end: a slow client slows the subgraph's reading of pages, and a client that
 * goes away stops it.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { isHubError } from '../platform/errors';
import { serveInFront } from '../platform/http';
import { componentLogger } from '../platform/logger';
import type { GatewayConfig } from './config';
import { forwardToSubgraph, type Authenticator, type Identity } from './identity';

const log = componentLogger('gateway', 'export');

/** Each export and the scope of what it exposes (the scope of its GraphQL counterpart: tickets, ticketMetrics). */
const EXPORT_SCOPES = new Map([
  ['/export/tickets.csv', 'tickets:read'],
  ['/export/tickets.ndjson', 'tickets:read'],
  ['/export/metrics.csv', 'metrics:read'],
]);
/** Response headers of the subgraph's answer that reach the client. */
const PASSED_HEADERS = ['content-type', 'content-disposition', 'content-length', 'cache-control'];

export type ExportConfig = Pick<GatewayConfig, 'internalSecret' | 'subgraphUrls'> & { auth: Authenticator };

function sendText(response: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  const body = `${text.replace(/[\r\n]+/g, ' ')}\n`;
  response.writeHead(status, { ...headers, 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

async function serveExport(request: IncomingMessage, response: ServerResponse, url: URL, config: ExportConfig): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return sendText(response, 405, `${request.method} is not allowed here; use GET`, { allow: 'GET, HEAD' });
  }
  let identity: Identity;
  try {
    identity = await config.auth.identify(request.headers);
  } catch (error) {
    if (isHubError(error) && error.extensions.code === 'UNAUTHENTICATED') {
      return sendText(response, 401, error.message, { 'www-authenticate': 'Bearer' });
    }
    if (isHubError(error) && error.extensions.code === 'SERVICE_UNAVAILABLE') return sendText(response, 503, error.message);
    throw error;
  }
  const scope = EXPORT_SCOPES.get(url.pathname)!;
  if (!identity.scopes.has(scope)) {
    return sendText(response, 403, `${url.pathname} requires the scope ${scope}`, { 'www-authenticate': `Bearer error="insufficient_scope", scope="${scope}"` });
  }
  const upstreamUrl = new URL(url.pathname + url.search, config.subgraphUrls.tickets);
  const headers = new Headers();
  forwardToSubgraph(headers, identity, config.internalSecret);
  const aborted = new AbortController();
  // The client went away before the answer was complete: stop the subgraph's reading too.
  response.once('close', () => {
    if (!response.writableFinished) aborted.abort();
  });
  let upstream: Response;
  try {
    upstream = await fetch(upstreamUrl, { method: request.method, headers, signal: aborted.signal });
  } catch (error) {
    if (aborted.signal.aborted) return;
    log.error({ err: error, path: url.pathname }, 'the tickets subgraph did not answer an export');
    return sendText(response, 503, 'the tickets subgraph is unavailable, try again shortly');
  }
  if (upstream.status !== 200 && upstream.status !== 400 && upstream.status !== 503) {
    // 403 means the secrets differ; anything else is the subgraph's failure, which it has logged.
    log.error({ status: upstream.status, path: url.pathname, answer: (await upstream.text()).slice(0, 500) }, 'the tickets subgraph refused an export');
    return sendText(response, 502, 'the export failed; the operators have the details');
  }
  const passed: Record<string, string> = {};
  for (const name of PASSED_HEADERS) {
    const value = upstream.headers.get(name);
    if (value !== null) passed[name] = value;
  }
  response.writeHead(upstream.status, passed);
  if (!upstream.body) {
    response.end();
    return;
  }
  try {
    await pipeline(Readable.fromWeb(upstream.body as WebReadableStream<Uint8Array>), response);
  } catch (error) {
    if (aborted.signal.aborted) return;
    // The subgraph cut its answer (a store failure mid-stream): cut ours, so the client knows the file is incomplete.
    log.error({ err: error, path: url.pathname }, 'export stream from the tickets subgraph failed');
    response.destroy();
  }
}

/** Puts the export routes in front of the gateway server's own handler (GraphQL, pages and health). */
export function attachExport(server: Server, config: ExportConfig): void {
  serveInFront(server, {
    paths: [...EXPORT_SCOPES.keys()],
    serve: (request, response, url) => serveExport(request, response, url, config),
    log,
    failed: (response) => sendText(response, 500, 'internal error; the operators have the details'),
  });
}
