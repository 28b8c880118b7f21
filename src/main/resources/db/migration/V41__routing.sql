-- Routes: an account's ordered or weighted list of provider connections for a channel, optionally only for
-- destinations starting with a prefix (the longest matching prefix wins; '' is the channel's catch-all).
CREATE TABLE provider_route (
    id                     uuid PRIMARY KEY,
    account_id             uuid        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    channel                text        NOT NULL,
    prefix                 text        NOT NULL DEFAULT '',
    mode                   text        NOT NULL CHECK (mode IN ('ORDERED', 'WEIGHTED')),
    -- Send again through the next connection when no delivery report came within this many seconds (null: never).
    report_timeout_seconds int,
    -- Below this delivery rate (0..1) a connection's weight is shifted to the others (null: never).
    min_delivery_rate      double precision,
    version                bigint      NOT NULL DEFAULT 1,
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now(),
    UNIQUE (account_id, channel, prefix)
);

CREATE TABLE provider_route_entry (
    route_id      uuid NOT NULL REFERENCES provider_route (id) ON DELETE CASCADE,
    account_id    uuid NOT NULL,
    position      int  NOT NULL,
    connection_id uuid NOT NULL REFERENCES provider_connection (id) ON DELETE CASCADE,
    weight        int  NOT NULL CHECK (weight > 0),
    PRIMARY KEY (route_id, position)
);
CREATE INDEX provider_route_entry_connection ON provider_route_entry (connection_id);

-- Delivery reports per connection, destination prefix (first digits of a phone number, '' for other addresses)
-- and minute: the sliding window of the live delivery rate, added to in one statement per status batch.
CREATE TABLE delivery_rate (
    account_id    uuid        NOT NULL,
    connection_id uuid        NOT NULL,
    prefix        text        NOT NULL,
    minute        timestamptz NOT NULL,
    delivered     int         NOT NULL DEFAULT 0,
    reported      int         NOT NULL DEFAULT 0,
    PRIMARY KEY (connection_id, prefix, minute)
);
CREATE INDEX delivery_rate_minute ON delivery_rate (minute);

-- Which provider (connection key or operator provider) each hand-over went to, so a failover shows in the history.
ALTER TABLE delivery_attempt ADD COLUMN provider text;

-- Sent messages of routes that fail over when no delivery report comes in time: when the report is due, and the
-- connections already tried (the sweep sends again through the next one).
CREATE TABLE report_watch (
    message_id   uuid        PRIMARY KEY REFERENCES message (id) ON DELETE CASCADE,
    account_id   uuid        NOT NULL,
    route_id     uuid        NOT NULL,
    due_at       timestamptz NOT NULL,
    tried        text[]      NOT NULL,
    locked_until timestamptz
);
CREATE INDEX report_watch_due ON report_watch (due_at);
