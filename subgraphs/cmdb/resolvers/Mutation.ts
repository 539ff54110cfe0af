import type { ItemInput, RelationshipInput } from '../domain';
import type { MutationResolvers } from '../generated/resolvers';

export const Mutation: MutationResolvers = {
  importConfigurationItems: (_, { items, relationships }, { cmdb }) =>
    cmdb.importItems(items as ItemInput[], (relationships ?? []) as RelationshipInput[]),

  updateConfigurationItem: (_, { id, input, expectedVersion }, { cmdb }) =>
    cmdb.updateItem(id, input as ItemInput, expectedVersion ?? null),

  retireConfigurationItem: (_, { id }, { cmdb }) => cmdb.retireItem(id),

  addRelationship: (_, { sourceId, targetId, type }, { cmdb }) => cmdb.addRelationship(sourceId, targetId, type),

  removeRelationship: (_, { sourceId, targetId, type }, { cmdb }) => cmdb.removeRelationship(sourceId, targetId, type),
};
