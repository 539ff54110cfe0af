/** Runs the CMDB subgraph on its own: reads the environment, opens the store, starts. */
import { runService } from '../../platform/service';
import { readCmdbConfig } from './config';
import { createCmdbServer } from './server';
import { openCmdbStore } from './store/open';

runService(async () => {
  const config = readCmdbConfig();
  const store = await openCmdbStore(config);
  const server = createCmdbServer({ store, internalSecret: config.internalSecret, introspection: config.introspection });
  console.log(`cmdb subgraph (${store.backend}) at ${await server.start(config.port)}`);
  return {
    async stop() {
      await server.stop();
      await store.close();
    },
  };
});
