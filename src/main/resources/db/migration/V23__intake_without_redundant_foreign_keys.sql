-- A flow's account and bulk are its group's, and a message's account, bulk and group are its flow's: the
-- intake writes them from the same values in one statement (and the cascade copies them from the flow).
-- Checking each of them again costs a look-up and a row lock per inserted row (five per destination of
-- the nine there were); the chain message -> flow -> message_group -> bulk/account keeps every row anchored.
ALTER TABLE flow DROP CONSTRAINT flow_account_id_fkey;
ALTER TABLE flow DROP CONSTRAINT flow_bulk_id_fkey;
ALTER TABLE message DROP CONSTRAINT message_account_id_fkey;
ALTER TABLE message DROP CONSTRAINT message_bulk_id_fkey;
ALTER TABLE message DROP CONSTRAINT message_group_id_fkey;
