/**
 * The CSV writing of the exports (subgraphs/tickets/export.ts) on its own: RFC 4180 quoting field by
 * field, whole records with CRLF, and a round trip through csv-parse (the reader BI tools resemble)
 * of the values that need care. The exports end to end are test/export.e2e.test.ts.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { TICKET_EXPORT_COLUMNS, type Ticket } from '../subgraphs/tickets/domain';
import { csvField, csvRecord, ticketExportRecord } from '../subgraphs/tickets/export';

describe('csvField', () => {
  it('leaves plain text, numbers and booleans as they are', () => {
    expect(csvField('INC0000001')).toBe('INC0000001');
    expect(csvField('  spaces kept  ')).toBe('  spaces kept  ');
    expect(csvField('Ünïcødé ✓ 日本 😀')).toBe('Ünïcødé ✓ 日本 😀');
    expect(csvField(0)).toBe('0');
    expect(csvField(0.25)).toBe('0.25');
    expect(csvField(true)).toBe('true');
    expect(csvField(false)).toBe('false');
    // A semicolon or a tab is not the separator here, so it needs no quotes.
    expect(csvField('a;b\tc')).toBe('a;b\tc');
  });

  it('quotes a field holding a comma, a double quote, CR or LF, doubling the quotes', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('"')).toBe('""""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('two\r\nlines')).toBe('"two\r\nlines"');
    expect(csvField('carriage\rreturn')).toBe('"carriage\rreturn"');
  });

  it('writes null and undefined as the empty field, an empty string too', () => {
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField('')).toBe('');
  });

  it('writes a list as its values separated by spaces, and a date as ISO-8601 UTC', () => {
    expect(csvField(['ci-1', 'ci-2', 'ci-3'])).toBe('ci-1 ci-2 ci-3');
    expect(csvField([])).toBe('');
    expect(csvField(['a,b', 'c'])).toBe('"a,b c"');
    expect(csvField(new Date('2026-03-29T01:30:00+01:00'))).toBe('2026-03-29T00:30:00.000Z');
  });
});

describe('csvRecord', () => {
  it('joins fields with commas and ends the record with CRLF', () => {
    expect(csvRecord(['a', null, 'b,c', 3])).toBe('a,,"b,c",3\r\n');
    expect(csvRecord([])).toBe('\r\n');
    expect(csvRecord([null])).toBe('\r\n');
  });

  it('reads back through an RFC 4180 parser as the values it was given', () => {
    const values = ['plain', 'a,b', 'say "hi"', 'two\r\nlines', 'lf\nonly', '', '"', ',', ' lead', 'trail ', 'Ünïcødé ✓ 日本'];
    const text = csvRecord(values) + csvRecord([...values].reverse());
    expect(parseCsv(text, { record_delimiter: '\r\n' })).toEqual([values, [...values].reverse()]);
  });
});

describe('a ticket as an export record', () => {
  const ticket = {
    id: 't-1',
    number: 'INC0000042',
    externalId: 'legacy-42',
    type: 'INCIDENT',
    title: 'db outage, "primary" down',
    status: 'RESOLVED',
    impact: 'HIGH',
    urgency: 'HIGH',
    priority: 'P1',
    assignmentGroup: 'dba',
    assignee: null,
    reporter: 'ann',
    createdAt: new Date('2026-01-05T10:00:00Z'),
    updatedAt: new Date('2026-01-05T12:00:00Z'),
    resolvedAt: new Date('2026-01-05T12:00:00Z'),
    closedAt: null,
    slaDueAt: new Date('2026-01-05T14:00:00Z'),
    affectedItemIds: ['ci-a', 'ci-b'],
  } as unknown as Ticket;

  it('has the contract columns in order, and writes as one CSV record', () => {
    const record = ticketExportRecord(ticket, new Date('2026-02-01T00:00:00Z'));
    expect(Object.keys(record)).toEqual([...TICKET_EXPORT_COLUMNS]);
    expect(csvRecord(Object.values(record))).toBe(
      'INC0000042,legacy-42,INCIDENT,"db outage, ""primary"" down",RESOLVED,HIGH,HIGH,P1,dba,,ann,' +
        '2026-01-05T10:00:00.000Z,2026-01-05T12:00:00.000Z,2026-01-05T12:00:00.000Z,,2026-01-05T14:00:00.000Z,false,ci-a ci-b\r\n',
    );
  });
});
