/**
 * Imports historic or migrated incidents from a CSV file through the gateway's
 * golden `ImportIncidents` mutation.
 *
 *   tsx scripts/import-incidents.ts <file.csv | -> [--url http://localhost:4000/graphql] [--token T] [--batch 1000]
 *
 * The header names the columns (any order; the last five are optional):
 *   externalId,title,impact,urgency,status,createdAt,resolvedAt,closedAt,assignmentGroup,affectedItemIds,affectedItemExternalIds
 * `affectedItemIds` holds configuration item ids separated by `;`;
 * `affectedItemExternalIds` names items by their externalId instead (the key of
 * the source system the CMDB was imported from), also `;`-separated. The two
 * may be mixed, in one row or across rows: each externalId is looked up through
 * the gateway once per run, and one that names no item fails its row. Fields follow
 * RFC 4180 (read by csv-parse): quote a field to put commas, newlines or quotes
 * in it, and double a quote inside a quoted field. The separator is a comma: a
 * `;`-separated file (a spreadsheet's "CSV" in some locales) is refused with a
 * word saying so. Timestamps are ISO-8601 with an offset.
 *
 * The file is streamed: rows are checked as they are read and sent in batches.
 * Each batch is atomic on the server, so a batch with any bad row writes
 * nothing, is reported with the lines of its problems, and the import goes on
 * with the next batch. Importing is an upsert by externalId, so fixing the file
 * and running again is safe: rows already imported come back `unchanged`.
 *
 * Progress goes to stderr (one redrawn line on a terminal, a line per batch
 * otherwise); the summary goes to stdout. Exit code 0 when every row was
 * imported, 1 when any row or batch failed, 2 for bad arguments, an unreadable
 * file or a bad header. `HUB_URL` and `HUB_TOKEN` stand in for --url and --token.
 */
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { CsvError, parse as csvParser, type Info, type Options as CsvOptions } from 'csv-parse';
import pRetry from 'p-retry';
import { postGraphQL, type GraphQLResponse, type HttpAnswer } from '../platform/graphql-client';

export const IMPORT_INCIDENTS = /* GraphQL */ `
  mutation ImportIncidents($items: [IncidentImportInput!]!) {
    importIncidents(items: $items) { created updated unchanged }
  }
`;

/**
 * externalIds looked up per request: one alias each, below the gateway's
 * default alias limit (MAX_QUERY_ALIASES, 30).
 */
export const LOOKUP_CHUNK = 25;

/** One query looking up `count` externalIds, `i<n>` answering `$e<n>`. */
export function itemLookupQuery(count: number): string {
  const variables = Array.from({ length: count }, (_, i) => `$e${i}: String!`).join(', ');
  const fields = Array.from({ length: count }, (_, i) => `i${i}: configurationItemByExternalId(externalId: $e${i}) { id }`).join(' ');
  return `query ItemIdsByExternalId(${variables}) { ${fields} }`;
}

/** The server's limit for one call. */
export const MAX_BATCH = 10_000;
const DEFAULT_BATCH = 1_000;
const REQUEST_TIMEOUT_MS = 300_000;
/**
 * Retries of a batch that met a network error or an unavailable store (safe:
 * imports are idempotent), after 1, 3 and 9 seconds.
 */
const RETRY = { retries: 3, minTimeout: 1_000, factor: 3, randomize: false };
/** Problems printed per batch; the rest are counted. */
const PROBLEMS_SHOWN = 20;

// ---------------------------------------------------------------- CSV

export interface CsvRecord {
  fields: string[];
  /** Physical line (1-based) where the record starts. */
  line: number;
  /** Bytes of the input read up to the end of this record (for progress). */
  bytes: number;
}

export class CsvSyntaxError extends Error {
  constructor(readonly line: number, message: string) {
    super(`line ${line}: ${message}`);
  }
}

/**
 * RFC 4180 as csv-parse reads it: quoted fields with commas, line breaks and
 * doubled quotes; CRLF, LF or CR line ends, even mixed; a byte-order mark; a
 * missing final line break. Empty lines are skipped (they still count for line
 * numbers). A quote in an unquoted field, or text after a closing quote, is a
 * syntax error: a misquoted field would otherwise be imported with its quotes.
 */
const CSV_OPTIONS: CsvOptions = {
  bom: true,
  info: true,
  skip_empty_lines: true,
  relax_column_count: true,
  record_delimiter: ['\r\n', '\n', '\r'],
  // A syntax error is reported through on_skip, in order with the records before it; thrown instead, it would
  // overtake the records of its chunk still waiting in the stream's buffer.
  skip_records_with_error: true,
};

const LINE_BREAK = /\r\n|\r|\n/g;

/** What was wrong, in the words of the file's author rather than the parser's. */
function syntaxProblem(error: CsvError): string {
  const field = typeof error.column === 'number' ? ` of field ${error.column + 1}` : '';
  switch (error.code) {
    case 'CSV_INVALID_CLOSING_QUOTE':
      return `unexpected ${JSON.stringify(/got "(.*?)" at line/.exec(error.message)?.[1] ?? 'text')} after the closing quote${field}; double a quote inside a quoted field ("")`;
    case 'INVALID_OPENING_QUOTE':
      return `a quote inside unquoted field ${typeof error.column === 'number' ? error.column + 1 : ''}; quote the whole field and double the quotes in it ("")`;
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field is never closed (the file ends inside it)';
    default:
      return error.message;
  }
}

/**
 * Streams the records of a CSV input, each with the line it starts on, and
 * stops at the first syntax error with a CsvSyntaxError naming the line where
 * the bad record starts. csv-parse's own line count takes a CRLF inside a
 * quoted field for two lines, so lines are counted here, from the records'
 * text and the count of skipped empty lines.
 */
export async function* csvRecords(input: NodeJS.ReadableStream): AsyncGenerator<CsvRecord> {
  const syntaxErrors: CsvError[] = [];
  const parser = csvParser({
    ...CSV_OPTIONS,
    on_skip: (error) => {
      if (error) syntaxErrors.push(error);
      return undefined;
    },
  });
  let streamError: unknown = null;
  // pipeline() hands an input error to the parser, whose loop below throws it; it is kept here as well, so
  // that an error while the consumer holds a record (sending a batch) is never an unhandled rejection.
  const piped = pipeline(input, parser).then(
    () => undefined,
    (error: unknown) => {
      streamError = error;
    },
  );
  let nextLine = 1;
  let emptyLines = 0;
  let records = 0;
  /** Throws the first syntax error once every record before it is out. */
  const stopAtSyntaxError = () => {
    const error = syntaxErrors[0];
    if (!error || Number(error.records) > records) return;
    const skipped = typeof error.empty_lines === 'number' ? error.empty_lines - emptyLines : 0;
    throw new CsvSyntaxError(nextLine + skipped, syntaxProblem(error));
  };
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: Info }>) {
      stopAtSyntaxError();
      const line = nextLine + info.empty_lines - emptyLines;
      emptyLines = info.empty_lines;
      nextLine = line + 1 + record.reduce((breaks, field) => breaks + (field.match(LINE_BREAK)?.length ?? 0), 0);
      records += 1;
      yield { fields: record, line, bytes: info.bytes };
    }
    await piped;
    if (streamError) throw streamError;
    stopAtSyntaxError();
  } finally {
    // Stops reading when the consumer stops early (a batch that stops the import, an interrupt).
    parser.destroy();
  }
}

/** Parses a whole CSV text (tests and small inputs). */
export async function parseCsv(text: string | string[]): Promise<CsvRecord[]> {
  const records: CsvRecord[] = [];
  for await (const record of csvRecords(Readable.from(typeof text === 'string' ? [text] : text))) records.push(record);
  return records;
}

// ---------------------------------------------------------------- rows

export interface IncidentRow {
  externalId: string;
  title: string;
  impact: string;
  urgency: string;
  status: string;
  createdAt: string;
  resolvedAt: string | null;
  closedAt: string | null;
  assignmentGroup: string | null;
  affectedItemIds: string[] | null;
}

export const COLUMNS = [
  'externalId',
  'title',
  'impact',
  'urgency',
  'status',
  'createdAt',
  'resolvedAt',
  'closedAt',
  'assignmentGroup',
  'affectedItemIds',
  'affectedItemExternalIds',
] as const;
type Column = (typeof COLUMNS)[number];
const REQUIRED: Column[] = ['externalId', 'title', 'impact', 'urgency', 'status', 'createdAt'];
const LEVELS = ['HIGH', 'MEDIUM', 'LOW'];
const INCIDENT_STATUSES = ['NEW', 'IN_PROGRESS', 'ON_HOLD', 'RESOLVED', 'CLOSED', 'CANCELLED'];
/** The gateway's DateTime rule: ISO-8601 with an offset. */
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Maps header names to field positions; throws naming what is wrong with the header. */
export function readHeader(fields: string[]): Map<Column, number> {
  if (fields.length === 1 && fields[0].includes(';')) {
    throw new InputError(
      `bad header: it has ';' and no ',', so the file looks ;-separated (as spreadsheets save "CSV" in some locales); ` +
        `save it comma-separated with the header ${COLUMNS.join(',')}`,
    );
  }
  const positions = new Map<Column, number>();
  const problems: string[] = [];
  fields.forEach((raw, index) => {
    const name = raw.trim();
    const column = COLUMNS.find((c) => c.toLowerCase() === name.toLowerCase());
    if (!column) problems.push(`unknown column ${JSON.stringify(name)} (field ${index + 1})`);
    else if (positions.has(column)) problems.push(`column ${column} appears twice`);
    else positions.set(column, index);
  });
  const missing = REQUIRED.filter((c) => !positions.has(c));
  if (missing.length) problems.push(`missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  if (problems.length) throw new InputError(`bad header: ${problems.join('; ')}; expected ${COLUMNS.join(',')}`);
  return positions;
}

/**
 * Checks one record as the server would (so a batch that would be rejected is
 * not sent) and converts it; returns the problems instead when there are any.
 * `seen` holds the line of each externalId met so far in the file.
 */
export function readRow(
  record: CsvRecord,
  header: Map<Column, number>,
  headerWidth: number,
  seen: Map<string, number>,
): { row: IncidentRow; itemExternalIds?: string[] } | { problems: string[] } {
  if (record.fields.length !== headerWidth) {
    return { problems: [`${record.fields.length} fields, the header has ${headerWidth}${record.fields.length > headerWidth ? ' (quote fields that contain commas)' : ''}`] };
  }
  const problems: string[] = [];
  const value = (column: Column): string => {
    const at = header.get(column);
    return at === undefined ? '' : record.fields[at];
  };
  const required = (column: Column): string => {
    const text = value(column).trim();
    if (!text) problems.push(`${column} is empty`);
    return text;
  };
  const oneOf = (column: Column, allowed: string[]): string => {
    const text = required(column).toUpperCase();
    if (text && !allowed.includes(text)) problems.push(`${column} ${JSON.stringify(value(column))} is not one of ${allowed.join(', ')}`);
    return text;
  };
  const timestamp = (column: Column, isRequired: boolean): string | null => {
    const text = isRequired ? required(column) : value(column).trim();
    if (!text) return null;
    if (!ISO_WITH_OFFSET.test(text) || Number.isNaN(Date.parse(text))) {
      problems.push(`${column} ${JSON.stringify(text)} is not an ISO-8601 timestamp with offset (e.g. 2024-03-01T08:00:00Z)`);
      return null;
    }
    return text;
  };

  const externalId = required('externalId');
  const title = value('title');
  if (!title.trim()) problems.push('title is empty');
  const impact = oneOf('impact', LEVELS);
  const urgency = oneOf('urgency', LEVELS);
  const status = oneOf('status', INCIDENT_STATUSES);
  const createdAt = timestamp('createdAt', true);
  const resolvedAt = timestamp('resolvedAt', false);
  const closedAt = timestamp('closedAt', false);
  if (createdAt && resolvedAt && Date.parse(resolvedAt) < Date.parse(createdAt)) {
    problems.push(`resolvedAt ${resolvedAt} is before createdAt ${createdAt}`);
  }
  if (createdAt && closedAt && Date.parse(closedAt) < Date.parse(createdAt)) {
    problems.push(`closedAt ${closedAt} is before createdAt ${createdAt}`);
  }
  if (externalId) {
    const earlier = seen.get(externalId);
    if (earlier !== undefined) problems.push(`externalId ${JSON.stringify(externalId)} already appears on line ${earlier}`);
    else seen.set(externalId, record.line);
  }
  if (problems.length) return { problems };
  const group = value('assignmentGroup').trim();
  const list = (column: Column) =>
    value(column)
      .split(';')
      .map((id) => id.trim())
      .filter(Boolean);
  const items = list('affectedItemIds');
  const itemExternalIds = [...new Set(list('affectedItemExternalIds'))];
  return {
    // Looked up before the batch is sent; absent when the row names items by id only.
    ...(itemExternalIds.length ? { itemExternalIds } : {}),
    row: {
      externalId,
      title,
      impact,
      urgency,
      status,
      createdAt: createdAt!,
      resolvedAt,
      closedAt,
      assignmentGroup: group || null,
      affectedItemIds: items.length ? items : null,
    },
  };
}

// ---------------------------------------------------------------- sending

interface Batch {
  index: number;
  rows: IncidentRow[];
  lines: number[];
  /** Per row, the items it names by externalId, added to its affectedItemIds before sending. */
  itemExternalIds: (string[] | undefined)[];
  /** Problems found before sending, by line; a batch with any is not sent. */
  problems: string[];
}

interface BatchOutcome {
  created: number;
  updated: number;
  unchanged: number;
}

/**
 * Why a batch failed: `retry` (network, unavailable store: the same batch may
 * pass later), `stop` (every later batch would fail the same way: bad
 * credentials, not a GraphQL endpoint, retries used up), or `batch` (this
 * batch's content).
 */
class BatchFailure extends Error {
  constructor(message: string, readonly kind: 'retry' | 'stop' | 'batch') {
    super(message);
  }
}

/** Ends the import early; what was sent stays imported. */
class StopImport extends Error {}

/** A file the import cannot start on (no header, a bad header): exit code 2. */
class InputError extends Error {}

/** Rewrites the server's `items[i]` into CSV lines and names the lines that hold an id the server quotes. */
export function locateServerMessage(message: string, batch: { rows: IncidentRow[]; lines: number[] }): string {
  let located = message.replace(/items\[(\d+)\]/g, (whole, index: string) => {
    const line = batch.lines[Number(index)];
    return line === undefined ? whole : `line ${line} (${whole})`;
  });
  located = located.replace(/items\.affectedItemIds: ("(?:[^"\\]|\\.)*")/g, (whole, quoted: string) => {
    let id: string;
    try {
      id = JSON.parse(quoted);
    } catch {
      return whole;
    }
    const lines = batch.rows.flatMap((row, i) => (row.affectedItemIds?.includes(id) ? [batch.lines[i]] : []));
    return lines.length ? `${whole} (line${lines.length > 1 ? 's' : ''} ${lines.slice(0, 10).join(', ')}${lines.length > 10 ? ', ...' : ''})` : whole;
  });
  return located;
}

/** One request to the gateway for `batch`; a failure is a BatchFailure saying whether to retry, stop or fail the batch. */
async function callHub<T>(
  url: string,
  token: string | null,
  request: { query: string; operationName: string; variables: Record<string, unknown> },
  batch: Batch,
): Promise<T> {
  let answer: HttpAnswer<T>;
  try {
    answer = await postGraphQL(url, request, { headers: token ? { authorization: `Bearer ${token}` } : {}, timeoutMs: REQUEST_TIMEOUT_MS });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new BatchFailure(`cannot reach ${url}: ${cause?.code ?? cause?.message ?? (error as Error).message}`, 'retry');
  }
  const { status, text, body } = answer;
  if (!body) {
    const hint = status === 413 ? ' (the batch is too large for the server: lower --batch)' : '';
    const kind = status >= 500 ? 'retry' : status === 413 ? 'batch' : 'stop';
    throw new BatchFailure(`HTTP ${status} from ${url}${hint}: ${text.slice(0, 300) || 'no body'}`, kind);
  }
  if (body.errors?.length) throw failureOf(body.errors, status, batch);
  if (!body.data) throw new BatchFailure(`HTTP ${status}: the response holds no data`, 'batch');
  return body.data;
}

async function sendBatch(url: string, token: string | null, batch: Batch): Promise<BatchOutcome> {
  const request = { query: IMPORT_INCIDENTS, operationName: 'ImportIncidents', variables: { items: batch.rows } };
  const result = (await callHub<{ importIncidents?: BatchOutcome }>(url, token, request, batch)).importIncidents;
  if (!result) throw new BatchFailure('the response holds no importIncidents result', 'batch');
  return result;
}

/** Looks externalIds up through the gateway, LOOKUP_CHUNK at a time: each one's item id, or null when it names no item. */
async function lookUpItems(url: string, token: string | null, externalIds: string[], batch: Batch): Promise<Map<string, string | null>> {
  const found = new Map<string, string | null>();
  for (let start = 0; start < externalIds.length; start += LOOKUP_CHUNK) {
    const chunk = externalIds.slice(start, start + LOOKUP_CHUNK);
    const request = {
      query: itemLookupQuery(chunk.length),
      operationName: 'ItemIdsByExternalId',
      variables: Object.fromEntries(chunk.map((externalId, i) => [`e${i}`, externalId])),
    };
    const data = await callHub<Record<string, { id: string } | null>>(url, token, request, batch);
    chunk.forEach((externalId, i) => found.set(externalId, data[`i${i}`]?.id ?? null));
  }
  return found;
}

/**
 * Adds the items each row of `batch` names by externalId to its affectedItemIds,
 * looking up those not in `known` (which keeps every answer, so each externalId
 * is asked for once per run). Answers a problem per row naming an unknown one.
 */
export async function resolveItemExternalIds(
  batch: Pick<Batch, 'rows' | 'lines' | 'itemExternalIds'>,
  known: Map<string, string | null>,
  lookUp: (externalIds: string[]) => Promise<Map<string, string | null>>,
  source: string,
): Promise<string[]> {
  const wanted = [...new Set(batch.itemExternalIds.flatMap((ids) => ids ?? []))].filter((externalId) => !known.has(externalId));
  if (wanted.length) for (const [externalId, id] of await lookUp(wanted)) known.set(externalId, id);
  const problems: string[] = [];
  batch.rows.forEach((row, i) => {
    const externalIds = batch.itemExternalIds[i];
    if (!externalIds) return;
    const unknown = externalIds.filter((externalId) => !known.get(externalId));
    if (unknown.length) {
      const names = unknown.map((externalId) => JSON.stringify(externalId)).join(', ');
      problems.push(`${source}:${batch.lines[i]}: affectedItemExternalIds ${names} name${unknown.length > 1 ? '' : 's'} no configuration item`);
      return;
    }
    row.affectedItemIds = [...new Set([...(row.affectedItemIds ?? []), ...externalIds.map((externalId) => known.get(externalId)!)])];
  });
  return problems;
}

/** Sorts the server's errors into a retry (every one an unavailable store), a stop (credentials) or this batch's fault. */
function failureOf(errors: NonNullable<GraphQLResponse['errors']>, status: number, batch: Batch): BatchFailure {
  const codes = errors.map((e) => e.extensions?.code);
  const kind = codes.every((c) => c === 'SERVICE_UNAVAILABLE') ? 'retry' : codes.some((c) => c === 'UNAUTHENTICATED' || c === 'FORBIDDEN') ? 'stop' : 'batch';
  const messages = errors.map((e) => `${e.extensions?.code ?? `HTTP ${status}`}: ${locateServerMessage(e.message, batch)}`);
  return new BatchFailure(messages.join('\n'), kind);
}

/** Runs `attempt` again after a failure that may pass (RETRY); any other failure ends it at once. */
async function withRetries<T>(attempt: () => Promise<T>, onRetry: (message: string, delayMs: number) => void): Promise<T> {
  try {
    return await pRetry(
      async () => {
        try {
          return await attempt();
        } catch (error) {
          if (error instanceof BatchFailure && error.kind === 'retry') throw error;
          throw new pRetry.AbortError(error as Error);
        }
      },
      {
        ...RETRY,
        onFailedAttempt(error) {
          if (error.retriesLeft > 0) onRetry(error.message, RETRY.minTimeout * RETRY.factor ** (error.attemptNumber - 1));
        },
      },
    );
  } catch (error) {
    if (error instanceof BatchFailure && error.kind === 'retry') {
      throw new BatchFailure(`${error.message} (gave up after ${RETRY.retries + 1} attempts)`, 'stop');
    }
    throw error;
  }
}

// ---------------------------------------------------------------- progress and summary

const number = (n: number) => n.toLocaleString('en-US');
const rowsText = (n: number) => `${number(n)} row${n === 1 ? '' : 's'}`;
const span = (lines: number[]) => (lines.length > 1 && lines[0] !== lines.at(-1) ? `lines ${lines[0]}-${lines.at(-1)}` : `line ${lines[0]}`);

class Progress {
  private readonly tty: boolean;
  private drawn = false;
  private readonly started = Date.now();

  constructor(private readonly stream: NodeJS.WriteStream, private readonly totalBytes: number | null) {
    this.tty = Boolean(stream.isTTY);
  }

  /** After each batch: a redrawn bar on a terminal, else one line. */
  update(state: { bytes: number; rows: number; batch: Batch; outcome: BatchOutcome | null; failure: string | null }): void {
    const fraction = this.totalBytes ? Math.min(1, state.bytes / this.totalBytes) : null;
    const seconds = Math.max((Date.now() - this.started) / 1000, 0.001);
    const rate = `${number(Math.round(state.rows / seconds))} rows/s`;
    const percent = fraction === null ? '' : `${Math.floor(fraction * 100)}%`;
    if (this.tty) {
      const width = 28;
      const bar = fraction === null ? '' : `[${'#'.repeat(Math.round(fraction * width)).padEnd(width, '.')}] ${percent.padStart(4)} `;
      this.stream.write(`\r\x1b[2K${bar}${number(state.rows)} rows, batch ${state.batch.index}, ${rate}`);
      this.drawn = true;
      return;
    }
    const { batch } = state;
    const what = state.outcome
      ? `${number(state.outcome.created)} created, ${number(state.outcome.updated)} updated, ${number(state.outcome.unchanged)} unchanged`
      : 'FAILED';
    this.stream.write(`batch ${batch.index} (${span(batch.lines)}, ${rowsText(batch.lines.length)}): ${what}${percent ? `; ${percent} of the file` : ''}, ${rate}\n`);
  }

  /** Prints a message on its own line, clearing the bar first. */
  note(message: string): void {
    this.clear();
    this.stream.write(`${message}\n`);
  }

  clear(): void {
    if (this.drawn) this.stream.write('\r\x1b[2K');
    this.drawn = false;
  }
}

interface Totals {
  rowsRead: number;
  rowsImported: number;
  rowsFailed: number;
  created: number;
  updated: number;
  unchanged: number;
  batches: number;
  failed: { batch: Batch; message: string }[];
  fatal: string | null;
}

function formatSummary(source: string, totals: Totals, seconds: number): string {
  const rate = Math.round(totals.rowsImported / Math.max(seconds, 0.001));
  const lines = [
    `${totals.failed.length || totals.fatal ? 'Import of' : 'Imported'} ${source}: ${number(totals.rowsRead)} rows read in ${seconds.toFixed(1)} s (${number(rate)} rows/s imported)`,
    `  created    ${number(totals.created)}`,
    `  updated    ${number(totals.updated)}`,
    `  unchanged  ${number(totals.unchanged)}`,
    `  failed     ${number(totals.rowsFailed)}`,
    `  batches    ${totals.batches} (${totals.failed.length} failed)`,
  ];
  if (totals.failed.length) {
    lines.push('', 'Failed batches (nothing of these was written; fix the rows and run again, imported rows come back unchanged):');
    for (const { batch, message } of totals.failed) {
      lines.push(`  batch ${batch.index}, ${span(batch.lines)} (${rowsText(batch.lines.length)}):`);
      for (const part of message.split('\n')) lines.push(`    ${part}`);
    }
  }
  if (totals.fatal) lines.push('', `Stopped: ${totals.fatal}`);
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------- CLI

export interface CliOptions {
  file: string;
  url: string;
  token: string | null;
  batch: number;
}

const USAGE = `usage: tsx scripts/import-incidents.ts <file.csv | -> [--url URL] [--token TOKEN] [--batch N]
  --url    the gateway's GraphQL endpoint (default $HUB_URL or http://localhost:4000/graphql)
  --token  bearer token with write access (default $HUB_TOKEN)
  --batch  rows per call, 1..${MAX_BATCH} (default ${DEFAULT_BATCH}); each call is all or nothing
CSV header: ${COLUMNS.join(',')}
  (affectedItemIds and affectedItemExternalIds separated by ';'; the latter names items by externalId)`;

/** Reads the command line; throws naming what is wrong, or `help` for --help. */
export function parseCliArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): CliOptions {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      token: { type: 'string' },
      batch: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) throw new Error('help');
  const options: CliOptions = {
    file: '',
    url: values.url ?? (env.HUB_URL || 'http://localhost:4000/graphql'),
    token: values.token ?? (env.HUB_TOKEN || null),
    batch: DEFAULT_BATCH,
  };
  if (values.batch !== undefined) {
    const size = Number(values.batch);
    if (!/^\d+$/.test(values.batch) || size < 1 || size > MAX_BATCH) {
      throw new Error(`--batch must be an integer from 1 to ${MAX_BATCH}, got ${JSON.stringify(values.batch)}`);
    }
    options.batch = size;
  }
  if (positionals.length !== 1) throw new Error(positionals.length ? `one file expected, got ${positionals.join(' ')}` : 'the CSV file is missing');
  options.file = positionals[0];
  if (!URL.canParse(options.url) || !['http:', 'https:'].includes(new URL(options.url).protocol)) {
    throw new Error(`--url must be an http(s) URL, got ${JSON.stringify(options.url)}`);
  }
  return options;
}

/** Runs one import; resolves to the exit code. */
export async function runImport(options: CliOptions, io: { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream } = process): Promise<number> {
  const fromStdin = options.file === '-';
  const source = fromStdin ? 'stdin' : basename(options.file);
  let totalBytes: number | null = null;
  if (!fromStdin) {
    try {
      const stat = statSync(options.file);
      if (!stat.isFile()) throw new Error('not a file');
      totalBytes = stat.size;
    } catch (error) {
      io.stderr.write(`import-incidents: cannot read ${options.file}: ${(error as Error).message}\n`);
      return 2;
    }
  }
  const input = fromStdin ? process.stdin : createReadStream(options.file, { highWaterMark: 1 << 20 });
  const progress = new Progress(io.stderr, totalBytes);
  const started = Date.now();
  const totals: Totals = { rowsRead: 0, rowsImported: 0, rowsFailed: 0, created: 0, updated: 0, unchanged: 0, batches: 0, failed: [], fatal: null };
  const seen = new Map<string, number>();
  /** Item id by externalId (null: no such item), for the whole run. */
  const itemIds = new Map<string, string | null>();
  let header: Map<Column, number> | null = null;
  let headerWidth = 0;
  let position = 0;
  let batchIndex = 0;
  let batch: Batch = { index: ++batchIndex, rows: [], lines: [], itemExternalIds: [], problems: [] };
  let interrupted = false;
  // A first Ctrl-C stops after the batch in flight (which is all or nothing anyway), a second one at once.
  const onSigint = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    progress.note('interrupted: stopping after the batch in flight (Ctrl-C again to quit now)');
  };
  process.on('SIGINT', onSigint);

  const flush = async () => {
    if (!batch.lines.length) return;
    if (interrupted) throw new StopImport('interrupted (SIGINT); the batches reported above are imported, run again to finish (imported rows come back unchanged)');
    const current = batch;
    batch = { index: ++batchIndex, rows: [], lines: [], itemExternalIds: [], problems: [] };
    totals.batches += 1;
    const onRetry = (message: string, delayMs: number) => progress.note(`batch ${current.index}: ${message}; retrying in ${delayMs / 1000} s`);
    try {
      // Rows naming items by externalId get their ids now; a batch with any bad row goes nowhere, so look up only for a clean one.
      if (!current.problems.length && current.itemExternalIds.some(Boolean)) {
        const lookUp = (externalIds: string[]) => withRetries(() => lookUpItems(options.url, options.token, externalIds, current), onRetry);
        for (const problem of await resolveItemExternalIds(current, itemIds, lookUp, source)) {
          current.problems.push(problem);
          progress.note(problem);
        }
      }
      if (current.problems.length) {
        const shown = current.problems.slice(0, PROBLEMS_SHOWN);
        const more = current.problems.length - shown.length;
        const message = `not sent, ${current.problems.length} problem${current.problems.length > 1 ? 's' : ''}:\n${shown.join('\n')}${more ? `\n(and ${more} more)` : ''}`;
        totals.failed.push({ batch: current, message });
        totals.rowsFailed += current.lines.length;
        progress.update({ bytes: position, rows: totals.rowsImported, batch: current, outcome: null, failure: message });
        return;
      }
      const outcome = await withRetries(() => sendBatch(options.url, options.token, current), onRetry);
      totals.rowsImported += current.rows.length;
      totals.created += outcome.created;
      totals.updated += outcome.updated;
      totals.unchanged += outcome.unchanged;
      progress.update({ bytes: position, rows: totals.rowsImported, batch: current, outcome, failure: null });
    } catch (error) {
      const message = (error as Error).message;
      totals.failed.push({ batch: current, message });
      totals.rowsFailed += current.lines.length;
      progress.note(`${source}: batch ${current.index} (${span(current.lines)}) failed:\n  ${message.split('\n').join('\n  ')}`);
      progress.update({ bytes: position, rows: totals.rowsImported, batch: current, outcome: null, failure: message });
      if (error instanceof BatchFailure && error.kind === 'stop') {
        throw new StopImport(`batch ${current.index} failed in a way every later batch would (see above); nothing after line ${current.lines.at(-1)} was sent`);
      }
    }
  };

  try {
    for await (const record of csvRecords(input)) {
      position = record.bytes;
      if (!header) {
        header = readHeader(record.fields);
        headerWidth = record.fields.length;
        continue;
      }
      totals.rowsRead += 1;
      const read = readRow(record, header, headerWidth, seen);
      batch.lines.push(record.line);
      if ('row' in read) {
        batch.rows.push(read.row);
        batch.itemExternalIds.push(read.itemExternalIds);
      } else {
        for (const problem of read.problems) {
          const text = `${source}:${record.line}: ${problem}`;
          batch.problems.push(text);
          progress.note(text);
        }
      }
      if (batch.lines.length >= options.batch) await flush();
    }
    if (!header) throw new InputError('the file is empty: no header line');
    position = totalBytes ?? position;
    await flush();
  } catch (error) {
    if (error instanceof InputError) {
      progress.clear();
      io.stderr.write(`import-incidents: ${source}: ${error.message}\n`);
      return 2;
    }
    if (error instanceof CsvSyntaxError) totals.fatal = `${source}:${error.message}; the rows from there on were not imported`;
    else totals.fatal = (error as Error).message;
    // Rows read but not sent when the import stopped.
    totals.rowsFailed += batch.lines.length;
  } finally {
    process.removeListener('SIGINT', onSigint);
    if ('destroy' in input && input !== process.stdin) input.destroy();
  }
  progress.clear();
  io.stdout.write(formatSummary(source, totals, (Date.now() - started) / 1000));
  return totals.failed.length || totals.fatal ? 1 : 0;
}

async function main(argv: string[]): Promise<number> {
  let options: CliOptions;
  try {
    options = parseCliArgs(argv);
  } catch (error) {
    const message = (error as Error).message;
    if (message === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    process.stderr.write(`import-incidents: ${message}\n${USAGE}\n`);
    return 2;
  }
  return runImport(options);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`import-incidents: ${(error as Error).stack ?? error}\n`);
      process.exitCode = 1;
    },
  );
}
