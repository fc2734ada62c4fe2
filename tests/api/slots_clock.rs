//! The first window `GET /api/slots` offers can be booked at any time of day: walked every
//! ten minutes across midnight and a weekend on which the only technician has no shift.

use chrono::{DateTime, Duration, TimeZone, Utc};
use serde_json::{json, Value};

use crate::helpers::{NowUtc, TestApp};
use crate::lifecycle::faucet_booking;
use crate::on_both_backends;

const PW: &str = "fieldfix-demo";

/// A skill nobody in the demo has, and one technician with it, on shift 09:00–17:00 on
/// weekdays only, living near the booked door.
async fn one_weekday_glazier(app: &TestApp) {
    let admin = app.login("admin@demo.fieldfix.test", PW).await;
    let (s, skill) = app
        .post("/api/admin/skills", Some(&admin), &json!({"code": "glazing", "name": "Glazing", "name_zh": "玻璃"}))
        .await;
    assert_eq!(s, 201, "{skill}");
    let (_, points) = app.get("/api/admin/service-points", Some(&admin)).await;
    let sp = points.as_array().expect("points").iter().find(|p| p["name"] == "Hangzhou West Lake").expect("sp")["id"]
        .as_i64()
        .expect("id");
    let weekdays: Vec<Value> = (0..5).map(|d| json!({"weekday": d, "start": "09:00", "end": "17:00"})).collect();
    let body = json!({
        "email": "glazier@example.com", "name": "Glazier", "password": "glazier-password",
        "service_point_id": sp, "home": {"lat": 30.276, "lon": 120.131},
        "skills": [{"skill": "glazing", "level": 3}], "shifts": weekdays
    });
    let (s, t) = app.post("/api/admin/technicians", Some(&admin), &body).await;
    assert_eq!(s, 201, "{t}");
}

fn time(v: &Value) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(v.as_str().expect("a time")).expect("rfc3339").with_timezone(&Utc)
}

async fn first_window_offered_can_be_booked_all_day(app: TestApp) {
    app.load_demo().await;
    one_weekday_glazier(&app).await;
    // Friday 27 November 2026, 06:00 in Hangzhou, to Monday 30 November 10:00.
    let start = Utc.with_ymd_and_hms(2026, 11, 26, 22, 0, 0).single().expect("time");
    let steps = (76 * 60) / 10;
    let mut under_way = 0;
    for step in 0..=steps {
        let now = start + Duration::minutes(10 * step);
        app.clock.set(now);
        let (s, slots) = app.get("/api/slots?lat=30.275&lon=120.13&skill=glazing&days=4", None).await;
        assert_eq!(s, 200, "{now}: {slots}");
        let first = slots.as_array().and_then(|a| a.first()).unwrap_or_else(|| panic!("{now}: nothing offered"));
        assert!(time(&first["end"]) > app.clock.now_utc(), "{now}: {first}");
        if time(&first["start"]) < now {
            under_way += 1;
        }
        let mut body = faucet_booking("walker@example.com");
        body["skill"] = json!("glazing");
        body["window"] = json!({"start": first["start"], "end": first["end"]});
        let (s, booked) = app.post("/api/requests", None, &body).await;
        assert_eq!(s, 201, "{now}: the first window offered, {first}, was refused: {booked}");
        assert_eq!(time(&booked["promise"]["arrive_by"]), time(&first["end"]), "{now}: promised by the window's end");
    }
    assert!(under_way > 20, "windows under way were offered and booked ({under_way})");
}
on_both_backends!(first_window_offered_can_be_booked_all_day);
