/**
 * `ImpactWithIncidents` crosses both subgraphs for every reached item. Its cost
 * must not grow with the number of items: one traversal, one batched entity
 * fetch, one batched store query, however many items are reached.
 */
import { openPglite, type SqlDatabase } from '../platform/sql';
import { openSqlCmdbStore } from '../subgraphs/cmdb/store/sql';
import { openSqlTicketStore } from '../subgraphs/tickets/store/sql';
import { startTestHub, type TestHub } from './support/hub';

interface Counts {
  cmdbRequests: number;
  ticketsRequests: number;
  cmdbStatements: number;
  ticketsStatements: number;
}

describe('impact with incidents across subgraphs', () => {
  let hub: TestHub;
  let cmdbDb: SqlDatabase;
  let ticketsDb: SqlDatabase;
  const counts: Counts = { cmdbRequests: 0, ticketsRequests: 0, cmdbStatements: 0, ticketsStatements: 0 };
  const rootIds: Record<string, string> = {};

  /** A root with `fanOut` direct dependents, each with nine dependents of its own: 10 x fanOut reached items. */
  function fan(prefix: string, fanOut: number) {
    const items = [{ externalId: `${prefix}-root`, name: `${prefix} root`, ciClass: 'NETWORK_DEVICE' }];
    const relationships = [];
    for (let i = 0; i < fanOut; i++) {
      const host = `${prefix}-host-${i}`;
      items.push({ externalId: host, name: host, ciClass: 'SERVER' });
      relationships.push({ sourceExternalId: host, targetExternalId: `${prefix}-root`, type: 'CONNECTS_TO' });
      for (let j = 0; j < 9; j++) {
        const vm = `${prefix}-vm-${i}-${j}`;
        items.push({ externalId: vm, name: vm, ciClass: 'VIRTUAL_MACHINE' });
        relationships.push({ sourceExternalId: vm, targetExternalId: host, type: 'HOSTED_ON' });
      }
    }
    return { items, relationships };
  }

  beforeAll(async () => {
    cmdbDb = await openPglite(undefined, 'cmdb');
    ticketsDb = await openPglite(undefined, 'tickets');
    hub = await startTestHub({ stores: { cmdb: await openSqlCmdbStore(cmdbDb), tickets: await openSqlTicketStore(ticketsDb) } });
    for (const [prefix, fanOut] of [['small', 10], ['large', 100]] as const) {
      await hub.golden('ImportTopology', fan(prefix, fanOut));
      rootIds[prefix] = (await hub.golden('ItemByExternalId', { externalId: `${prefix}-root` })).configurationItemByExternalId.id;
      // An open incident on a few reached items of each fan.
      for (const vm of [`${prefix}-vm-0-0`, `${prefix}-vm-1-3`, `${prefix}-host-2`]) {
        const id = (await hub.golden('ItemByExternalId', { externalId: vm })).configurationItemByExternalId.id;
        await hub.golden('OpenIncident', { input: { title: `${vm} is down`, impact: 'HIGH', urgency: 'MEDIUM', affectedItemIds: [id] } });
      }
    }
    hub.cmdb.httpServer.on('request', () => counts.cmdbRequests++);
    hub.tickets.httpServer.on('request', () => counts.ticketsRequests++);
    // The traversal cache reads the CMDB's change counter before each traversal; that read is
    // one small statement whatever the answer's size, counted apart from the traversal's own.
    cmdbDb.events.on('query', (text: string) => {
      if (!text.includes('change_counter')) counts.cmdbStatements++;
    });
    // The event feed polls the outbox in the background; that is not the request's work.
    ticketsDb.events.on('query', (text: string) => {
      if (!text.includes('ticket_event')) counts.ticketsStatements++;
    });
  });

  afterAll(async () => {
    await hub?.destroy();
    await cmdbDb?.close();
    await ticketsDb?.close();
  });

  async function measure(prefix: string): Promise<{ counts: Counts; totalCount: number; incidents: number }> {
    Object.assign(counts, { cmdbRequests: 0, ticketsRequests: 0, cmdbStatements: 0, ticketsStatements: 0 });
    const { configurationItem } = await hub.golden('ImpactWithIncidents', { id: rootIds[prefix], depth: 3 });
    const incidents = configurationItem.impact.items.reduce((n: number, i: any) => n + i.item.openIncidents.length, 0);
    return { counts: { ...counts }, totalCount: configurationItem.impact.totalCount, incidents };
  }

  it('makes the same small number of subgraph and store calls for 100 and for 1,000 reached items', async () => {
    const small = await measure('small');
    const large = await measure('large');
    expect(small.totalCount).toBe(100);
    expect(large.totalCount).toBe(1000);
    expect(small.incidents).toBe(3);
    expect(large.incidents).toBe(3);
    expect(large.counts).toEqual(small.counts);
    // One traversal in the CMDB, one batched _entities fetch in tickets.
    expect(large.counts.cmdbRequests).toBe(1);
    expect(large.counts.ticketsRequests).toBe(1);
    expect(large.counts.ticketsStatements).toBe(1);
    expect(large.counts.cmdbStatements).toBeLessThanOrEqual(2);
  });
});
