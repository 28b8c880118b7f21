-- Prices per connection: per message or per SMS part, optionally for destinations starting with a prefix (the
-- longest matching prefix of the prices valid at hand-over wins), in a currency, valid between two times.
CREATE TABLE provider_price (
    id            uuid PRIMARY KEY,
    account_id    uuid           NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    connection_id uuid           NOT NULL REFERENCES provider_connection (id) ON DELETE CASCADE,
    prefix        text           NOT NULL DEFAULT '',
    unit          text           NOT NULL CHECK (unit IN ('MESSAGE', 'PART')),
    price         numeric(14, 6) NOT NULL CHECK (price >= 0),
    currency      text           NOT NULL,
    valid_from    timestamptz,
    valid_until   timestamptz,
    created_at    timestamptz    NOT NULL DEFAULT now()
);
CREATE INDEX provider_price_connection ON provider_price (account_id, connection_id);

-- What a message cost when a provider accepted it (parts × price, or the message price); null: no price known.
ALTER TABLE message ADD COLUMN cost numeric(14, 6), ADD COLUMN cost_currency text;
