//! Prices before booking, fixed-price services chosen at booking, and warranty that covers
//! the fault's lines but never a chosen service.

use serde_json::json;

use crate::helpers::TestApp;
use crate::on_both_backends;
use crate::story::faucet_booking;

async fn prices_are_public_before_booking(app: TestApp) {
    app.load_demo().await;
    let (s, list) = app.get("/api/prices?lat=30.275&lon=120.13&skill=plumbing", None).await;
    assert_eq!(s, 200, "{list}");
    assert_eq!(list["currency"], "CNY");
    assert_eq!(list["call_out"], json!({"amount_minor": 5000, "currency": "CNY"}));
    assert_eq!(list["labour"], json!({"unit_minutes": 30, "amount_minor": 4000}));
    let services = list["services"].as_array().expect("services");
    assert_eq!(services.len(), 1, "only the plumbing services: {list}");
    assert_eq!(services[0]["code"], "fit-faucet");
    assert_eq!(services[0]["name_zh"], "安装新水龙头");
    assert_eq!(list["warranty"]["covers"], json!(["call_out", "labour", "part"]));
    assert_eq!(list["warranty"]["months_by_category"]["faucet"], 24);
    let (_, all) = app.get("/api/prices?lat=30.275&lon=120.13", None).await;
    assert_eq!(all["services"].as_array().map(Vec::len), Some(4), "{all}");
    let (s, outside) = app.get("/api/prices?lat=31.23&lon=121.47", None).await;
    assert_eq!(s, 422, "{outside}");
    assert_eq!(outside["errors"][0]["field"], "location");
    let (s, unknown) = app.get("/api/prices?lat=30.275&lon=120.13&skill=juggling", None).await;
    assert_eq!(s, 422, "{unknown}");
    assert_eq!(unknown["errors"][0]["field"], "skill");
}
on_both_backends!(prices_are_public_before_booking);

async fn a_booking_takes_only_services_of_its_point_and_problem(app: TestApp) {
    app.load_demo().await;
    for (services, field) in [
        (json!(["clean-ac"]), "services[0]"),
        (json!(["nope"]), "services[0]"),
        (json!(["fit-faucet", "fit-faucet"]), "services[1]"),
    ] {
        let mut body = faucet_booking("services@example.com");
        body["services"] = services;
        let (s, refused) = app.post("/api/requests", None, &body).await;
        assert_eq!(s, 422, "{refused}");
        assert_eq!(refused["errors"][0]["field"], field, "{refused}");
    }
    assert_eq!(app.count("repair_requests").await, 0);
}
on_both_backends!(a_booking_takes_only_services_of_its_point_and_problem);

async fn warranty_covers_the_fault_and_the_chosen_service_is_paid(app: TestApp) {
    app.load_demo().await;
    let mut body = faucet_booking("wang.fang@example.com");
    body["services"] = json!(["fit-faucet"]);
    let a = app.book_and_assign(&body).await;
    let (_, tracked) = app.get(&format!("/api/track/{}", a.token), None).await;
    assert_eq!(tracked["warranty"]["covered"], true, "{tracked}");
    assert_eq!(tracked["booked_services"][0]["code"], "fit-faucet", "{tracked}");
    assert_eq!(tracked["booked_services"][0]["price"]["amount_minor"], 8000);
    let (_, day) = app.get("/api/tech/visits", Some(&a.tech)).await;
    let visit = day.as_array().and_then(|v| v.iter().find(|v| v["id"] == a.visit)).expect("the visit");
    assert_eq!(visit["booked_services"][0]["code"], "fit-faucet", "the quote starts from it: {visit}");
    assert_eq!(visit["warranty_covered"], true);
    app.on_site(&a).await;
    let outcome = json!({"diagnosis": "Cartridge cracked", "root_cause": "defect", "work_done": "New faucet fitted",
        "resolution": "resolved", "lines": [
            {"kind": "call_out", "description": "上门费", "quantity": 1},
            {"kind": "labour", "description": "人工", "quantity": 2},
            {"kind": "part", "description": "Cartridge", "quantity": 1, "part_code": "cartridge-35"},
            {"kind": "service", "description": "安装新水龙头", "quantity": 1, "service_code": "fit-faucet"}]});
    let (s, saved) = app.post(&format!("/api/visits/{}/outcome", a.visit), Some(&a.tech), &outcome).await;
    assert_eq!(s, 200, "{saved}");
    let (_, tracked) = app.get(&format!("/api/track/{}", a.token), None).await;
    let visit = &tracked["visits"][0];
    assert_eq!(visit["total"]["amount_minor"], 8000, "only the chosen service is paid: {visit}");
    assert_eq!(visit["quote_status"], "pending", "a paid service needs her approval");
    let lines = visit["lines"].as_array().expect("lines");
    let by_warranty: Vec<bool> = lines.iter().map(|l| l["covered_by_warranty"] == true).collect();
    assert_eq!(by_warranty, [true, true, true, false], "{visit}");
    assert_eq!(lines[3]["kind"], "service");
    assert_eq!(lines[3]["item_code"], "fit-faucet");
    assert_eq!(lines[3]["billable"]["amount_minor"], 8000);
    let bad = json!({"diagnosis": "x", "root_cause": "y", "work_done": "", "resolution": "resolved",
        "lines": [{"kind": "service", "description": "Fit", "quantity": 1}]});
    let (s, refused) = app.post(&format!("/api/visits/{}/outcome", a.visit), Some(&a.tech), &bad).await;
    assert_eq!(s, 422, "{refused}");
    assert_eq!(refused["errors"][0]["field"], "lines[0].service_code", "{refused}");
}
on_both_backends!(warranty_covers_the_fault_and_the_chosen_service_is_paid);

async fn a_point_may_cover_less_but_never_a_service(app: TestApp) {
    app.load_demo().await;
    let admin = app.login("admin@demo.fieldfix.test", "fieldfix-demo").await;
    let (_, here) = app.get("/api/prices?lat=30.275&lon=120.13", None).await;
    let id = here["service_point_id"].as_i64().expect("the covering point");
    let (_, point) = app.get(&format!("/api/admin/service-points/{id}"), Some(&admin)).await;
    let mut input = json!({});
    for key in [
        "name",
        "phone",
        "time_zone",
        "currency",
        "coverage",
        "travel_speed_kmh",
        "detour_factor",
        "promise_policy",
        "fee_schedule",
        "warranty_policy",
        "rework_days",
        "active",
    ] {
        input[key] = point[key].clone();
    }
    input["warranty_policy"]["covers"] = json!(["part", "service"]);
    let (s, refused) = app.put(&format!("/api/admin/service-points/{id}"), Some(&admin), &input).await;
    assert_eq!(s, 422, "{refused}");
    assert_eq!(refused["errors"][0]["field"], "warranty_policy.covers", "{refused}");
    input["warranty_policy"]["covers"] = json!(["part"]);
    let (s, saved) = app.put(&format!("/api/admin/service-points/{id}"), Some(&admin), &input).await;
    assert_eq!(s, 200, "{saved}");
    let (_, list) = app.get("/api/prices?lat=30.275&lon=120.13", None).await;
    assert_eq!(list["warranty"]["covers"], json!(["part"]), "{list}");
}
on_both_backends!(a_point_may_cover_less_but_never_a_service);
