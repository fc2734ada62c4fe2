use chrono::Duration;
use serde_json::json;

use crate::helpers::TestApp;
use crate::on_both_backends;

const PW: &str = "fieldfix-demo";

async fn login_gives_token_and_cookie(app: TestApp) {
    app.load_demo().await;
    let res = app
        .client
        .post(app.url("/api/auth/login"))
        .json(&json!({"email": "Manager1@demo.fieldfix.test", "password": PW}))
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), 200);
    let cookie = res.headers().get("set-cookie").expect("cookie").to_str().expect("ascii").to_string();
    assert!(cookie.starts_with("fieldfix_session="), "{cookie}");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    let body: serde_json::Value = res.json().await.expect("json");
    assert_eq!(body["user"]["role"], "manager");
    let token = body["token"].as_str().expect("token");
    assert!(token.len() >= 43);
    let (status, me) = app.get("/api/auth/me", Some(token)).await;
    assert_eq!(status, 200);
    assert_eq!(me["role"], "manager");
    let cookie_value = cookie.split(';').next().expect("pair").to_string();
    let res = app.client.get(app.url("/api/auth/me")).header("cookie", cookie_value).send().await.expect("req");
    assert_eq!(res.status(), 200, "the cookie alone signs in");
}
on_both_backends!(login_gives_token_and_cookie);

async fn wrong_password_and_unknown_email_look_alike(app: TestApp) {
    app.load_demo().await;
    let (s1, b1) = app
        .post("/api/auth/login", None, &json!({"email": "manager1@demo.fieldfix.test", "password": "nope-nope-nope"}))
        .await;
    let (s2, b2) = app
        .post("/api/auth/login", None, &json!({"email": "nobody@demo.fieldfix.test", "password": "nope-nope-nope"}))
        .await;
    assert_eq!((s1, s2), (401, 401));
    assert_eq!(b1["detail"], b2["detail"]);
    assert_eq!(b1["detail"], "wrong email or password");
}
on_both_backends!(wrong_password_and_unknown_email_look_alike);

async fn repeated_failures_are_throttled(app: TestApp) {
    app.load_demo().await;
    let wrong = json!({"email": "tech01@demo.fieldfix.test", "password": "wrong-password"});
    for _ in 0..10 {
        let (s, _) = app.post("/api/auth/login", None, &wrong).await;
        assert_eq!(s, 401);
    }
    let (s, body) =
        app.post("/api/auth/login", None, &json!({"email": "tech01@demo.fieldfix.test", "password": PW})).await;
    assert_eq!(s, 429, "even the right password waits: {body}");
    app.clock.advance(Duration::minutes(16));
    let (s, _) =
        app.post("/api/auth/login", None, &json!({"email": "tech01@demo.fieldfix.test", "password": PW})).await;
    assert_eq!(s, 200);
}
on_both_backends!(repeated_failures_are_throttled);

async fn forged_expired_and_logged_out_sessions_are_refused(app: TestApp) {
    app.load_demo().await;
    let (s, body) = app.get("/api/auth/me", Some("forged-token-forged-token-forged-token-xx")).await;
    assert_eq!(s, 401);
    assert_eq!(body["status"], 401);
    let (s, _) = app.get("/api/auth/me", None).await;
    assert_eq!(s, 401);

    let token = app.login("admin@demo.fieldfix.test", PW).await;
    app.clock.advance(Duration::days(15));
    let (s, _) = app.get("/api/auth/me", Some(&token)).await;
    assert_eq!(s, 401, "a session expires after 14 days");

    let token = app.login("admin@demo.fieldfix.test", PW).await;
    let (s, _) = app.post("/api/auth/logout", Some(&token), &json!({})).await;
    assert_eq!(s, 204);
    let (s, _) = app.get("/api/auth/me", Some(&token)).await;
    assert_eq!(s, 401, "logout ends the session");
}
on_both_backends!(forged_expired_and_logged_out_sessions_are_refused);

async fn roles_are_refused_where_they_do_not_belong(app: TestApp) {
    app.load_demo().await;
    let manager = app.login("manager1@demo.fieldfix.test", PW).await;
    let tech = app.login("tech01@demo.fieldfix.test", PW).await;
    for token in [&manager, &tech] {
        for path in ["/api/admin/technicians", "/api/admin/service-points"] {
            let (s, body) = app.get(path, Some(token)).await;
            assert_eq!(s, 403, "{path}: {body}");
        }
        let (s, _) = app
            .post("/api/admin/skills", Some(token), &json!({"code": "roofing", "name": "Roofing", "name_zh": "屋顶"}))
            .await;
        assert_eq!(s, 403);
    }
    let (s, _) = app.get("/api/admin/technicians", None).await;
    assert_eq!(s, 401);
}
on_both_backends!(roles_are_refused_where_they_do_not_belong);
