/**
 * Scopes through the real gateway (production.md, "Identity and permissions"): the schema's
 * @requiresScopes enforced for queries (forbidden fields null with FORBIDDEN at their path, the rest
 * answered), mutations (refused whole, 403, nothing written), imports (admin), exports, the
 * single-subgraph shortcut, and each subscription event (subscribers with other scopes never share
 * a payload). Static tokens with roles and explicit scope lists.
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { graphqlClient, postGraphQL } from '../platform/graphql-client';
import { until } from './support/eventually';
import { SMALL_TOPOLOGY, startTestHub, type TestHub } from './support/hub';
import { untilSubscribed } from './support/subscriber';

const TOKENS = {
  admin: 'admin-token',
  reader: 'reader-token',
  writer: 'writer-token',
  ticketsOnly: 'tickets-token',
  ticketsWriter: 'tickets-writer-token',
  metrics: 'metrics-token',
};

interface Answer {
  status: number;
  data: any;
  errors: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}

describe('scopes', () => {
  let hub: TestHub;
  let incidentId: string;
  let itemId: string;

  const as = (token: string) => async (query: string, variables?: Record<string, unknown>): Promise<Answer> => {
    const answer = await postGraphQL(hub.gatewayUrl, { query, variables }, { headers: { authorization: `Bearer ${token}` } });
    return { status: answer.status, data: answer.body?.data, errors: answer.body?.errors ?? [] };
  };
  const ticketCount = async () => (await as(TOKENS.admin)('{ tickets(first: 1) { totalCount } }')).data.tickets.totalCount as number;

  beforeAll(async () => {
    hub = await startTestHub({
      env: {
        API_TOKENS: [
          `admin:${TOKENS.admin}:admin`,
          `reader:${TOKENS.reader}:read`,
          `writer:${TOKENS.writer}:write`,
          `desk:${TOKENS.ticketsOnly}:tickets:read`,
          `desk-agent:${TOKENS.ticketsWriter}:tickets:read+tickets:write`,
          `bi:${TOKENS.metrics}:metrics:read`,
        ].join(','),
      },
    });
    const imported = await as(TOKENS.admin)(
      'mutation ($items: [ConfigurationItemInput!]!, $relationships: [RelationshipInput!]) { importConfigurationItems(items: $items, relationships: $relationships) { created } }',
      SMALL_TOPOLOGY,
    );
    expect(imported.errors).toEqual([]);
    const item = await as(TOKENS.admin)('{ configurationItemByExternalId(externalId: "svc-shop") { id } }');
    itemId = item.data.configurationItemByExternalId.id;
    const created = await as(TOKENS.admin)(
      'mutation ($items: [ID!]) { createIncident(input: { title: "shop down", impact: HIGH, urgency: HIGH, affectedItemIds: $items }) { id } }',
      { items: [itemId] },
    );
    incidentId = created.data.createIncident.id;
  }, 240_000);

  afterAll(async () => {
    await hub?.destroy();
  });

  describe('queries', () => {
    it('answer a tickets:read caller its tickets, with the CMDB fields it lacks null and FORBIDDEN at their paths', async () => {
      const answer = await as(TOKENS.ticketsOnly)(
        `query ($id: ID!, $item: ID!) {
          ticket(id: $id) { number title ... on Incident { affectedItems { id owner criticality } } }
          configurationItem(id: $item) { name }
        }`,
        { id: incidentId, item: itemId },
      );
      expect(answer.status).toBe(200);
      expect(answer.data.ticket).toMatchObject({ title: 'shop down', affectedItems: [{ id: itemId, owner: null, criticality: null }] });
      expect(answer.data.configurationItem).toBeNull();
      const refused = answer.errors.map((e) => [e.extensions?.code, e.path?.join('.')]).sort();
      expect(refused).toEqual([
        ['FORBIDDEN', 'configurationItem'],
        ['FORBIDDEN', 'ticket.affectedItems.0.criticality'],
        ['FORBIDDEN', 'ticket.affectedItems.0.owner'],
      ]);
      expect(answer.errors[0].message).toMatch(/requires the scope cmdb:read/);
    });

    it('answer the same fields to a caller with cmdb:read', async () => {
      const answer = await as(TOKENS.reader)('query ($id: ID!) { ticket(id: $id) { ... on Incident { affectedItems { owner criticality } } } }', { id: incidentId });
      expect(answer.errors).toEqual([]);
      expect(answer.data.ticket.affectedItems).toEqual([{ owner: 'shop-team', criticality: 'CRITICAL' }]);
    });

    it('null a forbidden non-null field\'s nearest nullable parent, as GraphQL requires, with the error at the field', async () => {
      const answer = await as(TOKENS.ticketsOnly)('query ($id: ID!) { ticket(id: $id) { ... on Incident { affectedItems { name } } } }', { id: incidentId });
      expect(answer.data).toEqual({ ticket: null });
      expect(answer.errors.map((e) => [e.extensions?.code, e.path?.join('.')])).toEqual([['FORBIDDEN', 'ticket.affectedItems.0.name']]);
    });

    it('are enforced on the single-subgraph shortcut, which forwards the scopes', async () => {
      const shortcutsBefore = hub.gateway.shortcutQueries;
      const answer = await as(TOKENS.ticketsOnly)('query ($id: ID!) { configurationItem(id: $id) { id name } }', { id: itemId });
      expect(hub.gateway.shortcutQueries).toBe(shortcutsBefore + 1);
      expect(answer.data).toEqual({ configurationItem: null });
      expect(answer.errors.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
      const allowed = await as(TOKENS.reader)('query ($id: ID!) { configurationItem(id: $id) { id name } }', { id: itemId });
      expect(allowed.data).toEqual({ configurationItem: { id: itemId, name: 'Shop' } });
    });

    it('give metrics to metrics:read and not to tickets:read', async () => {
      const query = '{ ticketMetrics(from: "2026-01-01T00:00:00Z", to: "2026-03-01T00:00:00Z", interval: MONTH) { opened } }';
      expect((await as(TOKENS.metrics)(query)).errors).toEqual([]);
      const refused = await as(TOKENS.ticketsOnly)(query);
      expect(refused.errors.map((e) => [e.extensions?.code, e.path?.join('.')])).toEqual([['FORBIDDEN', 'ticketMetrics']]);
    });
  });

  describe('mutations', () => {
    it('are refused whole without tickets:write (403), and nothing is written', async () => {
      const before = await ticketCount();
      const refused = await as(TOKENS.ticketsOnly)('mutation { createIncident(input: { title: "not allowed", impact: LOW, urgency: LOW }) { id } }');
      expect(refused.status).toBe(403);
      expect(refused.data ?? null).toBeNull();
      expect(refused.errors[0].extensions?.code).toBe('FORBIDDEN');
      expect(await ticketCount()).toBe(before);
    });

    it('are refused whole when one selected field needs a scope the caller lacks, though it may write', async () => {
      const before = await ticketCount();
      const refused = await as(TOKENS.ticketsWriter)(
        'mutation ($items: [ID!]) { createIncident(input: { title: "half allowed", impact: LOW, urgency: LOW, affectedItemIds: $items }) { id affectedItems { name } } }',
        { items: [itemId] },
      );
      expect(refused.status).toBe(403);
      expect(refused.errors[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
      expect(refused.errors[0].message).toMatch(/ConfigurationItem\.name requires the scope cmdb:read/);
      expect(await ticketCount()).toBe(before);
      // The same mutation without the CMDB field runs.
      const written = await as(TOKENS.ticketsWriter)(
        'mutation ($items: [ID!]) { createIncident(input: { title: "allowed", impact: LOW, urgency: LOW, affectedItemIds: $items }) { id affectedItems { id } } }',
        { items: [itemId] },
      );
      expect(written.errors).toEqual([]);
      expect(await ticketCount()).toBe(before + 1);
    });

    it('import items and incidents only with admin', async () => {
      const importItems = 'mutation { importConfigurationItems(items: [{ externalId: "by-writer", name: "w", ciClass: OTHER }]) { created } }';
      const importIncidents =
        'mutation { importIncidents(items: [{ externalId: "INC-W", title: "w", impact: LOW, urgency: LOW, status: NEW, createdAt: "2026-01-01T00:00:00Z" }]) { created } }';
      for (const query of [importItems, importIncidents]) {
        const refused = await as(TOKENS.writer)(query);
        expect(refused).toMatchObject({ status: 403, errors: [{ extensions: { code: 'FORBIDDEN' } }] });
        expect(refused.errors[0].message).toMatch(/requires the scope admin/);
      }
      expect((await as(TOKENS.writer)('{ configurationItemByExternalId(externalId: "by-writer") { id } }')).data).toEqual({ configurationItemByExternalId: null });
      expect((await as(TOKENS.admin)(importItems)).data).toEqual({ importConfigurationItems: { created: 1 } });
      expect((await as(TOKENS.admin)(importIncidents)).data).toEqual({ importIncidents: { created: 1 } });
    });
  });

  describe('exports', () => {
    const get = (path: string, token: string) => fetch(new URL(path, hub.gatewayUrl), { headers: { authorization: `Bearer ${token}` } });

    it('need the scope of what they expose', async () => {
      expect((await get('/export/metrics.csv?from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z&interval=MONTH', TOKENS.ticketsOnly)).status).toBe(403);
      expect((await get('/export/metrics.csv?from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z&interval=MONTH', TOKENS.metrics)).status).toBe(200);
      const refused = await get('/export/tickets.csv', TOKENS.metrics);
      expect(refused.status).toBe(403);
      expect(await refused.text()).toMatch(/requires the scope tickets:read/);
      expect((await get('/export/tickets.csv', TOKENS.ticketsOnly)).status).toBe(200);
    });
  });

  describe('subscriptions', () => {
    const QUERY = /* GraphQL */ `
      subscription {
        ticketEvents(filter: { kinds: [CREATED] }) { kind ticket { title ... on Incident { affectedItems { id owner } } } }
      }
    `;

    function subscriber(token: string) {
      const results: { data?: any; errors?: any[] }[] = [];
      const failures: unknown[] = [];
      const client: Client = createClient({
        url: hub.gatewayUrl.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        connectionParams: { authorization: `Bearer ${token}` },
      });
      client.subscribe({ query: QUERY }, { next: (result) => void results.push(result as never), error: (e) => void failures.push(e), complete: () => undefined });
      return { results, failures, close: () => client.dispose() };
    }

    it('refuse a subscriber without tickets:read', async () => {
      const refused = subscriber(TOKENS.metrics);
      await until(() => refused.failures.length > 0, { what: 'the refusal' });
      expect(refused.failures[0]).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN' }) })]);
      await refused.close();
    });

    it('give a subscriber without cmdb:read each event with its CMDB fields null and FORBIDDEN, and a full one on the same filter the fields', async () => {
      const limited = subscriber(TOKENS.ticketsOnly);
      const full = subscriber(TOKENS.reader);
      try {
        await untilSubscribed(hub, 2);
        await as(TOKENS.admin)('mutation ($items: [ID!]) { createIncident(input: { title: "live", impact: LOW, urgency: LOW, affectedItemIds: $items }) { id } }', {
          items: [itemId],
        });
        await until(() => limited.results.length >= 1 && full.results.length >= 1, { what: 'the event at both subscribers' });
        expect(full.results[0]).toEqual({
          data: { ticketEvents: { kind: 'CREATED', ticket: { title: 'live', affectedItems: [{ id: itemId, owner: 'shop-team' }] } } },
        });
        expect(limited.results[0].data).toEqual({ ticketEvents: { kind: 'CREATED', ticket: { title: 'live', affectedItems: [{ id: itemId, owner: null }] } } });
        expect(limited.results[0].errors).toEqual([
          expect.objectContaining({ path: ['ticketEvents', 'ticket', 'affectedItems', 0, 'owner'], extensions: expect.objectContaining({ code: 'FORBIDDEN' }) }),
        ]);
        // Different scopes, different delivery groups: the payload was executed for each.
        expect(hub.gateway.subscriptionResources().deliveryGroups).toBe(2);
      } finally {
        await Promise.all([limited.close(), full.close()]);
      }
    });
  });

  it('answers a caller with every read scope across every area in one query', async () => {
    const client = graphqlClient(hub.gatewayUrl, { authorization: `Bearer ${TOKENS.reader}` });
    const answer = await client.call<{ ticket: { number: string }; configurationItem: { name: string } }>(
      'query ($id: ID!, $item: ID!) { ticket(id: $id) { number } configurationItem(id: $item) { name } }',
      { id: incidentId, item: itemId },
    );
    expect(answer.configurationItem.name).toBe('Shop');
  });
});
