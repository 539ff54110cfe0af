/**
 * The CMDB store on SQL: one implementation for PGlite (embedded) and
 * PostgreSQL. Traversals run server-side as one recursive query; imports write
 * in batches of arrays, never one statement per item.
 */
import { migrate, type SqlDatabase, type SqlExecutor } from '../../../platform/sql';
import { componentLogger, rateLimitedErrorLog } from '../../../platform/logger';
import {
  normalizeInput,
  pathsFromParents,
  type CIClass,
  type CIFilter,
  type ClosureNode,
  type ConfigurationItem,
  type Criticality,
  type Environment,
  type ItemCursor,
  type ItemInput,
  type ItemPage,
  type Lifecycle,
  type Relationship,
  type RelationshipType,
  type TraversalDirection,
  type TraversalReport,
  type TraversalRequest,
  type WalkGraph,
} from '../domain';
import { DuplicateKeyError, type CmdbStore, type CmdbWriteTransaction } from './index';
import { CMDB_SCHEMA, cmdbMigrations } from './migrations';

const ITEM_COLUMNS =
  'id, external_id, name, ci_class, environment, criticality, lifecycle, owner, attributes, created_at, updated_at, version, minimum_available';
const UNIQUE_VIOLATION = '23505';
/**
 * Writes refresh the planner's statistics and the visibility map once they
 * have written more than this many rows, and more than a fifth of what the
 * tables held at the last refresh (autovacuum's own default scale): nothing
 * else does on PGlite, nor on a server without autovacuum, and without them
 * every hop of a traversal reads the heap. The fifth keeps a load in many
 * batches to a logarithmic number of vacuums.
 */
const BULK_IMPORT_ROWS = 5_000;
const VACUUM_GROWTH = 0.2;

const log = componentLogger('cmdb', 'sql-store');
const logVacuumFailure = rateLimitedErrorLog(log, 60_000);

interface ItemRow {
  id: string;
  external_id: string | null;
  name: string;
  ci_class: string;
  environment: string | null;
  criticality: string | null;
  lifecycle: string;
  owner: string | null;
  attributes: unknown;
  created_at: Date | string;
  updated_at: Date | string;
  version: number | string;
  minimum_available: number | string | null;
}

interface TraversalRow extends ItemRow {
  /** `service`: a business service reached but not listed. */
  kind: 'root' | 'listed' | 'service';
  distance: number;
  parent_id: string | null;
  total: number | string;
}

function toItem(row: ItemRow): ConfigurationItem {
  return {
    id: row.id,
    externalId: row.external_id ?? null,
    name: row.name,
    ciClass: row.ci_class as CIClass,
    environment: (row.environment ?? null) as Environment | null,
    criticality: (row.criticality ?? null) as Criticality | null,
    lifecycle: row.lifecycle as Lifecycle,
    owner: row.owner ?? null,
    attributes: row.attributes ?? null,
    createdAt: row.created_at instanceof Date ? row.created_at : new Date(row.created_at),
    updatedAt: row.updated_at instanceof Date ? row.updated_at : new Date(row.updated_at),
    version: Number(row.version),
    minimumAvailable: row.minimum_available == null ? null : Number(row.minimum_available),
  };
}

function toRelationship(row: { source_id: string; target_id: string; type: string }): Relationship {
  return { type: row.type as RelationshipType, sourceId: row.source_id, targetId: row.target_id };
}

/** PostgreSQL text cannot hold NUL, so a string with one can name nothing stored; sending it would fail the query. */
function storable(value: string): boolean {
  return !value.includes('\u0000');
}

function attributesText(attributes: unknown): string | null {
  return attributes === null || attributes === undefined ? null : JSON.stringify(attributes);
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string })?.code === UNIQUE_VIOLATION;
}

/**
 * The breadth-first walk as a recursive CTE named `level`, one row per hop:
 * the items first reached at that hop (`ids`), their parents, and every item
 * seen so far, so an item is expanded once however many paths lead to it (a
 * plain recursive walk sees only the previous step and re-walks what earlier
 * hops reached: 4 to 9 times the rows from a hub). An item's parent is the
 * smallest neighbour one hop nearer a root, which is what `pathsFromParents`
 * needs. A retired item is reached (and so never reached again) but not walked
 * through; roots are walked from whatever their lifecycle.
 *
 * `roots`: SQL condition on `i`, the root items; `depth` and `types`: SQL
 * expressions for the hop bound and the relationship types (null: all).
 */
function levelCte(direction: TraversalDirection, roots: string, depth: string, types: string): string {
  // impact: from an item to the sources that rely on it; dependencies: to the targets it relies on.
  const [from, to] = direction === 'impact' ? ['target_id', 'source_id'] : ['source_id', 'target_id'];
  return /* SQL */ `
    level (hops, ids, parents, seen) AS (
      SELECT 0, array_agg(i.id), array_agg(NULL::text COLLATE "C"), array_agg(i.id)
      FROM cmdb.item i WHERE ${roots}
      UNION ALL
      SELECT l.hops + 1, next.ids, next.parents, l.seen || next.ids
      FROM level l
      CROSS JOIN LATERAL (
        SELECT array_agg(step.id) AS ids, array_agg(step.parent) AS parents
        FROM (
          SELECT DISTINCT ON (r.${to}) r.${to} AS id, r.${from} AS parent
          FROM unnest(l.ids) AS f (id)
          -- OFFSET 0 keeps this a probe of the index per item: without statistics the
          -- planner would rather scan every relationship at every level.
          CROSS JOIN LATERAL (
            SELECT r.${to}, r.${from} FROM cmdb.relationship r
            WHERE r.${from} = f.id AND (${types} IS NULL OR r.type = ANY(${types}))
            OFFSET 0
          ) r
          WHERE (l.hops = 0 OR NOT EXISTS (SELECT 1 FROM cmdb.item x WHERE x.id = f.id AND x.lifecycle = 'RETIRED'))
            AND NOT EXISTS (SELECT 1 FROM unnest(l.seen) AS seen (id) WHERE seen.id = r.${to})
          ORDER BY r.${to}, r.${from}
        ) step
      ) next
      WHERE l.hops < ${depth} AND next.ids IS NOT NULL
    )`;
}

/**
 * One walk per direction, in one statement. Only the listed items are ranked;
 * the rest are counted.
 *
 * $1 root ids, $2 depth, $3 relationship types (null: all), $4 limit.
 */
function traversalSql(direction: TraversalDirection): string {
  return /* SQL */ `
    WITH RECURSIVE ${levelCte(direction, 'i.id = ANY($1::text[])', '$2::int', '$3::text[]')},
    reached AS MATERIALIZED (
      SELECT u.id, l.hops AS distance, u.parent_id, i.name, i.ci_class
      FROM level l
      CROSS JOIN unnest(l.ids, l.parents) AS u (id, parent_id)
      JOIN cmdb.item i ON i.id = u.id
      WHERE l.hops > 0 AND i.lifecycle <> 'RETIRED'
    ),
    listed AS (
      SELECT id FROM reached ORDER BY distance, name COLLATE "C", id COLLATE "C" LIMIT $4::int
    )
    SELECT 'root' AS kind, ${ITEM_COLUMNS}, 0 AS distance, NULL::text AS parent_id, 0::bigint AS total,
           name COLLATE "C" AS order_name, id COLLATE "C" AS order_id
    FROM cmdb.item
    WHERE id = ANY($1::text[])
    UNION ALL
    SELECT CASE WHEN r.id IN (SELECT id FROM listed) THEN 'listed' ELSE 'service' END,
           ${ITEM_COLUMNS.split(', ').map((column) => `i.${column}`).join(', ')},
           r.distance, r.parent_id, (SELECT count(*) FROM reached), i.name COLLATE "C", i.id COLLATE "C"
    FROM reached r
    JOIN cmdb.item i ON i.id = r.id
    WHERE r.id IN (SELECT id FROM listed) OR r.ci_class = 'BUSINESS_SERVICE'
    -- By code point whatever the database's collation, as the listing above.
    ORDER BY distance, order_name, order_id
  `;
}

/**
 * The unbounded impact of the non-retired roots over the types, each item with
 * its non-retired dependencies over the types. $1 root ids, $2 types (null: all).
 */
const IMPACT_CLOSURE_SQL = /* SQL */ `
  WITH RECURSIVE ${levelCte(
    'impact',
    `i.id = ANY($1::text[]) AND i.lifecycle <> 'RETIRED'`,
    '2147483647',
    '$2::text[]',
  )},
  closure AS MATERIALIZED (
    SELECT u.id, l.hops = 0 AS is_root FROM level l CROSS JOIN unnest(l.ids) AS u (id)
  )
  SELECT c.id, c.is_root, i.name, i.ci_class, i.minimum_available,
         ARRAY(
           SELECT DISTINCT r.target_id FROM cmdb.relationship r
           WHERE r.source_id = c.id AND ($2::text[] IS NULL OR r.type = ANY($2::text[]))
             AND NOT EXISTS (SELECT 1 FROM cmdb.item x WHERE x.id = r.target_id AND x.lifecycle = 'RETIRED')
         ) AS dependency_ids
  FROM closure c
  JOIN cmdb.item i ON i.id = c.id
  WHERE c.is_root OR i.lifecycle <> 'RETIRED'
`;

/**
 * A bounded walk over every type from all roots at once: the roots, the
 * non-retired items reached, and the neighbours of every item walked from.
 * $1 root ids, $2 depth.
 */
function walkSql(direction: TraversalDirection): string {
  const [from, to] = direction === 'impact' ? ['target_id', 'source_id'] : ['source_id', 'target_id'];
  return /* SQL */ `
    WITH RECURSIVE ${levelCte(direction, 'i.id = ANY($1::text[])', '$2::int', 'NULL::text[]')},
    met AS MATERIALIZED (
      SELECT u.id, l.hops FROM level l CROSS JOIN unnest(l.ids) AS u (id)
    )
    SELECT m.id, i.name, i.ci_class, i.lifecycle,
           CASE WHEN m.hops = 0 OR (m.hops < $2::int AND i.lifecycle <> 'RETIRED')
                THEN ARRAY(SELECT DISTINCT r.${to} FROM cmdb.relationship r WHERE r.${from} = m.id)
                ELSE '{}'::text[] END AS next
    FROM met m
    JOIN cmdb.item i ON i.id = m.id
    WHERE m.hops = 0 OR i.lifecycle <> 'RETIRED'
  `;
}

/** Each item's impact totalCount at a depth: one walk per item, in one statement. $1 ids, $2 depth. */
const IMPACT_COUNTS_SQL = /* SQL */ `
  SELECT c.id, counted.total
  FROM cmdb.item c
  CROSS JOIN LATERAL (
    WITH RECURSIVE ${levelCte('impact', 'i.id = c.id', '$2::int', 'NULL::text[]')}
    SELECT count(*) AS total
    FROM level l
    CROSS JOIN unnest(l.ids) AS u (id)
    JOIN cmdb.item i ON i.id = u.id
    WHERE l.hops > 0 AND i.lifecycle <> 'RETIRED'
  ) counted
  WHERE c.id = ANY($1::text[])
`;

const TRAVERSAL_SQL: Record<TraversalDirection, string> = {
  impact: traversalSql('impact'),
  dependencies: traversalSql('dependencies'),
};

const WALK_SQL: Record<TraversalDirection, string> = {
  impact: walkSql('impact'),
  dependencies: walkSql('dependencies'),
};

/** Writes new items from parallel arrays in one statement. */
const INSERT_ITEMS_SQL = /* SQL */ `
  INSERT INTO cmdb.item (${ITEM_COLUMNS})
  SELECT u.id, u.external_id, u.name, u.ci_class, u.environment, u.criticality, u.lifecycle, u.owner,
         u.attributes::jsonb, now(), now(), 1, u.minimum_available::int
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
       AS u (id, external_id, name, ci_class, environment, criticality, lifecycle, owner, attributes, minimum_available)
`;

/** Replaces the fields of changed items from parallel arrays in one statement. */
const UPDATE_ITEMS_SQL = /* SQL */ `
  UPDATE cmdb.item i
  SET external_id = u.external_id, name = u.name, ci_class = u.ci_class, environment = u.environment,
      criticality = u.criticality, lifecycle = u.lifecycle, owner = u.owner, attributes = u.attributes::jsonb,
      minimum_available = u.minimum_available::int, updated_at = now(), version = i.version + 1
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
       AS u (id, external_id, name, ci_class, environment, criticality, lifecycle, owner, attributes, minimum_available)
  WHERE i.id = u.id
`;

/** Columns of `INSERT_ITEMS_SQL` / `UPDATE_ITEMS_SQL` as parallel arrays. */
function itemArrays(entries: { id: string; input: ItemInput }[]): (string | null)[][] {
  const columns: (string | null)[][] = Array.from({ length: 10 }, () => new Array<string | null>(entries.length));
  entries.forEach(({ id, input }, row) => {
    const item = normalizeInput(input);
    const values = [
      id, item.externalId, item.name, item.ciClass, item.environment, item.criticality, item.lifecycle, item.owner,
      attributesText(item.attributes), item.minimumAvailable === null ? null : String(item.minimumAvailable),
    ];
    values.forEach((value, column) => (columns[column][row] = value));
  });
  return columns;
}

/** The writes of one SQL transaction; counts the rows it writes for the vacuum policy. */
function writeTransaction(tx: SqlExecutor, written: { rows: number }): CmdbWriteTransaction {
  const itemsWhere = async (column: 'id' | 'external_id', values: readonly string[], lock: boolean) =>
    (
      await tx.query<ItemRow>(
        `SELECT ${ITEM_COLUMNS} FROM cmdb.item WHERE ${column} = ANY($1::text[])${lock ? ' FOR UPDATE' : ''}`,
        [[...new Set(values)].filter(storable)],
      )
    ).map(toItem);
  return {
    async itemsForUpdate(externalIds) {
      if (!externalIds.length) return new Map();
      return new Map((await itemsWhere('external_id', externalIds, true)).map((item) => [item.externalId as string, item]));
    },

    async idsByExternalIds(externalIds) {
      if (!externalIds.length) return new Map();
      const rows = await tx.query<{ id: string; external_id: string }>('SELECT id, external_id FROM cmdb.item WHERE external_id = ANY($1::text[])', [
        [...new Set(externalIds)].filter(storable),
      ]);
      return new Map(rows.map((row) => [row.external_id, row.id]));
    },

    async existingIds(ids) {
      const rows = await tx.query<{ id: string }>('SELECT id FROM cmdb.item WHERE id = ANY($1::text[])', [[...new Set(ids)].filter(storable)]);
      return new Set(rows.map((row) => row.id));
    },

    async lockItem(id) {
      if (!storable(id)) return null;
      const [item] = await itemsWhere('id', [id], true);
      return item ?? null;
    },

    async externalIdHolder(externalId, exceptId) {
      const [holder] = await tx.query<{ id: string }>('SELECT id FROM cmdb.item WHERE external_id = $1 AND id <> $2', [externalId, exceptId]);
      return holder?.id ?? null;
    },

    async insertItems(items) {
      if (!items.length) return;
      await tx.query(INSERT_ITEMS_SQL, itemArrays(items));
      written.rows += items.length;
    },

    async replaceItems(items) {
      if (!items.length) return;
      await tx.query(UPDATE_ITEMS_SQL, itemArrays(items));
      written.rows += items.length;
    },

    async replaceItem(id, input) {
      const item = normalizeInput(input);
      const [row] = await tx.query<ItemRow>(
        /* SQL */ `
          UPDATE cmdb.item
          SET external_id = $2, name = $3, ci_class = $4, environment = $5, criticality = $6, lifecycle = $7,
              owner = $8, attributes = $9::jsonb, minimum_available = $10::int, updated_at = now(), version = version + 1
          WHERE id = $1
          RETURNING ${ITEM_COLUMNS}
        `,
        [
          id, item.externalId, item.name, item.ciClass, item.environment, item.criticality, item.lifecycle, item.owner,
          attributesText(item.attributes), item.minimumAvailable,
        ],
      );
      written.rows += 1;
      return toItem(row);
    },

    async retireItem(id) {
      if (!storable(id)) return null;
      const [retired] = await tx.query<ItemRow>(
        `UPDATE cmdb.item SET lifecycle = 'RETIRED', updated_at = now(), version = version + 1
         WHERE id = $1 AND lifecycle <> 'RETIRED' RETURNING ${ITEM_COLUMNS}`,
        [id],
      );
      if (retired) return toItem(retired);
      // Nothing changed: either the item was already retired, or there is none.
      const [item] = await itemsWhere('id', [id], false);
      return item ?? null;
    },

    async insertRelationships(relationships) {
      if (!relationships.length) return 0;
      const [{ inserted }] = await tx.query<{ inserted: number | string }>(
        /* SQL */ `
          WITH inserted AS (
            INSERT INTO cmdb.relationship (source_id, target_id, type)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
            ON CONFLICT DO NOTHING
            RETURNING 1
          )
          SELECT count(*) AS inserted FROM inserted
        `,
        [relationships.map((r) => r.sourceId), relationships.map((r) => r.targetId), relationships.map((r) => r.type)],
      );
      written.rows += Number(inserted);
      return Number(inserted);
    },

    async deleteRelationship({ sourceId, targetId, type }) {
      const deleted = await tx.query('DELETE FROM cmdb.relationship WHERE source_id = $1 AND target_id = $2 AND type = $3 RETURNING 1', [
        sourceId,
        targetId,
        type,
      ]);
      return deleted.length > 0;
    },
  };
}

/** Runs migrations into schema `cmdb` and returns the store over `db`. */
export async function openSqlCmdbStore(db: SqlDatabase): Promise<CmdbStore> {
  await migrate(db, CMDB_SCHEMA, cmdbMigrations);
  const storedRows = async () => {
    const [{ rows }] = await db.query<{ rows: number }>(
      `SELECT (SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = 'cmdb.item'::regclass)
            + (SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = 'cmdb.relationship'::regclass) AS rows`,
    );
    return Number(rows);
  };
  // Rows the tables held at the last statistics refresh (the planner's own estimate), and written since.
  let rowsAtVacuum = await storedRows();
  let writtenSinceVacuum = 0;

  /**
   * VACUUM cannot run in a transaction, so it runs after the commit; the write has succeeded by then, and
   * failing to vacuum only leaves traversals slower, so it is logged and left for the next write to try.
   */
  const vacuumIfDue = async (written: number) => {
    writtenSinceVacuum += written;
    if (writtenSinceVacuum <= BULK_IMPORT_ROWS || writtenSinceVacuum <= VACUUM_GROWTH * rowsAtVacuum) return;
    try {
      await db.query('VACUUM (ANALYZE) cmdb.item, cmdb.relationship');
      rowsAtVacuum = await storedRows();
      writtenSinceVacuum = 0;
    } catch (error) {
      logVacuumFailure('vacuum', error, 'vacuum after bulk writes failed; traversals stay slower until the next one succeeds');
    }
  };

  return {
    backend: db.kind,
    limits: { nulInText: false },

    async itemsByIds(ids) {
      const rows = await db.query<ItemRow>(`SELECT ${ITEM_COLUMNS} FROM cmdb.item WHERE id = ANY($1::text[])`, [
        [...new Set(ids)].filter(storable),
      ]);
      return new Map(rows.map((row) => [row.id, toItem(row)]));
    },

    async itemsByExternalIds(externalIds) {
      const rows = await db.query<ItemRow>(`SELECT ${ITEM_COLUMNS} FROM cmdb.item WHERE external_id = ANY($1::text[])`, [
        [...new Set(externalIds)].filter(storable),
      ]);
      return new Map(rows.map((row) => [row.external_id as string, toItem(row)]));
    },

    async listItems(filter: CIFilter, first: number, after: ItemCursor | null): Promise<ItemPage> {
      if (filter.nameContains != null && !storable(filter.nameContains)) return { items: [], totalCount: 0, hasNextPage: false };
      const params: unknown[] = [];
      const where: string[] = [];
      const param = (value: unknown) => {
        params.push(value);
        return `$${params.length}`;
      };
      // An empty list constrains nothing, as an empty `types` does for traversals.
      if (filter.ciClass?.length) where.push(`ci_class = ANY(${param(filter.ciClass)}::text[])`);
      if (filter.environment?.length) where.push(`environment = ANY(${param(filter.environment)}::text[])`);
      if (filter.criticality?.length) where.push(`criticality = ANY(${param(filter.criticality)}::text[])`);
      if (filter.owner != null) where.push(`owner = ${param(filter.owner)}`);
      // strpos has no wildcards to escape; lower() under the database's own collation folds non-ASCII letters too.
      if (filter.nameContains) where.push(`strpos(lower(name COLLATE "default"), lower(${param(filter.nameContains)}::text)) > 0`);
      const filtered = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const countParams = [...params];
      const keyset = after ? `${where.length ? 'AND' : 'WHERE'} (name, id) > (${param(after.name)}::text COLLATE "C", ${param(after.id)}::text COLLATE "C")` : '';
      const pageParam = param(first + 1);
      const [[{ total }], rows] = await Promise.all([
        db.query<{ total: number | string }>(`SELECT count(*) AS total FROM cmdb.item ${filtered}`, countParams),
        db.query<ItemRow>(
          `SELECT ${ITEM_COLUMNS} FROM cmdb.item ${filtered} ${keyset} ORDER BY name COLLATE "C", id COLLATE "C" LIMIT ${pageParam}::int`,
          params,
        ),
      ]);
      return { items: rows.slice(0, first).map(toItem), totalCount: Number(total), hasNextPage: rows.length > first };
    },

    async relationshipsOf(ids) {
      const rows = await db.query<{ source_id: string; target_id: string; type: string }>(
        /* SQL */ `
          SELECT source_id, target_id, type FROM cmdb.relationship
          WHERE source_id = ANY($1::text[]) OR target_id = ANY($1::text[])
          ORDER BY source_id, target_id, type COLLATE "C"
        `,
        [[...new Set(ids)].filter(storable)],
      );
      return rows.map(toRelationship);
    },

    async relationshipsAmong(ids, types) {
      const among = [...new Set(ids)].filter(storable);
      if (!among.length) return [];
      const rows = await db.query<{ source_id: string; target_id: string; type: string }>(
        /* SQL */ `
          SELECT source_id, target_id, type FROM cmdb.relationship
          WHERE source_id = ANY($1::text[]) AND target_id = ANY($1::text[])
            AND ($2::text[] IS NULL OR type = ANY($2::text[]))
        `,
        [among, types && types.length ? [...types] : null],
      );
      return rows.map(toRelationship);
    },

    async traverse(request: TraversalRequest): Promise<TraversalReport> {
      const rootIds = [...new Set(request.rootIds)].filter(storable);
      const rows = await db.query<TraversalRow>(TRAVERSAL_SQL[request.direction], [
        rootIds,
        request.depth,
        request.types && request.types.length ? request.types : null,
        request.limit,
      ]);
      const order = new Map(rootIds.map((id, index) => [id, index]));
      const roots = rows
        .filter((r) => r.kind === 'root')
        .map(toItem)
        .sort((a, b) => order.get(a.id)! - order.get(b.id)!);
      const reached = rows.filter((r) => r.kind !== 'root');
      const listed = reached.filter((r) => r.kind === 'listed');
      const paths = pathsFromParents(
        listed.map((r) => ({ id: r.id, parentId: r.parent_id as string })),
        new Set(roots.map((r) => r.id)),
      );
      const totalCount = reached.length ? Number(reached[0].total) : 0;
      return {
        roots,
        totalCount,
        truncated: totalCount > request.limit,
        items: listed.map((r) => ({ item: toItem(r), distance: Number(r.distance), path: paths.get(r.id)! })),
        businessServices: reached.filter((r) => r.ci_class === 'BUSINESS_SERVICE').map(toItem),
      };
    },

    async impactClosure(rootIds, types) {
      const asked = [...new Set(rootIds)].filter(storable);
      const rows = await db.query<{
        id: string; is_root: boolean; name: string; ci_class: string; minimum_available: number | string | null; dependency_ids: string[];
      }>(IMPACT_CLOSURE_SQL, [asked, types && types.length ? types : null]);
      const order = new Map(asked.map((id, index) => [id, index]));
      const node = (row: (typeof rows)[number]): ClosureNode => ({
        id: row.id,
        name: row.name,
        ciClass: row.ci_class as CIClass,
        minimumAvailable: row.minimum_available == null ? null : Number(row.minimum_available),
        dependencyIds: row.dependency_ids,
      });
      return {
        roots: rows.filter((row) => row.is_root).map(node).sort((a, b) => order.get(a.id)! - order.get(b.id)!),
        reached: rows.filter((row) => !row.is_root).map(node),
      };
    },

    async walk(rootIds, direction, depth) {
      const rows = await db.query<{ id: string; name: string; ci_class: string; lifecycle: string; next: string[] }>(WALK_SQL[direction], [
        [...new Set(rootIds)].filter(storable),
        depth,
      ]);
      const graph: WalkGraph = { nodes: new Map(), next: new Map() };
      for (const row of rows) {
        graph.nodes.set(row.id, { id: row.id, name: row.name, ciClass: row.ci_class as CIClass, lifecycle: row.lifecycle as Lifecycle });
        if (row.next.length) graph.next.set(row.id, row.next);
      }
      return graph;
    },

    async impactCounts(ids, depth) {
      const rows = await db.query<{ id: string; total: number | string }>(IMPACT_COUNTS_SQL, [[...new Set(ids)].filter(storable), depth]);
      return new Map(rows.map((row) => [row.id, Number(row.total)]));
    },

    async write(work) {
      const written = { rows: 0 };
      let result;
      try {
        result = await db.transaction(async (tx) => {
          const answer = await work(writeTransaction(tx, written));
          // Last, so the counter's row lock is held only for the commit and concurrent writes barely wait on it.
          await tx.query('UPDATE cmdb.change_counter SET value = value + 1');
          return answer;
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new DuplicateKeyError(error);
        throw error;
      }
      await vacuumIfDue(written.rows);
      return result;
    },

    async changeCount() {
      const [row] = await db.query<{ value: string | number }>('SELECT value FROM cmdb.change_counter');
      return String(row?.value ?? 0);
    },

    async ping() {
      await db.query('SELECT 1');
    },

    close: () => db.close(),
  };
}
