/**
 * Live ticket events through the gateway over real WebSockets: filters,
 * payloads that reach into the CMDB, ordering, replay after a disconnect, and
 * no event for a write that did not commit.
 */
import { rmSync } from 'node:fs';
import { SMALL_TOPOLOGY, startTestHub, type TestHub } from './support/hub';
import { EventFeed, SlowSubscriberError } from '../subgraphs/tickets/events';
import { until } from './support/eventually';
import { subscribe, untilSubscribed } from './support/subscriber';

const NOTHING_HELD = { subscribers: 0, upstreamStreams: 0, deliveryGroups: 0, payloadKeys: 0, payloadsInFlight: 0 };

/** Waits until the gateway holds nothing for subscribers (streams, groups, payload keys settle after the last one leaves). */
const untilNothingHeld = (hub: TestHub) =>
  until(() => JSON.stringify(hub.gateway.subscriptionResources()) === JSON.stringify(NOTHING_HELD), {
    timeoutMs: 10_000,
    describe: () => `still held: ${JSON.stringify(hub.gateway.subscriptionResources())}`,
  });

describe('ticket events through the gateway', () => {
  let hub: TestHub;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    hub = await startTestHub();
    await hub.golden('ImportTopology', SMALL_TOPOLOGY);
    for (const externalId of ['app-api', 'db-main', 'vm-1']) {
      ids[externalId] = (await hub.golden('ItemByExternalId', { externalId })).configurationItemByExternalId.id;
    }
    // Starting the hub takes a while on a machine busy with other suites.
  }, 180_000);
  afterAll(() => hub?.destroy());
  // Every test starts with no subscription left over from the one before, and nothing held for one.
  afterEach(async () => {
    await untilSubscribed(hub, 0);
    await untilNothingHeld(hub);
  });

  const openIncident = (input: Record<string, unknown>) =>
    hub.golden('OpenIncident', { input: { title: 'event test', impact: 'LOW', urgency: 'LOW', ...input } }).then((r) => r.createIncident);

  it('streams a committed creation with fields of both subgraphs in the payload', async () => {
    const subscriber = subscribe(hub.gatewayUrl, { filter: { affectedItemIds: [ids['db-main']] } });
    await untilSubscribed(hub, 1);
    const incident = await openIncident({ impact: 'HIGH', urgency: 'HIGH', affectedItemIds: [ids['db-main']] });
    const [event] = await subscriber.waitFor(1);
    expect(event).toMatchObject({
      kind: 'CREATED',
      ticket: { id: incident.id, number: incident.number, status: 'NEW', priority: 'P1', affectedItems: [{ externalId: 'db-main', name: 'main db', criticality: 'CRITICAL' }] },
    });
    expect(event.sequence).toMatch(/^\d+$/);
    expect(event.changedFields).toContain('status');
    await subscriber.close();
  });

  it('delivers to each subscriber only the events its filter matches', async () => {
    const byKind = subscribe(hub.gatewayUrl, { filter: { kinds: ['ASSIGNED'] } });
    const byPriority = subscribe(hub.gatewayUrl, { filter: { priorities: ['P1'] } });
    const byGroup = subscribe(hub.gatewayUrl, { filter: { assignmentGroup: 'dba' } });
    const byItem = subscribe(hub.gatewayUrl, { filter: { affectedItemIds: [ids['vm-1']], types: ['INCIDENT'] } });
    const byType = subscribe(hub.gatewayUrl, { filter: { types: ['CHANGE'] } });
    await untilSubscribed(hub, 5);

    const p1 = await openIncident({ impact: 'HIGH', urgency: 'HIGH' });
    const onVm = await openIncident({ affectedItemIds: [ids['vm-1']] });
    await hub.golden('Assign', { id: onVm.id, group: 'dba', assignee: 'dee' });
    const change = (await hub.golden('OpenChange', { input: { title: 'c', changeType: 'NORMAL', impact: 'LOW', urgency: 'LOW', affectedItemIds: [ids['vm-1']] } })).createChangeRequest;

    expect((await byKind.waitFor(1)).map((e) => [e.kind, e.ticket.id])).toEqual([['ASSIGNED', onVm.id]]);
    expect((await byPriority.waitFor(1)).map((e) => e.ticket.id)).toEqual([p1.id]);
    expect((await byGroup.waitFor(1)).map((e) => e.kind)).toEqual(['ASSIGNED']);
    expect((await byItem.waitFor(2)).map((e) => [e.kind, e.ticket.id])).toEqual([['CREATED', onVm.id], ['ASSIGNED', onVm.id]]);
    expect((await byType.waitFor(1)).map((e) => e.ticket.id)).toEqual([change.id]);
    for (const s of [byKind, byPriority, byGroup, byItem, byType]) {
      await s.settle(300);
      await s.close();
    }
    expect(byKind.events).toHaveLength(1);
    expect(byPriority.events).toHaveLength(1);
    expect(byType.events).toHaveLength(1);
  });

  it('delivers events in strictly increasing sequence order, each once', async () => {
    const subscriber = subscribe(hub.gatewayUrl, { filter: { assignmentGroup: 'ordering' } });
    await untilSubscribed(hub, 1);
    const incident = await openIncident({ assignmentGroup: 'ordering' });
    await Promise.all(Array.from({ length: 15 }, (_, i) => hub.golden('Comment', { id: incident.id, body: `note ${i}` })));
    const events = await subscriber.waitFor(16);
    const sequences = events.map((e) => BigInt(e.sequence));
    for (let i = 1; i < sequences.length; i++) expect(sequences[i] > sequences[i - 1]).toBe(true);
    expect(events.filter((e) => e.kind === 'COMMENTED')).toHaveLength(15);
    await subscriber.settle(200);
    expect(subscriber.events).toHaveLength(16);
    await subscriber.close();
  });

  it('replays what was missed after a disconnect, then continues live, with no gap and no duplicate', async () => {
    const filter = { assignmentGroup: 'replay' };
    const witness = subscribe(hub.gatewayUrl, { filter });
    const first = subscribe(hub.gatewayUrl, { filter });
    await untilSubscribed(hub, 2);
    const incident = await openIncident({ assignmentGroup: 'replay' });
    await hub.golden('Comment', { id: incident.id, body: 'one' });
    const seen = await first.waitFor(2);
    await first.close();

    // Events keep committing while the subscriber is away and while it comes back.
    const writer = (async () => {
      for (let i = 0; i < 12; i++) await hub.golden('Comment', { id: incident.id, body: `while away ${i}` });
    })();
    // Come back once some of them have committed (the witness has heard them), while the rest still do.
    await witness.waitFor(seen.length + 2);
    const second = subscribe(hub.gatewayUrl, { filter, afterSequence: seen.at(-1).sequence });
    await writer;
    await hub.golden('Comment', { id: incident.id, body: 'after' });

    const all = await witness.waitFor(15);
    await second.waitFor(13);
    await second.settle(300);
    expect([...seen, ...second.events].map((e) => e.sequence)).toEqual(all.map((e) => e.sequence));
    await witness.close();
    await second.close();
  });

  it('emits nothing for a write that was refused or rolled back', async () => {
    const incident = await openIncident({ assignmentGroup: 'rollback' });
    const subscriber = subscribe(hub.gatewayUrl, { filter: { assignmentGroup: 'rollback' } });
    await untilSubscribed(hub, 1);
    const stale = await hub.goldenRaw('Transition', { id: incident.id, to: 'IN_PROGRESS', expectedVersion: 99 });
    expect(stale.errors?.[0].extensions?.code).toBe('CONFLICT');
    const illegal = await hub.goldenRaw('Transition', { id: incident.id, to: 'CLOSED' });
    expect(illegal.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    await hub.golden('Transition', { id: incident.id, to: 'IN_PROGRESS' });
    const [event] = await subscriber.waitFor(1);
    expect(event).toMatchObject({ kind: 'STATUS_CHANGED', ticket: { status: 'IN_PROGRESS' } });
    expect(await subscriber.settle(300)).toHaveLength(1);
    await subscriber.close();
  });

  it('refuses a malformed afterSequence with BAD_USER_INPUT', async () => {
    const subscriber = subscribe(hub.gatewayUrl, { afterSequence: 'yesterday' });
    await subscriber.settle(500);
    expect(JSON.stringify(subscriber.errors)).toContain('BAD_USER_INPUT');
    await subscriber.close();
  });

  it('gives live subscribers with the same filter and selection one upstream stream and one delivery group', async () => {
    const filter = { assignmentGroup: 'shared' };
    const subscribers = [1, 2, 3].map(() => subscribe(hub.gatewayUrl, { filter }));
    const other = subscribe(hub.gatewayUrl, { filter: { assignmentGroup: 'not shared' } });
    await untilSubscribed(hub, 4);
    expect(hub.gateway.subscriptionResources()).toMatchObject({ subscribers: 4, upstreamStreams: 2, deliveryGroups: 2 });
    const incident = await openIncident({ assignmentGroup: 'shared' });
    for (const subscriber of subscribers) expect((await subscriber.waitFor(1))[0].ticket.id).toBe(incident.id);
    for (const subscriber of [...subscribers, other]) await subscriber.close();
  });

  it("reports the event feed's lag in the tickets subgraph's readiness", async () => {
    await openIncident({ assignmentGroup: 'lag' });
    await until(async () => {
      const report = (await (await fetch(new URL('/readyz', hub.ticketsUrl))).json()) as any;
      const lag = report.details?.['ticket event feed'];
      return report.checks['ticket event feed'] === 'ok' && lag?.events === 0 && lag.newestDelivered === lag.newestCommitted && lag.msSinceLastPoll >= 0;
    }, { timeoutMs: 10_000, what: 'a caught-up feed in /readyz' });
  });

  it("cuts off a feed subscriber that stops reading, naming the last event it received, and frees its place", async () => {
    const feed = new EventFeed(hub.ticketStore, { maxQueuedPerSubscriber: 2, pollIntervalMs: 100, retentionHours: 24 });
    await feed.start();
    try {
      const events = feed.subscribe({ assignmentGroup: 'feed overflow' }, null);
      const first = events.next();
      const incident = await openIncident({ assignmentGroup: 'feed overflow' });
      const received = (await first).value;
      for (let i = 0; i < 3; i++) await hub.golden('Comment', { id: incident.id, body: `unread ${i}` });
      await until(() => feed.subscriberCount === 0, { timeoutMs: 10_000, what: 'the overflow' });
      const failure = await events.next().catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(SlowSubscriberError);
      expect((failure as SlowSubscriberError).lastDelivered).toBe(BigInt(received.sequence));
    } finally {
      await feed.stop();
    }
    expect(feed.timerCount).toBe(0);
  });

  it("reads a live event's ticket once for every stream that delivers it, and again for the next event", async () => {
    const feed = new EventFeed(hub.ticketStore);
    await feed.start();
    try {
      // As a gateway that subscribes once per client would: three streams with the same filter.
      const streams = [0, 1, 2].map(() => feed.subscribe({ assignmentGroup: 'shared read' }, null));
      const firsts = streams.map((stream) => stream.next());
      const incident = await openIncident({ assignmentGroup: 'shared read' });
      const events = (await Promise.all(firsts)).map((result) => result.value);
      const tickets = await Promise.all(events.map((event) => feed.ticketOf(event)));
      expect(tickets[0]).toMatchObject({ id: incident.id, assignmentGroup: 'shared read' });
      expect(tickets[1]).toBe(tickets[0]);
      expect(tickets[2]).toBe(tickets[0]);

      // The next event reads the ticket as it is then, not the first event's copy.
      const seconds = streams.map((stream) => stream.next());
      await hub.golden('Assign', { id: incident.id, group: 'shared read', assignee: 'second read' });
      const next = (await Promise.all(seconds)).map((result) => result.value);
      const again = await Promise.all(next.map((event) => feed.ticketOf(event)));
      expect(again[0]).not.toBe(tickets[0]);
      expect(again[0]).toMatchObject({ id: incident.id, assignee: 'second read' });
      expect(again[2]).toBe(again[0]);
      await Promise.all(streams.map((stream) => stream.return!()));
    } finally {
      await feed.stop();
    }
  });

  it('lets a feed subscriber that leaves while it waits for an event go at once', async () => {
    const feed = new EventFeed(hub.ticketStore);
    await feed.start();
    try {
      const events = feed.subscribe({}, null);
      const waiting = events.next();
      expect(feed.subscriberCount).toBe(1);
      await events.return!();
      expect(await waiting).toEqual({ value: undefined, done: true });
      expect(feed.subscriberCount).toBe(0);
    } finally {
      await feed.stop();
    }
  });

  it('serves only subscriptions over WebSocket', async () => {
    const subscriber = subscribe(hub.gatewayUrl, {}, { query: '{ tickets { totalCount } }' });
    await subscriber.settle(300);
    expect(JSON.stringify(subscriber.errors)).toContain('only subscriptions');
    await subscriber.close();
  });
});

describe('stopping the hub with subscribers connected', () => {
  it('ends every subscription and leaves no stream, group, payload, feed subscriber or timer behind', async () => {
    const hub = await startTestHub();
    let stopped = false;
    try {
      const live = subscribe(hub.gatewayUrl, { filter: { assignmentGroup: 'stop' } });
      await untilSubscribed(hub, 1);
      const incident = await hub
        .golden('OpenIncident', { input: { title: 'before stop', impact: 'LOW', urgency: 'LOW', assignmentGroup: 'stop' } })
        .then((r) => r.createIncident);
      const [first] = await live.waitFor(1);
      expect(first.ticket.id).toBe(incident.id);
      const replay = subscribe(hub.gatewayUrl, { filter: { assignmentGroup: 'stop' }, afterSequence: '0' });
      await replay.waitFor(1);
      expect(hub.gateway.subscriptionResources()).toMatchObject({ subscribers: 2, upstreamStreams: 2 });
      expect(hub.tickets.feed.timerCount).toBe(2);

      await hub.stop();
      stopped = true;
      expect(hub.gateway.subscriptionResources()).toEqual(NOTHING_HELD);
      expect(hub.tickets.feed.subscriberCount).toBe(0);
      expect(hub.tickets.feed.timerCount).toBe(0);
      expect((await live.closeCode).code).toBe(1001);
      await Promise.all([live.close(), replay.close()]);
    } finally {
      if (stopped) rmSync(hub.dataDir, { recursive: true, force: true });
      else await hub.destroy();
    }
  }, 180_000);
});
