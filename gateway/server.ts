/**
 * The hub's front door: `@apollo/gateway` on Apollo Server, loading the
 * committed supergraph and calling the subgraphs over HTTP, with the limits
 * that protect the stores, identity checked once, and health endpoints.
 */
import type { Server } from 'node:http';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ApolloServer, type GraphQLRequestContext } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { GraphQLFormattedError, GraphQLSchema } from 'graphql';
import { maskInternalErrors, ServiceUnavailableError } from '../platform/errors';
import { close, createGraphQLHttpServer, listen, type ReadinessCheck } from '../platform/http';
import { ACTOR_HEADER, INTERNAL_SECRET_HEADER } from '../platform/subgraph-server';
import type { GatewayConfig } from './config';
import { assertMayMutate, identify, type Identity } from './identity';
import { withSingleSubgraphShortcut } from './single-subgraph';
import { attachSubscriptions } from './subscriptions';

export interface GatewayContext {
  identity: Identity;
}

export interface GatewayDeps extends Omit<GatewayConfig, 'port' | 'singleSubgraphShortcut'> {
  /** Default true. */
  singleSubgraphShortcut?: boolean;
  supergraphSdl: string;
  /** Events one subscriber may have waiting before it is disconnected (default 1000). */
  maxQueuedPerSubscriber?: number;
}

export interface GatewayServer {
  /** Starts listening; resolves to the GraphQL URL. Port 0 picks a free port. */
  start(port: number): Promise<string>;
  stop(): Promise<void>;
  readonly httpServer: Server;
  readonly apollo: ApolloServer<GatewayContext>;
  /** Live subscriptions over graphql-ws. */
  readonly subscribers: number;
  /** Event streams open to the tickets subgraph (live subscribers with equal filters share one). */
  readonly upstreamStreams: number;
  /** Queries answered straight by one subgraph (gateway/single-subgraph.ts). */
  readonly shortcutQueries: number;
}

/** Forwards identity and the internal secret, and reports an unreachable subgraph as SERVICE_UNAVAILABLE. */
class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    readonly name: string,
    url: string,
    private readonly internalSecret: string | null,
  ) {
    super({ url, fetcher: fetch as never });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    if (this.internalSecret) request.http?.headers.set(INTERNAL_SECRET_HEADER, this.internalSecret);
    const actor = (context as Partial<GatewayContext>).identity?.actor;
    if (actor) request.http?.headers.set(ACTOR_HEADER, encodeURIComponent(actor));
  }

  override didEncounterError(error: Error, _request: unknown, response?: { status: number }): void {
    if (!response || response.status === 502 || response.status === 503 || response.status === 504) {
      throw new ServiceUnavailableError(`the ${this.name} subgraph`, error);
    }
    throw error;
  }
}

function subgraphReadiness(name: string, graphqlUrl: string): ReadinessCheck {
  const readyUrl = new URL('/readyz', graphqlUrl).toString();
  return {
    name,
    async check() {
      const response = await fetch(readyUrl, { signal: AbortSignal.timeout(2500) });
      if (!response.ok) {
        const body = (await response.json().catch(() => ({}))) as { checks?: Record<string, string> };
        const down = Object.entries(body.checks ?? {}).filter(([, state]) => state !== 'ok').map(([what, state]) => `${what} ${state}`);
        throw new Error(down.join('; ') || `HTTP ${response.status}`);
      }
    },
  };
}

/**
 * The limits reject an operation during validation, which Apollo reports as
 * GRAPHQL_VALIDATION_FAILED; to clients they are bad input like any other, so
 * they carry the contract's code.
 */
function refusedAsBadInput(formatted: GraphQLFormattedError): GraphQLFormattedError {
  if (!/limit of \d+ exceeded/i.test(formatted.message)) return formatted;
  return { ...formatted, message: `operation refused: ${formatted.message}`, extensions: { ...formatted.extensions, code: 'BAD_USER_INPUT' } };
}

export function createGatewayServer(deps: GatewayDeps): GatewayServer {
  const { limits } = deps;
  const dataSources = new Map<string, SubgraphDataSource>();
  const gateway = new ApolloGateway({
    supergraphSdl: deps.supergraphSdl,
    buildService: ({ name }) => {
      const source = new SubgraphDataSource(name, deps.subgraphUrls[name as keyof GatewayDeps['subgraphUrls']], deps.internalSecret);
      dataSources.set(name, source);
      return source;
    },
  });
  const shortcut =
    deps.singleSubgraphShortcut === false ? null : withSingleSubgraphShortcut(gateway, deps.supergraphSdl, (name) => dataSources.get(name));
  let apiSchema: GraphQLSchema | undefined;
  gateway.onSchemaLoadOrUpdate((update) => {
    apiSchema = update.apiSchema;
  });
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, ignoreIntrospection: true },
    maxAliases: { n: limits.maxAliases },
    maxTokens: { n: limits.maxTokens },
    maxDirectives: { n: limits.maxDirectives },
    costLimit: { maxCost: limits.maxCost, ignoreIntrospection: true },
    blockFieldSuggestion: { enabled: !deps.introspection },
  });
  const protection = armor.protect();
  const apollo = new ApolloServer<GatewayContext>({
    gateway: shortcut ?? gateway,
    introspection: deps.introspection,
    includeStacktraceInErrorResponses: false,
    // The process owner (platform/service.ts, tests) stops servers and stores in order; Apollo's own
    // signal handlers would stop this server a second time, concurrently.
    stopOnTerminationSignals: false,
    formatError: (formatted, error) => maskInternalErrors('gateway')(refusedAsBadInput(formatted), error),
    validationRules: protection.validationRules,
    allowBatchedHttpRequests: false,
    plugins: [
      ApolloServerPluginCacheControlDisabled(),
      ...protection.plugins,
      {
        async requestDidStart() {
          return {
            async didResolveOperation({ operation, contextValue }: GraphQLRequestContext<GatewayContext>) {
              if (operation?.operation === 'mutation') assertMayMutate(contextValue.identity);
            },
          };
        },
      },
    ],
  });
  const httpServer = createGraphQLHttpServer({
    apollo,
    context: async (request) => ({ identity: identify(request.headers, deps.apiTokens) }),
    readiness: Object.entries(deps.subgraphUrls).map(([name, url]) => subgraphReadiness(`${name} subgraph`, url)),
    maxBodyBytes: limits.maxBodyBytes,
  });
  let started = false;
  let subscriptions: ReturnType<typeof attachSubscriptions> | undefined;
  return {
    httpServer,
    apollo,
    get subscribers() {
      return subscriptions?.subscribers ?? 0;
    },
    get upstreamStreams() {
      return subscriptions?.upstreamStreams ?? 0;
    },
    get shortcutQueries() {
      return shortcut?.shortcutCount ?? 0;
    },
    async start(port) {
      await apollo.start();
      started = true;
      subscriptions = attachSubscriptions({
        httpServer,
        apollo,
        apiSchema: apiSchema!,
        ticketsUrl: deps.subgraphUrls.tickets,
        internalSecret: deps.internalSecret,
        apiTokens: deps.apiTokens,
        validationRules: protection.validationRules ?? [],
        maxQueuedPerSubscriber: deps.maxQueuedPerSubscriber ?? 1000,
      });
      const bound = await listen(httpServer, port);
      return `http://127.0.0.1:${bound}/graphql`;
    },
    async stop() {
      await subscriptions?.dispose();
      await close(httpServer);
      if (started) await apollo.stop();
    },
  };
}
