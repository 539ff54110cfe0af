/** The SQL of a TicketFilter and of a ticket's SLA breach, shared by ticket listing, export and metrics so all read them the same way. */
import type { TicketFilter } from '../domain';

/**
 * The instant after which a ticket `t`'s resolution breaches its SLA: `sla_breach_at` is derived from
 * the SLA clock on every write (holds, business hours; sla-clock.ts `breachAt`), so a statement
 * compares two columns instead of replaying the clock; a row loaded without it (a fixture, a
 * benchmark) has the original rule, late after slaDueAt. Null: no breach possible now (no target,
 * or on hold below it).
 */
export const BREACH_INSTANT = 'coalesce(t.sla_breach_at, t.sla_due_at)';

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
