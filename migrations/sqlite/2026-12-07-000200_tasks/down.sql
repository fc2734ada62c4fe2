DROP INDEX follow_up_tasks_resolved;
DROP INDEX follow_up_tasks_request;
ALTER TABLE follow_up_tasks DROP COLUMN goodwill_kind;
ALTER TABLE follow_up_tasks DROP COLUMN outcome;
ALTER TABLE follow_up_tasks DROP COLUMN closed_by;
ALTER TABLE follow_up_tasks DROP COLUMN call_id;
ALTER TABLE follow_up_tasks DROP COLUMN visit_id;
