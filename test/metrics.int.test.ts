/**
 * Ticket metrics against real stores: the same cases on embedded PGlite and on
 * the machine's PostgreSQL, every figure computed by hand from the fixture.
 */
import { migrate, openPglite, openPostgres, type SqlDatabase } from '../platform/sql';
import {
  DEFAULT_SLA_TARGETS,
  slaDueAt,
  type MetricRow,
  type MetricsQuery,
  type Priority,
  type TicketStatus,
  type TicketType,
} from '../subgraphs/tickets/domain';
import { bucketRange, metricsProblems } from '../subgraphs/tickets/metrics';
import { breachAt, calendarText, dueAt, parseSlaCalendar, pauseClock, resumeClock, startClock, type SlaTerms } from '../subgraphs/tickets/sla-clock';
import { queryMetrics } from '../subgraphs/tickets/store/metrics';
import { TICKETS_SCHEMA, ticketMigrations } from '../subgraphs/tickets/store/migrations';
import { createTestDatabase, postgresSuitesRun, type TestDatabase } from './support/postgres';

/** A ticket as the fixture states it; what is left out takes the plainest value. */
interface FixtureTicket {
  id: string;
  type?: TicketType;
  priority?: Priority;
  status?: TicketStatus;
  group?: string | null;
  items?: string[];
  created: string;
  resolved?: string;
  closed?: string;
  updated?: string;
  /** Business hours the ticket's clocks count in (SLA_BUSINESS_HOURS syntax); around the clock when absent. */
  businessHours?: string;
  /** Holds, [start, end) each, ended before or at the resolution. */
  holds?: [string, string][];
}

/**
 * The stored clock columns of a fixture ticket with holds or business hours, as the service's writes
 * leave them: the resolution clock paused and resumed at each hold, its due and breach instants derived.
 */
function clockColumns(ticket: FixtureTicket, type: TicketType, priority: Priority, created: Date) {
  const calendar = parseSlaCalendar(ticket.businessHours);
  const terms: SlaTerms = { calendar, targetMs: type === 'CHANGE' ? null : DEFAULT_SLA_TARGETS[priority] * 3_600_000 };
  let clock = startClock(created);
  for (const [from, to] of ticket.holds ?? []) clock = resumeClock(pauseClock(terms, clock, new Date(from)), new Date(to));
  return { calendar: calendarText(calendar), targetMs: terms.targetMs, clock, dueAt: dueAt(terms, clock), breachAt: breachAt(terms, clock) };
}

/** Writes tickets straight into the tables, bypassing the store, so these tests depend on the schema only. */
async function load(db: SqlDatabase, tickets: FixtureTicket[]): Promise<void> {
  let number = 0;
  for (const ticket of tickets) {
    const type = ticket.type ?? 'INCIDENT';
    const priority = ticket.priority ?? 'P3';
    const created = new Date(ticket.created);
    const resolved = ticket.resolved ? new Date(ticket.resolved) : null;
    const closed = ticket.closed ? new Date(ticket.closed) : null;
    const status = ticket.status ?? (closed ? (resolved ? 'CLOSED' : 'CANCELLED') : resolved ? 'RESOLVED' : 'IN_PROGRESS');
    const updated = ticket.updated ? new Date(ticket.updated) : (closed ?? resolved ?? created);
    number += 1;
    if (ticket.businessHours || ticket.holds) {
      const sla = clockColumns(ticket, type, priority, created);
      await db.query(
        `INSERT INTO tickets.ticket (id, number, type, title, status, impact, urgency, priority, assignment_group,
                                     created_at, updated_at, resolved_at, closed_at, sla_due_at,
                                     sla_calendar, sla_target_ms, sla_anchor_at, sla_anchor_ms, sla_breach_at, sla_reached_at)
         VALUES ($1, $2, $3, $4, $5, 'MEDIUM', 'MEDIUM', $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
        [
          ticket.id, `TST${String(number).padStart(7, '0')}`, type, `fixture ${ticket.id}`, status, priority, ticket.group ?? null,
          created, updated, resolved, closed, sla.dueAt,
          sla.calendar, sla.targetMs, sla.clock.anchorAt, sla.clock.anchorMs, sla.breachAt, sla.clock.reachedAt,
        ],
      );
      continue;
    }
    await db.query(
      `INSERT INTO tickets.ticket (id, number, type, title, status, impact, urgency, priority, assignment_group,
                                   created_at, updated_at, resolved_at, closed_at, sla_due_at)
       VALUES ($1, $2, $3, $4, $5, 'MEDIUM', 'MEDIUM', $6, $7, $8, $9, $10, $11, $12)`,
      [
        ticket.id,
        `TST${String(number).padStart(7, '0')}`,
        type,
        `fixture ${ticket.id}`,
        status,
        priority,
        ticket.group ?? null,
        created,
        updated,
        resolved,
        closed,
        slaDueAt(type, priority, created, DEFAULT_SLA_TARGETS),
      ],
    );
    for (const item of ticket.items ?? []) {
      await db.query('INSERT INTO tickets.ticket_item (ticket_id, item_id) VALUES ($1, $2)', [ticket.id, item]);
    }
  }
}

/** An expected row: the bucket, then only the figures that are not zero or null. */
function row(bucketStart: string, figures: Partial<Omit<MetricRow, 'bucketStart'>>): MetricRow {
  return {
    bucketStart: new Date(bucketStart),
    type: null,
    priority: null,
    assignmentGroup: null,
    affectedItemId: null,
    opened: 0,
    resolved: 0,
    backlog: 0,
    mttrSeconds: null,
    mttrP50Seconds: null,
    mttrP90Seconds: null,
    slaBreached: 0,
    slaCompliance: null,
    ...figures,
  };
}

function query(from: string, to: string, interval: MetricsQuery['interval'], rest: Partial<MetricsQuery> = {}): MetricsQuery {
  return { from: new Date(from), to: new Date(to), interval, groupBy: [], filter: {}, ...rest };
}

const NOW = new Date('2024-06-01T00:00:00Z');
// A half-hour offset would misplace every hour, day, week and month bucket computed in the session's zone.
const SESSION_TIME_ZONE = 'Asia/Kolkata';

function metricsSuite(open: () => Promise<{ db: SqlDatabase; dispose(): Promise<void> }>) {
  let db: SqlDatabase;
  let dispose: () => Promise<void>;
  const metrics = (q: MetricsQuery) => queryMetrics(db, q, NOW);

  beforeAll(async () => {
    ({ db, dispose } = await open());
    await migrate(db, TICKETS_SCHEMA, ticketMigrations);
  });
  afterAll(async () => dispose?.());
  beforeEach(async () => {
    // CASCADE also empties history and items, whichever tables later migrations hang off tickets.
    await db.query('TRUNCATE tickets.ticket CASCADE');
  });

  it('runs in a session at UTC+05:30, so every bucket below proves its alignment to UTC', async () => {
    expect(await db.query('SELECT current_setting($1) AS zone', ['TimeZone'])).toEqual([{ zone: SESSION_TIME_ZONE }]);
  });

  it('returns no rows when there are no tickets', async () => {
    expect(await metrics(query('2024-01-01T00:00:00Z', '2024-02-01T00:00:00Z', 'DAY'))).toEqual([]);
  });

  it('returns no row for a day on which nothing was opened, resolved or pending', async () => {
    await load(db, [
      { id: 'a', created: '2024-01-01T09:00:00Z', resolved: '2024-01-01T11:00:00Z' },
      { id: 'f', created: '2024-01-03T10:00:00Z', resolved: '2024-01-03T10:30:00Z' },
      { id: 'gone-before', created: '2023-12-01T00:00:00Z', closed: '2023-12-15T00:00:00Z' },
    ]);
    expect(await metrics(query('2024-01-01T00:00:00Z', '2024-01-06T00:00:00Z', 'DAY'))).toEqual([
      row('2024-01-01T00:00:00Z', { opened: 1, resolved: 1, mttrSeconds: 7200, mttrP50Seconds: 7200, mttrP90Seconds: 7200, slaCompliance: 1 }),
      row('2024-01-03T00:00:00Z', { opened: 1, resolved: 1, mttrSeconds: 1800, mttrP50Seconds: 1800, mttrP90Seconds: 1800, slaCompliance: 1 }),
    ]);
  });

  it('counts a ticket in the backlog of every bucket it stays open across, until the bucket in which it is resolved', async () => {
    await load(db, [
      { id: 'b', created: '2023-12-31T23:00:00Z' },
      { id: 'd', priority: 'P4', created: '2024-01-01T12:00:00Z', resolved: '2024-01-03T00:00:00Z' },
      { id: 'c', created: '2024-01-02T08:00:00Z', resolved: '2024-01-04T08:00:00Z' },
    ]);
    expect(await metrics(query('2024-01-01T00:00:00Z', '2024-01-06T00:00:00Z', 'DAY'))).toEqual([
      row('2024-01-01T00:00:00Z', { opened: 1, backlog: 2 }),
      row('2024-01-02T00:00:00Z', { opened: 1, backlog: 3 }),
      // d left at the stroke of midnight: still pending at the end of the 2nd, resolved on the 3rd, within its 72 h.
      row('2024-01-03T00:00:00Z', { resolved: 1, backlog: 2, mttrSeconds: 129600, mttrP50Seconds: 129600, mttrP90Seconds: 129600, slaCompliance: 1 }),
      // c took 48 h against a 24 h target.
      row('2024-01-04T00:00:00Z', { resolved: 1, backlog: 1, mttrSeconds: 172800, mttrP50Seconds: 172800, mttrP90Seconds: 172800, slaBreached: 1, slaCompliance: 0 }),
      row('2024-01-05T00:00:00Z', { backlog: 1 }),
    ]);
  });

  it('takes tickets out of the backlog when resolved, else when closed; a reopened one stays in and counts as not resolved', async () => {
    await load(db, [
      { id: 'reopened', status: 'IN_PROGRESS', created: '2024-01-01T10:00:00Z', updated: '2024-01-01T12:00:00Z' },
      { id: 'cancelled', created: '2024-01-01T08:00:00Z', closed: '2024-01-02T15:00:00Z' },
      { id: 'closed', created: '2024-01-01T09:00:00Z', resolved: '2024-01-01T10:00:00Z', closed: '2024-01-02T10:00:00Z' },
    ]);
    expect(await metrics(query('2024-01-01T00:00:00Z', '2024-01-03T00:00:00Z', 'DAY'))).toEqual([
      row('2024-01-01T00:00:00Z', { opened: 3, resolved: 1, backlog: 2, mttrSeconds: 3600, mttrP50Seconds: 3600, mttrP90Seconds: 3600, slaCompliance: 1 }),
      row('2024-01-02T00:00:00Z', { backlog: 1 }),
    ]);
  });

  it('starts weeks on Monday 00:00 UTC and uses whole weeks even when from and to fall inside one', async () => {
    await load(db, [
      { id: 'before', created: '2023-12-31T23:59:59Z', resolved: '2024-01-07T23:59:59Z' },
      { id: 'early', created: '2024-01-02T10:00:00Z', resolved: '2024-01-08T00:00:00Z' },
      { id: 'sunday', created: '2024-01-07T23:59:59.999Z' },
      { id: 'monday', created: '2024-01-08T00:00:00Z', resolved: '2024-01-08T01:00:00Z' },
      { id: 'after', created: '2024-01-15T00:00:00Z' },
    ]);
    expect(await metrics(query('2024-01-03T12:00:00Z', '2024-01-10T00:00:00Z', 'WEEK'))).toEqual([
      // before: 7 days against 24 h.
      row('2024-01-01T00:00:00Z', { opened: 2, resolved: 1, backlog: 2, mttrSeconds: 604800, mttrP50Seconds: 604800, mttrP90Seconds: 604800, slaBreached: 1, slaCompliance: 0 }),
      // early took 134 h (breached), monday 1 h: mean 243000, p90 = 3600 + 0.9 * 478800.
      row('2024-01-08T00:00:00Z', { opened: 1, resolved: 2, backlog: 1, mttrSeconds: 243000, mttrP50Seconds: 243000, mttrP90Seconds: 434520, slaBreached: 1, slaCompliance: 0.5 }),
    ]);
  });

  it('buckets by hour', async () => {
    await load(db, [
      { id: 'h1', priority: 'P1', created: '2024-01-01T00:15:00Z', resolved: '2024-01-01T02:45:00Z' },
      { id: 'h2', priority: 'P1', created: '2024-01-01T03:30:00Z' },
      { id: 'h3', priority: 'P1', created: '2024-01-01T04:00:00Z' },
    ]);
    expect(await metrics(query('2024-01-01T00:00:00Z', '2024-01-01T04:00:00Z', 'HOUR'))).toEqual([
      row('2024-01-01T00:00:00Z', { opened: 1, backlog: 1 }),
      row('2024-01-01T01:00:00Z', { backlog: 1 }),
      row('2024-01-01T02:00:00Z', { resolved: 1, mttrSeconds: 9000, mttrP50Seconds: 9000, mttrP90Seconds: 9000, slaCompliance: 1 }),
      row('2024-01-01T03:00:00Z', { opened: 1, backlog: 1 }),
    ]);
  });

  it('buckets by calendar month, whole months from the one containing from to the one containing to', async () => {
    await load(db, [
      { id: 'm4', created: '2023-11-05T00:00:00Z', closed: '2024-02-10T00:00:00Z' },
      { id: 'm1', created: '2024-01-31T23:00:00Z', resolved: '2024-02-01T01:00:00Z' },
      { id: 'm2', created: '2024-02-29T12:00:00Z', resolved: '2024-03-25T12:00:00Z' },
      { id: 'm3', created: '2024-04-01T00:00:00Z' },
    ]);
    expect(await metrics(query('2024-01-15T00:00:00Z', '2024-03-20T00:00:00Z', 'MONTH'))).toEqual([
      row('2024-01-01T00:00:00Z', { opened: 1, backlog: 2 }),
      row('2024-02-01T00:00:00Z', { opened: 1, resolved: 1, backlog: 1, mttrSeconds: 7200, mttrP50Seconds: 7200, mttrP90Seconds: 7200, slaCompliance: 1 }),
      // m2: 25 days from the leap day.
      row('2024-03-01T00:00:00Z', { resolved: 1, mttrSeconds: 2160000, mttrP50Seconds: 2160000, mttrP90Seconds: 2160000, slaBreached: 1, slaCompliance: 0 }),
    ]);
  });

  it('gives the mean, continuous percentiles and SLA compliance of repair times', async () => {
    // P1 has 4 h: the ticket resolved at exactly 4 h is on time; those at 6 h and 10 h are late.
    const hours = [10, 1, 6, 3, 4, 2];
    await load(
      db,
      hours.map((h) => ({
        id: `p${h}`,
        priority: 'P1' as const,
        created: '2024-01-01T00:00:00Z',
        resolved: `2024-01-01T${String(h).padStart(2, '0')}:00:00Z`,
      })),
    );
    expect(await metrics(query('2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z', 'DAY'))).toEqual([
      // Sorted 1 2 3 4 6 10 h: mean 26/6 h = 15600 s; p50 at position 2.5 = 3.5 h; p90 at 4.5 = 8 h.
      row('2024-01-01T00:00:00Z', { opened: 6, resolved: 6, mttrSeconds: 15600, mttrP50Seconds: 12600, mttrP90Seconds: 28800, slaBreached: 2, slaCompliance: 4 / 6 }),
    ]);
  });

  describe('grouped by affected item', () => {
    beforeEach(async () => {
      await load(db, [
        { id: 'i1', items: ['ci-a', 'ci-B'], created: '2024-01-01T01:00:00Z', resolved: '2024-01-01T03:00:00Z' },
        { id: 'i2', items: ['ci-B'], created: '2024-01-01T02:00:00Z' },
        { id: 'i3', created: '2024-01-01T05:00:00Z' },
        { id: 'i4', created: '2024-01-01T06:00:00Z', resolved: '2024-01-01T07:00:00Z' },
      ]);
    });

    it('counts a ticket once per affected item and puts tickets with none in the null group, items in code point order', async () => {
      expect(await metrics(query('2024-01-01T00:00:00Z', '2024-01-03T00:00:00Z', 'DAY', { groupBy: ['AFFECTED_ITEM'] }))).toEqual([
        row('2024-01-01T00:00:00Z', { affectedItemId: 'ci-B', opened: 2, resolved: 1, backlog: 1, mttrSeconds: 7200, mttrP50Seconds: 7200, mttrP90Seconds: 7200, slaCompliance: 1 }),
        row('2024-01-01T00:00:00Z', { affectedItemId: 'ci-a', opened: 1, resolved: 1, mttrSeconds: 7200, mttrP50Seconds: 7200, mttrP90Seconds: 7200, slaCompliance: 1 }),
        row('2024-01-01T00:00:00Z', { affectedItemId: null, opened: 2, resolved: 1, backlog: 1, mttrSeconds: 3600, mttrP50Seconds: 3600, mttrP90Seconds: 3600, slaCompliance: 1 }),
        row('2024-01-02T00:00:00Z', { affectedItemId: 'ci-B', backlog: 1 }),
        row('2024-01-02T00:00:00Z', { affectedItemId: null, backlog: 1 }),
      ]);
    });

    it('filters tickets by affected item before grouping, so a matching ticket still counts under each of its items', async () => {
      expect(
        await metrics(query('2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z', 'DAY', { groupBy: ['AFFECTED_ITEM'], filter: { affectedItemIds: ['ci-a'] } })),
      ).toEqual([
        row('2024-01-01T00:00:00Z', { affectedItemId: 'ci-B', opened: 1, resolved: 1, mttrSeconds: 7200, mttrP50Seconds: 7200, mttrP90Seconds: 7200, slaCompliance: 1 }),
        row('2024-01-01T00:00:00Z', { affectedItemId: 'ci-a', opened: 1, resolved: 1, mttrSeconds: 7200, mttrP50Seconds: 7200, mttrP90Seconds: 7200, slaCompliance: 1 }),
      ]);
      expect(await metrics(query('2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z', 'DAY', { filter: { affectedItemIds: ['ci-B'] } }))).toEqual([
        row('2024-01-01T00:00:00Z', { opened: 2, resolved: 1, backlog: 1, mttrSeconds: 7200, mttrP50Seconds: 7200, mttrP90Seconds: 7200, slaCompliance: 1 }),
      ]);
    });

    it('answers in exactly one SQL statement, besides giving it memory', async () => {
      const statements: string[] = [];
      const count = (text: string) => statements.push(text);
      db.events.on('query', count);
      try {
        await metrics(
          query('2024-01-01T00:00:00Z', '2024-01-03T00:00:00Z', 'HOUR', {
            groupBy: ['AFFECTED_ITEM', 'PRIORITY', 'TYPE', 'ASSIGNMENT_GROUP'],
            filter: { types: ['INCIDENT'], statuses: ['IN_PROGRESS', 'RESOLVED'], priorities: ['P3'], affectedItemIds: ['ci-a'], updatedSince: new Date('2023-01-01T00:00:00Z') },
          }),
        );
      } finally {
        db.events.off('query', count);
      }
      // The one other statement sets work_mem for the transaction; it reads no rows.
      expect(statements.filter((text) => !text.startsWith("SELECT set_config('work_mem'"))).toHaveLength(1);
      expect(statements).toHaveLength(2);
    });
  });

  describe('as a series aligned in a time zone', () => {
    const series = (from: string, to: string, interval: MetricsQuery['interval'], timeZone: string, rest: Partial<MetricsQuery> = {}) =>
      metrics(query(from, to, interval, { timeZone, fillEmpty: false, ...rest }));
    const berlinDst = [
      // Mon 21 Oct 00:30 CEST (Sunday in UTC), 2 h.
      { id: 'd', created: '2024-10-20T22:30:00Z', resolved: '2024-10-21T00:30:00Z' },
      // Sun 27 Oct 00:30 CEST (the 26th in UTC), 1 h.
      { id: 'a', created: '2024-10-26T22:30:00Z', resolved: '2024-10-26T23:30:00Z' },
      // Sun 27 Oct 23:30 CET: the last half hour of the 25-hour day on which clocks went back.
      { id: 'b', created: '2024-10-27T22:30:00Z' },
      // Mon 28 Oct 00:30 CET (still Sunday in UTC).
      { id: 'c', created: '2024-10-27T23:30:00Z' },
    ];

    it('starts days at local midnight across the October change in Europe/Berlin, the day of the change lasting 25 hours', async () => {
      await load(db, berlinDst);
      expect(await series('2024-10-26T22:00:00Z', '2024-10-28T23:00:00Z', 'DAY', 'Europe/Berlin')).toEqual([
        row('2024-10-26T22:00:00Z', { opened: 2, resolved: 1, backlog: 1, mttrSeconds: 3600, mttrP50Seconds: 3600, mttrP90Seconds: 3600, slaCompliance: 1 }),
        row('2024-10-27T23:00:00Z', { opened: 1, backlog: 2 }),
      ]);
    });

    it('starts weeks at Monday local midnight, in summer time before the change and winter time after it', async () => {
      await load(db, berlinDst);
      expect(await series('2024-10-20T22:00:00Z', '2024-11-03T23:00:00Z', 'WEEK', 'Europe/Berlin')).toEqual([
        // d 2 h and a 1 h: mean 5400, p90 = 3600 + 0.9 * 3600.
        row('2024-10-20T22:00:00Z', { opened: 3, resolved: 2, backlog: 1, mttrSeconds: 5400, mttrP50Seconds: 5400, mttrP90Seconds: 6840, slaCompliance: 1 }),
        row('2024-10-27T23:00:00Z', { opened: 1, backlog: 2 }),
      ]);
    });

    it('gives the hour repeated when clocks go back two buckets, and fills the hours between', async () => {
      await load(db, [
        { id: 'first-0230', created: '2024-10-27T00:30:00Z', resolved: '2024-10-27T00:45:00Z' },
        { id: 'second-0230', created: '2024-10-27T01:30:00Z', resolved: '2024-10-27T01:40:00Z' },
      ]);
      expect(await series('2024-10-26T23:00:00Z', '2024-10-27T03:00:00Z', 'HOUR', 'Europe/Berlin', { fillEmpty: true })).toEqual([
        row('2024-10-26T23:00:00Z', {}),
        row('2024-10-27T00:00:00Z', { opened: 1, resolved: 1, mttrSeconds: 900, mttrP50Seconds: 900, mttrP90Seconds: 900, slaCompliance: 1 }),
        row('2024-10-27T01:00:00Z', { opened: 1, resolved: 1, mttrSeconds: 600, mttrP50Seconds: 600, mttrP90Seconds: 600, slaCompliance: 1 }),
        row('2024-10-27T02:00:00Z', {}),
      ]);
    });

    it('starts months on the 1st at local midnight', async () => {
      await load(db, [{ id: 'november-in-berlin', created: '2024-10-31T23:30:00Z' }]);
      // from falls inside October in Berlin (which began at 2024-09-30T22:00Z): that bucket has nothing, so no row;
      // to is December's local midnight, so November is the last bucket.
      expect(await series('2024-10-01T00:00:00Z', '2024-11-30T23:00:00Z', 'MONTH', 'Europe/Berlin')).toEqual([
        row('2024-10-31T23:00:00Z', { opened: 1, backlog: 1 }),
      ]);
      expect(await series('2024-10-01T00:00:00Z', '2024-12-01T00:00:00Z', 'MONTH', 'UTC')).toEqual([
        row('2024-10-01T00:00:00Z', { opened: 1, backlog: 1 }),
        row('2024-11-01T00:00:00Z', { backlog: 1 }),
      ]);
    });

    it('answers UTC exactly as ticketMetrics does', async () => {
      await load(db, berlinDst);
      const window = ['2024-10-14T00:00:00Z', '2024-11-04T00:00:00Z'] as const;
      for (const interval of ['HOUR', 'DAY', 'WEEK', 'MONTH'] as const) {
        expect(await series(...window, interval, 'UTC')).toEqual(await metrics(query(...window, interval)));
      }
    });

    describe('with fillEmpty', () => {
      const day = (from: string, to: string, rest: Partial<MetricsQuery> = {}) => series(from, to, 'DAY', 'UTC', { fillEmpty: true, ...rest });

      it('gives every bucket a row when not grouped, zeros and null means where nothing happened, even with no tickets at all', async () => {
        expect(await day('2024-03-04T00:00:00Z', '2024-03-06T00:00:00Z')).toEqual([row('2024-03-04T00:00:00Z', {}), row('2024-03-05T00:00:00Z', {})]);
        await load(db, [{ id: 'e', created: '2024-03-05T10:00:00Z', resolved: '2024-03-05T11:00:00Z' }]);
        expect(await day('2024-03-04T00:00:00Z', '2024-03-07T00:00:00Z')).toEqual([
          row('2024-03-04T00:00:00Z', {}),
          row('2024-03-05T00:00:00Z', { opened: 1, resolved: 1, mttrSeconds: 3600, mttrP50Seconds: 3600, mttrP90Seconds: 3600, slaCompliance: 1 }),
          row('2024-03-06T00:00:00Z', {}),
        ]);
      });

      it('fills only buckets that start in [from, to): the bucket containing an unaligned from keeps a row only where something happened', async () => {
        await load(db, [{ id: 'e', created: '2024-03-05T10:00:00Z', resolved: '2024-03-05T11:00:00Z' }]);
        expect(await day('2024-03-04T12:00:00Z', '2024-03-07T00:00:00Z')).toEqual([
          row('2024-03-05T00:00:00Z', { opened: 1, resolved: 1, mttrSeconds: 3600, mttrP50Seconds: 3600, mttrP90Seconds: 3600, slaCompliance: 1 }),
          row('2024-03-06T00:00:00Z', {}),
        ]);
      });

      it('gives every bucket a row for each group that appears at all, and none for a group that never has a figure', async () => {
        await load(db, [
          { id: 'p1', priority: 'P1', created: '2024-03-04T01:00:00Z', resolved: '2024-03-04T02:00:00Z' },
          { id: 'p2', priority: 'P2', created: '2024-03-06T01:00:00Z', resolved: '2024-03-06T03:00:00Z' },
          { id: 'p3-open', priority: 'P3', created: '2024-03-05T12:00:00Z', resolved: '2024-03-07T12:00:00Z' },
          // Created before the window and cancelled in its first bucket: in no figure, so P4 is no group of the answer.
          { id: 'p4-gone', priority: 'P4', created: '2024-03-01T00:00:00Z', closed: '2024-03-04T05:00:00Z' },
        ]);
        const oneHour = { mttrSeconds: 3600, mttrP50Seconds: 3600, mttrP90Seconds: 3600, slaCompliance: 1 };
        const twoHours = { mttrSeconds: 7200, mttrP50Seconds: 7200, mttrP90Seconds: 7200, slaCompliance: 1 };
        expect(await day('2024-03-04T00:00:00Z', '2024-03-07T00:00:00Z', { groupBy: ['PRIORITY'] })).toEqual([
          row('2024-03-04T00:00:00Z', { priority: 'P1', opened: 1, resolved: 1, ...oneHour }),
          row('2024-03-04T00:00:00Z', { priority: 'P2' }),
          row('2024-03-04T00:00:00Z', { priority: 'P3' }),
          row('2024-03-05T00:00:00Z', { priority: 'P1' }),
          row('2024-03-05T00:00:00Z', { priority: 'P2' }),
          row('2024-03-05T00:00:00Z', { priority: 'P3', opened: 1, backlog: 1 }),
          row('2024-03-06T00:00:00Z', { priority: 'P1' }),
          row('2024-03-06T00:00:00Z', { priority: 'P2', opened: 1, resolved: 1, ...twoHours }),
          row('2024-03-06T00:00:00Z', { priority: 'P3', backlog: 1 }),
        ]);
      });

      it('fills local days in Europe/Berlin across the change', async () => {
        await load(db, berlinDst);
        const rows = await series('2024-10-25T22:00:00Z', '2024-10-29T23:00:00Z', 'DAY', 'Europe/Berlin', { fillEmpty: true });
        expect(rows.map((r) => [r.bucketStart.toISOString(), r.opened, r.backlog])).toEqual([
          ['2024-10-25T22:00:00.000Z', 0, 0],
          ['2024-10-26T22:00:00.000Z', 2, 1],
          ['2024-10-27T23:00:00.000Z', 1, 2],
          ['2024-10-28T23:00:00.000Z', 0, 2],
        ]);
      });
    });
  });

  it('groups by several dimensions, ordered by type, priority, then assignment group with null last, whatever the groupBy order', async () => {
    await load(db, [
      { id: 'net-open', priority: 'P2', group: 'network', created: '2024-01-01T01:00:00Z' },
      { id: 'net-done', priority: 'P2', group: 'network', created: '2024-01-01T02:00:00Z', resolved: '2024-01-01T04:00:00Z' },
      { id: 'nobody', priority: 'P2', group: null, created: '2024-01-01T03:00:00Z' },
      { id: 'storage', priority: 'P2', group: 'Storage', created: '2024-01-01T03:00:00Z' },
      { id: 'urgent', priority: 'P1', group: 'network', created: '2024-01-01T05:00:00Z', updated: '2024-01-01T05:00:00Z' },
      { id: 'request', type: 'REQUEST', priority: 'P2', group: 'network', created: '2024-01-01T06:00:00Z' },
      { id: 'change', type: 'CHANGE', status: 'SCHEDULED', group: 'network', created: '2024-01-01T07:00:00Z' },
    ]);
    expect(
      await metrics(query('2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z', 'DAY', { groupBy: ['ASSIGNMENT_GROUP', 'PRIORITY', 'TYPE'] })),
    ).toEqual([
      row('2024-01-01T00:00:00Z', { type: 'CHANGE', priority: 'P3', assignmentGroup: 'network', opened: 1, backlog: 1 }),
      row('2024-01-01T00:00:00Z', { type: 'INCIDENT', priority: 'P1', assignmentGroup: 'network', opened: 1, backlog: 1 }),
      row('2024-01-01T00:00:00Z', { type: 'INCIDENT', priority: 'P2', assignmentGroup: 'Storage', opened: 1, backlog: 1 }),
      row('2024-01-01T00:00:00Z', { type: 'INCIDENT', priority: 'P2', assignmentGroup: 'network', opened: 2, resolved: 1, backlog: 1, mttrSeconds: 7200, mttrP50Seconds: 7200, mttrP90Seconds: 7200, slaCompliance: 1 }),
      row('2024-01-01T00:00:00Z', { type: 'INCIDENT', priority: 'P2', assignmentGroup: null, opened: 1, backlog: 1 }),
      row('2024-01-01T00:00:00Z', { type: 'REQUEST', priority: 'P2', assignmentGroup: 'network', opened: 1, backlog: 1 }),
    ]);
  });

  it('counts breaches on the resolution clock, which stops while on hold (P3: 24 h around the clock)', async () => {
    await load(db, [
      // 44 h from creation to resolution, 24 of them on hold: 20 h counted, in time (the original rule would say late).
      { id: 'held', created: '2024-01-01T00:00:00Z', holds: [['2024-01-01T06:00:00Z', '2024-01-02T06:00:00Z']], resolved: '2024-01-02T20:00:00Z' },
      // 35 h, 10 of them on hold: 25 h counted, late.
      { id: 'held-late', created: '2024-01-01T00:00:00Z', holds: [['2024-01-01T02:00:00Z', '2024-01-01T12:00:00Z']], resolved: '2024-01-02T11:00:00Z' },
      // Late at 24 h, then on hold from 25 h and resolved from the hold at 29 h: 25 h counted, late.
      { id: 'late-then-held', created: '2024-01-01T00:00:00Z', holds: [['2024-01-02T01:00:00Z', '2024-01-02T05:00:00Z']], resolved: '2024-01-02T05:00:00Z' },
    ]);
    const [, resolvedDay] = await metrics(query('2024-01-01T00:00:00Z', '2024-01-03T00:00:00Z', 'DAY'));
    // Repair times 44 h, 35 h and 29 h: mean 36 h, p90 = 35 + 0.8 * 9 h.
    expect(resolvedDay).toEqual(
      row('2024-01-02T00:00:00Z', { resolved: 3, mttrSeconds: 129600, mttrP50Seconds: 126000, mttrP90Seconds: 151920, slaBreached: 2, slaCompliance: 1 / 3 }),
    );
  });

  it('counts breaches in business hours, across a daylight saving change (P3: 24 h, P2: 8 h, Mon-Fri 08:00-18:00 Berlin)', async () => {
    const businessHours = 'Mon-Fri 08:00-18:00 Europe/Berlin';
    await load(db, [
      // Friday 16:00 CET: Fri 2 h, Mon 10 h, Tue 9 h to 17:00 CET: 21 h counted, in time (97 h of calendar time).
      { id: 'on-time', businessHours, created: '2024-03-22T15:00:00Z', resolved: '2024-03-26T16:00:00Z' },
      // Fri 2 h, Mon 10 h, Tue 10 h, Wed 4 h to 12:00 CET: 26 h counted, late.
      { id: 'late', businessHours, created: '2024-03-22T15:00:00Z', resolved: '2024-03-27T11:00:00Z' },
      // P2 from Monday 10:00 CET reaches 8 h at 18:00 exactly; resolved at 20:00 it has 8 h counted, not more: in time.
      { id: 'at-closing', priority: 'P2', businessHours, created: '2024-03-25T09:00:00Z', resolved: '2024-03-25T19:00:00Z' },
      // After the change to summer time (Sunday 31 March): Monday 1 April 08:00 CEST is 06:00Z. P2 from Friday
      // 17:00 CET: Fri 1 h, then 7 h on Monday to 15:00 CEST (13:00Z); resolved at 13:30Z, late by half an hour.
      { id: 'after-dst', priority: 'P2', businessHours, created: '2024-03-29T16:00:00Z', resolved: '2024-04-01T13:30:00Z' },
      // Resolved 30 minutes earlier, at 13:00Z: exactly 8 h, in time.
      { id: 'after-dst-on-time', priority: 'P2', businessHours, created: '2024-03-29T16:00:00Z', resolved: '2024-04-01T13:00:00Z' },
    ]);
    const weeks = await metrics(query('2024-03-25T00:00:00Z', '2024-04-08T00:00:00Z', 'WEEK'));
    expect(weeks.map(({ bucketStart, resolved, slaBreached, slaCompliance }) => ({ bucketStart, resolved, slaBreached, slaCompliance }))).toEqual([
      { bucketStart: new Date('2024-03-25T00:00:00Z'), resolved: 3, slaBreached: 1, slaCompliance: 2 / 3 },
      { bucketStart: new Date('2024-04-01T00:00:00Z'), resolved: 2, slaBreached: 1, slaCompliance: 0.5 },
    ]);
  });

  it('considers only the tickets the filter matches', async () => {
    await load(db, [
      { id: 'f1', priority: 'P1', group: 'network', items: ['ci-x'], created: '2024-01-01T00:30:00Z', updated: '2024-01-01T01:00:00Z' },
      { id: 'f2', priority: 'P3', group: 'network', created: '2024-01-01T01:00:00Z', resolved: '2024-01-01T02:00:00Z' },
      { id: 'f3', type: 'REQUEST', status: 'NEW', priority: 'P3', group: 'desk', items: ['ci-x', 'ci-y'], created: '2024-01-01T03:00:00Z' },
      { id: 'f4', type: 'PROBLEM', status: 'ON_HOLD', priority: 'P1', group: 'desk', created: '2024-01-01T04:00:00Z', updated: '2024-02-01T00:00:00Z' },
    ]);
    const day = (filter: MetricsQuery['filter']) => metrics(query('2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z', 'DAY', { filter }));
    const oneHourRepair = { mttrSeconds: 3600, mttrP50Seconds: 3600, mttrP90Seconds: 3600, slaCompliance: 1 };
    expect(await day({ types: ['INCIDENT'] })).toEqual([row('2024-01-01T00:00:00Z', { opened: 2, resolved: 1, backlog: 1, ...oneHourRepair })]);
    expect(await day({ types: ['INCIDENT', 'PROBLEM'], priorities: ['P1'] })).toEqual([row('2024-01-01T00:00:00Z', { opened: 2, backlog: 2 })]);
    expect(await day({ statuses: ['RESOLVED'] })).toEqual([row('2024-01-01T00:00:00Z', { opened: 1, resolved: 1, ...oneHourRepair })]);
    expect(await day({ assignmentGroup: 'desk' })).toEqual([row('2024-01-01T00:00:00Z', { opened: 2, backlog: 2 })]);
    expect(await day({ updatedSince: new Date('2024-01-15T00:00:00Z') })).toEqual([row('2024-01-01T00:00:00Z', { opened: 1, backlog: 1 })]);
    expect(await day({ affectedItemIds: ['ci-y', 'ci-z'] })).toEqual([row('2024-01-01T00:00:00Z', { opened: 1, backlog: 1 })]);
    expect(await day({ types: ['INCIDENT'], statuses: ['IN_PROGRESS'], assignmentGroup: 'network' })).toEqual([
      row('2024-01-01T00:00:00Z', { opened: 1, backlog: 1 }),
    ]);
    // Values are bound, never spliced into the SQL.
    expect(await day({ assignmentGroup: "desk' OR '1'='1" })).toEqual([]);
    // An empty list constrains nothing, as an absent one.
    expect(await day({ types: [], affectedItemIds: [] })).toEqual([
      row('2024-01-01T00:00:00Z', { opened: 4, resolved: 1, backlog: 3, ...oneHourRepair }),
    ]);
  });
}

describe('ticket metrics on PGlite', () => {
  metricsSuite(async () => {
    const db = await openPglite(undefined, 'tickets');
    await db.query(`SET TimeZone = '${SESSION_TIME_ZONE}'`);
    return { db, dispose: () => db.close() };
  });
});

(postgresSuitesRun() ? describe : describe.skip)('ticket metrics on PostgreSQL', () => {
  metricsSuite(async () => {
    const database: TestDatabase = await createTestDatabase('hub_metrics');
    const db = openPostgres(`${database.url}?options=${encodeURIComponent(`-c TimeZone=${SESSION_TIME_ZONE}`)}`, 'tickets');
    return {
      db,
      async dispose() {
        await db.close();
        await database.drop();
      },
    };
  });
});

describe('metrics arguments', () => {
  const base = { interval: 'DAY' as const, groupBy: [] };

  it('accepts a valid query', () => {
    expect(metricsProblems({ ...base, from: new Date('2024-01-01T00:00:00Z'), to: new Date('2024-02-01T00:00:00Z') })).toEqual([]);
  });

  it('requires from before to', () => {
    const at = new Date('2024-01-01T00:00:00Z');
    expect(metricsProblems({ ...base, from: at, to: at })).toEqual(['from: 2024-01-01T00:00:00.000Z must be before to (2024-01-01T00:00:00.000Z)']);
  });

  it('allows at most 10,000 buckets', () => {
    const from = new Date('2024-01-01T00:00:00Z');
    expect(metricsProblems({ ...base, interval: 'HOUR', from, to: new Date(from.getTime() + 10_000 * 3_600_000) })).toEqual([]);
    expect(metricsProblems({ ...base, interval: 'HOUR', from, to: new Date('2025-03-01T00:00:00Z') })).toEqual([
      'interval: HOUR from 2024-01-01T00:00:00.000Z to 2025-03-01T00:00:00.000Z makes 10200 buckets; at most 10000',
    ]);
  });

  it('rejects a time zone that is not an IANA name', () => {
    expect(
      metricsProblems({ ...base, timeZone: 'Mars/Olympus_Mons', from: new Date('2024-01-01T00:00:00Z'), to: new Date('2024-01-02T00:00:00Z') }),
    ).toEqual(['timeZone: "Mars/Olympus_Mons" is not an IANA time zone (e.g. Europe/Berlin, UTC)']);
  });

  it('counts buckets in the time zone: 25-hour days are one bucket, the hour repeated when clocks go back is one more', () => {
    const from = new Date('2024-10-26T22:00:00Z');
    const to = new Date('2024-10-27T23:00:00Z');
    expect(bucketRange({ from, to, interval: 'DAY', timeZone: 'Europe/Berlin' })).toMatchObject({ start: from, end: to, count: 1 });
    expect(bucketRange({ from, to, interval: 'HOUR', timeZone: 'Europe/Berlin' }).count).toBe(25);
  });

  it('rejects a dimension named twice', () => {
    expect(
      metricsProblems({ ...base, groupBy: ['TYPE', 'PRIORITY', 'TYPE'], from: new Date('2024-01-01T00:00:00Z'), to: new Date('2024-01-02T00:00:00Z') }),
    ).toEqual(['groupBy: TYPE appears more than once']);
  });
});
