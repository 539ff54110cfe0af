/**
 * `npm start` end to end: the hub started by the same function `scripts/start.ts` runs, from an
 * environment, checked variable by variable against the README's configuration table; then the
 * real process, for its log level and the request id that follows a request into the subgraphs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../platform/config';
import { graphqlClient } from '../platform/graphql-client';
import { logger, setLogLevel, type LogLevel } from '../platform/logger';
import { INTERNAL_SECRET_HEADER } from '../platform/subgraph-server';
import { EPHEMERAL_PORTS, type Hub } from '../scripts/hub';
import { startFromEnvironment } from '../scripts/start';
import { eventually, until } from './support/eventually';
import { errorCode } from './support/hub';
import { createTestDatabase, postgresSuitesRun, type TestDatabase } from './support/postgres';
import { subscribe } from './support/subscriber';

const ROOT = join(__dirname, '..');
const COUNT_ITEMS = '{ configurationItems(first: 1) { totalCount } }';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

/** Runs the hub as `npm start` does, printing the banner into `printed`, and keeps the test run's log level afterwards. */
async function startAsNpmStart(env: NodeJS.ProcessEnv, printed: string[]): Promise<{ hub: Hub; levelAfterStart: string }> {
  const before = logger.level as LogLevel;
  try {
    const hub = await startFromEnvironment(env, (text) => printed.push(text));
    return { hub, levelAfterStart: logger.level };
  } finally {
    setLogLevel(before);
  }
}

describe('npm start with every documented variable set', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-start-'));
  const printed: string[] = [];
  const secret = 'start-test-internal-secret';
  let ports: { gateway: number; tickets: number; cmdb: number };
  let hub: Hub;
  let levelAfterStart: string;
  const writer = () => graphqlClient(hub.gatewayUrl, { authorization: 'Bearer write-token' });

  beforeAll(async () => {
    ports = { gateway: await freePort(), tickets: await freePort(), cmdb: await freePort() };
    ({ hub, levelAfterStart } = await startAsNpmStart(
      {
        PORT: String(ports.gateway),
        TICKETS_PORT: String(ports.tickets),
        CMDB_PORT: String(ports.cmdb),
        DATA_DIR: dataDir,
        SEED_DEMO: 'false',
        NODE_ENV: 'production',
        API_TOKENS: 'ops:write-token:write,bi:read-token:read',
        HUB_INTERNAL_SECRET: secret,
        SLA_TARGET_HOURS: 'P1=3,P4=100',
        EVENT_RETENTION_HOURS: '5',
        SINGLE_SUBGRAPH_SHORTCUT: 'false',
        MAX_QUERY_DEPTH: '5',
        MAX_QUERY_ALIASES: '3',
        MAX_QUERY_TOKENS: '300',
        MAX_QUERY_COST: '1000',
        MAX_BODY_BYTES: '4096',
        LOG_LEVEL: 'error',
      },
      printed,
    ));
  }, 180_000);

  afterAll(async () => {
    await hub?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves the gateway and the subgraphs on PORT, TICKETS_PORT and CMDB_PORT, and prints the gateway address', () => {
    expect(hub.gatewayUrl).toBe(`http://127.0.0.1:${ports.gateway}/graphql`);
    expect(hub.ticketsUrl).toBe(`http://127.0.0.1:${ports.tickets}/graphql`);
    expect(hub.cmdbUrl).toBe(`http://127.0.0.1:${ports.cmdb}/graphql`);
    expect(printed.join('\n')).toContain(`GraphQL at http://localhost:${ports.gateway}/graphql`);
  });

  it('keeps both embedded stores under DATA_DIR', () => {
    expect(hub.cmdbStore.backend).toBe('pglite');
    expect(hub.ticketStore.backend).toBe('pglite');
    expect(existsSync(join(dataDir, 'cmdb', '.hub.lock'))).toBe(true);
    expect(existsSync(join(dataDir, 'tickets', '.hub.lock'))).toBe(true);
  });

  it('loads no demo company with SEED_DEMO=false', async () => {
    const { configurationItems } = await writer().call(COUNT_ITEMS);
    expect(configurationItems.totalCount).toBe(0);
  });

  it('requires a bearer token from API_TOKENS and lets read tokens only read', async () => {
    expect(await errorCode(graphqlClient(hub.gatewayUrl).call(COUNT_ITEMS))).toBe('UNAUTHENTICATED');
    const reader = graphqlClient(hub.gatewayUrl, { authorization: 'Bearer read-token' });
    await expect(reader.call(COUNT_ITEMS)).resolves.toBeDefined();
    const open = 'mutation { createIncident(input: { title: "read only", impact: LOW, urgency: LOW }) { id } }';
    expect(await errorCode(reader.call(open))).toBe('FORBIDDEN');
  });

  it('turns introspection off with NODE_ENV=production', async () => {
    const response = await writer().raw('{ __schema { queryType { name } } }');
    expect(response.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('lets only callers with HUB_INTERNAL_SECRET reach the subgraphs', async () => {
    expect((await graphqlClient(hub.cmdbUrl).raw(COUNT_ITEMS)).status).toBe(403);
    expect((await graphqlClient(hub.ticketsUrl).raw('{ tickets(first: 1) { totalCount } }')).status).toBe(403);
    const direct = await graphqlClient(hub.cmdbUrl, { [INTERNAL_SECRET_HEADER]: secret }).raw(COUNT_ITEMS);
    expect(direct.status).toBe(200);
    expect(direct.data).toEqual({ configurationItems: { totalCount: 0 } });
  });

  it('sets resolution targets from SLA_TARGET_HOURS, keeping the defaults of priorities it does not name', async () => {
    const hoursUntilDue = async (impact: string, urgency: string) => {
      const created = (
        await writer().call<{ createIncident: { priority: string; createdAt: string; slaDueAt: string } }>(
          `mutation ($input: CreateIncidentInput!) { createIncident(input: $input) { priority createdAt slaDueAt } }`,
          { input: { title: `sla ${impact}/${urgency}`, impact, urgency } },
        )
      ).createIncident;
      return { priority: created.priority, hours: (Date.parse(created.slaDueAt) - Date.parse(created.createdAt)) / 3_600_000 };
    };
    expect(await hoursUntilDue('HIGH', 'HIGH')).toEqual({ priority: 'P1', hours: 3 });
    expect(await hoursUntilDue('LOW', 'MEDIUM')).toEqual({ priority: 'P4', hours: 100 });
    expect(await hoursUntilDue('MEDIUM', 'MEDIUM')).toEqual({ priority: 'P3', hours: 24 });
  });

  it('keeps events for EVENT_RETENTION_HOURS in the tickets event feed', () => {
    // The feed prunes what is older than its retention; only hours of waiting would show it otherwise.
    expect(hub.tickets.feed['options'].retentionHours).toBe(5);
  });

  it('sends even single-fetch queries through the query plan with SINGLE_SUBGRAPH_SHORTCUT=false', async () => {
    await writer().call(COUNT_ITEMS);
    await writer().call('{ tickets(first: 5) { edges { node { number } } } }');
    expect(hub.gateway.shortcutQueries).toBe(0);
  });

  it('refuses operations over MAX_QUERY_DEPTH, MAX_QUERY_ALIASES, MAX_QUERY_TOKENS and MAX_QUERY_COST', async () => {
    const refused = async (query: string) => (await writer().raw(query)).errors?.[0]?.extensions?.code;
    expect(await refused('{ configurationItems(first: 1) { edges { node { id } } } }')).toBeUndefined();
    expect(await refused('{ configurationItems(first: 1) { edges { node { dependencies { item { dependencies { item { id } } } } } } } }')).toBe('BAD_USER_INPUT');
    expect(await refused('{ a: configurationItems(first: 1) { totalCount } b: configurationItems(first: 1) { totalCount } c: configurationItems(first: 1) { totalCount } d: configurationItems(first: 1) { totalCount } }')).toBe('BAD_USER_INPUT');
    expect(await refused(`{ configurationItems(first: 1) { edges { node { ${'id '.repeat(300)} } } } }`)).toBe('BAD_USER_INPUT');
    expect(await refused('{ configurationItems(first: 1000) { edges { node { id name owner } } } }')).toBe('BAD_USER_INPUT');
  });

  it('refuses request bodies over MAX_BODY_BYTES', async () => {
    const response = await writer().raw(`{ configurationItems(first: 1) { totalCount } } # ${'x'.repeat(5000)}`);
    expect(response.status).toBe(413);
  });

  it('logs at LOG_LEVEL', () => {
    expect(levelAfterStart).toBe('error');
  });
});

describe('npm start with the defaults', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-start-'));
  const printed: string[] = [];
  let hub: Hub;

  beforeAll(async () => {
    ({ hub } = await startAsNpmStart({ ...EPHEMERAL_PORTS, DATA_DIR: dataDir, LOG_LEVEL: process.env.LOG_LEVEL }, printed));
  }, 180_000);

  afterAll(async () => {
    await hub?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loads the demo company, answers single-fetch queries by the shortcut, keeps events 24 hours and allows introspection', async () => {
    const client = graphqlClient(hub.gatewayUrl);
    const before = hub.gateway.shortcutQueries;
    const { configurationItems } = await client.call(COUNT_ITEMS);
    expect(configurationItems.totalCount).toBe(231);
    expect(hub.gateway.shortcutQueries).toBe(before + 1);
    expect(hub.tickets.feed['options'].retentionHours).toBe(24);
    expect((await client.call('{ __schema { queryType { name } } }')).__schema.queryType.name).toBe('Query');
  });

  describe('the printed change and problem queries, run as printed on the demo', () => {
    /** The banner's query line that starts with `start` (after its indentation) and contains `containing`. */
    const printedQuery = (start: string, containing = ''): string => {
      const line = printed.join('\n').split('\n').find((text) => text.trimStart().startsWith(start) && text.includes(containing));
      if (!line) throw new Error(`npm start printed no query starting with ${start}:\n${printed.join('\n')}`);
      return line.trim();
    };
    const run = (query: string) => graphqlClient(hub.gatewayUrl).call(query);

    it('shows the web pool surviving one web server of four (DEGRADED) but not two (DOWN)', async () => {
      const query = printedQuery('query { outageSimulation(');
      const one = (await run(query)).outageSimulation;
      const state = (report: any, name: string) => report.items.find((entry: any) => entry.item.name === name)?.state;
      expect(one.downCount).toBe(0);
      expect(state(one, 'storefront web pool')).toBe('DEGRADED');
      expect(one.items.find((entry: any) => entry.item.name === 'storefront web pool').item.minimumAvailable).toBe(3);
      expect(one.businessServicesDown).toEqual([]);
      expect(one.businessServicesDegraded.map((s: any) => s.name)).toContain('Online Shop');

      const both = /and two of four: (\[.*\])/.exec(printed.join('\n'))![1];
      const two = (await run(query.replace(/itemIds: \[[^\]]*\]/, `itemIds: ${both}`))).outageSimulation;
      expect(state(two, 'storefront web pool')).toBe('DOWN');
      expect(state(two, 'storefront')).toBe('DOWN');
      expect(two.businessServicesDown.map((s: any) => s.name)).toContain('Online Shop');
    });

    it('shows two changes whose windows collide, each listing the other in conflicts and counting it in risk', async () => {
      const first = (await run(printedQuery('query { ticket(id: ', 'conflicts'))).ticket;
      const otherId = /The other one: ticket\(id: ("[^"]+")\)/.exec(printed.join('\n'))![1];
      const second = (await run(printedQuery('query { ticket(id: ', 'conflicts').replace(/ticket\(id: "[^"]+"\)/, `ticket(id: ${otherId})`))).ticket;
      expect(first.title).toBe('Firmware upgrade of core-sw-1');
      expect(second.title).toBe('Payment gateway release 4.2');
      for (const [change, other] of [[first, second], [second, first]]) {
        expect(change.conflicts.map((c: any) => c.change.number)).toEqual([other.number]);
        expect(change.conflicts[0].sharedBusinessServices.map((s: any) => s.name)).toEqual(['Online Shop', 'Payments']);
        expect(change.risk.conflicts).toBe(1);
      }
      const calendar = (await run(printedQuery('query { changeCalendar('))).changeCalendar;
      expect(calendar.map((change: any) => change.number)).toEqual([first.number, second.number]);
    });

    it('shows a problem with a known error and its linked incidents', async () => {
      const problem = (await run(printedQuery('query { ticket(id: ', '... on Problem'))).ticket;
      expect(problem.knownError).toBe(true);
      expect(problem.rootCause).toContain('host-07');
      expect(problem.workaround).toContain('host-08');
      expect(problem.incidents).toHaveLength(4);
      expect(problem.incidents.every((incident: any) => incident.status !== 'RESOLVED')).toBe(true);
    });

    it('ranks the one host the incident cluster shares first among its probable causes', async () => {
      const causes = (await run(printedQuery('query { probableCauses('))).probableCauses;
      expect(causes[0]).toMatchObject({ coverage: 4, item: { name: 'host-07', ciClass: 'SERVER' } });
      expect(causes[0].incidents).toHaveLength(4);
      // Others explain all four too, but rely on more: the host is the most specific.
      expect(causes.slice(1).every((cause: any) => cause.coverage < 4 || cause.impactSize > causes[0].impactSize)).toBe(true);
    });
  });

  describe('the printed service level, catalog and knowledge queries, run as printed on the demo', () => {
    /** The banner's line that starts with `start` (after its indentation) and contains `containing`. */
    const printedLine = (start: string, containing = ''): string => {
      const line = printed.join('\n').split('\n').find((text) => text.trimStart().startsWith(start) && text.includes(containing));
      if (!line) throw new Error(`npm start printed no line starting with ${start}:\n${printed.join('\n')}`);
      return line.trim();
    };
    const run = (query: string) => graphqlClient(hub.gatewayUrl).call(query);

    it('lists the catalog, a few offerings per business service, and opens a request as printed', async () => {
      const catalog = (await run(printedLine('query { serviceCatalog'))).serviceCatalog as { category: string; businessService: { name: string } | null }[];
      expect(catalog).toHaveLength(15); // the retired fax line is not listed
      expect(new Set(catalog.map((offering) => offering.businessService?.name)).size).toBe(8);
      const request = (await run(printedLine('mutation { requestService('))).requestService;
      expect(request).toMatchObject({ number: expect.stringMatching(/^REQ/), offering: { name: expect.any(String) } });
      expect(request.affectedItems).toHaveLength(1);
    });

    it('shows an incident on hold with its clock stopped, and a P1 whose response is breached', async () => {
      const paused = (await run(printedLine('query { ticket(id: ', 'slaPaused'))).ticket;
      expect(paused).toMatchObject({ status: 'ON_HOLD', slaPaused: true, slaDueAt: null });
      expect(paused.respondedAt).not.toBeNull();
      const unanswered = (await run(printedLine('query { ticket(id: ', 'responseBreached'))).ticket;
      expect(unanswered).toMatchObject({ priority: 'P1', respondedAt: null, responseBreached: true });
    });

    it('finds published articles and suggests them for an incident', async () => {
      const hits = (await run(printedLine('query { searchKnowledge('))).searchKnowledge;
      expect(hits[0].article.title).toMatch(/^Checkout timeout/);
      expect(hits[0].snippet).toContain('<b>');
      const incident = (await run(printedLine('query { ticket(id: ', 'suggestedArticles'))).ticket;
      expect(incident.suggestedArticles[0].title).toMatch(/^Checkout timeout/);
      expect(incident.affectedItems[0].knowledgeArticles.map((a: { title: string }) => a.title)).toContain(incident.suggestedArticles[0].title);
    });
  });
});

(postgresSuitesRun() ? describe : describe.skip)('npm start with DATABASE_URL', () => {
  let database: TestDatabase;
  let hub: Hub;

  beforeAll(async () => {
    database = await createTestDatabase('hub_start');
    ({ hub } = await startAsNpmStart({ ...EPHEMERAL_PORTS, DATABASE_URL: database.url, SEED_DEMO: 'false', LOG_LEVEL: process.env.LOG_LEVEL }, []));
  }, 180_000);

  afterAll(async () => {
    await hub?.stop();
    await database?.drop();
  });

  it('keeps tickets, and the CMDB when NEO4J_URI is unset, in that PostgreSQL database', () => {
    expect(hub.ticketStore.backend).toBe('postgres');
    expect(hub.cmdbStore.backend).toBe('postgres');
  });
});

describe('npm start with a bad environment', () => {
  it('reports every problem of every service at once, each once, and starts nothing', async () => {
    const error = await startFromEnvironment(
      {
        CMDB_PORT: 'x',
        LOG_LEVEL: 'loud',
        EVENT_RETENTION_HOURS: '0',
        SEED_DEMO: 'maybe',
        SINGLE_SUBGRAPH_SHORTCUT: 'perhaps',
        SLA_TARGET_HOURS: 'P9=1',
        API_TOKENS: 'nobody',
      },
      () => undefined,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    for (const variable of ['CMDB_PORT', 'LOG_LEVEL', 'EVENT_RETENTION_HOURS', 'SEED_DEMO', 'SINGLE_SUBGRAPH_SHORTCUT', 'SLA_TARGET_HOURS', 'API_TOKENS']) {
      expect(problems.filter((problem) => problem.startsWith(variable))).toHaveLength(1);
    }
  });
});

describe('npm start as a process', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-start-'));
  let child: ChildProcess;
  let gatewayUrl: string;
  const lines: Record<string, any>[] = [];
  let exited: Promise<number | null>;

  beforeAll(async () => {
    child = spawn(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'scripts', 'start.ts')], {
      cwd: ROOT,
      env: { ...process.env, NODE_OPTIONS: '', ...EPHEMERAL_PORTS, DATA_DIR: dataDir, SEED_DEMO: 'false', LOG_LEVEL: 'debug' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    let output = '';
    gatewayUrl = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm start did not print its address:\n${output}`)), 170_000);
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const address = /GraphQL at (http:\/\/localhost:\d+\/graphql)/.exec(output);
        if (address) {
          clearTimeout(timer);
          resolve(address[1]);
        }
      });
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      void exited.then((code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
    });
    // pino writes one JSON object per line; the banner's lines are the only others.
    let partial = '';
    const collect = (chunk: string) => {
      partial += chunk;
      const complete = partial.split('\n');
      partial = complete.pop()!;
      for (const line of complete) {
        try {
          lines.push(JSON.parse(line));
        } catch {
          // a banner line
        }
      }
    };
    collect(output);
    child.stdout!.on('data', (chunk: Buffer) => collect(chunk.toString()));
  }, 180_000);

  afterAll(async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  const logged = (what: string, condition: () => boolean) =>
    until(condition, { timeoutMs: 5_000, what, describe: () => `log lines:\n${lines.map((l) => JSON.stringify(l)).join('\n')}` });

  it('takes a sane x-request-id from the client, returns it, and logs it in the gateway and in both subgraphs', async () => {
    const requestId = `start-test-${Date.now()}`;
    const response = await fetch(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': requestId },
      body: JSON.stringify({ query: '{ configurationItems(first: 1) { totalCount } tickets(first: 1) { totalCount } }' }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe(requestId);
    const servedBy = () => new Set(lines.filter((line) => line.requestId === requestId).map((line) => line.service));
    await logged('the request id in the logs of all three services', () => servedBy().size === 3);
    expect([...servedBy()].sort()).toEqual(['cmdb', 'gateway', 'tickets']);
  });

  it('replaces an x-request-id that is not a plain token with one of its own', async () => {
    const response = await fetch(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'two words; <script>' },
      body: JSON.stringify({ query: COUNT_ITEMS }),
    });
    const given = response.headers.get('x-request-id');
    expect(given).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    await logged('the generated id in the subgraph log', () => lines.some((line) => line.requestId === given && line.service === 'cmdb'));
  });

  it("carries the client's request id into the CMDB when the tickets subgraph checks a ticket's items", async () => {
    const requestId = `start-test-items-${Date.now()}`;
    const response = await fetch(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': requestId },
      body: JSON.stringify({
        query: 'mutation { createIncident(input: { title: "unknown item", impact: LOW, urgency: LOW, affectedItemIds: ["no-such-item"] }) { id } }',
      }),
    });
    expect(((await response.json()) as any).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    // Only the tickets subgraph asks the CMDB here: the gateway never fetches from it for this mutation.
    await logged('the request id in the CMDB log', () => lines.some((line) => line.requestId === requestId && line.service === 'cmdb'));
  });

  it("logs an event's payload fetches under a request id naming the event", async () => {
    const subscriber = subscribe(gatewayUrl, {}, { query: 'subscription { ticketEvents { sequence ticket { number } } }' });
    try {
      // The process does not show when the subscription has reached the tickets feed: open incidents
      // until one is delivered (live events, so any of them will do).
      const [event] = await eventually(
        async () => {
          await fetch(gatewayUrl, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ query: 'mutation { createIncident(input: { title: "for the log", impact: LOW, urgency: LOW }) { id } }' }),
          });
          return subscriber.waitFor(1, 200);
        },
        { timeoutMs: 10_000, intervalMs: 0, what: 'an event delivered to the subscriber' },
      );
      await logged('the event request id in the tickets log', () =>
        lines.some((line) => line.requestId === `event-${event.sequence}` && line.service === 'tickets'),
      );
    } finally {
      await subscriber.close();
    }
  });

  it('stops cleanly on SIGTERM', async () => {
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(lines.some((line) => line.service === 'hub' && line.msg === 'stopped')).toBe(true);
  });
});
