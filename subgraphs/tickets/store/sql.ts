/**
 * The tickets store over SQL: one implementation for PGlite (embedded) and
 * PostgreSQL. Every statement is parameterized; every mutation, its history
 * and its outbox event commit in one transaction.
 */
import { randomUUID } from 'node:crypto';
import { BadUserInputError, ConflictError, NotFoundError, requireIntInRange } from '../../../platform/errors';
import { migrate, type SqlDatabase, type SqlExecutor } from '../../../platform/sql';
import { startClock } from '../sla-clock';
import {
  DEFAULT_RESPONSE_MINUTES,
  FINAL_CHANGE_STATUSES,
  OPEN_INCIDENT_STATUSES,
  priorityOf,
  TICKET_EXPORT_COLUMNS,
  ticketNumber,
  type HistoryEntry,
  type ImportResult,
  type IncidentImport,
  type NewTicket,
  type ServiceOffering,
  type Ticket,
  type TicketChange,
  type TicketCursor,
  type TicketEvent,
  type TicketExportColumn,
  type TicketEventKind,
  type TicketType,
} from '../domain';
import type { ImportedSla, RelatedUpdate, TicketStore } from './index';
import { BREACH_INSTANT, storable, ticketFilterConditions } from './filter';
import { queryMetrics } from './metrics';
import { TICKETS_SCHEMA, ticketMigrations } from './migrations';

const EVENT_CHANNEL = 'ticket_events';

/**
 * Advisory lock keys (arbitrary, fixed). OUTBOX serializes "allocate an event
 * sequence, commit" across PostgreSQL sessions; IMPORT serializes imports so
 * two of them never race to insert the same externalId.
 */
const OUTBOX_LOCK = 4_711_001;
const IMPORT_LOCK = 4_711_002;

const NUMBER_SEQUENCE: Record<TicketType, string> = {
  INCIDENT: 'tickets.number_incident',
  PROBLEM: 'tickets.number_problem',
  CHANGE: 'tickets.number_change',
  REQUEST: 'tickets.number_request',
};


/** Columns of a complete ticket, affected items included, so one query yields whole tickets. */
const TICKET_COLUMNS = /* SQL */ `
  t.id, t.number, t.type, t.title, t.description, t.status, t.impact, t.urgency, t.priority,
  t.assignment_group, t.assignee, t.reporter, t.change_type, t.planned_start, t.planned_end,
  t.external_id, t.created_at, t.updated_at, t.resolved_at, t.closed_at, t.sla_due_at, t.version,
  t.problem_id, t.known_error, t.root_cause, t.workaround,
  t.responded_at, t.response_due_at, t.sla_calendar, t.sla_target_ms, t.sla_anchor_at, t.sla_anchor_ms, t.sla_paused,
  t.sla_reached_at, t.sla_breach_at, t.offering_id, t.requested_for,
  ARRAY(SELECT i.item_id FROM tickets.ticket_item i WHERE i.ticket_id = t.id ORDER BY i.item_id COLLATE "C") AS affected_item_ids`;

/** The order of `tickets` and of its keyset cursor. */
const TICKET_ORDER = 't.updated_at, t.id COLLATE "C"';

const where = (conditions: string[]) => (conditions.length ? `WHERE ${conditions.join(' AND ')}` : '');

/**
 * The tickets `t` after the position (`at`, `id`) in TICKET_ORDER (SQL expressions), or with
 * `upTo`, those up to and including it. Exact comparison is safe: every timestamp this store writes
 * comes from a JS Date, so it has millisecond precision like a cursor. Spelled out rather than as a
 * row comparison so the (updated_at, id) index bounds the scan.
 */
function keyset(at: string, id: string, upTo = false): string {
  return upTo
    ? `t.updated_at <= ${at} AND (t.updated_at < ${at} OR t.id COLLATE "C" <= ${id})`
    : `t.updated_at >= ${at} AND (t.updated_at > ${at} OR t.id COLLATE "C" > ${id})`;
}

/** The cursor's values appended to `params`, and their placeholders. */
function cursorParams(cursor: TicketCursor, params: unknown[]): [at: string, id: string] {
  params.push(cursor.updatedAt, cursor.id);
  return [`$${params.length - 1}`, `$${params.length}`];
}

/** The keyset condition of the page after `after`, its values appended to `params`. */
function afterCursor(after: TicketCursor | null, params: unknown[]): string[] {
  return after ? [keyset(...cursorParams(after, params))] : [];
}

/** The keyset condition of the tickets up to and including `upTo`, its values appended to `params`. */
function upToCursor(upTo: TicketCursor, params: unknown[]): string {
  return keyset(...cursorParams(upTo, params), true);
}

/**
 * A text column as `csvField` (export.ts) writes it: quoted when it holds a double quote, a comma,
 * CR or LF, with the quotes doubled; null is the empty field.
 */
const csvText = (column: string) =>
  `CASE WHEN ${column} ~ '[",\\r\\n]' THEN '"' || replace(${column}, '"', '""') || '"' ELSE coalesce(${column}, '') END`;

/** A timestamp as the API writes it (`Date.toISOString()`: UTC, milliseconds, `Z`); null is the empty field. */
const isoText = (column: string) => `coalesce(to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), '')`;

/**
 * The CSV record of a ticket `t` (the columns of TICKET_EXPORT_COLUMNS, without the line end),
 * written by the database: reading and formatting a ticket in the tickets process cost about
 * twice what PostgreSQL takes to write the record, and the export's rate was bound by it. The
 * export test compares these records with the API's values of the same tickets, field by field.
 * `now` is when the export began, for `slaBreached` of tickets still open.
 */
function ticketCsvRecordSql(now: string): string {
  const fields: Record<TicketExportColumn, string> = {
    number: csvText('t.number'),
    externalId: csvText('t.external_id'),
    type: 't.type',
    title: csvText('t.title'),
    status: 't.status',
    impact: 't.impact',
    urgency: 't.urgency',
    priority: 't.priority',
    assignmentGroup: csvText('t.assignment_group'),
    assignee: csvText('t.assignee'),
    reporter: csvText('t.reporter'),
    createdAt: isoText('t.created_at'),
    updatedAt: isoText('t.updated_at'),
    resolvedAt: isoText('t.resolved_at'),
    closedAt: isoText('t.closed_at'),
    slaDueAt: isoText('t.sla_due_at'),
    slaBreached: `CASE WHEN coalesce(t.resolved_at, ${now}) > ${BREACH_INSTANT} THEN 'true' ELSE 'false' END`,
    affectedItemIds: csvText('it.ids'),
  };
  return TICKET_EXPORT_COLUMNS.map((column) => fields[column]).join(` || ',' || `);
}

/**
 * The affected items of a ticket `t` as `it.ids`, separated by spaces (null when there are none). An
 * aggregate in a lateral join, so that it runs once a ticket: csvText names its column three times,
 * and a sub-select there (or in a lateral join without FROM, which the planner pulls up into the
 * select list) ran twice (measured 53 → 39 ms of PostgreSQL CPU for a page of 5,000 tickets).
 */
const CSV_ITEM_IDS = /* SQL */ `CROSS JOIN LATERAL (
  SELECT string_agg(i.item_id, ' ' ORDER BY i.item_id COLLATE "C") AS ids FROM tickets.ticket_item i WHERE i.ticket_id = t.id
) AS it`;

interface TicketRow {
  id: string;
  number: string;
  type: Ticket['type'];
  title: string;
  description: string | null;
  status: Ticket['status'];
  impact: Ticket['impact'];
  urgency: Ticket['urgency'];
  priority: Ticket['priority'];
  assignment_group: string | null;
  assignee: string | null;
  reporter: string | null;
  change_type: Ticket['changeType'];
  planned_start: Date | null;
  planned_end: Date | null;
  external_id: string | null;
  created_at: Date;
  updated_at: Date;
  resolved_at: Date | null;
  closed_at: Date | null;
  sla_due_at: Date | null;
  version: number;
  problem_id: string | null;
  known_error: boolean;
  root_cause: string | null;
  workaround: string | null;
  responded_at: Date | null;
  response_due_at: Date | null;
  sla_calendar: string | null;
  /** bigint: a string from node-postgres. */
  sla_target_ms: string | number | null;
  sla_anchor_at: Date | null;
  sla_anchor_ms: string | number;
  sla_paused: boolean;
  sla_reached_at: Date | null;
  sla_breach_at: Date | null;
  offering_id: string | null;
  requested_for: string | null;
  affected_item_ids: string[];
}

function toTicket(row: TicketRow): Ticket {
  return {
    id: row.id,
    number: row.number,
    type: row.type,
    title: row.title,
    description: row.description,
    status: row.status,
    impact: row.impact,
    urgency: row.urgency,
    priority: row.priority,
    assignmentGroup: row.assignment_group,
    assignee: row.assignee,
    reporter: row.reporter,
    affectedItemIds: row.affected_item_ids ?? [],
    changeType: row.change_type,
    plannedStart: row.planned_start,
    plannedEnd: row.planned_end,
    externalId: row.external_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    resolvedAt: row.resolved_at,
    closedAt: row.closed_at,
    slaDueAt: row.sla_due_at,
    version: Number(row.version),
    problemId: row.problem_id,
    knownError: row.known_error,
    rootCause: row.root_cause,
    workaround: row.workaround,
    respondedAt: row.responded_at,
    // A row loaded straight into the table, without the clock's columns, has the original rule.
    responseDueAt: row.response_due_at ?? new Date(row.created_at.getTime() + DEFAULT_RESPONSE_MINUTES[row.priority] * 60_000),
    slaCalendar: row.sla_calendar,
    slaTargetMs:
      row.sla_target_ms != null ? Number(row.sla_target_ms) : row.sla_due_at ? row.sla_due_at.getTime() - row.created_at.getTime() : null,
    slaClock: {
      anchorAt: row.sla_anchor_at ?? row.created_at,
      anchorMs: Number(row.sla_anchor_ms),
      paused: row.sla_paused,
      reachedAt: row.sla_reached_at,
    },
    slaBreachAt: row.sla_breach_at ?? row.sla_due_at,
    offeringId: row.offering_id,
    requestedFor: row.requested_for,
  };
}

interface EventRow {
  sequence: string;
  kind: TicketEventKind;
  at: Date;
  changed_fields: string[];
  ticket_id: string;
  ticket_type: TicketType;
  priority: Ticket['priority'];
  assignment_group: string | null;
  affected_item_ids: string[];
}

interface HistoryRow {
  ticket_id: string;
  at: Date;
  actor: string | null;
  field: string;
  from_value: string | null;
  to_value: string | null;
  note: string | null;
}

/** Affected items as stored: each once, in code point order (the order reads return). */
function normalizeItemIds(ids: readonly string[] | null | undefined): string[] {
  return [...new Set(ids ?? [])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

async function insertHistory(tx: SqlExecutor, entries: HistoryRow[]): Promise<void> {
  if (!entries.length) return;
  await tx.query(
    `INSERT INTO tickets.ticket_history (ticket_id, at, actor, field, from_value, to_value, note)
     SELECT ticket_id, at, actor, field, from_value, to_value, note
     FROM jsonb_to_recordset($1::text::jsonb)
       AS h(ticket_id text, at timestamptz, actor text, field text, from_value text, to_value text, note text)`,
    [JSON.stringify(entries)],
  );
}

async function insertItems(tx: SqlExecutor, ticketIds: string[], itemIds: string[]): Promise<void> {
  if (!ticketIds.length) return;
  await tx.query(
    `INSERT INTO tickets.ticket_item (ticket_id, item_id) SELECT * FROM unnest($1::text[], $2::text[])`,
    [ticketIds, itemIds],
  );
}

/**
 * Appends the outbox event of a mutation and notifies listeners on commit.
 * Call it as the last statement of the transaction.
 *
 * Readers follow the outbox with "events after N", so a sequence must never
 * become visible after a greater one. bigserial alone does not promise that:
 * two PostgreSQL sessions can draw 7 and 8 and commit 8 first, and a reader at
 * 8 would never see 7. The transaction-scoped advisory lock makes "draw a
 * sequence, commit" one critical section across sessions; it is taken only
 * here, at the very end, so sessions wait for each other only for the event
 * insert and the commit. PGlite has one connection and runs transactions one
 * at a time, so it needs no lock.
 */
async function appendEvent(
  db: SqlDatabase,
  tx: SqlExecutor,
  event: PendingEvent,
): Promise<void> {
  if (db.kind === 'postgres') await tx.query('SELECT pg_advisory_xact_lock($1)', [OUTBOX_LOCK]);
  await tx.query(
    `WITH appended AS (
       INSERT INTO tickets.ticket_event
         (ticket_id, kind, at, changed_fields, ticket_type, priority, assignment_group, affected_item_ids)
       VALUES ($1, $2, $3, $4::text[], $5, $6, $7, $8::text[])
       RETURNING sequence
     )
     SELECT pg_notify($9, sequence::text) FROM appended`,
    [
      event.ticket.id,
      event.kind,
      event.at,
      event.changedFields,
      event.ticket.type,
      event.ticket.priority,
      event.ticket.assignmentGroup,
      event.ticket.affectedItemIds,
      EVENT_CHANNEL,
    ],
  );
}

/** What an import writes for one incident, in the row's terms, to compare with what is stored. */
interface ImportedIncident {
  external_id: string;
  title: string;
  impact: string;
  urgency: string;
  priority: string;
  status: string;
  created_at: Date;
  resolved_at: Date | null;
  closed_at: Date | null;
  assignment_group: string | null;
  sla_due_at: Date | null;
  affected_item_ids: string[];
  /** Service level terms, written with the incident but not compared: they follow from the fields above and the calendar. */
  sla_calendar: string | null;
  sla_target_ms: number | null;
  sla_breach_at: Date | null;
  response_due_at: Date;
  responded_at: Date | null;
}

const IMPORT_COMPARED_FIELDS: [keyof ImportedIncident, string][] = [
  ['title', 'title'],
  ['impact', 'impact'],
  ['urgency', 'urgency'],
  ['priority', 'priority'],
  ['status', 'status'],
  ['created_at', 'createdAt'],
  ['resolved_at', 'resolvedAt'],
  ['closed_at', 'closedAt'],
  ['assignment_group', 'assignmentGroup'],
  ['sla_due_at', 'slaDueAt'],
  ['affected_item_ids', 'affectedItemIds'],
];

function historyValue(value: unknown): string | null {
  if (value == null) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((value, i) => value === b[i]);
  return historyValue(a) === historyValue(b);
}

type PendingEvent = { kind: TicketEventKind; at: Date; changedFields: string[]; ticket: Ticket };

/** Writes what `change` decided for the locked ticket `current` (patch, version, history); returns its event, to append last. */
async function applyChange(tx: SqlExecutor, current: Ticket, change: TicketChange, actor: string | null, now: Date): Promise<PendingEvent> {
  const updated: Ticket = { ...current, ...change.patch, version: current.version + 1, updatedAt: now };
  await tx.query(
    `UPDATE tickets.ticket
     SET status = $2, assignment_group = $3, assignee = $4, resolved_at = $5, closed_at = $6,
         updated_at = $7, version = $8, problem_id = $9, known_error = $10, root_cause = $11, workaround = $12,
         responded_at = $13, sla_anchor_at = $14, sla_anchor_ms = $15, sla_paused = $16, sla_reached_at = $17,
         sla_due_at = $18, sla_breach_at = $19
     WHERE id = $1`,
    [
      current.id, updated.status, updated.assignmentGroup, updated.assignee, updated.resolvedAt, updated.closedAt,
      now, updated.version, updated.problemId, updated.knownError, updated.rootCause, updated.workaround,
      updated.respondedAt, updated.slaClock.anchorAt, Math.round(updated.slaClock.anchorMs), updated.slaClock.paused,
      updated.slaClock.reachedAt, updated.slaDueAt, updated.slaBreachAt,
    ],
  );
  await insertHistory(
    tx,
    change.history.map((entry) => ({
      ticket_id: current.id,
      at: now,
      actor,
      field: entry.field,
      from_value: entry.from,
      to_value: entry.to,
      note: entry.note,
    })),
  );
  return { kind: change.eventKind, at: now, changedFields: change.changedFields, ticket: updated };
}

/**
 * The service level fields of a new ticket, completed with the original rule where the caller gave
 * none (a ticket built by hand): around the clock, the target its slaDueAt implies, default response.
 */
function defaultSla(input: NewTicket): Pick<
  Ticket,
  'respondedAt' | 'responseDueAt' | 'slaCalendar' | 'slaTargetMs' | 'slaClock' | 'slaBreachAt' | 'offeringId' | 'requestedFor'
> {
  const implied = input.slaDueAt ? input.slaDueAt.getTime() - input.createdAt.getTime() : null;
  return {
    respondedAt: input.respondedAt ?? null,
    responseDueAt:
      input.responseDueAt ?? new Date(input.createdAt.getTime() + DEFAULT_RESPONSE_MINUTES[input.priority] * 60_000),
    slaCalendar: input.slaCalendar ?? null,
    slaTargetMs: input.slaTargetMs !== undefined ? input.slaTargetMs : implied,
    slaClock: startClock(input.createdAt),
    slaBreachAt: input.slaBreachAt !== undefined ? input.slaBreachAt : input.slaDueAt,
    offeringId: input.offeringId ?? null,
    requestedFor: input.requestedFor ?? null,
  };
}

const OFFERING_COLUMNS = /* SQL */ `
  o.id, o.name, o.description, o.category, o.business_service_id, o.fulfilment_hours, o.active, o.version, o.created_at, o.updated_at`;

interface OfferingRow {
  id: string;
  name: string;
  description: string | null;
  category: string;
  business_service_id: string | null;
  fulfilment_hours: number;
  active: boolean;
  version: number;
  created_at: Date;
  updated_at: Date;
}

function toOffering(row: OfferingRow): ServiceOffering {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    category: row.category,
    businessServiceId: row.business_service_id,
    fulfilmentHours: Number(row.fulfilment_hours),
    active: row.active,
    version: Number(row.version),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The unique index on offering names is what keeps two concurrent writers from taking one name. */
function duplicateName(name: string): (error: unknown) => never {
  return (error) => {
    if ((error as { code?: string })?.code === '23505') {
      throw BadUserInputError.of([`input.name: an offering named ${JSON.stringify(name)} exists already`], 'service offering rejected');
    }
    throw error;
  };
}

/** Fields of a new ticket that only the clock reads; they are not API fields, so no event names them. */
const CLOCK_INTERNALS = new Set<keyof NewTicket>(['slaCalendar', 'slaTargetMs', 'slaBreachAt']);

/** Opens the tickets store on `db`, applying pending migrations first. */
export async function openSqlTicketStore(db: SqlDatabase): Promise<TicketStore> {
  await migrate(db, TICKETS_SCHEMA, ticketMigrations);

  const ticketsWhere = async (condition: string, params: unknown[]): Promise<Ticket[]> =>
    (await db.query<TicketRow>(`SELECT ${TICKET_COLUMNS} FROM tickets.ticket t WHERE ${condition}`, params)).map(toTicket);

  const ticketsByItem = async (
    itemIds: readonly string[],
    condition: string,
    conditionParams: unknown[],
    order: string,
  ): Promise<Map<string, Ticket[]>> => {
    const byItem = new Map<string, Ticket[]>(itemIds.map((id) => [id, []]));
    const ids = [...byItem.keys()].filter(storable);
    if (!ids.length) return byItem;
    const rows = await db.query<TicketRow & { for_item: string }>(
      `SELECT ti.item_id AS for_item, ${TICKET_COLUMNS}
       FROM tickets.ticket_item ti JOIN tickets.ticket t ON t.id = ti.ticket_id
       WHERE ti.item_id = ANY($1::text[]) AND ${condition}
       ORDER BY ${order}`,
      [ids, ...conditionParams],
    );
    for (const row of rows) byItem.get(row.for_item)?.push(toTicket(row));
    return byItem;
  };

  return {
    backend: db.kind,

    async ticketsByIds(ids) {
      const wanted = [...new Set(ids)].filter(storable);
      if (!wanted.length) return new Map();
      const tickets = await ticketsWhere('t.id = ANY($1::text[])', [wanted]);
      return new Map(tickets.map((t) => [t.id, t]));
    },

    async ticketsByNumbers(numbers) {
      const wanted = [...new Set(numbers)].filter(storable);
      if (!wanted.length) return new Map();
      const tickets = await ticketsWhere('t.number = ANY($1::text[])', [wanted]);
      return new Map(tickets.map((t) => [t.number, t]));
    },

    async listTickets(filter, first, after, { withTotalCount = true } = {}) {
      const params: unknown[] = [];
      const matching = ticketFilterConditions(filter, params);
      const page = [...matching, ...afterCursor(after, params)];
      params.push(first + 1);
      // One statement, so the count and the page see the same snapshot.
      const totalCount = withTotalCount ? `(SELECT count(*)::int FROM tickets.ticket t ${where(matching)})` : 'NULL::int';
      const rows = await db.query<TicketRow & { total_count: number | null; id: string | null }>(
        `SELECT ${totalCount} AS total_count, p.*
         FROM (SELECT 1) AS one
         LEFT JOIN LATERAL (
           SELECT ${TICKET_COLUMNS} FROM tickets.ticket t ${where(page)}
           ORDER BY ${TICKET_ORDER}
           LIMIT $${params.length}
         ) AS p ON true`,
        params,
      );
      const tickets = rows.filter((row) => row.id !== null).map(toTicket);
      return {
        tickets: tickets.slice(0, first),
        totalCount: withTotalCount ? Number(rows[0]?.total_count ?? 0) : null,
        hasNextPage: tickets.length > first,
      };
    },

    async ticketPageEnds(filter, after, pageSize, pages) {
      const params: unknown[] = [];
      const matching = ticketFilterConditions(filter, params);
      const page = [...matching, ...afterCursor(after, params)];
      params.push(pageSize - 1, pages);
      const [skip, most] = [`$${params.length - 1}`, `$${params.length}`];
      // Each end skips pageSize - 1 tickets after the one before: the (updated_at, id) index walked in
      // order (index only when there is no filter) and nothing more, measured at half the CPU of
      // numbering the tickets with a window function. Where that finds fewer than `pages` ends, the
      // last matching ticket ends a short page; beyond the last end, it tells that more follow.
      // One statement, so both parts see the same tickets.
      const rows = await db.query<{ n: number; updated_at: Date; id: string }>(
        `WITH RECURSIVE e (n, updated_at, id) AS (
           (SELECT 1, t.updated_at, t.id FROM tickets.ticket t ${where(page)} ORDER BY ${TICKET_ORDER} OFFSET ${skip} LIMIT 1)
           UNION ALL
           SELECT e.n + 1, x.updated_at, x.id FROM e CROSS JOIN LATERAL (
             SELECT t.updated_at, t.id FROM tickets.ticket t
             ${where([...matching, keyset('e.updated_at', 'e.id')])}
             ORDER BY ${TICKET_ORDER} OFFSET ${skip} LIMIT 1
           ) AS x
           WHERE e.n < ${most}
         )
         SELECT n, updated_at, id FROM e
         UNION ALL
         (SELECT 0, t.updated_at, t.id FROM tickets.ticket t ${where(page)} ORDER BY t.updated_at DESC, t.id COLLATE "C" DESC LIMIT 1)`,
        params,
      );
      const ends = rows.filter((row) => row.n > 0).sort((a, b) => a.n - b.n).map((row) => ({ updatedAt: row.updated_at, id: row.id }));
      const last = rows.find((row) => row.n === 0);
      // The last matching ticket is the last end, or after it; ids are unique, so comparing them says which.
      const beyond = last !== undefined && last.id !== ends.at(-1)?.id;
      if (beyond && ends.length < pages) return { ends: [...ends, { updatedAt: last.updated_at, id: last.id }], more: false };
      return { ends, more: beyond };
    },

    async ticketCsvRecords(filter, after, upTo, now) {
      const params: unknown[] = [];
      const page = [...ticketFilterConditions(filter, params), ...afterCursor(after, params), upToCursor(upTo, params)];
      params.push(now);
      const rows = await db.query<{ record: string | null }>(
        `SELECT ${ticketCsvRecordSql(`$${params.length}::timestamptz`)} AS record
         FROM tickets.ticket t ${CSV_ITEM_IDS} ${where(page)}
         ORDER BY ${TICKET_ORDER}`,
        params,
      );
      return rows.map((row) => {
        // Every field is coalesced to text; a null record would be a column this statement forgot.
        if (row.record === null) throw new Error(`a ticket up to ${upTo.id} gave a null CSV record`);
        return row.record;
      });
    },

    openIncidentsOf: (itemIds) =>
      ticketsByItem(
        itemIds,
        `t.type = 'INCIDENT' AND t.status = ANY($2::text[])`,
        [OPEN_INCIDENT_STATUSES],
        't.priority, t.created_at, t.id COLLATE "C"',
      ),

    changesOf: (itemIds, openOnly) =>
      ticketsByItem(
        itemIds,
        `t.type = 'CHANGE' AND NOT (t.status = ANY($2::text[]))`,
        [openOnly ? FINAL_CHANGE_STATUSES : []],
        't.created_at, t.id COLLATE "C"',
      ),

    async historyOf(ticketIds) {
      const byTicket = new Map<string, HistoryEntry[]>(ticketIds.map((id) => [id, []]));
      const ids = [...byTicket.keys()].filter(storable);
      if (!ids.length) return byTicket;
      const rows = await db.query<HistoryRow>(
        `SELECT ticket_id, at, actor, field, from_value, to_value, note
         FROM tickets.ticket_history WHERE ticket_id = ANY($1::text[]) ORDER BY id`,
        [ids],
      );
      for (const row of rows) {
        byTicket.get(row.ticket_id)?.push({
          at: row.at,
          actor: row.actor,
          field: row.field,
          from: row.from_value,
          to: row.to_value,
          note: row.note,
        });
      }
      return byTicket;
    },

    createTicket: (input: NewTicket, actor, related?: RelatedUpdate) =>
      db.transaction(async (tx) => {
        const [{ n }] = await tx.query<{ n: number }>('SELECT nextval($1::regclass)::int AS n', [NUMBER_SEQUENCE[input.type]]);
        const ticket: Ticket = {
          ...input,
          ...defaultSla(input),
          id: randomUUID(),
          number: ticketNumber(input.type, Number(n)),
          affectedItemIds: normalizeItemIds(input.affectedItemIds),
          externalId: null,
          updatedAt: input.createdAt,
          resolvedAt: null,
          closedAt: null,
          version: 1,
          problemId: null,
          knownError: false,
          rootCause: null,
          workaround: null,
        };
        await tx.query(
          `INSERT INTO tickets.ticket (id, number, type, title, description, status, impact, urgency, priority,
             assignment_group, assignee, reporter, change_type, planned_start, planned_end,
             created_at, updated_at, sla_due_at, version,
             responded_at, response_due_at, sla_calendar, sla_target_ms, sla_anchor_at, sla_breach_at, offering_id, requested_for)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, 1,
             $19, $20, $21, $22, $16, $23, $24, $25)`,
          [
            ticket.id, ticket.number, ticket.type, ticket.title, ticket.description, ticket.status,
            ticket.impact, ticket.urgency, ticket.priority, ticket.assignmentGroup, ticket.assignee,
            ticket.reporter, ticket.changeType, ticket.plannedStart, ticket.plannedEnd,
            ticket.createdAt, ticket.updatedAt, ticket.slaDueAt,
            ticket.respondedAt, ticket.responseDueAt, ticket.slaCalendar, ticket.slaTargetMs, ticket.slaBreachAt,
            ticket.offeringId, ticket.requestedFor,
          ],
        );
        await insertItems(tx, ticket.affectedItemIds.map(() => ticket.id), ticket.affectedItemIds);
        await insertHistory(tx, [
          { ticket_id: ticket.id, at: ticket.createdAt, actor, field: 'status', from_value: null, to_value: ticket.status, note: null },
        ]);
        // A CREATED event names the fields the creation set, i.e. those with a value.
        const changedFields = (Object.keys(input) as (keyof NewTicket)[])
          .filter((field) => {
            const value = input[field];
            return value !== null && value !== undefined && !(Array.isArray(value) && value.length === 0) && !CLOCK_INTERNALS.has(field);
          })
          .map((field) => (field === 'offeringId' ? 'offering' : field));
        const events: PendingEvent[] = [{ kind: 'CREATED', at: new Date(), changedFields, ticket }];
        if (related?.ids.length) {
          const now = new Date();
          const ids = [...new Set(related.ids)].sort();
          // Locked in id order, like any multi-ticket write, so two such writes cannot deadlock.
          const rows = await tx.query<TicketRow>(
            `SELECT ${TICKET_COLUMNS} FROM tickets.ticket t WHERE t.id = ANY($1::text[]) ORDER BY t.id COLLATE "C" FOR UPDATE`,
            [ids.filter(storable)],
          );
          const found = new Map(rows.map((row) => [row.id, toTicket(row)]));
          for (const id of ids) {
            const current = found.get(id);
            if (!current) throw new NotFoundError('ticket', id);
            const change = related.decide(current, ticket, now);
            if (change) events.push(await applyChange(tx, current, change, actor, now));
          }
        }
        for (const event of events) await appendEvent(db, tx, event);
        return ticket;
      }),

    async updateTicket(id, expectedVersion, actor, decide: (current: Ticket, now: Date) => TicketChange | null) {
      if (!storable(id)) throw new NotFoundError('ticket', id);
      return db.transaction(async (tx) => {
        const rows = await tx.query<TicketRow>(`SELECT ${TICKET_COLUMNS} FROM tickets.ticket t WHERE t.id = $1 FOR UPDATE`, [id]);
        if (!rows.length) throw new NotFoundError('ticket', id);
        const current = toTicket(rows[0]);
        if (expectedVersion != null && expectedVersion !== current.version) {
          throw new ConflictError('ticket', id, expectedVersion, current.version);
        }
        const now = new Date();
        const change = decide(current, now);
        if (!change) return current;
        const event = await applyChange(tx, current, change, actor, now);
        await appendEvent(db, tx, event);
        return event.ticket;
      });
    },

    async incidentsOfProblems(problemIds) {
      const byProblem = new Map<string, Ticket[]>(problemIds.map((id) => [id, []]));
      const ids = [...byProblem.keys()].filter(storable);
      if (!ids.length) return byProblem;
      const rows = await db.query<TicketRow>(
        `SELECT ${TICKET_COLUMNS} FROM tickets.ticket t
         WHERE t.problem_id = ANY($1::text[]) AND t.type = 'INCIDENT' ORDER BY t.number COLLATE "C"`,
        [ids],
      );
      for (const row of rows) byProblem.get(row.problem_id!)?.push(toTicket(row));
      return byProblem;
    },

    async changesInWindow(from, to, excludedStatuses) {
      return ticketsWhere(
        `t.type = 'CHANGE' AND t.planned_start IS NOT NULL AND t.planned_end IS NOT NULL
           AND t.planned_start < $1 AND t.planned_end > $2 AND NOT (t.status = ANY($3::text[]))
         ORDER BY t.planned_start, t.number COLLATE "C"`,
        [to, from, excludedStatuses],
      );
    },

    async openIncidents({ priorities, createdSince }, limit) {
      const params: unknown[] = [OPEN_INCIDENT_STATUSES];
      const conditions = [`t.type = 'INCIDENT'`, `t.status = ANY($1::text[])`];
      if (priorities) conditions.push(`t.priority = ANY($${params.push(priorities)}::text[])`);
      if (createdSince) conditions.push(`t.created_at >= $${params.push(createdSince)}::timestamptz`);
      const bound = limit == null ? '' : ` LIMIT $${params.push(limit)}`;
      return ticketsWhere(`${conditions.join(' AND ')} ORDER BY t.number COLLATE "C"${bound}`, params);
    },

    async importIncidents(items: IncidentImport[], slaOf): Promise<ImportResult> {
      const result: ImportResult = { created: 0, updated: 0, unchanged: 0, relationshipsCreated: 0, relationshipsUnchanged: 0 };
      if (!items.length) return result;
      // updatedAt of written incidents is the import's time, not a historic one, so a BI
      // tool pulling with updatedSince picks up what an import brought in.
      const now = new Date();
      const incoming: ImportedIncident[] = items.map((item) => {
        const priority = priorityOf(item.impact, item.urgency);
        const given = slaOf(item);
        const sla: ImportedSla =
          given === null || given instanceof Date
            ? { ...defaultSla({ createdAt: item.createdAt, priority, slaDueAt: given } as NewTicket), slaDueAt: given }
            : given;
        return {
        external_id: item.externalId,
        title: item.title,
        impact: item.impact,
        urgency: item.urgency,
        priority: priorityOf(item.impact, item.urgency),
        status: item.status,
        created_at: item.createdAt,
        resolved_at: item.resolvedAt ?? null,
        closed_at: item.closedAt ?? null,
        assignment_group: item.assignmentGroup ?? null,
        sla_due_at: sla.slaDueAt,
        affected_item_ids: normalizeItemIds(item.affectedItemIds),
        sla_calendar: sla.slaCalendar,
        sla_target_ms: sla.slaTargetMs,
        sla_breach_at: sla.slaBreachAt,
        response_due_at: sla.responseDueAt,
        responded_at: sla.respondedAt,
        };
      });

      return db.transaction(async (tx) => {
        if (db.kind === 'postgres') await tx.query('SELECT pg_advisory_xact_lock($1)', [IMPORT_LOCK]);
        const stored = new Map(
          (
            await tx.query<TicketRow>(
              `SELECT ${TICKET_COLUMNS} FROM tickets.ticket t WHERE t.external_id = ANY($1::text[]) FOR UPDATE`,
              [incoming.map((i) => i.external_id)],
            )
          ).map((row) => [row.external_id as string, row]),
        );

        const created: (ImportedIncident & { id: string; number: string })[] = [];
        const changed: (ImportedIncident & { id: string })[] = [];
        const history: HistoryRow[] = [];
        const replacedItems: string[] = [];
        const fresh = incoming.filter((i) => !stored.has(i.external_id));
        const numbers = fresh.length
          ? (
              await tx.query<{ n: number }>(
                'SELECT nextval($1::regclass)::int AS n FROM generate_series(1, $2::int) ORDER BY 1',
                [NUMBER_SEQUENCE.INCIDENT, fresh.length],
              )
            ).map((r) => Number(r.n))
          : [];
        for (const incident of incoming) {
          const row = stored.get(incident.external_id);
          if (!row) {
            const id = randomUUID();
            created.push({ ...incident, id, number: ticketNumber('INCIDENT', numbers[created.length]) });
            history.push({
              ticket_id: id,
              at: incident.created_at,
              actor: null,
              field: 'status',
              from_value: null,
              to_value: incident.status,
              note: 'imported',
            });
            continue;
          }
          const differences = IMPORT_COMPARED_FIELDS.filter(([column]) => !sameValue(row[column], incident[column]));
          if (!differences.length) {
            result.unchanged += 1;
            continue;
          }
          changed.push({ ...incident, id: row.id });
          for (const [column, field] of differences) {
            history.push({
              ticket_id: row.id,
              at: now,
              actor: null,
              field,
              from_value: historyValue(row[column]),
              to_value: historyValue(incident[column]),
              note: 'imported',
            });
          }
          if (differences.some(([column]) => column === 'affected_item_ids')) replacedItems.push(row.id);
        }
        result.created = created.length;
        result.updated = changed.length;

        const recordset = `jsonb_to_recordset($1::text::jsonb) AS x(
          id text, number text, external_id text, title text, impact text, urgency text, priority text, status text,
          created_at timestamptz, resolved_at timestamptz, closed_at timestamptz, assignment_group text, sla_due_at timestamptz,
          sla_calendar text, sla_target_ms bigint, sla_breach_at timestamptz, response_due_at timestamptz, responded_at timestamptz)`;
        if (created.length) {
          await tx.query(
            `INSERT INTO tickets.ticket (id, number, type, title, status, impact, urgency, priority, assignment_group,
               external_id, created_at, updated_at, resolved_at, closed_at, sla_due_at, version,
               sla_calendar, sla_target_ms, sla_anchor_at, sla_breach_at, response_due_at, responded_at)
             SELECT x.id, x.number, 'INCIDENT', x.title, x.status, x.impact, x.urgency, x.priority, x.assignment_group,
               x.external_id, x.created_at, $2, x.resolved_at, x.closed_at, x.sla_due_at, 1,
               x.sla_calendar, x.sla_target_ms, x.created_at, x.sla_breach_at, x.response_due_at, x.responded_at
             FROM ${recordset}`,
            [JSON.stringify(created), now],
          );
        }
        if (changed.length) {
          await tx.query(
            `UPDATE tickets.ticket t
             SET title = x.title, status = x.status, impact = x.impact, urgency = x.urgency, priority = x.priority,
                 assignment_group = x.assignment_group, created_at = x.created_at, resolved_at = x.resolved_at,
                 closed_at = x.closed_at, sla_due_at = x.sla_due_at, updated_at = $2, version = t.version + 1,
                 sla_calendar = x.sla_calendar, sla_target_ms = x.sla_target_ms, sla_anchor_at = x.created_at, sla_anchor_ms = 0,
                 sla_paused = false, sla_reached_at = NULL, sla_breach_at = x.sla_breach_at, response_due_at = x.response_due_at,
                 responded_at = x.responded_at
             FROM ${recordset}
             WHERE t.id = x.id`,
            [JSON.stringify(changed), now],
          );
        }
        if (replacedItems.length) {
          await tx.query('DELETE FROM tickets.ticket_item WHERE ticket_id = ANY($1::text[])', [replacedItems]);
        }
        const replaced = new Set(replacedItems);
        const itemRows = [...created, ...changed.filter((c) => replaced.has(c.id))].flatMap((t) =>
          t.affected_item_ids.map((itemId) => [t.id, itemId] as const),
        );
        await insertItems(tx, itemRows.map(([ticketId]) => ticketId), itemRows.map(([, itemId]) => itemId));
        await insertHistory(tx, history);
        return result;
      });
    },

    metrics: (query, now) => queryMetrics(db, query, now),

    async serviceCatalog(category, includeInactive) {
      const rows = await db.query<OfferingRow>(
        `SELECT ${OFFERING_COLUMNS} FROM tickets.service_offering o
         WHERE ($1::text IS NULL OR o.category = $1) AND (o.active OR $2::boolean)
         ORDER BY o.category COLLATE "C", o.name COLLATE "C", o.id COLLATE "C"`,
        [category, includeInactive],
      );
      return rows.map(toOffering);
    },

    async offeringsByIds(ids) {
      const wanted = [...new Set(ids)].filter(storable);
      if (!wanted.length) return new Map();
      const rows = await db.query<OfferingRow>(`SELECT ${OFFERING_COLUMNS} FROM tickets.service_offering o WHERE o.id = ANY($1::text[])`, [wanted]);
      return new Map(rows.map((row) => [row.id, toOffering(row)]));
    },

    async createOffering(fields) {
      const now = new Date();
      const rows = await db
        .query<OfferingRow>(
          `INSERT INTO tickets.service_offering AS o
             (id, name, description, category, business_service_id, fulfilment_hours, active, version, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $8)
           RETURNING ${OFFERING_COLUMNS}`,
          [randomUUID(), fields.name, fields.description, fields.category, fields.businessServiceId, fields.fulfilmentHours, fields.active, now],
        )
        .catch(duplicateName(fields.name));
      return toOffering(rows[0]);
    },

    async updateOffering(id, expectedVersion, fields) {
      if (!storable(id)) throw new NotFoundError('service offering', id);
      return db
        .transaction(async (tx) => {
          const [current] = await tx.query<{ version: number }>('SELECT version FROM tickets.service_offering WHERE id = $1 FOR UPDATE', [id]);
          if (!current) throw new NotFoundError('service offering', id);
          if (expectedVersion != null && expectedVersion !== current.version) {
            throw new ConflictError('service offering', id, expectedVersion, current.version);
          }
          const rows = await tx.query<OfferingRow>(
            `UPDATE tickets.service_offering o
             SET name = $2, description = $3, category = $4, business_service_id = $5, fulfilment_hours = $6, active = $7,
                 version = o.version + 1, updated_at = $8
             WHERE o.id = $1
             RETURNING ${OFFERING_COLUMNS}`,
            [id, fields.name, fields.description, fields.category, fields.businessServiceId, fields.fulfilmentHours, fields.active, new Date()],
          );
          return toOffering(rows[0]);
        })
        .catch(duplicateName(fields.name));
    },

    async eventsAfter(sequence, limit) {
      requireIntInRange('limit', limit, 1, 1_000_000);
      const rows = await db.query<EventRow>(
        // Ordered by the bigint column, not by the text it is returned as ("10" < "9").
        `SELECT e.sequence::text AS sequence, e.kind, e.at, e.changed_fields, e.ticket_id, e.ticket_type, e.priority,
                e.assignment_group, e.affected_item_ids
         FROM tickets.ticket_event e WHERE e.sequence > $1::bigint ORDER BY e.sequence LIMIT $2`,
        [sequence.toString(), limit],
      );
      return rows.map(
        (row): TicketEvent => ({
          sequence: row.sequence,
          kind: row.kind,
          at: row.at,
          changedFields: row.changed_fields,
          ticketId: row.ticket_id,
          ticketType: row.ticket_type,
          priority: row.priority,
          assignmentGroup: row.assignment_group,
          affectedItemIds: row.affected_item_ids,
        }),
      );
    },

    async latestSequence() {
      // The newest committed row, not the sequence's last value: that may belong to a
      // transaction still running (or rolled back), and a reader starting after it would miss it.
      const [row] = await db.query<{ sequence: string }>(
        'SELECT coalesce(max(sequence), 0)::text AS sequence FROM tickets.ticket_event',
      );
      return BigInt(row.sequence);
    },

    onEventCommitted: (listener) => db.listen(EVENT_CHANNEL, (payload) => listener(BigInt(payload))),

    async pruneEvents(before) {
      const [row] = await db.query<{ pruned: number }>(
        `WITH pruned AS (DELETE FROM tickets.ticket_event WHERE at < $1 RETURNING 1) SELECT count(*)::int AS pruned FROM pruned`,
        [before],
      );
      return Number(row.pruned);
    },

    async ping() {
      await db.query('SELECT 1');
    },

    close: () => db.close(),
  };
}
