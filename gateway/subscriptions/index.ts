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
 */
import type { Server } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import {
  buildASTSchema,
  GraphQLError,
  Kind,
  parse,
  printSchema,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValidationRule,
} from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { componentLogger } from '../../platform/logger';
import type { ApiToken } from '../identity';
import { identify, type Identity } from '../identity';
import type { GatewayContext } from '../server';
import { PayloadExecutions, type PayloadResult } from './payloads';
import { TicketEventSubscriptions, type SubscriberContext } from './ticket-events';
import { UpstreamStreams } from './upstream';

export { PAYLOAD_FAILED_CLOSE_CODE, SLOW_SUBSCRIBER_CLOSE_CODE } from './delivery';

export interface SubscriptionOptions {
  httpServer: Server;
  apollo: ApolloServer<GatewayContext>;
  apiSchema: GraphQLSchema;
  ticketsUrl: string;
  internalSecret: string | null;
  apiTokens: ApiToken[];
  validationRules: ValidationRule[];
  /** Events one subscriber may have waiting before it is disconnected. */
  maxQueuedPerSubscriber: number;
}

/** What is held on behalf of subscribers; all zero once the endpoint is disposed. */
export interface SubscriptionResources {
  subscribers: number;
  upstreamStreams: number;
  deliveryGroups: number;
  /** Payload keys held by delivery groups. */
  payloadKeys: number;
  /** Payload executions (and their retries) not yet settled. */
  payloadsInFlight: number;
}

export interface Subscriptions {
  readonly subscribers: number;
  readonly upstreamStreams: number;
  resources(): SubscriptionResources;
  dispose(): Promise<void>;
}

/** Attaches the graphql-ws endpoint to the gateway's HTTP server at `/graphql`. */
export function attachSubscriptions(options: SubscriptionOptions): Subscriptions {
  const log = componentLogger('gateway', 'subscriptions');
  // A copy without the gateway's resolvers: resolvers are supplied per execution (ticket-events.ts).
  const schema = buildASTSchema(parse(printSchema(options.apiSchema)));
  const upstream = new UpstreamStreams({ ticketsUrl: options.ticketsUrl, internalSecret: options.internalSecret, log });
  const payloads = new PayloadExecutions(async (query, variables, identity) => {
    const response = await options.apollo.executeOperation({ query, variables }, { contextValue: { identity } });
    if (response.body.kind !== 'single') throw new Error('unexpected incremental response to an event payload');
    return response.body.singleResult as PayloadResult;
  }, log);
  const ticketEvents = new TicketEventSubscriptions({ schema, upstream, payloads, maxQueuedPerSubscriber: options.maxQueuedPerSubscriber, log });

  const wsServer = new WebSocketServer({ server: options.httpServer, path: '/graphql' });
  const cleanup = useServer<Record<string, unknown>, { identity?: Identity }>(
    {
      schema,
      subscribe: (args) => ticketEvents.subscribe(args),
      onConnect: (ctx) => {
        try {
          ctx.extra.identity = identify({ ...ctx.extra.request.headers, ...lowerCaseKeys(ctx.connectionParams ?? {}) }, options.apiTokens);
          return true;
        } catch (error) {
          // graphql-ws closes the socket with 4403 Forbidden; the reason is for the operator.
          log.info({ reason: (error as Error).message }, 'refused a WebSocket connection');
          return false;
        }
      },
      context: (ctx): SubscriberContext => ({ identity: ctx.extra.identity!, socket: ctx.extra.socket }),
      onSubscribe: (_ctx, _id, payload) => {
        let document: DocumentNode;
        try {
          document = parse(payload.query);
        } catch (error) {
          return [error as GraphQLError];
        }
        const errors = validate(schema, document, [...specifiedRules, ...options.validationRules]);
        if (errors.length) return errors.map((e) => badInput(e.message));
        const operation = document.definitions.find(
          (d): d is OperationDefinitionNode =>
            d.kind === Kind.OPERATION_DEFINITION && (!payload.operationName || d.name?.value === payload.operationName),
        );
        if (operation?.operation !== 'subscription') {
          return [badInput('only subscriptions are served over WebSocket; send queries and mutations over HTTP')];
        }
        return undefined;
      },
    },
    wsServer,
  );

  return {
    get subscribers() {
      return ticketEvents.subscribers;
    },
    get upstreamStreams() {
      return upstream.size;
    },
    resources: () => ({
      subscribers: ticketEvents.subscribers,
      upstreamStreams: upstream.size,
      deliveryGroups: ticketEvents.groupCount,
      payloadKeys: payloads.size,
      payloadsInFlight: payloads.pending,
    }),
    async dispose() {
      // Sockets first (graphql-ws ends their subscriptions), then whatever is still delivering.
      await cleanup.dispose();
      await Promise.all([ticketEvents.close(), payloads.dispose()]);
      await upstream.dispose();
    },
  };
}

function badInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

function lowerCaseKeys(params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).map(([key, value]) => [key.toLowerCase(), value]));
}
