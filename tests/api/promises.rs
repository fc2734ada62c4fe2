//! Promise clocks and escalation with a clock the test moves: offers expire and move on,
//! escalation happens once (also with two instances), at-risk and broken promises are
//! flagged at the right moment in business hours across a night and a weekend.

use chrono::{Duration, TimeZone, Utc};
use serde_json::{json, Value};

use crate::helpers::token_of;
use crate::helpers::{Kind, TestApp};
use crate::lifecycle::faucet_booking;
use crate::on_both_backends;

const PW: &str = "fieldfix-demo";

async fn offers(app: &TestApp, request_id: i64) -> Vec<(i64, String)> {
    let state = app.state.clone();
    tokio::task::spawn_blocking(move || {
        let mut c = state.db.get().expect("conn");
        fieldfix::db::visits::offers_of_request(&mut c, request_id)
            .expect("offers")
            .into_iter()
            .map(|o| (o.technician_id, o.status))
            .collect()
    })
    .await
    .expect("join")
}

async fn events(app: &TestApp, token: &str) -> Vec<Value> {
    let (_, tracked) = app.get(&format!("/api/track/{token}"), None).await;
    tracked["events"].as_array().cloned().unwrap_or_default()
}

async fn offers_expire_move_on_and_escalate_once(app: TestApp) {
    app.load_demo().await;
    let (s, booked) = app.post("/api/requests", None, &faucet_booking("slow@example.com")).await;
    assert_eq!(s, 201);
    let id = booked["id"].as_i64().expect("id");
    let first: Vec<i64> = offers(&app, id).await.into_iter().map(|o| o.0).collect();
    assert!(!first.is_empty());
    app.clock.advance(Duration::minutes(11));
    app.run_jobs().await;
    let now = offers(&app, id).await;
    assert!(now.iter().filter(|o| first.contains(&o.0)).all(|o| o.1 == "expired"), "{now:?}");
    let moved_on: Vec<&(i64, String)> = now.iter().filter(|o| o.1 == "pending").collect();
    assert!(
        !moved_on.is_empty() && moved_on.iter().all(|o| !first.contains(&o.0)),
        "re-offered to the next candidates: {now:?}"
    );
    let token = token_of(&booked);
    for _ in 0..4 {
        app.clock.advance(Duration::minutes(11));
        app.run_jobs().await;
    }
    let escalations = events(&app, &token).await.iter().filter(|e| e["kind"] == "escalated").count();
    assert_eq!(escalations, 1, "escalated exactly once");
    let manager = app.login("manager1@demo.fieldfix.test", PW).await;
    let (_, queue) = app.get("/api/manage/queue", Some(&manager)).await;
    assert_eq!(queue[0]["id"], id, "escalated work is at the top of the queue: {queue}");
    assert_eq!(queue[0]["escalated"], true);
    assert_eq!(queue[0]["action"], "assign");
}
on_both_backends!(offers_expire_move_on_and_escalate_once);

async fn roofing_request(app: &TestApp) -> Value {
    let admin = app.login("admin@demo.fieldfix.test", PW).await;
    let (s, _) = app
        .post("/api/admin/skills", Some(&admin), &json!({"code": "roofing", "name": "Roofing", "name_zh": "屋顶"}))
        .await;
    assert!(s == 201 || s == 409);
    let mut body = faucet_booking("roof@example.com");
    body["skill"] = json!("roofing");
    let (s, booked) = app.post("/api/requests", None, &body).await;
    assert_eq!(s, 201, "{booked}");
    booked
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_escalate_once() {
    let Some(first) = TestApp::spawn_with(Kind::Postgres, None).await else { return };
    let second = first.second_instance(None);
    first.load_demo().await;
    let booked = roofing_request(&first).await;
    for _ in 0..3 {
        first.clock.advance(Duration::minutes(11));
        tokio::join!(first.run_jobs(), second.run_jobs());
        tokio::join!(first.run_jobs(), second.run_jobs());
    }
    let escalations = events(&first, &token_of(&booked)).await.iter().filter(|e| e["kind"] == "escalated").count();
    assert_eq!(escalations, 1, "two schedulers, one escalation");
    drop(second);
}

async fn promises_run_in_business_hours(app: TestApp) {
    app.load_demo().await;
    let admin = app.login("admin@demo.fieldfix.test", PW).await;
    let (_, points) = app.get("/api/admin/service-points", Some(&admin)).await;
    let mut point =
        points.as_array().expect("points").iter().find(|p| p["name"] == "Hangzhou West Lake").expect("sp").clone();
    let id = point["id"].as_i64().expect("id");
    point["promise_policy"]["business_hours"] = json!({"days": [0, 1, 2, 3, 4], "open": "08:00", "close": "18:00"});
    let obj = point.as_object_mut().expect("object");
    for k in ["id", "center"] {
        obj.remove(k);
    }
    let (s, updated) = app.put(&format!("/api/admin/service-points/{id}"), Some(&admin), &point).await;
    assert_eq!(s, 200, "{updated}");
    let shanghai = |d: u32, h: u32, m: u32| {
        chrono_tz::Asia::Shanghai.with_ymd_and_hms(2026, 11, d, h, m, 0).single().expect("time").with_timezone(&Utc)
    };
    app.clock.set(shanghai(27, 17, 55));
    let booked = roofing_request(&app).await;
    assert_eq!(booked["promise"]["respond_by"], "2026-11-30T00:10:00Z", "5 minutes on Friday, 10 on Monday");
    let token = token_of(&booked);
    let respond = |events: &[Value], kind: &str| {
        events
            .iter()
            .filter(|e| e["kind"] == kind && e["detail"].as_str().is_some_and(|d| d.starts_with("respond")))
            .count()
    };
    for (at, risk, broken) in [
        (shanghai(28, 12, 0), 0, 0),
        (shanghai(30, 8, 6), 0, 0),
        (shanghai(30, 8, 8), 1, 0),
        (shanghai(30, 8, 11), 1, 1),
    ] {
        app.clock.set(at);
        app.run_jobs().await;
        let e = events(&app, &token).await;
        assert_eq!((respond(&e, "promise_at_risk"), respond(&e, "promise_broken")), (risk, broken), "at {at}");
    }
}
on_both_backends!(promises_run_in_business_hours);

async fn low_rating_follow_up_with_compensation(app: TestApp) {
    app.load_demo().await;
    let manager = app.login("manager1@demo.fieldfix.test", PW).await;
    let admin = app.login("admin@demo.fieldfix.test", PW).await;
    let (_, booked) = app.post("/api/requests", None, &faucet_booking("unhappy@example.com")).await;
    let id = booked["id"].as_i64().expect("id");
    let (tech_id, visit) = app.assign_first(id, &manager).await;
    let tech = app.login(&app.tech_email(&admin, tech_id).await, PW).await;
    app.post(&format!("/api/visits/{visit}/en-route"), Some(&tech), &json!({})).await;
    app.post(&format!("/api/visits/{visit}/arrive"), Some(&tech), &json!({})).await;
    app.post(
        &format!("/api/visits/{visit}/outcome"),
        Some(&tech),
        &json!({"diagnosis": "d", "root_cause": "r", "work_done": "w", "lines": [], "resolution": "resolved"}),
    )
    .await;
    app.post(&format!("/api/visits/{visit}/complete"), Some(&tech), &json!({})).await;
    let token = token_of(&booked);
    let (_, tracked) = app.get(&format!("/api/track/{token}"), None).await;
    let rate = tracked["rating_url"].as_str().expect("url").rsplit('/').next().expect("t").to_string();
    let (s, _) = app.post(&format!("/api/ratings/{rate}"), None, &json!({"stars": 2, "punctuality": 1, "professionalism": 3, "resolution": 2, "comment": "Came late, still drips"})).await;
    assert_eq!(s, 201);
    let (_, queue) = app.get("/api/manage/queue", Some(&manager)).await;
    let item = queue
        .as_array()
        .expect("queue")
        .iter()
        .find(|q| q["id"] == id)
        .expect("the low-rated request is in the queue")
        .clone();
    assert_eq!(item["follow_ups"], json!(["low rating: 2 of 5"]));
    let zh: Value = app
        .client
        .get(app.url("/api/manage/queue"))
        .bearer_auth(&manager)
        .header("Accept-Language", "zh-CN")
        .send()
        .await
        .expect("queue")
        .json()
        .await
        .expect("json");
    let zh_item = zh.as_array().expect("queue").iter().find(|q| q["id"] == id).expect("in Chinese too").clone();
    assert_eq!(zh_item["follow_ups"], json!(["评分较低：2/5"]), "the queue's reasons in the reader's language");
    assert_eq!(item["action"], "follow_up", "done work is not offered for assignment again");
    let to_manager = "kind = 'low_rating' AND recipient = 'manager1@demo.fieldfix.test'";
    assert_eq!(app.count_where("outbox", to_manager).await, 1, "the point's manager is told of the low rating");
    let bad = json!({"call": "Called", "resolution": "Refund", "compensation": {"amount": {"amount_minor": 5000, "currency": "USD"}, "reason": "late"}});
    let (s, _) = app.post(&format!("/api/requests/{id}/follow-up"), Some(&manager), &bad).await;
    assert_eq!(s, 422);
    let good = json!({"call": "Called the customer, apologised", "resolution": "Second visit free of charge", "compensation": {"amount": {"amount_minor": 5000, "currency": "CNY"}, "reason": "late arrival"}});
    let manager2 = app.login("manager2@demo.fieldfix.test", PW).await;
    let (s, _) = app.post(&format!("/api/requests/{id}/follow-up"), Some(&manager2), &good).await;
    assert_eq!(s, 404);
    let (s, _) = app.post(&format!("/api/requests/{id}/follow-up"), Some(&manager), &good).await;
    assert_eq!(s, 204);
    let (_, queue) = app.get("/api/manage/queue", Some(&manager)).await;
    assert!(queue.as_array().expect("queue").iter().all(|q| q["id"] != id), "resolved follow-ups leave the queue");
    let e = events(&app, &token).await;
    assert!(e
        .iter()
        .any(|e| e["kind"] == "follow_up_recorded" && e["detail"].as_str().is_some_and(|d| d.contains("50.00 CNY"))));
}
on_both_backends!(low_rating_follow_up_with_compensation);
