/**
 * BI figures for `npm run bench`: ticket metrics over a year of synthetic
 * incidents on PostgreSQL (bench/metrics.ts: store and raw SQL), then the same
 * weekly metrics and a full extraction through the gateway, each beside the
 * raw store time measured in the same run; then the CSV export of every ticket
 * beside GraphQL paging of the same tickets and columns through the gateway.
 *
 * `BENCH_METRICS_TICKETS` overrides the number of synthetic tickets (default
 * 1,000,000, or 50,000 with --quick), for a run between the two sizes.
 */
import { graphqlClient } from '../platform/graphql-client';
import { openPglite, openPostgres } from '../platform/sql';
import { INTERNAL_SECRET_HEADER } from '../platform/subgraph-server';
import { startHub } from '../scripts/hub';
import { benchHubConfig } from './processes';
import { openSqlCmdbStore } from '../subgraphs/cmdb/store/sql';
import { openSqlTicketStore } from '../subgraphs/tickets/store/sql';
import { goldenClient } from '../test/support/hub';
import { createTestDatabase, postgresAvailable } from '../test/support/postgres';
import { benchMetrics } from './metrics';
import { median } from './stats';
import type { BenchOptions } from './run';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The golden ExtractTickets' ticket fields as a warehouse pull asks for them: items by id (the
 * warehouse joins its CMDB extract on it; externalId would bring the CMDB into every page) and no
 * totalCount (which counts every matching ticket on every page).
 */
const EXTRACT = /* GraphQL */ `
  query Extract($first: Int, $after: String) {
    tickets(first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id number type status priority createdAt updatedAt resolvedAt slaBreached affectedItems { id } } }
    }
  }
`;

/** The export's columns as GraphQL pages: what a BI tool without the export would pull instead. */
const EXPORT_PAGE = /* GraphQL */ `
  query ExportPage($first: Int, $after: String) {
    tickets(first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      edges { node {
        number externalId type title status impact urgency priority assignmentGroup assignee reporter
        createdAt updatedAt resolvedAt closedAt slaDueAt slaBreached affectedItems { id }
      } }
    }
  }
`;

const INTERNAL_SECRET = 'bench-metrics';

/** Ticket count of the run: BENCH_METRICS_TICKETS when set, else the size of the mode. */
function ticketCount(quick: boolean): number {
  const override = process.env.BENCH_METRICS_TICKETS;
  if (!override) return quick ? 50_000 : 1_000_000;
  const count = Number(override);
  if (!Number.isInteger(count) || count < 1_000) throw new Error(`BENCH_METRICS_TICKETS must be an integer of at least 1000, got ${JSON.stringify(override)}`);
  return count;
}

/** Streams `url` to the end, counting its lines, and samples the process's resident memory meanwhile. */
async function streamLines(url: URL): Promise<{ lines: number; seconds: number; rssGrowthMb: number }> {
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  }, 100);
  try {
    const started = performance.now();
    const response = await fetch(url);
    if (response.status !== 200 || !response.body) throw new Error(`${url.pathname} answered ${response.status}: ${await response.text()}`);
    let lines = 0;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines += 1;
    }
    return { lines, seconds: (performance.now() - started) / 1000, rssGrowthMb: (rssPeak - rssBefore) / 2 ** 20 };
  } finally {
    clearInterval(sampler);
  }
}

export async function benchMetricsRun({ quick, report }: BenchOptions): Promise<void> {
  if (!(await postgresAvailable())) {
    report('skipped: no PostgreSQL at 127.0.0.1:5432 (set TEST_POSTGRES_URL)');
    return;
  }
  const tickets = ticketCount(quick);
  const database = await createTestDatabase('hub_bench_metrics');
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-bench-metrics-'));
  try {
    await benchMetrics({ databaseUrl: database.url, tickets, report });

    const ticketStore = await openSqlTicketStore(openPostgres(database.url, 'tickets'));
    const cmdbDb = await openPglite(undefined, 'cmdb');
    const config = benchHubConfig(dataDir, { HUB_INTERNAL_SECRET: INTERNAL_SECRET });
    const hub = await startHub(config, { stores: { cmdb: await openSqlCmdbStore(cmdbDb), tickets: ticketStore } });
    try {
      const variables = { from: '2024-01-01T00:00:00Z', to: '2025-01-01T00:00:00Z', interval: 'WEEK', groupBy: ['PRIORITY'] };
      const query = { from: new Date(variables.from), to: new Date(variables.to), interval: 'WEEK' as const, groupBy: ['PRIORITY' as const], filter: {} };
      const golden = goldenClient(hub.gatewayUrl);
      const gateway: number[] = [];
      const store: number[] = [];
      for (let run = 0; run < 5; run++) {
        let started = performance.now();
        await golden.call('Metrics', variables);
        gateway.push(performance.now() - started);
        started = performance.now();
        await ticketStore.metrics(query, new Date());
        store.push(performance.now() - started);
      }
      report(
        `weekly by priority through the gateway (golden Metrics): p50 ${median(gateway).toFixed(1)} ms; ` +
          `store p50 ${median(store).toFixed(1)} ms; gateway/store ${(median(gateway) / median(store)).toFixed(2)}`,
      );

      // Full extraction at first: 1000, as a warehouse pull does it: through the gateway, straight at the
      // tickets subgraph (its share), and the store's own pages (the floor).
      const pages = quick ? 20 : Math.ceil(tickets / 1000);
      const extract = async (url: string, headers: Record<string, string> = {}) => {
        const pager = graphqlClient(url, headers);
        let after: string | null = null;
        let pulled = 0;
        const started = performance.now();
        for (let page = 0; page < pages; page++) {
          const data: any = await pager.call(EXTRACT, { first: 1000, after });
          pulled += data.tickets.edges.length;
          if (!data.tickets.pageInfo.hasNextPage) break;
          after = data.tickets.pageInfo.endCursor;
        }
        return { pulled, rate: pulled / ((performance.now() - started) / 1000) };
      };
      const gatewayPull = await extract(hub.gatewayUrl);
      const subgraphPull = await extract(hub.ticketsUrl, { [INTERNAL_SECRET_HEADER]: INTERNAL_SECRET });
      let cursor = null as { updatedAt: Date; id: string } | null;
      let raw = 0;
      const started = performance.now();
      for (let page = 0; page < pages; page++) {
        const result = await ticketStore.listTickets({}, 1000, cursor, { withTotalCount: false });
        raw += result.tickets.length;
        const last = result.tickets.at(-1);
        if (!result.hasNextPage || !last) break;
        cursor = { updatedAt: last.updatedAt, id: last.id };
      }
      const rawRate = raw / ((performance.now() - started) / 1000);
      report(
        `extraction at first: 1000: ${gatewayPull.pulled} tickets through the gateway at ${Math.round(gatewayPull.rate)} tickets/s; ` +
          `tickets subgraph alone ${Math.round(subgraphPull.rate)} tickets/s; store pages ${Math.round(rawRate)} tickets/s; ` +
          `gateway/store throughput ${(gatewayPull.rate / rawRate).toFixed(2)}`,
      );

      // Every ticket as CSV through the gateway (the synthetic titles hold no line breaks, so a line is a
      // row), beside GraphQL pages of the same tickets and columns, the way a tool without the export pulls.
      const csv = await streamLines(new URL('/export/tickets.csv', hub.gatewayUrl));
      const csvRows = csv.lines - 1;
      if (csvRows !== tickets) throw new Error(`the CSV export gave ${csvRows} rows for ${tickets} tickets`);
      const pager = graphqlClient(hub.gatewayUrl);
      let paged = 0;
      let after: string | null = null;
      const pagingStarted = performance.now();
      for (;;) {
        const data: any = await pager.call(EXPORT_PAGE, { first: 1000, after });
        paged += data.tickets.edges.length;
        if (!data.tickets.pageInfo.hasNextPage) break;
        after = data.tickets.pageInfo.endCursor;
      }
      const pagingRate = paged / ((performance.now() - pagingStarted) / 1000);
      const csvRate = csvRows / csv.seconds;
      report(
        `CSV export of all ${csvRows} tickets through the gateway: ${Math.round(csvRate)} rows/s (${csv.seconds.toFixed(1)} s, ` +
          `peak RSS growth ${csv.rssGrowthMb.toFixed(0)} MB for the whole hub); GraphQL paging of the same ${paged} tickets and columns ` +
          `at first: 1000: ${Math.round(pagingRate)} tickets/s; export/paging ${(csvRate / pagingRate).toFixed(2)}, export/store pages ${(csvRate / rawRate).toFixed(2)}`,
      );
    } finally {
      await hub.stop();
      await ticketStore.close();
      await cmdbDb.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    await database.drop();
  }
}
