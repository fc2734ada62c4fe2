//! The manager's figures of a hand-made week equal the figures computed by hand; the CSV
//! says the same as the JSON.

use chrono::Duration;
use serde_json::json;

use crate::helpers::TestApp;
use crate::lifecycle::faucet_booking;
use crate::on_both_backends;

const PW: &str = "fieldfix-demo";

/// Books, then after `minutes` = [respond, wait, travel, on site] assigns, goes, arrives,
/// completes; then rates.
async fn run_request(app: &TestApp, manager: &str, tech: &str, tech_id: i64, n: u32, minutes: [i64; 4], stars: i64) {
    let [respond, wait, travel, on_site] = minutes;
    let (_, booked) = app.post("/api/requests", None, &faucet_booking(&format!("week{n}@example.com"))).await;
    let id = booked["id"].as_i64().expect("id");
    app.clock.advance(Duration::minutes(respond));
    let (s, assigned) =
        app.post(&format!("/api/requests/{id}/assign"), Some(manager), &json!({"technician_id": tech_id})).await;
    assert_eq!(s, 200, "{assigned}");
    let visit = assigned["visit_id"].as_i64().expect("visit");
    app.clock.advance(Duration::minutes(wait));
    app.post(&format!("/api/visits/{visit}/en-route"), Some(tech), &json!({})).await;
    app.clock.advance(Duration::minutes(travel));
    app.post(&format!("/api/visits/{visit}/arrive"), Some(tech), &json!({"position": {"lat": 30.275, "lon": 120.13}}))
        .await;
    let outcome = json!({"diagnosis": "d", "root_cause": "r", "work_done": "w", "lines": [], "resolution": "resolved"});
    app.post(&format!("/api/visits/{visit}/outcome"), Some(tech), &outcome).await;
    app.clock.advance(Duration::minutes(on_site));
    let (s, _) = app.post(&format!("/api/visits/{visit}/complete"), Some(tech), &json!({})).await;
    assert_eq!(s, 200);
    let (_, tracked) = app
        .get(
            &format!("/api/track/{}", booked["tracking_url"].as_str().expect("url").rsplit('/').next().expect("t")),
            None,
        )
        .await;
    let token = tracked["rating_url"].as_str().expect("rating url").rsplit('/').next().expect("token").to_string();
    let (s, _) = app
        .post(
            &format!("/api/ratings/{token}"),
            None,
            &json!({"stars": stars, "punctuality": 4, "professionalism": 4, "resolution": 4}),
        )
        .await;
    assert_eq!(s, 201);
}

async fn kpis_of_a_hand_made_week(app: TestApp) {
    app.load_demo().await;
    let manager = app.login("manager1@demo.fieldfix.test", PW).await;
    let admin = app.login("admin@demo.fieldfix.test", PW).await;
    let start = app.clock.as_ref();
    let t0 = crate::helpers::start_time();
    let (_, probe) = app.post("/api/requests", None, &faucet_booking("probe@example.com")).await;
    let probe_id = probe["id"].as_i64().expect("id");
    let tech_id = app.first_candidate(probe_id, &manager).await;
    let (s, _) =
        app.post(&format!("/api/requests/{probe_id}/cancel"), Some(&manager), &json!({"reason": "probe"})).await;
    assert_eq!(s, 204);
    let tech = app.login(&app.tech_email(&admin, tech_id).await, PW).await;
    run_request(&app, &manager, &tech, tech_id, 1, [5, 5, 20, 30], 5).await;
    start.set(t0 + Duration::days(1));
    run_request(&app, &manager, &tech, tech_id, 2, [20, 5, 30, 65], 3).await;
    start.set(t0 + Duration::days(2));

    let (_, points) = app.get("/api/admin/service-points", Some(&admin)).await;
    let sp = points.as_array().expect("points").iter().find(|p| p["name"] == "Hangzhou West Lake").expect("sp")["id"]
        .as_i64()
        .expect("id");
    let (s, k) =
        app.get(&format!("/api/manage/kpis?from=2026-11-23&to=2026-12-01&service_point={sp}"), Some(&manager)).await;
    assert_eq!(s, 200, "{k}");
    let f = &k["service_points"][sp.to_string()];
    assert_eq!(
        (f["requests"].as_u64(), f["completed"].as_u64(), f["cancelled"].as_u64()),
        (Some(3), Some(2), Some(1)),
        "{f}"
    );
    assert_eq!(
        f["response"],
        json!({"count": 2, "median_minutes": 12.5, "p90_minutes": 18.5, "within_promise_pct": 50.0, "target_pct": 80})
    );
    assert_eq!(
        f["arrival"],
        json!({"count": 2, "median_minutes": 42.5, "p90_minutes": 52.5, "within_promise_pct": 100.0, "target_pct": 80})
    );
    assert_eq!(
        f["resolution"],
        json!({"count": 2, "median_minutes": 90.0, "p90_minutes": 114.0, "within_promise_pct": 100.0, "target_pct": 70})
    );
    assert_eq!(f["first_time_fix_pct"], 100.0);
    assert_eq!(f["follow_up_pct"], 0.0);
    assert_eq!(
        (f["ratings"].as_u64(), f["mean_rating"].as_f64(), f["rating_4_5_pct"].as_f64()),
        (Some(2), Some(4.0), Some(50.0))
    );
    assert_eq!(f["travel_minutes_per_visit"], 25.0);
    assert_eq!(f["on_site_minutes"], 95.0);
    let per_tech = &k["technicians"][tech_id.to_string()][1];
    assert_eq!(per_tech["requests"], 2);
    assert_eq!(per_tech["mean_rating"], 4.0);
    let utilisation = per_tech["utilisation_pct"].as_f64().expect("utilisation");
    assert!(utilisation > 0.0 && utilisation < 100.0, "{utilisation}");

    let res = app
        .client
        .get(app.url(&format!("/api/manage/kpis?from=2026-11-23&to=2026-12-01&service_point={sp}&format=csv")))
        .bearer_auth(&manager)
        .send()
        .await
        .expect("csv");
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"].to_str().unwrap_or("").starts_with("text/csv"));
    let csv = res.text().await.expect("text");
    let header: Vec<&str> = csv.lines().next().expect("header").split(',').collect();
    let row: Vec<String> = csv
        .lines()
        .find(|l| l.starts_with(&format!("service_point,{sp},")))
        .expect("row")
        .split(',')
        .map(str::to_string)
        .collect();
    let col = |name: &str| row[header.iter().position(|h| *h == name).expect("column")].clone();
    assert_eq!(col("requests"), f["requests"].to_string());
    assert_eq!(col("response_median_min"), "12.5");
    assert_eq!(col("mean_rating"), "4");
    assert_eq!(col("on_site_minutes"), "95");
    let manager2 = app.login("manager2@demo.fieldfix.test", PW).await;
    let (s, _) = app.get(&format!("/api/manage/kpis?service_point={sp}"), Some(&manager2)).await;
    assert_eq!(s, 403);
    let (s, _) = app.get("/api/manage/kpis?from=yesterday", Some(&manager)).await;
    assert_eq!(s, 422);
}
on_both_backends!(kpis_of_a_hand_made_week);

/// Week figures: two requests in different weeks land in their own week, oldest first, with
/// the promise they are held to; another point's manager and bad ranges are refused.
async fn weekly_figures_chart_each_week(app: TestApp) {
    app.load_demo().await;
    let manager = app.login("manager1@demo.fieldfix.test", PW).await;
    let admin = app.login("admin@demo.fieldfix.test", PW).await;
    let (_, probe) = app.post("/api/requests", None, &faucet_booking("probe@example.com")).await;
    let probe_id = probe["id"].as_i64().expect("id");
    let tech_id = app.first_candidate(probe_id, &manager).await;
    let tech = app.login(&app.tech_email(&admin, tech_id).await, PW).await;
    let (s, _) =
        app.post(&format!("/api/requests/{probe_id}/cancel"), Some(&manager), &json!({"reason": "a probe"})).await;
    assert_eq!(s, 204);
    run_request(&app, &manager, &tech, tech_id, 1, [6, 5, 20, 40], 3).await;
    app.clock.advance(Duration::days(7));
    run_request(&app, &manager, &tech, tech_id, 2, [10, 5, 20, 40], 5).await;
    app.clock.advance(Duration::hours(1));

    let (s, weekly) = app.get("/api/manage/kpis/weeks?weeks=3", Some(&manager)).await;
    assert_eq!(s, 200, "{weekly}");
    let weeks = weekly["weeks"].as_array().expect("weeks");
    assert_eq!(weeks.len(), 3);
    assert!(weeks.windows(2).all(|w| w[0]["start"].as_str() < w[1]["start"].as_str()), "oldest first");
    assert_eq!(weekly["time_zone"], "Asia/Shanghai");
    assert!(weekly["respond_minutes"].as_i64().is_some_and(|m| m > 0));
    let figures = |i: usize| &weeks[i]["figures"];
    assert_eq!(figures(0)["requests"], 0, "nothing two weeks ago");
    assert_eq!(figures(1)["requests"], 2, "the cancelled probe and the first request");
    assert_eq!(figures(1)["mean_rating"], 3.0);
    assert_eq!(figures(1)["response"]["median_minutes"], 6.0);
    assert_eq!(figures(2)["requests"], 1);
    assert_eq!(figures(2)["mean_rating"], 5.0);
    assert_eq!(figures(2)["response"]["median_minutes"], 10.0);
    let monday = weeks[2]["start"].as_str().expect("start");
    assert!(monday.ends_with("T16:00:00Z"), "weeks start at local midnight of a Monday: {monday}");

    for bad in ["weeks=0", "weeks=27", "weeks=x"] {
        let (s, _) = app.get(&format!("/api/manage/kpis/weeks?{bad}"), Some(&manager)).await;
        assert!(s == 400 || s == 422, "{bad}: {s}");
    }
    let (_, points) = app.get("/api/admin/service-points", Some(&admin)).await;
    let other = points
        .as_array()
        .expect("points")
        .iter()
        .find(|p| p["name"] == "Hangzhou Binjiang")
        .and_then(|p| p["id"].as_i64())
        .expect("Binjiang");
    let (s, _) = app.get(&format!("/api/manage/kpis/weeks?service_point={other}"), Some(&manager)).await;
    assert_eq!(s, 403, "another point's figures");
    let (s, _) = app.get("/api/manage/kpis/weeks", Some(&tech)).await;
    assert_eq!(s, 403, "technicians see no figures");
}
on_both_backends!(weekly_figures_chart_each_week);

/// The board: technicians with today's shifts and their visits in order, open requests,
/// the area; only the manager's own points; times in the point's zone.
async fn board_shows_the_day(app: TestApp) {
    app.load_demo().await;
    let manager = app.login("manager1@demo.fieldfix.test", PW).await;
    let (_, open) = app.post("/api/requests", None, &faucet_booking("open@example.com")).await;
    let (_, assigned) = app.post("/api/requests", None, &faucet_booking("assigned@example.com")).await;
    let assigned_id = assigned["id"].as_i64().expect("id");
    let tech_id = app.first_candidate(assigned_id, &manager).await;
    let (s, answer) = app
        .post(&format!("/api/requests/{assigned_id}/assign"), Some(&manager), &json!({"technician_id": tech_id}))
        .await;
    assert_eq!(s, 200, "{answer}");
    let visit = answer["visit_id"].as_i64().expect("visit");

    let (s, board) = app.get("/api/manage/board", Some(&manager)).await;
    assert_eq!(s, 200, "{board}");
    assert_eq!(board["service_point"]["name"], "Hangzhou West Lake");
    assert_eq!(board["service_point"]["time_zone"], "Asia/Shanghai");
    assert!(board["service_point"]["coverage"].as_array().is_some_and(|c| c.len() >= 3));
    assert_eq!(board["date"], "2026-11-24", "today in Hangzhou");
    assert_eq!(board["day_start"], "2026-11-23T16:00:00Z");
    let names: Vec<&str> =
        board["service_points"].as_array().expect("choices").iter().filter_map(|p| p["name"].as_str()).collect();
    assert_eq!(names, ["Hangzhou West Lake"], "only the manager's own points");
    let line = board["technicians"]
        .as_array()
        .expect("technicians")
        .iter()
        .find(|t| t["id"] == tech_id)
        .expect("the assigned technician's line");
    assert_eq!(line["visits"][0]["id"], visit);
    assert_eq!(line["visits"][0]["status"], "planned");
    assert!(!line["shifts"].as_array().expect("shifts").is_empty(), "on shift on a Tuesday");
    let open_ids: Vec<i64> =
        board["open_requests"].as_array().expect("open").iter().filter_map(|r| r["id"].as_i64()).collect();
    assert!(open_ids.contains(&open["id"].as_i64().expect("id")), "the open request");
    assert!(!open_ids.contains(&assigned_id), "the assigned one is not open");

    let (s, next) = app.get("/api/manage/board?date=2026-11-25", Some(&manager)).await;
    assert_eq!(s, 200);
    assert!(
        next["technicians"]
            .as_array()
            .expect("technicians")
            .iter()
            .all(|t| t["visits"].as_array().is_some_and(|v| v.is_empty())),
        "nothing planned tomorrow"
    );
    let (_, tracked) = app
        .get(
            &format!("/api/track/{}", open["tracking_url"].as_str().expect("url").rsplit('/').next().expect("t")),
            None,
        )
        .await;
    assert_eq!(tracked["time_zone"], "Asia/Shanghai");
    assert_eq!(tracked["currency"], "CNY");

    let manager2 = app.login("manager2@demo.fieldfix.test", PW).await;
    let sp = board["service_point"]["id"].as_i64().expect("id");
    let (s, _) = app.get(&format!("/api/manage/board?service_point={sp}"), Some(&manager2)).await;
    assert_eq!(s, 403, "another point's board");
    let (s, refused) = app.get("/api/manage/board?date=2026-13-01", Some(&manager)).await;
    assert_eq!(s, 422, "a date that does not exist");
    assert_eq!(refused["errors"][0]["field"], "date", "{refused}");
    let (s, _) = app.get("/api/manage/board", None).await;
    assert_eq!(s, 401);
}
on_both_backends!(board_shows_the_day);
