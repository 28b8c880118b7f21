-- What each account's messages have cost, per currency, kept as a running total: the engine adds a batch's costs in
-- the statement that records them (one upsert per batch), so the balance and the hard-limit check read a few rows
-- instead of summing every priced message, and a cost stays spent when old messages are deleted. Each batch adds
-- to one of 16 shards of the total, drawn at random, so that nodes sending for one account at once seldom wait for
-- each other's row lock; the total is the sum of the shards.
CREATE TABLE account_spend (
    account_id uuid           NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    currency   text           NOT NULL,
    shard      smallint       NOT NULL CHECK (shard BETWEEN 0 AND 15),
    spent      numeric(20, 6) NOT NULL DEFAULT 0,
    PRIMARY KEY (account_id, currency, shard)
);

INSERT INTO account_spend (account_id, currency, shard, spent)
SELECT account_id, cost_currency, 0, sum(cost) FROM message
WHERE cost IS NOT NULL AND cost_currency IS NOT NULL
GROUP BY account_id, cost_currency;
