/**
 * Contract part production, "Input limits": subscriptions per connection (100, the default) and per
 * identity (a low configured limit here, to keep it cheap) through the real gateway, over graphql-ws
 * and SSE. The subscription over a limit is refused with BAD_USER_INPUT naming it, the others go on,
 * and a connection that closes gives its places back. On the embedded stores, and on PostgreSQL
 * when it runs.
 */
import { backendOptions, GOLDEN_OPERATIONS, startTestHub, type Backend, type TestHub } from './support/hub';
import { until } from './support/eventually';
import { postgresSuitesRun } from './support/postgres';
import { connect, untilSubscribed, type Subscriber } from './support/subscriber';

const backends: Backend[] = postgresSuitesRun() ? ['embedded', 'servers'] : ['embedded'];

const PER_IDENTITY = 5;

/** The errors a refused subscription got, as the client saw them. */
const refusal = async (subscriber: Subscriber): Promise<string> => {
  await until(() => subscriber.errors.length > 0 || subscriber.events.length > 0, { timeoutMs: 10_000, what: 'an answer to the subscription' });
  return JSON.stringify(subscriber.errors);
};

describe.each(backends)('subscription limits (%s stores)', (backend) => {
  let hub: TestHub;
  let cleanup: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    const selected = await backendOptions(backend);
    cleanup = selected.cleanup;
    hub = await startTestHub({ ...selected.options, env: { ...selected.options.env, MAX_SUBSCRIPTIONS_PER_IDENTITY: String(PER_IDENTITY) } });
  }, 180_000);
  afterAll(async () => {
    await hub?.destroy();
    await cleanup();
  });
  afterEach(async () => {
    await untilSubscribed(hub, 0);
    await until(() => hub.gateway.subscriptionFlow().identityPlaces === 0, { timeoutMs: 10_000, what: 'every identity place given back' });
  });

  const openIncident = (assignmentGroup: string) =>
    hub.golden('OpenIncident', { input: { title: 'limits', impact: 'LOW', urgency: 'LOW', assignmentGroup } }).then((r) => r.createIncident);

  /** A raw SSE subscription request as `actor`; abort it to end the stream. */
  const sseStream = (actor: string, abort: AbortController) =>
    fetch(hub.gatewayUrl, {
      method: 'POST',
      headers: { accept: 'text/event-stream', 'content-type': 'application/json', 'x-actor': actor },
      body: JSON.stringify({ query: GOLDEN_OPERATIONS, operationName: 'TicketEvents', variables: { filter: { assignmentGroup: 'limits sse' } } }),
      signal: abort.signal,
    });

  it('refuses the 101st subscription on one connection with BAD_USER_INPUT naming the limit, and the first 100 go on', async () => {
    const connection = connect(hub.gatewayUrl);
    const filter = { assignmentGroup: 'per connection' };
    const subscribers = Array.from({ length: 100 }, () => connection.subscribe({ filter }));
    await untilSubscribed(hub, 100);
    const extra = connection.subscribe({ filter });
    const refused = await refusal(extra);
    expect(refused).toContain('BAD_USER_INPUT');
    expect(refused).toContain('limit is 100');
    expect(refused).toContain('MAX_SUBSCRIPTIONS_PER_CONNECTION');

    const incident = await openIncident('per connection');
    for (const subscriber of subscribers) expect((await subscriber.waitFor(1))[0].ticket.id).toBe(incident.id);
    expect(extra.events).toHaveLength(0);

    // A completed subscription gives its place back on the same connection.
    subscribers[0].unsubscribe();
    await until(() => hub.gateway.subscribers === 99, { timeoutMs: 10_000, what: 'the completed subscription ended' });
    const again = connection.subscribe({ filter });
    await untilSubscribed(hub, 100);
    expect(again.errors).toEqual([]);
    await connection.close();
  }, 60_000);

  it('counts the subscriptions of one identity over its connections and SSE streams, and gives them back when a connection closes', async () => {
    const wall = { 'x-actor': 'wall' };
    const first = connect(hub.gatewayUrl, { connectionParams: wall });
    const second = connect(hub.gatewayUrl, { connectionParams: wall });
    const filter = { assignmentGroup: 'per identity' };
    const onFirst = [1, 2, 3].map(() => first.subscribe({ filter }));
    const onSecond = [second.subscribe({ filter })];
    const abort = new AbortController();
    const stream = await sseStream('wall', abort);
    expect(stream.status).toBe(200);
    await untilSubscribed(hub, 5);
    expect(hub.gateway.subscriptionFlow().identityPlaces).toBe(PER_IDENTITY);

    // The sixth, on either protocol, is refused; another identity is not held to wall's count.
    const sixth = second.subscribe({ filter });
    const refused = await refusal(sixth);
    expect(refused).toContain('BAD_USER_INPUT');
    expect(refused).toContain(`limit is ${PER_IDENTITY}`);
    expect(refused).toContain('MAX_SUBSCRIPTIONS_PER_IDENTITY');
    const overSse = await sseStream('wall', new AbortController());
    expect(overSse.status).toBe(400);
    expect(JSON.stringify(await overSse.json())).toContain('MAX_SUBSCRIPTIONS_PER_IDENTITY');
    const other = connect(hub.gatewayUrl, { connectionParams: { 'x-actor': 'someone else' } });
    const others = [other.subscribe({ filter })];
    await untilSubscribed(hub, 6);

    const incident = await openIncident('per identity');
    for (const subscriber of [...onFirst, ...onSecond, ...others]) expect((await subscriber.waitFor(1))[0].ticket.id).toBe(incident.id);

    // The first connection closes: its three places are wall's again.
    await first.close();
    await until(() => hub.gateway.subscriptionFlow().identityPlaces === 3, { timeoutMs: 10_000, what: "the closed connection's places given back" });
    const afterClose = [1, 2, 3].map(() => second.subscribe({ filter }));
    await untilSubscribed(hub, 6);
    for (const subscriber of afterClose) expect(subscriber.errors).toEqual([]);

    abort.abort();
    await Promise.all([second.close(), other.close()]);
  }, 60_000);
});
