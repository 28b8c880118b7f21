-- Workflow weak spots (docs/workflows.md): exact once-per-period re-entry, set-based waits for a send's message,
-- date triggers that look only at the contacts that can be due.

-- The last start of a contact's run of a workflow whose re-entry is oncePerPeriod. A start takes the row
-- (INSERT ... ON CONFLICT DO UPDATE ... WHERE started_at <= the period's start): a start running at the same time
-- waits for it and then sees it, so two events at once cannot start two runs.
CREATE TABLE workflow_entry (
    account_id   uuid        NOT NULL,
    workflow_id  bigint      NOT NULL,
    contact_id   bigint      NOT NULL,
    started_at   timestamptz NOT NULL,
    PRIMARY KEY (workflow_id, contact_id),
    FOREIGN KEY (account_id, workflow_id) REFERENCES workflow (account_id, id) ON DELETE CASCADE
);

-- Runs whose condition waits for a send's message to leave: one sweep for all of them (RunInterpreter).
CREATE INDEX workflow_run_send_wait ON workflow_run (id) WHERE status = 'ACTIVE' AND wait_kind = 'send';

-- Date triggers fire when a zone's local time reaches "at" and look only at the contacts that became due since
-- the last fire (fired_at), found by the month and day of their date field.
ALTER TABLE workflow ADD COLUMN fired_at timestamptz;
CREATE INDEX contact_field_value_month_day ON contact_field_value (account_id, field_id, substr(value, 6, 5))
    WHERE value ~ '^\d{4}-\d{2}-\d{2}';
