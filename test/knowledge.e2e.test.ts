/**
 * Contract part "service-level", its knowledge half, end to end: the part's knowledge golden
 * operations, each sent exactly as written, through the real gateway to all three subgraphs on
 * the embedded stores; answers worked out by hand from the small topology; bad input answered with
 * the contract's codes and nothing written.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse } from 'graphql';
import { graphqlClient, GraphQLRequestError, type GraphQLResponse } from '../platform/graphql-client';
import { CONTRACT_DIR, errorCode, SMALL_TOPOLOGY, startTestHub, type TestHub } from './support/hub';

const PART_SOURCE = readFileSync(join(CONTRACT_DIR, 'parts', 'service-level.operations.graphql'), 'utf8');

/**
 * The part's operations, each as its own text: the document also holds the SLA and catalog
 * operations, which validate only once that work lands, and a document is validated whole.
 */
const PART_OPERATIONS = new Map(
  parse(PART_SOURCE).definitions.flatMap((definition) =>
    definition.kind === Kind.OPERATION_DEFINITION && definition.name && definition.loc
      ? [[definition.name.value, PART_SOURCE.slice(definition.loc.start, definition.loc.end)] as const]
      : [],
  ),
);
const KNOWLEDGE_OPERATIONS = ['WriteArticle', 'EditArticle', 'PublishArticle', 'RetireArticle', 'SearchKnowledge', 'IncidentHelp'];

const CHANGE_AND_PROBLEM = readFileSync(join(CONTRACT_DIR, 'parts', 'change-and-problem.operations.graphql'), 'utf8');

interface ArticleAnswer {
  id: string;
  number: string;
  title: string;
  status: string;
  version: number;
  items: { name: string }[];
  problems: { number: string }[];
}

describe('knowledge through the gateway (embedded stores)', () => {
  let hub: TestHub;
  const ids: Record<string, string> = {};

  async function send(query: string, variables: Record<string, unknown>, operationName?: string, headers: Record<string, string> = {}) {
    const response = await fetch(hub.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, operationName, variables }),
    });
    const body = (await response.json()) as GraphQLResponse;
    if (body.errors?.length || !body.data) throw new GraphQLRequestError(body, response.status);
    return body.data as Record<string, any>;
  }

  /** Runs one of the part's knowledge operations as written. */
  const part = (name: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) =>
    send(PART_OPERATIONS.get(name)!, variables, name, headers);

  const write = async (title: string, body: string, links: { items?: string[]; problems?: string[] } = {}) =>
    (await part('WriteArticle', { input: { title, body, itemIds: links.items?.map((e) => ids[e]), problemIds: links.problems } }))
      .createKnowledgeArticle as ArticleAnswer;
  const publish = async (id: string) => (await part('PublishArticle', { id })).publishKnowledgeArticle;
  const openProblem = async (title: string) =>
    (await send(CHANGE_AND_PROBLEM, { input: { title, impact: 'MEDIUM', urgency: 'MEDIUM' } }, 'OpenProblem')).createProblem as {
      id: string;
      number: string;
    };
  const openIncident = async (externalIds: string[]) =>
    (await hub.golden('OpenIncident', { input: { title: 'incident', impact: 'LOW', urgency: 'LOW', affectedItemIds: externalIds.map((e) => ids[e]) } }))
      .createIncident as { id: string; number: string };

  beforeAll(async () => {
    hub = await startTestHub();
    await hub.golden('ImportTopology', {
      items: [...SMALL_TOPOLOGY.items, { externalId: 'old-box', name: 'old box', ciClass: 'SERVER', lifecycle: 'RETIRED' }],
      relationships: SMALL_TOPOLOGY.relationships,
    });
    for (const { externalId } of [...SMALL_TOPOLOGY.items, { externalId: 'old-box' }]) {
      ids[externalId] = (await hub.golden('ItemByExternalId', { externalId })).configurationItemByExternalId.id;
    }
  }, 180_000);

  afterAll(async () => {
    await hub?.destroy();
  });

  it('has every knowledge operation of the part, and each validates against the gateway as written', () => {
    for (const name of KNOWLEDGE_OPERATIONS) expect(PART_OPERATIONS.has(name)).toBe(true);
  });

  describe('writing, versions and the life cycle', () => {
    let problems: { id: string; number: string }[];

    beforeAll(async () => {
      problems = [await openProblem('first problem'), await openProblem('second problem')];
    });

    it('creates a numbered draft whose items come by name and problems by number, authored by the caller', async () => {
      const article = await part(
        'WriteArticle',
        { input: { title: 'Main db failover', body: 'Promote the replica.', itemIds: [ids['app-web'], ids['db-main']], problemIds: [problems[1].id, problems[0].id] } },
        { 'x-actor': 'kb-writer' },
      );
      expect(article.createKnowledgeArticle).toEqual({
        id: expect.any(String),
        number: expect.stringMatching(/^KB\d{7}$/),
        title: 'Main db failover',
        status: 'DRAFT',
        version: 1,
        items: [{ name: 'main db' }, { name: 'web' }],
        problems: [{ number: problems[0].number }, { number: problems[1].number }],
      });
      const { knowledgeArticle } = await send('query ($id: ID!) { knowledgeArticle(id: $id) { author createdAt updatedAt publishedAt } }', {
        id: article.createKnowledgeArticle.id,
      });
      expect(knowledgeArticle).toMatchObject({ author: 'kb-writer', publishedAt: null });
    });

    it('edits with the expected version, then refuses a stale one with CONFLICT and writes nothing', async () => {
      const article = await write('Draft title', 'draft body');
      const edited = await part('EditArticle', { id: article.id, input: { title: 'Better title', body: 'better body' }, expectedVersion: 1 });
      expect(edited.updateKnowledgeArticle).toEqual({ id: article.id, number: article.number, title: 'Better title', version: 2 });
      expect(await errorCode(part('EditArticle', { id: article.id, input: { title: 'Lost update', body: 'x' }, expectedVersion: 1 }))).toBe('CONFLICT');
      const { knowledgeArticle } = await send('query ($id: ID!) { knowledgeArticle(id: $id) { title version } }', { id: article.id });
      expect(knowledgeArticle).toEqual({ title: 'Better title', version: 2 });
    });

    it('publishes a draft and retires it; other transitions and edits of a retired article are BAD_USER_INPUT', async () => {
      const article = await write('Life cycle', 'body');
      const published = await publish(article.id);
      expect(published).toEqual({ id: article.id, number: article.number, status: 'PUBLISHED', publishedAt: expect.any(String), version: 2 });
      expect(await errorCode(part('PublishArticle', { id: article.id }))).toBe('BAD_USER_INPUT');
      const retired = await part('RetireArticle', { id: article.id });
      expect(retired.retireKnowledgeArticle).toEqual({ id: article.id, number: article.number, status: 'RETIRED', version: 3 });
      expect(await errorCode(part('RetireArticle', { id: article.id }))).toBe('BAD_USER_INPUT');
      expect(await errorCode(part('PublishArticle', { id: article.id }))).toBe('BAD_USER_INPUT');
      expect(await errorCode(part('EditArticle', { id: article.id, input: { title: 't', body: 'b' } }))).toBe('BAD_USER_INPUT');
    });

    it('names every problem of a bad article at once (blank title and body, unknown and retired items, non-problems) and writes nothing', async () => {
      const before = await write('Before the refusal', 'body');
      const incident = await openIncident(['app-web']);
      let error: GraphQLRequestError | undefined;
      try {
        await part('WriteArticle', {
          input: { title: '  ', body: '', itemIds: [ids['app-web'], 'no-such-item', ids['old-box']], problemIds: ['no-such-problem', incident.id, problems[0].id] },
        });
      } catch (caught) {
        error = caught as GraphQLRequestError;
      }
      expect(error?.code).toBe('BAD_USER_INPUT');
      const message = error!.response.errors![0].message;
      for (const named of ['input.title', 'input.body', '"no-such-item"', `"${ids['old-box']}" is retired`, '"no-such-problem"', `"${incident.id}"`]) {
        expect(message).toContain(named);
      }
      expect(message).not.toContain(ids['app-web']);
      expect(message).not.toContain(problems[0].id);
      const after = await write('After the refusal', 'body');
      expect(Number(after.number.slice(2))).toBe(Number(before.number.slice(2)) + 1);
    });

    it('answers NOT_FOUND for a mutation of an unknown id, and null for a query of one', async () => {
      expect(await errorCode(part('PublishArticle', { id: 'no-such-article' }))).toBe('NOT_FOUND');
      expect(await errorCode(part('EditArticle', { id: 'no-such-article', input: { title: 't', body: 'b' } }))).toBe('NOT_FOUND');
      expect((await send('query { knowledgeArticle(id: "no-such-article") { id } }', {})).knowledgeArticle).toBeNull();
    });
  });

  describe('search', () => {
    let vpn: ArticleAnswer;
    let proxy: ArticleAnswer;
    let draft: ArticleAnswer;

    beforeAll(async () => {
      vpn = await write('Restarting the tunnel endpoint', 'When tunnels drop, restart the endpoint service on both hosts.', { items: ['svc-shop', 'svc-pay'] });
      proxy = await write('Proxy timeouts', 'A slow tunnel endpoint shows up as proxy timeouts.', { items: ['svc-shop'] });
      draft = await write('Tunnel endpoint draft', 'Unpublished notes on the tunnel endpoint.');
      await publish(vpn.id);
      await publish(proxy.id);
    });

    it('finds published articles by stemmed words, title matches first, with items by name and a highlighted snippet', async () => {
      const { searchKnowledge } = await part('SearchKnowledge', { query: 'restart tunnel endpoints' });
      expect(searchKnowledge).toEqual([
        {
          rank: expect.any(Number),
          snippet: expect.stringContaining('<b>restart</b>'),
          article: { number: vpn.number, title: vpn.title, status: 'PUBLISHED', items: [{ name: 'Payments', ciClass: 'BUSINESS_SERVICE' }, { name: 'Shop', ciClass: 'BUSINESS_SERVICE' }] },
        },
      ]);
      const both = await part('SearchKnowledge', { query: '"tunnel endpoint" -restart or proxy' });
      expect(both.searchKnowledge.map((hit: { article: { number: string } }) => hit.article.number)).toEqual([proxy.number]);
    });

    it('includes drafts only when asked, ordered by rank, cut at first', async () => {
      const published = await part('SearchKnowledge', { query: 'tunnel endpoint' });
      expect(published.searchKnowledge.map((hit: any) => hit.article.number)).toEqual([vpn.number, proxy.number]);
      const withDrafts = await part('SearchKnowledge', { query: 'tunnel endpoint', includeDrafts: true, first: 2 });
      const ranks = withDrafts.searchKnowledge.map((hit: any) => hit.rank);
      expect(ranks[0]).toBeGreaterThanOrEqual(ranks[1]);
      // The draft has both words in its title and side by side in its body: the densest cover.
      expect(withDrafts.searchKnowledge.map((hit: any) => hit.article.number)).toEqual([draft.number, vpn.number]);
    });

    it('refuses a query with no searchable word and a first outside 1..100 with BAD_USER_INPUT', async () => {
      expect(await errorCode(part('SearchKnowledge', { query: 'the of and' }))).toBe('BAD_USER_INPUT');
      expect(await errorCode(part('SearchKnowledge', { query: 'tunnel', first: 0 }))).toBe('BAD_USER_INPUT');
      expect(await errorCode(part('SearchKnowledge', { query: 'tunnel', first: 101 }))).toBe('BAD_USER_INPUT');
    });
  });

  describe('suggestions for an incident', () => {
    let incident: { id: string; number: string };
    const numbers: Record<string, string> = {};

    beforeAll(async () => {
      const problem = await openProblem('web keeps failing');
      incident = await openIncident(['app-web']);
      await send(CHANGE_AND_PROBLEM, { incidentId: incident.id, problemId: problem.id }, 'LinkIncident');
      // The search articles above link only business services, which nothing here relies on.
      // Created so that number order differs from the contract's order. web relies on api and vm-1
      // (1 hop), main db, vm-2 and host-1 (2), san-1 and sw-1 (3).
      const articles: [string, { items?: string[]; problems?: string[] }, boolean][] = [
        ['switch (3 hops)', { items: ['sw-1'] }, true],
        ['host (2 hops)', { items: ['host-1'] }, true],
        ['api (1 hop)', { items: ['app-api'] }, true],
        ['web and storage', { items: ['san-1', 'app-web'] }, true],
        ['web', { items: ['app-web'] }, true],
        ['problem and web', { items: ['app-web'], problems: [problem.id] }, true],
        ['problem', { problems: [problem.id] }, true],
        ['switch draft', { items: ['sw-1'] }, false],
      ];
      for (const [title, links, published] of articles) {
        const article = await write(title, 'body', links);
        numbers[title] = article.number;
        if (published) await publish(article.id);
      }
    });

    it("suggests the problem's articles, then the items', then what the items rely on, nearest first, each once", async () => {
      const { ticket } = await part('IncidentHelp', { id: incident.id });
      expect(ticket.number).toBe(incident.number);
      expect(ticket.suggestedArticles.map((a: { number: string }) => a.number)).toEqual(
        ['problem and web', 'problem', 'web and storage', 'web', 'api (1 hop)'].map((t) => numbers[t]),
      );
      expect(ticket.suggestedArticles[3]).toEqual({ number: numbers.web, title: 'web', items: [{ name: 'web' }] });
      expect(ticket.affectedItems).toEqual([
        { name: 'web', knowledgeArticles: ['web and storage', 'web', 'problem and web'].map((t) => ({ number: numbers[t], title: t })) },
      ]);
      const all = await send('query ($id: ID!) { ticket(id: $id) { ... on Incident { suggestedArticles(first: 20) { number } } } }', { id: incident.id });
      expect(all.ticket.suggestedArticles.map((a: { number: string }) => a.number)).toEqual(
        ['problem and web', 'problem', 'web and storage', 'web', 'api (1 hop)', 'host (2 hops)', 'switch (3 hops)'].map((t) => numbers[t]),
      );
    });

    it('refuses a first outside 1..20 with BAD_USER_INPUT', async () => {
      for (const first of [0, 21]) {
        const response = await graphqlClient(hub.gatewayUrl).raw('query ($id: ID!, $first: Int) { ticket(id: $id) { ... on Incident { suggestedArticles(first: $first) { number } } } }', {
          id: incident.id,
          first,
        });
        expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      }
    });

    it("asks the CMDB once for the dependencies of a whole page of incidents' items", async () => {
      await openIncident(['app-api']);
      await openIncident(['db-main', 'vm-1']);
      let cmdbRequests = 0;
      const count = () => (cmdbRequests += 1);
      hub.cmdb.httpServer.on('request', count);
      try {
        const { tickets } = await send(
          '{ tickets(filter: { types: [INCIDENT] }, first: 100) { edges { node { ... on Incident { suggestedArticles(first: 20) { number } } } } } }',
          {},
        );
        expect(tickets.edges.length).toBeGreaterThanOrEqual(4);
      } finally {
        hub.cmdb.httpServer.off('request', count);
      }
      expect(cmdbRequests).toBe(1);
    });
  });

  it('answers SERVICE_UNAVAILABLE for an article naming items while the CMDB does not answer, and writes nothing', async () => {
    const before = await write('Before the outage', 'body');
    await hub.cmdb.stop();
    expect(await errorCode(part('WriteArticle', { input: { title: 't', body: 'b', itemIds: [ids['app-web']] } }))).toBe('SERVICE_UNAVAILABLE');
    const after = (await part('WriteArticle', { input: { title: 'No items', body: 'needs no CMDB' } })).createKnowledgeArticle;
    expect(Number(after.number.slice(2))).toBe(Number(before.number.slice(2)) + 1);
  });
});
