ALTER TABLE follow_up_tasks DROP COLUMN reason_args;
ALTER TABLE follow_up_tasks DROP COLUMN reason_id;
