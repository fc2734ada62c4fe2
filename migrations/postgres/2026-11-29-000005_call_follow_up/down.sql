ALTER TABLE calls DROP COLUMN follow_up_request_id;
