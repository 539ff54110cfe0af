/** Versioned schema of the knowledge store, applied at start by `migrate` (platform/sql.ts). Never edit a released migration; add one. */
import type { Migration } from '../../../platform/sql';

/** Its own schema, so the knowledge, tickets and CMDB stores share one PostgreSQL database without clashing. */
export const KNOWLEDGE_SCHEMA = 'knowledge';

export const knowledgeMigrations: Migration[] = [
  {
    version: 1,
    description: 'articles, their links to items and problems, numbering and the search document',
    sql: /* SQL */ `
      CREATE SEQUENCE knowledge.article_number;

      CREATE TABLE knowledge.article (
        id           text PRIMARY KEY,
        number       text NOT NULL UNIQUE,
        title        text NOT NULL,
        body         text NOT NULL,
        status       text NOT NULL,
        author       text,
        created_at   timestamptz NOT NULL,
        updated_at   timestamptz NOT NULL,
        published_at timestamptz,
        version      integer NOT NULL DEFAULT 1,
        -- Kept by PostgreSQL on every write, so search never computes it and the GIN index serves @@.
        document     tsvector GENERATED ALWAYS AS (
                       setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', body), 'B')
                     ) STORED
      );
      CREATE INDEX article_document_idx ON knowledge.article USING gin (document);

      CREATE TABLE knowledge.article_item (
        article_id text NOT NULL REFERENCES knowledge.article (id) ON DELETE CASCADE,
        item_id    text NOT NULL,
        PRIMARY KEY (article_id, item_id)
      );
      CREATE INDEX article_item_item_idx ON knowledge.article_item (item_id, article_id);

      CREATE TABLE knowledge.article_problem (
        article_id text NOT NULL REFERENCES knowledge.article (id) ON DELETE CASCADE,
        problem_id text NOT NULL,
        PRIMARY KEY (article_id, problem_id)
      );
      CREATE INDEX article_problem_problem_idx ON knowledge.article_problem (problem_id, article_id);
    `,
  },
];
