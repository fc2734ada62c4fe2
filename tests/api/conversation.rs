//! A conversation per request: the customer writes on the tracking link or by text message,
//! staff answer (the answer reaches the customer by text message), the managers' inbox and
//! board show who waits, and the three-minute answer is counted in the KPIs.

use chrono::Duration;
use serde_json::{json, Value};

use crate::helpers::{Assigned, TestApp};
use crate::on_both_backends_with;
use crate::sms::{phone_only_booking, wait_texts};

const PW: &str = "fieldfix-demo";
const SECRET: &str = "gateway-secret-for-the-tests";
const PHONE: &str = "+8613805710000";

fn with_secret(s: &mut fieldfix::config::Settings) {
    s.sms_inbound_secret = Some(SECRET.into());
}

async fn booked_by_phone(app: &TestApp) -> Assigned {
    app.load_demo().await;
    app.book_and_assign(&phone_only_booking("138 0571 0000")).await
}

async fn write(app: &TestApp, token: &str, text: &str) -> (u16, Value) {
    app.post(&format!("/api/track/{token}/messages"), None, &json!({ "text": text })).await
}

async fn inbox(app: &TestApp, manager: &str) -> Value {
    let (s, inbox) = app.get("/api/manage/messages", Some(manager)).await;
    assert_eq!(s, 200, "{inbox}");
    inbox
}

async fn customer_writes_and_staff_answer_by_text(app: TestApp) {
    let a = booked_by_phone(&app).await;
    let manager = app.login("manager1@demo.fieldfix.test", PW).await;
    let typed = "师傅几点到？<b>楼下</b>门铃坏了";
    let (s, sent) = write(&app, &a.token, typed).await;
    assert_eq!(s, 201, "{sent}");
    assert_eq!(
        (sent["from"].as_str(), sent["text"].as_str(), sent["channel"].as_str()),
        (Some("customer"), Some(typed), Some("web"))
    );

    // The manager sees who waits, with the clock of the three-minute answer.
    let waiting = inbox(&app, &manager).await;
    let mine = waiting["waiting"].as_array().expect("waiting").iter().find(|w| w["request_id"] == a.id).cloned();
    let mine = mine.expect("the request waits for an answer");
    assert_eq!((mine["unanswered"].as_i64(), mine["last_text"].as_str()), (Some(1), Some(typed)));
    assert_eq!(mine["answer_state"], "waiting");
    assert_eq!(waiting["answer_minutes"], 3, "the platforms' rule by default");
    let (_, board) = app.get("/api/manage/board", Some(&manager)).await;
    assert_eq!(board["messages"]["waiting"], 1, "{}", board["messages"]);

    // Two business minutes later it is at risk (two thirds of three), after three it is missed.
    app.clock.advance(Duration::minutes(2));
    let (_, board) = app.get("/api/manage/board", Some(&manager)).await;
    assert_eq!((board["messages"]["at_risk"].as_i64(), board["messages"]["missed"].as_i64()), (Some(1), Some(0)));

    // The technician of the visit answers; it reaches the customer by text message.
    let (s, answer) = app
        .post(
            &format!("/api/requests/{}/messages", a.id),
            Some(&a.tech),
            &json!({"text": "下午三点到，到了给您打电话"}),
        )
        .await;
    assert_eq!(s, 201, "{answer}");
    assert_eq!(answer["from"], "staff");
    assert!(answer["author"].as_str().is_some_and(|n| n.ends_with("师傅")), "a technician as 王师傅: {answer}");
    let texts = wait_texts(&app, PHONE, 3).await;
    let last = texts.last().expect("a text");
    assert!(last.contains("下午三点到，到了给您打电话") && last.contains("/t/"), "{last}");

    // Answered: nobody waits, and both sides read the same thread, oldest first.
    assert!(inbox(&app, &manager).await["waiting"]
        .as_array()
        .expect("waiting")
        .iter()
        .all(|w| w["request_id"] != a.id));
    let (_, thread) = app.get(&format!("/api/track/{}/messages", a.token), None).await;
    let froms: Vec<&str> =
        thread["messages"].as_array().expect("messages").iter().filter_map(|m| m["from"].as_str()).collect();
    assert_eq!(froms, ["customer", "staff"]);
    assert_eq!(thread["unanswered"], 0);
    assert!(thread.get("answer_by").is_none(), "the clock is for staff");
    let (s, staff_view) = app.get(&format!("/api/requests/{}/messages", a.id), Some(&manager)).await;
    assert_eq!((s, staff_view["messages"].as_array().map(Vec::len)), (200, Some(2)));
}
on_both_backends_with!(customer_writes_and_staff_answer_by_text, super::with_secret);

async fn only_the_people_of_the_request_take_part(app: TestApp) {
    let a = booked_by_phone(&app).await;
    let path = format!("/api/requests/{}/messages", a.id);
    let other_manager = app.login("manager2@demo.fieldfix.test", PW).await;
    let admin = app.login("admin@demo.fieldfix.test", PW).await;
    let customer = app.customer_account("nosy@example.com").await;
    let body = json!({"text": "hello"});
    for (who, token) in [("another point's manager", &other_manager), ("a customer", &customer)] {
        assert_eq!(app.get(&path, Some(token)).await.0, 404, "{who} reads");
        assert_eq!(app.post(&path, Some(token), &body).await.0, 404, "{who} writes");
    }
    assert_eq!(app.post(&path, None, &body).await.0, 401);
    // Another technician of the point, without a visit on it.
    let (_, techs) = app.get("/api/admin/technicians", Some(&admin)).await;
    let other = techs
        .as_array()
        .expect("technicians")
        .iter()
        .filter_map(|t| t["email"].as_str())
        .find(|e| *e != a.tech_email)
        .expect("another technician")
        .to_string();
    let other = app.login(&other, PW).await;
    assert_eq!(app.get(&path, Some(&other)).await.0, 404);
    assert_eq!(app.post(&path, Some(&other), &body).await.0, 404);
    assert_eq!(app.get(&path, Some(&admin)).await.0, 200);
    assert_eq!(app.count("request_messages").await, 0, "nothing was written by those refused");
    // Bad input changes nothing.
    for bad in
        [json!({"text": ""}), json!({"text": "  "}), json!({"text": "x".repeat(2001)}), json!({"text": "a\u{7}b"})]
    {
        assert_eq!(write(&app, &a.token, bad["text"].as_str().unwrap_or_default()).await.0, 422, "{bad}");
    }
    assert_eq!(write(&app, &"x".repeat(40), "hello").await.0, 404, "an unknown link");
    assert_eq!(app.count("request_messages").await, 0);
}
on_both_backends_with!(only_the_people_of_the_request_take_part, super::with_secret);

async fn a_customer_writes_at_most_twenty_an_hour(app: TestApp) {
    let a = booked_by_phone(&app).await;
    for i in 0..20 {
        assert_eq!(write(&app, &a.token, &format!("message {i}")).await.0, 201);
    }
    let (s, refused) = write(&app, &a.token, "one more").await;
    assert_eq!(s, 429, "{refused}");
    assert_eq!(app.count("request_messages").await, 20, "the refused message is not kept");
    app.clock.advance(Duration::minutes(61));
    assert_eq!(write(&app, &a.token, "an hour later").await.0, 201);
}
on_both_backends_with!(a_customer_writes_at_most_twenty_an_hour, super::with_secret);

async fn inbound(app: &TestApp, query: &[(&str, &str)]) -> reqwest::Response {
    app.client.get(app.url("/api/sms/inbound")).query(query).send().await.expect("inbound")
}

async fn a_reply_by_text_lands_in_the_conversation(app: TestApp) {
    let a = booked_by_phone(&app).await;
    let manager = app.login("manager1@demo.fieldfix.test", PW).await;
    let reply = "好的，我下午在家";
    // Wrong or missing secret: 401 and nothing kept.
    for secret in ["wrong", ""] {
        let res =
            inbound(&app, &[("secret", secret), ("from", "+8613805710000"), ("to", "10690000"), ("text", reply)]).await;
        assert_eq!(res.status(), 401);
    }
    assert_eq!(app.count("request_messages").await, 0);
    // The gateway writes the sender as it got it (no plus, country code first).
    let query =
        [("secret", SECRET), ("from", "8613805710000"), ("to", "10690000"), ("text", reply), ("id", "kannel-1")];
    let res = inbound(&app, &query).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.text().await.expect("body"), "", "an empty body: nothing goes back to the phone");
    // The same message handed over twice is kept once.
    assert_eq!(inbound(&app, &query).await.status(), 200);
    let (_, thread) = app.get(&format!("/api/requests/{}/messages", a.id), Some(&manager)).await;
    let messages = thread["messages"].as_array().expect("messages");
    assert_eq!(messages.len(), 1, "{thread}");
    assert_eq!((messages[0]["text"].as_str(), messages[0]["channel"].as_str()), (Some(reply), Some("sms")));
    assert_eq!(messages[0]["author"], "王芳");
    assert_eq!(thread["answer_state"], "waiting");

    // From a phone nobody booked with: kept for the managers.
    let stranger = [("secret", SECRET), ("from", "13900001111"), ("to", "10690000"), ("text", "谁在用这个号码？")];
    assert_eq!(inbound(&app, &stranger).await.status(), 200);
    let waiting = inbox(&app, &manager).await;
    let unmatched = waiting["unmatched"].as_array().expect("unmatched");
    assert!(unmatched.iter().any(|m| m["phone"] == "+8613900001111" && m["text"] == "谁在用这个号码？"), "{waiting}");
    assert_eq!(app.count("request_messages").await, 2);
}
on_both_backends_with!(a_reply_by_text_lands_in_the_conversation, super::with_secret);

async fn answer(app: &TestApp, id: i64, manager: &str) {
    let (s, _) = app.post(&format!("/api/requests/{id}/messages"), Some(manager), &json!({"text": "收到"})).await;
    assert_eq!(s, 201);
}

async fn the_three_minute_answer_is_counted(app: TestApp) {
    let a = booked_by_phone(&app).await;
    let manager = app.login("manager1@demo.fieldfix.test", PW).await;
    // Answered in two minutes: kept.
    assert_eq!(write(&app, &a.token, "第一条").await.0, 201);
    app.clock.advance(Duration::minutes(2));
    answer(&app, a.id, &manager).await;
    // Answered in ten minutes: missed.
    assert_eq!(write(&app, &a.token, "第二条").await.0, 201);
    app.clock.advance(Duration::minutes(10));
    answer(&app, a.id, &manager).await;
    // Not answered, past three minutes by now: missed too.
    assert_eq!(write(&app, &a.token, "第三条").await.0, 201);
    app.clock.advance(Duration::minutes(5));
    // Not answered, written just now: not counted yet.
    assert_eq!(write(&app, &a.token, "第四条").await.0, 201);
    app.clock.advance(Duration::minutes(1));

    let (s, kpis) = app.get("/api/manage/kpis", Some(&manager)).await;
    assert_eq!(s, 200, "{kpis}");
    let point = kpis["service_points"]
        .as_object()
        .expect("points")
        .values()
        .find(|f| f["messages"].as_i64() == Some(4))
        .cloned()
        .expect("the point with the four messages");
    assert_eq!(point["answered_within_target_pct"].as_f64(), Some(33.3), "one of three counted: {point}");
    assert_eq!(point["median_answer_minutes"].as_f64(), Some(6.0), "median of 2 and 10");
    assert_eq!(point["answer_target_pct"], 80);

    let res = app
        .client
        .get(app.url("/api/manage/kpis?format=csv"))
        .header("Authorization", format!("Bearer {manager}"))
        .send()
        .await
        .expect("csv");
    let csv = res.text().await.expect("csv body");
    let header: Vec<&str> = csv.lines().next().expect("header").split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap_or_else(|| panic!("{name} in {header:?}"));
    let row: Vec<&str> =
        csv.lines().find(|l| l.split(',').nth(col("messages")) == Some("4")).expect("row").split(',').collect();
    assert_eq!(row[col("answered_within_target_pct")], "33.3");

    let (_, weeks) = app.get("/api/manage/kpis/weeks", Some(&manager)).await;
    assert_eq!((weeks["answer_minutes"].as_i64(), weeks["answer_target_pct"].as_i64()), (Some(3), Some(80)));
    let last = weeks["weeks"].as_array().and_then(|w| w.last()).expect("the running week");
    assert_eq!(last["figures"]["messages"], 4);
}
on_both_backends_with!(the_three_minute_answer_is_counted, super::with_secret);
