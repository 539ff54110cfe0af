/**
 * Ticket events over Server-Sent Events (the graphql-sse protocol) through the real gateway over
 * real HTTP: the same subscription, identity, filters, replay and refusals as over WebSocket.
 */
import { createClient } from 'graphql-sse';
import { graphqlClient } from '../platform/graphql-client';
import { goldenClient, GOLDEN_OPERATIONS, SMALL_TOPOLOGY, startTestHub, type TestHub } from './support/hub';
import { until } from './support/eventually';
import { subscribe as subscribeOverWebSocket, untilSubscribed } from './support/subscriber';

const READ_TOKEN = 'sse-read-token';
const WRITE_TOKEN = 'sse-write-token';
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

interface SseSubscriber {
  events: any[];
  errors: unknown[];
  completed: boolean;
  waitFor(count: number): Promise<any[]>;
  settle(ms: number): Promise<any[]>;
  close(): void;
}

/** One golden `TicketEvents` subscription over graphql-sse's own client (one stream per subscription). */
function subscribeOverSse(gatewayUrl: string, variables: Record<string, unknown>, headers: Record<string, string> = bearer(READ_TOKEN)): SseSubscriber {
  const client = createClient({ url: gatewayUrl, headers, retryAttempts: 0 });
  const subscriber: SseSubscriber = {
    events: [],
    errors: [],
    completed: false,
    async waitFor(count) {
      await until(
        () => {
          if (subscriber.errors.length) throw new Error(`subscription failed: ${JSON.stringify(subscriber.errors)}`);
          return subscriber.events.length >= count;
        },
        { timeoutMs: 15_000, what: `${count} events over SSE`, describe: () => `got ${subscriber.events.length}` },
      );
      return subscriber.events;
    },
    async settle(ms) {
      await new Promise((resolve) => setTimeout(resolve, ms));
      return subscriber.events;
    },
    close: () => {
      stop();
      client.dispose();
    },
  };
  const stop = client.subscribe(
    { query: GOLDEN_OPERATIONS, operationName: 'TicketEvents', variables },
    {
      next: (result) => {
        if (result.errors) subscriber.errors.push(result.errors);
        else subscriber.events.push((result.data as any).ticketEvents);
      },
      error: (error) => subscriber.errors.push(error),
      complete: () => (subscriber.completed = true),
    },
  );
  return subscriber;
}

/** A raw event-stream request, for the answers a client library would hide. */
const streamRequest = (hub: TestHub, body: unknown, headers: Record<string, string>) =>
  fetch(hub.gatewayUrl, { method: 'POST', headers: { accept: 'text/event-stream', 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('ticket events over Server-Sent Events', () => {
  let hub: TestHub;
  let writer: ReturnType<typeof goldenClient>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    hub = await startTestHub({ env: { API_TOKENS: `wall:${READ_TOKEN}:read,ops:${WRITE_TOKEN}:admin` } });
    writer = goldenClient(hub.gatewayUrl, bearer(WRITE_TOKEN));
    await writer.call('ImportTopology', SMALL_TOPOLOGY);
    for (const externalId of ['db-main', 'vm-1']) {
      ids[externalId] = (await writer.call('ItemByExternalId', { externalId })).configurationItemByExternalId.id;
    }
  }, 180_000);
  afterAll(() => hub?.destroy());
  afterEach(() => untilSubscribed(hub, 0));

  const openIncident = (input: Record<string, unknown>) =>
    writer.call('OpenIncident', { input: { title: 'sse test', impact: 'LOW', urgency: 'LOW', ...input } }).then((r) => r.createIncident);

  it('streams the events its filter matches, with fields of both subgraphs, beside a WebSocket subscriber of the same stream', async () => {
    const onDb = subscribeOverSse(hub.gatewayUrl, { filter: { affectedItemIds: [ids['db-main']] } });
    const onVm = subscribeOverSse(hub.gatewayUrl, { filter: { affectedItemIds: [ids['vm-1']] } });
    const overWebSocket = subscribeOverWebSocket(hub.gatewayUrl, { filter: { affectedItemIds: [ids['db-main']] } }, { connectionParams: bearer(READ_TOKEN) });
    await untilSubscribed(hub, 3);

    const incident = await openIncident({ impact: 'HIGH', urgency: 'HIGH', affectedItemIds: [ids['db-main']] });
    await writer.call('Assign', { id: incident.id, group: 'dba', assignee: 'dee' });
    const events = await onDb.waitFor(2);
    expect(events.map((e) => e.kind)).toEqual(['CREATED', 'ASSIGNED']);
    expect(events[0]).toMatchObject({
      ticket: { id: incident.id, number: incident.number, status: 'NEW', priority: 'P1', affectedItems: [{ externalId: 'db-main', name: 'main db', criticality: 'CRITICAL' }] },
    });
    // Both protocols carry the same results, serialized once for the group they share.
    expect(await overWebSocket.waitFor(2)).toEqual(events);
    expect(await onVm.settle(300)).toEqual([]);
    for (const subscriber of [onDb, onVm]) subscriber.close();
    await overWebSocket.close();
  });

  it('replays the events after afterSequence, then continues live', async () => {
    const incident = await openIncident({ assignmentGroup: 'sse replay' });
    await writer.call('Comment', { id: incident.id, body: 'one' });
    await writer.call('Comment', { id: incident.id, body: 'two' });
    const witness = subscribeOverSse(hub.gatewayUrl, { filter: { assignmentGroup: 'sse replay' }, afterSequence: '0' });
    const history = await witness.waitFor(3);
    const replay = subscribeOverSse(hub.gatewayUrl, { filter: { assignmentGroup: 'sse replay' }, afterSequence: history[0].sequence });
    await replay.waitFor(2);
    await writer.call('Comment', { id: incident.id, body: 'live' });
    const all = await witness.waitFor(4);
    const resumed = await replay.waitFor(3);
    expect(resumed.map((e) => e.sequence)).toEqual(all.slice(1).map((e) => e.sequence));
    expect((await replay.settle(300)).length).toBe(3);
    witness.close();
    replay.close();
  });

  it('ends the stream with BAD_USER_INPUT for a malformed afterSequence', async () => {
    const subscriber = subscribeOverSse(hub.gatewayUrl, { afterSequence: 'yesterday' });
    await until(() => subscriber.errors.length > 0 || subscriber.completed, { timeoutMs: 10_000, what: 'the refusal' });
    expect(JSON.stringify(subscriber.errors)).toContain('BAD_USER_INPUT');
    subscriber.close();
  });

  it('asks for a bearer token as the WebSocket endpoint does, and refuses what is not a subscription with 400', async () => {
    const subscription = { query: GOLDEN_OPERATIONS, operationName: 'TicketEvents', variables: {} };
    const anonymous = await streamRequest(hub, subscription, {});
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const wrongToken = await streamRequest(hub, subscription, bearer('not a token'));
    expect(wrongToken.status).toBe(401);

    const query = await streamRequest(hub, { query: '{ tickets { totalCount } }' }, bearer(READ_TOKEN));
    expect(query.status).toBe(400);
    const refusal = (await query.json()) as any;
    expect(refusal.errors[0]).toMatchObject({ message: expect.stringContaining('only subscriptions'), extensions: { code: 'BAD_USER_INPUT' } });

    const invalid = await streamRequest(hub, { query: 'subscription { ticketEvents { nope } }' }, bearer(READ_TOKEN));
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as any).errors[0].extensions.code).toBe('BAD_USER_INPUT');

    const accepted = await streamRequest(hub, subscription, bearer(READ_TOKEN));
    expect(accepted.status).toBe(200);
    expect(accepted.headers.get('content-type')).toContain('text/event-stream');
    await untilSubscribed(hub, 1);
    await accepted.body!.cancel();
  });

  it('leaves ordinary GraphQL requests to the HTTP endpoint', async () => {
    const reader = graphqlClient(hub.gatewayUrl, bearer(READ_TOKEN));
    expect(await reader.call<any>('{ tickets(first: 1) { totalCount } }')).toMatchObject({ tickets: { totalCount: expect.any(Number) } });
  });
});
