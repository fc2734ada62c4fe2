//! A service point's day as a plan: exported in the dispatch format and solved outside, and
//! re-planned on the board without breaking a promise.

use serde_json::json;

use crate::helpers::TestApp;
use crate::lifecycle::faucet_booking;
use crate::on_both_backends;

const PW: &str = "fieldfix-demo";

async fn exported_day_round_trips(app: TestApp) {
    use fieldfix::dispatch::dayplan::parse_day_plan;
    use fieldfix::dispatch::dayplan_answer::solve_day_plan;
    use fieldfix::dispatch::model::Params;
    use fieldfix::dispatch::travel::GreatCircle;
    app.load_demo().await;
    let admin = app.login("admin@demo.fieldfix.test", PW).await;
    let manager = app.login("manager1@demo.fieldfix.test", PW).await;
    let (_, booked) = app.post("/api/requests", None, &faucet_booking("export@example.com")).await;
    let (_, second) = app.post("/api/requests", None, &faucet_booking("export2@example.com")).await;
    let id = booked["id"].as_i64().expect("id");
    let (tech_id, visit) = app.assign_first(id, &manager).await;
    let (_, points) = app.get("/api/admin/service-points", Some(&admin)).await;
    let sp = points.as_array().expect("points").iter().find(|p| p["name"] == "Hangzhou West Lake").expect("sp")["id"]
        .clone();
    let (s, plan) = app.get(&format!("/api/manage/dayplan?date=2026-11-24&service_point={sp}"), Some(&manager)).await;
    assert_eq!(s, 200, "{plan}");
    assert_eq!(plan["format"], "fieldfix-dispatch-v1");
    let visits = plan["visits"].as_array().expect("visits");
    let pinned = visits.iter().find(|v| v["id"] == visit).expect("the assigned visit");
    assert_eq!(pinned["pinned_to"], tech_id);
    assert!(visits.len() >= 2, "the open visit of {} is there too", second["reference"]);
    let n = plan["technicians"].as_array().map(Vec::len).unwrap_or(0) + visits.len();
    assert_eq!(plan["durations_s"].as_array().map(Vec::len), Some(n));
    let (s, _) = app
        .get(
            &format!("/api/manage/dayplan?date=2026-11-24&service_point={sp}"),
            Some(&app.login("manager2@demo.fieldfix.test", PW).await),
        )
        .await;
    assert_eq!(s, 403);

    let parsed = parse_day_plan(&plan.to_string()).expect("the export is a valid day plan");
    let params = Params { time_limit_s: 0.5, seed: 1, ..Params::default() };
    let (answer, _, _) = solve_day_plan(&parsed, &params, &GreatCircle::default(), None).expect("solves");
    let answer = serde_json::to_value(&answer).expect("json");
    assert_eq!(answer["feasible"], true);
    assert_eq!(answer["served"].as_u64(), Some(visits.len() as u64), "every exported visit is served: {answer}");
    let route = answer["routes"]
        .as_array()
        .expect("routes")
        .iter()
        .find(|r| r["technician"] == tech_id)
        .expect("the pinned technician's route");
    assert!(route["visits"].as_array().expect("visits").iter().any(|v| v["id"] == visit));
}
on_both_backends!(exported_day_round_trips);

async fn replan_assigns_open_work_and_keeps_promises(app: TestApp) {
    app.load_demo().await;
    let admin = app.login("admin@demo.fieldfix.test", PW).await;
    let manager = app.login("manager1@demo.fieldfix.test", PW).await;
    let mut ids = Vec::new();
    for (i, (lat, lon)) in [(30.275, 120.13), (30.30, 120.10), (30.26, 120.20)].iter().enumerate() {
        let mut body = faucet_booking(&format!("replan{i}@example.com"));
        body["location"] = json!({"lat": lat, "lon": lon});
        let (s, booked) = app.post("/api/requests", None, &body).await;
        assert_eq!(s, 201, "{booked}");
        ids.push(booked["id"].as_i64().expect("id"));
    }
    let (_, candidates) = app.get(&format!("/api/requests/{}/candidates", ids[0]), Some(&manager)).await;
    let tech_id = candidates[0]["technician"]["id"].as_i64().expect("candidate");
    let (s, _) =
        app.post(&format!("/api/requests/{}/assign", ids[0]), Some(&manager), &json!({"technician_id": tech_id})).await;
    assert_eq!(s, 200);
    let (_, points) = app.get("/api/admin/service-points", Some(&admin)).await;
    let sp = points.as_array().expect("points").iter().find(|p| p["name"] == "Hangzhou West Lake").expect("sp")["id"]
        .clone();
    let (s, preview) = app
        .post(
            &format!("/api/manage/replan?date=2026-11-24&service_point={sp}&seconds=0.5&apply=false"),
            Some(&manager),
            &json!({}),
        )
        .await;
    assert_eq!(s, 200, "{preview}");
    assert_eq!(preview["applied"], false);
    assert_eq!(preview["plan"]["feasible"], true);
    assert!(preview["served_after"].as_u64() >= preview["served_before"].as_u64());
    let (_, still) = app.get(&format!("/api/requests/{}", ids[1]), Some(&manager)).await;
    assert_ne!(still["status"], "scheduled", "a preview changes nothing");
    let (s, done) = app
        .post(&format!("/api/manage/replan?date=2026-11-24&service_point={sp}&seconds=0.5"), Some(&manager), &json!({}))
        .await;
    assert_eq!(s, 200, "{done}");
    assert_eq!(done["applied"], true);
    assert_eq!(done["served_after"], 3, "{done}");
    if let (Some(before), Some(after)) = (done["travel_s_before"].as_i64(), done["travel_s_after"].as_i64()) {
        assert_eq!(done["travel_saved_s"].as_i64(), Some(before - after));
    }
    for id in &ids {
        let (_, r) = app.get(&format!("/api/requests/{id}"), Some(&manager)).await;
        assert_eq!(r["status"], "scheduled", "{r}");
    }
    let (_, first) = app.get(&format!("/api/requests/{}", ids[0]), Some(&manager)).await;
    assert_eq!(first["visits"][0]["technician_id"], tech_id, "a pinned visit stays with its technician");
    let manager2 = app.login("manager2@demo.fieldfix.test", PW).await;
    let (s, _) =
        app.post(&format!("/api/manage/replan?date=2026-11-24&service_point={sp}"), Some(&manager2), &json!({})).await;
    assert_eq!(s, 403);
}
on_both_backends!(replan_assigns_open_work_and_keeps_promises);
