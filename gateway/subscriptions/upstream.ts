/**
 * Event streams from the tickets subgraph, which owns filtering, replay and
 * ordering, over one shared graphql-ws connection. Each event carries only the
 * ticket's identity; the payload is resolved through the gateway (payloads.ts).
 */
import { GraphQLError } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { HubError } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import { INTERNAL_SECRET_HEADER } from '../../platform/subgraph-server';

/** What the tickets subgraph sends for each event. */
export interface UpstreamEvent {
  sequence: string;
  kind: string;
  at: string;
  changedFields: string[];
  ticket: { __typename: string; id: string };
}

/** Where an upstream stream's events go; it is told once how the stream ended. */
export interface StreamSink {
  next(event: UpstreamEvent): void;
  error(error: GraphQLError): void;
  complete(): void;
}

const UPSTREAM_SUBSCRIPTION = /* GraphQL */ `
  subscription GatewayTicketEvents($filter: TicketEventFilter, $afterSequence: String) {
    ticketEvents(filter: $filter, afterSequence: $afterSequence) {
      sequence kind at changedFields ticket { __typename id }
    }
  }
`;

interface UpstreamStream {
  sinks: Set<StreamSink>;
  unsubscribe: () => void;
  /** Set for a live stream, which sinks with the same filter share. */
  sharedAs: string | null;
}

export interface UpstreamOptions {
  ticketsUrl: string;
  internalSecret: string | null;
  log: Logger;
}

/**
 * Live subscribers with the same filter share one stream (the tickets subgraph
 * then sends each event once, not once per client); a replay has its own, since
 * its history is its own.
 */
export class UpstreamStreams {
  private client: Client | null = null;
  private readonly streams = new Set<UpstreamStream>();
  private readonly live = new Map<string, UpstreamStream>();

  constructor(private readonly options: UpstreamOptions) {}

  /** Streams open to the tickets subgraph. */
  get size(): number {
    return this.streams.size;
  }

  /**
   * Feeds `sink` with the events matching `filter`: live ones when `afterSequence` is null (on the
   * stream shared under `filterKey`), else its own replay then live ones. Returns how to leave.
   */
  attach(sink: StreamSink, filter: unknown, filterKey: string, afterSequence: string | null): () => void {
    let stream = afterSequence === null ? this.live.get(filterKey) : undefined;
    if (!stream) stream = this.open(filter, afterSequence, afterSequence === null ? filterKey : null);
    const joined = stream;
    joined.sinks.add(sink);
    return () => {
      if (!joined.sinks.delete(sink) || joined.sinks.size) return;
      this.close(joined);
      joined.unsubscribe();
    };
  }

  /** Ends every stream (their sinks are told the stream completed) and the connection. */
  async dispose(): Promise<void> {
    for (const stream of [...this.streams]) {
      this.close(stream);
      stream.unsubscribe();
      for (const sink of stream.sinks) sink.complete();
    }
    await this.client?.dispose();
    this.client = null;
  }

  private open(filter: unknown, afterSequence: string | null, sharedAs: string | null): UpstreamStream {
    const stream: UpstreamStream = { sinks: new Set(), unsubscribe: () => undefined, sharedAs };
    this.streams.add(stream);
    if (sharedAs !== null) this.live.set(sharedAs, stream);
    const everySink = (act: (sink: StreamSink) => void) => [...stream.sinks].forEach(act);
    stream.unsubscribe = this.connection().subscribe<{ ticketEvents: UpstreamEvent }>(
      { query: UPSTREAM_SUBSCRIPTION, variables: { filter: filter ?? null, afterSequence } },
      {
        next: (result) => {
          if (result.errors?.length) everySink((sink) => sink.error(asGraphQLError(result.errors![0])));
          else if (result.data) everySink((sink) => sink.next(result.data!.ticketEvents));
        },
        error: (error) => {
          this.close(stream);
          if (!Array.isArray(error)) this.options.log.warn({ err: error }, 'the tickets event stream closed');
          const reason = Array.isArray(error)
            ? asGraphQLError(error[0])
            : new HubError('SERVICE_UNAVAILABLE', 'the tickets event stream closed; resubscribe with afterSequence to resume');
          everySink((sink) => sink.error(reason));
        },
        complete: () => {
          this.close(stream);
          everySink((sink) => sink.complete());
        },
      },
    );
    return stream;
  }

  private close(stream: UpstreamStream): void {
    this.streams.delete(stream);
    if (stream.sharedAs !== null && this.live.get(stream.sharedAs) === stream) this.live.delete(stream.sharedAs);
  }

  private connection(): Client {
    this.client ??= createClient({
      url: this.options.ticketsUrl.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: this.options.internalSecret ? { [INTERNAL_SECRET_HEADER]: this.options.internalSecret } : {},
      lazy: true,
      // A resubscription after a reconnect would replay from the original afterSequence and
      // duplicate events; subscribers are ended instead and resume with their last sequence.
      retryAttempts: 0,
      on: { closed: () => (this.client = null) },
    });
    return this.client;
  }
}

function asGraphQLError(error: { message: string; extensions?: Record<string, unknown> }): GraphQLError {
  return new GraphQLError(error.message, { extensions: error.extensions });
}
