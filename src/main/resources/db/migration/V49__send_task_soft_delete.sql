-- A deleted send task is only marked, so the console can undo the deletion for a while (TaskControl.UNDO_WINDOW);
-- TaskPurge deletes it, with its rows, once that has passed. Lists and the API see only live tasks.
ALTER TABLE send_task ADD COLUMN deleted_at timestamptz;
CREATE INDEX send_task_deleted ON send_task (deleted_at) WHERE deleted_at IS NOT NULL;
