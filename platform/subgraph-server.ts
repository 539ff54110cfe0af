/**
 * One factory for both subgraphs: an `@apollo/subgraph` schema on Apollo Server,
 * served over HTTP with health endpoints, accepting GraphQL only from the
 * gateway when an internal secret is configured (direct access would expose
 * `_entities` and bypass the gateway's limits and identity checks).
 */
import type { Server } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { ApolloServer, type BaseContext } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { parse } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { ForbiddenError, maskInternalErrors } from './errors';
import { close, createGraphQLHttpServer, graphqlUrl, listen, type ReadinessCheck } from './http';
import { requestTelemetry } from './request-telemetry';
import { guardFieldsByScope, parseScopesHeader, scopePolicy, SCOPES_HEADER, withGrantedScopes } from './scopes';
import { sameSecret } from './secrets';

export const INTERNAL_SECRET_HEADER = 'x-hub-internal-secret';
export const ACTOR_HEADER = 'x-hub-actor';

export interface SubgraphServerOptions<TContext extends BaseContext> {
  name: string;
  typeDefs: string;
  resolvers: unknown;
  /** Builds the per-request context for the actor the gateway forwarded. */
  context: (actor: string | null) => TContext;
  readiness: ReadinessCheck[];
  /** When set, requests without this value in `x-hub-internal-secret` are refused. */
  internalSecret: string | null;
  introspection: boolean;
  maxBodyBytes?: number;
  /** Also serve subscriptions over graphql-ws on `/graphql` (the tickets subgraph's event stream, for the gateway). */
  subscriptions?: boolean;
  /** METRICS_TOKEN: when set, `GET /metrics` needs it as a bearer token. */
  metricsToken?: string | null;
}

export interface RunningServer {
  /**
   * Starts listening; resolves to the GraphQL URL. Port 0 picks a free port; `host` is the address
   * to listen on (unset: every interface; the hub's own process passes the loopback address).
   */
  start(port: number, host?: string): Promise<string>;
  stop(): Promise<void>;
  readonly httpServer: Server;
}

export function createSubgraphServer<TContext extends BaseContext>(options: SubgraphServerOptions<TContext>): RunningServer {
  const typeDefs = parse(options.typeDefs);
  const schema = buildSubgraphSchema([{ typeDefs, resolvers: options.resolvers as GraphQLResolverMap<TContext> }]);
  // The fields this subgraph's SDL protects with @requiresScopes/@authenticated answer only callers
  // whose forwarded scopes meet them (platform/scopes.ts).
  guardFieldsByScope(schema, scopePolicy(typeDefs));
  const apollo = new ApolloServer<TContext>({
    schema,
    introspection: options.introspection,
    includeStacktraceInErrorResponses: false,
    // The process owner (platform/service.ts, tests) stops servers and stores in order; Apollo's own
    // signal handlers would stop this server a second time, concurrently.
    stopOnTerminationSignals: false,
    formatError: maskInternalErrors(options.name),
    // Inline traces are for Apollo's hosted studio, which the hub does not report to; cache hints
    // cost a hook on every resolved field, and no cache in front of the hub reads them.
    plugins: [ApolloServerPluginInlineTraceDisabled(), ApolloServerPluginCacheControlDisabled(), requestTelemetry(options.name)],
  });
  const context = async (request: IncomingMessage): Promise<TContext> => {
    if (options.internalSecret && !sameSecret(request.headers[INTERNAL_SECRET_HEADER], options.internalSecret)) {
      throw new ForbiddenError(`the ${options.name} subgraph answers only the hub's gateway`, { http: { status: 403 } });
    }
    const actor = request.headers[ACTOR_HEADER];
    // The caller's scopes, as the gateway forwarded them (trusted as the actor is: the secret was checked).
    return withGrantedScopes(options.context(typeof actor === 'string' && actor !== '' ? decodeURIComponent(actor) : null), parseScopesHeader(request.headers[SCOPES_HEADER]));
  };
  const httpServer = createGraphQLHttpServer({
    service: options.name,
    apollo,
    context,
    readiness: options.readiness,
    maxBodyBytes: options.maxBodyBytes ?? 64 * 1024 * 1024,
    metricsToken: options.metricsToken,
  });
  let stopSubscriptions = async () => undefined as void;
  if (options.subscriptions) {
    const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql' });
    const cleanup = useServer<Record<string, unknown>>(
      {
        schema,
        onConnect: ({ connectionParams }) =>
          !options.internalSecret || sameSecret(connectionParams?.[INTERNAL_SECRET_HEADER], options.internalSecret),
        context: ({ connectionParams }) => {
          const actor = connectionParams?.[ACTOR_HEADER];
          return options.context(typeof actor === 'string' && actor !== '' ? actor : null);
        },
      },
      wsServer,
    );
    stopSubscriptions = async () => {
      await cleanup.dispose();
      wsServer.close();
    };
  }
  let started = false;
  return {
    httpServer,
    async start(port, host) {
      await apollo.start();
      started = true;
      const bound = await listen(httpServer, port, host);
      return graphqlUrl(host, bound);
    },
    async stop() {
      await stopSubscriptions();
      await close(httpServer);
      if (started) await apollo.stop();
    },
  };
}
