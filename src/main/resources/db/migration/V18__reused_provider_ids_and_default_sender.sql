-- SMSCs reuse message ids (their counters reset on a restart, or wrap), so a provider message id names the
-- latest send that got it, not one message for ever. The unique index refused to record such a send, which was
-- then handed over again after every lease: the phone got the SMS several times. Receipts look up the latest
-- send with the id (see Messages.findByProviderId), which this index serves.
CREATE INDEX message_provider_id_sent ON message (provider, provider_message_id, sent_at DESC)
    WHERE provider_message_id IS NOT NULL;
DROP INDEX message_provider_id;

-- A receipt for a part whose id an earlier message used (decided, or submitted a while ago): a repeat or late
-- receipt of that message, or the receipt of a new send with the reused id that overtook the recording of its
-- submit. It is kept here; the new submit takes it when it is recorded soon after (SmppParts.recordSubmitted).
ALTER TABLE smpp_part
    ADD COLUMN later_outcome    text,
    ADD COLUMN later_error_code text,
    ADD COLUMN later_error_text text,
    ADD COLUMN later_at         timestamptz;
-- Receipts held for a part still waiting for its receipt, applied when no new submit took them (decideHeld).
CREATE INDEX smpp_part_held ON smpp_part (later_at) WHERE later_at IS NOT NULL AND outcome IS NULL;
-- A message with a reused id is reported only from this time on, once the engine has recorded it as sent.
ALTER TABLE smpp_part ADD COLUMN report_after timestamptz;
CREATE INDEX smpp_part_report_after ON smpp_part (report_after) WHERE report_after IS NOT NULL;

-- The account's own default sender, used when neither the message group nor the provider connection names one
-- (TWIN's reference default is TwinService); NULL falls back to herald.default-sender.
ALTER TABLE account ADD COLUMN default_sender text;
