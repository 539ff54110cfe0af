/**
 * BI figures for `npm run bench`: ticket metrics over a year of synthetic
 * incidents on PostgreSQL (bench/metrics.ts: store and raw SQL), then the same
 * weekly metrics and a full extraction through the gateway, each beside the
 * raw store time measured in the same run.
 */
import { graphqlClient } from '../platform/graphql-client';
import { openPglite, openPostgres } from '../platform/sql';
import { INTERNAL_SECRET_HEADER } from '../platform/subgraph-server';
import { EPHEMERAL_PORTS, readHubConfig, startHub } from '../scripts/hub';
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

const INTERNAL_SECRET = 'bench-metrics';

export async function benchMetricsRun({ quick, report }: BenchOptions): Promise<void> {
  if (!(await postgresAvailable())) {
    report('skipped: no PostgreSQL at 127.0.0.1:5432 (set TEST_POSTGRES_URL)');
    return;
  }
  const tickets = quick ? 50_000 : 1_000_000;
  const database = await createTestDatabase('hub_bench_metrics');
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-bench-metrics-'));
  try {
    await benchMetrics({ databaseUrl: database.url, tickets, report });

    const ticketStore = await openSqlTicketStore(openPostgres(database.url, 'tickets'));
    const cmdbDb = await openPglite(undefined, 'cmdb');
    const config = readHubConfig({ ...EPHEMERAL_PORTS, DATA_DIR: dataDir, HUB_INTERNAL_SECRET: INTERNAL_SECRET, LOG_LEVEL: process.env.LOG_LEVEL });
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
