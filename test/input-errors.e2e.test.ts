/**
 * Errors that reach clients (contract part clients.md), through the real gateway over HTTP: a
 * value the API refuses on its way in is BAD_USER_INPUT with the scalar's own message, in the
 * query or in variables, and a page size costs the same however it is written.
 */
import { startTestHub, type TestHub } from './support/hub';

const DATE_MESSAGE = 'DateTime must be an ISO-8601 timestamp with offset';

describe('values and limits the gateway refuses', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startTestHub({ env: { MAX_QUERY_COST: '2000' } });
  }, 120_000);

  afterAll(async () => {
    await hub?.destroy();
  });

  async function post(query: string, variables?: Record<string, unknown>) {
    const response = await fetch(hub.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] } };
  }

  const METRICS = 'query ($from: DateTime!, $to: DateTime!) { ticketMetrics(from: $from, to: $to, interval: DAY) { opened } }';

  it.each([
    ['a date without time or offset in the query', '{ ticketMetrics(from: "2026-01-01", to: "2026-02-01T00:00:00Z", interval: DAY) { opened } }', undefined],
    ["Grafana's epoch milliseconds in the query", '{ ticketMetrics(from: 1767225600000, to: "2026-02-01T00:00:00Z", interval: DAY) { opened } }', undefined],
    ['a word for a date in a filter in the query', '{ tickets(filter: { updatedSince: "yesterday" }) { totalCount } }', undefined],
    ['a date without time or offset in variables', METRICS, { from: '2026-01-01', to: '2026-02-01T00:00:00Z' }],
    ["Grafana's epoch milliseconds in variables", METRICS, { from: 1767225600000, to: 1769904000000 }],
    ['a word for a date inside a filter variable', 'query ($f: TicketFilter) { tickets(filter: $f) { totalCount } }', { f: { updatedSince: 'yesterday' } }],
  ])('refuses %s as BAD_USER_INPUT with the scalar message', async (_label, query, variables) => {
    const { status, body } = await post(query, variables);
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(body.errors?.[0]?.message).toContain(DATE_MESSAGE);
  });

  it('tells a Grafana user how to send the time range', async () => {
    const { body } = await post(METRICS, { from: 1767225600000, to: '2026-02-01T00:00:00Z' });
    expect(body.errors?.[0]?.message).toContain('${__from:date:iso}');
  });

  it('accepts a DateTime with an offset', async () => {
    const { status, body } = await post(METRICS, { from: '2026-01-01T00:00:00+01:00', to: '2026-01-03T00:00:00Z' });
    expect(body.errors).toBeUndefined();
    expect(status).toBe(200);
  });

  it.each([
    ['a literal', '{ tickets(first: 1000) { edges { node { id affectedItems { id } } } } }', undefined],
    ['a variable', 'query ($n: Int) { tickets(first: $n) { edges { node { id affectedItems { id } } } } }', { n: 1000 }],
    ['a variable default', 'query ($n: Int = 1000) { tickets(first: $n) { edges { node { id affectedItems { id } } } } }', {}],
  ])('refuses a page size over the cost limit given as %s, naming the limit, the cost found and the maximum', async (_label, query, variables) => {
    const { status, body } = await post(query, variables);
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'cost', found: 6002, max: 2000 });
    expect(body.errors?.[0]?.message).toMatch(/^operation refused by the cost limit: found 6,002, limit 2,000 \(MAX_QUERY_COST\)/);
  });

  it('answers the same page at a size within the limit, whichever way the size is written', async () => {
    const literal = await post('{ tickets(first: 100) { edges { node { id affectedItems { id } } } } }');
    const variable = await post('query ($n: Int) { tickets(first: $n) { edges { node { id affectedItems { id } } } } }', { n: 100 });
    expect(literal.body.errors).toBeUndefined();
    expect(variable.body).toEqual(literal.body);
  });

  it('refuses a document over the depth limit with the limit, the depth found and the maximum, not "Syntax Error"', async () => {
    const { status, body } = await post(
      '{ configurationItems(first: 1) { edges { node { dependencies { items { item { dependencies { items { item { dependencies { items { item { id } } } } } } } } } } } } }',
    );
    expect(status).toBe(400);
    expect(body.errors?.[0]?.message).toBe('operation refused by the depth limit: found 13, limit 12 (MAX_QUERY_DEPTH)');
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
