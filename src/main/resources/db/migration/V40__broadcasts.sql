-- Broadcasts: a template or message sent to a group, now or at a time. When it starts, its recipients are the
-- group's members at that moment, copied in one INSERT ... SELECT (the group's conditions compiled to SQL), and
-- handed to the message intake a chunk at a time under a lease, as send tasks are.
CREATE TABLE broadcast (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id       uuid        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    name             text        NOT NULL,
    group_id         bigint      NOT NULL,
    -- {"templateId": "uuid"} or {"channels": {...}}, plus callbackUrl, category, ...
    definition       jsonb       NOT NULL,
    -- SCHEDULED (waits for start_at) -> RUNNING (recipients copied, chunks handed over) -> DONE | CANCELLED | FAILED
    status           text        NOT NULL,
    start_at         timestamptz NOT NULL,
    bulk_id          uuid        NOT NULL,
    recipients_total int         NOT NULL DEFAULT 0,
    recipients_handed int        NOT NULL DEFAULT 0,
    -- the feeder's resume point: recipients with a larger contact id are still to go
    next_contact     bigint      NOT NULL DEFAULT 0,
    problem          text,
    due_at           timestamptz NOT NULL,
    locked_by        text,
    locked_until     timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    started_at       timestamptz,
    finished_at      timestamptz,
    UNIQUE (account_id, id),
    FOREIGN KEY (account_id, group_id) REFERENCES contact_group (account_id, id) ON DELETE RESTRICT
);
CREATE INDEX broadcast_due ON broadcast (due_at) WHERE status IN ('SCHEDULED', 'RUNNING');
CREATE INDEX broadcast_account ON broadcast (account_id, id DESC);

-- A broadcast's recipients, fed in contact order.
CREATE TABLE broadcast_recipient (
    account_id   uuid   NOT NULL,
    broadcast_id bigint NOT NULL,
    contact_id   bigint NOT NULL,
    PRIMARY KEY (broadcast_id, contact_id),
    FOREIGN KEY (account_id, broadcast_id) REFERENCES broadcast (account_id, id) ON DELETE CASCADE
);

-- Activity conditions of dynamic groups ("clicked in the last 30 days") find a contact's flows by the contact
-- the intake resolved (flow.destination.contact.contactId).
CREATE INDEX flow_contact ON flow (account_id, ((destination -> 'contact' ->> 'contactId')::bigint))
    WHERE ((destination -> 'contact' ->> 'contactId')::bigint) IS NOT NULL;
