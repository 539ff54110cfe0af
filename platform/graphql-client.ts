/**
 * The one GraphQL-over-HTTP client of the hub's own scripts, benchmarks and
 * tests: `postGraphQL` for callers that read the HTTP answer themselves (the
 * importer sorts failures by status, the shortcut test compares bytes), and
 * `graphqlClient` for everyone else.
 */
import { clientSpan, injectTraceContext, recordHttpStatus } from './telemetry';

export interface GraphQLResponse<T = Record<string, any>> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}

export class GraphQLRequestError extends Error {
  constructor(readonly response: GraphQLResponse<unknown>, readonly status: number) {
    super(response.errors?.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('\n') ?? `HTTP ${status}`);
  }

  /** The `extensions.code` of the first error. */
  get code(): string | undefined {
    return this.response.errors?.[0]?.extensions?.code;
  }
}

export interface GraphQLRequest {
  query: string;
  operationName?: string;
  variables?: Record<string, unknown>;
}

export interface HttpOptions {
  headers?: Record<string, string>;
  /** Aborts the request (and reading its answer) after this long. */
  timeoutMs?: number;
}

/** One POST as it came back: the status, the headers, the text, and the body when the text is JSON (else null). */
export interface HttpAnswer<T = Record<string, any>> {
  status: number;
  headers: Headers;
  text: string;
  body: GraphQLResponse<T> | null;
}

/**
 * Sends one GraphQL request as a JSON POST. Network failures reject (a `TypeError` whose `cause`
 * names them). Inside a traced request (a subgraph calling another) it is a client span of it.
 */
export function postGraphQL<T = Record<string, any>>(url: string | URL, request: GraphQLRequest, options: HttpOptions = {}): Promise<HttpAnswer<T>> {
  return clientSpan('POST', String(url), {}, async (span) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json', ...options.headers };
    injectTraceContext(headers);
    const response = await fetch(url, {
      method: 'POST',
      headers,
      body: JSON.stringify(request),
      signal: options.timeoutMs === undefined ? undefined : AbortSignal.timeout(options.timeoutMs),
    });
    recordHttpStatus(span, response.status);
    return answerOf<T>(response);
  });
}

async function answerOf<T>(response: Response): Promise<HttpAnswer<T>> {
  const text = await response.text();
  let body: GraphQLResponse<T> | null;
  try {
    body = JSON.parse(text) as GraphQLResponse<T>;
  } catch {
    // Not JSON (a proxy's error page, a body-size refusal): the caller decides from status and text.
    body = null;
  }
  return { status: response.status, headers: response.headers, text, body };
}

export interface GraphQLClient {
  /** Sends one operation; resolves to the raw response whatever it holds. */
  raw<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, operationName?: string): Promise<GraphQLResponse<T> & { status: number }>;
  /** Sends one operation; resolves to `data`, or throws GraphQLRequestError when there are errors. */
  call<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, operationName?: string): Promise<T>;
}

/** A client for one endpoint; `operationName` selects an operation of a document that holds several. */
export function graphqlClient(url: string, headers: Record<string, string> = {}): GraphQLClient {
  const raw = async <T>(query: string, variables?: Record<string, unknown>, operationName?: string) => {
    const answer = await postGraphQL<T>(url, { query, operationName, variables }, { headers });
    const body = answer.body ?? { errors: [{ message: `HTTP ${answer.status}: ${answer.text.slice(0, 200)}` }] };
    return { ...body, status: answer.status };
  };
  return {
    raw,
    async call<T>(query: string, variables?: Record<string, unknown>, operationName?: string) {
      const response = await raw<T>(query, variables, operationName);
      if (response.errors?.length || !response.data) throw new GraphQLRequestError(response, response.status);
      return response.data;
    },
  };
}
