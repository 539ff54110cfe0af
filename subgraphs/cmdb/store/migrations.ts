/** Versioned schema of the SQL CMDB store, applied at start by `migrate` (platform/sql.ts). Never edit a released migration; add one. */
import type { Migration } from '../../../platform/sql';

export const CMDB_SCHEMA = 'cmdb';

export const cmdbMigrations: Migration[] = [
  {
    version: 1,
    description: 'configuration items and their relationships',
    sql: /* SQL */ `
      -- Text keys are COLLATE "C" so that ORDER BY and keyset comparisons follow
      -- code point order, the contract's order, and indexes serve them directly.
      CREATE TABLE cmdb.item (
        id          text COLLATE "C" PRIMARY KEY,
        external_id text COLLATE "C" UNIQUE,
        name        text COLLATE "C" NOT NULL,
        ci_class    text NOT NULL CHECK (ci_class IN ('BUSINESS_SERVICE', 'APPLICATION', 'DATABASE', 'SERVER',
                      'VIRTUAL_MACHINE', 'CONTAINER', 'NETWORK_DEVICE', 'LOAD_BALANCER', 'STORAGE', 'CLOUD_SERVICE', 'OTHER')),
        environment text CHECK (environment IN ('PRODUCTION', 'STAGING', 'TEST', 'DEVELOPMENT')),
        criticality text CHECK (criticality IN ('CRITICAL', 'HIGH', 'MEDIUM', 'LOW')),
        lifecycle   text NOT NULL CHECK (lifecycle IN ('PLANNED', 'ACTIVE', 'MAINTENANCE', 'RETIRED')),
        owner       text,
        attributes  jsonb,
        created_at  timestamptz NOT NULL,
        updated_at  timestamptz NOT NULL,
        version     integer NOT NULL DEFAULT 1
      );
      -- configurationItems pages by (name, id); traversals order their result the same way.
      CREATE INDEX item_name_id_idx ON cmdb.item (name, id);
      CREATE INDEX item_owner_idx ON cmdb.item (owner);
      -- Traversals ask of every item they pass whether it is retired: a probe into this index of retired items only, no heap fetch.
      CREATE INDEX item_retired_idx ON cmdb.item (id) WHERE lifecycle = 'RETIRED';

      -- source relies on target. The primary key serves dependencies (source to
      -- target), the second index serves impact (target to source); both carry
      -- every column so a hop is an index-only lookup.
      CREATE TABLE cmdb.relationship (
        source_id text COLLATE "C" NOT NULL REFERENCES cmdb.item (id),
        target_id text COLLATE "C" NOT NULL REFERENCES cmdb.item (id),
        type      text NOT NULL CHECK (type IN ('DEPENDS_ON', 'RUNS_ON', 'HOSTED_ON', 'CONNECTS_TO', 'STORED_ON')),
        PRIMARY KEY (source_id, target_id, type),
        CHECK (source_id <> target_id)
      );
      CREATE INDEX relationship_target_idx ON cmdb.relationship (target_id, source_id, type);
    `,
  },
  {
    version: 2,
    description: 'redundancy of configuration items (minimumAvailable)',
    sql: /* SQL */ `
      ALTER TABLE cmdb.item ADD COLUMN minimum_available integer CHECK (minimum_available BETWEEN 1 AND 1000);
    `,
  },
  {
    version: 3,
    description: 'a change counter every committed write moves (CmdbStore.changeCount)',
    sql: /* SQL */ `
      -- One row: the tickets subgraph polls it to know when its cached dependency closures are stale.
      -- Moved inside each write transaction, so it moves exactly when a write commits.
      CREATE TABLE cmdb.change_counter (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        value     bigint NOT NULL
      );
      INSERT INTO cmdb.change_counter (singleton, value) VALUES (true, 0);
    `,
  },
];
