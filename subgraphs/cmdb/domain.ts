/**
 * The CMDB's domain: configuration items, relationships and traversals, as the
 * stores return them and the resolvers map them to GraphQL, and the pure rules
 * over them (validation, import classification, outage propagation, cause
 * ranking) that `CmdbService` applies the same way for every backend.
 */
import { BadUserInputError, requireIntInRange } from '../../platform/errors';

export const CI_CLASSES = [
  'BUSINESS_SERVICE', 'APPLICATION', 'DATABASE', 'SERVER', 'VIRTUAL_MACHINE', 'CONTAINER',
  'NETWORK_DEVICE', 'LOAD_BALANCER', 'STORAGE', 'CLOUD_SERVICE', 'OTHER',
] as const;
export type CIClass = (typeof CI_CLASSES)[number];
export type Environment = 'PRODUCTION' | 'STAGING' | 'TEST' | 'DEVELOPMENT';
export type Criticality = 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW';
export type Lifecycle = 'PLANNED' | 'ACTIVE' | 'MAINTENANCE' | 'RETIRED';
export const RELATIONSHIP_TYPES = ['DEPENDS_ON', 'RUNS_ON', 'HOSTED_ON', 'CONNECTS_TO', 'STORED_ON'] as const;
export type RelationshipType = (typeof RELATIONSHIP_TYPES)[number];

export interface ConfigurationItem {
  id: string;
  externalId: string | null;
  name: string;
  ciClass: CIClass;
  environment: Environment | null;
  criticality: Criticality | null;
  lifecycle: Lifecycle;
  owner: string | null;
  /** A JSON object, array or value; null when absent. */
  attributes: unknown;
  createdAt: Date;
  updatedAt: Date;
  version: number;
  /** Redundancy: the item keeps running while at least this many of its direct dependencies are up; null: every one is critical. */
  minimumAvailable: number | null;
}

/** The writable fields of an item, as `ConfigurationItemInput` carries them. */
export interface ItemInput {
  externalId: string;
  name: string;
  ciClass: CIClass;
  environment?: Environment | null;
  criticality?: Criticality | null;
  lifecycle?: Lifecycle | null;
  owner?: string | null;
  attributes?: unknown;
  minimumAvailable?: number | null;
}

export interface RelationshipInput {
  sourceExternalId: string;
  targetExternalId: string;
  type: RelationshipType;
}

export interface Relationship {
  type: RelationshipType;
  sourceId: string;
  targetId: string;
}

export interface CIFilter {
  ciClass?: CIClass[] | null;
  environment?: Environment[] | null;
  criticality?: Criticality[] | null;
  owner?: string | null;
  nameContains?: string | null;
}

/** Position in the (name, id) order of `configurationItems`. */
export interface ItemCursor {
  name: string;
  id: string;
}

export interface ItemPage {
  items: ConfigurationItem[];
  totalCount: number;
  hasNextPage: boolean;
}

/** `impact` follows relationships backwards (who relies on the roots); `dependencies` forwards. */
export type TraversalDirection = 'impact' | 'dependencies';

export interface TraversalRequest {
  rootIds: string[];
  direction: TraversalDirection;
  /** 1..10, validated. */
  depth: number;
  /** null: every type. */
  types: RelationshipType[] | null;
  /** 1..10000, validated. */
  limit: number;
}

export interface ReachedItem {
  item: ConfigurationItem;
  distance: number;
  /** Root id first, this item's id last. */
  path: string[];
}

export interface TraversalReport {
  /** The roots that exist, in the order asked. */
  roots: ConfigurationItem[];
  totalCount: number;
  truncated: boolean;
  /** The first `limit` reached items by (distance, name, id). */
  items: ReachedItem[];
  /** Every reached business service, in (distance, name, id) order. */
  businessServices: ConfigurationItem[];
}

/** A traversal's report together with the relationship types it walked, which its `edges` are drawn from. */
export interface TraversalAnswer extends TraversalReport {
  /** null: every type. */
  types: RelationshipType[] | null;
}

/** A relationship as `TraversalReport.edges` gives it: `source` relies on `target`. */
export interface TraversalEdge {
  source: string;
  target: string;
  type: RelationshipType;
}

export interface ImportResult {
  created: number;
  updated: number;
  unchanged: number;
  relationshipsCreated: number;
  relationshipsUnchanged: number;
}

/** What `ChangeRequest.blastRadius` receives from the tickets subgraph through `@requires`. */
export interface ChangeRequestReference {
  __typename?: 'ChangeRequest';
  id: string;
  affectedItems?: { id: string }[];
}

export const MAX_IMPORT_ITEMS = 10_000;
export const MAX_IMPORT_RELATIONSHIPS = 50_000;
export const MAX_DEPTH = 10;
export const MAX_TRAVERSAL_LIMIT = 10_000;
export const MAX_PAGE_SIZE = 1000;
export const MAX_MINIMUM_AVAILABLE = 1000;

export function traversalRequest(
  rootIds: string[],
  direction: TraversalDirection,
  args: { depth?: number | null; types?: RelationshipType[] | null; limit?: number | null },
): TraversalRequest {
  return {
    rootIds: [...new Set(rootIds)],
    direction,
    depth: requireIntInRange('depth', args.depth ?? 5, 1, MAX_DEPTH),
    types: args.types && args.types.length ? [...new Set(args.types)] : null,
    limit: requireIntInRange('limit', args.limit ?? 1000, 1, MAX_TRAVERSAL_LIMIT),
  };
}

/** What a backend cannot store, which the rules must refuse before it is sent (PostgreSQL text holds no NUL). */
export interface StorageLimits {
  nulInText: boolean;
}

const NUL = '\u0000';

/** Problems of one item's fields, named from `path` (`items[3]`, `input`). */
export function itemInputProblems(input: ItemInput, path: string, limits: StorageLimits): string[] {
  const problems: string[] = [];
  if (input.externalId.trim() === '') problems.push(`${path}.externalId is empty`);
  if (input.name.trim() === '') problems.push(`${path}.name is empty`);
  if (!limits.nulInText) {
    for (const field of ['externalId', 'name', 'owner'] as const) {
      const value = input[field];
      if (typeof value === 'string' && value.includes(NUL)) problems.push(`${path}.${field} contains a NUL character`);
    }
    if (canonicalJson(input.attributes).includes('\\u0000')) problems.push(`${path}.attributes contains a NUL character`);
  }
  const minimum = input.minimumAvailable;
  if (minimum != null && (!Number.isInteger(minimum) || minimum < 1 || minimum > MAX_MINIMUM_AVAILABLE)) {
    problems.push(`${path}.minimumAvailable must be null or an integer from 1 to ${MAX_MINIMUM_AVAILABLE}, got ${minimum}`);
  }
  return problems;
}

/**
 * Checks an import payload: limits, every item's fields, duplicates, and
 * relationships, which may name items stored earlier (`storedExternalIds`) or
 * items of the payload.
 */
export function importProblems(
  items: ItemInput[],
  relationships: RelationshipInput[],
  storedExternalIds: ReadonlySet<string>,
  limits: StorageLimits = { nulInText: true },
): string[] {
  const problems: string[] = [];
  if (items.length > MAX_IMPORT_ITEMS) problems.push(`items: ${items.length} given, at most ${MAX_IMPORT_ITEMS} a call`);
  if (relationships.length > MAX_IMPORT_RELATIONSHIPS) {
    problems.push(`relationships: ${relationships.length} given, at most ${MAX_IMPORT_RELATIONSHIPS} a call`);
  }
  const seen = new Set<string>();
  items.forEach((item, index) => {
    problems.push(...itemInputProblems(item, `items[${index}]`, limits));
    if (seen.has(item.externalId)) problems.push(`items[${index}].externalId ${JSON.stringify(item.externalId)} appears more than once`);
    seen.add(item.externalId);
  });
  relationships.forEach((rel, index) => {
    if (rel.sourceExternalId === rel.targetExternalId) {
      problems.push(`relationships[${index}] relates ${JSON.stringify(rel.sourceExternalId)} to itself`);
      return;
    }
    for (const end of ['sourceExternalId', 'targetExternalId'] as const) {
      const externalId = rel[end];
      if (!limits.nulInText && externalId.includes(NUL)) {
        problems.push(`relationships[${index}].${end} contains a NUL character`);
      } else if (!seen.has(externalId) && !storedExternalIds.has(externalId)) {
        problems.push(`relationships[${index}].${end} ${JSON.stringify(externalId)} names no item`);
      }
    }
  });
  return problems;
}

/** The externalIds a relationship list names that are not items of the same payload. */
export function externalIdsOutsidePayload(items: ItemInput[], relationships: RelationshipInput[]): string[] {
  const inPayload = new Set(items.map((i) => i.externalId));
  const outside = new Set<string>();
  for (const rel of relationships) {
    if (!inPayload.has(rel.sourceExternalId)) outside.add(rel.sourceExternalId);
    if (!inPayload.has(rel.targetExternalId)) outside.add(rel.targetExternalId);
  }
  return [...outside];
}

/** The stored form of an input: optional fields made explicit, lifecycle ACTIVE by default. */
export function normalizeInput(input: ItemInput): Required<ItemInput> {
  return {
    externalId: input.externalId,
    name: input.name,
    ciClass: input.ciClass,
    environment: input.environment ?? null,
    criticality: input.criticality ?? null,
    lifecycle: input.lifecycle ?? 'ACTIVE',
    owner: input.owner ?? null,
    attributes: input.attributes ?? null,
    minimumAvailable: input.minimumAvailable ?? null,
  };
}

/** True when storing `input` over `item` would change nothing (attributes compared as JSON values). */
export function sameAsStored(item: ConfigurationItem, input: ItemInput): boolean {
  const next = normalizeInput(input);
  return (
    item.externalId === next.externalId &&
    item.name === next.name &&
    item.ciClass === next.ciClass &&
    item.environment === next.environment &&
    item.criticality === next.criticality &&
    item.lifecycle === next.lifecycle &&
    item.owner === next.owner &&
    item.minimumAvailable === next.minimumAvailable &&
    canonicalJson(item.attributes) === canonicalJson(next.attributes)
  );
}

/** JSON text with object keys sorted, so equal values give equal text on every backend. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** Compares strings by Unicode code point, as PostgreSQL's COLLATE "C" does on UTF-8. */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done) return y.done ? 0 : -1;
    if (y.done) return 1;
    const cx = x.value.codePointAt(0)!;
    const cy = y.value.codePointAt(0)!;
    if (cx !== cy) return cx < cy ? -1 : 1;
  }
}

/** The traversal order: distance, then name, then id, by code point. */
export function compareReached(
  a: { distance: number; name: string; id: string },
  b: { distance: number; name: string; id: string },
): number {
  return a.distance - b.distance || compareCodePoints(a.name, b.name) || compareCodePoints(a.id, b.id);
}

/**
 * Builds each reached item's shortest path from parent pointers (each item's
 * parent is one item one hop nearer a root). Parents always precede their
 * children in traversal order, so the truncated list suffices.
 */
export function pathsFromParents(
  reached: { id: string; parentId: string }[],
  rootIds: ReadonlySet<string>,
): Map<string, string[]> {
  const paths = new Map<string, string[]>();
  for (const { id, parentId } of reached) {
    const parentPath = rootIds.has(parentId) ? [parentId] : paths.get(parentId);
    if (!parentPath) throw new Error(`traversal: parent ${parentId} of ${id} was not reached before it`);
    paths.set(id, [...parentPath, id]);
  }
  return paths;
}

/** The order of names in lists: name, then id, by code point. */
export function compareByName(a: { name: string; id: string }, b: { name: string; id: string }): number {
  return compareCodePoints(a.name, b.name) || compareCodePoints(a.id, b.id);
}

/**
 * The items a traversal's edges may join: its roots that are not retired (a
 * retired item has no edges, and only a root can be retired) and its listed items.
 */
export function edgeEnds(report: TraversalReport): string[] {
  const ids = report.roots.filter((root) => root.lifecycle !== 'RETIRED').map((root) => root.id);
  for (const reached of report.items) ids.push(reached.item.id);
  return [...new Set(ids)];
}

/**
 * `TraversalReport.edges` from the stored relationships among `edgeEnds` (of the
 * walked types): each once, by source id, then target id, then type, in code
 * point order, so every backend answers alike.
 */
export function traversalEdges(ends: readonly string[], relationships: readonly Relationship[]): TraversalEdge[] {
  const among = new Set(ends);
  const seen = new Set<string>();
  const edges: TraversalEdge[] = [];
  for (const { sourceId, targetId, type } of relationships) {
    if (!among.has(sourceId) || !among.has(targetId)) continue;
    const key = `${sourceId}\u0000${targetId}\u0000${type}`;
    if (seen.has(key)) continue;
    seen.add(key);
    edges.push({ source: sourceId, target: targetId, type });
  }
  return edges.sort(
    (a, b) => compareCodePoints(a.source, b.source) || compareCodePoints(a.target, b.target) || compareCodePoints(a.type, b.type),
  );
}

// ---------------------------------------------------------------- imports

/** An import decided against what is stored: new items (with their ids), replaced items, and relationships by id. */
export interface ImportPlan {
  created: { id: string; input: ItemInput }[];
  changed: { id: string; input: ItemInput }[];
  unchanged: number;
  /** Each distinct relationship of the payload once. */
  relationships: Relationship[];
}

/**
 * Classifies every item of a valid payload as new, changed or unchanged, and
 * names every relationship by id. `stored`: the payload's items already stored,
 * by externalId; `storedIds`: ids of other items the relationships name.
 */
export function planImport(
  items: ItemInput[],
  relationships: RelationshipInput[],
  stored: ReadonlyMap<string, ConfigurationItem>,
  storedIds: ReadonlyMap<string, string>,
  newId: () => string,
): ImportPlan {
  const idOf = new Map(storedIds);
  const plan: ImportPlan = { created: [], changed: [], unchanged: 0, relationships: [] };
  for (const input of items) {
    const existing = stored.get(input.externalId);
    if (!existing) {
      const id = newId();
      idOf.set(input.externalId, id);
      plan.created.push({ id, input });
    } else {
      idOf.set(input.externalId, existing.id);
      if (sameAsStored(existing, input)) plan.unchanged += 1;
      else plan.changed.push({ id: existing.id, input });
    }
  }
  const seen = new Set<string>();
  for (const rel of relationships) {
    const sourceId = idOf.get(rel.sourceExternalId)!;
    const targetId = idOf.get(rel.targetExternalId)!;
    const key = `${rel.type}\u0000${sourceId}\u0000${targetId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    plan.relationships.push({ type: rel.type, sourceId, targetId });
  }
  return plan;
}

// ---------------------------------------------------------------- outage simulation

/** An item of an impact closure, with what outage propagation needs. */
export interface ClosureNode {
  id: string;
  name: string;
  ciClass: CIClass;
  minimumAvailable: number | null;
  /** deps(S): the distinct non-retired items it has a traversed relationship to, wherever they are. */
  dependencyIds: string[];
}

/** The unbounded impact of some roots over some relationship types, as a store reads it in one query. */
export interface ImpactClosure {
  /** The roots that exist and are not retired, in the order asked. */
  roots: ClosureNode[];
  /** Every non-retired item relying on a root, at any depth, walking only through non-retired items; roots excluded. */
  reached: ClosureNode[];
}

export type OutageState = 'DOWN' | 'DEGRADED';

export interface OutageEntry {
  itemId: string;
  state: OutageState;
  distance: number;
  /** The item's dependencies that are down, roots included, by name then id. */
  downDependencyIds: string[];
}

export interface OutageReport {
  rootIds: string[];
  downCount: number;
  degradedCount: number;
  truncated: boolean;
  items: OutageEntry[];
  businessServicesDown: string[];
  businessServicesDegraded: string[];
}

export interface OutageRequest {
  /** Distinct, at least one. */
  rootIds: string[];
  types: RelationshipType[] | null;
  /** 1..10000. */
  limit: number;
}

export function outageRequest(itemIds: readonly string[], args: { types?: RelationshipType[] | null; limit?: number | null }): OutageRequest {
  const problems: string[] = [];
  if (itemIds.length === 0) problems.push('itemIds: name at least one configuration item');
  const limit = args.limit ?? 1000;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_TRAVERSAL_LIMIT) {
    problems.push(`limit must be an integer from 1 to ${MAX_TRAVERSAL_LIMIT}, got ${limit}`);
  }
  if (problems.length) throw BadUserInputError.of(problems, 'outage simulation refused');
  return { rootIds: [...new Set(itemIds)], types: args.types && args.types.length ? [...new Set(args.types)] : null, limit };
}

/**
 * The contract's outage rules over a closure: DOWN by propagation from the roots
 * to a fixpoint (an item goes down once a dependency is down and fewer than
 * `minimumAvailable` of its dependencies are still up; every dependency counts
 * when that is null), DEGRADED for the rest of the closure, distances by a
 * breadth-first walk backwards from the roots, then order and truncation.
 */
export function simulateOutage(closure: ImpactClosure, limit: number): OutageReport {
  const nodes = new Map<string, ClosureNode>();
  for (const node of [...closure.roots, ...closure.reached]) nodes.set(node.id, node);
  const rootIds = new Set(closure.roots.map((root) => root.id));
  const dependencies = new Map<string, string[]>();
  const relyingOn = new Map<string, string[]>();
  for (const node of closure.reached) {
    const distinct = [...new Set(node.dependencyIds)];
    dependencies.set(node.id, distinct);
    for (const target of distinct) {
      if (!nodes.has(target)) continue;
      const list = relyingOn.get(target);
      if (list) list.push(node.id);
      else relyingOn.set(target, [node.id]);
    }
  }

  const distance = new Map<string, number>([...rootIds].map((id) => [id, 0]));
  let frontier = [...rootIds];
  for (let hops = 1; frontier.length; hops += 1) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const source of relyingOn.get(id) ?? []) {
        if (distance.has(source)) continue;
        distance.set(source, hops);
        next.push(source);
      }
    }
    frontier = next;
  }

  const down = new Set(rootIds);
  const downDependencies = new Map<string, number>();
  const pending = [...rootIds];
  while (pending.length) {
    const failed = pending.pop()!;
    for (const sourceId of relyingOn.get(failed) ?? []) {
      if (down.has(sourceId)) continue;
      const count = (downDependencies.get(sourceId) ?? 0) + 1;
      downDependencies.set(sourceId, count);
      const source = nodes.get(sourceId)!;
      const stillUp = dependencies.get(sourceId)!.length - count;
      if (source.minimumAvailable === null || stillUp < source.minimumAvailable) {
        down.add(sourceId);
        pending.push(sourceId);
      }
    }
  }

  const ranked = closure.reached
    .map((node) => ({ node, state: (down.has(node.id) ? 'DOWN' : 'DEGRADED') as OutageState, distance: distance.get(node.id)! }))
    .sort(
      (a, b) =>
        (a.state === b.state ? 0 : a.state === 'DOWN' ? -1 : 1) ||
        compareReached({ distance: a.distance, ...a.node }, { distance: b.distance, ...b.node }),
    );
  const servicesIn = (state: OutageState) =>
    ranked
      .filter((entry) => entry.state === state && entry.node.ciClass === 'BUSINESS_SERVICE')
      .map((entry) => entry.node)
      .sort(compareByName)
      .map((node) => node.id);
  const downCount = ranked.filter((entry) => entry.state === 'DOWN').length;
  return {
    rootIds: closure.roots.map((root) => root.id),
    downCount,
    degradedCount: ranked.length - downCount,
    truncated: ranked.length > limit,
    items: ranked.slice(0, limit).map(({ node, state, distance: hops }) => ({
      itemId: node.id,
      state,
      distance: hops,
      downDependencyIds: dependencies
        .get(node.id)!
        .filter((id) => down.has(id))
        .map((id) => nodes.get(id)!)
        .sort(compareByName)
        .map((dependency) => dependency.id),
    })),
    businessServicesDown: servicesIn('DOWN'),
    businessServicesDegraded: servicesIn('DEGRADED'),
  };
}

// ---------------------------------------------------------------- walks over item sets (for the tickets subgraph)

/** An item met by a bounded walk. */
export interface WalkNode {
  id: string;
  name: string;
  ciClass: CIClass;
  lifecycle: Lifecycle;
}

/**
 * What a bounded walk from many roots at once read in one query: the roots
 * (whatever their lifecycle) and every non-retired item within `depth` hops of
 * one, walking only through non-retired items; `next` holds, for each item the
 * walk went on from, its neighbours in the walked direction.
 */
export interface WalkGraph {
  nodes: Map<string, WalkNode>;
  next: Map<string, string[]>;
}

/**
 * The items reached from `rootIds` (roots excluded) within `depth` hops inside
 * a walk graph of a superset of these roots, by the traversal's rules: walked
 * from the roots whatever their lifecycle, never through nor to a retired item.
 * Every path needed is in the graph: an item within `depth` of these roots is
 * within `depth` of the graph's roots by the same path.
 */
export function reachedInWalk(graph: WalkGraph, rootIds: Iterable<string>, depth: number): Set<string> {
  const roots = new Set([...rootIds].filter((id) => graph.nodes.has(id)));
  const reached = new Set<string>();
  let frontier = [...roots];
  for (let hops = 1; hops <= depth && frontier.length; hops += 1) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const neighbour of graph.next.get(id) ?? []) {
        const node = graph.nodes.get(neighbour);
        if (!node || node.lifecycle === 'RETIRED' || roots.has(neighbour) || reached.has(neighbour)) continue;
        reached.add(neighbour);
        next.push(neighbour);
      }
    }
    frontier = next;
  }
  return reached;
}

/** services(set): the set's non-retired business services and those its impact reaches, by name then id. */
export function businessServicesOf(impactGraph: WalkGraph, set: readonly string[], depth: number): string[] {
  const ids = new Set([...set, ...reachedInWalk(impactGraph, set, depth)]);
  return [...ids]
    .map((id) => impactGraph.nodes.get(id))
    .filter((node): node is WalkNode => !!node && node.lifecycle !== 'RETIRED' && node.ciClass === 'BUSINESS_SERVICE')
    .sort(compareByName)
    .map((node) => node.id);
}

/**
 * The dependency closure of an item set: its non-retired items and every
 * non-retired item they rely on within `depth` hops over the walk's types, by
 * code point. `dependencyGraph` is a walk in the dependencies direction from a
 * superset of the set; a retired item of the set is walked from (as a
 * traversal's root is) but not listed.
 */
export function dependencyClosureOf(dependencyGraph: WalkGraph, set: readonly string[], depth: number): string[] {
  const ids = new Set([...set, ...reachedInWalk(dependencyGraph, set, depth)]);
  return [...ids]
    .filter((id) => {
      const node = dependencyGraph.nodes.get(id);
      return !!node && node.lifecycle !== 'RETIRED';
    })
    .sort(compareCodePoints);
}

export interface CauseCandidate {
  itemId: string;
  /** Indexes of the item sets it explains, ascending. */
  sets: number[];
  impactSize: number;
}

/**
 * Which items explain which sets: X explains set S when X is a non-retired item
 * of S or one of them relies on X within `depth` hops. `dependencyGraph` is a
 * walk in the dependencies direction from every non-retired item of every set.
 */
export function explainedSets(dependencyGraph: WalkGraph, itemSets: readonly (readonly string[])[], depth: number): Map<string, number[]> {
  const explains = new Map<string, number[]>();
  itemSets.forEach((set, index) => {
    const own = set.filter((id) => {
      const node = dependencyGraph.nodes.get(id);
      return !!node && node.lifecycle !== 'RETIRED';
    });
    for (const id of new Set([...own, ...reachedInWalk(dependencyGraph, own, depth)])) {
      const sets = explains.get(id);
      if (sets) sets.push(index);
      else explains.set(id, [index]);
    }
  });
  return explains;
}

/** How many sets a candidate must explain: 2, or 1 when only one set has a non-retired item. */
export function minimumCoverage(dependencyGraph: WalkGraph, itemSets: readonly (readonly string[])[]): number {
  const withItems = itemSets.filter((set) => set.some((id) => {
    const node = dependencyGraph.nodes.get(id);
    return !!node && node.lifecycle !== 'RETIRED';
  })).length;
  return withItems === 1 ? 1 : 2;
}

/**
 * The candidates whose impact size can decide the ranking: every qualifying
 * candidate whose coverage is at least that of the `first`-th by coverage.
 */
export function candidatesToMeasure(explains: ReadonlyMap<string, number[]>, minCoverage: number, first: number): string[] {
  const qualifying = [...explains].filter(([, sets]) => sets.length >= minCoverage).sort((a, b) => b[1].length - a[1].length);
  if (!qualifying.length) return [];
  const threshold = qualifying[Math.min(first, qualifying.length) - 1][1].length;
  return qualifying.filter(([, sets]) => sets.length >= threshold).map(([id]) => id);
}

/** Ranks measured candidates: coverage descending, impact size ascending, name, id; the first `first`. */
export function rankCauses(
  explains: ReadonlyMap<string, number[]>,
  measured: ReadonlyMap<string, number>,
  names: ReadonlyMap<string, string>,
  first: number,
): CauseCandidate[] {
  return [...measured]
    .map(([itemId, impactSize]) => ({ itemId, sets: [...explains.get(itemId)!].sort((a, b) => a - b), impactSize, name: names.get(itemId)! }))
    .sort(
      (a, b) => b.sets.length - a.sets.length || a.impactSize - b.impactSize || compareByName({ name: a.name, id: a.itemId }, { name: b.name, id: b.itemId }),
    )
    .slice(0, first)
    .map(({ itemId, sets, impactSize }) => ({ itemId, sets, impactSize }));
}
