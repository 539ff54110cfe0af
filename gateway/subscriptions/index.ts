/**
 * Subscriptions at the gateway, which `@apollo/gateway` cannot execute itself:
 * graphql-ws on the gateway's `/graphql`, serving `ticketEvents` from a local
 * copy of the API schema. This file is the endpoint (identity, validation,
 * lifecycle); the work is split by concern:
 *
 * - upstream.ts: event streams from the tickets subgraph over one shared connection
 * - delivery.ts: groups of subscribers sharing each event's execution, their bounded queues and close codes
 * - payloads.ts, payload-query.ts: each event's ticket, with the client's selection, through the gateway
 * - ticket-events.ts: the subscription itself, tying the three together
 * - sse.ts: the same subscriptions over Server-Sent Events (graphql-sse)
 *
 * Both endpoints check an operation the same way (`check` below) and hand the delivery group a
 * wire to write each result to, serialized once per group (delivery.ts).
 */
import type { Server } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValidationRule,
} from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { LRUCache } from 'lru-cache';
import { WebSocketServer, type WebSocket } from 'ws';
import { componentLogger } from '../../platform/logger';
import { withHubScalars } from '../../platform/scalars';
import { internalSpan } from '../../platform/telemetry';
import { DEFAULT_LIMITS } from '../config';
import { HubError } from '../../platform/errors';
import { forbiddenSelections, type ScopePolicy } from '../../platform/scopes';
import type { Authenticator, Identity } from '../identity';
import { assertWithinInputLimits } from '../input-limits';
import type { GatewayContext } from '../server';
import { wireDelivery, type SubscriberWire } from './delivery';
import { ConnectionPlaces, DEFAULT_STALL_TIMEOUT_MS, DEFAULT_SUBSCRIPTION_LIMITS, identitySubscriptionsHeld, type SubscriptionLimits } from './limits';
import { PayloadExecutions, type PayloadResult } from './payloads';
import { attachSse } from './sse';
import { TicketEventSubscriptions, type SubscriberContext } from './ticket-events';
import { PAUSED_CONNECTION_MS, UpstreamStreams } from './upstream';

export { PAYLOAD_FAILED_CLOSE_CODE, SLOW_SUBSCRIBER_CLOSE_CODE } from './delivery';

export interface SubscriptionOptions {
  httpServer: Server;
  apollo: ApolloServer<GatewayContext>;
  apiSchema: GraphQLSchema;
  ticketsUrl: string;
  internalSecret: string | null;
  /** Identifies each connection (SSE: each request) once. */
  auth: Authenticator;
  /** The composed schema's permissions: a subscriber needs those of the subscription's root field. */
  policy: ScopePolicy;
  validationRules: ValidationRule[];
  /** Events one subscriber may have waiting before it is disconnected. */
  maxQueuedPerSubscriber: number;
  /** Subscriptions per connection and per identity (limits.ts), and the wait for a stalled replay (delivery.ts); the contract's defaults. */
  subscriptionLimits?: SubscriptionLimits & { stallTimeoutMs?: number };
  /** Tokens an operation may have (MAX_QUERY_TOKENS), as over HTTP. */
  maxTokens?: number;
  /** Largest request body of an SSE subscription (MAX_BODY_BYTES), as over HTTP. */
  maxBodyBytes?: number;
}

/** What is held on behalf of subscribers; all zero once the endpoint is disposed. */
export interface SubscriptionResources {
  /** Subscribers over either protocol. */
  subscribers: number;
  upstreamStreams: number;
  deliveryGroups: number;
  /** Payload keys held by delivery groups. */
  payloadKeys: number;
  /** Payload executions (and their retries) not yet settled. */
  payloadsInFlight: number;
}

/** How replays keep to their subscribers' pace, and the subscriptions counted against identities. */
export interface SubscriptionFlow {
  /** Replaying subscribers (each has its own upstream stream). */
  replays: number;
  /** Replays whose upstream is paused because their subscriber has a full queue. */
  paused: number;
  /** Connections to the tickets subgraph held by replays (a replay paused for long lets its own go). */
  connections: number;
  /** Events held for replaying subscribers: received from the tickets subgraph, not yet flushed to them. */
  replayBacklog: number;
  /** Subscriptions counted against identities, over every gateway of this process (limits.ts). */
  identityPlaces: number;
}

export interface Subscriptions {
  readonly subscribers: number;
  readonly upstreamStreams: number;
  resources(): SubscriptionResources;
  flow(): SubscriptionFlow;
  dispose(): Promise<void>;
}

/** Distinct subscription requests whose check is kept (see `check`). */
const CHECKED_REQUESTS_KEPT = 200;

/** Attaches the graphql-ws and SSE endpoints to the gateway's HTTP server at `/graphql`. */
export function attachSubscriptions(options: SubscriptionOptions): Subscriptions {
  const log = componentLogger('gateway', 'subscriptions');
  // A copy without the gateway's resolvers (they are supplied per execution, ticket-events.ts) and
  // with the hub's scalars, so a subscription's DateTime variables are checked as at the gateway.
  const schema = withHubScalars(options.apiSchema);
  const maxTokens = options.maxTokens ?? DEFAULT_LIMITS.maxTokens;
  type Checked = { document: DocumentNode; operation: OperationDefinitionNode } | { errors: GraphQLError[] };
  /**
   * Checked requests by text: a wall of screens sends the same few operations, and one parsed
   * document shared by all their subscriptions (graphql-js never changes one) saves each its
   * parse, its validation and a few kilobytes of AST. Bounded; the oldest entry goes first.
   */
  const checkedRequests = new LRUCache<string, Checked>({ max: CHECKED_REQUESTS_KEPT });
  /**
   * The request's document from `checkDocument`, the scopes of its root field (the event's payload
   * is then answered with the subscriber's scopes, field by field, per event), and its arguments
   * within the input limits (gateway/input-limits.ts), which depend on the variables and so are
   * checked every time.
   */
  const check = (
    query: string,
    operationName: string | undefined | null,
    variables: Record<string, unknown> | null | undefined,
    identity: Identity,
  ): Checked => {
    const checked = checkDocument(query, operationName);
    if ('errors' in checked) return checked;
    const refused = forbiddenSelections(schema, options.policy, checked.document, checked.operation, identity.scopes, { rootOnly: true });
    if (refused.length) return { errors: [new HubError('FORBIDDEN', refused.join('; '))] };
    try {
      assertWithinInputLimits(schema, checked.document, checked.operation, variables ?? {});
    } catch (error) {
      return { errors: [error as GraphQLError] };
    }
    return checked;
  };
  const checkDocument = (query: string, operationName: string | undefined | null): Checked => {
    const key = JSON.stringify([query, operationName ?? null]);
    let checked = checkedRequests.get(key);
    if (!checked) {
      checked = checkRequest(query, operationName);
      checkedRequests.set(key, checked);
    }
    return checked;
  };
  /** One check of a subscription request for both protocols: its document, or why it is refused. */
  const checkRequest = (query: string, operationName: string | undefined | null): Checked => {
    let document: DocumentNode;
    try {
      document = parse(query, { maxTokens });
    } catch (error) {
      return { errors: [error as GraphQLError] };
    }
    const errors = validate(schema, document, [...specifiedRules, ...options.validationRules]);
    if (errors.length) return { errors: errors.map((e) => badInput(e.message)) };
    const operation = document.definitions.find(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName),
    );
    if (operation?.operation !== 'subscription') {
      return { errors: [badInput('only subscriptions are served over WebSocket and SSE; send queries and mutations over HTTP')] };
    }
    return { document, operation };
  };
  const stallTimeoutMs = options.subscriptionLimits?.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS;
  const upstream = new UpstreamStreams({
    ticketsUrl: options.ticketsUrl,
    internalSecret: options.internalSecret,
    log,
    // A replay paused for half the stall timeout has probably stopped: its connection goes before the subscriber does.
    pausedConnectionMs: Math.min(PAUSED_CONNECTION_MS, stallTimeoutMs / 2),
  });
  const payloads = new PayloadExecutions(async (query, variables, identity) => {
    // No client request stands behind an event: each payload execution is a trace of its own.
    const response = await internalSpan('gateway', 'event payload', {}, () =>
      options.apollo.executeOperation({ query, variables }, { contextValue: { identity } }),
    );
    if (response.body.kind !== 'single') throw new Error('unexpected incremental response to an event payload');
    return response.body.singleResult as PayloadResult;
  }, log);
  const limits: SubscriptionLimits = { ...DEFAULT_SUBSCRIPTION_LIMITS, ...options.subscriptionLimits };
  const ticketEvents = new TicketEventSubscriptions({ schema, upstream, payloads, maxQueuedPerSubscriber: options.maxQueuedPerSubscriber, stallTimeoutMs, log });

  const wsServer = new WebSocketServer({ server: options.httpServer, path: '/graphql' });
  const cleanup = useServer<Record<string, unknown>, { identity?: Identity; places?: ConnectionPlaces }>(
    {
      schema,
      subscribe: (args) => ticketEvents.subscribe(args),
      onConnect: async (ctx) => {
        try {
          ctx.extra.identity = await options.auth.identify({ ...ctx.extra.request.headers, ...lowerCaseKeys(ctx.connectionParams ?? {}) });
          ctx.extra.places = new ConnectionPlaces(ctx.extra.identity, limits);
          return true;
        } catch (error) {
          // graphql-ws closes the socket with 4403 Forbidden; the reason is for the operator.
          log.info({ reason: (error as Error).message }, 'refused a WebSocket connection');
          return false;
        }
      },
      context: (ctx, id): SubscriberContext => ({
        identity: ctx.extra.identity!,
        socket: ctx.extra.socket,
        wire: wireDelivery.enabled ? webSocketWire(ctx.extra.socket, id) : undefined,
      }),
      onSubscribe: (ctx, id, payload) => {
        const checked = check(payload.query, payload.operationName, payload.variables, ctx.extra.identity!);
        if ('errors' in checked) return checked.errors;
        // Held until graphql-ws completes the subscription (onComplete), whichever side ends it, or the socket closes.
        try {
          ctx.extra.places!.take(id);
        } catch (error) {
          return [error as GraphQLError];
        }
        // graphql-ws parses and validates again with its defaults; this hands it the checked document.
        return { schema, document: checked.document, operationName: payload.operationName, variableValues: payload.variables };
      },
      onComplete: (ctx, id) => ctx.extra.places?.release(id),
      onClose: (ctx) => ctx.extra.places?.releaseAll(),
    },
    wsServer,
  );
  const sse = attachSse(options.httpServer, {
    schema,
    auth: options.auth,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_LIMITS.maxBodyBytes,
    check,
    limits,
    subscribe: (args) => ticketEvents.subscribe(args),
    log,
  });

  return {
    get subscribers() {
      return ticketEvents.subscribers;
    },
    get upstreamStreams() {
      return upstream.size;
    },
    flow: () => ({
      ...upstream.replayCounts,
      replayBacklog: ticketEvents.replayBacklog,
      identityPlaces: identitySubscriptionsHeld(),
    }),
    resources: () => ({
      subscribers: ticketEvents.subscribers,
      upstreamStreams: upstream.size,
      deliveryGroups: ticketEvents.groupCount,
      payloadKeys: payloads.size,
      payloadsInFlight: payloads.pending,
    }),
    async dispose() {
      // Connections first (graphql-ws and the SSE streams end their subscriptions), then whatever is still delivering.
      sse.dispose();
      await cleanup.dispose();
      await Promise.all([ticketEvents.close(), payloads.dispose()]);
      await upstream.dispose();
    },
  };
}

/**
 * A graphql-ws subscriber's socket as a delivery wire: the `next` message with the subscription's
 * id around the result serialized once for its group, the bytes graphql-ws itself would send
 * (`{"id":…,"type":"next","payload":…}`), written without graphql-ws's per-message work (its
 * message validation, a stringify per subscriber, and a promise per send).
 */
function webSocketWire(socket: WebSocket, id: string): SubscriberWire {
  return {
    prefix: `{"id":${JSON.stringify(id)},"type":"next","payload":`,
    suffix: '}',
    write(text, flushed) {
      if (socket.readyState !== socket.OPEN) return flushed(new Error('the WebSocket is closed'));
      socket.send(text, flushed);
    },
    close: (code, reason) => socket.close(code, reason),
  };
}

function badInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

function lowerCaseKeys(params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).map(([key, value]) => [key.toLowerCase(), value]));
}
