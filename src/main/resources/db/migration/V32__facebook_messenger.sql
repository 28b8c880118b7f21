-- Facebook Messenger (provider type facebook-messenger).
-- When each user last wrote to a connection's Page: inside the 24-hour standard messaging window the Page
-- answers with messaging_type RESPONSE; outside it, only with a message tag.
CREATE TABLE facebook_thread (
    connection_id   uuid        NOT NULL REFERENCES provider_connection (id) ON DELETE CASCADE,
    psid            text        NOT NULL,
    account_id      uuid        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    last_inbound_at timestamptz NOT NULL,
    PRIMARY KEY (connection_id, psid)
);

-- Messages the Page sent and the user has not read yet: Messenger reports reads (and some deliveries) only as
-- a watermark, "everything sent to this user before this time", so the message ids are kept until read.
CREATE TABLE facebook_sent (
    connection_id uuid        NOT NULL REFERENCES provider_connection (id) ON DELETE CASCADE,
    psid          text        NOT NULL,
    mid           text        NOT NULL,
    account_id    uuid        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    sent_at       timestamptz NOT NULL,
    delivered     boolean     NOT NULL DEFAULT false,
    PRIMARY KEY (connection_id, psid, mid)
);
CREATE INDEX facebook_sent_by_time ON facebook_sent (connection_id, psid, sent_at);
