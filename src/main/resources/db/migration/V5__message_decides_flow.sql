-- Whether the message's status is its flow's status (cascade messages; or the first one when all are required),
-- so that following a status change needs no look at the flow's plan.
ALTER TABLE message ADD COLUMN decides_flow boolean NOT NULL DEFAULT true;
