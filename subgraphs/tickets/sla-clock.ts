/**
 * Service level clocks: how much SLA-counted time lies between two instants, and when a given
 * amount of counted time will have elapsed, under a business calendar (days, local hours, an IANA
 * time zone with its daylight saving, holidays) or around the clock.
 *
 * Luxon does the time zone arithmetic (local midnight, 08:00 on a day when clocks change); the
 * clock itself, i.e. which spans count and how holds stop the resolution clock, is ours. Everything
 * here is pure: instants in, instants out.
 */
import { DateTime, IANAZone } from 'luxon';

/** Business hours in one time zone; a day counts from `startMinute` to `endMinute` local time. */
export interface SlaCalendar {
  /** Luxon weekdays (1 = Monday .. 7 = Sunday) with business hours. */
  days: ReadonlySet<number>;
  startMinute: number;
  endMinute: number;
  zone: string;
  /** Local dates (yyyy-mm-dd) without business hours. */
  holidays: ReadonlySet<string>;
}

const DAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/**
 * Parses `SLA_BUSINESS_HOURS` (`Mon-Fri 08:00-18:00 Europe/Berlin`; days may be a list such as
 * `Mon,Wed,Fri-Sun`; the end may be 24:00) with `SLA_HOLIDAYS` (`2026-12-25,2026-12-26`).
 * Null for an unset value: around the clock.
 */
export function parseSlaCalendar(hours: string | undefined, holidays: string | ReadonlySet<string> = ''): SlaCalendar | null {
  const holidaySet = typeof holidays === 'string' ? parseHolidays(holidays) : holidays;
  if (hours === undefined || hours.trim() === '') return null;
  const match = /^\s*(\S+)\s+(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})\s+(\S+)\s*$/.exec(hours);
  const problem = `SLA_BUSINESS_HOURS: ${JSON.stringify(hours)} is not DAYS HH:MM-HH:MM TIME_ZONE (e.g. Mon-Fri 08:00-18:00 Europe/Berlin)`;
  if (!match) throw new Error(problem);
  const [, daysText, sh, sm, eh, em, zone] = match;
  const days = new Set<number>();
  for (const part of daysText.toLowerCase().split(',')) {
    const [first, last = first] = part.split('-');
    const from = DAY_NAMES.indexOf(first);
    const to = DAY_NAMES.indexOf(last);
    if (from < 0 || to < 0) throw new Error(`${problem}: ${JSON.stringify(part)} is not a day or a range of days (Mon..Sun)`);
    // A range may wrap around the week end (Sat-Mon).
    for (let day = from; ; day = (day + 1) % 7) {
      days.add(day + 1);
      if (day === to) break;
    }
  }
  const startMinute = Number(sh) * 60 + Number(sm);
  const endMinute = Number(eh) * 60 + Number(em);
  if (Number(sm) > 59 || Number(em) > 59 || startMinute >= endMinute || endMinute > 24 * 60) {
    throw new Error(`${problem}: the hours must run from 00:00 to 24:00 and start before they end`);
  }
  if (!IANAZone.isValidZone(zone)) throw new Error(`${problem}: ${JSON.stringify(zone)} is not an IANA time zone`);
  return { days, startMinute, endMinute, zone, holidays: holidaySet };
}

/** Parses `SLA_HOLIDAYS`: comma-separated local dates. */
export function parseHolidays(text: string | undefined): Set<string> {
  const holidays = new Set<string>();
  for (const part of (text ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const date = DateTime.fromISO(part, { zone: 'UTC' });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(part) || !date.isValid) {
      throw new Error(`SLA_HOLIDAYS: ${JSON.stringify(part)} is not a date (yyyy-mm-dd)`);
    }
    holidays.add(part);
  }
  return holidays;
}

/** The calendar as text, stored with each ticket so that its clock keeps the calendar it was created under. */
export function calendarText(calendar: SlaCalendar | null): string | null {
  if (!calendar) return null;
  return JSON.stringify({
    days: [...calendar.days].sort(),
    start: calendar.startMinute,
    end: calendar.endMinute,
    zone: calendar.zone,
    holidays: [...calendar.holidays].sort(),
  });
}

const parsedCalendars = new Map<string, SlaCalendar>();

/** The inverse of `calendarText`; the few distinct calendars a store holds are parsed once each. */
export function calendarFromText(text: string | null): SlaCalendar | null {
  if (text == null) return null;
  let calendar = parsedCalendars.get(text);
  if (!calendar) {
    const stored = JSON.parse(text) as { days: number[]; start: number; end: number; zone: string; holidays: string[] };
    calendar = { days: new Set(stored.days), startMinute: stored.start, endMinute: stored.end, zone: stored.zone, holidays: new Set(stored.holidays) };
    parsedCalendars.set(text, calendar);
  }
  return calendar;
}

const DAY_MS = 86_400_000;
/** How many days a calendar's table may span; a clock needing more is refused rather than left to run. */
const MAX_TABLE_DAYS = 60 * 366;

/**
 * A calendar's business span of each local date (day number = days from 1970-01-01 in local
 * dates), with the counted time of all days before it, filled in as far as clocks have asked.
 * Spans never change for a calendar, so a clock costs two lookups of a local date and a binary
 * search, whatever the length of the span it counts: Luxon is asked about each date once.
 */
class DayTable {
  /** Day number of index 0. */
  private base = 0;
  private starts: number[] = [];
  private ends: number[] = [];
  /** Local midnight of each day, in epoch ms. */
  private midnights: number[] = [];
  /** cumulative[i]: counted ms of the days before index i. */
  private cumulative: number[] = [0];

  constructor(private readonly calendar: SlaCalendar) {}

  /** Makes sure days `from`..`to` are in the table; a year is added on either side to spare later calls. */
  cover(from: number, to: number): void {
    if (!this.starts.length) {
      this.base = from - 366;
      this.append(to + 366);
      return;
    }
    if (to >= this.base + this.starts.length) this.append(to + 366);
    if (from < this.base) this.prepend(from - 366);
    if (this.starts.length > MAX_TABLE_DAYS) throw new Error(`SLA clock: more than ${MAX_TABLE_DAYS} days of business hours in ${this.calendar.zone}`);
  }

  /** The day number of the local date `at` falls on (the table must cover the UTC date of `at` and a day either side). */
  dayOf(at: number): number {
    let day = Math.floor(at / DAY_MS);
    // A zone is at most 14 hours from UTC: the local date is the UTC one or a neighbour.
    if (at < this.midnights[day - this.base]) day -= 1;
    else if (at >= this.midnights[day + 1 - this.base]) day += 1;
    return day;
  }

  start(day: number): number {
    return this.starts[day - this.base];
  }

  /** Counted ms of the days before `day`, from the start of the table. */
  before(day: number): number {
    return this.cumulative[day - this.base];
  }

  /** Counted ms of `day`'s span within [from, to). */
  within(day: number, from: number, to: number): number {
    const start = this.starts[day - this.base];
    if (Number.isNaN(start)) return 0;
    return Math.max(0, Math.min(this.ends[day - this.base], to) - Math.max(start, from));
  }

  private append(last: number): void {
    for (let day = this.base + this.starts.length; day <= last; day += 1) {
      const [midnight, start, end] = this.span(day);
      this.midnights.push(midnight);
      this.starts.push(start);
      this.ends.push(end);
      this.cumulative.push(this.cumulative[this.cumulative.length - 1] + (Number.isNaN(start) ? 0 : end - start));
    }
  }

  private prepend(first: number): void {
    const spans = Array.from({ length: this.base - first }, (_, i) => this.span(first + i));
    this.midnights = [...spans.map(([midnight]) => midnight), ...this.midnights];
    this.starts = [...spans.map(([, start]) => start), ...this.starts];
    this.ends = [...spans.map(([, , end]) => end), ...this.ends];
    this.base = first;
    this.cumulative = [0];
    for (let i = 0; i < this.starts.length; i += 1) {
      this.cumulative.push(this.cumulative[i] + (Number.isNaN(this.starts[i]) ? 0 : this.ends[i] - this.starts[i]));
    }
  }

  /** A local date's midnight, and its business span [start, end) (NaN when it has none), in epoch ms. */
  private span(day: number): [number, number, number] {
    const utc = DateTime.fromMillis(day * DAY_MS, { zone: 'UTC' });
    const local = DateTime.fromObject({ year: utc.year, month: utc.month, day: utc.day }, { zone: this.calendar.zone });
    const midnight = local.toMillis();
    if (!this.calendar.days.has(local.weekday) || this.calendar.holidays.has(utc.toISODate()!)) return [midnight, NaN, NaN];
    // Wall-clock times of that local date: Luxon applies the offset in force at each (DST included).
    return [midnight, localTime(local, this.calendar.startMinute), localTime(local, this.calendar.endMinute)];
  }
}

const tables = new WeakMap<SlaCalendar, DayTable>();

function tableOf(calendar: SlaCalendar, from: number, to: number): DayTable {
  let table = tables.get(calendar);
  if (!table) {
    table = new DayTable(calendar);
    tables.set(calendar, table);
  }
  table.cover(from, to);
  return table;
}

function localTime(day: DateTime, minute: number): number {
  if (minute === 24 * 60) return day.plus({ days: 1 }).toMillis();
  return day.set({ hour: Math.floor(minute / 60), minute: minute % 60 }).toMillis();
}

/** The table covering the local dates of instants `a` and `b`, with those dates' day numbers. */
function tableFor(calendar: SlaCalendar, a: number, b: number): [DayTable, number, number] {
  const table = tableOf(calendar, Math.floor(a / DAY_MS) - 1, Math.floor(b / DAY_MS) + 1);
  return [table, table.dayOf(a), table.dayOf(b)];
}

/** Counted milliseconds in [from, to): all of them around the clock (null calendar), business hours only otherwise. */
export function countedMs(calendar: SlaCalendar | null, from: Date, to: Date): number {
  const a = from.getTime();
  const b = to.getTime();
  if (b <= a) return 0;
  if (!calendar) return b - a;
  const [table, first, last] = tableFor(calendar, a, b);
  if (first === last) return table.within(first, a, b);
  return table.within(first, a, Infinity) + (table.before(last) - table.before(first + 1)) + table.within(last, -Infinity, b);
}

/**
 * The instant at which `ms` counted milliseconds after `from` have elapsed. Where counting stops at
 * that point (a business day ends exactly then), `late` picks the last instant with that count (the
 * next business start) instead of the first: the instant after which "more than `ms`" holds.
 */
export function addCounted(calendar: SlaCalendar | null, from: Date, ms: number, late = false): Date {
  const a = from.getTime();
  if (!calendar) return new Date(a + ms);
  if (ms <= 0 && !late) return new Date(a);
  const remaining = Math.max(0, ms);
  const [table, first] = tableFor(calendar, a, a);
  let high = first + 366;
  table.cover(first, high);
  // The rest of the first day.
  const available = table.within(first, a, Infinity);
  if (remaining < available || (!late && remaining === available)) return new Date(Math.max(table.start(first), a) + remaining);
  // Whole days after it: the first day d whose end brings the count to `remaining` (past it, when late).
  const base = table.before(first + 1) - available;
  const reached = (day: number) => table.before(day + 1) - base;
  const enough = (day: number) => (late ? reached(day) > remaining : reached(day) >= remaining);
  while (!enough(high)) {
    high += 366;
    table.cover(first, high);
  }
  let low = first + 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (enough(mid)) high = mid;
    else low = mid + 1;
  }
  return new Date(table.start(low) + (remaining - (table.before(low) - base)));
}

// ---------------------------------------------------------------- the resolution clock

/** What a ticket's resolution clock runs on, fixed when the ticket is created. */
export interface SlaTerms {
  calendar: SlaCalendar | null;
  /** Null: no resolution target (changes). */
  targetMs: number | null;
}

/**
 * The resolution clock's state, changed only when a hold starts or ends: the clock read
 * `anchorMs` at `anchorAt` and has run since unless it is paused (on hold). `reachedAt` remembers
 * when the target was reached when that happened before the anchor.
 */
export interface SlaClockState {
  anchorAt: Date;
  anchorMs: number;
  paused: boolean;
  reachedAt: Date | null;
}

export function startClock(createdAt: Date, paused = false): SlaClockState {
  return { anchorAt: createdAt, anchorMs: 0, paused, reachedAt: null };
}

/** The resolution clock at `at` (not before the anchor): counted time since creation minus holds. */
export function clockMs(terms: SlaTerms, state: SlaClockState, at: Date): number {
  if (state.paused) return state.anchorMs;
  return state.anchorMs + countedMs(terms.calendar, state.anchorAt, at);
}

/** Stops the clock at `at` (entering ON_HOLD); a paused clock stays as it is. */
export function pauseClock(terms: SlaTerms, state: SlaClockState, at: Date): SlaClockState {
  if (state.paused) return state;
  const reachedAt = state.reachedAt ?? (terms.targetMs == null ? null : reachedBy(terms, state, at));
  return { anchorAt: at, anchorMs: clockMs(terms, state, at), paused: true, reachedAt };
}

/** Restarts the clock at `at` (leaving ON_HOLD); a running clock stays as it is. */
export function resumeClock(state: SlaClockState, at: Date): SlaClockState {
  if (!state.paused) return state;
  return { ...state, anchorAt: at, paused: false };
}

/** When the running clock reached the target, if it did by `at`. */
function reachedBy(terms: SlaTerms, state: SlaClockState, at: Date): Date | null {
  const due = addCounted(terms.calendar, state.anchorAt, terms.targetMs! - state.anchorMs);
  return due.getTime() <= at.getTime() ? due : null;
}

/**
 * `slaDueAt`: when the clock reaches the target if the ticket stays out of ON_HOLD. Null while
 * paused and for a ticket without a target.
 */
export function dueAt(terms: SlaTerms, state: SlaClockState): Date | null {
  if (terms.targetMs == null || state.paused) return null;
  if (state.reachedAt) return state.reachedAt;
  return addCounted(terms.calendar, state.anchorAt, terms.targetMs - state.anchorMs);
}

/**
 * The instant after which the clock exceeds the target, when that does not depend on a hold still
 * to end: a resolution after it is a breach, one at or before it is not. It differs from `dueAt`
 * only where counting stops right at the due instant (a target reached as a business day ends).
 */
export function breachAt(terms: SlaTerms, state: SlaClockState): Date | null {
  if (terms.targetMs == null) return null;
  if (state.anchorMs > terms.targetMs) {
    // Exceeded before the anchor: every later instant is past the breach.
    return state.reachedAt ?? state.anchorAt;
  }
  if (state.paused) return null;
  return addCounted(terms.calendar, state.anchorAt, terms.targetMs - state.anchorMs, true);
}

/** `slaBreached`: the resolution clock, read at `end` (resolvedAt, else now), exceeds the target. */
export function clockBreached(terms: SlaTerms, state: SlaClockState, end: Date): boolean {
  return terms.targetMs != null && clockMs(terms, state, end) > terms.targetMs;
}

/** `slaElapsedPercent`: the clock at `end` as a share of the target, x 100 (0 without a target). */
export function elapsedPercent(terms: SlaTerms, state: SlaClockState, end: Date): number {
  if (terms.targetMs == null || terms.targetMs <= 0) return 0;
  return (clockMs(terms, state, end) / terms.targetMs) * 100;
}
