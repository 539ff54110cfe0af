/** Runs the tickets subgraph on its own: reads the environment, opens the store, starts. */
import { runService } from '../../platform/service';
import { readTicketsConfig } from './config';
import { cmdbItemDirectory } from './items';
import { createTicketsServer } from './server';
import { openTicketStore } from './store/open';

runService(async () => {
  const config = readTicketsConfig();
  const store = await openTicketStore(config);
  const server = createTicketsServer({
    store,
    items: cmdbItemDirectory(() => config.cmdbUrl, config.internalSecret),
    slaTargets: config.slaTargets,
    eventRetentionHours: config.eventRetentionHours,
    internalSecret: config.internalSecret,
    introspection: config.introspection,
  });
  console.log(`tickets subgraph (${store.backend}) at ${await server.start(config.port)}`);
  return {
    async stop() {
      await server.stop();
      await store.close();
    },
  };
});
