ALTER TABLE visits DROP COLUMN part_expected_on;
