-- What each account's messages have cost, per currency, kept as a running total: the engine adds a batch's costs in
-- the statement that records them (one upsert per batch), so the balance and the hard-limit check read one row
-- instead of summing every priced message, and a cost stays spent when old messages are deleted.
CREATE TABLE account_spend (
    account_id uuid           NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    currency   text           NOT NULL,
    spent      numeric(20, 6) NOT NULL DEFAULT 0,
    PRIMARY KEY (account_id, currency)
);

INSERT INTO account_spend (account_id, currency, spent)
SELECT account_id, cost_currency, sum(cost) FROM message
WHERE cost IS NOT NULL AND cost_currency IS NOT NULL
GROUP BY account_id, cost_currency;
