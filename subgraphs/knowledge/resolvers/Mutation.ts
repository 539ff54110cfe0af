import type { MutationResolvers } from '../generated/resolvers';

export const Mutation: MutationResolvers = {
  createKnowledgeArticle: (_, { input }, { service, actor }) => service.create(input, actor),

  updateKnowledgeArticle: (_, { id, input, expectedVersion }, { service }) => service.update(id, input, expectedVersion ?? null),

  publishKnowledgeArticle: (_, { id }, { service }) => service.publish(id),

  retireKnowledgeArticle: (_, { id }, { service }) => service.retire(id),
};
