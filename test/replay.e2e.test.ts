/**
 * Contract part production, "Replay": `afterSequence` replays every retained matching event, at
 * the pace the client reads, with the hub holding a bounded backlog whatever the replay's size,
 * then continues live with no gap and no duplicate; only a client that stops reading is
 * disconnected (4008). Through the real gateway over graphql-ws and SSE, with a small queue bound
 * (50) and a replay forty times that, on the embedded stores and on PostgreSQL when it runs.
 */
import { createClient as createSseClient } from 'graphql-sse';
import { PAUSE_SLACK } from '../gateway/subscriptions/delivery';
import { matches } from '../subgraphs/tickets/events';
import { backendOptions, startTestHub, type Backend, type TestHub } from './support/hub';
import { until } from './support/eventually';
import { postgresSuitesRun } from './support/postgres';
import { connect } from './support/subscriber';
import { offlineTicketService } from './support/tickets-store-contract';

const backends: Backend[] = postgresSuitesRun() ? ['embedded', 'servers'] : ['embedded'];

const QUEUE_BOUND = 50;
const TICKETS = 20;
const COMMENTS_PER_TICKET = 99;
/** Retained events of the replayed filter: each ticket's creation and its comments. */
const REPLAYED = TICKETS * (1 + COMMENTS_PER_TICKET);
const FILTER = { assignmentGroup: 'replay' };
/** Each event's ticket carries this much, so that a client that stops reading backs up the hub's writes quickly. */
const DESCRIPTION = 'x'.repeat(20_000);

const SMALL = /* GraphQL */ `
  subscription Replay($filter: TicketEventFilter, $afterSequence: String) {
    ticketEvents(filter: $filter, afterSequence: $afterSequence) { sequence kind }
  }
`;
const LARGE = /* GraphQL */ `
  subscription ReplayLarge($filter: TicketEventFilter, $afterSequence: String) {
    ticketEvents(filter: $filter, afterSequence: $afterSequence) { sequence kind ticket { id description } }
  }
`;
const COMMENT = /* GraphQL */ `
  mutation ($id: ID!, $body: String!) { addComment(ticketId: $id, body: $body) { id } }
`;

const NOTHING_HELD = { subscribers: 0, upstreamStreams: 0, deliveryGroups: 0, payloadKeys: 0, payloadsInFlight: 0 };
const NO_FLOW = { replays: 0, paused: 0, connections: 0, replayBacklog: 0, identityPlaces: 0 };

describe.each(backends)('replay at the pace of the client (%s stores)', (backend) => {
  let hub: TestHub;
  let cleanup: () => Promise<void> = async () => undefined;
  let ticketIds: string[] = [];
  /** The sequences of the retained events the filter matches, in order, as the outbox has them. */
  let retained: string[] = [];

  beforeAll(async () => {
    const selected = await backendOptions(backend);
    cleanup = selected.cleanup;
    hub = await startTestHub({
      ...selected.options,
      maxQueuedPerSubscriber: QUEUE_BOUND,
      env: { ...selected.options.env, SUBSCRIBER_STALL_TIMEOUT_MS: '4000' },
    });
    for (let t = 0; t < TICKETS; t++) {
      const { createIncident } = await hub.golden('OpenIncident', {
        input: { title: `replay ${t}`, description: DESCRIPTION, impact: 'LOW', urgency: 'LOW', ...FILTER },
      });
      ticketIds.push(createIncident.id);
    }
    // The comments go in through the tickets service over the hub's own store, a few writers at
    // once (each on its own ticket): what is tested is their replay, not 2,000 trips through the gateway.
    const tickets = offlineTicketService(hub.ticketStore);
    await Promise.all(
      ticketIds.map(async (id) => {
        for (let c = 0; c < COMMENTS_PER_TICKET; c++) await tickets.comment(id, `comment ${c}`, null);
      }),
    );
    retained = await matchingSequences();
    expect(retained).toHaveLength(REPLAYED);
  }, 600_000);
  afterAll(async () => {
    await hub?.destroy();
    await cleanup();
  });
  // Every test leaves nothing behind: no subscriber, stream, group, replay connection or backlog.
  afterEach(async () => {
    await until(
      () =>
        JSON.stringify(hub.gateway.subscriptionResources()) === JSON.stringify(NOTHING_HELD) &&
        JSON.stringify(hub.gateway.subscriptionFlow()) === JSON.stringify(NO_FLOW) &&
        hub.tickets.feed.subscriberCount === 0,
      {
        timeoutMs: 15_000,
        what: 'nothing held for subscribers',
        describe: () => JSON.stringify({ ...hub.gateway.subscriptionResources(), ...hub.gateway.subscriptionFlow(), feed: hub.tickets.feed.subscriberCount }),
      },
    );
  });

  async function matchingSequences(): Promise<string[]> {
    const sequences: string[] = [];
    let after = 0n;
    for (;;) {
      const page = await hub.ticketStore.eventsAfter(after, 500);
      for (const event of page) if (matches(event, FILTER)) sequences.push(event.sequence);
      if (page.length < 500) return sequences;
      after = BigInt(page[page.length - 1].sequence);
    }
  }

  const comment = (body: string) => hub.client.call(COMMENT, { id: ticketIds[0], body });

  it('replays every retained matching event, forty times the queue bound, in order, then continues live', async () => {
    const connection = connect(hub.gatewayUrl);
    const subscriber = connection.subscribe({ filter: FILTER, afterSequence: '0' }, { query: SMALL, operationName: 'Replay' });
    await subscriber.waitFor(REPLAYED, 120_000);
    expect(subscriber.events.map((e) => e.sequence)).toEqual(retained);

    await comment('live after the replay');
    const [live] = (await subscriber.waitFor(REPLAYED + 1)).slice(REPLAYED);
    expect(live.kind).toBe('COMMENTED');
    expect(BigInt(live.sequence)).toBeGreaterThan(BigInt(retained.at(-1)!));
    retained = await matchingSequences();
    expect(subscriber.events.map((e) => e.sequence)).toEqual(retained);
    await connection.close();
  }, 180_000);

  it('holds a bounded backlog for a client that pauses reading, lets its upstream go, and delivers the whole replay once it reads again', async () => {
    const connection = connect(hub.gatewayUrl);
    const subscriber = connection.subscribe({ filter: FILTER, afterSequence: '0' }, { query: LARGE, operationName: 'ReplayLarge' });
    await subscriber.waitFor(1, 60_000);
    await connection.pause();
    // The client's socket backs up, the replay pauses, and its connection to the tickets subgraph
    // is let go while the client still reads nothing; the backlog stays within its bound throughout.
    let largestBacklog = 0;
    await until(
      () => {
        const flow = hub.gateway.subscriptionFlow();
        largestBacklog = Math.max(largestBacklog, flow.replayBacklog);
        return flow.paused === 1 && flow.connections === 0;
      },
      { timeoutMs: 60_000, what: 'the replay paused and its upstream connection let go', describe: () => JSON.stringify(hub.gateway.subscriptionFlow()) },
    );
    expect(largestBacklog).toBeLessThanOrEqual(QUEUE_BOUND + PAUSE_SLACK);
    // Nothing is held for it at the tickets subgraph either: a replay reads the outbox when asked.
    await until(() => hub.tickets.feed.subscriberCount === 0, { timeoutMs: 10_000, what: 'the feed let the paused replay go' });
    const received = subscriber.events.length;
    expect(received).toBeLessThan(REPLAYED);

    connection.resume();
    await subscriber.waitFor(retained.length, 120_000);
    expect(subscriber.events.map((e) => e.sequence)).toEqual(retained);
    expect(subscriber.events.every((e) => e.ticket.description === DESCRIPTION)).toBe(true);
    await connection.close();
  }, 240_000);

  it('disconnects a client that stops reading with 4008, naming the last event it was sent', async () => {
    const connection = connect(hub.gatewayUrl);
    const subscriber = connection.subscribe({ filter: FILTER, afterSequence: '0' }, { query: LARGE, operationName: 'ReplayLarge' });
    await subscriber.waitFor(1, 60_000);
    await connection.pause();
    // Its subscription ends at the hub while the client still reads nothing.
    await until(() => hub.gateway.subscribers === 0, { timeoutMs: 60_000, what: 'the stalled subscriber disconnected' });
    connection.resume();
    const { code, reason } = await connection.closeCode;
    expect(code).toBe(4008);
    const named = /resume after (\d+)/.exec(reason)?.[1];
    expect(named).toBeDefined();
    // Everything up to the named event reached the client, in order: resuming after it leaves no gap.
    const sequences = subscriber.events.map((e) => e.sequence);
    expect(sequences).toContain(named);
    expect(sequences).toEqual(retained.slice(0, sequences.length));
  }, 120_000);

  it('replays over SSE at the pace of the stream too', async () => {
    const client = createSseClient({ url: hub.gatewayUrl, retryAttempts: 0 });
    const events: any[] = [];
    const errors: unknown[] = [];
    const stop = client.subscribe(
      { query: SMALL, operationName: 'Replay', variables: { filter: FILTER, afterSequence: '0' } },
      { next: (result) => (result.errors ? errors.push(result.errors) : events.push((result.data as any).ticketEvents)), error: (e) => errors.push(e), complete: () => undefined },
    );
    await until(
      () => {
        if (errors.length) throw new Error(JSON.stringify(errors));
        return events.length >= retained.length;
      },
      { timeoutMs: 120_000, what: 'the whole replay over SSE', describe: () => `got ${events.length}` },
    );
    expect(events.map((e) => e.sequence)).toEqual(retained);
    stop();
    client.dispose();
  }, 180_000);

  // On the embedded stores the hub, its PGlite and this test share one thread: three backed-up replays
  // with large payloads kept it busy long enough in CI (two suites at once on two cores) for the
  // tickets event stream's connection to be reset, which ends the 97 live subscriptions with
  // SERVICE_UNAVAILABLE before the count is read. Where PostgreSQL runs, this case runs there only.
  const heavyCase = backend === 'servers' || !backends.includes('servers') ? it : it.skip;
  heavyCase('gives everything back when a connection with 100 subscriptions, replays among them backed up, closes', async () => {
    const connection = connect(hub.gatewayUrl, { connectionParams: { 'x-actor': 'wall' } });
    // Three replays whose events back up quickly (large payloads), beside 97 live subscriptions; few
    // replays, since the embedded store shares this process's one thread with everything else.
    const replays = Array.from({ length: 3 }, () =>
      connection.subscribe({ filter: FILTER, afterSequence: '0' }, { query: LARGE, operationName: 'ReplayLarge' }),
    );
    const live = Array.from({ length: 97 }, () => connection.subscribe({ filter: FILTER }, { query: SMALL, operationName: 'Replay' }));
    await until(() => hub.gateway.subscribers === 100, { timeoutMs: 60_000, what: '100 subscriptions' });
    await replays[0].waitFor(1, 60_000);
    await connection.pause();
    await until(() => hub.gateway.subscriptionFlow().paused > 0, {
      timeoutMs: 60_000,
      what: 'replays paused for the client',
      describe: () => JSON.stringify(hub.gateway.subscriptionFlow()),
    });
    const flow = hub.gateway.subscriptionFlow();
    expect(flow).toMatchObject({ replays: 3, identityPlaces: 100 });
    expect(flow.replayBacklog).toBeLessThanOrEqual(3 * (QUEUE_BOUND + PAUSE_SLACK));
    expect(hub.gateway.subscribers).toBe(100);
    expect([...replays, ...live].every((s) => s.errors.length === 0)).toBe(true);
    await connection.close();
    // afterEach: nothing left at the gateway (subscribers, streams, groups, replay connections,
    // backlog, identity places) or at the tickets subgraph's feed.
  }, 180_000);
});
