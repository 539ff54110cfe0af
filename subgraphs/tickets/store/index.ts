/**
 * The tickets store: the only place that speaks SQL for tickets. One
 * implementation serves PGlite and PostgreSQL (store/sql.ts) and passes the
 * contract suite (test/tickets-store.int.test.ts) on both.
 */
import type {
  HistoryEntry,
  ImportResult,
  IncidentImport,
  Priority,
  MetricRow,
  MetricsQuery,
  NewTicket,
  ServiceOffering,
  ServiceOfferingFields,
  Ticket,
  TicketChange,
  TicketCursor,
  TicketEvent,
  TicketFilter,
  TicketPage,
  TicketStatus,
} from '../domain';

/** The service level terms of an imported incident (it has no holds: the clock runs from createdAt). */
export interface ImportedSla {
  slaDueAt: Date | null;
  slaBreachAt: Date | null;
  slaCalendar: string | null;
  slaTargetMs: number | null;
  responseDueAt: Date;
  respondedAt: Date | null;
}

/** Other tickets a creation changes in its transaction (a new problem's incidents), decided per locked ticket. */
export interface RelatedUpdate {
  ids: string[];
  decide: (current: Ticket, created: Ticket, now: Date) => TicketChange | null;
}

/** The ends of consecutive pages (ticketPageEnds): a page is the tickets after the previous end up to and including its own. */
export interface TicketPageEnds {
  /** The last ticket of each page, in order; the last page may be short. Empty when no ticket follows. */
  ends: TicketCursor[];
  /** Whether tickets follow the last end. */
  more: boolean;
}

export interface TicketStore {
  readonly backend: 'pglite' | 'postgres';

  ticketsByIds(ids: readonly string[]): Promise<Map<string, Ticket>>;
  ticketsByNumbers(numbers: readonly string[]): Promise<Map<string, Ticket>>;
  /**
   * One page in (updatedAt, id) order after `after`; `first` comes validated (1..1000). The count of
   * all matching tickets comes from the same snapshot, unless `withTotalCount` is false.
   */
  listTickets(filter: TicketFilter, first: number, after: TicketCursor | null, options?: { withTotalCount?: boolean }): Promise<TicketPage>;
  /**
   * Where the next `pages` pages of `pageSize` tickets after `after` end, in the order of
   * `listTickets`: a keyset query only, so that pages can then be read at the same time.
   */
  ticketPageEnds(filter: TicketFilter, after: TicketCursor | null, pageSize: number, pages: number): Promise<TicketPageEnds>;
  /**
   * The CSV export records of the tickets after `after` up to and including `upTo`, in the order of
   * `listTickets`: each ticket's record as the database writes it; `slaBreached` of open tickets as
   * at `now`.
   */
  ticketCsvRecords(filter: TicketFilter, after: TicketCursor | null, upTo: TicketCursor, now: Date): Promise<string[]>;
  /** Open incidents (NEW, IN_PROGRESS, ON_HOLD) per item, by priority then createdAt. */
  openIncidentsOf(itemIds: readonly string[]): Promise<Map<string, Ticket[]>>;
  /** Changes naming each item, by createdAt then id; `openOnly` leaves out CLOSED and CANCELLED. */
  changesOf(itemIds: readonly string[], openOnly: boolean): Promise<Map<string, Ticket[]>>;
  /** History per ticket, oldest first. */
  historyOf(ticketIds: readonly string[]): Promise<Map<string, HistoryEntry[]>>;
  /** Incidents linked to each problem, by number. */
  incidentsOfProblems(problemIds: readonly string[]): Promise<Map<string, Ticket[]>>;
  /**
   * Changes with a window (plannedStart and plannedEnd set) that intersects [from, to)
   * (`start < to` and `end > from`), not in `excludedStatuses`, by plannedStart then number.
   */
  changesInWindow(from: Date, to: Date, excludedStatuses: TicketStatus[]): Promise<Ticket[]>;
  /** Open incidents (NEW, IN_PROGRESS, ON_HOLD), optionally of some priorities or created at or after a time, by number; at most `limit`. */
  openIncidents(filter: { priorities?: Priority[]; createdSince?: Date | null }, limit: number | null): Promise<Ticket[]>;

  /**
   * Inserts a ticket with the next number of its type, its creation history and a CREATED event,
   * and applies `related` to the tickets it names (history, version, one event each), all in one
   * transaction. NOT_FOUND for a related id that names no ticket.
   */
  createTicket(ticket: NewTicket, actor: string | null, related?: RelatedUpdate): Promise<Ticket>;
  /**
   * Read-modify-write in one transaction: locks the ticket, checks
   * `expectedVersion` (CONFLICT), asks `decide` what changes (it may throw),
   * writes the patch, history and one event. `decide` returning null changes
   * nothing and emits nothing. NOT_FOUND for an unknown id.
   */
  updateTicket(
    id: string,
    expectedVersion: number | null,
    actor: string | null,
    decide: (current: Ticket, now: Date) => TicketChange | null,
  ): Promise<Ticket>;
  /**
   * Upserts incidents by externalId, all or nothing, keeping their timestamps; no events. The batch comes validated.
   * `sla` gives each incident's service level terms, or only its slaDueAt under the original rule (around the clock).
   */
  importIncidents(items: IncidentImport[], sla: (item: IncidentImport) => ImportedSla | Date | null): Promise<ImportResult>;

  /** Offerings of the catalog, active ones unless `includeInactive`, optionally of one category; by category, name, then id. */
  serviceCatalog(category: string | null, includeInactive: boolean): Promise<ServiceOffering[]>;
  offeringsByIds(ids: readonly string[]): Promise<Map<string, ServiceOffering>>;
  /** Inserts an offering at version 1; BAD_USER_INPUT when its name is taken. */
  createOffering(fields: ServiceOfferingFields): Promise<ServiceOffering>;
  /**
   * Replaces every field of an offering, version + 1, in one transaction: NOT_FOUND for an unknown id,
   * CONFLICT for a stale `expectedVersion`, BAD_USER_INPUT when the new name is taken.
   */
  updateOffering(id: string, expectedVersion: number | null, fields: ServiceOfferingFields): Promise<ServiceOffering>;

  /** One aggregate statement over the filtered tickets. */
  metrics(query: MetricsQuery, now: Date): Promise<MetricRow[]>;

  /** Retained events after `sequence` (exclusive), oldest first, at most `limit`. */
  eventsAfter(sequence: bigint, limit: number): Promise<TicketEvent[]>;
  /** Newest sequence committed so far ("0" when none). */
  latestSequence(): Promise<bigint>;
  /** Calls `listener` with each committed event's sequence; resolves to an unsubscribe function. */
  onEventCommitted(listener: (sequence: bigint) => void): Promise<() => Promise<void>>;
  /** Deletes events older than `before`; returns how many. */
  pruneEvents(before: Date): Promise<number>;

  ping(): Promise<void>;
  close(): Promise<void>;
}
