/**
 * A store that stops: operations that need it fail with SERVICE_UNAVAILABLE
 * while it is down (how fast is bench material), the others still succeed, /readyz names what is down,
 * and when the server returns the hub recovers by itself with nothing lost.
 * The servers really stop: a private PostgreSQL of the machine's binaries and
 * a private Neo4j are stopped and started again.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPglite, openPostgres, type SqlDatabase } from '../platform/sql';
import { javaAvailable, startNeo4j, type Neo4jInstance } from '../scripts/neo4j';
import { openSqlCmdbStore } from '../subgraphs/cmdb/store/sql';
import { openNeo4jCmdbStore } from '../subgraphs/cmdb/store/neo4j';
import { openSqlTicketStore } from '../subgraphs/tickets/store/sql';
import { SMALL_TOPOLOGY, startTestHub, type TestHub } from './support/hub';
import { eventually } from './support/eventually';
import { postgresSuitesRun } from './support/postgres';
import { startPrivatePostgres, type PrivatePostgres } from './support/private-postgres';

const codes = (response: { errors?: { extensions?: Record<string, any> }[] }) => (response.errors ?? []).map((e) => e.extensions?.code);

async function readiness(hub: TestHub): Promise<{ status: number; body: any }> {
  const response = await fetch(new URL('/readyz', hub.gatewayUrl));
  return { status: response.status, body: await response.json() };
}

const withPrivatePostgres = postgresSuitesRun('binaries') ? describe : describe.skip;

withPrivatePostgres('when the tickets PostgreSQL server stops and returns', () => {
  let pg: PrivatePostgres;
  let cmdbDb: SqlDatabase;
  let hub: TestHub;
  let incidentNumber: string;
  let hostId: string;

  beforeAll(async () => {
    pg = await startPrivatePostgres();
    cmdbDb = await openPglite(undefined, 'cmdb');
    hub = await startTestHub({ stores: { cmdb: await openSqlCmdbStore(cmdbDb), tickets: await openSqlTicketStore(openPostgres(pg.url, 'tickets')) } });
    await hub.golden('ImportTopology', SMALL_TOPOLOGY);
    hostId = (await hub.golden('ItemByExternalId', { externalId: 'vm-1' })).configurationItemByExternalId.id;
    incidentNumber = (await hub.golden('OpenIncident', { input: { title: 'before the outage', impact: 'LOW', urgency: 'LOW', affectedItemIds: [hostId] } })).createIncident.number;
  }, 120_000);

  afterAll(async () => {
    await hub?.destroy();
    await hub?.ticketStore.close().catch(() => undefined);
    await cmdbDb?.close();
    pg?.destroy();
  });

  it('fails ticket operations with SERVICE_UNAVAILABLE, keeps CMDB operations working, reports readiness, and recovers', async () => {
    pg.stop();

    const ticketQuery = await hub.goldenRaw('TicketByNumber', { number: incidentNumber });
    expect(codes(ticketQuery)).toContain('SERVICE_UNAVAILABLE');

    const create = await hub.goldenRaw('OpenIncident', { input: { title: 'during the outage', impact: 'LOW', urgency: 'LOW' } });
    expect(codes(create)).toContain('SERVICE_UNAVAILABLE');

    const cmdbQuery = await hub.golden('Impact', { id: (await hub.golden('ItemByExternalId', { externalId: 'host-1' })).configurationItemByExternalId.id });
    expect(cmdbQuery.configurationItem.impact.totalCount).toBe(7);

    const partial = await hub.goldenRaw('ItemTickets', { id: hostId });
    expect(codes(partial)).toContain('SERVICE_UNAVAILABLE');

    const ready = await readiness(hub);
    expect(ready.status).toBe(503);
    expect(JSON.stringify(ready.body)).toMatch(/tickets store \(postgres\)[^"]*down/);

    pg.start();
    const after = await eventually(() => hub.golden('TicketByNumber', { number: incidentNumber }));
    expect(after.ticketByNumber.affectedItems).toEqual([{ externalId: 'vm-1' }]);
    await eventually(() => hub.golden('OpenIncident', { input: { title: 'after the outage', impact: 'LOW', urgency: 'LOW' } }));
    const { tickets } = await hub.golden('ExtractTickets', {});
    expect(tickets.totalCount).toBe(2);
    expect((await readiness(hub)).status).toBe(200);
  }, 120_000);
});

const withNeo4j = javaAvailable() ? describe : describe.skip;

withNeo4j('when the CMDB Neo4j server stops and returns', () => {
  const neo4jDir = mkdtempSync(join(tmpdir(), 'hub-neo4j-outage-'));
  let neo4j: Neo4jInstance;
  let ticketsDb: SqlDatabase;
  let hub: TestHub;
  let port: number;

  beforeAll(async () => {
    neo4j = await startNeo4j({ dataDir: neo4jDir });
    port = neo4j.port;
    ticketsDb = await openPglite(undefined, 'tickets');
    const cmdb = await openNeo4jCmdbStore({ uri: neo4j.uri, user: 'neo4j', password: undefined, database: 'neo4j' });
    hub = await startTestHub({ stores: { cmdb, tickets: await openSqlTicketStore(ticketsDb) } });
    await hub.golden('ImportTopology', SMALL_TOPOLOGY);
    await hub.golden('OpenIncident', { input: { title: 'no items', impact: 'LOW', urgency: 'LOW' } });
  }, 240_000);

  afterAll(async () => {
    await hub?.destroy();
    await hub?.cmdbStore.close().catch(() => undefined);
    await ticketsDb?.close();
    await neo4j?.stop();
  });

  it('fails CMDB operations with SERVICE_UNAVAILABLE, keeps ticket operations working, reports readiness, and recovers', async () => {
    neo4j.kill();
    await neo4j.exited;

    const cmdbQuery = await hub.goldenRaw('ItemByExternalId', { externalId: 'host-1' });
    expect(codes(cmdbQuery)).toContain('SERVICE_UNAVAILABLE');

    const tickets = await hub.golden('ExtractTickets', {});
    expect(tickets.tickets.totalCount).toBe(1);

    const ready = await readiness(hub);
    expect(ready.status).toBe(503);
    expect(JSON.stringify(ready.body)).toMatch(/cmdb store \(neo4j\)[^"]*down/);

    neo4j = await startNeo4j({ dataDir: neo4jDir, port });
    const { configurationItemByExternalId } = await eventually(() => hub.golden('ItemByExternalId', { externalId: 'host-1' }), { timeoutMs: 60_000, intervalMs: 250 });
    const impact = await hub.golden('Impact', { id: configurationItemByExternalId.id });
    expect(impact.configurationItem.impact.totalCount).toBe(7);
    expect((await readiness(hub)).status).toBe(200);
  }, 240_000);
});
