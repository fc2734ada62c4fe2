-- Follow-up tasks grown into the manager's service-recovery tasks: what opened them (the
-- rated visit, the next-day call), and how they were closed: by whom, what was agreed with
-- the customer (told on their timeline), the goodwill gesture (its kind; its amount stays in
-- compensation_minor / compensation_currency) and the manager's internal notes (in `note`).
ALTER TABLE follow_up_tasks ADD COLUMN visit_id BIGINT;
ALTER TABLE follow_up_tasks ADD COLUMN call_id BIGINT;
ALTER TABLE follow_up_tasks ADD COLUMN closed_by BIGINT;
ALTER TABLE follow_up_tasks ADD COLUMN outcome TEXT;
ALTER TABLE follow_up_tasks ADD COLUMN goodwill_kind TEXT;
CREATE INDEX follow_up_tasks_request ON follow_up_tasks (request_id, status);
CREATE INDEX follow_up_tasks_resolved ON follow_up_tasks (resolved_at);
