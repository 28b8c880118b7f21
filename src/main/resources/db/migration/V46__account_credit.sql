-- An account's credit: its balance is the credit minus the cost of its messages (in herald.balance.currency).
-- With a hard limit, bulk-lane messages wait while the balance is at or below it; transactional ones go on
-- until the balance is at or below the limit minus the overdraft.
ALTER TABLE account
    ADD COLUMN credit     numeric(14, 6) NOT NULL DEFAULT 0,
    ADD COLUMN hard_limit numeric(14, 6),
    ADD COLUMN overdraft  numeric(14, 6) NOT NULL DEFAULT 0 CHECK (overdraft >= 0);

-- The sum of an account's priced messages, read for the balance.
CREATE INDEX message_account_cost ON message (account_id, cost_currency) INCLUDE (cost) WHERE cost IS NOT NULL;
