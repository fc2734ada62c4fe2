-- The follow-up request (repair_requests.id) a manager opened for the customer on this call
-- when they were not satisfied, if any.
ALTER TABLE calls ADD COLUMN follow_up_request_id BIGINT;
