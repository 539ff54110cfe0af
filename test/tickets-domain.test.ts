/**
 * The tickets domain's rules (subgraphs/tickets/domain.ts) against the
 * contract's own tables (../shared/contract/README.md, Tickets): the ITIL
 * priority matrix, SLA targets and breaches, and every status transition.
 */
import {
  DEFAULT_SLA_TARGETS,
  parseSlaTargets,
  priorityOf,
  PRIORITIES,
  slaBreached,
  slaDueAt,
  statusesOf,
  transition,
  type ChangeType,
  type Level,
  type Ticket,
  type TicketStatus,
  type TicketType,
} from '../subgraphs/tickets/domain';

const HOUR = 3_600_000;
const LEVELS: Level[] = ['HIGH', 'MEDIUM', 'LOW'];
const TYPES: TicketType[] = ['INCIDENT', 'PROBLEM', 'CHANGE', 'REQUEST'];

describe('priority', () => {
  // The contract's matrix, rows by impact, columns by urgency (HIGH, MEDIUM, LOW).
  const MATRIX: Record<Level, string[]> = { HIGH: ['P1', 'P2', 'P3'], MEDIUM: ['P2', 'P3', 'P4'], LOW: ['P3', 'P4', 'P5'] };

  it.each(LEVELS)('follows the ITIL matrix for %s impact', (impact) => {
    expect(LEVELS.map((urgency) => priorityOf(impact, urgency))).toEqual(MATRIX[impact]);
  });
});

describe('SLA', () => {
  const created = new Date('2024-03-01T08:00:00.000Z');

  it('makes every ticket but a change due its priority’s target in calendar hours after creation', () => {
    const expectedHours = { P1: 4, P2: 8, P3: 24, P4: 72, P5: 120 };
    for (const type of ['INCIDENT', 'PROBLEM', 'REQUEST'] as const) {
      for (const priority of PRIORITIES) {
        expect(slaDueAt(type, priority, created, DEFAULT_SLA_TARGETS)!.getTime() - created.getTime()).toBe(expectedHours[priority] * HOUR);
      }
    }
    expect(slaDueAt('CHANGE', 'P1', created, DEFAULT_SLA_TARGETS)).toBeNull();
  });

  it('is breached only after the due time, by the resolution or else by now', () => {
    const slaDue = new Date(created.getTime() + 4 * HOUR);
    const at = (ms: number) => new Date(slaDue.getTime() + ms);
    expect(slaBreached({ slaDueAt: slaDue, resolvedAt: slaDue })).toBe(false);
    expect(slaBreached({ slaDueAt: slaDue, resolvedAt: at(1) })).toBe(true);
    expect(slaBreached({ slaDueAt: slaDue, resolvedAt: at(-1) }, at(HOUR))).toBe(false);
    expect(slaBreached({ slaDueAt: slaDue, resolvedAt: null }, slaDue)).toBe(false);
    expect(slaBreached({ slaDueAt: slaDue, resolvedAt: null }, at(1))).toBe(true);
    expect(slaBreached({ slaDueAt: null, resolvedAt: null }, at(100 * HOUR))).toBe(false);
  });

  it('reads configured targets, keeping the defaults of priorities left out', () => {
    expect(parseSlaTargets(undefined)).toEqual(DEFAULT_SLA_TARGETS);
    expect(parseSlaTargets(' P1 = 2 ,P5=0.5')).toEqual({ ...DEFAULT_SLA_TARGETS, P1: 2, P5: 0.5 });
    expect(slaDueAt('INCIDENT', 'P1', created, parseSlaTargets('P1=2'))).toEqual(new Date(created.getTime() + 2 * HOUR));
  });

  it.each(['P6=4', 'P1=0', 'P1=-3', 'P1=soon', 'P1'])('refuses the target %j, naming it', (text) => {
    expect(() => parseSlaTargets(text)).toThrow(`SLA_TARGET_HOURS: ${JSON.stringify(text)} is not PRIORITY=HOURS`);
  });
});

describe('status transitions', () => {
  // The contract's state machines, written out as a table.
  const SUPPORT: Partial<Record<TicketStatus, TicketStatus[]>> = {
    NEW: ['IN_PROGRESS', 'ON_HOLD', 'RESOLVED', 'CANCELLED'],
    IN_PROGRESS: ['ON_HOLD', 'RESOLVED', 'CANCELLED'],
    ON_HOLD: ['IN_PROGRESS', 'RESOLVED', 'CANCELLED'],
    RESOLVED: ['CLOSED', 'IN_PROGRESS'],
  };
  const CHANGE_FLOW: TicketStatus[] = ['DRAFT', 'ASSESSMENT', 'AUTHORIZED', 'SCHEDULED', 'IMPLEMENTING', 'REVIEW', 'CLOSED'];
  const contractAllows = (type: TicketType, changeType: ChangeType | null, from: TicketStatus, to: TicketStatus): boolean => {
    if (type !== 'CHANGE') return SUPPORT[from]?.includes(to) ?? false;
    if (from === 'CLOSED' || from === 'CANCELLED') return false;
    if (to === 'CANCELLED') return true;
    if (changeType === 'STANDARD' && from === 'DRAFT' && to === 'SCHEDULED') return true;
    return CHANGE_FLOW.indexOf(to) === CHANGE_FLOW.indexOf(from) + 1;
  };

  const earlier = new Date('2024-01-01T00:00:00.000Z');
  const now = new Date('2024-01-02T00:00:00.000Z');
  const ticket = (type: TicketType, status: TicketStatus, changeType: ChangeType | null = null): Ticket => ({
    id: 't-1',
    number: 'INC0000001',
    type,
    title: 'a ticket',
    description: null,
    status,
    impact: 'LOW',
    urgency: 'LOW',
    priority: 'P5',
    assignmentGroup: null,
    assignee: null,
    reporter: null,
    affectedItemIds: [],
    changeType,
    plannedStart: null,
    plannedEnd: null,
    externalId: null,
    createdAt: earlier,
    updatedAt: earlier,
    resolvedAt: status === 'RESOLVED' || status === 'CLOSED' ? earlier : null,
    closedAt: status === 'CLOSED' || status === 'CANCELLED' ? earlier : null,
    slaDueAt: null,
    version: 1,
    problemId: null,
    knownError: false,
    rootCause: null,
    workaround: null,
    respondedAt: null,
    responseDueAt: earlier,
    slaCalendar: null,
    slaTargetMs: null,
    slaClock: { anchorAt: earlier, anchorMs: 0, paused: false, reachedAt: null },
    slaBreachAt: null,
    offeringId: null,
    requestedFor: null,
  });

  const cases = TYPES.flatMap((type) =>
    (type === 'CHANGE' ? (['STANDARD', 'NORMAL', 'EMERGENCY'] as ChangeType[]) : [null]).flatMap((changeType) =>
      statusesOf(type).flatMap((from) => statusesOf(type).map((to) => ({ type, changeType, from, to }))),
    ),
  );

  it('allows exactly the contract’s transitions and refuses every other with BAD_USER_INPUT naming the allowed ones', () => {
    const disagreements: string[] = [];
    for (const { type, changeType, from, to } of cases) {
      const expected = contractAllows(type, changeType, from, to);
      let allowed: boolean;
      try {
        transition(ticket(type, from, changeType), to, null, now);
        allowed = true;
      } catch (error) {
        expect(error).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argumentName: 'to', from } });
        expect((error as { extensions: { allowed: TicketStatus[] } }).extensions.allowed.every((s) => contractAllows(type, changeType, from, s))).toBe(true);
        allowed = false;
      }
      if (allowed !== expected) disagreements.push(`${type}${changeType ? ` ${changeType}` : ''} ${from} -> ${to}: ${allowed ? 'allowed' : 'refused'}`);
    }
    expect(disagreements).toEqual([]);
  });

  it('sets resolvedAt on entering RESOLVED and records it in the history', () => {
    const change = transition(ticket('INCIDENT', 'IN_PROGRESS'), 'RESOLVED', 'fixed', now);
    expect(change.patch).toEqual({ status: 'RESOLVED', resolvedAt: now });
    expect(change.history).toEqual([
      { field: 'status', from: 'IN_PROGRESS', to: 'RESOLVED', note: 'fixed' },
      { field: 'resolvedAt', from: null, to: now.toISOString(), note: null },
    ]);
    expect(change.eventKind).toBe('STATUS_CHANGED');
    expect(change.changedFields).toEqual(['status', 'resolvedAt']);
  });

  it('clears resolvedAt on reopening', () => {
    expect(transition(ticket('REQUEST', 'RESOLVED'), 'IN_PROGRESS', null, now).patch).toEqual({ status: 'IN_PROGRESS', resolvedAt: null });
  });

  it('sets closedAt on entering CLOSED or CANCELLED, and leaves resolvedAt alone', () => {
    expect(transition(ticket('INCIDENT', 'RESOLVED'), 'CLOSED', null, now).patch).toEqual({ status: 'CLOSED', closedAt: now });
    expect(transition(ticket('CHANGE', 'SCHEDULED', 'NORMAL'), 'CANCELLED', null, now).patch).toEqual({ status: 'CANCELLED', closedAt: now });
  });

  it('changes only the status on any other transition', () => {
    expect(transition(ticket('PROBLEM', 'NEW'), 'ON_HOLD', null, now).patch).toEqual({ status: 'ON_HOLD' });
    expect(transition(ticket('CHANGE', 'DRAFT', 'STANDARD'), 'SCHEDULED', null, now).patch).toEqual({ status: 'SCHEDULED' });
  });
});
