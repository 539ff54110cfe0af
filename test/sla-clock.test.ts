/**
 * The service level clock (subgraphs/tickets/sla-clock.ts) against cases worked out by hand:
 * business hours Mon-Fri 08:00-18:00 in Berlin (CET = UTC+1 in winter, CEST = UTC+2 in summer;
 * clocks went forward on Sunday 2026-03-29 and back on Sunday 2026-10-25).
 */
import {
  addCounted,
  breachAt,
  calendarFromText,
  calendarText,
  clockBreached,
  clockMs,
  countedMs,
  dueAt,
  elapsedPercent,
  parseSlaCalendar,
  pauseClock,
  resumeClock,
  startClock,
  type SlaTerms,
} from '../subgraphs/tickets/sla-clock';

const HOUR = 3_600_000;
const at = (iso: string) => new Date(iso);
const berlin = parseSlaCalendar('Mon-Fri 08:00-18:00 Europe/Berlin', '2026-12-24,2026-12-25')!;
const terms = (hours: number, calendar = berlin): SlaTerms => ({ calendar, targetMs: hours * HOUR });

describe('parsing the calendar', () => {
  it('reads days, local hours, the zone and holidays', () => {
    expect([...berlin.days]).toEqual([1, 2, 3, 4, 5]);
    expect([berlin.startMinute, berlin.endMinute, berlin.zone]).toEqual([480, 1080, 'Europe/Berlin']);
    expect([...berlin.holidays]).toEqual(['2026-12-24', '2026-12-25']);
    expect([...parseSlaCalendar('Mon,Wed,Sat-Sun 00:00-24:00 UTC')!.days]).toEqual([1, 3, 6, 7]);
  });

  it('is around the clock when unset', () => {
    expect(parseSlaCalendar(undefined)).toBeNull();
    expect(parseSlaCalendar('')).toBeNull();
  });

  it.each([
    ['Mon-Fri 08:00 Europe/Berlin', /DAYS HH:MM-HH:MM/],
    ['Mon-Fry 08:00-18:00 Europe/Berlin', /"mon-fry" is not a day/],
    ['Mon-Fri 18:00-08:00 Europe/Berlin', /start before they end/],
    ['Mon-Fri 08:00-18:00 Europe/Berlyn', /not an IANA time zone/],
  ])('refuses %j', (text, message) => {
    expect(() => parseSlaCalendar(text)).toThrow(message);
  });

  it('refuses a holiday that is not a date', () => {
    expect(() => parseSlaCalendar('Mon-Fri 08:00-18:00 UTC', '2026-12-25,25.12.2026')).toThrow(/SLA_HOLIDAYS: "25.12.2026"/);
    expect(() => parseSlaCalendar('Mon-Fri 08:00-18:00 UTC', '2026-02-30')).toThrow(/SLA_HOLIDAYS/);
  });

  it('survives being stored as text', () => {
    expect(calendarFromText(calendarText(berlin))).toEqual(berlin);
    expect(calendarText(null)).toBeNull();
  });
});

describe('counted time', () => {
  it('is all time around the clock', () => {
    expect(countedMs(null, at('2026-03-28T00:00:00Z'), at('2026-03-30T00:00:00Z'))).toBe(48 * HOUR);
    expect(addCounted(null, at('2026-03-28T00:00:00Z'), 5 * HOUR)).toEqual(at('2026-03-28T05:00:00Z'));
  });

  it('follows local hours across the spring DST change', () => {
    // Friday 16:00 CET (15:00Z): 2 h on Friday to 18:00 CET; Monday 08:00 is CEST (06:00Z).
    const created = at('2026-03-27T15:00:00Z');
    expect(countedMs(berlin, created, at('2026-03-30T10:00:00Z'))).toBe(6 * HOUR); // 2 h Friday + 4 h Monday to 12:00 CEST
    // 24 h: Friday 2, Monday 10, Tuesday 10, Wednesday 2 -> Wednesday 10:00 CEST = 08:00Z.
    expect(addCounted(berlin, created, 24 * HOUR)).toEqual(at('2026-04-01T08:00:00Z'));
  });

  it('counts the 23-hour and 25-hour days of a calendar that runs every day all day', () => {
    const allDay = parseSlaCalendar('Mon-Sun 00:00-24:00 Europe/Berlin')!;
    // Saturday 00:00 CET to Monday 00:00 CEST: 24 h + 23 h.
    expect(countedMs(allDay, at('2026-03-27T23:00:00Z'), at('2026-03-29T22:00:00Z'))).toBe(47 * HOUR);
    // Saturday 00:00 CEST to Monday 00:00 CET: 24 h + 25 h.
    expect(countedMs(allDay, at('2026-10-23T22:00:00Z'), at('2026-10-25T23:00:00Z'))).toBe(49 * HOUR);
  });

  it('skips holidays and the weekend', () => {
    // Wednesday 23 Dec 17:00 CET: 1 h that day; Thursday and Friday are holidays, then the weekend;
    // Monday 28 Dec 08:00 CET + 3 h = 11:00 CET = 10:00Z.
    const created = at('2026-12-23T16:00:00Z');
    expect(addCounted(berlin, created, 4 * HOUR)).toEqual(at('2026-12-28T10:00:00Z'));
    expect(countedMs(berlin, created, at('2026-12-27T12:00:00Z'))).toBe(1 * HOUR);
  });

  it('skips a weekend', () => {
    // Friday 17:30 CEST: half an hour, then Monday 08:00 CEST + 30 min = 06:30Z.
    expect(addCounted(berlin, at('2026-06-05T15:30:00Z'), 1 * HOUR)).toEqual(at('2026-06-08T06:30:00Z'));
  });

  it('starts counting at the next business morning for a ticket created outside business hours', () => {
    // Saturday noon: nothing counts until Monday 08:00 CEST (06:00Z).
    const created = at('2026-06-06T10:00:00Z');
    expect(addCounted(berlin, created, 4 * HOUR)).toEqual(at('2026-06-08T10:00:00Z'));
    expect(countedMs(berlin, created, at('2026-06-08T07:00:00Z'))).toBe(1 * HOUR);
    expect(countedMs(berlin, created, at('2026-06-07T20:00:00Z'))).toBe(0);
  });

  it('tells the first instant with a count from the last one where a business day ends', () => {
    // Monday 07:00 CEST (before hours) + 10 h: due at 18:00 CEST, but not exceeded before Tuesday 08:00 CEST.
    const created = at('2026-06-08T05:00:00Z');
    expect(addCounted(berlin, created, 10 * HOUR)).toEqual(at('2026-06-08T16:00:00Z'));
    expect(addCounted(berlin, created, 10 * HOUR, true)).toEqual(at('2026-06-09T06:00:00Z'));
  });
});

describe('the resolution clock', () => {
  it('keeps the original rule around the clock without holds: due = createdAt + target', () => {
    const created = at('2026-06-09T07:00:00Z');
    const state = startClock(created);
    const t = terms(8, null as never);
    expect(dueAt(t, state)).toEqual(at('2026-06-09T15:00:00Z'));
    expect(breachAt(t, state)).toEqual(at('2026-06-09T15:00:00Z'));
    expect(elapsedPercent(t, state, at('2026-06-09T09:00:00Z'))).toBe(25);
    expect(clockBreached(t, state, at('2026-06-09T15:00:00Z'))).toBe(false);
    expect(clockBreached(t, state, at('2026-06-09T15:00:00.001Z'))).toBe(true);
  });

  it('stops during a hold that spans a night, in business hours', () => {
    // Tuesday 09:00 CEST, 8 h target. On hold at 16:00 CEST (7 h counted), back on Wednesday 10:00 CEST.
    const t = terms(8);
    let state = startClock(at('2026-06-09T07:00:00Z'));
    expect(dueAt(t, state)).toEqual(at('2026-06-09T15:00:00Z')); // 09:00 + 8 h = 17:00 CEST, within the day
    state = pauseClock(t, state, at('2026-06-09T14:00:00Z'));
    expect(state.paused).toBe(true);
    expect(dueAt(t, state)).toBeNull();
    expect(breachAt(t, state)).toBeNull();
    expect(clockMs(t, state, at('2026-06-10T07:00:00Z'))).toBe(7 * HOUR);
    state = resumeClock(state, at('2026-06-10T08:00:00Z'));
    // 1 h left from Wednesday 10:00 CEST: 11:00 CEST = 09:00Z.
    expect(dueAt(t, state)).toEqual(at('2026-06-10T09:00:00Z'));
    expect(elapsedPercent(t, state, at('2026-06-10T08:30:00Z'))).toBe(93.75);
  });

  it('stops during a hold that spans a night, around the clock', () => {
    const t = terms(8, null as never);
    let state = startClock(at('2026-06-09T07:00:00Z'));
    state = pauseClock(t, state, at('2026-06-09T14:00:00Z'));
    state = resumeClock(state, at('2026-06-10T08:00:00Z'));
    expect(dueAt(t, state)).toEqual(at('2026-06-10T09:00:00Z'));
    expect(clockMs(t, state, at('2026-06-10T08:00:00Z'))).toBe(7 * HOUR);
  });

  it('remembers a breach that happened before a hold', () => {
    const t = terms(1, null as never);
    let state = startClock(at('2026-06-09T00:00:00Z'));
    state = pauseClock(t, state, at('2026-06-09T02:00:00Z'));
    expect(state.reachedAt).toEqual(at('2026-06-09T01:00:00Z'));
    expect(breachAt(t, state)).toEqual(at('2026-06-09T01:00:00Z'));
    expect(clockBreached(t, state, at('2026-06-09T03:00:00Z'))).toBe(true);
    state = resumeClock(state, at('2026-06-09T05:00:00Z'));
    expect(dueAt(t, state)).toEqual(at('2026-06-09T01:00:00Z'));
    expect(clockMs(t, state, at('2026-06-09T06:00:00Z'))).toBe(3 * HOUR);
    expect(elapsedPercent(t, state, at('2026-06-09T06:00:00Z'))).toBe(300);
  });

  it('is not breached when resolved after hours with exactly the target counted', () => {
    const t = terms(10);
    const state = startClock(at('2026-06-08T05:00:00Z'));
    expect(clockBreached(t, state, at('2026-06-08T18:00:00Z'))).toBe(false);
    expect(clockBreached(t, state, at('2026-06-09T06:00:01Z'))).toBe(true);
  });

  it('has no due date and no breach without a target', () => {
    const t: SlaTerms = { calendar: berlin, targetMs: null };
    const state = startClock(at('2026-06-08T05:00:00Z'));
    expect(dueAt(t, state)).toBeNull();
    expect(breachAt(t, state)).toBeNull();
    expect(clockBreached(t, state, at('2027-06-08T05:00:00Z'))).toBe(false);
    expect(elapsedPercent(t, state, at('2027-06-08T05:00:00Z'))).toBe(0);
  });
});

describe('counting and adding agree', () => {
  // A fixed pseudo-random walk over three years, DST changes and holidays included.
  let seed = 12345;
  const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const cases = Array.from({ length: 200 }, () => {
    const from = Date.parse('2025-01-01T00:00:00Z') + next() * 3 * 365 * 24 * HOUR;
    return { from: new Date(Math.round(from)), ms: Math.round(next() * 400 * HOUR) };
  });

  it('counts exactly the time added, and adding what was counted lands at or before the end', () => {
    for (const { from, ms } of cases) {
      const due = addCounted(berlin, from, ms);
      expect(countedMs(berlin, from, due)).toBe(ms);
      expect(addCounted(berlin, from, ms, true).getTime()).toBeGreaterThanOrEqual(due.getTime());
      expect(countedMs(berlin, from, addCounted(berlin, from, ms, true))).toBe(ms);
      const to = new Date(from.getTime() + ms);
      expect(addCounted(berlin, from, countedMs(berlin, from, to)).getTime()).toBeLessThanOrEqual(to.getTime());
    }
  });
});
