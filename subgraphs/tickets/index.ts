/** Runs the tickets subgraph on its own: reads the environment, opens the store, starts. */
import { componentLogger, setLogLevel } from '../../platform/logger';
import { runService } from '../../platform/service';
import { startTelemetry } from '../../platform/telemetry';
import { readTicketsConfig } from './config';
import { createTicketsServer } from './server';
import { openTicketStore } from './store/open';

runService('tickets', async () => {
  const config = readTicketsConfig();
  setLogLevel(config.logLevel);
  await startTelemetry('tickets', config.telemetry);
  const store = await openTicketStore(config);
  const server = createTicketsServer({ config, store });
  componentLogger('tickets', 'process').info({ url: await server.start(config.port), backend: store.backend }, 'tickets subgraph listening');
  return {
    async stop() {
      await server.stop();
      await store.close();
    },
  };
});
