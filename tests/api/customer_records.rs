//! What a manager sees beside a request: the customer's earlier requests (visits, ratings,
//! follow-ups), the product's repair history, and a repeat repair within the rework period.

use chrono::Duration;
use serde_json::json;

use crate::helpers::TestApp;
use crate::lifecycle::faucet_booking;
use crate::on_both_backends;

const PW: &str = "fieldfix-demo";

async fn manager_sees_the_customer_and_the_product(app: TestApp) {
    app.load_demo().await;
    let email = "record.faucet@example.com";
    let manager = app.login("manager1@demo.fieldfix.test", PW).await;
    let crate::helpers::Assigned { id: first, token, .. } = app.with_completed_repair(email).await;
    let rating = json!({"stars": 2, "punctuality": 2, "professionalism": 3, "resolution": 1, "comment": "drips"});
    let (s, _) = app.post(&format!("/api/ratings/{token}"), None, &rating).await;
    assert_eq!(s, 201);
    let (s, _) = app
        .post(
            &format!("/api/requests/{first}/follow-up"),
            Some(&manager),
            &json!({"call": "Called, it drips a little", "resolution": "a plumber comes again"}),
        )
        .await;
    assert_eq!(s, 204);

    app.clock.advance(Duration::days(1));
    let mut elsewhere = faucet_booking(email);
    elsewhere["location"] = json!({"lat": 30.16, "lon": 120.22});
    elsewhere["address"] = json!("8 Binsheng Road, Binjiang District, Hangzhou");
    let other_point = app.book(&elsewhere).await.0;
    app.clock.advance(Duration::days(2));
    let again = app.book(&faucet_booking("RECORD.faucet@example.com")).await.0;
    let (s, view) = app.get(&format!("/api/requests/{again}"), Some(&manager)).await;
    assert_eq!(s, 200, "{view}");
    assert_eq!(view["repeat_repair"], true, "repaired 3 days ago, within 30 days: {view}");
    let earlier = view["earlier_requests"].as_array().expect("earlier requests");
    assert_eq!(earlier.len(), 1, "the request at the other service point is not shown to this point's manager");
    assert_eq!(earlier[0]["id"], first);
    assert_eq!(earlier[0]["rating"], 2);
    assert_eq!(earlier[0]["visits"][0]["stars"], 2);
    assert_eq!(earlier[0]["visits"][0]["resolution"], "resolved");
    assert!(earlier[0]["visits"][0]["completed_at"].is_string());
    let note = earlier[0]["follow_ups"][0]["note"].as_str().expect("the manager's follow-up");
    assert!(note.contains("Called, it drips a little"), "{note}");
    assert_eq!(earlier[0]["follow_ups"][0]["reason"], "low rating: 2 of 5");
    let zh: serde_json::Value = app
        .client
        .get(app.url(&format!("/api/requests/{again}")))
        .bearer_auth(&manager)
        .header("Accept-Language", "zh-CN")
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json");
    assert_eq!(zh["earlier_requests"][0]["follow_ups"][0]["reason"], "评分较低：2/5", "in the reader's language");
    let product = view["product_history"].as_array().expect("product history");
    assert_eq!(product.len(), 1);
    assert_eq!(product[0]["product"]["serial"], "SN-88");

    let mut washer = faucet_booking(email);
    washer["product"] = json!({"category": "washing_machine", "brand": "Haier", "model": "EG100"});
    washer["skill"] = json!("appliance");
    let other_product = app.book(&washer).await.0;
    let (_, view) = app.get(&format!("/api/requests/{other_product}"), Some(&manager)).await;
    assert_eq!(view["repeat_repair"], false, "another product is no repeat: {view}");
    assert_eq!(view["product_history"].as_array().map(Vec::len), Some(0));
    assert_eq!(view["earlier_requests"].as_array().map(Vec::len), Some(2), "{view}");

    let mut same_serial = faucet_booking("new.owner@example.com");
    same_serial["product"]["brand"] = json!("JIUMU");
    let bought_used = app.book(&same_serial).await.0;
    let (_, view) = app.get(&format!("/api/requests/{bought_used}"), Some(&manager)).await;
    assert_eq!(view["earlier_requests"].as_array().map(Vec::len), Some(0), "a new customer");
    assert!(
        view["product_history"].as_array().expect("history").iter().any(|r| r["id"] == first),
        "the same serial number is the same product: {view}"
    );
    assert_eq!(view["repeat_repair"], true);

    let admin = app.login("admin@demo.fieldfix.test", PW).await;
    let (_, all) = app.get(&format!("/api/requests/{again}"), Some(&admin)).await;
    let seen: Vec<&serde_json::Value> =
        all["earlier_requests"].as_array().expect("earlier").iter().map(|r| &r["id"]).collect();
    assert!(seen.contains(&&json!(other_point)), "the admin sees every point: {all}");
    let customer_view = app.get(&format!("/api/track/{token}"), None).await.1;
    assert!(customer_view.get("earlier_requests").is_none() && customer_view.get("repeat_repair").is_none());
    let manager2 = app.login("manager2@demo.fieldfix.test", PW).await;
    let (s, _) = app.get(&format!("/api/requests/{again}"), Some(&manager2)).await;
    assert_eq!(s, 404, "another point's manager learns nothing");

    app.clock.advance(Duration::days(40));
    let late = app.book(&faucet_booking(email)).await.0;
    let manager = app.login("manager1@demo.fieldfix.test", PW).await;
    let (_, view) = app.get(&format!("/api/requests/{late}"), Some(&manager)).await;
    assert_eq!(view["repeat_repair"], false, "after the rework period: {view}");
    assert_eq!(view["product_history"].as_array().map(Vec::len), Some(3));
}
on_both_backends!(manager_sees_the_customer_and_the_product);
