-- Fee lines say whether warranty covered them and which schedule item they price (a part's
-- or a fixed-price service's code); a booking keeps the fixed-price services the customer chose.
ALTER TABLE outcome_lines ADD COLUMN covered_by_warranty BOOLEAN NOT NULL DEFAULT 0;
ALTER TABLE outcome_lines ADD COLUMN item_code TEXT;
ALTER TABLE repair_requests ADD COLUMN booked_services TEXT NOT NULL DEFAULT '[]';
UPDATE outcome_lines SET covered_by_warranty = 1
 WHERE covered AND visit_id IN (SELECT v.id FROM visits v JOIN repair_requests r ON r.id = v.request_id
                                 WHERE r.warranty_covered);
