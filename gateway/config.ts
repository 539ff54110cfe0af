/** The gateway's configuration, read once from the environment. */
import { EnvReader } from '../platform/config';
import type { LogLevel } from '../platform/logger';
import { readTelemetryConfig, type TelemetryConfig } from '../platform/telemetry';
import { DEFAULT_STALL_TIMEOUT_MS, DEFAULT_SUBSCRIPTION_LIMITS, type SubscriptionLimits } from './subscriptions/limits';
import { parseApiTokens, type ApiToken, type OidcConfig } from './identity';

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
  /** Empty, with no `oidc` either: the API is open and the actor comes from `x-actor`. */
  apiTokens: ApiToken[];
  /** AUTH_JWKS_URL, AUTH_ISSUER, AUTH_AUDIENCE: bearer JWTs from an OpenID Connect provider (gateway/identity.ts). */
  oidc: OidcConfig | null;
  /** AUTH_JWKS_MAX_AGE_SECONDS: how long the provider's key set is used before it is fetched again (a removed key stops working then). */
  jwksMaxAgeSeconds: number;
  limits: Limits;
  introspection: boolean;
  /** LOG_LEVEL; the process that runs the service applies it (setLogLevel). */
  logLevel: LogLevel;
  /** METRICS_TOKEN, OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT, OTEL_SERVICE_NAME (platform/telemetry.ts). */
  telemetry: TelemetryConfig;
  /** Queries that one subgraph answers whole skip the gateway's re-shaping (gateway/single-subgraph.ts). */
  singleSubgraphShortcut: boolean;
  /** Identical subgraph queries in flight at once go out once and share the answer (gateway/shared-fetches.ts). */
  shareInFlightFetches: boolean;
  /**
   * ANSWER_CACHE_MB: memory for whole answers of queries the CMDB alone answers, reused until the
   * next committed CMDB write (gateway/answer-cache.ts); 0 turns the cache off.
   */
  answerCacheMb: number;
  /** Subscriptions a connection and an identity may hold, and how long a replay may wait for a stalled subscriber (gateway/subscriptions/). */
  subscriptions: SubscriptionSettings;
}

export interface SubscriptionSettings extends SubscriptionLimits {
  /** SUBSCRIBER_STALL_TIMEOUT_MS: a replaying subscriber whose queue is full and takes nothing for this long is disconnected (4008). */
  stallTimeoutMs: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxDepth: 12,
  maxAliases: 30,
  maxTokens: 4000,
  maxDirectives: 30,
  maxCost: 200_000,
  maxBodyBytes: 16 * 1024 * 1024,
};

/** The three OIDC settings come together: one without the others is refused, naming what is missing. */
function readOidc(read: EnvReader): OidcConfig | null {
  const jwksUrl = read.url('AUTH_JWKS_URL', ['http', 'https']);
  const issuer = read.string('AUTH_ISSUER');
  const audience = read.string('AUTH_AUDIENCE');
  const given = { AUTH_JWKS_URL: jwksUrl, AUTH_ISSUER: issuer, AUTH_AUDIENCE: audience };
  const missing = Object.entries(given).filter(([, value]) => value === undefined).map(([name]) => name);
  if (missing.length === 3) return null;
  if (missing.length) {
    const set = Object.keys(given).filter((name) => !missing.includes(name));
    read.problems.push(`${set.join(' and ')} ${set.length > 1 ? 'are' : 'is'} set without ${missing.join(' and ')}: bearer JWTs need all three of AUTH_JWKS_URL, AUTH_ISSUER and AUTH_AUDIENCE`);
    return null;
  }
  return { jwksUrl: jwksUrl!, issuer: issuer!, audience: audience! };
}

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
    oidc: readOidc(read),
    jwksMaxAgeSeconds: read.positiveInt('AUTH_JWKS_MAX_AGE_SECONDS', 600),
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
    telemetry: readTelemetryConfig(read),
    singleSubgraphShortcut: read.boolean('SINGLE_SUBGRAPH_SHORTCUT', true),
    shareInFlightFetches: read.boolean('SHARE_INFLIGHT_FETCHES', true),
    answerCacheMb: read.nonNegativeInt('ANSWER_CACHE_MB', 64),
    subscriptions: {
      perConnection: read.positiveInt('MAX_SUBSCRIPTIONS_PER_CONNECTION', DEFAULT_SUBSCRIPTION_LIMITS.perConnection),
      perIdentity: read.positiveInt('MAX_SUBSCRIPTIONS_PER_IDENTITY', DEFAULT_SUBSCRIPTION_LIMITS.perIdentity),
      stallTimeoutMs: read.positiveInt('SUBSCRIBER_STALL_TIMEOUT_MS', DEFAULT_STALL_TIMEOUT_MS),
    },
  };
  read.done('gateway');
  return config;
}
