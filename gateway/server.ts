/**
 * The hub's front door: `@apollo/gateway` on Apollo Server, loading the
 * committed supergraph and calling the subgraphs over HTTP, with the limits
 * that protect the stores, identity checked once, and health endpoints.
 */
import type { Server } from 'node:http';
import { sharingInFlight, type SharedFetchStats } from './shared-fetches';
import { AnswerCache, cmdbChangeCounter, type AnswerCacheStats } from './answer-cache';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ApolloServer, type GraphQLRequestContext } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { GatewayInterface } from '@apollo/server-gateway-interface';
import { getVariableValues, GraphQLError, type GraphQLSchema } from 'graphql';
import { BadUserInputError, ForbiddenError, maskInternalErrors, ServiceUnavailableError } from '../platform/errors';
import { close, createGraphQLHttpServer, graphqlUrl, listen, type ReadinessCheck } from '../platform/http';
import { componentLogger } from '../platform/logger';
import { withHubScalars } from '../platform/scalars';
import { observeAnswerCache, observeGateway, recordSubgraphFetch } from '../platform/metrics';
import { outcomeOf, requestTelemetry } from '../platform/request-telemetry';
import { clientSpan, injectTraceContext, recordHttpStatus, activeSpan } from '../platform/telemetry';
import { forbiddenSelections, scopePolicy, supergraphEnforcedByTheHub } from '../platform/scopes';
import type { GatewayConfig } from './config';
import { assertMayMutate, createAuthenticator, forwardToSubgraph, type Identity } from './identity';
import { asLimitRefusal, assertWithinCost } from './limits';
import { assertWithinInputLimits } from './input-limits';
import { withSingleSubgraphShortcut } from './single-subgraph';
import { attachSubscriptions, type SubscriptionFlow, type SubscriptionResources } from './subscriptions';
import { attachPages } from './pages';
import { attachExport } from './export';

export interface GatewayContext {
  identity: Identity;
}

export interface GatewayDeps {
  /** The service's whole configuration (config.ts), so no setting is lost on the way; `start(port)` takes the port. */
  config: GatewayConfig;
  supergraphSdl: string;
  /** Events one subscriber may have waiting before it is disconnected (default 1000). */
  maxQueuedPerSubscriber?: number;
  /** Checks /readyz makes beside the subgraphs' (the process running the gateway knows what else it waits for). */
  readiness?: ReadinessCheck[];
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
  /** What subscriptions hold on behalf of subscribers (all zero once stopped). */
  subscriptionResources(): SubscriptionResources;
  /** How replays keep to their subscribers' pace, and the subscriptions counted per identity (gateway/subscriptions/). */
  subscriptionFlow(): SubscriptionFlow;
  /** Queries answered straight by one subgraph (gateway/single-subgraph.ts). */
  readonly shortcutQueries: number;
  /** Subgraph requests sent, and those answered by an identical request already in flight. */
  subgraphFetches(): SharedFetchStats;
  /** CMDB-only answers reused until the CMDB changes (gateway/answer-cache.ts; all zero when off). */
  answerCache(): AnswerCacheStats;
}

/**
 * Forwards identity, the request id, the internal secret and the trace context, reports an
 * unreachable subgraph as SERVICE_UNAVAILABLE, and times each request (platform/metrics.ts).
 */
class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    readonly name: string,
    url: string,
    private readonly internalSecret: string | null,
    fetcher: (url: string, init: RequestInit) => Promise<Response>,
  ) {
    super({ url, fetcher: fetcher as never });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const headers = request.http?.headers;
    if (!headers) return;
    forwardToSubgraph(headers, (context as Partial<GatewayContext>).identity, this.internalSecret);
    injectTraceContext(headers);
  }

  /**
   * Every subgraph request, from the query plan or the single-subgraph shortcut, is one client span
   * (whose context `willSendRequest` forwards) and one observation of its latency and outcome.
   */
  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): ReturnType<RemoteGraphQLDataSource['process']> {
    const started = performance.now();
    let outcome = 'INTERNAL_SERVER_ERROR';
    try {
      const response = await clientSpan('POST', this.url, { 'itsm.subgraph.name': this.name }, () => super.process(options));
      outcome = response.errors?.length ? 'errors' : 'ok';
      return response;
    } catch (error) {
      outcome = outcomeOf([error as { extensions?: Record<string, unknown> }]);
      throw error;
    } finally {
      recordSubgraphFetch(this.name, outcome, (performance.now() - started) / 1000);
    }
  }

  override didReceiveResponse({ response }: { response: Awaited<ReturnType<RemoteGraphQLDataSource['process']>> }) {
    const span = activeSpan();
    if (span && response.http?.status) recordHttpStatus(span, response.http.status);
    return response;
  }

  /**
   * A subgraph answers HTTP 400 when it refuses a request before executing it (a value its scalar
   * rejects). Its GraphQL errors with one of the contract's codes are the client's to see; anything
   * else stays an internal error, logged with the subgraph's whole answer.
   */
  override async errorFromResponse(response: Response): Promise<GraphQLError> {
    const error = await super.errorFromResponse(response as never);
    const body = (error.extensions.response as { body?: unknown } | undefined)?.body as
      | { errors?: { message?: unknown; extensions?: { code?: unknown } }[] }
      | undefined;
    const errors = Array.isArray(body?.errors) ? body.errors : [];
    const code = errors[0]?.extensions?.code;
    if (response.status >= 400 && response.status < 500 && typeof code === 'string' && PASSED_ON_CODES.has(code)) {
      const message = errors.map((e) => String(e.message)).join('; ');
      return new GraphQLError(message, { extensions: { code, serviceName: this.name } });
    }
    return error;
  }

  override didEncounterError(error: Error, _request: unknown, response?: { status: number }): void {
    const span = activeSpan();
    if (span && response) recordHttpStatus(span, response.status);
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

/** Codes of a subgraph's refusal that reach the client as they are (see errorFromResponse). */
const PASSED_ON_CODES = new Set(['BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT', 'UNAUTHENTICATED', 'FORBIDDEN', 'SERVICE_UNAVAILABLE']);

/**
 * The gateway as Apollo Server sees it, with an API schema whose scalars check values as the
 * subgraphs' do (platform/scalars.ts): the supergraph declares `DateTime` as a bare scalar, so
 * without this a bad date would pass validation and planning and fail inside a subgraph.
 */
function withCheckedScalars(inner: GatewayInterface, checked: (schema: GraphQLSchema) => GraphQLSchema): GatewayInterface {
  return {
    load: (options) => inner.load(options),
    stop: () => inner.stop(),
    onSchemaLoadOrUpdate: (callback) => inner.onSchemaLoadOrUpdate((update) => callback({ ...update, apiSchema: checked(update.apiSchema) })),
  };
}

/** Coerces the request's variables against `schema`, refusing every bad one at once with the scalar's own message. */
function coercedVariables(schema: GraphQLSchema, operation: import('graphql').OperationDefinitionNode, variables: Record<string, unknown> | undefined) {
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
  if (!coerced.errors) return coerced.coerced;
  const problems = coerced.errors.map((error) => error.message);
  const extensions = { http: { status: 400 } };
  if (problems.length === 1) throw new BadUserInputError(problems[0], problems, extensions);
  throw new BadUserInputError(BadUserInputError.of(problems, 'variables refused').message, problems, extensions);
}

/**
 * A document whose operation cannot be picked: `operationName` names none of its operations, or
 * it holds several and names none. Apollo would hand the gateway no operation at all (an internal
 * error); it is the client's mistake, refused with HTTP 400.
 */
function unresolvedOperation(document: import('graphql').DocumentNode, operationName: string | undefined): BadUserInputError {
  const names = document.definitions.flatMap((d) => (d.kind === 'OperationDefinition' ? [d.name?.value ?? '(anonymous)'] : []));
  const listed = names.map((n) => JSON.stringify(n)).join(', ');
  const message = operationName
    ? `operationName ${JSON.stringify(operationName)} matches no operation in the document (it has ${listed || 'none'})`
    : `the document has ${names.length} operations (${listed}): name the one to run with operationName`;
  return new BadUserInputError(message, undefined, { argumentName: 'operationName', http: { status: 400 } });
}

/** Subscriptions run over graphql-ws or SSE (gateway/subscriptions/), never as a plain HTTP request. */
function subscriptionOverHttp(): BadUserInputError {
  return new BadUserInputError(
    'a subscription is served over WebSocket (graphql-transport-ws) or Server-Sent Events (Accept: text/event-stream) at /graphql, not over a plain HTTP request',
    undefined,
    { http: { status: 400 } },
  );
}

export function createGatewayServer(deps: GatewayDeps): GatewayServer {
  const { config } = deps;
  const { limits } = config;
  const auth = createAuthenticator({ apiTokens: config.apiTokens, oidc: config.oidc, jwksMaxAgeMs: config.jwksMaxAgeSeconds * 1000 });
  // The permissions the subgraphs declare, as composed: the gateway checks mutations against them whole.
  const policy = scopePolicy(deps.supergraphSdl);
  const supergraphSdl = supergraphEnforcedByTheHub(deps.supergraphSdl);
  const dataSources = new Map<string, SubgraphDataSource>();
  const fetches = sharingInFlight(fetch, { share: config.shareInFlightFetches });
  // @apollo/gateway sends host facts (CPUs, memory, OS, uptime) to Apollo every hour unless this is
  // set. The hub runs without internet and reports to nobody it was not told about: off unless the
  // operator sets the variable themselves.
  process.env.APOLLO_TELEMETRY_DISABLED ??= 'true';
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name }) => {
      const url = config.subgraphUrls[name as keyof GatewayConfig['subgraphUrls']];
      const source = new SubgraphDataSource(name, url, config.internalSecret, fetches.fetch);
      dataSources.set(name, source);
      return source;
    },
  });
  // Whole CMDB-only answers, kept until the CMDB's next committed write; they are served by the shortcut.
  const answers = new AnswerCache({
    maxBytes: config.singleSubgraphShortcut ? config.answerCacheMb * 1024 * 1024 : 0,
    changeCount: cmdbChangeCounter(config.subgraphUrls.cmdb, config.internalSecret),
  });
  const shortcut = config.singleSubgraphShortcut
    ? withSingleSubgraphShortcut(gateway, supergraphSdl, (name) => dataSources.get(name), { answerCache: { subgraph: 'cmdb', cache: answers } })
    : null;
  // One checked copy per loaded schema, shared by Apollo Server and the subscriptions.
  const checkedSchemas = new WeakMap<GraphQLSchema, GraphQLSchema>();
  const checked = (schema: GraphQLSchema) => {
    let copy = checkedSchemas.get(schema);
    if (!copy) checkedSchemas.set(schema, (copy = withHubScalars(schema)));
    return copy;
  };
  let apiSchema: GraphQLSchema | undefined;
  gateway.onSchemaLoadOrUpdate((update) => {
    apiSchema = checked(update.apiSchema);
  });
  // graphql-armor keeps the limits that do not depend on variables. Its cost rule cannot see
  // variables (gateway/limits.ts computes the cost instead), and graphql-js's parser counts tokens
  // itself, stopping at the limit, where armor's plugin parses every document a second time.
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, ignoreIntrospection: true },
    maxAliases: { n: limits.maxAliases },
    maxTokens: { enabled: false },
    maxDirectives: { n: limits.maxDirectives },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: !config.introspection },
  });
  const protection = armor.protect();
  const masked = maskInternalErrors('gateway');
  const apollo = new ApolloServer<GatewayContext>({
    gateway: withCheckedScalars(shortcut ?? gateway, checked),
    introspection: config.introspection,
    includeStacktraceInErrorResponses: false,
    // The process owner (platform/service.ts, tests) stops servers and stores in order; Apollo's own
    // signal handlers would stop this server a second time, concurrently.
    stopOnTerminationSignals: false,
    formatError: (formatted, error) => masked(asLimitRefusal(formatted, (error as Partial<GraphQLError> | undefined)?.source?.body), error),
    // Apollo's own serialisation (JSON.stringify and a line end), except that an answer the answer cache
    // kept is written from its text, serialised once: about half the gateway's CPU on a 1,000-item hit.
    stringifyResult: (result) =>
      (result.errors === undefined && result.extensions === undefined ? answers.bodyOf(result.data) : undefined) ?? `${JSON.stringify(result)}\n`,
    validationRules: protection.validationRules,
    parseOptions: { maxTokens: limits.maxTokens },
    allowBatchedHttpRequests: false,
    plugins: [
      ApolloServerPluginCacheControlDisabled(),
      ...protection.plugins,
      requestTelemetry<GatewayContext>('gateway'),
      {
        async requestDidStart() {
          return {
            // Before planning: values the schema refuses, the input limits, the cost the variables give, then the scopes.
            async didResolveOperation({ operation, contextValue, schema, document, request }: GraphQLRequestContext<GatewayContext>) {
              if (!document) return;
              if (!operation) throw unresolvedOperation(document, request.operationName);
              if (operation.operation === 'subscription') throw subscriptionOverHttp();
              // On the variables as sent: a million ids is refused before coercion spends a second on them.
              assertWithinInputLimits(schema, document, operation, request.variables ?? {});
              const variables = coercedVariables(schema, operation, request.variables);
              assertWithinCost(limits, schema, document, operation, variables);
              // A mutation runs whole or not at all: one field the caller may not select refuses it (403).
              // Queries are answered field by field, each subgraph nulling what the caller may not see.
              if (operation.operation === 'mutation') {
                assertMayMutate(contextValue.identity);
                const refused = forbiddenSelections(schema, policy, document, operation, contextValue.identity.scopes);
                if (refused.length) throw new ForbiddenError(`${contextValue.identity.actor ?? 'this caller'} may not run this mutation: ${refused.join('; ')}`, { refused });
              }
            },
          };
        },
      },
    ],
  });
  const httpServer = createGraphQLHttpServer({
    service: 'gateway',
    apollo,
    context: async (request) => ({ identity: await auth.identify(request.headers) }),
    readiness: [
      ...Object.entries(config.subgraphUrls).map(([name, url]) => subgraphReadiness(`${name} subgraph`, url)),
      // Always ready; reports the cache's hit counts and memory under `details` in /readyz.
      { name: 'answer cache', check: async () => ({ ...answers.stats() }) },
      ...(deps.readiness ?? []),
    ],
    maxBodyBytes: limits.maxBodyBytes,
    metricsToken: config.telemetry.metricsToken,
  });
  attachPages(httpServer);
  attachExport(httpServer, { ...config, auth });
  let started = false;
  let subscriptions: ReturnType<typeof attachSubscriptions> | undefined;
  let unobserve = () => undefined as void;
  return {
    httpServer,
    apollo,
    get subscribers() {
      return subscriptions?.subscribers ?? 0;
    },
    get upstreamStreams() {
      return subscriptions?.upstreamStreams ?? 0;
    },
    subscriptionResources() {
      return subscriptions?.resources() ?? { subscribers: 0, upstreamStreams: 0, deliveryGroups: 0, payloadKeys: 0, payloadsInFlight: 0 };
    },
    subscriptionFlow() {
      return subscriptions?.flow() ?? { replays: 0, paused: 0, connections: 0, replayBacklog: 0, identityPlaces: 0 };
    },
    get shortcutQueries() {
      return shortcut?.shortcutCount ?? 0;
    },
    subgraphFetches() {
      return fetches.stats();
    },
    answerCache() {
      return answers.stats();
    },
    async start(port) {
      await apollo.start();
      started = true;
      const identityLog = componentLogger('gateway', 'identity');
      if (auth.open) identityLog.warn(auth.describe());
      else identityLog.info(auth.describe());
      subscriptions = attachSubscriptions({
        httpServer,
        apollo,
        apiSchema: apiSchema!,
        ticketsUrl: config.subgraphUrls.tickets,
        internalSecret: config.internalSecret,
        auth,
        policy,
        validationRules: protection.validationRules ?? [],
        maxQueuedPerSubscriber: deps.maxQueuedPerSubscriber ?? 1000,
        subscriptionLimits: config.subscriptions,
        maxTokens: limits.maxTokens,
        maxBodyBytes: limits.maxBodyBytes,
      });
      const bound = await listen(httpServer, port, config.host);
      const unobserveGateway = observeGateway(() => {
        const resources = this.subscriptionResources();
        const fetched = fetches.stats();
        return { ...resources, subgraphRequestsSent: fetched.sent, subgraphRequestsShared: fetched.shared, shortcutQueries: shortcut?.shortcutCount ?? 0 };
      });
      const unobserveAnswers = observeAnswerCache(() => answers.stats());
      unobserve = () => {
        unobserveGateway();
        unobserveAnswers();
      };
      return graphqlUrl(config.host, bound);
    },
    async stop() {
      unobserve();
      await subscriptions?.dispose();
      await close(httpServer);
      if (started) await apollo.stop();
    },
  };
}
