-- A request that names no bulkId (a one-destination API send, typically) no longer writes a bulk row: the bulk
-- table only registers bulks a client named, so that a second request naming the same id is checked against the
-- first one's account (MessageIntake.claimBulk also looks at message_group for groups of an unregistered bulk).
ALTER TABLE message_group DROP CONSTRAINT message_group_bulk_id_fkey;
-- The rest of the intake chain is written by one statement from the same values, and a cascade's or a resume's
-- rows from rows it just locked: checking each key again cost a look-up and a row lock per inserted row (for a
-- one-destination send, five of the eight rows written). Tables without an account_id keep their foreign keys,
-- which AccountEraser follows to find their rows.
ALTER TABLE message_group DROP CONSTRAINT message_group_account_id_fkey;
ALTER TABLE flow DROP CONSTRAINT flow_group_id_fkey;
ALTER TABLE message DROP CONSTRAINT message_flow_id_fkey;
ALTER TABLE job DROP CONSTRAINT job_message_id_fkey;
