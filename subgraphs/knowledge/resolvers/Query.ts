import type { QueryResolvers } from '../generated/resolvers';

export const Query: QueryResolvers = {
  knowledgeArticle: (_, { id }, { loaders }) => loaders.articleById.load(id),

  searchKnowledge: (_, { query, first, includeDrafts }, { service }) => service.search(query, first ?? 20, includeDrafts ?? false),
};
