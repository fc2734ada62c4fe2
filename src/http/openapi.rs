//! The OpenAPI document, generated from the handlers' annotations.

use actix_web::HttpResponse;
use utoipa::openapi::schema::{AdditionalProperties, ObjectBuilder, OneOfBuilder, Schema, SchemaType, Type};
use utoipa::openapi::RefOr;
use utoipa::OpenApi;

/// Every documented route.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "fieldfix",
        description = "Field repair dispatch: booking, matching, visits, fees, ratings, promises."
    ),
    paths(
        crate::http::health::healthz,
        crate::http::health::readyz,
        crate::http::messages::get_messages,
        crate::http::auth::login,
        crate::http::auth::logout,
        crate::http::auth::me,
        crate::http::auth::set_my_language,
        crate::http::me::mail_sign_in_link,
        crate::http::me::follow_sign_in_link,
        crate::http::me::set_password,
        crate::http::phone_sign_in::send_sign_in_code,
        crate::http::phone_sign_in::redeem_sign_in_code,
        crate::http::me::mail_link_for_tracked,
        crate::http::me::list_my_requests,
        crate::http::me::list_my_products,
        crate::http::admin::list_service_points,
        crate::http::admin::create_service_point,
        crate::http::admin::get_service_point,
        crate::http::admin::update_service_point,
        crate::http::admin::deactivate_service_point,
        crate::http::admin::list_skills,
        crate::http::admin::create_skill,
        crate::http::admin::update_skill,
        crate::http::admin::deactivate_skill,
        crate::http::admin::list_technicians,
        crate::http::admin::create_technician,
        crate::http::admin::get_technician,
        crate::http::admin::update_technician,
        crate::http::admin::deactivate_technician,
        crate::http::admin::list_staff,
        crate::http::admin::update_staff,
        crate::http::requests::book_request,
        crate::http::requests::get_request,
        crate::http::requests::cancel_request,
        crate::http::requests::list_candidates,
        crate::http::requests::assign_technician,
        crate::http::requests::move_visit,
        crate::http::requests::record_follow_up,
        crate::http::find::find_my_repair,
        crate::http::sms::record_sms_delivery,
        crate::http::sms::receive_text_message,
        crate::http::conversation::customer_conversation,
        crate::http::conversation::customer_writes,
        crate::http::conversation::staff_conversation,
        crate::http::conversation::staff_writes,
        crate::http::conversation::managers_inbox,
        crate::http::track::track_request,
        crate::http::track::approve_quote,
        crate::http::track::decline_quote,
        crate::http::pages::list_public_skills,
        crate::http::track::cancel_tracked,
        crate::http::track::reschedule_visit,
        crate::http::track::open_follow_up,
        crate::http::contact::change_contact,
        crate::http::contact::confirm_phone,
        crate::http::track::rating_prompt,
        crate::http::track::rate_visit,
        crate::http::photos::upload_customer_photo,
        crate::http::photos::tracked_photo,
        crate::http::photos::tracked_thumbnail,
        crate::http::photos::upload_visit_photo,
        crate::http::photos::get_photo,
        crate::http::photos::get_thumbnail,
        crate::http::tech::list_offers,
        crate::http::tech::list_visits,
        crate::http::tech::fee_schedule,
        crate::http::tech::accept_offer,
        crate::http::tech::decline_offer,
        crate::http::tech::report_position,
        crate::http::tech::start_en_route,
        crate::http::tech::arrive_on_site,
        crate::http::tech::record_outcome,
        crate::http::tech::complete_visit,
        crate::http::evidence::approve_on_site,
        crate::http::evidence::tracking_qr,
        crate::http::evidence::visit_signature,
        crate::http::evidence::record_payment,
        crate::http::evidence::tracked_signature,
        crate::http::evidence::ask_for_invoice,
        crate::http::evidence::list_invoices,
        crate::http::evidence::mark_issued,
        crate::http::receipt::get_receipt,
        crate::http::manage::list_queue,
        crate::http::manage::list_slots,
        crate::http::manage::export_dayplan,
        crate::http::manage::get_kpis,
        crate::http::manage::replan_day,
        crate::http::manage::apply_replan,
        crate::http::manage::get_weekly_kpis,
        crate::http::manage::get_board,
        crate::http::calls::list_calls,
        crate::http::calls::record_call,
        crate::http::tasks::list_tasks,
        crate::http::tasks::close_task,
        crate::http::pages::page_config,
        crate::http::places::geocode,
        crate::http::places::get_prices,
        crate::http::me::new_tracking_link,
    )
)]
pub struct ApiDoc;

/// One attempt as the manager records it: `satisfied` is required when the customer was
/// reached and refused when not, and `problem` is taken only when they are not satisfied,
/// which a schema says as one of three shapes.
impl utoipa::PartialSchema for crate::app::calls::next_day::CallInput {
    fn schema() -> RefOr<Schema> {
        let line_text = r"^[^\x00-\x08\x0b-\x1f\x7f-\x9f]*$";
        let attempt = |reached: bool, satisfied: Option<bool>| {
            let satisfied_schema = match satisfied {
                Some(s) => ObjectBuilder::new().schema_type(Type::Boolean).enum_values(Some([s])),
                None => ObjectBuilder::new().schema_type(Type::Null),
            };
            let mut builder = ObjectBuilder::new()
                .property("reached", ObjectBuilder::new().schema_type(Type::Boolean).enum_values(Some([reached])))
                .property("satisfied", satisfied_schema)
                .property(
                    "notes",
                    ObjectBuilder::new()
                        .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
                        .max_length(Some(2000))
                        .pattern(Some(line_text))
                        .description(Some("At most 2000 characters.")),
                )
                .required("reached")
                .additional_properties(Some(AdditionalProperties::<Schema>::FreeForm(false)));
            if satisfied == Some(false) {
                builder = builder.property(
                    "problem",
                    ObjectBuilder::new()
                        .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
                        .min_length(Some(3))
                        .max_length(Some(4000))
                        .pattern(Some(r"^[^\x00-\x08\x0b-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x08\x0b-\x1f\x7f-\x9f]+[^\s\x00-\x1f\x7f-\x9f][^\x00-\x08\x0b-\x1f\x7f-\x9f]*$"))
                        .description(Some(
                            "What the customer says is wrong now, the follow-up's problem (3 to 4000 characters); \
                             without it, the notes of this attempt, else the original problem.",
                        )),
                );
            }
            if reached { builder.required("satisfied") } else { builder }.build()
        };
        OneOfBuilder::new()
            .item(attempt(true, Some(true)))
            .item(attempt(true, Some(false)))
            .item(attempt(false, None))
            .description(Some(
                "Whether the customer answered and, only when they did, whether they are satisfied; \
                 a problem only when they are not.",
            ))
            .into()
    }
}

impl utoipa::ToSchema for crate::app::calls::next_day::CallInput {}

/// Serves the document.
pub async fn openapi_json() -> HttpResponse {
    HttpResponse::Ok().json(cached())
}

/// The document, made once.
fn cached() -> &'static serde_json::Value {
    static DOCUMENT: std::sync::OnceLock<serde_json::Value> = std::sync::OnceLock::new();
    DOCUMENT.get_or_init(document)
}

/// The methods the document lists for each route pattern (`HEAD` wherever `GET` is), for
/// [`crate::http::allow`].
pub fn method_table() -> std::collections::HashMap<String, String> {
    let doc = cached();
    let Some(paths) = doc.get("paths").and_then(|p| p.as_object()) else {
        return std::collections::HashMap::new();
    };
    paths
        .iter()
        .filter_map(|(pattern, item)| {
            let item = item.as_object()?;
            let mut methods = Vec::new();
            for method in ["get", "post", "put", "delete", "patch"] {
                if item.contains_key(method) {
                    methods.push(method.to_ascii_uppercase());
                    if method == "get" {
                        methods.push("HEAD".to_string());
                    }
                }
            }
            Some((pattern.clone(), methods.join(", ")))
        })
        .collect()
}

/// The statuses every operation may answer, whatever it does: a malformed address (400), no
/// or an ended session (401), a role or a cookie-signed change from elsewhere (403), an id
/// that does not exist (404), refused input (422), too many calls (429).
const ANY_OPERATION: [&str; 6] = ["400", "401", "403", "404", "422", "429"];

/// What operations with a body may answer besides: a state that does not allow it (409), too
/// large a body (413), a body of another type (415).
const WITH_BODY: [&str; 3] = ["409", "413", "415"];

/// The generated document, with every error answer declared as it is sent: RFC 9457
/// `application/problem+json` with the `Problem` schema, for each status any operation can
/// answer (the annotations list what an operation answers when it works).
pub fn document() -> serde_json::Value {
    let mut doc = serde_json::to_value(ApiDoc::openapi()).unwrap_or_default();
    // A booking's service codes: what each code may hold, which the derive cannot say of a
    // list's items.
    if let Some(items) = doc.pointer_mut("/components/schemas/BookingInput/properties/services/items") {
        *items = serde_json::json!({"type": "string", "minLength": 1, "maxLength": 64, "pattern": r"^[^\x00]*$"});
    }
    let problem = serde_json::json!({
        "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
    });
    let Some(paths) = doc.get_mut("paths").and_then(|p| p.as_object_mut()) else { return doc };
    for item in paths.values_mut() {
        let Some(item) = item.as_object_mut() else { continue };
        for operation in item.values_mut() {
            let with_body = operation.get("requestBody").is_some();
            let Some(responses) = operation.get_mut("responses").and_then(|r| r.as_object_mut()) else { continue };
            let extra = if with_body { &WITH_BODY[..] } else { &[][..] };
            for code in ANY_OPERATION.iter().chain(extra) {
                responses.entry(code.to_string()).or_insert_with(|| serde_json::json!({"description": ""}));
            }
            for (code, response) in responses.iter_mut() {
                if code.starts_with('4') {
                    if let Some(r) = response.as_object_mut() {
                        r.insert("content".to_string(), problem.clone());
                        if r.get("description").and_then(|d| d.as_str()).is_none_or(str::is_empty) {
                            r.insert("description".to_string(), serde_json::json!("a problem (RFC 9457)"));
                        }
                    }
                }
            }
        }
    }
    doc
}
