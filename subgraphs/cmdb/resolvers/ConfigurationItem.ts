import type { ConfigurationItemResolvers } from '../generated/resolvers';

export const ConfigurationItem: ConfigurationItemResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.itemById.load(reference.id),

  relationships: (item, _, { loaders }) => loaders.relationshipsOf.load(item.id),

  impact: (item, args, { cmdb }) => cmdb.traverse([item.id], 'impact', args),

  dependencies: (item, args, { cmdb }) => cmdb.traverse([item.id], 'dependencies', args),
};
