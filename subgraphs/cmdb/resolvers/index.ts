/** The CMDB subgraph's resolver map, one file per GraphQL type. */
import { DateTimeScalar, JSONScalar } from '../../../platform/scalars';
import type { Resolvers } from '../generated/resolvers';
import { ChangeRequest } from './ChangeRequest';
import { ConfigurationItem } from './ConfigurationItem';
import { Mutation } from './Mutation';
import { OutageItem, OutageReport } from './OutageReport';
import { Query } from './Query';
import { Relationship } from './Relationship';
import { TraversalReport } from './TraversalReport';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  JSON: JSONScalar,
  Query,
  Mutation,
  ConfigurationItem,
  Relationship,
  TraversalReport,
  ChangeRequest,
  OutageReport,
  OutageItem,
};
