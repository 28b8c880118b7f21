-- Priority lanes (0 transactional, 1 bulk) and fairness between accounts: claims take lane 0 first and, within a
-- lane, turn by turn from each account that has due work (see JobQueue.claim). A message keeps its lane, so its
-- retries and its cascade's next channels stay in it.
ALTER TABLE message ADD COLUMN lane smallint NOT NULL DEFAULT 0;
ALTER TABLE job ADD COLUMN lane smallint NOT NULL DEFAULT 0;
ALTER TABLE job ADD COLUMN account_id uuid;
UPDATE job j SET account_id = m.account_id, lane = m.lane FROM message m WHERE m.id = j.message_id;
ALTER TABLE job ALTER COLUMN account_id SET NOT NULL;
CREATE INDEX job_claim ON job (lane, account_id, due_at);
