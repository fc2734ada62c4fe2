//! One language per reader, for what the technician wrote on the bill and for the staff: fee
//! lines are named in the reader's language (the call-out and labour by the catalog, a listed
//! part or service by the schedule's name), an unlisted part stays as typed and is marked so;
//! an admin sets a manager's language (`PATCH /api/admin/staff/{id}`), and a technician's
//! language is their user's, one column for everyone.

use serde_json::{json, Value};

use crate::helpers::TestApp;
use crate::on_both_backends;
use crate::story::faucet_booking;

const PW: &str = "fieldfix-demo";

/// GET `path` with `Accept-Language: lang`.
async fn get_in(app: &TestApp, path: &str, token: Option<&str>, lang: &str) -> Value {
    let mut req = app.client.get(app.url(path)).header("accept-language", lang);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let res = req.send().await.expect("request");
    assert_eq!(res.status(), 200);
    res.json().await.expect("json")
}

fn names(view: &Value) -> Vec<(String, bool)> {
    view["visits"][0]["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .map(|l| (l["name"].as_str().unwrap_or_default().to_string(), l["typed"].as_bool().unwrap_or(false)))
        .collect()
}

async fn fee_lines_are_named_in_the_readers_language(app: TestApp) {
    app.load_demo().await;
    let mut body = faucet_booking("line-names@example.com");
    body["product"]["purchased_on"] = json!("2019-03-01");
    let done = app.book_and_assign(&body).await;
    // A Chinese technician's words on every line, one part the schedule does not list.
    let outcome = json!({"diagnosis": "阀芯磨损", "root_cause": "wear", "work_done": "更换阀芯", "resolution": "resolved",
        "lines": [
            {"kind": "call_out", "description": "上门费", "quantity": 1},
            {"kind": "labour", "description": "人工", "quantity": 2},
            {"kind": "part", "description": "阀芯", "part_code": "cartridge-35", "quantity": 1},
            {"kind": "part", "description": "进口密封圈", "quantity": 1,
             "unit_price": {"amount_minor": 1200, "currency": "CNY"}}]});
    let empty = json!({});
    for (step, body) in [("en-route", &empty), ("arrive", &empty), ("outcome", &outcome)] {
        let (s, answer) = app.post(&format!("/api/visits/{}/{step}", done.visit), Some(&done.tech), body).await;
        assert_eq!(s, 200, "{step}: {answer}");
    }
    let track = format!("/api/track/{}", done.token);
    let english = get_in(&app, &track, None, "en").await;
    assert_eq!(
        names(&english),
        vec![
            ("Call-out".to_string(), false),
            ("Labour".to_string(), false),
            ("Ceramic cartridge 35 mm".to_string(), false),
            ("进口密封圈".to_string(), true),
        ],
        "an English reader reads the schedule's words; the unlisted part as typed, marked: {english}"
    );
    assert_eq!(english["visits"][0]["lines"][0]["description"], "上门费", "the stored text is kept beside the name");
    let chinese = get_in(&app, &track, None, "zh-CN").await;
    let zh: Vec<String> = names(&chinese).into_iter().map(|n| n.0).collect();
    assert_eq!(zh, ["上门费", "人工", "陶瓷阀芯 35 毫米", "进口密封圈"]);

    // The manager's view and the technician's day name them in their reader's language too.
    let manager = app.login("manager1@demo.fieldfix.test", PW).await;
    let staff = get_in(&app, &format!("/api/requests/{}", done.id), Some(&manager), "en").await;
    assert_eq!(names(&staff)[2].0, "Ceramic cartridge 35 mm");
    let day = get_in(&app, "/api/tech/visits?days=14", Some(&done.tech), "en").await;
    let mine = day.as_array().expect("visits").iter().find(|v| v["id"] == done.visit).expect("the visit");
    assert_eq!(mine["outcome"]["lines"][1]["name"], "Labour", "{mine}");
    assert_eq!(mine["outcome"]["lines"][1]["description"], "人工", "the form edits what was typed");

    // The quote mail to this English-speaking customer names the lines in English.
    let quote = app
        .texts_where("outbox", "payload", &format!("kind = 'quote' AND channel = 'mail' AND request_id = {}", done.id))
        .await;
    assert_eq!(quote.len(), 1);
    assert!(quote[0].contains("Ceramic cartridge 35 mm") && quote[0].contains("Call-out"), "{}", quote[0]);
    assert!(!quote[0].contains("上门费"), "no Chinese on an English customer's lines: {}", quote[0]);
    assert!(quote[0].contains("进口密封圈 (as typed)"), "{}", quote[0]);
}
on_both_backends!(fee_lines_are_named_in_the_readers_language);

async fn an_admin_sets_a_managers_language(app: TestApp) {
    app.load_demo().await;
    let admin = app.login("admin@demo.fieldfix.test", PW).await;
    let manager = app.login("manager1@demo.fieldfix.test", PW).await;
    let (s, staff) = app.get("/api/admin/staff", Some(&admin)).await;
    assert_eq!(s, 200, "{staff}");
    let list = staff.as_array().expect("a list");
    assert!(
        list.iter().all(|m| m["role"] == "manager" || m["role"] == "admin"),
        "no technicians or customers: {staff}"
    );
    let one = list.iter().find(|m| m["email"] == "manager1@demo.fieldfix.test").expect("manager1");
    assert_eq!(one["language"], "en");
    assert!(!one["service_points"].as_array().expect("points").is_empty(), "{one}");
    let path = format!("/api/admin/staff/{}", one["id"]);

    for bad in [json!({"language": "fr"}), json!({"name": ""}), json!({"phone": "call me"}), json!({"role": "admin"})] {
        let (s, problem) = app.send(reqwest::Method::PATCH, &path, Some(&admin), &bad).await;
        assert_eq!(s, 422, "{bad}: {problem}");
    }
    assert_eq!(app.get("/api/auth/me", Some(&manager)).await.1["language"], "en", "a refused change changes nothing");
    let (s, _) = app.send(reqwest::Method::PATCH, &path, Some(&manager), &json!({"language": "zh-CN"})).await;
    assert_eq!(s, 403, "a manager does not change staff");

    let (s, changed) = app.send(reqwest::Method::PATCH, &path, Some(&admin), &json!({"language": "zh-CN"})).await;
    assert_eq!((s, changed["language"].as_str()), (200, Some("zh-CN")), "{changed}");
    assert_eq!(changed["name"], one["name"], "what is absent stays");
    let (_, me) = app.get("/api/auth/me", Some(&manager)).await;
    assert_eq!(me["language"], "zh-CN", "the manager reads Chinese from now on: {me}");

    // A technician or a customer is not staff here: 404, as for an id that does not exist.
    let (_, techs) = app.get("/api/admin/technicians", Some(&admin)).await;
    let tech_user = techs[0]["user_id"].as_i64();
    for id in [tech_user.unwrap_or(1), 4_000_000_000_000_000] {
        let (s, _) =
            app.send(reqwest::Method::PATCH, &format!("/api/admin/staff/{id}"), Some(&admin), &json!({})).await;
        assert_eq!(s, 404);
    }
}
on_both_backends!(an_admin_sets_a_managers_language);

async fn a_technicians_language_is_their_users(app: TestApp) {
    app.load_demo().await;
    let admin = app.login("admin@demo.fieldfix.test", PW).await;
    let (_, techs) = app.get("/api/admin/technicians", Some(&admin)).await;
    let tech = &techs[0];
    let email = tech["email"].as_str().expect("email");
    let token = app.login(email, PW).await;
    let target = if tech["language"] == "zh-CN" { "en" } else { "zh-CN" };
    // The technician changes it on /me: the admin's view of the technician follows.
    let (s, _) = app.send(reqwest::Method::PATCH, "/api/auth/me", Some(&token), &json!({"language": target})).await;
    assert_eq!(s, 200);
    let (_, seen) = app.get(&format!("/api/admin/technicians/{}", tech["id"]), Some(&admin)).await;
    assert_eq!(seen["language"], target, "{seen}");
}
on_both_backends!(a_technicians_language_is_their_users);
