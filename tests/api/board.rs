//! The board acts: a manager gives a booked visit to another technician or moves it to another
//! window (the customer and both technicians told, each in their language), cancels a request
//! with a reason (the customer and the technician told, the timeline says who), and the
//! candidates show who holds an offer and never a time of another day as today's. Every
//! refusal changes nothing.

use serde_json::{json, Value};

use crate::helpers::{faucet_booking, TestApp};
use crate::on_both_backends;

const PW: &str = "fieldfix-demo";

/// The admin's technicians of the demo's first point (the one the faucet story books at).
async fn technicians(app: &TestApp, admin: &str) -> Vec<Value> {
    let (_, list) = app.get("/api/admin/technicians", Some(admin)).await;
    list.as_array().expect("technicians").clone()
}

/// Sets technician `id`'s mail language through the admin API.
async fn set_language(app: &TestApp, admin: &str, id: i64, language: &str) {
    let (_, t) = app.get(&format!("/api/admin/technicians/{id}"), Some(admin)).await;
    let body = json!({"name": t["name"], "phone": t["phone"], "service_point_id": t["service_point_id"],
        "home": t["home"], "skills": t["skills"], "shifts": t["shifts"], "active": t["active"], "language": language});
    let (s, saved) = app.put(&format!("/api/admin/technicians/{id}"), Some(admin), &body).await;
    assert_eq!((s, saved["language"].as_str()), (200, Some(language)), "{saved}");
}

/// The subjects of the mail queued to `recipient` of `kind`.
async fn subjects(app: &TestApp, kind: &str, recipient: &str) -> Vec<String> {
    let rows = app.texts_where("outbox", "payload", &format!("kind = '{kind}' AND recipient = '{recipient}'")).await;
    rows.iter()
        .map(|p| serde_json::from_str::<Value>(p).expect("payload")["subject"].as_str().unwrap_or("").into())
        .collect()
}

/// A change refused with `status`, naming `field` when it is a 422; in Chinese when asked.
async fn refused(app: &TestApp, path: &str, token: &str, body: Value, status: u16, field: Option<&str>) {
    let res = app
        .client
        .post(app.url(path))
        .bearer_auth(token)
        .header("Accept-Language", "zh-CN")
        .json(&body)
        .send()
        .await
        .expect("request");
    assert_eq!(res.status().as_u16(), status, "{path} {body}");
    let problem: Value = res.json().await.unwrap_or(Value::Null);
    if let Some(field) = field {
        let reason = problem["errors"].as_array().and_then(|e| e.iter().find(|e| e["field"] == field)).cloned();
        let reason = reason.unwrap_or_else(|| panic!("{field} not named: {problem}"))["reason"].clone();
        assert!(reason.as_str().is_some_and(|r| r.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))), "{reason}");
    }
}

async fn manager_moves_and_reassigns_a_booked_visit(app: TestApp) {
    app.load_demo().await;
    let admin = app.login("admin@demo.fieldfix.test", PW).await;
    let manager = app.login("manager1@demo.fieldfix.test", PW).await;
    let manager2 = app.login("manager2@demo.fieldfix.test", PW).await;
    let done = app.book_and_assign(&faucet_booking("moved@example.com")).await;
    let (_, before) = app.get(&format!("/api/requests/{}", done.id), Some(&manager)).await;
    let from = before["visits"][0]["technician_id"].as_i64().expect("technician");
    let (_, candidates) = app.get(&format!("/api/requests/{}/candidates", done.id), Some(&manager)).await;
    let to = candidates.as_array().expect("candidates").iter().map(|c| c["technician"]["id"].as_i64().expect("id"));
    let to = to.into_iter().find(|t| *t != from).expect("a second qualified technician");
    set_language(&app, &admin, to, "zh-CN").await;
    let (from_email, to_email) = (app.tech_email(&admin, from).await, app.tech_email(&admin, to).await);

    // Refusals first: none of them changes anything.
    let all = technicians(&app, &admin).await;
    let point = before["service_point_id"].as_i64().expect("point");
    let elsewhere =
        all.iter().find(|t| t["service_point_id"] != point).expect("another point's technician")["id"].clone();
    let unqualified = all
        .iter()
        .find(|t| t["service_point_id"] == point && !t["skills"].to_string().contains("plumbing"))
        .expect("a technician without plumbing")["id"]
        .clone();
    let (events, mails) = (app.count("request_events").await, app.count("outbox").await);
    let path = format!("/api/requests/{}/move", done.id);
    refused(&app, &path, &done.tech, json!({"technician_id": to}), 403, None).await;
    refused(&app, &path, &manager2, json!({"technician_id": to}), 404, None).await;
    refused(&app, &path, &manager, json!({}), 422, Some("technician_id")).await;
    refused(&app, &path, &manager, json!({"technician_id": elsewhere}), 422, Some("technician_id")).await;
    refused(&app, &path, &manager, json!({"technician_id": unqualified}), 422, Some("technician_id")).await;
    refused(&app, &path, &manager, json!({"technician_id": from}), 422, Some("technician_id")).await;
    let past = json!({"start": "2026-11-23T02:00:00Z", "end": "2026-11-23T04:00:00Z"});
    refused(&app, &path, &manager, json!({"window": past}), 422, Some("window.end")).await;
    refused(&app, &path, &manager, json!({"technician_id": "x"}), 422, Some("technician_id")).await;
    assert_eq!((app.count("request_events").await, app.count("outbox").await), (events, mails), "nothing changed");
    let (_, still) = app.get(&format!("/api/requests/{}", done.id), Some(&manager)).await;
    assert_eq!(still["visits"][0], before["visits"][0], "the visit is as it was");

    // Given to another technician: the customer gets the new invitation, both technicians are told.
    let (s, moved) = app.post(&path, Some(&manager), &json!({"technician_id": to})).await;
    assert_eq!(s, 200, "{moved}");
    assert_eq!(moved["technician_id"], to);
    assert!(moved["start"].as_str() >= Some("2026-11-24T02:00:00Z"), "never before now: {moved}");
    let (_, after) = app.get(&format!("/api/requests/{}", done.id), Some(&manager)).await;
    assert_eq!((after["status"].as_str(), after["visits"][0]["technician_id"].as_i64()), (Some("scheduled"), Some(to)));
    assert_eq!(subjects(&app, "visit_rescheduled", "moved@example.com").await.len(), 1, "the customer's invitation");
    assert_eq!(app.count_where("outbox", "kind = 'visit_rescheduled' AND channel = 'sms'").await, 1, "and a text");
    let given = subjects(&app, "visit_changed", &to_email).await;
    assert!(given.len() == 1 && given[0].starts_with("新增上门"), "in the new technician's language: {given:?}");
    let taken = subjects(&app, "visit_changed", &from_email).await;
    assert!(taken.len() == 1 && taken[0].starts_with("Visit taken off your day"), "{taken:?}");
    let res = app
        .client
        .get(app.url(&format!("/api/requests/{}", done.id)))
        .bearer_auth(&manager)
        .header("Accept-Language", "zh-CN")
        .send()
        .await
        .expect("request");
    let view: Value = res.json().await.expect("json");
    let event =
        view["events"].as_array().expect("events").iter().find(|e| e["kind"] == "moved").expect("moved").clone();
    assert!(event["detail"].as_str().is_some_and(|d| d.contains("改派给")), "{event}");

    // Given back from the candidates (`assign`): both technicians are told there too.
    app.assign(done.id, &manager, from).await;
    assert!(subjects(&app, "visit_changed", &to_email).await.iter().any(|s| s.starts_with("上门已移出")));
    assert!(subjects(&app, "visit_changed", &from_email)
        .await
        .iter()
        .any(|s| s.starts_with("Visit added to your day")));

    // Moved to another window with the same technician: the window is the new promise.
    let (_, slots) = app.get("/api/slots?lat=30.275&lon=120.13&skill=plumbing&from=2026-11-24&days=2", None).await;
    let mut moved_to = None;
    for w in slots.as_array().expect("slots").iter().filter(|w| w["available"].as_i64() > Some(0)).skip(2).take(8) {
        let window = json!({"start": w["start"], "end": w["end"]});
        let (s, answer) = app.post(&path, Some(&manager), &json!({"window": window})).await;
        if s == 200 {
            moved_to = Some((window, answer));
            break;
        }
        assert_eq!(s, 422, "{answer}");
    }
    let (window, answer) = moved_to.expect("a window the technician has room in");
    assert_eq!(answer["technician_id"], from);
    assert!(answer["start"].as_str() >= window["start"].as_str() && answer["keeps_promise"] == true, "{answer}");
    let (_, tracked) = app.get(&format!("/api/track/{}", done.token), None).await;
    assert_eq!(
        tracked["window"]["end"].as_str().map(|e| e.replace(".000", "")),
        window["end"].as_str().map(str::to_string)
    );
    let moved = subjects(&app, "visit_changed", &from_email).await;
    assert!(moved.iter().any(|s| s.starts_with("Visit moved")), "{moved:?}");
}
on_both_backends!(manager_moves_and_reassigns_a_booked_visit);

async fn manager_cancels_with_a_reason(app: TestApp) {
    app.load_demo().await;
    let manager = app.login("manager1@demo.fieldfix.test", PW).await;
    let manager2 = app.login("manager2@demo.fieldfix.test", PW).await;
    let done = app.book_and_assign(&faucet_booking("cancelled@example.com")).await;
    let path = format!("/api/requests/{}/cancel", done.id);
    let mails = app.count("outbox").await;
    refused(&app, &path, &manager, json!({"reason": "  "}), 422, Some("reason")).await;
    refused(&app, &path, &manager2, json!({"reason": "duplicate"}), 404, None).await;
    refused(&app, &path, &done.tech, json!({"reason": "duplicate"}), 404, None).await;
    assert_eq!(app.count("outbox").await, mails, "nothing sent");
    let (s, _) = app.post(&path, Some(&manager), &json!({"reason": "The customer called: already fixed."})).await;
    assert_eq!(s, 204);
    let (_, view) = app.get(&format!("/api/requests/{}", done.id), Some(&manager)).await;
    assert_eq!(view["status"], "cancelled");
    let event =
        view["events"].as_array().expect("events").iter().find(|e| e["kind"] == "cancelled").expect("event").clone();
    let detail = event["detail"].as_str().unwrap_or("");
    assert!(detail.starts_with("cancelled by the service point") && detail.contains("already fixed"), "{detail}");
    let told = subjects(&app, "cancelled", "cancelled@example.com").await;
    assert!(told.len() == 1 && told[0].contains("cancelled"), "{told:?}");
    assert_eq!(app.count_where("outbox", "kind = 'cancelled' AND channel = 'sms'").await, 1, "and a text");
    assert_eq!(view["visits"][0]["status"], "cancelled", "the visit left the technician's day");
    let tech = subjects(&app, "visit_changed", &done.tech_email).await;
    assert!(tech.len() == 1 && tech[0].starts_with("Visit cancelled"), "{tech:?}");
}
on_both_backends!(manager_cancels_with_a_reason);

async fn candidates_show_offers_and_no_other_days_time_as_today(app: TestApp) {
    app.load_demo().await;
    let manager = app.login("manager1@demo.fieldfix.test", PW).await;
    let (id, _) = app.book(&faucet_booking("offered@example.com")).await;
    let (_, list) = app.get(&format!("/api/requests/{id}/candidates"), Some(&manager)).await;
    let list = list.as_array().expect("candidates").clone();
    let offered: Vec<&Value> = list.iter().filter(|c| !c["offer_expires_at"].is_null()).collect();
    assert_eq!(offered.len(), 3, "the three technicians holding an offer are shown: {list:?}");
    assert!(offered.iter().all(|c| c["offer_expires_at"].as_str().is_some_and(|e| e.starts_with("2026-11-24T02:10"))));
    // In the evening the shifts of the day are over: a start tomorrow says "tomorrow".
    app.clock.advance(chrono::Duration::hours(9) + chrono::Duration::minutes(30));
    app.run_jobs().await;
    let res = app
        .client
        .get(app.url(&format!("/api/requests/{id}/candidates")))
        .bearer_auth(&manager)
        .header("Accept-Language", "zh-CN")
        .send()
        .await
        .expect("request");
    let late: Vec<Value> = res.json().await.expect("json");
    // The offer job has re-offered the request at the new time: what is shown is a live offer,
    // never one that expired at 02:10.
    assert!(
        late.iter().all(|c| c["offer_expires_at"].as_str().is_none_or(|e| e > "2026-11-24T11:30")),
        "expired offers are not shown: {late:?}"
    );
    assert!(late.iter().all(|c| c["earliest_start"].as_str() >= Some("2026-11-24T11:30:00Z")), "never before now");
    let tomorrow: Vec<&Value> =
        late.iter().filter(|c| c["earliest_start"].as_str() >= Some("2026-11-24T16:00:00Z")).collect();
    assert!(!tomorrow.is_empty(), "someone free tomorrow: {late:?}");
    for c in tomorrow {
        assert!(c["reasons"].to_string().contains("明天"), "a start tomorrow says so: {c}");
    }
}
on_both_backends!(candidates_show_offers_and_no_other_days_time_as_today);

async fn the_admin_page_is_for_admins(app: TestApp) {
    app.load_demo().await;
    let manager = app.login("manager1@demo.fieldfix.test", PW).await;
    let admin = app.login("admin@demo.fieldfix.test", PW).await;
    for (token, status, marker) in
        [(None, 200, "login-form"), (Some(&admin), 200, "login-form"), (Some(&manager), 403, "/manage")]
    {
        let mut req = app.client.get(app.url("/admin"));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let res = req.send().await.expect("request");
        assert_eq!(res.status().as_u16(), status);
        let kind = res.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
        assert!(kind.starts_with("text/html"), "a page, not JSON: {kind}");
        assert!(res.text().await.expect("body").contains(marker));
    }
    let id = technicians(&app, &admin).await[0]["id"].as_i64().expect("id");
    let (_, t) = app.get(&format!("/api/admin/technicians/{id}"), Some(&admin)).await;
    assert_eq!(t["language"], "en", "English unless chosen");
    let body = json!({"name": t["name"], "service_point_id": t["service_point_id"], "home": t["home"],
        "skills": t["skills"], "shifts": t["shifts"], "active": true, "language": "fr"});
    let (s, problem) = app.put(&format!("/api/admin/technicians/{id}"), Some(&admin), &body).await;
    assert_eq!((s, problem["errors"][0]["field"].as_str()), (422, Some("language")), "{problem}");
    let (_, again) = app.get(&format!("/api/admin/technicians/{id}"), Some(&admin)).await;
    assert_eq!(again["language"], "en", "nothing changed");
}
on_both_backends!(the_admin_page_is_for_admins);

async fn replan_preview_shows_the_moves_and_applies_them_as_shown(app: TestApp) {
    app.load_demo().await;
    let manager = app.login("manager1@demo.fieldfix.test", PW).await;
    let manager2 = app.login("manager2@demo.fieldfix.test", PW).await;
    let first = app.book_and_assign(&faucet_booking("replan-a@example.com")).await;
    let mut open = Vec::new();
    for (i, (lat, lon)) in [(30.30, 120.10), (30.26, 120.20)].iter().enumerate() {
        let mut body = faucet_booking(&format!("replan-preview{i}@example.com"));
        body["location"] = json!({"lat": lat, "lon": lon});
        open.push(app.book(&body).await.0);
    }
    let (_, view) = app.get(&format!("/api/requests/{}", first.id), Some(&manager)).await;
    let sp = view["service_point_id"].as_i64().expect("point");
    let query = format!("date=2026-11-24&service_point={sp}");
    let (s, preview) =
        app.post(&format!("/api/manage/replan?{query}&seconds=0.5&apply=false"), Some(&manager), &json!({})).await;
    assert_eq!(s, 200, "{preview}");
    let moves = preview["moves"].as_array().expect("moves");
    for id in &open {
        let m = moves.iter().find(|m| m["request_id"] == *id).unwrap_or_else(|| panic!("{id} moves: {preview}"));
        assert!(m["technician_before"].is_null() && m["technician_after"]["name"].is_string(), "{m}");
        assert_eq!(m["keeps_promise"], true, "{m}");
    }
    assert_eq!((preview["promises_kept_before"].as_u64(), preview["promises_kept_after"].as_u64()), (Some(1), Some(3)));
    let routes: Vec<Value> = preview["plan"]["routes"]
        .as_array()
        .expect("routes")
        .iter()
        .map(|r| {
            let ids: Vec<Value> = r["visits"].as_array().expect("visits").iter().map(|v| v["id"].clone()).collect();
            json!({"technician_id": r["technician"], "visit_ids": ids})
        })
        .collect();

    // Refusals change nothing.
    let events = app.count("request_events").await;
    let apply = format!("/api/manage/replan/apply?{query}");
    let first_route = routes[0].clone();
    let twice = {
        let mut r = first_route.clone();
        let id = r["visit_ids"][0].clone();
        r["visit_ids"].as_array_mut().expect("ids").push(id);
        r
    };
    refused(&app, &apply, &manager, json!({"routes": [twice]}), 422, Some("routes[0].visit_ids")).await;
    let stranger = json!({"technician_id": 1, "visit_ids": first_route["visit_ids"]});
    refused(&app, &apply, &manager, json!({"routes": [stranger]}), 422, Some("routes[0].technician_id")).await;
    let gone = json!({"technician_id": first_route["technician_id"], "visit_ids": [1]});
    refused(&app, &apply, &manager, json!({"routes": [gone]}), 409, None).await;
    refused(&app, &apply, &manager, json!({"routes": []}), 422, Some("routes")).await;
    refused(&app, &apply, &manager2, json!({"routes": routes}), 403, None).await;
    refused(&app, &apply, &first.tech, json!({"routes": routes}), 403, None).await;
    assert_eq!(app.count("request_events").await, events, "nothing changed");

    let (s, applied) = app.post(&apply, Some(&manager), &json!({"routes": routes})).await;
    assert_eq!((s, &applied["applied"]), (200, &json!(true)), "{applied}");
    for m in moves {
        let (_, r) = app.get(&format!("/api/requests/{}", m["request_id"]), Some(&manager)).await;
        assert_eq!(r["status"], "scheduled", "{r}");
        let visit = &r["visits"][0];
        assert_eq!(visit["technician_id"], m["technician_after"]["id"], "as the preview showed");
        let start = visit["scheduled_start"].as_str().map(|s| s.replace(".000", "")).unwrap_or_default();
        assert_eq!(Some(start.as_str()), m["start_after"].as_str(), "at the start the preview showed");
    }
}
on_both_backends!(replan_preview_shows_the_moves_and_applies_them_as_shown);
