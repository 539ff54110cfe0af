/** Builds the tickets subgraph server around a store; `index.ts` supplies the dependencies and starts it. */
import { subgraphSdl } from '../../schema/compose';
import { createSubgraphServer, type RunningServer } from '../../platform/subgraph-server';
import { createContext, type TicketsDeps } from './context';
import { resolvers } from './resolvers';

export interface TicketsServerDeps extends TicketsDeps {
  internalSecret: string | null;
  introspection?: boolean;
}

export function createTicketsServer(deps: TicketsServerDeps): RunningServer {
  return createSubgraphServer({
    name: 'tickets',
    typeDefs: subgraphSdl('tickets'),
    resolvers,
    context: (actor) => createContext(deps, actor),
    readiness: [{ name: `tickets store (${deps.store.backend})`, check: () => deps.store.ping() }],
    internalSecret: deps.internalSecret,
    introspection: deps.introspection ?? true,
  });
}
