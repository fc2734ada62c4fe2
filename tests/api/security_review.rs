//! The second security review's holes in what requests may do (issue 30), each closed and
//! kept closed, one test each, on both backends.

use serde_json::{json, Value};

use crate::helpers::token_of;
use crate::helpers::TestApp;
use crate::lifecycle::faucet_booking;
use crate::on_both_backends;

const PW: &str = "fieldfix-demo";

/// Books `body` and assigns it to technician `tech_id`; returns (request id, token, visit id, reference).
async fn book_for(app: &TestApp, manager: &str, body: &Value, tech_id: i64) -> (i64, String, i64, String) {
    let (s, booked) = app.post("/api/requests", None, body).await;
    assert_eq!(s, 201, "{booked}");
    let id = booked["id"].as_i64().expect("id");
    let (s, assigned) =
        app.post(&format!("/api/requests/{id}/assign"), Some(manager), &json!({"technician_id": tech_id})).await;
    assert_eq!(s, 200, "{assigned}");
    let visit = assigned["visit_id"].as_i64().expect("visit");
    (id, token_of(&booked), visit, booked["reference"].as_str().expect("reference").to_string())
}

async fn one_visit_on_the_way_at_a_time(app: TestApp) {
    app.load_demo().await;
    let manager = app.login("manager1@demo.fieldfix.test", PW).await;
    let admin = app.login("admin@demo.fieldfix.test", PW).await;
    let (s, first) = app.post("/api/requests", None, &faucet_booking("door.a@example.com")).await;
    assert_eq!(s, 201, "{first}");
    let first_id = first["id"].as_i64().expect("id");
    let (tech_id, visit_a) = app.assign_first(first_id, &manager).await;
    let (token_a, reference_a) = (token_of(&first), first["reference"].as_str().expect("reference").to_string());
    let (_, token_b, visit_b, _) = book_for(&app, &manager, &faucet_booking("door.b@example.com"), tech_id).await;
    let tech = app.login(&app.tech_email(&admin, tech_id).await, PW).await;

    let at = json!({"position": {"lat": 30.29, "lon": 120.15}});
    let (s, going) = app.post(&format!("/api/visits/{visit_a}/en-route"), Some(&tech), &at).await;
    assert_eq!(s, 200, "{going}");
    let (s, refused) = app.post(&format!("/api/visits/{visit_b}/en-route"), Some(&tech), &at).await;
    assert_eq!(s, 409, "a second visit on the way at once: {refused}");
    assert!(refused["detail"].as_str().is_some_and(|d| d.contains(&reference_a)), "names the other: {refused}");
    let (_, b) = app.get(&format!("/api/track/{token_b}"), None).await;
    assert_eq!(b["status"], "scheduled", "the refusal changed nothing: {b}");
    assert!(b.get("technician_position").is_none(), "B sees no position while A's visit is on the way: {b}");
    let (_, a) = app.get(&format!("/api/track/{token_a}"), None).await;
    assert_eq!(a["technician_position"]["lat"], 30.29, "{a}");

    let (s, _) = app.post(&format!("/api/visits/{visit_a}/arrive"), Some(&tech), &json!({})).await;
    assert_eq!(s, 200);
    let (s, going) = app.post(&format!("/api/visits/{visit_b}/en-route"), Some(&tech), &at).await;
    assert_eq!(s, 200, "once arrived at A, on the way to B: {going}");
    let (_, a) = app.get(&format!("/api/track/{token_a}"), None).await;
    assert!(a.get("technician_position").is_none(), "A no longer sees where the technician is: {a}");
}
on_both_backends!(one_visit_on_the_way_at_a_time);

async fn a_cancelled_follow_up_counts(app: TestApp) {
    app.load_demo().await;
    let crate::helpers::Assigned { token, .. } = app.with_completed_repair("cancel.again@example.com").await;
    let path = format!("/api/track/{token}/follow-up");
    let (s, first) = app.post(&path, None, &json!({"problem": "It drips again."})).await;
    assert_eq!(s, 201, "{first}");
    let follow_up = token_of(&first);
    let (s, _) = app.post(&format!("/api/track/{follow_up}/cancel"), None, &json!({"reason": "never mind"})).await;
    assert_eq!(s, 204);
    let (requests, offers, mails) =
        (app.count("repair_requests").await, app.count("offers").await, app.count("outbox").await);
    let (s, again) = app.post(&path, None, &json!({"problem": "It drips again, really."})).await;
    assert_eq!(s, 409, "one follow-up per repair from the tracking link: {again}");
    assert!(again["detail"].as_str().is_some_and(|d| d.contains(first["reference"].as_str().expect("ref"))), "{again}");
    assert_eq!(app.count("repair_requests").await, requests, "no second free request");
    assert_eq!((app.count("offers").await, app.count("outbox").await), (offers, mails), "no offers, no mail");
}
on_both_backends!(a_cancelled_follow_up_counts);

async fn simultaneous_reschedules_keep_the_limit(app: TestApp) {
    app.load_demo().await;
    let (s, slots) = app.get("/api/slots?lat=30.275&lon=120.13&skill=plumbing&from=2026-11-26&days=1", None).await;
    assert_eq!(s, 200, "{slots}");
    let open: Vec<Value> =
        slots.as_array().expect("slots").iter().filter(|s| s["available"].as_u64() > Some(0)).cloned().collect();
    assert!(open.len() >= 2, "{slots}");
    let (s, booked) = app.post("/api/requests", None, &faucet_booking("move.at.once@example.com")).await;
    assert_eq!(s, 201, "{booked}");
    let path = format!("/api/track/{}/reschedule", token_of(&booked));
    let mut set = tokio::task::JoinSet::new();
    for n in 0..10 {
        let slot = &open[n % open.len()];
        let body = json!({"window": {"start": slot["start"], "end": slot["end"]}});
        let (client, url) = (app.client.clone(), app.url(&path));
        set.spawn(async move { client.post(url).json(&body).send().await.expect("reschedule").status().as_u16() });
    }
    let mut statuses = Vec::new();
    while let Some(s) = set.join_next().await {
        statuses.push(s.expect("task"));
    }
    let moved = statuses.iter().filter(|s| **s == 200).count();
    assert!(moved <= 3, "at most three moves (the default policy): {statuses:?}");
    assert!(statuses.iter().all(|s| matches!(s, 200 | 409)), "{statuses:?}");
    assert_eq!(app.count_where("request_events", "kind = 'rescheduled'").await, moved as i64, "{statuses:?}");
}
on_both_backends!(simultaneous_reschedules_keep_the_limit);

async fn keyed(app: &TestApp, key: &str, bearer: Option<&str>, body: &Value) -> (u16, bool, Value) {
    let mut req = app.client.post(app.url("/api/requests")).header("Idempotency-Key", key).json(body);
    if let Some(t) = bearer {
        req = req.bearer_auth(t);
    }
    let res = req.send().await.expect("booking");
    let (status, replayed) = (res.status().as_u16(), res.headers().get("idempotent-replayed").is_some());
    (status, replayed, res.json().await.unwrap_or(Value::Null))
}

async fn idempotency_keys_belong_to_their_caller(app: TestApp) {
    app.load_demo().await;
    let body = faucet_booking("keyed@example.com");
    let (s, _, first) = keyed(&app, "shared-key-1", None, &body).await;
    assert_eq!(s, 201, "{first}");
    let links = app.count("access_links").await;
    let (s, replayed, again) = keyed(&app, "shared-key-1", None, &body).await;
    assert_eq!((s, replayed), (201, true), "{again}");
    assert_eq!(again["id"], first["id"]);
    assert_eq!(again["tracking_url"], "", "an anonymous replay gets no link: {again}");
    assert_eq!(app.count("access_links").await, links, "and none is issued");

    let alice = app.customer_account("alice.keys@example.com").await;
    let mallory = app.customer_account("mallory.keys@example.com").await;
    let (s, _, mine) = keyed(&app, "shared-key-2", Some(&alice), &body).await;
    assert_eq!(s, 201, "{mine}");
    let (s, replayed, theirs) = keyed(&app, "shared-key-2", Some(&mallory), &body).await;
    assert_eq!((s, replayed), (201, false), "another caller's key is not theirs to replay: {theirs}");
    assert_ne!(theirs["id"], mine["id"]);
    let (s, replayed, again) = keyed(&app, "shared-key-2", Some(&alice), &body).await;
    assert_eq!((s, replayed), (201, true), "{again}");
    assert_eq!(again["id"], mine["id"]);
    let (s, tracked) = app.get(&format!("/api/track/{}", token_of(&again)), None).await;
    assert_eq!(s, 200, "the caller's own replay carries a working link: {tracked}");
}
on_both_backends!(idempotency_keys_belong_to_their_caller);

async fn bodies_must_be_declared_json(app: TestApp) {
    app.load_demo().await;
    let login = json!({"email": "tech01@demo.fieldfix.test", "password": PW}).to_string();
    for (path, body) in [("/api/auth/login", login.as_str()), ("/api/auth/link/redeem", r#"{"token":"x"}"#)] {
        for content_type in ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"] {
            let res = app.client.post(app.url(path)).header("content-type", content_type).body(body.to_string());
            let res = res.send().await.expect("post");
            assert_eq!(res.status(), 415, "{path} as {content_type}");
            assert!(res.headers().get("set-cookie").is_none(), "no session from a forged form");
        }
    }
    let res = app.client.post(app.url("/api/requests")).header("content-type", "text/plain");
    let res = res.body(faucet_booking("form@example.com").to_string()).send().await.expect("post");
    assert_eq!(res.status(), 415);
    assert_eq!(app.count("repair_requests").await, 0);
    let res = app.client.post(app.url("/api/auth/login")).header("content-type", "application/json; charset=utf-8");
    assert_eq!(res.body(login).send().await.expect("post").status(), 200, "JSON with a charset is JSON");
}
on_both_backends!(bodies_must_be_declared_json);

async fn call_ids_cannot_be_probed(app: TestApp) {
    app.load_demo().await;
    let manager = app.login("manager1@demo.fieldfix.test", PW).await;
    let manager2 = app.login("manager2@demo.fieldfix.test", PW).await;
    let crate::helpers::Assigned { id, .. } = app.with_completed_repair("probed.call@example.com").await;
    app.clock.advance(chrono::Duration::days(1));
    let (_, request) = app.get(&format!("/api/requests/{id}"), Some(&manager)).await;
    let sp = request["service_point_id"].as_i64().expect("service point");
    let (s, list) = app.get(&format!("/api/manage/calls?service_point={sp}&date=2026-11-25"), Some(&manager)).await;
    assert_eq!(s, 200, "{list}");
    let call = list["calls"].as_array().expect("calls").iter().find(|c| c["request_id"] == id).expect("its call")["id"]
        .as_i64()
        .expect("call id");
    let body = json!({"reached": true, "satisfied": true});
    let (s, other) = app.post(&format!("/api/manage/calls/{call}"), Some(&manager2), &body).await;
    let (s2, missing) = app.post("/api/manage/calls/4000000000001", Some(&manager2), &body).await;
    assert_eq!((s, s2), (404, 404));
    assert_eq!(other, missing, "another point's call and a missing one answer alike");
    let (_, after) = app.get(&format!("/api/manage/calls?service_point={sp}&date=2026-11-25"), Some(&manager)).await;
    assert!(after["calls"].as_array().expect("calls").iter().any(|c| c["id"] == call), "still open");
}
on_both_backends!(call_ids_cannot_be_probed);
