-- Why a follow-up task was opened, as a message of the catalog (src/i18n): its id and its
-- arguments as JSON, written in the reader's language in the manager's queue. Older tasks
-- have neither and keep their English `reason`, shown as it is.
ALTER TABLE follow_up_tasks ADD COLUMN reason_id TEXT;
ALTER TABLE follow_up_tasks ADD COLUMN reason_args TEXT;
