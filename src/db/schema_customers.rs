//! The tables of customers without passwords: the sign-in links by mail, the codes sent by
//! text message (sign-in and phone corrections), and the conversation of each request. Re-exported by `schema`, where
//! their joins and query permissions are declared with the other tables.

diesel::table! {
    phone_codes (id) {
        id -> BigInt,
        purpose -> Text,
        phone -> Text,
        user_id -> BigInt,
        request_id -> Nullable<BigInt>,
        code_hash -> Text,
        attempts -> Integer,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        ended_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    request_messages (id) {
        id -> BigInt,
        request_id -> Nullable<BigInt>,
        service_point_id -> Nullable<BigInt>,
        sender -> Text,
        author_user_id -> Nullable<BigInt>,
        author -> Text,
        channel -> Text,
        phone -> Nullable<Text>,
        body -> Text,
        created_at -> Timestamp,
        answered_at -> Nullable<Timestamp>,
        answered_by -> Nullable<BigInt>,
        gateway_id -> Nullable<Text>,
    }
}

diesel::table! {
    sign_in_links (token_hash) {
        token_hash -> Text,
        user_id -> BigInt,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}
