/**
 * The CMDB store: the only place that speaks Cypher or SQL for configuration
 * items. Every backend (PGlite, PostgreSQL, Neo4j) implements this interface and
 * passes the same contract suite (test/support/cmdb-store-contract.ts). Stores
 * persist and read; `CmdbService` validates and decides. Database errors are
 * translated here: unreachable is SERVICE_UNAVAILABLE, a unique key taken by a
 * concurrent write is `DuplicateKeyError`.
 */
import type {
  CIFilter,
  ConfigurationItem,
  ImpactClosure,
  ItemCursor,
  ItemInput,
  ItemPage,
  Relationship,
  RelationshipType,
  StorageLimits,
  TraversalDirection,
  TraversalReport,
  TraversalRequest,
  WalkGraph,
} from '../domain';

/** A write collided with a concurrent one on a unique key (an item's id or externalId); the transaction was rolled back. */
export class DuplicateKeyError extends Error {
  constructor(cause: unknown) {
    super('a unique key was taken by a concurrent write');
    this.name = 'DuplicateKeyError';
    this.cause = cause;
  }
}

/** The writes of one transaction; everything is committed together or not at all. */
export interface CmdbWriteTransaction {
  /** The stored items with these externalIds, read whole and locked until commit where the backend locks rows. */
  itemsForUpdate(externalIds: readonly string[]): Promise<Map<string, ConfigurationItem>>;
  /** The ids of the stored items with these externalIds. */
  idsByExternalIds(externalIds: readonly string[]): Promise<Map<string, string>>;
  /** The ids among `ids` that name stored items. */
  existingIds(ids: readonly string[]): Promise<Set<string>>;
  /** The item, locked until commit; null when there is none. */
  lockItem(id: string): Promise<ConfigurationItem | null>;
  /** The id of the item holding `externalId`, other than `exceptId`; null when none does. */
  externalIdHolder(externalId: string, exceptId: string): Promise<string | null>;
  /** Creates items at version 1. */
  insertItems(items: { id: string; input: ItemInput }[]): Promise<void>;
  /** Replaces the fields of stored items, growing their version by 1. */
  replaceItems(items: { id: string; input: ItemInput }[]): Promise<void>;
  /** Replaces one item's fields, growing its version by 1, and returns it as stored. */
  replaceItem(id: string, input: ItemInput): Promise<ConfigurationItem>;
  /** Sets lifecycle RETIRED unless it already is (then nothing changes); null when there is no such item. */
  retireItem(id: string): Promise<ConfigurationItem | null>;
  /** Adds the relationships that do not exist yet between stored items; answers how many were new. */
  insertRelationships(relationships: readonly Relationship[]): Promise<number>;
  /** False when there was no such relationship. */
  deleteRelationship(relationship: Relationship): Promise<boolean>;
}

export interface CmdbStore {
  readonly backend: 'pglite' | 'postgres' | 'neo4j';
  /** What this backend cannot store, for the rules to refuse up front. */
  readonly limits: StorageLimits;

  /** Items by id; ids that name no item are absent from the map. */
  itemsByIds(ids: readonly string[]): Promise<Map<string, ConfigurationItem>>;
  itemsByExternalIds(externalIds: readonly string[]): Promise<Map<string, ConfigurationItem>>;
  /** One page of `first` (already validated) in (name, id) code point order, after `after` when given. */
  listItems(filter: CIFilter, first: number, after: ItemCursor | null): Promise<ItemPage>;
  /** Every relationship with one of `ids` as source or target. */
  relationshipsOf(ids: readonly string[]): Promise<Relationship[]>;
  /** In one query: every relationship of `types` (null: all) whose source and target are both among `ids`, in any order. */
  relationshipsAmong(ids: readonly string[], types: readonly RelationshipType[] | null): Promise<Relationship[]>;

  /**
   * Walks the graph server-side in one query: each item once at its fewest-hops
   * distance, RETIRED items neither reported nor walked through, cycles
   * terminate, roots excluded. Unknown root ids are ignored. The request is validated.
   */
  traverse(request: TraversalRequest): Promise<TraversalReport>;

  /**
   * In one query: the roots that exist and are not retired, and the unbounded
   * impact of them over `types` (null: all), walking only through non-retired
   * items, each item with every non-retired item it relies on over `types`.
   */
  impactClosure(rootIds: readonly string[], types: readonly RelationshipType[] | null): Promise<ImpactClosure>;

  /**
   * In one query: a walk over every type from all `rootIds` at once (see
   * `WalkGraph`), for answering questions about many sets of roots in memory.
   */
  walk(rootIds: readonly string[], direction: TraversalDirection, depth: number): Promise<WalkGraph>;

  /** In one query: each item's impact totalCount at `depth` over every type; unknown ids are absent. */
  impactCounts(ids: readonly string[], depth: number): Promise<Map<string, number>>;

  /** Runs `work` in one write transaction: committed when it resolves, rolled back when it throws. */
  write<T>(work: (tx: CmdbWriteTransaction) => Promise<T>): Promise<T>;

  /**
   * A counter, as decimal text, that every committed `write` moves in the same transaction (a
   * rolled-back one does not): one cheap read tells a cache of graph answers whether they may be stale.
   */
  changeCount(): Promise<string>;

  /** Resolves when the backend answers; throws SERVICE_UNAVAILABLE when it does not. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
