/** Per-request context of the CMDB subgraph: the service and fresh DataLoaders, so nothing cached crosses requests. */
import DataLoader from 'dataloader';
import { mapLoader } from '../../platform/loaders';
import type { ConfigurationItem, Relationship } from './domain';
import type { CmdbService } from './service';

export interface RequestContext {
  cmdb: CmdbService;
  /** Who acts, as the gateway vouched for it; null when anonymous. */
  actor: string | null;
  loaders: {
    itemById: DataLoader<string, ConfigurationItem | null>;
    itemByExternalId: DataLoader<string, ConfigurationItem | null>;
    relationshipsOf: DataLoader<string, Relationship[]>;
  };
}

export function createContext(cmdb: CmdbService, actor: string | null): RequestContext {
  return {
    cmdb,
    actor,
    loaders: {
      itemById: mapLoader<ConfigurationItem | null>((ids) => cmdb.itemsByIds(ids), null),
      itemByExternalId: mapLoader<ConfigurationItem | null>((externalIds) => cmdb.itemsByExternalIds(externalIds), null),
      relationshipsOf: new DataLoader(async (ids) => {
        const relationships = await cmdb.relationshipsOf(ids);
        return ids.map((id) => relationships.filter((r) => r.sourceId === id || r.targetId === id));
      }),
    },
  };
}
