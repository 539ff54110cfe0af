/** Builds the CMDB subgraph server around a store; `index.ts` supplies the store and starts it. */
import { subgraphSdl } from '../../schema/compose';
import { observeTraversalCache } from '../../platform/metrics';
import { createSubgraphServer, type RunningServer } from '../../platform/subgraph-server';
import { attachChangeCount } from './change-count';
import type { CmdbConfig } from './config';
import { createContext } from './context';
import { resolvers } from './resolvers';
import { createCmdbService } from './service';
import type { CmdbStore } from './store';

export interface CmdbServerDeps {
  /** The service's whole configuration (config.ts), so no setting is lost on the way. */
  config: CmdbConfig;
  store: CmdbStore;
}

export function createCmdbServer(deps: CmdbServerDeps): RunningServer {
  const cmdb = createCmdbService(deps.store, { traversalCacheBytes: deps.config.traversalCacheMb * 1024 * 1024 });
  const server = createSubgraphServer({
    name: 'cmdb',
    typeDefs: subgraphSdl('cmdb'),
    resolvers,
    context: (actor) => createContext(cmdb, actor),
    readiness: [
      { name: `cmdb store (${deps.store.backend})`, check: () => deps.store.ping() },
      // Always ready; reports the cache's hit counts and memory under `details` in /readyz.
      { name: 'traversal cache', check: async () => ({ ...cmdb.traversals.stats() }) },
    ],
    internalSecret: deps.config.internalSecret,
    introspection: deps.config.introspection,
    metricsToken: deps.config.telemetry.metricsToken,
  });
  // The gateway's answer cache reads the change counter before each CMDB-only query (gateway/answer-cache.ts).
  attachChangeCount(server.httpServer, { changeCount: () => deps.store.changeCount(), internalSecret: deps.config.internalSecret });
  let unobserve = () => undefined as void;
  return {
    httpServer: server.httpServer,
    async start(port, host) {
      const url = await server.start(port, host);
      unobserve = observeTraversalCache(() => cmdb.traversals.stats());
      return url;
    },
    async stop() {
      unobserve();
      await server.stop();
    },
  };
}
