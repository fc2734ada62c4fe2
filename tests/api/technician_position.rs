//! Where is my technician: the tracking view carries the technician's last position only
//! while they are on the way, never before or after.

use serde_json::json;

use crate::helpers::Assigned;
use crate::helpers::TestApp;
use crate::lifecycle::faucet_booking;
use crate::on_both_backends;

async fn position_only_while_on_the_way(app: TestApp) {
    app.load_demo().await;
    let Assigned { token, visit, tech, .. } = app.book_and_assign(&faucet_booking("where.is@example.com")).await;
    let path = format!("/api/track/{token}");
    let (s, _) = app.post("/api/tech/position", Some(&tech), &json!({"position": {"lat": 30.30, "lon": 120.16}})).await;
    assert_eq!(s, 204);
    let (_, before) = app.get(&path, None).await;
    assert!(before.get("technician_position").is_none(), "not before setting off: {before}");

    app.clock.advance(chrono::Duration::minutes(1));
    let (s, _) = app
        .post(
            &format!("/api/visits/{visit}/en-route"),
            Some(&tech),
            &json!({"position": {"lat": 30.29, "lon": 120.15}}),
        )
        .await;
    assert_eq!(s, 200);
    let (_, going) = app.get(&path, None).await;
    assert_eq!(going["technician_position"]["lat"], 30.29, "{going}");
    assert_eq!(going["technician_position"]["lon"], 120.15);

    app.clock.advance(chrono::Duration::minutes(3));
    let (s, _) = app.post("/api/tech/position", Some(&tech), &json!({"position": {"lat": 30.28, "lon": 120.14}})).await;
    assert_eq!(s, 204);
    let (_, nearer) = app.get(&path, None).await;
    assert_eq!(nearer["technician_position"]["lat"], 30.28, "the newest report: {nearer}");
    assert_eq!(nearer["technician_position"]["at"], "2026-11-24T02:04:00Z");

    let (s, bad) =
        app.post("/api/tech/position", Some(&tech), &json!({"position": {"lat": 91.0, "lon": 120.14}})).await;
    assert_eq!(s, 422, "{bad}");
    assert!(bad["errors"][0]["field"].as_str().is_some_and(|f| f.starts_with("position")), "{bad}");
    let manager = app.login("manager1@demo.fieldfix.test", "fieldfix-demo").await;
    let (s, _) =
        app.post("/api/tech/position", Some(&manager), &json!({"position": {"lat": 30.0, "lon": 120.0}})).await;
    assert_eq!(s, 403);
    let (_, unchanged) = app.get(&path, None).await;
    assert_eq!(unchanged["technician_position"]["lat"], 30.28, "refused reports change nothing");

    let (s, _) = app.post(&format!("/api/visits/{visit}/arrive"), Some(&tech), &json!({})).await;
    assert_eq!(s, 200);
    let (_, arrived) = app.get(&path, None).await;
    assert!(arrived.get("technician_position").is_none(), "not after arriving: {arrived}");
}
on_both_backends!(position_only_while_on_the_way);
