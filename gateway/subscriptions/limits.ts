/**
 * How many subscriptions a client may hold (contract part production, "Input limits"): at most
 * `perConnection` on one connection (a graphql-ws socket; a graphql-sse stream carries one) and
 * at most `perIdentity` for one identity over every connection, both protocols and every gateway
 * of the process. The subscription over the limit is refused with BAD_USER_INPUT naming the limit;
 * the others go on.
 *
 * The identity is `identity.actor`: the token's name or the JWT's subject, or, on an open hub, the
 * `x-actor` header the client sent. An anonymous client on an open hub (no `x-actor`) has no
 * identity to count against beyond its connection, so it is held to the per-connection limit
 * only. On an open hub the actor is whatever the client claims, so this limit keeps a
 * misbehaving client in check, not a hostile one; bound connections at the proxy for that.
 */
import { BadUserInputError } from '../../platform/errors';
import type { Identity } from '../identity';

export interface SubscriptionLimits {
  /** MAX_SUBSCRIPTIONS_PER_CONNECTION */
  perConnection: number;
  /** MAX_SUBSCRIPTIONS_PER_IDENTITY */
  perIdentity: number;
}

export const DEFAULT_SUBSCRIPTION_LIMITS: SubscriptionLimits = { perConnection: 100, perIdentity: 1000 };

/**
 * How long a replay waits for a subscriber whose queue is full and that takes nothing from its
 * connection (SUBSCRIBER_STALL_TIMEOUT_MS) before disconnecting it with 4008 (delivery.ts).
 */
export const DEFAULT_STALL_TIMEOUT_MS = 30_000;

/** Subscriptions held per actor, over every gateway of this process (the contract counts per process). */
const heldByActor = new Map<string, number>();

/** Subscriptions counted against identities in this process, for tests and telemetry. */
export function identitySubscriptionsHeld(): number {
  let count = 0;
  for (const held of heldByActor.values()) count += held;
  return count;
}

/**
 * The places of one connection: each live subscription holds one from its `take` to its
 * `release`, and `releaseAll` gives back whatever the connection still holds when it closes.
 */
export class ConnectionPlaces {
  private readonly held = new Set<string>();

  constructor(
    private readonly identity: Identity,
    private readonly limits: SubscriptionLimits,
  ) {}

  get size(): number {
    return this.held.size;
  }

  /** Takes a place for subscription `id`, or throws BAD_USER_INPUT naming the limit that is reached. */
  take(id: string): void {
    if (this.held.has(id)) return;
    if (this.held.size >= this.limits.perConnection) {
      throw new BadUserInputError(
        `subscriptions per connection: this connection has ${this.held.size}, the limit is ${this.limits.perConnection} (MAX_SUBSCRIPTIONS_PER_CONNECTION); complete one or open another connection`,
      );
    }
    const actor = this.identity.actor;
    if (actor !== null) {
      const held = heldByActor.get(actor) ?? 0;
      if (held >= this.limits.perIdentity) {
        throw new BadUserInputError(
          `subscriptions per identity: ${JSON.stringify(actor)} has ${held}, the limit is ${this.limits.perIdentity} (MAX_SUBSCRIPTIONS_PER_IDENTITY)`,
        );
      }
      heldByActor.set(actor, held + 1);
    }
    this.held.add(id);
  }

  /** Gives back the place of subscription `id`; nothing when it holds none (released already, or refused). */
  release(id: string): void {
    if (!this.held.delete(id)) return;
    const actor = this.identity.actor;
    if (actor === null) return;
    const held = (heldByActor.get(actor) ?? 1) - 1;
    if (held > 0) heldByActor.set(actor, held);
    else heldByActor.delete(actor);
  }

  releaseAll(): void {
    for (const id of [...this.held]) this.release(id);
  }
}
