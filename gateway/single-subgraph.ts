/**
 * A shortcut for queries that one subgraph answers whole.
 *
 * `@apollo/gateway` runs every operation through its query plan and then
 * re-shapes the subgraph's answer field by field (`computeResponse`). For a
 * plan of one fetch that re-shaping is most of the gateway's cost on large
 * answers: about 10 ms of a 1,000-ticket extraction page and of a 1,000-item
 * impact, where the subgraph's own work is 15 to 30 ms. When the plan is a
 * single fetch, the operation (with only the fragments it uses) goes to that
 * subgraph as the client wrote it, through the same data source (identity,
 * internal secret, SERVICE_UNAVAILABLE), and a clean answer is returned as it
 * is. Anything else takes the gateway's normal path: plans of several fetches,
 * mutations and subscriptions, and introspection (the gateway answers it from
 * the supergraph, not from the subgraph's schema). Errors in the answer are
 * passed on as the gateway passes a root fetch's errors on (path kept,
 * `serviceName` added); a failed call takes the normal path, which reports it
 * as the gateway always does. A query is a read, so a second call is harmless.
 *
 * Queries routed to the CMDB alone may be answered from the gateway's answer cache, keyed by the
 * CMDB's change counter (gateway/answer-cache.ts): no fetch and no parse while the CMDB is unchanged.
 */
import type { ApolloGateway, GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ERRORS, operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { QueryPlanner } from '@apollo/query-planner';
import type { GatewayExecutor, GatewayGraphQLRequestContext, GatewayInterface } from '@apollo/server-gateway-interface';
import { BREAK, GraphQLError, print, separateOperations, visit, type DocumentNode, type GraphQLFormattedError } from 'graphql';
import { componentLogger, rateLimitedErrorLog } from '../platform/logger';
import { forwardedIdentity, type AnswerCache, type Computed } from './answer-cache';
import type { Identity } from './identity';

const log = componentLogger('gateway', 'single-subgraph');

/** Where a planned operation goes: one subgraph and the text it is sent as, or null for the normal path. */
type Route = { subgraph: string; query: string } | null;

/** `GraphQLDataSourceRequestKind.INCOMING_OPERATION`, which the package does not export. */
const INCOMING_OPERATION = 'incoming operation' as Extract<GraphQLDataSourceProcessOptions, { incomingRequestContext: unknown }>['kind'];

/** Distinct operations whose route is remembered; past it the memory starts over (plans are cheap to redo). */
const MAX_ROUTES = 2_000;

function selectsIntrospection(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type') {
        found = true;
        return BREAK;
      }
    },
  });
  return found;
}

/** What `@apollo/gateway` makes of a root fetch's error (its `downstreamServiceError`). */
function asGatewayError(error: GraphQLFormattedError, subgraph: string): GraphQLError {
  const options = { path: error.path, extensions: { ...error.extensions, serviceName: subgraph } };
  const message = error.message || `Error while fetching subquery from service "${subgraph}"`;
  return error.extensions?.code ? new GraphQLError(message, options) : ERRORS.DOWNSTREAM_SERVICE_ERROR.err(message, options);
}

export interface SingleSubgraphShortcut extends GatewayInterface {
  /** Queries answered by the shortcut since start (tests and diagnostics). */
  readonly shortcutCount: number;
}

export interface ShortcutOptions {
  /**
   * Whole answers of the routes to `subgraph`, reused while its data is unchanged. Only for a
   * subgraph whose answers depend on nothing but its own state, the query, the variables and the
   * caller's forwarded identity (the CMDB: `cache` reads its change counter).
   */
  answerCache?: { subgraph: string; cache: AnswerCache };
}

/** The size of a subgraph answer as JSON text: its Content-Length, else measured (once per answer kept). */
function jsonBytesOf(response: { data?: unknown; http?: { headers: { get(name: string): string | null } } }): number {
  const declared = Number(response.http?.headers.get('content-length'));
  return Number.isFinite(declared) && declared > 0 ? declared : JSON.stringify(response.data ?? null).length;
}

export function withSingleSubgraphShortcut(
  gateway: ApolloGateway,
  supergraphSdl: string,
  dataSource: (subgraph: string) => RemoteGraphQLDataSource | undefined,
  settings: ShortcutOptions = {},
): SingleSubgraphShortcut {
  const cached = settings.answerCache?.cache.enabled ? settings.answerCache : null;
  const supergraph = Supergraph.build(supergraphSdl);
  const apiSchema = supergraph.apiSchema();
  const planner = new QueryPlanner(supergraph);
  const routes = new Map<string, Route>();
  let shortcutCount = 0;
  // A subgraph that is down fails every shortcut until it returns: say so once in a while.
  const logFallback = rateLimitedErrorLog(log);

  function routeOf(requestContext: GatewayGraphQLRequestContext): Route {
    const key = `${requestContext.queryHash}\u0000${requestContext.operationName ?? ''}`;
    let route = routes.get(key);
    if (route !== undefined) return route;
    route = null;
    const { document, operation } = requestContext;
    // No operation (an operationName matching none) is refused before execution; never route it.
    if (operation?.operation === 'query' && !selectsIntrospection(document)) {
      const plan = planner.buildQueryPlan(operationFromDocument(apiSchema, document, { operationName: requestContext.operationName ?? undefined }));
      const node = plan.node;
      if (node?.kind === 'Fetch' && !node.requires?.length && !node.inputRewrites?.length && !node.outputRewrites?.length) {
        const single = separateOperations(document)[requestContext.operationName ?? operation.name?.value ?? ''];
        if (single) route = { subgraph: node.serviceName, query: print(single) };
      }
    }
    if (routes.size >= MAX_ROUTES) routes.clear();
    routes.set(key, route);
    return route;
  }

  return {
    get shortcutCount() {
      return shortcutCount;
    },
    onSchemaLoadOrUpdate: (callback) => gateway.onSchemaLoadOrUpdate(callback),
    stop: () => gateway.stop(),
    async load(options) {
      const loaded = await gateway.load(options);
      const planned = loaded.executor;
      if (!planned) return loaded;
      type Result = Awaited<ReturnType<GatewayExecutor>>;
      /** The shortcut's answer to `requestContext` (the normal path's when the call fails), with the data to keep when it is clean. */
      const answer = async (route: NonNullable<Route>, source: RemoteGraphQLDataSource, requestContext: GatewayGraphQLRequestContext): Promise<Computed<Result>> => {
        let response: Awaited<ReturnType<RemoteGraphQLDataSource['process']>>;
        try {
          response = await source.process({
            kind: INCOMING_OPERATION,
            request: {
              query: route.query,
              operationName: requestContext.operationName ?? undefined,
              variables: requestContext.request.variables,
            },
            incomingRequestContext: requestContext,
            context: requestContext.context,
          });
        } catch (error) {
          // A refusal the client caused (HTTP 400 with a contract code) is no failure of the subgraph's.
          if (error instanceof GraphQLError && typeof error.extensions.code === 'string') {
            log.debug({ err: error }, 'the subgraph refused the shortcut request; answering through the query plan');
          } else {
            logFallback(route.subgraph, error, `the shortcut to the ${route.subgraph} subgraph failed; answering through the query plan`);
          }
          return { result: await planned(requestContext) };
        }
        shortcutCount += 1;
        if (!response.errors?.length) {
          const result = { data: response.data };
          return response.data == null ? { result } : { result, keep: { data: response.data, jsonBytes: jsonBytesOf(response) } };
        }
        return { result: { data: response.data ?? null, errors: response.errors.map((error) => asGatewayError(error, route.subgraph)) } };
      };
      const fromCache = (data: unknown): Result => {
        shortcutCount += 1;
        return { data: data as Result['data'] };
      };
      const executor: GatewayExecutor = async (requestContext) => {
        const route = routeOf(requestContext);
        const source = route && dataSource(route.subgraph);
        if (!route || !source) return planned(requestContext);
        if (cached && route.subgraph === cached.subgraph) {
          // Everything the subgraph's answer depends on beside its data (the route's text stands for the whole document).
          const identity = (requestContext.context as { identity?: Identity }).identity;
          const request = [route.query, requestContext.operationName ?? null, requestContext.request.variables ?? null, ...forwardedIdentity(identity)];
          return cached.cache.get(request, () => answer(route, source, requestContext), fromCache);
        }
        return (await answer(route, source, requestContext)).result;
      };
      return { ...loaded, executor };
    },
  };
}
