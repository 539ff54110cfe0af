/**
 * Change and problem management at enterprise scale (contract part "change-and-problem"): loads
 * the generated topology (bench/topology.ts), with redundancy thresholds on the items that have
 * redundant dependencies, into every CMDB backend, opens incidents and plans changes through the
 * gateway, then measures side by side:
 *
 * - the part's golden operations through the real gateway: `Outage` from the medium root and
 *   from the core switch, `ChangeAssessment` for a change with 20 other changes in its window,
 *   and `ProbableCauses` over every open incident;
 * - raw: the same computations in this process on the stores (the CMDB service's one-query
 *   closures and walks, the ticket store's reads), without GraphQL or HTTP: the floor;
 * - naive: the same answers from a walk with one round trip per hop (`relationshipsOf` of the
 *   frontier, then `itemsByIds` of the new items), the ceiling the server-side queries must beat.
 *
 * Every answer of every way is checked first against an in-memory computation of the contract's
 * rules (test/support/change-and-problem-reference.ts); a wrong answer fails the benchmark.
 *
 * CMDB on PGlite, PostgreSQL and Neo4j; tickets on PGlite with the PGlite CMDB and on PostgreSQL
 * with the others. `--quick`: 3,000 items, 30 incidents and few iterations; full: 100,000 items.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Kind, parse, print } from 'graphql';
import { openPglite, openPostgres } from '../platform/sql';
import { startHub } from '../scripts/hub';
import { benchHubConfig } from './processes';
import {
  candidatesToMeasure,
  simulateOutage,
  type ClosureNode,
  type ConfigurationItem,
  type ImpactClosure,
  type ItemInput,
  type Relationship,
} from '../subgraphs/cmdb/domain';
import { createCmdbService, type CmdbService } from '../subgraphs/cmdb/service';
import type { CmdbStore } from '../subgraphs/cmdb/store';
import { CONFLICT_DEPTH, FINAL_CHANGE_STATUSES, type Ticket } from '../subgraphs/tickets/domain';
import type { TicketStore } from '../subgraphs/tickets/store';
import { openSqlTicketStore } from '../subgraphs/tickets/store/sql';
import {
  ReferenceGraph,
  referenceConflicts,
  referenceProbableCauses,
  referenceRisk,
  seeded,
  type RefTicket,
  type RefTopology,
} from '../test/support/change-and-problem-reference';
import { createTestDatabase, postgresAvailable } from '../test/support/postgres';
import { CONTRACT_OPERATIONS, goldenOperation } from './golden';
import { backends, int, load, measure, ms, retryingClient, type Backend, type Latency, type Sampling } from './impact';
import type { BenchOptions } from './run';
import { generateTopology, type Topology, type TopologyBatch } from './topology';

const PART_OPERATIONS = join(CONTRACT_OPERATIONS, '..', 'parts', 'change-and-problem.operations.graphql');
/** The part's golden operation `name` alone, as a client sends it (the part's operations use no fragments). */
function partOperation(name: string): string {
  const operation = parse(readFileSync(PART_OPERATIONS, 'utf8')).definitions.find(
    (d) => d.kind === Kind.OPERATION_DEFINITION && d.name?.value === name,
  );
  if (!operation) throw new Error(`no operation ${name} in ${PART_OPERATIONS}`);
  return print(operation);
}

const OUTAGE = partOperation('Outage');
const CHANGE_ASSESSMENT = partOperation('ChangeAssessment');
const PROBABLE_CAUSES = partOperation('ProbableCauses');
const OPEN_INCIDENT = goldenOperation('OpenIncident');
const OPEN_CHANGE = goldenOperation('OpenChange');

/** The contract's defaults for what the golden operations leave out. */
const OUTAGE_LIMIT = 1000;
const CAUSES_DEPTH = 5;
const CAUSES_FIRST = 10;
const HOUR = 3_600_000;
/** Changes overlapping the assessed change's window, and changes elsewhere in the calendar. */
const CHANGES_IN_WINDOW = 20;
const CHANGES_ELSEWHERE = 10;
/** Full size and --quick (CI): items, open incidents. */
const FULL = { items: 100_000, incidents: 200 };
const QUICK = { items: 3_000, incidents: 30 };

// ---------------------------------------------------------------- the data

/**
 * The bench topology with redundancy where the generator gives items redundant dependencies:
 * hosts (two top-of-rack switches), top-of-rack switches and storage arrays (two core switches)
 * keep running on one of them; an application with four or more dependencies survives losing any
 * one. Everything else needs all of its dependencies. Each group of payloads of the same items is
 * read whole first, so an item's dependencies are counted before it is imported.
 */
function withRedundancy(topology: Topology): Topology {
  const redundancy = (item: ItemInput, dependencies: number): number | null => {
    if (item.ciClass === 'SERVER' || item.ciClass === 'STORAGE' || (item.ciClass === 'NETWORK_DEVICE' && !item.name.startsWith('core-'))) {
      return dependencies >= 2 ? 1 : null;
    }
    if (item.ciClass === 'APPLICATION') return dependencies >= 4 ? dependencies - 1 : null;
    return null;
  };
  function* finish(group: TopologyBatch[]): Generator<TopologyBatch> {
    const dependencies = new Map<string, Set<string>>();
    for (const { relationships } of group) {
      for (const rel of relationships) {
        const targets = dependencies.get(rel.sourceExternalId) ?? new Set<string>();
        targets.add(rel.targetExternalId);
        dependencies.set(rel.sourceExternalId, targets);
      }
    }
    for (const batch of group) {
      yield {
        items: batch.items.map((item) => ({ ...item, minimumAvailable: redundancy(item, dependencies.get(item.externalId)?.size ?? 0) })),
        relationships: batch.relationships,
      };
    }
  }
  return {
    ...topology,
    *batches(itemsPerBatch, maxRelationships) {
      let group: TopologyBatch[] = [];
      for (const batch of topology.batches(itemsPerBatch, maxRelationships)) {
        if (batch.items.length && group.length) {
          yield* finish(group);
          group = [];
        }
        group.push(batch);
      }
      yield* finish(group);
    },
  };
}

/** The whole topology in memory, keyed by externalId, for the reference rules and the draws. */
function inMemory(topology: Topology): RefTopology {
  const reference: RefTopology = { items: [], relationships: [] };
  for (const batch of topology.batches()) {
    for (const item of batch.items) {
      reference.items.push({
        externalId: item.externalId,
        name: item.name,
        ciClass: item.ciClass,
        criticality: item.criticality ?? null,
        retired: item.lifecycle === 'RETIRED',
        minimumAvailable: item.minimumAvailable ?? null,
      });
    }
    for (const rel of batch.relationships) reference.relationships.push({ source: rel.sourceExternalId, target: rel.targetExternalId, type: rel.type });
  }
  return reference;
}

/** What the bench creates through the gateway, by externalId, drawn once per size so every backend gets the same. */
interface Plan {
  incidents: { affected: string[]; impact: string; urgency: string }[];
  /** The assessed change first, then the ones in its window, then the others. */
  changes: { affected: string[]; changeType: string; startHours: number; hours: number }[];
}

/**
 * Incidents (200; 30 under --quick): three in five on items relying on the medium root (so the
 * probable causes have a real answer), the rest spread over applications, containers and VMs;
 * one in five P1 or P2. The assessed change touches a host and a database, and a quarter of the
 * changes in its window share one of them.
 */
function drawPlan(reference: RefTopology, topology: Topology, incidentCount: number): Plan {
  const random = seeded(20_261_206);
  const graph = new ReferenceGraph(reference, (externalId) => externalId);
  const live = reference.items.filter((item) => !item.retired);
  const ofClass = (...classes: string[]) => live.filter((item) => classes.includes(item.ciClass)).map((item) => item.externalId);
  const pick = <T>(values: T[]) => values[Math.floor(random() * values.length)];
  const nearMedium = [...graph.impact([topology.roots.medium.externalId], 5)];
  const spread = ofClass('APPLICATION', 'CONTAINER', 'VIRTUAL_MACHINE', 'DATABASE');
  const incidents = Array.from({ length: incidentCount }, (_, i) => ({
    affected: [i % 5 < 3 ? pick(nearMedium) : pick(spread)],
    impact: i % 5 === 0 ? 'HIGH' : 'MEDIUM',
    urgency: i % 10 === 0 ? 'HIGH' : 'MEDIUM',
  }));
  const target = [pick(ofClass('SERVER')), pick(ofClass('DATABASE'))];
  const others = ofClass('APPLICATION', 'CONTAINER', 'VIRTUAL_MACHINE', 'DATABASE', 'SERVER');
  const changes: Plan['changes'] = [{ affected: target, changeType: 'NORMAL', startHours: 24, hours: 4 }];
  for (let i = 0; i < CHANGES_IN_WINDOW; i += 1) {
    const affected = [pick(others), ...(i % 4 === 0 ? [target[i % 8 === 0 ? 0 : 1]] : random() < 0.5 ? [pick(others)] : [])];
    changes.push({ affected, changeType: pick(['STANDARD', 'NORMAL', 'EMERGENCY']), startHours: 22 + random() * 5, hours: 2 + random() * 2 });
  }
  for (let i = 0; i < CHANGES_ELSEWHERE; i += 1) {
    changes.push({ affected: [pick(others)], changeType: 'NORMAL', startHours: 24 * (3 + i), hours: 2 });
  }
  return { incidents, changes };
}

// ---------------------------------------------------------------- naive: one round trip per hop

interface NaiveWalk {
  /** Non-retired items reached, roots excluded. */
  reached: Map<string, ConfigurationItem>;
  /** Every relationship read on the way. */
  relationships: Relationship[];
  /** The roots as stored. */
  roots: Map<string, ConfigurationItem>;
}

/**
 * A client-side walk: per hop, `relationshipsOf(frontier)` then `itemsByIds` of the new items, a
 * visited set, never through nor to a retired item. `impact` goes from an item to what relies on
 * it; `dependencies` the other way.
 */
async function naiveWalk(store: CmdbStore, rootIds: string[], direction: 'impact' | 'dependencies', depth: number): Promise<NaiveWalk> {
  const roots = await store.itemsByIds(rootIds);
  const visited = new Set(rootIds);
  const reached = new Map<string, ConfigurationItem>();
  const relationships: Relationship[] = [];
  let frontier = new Set([...roots.keys()]);
  for (let hop = 1; hop <= depth && frontier.size; hop += 1) {
    const fresh: string[] = [];
    for (const rel of await store.relationshipsOf([...frontier])) {
      relationships.push(rel);
      const [from, to] = direction === 'impact' ? [rel.targetId, rel.sourceId] : [rel.sourceId, rel.targetId];
      if (!frontier.has(from) || visited.has(to)) continue;
      visited.add(to);
      fresh.push(to);
    }
    const items = fresh.length ? await store.itemsByIds(fresh) : new Map<string, ConfigurationItem>();
    frontier = new Set();
    for (const id of fresh) {
      const item = items.get(id);
      if (!item || item.lifecycle === 'RETIRED') continue;
      reached.set(id, item);
      frontier.add(id);
    }
  }
  return { reached, relationships, roots };
}

/** The outage from a per-hop walk of the unbounded impact, then one more read for dependencies outside it; the rules are the hub's. */
async function naiveOutage(store: CmdbStore, rootIds: string[]): Promise<ReturnType<typeof simulateOutage>> {
  const walk = await naiveWalk(store, rootIds, 'impact', Infinity);
  const liveRoots = [...walk.roots.values()].filter((item) => item.lifecycle !== 'RETIRED');
  const known = new Map<string, ConfigurationItem>([...walk.reached, ...liveRoots.map((item) => [item.id, item] as const)]);
  const unseen = [...new Set(walk.relationships.filter((rel) => known.has(rel.sourceId) && !known.has(rel.targetId)).map((rel) => rel.targetId))];
  const outside = unseen.length ? await store.itemsByIds(unseen) : new Map<string, ConfigurationItem>();
  const lifecycle = (id: string) => (known.get(id) ?? outside.get(id))?.lifecycle;
  const dependencies = new Map<string, Set<string>>();
  for (const rel of walk.relationships) {
    if (!known.has(rel.sourceId) || lifecycle(rel.targetId) === undefined || lifecycle(rel.targetId) === 'RETIRED') continue;
    const set = dependencies.get(rel.sourceId) ?? new Set<string>();
    set.add(rel.targetId);
    dependencies.set(rel.sourceId, set);
  }
  const node = (item: ConfigurationItem): ClosureNode => ({
    id: item.id,
    name: item.name,
    ciClass: item.ciClass,
    minimumAvailable: item.minimumAvailable,
    dependencyIds: [...(dependencies.get(item.id) ?? [])],
  });
  const closure: ImpactClosure = {
    roots: rootIds.filter((id) => liveRoots.some((root) => root.id === id)).map((id) => node(known.get(id)!)),
    reached: [...walk.reached.values()].map(node),
  };
  return simulateOutage(closure, OUTAGE_LIMIT);
}

// ---------------------------------------------------------------- the three computations, three ways

/** What is compared across the ways and against the reference: externalIds and names, never store ids. */
interface OutageFigures {
  downCount: number;
  degradedCount: number;
  servicesDown: string[];
  servicesDegraded: string[];
}

interface AssessmentFigures {
  conflicts: string[];
  risk: Record<string, number | string>;
}

/** The risk's figures, in the order every way reports them (the level follows from the score). */
const RISK_FACTORS = ['score', 'businessServicesDown', 'businessServicesDegraded', 'criticalServicesDown', 'openMajorIncidents', 'conflicts'] as const;

/** `externalId coverage impactSize` of each cause, in rank order. */
type CauseFigures = string[];

interface Context {
  store: CmdbStore;
  tickets: TicketStore;
  cmdb: CmdbService;
  externalIdOf: Map<string, string>;
  nameOf: (id: string) => string;
}

const sortedNames = (names: string[]) => [...names].sort();

function outageFigures(context: Context, report: ReturnType<typeof simulateOutage>): OutageFigures {
  return {
    downCount: report.downCount,
    degradedCount: report.degradedCount,
    servicesDown: sortedNames(report.businessServicesDown.map(context.nameOf)),
    servicesDegraded: sortedNames(report.businessServicesDegraded.map(context.nameOf)),
  };
}

/**
 * ChangeAssessment's conflicts and risk from the stores in this process: the change and those in
 * its window, the business services of every one of them (one walk), the change's outage (one
 * closure), the open major incidents, and which of their items the outage reaches (one closure).
 * `services` answers services(set) for sets of ids: the CMDB service's one walk, or per-hop walks.
 */
async function assess(
  context: Context,
  changeId: string,
  services: (sets: string[][]) => Promise<string[][]>,
  outage: (ids: string[]) => Promise<ReturnType<typeof simulateOutage>>,
  relyingOn: (roots: string[], candidates: string[]) => Promise<Set<string>>,
): Promise<AssessmentFigures> {
  const change = (await context.tickets.ticketsByIds([changeId])).get(changeId)!;
  const others = (await context.tickets.changesInWindow(change.plannedStart!, change.plannedEnd!, FINAL_CHANGE_STATUSES)).filter((c) => c.id !== change.id);
  const reached = await services([change.affectedItemIds, ...others.map((other) => other.affectedItemIds)]);
  const mine = new Set(reached[0]);
  const conflicts = others.filter(
    (other, index) => other.affectedItemIds.some((id) => change.affectedItemIds.includes(id)) || reached[index + 1].some((id) => mine.has(id)),
  );
  const report = await outage(change.affectedItemIds);
  const items = await context.cmdb.itemsByIds([...report.businessServicesDown, ...change.affectedItemIds]);
  const servicesDown = new Set([...report.businessServicesDown, ...change.affectedItemIds.filter((id) => items.get(id)?.ciClass === 'BUSINESS_SERVICE')]);
  const criticalDown = [...servicesDown].filter((id) => items.get(id)?.criticality === 'CRITICAL').length;
  const major = await context.tickets.openIncidents({ priorities: ['P1', 'P2'] }, null);
  const own = new Set(change.affectedItemIds);
  const candidates = [...new Set(major.flatMap((incident) => incident.affectedItemIds))];
  const relying = await relyingOn(report.rootIds, candidates);
  const openMajorIncidents = major.filter((incident) => incident.affectedItemIds.some((id) => own.has(id) || relying.has(id))).length;
  const typeWeight = { EMERGENCY: 10, NORMAL: 3, STANDARD: 0 }[change.changeType ?? 'NORMAL'];
  const score = 10 * criticalDown + 4 * (servicesDown.size - criticalDown) + report.businessServicesDegraded.length + 5 * openMajorIncidents + 8 * conflicts.length + typeWeight;
  return {
    conflicts: conflicts.map((c) => c.number),
    risk: {
      score,
      businessServicesDown: servicesDown.size,
      businessServicesDegraded: report.businessServicesDegraded.length,
      criticalServicesDown: criticalDown,
      openMajorIncidents,
      conflicts: conflicts.length,
    },
  };
}

/** Probable causes over every open incident from per-hop walks: dependencies of each incident, then the impact size of each candidate. */
async function naiveCauses(context: Context): Promise<CauseFigures> {
  const incidents = (await context.tickets.openIncidents({}, 1001)).filter((incident) => incident.affectedItemIds.length);
  const explains = new Map<string, number[]>();
  const names = new Map<string, string>();
  for (const [index, incident] of incidents.entries()) {
    const walk = await naiveWalk(context.store, incident.affectedItemIds, 'dependencies', CAUSES_DEPTH);
    const own = [...walk.roots.values()].filter((item) => item.lifecycle !== 'RETIRED');
    for (const item of [...own, ...walk.reached.values()]) {
      names.set(item.id, item.name);
      const sets = explains.get(item.id) ?? [];
      if (!sets.includes(index)) sets.push(index);
      explains.set(item.id, sets);
    }
  }
  const measured = candidatesToMeasure(explains, incidents.length === 1 ? 1 : 2, CAUSES_FIRST);
  const sizes = new Map<string, number>();
  for (const id of measured) sizes.set(id, (await naiveWalk(context.store, [id], 'impact', CAUSES_DEPTH)).reached.size);
  return measured
    .map((id) => ({ id, coverage: explains.get(id)!.length, size: sizes.get(id)!, name: names.get(id)! }))
    .sort((a, b) => b.coverage - a.coverage || a.size - b.size || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .slice(0, CAUSES_FIRST)
    .map((cause) => `${context.externalIdOf.get(cause.id)} ${cause.coverage} ${cause.size}`);
}

// ---------------------------------------------------------------- one backend

interface Row {
  backend: string;
  what: string;
  /** What the answer holds, for the reader. */
  size: string;
  gateway: Latency;
  raw: Latency;
  naive: Latency;
}

interface SizeResult {
  rows: Row[];
  problems: string[];
  notes: string[];
}

interface Pairing {
  cmdb: Backend;
  tickets: 'PGlite' | 'PostgreSQL';
}

async function openTickets(kind: Pairing['tickets']): Promise<{ store: TicketStore; close: () => Promise<void> }> {
  if (kind === 'PGlite') {
    const store = await openSqlTicketStore(await openPglite(undefined, 'tickets'));
    return { store, close: () => store.close() };
  }
  const database = await createTestDatabase('hub_bench_tickets');
  const store = await openSqlTicketStore(openPostgres(database.url, 'tickets'));
  return {
    store,
    close: async () => {
      await store.close();
      await database.drop();
    },
  };
}

interface Expected {
  outage: Record<'medium' | 'high', OutageFigures>;
  graph: ReferenceGraph;
  reference: RefTopology;
}

async function benchPairing(
  pairing: Pairing,
  topology: Topology,
  plan: Plan,
  expected: Expected,
  sampling: Sampling,
  /** Null: the naive way's one sample is the run that checked its answer (--quick: its walks take seconds). */
  naiveSampling: Sampling | null,
  result: SizeResult,
  progress: (line: string) => void,
): Promise<void> {
  const label = `${pairing.cmdb.name} + tickets on ${pairing.tickets}`;
  const opened = await pairing.cmdb.open!(topology.size);
  const tickets = await openTickets(pairing.tickets);
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-bench-'));
  let hub: Awaited<ReturnType<typeof startHub>> | undefined;
  try {
    const { store } = opened;
    progress(`${label}: importing ${int(topology.size)} items (${opened.settings})`);
    const figures = await load(store, topology);
    progress(`${label}: imported in ${figures.seconds.toFixed(1)} s`);
    const externalIds = expected.reference.items.map((item) => item.externalId);
    const idOf = new Map<string, string>();
    const externalIdOf = new Map<string, string>();
    const nameById = new Map<string, string>();
    for (let from = 0; from < externalIds.length; from += 10_000) {
      for (const [externalId, item] of await store.itemsByExternalIds(externalIds.slice(from, from + 10_000))) {
        idOf.set(externalId, item.id);
        externalIdOf.set(item.id, externalId);
        nameById.set(item.id, item.name);
      }
    }
    const context: Context = { store, tickets: tickets.store, cmdb: createCmdbService(store), externalIdOf, nameOf: (id) => nameById.get(id)! };

    const internalSecret = randomBytes(24).toString('base64url');
    // The CMDB's traversal cache and the gateway's answer cache off: repeating one question must
    // measure computing it, not remembering it.
    const config = benchHubConfig(dataDir, { HUB_INTERNAL_SECRET: internalSecret, TRAVERSAL_CACHE_MB: '0', ANSWER_CACHE_MB: '0' });
    hub = await startHub(config, { stores: { cmdb: store, tickets: tickets.store } });
    const client = retryingClient(hub.gatewayUrl);

    // The incidents, then the changes (whose risk counts the open major incidents), through the gateway.
    const opened0 = performance.now();
    for (const [index, incident] of plan.incidents.entries()) {
      await client.call(OPEN_INCIDENT, {
        input: { title: `bench incident ${index}`, impact: incident.impact, urgency: incident.urgency, affectedItemIds: incident.affected.map((e) => idOf.get(e)!) },
      });
    }
    const base = Date.parse('2030-01-07T00:00:00Z');
    const changeIds: string[] = [];
    for (const [index, change] of plan.changes.entries()) {
      const start = base + change.startHours * HOUR;
      const created = await client.call<{ createChangeRequest: { id: string } }>(OPEN_CHANGE, {
        input: {
          title: `bench change ${index}`,
          changeType: change.changeType,
          impact: 'MEDIUM',
          urgency: 'MEDIUM',
          affectedItemIds: change.affected.map((e) => idOf.get(e)!),
          plannedStart: new Date(start).toISOString(),
          plannedEnd: new Date(start + change.hours * HOUR).toISOString(),
        },
      });
      changeIds.push(created.createChangeRequest.id);
    }
    progress(`${label}: ${plan.incidents.length} incidents and ${plan.changes.length} changes opened in ${((performance.now() - opened0) / 1000).toFixed(1)} s`);

    const check = (what: string, how: string, got: unknown, want: unknown) => {
      if (JSON.stringify(got) !== JSON.stringify(want)) {
        result.problems.push(`${label} ${what}: ${how} answered ${JSON.stringify(got).slice(0, 300)}, the reference says ${JSON.stringify(want).slice(0, 300)}`);
      }
    };
    const runAll = async (
      what: string,
      size: string,
      want: unknown,
      ways: Record<'gateway' | 'raw' | 'naive', () => Promise<unknown>>,
    ): Promise<void> => {
      const checkedMs: Record<string, number> = {};
      let failed = false;
      const failures = new Set<string>();
      for (const [how, run] of Object.entries(ways)) {
        const t0 = performance.now();
        try {
          check(what, how, await run(), want);
        } catch (error) {
          // An operation that fails is a wrong answer too; the other operations are still measured.
          result.problems.push(`${label} ${what}: ${how} failed after ${ms(performance.now() - t0)} ms: ${(error as Error).message.split('\n')[0]}`);
          progress(`${label} ${what}: ${how} failed: ${(error as Error).stack}`);
          failed = true;
          failures.add(how);
        }
        checkedMs[how] = performance.now() - t0;
      }
      if (failed) {
        // What did answer is still worth its one timed run; the failed ways read "failed".
        const once = (how: string): Latency => (failures.has(how) ? { p50: NaN, p95: NaN, samples: 0 } : { p50: checkedMs[how], p95: checkedMs[how], samples: 1 });
        result.rows.push({ backend: label, what, size: `${size} (one run each)`, gateway: once('gateway'), raw: once('raw'), naive: once('naive') });
        return;
      }
      const row: Row = {
        backend: label,
        what,
        size,
        gateway: await measure(sampling, ways.gateway),
        raw: await measure(sampling, ways.raw),
        naive: naiveSampling ? await measure(naiveSampling, ways.naive) : { p50: checkedMs.naive, p95: checkedMs.naive, samples: 1 },
      };
      result.rows.push(row);
      progress(`${label} ${what}: gateway ${ms(row.gateway.p50)} ms, raw ${ms(row.raw.p50)} ms, naive ${ms(row.naive.p50)} ms`);
    };

    // Outage from the medium root and from the core switch.
    for (const root of ['medium', 'high'] as const) {
      const id = idOf.get(topology.roots[root].externalId)!;
      const want = expected.outage[root];
      type Answer = { outageSimulation: { downCount: number; degradedCount: number; businessServicesDown: { name: string }[]; businessServicesDegraded: { name: string }[] } };
      await runAll(`Outage from the ${root === 'medium' ? 'medium root' : 'core switch'}`, `${int(want.downCount)} down, ${int(want.degradedCount)} degraded`, want, {
        gateway: async () => {
          const report = (await client.call<Answer>(OUTAGE, { ids: [id] })).outageSimulation;
          return {
            downCount: report.downCount,
            degradedCount: report.degradedCount,
            servicesDown: sortedNames(report.businessServicesDown.map((s) => s.name)),
            servicesDegraded: sortedNames(report.businessServicesDegraded.map((s) => s.name)),
          };
        },
        raw: async () => outageFigures(context, await context.cmdb.outage([id], {})),
        naive: async () => outageFigures(context, await naiveOutage(store, [id])),
      });
    }

    // ChangeAssessment for the change with 20 others in its window.
    const all = await tickets.store.ticketsByIds([...changeIds]);
    const incidentsNow = await tickets.store.openIncidents({}, 1001);
    const refTickets: RefTicket[] = [...all.values(), ...incidentsNow].map((ticket: Ticket) => ({
      id: ticket.id,
      number: ticket.number,
      type: ticket.type,
      status: ticket.status,
      priority: ticket.priority,
      changeType: ticket.changeType,
      plannedStart: ticket.plannedStart,
      plannedEnd: ticket.plannedEnd,
      affectedItemIds: ticket.affectedItemIds.map((id) => externalIdOf.get(id)!),
      createdAt: ticket.createdAt,
    }));
    const assessed = refTickets.find((ticket) => ticket.id === changeIds[0])!;
    const refRisk = referenceRisk(expected.graph, refTickets, assessed);
    const wantAssessment: AssessmentFigures = {
      conflicts: referenceConflicts(expected.graph, refTickets, assessed).map((conflict) => conflict.number),
      risk: Object.fromEntries(RISK_FACTORS.map((factor) => [factor, refRisk[factor]])),
    };
    const inWindow = (await tickets.store.changesInWindow(all.get(changeIds[0])!.plannedStart!, all.get(changeIds[0])!.plannedEnd!, FINAL_CHANGE_STATUSES)).length - 1;
    result.notes.push(`${label}: the assessed change has ${inWindow} other changes in its window, ${wantAssessment.conflicts.length} of them in conflict; risk ${refRisk.level} (${refRisk.score})`);
    type Assessment = { ticket: { conflicts: { change: { number: string } }[]; risk: Record<string, number | string> } };
    await runAll('ChangeAssessment', `${inWindow} changes in the window, ${wantAssessment.conflicts.length} conflicts`, wantAssessment, {
      gateway: async () => {
        const { conflicts, risk } = (await client.call<Assessment>(CHANGE_ASSESSMENT, { id: changeIds[0] })).ticket;
        return {
          conflicts: conflicts.map((c) => c.change.number),
          risk: Object.fromEntries(RISK_FACTORS.map((factor) => [factor, risk[factor]])),
        };
      },
      raw: () =>
        assess(
          context,
          changeIds[0],
          (sets) => context.cmdb.businessServicesReached(sets, CONFLICT_DEPTH),
          (ids) => context.cmdb.outage(ids, {}),
          async (roots, candidates) => new Set(await context.cmdb.itemsRelyingOn(roots, candidates)),
        ),
      naive: () =>
        assess(
          context,
          changeIds[0],
          (sets) =>
            Promise.all(
              sets.map(async (set) => {
                const walk = await naiveWalk(store, set, 'impact', CONFLICT_DEPTH);
                const own = [...walk.roots.values()].filter((item) => item.lifecycle !== 'RETIRED');
                return [...own, ...walk.reached.values()].filter((item) => item.ciClass === 'BUSINESS_SERVICE').map((item) => item.id);
              }),
            ),
          (ids) => naiveOutage(store, ids),
          async (roots, candidates) => {
            const walk = await naiveWalk(store, roots, 'impact', Infinity);
            return new Set(candidates.filter((id) => roots.includes(id) || walk.reached.has(id)));
          },
        ),
    });

    // ProbableCauses over every open incident.
    const wantCauses: CauseFigures = referenceProbableCauses(expected.graph, refTickets.filter((t) => t.type === 'INCIDENT'), CAUSES_DEPTH, CAUSES_FIRST).map(
      (cause) => `${cause.itemId} ${cause.coverage} ${cause.impactSize}`,
    );
    type Causes = { probableCauses: { coverage: number; impactSize: number; item: { id: string } }[] };
    await runAll('ProbableCauses', `${incidentsNow.length} open incidents, first ${CAUSES_FIRST}`, wantCauses, {
      gateway: async () =>
        (await client.call<Causes>(PROBABLE_CAUSES, {})).probableCauses.map((cause) => `${externalIdOf.get(cause.item.id)} ${cause.coverage} ${cause.impactSize}`),
      raw: async () => {
        const open = await tickets.store.openIncidents({ createdSince: null }, 1001);
        open.sort((a, b) => (a.number < b.number ? -1 : a.number > b.number ? 1 : 0));
        const candidates = await context.cmdb.probableCauseCandidates(open.map((incident) => incident.affectedItemIds), CAUSES_DEPTH, CAUSES_FIRST);
        return candidates.map((cause) => `${externalIdOf.get(cause.itemId)} ${cause.sets.length} ${cause.impactSize}`);
      },
      naive: () => naiveCauses(context),
    });
    if (client.retries) result.notes.push(`${label}: ${client.retries} requests retried after the server closed an idle connection under them`);
  } finally {
    await hub?.stop();
    await tickets.close();
    await opened.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- the run

const TARGETS: Record<string, number> = {
  'Outage from the medium root': 100,
  'Outage from the core switch': 2000,
  ChangeAssessment: 300,
  ProbableCauses: 500,
};

function reportSize(topology: Topology, expected: Expected, result: SizeResult, skipped: string[], report: (line: string) => void): void {
  const redundant = expected.reference.items.filter((item) => item.minimumAvailable !== null).length;
  report(`### ${int(topology.size)} items, ${int(topology.relationshipCount)} relationships, ${int(redundant)} items with \`minimumAvailable\`\n`);
  report(`Roots: medium ${topology.roots.medium.name} (impact ${int(topology.roots.medium.reach[8])} at depth 8), core switch ${topology.roots.high.name}.`);
  for (const line of skipped) report(`\n${line}`);
  for (const note of result.notes) report(`\n- ${note}`);
  report('\nThe golden operation through the gateway, the same computation in process on the stores (raw), and a per-hop walk (naive); ms:\n');
  report('| backends | operation | answer | gateway p50 | p95 | raw p50 | p95 | naive p50 | p95 | gateway / raw | naive / raw | target (gateway p50) |');
  report('|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const row of result.rows) {
    const target = TARGETS[row.what];
    const verdict = topology.size === 100_000 ? `< ${int(target)} ms: ${row.gateway.p50 < target ? 'met' : 'missed'}` : `(${int(target)} ms at 100,000 items)`;

    report(
      `| ${row.backend} | ${row.what} | ${row.size} | ${cell(row.gateway.p50)} | ${cell(row.gateway.p95)} | ${cell(row.raw.p50)} | ${cell(row.raw.p95)} | ${cell(row.naive.p50)} | ${cell(row.naive.p95)} | ${(row.gateway.p50 / row.raw.p50).toFixed(2)} | ${(row.naive.p50 / row.raw.p50).toFixed(1)} | ${verdict} |`,
    );
  }
  if (result.problems.length) {
    report('\nAnswers that disagree with the reference:\n');
    for (const problem of result.problems) report(`- ${problem}`);
  }
}

/** A latency for the table: "failed" when the way gave no answer. */
const cell = (value: number) => (Number.isNaN(value) ? 'failed' : ms(value));

export async function benchChangeAndProblem({ quick, report, backends: wanted }: BenchOptions): Promise<void> {
  const { items: size, incidents } = quick ? QUICK : FULL;
  const sampling: Sampling = quick
    ? { warmup: 1, iterations: 5, budgetMs: 800, minimum: 2 }
    : { warmup: 1, iterations: 20, budgetMs: 8_000, minimum: 3 };
  // The naive walks of the core switch take seconds each: fewer of them, and the answer check before has warmed them up.
  const naiveSampling: Sampling | null = quick ? null : { warmup: 0, iterations: 10, budgetMs: 5_000, minimum: 2 };
  const progress = (line: string) => console.error(`  ${line}`);

  const started = performance.now();
  const topology = withRedundancy(generateTopology({ items: size }));
  const reference = inMemory(topology);
  const graph = new ReferenceGraph(reference, (externalId) => externalId);
  const outageOf = (externalId: string): OutageFigures => {
    const { roots, down, degraded } = graph.outage([externalId]);
    const services = (ids: Iterable<string>) =>
      sortedNames([...ids].filter((id) => !roots.includes(id) && graph.byId.get(id)!.ciClass === 'BUSINESS_SERVICE').map((id) => graph.byId.get(id)!.name));
    return { downCount: down.size - roots.length, degradedCount: degraded.size, servicesDown: services(down), servicesDegraded: services(degraded) };
  };
  const expected: Expected = {
    reference,
    graph,
    outage: { medium: outageOf(topology.roots.medium.externalId), high: outageOf(topology.roots.high.externalId) },
  };
  const plan = drawPlan(reference, topology, incidents);
  progress(`topology of ${int(size)} items and the reference outages ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const available = (await backends(quick)).filter((b) => !wanted || wanted.includes(b.name.toLowerCase()));
  const postgres = await postgresAvailable();
  const skipped = available.filter((b) => b.skipped).map((b) => `${b.name} skipped: ${b.skipped}`);
  const result: SizeResult = { rows: [], problems: [], notes: [] };
  for (const cmdb of available.filter((b) => b.open)) {
    const pairing: Pairing = { cmdb, tickets: cmdb.name === 'PGlite' || !postgres ? 'PGlite' : 'PostgreSQL' };
    try {
      await benchPairing(pairing, topology, plan, expected, sampling, naiveSampling, result, progress);
    } catch (error) {
      skipped.push(`${cmdb.name} failed: ${(error as Error).message.split('\n')[0]}`);
      progress(`${cmdb.name} failed: ${(error as Error).stack}`);
    }
  }
  reportSize(topology, expected, result, skipped, report);
  // A wrong answer always fails the run; with CI=true so does a backend that could not be measured.
  if (result.problems.length) throw new Error(`change-and-problem: ${result.problems.length} answers disagree with the reference`);
  if (process.env.CI === 'true' && skipped.length) throw new Error(`change-and-problem: backends not measured: ${skipped.join('; ')}`);
}
