-- Accounts own every row below; every query filters by account_id.
CREATE TABLE account (
    id          uuid PRIMARY KEY,
    name        text        NOT NULL,
    time_zone   text        NOT NULL DEFAULT 'UTC',
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- Bearer tokens are stored only as SHA-256 hashes; the hint helps people recognise a token in lists.
CREATE TABLE api_token (
    id          uuid PRIMARY KEY,
    account_id  uuid        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    name        text        NOT NULL,
    token_hash  text        NOT NULL UNIQUE,
    token_hint  text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);
CREATE INDEX api_token_account ON api_token (account_id);

-- bulk (one request) -> message_group -> flow (one per destination) -> message (one per channel attempt)
CREATE TABLE bulk (
    id          uuid PRIMARY KEY,
    account_id  uuid        NOT NULL REFERENCES account (id),
    task_id     text,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE message_group (
    id                  uuid PRIMARY KEY,
    account_id          uuid        NOT NULL REFERENCES account (id),
    bulk_id             uuid        NOT NULL REFERENCES bulk (id),
    position            int         NOT NULL,
    channels            jsonb       NOT NULL,
    callback_url        text,
    callback_data       text,
    send_at             timestamptz,
    allowed_time_ranges jsonb,
    time_zone           text,
    use_short_links     boolean,
    template_id         uuid,
    created_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX message_group_bulk ON message_group (bulk_id);

-- A flow remembers its channel plan (ordered channels, which are required, the address for each),
-- so the cascade can pick the next channel without re-reading the request.
CREATE TABLE flow (
    id            uuid PRIMARY KEY,
    account_id    uuid        NOT NULL REFERENCES account (id),
    bulk_id       uuid        NOT NULL REFERENCES bulk (id),
    group_id      uuid        NOT NULL REFERENCES message_group (id),
    position      int         NOT NULL,
    destination   jsonb       NOT NULL,
    channel_plan  jsonb       NOT NULL,
    status        text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX flow_group ON flow (group_id);

CREATE TABLE message (
    id                  uuid PRIMARY KEY,
    account_id          uuid        NOT NULL REFERENCES account (id),
    bulk_id             uuid        NOT NULL REFERENCES bulk (id),
    group_id            uuid        NOT NULL REFERENCES message_group (id),
    flow_id             uuid        NOT NULL REFERENCES flow (id),
    plan_index          int         NOT NULL,
    channel             text        NOT NULL,
    required            boolean     NOT NULL,
    provider            text        NOT NULL,
    address             text,
    content             jsonb       NOT NULL,
    status              text        NOT NULL,
    error               jsonb,
    provider_message_id text,
    part_count          int,
    attempts            int         NOT NULL DEFAULT 0,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    valid_until         timestamptz NOT NULL,
    sent_at             timestamptz,
    delivered_at        timestamptz
);
CREATE INDEX message_account_created ON message (account_id, created_at);
CREATE INDEX message_bulk ON message (bulk_id);
CREATE INDEX message_group_idx ON message (group_id);
CREATE INDEX message_flow ON message (flow_id);
CREATE UNIQUE INDEX message_provider_id ON message (provider, provider_message_id) WHERE provider_message_id IS NOT NULL;

CREATE TABLE message_status_event (
    id          bigserial PRIMARY KEY,
    message_id  uuid        NOT NULL REFERENCES message (id),
    status      text        NOT NULL,
    error       jsonb,
    at          timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX message_status_event_message ON message_status_event (message_id, id);

-- Every hand-over to a provider, whatever its outcome.
CREATE TABLE delivery_attempt (
    id           bigserial PRIMARY KEY,
    message_id   uuid        NOT NULL REFERENCES message (id),
    attempt      int         NOT NULL,
    node         text        NOT NULL,
    started_at   timestamptz NOT NULL,
    finished_at  timestamptz NOT NULL,
    outcome      text        NOT NULL,
    detail       text
);
CREATE INDEX delivery_attempt_message ON delivery_attempt (message_id);

-- The work queue: claimed in batches with FOR UPDATE SKIP LOCKED under a lease (locked_by / locked_until),
-- so the work of a node that died is taken over once its lease runs out.
CREATE TABLE job (
    id            bigserial PRIMARY KEY,
    kind          text        NOT NULL,
    message_id    uuid        NOT NULL REFERENCES message (id),
    due_at        timestamptz NOT NULL,
    locked_by     text,
    locked_until  timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX job_due ON job (due_at);
CREATE INDEX job_message ON job (message_id);
CREATE INDEX job_locked_by ON job (locked_by) WHERE locked_by IS NOT NULL;
CREATE INDEX job_lease ON job (locked_until) WHERE locked_until IS NOT NULL;

-- A provider's status report that arrived before the message recorded its provider id
-- (e.g. a delivery receipt racing the submit response); applied as soon as the id is recorded.
CREATE TABLE early_report (
    provider            text        NOT NULL,
    provider_message_id text        NOT NULL,
    status              text        NOT NULL,
    error               jsonb,
    at                  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (provider, provider_message_id, status)
);

CREATE TABLE idempotency_record (
    account_id    uuid        NOT NULL REFERENCES account (id),
    scope         text        NOT NULL,
    key           text        NOT NULL,
    request_hash  text        NOT NULL,
    response      jsonb,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, scope, key)
);

-- What the built-in sandbox provider "sent".
CREATE TABLE sandbox_message (
    id                  uuid PRIMARY KEY,
    account_id          uuid        NOT NULL REFERENCES account (id),
    message_id          uuid        NOT NULL REFERENCES message (id),
    channel             text        NOT NULL,
    address             text        NOT NULL,
    content             jsonb       NOT NULL,
    outcome             text        NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sandbox_message_account ON sandbox_message (account_id, created_at);
