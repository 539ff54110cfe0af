/**
 * The SQL layer's own reading of values, on both backends: `timestamptz` is
 * parsed by the hub's fast reader, so it is checked against the server's
 * epoch for text in every shape a session time zone makes it print.
 */
import { openPglite, openPostgres, type SqlDatabase } from '../platform/sql';
import { createTestDatabase, postgresSuitesRun, type TestDatabase } from './support/postgres';

const backends = postgresSuitesRun() ? ['PGlite', 'PostgreSQL'] : ['PGlite'];

const INSTANTS = [
  '2024-01-01T05:12:33.123Z',
  '2024-02-29T23:59:59.999Z',
  '2024-12-31T23:00:00Z',
  '1970-01-01T00:00:00Z',
  '1901-06-01T12:00:00Z',
  '0099-06-01T03:12:33.100Z',
  '2262-04-11T23:47:16.854Z',
];
// UTC prints +00, Kolkata +05:30, St John's −03:30 or −02:30, Amsterdam before 1937 +00:19:32 (offset seconds).
const TIME_ZONES = ['UTC', 'Asia/Kolkata', 'America/St_Johns', 'Europe/Amsterdam', 'Pacific/Chatham'];

describe.each(backends)('SQL values on %s', (backend) => {
  let db: SqlDatabase;
  let database: TestDatabase | undefined;

  beforeAll(async () => {
    if (backend === 'PGlite') {
      db = await openPglite(undefined, 'sql-test');
    } else {
      database = await createTestDatabase('hub_sql');
      db = openPostgres(database.url, 'sql-test', { max: 1 });
    }
  });

  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  it.each(TIME_ZONES)('reads timestamptz printed in time zone %s as the same instant', async (zone) => {
    const rows = await db.transaction(async (tx) => {
      await tx.query(`SELECT set_config('TimeZone', $1, true)`, [zone]);
      return tx.query<{ at: Date; text: string; epoch_ms: string }>(
        `SELECT at, at::text AS text, (extract(epoch FROM at) * 1000)::text AS epoch_ms
           FROM unnest($1::timestamptz[]) AS at
         UNION ALL
         SELECT at, at::text, (extract(epoch FROM at) * 1000)::text
           FROM (VALUES (timestamptz '2024-06-01 10:00:00.123456+00'), (timestamptz '0044-03-15 12:00:00+00 BC')) AS v(at)`,
        [INSTANTS],
      );
    });
    expect(rows).toHaveLength(INSTANTS.length + 2);
    for (const row of rows) {
      // Milliseconds: a JavaScript date truncates the server's microseconds.
      expect({ text: row.text, ms: row.at.getTime() }).toEqual({ text: row.text, ms: Math.floor(Number(row.epoch_ms)) });
    }
  });

  it('reads infinity as an infinite date, not a wrong one', async () => {
    const [row] = await db.query<{ future: Date; past: Date }>(`SELECT 'infinity'::timestamptz AS future, '-infinity'::timestamptz AS past`);
    expect([Number(row.future), Number(row.past)]).toEqual([Infinity, -Infinity]);
  });
});
