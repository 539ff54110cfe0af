/**
 * The same subscriptions over Server-Sent Events, for clients behind proxies that drop WebSockets:
 * the graphql-sse protocol in its distinct-connections mode (one `text/event-stream` response per
 * subscription, the mode graphql-sse's client uses by default), on the gateway's `/graphql`.
 *
 * graphql-sse's handler speaks the protocol (parameters from GET or POST, the stream's headers,
 * keep-alive comments, `complete`); this file adds what the WebSocket endpoint has too: identity
 * checked once (gateway/identity.ts), the body limit, the same operation checks, and delivery
 * written straight to the response by the delivery group (delivery.ts), so an SSE subscriber
 * costs the same per event as a WebSocket one and has the same bound: writes not yet flushed
 * past the limit end the stream with the 4008 reason.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { GraphQLError, type ExecutionArgs, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { createHandler, type Request as SseRequest } from 'graphql-sse';
import { QueueOverflowError, returningPromptly } from '../../platform/bounded-queue';
import { isHubError } from '../../platform/errors';
import { BodyTooLarge, readBody, REQUEST_ID_HEADER, requestIdOf } from '../../platform/http';
import { withRequestId, type Logger } from '../../platform/logger';
import type { Authenticator, Identity } from '../identity';
import type { SubscriberWire } from './delivery';
import { ConnectionPlaces, type SubscriptionLimits } from './limits';
import type { SubscriberContext } from './ticket-events';

/** How long a stream that was ended for a reason may take to drain before its connection is cut. */
const END_GRACE_MS = 10_000;

export interface SseOptions {
  schema: GraphQLSchema;
  auth: Authenticator;
  maxBodyBytes: number;
  /** The endpoint's one check of a subscription request by this caller: its document, or the errors to answer with. */
  check(
    query: string,
    operationName: string | undefined,
    variables: Record<string, unknown> | null | undefined,
    identity: Identity,
  ): { document: ExecutionArgs['document'] } | { errors: GraphQLError[] };
  subscribe(args: ExecutionArgs): Promise<AsyncIterable<ExecutionResult> | ExecutionResult>;
  /** Subscriptions per identity, counted with the WebSocket endpoint's (a stream carries one subscription). */
  limits: SubscriptionLimits;
  log: Logger;
}

export interface SseEndpoint {
  /** Open event streams. */
  readonly open: number;
  /** Ends every open stream (their subscriptions end with them). */
  dispose(): void;
}

interface RequestContext {
  res: ServerResponse;
  identity: Identity;
  wire: ResponseWire;
  places: ConnectionPlaces;
}

/** Does this request ask for an event stream at the GraphQL endpoint? */
export function isEventStreamRequest(request: IncomingMessage): boolean {
  return (request.headers.accept ?? '').includes('text/event-stream') && new URL(request.url ?? '/', 'http://localhost').pathname === '/graphql';
}

/**
 * A subscription's response, written to directly. Results delivered before the stream's headers
 * are out (the subscription starts inside the handler) wait until they are.
 */
class ResponseWire implements SubscriberWire {
  readonly prefix = 'event: next\ndata: ';
  readonly suffix = '\n\n';
  private waiting: { text: string; flushed: (error?: Error | null) => void }[] | null = [];
  private ended = false;
  /** The last message of a stream ended before its headers were out. */
  private closing: string | null = null;

  constructor(private readonly res: ServerResponse) {}

  /** The headers are out: what waited goes now, the rest as it comes. */
  start(): void {
    const waiting = this.waiting ?? [];
    this.waiting = null;
    for (const { text, flushed } of waiting) this.res.write(text, flushed);
    if (this.closing) this.finish(this.closing);
  }

  write(text: string, flushed: (error?: Error | null) => void): void {
    if (this.ended) return flushed(new Error('the event stream is closed'));
    if (this.waiting) {
      this.waiting.push({ text, flushed });
      return;
    }
    if (!this.res.writable) return flushed(new Error('the event stream is closed'));
    this.res.write(text, flushed);
  }

  /**
   * Ends the stream for a reason the client can act on (SSE has no close codes): a last `next`
   * with the reason and the WebSocket close code it stands for, then `complete`. A client that
   * stopped reading never gets it; its connection is cut after a grace period.
   */
  close(code: number, reason: string): void {
    if (this.ended) return;
    this.ended = true;
    const message = `event: next\ndata: ${JSON.stringify({ errors: [{ message: reason, extensions: { code: 'SERVICE_UNAVAILABLE', closeCode: code } }] })}\n\nevent: complete\ndata:\n\n`;
    // Before the headers are out, the stream ends as soon as they are (start).
    if (this.waiting) this.closing = message;
    else this.finish(message);
  }

  private finish(message: string): void {
    if (this.res.writable) this.res.end(message);
    const cut = setTimeout(() => this.res.destroy(), END_GRACE_MS).unref();
    this.res.once('close', () => clearTimeout(cut));
  }

  get isEnded(): boolean {
    return this.ended;
  }
}

/**
 * A subscription's stream whose failure (a bad `afterSequence`, the tickets stream closing) reaches
 * the client as a last result with the error, which graphql-sse sends before `complete`, as
 * graphql-ws sends its `error` message. Any other failure stays one for the handler to report.
 */
function endingWithErrors(stream: AsyncIterableIterator<ExecutionResult>): AsyncIterableIterator<ExecutionResult> {
  async function* guarded(): AsyncGenerator<ExecutionResult, void> {
    try {
      yield* stream;
    } catch (error) {
      // A subscriber too slow to read was told so and its stream ended (ResponseWire.close).
      if (error instanceof QueueOverflowError) return;
      if (!(error instanceof GraphQLError)) throw error;
      yield { errors: [error] };
    }
  }
  return returningPromptly(guarded(), stream as { return(): Promise<IteratorResult<unknown>> });
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Puts the SSE endpoint in front of the server's request handlers (GraphQL over HTTP, pages, exports). */
export function attachSse(server: Server, options: SseOptions): SseEndpoint {
  const open = new Set<ServerResponse>();
  const handler = createHandler<IncomingMessage, RequestContext, SubscriberContext & Record<PropertyKey, unknown>>({
    schema: options.schema,
    // No stream token: every request is its own stream (distinct connections mode).
    authenticate: () => null,
    // onSubscribe validated the document with the endpoint's rules already.
    validate: () => [],
    subscribe: async (args) => {
      const result = await options.subscribe(args);
      return Symbol.asyncIterator in result ? endingWithErrors(result as AsyncIterableIterator<ExecutionResult>) : result;
    },
    onSubscribe: (req, params) => {
      const { identity, wire } = req.context;
      const checked = options.check(params.query, params.operationName ?? undefined, params.variables as Record<string, unknown> | undefined, identity);
      if ('errors' in checked) {
        const forbidden = checked.errors.some((error) => error.extensions.code === 'FORBIDDEN');
        const [status, statusText] = forbidden ? [403, 'Forbidden'] : [400, 'Bad Request'];
        return [JSON.stringify({ errors: checked.errors }), { status, statusText, headers: { 'content-type': 'application/json; charset=utf-8' } }];
      }
      try {
        req.context.places.take('stream');
      } catch (error) {
        return [JSON.stringify({ errors: [error] }), { status: 400, statusText: 'Bad Request', headers: { 'content-type': 'application/json; charset=utf-8' } }];
      }
      const socket = { close: (code: number, reason: string) => wire.close(code, reason) };
      return {
        schema: options.schema,
        document: checked.document,
        operationName: params.operationName,
        variableValues: params.variables,
        contextValue: { identity, socket, wire },
      };
    },
  });

  const serve = async (request: IncomingMessage, res: ServerResponse): Promise<void> => {
    let identity: Identity;
    try {
      identity = await options.auth.identify(request.headers);
    } catch (error) {
      if (!isHubError(error)) throw error;
      const status = error.extensions.code === 'UNAUTHENTICATED' ? 401 : error.extensions.code === 'SERVICE_UNAVAILABLE' ? 503 : 403;
      return sendJson(res, status, { errors: [{ message: error.message, extensions: { code: error.extensions.code } }] });
    }
    let body: string | null = null;
    if (request.method === 'POST') {
      try {
        body = await readBody(request, options.maxBodyBytes);
      } catch (error) {
        if (!(error instanceof BodyTooLarge)) throw error;
        return sendJson(res, 413, { errors: [{ message: `request body exceeds ${options.maxBodyBytes} bytes`, extensions: { code: 'BAD_USER_INPUT' } }] });
      }
    }
    const wire = new ResponseWire(res);
    // The stream's place (taken in onSubscribe) is the response's: given back when it closes, however it ends.
    const places = new ConnectionPlaces(identity, options.limits);
    res.once('close', () => places.releaseAll());
    const sseRequest: SseRequest<IncomingMessage, RequestContext> = {
      method: request.method ?? 'GET',
      url: request.url ?? '/graphql',
      headers: {
        // The handler expects exactly `text/event-stream`; a browser's EventSource may list more.
        get: (key) => (key === 'accept' ? 'text/event-stream' : [request.headers[key] ?? []].flat().join('\n') || null),
      },
      body,
      raw: request,
      context: { res, identity, wire, places },
    };
    const [stream, init] = await handler(sseRequest);
    if (!stream || typeof stream === 'string') {
      res.writeHead(init.status, init.statusText, init.headers);
      res.end(stream ?? undefined);
      return;
    }
    res.writeHead(init.status, init.statusText, init.headers);
    res.flushHeaders();
    open.add(res);
    wire.start();
    const stop = () => void stream.return(undefined);
    res.once('close', stop);
    try {
      for await (const message of stream) {
        if (wire.isEnded || !res.writable) break;
        // Protocol messages (keep-alive comments, `complete`) go through here, after every result written directly.
        res.write(message);
      }
    } finally {
      res.off('close', stop);
      open.delete(res);
      if (!wire.isEnded && res.writable) res.end();
    }
  };

  const handlers = server.listeners('request') as ((request: IncomingMessage, response: ServerResponse) => void)[];
  server.removeAllListeners('request');
  server.on('request', (request: IncomingMessage, res: ServerResponse) => {
    if (!isEventStreamRequest(request)) {
      for (const next of handlers) next.call(server, request, res);
      return;
    }
    const requestId = requestIdOf(request.headers[REQUEST_ID_HEADER]);
    res.setHeader(REQUEST_ID_HEADER, requestId);
    void withRequestId(requestId, () =>
      serve(request, res).catch((error: unknown) => {
        options.log.error({ err: error }, 'an event stream request failed');
        if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
        else res.end();
      }),
    );
  });

  return {
    get open() {
      return open.size;
    },
    dispose() {
      for (const res of open) res.end();
      open.clear();
    },
  };
}
