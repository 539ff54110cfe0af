/**
 * The hub's browser pages, served by the gateway on its own port: the GraphQL IDE at `/graphql`
 * (a GET that asks for HTML; GraphQL GET and POST requests are untouched) and the impact
 * explorer at `/explorer`, with their bundles under `/assets/<version>/`. Bundles come from
 * scripts/build-web.ts, built on the first page request when missing or stale; the pages'
 * Content-Security-Policy allows nothing but this origin, so they cannot depend on a CDN.
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { EnvReader } from '../platform/config';
import { componentLogger } from '../platform/logger';
import { DIST_DIR, ensureWebBundles, type WebBundles } from '../scripts/build-web';

const log = componentLogger('gateway', 'pages');

export interface PagesConfig {
  /** Serve the GraphQL IDE at `/graphql` (GRAPHQL_IDE; default: on unless NODE_ENV=production). */
  ide: boolean;
}

/** Reads GRAPHQL_IDE (true/false); unset, the IDE is on except with NODE_ENV=production. */
export function readPagesConfig(env: NodeJS.ProcessEnv = process.env): PagesConfig {
  const read = new EnvReader(env);
  const config = { ide: read.boolean('GRAPHQL_IDE', read.string('NODE_ENV') !== 'production') };
  read.done('gateway pages');
  return config;
}

const ASSET_TYPES: Record<string, string> = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' };
const ASSET_PATH = /^\/assets\/([0-9a-f]{16})\/(ide|explorer)\.(js|css)$/;

// Only this origin: scripts, styles, fonts (GraphiQL's are inlined as data: URLs) and the API.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self' ws: wss:",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

function page(title: string, bundle: 'ide' | 'explorer', version: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/${version}/${bundle}.css">
</head>
<body>
<div id="root"></div>
<script src="/assets/${version}/${bundle}.js"></script>
</body>
</html>
`;
}

const IDE_OFF = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>ITSM hub GraphQL API</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; line-height: 1.5">
<h1>ITSM hub GraphQL API</h1>
<p>This is the GraphQL endpoint: send queries and mutations with POST (or GET), subscriptions over graphql-ws at this address.</p>
<p>The in-browser IDE is off here (<code>NODE_ENV=production</code>); the operator can turn it on with <code>GRAPHQL_IDE=true</code>.
The <a href="/explorer">impact explorer</a> is available.</p>
</body></html>
`;

function send(response: ServerResponse, status: number, type: string, body: string | Buffer, cache = 'no-store'): void {
  response.writeHead(status, {
    'content-type': type,
    'content-length': Buffer.byteLength(body),
    'cache-control': cache,
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
  });
  response.end(body);
}

/** A browser navigating to the endpoint (not a GraphQL GET, which carries `query`). */
function wantsIde(request: IncomingMessage, url: URL): boolean {
  if (request.method !== 'GET' || url.pathname !== '/graphql' || url.searchParams.has('query')) return false;
  const accept = request.headers.accept ?? '';
  return accept.includes('text/html');
}

/** Serves the pages; GraphQL and health requests go on to the server's own handler. */
export class Pages {
  private inFlight: Promise<WebBundles> | undefined;

  constructor(private readonly config: PagesConfig) {}

  /**
   * Checks the bundles against their sources (a hash of a few files, about a millisecond) and
   * rebuilds when they changed; concurrent page requests share one check.
   */
  private refresh(): Promise<WebBundles> {
    this.inFlight ??= ensureWebBundles().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  /** Answers the request when it is for a page or an asset; returns false to pass it on. */
  async handle(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const isExplorer = request.method === 'GET' && (url.pathname === '/explorer' || url.pathname === '/explorer/');
    const isIde = wantsIde(request, url);
    const asset = request.method === 'GET' ? ASSET_PATH.exec(url.pathname) : null;
    if (!isExplorer && !isIde && !asset) return false;
    if (isIde && !this.config.ide) {
      send(response, 200, 'text/html; charset=utf-8', IDE_OFF);
      return true;
    }
    try {
      if (asset) {
        const [, version, bundle, type] = asset;
        const body = await readFile(join(DIST_DIR, version, `${bundle}.${type}`)).catch((error: NodeJS.ErrnoException) => {
          if (error.code === 'ENOENT') return null;
          throw error;
        });
        if (body) send(response, 200, ASSET_TYPES[type], body, 'public, max-age=31536000, immutable');
        else send(response, 404, 'text/plain; charset=utf-8', 'this build of the page is gone; reload the page');
        return true;
      }
      const { version } = await this.refresh();
      if (isExplorer) send(response, 200, 'text/html; charset=utf-8', page('Impact explorer · ITSM hub', 'explorer', version));
      else send(response, 200, 'text/html; charset=utf-8', page('GraphQL IDE · ITSM hub', 'ide', version));
    } catch (error) {
      log.error({ err: error, path: url.pathname }, 'could not serve the page');
      if (!response.headersSent) send(response, 500, 'text/plain; charset=utf-8', 'the page could not be built; the gateway log says why');
      else response.end();
    }
    return true;
  }
}

/**
 * Puts the pages in front of the server's existing request handler (the GraphQL and health
 * endpoints of platform/http.ts), so the pages need no change to that shared layer.
 */
export function attachPages(server: Server, config: PagesConfig = readPagesConfig()): Pages {
  const pages = new Pages(config);
  const handlers = server.listeners('request') as ((request: IncomingMessage, response: ServerResponse) => void)[];
  server.removeAllListeners('request');
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    pages.handle(request, response).then(
      (handled) => {
        if (!handled) for (const handler of handlers) handler.call(server, request, response);
      },
      (error) => {
        log.error({ err: error }, 'page request failed');
        if (!response.headersSent) send(response, 500, 'text/plain; charset=utf-8', 'internal error');
      },
    );
  });
  return pages;
}
