import type { GraphQLResolveInfo } from 'graphql';
import { selectedFieldNames } from '../../../platform/selection';
import type { TicketEventResolvers } from '../generated/resolvers';

/** True when the selection asks only for the ticket's identity, which the event itself carries. */
function identityOnly(info: GraphQLResolveInfo): boolean {
  return [...selectedFieldNames(info)].every((name) => name === 'id' || name === '__typename');
}

export const TicketEvent: TicketEventResolvers = {
  // The gateway asks for `ticket { __typename id }` on every event of every subscriber; answering
  // that from the event saves a read per subscriber. Anything more loads the ticket.
  // A subscription's context lives as long as the subscription, so its loaders would serve stale
  // tickets to later events; read the store directly.
  ticket: async (event, _, { store }, info) => {
    if (identityOnly(info)) return { id: event.ticketId, type: event.ticketType } as never;
    const ticket = (await store.ticketsByIds([event.ticketId])).get(event.ticketId);
    if (!ticket) throw new Error(`ticket ${event.ticketId} of event ${event.sequence} is gone`);
    return ticket;
  },
};
