-- Finished callbacks by the time they finished, for deleting them after herald.callbacks.retention.
CREATE INDEX callback_outbox_finished ON callback_outbox ((coalesce(delivered_at, given_up_at))) WHERE state <> 'PENDING';
