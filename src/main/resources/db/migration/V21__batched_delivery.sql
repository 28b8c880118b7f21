-- A sent message whose provider reports delivery waits for its report until expires_at (its valid_until); the
-- expiry sweep finds the overdue ones through the partial index instead of an EXPIRE job per message.
ALTER TABLE message ADD COLUMN expires_at timestamptz;
UPDATE message m SET expires_at = j.due_at
FROM job j
WHERE j.message_id = m.id AND j.kind = 'EXPIRE' AND m.status = 'SENT';
DELETE FROM job WHERE kind = 'EXPIRE';
CREATE INDEX message_awaiting_report ON message (expires_at) WHERE status = 'SENT' AND expires_at IS NOT NULL;

-- An attempt is recorded when the hand-over starts (outcome STARTED, finished_at null), before the provider is
-- called, so that a crash in the middle of it still leaves the attempt behind.
ALTER TABLE delivery_attempt ALTER COLUMN finished_at DROP NOT NULL;
