import { BadUserInputError, requireIntInRange } from '../../../platform/errors';
import { decodeCursor, encodeCursor } from '../../../platform/scalars';
import { selectedFieldNames } from '../../../platform/selection';
import { MAX_PAGE_SIZE, withoutEmptyLists, type TicketCursor, type TicketFilter } from '../domain';
import type { QueryResolvers } from '../generated/resolvers';
import { metricsProblems } from '../store/metrics';

export const Query: QueryResolvers = {
  ticket: (_, { id }, { loaders }) => loaders.ticketById.load(id),

  ticketByNumber: (_, { number }, { loaders }) => loaders.ticketByNumber.load(number),

  async tickets(_, { filter, first, after }, { store }, info) {
    const size = requireIntInRange('first', first ?? 50, 1, MAX_PAGE_SIZE);
    let cursor: TicketCursor | null = null;
    if (after != null) {
      const [updatedAt, id] = decodeCursor(after, ['string', 'string']) as [string, string];
      cursor = { updatedAt: new Date(updatedAt), id };
    }
    const page = await store.listTickets(withoutEmptyLists(filter as TicketFilter), size, cursor, {
      withTotalCount: selectedFieldNames(info).has('totalCount'),
    });
    const edges = page.tickets.map((node) => ({ cursor: encodeCursor([node.updatedAt.toISOString(), node.id]), node }));
    return {
      edges,
      // Counted whenever the selection names it, so this is never read when null.
      totalCount: page.totalCount!,
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
    };
  },

  ticketMetrics(_, { from, to, interval, groupBy, filter }, { store }) {
    const query = { from, to, interval, groupBy: groupBy ?? [], filter: withoutEmptyLists(filter as TicketFilter) };
    const problems = metricsProblems(query);
    if (problems.length) throw BadUserInputError.of(problems, 'ticketMetrics');
    return store.metrics(query, new Date());
  },
};
