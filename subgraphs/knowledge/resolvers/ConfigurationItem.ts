import type { ConfigurationItemResolvers } from '../generated/resolvers';

export const ConfigurationItem: ConfigurationItemResolvers = {
  // The CMDB owns items; this subgraph only contributes their articles, keyed by id.
  __resolveReference: (reference) => ({ id: reference.id }),

  knowledgeArticles: (item, _, { loaders }) => loaders.publishedOfItem.load(item.id),
};
