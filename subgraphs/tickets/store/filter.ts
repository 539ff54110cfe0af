/** The SQL of a TicketFilter, shared by ticket listing and metrics so both read a filter the same way. */
import type { TicketFilter } from '../domain';

/** PostgreSQL rejects NUL in text; such an id cannot name a ticket or item, so it must not reach the server. */
export function storable(id: string): boolean {
  return !id.includes('\u0000');
}

/**
 * WHERE conditions of a filter on a ticket aliased `t`, each value bound as a
 * parameter appended to `params`. At this level an empty list is an OR over
 * nothing and matches nothing; the API maps `[]` to "no constraint" first
 * (withoutEmptyLists in domain.ts).
 */
export function ticketFilterConditions(filter: TicketFilter, params: unknown[]): string[] {
  const bind = (value: unknown) => `$${params.push(value)}`;
  const conditions: string[] = [];
  if (filter.types) conditions.push(`t.type = ANY(${bind(filter.types)}::text[])`);
  if (filter.statuses) conditions.push(`t.status = ANY(${bind(filter.statuses)}::text[])`);
  if (filter.priorities) conditions.push(`t.priority = ANY(${bind(filter.priorities)}::text[])`);
  if (filter.assignmentGroup != null) conditions.push(`t.assignment_group = ${bind(filter.assignmentGroup)}::text`);
  if (filter.affectedItemIds) {
    conditions.push(
      `EXISTS (SELECT 1 FROM tickets.ticket_item fi WHERE fi.ticket_id = t.id AND fi.item_id = ANY(${bind(
        filter.affectedItemIds.filter(storable),
      )}::text[]))`,
    );
  }
  if (filter.updatedSince) conditions.push(`t.updated_at >= ${bind(filter.updatedSince)}::timestamptz`);
  return conditions;
}
