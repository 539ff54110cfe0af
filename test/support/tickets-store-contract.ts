/**
 * The tickets store contract: what every backend of `TicketStore` must do,
 * run against each by test/tickets-store.int.test.ts. Fixtures go in through
 * the store API, completed by the domain rules.
 */
import { randomUUID } from 'node:crypto';
import type { GraphQLError } from 'graphql';
import {
  assignment,
  comment,
  DEFAULT_SLA_TARGETS,
  MAX_IMPORT_INCIDENTS,
  priorityOf,
  slaDueAt,
  transition,
  withServiceLevel,
  type IncidentImport,
  type Level,
  type NewTicket,
  type ServiceOfferingFields,
  type Ticket,
  type TicketChange,
  type TicketCursor,
  type TicketStatus,
  type TicketType,
} from '../../subgraphs/tickets/domain';
import { csvRecord, ticketExportRecord } from '../../subgraphs/tickets/export';
import { cmdbItemDirectory } from '../../subgraphs/tickets/items';
import { calendarText, parseSlaCalendar } from '../../subgraphs/tickets/sla-clock';
import { TicketService } from '../../subgraphs/tickets/service';
import type { TicketStore } from '../../subgraphs/tickets/store';
import { until } from './eventually';

/** Port 9 (discard) on loopback: nothing answers there. */
const UNREACHABLE_CMDB = 'http://127.0.0.1:9/graphql';

/** The service over `store` with an unreachable CMDB: only flows that never ask the CMDB, or fail before, can pass. */
export function offlineTicketService(store: TicketStore): TicketService {
  return new TicketService({ store, cmdb: cmdbItemDirectory(() => UNREACHABLE_CMDB, null), slaTargets: DEFAULT_SLA_TARGETS });
}

/** A store opened for one suite, and how to dispose of it (close, drop its database). */
export interface OpenedTicketStore {
  store: TicketStore;
  dispose(): Promise<void>;
}

const HOUR = 3_600_000;

/** A ticket as the creation rules complete it: priority from impact and urgency, SLA from the default targets. */
export function newTicket(type: TicketType, fields: Partial<NewTicket> = {}): NewTicket {
  const impact: Level = fields.impact ?? 'MEDIUM';
  const urgency: Level = fields.urgency ?? 'MEDIUM';
  const priority = priorityOf(impact, urgency);
  const createdAt = fields.createdAt ?? new Date();
  return {
    type,
    title: `${type.toLowerCase()} ${randomUUID().slice(0, 8)}`,
    description: null,
    status: type === 'CHANGE' ? 'DRAFT' : 'NEW',
    impact,
    urgency,
    priority,
    assignmentGroup: null,
    assignee: null,
    reporter: null,
    affectedItemIds: [],
    changeType: type === 'CHANGE' ? 'NORMAL' : null,
    plannedStart: null,
    plannedEnd: null,
    createdAt,
    slaDueAt: slaDueAt(type, priority, createdAt, DEFAULT_SLA_TARGETS),
    ...fields,
  };
}

function incident(externalId: string, fields: Partial<IncidentImport> = {}): IncidentImport {
  return {
    externalId,
    title: `imported ${externalId}`,
    impact: 'LOW',
    urgency: 'MEDIUM',
    status: 'NEW',
    createdAt: new Date('2025-03-01T10:00:00.000Z'),
    ...fields,
  };
}

const importSla = (item: IncidentImport) =>
  slaDueAt('INCIDENT', priorityOf(item.impact, item.urgency), item.createdAt, DEFAULT_SLA_TARGETS);

function codeOf(error: unknown): unknown {
  return (error as GraphQLError).extensions?.code;
}

async function rejection(promise: Promise<unknown>): Promise<GraphQLError> {
  try {
    await promise;
  } catch (error) {
    return error as GraphQLError;
  }
  throw new Error('expected a rejection, but the call succeeded');
}


const to = (status: TicketStatus, note: string | null = null) => (current: Ticket, now: Date) =>
  transition(current, status, note, now);

/** Legal transitions of incidents, problems and requests, as the contract lists them. */
const SUPPORT_TRANSITIONS: [TicketStatus, TicketStatus][] = [
  ['NEW', 'IN_PROGRESS'], ['NEW', 'ON_HOLD'], ['NEW', 'RESOLVED'], ['NEW', 'CANCELLED'],
  ['IN_PROGRESS', 'ON_HOLD'], ['IN_PROGRESS', 'RESOLVED'], ['IN_PROGRESS', 'CANCELLED'],
  ['ON_HOLD', 'IN_PROGRESS'], ['ON_HOLD', 'RESOLVED'], ['ON_HOLD', 'CANCELLED'],
  ['RESOLVED', 'CLOSED'], ['RESOLVED', 'IN_PROGRESS'],
];
const SUPPORT_PATH: Record<string, TicketStatus[]> = {
  NEW: [],
  IN_PROGRESS: ['IN_PROGRESS'],
  ON_HOLD: ['ON_HOLD'],
  RESOLVED: ['RESOLVED'],
  CLOSED: ['RESOLVED', 'CLOSED'],
  CANCELLED: ['CANCELLED'],
};
const CHANGE_FLOW: TicketStatus[] = ['DRAFT', 'ASSESSMENT', 'AUTHORIZED', 'SCHEDULED', 'IMPLEMENTING', 'REVIEW', 'CLOSED'];

/** Runs the contract against the store `open` returns; one store serves the whole suite. */
export function describeTicketStoreContract(name: string, open: () => Promise<OpenedTicketStore>): void {
  describe(`${name} ticket store`, () => {
    let opened: OpenedTicketStore;
    let store: TicketStore;
    /** The service over this store; its CMDB is unreachable, so only flows rejected before asking the CMDB can pass. */
    let service: TicketService;

    beforeAll(async () => {
      opened = await open();
      store = opened.store;
      service = offlineTicketService(store);
    });
    afterAll(async () => {
      await opened?.dispose();
    });

    const create = (type: TicketType, fields: Partial<NewTicket> = {}, actor: string | null = 'alice') =>
      store.createTicket(newTicket(type, fields), actor);

    /** Drives a ticket through the given statuses. */
    const walk = async (ticket: Ticket, statuses: TicketStatus[]): Promise<Ticket> => {
      let current = ticket;
      for (const status of statuses) current = await store.updateTicket(current.id, null, 'bob', to(status));
      return current;
    };

    const reload = async (id: string): Promise<Ticket | undefined> => (await store.ticketsByIds([id])).get(id);
    const historyCount = async (id: string) => (await store.historyOf([id])).get(id)!.length;

    describe('numbering and creation', () => {
      it('numbers each type sequentially with seven digits, starting at 0000001 on a fresh store', async () => {
        const fresh = await open();
        try {
          const numbers: string[] = [];
          for (const type of ['INCIDENT', 'INCIDENT', 'PROBLEM', 'CHANGE', 'REQUEST', 'INCIDENT', 'REQUEST'] as TicketType[]) {
            numbers.push((await fresh.store.createTicket(newTicket(type), null)).number);
          }
          expect(numbers).toEqual(['INC0000001', 'INC0000002', 'PRB0000001', 'CHG0000001', 'REQ0000001', 'INC0000003', 'REQ0000002']);
        } finally {
          await fresh.dispose();
        }
      });

      it('returns the created ticket as it reads back, at version 1 with items each once', async () => {
        const itemA = randomUUID();
        const itemB = randomUUID();
        const created = await create('INCIDENT', {
          impact: 'HIGH',
          urgency: 'HIGH',
          assignmentGroup: 'network',
          affectedItemIds: [itemB, itemA, itemB],
          createdAt: new Date('2025-01-02T03:04:05.678Z'),
        });
        expect(created).toMatchObject({
          type: 'INCIDENT',
          status: 'NEW',
          priority: 'P1',
          version: 1,
          externalId: null,
          resolvedAt: null,
          closedAt: null,
          createdAt: new Date('2025-01-02T03:04:05.678Z'),
          updatedAt: new Date('2025-01-02T03:04:05.678Z'),
          slaDueAt: new Date('2025-01-02T07:04:05.678Z'),
        });
        expect(created.number).toMatch(/^INC\d{7}$/);
        expect([...created.affectedItemIds].sort()).toEqual([itemA, itemB].sort());
        expect(await reload(created.id)).toEqual(created);
        expect((await store.ticketsByNumbers([created.number])).get(created.number)).toEqual(created);
      });

      it('stores a change with its change type and planned window and no SLA', async () => {
        const plannedStart = new Date('2025-06-01T22:00:00.000Z');
        const plannedEnd = new Date('2025-06-02T02:00:00.000Z');
        const change = await create('CHANGE', { changeType: 'EMERGENCY', plannedStart, plannedEnd });
        expect(change).toMatchObject({ status: 'DRAFT', changeType: 'EMERGENCY', plannedStart, plannedEnd, slaDueAt: null });
        expect(change.number).toMatch(/^CHG\d{7}$/);
        expect(await reload(change.id)).toEqual(change);
      });

      it('records the creation as a status entry from null by the creating actor', async () => {
        const created = await create('PROBLEM', {}, 'carol');
        expect((await store.historyOf([created.id])).get(created.id)).toEqual([
          { at: created.createdAt, actor: 'carol', field: 'status', from: null, to: 'NEW', note: null },
        ]);
      });

      it('leaves out unknown ids and numbers when looking tickets up', async () => {
        const created = await create('REQUEST');
        const byIds = await store.ticketsByIds([created.id, randomUUID(), 'nope', '']);
        expect([...byIds.keys()]).toEqual([created.id]);
        const byNumbers = await store.ticketsByNumbers([created.number, 'REQ9999999', 'x\u0000y']);
        expect([...byNumbers.keys()]).toEqual([created.number]);
        expect((await store.ticketsByIds([])).size).toBe(0);
      });
    });

    describe('transitions', () => {
      for (const type of ['INCIDENT', 'PROBLEM', 'REQUEST'] as TicketType[]) {
        it(`allows every legal transition of ${type.toLowerCase()}s`, async () => {
          for (const [from, target] of SUPPORT_TRANSITIONS) {
            const at = await walk(await create(type), SUPPORT_PATH[from]);
            expect(at.status).toBe(from);
            const moved = await store.updateTicket(at.id, at.version, 'bob', to(target));
            expect(moved.status).toBe(target);
            expect(moved.version).toBe(at.version + 1);
            expect(await reload(at.id)).toEqual(moved);
          }
        });
      }

      it('rejects illegal transitions of support tickets with BAD_USER_INPUT and writes nothing', async () => {
        const illegal: [TicketStatus, TicketStatus][] = [
          ['NEW', 'NEW'], ['NEW', 'CLOSED'], ['NEW', 'DRAFT'], ['IN_PROGRESS', 'NEW'], ['ON_HOLD', 'CLOSED'],
          ['RESOLVED', 'ON_HOLD'], ['RESOLVED', 'CANCELLED'], ['CLOSED', 'IN_PROGRESS'], ['CLOSED', 'RESOLVED'],
          ['CANCELLED', 'NEW'], ['CANCELLED', 'IN_PROGRESS'],
        ];
        for (const [from, target] of illegal) {
          const at = await walk(await create('INCIDENT'), SUPPORT_PATH[from]);
          const sequence = await store.latestSequence();
          const error = await rejection(store.updateTicket(at.id, null, 'bob', to(target)));
          expect([from, target, codeOf(error)]).toEqual([from, target, 'BAD_USER_INPUT']);
          expect(await reload(at.id)).toEqual(at);
          expect(await store.latestSequence()).toBe(sequence);
        }
      });

      it('moves a change through the whole flow from DRAFT to CLOSED', async () => {
        let change = await create('CHANGE');
        for (const status of CHANGE_FLOW.slice(1)) {
          change = await store.updateTicket(change.id, change.version, 'bob', to(status));
          expect(change.status).toBe(status);
        }
        expect(change.version).toBe(CHANGE_FLOW.length);
        expect(change.closedAt).toEqual(change.updatedAt);
      });

      it('lets a STANDARD change go from DRAFT to SCHEDULED, but not a NORMAL or EMERGENCY one', async () => {
        const standard = await create('CHANGE', { changeType: 'STANDARD' });
        expect((await store.updateTicket(standard.id, null, 'bob', to('SCHEDULED'))).status).toBe('SCHEDULED');
        for (const changeType of ['NORMAL', 'EMERGENCY'] as const) {
          const other = await create('CHANGE', { changeType });
          expect(codeOf(await rejection(store.updateTicket(other.id, null, 'bob', to('SCHEDULED'))))).toBe('BAD_USER_INPUT');
          expect((await reload(other.id))?.status).toBe('DRAFT');
        }
      });

      it('cancels a change from every open status and sets closedAt', async () => {
        for (let at = 0; at < CHANGE_FLOW.length - 1; at += 1) {
          const change = await walk(await create('CHANGE'), CHANGE_FLOW.slice(1, at + 1));
          expect(change.status).toBe(CHANGE_FLOW[at]);
          const cancelled = await store.updateTicket(change.id, null, 'bob', to('CANCELLED'));
          expect(cancelled.status).toBe('CANCELLED');
          expect(cancelled.closedAt).toEqual(cancelled.updatedAt);
        }
      });

      it('rejects illegal transitions of changes with BAD_USER_INPUT', async () => {
        const illegal: [TicketStatus[], TicketStatus][] = [
          [[], 'AUTHORIZED'], [[], 'IMPLEMENTING'], [[], 'NEW'], [[], 'RESOLVED'], [['ASSESSMENT'], 'DRAFT'],
          [['ASSESSMENT', 'AUTHORIZED', 'SCHEDULED'], 'AUTHORIZED'], [CHANGE_FLOW.slice(1), 'CANCELLED'],
          [['CANCELLED'], 'DRAFT'],
        ];
        for (const [path, target] of illegal) {
          const change = await walk(await create('CHANGE'), path);
          expect(codeOf(await rejection(store.updateTicket(change.id, null, 'bob', to(target))))).toBe('BAD_USER_INPUT');
          expect(await reload(change.id)).toEqual(change);
        }
      });

      it('sets resolvedAt on RESOLVED and clears it on reopen', async () => {
        const resolved = await walk(await create('INCIDENT'), ['IN_PROGRESS', 'RESOLVED']);
        expect(resolved.resolvedAt).toEqual(resolved.updatedAt);
        expect((await reload(resolved.id))?.resolvedAt).toEqual(resolved.resolvedAt);
        const reopened = await store.updateTicket(resolved.id, null, 'bob', to('IN_PROGRESS'));
        expect(reopened.resolvedAt).toBeNull();
        expect((await reload(resolved.id))?.resolvedAt).toBeNull();
        const history = (await store.historyOf([resolved.id])).get(resolved.id)!;
        expect(history.slice(-2).map((h) => [h.field, h.from, h.to])).toEqual([
          ['status', 'RESOLVED', 'IN_PROGRESS'],
          ['resolvedAt', resolved.resolvedAt!.toISOString(), null],
        ]);
      });

      it('sets closedAt on CLOSED and on CANCELLED, keeping resolvedAt', async () => {
        const closed = await walk(await create('REQUEST'), ['RESOLVED', 'CLOSED']);
        expect(closed.closedAt).toEqual(closed.updatedAt);
        expect(closed.resolvedAt).not.toBeNull();
        const cancelled = await walk(await create('REQUEST'), ['ON_HOLD', 'CANCELLED']);
        expect(cancelled.closedAt).toEqual(cancelled.updatedAt);
        expect(cancelled.resolvedAt).toBeNull();
        expect(await reload(cancelled.id)).toEqual(cancelled);
      });
    });

    describe('versions, missing tickets and failed decisions', () => {
      it('rejects a stale expectedVersion with CONFLICT and writes nothing', async () => {
        const ticket = await walk(await create('INCIDENT'), ['IN_PROGRESS']);
        const sequence = await store.latestSequence();
        const entries = await historyCount(ticket.id);
        const error = await rejection(store.updateTicket(ticket.id, 1, 'bob', to('RESOLVED')));
        expect(codeOf(error)).toBe('CONFLICT');
        expect(error.extensions).toMatchObject({ expectedVersion: 1, actualVersion: 2 });
        expect(await reload(ticket.id)).toEqual(ticket);
        expect(await historyCount(ticket.id)).toBe(entries);
        expect(await store.latestSequence()).toBe(sequence);
      });

      it('accepts the current expectedVersion and increments the version by one', async () => {
        const ticket = await create('INCIDENT');
        const moved = await store.updateTicket(ticket.id, 1, 'bob', to('IN_PROGRESS'));
        expect(moved.version).toBe(2);
        expect((await store.updateTicket(ticket.id, 2, 'bob', () => comment('looking'))).version).toBe(3);
      });

      it('answers NOT_FOUND for ids of any shape', async () => {
        const sequence = await store.latestSequence();
        const ids = ['', 'nope', randomUUID(), '42', "'; DROP TABLE tickets.ticket; --", 'x'.repeat(5000), 'ünï🎫', 'nul\u0000byte', 'INC0000001'];
        for (const id of ids) {
          const error = await rejection(store.updateTicket(id, null, 'bob', () => comment('hello')));
          expect([id.slice(0, 20), codeOf(error)]).toEqual([id.slice(0, 20), 'NOT_FOUND']);
        }
        expect(await store.latestSequence()).toBe(sequence);
      });

      it('leaves nothing written when decide throws', async () => {
        const ticket = await create('INCIDENT');
        const sequence = await store.latestSequence();
        await expect(
          store.updateTicket(ticket.id, null, 'bob', () => {
            throw new Error('rules said no');
          }),
        ).rejects.toThrow('rules said no');
        expect(await reload(ticket.id)).toEqual(ticket);
        expect(await historyCount(ticket.id)).toBe(1);
        expect(await store.latestSequence()).toBe(sequence);
      });

      it('passes decide the current ticket and the time of the change, which becomes updatedAt', async () => {
        const ticket = await create('INCIDENT');
        let seen: [Ticket, Date] | undefined;
        const before = Date.now();
        const updated = await store.updateTicket(ticket.id, null, 'bob', (current, now) => {
          seen = [current, now];
          return assignment(current, 'db', null);
        });
        expect(seen![0]).toEqual(ticket);
        expect(seen![1].getTime()).toBeGreaterThanOrEqual(before);
        expect(updated.updatedAt).toEqual(seen![1]);
        expect(await reload(ticket.id)).toEqual(updated);
      });
    });

    describe('history', () => {
      it('records one entry per changed field, with actor and time', async () => {
        const ticket = await create('INCIDENT');
        const assigned = await store.updateTicket(ticket.id, null, 'dave', (current) => assignment(current, 'network', 'erin'));
        const history = (await store.historyOf([ticket.id])).get(ticket.id)!;
        expect(history.slice(1)).toEqual([
          { at: assigned.updatedAt, actor: 'dave', field: 'assignmentGroup', from: null, to: 'network', note: null },
          { at: assigned.updatedAt, actor: 'dave', field: 'assignee', from: null, to: 'erin', note: null },
        ]);
        const reassigned = await store.updateTicket(ticket.id, null, 'dave', (current) => assignment(current, 'network', 'frank'));
        const after = (await store.historyOf([ticket.id])).get(ticket.id)!;
        expect(after.slice(3)).toEqual([
          { at: reassigned.updatedAt, actor: 'dave', field: 'assignee', from: 'erin', to: 'frank', note: null },
        ]);
      });

      it('records a transition note and a comment as field comment with the body in note', async () => {
        const ticket = await create('REQUEST');
        await store.updateTicket(ticket.id, null, 'gina', to('ON_HOLD', 'waiting for the vendor'));
        const commented = await store.updateTicket(ticket.id, null, 'gina', () => comment('vendor called back'));
        expect(commented.status).toBe('ON_HOLD');
        const history = (await store.historyOf([ticket.id])).get(ticket.id)!;
        expect(history.slice(1).map(({ actor, field, from, to: target, note }) => ({ actor, field, from, to: target, note }))).toEqual([
          { actor: 'gina', field: 'status', from: 'NEW', to: 'ON_HOLD', note: 'waiting for the vendor' },
          { actor: 'gina', field: 'comment', from: null, to: null, note: 'vendor called back' },
        ]);
      });

      it('returns an assignment that changes nothing unchanged, with no history and no event', async () => {
        const ticket = await create('INCIDENT', { assignmentGroup: 'db', assignee: 'hal' });
        const sequence = await store.latestSequence();
        const same = await store.updateTicket(ticket.id, ticket.version, 'bob', (current) => assignment(current, 'db', 'hal'));
        expect(same).toEqual(ticket);
        expect(await reload(ticket.id)).toEqual(ticket);
        expect(await historyCount(ticket.id)).toBe(1);
        expect(await store.latestSequence()).toBe(sequence);
      });

      it('returns the history of several tickets in one call, oldest first, and empty lists for unknown ids', async () => {
        const a = await walk(await create('INCIDENT'), ['IN_PROGRESS', 'ON_HOLD']);
        const b = await walk(await create('PROBLEM'), ['RESOLVED']);
        const unknown = randomUUID();
        const history = await store.historyOf([a.id, b.id, unknown]);
        expect(history.get(a.id)!.map((h) => h.to)).toEqual(['NEW', 'IN_PROGRESS', 'ON_HOLD']);
        expect(history.get(b.id)!.map((h) => [h.field, h.to])).toEqual([
          ['status', 'NEW'],
          ['status', 'RESOLVED'],
          ['resolvedAt', b.resolvedAt!.toISOString()],
        ]);
        expect(history.get(unknown)).toEqual([]);
      });
    });

    describe('events', () => {
      it('emits exactly one event per committed mutation, with its kind, in increasing sequence', async () => {
        const before = await store.latestSequence();
        const item = randomUUID();
        const created = await create('INCIDENT', { affectedItemIds: [item], impact: 'HIGH', urgency: 'LOW' });
        await store.updateTicket(created.id, null, 'bob', to('IN_PROGRESS'));
        await store.updateTicket(created.id, null, 'bob', (current) => assignment(current, 'ops', null));
        await store.updateTicket(created.id, null, 'bob', () => comment('on it'));
        const other: TicketChange = { patch: { assignee: 'ivy' }, history: [{ field: 'assignee', from: null, to: 'ivy', note: null }], eventKind: 'UPDATED', changedFields: ['assignee'] };
        await store.updateTicket(created.id, null, 'bob', () => other);
        const events = await store.eventsAfter(before, 100);
        expect(events.map((e) => [e.kind, e.ticketId, e.changedFields])).toEqual([
          ['CREATED', created.id, expect.arrayContaining(['title', 'status', 'priority', 'affectedItemIds'])],
          ['STATUS_CHANGED', created.id, ['status']],
          ['ASSIGNED', created.id, ['assignmentGroup']],
          ['COMMENTED', created.id, ['comment']],
          ['UPDATED', created.id, ['assignee']],
        ]);
        const sequences = events.map((e) => BigInt(e.sequence));
        expect(sequences[0] > before).toBe(true);
        sequences.slice(1).forEach((s, i) => expect(s > sequences[i]).toBe(true));
        expect(events[2]).toMatchObject({ ticketType: 'INCIDENT', priority: 'P3', assignmentGroup: 'ops', affectedItemIds: [item] });
        expect(events[0].assignmentGroup).toBeNull();
        expect(await store.latestSequence()).toBe(sequences[sequences.length - 1]);
      });

      it('emits no event for rolled back writes or for imports', async () => {
        const ticket = await create('INCIDENT');
        const before = await store.latestSequence();
        await rejection(store.updateTicket(ticket.id, null, 'bob', to('CLOSED')));
        await rejection(store.updateTicket(ticket.id, 7, 'bob', to('IN_PROGRESS')));
        await rejection(store.updateTicket(ticket.id, null, 'bob', () => { throw new Error('boom'); }));
        await store.importIncidents([incident(`no-event-${randomUUID()}`)], importSla);
        expect(await store.eventsAfter(before, 10)).toEqual([]);
        expect(await store.latestSequence()).toBe(before);
      });

      it('notifies onEventCommitted once per event, only when the event is committed and readable', async () => {
        const notified: bigint[] = [];
        const readable: boolean[] = [];
        const unsubscribe = await store.onEventCommitted((sequence) => {
          notified.push(sequence);
          void store.eventsAfter(sequence - 1n, 1).then((events) => readable.push(events[0]?.sequence === sequence.toString()));
        });
        try {
          const before = await store.latestSequence();
          const ticket = await create('INCIDENT');
          await rejection(store.updateTicket(ticket.id, null, 'bob', () => { throw new Error('boom'); }));
          await store.updateTicket(ticket.id, null, 'bob', to('ON_HOLD'));
          const expected = (await store.eventsAfter(before, 10)).map((e) => BigInt(e.sequence));
          expect(expected).toHaveLength(2);
          await until(() => readable.length >= 2, { timeoutMs: 5000, describe: () => `readable: ${JSON.stringify(readable)}` });
          await new Promise((resolve) => setTimeout(resolve, 100));
          expect(notified).toEqual(expected);
          expect(readable).toEqual([true, true]);
        } finally {
          await unsubscribe();
        }
      });

      it('replays events after a sequence, oldest first, at most limit', async () => {
        const before = await store.latestSequence();
        const tickets = [];
        for (let i = 0; i < 5; i += 1) tickets.push(await create('REQUEST'));
        const all = await store.eventsAfter(before, 100);
        expect(all.map((e) => e.ticketId)).toEqual(tickets.map((t) => t.id));
        const firstTwo = await store.eventsAfter(before, 2);
        expect(firstTwo).toEqual(all.slice(0, 2));
        expect(await store.eventsAfter(BigInt(firstTwo[1].sequence), 100)).toEqual(all.slice(2));
        expect(await store.eventsAfter(BigInt(all[4].sequence), 100)).toEqual([]);
      });

      it('prunes events older than a time and keeps the newer ones', async () => {
        const before = await store.latestSequence();
        await create('PROBLEM');
        expect(await store.pruneEvents(new Date(Date.now() - 24 * HOUR))).toBe(0);
        const kept = await store.eventsAfter(before, 10);
        expect(kept).toHaveLength(1);
        const pruned = await store.pruneEvents(new Date(Date.now() + 1000));
        expect(pruned).toBeGreaterThanOrEqual(1);
        expect(await store.eventsAfter(0n, 10)).toEqual([]);
        // Sequences keep growing after a prune: readers resuming from an old sequence see only new events.
        const next = await create('PROBLEM');
        const after = await store.eventsAfter(BigInt(kept[0].sequence), 10);
        expect(after.map((e) => e.ticketId)).toEqual([next.id]);
        expect(await store.latestSequence()).toBe(BigInt(after[0].sequence));
      });

      it('never lets a reader following eventsAfter miss an event while mutations run concurrently', async () => {
        const start = await store.latestSequence();
        const seen: bigint[] = [];
        let last = start;
        let writing = true;
        const reader = (async () => {
          while (writing) {
            for (const event of await store.eventsAfter(last, 1000)) {
              last = BigInt(event.sequence);
              seen.push(last);
            }
            await new Promise((resolve) => setImmediate(resolve));
          }
        })();
        const tickets = await Promise.all(Array.from({ length: 30 }, () => create('INCIDENT')));
        await Promise.all(
          tickets.flatMap((t) => ['one', 'two', 'three'].map((body) => store.updateTicket(t.id, null, 'bob', () => comment(body)))),
        );
        writing = false;
        await reader;
        for (const event of await store.eventsAfter(last, 1000)) seen.push(BigInt(event.sequence));
        const committed = (await store.eventsAfter(start, 1000)).map((e) => BigInt(e.sequence));
        expect(committed).toHaveLength(120);
        committed.slice(1).forEach((sequence, i) => expect(sequence > committed[i]).toBe(true));
        expect(seen).toEqual(committed);
      });
    });

    describe('item views', () => {
      it('lists the open incidents of each item by priority, then createdAt, then id', async () => {
        const item = randomUUID();
        const lonely = randomUUID();
        const base = Date.parse('2025-02-01T00:00:00.000Z');
        const p3Late = await create('INCIDENT', { affectedItemIds: [item], createdAt: new Date(base + 2 * HOUR) });
        const p1 = await create('INCIDENT', { affectedItemIds: [item, lonely], impact: 'HIGH', urgency: 'HIGH', createdAt: new Date(base + 3 * HOUR) });
        const p3Early = await create('INCIDENT', { affectedItemIds: [item], createdAt: new Date(base + HOUR) });
        const p5 = await walk(await create('INCIDENT', { affectedItemIds: [item], impact: 'LOW', urgency: 'LOW', createdAt: new Date(base) }), ['ON_HOLD']);
        const p2 = await walk(await create('INCIDENT', { affectedItemIds: [item], impact: 'HIGH', urgency: 'MEDIUM', createdAt: new Date(base) }), ['IN_PROGRESS']);
        await walk(await create('INCIDENT', { affectedItemIds: [item], impact: 'HIGH', urgency: 'HIGH' }), ['RESOLVED']);
        await walk(await create('INCIDENT', { affectedItemIds: [item], impact: 'HIGH', urgency: 'HIGH' }), ['CANCELLED']);
        await create('PROBLEM', { affectedItemIds: [item], impact: 'HIGH', urgency: 'HIGH' });
        await create('CHANGE', { affectedItemIds: [item] });
        const open = await store.openIncidentsOf([item, lonely, 'nothing-here']);
        expect(open.get(item)!.map((t) => t.id)).toEqual([p1.id, p2.id, p3Early.id, p3Late.id, p5.id]);
        expect(open.get(item)![1]).toEqual(p2);
        expect(open.get(lonely)!.map((t) => t.id)).toEqual([p1.id]);
        expect(open.get('nothing-here')).toEqual([]);
      });

      it('orders open incidents of equal priority and createdAt by id', async () => {
        const item = randomUUID();
        const createdAt = new Date('2025-02-03T00:00:00.000Z');
        const tickets = await Promise.all(Array.from({ length: 4 }, () => create('INCIDENT', { affectedItemIds: [item], createdAt })));
        const ids = tickets.map((t) => t.id).sort();
        expect((await store.openIncidentsOf([item])).get(item)!.map((t) => t.id)).toEqual(ids);
      });

      it('lists the changes naming each item by createdAt, only open ones when asked', async () => {
        const item = randomUUID();
        const base = Date.parse('2025-04-01T00:00:00.000Z');
        const draft = await create('CHANGE', { affectedItemIds: [item], createdAt: new Date(base + 3 * HOUR) });
        const closed = await walk(await create('CHANGE', { affectedItemIds: [item], createdAt: new Date(base) }), CHANGE_FLOW.slice(1));
        const cancelled = await walk(await create('CHANGE', { affectedItemIds: [item], createdAt: new Date(base + HOUR) }), ['CANCELLED']);
        const scheduled = await walk(await create('CHANGE', { affectedItemIds: [item], changeType: 'STANDARD', createdAt: new Date(base + 2 * HOUR) }), ['SCHEDULED']);
        await create('INCIDENT', { affectedItemIds: [item] });
        expect((await store.changesOf([item], false)).get(item)!.map((t) => t.id)).toEqual([closed.id, cancelled.id, scheduled.id, draft.id]);
        expect((await store.changesOf([item], true)).get(item)!.map((t) => t.id)).toEqual([scheduled.id, draft.id]);
        expect((await store.changesOf(['none'], true)).get('none')).toEqual([]);
      });
    });

    describe('listing tickets', () => {
      /** Tickets of a group of their own, created an hour apart so their order is known. */
      const createGroup = async (count: number, fields: (i: number) => Partial<NewTicket> = () => ({})) => {
        const group = `group-${randomUUID()}`;
        const base = Date.parse('2024-01-01T00:00:00.000Z');
        const tickets: Ticket[] = [];
        for (let i = 0; i < count; i += 1) {
          tickets.push(await create('INCIDENT', { assignmentGroup: group, createdAt: new Date(base + i * HOUR), ...fields(i) }));
        }
        return { group, tickets };
      };

      const pageThrough = async (group: string, first: number, between: (page: number) => Promise<void> = async () => undefined) => {
        const seen: Ticket[] = [];
        let after = null;
        for (let page = 0; ; page += 1) {
          const result = await store.listTickets({ assignmentGroup: group }, first, after);
          seen.push(...result.tickets);
          if (!result.hasNextPage) return seen;
          const last = result.tickets[result.tickets.length - 1];
          after = { updatedAt: last.updatedAt, id: last.id };
          await between(page);
        }
      };

      it('orders by updatedAt then id and pages through every ticket once', async () => {
        const sameTime = new Date('2024-06-01T00:00:00.000Z');
        const { group, tickets } = await createGroup(7, (i) => (i >= 4 ? { createdAt: sameTime } : {}));
        const expected = [...tickets.slice(0, 4), ...tickets.slice(4).sort((a, b) => (a.id < b.id ? -1 : 1))];
        const page = await store.listTickets({ assignmentGroup: group }, 3, null);
        expect(page.totalCount).toBe(7);
        expect(page.hasNextPage).toBe(true);
        expect(page.tickets).toEqual(expected.slice(0, 3));
        expect((await pageThrough(group, 2)).map((t) => t.id)).toEqual(expected.map((t) => t.id));
        expect((await pageThrough(group, 7)).map((t) => t.id)).toEqual(expected.map((t) => t.id));
        const last = await store.listTickets({ assignmentGroup: group }, 3, { updatedAt: expected[3].updatedAt, id: expected[3].id });
        expect(last.tickets.map((t) => t.id)).toEqual(expected.slice(4).map((t) => t.id));
        expect(last.hasNextPage).toBe(false);
        expect(last.totalCount).toBe(7);
      });

      it('leaves the count out when asked to, with the same page', async () => {
        const { group } = await createGroup(4);
        const counted = await store.listTickets({ assignmentGroup: group }, 3, null);
        const uncounted = await store.listTickets({ assignmentGroup: group }, 3, null, { withTotalCount: false });
        expect(uncounted).toEqual({ ...counted, totalCount: null });
        expect(counted.totalCount).toBe(4);
      });

      it('skips no unchanged ticket when others are updated between pages', async () => {
        const { group, tickets } = await createGroup(10);
        const moved = new Set([tickets[1].id, tickets[5].id, tickets[9].id]);
        const seen = await pageThrough(group, 3, async (page) => {
          if (page === 0) {
            await store.updateTicket(tickets[1].id, null, 'bob', () => comment('already seen, moves to the end'));
            await store.updateTicket(tickets[5].id, null, 'bob', () => comment('not seen yet, moves to the end'));
          }
          if (page === 1) await store.updateTicket(tickets[9].id, null, 'bob', to('IN_PROGRESS'));
        });
        const ids = seen.map((t) => t.id);
        for (const ticket of tickets.filter((t) => !moved.has(t.id))) {
          expect(ids.filter((id) => id === ticket.id)).toHaveLength(1);
        }
        for (const id of moved) expect(ids).toContain(id);
        expect(ids.slice(-3).sort()).toEqual([...moved].sort());
      });

      it('filters AND across fields and OR within lists', async () => {
        const group = `filter-${randomUUID()}`;
        const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
        const p1Incident = await create('INCIDENT', { assignmentGroup: group, impact: 'HIGH', urgency: 'HIGH', affectedItemIds: [a] });
        const p3Incident = await walk(await create('INCIDENT', { assignmentGroup: group, affectedItemIds: [a, b] }), ['IN_PROGRESS']);
        const p3Problem = await create('PROBLEM', { assignmentGroup: group, affectedItemIds: [c] });
        const change = await create('CHANGE', { assignmentGroup: group, impact: 'LOW', urgency: 'LOW' });
        await create('INCIDENT', { assignmentGroup: `${group}-other`, affectedItemIds: [a] });
        const ids = async (filter: Parameters<TicketStore['listTickets']>[0]) =>
          (await store.listTickets({ assignmentGroup: group, ...filter }, 100, null)).tickets.map((t) => t.id).sort();
        const sorted = (...tickets: Ticket[]) => tickets.map((t) => t.id).sort();
        expect(await ids({})).toEqual(sorted(p1Incident, p3Incident, p3Problem, change));
        expect(await ids({ types: ['INCIDENT', 'PROBLEM'] })).toEqual(sorted(p1Incident, p3Incident, p3Problem));
        expect(await ids({ types: ['INCIDENT'], priorities: ['P3'] })).toEqual(sorted(p3Incident));
        expect(await ids({ statuses: ['NEW', 'DRAFT'] })).toEqual(sorted(p1Incident, p3Problem, change));
        expect(await ids({ priorities: ['P1', 'P5'] })).toEqual(sorted(p1Incident, change));
        expect(await ids({ affectedItemIds: [b, c] })).toEqual(sorted(p3Incident, p3Problem));
        expect(await ids({ affectedItemIds: [a], statuses: ['NEW'] })).toEqual(sorted(p1Incident));
        expect(await ids({ types: [] })).toEqual([]);
        const counted = await store.listTickets({ assignmentGroup: group, affectedItemIds: [a] }, 1, null);
        expect([counted.totalCount, counted.tickets.length, counted.hasNextPage]).toEqual([2, 1, true]);
      });

      it('returns only tickets updated since a time, the boundary included', async () => {
        const { group, tickets } = await createGroup(4);
        const since = tickets[2].updatedAt;
        const page = await store.listTickets({ assignmentGroup: group, updatedSince: since }, 10, null);
        expect(page.tickets.map((t) => t.id)).toEqual([tickets[2].id, tickets[3].id]);
        const touched = await store.updateTicket(tickets[0].id, null, 'bob', () => comment('touched'));
        const later = await store.listTickets({ assignmentGroup: group, updatedSince: touched.updatedAt }, 10, null);
        expect(later.tickets).toEqual([touched]);
      });

      it('returns an empty page with the total when the cursor is past the end', async () => {
        const { group, tickets } = await createGroup(2);
        const last = tickets[1];
        const page = await store.listTickets({ assignmentGroup: group }, 5, { updatedAt: last.updatedAt, id: last.id });
        expect(page).toEqual({ tickets: [], totalCount: 2, hasNextPage: false });
        expect(await store.listTickets({ assignmentGroup: `none-${randomUUID()}` }, 5, null)).toEqual({ tickets: [], totalCount: 0, hasNextPage: false });
      });

      it('finds where pages end, the last one short, and reads each page\'s CSV records once, in order', async () => {
        const sameTime = new Date('2024-06-01T00:00:00.000Z');
        // Five tickets at the same time: pages end between tickets that only their ids order.
        const { group, tickets } = await createGroup(9, (i) => (i >= 4 ? { createdAt: sameTime } : {}));
        const ordered = [...tickets.slice(0, 4), ...tickets.slice(4).sort((a, b) => (a.id < b.id ? -1 : 1))];
        const cursor = (ticket: Ticket) => ({ updatedAt: ticket.updatedAt, id: ticket.id });
        const filter = { assignmentGroup: group };
        expect(await store.ticketPageEnds(filter, null, 2, 3)).toEqual({ ends: [1, 3, 5].map((i) => cursor(ordered[i])), more: true });
        expect(await store.ticketPageEnds(filter, cursor(ordered[5]), 2, 3)).toEqual({ ends: [7, 8].map((i) => cursor(ordered[i])), more: false });
        expect(await store.ticketPageEnds(filter, cursor(ordered[0]), 4, 2)).toEqual({ ends: [4, 8].map((i) => cursor(ordered[i])), more: false });
        expect(await store.ticketPageEnds(filter, cursor(ordered[8]), 2, 3)).toEqual({ ends: [], more: false });
        const now = new Date('2026-12-01T00:00:00.000Z');
        const numbers = async (after: Ticket | null, upTo: Ticket) =>
          (await store.ticketCsvRecords(filter, after && cursor(after), cursor(upTo), now)).map((record) => record.split(',')[0]);
        expect(await numbers(null, ordered[1])).toEqual(ordered.slice(0, 2).map((t) => t.number));
        expect(await numbers(ordered[3], ordered[6])).toEqual(ordered.slice(4, 7).map((t) => t.number));
        expect(await numbers(ordered[6], ordered[6])).toEqual([]);
      });

      it('exports every ticket\'s CSV record once, in order, across several plans of pages read at the same time', async () => {
        const sameTime = new Date('2024-06-01T00:00:00.000Z');
        const { group, tickets } = await createGroup(19, (i) => (i % 3 === 0 ? { createdAt: sameTime, affectedItemIds: [`item-${i}`] } : {}));
        const now = new Date('2026-12-01T00:00:00.000Z');
        const expected = (await store.listTickets({ assignmentGroup: group }, 100, null)).tickets.map((ticket) =>
          csvRecord(Object.values(ticketExportRecord(ticket, now))).slice(0, -2),
        );
        expect(expected).toHaveLength(tickets.length);
        // Pages of two: four a plan, so three plans, the last page short.
        const pages: string[][] = [];
        for await (const page of service.exportTicketCsv({ assignmentGroup: group }, now, 2)) pages.push(page);
        expect(pages.map((page) => page.length)).toEqual([2, 2, 2, 2, 2, 2, 2, 2, 2, 1]);
        expect(pages.flat()).toEqual(expected);
        // A multiple of the page size ends with a full page, and nothing matching is no page at all.
        const even: string[][] = [];
        for await (const page of service.exportTicketCsv({ assignmentGroup: group }, now, 19)) even.push(page);
        expect(even).toEqual([expected]);
        const none: string[][] = [];
        for await (const page of service.exportTicketCsv({ assignmentGroup: `none-${randomUUID()}` }, now, 2)) none.push(page);
        expect(none).toEqual([]);
      });

      it('reads no more CSV export pages once the caller stops', async () => {
        const { group } = await createGroup(12);
        let reads = 0;
        const counting: TicketStore = {
          ...store,
          ticketCsvRecords: (...args) => ((reads += 1), store.ticketCsvRecords(...args)),
        };
        const exporting = offlineTicketService(counting);
        const pages = exporting.exportTicketCsv({ assignmentGroup: group }, new Date(), 1);
        expect((await pages.next()).value).toHaveLength(1);
        await pages.return(undefined);
        const started = reads;
        // What was under way is read to its end (nobody waits for it); nothing starts after it.
        await store.listTickets({ assignmentGroup: group }, 1, null);
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(reads).toBe(started);
        expect(reads).toBeLessThanOrEqual(3);
      });

      it('rejects first outside 1..1000 with BAD_USER_INPUT in the service', async () => {
        for (const first of [0, -1, 1001, 1.5]) {
          expect(codeOf(await rejection(service.listTickets({}, first, null, true)))).toBe('BAD_USER_INPUT');
        }
      });
    });

    describe('importing incidents', () => {
      it('imports incidents numbered as incidents, keeping the given status and timestamps', async () => {
        const prefix = randomUUID();
        const item = randomUUID();
        const createdAt = new Date('2024-11-05T08:30:00.250Z');
        const resolvedAt = new Date('2024-11-05T11:00:00.000Z');
        const closedAt = new Date('2024-11-07T09:00:00.000Z');
        const startedAt = new Date();
        const result = await store.importIncidents(
          [
            incident(`${prefix}-1`, { status: 'CLOSED', impact: 'HIGH', urgency: 'MEDIUM', createdAt, resolvedAt, closedAt, assignmentGroup: 'legacy', affectedItemIds: [item] }),
            incident(`${prefix}-2`, { status: 'IN_PROGRESS' }),
          ],
          importSla,
        );
        expect(result).toEqual({ created: 2, updated: 0, unchanged: 0, relationshipsCreated: 0, relationshipsUnchanged: 0 });
        const page = await store.listTickets({ assignmentGroup: 'legacy', affectedItemIds: [item] }, 10, null);
        expect(page.tickets).toHaveLength(1);
        const [imported] = page.tickets;
        expect(imported).toMatchObject({
          type: 'INCIDENT',
          externalId: `${prefix}-1`,
          status: 'CLOSED',
          priority: 'P2',
          createdAt,
          resolvedAt,
          closedAt,
          slaDueAt: new Date(createdAt.getTime() + 8 * HOUR),
          affectedItemIds: [item],
          version: 1,
          changeType: null,
        });
        expect(imported.number).toMatch(/^INC\d{7}$/);
        // updatedAt is the import's time, so BI pulls with updatedSince see imported incidents.
        expect(imported.updatedAt.getTime()).toBeGreaterThanOrEqual(startedAt.getTime());
        const history = (await store.historyOf([imported.id])).get(imported.id)!;
        expect(history.map((h) => [h.field, h.from, h.to])).toEqual([['status', null, 'CLOSED']]);
        // Imported incidents continue the incident numbering.
        const next = await create('INCIDENT');
        expect(Number(next.number.slice(3))).toBeGreaterThan(Number(imported.number.slice(3)));
      });

      it('reports everything unchanged when the same import runs twice', async () => {
        const prefix = randomUUID();
        const items = [
          incident(`${prefix}-a`, { affectedItemIds: [randomUUID(), randomUUID()], resolvedAt: new Date('2025-03-01T12:00:00.000Z'), status: 'RESOLVED' }),
          incident(`${prefix}-b`, { assignmentGroup: 'x' }),
        ];
        await store.importIncidents(items, importSla);
        const sequence = await store.latestSequence();
        expect(await store.importIncidents(items, importSla)).toEqual({ created: 0, updated: 0, unchanged: 2, relationshipsCreated: 0, relationshipsUnchanged: 0 });
        expect(await store.latestSequence()).toBe(sequence);
      });

      it('updates changed incidents by externalId, bumping their version and recording the changed fields', async () => {
        const prefix = randomUUID();
        const [oldItem, newItem] = [randomUUID(), randomUUID()];
        await store.importIncidents([incident(`${prefix}-a`, { affectedItemIds: [oldItem] }), incident(`${prefix}-b`)], importSla);
        const [before] = (await store.listTickets({ affectedItemIds: [oldItem] }, 10, null)).tickets;
        const resolvedAt = new Date('2025-03-02T00:00:00.000Z');
        const result = await store.importIncidents(
          [incident(`${prefix}-a`, { status: 'RESOLVED', resolvedAt, affectedItemIds: [newItem] }), incident(`${prefix}-b`), incident(`${prefix}-c`)],
          importSla,
        );
        expect(result).toMatchObject({ created: 1, updated: 1, unchanged: 1 });
        const after = (await store.ticketsByIds([before.id])).get(before.id)!;
        expect(after).toMatchObject({ number: before.number, status: 'RESOLVED', resolvedAt, affectedItemIds: [newItem], version: 2 });
        expect(after.updatedAt.getTime()).toBeGreaterThanOrEqual(before.updatedAt.getTime());
        expect((await store.openIncidentsOf([oldItem])).get(oldItem)).toEqual([]);
        const history = (await store.historyOf([before.id])).get(before.id)!;
        expect(history.slice(1).map((h) => h.field).sort()).toEqual(['affectedItemIds', 'resolvedAt', 'status']);
      });

      const invalid: [string, (prefix: string) => IncidentImport[]][] = [
        ['a duplicate externalId', (p) => [incident(`${p}-1`), incident(`${p}-2`), incident(`${p}-1`)]],
        ['an empty externalId', (p) => [incident(`${p}-1`), incident('  ')]],
        ['an empty title', (p) => [incident(`${p}-1`), incident(`${p}-2`, { title: '' })]],
        ['a status incidents cannot have', (p) => [incident(`${p}-1`), incident(`${p}-2`, { status: 'SCHEDULED' })]],
        ['resolvedAt before createdAt', (p) => [incident(`${p}-1`), incident(`${p}-2`, { status: 'RESOLVED', resolvedAt: new Date('2025-02-28T00:00:00.000Z') })]],
        ['closedAt before createdAt', (p) => [incident(`${p}-1`), incident(`${p}-2`, { status: 'CLOSED', closedAt: new Date('2025-02-28T00:00:00.000Z') })]],
        [`more than ${MAX_IMPORT_INCIDENTS} incidents`, (p) => Array.from({ length: MAX_IMPORT_INCIDENTS + 1 }, (_, i) => incident(`${p}-${i}`))],
      ];
      for (const [what, items] of invalid) {
        it(`rejects the whole import with BAD_USER_INPUT for ${what} in the service, writing nothing`, async () => {
          const prefix = randomUUID();
          const group = `import-${prefix}`;
          const existing = await store.importIncidents([incident(`${prefix}-1`, { assignmentGroup: group })], importSla);
          expect(existing.created).toBe(1);
          const batch = items(prefix).map((item) => ({ ...item, assignmentGroup: item.assignmentGroup ?? group, title: item.title && `${item.title} changed` }));
          const error = await rejection(service.importIncidents(batch));
          expect(codeOf(error)).toBe('BAD_USER_INPUT');
          expect(error.message).toMatch(/nothing was written/);
          const page = await store.listTickets({ assignmentGroup: group }, 10, null);
          expect(page.tickets.map((t) => [t.externalId, t.title, t.version])).toEqual([[`${prefix}-1`, `imported ${prefix}-1`, 1]]);
        });
      }

      it('imports 10,000 incidents in one call, and again as unchanged', async () => {
        const prefix = randomUUID();
        const group = `bulk-${prefix}`;
        const items = Array.from({ length: MAX_IMPORT_INCIDENTS }, (_, i) =>
          incident(`${prefix}-${i}`, {
            assignmentGroup: group,
            createdAt: new Date(Date.parse('2024-01-01T00:00:00.000Z') + i * 60_000),
            status: i % 3 === 0 ? 'RESOLVED' : 'NEW',
            resolvedAt: i % 3 === 0 ? new Date(Date.parse('2024-01-01T02:00:00.000Z') + i * 60_000) : null,
            affectedItemIds: [`item-${i % 50}`, `item-${(i + 1) % 50}`],
          }),
        );
        const sequence = await store.latestSequence();
        expect(await store.importIncidents(items, importSla)).toMatchObject({ created: MAX_IMPORT_INCIDENTS, updated: 0, unchanged: 0 });
        expect(await store.importIncidents(items, importSla)).toMatchObject({ created: 0, updated: 0, unchanged: MAX_IMPORT_INCIDENTS });
        const changed = items.map((item, i) => (i % 10 === 0 ? { ...item, title: `${item.title} (edited)` } : item));
        expect(await store.importIncidents(changed, importSla)).toMatchObject({ created: 0, updated: MAX_IMPORT_INCIDENTS / 10, unchanged: MAX_IMPORT_INCIDENTS * 0.9 });
        expect((await store.listTickets({ assignmentGroup: group }, 1, null)).totalCount).toBe(MAX_IMPORT_INCIDENTS);
        expect(await store.latestSequence()).toBe(sequence);
      });
    });

    describe('service levels', () => {
      const calendar = calendarText(parseSlaCalendar('Mon-Fri 08:00-18:00 Europe/Berlin', '2026-12-24'));

      it('keeps the original rule for a ticket built without service level terms', async () => {
        const created = await create('INCIDENT', { impact: 'MEDIUM', urgency: 'MEDIUM' });
        const [stored] = (await store.ticketsByIds([created.id])).values();
        expect(stored).toMatchObject({
          slaCalendar: null,
          slaTargetMs: 24 * HOUR,
          slaBreachAt: stored.slaDueAt,
          respondedAt: null,
          slaClock: { anchorAt: stored.createdAt, anchorMs: 0, paused: false, reachedAt: null },
        });
        expect(stored.responseDueAt.getTime() - stored.createdAt.getTime()).toBe(240 * 60_000);
      });

      it('stores the terms a ticket was created under and the clock each hold moves', async () => {
        const createdAt = new Date('2026-06-09T07:00:00.000Z'); // Tuesday 09:00 in Berlin
        const terms = { slaCalendar: calendar, slaTargetMs: 8 * HOUR, slaDueAt: new Date('2026-06-09T15:00:00.000Z') };
        const created = await create('INCIDENT', {
          createdAt,
          ...terms,
          slaBreachAt: terms.slaDueAt,
          responseDueAt: new Date('2026-06-09T11:00:00.000Z'),
        });
        expect(created).toMatchObject(terms);
        const hold = new Date('2026-06-09T14:00:00.000Z');
        const held = await store.updateTicket(created.id, null, 'bob', (current) => withServiceLevel(current, transition(current, 'ON_HOLD', null, hold), hold));
        const expected = {
          status: 'ON_HOLD',
          respondedAt: hold,
          slaDueAt: null,
          slaBreachAt: null,
          slaClock: { anchorAt: hold, anchorMs: 7 * HOUR, paused: true, reachedAt: null },
        };
        expect(held).toMatchObject(expected);
        const [stored] = (await store.ticketsByIds([created.id])).values();
        expect(stored).toMatchObject({ ...expected, slaCalendar: calendar, slaTargetMs: 8 * HOUR, responseDueAt: new Date('2026-06-09T11:00:00.000Z') });
        // Back on Wednesday 10:00 in Berlin: one hour left, due 11:00.
        const resume = new Date('2026-06-10T08:00:00.000Z');
        const resumed = await store.updateTicket(created.id, null, 'bob', (current) =>
          withServiceLevel(current, transition(current, 'IN_PROGRESS', null, resume), resume),
        );
        const [reread] = (await store.ticketsByIds([created.id])).values();
        expect(reread).toEqual(resumed);
        expect(reread).toMatchObject({
          respondedAt: hold,
          slaDueAt: new Date('2026-06-10T09:00:00.000Z'),
          slaBreachAt: new Date('2026-06-10T09:00:00.000Z'),
          slaClock: { anchorAt: resume, anchorMs: 7 * HOUR, paused: false, reachedAt: null },
        });
      });

      it('writes each ticket\'s CSV export record as the API\'s values of it, SLA states and quoting included, page by page', async () => {
        const group = `csv-${randomUUID()}`;
        const now = new Date('2026-12-01T00:00:00.000Z');
        const business = (createdAt: Date, fields: Partial<NewTicket> = {}) =>
          create('INCIDENT', { assignmentGroup: group, createdAt, slaCalendar: calendar, slaTargetMs: 8 * HOUR, slaDueAt: new Date(createdAt.getTime() + 8 * HOUR), ...fields });
        const move = (ticket: Ticket, to: TicketStatus, at: Date) =>
          store.updateTicket(ticket.id, null, 'bob', (current) => withServiceLevel(current, transition(current, to, null, at), at));
        const tuesday = new Date('2026-06-09T07:00:00.000Z'); // 09:00 in Berlin
        // Open long past its due time; open and not yet due; on hold below its target; on hold past it.
        await create('INCIDENT', { assignmentGroup: group, createdAt: new Date('2026-01-01T00:00:00.000Z'), title: 'a, "quoted"\r\nand split title' });
        await create('INCIDENT', { assignmentGroup: group, createdAt: new Date('2026-11-30T23:00:00.000Z'), assignee: 'doe, jane', reporter: 'o"neil', affectedItemIds: ['item-b', 'item-a'] });
        await move(await business(tuesday), 'ON_HOLD', new Date('2026-06-09T14:00:00.000Z'));
        await move(await business(tuesday), 'ON_HOLD', new Date('2026-06-10T12:00:00.000Z'));
        // Resolved within the target (the hold kept the clock still) and resolved after it.
        const kept = await move(await business(tuesday), 'ON_HOLD', new Date('2026-06-09T14:00:00.000Z'));
        await move(await move(kept, 'IN_PROGRESS', new Date('2026-06-15T08:00:00.000Z')), 'RESOLVED', new Date('2026-06-15T08:30:00.000Z'));
        await move(await business(tuesday, { title: "resolved late" }), 'RESOLVED', new Date('2026-06-11T08:00:00.000Z'));

        const expected = (await store.listTickets({ assignmentGroup: group }, 100, null)).tickets.map((ticket) =>
          csvRecord(Object.values(ticketExportRecord(ticket, now))).slice(0, -2),
        );
        expect(expected).toHaveLength(6);
        expect(new Set(expected.map((record) => record.split(',').at(-2)))).toEqual(new Set(['true', 'false']));
        // Pages of four, one a plan: a full page, then the short one at the end.
        const records: string[] = [];
        let after: TicketCursor | null = null;
        for (let more = true; more; ) {
          const plan = await store.ticketPageEnds({ assignmentGroup: group }, after, 4, 1);
          for (const upTo of plan.ends) {
            records.push(...(await store.ticketCsvRecords({ assignmentGroup: group }, after, upTo, now)));
            after = upTo;
          }
          more = plan.more;
        }
        expect(records).toEqual(expected);
      });

      it('imports incidents with their service level terms', async () => {
        const externalId = `sla-${randomUUID()}`;
        const sla = {
          slaDueAt: new Date('2025-03-04T12:00:00.000Z'),
          slaBreachAt: new Date('2025-03-04T12:00:00.000Z'),
          slaCalendar: calendar,
          slaTargetMs: 24 * HOUR,
          responseDueAt: new Date('2025-03-03T08:00:00.000Z'),
          respondedAt: null,
        };
        await store.importIncidents([incident(externalId, { assignmentGroup: externalId })], () => sla);
        const [imported] = (await store.listTickets({ assignmentGroup: externalId }, 10, null)).tickets;
        expect(imported).toMatchObject({ ...sla, slaClock: { anchorAt: imported.createdAt, anchorMs: 0, paused: false, reachedAt: null } });
      });
    });

    describe('the service catalog', () => {
      const fields = (name: string, rest: Partial<ServiceOfferingFields> = {}): ServiceOfferingFields => ({
        name,
        description: null,
        category: 'Access',
        businessServiceId: null,
        fulfilmentHours: 8,
        active: true,
        ...rest,
      });

      it('creates, reads and lists offerings by category, then name, then id', async () => {
        const category = `cat-${randomUUID()}`;
        const b = await store.createOffering(fields(`${category} b`, { category, businessServiceId: 'svc-1', description: 'bee' }));
        const a = await store.createOffering(fields(`${category} a`, { category }));
        const off = await store.createOffering(fields(`${category} 0`, { category, active: false }));
        expect(b).toMatchObject({ name: `${category} b`, description: 'bee', businessServiceId: 'svc-1', fulfilmentHours: 8, active: true, version: 1 });
        expect((await store.serviceCatalog(category, false)).map((o) => o.id)).toEqual([a.id, b.id]);
        expect((await store.serviceCatalog(category, true)).map((o) => o.id)).toEqual([off.id, a.id, b.id]);
        const all = await store.serviceCatalog(null, true);
        expect(all.filter((o) => o.category === category)).toHaveLength(3);
        expect(all.map((o) => o.category)).toEqual([...all.map((o) => o.category)].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
        expect(await store.offeringsByIds([a.id, 'no-such-offering'])).toEqual(new Map([[a.id, a]]));
      });

      it('replaces every field on update, checks the version, and keeps names unique', async () => {
        const name = `offering-${randomUUID()}`;
        const created = await store.createOffering(fields(name, { businessServiceId: 'svc-1' }));
        const other = await store.createOffering(fields(`${name} other`));
        const updated = await store.updateOffering(created.id, 1, fields(name, { category: 'Hardware', fulfilmentHours: 40, active: false }));
        expect(updated).toMatchObject({ id: created.id, category: 'Hardware', businessServiceId: null, fulfilmentHours: 40, active: false, version: 2 });
        expect(codeOf(await rejection(store.updateOffering(created.id, 1, fields(name))))).toBe('CONFLICT');
        expect(codeOf(await rejection(store.updateOffering('no-such-offering', null, fields(name))))).toBe('NOT_FOUND');
        expect(codeOf(await rejection(store.updateOffering(other.id, null, fields(name))))).toBe('BAD_USER_INPUT');
        expect(codeOf(await rejection(store.createOffering(fields(name))))).toBe('BAD_USER_INPUT');
        expect((await store.offeringsByIds([created.id, other.id])).get(other.id)).toEqual(other);
        expect((await store.offeringsByIds([created.id])).get(created.id)).toEqual(updated);
      });

      it('links a request to its offering and whom it is for', async () => {
        const offering = await store.createOffering(fields(`offering-${randomUUID()}`));
        const request = await create('REQUEST', { offeringId: offering.id, requestedFor: 'carol' });
        expect((await store.ticketsByIds([request.id])).get(request.id)).toMatchObject({ offeringId: offering.id, requestedFor: 'carol' });
      });
    });

    it('answers ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
