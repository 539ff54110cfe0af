/** The knowledge subgraph's resolver map, one file per GraphQL type. */
import { DateTimeScalar } from '../../../platform/scalars';
import type { Resolvers } from '../generated/resolvers';
import { ConfigurationItem } from './ConfigurationItem';
import { Incident } from './Incident';
import { KnowledgeArticle } from './KnowledgeArticle';
import { Mutation } from './Mutation';
import { Problem } from './Problem';
import { Query } from './Query';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query,
  Mutation,
  KnowledgeArticle,
  ConfigurationItem,
  Problem,
  Incident,
};
