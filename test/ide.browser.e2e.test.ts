/**
 * The GraphQL IDE at /graphql, driven in headless Chromium with no internet: it loads from the
 * gateway alone, runs a golden operation from its examples and shows the hub's answer, and
 * streams a subscription over graphql-ws.
 */
import { describeInBrowser, hubAndBrowser, openOffline, screenshot, withDemo } from './support/browser';
import { until } from './support/eventually';

describeInBrowser('the GraphQL IDE in a browser', () => {
  const opened = hubAndBrowser({}, withDemo);

  it('runs a golden query picked from its examples and shows the answer, with nothing fetched from the internet', async () => {
    const { totalCount } = (await opened.hub.client.call('{ configurationItems(first: 1) { totalCount } }')).configurationItems;
    const { page, offHost, pageErrors } = await openOffline(opened.browser, opened.hub.gatewayUrl);
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
    const { page, offHost } = await openOffline(opened.browser, opened.hub.gatewayUrl);
    await page.getByRole('button', { name: 'Show Examples' }).click();
    await page.locator('button[data-example="TicketEvents"]').click();
    await page.locator('.graphiql-tab-active').getByText('TicketEvents').waitFor();
    await page.locator('.graphiql-execute-button').click();
    // Live once the whole chain listens: the gateway holds the subscription and its upstream
    // stream is registered at the tickets subgraph's feed (nothing else subscribes on this hub).
    await until(() => opened.hub.gateway.subscribers > 0 && opened.hub.tickets.feed.subscriberCount > 0, {
      timeoutMs: 15_000,
      what: 'the IDE subscription to reach the tickets feed',
    });
    const { createIncident } = await opened.hub.client.call(
      'mutation ($input: CreateIncidentInput!) { createIncident(input: $input) { number } }',
      { input: { title: 'Seen live in the IDE', impact: 'LOW', urgency: 'LOW' } },
    );
    await page.locator('.graphiql-response').getByText(createIncident.number).waitFor({ timeout: 15_000 });
    await screenshot(page, 'ide-subscription');
    expect(offHost).toEqual([]);
  }, 60_000);
});
