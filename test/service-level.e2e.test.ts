/**
 * Contract part "service-level" end to end: its golden operations, each sent exactly as written,
 * through the real gateway, on the embedded stores and (when PostgreSQL answers) on the servers.
 * Service level clocks are checked against instants the hub itself recorded (history), never
 * against the test's own clock; business hours against a calendar whose answer does not depend on
 * when the test runs (holidays covering the days around it) and against imported, dated incidents.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse } from 'graphql';
import { GraphQLRequestError, type GraphQLResponse } from '../platform/graphql-client';
import { backendOptions, CONTRACT_DIR, errorCode, SMALL_TOPOLOGY, startTestHub, type Backend, type TestHub } from './support/hub';
import { readTicketsConfig } from '../subgraphs/tickets/config';
import { postgresSuitesRun } from './support/postgres';

const PART_SOURCE = readFileSync(join(CONTRACT_DIR, 'parts', 'service-level.operations.graphql'), 'utf8');
const PART_OPERATIONS = new Map(
  parse(PART_SOURCE).definitions.flatMap((definition) =>
    definition.kind === Kind.OPERATION_DEFINITION && definition.name && definition.loc
      ? [[definition.name.value, PART_SOURCE.slice(definition.loc.start, definition.loc.end)] as const]
      : [],
  ),
);

const HOUR = 3_600_000;
const MINUTE = 60_000;
const backends: Backend[] = postgresSuitesRun() ? ['embedded', 'servers'] : ['embedded'];

interface TicketSla {
  number: string;
  status: string;
  priority: string;
  createdAt: string;
  slaDueAt: string | null;
  slaBreached: boolean;
  slaPaused: boolean;
  slaElapsedPercent: number;
  respondedAt: string | null;
  responseDueAt: string;
  responseBreached: boolean;
}

/** Sends `query` to the gateway; the answer's data, or a GraphQLRequestError carrying the first error's code. */
async function send(hub: TestHub, query: string, variables: Record<string, unknown>, operationName?: string) {
  const response = await fetch(hub.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, operationName, variables }),
  });
  const body = (await response.json()) as GraphQLResponse;
  if (body.errors?.length || !body.data) throw new GraphQLRequestError(body, response.status);
  return body.data as Record<string, any>;
}

/** Runs one of the part's operations as written. */
const part = (hub: TestHub, name: string, variables: Record<string, unknown>) => send(hub, PART_OPERATIONS.get(name)!, variables, name);

async function loadTopology(hub: TestHub): Promise<Record<string, string>> {
  await hub.golden('ImportTopology', {
    items: [...SMALL_TOPOLOGY.items, { externalId: 'old-svc', name: 'Old service', ciClass: 'BUSINESS_SERVICE', lifecycle: 'RETIRED' }],
    relationships: SMALL_TOPOLOGY.relationships,
  });
  const ids: Record<string, string> = {};
  for (const { externalId } of [...SMALL_TOPOLOGY.items, { externalId: 'old-svc' }]) {
    ids[externalId] = (await hub.golden('ItemByExternalId', { externalId })).configurationItemByExternalId.id;
  }
  return ids;
}

const sla = async (hub: TestHub, id: string) => (await part(hub, 'TicketSla', { id })).ticket as TicketSla;

/** When the hub recorded each status change of a ticket, oldest first. */
async function statusTimes(hub: TestHub, id: string): Promise<{ to: string; at: number }[]> {
  const data = await send(hub, 'query ($id: ID!) { ticket(id: $id) { history { at field to } } }', { id });
  return (data.ticket.history as { at: string; field: string; to: string }[])
    .filter((entry) => entry.field === 'status')
    .map((entry) => ({ to: entry.to, at: Date.parse(entry.at) }));
}

describe.each(backends)('service levels and the catalog through the gateway (%s)', (backend) => {
  let hub: TestHub;
  let cleanup: () => Promise<void>;
  let ids: Record<string, string>;

  beforeAll(async () => {
    const selected = await backendOptions(backend);
    cleanup = selected.cleanup;
    hub = await startTestHub(selected.options);
    ids = await loadTopology(hub);
  });
  afterAll(async () => {
    await hub?.destroy();
    await cleanup?.();
  });

  const openIncident = async (impact: string, urgency: string) =>
    (await hub.golden('OpenIncident', { input: { title: 'sla', impact, urgency } })).createIncident as { id: string; createdAt: string };

  describe('clocks (around the clock: the default calendar)', () => {
    it('keeps the original rule for a ticket never on hold: due = createdAt + target, response due = createdAt + its target', async () => {
      const { id } = await openIncident('MEDIUM', 'MEDIUM');
      const answer = await sla(hub, id);
      const created = Date.parse(answer.createdAt);
      expect(answer).toMatchObject({ priority: 'P3', status: 'NEW', slaPaused: false, slaBreached: false, respondedAt: null, responseBreached: false });
      expect(Date.parse(answer.slaDueAt!) - created).toBe(24 * HOUR);
      expect(Date.parse(answer.responseDueAt) - created).toBe(240 * MINUTE);
      expect(answer.slaElapsedPercent).toBeGreaterThanOrEqual(0);
      expect(answer.slaElapsedPercent).toBeLessThan(100);
    });

    it('stops the resolution clock while ON_HOLD and moves slaDueAt by the hold', async () => {
      const { id } = await openIncident('HIGH', 'HIGH');
      const before = await sla(hub, id);
      await hub.golden('Transition', { id, to: 'ON_HOLD' });
      const held = await sla(hub, id);
      expect(held).toMatchObject({ status: 'ON_HOLD', slaPaused: true, slaDueAt: null, slaBreached: false });
      // Stopped: the clock reads the same however late it is read.
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect((await sla(hub, id)).slaElapsedPercent).toBe(held.slaElapsedPercent);
      await hub.golden('Transition', { id, to: 'IN_PROGRESS' });
      const resumed = await sla(hub, id);
      const [, hold, resume] = await statusTimes(hub, id);
      expect([hold.to, resume.to]).toEqual(['ON_HOLD', 'IN_PROGRESS']);
      expect(resumed.slaPaused).toBe(false);
      expect(Date.parse(resumed.slaDueAt!)).toBe(Date.parse(before.slaDueAt!) + (resume.at - hold.at));
      // Leaving NEW was the first response.
      expect(Date.parse(resumed.respondedAt!)).toBe(hold.at);
      expect(resumed.responseBreached).toBe(false);
      // Resolved: the clock is read at resolvedAt; counted time is everything but the hold.
      await hub.golden('Transition', { id, to: 'RESOLVED' });
      const resolved = await sla(hub, id);
      const times = await statusTimes(hub, id);
      const resolvedAt = times.at(-1)!.at;
      const counted = resolvedAt - Date.parse(resolved.createdAt) - (resume.at - hold.at);
      expect(resolved.slaElapsedPercent).toBeCloseTo((counted / (4 * HOUR)) * 100, 9);
      expect(resolved.slaDueAt).toBe(resumed.slaDueAt);
    });

    it('counts an assignment as the response', async () => {
      const { id } = await openIncident('LOW', 'LOW');
      await hub.golden('Assign', { id, group: 'desk', assignee: 'ana' });
      const answer = await sla(hub, id);
      expect(answer.status).toBe('NEW');
      expect(answer.respondedAt).not.toBeNull();
      expect(answer.responseBreached).toBe(false);
    });

    it('gives changes a response target and no resolution target', async () => {
      const change = (
        await hub.golden('OpenChange', {
          input: { title: 'patch', changeType: 'NORMAL', impact: 'LOW', urgency: 'HIGH', affectedItemIds: [ids['vm-1']] },
        })
      ).createChangeRequest as { id: string };
      const answer = await sla(hub, change.id);
      expect(answer).toMatchObject({ slaDueAt: null, slaBreached: false, slaElapsedPercent: 0, slaPaused: false });
      expect(Date.parse(answer.responseDueAt) - Date.parse(answer.createdAt)).toBe(240 * MINUTE);
    });
  });

  describe('the service catalog', () => {
    const offering = (name: string, rest: Record<string, unknown> = {}) => ({
      name,
      description: `${name}, as a service`,
      category: 'Access',
      fulfilmentHours: 16,
      ...rest,
    });
    const requestCount = async () =>
      (await send(hub, 'query { tickets(filter: { types: [REQUEST] }) { totalCount } }', {})).tickets.totalCount as number;

    it('creates offerings, lists them by category then name, and updates them with versions', async () => {
      const vpn = (await part(hub, 'CreateOffering', { input: offering('VPN access', { businessServiceId: ids['svc-shop'] }) })).createServiceOffering;
      expect(vpn).toMatchObject({ name: 'VPN access', category: 'Access', fulfilmentHours: 16, active: true, version: 1, businessService: { name: 'Shop' } });
      const laptop = (await part(hub, 'CreateOffering', { input: offering('Laptop', { category: 'Hardware', fulfilmentHours: 40 }) }))
        .createServiceOffering;
      expect(laptop.businessService).toBeNull();
      await part(hub, 'CreateOffering', { input: offering('Badge', { active: false }) });

      const catalog = (await part(hub, 'Catalog', {})).serviceCatalog as { name: string; businessService: unknown }[];
      expect(catalog.map((o) => o.name)).toEqual(['VPN access', 'Laptop']);
      expect(catalog[0].businessService).toEqual({ id: ids['svc-shop'], name: 'Shop', criticality: 'CRITICAL' });
      const everything = (await part(hub, 'Catalog', { includeInactive: true })).serviceCatalog as { name: string }[];
      expect(everything.map((o) => o.name)).toEqual(['Badge', 'VPN access', 'Laptop']);
      const hardware = (await part(hub, 'Catalog', { category: 'Hardware' })).serviceCatalog as { name: string }[];
      expect(hardware.map((o) => o.name)).toEqual(['Laptop']);

      const updated = (await part(hub, 'UpdateOffering', { id: laptop.id, input: offering('Laptop', { category: 'Hardware', fulfilmentHours: 48 }), expectedVersion: 1 }))
        .updateServiceOffering;
      expect(updated).toEqual({ id: laptop.id, name: 'Laptop', active: true, version: 2 });
      expect(await errorCode(part(hub, 'UpdateOffering', { id: laptop.id, input: offering('Laptop'), expectedVersion: 1 }))).toBe('CONFLICT');
      expect(await errorCode(part(hub, 'UpdateOffering', { id: 'no-such-offering', input: offering('Nothing') }))).toBe('NOT_FOUND');
      expect(await errorCode(part(hub, 'UpdateOffering', { id: laptop.id, input: offering('VPN access') }))).toBe('BAD_USER_INPUT');
    });

    it.each([
      ['a duplicate name', () => offering('VPN access'), /exists already/],
      ['an empty name', () => offering(' '), /input.name/],
      ['an empty category', () => offering('Phone', { category: '' }), /input.category/],
      ['0 fulfilment hours', () => offering('Phone', { fulfilmentHours: 0 }), /fulfilmentHours/],
      ['8761 fulfilment hours', () => offering('Phone', { fulfilmentHours: 8761 }), /fulfilmentHours/],
      ['an item that is not a business service', () => offering('Phone', { businessServiceId: ids['vm-1'] }), /VIRTUAL_MACHINE, not a BUSINESS_SERVICE/],
      ['a retired business service', () => offering('Phone', { businessServiceId: ids['old-svc'] }), /retired/],
      ['an unknown item', () => offering('Phone', { businessServiceId: 'no-such-item' }), /names no configuration item/],
    ])('refuses %s with BAD_USER_INPUT and writes nothing', async (_, input, message) => {
      const before = (await part(hub, 'Catalog', { includeInactive: true })).serviceCatalog;
      const error = await part(hub, 'CreateOffering', { input: input() }).catch((e: GraphQLRequestError) => e);
      expect(error).toBeInstanceOf(GraphQLRequestError);
      expect((error as GraphQLRequestError).code).toBe('BAD_USER_INPUT');
      expect((error as GraphQLRequestError).message).toMatch(message);
      expect((await part(hub, 'Catalog', { includeInactive: true })).serviceCatalog).toEqual(before);
    });

    it("opens a REQ with the offering's fulfilment target, its business service and whom it is for", async () => {
      const [vpn] = (await part(hub, 'Catalog', { category: 'Access' })).serviceCatalog as { id: string }[];
      const request = (await part(hub, 'RequestService', { input: { offeringId: vpn.id, requestedFor: 'ana@example.com' } })).requestService;
      expect(request).toMatchObject({
        number: expect.stringMatching(/^REQ\d{7}$/),
        title: 'VPN access',
        status: 'NEW',
        priority: 'P4', // impact LOW, urgency MEDIUM
        requestedFor: 'ana@example.com',
        offering: { name: 'VPN access', fulfilmentHours: 16 },
        affectedItems: [{ name: 'Shop' }],
      });
      const answer = await sla(hub, request.id);
      expect(Date.parse(request.slaDueAt) - Date.parse(answer.createdAt)).toBe(16 * HOUR);
      expect(Date.parse(answer.responseDueAt) - Date.parse(answer.createdAt)).toBe(480 * MINUTE);

      const [laptop] = (await part(hub, 'Catalog', { category: 'Hardware' })).serviceCatalog as { id: string }[];
      const urgent = (await part(hub, 'RequestService', { input: { offeringId: laptop.id, requestedFor: 'bo', title: 'new laptop', urgency: 'HIGH' } }))
        .requestService;
      expect(urgent).toMatchObject({ title: 'new laptop', priority: 'P3', affectedItems: [], offering: { fulfilmentHours: 48 } });
    });

    it('refuses an inactive offering (BAD_USER_INPUT) and an unknown one (NOT_FOUND), writing nothing', async () => {
      const badge = ((await part(hub, 'Catalog', { includeInactive: true })).serviceCatalog as { id: string; name: string }[]).find(
        (o) => o.name === 'Badge',
      )!;
      const before = await requestCount();
      expect(await errorCode(part(hub, 'RequestService', { input: { offeringId: badge.id, requestedFor: 'ana' } }))).toBe('BAD_USER_INPUT');
      expect(await errorCode(part(hub, 'RequestService', { input: { offeringId: 'no-such-offering', requestedFor: 'ana' } }))).toBe('NOT_FOUND');
      expect(await requestCount()).toBe(before);
    });
  });

  describe('knowledge golden operations', () => {
    it('writes, publishes, finds and suggests an article', async () => {
      const written = (await part(hub, 'WriteArticle', { input: { title: 'Restart the api', body: 'When the api hangs, restart it.', itemIds: [ids['app-api']] } }))
        .createKnowledgeArticle;
      expect(written).toMatchObject({ status: 'DRAFT', version: 1, items: [{ name: 'api' }], problems: [] });
      expect((await part(hub, 'EditArticle', { id: written.id, input: { title: 'Restart the api service', body: 'When the api hangs, restart it.', itemIds: [ids['app-api']] }, expectedVersion: 1 })).updateKnowledgeArticle)
        .toMatchObject({ version: 2 });
      expect((await part(hub, 'PublishArticle', { id: written.id })).publishKnowledgeArticle).toMatchObject({ status: 'PUBLISHED', version: 3 });
      const hits = (await part(hub, 'SearchKnowledge', { query: 'hanging api' })).searchKnowledge as { snippet: string; article: { number: string } }[];
      expect(hits.map((hit) => hit.article.number)).toEqual([written.number]);
      const incident = (await hub.golden('OpenIncident', { input: { title: 'web slow', impact: 'LOW', urgency: 'LOW', affectedItemIds: [ids['app-web']] } }))
        .createIncident;
      const help = (await part(hub, 'IncidentHelp', { id: incident.id })).ticket;
      expect(help.suggestedArticles.map((a: { number: string }) => a.number)).toEqual([written.number]);
      expect((await part(hub, 'RetireArticle', { id: written.id })).retireKnowledgeArticle).toMatchObject({ status: 'RETIRED', version: 4 });
    });
  });
});

describe('business hours (embedded stores)', () => {
  let hub: TestHub;
  // Every day from the day before the test runs to a week after it is a holiday, so a ticket opened
  // now first counts at 00:00 UTC the day after, whatever the time of the run.
  const today = new Date(new Date().toISOString().slice(0, 10) + 'T00:00:00Z').getTime();
  const day = (n: number) => new Date(today + n * 24 * HOUR).toISOString().slice(0, 10);
  const holidays = Array.from({ length: 9 }, (_, n) => day(n - 1));

  beforeAll(async () => {
    hub = await startTestHub({
      env: {
        SLA_BUSINESS_HOURS: 'Mon-Fri 08:00-18:00 Europe/Berlin',
        SLA_HOLIDAYS: holidays.join(','),
        SLA_24X7_PRIORITIES: 'P1',
      },
    });
  });
  afterAll(async () => hub?.destroy());

  it('starts counting after the holidays and the weekend for a business-hours priority; P1 runs around the clock', async () => {
    const p3 = (await hub.golden('OpenIncident', { input: { title: 'business hours', impact: 'MEDIUM', urgency: 'MEDIUM' } })).createIncident;
    const answer = await sla(hub, p3.id);
    expect(answer.slaElapsedPercent).toBe(0);
    // The first business day after the holidays, from 08:00 Berlin time: 24 h are 2.4 ten-hour days.
    const due = new Date(answer.slaDueAt!);
    const responseDue = new Date(answer.responseDueAt);
    expect(due.getTime()).toBeGreaterThan(Date.parse(`${day(7)}T00:00:00Z`));
    expect(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit' }).format(due)).toBe('12:00');
    expect(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit' }).format(responseDue)).toBe('12:00');
    expect(answer.responseBreached).toBe(false);

    const p1 = (await hub.golden('OpenIncident', { input: { title: 'around the clock', impact: 'HIGH', urgency: 'HIGH' } })).createIncident;
    const major = await sla(hub, p1.id);
    expect(Date.parse(major.slaDueAt!) - Date.parse(major.createdAt)).toBe(4 * HOUR);
  });

  it('counts imported incidents in business hours across DST, and ticketMetrics counts their breaches', async () => {
    // Friday 2026-03-27 16:00 CET (15:00Z); Monday is in summer time. P3: 24 h = Fri 2 + Mon 10 + Tue 10 + Wed 2 -> Wed 10:00 CEST.
    // Resolved Wednesday 11:00 CEST (09:00Z): 25 h counted, breached. The other, resolved Tuesday 18:00 CEST: 22 h, in time.
    const items = [
      { externalId: 'bh-late', title: 'late', impact: 'MEDIUM', urgency: 'MEDIUM', status: 'RESOLVED', createdAt: '2026-03-27T15:00:00Z', resolvedAt: '2026-04-01T09:00:00Z' },
      { externalId: 'bh-on-time', title: 'on time', impact: 'MEDIUM', urgency: 'MEDIUM', status: 'RESOLVED', createdAt: '2026-03-27T15:00:00Z', resolvedAt: '2026-03-31T16:00:00Z' },
    ];
    expect((await hub.golden('ImportIncidents', { items })).importIncidents).toMatchObject({ created: 2 });
    const numbers = await send(hub, 'query { tickets(filter: { types: [INCIDENT] }) { edges { node { id externalId } } } }', {});
    const byExternal = new Map<string, string>(numbers.tickets.edges.map((e: { node: { id: string; externalId: string } }) => [e.node.externalId, e.node.id]));
    const late = await sla(hub, byExternal.get('bh-late')!);
    expect(late).toMatchObject({ slaDueAt: '2026-04-01T08:00:00.000Z', slaBreached: true, slaPaused: false });
    expect(late.slaElapsedPercent).toBeCloseTo((25 / 24) * 100, 9);
    const onTime = await sla(hub, byExternal.get('bh-on-time')!);
    expect(onTime).toMatchObject({ slaDueAt: '2026-04-01T08:00:00.000Z', slaBreached: false });
    expect(onTime.slaElapsedPercent).toBeCloseTo((22 / 24) * 100, 9);

    const rows = (await hub.golden('Metrics', { from: '2026-03-30T00:00:00Z', to: '2026-04-06T00:00:00Z', interval: 'WEEK' })).ticketMetrics;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ resolved: 2, slaBreached: 1, slaCompliance: 0.5 });
  });
});

describe('configuration', () => {
  it('refuses bad SLA settings at start, naming each', () => {
    expect(() =>
      readTicketsConfig({ SLA_BUSINESS_HOURS: 'weekdays', SLA_HOLIDAYS: 'xmas', SLA_24X7_PRIORITIES: 'P9', SLA_RESPONSE_MINUTES: 'P1=soon' }),
    ).toThrow(/(?=[\s\S]*SLA_BUSINESS_HOURS: "weekdays")(?=[\s\S]*SLA_HOLIDAYS: "xmas")(?=[\s\S]*SLA_24X7_PRIORITIES: "P9")(?=[\s\S]*SLA_RESPONSE_MINUTES: "P1=soon")/);
  });
});
