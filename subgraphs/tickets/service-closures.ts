/**
 * The dependency closures behind `TicketEventFilter.businessServiceIds`: for each distinct set of
 * business services that live subscribers follow, the items the set relies on, as the CMDB computes
 * them. Events are matched against these sets in memory, so matching costs no CMDB request per event.
 *
 * The closures follow the CMDB as it changes: while any set is in use, the CMDB's change counter
 * (moved by every committed CMDB write) is polled, and when it moved every set in use is recomputed
 * in one request. All CMDB requests run one after another, so a closure is never replaced by one
 * read earlier, and the counter a refresh records was read before the closures it fetched: the
 * closures are at least as new as the counter says.
 */
import { componentLogger, rateLimitedErrorLog } from '../../platform/logger';
import type { CmdbClient } from './items';

/** The contract's rule: a service's closure is its `dependencies` at depth 10 over every type. */
export const SERVICE_CLOSURE_DEPTH = 10;

/** The CMDB questions the closures need. */
export type ClosureSource = Pick<CmdbClient, 'dependencyClosures' | 'changeCount'>;

export interface ServiceClosureOptions {
  /** How often the CMDB's change counter is read while a set is in use; the contract allows 5 s from write to effect. */
  pollIntervalMs: number;
}

export const DEFAULT_CLOSURE_OPTIONS: ServiceClosureOptions = { pollIntervalMs: 1000 };

/** One subscriber's hold on a set's closure; the set's closure is kept fresh until every lease is released. */
export interface ClosureLease {
  /** The items that match now; replaced whole when the CMDB changes. */
  readonly items: ReadonlySet<string>;
  /** Idempotent. */
  release(): void;
}

interface Entry {
  key: string;
  ids: string[];
  items: ReadonlySet<string>;
  leases: number;
  /** Settles when the first load finished; rejected when it failed (the entry is then dropped). */
  loaded: Promise<void>;
}

/** The canonical form of a set of ids: unique, in code unit order, so equal sets share one closure however written. */
export function serviceSetKey(ids: readonly string[]): string[] {
  return [...new Set(ids)].sort();
}

export class ServiceClosures {
  private readonly entries = new Map<string, Entry>();
  private readonly log = componentLogger('tickets', 'service-closures');
  private readonly logError = rateLimitedErrorLog(this.log);
  /** The CMDB change count every entry's closure is at least as new as; null while no set is in use. */
  private changeCount: string | null = null;
  /** Every CMDB request, one after another. */
  private chain: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private refreshCount = 0;

  constructor(
    private readonly source: ClosureSource,
    private readonly options: ServiceClosureOptions = DEFAULT_CLOSURE_OPTIONS,
  ) {}

  /** Distinct sets in use. */
  get setsInUse(): number {
    return this.entries.size;
  }

  /** How many times the closures in use were recomputed after a CMDB change (for tests and diagnostics). */
  get refreshes(): number {
    return this.refreshCount;
  }

  /**
   * A lease on the closure of `ids`, loaded before this resolves (SERVICE_UNAVAILABLE when the CMDB
   * does not answer). `ids` must not be empty: an empty set matches nothing and needs no closure.
   */
  async acquire(ids: readonly string[]): Promise<ClosureLease> {
    const canonical = serviceSetKey(ids);
    const key = JSON.stringify(canonical);
    let entry = this.entries.get(key);
    if (!entry) {
      const created: Entry = { key, ids: canonical, items: new Set(), leases: 0, loaded: Promise.resolve() };
      created.loaded = this.serially(() => this.load(created));
      // Dropped on failure, so the next subscriber asks the CMDB again instead of inheriting the error.
      created.loaded.catch(() => {
        if (this.entries.get(key) === created) this.entries.delete(key);
      });
      this.entries.set(key, created);
      entry = created;
    }
    const held = entry;
    held.leases += 1;
    try {
      await held.loaded;
    } catch (error) {
      this.releaseOne(held);
      throw error;
    }
    this.startPolling();
    let released = false;
    return {
      get items() {
        return held.items;
      },
      release: () => {
        if (released) return;
        released = true;
        this.releaseOne(held);
      },
    };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopPolling();
    await this.chain.catch(() => undefined);
  }

  private releaseOne(entry: Entry): void {
    entry.leases -= 1;
    if (entry.leases > 0 || this.entries.get(entry.key) !== entry) return;
    this.entries.delete(entry.key);
    if (!this.entries.size) {
      this.stopPolling();
      // With nothing in use nothing is kept fresh, so the next load must read the counter again.
      this.changeCount = null;
    }
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const next = this.chain.then(work);
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async load(entry: Entry): Promise<void> {
    // The counter first: the closure read after it is at least as new as it.
    if (this.changeCount === null) this.changeCount = await this.source.changeCount();
    const [closure] = await this.source.dependencyClosures([entry.ids], SERVICE_CLOSURE_DEPTH);
    entry.items = new Set(closure);
  }

  private startPolling(): void {
    if (this.timer || this.stopped || !this.entries.size) return;
    this.timer = setInterval(() => void this.serially(() => this.refreshIfChanged()), this.options.pollIntervalMs).unref();
  }

  private stopPolling(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Recomputes every closure in use, in one request, when the CMDB's change counter moved. */
  private async refreshIfChanged(): Promise<void> {
    if (!this.entries.size) return;
    try {
      const now = await this.source.changeCount();
      if (now === this.changeCount) return;
      const entries = [...this.entries.values()];
      const closures = await this.source.dependencyClosures(
        entries.map((entry) => entry.ids),
        SERVICE_CLOSURE_DEPTH,
      );
      entries.forEach((entry, index) => (entry.items = new Set(closures[index])));
      // Only now: had the refresh failed, the next poll would see the counter still moved and try again.
      if (this.entries.size) this.changeCount = now;
      this.refreshCount += 1;
      this.log.debug({ changeCount: now, sets: entries.length }, 'dependency closures refreshed after a CMDB change');
    } catch (error) {
      // The closures in use stay as they were; the next poll tries again.
      this.logError('refresh', error, 'refreshing the dependency closures of followed business services failed; retrying on the next poll');
    }
  }
}
