/** Runs the tickets subgraph on its own: reads the environment, opens the store, starts. */
import { readTicketsConfig } from './config';
import { cmdbItemDirectory } from './items';
import { createTicketsServer } from './server';
import { openTicketStore } from './store/open';

async function main(): Promise<void> {
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
