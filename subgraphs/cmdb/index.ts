/** Runs the CMDB subgraph on its own: reads the environment, opens the store, starts. */
import { componentLogger, setLogLevel } from '../../platform/logger';
import { runService } from '../../platform/service';
import { startTelemetry } from '../../platform/telemetry';
import { readCmdbConfig } from './config';
import { createCmdbServer } from './server';
import { openCmdbStore } from './store/open';

runService('cmdb', async () => {
  const config = readCmdbConfig();
  setLogLevel(config.logLevel);
  await startTelemetry('cmdb', config.telemetry);
  const store = await openCmdbStore(config);
  const server = createCmdbServer({ config, store });
  componentLogger('cmdb', 'process').info({ url: await server.start(config.port), backend: store.backend }, 'cmdb subgraph listening');
  return {
    async stop() {
      await server.stop();
      await store.close();
    },
  };
});
