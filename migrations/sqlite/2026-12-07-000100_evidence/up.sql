-- Evidence the customer keeps (issue 33): the quote she signed on the technician's phone,
-- what she paid and how, and the 发票 (fapiao) she asked for.

-- A signature is kept as the PNG she drew (re-encoded, at most 200 KB), in the database like
-- the photos, so every instance serves it and a backup holds it. A quote signed again after
-- the outcome changed keeps the earlier signature too; the latest is shown.
CREATE TABLE quote_signatures (
    id BIGINT PRIMARY KEY NOT NULL,
    visit_id BIGINT NOT NULL REFERENCES visits (id),
    request_id BIGINT NOT NULL REFERENCES repair_requests (id),
    signer_name TEXT NOT NULL,
    png BLOB NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    technician_id BIGINT REFERENCES technicians (id),
    amount_minor BIGINT NOT NULL,
    currency TEXT NOT NULL,
    signed_at TIMESTAMP NOT NULL
);
CREATE INDEX quote_signatures_visit ON quote_signatures (visit_id, signed_at);
CREATE INDEX quote_signatures_request ON quote_signatures (request_id);

-- One payment per visit (the unique visit_id refuses a second one recorded at once).
CREATE TABLE payments (
    id BIGINT PRIMARY KEY NOT NULL,
    visit_id BIGINT NOT NULL UNIQUE REFERENCES visits (id),
    request_id BIGINT NOT NULL REFERENCES repair_requests (id),
    technician_id BIGINT REFERENCES technicians (id),
    method TEXT NOT NULL CHECK (method IN ('cash', 'wechat', 'alipay', 'card', 'transfer')),
    amount_minor BIGINT NOT NULL,
    currency TEXT NOT NULL,
    reference TEXT,
    recorded_by BIGINT NOT NULL REFERENCES users (id),
    paid_at TIMESTAMP NOT NULL
);
CREATE INDEX payments_request ON payments (request_id);

-- A customer's request for a 发票, for the service point's managers to issue; one open at a
-- time per repair request.
CREATE TABLE invoice_requests (
    id BIGINT PRIMARY KEY NOT NULL,
    request_id BIGINT NOT NULL REFERENCES repair_requests (id),
    service_point_id BIGINT NOT NULL REFERENCES service_points (id),
    title TEXT NOT NULL,
    tax_id TEXT,
    email TEXT,
    state TEXT NOT NULL CHECK (state IN ('open', 'issued')),
    created_at TIMESTAMP NOT NULL,
    issued_at TIMESTAMP,
    issued_by BIGINT REFERENCES users (id)
);
CREATE INDEX invoice_requests_point ON invoice_requests (service_point_id, state, created_at);
CREATE UNIQUE INDEX invoice_requests_one_open ON invoice_requests (request_id) WHERE state = 'open';
