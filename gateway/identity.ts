/**
 * Who is calling and what it may do. Credentials are checked once, here in the gateway: static
 * API tokens (API_TOKENS) and bearer JSON Web Tokens from an OpenID Connect provider (AUTH_JWKS_URL,
 * AUTH_ISSUER, AUTH_AUDIENCE). The subgraphs receive only the derived actor name and scopes, and
 * trust them because only the gateway knows the internal secret. What each scope grants is declared
 * in the schema (platform/scopes.ts).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type * as Jose from 'jose' with { 'resolution-mode': 'import' };
import { ForbiddenError, HubError, UnauthenticatedError } from '../platform/errors';
import { REQUEST_ID_HEADER } from '../platform/http';
import { componentLogger, currentRequestId } from '../platform/logger';
import { isScope, SCOPES, SCOPES_HEADER, type Scope } from '../platform/scopes';
import { findBySecret } from '../platform/secrets';
import { ACTOR_HEADER, INTERNAL_SECRET_HEADER } from '../platform/subgraph-server';

const log = componentLogger('gateway', 'identity');

/** jose ships ES modules only; the hub runs as CommonJS, so it is loaded once, on first use. */
let jose: Promise<typeof Jose> | undefined;
const loadJose = () => (jose ??= import('jose'));

/** The roles a static token may name instead of a scope list. */
export const ROLES: Record<'read' | 'write' | 'admin', readonly Scope[]> = {
  read: SCOPES.filter((s) => s.endsWith(':read')),
  write: SCOPES.filter((s) => s.endsWith(':read') || s.endsWith(':write')),
  admin: SCOPES,
};

export interface ApiToken {
  name: string;
  token: string;
  scopes: ReadonlySet<Scope>;
}

/** The OpenID Connect provider whose bearer JWTs the gateway accepts. */
export interface OidcConfig {
  /** AUTH_JWKS_URL: the provider's JSON Web Key Set. */
  jwksUrl: string;
  /** AUTH_ISSUER: the `iss` every token must carry, exactly. */
  issuer: string;
  /** AUTH_AUDIENCE: the `aud` every token must carry (one of its values), exactly. */
  audience: string;
}

export interface Identity {
  /** Who acts, as ticket history records it: a token's name, a JWT's `preferred_username` (else `sub`), or `x-actor` on an open hub. */
  actor: string | null;
  /** Who the caller is, stably: `token:<name>`, `oidc:<sub>`, or null on an open hub. */
  subject: string | null;
  /** What the caller may do (platform/scopes.ts); every scope on an open hub. */
  scopes: ReadonlySet<string>;
}

/** The scopes as one stable string, for keys under which callers share work. */
export function scopesKey(identity: Identity): string {
  return [...identity.scopes].sort().join(' ');
}

/**
 * Parses `API_TOKENS=name:token[:ROLE | :SCOPE+SCOPE...],...`. ROLE is `read` (every `*:read`
 * scope), `write` (every read and write scope) or `admin` (every scope, imports included); a token
 * without one may do everything, as before scopes existed. A scope list names scopes joined by `+`,
 * e.g. `bi:s3cret:tickets:read+metrics:read`.
 */
export function parseApiTokens(text: string | undefined): ApiToken[] {
  if (!text) return [];
  return text.split(',').map((entry) => {
    const [name, token, ...rest] = entry.split(':').map((s) => s.trim());
    const grant = rest.join(':');
    const shown = JSON.stringify(entry.trim().replace(/^([^:]*):[^:]*/, '$1:***'));
    if (!name || !token) throw new Error(`API_TOKENS: ${shown} is not name:token[:read|write|admin|scope+scope...]`);
    if (!grant) return { name, token, scopes: new Set(ROLES.admin) };
    if (grant in ROLES) return { name, token, scopes: new Set(ROLES[grant as keyof typeof ROLES]) };
    const listed = grant.split('+').map((s) => s.trim());
    const unknown = listed.filter((s) => !isScope(s));
    if (unknown.length) {
      throw new Error(
        `API_TOKENS: ${shown} names ${unknown.map((s) => JSON.stringify(s)).join(', ')}, neither a role (read, write, admin) nor a scope (${SCOPES.join(', ')})`,
      );
    }
    return { name, token, scopes: new Set(listed as Scope[]) };
  });
}

/** The signature algorithms accepted: asymmetric only, so `none` and HMAC (a shared secret) are refused. */
export const JWT_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];
/** Leeway on `exp` and `nbf`, for clocks a little apart. */
const CLOCK_TOLERANCE_SECONDS = 60;
/** At most one refetch of the key set this often when tokens name unknown keys (a rotation). */
const JWKS_COOLDOWN_MS = 1_000;
/** A key set older than this is fetched again before use, so a key the provider removed stops working. */
const JWKS_MAX_AGE_MS = 10 * 60_000;

export interface AuthOptions {
  apiTokens: ApiToken[];
  oidc: OidcConfig | null;
  /** How long a fetched key set is used (default 10 minutes); tests shorten it. */
  jwksMaxAgeMs?: number;
}

/** Checks credentials: one instance per gateway, holding the provider's keys. */
export interface Authenticator {
  /** With neither static tokens nor OIDC the hub is open: every caller has every scope. */
  readonly open: boolean;
  /** The caller of a request (HTTP headers, or a WebSocket's headers and connection parameters); UNAUTHENTICATED when it has no valid credentials. */
  identify(headers: IncomingHttpHeaders | Record<string, unknown>): Promise<Identity>;
  /** One line for the start log: how callers are identified. */
  describe(): string;
}

const EVERY_SCOPE: ReadonlySet<string> = new Set(SCOPES);

function scopesOf(payload: Jose.JWTPayload): Set<string> {
  if (typeof payload.scope === 'string') return new Set(payload.scope.split(' ').filter(Boolean));
  const scp = payload.scp;
  if (Array.isArray(scp)) return new Set(scp.filter((s): s is string => typeof s === 'string'));
  if (typeof scp === 'string') return new Set(scp.split(' ').filter(Boolean));
  return new Set();
}

export function createAuthenticator(options: AuthOptions): Authenticator {
  const { apiTokens, oidc } = options;
  const open = !apiTokens.length && !oidc;
  // The provider's key set, fetched on first use and again for an unknown `kid` (a rotation) or when stale.
  let keys: ReturnType<typeof Jose.createRemoteJWKSet> | undefined;

  const verify = async (token: string): Promise<Identity> => {
    const { createRemoteJWKSet, errors: joseErrors, jwtVerify } = await loadJose();
    keys ??= createRemoteJWKSet(new URL(oidc!.jwksUrl), { cooldownDuration: JWKS_COOLDOWN_MS, cacheMaxAge: options.jwksMaxAgeMs ?? JWKS_MAX_AGE_MS });
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer: oidc!.issuer,
        audience: oidc!.audience,
        algorithms: JWT_ALGORITHMS,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      });
      if (typeof payload.sub !== 'string' || payload.sub === '') throw new UnauthenticatedError('the bearer token has no sub claim');
      const name = typeof payload.preferred_username === 'string' && payload.preferred_username !== '' ? payload.preferred_username : payload.sub;
      return { actor: name, subject: `oidc:${payload.sub}`, scopes: scopesOf(payload) };
    } catch (error) {
      if (error instanceof HubError) throw error;
      // The provider's keys out of reach is no fault of the caller's.
      // (A timeout, a failed fetch, or a non-200 answer, which jose reports with its generic code.)
      if (!(error instanceof joseErrors.JOSEError) || error.code === 'ERR_JWKS_TIMEOUT' || error.code === 'ERR_JOSE_GENERIC') {
        log.error({ err: error, jwksUrl: oidc!.jwksUrl }, 'the identity provider\'s keys could not be fetched');
        throw new HubError('SERVICE_UNAVAILABLE', 'the identity provider is unavailable, try again shortly', { http: { status: 503 } });
      }
      log.info({ reason: error.message, code: error.code }, 'refused a bearer token');
      throw new UnauthenticatedError(`the bearer token is not valid: ${error.message}`);
    }
  };

  return {
    open,
    describe() {
      if (open) return 'no API_TOKENS and no AUTH_JWKS_URL: the API is open, every caller has every scope';
      const ways = [apiTokens.length ? `${apiTokens.length} static API token(s)` : '', oidc ? `bearer JWTs from ${oidc.issuer} (keys at ${oidc.jwksUrl})` : ''];
      return `callers are identified by ${ways.filter(Boolean).join(' and ')}`;
    },
    async identify(headers) {
      if (open) {
        const actor = headers['x-actor'];
        return { actor: typeof actor === 'string' && actor !== '' ? actor : null, subject: null, scopes: EVERY_SCOPE };
      }
      const authorization = headers['authorization'];
      const presented = typeof authorization === 'string' ? /^Bearer\s+(.+)$/i.exec(authorization)?.[1]?.trim() : undefined;
      if (!presented) throw new UnauthenticatedError('an Authorization: Bearer <token> header is required');
      const match = apiTokens.length ? findBySecret(presented, apiTokens, (t) => t.token) : undefined;
      if (match) return { actor: match.name, subject: `token:${match.name}`, scopes: match.scopes };
      if (oidc && presented.split('.').length === 3) return verify(presented);
      throw new UnauthenticatedError('the bearer token is not valid');
    },
  };
}

const WRITE_SCOPES = SCOPES.filter((s) => s.endsWith(':write') || s === 'admin');

/** A mutation needs some scope that writes; which ones each field needs is checked against the schema (platform/scopes.ts). */
export function assertMayMutate(identity: Identity): void {
  if (!WRITE_SCOPES.some((scope) => identity.scopes.has(scope))) {
    throw new ForbiddenError(`${identity.actor ?? 'this caller'} may only read (no write scope)`);
  }
}

/**
 * What a subgraph request carries from the gateway: the internal secret (the subgraphs answer only
 * the gateway), the actor and scopes the gateway identified, and the id of the client request being
 * served, so the subgraph's log lines carry the same id as the gateway's.
 */
export function forwardToSubgraph(
  headers: { set(name: string, value: string): void },
  identity: Identity | undefined,
  internalSecret: string | null,
): void {
  if (internalSecret) headers.set(INTERNAL_SECRET_HEADER, internalSecret);
  if (identity?.actor) headers.set(ACTOR_HEADER, encodeURIComponent(identity.actor));
  if (identity) headers.set(SCOPES_HEADER, scopesKey(identity));
  const requestId = currentRequestId();
  if (requestId) headers.set(REQUEST_ID_HEADER, requestId);
}
