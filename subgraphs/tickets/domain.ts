/**
 * The tickets domain: ITIL priority, SLA targets, numbering, state machines and
 * the history and event each change records. Stores persist what these rules
 * decide; they decide nothing themselves.
 */
import { BadUserInputError } from '../../platform/errors';
import {
  addCounted,
  breachAt,
  calendarFromText,
  calendarText,
  clockBreached,
  dueAt,
  elapsedPercent,
  pauseClock,
  resumeClock,
  startClock,
  type SlaCalendar,
  type SlaClockState,
  type SlaTerms,
} from './sla-clock';

export type TicketType = 'INCIDENT' | 'PROBLEM' | 'CHANGE' | 'REQUEST';
export type Level = 'HIGH' | 'MEDIUM' | 'LOW';
export type Priority = 'P1' | 'P2' | 'P3' | 'P4' | 'P5';
export type ChangeType = 'STANDARD' | 'NORMAL' | 'EMERGENCY';
export type TicketStatus =
  | 'NEW' | 'IN_PROGRESS' | 'ON_HOLD' | 'RESOLVED' | 'CLOSED'
  | 'DRAFT' | 'ASSESSMENT' | 'AUTHORIZED' | 'SCHEDULED' | 'IMPLEMENTING' | 'REVIEW'
  | 'CANCELLED';
export type TicketEventKind = 'CREATED' | 'UPDATED' | 'STATUS_CHANGED' | 'ASSIGNED' | 'COMMENTED';
export type MetricInterval = 'HOUR' | 'DAY' | 'WEEK' | 'MONTH';
export type MetricDimension = 'TYPE' | 'PRIORITY' | 'ASSIGNMENT_GROUP' | 'AFFECTED_ITEM';

export const PRIORITIES: Priority[] = ['P1', 'P2', 'P3', 'P4', 'P5'];

export interface Ticket {
  id: string;
  number: string;
  type: TicketType;
  title: string;
  description: string | null;
  status: TicketStatus;
  impact: Level;
  urgency: Level;
  priority: Priority;
  assignmentGroup: string | null;
  assignee: string | null;
  reporter: string | null;
  affectedItemIds: string[];
  changeType: ChangeType | null;
  plannedStart: Date | null;
  plannedEnd: Date | null;
  externalId: string | null;
  createdAt: Date;
  updatedAt: Date;
  resolvedAt: Date | null;
  closedAt: Date | null;
  slaDueAt: Date | null;
  version: number;
  /** The problem an incident belongs to (at most one). */
  problemId: string | null;
  /** Problems only: set by `recordKnownError`. */
  knownError: boolean;
  rootCause: string | null;
  workaround: string | null;
  /** First time the ticket left NEW (DRAFT for changes) or got an assignee. */
  respondedAt: Date | null;
  /** createdAt plus the response target in counted time, fixed at creation. */
  responseDueAt: Date;
  /** The business calendar the ticket's clocks count in (`calendarText`); null: around the clock. */
  slaCalendar: string | null;
  /** Resolution target in counted milliseconds; null for changes. */
  slaTargetMs: number | null;
  /** The resolution clock, changed when a hold starts or ends. */
  slaClock: SlaClockState;
  /** Stored for metrics: a resolution after this instant is a breach (null while that depends on a hold still to end). */
  slaBreachAt: Date | null;
  /** Service requests opened through the catalog: the offering and whom it is for. */
  offeringId: string | null;
  requestedFor: string | null;
}

export interface HistoryEntry {
  at: Date;
  actor: string | null;
  field: string;
  from: string | null;
  to: string | null;
  note: string | null;
}

export interface TicketEvent {
  sequence: string;
  kind: TicketEventKind;
  at: Date;
  changedFields: string[];
  ticketId: string;
  /** The ticket as the event left it, for filtering without another read. */
  ticketType: TicketType;
  priority: Priority;
  assignmentGroup: string | null;
  affectedItemIds: string[];
}

/** What a `ConfigurationItem` reference carries in this subgraph. */
export interface ItemReference {
  __typename?: 'ConfigurationItem';
  id: string;
}

export interface TicketFilter {
  types?: TicketType[] | null;
  statuses?: TicketStatus[] | null;
  priorities?: Priority[] | null;
  assignmentGroup?: string | null;
  affectedItemIds?: string[] | null;
  updatedSince?: Date | null;
}

/** Position in the (updatedAt, id) order of `tickets`. */
export interface TicketCursor {
  updatedAt: Date;
  id: string;
}

/** Columns of a ticket export, in the contract's order; NDJSON objects have the same keys in the same order. */
export const TICKET_EXPORT_COLUMNS = [
  'number', 'externalId', 'type', 'title', 'status', 'impact', 'urgency', 'priority', 'assignmentGroup', 'assignee',
  'reporter', 'createdAt', 'updatedAt', 'resolvedAt', 'closedAt', 'slaDueAt', 'slaBreached', 'affectedItemIds',
] as const;
export type TicketExportColumn = (typeof TICKET_EXPORT_COLUMNS)[number];

export interface TicketPage {
  tickets: Ticket[];
  /** Null when the caller did not ask for it: on a million tickets, counting costs more than the page. */
  totalCount: number | null;
  hasNextPage: boolean;
}

export interface MetricsQuery {
  from: Date;
  to: Date;
  interval: MetricInterval;
  groupBy: MetricDimension[];
  filter: TicketFilter;
  /** IANA zone the buckets align in (local midnight, Monday, the 1st); UTC when absent. */
  timeZone?: string;
  /** A row for every bucket that starts in [from, to) and every group in the answer, zeros where nothing happened. */
  fillEmpty?: boolean;
}

export interface MetricRow {
  bucketStart: Date;
  type: TicketType | null;
  priority: Priority | null;
  assignmentGroup: string | null;
  affectedItemId: string | null;
  opened: number;
  resolved: number;
  backlog: number;
  mttrSeconds: number | null;
  mttrP50Seconds: number | null;
  mttrP90Seconds: number | null;
  slaBreached: number;
  slaCompliance: number | null;
}

export interface IncidentImport {
  externalId: string;
  title: string;
  impact: Level;
  urgency: Level;
  status: TicketStatus;
  createdAt: Date;
  resolvedAt?: Date | null;
  closedAt?: Date | null;
  assignmentGroup?: string | null;
  affectedItemIds?: string[] | null;
}

/** A new ticket as the rules complete it; the store adds id, number and timestamps' storage. */
export type NewTicket = Pick<
  Ticket,
  | 'type'
  | 'title'
  | 'description'
  | 'status'
  | 'impact'
  | 'urgency'
  | 'priority'
  | 'assignmentGroup'
  | 'assignee'
  | 'reporter'
  | 'affectedItemIds'
  | 'changeType'
  | 'plannedStart'
  | 'plannedEnd'
  | 'createdAt'
  | 'slaDueAt'
> &
  /**
   * The service level terms `initialSla` decides. Optional so that a hand-built ticket (tests) gets the
   * default rule: around the clock, the target implied by slaDueAt, the default response target.
   */
  Partial<Pick<Ticket, 'slaCalendar' | 'slaTargetMs' | 'slaBreachAt' | 'responseDueAt' | 'respondedAt' | 'offeringId' | 'requestedFor'>>;

/** The mutable fields of a ticket that a change may set. */
export type TicketPatch = Partial<
  Pick<
    Ticket,
    | 'status' | 'assignmentGroup' | 'assignee' | 'resolvedAt' | 'closedAt' | 'problemId' | 'knownError' | 'rootCause' | 'workaround'
    | 'respondedAt' | 'slaClock' | 'slaDueAt' | 'slaBreachAt'
  >
>;

/** What an upsert of a batch did; the relationship counts are always 0 for ticket imports. */
export interface ImportResult {
  created: number;
  updated: number;
  unchanged: number;
  relationshipsCreated: number;
  relationshipsUnchanged: number;
}

/** What one mutation does to a ticket, decided by the rules from its current state. */
export interface TicketChange {
  patch: TicketPatch;
  history: Omit<HistoryEntry, 'at' | 'actor'>[];
  eventKind: TicketEventKind;
  changedFields: string[];
}

/**
 * Filters arrive from clients that send `[]` for "nothing picked"; across the
 * API (tickets, metrics, events, CMDB filters, traversal types) an empty list
 * constrains nothing, like an absent one.
 */
export function withoutEmptyLists<F extends object>(filter: F | null | undefined): F {
  return Object.fromEntries(
    Object.entries(filter ?? {}).filter(([, value]) => !(Array.isArray(value) && value.length === 0)),
  ) as F;
}

export const MAX_PAGE_SIZE = 1000;
export const MAX_IMPORT_INCIDENTS = 10_000;

const PRIORITY_MATRIX: Record<Level, Record<Level, Priority>> = {
  HIGH: { HIGH: 'P1', MEDIUM: 'P2', LOW: 'P3' },
  MEDIUM: { HIGH: 'P2', MEDIUM: 'P3', LOW: 'P4' },
  LOW: { HIGH: 'P3', MEDIUM: 'P4', LOW: 'P5' },
};

/** ITIL priority from impact and urgency. */
export function priorityOf(impact: Level, urgency: Level): Priority {
  return PRIORITY_MATRIX[impact][urgency];
}

/** Resolution targets in calendar hours, by priority. */
export type SlaTargets = Record<Priority, number>;
export const DEFAULT_SLA_TARGETS: SlaTargets = { P1: 4, P2: 8, P3: 24, P4: 72, P5: 120 };

/**
 * Parses a per-priority setting such as `P1=4,P2=8`: positive numbers, unnamed priorities keeping
 * their default. `variable` and `example` name the setting in the error.
 */
function parsePriorityNumbers(text: string | undefined, defaults: Record<Priority, number>, variable: string, example: string): Record<Priority, number> {
  const values = { ...defaults };
  if (!text) return values;
  for (const part of text.split(',')) {
    const [priority, value] = part.split('=').map((s) => s.trim());
    if (!PRIORITIES.includes(priority as Priority) || !(Number(value) > 0)) {
      throw new Error(`${variable}: ${JSON.stringify(part)} is not ${example}`);
    }
    values[priority as Priority] = Number(value);
  }
  return values;
}

/** Parses `SLA_TARGET_HOURS` (`P1=4,P2=8,...`); unnamed priorities keep their default. */
export function parseSlaTargets(text: string | undefined): SlaTargets {
  return parsePriorityNumbers(text, DEFAULT_SLA_TARGETS, 'SLA_TARGET_HOURS', 'PRIORITY=HOURS (e.g. P1=4)');
}

/** Changes have no resolution target; every other ticket is due `target` hours after creation. */
export function slaDueAt(type: TicketType, priority: Priority, createdAt: Date, targets: SlaTargets): Date | null {
  if (type === 'CHANGE') return null;
  return new Date(createdAt.getTime() + targets[priority] * 3_600_000);
}

/**
 * `slaBreached`: the resolution clock, read at resolvedAt (else now), exceeds the target. A ticket
 * without its clock (a hand-built one) has the original rule, which the clock reproduces when it was
 * never on hold under the default calendar.
 */
export function slaBreached(
  ticket: Pick<Ticket, 'slaDueAt' | 'resolvedAt'> & Partial<Pick<Ticket, 'slaClock' | 'slaCalendar' | 'slaTargetMs'>>,
  now: Date = new Date(),
): boolean {
  if (ticket.slaClock) return clockBreached(slaTerms(ticket as Ticket), ticket.slaClock, ticket.resolvedAt ?? now);
  if (!ticket.slaDueAt) return false;
  return (ticket.resolvedAt ?? now).getTime() > ticket.slaDueAt.getTime();
}

// ---------------------------------------------------------------- service levels

/** Response targets in counted minutes, by priority. */
export type ResponseTargets = Record<Priority, number>;
export const DEFAULT_RESPONSE_MINUTES: ResponseTargets = { P1: 15, P2: 30, P3: 240, P4: 480, P5: 1440 };
export const DEFAULT_24X7_PRIORITIES: Priority[] = ['P1', 'P2'];
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/** How service levels are counted for tickets created now (the environment's SLA_* settings). */
export interface SlaPolicy {
  targets: SlaTargets;
  responseMinutes: ResponseTargets;
  /** Null: around the clock for every priority. */
  calendar: SlaCalendar | null;
  /** Priorities counted around the clock even when `calendar` is set. */
  aroundTheClock: Priority[];
}

export const DEFAULT_SLA_POLICY: SlaPolicy = {
  targets: DEFAULT_SLA_TARGETS,
  responseMinutes: DEFAULT_RESPONSE_MINUTES,
  calendar: null,
  aroundTheClock: DEFAULT_24X7_PRIORITIES,
};

/** Parses `SLA_RESPONSE_MINUTES` (`P1=15,P2=30,...`); unnamed priorities keep their default. */
export function parseResponseTargets(text: string | undefined): ResponseTargets {
  return parsePriorityNumbers(text, DEFAULT_RESPONSE_MINUTES, 'SLA_RESPONSE_MINUTES', 'PRIORITY=MINUTES (e.g. P1=15)');
}

/** Parses `SLA_24X7_PRIORITIES` (`P1,P2`); an empty value names none. */
export function parsePriorityList(text: string | undefined): Priority[] {
  if (text === undefined) return DEFAULT_24X7_PRIORITIES;
  const priorities = text.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = priorities.filter((p) => !PRIORITIES.includes(p as Priority));
  if (unknown.length) throw new Error(`SLA_24X7_PRIORITIES: ${unknown.map((p) => JSON.stringify(p)).join(', ')} is not a priority (P1..P5)`);
  return [...new Set(priorities)] as Priority[];
}

/** The calendar and resolution target a ticket's clock counts with. */
export function slaTerms(ticket: Pick<Ticket, 'slaCalendar' | 'slaTargetMs'>): SlaTerms {
  return { calendar: calendarFromText(ticket.slaCalendar), targetMs: ticket.slaTargetMs };
}

/**
 * The service level terms of a new ticket: the calendar in force (around the clock for the
 * priorities that run so), the resolution target (the priority's, or `targetHours` for a catalog
 * request; none for changes), the response target, and the clock's first due instants.
 */
export function initialSla(
  policy: SlaPolicy,
  type: TicketType,
  priority: Priority,
  createdAt: Date,
  targetHours?: number,
): Required<Pick<NewTicket, 'slaCalendar' | 'slaTargetMs' | 'slaBreachAt' | 'responseDueAt'>> & { slaDueAt: Date | null } {
  const calendar = policy.calendar && !policy.aroundTheClock.includes(priority) ? policy.calendar : null;
  const slaCalendar = calendarText(calendar);
  const slaTargetMs = type === 'CHANGE' ? null : Math.round((targetHours ?? policy.targets[priority]) * HOUR_MS);
  const terms: SlaTerms = { calendar, targetMs: slaTargetMs };
  const clock = startClock(createdAt);
  return {
    slaCalendar,
    slaTargetMs,
    slaDueAt: dueAt(terms, clock),
    slaBreachAt: breachAt(terms, clock),
    responseDueAt: addCounted(calendar, createdAt, Math.round(policy.responseMinutes[priority] * MINUTE_MS)),
  };
}

/** What a client reads of a ticket's service level at `now`. */
export interface SlaView {
  paused: boolean;
  breached: boolean;
  elapsedPercent: number;
  responseBreached: boolean;
}

export function slaView(ticket: Ticket, now: Date = new Date()): SlaView {
  const terms = slaTerms(ticket);
  const end = ticket.resolvedAt ?? now;
  return {
    paused: ticket.status === 'ON_HOLD',
    breached: clockBreached(terms, ticket.slaClock, end),
    elapsedPercent: elapsedPercent(terms, ticket.slaClock, end),
    responseBreached: (ticket.respondedAt ?? now).getTime() > ticket.responseDueAt.getTime(),
  };
}

/**
 * Completes a change with what it does to the service level: the response is recorded the first
 * time the ticket leaves NEW (DRAFT) or gets an assignee; entering ON_HOLD stops the resolution
 * clock and leaving it restarts it, moving slaDueAt (null while on hold) and the stored breach instant.
 */
export function withServiceLevel(current: Ticket, change: TicketChange | null, now: Date): TicketChange | null {
  if (!change) return null;
  const patch: TicketPatch = { ...change.patch };
  const next = { ...current, ...change.patch };
  const initial = current.type === 'CHANGE' ? 'DRAFT' : 'NEW';
  if (current.respondedAt == null && (next.status !== initial || (next.assignee != null && next.assignee !== current.assignee))) {
    patch.respondedAt = now;
  }
  const wasHeld = current.status === 'ON_HOLD';
  const held = next.status === 'ON_HOLD';
  if (wasHeld !== held) {
    const terms = slaTerms(current);
    const clock = held ? pauseClock(terms, current.slaClock, now) : resumeClock(current.slaClock, now);
    patch.slaClock = clock;
    patch.slaDueAt = dueAt(terms, clock);
    patch.slaBreachAt = breachAt(terms, clock);
  }
  return { ...change, patch };
}

export const NUMBER_PREFIX: Record<TicketType, string> = { INCIDENT: 'INC', PROBLEM: 'PRB', CHANGE: 'CHG', REQUEST: 'REQ' };

export function ticketNumber(type: TicketType, sequence: number): string {
  return `${NUMBER_PREFIX[type]}${String(sequence).padStart(7, '0')}`;
}

const SUPPORT_TRANSITIONS: Partial<Record<TicketStatus, TicketStatus[]>> = {
  NEW: ['IN_PROGRESS', 'ON_HOLD', 'RESOLVED', 'CANCELLED'],
  IN_PROGRESS: ['ON_HOLD', 'RESOLVED', 'CANCELLED'],
  ON_HOLD: ['IN_PROGRESS', 'RESOLVED', 'CANCELLED'],
  RESOLVED: ['CLOSED', 'IN_PROGRESS'],
};

const CHANGE_FLOW: TicketStatus[] = ['DRAFT', 'ASSESSMENT', 'AUTHORIZED', 'SCHEDULED', 'IMPLEMENTING', 'REVIEW', 'CLOSED'];
const SUPPORT_STATUSES: TicketStatus[] = ['NEW', 'IN_PROGRESS', 'ON_HOLD', 'RESOLVED', 'CLOSED', 'CANCELLED'];

/** Statuses a ticket of this type may have at all. */
export function statusesOf(type: TicketType): TicketStatus[] {
  return type === 'CHANGE' ? [...CHANGE_FLOW, 'CANCELLED'] : SUPPORT_STATUSES;
}

export function isOpen(ticket: Pick<Ticket, 'status'>): boolean {
  return ticket.status !== 'CLOSED' && ticket.status !== 'CANCELLED';
}

export function allowedTransitions(ticket: Pick<Ticket, 'type' | 'status' | 'changeType'>): TicketStatus[] {
  if (ticket.type !== 'CHANGE') return SUPPORT_TRANSITIONS[ticket.status] ?? [];
  const at = CHANGE_FLOW.indexOf(ticket.status);
  if (at < 0 || ticket.status === 'CLOSED') return [];
  const next = [CHANGE_FLOW[at + 1]];
  if (ticket.status === 'DRAFT' && ticket.changeType === 'STANDARD') next.push('SCHEDULED');
  return [...next, 'CANCELLED'];
}

/** The change a transition makes, or BAD_USER_INPUT naming the allowed targets. */
export function transition(ticket: Ticket, to: TicketStatus, note: string | null, now: Date): TicketChange {
  const allowed = allowedTransitions(ticket);
  if (!allowed.includes(to)) {
    throw new BadUserInputError(
      `to: ${ticket.number} cannot go from ${ticket.status} to ${to}; allowed: ${allowed.join(', ') || 'none (final status)'}`,
      undefined,
      { argumentName: 'to', from: ticket.status, allowed },
    );
  }
  const patch: TicketPatch = { status: to };
  const history: TicketChange['history'] = [{ field: 'status', from: ticket.status, to, note }];
  if (to === 'RESOLVED') patch.resolvedAt = now;
  if (ticket.status === 'RESOLVED' && to === 'IN_PROGRESS') patch.resolvedAt = null;
  if (to === 'CLOSED' || to === 'CANCELLED') patch.closedAt = now;
  for (const field of ['resolvedAt', 'closedAt'] as const) {
    if (field in patch) {
      history.push({ field, from: iso(ticket[field]), to: iso(patch[field] ?? null), note: null });
    }
  }
  return { patch, history, eventKind: 'STATUS_CHANGED', changedFields: ['status', ...Object.keys(patch).filter((f) => f !== 'status')] };
}

type TextField = 'assignmentGroup' | 'assignee' | 'rootCause' | 'workaround';

/** The text fields of `wanted` that differ from the ticket's: the patch that sets them, and a history entry each. */
function textChanges(ticket: Ticket, wanted: Partial<Record<TextField, string | null>>): Pick<TicketChange, 'patch' | 'history'> {
  const patch: TicketPatch = {};
  const history: TicketChange['history'] = [];
  for (const [field, to] of Object.entries(wanted) as [TextField, string | null][]) {
    if (ticket[field] === to) continue;
    patch[field] = to;
    history.push({ field, from: ticket[field], to, note: null });
  }
  return { patch, history };
}

/** The change an assignment makes; null when it changes nothing. */
export function assignment(ticket: Ticket, assignmentGroup: string | null, assignee: string | null): TicketChange | null {
  const { patch, history } = textChanges(ticket, { assignmentGroup, assignee });
  if (!history.length) return null;
  return { patch, history, eventKind: 'ASSIGNED', changedFields: Object.keys(patch) };
}

export function comment(body: string): TicketChange {
  if (body.trim() === '') throw new BadUserInputError('body: a comment cannot be empty', undefined, { argumentName: 'body' });
  return { patch: {}, history: [{ field: 'comment', from: null, to: null, note: body }], eventKind: 'COMMENTED', changedFields: ['comment'] };
}

/** Checks an import batch for everything that can be told without the store. */
export function incidentImportProblems(items: IncidentImport[]): string[] {
  const problems: string[] = [];
  if (items.length > MAX_IMPORT_INCIDENTS) problems.push(`items: ${items.length} given, at most ${MAX_IMPORT_INCIDENTS} a call`);
  const seen = new Set<string>();
  const allowed = statusesOf('INCIDENT');
  items.forEach((item, index) => {
    const at = `items[${index}]`;
    if (item.externalId.trim() === '') problems.push(`${at}.externalId is empty`);
    if (seen.has(item.externalId)) problems.push(`${at}.externalId ${JSON.stringify(item.externalId)} appears more than once`);
    seen.add(item.externalId);
    if (item.title.trim() === '') problems.push(`${at}.title is empty`);
    if (!allowed.includes(item.status)) problems.push(`${at}.status ${item.status} is not an incident status`);
    if (item.resolvedAt && item.resolvedAt < item.createdAt) problems.push(`${at}.resolvedAt is before createdAt`);
    if (item.closedAt && item.closedAt < item.createdAt) problems.push(`${at}.closedAt is before createdAt`);
  });
  return problems;
}

function iso(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}

// ---------------------------------------------------------------- problems

export const OPEN_INCIDENT_STATUSES: TicketStatus[] = ['NEW', 'IN_PROGRESS', 'ON_HOLD'];

/**
 * The change linking `incident` to `problem` makes; null when it already belongs to it.
 * `previousNumber` is the number of the problem the incident belongs to now (null when none).
 */
export function problemLink(incident: Ticket, problem: Pick<Ticket, 'id' | 'number'>, previousNumber: string | null): TicketChange | null {
  if (incident.problemId === problem.id) return null;
  return {
    patch: { problemId: problem.id },
    history: [{ field: 'problem', from: previousNumber, to: problem.number, note: null }],
    eventKind: 'UPDATED',
    changedFields: ['problem'],
  };
}

/** The change recording a known error on a problem makes: one history entry per changed field; null when nothing changes. */
export function knownErrorRecord(problem: Ticket, rootCause: string, workaround: string | null): TicketChange | null {
  if (problem.type !== 'PROBLEM') {
    throw new BadUserInputError(`problemId: ${problem.number} is not a problem`, undefined, { argumentName: 'problemId' });
  }
  if (rootCause.trim() === '') throw new BadUserInputError('rootCause must not be empty', undefined, { argumentName: 'rootCause' });
  const { patch, history } = textChanges(problem, { rootCause, workaround });
  if (!problem.knownError) {
    patch.knownError = true;
    history.push({ field: 'knownError', from: 'false', to: 'true', note: null });
  }
  if (!history.length) return null;
  return { patch, history, eventKind: 'UPDATED', changedFields: Object.keys(patch) };
}

// ---------------------------------------------------------------- changes

/** Depth of the blast radius whose business services two changes must not share. */
export const CONFLICT_DEPTH = 5;

/** Statuses after which a change can no longer conflict. */
export const FINAL_CHANGE_STATUSES: TicketStatus[] = ['CLOSED', 'CANCELLED'];

export function hasWindow(change: Pick<Ticket, 'plannedStart' | 'plannedEnd'>): change is { plannedStart: Date; plannedEnd: Date } {
  return change.plannedStart != null && change.plannedEnd != null;
}

/** Whether `change` can conflict at all: open, with a window. */
export function mayConflict(change: Ticket): boolean {
  return change.type === 'CHANGE' && !FINAL_CHANGE_STATUSES.includes(change.status) && hasWindow(change);
}

export interface ChangeConflict {
  change: Ticket;
  sharedItemIds: string[];
  sharedBusinessServiceIds: string[];
}

/**
 * The conflicts of `change` among `candidates` (open changes whose windows overlap its own, by
 * plannedStart then number). `services` gives services(X) per change id, ordered by name then id;
 * `itemOrder` orders item ids by name then id.
 */
export function changeConflicts(
  change: Ticket,
  candidates: Ticket[],
  services: Map<string, string[]>,
  itemOrder: (ids: string[]) => string[],
): ChangeConflict[] {
  if (!mayConflict(change)) return [];
  const own = new Set(change.affectedItemIds);
  const ownServices = services.get(change.id) ?? [];
  const conflicts: ChangeConflict[] = [];
  for (const other of candidates) {
    if (other.id === change.id || !mayConflict(other) || !windowsOverlap(change, other)) continue;
    const sharedItemIds = itemOrder(other.affectedItemIds.filter((id) => own.has(id)));
    const theirs = new Set(services.get(other.id) ?? []);
    const sharedBusinessServiceIds = ownServices.filter((id) => theirs.has(id));
    if (sharedItemIds.length || sharedBusinessServiceIds.length) conflicts.push({ change: other, sharedItemIds, sharedBusinessServiceIds });
  }
  return conflicts;
}

function windowsOverlap(a: Ticket, b: Ticket): boolean {
  return a.plannedStart!.getTime() < b.plannedEnd!.getTime() && b.plannedStart!.getTime() < a.plannedEnd!.getTime();
}

export type RiskLevel = 'LOW' | 'MODERATE' | 'HIGH' | 'VERY_HIGH';

export interface ChangeRisk {
  level: RiskLevel;
  score: number;
  businessServicesDown: number;
  businessServicesDegraded: number;
  criticalServicesDown: number;
  openMajorIncidents: number;
  conflicts: number;
}

const TYPE_WEIGHT: Record<ChangeType, number> = { EMERGENCY: 10, NORMAL: 3, STANDARD: 0 };

/** What the risk of a change is computed from: its outage's business services, open major incidents and conflicts. */
export interface RiskInputs {
  changeType: ChangeType;
  /** Distinct business services down (the outage's plus the change's own), with their criticality. */
  servicesDown: { id: string; criticality: string | null }[];
  businessServicesDegraded: number;
  openMajorIncidents: number;
  conflicts: number;
}

export function riskLevel(score: number): RiskLevel {
  if (score < 10) return 'LOW';
  if (score < 25) return 'MODERATE';
  if (score < 50) return 'HIGH';
  return 'VERY_HIGH';
}

export function changeRisk(inputs: RiskInputs): ChangeRisk {
  const down = new Map(inputs.servicesDown.map((s) => [s.id, s.criticality]));
  const businessServicesDown = down.size;
  const criticalServicesDown = [...down.values()].filter((c) => c === 'CRITICAL').length;
  const score =
    10 * criticalServicesDown +
    4 * (businessServicesDown - criticalServicesDown) +
    inputs.businessServicesDegraded +
    5 * inputs.openMajorIncidents +
    8 * inputs.conflicts +
    TYPE_WEIGHT[inputs.changeType];
  return {
    level: riskLevel(score),
    score,
    businessServicesDown,
    businessServicesDegraded: inputs.businessServicesDegraded,
    criticalServicesDown,
    openMajorIncidents: inputs.openMajorIncidents,
    conflicts: inputs.conflicts,
  };
}

/** Longest `changeCalendar` range. */
export const MAX_CALENDAR_DAYS = 366;
export const MAX_PROBABLE_CAUSE_INCIDENTS = 1000;

// ---------------------------------------------------------------- service catalog

/** An offering of the service catalog: what can be requested, and how fast it is fulfilled. */
export interface ServiceOffering {
  id: string;
  name: string;
  description: string | null;
  category: string;
  businessServiceId: string | null;
  /** Resolution target of its requests, in SLA-counted hours. */
  fulfilmentHours: number;
  active: boolean;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** Every field of an offering a client sets; an update replaces them all. */
export interface ServiceOfferingFields {
  name: string;
  description: string | null;
  category: string;
  businessServiceId: string | null;
  fulfilmentHours: number;
  active: boolean;
}

export const MAX_FULFILMENT_HOURS = 8760;

/** What is wrong with an offering's fields, as far as can be told without the store or the CMDB. */
export function offeringProblems(fields: ServiceOfferingFields): string[] {
  const problems: string[] = [];
  if (fields.name.trim() === '') problems.push('input.name must not be empty');
  if (fields.category.trim() === '') problems.push('input.category must not be empty');
  if (!Number.isInteger(fields.fulfilmentHours) || fields.fulfilmentHours < 1 || fields.fulfilmentHours > MAX_FULFILMENT_HOURS) {
    problems.push(`input.fulfilmentHours must be an integer from 1 to ${MAX_FULFILMENT_HOURS}, got ${fields.fulfilmentHours}`);
  }
  return problems;
}
