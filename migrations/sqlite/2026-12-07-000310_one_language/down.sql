ALTER TABLE technicians ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
UPDATE technicians SET language = (SELECT u.language FROM users u WHERE u.id = technicians.user_id);
