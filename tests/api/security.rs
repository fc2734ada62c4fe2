//! The holes a security review found, each closed and kept closed: forged cookie changes,
//! a write lock held by a re-plan, NUL bytes, link tokens kept in plain text, unlimited
//! follow-ups, ids probed across service points.

use serde_json::{json, Value};

use crate::helpers::{token_of, Assigned, TestApp};
use crate::lifecycle::faucet_booking;
use crate::on_both_backends;

const PW: &str = "fieldfix-demo";

/// Runs one SQL statement straight on the test database.
async fn execute(app: &TestApp, sql: String) {
    let state = app.state.clone();
    tokio::task::spawn_blocking(move || {
        use diesel::connection::SimpleConnection;
        let mut conn = state.db.get().expect("conn");
        conn.batch_execute(&sql).expect("sql")
    })
    .await
    .expect("join");
}

/// The single text value a query returns (or None for no row).
async fn text_of(app: &TestApp, sql: String) -> Option<String> {
    let state = app.state.clone();
    tokio::task::spawn_blocking(move || {
        use diesel::prelude::*;
        #[derive(QueryableByName)]
        struct T {
            #[diesel(sql_type = diesel::sql_types::Text)]
            t: String,
        }
        let mut conn = state.db.get().expect("conn");
        let rows: Vec<T> = match &mut *conn {
            fieldfix::db::DbConnection::Pg(c) => diesel::sql_query(sql).load(c),
            fieldfix::db::DbConnection::Sqlite(c) => diesel::sql_query(sql).load(c),
        }
        .expect("query");
        rows.into_iter().next().map(|r| r.t)
    })
    .await
    .expect("join")
}

/// A POST signed by the session cookie alone, as a browser sends it.
async fn cookie_post(
    app: &TestApp,
    path: &str,
    session: &str,
    content_type: Option<&str>,
    origin: Option<&str>,
    body: &str,
) -> u16 {
    let mut req = app.client.post(app.url(path)).header("cookie", format!("fieldfix_session={session}"));
    if let Some(ct) = content_type {
        req = req.header("content-type", ct);
    }
    if let Some(o) = origin {
        req = req.header("origin", o);
    }
    req.body(body.to_string()).send().await.expect("request").status().as_u16()
}

async fn status_of(app: &TestApp, id: i64, token: &str) -> String {
    let (_, r) = app.get(&format!("/api/requests/{id}"), Some(token)).await;
    r["status"].as_str().unwrap_or_default().to_string()
}

/// A change signed by the cookie must be JSON from our own pages; a bearer token is not
/// a browser's ambient credential and is not held to that.
async fn cookie_changes_need_json_from_this_site(app: TestApp) {
    app.load_demo().await;
    let manager = app.login("manager1@demo.fieldfix.test", PW).await;
    let (id, _) = app.book(&faucet_booking("csrf@example.com")).await;
    let cancel = format!("/api/requests/{id}/cancel");
    let reason = r#"{"reason":"forged"}"#;
    let before = status_of(&app, id, &manager).await;

    let sibling = "http://127.0.0.1:1";
    assert_eq!(cookie_post(&app, &cancel, &manager, Some("text/plain"), Some(&app.address), reason).await, 415);
    assert_eq!(cookie_post(&app, &cancel, &manager, None, Some(&app.address), reason).await, 415);
    assert_eq!(cookie_post(&app, &cancel, &manager, Some("application/json"), Some(sibling), reason).await, 403);
    assert_eq!(cookie_post(&app, &cancel, &manager, Some("application/json"), None, reason).await, 403);
    let replan = "/api/manage/replan?date=2026-11-24&service_point=1&apply=false";
    assert_eq!(cookie_post(&app, replan, &manager, None, Some(&app.address), "").await, 415, "bodiless too");
    assert_eq!(status_of(&app, id, &manager).await, before, "nothing forged went through");

    let own = cookie_post(&app, &cancel, &manager, Some("application/json"), Some(&app.address), reason).await;
    assert!((200..300).contains(&own), "our own page may: {own}");
    assert_eq!(status_of(&app, id, &manager).await, "cancelled");

    let (id2, _) = app.book(&faucet_booking("csrf2@example.com")).await;
    let res = app
        .client
        .post(app.url(&format!("/api/requests/{id2}/cancel")))
        .bearer_auth(&manager)
        .header("content-type", "application/json")
        .header("origin", sibling)
        .body(reason)
        .send()
        .await
        .expect("request");
    assert!(res.status().is_success(), "bearer clients are not held to the origin rule: {}", res.status());
}
on_both_backends!(cookie_changes_need_json_from_this_site);

/// The re-plan searches outside the write lock: bookings go through while it runs.
async fn replan_does_not_block_writers(app: TestApp) {
    app.load_demo().await;
    let manager = app.login("manager1@demo.fieldfix.test", PW).await;
    for i in 0..4 {
        app.book(&faucet_booking(&format!("busy{i}@example.com"))).await;
    }
    let (_, board) = app.get("/api/manage/board?date=2026-11-24", Some(&manager)).await;
    let sp = board["service_point"]["id"].as_i64().expect("service point");
    let (s, _) = app
        .post(&format!("/api/manage/replan?date=2026-11-24&service_point={sp}&seconds=30"), Some(&manager), &json!({}))
        .await;
    assert_eq!(s, 422, "the search is capped");

    let url = format!("/api/manage/replan?date=2026-11-24&service_point={sp}&seconds=4");
    let client = app.client.clone();
    let (address, bearer) = (app.address.clone(), manager.clone());
    let replan = tokio::spawn(async move {
        client.post(format!("{address}{url}")).bearer_auth(bearer).json(&json!({})).send().await.map(|r| r.status())
    });
    let mut done_meanwhile = 0;
    let mut n = 0;
    while !replan.is_finished() {
        n += 1;
        let (s, _) = app.post("/api/requests", None, &faucet_booking(&format!("during{n}@example.com"))).await;
        assert_eq!(s, 201);
        if !replan.is_finished() {
            done_meanwhile += 1;
        }
    }
    let status = replan.await.expect("join").expect("replan answered");
    assert!(status == 200 || status == 409, "{status}");
    assert!(done_meanwhile >= 5, "bookings answered while the re-plan searched: {done_meanwhile}");
}
on_both_backends!(replan_does_not_block_writers);

/// NUL and other control characters are refused before any query, on both backends.
async fn control_characters_are_refused(app: TestApp) {
    app.load_demo().await;
    for path in ["/api/track/a%00b", "/api/ratings/a%00b", "/api/slots?lat=30.27&lon=120.13&skill=plumb%00ing"] {
        let (s, body) = app.get(path, None).await;
        assert_eq!(s, 400, "{path}: {body}");
    }
    let (s, _) =
        app.post("/api/auth/login", None, &json!({"email": "a\u{0}b@x.cn", "password": "whatever-long"})).await;
    assert_eq!(s, 400);
    let (s, _) =
        app.post("/api/auth/login", None, &json!({"email": "a\u{7}b@x.cn", "password": "whatever-long"})).await;
    assert_eq!(s, 401);
    let mut booking = faucet_booking("nul@example.com");
    booking["problem"] = json!("drips\u{0}");
    let (s, _) = app.post("/api/requests", None, &booking).await;
    assert_eq!(s, 400);
    assert_eq!(app.count("repair_requests").await, 0, "nothing written");

    let manager = app.login("manager1@demo.fieldfix.test", PW).await;
    let admin = app.login("admin@demo.fieldfix.test", PW).await;
    let (id, _) = app.book(&faucet_booking("bell@example.com")).await;
    let (tech_id, visit) = app.assign_first(id, &manager).await;
    let tech = app.login(&app.tech_email(&admin, tech_id).await, PW).await;
    for step in ["en-route", "arrive"] {
        let (s, _) = app.post(&format!("/api/visits/{visit}/{step}"), Some(&tech), &json!({})).await;
        assert_eq!(s, 200, "{step}");
    }
    let outcome = json!({"diagnosis": "Sprays", "root_cause": "washer", "work_done": "Fitted a washer",
        "resolution": "resolved", "lines": [{"kind": "call_out", "description": "Call\u{7}out", "quantity": 1}]});
    let (s, body) = app.post(&format!("/api/visits/{visit}/outcome"), Some(&tech), &outcome).await;
    assert_eq!(s, 422, "{body}");
    assert_eq!(body["errors"][0]["field"], "lines[0].description");
}
on_both_backends!(control_characters_are_refused);

/// Link tokens are stored only as hashes; every issued link works; rows from before the
/// change are converted at start-up and their links keep working.
async fn link_tokens_are_stored_hashed(app: TestApp) {
    app.load_demo().await;
    let customer = app.customer_account("hash@example.com").await;
    let idempotent = || {
        app.client
            .post(app.url("/api/requests"))
            .bearer_auth(&customer)
            .header("Idempotency-Key", "hashed-1")
            .json(&faucet_booking("hash@example.com"))
    };
    let first = idempotent().send().await.expect("booking");
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.expect("json");
    let id = first["id"].to_string();
    let replayed = idempotent().send().await.expect("replay");
    assert_eq!(replayed.status(), 201);
    assert_eq!(replayed.headers().get("idempotent-replayed").map(|v| v.as_bytes()), Some(&b"true"[..]));
    let replayed: Value = replayed.json().await.expect("json");
    assert_eq!(replayed["reference"], first["reference"]);
    let token = token_of(&replayed);
    let (s, tracked) = app.get(&format!("/api/track/{token}"), None).await;
    assert_eq!(s, 200, "a replayed answer carries a working link: {tracked}");
    assert_eq!(tracked["id"].to_string(), id);

    let first_token = token_of(&first);
    let (s, _) = app.get(&format!("/api/track/{first_token}"), None).await;
    assert_eq!(s, 200, "the first link works too");
    let stored = text_of(&app, "SELECT tracking_token AS t FROM repair_requests".into()).await.expect("token");
    assert_ne!(stored, first_token);
    assert_eq!(stored.len(), 64, "a SHA-256 in hex");
    for t in [&token, &first_token] {
        for (table, column) in [
            ("repair_requests", "tracking_token"),
            ("idempotency_keys", "response_body"),
            ("access_links", "token_hash"),
        ] {
            let found = text_of(&app, format!("SELECT {column} AS t FROM {table} WHERE {column} LIKE '%{t}%'")).await;
            assert!(found.is_none(), "{table}.{column} holds no link token");
        }
    }

    execute(&app, format!("DELETE FROM access_links WHERE request_id = {id}")).await;
    execute(&app, format!("UPDATE repair_requests SET tracking_token = 'plain-token-of-an-old-row' WHERE id = {id}"))
        .await;
    let (s, _) = app.get("/api/track/plain-token-of-an-old-row", None).await;
    assert_eq!(s, 404, "before the upgrade the plain token is not a link");
    let state = app.state.clone();
    // In the writers' turn, as the server's own writes are: the running server's jobs write too.
    tokio::task::spawn_blocking(move || {
        state.db.write_blocking(fieldfix::db::migrations::run_pending).expect("upgrade")
    })
    .await
    .expect("join");
    let (s, _) = app.get("/api/track/plain-token-of-an-old-row", None).await;
    assert_eq!(s, 200, "the link an old customer holds keeps working");
    let stored = text_of(&app, format!("SELECT tracking_token AS t FROM repair_requests WHERE id = {id}")).await;
    assert_eq!(stored.map(|s| s.len()), Some(64), "and its plain token is gone");
}
on_both_backends!(link_tokens_are_stored_hashed);

/// One open follow-up at a time, and only within the rework period.
async fn follow_ups_are_limited(app: TestApp) {
    app.load_demo().await;
    let Assigned { token, .. } = app.with_completed_repair("again@example.com").await;
    let path = format!("/api/track/{token}/follow-up");
    let (s, first) = app.post(&path, None, &json!({"problem": "It drips again."})).await;
    assert_eq!(s, 201, "{first}");
    let requests = app.count("repair_requests").await;
    let (s, second) = app.post(&path, None, &json!({"problem": "Still dripping!"})).await;
    assert_eq!(s, 409, "{second}");
    assert!(second["detail"].as_str().is_some_and(|d| d.contains(first["reference"].as_str().expect("ref"))));
    assert_eq!(app.count("repair_requests").await, requests, "no second free request");

    let Assigned { token, .. } = app.with_completed_repair("late@example.com").await;
    app.clock.advance(chrono::Duration::days(400));
    let requests = app.count("repair_requests").await;
    let (s, late) = app.post(&format!("/api/track/{token}/follow-up"), None, &json!({"problem": "Broken again"})).await;
    assert_eq!(s, 409, "{late}");
    assert!(late["detail"].as_str().is_some_and(|d| d.contains("rework period")), "{late}");
    assert_eq!(app.count("repair_requests").await, requests);
}
on_both_backends!(follow_ups_are_limited);

/// Another service point's manager learns nothing about a request, not even that it exists.
async fn other_points_requests_are_not_found(app: TestApp) {
    app.load_demo().await;
    let manager2 = app.login("manager2@demo.fieldfix.test", PW).await;
    let (id, _) = app.book(&faucet_booking("probe@example.com")).await;
    let missing = 4_000_000_000_001_i64;
    for target in [id, missing] {
        let (s, _) = app.get(&format!("/api/requests/{target}/candidates"), Some(&manager2)).await;
        assert_eq!(s, 404, "candidates of {target}");
        let (s, _) =
            app.post(&format!("/api/requests/{target}/assign"), Some(&manager2), &json!({"technician_id": 1})).await;
        assert_eq!(s, 404, "assign {target}");
        let good = json!({"call": "Called", "resolution": "Done"});
        let (s, _) = app.post(&format!("/api/requests/{target}/follow-up"), Some(&manager2), &good).await;
        assert_eq!(s, 404, "follow-up of {target}");
    }
}
on_both_backends!(other_points_requests_are_not_found);

/// A technician sees the customer's name and phone on their own open visits, and no longer
/// once the visit is done.
async fn customer_contact_only_while_the_visit_is_open(app: TestApp) {
    app.load_demo().await;
    let manager = app.login("manager1@demo.fieldfix.test", PW).await;
    let admin = app.login("admin@demo.fieldfix.test", PW).await;
    let (id, _) = app.book(&faucet_booking("callme@example.com")).await;
    let (_, candidates) = app.get(&format!("/api/requests/{id}/candidates"), Some(&manager)).await;
    let tech_id = candidates[0]["technician"]["id"].as_i64().expect("candidate");
    let other_id = candidates[1]["technician"]["id"].as_i64().expect("another candidate");
    let visit = app.assign(id, &manager, tech_id).await;
    let tech = app.login(&app.tech_email(&admin, tech_id).await, PW).await;
    let other = app.login(&app.tech_email(&admin, other_id).await, PW).await;
    let (_, mine) = app.get("/api/tech/visits?days=7", Some(&tech)).await;
    let card = mine.as_array().expect("visits").iter().find(|v| v["id"] == visit).expect("the visit").clone();
    assert_eq!(card["customer"]["name"], "Chen Xiaoming");
    assert_eq!(card["customer"]["phone"], "+8613805710000");
    let (_, theirs) = app.get("/api/tech/visits?days=7", Some(&other)).await;
    assert!(theirs.as_array().expect("visits").iter().all(|v| v["id"] != visit), "not another technician's");
    let outcome = json!({"diagnosis": "Sprays", "root_cause": "washer", "work_done": "Fitted a washer",
        "resolution": "resolved", "lines": [{"kind": "call_out", "description": "Call-out", "quantity": 1}]});
    for (step, body) in [("en-route", json!({})), ("arrive", json!({})), ("outcome", outcome), ("complete", json!({}))]
    {
        let (s, _) = app.post(&format!("/api/visits/{visit}/{step}"), Some(&tech), &body).await;
        assert!(s == 200, "{step}");
    }
    let (_, after) = app.get("/api/tech/visits?days=7", Some(&tech)).await;
    let list = after.as_array().expect("visits");
    assert!(list.iter().all(|v| v["id"] != visit), "a done visit leaves the technician's days: {after}");
    assert!(!after.to_string().contains("+8613805710000"), "no phone once the visit is done: {after}");
}
on_both_backends!(customer_contact_only_while_the_visit_is_open);
