//! The customer corrects their contact from the tracking page: a new email at once, a new
//! phone once the code sent to it comes back; staff then see the corrected number.

use serde_json::{json, Value};

use crate::helpers::TestApp;
use crate::lifecycle::faucet_booking;
use crate::on_both_backends;
use crate::phone_sign_in::six_digits;
use crate::sms::{texts, wait_texts};

const PW: &str = "fieldfix-demo";
const OLD: &str = "+8613805710000";
const NEW: &str = "+8613905710002";

async fn book(app: &TestApp, email: &str) -> (i64, String) {
    let (s, booked) = app.post("/api/requests", None, &faucet_booking(email)).await;
    assert_eq!(s, 201, "{booked}");
    let token = booked["tracking_url"].as_str().expect("link").rsplit('/').next().expect("token").to_string();
    (booked["id"].as_i64().expect("id"), token)
}

async fn patch(app: &TestApp, token: &str, body: &Value) -> (u16, Value) {
    app.send(reqwest::Method::PATCH, &format!("/api/track/{token}/contact"), None, body).await
}

async fn confirm(app: &TestApp, token: &str, code: &str) -> (u16, Value) {
    app.post(&format!("/api/track/{token}/contact/confirm"), None, &json!({"code": code})).await
}

async fn an_email_correction_applies_at_once(app: TestApp) {
    app.load_demo().await;
    let (_, token) = book(&app, "chen@exmaple.com").await;
    // Nothing to change is refused, also as a JSON array (serde would read it as the fields).
    for empty in [json!({}), json!([null, null])] {
        let (s, refused) = patch(&app, &token, &empty).await;
        assert_eq!((s, refused["errors"][0]["field"].as_str()), (422, Some("phone")), "{empty}: {refused}");
    }
    let (s, changed) = patch(&app, &token, &json!({"email": " Chen@Example.com "})).await;
    assert_eq!(s, 200, "{changed}");
    assert_eq!(changed["email"], "chen@example.com");
    assert_eq!((changed["email_changed"].as_bool(), changed["phone_code_sent"].as_bool()), (Some(true), Some(false)));
    assert_eq!(app.count_where("users", "email = 'chen@example.com'").await, 1);
    assert_eq!(app.count_where("users", "email = 'chen@exmaple.com'").await, 0, "the mistyped one is gone");
    let told = "kind = 'contact_changed' AND recipient = 'chen@exmaple.com' AND payload NOT LIKE '%/track/%'";
    assert_eq!(app.count_where("outbox", told).await, 1, "the former email is told, without a link");
    let (_, tracked) = app.get(&format!("/api/track/{token}"), None).await;
    let kinds: Vec<&str> =
        tracked["events"].as_array().expect("events").iter().filter_map(|e| e["kind"].as_str()).collect();
    assert!(kinds.contains(&"contact_corrected"), "{tracked}");

    // Another account's email is refused (409) and nothing changes.
    let (_, other) = book(&app, "someone.else@example.com").await;
    let (s, refused) = patch(&app, &other, &json!({"email": "chen@example.com"})).await;
    assert_eq!(s, 409, "{refused}");
    assert_eq!(app.count_where("users", "email = 'someone.else@example.com'").await, 1);
    let (s, bad) = patch(&app, &token, &json!({"email": "not an email"})).await;
    assert_eq!(s, 422, "checked like a booking's: {bad}");
}
on_both_backends!(an_email_correction_applies_at_once);

/// The customer's phone as the manager's view of the request shows it.
async fn phone_staff_see(app: &TestApp, manager: &str, id: i64) -> String {
    let (s, view) = app.get(&format!("/api/requests/{id}"), Some(manager)).await;
    assert_eq!(s, 200, "{view}");
    view["customer"]["phone"].as_str().unwrap_or_default().to_string()
}

/// The customer's phone as the technician's day shows it.
async fn phone_technician_sees(app: &TestApp, technician: &str, id: i64) -> String {
    let (s, visits) = app.get("/api/tech/visits?days=14", Some(technician)).await;
    assert_eq!(s, 200, "{visits}");
    let visit = visits.as_array().expect("visits").iter().find(|v| v["request_id"] == id).cloned().unwrap_or_default();
    visit["customer"]["phone"].as_str().unwrap_or_default().to_string()
}

async fn a_new_phone_is_used_only_once_confirmed(app: TestApp) {
    app.load_demo().await;
    let manager = app.login("manager1@demo.fieldfix.test", PW).await;
    let (id, token) = book(&app, "chen@example.com").await;
    assert_eq!(phone_staff_see(&app, &manager, id).await, OLD);
    let (_, candidates) = app.get(&format!("/api/requests/{id}/candidates"), Some(&manager)).await;
    let tech = candidates[0]["technician"]["id"].as_i64().expect("a candidate");
    let (s, assigned) =
        app.post(&format!("/api/requests/{id}/assign"), Some(&manager), &json!({"technician_id": tech})).await;
    assert_eq!(s, 200, "{assigned}");
    let admin = app.login("admin@demo.fieldfix.test", PW).await;
    let technician = app.login(&app.tech_email(&admin, tech).await, PW).await;
    assert_eq!(phone_technician_sees(&app, &technician, id).await, OLD);

    let (s, changed) = patch(&app, &token, &json!({"phone": "139 0571 0002"})).await;
    assert_eq!(s, 200, "{changed}");
    assert_eq!((changed["phone_code_sent"].as_bool(), changed["valid_minutes"].as_i64()), (Some(true), Some(10)));
    let text = wait_texts(&app, NEW, 1).await.remove(0);
    let code = six_digits(&text);
    assert_eq!(phone_staff_see(&app, &manager, id).await, OLD, "not before it is confirmed");
    assert_eq!(phone_technician_sees(&app, &technician, id).await, OLD);

    let wrong = format!("{:06}", (code.parse::<u32>().expect("digits") + 1) % 1_000_000);
    let (s, refused) = confirm(&app, &token, &wrong).await;
    assert_eq!(s, 422, "{refused}");
    assert_eq!(refused["errors"][0]["field"], "code");
    assert_eq!(phone_staff_see(&app, &manager, id).await, OLD);

    let (s, _) = confirm(&app, &token, &code).await;
    assert_eq!(s, 204);
    assert_eq!(phone_staff_see(&app, &manager, id).await, NEW, "the manager sees the corrected number");
    assert_eq!(phone_technician_sees(&app, &technician, id).await, NEW, "and so does the technician");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let told = loop {
        let to_old: Vec<String> = texts(&app).into_iter().filter(|(to, _)| to == OLD).map(|(_, t)| t).collect();
        if let Some(t) = to_old.into_iter().find(|t| t.contains("was changed")) {
            break t;
        }
        assert!(std::time::Instant::now() < deadline, "the former number is told of the change");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    };
    assert!(!told.contains("/t/") && !told.contains(&code), "without a link: {told}");
    let (s, again) = confirm(&app, &token, &code).await;
    assert_eq!(s, 422, "a code works once: {again}");
    let (_, tracked) = app.get(&format!("/api/track/{token}"), None).await;
    let events = tracked["events"].as_array().expect("events");
    assert!(events.iter().any(|e| e["kind"] == "contact_corrected"), "{tracked}");
    let details: Vec<&str> = events.iter().filter_map(|e| e["detail"].as_str()).collect();
    assert!(details.iter().all(|d| !d.contains("0571")), "no phone number in the timeline: {details:?}");
    assert!(texts(&app).iter().all(|(to, t)| to == NEW || !t.contains(&code)), "the code went to the new number only");

    let (s, landline) = patch(&app, &token, &json!({"phone": "0571 8800 0000"})).await;
    assert_eq!(s, 422, "a code cannot reach a landline: {landline}");
}
on_both_backends!(a_new_phone_is_used_only_once_confirmed);

async fn wrong_confirmation_codes_count(app: TestApp) {
    app.load_demo().await;
    let manager = app.login("manager1@demo.fieldfix.test", PW).await;
    let (id, token) = book(&app, "chen@example.com").await;
    let (s, _) = patch(&app, &token, &json!({"phone": "+86 139 0571 0002"})).await;
    assert_eq!(s, 200);
    let code = six_digits(&wait_texts(&app, NEW, 1).await.remove(0));
    let wrong = format!("{:06}", (code.parse::<u32>().expect("digits") + 7) % 1_000_000);
    for _ in 0..5 {
        let (s, _) = confirm(&app, &token, &wrong).await;
        assert_eq!(s, 422);
    }
    let (s, ended) = confirm(&app, &token, &code).await;
    assert_eq!(s, 422, "five wrong tries end the code: {ended}");
    assert_eq!(phone_staff_see(&app, &manager, id).await, OLD);

    // Corrections are braked per tracking link.
    for _ in 0..4 {
        let (s, _) = patch(&app, &token, &json!({"email": "chen@example.com"})).await;
        assert_eq!(s, 200);
    }
    let res = app
        .client
        .patch(app.url(&format!("/api/track/{token}/contact")))
        .json(&json!({"phone": "139 0571 0003"}))
        .send()
        .await
        .expect("send");
    assert_eq!(res.status(), 429, "five corrections per link in 15 minutes");
    assert!(res.headers().get("Retry-After").is_some());
    assert_eq!(app.count_where("outbox", "recipient = '+8613905710003'").await, 0, "nothing sent past the limit");
}
on_both_backends!(wrong_confirmation_codes_count);
