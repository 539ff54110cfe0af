/**
 * The CMDB store on Neo4j (5.26 LTS; the scoped `CALL (x) {}` needs 5.23+).
 * Items are `:CI` nodes; a relationship is an edge of its own type from the
 * item that relies (source) to what it relies on (target). Traversals run
 * server-side as a pruning breadth-first search, imports as a few batched
 * statements in one transaction. Results match the SQL store exactly,
 * including the code point order of names (see `codePointSortKey`).
 */
import { randomBytes } from 'node:crypto';
import neo4j, { type Driver, type ManagedTransaction, type Record as Neo4jRecord } from 'neo4j-driver';
import { BadUserInputError, ConflictError, NotFoundError, ServiceUnavailableError, isHubError, requireIntInRange } from '../../../platform/errors';
import {
  MAX_DEPTH,
  MAX_PAGE_SIZE,
  MAX_TRAVERSAL_LIMIT,
  RELATIONSHIP_TYPES,
  assertImportValid,
  canonicalJson,
  compareCodePoints,
  externalIdsOutsidePayload,
  normalizeInput,
  pathsFromParents,
  sameAsStored,
  type CIClass,
  type CIFilter,
  type ConfigurationItem,
  type Criticality,
  type Environment,
  type ImportResult,
  type ItemCursor,
  type ItemInput,
  type ItemPage,
  type Lifecycle,
  type Relationship,
  type RelationshipInput,
  type RelationshipType,
  type TraversalDirection,
  type TraversalReport,
  type TraversalRequest,
} from '../domain';
import type { CmdbStore } from './index';

export interface Neo4jCmdbConfig {
  uri: string;
  user: string;
  /** Basic auth when set; none (a server with auth disabled) when not. */
  password: string | undefined;
  database: string;
}

const ITEM = 'configuration item';
const SERVICE = 'cmdb store (neo4j)';
const CONSTRAINT_VIOLATION = 'Neo.ClientError.Schema.ConstraintValidationFailed';

/** Idempotent: unique ids and externalIds, the (name, id) listing order, the owner filter. */
const SCHEMA = [
  'CREATE CONSTRAINT cmdb_ci_id IF NOT EXISTS FOR (n:CI) REQUIRE n.id IS UNIQUE',
  'CREATE CONSTRAINT cmdb_ci_external_id IF NOT EXISTS FOR (n:CI) REQUIRE n.externalId IS UNIQUE',
  'CREATE INDEX cmdb_ci_order IF NOT EXISTS FOR (n:CI) ON (n.nameKey, n.id)',
  'CREATE INDEX cmdb_ci_owner IF NOT EXISTS FOR (n:CI) ON (n.owner)',
];

/** A `:CI` node's properties as Cypher's `n {.*}` returns them. */
interface ItemProperties {
  id: string;
  externalId?: string | null;
  name: string;
  ciClass: string;
  environment?: string | null;
  criticality?: string | null;
  lifecycle: string;
  owner?: string | null;
  /** Canonical JSON text; absent when the item has no attributes. */
  attributes?: string | null;
  /** Epoch milliseconds. */
  createdAt: number;
  updatedAt: number;
  version: number;
}

/**
 * A string whose UTF-16 order (Cypher's) and UTF-8 byte order (Neo4j's range
 * indexes) both equal the code point order of `text`, which the contract asks
 * for. The two differ only for characters from U+D800 up: those become two
 * private-use characters above every character below U+D800.
 */
export function codePointSortKey(text: string): string {
  if (!/[\uD800-\uFFFF]/.test(text)) return text;
  let key = '';
  for (const char of text) {
    const codePoint = char.codePointAt(0)!;
    if (codePoint < 0xd800) {
      key += char;
    } else {
      const offset = codePoint - 0xd800;
      key += String.fromCharCode(0xe000 + (offset >> 12), 0xe000 + (offset & 0xfff));
    }
  }
  return key;
}

function toItem(p: ItemProperties): ConfigurationItem {
  return {
    id: p.id,
    externalId: p.externalId ?? null,
    name: p.name,
    ciClass: p.ciClass as CIClass,
    environment: (p.environment ?? null) as Environment | null,
    criticality: (p.criticality ?? null) as Criticality | null,
    lifecycle: p.lifecycle as Lifecycle,
    owner: p.owner ?? null,
    attributes: p.attributes == null ? null : JSON.parse(p.attributes),
    createdAt: new Date(Number(p.createdAt)),
    updatedAt: new Date(Number(p.updatedAt)),
    version: Number(p.version),
  };
}

/** The writable properties of an input; null ones are removed by `SET n += props`. */
function writableProperties(input: ItemInput): Record<string, string | null> {
  const item = normalizeInput(input);
  return {
    externalId: item.externalId,
    name: item.name,
    nameKey: codePointSortKey(item.name),
    ciClass: item.ciClass,
    environment: item.environment,
    criticality: item.criticality,
    lifecycle: item.lifecycle,
    owner: item.owner,
    attributes: item.attributes === null ? null : canonicalJson(item.attributes),
  };
}

let lastIdMillis = 0;
let idSequence = 0;

/**
 * A UUID version 7 (RFC 9562): milliseconds, then a 30-bit sequence within the millisecond (12 bits of
 * rand_a and the top 18 of rand_b), then 44 random bits. Ids created one after another sort one after
 * another, so an import's new entries append to the unique id index instead of landing on random pages.
 */
export function orderedUuid(): string {
  const now = Date.now();
  if (now > lastIdMillis) {
    lastIdMillis = now;
    idSequence = 0;
  } else if (++idSequence >= 2 ** 30) {
    // The sequence ran out within one millisecond: borrow the next.
    lastIdMillis += 1;
    idSequence = 0;
  }
  const bytes = randomBytes(16);
  bytes.writeUIntBE(lastIdMillis, 0, 6);
  bytes[6] = 0x70 | (idSequence >>> 26);
  bytes[7] = (idSequence >>> 18) & 0xff;
  bytes[8] = 0x80 | ((idSequence >>> 12) & 0x3f);
  bytes[9] = (idSequence >>> 4) & 0xff;
  bytes[10] = ((idSequence & 0x0f) << 4) | (bytes[10] & 0x0f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Relationship types go into Cypher text (it cannot take them as parameters), so only known ones pass. */
function checkedTypes(types: readonly string[] | null): RelationshipType[] {
  if (!types || types.length === 0) return [...RELATIONSHIP_TYPES];
  const unknown = types.filter((type) => !(RELATIONSHIP_TYPES as readonly string[]).includes(type));
  if (unknown.length) throw new BadUserInputError(`unknown relationship type ${unknown.map((t) => JSON.stringify(t)).join(', ')}`);
  return [...new Set(types)] as RelationshipType[];
}

/**
 * The stored properties a listed item is returned with, in this order: a list per item rather than a map,
 * since the driver decodes a map's keys for every item (1,000 items: 25 ms as lists, 43 ms as maps).
 */
const ITEM_FIELDS = [
  'id', 'externalId', 'name', 'ciClass', 'environment', 'criticality', 'lifecycle', 'owner', 'attributes', 'createdAt', 'updatedAt', 'version',
] as const;

/** Cypher for the `ITEM_FIELDS` row of the property map `properties`. */
function itemRow(properties: string): string {
  return `[${ITEM_FIELDS.map((field) => `${properties}.${field}`).join(', ')}]`;
}

function itemFromRow(row: unknown[]): ConfigurationItem {
  return toItem(Object.fromEntries(ITEM_FIELDS.map((field, index) => [field, row[index]])) as unknown as ItemProperties);
}

/**
 * The traversal in one statement. The walk finds every item a root reaches
 * within depth hops, walking only through items that are not retired (a root
 * is walked from whatever its lifecycle): `min(length(p))` grouped by the end
 * node lets the planner run it as a pruning breadth-first search
 * (VarLengthExpand(Pruning,BFS)), which visits each item once instead of
 * enumerating paths, and that minimum is the distance. Items are ordered by
 * distance, then `nameKey` for code point order; only the `limit` listed ones
 * and the business services are read whole. (A top-n over a collected list
 * would skip the full sort, but every buffered row would then carry that list,
 * which the memory tracker charges once per row: over 1 GB from a core switch.)
 * A listed item comes with those of its neighbours towards the roots that are
 * roots or listed: its parent is among them, since a parent is one hop nearer
 * and items are listed nearest first. Business services that are listed are
 * not sent twice. Hop bounds cannot be parameters: `depth` is a validated
 * integer and the types are checked names.
 *
 * $rootIds: root ids; $limit: how many items to list (an integer).
 * Returns roots (maps), totalCount, the listed items in order as listedRows (`ITEM_FIELDS` rows),
 * listedDistances and listedNearIds, and unlistedServices (`ITEM_FIELDS` rows, in order).
 */
export function traversalCypher(direction: TraversalDirection, depth: number, types: readonly RelationshipType[] | null): string {
  requireIntInRange('depth', depth, 1, MAX_DEPTH);
  const relationship = `:${checkedTypes(types).join('|')}`;
  // impact: from an item to the sources that rely on it; dependencies: to the targets it relies on.
  const [from, to] = direction === 'impact' ? ['<-', '-'] : ['-', '->'];
  return /* Cypher */ `
    MATCH (root:CI) WHERE root.id IN $rootIds
    WITH collect(root) AS roots
    OPTIONAL CALL (roots) {
      UNWIND roots AS root
      MATCH p = (root)${from}[${relationship}*1..${depth}]${to}(reached:CI)
      WHERE all(n IN nodes(p) WHERE n = root OR n.lifecycle <> 'RETIRED')
      WITH reached, min(length(p)) AS distance
      WHERE NOT reached.id IN $rootIds
      RETURN reached, distance
    }
    WITH roots, reached, distance
    ORDER BY distance, reached.nameKey, reached.id
    WITH roots,
         count(reached) AS totalCount,
         collect(reached)[..$limit] AS listedItems,
         collect(distance)[..$limit] AS listedDistances,
         collect(CASE WHEN reached.ciClass = 'BUSINESS_SERVICE' THEN reached END) AS services
    WITH roots, totalCount, listedItems, listedDistances, services, roots + listedItems AS walked
    RETURN [root IN roots | root {.*}] AS roots,
           totalCount,
           [q IN [item IN listedItems | properties(item)] | ${itemRow('q')}] AS listedRows,
           listedDistances,
           [item IN listedItems | [(near)${from}[${relationship}]${to}(item) WHERE near IN walked | near.id]] AS listedNearIds,
           [q IN [item IN services WHERE NOT item IN listedItems | properties(item)] | ${itemRow('q')}] AS unlistedServices
  `;
}

/** Maps what the driver throws when the server is unreachable to SERVICE_UNAVAILABLE; everything else passes unchanged. */
function translated(error: unknown): unknown {
  if (isHubError(error)) return error;
  const code = String((error as { code?: unknown })?.code ?? '');
  const message = String((error as { message?: unknown })?.message ?? '');
  if (
    code === neo4j.error.SERVICE_UNAVAILABLE ||
    code === neo4j.error.SESSION_EXPIRED ||
    code === 'Neo.TransientError.General.DatabaseUnavailable' ||
    /connection acquisition timed out|ECONNREFUSED|ECONNRESET|connection was closed|Failed to connect/i.test(message)
  ) {
    return new ServiceUnavailableError(SERVICE, error);
  }
  return error;
}

function isConstraintViolation(error: unknown): boolean {
  return (error as { code?: unknown })?.code === CONSTRAINT_VIOLATION;
}

function externalIdTaken(externalId: string, holderId: string | null): BadUserInputError {
  const by = holderId ? ` by configuration item ${JSON.stringify(holderId)}` : '';
  return new BadUserInputError(`input.externalId ${JSON.stringify(externalId)} is already taken${by}`, undefined, {
    argumentName: 'input.externalId',
  });
}

/** Two processes creating the schema at once: IF NOT EXISTS does not stop the slower one failing with an AlreadyExists code. */
function isSchemaAlreadyThere(error: unknown): boolean {
  const code = String((error as { code?: unknown })?.code ?? '');
  return code.startsWith('Neo.ClientError.Schema.') && code.includes('AlreadyExists');
}

/** Opens the driver, creates the schema if missing, and returns the store. SERVICE_UNAVAILABLE when Neo4j does not answer. */
export async function openNeo4jCmdbStore(config: Neo4jCmdbConfig): Promise<CmdbStore> {
  const driver: Driver = neo4j.driver(
    config.uri,
    // Without a token the driver sends the scheme `none`, which a server with auth disabled accepts.
    config.password ? neo4j.auth.basic(config.user, config.password) : undefined,
    {
      disableLosslessIntegers: true,
      // Fail within a few seconds while Neo4j is down; the pool reconnects by itself once it is back.
      connectionTimeout: 3_000,
      connectionAcquisitionTimeout: 3_000,
      maxTransactionRetryTime: 1_000,
      // Check a pooled connection that has been idle for a second before using it, so a server that stopped
      // answering (not only one that refuses connections) fails the acquisition within its timeout instead of
      // hanging. Checking every connection, even one used a moment ago, cost a round trip per call:
      // 3.1 ms against 1.8 ms p50 for a point lookup.
      connectionLivenessCheckTimeout: 1_000,
      userAgent: 'itsm-hub-cmdb',
    },
  );
  const { database } = config;

  const write = async <T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T> => {
    const session = driver.session({ database, defaultAccessMode: neo4j.session.WRITE });
    try {
      return await session.executeWrite(work);
    } catch (error) {
      throw translated(error);
    } finally {
      await session.close().catch(() => undefined);
    }
  };

  /**
   * One read statement as an auto-commit query: a single round trip, where an explicit transaction adds a
   * BEGIN and a COMMIT (7.2 ms against 2.0 ms p50 for a point lookup). Unlike `executeRead` it is not retried
   * on transient errors; a read that fails is the caller's to repeat.
   */
  const read = async (query: string, parameters: Record<string, unknown>): Promise<Neo4jRecord[]> => {
    const session = driver.session({ database, defaultAccessMode: neo4j.session.READ });
    try {
      return (await session.run(query, parameters)).records;
    } catch (error) {
      throw translated(error);
    } finally {
      await session.close().catch(() => undefined);
    }
  };

  const itemsWhere = async (key: 'id' | 'externalId', values: readonly string[]): Promise<ConfigurationItem[]> => {
    if (!values.length) return [];
    const records = await read(`MATCH (n:CI) WHERE n.${key} IN $values RETURN n {.*} AS item`, { values: [...new Set(values)] });
    return records.map((record) => toItem(record.get('item')));
  };

  /** Reads an item under a write lock (the documented SET/REMOVE idiom), so a version check holds until commit. */
  const lockItem = async (tx: ManagedTransaction, id: string): Promise<ConfigurationItem> => {
    const result = await tx.run('MATCH (n:CI {id: $id}) SET n._lock = true REMOVE n._lock RETURN n {.*} AS item', { id });
    if (!result.records.length) throw new NotFoundError(ITEM, id);
    return toItem(result.records[0].get('item'));
  };

  const requireItems = async (tx: ManagedTransaction, ids: string[]): Promise<void> => {
    const result = await tx.run('MATCH (n:CI) WHERE n.id IN $ids RETURN n.id AS id', { ids });
    const found = new Set(result.records.map((record) => record.get('id') as string));
    const missing = ids.find((id) => !found.has(id));
    if (missing !== undefined) throw new NotFoundError(ITEM, missing);
  };

  const importOnce = (items: ItemInput[], relationships: RelationshipInput[]): Promise<ImportResult> =>
    write(async (tx) => {
      // The payload's items are read whole (to tell unchanged from changed); items only named by relationships
      // need just their ids. Every stored item comes with its element id, so relationships reach it directly.
      const inPayload = [...new Set(items.map((i) => i.externalId))];
      const outside = externalIdsOutsidePayload(items, relationships);
      const elementIdOf = new Map<string, string>();
      const idOf = new Map<string, string>();
      const [whole, named] = await Promise.all([
        inPayload.length
          ? tx.run('MATCH (n:CI) WHERE n.externalId IN $values RETURN n {.*} AS item, elementId(n) AS elementId', { values: inPayload })
          : null,
        outside.length
          ? tx.run('MATCH (n:CI) WHERE n.externalId IN $values RETURN n.externalId AS externalId, n.id AS id, elementId(n) AS elementId', {
              values: outside,
            })
          : null,
      ]);
      const stored = new Map<string, ConfigurationItem>();
      for (const record of whole?.records ?? []) {
        const item = toItem(record.get('item'));
        stored.set(item.externalId as string, item);
        idOf.set(item.externalId as string, item.id);
        elementIdOf.set(item.id, record.get('elementId') as string);
      }
      for (const record of named?.records ?? []) {
        idOf.set(record.get('externalId') as string, record.get('id') as string);
        elementIdOf.set(record.get('id') as string, record.get('elementId') as string);
      }
      assertImportValid(items, relationships, new Set(idOf.keys()));
      checkedTypes(relationships.map((rel) => rel.type));

      const created: Record<string, string | null>[] = [];
      const changed: { id: string; props: Record<string, string | null> }[] = [];
      let unchanged = 0;
      for (const input of items) {
        const existing = stored.get(input.externalId);
        if (!existing) {
          const id = orderedUuid();
          idOf.set(input.externalId, id);
          created.push({ id, ...writableProperties(input) });
        } else if (sameAsStored(existing, input)) {
          unchanged += 1;
        } else {
          changed.push({ id: existing.id, props: writableProperties(input) });
        }
      }
      if (created.length) {
        const result = await tx.run(
          `WITH timestamp() AS now
           UNWIND $rows AS row
           CREATE (n:CI {
             id: row.id, externalId: row.externalId, name: row.name, nameKey: row.nameKey, ciClass: row.ciClass,
             environment: row.environment, criticality: row.criticality, lifecycle: row.lifecycle, owner: row.owner,
             attributes: row.attributes, createdAt: now, updatedAt: now, version: 1
           })
           RETURN collect([row.id, elementId(n)]) AS created`,
          { rows: created },
        );
        for (const [id, elementId] of result.records[0].get('created') as [string, string][]) elementIdOf.set(id, elementId);
      }
      if (changed.length) {
        await tx.run(
          `UNWIND $rows AS row
           MATCH (n:CI {id: row.id})
           SET n += row.props, n.updatedAt = timestamp(), n.version = n.version + 1`,
          { rows: changed },
        );
      }

      // A relationship listed twice in one payload is created once and unchanged the second time. One with an
      // item created by this call cannot exist yet, so it is created without MERGE's lookup.
      const createdIds = new Set(created.map((row) => row.id as string));
      const pairs = new Map<string, { type: RelationshipType; pair: [string, string] }>();
      for (const rel of relationships) {
        const pair: [string, string] = [idOf.get(rel.sourceExternalId)!, idOf.get(rel.targetExternalId)!];
        pairs.set(`${rel.type}\u0000${pair[0]}\u0000${pair[1]}`, { type: rel.type, pair });
      }
      const batches = new Map<string, [string, string][]>();
      for (const { type, pair } of pairs.values()) {
        const verb = createdIds.has(pair[0]) || createdIds.has(pair[1]) ? 'CREATE' : 'MERGE';
        const key = `${verb} ${type}`;
        const batch = batches.get(key) ?? [];
        batch.push(pair);
        batches.set(key, batch);
      }
      // Both ends are found by element id (a direct lookup, no index seek). CREATE when one end is new, so the
      // relationship cannot exist yet; MERGE when both existed before this call, so a re-import changes nothing.
      // The statements are sent at once (pipelined in the transaction) and their results awaited together.
      const results = [...batches].map(([key, batch]) => {
        const [verb, type] = key.split(' ');
        return tx.run(
          `UNWIND $pairs AS pair
           MATCH (source) WHERE elementId(source) = pair[0]
           MATCH (target) WHERE elementId(target) = pair[1]
           ${verb} (source)-[:${type}]->(target)`,
          { pairs: batch.map(([source, target]) => [elementIdOf.get(source)!, elementIdOf.get(target)!]) },
        );
      });
      let relationshipsCreated = 0;
      for (const result of await Promise.all(results)) relationshipsCreated += result.summary.counters.updates().relationshipsCreated;
      return {
        created: created.length,
        updated: changed.length,
        unchanged,
        relationshipsCreated,
        relationshipsUnchanged: relationships.length - relationshipsCreated,
      };
    });

  const session = driver.session({ database, defaultAccessMode: neo4j.session.WRITE });
  try {
    for (const statement of SCHEMA) {
      await session.run(statement).catch((error: unknown) => {
        if (!isSchemaAlreadyThere(error)) throw error;
      });
    }
    await session.run('CALL db.awaitIndexes(300)');
  } catch (error) {
    await driver.close();
    throw translated(error);
  } finally {
    await session.close().catch(() => undefined);
  }

  return {
    backend: 'neo4j',

    async itemsByIds(ids) {
      if (!ids.length) return new Map();
      const items = await itemsWhere('id', ids);
      return new Map(items.map((item) => [item.id, item]));
    },

    async itemsByExternalIds(externalIds) {
      if (!externalIds.length) return new Map();
      const items = await itemsWhere('externalId', externalIds);
      return new Map(items.map((item) => [item.externalId as string, item]));
    },

    async listItems(filter: CIFilter, first: number, after: ItemCursor | null): Promise<ItemPage> {
      requireIntInRange('first', first, 1, MAX_PAGE_SIZE);
      const where: string[] = [];
      const params: Record<string, unknown> = {};
      // An empty list constrains nothing, as an empty `types` does for traversals.
      for (const field of ['ciClass', 'environment', 'criticality'] as const) {
        if (filter[field]?.length) {
          where.push(`n.${field} IN $${field}`);
          params[field] = filter[field];
        }
      }
      if (filter.owner != null) {
        where.push('n.owner = $owner');
        params.owner = filter.owner;
      }
      if (filter.nameContains) {
        where.push('toLower(n.name) CONTAINS toLower($nameContains)');
        params.nameContains = filter.nameContains;
      }
      const filtered = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const keyset = after ? `${where.length ? 'AND' : 'WHERE'} (n.nameKey > $afterKey OR (n.nameKey = $afterKey AND n.id > $afterId))` : '';
      const pageParams = { ...params, afterKey: after ? codePointSortKey(after.name) : null, afterId: after?.id ?? null, pageSize: neo4j.int(first + 1) };
      // One statement, so the count and the page see the same data without an explicit transaction.
      const [record] = await read(
        `CALL () { MATCH (n:CI) ${filtered} RETURN count(n) AS total }
         CALL () {
           MATCH (n:CI) ${filtered} ${keyset}
           WITH n ORDER BY n.nameKey, n.id LIMIT $pageSize
           RETURN collect(n {.*}) AS page
         }
         RETURN total, page`,
        pageParams,
      );
      const items = (record.get('page') as ItemProperties[]).map(toItem);
      return { items: items.slice(0, first), totalCount: Number(record.get('total')), hasNextPage: items.length > first };
    },

    async relationshipsOf(ids) {
      if (!ids.length) return [];
      const records = await read(
        `UNWIND $ids AS id
         MATCH (source:CI {id: id})-[r]->(target:CI)
         RETURN source.id AS sourceId, type(r) AS type, target.id AS targetId
         UNION
         UNWIND $ids AS id
         MATCH (source:CI)-[r]->(target:CI {id: id})
         RETURN source.id AS sourceId, type(r) AS type, target.id AS targetId`,
        { ids: [...new Set(ids)] },
      );
      const relationships = records.map(
        (record): Relationship => ({
          type: record.get('type') as RelationshipType,
          sourceId: record.get('sourceId') as string,
          targetId: record.get('targetId') as string,
        }),
      );
      return relationships.sort(
        (a, b) => compareCodePoints(a.sourceId, b.sourceId) || compareCodePoints(a.targetId, b.targetId) || compareCodePoints(a.type, b.type),
      );
    },

    async traverse(request: TraversalRequest): Promise<TraversalReport> {
      const limit = requireIntInRange('limit', request.limit, 1, MAX_TRAVERSAL_LIMIT);
      const rootIds = [...new Set(request.rootIds)];
      const query = traversalCypher(request.direction, request.depth, request.types);
      if (!rootIds.length) return { roots: [], totalCount: 0, truncated: false, items: [], businessServices: [] };
      const [record] = await read(query, { rootIds, limit: neo4j.int(limit) });

      const order = new Map(rootIds.map((id, index) => [id, index]));
      const roots = (record.get('roots') as ItemProperties[]).map(toItem).sort((a, b) => order.get(a.id)! - order.get(b.id)!);
      const rootIdSet = new Set(roots.map((root) => root.id));
      const distanceOf = new Map<string, number>();
      const distances = record.get('listedDistances') as number[];
      const nearIds = record.get('listedNearIds') as string[][];
      const listed = (record.get('listedRows') as unknown[][]).map((row, index) => {
        const item = itemFromRow(row);
        const distance = Number(distances[index]);
        distanceOf.set(item.id, distance);
        const candidates = nearIds[index].filter((id) => (distance === 1 ? rootIdSet.has(id) : distanceOf.get(id) === distance - 1));
        // The smallest by code point, as the SQL store picks it, so both backends report the same path.
        return { item, distance, parentId: candidates.sort(compareCodePoints)[0] };
      });
      const paths = pathsFromParents(
        listed.map((r) => ({ id: r.item.id, parentId: r.parentId })),
        rootIdSet,
      );
      const totalCount = Number(record.get('totalCount'));
      // Listed items come first in (distance, name, id) order, so the listed services precede the others.
      const businessServices = [
        ...listed.filter((r) => r.item.ciClass === 'BUSINESS_SERVICE').map((r) => r.item),
        ...(record.get('unlistedServices') as unknown[][]).map(itemFromRow),
      ];
      return {
        roots,
        totalCount,
        truncated: totalCount > limit,
        items: listed.map((r) => ({ item: r.item, distance: r.distance, path: paths.get(r.item.id)! })),
        businessServices,
      };
    },

    async importItems(items, relationships) {
      // Two imports creating the same externalId at once: the loser retries and finds the item stored.
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await importOnce(items, relationships);
        } catch (error) {
          if (!isConstraintViolation(error) || attempt >= 3) throw error;
        }
      }
    },

    async updateItem(id, input, expectedVersion) {
      try {
        return await write(async (tx) => {
          const current = await lockItem(tx, id);
          if (expectedVersion !== null && expectedVersion !== current.version) {
            throw new ConflictError(ITEM, id, expectedVersion, current.version);
          }
          const problems = [
            ...(input.externalId.trim() === '' ? ['input.externalId is empty'] : []),
            ...(input.name.trim() === '' ? ['input.name is empty'] : []),
          ];
          if (problems.length) throw BadUserInputError.of(problems, `configuration item ${JSON.stringify(id)} not updated`);
          if (sameAsStored(current, input)) return current;
          const holder = await tx.run('MATCH (n:CI {externalId: $externalId}) WHERE n.id <> $id RETURN n.id AS id', {
            externalId: input.externalId,
            id,
          });
          if (holder.records.length) throw externalIdTaken(input.externalId, holder.records[0].get('id'));
          const result = await tx.run(
            `MATCH (n:CI {id: $id})
             SET n += $props, n.updatedAt = timestamp(), n.version = n.version + 1
             RETURN n {.*} AS item`,
            { id, props: writableProperties(input) },
          );
          return toItem(result.records[0].get('item'));
        });
      } catch (error) {
        // Another transaction took the externalId between our check and our write.
        if (isConstraintViolation(error)) throw externalIdTaken(input.externalId, null);
        throw error;
      }
    },

    retireItem(id) {
      return write(async (tx) => {
        const result = await tx.run(
          `MATCH (n:CI {id: $id})
           FOREACH (_ IN CASE WHEN n.lifecycle = 'RETIRED' THEN [] ELSE [1] END |
             SET n.lifecycle = 'RETIRED', n.updatedAt = timestamp(), n.version = n.version + 1)
           RETURN n {.*} AS item`,
          { id },
        );
        if (!result.records.length) throw new NotFoundError(ITEM, id);
        return toItem(result.records[0].get('item'));
      });
    },

    async addRelationship(sourceId, targetId, type) {
      const [checked] = checkedTypes([type]);
      return write(async (tx) => {
        await requireItems(tx, [sourceId, targetId]);
        if (sourceId === targetId) {
          throw new BadUserInputError(`a configuration item cannot relate to itself: sourceId and targetId are both ${JSON.stringify(sourceId)}`);
        }
        await tx.run(`MATCH (source:CI {id: $sourceId}), (target:CI {id: $targetId}) MERGE (source)-[:${checked}]->(target)`, {
          sourceId,
          targetId,
        });
        return { type: checked, sourceId, targetId };
      });
    },

    async removeRelationship(sourceId, targetId, type) {
      const [checked] = checkedTypes([type]);
      return write(async (tx) => {
        await requireItems(tx, [sourceId, targetId]);
        const result = await tx.run(
          `MATCH (:CI {id: $sourceId})-[r:${checked}]->(:CI {id: $targetId}) DELETE r RETURN count(r) AS deleted`,
          { sourceId, targetId },
        );
        return Number(result.records[0].get('deleted')) > 0;
      });
    },

    async ping() {
      // An auto-commit query is not retried, so an unreachable server answers within the connection timeout.
      const probe = driver.session({ database, defaultAccessMode: neo4j.session.READ });
      try {
        await probe.run('RETURN 1');
      } catch (error) {
        throw translated(error);
      } finally {
        await probe.close().catch(() => undefined);
      }
    },

    close: () => driver.close(),
  };
}
