/**
 * The live event feed of one tickets replica. Every replica tails the outbox
 * itself (woken by the store's commit notifications, with a slow poll as a
 * safety net), so a mutation committed through any replica reaches the
 * subscribers of all of them. Each subscriber gets matching events in sequence
 * order: first the retained ones after its `afterSequence`, then live ones,
 * with no gap and no duplicate.
 */
import { BadUserInputError } from '../../platform/errors';
import type { TicketEvent, TicketEventKind, TicketType, Priority } from './domain';
import type { TicketStore } from './store';

export interface TicketEventFilter {
  kinds?: TicketEventKind[] | null;
  types?: TicketType[] | null;
  priorities?: Priority[] | null;
  affectedItemIds?: string[] | null;
  assignmentGroup?: string | null;
}

export interface EventFeedOptions {
  /** Events a subscriber may have waiting before it is cut off (its consumer is too slow). */
  maxQueuedPerSubscriber: number;
  /** Safety-net poll for notifications lost while a LISTEN connection reconnects. */
  pollIntervalMs: number;
  /** Retention of the outbox; older events are pruned hourly. */
  retentionHours: number;
}

export const DEFAULT_FEED_OPTIONS: EventFeedOptions = { maxQueuedPerSubscriber: 1000, pollIntervalMs: 2000, retentionHours: 24 };

const PAGE = 500;

/** Raised into a subscriber's stream when its queue overflowed. */
export class SlowSubscriberError extends Error {
  constructor(readonly lastDelivered: bigint, limit: number) {
    super(`subscriber fell behind by more than ${limit} events; resubscribe with afterSequence: "${lastDelivered}"`);
  }
}

export function matches(event: TicketEvent, filter: TicketEventFilter): boolean {
  // An empty list constrains nothing, as everywhere in the API (withoutEmptyLists in domain.ts).
  if (filter.kinds?.length && !filter.kinds.includes(event.kind)) return false;
  if (filter.types?.length && !filter.types.includes(event.ticketType)) return false;
  if (filter.priorities?.length && !filter.priorities.includes(event.priority)) return false;
  if (filter.assignmentGroup != null && filter.assignmentGroup !== event.assignmentGroup) return false;
  if (filter.affectedItemIds?.length && !filter.affectedItemIds.some((id) => event.affectedItemIds.includes(id))) return false;
  return true;
}

export function parseSequence(text: string): bigint {
  if (!/^\d{1,19}$/.test(text)) {
    throw new BadUserInputError(`afterSequence must be a decimal sequence number, got ${JSON.stringify(text)}`, undefined, {
      argumentName: 'afterSequence',
    });
  }
  return BigInt(text);
}

interface Subscriber {
  filter: TicketEventFilter;
  /** Live events waiting for the consumer, or for the replay to finish. */
  queue: TicketEvent[];
  /** The newest sequence handed to the consumer (replayed or live). */
  delivered: bigint;
  replaying: boolean;
  wake: (() => void) | null;
  failure: Error | null;
  closed: boolean;
}

export class EventFeed {
  private readonly subscribers = new Set<Subscriber>();
  private head = 0n;
  private tailing: Promise<void> = Promise.resolve();
  private pending = false;
  private stopListening: (() => Promise<void>) | null = null;
  private timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly store: TicketStore,
    private readonly options: EventFeedOptions = DEFAULT_FEED_OPTIONS,
  ) {}

  async start(): Promise<void> {
    this.head = await this.store.latestSequence();
    this.stopListening = await this.store.onEventCommitted(() => this.poke());
    this.timers.push(setInterval(() => this.poke(), this.options.pollIntervalMs).unref());
    const prune = () =>
      this.store.pruneEvents(new Date(Date.now() - this.options.retentionHours * 3_600_000)).catch(() => undefined);
    this.timers.push(setInterval(prune, 3_600_000).unref());
    await prune();
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    await this.stopListening?.();
    for (const subscriber of this.subscribers) this.end(subscriber);
    await this.tailing;
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /** Reads what committed since the head, once for all subscribers; notifications are coalesced. */
  private poke(): void {
    if (this.pending) return;
    this.pending = true;
    this.tailing = this.tailing.then(async () => {
      this.pending = false;
      try {
        for (;;) {
          const events = await this.store.eventsAfter(this.head, PAGE);
          for (const event of events) this.dispatch(event);
          if (events.length) this.head = BigInt(events[events.length - 1].sequence);
          if (events.length < PAGE) break;
        }
      } catch {
        // The store is down; the next notification or poll tries again from the same head.
      }
    });
  }

  private dispatch(event: TicketEvent): void {
    for (const subscriber of this.subscribers) {
      if (subscriber.closed || !matches(event, subscriber.filter)) continue;
      if (subscriber.queue.length >= this.options.maxQueuedPerSubscriber) {
        subscriber.failure = new SlowSubscriberError(subscriber.delivered, this.options.maxQueuedPerSubscriber);
        this.end(subscriber);
        continue;
      }
      subscriber.queue.push(event);
      subscriber.wake?.();
    }
  }

  private end(subscriber: Subscriber): void {
    subscriber.closed = true;
    this.subscribers.delete(subscriber);
    subscriber.wake?.();
  }

  /** Matching events after `afterSequence` (retained ones first), or from now on when it is null. */
  subscribe(filter: TicketEventFilter, afterSequence: bigint | null): AsyncIterableIterator<TicketEvent> {
    const subscriber: Subscriber = {
      filter,
      queue: [],
      delivered: afterSequence ?? this.head,
      replaying: afterSequence !== null,
      wake: null,
      failure: null,
      closed: false,
    };
    // Registered before the replay reads, so anything committed meanwhile is queued, not lost.
    this.subscribers.add(subscriber);
    const feed = this;
    let replayed: TicketEvent[] = [];

    async function next(): Promise<IteratorResult<TicketEvent>> {
      for (;;) {
        if (subscriber.replaying) {
          if (!replayed.length) {
            const page = await feed.store.eventsAfter(subscriber.delivered, PAGE);
            replayed = page.filter((event) => matches(event, filter));
            if (page.length < PAGE) subscriber.replaying = false;
            if (page.length) subscriber.delivered = maxSequence(subscriber.delivered, page);
            // Everything in the page was seen, matching or not; a fully filtered page moves on.
            if (!replayed.length) continue;
          }
          return { value: replayed.shift()!, done: false };
        }
        if (replayed.length) return { value: replayed.shift()!, done: false };
        // Live events the replay already delivered are dropped here: no duplicates.
        while (subscriber.queue.length && BigInt(subscriber.queue[0].sequence) <= subscriber.delivered) subscriber.queue.shift();
        const event = subscriber.queue.shift();
        if (event) {
          subscriber.delivered = BigInt(event.sequence);
          return { value: event, done: false };
        }
        if (subscriber.failure) throw subscriber.failure;
        if (subscriber.closed) return { value: undefined, done: true };
        await new Promise<void>((resolve) => (subscriber.wake = resolve));
        subscriber.wake = null;
      }
    }

    return {
      next,
      async return() {
        feed.end(subscriber);
        return { value: undefined, done: true };
      },
      async throw(error) {
        feed.end(subscriber);
        throw error;
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }
}

function maxSequence(current: bigint, events: TicketEvent[]): bigint {
  const last = BigInt(events[events.length - 1].sequence);
  return last > current ? last : current;
}
