-- The day a part a technician ordered is expected: the next visit is not offered before it.
ALTER TABLE visits ADD COLUMN part_expected_on DATE;
