-- One language per reader: a technician's language lives on their user (users.language, set
-- on /me, by an admin, or at creation) like everyone's. What a technician's row held is kept.
UPDATE users SET language = (SELECT t.language FROM technicians t WHERE t.user_id = users.id)
WHERE id IN (SELECT user_id FROM technicians WHERE language <> 'en');
ALTER TABLE technicians DROP COLUMN language;
