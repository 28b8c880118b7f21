-- Templates a messenger reviews (WhatsApp message templates, VK / OK notification templates): where a channel of a
-- version was submitted, under which id the messenger knows it, and the states a messenger can put an approved
-- template in later (WhatsApp pauses a template of low quality, or disables it).
ALTER TABLE template_moderation DROP CONSTRAINT template_moderation_state;
ALTER TABLE template_moderation ADD CONSTRAINT template_moderation_state
    CHECK (state IN ('DRAFT', 'PENDING', 'APPROVED', 'REJECTED', 'PAUSED', 'DISABLED'));
ALTER TABLE template_moderation ADD COLUMN connection_id uuid;
ALTER TABLE template_moderation ADD COLUMN external_id text;
ALTER TABLE template_moderation ADD COLUMN submitted_at timestamptz;

-- A review status webhook names the connection and the messenger's template id.
CREATE INDEX template_moderation_external ON template_moderation (connection_id, external_id)
    WHERE external_id IS NOT NULL;
-- The poller asks about submitted channels still waiting for a decision.
CREATE INDEX template_moderation_waiting ON template_moderation (connection_id)
    WHERE state = 'PENDING' AND external_id IS NOT NULL;
