/** Delivery groups: one execution per event for every member, each member's own bound, and the close codes. */
import { GraphQLError, type ExecutionResult } from 'graphql';
import { DeliveryGroup, PAYLOAD_FAILED_CLOSE_CODE, SLOW_SUBSCRIBER_CLOSE_CODE } from '../gateway/subscriptions/delivery';
import type { UpstreamEvent } from '../gateway/subscriptions/upstream';
import { upstreamEvent as event } from './support/upstream-events';

/** Records how the group closed it; delivery needs nothing else of a socket. */
function socket() {
  const closes: { code: number; reason: string }[] = [];
  return { closes, close: (code: number, reason: string) => void closes.push({ code, reason }) };
}

function group(options: { limit?: number; execute?: (e: UpstreamEvent) => Promise<ExecutionResult> } = {}) {
  const executed: string[] = [];
  let retired = 0;
  const created = new DeliveryGroup({
    limit: options.limit ?? 10,
    execute: async (e) => {
      executed.push(e.sequence);
      return options.execute ? options.execute(e) : { data: { ticketEvents: { sequence: e.sequence } } };
    },
    onRetired: () => retired++,
  });
  return { group: created, executed, retired: () => retired };
}

const sequenceOf = (result: IteratorResult<ExecutionResult>) => (result.value?.data as any)?.ticketEvents.sequence;
/** Lets the group's executions (promise continuations) run. */
const drain = () => new Promise((resolve) => setImmediate(resolve));

describe('a delivery group', () => {
  it('executes each event once for all its members and hands them the results in sequence order', async () => {
    const { group: g, executed } = group();
    const a = g.join(socket());
    const b = g.join(socket());
    for (const n of [1, 2, 3]) g.next(event(n));
    for (const member of [a, b]) {
      expect([sequenceOf(await member.next()), sequenceOf(await member.next()), sequenceOf(await member.next())]).toEqual(['1', '2', '3']);
    }
    expect(executed).toEqual(['1', '2', '3']);
  });

  it('disconnects a member that stops reading with 4008, naming the last sequence it received, and keeps serving the others', async () => {
    const { group: g } = group({ limit: 2 });
    const slowSocket = socket();
    const fastSocket = socket();
    const slow = g.join(slowSocket);
    const fast = g.join(fastSocket);
    g.next(event(1));
    expect(sequenceOf(await slow.next())).toBe('1');
    expect(sequenceOf(await fast.next())).toBe('1');
    const received: string[] = [];
    for (const n of [2, 3, 4, 5]) {
      g.next(event(n));
      received.push(sequenceOf(await fast.next()));
    }
    expect(received).toEqual(['2', '3', '4', '5']);
    expect(slowSocket.closes).toEqual([{ code: SLOW_SUBSCRIBER_CLOSE_CODE, reason: expect.stringContaining('resume after 1') }]);
    expect(fastSocket.closes).toEqual([]);
    expect(g.size).toBe(1);
  });

  it('disconnects every member with 4009 when an event cannot be resolved', async () => {
    const { group: g } = group({
      execute: async (e) => (e.sequence === '2' ? { data: null, errors: [new GraphQLError('gone')] } : { data: { ticketEvents: { sequence: e.sequence } } }),
    });
    const sockets = [socket(), socket()];
    const members = sockets.map((s) => g.join(s));
    g.next(event(1));
    g.next(event(2));
    for (const member of members) expect(sequenceOf(await member.next())).toBe('1');
    await drain();
    for (const s of sockets) expect(s.closes).toEqual([{ code: PAYLOAD_FAILED_CLOSE_CODE, reason: expect.stringContaining('event 2') }]);
  });

  it("passes an upstream error (a bad afterSequence) to every member's stream", async () => {
    const { group: g } = group();
    const member = g.join(socket());
    g.error(new GraphQLError('afterSequence must be a decimal sequence number', { extensions: { code: 'BAD_USER_INPUT' } }));
    await expect(member.next()).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('leaves its upstream stream, retires and stops executing once its last member leaves', async () => {
    const { group: g, retired } = group();
    let left = 0;
    g.connect({ leave: () => left++, pause: () => undefined, resume: () => undefined });
    const a = g.join(socket());
    const b = g.join(socket());
    const waiting = a.next();
    await a.return!();
    expect(await waiting).toEqual({ value: undefined, done: true });
    expect(left).toBe(0);
    await b.return!();
    expect([left, retired(), g.size]).toEqual([1, 1, 0]);
    await g.done;
  });
});
