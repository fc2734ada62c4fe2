-- An event's words as a message of the catalog (src/i18n): its id and its arguments as JSON,
-- rendered in the reader's language when the timeline is read. Older events have neither
-- and keep their English `detail`, shown as it is.
ALTER TABLE request_events ADD COLUMN detail_id TEXT;
ALTER TABLE request_events ADD COLUMN detail_args TEXT;
