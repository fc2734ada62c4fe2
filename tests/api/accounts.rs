//! Accounts without friction: a customer who booked gets a one-time sign-in link by mail,
//! follows it, sees every request and product of their email, and may set a password.

use chrono::Duration;
use serde_json::{json, Value};

use crate::helpers::TestApp;
use crate::lifecycle::faucet_booking;
use crate::mail::{to, wait_for};
use crate::on_both_backends_with_smtp;
use crate::smtp::SmtpSink;

const PW: &str = "fieldfix-demo";

/// A booking of a washing machine without a serial number, by `email`.
fn washer_booking(email: &str) -> Value {
    let mut b = faucet_booking(email);
    b["product"] = json!({"category": "washing_machine", "brand": "Haier", "model": "EG100", "serial": "", "purchased_on": null, "order_ref": ""});
    b["skill"] = json!("appliance");
    b["problem"] = json!("The washing machine does not drain.");
    b
}

/// The token of the latest sign-in link mailed to `email` (waits for its `n`th link).
pub async fn mailed_link(sink: &SmtpSink, email: &str, n: usize) -> String {
    let has_link = |m: &crate::smtp::Received| m.part("text/plain").is_some_and(|t| t.contains("/me#link="));
    let messages = wait_for(sink, "a sign-in link", |m| to(m, email).iter().filter(|m| has_link(m)).count() >= n).await;
    let mine: Vec<_> = to(&messages, email).into_iter().filter(has_link).collect();
    let text = mine[n - 1].part("text/plain").expect("text");
    text.split("/me#link=")
        .nth(1)
        .expect("link")
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

async fn returning_customer_signs_in_by_link(app: TestApp, sink: SmtpSink) {
    app.load_demo().await;
    let email = "lin.returning@example.com";
    let (first, _) = app.book(&faucet_booking("Lin.Returning@Example.com")).await;
    let (washer, _) = app.book(&washer_booking(email)).await;
    app.clock.advance(Duration::minutes(5));
    let (again, again_token) = app.book(&faucet_booking(email)).await;
    let (_, others_token) = app.book(&faucet_booking("someone.else@example.com")).await;

    let (s, sent) = app.post("/api/auth/link", None, &json!({"email": "LIN.returning@example.com"})).await;
    assert_eq!(s, 202, "{sent}");
    let (s, unknown) = app.post("/api/auth/link", None, &json!({"email": "nobody.here@example.com"})).await;
    assert_eq!((s, &unknown), (202, &sent), "an unknown email gets the very same answer");
    let (s, _) = app.post("/api/auth/link", None, &json!({"email": "not an email"})).await;
    assert_eq!(s, 422);
    let token = mailed_link(&sink, email, 1).await;
    assert_eq!(app.count_where("outbox", "recipient = 'nobody.here@example.com'").await, 0, "no mail to strangers");
    assert_eq!(app.count("sign_in_links").await, 1);
    assert_eq!(app.count_where("sign_in_links", &format!("token_hash = '{token}'")).await, 0, "only the hash is kept");

    let (s, signed) = app.post("/api/auth/link/redeem", None, &json!({"token": token})).await;
    assert_eq!(s, 200, "{signed}");
    assert_eq!(signed["user"]["role"], "customer");
    let session = signed["token"].as_str().expect("session").to_string();
    let (s, _) = app.post("/api/auth/link/redeem", None, &json!({"token": token})).await;
    assert_eq!(s, 401, "a link works once");
    assert_eq!(app.count_where("users", &format!("email = '{email}' AND email_verified_at IS NOT NULL")).await, 1);

    let (s, requests) = app.get("/api/me/requests", Some(&session)).await;
    assert_eq!(s, 200, "{requests}");
    let ids: Vec<i64> = requests.as_array().expect("list").iter().map(|r| r["id"].as_i64().expect("id")).collect();
    assert_eq!(ids.len(), 3, "bookings in any letter case join the account: {requests}");
    assert_eq!(ids[0], again, "newest first");
    assert!(ids.contains(&first) && ids.contains(&washer));
    assert_eq!(requests[0]["product"]["serial"], "SN-88");
    assert_eq!(requests[0]["product"]["order_ref"], "JD-1234");
    assert!(requests[0].get("follow_ups").is_none(), "managers' notes are not the customer's");

    let (s, products) = app.get("/api/me/products", Some(&session)).await;
    assert_eq!(s, 200, "{products}");
    let products = products.as_array().expect("products").clone();
    assert_eq!(products.len(), 2, "the faucet twice and the washer once: {products:?}");
    let faucet = products.iter().find(|p| p["product"]["serial"] == "SN-88").expect("faucet");
    assert_eq!(faucet["repairs"].as_array().expect("repairs").len(), 2);
    assert_eq!(faucet["product"]["purchased_on"], "2026-03-01");
    assert_eq!(faucet["skill"], "plumbing");
    assert!(faucet["warranty_days_left"].as_i64().expect("days") > 0, "{faucet}");
    let washer_product = products.iter().find(|p| p["product"]["category"] == "washing_machine").expect("washer");
    assert!(washer_product["warranty_days_left"].is_null());

    let path = format!("/api/track/{again_token}");
    let (_, mine) = app.get(&path, Some(&session)).await;
    let history = mine["history"].as_array().expect("history for the signed-in owner");
    assert_eq!(history.len(), 2, "{history:?}");
    let (_, anonymous) = app.get(&path, None).await;
    assert!(anonymous.get("history").is_none(), "no history for the bare link");
    let (_, theirs) = app.get(&format!("/api/track/{others_token}"), Some(&session)).await;
    assert!(theirs.get("history").is_none(), "no history on another customer's request");
    let manager = app.login("manager1@demo.fieldfix.test", PW).await;
    let (_, staff) = app.get(&path, Some(&manager)).await;
    assert!(staff.get("history").is_none());
    let (s, _) = app.get("/api/me/requests", Some(&manager)).await;
    assert_eq!(s, 403);

    let (s, short) = app.post("/api/auth/password", Some(&session), &json!({"password": "short"})).await;
    assert_eq!(s, 422);
    assert_eq!(short["errors"][0]["field"], "password");
    let (s, _) = app.post("/api/auth/password", Some(&session), &json!({"password": "a long enough secret"})).await;
    assert_eq!(s, 204);
    let again_session = app.login("Lin.Returning@example.com", "a long enough secret").await;
    let (s, _) = app.get("/api/me/products", Some(&again_session)).await;
    assert_eq!(s, 200);
    let (s, _) = app.post("/api/auth/password", Some(&manager), &json!({"password": "a long enough secret"})).await;
    assert_eq!(s, 403, "staff passwords are the admin's");
}
on_both_backends_with_smtp!(returning_customer_signs_in_by_link);

async fn sign_in_links_expire_and_are_braked(app: TestApp, sink: SmtpSink) {
    app.load_demo().await;
    let email = "hu.tracked@example.com";
    let (_, tracking) = app.book(&faucet_booking(email)).await;
    let (s, sent) = app.post(&format!("/api/track/{tracking}/account"), None, &json!({})).await;
    assert_eq!(s, 202, "{sent}");
    assert!(!sent.to_string().contains(email), "the tracking link does not reveal the email");
    let token = mailed_link(&sink, email, 1).await;
    app.clock.advance(Duration::minutes(31));
    let (s, expired) = app.post("/api/auth/link/redeem", None, &json!({"token": token})).await;
    assert_eq!(s, 401, "{expired}");
    let (s, _) = app.post("/api/auth/link/redeem", None, &json!({"token": "x".repeat(129)})).await;
    assert_eq!(s, 401);
    let (s, _) = app.post(&format!("/api/track/{tracking}/account"), None, &json!({})).await;
    assert_eq!(s, 202);
    for _ in 0..2 {
        let (s, _) = app.post("/api/auth/link", None, &json!({"email": email})).await;
        assert_eq!(s, 202);
    }
    let res = app.client.post(app.url("/api/auth/link")).json(&json!({"email": email})).send().await.expect("send");
    assert_eq!(res.status(), 429, "three links per email in 15 minutes");
    assert!(res.headers().get("Retry-After").is_some());
    for _ in 0..3 {
        let (s, _) = app.post("/api/auth/link", None, &json!({"email": "nobody.braked@example.com"})).await;
        assert_eq!(s, 202);
    }
    let (s, _) = app.post("/api/auth/link", None, &json!({"email": "nobody.braked@example.com"})).await;
    assert_eq!(s, 429, "an unknown email is braked alike");
    let fresh = mailed_link(&sink, email, 4).await;
    let (s, _) = app.post("/api/auth/link/redeem", None, &json!({"token": fresh})).await;
    assert_eq!(s, 200, "a fresh link works after an expired one");
}
on_both_backends_with_smtp!(sign_in_links_expire_and_are_braked);
