/**
 * The `ticketEvents` subscription at the gateway: graphql-js checks the
 * operation's arguments, each subscriber joins the delivery group of its filter
 * and selection (delivery.ts), the group's upstream stream brings the events
 * (upstream.ts), and each event is answered by executing the client's
 * operation locally with the event as its root, its `ticket` coming from a
 * shared payload execution (payloads.ts). The local schema is used as built:
 * resolvers are passed per execution, never attached to the schema.
 */
import {
  createSourceEventStream,
  execute,
  GraphQLError,
  print,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLFieldResolver,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from 'graphql';
import { HubError } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import { scopesKey, type Identity } from '../identity';
import { DeliveryGroup, type SubscriberSocket, type SubscriberWire } from './delivery';
import { canonical, filterKey, selectionKey } from './keys';
import { ticketPayloadQuery, TICKET_ID_VARIABLE, type PayloadQuery } from './payload-query';
import type { PayloadExecutions } from './payloads';
import type { UpstreamEvent, UpstreamStreams } from './upstream';

/** What the endpoint (graphql-ws or SSE) hands each subscription as its context. */
export interface SubscriberContext {
  identity: Identity;
  socket: SubscriberSocket;
  /** The connection to write results to directly; without it results are yielded to the caller to serialize. */
  wire?: SubscriberWire;
}

export interface TicketEventsOptions {
  schema: GraphQLSchema;
  upstream: UpstreamStreams;
  payloads: PayloadExecutions;
  /** Events one subscriber may have waiting before it is disconnected. */
  maxQueuedPerSubscriber: number;
  /** How long a replay waits for a subscriber whose queue is full and that reads nothing before disconnecting it (4008). */
  stallTimeoutMs: number;
  log: Logger;
}

export class TicketEventSubscriptions {
  /** Live groups by filter and selection; replays have groups of their own, listed in `groups` only. */
  private readonly live = new Map<string, DeliveryGroup>();
  private readonly groups = new Set<DeliveryGroup>();
  private readonly subscriptionType: GraphQLObjectType;
  private readonly eventType: GraphQLObjectType;

  constructor(private readonly options: TicketEventsOptions) {
    const subscriptionType = options.schema.getSubscriptionType();
    const eventType = options.schema.getType('TicketEvent');
    if (!subscriptionType || !eventType || !('getFields' in eventType)) throw new Error('the API schema has no ticketEvents subscription');
    this.subscriptionType = subscriptionType;
    this.eventType = eventType as GraphQLObjectType;
  }

  /** Subscribers being served. */
  get subscribers(): number {
    let count = 0;
    for (const group of this.groups) count += group.size;
    return count;
  }

  /** Delivery groups (each executes every event once for its members). */
  get groupCount(): number {
    return this.groups.size;
  }

  /** Events held for replaying subscribers: received from the tickets subgraph, not yet flushed to them. */
  get replayBacklog(): number {
    let held = 0;
    for (const group of this.groups) held += group.backlog;
    return held;
  }

  /** graphql-ws's `subscribe`: the subscriber's stream of results, or the errors of its arguments. */
  async subscribe(args: ExecutionArgs): Promise<AsyncIterable<ExecutionResult> | ExecutionResult> {
    const context = args.contextValue as SubscriberContext;
    const stream = await createSourceEventStream({
      ...args,
      subscribeFieldResolver: (_source: unknown, fieldArgs: { filter?: unknown; afterSequence?: string | null }) =>
        this.join(args, fieldArgs.filter ?? null, fieldArgs.afterSequence ?? null, context),
    });
    return stream as AsyncIterable<ExecutionResult> | ExecutionResult;
  }

  /** Ends every subscriber's stream and waits until no group executes any more. */
  async close(): Promise<void> {
    const groups = [...this.groups];
    for (const group of groups) group.close();
    await Promise.all(groups.map((group) => group.done));
  }

  private join(args: ExecutionArgs, filter: unknown, afterSequence: string | null, context: SubscriberContext) {
    const byFilter = filterKey(filter);
    const operation = { text: print(args.document), operationName: args.operationName };
    const key = JSON.stringify([byFilter, selectionKey(operation, args.variableValues, context.identity)]);
    let group = afterSequence === null ? this.live.get(key) : undefined;
    if (!group) {
      const executor = this.executorFor(args, context.identity);
      const created: DeliveryGroup = new DeliveryGroup({
        limit: this.options.maxQueuedPerSubscriber,
        // A replay goes at its subscriber's pace (its group is its own); live groups are pushed to.
        paced: afterSequence === null ? undefined : { stallTimeoutMs: this.options.stallTimeoutMs },
        log: this.options.log,
        execute: executor.execute,
        onRetired: () => {
          if (this.live.get(key) === created) this.live.delete(key);
          // After its last execution the group's payload key may go.
          void created.done.then(() => {
            executor.release();
            this.groups.delete(created);
          });
        },
      });
      group = created;
      this.groups.add(group);
      if (afterSequence === null) this.live.set(key, group);
      group.connect(this.options.upstream.attach(group, filter, byFilter, afterSequence));
    }
    return context.wire ? group.attach(context.wire) : group.join(context.socket);
  }

  /** Answers an event the way `args` asks, with the ticket from a shared payload execution. */
  private executorFor(args: ExecutionArgs, identity: Identity): { execute(event: UpstreamEvent): Promise<ExecutionResult>; release(): void } {
    const { payloads } = this.options;
    let payload: { query: PayloadQuery; key: string; variables: Record<string, unknown>; release: () => void } | undefined;
    const ticketOf = async (event: UpstreamEvent, info: GraphQLResolveInfo, forbidden: GraphQLError[]): Promise<unknown> => {
      if (!payload) {
        const query = ticketPayloadQuery(info.fieldNodes, info.fragments, info.operation.variableDefinitions ?? []);
        const variables = Object.fromEntries(query.variableNames.map((name) => [name, info.variableValues[name]]));
        const key = JSON.stringify([query.text, canonical(variables), identity.subject, identity.actor, scopesKey(identity)]);
        payload = { query, key, variables, release: payloads.hold(key) };
      }
      const variables = { ...payload.variables, [TICKET_ID_VARIABLE]: event.ticket.id };
      const result = await payloads.resultFor(payload.key, event.sequence, payload.query.text, variables, identity);
      // Fields the subscriber may not see are null in the payload, with FORBIDDEN errors at their
      // paths in the payload query (under its `ticket`): the same errors at the event's paths.
      const refused = (result.errors ?? [])
        .filter((error) => error.extensions?.code === 'FORBIDDEN')
        .map((error) => new GraphQLError(error.message, { path: [...pathOf(info.path), ...(error.path ?? []).slice(1)], extensions: error.extensions }));
      if (result.data?.ticket) {
        forbidden.push(...refused);
        return result.data.ticket;
      }
      // The ticket itself is null (a forbidden non-null field nulled it): its first refusal is the field's error.
      if (refused.length) {
        forbidden.push(...refused.slice(1));
        throw refused[0];
      }
      const [error] = result.errors ?? [];
      throw error ? new GraphQLError(error.message, { extensions: error.extensions }) : new HubError('NOT_FOUND', `ticket ${event.ticket.id} is gone`);
    };
    const fieldResolver: GraphQLFieldResolver<unknown, { forbidden: GraphQLError[] }> = (source, _args, context, info) => {
      // The root field resolves to the event itself, the event's fields to what the tickets subgraph
      // sent, and everything under `ticket` by response key, since the gateway answered with the
      // client's aliases.
      if (info.parentType === this.subscriptionType) return source;
      if (info.parentType === this.eventType) {
        return info.fieldName === 'ticket' ? ticketOf(source as UpstreamEvent, info, context.forbidden) : (source as Record<string, unknown>)[info.fieldName];
      }
      return (source as Record<string, unknown> | null)?.[info.path.key as string];
    };
    return {
      execute: async (event) => {
        const forbidden: GraphQLError[] = [];
        const result = await execute({ ...args, contextValue: { identity, forbidden }, rootValue: event, fieldResolver: fieldResolver as GraphQLFieldResolver<unknown, unknown> });
        return forbidden.length ? { ...result, errors: [...(result.errors ?? []), ...forbidden] } : result;
      },
      release: () => payload?.release(),
    };
  }
}

/** A resolver's path as a list of response keys and indexes. */
function pathOf(path: GraphQLResolveInfo['path'] | undefined): (string | number)[] {
  const keys: (string | number)[] = [];
  for (let at = path; at; at = at.prev) keys.unshift(at.key);
  return keys;
}
