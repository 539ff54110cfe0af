/**
 * Change and problem management (contract part "change-and-problem", tickets side) through the
 * tickets service on both tickets backends, against an independent reading of the rules
 * (support/change-and-problem-reference.ts) on seeded random inputs. Conflicts, risk and probable
 * causes ask a real CMDB subgraph (PGlite) over HTTP, as in production.
 */
import { randomUUID } from 'node:crypto';
import type { GraphQLError } from 'graphql';
import { openPglite, openPostgres } from '../platform/sql';
import { postGraphQL } from '../platform/graphql-client';
import { readCmdbConfig } from '../subgraphs/cmdb/config';
import { createCmdbServer } from '../subgraphs/cmdb/server';
import { openSqlCmdbStore } from '../subgraphs/cmdb/store/sql';
import type { RunningServer } from '../platform/subgraph-server';
import {
  DEFAULT_SLA_TARGETS,
  transition,
  type ChangeType,
  type Level,
  type NewTicket,
  type Ticket,
  type TicketStatus,
} from '../subgraphs/tickets/domain';
import { cmdbItemDirectory } from '../subgraphs/tickets/items';
import { TicketService } from '../subgraphs/tickets/service';
import type { TicketStore } from '../subgraphs/tickets/store';
import { openSqlTicketStore } from '../subgraphs/tickets/store/sql';
import {
  randomTopology,
  referenceCalendar,
  referenceConflicts,
  referenceProbableCauses,
  referenceRisk,
  ReferenceGraph,
  seeded,
  type RefTicket,
} from './support/change-and-problem-reference';
import { createTestDatabase, postgresSuitesRun } from './support/postgres';
import { newTicket, offlineTicketService } from './support/tickets-store-contract';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CHANGE_FLOW: TicketStatus[] = ['DRAFT', 'ASSESSMENT', 'AUTHORIZED', 'SCHEDULED', 'IMPLEMENTING', 'REVIEW', 'CLOSED'];

async function rejection(promise: Promise<unknown>): Promise<GraphQLError> {
  try {
    await promise;
  } catch (error) {
    return error as GraphQLError;
  }
  throw new Error('expected a rejection, but the call succeeded');
}

const codeOf = (error: GraphQLError) => error.extensions?.code;

async function walk(store: TicketStore, ticket: Ticket, statuses: TicketStatus[]): Promise<Ticket> {
  let current = ticket;
  for (const status of statuses) current = await store.updateTicket(current.id, null, 'bob', (t, now) => transition(t, status, null, now));
  return current;
}

/** A change in a random status: somewhere along the flow, or cancelled. */
async function randomChange(store: TicketStore, random: () => number, fields: Partial<NewTicket>): Promise<Ticket> {
  const change = await store.createTicket(newTicket('CHANGE', fields), 'alice');
  const roll = random();
  if (roll < 0.15) return walk(store, change, ['CANCELLED']);
  const steps = Math.floor(random() * CHANGE_FLOW.length);
  return walk(store, change, CHANGE_FLOW.slice(1, steps + 1));
}

async function randomIncident(store: TicketStore, random: () => number, fields: Partial<NewTicket>): Promise<Ticket> {
  const levels: Level[] = ['HIGH', 'MEDIUM', 'LOW'];
  const incident = await store.createTicket(
    newTicket('INCIDENT', { impact: levels[Math.floor(random() * 3)], urgency: levels[Math.floor(random() * 3)], ...fields }),
    'alice',
  );
  const paths: TicketStatus[][] = [[], [], ['IN_PROGRESS'], ['ON_HOLD'], ['RESOLVED'], ['CANCELLED']];
  return walk(store, incident, paths[Math.floor(random() * paths.length)]);
}

const asRef = (t: Ticket): RefTicket => ({ ...t });

interface Opened {
  store: TicketStore;
  dispose(): Promise<void>;
}

function describeChangeAndProblem(name: string, open: () => Promise<Opened>): void {
  describe(`${name} tickets store: change and problem management`, () => {
    let opened: Opened;
    let store: TicketStore;
    /** Flows that are rejected before the CMDB is asked, or never ask it. */
    let offline: TicketService;

    beforeAll(async () => {
      opened = await open();
      store = opened.store;
      offline = offlineTicketService(store);
    });
    afterAll(async () => {
      await opened?.dispose();
    });

    describe('change calendar', () => {
      it('lists exactly the changes, not cancelled, whose window intersects [from, to), by plannedStart then number', async () => {
        const random = seeded(20_261_203);
        const base = Date.parse('2031-01-01T00:00:00Z');
        const changes: Ticket[] = [];
        for (let i = 0; i < 40; i++) {
          const start = base + Math.floor(random() * 60) * DAY + Math.floor(random() * 24) * HOUR;
          // Some share a start (then number decides); some have no window.
          const windowed = random() < 0.85;
          changes.push(
            await randomChange(store, random, {
              plannedStart: windowed || random() < 0.5 ? new Date(start) : null,
              plannedEnd: windowed ? new Date(start + (1 + Math.floor(random() * 72)) * HOUR) : null,
            }),
          );
        }
        for (let n = 0; n < 30; n++) {
          const from = new Date(base + Math.floor(random() * 70) * DAY - 5 * DAY + Math.floor(random() * 24) * HOUR);
          const to = new Date(from.getTime() + (1 + Math.floor(random() * 20 * 24)) * HOUR);
          const listed = (await offline.changeCalendar(from, to)).map((c) => c.number);
          expect({ from, to, listed }).toEqual({ from, to, listed: referenceCalendar(changes.map(asRef), from, to) });
        }
      });

      it('treats the range as half-open: a change ending at from or starting at to is outside', async () => {
        const start = new Date('2033-03-01T10:00:00Z');
        const end = new Date('2033-03-01T12:00:00Z');
        const change = await store.createTicket(newTicket('CHANGE', { plannedStart: start, plannedEnd: end }), 'alice');
        expect(await offline.changeCalendar(end, new Date('2033-03-02T00:00:00Z'))).toEqual([]);
        expect(await offline.changeCalendar(new Date('2033-02-28T00:00:00Z'), start)).toEqual([]);
        expect((await offline.changeCalendar(new Date(end.getTime() - 1), new Date('2033-03-02T00:00:00Z'))).map((c) => c.id)).toEqual([change.id]);
      });

      it('rejects to <= from and ranges over 366 days with BAD_USER_INPUT', async () => {
        const from = new Date('2031-01-01T00:00:00Z');
        for (const to of [from, new Date(from.getTime() - 1), new Date(from.getTime() + 366 * DAY + 1)]) {
          expect(codeOf(await rejection(offline.changeCalendar(from, to)))).toBe('BAD_USER_INPUT');
        }
        expect(await offline.changeCalendar(from, new Date(from.getTime() + 366 * DAY))).toEqual(expect.any(Array));
      });
    });

    describe('change creation', () => {
      it('rejects plannedEnd <= plannedStart with BAD_USER_INPUT and writes nothing', async () => {
        const sequence = await store.latestSequence();
        const start = new Date('2032-05-01T10:00:00Z');
        for (const end of [start, new Date(start.getTime() - HOUR)]) {
          const error = await rejection(
            offline.createChangeRequest({ title: 'swap disks', changeType: 'NORMAL', impact: 'LOW', urgency: 'LOW', affectedItemIds: [], plannedStart: start, plannedEnd: end }, 'alice'),
          );
          expect(codeOf(error)).toBe('BAD_USER_INPUT');
          expect(error.message).toMatch(/plannedEnd/);
        }
        expect(await store.latestSequence()).toBe(sequence);
        expect(await offline.changeCalendar(new Date('2032-04-30T00:00:00Z'), new Date('2032-05-02T00:00:00Z'))).toEqual([]);
      });
    });

    describe('problems', () => {
      it('links, moves and re-links incidents as a random sequence of links says, with versions, history and events', async () => {
        const random = seeded(7_003);
        const problems = await Promise.all([0, 1, 2].map(() => offline.createProblem({ title: 'slow checkout', impact: 'HIGH', urgency: 'LOW' }, 'alice')));
        const incidents: Ticket[] = [];
        for (let i = 0; i < 8; i++) incidents.push(await store.createTicket(newTicket('INCIDENT'), 'alice'));
        const linkedTo = new Map<string, string | null>(incidents.map((i) => [i.id, null]));
        const versions = new Map(incidents.map((i) => [i.id, i.version]));
        const numberOf = new Map(problems.map((p) => [p.id, p.number]));
        for (let op = 0; op < 40; op++) {
          const incident = incidents[Math.floor(random() * incidents.length)];
          const problem = problems[Math.floor(random() * problems.length)];
          const before = linkedTo.get(incident.id)!;
          const sequence = await store.latestSequence();
          const linked = await offline.linkIncidentToProblem(incident.id, problem.id, 'carol');
          expect(linked.problemId).toBe(problem.id);
          const history = (await store.historyOf([incident.id])).get(incident.id)!;
          const events = await store.eventsAfter(sequence, 10);
          if (before === problem.id) {
            expect(linked.version).toBe(versions.get(incident.id));
            expect(events).toEqual([]);
          } else {
            versions.set(incident.id, versions.get(incident.id)! + 1);
            expect(linked.version).toBe(versions.get(incident.id));
            expect(history.at(-1)).toMatchObject({ field: 'problem', from: before && numberOf.get(before), to: problem.number, actor: 'carol' });
            expect(events.map((e) => [e.ticketId, e.kind, e.changedFields])).toEqual([[incident.id, 'UPDATED', ['problem']]]);
            linkedTo.set(incident.id, problem.id);
          }
        }
        const listed = await store.incidentsOfProblems(problems.map((p) => p.id));
        for (const problem of problems) {
          const expected = incidents
            .filter((i) => linkedTo.get(i.id) === problem.id)
            .map((i) => i.number)
            .sort();
          expect([problem.number, listed.get(problem.id)!.map((i) => i.number)]).toEqual([problem.number, expected]);
        }
      });

      it('opens a problem that takes its incidents, moving them from another problem, in one write', async () => {
        const incidents = await Promise.all([0, 1, 2].map(() => store.createTicket(newTicket('INCIDENT'), 'alice')));
        const first = await offline.createProblem({ title: 'first', impact: 'LOW', urgency: 'LOW', incidentIds: [incidents[0].id] }, 'alice');
        const sequence = await store.latestSequence();
        const second = await offline.createProblem(
          { title: 'second', impact: 'HIGH', urgency: 'HIGH', incidentIds: [incidents[0].id, incidents[1].id, incidents[1].id] },
          'dave',
        );
        expect(second).toMatchObject({ type: 'PROBLEM', status: 'NEW', priority: 'P1', knownError: false, rootCause: null, workaround: null, version: 1 });
        expect(second.number).toMatch(/^PRB\d{7}$/);
        expect(second.slaDueAt!.getTime() - second.createdAt.getTime()).toBe(DEFAULT_SLA_TARGETS.P1 * HOUR);
        const after = await store.ticketsByIds(incidents.map((i) => i.id));
        expect(incidents.map((i) => [after.get(i.id)!.problemId, after.get(i.id)!.version])).toEqual([
          [second.id, 3],
          [second.id, 2],
          [null, 1],
        ]);
        const history = await store.historyOf([incidents[0].id, incidents[1].id]);
        expect(history.get(incidents[0].id)!.at(-1)).toMatchObject({ field: 'problem', from: first.number, to: second.number, actor: 'dave' });
        expect(history.get(incidents[1].id)!.at(-1)).toMatchObject({ field: 'problem', from: null, to: second.number });
        const events = await store.eventsAfter(sequence, 10);
        expect(events.map((e) => [e.ticketId, e.kind])).toEqual(
          expect.arrayContaining([
            [second.id, 'CREATED'],
            [incidents[0].id, 'UPDATED'],
            [incidents[1].id, 'UPDATED'],
          ]),
        );
        expect(events).toHaveLength(3);
        expect((await store.incidentsOfProblems([first.id])).get(first.id)).toEqual([]);
      });

      it('rejects a problem naming unknown incidents or other tickets with BAD_USER_INPUT naming each, and writes nothing', async () => {
        const incident = await store.createTicket(newTicket('INCIDENT'), 'alice');
        const change = await store.createTicket(newTicket('CHANGE'), 'alice');
        const sequence = await store.latestSequence();
        const problemsBefore = (await store.listTickets({ types: ['PROBLEM'] }, 1, null)).totalCount;
        const unknown = randomUUID();
        const error = await rejection(
          offline.createProblem({ title: 'bad', impact: 'LOW', urgency: 'LOW', incidentIds: [incident.id, unknown, change.id] }, 'alice'),
        );
        expect(codeOf(error)).toBe('BAD_USER_INPUT');
        expect(error.message).toContain(unknown);
        expect(error.message).toContain(change.id);
        expect(error.message).not.toContain(incident.id);
        expect(await store.latestSequence()).toBe(sequence);
        expect((await store.listTickets({ types: ['PROBLEM'] }, 1, null)).totalCount).toBe(problemsBefore);
        expect((await store.ticketsByIds([incident.id])).get(incident.id)).toMatchObject({ problemId: null, version: 1 });
      });

      it('answers NOT_FOUND for unknown ids and BAD_USER_INPUT for ids of other ticket types when linking, writing nothing', async () => {
        const incident = await store.createTicket(newTicket('INCIDENT'), 'alice');
        const change = await store.createTicket(newTicket('CHANGE'), 'alice');
        const problem = await offline.createProblem({ title: 'p', impact: 'LOW', urgency: 'LOW' }, 'alice');
        const sequence = await store.latestSequence();
        expect(codeOf(await rejection(offline.linkIncidentToProblem(randomUUID(), problem.id, 'bob')))).toBe('NOT_FOUND');
        expect(codeOf(await rejection(offline.linkIncidentToProblem(incident.id, randomUUID(), 'bob')))).toBe('NOT_FOUND');
        expect(codeOf(await rejection(offline.linkIncidentToProblem(incident.id, change.id, 'bob')))).toBe('BAD_USER_INPUT');
        expect(codeOf(await rejection(offline.linkIncidentToProblem(change.id, problem.id, 'bob')))).toBe('BAD_USER_INPUT');
        expect(codeOf(await rejection(offline.linkIncidentToProblem(incident.id, incident.id, 'bob')))).toBe('BAD_USER_INPUT');
        expect(await store.latestSequence()).toBe(sequence);
        expect((await store.ticketsByIds([incident.id, change.id])).get(change.id)).toMatchObject({ problemId: null, version: 1 });
      });

      it('records a known error: a history entry per changed field, version + 1, one UPDATED event; a stale version is CONFLICT', async () => {
        const problem = await offline.createProblem({ title: 'memory leak', impact: 'MEDIUM', urgency: 'MEDIUM' }, 'alice');
        let sequence = await store.latestSequence();
        const recorded = await offline.recordKnownError(problem.id, 'cache never evicts', 'restart nightly', 1, 'erin');
        expect(recorded).toMatchObject({ knownError: true, rootCause: 'cache never evicts', workaround: 'restart nightly', version: 2 });
        let history = (await store.historyOf([problem.id])).get(problem.id)!;
        expect(history.slice(1).map((h) => [h.field, h.from, h.to, h.actor])).toEqual([
          ['rootCause', null, 'cache never evicts', 'erin'],
          ['workaround', null, 'restart nightly', 'erin'],
          ['knownError', 'false', 'true', 'erin'],
        ]);
        let events = await store.eventsAfter(sequence, 10);
        expect(events.map((e) => [e.kind, [...e.changedFields].sort()])).toEqual([['UPDATED', ['knownError', 'rootCause', 'workaround']]]);

        sequence = await store.latestSequence();
        const stale = await rejection(offline.recordKnownError(problem.id, 'something else', null, 1, 'erin'));
        expect(codeOf(stale)).toBe('CONFLICT');
        expect(await store.latestSequence()).toBe(sequence);
        expect((await store.ticketsByIds([problem.id])).get(problem.id)).toMatchObject({ rootCause: 'cache never evicts', version: 2 });

        const cleared = await offline.recordKnownError(problem.id, 'cache never evicts', null, 2, 'erin');
        expect(cleared).toMatchObject({ knownError: true, workaround: null, version: 3 });
        history = (await store.historyOf([problem.id])).get(problem.id)!;
        expect(history.at(-1)).toMatchObject({ field: 'workaround', from: 'restart nightly', to: null });
        events = await store.eventsAfter(sequence, 10);
        expect(events.map((e) => [e.kind, e.changedFields])).toEqual([['UPDATED', ['workaround']]]);
      });

      it('refuses to record a known error on a ticket that is not a problem, writing nothing', async () => {
        const incident = await store.createTicket(newTicket('INCIDENT'), 'alice');
        const error = await rejection(offline.recordKnownError(incident.id, 'x', null, null, 'erin'));
        expect(codeOf(error)).toBe('BAD_USER_INPUT');
        expect(codeOf(await rejection(offline.recordKnownError(randomUUID(), 'x', null, null, 'erin')))).toBe('NOT_FOUND');
        expect((await store.ticketsByIds([incident.id])).get(incident.id)).toMatchObject({ version: 1, rootCause: null, knownError: false });
      });
    });

    describe('probable causes: arguments', () => {
      it('rejects depth outside 1..10, first outside 1..100, unknown incidents and more than 1,000 incidents with BAD_USER_INPUT', async () => {
        const incident = await store.createTicket(newTicket('INCIDENT'), 'alice');
        const change = await store.createTicket(newTicket('CHANGE'), 'alice');
        for (const [depth, first] of [[0, 10], [11, 10], [5, 0], [5, 101]]) {
          expect(codeOf(await rejection(offline.probableCauses([incident.id], null, depth, first)))).toBe('BAD_USER_INPUT');
        }
        const unknown = randomUUID();
        const error = await rejection(offline.probableCauses([incident.id, unknown, change.id], null, 5, 10));
        expect(codeOf(error)).toBe('BAD_USER_INPUT');
        expect(error.message).toContain(unknown);
        expect(error.message).toContain(change.id);
        const many = Array.from({ length: 1001 }, () => randomUUID());
        expect(codeOf(await rejection(offline.probableCauses(many, null, 5, 10)))).toBe('BAD_USER_INPUT');
      });
    });

    describe('with the CMDB', () => {
      let cmdb: RunningServer;
      let closeCmdb: () => Promise<void>;
      let service: TicketService;
      let graph: ReferenceGraph;
      const random = seeded(424_242);
      const topology = randomTopology(random, 48, `cap-${randomUUID().slice(0, 6)}`);

      beforeAll(async () => {
        const cmdbStore = await openSqlCmdbStore(await openPglite(undefined, 'cmdb'));
        cmdb = createCmdbServer({ config: { ...readCmdbConfig({}), internalSecret: null }, store: cmdbStore });
        const url = await cmdb.start(0);
        closeCmdb = async () => {
          await cmdb.stop();
          await cmdbStore.close();
        };
        const imported = await postGraphQL(url, {
          query: /* GraphQL */ `
            mutation ($items: [ConfigurationItemInput!]!, $relationships: [RelationshipInput!]) {
              importConfigurationItems(items: $items, relationships: $relationships) { created }
            }`,
          variables: {
            items: topology.items.map((item) => ({
              externalId: item.externalId,
              name: item.name,
              ciClass: item.ciClass,
              criticality: item.criticality,
              lifecycle: item.retired ? 'RETIRED' : 'ACTIVE',
              minimumAvailable: item.minimumAvailable,
            })),
            relationships: topology.relationships.map((r) => ({ sourceExternalId: r.source, targetExternalId: r.target, type: r.type })),
          },
        });
        if (!imported.body?.data) throw new Error(`topology import failed: ${imported.body?.errors?.[0]?.message ?? imported.status}`);
        const listed = await postGraphQL<{ configurationItems: { edges: { node: { id: string; externalId: string } }[] } }>(url, {
          query: '{ configurationItems(first: 1000) { edges { node { id externalId } } } }',
        });
        const ids = new Map(listed.body!.data!.configurationItems.edges.map((e) => [e.node.externalId, e.node.id]));
        graph = new ReferenceGraph(topology, (externalId) => ids.get(externalId)!);
        service = new TicketService({ store, cmdb: cmdbItemDirectory(() => url, null), slaTargets: DEFAULT_SLA_TARGETS });
      });
      afterAll(async () => {
        await closeCmdb?.();
      });

      const itemIds = () => [...graph.byId.keys()];
      const someItems = (count: number) => {
        const all = itemIds();
        return [...new Set(Array.from({ length: count }, () => all[Math.floor(random() * all.length)]))];
      };

      it('finds conflicts and scores risk as the contract reads, on random changes, windows and incidents', async () => {
        const base = Date.parse('2035-06-01T00:00:00Z');
        const changeTypes: ChangeType[] = ['STANDARD', 'NORMAL', 'EMERGENCY'];
        const changes: Ticket[] = [];
        for (let i = 0; i < 24; i++) {
          const start = base + Math.floor(random() * 10) * DAY + Math.floor(random() * 24) * HOUR;
          const windowed = random() < 0.85;
          changes.push(
            await randomChange(store, random, {
              changeType: changeTypes[Math.floor(random() * 3)],
              affectedItemIds: someItems(1 + Math.floor(random() * 3)),
              plannedStart: windowed ? new Date(start) : null,
              plannedEnd: windowed ? new Date(start + (2 + Math.floor(random() * 96)) * HOUR) : null,
            }),
          );
        }
        const incidents: Ticket[] = [];
        for (let i = 0; i < 20; i++) incidents.push(await randomIncident(store, random, { affectedItemIds: someItems(1 + Math.floor(random() * 2)) }));
        // Incidents other tests opened carry no items, so they can count towards no risk.
        const everything = [...changes, ...incidents].map(asRef);

        const conflicts = await service.conflictsOf(changes);
        for (const [index, change] of changes.entries()) {
          const expected = referenceConflicts(graph, everything, asRef(change));
          const actual = conflicts[index].map((c) => ({ number: c.change.number, sharedItems: c.sharedItemIds, sharedBusinessServices: c.sharedBusinessServiceIds }));
          expect({ change: change.number, conflicts: actual }).toEqual({ change: change.number, conflicts: expected });
          const risk = await service.riskOf(change, actual.length);
          expect({ change: change.number, risk }).toEqual({ change: change.number, risk: referenceRisk(graph, everything, asRef(change)) });
        }
        // The fixture must exercise the rules, not pass vacuously.
        expect(conflicts.flat().length).toBeGreaterThan(3);
        expect(new Set(changes.map((c) => referenceRisk(graph, everything, asRef(c)).level)).size).toBeGreaterThan(1);
      });

      it('ranks probable causes as the contract reads, on random incident sets and depths', async () => {
        const incidents: Ticket[] = [];
        for (let i = 0; i < 16; i++) incidents.push(await randomIncident(store, random, { affectedItemIds: someItems(1 + Math.floor(random() * 3)) }));
        for (let n = 0; n < 12; n++) {
          const chosen = incidents.filter(() => random() < 0.5);
          const depth = 1 + Math.floor(random() * 6);
          const first = 1 + Math.floor(random() * 12);
          const causes = await service.probableCauses(chosen.map((i) => i.id), null, depth, first);
          const actual = causes.map((c) => ({ itemId: c.itemId, coverage: c.coverage, incidents: c.incidents.map((i) => i.number), impactSize: c.impactSize }));
          expect({ depth, first, causes: actual }).toEqual({ depth, first, causes: referenceProbableCauses(graph, chosen.map(asRef), depth, first) });
        }
      });
    });
  });
}

describeChangeAndProblem('PGlite', async () => {
  const store = await openSqlTicketStore(await openPglite(undefined, 'tickets'));
  return { store, dispose: () => store.close() };
});

if (postgresSuitesRun()) {
  describeChangeAndProblem('PostgreSQL', async () => {
    const database = await createTestDatabase('hub_change_problem');
    const store = await openSqlTicketStore(openPostgres(database.url, 'tickets'));
    return {
      store,
      async dispose() {
        await store.close();
        await database.drop();
      },
    };
  });
}
