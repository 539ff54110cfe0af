/**
 * BI through the gateway: historic incidents imported with their timestamps,
 * then weekly metrics whose affected items resolve in the CMDB, checked
 * against answers computed by hand.
 */
import { SMALL_TOPOLOGY, startTestHub, type TestHub } from './support/hub';
import { subscribe, untilSubscribed } from './support/subscriber';

describe('metrics and imports through the gateway', () => {
  let hub: TestHub;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    hub = await startTestHub();
    await hub.golden('ImportTopology', SMALL_TOPOLOGY);
    for (const externalId of ['db-main', 'vm-1']) {
      ids[externalId] = (await hub.golden('ItemByExternalId', { externalId })).configurationItemByExternalId.id;
    }
  }, 180_000);
  afterAll(() => hub?.destroy());

  const history = () => [
    // P1, resolved after 2 h (target 4 h).
    { externalId: 'old-1', title: 'db outage', impact: 'HIGH', urgency: 'HIGH', status: 'CLOSED', createdAt: '2026-01-05T10:00:00Z', resolvedAt: '2026-01-05T12:00:00Z', closedAt: '2026-01-06T09:00:00Z', affectedItemIds: [ids['db-main']] },
    // P3, resolved exactly at its 24 h target: not breached.
    { externalId: 'old-2', title: 'slow vm', impact: 'MEDIUM', urgency: 'MEDIUM', status: 'RESOLVED', createdAt: '2026-01-06T00:00:00Z', resolvedAt: '2026-01-07T00:00:00Z', affectedItemIds: [ids['db-main'], ids['vm-1']] },
    // P5, still open: backlog in every later week.
    { externalId: 'old-3', title: 'cosmetic', impact: 'LOW', urgency: 'LOW', status: 'NEW', createdAt: '2026-01-07T00:00:00Z', assignmentGroup: 'ui' },
  ];

  it('imports history once, keeps its timestamps, emits no events, and is idempotent', async () => {
    const subscriber = subscribe(hub.gatewayUrl, {});
    await untilSubscribed(hub, 1);
    expect((await hub.golden('ImportIncidents', { items: history() })).importIncidents).toEqual({ created: 3, updated: 0, unchanged: 0 });
    expect((await hub.golden('ImportIncidents', { items: history() })).importIncidents).toEqual({ created: 0, updated: 0, unchanged: 3 });
    const { tickets } = await hub.golden('ExtractTickets', { filter: { types: ['INCIDENT'] } });
    const first = tickets.edges.map((e: any) => e.node).find((t: any) => t.createdAt === '2026-01-05T10:00:00.000Z');
    expect(first).toMatchObject({ status: 'CLOSED', priority: 'P1', resolvedAt: '2026-01-05T12:00:00.000Z', slaBreached: false });
    expect(await subscriber.settle(500)).toEqual([]);
    await subscriber.close();
  });

  it('rejects a batch with a resolution before creation, naming it, and writes nothing', async () => {
    const response = await hub.goldenRaw('ImportIncidents', {
      items: [
        { externalId: 'new-ok', title: 'fine', impact: 'LOW', urgency: 'LOW', status: 'NEW', createdAt: '2026-02-01T00:00:00Z' },
        { externalId: 'new-bad', title: 'time travel', impact: 'LOW', urgency: 'LOW', status: 'RESOLVED', createdAt: '2026-02-01T00:00:00Z', resolvedAt: '2026-01-01T00:00:00Z' },
      ],
    });
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0].message).toContain('items[1].resolvedAt');
    expect((await hub.golden('ExtractTickets', {})).tickets.totalCount).toBe(3);
  });

  it('reports weekly opened, resolved, backlog, MTTR and SLA compliance', async () => {
    const { ticketMetrics } = await hub.golden('Metrics', { from: '2026-01-05T00:00:00Z', to: '2026-01-19T00:00:00Z', interval: 'WEEK' });
    expect(ticketMetrics).toEqual([
      {
        bucketStart: '2026-01-05T00:00:00.000Z', type: null, priority: null, assignmentGroup: null, affectedItem: null,
        opened: 3, resolved: 2, backlog: 1,
        mttrSeconds: 46_800, mttrP50Seconds: 46_800, mttrP90Seconds: 78_480,
        slaBreached: 0, slaCompliance: 1,
      },
      {
        bucketStart: '2026-01-12T00:00:00.000Z', type: null, priority: null, assignmentGroup: null, affectedItem: null,
        opened: 0, resolved: 0, backlog: 1,
        mttrSeconds: null, mttrP50Seconds: null, mttrP90Seconds: null,
        slaBreached: 0, slaCompliance: null,
      },
    ]);
  });

  it('groups by affected item, counting a ticket once per item, with the items resolved by the CMDB', async () => {
    const { ticketMetrics } = await hub.golden('Metrics', {
      from: '2026-01-05T00:00:00Z', to: '2026-01-12T00:00:00Z', interval: 'WEEK', groupBy: ['AFFECTED_ITEM'],
    });
    const rows = ticketMetrics.map((r: any) => [r.affectedItem?.externalId ?? null, r.affectedItem?.name ?? null, r.opened, r.resolved, r.backlog]);
    expect(rows).toHaveLength(3);
    expect(rows).toEqual(expect.arrayContaining([
      ['db-main', 'main db', 2, 2, 0],
      ['vm-1', 'vm-1', 1, 1, 0],
      [null, null, 1, 0, 1],
    ]));
    expect(rows.at(-1)[0]).toBeNull();
  });

  it('refuses a range that ends before it starts', async () => {
    const response = await hub.goldenRaw('Metrics', { from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z', interval: 'DAY' });
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
