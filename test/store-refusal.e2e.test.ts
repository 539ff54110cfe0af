/**
 * A PostgreSQL database that refuses connections, and imports that race, through the real gateway
 * on the machine's PostgreSQL (production.md): a database not accepting connections (SQLSTATE
 * 55000 on connect, 57P01 for the connections it ends) is SERVICE_UNAVAILABLE, never an internal
 * error, and the hub recovers by itself; a burst of overlapping imports ends each in success (an
 * import is an idempotent upsert) or CONFLICT, never in a duplicate-key internal error.
 */
import { Client } from 'pg';
import { ADMIN_URL, createTestDatabase, postgresSuitesRun, type TestDatabase } from './support/postgres';
import { eventually } from './support/eventually';
import { SMALL_TOPOLOGY, startTestHub, type TestHub } from './support/hub';

const onPostgres = postgresSuitesRun() ? describe : describe.skip;

const codes = (response: { errors?: { extensions?: Record<string, any> }[] }) => (response.errors ?? []).map((e) => e.extensions?.code);

async function admin(statements: string[]): Promise<void> {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

onPostgres('a PostgreSQL database that refuses connections, and racing imports', () => {
  let database: TestDatabase;
  let hub: TestHub;
  let name: string;

  beforeAll(async () => {
    database = await createTestDatabase('hub_refusal');
    name = new URL(database.url).pathname.slice(1);
    hub = await startTestHub({ env: { DATABASE_URL: database.url } });
    await hub.golden('ImportTopology', SMALL_TOPOLOGY);
  }, 240_000);

  afterAll(async () => {
    await hub?.destroy();
    await database?.drop();
  });

  it('ends every one of a burst of overlapping imports in success or CONFLICT, never an internal error', async () => {
    const IMPORT = 'mutation ($items: [ConfigurationItemInput!]!) { importConfigurationItems(items: $items) { created updated unchanged } }';
    for (let round = 0; round < 3; round++) {
      // Sixteen imports whose new externalIds overlap those of their next twenty neighbours: each races the others on inserts.
      const payloads = Array.from({ length: 16 }, (_, k) =>
        Array.from({ length: 60 }, (_, j) => ({ externalId: `race-${round}-${k * 3 + j}`, name: `race ${round} ${k * 3 + j}`, ciClass: 'CONTAINER' })),
      );
      const answers = await Promise.all(payloads.map((items) => hub.client.raw(IMPORT, { items })));
      for (const answer of answers) {
        expect(codes(answer).filter((code) => code !== 'CONFLICT')).toEqual([]);
      }
      // Whatever succeeded is there, once.
      const imported = new Set(payloads.filter((_, k) => !answers[k].errors).flatMap((items) => items.map((item) => item.externalId)));
      const { configurationItems } = await hub.client.call('query ($f: CIFilter) { configurationItems(filter: $f, first: 500) { totalCount } }', {
        f: { nameContains: `race ${round} ` },
      });
      expect(configurationItems.totalCount).toBeGreaterThanOrEqual(imported.size);
    }
  }, 120_000);

  it('answers SERVICE_UNAVAILABLE while the database refuses connections, and recovers when it accepts them again', async () => {
    await admin([
      `ALTER DATABASE ${name} ALLOW_CONNECTIONS false`,
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}' AND pid <> pg_backend_pid()`,
    ]);
    try {
      // The pool's connections were ended: every request needs a new one, which the server refuses with 55000.
      const ticketQuery = await hub.goldenRaw('ExtractTickets', {});
      expect(codes(ticketQuery)).toContain('SERVICE_UNAVAILABLE');
      expect(codes(ticketQuery)).not.toContain('INTERNAL_SERVER_ERROR');
      const create = await hub.goldenRaw('OpenIncident', { input: { title: 'while refused', impact: 'LOW', urgency: 'LOW' } });
      expect(codes(create)).toEqual(['SERVICE_UNAVAILABLE']);
      const items = await hub.client.raw('{ configurationItems(first: 1) { totalCount } }');
      expect(codes(items)).toEqual(['SERVICE_UNAVAILABLE']);
      const ready = await fetch(new URL('/readyz', hub.gatewayUrl));
      expect(ready.status).toBe(503);
    } finally {
      await admin([`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`]);
    }
    await eventually(() => hub.golden('OpenIncident', { input: { title: 'after', impact: 'LOW', urgency: 'LOW' } }));
    expect((await hub.golden('ExtractTickets', {})).tickets.totalCount).toBe(1);
  }, 120_000);
});
