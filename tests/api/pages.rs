//! The pages as files: each is served with its type, and none weighs over 300 KB before map
//! tiles.

use crate::helpers::TestApp;

/// Sums what a page loads before any map tile: the HTML, its styles and scripts, and every
/// module those scripts import.
async fn page_weight(app: &TestApp, path: &str) -> usize {
    let html = app.client.get(app.url(path)).send().await.expect("page").text().await.expect("html");
    let mut total = html.len();
    let mut todo: Vec<String> = html
        .split(['"', '\''])
        .filter(|s| s.starts_with("/static/") && !s.ends_with(".svg"))
        .map(str::to_string)
        .collect();
    let mut seen = std::collections::HashSet::new();
    while let Some(asset) = todo.pop() {
        if !seen.insert(asset.clone()) {
            continue;
        }
        let body = app.client.get(app.url(&asset)).send().await.expect("asset").text().await.expect("text");
        total += body.len();
        if asset.ends_with(".js") && !asset.contains("/vendor/") {
            for import in body.split("from '").skip(1).filter_map(|s| s.split('\'').next()) {
                todo.push(format!("/static/{}", import.trim_start_matches("./")));
            }
        }
    }
    total
}

async fn pages_stay_light(app: TestApp) {
    for path in ["/book", "/track/abc", "/tech", "/manage", "/me"] {
        let bytes = page_weight(&app, path).await;
        assert!(bytes > 10_000, "{path} loads its scripts: {bytes} bytes");
        assert!(bytes <= 300 * 1024, "{path} weighs {bytes} bytes before tiles (limit 300 KB)");
    }
    let with_map = page_weight(&app, "/manage").await;
    assert!(with_map > 150_000, "the map library is part of /manage: {with_map}");
    let (s, config) = app.get("/api/config", None).await;
    assert_eq!(s, 200);
    assert_eq!(config["map_tiles"], crate::helpers::TEST_TILES);
}
crate::on_both_backends!(pages_stay_light);

async fn pages_are_served_with_their_types(app: TestApp) {
    for (path, kind) in [
        ("/book", "text/html"),
        ("/track/abc", "text/html"),
        ("/rate/abc", "text/html"),
        ("/tech", "text/html"),
        ("/manage", "text/html"),
        ("/me", "text/html"),
        ("/static/me.js", "text/javascript"),
        ("/static/app.css", "text/css"),
        ("/static/common.js", "text/javascript"),
        ("/static/favicon.svg", "image/svg+xml"),
    ] {
        let res = app.client.get(app.url(path)).send().await.expect("request");
        assert_eq!(res.status(), 200, "{path}");
        let content_type = res.headers()["content-type"].to_str().expect("ascii").to_string();
        assert!(content_type.starts_with(kind), "{path}: {content_type}");
    }
    let res = app.client.get(app.url("/static/missing.js")).send().await.expect("request");
    assert_eq!(res.status(), 404);
    let res = app.client.get(app.url("/book")).send().await.expect("request");
    let csp = res.headers().get("content-security-policy").and_then(|v| v.to_str().ok()).unwrap_or_default();
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "a CSP without inline script: {csp}");
}
crate::on_both_backends!(pages_are_served_with_their_types);
