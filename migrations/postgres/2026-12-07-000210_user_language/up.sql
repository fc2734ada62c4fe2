-- The language a person reads: staff mail is written in it (customers' mail follows their
-- booking's language). `en` or `zh-CN`; set by the person (PATCH /api/auth/me) or at creation.
ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
