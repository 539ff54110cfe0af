/**
 * `GET /change-count` on the CMDB subgraph: the store's change counter (CmdbStore.changeCount), for
 * the gateway's answer cache (gateway/answer-cache.ts), which reads it before every CMDB-only query
 * to know whether an answer it keeps may still be given. One small HTTP exchange and one point read,
 * where the same question through GraphQL would cost a parse, a validation and an execution.
 *
 * Only the gateway may call it (the internal secret, as on `/graphql`). The answer is
 * `{"changeCount":"<decimal text>"}`; a store that is down is 503, so the gateway falls back to
 * asking the subgraph itself, which reports the outage as it always does.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { isHubError, isStoreUnavailable } from '../../platform/errors';
import { serveInFront } from '../../platform/http';
import { componentLogger } from '../../platform/logger';
import { sameSecret } from '../../platform/secrets';
import { INTERNAL_SECRET_HEADER } from '../../platform/subgraph-server';

const log = componentLogger('cmdb', 'change-count');

export const CHANGE_COUNT_PATH = '/change-count';

export interface ChangeCountOptions {
  changeCount(): Promise<string>;
  internalSecret: string | null;
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    // The counter moves with every write: nothing between the gateway and here may keep it.
    'cache-control': 'no-store',
  });
  response.end(text);
}

async function serveChangeCount(request: IncomingMessage, response: ServerResponse, options: ChangeCountOptions): Promise<void> {
  if (request.method !== 'GET') {
    response.setHeader('allow', 'GET');
    return send(response, 405, { error: `${request.method} is not allowed here; use GET` });
  }
  if (options.internalSecret && !sameSecret(request.headers[INTERNAL_SECRET_HEADER], options.internalSecret)) {
    return send(response, 403, { error: "the cmdb subgraph answers only the hub's gateway" });
  }
  try {
    send(response, 200, { changeCount: await options.changeCount() });
  } catch (error) {
    // The gateway falls back to its uncached path on any failure and logs it there (rate-limited);
    // an outage is expected and said by the status, anything else is a fault worth a line here.
    if ((isHubError(error) && error.extensions.code === 'SERVICE_UNAVAILABLE') || isStoreUnavailable(error)) {
      return send(response, 503, { error: 'the cmdb store is unavailable' });
    }
    log.error({ err: error }, 'reading the change counter failed');
    send(response, 500, { error: 'internal error; the operators have the details' });
  }
}

/** Puts `GET /change-count` in front of the subgraph server's own handler (GraphQL and health). */
export function attachChangeCount(server: Server, options: ChangeCountOptions): void {
  serveInFront(server, {
    paths: [CHANGE_COUNT_PATH],
    serve: (request, response) => serveChangeCount(request, response, options),
    log,
    failed: (response) => send(response, 500, { error: 'internal error; the operators have the details' }),
  });
}
