//! The limits the OpenAPI document states are the ones the server enforces: a value at a
//! documented bound is accepted, one past it is refused naming the field.

use serde_json::{json, Value};

use crate::helpers::TestApp;
use crate::lifecycle::faucet_booking;
use crate::on_both_backends;

/// The property `field` (dotted, through `$ref`s) of the schema `name` in the document.
fn property<'a>(doc: &'a Value, name: &str, field: &str) -> &'a Value {
    let mut schema = &doc["components"]["schemas"][name];
    for part in field.split('.') {
        schema = &schema["properties"][part];
        if let Some(target) = schema["$ref"].as_str() {
            schema = &doc["components"]["schemas"][target.rsplit('/').next().unwrap_or_default()];
        }
    }
    schema
}

/// The refused fields of a 422 answer.
fn refused(answer: &Value) -> Vec<String> {
    answer["errors"].as_array().into_iter().flatten().filter_map(|e| e["field"].as_str().map(str::to_string)).collect()
}

/// Sets a dotted field of a JSON body.
fn set(body: &mut Value, field: &str, value: Value) {
    let mut at = body;
    for part in field.split('.') {
        at = &mut at[part];
    }
    *at = value;
}

async fn documented_lengths_of_a_booking_are_enforced(app: TestApp) {
    app.load_demo().await;
    let (_, doc) = app.get("/api/openapi.json", None).await;
    let fields = ["customer.name", "product.category", "product.brand", "problem", "address", "language"];
    for (n, field) in fields.iter().enumerate() {
        let schema = property(&doc, "BookingInput", field);
        let max =
            schema["maxLength"].as_u64().unwrap_or_else(|| panic!("{field} has a documented maxLength: {schema}"));
        let pattern = schema["pattern"].as_str().unwrap_or(".*");
        assert!(pattern.contains("\\x00") || *field == "language", "{field} says which characters: {pattern}");
        let mut over = faucet_booking(&format!("over{n}@example.com"));
        set(&mut over, field, json!("字".repeat(max as usize + 1)));
        let (s, answer) = app.post("/api/requests", None, &over).await;
        assert_eq!(s, 422, "{field}: {} characters is refused: {answer}", max + 1);
        assert_eq!(refused(&answer), vec![field.to_string()], "{answer}");
        let mut at = faucet_booking(&format!("at{n}@example.com"));
        set(&mut at, field, json!("字".repeat(max as usize)));
        let (s, answer) = app.post("/api/requests", None, &at).await;
        assert!(!refused(&answer).contains(&field.to_string()), "{field}: {max} characters is accepted: {s} {answer}");
    }
}
on_both_backends!(documented_lengths_of_a_booking_are_enforced);

async fn documented_ranges_of_a_rating_are_enforced(app: TestApp) {
    let (_, doc) = app.get("/api/openapi.json", None).await;
    for field in ["stars", "punctuality", "professionalism", "resolution"] {
        let schema = property(&doc, "RatingInput", field);
        assert_eq!((schema["minimum"].as_f64(), schema["maximum"].as_f64()), (Some(1.0), Some(5.0)), "{field}");
    }
    let comment = property(&doc, "RatingInput", "comment");
    assert_eq!(comment["maxLength"], 2000);
    let link = property(&doc, "LinkRequest", "language");
    assert_eq!(link["maxLength"], 35);
    // The link's language is counted in characters, as the document counts them.
    let body = json!({"email": "link@example.com", "language": "字".repeat(35)});
    let (s, answer) = app.post("/api/auth/link", None, &body).await;
    assert_eq!(s, 202, "35 characters are accepted: {answer}");
}
on_both_backends!(documented_ranges_of_a_rating_are_enforced);

async fn a_call_is_documented_as_one_of_three_shapes(app: TestApp) {
    let (_, doc) = app.get("/api/openapi.json", None).await;
    let shapes = doc["components"]["schemas"]["CallInput"]["oneOf"].as_array().cloned().unwrap_or_default();
    assert_eq!(shapes.len(), 3, "satisfied, not satisfied (with a problem), or not reached");
    for shape in shapes {
        let reached = shape["properties"]["reached"]["enum"][0].as_bool().expect("reached is fixed per shape");
        let satisfied = shape["properties"]["satisfied"]["enum"][0].as_bool();
        let required: Vec<&str> =
            shape["required"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        assert_eq!(required.contains(&"satisfied"), reached, "{shape}");
        // The server takes the customer's words for a follow-up only when they are not satisfied.
        assert_eq!(shape["properties"].get("problem").is_some(), satisfied == Some(false), "{shape}");
        assert_eq!(shape["additionalProperties"], false);
    }
}
on_both_backends!(a_call_is_documented_as_one_of_three_shapes);
