/**
 * Delivery of events to subscribers. A delivery group holds the subscribers
 * that receive the same events (one upstream stream) and answer them the same
 * way (one selection key): each event is executed once for all of them, in
 * sequence order, and its result serialized once. Per subscriber only the
 * write remains: a wire member (graphql-ws or SSE) gets the serialized result
 * wrapped in its protocol's envelope written straight to its connection, with
 * the writes not yet flushed as its bounded queue; a stream member (`join`)
 * gets the result through its own bounded queue, for callers that serialize
 * themselves. This is the one place the per-event path changes when delivery
 * has to scale further.
 *
 * A live group is pushed to: events come as they commit, and a member more than `limit` events
 * behind is disconnected (4008). A replay's group is paced instead (`paced`): its single member
 * sets the pace, the group pausing its upstream while `limit` events are held for it (received and
 * not yet flushed to its connection) and resuming once half have gone, so a replay of any length
 * holds at most `limit` events (plus the few its connection had already read when it paused). Its
 * member is disconnected (4008) only when it stops reading: its backlog full and nothing flushed
 * for `stallTimeoutMs`.
 */
import { performance } from 'node:perf_hooks';
import { GraphQLError, type ExecutionResult } from 'graphql';
import { BoundedQueue, QueueOverflowError, returningPromptly } from '../../platform/bounded-queue';
import type { Logger } from '../../platform/logger';
import type { StreamSink, UpstreamEvent, UpstreamLease } from './upstream';

/** WebSocket close code for a subscriber whose queue overflowed (private-use range). */
export const SLOW_SUBSCRIBER_CLOSE_CODE = 4008;
/** WebSocket close code when an event's payload could not be resolved, even after retries. */
export const PAYLOAD_FAILED_CLOSE_CODE = 4009;

/** The part of a subscriber's WebSocket that delivery needs. */
export interface SubscriberSocket {
  close(code: number, reason: string): void;
}

/**
 * A subscriber's connection written to directly: each result goes out as `prefix + json + suffix`
 * (the protocol's message around the result serialized once for the group), so the per-subscriber
 * work is a string concatenation and one write.
 */
export interface SubscriberWire extends SubscriberSocket {
  /** What comes before the serialized result, e.g. `{"id":"1","type":"next","payload":`. */
  readonly prefix: string;
  /** What comes after it. */
  readonly suffix: string;
  /** Writes one message; `flushed` is called once it left the process (or with the error that stopped it). */
  write(text: string, flushed: (error?: Error | null) => void): void;
}

/** Where the time of a group's events goes, summed over every group (read by the benchmark). */
export interface DeliveryTimings {
  /** Events executed, and the milliseconds their executions took (the payload query included). */
  executions: number;
  executionMs: number;
  /** Results serialized (once per event and group), and the milliseconds that took. */
  serializations: number;
  serializationMs: number;
  /** Messages written to subscribers' connections, and the milliseconds handing them over took. */
  writes: number;
  writeMs: number;
}

/**
 * Whether graphql-ws subscribers are written to directly (the default). The benchmark turns it off
 * for one round to measure graphql-ws's own per-subscriber path (a stringify and a promise per
 * message) against it in the same run.
 */
export const wireDelivery = { enabled: true };

/** The process's delivery timings; they only add up, so a reader takes the difference over its run. */
export const deliveryTimings: DeliveryTimings = { executions: 0, executionMs: 0, serializations: 0, serializationMs: 0, writes: 0, writeMs: 0 };

export interface DeliveryGroupOptions {
  /** Events a subscriber (and the group, ahead of its executions) may have waiting; one more disconnects with 4008. */
  limit: number;
  /** Answers one event for every member: the client's operation executed with the event as its root. */
  execute(event: UpstreamEvent): Promise<ExecutionResult>;
  /** Called once, when the group takes no more members: its upstream stream ended, its last member left, or it was closed. */
  onRetired(): void;
  /** A replay's group (one member): the upstream is paused while the member's backlog is full, see the file's comment. */
  paced?: { stallTimeoutMs: number };
  /** Where disconnections are reported. */
  log?: Logger;
}

interface Delivery {
  sequence: string;
  result: ExecutionResult;
}

/** One member of a group, however it is written to. */
interface Member {
  socket: SubscriberSocket;
  /** Hands over one event's result; `json` serializes it, once for the whole group. */
  deliver(delivery: Delivery, json: () => string): void;
  /** The member's stream ends after what it has (the group ended). */
  end(): void;
  /** The member's stream fails with `error` after what it has. */
  fail(error: unknown): void;
  /** The last sequence the member received (read or flushed), for the resume hint. */
  lastSequence(): string | undefined;
  /** Results handed to the member and not yet taken by it (unflushed writes, unread values). */
  waiting(): number;
}

/**
 * Members written to before the process turns to its other work (setImmediate lets I/O in). An
 * event's writes to 1,000 sockets take about 20 ms; done in one go, they held up the next event's
 * commit, notification and payload query in the same process for all that time.
 */
const WRITES_PER_TURN = 100;

/**
 * Events of one group taken from its queue and not yet delivered: executed at once, their results
 * written in sequence order. An event holds its place until its last write, since a delivery spans
 * several turns (WRITES_PER_TURN); counted to the end of execution only, a burst would leave the
 * bounded queue for an unbounded line of results waiting to be written.
 */
export const PIPELINE_DEPTH = 8;

/**
 * Events a paced group may hold beyond `limit`: those its upstream connection had already read when
 * it paused (ws reads up to 64 KiB at a time, a few hundred of the smallest events). More than that
 * means the upstream did not pause, and the group falls back to the push rule (4008).
 */
export const PAUSE_SLACK = 1000;

/** WebSocket close reasons are limited to 123 bytes. */
const closeReason = (text: string) => text.slice(0, 120);

export class DeliveryGroup implements StreamSink {
  private readonly members = new Set<Member>();
  /** Events waiting for their execution. */
  private readonly events: BoundedQueue<UpstreamEvent>;
  private upstream: UpstreamLease = { leave: () => undefined, pause: () => undefined, resume: () => undefined };
  private retired = false;
  /** A paced group's pace: events held for its member, and whether the upstream is paused for it. */
  private readonly pace: { held: number; paused: boolean; stallTimer: NodeJS.Timeout | null } | null;
  /** Writes a member may have waiting: `limit`, or for a paced group whatever it holds (bounded by its pause). */
  private readonly memberLimit: number;
  /** Settles when the group stopped executing events. */
  readonly done: Promise<void>;

  constructor(private readonly options: DeliveryGroupOptions) {
    this.pace = options.paced ? { held: 0, paused: false, stallTimer: null } : null;
    this.memberLimit = this.pace ? options.limit + PAUSE_SLACK : options.limit;
    // Executions slower than the events: every member is as far behind as the group.
    this.events = new BoundedQueue({ limit: this.memberLimit, onOverflow: () => this.members.forEach((member) => this.tooSlow(member)) });
    this.done = this.run();
  }

  get size(): number {
    return this.members.size;
  }

  /** Events a paced group holds for its member (received, not yet flushed); 0 for a live group. */
  get backlog(): number {
    return this.pace?.held ?? 0;
  }

  /** The group's hold on its upstream stream: left when the group closes, paused and resumed by a paced group. */
  connect(upstream: UpstreamLease): void {
    this.upstream = upstream;
  }

  /** Adds a subscriber; the returned iterator is its stream of results, ending it ends the membership. */
  join(socket: SubscriberSocket): AsyncIterableIterator<ExecutionResult> {
    const queue: BoundedQueue<Delivery> = new BoundedQueue<Delivery>({
      limit: this.options.limit,
      onOverflow: () => this.tooSlow(member),
      onClose: () => this.leave(member),
    });
    const member: Member = {
      socket,
      deliver: (delivery) => {
        queue.push(delivery);
        // Its queue has its own bound; the pace follows the group's handing over.
        this.taken();
      },
      end: () => queue.end(),
      fail: (error) => queue.fail(error),
      lastSequence: () => queue.lastDelivered?.sequence,
      waiting: () => queue.size,
    };
    this.members.add(member);
    return returningPromptly(results(queue), queue);
  }

  /**
   * Adds a subscriber whose results are written straight to `wire`. The returned iterator yields
   * nothing: it ends when the group ends (then the protocol's `complete` follows the last write),
   * fails with the group's error, and ending it ends the membership. Writes not yet flushed are the
   * member's queue: one more than `limit` disconnects it (4008), naming the last flushed sequence.
   */
  attach(wire: SubscriberWire): AsyncIterableIterator<never> {
    const lifetime: BoundedQueue<never> = new BoundedQueue<never>({ limit: 0, onClose: () => this.leave(member) });
    /** Sequences written and not yet flushed, oldest first. */
    const unflushed: string[] = [];
    let flushed: string | undefined;
    // One callback for every write of this member: flushes complete in write order.
    const onFlushed = (error?: Error | null) => {
      const sequence = unflushed.shift();
      if (!error) flushed = sequence;
      this.taken();
    };
    const member: Member = {
      socket: wire,
      deliver: (delivery, json) => {
        if (!lifetime.isOpen) return;
        if (unflushed.length >= this.memberLimit) {
          lifetime.fail(new QueueOverflowError(this.memberLimit, flushed));
          this.tooSlow(member);
          return;
        }
        unflushed.push(delivery.sequence);
        wire.write(wire.prefix + json() + wire.suffix, onFlushed);
      },
      end: () => lifetime.end(),
      fail: (error) => lifetime.fail(error),
      lastSequence: () => flushed,
      waiting: () => unflushed.length,
    };
    this.members.add(member);
    return lifetime;
  }

  next(event: UpstreamEvent): void {
    if (this.pace && this.events.isOpen) {
      this.pace.held++;
      if (!this.pace.paused && this.pace.held >= this.options.limit) {
        this.pace.paused = true;
        this.upstream.pause();
        this.armStallTimer();
      }
    }
    this.events.push(event);
  }

  /** A paced group's member took an event (flushed, or handed to its queue): resume once half the backlog went. */
  private taken(): void {
    const pace = this.pace;
    if (!pace) return;
    pace.held = Math.max(0, pace.held - 1);
    if (!pace.paused) return;
    if (pace.held <= this.options.limit / 2) {
      pace.paused = false;
      this.clearStallTimer();
      this.upstream.resume();
    } else {
      // It reads, however slowly: the wait for a stalled member starts again.
      this.armStallTimer();
    }
  }

  /** A paced member that takes nothing while its backlog is full has stopped reading: 4008. */
  private armStallTimer(): void {
    const pace = this.pace!;
    this.clearStallTimer();
    pace.stallTimer = setTimeout(() => {
      pace.stallTimer = null;
      // A backlog still in the payload executions is the hub's wait, not the member's.
      if ([...this.members].every((member) => member.waiting() === 0)) return this.armStallTimer();
      for (const member of [...this.members]) {
        this.tooSlow(member);
        // Its subscription ends now, not when a client that reads nothing answers the close.
        member.fail(new QueueOverflowError(this.options.limit, member.lastSequence()));
      }
    }, this.options.paced!.stallTimeoutMs).unref();
  }

  private clearStallTimer(): void {
    if (this.pace?.stallTimer) clearTimeout(this.pace.stallTimer);
    if (this.pace) this.pace.stallTimer = null;
  }

  error(error: GraphQLError): void {
    this.retire();
    this.events.fail(error);
  }

  complete(): void {
    this.retire();
    this.events.end();
  }

  /** Ends every member's stream and stops executing. */
  close(): void {
    for (const member of [...this.members]) member.end();
    this.stop();
  }

  /**
   * Executes events as they come, up to PIPELINE_DEPTH taken and not yet delivered, and delivers
   * their results in sequence order: an event's delivery waits for its own execution and the ones before it, not
   * for every execution before it to have run one after the other (a burst of events would
   * otherwise queue behind each other's payload queries).
   */
  private async run(): Promise<void> {
    /** Deliveries in sequence order: each link waits for its execution, after the link before. */
    let delivered: Promise<void> = Promise.resolve();
    let inFlight = 0;
    let slotFreed: (() => void) | null = null;
    try {
      for await (const event of this.events) {
        while (inFlight >= PIPELINE_DEPTH) await new Promise<void>((resolve) => (slotFreed = resolve));
        inFlight++;
        const execution = this.timedExecution(event);
        delivered = delivered
          .then(async () => this.handle(event, await execution))
          .finally(() => {
            inFlight--;
            slotFreed?.();
            slotFreed = null;
          });
      }
      await delivered;
      for (const member of [...this.members]) member.end();
    } catch (error) {
      await delivered;
      // An overflow already closed every member's socket (onOverflow); anything else ends their streams with it.
      if (!(error instanceof QueueOverflowError)) for (const member of [...this.members]) member.fail(error);
    }
  }

  /** The event's result; an execution that throws counts as a payload that could not be resolved. */
  private async timedExecution(event: UpstreamEvent): Promise<ExecutionResult> {
    const started = performance.now();
    try {
      return await this.options.execute(event);
    } catch (error) {
      this.options.log?.error({ err: error, sequence: event.sequence }, 'an event could not be executed');
      return { data: null, errors: [new GraphQLError('the event payload could not be resolved')] };
    } finally {
      deliveryTimings.executions++;
      deliveryTimings.executionMs += performance.now() - started;
    }
  }

  private async handle(event: UpstreamEvent, result: ExecutionResult): Promise<void> {
    // An event whose payload the subscribers may not see (a forbidden field nulled it whole) is
    // delivered as it is: resubscribing would not change it.
    const forbidden = result.errors?.every((error) => error.extensions?.code === 'FORBIDDEN') ?? false;
    if (result.data == null && result.errors?.length && !forbidden) {
      // An event without its payload would be a gap the client cannot see; ending the connection
      // with a resumable reason lets it resubscribe from the last event it did receive.
      const reason = closeReason(`event ${event.sequence} could not be resolved; resubscribe with afterSequence of your last event`);
      this.options.log?.warn(
        { sequence: event.sequence, errors: result.errors, subscribers: this.members.size },
        'an event payload could not be resolved; its subscribers are disconnected (4009)',
      );
      for (const member of [...this.members]) member.socket.close(PAYLOAD_FAILED_CLOSE_CODE, reason);
      return;
    }
    await this.deliver({ sequence: event.sequence, result });
  }

  /**
   * Hands one result to every member, serializing it at most once (stream members need no text),
   * WRITES_PER_TURN members at a time; the next event's delivery waits for this one's last write.
   */
  private async deliver(delivery: Delivery): Promise<void> {
    let json: string | undefined;
    const serialized = () => {
      if (json === undefined) {
        const started = performance.now();
        json = JSON.stringify(delivery.result);
        deliveryTimings.serializations++;
        deliveryTimings.serializationMs += performance.now() - started;
      }
      return json;
    };
    // A copy: a member may leave while it is written to (a failed write closes its connection).
    const members = [...this.members];
    for (let start = 0; start < members.length; start += WRITES_PER_TURN) {
      if (start > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      const started = performance.now();
      let written = 0;
      for (const member of members.slice(start, start + WRITES_PER_TURN)) {
        // Gone while the process did other work between two turns.
        if (!this.members.has(member)) continue;
        member.deliver(delivery, serialized);
        written++;
      }
      deliveryTimings.writes += written;
      deliveryTimings.writeMs += performance.now() - started;
    }
  }

  private tooSlow(member: Member): void {
    const last = member.lastSequence();
    const resume = last ? `; resume after ${last}` : '';
    this.options.log?.info({ lastSequence: last ?? null, limit: this.options.limit }, 'disconnected a subscriber too slow to read its events (4008)');
    const why = this.pace?.paused ? `read nothing for ${this.options.paced!.stallTimeoutMs} ms with ${this.options.limit} events queued` : `over ${this.options.limit} events queued`;
    member.socket.close(SLOW_SUBSCRIBER_CLOSE_CODE, closeReason(`subscriber too slow: ${why}${resume}`));
  }

  private leave(member: Member): void {
    this.members.delete(member);
    if (this.members.size === 0) this.stop();
  }

  private stop(): void {
    this.retire();
    this.clearStallTimer();
    void this.events.return();
    this.upstream.leave();
  }

  private retire(): void {
    if (this.retired) return;
    this.retired = true;
    this.options.onRetired();
  }
}

async function* results(queue: BoundedQueue<Delivery>): AsyncGenerator<ExecutionResult, void> {
  for await (const delivery of queue) yield delivery.result;
}
