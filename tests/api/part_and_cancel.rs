//! An unfinished repair: a part with its day, no rating asked for half a job; and the
//! customer's own ways back to a repair (a fresh tracking link from /me).

use chrono::{Duration, FixedOffset};
use serde_json::json;

use crate::helpers::{NowUtc, TestApp};
use crate::on_both_backends;
use crate::story::faucet_booking;

async fn a_part_moves_the_next_visit_to_its_day_and_no_rating_is_asked(app: TestApp) {
    app.load_demo().await;
    let a = app.book_and_assign(&faucet_booking("part@example.com")).await;
    app.on_site(&a).await;
    let hangzhou = FixedOffset::east_opt(8 * 3600).expect("offset");
    let today = app.clock.now_utc().with_timezone(&hangzhou).date_naive();
    let part_day = today + Duration::days(3);
    let mut outcome = json!({"diagnosis": "Cartridge cracked", "root_cause": "wear", "work_done": "Ordered a cartridge",
        "resolution": "needs_part", "lines": [{"kind": "call_out", "description": "Call-out", "quantity": 1}]});
    let path = format!("/api/visits/{}/outcome", a.visit);
    for (date, field) in [
        (json!(null), "part_expected_on"),
        (json!((today - Duration::days(1)).to_string()), "part_expected_on"),
        (json!((today + Duration::days(61)).to_string()), "part_expected_on"),
    ] {
        outcome["part_expected_on"] = date;
        let (s, refused) = app.post(&path, Some(&a.tech), &outcome).await;
        assert_eq!(s, 422, "{refused}");
        assert_eq!(refused["errors"][0]["field"], field, "{refused}");
    }
    outcome["part_expected_on"] = json!(part_day.to_string());
    let (s, saved) = app.post(&path, Some(&a.tech), &outcome).await;
    assert_eq!(s, 200, "{saved}");
    let (s, done) = app.post(&format!("/api/visits/{}/complete", a.visit), Some(&a.tech), &json!({})).await;
    assert_eq!(s, 200, "{done}");
    let (_, tracked) = app.get(&format!("/api/track/{}", a.token), None).await;
    assert_eq!(tracked["rating_url"], json!(null), "an unfinished repair is not rated: {tracked}");
    assert_eq!(tracked["visits"][0]["part_expected_on"], json!(part_day.to_string()));
    let window_start = tracked["window"]["start"].as_str().expect("the next visit's window");
    let start = chrono::DateTime::parse_from_rfc3339(window_start).expect("a time").with_timezone(&hangzhou);
    assert_eq!(start.date_naive(), part_day, "offered from the part's day, not today: {tracked}");
    assert!(tracked["events"].as_array().is_some_and(|e| e.iter().any(|e| e["kind"] == "part_ordered")), "{tracked}");
    assert_eq!(app.count_where("access_links", &format!("request_id = {} AND kind = 'rate'", a.id)).await, 0);
}
on_both_backends!(a_part_moves_the_next_visit_to_its_day_and_no_rating_is_asked);

async fn me_opens_each_repair_by_a_fresh_link(app: TestApp) {
    app.load_demo().await;
    let owner = app.customer_account("owner.me@example.com").await;
    let stranger = app.customer_account("stranger.me@example.com").await;
    let (id, _) = app.book(&faucet_booking("owner.me@example.com")).await;
    let path = format!("/api/me/requests/{id}/tracking-link");
    let (s, _) = app.post(&path, Some(&stranger), &json!({})).await;
    assert_eq!(s, 404, "another customer's repair is not theirs to open");
    let (s, link) = app.post(&path, Some(&owner), &json!({})).await;
    assert_eq!(s, 201, "{link}");
    let token = link["tracking_url"].as_str().and_then(|u| u.rsplit('/').next()).expect("a link");
    let (s, tracked) = app.get(&format!("/api/track/{token}"), None).await;
    assert_eq!(s, 200, "{tracked}");
    assert_eq!(tracked["id"], id);
    let (s, _) = app.post("/api/me/requests/99999/tracking-link", Some(&owner), &json!({})).await;
    assert_eq!(s, 404);
}
on_both_backends!(me_opens_each_repair_by_a_fresh_link);
