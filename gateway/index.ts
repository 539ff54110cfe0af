/** Runs the gateway on its own: reads the environment and the committed supergraph, starts. */
import { readFileSync } from 'node:fs';
import { SUPERGRAPH_FILE } from '../schema/compose';
import { readGatewayConfig } from './config';
import { createGatewayServer } from './server';

async function main(): Promise<void> {
  const { port, ...config } = readGatewayConfig();
  const server = createGatewayServer({ ...config, supergraphSdl: readFileSync(SUPERGRAPH_FILE, 'utf8') });
  console.log(`gateway at ${await server.start(port)}`);
  const stop = async () => {
    await server.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
