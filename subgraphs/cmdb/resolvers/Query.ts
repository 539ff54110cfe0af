import { BadUserInputError, requireIntInRange } from '../../../platform/errors';
import { decodeCursor, encodeCursor } from '../../../platform/scalars';
import { MAX_PAGE_SIZE, traversalRequest, type ItemCursor } from '../domain';
import type { QueryResolvers } from '../generated/resolvers';

export const Query: QueryResolvers = {
  configurationItem: (_, { id }, { loaders }) => loaders.itemById.load(id),

  configurationItemByExternalId: (_, { externalId }, { loaders }) => loaders.itemByExternalId.load(externalId),

  async configurationItems(_, { filter, first, after }, { store }) {
    const size = requireIntInRange('first', first ?? 50, 1, MAX_PAGE_SIZE);
    let cursor: ItemCursor | null = null;
    if (after != null) {
      const [name, id] = decodeCursor(after, ['string', 'string']) as [string, string];
      cursor = { name, id };
    }
    const page = await store.listItems(filter ?? {}, size, cursor);
    const edges = page.items.map((node) => ({ cursor: encodeCursor([node.name, node.id]), node }));
    return {
      edges,
      totalCount: page.totalCount,
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
    };
  },

  impactAnalysis(_, { itemIds, depth, types, limit }, { store }) {
    if (itemIds.length === 0) {
      throw new BadUserInputError('itemIds: name at least one configuration item', undefined, { argumentName: 'itemIds' });
    }
    return store.traverse(traversalRequest(itemIds, 'impact', { depth, types, limit }));
  },
};
