/**
 * Subscriptions at the gateway, which `@apollo/gateway` cannot execute itself.
 *
 * A client's `ticketEvents` subscription is served over graphql-ws by a local
 * copy of the API schema. Its event stream comes from the tickets subgraph
 * (which owns filtering, replay and ordering) over one shared graphql-ws
 * connection; each event carries only the ticket's identity. The client's
 * selection under `ticket` is then run as an ordinary query through the
 * gateway, with the subscriber's identity, so fields of every subgraph
 * resolve exactly as in a query. Subscribers with the same selection share one
 * execution per event.
 */
import type { Server } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import {
  buildASTSchema,
  GraphQLError,
  isObjectType,
  Kind,
  parse,
  print,
  printSchema,
  specifiedRules,
  createSourceEventStream,
  execute,
  type ExecutionArgs,
  type ExecutionResult,
  validate,
  visit,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationRule,
  type VariableDefinitionNode,
} from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import WebSocket, { WebSocketServer } from 'ws';
import { HubError } from '../platform/errors';
import { INTERNAL_SECRET_HEADER } from '../platform/subgraph-server';
import type { ApiToken } from './identity';
import { identify, type Identity } from './identity';
import type { GatewayContext } from './server';

/** WebSocket close code for a subscriber whose queue overflowed (private-use range). */
export const SLOW_SUBSCRIBER_CLOSE_CODE = 4008;
/** WebSocket close code when an event's payload could not be resolved, even after retries. */
export const PAYLOAD_FAILED_CLOSE_CODE = 4009;

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

interface SubscriberContext {
  identity: Identity;
  socket: WebSocket;
}

/** What the tickets subgraph sends for each event. */
interface UpstreamEvent {
  sequence: string;
  kind: string;
  at: string;
  changedFields: string[];
  ticket: { __typename: string; id: string };
}

const UPSTREAM_SUBSCRIPTION = /* GraphQL */ `
  subscription GatewayTicketEvents($filter: TicketEventFilter, $afterSequence: String) {
    ticketEvents(filter: $filter, afterSequence: $afterSequence) {
      sequence kind at changedFields ticket { __typename id }
    }
  }
`;

const TICKET_ID_VARIABLE = '__hubTicketId';

/** Resolves fields of federated results by response key, since the gateway answered with the client's aliases. */
const byResponseKey: GraphQLFieldResolver<Record<string, unknown>, unknown> = (source, _args, _context, info) =>
  source?.[info.path.key as string];

/**
 * Builds the query that fetches the client's `ticket { ... }` selection for one
 * ticket: the same selection (fragments, directives and the variables it uses),
 * with `__typename` everywhere so the local execution can resolve interfaces.
 */
export function ticketQueryFor(info: GraphQLResolveInfo): { query: string; variableNames: string[] } {
  const selections = info.fieldNodes.flatMap((node) => node.selectionSet?.selections ?? []);
  const fragments = new Map<string, FragmentDefinitionNode>();
  const variables = new Set<string>();
  const collect = (node: SelectionSetNode | FragmentDefinitionNode) =>
    visit(node, {
      FragmentSpread(spread) {
        const name = spread.name.value;
        if (fragments.has(name)) return;
        const fragment = info.fragments[name];
        fragments.set(name, fragment);
        collect(fragment);
      },
      Variable(variable) {
        variables.add(variable.name.value);
      },
    });
  const selectionSet: SelectionSetNode = { kind: Kind.SELECTION_SET, selections };
  collect(selectionSet);
  const operation = info.operation;
  const definitions: VariableDefinitionNode[] = (operation.variableDefinitions ?? []).filter((d) => variables.has(d.variable.name.value));
  const withTypenames = (node: SelectionSetNode | FragmentDefinitionNode) =>
    visit(node, {
      SelectionSet(set) {
        const has = set.selections.some((s) => s.kind === Kind.FIELD && s.name.value === '__typename' && !s.alias);
        return has ? undefined : { ...set, selections: [{ kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } }, ...set.selections] };
      },
    });
  const ticketField: FieldNode = {
    kind: Kind.FIELD,
    name: { kind: Kind.NAME, value: 'ticket' },
    arguments: [
      { kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'id' }, value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: TICKET_ID_VARIABLE } } },
    ],
    selectionSet: withTypenames(selectionSet) as SelectionSetNode,
  };
  const query: OperationDefinitionNode = {
    kind: Kind.OPERATION_DEFINITION,
    operation: 'query' as OperationDefinitionNode['operation'],
    name: { kind: Kind.NAME, value: 'TicketEventPayload' },
    variableDefinitions: [
      {
        kind: Kind.VARIABLE_DEFINITION,
        variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: TICKET_ID_VARIABLE } },
        type: { kind: Kind.NON_NULL_TYPE, type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: 'ID' } } },
      },
      ...definitions,
    ],
    selectionSet: { kind: Kind.SELECTION_SET, selections: [ticketField] },
  };
  const document: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: [query, ...[...fragments.values()].map((f) => withTypenames(f) as FragmentDefinitionNode)],
  };
  return { query: print(document), variableNames: [...variables] };
}

/** A bounded queue between the upstream event stream and one subscriber. */
class EventQueue {
  private readonly events: UpstreamEvent[] = [];
  private wake: (() => void) | null = null;
  private error: unknown = null;
  private done = false;
  lastDelivered: string | null = null;

  constructor(private readonly limit: number, private readonly onOverflow: (queue: EventQueue) => void) {}

  push(event: UpstreamEvent): void {
    if (this.done) return;
    if (this.events.length >= this.limit) {
      this.finish();
      this.onOverflow(this);
      return;
    }
    this.events.push(event);
    this.wake?.();
  }

  fail(error: unknown): void {
    this.error = error;
    this.finish();
  }

  finish(): void {
    this.done = true;
    this.wake?.();
  }

  /** Called once when the stream ends, however it ends. */
  onEnd: () => void = () => undefined;

  async *[Symbol.asyncIterator](): AsyncGenerator<UpstreamEvent> {
    try {
      for (;;) {
        const event = this.events.shift();
        if (event) {
          this.lastDelivered = event.sequence;
          yield event;
          continue;
        }
        if (this.error) throw this.error;
        if (this.done) return;
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = null;
      }
    } finally {
      this.onEnd();
    }
  }
}

function asGraphQLError(error: { message: string; extensions?: Record<string, unknown> }): GraphQLError {
  return new GraphQLError(error.message, { extensions: error.extensions });
}

/** Attaches the graphql-ws endpoint to the gateway's HTTP server at `/graphql`. */
export function attachSubscriptions(options: SubscriptionOptions): { dispose(): Promise<void>; readonly subscribers: number; readonly upstreamStreams: number } {
  const schema = buildASTSchema(parse(printSchema(options.apiSchema)));
  const subscriptionField = schema.getSubscriptionType()!.getFields().ticketEvents;
  const eventType = schema.getType('TicketEvent');
  if (!isObjectType(eventType)) throw new Error('the API schema has no TicketEvent type');

  let upstream: Client | null = null;
  const upstreamClient = (): Client => {
    upstream ??= createClient({
      url: options.ticketsUrl.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: options.internalSecret ? { [INTERNAL_SECRET_HEADER]: options.internalSecret } : {},
      lazy: true,
      // A resubscription after a reconnect would replay from the original afterSequence and
      // duplicate events; subscribers are ended instead and resume with their last sequence.
      retryAttempts: 0,
      on: { closed: () => (upstream = null) },
    });
    return upstream;
  };

  /**
   * Upstream event streams. Live subscribers with the same filter share one
   * (the tickets subgraph then sends each event once, not once per client);
   * a replaying subscriber has its own, since its history is its own.
   */
  interface UpstreamStream {
    queues: Set<EventQueue>;
    unsubscribe: () => void;
  }
  const streams = new Set<UpstreamStream>();
  const liveStreams = new Map<string, UpstreamStream>();

  const openStream = (filter: unknown, afterSequence: unknown, onEmpty: () => void): UpstreamStream => {
    const stream: UpstreamStream = { queues: new Set(), unsubscribe: () => undefined };
    const everyQueue = (act: (queue: EventQueue) => void) => [...stream.queues].forEach(act);
    const close = () => {
      streams.delete(stream);
      onEmpty();
    };
    stream.unsubscribe = upstreamClient().subscribe<{ ticketEvents: UpstreamEvent }>(
      { query: UPSTREAM_SUBSCRIPTION, variables: { filter: filter ?? null, afterSequence: afterSequence ?? null } },
      {
        next: (result) => {
          if (result.errors?.length) everyQueue((q) => q.fail(asGraphQLError(result.errors![0] as never)));
          else if (result.data) everyQueue((q) => q.push(result.data!.ticketEvents));
        },
        error: (error) => {
          close();
          everyQueue((q) =>
            q.fail(
              Array.isArray(error)
                ? asGraphQLError(error[0])
                : new HubError('SERVICE_UNAVAILABLE', 'the tickets event stream closed; resubscribe with afterSequence to resume'),
            ),
          );
        },
        complete: () => {
          close();
          everyQueue((q) => q.finish());
        },
      },
    );
    streams.add(stream);
    return stream;
  };

  let subscribers = 0;
  subscriptionField.subscribe = (_source, args, context: SubscriberContext) => {
    const queue = new EventQueue(options.maxQueuedPerSubscriber, (overflowed) => {
      const resume = overflowed.lastDelivered ? ` after ${overflowed.lastDelivered}` : '';
      context.socket.close(SLOW_SUBSCRIBER_CLOSE_CODE, `subscriber too slow: over ${options.maxQueuedPerSubscriber} events queued; resume${resume}`.slice(0, 120));
    });
    let stream: UpstreamStream;
    if (args.afterSequence == null) {
      const key = JSON.stringify(canonical(args.filter ?? null));
      stream = liveStreams.get(key) ?? openStream(args.filter, null, () => liveStreams.delete(key));
      liveStreams.set(key, stream);
    } else {
      stream = openStream(args.filter, args.afterSequence, () => undefined);
    }
    stream.queues.add(queue);
    subscribers++;
    let ended = false;
    queue.onEnd = () => {
      if (ended) return;
      ended = true;
      subscribers--;
      stream.queues.delete(queue);
      if (stream.queues.size === 0 && streams.has(stream)) {
        streams.delete(stream);
        for (const [key, live] of liveStreams) if (live === stream) liveStreams.delete(key);
        stream.unsubscribe();
      }
    };
    const iterator = queue[Symbol.asyncIterator]();
    const originalReturn = iterator.return.bind(iterator);
    // A generator's own return() waits for the pending next(); the client left now, so let go now.
    iterator.return = (value) => {
      queue.onEnd();
      queue.finish();
      return originalReturn(value);
    };
    return iterator;
  };
  subscriptionField.resolve = (event: UpstreamEvent) => event;

  // Subscribers with the same selection, variables and identity share one federated execution per event.
  const inFlight = new Map<string, Promise<unknown>>();
  const queries = new WeakMap<object, { query: string; variableNames: string[] }>();
  const fields = eventType.getFields();
  for (const [name, field] of Object.entries(fields)) {
    if (name !== 'ticket') field.resolve = (event: Record<string, unknown>) => event[name];
  }
  fields.ticket.resolve = async (event: UpstreamEvent, _args, context: SubscriberContext, info) => {
    let built = queries.get(info.fieldNodes[0]);
    if (!built) {
      built = ticketQueryFor(info);
      queries.set(info.fieldNodes[0], built);
    }
    const variables: Record<string, unknown> = { [TICKET_ID_VARIABLE]: event.ticket.id };
    for (const name of built.variableNames) variables[name] = info.variableValues[name];
    const key = JSON.stringify([built.query, variables, context.identity.actor, context.identity.role, event.sequence]);
    let execution = inFlight.get(key);
    if (!execution) {
      execution = resolvePayload(built.query, variables, context.identity).finally(() =>
        setTimeout(() => inFlight.delete(key), 5000).unref(),
      );
      inFlight.set(key, execution);
    }
    const result = (await execution) as PayloadResult;
    if (result.data?.ticket) return result.data.ticket;
    throw result.errors?.length ? asGraphQLError(result.errors[0]) : new HubError('NOT_FOUND', `ticket ${event.ticket.id} is gone`);
  };

  type PayloadResult = { data?: { ticket: unknown } | null; errors?: readonly { message: string; extensions?: Record<string, unknown> }[] };

  /** Runs the payload query through the gateway, retrying a transient failure twice. */
  async function resolvePayload(query: string, variables: Record<string, unknown>, identity: Identity): Promise<PayloadResult> {
    let result: PayloadResult = {};
    for (let attempt = 0; attempt < 3; attempt++) {
      if (attempt) await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      const response = await options.apollo.executeOperation({ query, variables }, { contextValue: { identity } });
      if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
      result = response.body.singleResult as PayloadResult;
      if (result.data?.ticket) return result;
    }
    return result;
  }

  /**
   * graphql-js would execute every subscriber's selection for every event; with
   * a thousand dashboards watching the same thing that is a thousand identical
   * executions. The result is shared per (document, variables, identity, event).
   */
  const results = new Map<string, Promise<ExecutionResult>>();
  const documentKeys = new WeakMap<DocumentNode, string>();
  async function sharedSubscribe(args: ExecutionArgs): Promise<AsyncGenerator<ExecutionResult> | ExecutionResult> {
    const execution = { ...args, fieldResolver: byResponseKey };
    const source = await createSourceEventStream(execution);
    if (!(Symbol.asyncIterator in source)) return source;
    let documentKey = documentKeys.get(args.document);
    if (!documentKey) {
      documentKey = `${args.operationName ?? ''}\n${print(args.document)}`;
      documentKeys.set(args.document, documentKey);
    }
    const { identity } = args.contextValue as SubscriberContext;
    const prefix = JSON.stringify([documentKey, args.variableValues ?? {}, identity.actor, identity.role]);
    const events = source as AsyncGenerator<UpstreamEvent>;
    const next = async (): Promise<IteratorResult<ExecutionResult>> => {
      const step = await events.next();
      if (step.done) return { value: undefined, done: true };
      const key = `${prefix}#${step.value.sequence}`;
      let result = results.get(key);
      if (!result) {
        result = Promise.resolve(execute({ ...execution, rootValue: step.value })).finally(() =>
          setTimeout(() => results.delete(key), 5000).unref(),
        );
        results.set(key, result);
      }
      const value = await result;
      if (value.data == null && value.errors?.length) {
        // An event without its payload would be a gap the client cannot see; ending the connection
        // with a resumable reason lets it resubscribe from the last event it did receive.
        (args.contextValue as SubscriberContext).socket.close(
          PAYLOAD_FAILED_CLOSE_CODE,
          `event ${step.value.sequence} could not be resolved; resubscribe with afterSequence of your last event`.slice(0, 120),
        );
      }
      return { value, done: false };
    };
    const mapped = {
      next,
      return: async () => {
        await events.return?.(undefined);
        return { value: undefined, done: true as const };
      },
      throw: async (error: unknown) => {
        await events.return?.(undefined);
        throw error;
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
    return mapped as unknown as AsyncGenerator<ExecutionResult>;
  }

  const wsServer = new WebSocketServer({ server: options.httpServer, path: '/graphql' });
  const cleanup = useServer<Record<string, unknown>, { identity?: Identity }>(
    {
      schema,
      subscribe: (args) => sharedSubscribe(args),
      onConnect: (ctx) => {
        try {
          ctx.extra.identity = identify({ ...ctx.extra.request.headers, ...lowerCaseKeys(ctx.connectionParams ?? {}) }, options.apiTokens);
          return true;
        } catch {
          return false;
        }
      },
      context: (ctx) => ({ identity: ctx.extra.identity!, socket: ctx.extra.socket }),
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
      return subscribers;
    },
    get upstreamStreams() {
      return streams.size;
    },
    async dispose() {
      await cleanup.dispose();
      wsServer.close();
      await upstream?.dispose();
    },
  };
}

/** The value with object keys sorted, so equal filters give equal keys. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, canonical((value as Record<string, unknown>)[key])]));
  }
  return value;
}

function badInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

function lowerCaseKeys(params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).map(([key, value]) => [key.toLowerCase(), value]));
}
