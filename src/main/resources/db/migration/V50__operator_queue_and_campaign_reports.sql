-- The operators' queue in the console: an account's sessions with an operator, latest activity first.
CREATE INDEX chat_session_waiting ON chat_session (account_id, last_activity_at DESC) WHERE status = 'OPERATOR';

-- One campaign's messages newest (or oldest) first, a page at a time: the console's message log found by a send
-- task's or broadcast's name, its links from a task's report, and GET /api/v1/messages?bulkId=. Without it the
-- planner walks the account's whole (account_id, created_at) index backwards to fill a page of an old campaign.
CREATE INDEX message_account_bulk_created ON message (account_id, bulk_id, created_at);
