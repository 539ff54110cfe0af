import { parseSequence, type TicketEventFilter } from '../events';
import type { SubscriptionResolvers } from '../generated/resolvers';

export const Subscription: SubscriptionResolvers = {
  ticketEvents: {
    // The feed's iterator ends its subscription as soon as `return()` is called, even while it
    // waits for the next event.
    subscribe: (_, { filter, afterSequence }, { feed }) =>
      feed.open((filter ?? {}) as TicketEventFilter, afterSequence == null ? null : parseSequence(afterSequence)),
    resolve: (event: unknown) => event as never,
  },
};
