/** Per-request context of the CMDB subgraph: the store and fresh DataLoaders, so nothing cached crosses requests. */
import DataLoader from 'dataloader';
import { mapLoader } from '../../platform/loaders';
import type { ConfigurationItem, Relationship } from './domain';
import type { CmdbStore } from './store';

export interface RequestContext {
  store: CmdbStore;
  /** Who acts, as the gateway vouched for it; null when anonymous. */
  actor: string | null;
  loaders: {
    itemById: DataLoader<string, ConfigurationItem | null>;
    itemByExternalId: DataLoader<string, ConfigurationItem | null>;
    relationshipsOf: DataLoader<string, Relationship[]>;
  };
}

export function createContext(store: CmdbStore, actor: string | null): RequestContext {
  return {
    store,
    actor,
    loaders: {
      itemById: mapLoader<ConfigurationItem | null>((ids) => store.itemsByIds(ids), null),
      itemByExternalId: mapLoader<ConfigurationItem | null>((externalIds) => store.itemsByExternalIds(externalIds), null),
      relationshipsOf: new DataLoader(async (ids) => {
        const relationships = await store.relationshipsOf(ids);
        return ids.map((id) => relationships.filter((r) => r.sourceId === id || r.targetId === id));
      }),
    },
  };
}
