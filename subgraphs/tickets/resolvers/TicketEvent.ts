import type { TicketEventResolvers } from '../generated/resolvers';

export const TicketEvent: TicketEventResolvers = {
  // A subscription's context lives as long as the subscription, so its loaders would serve stale
  // tickets to later events. The feed reads each event's ticket once, shared by every stream that
  // delivers the event (one per filter from our gateway, one per client from some others).
  ticket: async (event, _, { feed }) => {
    const ticket = await feed.ticketOf(event);
    if (!ticket) throw new Error(`ticket ${event.ticketId} of event ${event.sequence} is gone`);
    return ticket;
  },
};
