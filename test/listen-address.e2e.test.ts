/**
 * Where the hub listens: HOST sets the gateway's address (unset, every interface, as before), and
 * the subgraphs that run inside the hub's own process listen on the loopback address only, since
 * only that process's gateway calls them. Checked on the servers' bound sockets.
 */
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readGatewayConfig } from '../gateway/config';
import { createGatewayServer } from '../gateway/server';
import { ConfigError } from '../platform/config';
import { SUPERGRAPH_FILE } from '../schema/compose';
import { readHubConfig } from '../scripts/hub';
import { startTestHub, type TestHub } from './support/hub';

const addressOf = (server: Server) => (server.address() as AddressInfo).address;

describe('listen addresses', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startTestHub({ env: { HOST: '127.0.0.1' } });
  }, 240_000);

  afterAll(async () => {
    await hub?.destroy();
  });

  it('puts the gateway on HOST and the in-process subgraphs on loopback', async () => {
    expect(addressOf(hub.gateway.httpServer)).toBe('127.0.0.1');
    expect(addressOf(hub.cmdb.httpServer)).toBe('127.0.0.1');
    expect(addressOf(hub.tickets.httpServer)).toBe('127.0.0.1');
    expect(addressOf(hub.knowledge.httpServer)).toBe('127.0.0.1');
    expect((await hub.client.call('{ configurationItems(first: 1) { totalCount } }')).configurationItems.totalCount).toBe(0);
  });

  it('listens on every interface when HOST is unset, as before', async () => {
    const config = readGatewayConfig({ PORT: '0' });
    expect(config.host).toBeUndefined();
    const gateway = createGatewayServer({ config, supergraphSdl: readFileSync(SUPERGRAPH_FILE, 'utf8') });
    try {
      const url = await gateway.start(0);
      expect(['::', '0.0.0.0']).toContain(addressOf(gateway.httpServer));
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
      expect((await fetch(new URL('/healthz', url))).status).toBe(200);
    } finally {
      await gateway.stop();
    }
  });

  it('refuses a HOST that is no address, naming the variable', () => {
    expect(readGatewayConfig({ HOST: '::1' }).host).toBe('::1');
    expect(readGatewayConfig({ HOST: 'hub.internal' }).host).toBe('hub.internal');
    let error: unknown;
    try {
      readHubConfig({ HOST: 'not a host!' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([expect.stringMatching(/^HOST=not a host! is not an IP address or host name/)]);
  });
});
