-- The whole domain of fieldfix. Ids are random 53-bit integers made by the application,
-- times are UTC, money is integer minor units with a currency code.
CREATE TABLE service_points (
    id BIGINT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    currency TEXT NOT NULL,
    coverage TEXT NOT NULL,
    center_lat DOUBLE NOT NULL CHECK (center_lat BETWEEN -90 AND 90),
    center_lon DOUBLE NOT NULL CHECK (center_lon BETWEEN -180 AND 180),
    travel_speed_kmh DOUBLE NOT NULL,
    detour_factor DOUBLE NOT NULL,
    promise_policy TEXT NOT NULL,
    fee_schedule TEXT NOT NULL,
    warranty_policy TEXT NOT NULL,
    rework_days INTEGER NOT NULL,
    active BOOLEAN NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE users (
    id BIGINT PRIMARY KEY NOT NULL,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    phone TEXT,
    role TEXT NOT NULL CHECK (role IN ('customer', 'technician', 'manager', 'admin')),
    password_hash TEXT,
    active BOOLEAN NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE manager_service_points (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    service_point_id BIGINT NOT NULL REFERENCES service_points (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, service_point_id)
);

CREATE TABLE sessions (
    id BIGINT PRIMARY KEY NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE skills (
    code TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    name_zh TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT 1
);

CREATE TABLE technicians (
    id BIGINT PRIMARY KEY NOT NULL,
    user_id BIGINT NOT NULL UNIQUE REFERENCES users (id),
    service_point_id BIGINT NOT NULL REFERENCES service_points (id),
    home_lat DOUBLE NOT NULL CHECK (home_lat BETWEEN -90 AND 90),
    home_lon DOUBLE NOT NULL CHECK (home_lon BETWEEN -180 AND 180),
    last_lat DOUBLE,
    last_lon DOUBLE,
    last_seen_at TIMESTAMP,
    active BOOLEAN NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX technicians_point ON technicians (service_point_id);
CREATE INDEX technicians_home ON technicians (home_lat, home_lon);

CREATE TABLE technician_skills (
    technician_id BIGINT NOT NULL REFERENCES technicians (id) ON DELETE CASCADE,
    skill_code TEXT NOT NULL REFERENCES skills (code),
    level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
    PRIMARY KEY (technician_id, skill_code)
);

-- Weekly shifts in the service point's local time: weekday 0 = Monday.
CREATE TABLE shifts (
    id BIGINT PRIMARY KEY NOT NULL,
    technician_id BIGINT NOT NULL REFERENCES technicians (id) ON DELETE CASCADE,
    weekday INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    start_minute INTEGER NOT NULL CHECK (start_minute BETWEEN 0 AND 1440),
    end_minute INTEGER NOT NULL CHECK (end_minute BETWEEN 0 AND 1440),
    CHECK (start_minute < end_minute)
);
CREATE INDEX shifts_technician ON shifts (technician_id);

CREATE TABLE time_off (
    id BIGINT PRIMARY KEY NOT NULL,
    technician_id BIGINT NOT NULL REFERENCES technicians (id) ON DELETE CASCADE,
    starts_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP NOT NULL,
    reason TEXT NOT NULL,
    CHECK (starts_at < ends_at)
);
CREATE INDEX time_off_technician ON time_off (technician_id);

CREATE TABLE repair_requests (
    id BIGINT PRIMARY KEY NOT NULL,
    reference TEXT NOT NULL UNIQUE,
    tracking_token TEXT NOT NULL UNIQUE,
    service_point_id BIGINT NOT NULL REFERENCES service_points (id),
    customer_user_id BIGINT NOT NULL REFERENCES users (id),
    language TEXT NOT NULL,
    product_category TEXT NOT NULL,
    product_brand TEXT NOT NULL,
    product_model TEXT NOT NULL,
    product_serial TEXT NOT NULL,
    purchased_on DATE,
    order_ref TEXT NOT NULL,
    problem TEXT NOT NULL,
    skill_code TEXT NOT NULL REFERENCES skills (code),
    min_level INTEGER NOT NULL,
    address TEXT NOT NULL,
    lat DOUBLE NOT NULL CHECK (lat BETWEEN -90 AND 90),
    lon DOUBLE NOT NULL CHECK (lon BETWEEN -180 AND 180),
    window_start TIMESTAMP,
    window_end TIMESTAMP,
    status TEXT NOT NULL,
    warranty_covered BOOLEAN NOT NULL,
    warranty_until DATE,
    respond_by TIMESTAMP NOT NULL,
    arrive_by TIMESTAMP NOT NULL,
    resolve_by TIMESTAMP NOT NULL,
    follow_up_of BIGINT REFERENCES repair_requests (id),
    free_of_charge BOOLEAN NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX repair_requests_point_status ON repair_requests (service_point_id, status);
CREATE INDEX repair_requests_customer ON repair_requests (customer_user_id);

-- Append-only evidence: every state change, who, when, what, where.
CREATE TABLE request_events (
    id BIGINT PRIMARY KEY NOT NULL,
    request_id BIGINT NOT NULL REFERENCES repair_requests (id),
    at TIMESTAMP NOT NULL,
    actor_user_id BIGINT REFERENCES users (id),
    actor_role TEXT NOT NULL,
    kind TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT,
    detail TEXT NOT NULL,
    lat DOUBLE,
    lon DOUBLE
);
CREATE INDEX request_events_request ON request_events (request_id, at);

CREATE TABLE visits (
    id BIGINT PRIMARY KEY NOT NULL,
    request_id BIGINT NOT NULL REFERENCES repair_requests (id),
    seq INTEGER NOT NULL,
    technician_id BIGINT REFERENCES technicians (id),
    status TEXT NOT NULL,
    scheduled_start TIMESTAMP,
    scheduled_end TIMESTAMP,
    duration_minutes INTEGER NOT NULL,
    eta TIMESTAMP,
    en_route_at TIMESTAMP,
    arrived_at TIMESTAMP,
    arrived_lat DOUBLE,
    arrived_lon DOUBLE,
    arrival_distance_m DOUBLE,
    completed_at TIMESTAMP,
    diagnosis TEXT,
    root_cause TEXT,
    work_done TEXT,
    resolution TEXT,
    quote_status TEXT NOT NULL DEFAULT 'none',
    quote_approved_at TIMESTAMP,
    rating_token TEXT UNIQUE,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (request_id, seq)
);
CREATE INDEX visits_technician ON visits (technician_id, scheduled_start);

CREATE TABLE offers (
    id BIGINT PRIMARY KEY NOT NULL,
    request_id BIGINT NOT NULL REFERENCES repair_requests (id),
    visit_id BIGINT NOT NULL REFERENCES visits (id),
    technician_id BIGINT NOT NULL REFERENCES technicians (id),
    status TEXT NOT NULL,
    rank INTEGER NOT NULL,
    proposed_start TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    responded_at TIMESTAMP
);
CREATE INDEX offers_technician ON offers (technician_id, status);
CREATE INDEX offers_request ON offers (request_id);

CREATE TABLE outcome_lines (
    id BIGINT PRIMARY KEY NOT NULL,
    visit_id BIGINT NOT NULL REFERENCES visits (id),
    kind TEXT NOT NULL,
    description TEXT NOT NULL,
    quantity INTEGER NOT NULL,
    unit_price_minor BIGINT NOT NULL,
    currency TEXT NOT NULL,
    covered BOOLEAN NOT NULL,
    billable_minor BIGINT NOT NULL
);
CREATE INDEX outcome_lines_visit ON outcome_lines (visit_id);

CREATE TABLE ratings (
    id BIGINT PRIMARY KEY NOT NULL,
    visit_id BIGINT NOT NULL UNIQUE REFERENCES visits (id),
    technician_id BIGINT NOT NULL REFERENCES technicians (id),
    stars INTEGER NOT NULL CHECK (stars BETWEEN 1 AND 5),
    punctuality INTEGER NOT NULL CHECK (punctuality BETWEEN 1 AND 5),
    professionalism INTEGER NOT NULL CHECK (professionalism BETWEEN 1 AND 5),
    resolution INTEGER NOT NULL CHECK (resolution BETWEEN 1 AND 5),
    comment TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX ratings_technician ON ratings (technician_id);

-- Follow-up work for managers: low ratings, failed fixes, goodwill compensation.
CREATE TABLE follow_up_tasks (
    id BIGINT PRIMARY KEY NOT NULL,
    request_id BIGINT NOT NULL REFERENCES repair_requests (id),
    reason TEXT NOT NULL,
    status TEXT NOT NULL,
    note TEXT NOT NULL,
    compensation_minor BIGINT,
    compensation_currency TEXT,
    created_at TIMESTAMP NOT NULL,
    resolved_at TIMESTAMP
);

CREATE TABLE outbox (
    id BIGINT PRIMARY KEY NOT NULL,
    created_at TIMESTAMP NOT NULL,
    kind TEXT NOT NULL,
    request_id BIGINT REFERENCES repair_requests (id),
    recipient TEXT NOT NULL,
    language TEXT NOT NULL,
    payload TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    last_error TEXT,
    sent_at TIMESTAMP
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);

CREATE TABLE idempotency_keys (
    key TEXT PRIMARY KEY NOT NULL,
    request_hash TEXT NOT NULL,
    response_status INTEGER,
    response_body TEXT,
    created_at TIMESTAMP NOT NULL
);
