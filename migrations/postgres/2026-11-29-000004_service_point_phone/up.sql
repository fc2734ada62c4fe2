-- The phone number customers call about a repair (shown on the tracking page); empty until set.
ALTER TABLE service_points ADD COLUMN phone TEXT NOT NULL DEFAULT '';
