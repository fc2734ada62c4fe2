//! The tables of the evidence a customer keeps (see the migration `evidence`): the quote she
//! signed on site, her payment, the 发票 she asked for. Re-exported by `schema`, where their
//! joins and query permissions are declared with the other tables.

diesel::table! {
    quote_signatures (id) {
        id -> BigInt,
        visit_id -> BigInt,
        request_id -> BigInt,
        signer_name -> Text,
        png -> Binary,
        width -> Integer,
        height -> Integer,
        technician_id -> Nullable<BigInt>,
        amount_minor -> BigInt,
        currency -> Text,
        signed_at -> Timestamp,
    }
}

diesel::table! {
    payments (id) {
        id -> BigInt,
        visit_id -> BigInt,
        request_id -> BigInt,
        technician_id -> Nullable<BigInt>,
        method -> Text,
        amount_minor -> BigInt,
        currency -> Text,
        reference -> Nullable<Text>,
        recorded_by -> BigInt,
        paid_at -> Timestamp,
    }
}

diesel::table! {
    invoice_requests (id) {
        id -> BigInt,
        request_id -> BigInt,
        service_point_id -> BigInt,
        title -> Text,
        tax_id -> Nullable<Text>,
        email -> Nullable<Text>,
        state -> Text,
        created_at -> Timestamp,
        issued_at -> Nullable<Timestamp>,
        issued_by -> Nullable<BigInt>,
    }
}
