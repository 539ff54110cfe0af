/**
 * Hive Gateway as bench/peers.ts runs it: its defaults, the hub's supergraph (the CLI's argument),
 * the subgraphs where the bench started them, and the internal secret they require of a gateway.
 * HIVE_BENCH_ROUTER_RUNTIME=true plans with the Rust query planner (@graphql-hive/router-runtime);
 * a failure to load it stops the gateway, where the CLI's own flag would fall back to JavaScript.
 */
import { defineConfig } from '@graphql-hive/gateway';

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`bench/peers/gateway.config.mjs: ${name} is not set`);
  return value;
}

const secret = required('HUB_INTERNAL_SECRET');
const routerRuntime = process.env.HIVE_BENCH_ROUTER_RUNTIME === 'true';

export const gatewayConfig = defineConfig({
  transportEntries: {
    cmdb: { location: required('CMDB_URL') },
    tickets: { location: required('TICKETS_URL') },
    knowledge: { location: required('KNOWLEDGE_URL') },
    '*.http': { headers: [['x-hub-internal-secret', secret]] },
  },
  ...(routerRuntime ? { unifiedGraphHandler: (await import('@graphql-hive/router-runtime')).unifiedGraphHandler } : {}),
});
