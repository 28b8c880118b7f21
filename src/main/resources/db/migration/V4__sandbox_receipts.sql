-- The sandbox redelivers receipts that were not applied (e.g. the node died before its report timer fired),
-- as a real provider resends receipts until they are acknowledged.
ALTER TABLE sandbox_message ADD COLUMN provider_message_id text;
ALTER TABLE sandbox_message ADD COLUMN reported_at timestamptz;
CREATE INDEX sandbox_message_unreported ON sandbox_message (created_at)
    WHERE reported_at IS NULL AND outcome IN ('DELIVERED', 'UNDELIVERED');
CREATE INDEX sandbox_message_provider_id ON sandbox_message (provider_message_id);
