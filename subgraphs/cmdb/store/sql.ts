/**
 * The CMDB store on SQL: one implementation for PGlite (embedded) and
 * PostgreSQL. Traversals run server-side as one recursive query; imports write
 * in batches of arrays, never one statement per item.
 */
import { randomUUID } from 'node:crypto';
import { migrate, type SqlDatabase, type SqlExecutor } from '../../../platform/sql';
import { BadUserInputError, ConflictError, NotFoundError, requireIntInRange } from '../../../platform/errors';
import {
  MAX_PAGE_SIZE,
  canonicalJson,
  externalIdsOutsidePayload,
  importProblems,
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
import { CMDB_SCHEMA, cmdbMigrations } from './migrations';

const ITEM = 'configuration item';
const ITEM_COLUMNS = 'id, external_id, name, ci_class, environment, criticality, lifecycle, owner, attributes, created_at, updated_at, version';
const UNIQUE_VIOLATION = '23505';
/**
 * Imports refresh the planner's statistics and the visibility map once they
 * have written more than this many rows, and more than a fifth of what the
 * tables held at the last refresh (autovacuum's own default scale): nothing
 * else does on PGlite, nor on a server without autovacuum, and without them
 * every hop of a traversal reads the heap. The fifth keeps a load in many
 * batches to a logarithmic number of vacuums.
 */
const BULK_IMPORT_ROWS = 5_000;
const VACUUM_GROWTH = 0.2;

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

/** Problems the database would reject that the shared validation does not know about. */
function unstorableProblems(items: ItemInput[], relationships: RelationshipInput[]): string[] {
  const problems: string[] = [];
  items.forEach((item, index) => {
    for (const field of ['externalId', 'name', 'owner'] as const) {
      const value = item[field];
      if (typeof value === 'string' && !storable(value)) problems.push(`items[${index}].${field} contains a NUL character`);
    }
    if (canonicalJson(item.attributes).includes('\\u0000')) problems.push(`items[${index}].attributes contains a NUL character`);
  });
  relationships.forEach((rel, index) => {
    for (const end of ['sourceExternalId', 'targetExternalId'] as const) {
      if (!storable(rel[end])) problems.push(`relationships[${index}].${end} contains a NUL character`);
    }
  });
  return problems;
}

/**
 * One breadth-first walk per direction, in one statement. Each step of the
 * recursion is a whole level: the items first reached at that hop, with their
 * parents, and every item seen so far, so an item is expanded once however
 * many paths lead to it (a plain recursive walk sees only the previous step
 * and re-walks what earlier hops reached: 4 to 9 times the rows from a hub).
 * An item's parent is the smallest neighbour one hop nearer a root, which is
 * what `pathsFromParents` needs. Only the listed items are ranked; the rest
 * are counted.
 *
 * $1 root ids, $2 depth, $3 relationship types (null: all), $4 limit.
 */
function traversalSql(direction: TraversalDirection): string {
  // impact: from an item to the sources that rely on it; dependencies: to the targets it relies on.
  const [from, to] = direction === 'impact' ? ['target_id', 'source_id'] : ['source_id', 'target_id'];
  return /* SQL */ `
    WITH RECURSIVE level (hops, ids, parents, seen) AS (
      SELECT 0, array_agg(i.id), array_agg(NULL::text COLLATE "C"), array_agg(i.id)
      FROM cmdb.item i WHERE i.id = ANY($1::text[])
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
            WHERE r.${from} = f.id AND ($3::text[] IS NULL OR r.type = ANY($3::text[]))
            OFFSET 0
          ) r
          -- A retired item is reached but not walked through; roots are walked from whatever their lifecycle.
          WHERE (l.hops = 0 OR NOT EXISTS (SELECT 1 FROM cmdb.item x WHERE x.id = f.id AND x.lifecycle = 'RETIRED'))
            AND NOT EXISTS (SELECT 1 FROM unnest(l.seen) AS seen (id) WHERE seen.id = r.${to})
          ORDER BY r.${to}, r.${from}
        ) step
      ) next
      WHERE l.hops < $2::int AND next.ids IS NOT NULL
    ),
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

const TRAVERSAL_SQL: Record<TraversalDirection, string> = {
  impact: traversalSql('impact'),
  dependencies: traversalSql('dependencies'),
};

/** Writes new items from parallel arrays in one statement. */
const INSERT_ITEMS_SQL = /* SQL */ `
  INSERT INTO cmdb.item (${ITEM_COLUMNS})
  SELECT u.id, u.external_id, u.name, u.ci_class, u.environment, u.criticality, u.lifecycle, u.owner,
         u.attributes::jsonb, now(), now(), 1
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
       AS u (id, external_id, name, ci_class, environment, criticality, lifecycle, owner, attributes)
`;

/** Replaces the fields of changed items from parallel arrays in one statement. */
const UPDATE_ITEMS_SQL = /* SQL */ `
  UPDATE cmdb.item i
  SET external_id = u.external_id, name = u.name, ci_class = u.ci_class, environment = u.environment,
      criticality = u.criticality, lifecycle = u.lifecycle, owner = u.owner, attributes = u.attributes::jsonb,
      updated_at = now(), version = i.version + 1
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
       AS u (id, external_id, name, ci_class, environment, criticality, lifecycle, owner, attributes)
  WHERE i.id = u.id
`;

/** Columns of `INSERT_ITEMS_SQL` / `UPDATE_ITEMS_SQL` as parallel arrays. */
function itemArrays(entries: { id: string; input: ItemInput }[]): (string | null)[][] {
  const columns: (string | null)[][] = Array.from({ length: 9 }, () => new Array<string | null>(entries.length));
  entries.forEach(({ id, input }, row) => {
    const item = normalizeInput(input);
    const values = [id, item.externalId, item.name, item.ciClass, item.environment, item.criticality, item.lifecycle, item.owner, attributesText(item.attributes)];
    values.forEach((value, column) => (columns[column][row] = value));
  });
  return columns;
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

  const lockItem = async (tx: SqlExecutor, id: string): Promise<ConfigurationItem> => {
    const [row] = storable(id)
      ? await tx.query<ItemRow>(`SELECT ${ITEM_COLUMNS} FROM cmdb.item WHERE id = $1 FOR UPDATE`, [id])
      : [];
    if (!row) throw new NotFoundError(ITEM, id);
    return toItem(row);
  };

  const requireItems = async (tx: SqlExecutor, ids: string[]): Promise<void> => {
    const rows = await tx.query<{ id: string }>('SELECT id FROM cmdb.item WHERE id = ANY($1::text[])', [ids.filter(storable)]);
    const found = new Set(rows.map((r) => r.id));
    const missing = ids.find((id) => !found.has(id));
    if (missing !== undefined) throw new NotFoundError(ITEM, missing);
  };

  const importOnce = (items: ItemInput[], relationships: RelationshipInput[]): Promise<ImportResult> =>
    db.transaction(async (tx) => {
      const named = [...new Set([...items.map((i) => i.externalId), ...externalIdsOutsidePayload(items, relationships)])].filter(storable);
      // Locked so that a concurrent update cannot slip between our comparison and our write.
      const stored = new Map(
        (
          await tx.query<ItemRow>(`SELECT ${ITEM_COLUMNS} FROM cmdb.item WHERE external_id = ANY($1::text[]) FOR UPDATE`, [named])
        ).map((row) => [row.external_id as string, toItem(row)]),
      );
      const problems = [...importProblems(items, relationships, new Set(stored.keys())), ...unstorableProblems(items, relationships)];
      if (problems.length) throw BadUserInputError.of(problems, 'import rejected, nothing was written');

      const idOf = new Map([...stored].map(([externalId, item]) => [externalId, item.id]));
      const created: { id: string; input: ItemInput }[] = [];
      const changed: { id: string; input: ItemInput }[] = [];
      let unchanged = 0;
      for (const input of items) {
        const existing = stored.get(input.externalId);
        if (!existing) {
          const id = randomUUID();
          idOf.set(input.externalId, id);
          created.push({ id, input });
        } else if (sameAsStored(existing, input)) {
          unchanged += 1;
        } else {
          changed.push({ id: existing.id, input });
        }
      }
      if (created.length) await tx.query(INSERT_ITEMS_SQL, itemArrays(created));
      if (changed.length) await tx.query(UPDATE_ITEMS_SQL, itemArrays(changed));

      let relationshipsCreated = 0;
      if (relationships.length) {
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
          [
            relationships.map((r) => idOf.get(r.sourceExternalId)),
            relationships.map((r) => idOf.get(r.targetExternalId)),
            relationships.map((r) => r.type),
          ],
        );
        relationshipsCreated = Number(inserted);
      }
      return {
        created: created.length,
        updated: changed.length,
        unchanged,
        relationshipsCreated,
        // A relationship listed twice in one payload is created once and unchanged the second time.
        relationshipsUnchanged: relationships.length - relationshipsCreated,
      };
    });

  return {
    backend: db.kind,

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
      requireIntInRange('first', first, 1, MAX_PAGE_SIZE);
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

    async importItems(items, relationships) {
      // Two imports creating the same externalId at once: the loser retries and finds the item stored.
      let result: ImportResult;
      for (let attempt = 1; ; attempt += 1) {
        try {
          result = await importOnce(items, relationships);
          break;
        } catch (error) {
          if ((error as { code?: string }).code !== UNIQUE_VIOLATION || attempt >= 3) throw error;
        }
      }
      writtenSinceVacuum += result.created + result.updated + result.relationshipsCreated;
      if (writtenSinceVacuum > BULK_IMPORT_ROWS && writtenSinceVacuum > VACUUM_GROWTH * rowsAtVacuum) {
        // VACUUM cannot run in the import's transaction, so it runs after the commit; the import
        // has succeeded by then, and failing to vacuum only leaves traversals slower, so it must not fail the import.
        try {
          await db.query('VACUUM (ANALYZE) cmdb.item, cmdb.relationship');
          rowsAtVacuum = await storedRows();
          writtenSinceVacuum = 0;
        } catch {
          // Left for the next import to try.
        }
      }
      return result;
    },

    async updateItem(id, input, expectedVersion) {
      try {
        return await db.transaction(async (tx) => {
          const current = await lockItem(tx, id);
          if (expectedVersion !== null && expectedVersion !== current.version) {
            throw new ConflictError(ITEM, id, expectedVersion, current.version);
          }
          const problems = [
            ...(input.externalId.trim() === '' ? ['input.externalId is empty'] : []),
            ...(input.name.trim() === '' ? ['input.name is empty'] : []),
            ...unstorableProblems([input], []).map((p) => p.replace('items[0]', 'input')),
          ];
          if (problems.length) throw BadUserInputError.of(problems, `configuration item ${JSON.stringify(id)} not updated`);
          if (sameAsStored(current, input)) return current;
          const [holder] = await tx.query<{ id: string }>('SELECT id FROM cmdb.item WHERE external_id = $1 AND id <> $2', [
            input.externalId,
            id,
          ]);
          if (holder) throw externalIdTaken(input.externalId, holder.id);
          const item = normalizeInput(input);
          const [row] = await tx.query<ItemRow>(
            /* SQL */ `
              UPDATE cmdb.item
              SET external_id = $2, name = $3, ci_class = $4, environment = $5, criticality = $6, lifecycle = $7,
                  owner = $8, attributes = $9::jsonb, updated_at = now(), version = version + 1
              WHERE id = $1
              RETURNING ${ITEM_COLUMNS}
            `,
            [id, item.externalId, item.name, item.ciClass, item.environment, item.criticality, item.lifecycle, item.owner, attributesText(item.attributes)],
          );
          return toItem(row);
        });
      } catch (error) {
        // Another transaction took the externalId between our check and our write.
        if ((error as { code?: string }).code === UNIQUE_VIOLATION) throw externalIdTaken(input.externalId, null);
        throw error;
      }
    },

    async retireItem(id) {
      if (!storable(id)) throw new NotFoundError(ITEM, id);
      const [retired] = await db.query<ItemRow>(
        `UPDATE cmdb.item SET lifecycle = 'RETIRED', updated_at = now(), version = version + 1
         WHERE id = $1 AND lifecycle <> 'RETIRED' RETURNING ${ITEM_COLUMNS}`,
        [id],
      );
      if (retired) return toItem(retired);
      // Nothing changed: either the item was already retired, or there is none.
      const [row] = await db.query<ItemRow>(`SELECT ${ITEM_COLUMNS} FROM cmdb.item WHERE id = $1`, [id]);
      if (!row) throw new NotFoundError(ITEM, id);
      return toItem(row);
    },

    addRelationship(sourceId, targetId, type) {
      return db.transaction(async (tx) => {
        await requireItems(tx, [sourceId, targetId]);
        if (sourceId === targetId) {
          throw new BadUserInputError(`a configuration item cannot relate to itself: sourceId and targetId are both ${JSON.stringify(sourceId)}`);
        }
        await tx.query('INSERT INTO cmdb.relationship (source_id, target_id, type) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
          sourceId,
          targetId,
          type,
        ]);
        return { type, sourceId, targetId };
      });
    },

    removeRelationship(sourceId, targetId, type) {
      return db.transaction(async (tx) => {
        await requireItems(tx, [sourceId, targetId]);
        const deleted = await tx.query(
          'DELETE FROM cmdb.relationship WHERE source_id = $1 AND target_id = $2 AND type = $3 RETURNING 1',
          [sourceId, targetId, type],
        );
        return deleted.length > 0;
      });
    },

    async ping() {
      await db.query('SELECT 1');
    },

    close: () => db.close(),
  };
}

function externalIdTaken(externalId: string, holderId: string | null): BadUserInputError {
  const by = holderId ? ` by configuration item ${JSON.stringify(holderId)}` : '';
  return new BadUserInputError(`input.externalId ${JSON.stringify(externalId)} is already taken${by}`, undefined, {
    argumentName: 'input.externalId',
  });
}
