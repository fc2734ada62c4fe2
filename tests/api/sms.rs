//! Customers by phone: a booking with a mobile number and no email, its notices as text
//! messages (files here; the real gateway in `kannel.rs`), the short link, delivery reports.

use std::time::{Duration as StdDuration, Instant};

use serde_json::{json, Value};

use crate::helpers::TestApp;
use crate::lifecycle::faucet_booking;
use crate::{on_both_backends, on_both_backends_with};

const PW: &str = "fieldfix-demo";

/// A Chinese booking by phone alone.
pub fn phone_only_booking(phone: &str) -> Value {
    let mut b = faucet_booking("unused@example.com");
    b["customer"] = json!({"name": "王芳", "phone": phone});
    b["language"] = json!("zh-CN");
    b
}

/// The text messages written so far: (to, text), oldest first.
pub fn texts(app: &TestApp) -> Vec<(String, String)> {
    let mut files: Vec<_> = std::fs::read_dir(&app.sms_dir)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok());
    files
        .into_iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .filter_map(|body| {
            let (head, text) = body.split_once("\n\n")?;
            Some((head.strip_prefix("To: ")?.to_string(), text.trim_end().to_string()))
        })
        .collect()
}

/// Polls until `n` text messages to `to` were written, or fails after 20 s.
pub async fn wait_texts(app: &TestApp, to: &str, n: usize) -> Vec<String> {
    let deadline = Instant::now() + StdDuration::from_secs(20);
    loop {
        let mine: Vec<String> = texts(app).into_iter().filter(|(t, _)| t == to).map(|(_, text)| text).collect();
        if mine.len() >= n {
            return mine;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {n} texts to {to}; got {mine:?}");
        tokio::time::sleep(StdDuration::from_millis(20)).await;
    }
}

/// The short code of the link in a text message.
pub fn short_code(text: &str) -> String {
    text.split("/t/")
        .nth(1)
        .expect("a short link")
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

/// The segments a text takes, counted here without the server's code: UCS-2 when any
/// character is outside ASCII (67 UTF-16 units a segment when concatenated), else 153.
fn segments(text: &str) -> usize {
    let (units, single, each) =
        if text.is_ascii() { (text.len(), 160, 153) } else { (text.encode_utf16().count(), 70, 67) };
    if units <= single {
        1
    } else {
        units.div_ceil(each)
    }
}

async fn phone_only_booking_is_told_by_text(app: TestApp) {
    app.load_demo().await;
    let (s, booked) = app.post("/api/requests", None, &phone_only_booking("138 0571 0000")).await;
    assert_eq!(s, 201, "no email is needed: {booked}");
    let id = booked["id"].as_i64().expect("id");
    let stored = app.texts_where("users", "phone", "role = 'customer' AND email IS NULL").await;
    assert_eq!(stored, ["+8613805710000"], "kept in E.164, read in the point's region");

    let sent = wait_texts(&app, "+8613805710000", 1).await;
    let text = &sent[0];
    assert!(text.contains("【fieldfix】") && text.contains("已受理"), "in the booking's language: {text}");
    assert!(text.contains(booked["reference"].as_str().expect("reference")), "{text}");
    assert!(segments(text) <= 3, "at most three segments: {text}");
    let code = short_code(text);
    assert!(code.len() >= 16, "at least 96 bits: {code}");
    let res = app.client.get(app.url(&format!("/t/{code}"))).send().await.expect("short link");
    assert_eq!(res.status(), 302);
    assert_eq!(res.headers()["location"], format!("/track/{code}").as_str());
    let (s, tracked) = app.get(&format!("/api/track/{code}"), None).await;
    assert_eq!((s, tracked["id"].as_i64()), (200, Some(id)), "the short code opens the tracking page");
    let hashes = app.count_where("access_links", &format!("token_hash = '{code}'")).await;
    assert_eq!(hashes, 0, "the code is kept hashed, never as it is");

    // Assigned: the technician and the time come by text too.
    let manager = app.login("manager1@demo.fieldfix.test", PW).await;
    let tech = app.first_candidate(id, &manager).await;
    let (s, assigned) =
        app.post(&format!("/api/requests/{id}/assign"), Some(&manager), &json!({"technician_id": tech})).await;
    assert_eq!(s, 200, "{assigned}");
    let sent = wait_texts(&app, "+8613805710000", 2).await;
    assert!(sent[1].contains("师傅") && sent[1].contains("上门"), "{}", sent[1]);
    assert!(segments(&sent[1]) <= 3, "{}", sent[1]);

    // The same phone books again, written another way: the same customer.
    let (s, again) = app.post("/api/requests", None, &phone_only_booking("+86-138-0571-0000")).await;
    assert_eq!(s, 201, "{again}");
    assert_eq!(app.count_where("users", "role = 'customer'").await, 1, "one customer per phone");
}
on_both_backends!(phone_only_booking_is_told_by_text);

async fn phones_are_checked_as_phones(app: TestApp) {
    app.load_demo().await;
    let cases = [
        ("138 0571 000", "11 digits"),
        ("call me", "is not a phone number"),
        ("0571 8800 0000", "is not a mobile number"),
    ];
    for (phone, says) in cases {
        let (s, problem) = app.post("/api/requests", None, &phone_only_booking(phone)).await;
        assert_eq!(s, 422, "{phone}: {problem}");
        let errors = problem["errors"].as_array().expect("errors");
        assert!(
            errors
                .iter()
                .any(|e| e["field"] == "customer.phone" && e["reason"].as_str().is_some_and(|r| r.contains(says))),
            "{phone}: {problem}"
        );
    }
    let mut landline_with_email = phone_only_booking("0571 8800 0000");
    landline_with_email["customer"]["email"] = json!("landline@example.com");
    let (s, booked) = app.post("/api/requests", None, &landline_with_email).await;
    assert_eq!(s, 201, "a landline does with an email beside it: {booked}");
    assert_eq!(app.count("repair_requests").await, 1, "nothing refused was stored");
    assert!(texts(&app).is_empty(), "no text message to a landline");
}
on_both_backends!(phones_are_checked_as_phones);

const SECRET: &str = "dlr-secret-for-tests";

fn with_secret(s: &mut fieldfix::config::Settings) {
    s.sms_inbound_secret = Some(SECRET.into());
}

async fn delivery_reports_need_the_secret(app: TestApp) {
    let secret = SECRET;
    app.load_demo().await;
    let (s, _) = app.post("/api/requests", None, &phone_only_booking("13905710001")).await;
    assert_eq!(s, 201);
    wait_texts(&app, "+8613905710001", 1).await;
    let deadline = Instant::now() + StdDuration::from_secs(20);
    let id = loop {
        let ids = app.texts_where("outbox", "CAST(id AS TEXT)", "channel = 'sms' AND status = 'sent'").await;
        if let Some(id) = ids.first() {
            break id.clone();
        }
        assert!(Instant::now() < deadline, "the text is recorded as sent");
        tokio::time::sleep(StdDuration::from_millis(20)).await;
    };
    for query in [format!("id={id}&status=1"), format!("secret=wrong&id={id}&status=1")] {
        let res = app.client.get(app.url(&format!("/api/sms/dlr?{query}"))).send().await.expect("dlr");
        assert_eq!(res.status(), 401, "{query}");
    }
    assert_eq!(app.count_where("outbox", "delivery IS NOT NULL").await, 0, "nothing recorded without the secret");
    let res =
        app.client.get(app.url(&format!("/api/sms/dlr?secret={secret}&id={id}&status=7"))).send().await.expect("dlr");
    assert_eq!(res.status(), 422);
    let res =
        app.client.get(app.url(&format!("/api/sms/dlr?secret={secret}&id={id}&status=1"))).send().await.expect("dlr");
    assert_eq!(res.status(), 204);
    assert_eq!(app.texts_where("outbox", "delivery", &format!("id = {id}")).await, ["delivered"]);
    let metrics = app.client.get(format!("{}/metrics", app.metrics_address.clone().expect("metrics"))).send().await;
    let text = metrics.expect("metrics").text().await.expect("text");
    assert!(text.contains("fieldfix_sms_deliveries{delivery=\"delivered\"} 1"), "{text}");
    assert!(text.contains("fieldfix_outbox_channel_messages{channel=\"sms\",status=\"sent\"}"), "{text}");
}
on_both_backends_with!(delivery_reports_need_the_secret, super::with_secret);
