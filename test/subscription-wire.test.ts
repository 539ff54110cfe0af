/**
 * Delivery written straight to subscribers' connections: one execution and one serialization per
 * event for the whole group, the protocol's envelope per subscriber, the writes not yet flushed as
 * each subscriber's bound, and the stream graphql-ws and graphql-sse see ending as the group does.
 */
import { GraphQLError, type ExecutionResult } from 'graphql';
import { DeliveryGroup, deliveryTimings, PIPELINE_DEPTH, SLOW_SUBSCRIBER_CLOSE_CODE, type SubscriberWire } from '../gateway/subscriptions/delivery';
import { upstreamEvent as event } from './support/upstream-events';

/** A connection that records what was written; `flush` completes the oldest writes, as a socket does. */
function wire(id: string, options: { autoFlush?: boolean } = {}) {
  const written: string[] = [];
  const closes: { code: number; reason: string }[] = [];
  const pending: ((error?: Error | null) => void)[] = [];
  const connection: SubscriberWire & { written: string[]; closes: typeof closes; flush(count?: number): void } = {
    prefix: `{"id":${JSON.stringify(id)},"type":"next","payload":`,
    suffix: '}',
    written,
    closes,
    write(text, flushed) {
      written.push(text);
      if (options.autoFlush ?? true) flushed();
      else pending.push(flushed);
    },
    close: (code, reason) => void closes.push({ code, reason }),
    flush(count = pending.length) {
      for (const flushed of pending.splice(0, count)) flushed();
    },
  };
  return connection;
}

function group(limit = 10) {
  const executed: string[] = [];
  const created = new DeliveryGroup({
    limit,
    execute: async (e): Promise<ExecutionResult> => {
      executed.push(e.sequence);
      return { data: { ticketEvents: { sequence: e.sequence, note: 'ü "quoted"' } } };
    },
    onRetired: () => undefined,
  });
  return { group: created, executed };
}

/** Lets the group's executions (promise continuations) run. */
const drain = async () => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe('delivery written to the connection', () => {
  it('executes and serializes each event once for the whole group, and writes each subscriber its own envelope', async () => {
    const { group: g, executed } = group();
    const wires = ['1', '7', 'a"b'].map((id) => wire(id));
    for (const w of wires) g.attach(w);
    const before = { ...deliveryTimings };
    for (const n of [1, 2]) g.next(event(n));
    await drain();
    expect(executed).toEqual(['1', '2']);
    expect(deliveryTimings.serializations - before.serializations).toBe(2);
    expect(deliveryTimings.executions - before.executions).toBe(2);
    for (const [i, id] of ['1', '7', 'a"b'].entries()) {
      // Exactly what graphql-ws would send: a valid `next` message with the subscriber's id and the result.
      expect(wires[i].written.map((text) => JSON.parse(text))).toEqual(
        ['1', '2'].map((sequence) => ({ id, type: 'next', payload: { data: { ticketEvents: { sequence, note: 'ü "quoted"' } } } })),
      );
    }
  });

  it('disconnects a subscriber whose writes stop flushing with 4008, naming the last flushed event, and keeps writing to the others', async () => {
    const { group: g } = group(2);
    const stuck = wire('s', { autoFlush: false });
    const fine = wire('f');
    const stuckStream = g.attach(stuck);
    g.attach(fine);
    g.next(event(1));
    await drain();
    stuck.flush();
    for (const n of [2, 3, 4, 5]) {
      g.next(event(n));
      await drain();
    }
    // Two unflushed writes are its bound; the third event found it full.
    expect(stuck.written).toHaveLength(3);
    expect(stuck.closes).toEqual([{ code: SLOW_SUBSCRIBER_CLOSE_CODE, reason: expect.stringContaining('resume after 1') }]);
    expect(fine.written.map((text) => JSON.parse(text).payload.data.ticketEvents.sequence)).toEqual(['1', '2', '3', '4', '5']);
    expect(fine.closes).toEqual([]);
    expect(g.size).toBe(1);
    await expect(stuckStream.next()).rejects.toThrow(/fell behind/);
  });

  it('ends the stream it gives the protocol when the group ends, and fails it with an upstream error', async () => {
    const ending = group();
    const ended = ending.group.attach(wire('1'));
    ending.group.next(event(1));
    ending.group.complete();
    expect(await ended.next()).toEqual({ value: undefined, done: true });

    const failing = group();
    const failed = failing.group.attach(wire('1'));
    failing.group.error(new GraphQLError('afterSequence must be a decimal sequence number', { extensions: { code: 'BAD_USER_INPUT' } }));
    await expect(failed.next()).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('executes a burst of events side by side and still writes them in sequence order', async () => {
    const started: string[] = [];
    const finish = new Map<string, () => void>();
    const g = new DeliveryGroup({
      limit: 10,
      execute: (e) => {
        started.push(e.sequence);
        return new Promise<ExecutionResult>((resolve) => finish.set(e.sequence, () => resolve({ data: { ticketEvents: { sequence: e.sequence } } })));
      },
      onRetired: () => undefined,
    });
    const w = wire('1');
    g.attach(w);
    for (const n of [1, 2, 3]) g.next(event(n));
    await drain();
    // All three run at once: the second and third do not wait for the first's payload.
    expect(started).toEqual(['1', '2', '3']);
    finish.get('3')!();
    finish.get('2')!();
    await drain();
    expect(w.written).toEqual([]);
    finish.get('1')!();
    await drain();
    expect(w.written.map((text) => JSON.parse(text).payload.data.ticketEvents.sequence)).toEqual(['1', '2', '3']);
  });

  it("writes a large group's event a hundred subscribers at a time, letting the process's other work in between, in order", async () => {
    const { group: g } = group();
    /** Writes and other work in the order they happened. */
    const log: string[] = [];
    const wires = Array.from({ length: 250 }, (_, i) => {
      const w = wire(String(i));
      const write = w.write.bind(w);
      w.write = (text, flushed) => {
        // Work that arrives while the first write happens, as an incoming request's callback would.
        if (log.length === 0) setImmediate(() => log.push('other work'));
        log.push(`write ${i}`);
        write(text, flushed);
      };
      g.attach(w);
      return w;
    });
    g.next(event(1));
    g.next(event(2));
    for (let i = 0; i < 20 && log.filter((entry) => entry.startsWith('write')).length < 500; i++) await drain();
    expect(log.indexOf('other work')).toBe(100);
    // Every subscriber gets both events, the first before the second.
    for (const w of wires) expect(w.written.map((text) => JSON.parse(text).payload.data.ticketEvents.sequence)).toEqual(['1', '2']);
    const writes = log.filter((entry) => entry !== 'other work');
    expect(writes.slice(0, 250)).toEqual(wires.map((_, i) => `write ${i}`));
  });

  it('takes no more events from its queue than PIPELINE_DEPTH ahead of the last one written, while writes take several turns', async () => {
    const { group: g, executed } = group(100);
    const wires = Array.from({ length: 250 }, (_, i) => wire(String(i)));
    for (const w of wires) g.attach(w);
    const events = 40;
    for (let n = 1; n <= events; n++) g.next(event(n));
    const writtenToAll = () => Math.min(...wires.map((w) => w.written.length));
    let mostAhead = 0;
    for (let turn = 0; turn < 1000 && writtenToAll() < events; turn++) {
      await new Promise((resolve) => setImmediate(resolve));
      mostAhead = Math.max(mostAhead, executed.length - writtenToAll());
    }
    expect(writtenToAll()).toBe(events);
    expect(mostAhead).toBeGreaterThan(1);
    expect(mostAhead).toBeLessThanOrEqual(PIPELINE_DEPTH);
  });

  it('stops writing to a subscriber as soon as its stream is ended, and leaves the group', async () => {
    const { group: g } = group();
    const leaving = wire('1');
    const staying = wire('2');
    const stream = g.attach(leaving);
    g.attach(staying);
    const waiting = stream.next();
    await stream.return!();
    expect(await waiting).toEqual({ value: undefined, done: true });
    g.next(event(1));
    await drain();
    expect(leaving.written).toEqual([]);
    expect(staying.written).toHaveLength(1);
    expect(g.size).toBe(1);
  });
});
