/**
 * HTTP status of refusals through the real gateway (production.md): UNAUTHENTICATED is 401,
 * FORBIDDEN 403, and a refused operation (limits, validation, a subscription sent over HTTP, an
 * operationName that picks no operation) 400 with BAD_USER_INPUT or the validation code; a
 * client's mistake is never answered with an internal error.
 */
import { startTestHub, type TestHub } from './support/hub';

describe('HTTP status of refusals', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startTestHub({ env: { API_TOKENS: 'writer:w-token:write,reader:r-token:read' } });
  }, 240_000);

  afterAll(async () => {
    await hub?.destroy();
  });

  async function post(body: Record<string, unknown>, token: string | null = 'w-token') {
    const response = await fetch(hub.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    const answer = (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
    return { status: response.status, code: answer.errors?.[0]?.extensions?.code, message: answer.errors?.[0]?.message ?? '', answer };
  }

  it('answers a missing or unknown token with 401 UNAUTHENTICATED', async () => {
    expect(await post({ query: '{ __typename }' }, null)).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    expect(await post({ query: '{ __typename }' }, 'not-a-token')).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
  });

  it('answers a mutation with a read token with 403 FORBIDDEN', async () => {
    const refused = await post({ query: 'mutation { retireConfigurationItem(id: "x") { id } }' }, 'r-token');
    expect(refused).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect(refused.answer.errors?.[0]?.extensions).not.toHaveProperty('http');
  });

  it('refuses an operationName that matches no operation with 400, not an internal error', async () => {
    const several = await post({ query: 'query A { __typename } query B { configurationItems(first: 1) { totalCount } }', operationName: 'C' });
    expect(several).toMatchObject({ status: 400, code: 'BAD_USER_INPUT' });
    expect(several.message).toMatch(/operationName "C" matches no operation in the document \(it has "A", "B"\)/);
    // One operation the shortcut would route to a single subgraph, under another name.
    expect(await post({ query: 'query A { configurationItems(first: 1) { totalCount } }', operationName: 'Other' })).toMatchObject({
      status: 400,
      code: 'BAD_USER_INPUT',
    });
    const unnamed = await post({ query: 'query A { __typename } query B { __typename }' });
    expect(unnamed).toMatchObject({ status: 400, code: 'BAD_USER_INPUT' });
    expect(unnamed.message).toMatch(/name the one to run with operationName/);
    // The right name still works.
    expect(await post({ query: 'query A { __typename } query B { configurationItems(first: 1) { totalCount } }', operationName: 'B' })).toMatchObject({
      status: 200,
      answer: { data: { configurationItems: { totalCount: 0 } } },
    });
  });

  it('refuses a subscription sent as a plain HTTP POST with 400', async () => {
    const refused = await post({ query: 'subscription { ticketEvents { sequence } }' });
    expect(refused).toMatchObject({ status: 400, code: 'BAD_USER_INPUT' });
    expect(refused.message).toMatch(/WebSocket/);
  });

  it('refuses operations over the limits or failing validation with 400', async () => {
    expect(await post({ query: `{ ${'__typename '.repeat(5000)} }` })).toMatchObject({ status: 400, code: 'BAD_USER_INPUT' });
    expect(await post({ query: '{ nope }' })).toMatchObject({ status: 400, code: 'GRAPHQL_VALIDATION_FAILED' });
    expect(await post({ query: '{ configurationItem(id: "x") { name }' })).toMatchObject({ status: 400, code: 'GRAPHQL_PARSE_FAILED' });
    expect(await post({ query: 'query ($ids: [ID!]!) { impactAnalysis(itemIds: $ids) { totalCount } }', variables: { ids: Array(1001).fill('x') } })).toMatchObject({
      status: 400,
      code: 'BAD_USER_INPUT',
    });
  });
});
