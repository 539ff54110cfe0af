/** Builds the tickets subgraph server around a store; `index.ts` supplies the dependencies and starts it. */
import { subgraphSdl } from '../../schema/compose';
import { createSubgraphServer, type RunningServer } from '../../platform/subgraph-server';
import { createContext, type TicketsDeps } from './context';
import { DEFAULT_FEED_OPTIONS, EventFeed } from './events';
import { resolvers } from './resolvers';

export interface TicketsServerDeps extends Omit<TicketsDeps, 'feed'> {
  internalSecret: string | null;
  introspection?: boolean;
  eventRetentionHours?: number;
}

export function createTicketsServer(deps: TicketsServerDeps): RunningServer & { feed: EventFeed } {
  const feed = new EventFeed(deps.store, { ...DEFAULT_FEED_OPTIONS, retentionHours: deps.eventRetentionHours ?? DEFAULT_FEED_OPTIONS.retentionHours });
  const server = createSubgraphServer({
    name: 'tickets',
    typeDefs: subgraphSdl('tickets'),
    resolvers,
    context: (actor) => createContext({ ...deps, feed }, actor),
    readiness: [{ name: `tickets store (${deps.store.backend})`, check: () => deps.store.ping() }],
    internalSecret: deps.internalSecret,
    introspection: deps.introspection ?? true,
    subscriptions: true,
  });
  return {
    feed,
    httpServer: server.httpServer,
    async start(port) {
      await feed.start();
      return server.start(port);
    },
    async stop() {
      await server.stop();
      await feed.stop();
    },
  };
}
