/**
 * Hive Gateway as the benches run it (bench/hive.ts starts it; bench/peers.ts sends it queries,
 * bench/subscriptions.ts subscribes): its defaults, the hub's supergraph (the CLI's argument), the
 * subgraphs where the bench started them, and the internal secret they require of a gateway.
 *
 * The tickets subgraph's `Subscription.ticketEvents` goes over graphql-ws at the tickets URL itself
 * (platform/subgraph-server.ts serves both on /graphql); a query-only run never opens it. Clients
 * subscribe to this gateway over graphql-ws on its own /graphql (or SSE / HTTP multipart there).
 *
 * The internal secret, when set, goes two ways: as the `x-hub-internal-secret` header on every HTTP
 * request (queries, mutations, the `_entities` fetches), and in graphql-ws's `connectionParams`,
 * since the tickets subgraph checks it there and Hive's WebSocket transport sends no HTTP headers of
 * the transport entry (@graphql-mesh/transport-http: "WebSocket transport should not have any
 * headers by default, `connectionParams` should be preferred").
 *
 * HIVE_BENCH_ROUTER_RUNTIME=true plans with the Rust query planner (@graphql-hive/router-runtime);
 * a failure to load it stops the gateway, where the CLI's own flag would fall back to JavaScript.
 */
import { defineConfig } from '@graphql-hive/gateway';

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`bench/peers/gateway.config.mjs: ${name} is not set`);
  return value;
}

const SECRET_HEADER = 'x-hub-internal-secret';
/** Unset or empty: the subgraphs run without an internal secret and ask for none. */
const secret = process.env.HUB_INTERNAL_SECRET || null;
// Hive interpolates `{...}` in header and connectionParams values (`{env.NAME}`, `{context...}`):
// a secret carrying braces would be rewritten, so it is refused rather than sent wrong.
if (secret && /[{}]/.test(secret)) throw new Error('bench/peers/gateway.config.mjs: HUB_INTERNAL_SECRET contains { or }, which Hive would interpolate');
const ticketsUrl = required('TICKETS_URL');
const routerRuntime = process.env.HIVE_BENCH_ROUTER_RUNTIME === 'true';

export const gatewayConfig = defineConfig({
  transportEntries: {
    cmdb: { location: required('CMDB_URL') },
    tickets: {
      location: ticketsUrl,
      options: {
        subscriptions: {
          kind: 'ws',
          // The transport turns http(s) into ws(s).
          location: ticketsUrl,
          options: secret ? { connectionParams: { [SECRET_HEADER]: secret } } : {},
        },
      },
    },
    knowledge: { location: required('KNOWLEDGE_URL') },
    ...(secret ? { '*.http': { headers: [[SECRET_HEADER, secret]] } } : {}),
  },
  ...(routerRuntime ? { unifiedGraphHandler: (await import('@graphql-hive/router-runtime')).unifiedGraphHandler } : {}),
});
