/**
 * Permissions as the schema declares them (platform/scopes.ts) and static tokens' scopes
 * (gateway/identity.ts): the parsing of API_TOKENS and the OIDC settings, the policy read from the
 * SDLs, and the check of a mutation's whole selection.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import { buildSchema, Kind, parse, type OperationDefinitionNode } from 'graphql';
import { readGatewayConfig } from '../gateway/config';
import { createAuthenticator, parseApiTokens, ROLES } from '../gateway/identity';
import { forbiddenSelections, meets, scopePolicy, SCOPES, supergraphEnforcedByTheHub, type Requirement } from '../platform/scopes';

const schemaFile = (name: string) => readFileSync(join(__dirname, '..', 'schema', `${name}.graphql`), 'utf8');
const SUPERGRAPH = schemaFile('supergraph');

describe('API_TOKENS', () => {
  it('maps the roles to scopes: read every *:read, write every read and write scope, admin everything', () => {
    const [reader, writer, admin, bare] = parseApiTokens('r:t1:read,w:t2:write,a:t3:admin,b:t4');
    expect([...reader.scopes].sort()).toEqual(['cmdb:read', 'knowledge:read', 'metrics:read', 'tickets:read']);
    expect([...writer.scopes].sort()).toEqual([
      'cmdb:read', 'cmdb:write', 'knowledge:read', 'knowledge:write', 'metrics:read', 'tickets:read', 'tickets:write',
    ]);
    expect(writer.scopes.has('admin')).toBe(false);
    expect([...admin.scopes].sort()).toEqual([...SCOPES].sort());
    // A token without a role may do everything, as before scopes existed.
    expect(bare.scopes).toEqual(new Set(ROLES.admin));
  });

  it('takes an explicit scope list joined by +', () => {
    const [bi, one] = parseApiTokens('bi:s3cret:tickets:read+metrics:read, wall:w:cmdb:read');
    expect(bi).toEqual({ name: 'bi', token: 's3cret', scopes: new Set(['tickets:read', 'metrics:read']) });
    expect(one).toEqual({ name: 'wall', token: 'w', scopes: new Set(['cmdb:read']) });
  });

  it('refuses an unknown role or scope, naming it but never the token', () => {
    expect(() => parseApiTokens('bi:s3cret:tickets:read+tickets:admin')).toThrow(/"tickets:admin", neither a role/);
    expect(() => parseApiTokens('bi:s3cret:owner')).toThrow(/"owner"/);
    expect(() => parseApiTokens('bi:s3cret:owner')).not.toThrow(/s3cret/);
    expect(() => parseApiTokens('nobody')).toThrow(/is not name:token/);
  });
});

describe('an open hub', () => {
  it('gives every caller every scope and says it is open', async () => {
    const open = createAuthenticator({ apiTokens: [], oidc: null });
    expect(open.open).toBe(true);
    expect(open.describe()).toMatch(/the API is open, every caller has every scope/);
    expect(await open.identify({ 'x-actor': 'ada' })).toEqual({ actor: 'ada', subject: null, scopes: new Set(SCOPES) });
    const closed = createAuthenticator({ apiTokens: parseApiTokens('bi:t:metrics:read'), oidc: null });
    expect(closed.open).toBe(false);
    await expect(closed.identify({})).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    expect(await closed.identify({ authorization: 'Bearer t' })).toEqual({ actor: 'bi', subject: 'token:bi', scopes: new Set(['metrics:read']) });
  });
});

describe('OIDC settings', () => {
  it('take AUTH_JWKS_URL, AUTH_ISSUER and AUTH_AUDIENCE together', () => {
    expect(readGatewayConfig({}).oidc).toBeNull();
    const oidc = { AUTH_JWKS_URL: 'https://idp.example/jwks', AUTH_ISSUER: 'https://idp.example/', AUTH_AUDIENCE: 'itsm-hub' };
    expect(readGatewayConfig(oidc).oidc).toEqual({ jwksUrl: 'https://idp.example/jwks', issuer: 'https://idp.example/', audience: 'itsm-hub' });
  });

  it('refuse one without the others, naming what is missing', () => {
    expect(() => readGatewayConfig({ AUTH_JWKS_URL: 'https://idp.example/jwks' })).toThrow(
      /AUTH_JWKS_URL is set without AUTH_ISSUER and AUTH_AUDIENCE/,
    );
    expect(() => readGatewayConfig({ AUTH_ISSUER: 'x', AUTH_AUDIENCE: 'y' })).toThrow(/AUTH_ISSUER and AUTH_AUDIENCE are set without AUTH_JWKS_URL/);
    expect(() => readGatewayConfig({ AUTH_JWKS_URL: 'ftp://idp', AUTH_ISSUER: 'x', AUTH_AUDIENCE: 'y' })).toThrow(/AUTH_JWKS_URL=ftp:\/\/idp must use http or https/);
  });
});

describe('the schema\'s permissions', () => {
  const supergraph = scopePolicy(SUPERGRAPH);
  const api = buildSchema(SUPERGRAPH, { assumeValidSDL: true });
  const summary = (requirement: Requirement | undefined) =>
    JSON.stringify({ authenticated: requirement?.authenticated ?? false, scopes: (requirement?.scopes ?? []).map((a) => a.map((all) => [...all].sort()).sort()).sort() });

  it('guard every root field a client can reach', () => {
    const unguarded: string[] = [];
    for (const root of [api.getQueryType()!, api.getMutationType()!, api.getSubscriptionType()!]) {
      for (const field of Object.values(root.getFields())) {
        const inaccessible = field.astNode?.directives?.some((d) => d.name.value === 'inaccessible');
        if (!inaccessible && !field.name.startsWith('_') && !supergraph.has(`${root.name}.${field.name}`)) unguarded.push(`${root.name}.${field.name}`);
      }
    }
    expect(unguarded).toEqual([]);
  });

  it('give imports to admin alone, and ticketEvents to tickets:read', () => {
    for (const key of ['Mutation.importConfigurationItems', 'Mutation.importIncidents']) {
      expect(meets(new Set(ROLES.write), supergraph.get(key)!)).toBe(false);
      expect(meets(new Set(['admin']), supergraph.get(key)!)).toBe(true);
    }
    expect(summary(supergraph.get('Subscription.ticketEvents'))).toBe(summary({ authenticated: false, scopes: [[['tickets:read']]] }));
  });

  it.each(['cmdb', 'tickets', 'knowledge'])('are the same in the %s subgraph, which enforces them, as in the composed supergraph', (name) => {
    const own = scopePolicy(schemaFile(name));
    const document = parse(schemaFile(name));
    const differing: string[] = [];
    for (const definition of document.definitions) {
      if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
      for (const field of definition.fields ?? []) {
        const key = `${definition.name.value}.${field.name.value}`;
        if (field.directives?.some((d) => d.name.value === 'external' || d.name.value === 'inaccessible')) continue;
        if (summary(own.get(key)) !== summary(supergraph.get(key))) differing.push(`${key}: ${summary(own.get(key))} here, ${summary(supergraph.get(key))} composed`);
      }
    }
    expect(differing).toEqual([]);
  });

  it('refuse a mutation by any field of its selection, through fragments and interfaces', () => {
    const document = parse(/* GraphQL */ `
      mutation ($id: ID!) {
        transitionTicket(id: $id, to: RESOLVED) { ...Seen }
      }
      fragment Seen on Ticket { number affectedItems { id name } }
    `);
    const operation = document.definitions[0] as OperationDefinitionNode;
    const ticketsOnly = new Set(['tickets:read', 'tickets:write']);
    expect(forbiddenSelections(api, supergraph, document, operation, ticketsOnly)).toEqual([
      'ConfigurationItem.name requires the scope cmdb:read',
    ]);
    expect(forbiddenSelections(api, supergraph, document, operation, new Set([...ticketsOnly, 'cmdb:read']))).toEqual([]);
    // Without tickets:read the ticket's own fields go too (on every type implementing Ticket).
    expect(forbiddenSelections(api, supergraph, document, operation, new Set(['tickets:write', 'cmdb:read']))).toContain(
      'Incident.number requires the scope tickets:read',
    );
  });
});

describe('the supergraph as the gateway loads it', () => {
  it('is refused by Apollo\'s own check as composed (it cannot enforce the scopes), and loads once the hub enforces them', () => {
    expect(() => Supergraph.build(SUPERGRAPH)).toThrow(/requiresScopes\/v0.1 is for: SECURITY but is unsupported/);
    const loaded = supergraphEnforcedByTheHub(SUPERGRAPH);
    expect(() => Supergraph.build(loaded)).not.toThrow();
    // The directives stay, so the policy read from either is the same.
    expect([...scopePolicy(loaded)]).toEqual([...scopePolicy(SUPERGRAPH)]);
  });
});
