import { traversalRequest } from '../domain';
import type { ConfigurationItemResolvers } from '../generated/resolvers';

export const ConfigurationItem: ConfigurationItemResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.itemById.load(reference.id),

  relationships: (item, _, { loaders }) => loaders.relationshipsOf.load(item.id),

  impact: (item, args, { store }) => store.traverse(traversalRequest([item.id], 'impact', args)),

  dependencies: (item, args, { store }) => store.traverse(traversalRequest([item.id], 'dependencies', args)),
};
