/**
 * Graph answers (impact, dependencies, blast radius, outage closures) reused until the CMDB changes.
 *
 * Every committed CMDB write moves the store's change counter in its own transaction, on any
 * replica (CmdbStore.changeCount). Each lookup reads the counter first and keys the answer by it,
 * so an answer is served only while no write has committed since it was computed: never stale by
 * even one write. The counter is read before computing, so an answer stored under counter N was
 * computed from state N or later, which a reader at N may always be given.
 *
 * Memory is bounded by an LRU over the answers' estimated sizes; entries of older counters are
 * never asked for again and age out first. Identical lookups in flight at once compute once.
 */
import { LRUCache } from 'lru-cache';
import type { TraversalCacheUsage } from '../../platform/metrics';

/** Hits, misses, lookups that joined one in flight, entries and estimated bytes (what /metrics reports). */
export type TraversalCacheStats = TraversalCacheUsage;

export interface TraversalCacheOptions {
  /** 0 turns the cache off: every lookup computes. */
  maxBytes: number;
  /** The store's change counter, read once per lookup. */
  changeCount(): Promise<string>;
}

export class TraversalCache {
  private readonly answers: LRUCache<string, { value: unknown }> | null;
  private readonly computing = new Map<string, Promise<unknown>>();
  private readonly counts = { hits: 0, misses: 0, joined: 0 };

  constructor(private readonly options: TraversalCacheOptions) {
    this.answers =
      options.maxBytes > 0
        ? new LRUCache<string, { value: unknown }>({
            maxSize: options.maxBytes,
            // An answer larger than a tenth of the cache would push out everything else for one query.
            maxEntrySize: Math.max(1, Math.floor(options.maxBytes / 10)),
          })
        : null;
  }

  /**
   * The answer to `request` of `kind` at the CMDB's current state: from the cache when no write
   * has committed since it was computed, else from `compute`. `size` estimates the answer's bytes.
   */
  async get<T>(kind: string, request: unknown, compute: () => Promise<T>, size: (answer: T) => number): Promise<T> {
    const answers = this.answers;
    if (!answers) return compute();
    const key = `${kind}\u0000${await this.options.changeCount()}\u0000${JSON.stringify(request)}`;
    const cached = answers.get(key);
    if (cached) {
      this.counts.hits += 1;
      return cached.value as T;
    }
    const pending = this.computing.get(key);
    if (pending) {
      this.counts.joined += 1;
      return pending as Promise<T>;
    }
    this.counts.misses += 1;
    const computation = compute().then((value) => {
      answers.set(key, { value }, { size: Math.max(1, Math.ceil(size(value))) });
      return value;
    });
    this.computing.set(key, computation);
    const forget = () => this.computing.delete(key);
    computation.then(forget, forget);
    return computation;
  }

  stats(): TraversalCacheStats {
    return {
      ...this.counts,
      entries: this.answers?.size ?? 0,
      bytes: this.answers?.calculatedSize ?? 0,
      maxBytes: this.options.maxBytes,
    };
  }
}
