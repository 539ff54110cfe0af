/**
 * The incident importer's pure parts: reading CSV records with the lines they
 * start on, the header and row checks, the command line, and pointing server
 * messages at CSV lines. The CLI against a real gateway is
 * test/import-cli.e2e.test.ts.
 */
import { parse } from 'graphql';
import {
  COLUMNS,
  CsvSyntaxError,
  itemLookupQuery,
  locateServerMessage,
  parseCliArgs,
  parseCsv,
  readHeader,
  readRow,
  resolveItemExternalIds,
  type CsvRecord,
  type IncidentRow,
} from '../scripts/import-incidents';

const fieldsAndLines = (records: CsvRecord[]) => records.map(({ fields, line }) => ({ fields, line }));

describe('reading CSV', () => {
  const text = '\uFEFFa,b,c\r\n"x, y","say ""hi""","multi\r\nline"\r\n\r\n1,,"3"\nlast,"two\nlines",here';

  it('handles quoted commas, doubled quotes, line breaks in fields, mixed line ends, a BOM and a missing final line break', async () => {
    expect(fieldsAndLines(await parseCsv(text))).toEqual([
      { fields: ['a', 'b', 'c'], line: 1 },
      { fields: ['x, y', 'say "hi"', 'multi\r\nline'], line: 2 },
      { fields: ['1', '', '3'], line: 5 },
      { fields: ['last', 'two\nlines', 'here'], line: 6 },
    ]);
  });

  it('gives the same records and lines whatever the chunk boundaries', async () => {
    const whole = await parseCsv(text);
    expect(fieldsAndLines(await parseCsv([...text]))).toEqual(fieldsAndLines(whole));
    expect(fieldsAndLines(await parseCsv([text.slice(0, 9), text.slice(9, 40), text.slice(40)]))).toEqual(fieldsAndLines(whole));
  });

  it('counts the bytes read up to the end of each record, for progress', async () => {
    const records = await parseCsv('a,b\né,2\n');
    expect(records.map((r) => r.bytes)).toEqual([4, 9]);
  });

  it('names the line where a record with a misquoted field starts', async () => {
    await expect(parseCsv('a,b\n1,2\n"bad"x,3\n')).rejects.toThrow(/^line 3: unexpected "x" after the closing quote of field 1; double a quote/);
    await expect(parseCsv('a,b\n\n1,"never closed\n2,3\n')).rejects.toThrow(/^line 3: a quoted field is never closed/);
    await expect(parseCsv('a,b\n"two\nlines",2\n3,4"\n')).rejects.toThrow(/^line 4: a quote inside unquoted field 2/);
    await expect(parseCsv('a,b\n1,"x"y\n')).rejects.toBeInstanceOf(CsvSyntaxError);
  });
});

describe('the header', () => {
  it('maps columns in any order and any case to their positions', () => {
    const header = readHeader(['Title', 'externalid', 'impact', 'urgency', 'status', 'createdAt', 'affectedItemIds']);
    expect(header.get('title')).toBe(0);
    expect(header.get('externalId')).toBe(1);
    expect(header.get('affectedItemIds')).toBe(6);
    expect(header.has('closedAt')).toBe(false);
  });

  it('names every problem at once: unknown, repeated and missing columns', () => {
    expect(() => readHeader(['externalId', 'title', 'title', 'colour'])).toThrow(
      /column title appears twice; unknown column "colour" \(field 4\); missing columns impact, urgency, status, createdAt/,
    );
  });

  it('says so when the file looks ;-separated', () => {
    expect(() => readHeader([COLUMNS.join(';')])).toThrow(/it has ';' and no ',', so the file looks ;-separated/);
    // One column that merely holds a ';' among commas is an ordinary unknown column.
    expect(() => readHeader(['externalId', 'a;b'])).toThrow(/unknown column "a;b"/);
  });
});

describe('a row', () => {
  const header = readHeader([...COLUMNS]);
  const record = (values: Partial<Record<(typeof COLUMNS)[number], string>>, line = 2): CsvRecord => ({
    fields: COLUMNS.map((c) => values[c] ?? ''),
    line,
    bytes: 0,
  });
  const good = { externalId: 'X-1', title: ' Disk full ', impact: 'high', urgency: 'Low', status: 'resolved', createdAt: '2024-03-01T08:00:00Z', resolvedAt: '2024-03-01T09:00:00+01:00' };

  it('converts a good row: levels and status upper-cased, the title kept as written, items split on ;', () => {
    const read = readRow(record({ ...good, affectedItemIds: ' a ; b;;', assignmentGroup: ' ops ' }), header, COLUMNS.length, new Map());
    expect(read).toEqual({
      row: {
        externalId: 'X-1',
        title: ' Disk full ',
        impact: 'HIGH',
        urgency: 'LOW',
        status: 'RESOLVED',
        createdAt: '2024-03-01T08:00:00Z',
        resolvedAt: '2024-03-01T09:00:00+01:00',
        closedAt: null,
        assignmentGroup: 'ops',
        affectedItemIds: ['a', 'b'],
      },
    });
  });

  it('names every problem of a bad row', () => {
    const read = readRow(
      record({ externalId: 'X-2', title: ' ', impact: 'huge', urgency: 'LOW', status: 'NEW', createdAt: '2024-03-01 08:00', closedAt: '2024-03-01T07:00:00Z' }),
      header,
      COLUMNS.length,
      new Map(),
    );
    expect(read).toEqual({
      problems: [
        'title is empty',
        'impact "huge" is not one of HIGH, MEDIUM, LOW',
        'createdAt "2024-03-01 08:00" is not an ISO-8601 timestamp with offset (e.g. 2024-03-01T08:00:00Z)',
      ],
    });
  });

  it('refuses a resolution before the creation, and an externalId seen on an earlier line', () => {
    const seen = new Map<string, number>();
    expect(readRow(record(good, 2), header, COLUMNS.length, seen)).toHaveProperty('row');
    expect(readRow(record({ ...good, resolvedAt: '2024-03-01T07:59:59Z' }, 5), header, COLUMNS.length, seen)).toEqual({
      problems: ['resolvedAt 2024-03-01T07:59:59Z is before createdAt 2024-03-01T08:00:00Z', 'externalId "X-1" already appears on line 2'],
    });
  });

  it('counts fields against the header, hinting at unquoted commas', () => {
    const wide = { fields: [...record(good).fields, 'extra'], line: 3, bytes: 0 };
    expect(readRow(wide, header, COLUMNS.length, new Map())).toEqual({
      problems: [`${COLUMNS.length + 1} fields, the header has ${COLUMNS.length} (quote fields that contain commas)`],
    });
  });

  it('reads items named by externalId apart from those named by id, once each', () => {
    const read = readRow(record({ ...good, affectedItemIds: 'a', affectedItemExternalIds: ' sw-1 ;db-main;sw-1;' }), header, COLUMNS.length, new Map());
    expect(read).toMatchObject({ row: { affectedItemIds: ['a'] }, itemExternalIds: ['sw-1', 'db-main'] });
    expect(readRow(record({ ...good, externalId: 'X-9' }), header, COLUMNS.length, new Map())).not.toHaveProperty('itemExternalIds');
  });
});

describe('the command line', () => {
  const env = {};

  it('reads the file, the options in both spellings, and the defaults', () => {
    expect(parseCliArgs(['in.csv'], env)).toEqual({ file: 'in.csv', url: 'http://localhost:4000/graphql', token: null, batch: 1000 });
    expect(parseCliArgs(['--url=https://hub/graphql', '--token', 't', '--batch', '10', '-'], env)).toEqual({ file: '-', url: 'https://hub/graphql', token: 't', batch: 10 });
    expect(parseCliArgs(['in.csv'], { HUB_URL: 'http://h:1/graphql', HUB_TOKEN: 'env-token' })).toMatchObject({ url: 'http://h:1/graphql', token: 'env-token' });
  });

  it('refuses what it cannot use, saying what is wrong', () => {
    expect(() => parseCliArgs(['in.csv', '--batch', '0'], env)).toThrow('--batch must be an integer from 1 to 10000, got "0"');
    expect(() => parseCliArgs(['in.csv', '--batch', '1.5'], env)).toThrow(/--batch must be an integer/);
    expect(() => parseCliArgs(['in.csv', '--url', 'ftp://x'], env)).toThrow('--url must be an http(s) URL, got "ftp://x"');
    expect(() => parseCliArgs(['in.csv', '--colour'], env)).toThrow(/colour/);
    expect(() => parseCliArgs(['in.csv', '--url'], env)).toThrow(/--url/);
    expect(() => parseCliArgs(['a.csv', 'b.csv'], env)).toThrow('one file expected, got a.csv b.csv');
    expect(() => parseCliArgs([], env)).toThrow('the CSV file is missing');
    expect(() => parseCliArgs(['-h'], env)).toThrow('help');
  });
});

describe('server messages', () => {
  it('point at the CSV lines of the rows and the item ids they name', () => {
    const batch = {
      lines: [12, 14, 15],
      rows: [{ affectedItemIds: null }, { affectedItemIds: ['ci-x'] }, { affectedItemIds: ['ci-y', 'ci-x'] }].map((r) => r as never),
    };
    expect(locateServerMessage('items[1].title is empty; items.affectedItemIds: "ci-x" names no configuration item', batch)).toBe(
      'line 14 (items[1]).title is empty; items.affectedItemIds: "ci-x" (lines 14, 15) names no configuration item',
    );
  });
});

describe('items named by externalId', () => {
  const row = (affectedItemIds: string[] | null): IncidentRow => ({
    externalId: 'x', title: 't', impact: 'LOW', urgency: 'LOW', status: 'NEW', createdAt: '2024-01-01T00:00:00Z',
    resolvedAt: null, closedAt: null, assignmentGroup: null, affectedItemIds,
  });
  const stored: Record<string, string> = { 'sw-1': 'id-sw', 'db-main': 'id-db', 'vm-1': 'id-vm' };

  it('adds their ids to the rows, asking only for what it has not seen before, and names each unknown one with its line', async () => {
    const asked: string[][] = [];
    const lookUp = async (externalIds: string[]) => {
      asked.push(externalIds);
      return new Map(externalIds.map((e) => [e, stored[e] ?? null]));
    };
    const known = new Map<string, string | null>([['vm-1', 'id-vm']]);
    const batch = {
      rows: [row(['id-db']), row(null), row(null), row(['id-x'])],
      lines: [2, 3, 5, 6],
      itemExternalIds: [['db-main', 'sw-1'], undefined, ['vm-1'], ['nope', 'gone', 'sw-1']],
    };
    expect(await resolveItemExternalIds(batch, known, lookUp, 'in.csv')).toEqual([
      'in.csv:6: affectedItemExternalIds "nope", "gone" name no configuration item',
    ]);
    expect(asked).toEqual([['db-main', 'sw-1', 'nope', 'gone']]);
    expect(batch.rows.map((r) => r.affectedItemIds)).toEqual([['id-db', 'id-sw'], null, ['id-vm'], ['id-x']]);

    // A later batch asks for nothing it has an answer for, found or not.
    const later = { rows: [row(null)], lines: [9], itemExternalIds: [['nope']] };
    expect(await resolveItemExternalIds(later, known, lookUp, 'in.csv')).toEqual(['in.csv:9: affectedItemExternalIds "nope" names no configuration item']);
    expect(asked).toHaveLength(1);
  });

  it('looks them up with one alias and one variable each', () => {
    const document = parse(itemLookupQuery(3));
    const [operation] = document.definitions as any[];
    expect(operation.name.value).toBe('ItemIdsByExternalId');
    expect(operation.variableDefinitions.map((v: any) => v.variable.name.value)).toEqual(['e0', 'e1', 'e2']);
    expect(operation.selectionSet.selections.map((f: any) => [f.alias.value, f.name.value])).toEqual([
      ['i0', 'configurationItemByExternalId'], ['i1', 'configurationItemByExternalId'], ['i2', 'configurationItemByExternalId'],
    ]);
  });
});
