//! Who may call what: every route of the OpenAPI document (plus the health routes) is called
//! as anonymous, customer, technician, manager and admin; the status of each must match its
//! row. A route without a row fails the test, so a new route comes with its access rule.
//! Ownership (own against another's request, visit or service point) is tested beside each
//! use case.
//!
//! Each call carries a valid body (and query) for its route, from [`INPUTS`], so that what
//! answers is the role check and not the body's: a route a role may not call answers that
//! role 401 or 403 where the others get 2xx, 404 or 409. Ids and tokens point at nothing
//! (a 404 once the role passed), except where a role sees a thing only when it exists (a
//! request, its photo, its tracking link): there they point at a request the test books for
//! the matrix's customer.

use serde_json::{json, Value};

use crate::helpers::TestApp;
use crate::on_both_backends;

const PW: &str = "fieldfix-demo";

/// Method, path as in the document, then the status for anonymous, customer, technician,
/// manager and admin. A wrong role never gets a 2xx. The public routes (health, sign-in,
/// booking, slots, tracking links, ratings) answer every role alike by design: their rows
/// check that each role gets the route's real answer.
type Row = (&'static str, &'static str, [u16; 5]);

/// What a call of a route carries, beyond the empty JSON object every non-GET gets.
#[derive(Clone, Copy)]
enum Input {
    /// This JSON body.
    Json(&'static str),
    /// This query string.
    Query(&'static str),
    /// A small JPEG as the body.
    Photo,
    /// `{id}` is the matrix customer's request.
    OwnRequest,
    /// `{id}` is a photo of that request.
    OwnPhoto,
    /// `{token}` is that request's tracking token.
    OwnToken,
    /// `{id}` is a request the matrix's customer books for this call alone.
    FreshOwnRequest,
    /// A valid booking, by a new customer each time.
    Booking,
}

const POSITION: &str = r#"{"position": {"lat": 30.27, "lon": 120.13}}"#;
const OUTCOME: &str = r#"{"diagnosis": "Sprays", "root_cause": "washer", "work_done": "Fitted a washer",
    "resolution": "resolved", "lines": [{"kind": "call_out", "description": "Call-out", "quantity": 1}]}"#;
const SLOTS: &str = "lat=30.275&lon=120.13&skill=plumbing&days=1";

/// The valid input of each route that needs one.
const INPUTS: &[(&str, &str, Input)] = &[
    ("POST", "/api/auth/login", Input::Json(r#"{"email": "admin@demo.fieldfix.test", "password": "fieldfix-demo"}"#)),
    ("POST", "/api/auth/link", Input::Json(r#"{"email": "matrix.link{n}@example.com"}"#)),
    ("PATCH", "/api/track/{token}/contact", Input::Json(r#"{"email": "matrix.contact{n}@example.com"}"#)),
    ("POST", "/api/track/{token}/messages", Input::Json(r#"{"text": "When do you come?"}"#)),
    ("POST", "/api/requests/{id}/messages", Input::Json(r#"{"text": "At three."}"#)),
    ("GET", "/api/slots", Input::Query(SLOTS)),
    ("GET", "/api/prices", Input::Query("lat=30.275&lon=120.13&skill=plumbing")),
    ("GET", "/api/geocode", Input::Query("q=Wensan%20Road%20128")),
    ("POST", "/api/requests", Input::Booking),
    ("GET", "/api/requests/{id}", Input::OwnRequest),
    ("POST", "/api/requests/{id}/cancel", Input::Json(r#"{"reason": "changed my mind"}"#)),
    ("POST", "/api/requests/{id}/move", Input::Json(r#"{"technician_id": 1}"#)),
    ("POST", "/api/manage/replan/apply", Input::Json(r#"{"routes": []}"#)),
    ("POST", "/api/requests/{id}/cancel", Input::FreshOwnRequest),
    ("POST", "/api/tech/position", Input::Json(POSITION)),
    ("POST", "/api/visits/{id}/outcome", Input::Json(OUTCOME)),
    ("POST", "/api/visits/{id}/photos", Input::Query("stage=before")),
    ("POST", "/api/visits/{id}/photos", Input::Photo),
    ("GET", "/api/photos/{id}", Input::OwnPhoto),
    ("GET", "/api/photos/{id}/thumbnail", Input::OwnPhoto),
    ("GET", "/api/track/{token}", Input::OwnToken),
    ("POST", "/api/manage/tasks/{id}/close", Input::Json(r#"{"outcome": "Called; a coupon agreed"}"#)),
    ("PATCH", "/api/auth/me", Input::Json(r#"{"language": "en"}"#)),
    ("POST", "/api/visits/{id}/payment", Input::Json(r#"{"method": "cash", "amount_minor": 100}"#)),
    ("POST", "/api/track/{token}/invoice", Input::Json(r#"{"title": "个人"}"#)),
    ("POST", "/api/me/requests/{id}/tracking-link", Input::OwnRequest),
];

const MATRIX: &[Row] = &[
    ("GET", "/healthz", [200, 200, 200, 200, 200]),
    ("GET", "/readyz", [200, 200, 200, 200, 200]),
    ("GET", "/api/config", [200, 200, 200, 200, 200]),
    ("GET", "/api/messages/{lang}", [200, 200, 200, 200, 200]),
    ("POST", "/api/auth/login", [200, 200, 200, 200, 200]),
    ("GET", "/api/auth/me", [401, 200, 200, 200, 200]),
    ("PATCH", "/api/auth/me", [401, 200, 200, 200, 200]),
    ("POST", "/api/auth/link", [202, 202, 202, 202, 202]),
    ("POST", "/api/auth/link/redeem", [422, 422, 422, 422, 422]),
    ("POST", "/api/auth/password", [401, 422, 422, 422, 422]),
    ("POST", "/api/auth/sms-code", [422, 422, 422, 422, 422]),
    ("POST", "/api/auth/sms-code/redeem", [422, 422, 422, 422, 422]),
    ("GET", "/api/me/requests", [401, 200, 403, 403, 403]),
    ("POST", "/api/me/requests/{id}/tracking-link", [401, 201, 403, 403, 403]),
    ("GET", "/api/me/products", [401, 200, 403, 403, 403]),
    ("GET", "/api/admin/service-points", [401, 403, 403, 403, 200]),
    ("POST", "/api/admin/service-points", [401, 403, 403, 403, 422]),
    ("GET", "/api/admin/service-points/{id}", [401, 403, 403, 403, 404]),
    ("PUT", "/api/admin/service-points/{id}", [401, 403, 403, 403, 422]),
    ("DELETE", "/api/admin/service-points/{id}", [401, 403, 403, 403, 404]),
    ("GET", "/api/admin/skills", [401, 403, 403, 403, 200]),
    ("POST", "/api/admin/skills", [401, 403, 403, 403, 422]),
    ("PUT", "/api/admin/skills/{code}", [401, 403, 403, 403, 422]),
    ("DELETE", "/api/admin/skills/{code}", [401, 403, 403, 403, 404]),
    ("GET", "/api/admin/technicians", [401, 403, 403, 403, 200]),
    ("POST", "/api/admin/technicians", [401, 403, 403, 403, 422]),
    ("GET", "/api/admin/technicians/{id}", [401, 403, 403, 403, 404]),
    ("PUT", "/api/admin/technicians/{id}", [401, 403, 403, 403, 422]),
    ("DELETE", "/api/admin/technicians/{id}", [401, 403, 403, 403, 404]),
    ("GET", "/api/admin/staff", [401, 403, 403, 403, 200]),
    ("PATCH", "/api/admin/staff/{id}", [401, 403, 403, 403, 404]),
    ("GET", "/api/manage/board", [401, 403, 403, 200, 200]),
    ("GET", "/api/manage/calls", [401, 403, 403, 200, 200]),
    ("POST", "/api/manage/calls/{id}", [401, 403, 403, 422, 422]),
    ("GET", "/api/manage/dayplan", [401, 403, 403, 422, 422]),
    ("GET", "/api/manage/kpis", [401, 403, 403, 200, 200]),
    ("GET", "/api/manage/kpis/weeks", [401, 403, 403, 200, 200]),
    ("GET", "/api/manage/queue", [401, 403, 403, 200, 200]),
    ("POST", "/api/manage/replan", [401, 403, 403, 422, 422]),
    ("GET", "/api/manage/tasks", [401, 403, 403, 200, 200]),
    ("POST", "/api/manage/tasks/{id}/close", [401, 403, 403, 404, 404]),
    ("POST", "/api/manage/replan/apply", [401, 403, 403, 422, 422]),
    ("POST", "/api/offers/{id}/accept", [401, 403, 404, 403, 403]),
    ("POST", "/api/offers/{id}/decline", [401, 403, 404, 403, 403]),
    ("GET", "/api/ratings/{token}", [404, 404, 404, 404, 404]),
    ("POST", "/api/ratings/{token}", [422, 422, 422, 422, 422]),
    ("POST", "/api/requests", [201, 201, 201, 201, 201]),
    ("GET", "/api/requests/{id}", [401, 200, 404, 200, 200]),
    ("POST", "/api/requests/{id}/assign", [401, 403, 403, 422, 422]),
    ("POST", "/api/requests/{id}/cancel", [401, 204, 404, 204, 204]),
    ("POST", "/api/requests/{id}/move", [401, 403, 403, 404, 404]),
    ("GET", "/api/requests/{id}/candidates", [401, 403, 403, 404, 404]),
    ("POST", "/api/requests/{id}/follow-up", [401, 403, 403, 422, 422]),
    ("GET", "/api/skills", [200, 200, 200, 200, 200]),
    ("GET", "/api/slots", [200, 200, 200, 200, 200]),
    ("GET", "/api/prices", [200, 200, 200, 200, 200]),
    // The matrix's server has no geocoder: every role gets the same 503 (place the pin).
    ("GET", "/api/geocode", [503, 503, 503, 503, 503]),
    ("GET", "/api/tech/fees", [401, 403, 200, 403, 403]),
    ("POST", "/api/tech/position", [401, 403, 204, 403, 403]),
    ("GET", "/api/tech/offers", [401, 403, 200, 403, 403]),
    ("GET", "/api/tech/visits", [401, 403, 200, 403, 403]),
    ("GET", "/api/track/{token}", [200, 200, 200, 200, 200]),
    ("POST", "/api/track/{token}/account", [404, 404, 404, 404, 404]),
    ("POST", "/api/track/find", [422, 422, 422, 422, 422]),
    ("PATCH", "/api/track/{token}/contact", [404, 404, 404, 404, 404]),
    ("POST", "/api/track/{token}/contact/confirm", [422, 422, 422, 422, 422]),
    ("GET", "/api/sms/dlr", [401, 401, 401, 401, 401]),
    ("GET", "/api/sms/inbound", [401, 401, 401, 401, 401]),
    ("GET", "/api/track/{token}/messages", [404, 404, 404, 404, 404]),
    ("POST", "/api/track/{token}/messages", [404, 404, 404, 404, 404]),
    ("GET", "/api/requests/{id}/messages", [401, 404, 404, 404, 404]),
    ("POST", "/api/requests/{id}/messages", [401, 404, 404, 404, 404]),
    ("GET", "/api/manage/messages", [401, 403, 403, 200, 200]),
    ("POST", "/api/track/{token}/reschedule", [422, 422, 422, 422, 422]),
    ("POST", "/api/track/{token}/cancel", [422, 422, 422, 422, 422]),
    ("POST", "/api/track/{token}/follow-up", [422, 422, 422, 422, 422]),
    ("POST", "/api/track/{token}/photos", [415, 415, 415, 415, 415]),
    ("GET", "/api/track/{token}/photos/{id}", [404, 404, 404, 404, 404]),
    ("GET", "/api/track/{token}/photos/{id}/thumbnail", [404, 404, 404, 404, 404]),
    ("POST", "/api/track/{token}/quote/approve", [404, 404, 404, 404, 404]),
    ("POST", "/api/track/{token}/quote/decline", [404, 404, 404, 404, 404]),
    ("POST", "/api/visits/{id}/arrive", [401, 403, 404, 403, 403]),
    ("POST", "/api/visits/{id}/complete", [401, 403, 404, 403, 403]),
    ("POST", "/api/visits/{id}/en-route", [401, 403, 404, 403, 403]),
    ("POST", "/api/visits/{id}/outcome", [401, 403, 404, 403, 403]),
    ("POST", "/api/visits/{id}/photos", [401, 403, 404, 403, 403]),
    ("GET", "/api/photos/{id}", [401, 200, 404, 200, 200]),
    ("GET", "/api/photos/{id}/thumbnail", [401, 200, 404, 200, 200]),
    ("POST", "/api/visits/{id}/quote/approve-on-site", [401, 403, 404, 403, 403]),
    ("POST", "/api/visits/{id}/tracking-qr", [401, 403, 404, 403, 403]),
    ("POST", "/api/visits/{id}/payment", [401, 403, 404, 403, 403]),
    ("GET", "/api/visits/{id}/signature", [401, 404, 404, 404, 404]),
    ("GET", "/api/track/{token}/signature", [404, 404, 404, 404, 404]),
    ("GET", "/api/track/{token}/receipt", [404, 404, 404, 404, 404]),
    ("POST", "/api/track/{token}/invoice", [404, 404, 404, 404, 404]),
    ("GET", "/api/manage/invoices", [401, 403, 403, 200, 200]),
    ("POST", "/api/manage/invoices/{id}/issued", [401, 403, 403, 404, 404]),
    // Last: it ends the session of every role that calls it.
    ("POST", "/api/auth/logout", [401, 204, 204, 204, 204]),
];

const ROLES: [&str; 5] = ["anonymous", "customer", "technician", "manager", "admin"];

/// The request the test books for the matrix's customer, and what points at it.
struct Own {
    customer: String,
    request: i64,
    photo: String,
    token: String,
}

fn concrete(path: &str, inputs: &[Input], own: &Own, fresh: Option<i64>) -> String {
    let mut path = path.replace("{token}", "no-such-token").replace("{code}", "no-such-skill").replace("{lang}", "en");
    for input in inputs {
        match input {
            Input::OwnRequest => path = path.replace("{id}", &own.request.to_string()),
            Input::OwnPhoto => path = path.replace("{id}", &own.photo),
            Input::OwnToken => path = path.replace("no-such-token", &own.token),
            Input::FreshOwnRequest => path = path.replace("{id}", &fresh.expect("booked").to_string()),
            _ => {}
        }
    }
    let path = path.replace("{id}", "987654321");
    match inputs.iter().find_map(|i| if let Input::Query(q) = i { Some(q) } else { None }) {
        Some(q) => format!("{path}?{q}"),
        None => path,
    }
}

async fn call(app: &TestApp, method: &str, path: &str, token: Option<&str>, own: &Own, n: usize) -> u16 {
    let inputs: Vec<Input> =
        INPUTS.iter().filter(|(m, p, _)| *m == method && *p == path).map(|(_, _, input)| *input).collect();
    let mut fresh = None;
    if inputs.iter().any(|i| matches!(i, Input::FreshOwnRequest)) {
        let body = crate::lifecycle::faucet_booking("matrix.customer@example.com");
        let (s, booked) = app.post("/api/requests", Some(&own.customer), &body).await;
        assert_eq!(s, 201, "{booked}");
        fresh = booked["id"].as_i64();
    }
    let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
    let mut req = app.client.request(method.clone(), app.url(&concrete(path, &inputs, own, fresh)));
    let body = inputs.iter().find_map(|i| match i {
        Input::Json(text) => {
            Some(serde_json::from_str::<Value>(&text.replace("{n}", &n.to_string())).expect("a JSON input"))
        }
        Input::Booking => Some(crate::lifecycle::faucet_booking(&format!("matrix{n}@example.com"))),
        _ => None,
    });
    if inputs.iter().any(|i| matches!(i, Input::Photo)) {
        req = req.header("content-type", "image/jpeg").body(crate::photos::jpeg(64, 48));
    } else if method != reqwest::Method::GET {
        req = req.json(&body.unwrap_or_else(|| json!({})));
    }
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    req.send().await.expect("request").status().as_u16()
}

async fn every_route_answers_each_role_as_its_row_says(app: TestApp) {
    app.load_demo().await;
    let customer = app.customer_account("matrix.customer@example.com").await;
    let tokens = [
        None,
        Some(customer),
        Some(app.login("tech01@demo.fieldfix.test", PW).await),
        Some(app.login("manager1@demo.fieldfix.test", PW).await),
        Some(app.login("admin@demo.fieldfix.test", PW).await),
    ];
    let (s, booked) = app
        .post("/api/requests", tokens[1].as_deref(), &crate::lifecycle::faucet_booking("matrix.customer@example.com"))
        .await;
    assert_eq!(s, 201, "{booked}");
    let token = crate::helpers::token_of(&booked);
    let photo = app
        .client
        .post(app.url(&format!("/api/track/{token}/photos")))
        .header("content-type", "image/jpeg")
        .body(crate::photos::jpeg(64, 48))
        .send()
        .await
        .expect("upload");
    assert_eq!(photo.status(), 201);
    let photo: Value = photo.json().await.expect("json");
    let own = Own {
        customer: tokens[1].clone().expect("the customer's token"),
        request: booked["id"].as_i64().expect("id"),
        photo: photo["id"]
            .as_i64()
            .map(|id| id.to_string())
            .or_else(|| photo["id"].as_str().map(str::to_string))
            .expect("photo id"),
        token,
    };
    let (_, document): (u16, Value) = app.get("/api/openapi.json", None).await;
    let mut documented: Vec<(String, String)> = Vec::new();
    for (path, methods) in document["paths"].as_object().expect("paths") {
        for method in methods.as_object().expect("methods").keys() {
            documented.push((method.to_uppercase(), path.clone()));
        }
    }
    let missing: Vec<String> = documented
        .iter()
        .filter(|(m, p)| !MATRIX.iter().any(|(rm, rp, _)| rm == m && rp == p))
        .map(|(m, p)| format!("{m} {p}"))
        .collect();
    assert!(missing.is_empty(), "routes without a row in the access matrix: {missing:?}");
    let mut wrong = Vec::new();
    let mut calls = 0;
    for (method, path, expected) in MATRIX {
        let mut got = [0u16; 5];
        for (i, token) in tokens.iter().enumerate() {
            calls += 1;
            got[i] = call(&app, method, path, token.as_deref(), &own, calls).await;
        }
        if got != *expected {
            let roles: Vec<String> =
                ROLES.iter().zip(got.iter().zip(expected)).map(|(r, (g, e))| format!("{r} {g} (row {e})")).collect();
            wrong.push(format!("{method} {path}: {}", roles.join(", ")));
        }
    }
    assert!(wrong.is_empty(), "answers that differ from the matrix:\n{}", wrong.join("\n"));
}
on_both_backends!(every_route_answers_each_role_as_its_row_says);
