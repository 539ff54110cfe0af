/**
 * The tickets service: every use case of the tickets subgraph, between the resolvers (which
 * translate GraphQL) and the store (which persists inside a transaction). It validates each input
 * once, completes new tickets by the domain rules, asks the CMDB what the graph says and owns the
 * flow of each write; the decisions themselves are the pure functions of domain.ts.
 */
import pRetry, { AbortError } from 'p-retry';
import { BadUserInputError, NotFoundError, requireIntInRange } from '../../platform/errors';
import { componentLogger } from '../../platform/logger';
import {
  assignment,
  CONFLICT_DEPTH,
  changeConflicts,
  changeRisk,
  comment,
  DEFAULT_SLA_POLICY,
  FINAL_CHANGE_STATUSES,
  hasWindow,
  incidentImportProblems,
  initialSla,
  knownErrorRecord,
  MAX_CALENDAR_DAYS,
  MAX_PAGE_SIZE,
  MAX_PROBABLE_CAUSE_INCIDENTS,
  mayConflict,
  priorityOf,
  offeringProblems,
  problemLink,
  transition,
  withServiceLevel,
  type ChangeConflict,
  type ChangeRisk,
  type ChangeType,
  type ImportResult,
  type IncidentImport,
  type Level,
  type MetricRow,
  type MetricsQuery,
  type NewTicket,
  type Priority,
  type ServiceOffering,
  type ServiceOfferingFields,
  type SlaPolicy,
  type SlaTargets,
  type Ticket,
  type TicketCursor,
  type TicketFilter,
  type TicketPage,
  type TicketChange,
  type TicketStatus,
  type TicketType,
} from './domain';
import type { ImportedSla } from './store';
import type { CmdbClient } from './items';
import { canonicalTimeZone, metricsProblems } from './metrics';
import type { TicketPageEnds, TicketStore } from './store';

export interface TicketServiceDeps {
  store: TicketStore;
  cmdb: CmdbClient;
  slaTargets: SlaTargets;
  /** How new tickets' service levels are counted; default: around the clock with `slaTargets`. */
  sla?: SlaPolicy;
}

export interface ServiceOfferingInput {
  name: string;
  description?: string | null;
  category: string;
  businessServiceId?: string | null;
  fulfilmentHours: number;
  active?: boolean | null;
}

export interface RequestServiceInput {
  offeringId: string;
  requestedFor: string;
  title?: string | null;
  description?: string | null;
  urgency?: Level | null;
}

export interface CreateIncident {
  title: string;
  description?: string | null;
  impact: Level;
  urgency: Level;
  affectedItemIds?: string[] | null;
  assignmentGroup?: string | null;
  assignee?: string | null;
  reporter?: string | null;
}

export interface CreateChangeRequest {
  title: string;
  description?: string | null;
  changeType: ChangeType;
  impact: Level;
  urgency: Level;
  affectedItemIds: string[];
  plannedStart?: Date | null;
  plannedEnd?: Date | null;
  assignmentGroup?: string | null;
}

export interface CreateProblem {
  title: string;
  description?: string | null;
  impact: Level;
  urgency: Level;
  affectedItemIds?: string[] | null;
  incidentIds?: string[] | null;
  assignmentGroup?: string | null;
}

export interface ProbableCause {
  itemId: string;
  coverage: number;
  /** The incidents it explains, by number. */
  incidents: Ticket[];
  impactSize: number;
}

const DAY_MS = 86_400_000;
/** Tickets an export reads per store page: big enough that round trips do not dominate, small enough to keep memory flat. */
const EXPORT_PAGE_SIZE = 1000;
/**
 * CSV records per store page: a record is a short string, not a ticket, so a page of 5,000 holds
 * about 1 MB; it spreads a statement's planning and round trip over five times the rows (measured
 * 60,000 → 75,000 records/s read in sequence at 200,000 tickets on PostgreSQL).
 */
const CSV_EXPORT_PAGE_SIZE = 5000;
/**
 * CSV export pages read at the same time. PostgreSQL runs a statement on one core, and one page
 * statement after the other bound the export; two at once use the second core while this process
 * writes the response (measured at 1,000,000 tickets: 87,000-97,000 → 130,000-140,000 rows/s; three
 * were no faster). With the page being written, that is at most three pages (about 1 MB each) held.
 */
const CSV_EXPORT_CONCURRENCY = 2;
/** CSV export pages whose ends one keyset query finds: it costs about a twentieth of writing those pages. */
const CSV_EXPORT_PAGES_PER_PLAN = 4;
const exportLog = componentLogger('tickets', 'export');
const MAJOR_PRIORITIES = ['P1', 'P2'] as const;

/**
 * `promise`, marked as handled: a page read ahead may fail while the caller is still handling the one
 * before, with nobody awaiting it yet, and Node ends the process on an unhandled rejection. Awaiting
 * it later still throws.
 */
function readAhead<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/** Logs the failure of reads that nobody will await: the caller stopped, or another read failed first. */
function abandon(pending: (Promise<unknown> | null)[]): void {
  for (const read of pending) read?.catch((error) => exportLog.warn({ err: error }, 'reading a page nobody waited for failed'));
}

/**
 * The pages `read` gives from the start, following `next` until it is null; the next page is read
 * while the caller handles this one. Stopping the iteration early stops the reading.
 */
async function* prefetchedPages<Page, Item>(
  read: (after: TicketCursor | null) => Promise<Page>,
  next: (page: Page) => TicketCursor | null,
  items: (page: Page) => Item,
): AsyncGenerator<Item> {
  let pending: Promise<Page> | null = readAhead(read(null));
  try {
    while (pending) {
      const page: Page = await pending;
      const after = next(page);
      pending = after ? readAhead(read(after)) : null;
      yield items(page);
    }
  } finally {
    abandon([pending]);
  }
}

/**
 * The pages from the start, in order, with `concurrency` of them read at the same time while the
 * caller handles the one before: `plan` finds where the next pages end (a keyset query, cheap), and
 * `read` reads the tickets after one end up to the next, so every ticket is in exactly one page. The
 * next plan is asked for as soon as the one before is known, and the last is the one that finds no
 * tickets after its ends. Stopping the iteration early stops the reading: no read starts after it.
 */
async function* concurrentPages<Item>(
  plan: (after: TicketCursor | null) => Promise<TicketPageEnds>,
  read: (after: TicketCursor | null, upTo: TicketCursor) => Promise<Item>,
  concurrency: number,
): AsyncGenerator<Item> {
  const reading: Promise<Item>[] = [];
  const ranges: { after: TicketCursor | null; upTo: TicketCursor }[] = [];
  let planned: Promise<TicketPageEnds> | null = readAhead(plan(null));
  let after: TicketCursor | null = null;
  const startReads = async () => {
    while (reading.length < concurrency) {
      const range = ranges.shift();
      if (range) {
        reading.push(readAhead(read(range.after, range.upTo)));
        continue;
      }
      if (!planned) return;
      const current: Promise<TicketPageEnds> = planned;
      planned = null;
      const { ends, more } = await current;
      const last = ends.at(-1);
      if (more && last) planned = readAhead(plan(last));
      for (const upTo of ends) {
        ranges.push({ after, upTo });
        after = upTo;
      }
    }
  };
  try {
    await startReads();
    for (let page = reading.shift(); page; page = reading.shift()) {
      const items = await page;
      await startReads();
      yield items;
    }
  } finally {
    abandon([...reading, planned]);
  }
}

/** Thrown inside a store transaction when what was read before it has changed; the flow is retried. */
class StaleRead extends Error {}

export class TicketService {
  private readonly sla: SlaPolicy;

  constructor(private readonly deps: TicketServiceDeps) {
    this.sla = deps.sla ?? { ...DEFAULT_SLA_POLICY, targets: deps.slaTargets };
  }

  // ------------------------------------------------------------ reads

  /** One page of tickets; `first` is 1..1000. */
  async listTickets(filter: TicketFilter, first: number, after: TicketCursor | null, withTotalCount: boolean): Promise<TicketPage> {
    requireIntInRange('first', first, 1, MAX_PAGE_SIZE);
    return this.deps.store.listTickets(filter, first, after, { withTotalCount });
  }

  /**
   * Every ticket matching `filter`, in the order of `tickets` (updatedAt, then id), as pages read
   * with keyset cursors; the next page is read while the caller handles this one. Stopping the
   * iteration early stops the reading.
   */
  exportTickets(filter: TicketFilter, pageSize = EXPORT_PAGE_SIZE): AsyncGenerator<Ticket[]> {
    const { store } = this.deps;
    return prefetchedPages(
      (after) => store.listTickets(filter, pageSize, after, { withTotalCount: false }),
      (page) => {
        const last = page.tickets.at(-1);
        return page.hasNextPage && last ? { updatedAt: last.updatedAt, id: last.id } : null;
      },
      (page) => page.tickets,
    );
  }

  /**
   * The CSV records of every ticket matching `filter` (TICKET_EXPORT_COLUMNS, without line ends),
   * in the order of exportTickets, page by page, the pages read CSV_EXPORT_CONCURRENCY at a time;
   * `slaBreached` of open tickets as at `now`. Stopping the iteration early stops the reading.
   */
  exportTicketCsv(filter: TicketFilter, now: Date, pageSize = CSV_EXPORT_PAGE_SIZE): AsyncGenerator<string[]> {
    const { store } = this.deps;
    return concurrentPages(
      (after) => store.ticketPageEnds(filter, after, pageSize, CSV_EXPORT_PAGES_PER_PLAN),
      (after, upTo) => store.ticketCsvRecords(filter, after, upTo, now),
      CSV_EXPORT_CONCURRENCY,
    );
  }

  /** `ticketMetrics`: UTC buckets, rows only where something happened. */
  async metrics(query: MetricsQuery): Promise<MetricRow[]> {
    return this.metricSeries({ ...query, timeZone: 'UTC', fillEmpty: false }, 'ticketMetrics');
  }

  /** `ticketMetricSeries`: buckets aligned in `timeZone` (IANA), every bucket and group when `fillEmpty`. */
  async metricSeries(query: MetricsQuery, what = 'ticketMetricSeries'): Promise<MetricRow[]> {
    const problems = metricsProblems(query);
    if (problems.length) throw BadUserInputError.of(problems, what);
    const timeZone = canonicalTimeZone(query.timeZone ?? 'UTC')!;
    return this.deps.store.metrics({ ...query, timeZone, fillEmpty: query.fillEmpty ?? false }, new Date());
  }

  /** Changes, not cancelled, whose window intersects [from, to), by plannedStart then number. */
  async changeCalendar(from: Date, to: Date): Promise<Ticket[]> {
    const problems: string[] = [];
    if (to.getTime() <= from.getTime()) problems.push(`to: ${to.toISOString()} must be after from (${from.toISOString()})`);
    else if (to.getTime() - from.getTime() > MAX_CALENDAR_DAYS * DAY_MS) {
      problems.push(`to: the range from ${from.toISOString()} to ${to.toISOString()} is over ${MAX_CALENDAR_DAYS} days`);
    }
    if (problems.length) throw BadUserInputError.of(problems, 'changeCalendar');
    return this.deps.store.changesInWindow(from, to, ['CANCELLED']);
  }

  /**
   * The conflicts of each change, for a batch of changes (one CMDB request for all of them):
   * open changes with an overlapping window that share an affected item or a business service.
   */
  async conflictsOf(changes: readonly Ticket[]): Promise<ChangeConflict[][]> {
    const { store, cmdb } = this.deps;
    const open = changes.filter(mayConflict);
    if (!open.length) return changes.map(() => []);
    const candidatesOf = new Map<string, Ticket[]>();
    for (const change of open) {
      if (candidatesOf.has(change.id)) continue;
      const overlapping = await store.changesInWindow(change.plannedStart!, change.plannedEnd!, FINAL_CHANGE_STATUSES);
      candidatesOf.set(change.id, overlapping.filter((other) => other.id !== change.id));
    }
    const involved = new Map<string, Ticket>();
    for (const change of open) {
      involved.set(change.id, change);
      for (const other of candidatesOf.get(change.id)!) involved.set(other.id, other);
    }
    const sets = [...involved.values()];
    const sharedItems = new Set<string>();
    for (const change of open) {
      const own = new Set(change.affectedItemIds);
      for (const other of candidatesOf.get(change.id)!) for (const id of other.affectedItemIds) if (own.has(id)) sharedItems.add(id);
    }
    const reached = await cmdb.businessServicesReached(
      sets.map((change) => change.affectedItemIds),
      CONFLICT_DEPTH,
      [...sharedItems],
    );
    const services = new Map(sets.map((change, index) => [change.id, reached.services[index] ?? []]));
    const itemOrder = byNameThenId(reached.names);
    return changes.map((change) =>
      mayConflict(change) ? changeConflicts(change, candidatesOf.get(change.id)!, services, itemOrder) : [],
    );
  }

  /** The risk of a change over its outage, open major incidents and conflicts (counted by the caller through `conflictsOf`). */
  async riskOf(change: Ticket, conflicts: number): Promise<ChangeRisk> {
    const [risk] = await this.risksOf([change], [conflicts]);
    return risk;
  }

  /** `riskOf` for a batch of changes, reading the open major incidents once. */
  async risksOf(changes: readonly Ticket[], conflicts: readonly number[]): Promise<ChangeRisk[]> {
    const majorIncidents = await this.deps.store.openIncidents({ priorities: [...MAJOR_PRIORITIES] }, null);
    return Promise.all(changes.map((change, index) => this.riskWith(change, conflicts[index], majorIncidents)));
  }

  private async riskWith(change: Ticket, conflicts: number, majorIncidents: Ticket[]): Promise<ChangeRisk> {
    const { cmdb } = this.deps;
    const changeItems = change.affectedItemIds;
    const outage = changeItems.length
      ? await cmdb.outage(changeItems)
      : { roots: [], businessServicesDown: [], businessServicesDegraded: [] };
    const own = new Set(changeItems);
    const onOwnItems = majorIncidents.filter((incident) => incident.affectedItemIds.some((id) => own.has(id)));
    const others = majorIncidents.filter((incident) => !onOwnItems.includes(incident));
    const candidates = [...new Set(others.flatMap((incident) => incident.affectedItemIds))];
    // The outage's DOWN and DEGRADED items are exactly the unbounded impact of its roots.
    const reached = new Set(await cmdb.itemsRelyingOn(outage.roots.map((root) => root.id), candidates));
    const onOutage = others.filter((incident) => incident.affectedItemIds.some((id) => reached.has(id)));
    return changeRisk({
      changeType: change.changeType ?? 'NORMAL',
      servicesDown: [
        ...outage.businessServicesDown,
        ...outage.roots.filter((root) => root.ciClass === 'BUSINESS_SERVICE'),
      ],
      businessServicesDegraded: outage.businessServicesDegraded.length,
      openMajorIncidents: onOwnItems.length + onOutage.length,
      conflicts,
    });
  }

  /** Items that best explain a set of incidents, ranked by the CMDB. */
  async probableCauses(
    incidentIds: string[] | null,
    since: Date | null,
    depth: number,
    first: number,
  ): Promise<ProbableCause[]> {
    const problems: string[] = [];
    if (!Number.isInteger(depth) || depth < 1 || depth > 10) problems.push(`depth must be an integer from 1 to 10, got ${depth}`);
    if (!Number.isInteger(first) || first < 1 || first > 100) problems.push(`first must be an integer from 1 to 100, got ${first}`);
    const tooMany = `more than ${MAX_PROBABLE_CAUSE_INCIDENTS} incidents; name fewer or narrow since`;
    let incidents: Ticket[] = [];
    if (incidentIds) {
      const unique = [...new Set(incidentIds)];
      if (unique.length > MAX_PROBABLE_CAUSE_INCIDENTS) problems.push(`incidentIds: ${tooMany}`);
      else {
        const found = await this.deps.store.ticketsByIds(unique);
        for (const id of unique) {
          const ticket = found.get(id);
          if (!ticket || ticket.type !== 'INCIDENT') problems.push(`incidentIds: ${JSON.stringify(id)} names no incident`);
          else incidents.push(ticket);
        }
      }
    } else if (!problems.length) {
      incidents = await this.deps.store.openIncidents({ createdSince: since }, MAX_PROBABLE_CAUSE_INCIDENTS + 1);
      if (incidents.length > MAX_PROBABLE_CAUSE_INCIDENTS) problems.push(`since: ${tooMany}`);
    }
    if (problems.length) throw BadUserInputError.of(problems, 'probableCauses');
    incidents.sort((a, b) => compareCodePoints(a.number, b.number));
    if (!incidents.some((incident) => incident.affectedItemIds.length)) return [];
    const candidates = await this.deps.cmdb.probableCauseCandidates(
      incidents.map((incident) => incident.affectedItemIds),
      depth,
      first,
    );
    return candidates.map((candidate) => ({
      itemId: candidate.itemId,
      coverage: candidate.sets.length,
      incidents: candidate.sets.map((index) => incidents[index]),
      impactSize: candidate.impactSize,
    }));
  }

  // ------------------------------------------------------------ writes

  async createIncident(input: CreateIncident, actor: string | null): Promise<Ticket> {
    const problems = requireTitle(input.title);
    if (problems.length) throw BadUserInputError.of(problems, 'createIncident');
    const affectedItemIds = unique(input.affectedItemIds);
    await this.deps.cmdb.assertUsable(affectedItemIds, 'input.affectedItemIds');
    return this.deps.store.createTicket(
      this.newTicket('INCIDENT', 'NEW', input, affectedItemIds, {
        assignee: input.assignee ?? null,
        reporter: input.reporter ?? actor,
      }),
      actor,
    );
  }

  async createChangeRequest(input: CreateChangeRequest, actor: string | null): Promise<Ticket> {
    const problems = requireTitle(input.title);
    const window = { plannedStart: input.plannedStart ?? null, plannedEnd: input.plannedEnd ?? null };
    if (hasWindow(window) && window.plannedEnd.getTime() <= window.plannedStart.getTime()) {
      problems.push('input.plannedEnd must be after input.plannedStart');
    }
    if (problems.length) throw BadUserInputError.of(problems, 'createChangeRequest');
    const affectedItemIds = unique(input.affectedItemIds);
    await this.deps.cmdb.assertUsable(affectedItemIds, 'input.affectedItemIds');
    return this.deps.store.createTicket(
      this.newTicket('CHANGE', 'DRAFT', input, affectedItemIds, { reporter: actor, changeType: input.changeType, ...window }),
      actor,
    );
  }

  /** Opens a problem and links the named incidents to it (moving them from another problem), all in one transaction. */
  async createProblem(input: CreateProblem, actor: string | null): Promise<Ticket> {
    const problems = requireTitle(input.title);
    const incidentIds = unique(input.incidentIds);
    const incidents = await this.deps.store.ticketsByIds(incidentIds);
    for (const id of incidentIds) {
      if (incidents.get(id)?.type !== 'INCIDENT') problems.push(`input.incidentIds: ${JSON.stringify(id)} names no incident`);
    }
    const affectedItemIds = unique(input.affectedItemIds);
    try {
      await this.deps.cmdb.assertUsable(affectedItemIds, 'input.affectedItemIds');
    } catch (error) {
      if (!(error instanceof BadUserInputError)) throw error;
      problems.push(...error.problems);
    }
    if (problems.length) throw BadUserInputError.of(problems, 'problem rejected, nothing was written');
    const problem = this.newTicket('PROBLEM', 'NEW', input, affectedItemIds, { reporter: actor });
    return this.withFreshReads(async () => {
      const current = await this.deps.store.ticketsByIds(incidentIds);
      const previous = await this.problemNumbers([...current.values()]);
      return this.deps.store.createTicket(problem, actor, {
        ids: incidentIds,
        decide: (incident, created) => problemLink(incident, created, this.previousNumber(incident, previous)),
      });
    });
  }

  /** Links an incident to a problem, moving it from the one it had; no change when it is already linked there. */
  async linkIncidentToProblem(incidentId: string, problemId: string, actor: string | null): Promise<Ticket> {
    const tickets = await this.deps.store.ticketsByIds([incidentId, problemId]);
    const incident = tickets.get(incidentId);
    const problem = tickets.get(problemId);
    if (!incident) throw new NotFoundError('incident', incidentId);
    if (!problem) throw new NotFoundError('problem', problemId);
    const problems: string[] = [];
    if (incident.type !== 'INCIDENT') problems.push(`incidentId: ${incident.number} is not an incident`);
    if (problem.type !== 'PROBLEM') problems.push(`problemId: ${problem.number} is not a problem`);
    if (problems.length) throw BadUserInputError.of(problems, 'linkIncidentToProblem');
    return this.withFreshReads(async () => {
      const [current] = (await this.deps.store.ticketsByIds([incidentId])).values();
      const previous = await this.problemNumbers(current ? [current] : []);
      return this.deps.store.updateTicket(incidentId, null, actor, (locked) =>
        problemLink(locked, problem, this.previousNumber(locked, previous)),
      );
    });
  }

  async recordKnownError(problemId: string, rootCause: string, workaround: string | null, expectedVersion: number | null, actor: string | null): Promise<Ticket> {
    return this.deps.store.updateTicket(problemId, expectedVersion, actor, (current) => knownErrorRecord(current, rootCause, workaround));
  }

  async transition(id: string, to: TicketStatus, note: string | null, expectedVersion: number | null, actor: string | null): Promise<Ticket> {
    return this.update(id, expectedVersion, actor, (current, now) => transition(current, to, note, now));
  }

  async assign(id: string, assignmentGroup: string | null, assignee: string | null, actor: string | null): Promise<Ticket> {
    return this.update(id, null, actor, (current) => assignment(current, assignmentGroup, assignee));
  }

  async comment(ticketId: string, body: string, actor: string | null): Promise<Ticket> {
    const change = comment(body);
    return this.deps.store.updateTicket(ticketId, null, actor, () => change);
  }

  /** Upserts historic incidents by externalId, all or nothing. */
  async importIncidents(incidents: IncidentImport[]): Promise<ImportResult> {
    const problems = incidentImportProblems(incidents);
    if (problems.length) throw BadUserInputError.of(problems, 'import rejected, nothing was written');
    await this.deps.cmdb.assertUsable(incidents.flatMap((i) => i.affectedItemIds ?? []), 'items.affectedItemIds');
    return this.deps.store.importIncidents(incidents, (incident): ImportedSla => ({
      ...initialSla(this.sla, 'INCIDENT', priorityOf(incident.impact, incident.urgency), incident.createdAt),
      // The import says nothing about when work began: an incident past NEW counts as answered on creation.
      respondedAt: incident.status === 'NEW' ? null : incident.createdAt,
    }));
  }

  // ------------------------------------------------------------ service catalog

  /** `serviceCatalog`: active offerings (all with `includeInactive`), optionally of one category. */
  async serviceCatalog(category: string | null, includeInactive: boolean): Promise<ServiceOffering[]> {
    return this.deps.store.serviceCatalog(category, includeInactive);
  }

  async createServiceOffering(input: ServiceOfferingInput): Promise<ServiceOffering> {
    return this.deps.store.createOffering(await this.offeringFields(input, 'createServiceOffering'));
  }

  async updateServiceOffering(id: string, input: ServiceOfferingInput, expectedVersion: number | null): Promise<ServiceOffering> {
    const fields = await this.offeringFields(input, 'updateServiceOffering');
    return this.deps.store.updateOffering(id, expectedVersion, fields);
  }

  /** Opens a REQ for an active offering: impact LOW, the given urgency, the offering's fulfilment target. */
  async requestService(input: RequestServiceInput, actor: string | null): Promise<Ticket> {
    const offering = (await this.deps.store.offeringsByIds([input.offeringId])).get(input.offeringId);
    if (!offering) throw new NotFoundError('service offering', input.offeringId);
    const problems: string[] = [];
    if (!offering.active) problems.push(`input.offeringId: ${JSON.stringify(offering.name)} is not active`);
    if (input.requestedFor.trim() === '') problems.push('input.requestedFor must not be empty');
    const title = input.title ?? offering.name;
    problems.push(...requireTitle(title));
    if (problems.length) throw BadUserInputError.of(problems, 'requestService');
    const affectedItemIds = offering.businessServiceId ? [offering.businessServiceId] : [];
    await this.deps.cmdb.assertUsable(affectedItemIds, 'offering.businessServiceId');
    const request = this.newTicket(
      'REQUEST',
      'NEW',
      { title, description: input.description, impact: 'LOW', urgency: input.urgency ?? 'MEDIUM' },
      affectedItemIds,
      { reporter: actor, offeringId: offering.id, requestedFor: input.requestedFor },
      offering.fulfilmentHours,
    );
    return this.deps.store.createTicket(request, actor);
  }

  /** An offering's fields from its input, checked: text, the fulfilment target, and the business service in the CMDB. */
  private async offeringFields(input: ServiceOfferingInput, what: string): Promise<ServiceOfferingFields> {
    const fields: ServiceOfferingFields = {
      name: input.name,
      description: input.description ?? null,
      category: input.category,
      businessServiceId: input.businessServiceId ?? null,
      fulfilmentHours: input.fulfilmentHours,
      active: input.active ?? true,
    };
    const problems = offeringProblems(fields);
    if (fields.businessServiceId) {
      try {
        await this.deps.cmdb.assertUsable([fields.businessServiceId], 'input.businessServiceId', 'BUSINESS_SERVICE');
      } catch (error) {
        if (!(error instanceof BadUserInputError)) throw error;
        problems.push(...error.problems);
      }
    }
    if (problems.length) throw BadUserInputError.of(problems, what);
    return fields;
  }

  // ------------------------------------------------------------ internals

  /** Every read-modify-write of a ticket: the change `decide` makes, with what it does to the service level. */
  private update(
    id: string,
    expectedVersion: number | null,
    actor: string | null,
    decide: (current: Ticket, now: Date) => TicketChange | null,
  ): Promise<Ticket> {
    return this.deps.store.updateTicket(id, expectedVersion, actor, (current, now) => withServiceLevel(current, decide(current, now), now));
  }

  /**
   * A new ticket as the creation rules complete it: priority from the matrix, service level from the
   * policy in force (`targetHours` replaces the priority's resolution target, for catalog requests).
   */
  private newTicket(
    type: TicketType,
    status: TicketStatus,
    input: { title: string; description?: string | null; impact: Level; urgency: Level; assignmentGroup?: string | null },
    affectedItemIds: string[],
    fields: Partial<NewTicket>,
    targetHours?: number,
  ): NewTicket {
    const createdAt = new Date();
    const priority: Priority = priorityOf(input.impact, input.urgency);
    return {
      type,
      title: input.title,
      description: input.description ?? null,
      status,
      impact: input.impact,
      urgency: input.urgency,
      priority,
      assignmentGroup: input.assignmentGroup ?? null,
      assignee: null,
      reporter: null,
      affectedItemIds,
      changeType: null,
      plannedStart: null,
      plannedEnd: null,
      createdAt,
      ...initialSla(this.sla, type, priority, createdAt, targetHours),
      // Created with an assignee: someone has it from the start.
      respondedAt: fields.assignee ? createdAt : null,
      ...fields,
    };
  }

  /** Numbers of the problems these incidents belong to now, for the history of a move. */
  private async problemNumbers(incidents: Ticket[]): Promise<Map<string, string>> {
    const ids = [...new Set(incidents.map((incident) => incident.problemId).filter((id): id is string => id != null))];
    const problems = await this.deps.store.ticketsByIds(ids);
    return new Map([...problems.values()].map((problem) => [problem.id, problem.number]));
  }

  private previousNumber(incident: Ticket, numbers: Map<string, string>): string | null {
    if (incident.problemId == null) return null;
    const number = numbers.get(incident.problemId);
    // The incident moved between the read and the lock: read again.
    if (number === undefined) throw new StaleRead(`incident ${incident.id} moved while being linked`);
    return number;
  }

  /** Runs a flow that reads before its transaction, again when the transaction found the read stale. */
  private withFreshReads<T>(flow: () => Promise<T>): Promise<T> {
    return pRetry(
      async () => {
        try {
          return await flow();
        } catch (error) {
          if (error instanceof StaleRead) throw error;
          throw new AbortError(error as Error);
        }
      },
      // p-retry rejects with the original error of an AbortError, so callers see the flow's own errors.
      { retries: 3, minTimeout: 0, maxTimeout: 0 },
    );
  }
}

function requireTitle(title: string): string[] {
  return title.trim() === '' ? ['input.title must not be empty'] : [];
}

function unique(ids: readonly string[] | null | undefined): string[] {
  return [...new Set(ids ?? [])];
}

function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders item ids by name then id; ids without a name (no longer in the CMDB) sort by id after named ones. */
function byNameThenId(names: Map<string, string>): (ids: string[]) => string[] {
  return (ids) =>
    [...ids].sort((a, b) => {
      const na = names.get(a);
      const nb = names.get(b);
      if (na !== nb) {
        if (na === undefined) return 1;
        if (nb === undefined) return -1;
        return compareCodePoints(na, nb);
      }
      return compareCodePoints(a, b);
    });
}
