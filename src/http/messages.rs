//! The pages' own words from the catalog, one language at a time, revalidated by `ETag`.

use actix_web::http::header::{CACHE_CONTROL, ETAG, IF_NONE_MATCH};
use actix_web::{web, HttpRequest, HttpResponse};

use crate::app::error::AppError;
use crate::domain::lang::Lang;
use crate::i18n::page_strings;

/// Registers the route.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/messages/{lang}", web::get().to(get_messages));
}

/// The languages the pages are written in, as the address names them.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub enum PageLanguage {
    #[schema(rename = "en")]
    En,
    #[schema(rename = "zh-CN")]
    ZhCn,
}

/// The pages' words in `lang` (`en` or `zh-CN`) as a JSON object, id → text; a page fills
/// the `{name}` in a text itself. Answers 304 to an `If-None-Match` that names its `ETag`.
#[utoipa::path(get, path = "/api/messages/{lang}",
    params(("lang" = inline(PageLanguage), Path, description = "`en` or `zh-CN`")),
    responses(
        (status = 200, description = "The pages' words, id → text", body = std::collections::BTreeMap<String, String>),
        (status = 304, description = "Unchanged since the `ETag` given in `If-None-Match`"),
        (status = 404, body = crate::http::error::Problem)))]
pub async fn get_messages(req: HttpRequest, lang: web::Path<String>) -> Result<HttpResponse, AppError> {
    let lang = match lang.as_str() {
        "en" => Lang::En,
        "zh-CN" => Lang::Zh,
        _ => return Err(AppError::NotFound(msg!("thing-language"))),
    };
    let strings = page_strings(lang);
    let known = req
        .headers()
        .get(IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|tags| tags.split(',').any(|t| t.trim() == strings.etag || t.trim() == "*"));
    let mut answer = if known { HttpResponse::NotModified() } else { HttpResponse::Ok() };
    answer.insert_header((ETAG, strings.etag.clone())).insert_header((CACHE_CONTROL, "no-cache"));
    if known {
        return Ok(answer.finish());
    }
    Ok(answer.content_type("application/json").body(strings.json.clone()))
}
