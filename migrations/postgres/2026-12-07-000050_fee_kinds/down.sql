ALTER TABLE repair_requests DROP COLUMN booked_services;
ALTER TABLE outcome_lines DROP COLUMN item_code;
ALTER TABLE outcome_lines DROP COLUMN covered_by_warranty;
