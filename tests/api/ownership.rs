//! Own against another's: every route that takes a request, visit or offer id, or a service
//! point, is called by a caller who owns it and by one of the same role who does not (the
//! other customer, a technician of the same point not on the visit, the other point's
//! manager). The other gets 404 (or 403 for a service point named outright) and changes
//! nothing, even with a body that would be taken from the owner. A route with an id added
//! without a row here fails the test.

use serde_json::{json, Value};

use crate::helpers::TestApp;
use crate::lifecycle::faucet_booking;
use crate::on_both_backends;

const PW: &str = "fieldfix-demo";

/// The status expected of a caller, and the caller's token.
type Caller<'a> = (u16, &'a str);
/// Method, path, body, the owner and the other.
type Row<'a> = (&'a str, String, Value, Caller<'a>, Caller<'a>);

/// Routes whose path names no id of a request, visit or offer, or whose access is by a
/// link's token rather than by who is signed in (the token tests cover those).
const NOT_OWNED: &[&str] = &[
    "/api/track/{token}",
    "/api/track/{token}/cancel",
    "/api/track/{token}/follow-up",
    "/api/track/{token}/quote/approve",
    "/api/track/{token}/quote/decline",
    "/api/track/{token}/reschedule",
    "/api/track/{token}/account",
    "/api/track/{token}/contact",
    "/api/track/{token}/contact/confirm",
    "/api/ratings/{token}",
    "/api/admin/service-points/{id}",
    "/api/admin/technicians/{id}",
    "/api/admin/staff/{id}",
    "/api/admin/skills/{code}",
    "/api/track/{token}/photos",
    "/api/track/{token}/photos/{id}",
    "/api/track/{token}/photos/{id}/thumbnail",
    "/api/messages/{lang}",
    "/api/track/{token}/signature",
    "/api/track/{token}/invoice",
    "/api/track/{token}/receipt",
];

/// Routes whose own/other rows need data of their own (an image body, a completed visit a day
/// earlier), and the test that calls them as the other: another technician, customer or
/// point's manager gets 404 there.
const OWN_TEST: &[(&str, &str)] = &[
    ("/api/visits/{id}/photos", "photos::technician_photos_before_and_after"),
    ("/api/photos/{id}", "photos::customer_photos_are_cleaned_limited_and_private"),
    ("/api/photos/{id}/thumbnail", "photos::customer_photos_are_cleaned_limited_and_private"),
    ("/api/manage/calls/{id}", "calls::next_day_calls_retry_open_follow_ups_and_count"),
    ("/api/manage/tasks/{id}/close", "tasks::low_rating_task_closed_with_a_coupon"),
    ("/api/requests/{id}/messages", "conversation::only_the_people_of_the_request_take_part"),
    ("/api/track/{token}/messages", "conversation::only_the_people_of_the_request_take_part"),
    ("/api/visits/{id}/quote/approve-on-site", "signed_quote::the_customer_signs_on_the_technicians_phone"),
    ("/api/visits/{id}/signature", "signed_quote::the_customer_signs_on_the_technicians_phone"),
    ("/api/visits/{id}/tracking-qr", "signed_quote::the_qr_code_opens_her_tracking_page"),
    ("/api/visits/{id}/payment", "payments::the_payment_is_recorded_once_for_the_amount_due"),
    ("/api/manage/invoices/{id}/issued", "receipts::the_customer_asks_for_a_fapiao_and_the_point_issues_it"),
    ("/api/me/requests/{id}/tracking-link", "part_and_cancel::me_opens_each_repair_by_a_fresh_link"),
];

async fn status(app: &TestApp, method: &str, path: &str, token: &str, body: &Value) -> u16 {
    let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
    let mut req = app.client.request(method.clone(), app.url(path)).bearer_auth(token);
    if method != reqwest::Method::GET {
        req = req.json(body);
    }
    req.send().await.expect("request").status().as_u16()
}

async fn another_owner_gets_nothing(app: TestApp) {
    app.load_demo().await;
    let owner = app.customer_account("owner@example.com").await;
    let stranger = app.customer_account("stranger@example.com").await;
    let manager1 = app.login("manager1@demo.fieldfix.test", PW).await;
    let manager2 = app.login("manager2@demo.fieldfix.test", PW).await;
    let admin = app.login("admin@demo.fieldfix.test", PW).await;

    // The owner's request, assigned to the best technician.
    let (s, booked) = app.post("/api/requests", None, &faucet_booking("owner@example.com")).await;
    assert_eq!(s, 201, "{booked}");
    let id = booked["id"].as_i64().expect("id");
    let (tech_id, visit) = app.assign_first(id, &manager1).await;
    let own_email = app.tech_email(&admin, tech_id).await;
    let own_tech = app.login(&own_email, PW).await;
    // A colleague at the same service point who is not on the visit.
    let (_, techs) = app.get("/api/admin/technicians", Some(&admin)).await;
    let point = booked_point(&app, &manager1, id).await;
    let colleague = techs
        .as_array()
        .expect("technicians")
        .iter()
        .find(|t| t["service_point_id"] == point && t["id"] != tech_id)
        .and_then(|t| t["email"].as_str())
        .expect("a colleague")
        .to_string();
    let other_tech = app.login(&colleague, PW).await;

    // A second request still waiting, with an offer out to someone.
    let (_, waiting) = app.post("/api/requests", None, &faucet_booking("owner@example.com")).await;
    let waiting_id = waiting["id"].as_i64().expect("id");
    let (_, ranked) = app.get(&format!("/api/requests/{waiting_id}/candidates"), Some(&manager1)).await;
    let offered_email = app.tech_email(&admin, ranked[0]["technician"]["id"].as_i64().expect("tech")).await;
    let offered = app.login(&offered_email, PW).await;
    let (_, offers) = app.get("/api/tech/offers", Some(&offered)).await;
    let offer = offers
        .as_array()
        .expect("offers")
        .iter()
        .find(|o| o["reference"] == waiting["reference"])
        .and_then(|o| o["id"].as_i64())
        .expect("the offer");
    let not_offered = if offered_email == colleague { &own_tech } else { &other_tech };

    let events_before = app.count("request_events").await;
    let outcome = json!({"diagnosis": "x", "root_cause": "x", "work_done": "x", "resolution": "resolved",
        "lines": [{"kind": "call_out", "description": "Call-out", "quantity": 1}]});
    let follow_up = json!({"call": "called", "resolution": "fine"});
    let day = "2026-11-24";
    // Method, path, body, then (owner's status, owner) and (other's status, other). An owner's
    // status of 0 is not checked here: the call would change the request, and the lifecycle
    // tests show the owner succeeding.
    let rows: Vec<Row> = vec![
        ("GET", format!("/api/requests/{id}"), json!({}), (200, &owner), (404, &stranger)),
        ("GET", format!("/api/requests/{id}"), json!({}), (200, &own_tech), (404, &other_tech)),
        ("GET", format!("/api/requests/{id}"), json!({}), (200, &manager1), (404, &manager2)),
        ("POST", format!("/api/requests/{id}/cancel"), json!({"reason": "no"}), (0, &owner), (404, &stranger)),
        ("POST", format!("/api/requests/{id}/cancel"), json!({"reason": "no"}), (0, &manager1), (404, &manager2)),
        ("GET", format!("/api/requests/{id}/candidates"), json!({}), (200, &manager1), (404, &manager2)),
        (
            "POST",
            format!("/api/requests/{id}/assign"),
            json!({"technician_id": tech_id}),
            (0, &manager1),
            (404, &manager2),
        ),
        ("POST", format!("/api/requests/{id}/follow-up"), follow_up, (0, &manager1), (404, &manager2)),
        (
            "POST",
            format!("/api/requests/{id}/move"),
            json!({"technician_id": tech_id}),
            (0, &manager1),
            (404, &manager2),
        ),
        ("POST", format!("/api/visits/{visit}/en-route"), json!({}), (0, &own_tech), (404, &other_tech)),
        ("POST", format!("/api/visits/{visit}/arrive"), json!({}), (409, &own_tech), (404, &other_tech)),
        ("POST", format!("/api/visits/{visit}/outcome"), outcome, (409, &own_tech), (404, &other_tech)),
        ("POST", format!("/api/visits/{visit}/complete"), json!({}), (409, &own_tech), (404, &other_tech)),
        ("POST", format!("/api/offers/{offer}/decline"), json!({}), (0, &offered), (404, not_offered)),
        ("POST", format!("/api/offers/{offer}/accept"), json!({}), (0, &offered), (404, not_offered)),
        (
            "GET",
            format!("/api/manage/board?service_point={point}&date={day}"),
            json!({}),
            (200, &manager1),
            (403, &manager2),
        ),
        (
            "GET",
            format!("/api/manage/dayplan?service_point={point}&date={day}"),
            json!({}),
            (200, &manager1),
            (403, &manager2),
        ),
        ("GET", format!("/api/manage/kpis/weeks?service_point={point}"), json!({}), (200, &manager1), (403, &manager2)),
        ("GET", format!("/api/manage/invoices?service_point={point}"), json!({}), (200, &manager1), (403, &manager2)),
        (
            "POST",
            format!("/api/manage/replan?service_point={point}&date={day}&apply=false&seconds=0.1"),
            json!({}),
            (200, &manager1),
            (403, &manager2),
        ),
    ];
    let mut wrong = Vec::new();
    // Others first: nothing they send may change anything.
    for (method, path, body, _, (expected, token)) in &rows {
        let got = status(&app, method, path, token, body).await;
        if got != *expected {
            wrong.push(format!("other: {method} {path}: {got}, expected {expected}"));
        }
    }
    assert_eq!(app.count("request_events").await, events_before, "the others changed nothing");
    for (method, path, body, (expected, token), _) in &rows {
        if *expected == 0 {
            continue;
        }
        let got = status(&app, method, path, token, body).await;
        if got != *expected {
            wrong.push(format!("owner: {method} {path}: {got}, expected {expected}"));
        }
    }
    assert!(wrong.is_empty(), "answers that differ:\n{}", wrong.join("\n"));

    // Every route with an id has a row (or is reached by a token instead).
    let (_, document): (u16, Value) = app.get("/api/openapi.json", None).await;
    let template = |p: &str| {
        p.replace(&id.to_string(), "{id}").replace(&visit.to_string(), "{id}").replace(&offer.to_string(), "{id}")
    };
    let covered: Vec<String> = rows.iter().map(|r| template(r.1.split('?').next().unwrap_or(""))).collect();
    let missing: Vec<String> = document["paths"]
        .as_object()
        .expect("paths")
        .keys()
        .filter(|p| p.contains('{') && !NOT_OWNED.contains(&p.as_str()) && !covered.contains(p))
        .filter(|p| !OWN_TEST.iter().any(|(path, _)| path == p))
        .cloned()
        .collect();
    assert!(missing.is_empty(), "routes with an id but no own/other row: {missing:?}");
    for (path, test) in OWN_TEST {
        let (file, name) = test.split_once("::").unwrap_or_default();
        let source = std::fs::read_to_string(format!("{}/tests/api/{file}.rs", env!("CARGO_MANIFEST_DIR")));
        assert!(
            source.is_ok_and(|s| s.contains(&format!("async fn {name}("))),
            "{path}: the test {test} named for its own/other calls does not exist"
        );
    }
}
on_both_backends!(another_owner_gets_nothing);

async fn booked_point(app: &TestApp, manager: &str, id: i64) -> Value {
    let (_, r) = app.get(&format!("/api/requests/{id}"), Some(manager)).await;
    r["service_point_id"].clone()
}
