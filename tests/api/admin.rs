use serde_json::{json, Value};

use crate::helpers::TestApp;
use crate::on_both_backends;

fn square() -> Value {
    json!([
        {"lat": 31.20, "lon": 121.40}, {"lat": 31.20, "lon": 121.50},
        {"lat": 31.30, "lon": 121.50}, {"lat": 31.30, "lon": 121.40},
        {"lat": 31.20, "lon": 121.40}
    ])
}

fn point_body(name: &str) -> Value {
    json!({"name": name, "time_zone": "Asia/Shanghai", "currency": "CNY", "coverage": square()})
}

fn fields(body: &Value) -> Vec<String> {
    body["errors"]
        .as_array()
        .map(|a| a.iter().map(|e| e["field"].as_str().unwrap_or("").to_string()).collect())
        .unwrap_or_default()
}

async fn service_point_crud_and_validation(app: TestApp) {
    app.load_demo().await;
    let admin = app.login("admin@demo.fieldfix.test", "fieldfix-demo").await;
    let (s, created) = app.post("/api/admin/service-points", Some(&admin), &point_body("Shanghai Xuhui")).await;
    assert_eq!(s, 201, "{created}");
    assert_eq!(created["promise_policy"]["respond_minutes"], 15, "defaults apply");
    let id = created["id"].as_i64().expect("id");
    assert!((created["center"]["lat"].as_f64().expect("lat") - 31.25).abs() < 1e-9);

    let (s, _) = app.post("/api/admin/service-points", Some(&admin), &point_body("Shanghai Xuhui")).await;
    assert_eq!(s, 409, "names are unique");

    let before = app.count("service_points").await;
    let mut bad = point_body("Bad");
    bad["coverage"] = json!([{"lat": 31.2, "lon": 121.4}, {"lat": 31.2, "lon": 121.5}, {"lat": 31.3, "lon": 121.5}, {"lat": 31.3, "lon": 121.4}]);
    bad["time_zone"] = json!("Mars/Olympus");
    bad["currency"] = json!("yuan");
    let (s, body) = app.post("/api/admin/service-points", Some(&admin), &bad).await;
    assert_eq!(s, 422, "{body}");
    let f = fields(&body);
    assert!(
        f.contains(&"coverage".to_string())
            && f.contains(&"time_zone".to_string())
            && f.contains(&"currency".to_string()),
        "{f:?}"
    );

    let mut bowtie = point_body("Bowtie");
    bowtie["coverage"] = json!([{"lat": 0, "lon": 0}, {"lat": 1, "lon": 1}, {"lat": 0, "lon": 1}, {"lat": 1, "lon": 0}, {"lat": 0, "lon": 0}]);
    let (s, body) = app.post("/api/admin/service-points", Some(&admin), &bowtie).await;
    assert_eq!(s, 422, "{body}");

    let mut far = point_body("Far");
    far["coverage"][1]["lat"] = json!(91.0);
    let (s, body) = app.post("/api/admin/service-points", Some(&admin), &far).await;
    assert_eq!((s, fields(&body)), (422, vec!["coverage[1].lat".to_string()]));

    let (s, body) = app.post("/api/admin/service-points", Some(&admin), &json!({"name": 5})).await;
    assert_eq!(s, 422, "wrong types are refused with the field: {body}");
    assert_eq!(fields(&body), vec!["name".to_string()]);

    let res = app
        .client
        .post(app.url("/api/admin/service-points"))
        .bearer_auth(&admin)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 400);
    let huge = json!({"name": "x".repeat(70_000)});
    let (s, _) = app.post("/api/admin/service-points", Some(&admin), &huge).await;
    assert_eq!(s, 413);
    assert_eq!(app.count("service_points").await, before, "nothing written by bad input");

    let mut update = point_body("Shanghai Xuhui North");
    update["rework_days"] = json!(14);
    let (s, updated) = app.put(&format!("/api/admin/service-points/{id}"), Some(&admin), &update).await;
    assert_eq!((s, updated["rework_days"].as_i64()), (200, Some(14)));
    let (_, reread) = app.get(&format!("/api/admin/service-points/{id}"), Some(&admin)).await;
    assert_eq!(reread, updated, "the update was stored, not only answered");
    let (s, _) = app.put("/api/admin/service-points/12345", Some(&admin), &update).await;
    assert_eq!(s, 404);
    assert_eq!(app.delete(&format!("/api/admin/service-points/{id}"), Some(&admin)).await, 204);
    let (_, got) = app.get(&format!("/api/admin/service-points/{id}"), Some(&admin)).await;
    assert_eq!(got["active"], false);
}
on_both_backends!(service_point_crud_and_validation);

async fn skill_and_technician_crud_and_validation(app: TestApp) {
    app.load_demo().await;
    let admin = app.login("admin@demo.fieldfix.test", "fieldfix-demo").await;
    let (s, skill) = app
        .post("/api/admin/skills", Some(&admin), &json!({"code": "roofing", "name": "Roofing", "name_zh": "屋顶"}))
        .await;
    assert_eq!(s, 201, "{skill}");
    let (s, _) =
        app.post("/api/admin/skills", Some(&admin), &json!({"code": "Roof ing!", "name": "x", "name_zh": "y"})).await;
    assert_eq!(s, 422);
    let (_, points) = app.get("/api/admin/service-points", Some(&admin)).await;
    let sp = points[0]["id"].as_i64().expect("id");

    let body = json!({
        "email": "new.tech@example.com", "name": "Qian Bo", "phone": "+86 138 0000 0001",
        "password": "a-long-password", "service_point_id": sp, "home": {"lat": 30.28, "lon": 120.12},
        "skills": [{"skill": "roofing", "level": 3}, {"skill": "plumbing", "level": 2}],
        "shifts": [{"weekday": 0, "start": "08:00", "end": "12:00"}, {"weekday": 0, "start": "13:00", "end": "17:30"}]
    });
    let (s, tech) = app.post("/api/admin/technicians", Some(&admin), &body).await;
    assert_eq!(s, 201, "{tech}");
    let id = tech["id"].as_i64().expect("id");
    assert_eq!(tech["skills"].as_array().map(Vec::len), Some(2));
    app.login("new.tech@example.com", "a-long-password").await;

    let before = (app.count("users").await, app.count("technicians").await);
    let mut bad = body.clone();
    bad["email"] = json!("other@example.com");
    bad["skills"] = json!([{"skill": "juggling", "level": 3}, {"skill": "plumbing", "level": 9}]);
    bad["shifts"] = json!([{"weekday": 0, "start": "12:00", "end": "08:00"}]);
    bad["home"] = json!({"lat": 30.0, "lon": 181.0});
    let (s, err) = app.post("/api/admin/technicians", Some(&admin), &bad).await;
    assert_eq!(s, 422, "{err}");
    let f = fields(&err);
    for expected in ["skills[0].skill", "skills[1].level", "shifts[0].end", "home.lon"] {
        assert!(f.contains(&expected.to_string()), "{expected} in {f:?}");
    }
    let (s, _) = app.post("/api/admin/technicians", Some(&admin), &body).await;
    assert_eq!(s, 409, "the email is taken");
    let mut short = body.clone();
    short["email"] = json!("third@example.com");
    short["password"] = json!("short");
    let (s, err) = app.post("/api/admin/technicians", Some(&admin), &short).await;
    assert_eq!((s, fields(&err)), (422, vec!["password".to_string()]));
    assert_eq!((app.count("users").await, app.count("technicians").await), before, "nothing written");

    let update = json!({
        "name": "Qian Bo", "phone": null, "service_point_id": sp, "home": {"lat": 30.29, "lon": 120.13},
        "skills": [{"skill": "roofing", "level": 4}], "shifts": [{"weekday": 2, "start": "09:00", "end": "18:00"}],
        "active": true
    });
    let (s, updated) = app.put(&format!("/api/admin/technicians/{id}"), Some(&admin), &update).await;
    assert_eq!(s, 200, "{updated}");
    assert_eq!(updated["skills"], json!([{"skill": "roofing", "level": 4}]));
    assert_eq!(updated["shifts"], json!([{"weekday": 2, "start": "09:00", "end": "18:00"}]));
    let (_, reread) = app.get(&format!("/api/admin/technicians/{id}"), Some(&admin)).await;
    assert_eq!(reread, updated, "the update was stored, not only answered");

    assert_eq!(app.delete("/api/admin/skills/roofing", Some(&admin)).await, 204);
    let (s, _) = app.put(&format!("/api/admin/technicians/{id}"), Some(&admin), &update).await;
    assert_eq!(s, 422, "a retired skill cannot be given");

    assert_eq!(app.delete(&format!("/api/admin/technicians/{id}"), Some(&admin)).await, 204);
    let (s, _) = app
        .post("/api/auth/login", None, &json!({"email": "new.tech@example.com", "password": "a-long-password"}))
        .await;
    assert_eq!(s, 401, "a deactivated technician cannot sign in");
    let (s, list) = app.get(&format!("/api/admin/technicians?service_point={sp}"), Some(&admin)).await;
    assert_eq!(s, 200);
    assert!(list.as_array().expect("list").iter().all(|t| t["service_point_id"] == sp));
    let (s, refused) = app.get("/api/admin/technicians?service_point=abc", Some(&admin)).await;
    assert_eq!(s, 422);
    assert_eq!(refused["errors"][0]["field"], "service_point", "{refused}");
}
on_both_backends!(skill_and_technician_crud_and_validation);
