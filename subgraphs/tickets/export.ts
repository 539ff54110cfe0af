/**
 * Exports for tools that read files, not GraphQL: `GET /export/tickets.csv`, `/export/tickets.ndjson`
 * and `/export/metrics.csv` on the tickets subgraph, which only the gateway may call (the internal
 * secret, as on `/graphql`). The gateway authenticates the client and pipes the answer through
 * (gateway/export.ts). Query parameters are read and checked here, once, by the same rules as the
 * GraphQL arguments they mirror; tickets stream page by page in the order of `tickets`, so memory
 * does not grow with their number.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BadUserInputError, isHubError } from '../../platform/errors';
import { serveInFront } from '../../platform/http';
import { componentLogger } from '../../platform/logger';
import { DateTimeScalar } from '../../platform/scalars';
import { sameSecret } from '../../platform/secrets';
import { INTERNAL_SECRET_HEADER } from '../../platform/subgraph-server';
import {
  PRIORITIES,
  slaBreached,
  TICKET_EXPORT_COLUMNS,
  type TicketExportColumn,
  type MetricDimension,
  type MetricInterval,
  type MetricRow,
  type MetricsQuery,
  type Ticket,
  type TicketFilter,
  type TicketStatus,
  type TicketType,
} from './domain';
import { INTERVALS, METRIC_DIMENSIONS } from './metrics';
import type { TicketService } from './service';

const log = componentLogger('tickets', 'export');

const TICKET_TYPES: TicketType[] = ['INCIDENT', 'PROBLEM', 'CHANGE', 'REQUEST'];
const TICKET_STATUSES: TicketStatus[] = [
  'NEW', 'IN_PROGRESS', 'ON_HOLD', 'RESOLVED', 'CLOSED', 'DRAFT', 'ASSESSMENT', 'AUTHORIZED', 'SCHEDULED', 'IMPLEMENTING', 'REVIEW', 'CANCELLED',
];

/** Columns of a metrics export: the fields of TicketMetricRow, with affectedItem as its id. */
export const METRICS_EXPORT_COLUMNS = [
  'bucketStart', 'type', 'priority', 'assignmentGroup', 'affectedItemId', 'opened', 'resolved', 'backlog',
  'mttrSeconds', 'mttrP50Seconds', 'mttrP90Seconds', 'slaBreached', 'slaCompliance',
] as const satisfies readonly (keyof MetricRow)[];

export type ExportFormat = 'csv' | 'ndjson';

/** A ticket as an export row: JSON values as the GraphQL API gives them (timestamps in ISO-8601 UTC, items by id). */
export function ticketExportRecord(ticket: Ticket, now: Date): Record<TicketExportColumn, unknown> {
  return {
    number: ticket.number,
    externalId: ticket.externalId,
    type: ticket.type,
    title: ticket.title,
    status: ticket.status,
    impact: ticket.impact,
    urgency: ticket.urgency,
    priority: ticket.priority,
    assignmentGroup: ticket.assignmentGroup,
    assignee: ticket.assignee,
    reporter: ticket.reporter,
    createdAt: ticket.createdAt.toISOString(),
    updatedAt: ticket.updatedAt.toISOString(),
    resolvedAt: ticket.resolvedAt?.toISOString() ?? null,
    closedAt: ticket.closedAt?.toISOString() ?? null,
    slaDueAt: ticket.slaDueAt?.toISOString() ?? null,
    slaBreached: slaBreached(ticket, now),
    affectedItemIds: ticket.affectedItemIds,
  };
}

const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One RFC 4180 field: quoted when it holds a comma, a double quote, CR or LF, with quotes doubled;
 * null is the empty field, a list is its values separated by spaces.
 */
export function csvField(value: unknown): string {
  if (value == null) return '';
  const text = Array.isArray(value) ? value.join(' ') : value instanceof Date ? value.toISOString() : String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record with its CRLF line end. */
export function csvRecord(values: readonly unknown[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) line += (i ? ',' : '') + csvField(values[i]);
  return `${line}\r\n`;
}

// ---------------------------------------------------------------- parameters

type Params = URLSearchParams;

/**
 * Reads the parameters a route accepts: every problem goes into `problems` naming its parameter,
 * including parameters the route does not know (a misspelt filter would otherwise export everything).
 * An empty value is an absent parameter.
 */
class ParameterReader {
  readonly problems: string[] = [];

  constructor(
    private readonly params: Params,
    known: readonly string[],
  ) {
    for (const name of new Set(params.keys())) {
      if (!known.includes(name)) this.problems.push(`${name}: not a parameter of this export; known: ${known.join(', ')}`);
      else if (params.getAll(name).length > 1) this.problems.push(`${name}: given more than once; lists are comma-separated`);
    }
  }

  private raw(name: string): string | undefined {
    const value = this.params.get(name);
    return value === null || value === '' ? undefined : value;
  }

  string(name: string): string | undefined {
    return this.raw(name);
  }

  required(name: string): string | undefined {
    const value = this.raw(name);
    if (value === undefined) this.problems.push(`${name}: required`);
    return value;
  }

  list<T extends string>(name: string, allowed: readonly T[]): T[] | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    const values = value.split(',').map((v) => v.trim()).filter(Boolean);
    for (const v of values) if (!allowed.includes(v as T)) this.problems.push(`${name}: ${v} is not one of ${allowed.join(', ')}`);
    return values.length ? (values as T[]) : undefined;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], value = this.raw(name)): T | undefined {
    if (value !== undefined && !allowed.includes(value as T)) this.problems.push(`${name}: ${value} is not one of ${allowed.join(', ')}`);
    return value as T | undefined;
  }

  dateTime(name: string, value = this.raw(name)): Date | undefined {
    if (value === undefined) return undefined;
    try {
      return DateTimeScalar.parseValue(value) as Date;
    } catch (error) {
      if (!(error instanceof BadUserInputError)) throw error;
      this.problems.push(`${name}: ${error.message}`);
      return undefined;
    }
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (value !== 'true' && value !== 'false') this.problems.push(`${name}: ${value} is not true or false`);
    return value === 'true';
  }

  /** Throws one error naming every problem, when there are any. */
  done(what: string): void {
    if (this.problems.length) throw BadUserInputError.of(this.problems, what);
  }
}

/** The filter of a ticket export; BAD_USER_INPUT naming every bad parameter. */
export function ticketExportFilter(params: Params): TicketFilter {
  const read = new ParameterReader(params, ['types', 'statuses', 'priorities', 'assignmentGroup', 'updatedSince']);
  const filter: TicketFilter = {
    types: read.list('types', TICKET_TYPES),
    statuses: read.list('statuses', TICKET_STATUSES),
    priorities: read.list('priorities', PRIORITIES),
    assignmentGroup: read.string('assignmentGroup'),
    updatedSince: read.dateTime('updatedSince'),
  };
  read.done('bad export parameters');
  return Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined)) as TicketFilter;
}

/** The query of a metrics export, with `ticketMetricSeries`'s defaults; the service checks the rest (range, zone). */
export function metricsExportQuery(params: Params): MetricsQuery {
  const read = new ParameterReader(params, ['from', 'to', 'interval', 'groupBy', 'timeZone', 'fillEmpty']);
  const from = read.dateTime('from', read.required('from'));
  const to = read.dateTime('to', read.required('to'));
  const interval = read.oneOf('interval', Object.keys(INTERVALS) as MetricInterval[], read.required('interval'));
  const query = {
    from: from!,
    to: to!,
    interval: interval!,
    groupBy: read.list<MetricDimension>('groupBy', METRIC_DIMENSIONS) ?? [],
    filter: {},
    timeZone: read.string('timeZone') ?? 'UTC',
    fillEmpty: read.boolean('fillEmpty', true),
  };
  read.done('bad export parameters');
  return query;
}

// ---------------------------------------------------------------- HTTP

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8; header=present',
  ndjson: 'application/x-ndjson; charset=utf-8',
};

const ROUTES: Record<string, { file: string; format: ExportFormat; what: 'tickets' | 'metrics' }> = {
  '/export/tickets.csv': { file: 'tickets.csv', format: 'csv', what: 'tickets' },
  '/export/tickets.ndjson': { file: 'tickets.ndjson', format: 'ndjson', what: 'tickets' },
  '/export/metrics.csv': { file: 'metrics.csv', format: 'csv', what: 'metrics' },
};

function sendText(response: ServerResponse, status: number, text: string): void {
  const body = `${text.replace(/[\r\n]+/g, ' ')}\n`;
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

/** The chunks of a CSV ticket export: the header, then one chunk per page of records. */
async function* ticketCsvChunks(pages: AsyncIterable<string[]>): AsyncGenerator<string> {
  yield csvRecord(TICKET_EXPORT_COLUMNS);
  for await (const records of pages) if (records.length) yield `${records.join('\r\n')}\r\n`;
}

/** The chunks of an NDJSON ticket export: one chunk per page. */
async function* ticketNdjsonChunks(pages: AsyncIterable<Ticket[]>, now: Date): AsyncGenerator<string> {
  for await (const page of pages) {
    let chunk = '';
    for (const ticket of page) chunk += `${JSON.stringify(ticketExportRecord(ticket, now))}\n`;
    yield chunk;
  }
}

/** An iterator's pages again from the start, its first page already read. */
function resumed<T>(first: IteratorResult<T>, rest: AsyncIterator<T>): AsyncIterable<T> {
  return {
    async *[Symbol.asyncIterator]() {
      if (first.done) return;
      yield first.value;
      yield* { [Symbol.asyncIterator]: () => rest };
    },
  };
}

function metricsCsv(rows: MetricRow[]): string {
  return csvRecord(METRICS_EXPORT_COLUMNS) + rows.map((row) => csvRecord(METRICS_EXPORT_COLUMNS.map((column) => row[column]))).join('');
}

export interface TicketExportOptions {
  service: TicketService;
  internalSecret: string | null;
}

/** Serves one export request; resolves once the answer is sent (or the client went away). */
async function serveExport(request: IncomingMessage, response: ServerResponse, url: URL, options: TicketExportOptions): Promise<void> {
  const route = ROUTES[url.pathname];
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('allow', 'GET, HEAD');
    return sendText(response, 405, `${request.method} is not allowed here; use GET`);
  }
  if (options.internalSecret && !sameSecret(request.headers[INTERNAL_SECRET_HEADER], options.internalSecret)) {
    return sendText(response, 403, 'the tickets subgraph answers only the hub\'s gateway');
  }
  const headers = {
    'content-type': CONTENT_TYPES[route.format],
    'content-disposition': `attachment; filename="${route.file}"`,
    'cache-control': 'no-store',
  };
  try {
    if (route.what === 'metrics') {
      const body = metricsCsv(await options.service.metricSeries(metricsExportQuery(url.searchParams)));
      response.writeHead(200, { ...headers, 'content-length': Buffer.byteLength(body) });
      response.end(request.method === 'HEAD' ? undefined : body);
      return;
    }
    const filter = ticketExportFilter(url.searchParams);
    if (request.method === 'HEAD') {
      response.writeHead(200, headers);
      response.end();
      return;
    }
    // The first page is read before the status is sent, so a store that is down is an error status, not a cut-off file.
    const now = new Date();
    let chunks: AsyncGenerator<string>;
    if (route.format === 'csv') {
      const pages = options.service.exportTicketCsv(filter, now);
      chunks = ticketCsvChunks(resumed(await pages.next(), pages));
    } else {
      const pages = options.service.exportTickets(filter);
      chunks = ticketNdjsonChunks(resumed(await pages.next(), pages), now);
    }
    response.writeHead(200, headers);
    await pipeline(Readable.from(chunks), response);
  } catch (error) {
    if (response.headersSent) {
      // Mid-stream the status is gone; cutting the connection tells the client the file is incomplete.
      if (!(error as NodeJS.ErrnoException)?.code?.startsWith('ERR_STREAM_PREMATURE_CLOSE')) {
        log.error({ err: error, path: url.pathname }, 'export failed while streaming; the connection was cut');
      }
      response.destroy();
      return;
    }
    if (error instanceof BadUserInputError) return sendText(response, 400, error.message);
    if (isHubError(error) && error.extensions.code === 'SERVICE_UNAVAILABLE') return sendText(response, 503, error.message);
    log.error({ err: error, path: url.pathname }, 'export failed');
    sendText(response, 500, 'internal error; the operators have the details');
  }
}

/** Puts the export routes in front of the subgraph server's own handler (GraphQL and health). */
export function attachTicketExport(server: Server, options: TicketExportOptions): void {
  serveInFront(server, {
    paths: Object.keys(ROUTES),
    serve: (request, response, url) => serveExport(request, response, url, options),
    log,
    failed: (response) => sendText(response, 500, 'internal error; the operators have the details'),
  });
}
