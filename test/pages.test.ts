/**
 * The gateway's pages over real HTTP, in front of a stand-in GraphQL handler: which requests
 * get a page, which go on to GraphQL, the IDE's switch, and the same-origin-only policy.
 */
import { createServer, type Server } from 'node:http';
import { close, listen } from '../platform/http';
import { attachPages, readPagesConfig } from '../gateway/pages';

async function serve(ide: boolean): Promise<{ server: Server; base: string }> {
  const server = createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ passedOn: `${request.method} ${request.url}` }));
  });
  attachPages(server, { ide });
  const port = await listen(server, 0, '127.0.0.1');
  return { server, base: `http://127.0.0.1:${port}` };
}

describe('readPagesConfig', () => {
  it('turns the IDE on by default and off under NODE_ENV=production', () => {
    expect(readPagesConfig({})).toEqual({ ide: true });
    expect(readPagesConfig({ NODE_ENV: 'production' })).toEqual({ ide: false });
  });

  it('lets GRAPHQL_IDE decide either way', () => {
    expect(readPagesConfig({ NODE_ENV: 'production', GRAPHQL_IDE: 'true' })).toEqual({ ide: true });
    expect(readPagesConfig({ GRAPHQL_IDE: 'false' })).toEqual({ ide: false });
  });

  it('names GRAPHQL_IDE when its value is not a boolean', () => {
    expect(() => readPagesConfig({ GRAPHQL_IDE: 'sometimes' })).toThrow('GRAPHQL_IDE=sometimes is not true or false');
  });
});

describe('the pages in front of the GraphQL endpoint', () => {
  let on: { server: Server; base: string };
  let off: { server: Server; base: string };

  beforeAll(async () => {
    [on, off] = await Promise.all([serve(true), serve(false)]);
  });

  afterAll(async () => {
    await Promise.all([close(on.server), close(off.server)]);
  });

  it('serves the IDE to a browser at /graphql, with its bundle from the same origin and a policy that allows nothing else', async () => {
    const response = await fetch(`${on.base}/graphql`, { headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await response.text();
    const script = /<script src="(\/assets\/[0-9a-f]{16}\/ide\.js)">/.exec(html)?.[1];
    expect(script).toBeDefined();
    const bundle = await fetch(`${on.base}${script}`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toContain('text/javascript');
    expect((await bundle.text()).length).toBeGreaterThan(100_000);
  }, 120_000);

  it('passes GraphQL requests on: POST, GET with a query, and GET from clients that do not ask for HTML', async () => {
    const post = await fetch(`${on.base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
    expect(await post.json()).toEqual({ passedOn: 'POST /graphql' });
    const get = await fetch(`${on.base}/graphql?query=%7B__typename%7D`, { headers: { accept: 'text/html' } });
    expect(await get.json()).toEqual({ passedOn: 'GET /graphql?query=%7B__typename%7D' });
    const json = await fetch(`${on.base}/graphql`, { headers: { accept: 'application/json' } });
    expect(await json.json()).toEqual({ passedOn: 'GET /graphql' });
  });

  it('says how to turn the IDE on where it is off, and still serves the explorer there', async () => {
    const ide = await fetch(`${off.base}/graphql`, { headers: { accept: 'text/html' } });
    expect(await ide.text()).toContain('GRAPHQL_IDE=true');
    const explorer = await fetch(`${off.base}/explorer`);
    expect(explorer.status).toBe(200);
    expect(await explorer.text()).toMatch(/<script src="\/assets\/[0-9a-f]{16}\/explorer\.js">/);
  }, 120_000);

  it('answers 404 for a bundle of a build that does not exist', async () => {
    const response = await fetch(`${on.base}/assets/0000000000000000/ide.js`);
    expect(response.status).toBe(404);
  });
});
