/**
 * The rules of BI metrics: whole buckets (hours, days, weeks from Monday, calendar months) aligned
 * in a time zone (UTC for `ticketMetrics`), and what a metrics query may ask. The store's statement
 * (store/metrics.ts) computes the same buckets.
 */
import { DateTime, IANAZone } from 'luxon';
import type { MetricDimension, MetricInterval, MetricsQuery } from './domain';

export const METRIC_DIMENSIONS: MetricDimension[] = ['TYPE', 'PRIORITY', 'ASSIGNMENT_GROUP', 'AFFECTED_ITEM'];

/** Most buckets one query may span: 10,000 hours is over a year, so only needlessly fine intervals hit it. */
export const MAX_METRIC_BUCKETS = 10_000;

/** The length of a bucket, as a PostgreSQL interval. */
export const INTERVALS: Record<MetricInterval, string> = { HOUR: '1 hour', DAY: '1 day', WEEK: '7 days', MONTH: '1 month' };
/** date_bin counts buckets from here; 2001-01-01 was a Monday, so weekly buckets start on Mondays. */
export const MONDAY_ORIGIN = '2001-01-01T00:00:00Z';

const LUXON_UNIT = { HOUR: 'hour', DAY: 'day', WEEK: 'week', MONTH: 'month' } as const;

/**
 * Start of the bucket of `interval` containing `at`, in `zone`: local midnight for days, Monday's for
 * weeks, the 1st's for months, as the statement's date_trunc(unit, at, zone) computes them. Hours
 * keep the instant's own offset, so the repeated hour of a daylight saving change is two buckets.
 */
function bucketStart(interval: MetricInterval, at: Date, zone: string): DateTime {
  return DateTime.fromJSDate(at, { zone }).startOf(LUXON_UNIT[interval]);
}

/** The next bucket's start: hours are absolute, longer buckets step on the local calendar. */
function nextBucket(interval: MetricInterval, start: DateTime): DateTime {
  return start.plus({ [`${LUXON_UNIT[interval]}s`]: 1 });
}

/**
 * The whole buckets covering [from, to) in `timeZone` (default UTC): first start inclusive, end
 * exclusive, how many, and `fillStart`, the first bucket that starts at or after `from` (later than
 * `start` when `from` falls inside a bucket).
 */
export function bucketRange(query: Pick<MetricsQuery, 'from' | 'to' | 'interval' | 'timeZone'>): {
  start: Date;
  end: Date;
  count: number;
  fillStart: Date;
} {
  const zone = query.timeZone ?? 'UTC';
  const first = bucketStart(query.interval, query.from, zone);
  // Dates carry milliseconds, so the last instant before `to` is 1 ms earlier.
  const end = nextBucket(query.interval, bucketStart(query.interval, new Date(query.to.getTime() - 1), zone));
  const count =
    query.interval === 'HOUR'
      ? Math.round((end.toMillis() - first.toMillis()) / 3_600_000)
      : Math.round(end.diff(first, `${LUXON_UNIT[query.interval]}s`).as(`${LUXON_UNIT[query.interval]}s`));
  const fillStart = first.toMillis() === query.from.getTime() ? first : nextBucket(query.interval, first);
  return { start: first.toJSDate(), end: end.toJSDate(), count, fillStart: fillStart.toJSDate() };
}

/**
 * The canonical IANA name of a time zone (`europe/berlin` is `Europe/Berlin`), or null when the
 * name is not an IANA zone this runtime knows.
 */
export function canonicalTimeZone(name: string): string | null {
  if (!IANAZone.isValidZone(name)) return null;
  return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
}

/** Every problem with a metrics query's arguments, each naming the argument and value; empty when it can run. */
export function metricsProblems(query: Pick<MetricsQuery, 'from' | 'to' | 'interval' | 'groupBy' | 'timeZone'>): string[] {
  const problems: string[] = [];
  const knownZone = query.timeZone === undefined || canonicalTimeZone(query.timeZone) !== null;
  if (!knownZone) problems.push(`timeZone: ${JSON.stringify(query.timeZone)} is not an IANA time zone (e.g. Europe/Berlin, UTC)`);
  const validFrom = query.from instanceof Date && !Number.isNaN(query.from.getTime());
  const validTo = query.to instanceof Date && !Number.isNaN(query.to.getTime());
  if (!validFrom) problems.push(`from: ${String(query.from)} is not a valid date-time`);
  if (!validTo) problems.push(`to: ${String(query.to)} is not a valid date-time`);
  if (!(query.interval in INTERVALS)) problems.push(`interval: ${String(query.interval)} is not one of ${Object.keys(INTERVALS).join(', ')}`);
  if (validFrom && validTo && query.interval in INTERVALS && knownZone) {
    if (query.from.getTime() >= query.to.getTime()) {
      problems.push(`from: ${query.from.toISOString()} must be before to (${query.to.toISOString()})`);
    } else {
      const { count } = bucketRange(query);
      if (count > MAX_METRIC_BUCKETS) {
        problems.push(
          `interval: ${query.interval} from ${query.from.toISOString()} to ${query.to.toISOString()} makes ${count} buckets; at most ${MAX_METRIC_BUCKETS}`,
        );
      }
    }
  }
  const seen = new Set<string>();
  for (const dimension of query.groupBy ?? []) {
    if (!METRIC_DIMENSIONS.includes(dimension)) problems.push(`groupBy: ${String(dimension)} is not a dimension`);
    else if (seen.has(dimension)) problems.push(`groupBy: ${dimension} appears more than once`);
    seen.add(dimension);
  }
  return problems;
}

