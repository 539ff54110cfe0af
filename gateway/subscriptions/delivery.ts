/**
 * Delivery of events to subscribers. A delivery group holds the subscribers
 * that receive the same events (one upstream stream) and answer them the same
 * way (one selection key): each event is executed once for all of them, in
 * sequence order, and the result is handed to every member's own bounded queue,
 * which graphql-ws drains into the member's socket. Per subscriber, only that
 * queue and the socket write remain; this is the one place the per-event path
 * changes when delivery has to scale further.
 */
import type { ExecutionResult, GraphQLError } from 'graphql';
import { BoundedQueue, QueueOverflowError, returningPromptly } from '../../platform/bounded-queue';
import type { Logger } from '../../platform/logger';
import type { StreamSink, UpstreamEvent } from './upstream';

/** WebSocket close code for a subscriber whose queue overflowed (private-use range). */
export const SLOW_SUBSCRIBER_CLOSE_CODE = 4008;
/** WebSocket close code when an event's payload could not be resolved, even after retries. */
export const PAYLOAD_FAILED_CLOSE_CODE = 4009;

/** The part of a subscriber's WebSocket that delivery needs. */
export interface SubscriberSocket {
  close(code: number, reason: string): void;
}

export interface DeliveryGroupOptions {
  /** Events a subscriber (and the group, ahead of its executions) may have waiting; one more disconnects with 4008. */
  limit: number;
  /** Answers one event for every member: the client's operation executed with the event as its root. */
  execute(event: UpstreamEvent): Promise<ExecutionResult>;
  /** Called once, when the group takes no more members: its upstream stream ended, its last member left, or it was closed. */
  onRetired(): void;
  /** Where disconnections are reported. */
  log?: Logger;
}

interface Delivery {
  sequence: string;
  result: ExecutionResult;
}

interface Member {
  socket: SubscriberSocket;
  queue: BoundedQueue<Delivery>;
}

/** WebSocket close reasons are limited to 123 bytes. */
const closeReason = (text: string) => text.slice(0, 120);

export class DeliveryGroup implements StreamSink {
  private readonly members = new Set<Member>();
  /** Events waiting for their execution. */
  private readonly events: BoundedQueue<UpstreamEvent>;
  private leaveUpstream: () => void = () => undefined;
  private retired = false;
  /** Settles when the group stopped executing events. */
  readonly done: Promise<void>;

  constructor(private readonly options: DeliveryGroupOptions) {
    // Executions slower than the events: every member is as far behind as the group.
    this.events = new BoundedQueue({ limit: options.limit, onOverflow: () => this.members.forEach((member) => this.tooSlow(member)) });
    this.done = this.run();
  }

  get size(): number {
    return this.members.size;
  }

  /** Where the group leaves its upstream stream when it closes. */
  connect(leaveUpstream: () => void): void {
    this.leaveUpstream = leaveUpstream;
  }

  /** Adds a subscriber; the returned iterator is its stream of results, ending it ends the membership. */
  join(socket: SubscriberSocket): AsyncIterableIterator<ExecutionResult> {
    const member: Member = {
      socket,
      queue: new BoundedQueue<Delivery>({
        limit: this.options.limit,
        onOverflow: () => this.tooSlow(member),
        onClose: () => this.leave(member),
      }),
    };
    this.members.add(member);
    return returningPromptly(results(member.queue), member.queue);
  }

  next(event: UpstreamEvent): void {
    this.events.push(event);
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
    for (const member of this.members) member.queue.end();
    this.stop();
  }

  private async run(): Promise<void> {
    try {
      for await (const event of this.events) {
        const result = await this.options.execute(event);
        if (result.data == null && result.errors?.length) {
          // An event without its payload would be a gap the client cannot see; ending the connection
          // with a resumable reason lets it resubscribe from the last event it did receive.
          const reason = closeReason(`event ${event.sequence} could not be resolved; resubscribe with afterSequence of your last event`);
          this.options.log?.warn(
            { sequence: event.sequence, errors: result.errors, subscribers: this.members.size },
            'an event payload could not be resolved; its subscribers are disconnected (4009)',
          );
          for (const member of this.members) member.socket.close(PAYLOAD_FAILED_CLOSE_CODE, reason);
          continue;
        }
        for (const member of this.members) member.queue.push({ sequence: event.sequence, result });
      }
      for (const member of this.members) member.queue.end();
    } catch (error) {
      // An overflow already closed every member's socket (onOverflow); anything else ends their streams with it.
      if (!(error instanceof QueueOverflowError)) for (const member of this.members) member.queue.fail(error);
    }
  }

  private tooSlow(member: Member): void {
    const last = member.queue.lastDelivered?.sequence;
    const resume = last ? `; resume after ${last}` : '';
    this.options.log?.info({ lastSequence: last ?? null, limit: this.options.limit }, 'disconnected a subscriber too slow to read its events (4008)');
    member.socket.close(SLOW_SUBSCRIBER_CLOSE_CODE, closeReason(`subscriber too slow: over ${this.options.limit} events queued${resume}`));
  }

  private leave(member: Member): void {
    this.members.delete(member);
    if (this.members.size === 0) this.stop();
  }

  private stop(): void {
    this.retire();
    void this.events.return();
    this.leaveUpstream();
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
