//! The rules around the lifecycle: races, ownership, bad input, cancellation.

use chrono::Duration;
use serde_json::{json, Value};

use crate::helpers::{NowUtc, TestApp};
use crate::lifecycle::faucet_booking;
use crate::on_both_backends;

const PW: &str = "fieldfix-demo";

async fn twenty_accepts_one_winner(app: TestApp) {
    app.load_demo().await;
    let admin = app.login("admin@demo.fieldfix.test", PW).await;
    let (_, points) = app.get("/api/admin/service-points", Some(&admin)).await;
    let sp = points.as_array().expect("points").iter().find(|p| p["name"] == "Hangzhou West Lake").expect("sp")["id"]
        .as_i64()
        .expect("id");
    let (_, booked) = app.post("/api/requests", None, &faucet_booking("race@example.com")).await;
    let request_id = booked["id"].as_i64().expect("id");
    let all_week: Vec<Value> = (0..7).map(|d| json!({"weekday": d, "start": "00:00", "end": "24:00"})).collect();
    let mut racers = Vec::new();
    for i in 0..20 {
        let body = json!({
            "email": format!("racer{i}@example.com"), "name": format!("Racer {i}"), "password": "racer-password",
            "service_point_id": sp, "home": {"lat": 30.27 + f64::from(i) * 0.001, "lon": 120.13},
            "skills": [{"skill": "plumbing", "level": 3}], "shifts": all_week
        });
        let (s, t) = app.post("/api/admin/technicians", Some(&admin), &body).await;
        assert_eq!(s, 201, "{t}");
        racers.push((t["id"].as_i64().expect("id"), format!("racer{i}@example.com")));
    }
    let state = app.state.clone();
    let now = app.clock.now_utc();
    let ids: Vec<i64> = racers.iter().map(|r| r.0).collect();
    let offer_ids: Vec<i64> = tokio::task::spawn_blocking(move || {
        state.db.write_blocking(|c| {
            let visit = fieldfix::db::visits::of_request(c, request_id)?.remove(0);
            let mut out = Vec::new();
            for (rank, t) in ids.iter().enumerate() {
                let id = fieldfix::domain::ids::new_id();
                fieldfix::db::visits::insert_offers(
                    c,
                    &[fieldfix::db::visits::OfferRow {
                        id,
                        request_id,
                        visit_id: visit.id,
                        technician_id: *t,
                        status: "pending".into(),
                        rank: rank as i32 + 10,
                        proposed_start: now.naive_utc(),
                        created_at: now.naive_utc(),
                        expires_at: (now + Duration::minutes(10)).naive_utc(),
                        responded_at: None,
                    }],
                )?;
                out.push(id);
            }
            Ok::<_, fieldfix::app::error::AppError>(out)
        })
    })
    .await
    .expect("join")
    .expect("offers");
    let mut tokens = Vec::new();
    for (_, email) in &racers {
        tokens.push(app.login(email, "racer-password").await);
    }
    let mut set = tokio::task::JoinSet::new();
    for ((token, offer), (tech, _)) in tokens.into_iter().zip(offer_ids).zip(racers.iter().cloned()) {
        let client = app.client.clone();
        let url = app.url(&format!("/api/offers/{offer}/accept"));
        set.spawn(async move {
            (tech, client.post(url).bearer_auth(token).send().await.map(|r| r.status().as_u16()).unwrap_or(0))
        });
    }
    let mut statuses = Vec::new();
    let mut winners = Vec::new();
    while let Some(done) = set.join_next().await {
        let (tech, status) = done.expect("task");
        if status == 200 {
            winners.push(tech);
        }
        statuses.push(status);
    }
    assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 1, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 409).count(), 19, "{statuses:?}");
    let manager = app.login("manager1@demo.fieldfix.test", PW).await;
    let (_, detail) = app.get(&format!("/api/requests/{request_id}"), Some(&manager)).await;
    assert_eq!(detail["status"], "scheduled");
    let visits = detail["visits"].as_array().expect("visits");
    assert_eq!(visits.len(), 1);
    assert_eq!(visits[0]["technician_id"].as_i64(), winners.first().copied(), "the visit is the winner's");
}
on_both_backends!(twenty_accepts_one_winner);

async fn replayed_booking_makes_one_request(app: TestApp) {
    app.load_demo().await;
    let body = faucet_booking("replay@example.com");
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..10 {
        let client = app.client.clone();
        let url = app.url("/api/requests");
        let body = body.clone();
        set.spawn(async move {
            let res =
                client.post(url).header("Idempotency-Key", "booking-key-1").json(&body).send().await.expect("send");
            let status = res.status().as_u16();
            (status, res.json::<Value>().await.unwrap_or(Value::Null))
        });
    }
    let mut ids = Vec::new();
    while let Some(r) = set.join_next().await {
        let (status, b) = r.expect("task");
        assert_eq!(status, 201, "{b}");
        ids.push(b["id"].as_i64().expect("id"));
    }
    ids.dedup();
    assert_eq!(ids.len(), 1, "every replay answers the first booking");
    assert_eq!(app.count("repair_requests").await, 1);
    let mut other = body.clone();
    other["problem"] = json!("Something else entirely.");
    let res = app
        .client
        .post(app.url("/api/requests"))
        .header("Idempotency-Key", "booking-key-1")
        .json(&other)
        .send()
        .await
        .expect("send");
    assert_eq!(res.status(), 422, "same key, different body");
    assert_eq!(app.count("repair_requests").await, 1);
}
on_both_backends!(replayed_booking_makes_one_request);

async fn ownership_is_enforced(app: TestApp) {
    app.load_demo().await;
    let state = app.state.clone();
    let now = app.clock.now_utc();
    tokio::task::spawn_blocking(move || {
        for (email, name) in [("alice@example.com", "Alice"), ("bob@example.com", "Bob")] {
            let account = fieldfix::app::admin::accounts::NewAccount {
                role: fieldfix::domain::role::Role::Customer,
                email: email.into(),
                name: name.into(),
                phone: None,
                password: "customer-password".into(),
                service_point: None,
                language: None,
            };
            let prepared = fieldfix::app::admin::accounts::prepare(&account).expect("valid");
            state
                .db
                .write_blocking(|c| fieldfix::app::admin::accounts::create_user(c, &account, prepared, now))
                .expect("created");
        }
    })
    .await
    .expect("join");
    let (_, booked) = app.post("/api/requests", None, &faucet_booking("alice@example.com")).await;
    let id = booked["id"].as_i64().expect("id");
    let alice = app.login("alice@example.com", "customer-password").await;
    let bob = app.login("bob@example.com", "customer-password").await;
    let (s, mine) = app.get(&format!("/api/requests/{id}"), Some(&alice)).await;
    assert_eq!(s, 200, "{mine}");
    let (s, _) = app.get(&format!("/api/requests/{id}"), Some(&bob)).await;
    assert_eq!(s, 404, "another customer's request is invisible");

    let manager = app.login("manager1@demo.fieldfix.test", PW).await;
    let manager2 = app.login("manager2@demo.fieldfix.test", PW).await;
    let admin = app.login("admin@demo.fieldfix.test", PW).await;
    let tech_id = app.first_candidate(id, &manager).await;
    let (s, _) =
        app.post(&format!("/api/requests/{id}/assign"), Some(&manager2), &json!({"technician_id": tech_id})).await;
    assert_eq!(s, 404, "a manager of another service point cannot assign, nor learn the request exists");
    let (s, assigned) =
        app.post(&format!("/api/requests/{id}/assign"), Some(&manager), &json!({"technician_id": tech_id})).await;
    assert_eq!(s, 200);
    let visit = assigned["visit_id"].as_i64().expect("visit");
    let (_, list) = app.get("/api/admin/technicians", Some(&admin)).await;
    let other = list.as_array().expect("list").iter().find(|t| t["id"] != tech_id).expect("another technician");
    let other_token = app.login(&app.tech_email(&admin, other["id"].as_i64().expect("id")).await, PW).await;
    let (s, _) = app.post(&format!("/api/visits/{visit}/en-route"), Some(&other_token), &json!({})).await;
    assert_eq!(s, 404, "a technician cannot act on another's visit");
    let (s, _) = app.get(&format!("/api/requests/{id}"), Some(&other_token)).await;
    assert_eq!(s, 404);
    let (s, _) = app.post(&format!("/api/visits/{visit}/en-route"), Some(&alice), &json!({})).await;
    assert_eq!(s, 403, "customers do not run visits");

    let (s, _) = app.post(&format!("/api/requests/{id}/cancel"), Some(&bob), &json!({"reason": "not mine"})).await;
    assert_eq!(s, 404);
    let (s, _) =
        app.post(&format!("/api/requests/{id}/cancel"), Some(&alice), &json!({"reason": "fixed it myself"})).await;
    assert_eq!(s, 204, "the owner cancels before en route");
    let (_, detail) = app.get(&format!("/api/requests/{id}"), Some(&manager)).await;
    assert_eq!(detail["status"], "cancelled");
    assert_eq!(detail["visits"][0]["status"], "cancelled");
}
on_both_backends!(ownership_is_enforced);

async fn customer_cannot_cancel_once_on_the_way(app: TestApp) {
    app.load_demo().await;
    let (_, booked) = app.post("/api/requests", None, &faucet_booking("late@example.com")).await;
    let id = booked["id"].as_i64().expect("id");
    let token = booked["tracking_url"].as_str().expect("url").rsplit('/').next().expect("t").to_string();
    let manager = app.login("manager1@demo.fieldfix.test", PW).await;
    let admin = app.login("admin@demo.fieldfix.test", PW).await;
    let tech_id = app.first_candidate(id, &manager).await;
    let (_, assigned) =
        app.post(&format!("/api/requests/{id}/assign"), Some(&manager), &json!({"technician_id": tech_id})).await;
    let tech = app.login(&app.tech_email(&admin, tech_id).await, PW).await;
    app.post(&format!("/api/visits/{}/en-route", assigned["visit_id"]), Some(&tech), &json!({})).await;
    let (s, body) = app.post(&format!("/api/track/{token}/cancel"), None, &json!({"reason": "changed my mind"})).await;
    assert_eq!((s, body["current_status"].as_str()), (409, Some("en_route")));
    let (s, _) =
        app.post(&format!("/api/requests/{id}/cancel"), Some(&manager), &json!({"reason": "customer not home"})).await;
    assert_eq!(s, 204, "a manager may cancel before completion");
    let (s, _) = app.post(&format!("/api/requests/{id}/cancel"), Some(&manager), &json!({"reason": "again"})).await;
    assert_eq!(s, 409);
}
on_both_backends!(customer_cannot_cancel_once_on_the_way);

fn field_list(body: &Value) -> Vec<String> {
    body["errors"]
        .as_array()
        .map(|a| a.iter().filter_map(|e| e["field"].as_str().map(str::to_string)).collect())
        .unwrap_or_default()
}

async fn bad_bookings_are_refused_and_write_nothing(app: TestApp) {
    app.load_demo().await;
    let base = faucet_booking("bad@example.com");
    let mut cases: Vec<(Value, &str)> = Vec::new();
    let mut b = base.clone();
    b["location"]["lat"] = json!(95.0);
    cases.push((b, "location.lat"));
    let mut b = base.clone();
    b["skill"] = json!("juggling");
    cases.push((b, "skill"));
    let mut b = base.clone();
    let past = app.clock.now_utc() - Duration::hours(3);
    b["window"] = json!({"start": past.to_rfc3339(), "end": (past + Duration::hours(2)).to_rfc3339()});
    cases.push((b, "window.end"));
    let mut b = base.clone();
    b["problem"] = json!("x".repeat(5000));
    cases.push((b, "problem"));
    let mut b = base.clone();
    b["location"]["lat"] = json!("north");
    cases.push((b, "location.lat"));
    let mut b = base.clone();
    b["location"] = json!({"lat": 31.23, "lon": 121.47});
    cases.push((b, "location"));
    let mut b = base.clone();
    b["customer"]["email"] = json!("not-an-email");
    cases.push((b, "customer.email"));
    for (body, field) in cases {
        let (s, answer) = app.post("/api/requests", None, &body).await;
        assert_eq!(s, 422, "{field}: {answer}");
        assert!(field_list(&answer).contains(&field.to_string()), "{field} in {answer}");
    }
    // A window with a field the document does not name is refused at the window.
    let mut b = base.clone();
    let start = app.clock.now_utc() + Duration::days(1);
    b["window"] = json!({"start": start.to_rfc3339(), "end": (start + Duration::hours(2)).to_rfc3339(), "note": "x"});
    let (s, answer) = app.post("/api/requests", None, &b).await;
    assert_eq!(s, 422, "{answer}");
    assert!(field_list(&answer).iter().any(|f| f.starts_with("window")), "{answer}");
    let (s, _) = app.get("/api/slots?lat=95&lon=120.1&skill=plumbing", None).await;
    assert_eq!(s, 422);
    assert_eq!(app.count("repair_requests").await, 0);
    assert_eq!(app.count("request_events").await, 0);
}
on_both_backends!(bad_bookings_are_refused_and_write_nothing);

async fn slots_offer_only_servable_windows(app: TestApp) {
    app.load_demo().await;
    let (s, slots) = app.get("/api/slots?lat=30.275&lon=120.13&skill=plumbing&days=2", None).await;
    assert_eq!(s, 200, "{slots}");
    let slots = slots.as_array().expect("slots");
    assert!(!slots.is_empty());
    let now = app.clock.now_utc();
    for slot in slots {
        let end = chrono::DateTime::parse_from_rfc3339(slot["end"].as_str().expect("end")).expect("time");
        assert!(end > now, "no window in the past");
        assert!(slot["available"].as_u64().expect("n") >= 1);
    }
    // Checked against the dispatch ranking (a computation of its own): the technicians the
    // manager is offered for a request booked in the window are the ones counted available,
    // and each of them can start inside it.
    let manager = app.login("manager1@demo.fieldfix.test", "fieldfix-demo").await;
    let time = |v: &Value| chrono::DateTime::parse_from_rfc3339(v.as_str().expect("a time")).expect("rfc3339");
    for (i, chosen) in [&slots[0], &slots[slots.len() / 2]].into_iter().enumerate() {
        let mut body = faucet_booking(&format!("slot{i}@example.com"));
        body["window"] = json!({"start": chosen["start"], "end": chosen["end"]});
        let (s, booked) = app.post("/api/requests", None, &body).await;
        assert_eq!(s, 201, "{booked}");
        let id = booked["id"].as_i64().expect("id");
        let (s, candidates) = app.get(&format!("/api/requests/{id}/candidates"), Some(&manager)).await;
        assert_eq!(s, 200, "{candidates}");
        let candidates = candidates.as_array().expect("candidates");
        assert_eq!(candidates.len() as u64, chosen["available"].as_u64().expect("n"), "{chosen}: {candidates:?}");
        for c in candidates {
            let start = time(&c["earliest_start"]);
            assert!(start >= time(&chosen["start"]) && start <= time(&chosen["end"]), "{chosen}: {c}");
        }
    }
    let (s, later) = app.get("/api/slots?lat=30.275&lon=120.13&skill=locksmith&days=1&from=2026-11-27", None).await;
    assert_eq!(s, 200, "{later}");
    let day_start = chrono::DateTime::parse_from_rfc3339("2026-11-27T00:00:00+08:00").expect("time");
    let day_end = chrono::DateTime::parse_from_rfc3339("2026-11-28T00:00:00+08:00").expect("time");
    let later = later.as_array().expect("slots");
    assert!(!later.is_empty(), "a working Friday has locksmith windows");
    for slot in later {
        let start = chrono::DateTime::parse_from_rfc3339(slot["start"].as_str().expect("start")).expect("time");
        assert!(start >= day_start && start < day_end, "only the asked day, in the point's zone: {slot}");
    }
}
on_both_backends!(slots_offer_only_servable_windows);
