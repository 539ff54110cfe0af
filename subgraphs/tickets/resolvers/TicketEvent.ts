import type { TicketEventResolvers } from '../generated/resolvers';

export const TicketEvent: TicketEventResolvers = {
  // A subscription's context lives as long as the subscription, so its loaders would serve stale
  // tickets to later events; read the store directly. The gateway shares one upstream stream among
  // live subscribers with the same filter, so this is one read per event and filter, not per client.
  ticket: async (event, _, { store }) => {
    const ticket = (await store.ticketsByIds([event.ticketId])).get(event.ticketId);
    if (!ticket) throw new Error(`ticket ${event.ticketId} of event ${event.sequence} is gone`);
    return ticket;
  },
};
