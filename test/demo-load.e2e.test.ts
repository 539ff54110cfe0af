/**
 * The demo company as `npm start` loads it (scripts/start.ts, scripts/demo-marker.ts): /readyz is
 * not ready until the demo is in, and a load interrupted halfway (a crash) does not leave a
 * half-loaded demo forever: the next start on the embedded stores loads the whole demo again.
 */
import { rmSync } from 'node:fs';
import { logger, setLogLevel, type LogLevel } from '../platform/logger';
import { demoTopology } from '../scripts/demo';
import { readDemoState, writeDemoState } from '../scripts/demo-marker';
import { EPHEMERAL_PORTS, type Hub } from '../scripts/hub';
import { startFromEnvironment } from '../scripts/start';
import { freshDataDir } from './support/hub';

const COUNTS = '{ configurationItems(first: 1) { totalCount } tickets(first: 1) { totalCount } }';

async function npmStart(env: NodeJS.ProcessEnv, print: (text: string) => void = () => undefined): Promise<Hub> {
  const before = logger.level as LogLevel;
  try {
    return await startFromEnvironment({ ...EPHEMERAL_PORTS, LOG_LEVEL: process.env.LOG_LEVEL, ...env }, print);
  } finally {
    setLogLevel(before);
  }
}

async function counts(hub: Hub): Promise<{ items: number; tickets: number }> {
  const response = await fetch(hub.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: COUNTS }) });
  const { data } = (await response.json()) as { data: { configurationItems: { totalCount: number }; tickets: { totalCount: number } } };
  return { items: data.configurationItems.totalCount, tickets: data.tickets.totalCount };
}

describe('loading the demo company', () => {
  const dirs: string[] = [];
  const hubs: Hub[] = [];
  let whole: { items: number; tickets: number };

  // Empty stores, created from global-setup's template: what is tested is the demo's load, not PGlite's initdb.
  const dataDir = () => {
    const dir = freshDataDir();
    dirs.push(dir);
    return dir;
  };

  afterAll(async () => {
    for (const hub of hubs) await hub.stop().catch(() => undefined);
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps /readyz down until the demo is in, then marks the demo loaded', async () => {
    const dir = dataDir();
    let gatewayPort: number | undefined;
    let duringLoad: Promise<{ status: number; body: any }> | undefined;
    const hub = await npmStart({ DATA_DIR: dir }, (line) => {
      const port = /listening on ports (\d+) \(gateway\)/.exec(line)?.[1];
      if (port) gatewayPort = Number(port);
      // The first line of the load: the demo is not in yet, and /readyz must say so.
      if (line.includes('demo: importing') && gatewayPort && !duringLoad) {
        duringLoad = fetch(`http://127.0.0.1:${gatewayPort}/readyz`).then(async (r) => ({ status: r.status, body: await r.json() }));
      }
    });
    hubs.push(hub);
    const early = await duringLoad!;
    expect(early.status).toBe(503);
    expect(early.body.checks.demo).toMatch(/still loading/);
    const after = await fetch(new URL('/readyz', hub.gatewayUrl));
    expect(after.status).toBe(200);
    expect(readDemoState(dir)).toBe('loaded');
    whole = await counts(hub);
    expect(whole.items).toBeGreaterThanOrEqual(demoTopology().items.length);
    expect(whole.tickets).toBeGreaterThan(0);
    await hub.stop();
    hubs.pop();
  }, 400_000);

  it('loads the whole demo again after a load that stopped halfway', async () => {
    const dir = dataDir();
    // A load that crashed after the items went in: the marker says loading, no ticket was written.
    const first = await npmStart({ DATA_DIR: dir, SEED_DEMO: 'false' });
    hubs.push(first);
    writeDemoState(dir, 'loading');
    const { items } = demoTopology();
    const partial = await fetch(first.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation ($items: [ConfigurationItemInput!]!) { importConfigurationItems(items: $items) { created } }',
        variables: { items: items.slice(0, 20) },
      }),
    });
    expect(((await partial.json()) as any).data.importConfigurationItems.created).toBe(20);
    await first.stop();
    hubs.pop();

    const printed: string[] = [];
    const second = await npmStart({ DATA_DIR: dir }, (line) => printed.push(line));
    hubs.push(second);
    expect(printed.join('\n')).toMatch(/the last demo load was interrupted/);
    expect(await counts(second)).toEqual(whole);
    expect(readDemoState(dir)).toBe('loaded');
    await second.stop();
    hubs.pop();

    // A start after a whole load leaves the stores as they are.
    const third = await npmStart({ DATA_DIR: dir }, (line) => printed.push(line));
    hubs.push(third);
    expect(printed.join('\n')).toMatch(/already hold data; no demo loaded/);
    expect(await counts(third)).toEqual(whole);
  }, 600_000);
});
