//! A visit fitted in before another pushes that one later, within its promise: the one pushed
//! is stored at the time it really starts, so the technician's day shows it and the next
//! visit fitted into the day is fitted around it.

use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Value};

use crate::helpers::TestApp;
use crate::lifecycle::faucet_booking;
use crate::on_both_backends;

fn time(v: &Value) -> DateTime<Utc> {
    v.as_str().and_then(|s| DateTime::parse_from_rfc3339(s).ok()).expect("a time").with_timezone(&Utc)
}

fn at(text: &str) -> DateTime<Utc> {
    time(&json!(text))
}

/// The technician's stored (start, end) of `visit` on 2026-11-25.
async fn stored(app: &TestApp, tech: &str, visit: i64) -> (DateTime<Utc>, DateTime<Utc>) {
    let (s, day) = app.get("/api/tech/visits?date=2026-11-25", Some(tech)).await;
    assert_eq!(s, 200, "{day}");
    let v = day.as_array().expect("visits").iter().find(|v| v["id"] == visit).cloned();
    let v = v.unwrap_or_else(|| panic!("visit {visit} on the technician's day: {day}"));
    (time(&v["scheduled_start"]), time(&v["scheduled_end"]))
}

async fn a_visit_put_before_another_moves_it_to_when_it_really_starts(app: TestApp) {
    app.load_demo().await;
    let manager = app.login("manager1@demo.fieldfix.test", "fieldfix-demo").await;
    let admin = app.login("admin@demo.fieldfix.test", "fieldfix-demo").await;
    // The first visit: at the faucet address, 14:00-16:00 tomorrow (Shanghai).
    let mut first = faucet_booking("first.visit@example.com");
    first["window"] = json!({"start": "2026-11-25T06:00:00Z", "end": "2026-11-25T08:00:00Z"});
    let (first_id, _) = app.book(&first).await;
    let (tech_id, first_visit) = app.assign_first(first_id, &manager).await;
    let tech = app.login(&app.tech_email(&admin, tech_id).await, "fieldfix-demo").await;
    let (before, _) = stored(&app, &tech, first_visit).await;
    assert!(before <= at("2026-11-25T06:15:00Z"), "the first visit starts early in its window: {before}");

    // The second: some 9 km north-east, 13:00-15:00. After the first it would start too
    // late; before it, it ends at 14:00 and the first starts after the drive, within its
    // promise (16:00).
    let mut second = faucet_booking("second.visit@example.com");
    second["location"] = json!({"lat": 30.33, "lon": 120.20});
    second["address"] = json!("88 Gudun Road, Hangzhou");
    second["window"] = json!({"start": "2026-11-25T05:00:00Z", "end": "2026-11-25T07:00:00Z"});
    let (second_id, _) = app.book(&second).await;
    let second_visit = app.assign(second_id, &manager, tech_id).await;
    let (second_start, second_end) = stored(&app, &tech, second_visit).await;
    assert!(second_end <= before + Duration::minutes(5), "the second goes first: {second_start}-{second_end}");

    let (after, _) = stored(&app, &tech, first_visit).await;
    assert!(after >= second_end + Duration::minutes(10), "the first starts after the drive from the second: {after}");
    assert!(after > before, "the first visit's stored start moved with it: {before} -> {after}");
    assert!(after <= at("2026-11-25T08:00:00Z"), "and it keeps its promise: {after}");
    let (s, view) = app.get(&format!("/api/requests/{first_id}"), Some(&manager)).await;
    assert_eq!(s, 200, "{view}");
    let events = view["events"].as_array().expect("events");
    assert!(events.iter().any(|e| e["kind"] == "replanned"), "its history says it moved: {view}");

    // Moved by a quarter of an hour or more: its customer gets the updated invitation (a
    // higher SEQUENCE) and a text message; the customer of the visit put in before is told
    // only that it was booked and assigned.
    assert!(after - before >= Duration::minutes(15), "a move worth telling: {before} -> {after}");
    let told = rescheduled(&app, first_id, "mail").await;
    assert_eq!(told.len(), 1, "the pushed visit's customer is told once: {told:?}");
    assert!(told[0].contains("SEQUENCE:1"), "the invitation replaces the first: {}", told[0]);
    assert_eq!(rescheduled(&app, first_id, "sms").await.len(), 1, "and gets a text message");
    assert!(rescheduled(&app, second_id, "mail").await.is_empty(), "the visit put in did not move");
}

on_both_backends!(a_visit_put_before_another_moves_it_to_when_it_really_starts);

/// The payloads of the "visit rescheduled" messages of request `id` sent by `channel`.
async fn rescheduled(app: &TestApp, id: i64, channel: &str) -> Vec<String> {
    let condition = format!("kind = 'visit_rescheduled' AND channel = '{channel}' AND request_id = {id}");
    app.texts_where("outbox", "payload", &condition).await
}
