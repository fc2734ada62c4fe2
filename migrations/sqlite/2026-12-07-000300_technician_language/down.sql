ALTER TABLE technicians DROP COLUMN language;
