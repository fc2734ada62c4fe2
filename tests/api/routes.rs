//! The routes actix registers against the OpenAPI document, both ways: every documented
//! operation reaches a handler, and every route `fieldfix::http::configure` registers (walked
//! from actix's own `ResourceMap`, with each method tried on it) is documented, except the
//! routes listed in [`UNDOCUMENTED`] with the reason they are left out.
//!
//! The routes are mounted in a test app of their own whose default service answers 418: a
//! request the router does not take reaches that default (or a resource's own 405) and
//! nothing else, so "routed" is exact and does not depend on how a handler answers.

use std::collections::BTreeSet;

use actix_web::{test, web, App, HttpRequest, HttpResponse};
use serde_json::Value;

use crate::helpers::TestApp;
use crate::on_both_backends;

/// Registered routes outside the document, each with why.
const UNDOCUMENTED: &[(&str, &str, &str)] = &[
    ("GET", "/healthz", "liveness probe for load balancers, not part of the API"),
    ("GET", "/readyz", "readiness probe for load balancers, not part of the API"),
    ("GET", "/metrics", "Prometheus exposition, for the scraper"),
    ("GET", "/api/openapi.json", "the document itself"),
    ("GET", "/api/track/find", "not a route: `GET /api/track/{token}` with the token `find`"),
    ("GET", "/", "page"),
    ("GET", "/book", "page"),
    ("GET", "/track/{}", "page"),
    ("GET", "/rate/{}", "page"),
    ("GET", "/t/{}", "short link to a page"),
    ("GET", "/tech", "page"),
    ("GET", "/manage", "page"),
    ("GET", "/me", "page"),
    ("GET", "/admin", "page"),
    ("GET", "/static/tech-sw.js", "the pages' service worker"),
    ("GET", "/static/{}", "the pages' scripts and styles"),
];

const METHODS: [&str; 5] = ["GET", "POST", "PUT", "DELETE", "PATCH"];

/// A pattern with every parameter written `{}`, so `{id}` and `{name:.*}` compare alike.
fn normalized(pattern: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for ch in pattern.chars() {
        match ch {
            '{' => {
                if depth == 0 {
                    out.push_str("{}");
                }
                depth += 1;
            }
            '}' => depth -= 1,
            _ if depth == 0 => out.push(ch),
            _ => {}
        }
    }
    out
}

/// A concrete address for a pattern: each parameter gets a value that no row has (`en` for a
/// language, the one value the router checks).
fn concrete(pattern: &str) -> String {
    normalized(pattern).replace("/messages/{}", "/messages/en").replace("{}", "987654321")
}

/// The full pattern of every leaf of actix's resource map (the pretty `Debug` of
/// `ResourceMap`, the one view actix gives of it): a node's pattern is its scope's prefix
/// followed by its own.
fn leaves(tree: &str) -> Vec<String> {
    // (indent, full pattern, has children)
    let mut stack: Vec<(usize, String, bool)> = Vec::new();
    let mut nodes: Vec<(String, bool)> = Vec::new();
    let mut awaiting_pattern = false;
    let mut in_patterns = false;
    let flush = |stack: &mut Vec<(usize, String, bool)>, nodes: &mut Vec<(String, bool)>, indent: usize| {
        while stack.last().is_some_and(|(i, _, _)| *i >= indent) {
            let (_, pattern, children) = stack.pop().expect("checked");
            nodes.push((pattern, children));
        }
    };
    for line in tree.lines() {
        let indent = line.len() - line.trim_start().len();
        let text = line.trim();
        assert!(!text.contains(": ResourceMap {"), "a named resource: teach this walker the `named` map\n{tree}");
        if text == "ResourceMap {" {
            flush(&mut stack, &mut nodes, indent);
            if let Some(parent) = stack.last_mut() {
                parent.2 = true;
            }
            stack.push((indent, String::new(), false));
            awaiting_pattern = true;
        } else if awaiting_pattern && text.starts_with("patterns: ") {
            assert_eq!(text, "patterns: Single(", "one pattern per route\n{tree}");
            in_patterns = true;
        } else if in_patterns {
            let own = text.trim_end_matches(',').trim_matches('"');
            let parent = stack.len().checked_sub(2).map(|i| stack[i].1.clone()).unwrap_or_default();
            stack.last_mut().expect("a node").1 = format!("{parent}{own}");
            in_patterns = false;
            awaiting_pattern = false;
        }
    }
    flush(&mut stack, &mut nodes, 0);
    nodes.into_iter().filter(|(_, children)| !children).map(|(p, _)| p).collect()
}

async fn rmap_tree(req: HttpRequest) -> HttpResponse {
    HttpResponse::Ok().body(format!("{:#?}", req.resource_map()))
}

async fn every_registered_route_is_documented_and_every_documented_one_is_routed(app: TestApp) {
    app.load_demo().await;
    let admin = app.login("admin@demo.fieldfix.test", "fieldfix-demo").await;
    let (s, doc) = app.get("/api/openapi.json", None).await;
    assert_eq!(s, 200);
    let mut documented = BTreeSet::new();
    for (path, operations) in doc["paths"].as_object().expect("paths") {
        for method in operations.as_object().expect("operations").keys() {
            documented.insert((method.to_uppercase(), normalized(path)));
        }
    }
    assert!(documented.len() > 60, "{} operations documented", documented.len());

    let routes = test::init_service(
        App::new()
            .app_data(app.state.clone())
            .route("/__resource_map", web::get().to(rmap_tree))
            .configure(fieldfix::http::configure)
            .default_service(web::to(|| async { HttpResponse::ImATeapot().finish() })),
    )
    .await;
    let tree = test::call_and_read_body(&routes, test::TestRequest::get().uri("/__resource_map").to_request()).await;
    let tree = String::from_utf8(tree.to_vec()).expect("utf-8");
    let patterns: BTreeSet<String> =
        leaves(&tree).into_iter().filter(|p| p != "/__resource_map").map(|p| normalized(&p)).collect();
    assert!(patterns.contains("/api/requests/{}/assign") && patterns.contains("/healthz"), "{patterns:?}");

    // A request is routed when neither the default service (418) nor a resource's own 405
    // answers it. Signing out would end the admin's session, so it gets a token of its own.
    let throwaway = app.login("admin@demo.fieldfix.test", "fieldfix-demo").await;
    let routed = |method: &'static str, pattern: String| {
        let token = if pattern == "/api/auth/logout" { throwaway.clone() } else { admin.clone() };
        let routes = &routes;
        async move {
            let req = test::TestRequest::default()
                .method(method.parse().expect("method"))
                .uri(&concrete(&pattern))
                .insert_header(("authorization", format!("Bearer {token}")))
                .set_json(Value::Object(Default::default()))
                .to_request();
            let status = test::call_service(routes, req).await.status().as_u16();
            (status != 418 && status != 405, status)
        }
    };
    let mut registered = BTreeSet::new();
    for pattern in &patterns {
        for method in METHODS {
            if routed(method, pattern.clone()).await.0 {
                registered.insert((method.to_string(), pattern.clone()));
            }
        }
    }

    let exempt: BTreeSet<(String, String)> =
        UNDOCUMENTED.iter().map(|(m, p, _)| (m.to_string(), p.to_string())).collect();
    let undocumented: Vec<String> =
        registered.difference(&documented).filter(|r| !exempt.contains(*r)).map(|(m, p)| format!("{m} {p}")).collect();
    assert!(undocumented.is_empty(), "registered by actix but missing from the OpenAPI document: {undocumented:?}");
    let stale: Vec<String> = exempt.difference(&registered).map(|(m, p)| format!("{m} {p}")).collect();
    assert!(stale.is_empty(), "listed as undocumented but not registered: {stale:?}");
    let mut unrouted = Vec::new();
    for (method, path) in &documented {
        let method: &'static str =
            METHODS.iter().copied().find(|m| *m == method.as_str()).expect("a method this test tries");
        let (ok, status) = routed(method, path.clone()).await;
        if !ok || !registered.contains(&(method.to_string(), path.clone())) {
            unrouted.push(format!("{method} {path} ({status})"));
        }
    }
    assert!(unrouted.is_empty(), "documented but no handler takes them: {unrouted:?}");
}
on_both_backends!(every_registered_route_is_documented_and_every_documented_one_is_routed);
