-- When each WhatsApp user last wrote to a connection's number: WhatsApp allows free-form messages only within
-- 24 hours of it (the customer-service window); outside it only approved templates.
CREATE TABLE whatsapp_window (
    connection_id   uuid        NOT NULL REFERENCES provider_connection (id) ON DELETE CASCADE,
    user_address    text        NOT NULL,
    account_id      uuid        NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    last_inbound_at timestamptz NOT NULL,
    PRIMARY KEY (connection_id, user_address)
);
