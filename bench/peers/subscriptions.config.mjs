/**
 * Hive Gateway as bench/subscriptions-hive.ts runs it: a reference for the subscription benchmark.
 * Its defaults, the hub's supergraph (the CLI's argument), the subgraphs where the hub started them,
 * and the tickets subgraph's `Subscription.ticketEvents` over graphql-ws at the tickets URL itself
 * (platform/subgraph-server.ts serves both on /graphql).
 *
 * The internal secret, when the hub has one, goes two ways: as the `x-hub-internal-secret` header
 * on every HTTP request (queries, mutations, the `_entities` fetches that resolve each event's
 * affected items in the CMDB), and in graphql-ws's `connectionParams` for the subscriptions, since
 * the tickets subgraph checks it there and Hive's WebSocket transport sends no HTTP headers of the
 * transport entry (@graphql-mesh/transport-http: "WebSocket transport should not have any headers
 * by default, `connectionParams` should be preferred").
 *
 * Clients subscribe to this gateway over graphql-ws on its GraphQL endpoint (/graphql), which the
 * Hive Gateway CLI serves by default (or over SSE / HTTP multipart on the same path).
 */
import { defineConfig } from '@graphql-hive/gateway';

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`bench/peers/subscriptions.config.mjs: ${name} is not set`);
  return value;
}

const SECRET_HEADER = 'x-hub-internal-secret';
/** Unset or empty: the subgraphs run without an internal secret and ask for none. */
const secret = process.env.HUB_INTERNAL_SECRET || null;
// Hive interpolates `{...}` in header and connectionParams values (`{env.NAME}`, `{context...}`):
// a secret carrying braces would be rewritten, so it is refused rather than sent wrong.
if (secret && /[{}]/.test(secret)) throw new Error('bench/peers/subscriptions.config.mjs: HUB_INTERNAL_SECRET contains { or }, which Hive would interpolate');
const ticketsUrl = required('TICKETS_URL');

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
});
