-- A send task into chat sessions (TWIN's advertising messages) names each row's session in its file. Text, not
-- uuid: a row with a malformed id is kept, with its error, to be shown as it was written.
ALTER TABLE send_task_row ADD COLUMN chat_session_id text;
