/** A minimal GraphQL-over-HTTP client for the hub's own scripts, benchmarks and tests. */

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

export interface GraphQLClient {
  /** Sends one operation; resolves to the raw response whatever it holds. */
  raw<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T> & { status: number }>;
  /** Sends one operation; resolves to `data`, or throws GraphQLRequestError when there are errors. */
  call<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<T>;
}

export function graphqlClient(url: string, headers: Record<string, string> = {}): GraphQLClient {
  const raw = async <T>(query: string, variables?: Record<string, unknown>) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const text = await response.text();
    let body: GraphQLResponse<T>;
    try {
      body = JSON.parse(text);
    } catch {
      body = { errors: [{ message: `HTTP ${response.status}: ${text.slice(0, 200)}` }] };
    }
    return { ...body, status: response.status };
  };
  return {
    raw,
    async call<T>(query: string, variables?: Record<string, unknown>) {
      const response = await raw<T>(query, variables);
      if (response.errors?.length || !response.data) throw new GraphQLRequestError(response, response.status);
      return response.data;
    },
  };
}
