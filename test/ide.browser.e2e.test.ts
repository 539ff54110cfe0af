/**
 * The GraphQL IDE at /graphql, driven in headless Chromium with no internet: it loads from the
 * gateway alone, runs a golden operation from its examples and shows the hub's answer, and
 * streams a subscription over graphql-ws.
 */
import type { Browser } from 'playwright-core';
import { loadDemo } from '../scripts/demo';
import { describeInBrowser, launchOffline, openOffline, screenshot } from './support/browser';
import { until } from './support/eventually';
import { startTestHub, type TestHub } from './support/hub';

describeInBrowser('the GraphQL IDE in a browser', () => {
  let hub: TestHub;
  let browser: Browser;

  beforeAll(async () => {
    [hub, browser] = await Promise.all([startTestHub(), launchOffline()]);
    await loadDemo((query, variables) => hub.client.call(query, variables), () => undefined);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await hub?.destroy();
  });

  it('runs a golden query picked from its examples and shows the answer, with nothing fetched from the internet', async () => {
    const { totalCount } = (await hub.client.call('{ configurationItems(first: 1) { totalCount } }')).configurationItems;
    const { page, offHost, pageErrors } = await openOffline(browser, hub.gatewayUrl);
    await page.getByRole('button', { name: 'Show Examples' }).click();
    await page.locator('button[data-example="ListItems"]').click();
    // GraphiQL names the tab after the operation once it has parsed it; running before that would send the old name.
    await page.locator('.graphiql-tab-active').getByText('ListItems').waitFor();
    await page.locator('.graphiql-execute-button').click();
    const response = page.locator('.graphiql-response');
    await response.getByText(`"totalCount": ${totalCount}`).waitFor({ timeout: 15_000 });
    await screenshot(page, 'ide-golden-query');
    expect(offHost).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('streams a subscription over graphql-ws: an incident opened through the API appears in the answer', async () => {
    const { page, offHost } = await openOffline(browser, hub.gatewayUrl);
    await page.getByRole('button', { name: 'Show Examples' }).click();
    await page.locator('button[data-example="TicketEvents"]').click();
    await page.locator('.graphiql-tab-active').getByText('TicketEvents').waitFor();
    await page.locator('.graphiql-execute-button').click();
    // Live once the whole chain listens: the gateway holds the subscription and its upstream
    // stream is registered at the tickets subgraph's feed (nothing else subscribes on this hub).
    await until(() => hub.gateway.subscribers > 0 && hub.tickets.feed.subscriberCount > 0, {
      timeoutMs: 15_000,
      what: 'the IDE subscription to reach the tickets feed',
    });
    const { createIncident } = await hub.client.call(
      'mutation ($input: CreateIncidentInput!) { createIncident(input: $input) { number } }',
      { input: { title: 'Seen live in the IDE', impact: 'LOW', urgency: 'LOW' } },
    );
    await page.locator('.graphiql-response').getByText(createIncident.number).waitFor({ timeout: 15_000 });
    await screenshot(page, 'ide-subscription');
    expect(offHost).toEqual([]);
  }, 60_000);
});
