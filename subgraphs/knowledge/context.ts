/** Per-request context of the knowledge subgraph: the service, the store's reads and fresh DataLoaders. */
import DataLoader from 'dataloader';
import { mapLoader } from '../../platform/loaders';
import type { Article, IncidentReference } from './domain';
import type { LinkDirectory } from './links';
import type { KnowledgeService } from './service';
import type { KnowledgeStore } from './store';

export interface KnowledgeDeps {
  /** Reads by key for the loaders. Writes go through `service`. */
  store: KnowledgeStore;
  service: KnowledgeService;
  links: LinkDirectory;
}

export interface RequestContext extends KnowledgeDeps {
  /** The caller's identity as the gateway forwarded it; the author of what they create. */
  actor: string | null;
  loaders: {
    articleById: DataLoader<string, Article | null>;
    publishedOfItem: DataLoader<string, Article[]>;
    publishedOfProblem: DataLoader<string, Article[]>;
    /** Suggestions per incident: the incidents of one response cost one CMDB request together. */
    suggestionsFor: DataLoader<IncidentReference, Article[], string>;
    /** Item names and problem numbers that order articles' links: one request per response. */
    itemName: DataLoader<string, string | null>;
    problemNumber: DataLoader<string, string | null>;
  };
}

export function createContext(deps: KnowledgeDeps, actor: string | null): RequestContext {
  const { store, service, links } = deps;
  return {
    ...deps,
    actor,
    loaders: {
      articleById: mapLoader<Article | null>((ids) => store.articlesByIds(ids), null),
      publishedOfItem: mapLoader<Article[]>((ids) => store.publishedArticlesOfItems(ids), []),
      publishedOfProblem: mapLoader<Article[]>((ids) => store.publishedArticlesOfProblems(ids), []),
      suggestionsFor: new DataLoader<IncidentReference, Article[], string>((incidents) => service.suggestionsFor(incidents), {
        cacheKeyFn: (incident) => incident.id,
      }),
      itemName: mapLoader<string | null>((ids) => links.itemNames([...ids]), null),
      problemNumber: mapLoader<string | null>((ids) => links.problemNumbers([...ids]), null),
    },
  };
}
