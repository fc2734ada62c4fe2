//! Staff mail in its reader's language: every user keeps a `language` (the demo's Binjiang
//! staff read Chinese), set by the person with `PATCH /api/auth/me`; offers, low ratings and
//! other staff mail are written in it.

use serde_json::json;

use crate::helpers::TestApp;
use crate::on_both_backends;
use crate::story::faucet_booking;

const PW: &str = "fieldfix-demo";

async fn staff_mail_follows_the_readers_language(app: TestApp) {
    app.load_demo().await;
    let manager1 = app.login("manager1@demo.fieldfix.test", PW).await;
    let manager2 = app.login("manager2@demo.fieldfix.test", PW).await;
    let (s, me) = app.get("/api/auth/me", Some(&manager2)).await;
    assert_eq!((s, me["language"].as_str()), (200, Some("zh-CN")), "the Binjiang point's staff read Chinese: {me}");
    assert_eq!(app.get("/api/auth/me", Some(&manager1)).await.1["language"], "en");

    // An offer at Binjiang goes to its technicians in Chinese; at West Lake in English.
    let mut binjiang = faucet_booking("staff-lang.binjiang@example.com");
    binjiang["location"] = json!({"lat": 30.16, "lon": 120.22});
    binjiang["address"] = json!("8 Binsheng Road, Binjiang District, Hangzhou");
    let (far, _) = app.book(&binjiang).await;
    let offers_in = |id: i64, lang: &str| format!("kind = 'new_offer' AND request_id = {id} AND language = '{lang}'");
    assert!(app.count_where("outbox", &offers_in(far, "zh-CN")).await >= 1, "offers in Chinese");
    assert_eq!(app.count_where("outbox", &offers_in(far, "en")).await, 0);
    let offer = app.texts_where("outbox", "payload", &offers_in(far, "zh-CN")).await;
    assert!(offer[0].contains("接单"), "{}", offer[0]);

    for bad in [json!({"language": "fr"}), json!({"language": "zh-CN", "name": "x"}), json!({})] {
        let (s, problem) = app.send(reqwest::Method::PATCH, "/api/auth/me", Some(&manager1), &bad).await;
        assert_eq!(s, 422, "{bad}: {problem}");
    }
    assert_eq!(app.get("/api/auth/me", Some(&manager1)).await.1["language"], "en", "refused input changes nothing");
    let (s, me) =
        app.send(reqwest::Method::PATCH, "/api/auth/me", Some(&manager1), &json!({"language": "zh-CN"})).await;
    assert_eq!((s, me["language"].as_str()), (200, Some("zh-CN")), "{me}");

    let done = app.with_completed_repair("staff-lang.low@example.com").await;
    app.rate(&done, 1, "").await;
    let to_manager1 =
        format!("kind = 'low_rating' AND request_id = {} AND recipient = 'manager1@demo.fieldfix.test'", done.id);
    let mails = app.texts_where("outbox", "payload", &format!("{to_manager1} AND language = 'zh-CN'")).await;
    assert_eq!(mails.len(), 1, "the low rating to manager1, now in Chinese");
    assert!(mails[0].contains("评分偏低"), "{}", mails[0]);
}
on_both_backends!(staff_mail_follows_the_readers_language);
