import { decodeCursor, encodeCursor } from '../../../platform/scalars';
import type { ItemCursor } from '../domain';
import type { QueryResolvers } from '../generated/resolvers';

export const Query: QueryResolvers = {
  configurationItem: (_, { id }, { loaders }) => loaders.itemById.load(id),

  configurationItemByExternalId: (_, { externalId }, { loaders }) => loaders.itemByExternalId.load(externalId),

  async configurationItems(_, { filter, first, after }, { cmdb }) {
    let cursor: ItemCursor | null = null;
    if (after != null) {
      const [name, id] = decodeCursor(after, ['string', 'string']) as [string, string];
      cursor = { name, id };
    }
    const page = await cmdb.listItems(filter ?? {}, first ?? 50, cursor);
    const edges = page.items.map((node) => ({ cursor: encodeCursor([node.name, node.id]), node }));
    return {
      edges,
      totalCount: page.totalCount,
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
    };
  },

  impactAnalysis: (_, { itemIds, depth, types, limit }, { cmdb }) => cmdb.impactAnalysis(itemIds, { depth, types, limit }),

  outageSimulation: (_, { itemIds, types, limit }, { cmdb }) => cmdb.outage(itemIds, { types, limit }),

  itemsRelyingOn: (_, { rootIds, candidateIds }, { cmdb }) => cmdb.itemsRelyingOn(rootIds, candidateIds),

  businessServicesReached: (_, { itemSets, depth }, { cmdb }) => cmdb.businessServicesReached(itemSets, depth),

  probableCauseCandidates: (_, { itemSets, depth, first }, { cmdb }) => cmdb.probableCauseCandidates(itemSets, depth, first),

  dependencyClosures: (_, { itemSets, depth }, { cmdb }) => cmdb.dependencyClosures(itemSets, depth),

  cmdbChangeCount: (_, __, { cmdb }) => cmdb.changeCount(),
};
