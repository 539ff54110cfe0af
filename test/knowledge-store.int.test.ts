/**
 * The knowledge store contract against both backends: PGlite in memory and a fresh database on the
 * machine's PostgreSQL (skipped without one, except in CI). Fixtures go in through the store API,
 * changes decided by the domain's rules.
 */
import type { GraphQLError } from 'graphql';
import { articleContent, publication, retirement, revision, type Article, type ArticleStatus } from '../subgraphs/knowledge/domain';
import type { KnowledgeStore } from '../subgraphs/knowledge/store';
import { openSqlKnowledgeStore } from '../subgraphs/knowledge/store/sql';
import { describeOnSqlBackends } from './support/postgres';

const PUBLISHED: ArticleStatus[] = ['PUBLISHED'];
const WITH_DRAFTS: ArticleStatus[] = ['PUBLISHED', 'DRAFT'];

async function codeOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return (error as GraphQLError).extensions?.code;
  }
  throw new Error('expected the call to fail, it succeeded');
}

describeOnSqlBackends('knowledge', (backend, open) =>
  describe(`knowledge store on ${backend}`, () => {
    let store: KnowledgeStore;
    let drop: () => Promise<void>;

    beforeAll(async () => {
      const opened = await open();
      drop = opened.drop;
      store = await openSqlKnowledgeStore(opened.db);
    });

    afterAll(async () => {
      await store?.close();
      await drop?.();
    });

    const create = (title: string, body: string, links: { itemIds?: string[]; problemIds?: string[] } = {}) =>
      store.createArticle({ ...articleContent({ title, body, ...links }).content, author: 'alice', createdAt: new Date() });
    const publish = (article: Article) => store.updateArticle(article.id, null, (current, now) => publication(current, now));
    const retire = (article: Article) => store.updateArticle(article.id, null, (current) => retirement(current));
    const numbersFor = async (query: string, statuses = PUBLISHED, first = 100) =>
      (await store.search(query, statuses, first))?.map((hit) => hit.article.number);

    describe('numbering, life cycle and versions', () => {
      it('numbers articles KB and seven digits, sequentially, and starts each as a version 1 draft by its author', async () => {
        const first = await create('Numbering one', 'first body');
        const second = await create('Numbering two', 'second body');
        expect(first.number).toMatch(/^KB\d{7}$/);
        expect(Number(second.number.slice(2))).toBe(Number(first.number.slice(2)) + 1);
        expect(first).toMatchObject({ status: 'DRAFT', version: 1, author: 'alice', publishedAt: null, itemIds: [], problemIds: [] });
        expect((await store.articlesByIds([first.id])).get(first.id)).toEqual(first);
      });

      it('never reuses a number, even after a write that was rolled back', async () => {
        const before = await create('Before the failure', 'body');
        await expect(store.updateArticle(before.id, null, () => { throw new Error('decided against it'); })).rejects.toThrow('decided against it');
        const after = await create('After the failure', 'body');
        expect(after.number > before.number).toBe(true);
        expect((await store.articlesByIds([before.id])).get(before.id)!.version).toBe(1);
      });

      it('publishes a draft and retires it, each change one version up, publishedAt set on publishing', async () => {
        const draft = await create('Life cycle', 'body');
        const published = await publish(draft);
        expect(published).toMatchObject({ status: 'PUBLISHED', version: 2 });
        expect(published.publishedAt).toBeInstanceOf(Date);
        const retired = await retire(published);
        expect(retired).toMatchObject({ status: 'RETIRED', version: 3, publishedAt: published.publishedAt });
        expect((await store.articlesByIds([draft.id])).get(draft.id)).toEqual(retired);
      });

      it('refuses other transitions with BAD_USER_INPUT and writes nothing', async () => {
        const published = await publish(await create('Transitions', 'body'));
        expect(await codeOf(publish(published))).toBe('BAD_USER_INPUT');
        const retired = await retire(published);
        expect(await codeOf(retire(retired))).toBe('BAD_USER_INPUT');
        expect(await codeOf(publish(retired))).toBe('BAD_USER_INPUT');
        const content = articleContent({ title: 'edited', body: 'edited' }).content;
        expect(await codeOf(store.updateArticle(retired.id, null, (current) => revision(current, content)))).toBe('BAD_USER_INPUT');
        expect((await store.articlesByIds([retired.id])).get(retired.id)).toEqual(retired);
      });

      it('replaces title, body and links on update, and a stale expectedVersion is CONFLICT with nothing written', async () => {
        const draft = await create('Original', 'original body', { itemIds: ['item-b', 'item-a'], problemIds: ['prb-1'] });
        expect(draft.itemIds).toEqual(['item-a', 'item-b']);
        const content = articleContent({ title: 'Revised', body: 'revised body', itemIds: ['item-c'] }).content;
        const revised = await store.updateArticle(draft.id, 1, (current) => revision(current, content));
        expect(revised).toMatchObject({ title: 'Revised', body: 'revised body', itemIds: ['item-c'], problemIds: [], version: 2, status: 'DRAFT' });
        expect(await codeOf(store.updateArticle(draft.id, 1, (current) => revision(current, articleContent({ title: 'x', body: 'y' }).content)))).toBe('CONFLICT');
        expect((await store.articlesByIds([draft.id])).get(draft.id)).toEqual(revised);
      });

      it('answers NOT_FOUND for an update of an id that names no article, whatever its shape', async () => {
        for (const id of ['0191d9a4-0000-7000-8000-000000000000', 'not an id', 'nul\u0000byte']) {
          expect(await codeOf(store.updateArticle(id, null, (current) => retirement(current)))).toBe('NOT_FOUND');
        }
        expect((await store.articlesByIds(['not an id', 'nul\u0000byte'])).size).toBe(0);
      });
    });

    describe('links', () => {
      it('lists the published articles linked to each item and problem, by number, leaving out drafts and retired ones', async () => {
        const a = await publish(await create('Linked A', 'body', { itemIds: ['link-item-1', 'link-item-2'], problemIds: ['link-prb'] }));
        const b = await publish(await create('Linked B', 'body', { itemIds: ['link-item-1'] }));
        await create('Linked draft', 'body', { itemIds: ['link-item-1'], problemIds: ['link-prb'] });
        await retire(await publish(await create('Linked retired', 'body', { itemIds: ['link-item-1'] })));
        const ofItems = await store.publishedArticlesOfItems(['link-item-1', 'link-item-2', 'link-item-none']);
        expect(ofItems.get('link-item-1')!.map((x) => x.number)).toEqual([a.number, b.number]);
        expect(ofItems.get('link-item-2')!.map((x) => x.number)).toEqual([a.number]);
        expect(ofItems.get('link-item-none')).toEqual([]);
        const ofProblems = await store.publishedArticlesOfProblems(['link-prb']);
        expect(ofProblems.get('link-prb')!.map((x) => x.number)).toEqual([a.number]);
      });
    });

    describe('search', () => {
      const ids: Record<string, Article> = {};

      beforeAll(async () => {
        const published = async (key: string, title: string, body: string) => {
          ids[key] = await publish(await create(title, body));
        };
        await published('vpn', 'Reset the VPN gateway', 'When the tunnel drops, restart the gateway service and check the certificates.');
        await published('printer', 'Printer jams on floor three', 'Open tray two and remove the paper. Restarting the printer rarely helps.');
        await published('backups', 'Database backups', 'Nightly backups run at midnight; a failed backup is retried once.');
        await published('gatewayBody', 'Proxy timeouts', 'Timeouts at the proxy usually mean the upstream gateway is slow.');
        await published('certs', 'Certificate renewal', 'Renew the certificate before it expires; the VPN stops working after expiry.');
        ids.draft = await create('Draft about the VPN gateway', 'An unpublished draft on the gateway.');
        ids.retired = await retire(await publish(await create('Retired VPN gateway note', 'The old gateway, retired.')));
      });

      it('matches English stems: "restarting printers" finds "Restarting the printer"', async () => {
        expect(await numbersFor('restarting printers')).toEqual([ids.printer.number]);
        expect(await numbersFor('backup')).toEqual([ids.backups.number]);
      });

      it('matches quoted phrases only where the words stand together', async () => {
        expect(await numbersFor('"gateway service"')).toEqual([ids.vpn.number]);
        expect(await numbersFor('"service gateway"')).toEqual([]);
      });

      it('takes "or" as either word and "-word" as without it', async () => {
        expect(new Set(await numbersFor('printer or backups'))).toEqual(new Set([ids.printer.number, ids.backups.number]));
        expect(await numbersFor('vpn -certificate')).toEqual([]);
        expect(new Set(await numbersFor('gateway -vpn'))).toEqual(new Set([ids.gatewayBody.number]));
      });

      it('finds published articles only, drafts too when asked, and never retired ones', async () => {
        const published = await numbersFor('gateway');
        expect(published).not.toContain(ids.draft.number);
        expect(published).not.toContain(ids.retired.number);
        const withDrafts = await numbersFor('gateway', WITH_DRAFTS);
        expect(withDrafts).toContain(ids.draft.number);
        expect(withDrafts).not.toContain(ids.retired.number);
      });

      it('ranks title matches (weight A) above body matches (weight B), ties by number, and cuts at first', async () => {
        const hits = (await store.search('gateway', PUBLISHED, 100))!;
        expect(hits.map((hit) => hit.article.number)).toEqual([ids.vpn.number, ids.gatewayBody.number]);
        expect(hits[0].rank).toBeGreaterThan(hits[1].rank);
        const tied = (await store.search('vpn', PUBLISHED, 100))!;
        const order = [...tied].sort((a, b) => b.rank - a.rank || (a.article.number < b.article.number ? -1 : 1));
        expect(tied.map((hit) => hit.article.number)).toEqual(order.map((hit) => hit.article.number));
        expect((await store.search('vpn', PUBLISHED, 1))!.map((hit) => hit.article.number)).toEqual([tied[0].article.number]);
      });

      it('orders hits of equal rank by number, whatever order the rows are stored in', async () => {
        const first = await publish(await create('Zebrafish tank', 'zebrafish care'));
        const second = await publish(await create('Zebrafish tank', 'zebrafish care'));
        // Rewriting the first moves its row behind the second's.
        await store.updateArticle(first.id, null, (current) => revision(current, articleContent({ title: 'Zebrafish tank', body: 'zebrafish care' }).content));
        const hits = (await store.search('zebrafish', PUBLISHED, 10))!;
        expect(hits.map((hit) => hit.article.number)).toEqual([first.number, second.number]);
        expect(hits[0].rank).toBe(hits[1].rank);
      });

      it('gives each hit ts_rank_cd as rank and a body excerpt with the matched words in <b></b>', async () => {
        const [hit] = (await store.search('backups', PUBLISHED, 1))!;
        expect(hit.rank).toBeGreaterThan(0);
        expect(hit.snippet).toContain('<b>backups</b>');
        expect(hit.snippet).toContain('<b>backup</b>');
        expect(hit.snippet).not.toContain('Database');
      });

      it('answers null for a query with no searchable word, and an empty list for words nothing matches', async () => {
        for (const query of ['', '   ', 'the', '"" -', '!!!']) expect(await store.search(query, PUBLISHED, 10)).toBeNull();
        expect(await store.search('xylophone', PUBLISHED, 10)).toEqual([]);
      });
    });
  }),
);
