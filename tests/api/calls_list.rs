//! The call list that fits: due today and overdue, the oldest due first, each with the visit's
//! day, its technician and the days overdue; a page at a time (`limit`, `cursor`,
//! `next_cursor`) and by technician; a call never made within the rework period closes itself
//! as expired and counts as missed.

use chrono::Duration;
use serde_json::{json, Value};

use crate::helpers::TestApp;
use crate::on_both_backends;
use crate::story::faucet_booking;

const PW: &str = "fieldfix-demo";

async fn list(app: &TestApp, query: &str, token: &str) -> Value {
    let (s, list) = app.get(&format!("/api/manage/calls?{query}"), Some(token)).await;
    assert_eq!(s, 200, "{query}: {list}");
    list
}

fn ids(list: &Value) -> Vec<i64> {
    list["calls"].as_array().expect("calls").iter().map(|c| c["id"].as_i64().expect("id")).collect()
}

async fn calls_come_in_pages_by_technician_and_expire(app: TestApp) {
    app.load_demo().await;
    let manager = app.login("manager1@demo.fieldfix.test", PW).await;
    let first = app.with_completed_repair("pages.one@example.com").await;
    app.with_completed_repair("pages.two@example.com").await;
    // The third repair goes to the second-ranked technician, so two technicians have calls.
    let (id, token) = app.book(&faucet_booking("pages.three@example.com")).await;
    let (_, ranked) = app.get(&format!("/api/requests/{id}/candidates"), Some(&manager)).await;
    let other = ranked[1]["technician"]["id"].as_i64().expect("a second candidate");
    let visit = app.assign(id, &manager, other).await;
    let admin = app.login("admin@demo.fieldfix.test", PW).await;
    let tech = app.login(&app.tech_email(&admin, other).await, PW).await;
    let third = crate::helpers::Assigned { id, token, visit, tech_email: String::new(), tech };
    app.complete_visit(&third).await;
    let (_, tracked) = app.get(&format!("/api/track/{}", first.token), None).await;
    let sp = tracked["service_point_id"].as_i64().expect("point");

    app.clock.advance(Duration::days(3));
    let all = list(&app, &format!("service_point={sp}"), &manager).await;
    assert_eq!((all["total"].as_i64(), ids(&all).len()), (Some(3), 3), "{all}");
    assert!(all.get("next_cursor").is_none(), "one page holds them all");
    let call = &all["calls"][0];
    assert_eq!(call["due_on"], "2026-11-25");
    assert_eq!(call["visit_date"], "2026-11-24");
    assert_eq!(call["days_overdue"], 2, "due on the 25th, listed on the 27th");
    assert!(call["technician"].is_string() && call["technician_id"].is_i64(), "{call}");

    let page1 = list(&app, &format!("service_point={sp}&limit=2"), &manager).await;
    assert_eq!((ids(&page1).len(), page1["total"].as_i64()), (2, Some(3)));
    let cursor = page1["next_cursor"].as_str().expect("more remain").to_string();
    let page2 = list(&app, &format!("service_point={sp}&limit=2&cursor={cursor}"), &manager).await;
    assert!(page2.get("next_cursor").is_none(), "the last page: {page2}");
    let mut paged = [ids(&page1), ids(&page2)].concat();
    assert_eq!(paged, ids(&all), "the pages are the list, in its order, once each");
    paged.dedup();
    assert_eq!(paged.len(), 3);

    let technicians = all["technicians"].as_array().expect("technicians");
    assert_eq!(technicians.len(), 2, "{technicians:?}");
    let theirs = list(&app, &format!("service_point={sp}&technician={other}"), &manager).await;
    assert_eq!(theirs["total"], 1);
    assert_eq!(theirs["calls"][0]["request_id"], third.id);
    assert_eq!(theirs["technicians"].as_array().map(Vec::len), Some(2), "the filter's choices stay");

    for (query, param) in [("limit=0", "limit"), ("limit=201", "limit"), ("cursor=2026-11-25_x_1", "cursor")] {
        let (s, problem) = app.get(&format!("/api/manage/calls?service_point={sp}&{query}"), Some(&manager)).await;
        assert_eq!(s, 422, "{query}: {problem}");
        assert!(problem.to_string().contains(param), "{problem}");
    }

    let call_id = ids(&all)[0];
    app.clock.advance(Duration::days(30));
    app.run_jobs().await;
    let manager = app.login("manager1@demo.fieldfix.test", PW).await;
    assert_eq!(app.count_where("calls", &format!("service_point_id = {sp} AND status = 'expired'")).await, 3);
    let left = list(&app, &format!("service_point={sp}"), &manager).await;
    assert_eq!(left["total"], 0, "expired calls leave the list: {left}");
    let (s, problem) =
        app.post(&format!("/api/manage/calls/{call_id}"), Some(&manager), &json!({"reached": false})).await;
    assert_eq!(s, 409, "{problem}");
    let (_, kpis) =
        app.get(&format!("/api/manage/kpis?from=2026-11-23&to=2026-12-01&service_point={sp}"), Some(&manager)).await;
    let figures = &kpis["service_points"][sp.to_string()];
    assert_eq!(figures["calls_expired"], 3);
    assert_eq!((figures["calls"].as_i64(), figures["called_within_day_pct"].as_f64()), (Some(3), Some(0.0)), "missed");
}
on_both_backends!(calls_come_in_pages_by_technician_and_expire);
