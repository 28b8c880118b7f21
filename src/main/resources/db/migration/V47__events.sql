-- eSputnik's events API (docs/events.md): event types made on first use, their parameters (names seen in events
-- and optional validation rules), the events themselves per contact, and each account's rule for finding the
-- contact an event's keyValue names.
CREATE TABLE event_type (
    account_id  uuid        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    id          bigint GENERATED ALWAYS AS IDENTITY,
    key         text        NOT NULL,
    description text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, id),
    UNIQUE (account_id, key)
);

-- One row per parameter name a type's events carried (seen) or a rule was set for; a rule is required and/or type.
CREATE TABLE event_type_param (
    account_id  uuid    NOT NULL,
    type_id     bigint  NOT NULL,
    name        text    NOT NULL,
    required    boolean NOT NULL DEFAULT false,
    value_type  text CHECK (value_type IN ('string', 'number', 'date', 'boolean', 'list')),
    description text,
    PRIMARY KEY (account_id, type_id, name),
    FOREIGN KEY (account_id, type_id) REFERENCES event_type (account_id, id) ON DELETE CASCADE
);

-- past: came through past_events (history: starts no automation). event_id: the caller's optional id, which makes
-- sending the event again a replay.
CREATE TABLE event (
    account_id  uuid        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    id          bigint GENERATED ALWAYS AS IDENTITY,
    type_id     bigint      NOT NULL,
    contact_id  bigint      NOT NULL,
    key_value   text        NOT NULL,
    params      jsonb       NOT NULL,
    occurred_at timestamptz NOT NULL,
    received_at timestamptz NOT NULL,
    past        boolean     NOT NULL,
    event_id    text,
    PRIMARY KEY (account_id, id),
    FOREIGN KEY (account_id, type_id) REFERENCES event_type (account_id, id) ON DELETE CASCADE,
    FOREIGN KEY (account_id, contact_id) REFERENCES contact (account_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX event_caller_id ON event (account_id, event_id) WHERE event_id IS NOT NULL;
-- a contact's events, newest first (keyset paging), and the contact's erasure
CREATE INDEX event_contact ON event (account_id, contact_id, occurred_at DESC, id DESC);
-- DELETE past_events by type and time
CREATE INDEX event_past_type ON event (account_id, type_id, occurred_at) WHERE past;

-- locators: the kinds of contact identifier a keyValue is tried as, in order; create_contacts: whether a keyValue
-- that finds no contact makes one (else the event is refused). No row: email, phone, externalCustomerId; create.
CREATE TABLE event_settings (
    account_id      uuid        PRIMARY KEY REFERENCES account (id) ON DELETE CASCADE,
    locators        text[]      NOT NULL,
    create_contacts boolean     NOT NULL,
    updated_at      timestamptz NOT NULL DEFAULT now()
);
