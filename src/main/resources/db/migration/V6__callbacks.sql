-- Status callbacks: one outbox row per status change of a message whose group has a callback_url, written in
-- the transaction of the change. Nodes claim due rows in batches with FOR UPDATE SKIP LOCKED under a lease
-- (locked_by / locked_until). Per message only the first unfinished row is due; the rows behind it wait with
-- next_attempt_at = 'infinity' until it is DELIVERED or GIVEN_UP, so one message's callbacks arrive in order.
-- Finished rows stay for GET /api/v1/callbacks.
CREATE TABLE callback_outbox (
    id               bigserial   PRIMARY KEY,
    account_id       uuid        NOT NULL REFERENCES account (id),
    message_id       uuid        NOT NULL REFERENCES message (id),
    url              text        NOT NULL,
    -- The JSON exactly as signed and sent; text, not jsonb, so every retry sends the same bytes.
    body             text        NOT NULL,
    old_status       text        NOT NULL,
    new_status       text        NOT NULL,
    state            text        NOT NULL DEFAULT 'PENDING',
    attempts         int         NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    give_up_at       timestamptz NOT NULL,
    last_attempt_at  timestamptz,
    last_error       text,
    locked_by        text,
    locked_until     timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    delivered_at     timestamptz,
    given_up_at      timestamptz,
    CONSTRAINT callback_outbox_state CHECK (state IN ('PENDING', 'DELIVERED', 'GIVEN_UP'))
);
CREATE INDEX callback_outbox_due ON callback_outbox (next_attempt_at) WHERE state = 'PENDING';
-- The per-message chain (next unfinished row) and the per-message listing.
CREATE INDEX callback_outbox_message ON callback_outbox (message_id, id);
CREATE INDEX callback_outbox_locked_by ON callback_outbox (locked_by) WHERE locked_by IS NOT NULL;
CREATE INDEX callback_outbox_lease ON callback_outbox (locked_until) WHERE locked_until IS NOT NULL;

-- The key each account's callbacks are signed with (HMAC-SHA256), sealed with herald.secret-key (AES-GCM).
CREATE TABLE callback_secret (
    account_id     uuid        PRIMARY KEY REFERENCES account (id) ON DELETE CASCADE,
    sealed_secret  text        NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now()
);
