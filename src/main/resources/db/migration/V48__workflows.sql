-- Automation workflows (docs/workflows.md): a definition per version, runs worked as a leased queue, and each
-- run's history of steps.

CREATE TABLE workflow (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id    uuid        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    name          text        NOT NULL,
    status        text        NOT NULL CHECK (status IN ('ACTIVE', 'PAUSED', 'ARCHIVED')),
    version       int         NOT NULL,
    -- The current version's trigger, for finding the workflows an event or a group change starts.
    trigger_type  text        NOT NULL CHECK (trigger_type IN ('event', 'group', 'date', 'schedule')),
    trigger_key   text,
    -- Date and schedule triggers: when the trigger worker next looks (a leased queue of its own).
    next_fire_at  timestamptz,
    locked_by     text,
    locked_until  timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (account_id, id)
);
CREATE INDEX workflow_trigger ON workflow (account_id, trigger_type, trigger_key) WHERE status = 'ACTIVE';
CREATE INDEX workflow_fire ON workflow (next_fire_at) WHERE status = 'ACTIVE' AND next_fire_at IS NOT NULL;

-- Versions never change: a run keeps the version it started on.
CREATE TABLE workflow_version (
    account_id   uuid        NOT NULL,
    workflow_id  bigint      NOT NULL,
    version      int         NOT NULL,
    definition   jsonb       NOT NULL,
    stop_events  text[]      NOT NULL DEFAULT '{}',
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workflow_id, version),
    FOREIGN KEY (account_id, workflow_id) REFERENCES workflow (account_id, id) ON DELETE CASCADE
);

CREATE TABLE workflow_run (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id    uuid        NOT NULL,
    workflow_id   bigint      NOT NULL,
    version       int         NOT NULL,
    contact_id    bigint      NOT NULL,
    status        text        NOT NULL CHECK (status IN ('ACTIVE', 'COMPLETED', 'STOPPED', 'FAILED', 'CANCELLED')),
    end_reason    text,
    step          text        NOT NULL,
    -- Steps entered so far: the next history row's number, and part of every send's idempotency key.
    seq           int         NOT NULL DEFAULT 0,
    due_at        timestamptz NOT NULL,
    -- What the current step waits for: an event type ('event' waits, 'digest' collects), else null.
    wait_kind     text,
    wait_type     text,
    event         jsonb       NOT NULL DEFAULT '{}',
    state         jsonb       NOT NULL DEFAULT '{}',
    entry_key     text,
    locked_by     text,
    locked_until  timestamptz,
    started_at    timestamptz NOT NULL,
    ended_at      timestamptz,
    FOREIGN KEY (account_id, workflow_id) REFERENCES workflow (account_id, id) ON DELETE CASCADE,
    UNIQUE (account_id, id)
);
CREATE INDEX workflow_run_due ON workflow_run (due_at) WHERE status = 'ACTIVE';
CREATE INDEX workflow_run_waiting ON workflow_run (account_id, contact_id) WHERE status = 'ACTIVE';
CREATE INDEX workflow_run_entries ON workflow_run (account_id, workflow_id, contact_id, started_at);
CREATE INDEX workflow_run_contact ON workflow_run (account_id, contact_id, id);
-- A trigger fires once per contact and key (a date trigger's day, a schedule's slot, a once-only workflow).
CREATE UNIQUE INDEX workflow_run_entry ON workflow_run (workflow_id, contact_id, entry_key) WHERE entry_key IS NOT NULL;

-- One row per step a run entered; outcome and finished_at when it left it.
CREATE TABLE workflow_run_step (
    account_id   uuid        NOT NULL,
    run_id       bigint      NOT NULL,
    seq          int         NOT NULL,
    workflow_id  bigint      NOT NULL,
    step         text        NOT NULL,
    type         text        NOT NULL,
    entered_at   timestamptz NOT NULL,
    -- When a timer brought the run here: the time it was due (lateness = entered_at - due_at).
    due_at       timestamptz,
    finished_at  timestamptz,
    outcome      text,
    detail       jsonb,
    message_id   uuid,
    flow_id      uuid,
    PRIMARY KEY (run_id, seq),
    FOREIGN KEY (account_id, run_id) REFERENCES workflow_run (account_id, id) ON DELETE CASCADE
);
CREATE INDEX workflow_run_step_stats ON workflow_run_step (account_id, workflow_id, step);
