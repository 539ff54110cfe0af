/**
 * Who is calling. Credentials are checked once, here in the gateway; the
 * subgraphs receive only the derived actor name (and trust it because only the
 * gateway knows the internal secret).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { ForbiddenError, UnauthenticatedError } from '../platform/errors';
import { REQUEST_ID_HEADER } from '../platform/http';
import { currentRequestId } from '../platform/logger';
import { findBySecret } from '../platform/secrets';
import { ACTOR_HEADER, INTERNAL_SECRET_HEADER } from '../platform/subgraph-server';

export type Role = 'read' | 'write';

export interface ApiToken {
  name: string;
  token: string;
  role: Role;
}

export interface Identity {
  actor: string | null;
  role: Role;
}

/** Parses `API_TOKENS=name:token[:read|write],...`; the role defaults to write. */
export function parseApiTokens(text: string | undefined): ApiToken[] {
  if (!text) return [];
  return text.split(',').map((entry) => {
    const [name, token, role = 'write'] = entry.split(':').map((s) => s.trim());
    if (!name || !token || (role !== 'read' && role !== 'write')) {
      throw new Error(`API_TOKENS: ${JSON.stringify(entry.replace(/:[^:]*/, ':***'))} is not name:token[:read|write]`);
    }
    return { name, token, role };
  });
}

/**
 * With no tokens configured the hub is open (the embedded default) and the
 * optional `x-actor` header names who acts; with tokens, a bearer token is required.
 */
export function identify(headers: IncomingHttpHeaders | Record<string, unknown>, tokens: ApiToken[]): Identity {
  if (!tokens.length) {
    const actor = headers['x-actor'];
    return { actor: typeof actor === 'string' && actor !== '' ? actor : null, role: 'write' };
  }
  const authorization = headers['authorization'];
  const presented = typeof authorization === 'string' ? /^Bearer\s+(.+)$/i.exec(authorization)?.[1] : undefined;
  if (!presented) throw new UnauthenticatedError('an Authorization: Bearer <token> header is required');
  const match = findBySecret(presented, tokens, (t) => t.token);
  if (!match) throw new UnauthenticatedError('the bearer token is not valid');
  return { actor: match.name, role: match.role };
}

export function assertMayMutate(identity: Identity): void {
  if (identity.role !== 'write') throw new ForbiddenError(`${identity.actor ?? 'this caller'} has a read-only token`);
}

/**
 * What a subgraph request carries from the gateway: the internal secret (the subgraphs answer only
 * the gateway), the actor the gateway identified, and the id of the client request being served,
 * so the subgraph's log lines carry the same id as the gateway's.
 */
export function forwardToSubgraph(
  headers: { set(name: string, value: string): void },
  identity: Identity | undefined,
  internalSecret: string | null,
): void {
  if (internalSecret) headers.set(INTERNAL_SECRET_HEADER, internalSecret);
  if (identity?.actor) headers.set(ACTOR_HEADER, encodeURIComponent(identity.actor));
  const requestId = currentRequestId();
  if (requestId) headers.set(REQUEST_ID_HEADER, requestId);
}
