/**
 * BI metrics of the tickets store, aggregated by the database in one statement
 * that runs unchanged on PGlite and PostgreSQL.
 *
 * Buckets are whole periods in the query's time zone, UTC unless it names one (hours, days from
 * local midnight, weeks from Monday, calendar months): the first is the one containing `from`, the last the one containing
 * the last instant before `to`, so a bucket's figures never depend on where the
 * window starts or ends.
 *
 * The statement reads the filtered tickets twice, hashing both times: once to
 * count per bucket the tickets created (adding to the backlog) and those that
 * left (resolvedAt, else closedAt; taking away from it), anything before the
 * window folding into its first bucket; once to gather resolutions and repair
 * times per bucket. Backlog is then a running sum per group, so no ticket is
 * ever joined to a bucket, and generate_series repeats a non-zero backlog over
 * the buckets in which nothing happened to the group.
 */
import { BadUserInputError } from '../../../platform/errors';
import type { SqlDatabase, SqlExecutor } from '../../../platform/sql';
import { withoutEmptyLists, type MetricDimension, type MetricRow, type MetricsQuery, type Priority, type TicketType } from '../domain';
import { bucketRange, INTERVALS, MONDAY_ORIGIN } from '../metrics';
import { BREACH_INSTANT, ticketFilterConditions } from './filter';

/** Result columns per dimension, in the order rows are sorted by; the only SQL a caller's groupBy can select. */
const DIMENSIONS: { dimension: MetricDimension; column: string; source: string }[] = [
  { dimension: 'TYPE', column: 'type', source: 't.type' },
  { dimension: 'PRIORITY', column: 'priority', source: 't.priority' },
  { dimension: 'ASSIGNMENT_GROUP', column: 'assignment_group', source: 't.assignment_group' },
  { dimension: 'AFFECTED_ITEM', column: 'affected_item_id', source: 'ti.item_id' },
];

/**
 * The one statement behind `queryMetrics`, exposed so benchmarks can time and
 * EXPLAIN exactly what the store runs. The query comes validated (`metricsProblems` in ../metrics.ts).
 */
export function metricsStatement(query: MetricsQuery): { text: string; params: unknown[] } {
  const { start, end, count, fillStart } = bucketRange(query);
  const zone = query.timeZone ?? 'UTC';
  const utc = zone === 'UTC';
  const fill = query.fillEmpty === true;
  const params: unknown[] = [start, end, INTERVALS[query.interval], count, zone];
  // $6, only when filling: the first bucket that starts at or after from.
  if (fill) params.push(fillStart);
  const bucketOf = (at: string) => {
    // date_bin works on absolute time, so it needs no time zone; months are not a fixed length and need date_trunc.
    if (utc) return query.interval === 'MONTH' ? `date_trunc('month', ${at}, 'UTC')` : `date_bin($3::interval, ${at}, timestamptz '${MONDAY_ORIGIN}')`;
    // An hour starts where the local clock last showed :00, so the hour repeated when clocks go back is two buckets.
    if (query.interval === 'HOUR') return `(${at} - ((${at}) AT TIME ZONE $5::text - date_trunc('hour', (${at}) AT TIME ZONE $5::text)))`;
    return `date_trunc('${query.interval.toLowerCase()}', ${at}, $5::text)`;
  };
  // The series of buckets runs on local wall time, where a day or a month has no daylight saving to trip on;
  // hours are absolute. onSeries maps an instant onto the series, fromSeries maps it back.
  const absolute = !utc && query.interval === 'HOUR';
  const onSeries = (at: string) => (absolute ? at : `(${at}) AT TIME ZONE $5::text`);
  const fromSeries = (at: string) => (absolute ? at : `(${at}) AT TIME ZONE $5::text`);
  const grouped = DIMENSIONS.filter((d) => query.groupBy?.includes(d.dimension));
  const from = `FROM tickets.ticket t${grouped.some((d) => d.dimension === 'AFFECTED_ITEM') ? ' LEFT JOIN tickets.ticket_item ti ON ti.ticket_id = t.id' : ''}`;
  // Metrics read an empty list as no constraint, as the API does everywhere.
  const filters = ticketFilterConditions(withoutEmptyLists(query.filter), params).map((condition) => `\n             AND ${condition}`).join('');
  const sources = grouped.map((d) => `${d.source} AS ${d.column}, `).join('');
  const groups = grouped.map((d) => `${d.column}, `).join('');
  const partition = grouped.length ? `PARTITION BY ${grouped.map((d) => d.column).join(', ')} ` : '';
  const left = 'coalesce(t.resolved_at, t.closed_at)';
  const active = 'r.opened > 0 OR r.resolved > 0 OR r.backlog > 0';
  // Filled, a group is shown in every bucket once it is active in any; not grouped, the one series always is.
  // A zero row at the head of the series for the answer's first bucket is kept only when it starts at or after from.
  const shown = fill
    ? grouped.length
      ? `bool_or(opened > 0 OR resolved > 0 OR backlog > 0) OVER (${partition})`
      : 'true'
    : 'NULL::boolean';
  const text = /* SQL */ `
    WITH movements AS (
      -- Each ticket adds one to the backlog of the bucket it was created in and takes one away in the bucket
      -- it left in. OFFSET 0 hides that the buckets derive from timestamps; otherwise the planner expects a
      -- group per distinct timestamp and prices the statement high enough to JIT-compile it at length.
      SELECT ${groups}
             CASE WHEN GROUPING(created_bucket) = 0 THEN created_bucket ELSE left_bucket END AS bucket,
             CASE WHEN GROUPING(created_bucket) = 0 THEN count(*) FILTER (WHERE opened_in_window) ELSE 0 END AS opened,
             CASE WHEN GROUPING(created_bucket) = 0 THEN count(*) ELSE -count(*) END AS delta
        FROM (SELECT ${sources}
                     greatest(${bucketOf('t.created_at')}, $1::timestamptz) AS created_bucket,
                     CASE WHEN ${left} < $2::timestamptz THEN ${bucketOf(`greatest(${left}, t.created_at)`)} END AS left_bucket,
                     t.created_at >= $1::timestamptz AS opened_in_window
              ${from}
               WHERE t.created_at < $2::timestamptz
                 -- Tickets gone before the window add nothing; each term can use an index.
                 AND (t.created_at >= $1::timestamptz OR ${left} >= $1::timestamptz OR (t.resolved_at IS NULL AND t.closed_at IS NULL))${filters}
              OFFSET 0) AS ticket_buckets
       GROUP BY GROUPING SETS ((${groups}created_bucket), (${groups}left_bucket))
      HAVING GROUPING(created_bucket) = 0 OR left_bucket IS NOT NULL
    ),
    resolutions AS (
      SELECT ${groups}resolved_bucket,
             count(*) AS resolved,
             avg(repair_us) AS mean_repair_us,
             array_agg(repair_us) AS repair_us,
             count(*) FILTER (WHERE late) AS breached
        FROM (SELECT ${sources}
                     ${bucketOf('t.resolved_at')} AS resolved_bucket,
                     -- Whole microseconds make the mean exact, whatever order the rows are summed in.
                     round(date_part('epoch', t.resolved_at - t.created_at) * 1000000)::bigint AS repair_us,
                     t.resolved_at > ${BREACH_INSTANT} AS late
              ${from}
               WHERE t.resolved_at >= $1::timestamptz AND t.resolved_at < $2::timestamptz${filters}
              OFFSET 0) AS repairs
       GROUP BY ${groups}resolved_bucket
    ),
    per_bucket AS (
      SELECT ${groups}bucket,
             sum(opened) AS opened,
             sum(delta) AS delta,
             sum(resolved) AS resolved,
             max(mean_repair_us) AS mean_repair_us,
             max(repair_percentiles) AS repair_percentiles,
             sum(breached) AS breached
        FROM (SELECT ${groups}bucket, opened, delta,
                     0 AS resolved, NULL::numeric AS mean_repair_us, NULL::float8[] AS repair_percentiles, 0 AS breached
                FROM movements
              UNION ALL
              -- Hashing then sorting each bucket's small array beats percentile_cont over one sort of every resolution.
              SELECT ${groups}resolved_bucket, 0, 0, resolved, mean_repair_us,
                     (SELECT percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY us) FROM unnest(repair_us) AS us),
                     breached
                FROM resolutions${
                  fill && !grouped.length
                    ? `
              UNION ALL
              -- The one series of an ungrouped answer exists even where nothing happened at all.
              SELECT $6::timestamptz, 0, 0, 0, NULL, NULL, 0`
                    : ''
                }) AS moves
       GROUP BY ${groups}bucket
    ),
    running AS (
      SELECT *,
             sum(delta) OVER w AS backlog,
             lead(bucket) OVER w AS next_bucket,
             lag(bucket) OVER w IS NULL AS first_of_group
        FROM per_bucket
      WINDOW w AS (${partition}ORDER BY bucket)
    ),
    shown AS (
      SELECT *, ${shown} AS group_shown FROM running
    )
    SELECT ${fromSeries('s.bucket')} AS bucket_start,
           ${DIMENSIONS.map((d) => (grouped.includes(d) ? `r.${d.column}` : `NULL::text AS ${d.column}`)).join(', ')},
           CASE WHEN s.before THEN 0 ELSE r.backlog END::int AS backlog,
           CASE WHEN s.here THEN r.opened ELSE 0 END::int AS opened,
           CASE WHEN s.here THEN r.resolved ELSE 0 END::int AS resolved,
           CASE WHEN s.here THEN r.mean_repair_us / 1000000 END::float8 AS mttr_seconds,
           CASE WHEN s.here THEN r.repair_percentiles[1] / 1000000 END AS mttr_p50_seconds,
           CASE WHEN s.here THEN r.repair_percentiles[2] / 1000000 END AS mttr_p90_seconds,
           CASE WHEN s.here THEN r.breached ELSE 0 END::int AS sla_breached
      FROM shown r
     -- A bucket with a backlog repeats it over the following buckets in which nothing happened to its group;
     -- filled, every bucket repeats, and a group's first bucket is preceded by empty ones from the first filled.
     CROSS JOIN LATERAL (
             SELECT bucket, bucket = ${onSeries('r.bucket')} AS here, bucket < ${onSeries('r.bucket')} AS before
               FROM generate_series(
                      ${onSeries(fill ? 'CASE WHEN r.first_of_group THEN least(r.bucket, $6::timestamptz) ELSE r.bucket END' : 'r.bucket')},
                      CASE WHEN ${fill ? 'true' : 'r.backlog > 0'}
                           THEN ${onSeries('coalesce(r.next_bucket, $2::timestamptz)')} - $3::interval
                           ELSE ${onSeries('r.bucket')} END,
                      $3::interval) AS bucket
              -- Never more than the window's buckets; saying so keeps the planner from assuming a thousand rows per run.
              LIMIT $4::int) AS s
     WHERE ${
       fill
         ? `r.group_shown AND (${fromSeries('s.bucket')} >= $6::timestamptz OR (s.here AND (${active})))`
         : active
     }
     ORDER BY bucket_start${grouped.map((d) => `, r.${d.column} COLLATE "C" NULLS LAST`).join('')}`;
  return { text, params };
}

interface MetricRecord {
  bucket_start: Date;
  type: string | null;
  priority: string | null;
  assignment_group: string | null;
  affected_item_id: string | null;
  opened: number;
  resolved: number;
  backlog: number;
  mttr_seconds: number | null;
  mttr_p50_seconds: number | null;
  mttr_p90_seconds: number | null;
  sla_breached: number;
}

/**
 * Ticket metrics per bucket and group, in one SQL statement. Only stored
 * timestamps decide the figures, so `now` changes nothing today; it is taken
 * so that the store's signature does not change if a figure ever depends on it.
 */
/**
 * Memory for the statement's hash tables: with the server default (4 MB) the per-bucket arrays of
 * repair times spill to disk over a year of a million incidents (10 MB for weekly by priority,
 * far more by affected item). Set for this transaction only.
 */
const METRICS_WORK_MEM = '64MB';

/** Gives the metrics statement its memory, for the rest of the transaction `tx`. */
export async function withMetricsMemory(tx: SqlExecutor): Promise<void> {
  await tx.query(`SELECT set_config('work_mem', $1, true)`, [METRICS_WORK_MEM]);
}

export async function queryMetrics(db: SqlDatabase, query: MetricsQuery, _now: Date): Promise<MetricRow[]> {
  const { text, params } = metricsStatement(query);
  const records = await db
    .transaction(async (tx) => {
      await withMetricsMemory(tx);
      return tx.query<MetricRecord>(text, params);
    })
    .catch((error: { code?: string; message?: string }) => {
      // The runtime knew the zone but this server's time zone database does not.
      if (error?.code === '22023' && /time zone/i.test(error.message ?? '')) {
        throw BadUserInputError.of([`timeZone: ${JSON.stringify(query.timeZone)} is not a time zone the database knows`], 'ticketMetricSeries');
      }
      throw error;
    });
  return records.map((r) => ({
    bucketStart: new Date(r.bucket_start),
    type: r.type as TicketType | null,
    priority: r.priority as Priority | null,
    assignmentGroup: r.assignment_group,
    affectedItemId: r.affected_item_id,
    opened: r.opened,
    resolved: r.resolved,
    backlog: r.backlog,
    mttrSeconds: r.mttr_seconds,
    mttrP50Seconds: r.mttr_p50_seconds,
    mttrP90Seconds: r.mttr_p90_seconds,
    slaBreached: r.sla_breached,
    slaCompliance: r.resolved > 0 ? (r.resolved - r.sla_breached) / r.resolved : null,
  }));
}
