//! Who may call what: every route of the OpenAPI document (plus the health routes) is called
//! as anonymous, customer, technician, manager and admin, on ids and tokens that do not
//! exist, with an empty JSON body; the status of each must match its row. A route without
//! a row fails the test, so a new route comes with its access rule. Ownership (own against
//! another's request, visit or service point) is tested beside each use case.

use serde_json::{json, Value};

use crate::helpers::TestApp;
use crate::on_both_backends;

const PW: &str = "fieldfix-demo";

/// Method, path as in the document, then the status for anonymous, customer, technician,
/// manager and admin. Admin and board routes look at the role first (403 before any 422);
/// elsewhere, where a body or query parameter is required, the empty one is refused (422)
/// before ownership is looked at; a wrong role never gets a 2xx.
type Row = (&'static str, &'static str, [u16; 5]);

const MATRIX: &[Row] = &[
    ("GET", "/healthz", [200, 200, 200, 200, 200]),
    ("GET", "/readyz", [200, 200, 200, 200, 200]),
    ("GET", "/api/config", [200, 200, 200, 200, 200]),
    ("GET", "/api/messages/{lang}", [404, 404, 404, 404, 404]),
    ("POST", "/api/auth/login", [422, 422, 422, 422, 422]),
    ("GET", "/api/auth/me", [401, 200, 200, 200, 200]),
    ("POST", "/api/auth/link", [422, 422, 422, 422, 422]),
    ("POST", "/api/auth/link/redeem", [422, 422, 422, 422, 422]),
    ("POST", "/api/auth/password", [401, 422, 422, 422, 422]),
    ("POST", "/api/auth/sms-code", [422, 422, 422, 422, 422]),
    ("POST", "/api/auth/sms-code/redeem", [422, 422, 422, 422, 422]),
    ("GET", "/api/me/requests", [401, 200, 403, 403, 403]),
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
    ("GET", "/api/manage/board", [401, 403, 403, 200, 200]),
    ("GET", "/api/manage/calls", [401, 403, 403, 200, 200]),
    ("POST", "/api/manage/calls/{id}", [401, 403, 403, 422, 422]),
    ("GET", "/api/manage/dayplan", [401, 403, 403, 422, 422]),
    ("GET", "/api/manage/kpis", [401, 403, 403, 200, 200]),
    ("GET", "/api/manage/kpis/weeks", [401, 403, 403, 200, 200]),
    ("GET", "/api/manage/queue", [401, 403, 403, 200, 200]),
    ("POST", "/api/manage/replan", [401, 403, 403, 422, 422]),
    ("POST", "/api/offers/{id}/accept", [401, 403, 404, 403, 403]),
    ("POST", "/api/offers/{id}/decline", [401, 403, 404, 403, 403]),
    ("GET", "/api/ratings/{token}", [404, 404, 404, 404, 404]),
    ("POST", "/api/ratings/{token}", [422, 422, 422, 422, 422]),
    ("POST", "/api/requests", [422, 422, 422, 422, 422]),
    ("GET", "/api/requests/{id}", [401, 404, 404, 404, 404]),
    ("POST", "/api/requests/{id}/assign", [401, 403, 403, 422, 422]),
    ("POST", "/api/requests/{id}/cancel", [401, 422, 422, 422, 422]),
    ("GET", "/api/requests/{id}/candidates", [401, 403, 403, 404, 404]),
    ("POST", "/api/requests/{id}/follow-up", [401, 403, 403, 422, 422]),
    ("GET", "/api/skills", [200, 200, 200, 200, 200]),
    ("GET", "/api/slots", [422, 422, 422, 422, 422]),
    ("GET", "/api/tech/fees", [401, 403, 200, 403, 403]),
    ("POST", "/api/tech/position", [401, 422, 422, 422, 422]),
    ("GET", "/api/tech/offers", [401, 403, 200, 403, 403]),
    ("GET", "/api/tech/visits", [401, 403, 200, 403, 403]),
    ("GET", "/api/track/{token}", [404, 404, 404, 404, 404]),
    ("POST", "/api/track/{token}/account", [404, 404, 404, 404, 404]),
    ("POST", "/api/track/find", [422, 422, 422, 422, 422]),
    ("PATCH", "/api/track/{token}/contact", [404, 404, 404, 404, 404]),
    ("POST", "/api/track/{token}/contact/confirm", [422, 422, 422, 422, 422]),
    ("GET", "/api/sms/dlr", [401, 401, 401, 401, 401]),
    ("GET", "/api/sms/inbound", [401, 401, 401, 401, 401]),
    ("GET", "/api/track/{token}/messages", [404, 404, 404, 404, 404]),
    ("POST", "/api/track/{token}/messages", [422, 422, 422, 422, 422]),
    ("GET", "/api/requests/{id}/messages", [401, 404, 404, 404, 404]),
    ("POST", "/api/requests/{id}/messages", [401, 422, 422, 422, 422]),
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
    ("POST", "/api/visits/{id}/outcome", [401, 422, 422, 422, 422]),
    ("POST", "/api/visits/{id}/photos", [401, 422, 422, 422, 422]),
    ("GET", "/api/photos/{id}", [401, 404, 404, 404, 404]),
    ("GET", "/api/photos/{id}/thumbnail", [401, 404, 404, 404, 404]),
    // Last: it ends the session of every role that calls it.
    ("POST", "/api/auth/logout", [401, 204, 204, 204, 204]),
];

const ROLES: [&str; 5] = ["anonymous", "customer", "technician", "manager", "admin"];

fn concrete(path: &str) -> String {
    path.replace("{id}", "987654321").replace("{token}", "no-such-token").replace("{code}", "no-such-skill")
}

async fn call(app: &TestApp, method: &str, path: &str, token: Option<&str>) -> u16 {
    let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
    let mut req = app.client.request(method.clone(), app.url(&concrete(path)));
    if method != reqwest::Method::GET {
        req = req.json(&json!({}));
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
    for (method, path, expected) in MATRIX {
        let mut got = [0u16; 5];
        for (i, token) in tokens.iter().enumerate() {
            got[i] = call(&app, method, path, token.as_deref()).await;
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
