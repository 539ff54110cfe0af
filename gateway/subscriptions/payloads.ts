/**
 * Payload executions: an event's ticket, with a subscriber's selection, fetched
 * as an ordinary query through the gateway with the subscriber's identity, so
 * fields of every subgraph resolve as in any query. One execution per
 * (payload query, variables, identity) and event, shared by everyone who asks
 * for it, e.g. subscribers with the same selection and different filters.
 */
import type { GraphQLFormattedError } from 'graphql';
import pRetry from 'p-retry';
import { withRequestId, type Logger } from '../../platform/logger';
import type { Identity } from '../identity';

export interface PayloadResult {
  data?: { ticket?: unknown } | null;
  errors?: readonly GraphQLFormattedError[];
}

/** Runs one query through the gateway as `identity`. */
export type RunQuery = (query: string, variables: Record<string, unknown>, identity: Identity) => Promise<PayloadResult>;

/** A payload missing from an answer, retried as a transient failure. */
class MissingPayload extends Error {
  constructor(readonly result: PayloadResult) {
    super(result.errors?.[0]?.message ?? 'the ticket is missing from the answer');
  }
}

interface Entry {
  holders: number;
  /** The newest events asked for under this key and their executions, oldest first (at most RECENT_PER_KEY). */
  recent: Map<string, Promise<PayloadResult>>;
}

/**
 * Executions kept per key: groups execute a few events at once (delivery.ts), and groups with
 * different filters reach the same event at slightly different times; older ones are never asked again.
 */
const RECENT_PER_KEY = 16;

/**
 * The one cache of the live-update path. It keeps, per key, only the newest
 * few events' executions (groups read events in sequence order), and a key only
 * while some delivery group holds it, so it needs no timers and is empty once
 * every subscriber left.
 */
export class PayloadExecutions {
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Set<Promise<PayloadResult>>();
  private disposed = false;

  constructor(
    private readonly run: RunQuery,
    private readonly log: Logger,
    private readonly retries = 2,
  ) {}

  /** Keys held by some group. */
  get size(): number {
    return this.entries.size;
  }

  /** Executions not yet settled (retries included). */
  get pending(): number {
    return this.inFlight.size;
  }

  /** Keeps `key`'s executions shareable until the returned release is called. */
  hold(key: string): () => void {
    const entry = this.entries.get(key) ?? { holders: 0, recent: new Map() };
    entry.holders++;
    this.entries.set(key, entry);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--entry.holders === 0) this.entries.delete(key);
    };
  }

  /** The payload of event `sequence` under `key` (held), executing it unless someone already did. */
  resultFor(key: string, sequence: string, query: string, variables: Record<string, unknown>, identity: Identity): Promise<PayloadResult> {
    const entry = this.entries.get(key);
    const known = entry?.recent.get(sequence);
    if (known) return known;
    const result = this.execute(sequence, query, variables, identity);
    if (entry) {
      entry.recent.set(sequence, result);
      if (entry.recent.size > RECENT_PER_KEY) entry.recent.delete(entry.recent.keys().next().value!);
    }
    return result;
  }

  /** Lets every execution in flight settle; no retry starts after this. */
  async dispose(): Promise<void> {
    this.disposed = true;
    await Promise.allSettled([...this.inFlight]);
    this.entries.clear();
  }

  /** Runs the query, retrying twice when the payload is missing (a subgraph restarting, a replica behind). */
  private execute(sequence: string, query: string, variables: Record<string, unknown>, identity: Identity): Promise<PayloadResult> {
    // No client request stands behind an event: the subgraphs (and this log) see the event's sequence as the
    // request id, so the lines of one event's payload fetches can be found together.
    const requestId = `event-${sequence}`;
    const execution = withRequestId(requestId, () => pRetry(
      async () => {
        const result = await this.run(query, variables, identity);
        // A ticket nulled because the subscriber may not see a field of it will not come on a retry.
        if (result.data?.ticket || result.errors?.some((error) => error.extensions?.code === 'FORBIDDEN')) return result;
        throw new MissingPayload(result);
      },
      {
        retries: this.retries,
        minTimeout: 100,
        factor: 2,
        randomize: false,
        onFailedAttempt: (error) => {
          if (this.disposed) throw error;
        },
      },
    )
      .catch((error: unknown): PayloadResult => {
        if (error instanceof MissingPayload) return error.result;
        this.log.error({ err: error }, 'an event payload could not be executed');
        return { data: null, errors: [{ message: 'the event payload could not be resolved' }] };
      }))
      .finally(() => this.inFlight.delete(execution));
    this.inFlight.add(execution);
    return execution;
  }
}
