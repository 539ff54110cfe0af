/**
 * The one bounded push queue of the live-update path, between a producer that must never wait (an
 * outbox tailer, an upstream event stream) and a consumer that reads at its own pace (a
 * subscriber). Used on both sides: the tickets subgraph's event feed and the gateway.
 *
 * One overflow policy: a push that finds `limit` values waiting cuts the queue off. The waiting
 * values are dropped, `onOverflow` is told at once (a stuck consumer may never read again, so its
 * owner must act now, e.g. close the socket), and the consumer's next read fails with
 * `QueueOverflowError` naming the last value it did receive, so it can resume after that one.
 *
 * `return()` ends the queue at once, even while a read is waiting: a consumer that leaves is let go
 * immediately, not when the next value happens to arrive.
 */

/** The consumer fell more than `limit` values behind; `lastDelivered` is the last value it read. */
export class QueueOverflowError<T> extends Error {
  constructor(
    readonly limit: number,
    readonly lastDelivered: T | undefined,
  ) {
    super(`consumer fell behind by more than ${limit} values`);
  }
}

export interface BoundedQueueOptions<T> {
  /** Values that may wait for the consumer; one more overflows. */
  limit: number;
  /** Called once, synchronously, when a push overflows the queue. */
  onOverflow?: (error: QueueOverflowError<T>) => void;
  /** Called once when the queue stops accepting values, however that happens (end, fail, overflow, the consumer's return). */
  onClose?: () => void;
}

interface Reader<T> {
  resolve(result: IteratorResult<T>): void;
  reject(error: unknown): void;
}

const DONE: IteratorReturnResult<undefined> = { value: undefined, done: true };

export class BoundedQueue<T> implements AsyncIterableIterator<T> {
  private values: T[] = [];
  private readers: Reader<T>[] = [];
  /** Set once the producer is done: after the waiting values, the consumer gets `done` or this error. */
  private ending: { error?: unknown } | null = null;
  private accepting = true;
  private delivered: T | undefined;

  constructor(private readonly options: BoundedQueueOptions<T>) {}

  /** Values waiting for the consumer. */
  get size(): number {
    return this.values.length;
  }

  /** The last value the consumer read. */
  get lastDelivered(): T | undefined {
    return this.delivered;
  }

  /** False once the queue ended, failed, overflowed or its consumer left. */
  get isOpen(): boolean {
    return this.accepting;
  }

  /** Hands `value` to the consumer; false when the queue no longer accepts values (or this push overflowed it). */
  push(value: T): boolean {
    if (!this.accepting) return false;
    const reader = this.readers.shift();
    if (reader) {
      this.delivered = value;
      reader.resolve({ value, done: false });
      return true;
    }
    if (this.values.length >= this.options.limit) {
      const overflow = new QueueOverflowError(this.options.limit, this.delivered);
      this.values = [];
      this.finish({ error: overflow });
      this.options.onOverflow?.(overflow);
      return false;
    }
    this.values.push(value);
    return true;
  }

  /** No more values: the consumer reads what is waiting, then the queue is done. */
  end(): void {
    this.finish({});
  }

  /** No more values: the consumer reads what is waiting, then its next read fails with `error`. */
  fail(error: unknown): void {
    this.finish({ error });
  }

  next(): Promise<IteratorResult<T>> {
    if (this.values.length) {
      const value = this.values.shift()!;
      this.delivered = value;
      return Promise.resolve({ value, done: false });
    }
    if (this.ending) {
      const { error } = this.ending;
      // The error is reported once; later reads see a finished queue.
      this.ending = {};
      return error === undefined ? Promise.resolve(DONE) : Promise.reject(error);
    }
    if (!this.accepting) return Promise.resolve(DONE);
    return new Promise((resolve, reject) => this.readers.push({ resolve, reject }));
  }

  /** The consumer leaves: waiting values are dropped and a pending read resolves as done, now. */
  return(): Promise<IteratorResult<T>> {
    this.values = [];
    this.finish({});
    this.ending = {};
    return Promise.resolve(DONE);
  }

  throw(error: unknown): Promise<IteratorResult<T>> {
    void this.return();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private finish(ending: { error?: unknown }): void {
    if (!this.accepting) return;
    this.accepting = false;
    this.ending = ending;
    // Waiting readers exist only while no value waits, so they get the ending straight away.
    const readers = this.readers;
    this.readers = [];
    for (const reader of readers) {
      if (ending.error === undefined) reader.resolve(DONE);
      else reader.reject(ending.error);
    }
    if (readers.length && ending.error !== undefined) this.ending = {};
    this.options.onClose?.();
  }
}

/**
 * Wraps a generator that reads `queue` so that `return()` ends the queue first. An async
 * generator's own `return()` waits for the read it is suspended in; ending the queue settles that
 * read, so a consumer that leaves while the generator waits for a value is let go at once.
 */
export function returningPromptly<T>(generator: AsyncGenerator<T, void>, queue: Pick<BoundedQueue<unknown>, 'return'>): AsyncIterableIterator<T> {
  return {
    next: () => generator.next(),
    async return() {
      await queue.return();
      return generator.return(undefined);
    },
    async throw(error: unknown) {
      await queue.return();
      return generator.throw(error);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
