//! The customer says no to paid work: the technician is told, records the call-out only,
//! completes; the timeline and the figures show it.

use serde_json::json;

use crate::helpers::Assigned;
use crate::helpers::TestApp;
use crate::lifecycle::faucet_booking;
use crate::on_both_backends;

const PW: &str = "fieldfix-demo";

async fn declined_quote_completes_with_the_call_out_only(app: TestApp) {
    app.load_demo().await;
    let manager = app.login("manager1@demo.fieldfix.test", PW).await;
    let mut body = faucet_booking("no-thanks@example.com");
    body["product"]["purchased_on"] = json!("2019-03-01");
    let Assigned { token, visit, tech_email: tech_mail, tech, .. } = app.book_and_assign(&body).await;
    for step in ["en-route", "arrive"] {
        let (s, _) = app.post(&format!("/api/visits/{visit}/{step}"), Some(&tech), &json!({})).await;
        assert_eq!(s, 200);
    }
    let (s, _) = app.post(&format!("/api/track/{token}/quote/decline"), None, &json!({})).await;
    assert_eq!(s, 409, "nothing to decline before a quote");
    let paid = json!({"diagnosis": "Cartridge worn", "root_cause": "wear", "work_done": "Offered a new cartridge",
        "resolution": "resolved", "lines": [
            {"kind": "call_out", "description": "Call-out", "quantity": 1},
            {"kind": "labour", "description": "Labour", "quantity": 2}]});
    let (s, outcome) = app.post(&format!("/api/visits/{visit}/outcome"), Some(&tech), &paid).await;
    assert_eq!((s, outcome["quote_status"].as_str()), (200, Some("pending")), "{outcome}");
    let (s, _) = app
        .post(&format!("/api/track/{token}/quote/decline"), None, &json!({"reason": "Too expensive, I will wait"}))
        .await;
    assert_eq!(s, 204);
    let told = format!("kind = 'quote_declined' AND recipient = '{tech_mail}'");
    assert_eq!(app.count_where("outbox", &told).await, 1, "the technician is told at once");
    let (s, _) = app.post(&format!("/api/track/{token}/quote/approve"), None, &json!({})).await;
    assert_eq!(s, 409, "a declined quote cannot be approved later");
    let (s, _) = app.post(&format!("/api/visits/{visit}/complete"), Some(&tech), &json!({})).await;
    assert_eq!(s, 409, "not with the paid lines still on the visit");
    let (s, refused) = app.post(&format!("/api/visits/{visit}/outcome"), Some(&tech), &paid).await;
    assert_eq!(s, 422, "labour cannot be charged after a decline: {refused}");
    let reduced = json!({"diagnosis": "Cartridge worn", "root_cause": "wear", "work_done": "Nothing, as agreed",
        "resolution": "declined", "lines": [{"kind": "call_out", "description": "Call-out", "quantity": 1}]});
    let (s, outcome) = app.post(&format!("/api/visits/{visit}/outcome"), Some(&tech), &reduced).await;
    assert_eq!((s, outcome["quote_status"].as_str()), (200, Some("declined")), "{outcome}");
    let (s, done) = app.post(&format!("/api/visits/{visit}/complete"), Some(&tech), &json!({})).await;
    assert_eq!(s, 200, "{done}");
    let (_, tracked) = app.get(&format!("/api/track/{token}"), None).await;
    assert_eq!(tracked["status"], "completed", "no second visit for work the customer refused");
    let lines = tracked["visits"][0]["lines"].as_array().expect("lines");
    assert_eq!(lines.len(), 1, "the call-out only: {lines:?}");
    let kinds: Vec<&str> =
        tracked["events"].as_array().expect("events").iter().filter_map(|e| e["kind"].as_str()).collect();
    assert!(kinds.contains(&"quote_declined"), "{kinds:?}");
    let (_, kpis) = app.get("/api/manage/kpis?from=2026-11-23&to=2026-11-25", Some(&manager)).await;
    let point = tracked["service_point_id"].to_string();
    assert_eq!(kpis["service_points"][&point]["quotes_declined"], 1, "{kpis}");

    let (s, _) = app
        .post(
            &format!("/api/visits/{visit}/outcome"),
            Some(&tech),
            &json!({"diagnosis": "x", "root_cause": "y", "work_done": "", "resolution": "declined", "lines": []}),
        )
        .await;
    assert_eq!(s, 409, "a completed visit takes no outcome");
}
on_both_backends!(declined_quote_completes_with_the_call_out_only);

/// `declined` is a resolution for a declined quote only.
async fn declined_resolution_needs_a_declined_quote(app: TestApp) {
    app.load_demo().await;
    let Assigned { visit, tech, .. } = app.book_and_assign(&faucet_booking("sure@example.com")).await;
    for step in ["en-route", "arrive"] {
        app.post(&format!("/api/visits/{visit}/{step}"), Some(&tech), &json!({})).await;
    }
    let body = json!({"diagnosis": "x", "root_cause": "y", "work_done": "", "resolution": "declined", "lines": []});
    let (s, answer) = app.post(&format!("/api/visits/{visit}/outcome"), Some(&tech), &body).await;
    assert_eq!(s, 422, "{answer}");
    assert_eq!(answer["errors"][0]["field"], "resolution");
}
on_both_backends!(declined_resolution_needs_a_declined_quote);
