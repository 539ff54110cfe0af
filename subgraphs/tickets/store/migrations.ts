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
  {
    version: 5,
    description: 'service level clocks (calendar, holds, response) and the service catalog',
    sql: /* SQL */ `
      CREATE TABLE tickets.service_offering (
        id                  text PRIMARY KEY,
        name                text NOT NULL UNIQUE,
        description         text,
        category            text NOT NULL,
        business_service_id text,
        fulfilment_hours    integer NOT NULL,
        active              boolean NOT NULL,
        version             integer NOT NULL,
        created_at          timestamptz NOT NULL,
        updated_at          timestamptz NOT NULL
      );
      CREATE INDEX service_offering_category_idx ON tickets.service_offering (category, name);

      -- Each ticket keeps the terms it was created under (calendar, targets) and its resolution clock's state:
      -- the clock read sla_anchor_ms at sla_anchor_at and runs unless sla_paused. sla_breach_at is derived on
      -- every write so that the metrics statement compares two columns instead of replaying a clock.
      ALTER TABLE tickets.ticket
        ADD COLUMN responded_at    timestamptz,
        ADD COLUMN response_due_at timestamptz,
        ADD COLUMN sla_calendar    text,
        ADD COLUMN sla_target_ms   bigint,
        ADD COLUMN sla_anchor_at   timestamptz,
        ADD COLUMN sla_anchor_ms   bigint NOT NULL DEFAULT 0,
        ADD COLUMN sla_paused      boolean NOT NULL DEFAULT false,
        ADD COLUMN sla_reached_at  timestamptz,
        ADD COLUMN sla_breach_at   timestamptz,
        ADD COLUMN offering_id     text REFERENCES tickets.service_offering (id),
        ADD COLUMN requested_for   text;

      -- Tickets written before: around the clock, the target their slaDueAt implied, the default response targets.
      UPDATE tickets.ticket t
         SET sla_target_ms = CASE WHEN t.sla_due_at IS NOT NULL THEN round(extract(epoch FROM t.sla_due_at - t.created_at) * 1000)::bigint END,
             sla_breach_at = t.sla_due_at,
             sla_anchor_at = t.created_at,
             response_due_at = t.created_at + make_interval(mins => CASE t.priority
               WHEN 'P1' THEN 15 WHEN 'P2' THEN 30 WHEN 'P3' THEN 240 WHEN 'P4' THEN 480 ELSE 1440 END),
             responded_at = CASE
               WHEN t.external_id IS NOT NULL AND t.status <> 'NEW' THEN t.created_at
               ELSE (SELECT min(h.at) FROM tickets.ticket_history h
                      WHERE h.ticket_id = t.id
                        AND ((h.field = 'status' AND h.from_value IS NOT NULL) OR (h.field = 'assignee' AND h.to_value IS NOT NULL)))
             END;
      -- Those on hold now: the clock stopped when their latest hold began.
      UPDATE tickets.ticket t
         SET sla_paused = true,
             sla_anchor_at = h.at,
             sla_anchor_ms = round(extract(epoch FROM h.at - t.created_at) * 1000)::bigint,
             sla_reached_at = CASE WHEN t.sla_due_at <= h.at THEN t.sla_due_at END,
             sla_breach_at = CASE WHEN t.sla_due_at < h.at THEN t.sla_due_at END,
             sla_due_at = NULL
        FROM (SELECT ticket_id, max(at) AS at FROM tickets.ticket_history
               WHERE field = 'status' AND to_value = 'ON_HOLD' GROUP BY ticket_id) h
       WHERE h.ticket_id = t.id AND t.status = 'ON_HOLD' AND t.sla_due_at IS NOT NULL;
      -- Left nullable: a row loaded straight into the table (benchmarks, fixtures) reads with the original rule.
    `,
  },
];
