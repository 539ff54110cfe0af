/**
 * The incident import CLI (scripts/import-incidents.ts) run as users run it, a
 * child process talking to the real gateway: a 2,500-row CSV with quoted
 * commas, doubled quotes and line breaks inside fields, an idempotent second
 * run, and a file with bad rows whose batches write nothing and whose errors
 * name the CSV lines. The CSV reading and row checks alone are unit tested in
 * test/import-incidents.test.ts.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IncidentRow } from '../scripts/import-incidents';
import { SMALL_TOPOLOGY, startTestHub, type TestHub } from './support/hub';

const ROOT = join(__dirname, '..');
const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const CLI = join(ROOT, 'scripts', 'import-incidents.ts');

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: '' };
    delete env.HUB_URL;
    delete env.HUB_TOKEN;
    const child = spawn(process.execPath, [TSX, CLI, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const HEADER = 'externalId,title,impact,urgency,status,createdAt,resolvedAt,closedAt,assignmentGroup,affectedItemIds';

function csvField(value: string | null | undefined): string {
  const text = value ?? '';
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

type Row = IncidentRow & { affectedItemIds: string[] };

function csv(rows: Row[], eol = '\r\n'): string {
  const lines = rows.map((r) =>
    [r.externalId, r.title, r.impact, r.urgency, r.status, r.createdAt, r.resolvedAt, r.closedAt, r.assignmentGroup, r.affectedItemIds.join(';')]
      .map(csvField)
      .join(','),
  );
  return `${[HEADER, ...lines].join(eol)}${eol}`;
}

const LEVELS = ['HIGH', 'MEDIUM', 'LOW'];
const STATUSES = ['NEW', 'IN_PROGRESS', 'ON_HOLD', 'RESOLVED', 'CLOSED', 'CANCELLED'];
const HOUR = 3_600_000;

/** Every row has a distinct createdAt, which identifies it in ExtractTickets (which has no externalId). */
function generatedRows(count: number, prefix: string, group: (i: number) => string | null, items: string[][], base = Date.UTC(2023, 0, 1)): Row[] {
  return Array.from({ length: count }, (_, i) => {
    const created = base + i * 60_000;
    const status = STATUSES[i % STATUSES.length];
    const resolved = status === 'RESOLVED' || status === 'CLOSED' ? new Date(created + ((i % 50) + 1) * HOUR).toISOString() : null;
    const closed = status === 'CLOSED' ? new Date(created + 100 * HOUR).toISOString() : status === 'CANCELLED' ? new Date(created + HOUR).toISOString() : null;
    let title = `incident ${i}`;
    if (i % 5 === 0) title = `Outage, "core" switch ${i}, again`;
    if (i % 7 === 0) title = `first line ${i}\nsecond line, with a comma\nthird "quoted" line`;
    // Some timestamps with an offset instead of Z: the same instant must come back.
    const createdAt = i % 11 === 0 ? new Date(created).toISOString().replace(/\.000Z$/, '+00:00') : new Date(created).toISOString();
    return {
      externalId: `${prefix}-${i}`,
      title,
      impact: LEVELS[i % 3],
      urgency: LEVELS[Math.floor(i / 3) % 3],
      status,
      createdAt,
      resolvedAt: resolved,
      closedAt: closed,
      assignmentGroup: group(i),
      affectedItemIds: items[i % items.length],
    };
  });
}

describe('import-incidents CLI against the gateway', () => {
  let hub: TestHub;
  let dir: string;
  const itemIds: Record<string, string> = {};

  beforeAll(async () => {
    hub = await startTestHub();
    dir = hub.dataDir;
    await hub.golden('ImportTopology', SMALL_TOPOLOGY);
    for (const externalId of ['db-main', 'app-api', 'vm-1']) {
      itemIds[externalId] = (await hub.golden('ItemByExternalId', { externalId })).configurationItemByExternalId.id;
    }
  }, 180_000);
  afterAll(() => hub?.destroy());

  async function extract(filter: Record<string, unknown>): Promise<any[]> {
    const nodes: any[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = (await hub.golden('ExtractTickets', { filter, first: 1000, after })).tickets;
      nodes.push(...page.edges.map((e: any) => e.node));
      if (!page.pageInfo.hasNextPage) return nodes;
      after = page.pageInfo.endCursor;
    }
  }

  it('rejects bad arguments with exit code 2 and the usage', async () => {
    const run = await runCli(['incidents.csv', '--batch', '20000']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--batch must be an integer from 1 to 10000/);
    expect(run.stderr).toMatch(/usage:/);
  });

  it('refuses a ;-separated file with exit code 2, saying that it looks ;-separated, and imports nothing', async () => {
    const file = join(dir, 'semicolons.csv');
    writeFileSync(file, `${HEADER.replaceAll(',', ';')}\nSEMI-1;semicolons;LOW;LOW;NEW;2024-01-01T00:00:00Z;;;;\n`);
    const ticketCount = async () => (await hub.golden('ExtractTickets', {})).tickets.totalCount;
    const before = await ticketCount();
    const run = await runCli([file, '--url', hub.gatewayUrl]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/semicolons\.csv: bad header: it has ';' and no ',', so the file looks ;-separated/);
    expect(await ticketCount()).toBe(before);
  });

  it('imports 2,500 rows in batches, keeping timestamps, statuses, titles and affected items; a second run changes nothing', async () => {
    const items = [[], [itemIds['db-main']], [], [itemIds['app-api'], itemIds['vm-1']], []];
    const rows = generatedRows(2500, 'MIG', (i) => (i % 9 === 0 ? null : `migrated-${i % 4}`), items);
    const file = join(dir, 'incidents.csv');
    writeFileSync(file, csv(rows));

    const first = await runCli([file, '--url', hub.gatewayUrl, '--batch', '1000']);
    expect(first.stderr).not.toMatch(/FAILED|failed:/);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^Imported incidents\.csv: 2,500 rows read in [\d.]+ s \([\d,]+ rows\/s imported\)$/m);
    expect(first.stdout).toMatch(/^ {2}created {4}2,500$/m);
    expect(first.stdout).toMatch(/^ {2}updated {4}0$/m);
    expect(first.stdout).toMatch(/^ {2}unchanged {2}0$/m);
    expect(first.stdout).toMatch(/^ {2}failed {5}0$/m);
    expect(first.stdout).toMatch(/^ {2}batches {4}3 \(0 failed\)$/m);
    // Not a terminal: one progress line per batch, naming its CSV lines (the first data row is line 2);
    // a batch retried on a busy machine adds a note (`batch 2: ...; retrying in 1 s`), which is not one.
    const progress = first.stderr.split('\n').filter((l) => /^batch \d+ \(/.test(l));
    expect(progress).toHaveLength(3);
    expect(progress[0]).toMatch(/^batch 1 \(lines 2-\d+, 1,000 rows\): 1,000 created, 0 updated, 0 unchanged; \d+% of the file/);
    expect(progress[2]).toMatch(/500 rows\): 500 created.*100% of the file/);

    const byCreated = new Map(rows.map((r) => [Date.parse(r.createdAt), r]));
    const tickets = await extract({ types: ['INCIDENT'] });
    expect(tickets).toHaveLength(2500);
    const externalIdOf = Object.fromEntries(Object.entries(itemIds).map(([externalId, id]) => [id, externalId]));
    for (const ticket of tickets) {
      const row = byCreated.get(Date.parse(ticket.createdAt));
      expect(row).toBeDefined();
      expect(ticket.number).toMatch(/^INC\d{7}$/);
      expect(ticket.status).toBe(row!.status);
      expect(ticket.resolvedAt && Date.parse(ticket.resolvedAt)).toEqual(row!.resolvedAt && Date.parse(row!.resolvedAt));
      expect(ticket.affectedItems.map((i: any) => i.externalId).sort()).toEqual(row!.affectedItemIds.map((id) => externalIdOf[id]).sort());
      byCreated.delete(Date.parse(ticket.createdAt));
    }
    expect(byCreated.size).toBe(0);

    // Titles with commas, quotes and line breaks arrive exactly as written, and so do closedAt and groups.
    const stored = new Map<number, any>();
    let after: string | null = null;
    for (;;) {
      const page: any = (
        await hub.client.call<any>(
          `query ($after: String) { tickets(first: 500, after: $after, filter: { types: [INCIDENT] }) {
             pageInfo { hasNextPage endCursor } edges { node { title createdAt closedAt assignmentGroup } } } }`,
          { after },
        )
      ).tickets;
      for (const { node } of page.edges) stored.set(Date.parse(node.createdAt), node);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    for (const row of rows) {
      const node = stored.get(Date.parse(row.createdAt));
      expect({ title: node.title, closedAt: node.closedAt && Date.parse(node.closedAt), group: node.assignmentGroup }).toEqual({
        title: row.title,
        closedAt: row.closedAt && Date.parse(row.closedAt),
        group: row.assignmentGroup,
      });
    }

    const second = await runCli([file, '--url', hub.gatewayUrl, '--batch', '1000']);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^ {2}created {4}0$/m);
    expect(second.stdout).toMatch(/^ {2}updated {4}0$/m);
    expect(second.stdout).toMatch(/^ {2}unchanged {2}2,500$/m);
    expect(await extract({ types: ['INCIDENT'] })).toHaveLength(2500);
  }, 180_000);

  it('fails a batch with a bad row as a whole, naming the CSV line, and imports the other batches', async () => {
    // 40 rows in batches of 10. Row 3 spans two lines, so data row r is on line r + 2 from row 4 on.
    const rows = generatedRows(40, 'BAD', () => 'bad-run', [[]], Date.UTC(2022, 0, 1));
    for (const row of rows) row.title = `bad run ${row.externalId}`;
    rows[2].title = 'spans\ntwo lines';
    // Batch 2: caught before sending (the server would reject it the same way).
    rows[14].resolvedAt = new Date(Date.parse(rows[14].createdAt) - HOUR).toISOString();
    rows[14].status = 'RESOLVED';
    // Batch 3: only the server can tell that the item does not exist; it rejects the whole batch.
    rows[26].affectedItemIds = ['ci-that-does-not-exist'];
    const file = join(dir, 'bad.csv');
    writeFileSync(file, csv(rows, '\n'));

    const run = await runCli([file, '--url', hub.gatewayUrl, '--batch', '10']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^bad\.csv:17: resolvedAt \S+ is before createdAt \S+$/m);
    expect(run.stdout).toMatch(/^ {2}created {4}20$/m);
    expect(run.stdout).toMatch(/^ {2}failed {5}20$/m);
    expect(run.stdout).toMatch(/^ {2}batches {4}4 \(2 failed\)$/m);
    expect(run.stdout).toMatch(/^ {2}batch 2, lines 13-22 \(10 rows\):$/m);
    expect(run.stdout).toMatch(/bad\.csv:17: resolvedAt/);
    expect(run.stdout).toMatch(/^ {2}batch 3, lines 23-32 \(10 rows\):$/m);
    expect(run.stdout).toMatch(/BAD_USER_INPUT: .*"ci-that-does-not-exist" \(line 29\) names no configuration item/);

    const written = await extract({ assignmentGroup: 'bad-run' });
    const writtenCreated = new Set(written.map((t) => Date.parse(t.createdAt)));
    const expected = rows.filter((_, i) => i < 10 || i >= 30).map((r) => Date.parse(r.createdAt));
    expect([...writtenCreated].sort()).toEqual(expected.sort());
  }, 120_000);

  it('takes configuration items by externalId as well as by id, and fails the row of an externalId that names none', async () => {
    const header = `${HEADER},affectedItemExternalIds`;
    const file = join(dir, 'by-external-id.csv');
    writeFileSync(
      file,
      [
        header,
        // By externalId only, two of them; by id and by externalId at once, naming one item both ways.
        'EXT-1,by external id,HIGH,LOW,NEW,2021-03-01T00:00:00Z,,,ext-run,,sw-1;vm-1',
        `EXT-2,mixed,LOW,LOW,NEW,2021-03-01T00:01:00Z,,,ext-run,${itemIds['db-main']},db-main;app-api`,
        'EXT-3,by id only,LOW,LOW,NEW,2021-03-01T00:02:00Z,,,ext-run,' + itemIds['vm-1'] + ',',
        // Batch 2: an externalId the CMDB does not hold fails its batch, naming the line.
        'EXT-4,unknown item,LOW,LOW,NEW,2021-03-01T00:03:00Z,,,ext-run,,no-such-item',
        '',
      ].join('\n'),
    );
    const run = await runCli([file, '--url', hub.gatewayUrl, '--batch', '3']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^by-external-id\.csv:5: affectedItemExternalIds "no-such-item" names no configuration item$/m);
    expect(run.stdout).toMatch(/^ {2}created {4}3$/m);
    expect(run.stdout).toMatch(/^ {2}batches {4}2 \(1 failed\)$/m);

    const written = await hub.client.call<any>(
      `{ tickets(first: 10, filter: { assignmentGroup: "ext-run" }) { edges { node { externalId affectedItems { externalId } } } } }`,
    );
    const byTicket = Object.fromEntries(
      written.tickets.edges.map(({ node }: any) => [node.externalId, node.affectedItems.map((item: any) => item.externalId).sort()]),
    );
    expect(byTicket).toEqual({ 'EXT-1': ['sw-1', 'vm-1'], 'EXT-2': ['app-api', 'db-main'], 'EXT-3': ['vm-1'] });
  }, 120_000);
});
