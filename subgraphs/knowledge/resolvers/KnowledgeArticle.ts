import type DataLoader from 'dataloader';
import type { KnowledgeArticleResolvers } from '../generated/resolvers';

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Ids ordered by what another subgraph calls them (item names, problem numbers), then by id. One
 * link needs no lookup; the lookups of all articles in a response share one request.
 */
async function orderedBy(ids: string[], label: DataLoader<string, string | null>): Promise<string[]> {
  if (ids.length < 2) return ids;
  const labels = await label.loadMany(ids);
  const keyed = ids.map((id, index) => {
    const value = labels[index];
    if (value instanceof Error) throw value;
    return { id, label: value };
  });
  // Links are checked when written and nothing is ever deleted, so every id has its label; an id
  // without one would sort last rather than fail the list.
  keyed.sort((a, b) =>
    a.label === b.label ? byCodePoint(a.id, b.id) : a.label === null ? 1 : b.label === null ? -1 : byCodePoint(a.label, b.label) || byCodePoint(a.id, b.id),
  );
  return keyed.map((entry) => entry.id);
}

export const KnowledgeArticle: KnowledgeArticleResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.articleById.load(reference.id),

  items: async (article, _, { loaders }) =>
    (await orderedBy(article.itemIds, loaders.itemName)).map((id) => ({ __typename: 'ConfigurationItem' as const, id })),

  problems: async (article, _, { loaders }) =>
    (await orderedBy(article.problemIds, loaders.problemNumber)).map((id) => ({ __typename: 'Problem' as const, id })),
};
