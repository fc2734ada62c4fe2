ALTER TABLE request_events DROP COLUMN detail_args;
ALTER TABLE request_events DROP COLUMN detail_id;
