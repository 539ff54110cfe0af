/**
 * Event streams from the tickets subgraph, which owns filtering, replay and
 * ordering: live streams over one shared graphql-ws connection, each replay over
 * a connection of its own, read at its subscriber's pace (ReplayStream). Each
 * event carries only the ticket's identity; the payload is resolved through the
 * gateway (payloads.ts).
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

/** A sink's hold on its stream. */
export interface UpstreamLease {
  /** Leaves the stream (the last sink to leave closes it). */
  leave(): void;
  /**
   * Stops taking events for now, until `resume`; a few already read may still come. Only a replay
   * pauses (its connection is its own); a shared live stream ignores it.
   */
  pause(): void;
  resume(): void;
}

/**
 * How long a replay's connection stays paused before it is closed, to be opened again on resume:
 * well within the tickets subgraph's keep-alive (a ping every 12 s, answered within 12 s), which a
 * socket that is not read cannot answer.
 */
export const PAUSED_CONNECTION_MS = 5_000;

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
  /** How long a paused replay keeps its connection (PAUSED_CONNECTION_MS unless shorter). */
  pausedConnectionMs?: number;
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
  private readonly replays = new Set<ReplayStream>();

  constructor(private readonly options: UpstreamOptions) {}

  /** Streams open to the tickets subgraph. */
  get size(): number {
    return this.streams.size + this.replays.size;
  }

  /** Replays, those of them paused by their subscriber's pace, and the connections they have open. */
  get replayCounts(): { replays: number; paused: number; connections: number } {
    let paused = 0;
    let connections = 0;
    for (const replay of this.replays) {
      if (replay.isPaused) paused++;
      if (replay.isConnected) connections++;
    }
    return { replays: this.replays.size, paused, connections };
  }

  /**
   * Feeds `sink` with the events matching `filter`: live ones when `afterSequence` is null (on the
   * stream shared under `filterKey`), else its own replay then live ones.
   */
  attach(sink: StreamSink, filter: unknown, filterKey: string, afterSequence: string | null): UpstreamLease {
    if (afterSequence !== null) {
      const replay = new ReplayStream(sink, filter, afterSequence, this.options, () => this.replays.delete(replay));
      this.replays.add(replay);
      replay.open();
      return { leave: () => replay.close(), pause: () => replay.pause(), resume: () => replay.resume() };
    }
    const joined = this.live.get(filterKey) ?? this.open(filter, null, filterKey);
    joined.sinks.add(sink);
    return {
      leave: () => {
        if (!joined.sinks.delete(sink) || joined.sinks.size) return;
        this.close(joined);
        joined.unsubscribe();
      },
      // The shared connection is never held up for one subscriber: its stream's events are pushed.
      pause: () => undefined,
      resume: () => undefined,
    };
  }

  /** Ends every stream (their sinks are told the stream completed) and the connections. */
  async dispose(): Promise<void> {
    for (const stream of [...this.streams]) {
      this.close(stream);
      stream.unsubscribe();
      for (const sink of stream.sinks) sink.complete();
    }
    for (const replay of [...this.replays]) {
      replay.close();
      replay.sink.complete();
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
          if (!Array.isArray(error)) this.options.log.warn(closeDetails(error), 'the tickets event stream closed');
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

/**
 * A replay, read at its subscriber's pace on a connection of its own, so that a slow replay never
 * holds up the shared connection (graphql-ws has no flow control of its own; a connection per
 * replay gives each one TCP's). `pause` stops reading the socket: the tickets subgraph's graphql-ws
 * waits for each event to leave its socket before taking the next from the feed, and the feed
 * reads the next page of the outbox only then, so nothing piles up anywhere. A connection paused
 * for longer than PAUSED_CONNECTION_MS is closed (the subgraph's keep-alive would cut it for
 * unanswered pings), and `resume` subscribes again after the last event taken: no gap, no duplicate.
 */
class ReplayStream {
  private client: Client | null = null;
  private socket: WebSocket | null = null;
  /** The last sequence handed to the sink (the client's `afterSequence` before the first). */
  private lastTaken: string;
  private paused = false;
  private closeTimer: NodeJS.Timeout | null = null;
  /** Bumped whenever a connection is let go: its callbacks are stale from then on. */
  private generation = 0;
  private ended = false;

  constructor(
    readonly sink: StreamSink,
    private readonly filter: unknown,
    afterSequence: string,
    private readonly options: UpstreamOptions,
    private readonly onEnded: () => void,
  ) {
    this.lastTaken = afterSequence;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  get isConnected(): boolean {
    return this.client !== null;
  }

  /** Subscribes after the last event taken, on a new connection. */
  open(): void {
    const generation = ++this.generation;
    const current = () => generation === this.generation && !this.ended;
    const client = createClient({
      url: this.options.ticketsUrl.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: this.options.internalSecret ? { [INTERNAL_SECRET_HEADER]: this.options.internalSecret } : {},
      lazy: true,
      retryAttempts: 0,
      on: {
        connected: (socket) => {
          if (!current()) return;
          this.socket = socket as WebSocket;
          if (this.paused) this.socket.pause();
        },
      },
    });
    this.client = client;
    client.subscribe<{ ticketEvents: UpstreamEvent }>(
      { query: UPSTREAM_SUBSCRIPTION, variables: { filter: this.filter ?? null, afterSequence: this.lastTaken } },
      {
        next: (result) => {
          if (!current()) return;
          if (result.errors?.length) return this.end(() => this.sink.error(asGraphQLError(result.errors![0])));
          if (!result.data) return;
          this.lastTaken = result.data.ticketEvents.sequence;
          this.sink.next(result.data.ticketEvents);
        },
        error: (error) => {
          if (!current()) return;
          if (!Array.isArray(error)) this.options.log.warn(closeDetails(error), 'a replay event stream closed');
          const reason = Array.isArray(error)
            ? asGraphQLError(error[0])
            : new HubError('SERVICE_UNAVAILABLE', 'the tickets event stream closed; resubscribe with afterSequence to resume');
          this.end(() => this.sink.error(reason));
        },
        complete: () => {
          if (current()) this.end(() => this.sink.complete());
        },
      },
    );
  }

  pause(): void {
    if (this.paused || this.ended) return;
    this.paused = true;
    this.socket?.pause();
    this.closeTimer = setTimeout(() => this.letGo(), this.options.pausedConnectionMs ?? PAUSED_CONNECTION_MS).unref();
  }

  resume(): void {
    if (!this.paused || this.ended) return;
    this.paused = false;
    this.clearTimer();
    if (this.client) this.socket?.resume();
    else this.open();
  }

  /** The sink left: the stream ends without telling it. */
  close(): void {
    this.end(() => undefined);
  }

  private end(tell: () => void): void {
    if (this.ended) return;
    this.letGo();
    this.ended = true;
    this.onEnded();
    tell();
  }

  /** Closes the connection; what it still brings is dropped (a resume asks for it again). */
  private letGo(): void {
    this.generation++;
    this.clearTimer();
    // A paused socket would not read the close handshake's answer: cut it instead.
    if (this.paused) this.socket?.terminate();
    void this.client?.dispose();
    this.client = null;
    this.socket = null;
  }

  private clearTimer(): void {
    if (this.closeTimer) clearTimeout(this.closeTimer);
    this.closeTimer = null;
  }
}

/** A CloseEvent logs as `{}`: its code and reason are what tell why. */
/**
 * A close event as its code and reason; a socket error event as the error it carries (the event
 * itself holds the whole WebSocket, internals included, which has no place in a log line).
 */
function closeDetails(error: unknown): Record<string, unknown> {
  const { code, reason, error: cause } = (error ?? {}) as { code?: unknown; reason?: unknown; error?: unknown };
  if (typeof code === 'number') return { code, reason: String(reason ?? '') };
  return { err: cause instanceof Error ? cause : error };
}

function asGraphQLError(error: { message: string; extensions?: Record<string, unknown> }): GraphQLError {
  return new GraphQLError(error.message, { extensions: error.extensions });
}
