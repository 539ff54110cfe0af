/** Runs the CMDB subgraph on its own: reads the environment, opens the store, starts. */
import { readCmdbConfig } from './config';
import { createCmdbServer } from './server';
import { openCmdbStore } from './store/open';

async function main(): Promise<void> {
  const config = readCmdbConfig();
  const store = await openCmdbStore(config);
  const server = createCmdbServer({ store, internalSecret: config.internalSecret, introspection: config.introspection });
  console.log(`cmdb subgraph (${store.backend}) at ${await server.start(config.port)}`);
  const stop = async () => {
    await server.stop();
    await store.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
