//! Signing in by phone: a six-digit code by text message, redeemed for a session like a
//! sign-in link; unknown phones answered alike; five wrong tries end a code; codes expire;
//! limits per phone.

use std::time::{Duration as StdDuration, Instant};

use serde_json::{json, Value};

use crate::helpers::TestApp;
use crate::on_both_backends;
use crate::sms::{phone_only_booking, texts, wait_texts};

const PHONE: &str = "+8613805710000";

/// The six-digit code in a text message.
pub fn six_digits(text: &str) -> String {
    let digits: Vec<char> = text.chars().collect();
    digits
        .windows(6)
        .enumerate()
        .find(|(i, w)| {
            w.iter().all(char::is_ascii_digit)
                && (*i == 0 || !digits[i - 1].is_ascii_digit())
                && digits.get(i + 6).is_none_or(|c| !c.is_ascii_digit())
        })
        .map(|(_, w)| w.iter().collect())
        .expect("a six-digit code in the text")
}

/// A code that is not `code`.
fn wrong(code: &str) -> String {
    let n: u32 = code.parse().expect("digits");
    format!("{:06}", (n + 1) % 1_000_000)
}

/// The sign-in codes texted to `to` so far.
fn code_texts(app: &TestApp, to: &str) -> Vec<String> {
    texts(app)
        .into_iter()
        .filter(|(t, text)| t == to && (text.contains("验证码") || text.contains("sign-in code")))
        .map(|(_, text)| text)
        .collect()
}

/// Asks for a code for `phone` and waits for the new code texted to `to`.
async fn code_for(app: &TestApp, phone: &str, to: &str) -> String {
    let before = code_texts(app, to);
    let (s, sent) = app.post("/api/auth/sms-code", None, &json!({"phone": phone})).await;
    assert_eq!(s, 202, "{sent}");
    six_digits(&new_code_text(app, to, &before).await)
}

/// Waits for a code text to `to` that is not among `before`.
async fn new_code_text(app: &TestApp, to: &str, before: &[String]) -> String {
    let deadline = Instant::now() + StdDuration::from_secs(20);
    loop {
        if let Some(new) = code_texts(app, to).iter().find(|t| !before.contains(t)) {
            return new.clone();
        }
        assert!(Instant::now() < deadline, "timed out waiting for a code to {to}");
        tokio::time::sleep(StdDuration::from_millis(20)).await;
    }
}

async fn redeem(app: &TestApp, phone: &str, code: &str) -> (u16, Value) {
    app.post("/api/auth/sms-code/redeem", None, &json!({"phone": phone, "code": code})).await
}

async fn a_phone_only_customer_signs_in_by_code_and_sees_their_repairs(app: TestApp) {
    app.load_demo().await;
    let (s, booked) = app.post("/api/requests", None, &phone_only_booking("138 0571 0000")).await;
    assert_eq!(s, 201, "{booked}");
    wait_texts(&app, PHONE, 1).await;

    let (s, sent) = app.post("/api/auth/sms-code", None, &json!({"phone": "138 0571 0000"})).await;
    assert_eq!(s, 202, "{sent}");
    assert_eq!(sent, json!({"status": "sent", "valid_minutes": 10}));
    let text = new_code_text(&app, PHONE, &[]).await;
    assert!(text.contains("验证码"), "in the language of the latest booking: {text}");
    let code = six_digits(&text);
    assert_eq!(app.count_where("phone_codes", &format!("code_hash LIKE '%{code}%'")).await, 0, "kept hashed");

    let res = app
        .client
        .post(app.url("/api/auth/sms-code/redeem"))
        .json(&json!({"phone": "+86 138-0571-0000", "code": code}))
        .send()
        .await
        .expect("redeem");
    assert_eq!(res.status(), 200);
    let cookie = res.headers().get("set-cookie").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    assert!(cookie.starts_with("fieldfix_session=") && cookie.contains("HttpOnly"), "{cookie}");
    let signed: Value = res.json().await.expect("json");
    assert_eq!(signed["user"]["role"], "customer", "{signed}");
    assert_eq!(signed["user"]["name"], "王芳");
    let session = signed["token"].as_str().expect("session").to_string();

    let (s, mine) = app.get("/api/me/requests", Some(&session)).await;
    assert_eq!(s, 200, "{mine}");
    let ids: Vec<i64> = mine.as_array().expect("list").iter().filter_map(|r| r["id"].as_i64()).collect();
    assert_eq!(ids, [booked["id"].as_i64().expect("id")], "{mine}");

    let (s, again) = redeem(&app, PHONE, &code).await;
    assert_eq!(s, 401, "a code works once: {again}");
}
on_both_backends!(a_phone_only_customer_signs_in_by_code_and_sees_their_repairs);

async fn a_shared_phone_signs_in_the_customer_with_the_latest_request(app: TestApp) {
    app.load_demo().await;
    let mut first = phone_only_booking("138 0571 0000");
    first["customer"] = json!({"name": "Older", "email": "older@example.com", "phone": "13805710000"});
    let (s, _) = app.post("/api/requests", None, &first).await;
    assert_eq!(s, 201);
    app.clock.advance(chrono::Duration::minutes(1));
    let mut second = first.clone();
    second["customer"] = json!({"name": "Latest", "email": "latest@example.com", "phone": "13805710000"});
    let (s, _) = app.post("/api/requests", None, &second).await;
    assert_eq!(s, 201);
    assert_eq!(app.count_where("users", &format!("phone = '{PHONE}'")).await, 2, "two customers share the phone");
    let code = code_for(&app, PHONE, PHONE).await;
    let (s, signed) = redeem(&app, PHONE, &code).await;
    assert_eq!((s, signed["user"]["name"].as_str()), (200, Some("Latest")), "{signed}");
}
on_both_backends!(a_shared_phone_signs_in_the_customer_with_the_latest_request);

async fn an_unknown_phone_is_answered_alike_and_sent_nothing(app: TestApp) {
    app.load_demo().await;
    let (s, _) = app.post("/api/requests", None, &phone_only_booking("138 0571 0000")).await;
    assert_eq!(s, 201);
    let (s, unknown) = app.post("/api/auth/sms-code", None, &json!({"phone": "139 0571 9999"})).await;
    assert_eq!(s, 202, "{unknown}");
    // A known phone asked after it: once its code arrived, the unknown one had its turn.
    let (s, known) = app.post("/api/auth/sms-code", None, &json!({"phone": "138 0571 0000"})).await;
    assert_eq!((s, &known), (202, &unknown), "the same answer whether or not the phone is known");
    wait_texts(&app, PHONE, 2).await;
    assert!(texts(&app).iter().all(|(to, _)| to != "+8613905719999"), "nothing to an unknown phone");
    assert_eq!(app.count_where("outbox", "recipient = '+8613905719999'").await, 0);
    assert_eq!(app.count_where("phone_codes", "phone = '+8613905719999'").await, 0);
    let (s, refused) = redeem(&app, "13905719999", "123456").await;
    assert_eq!(s, 401, "{refused}");
    let (s, malformed) = redeem(&app, PHONE, "12345").await;
    assert_eq!(s, 422, "{malformed}");
}
on_both_backends!(an_unknown_phone_is_answered_alike_and_sent_nothing);

async fn five_wrong_codes_end_the_code(app: TestApp) {
    app.load_demo().await;
    let (s, _) = app.post("/api/requests", None, &phone_only_booking("138 0571 0000")).await;
    assert_eq!(s, 201);
    // Four wrong tries leave the code working.
    let code = code_for(&app, PHONE, PHONE).await;
    for _ in 0..4 {
        let (s, _) = redeem(&app, PHONE, &wrong(&code)).await;
        assert_eq!(s, 401);
    }
    let (s, signed) = redeem(&app, PHONE, &code).await;
    assert_eq!(s, 200, "four wrong tries do not end it: {signed}");
    // The fifth ends it: the right code no longer works.
    let code = code_for(&app, PHONE, PHONE).await;
    for _ in 0..5 {
        let (s, _) = redeem(&app, PHONE, &wrong(&code)).await;
        assert_eq!(s, 401);
    }
    let (s, ended) = redeem(&app, PHONE, &code).await;
    assert_eq!(s, 401, "the right code after five wrong ones: {ended}");
    assert_eq!(app.count_where("phone_codes", "attempts = 5 AND ended_at IS NOT NULL").await, 1);
}
on_both_backends!(five_wrong_codes_end_the_code);

async fn an_expired_code_fails_like_a_wrong_one(app: TestApp) {
    app.load_demo().await;
    let (s, _) = app.post("/api/requests", None, &phone_only_booking("138 0571 0000")).await;
    assert_eq!(s, 201);
    let first = code_for(&app, PHONE, PHONE).await;
    app.clock.advance(chrono::Duration::minutes(11));
    let (s, expired) = redeem(&app, PHONE, &first).await;
    assert_eq!(s, 401, "ten minutes only: {expired}");
    let (s, wrong_one) = redeem(&app, PHONE, &wrong(&first)).await;
    assert_eq!(wrong_one["detail"], expired["detail"], "never saying which: {s}");
    // A newer code ends the older one.
    let second = code_for(&app, PHONE, PHONE).await;
    let third = code_for(&app, PHONE, PHONE).await;
    if second != third {
        let (s, _) = redeem(&app, PHONE, &second).await;
        assert_eq!(s, 401, "only the latest code works");
    }
    let (s, _) = redeem(&app, PHONE, &third).await;
    assert_eq!(s, 200);
}
on_both_backends!(an_expired_code_fails_like_a_wrong_one);

async fn a_fourth_code_for_a_phone_is_braked_and_sends_nothing(app: TestApp) {
    app.load_demo().await;
    let (s, _) = app.post("/api/requests", None, &phone_only_booking("138 0571 0000")).await;
    assert_eq!(s, 201);
    for _ in 0..3 {
        code_for(&app, "13805710000", PHONE).await;
    }
    let res = app
        .client
        .post(app.url("/api/auth/sms-code"))
        .json(&json!({"phone": "+86 138 0571 0000"}))
        .send()
        .await
        .expect("send");
    assert_eq!(res.status(), 429, "three codes per phone in 15 minutes");
    assert!(res.headers().get("Retry-After").is_some());
    assert_eq!(app.count_where("phone_codes", &format!("phone = '{PHONE}'")).await, 3, "the fourth wrote no code");
    assert_eq!(app.count_where("outbox", "kind = 'sign_in_code'").await, 3, "and sent nothing");
    // Another phone from the same address still gets its code.
    let (s, _) = app.post("/api/requests", None, &phone_only_booking("139 0571 0001")).await;
    assert_eq!(s, 201);
    code_for(&app, "13905710001", "+8613905710001").await;
}
on_both_backends!(a_fourth_code_for_a_phone_is_braked_and_sends_nothing);
