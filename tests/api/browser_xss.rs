//! Text people type reaches every page as text: a booking and an outcome carry markup in
//! every free-text field, and /track, /tech and /manage (map tooltips included) must show it
//! literally, run none of it, and raise no console error (the Content-Security-Policy would
//! report an inline handler it blocked). SQLite only, like the other browser test.

use serde_json::json;

use crate::chromium::{browser_available, Driver, Page};
use crate::helpers::{Kind, TestApp};
use crate::lifecycle::faucet_booking;

const PW: &str = "fieldfix-demo";

/// Markup that would run if any page wrote it as HTML.
const PAYLOAD: &str = r#"<img src=x onerror="window.__xss=(window.__xss||0)+1"><script>window.__xss=1</script>"#;

fn hostile_booking(email: &str) -> serde_json::Value {
    let mut body = faucet_booking(email);
    body["customer"]["name"] = json!(format!("Mallory {PAYLOAD}"));
    body["product"]["brand"] = json!(format!("Brand {PAYLOAD}"));
    body["product"]["model"] = json!(format!("Model {PAYLOAD}"));
    body["problem"] = json!(format!("Sprays {PAYLOAD}"));
    body["address"] = json!(format!("12 Wensan Road {PAYLOAD}"));
    body
}

async fn assert_inert(page: &Page<'_>, where_: &str) {
    let ran = page.js("window.__xss === undefined").await;
    assert_eq!(ran, serde_json::Value::Bool(true), "markup ran on {where_}");
    page.assert_clean_console(where_).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typed_text_never_runs_as_markup() {
    if !browser_available() {
        return;
    }
    let Some(app) = TestApp::spawn(Kind::Sqlite).await else { return };
    app.load_demo().await;
    let manager = app.login("manager1@demo.fieldfix.test", PW).await;
    let admin = app.login("admin@demo.fieldfix.test", PW).await;

    let (s, visited) = app.post("/api/requests", None, &hostile_booking("mallory@example.com")).await;
    assert_eq!(s, 201, "{visited}");
    let id = visited["id"].as_i64().expect("id");
    let track_path =
        format!("/track/{}", visited["tracking_url"].as_str().expect("url").rsplit('/').next().expect("t"));
    let (tech_id, visit) = app.assign_first(id, &manager).await;
    let email = app.tech_email(&admin, tech_id).await;
    let tech = app.login(&email, PW).await;
    let outcome = json!({"diagnosis": format!("Joint {PAYLOAD}"), "root_cause": format!("Washer {PAYLOAD}"),
        "work_done": format!("Fitted {PAYLOAD}"), "resolution": "resolved",
        "lines": [{"kind": "call_out", "description": format!("Call-out {PAYLOAD}"), "quantity": 1},
            {"kind": "part", "description": format!("Seal {PAYLOAD}"), "quantity": 1,
             "unit_price": {"amount_minor": 500, "currency": "CNY"}}]});
    for (step, body) in [("en-route", json!({})), ("arrive", json!({})), ("outcome", outcome)] {
        let (s, answer) = app.post(&format!("/api/visits/{visit}/{step}"), Some(&tech), &body).await;
        assert_eq!(s, 200, "{step}: {answer}");
    }
    let (s, open) = app.post("/api/requests", None, &hostile_booking("mallory2@example.com")).await;
    assert_eq!(s, 201, "{open}");
    let open_id = open["id"].as_i64().expect("id");

    let driver = Driver::start().await;
    let page = Page { c: driver.browser().await, driver: &driver, base: app.address.clone() };
    page.c.set_window_size(1280, 1100).await.expect("resizes");

    page.open(&track_path).await;
    page.until("the timeline with the typed name", "document.body.textContent.includes('Mallory <img')").await;
    // The call-out is named by the catalog; an unlisted part is shown as typed, as text.
    page.until("the typed fee line as text", "document.body.textContent.includes('Seal <img')").await;
    assert_inert(&page, "/track").await;

    page.open("/tech").await;
    page.fill("#login-email", &email).await;
    page.fill("#login-password", PW).await;
    page.click("#login").await;
    page.until("the visit with the typed address", "document.body.textContent.includes('12 Wensan Road <img')").await;
    assert_inert(&page, "/tech").await;

    page.open("/manage").await;
    page.fill("#login-email", "manager1@demo.fieldfix.test").await;
    page.fill("#login-password", PW).await;
    page.click("#login").await;
    page.until("the open request on the map", "document.querySelector('#map path.open')").await;
    page.until("the technicians on the map", "document.querySelectorAll('#map path.leaflet-interactive').length > 5")
        .await;
    page.js("document.querySelectorAll('#map path.leaflet-interactive').forEach((p) => \
         p.dispatchEvent(new MouseEvent('mouseover', {bubbles: true})))")
        .await;
    page.until(
        "the address in a tooltip, as text",
        "[...document.querySelectorAll('.leaflet-tooltip')].some((t) => t.textContent.includes('12 Wensan Road <img'))",
    )
    .await;
    page.click(&format!("#candidates-{open_id}")).await;
    page.until("candidates", "document.getElementById('assign-0')").await;
    assert_inert(&page, "/manage").await;
    page.c.clone().close().await.expect("closes");
}
