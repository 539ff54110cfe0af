/** The gateway's configuration, read once from the environment. */
import { EnvReader } from '../platform/config';
import type { LogLevel } from '../platform/logger';
import { parseApiTokens, type ApiToken } from './identity';

export interface Limits {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxDirectives: number;
  maxCost: number;
  maxBodyBytes: number;
}

export interface GatewayConfig {
  port: number;
  /** HOST: the address the gateway listens on; unset, every interface. */
  host: string | undefined;
  subgraphUrls: { cmdb: string; tickets: string; knowledge: string };
  internalSecret: string | null;
  /** Empty: the API is open and the actor comes from `x-actor`. */
  apiTokens: ApiToken[];
  limits: Limits;
  introspection: boolean;
  /** LOG_LEVEL; the process that runs the service applies it (setLogLevel). */
  logLevel: LogLevel;
  /** Queries that one subgraph answers whole skip the gateway's re-shaping (gateway/single-subgraph.ts). */
  singleSubgraphShortcut: boolean;
  /** Identical subgraph queries in flight at once go out once and share the answer (gateway/shared-fetches.ts). */
  shareInFlightFetches: boolean;
}

export const DEFAULT_LIMITS: Limits = {
  maxDepth: 12,
  maxAliases: 30,
  maxTokens: 4000,
  maxDirectives: 30,
  maxCost: 200_000,
  maxBodyBytes: 16 * 1024 * 1024,
};

export function readGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const read = new EnvReader(env);
  const cmdbPort = read.port('CMDB_PORT', 4002);
  const ticketsPort = read.port('TICKETS_PORT', 4001);
  const knowledgePort = read.port('KNOWLEDGE_PORT', 4003);
  const config: GatewayConfig = {
    port: read.port('PORT', 4000),
    host: read.host('HOST'),
    subgraphUrls: {
      cmdb: read.url('CMDB_URL', ['http', 'https']) ?? `http://127.0.0.1:${cmdbPort}/graphql`,
      tickets: read.url('TICKETS_URL', ['http', 'https']) ?? `http://127.0.0.1:${ticketsPort}/graphql`,
      knowledge: read.url('KNOWLEDGE_URL', ['http', 'https']) ?? `http://127.0.0.1:${knowledgePort}/graphql`,
    },
    internalSecret: read.string('HUB_INTERNAL_SECRET') ?? null,
    apiTokens: read.parsed('API_TOKENS', parseApiTokens, []),
    limits: {
      maxDepth: read.positiveInt('MAX_QUERY_DEPTH', DEFAULT_LIMITS.maxDepth),
      maxAliases: read.positiveInt('MAX_QUERY_ALIASES', DEFAULT_LIMITS.maxAliases),
      maxTokens: read.positiveInt('MAX_QUERY_TOKENS', DEFAULT_LIMITS.maxTokens),
      maxDirectives: read.positiveInt('MAX_QUERY_DIRECTIVES', DEFAULT_LIMITS.maxDirectives),
      maxCost: read.positiveInt('MAX_QUERY_COST', DEFAULT_LIMITS.maxCost),
      maxBodyBytes: read.positiveInt('MAX_BODY_BYTES', DEFAULT_LIMITS.maxBodyBytes),
    },
    introspection: read.string('NODE_ENV') !== 'production',
    logLevel: read.logLevel(),
    singleSubgraphShortcut: read.boolean('SINGLE_SUBGRAPH_SHORTCUT', true),
    shareInFlightFetches: read.boolean('SHARE_INFLIGHT_FETCHES', true),
  };
  read.done('gateway');
  return config;
}
