//! The hand-written schema, using only SQL types that SQLite and PostgreSQL share, so one
//! set of queries serves both backends (see migrations/sqlite and migrations/postgres).

diesel::table! {
    service_points (id) {
        id -> BigInt,
        name -> Text,
        time_zone -> Text,
        currency -> Text,
        coverage -> Text,
        center_lat -> Double,
        center_lon -> Double,
        travel_speed_kmh -> Double,
        detour_factor -> Double,
        promise_policy -> Text,
        fee_schedule -> Text,
        warranty_policy -> Text,
        rework_days -> Integer,
        active -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        phone -> Text,
    }
}

diesel::table! {
    users (id) {
        id -> BigInt,
        email -> Nullable<Text>,
        name -> Text,
        phone -> Nullable<Text>,
        role -> Text,
        password_hash -> Nullable<Text>,
        active -> Bool,
        created_at -> Timestamp,
        email_verified_at -> Nullable<Timestamp>,
        language -> Text,
    }
}

diesel::table! {
    manager_service_points (user_id, service_point_id) {
        user_id -> BigInt,
        service_point_id -> BigInt,
    }
}

diesel::table! {
    sessions (id) {
        id -> BigInt,
        token_hash -> Text,
        user_id -> BigInt,
        created_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    skills (code) {
        code -> Text,
        name -> Text,
        name_zh -> Text,
        active -> Bool,
    }
}

diesel::table! {
    technicians (id) {
        id -> BigInt,
        user_id -> BigInt,
        service_point_id -> BigInt,
        home_lat -> Double,
        home_lon -> Double,
        last_lat -> Nullable<Double>,
        last_lon -> Nullable<Double>,
        last_seen_at -> Nullable<Timestamp>,
        active -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    technician_skills (technician_id, skill_code) {
        technician_id -> BigInt,
        skill_code -> Text,
        level -> Integer,
    }
}

diesel::table! {
    shifts (id) {
        id -> BigInt,
        technician_id -> BigInt,
        weekday -> Integer,
        start_minute -> Integer,
        end_minute -> Integer,
    }
}

diesel::table! {
    time_off (id) {
        id -> BigInt,
        technician_id -> BigInt,
        starts_at -> Timestamp,
        ends_at -> Timestamp,
        reason -> Text,
    }
}

diesel::table! {
    repair_requests (id) {
        id -> BigInt,
        reference -> Text,
        tracking_token -> Text,
        service_point_id -> BigInt,
        customer_user_id -> BigInt,
        language -> Text,
        product_category -> Text,
        product_brand -> Text,
        product_model -> Text,
        product_serial -> Text,
        purchased_on -> Nullable<Date>,
        order_ref -> Text,
        problem -> Text,
        skill_code -> Text,
        min_level -> Integer,
        address -> Text,
        lat -> Double,
        lon -> Double,
        window_start -> Nullable<Timestamp>,
        window_end -> Nullable<Timestamp>,
        status -> Text,
        warranty_covered -> Bool,
        warranty_until -> Nullable<Date>,
        respond_by -> Timestamp,
        arrive_by -> Timestamp,
        resolve_by -> Timestamp,
        follow_up_of -> Nullable<BigInt>,
        free_of_charge -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        booked_services -> Text,
    }
}

diesel::table! {
    request_events (id) {
        id -> BigInt,
        request_id -> BigInt,
        at -> Timestamp,
        actor_user_id -> Nullable<BigInt>,
        actor_role -> Text,
        kind -> Text,
        from_status -> Nullable<Text>,
        to_status -> Nullable<Text>,
        detail -> Text,
        lat -> Nullable<Double>,
        lon -> Nullable<Double>,
        detail_id -> Nullable<Text>,
        detail_args -> Nullable<Text>,
    }
}

diesel::table! {
    visits (id) {
        id -> BigInt,
        request_id -> BigInt,
        seq -> Integer,
        technician_id -> Nullable<BigInt>,
        status -> Text,
        scheduled_start -> Nullable<Timestamp>,
        scheduled_end -> Nullable<Timestamp>,
        duration_minutes -> Integer,
        eta -> Nullable<Timestamp>,
        en_route_at -> Nullable<Timestamp>,
        arrived_at -> Nullable<Timestamp>,
        arrived_lat -> Nullable<Double>,
        arrived_lon -> Nullable<Double>,
        arrival_distance_m -> Nullable<Double>,
        completed_at -> Nullable<Timestamp>,
        diagnosis -> Nullable<Text>,
        root_cause -> Nullable<Text>,
        work_done -> Nullable<Text>,
        resolution -> Nullable<Text>,
        quote_status -> Text,
        quote_approved_at -> Nullable<Timestamp>,
        rating_token -> Nullable<Text>,
        created_at -> Timestamp,
        part_expected_on -> Nullable<Date>,
    }
}

diesel::table! {
    offers (id) {
        id -> BigInt,
        request_id -> BigInt,
        visit_id -> BigInt,
        technician_id -> BigInt,
        status -> Text,
        rank -> Integer,
        proposed_start -> Timestamp,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        responded_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    outcome_lines (id) {
        id -> BigInt,
        visit_id -> BigInt,
        kind -> Text,
        description -> Text,
        quantity -> Integer,
        unit_price_minor -> BigInt,
        currency -> Text,
        covered -> Bool,
        billable_minor -> BigInt,
        covered_by_warranty -> Bool,
        item_code -> Nullable<Text>,
    }
}

diesel::table! {
    ratings (id) {
        id -> BigInt,
        visit_id -> BigInt,
        technician_id -> BigInt,
        stars -> Integer,
        punctuality -> Integer,
        professionalism -> Integer,
        resolution -> Integer,
        comment -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    follow_up_tasks (id) {
        id -> BigInt,
        request_id -> BigInt,
        reason -> Text,
        status -> Text,
        note -> Text,
        compensation_minor -> Nullable<BigInt>,
        compensation_currency -> Nullable<Text>,
        created_at -> Timestamp,
        resolved_at -> Nullable<Timestamp>,
        reason_id -> Nullable<Text>,
        reason_args -> Nullable<Text>,
        visit_id -> Nullable<BigInt>,
        call_id -> Nullable<BigInt>,
        closed_by -> Nullable<BigInt>,
        outcome -> Nullable<Text>,
        goodwill_kind -> Nullable<Text>,
    }
}

diesel::table! {
    outbox (id) {
        id -> BigInt,
        created_at -> Timestamp,
        kind -> Text,
        request_id -> Nullable<BigInt>,
        recipient -> Text,
        language -> Text,
        payload -> Text,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        last_error -> Nullable<Text>,
        sent_at -> Nullable<Timestamp>,
        locked_until -> Nullable<Timestamp>,
        locked_by -> Nullable<Text>,
        channel -> Text,
        delivery -> Nullable<Text>,
        delivered_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    outbox_attempts (id) {
        id -> BigInt,
        outbox_id -> BigInt,
        at -> Timestamp,
        ok -> Bool,
        error -> Nullable<Text>,
        instance -> Text,
    }
}

diesel::table! {
    access_links (token_hash) {
        token_hash -> Text,
        kind -> Text,
        request_id -> BigInt,
        visit_id -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    photos (id) {
        id -> Text,
        request_id -> BigInt,
        visit_id -> Nullable<BigInt>,
        seq -> Integer,
        taken_by -> Text,
        stage -> Text,
        content_type -> Text,
        bytes -> Binary,
        thumbnail -> Binary,
        created_at -> Timestamp,
    }
}

diesel::table! {
    calls (id) {
        id -> BigInt,
        visit_id -> BigInt,
        request_id -> BigInt,
        service_point_id -> BigInt,
        first_due_on -> Date,
        due_on -> Date,
        status -> Text,
        attempts -> Integer,
        satisfied -> Nullable<Bool>,
        notes -> Text,
        first_attempt_at -> Nullable<Timestamp>,
        last_attempt_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        follow_up_request_id -> Nullable<BigInt>,
    }
}

pub use super::schema_customers::{phone_codes, request_messages, sign_in_links};
pub use super::schema_evidence::{invoice_requests, payments, quote_signatures};
pub use super::schema_jobs::{idempotency_keys, job_marks};

diesel::joinable!(manager_service_points -> users (user_id));
diesel::joinable!(manager_service_points -> service_points (service_point_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(sign_in_links -> users (user_id));
diesel::joinable!(phone_codes -> users (user_id));
diesel::joinable!(technicians -> users (user_id));
diesel::joinable!(technicians -> service_points (service_point_id));
diesel::joinable!(technician_skills -> technicians (technician_id));
diesel::joinable!(shifts -> technicians (technician_id));
diesel::joinable!(time_off -> technicians (technician_id));
diesel::joinable!(request_events -> repair_requests (request_id));
diesel::joinable!(visits -> repair_requests (request_id));
diesel::joinable!(offers -> visits (visit_id));
diesel::joinable!(outcome_lines -> visits (visit_id));
diesel::joinable!(ratings -> visits (visit_id));
diesel::joinable!(access_links -> repair_requests (request_id));
diesel::joinable!(photos -> repair_requests (request_id));
diesel::joinable!(payments -> visits (visit_id));
diesel::joinable!(invoice_requests -> repair_requests (request_id));

diesel::allow_tables_to_appear_in_same_query!(
    request_messages,
    quote_signatures,
    payments,
    invoice_requests,
    service_points,
    users,
    manager_service_points,
    sessions,
    skills,
    technicians,
    technician_skills,
    shifts,
    time_off,
    repair_requests,
    request_events,
    visits,
    offers,
    outcome_lines,
    ratings,
    follow_up_tasks,
    outbox,
    outbox_attempts,
    idempotency_keys,
    access_links,
    sign_in_links,
    phone_codes,
    photos,
    calls,
);
