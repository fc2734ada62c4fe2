//! The server's own bookkeeping: the answers kept for `Idempotency-Key` replays (see
//! `db::idempotency`) and the marks that make each background job run once per thing (see
//! `db::marks`). Re-exported by `schema`.

diesel::table! {
    idempotency_keys (key) {
        key -> Text,
        request_hash -> Text,
        response_status -> Nullable<Integer>,
        response_body -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    job_marks (key) {
        key -> Text,
        request_id -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}
