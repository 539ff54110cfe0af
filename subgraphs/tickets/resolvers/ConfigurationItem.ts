import type { ConfigurationItemResolvers } from '../generated/resolvers';

export const ConfigurationItem: ConfigurationItemResolvers = {
  // The CMDB owns items; this subgraph only contributes their tickets, keyed by id.
  __resolveReference: (reference) => ({ id: reference.id }),

  openIncidents: (item, _, { loaders }) => loaders.openIncidentsOf.load(item.id),

  changes: (item, { openOnly }, { loaders }) => (openOnly ? loaders.openChangesOf : loaders.changesOf).load(item.id),
};
