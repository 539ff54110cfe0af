/**
 * The golden operations of the contract, end to end: HTTP through the real
 * gateway to both subgraphs and their real stores. Runs on the embedded stores,
 * and again on the real servers: PostgreSQL, and a private Neo4j for the CMDB
 * when Java is present (test/support/hub.ts backendOptions).
 */
import { postGraphQL } from '../platform/graphql-client';
import { backendOptions, errorCode, SMALL_TOPOLOGY, startTestHub, type Backend, type TestHub } from './support/hub';
import { postgresSuitesRun } from './support/postgres';

const backends: Backend[] = postgresSuitesRun() ? ['embedded', 'servers'] : ['embedded'];

describe.each(backends)('the hub end to end (%s stores)', (backend) => {
  let hub: TestHub;
  let cleanup: () => Promise<void>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const selected = await backendOptions(backend);
    cleanup = selected.cleanup;
    hub = await startTestHub(selected.options);
    Object.assign(ids, await hub.importTopology());
  }, 180_000);

  afterAll(async () => {
    await hub?.destroy();
    await cleanup?.();
  });

  const externalIdsOf = (items: { item: { externalId: string } }[]) => items.map((i) => i.item.externalId);

  describe('CMDB', () => {
    it('imports a topology once and reports everything unchanged the second time', async () => {
      const { importConfigurationItems } = await hub.golden('ImportTopology', SMALL_TOPOLOGY);
      expect(importConfigurationItems).toEqual({
        created: 0,
        updated: 0,
        unchanged: SMALL_TOPOLOGY.items.length,
        relationshipsCreated: 0,
        relationshipsUnchanged: SMALL_TOPOLOGY.relationships.length,
      });
    });

    it('rejects an import with every problem named and writes nothing', async () => {
      const response = await hub.goldenRaw('ImportTopology', {
        items: [
          { externalId: 'new-1', name: 'new one', ciClass: 'SERVER' },
          { externalId: 'new-1', name: 'duplicate', ciClass: 'SERVER' },
        ],
        relationships: [
          { sourceExternalId: 'new-1', targetExternalId: 'new-1', type: 'DEPENDS_ON' },
          { sourceExternalId: 'new-1', targetExternalId: 'ghost', type: 'RUNS_ON' },
        ],
      });
      expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      const message = response.errors![0].message;
      expect(message).toContain('new-1');
      expect(message).toContain('itself');
      expect(message).toContain('ghost');
      const after = await hub.golden('ItemByExternalId', { externalId: 'new-1' });
      expect(after.configurationItemByExternalId).toBeNull();
    });

    it('returns an item by external id with its relationships in both directions', async () => {
      const { configurationItemByExternalId: item } = await hub.golden('ItemByExternalId', { externalId: 'vm-2' });
      expect(item).toMatchObject({ externalId: 'vm-2', ciClass: 'VIRTUAL_MACHINE', lifecycle: 'ACTIVE', version: 1 });
      const edges = item.relationships.map((r: any) => `${r.source.externalId}-${r.type}->${r.target.externalId}`).sort();
      expect(edges).toEqual(['app-api-RUNS_ON->vm-2', 'db-main-RUNS_ON->vm-2', 'vm-2-HOSTED_ON->host-1']);
    });

    it('lists items by name then id in code point order, page by page', async () => {
      const seen: string[] = [];
      let after: string | null = null;
      let pages = 0;
      do {
        const { configurationItems: page }: any = await hub.golden('ListItems', { first: 3, after });
        expect(page.totalCount).toBe(SMALL_TOPOLOGY.items.length);
        seen.push(...page.edges.map((e: any) => e.node.name));
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
        pages++;
      } while (after);
      expect(pages).toBe(4);
      expect(seen).toEqual([...SMALL_TOPOLOGY.items.map((i) => i.name)].sort());
    });

    it('filters items by class and name', async () => {
      const { configurationItems } = await hub.golden('ListItems', { filter: { ciClass: ['VIRTUAL_MACHINE', 'SERVER'], nameContains: 'VM' } });
      expect(configurationItems.edges.map((e: any) => e.node.externalId)).toEqual(['vm-1', 'vm-2']);
    });

    it('answers what breaks when a host fails, nearest first, each item once with a shortest path', async () => {
      const { configurationItem } = await hub.golden('Impact', { id: ids['host-1'] });
      const impact = configurationItem.impact;
      expect(impact.totalCount).toBe(7);
      expect(impact.truncated).toBe(false);
      expect(externalIdsOf(impact.items)).toEqual(['vm-1', 'vm-2', 'app-api', 'db-main', 'app-web', 'svc-pay', 'svc-shop']);
      expect(impact.items.map((i: any) => i.distance)).toEqual([1, 1, 2, 2, 2, 3, 3]);
      expect(impact.businessServices.map((s: any) => s.externalId)).toEqual(['svc-pay', 'svc-shop']);
      for (const reached of impact.items) {
        expect(reached.path[0]).toBe(ids['host-1']);
        expect(reached.path.at(-1)).toBe(reached.item.id);
        expect(reached.path).toHaveLength(reached.distance + 1);
      }
    });

    it('truncates at the limit but still lists every reached business service', async () => {
      const { configurationItem } = await hub.golden('Impact', { id: ids['sw-1'], limit: 2 });
      expect(configurationItem.impact).toMatchObject({ totalCount: 8, truncated: true });
      expect(externalIdsOf(configurationItem.impact.items)).toEqual(['host-1', 'vm-1']);
      expect(configurationItem.impact.businessServices.map((s: any) => s.externalId)).toEqual(['svc-pay', 'svc-shop']);
    });

    it('follows only the relationship types asked for', async () => {
      const { configurationItem } = await hub.golden('Impact', { id: ids['vm-2'], types: ['RUNS_ON'] });
      expect(externalIdsOf(configurationItem.impact.items)).toEqual(['app-api', 'db-main']);
    });

    it('walks dependencies forward for root-cause analysis', async () => {
      const { configurationItem } = await hub.golden('Dependencies', { id: ids['svc-shop'], depth: 3 });
      expect(configurationItem.dependencies.totalCount).toBe(6);
      expect(externalIdsOf(configurationItem.dependencies.items)).toEqual(['app-web', 'app-api', 'vm-1', 'host-1', 'db-main', 'vm-2']);
    });

    it('unions the impact of several roots, measuring distance from the nearest', async () => {
      const { impactAnalysis } = await hub.golden('ImpactAnalysis', { ids: [ids['vm-1'], ids['db-main']], depth: 2 });
      expect(impactAnalysis.root.map((r: any) => r.externalId).sort()).toEqual(['db-main', 'vm-1']);
      expect(impactAnalysis.items.map((i: any) => [i.item.externalId, i.distance])).toEqual([
        ['app-api', 1],
        ['app-web', 1],
        ['svc-pay', 2],
        ['svc-shop', 2],
      ]);
      expect(impactAnalysis.totalCount).toBe(4);
    });

    it.each([
      ['depth 0', { depth: 0 }],
      ['depth 11', { depth: 11 }],
      ['limit 0', { limit: 0 }],
      ['limit 10001', { limit: 10001 }],
    ])('refuses an out-of-range traversal (%s) with BAD_USER_INPUT', async (_label, args) => {
      expect(await errorCode(hub.golden('Impact', { id: ids['host-1'], ...args }))).toBe('BAD_USER_INPUT');
    });

    it('returns null for an item that does not exist, whatever the id looks like', async () => {
      for (const id of ['nope', '', '00000000-0000-0000-0000-000000000000', "'; DROP TABLE x; --"]) {
        expect((await hub.golden('Impact', { id })).configurationItem).toBeNull();
      }
    });

    it('updates an item, grows its version, and refuses a stale expectedVersion with CONFLICT', async () => {
      const input = { externalId: 'vm-1', name: 'vm-1', ciClass: 'VIRTUAL_MACHINE', criticality: 'HIGH' };
      const { updateConfigurationItem: updated } = await hub.golden('UpdateItem', { id: ids['vm-1'], input, expectedVersion: 1 });
      expect(updated).toMatchObject({ criticality: 'HIGH', version: 2 });
      const stale = await hub.goldenRaw('UpdateItem', { id: ids['vm-1'], input: { ...input, criticality: 'LOW' }, expectedVersion: 1 });
      expect(stale.errors?.[0].extensions?.code).toBe('CONFLICT');
      const { configurationItemByExternalId: after } = await hub.golden('ItemByExternalId', { externalId: 'vm-1' });
      expect(after).toMatchObject({ criticality: 'HIGH', version: 2 });
    });

    it('refuses mutations on unknown ids with NOT_FOUND', async () => {
      expect(await errorCode(hub.golden('RetireItem', { id: 'no-such-item' }))).toBe('NOT_FOUND');
      expect(await errorCode(hub.golden('Relate', { sourceId: ids['vm-1'], targetId: 'ghost', type: 'RUNS_ON' }))).toBe('NOT_FOUND');
      expect(
        await errorCode(hub.golden('UpdateItem', { id: 'ghost', input: { externalId: 'g', name: 'g', ciClass: 'OTHER' } })),
      ).toBe('NOT_FOUND');
    });

    it('adds and removes relationships, refusing one from an item to itself', async () => {
      const relate = { sourceId: ids['san-1'], targetId: ids['sw-1'], type: 'CONNECTS_TO' };
      const { addRelationship } = await hub.golden('Relate', relate);
      expect(addRelationship).toEqual({ type: 'CONNECTS_TO', source: { id: ids['san-1'] }, target: { id: ids['sw-1'] } });
      // san-1 now relies on sw-1 too, so it joins the switch's impact.
      expect((await hub.golden('Impact', { id: ids['sw-1'] })).configurationItem.impact.totalCount).toBe(9);
      expect((await hub.golden('Unrelate', relate)).removeRelationship).toBe(true);
      expect((await hub.golden('Unrelate', relate)).removeRelationship).toBe(false);
      expect(await errorCode(hub.golden('Relate', { ...relate, targetId: ids['san-1'] }))).toBe('BAD_USER_INPUT');
    });
  });

  describe('tickets', () => {
    let incidentId: string;
    let changeId: string;

    it('opens an incident with ITIL priority, SLA target and the CMDB fields of its items', async () => {
      const { createIncident } = await hub.golden('OpenIncident', {
        input: { title: 'API down', impact: 'HIGH', urgency: 'HIGH', affectedItemIds: [ids['app-api']], assignmentGroup: 'api-team' },
      });
      incidentId = createIncident.id;
      expect(createIncident).toMatchObject({
        type: 'INCIDENT',
        status: 'NEW',
        priority: 'P1',
        slaBreached: false,
        version: 1,
        affectedItems: [{ id: ids['app-api'], externalId: 'app-api', name: 'api', ciClass: 'APPLICATION' }],
      });
      expect(createIncident.number).toMatch(/^INC\d{7}$/);
      expect(Date.parse(createIncident.slaDueAt) - Date.parse(createIncident.createdAt)).toBe(4 * 3_600_000);
    });

    it('numbers tickets sequentially per type', async () => {
      const second = await hub.golden('OpenIncident', { input: { title: 'second', impact: 'LOW', urgency: 'LOW' } });
      const first = await hub.golden('TicketByNumber', { number: second.createIncident.number.replace(/\d+$/, (n: string) => String(Number(n) - 1).padStart(7, '0')) });
      expect(first.ticketByNumber.id).toBe(incidentId);
      expect(second.createIncident.priority).toBe('P5');
    });

    it('refuses unknown or retired affected items and writes nothing', async () => {
      const before = (await hub.golden('ExtractTickets', {})).tickets.totalCount;
      expect(await errorCode(hub.golden('OpenIncident', { input: { title: 'x', impact: 'LOW', urgency: 'LOW', affectedItemIds: ['ghost'] } }))).toBe('BAD_USER_INPUT');
      await hub.golden('ImportTopology', { items: [{ externalId: 'old-box', name: 'old box', ciClass: 'SERVER', lifecycle: 'RETIRED' }] });
      const oldBox = (await hub.golden('ItemByExternalId', { externalId: 'old-box' })).configurationItemByExternalId.id;
      expect(await errorCode(hub.golden('OpenIncident', { input: { title: 'x', impact: 'LOW', urgency: 'LOW', affectedItemIds: [oldBox] } }))).toBe('BAD_USER_INPUT');
      expect((await hub.golden('ExtractTickets', {})).tickets.totalCount).toBe(before);
    });

    it('walks an incident through its state machine, recording resolvedAt and closedAt', async () => {
      const started = await hub.golden('Transition', { id: incidentId, to: 'IN_PROGRESS', expectedVersion: 1 });
      expect(started.transitionTicket).toMatchObject({ status: 'IN_PROGRESS', version: 2, resolvedAt: null });
      const resolved = await hub.golden('Transition', { id: incidentId, to: 'RESOLVED', note: 'restarted' });
      expect(resolved.transitionTicket.resolvedAt).not.toBeNull();
      const reopened = await hub.golden('Transition', { id: incidentId, to: 'IN_PROGRESS' });
      expect(reopened.transitionTicket.resolvedAt).toBeNull();
      await hub.golden('Transition', { id: incidentId, to: 'RESOLVED' });
      const closed = await hub.golden('Transition', { id: incidentId, to: 'CLOSED' });
      expect(closed.transitionTicket).toMatchObject({ status: 'CLOSED', version: 6 });
      expect(closed.transitionTicket.closedAt).not.toBeNull();
    });

    it('refuses illegal transitions with BAD_USER_INPUT and stale versions with CONFLICT', async () => {
      const { createIncident } = await hub.golden('OpenIncident', { input: { title: 'illegal', impact: 'LOW', urgency: 'HIGH' } });
      const illegal = await hub.goldenRaw('Transition', { id: createIncident.id, to: 'CLOSED' });
      expect(illegal.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(illegal.errors?.[0].message).toContain('NEW');
      expect(await errorCode(hub.golden('Transition', { id: createIncident.id, to: 'IN_PROGRESS', expectedVersion: 7 }))).toBe('CONFLICT');
      expect(await errorCode(hub.golden('Transition', { id: 'ghost', to: 'IN_PROGRESS' }))).toBe('NOT_FOUND');
      const { ticketByNumber } = await hub.golden('TicketByNumber', { number: createIncident.number });
      expect(ticketByNumber.status).toBe('NEW');
      expect(ticketByNumber.history).toEqual([{ field: 'status', from: null, to: 'NEW', note: null }]);
    });

    it('assigns and comments, with a history entry per changed field', async () => {
      const { createIncident } = await hub.golden('OpenIncident', { input: { title: 'history', impact: 'MEDIUM', urgency: 'MEDIUM' } });
      const { assignTicket } = await hub.golden('Assign', { id: createIncident.id, group: 'ops', assignee: 'ana' });
      expect(assignTicket).toMatchObject({ assignmentGroup: 'ops', assignee: 'ana', version: 2 });
      const { addComment } = await hub.golden('Comment', { id: createIncident.id, body: 'looking into it' });
      expect(addComment.history.map((h: any) => [h.field, h.from, h.to, h.note])).toEqual([
        ['status', null, 'NEW', null],
        ['assignmentGroup', null, 'ops', null],
        ['assignee', null, 'ana', null],
        ['comment', null, null, 'looking into it'],
      ]);
      expect(await errorCode(hub.golden('Comment', { id: 'ghost', body: 'x' }))).toBe('NOT_FOUND');
    });

    it('opens a change and computes its blast radius with the open incidents of every reached item', async () => {
      const { createChangeRequest } = await hub.golden('OpenChange', {
        input: { title: 'Patch host-1', changeType: 'NORMAL', impact: 'MEDIUM', urgency: 'LOW', affectedItemIds: [ids['host-1']] },
      });
      changeId = createChangeRequest.id;
      expect(createChangeRequest).toMatchObject({ status: 'DRAFT', changeType: 'NORMAL', affectedItems: [{ externalId: 'host-1' }] });
      expect(createChangeRequest.number).toMatch(/^CHG\d{7}$/);
      await hub.golden('OpenIncident', { input: { title: 'db slow', impact: 'MEDIUM', urgency: 'HIGH', affectedItemIds: [ids['db-main']] } });
      const { ticket } = await hub.golden('ChangeImpact', { id: changeId, depth: 5 });
      expect(ticket.blastRadius.totalCount).toBe(7);
      expect(ticket.blastRadius.businessServices.map((s: any) => s.externalId)).toEqual(['svc-pay', 'svc-shop']);
      const db = ticket.blastRadius.items.find((i: any) => i.item.externalId === 'db-main');
      expect(db.item.openIncidents).toEqual([{ number: expect.stringMatching(/^INC/), priority: 'P2' }]);
    });

    it('lists open incidents and open changes of an item', async () => {
      const { configurationItem } = await hub.golden('ItemTickets', { id: ids['host-1'] });
      expect(configurationItem.changes).toEqual([{ number: expect.stringMatching(/^CHG/), status: 'DRAFT', changeType: 'NORMAL' }]);
      const db = (await hub.golden('ItemTickets', { id: ids['db-main'] })).configurationItem;
      expect(db.openIncidents).toHaveLength(1);
    });

    it('moves a change through its flow and lets only a standard change skip to SCHEDULED', async () => {
      expect(await errorCode(hub.golden('Transition', { id: changeId, to: 'SCHEDULED' }))).toBe('BAD_USER_INPUT');
      for (const to of ['ASSESSMENT', 'AUTHORIZED', 'SCHEDULED', 'IMPLEMENTING', 'REVIEW', 'CLOSED']) {
        expect((await hub.golden('Transition', { id: changeId, to })).transitionTicket.status).toBe(to);
      }
      const standard = await hub.golden('OpenChange', {
        input: { title: 'Routine', changeType: 'STANDARD', impact: 'LOW', urgency: 'LOW', affectedItemIds: [ids['vm-1']] },
      });
      expect((await hub.golden('Transition', { id: standard.createChangeRequest.id, to: 'SCHEDULED' })).transitionTicket.status).toBe('SCHEDULED');
      expect((await hub.golden('ItemTickets', { id: ids['host-1'] })).configurationItem.changes).toEqual([]);
    });

    it('extracts tickets by updatedAt then id, page by page, and only what changed since a time', async () => {
      const all: any[] = [];
      let after: string | null = null;
      do {
        const { tickets }: any = await hub.golden('ExtractTickets', { first: 2, after });
        all.push(...tickets.edges.map((e: any) => e.node));
        after = tickets.pageInfo.hasNextPage ? tickets.pageInfo.endCursor : null;
      } while (after);
      const { tickets: total } = await hub.golden('ExtractTickets', { first: 1000 });
      expect(all.map((t) => t.id)).toEqual(total.edges.map((e: any) => e.node.id));
      const order = all.map((t) => [Date.parse(t.updatedAt), t.id]);
      expect(order).toEqual([...order].sort((a, b) => (a[0] as number) - (b[0] as number) || (a[1] < b[1] ? -1 : 1)));
      const since = new Date(Date.parse(all.at(-1).updatedAt)).toISOString();
      const recent = await hub.golden('ExtractTickets', { filter: { updatedSince: since } });
      expect(recent.tickets.edges.map((e: any) => e.node.id)).toContain(all.at(-1).id);
      expect(recent.tickets.totalCount).toBeLessThan(all.length);
      expect(await errorCode(hub.golden('ExtractTickets', { first: 1001 }))).toBe('BAD_USER_INPUT');
      expect(await errorCode(hub.golden('ExtractTickets', { after: 'not-a-cursor' }))).toBe('BAD_USER_INPUT');
    });
  });

  describe('retirement', () => {
    it('leaves a retired item out of every traversal, and does not walk through it', async () => {
      const { retireConfigurationItem } = await hub.golden('RetireItem', { id: ids['vm-2'] });
      expect(retireConfigurationItem).toEqual({ id: ids['vm-2'], lifecycle: 'RETIRED' });
      const { configurationItem } = await hub.golden('Impact', { id: ids['host-1'] });
      // api and the database were reached only through vm-2.
      expect(externalIdsOf(configurationItem.impact.items)).toEqual(['vm-1', 'app-web', 'svc-shop']);
    });
  });
});

describe('the gateway refuses abusive operations', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ env: { MAX_BODY_BYTES: String(1024 * 1024) } });
  });
  afterAll(() => hub?.destroy());

  const codeOf = async (query: string) => {
    const response = await hub.client.raw(query);
    return response.errors?.[0]?.extensions?.code;
  };

  it('refuses a query nested deeper than the limit', async () => {
    let selection = 'id';
    for (let i = 0; i < 14; i++) selection = `relationships { source { ${selection} } }`;
    expect(await codeOf(`{ configurationItem(id: "x") { ${selection} } }`)).toBe('BAD_USER_INPUT');
  });

  it('refuses an alias flood', async () => {
    const aliases = Array.from({ length: 50 }, (_, i) => `a${i}: configurationItem(id: "${i}") { id }`).join(' ');
    expect(await codeOf(`{ ${aliases} }`)).toBe('BAD_USER_INPUT');
  });

  it('refuses a document with too many tokens', async () => {
    const fields = Array.from({ length: 5000 }, () => '__typename').join(' ');
    expect(await codeOf(`{ ${fields} }`)).toBe('BAD_USER_INPUT');
  });

  it('refuses a request body over the size limit', async () => {
    const response = await postGraphQL(hub.gatewayUrl, { query: '{ __typename }', variables: { pad: 'x'.repeat(2 * 1024 * 1024) } });
    expect(response.status).toBe(413);
    expect(response.body?.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('answers health and readiness', async () => {
    const base = new URL(hub.gatewayUrl);
    expect((await fetch(new URL('/healthz', base))).status).toBe(200);
    const ready = await fetch(new URL('/readyz', base));
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ready: true });
  });

  it('keeps the subgraphs closed to anyone but the gateway', async () => {
    const response = await postGraphQL(hub.cmdbUrl, { query: '{ _entities(representations: [{ __typename: "ConfigurationItem", id: "x" }]) { __typename } }' });
    expect(response.status).toBe(403);
  });
});

describe('the embedded stores across a restart', () => {
  it('keeps every item, relationship, ticket and history entry on the same DATA_DIR', async () => {
    const first = await startTestHub();
    const dataDir = first.dataDir;
    let number: string;
    try {
      await first.golden('ImportTopology', SMALL_TOPOLOGY);
      const vm = (await first.golden('ItemByExternalId', { externalId: 'vm-1' })).configurationItemByExternalId.id;
      const created = await first.golden('OpenIncident', { input: { title: 'persist me', impact: 'LOW', urgency: 'LOW', affectedItemIds: [vm] } });
      number = created.createIncident.number;
      await first.golden('Comment', { id: created.createIncident.id, body: 'kept' });
    } finally {
      await first.stop();
    }
    const second = await startTestHub({}, dataDir);
    try {
      const { configurationItem } = await second.golden('Impact', {
        id: (await second.golden('ItemByExternalId', { externalId: 'host-1' })).configurationItemByExternalId.id,
      });
      expect(configurationItem.impact.totalCount).toBe(7);
      const { ticketByNumber } = await second.golden('TicketByNumber', { number: number! });
      expect(ticketByNumber.affectedItems).toEqual([{ externalId: 'vm-1' }]);
      expect(ticketByNumber.history.map((h: any) => h.field)).toEqual(['status', 'comment']);
      const next = await second.golden('OpenIncident', { input: { title: 'after restart', impact: 'LOW', urgency: 'LOW' } });
      expect(next.createIncident.number > number!).toBe(true);
    } finally {
      await second.destroy();
    }
  });
});
