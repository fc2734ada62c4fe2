//! Service-recovery tasks: a low rating or a customer not satisfied on the next-day call opens
//! one for the point's managers, with why, the customer's own words, the phone, the visit and
//! the technician; the request stays open until a manager closes it with what was agreed and
//! any goodwill; the customer's timeline says what was agreed (never the internal notes); the
//! figures count tasks opened, closed, the hours to close and the goodwill given.

use chrono::Duration;
use serde_json::{json, Value};

use crate::helpers::{Assigned, TestApp};
use crate::on_both_backends;

const PW: &str = "fieldfix-demo";
const WORDS: &str = "收费太贵，而且师傅迟到";

async fn tracked(app: &TestApp, done: &Assigned) -> Value {
    let (s, view) = app.get(&format!("/api/track/{}", done.token), None).await;
    assert_eq!(s, 200, "{view}");
    view
}

async fn open_tasks(app: &TestApp, sp: i64, token: &str, lang: &str) -> Vec<Value> {
    let res = app
        .client
        .get(app.url(&format!("/api/manage/tasks?service_point={sp}")))
        .bearer_auth(token)
        .header("accept-language", lang)
        .send()
        .await
        .expect("tasks");
    assert_eq!(res.status().as_u16(), 200);
    let list: Value = res.json().await.expect("json");
    list["tasks"].as_array().expect("tasks").clone()
}

async fn close(app: &TestApp, id: i64, token: &str, body: Value) -> (u16, Value) {
    app.post(&format!("/api/manage/tasks/{id}/close"), Some(token), &body).await
}

async fn low_rating_task_closed_with_a_coupon(app: TestApp) {
    app.load_demo().await;
    let manager = app.login("manager1@demo.fieldfix.test", PW).await;
    let done = app.with_completed_repair("tasks.low@example.com").await;
    let sp = tracked(&app, &done).await["service_point_id"].as_i64().expect("point");
    app.rate(&done, 2, WORDS).await;
    assert_eq!(tracked(&app, &done).await["status"], "completed", "a low rating leaves the request open");

    let tasks = open_tasks(&app, sp, &manager, "en").await;
    let task = tasks.iter().find(|t| t["request_id"] == done.id).expect("a task for the low rating").clone();
    let id = task["id"].as_i64().expect("id");
    assert_eq!(task["reason"], "low rating: 2 of 5");
    assert_eq!((task["stars"].as_i64(), task["state"].as_str()), (Some(2), Some("open")));
    assert_eq!(task["customer_words"][0]["text"], WORDS, "the customer's comment: {task}");
    assert_eq!(task["customer_words"][0]["source"], "rating");
    assert_eq!(task["phone"], "+8613805710000");
    assert_eq!(task["visit_date"], "2026-11-24");
    assert!(task["technician"].as_str().is_some_and(|t| !t.is_empty()), "{task}");
    let zh = open_tasks(&app, sp, &manager, "zh-CN").await;
    assert_eq!(zh.iter().find(|t| t["id"] == id).expect("in Chinese")["reason"], "评分较低：2/5");

    let manager2 = app.login("manager2@demo.fieldfix.test", PW).await;
    let (s, _) = app.get(&format!("/api/manage/tasks?service_point={sp}"), Some(&manager2)).await;
    assert_eq!(s, 403, "another point's list");
    let agreed = json!({"outcome": "Apologised; a coupon for the next repair", "goodwill": {"kind": "coupon", "amount_minor": 5000}, "notes": "internal: the technician overslept"});
    let (s, _) = close(&app, id, &manager2, agreed.clone()).await;
    assert_eq!(s, 404, "another point's task is not there");
    let (s, _) = close(&app, i64::MAX, &manager, agreed.clone()).await;
    assert_eq!(s, 404);

    let events_before = app.count_where("request_events", &format!("request_id = {}", done.id)).await;
    for (body, field) in [
        (json!({"outcome": "Coupon", "goodwill": {"kind": "coupon"}}), "goodwill.amount_minor"),
        (json!({"outcome": "Refund", "goodwill": {"kind": "refund", "amount_minor": 0}}), "goodwill.amount_minor"),
        (json!({"outcome": "Nothing", "goodwill": {"kind": "none", "amount_minor": 100}}), "goodwill.amount_minor"),
        (json!({"outcome": "Cash", "goodwill": {"kind": "cash", "amount_minor": 100}}), "goodwill.kind"),
        (json!({"outcome": "   "}), "outcome"),
        (json!({"outcome": "x".repeat(2001)}), "outcome"),
        (json!({"outcome": "Fine", "notes": "n".repeat(2001)}), "notes"),
        (json!({"outcome": "Fine", "extra": 1}), "extra"),
    ] {
        let (s, problem) = close(&app, id, &manager, body.clone()).await;
        assert_eq!(s, 422, "{body}: {problem}");
        assert!(problem["errors"].to_string().contains(field), "{field} named: {problem}");
    }
    let open = format!("id = {id} AND status = 'open' AND closed_by IS NULL");
    assert_eq!(app.count_where("follow_up_tasks", &open).await, 1, "refused input changes nothing");
    assert_eq!(app.count_where("request_events", &format!("request_id = {}", done.id)).await, events_before);
    assert_eq!(tracked(&app, &done).await["status"], "completed");

    app.clock.advance(Duration::hours(3));
    let (s, closed) = close(&app, id, &manager, agreed.clone()).await;
    assert_eq!(s, 200, "{closed}");
    assert_eq!(closed["state"], "closed");
    assert_eq!(closed["outcome"], "Apologised; a coupon for the next repair");
    assert_eq!(closed["goodwill"], json!({"kind": "coupon", "amount": {"amount_minor": 5000, "currency": "CNY"}}));
    assert!(closed["closed_by"].as_str().is_some_and(|n| !n.is_empty()), "who closed it: {closed}");
    assert!(closed["closed_at"].is_string());
    let (s, _) = close(&app, id, &manager, agreed).await;
    assert_eq!(s, 409, "closed once");

    let view = tracked(&app, &done).await;
    assert_eq!(view["status"], "closed", "the request closes with its last task");
    let said: Vec<&str> =
        view["events"].as_array().expect("events").iter().filter_map(|e| e["detail"].as_str()).collect();
    assert!(
        said.contains(&"the service point followed up: Apologised; a coupon for the next repair; goodwill: a coupon worth 50.00 CNY"),
        "{said:?}"
    );
    assert!(said.iter().all(|d| !d.contains("overslept")), "internal notes stay internal: {said:?}");
    assert!(open_tasks(&app, sp, &manager, "en").await.iter().all(|t| t["id"] != id), "no longer open");
    let (_, closed_list) = app.get(&format!("/api/manage/tasks?service_point={sp}&state=closed"), Some(&manager)).await;
    let listed = closed_list["tasks"].as_array().expect("closed").iter().find(|t| t["id"] == id).expect("closed");
    assert_eq!(listed["notes"], "internal: the technician overslept", "the managers see their notes");
    let (s, _) = app.get(&format!("/api/manage/tasks?service_point={sp}&state=done"), Some(&manager)).await;
    assert_eq!(s, 422);

    let period = format!("from=2026-11-23&to=2026-12-01&service_point={sp}");
    let (_, kpis) = app.get(&format!("/api/manage/kpis?{period}"), Some(&manager)).await;
    let figures = &kpis["service_points"][sp.to_string()];
    assert_eq!((figures["tasks_opened"].as_i64(), figures["tasks_closed"].as_i64()), (Some(1), Some(1)), "{figures}");
    assert_eq!(figures["median_hours_to_close"], 3.0);
    assert_eq!(figures["goodwill_total"], json!({"amount_minor": 5000, "currency": "CNY"}));
    let res = app.client.get(app.url(&format!("/api/manage/kpis?{period}&format=csv"))).bearer_auth(&manager);
    let csv = res.send().await.expect("csv").text().await.expect("text");
    let header: Vec<&str> = csv.lines().next().expect("header").split(',').collect();
    // Added after the earlier columns (clients read by position), before the payments'.
    let at = header.iter().position(|h| *h == "calls_expired").expect("the tasks' columns");
    assert_eq!(
        &header[at..at + 5],
        ["calls_expired", "tasks_opened", "tasks_closed", "median_hours_to_close", "goodwill_total_minor"]
    );
    assert_eq!(&header[header.len() - 3..], ["payments", "revenue_minor", "revenue_currency"]);
    let row: Vec<&str> = csv.lines().find(|l| l.starts_with("service_point,")).expect("row").split(',').collect();
    assert_eq!(&row[at + 1..at + 5], ["1", "1", "3", "5000"], "the tasks' columns where the header has them");
    let (_, weeks) = app.get(&format!("/api/manage/kpis/weeks?weeks=2&service_point={sp}"), Some(&manager)).await;
    assert_eq!(weeks["weeks"][1]["figures"]["tasks_closed"], 1, "charted week by week");
}
on_both_backends!(low_rating_task_closed_with_a_coupon);

async fn not_satisfied_call_opens_a_task_with_the_call_notes(app: TestApp) {
    app.load_demo().await;
    let manager = app.login("manager1@demo.fieldfix.test", PW).await;
    let done = app.with_completed_repair("tasks.call@example.com").await;
    let sp = tracked(&app, &done).await["service_point_id"].as_i64().expect("point");
    app.clock.advance(Duration::days(1));
    let (_, list) = app.get(&format!("/api/manage/calls?service_point={sp}"), Some(&manager)).await;
    let call =
        list["calls"].as_array().expect("calls").iter().find(|c| c["request_id"] == done.id).expect("call").clone();
    let body = json!({"reached": true, "satisfied": false, "notes": WORDS});
    let (s, answer) = app.post(&format!("/api/manage/calls/{}", call["id"]), Some(&manager), &body).await;
    assert_eq!(s, 200, "{answer}");

    let task = open_tasks(&app, sp, &manager, "zh-CN").await.into_iter().find(|t| t["request_id"] == done.id);
    let task = task.expect("a task for the call");
    assert_eq!(task["reason"], "次日回访时客户不满意");
    assert_eq!(
        task["customer_words"],
        json!([{"source": "call", "text": WORDS, "at": task["customer_words"][0]["at"]}])
    );
    assert_eq!(task["follow_up"]["reference"], answer["follow_up"]["reference"], "the follow-up opened on the call");
    assert!(task["stars"].is_null(), "not rated");

    app.rate(&done, 5, "").await;
    assert_eq!(
        tracked(&app, &done).await["status"],
        "completed",
        "a good rating does not close it while a task is open"
    );
    let (s, closed) = close(
        &app,
        task["id"].as_i64().expect("id"),
        &manager,
        json!({"outcome": "A technician comes again, free", "goodwill": {"kind": "free_visit"}}),
    )
    .await;
    assert_eq!(s, 200, "{closed}");
    assert_eq!(closed["goodwill"], json!({"kind": "free_visit", "amount": null}));
    let view = tracked(&app, &done).await;
    assert_eq!(view["status"], "closed");
    let said: Vec<&str> =
        view["events"].as_array().expect("events").iter().filter_map(|e| e["detail"].as_str()).collect();
    assert!(
        said.contains(&"the service point followed up: A technician comes again, free; goodwill: a free visit"),
        "{said:?}"
    );
}
on_both_backends!(not_satisfied_call_opens_a_task_with_the_call_notes);
