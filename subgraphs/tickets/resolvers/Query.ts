import { decodeCursor, encodeCursor } from '../../../platform/scalars';
import { selectedFieldNames } from '../../../platform/selection';
import { withoutEmptyLists, type TicketCursor, type TicketFilter } from '../domain';
import type { QueryResolvers } from '../generated/resolvers';

export const Query: QueryResolvers = {
  ticket: (_, { id }, { loaders }) => loaders.ticketById.load(id),

  ticketByNumber: (_, { number }, { loaders }) => loaders.ticketByNumber.load(number),

  async tickets(_, { filter, first, after }, { service }, info) {
    let cursor: TicketCursor | null = null;
    if (after != null) {
      const [updatedAt, id] = decodeCursor(after, ['string', 'string']) as [string, string];
      cursor = { updatedAt: new Date(updatedAt), id };
    }
    const page = await service.listTickets(withoutEmptyLists(filter as TicketFilter), first ?? 50, cursor, selectedFieldNames(info).has('totalCount'));
    const edges = page.tickets.map((node) => ({ cursor: encodeCursor([node.updatedAt.toISOString(), node.id]), node }));
    return {
      edges,
      // Counted whenever the selection names it, so this is never read when null.
      totalCount: page.totalCount!,
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
    };
  },

  ticketMetrics: (_, { from, to, interval, groupBy, filter }, { service }) =>
    service.metrics({ from, to, interval, groupBy: groupBy ?? [], filter: withoutEmptyLists(filter as TicketFilter) }),

  ticketMetricSeries: (_, { from, to, interval, groupBy, filter, timeZone, fillEmpty }, { service }) =>
    service.metricSeries({
      from,
      to,
      interval,
      groupBy: groupBy ?? [],
      filter: withoutEmptyLists(filter as TicketFilter),
      // An explicit null takes the schema's defaults, as an absent argument does.
      timeZone: timeZone ?? 'UTC',
      fillEmpty: fillEmpty ?? true,
    }),

  changeCalendar: (_, { from, to }, { service }) => service.changeCalendar(from, to),

  probableCauses: (_, { incidentIds, since, depth, first }, { service }) =>
    service.probableCauses(incidentIds ?? null, since ?? null, depth ?? 5, first ?? 10),

  serviceCatalog: (_, { category, includeInactive }, { service }) => service.serviceCatalog(category ?? null, includeInactive ?? false),
};
