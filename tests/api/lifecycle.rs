//! The repair request lifecycle through the HTTP API: the faucet story, a paid repair,
//! concurrency, ownership and bad input.

use serde_json::json;

pub use crate::helpers::faucet_booking;
use crate::helpers::TestApp;
use crate::on_both_backends;

const PW: &str = "fieldfix-demo";

async fn faucet_story(app: TestApp) {
    app.load_demo().await;
    let admin = app.login("admin@demo.fieldfix.test", PW).await;
    let (s, booked) = app.post("/api/requests", None, &faucet_booking("chen@example.com")).await;
    assert_eq!(s, 201, "{booked}");
    assert_eq!(booked["status"], "awaiting_technician");
    assert_eq!(booked["warranty"]["covered"], true);
    let reference = booked["reference"].as_str().expect("reference");
    assert!(reference.starts_with("FX-"));
    let id = booked["id"].as_i64().expect("id");
    let tracking = booked["tracking_url"].as_str().expect("url");
    let token = tracking.rsplit('/').next().expect("token").to_string();
    assert!(token.len() >= 43);
    assert!(booked["promise"]["respond_by"].as_str().is_some());

    let manager = app.login("manager1@demo.fieldfix.test", PW).await;
    let (s, candidates) = app.get(&format!("/api/requests/{id}/candidates"), Some(&manager)).await;
    assert_eq!(s, 200, "{candidates}");
    let first = &candidates[0];
    let tech_id = first["technician"]["id"].as_i64().expect("tech id");
    let (_, tech) = app.get(&format!("/api/admin/technicians/{tech_id}"), Some(&admin)).await;
    assert!(
        tech["skills"].as_array().expect("skills").iter().any(|s| s["skill"] == "plumbing"),
        "a plumber first: {tech}"
    );
    assert!(!first["reasons"].as_array().expect("reasons").is_empty());
    let manager2 = app.login("manager2@demo.fieldfix.test", PW).await;
    let (s, _) = app.get(&format!("/api/requests/{id}/candidates"), Some(&manager2)).await;
    assert_eq!(s, 404, "another service point's manager is not told the request exists");

    let tech_token = app.login(tech["email"].as_str().expect("email"), PW).await;
    let (s, offers) = app.get("/api/tech/offers", Some(&tech_token)).await;
    assert_eq!(s, 200);
    let offer = offers
        .as_array()
        .expect("offers")
        .iter()
        .find(|o| o["reference"] == reference)
        .expect("offer for the request")
        .clone();
    let (s, accepted) = app.post(&format!("/api/offers/{}/accept", offer["id"]), Some(&tech_token), &json!({})).await;
    assert_eq!(s, 200, "{accepted}");
    let visit = accepted["visit_id"].as_i64().expect("visit");
    let (s, _) = app.post(&format!("/api/offers/{}/accept", offer["id"]), Some(&tech_token), &json!({})).await;
    assert_eq!(s, 409, "an offer is accepted once");

    let (_, day) = app.get("/api/tech/visits", Some(&tech_token)).await;
    assert!(day.as_array().expect("day").iter().any(|v| v["id"] == visit), "{day}");

    let near = json!({"position": {"lat": 30.2752, "lon": 120.1302}});
    let (s, step) = app
        .post(
            &format!("/api/visits/{visit}/en-route"),
            Some(&tech_token),
            &json!({"position": {"lat": 30.29, "lon": 120.15}}),
        )
        .await;
    assert_eq!(s, 200, "{step}");
    assert!(step["eta"].as_str().is_some());
    let (s, _) = app.post(&format!("/api/visits/{visit}/complete"), Some(&tech_token), &json!({})).await;
    assert_eq!(s, 409, "cannot complete before arriving");
    let (s, step) = app.post(&format!("/api/visits/{visit}/arrive"), Some(&tech_token), &near).await;
    assert_eq!(s, 200, "{step}");
    assert!(step["arrival_distance_m"].as_f64().expect("distance") < 100.0);
    let outcome = json!({
        "diagnosis": "Water sprays from the spout joint",
        "root_cause": "installation error: wrong washer",
        "work_done": "Fitted a 15 mm washer",
        "lines": [
            {"kind": "call_out", "description": "Call-out", "quantity": 1},
            {"kind": "part", "description": "Faucet washer 15 mm", "quantity": 1, "part_code": "washer-15"},
            {"kind": "labour", "description": "Labour", "quantity": 1}
        ],
        "resolution": "resolved"
    });
    let (s, out) = app.post(&format!("/api/visits/{visit}/outcome"), Some(&tech_token), &outcome).await;
    assert_eq!(s, 200, "{out}");
    assert_eq!(out["quote_status"], "none", "warranty covers it: no quote");
    let (s, _) = app.post(&format!("/api/visits/{visit}/complete"), Some(&tech_token), &json!({})).await;
    assert_eq!(s, 200);

    let (s, tracked) = app.get(&format!("/api/track/{token}"), None).await;
    assert_eq!(s, 200);
    assert_eq!(tracked["status"], "completed");
    assert_eq!(tracked["warranty"]["covered"], true);
    let v = &tracked["visits"][0];
    assert_eq!(v["total"]["amount_minor"], 0);
    assert_eq!(v["lines"].as_array().map(Vec::len), Some(3));
    assert!(v["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .all(|l| l["covered"] == true && l["billable"]["amount_minor"] == 0));
    assert_eq!(v["root_cause"], "installation error: wrong washer");
    assert!(v["technician_first_name"].as_str().is_some());
    assert!(v["technician_id"].is_null(), "customers do not see internal ids");
    let kinds: Vec<&str> =
        tracked["events"].as_array().expect("events").iter().filter_map(|e| e["kind"].as_str()).collect();
    let mut last = 0;
    for k in ["booked", "offered", "accepted", "en_route", "arrived", "outcome", "completed"] {
        let at = kinds.iter().position(|x| *x == k).unwrap_or_else(|| panic!("event {k} in {kinds:?}"));
        assert!(at >= last, "events in the order they happened: {kinds:?}");
        last = at;
    }
    let rating_url = tracked["rating_url"].as_str().expect("rating url");
    let rating_token = rating_url.rsplit('/').next().expect("token");
    let (s, prompt) = app.get(&format!("/api/ratings/{rating_token}"), None).await;
    assert_eq!((s, prompt["rated"].as_bool()), (200, Some(false)));
    let rating =
        json!({"stars": 5, "punctuality": 5, "professionalism": 5, "resolution": 5, "comment": "Fixed the same day."});
    let (s, _) = app.post(&format!("/api/ratings/{rating_token}"), None, &rating).await;
    assert_eq!(s, 201);
    let (s, _) = app.post(&format!("/api/ratings/{rating_token}"), None, &rating).await;
    assert_eq!(s, 409, "one rating per visit");
    let (_, tracked) = app.get(&format!("/api/track/{token}"), None).await;
    assert_eq!(tracked["status"], "closed");
    assert!(tracked["rating_url"].is_null());

    let (s, follow) = app
        .post(&format!("/api/track/{token}/follow-up"), None, &json!({"problem": "It drips again a week later."}))
        .await;
    assert_eq!(s, 201, "{follow}");
    let follow_token = follow["tracking_url"].as_str().expect("url").rsplit('/').next().expect("token").to_string();
    let (_, followed) = app.get(&format!("/api/track/{follow_token}"), None).await;
    assert_eq!(followed["free_of_charge"], true, "within the rework period");
    assert_eq!(followed["follow_up_of"], id);
    let (_, offers) = app.get("/api/tech/offers", Some(&tech_token)).await;
    assert!(
        offers.as_array().expect("offers").iter().any(|o| o["reference"] == follow["reference"]),
        "the same technician is asked first"
    );
}
on_both_backends!(faucet_story);

async fn paid_repair_needs_quote_approval(app: TestApp) {
    app.load_demo().await;
    let mut body = faucet_booking("li@example.com");
    body["product"] =
        json!({"category": "washing_machine", "brand": "Haier", "model": "EG100", "purchased_on": "2019-05-01"});
    body["skill"] = json!("appliance");
    body["problem"] = json!("The washing machine will not drain.");
    let (s, booked) = app.post("/api/requests", None, &body).await;
    assert_eq!(s, 201, "{booked}");
    assert_eq!(booked["warranty"]["covered"], false);
    let id = booked["id"].as_i64().expect("id");
    let token = booked["tracking_url"].as_str().expect("url").rsplit('/').next().expect("t").to_string();
    let manager = app.login("manager1@demo.fieldfix.test", PW).await;
    let admin = app.login("admin@demo.fieldfix.test", PW).await;
    let (tech_id, visit) = app.assign_first(id, &manager).await;
    let tech = app.login(&app.tech_email(&admin, tech_id).await, PW).await;
    let (s, fees) = app.get("/api/tech/fees", Some(&tech)).await;
    assert_eq!(s, 200, "{fees}");
    assert_eq!(fees["currency"], "CNY");
    assert!(fees["schedule"]["parts"].as_array().expect("parts").iter().any(|p| p["code"] == "drain-pump"));
    let (s, _) = app.get("/api/tech/fees", Some(&manager)).await;
    assert_eq!(s, 403, "the fee form is the technician's");
    for step in ["en-route", "arrive"] {
        let (s, b) = app
            .post(
                &format!("/api/visits/{visit}/{step}"),
                Some(&tech),
                &json!({"position": {"lat": 30.2751, "lon": 120.1301}}),
            )
            .await;
        assert_eq!(s, 200, "{step}: {b}");
    }
    let outcome = json!({
        "diagnosis": "Drain pump blocked and worn", "root_cause": "wear", "work_done": "Replaced the drain pump",
        "lines": [
            {"kind": "call_out", "description": "Call-out", "quantity": 1},
            {"kind": "labour", "description": "Labour", "quantity": 2},
            {"kind": "part", "description": "Drain pump", "quantity": 1, "part_code": "drain-pump"}
        ],
        "resolution": "resolved"
    });
    let (s, out) = app.post(&format!("/api/visits/{visit}/outcome"), Some(&tech), &outcome).await;
    assert_eq!((s, out["quote_status"].as_str()), (200, Some("pending")));
    let (s, refused) = app.post(&format!("/api/visits/{visit}/complete"), Some(&tech), &json!({})).await;
    assert_eq!(s, 409, "not before the customer approves: {refused}");
    assert_eq!(refused["current_status"], "on_site");
    let (_, tracked) = app.get(&format!("/api/track/{token}"), None).await;
    let v = &tracked["visits"][0];
    let sum: i64 = v["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .map(|l| l["billable"]["amount_minor"].as_i64().expect("amount"))
        .sum();
    assert_eq!(v["total"]["amount_minor"].as_i64(), Some(sum));
    assert_eq!(sum, 5000 + 2 * 4000 + 18000);
    assert_eq!(v["quote_status"], "pending");
    let (s, _) = app.post(&format!("/api/track/{token}/quote/approve"), None, &json!({})).await;
    assert_eq!(s, 204);
    let (s, _) = app.post(&format!("/api/track/{token}/quote/approve"), None, &json!({})).await;
    assert_eq!(s, 409, "nothing left to approve");
    let (s, _) = app.post(&format!("/api/visits/{visit}/complete"), Some(&tech), &json!({})).await;
    assert_eq!(s, 200);
    let (_, tracked) = app.get(&format!("/api/track/{token}"), None).await;
    assert_eq!(tracked["status"], "completed");
    assert!(tracked["events"].as_array().expect("events").iter().any(|e| e["kind"] == "quote_approved"));
}
on_both_backends!(paid_repair_needs_quote_approval);

async fn unresolved_visit_schedules_another(app: TestApp) {
    app.load_demo().await;
    let (_, booked) = app.post("/api/requests", None, &faucet_booking("wu@example.com")).await;
    let id = booked["id"].as_i64().expect("id");
    let manager = app.login("manager1@demo.fieldfix.test", PW).await;
    let admin = app.login("admin@demo.fieldfix.test", PW).await;
    let (tech_id, visit) = app.assign_first(id, &manager).await;
    let tech = app.login(&app.tech_email(&admin, tech_id).await, PW).await;
    app.post(&format!("/api/visits/{visit}/en-route"), Some(&tech), &json!({})).await;
    let (_, arrived) = app
        .post(&format!("/api/visits/{visit}/arrive"), Some(&tech), &json!({"position": {"lat": 30.30, "lon": 120.13}}))
        .await;
    assert!(arrived["arrival_distance_m"].as_f64().expect("distance") > 500.0);
    let outcome = json!({"diagnosis": "Cartridge cracked", "root_cause": "defective part", "work_done": "", "lines": [], "resolution": "second_visit"});
    let (s, _) = app.post(&format!("/api/visits/{visit}/outcome"), Some(&tech), &outcome).await;
    assert_eq!(s, 200);
    let (s, _) = app.post(&format!("/api/visits/{visit}/complete"), Some(&tech), &json!({})).await;
    assert_eq!(s, 200);
    let (_, detail) = app.get(&format!("/api/requests/{id}"), Some(&manager)).await;
    assert_eq!(detail["status"], "needs_follow_up");
    assert_eq!(detail["visits"].as_array().map(Vec::len), Some(2), "a second visit on the same request");
    assert!(
        detail["events"]
            .as_array()
            .expect("events")
            .iter()
            .any(|e| e["detail"].as_str().is_some_and(|d| d.contains("km from the address"))),
        "far arrival flagged"
    );
    let (_, offers) = app.get("/api/tech/offers", Some(&tech)).await;
    assert!(
        offers.as_array().expect("offers").iter().any(|o| o["reference"] == booked["reference"]),
        "the same technician is asked to return"
    );
}
on_both_backends!(unresolved_visit_schedules_another);
