-- The operators' queue in the console: an account's sessions with an operator, latest activity first.
CREATE INDEX chat_session_waiting ON chat_session (account_id, last_activity_at DESC) WHERE status = 'OPERATOR';
