/** Runs the gateway on its own: reads the environment and the committed supergraph, starts. */
import { readFileSync } from 'node:fs';
import { runService } from '../platform/service';
import { SUPERGRAPH_FILE } from '../schema/compose';
import { readGatewayConfig } from './config';
import { createGatewayServer } from './server';

runService(async () => {
  const { port, ...config } = readGatewayConfig();
  const server = createGatewayServer({ ...config, supergraphSdl: readFileSync(SUPERGRAPH_FILE, 'utf8') });
  console.log(`gateway at ${await server.start(port)}`);
  return server;
});
