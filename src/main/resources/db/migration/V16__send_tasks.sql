-- Send tasks: a spreadsheet of recipients, sent in the background as one bulk within the allowed hours.
-- The feeder (one per node) claims a running task under a lease (locked_by / locked_until) and hands its
-- rows to the normal message intake in chunks; seq names the task in the worker's in-flight bookkeeping.
CREATE TABLE send_task (
    id                  uuid PRIMARY KEY,
    seq                 bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    account_id          uuid        NOT NULL REFERENCES account (id),
    name                text        NOT NULL,
    -- the notification type: {"channels": {...}, "templateId", "callbackUrl", "callbackData", "useShortLinks"}
    definition          jsonb       NOT NULL,
    allowed_time_ranges jsonb,
    time_zone           text,
    rate_per_minute     int,
    all_or_nothing      boolean     NOT NULL DEFAULT false,
    status              text        NOT NULL,
    -- every message of the task is filed under this bulk (bulk.task_id = the task's id)
    bulk_id             uuid        NOT NULL,
    file_name           text,
    file_columns        jsonb,
    ignored_columns     jsonb,
    rows_total          int         NOT NULL DEFAULT 0,
    rows_invalid        int         NOT NULL DEFAULT 0,
    rows_handed         int         NOT NULL DEFAULT 0,
    -- why the file was refused, or why the task failed
    problem             text,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    started_at          timestamptz,
    finished_at         timestamptz,
    due_at              timestamptz,
    locked_by           text,
    locked_until        timestamptz
);
CREATE INDEX send_task_account ON send_task (account_id, created_at);
CREATE INDEX send_task_running ON send_task (due_at) WHERE status = 'RUNNING';

-- One row of the uploaded file: WAITING (valid, not yet sent), INVALID (errors: [{column, value, message}]),
-- QUEUED (handed to the intake; its first message still waits in the engine), HANDED_OVER (it has left).
CREATE TABLE send_task_row (
    task_id      uuid        NOT NULL REFERENCES send_task (id) ON DELETE CASCADE,
    row_number   int         NOT NULL,
    account_id   uuid        NOT NULL,
    state        text        NOT NULL,
    destination  jsonb       NOT NULL,
    errors       jsonb,
    flow_id      uuid,
    message_id   uuid,
    PRIMARY KEY (task_id, row_number)
);
CREATE INDEX send_task_row_waiting ON send_task_row (task_id, row_number) WHERE state = 'WAITING';
CREATE INDEX send_task_row_queued ON send_task_row (task_id) WHERE state = 'QUEUED';
CREATE INDEX send_task_row_invalid ON send_task_row (task_id, row_number) WHERE state = 'INVALID';

-- A task's progress counts its flows by bulk; the console's message log finds messages by recipient.
CREATE INDEX flow_bulk ON flow (bulk_id);
CREATE INDEX message_account_address ON message (account_id, address);
