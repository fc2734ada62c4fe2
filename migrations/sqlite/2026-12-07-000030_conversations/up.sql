-- A conversation per request: what the customer writes (on the tracking page or by text
-- message) and what the service point's staff answer. A text message from a phone no
-- request matches is kept without a request (`request_id` null), for the managers of the
-- point whose number it was sent to (`service_point_id`, null when none).
CREATE TABLE request_messages (
    id BIGINT PRIMARY KEY NOT NULL,
    request_id BIGINT REFERENCES repair_requests (id),
    service_point_id BIGINT REFERENCES service_points (id),
    sender TEXT NOT NULL CHECK (sender IN ('customer', 'staff')),
    author_user_id BIGINT REFERENCES users (id),
    author TEXT NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('web', 'sms')),
    phone TEXT,
    body TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    -- A customer's message: when staff first answered it, and who.
    answered_at TIMESTAMP,
    answered_by BIGINT REFERENCES users (id),
    -- The gateway's id of an inbound text message: the same text delivered twice is kept once.
    gateway_id TEXT UNIQUE
);
CREATE INDEX request_messages_request ON request_messages (request_id, created_at);
CREATE INDEX request_messages_waiting ON request_messages (service_point_id, sender, answered_at);
CREATE INDEX request_messages_created ON request_messages (service_point_id, created_at);
