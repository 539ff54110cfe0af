/** The one bounded queue of the live-update path: order, its overflow policy, and prompt release. */
import { BoundedQueue, QueueOverflowError, returningPromptly } from '../platform/bounded-queue';

const settledWithin = <T>(promise: Promise<T>) => Promise.race([promise, new Promise<'pending'>((resolve) => setImmediate(() => resolve('pending')))]);

describe('BoundedQueue', () => {
  it('hands values to the consumer in push order, to a waiting read as well as from the buffer', async () => {
    const queue = new BoundedQueue<number>({ limit: 10 });
    const waiting = queue.next();
    queue.push(1);
    queue.push(2);
    queue.push(3);
    expect(await waiting).toEqual({ value: 1, done: false });
    expect(await queue.next()).toEqual({ value: 2, done: false });
    expect(await queue.next()).toEqual({ value: 3, done: false });
    expect(queue.lastDelivered).toBe(3);
  });

  it('on overflow drops what waits, tells the owner at once with the last value read, and fails the next read', async () => {
    const overflows: QueueOverflowError<number>[] = [];
    let closes = 0;
    const queue = new BoundedQueue<number>({ limit: 3, onOverflow: (error) => overflows.push(error), onClose: () => closes++ });
    queue.push(1);
    await queue.next();
    for (const value of [2, 3, 4]) expect(queue.push(value)).toBe(true);
    expect(overflows).toHaveLength(0);

    expect(queue.push(5)).toBe(false);
    expect(overflows).toHaveLength(1);
    expect(overflows[0].lastDelivered).toBe(1);
    expect(overflows[0].limit).toBe(3);
    expect(closes).toBe(1);
    expect(queue.size).toBe(0);
    expect(queue.push(6)).toBe(false);

    await expect(queue.next()).rejects.toBeInstanceOf(QueueOverflowError);
    expect(await queue.next()).toEqual({ value: undefined, done: true });
    expect(overflows).toHaveLength(1);
  });

  it('lets the consumer read what waits after the producer ended, then reports done', async () => {
    const queue = new BoundedQueue<string>({ limit: 5 });
    queue.push('a');
    queue.end();
    expect(queue.push('b')).toBe(false);
    expect(await queue.next()).toEqual({ value: 'a', done: false });
    expect(await queue.next()).toEqual({ value: undefined, done: true });
  });

  it('lets the consumer read what waits after the producer failed, then raises the failure once', async () => {
    const queue = new BoundedQueue<string>({ limit: 5 });
    queue.push('a');
    queue.fail(new Error('upstream closed'));
    expect(await queue.next()).toEqual({ value: 'a', done: false });
    await expect(queue.next()).rejects.toThrow('upstream closed');
    expect(await queue.next()).toEqual({ value: undefined, done: true });
  });

  it('fails a read that is already waiting when the producer fails', async () => {
    const queue = new BoundedQueue<string>({ limit: 5 });
    const waiting = queue.next();
    queue.fail(new Error('gone'));
    await expect(waiting).rejects.toThrow('gone');
  });

  it('lets a consumer that leaves go at once, even while its read waits, and tells the owner once', async () => {
    let closes = 0;
    const queue = new BoundedQueue<number>({ limit: 5, onClose: () => closes++ });
    const waiting = queue.next();
    await queue.return();
    expect(await settledWithin(waiting)).toEqual({ value: undefined, done: true });
    expect(queue.isOpen).toBe(false);
    expect(queue.push(1)).toBe(false);
    await queue.return();
    queue.end();
    expect(closes).toBe(1);
  });

  it('ends a generator that reads the queue at once when its consumer returns, not at the next value', async () => {
    const queue = new BoundedQueue<number>({ limit: 5 });
    let finished = false;
    async function* doubled() {
      try {
        for await (const value of queue) yield value * 2;
      } finally {
        finished = true;
      }
    }
    const stream = returningPromptly(doubled(), queue);
    queue.push(1);
    expect(await stream.next()).toEqual({ value: 2, done: false });
    const pending = stream.next();
    expect(await settledWithin(stream.return!())).toEqual({ value: undefined, done: true });
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(finished).toBe(true);
  });
});
