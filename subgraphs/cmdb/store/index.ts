/**
 * The CMDB store: the only place that speaks Cypher or SQL for configuration
 * items. Every backend (PGlite, PostgreSQL, Neo4j) implements this interface and
 * passes the same contract suite (test/cmdb-store.int.test.ts).
 */
import type {
  CIFilter,
  ConfigurationItem,
  ImportResult,
  ItemCursor,
  ItemInput,
  ItemPage,
  Relationship,
  RelationshipInput,
  RelationshipType,
  TraversalReport,
  TraversalRequest,
} from '../domain';

export interface CmdbStore {
  readonly backend: 'pglite' | 'postgres' | 'neo4j';

  /** Items by id; ids that name no item are absent from the map. */
  itemsByIds(ids: readonly string[]): Promise<Map<string, ConfigurationItem>>;
  itemsByExternalIds(externalIds: readonly string[]): Promise<Map<string, ConfigurationItem>>;
  /** One page in (name, id) code point order, after `after` when given. `first` is validated (1..1000). */
  listItems(filter: CIFilter, first: number, after: ItemCursor | null): Promise<ItemPage>;
  /** Every relationship with one of `ids` as source or target. */
  relationshipsOf(ids: readonly string[]): Promise<Relationship[]>;

  /**
   * Walks the graph server-side in one query: each item once at its fewest-hops
   * distance, RETIRED items neither reported nor walked through, cycles
   * terminate, roots excluded. Unknown root ids are ignored.
   */
  traverse(request: TraversalRequest): Promise<TraversalReport>;

  /** Upserts by externalId in one transaction; BAD_USER_INPUT naming every problem, and nothing written, on any invalid entry. */
  importItems(items: ItemInput[], relationships: RelationshipInput[]): Promise<ImportResult>;
  /** Replaces the item's fields. NOT_FOUND, CONFLICT on a stale expectedVersion, BAD_USER_INPUT when externalId is taken. */
  updateItem(id: string, input: ItemInput, expectedVersion: number | null): Promise<ConfigurationItem>;
  /** Sets lifecycle RETIRED (idempotent). NOT_FOUND for an unknown id. */
  retireItem(id: string): Promise<ConfigurationItem>;
  /** NOT_FOUND for unknown ids, BAD_USER_INPUT for a self-relationship; idempotent. */
  addRelationship(sourceId: string, targetId: string, type: RelationshipType): Promise<Relationship>;
  /** False when there was no such relationship; NOT_FOUND when an id names no item. */
  removeRelationship(sourceId: string, targetId: string, type: RelationshipType): Promise<boolean>;

  /** Resolves when the backend answers; throws SERVICE_UNAVAILABLE when it does not. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
