/**
 * The hub's error tree: every error a client sees carries one of the contract's
 * stable `extensions.code` values. Stores translate database errors into these
 * where they arise; anything else is masked as an internal error.
 */
import { GraphQLError } from 'graphql';
import { componentLogger } from './logger';

export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'SERVICE_UNAVAILABLE';

export class HubError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
  }
}

/** Bad arguments; `problems` lists every problem found, not just the first. */
export class BadUserInputError extends HubError {
  constructor(message: string, readonly problems: string[] = [message], extensions: Record<string, unknown> = {}) {
    super('BAD_USER_INPUT', message, problems.length > 1 ? { ...extensions, problems } : extensions);
  }

  /** One error naming every problem, for validations that collect them all. */
  static of(problems: string[], what: string): BadUserInputError {
    const listed = problems.slice(0, 20).join('; ');
    const more = problems.length > 20 ? ` (and ${problems.length - 20} more)` : '';
    return new BadUserInputError(`${what}: ${listed}${more}`, problems);
  }
}

export class NotFoundError extends HubError {
  constructor(what: string, id: string) {
    super('NOT_FOUND', `${what} ${JSON.stringify(id)} does not exist`, { id });
  }
}

export class ConflictError extends HubError {
  constructor(what: string, id: string, expectedVersion: number, actualVersion: number) {
    super(
      'CONFLICT',
      `${what} ${JSON.stringify(id)} is at version ${actualVersion}, not expectedVersion ${expectedVersion}; reload and retry`,
      { id, expectedVersion, actualVersion },
    );
  }
}

export class UnauthenticatedError extends HubError {
  constructor(message = 'a valid bearer token is required') {
    super('UNAUTHENTICATED', message, { http: { status: 401 } });
  }
}

/** HTTP 403 when it refuses a whole request (production.md), as UNAUTHENTICATED is 401. */
export class ForbiddenError extends HubError {
  constructor(message: string, extensions: Record<string, unknown> = {}) {
    super('FORBIDDEN', message, { http: { status: 403 }, ...extensions });
  }
}

/** A store or another subgraph is unreachable; the client may retry later. */
export class ServiceUnavailableError extends HubError {
  constructor(service: string, cause?: unknown) {
    super('SERVICE_UNAVAILABLE', `${service} is unavailable, try again shortly`, { service });
    if (cause !== undefined) this.cause = cause;
  }
}

/**
 * Error codes of PostgreSQL that mean the server cannot be reached, refuses connections or is going
 * away: every connection exception (class 08), shutdown and crash (57P01 to 57P05), too many
 * connections (53300). 55000 (object not in prerequisite state) is also what a database that is
 * not accepting connections (`ALLOW_CONNECTIONS false`) answers a connection attempt with; only
 * that use of it counts, since a query can get 55000 for reasons of its own.
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '57P04', '57P05', '53300']);
const UNAVAILABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/** The Neo4j driver's codes for a server out of reach, restarting, or a database not available. */
const UNAVAILABLE_NEO4J_CODES = new Set([
  'ServiceUnavailable',
  'SessionExpired',
  'Neo.TransientError.General.DatabaseUnavailable',
  'Neo.TransientError.Database.DatabaseUnavailable',
]);

/**
 * Whether a store driver's error (node-postgres, PGlite, the Neo4j driver) means the store cannot be
 * reached, refuses connections or is shutting down, whatever the driver's code: SERVICE_UNAVAILABLE
 * to the client, never an internal error.
 */
export function isStoreUnavailable(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | undefined;
  if (!e || typeof e !== 'object') return false;
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : '';
  if (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_NODE_CODES.has(code) || UNAVAILABLE_NEO4J_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
  if (code === '55000' && /accepting connections/i.test(message)) return true;
  return /timeout exceeded when trying to connect|Connection terminated|connect ECONNREFUSED|Client was closed|Cannot use a pool after calling end|PGlite is closed/i.test(message);
}

export function isHubError(error: unknown): error is HubError {
  return error instanceof HubError;
}

/** Checks an integer argument against an inclusive range. */
export function requireIntInRange(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new BadUserInputError(`${name} must be an integer from ${min} to ${max}, got ${value}`, undefined, {
      argumentName: name,
    });
  }
  return value;
}

/** Codes that come from GraphQL itself (parsing, validation, variable coercion) and are safe to show. */
const PUBLIC_CODES = new Set<string>([
  'BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT', 'UNAUTHENTICATED', 'FORBIDDEN', 'SERVICE_UNAVAILABLE',
  'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED', 'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * The hub error behind a GraphQL validation error, if any: a scalar's parseLiteral that refuses a
 * literal (`from: "2026-01-01"`) is reported by graphql-js's ValuesOfCorrectTypeRule, which keeps
 * the scalar's error as `originalError`. To the client it is the scalar's refusal, BAD_USER_INPUT.
 */
function refusingHubError(error: unknown): HubError | undefined {
  for (let cause = error, hops = 0; cause && hops < 5; cause = (cause as { originalError?: unknown }).originalError, hops++) {
    if (cause instanceof HubError) return cause;
  }
  return undefined;
}

/** The store-unavailable error behind `error` (GraphQL wraps what a resolver threw as `originalError`), if any. */
function unavailableCause(error: unknown): unknown {
  for (let cause = error, hops = 0; cause && hops < 5; cause = (cause as { originalError?: unknown }).originalError, hops++) {
    if (isStoreUnavailable(cause)) return cause;
  }
  return undefined;
}

/**
 * Apollo `formatError`: errors with a public code pass (without stack traces);
 * anything else is logged in full for operators (with the request's id, which
 * the client has in its `x-request-id` response header) and reaches the client masked.
 */
export function maskInternalErrors(service: string) {
  const log = componentLogger(service, 'graphql');
  return (formatted: import('graphql').GraphQLFormattedError, error: unknown) => {
    // A driver's error that escaped its store's translation still means the store is out of reach.
    const unavailable = !formatted.extensions?.code || formatted.extensions.code === 'INTERNAL_SERVER_ERROR' ? unavailableCause(error) : undefined;
    if (unavailable) {
      log.warn({ err: unavailable, path: formatted.path }, 'a store is unavailable');
      const { message } = new ServiceUnavailableError(`the ${service} store`);
      return { message, locations: formatted.locations, path: formatted.path, extensions: { code: 'SERVICE_UNAVAILABLE', service: `${service} store` } };
    }
    const refusedBy = refusingHubError(error);
    const code = String((refusedBy && formatted.extensions?.code === 'GRAPHQL_VALIDATION_FAILED' ? refusedBy.extensions.code : formatted.extensions?.code) ?? '');
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    if (PUBLIC_CODES.has(code)) return { ...formatted, extensions: { ...extensions, code } };
    log.error(
      { err: (error as { originalError?: unknown })?.originalError ?? error, path: formatted.path, code: code || undefined },
      'internal error, masked for the client',
    );
    return {
      message: 'internal error; the operators have the details',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}
