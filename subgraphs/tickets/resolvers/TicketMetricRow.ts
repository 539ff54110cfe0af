import type { TicketMetricRowResolvers } from '../generated/resolvers';

export const TicketMetricRow: TicketMetricRowResolvers = {
  affectedItem: (row) => (row.affectedItemId ? { id: row.affectedItemId } : null),
};
