/**
 * The knowledge service: every use case of the knowledge subgraph, between the resolvers (which
 * translate GraphQL) and the store (which persists inside a transaction). It validates each input
 * once, naming every problem, asks the CMDB and tickets subgraphs what the links name, and owns
 * the flow of each write; the decisions are the pure functions of domain.ts.
 */
import { BadUserInputError, requireIntInRange } from '../../platform/errors';
import {
  articleContent,
  MAX_SEARCH_HITS,
  MAX_SUGGESTIONS,
  publication,
  retirement,
  revision,
  SUGGESTION_DEPTH,
  suggestionOrder,
  type Article,
  type ArticleContent,
  type IncidentReference,
} from './domain';
import type { LinkDirectory } from './links';
import type { KnowledgeStore } from './store';

export interface KnowledgeServiceDeps {
  store: KnowledgeStore;
  links: LinkDirectory;
}

export interface ArticleInput {
  title: string;
  body: string;
  itemIds?: readonly string[] | null;
  problemIds?: readonly string[] | null;
}

export class KnowledgeService {
  constructor(private readonly deps: KnowledgeServiceDeps) {}

  // ------------------------------------------------------------ reads

  /** Published articles (drafts too with `includeDrafts`, never retired ones) matching `query`; `first` is 1..100. */
  async search(query: string, first: number, includeDrafts: boolean) {
    requireIntInRange('first', first, 1, MAX_SEARCH_HITS);
    const hits = await this.deps.store.search(query, includeDrafts ? ['PUBLISHED', 'DRAFT'] : ['PUBLISHED'], first);
    if (!hits) {
      throw new BadUserInputError(`query: ${JSON.stringify(query)} has no searchable word`, undefined, { argumentName: 'query' });
    }
    return hits;
  }

  /** `suggestedArticles(first)` is 1..20; checked before any incident of the batch is looked at. */
  checkSuggestionCount(first: number): number {
    return requireIntInRange('first', first, 1, MAX_SUGGESTIONS);
  }

  /**
   * The suggestions for a batch of incidents, at most `MAX_SUGGESTIONS` each (the resolver cuts to
   * `first`): one CMDB request for what all their items rely on and two store queries.
   */
  async suggestionsFor(incidents: readonly IncidentReference[]): Promise<Article[][]> {
    const { store, links } = this.deps;
    const itemsOf = incidents.map((incident) => (incident.affectedItems ?? []).map((item) => item.id));
    const problemIds = incidents.flatMap((incident) => (incident.problem ? [incident.problem.id] : []));
    const dependencies = await links.dependencies(itemsOf.flat(), SUGGESTION_DEPTH);
    const reachedIds = [...dependencies.values()].flatMap((hits) => hits.map((hit) => hit.id));
    const [ofProblems, ofItems] = await Promise.all([
      store.publishedArticlesOfProblems(problemIds),
      store.publishedArticlesOfItems([...new Set([...itemsOf.flat(), ...reachedIds])]),
    ]);
    return incidents.map((incident, index) => {
      // Several affected items may reach one item: it counts at its fewest hops from any of them.
      const distance = new Map<string, number>();
      for (const itemId of itemsOf[index]) {
        for (const hit of dependencies.get(itemId) ?? []) {
          distance.set(hit.id, Math.min(hit.distance, distance.get(hit.id) ?? Infinity));
        }
      }
      return suggestionOrder(
        {
          ofProblem: incident.problem ? ofProblems.get(incident.problem.id) ?? [] : [],
          ofItems: itemsOf[index].map((itemId) => ofItems.get(itemId) ?? []),
          ofDependencies: [...distance].map(([itemId, hops]) => ({ distance: hops, articles: ofItems.get(itemId) ?? [] })),
        },
        MAX_SUGGESTIONS,
      );
    });
  }

  // ------------------------------------------------------------ writes

  async create(input: ArticleInput, author: string | null): Promise<Article> {
    const content = await this.validContent(input, 'knowledge article rejected, nothing was written');
    return this.deps.store.createArticle({ ...content, author, createdAt: new Date() });
  }

  async update(id: string, input: ArticleInput, expectedVersion: number | null): Promise<Article> {
    const content = await this.validContent(input, 'knowledge article update rejected, nothing was written');
    return this.deps.store.updateArticle(id, expectedVersion, (current) => revision(current, content));
  }

  publish(id: string): Promise<Article> {
    return this.deps.store.updateArticle(id, null, (current, now) => publication(current, now));
  }

  retire(id: string): Promise<Article> {
    return this.deps.store.updateArticle(id, null, (current) => retirement(current));
  }

  /** Blank title or body and every bad link, in one BAD_USER_INPUT; both subgraphs are asked at once. */
  private async validContent(input: ArticleInput, summary: string): Promise<ArticleContent> {
    const { content, problems } = articleContent(input);
    const [itemProblems, problemProblems] = await Promise.all([
      content.itemIds.length ? this.deps.links.itemProblems(content.itemIds, 'input.itemIds') : [],
      content.problemIds.length ? this.deps.links.problemProblems(content.problemIds, 'input.problemIds') : [],
    ]);
    problems.push(...itemProblems, ...problemProblems);
    if (problems.length) throw BadUserInputError.of(problems, summary);
    return content;
  }
}
