/** Builds the knowledge subgraph server around a store; `index.ts` supplies the dependencies and starts it. */
import { subgraphSdl } from '../../schema/compose';
import { createSubgraphServer, type RunningServer } from '../../platform/subgraph-server';
import type { KnowledgeConfig } from './config';
import { createContext } from './context';
import { linkDirectory, type LinkDirectory } from './links';
import { resolvers } from './resolvers';
import { KnowledgeService } from './service';
import type { KnowledgeStore } from './store';

export interface KnowledgeServerDeps {
  /** The service's whole configuration (config.ts), so no setting is lost on the way. */
  config: KnowledgeConfig;
  store: KnowledgeStore;
  /** Default: the CMDB and tickets subgraphs at `config.cmdbUrl` and `config.ticketsUrl`. */
  links?: LinkDirectory;
}

export function createKnowledgeServer(deps: KnowledgeServerDeps): RunningServer {
  const { config, store } = deps;
  const links = deps.links ?? linkDirectory({ cmdb: () => config.cmdbUrl, tickets: () => config.ticketsUrl }, config.internalSecret);
  const service = new KnowledgeService({ store, links });
  return createSubgraphServer({
    name: 'knowledge',
    typeDefs: subgraphSdl('knowledge'),
    resolvers,
    context: (actor) => createContext({ store, service, links }, actor),
    readiness: [{ name: `knowledge store (${store.backend})`, check: () => store.ping() }],
    internalSecret: config.internalSecret,
    introspection: config.introspection,
    metricsToken: config.telemetry.metricsToken,
  });
}
