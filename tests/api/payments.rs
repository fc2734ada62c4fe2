//! The customer pays on site and the technician records how: once, for exactly the amount
//! due, after the work is recorded and approved; the tracking view, the managers' view, the
//! timeline, the technician's day and the figures (JSON and CSV, new columns last) show it.

use serde_json::json;

use crate::helpers::TestApp;
use crate::on_both_backends;

const PW: &str = "fieldfix-demo";

async fn the_payment_is_recorded_once_for_the_amount_due(app: TestApp) {
    app.load_demo().await;
    let manager = app.login("manager1@demo.fieldfix.test", PW).await;
    let (done, due) = app.with_pending_quote("pays.cash@example.com").await;
    let pay = format!("/api/visits/{}/payment", done.visit);
    let cash = json!({"method": "cash", "amount_minor": due});
    let (s, problem) = app.post(&pay, Some(&done.tech), &cash).await;
    assert_eq!(s, 409, "nothing is due while the quote waits: {problem}");
    let (s, _) = app.post(&format!("/api/track/{}/quote/approve", done.token), None, &json!({})).await;
    assert_eq!(s, 204);
    let (s, _) = app.post(&format!("/api/visits/{}/complete", done.visit), Some(&done.tech), &json!({})).await;
    assert_eq!(s, 200);

    let (_, day) = app.get("/api/tech/visits", Some(&done.tech)).await;
    let listed = day.as_array().expect("visits").iter().find(|v| v["id"].as_i64() == Some(done.visit)).cloned();
    let listed = listed.expect("a completed visit stays on the day while its payment is due");
    assert_eq!(listed["payment_due"]["amount_minor"].as_i64(), Some(due), "{listed}");

    let (s, problem) = app.post(&pay, Some(&done.tech), &json!({"method": "cash", "amount_minor": due + 1})).await;
    assert_eq!(s, 422, "{problem}");
    assert_eq!(problem["errors"][0]["field"], "amount_minor");
    let said = format!("{}.{:02} CNY", due / 100, due % 100);
    assert!(
        problem["errors"][0]["reason"].as_str().is_some_and(|r| r.contains(&said)),
        "names the amount due: {problem}"
    );
    let (s, problem) = app.post(&pay, Some(&done.tech), &json!({"method": "bitcoin", "amount_minor": due})).await;
    assert_eq!((s, problem["errors"][0]["field"].as_str()), (422, Some("method")), "{problem}");
    let long = json!({"method": "wechat", "amount_minor": due, "reference": "x".repeat(101)});
    let (s, problem) = app.post(&pay, Some(&done.tech), &long).await;
    assert_eq!((s, problem["errors"][0]["field"].as_str()), (422, Some("reference")), "{problem}");
    assert_eq!(app.post(&pay, Some(&manager), &cash).await.0, 403);
    let other = app.another_technician(&done).await;
    assert_eq!(app.post(&pay, Some(&other), &cash).await.0, 404, "another technician's visit");
    assert_eq!(app.count("payments").await, 0, "nothing stored of a refused payment");

    let body = json!({"method": "cash", "amount_minor": due, "reference": "RCPT-7"});
    let (s, paid) = app.post(&pay, Some(&done.tech), &body).await;
    assert_eq!(s, 201, "{paid}");
    assert_eq!((paid["method"].as_str(), paid["amount_minor"].as_i64()), (Some("cash"), Some(due)));
    let (s, again) = app.post(&pay, Some(&done.tech), &json!({"method": "wechat", "amount_minor": due})).await;
    assert_eq!(s, 409, "paid once: {again}");
    assert_eq!(app.count("payments").await, 1);

    let (_, tracked) = app.get(&format!("/api/track/{}", done.token), None).await;
    let payment = &tracked["payment"];
    assert_eq!(payment["method"], "cash");
    assert_eq!(payment["amount_minor"].as_i64(), Some(due));
    assert_eq!(payment["currency"], "CNY");
    assert!(payment["at"].as_str().is_some(), "{payment}");
    assert!(payment.get("reference").is_none(), "the reference is for staff: {payment}");
    assert_eq!(tracked["visits"][0]["payment"]["method"], "cash");
    assert_eq!(tracked["receipt_url"], format!("/api/track/{}/receipt", done.token));
    let paid_event = tracked["events"].as_array().expect("events").iter().find(|e| e["kind"] == "paid").cloned();
    let detail = paid_event.map(|e| e["detail"].to_string()).unwrap_or_default();
    assert!(detail.contains("cash") && detail.contains(&said), "{detail}");

    let (_, seen) = app.get(&format!("/api/requests/{}", done.id), Some(&manager)).await;
    assert_eq!(seen["payment"]["reference"], "RCPT-7", "{seen}");
    let tech_id = seen["visits"][0]["technician_id"].as_i64().expect("technician");
    let (_, day) = app.get("/api/tech/visits", Some(&done.tech)).await;
    let listed = day.as_array().expect("visits").iter().find(|v| v["id"].as_i64() == Some(done.visit)).cloned();
    let listed = listed.expect("what was collected stays on the day");
    assert!(listed["payment_due"].is_null() && listed["payment"]["method"] == "cash", "{listed}");

    let (_, kpis) = app.get("/api/manage/kpis?from=2026-11-23&to=2026-11-25", Some(&manager)).await;
    let figures = &kpis["technicians"][tech_id.to_string()][1];
    assert_eq!((figures["payments"].as_i64(), figures["revenue_minor"].as_i64()), (Some(1), Some(due)), "{figures}");
    assert_eq!(figures["revenue_currency"], "CNY");
    let point = tracked["service_point_id"].to_string();
    assert_eq!(kpis["service_points"][&point]["revenue_minor"].as_i64(), Some(due));
    let csv = app
        .client
        .get(app.url("/api/manage/kpis?from=2026-11-23&to=2026-11-25&format=csv"))
        .bearer_auth(&manager)
        .send()
        .await
        .expect("csv")
        .text()
        .await
        .expect("text");
    let mut rows = csv.lines();
    assert!(rows.next().is_some_and(|h| h.ends_with(",payments,revenue_minor,revenue_currency")), "{csv}");
    let row = rows.find(|r| r.starts_with(&format!("technician,{tech_id},"))).expect("the technician's row");
    assert!(row.ends_with(&format!(",1,{due},CNY")), "{row}");
}
on_both_backends!(the_payment_is_recorded_once_for_the_amount_due);

async fn nothing_is_paid_before_the_work_or_when_nothing_is_due(app: TestApp) {
    app.load_demo().await;
    let covered = app.with_completed_repair("under.warranty@example.com").await;
    let (s, problem) = app
        .post(
            &format!("/api/visits/{}/payment", covered.visit),
            Some(&covered.tech),
            &json!({"method": "cash", "amount_minor": 0}),
        )
        .await;
    assert_eq!(s, 409, "warranty covered everything: {problem}");

    let (done, due) = app.with_pending_quote("pays.on.site@example.com").await;
    let fresh = app.book_and_assign(&crate::helpers::faucet_booking("not.yet@example.com")).await;
    let (s, _) = app
        .post(
            &format!("/api/visits/{}/payment", fresh.visit),
            Some(&fresh.tech),
            &json!({"method": "card", "amount_minor": 100}),
        )
        .await;
    assert_eq!(s, 409, "before the work is recorded");
    // Paid on site before "done": the outcome and its fees stay as they were paid.
    let (s, _) = app.post(&format!("/api/track/{}/quote/approve", done.token), None, &json!({})).await;
    assert_eq!(s, 204);
    let pay = json!({"method": "alipay", "amount_minor": due});
    assert_eq!(app.post(&format!("/api/visits/{}/payment", done.visit), Some(&done.tech), &pay).await.0, 201);
    let outcome = json!({"diagnosis": "x", "root_cause": "y", "work_done": "", "resolution": "resolved",
        "lines": [{"kind": "call_out", "description": "Call-out", "quantity": 1}]});
    let (s, _) = app.post(&format!("/api/visits/{}/outcome", done.visit), Some(&done.tech), &outcome).await;
    assert_eq!(s, 409, "a paid outcome is not changed");
    let (s, _) = app.post(&format!("/api/visits/{}/complete", done.visit), Some(&done.tech), &json!({})).await;
    assert_eq!(s, 200);
}
on_both_backends!(nothing_is_paid_before_the_work_or_when_nothing_is_due);
