//! The next-day call: a completed visit is on the list the next business day, with the
//! customer's name, phone, what was done and the rating; not reached is tried again the next
//! day, at most three times; not satisfied opens a follow-up request for the customer (the
//! same kind they open on /track), once, within the rework period, and the manager's task;
//! the figures count it, per service point and per technician.

use chrono::Duration;
use serde_json::{json, Value};

use crate::helpers::Assigned;
use crate::helpers::TestApp;
use crate::on_both_backends;

const PW: &str = "fieldfix-demo";

/// The service point of a tracked request.
async fn point_of(app: &TestApp, done: &Assigned) -> i64 {
    let (_, tracked) = app.get(&format!("/api/track/{}", done.token), None).await;
    tracked["service_point_id"].as_i64().expect("service point")
}

async fn calls_on(app: &TestApp, sp: i64, date: &str, token: &str) -> Vec<Value> {
    let (s, list) = app.get(&format!("/api/manage/calls?service_point={sp}&date={date}"), Some(token)).await;
    assert_eq!(s, 200, "{list}");
    list["calls"].as_array().expect("calls").clone()
}

async fn record(app: &TestApp, id: i64, token: &str, body: Value) -> (u16, Value) {
    app.post(&format!("/api/manage/calls/{id}"), Some(token), &body).await
}

async fn next_day_calls_retry_open_follow_ups_and_count(app: TestApp) {
    app.load_demo().await;
    let manager = app.login("manager1@demo.fieldfix.test", PW).await;
    let unhappy = app.with_completed_repair("unhappy@example.com").await;
    let sp = point_of(&app, &unhappy).await;
    let unreachable = app.with_completed_repair("unreachable@example.com").await;
    let (_, tracked) = app.get(&format!("/api/track/{}", unhappy.token), None).await;
    let rating_token =
        tracked["rating_url"].as_str().expect("rating url").rsplit('/').next().expect("token").to_string();
    let rating =
        json!({"stars": 3, "punctuality": 4, "professionalism": 4, "resolution": 2, "comment": "Still drips."});
    assert_eq!(app.post(&format!("/api/ratings/{rating_token}"), None, &rating).await.0, 201);

    assert!(calls_on(&app, sp, "2026-11-24", &manager).await.is_empty(), "not on the day of the visit");
    let due = calls_on(&app, sp, "2026-11-25", &manager).await;
    assert_eq!(due.len(), 2, "{due:?}");
    let first = due.iter().find(|c| c["request_id"] == unhappy.id).expect("the rated repair");
    assert_eq!(first["customer_name"], "Chen Xiaoming");
    assert_eq!(first["phone"], "+8613805710000", "kept in E.164");
    assert_eq!(first["work_done"], "Fitted the right washer");
    assert_eq!((first["rating"].as_i64(), first["attempts"].as_i64()), (Some(3), Some(0)));
    let unhappy_call = first["id"].as_i64().expect("id");
    let other_call =
        due.iter().find(|c| c["request_id"] == unreachable.id).expect("the other")["id"].as_i64().expect("id");

    let manager2 = app.login("manager2@demo.fieldfix.test", PW).await;
    let (s, _) = app.get(&format!("/api/manage/calls?service_point={sp}"), Some(&manager2)).await;
    assert_eq!(s, 403, "another point's list");
    let (s, _) = record(&app, unhappy_call, &manager2, json!({"reached": false})).await;
    assert_eq!(s, 404, "another point's call");
    let (s, problem) = record(&app, unhappy_call, &manager, json!({"reached": true})).await;
    assert_eq!(s, 422, "{problem}");
    assert!(problem.to_string().contains("satisfied"));

    app.clock.advance(Duration::days(1));
    let (s, _) = app.get("/api/manage/calls", Some(&manager)).await;
    assert_eq!(s, 200, "today by default");
    let (s, tried) = record(&app, unhappy_call, &manager, json!({"reached": false, "notes": "No answer"})).await;
    assert_eq!(
        (s, tried["attempts"].as_i64(), tried["due_on"].as_str()),
        (200, Some(1), Some("2026-11-26")),
        "{tried}"
    );
    assert_eq!(record(&app, other_call, &manager, json!({"reached": false})).await.0, 200);
    assert!(calls_on(&app, sp, "2026-11-25", &manager).await.is_empty(), "tried again tomorrow");

    app.clock.advance(Duration::days(1));
    let due = calls_on(&app, sp, "2026-11-26", &manager).await;
    assert_eq!(due.len(), 2);
    let body = json!({"reached": true, "satisfied": false, "notes": "The faucet drips again"});
    let (s, reached) = record(&app, unhappy_call, &manager, body.clone()).await;
    assert_eq!((s, reached["status"].as_str()), (200, Some("reached")), "{reached}");
    assert_eq!(reached["notes"], "No answer\nThe faucet drips again");
    let open_tasks = format!("request_id = {} AND status = 'open'", unhappy.id);
    assert_eq!(app.count_where("follow_up_tasks", &open_tasks).await, 1, "not satisfied opens a follow-up");
    let follow_ups = format!("follow_up_of = {}", unhappy.id);
    assert_eq!(app.count_where("repair_requests", &follow_ups).await, 1, "and a follow-up request");
    let (s, _) = record(&app, unhappy_call, &manager, body).await;
    assert_eq!(s, 409, "recorded once");
    assert_eq!(app.count_where("follow_up_tasks", &open_tasks).await, 1, "and no second follow-up");
    assert_eq!(app.count_where("repair_requests", &follow_ups).await, 1, "nor a second request");
    let (_, queue) = app.get("/api/manage/queue", Some(&manager)).await;
    let queued = queue.as_array().expect("queue").iter().find(|q| q["id"] == unhappy.id).expect("in the queue");
    assert_eq!(queued["action"], "follow_up");

    assert_eq!(record(&app, other_call, &manager, json!({"reached": false})).await.0, 200);
    app.clock.advance(Duration::days(1));
    let (_, gave_up) = record(&app, other_call, &manager, json!({"reached": false})).await;
    assert_eq!((gave_up["status"].as_str(), gave_up["attempts"].as_i64()), (Some("gave_up"), Some(3)));
    assert!(calls_on(&app, sp, "2026-11-30", &manager).await.is_empty(), "nothing left to call");

    let period = format!("from=2026-11-23&to=2026-12-01&service_point={sp}");
    let (_, kpis) = app.get(&format!("/api/manage/kpis?{period}"), Some(&manager)).await;
    let figures = &kpis["service_points"][sp.to_string()];
    assert_eq!(figures["calls"], 2);
    assert_eq!(figures["called_within_day_pct"], 100.0, "both first tried on the next business day");
    assert_eq!(figures["call_satisfied_pct"], 0.0);
    let res = app.client.get(app.url(&format!("/api/manage/kpis?{period}&format=csv"))).bearer_auth(&manager);
    let csv = res.send().await.expect("csv").text().await.expect("text");
    let header = csv.lines().next().expect("header");
    let names: Vec<&str> = header.split(',').collect();
    let at = |name: &str| names.iter().position(|h| *h == name).unwrap_or_else(|| panic!("{name} in {header}"));
    let calls_at = at("calls");
    assert_eq!(names[calls_at..calls_at + 3], ["calls", "called_within_day_pct", "call_satisfied_pct"]);
    let row = csv.lines().find(|l| l.starts_with("service_point,")).expect("point row");
    let fields: Vec<&str> = row.split(',').collect();
    assert_eq!(fields[calls_at..calls_at + 3], ["2", "100", "0"], "{row}");
    let technicians = kpis["technicians"].as_object().expect("technicians");
    let (tech_id, tech) = technicians.iter().find(|(_, t)| t[1]["completed"] == 2).expect("the technician of both");
    assert_eq!((tech[1]["calls"].as_i64(), tech[1]["called_within_day_pct"].as_f64()), (Some(2), Some(100.0)));
    assert_eq!(tech[1]["call_satisfied_pct"], 0.0, "per technician too");
    let row = csv.lines().find(|l| l.starts_with(&format!("technician,{tech_id},"))).expect("technician row");
    let fields: Vec<&str> = row.split(',').collect();
    assert_eq!(fields[calls_at..calls_at + 3], ["2", "100", "0"], "{row}");
    let (_, weeks) = app.get(&format!("/api/manage/kpis/weeks?weeks=2&service_point={sp}"), Some(&manager)).await;
    assert_eq!(weeks["weeks"][1]["figures"]["called_within_day_pct"], 100.0);
}
on_both_backends!(next_day_calls_retry_open_follow_ups_and_count);

/// The details of a request's events, as the tracking link shows them.
async fn timeline(app: &TestApp, token: &str) -> Vec<String> {
    let (_, tracked) = app.get(&format!("/api/track/{token}"), None).await;
    let events = tracked["events"].as_array().expect("events");
    events.iter().filter_map(|e| e["detail"].as_str()).map(str::to_string).collect()
}

async fn not_satisfied_opens_a_follow_up_request_within_the_rules(app: TestApp) {
    app.load_demo().await;
    let manager = app.login("manager1@demo.fieldfix.test", PW).await;
    let drips = app.with_completed_repair("drips@example.com").await;
    let sp = point_of(&app, &drips).await;
    let opened_own = app.with_completed_repair("opened-own@example.com").await;
    let late = app.with_completed_repair("late@example.com").await;
    let (s, own) = app
        .post(&format!("/api/track/{}/follow-up", opened_own.token), None, &json!({"problem": "It leaks again."}))
        .await;
    assert_eq!(s, 201, "{own}");
    let own = own["reference"].as_str().expect("reference").to_string();
    app.clock.advance(Duration::days(1));
    let due = calls_on(&app, sp, "2026-11-25", &manager).await;
    let call_of = |id: i64| due.iter().find(|c| c["request_id"] == id).expect("its call")["id"].as_i64().expect("id");

    let body = json!({"reached": true, "satisfied": true, "problem": "Nothing"});
    let (s, problem) = record(&app, call_of(drips.id), &manager, body).await;
    assert_eq!(s, 422, "a problem only when not satisfied: {problem}");
    assert!(problem.to_string().contains("problem"));
    let body =
        json!({"reached": true, "satisfied": false, "notes": "Called at ten", "problem": "The joint drips again."});
    let (s, answer) = record(&app, call_of(drips.id), &manager, body).await;
    assert_eq!(s, 200, "{answer}");
    assert!(answer.get("follow_up_not_opened").is_none(), "{answer}");
    let reference = answer["follow_up"]["reference"].as_str().expect("a follow-up request").to_string();
    let follow_up_id = answer["follow_up"]["id"].as_i64().expect("its id");
    assert_eq!(app.count_where("repair_requests", &format!("follow_up_of = {}", drips.id)).await, 1);
    assert!(app.count_where("offers", &format!("request_id = {follow_up_id}")).await >= 1, "offers go out");
    let open_task = format!("request_id = {} AND status = 'open'", drips.id);
    assert_eq!(app.count_where("follow_up_tasks", &open_task).await, 1, "and the manager's task");

    let mailed = format!("kind = 'follow_up_opened' AND channel = 'mail' AND request_id = {follow_up_id}");
    let mails = app.texts_where("outbox", "payload", &mailed).await;
    assert_eq!(mails.len(), 1, "the customer is mailed");
    let mail: Value = serde_json::from_str(&mails[0]).expect("payload");
    let text = mail["text"].as_str().expect("text");
    let link = text.split("/track/").nth(1).and_then(|t| t.split_whitespace().next()).expect("a tracking link");
    let (s, followed) = app.get(&format!("/api/track/{link}"), None).await;
    assert_eq!((s, followed["reference"].as_str()), (200, Some(reference.as_str())), "the link is the follow-up's");
    assert_eq!((followed["follow_up_of"].as_i64(), followed["free_of_charge"].as_bool()), (Some(drips.id), Some(true)));
    assert_eq!(followed["problem"], "The joint drips again.");
    let said = timeline(&app, &drips.token).await;
    assert!(said.contains(&format!("follow-up {reference} opened")), "{said:?}");
    assert!(said.contains(&format!("next-day call: the customer is not satisfied; follow-up {reference} opened")));

    let (s, answer) =
        record(&app, call_of(opened_own.id), &manager, json!({"reached": true, "satisfied": false})).await;
    assert_eq!((s, answer["status"].as_str()), (200, Some("reached")), "still recorded: {answer}");
    assert!(answer["follow_up"].is_null(), "{answer}");
    let why = answer["follow_up_not_opened"].as_str().expect("why not");
    assert_eq!(why, format!("follow-up {own} of this repair is still open; it is tracked under its own link"));
    assert_eq!(app.count_where("repair_requests", &format!("follow_up_of = {}", opened_own.id)).await, 1, "one open");
    let open_task = format!("request_id = {} AND status = 'open'", opened_own.id);
    assert_eq!(app.count_where("follow_up_tasks", &open_task).await, 1, "the manager's task is there");
    let said = timeline(&app, &opened_own.token).await;
    assert!(
        said.contains(&format!("next-day call: the customer is not satisfied; no follow-up opened: {why}")),
        "{said:?}"
    );
    let res = app.client.get(app.url(&format!("/api/track/{}", opened_own.token))).header("accept-language", "zh-CN");
    let zh: Value = res.send().await.expect("zh").json().await.expect("json");
    let call =
        zh["events"].as_array().expect("events").iter().rev().find(|e| e["kind"] == "next_day_call").expect("call");
    assert_eq!(
        call["detail"],
        format!("次日回访：客户不满意，未能再次报修：这次维修的回访 {own} 尚未结束，请通过它自己的链接查看")
    );

    // Past the rework period no follow-up could be opened: the call closes itself unmade.
    app.clock.advance(Duration::days(31));
    app.run_jobs().await;
    let manager = app.login("manager1@demo.fieldfix.test", PW).await;
    let (s, answer) = record(&app, call_of(late.id), &manager, json!({"reached": true, "satisfied": false})).await;
    assert_eq!(s, 409, "{answer}");
    assert!(answer["detail"].as_str().is_some_and(|d| d.contains("rework period ended")), "{answer}");
    assert_eq!(app.count_where("repair_requests", &format!("follow_up_of = {}", late.id)).await, 0);
}
on_both_backends!(not_satisfied_opens_a_follow_up_request_within_the_rules);
