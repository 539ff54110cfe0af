/**
 * `npm run bench -- --only sla-extraction`: a full extraction at `first: 1000` through the gateway
 * (the warehouse's ExtractTickets fields, items by id), with the service level fields selected and
 * without them, alternating in one run on PostgreSQL; then the same with every ticket counted in
 * business hours, where each clock walks the calendar day by day.
 *
 * The synthetic incidents are bench/metrics.ts's year of 2024, completed with the clock columns
 * the service writes (around the clock, default targets), as a migrated store holds them.
 */
import { openPglite, openPostgres } from '../platform/sql';
import { graphqlClient } from '../platform/graphql-client';
import { startHub } from '../scripts/hub';
import { benchHubConfig } from './processes';
import { openSqlCmdbStore } from '../subgraphs/cmdb/store/sql';
import { calendarText, parseSlaCalendar } from '../subgraphs/tickets/sla-clock';
import { openSqlTicketStore } from '../subgraphs/tickets/store/sql';
import { createTestDatabase, postgresAvailable } from '../test/support/postgres';
import { loadSyntheticIncidents } from './metrics';
import type { BenchOptions } from './run';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const FIELDS = 'id number type status priority createdAt updatedAt resolvedAt slaBreached affectedItems { id }';
const SLA_FIELDS = 'slaDueAt slaPaused slaElapsedPercent respondedAt responseDueAt responseBreached';
const extraction = (fields: string) => /* GraphQL */ `
  query Extract($first: Int, $after: String) {
    tickets(first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      edges { cursor node { ${fields} } }
    }
  }
`;
const WITHOUT = extraction(FIELDS);
const WITH = extraction(`${FIELDS} ${SLA_FIELDS}`);

/** The clock columns the service writes for tickets created under the default policy. */
const COMPLETE_CLOCKS = /* SQL */ `
  UPDATE tickets.ticket
     SET sla_target_ms = round(extract(epoch FROM sla_due_at - created_at) * 1000)::bigint,
         sla_anchor_at = created_at,
         sla_breach_at = sla_due_at,
         response_due_at = created_at + make_interval(mins => CASE priority
           WHEN 'P1' THEN 15 WHEN 'P2' THEN 30 WHEN 'P3' THEN 240 WHEN 'P4' THEN 480 ELSE 1440 END),
         responded_at = created_at + interval '10 minutes'`;

async function pull(url: string, query: string): Promise<number> {
  const client = graphqlClient(url);
  let after: string | null = null;
  let pulled = 0;
  const started = performance.now();
  for (;;) {
    const data: any = await client.call(query, { first: 1000, after });
    pulled += data.tickets.edges.length;
    if (!data.tickets.pageInfo.hasNextPage) break;
    after = data.tickets.pageInfo.endCursor;
  }
  return pulled / ((performance.now() - started) / 1000);
}

/** Alternates the two pulls `rounds` times so that neither gets a warmer database; the best rate of each. */
async function compare(url: string, rounds: number): Promise<{ without: number; with: number }> {
  let without = 0;
  let withSla = 0;
  for (let round = 0; round < rounds; round++) {
    without = Math.max(without, await pull(url, WITHOUT));
    withSla = Math.max(withSla, await pull(url, WITH));
  }
  return { without, with: withSla };
}

export async function benchSlaExtraction({ quick, report }: BenchOptions): Promise<void> {
  if (!(await postgresAvailable())) {
    report('skipped: no PostgreSQL at 127.0.0.1:5432 (set TEST_POSTGRES_URL)');
    return;
  }
  const tickets = quick ? 20_000 : 200_000;
  const rounds = quick ? 2 : 3;
  const database = await createTestDatabase('hub_bench_sla');
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-bench-sla-'));
  const db = openPostgres(database.url, 'tickets');
  try {
    await loadSyntheticIncidents(db, tickets, report);
    const ticketStore = await openSqlTicketStore(db);
    await db.query(COMPLETE_CLOCKS);
    await db.query('VACUUM ANALYZE tickets.ticket');
    const cmdbDb = await openPglite(undefined, 'cmdb');
    const config = benchHubConfig(dataDir);
    const hub = await startHub(config, { stores: { cmdb: await openSqlCmdbStore(cmdbDb), tickets: ticketStore } });
    try {
      const line = (label: string, rates: { without: number; with: number }) =>
        report(
          `${label}: without the SLA fields ${Math.round(rates.without)} tickets/s, with them ${Math.round(rates.with)} tickets/s; ` +
            `with/without ${(rates.with / rates.without).toFixed(3)} (${((1 - rates.with / rates.without) * 100).toFixed(1)}% slower; target: within 15%)`,
        );
      report(`full extraction of ${tickets} tickets at first: 1000 through the gateway, best of ${rounds} alternating pulls each`);
      line('around the clock (the default calendar)', await compare(hub.gatewayUrl, rounds));
      await db.query('UPDATE tickets.ticket SET sla_calendar = $1', [calendarText(parseSlaCalendar('Mon-Fri 08:00-18:00 Europe/Berlin'))]);
      line('every ticket in business hours (Mon-Fri 08:00-18:00 Europe/Berlin)', await compare(hub.gatewayUrl, rounds));
    } finally {
      await hub.stop();
      await cmdbDb.close();
    }
  } finally {
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
    await database.drop();
  }
}
