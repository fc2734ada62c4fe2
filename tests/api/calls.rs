//! The next-day call: a completed visit is on the list the next business day, with the
//! customer's name, phone, what was done and the rating; not reached is tried again the next
//! day, at most three times; not satisfied opens a follow-up, once; the figures count it.

use chrono::Duration;
use serde_json::{json, Value};

use crate::helpers::TestApp;
use crate::lifecycle::{book_and_assign, faucet_booking, Assigned};
use crate::on_both_backends;

const PW: &str = "fieldfix-demo";

/// Books, assigns and completes a faucet repair today; returns it and its service point.
async fn completed_repair(app: &TestApp, email: &str) -> (Assigned, i64) {
    let done = book_and_assign(app, &faucet_booking(email)).await;
    for step in ["en-route", "arrive"] {
        let (s, _) = app.post(&format!("/api/visits/{}/{step}", done.visit), Some(&done.tech), &json!({})).await;
        assert_eq!(s, 200);
    }
    let outcome = json!({"diagnosis": "Wrong washer fitted", "root_cause": "installation error",
        "work_done": "Fitted the right washer", "resolution": "resolved",
        "lines": [{"kind": "call_out", "description": "Call-out", "quantity": 1}]});
    let (s, _) = app.post(&format!("/api/visits/{}/outcome", done.visit), Some(&done.tech), &outcome).await;
    assert_eq!(s, 200);
    let (s, _) = app.post(&format!("/api/visits/{}/complete", done.visit), Some(&done.tech), &json!({})).await;
    assert_eq!(s, 200);
    let (_, tracked) = app.get(&format!("/api/track/{}", done.token), None).await;
    let sp = tracked["service_point_id"].as_i64().expect("service point");
    (done, sp)
}

async fn calls_on(app: &TestApp, sp: i64, date: &str, token: &str) -> Vec<Value> {
    let (s, list) = app.get(&format!("/api/manage/calls?service_point={sp}&date={date}"), Some(token)).await;
    assert_eq!(s, 200, "{list}");
    list["calls"].as_array().expect("calls").clone()
}

async fn record(app: &TestApp, id: i64, token: &str, body: Value) -> (u16, Value) {
    app.post(&format!("/api/manage/calls/{id}"), Some(token), &body).await
}

async fn next_day_calls_retry_open_follow_ups_and_count(app: TestApp) {
    app.load_demo().await;
    let manager = app.login("manager1@demo.fieldfix.test", PW).await;
    let (unhappy, sp) = completed_repair(&app, "unhappy@example.com").await;
    let (unreachable, _) = completed_repair(&app, "unreachable@example.com").await;
    let (_, tracked) = app.get(&format!("/api/track/{}", unhappy.token), None).await;
    let rating_token =
        tracked["rating_url"].as_str().expect("rating url").rsplit('/').next().expect("token").to_string();
    let rating =
        json!({"stars": 3, "punctuality": 4, "professionalism": 4, "resolution": 2, "comment": "Still drips."});
    assert_eq!(app.post(&format!("/api/ratings/{rating_token}"), None, &rating).await.0, 201);

    assert!(calls_on(&app, sp, "2026-11-24", &manager).await.is_empty(), "not on the day of the visit");
    let due = calls_on(&app, sp, "2026-11-25", &manager).await;
    assert_eq!(due.len(), 2, "{due:?}");
    let first = due.iter().find(|c| c["request_id"] == unhappy.id).expect("the rated repair");
    assert_eq!(first["customer_name"], "Chen Xiaoming");
    assert_eq!(first["phone"], "+86 138 0571 0000");
    assert_eq!(first["work_done"], "Fitted the right washer");
    assert_eq!((first["rating"].as_i64(), first["attempts"].as_i64()), (Some(3), Some(0)));
    let unhappy_call = first["id"].as_i64().expect("id");
    let other_call =
        due.iter().find(|c| c["request_id"] == unreachable.id).expect("the other")["id"].as_i64().expect("id");

    let manager2 = app.login("manager2@demo.fieldfix.test", PW).await;
    let (s, _) = app.get(&format!("/api/manage/calls?service_point={sp}"), Some(&manager2)).await;
    assert_eq!(s, 403, "another point's list");
    let (s, _) = record(&app, unhappy_call, &manager2, json!({"reached": false})).await;
    assert_eq!(s, 404, "another point's call");
    let (s, problem) = record(&app, unhappy_call, &manager, json!({"reached": true})).await;
    assert_eq!(s, 422, "{problem}");
    assert!(problem.to_string().contains("satisfied"));

    app.clock.advance(Duration::days(1));
    let (s, _) = app.get("/api/manage/calls", Some(&manager)).await;
    assert_eq!(s, 200, "today by default");
    let (s, tried) = record(&app, unhappy_call, &manager, json!({"reached": false, "notes": "No answer"})).await;
    assert_eq!(
        (s, tried["attempts"].as_i64(), tried["due_on"].as_str()),
        (200, Some(1), Some("2026-11-26")),
        "{tried}"
    );
    assert_eq!(record(&app, other_call, &manager, json!({"reached": false})).await.0, 200);
    assert!(calls_on(&app, sp, "2026-11-25", &manager).await.is_empty(), "tried again tomorrow");

    app.clock.advance(Duration::days(1));
    let due = calls_on(&app, sp, "2026-11-26", &manager).await;
    assert_eq!(due.len(), 2);
    let body = json!({"reached": true, "satisfied": false, "notes": "The faucet drips again"});
    let (s, reached) = record(&app, unhappy_call, &manager, body.clone()).await;
    assert_eq!((s, reached["status"].as_str()), (200, Some("reached")), "{reached}");
    assert_eq!(reached["notes"], "No answer\nThe faucet drips again");
    let open_tasks = format!("request_id = {} AND status = 'open'", unhappy.id);
    assert_eq!(app.count_where("follow_up_tasks", &open_tasks).await, 1, "not satisfied opens a follow-up");
    let (s, _) = record(&app, unhappy_call, &manager, body).await;
    assert_eq!(s, 409, "recorded once");
    assert_eq!(app.count_where("follow_up_tasks", &open_tasks).await, 1, "and no second follow-up");
    let (_, queue) = app.get("/api/manage/queue", Some(&manager)).await;
    let queued = queue.as_array().expect("queue").iter().find(|q| q["id"] == unhappy.id).expect("in the queue");
    assert_eq!(queued["action"], "follow_up");

    assert_eq!(record(&app, other_call, &manager, json!({"reached": false})).await.0, 200);
    app.clock.advance(Duration::days(1));
    let (_, gave_up) = record(&app, other_call, &manager, json!({"reached": false})).await;
    assert_eq!((gave_up["status"].as_str(), gave_up["attempts"].as_i64()), (Some("gave_up"), Some(3)));
    assert!(calls_on(&app, sp, "2026-11-30", &manager).await.is_empty(), "nothing left to call");

    let period = format!("from=2026-11-23&to=2026-12-01&service_point={sp}");
    let (_, kpis) = app.get(&format!("/api/manage/kpis?{period}"), Some(&manager)).await;
    let figures = &kpis["service_points"][sp.to_string()];
    assert_eq!(figures["calls"], 2);
    assert_eq!(figures["called_within_day_pct"], 100.0, "both first tried on the next business day");
    assert_eq!(figures["call_satisfied_pct"], 0.0);
    let res = app.client.get(app.url(&format!("/api/manage/kpis?{period}&format=csv"))).bearer_auth(&manager);
    let csv = res.send().await.expect("csv").text().await.expect("text");
    let header = csv.lines().next().expect("header");
    assert!(header.ends_with(",quotes_declined,calls,called_within_day_pct,call_satisfied_pct"), "{header}");
    let row = csv.lines().find(|l| l.starts_with("service_point,")).expect("point row");
    assert!(row.ends_with(",2,100,0"), "{row}");
    let (_, weeks) = app.get(&format!("/api/manage/kpis/weeks?weeks=2&service_point={sp}"), Some(&manager)).await;
    assert_eq!(weeks["weeks"][1]["figures"]["called_within_day_pct"], 100.0);
}
on_both_backends!(next_day_calls_retry_open_follow_ups_and_count);
