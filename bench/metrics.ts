/**
 * Benchmark of ticket metrics on PostgreSQL: loads synthetic incidents spread
 * over 2024 into an empty database, then compares the latency of
 * `queryMetrics` with the server's own execution time of the same statement.
 */
import { migrate, openPostgres, type SqlDatabase } from '../platform/sql';
import type { MetricsQuery } from '../subgraphs/tickets/domain';
import { metricsStatement, queryMetrics, withMetricsMemory } from '../subgraphs/tickets/store/metrics';
import { TICKETS_SCHEMA, ticketMigrations } from '../subgraphs/tickets/store/migrations';
import { median } from './stats';

const RUNS = 7;
const ITEMS = 2_000;
const GROUPS = 12;

/**
 * One statement for all incidents: created evenly over 2024 and stored in
 * creation order as a live table would be, priority P1 5% / P2 15% / P3 40% /
 * P4 30% / P5 10%, repair time exponential around 80% of the SLA target (so
 * about a quarter breach), 90% resolved (60% of those closed three days later),
 * 5% cancelled within two days, 5% still open.
 */
const LOAD_TICKETS = /* SQL */ `
  INSERT INTO tickets.ticket (id, number, type, title, status, impact, urgency, priority, assignment_group,
                              created_at, updated_at, resolved_at, closed_at, sla_due_at)
  SELECT id, number, 'INCIDENT', title,
         CASE WHEN closed_at IS NOT NULL AND resolved_at IS NULL THEN 'CANCELLED'
              WHEN closed_at IS NOT NULL THEN 'CLOSED'
              WHEN resolved_at IS NOT NULL THEN 'RESOLVED'
              ELSE 'IN_PROGRESS' END,
         'MEDIUM', 'MEDIUM', priority, assignment_group,
         -- Milliseconds, like every timestamp the store writes from a JS Date: its page cursors compare
         -- exactly, so a microsecond left over would repeat the last ticket of each page.
         date_trunc('milliseconds', created_at), date_trunc('milliseconds', coalesce(closed_at, resolved_at, created_at)),
         date_trunc('milliseconds', resolved_at), date_trunc('milliseconds', closed_at), date_trunc('milliseconds', sla_due_at)
    FROM (
      SELECT id, number, title, priority, assignment_group, created_at, sla_due_at,
             CASE WHEN outcome < 0.90 THEN created_at + repair END AS resolved_at,
             CASE WHEN outcome < 0.54 THEN created_at + repair + interval '3 days'
                  WHEN outcome >= 0.90 AND outcome < 0.95 THEN created_at + r_cancel * interval '2 days' END AS closed_at
        FROM (
          SELECT id, number, title, priority, assignment_group, created_at, outcome, r_cancel,
                 created_at + target AS sla_due_at,
                 -ln(1 - r_repair) * 0.8 * target AS repair
            FROM (
              SELECT 'bench-' || g AS id,
                     'INC' || lpad(g::text, 7, '0') AS number,
                     'synthetic incident ' || g AS title,
                     p.priority, p.target,
                     'group-' || (g % ${GROUPS}) AS assignment_group,
                     timestamptz '2024-01-01T00:00:00Z' + (g - 1 + r_created) * (interval '366 days' / $1::int) AS created_at,
                     outcome, r_repair, r_cancel
                FROM (
                  SELECT g, random() AS r_created, random() AS r_priority, random() AS outcome,
                         random() AS r_repair, random() AS r_cancel
                    FROM generate_series(1, $1::int) AS g
                ) AS draw
                CROSS JOIN LATERAL (
                  SELECT CASE WHEN r_priority < 0.05 THEN 'P1' WHEN r_priority < 0.20 THEN 'P2'
                              WHEN r_priority < 0.60 THEN 'P3' WHEN r_priority < 0.90 THEN 'P4' ELSE 'P5' END AS priority,
                         CASE WHEN r_priority < 0.05 THEN interval '4 hours' WHEN r_priority < 0.20 THEN interval '8 hours'
                              WHEN r_priority < 0.60 THEN interval '24 hours' WHEN r_priority < 0.90 THEN interval '72 hours'
                              ELSE interval '120 hours' END AS target
                ) AS p
            ) AS base
        ) AS timed
    ) AS outcome`;

/** Affected items: 20% of tickets name none, 50% one, 20% two, 10% three, drawn from 2,000 items. */
const LOAD_ITEMS = /* SQL */ `
  INSERT INTO tickets.ticket_item (ticket_id, item_id)
  SELECT t.id, 'ci-' || (1 + floor(random() * ${ITEMS}))::int
    FROM (SELECT id, random() AS r FROM tickets.ticket) AS t
   CROSS JOIN LATERAL generate_series(1, CASE WHEN t.r < 0.2 THEN 0 WHEN t.r < 0.7 THEN 1 WHEN t.r < 0.9 THEN 2 ELSE 3 END)
  ON CONFLICT DO NOTHING`;

const YEAR_WEEKLY = { from: new Date('2024-01-01T00:00:00Z'), to: new Date('2025-01-01T00:00:00Z'), interval: 'WEEK', filter: {} } as const;

const CASES: { name: string; query: MetricsQuery }[] = [
  { name: 'weekly over 2024 by priority', query: { ...YEAR_WEEKLY, groupBy: ['PRIORITY'] } },
  { name: 'weekly over 2024 by affected item', query: { ...YEAR_WEEKLY, groupBy: ['AFFECTED_ITEM'] } },
  {
    name: 'daily over the last week of 2024 by priority',
    query: { from: new Date('2024-12-25T00:00:00Z'), to: new Date('2025-01-01T00:00:00Z'), interval: 'DAY', groupBy: ['PRIORITY'], filter: {} },
  },
];

/** The parts of EXPLAIN's JSON that the report uses. */
interface ExplainedPlan {
  'Execution Time': number;
  JIT?: { Options: Record<string, boolean> };
}

async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const started = process.hrtime.bigint();
  const result = await work();
  return [Number(process.hrtime.bigint() - started) / 1e6, result];
}

export async function loadSyntheticIncidents(db: SqlDatabase, tickets: number, report: (line: string) => void): Promise<void> {
  await migrate(db, TICKETS_SCHEMA, ticketMigrations);
  const [{ present }] = await db.query<{ present: number }>('SELECT count(*)::int AS present FROM tickets.ticket');
  if (present > 0) throw new Error(`benchMetrics needs an empty database; tickets.ticket already holds ${present} rows`);
  const [ticketsMs] = await timed(() => db.query(LOAD_TICKETS, [tickets]));
  const [itemsMs] = await timed(() => db.query(LOAD_ITEMS));
  // VACUUM sets the visibility map as well, so the planner sees the table as a long-lived one would be.
  const [vacuumMs] = await timed(() => db.query('VACUUM ANALYZE tickets.ticket, tickets.ticket_item'));
  const [{ links }] = await db.query<{ links: number }>('SELECT count(*)::int AS links FROM tickets.ticket_item');
  report(
    `loaded ${tickets} incidents in ${(ticketsMs / 1000).toFixed(1)} s, ${links} affected-item links in ${(itemsMs / 1000).toFixed(1)} s, vacuum analyze ${(vacuumMs / 1000).toFixed(1)} s`,
  );
}

/**
 * Loads `tickets` synthetic incidents into the empty database at
 * `databaseUrl`, then reports for each case the median of seven runs of
 * queryMetrics, of the bare statement through the driver, and of the server's
 * execution time (EXPLAIN ANALYZE without per-node timing), with their ratios.
 */
export async function benchMetrics(options: { databaseUrl: string; tickets: number; report: (line: string) => void }): Promise<void> {
  const { report } = options;
  const db = openPostgres(options.databaseUrl, 'bench', { max: 1 });
  try {
    await loadSyntheticIncidents(db, options.tickets, report);
    const now = new Date('2025-01-01T00:00:00Z');
    for (const { name, query } of CASES) {
      const { text, params } = metricsStatement(query);
      await queryMetrics(db, query, now);
      const store: number[] = [];
      const driver: number[] = [];
      const server: number[] = [];
      let rows = 0;
      let jit = 'none';
      for (let run = 0; run < RUNS; run += 1) {
        const [storeMs, result] = await timed(() => queryMetrics(db, query, now));
        store.push(storeMs);
        rows = result.length;
        // The bare statement under the store's memory setting, so the ratios compare like with like.
        driver.push((await timed(() => db.transaction(async (tx) => (await withMetricsMemory(tx), tx.query(text, params)))))[0]);
        const [{ 'QUERY PLAN': [plan] }] = await db.transaction(async (tx) => {
          await withMetricsMemory(tx);
          return tx.query<{ 'QUERY PLAN': [ExplainedPlan] }>(`EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) ${text}`, params);
        });
        server.push(plan['Execution Time']);
        jit = Object.entries(plan.JIT?.Options ?? {}).filter(([, on]) => on).map(([option]) => option.toLowerCase()).join('+') || 'none';
      }
      const [storeP50, driverP50, serverP50] = [median(store), median(driver), median(server)];
      report(
        `${name}: ${rows} rows; queryMetrics p50 ${storeP50.toFixed(1)} ms, statement via driver ${driverP50.toFixed(1)} ms, ` +
          `server execution ${serverP50.toFixed(1)} ms (JIT: ${jit}); queryMetrics/server ${(storeP50 / serverP50).toFixed(2)}, ` +
          `queryMetrics/driver ${(storeP50 / driverP50).toFixed(2)}`,
      );
    }
  } finally {
    await db.close();
  }
}
