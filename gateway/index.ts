/** Runs the gateway on its own: reads the environment and the committed supergraph, starts. */
import { readFileSync } from 'node:fs';
import { componentLogger, setLogLevel } from '../platform/logger';
import { runService } from '../platform/service';
import { startTelemetry } from '../platform/telemetry';
import { SUPERGRAPH_FILE } from '../schema/compose';
import { readGatewayConfig } from './config';
import { createGatewayServer } from './server';

runService('gateway', async () => {
  const config = readGatewayConfig();
  setLogLevel(config.logLevel);
  await startTelemetry('gateway', config.telemetry);
  const server = createGatewayServer({ config, supergraphSdl: readFileSync(SUPERGRAPH_FILE, 'utf8') });
  componentLogger('gateway', 'process').info({ url: await server.start(config.port) }, 'gateway listening');
  return server;
});
