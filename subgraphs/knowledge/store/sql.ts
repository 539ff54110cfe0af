/**
 * The knowledge store over SQL: one implementation for PGlite (embedded) and PostgreSQL. Every
 * statement is parameterized; every write and its links commit in one transaction.
 */
import { v7 as uuidv7 } from 'uuid';
import { ConflictError, NotFoundError } from '../../../platform/errors';
import { migrate, type SqlDatabase, type SqlExecutor } from '../../../platform/sql';
import { articleNumber, normalizeIds, type Article, type ArticlePatch, type NewArticle } from '../domain';
import type { KnowledgeStore } from './index';
import { KNOWLEDGE_SCHEMA, knowledgeMigrations } from './migrations';

/** Columns of a complete article, links included, so one query yields whole articles. */
const ARTICLE_COLUMNS = /* SQL */ `
  a.id, a.number, a.title, a.body, a.status, a.author, a.created_at, a.updated_at, a.published_at, a.version,
  ARRAY(SELECT i.item_id FROM knowledge.article_item i WHERE i.article_id = a.id ORDER BY i.item_id COLLATE "C") AS item_ids,
  ARRAY(SELECT p.problem_id FROM knowledge.article_problem p WHERE p.article_id = a.id ORDER BY p.problem_id COLLATE "C") AS problem_ids`;

/**
 * ts_headline's options: PostgreSQL's defaults spelled out, so the snippet's shape is stated here
 * (about 15 to 35 words of the body around the best match).
 */
const HEADLINE_OPTIONS = 'StartSel=<b>, StopSel=</b>, MinWords=15, MaxWords=35';

interface ArticleRow {
  id: string;
  number: string;
  title: string;
  body: string;
  status: Article['status'];
  author: string | null;
  created_at: Date;
  updated_at: Date;
  published_at: Date | null;
  version: number;
  item_ids: string[];
  problem_ids: string[];
}

function toArticle(row: ArticleRow): Article {
  return {
    id: row.id,
    number: row.number,
    title: row.title,
    body: row.body,
    status: row.status,
    author: row.author,
    itemIds: row.item_ids ?? [],
    problemIds: row.problem_ids ?? [],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    publishedAt: row.published_at,
    version: Number(row.version),
  };
}

/** PostgreSQL rejects NUL in text; such an id cannot name anything, so it must not reach the server. */
const storable = (id: string) => !id.includes('\u0000');

async function insertLinks(tx: SqlExecutor, articleId: string, itemIds: string[], problemIds: string[]): Promise<void> {
  if (itemIds.length) {
    await tx.query('INSERT INTO knowledge.article_item (article_id, item_id) SELECT $1, unnest($2::text[])', [articleId, itemIds]);
  }
  if (problemIds.length) {
    await tx.query('INSERT INTO knowledge.article_problem (article_id, problem_id) SELECT $1, unnest($2::text[])', [articleId, problemIds]);
  }
}

const sameIds = (a: string[], b: string[]) => a.length === b.length && a.every((id, i) => id === b[i]);

/** Opens the knowledge store on `db`, applying pending migrations first. */
export async function openSqlKnowledgeStore(db: SqlDatabase): Promise<KnowledgeStore> {
  await migrate(db, KNOWLEDGE_SCHEMA, knowledgeMigrations);

  const publishedByLink = async (table: 'article_item' | 'article_problem', column: 'item_id' | 'problem_id', keys: readonly string[]) => {
    const byKey = new Map<string, Article[]>(keys.map((key) => [key, []]));
    const wanted = [...byKey.keys()].filter(storable);
    if (!wanted.length) return byKey;
    const rows = await db.query<ArticleRow & { link_key: string }>(
      `SELECT l.${column} AS link_key, ${ARTICLE_COLUMNS}
       FROM knowledge.${table} l JOIN knowledge.article a ON a.id = l.article_id
       WHERE l.${column} = ANY($1::text[]) AND a.status = 'PUBLISHED'
       ORDER BY a.number COLLATE "C"`,
      [wanted],
    );
    for (const row of rows) byKey.get(row.link_key)?.push(toArticle(row));
    return byKey;
  };

  return {
    backend: db.kind,

    async articlesByIds(ids) {
      const wanted = [...new Set(ids)].filter(storable);
      if (!wanted.length) return new Map();
      const rows = await db.query<ArticleRow>(`SELECT ${ARTICLE_COLUMNS} FROM knowledge.article a WHERE a.id = ANY($1::text[])`, [wanted]);
      return new Map(rows.map((row) => [row.id, toArticle(row)]));
    },

    publishedArticlesOfItems: (itemIds) => publishedByLink('article_item', 'item_id', itemIds),

    publishedArticlesOfProblems: (problemIds) => publishedByLink('article_problem', 'problem_id', problemIds),

    async search(query, statuses, first) {
      // One statement: whether the query has a searchable word, and the page of hits. The outer
      // row of `q` is there even when nothing matches; ts_headline runs only for the page.
      const rows = await db.query<ArticleRow & { searchable: boolean; rank: number | null; snippet: string | null }>(
        `WITH q AS (SELECT websearch_to_tsquery('english', $1) AS query),
         hits AS (
           SELECT a.id, ts_rank_cd(a.document, q.query) AS rank
           FROM knowledge.article a, q
           WHERE numnode(q.query) > 0 AND a.document @@ q.query AND a.status = ANY($2::text[])
           ORDER BY rank DESC, a.number COLLATE "C"
           LIMIT $3
         )
         SELECT numnode(q.query) > 0 AS searchable, h.rank,
                ts_headline('english', a.body, q.query, '${HEADLINE_OPTIONS}') AS snippet, ${ARTICLE_COLUMNS}
         FROM q
         LEFT JOIN hits h ON true
         LEFT JOIN knowledge.article a ON a.id = h.id
         ORDER BY h.rank DESC, a.number COLLATE "C"`,
        [query.replace(/\u0000/g, ' '), statuses, first],
      );
      if (!rows[0]?.searchable) return null;
      return rows
        .filter((row) => row.id !== null)
        .map((row) => ({ article: toArticle(row), rank: Number(row.rank), snippet: row.snippet ?? '' }));
    },

    createArticle: (input: NewArticle) =>
      db.transaction(async (tx) => {
        const [{ n }] = await tx.query<{ n: number }>(`SELECT nextval('knowledge.article_number')::int AS n`);
        const article: Article = {
          id: uuidv7(),
          number: articleNumber(Number(n)),
          title: input.title,
          body: input.body,
          status: 'DRAFT',
          author: input.author,
          itemIds: normalizeIds(input.itemIds),
          problemIds: normalizeIds(input.problemIds),
          createdAt: input.createdAt,
          updatedAt: input.createdAt,
          publishedAt: null,
          version: 1,
        };
        await tx.query(
          `INSERT INTO knowledge.article (id, number, title, body, status, author, created_at, updated_at, published_at, version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, 1)`,
          [article.id, article.number, article.title, article.body, article.status, article.author, article.createdAt, article.updatedAt],
        );
        await insertLinks(tx, article.id, article.itemIds, article.problemIds);
        return article;
      }),

    async updateArticle(id, expectedVersion, decide: (current: Article, now: Date) => ArticlePatch) {
      if (!storable(id)) throw new NotFoundError('knowledge article', id);
      return db.transaction(async (tx) => {
        const rows = await tx.query<ArticleRow>(`SELECT ${ARTICLE_COLUMNS} FROM knowledge.article a WHERE a.id = $1 FOR UPDATE`, [id]);
        if (!rows.length) throw new NotFoundError('knowledge article', id);
        const current = toArticle(rows[0]);
        if (expectedVersion != null && expectedVersion !== current.version) {
          throw new ConflictError('knowledge article', id, expectedVersion, current.version);
        }
        const now = new Date();
        const patch = decide(current, now);
        const updated: Article = {
          ...current,
          ...patch,
          itemIds: patch.itemIds ? normalizeIds(patch.itemIds) : current.itemIds,
          problemIds: patch.problemIds ? normalizeIds(patch.problemIds) : current.problemIds,
          updatedAt: now,
          version: current.version + 1,
        };
        await tx.query(
          `UPDATE knowledge.article
           SET title = $2, body = $3, status = $4, published_at = $5, updated_at = $6, version = $7
           WHERE id = $1`,
          [id, updated.title, updated.body, updated.status, updated.publishedAt, now, updated.version],
        );
        const itemsChanged = !sameIds(updated.itemIds, current.itemIds);
        const problemsChanged = !sameIds(updated.problemIds, current.problemIds);
        if (itemsChanged) await tx.query('DELETE FROM knowledge.article_item WHERE article_id = $1', [id]);
        if (problemsChanged) await tx.query('DELETE FROM knowledge.article_problem WHERE article_id = $1', [id]);
        await insertLinks(tx, id, itemsChanged ? updated.itemIds : [], problemsChanged ? updated.problemIds : []);
        return updated;
      });
    },

    async ping() {
      await db.query('SELECT 1');
    },

    close: () => db.close(),
  };
}
