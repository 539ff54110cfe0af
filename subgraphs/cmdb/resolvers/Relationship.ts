import type { ConfigurationItem } from '../domain';
import type { RelationshipResolvers } from '../generated/resolvers';

/** Items are retired, never deleted, so both ends of a relationship always exist. */
async function end(load: Promise<ConfigurationItem | null>, id: string): Promise<ConfigurationItem> {
  const item = await load;
  if (!item) throw new Error(`relationship end ${id} has no item`);
  return item;
}

export const Relationship: RelationshipResolvers = {
  source: (relationship, _, { loaders }) => end(loaders.itemById.load(relationship.sourceId), relationship.sourceId),
  target: (relationship, _, { loaders }) => end(loaders.itemById.load(relationship.targetId), relationship.targetId),
};
