/**
 * The live event feed of one tickets replica. Every replica tails the outbox
 * itself (woken by the store's commit notifications, with a slow poll as a
 * safety net), so a mutation committed through any replica reaches the
 * subscribers of all of them. Each subscriber gets matching events in sequence
 * order: first the retained ones after its `afterSequence`, then live ones,
 * with no gap and no duplicate.
 *
 * A replay is pulled, not pushed: the next page of the outbox is read only once the consumer has
 * taken the one before (graphql-ws sends the next event only once the last one left the socket),
 * so a replay of any length holds one page, and a replaying subscriber is registered for live
 * events only once it has caught up with the tailer. Only live events wait in its bounded queue.
 */
import { BoundedQueue, QueueOverflowError, returningPromptly } from '../../platform/bounded-queue';
import { BadUserInputError } from '../../platform/errors';
import type { ReadinessCheck } from '../../platform/http';
import { componentLogger, rateLimitedErrorLog } from '../../platform/logger';
import type { Priority, Ticket, TicketEvent, TicketEventKind, TicketType } from './domain';
import type { ClosureLease, ServiceClosures } from './service-closures';
import type { TicketStore } from './store';

export interface TicketEventFilter {
  kinds?: TicketEventKind[] | null;
  types?: TicketType[] | null;
  priorities?: Priority[] | null;
  affectedItemIds?: string[] | null;
  assignmentGroup?: string | null;
  /** Matched against the services' dependency closures (ServiceClosures), not the ids themselves. */
  businessServiceIds?: string[] | null;
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
const PRUNE_INTERVAL_MS = 3_600_000;
/** Polls that may fail in a row before the feed reports itself not ready. */
const MISSED_POLLS_BEFORE_UNREADY = 5;

/** Raised into a subscriber's stream when its queue overflowed. */
export class SlowSubscriberError extends Error {
  constructor(
    readonly lastDelivered: bigint,
    limit: number,
  ) {
    super(`subscriber fell behind by more than ${limit} events; resubscribe with afterSequence: "${lastDelivered}"`);
  }
}

const NO_ITEMS: ReadonlySet<string> = new Set();

/**
 * Whether `event` passes `filter`: AND across fields, OR within a list. `serviceItems` is the
 * dependency closure of `filter.businessServiceIds` (every item they are or rely on), which the
 * caller keeps; without it a `businessServiceIds` filter matches nothing.
 */
export function matches(event: TicketEvent, filter: TicketEventFilter, serviceItems: ReadonlySet<string> = NO_ITEMS): boolean {
  // An empty list constrains nothing, as everywhere in the API (withoutEmptyLists in domain.ts).
  if (filter.kinds?.length && !filter.kinds.includes(event.kind)) return false;
  if (filter.types?.length && !filter.types.includes(event.ticketType)) return false;
  if (filter.priorities?.length && !filter.priorities.includes(event.priority)) return false;
  if (filter.assignmentGroup != null && filter.assignmentGroup !== event.assignmentGroup) return false;
  if (filter.affectedItemIds?.length && !filter.affectedItemIds.some((id) => event.affectedItemIds.includes(id))) return false;
  // Unlike the lists above, an empty businessServiceIds matches nothing (the contract part live-services): its closure is empty.
  if (filter.businessServiceIds != null && !event.affectedItemIds.some((id) => serviceItems.has(id))) return false;
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

interface FeedSubscriber {
  filter: TicketEventFilter;
  /** The closure of `filter.businessServiceIds` while it has any; released when the subscriber leaves. */
  services: ClosureLease | null;
  /** Live events waiting for the consumer. */
  queue: BoundedQueue<TicketEvent>;
  /** False while it replays: the tailer queues events only for live subscribers, a replay reads them from the outbox. */
  live: boolean;
}

/** How far the feed is behind the outbox, for `/readyz`. */
export interface FeedLag {
  /** The newest sequence committed to the outbox. */
  newestCommitted: string;
  /** The newest sequence the tailer read and handed to subscribers. */
  newestDelivered: string;
  /** Committed events the subscribers have not been handed yet. */
  events: number;
  /** Since the tailer last read the outbox successfully; null before its first read. */
  msSinceLastPoll: number | null;
}

export class EventFeed {
  private readonly subscribers = new Set<FeedSubscriber>();
  private readonly log = componentLogger('tickets', 'event-feed');
  private readonly logError = rateLimitedErrorLog(this.log);
  /** The newest sequence read from the outbox and dispatched. */
  private head = 0n;
  private lastPollAt: number | null = null;
  private tailing: Promise<void> = Promise.resolve();
  private pending = false;
  private stopListening: (() => Promise<void>) | null = null;
  private timers: NodeJS.Timeout[] = [];
  /**
   * Each live event's ticket, read once however many streams deliver it: the tailer pushes the same
   * event object to every matching queue. Our gateway shares one stream per filter, but a gateway
   * that subscribes once per client (Hive Gateway does) would otherwise cost a store read per
   * client and event. Held only as long as the event is.
   */
  private readonly ticketReads = new WeakMap<TicketEvent, Promise<Ticket | undefined>>();

  constructor(
    private readonly store: TicketStore,
    private readonly options: EventFeedOptions = DEFAULT_FEED_OPTIONS,
    /** Where `businessServiceIds` filters get their closures; without it they match nothing. */
    private readonly closures: ServiceClosures | null = null,
  ) {}

  async start(): Promise<void> {
    this.head = await this.store.latestSequence();
    this.lastPollAt = Date.now();
    this.stopListening = await this.store.onEventCommitted(() => this.poke());
    this.timers.push(setInterval(() => this.poke(), this.options.pollIntervalMs).unref());
    this.timers.push(setInterval(() => void this.prune(), PRUNE_INTERVAL_MS).unref());
    await this.prune();
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    try {
      await this.stopListening?.();
    } catch (error) {
      this.log.error({ err: error }, 'stopping the outbox LISTEN failed');
    }
    this.stopListening = null;
    for (const subscriber of this.subscribers) subscriber.queue.end();
    await this.tailing;
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /** Timers the feed holds (an interval poll and an hourly prune while started, none after `stop`). */
  get timerCount(): number {
    return this.timers.length;
  }

  /**
   * The ticket of `event` as it is now (undefined when it is gone), read once for every stream that
   * delivers this event; a failed read is forgotten, so the next stream tries again.
   */
  ticketOf(event: TicketEvent): Promise<Ticket | undefined> {
    const known = this.ticketReads.get(event);
    if (known) return known;
    const read = this.store.ticketsByIds([event.ticketId]).then((tickets) => tickets.get(event.ticketId));
    this.ticketReads.set(event, read);
    // The caller awaits `read` and sees its failure; this branch only stops it from being shared.
    read.catch(() => this.ticketReads.delete(event));
    return read;
  }

  /** Reads the newest committed sequence and compares it with what the feed delivered. */
  async lag(): Promise<FeedLag> {
    const newestCommitted = await this.store.latestSequence();
    const behind = newestCommitted > this.head ? newestCommitted - this.head : 0n;
    return {
      newestCommitted: String(newestCommitted),
      newestDelivered: String(this.head),
      events: Number(behind),
      msSinceLastPoll: this.lastPollAt === null ? null : Date.now() - this.lastPollAt,
    };
  }

  /** A `/readyz` check that shows the lag, and fails when the outbox has not been read for several polls. */
  readiness(): ReadinessCheck {
    return {
      name: 'ticket event feed',
      check: async () => {
        const lag = await this.lag();
        const limit = this.options.pollIntervalMs * MISSED_POLLS_BEFORE_UNREADY;
        if (lag.msSinceLastPoll === null || lag.msSinceLastPoll > limit) {
          const since = lag.msSinceLastPoll === null ? 'never read the outbox' : `no successful outbox read for ${lag.msSinceLastPoll} ms`;
          throw new Error(`${since}; ${lag.events} committed events not yet delivered`);
        }
        return { ...lag };
      },
    };
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
        this.lastPollAt = Date.now();
      } catch (error) {
        // The next notification or poll tries again from the same head, so nothing is skipped.
        this.logError('tail', error, `reading the outbox after sequence ${this.head} failed; retrying on the next wake-up or poll`);
      }
    });
  }

  private async prune(): Promise<void> {
    try {
      const pruned = await this.store.pruneEvents(new Date(Date.now() - this.options.retentionHours * 3_600_000));
      if (pruned) this.log.info({ pruned }, 'pruned events past retention');
    } catch (error) {
      this.logError('prune', error, 'pruning old events failed; retrying within the hour');
    }
  }

  private dispatch(event: TicketEvent): void {
    // A subscriber whose queue overflows leaves the set through the queue's onClose.
    for (const subscriber of this.subscribers) {
      if (subscriber.live && matches(event, subscriber.filter, subscriber.services?.items)) subscriber.queue.push(event);
    }
  }

  /**
   * As `subscribe`, once the closure of the filter's `businessServiceIds` (when it names any) is
   * loaded, so that no event is matched against a closure not yet known. SERVICE_UNAVAILABLE when
   * the CMDB does not answer.
   */
  async open(filter: TicketEventFilter, afterSequence: bigint | null): Promise<AsyncIterableIterator<TicketEvent>> {
    const ids = filter.businessServiceIds;
    const services = ids?.length && this.closures ? await this.closures.acquire(ids) : null;
    try {
      return this.subscribe(filter, afterSequence, services);
    } catch (error) {
      services?.release();
      throw error;
    }
  }

  /** Matching events after `afterSequence` (retained ones first), or from now on when it is null. */
  subscribe(filter: TicketEventFilter, afterSequence: bigint | null, services: ClosureLease | null = null): AsyncIterableIterator<TicketEvent> {
    const subscriber: FeedSubscriber = {
      filter,
      services,
      live: afterSequence === null,
      queue: new BoundedQueue<TicketEvent>({
        limit: this.options.maxQueuedPerSubscriber,
        onClose: () => {
          this.subscribers.delete(subscriber);
          subscriber.services?.release();
        },
      }),
    };
    // Counted (and ended by `stop`) from now on; a replaying one is handed live events only once it caught up.
    this.subscribers.add(subscriber);
    // Taken now, not when the generator first runs: events dispatched in between are queued and must not count as seen.
    const from = afterSequence ?? this.head;
    return returningPromptly(this.replayThenLive(subscriber, from), subscriber.queue);
  }

  /** Events after `from`: read from the outbox until caught up when the subscriber replays, then live ones from the queue. */
  private async *replayThenLive(subscriber: FeedSubscriber, from: bigint): AsyncGenerator<TicketEvent, void> {
    let delivered = from;
    /** The events of the outbox after `delivered` up to `until` (all of them when null) that match, one page at a time. */
    const self = this;
    async function* fromOutbox(until: bigint | null): AsyncGenerator<TicketEvent, void> {
      for (;;) {
        const page = await self.store.eventsAfter(delivered, PAGE);
        // Ended meanwhile (the consumer left, the feed stopped): nothing more to read.
        if (!subscriber.queue.isOpen) return;
        for (const event of page) {
          const sequence = BigInt(event.sequence);
          if (until !== null && sequence > until) return;
          // Everything read was seen, matching or not.
          delivered = sequence;
          // The closure as it is now, at replay time (the contract part live-services).
          if (matches(event, subscriber.filter, subscriber.services?.items)) yield event;
        }
        if (page.length < PAGE) return;
      }
    }
    if (!subscriber.live) {
      // Pulled: the next page is read when the consumer has taken this one, however long the replay.
      yield* fromOutbox(null);
      if (!subscriber.queue.isOpen) return;
      // Caught up: the tailer queues what it dispatches from now on. What it dispatched between the
      // last page and now (up to its head) was not queued, so it comes from the outbox too.
      subscriber.live = true;
      yield* fromOutbox(this.head);
    }
    try {
      for await (const event of subscriber.queue) {
        const sequence = BigInt(event.sequence);
        // Live events the replay already delivered are dropped here: no duplicates.
        if (sequence <= delivered) continue;
        delivered = sequence;
        yield event;
      }
    } catch (error) {
      if (error instanceof QueueOverflowError) throw new SlowSubscriberError(delivered, error.limit);
      throw error;
    }
  }
}
