-- The language a technician reads their mail in ('en' or 'zh-CN'): notices about their
-- visits (given to them, moved, taken off their day, cancelled) are written in it.
ALTER TABLE technicians ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
