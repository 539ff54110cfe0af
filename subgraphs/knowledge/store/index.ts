/**
 * The knowledge store: the only place that speaks SQL for articles. One implementation serves
 * PGlite and PostgreSQL (store/sql.ts) and passes the contract suite
 * (test/knowledge-store.int.test.ts) on both.
 */
import type { Article, ArticlePatch, ArticleStatus, NewArticle, SearchHit } from '../domain';

export interface KnowledgeStore {
  readonly backend: 'pglite' | 'postgres';

  articlesByIds(ids: readonly string[]): Promise<Map<string, Article>>;
  /** PUBLISHED articles linked to each item, by number. */
  publishedArticlesOfItems(itemIds: readonly string[]): Promise<Map<string, Article[]>>;
  /** PUBLISHED articles linked to each problem, by number. */
  publishedArticlesOfProblems(problemIds: readonly string[]): Promise<Map<string, Article[]>>;
  /**
   * Full-text search: `websearch_to_tsquery('english', query)` against title (weight A) and body
   * (weight B), articles of `statuses` only, by `ts_rank_cd` descending then number, at most `first`
   * (validated). Null when the query has no searchable word (only stop words or punctuation).
   */
  search(query: string, statuses: ArticleStatus[], first: number): Promise<SearchHit[] | null>;

  /** Inserts a DRAFT with the next number (never reused), version 1, and its links. */
  createArticle(article: NewArticle): Promise<Article>;
  /**
   * Read-modify-write in one transaction: locks the article, checks `expectedVersion` (CONFLICT),
   * asks `decide` for the patch (it may throw; then nothing is written), writes it with version + 1.
   * NOT_FOUND for an unknown id.
   */
  updateArticle(id: string, expectedVersion: number | null, decide: (current: Article, now: Date) => ArticlePatch): Promise<Article>;

  ping(): Promise<void>;
  close(): Promise<void>;
}
