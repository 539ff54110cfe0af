/**
 * Whole answers of queries the CMDB alone answers, reused by the gateway until the CMDB changes.
 *
 * A query the single-subgraph shortcut sends to the CMDB (gateway/single-subgraph.ts) depends on
 * nothing but the CMDB's state, the query, its variables and what the gateway forwards of the
 * caller (gateway/identity.ts `forwardToSubgraph`: the scopes and the actor's name; the internal
 * secret is the same for every request, the request id changes nothing). Every committed CMDB
 * write moves the store's change counter in its own transaction, on any replica and any backend
 * (CmdbStore.changeCount, subgraphs/cmdb/traversal-cache.ts). So each lookup first reads the counter
 * (`GET /change-count` on the CMDB subgraph, subgraphs/cmdb/change-count.ts) and keys the answer by
 * it: an answer is given only while no write has committed since it was computed, never stale by
 * even one write, whichever gateway or replica wrote. The counter is read before the subgraph is
 * asked, so an answer stored under counter N was computed from state N or later, which a reader at
 * N may always be given. Lookups that arrive before a counter read starts share it (it still sees
 * every write committed before each of them arrived); one that arrives after it started waits for
 * the next.
 *
 * Only clean answers (no errors) are kept: an error may be an outage of the moment. When the counter
 * cannot be read the lookup is not cached at all, and the query goes to the subgraph as it would
 * without the cache, which reports any outage as it always does.
 *
 * Identical lookups in flight at once compute once: after a write every waiting dashboard misses
 * together, and sharing the subgraph's bytes (gateway/shared-fetches.ts) would still leave each of
 * them its own parse of a large answer, the very cost this cache saves.
 *
 * One answer object is handed to every request that hits it. Nothing on the gateway's path changes
 * a result once the executor returns it (Apollo Server wraps it in a response of its own and
 * serialises it), and kept answers are deep-frozen, so a change anyone makes later fails loudly
 * instead of reaching other callers.
 *
 * Memory is bounded by an LRU over the answers' estimated sizes (ANSWER_CACHE_MB); entries of
 * older counters are never asked for again and age out first.
 */
import { LRUCache } from 'lru-cache';
import { componentLogger, rateLimitedErrorLog } from '../platform/logger';
import type { AnswerCacheUsage } from '../platform/metrics';
import { INTERNAL_SECRET_HEADER } from '../platform/subgraph-server';
import { scopesKey, type Identity } from './identity';

const log = componentLogger('gateway', 'answer-cache');

/** Hits, misses, joined and bypassed lookups, entries and estimated bytes (what /metrics and /readyz report). */
export type AnswerCacheStats = AnswerCacheUsage;

/** Served by the CMDB subgraph beside `/graphql` (subgraphs/cmdb/change-count.ts). */
const CHANGE_COUNT_PATH = '/change-count';

/** A counter read that takes longer than this gives up, and the query goes uncached. */
const CHANGE_COUNT_TIMEOUT_MS = 5000;

/**
 * A parsed JSON answer holds about 1.6 times its text's bytes on V8's heap (measured on a
 * 1,000-item `Impact`: 259 kB of JSON, 422 kB of objects); 2 leaves room for smaller answers'
 * overheads.
 */
const HEAP_BYTES_PER_JSON_BYTE = 2;

/** Reads the CMDB's change counter over HTTP, as the gateway: `graphqlUrl` is the CMDB subgraph's GraphQL URL. */
export function cmdbChangeCounter(graphqlUrl: string, internalSecret: string | null): () => Promise<string> {
  const url = new URL(CHANGE_COUNT_PATH, graphqlUrl).toString();
  const headers: Record<string, string> = internalSecret ? { [INTERNAL_SECRET_HEADER]: internalSecret } : {};
  return async () => {
    const response = await fetch(url, { headers, signal: AbortSignal.timeout(CHANGE_COUNT_TIMEOUT_MS) });
    const body = (await response.json().catch(() => null)) as { changeCount?: unknown; error?: unknown } | null;
    if (!response.ok) throw new Error(`GET ${url} answered HTTP ${response.status}${typeof body?.error === 'string' ? `: ${body.error}` : ''}`);
    if (typeof body?.changeCount !== 'string') throw new Error(`GET ${url} answered no change count`);
    return body.changeCount;
  };
}

/**
 * What of the caller reaches the subgraph, as `forwardToSubgraph` forwards it: the scopes (absent
 * without an identity) and the actor's name. The CMDB reads no actor when it answers a query today;
 * keying by it anyway keeps the cache right whatever a resolver comes to read, at the price of
 * callers with equal scopes not sharing answers.
 */
export function forwardedIdentity(identity: Identity | undefined): [scopes: string | null, actor: string | null] {
  return [identity ? scopesKey(identity) : null, identity?.actor || null];
}

/** What computing an answer gave: the request's own result, and the answer's data when it may be kept. */
export interface Computed<R> {
  result: R;
  /** Present only for a clean answer: its data and its size as JSON text, in bytes (estimated when unknown). */
  keep?: { data: unknown; jsonBytes: number };
}

export interface AnswerCacheOptions {
  /** 0 turns the cache off: every lookup computes. */
  maxBytes: number;
  /** The CMDB's change counter, read once per lookup; throws when it cannot be read. */
  changeCount(): Promise<string>;
}

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const member of Object.values(value)) deepFreeze(member);
}

export class AnswerCache {
  private readonly answers: LRUCache<string, { data: unknown }> | null;
  /** Lookups being computed, by key: each resolves to the data to share, or null when there is none to share. */
  private readonly computing = new Map<string, Promise<unknown>>();
  private readonly counts = { hits: 0, misses: 0, joined: 0, bypassed: 0 };
  /** The counter read lookups that arrive now will share, until it starts. */
  private nextRead: Promise<string> | null = null;
  private counterReads = 0;
  /** Every answer object the cache has kept, and the response bodies of those already serialised once. */
  private readonly kept = new WeakSet<object>();
  private readonly bodies = new WeakMap<object, string>();
  // A CMDB that is down fails every counter read until it returns: say so once in a while.
  private readonly logBypass = rateLimitedErrorLog(log);

  constructor(private readonly options: AnswerCacheOptions) {
    this.answers =
      options.maxBytes > 0
        ? new LRUCache<string, { data: unknown }>({
            maxSize: options.maxBytes,
            // An answer larger than a tenth of the cache would push out everything else for one query.
            maxEntrySize: Math.max(1, Math.floor(options.maxBytes / 10)),
          })
        : null;
  }

  get enabled(): boolean {
    return this.answers !== null;
  }

  /**
   * The answer to `request` (everything it depends on beside the CMDB's state, JSON-serialisable)
   * at the CMDB's current state: `fromCache(data)` when a clean answer computed since the last
   * committed write is kept, else what `compute` gives.
   */
  async get<R>(request: readonly unknown[], compute: () => Promise<Computed<R>>, fromCache: (data: unknown) => R): Promise<R> {
    const answers = this.answers;
    if (!answers) return (await compute()).result;
    let count: string;
    try {
      count = await this.readCount();
    } catch (error) {
      this.counts.bypassed += 1;
      this.logBypass('change count', error, "the CMDB's change counter could not be read; answering without the answer cache");
      return (await compute()).result;
    }
    const key = JSON.stringify([count, ...request]);
    const cached = answers.get(key);
    if (cached) {
      this.counts.hits += 1;
      return fromCache(cached.data);
    }
    const pending = this.computing.get(key);
    if (pending) {
      const shared = await pending;
      if (shared !== null) {
        this.counts.joined += 1;
        return fromCache(shared);
      }
      // The answer in flight was not clean (or failed): this request asks for itself, as it would uncached.
    }
    this.counts.misses += 1;
    const computation = compute();
    const shared = computation.then(
      ({ keep }) => {
        if (!keep) return null;
        deepFreeze(keep.data);
        if (keep.data !== null && typeof keep.data === 'object') this.kept.add(keep.data);
        const size = Math.ceil(keep.jsonBytes * HEAP_BYTES_PER_JSON_BYTE) + key.length;
        answers.set(key, { data: keep.data }, { size });
        return keep.data;
      },
      () => null,
    );
    // Requests that found an unclean answer in flight each compute for themselves; the first of
    // them to get here is the one later arrivals wait for, and each removes only its own entry.
    if (!this.computing.has(key)) {
      this.computing.set(key, shared);
      void shared.then(() => {
        if (this.computing.get(key) === shared) this.computing.delete(key);
      });
    }
    await shared;
    return (await computation).result;
  }

  /**
   * The change counter, read once for every lookup that asks before the read starts: such a read
   * sees every write committed before any of them arrived, as a read of their own would. Under load
   * many lookups reach the executor in one turn of the event loop and share one HTTP exchange.
   */
  private readCount(): Promise<string> {
    if (this.nextRead) return this.nextRead;
    const read = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      // From here on the read is under way: later lookups must not take it.
      this.nextRead = null;
      this.counterReads += 1;
      return this.options.changeCount();
    });
    this.nextRead = read;
    return read;
  }

  /**
   * The response body Apollo Server writes for a result of only `data` (`{"data":…}` and a line
   * end), when `data` is an answer this cache kept: serialised once, then the same string for every
   * hit, so a hit costs no walk over a large answer and no concatenation of one. Undefined for
   * anything else. Kept answers are frozen, so the text cannot go out of date.
   */
  bodyOf(data: unknown): string | undefined {
    if (data === null || typeof data !== 'object' || !this.kept.has(data)) return undefined;
    let body = this.bodies.get(data);
    if (body === undefined) {
      body = `${JSON.stringify({ data })}\n`;
      this.bodies.set(data, body);
    }
    return body;
  }

  stats(): AnswerCacheStats {
    return {
      ...this.counts,
      counterReads: this.counterReads,
      entries: this.answers?.size ?? 0,
      bytes: this.answers?.calculatedSize ?? 0,
      maxBytes: this.options.maxBytes,
    };
  }
}
