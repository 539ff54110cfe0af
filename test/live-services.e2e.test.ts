/**
 * Contract part "live-services" end to end: a subscriber follows a business service of the demo
 * company through the real gateway over graphql-ws with the part's golden operation, sent as
 * written. It gets the events of tickets on anything the service relies on and nothing else, the
 * closure follows relationships added and removed in the CMDB, and a replay applies the closure
 * as it is at replay time. On the embedded stores, and on the real servers when PostgreSQL runs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDemo } from '../scripts/demo';
import { backendOptions, CONTRACT_DIR, startTestHub, type Backend, type TestHub } from './support/hub';
import { until } from './support/eventually';
import { postgresSuitesRun } from './support/postgres';
import { subscribe, untilSubscribed, type Subscriber } from './support/subscriber';

const PART_OPERATIONS = readFileSync(join(CONTRACT_DIR, 'parts', 'live-services.operations.graphql'), 'utf8');

const backends: Backend[] = postgresSuitesRun() ? ['embedded', 'servers'] : ['embedded'];

describe.each(backends)('following a business service live (%s stores)', (backend) => {
  let hub: TestHub;
  let cleanup: () => Promise<void> = async () => undefined;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const selected = await backendOptions(backend);
    cleanup = selected.cleanup;
    hub = await startTestHub(selected.options);
    await loadDemo((query, variables) => hub.client.call(query, variables), () => undefined);
    for (const externalId of ['svc-hr', 'app-payroll', 'db-hr', 'app-storefront', 'app-rewards']) {
      ids[externalId] = (await hub.golden('ItemByExternalId', { externalId })).configurationItemByExternalId.id;
    }
  }, 240_000);
  afterAll(async () => {
    await hub?.destroy();
    await cleanup();
  });

  /** The part's golden subscription, as written. */
  const serviceHealth = (serviceIds: string[], afterSequence: string | null = null): Subscriber =>
    subscribe(hub.gatewayUrl, { serviceIds, afterSequence }, { query: PART_OPERATIONS, operationName: 'ServiceHealth' });

  const dependenciesOf = async (externalId: string): Promise<string[]> =>
    (await hub.golden('Dependencies', { id: ids[externalId], depth: 10 })).configurationItem.dependencies.items.map((r: any) => r.item.externalId);

  const openIncident = (externalId: string, title: string) =>
    hub
      .golden('OpenIncident', { input: { title, impact: 'MEDIUM', urgency: 'MEDIUM', affectedItemIds: [ids[externalId]] } })
      .then((data) => data.createIncident as { id: string; number: string });

  /** Waits until the tickets subgraph recomputed the closures in use after a CMDB write. */
  async function untilClosuresRefreshedAfter(write: () => Promise<unknown>): Promise<void> {
    const before = hub.tickets.closures.refreshes;
    await write();
    await until(() => hub.tickets.closures.refreshes > before, { timeoutMs: 15_000, what: 'the closures refreshed after a CMDB write' });
  }

  it('streams exactly the events of tickets on what the service relies on, following the CMDB as it changes', async () => {
    // The demo's shape, as the CMDB answers it: payroll and its database are HR's; the storefront and rewards are not.
    const closure = await dependenciesOf('svc-hr');
    expect(closure).toEqual(expect.arrayContaining(['app-payroll', 'db-hr']));
    expect(closure).not.toContain('app-storefront');
    expect(closure).not.toContain('app-rewards');

    const hr = serviceHealth([ids['svc-hr']]);
    const unknown = serviceHealth(['no-such-item']);
    const none = serviceHealth([]);
    // Hears everything, so that once it has, the others have been offered everything too.
    const witness = subscribe(hub.gatewayUrl, {});
    await untilSubscribed(hub, 4);
    expect(hub.tickets.closures.setsInUse).toBe(2);

    const inside = await openIncident('app-payroll', 'payroll export fails again');
    const outside = await openIncident('app-storefront', 'storefront images missing');
    const third = await openIncident('app-rewards', 'rewards not credited');
    const change = (
      await hub.golden('OpenChange', {
        input: { title: 'hr database patch', changeType: 'NORMAL', impact: 'LOW', urgency: 'LOW', affectedItemIds: [ids['db-hr']] },
      })
    ).createChangeRequest as { id: string; number: string };
    await hr.waitFor(2);

    // Payroll starts to rely on rewards: rewards (the third item) is now inside HR's closure.
    await untilClosuresRefreshedAfter(() => hub.golden('Relate', { sourceId: ids['app-payroll'], targetId: ids['app-rewards'], type: 'DEPENDS_ON' }));
    expect(await dependenciesOf('svc-hr')).toContain('app-rewards');
    await hub.golden('Comment', { id: third.id, body: 'now part of HR' });
    await hub.golden('Comment', { id: outside.id, body: 'still not HR' });
    // And no longer: rewards leaves the closure again.
    await untilClosuresRefreshedAfter(() => hub.golden('Unrelate', { sourceId: ids['app-payroll'], targetId: ids['app-rewards'], type: 'DEPENDS_ON' }));
    await hub.golden('Comment', { id: third.id, body: 'no longer HR' });
    await hub.golden('Comment', { id: inside.id, body: 'payroll is back' });

    await witness.waitFor(8);
    await hr.waitFor(4);
    await hr.settle(300);
    expect(hr.events.map((e) => [e.kind, e.ticket.number])).toEqual([
      ['CREATED', inside.number],
      ['CREATED', change.number],
      ['COMMENTED', third.number],
      ['COMMENTED', inside.number],
    ]);
    expect(hr.events[0]).toMatchObject({
      ticket: { type: 'INCIDENT', status: 'NEW', affectedItems: [{ id: ids['app-payroll'], name: 'payroll', ciClass: 'APPLICATION' }] },
    });
    expect(hr.events[1].ticket).toMatchObject({ type: 'CHANGE', affectedItems: [{ id: ids['db-hr'], ciClass: 'DATABASE' }] });
    for (const e of hr.events) expect(e.at).toEqual(expect.any(String));
    expect(unknown.events).toEqual([]);
    expect(none.events).toEqual([]);
    expect([hr.errors, unknown.errors, none.errors]).toEqual([[], [], []]);

    // A replay from before the first of these events applies the closure as it is now: rewards is outside again.
    const from = String(BigInt(witness.events[0].sequence) - 1n);
    await untilClosuresRefreshedAfter(() => hub.golden('Relate', { sourceId: ids['app-payroll'], targetId: ids['app-rewards'], type: 'DEPENDS_ON' }));
    const replay = serviceHealth([ids['svc-hr']], from);
    await replay.waitFor(6);
    await replay.settle(300);
    expect(replay.events.map((e) => [e.kind, e.ticket.number])).toEqual([
      ['CREATED', inside.number],
      ['CREATED', third.number],
      ['CREATED', change.number],
      ['COMMENTED', third.number],
      ['COMMENTED', third.number],
      ['COMMENTED', inside.number],
    ]);

    for (const s of [hr, unknown, none, witness, replay]) await s.close();
    await untilSubscribed(hub, 0);
    // The closures are held only while someone follows them.
    await until(() => hub.tickets.closures.setsInUse === 0, { timeoutMs: 10_000, what: 'the closures released' });
    await hub.golden('Unrelate', { sourceId: ids['app-payroll'], targetId: ids['app-rewards'], type: 'DEPENDS_ON' });
  });
});
