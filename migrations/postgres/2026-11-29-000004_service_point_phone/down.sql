ALTER TABLE service_points DROP COLUMN phone;
