/**
 * A plain, independent reading of contract part "change-and-problem" (its `.md`), for suites to
 * compare the hub against on seeded random inputs: a topology in memory, and the rules for
 * services, outages, conflicts, risk, the change calendar and probable causes written the slow,
 * obvious way.
 */

import { mulberry32 } from '../../bench/random';

/** Seeded draws in [0, 1), the same on every run. */
export const seeded = mulberry32;

export interface RefItem {
  externalId: string;
  name: string;
  ciClass: string;
  criticality: string | null;
  retired: boolean;
  minimumAvailable: number | null;
}

export interface RefTopology {
  items: RefItem[];
  /** source relies on target. */
  relationships: { source: string; target: string; type: string }[];
}

const CLASSES = ['BUSINESS_SERVICE', 'APPLICATION', 'DATABASE', 'VIRTUAL_MACHINE', 'SERVER', 'NETWORK_DEVICE', 'STORAGE'];
const TYPES = ['DEPENDS_ON', 'RUNS_ON', 'HOSTED_ON', 'CONNECTS_TO', 'STORED_ON'];
const CRITICALITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', null];

/** A random topology keyed by externalId: business services rely on lower layers, with some cycles and retired items. */
export function randomTopology(random: () => number, size: number, prefix: string): RefTopology {
  const pick = <T>(values: T[]) => values[Math.floor(random() * values.length)];
  const items: RefItem[] = Array.from({ length: size }, (_, i) => ({
    externalId: `${prefix}-${i}`,
    // Duplicate names on purpose: orders are by name, then id.
    name: `node ${Math.floor(random() * size * 0.7)}`,
    ciClass: i < size / 5 ? 'BUSINESS_SERVICE' : pick(CLASSES.slice(1)),
    criticality: pick(CRITICALITIES),
    retired: random() < 0.07,
    minimumAvailable: random() < 0.3 ? 1 + Math.floor(random() * 2) : null,
  }));
  const relationships = new Map<string, { source: string; target: string; type: string }>();
  for (let n = 0; n < size * 2; n++) {
    const a = Math.floor(random() * size);
    // Mostly downward (towards higher indexes), sometimes back up, which makes cycles.
    const b = random() < 0.85 ? Math.min(size - 1, a + 1 + Math.floor(random() * 8)) : Math.floor(random() * size);
    if (a === b) continue;
    const rel = { source: items[a].externalId, target: items[b].externalId, type: pick(TYPES) };
    relationships.set(`${rel.source}|${rel.target}|${rel.type}`, rel);
  }
  return { items, relationships: [...relationships.values()] };
}

/** The rules over one topology whose items are known by their CMDB ids. */
export class ReferenceGraph {
  readonly byId: Map<string, RefItem & { id: string }>;
  private readonly dependsOn = new Map<string, Set<string>>();
  private readonly reliedOnBy = new Map<string, Set<string>>();

  constructor(topology: RefTopology, idOf: (externalId: string) => string) {
    this.byId = new Map(topology.items.map((item) => [idOf(item.externalId), { ...item, id: idOf(item.externalId) }]));
    for (const id of this.byId.keys()) {
      this.dependsOn.set(id, new Set());
      this.reliedOnBy.set(id, new Set());
    }
    for (const rel of topology.relationships) {
      const source = idOf(rel.source);
      const target = idOf(rel.target);
      this.dependsOn.get(source)!.add(target);
      this.reliedOnBy.get(target)!.add(source);
    }
  }

  live(id: string): boolean {
    const item = this.byId.get(id);
    return !!item && !item.retired;
  }

  /** deps(S): the distinct non-retired items S has a relationship to. */
  deps(id: string): string[] {
    return [...(this.dependsOn.get(id) ?? [])].filter((d) => this.live(d));
  }

  /**
   * Items relying on the roots within `depth` hops (Infinity: unbounded), roots excluded. As `impact` does, it walks
   * from a retired root but reports and walks through no other retired item.
   */
  impact(roots: string[], depth: number): Set<string> {
    const start = roots.filter((r) => this.byId.has(r));
    const seen = new Set(start);
    const reached = new Set<string>();
    let frontier = start;
    for (let d = 1; d <= depth && frontier.length; d++) {
      const next: string[] = [];
      for (const id of frontier) {
        for (const source of this.reliedOnBy.get(id) ?? []) {
          if (!this.live(source) || seen.has(source)) continue;
          seen.add(source);
          reached.add(source);
          next.push(source);
        }
      }
      frontier = next;
    }
    return reached;
  }

  /** Items X that `id` relies on within `depth` hops (its dependencies), retired ignored. */
  dependencies(id: string, depth: number): Set<string> {
    const seen = new Set([id]);
    const reached = new Set<string>();
    let frontier = this.live(id) ? [id] : [];
    for (let d = 1; d <= depth && frontier.length; d++) {
      const next: string[] = [];
      for (const at of frontier) {
        for (const target of this.deps(at)) {
          if (seen.has(target)) continue;
          seen.add(target);
          reached.add(target);
          next.push(target);
        }
      }
      frontier = next;
    }
    return reached;
  }

  /** services(set): its non-retired business services plus those its impact at `depth` reaches. */
  services(set: string[], depth = 5): Set<string> {
    const services = new Set(set.filter((id) => this.live(id) && this.byId.get(id)!.ciClass === 'BUSINESS_SERVICE'));
    for (const id of this.impact(set, depth)) if (this.byId.get(id)!.ciClass === 'BUSINESS_SERVICE') services.add(id);
    return services;
  }

  /** DOWN by propagation from the roots until nothing changes; DEGRADED: the rest of the unbounded impact. */
  outage(itemIds: string[]): { roots: string[]; down: Set<string>; degraded: Set<string> } {
    const roots = [...new Set(itemIds.filter((id) => this.live(id)))];
    const down = new Set(roots);
    let changed = true;
    while (changed) {
      changed = false;
      for (const [id, item] of this.byId) {
        if (item.retired || down.has(id)) continue;
        const deps = this.deps(id);
        const downDeps = deps.filter((d) => down.has(d)).length;
        if (!downDeps) continue;
        const up = deps.length - downDeps;
        if (item.minimumAvailable == null || up < item.minimumAvailable) {
          down.add(id);
          changed = true;
        }
      }
    }
    const degraded = new Set([...this.impact([...down], Infinity)].filter((id) => !down.has(id)));
    return { roots, down, degraded };
  }

  byNameThenId = (ids: Iterable<string>): string[] =>
    [...ids].sort((a, b) => {
      const na = this.byId.get(a)?.name ?? '';
      const nb = this.byId.get(b)?.name ?? '';
      return na !== nb ? (na < nb ? -1 : 1) : a < b ? -1 : a > b ? 1 : 0;
    });
}

/** What the rules read of a ticket. */
export interface RefTicket {
  id: string;
  number: string;
  type: string;
  status: string;
  priority: string;
  changeType: string | null;
  plannedStart: Date | null;
  plannedEnd: Date | null;
  affectedItemIds: string[];
  createdAt: Date;
}

const byStartThenNumber = (a: RefTicket, b: RefTicket) =>
  a.plannedStart!.getTime() - b.plannedStart!.getTime() || (a.number < b.number ? -1 : a.number > b.number ? 1 : 0);

const windowed = (t: RefTicket) => t.plannedStart != null && t.plannedEnd != null;

export function referenceCalendar(tickets: RefTicket[], from: Date, to: Date): string[] {
  return tickets
    .filter((t) => t.type === 'CHANGE' && t.status !== 'CANCELLED' && windowed(t))
    .filter((t) => t.plannedStart! < to && t.plannedEnd! > from)
    .sort(byStartThenNumber)
    .map((t) => t.number);
}

export interface RefConflict {
  number: string;
  sharedItems: string[];
  sharedBusinessServices: string[];
}

export function referenceConflicts(graph: ReferenceGraph, tickets: RefTicket[], change: RefTicket): RefConflict[] {
  const open = (t: RefTicket) => t.type === 'CHANGE' && t.status !== 'CLOSED' && t.status !== 'CANCELLED' && windowed(t);
  if (!open(change)) return [];
  const mine = graph.services(change.affectedItemIds);
  return tickets
    .filter((d) => d.id !== change.id && open(d))
    .filter((d) => change.plannedStart! < d.plannedEnd! && d.plannedStart! < change.plannedEnd!)
    .sort(byStartThenNumber)
    .map((d) => {
      const theirs = graph.services(d.affectedItemIds);
      return {
        number: d.number,
        sharedItems: graph.byNameThenId(d.affectedItemIds.filter((id) => change.affectedItemIds.includes(id))),
        sharedBusinessServices: graph.byNameThenId([...mine].filter((id) => theirs.has(id))),
      };
    })
    .filter((c) => c.sharedItems.length || c.sharedBusinessServices.length);
}

export interface RefRisk {
  level: string;
  score: number;
  businessServicesDown: number;
  businessServicesDegraded: number;
  criticalServicesDown: number;
  openMajorIncidents: number;
  conflicts: number;
}

export function referenceLevel(score: number): string {
  return score < 10 ? 'LOW' : score < 25 ? 'MODERATE' : score < 50 ? 'HIGH' : 'VERY_HIGH';
}

export function referenceRisk(graph: ReferenceGraph, tickets: RefTicket[], change: RefTicket): RefRisk {
  const { down, degraded } = graph.outage(change.affectedItemIds);
  const isService = (id: string) => graph.byId.get(id)?.ciClass === 'BUSINESS_SERVICE';
  const servicesDown = new Set([...down].filter(isService));
  const criticalServicesDown = [...servicesDown].filter((id) => graph.byId.get(id)!.criticality === 'CRITICAL').length;
  const businessServicesDegraded = [...degraded].filter(isService).length;
  const touched = new Set([...change.affectedItemIds, ...down, ...degraded]);
  const openMajorIncidents = tickets.filter(
    (t) =>
      t.type === 'INCIDENT' &&
      ['NEW', 'IN_PROGRESS', 'ON_HOLD'].includes(t.status) &&
      (t.priority === 'P1' || t.priority === 'P2') &&
      t.affectedItemIds.some((id) => touched.has(id)),
  ).length;
  const conflicts = referenceConflicts(graph, tickets, change).length;
  const typeWeight = { EMERGENCY: 10, NORMAL: 3, STANDARD: 0 }[change.changeType ?? 'NORMAL'] ?? 0;
  const score =
    10 * criticalServicesDown + 4 * (servicesDown.size - criticalServicesDown) + businessServicesDegraded + 5 * openMajorIncidents + 8 * conflicts + typeWeight;
  return {
    level: referenceLevel(score),
    score,
    businessServicesDown: servicesDown.size,
    businessServicesDegraded,
    criticalServicesDown,
    openMajorIncidents,
    conflicts,
  };
}

export interface RefCause {
  itemId: string;
  coverage: number;
  incidents: string[];
  impactSize: number;
}

export function referenceProbableCauses(graph: ReferenceGraph, incidents: RefTicket[], depth: number, first: number): RefCause[] {
  const sorted = [...incidents].sort((a, b) => (a.number < b.number ? -1 : 1));
  // Incidents without non-retired affected items are left out.
  const considered = sorted.filter((i) => i.affectedItemIds.some((id) => graph.live(id)));
  const explains = new Map<string, string[]>();
  for (const incident of considered) {
    const explained = new Set<string>();
    for (const id of incident.affectedItemIds.filter((x) => graph.live(x))) {
      explained.add(id);
      for (const dep of graph.dependencies(id, depth)) explained.add(dep);
    }
    for (const x of explained) explains.set(x, [...(explains.get(x) ?? []), incident.number]);
  }
  const minimum = considered.length === 1 ? 1 : 2;
  return [...explains.entries()]
    .filter(([, numbers]) => numbers.length >= minimum)
    .map(([itemId, numbers]) => ({ itemId, coverage: numbers.length, incidents: numbers, impactSize: graph.impact([itemId], depth).size }))
    .sort((a, b) => {
      if (a.coverage !== b.coverage) return b.coverage - a.coverage;
      if (a.impactSize !== b.impactSize) return a.impactSize - b.impactSize;
      const [x] = graph.byNameThenId([a.itemId, b.itemId]);
      return x === a.itemId ? -1 : 1;
    })
    .slice(0, first);
}
