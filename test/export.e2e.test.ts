/**
 * What BI tools read from the tickets side, through the real gateway with bearer tokens: the
 * contract part's golden operations (`TicketsByExternalId`, `MetricSeries`) sent as written, and the
 * plain-HTTP exports, whose rows must be exactly the GraphQL pages of the same tickets.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { graphqlClient, type GraphQLClient } from '../platform/graphql-client';
import { CONTRACT_DIR, goldenClient, SMALL_TOPOLOGY, startTestHub, type TestHub } from './support/hub';

const READ_TOKEN = 'bi-read-token';
const WRITE_TOKEN = 'ops-write-token';
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** An operation of the part's golden document, exactly as written there. */
function partOperation(name: string): string {
  const text = readFileSync(join(CONTRACT_DIR, 'parts', 'clients.operations.graphql'), 'utf8');
  const operation = parse(text).definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && d.name?.value === name,
  );
  if (!operation?.loc) throw new Error(`no operation ${name} in clients.operations.graphql`);
  return text.slice(operation.loc.start, operation.loc.end);
}

const PAGE = /* GraphQL */ `
  query ExportPage($filter: TicketFilter, $first: Int, $after: String) {
    tickets(filter: $filter, first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      edges { node {
        number externalId type title status impact urgency priority assignmentGroup assignee reporter
        createdAt updatedAt resolvedAt closedAt slaDueAt slaBreached affectedItems { id }
      } }
    }
  }
`;

const COLUMNS = [
  'number', 'externalId', 'type', 'title', 'status', 'impact', 'urgency', 'priority', 'assignmentGroup', 'assignee',
  'reporter', 'createdAt', 'updatedAt', 'resolvedAt', 'closedAt', 'slaDueAt', 'slaBreached', 'affectedItemIds',
];

describe('BI clients on the tickets side, through the gateway', () => {
  let hub: TestHub;
  let reader: GraphQLClient;
  const ids: Record<string, string> = {};

  /** Every ticket matching `filter`, as GraphQL pages of two, in export record shape. */
  async function graphqlRecords(filter: Record<string, unknown> = {}): Promise<Record<string, unknown>[]> {
    const records: Record<string, unknown>[] = [];
    let after: string | null = null;
    for (;;) {
      const { tickets }: any = await reader.call(PAGE, { filter, first: 2, after });
      for (const { node } of tickets.edges) {
        const { affectedItems, ...fields } = node;
        records.push({ ...fields, affectedItemIds: affectedItems.map((item: { id: string }) => item.id) });
      }
      if (!tickets.pageInfo.hasNextPage) return records;
      after = tickets.pageInfo.endCursor;
    }
  }

  const get = (path: string, headers: Record<string, string> = bearer(READ_TOKEN)) => fetch(new URL(path, hub.gatewayUrl), { headers });

  beforeAll(async () => {
    hub = await startTestHub({ env: { API_TOKENS: `bi:${READ_TOKEN}:read,ops:${WRITE_TOKEN}:admin` } });
    const writer = goldenClient(hub.gatewayUrl, bearer(WRITE_TOKEN));
    reader = graphqlClient(hub.gatewayUrl, bearer(READ_TOKEN));
    await writer.call('ImportTopology', SMALL_TOPOLOGY);
    for (const externalId of ['db-main', 'vm-1', 'app-web']) {
      ids[externalId] = (await writer.call('ItemByExternalId', { externalId })).configurationItemByExternalId.id;
    }
    await writer.call('ImportIncidents', {
      items: [
        { externalId: 'legacy-1', title: 'db outage, "primary" down', impact: 'HIGH', urgency: 'HIGH', status: 'CLOSED', createdAt: '2026-01-05T10:00:00Z', resolvedAt: '2026-01-05T12:00:00Z', closedAt: '2026-01-06T09:00:00Z', assignmentGroup: 'dba', affectedItemIds: [ids['db-main'], ids['vm-1']] },
        { externalId: 'legacy-2', title: 'two\r\nlines of title', impact: 'MEDIUM', urgency: 'LOW', status: 'RESOLVED', createdAt: '2026-01-06T00:00:00Z', resolvedAt: '2026-01-08T00:00:00Z' },
        { externalId: 'legacy-3', title: 'Ünïcødé ✓ 日本', impact: 'LOW', urgency: 'LOW', status: 'NEW', createdAt: '2026-01-07T00:00:00Z', assignmentGroup: 'ui' },
      ],
    });
    await writer.call('OpenIncident', { input: { title: 'checkout slow', impact: 'HIGH', urgency: 'MEDIUM', affectedItemIds: [ids['app-web']], assignmentGroup: 'web' } });
    await writer.call('OpenIncident', { input: { title: 'plain', impact: 'LOW', urgency: 'MEDIUM', assignee: 'ann', reporter: 'bob' } });
    // On hold, then back and resolved: the SLA clock's paused and moved states reach the export's slaBreached and slaDueAt.
    const held = (await writer.call('OpenIncident', { input: { title: 'held', impact: 'HIGH', urgency: 'HIGH' } })).createIncident;
    await writer.call('Transition', { id: held.id, to: 'ON_HOLD' });
    const resumed = (await writer.call('OpenIncident', { input: { title: 'held and resolved', impact: 'LOW', urgency: 'LOW' } })).createIncident;
    await writer.call('Transition', { id: resumed.id, to: 'ON_HOLD' });
    await writer.call('Transition', { id: resumed.id, to: 'IN_PROGRESS' });
    await writer.call('Transition', { id: resumed.id, to: 'RESOLVED' });
  });
  afterAll(() => hub?.destroy());

  it('gives imported incidents their externalId and API-created ones null (golden TicketsByExternalId)', async () => {
    const { tickets } = await reader.call(partOperation('TicketsByExternalId'), { first: 10 });
    const byTitle = new Map<string, string | null>();
    const all = await graphqlRecords();
    for (const edge of tickets.edges) byTitle.set(all.find((r) => r.number === edge.node.number)!.title as string, edge.node.externalId);
    expect(Object.fromEntries(byTitle)).toEqual({
      'db outage, "primary" down': 'legacy-1',
      'two\r\nlines of title': 'legacy-2',
      'Ünïcødé ✓ 日本': 'legacy-3',
      'checkout slow': null,
      plain: null,
      held: null,
      'held and resolved': null,
    });
  });

  it('answers the golden MetricSeries with days from Berlin midnight, and with a row for every day unless fillEmpty is false', async () => {
    const { ticketMetricSeries } = await reader.call(partOperation('MetricSeries'), {
      from: '2026-01-04T23:00:00Z', to: '2026-01-08T23:00:00Z', interval: 'DAY', timeZone: 'Europe/Berlin',
    });
    const empty = { priority: null, type: null, assignmentGroup: null, mttrSeconds: null, slaBreached: 0, slaCompliance: null };
    expect(ticketMetricSeries).toEqual([
      { ...empty, bucketStart: '2026-01-04T23:00:00.000Z', opened: 1, resolved: 1, backlog: 0, mttrSeconds: 7200, slaCompliance: 1 },
      { ...empty, bucketStart: '2026-01-05T23:00:00.000Z', opened: 1, resolved: 0, backlog: 1 },
      { ...empty, bucketStart: '2026-01-06T23:00:00.000Z', opened: 1, resolved: 0, backlog: 2 },
      // legacy-2 took 48 h against P4's 72 h.
      { ...empty, bucketStart: '2026-01-07T23:00:00.000Z', opened: 0, resolved: 1, backlog: 1, mttrSeconds: 172_800, slaCompliance: 1 },
    ]);
    const quiet = { from: '2026-01-01T00:00:00Z', to: '2026-01-03T00:00:00Z', interval: 'DAY' };
    expect((await reader.call(partOperation('MetricSeries'), { ...quiet, fillEmpty: false })).ticketMetricSeries).toEqual([]);
    expect((await reader.call(partOperation('MetricSeries'), quiet)).ticketMetricSeries).toEqual([
      { ...empty, bucketStart: '2026-01-01T00:00:00.000Z', opened: 0, resolved: 0, backlog: 0 },
      { ...empty, bucketStart: '2026-01-02T00:00:00.000Z', opened: 0, resolved: 0, backlog: 0 },
    ]);
  });

  it('refuses an unknown time zone as BAD_USER_INPUT naming it', async () => {
    const response = await graphqlClient(hub.gatewayUrl, bearer(READ_TOKEN)).raw(partOperation('MetricSeries'), {
      from: '2026-01-01T00:00:00Z', to: '2026-01-05T00:00:00Z', interval: 'DAY', timeZone: 'Europe/Atlantis',
    });
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0].message).toContain('timeZone: "Europe/Atlantis"');
  });

  describe('GET /export/tickets.csv', () => {
    it('has the contract columns as a header, CRLF line ends, UTF-8, and RFC 4180 quoting', async () => {
      const response = await get('/export/tickets.csv');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
      const text = await response.text();
      expect(text.startsWith(`${COLUMNS.join(',')}\r\n`)).toBe(true);
      expect(text.endsWith('\r\n')).toBe(true);
      expect(text).toContain(',"db outage, ""primary"" down",');
      expect(text).toContain(',"two\r\nlines of title",');
      expect(text).toContain(',Ünïcødé ✓ 日本,');
      expect(text.replace(/"[^"]*"/g, '').split('\n').slice(0, -1).every((line) => line.endsWith('\r'))).toBe(true);
    });

    it.each([
      ['every ticket', '', {}],
      ['types and statuses', '?types=INCIDENT&statuses=NEW,CLOSED', { types: ['INCIDENT'], statuses: ['NEW', 'CLOSED'] }],
      ['priorities and a group', '?priorities=P1,P2&assignmentGroup=dba', { priorities: ['P1', 'P2'], assignmentGroup: 'dba' }],
      ['updatedSince', '?updatedSince=2026-01-01T00%3A00%3A00%2B01%3A00', { updatedSince: '2026-01-01T00:00:00+01:00' }],
    ])('has the rows of the GraphQL pages of the same tickets, in their order: %s', async (_, query, filter) => {
      const expected = await graphqlRecords(filter);
      expect(expected.length).toBeGreaterThan(0);
      // Every ticket: breached and unbreached, on hold (no due date) and not, so each SLA state is compared.
      if (!query) expect([new Set(expected.map((r) => r.slaBreached)).size, expected.some((r) => r.status === 'ON_HOLD')]).toEqual([2, true]);
      const rows = parseCsv(await (await get(`/export/tickets.csv${query}`)).text(), { columns: true }) as Record<string, string>[];
      expect(rows).toEqual(
        expected.map((record) =>
          Object.fromEntries(
            COLUMNS.map((column) => {
              const value = record[column];
              return [column, value == null ? '' : Array.isArray(value) ? value.join(' ') : String(value)];
            }),
          ),
        ),
      );
    });

    it('is empty but for its header when nothing matches', async () => {
      expect(await (await get('/export/tickets.csv?types=CHANGE')).text()).toBe(`${COLUMNS.join(',')}\r\n`);
    });
  });

  describe('GET /export/tickets.ndjson', () => {
    it.each([
      ['every ticket', '', {}],
      ['types and priorities', '?types=INCIDENT&priorities=P2,P4', { types: ['INCIDENT'], priorities: ['P2', 'P4'] }],
    ])('has one JSON object per line, the same keys in order, equal to the GraphQL pages: %s', async (_, query, filter) => {
      const response = await get(`/export/tickets.ndjson${query}`);
      expect(response.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
      const lines = (await response.text()).split('\n');
      expect(lines.pop()).toBe('');
      const records = lines.map((line) => JSON.parse(line));
      expect(records.every((record) => Object.keys(record).join() === COLUMNS.join())).toBe(true);
      expect(records).toEqual((await graphqlRecords(filter)).map((record) => Object.fromEntries(COLUMNS.map((c) => [c, record[c]]))));
    });
  });

  describe('GET /export/metrics.csv', () => {
    it('has the rows of ticketMetricSeries, affectedItem as its id', async () => {
      const { ticketMetricSeries } = await reader.call(
        /* GraphQL */ `query ($from: DateTime!, $to: DateTime!) {
          ticketMetricSeries(from: $from, to: $to, interval: WEEK, groupBy: [AFFECTED_ITEM, PRIORITY], timeZone: "Europe/Berlin") {
            bucketStart type priority assignmentGroup affectedItem { id } opened resolved backlog
            mttrSeconds mttrP50Seconds mttrP90Seconds slaBreached slaCompliance
          }
        }`,
        { from: '2025-12-28T23:00:00Z', to: '2026-01-18T23:00:00Z' },
      );
      expect(ticketMetricSeries.length).toBeGreaterThan(3);
      const response = await get(
        '/export/metrics.csv?from=2025-12-28T23:00:00Z&to=2026-01-18T23:00:00Z&interval=WEEK&groupBy=AFFECTED_ITEM,PRIORITY&timeZone=Europe/Berlin',
      );
      expect(response.status).toBe(200);
      const text = await response.text();
      const [header] = text.split('\r\n');
      expect(header).toBe('bucketStart,type,priority,assignmentGroup,affectedItemId,opened,resolved,backlog,mttrSeconds,mttrP50Seconds,mttrP90Seconds,slaBreached,slaCompliance');
      expect(parseCsv(text, { columns: true })).toEqual(
        ticketMetricSeries.map(({ affectedItem, ...row }: any) => {
          const fields: Record<string, unknown> = { ...row, affectedItemId: affectedItem?.id ?? null };
          return Object.fromEntries(header.split(',').map((column) => [column, fields[column] == null ? '' : String(fields[column])]));
        }),
      );
    });
  });

  describe('authentication and parameters', () => {
    it.each(['/export/tickets.csv', '/export/tickets.ndjson', '/export/metrics.csv?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z&interval=DAY'])(
      'requires a valid bearer token, as /graphql does: %s',
      async (path) => {
        const missing = await get(path, {});
        expect(missing.status).toBe(401);
        expect(await missing.text()).toMatch(/^an Authorization: Bearer <token> header is required\n$/);
        expect((await get(path, bearer('not-a-token'))).status).toBe(401);
        expect((await get(path, bearer(WRITE_TOKEN))).status).toBe(200);
      },
    );

    it.each([
      ['/export/tickets.csv?types=INCIDENT,BUG', 'types: BUG is not one of INCIDENT, PROBLEM, CHANGE, REQUEST'],
      ['/export/tickets.ndjson?statuses=open', 'statuses: open is not one of'],
      ['/export/tickets.csv?updatedSince=yesterday', 'updatedSince: DateTime must be an ISO-8601 timestamp with offset'],
      ['/export/tickets.csv?updatedsince=2026-01-01T00:00:00Z', 'updatedsince: not a parameter of this export'],
      ['/export/tickets.csv?types=INCIDENT&types=PROBLEM', 'types: given more than once'],
      ['/export/metrics.csv?to=2026-01-02T00:00:00Z&interval=DAY', 'from: required'],
      ['/export/metrics.csv?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z&interval=DAILY', 'interval: DAILY is not one of HOUR, DAY, WEEK, MONTH'],
      ['/export/metrics.csv?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z&interval=DAY&timeZone=Mars/Base', 'timeZone: "Mars/Base" is not an IANA time zone'],
      ['/export/metrics.csv?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z&interval=DAY', 'from: 2026-01-02T00:00:00.000Z must be before to'],
      ['/export/metrics.csv?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z&interval=DAY&fillEmpty=yes', 'fillEmpty: yes is not true or false'],
    ])('answers %s with 400 and a one-line reason naming the parameter', async (path, reason) => {
      const response = await get(path);
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      const text = await response.text();
      expect(text).toContain(reason);
      expect(text.indexOf('\n')).toBe(text.length - 1);
    });
  });
});
