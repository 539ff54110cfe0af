/** Runs the knowledge subgraph on its own: reads the environment, opens the store, starts. */
import { componentLogger, setLogLevel } from '../../platform/logger';
import { runService } from '../../platform/service';
import { startTelemetry } from '../../platform/telemetry';
import { readKnowledgeConfig } from './config';
import { createKnowledgeServer } from './server';
import { openKnowledgeStore } from './store/open';

runService('knowledge', async () => {
  const config = readKnowledgeConfig();
  setLogLevel(config.logLevel);
  await startTelemetry('knowledge', config.telemetry);
  const store = await openKnowledgeStore(config);
  const server = createKnowledgeServer({ config, store });
  componentLogger('knowledge', 'process').info({ url: await server.start(config.port), backend: store.backend }, 'knowledge subgraph listening');
  return {
    async stop() {
      await server.stop();
      await store.close();
    },
  };
});
