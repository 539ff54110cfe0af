/** Builds the tickets subgraph server around a store; `index.ts` supplies the dependencies and starts it. */
import { subgraphSdl } from '../../schema/compose';
import { observeEventFeed } from '../../platform/metrics';
import { createSubgraphServer, type RunningServer } from '../../platform/subgraph-server';
import type { TicketsConfig } from './config';
import { createContext } from './context';
import { DEFAULT_FEED_OPTIONS, EventFeed } from './events';
import { attachTicketExport } from './export';
import { cmdbItemDirectory, type CmdbClient } from './items';
import { resolvers } from './resolvers';
import { ServiceClosures } from './service-closures';
import { TicketService } from './service';
import type { TicketStore } from './store';

export interface TicketsServerDeps {
  /** The service's whole configuration (config.ts), so no setting is lost on the way. */
  config: TicketsConfig;
  store: TicketStore;
  /** Default: the CMDB subgraph at `config.cmdbUrl`. */
  items?: CmdbClient;
}

export function createTicketsServer(deps: TicketsServerDeps): RunningServer & { feed: EventFeed; closures: ServiceClosures } {
  const { config, store } = deps;
  const items = deps.items ?? cmdbItemDirectory(() => config.cmdbUrl, config.internalSecret);
  const closures = new ServiceClosures(items);
  const feed = new EventFeed(store, { ...DEFAULT_FEED_OPTIONS, retentionHours: config.eventRetentionHours }, closures);
  const service = new TicketService({ store, cmdb: items, slaTargets: config.slaTargets, sla: config.sla });
  const server = createSubgraphServer({
    name: 'tickets',
    typeDefs: subgraphSdl('tickets'),
    resolvers,
    context: (actor) => createContext({ store, service, feed }, actor),
    readiness: [{ name: `tickets store (${deps.store.backend})`, check: () => deps.store.ping() }, feed.readiness()],
    internalSecret: config.internalSecret,
    introspection: config.introspection,
    subscriptions: true,
    metricsToken: config.telemetry.metricsToken,
  });
  attachTicketExport(server.httpServer, { service, internalSecret: config.internalSecret });
  let unobserve = () => undefined as void;
  return {
    feed,
    closures,
    httpServer: server.httpServer,
    async start(port, host) {
      await feed.start();
      const url = await server.start(port, host);
      unobserve = observeEventFeed(async () => {
        const lag = await feed.lag();
        return { lagEvents: lag.events, msSinceLastRead: lag.msSinceLastPoll, subscribers: feed.subscriberCount };
      });
      return url;
    },
    async stop() {
      unobserve();
      await server.stop();
      await feed.stop();
      await closures.stop();
    },
  };
}
