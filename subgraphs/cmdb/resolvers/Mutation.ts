import type { ItemInput, RelationshipInput } from '../domain';
import type { MutationResolvers } from '../generated/resolvers';

export const Mutation: MutationResolvers = {
  importConfigurationItems: (_, { items, relationships }, { store }) =>
    store.importItems(items as ItemInput[], (relationships ?? []) as RelationshipInput[]),

  updateConfigurationItem: (_, { id, input, expectedVersion }, { store }) =>
    store.updateItem(id, input as ItemInput, expectedVersion ?? null),

  retireConfigurationItem: (_, { id }, { store }) => store.retireItem(id),

  addRelationship: (_, { sourceId, targetId, type }, { store }) => store.addRelationship(sourceId, targetId, type),

  removeRelationship: (_, { sourceId, targetId, type }, { store }) => store.removeRelationship(sourceId, targetId, type),
};
