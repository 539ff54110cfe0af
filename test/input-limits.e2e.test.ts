/**
 * The contract's input limits (production.md) through the real gateway over HTTP: each breach is
 * refused with HTTP 400 and BAD_USER_INPUT naming the argument or field, the size found and the
 * limit, before any work, and nothing is written. Values at the limits still work.
 */
import { until } from './support/eventually';
import { SMALL_TOPOLOGY, startTestHub, type TestHub } from './support/hub';
import { subscribe } from './support/subscriber';

interface Answer {
  status: number;
  body: { data?: any; errors?: { message: string; extensions?: Record<string, any> }[] };
}

describe('input limits at the gateway', () => {
  let hub: TestHub;
  let itemId: string;

  beforeAll(async () => {
    hub = await startTestHub();
    await hub.golden('ImportTopology', SMALL_TOPOLOGY);
    itemId = (await hub.golden('ItemByExternalId', { externalId: 'vm-1' })).configurationItemByExternalId.id;
  }, 240_000);

  afterAll(async () => {
    await hub?.destroy();
  });

  /** `variables` as an object, or as JSON text for values too deep for this process's JSON.stringify. */
  async function post(query: string, variables?: Record<string, unknown> | string): Promise<Answer> {
    const response = await fetch(hub.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // JSON.stringify writes a lone surrogate as a \ud800 escape, as a hostile client would send it.
      body: typeof variables === 'string' ? `{"query":${JSON.stringify(query)},"variables":${variables}}` : JSON.stringify({ query, variables }),
    });
    return { status: response.status, body: (await response.json()) as Answer['body'] };
  }

  function expectRefused(answer: Answer, named: RegExp) {
    expect(answer.status).toBe(400);
    expect(answer.body.data ?? null).toBeNull();
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(answer.body.errors?.[0]?.message).toMatch(named);
  }

  const ticketCount = async () => (await hub.golden('ExtractTickets', {})).tickets.totalCount as number;
  const CREATE = 'mutation ($input: CreateIncidentInput!) { createIncident(input: $input) { id title } }';
  const incident = (extra: Record<string, unknown>) => ({ input: { title: 'limits', impact: 'LOW', urgency: 'LOW', affectedItemIds: [], ...extra } });

  it('refuses a subscription whose filter lists more than 1,000 ids, and serves one at the limit', async () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `id-${i}`);
    const over = subscribe(hub.gatewayUrl, { filter: { affectedItemIds: ids(1001) } });
    // Replayed from the start, so the event counts whenever the subscription is registered.
    const atLimit = subscribe(hub.gatewayUrl, { filter: { affectedItemIds: [...ids(999), itemId] }, afterSequence: '0' });
    try {
      await until(() => over.errors.length > 0, { timeoutMs: 15_000, what: 'the refusal' });
      const [refusal] = over.errors as { message: string; extensions?: { code?: string } }[][];
      expect(refusal[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(refusal[0].message).toMatch(/affectedItemIds.*1001.*1000|1,001.*1,000/);
      await hub.client.call(CREATE, incident({ title: 'seen at the limit', affectedItemIds: [itemId] }));
      const [event] = await atLimit.waitFor(1);
      expect(event.kind).toBe('CREATED');
      expect(event.ticket.affectedItems.map((item: { externalId: string }) => item.externalId)).toEqual(['vm-1']);
    } finally {
      await over.close();
      await atLimit.close();
    }
  });

  it('accepts values at the limits', async () => {
    const before = await ticketCount();
    const title = 'T'.repeat(499) + '😀';
    const answer = await post(CREATE, incident({ title, description: 'd'.repeat(100_000) }));
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.createIncident.title).toBe(title);
    expect(await ticketCount()).toBe(before + 1);
  });

  it.each([
    ['a title of 501 characters', { title: 'x'.repeat(501) }, /createIncident: input\.title is 501 characters long, limit 500/],
    ['a 15 MB title', { title: 'x'.repeat(15_000_000) }, /input\.title is 15,000,000 characters long, limit 500/],
    ['a description over 100,000 characters', { description: 'd'.repeat(100_001) }, /input\.description is 100,001 characters long, limit 100,000/],
    ['a NUL character in the title', { title: 'a\u0000b' }, /input\.title is not valid Unicode text/],
    ['a lone surrogate in the description', { description: 'broken \ud800 text' }, /input\.description is not valid Unicode text/],
    ['1,001 affected items', { affectedItemIds: Array.from({ length: 1001 }, (_, i) => `id-${i}`) }, /input\.affectedItemIds is 1,001 entries long, limit 1,000/],
  ])('refuses an incident with %s and writes nothing', async (_label, extra, named) => {
    const before = await ticketCount();
    expectRefused(await post(CREATE, incident(extra)), named);
    expect(await ticketCount()).toBe(before);
  });

  it('refuses a comment body over 100,000 characters and a NUL in a note', async () => {
    const { createIncident } = (await post(CREATE, incident({}))).body.data;
    expectRefused(
      await post('mutation ($id: ID!, $body: String!) { addComment(ticketId: $id, body: $body) { id } }', { id: createIncident.id, body: 'b'.repeat(100_001) }),
      /addComment: body is 100,001 characters long, limit 100,000/,
    );
    expectRefused(
      await post('mutation ($id: ID!, $note: String) { transitionTicket(id: $id, to: IN_PROGRESS, note: $note) { id } }', { id: createIncident.id, note: '\u0000' }),
      /transitionTicket: note is not valid Unicode/,
    );
    const { ticketByNumber } = (await post('query ($n: String!) { ticketByNumber(number: $n) { status history { field } } }', { n: (await post('query ($id: ID!) { ticket(id: $id) { number } }', { id: createIncident.id })).body.data.ticket.number })).body.data;
    expect(ticketByNumber.status).toBe('NEW');
    expect(ticketByNumber.history.map((h: { field: string }) => h.field)).toEqual(['status']);
  });

  it('refuses a million ids for impactAnalysis and 200,000 in a filter, as lists over 1,000', async () => {
    // (Sending a million ids takes a while on a loaded machine: the timeout is no speed claim.)
    expectRefused(
      await post('query ($ids: [ID!]!) { impactAnalysis(itemIds: $ids) { totalCount } }', { ids: Array.from({ length: 1_000_000 }, (_, i) => `i${i}`) }),
      /impactAnalysis: itemIds is 1,000,000 entries long, limit 1,000/,
    );
    expectRefused(
      await post('query ($f: TicketFilter) { tickets(filter: $f) { totalCount } }', { f: { affectedItemIds: Array.from({ length: 200_000 }, (_, i) => `i${i}`) } }),
      /tickets: filter\.affectedItemIds is 200,000 entries long/,
    );
    expectRefused(await post('query ($f: TicketFilter) { tickets(filter: $f) { totalCount } }', { f: { assignmentGroup: 'ops\u0000' } }), /filter\.assignmentGroup is not valid Unicode/);
  }, 120_000);

  it('refuses an externalId or id longer than 256 characters as BAD_USER_INPUT, not an internal error', async () => {
    expectRefused(await post(`{ configurationItemByExternalId(externalId: "${'e'.repeat(3000)}") { id } }`), /externalId is 3,000 characters long, limit 256/);
    expectRefused(await post('query ($id: ID!) { configurationItem(id: $id) { id } }', { id: 'i'.repeat(257) }), /configurationItem: id is 257 characters long, limit 256/);
  });

  it('refuses attributes nested 5,000 deep or over 64 KiB, and leaves the item as it was', async () => {
    const deep = `${'{"a":'.repeat(5000)}"bottom"${'}'.repeat(5000)}`;
    const update = 'mutation ($id: ID!, $input: ConfigurationItemInput!) { updateConfigurationItem(id: $id, input: $input) { version attributes } }';
    const input = (attributes: unknown) => ({ externalId: 'vm-1', name: 'vm-1', ciClass: 'VIRTUAL_MACHINE', attributes });
    const deepInput = JSON.stringify({ id: itemId, input: input(null) }).replace('"attributes":null', `"attributes":${deep}`);
    expectRefused(await post(update, deepInput), /updateConfigurationItem: input\.attributes is nested 5,000 levels deep, limit 32/);
    expectRefused(await post(update, { id: itemId, input: input({ blob: 'x'.repeat(70_000) }) }), /input\.attributes is 70,011 bytes as compact JSON long, limit 65,536/);
    const { configurationItem } = (await post('query ($id: ID!) { configurationItem(id: $id) { version attributes } }', { id: itemId })).body.data;
    expect(configurationItem.version).toBe(1);
    const accepted = await post(update, { id: itemId, input: input({ rack: 'r1', tags: ['a', 'b'] }) });
    expect(accepted.body.errors).toBeUndefined();
    expect(accepted.body.data.updateConfigurationItem).toEqual({ version: 2, attributes: { rack: 'r1', tags: ['a', 'b'] } });
  });

  it('lets an import carry more than 1,000 items (its own limits stand) but not a NUL in a name', async () => {
    const items = Array.from({ length: 1200 }, (_, i) => ({ externalId: `bulk-${i}`, name: `bulk ${i}`, ciClass: 'CONTAINER' }));
    const imported = await post('mutation ($items: [ConfigurationItemInput!]!) { importConfigurationItems(items: $items) { created } }', { items });
    expect(imported.body.errors).toBeUndefined();
    expect(imported.body.data.importConfigurationItems.created).toBe(1200);
    items[3] = { ...items[3], name: 'nul\u0000' };
    expectRefused(
      await post('mutation ($items: [ConfigurationItemInput!]!) { importConfigurationItems(items: $items) { created } }', { items }),
      /importConfigurationItems: items\[3\]\.name is not valid Unicode/,
    );
  });
});
