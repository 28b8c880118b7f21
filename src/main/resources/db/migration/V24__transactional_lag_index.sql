-- The intake's backpressure asks several times a second how long the oldest due transactional job has waited
-- (TransactionalLag); with a bulk backlog queued, the job_due index would walk every bulk job first.
CREATE INDEX job_transactional_due ON job (due_at) WHERE lane = 0 AND kind = 'SEND';
