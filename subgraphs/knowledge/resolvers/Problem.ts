import type { ProblemResolvers } from '../generated/resolvers';

export const Problem: ProblemResolvers = {
  // The tickets subgraph owns problems; this subgraph only contributes their articles, keyed by id.
  __resolveReference: (reference) => ({ id: reference.id }),

  knowledgeArticles: (problem, _, { loaders }) => loaders.publishedOfProblem.load(problem.id),
};
