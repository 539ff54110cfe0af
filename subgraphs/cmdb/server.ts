/** Builds the CMDB subgraph server around a store; `index.ts` supplies the store and starts it. */
import { subgraphSdl } from '../../schema/compose';
import { createSubgraphServer, type RunningServer } from '../../platform/subgraph-server';
import { createContext } from './context';
import { resolvers } from './resolvers';
import type { CmdbStore } from './store';

export interface CmdbServerDeps {
  store: CmdbStore;
  internalSecret: string | null;
  introspection?: boolean;
}

export function createCmdbServer(deps: CmdbServerDeps): RunningServer {
  return createSubgraphServer({
    name: 'cmdb',
    typeDefs: subgraphSdl('cmdb'),
    resolvers,
    context: (actor) => createContext(deps.store, actor),
    readiness: [{ name: `cmdb store (${deps.store.backend})`, check: () => deps.store.ping() }],
    internalSecret: deps.internalSecret,
    introspection: deps.introspection ?? true,
  });
}
