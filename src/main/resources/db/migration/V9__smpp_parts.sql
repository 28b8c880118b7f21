-- Every part of every SMS sent over an SMPP connection, so a delivery receipt for any part finds its message,
-- whichever node's session it arrives on. A receipt that overtakes the recording of its submit creates the row
-- with only the outcome; the submit fills in the rest.
CREATE TABLE smpp_part (
    provider    text        NOT NULL,            -- the connection's key, conn:<uuid>
    part_id     text        NOT NULL,            -- the SMSC's message_id of this part
    message_id  text,                            -- the SMSC's message_id of the first part: the message's provider id
    part_number int,                             -- 1-based
    part_count  int,
    outcome     text,                            -- DELIVERED, UNDELIVERED, EXPIRED, FAILED once a final receipt came
    error_code  text,
    error_text  text,
    at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (provider, part_id)
);
CREATE INDEX smpp_part_message ON smpp_part (provider, message_id) WHERE message_id IS NOT NULL;
CREATE INDEX smpp_part_at ON smpp_part (at);
