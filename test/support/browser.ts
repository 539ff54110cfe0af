/**
 * Headless Chromium for the browser suites, with the network cut off: every host but
 * 127.0.0.1 resolves to nothing, and any request that still leaves for another host is
 * aborted and recorded, so a page that needs the internet (a CDN script, a web font) fails
 * its test. Screenshots go to test-results/screenshots/.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadDemo } from '../../scripts/demo';
import { startTestHub, type TestHub, type TestHubOptions } from './hub';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = join(__dirname, '..', '..', 'test-results', 'screenshots');

/**
 * `describe` when Chromium is installed; otherwise the suite is skipped with a reason, and
 * under CI=true a missing Chromium fails instead (no suite is ever skipped silently in CI).
 */
export function describeInBrowser(name: string, body: () => void): void {
  if (existsSync(CHROMIUM_PATH)) return describe(name, body);
  if (process.env.CI === 'true') throw new Error(`CI=true requires Chromium at ${CHROMIUM_PATH} (set CHROMIUM_PATH) for "${name}"`);
  console.warn(`skipped "${name}": no Chromium at ${CHROMIUM_PATH} (set CHROMIUM_PATH)`);
  describe.skip(name, body);
}

export async function launchOffline(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
  });
}

export interface HubAndBrowser {
  hub: TestHub;
  browser: Browser;
}

/**
 * A hub and an offline Chromium for the suite it is called in: both start (and `prepare` runs on
 * the hub) before the suite's tests, and both stop after them.
 */
export function hubAndBrowser(options: TestHubOptions, prepare: (hub: TestHub) => Promise<unknown>): HubAndBrowser {
  const opened = {} as HubAndBrowser;
  beforeAll(async () => {
    [opened.hub, opened.browser] = await Promise.all([startTestHub(options), launchOffline()]);
    await prepare(opened.hub);
  }, 120_000);
  afterAll(async () => {
    await opened.browser?.close();
    await opened.hub?.destroy();
  });
  return opened;
}

/** Loads the demo company into a hub, as `npm start` does on an empty data folder. */
export const withDemo = (hub: TestHub) => loadDemo((query, variables) => hub.client.call(query, variables), () => undefined);

export interface OfflinePage {
  page: Page;
  /** Requests the page tried to send anywhere but 127.0.0.1 (each one aborted). */
  offHost: string[];
  /** Errors the page threw or logged to its console. */
  pageErrors: string[];
}

export async function openOffline(browser: Browser, url: string, options: { viewport?: { width: number; height: number } } = {}): Promise<OfflinePage> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1600, height: 1000 } });
  const offHost: string[] = [];
  const pageErrors: string[] = [];
  await context.route('**/*', (route) => {
    const target = new URL(route.request().url());
    if (target.hostname === '127.0.0.1' || target.protocol === 'data:') return route.continue();
    offHost.push(route.request().url());
    return route.abort('internetdisconnected');
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  await page.goto(url);
  return { page, offHost, pageErrors };
}

/** Saves a screenshot as test-results/screenshots/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path });
  return path;
}
