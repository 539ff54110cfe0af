/**
 * The CMDB's domain: configuration items, relationships and traversals, as the
 * stores return them and the resolvers map them to GraphQL. Validation that is
 * the same for every backend lives here, so each store only has to call it.
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

/**
 * Checks an import payload for everything that can be told without the store.
 * `knownExternalIds` answers whether an externalId names an item already stored;
 * relationships may name those or items of the payload.
 */
export function importProblems(
  items: ItemInput[],
  relationships: RelationshipInput[],
  storedExternalIds: ReadonlySet<string>,
): string[] {
  const problems: string[] = [];
  if (items.length > MAX_IMPORT_ITEMS) problems.push(`items: ${items.length} given, at most ${MAX_IMPORT_ITEMS} a call`);
  if (relationships.length > MAX_IMPORT_RELATIONSHIPS) {
    problems.push(`relationships: ${relationships.length} given, at most ${MAX_IMPORT_RELATIONSHIPS} a call`);
  }
  const seen = new Set<string>();
  items.forEach((item, index) => {
    if (item.externalId.trim() === '') problems.push(`items[${index}].externalId is empty`);
    if (item.name.trim() === '') problems.push(`items[${index}].name is empty`);
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
      if (!seen.has(externalId) && !storedExternalIds.has(externalId)) {
        problems.push(`relationships[${index}].${end} ${JSON.stringify(externalId)} names no item`);
      }
    }
  });
  return problems;
}

/** Throws BAD_USER_INPUT naming every problem of an import payload. */
export function assertImportValid(items: ItemInput[], relationships: RelationshipInput[], stored: ReadonlySet<string>): void {
  const problems = importProblems(items, relationships, stored);
  if (problems.length) throw BadUserInputError.of(problems, 'import rejected, nothing was written');
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
