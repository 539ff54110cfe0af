/**
 * Contract part "change-and-problem" end to end: its golden operations, sent unmodified through the
 * real gateway to both subgraphs on the embedded stores, with answers computed by hand from the
 * small topology, and bad input answered with the contract's codes and nothing written.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLRequestError, type GraphQLResponse } from '../platform/graphql-client';
import { CONTRACT_DIR, errorCode, startTestHub, type TestHub } from './support/hub';

const PART_OPERATIONS = readFileSync(join(CONTRACT_DIR, 'parts', 'change-and-problem.operations.graphql'), 'utf8');

describe('change and problem management through the gateway (embedded stores)', () => {
  let hub: TestHub;
  const ids: Record<string, string> = {};

  /** Runs an operation of the part's document, as written, selected by name. */
  async function part<T = Record<string, any>>(operationName: string, variables: Record<string, unknown>): Promise<T> {
    const response = await fetch(hub.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: PART_OPERATIONS, operationName, variables }),
    });
    const body = (await response.json()) as GraphQLResponse;
    if (body.errors?.length || !body.data) throw new GraphQLRequestError(body, response.status);
    return body.data as T;
  }

  const openChange = (externalIds: string[], plannedStart: string | null, plannedEnd: string | null, changeType = 'NORMAL') =>
    hub.golden('OpenChange', {
      input: { title: `change of ${externalIds.join(', ')}`, changeType, impact: 'MEDIUM', urgency: 'MEDIUM', affectedItemIds: externalIds.map((e) => ids[e]), plannedStart, plannedEnd },
    }).then((data) => data.createChangeRequest as { id: string; number: string });

  const openIncident = (externalIds: string[], impact = 'HIGH', urgency = 'HIGH') =>
    hub.golden('OpenIncident', {
      input: { title: `incident on ${externalIds.join(', ')}`, impact, urgency, affectedItemIds: externalIds.map((e) => ids[e]) },
    }).then((data) => data.createIncident as { id: string; number: string; version: number });

  const countOf = async (type: string) =>
    (await hub.golden('ExtractTickets', { filter: { types: [type] }, first: 1 })).tickets.totalCount as number;

  beforeAll(async () => {
    hub = await startTestHub();
    Object.assign(ids, await hub.importTopology());
  }, 180_000);

  afterAll(async () => {
    await hub?.destroy();
  });

  describe('changes', () => {
    let dbChange: { id: string; number: string };
    let apiChange: { id: string; number: string };
    let incident: { id: string; number: string };

    beforeAll(async () => {
      dbChange = await openChange(['db-main'], '2030-01-10T08:00:00.000Z', '2030-01-10T12:00:00.000Z');
      apiChange = await openChange(['app-api', 'db-main'], '2030-01-10T11:00:00.000Z', '2030-01-10T14:00:00.000Z', 'EMERGENCY');
      // Touches both windows at an end only: no overlap, no conflict.
      await openChange(['db-main'], '2030-01-10T14:00:00.000Z', '2030-01-10T16:00:00.000Z', 'STANDARD');
      await openChange(['db-main'], null, null);
      incident = await openIncident(['app-web']);
    });

    it('assesses a change: outage, conflicts with shared items and services by name, and the risk formula', async () => {
      const { ticket } = await part('ChangeAssessment', { id: dbChange.id });
      expect(ticket.number).toBe(dbChange.number);
      expect(ticket.conflicts).toEqual([
        {
          change: { number: apiChange.number, plannedStart: '2030-01-10T11:00:00.000Z', plannedEnd: '2030-01-10T14:00:00.000Z' },
          sharedItems: [{ name: 'main db' }],
          sharedBusinessServices: [{ name: 'Payments' }, { name: 'Shop' }],
        },
      ]);
      // main db down takes api, web, Payments (HIGH) and Shop (CRITICAL) down with it: 10 + 4; the P1 incident on web: 5;
      // one conflict: 8; a NORMAL change: 3.
      expect(ticket.risk).toEqual({
        level: 'HIGH',
        score: 30,
        businessServicesDown: 2,
        businessServicesDegraded: 0,
        criticalServicesDown: 1,
        openMajorIncidents: 1,
        conflicts: 1,
      });
      expect(incident.number).toMatch(/^INC/);
    });

    it('lists the calendar by plannedStart, leaving out changes without a window and windows outside the range', async () => {
      const { changeCalendar } = await part('ChangeCalendar', { from: '2030-01-10T09:00:00.000Z', to: '2030-01-10T14:00:00.000Z' });
      expect(changeCalendar.map((c: { number: string }) => c.number)).toEqual([dbChange.number, apiChange.number]);
      expect(changeCalendar[1]).toMatchObject({ changeType: 'EMERGENCY', status: 'DRAFT', affectedItems: [{ name: 'api' }, { name: 'main db' }] });
      expect(changeCalendar[0].risk).toEqual({ level: 'HIGH', score: 30 });
    });

    it('rejects a change whose plannedEnd is not after plannedStart with BAD_USER_INPUT, writing nothing', async () => {
      const before = await countOf('CHANGE');
      expect(await errorCode(openChange(['db-main'], '2030-02-01T10:00:00.000Z', '2030-02-01T10:00:00.000Z'))).toBe('BAD_USER_INPUT');
      expect(await errorCode(openChange(['db-main'], '2030-02-01T10:00:00.000Z', '2030-02-01T09:00:00.000Z'))).toBe('BAD_USER_INPUT');
      expect(await countOf('CHANGE')).toBe(before);
    });

    it('rejects a calendar range over 366 days or ending before it starts with BAD_USER_INPUT', async () => {
      for (const [from, to] of [['2030-01-01T00:00:00.000Z', '2031-01-02T00:00:01.000Z'], ['2030-01-02T00:00:00.000Z', '2030-01-01T00:00:00.000Z']]) {
        expect(await errorCode(part('ChangeCalendar', { from, to }))).toBe('BAD_USER_INPUT');
      }
    });
  });

  describe('problems', () => {
    it('opens a problem with its incidents, links and moves incidents, and records a known error', async () => {
      const first = await openIncident(['app-web'], 'LOW', 'LOW');
      const second = await openIncident(['app-api'], 'LOW', 'LOW');
      const { createProblem } = await part('OpenProblem', {
        input: { title: 'api slow under load', impact: 'HIGH', urgency: 'MEDIUM', affectedItemIds: [ids['db-main']], incidentIds: [first.id] },
      });
      expect(createProblem).toMatchObject({ status: 'NEW', priority: 'P2', incidents: [{ number: first.number }], affectedItems: [{ id: ids['db-main'], name: 'main db' }] });
      expect(createProblem.number).toMatch(/^PRB\d{7}$/);

      const linked = await part('LinkIncident', { incidentId: second.id, problemId: createProblem.id });
      expect(linked.linkIncidentToProblem).toEqual({ id: second.id, number: second.number, problem: { number: createProblem.number } });
      // Again: already linked, nothing changes.
      await part('LinkIncident', { incidentId: second.id, problemId: createProblem.id });
      const { ticketByNumber } = await hub.golden('TicketByNumber', { number: second.number });
      expect(ticketByNumber.history.filter((h: { field: string }) => h.field === 'problem')).toEqual([
        { field: 'problem', from: null, to: createProblem.number, note: null },
      ]);

      const other = await part('OpenProblem', { input: { title: 'other', impact: 'LOW', urgency: 'LOW' } });
      await part('LinkIncident', { incidentId: first.id, problemId: other.createProblem.id });
      const moved = await hub.golden('TicketByNumber', { number: first.number });
      expect(moved.ticketByNumber.history.at(-1)).toEqual({ field: 'problem', from: createProblem.number, to: other.createProblem.number, note: null });

      const { recordKnownError } = await part('KnownError', {
        problemId: createProblem.id,
        rootCause: 'connection pool too small',
        workaround: 'restart api',
        expectedVersion: 1,
      });
      expect(recordKnownError).toEqual({
        number: createProblem.number,
        knownError: true,
        rootCause: 'connection pool too small',
        workaround: 'restart api',
        version: 2,
        incidents: [{ number: second.number }],
      });
      expect(
        await errorCode(part('KnownError', { problemId: createProblem.id, rootCause: 'something else', workaround: null, expectedVersion: 1 })),
      ).toBe('CONFLICT');
      const again = await part('KnownError', { problemId: createProblem.id, rootCause: 'connection pool too small', workaround: null, expectedVersion: 2 });
      expect(again.recordKnownError).toMatchObject({ knownError: true, workaround: null, version: 3 });
    });

    it('answers bad links and problems with the contract codes and writes nothing', async () => {
      const incident = await openIncident(['vm-1'], 'LOW', 'LOW');
      const change = await openChange(['vm-1'], null, null);
      const { createProblem } = await part('OpenProblem', { input: { title: 'p', impact: 'LOW', urgency: 'LOW' } });
      const problems = await countOf('PROBLEM');
      expect(await errorCode(part('LinkIncident', { incidentId: incident.id, problemId: change.id }))).toBe('BAD_USER_INPUT');
      expect(await errorCode(part('LinkIncident', { incidentId: change.id, problemId: createProblem.id }))).toBe('BAD_USER_INPUT');
      expect(await errorCode(part('LinkIncident', { incidentId: 'no-such-incident', problemId: createProblem.id }))).toBe('NOT_FOUND');
      expect(await errorCode(part('LinkIncident', { incidentId: incident.id, problemId: 'no-such-problem' }))).toBe('NOT_FOUND');
      expect(
        await errorCode(part('OpenProblem', { input: { title: 'bad', impact: 'LOW', urgency: 'LOW', incidentIds: [incident.id, change.id, 'no-such-incident'] } })),
      ).toBe('BAD_USER_INPUT');
      expect(
        await errorCode(part('OpenProblem', { input: { title: 'bad', impact: 'LOW', urgency: 'LOW', affectedItemIds: ['no-such-item'], incidentIds: [incident.id] } })),
      ).toBe('BAD_USER_INPUT');
      expect(await countOf('PROBLEM')).toBe(problems);
      const { ticketByNumber } = await hub.golden('TicketByNumber', { number: incident.number });
      expect(ticketByNumber.history.map((h: { field: string }) => h.field)).toEqual(['status']);
    });
  });

  describe('probable causes', () => {
    it('ranks the shared dependencies of incidents by coverage, then the most specific first', async () => {
      const onWeb = await openIncident(['app-web'], 'LOW', 'MEDIUM');
      const onApi = await openIncident(['app-api'], 'LOW', 'MEDIUM');
      const { probableCauses } = await part('ProbableCauses', { incidentIds: [onApi.id, onWeb.id], depth: 5, first: 10 });
      // Both rely on api (impact 3), main db (4), vm-2 (5), host-1 (7), then san-1 and sw-1 (8 each, by name).
      expect(probableCauses.map((c: { item: { name: string }; coverage: number; impactSize: number }) => [c.item.name, c.coverage, c.impactSize])).toEqual([
        ['api', 2, 3],
        ['main db', 2, 4],
        ['vm-2', 2, 5],
        ['host-1', 2, 7],
        ['san-1', 2, 8],
        ['sw-1', 2, 8],
      ]);
      const numbers = [onWeb.number, onApi.number].sort();
      expect(probableCauses[0].incidents.map((i: { number: string }) => i.number)).toEqual(numbers);
      expect(probableCauses[0].item.openIncidents.map((i: { number: string }) => i.number)).toContain(onApi.number);

      const { probableCauses: top } = await part('ProbableCauses', { incidentIds: [onApi.id, onWeb.id], depth: 1, first: 1 });
      expect(top.map((c: { item: { name: string } }) => c.item.name)).toEqual(['api']);
    });

    it('rejects depth and first out of range and unknown incidents with BAD_USER_INPUT', async () => {
      for (const variables of [{ depth: 0 }, { depth: 11 }, { first: 0 }, { first: 101 }, { incidentIds: ['no-such-incident'] }]) {
        expect(await errorCode(part('ProbableCauses', variables))).toBe('BAD_USER_INPUT');
      }
    });
  });
});
