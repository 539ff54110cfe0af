/**
 * The knowledge domain: articles, their numbering and life cycle, what a write must satisfy, and
 * the order of an incident's suggested articles. Stores persist what these rules decide.
 */
import { BadUserInputError } from '../../platform/errors';

export type ArticleStatus = 'DRAFT' | 'PUBLISHED' | 'RETIRED';

export interface Article {
  id: string;
  /** KB and seven digits. */
  number: string;
  title: string;
  body: string;
  status: ArticleStatus;
  author: string | null;
  /** Linked items and problems, each once, in code point order. */
  itemIds: string[];
  problemIds: string[];
  createdAt: Date;
  updatedAt: Date;
  publishedAt: Date | null;
  version: number;
}

/** What a writer supplies: title, body and links (create, and the whole replacement on update). */
export interface ArticleContent {
  title: string;
  body: string;
  itemIds: string[];
  problemIds: string[];
}

export interface NewArticle extends ArticleContent {
  author: string | null;
  createdAt: Date;
}

/** The fields one change sets; the store adds `version + 1` and `updatedAt`. */
export type ArticlePatch = Partial<Pick<Article, 'title' | 'body' | 'status' | 'itemIds' | 'problemIds' | 'publishedAt'>>;

export interface SearchHit {
  article: Article;
  rank: number;
  snippet: string;
}

/** Federation references: entities other subgraphs own, by key (and an incident's `@requires` fields). */
export interface ItemReference {
  id: string;
}
export interface ProblemReference {
  id: string;
}
export interface IncidentReference {
  id: string;
  problem?: { id: string } | null;
  affectedItems?: { id: string }[] | null;
}

export const MAX_SEARCH_HITS = 100;
export const MAX_SUGGESTIONS = 20;
/** How far `suggestedArticles` follows what an incident's items rely on. */
export const SUGGESTION_DEPTH = 3;

export function articleNumber(n: number): string {
  return `KB${String(n).padStart(7, '0')}`;
}

/** Ids as stored: each once, in code point order. */
export function normalizeIds(ids: readonly string[] | null | undefined): string[] {
  return [...new Set(ids ?? [])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The content of an input as stored (absent link lists are empty), and every problem with its title and body. */
export function articleContent(input: { title: string; body: string; itemIds?: readonly string[] | null; problemIds?: readonly string[] | null }): {
  content: ArticleContent;
  problems: string[];
} {
  const problems: string[] = [];
  if (input.title.trim() === '') problems.push('input.title: must not be blank');
  if (input.body.trim() === '') problems.push('input.body: must not be blank');
  return {
    content: { title: input.title, body: input.body, itemIds: normalizeIds(input.itemIds), problemIds: normalizeIds(input.problemIds) },
    problems,
  };
}

function refuse(article: Article, action: string, allowedFrom: ArticleStatus[]): never {
  throw new BadUserInputError(
    `id: ${article.number} is ${article.status}; only ${allowedFrom.join(' or ')} articles can be ${action}`,
    undefined,
    { argumentName: 'id', status: article.status },
  );
}

/** `updateKnowledgeArticle`: replaces title, body and links; a RETIRED article cannot be edited. */
export function revision(article: Article, content: ArticleContent): ArticlePatch {
  if (article.status === 'RETIRED') refuse(article, 'updated', ['DRAFT', 'PUBLISHED']);
  return { ...content };
}

/** `publishKnowledgeArticle`: DRAFT → PUBLISHED, stamping `publishedAt`. */
export function publication(article: Article, now: Date): ArticlePatch {
  if (article.status !== 'DRAFT') refuse(article, 'published', ['DRAFT']);
  return { status: 'PUBLISHED', publishedAt: now };
}

/** `retireKnowledgeArticle`: DRAFT | PUBLISHED → RETIRED. */
export function retirement(article: Article): ArticlePatch {
  if (article.status === 'RETIRED') refuse(article, 'retired', ['DRAFT', 'PUBLISHED']);
  return { status: 'RETIRED' };
}

/** What an incident's suggestions are drawn from, each list of articles published and by number. */
export interface SuggestionSources {
  /** Articles linked to the incident's problem. */
  ofProblem: Article[];
  /** Articles linked to each affected item. */
  ofItems: Article[][];
  /** Articles linked to what the items rely on, with that item's fewest hops from any affected item. */
  ofDependencies: { distance: number; articles: Article[] }[];
}

const byNumber = (a: Article, b: Article) => (a.number < b.number ? -1 : a.number > b.number ? 1 : 0);

/**
 * The contract's order: the problem's articles; then the affected items'; then those of what the
 * items rely on, nearest first; within each step by number; each article once, at its first step.
 */
export function suggestionOrder(sources: SuggestionSources, first: number): Article[] {
  const seen = new Set<string>();
  const ordered: Article[] = [];
  const take = (articles: Article[]) => {
    for (const article of [...articles].sort(byNumber)) {
      if (seen.has(article.id)) continue;
      seen.add(article.id);
      ordered.push(article);
    }
  };
  take(sources.ofProblem);
  take(sources.ofItems.flat());
  const distances = [...new Set(sources.ofDependencies.map((d) => d.distance))].sort((a, b) => a - b);
  for (const distance of distances) {
    take(sources.ofDependencies.filter((d) => d.distance === distance).flatMap((d) => d.articles));
  }
  return ordered.slice(0, first);
}
