//! The right door: a booking is placed where the customer put it, or where the geocoder
//! finds the typed address inside a service area; never at a point the page chose.

use serde_json::{json, Value};

use crate::fake_geocoder::{queries_with, times_asked};
use crate::helpers::TestApp;
use crate::story::faucet_booking;
use crate::{on_both_backends, on_both_backends_with};

/// The faucet booking with only the typed address: no map point.
fn by_address(address: &str) -> Value {
    let mut body = faucet_booking("wang.fang@example.com");
    body["address"] = json!(address);
    body.as_object_mut().expect("an object").remove("location");
    body
}

/// A word no other test asks the geocoder for (they share it).
fn unique(word: &str) -> String {
    format!("{word}{}", fieldfix::domain::ids::new_id())
}

async fn a_typed_address_is_booked_where_the_geocoder_finds_it(app: TestApp) {
    app.load_demo().await;
    let door = unique("单元");
    let (id, _) = app.book(&by_address(&format!("文三路 128 号 3 {door} 502"))).await;
    let manager = app.login("manager1@demo.fieldfix.test", "fieldfix-demo").await;
    let (s, request) = app.get(&format!("/api/requests/{id}"), Some(&manager)).await;
    assert_eq!(s, 200, "{request}");
    // Shanghai's Wensan Road came first but lies outside every area: Hangzhou's is taken, not
    // the page's default point (30.275, 120.13).
    assert_eq!(request["location"], json!({"lat": 30.2741, "lon": 120.1551}), "{request}");
    let asked = queries_with(&door);
    assert_eq!(asked.len(), 1, "{asked:?}");
    assert!(asked[0].contains("format=jsonv2") && asked[0].contains("limit=5"), "{asked:?}");
}
on_both_backends_with!(a_typed_address_is_booked_where_the_geocoder_finds_it, crate::fake_geocoder::with_geocoder);

async fn an_address_found_nowhere_inside_an_area_is_refused_at_the_address(app: TestApp) {
    app.load_demo().await;
    for address in [format!("南京路 {}", unique("号")), unique("nowhere street ")] {
        let (s, refused) = app.post("/api/requests", None, &by_address(&address)).await;
        assert_eq!(s, 422, "{refused}");
        assert_eq!(refused["errors"][0]["field"], "address", "{refused}");
    }
    let (s, refused) = app.post("/api/requests", None, &by_address(&unique("broken "))).await;
    assert_eq!(s, 503, "a geocoder that fails is our trouble, not the customer's: {refused}");
    assert_eq!(app.count("repair_requests").await, 0);
}
on_both_backends_with!(
    an_address_found_nowhere_inside_an_area_is_refused_at_the_address,
    crate::fake_geocoder::with_geocoder
);

async fn without_a_geocoder_the_customer_places_the_pin(app: TestApp) {
    app.load_demo().await;
    let (s, refused) = app.post("/api/requests", None, &by_address("文三路 128 号")).await;
    assert_eq!(s, 422, "{refused}");
    assert_eq!(refused["errors"][0]["field"], "location", "{refused}");
    assert_eq!(app.count("repair_requests").await, 0);
    let (s, _) = app.get("/api/geocode?q=%E6%96%87%E4%B8%89%E8%B7%AF", None).await;
    assert_eq!(s, 503);
    let (_, config) = app.get("/api/config", None).await;
    assert_eq!(config["address_search"], false);
}
on_both_backends!(without_a_geocoder_the_customer_places_the_pin);

async fn suggestions_name_the_covering_point_and_are_asked_once(app: TestApp) {
    app.load_demo().await;
    let (_, config) = app.get("/api/config", None).await;
    assert_eq!(config["address_search"], true);
    let word = unique("路口");
    let q: String = form_urlencoded::byte_serialize(format!("文三路 {word}").as_bytes()).collect();
    let (s, places) = app.get(&format!("/api/geocode?q={q}"), None).await;
    assert_eq!(s, 200, "{places}");
    assert_eq!(places.as_array().map(Vec::len), Some(2), "{places}");
    assert_eq!(places[0]["service_point_id"], Value::Null, "Shanghai is outside: {places}");
    assert!(places[1]["service_point_id"].is_i64(), "{places}");
    assert_eq!(places[1]["display_name"], "文三路 128号, 西湖区, 杭州市, 浙江省, 中国");
    let (s, again) = app.get(&format!("/api/geocode?q={q}"), None).await;
    assert_eq!((s, &again), (200, &places));
    assert_eq!(times_asked(&word), 1, "the second search is answered from the cache");
    let (s, short) = app.get("/api/geocode?q=ab", None).await;
    assert_eq!(s, 422, "{short}");
}
on_both_backends_with!(suggestions_name_the_covering_point_and_are_asked_once, crate::fake_geocoder::with_geocoder);

async fn suggestions_are_braked_per_client_before_the_geocoder_is_asked(app: TestApp) {
    let word = unique("brake");
    let mut statuses = Vec::new();
    for i in 0..32 {
        let (s, _) = app.get(&format!("/api/geocode?q={word}-{i}"), None).await;
        statuses.push(s);
    }
    assert!(statuses[..30].iter().all(|s| *s == 200), "{statuses:?}");
    assert_eq!(&statuses[30..], &[429, 429]);
    assert_eq!(times_asked(&word), 30, "refused searches never reach the geocoder");
}
on_both_backends_with!(
    suggestions_are_braked_per_client_before_the_geocoder_is_asked,
    crate::fake_geocoder::with_geocoder
);

async fn the_technician_gets_links_every_phone_opens(app: TestApp) {
    app.load_demo().await;
    let a = app.book_and_assign(&faucet_booking("nav@example.com")).await;
    let (s, day) = app.get("/api/tech/visits", Some(&a.tech)).await;
    assert_eq!(s, 200, "{day}");
    let visit = day.as_array().and_then(|v| v.iter().find(|v| v["id"] == a.visit)).expect("the visit");
    let nav = &visit["navigation"];
    assert_eq!(nav["geo"], "geo:30.275000,120.130000?q=30.275000,120.130000");
    assert!(nav["apple_maps"]
        .as_str()
        .is_some_and(|u| u.starts_with("https://maps.apple.com/?daddr=30.275000,120.130000")));
    let amap = nav["amap"].as_str().expect("amap");
    assert!(amap.starts_with("https://uri.amap.com/marker?position=120.130000,30.275000"), "{amap}");
    assert!(amap.contains("coordinate=wgs84"), "Amap must shift WGS-84 points to its grid: {amap}");
}
on_both_backends!(the_technician_gets_links_every_phone_opens);
