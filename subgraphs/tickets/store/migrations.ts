/** Versioned schema of the tickets store, applied at start by `migrate` (platform/sql.ts). Never edit a released migration; add one. */
import type { Migration } from '../../../platform/sql';

export const TICKETS_SCHEMA = 'tickets';

export const ticketMigrations: Migration[] = [
  {
    version: 1,
    description: 'tickets, affected items, history, numbering and the event outbox',
    sql: /* SQL */ `
      CREATE SEQUENCE tickets.number_incident;
      CREATE SEQUENCE tickets.number_problem;
      CREATE SEQUENCE tickets.number_change;
      CREATE SEQUENCE tickets.number_request;

      CREATE TABLE tickets.ticket (
        id               text PRIMARY KEY,
        number           text NOT NULL UNIQUE,
        type             text NOT NULL,
        title            text NOT NULL,
        description      text,
        status           text NOT NULL,
        impact           text NOT NULL,
        urgency          text NOT NULL,
        priority         text NOT NULL,
        assignment_group text,
        assignee         text,
        reporter         text,
        change_type      text,
        planned_start    timestamptz,
        planned_end      timestamptz,
        external_id      text UNIQUE,
        created_at       timestamptz NOT NULL,
        updated_at       timestamptz NOT NULL,
        resolved_at      timestamptz,
        closed_at        timestamptz,
        sla_due_at       timestamptz,
        version          integer NOT NULL DEFAULT 1
      );
      -- BI extraction pages by (updated_at, id); item views look up open work by type and status.
      CREATE INDEX ticket_updated_idx ON tickets.ticket (updated_at, id);
      CREATE INDEX ticket_created_idx ON tickets.ticket (created_at);
      CREATE INDEX ticket_resolved_idx ON tickets.ticket (resolved_at) WHERE resolved_at IS NOT NULL;
      CREATE INDEX ticket_type_status_idx ON tickets.ticket (type, status);

      CREATE TABLE tickets.ticket_item (
        ticket_id text NOT NULL REFERENCES tickets.ticket (id) ON DELETE CASCADE,
        item_id   text NOT NULL,
        PRIMARY KEY (ticket_id, item_id)
      );
      CREATE INDEX ticket_item_item_idx ON tickets.ticket_item (item_id, ticket_id);

      CREATE TABLE tickets.ticket_history (
        id         bigserial PRIMARY KEY,
        ticket_id  text NOT NULL REFERENCES tickets.ticket (id) ON DELETE CASCADE,
        at         timestamptz NOT NULL,
        actor      text,
        field      text NOT NULL,
        from_value text,
        to_value   text,
        note       text
      );
      CREATE INDEX ticket_history_ticket_idx ON tickets.ticket_history (ticket_id, id);

      -- The outbox: one row per committed mutation, written in the mutation's own transaction.
      CREATE TABLE tickets.ticket_event (
        sequence          bigserial PRIMARY KEY,
        ticket_id         text NOT NULL,
        kind              text NOT NULL,
        at                timestamptz NOT NULL,
        changed_fields    text[] NOT NULL,
        ticket_type       text NOT NULL,
        priority          text NOT NULL,
        assignment_group  text,
        affected_item_ids text[] NOT NULL
      );
      CREATE INDEX ticket_event_at_idx ON tickets.ticket_event (at);
    `,
  },
  {
    version: 3,
    description: 'indexes for metrics over a recent window: tickets that left after it started, and open tickets',
    sql: /* SQL */ `
      -- Metrics read only tickets created in the window, gone after its start, or still open; with these
      -- beside ticket_created_idx the three terms combine in one bitmap scan instead of reading every ticket.
      CREATE INDEX ticket_left_idx ON tickets.ticket ((coalesce(resolved_at, closed_at)));
      CREATE INDEX ticket_open_idx ON tickets.ticket (created_at) WHERE resolved_at IS NULL AND closed_at IS NULL;
    `,
  },
  {
    version: 4,
    description: 'problem management (incident to problem links, known errors) and change windows',
    sql: /* SQL */ `
      ALTER TABLE tickets.ticket ADD COLUMN problem_id text REFERENCES tickets.ticket (id);
      ALTER TABLE tickets.ticket ADD COLUMN known_error boolean NOT NULL DEFAULT false;
      ALTER TABLE tickets.ticket ADD COLUMN root_cause text;
      ALTER TABLE tickets.ticket ADD COLUMN workaround text;
      -- A problem lists its incidents; the calendar and conflict checks read changes by window.
      CREATE INDEX ticket_problem_idx ON tickets.ticket (problem_id) WHERE problem_id IS NOT NULL;
      CREATE INDEX ticket_change_window_idx ON tickets.ticket (planned_start, planned_end)
        WHERE type = 'CHANGE' AND planned_start IS NOT NULL AND planned_end IS NOT NULL;
    `,
  },
];
