//! The customer moves a booked visit from the tracking link: a window from the slots, the
//! technician's day and the promises follow, a new invitation (same UID, higher SEQUENCE),
//! and the limits (how often, how late, not once on the way).

use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Value};

use crate::helpers::Assigned;
use crate::helpers::TestApp;
use crate::lifecycle::faucet_booking;
use crate::mail::{to, wait_for};
use crate::smtp::{Received, SmtpSink};
use crate::{on_both_backends, on_both_backends_with_smtp};

/// The bookable windows of one local day at the faucet address.
async fn slots_of(app: &TestApp, day: &str) -> Vec<Value> {
    let (s, slots) = app.get(&format!("/api/slots?lat=30.275&lon=120.13&skill=plumbing&from={day}&days=1"), None).await;
    assert_eq!(s, 200, "{slots}");
    slots.as_array().expect("slots").iter().filter(|s| s["available"].as_u64() > Some(0)).cloned().collect()
}

fn window(slot: &Value) -> Value {
    json!({"start": slot["start"], "end": slot["end"]})
}

fn time(v: &Value) -> DateTime<Utc> {
    v.as_str().and_then(|s| DateTime::parse_from_rfc3339(s).ok()).expect("a time").with_timezone(&Utc)
}

fn calendar_line(ics: &str, name: &str) -> String {
    ics.lines().find(|l| l.starts_with(name)).unwrap_or_default().trim().to_string()
}

fn invitations(messages: &[Received], email: &str) -> Vec<String> {
    to(messages, email).iter().filter_map(|m| m.part("text/calendar")).collect()
}

async fn customer_moves_the_visit(app: TestApp, sink: SmtpSink) {
    app.load_demo().await;
    let email = "move.me@example.com";
    let day = slots_of(&app, "2026-11-25").await;
    assert!(day.len() >= 3, "a day of windows: {day:?}");
    let (first, later) = (&day[0], &day[day.len() - 1]);
    let mut body = faucet_booking(email);
    body["window"] = window(first);
    let Assigned { token, visit, tech_email, tech, .. } = app.book_and_assign(&body).await;
    let messages = wait_for(&sink, "the invitation", |m| !invitations(m, email).is_empty()).await;
    let invitation = invitations(&messages, email).remove(0);
    let uid = calendar_line(&invitation, "UID:");
    assert!(uid.len() > 4 && invitation.contains("SEQUENCE:0"), "{invitation}");

    let path = format!("/api/track/{token}/reschedule");
    let night = json!({"start": "2026-11-25T18:00:00Z", "end": "2026-11-25T20:00:00Z"});
    let (s, refused) = app.post(&path, None, &json!({"window": night})).await;
    assert_eq!(s, 422, "02:00 at night is no bookable window: {refused}");
    assert_eq!(refused["errors"][0]["field"], "window");
    let (s, _) = app.post(&path, None, &json!({"window": {"start": first["end"], "end": first["start"]}})).await;
    assert_eq!(s, 422);
    assert_eq!(app.count_where("request_events", "kind = 'rescheduled'").await, 0, "a refusal changes nothing");

    let (s, moved) = app.post(&path, None, &json!({"window": window(later)})).await;
    assert_eq!(s, 200, "{moved}");
    assert_eq!(time(&moved["window"]["start"]), time(&later["start"]));
    assert_eq!(time(&moved["promise"]["arrive_by"]), time(&later["end"]), "the arrival promise follows the window");
    assert!(moved["events"].as_array().expect("events").iter().any(|e| e["kind"] == "rescheduled"));
    let (_, day_plan) = app.get("/api/tech/visits?date=2026-11-25", Some(&tech)).await;
    let planned = day_plan.as_array().expect("visits").iter().find(|v| v["id"] == visit).cloned();
    let tech_mail = |m: &[Received]| to(m, &tech_email).iter().any(|m| m.subject().starts_with("Visit moved"));
    let messages = wait_for(&sink, "the technician's notice and the new invitation", |m| {
        tech_mail(m) && invitations(m, email).len() >= 2
    })
    .await;
    let updated = invitations(&messages, email).pop().expect("a second invitation");
    assert_eq!(calendar_line(&updated, "UID:"), uid, "the same event in the customer's calendar");
    assert!(updated.contains("SEQUENCE:1"), "{updated}");
    match planned {
        Some(v) => {
            let start = time(&v["scheduled_start"]);
            assert!(start >= time(&later["start"]) && start <= time(&later["end"]), "kept, at the new time: {v}");
        }
        None => {
            let (_, view) = app.get(&format!("/api/track/{token}"), None).await;
            assert_eq!(view["status"], "awaiting_technician", "released and offered again: {view}");
        }
    }

    for slot in [first, later] {
        let (s, again) = app.post(&path, None, &json!({"window": window(slot)})).await;
        assert_eq!(s, 200, "{again}");
    }
    let (s, fourth) = app.post(&path, None, &json!({"window": window(&day[1])})).await;
    assert_eq!(s, 409, "{fourth}");
    assert!(fourth["detail"].as_str().is_some_and(|d| d.contains("at most 3 moves")), "{fourth}");

    let mut soon = faucet_booking("move.soon@example.com");
    soon["window"] = window(first);
    let Assigned { token: soon_token, .. } = app.book_and_assign(&soon).await;
    app.clock.set(time(&first["start"]) - Duration::minutes(90));
    let (s, late) =
        app.post(&format!("/api/track/{soon_token}/reschedule"), None, &json!({"window": window(later)})).await;
    assert_eq!(s, 409, "{late}");
    assert!(late["detail"].as_str().is_some_and(|d| d.contains("120 minutes")), "{late}");

    let Assigned { token: going, visit, tech, .. } =
        app.book_and_assign(&faucet_booking("move.going@example.com")).await;
    let (s, _) = app.post(&format!("/api/visits/{visit}/en-route"), Some(&tech), &json!({})).await;
    assert_eq!(s, 200);
    let later_day = slots_of(&app, "2026-11-26").await;
    let (s, on_the_way) =
        app.post(&format!("/api/track/{going}/reschedule"), None, &json!({"window": window(&later_day[0])})).await;
    assert_eq!(s, 409, "{on_the_way}");
    assert_eq!(on_the_way["current_status"], "en_route");
}
on_both_backends_with_smtp!(customer_moves_the_visit);

async fn the_point_sets_how_often_and_how_late(app: TestApp) {
    app.load_demo().await;
    let admin = app.login("admin@demo.fieldfix.test", "fieldfix-demo").await;
    let day = slots_of(&app, "2026-11-25").await;
    let mut body = faucet_booking("move.once@example.com");
    body["window"] = window(&day[0]);
    let Assigned { token, id, .. } = app.book_and_assign(&body).await;
    let manager = app.login("manager1@demo.fieldfix.test", "fieldfix-demo").await;
    let (_, request) = app.get(&format!("/api/requests/{id}"), Some(&manager)).await;
    let sp = request["service_point_id"].as_i64().expect("service point");
    let (_, mut point) = app.get(&format!("/api/admin/service-points/{sp}"), Some(&admin)).await;
    let input = |point: &Value| {
        json!({"name": point["name"], "time_zone": point["time_zone"], "currency": point["currency"],
            "coverage": point["coverage"], "travel_speed_kmh": point["travel_speed_kmh"],
            "detour_factor": point["detour_factor"], "promise_policy": point["promise_policy"],
            "fee_schedule": point["fee_schedule"], "warranty_policy": point["warranty_policy"],
            "rework_days": point["rework_days"], "active": point["active"], "phone": point["phone"]})
    };
    point["promise_policy"]["max_reschedules"] = json!(21);
    let (s, refused) = app.put(&format!("/api/admin/service-points/{sp}"), Some(&admin), &input(&point)).await;
    assert_eq!(s, 422, "{refused}");
    assert_eq!(refused["errors"][0]["field"], "promise_policy.max_reschedules");
    point["promise_policy"]["max_reschedules"] = json!(1);
    let (s, saved) = app.put(&format!("/api/admin/service-points/{sp}"), Some(&admin), &input(&point)).await;
    assert_eq!(s, 200, "{saved}");
    assert_eq!(saved["promise_policy"]["max_reschedules"], 1);

    let path = format!("/api/track/{token}/reschedule");
    let (s, moved) = app.post(&path, None, &json!({"window": window(&day[day.len() - 1])})).await;
    assert_eq!(s, 200, "{moved}");
    let (s, again) = app.post(&path, None, &json!({"window": window(&day[1])})).await;
    assert_eq!(s, 409, "the point allows one move: {again}");
    assert!(again["detail"].as_str().is_some_and(|d| d.contains("at most 1 moves")), "{again}");
}
on_both_backends!(the_point_sets_how_often_and_how_late);
