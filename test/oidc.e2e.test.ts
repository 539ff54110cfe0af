/**
 * Bearer JSON Web Tokens from an OpenID Connect provider through the real gateway (production.md,
 * "Identity and permissions"): a local key server (node:http serving a JWKS) stands in for the
 * provider. Signatures by the provider's keys, rotated by `kid`; `exp`/`nbf` with 60 s leeway;
 * issuer and audience exact; `alg: none` and HMAC refused; scopes from `scope` or `scp`; the
 * static API tokens still working beside it; the same identity over HTTP, WebSocket and SSE.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient } from 'graphql-ws';
import type * as Jose from 'jose' with { 'resolution-mode': 'import' };
import WebSocket from 'ws';
import { postGraphQL } from '../platform/graphql-client';
import { eventually } from './support/eventually';
import { startTestHub, type TestHub } from './support/hub';

const ISSUER = 'https://idp.test/realms/itsm';
const AUDIENCE = 'itsm-hub';

interface SigningKey {
  kid: string;
  privateKey: Jose.CryptoKey;
  jwk: Jose.JWK;
}

describe('OIDC bearer tokens', () => {
  let jose: typeof Jose;
  let hub: TestHub;
  let keyServer: Server;
  /** What the key server publishes; tests rotate it. */
  let published: SigningKey[] = [];
  let first: SigningKey;

  const newKey = async (kid: string, alg = 'RS256'): Promise<SigningKey> => {
    const { privateKey, publicKey } = await jose.generateKeyPair(alg, { extractable: true });
    return { kid, privateKey, jwk: { ...(await jose.exportJWK(publicKey)), kid, alg, use: 'sig' } };
  };

  const now = () => Math.floor(Date.now() / 1000);

  /** A token of the provider's; `claims` replace the defaults (iss, aud, exp included). */
  const sign = (key: SigningKey, claims: Record<string, unknown> = {}) =>
    new jose.SignJWT({
      iss: ISSUER,
      aud: AUDIENCE,
      iat: now(),
      exp: now() + 300,
      sub: 'user-7f3a',
      preferred_username: 'ada',
      scope: 'tickets:read tickets:write',
      ...claims,
    })
      .setProtectedHeader({ alg: key.jwk.alg!, kid: key.kid })
      .sign(key.privateKey);

  const ask = async (token: string, query = '{ tickets(first: 1) { totalCount } }', variables?: Record<string, unknown>) => {
    const answer = await postGraphQL(hub.gatewayUrl, { query, variables }, { headers: { authorization: `Bearer ${token}` } });
    return { status: answer.status, data: answer.body?.data, errors: answer.body?.errors ?? [], code: answer.body?.errors?.[0]?.extensions?.code };
  };

  beforeAll(async () => {
    jose = await import('jose');
    first = await newKey('key-1');
    published = [first];
    keyServer = createServer((request, response) => {
      if (request.url !== '/jwks') return void response.writeHead(404).end();
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: published.map((k) => k.jwk) }));
    });
    await new Promise<void>((resolve) => keyServer.listen(0, '127.0.0.1', resolve));
    const { port } = keyServer.address() as AddressInfo;
    hub = await startTestHub({
      env: {
        AUTH_JWKS_URL: `http://127.0.0.1:${port}/jwks`,
        AUTH_ISSUER: ISSUER,
        AUTH_AUDIENCE: AUDIENCE,
        // A removed key stops working within a second (the default is ten minutes).
        AUTH_JWKS_MAX_AGE_SECONDS: '1',
        API_TOKENS: 'ops:ops-static-token:admin',
      },
    });
  }, 240_000);

  afterAll(async () => {
    await hub?.destroy();
    await new Promise((resolve) => keyServer?.close(resolve));
  });

  it('accepts a token signed by the provider, acting as its preferred_username with the scopes of its scope claim', async () => {
    const token = await sign(first);
    const created = await ask(token, 'mutation { createIncident(input: { title: "via oidc", impact: LOW, urgency: LOW }) { id history { actor } } }');
    expect(created.errors).toEqual([]);
    expect(created.data?.createIncident.history[0].actor).toBe('ada');
    // tickets:read and tickets:write only: the CMDB stays closed.
    const cmdb = await ask(token, '{ configurationItem(id: "x") { name } }');
    expect(cmdb.errors.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  it('reads the scopes from an scp list as well', async () => {
    const token = await sign(first, { scope: undefined, scp: ['cmdb:read'] });
    expect((await ask(token, '{ configurationItem(id: "x") { name } }')).errors).toEqual([]);
    expect((await ask(token)).errors.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  it('keeps the static API tokens working beside it', async () => {
    expect((await ask('ops-static-token')).errors).toEqual([]);
  });

  describe('refuses with 401 UNAUTHENTICATED', () => {
    const refused = async (token: string) => {
      const answer = await ask(token);
      expect({ status: answer.status, code: answer.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
      return answer.errors[0].message;
    };

    it('a token expired beyond the 60 s leeway, but not one within it', async () => {
      expect(await refused(await sign(first, { exp: now() - 120 }))).toMatch(/"exp" claim timestamp check failed/);
      expect((await ask(await sign(first, { exp: now() - 20 }))).errors).toEqual([]);
    });

    it('a token not yet valid beyond the leeway, but not one within it', async () => {
      expect(await refused(await sign(first, { nbf: now() + 120 }))).toMatch(/"nbf" claim timestamp check failed/);
      expect((await ask(await sign(first, { nbf: now() + 20 }))).errors).toEqual([]);
    });

    it('a token of another issuer or for another audience', async () => {
      expect(await refused(await sign(first, { iss: `${ISSUER}-other` }))).toMatch(/"iss" claim/);
      expect(await refused(await sign(first, { iss: ISSUER.toUpperCase() }))).toMatch(/"iss" claim/);
      expect(await refused(await sign(first, { aud: 'another-app' }))).toMatch(/"aud" claim/);
      expect(await refused(await sign(first, { aud: `${AUDIENCE}-admin` }))).toMatch(/"aud" claim/);
    });

    it('an unsigned token (alg: none)', async () => {
      const unsigned = new jose.UnsecuredJWT({ sub: 'mallory', scope: 'admin' }).setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime(now() + 300).encode();
      await refused(unsigned);
    });

    it('a token signed with HMAC, even with the public key as its secret', async () => {
      // The classic confusion attack: the public key's bytes used as an HS256 secret.
      const secret = new TextEncoder().encode(JSON.stringify(first.jwk));
      const hmac = await new jose.SignJWT({ sub: 'mallory', scope: 'admin' })
        .setProtectedHeader({ alg: 'HS256', kid: first.kid })
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setExpirationTime(now() + 300)
        .sign(secret);
      expect(await refused(hmac)).toMatch(/alg/);
    });

    it('a token signed by a key the provider does not publish', async () => {
      await refused(await sign(await newKey('unknown-key')));
    });
  });

  it('follows a key rotation: a new kid is fetched and accepted, a removed key\'s tokens are refused', async () => {
    const second = await newKey('key-2', 'ES256');
    const byFirst = await sign(first);
    const bySecond = await sign(second);
    expect((await ask(bySecond)).code).toBe('UNAUTHENTICATED');
    published = [first, second];
    // An unknown kid makes the gateway fetch the keys again (at most once a second).
    await eventually(async () => expect((await ask(bySecond)).errors).toEqual([]), { what: 'the new key accepted' });
    expect((await ask(byFirst)).errors).toEqual([]);
    published = [second];
    await eventually(async () => expect((await ask(byFirst)).code).toBe('UNAUTHENTICATED'), { what: 'the removed key refused' });
    expect((await ask(bySecond)).errors).toEqual([]);
    // The first key back, for the tests that follow.
    published = [first, second];
    await eventually(async () => expect((await ask(byFirst)).errors).toEqual([]), { what: 'the first key accepted again' });
  });

  it('identifies WebSocket and SSE subscribers the same way', async () => {
    const token = await sign(first, { scope: 'tickets:read' });
    const query = 'subscription { ticketEvents(filter: { kinds: [CREATED] }) { sequence } }';
    // A bad token closes the connection with 4403; a good one subscribes (the gateway counts it).
    const subscribeWith = (authorization: string) => {
      const closed = new Promise<number>((resolve) => {
        const client = createClient({
          url: hub.gatewayUrl.replace(/^http/, 'ws'),
          webSocketImpl: WebSocket,
          retryAttempts: 0,
          connectionParams: { authorization },
          on: { closed: (event) => resolve((event as { code: number }).code) },
        });
        client.subscribe({ query }, { next: () => undefined, error: () => undefined, complete: () => undefined });
        subscribed.push(client);
      });
      return closed;
    };
    const subscribed: ReturnType<typeof createClient>[] = [];
    expect(await subscribeWith(`Bearer ${await sign(first, { aud: 'another-app' })}`)).toBe(4403);
    void subscribeWith(`Bearer ${token}`);
    await eventually(() => expect(hub.gateway.subscribers).toBe(1), { what: 'the subscription' });
    await Promise.all(subscribed.map((client) => client.dispose()));

    const sse = (authorization: string) =>
      fetch(hub.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization },
        body: JSON.stringify({ query }),
      });
    expect((await sse(`Bearer ${await sign(first, { exp: now() - 120 })}`)).status).toBe(401);
    const open = await sse(`Bearer ${token}`);
    expect(open.status).toBe(200);
    await open.body?.cancel();
  });
});
