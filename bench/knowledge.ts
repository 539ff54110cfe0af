/**
 * `npm run bench -- --only knowledge`: `searchKnowledge` over 20,000 generated articles (1,000
 * with --quick), through the gateway with the golden SearchKnowledge operation, next to the
 * store's one search statement (the raw SQL the subgraph runs), on PGlite and on PostgreSQL.
 *
 * Articles are written straight into the table in batches (the search document is a generated
 * column, so it is what the store's own writes would leave); each is about one of ten topics of
 * 1,500 words, so a word matches about 5% of the articles and a pair of words from one topic about 1%.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kind, parse } from 'graphql';
import { graphqlClient } from '../platform/graphql-client';
import { openPglite, openPostgres, type SqlDatabase } from '../platform/sql';
import { startHub } from '../scripts/hub';
import { benchHubConfig } from './processes';
import { openSqlKnowledgeStore } from '../subgraphs/knowledge/store/sql';
import { CONTRACT_DIR } from '../test/support/hub';
import { createTestDatabase, postgresAvailable } from '../test/support/postgres';
import { mulberry32 } from './random';
import type { BenchOptions } from './run';
import { median } from './stats';

const PART = readFileSync(join(CONTRACT_DIR, 'parts', 'service-level.operations.graphql'), 'utf8');
/** The golden SearchKnowledge operation, as written. */
const SEARCH = (() => {
  const definition = parse(PART).definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION && d.name?.value === 'SearchKnowledge')!;
  return PART.slice(definition.loc!.start, definition.loc!.end);
})();

const VOCABULARY = (
  'server database network switch router firewall storage disk latency timeout error failure outage restart reboot ' +
  'password account login access permission certificate expired renew vpn tunnel proxy dns cache memory cpu load ' +
  'printer scanner laptop monitor keyboard email mailbox calendar license install update upgrade patch rollback backup ' +
  'restore snapshot replica cluster node pod container kubernetes deploy release pipeline build queue message broker ' +
  'payment checkout cart order invoice refund shipping warehouse inventory catalog search index query slow fast ' +
  'connection pool thread deadlock lock transaction commit log alert monitor dashboard metric threshold capacity ' +
  'user customer store terminal card reader receipt barcode wifi access-point cable port vlan subnet gateway ' +
  'api service application web frontend backend session token cookie browser mobile app crash freeze hang ' +
  'configuration setting policy group role directory ldap sso mfa phone ticket incident problem change request ' +
  'vendor support contract warranty hardware firmware driver bios raid controller power supply fan temperature'
).split(/\s+/);

const QUERIES = ['database timeout', '"disk latency"', 'printer or scanner', 'vpn -password', 'restart payment service', 'certificate expired renew', 'slow checkout', 'raid controller firmware'];

/** Seeded, so every run writes the same articles. */
const random = mulberry32;

/**
 * 1,500 words: the IT vocabulary and made-up names (hosts, products, error codes, as articles are full
 * of), shuffled so that every topic gets some of each.
 */
function corpusVocabulary(): string[] {
  const next = random(7);
  const syllables = ['ka', 'lo', 'mi', 'ren', 'tor', 'vex', 'sa', 'qui', 'dor', 'pla', 'zen', 'tri', 'bo', 'nu', 'gar', 'fel'];
  const names = new Set<string>();
  while (names.size < 1500 - VOCABULARY.length) {
    names.add(Array.from({ length: 3 }, () => syllables[Math.floor(next() * syllables.length)]).join(''));
  }
  const words = [...VOCABULARY, ...names];
  for (let i = words.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [words[i], words[j]] = [words[j], words[i]];
  }
  return words;
}

/** Writes `count` articles: 80% published, 15% drafts, 5% retired. */
async function loadArticles(db: SqlDatabase, count: number): Promise<number> {
  const next = random(42);
  const vocabulary = corpusVocabulary();
  // Each article is about one of ten topics (a slice of the vocabulary) and draws 70% of its words
  // from it: a word is frequent in its topic's articles and rare elsewhere, as in a real knowledge base.
  const TOPICS = 10;
  const topicSize = Math.floor(vocabulary.length / TOPICS);
  let topic = 0;
  const word = () =>
    next() < 0.7 ? vocabulary[topic * topicSize + Math.floor(next() * topicSize)] : vocabulary[Math.floor(next() * vocabulary.length)];
  const words = (n: number) => Array.from({ length: n }, word).join(' ');
  const started = performance.now();
  const BATCH = 2000;
  for (let from = 0; from < count; from += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, count - from) }, (_, i) => {
      const n = from + i + 1;
      topic = Math.floor(next() * TOPICS);
      const roll = next();
      return {
        id: `bench-${n}`,
        n,
        title: `${words(4)} ${n % 7 === 0 ? 'troubleshooting' : 'how to'}`,
        body: `${words(40)}. ${words(30)}. ${words(20)}.`,
        status: roll < 0.8 ? 'PUBLISHED' : roll < 0.95 ? 'DRAFT' : 'RETIRED',
      };
    });
    await db.query(
      `INSERT INTO knowledge.article (id, number, title, body, status, author, created_at, updated_at, published_at, version)
       SELECT x.id, 'KB' || lpad(nextval('knowledge.article_number')::text, 7, '0'), x.title, x.body, x.status, 'bench', now(), now(),
              CASE WHEN x.status <> 'DRAFT' THEN now() END, 1
       FROM jsonb_to_recordset($1::text::jsonb) AS x(id text, n int, title text, body text, status text)
       ORDER BY x.n`,
      [JSON.stringify(rows)],
    );
  }
  await db.query('VACUUM ANALYZE knowledge.article');
  return (performance.now() - started) / 1000;
}

async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const result = await work();
  return [performance.now() - started, result];
}

async function benchBackend(backend: 'PGlite' | 'PostgreSQL', db: SqlDatabase, articles: number, runs: number, report: (line: string) => void): Promise<void> {
  const store = await openSqlKnowledgeStore(db);
  const loadSeconds = await loadArticles(db, articles);
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-bench-knowledge-'));
  const hub = await startHub(benchHubConfig(dataDir), {
    stores: { knowledge: store },
  });
  try {
    const client = graphqlClient(hub.gatewayUrl);
    report(`\n### ${backend}: ${articles} articles written in ${loadSeconds.toFixed(1)} s\n`);
    report('| query | hits | gateway p50 ms | store (raw SQL) p50 ms | gateway/store |');
    report('|---|---:|---:|---:|---:|');
    const gatewayAll: number[] = [];
    const storeAll: number[] = [];
    for (const query of QUERIES) {
      // Warm both paths once: plans, caches, the gateway's query plan for the operation.
      const [, warm] = await timed(() => client.call(SEARCH, { query }, 'SearchKnowledge'));
      await store.search(query, ['PUBLISHED'], 20);
      const gateway: number[] = [];
      const raw: number[] = [];
      for (let run = 0; run < runs; run++) {
        gateway.push((await timed(() => client.call(SEARCH, { query }, 'SearchKnowledge')))[0]);
        raw.push((await timed(() => store.search(query, ['PUBLISHED'], 20)))[0]);
      }
      gatewayAll.push(...gateway);
      storeAll.push(...raw);
      report(
        `| \`${query}\` | ${(warm as { searchKnowledge: unknown[] }).searchKnowledge.length} | ${median(gateway).toFixed(1)} | ${median(raw).toFixed(1)} | ${(median(gateway) / median(raw)).toFixed(2)} |`,
      );
    }
    report(
      `| all queries | | **${median(gatewayAll).toFixed(1)}** | **${median(storeAll).toFixed(1)}** | ${(median(gatewayAll) / median(storeAll)).toFixed(2)} |`,
    );
  } finally {
    await hub.stop();
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function benchKnowledge({ quick, report, backends }: BenchOptions): Promise<void> {
  const articles = quick ? 1_000 : 20_000;
  const runs = quick ? 5 : 21;
  report(`searchKnowledge (golden SearchKnowledge, first 20, published only) over ${articles} generated articles, ${runs} runs per query; target: under 50 ms p50 through the gateway`);
  if (!backends || backends.includes('pglite')) {
    await benchBackend('PGlite', await openPglite(undefined, 'knowledge'), articles, runs, report);
  }
  if (!backends || backends.includes('postgresql')) {
    if (!(await postgresAvailable())) {
      report('\nPostgreSQL: skipped, no server at 127.0.0.1:5432 (set TEST_POSTGRES_URL)');
      return;
    }
    const database = await createTestDatabase('hub_bench_knowledge');
    try {
      await benchBackend('PostgreSQL', openPostgres(database.url, 'knowledge'), articles, runs, report);
    } finally {
      await database.drop();
    }
  }
}
