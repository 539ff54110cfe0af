/**
 * Identical subgraph queries in flight at the same moment go out once and share the answer.
 *
 * Dashboards, wall screens and BI refreshes send the same operation at the same instant; each
 * one plans to the same subgraph requests with the same identity. The first request goes to the
 * subgraph and the others wait for its answer. Only the answer's bytes are shared: every caller
 * gets its own Response to parse, because the gateway merges parsed answers into its result in
 * place, and two executions must never hold the same objects.
 *
 * What may be shared is decided on the request as the subgraph would receive it: the URL, every
 * header but the request id (so identity, scopes and the internal secret are part of the key) and
 * the body. Mutations are never shared; a body that does not start as a query is not either.
 */
export interface SharedFetchStats {
  /** Requests that went to a subgraph. */
  sent: number;
  /** Requests answered by a request already in flight. */
  shared: number;
}

type Fetcher = (url: string, init: RequestInit) => Promise<Response>;

interface Answer {
  status: number;
  statusText: string;
  headers: [string, string][];
  body: ArrayBuffer;
}

/** Headers that differ between otherwise identical requests without changing the answer. */
const IGNORED_HEADERS = new Set(['x-request-id', 'traceparent', 'tracestate']);

/**
 * The body's first bytes as the gateway writes them (`JSON.stringify({ query, ... })`): a
 * subgraph query starts `query` or `{`; anything else (a mutation, a subscription) is not shared.
 */
function isSharableBody(body: string): boolean {
  return body.startsWith('{"query":"query') || body.startsWith('{"query":"{');
}

function keyOf(url: string, init: RequestInit, body: string): string {
  const headers = Object.entries((init.headers ?? {}) as Record<string, string>)
    .map(([name, value]) => [name.toLowerCase(), value] as const)
    .filter(([name]) => !IGNORED_HEADERS.has(name))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([url, headers, body]);
}

function responseOf(answer: Answer): Response {
  return new Response(answer.body.byteLength ? answer.body.slice(0) : null, {
    status: answer.status,
    statusText: answer.statusText,
    headers: answer.headers,
  });
}

/** `share: false` only counts: every request goes out (SHARE_INFLIGHT_FETCHES=false). */
export function sharingInFlight(fetcher: Fetcher, options: { share: boolean }): { fetch: Fetcher; stats(): SharedFetchStats } {
  const inFlight = new Map<string, Promise<Answer>>();
  const stats: SharedFetchStats = { sent: 0, shared: 0 };

  const send = async (url: string, init: RequestInit): Promise<Answer> => {
    const response = await fetcher(url, init);
    return {
      status: response.status,
      statusText: response.statusText,
      headers: [...response.headers],
      body: await response.arrayBuffer(),
    };
  };

  const sharedFetch: Fetcher = async (url, init) => {
    const body = typeof init.body === 'string' ? init.body : null;
    if (!options.share || body === null || !isSharableBody(body)) {
      stats.sent += 1;
      return fetcher(url, init);
    }
    const key = keyOf(url, init, body);
    const pending = inFlight.get(key);
    if (pending) {
      stats.shared += 1;
      return responseOf(await pending);
    }
    stats.sent += 1;
    const answer = send(url, init);
    inFlight.set(key, answer);
    // Removed once settled, whatever the outcome: a failure is shared by those already waiting
    // (they asked at the same moment) but never handed to a request that comes after it.
    const forget = () => inFlight.delete(key);
    answer.then(forget, forget);
    return responseOf(await answer);
  };

  return { fetch: sharedFetch, stats: () => ({ ...stats }) };
}
