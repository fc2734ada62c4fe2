//! Abuse limits: the login throttle per account and address, bookings per address and per
//! contact, and the client address taken from X-Forwarded-For only behind a trusted proxy.
//! Every test server talks from 127.0.0.1, so the tests name it as the trusted proxy and
//! play several clients with X-Forwarded-For.

use fieldfix::config::Settings;
use reqwest::header::HeaderMap;
use serde_json::{json, Value};

use crate::helpers::TestApp;
use crate::lifecycle::faucet_booking;
use crate::on_both_backends;
use crate::on_both_backends_with;

const PW: &str = "fieldfix-demo";
const ATTACKER: &str = "203.0.113.9";
const OWNER: &str = "198.51.100.4";

fn behind_proxy(s: &mut Settings) {
    s.trusted_proxies = "127.0.0.1".to_string();
}

/// POSTs JSON as if forwarded for `client`; returns status, headers and body.
async fn post_from(app: &TestApp, path: &str, client: &str, body: &Value) -> (u16, HeaderMap, Value) {
    let res =
        app.client.post(app.url(path)).header("X-Forwarded-For", client).json(body).send().await.expect("request");
    let (status, headers) = (res.status().as_u16(), res.headers().clone());
    (status, headers, res.json().await.unwrap_or(Value::Null))
}

fn retry_after(headers: &HeaderMap) -> u64 {
    headers.get("Retry-After").and_then(|v| v.to_str().ok()).and_then(|v| v.parse().ok()).unwrap_or(0)
}

fn booking(email: &str, phone: &str) -> Value {
    let mut b = faucet_booking(email);
    b["customer"]["phone"] = json!(phone);
    b
}

async fn guessing_does_not_lock_out_the_owner_elsewhere(app: TestApp) {
    app.load_demo().await;
    let admin = "admin@demo.fieldfix.test";
    for _ in 0..10 {
        let (s, _, _) =
            post_from(&app, "/api/auth/login", ATTACKER, &json!({"email": admin, "password": "guess-guess"})).await;
        assert_eq!(s, 401);
    }
    let (s, headers, body) =
        post_from(&app, "/api/auth/login", ATTACKER, &json!({"email": admin, "password": PW})).await;
    assert_eq!(s, 429, "the guessing address waits, even with the right password: {body}");
    assert!((1..=15 * 60).contains(&retry_after(&headers)), "{headers:?}");
    let (s, _, body) = post_from(&app, "/api/auth/login", OWNER, &json!({"email": admin, "password": PW})).await;
    assert_eq!(s, 200, "the owner from another address is not locked out: {body}");
}
on_both_backends_with!(guessing_does_not_lock_out_the_owner_elsewhere, super::behind_proxy);

async fn forwarded_for_is_ignored_from_an_untrusted_peer(app: TestApp) {
    app.load_demo().await;
    let admin = "admin@demo.fieldfix.test";
    for _ in 0..10 {
        let (s, _, _) =
            post_from(&app, "/api/auth/login", ATTACKER, &json!({"email": admin, "password": "guess-guess"})).await;
        assert_eq!(s, 401);
    }
    let (s, _, _) = post_from(&app, "/api/auth/login", OWNER, &json!({"email": admin, "password": PW})).await;
    assert_eq!(s, 429, "the header names another client, but the peer is the same and not a trusted proxy");
}
on_both_backends!(forwarded_for_is_ignored_from_an_untrusted_peer);

fn three_bookings_per_address(s: &mut Settings) {
    behind_proxy(s);
    s.bookings_per_hour = 3;
    s.bookings_per_contact = 0;
}

async fn bookings_per_address_are_limited(app: TestApp) {
    app.load_demo().await;
    for i in 0..3 {
        let (s, _, body) = post_from(
            &app,
            "/api/requests",
            ATTACKER,
            &booking(&format!("c{i}@example.com"), &format!("+86 138 0000 000{i}")),
        )
        .await;
        assert_eq!(s, 201, "{body}");
    }
    let (requests, outbox, events) =
        (app.count("repair_requests").await, app.count("outbox").await, app.count("request_events").await);
    let (s, headers, body) =
        post_from(&app, "/api/requests", ATTACKER, &booking("c9@example.com", "+86 138 0000 0009")).await;
    assert_eq!(s, 429, "{body}");
    assert_eq!(body["status"], 429);
    let wait = retry_after(&headers);
    assert!((1..=3600).contains(&wait), "Retry-After {wait}");
    assert_eq!(app.count("repair_requests").await, requests, "nothing booked");
    assert_eq!(app.count("outbox").await, outbox, "no mail");
    assert_eq!(app.count("request_events").await, events, "no event");
    let (s, _, body) = post_from(&app, "/api/requests", OWNER, &booking("c9@example.com", "+86 138 0000 0009")).await;
    assert_eq!(s, 201, "another address books: {body}");
}
on_both_backends_with!(bookings_per_address_are_limited, super::three_bookings_per_address);

fn two_bookings_per_contact(s: &mut Settings) {
    behind_proxy(s);
    s.bookings_per_hour = 0;
    s.bookings_per_contact = 2;
}

async fn bookings_per_contact_are_limited(app: TestApp) {
    app.load_demo().await;
    let phone = "+86 138 0571 0000";
    for client in ["192.0.2.1", "192.0.2.2"] {
        let (s, _, body) = post_from(&app, "/api/requests", client, &booking("chen@example.com", phone)).await;
        assert_eq!(s, 201, "{body}");
    }
    let (s, headers, _) =
        post_from(&app, "/api/requests", "192.0.2.3", &booking("Chen@Example.com", "+86 139 1111 2222")).await;
    assert_eq!(s, 429, "the same email from a third address");
    assert!(retry_after(&headers) >= 1);
    let (s, _, _) =
        post_from(&app, "/api/requests", "192.0.2.4", &booking("other@example.com", "+86-138-0571-0000")).await;
    assert_eq!(s, 429, "the same phone under another email");
    let (s, _, body) =
        post_from(&app, "/api/requests", "192.0.2.5", &booking("other@example.com", "+86 139 1111 2222")).await;
    assert_eq!(s, 201, "a different contact books: {body}");
}
on_both_backends_with!(bookings_per_contact_are_limited, super::two_bookings_per_contact);
