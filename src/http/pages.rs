//! The web pages: plain HTML, CSS and ES modules from static/, embedded in the binary so
//! that one file deploys the whole service and no path is looked up at run time.

use actix_web::http::header::{CacheControl, CacheDirective};
use actix_web::{web, HttpResponse};

use crate::app::error::AppError;
use crate::state::AppState;

const HTML: &str = "text/html; charset=utf-8";
const CSS: &str = "text/css; charset=utf-8";
const JS: &str = "text/javascript; charset=utf-8";

/// Every embedded asset under /static: name, content type, body.
const ASSETS: [(&str, &str, &str); 36] = [
    ("app.css", CSS, include_str!("../../static/app.css")),
    ("common.js", JS, include_str!("../../static/common.js")),
    ("book.js", JS, include_str!("../../static/book.js")),
    ("email_hint.js", JS, include_str!("../../static/email_hint.js")),
    ("track.js", JS, include_str!("../../static/track.js")),
    ("tech.js", JS, include_str!("../../static/tech.js")),
    ("offline.js", JS, include_str!("../../static/offline.js")),
    ("outcome.js", JS, include_str!("../../static/outcome.js")),
    ("photos.js", JS, include_str!("../../static/photos.js")),
    ("manage.js", JS, include_str!("../../static/manage.js")),
    ("manage_actions.js", JS, include_str!("../../static/manage_actions.js")),
    ("manage_charts.js", JS, include_str!("../../static/manage_charts.js")),
    ("admin.js", JS, include_str!("../../static/admin.js")),
    ("admin_forms.js", JS, include_str!("../../static/admin_forms.js")),
    ("admin_points.js", JS, include_str!("../../static/admin_points.js")),
    ("admin_staff.js", JS, include_str!("../../static/admin_staff.js")),
    ("admin_techs.js", JS, include_str!("../../static/admin_techs.js")),
    ("me.js", JS, include_str!("../../static/me.js")),
    ("home.js", JS, include_str!("../../static/home.js")),
    ("not-found.js", JS, include_str!("../../static/not-found.js")),
    ("calls.js", JS, include_str!("../../static/calls.js")),
    ("tasks.js", JS, include_str!("../../static/tasks.js")),
    ("conversation.js", JS, include_str!("../../static/conversation.js")),
    ("inbox.js", JS, include_str!("../../static/inbox.js")),
    ("map.js", JS, include_str!("../../static/map.js")),
    ("sign.js", JS, include_str!("../../static/sign.js")),
    ("evidence.js", JS, include_str!("../../static/evidence.js")),
    ("receipt.js", JS, include_str!("../../static/receipt.js")),
    ("receipt.css", CSS, include_str!("../../static/receipt.css")),
    ("cancel.js", JS, include_str!("../../static/cancel.js")),
    ("navigate.js", JS, include_str!("../../static/navigate.js")),
    ("place.js", JS, include_str!("../../static/place.js")),
    ("prices.js", JS, include_str!("../../static/prices.js")),
    ("favicon.svg", "image/svg+xml", include_str!("../../static/favicon.svg")),
    ("vendor/leaflet/leaflet.js", JS, include_str!("../../static/vendor/leaflet/leaflet.js")),
    ("vendor/leaflet/leaflet.css", CSS, include_str!("../../static/vendor/leaflet/leaflet.css")),
];

const BOOK: &str = include_str!("../../static/book.html");
const TRACK: &str = include_str!("../../static/track.html");
const TECH: &str = include_str!("../../static/tech.html");
const MANAGE: &str = include_str!("../../static/manage.html");
const ME: &str = include_str!("../../static/me.html");
const ADMIN: &str = include_str!("../../static/admin.html");
const FORBIDDEN: &str = include_str!("../../static/forbidden.html");
const HOME: &str = include_str!("../../static/home.html");
const NOT_FOUND: &str = include_str!("../../static/not-found.html");
const TECH_WORKER: &str = include_str!("../../static/tech-sw.js");

/// The version of this build's pages: a hash of everything they are made of, written into
/// the service worker so that a new build replaces its cache.
fn pages_version() -> &'static str {
    static VERSION: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    VERSION.get_or_init(|| {
        use sha2::{Digest, Sha256};
        let mut hash = Sha256::new();
        for body in ASSETS.iter().map(|a| a.2).chain([
            BOOK,
            TRACK,
            TECH,
            MANAGE,
            ME,
            HOME,
            NOT_FOUND,
            TECH_WORKER,
            ADMIN,
            FORBIDDEN,
        ]) {
            hash.update(body.as_bytes());
        }
        hash.finalize().iter().take(6).map(|b| format!("{b:02x}")).collect()
    })
}

/// The service worker of /tech, with this build's version; allowed to control /tech, never
/// cached by HTTP (the browser then checks for a new build at every visit).
async fn tech_worker() -> HttpResponse {
    HttpResponse::Ok()
        .content_type(JS)
        .insert_header(CacheControl(vec![CacheDirective::NoCache]))
        .insert_header(("Service-Worker-Allowed", "/tech"))
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .body(TECH_WORKER.replace("__BUILD__", pages_version()))
}

/// Routes of the pages and their assets.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(|| page(HOME)))
        .route("/book", web::get().to(|| page(BOOK)))
        .route("/track/{token}", web::get().to(|| page(TRACK)))
        .route("/rate/{token}", web::get().to(|| page(TRACK)))
        .route("/t/{code}", web::get().to(short_link))
        .route("/tech", web::get().to(|| page(TECH)))
        .route("/manage", web::get().to(|| page(MANAGE)))
        .route("/me", web::get().to(|| page(ME)))
        .route("/admin", web::get().to(admin_page))
        .route("/static/tech-sw.js", web::get().to(tech_worker))
        .route("/static/{name:.*}", web::get().to(static_asset));
}

/// Routes under /api that the pages read.
pub fn api_routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/config", web::get().to(page_config)).route("/skills", web::get().to(list_public_skills));
}

/// What the pages need to know of this deployment.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct PageConfig {
    /// Tile URL template of the maps (`{z}/{x}/{y}`), or null for maps without tiles.
    pub map_tiles: Option<String>,
    /// Credit line of the tiles.
    pub map_attribution: String,
    /// A geocoder is configured: /book suggests places for a typed address
    /// (`GET /api/geocode`) and a booking may come without a map point.
    pub address_search: bool,
}

/// The pages' settings: where map tiles come from.
#[utoipa::path(get, path = "/api/config", responses((status = 200, body = PageConfig)))]
pub async fn page_config(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok().json(PageConfig {
        map_tiles: state.settings.map_tiles.clone(),
        map_attribution: state.settings.map_attribution.clone(),
        address_search: state.geocoder.is_some(),
    })
}

/// The skills customers can book, with names in English and Chinese (no sign-in).
#[utoipa::path(get, path = "/api/skills", responses((status = 200, body = [crate::app::admin::points::PublicSkill])))]
pub async fn list_public_skills(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let list = state.db.read(crate::app::admin::points::public_skills).await?;
    Ok(HttpResponse::Ok().json(list))
}

/// A page: never cached, so a deploy is seen at once; its assets may be cached briefly.
async fn page(body: &'static str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(HTML)
        .insert_header(CacheControl(vec![CacheDirective::NoCache]))
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .body(body)
}

/// The admin pages: to an admin, or to anyone not signed in (who sees the sign-in); a
/// signed-in user of another role gets the 403 page, which leads to their own pages.
async fn admin_page(req: actix_web::HttpRequest) -> HttpResponse {
    use actix_web::FromRequest;
    match crate::auth::AuthUser::extract(&req).await {
        Ok(user) if user.role != crate::domain::role::Role::Admin => HttpResponse::Forbidden()
            .content_type(HTML)
            .insert_header(CacheControl(vec![CacheDirective::NoCache]))
            .insert_header(("X-Content-Type-Options", "nosniff"))
            .body(FORBIDDEN),
        _ => page(ADMIN).await,
    }
}

/// A text message's short link: on to the tracking page, which takes the code as its token.
async fn short_link(code: web::Path<String>) -> HttpResponse {
    let code = code.into_inner();
    if code.is_empty() || code.len() > 64 || !code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return not_found_page();
    }
    HttpResponse::Found()
        .insert_header((actix_web::http::header::LOCATION, format!("/track/{code}")))
        .insert_header(CacheControl(vec![CacheDirective::NoStore]))
        .finish()
}

/// The page of an address that has none, with a 404 status.
pub fn not_found_page() -> HttpResponse {
    HttpResponse::NotFound()
        .content_type(HTML)
        .insert_header(CacheControl(vec![CacheDirective::NoCache]))
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .body(NOT_FOUND)
}

/// One embedded asset by name.
async fn static_asset(name: web::Path<String>) -> Result<HttpResponse, AppError> {
    let (_, content_type, body) =
        ASSETS.iter().find(|(n, _, _)| *n == name.as_str()).ok_or(AppError::NotFound(msg!("thing-asset")))?;
    Ok(HttpResponse::Ok()
        .content_type(*content_type)
        .insert_header(CacheControl(vec![CacheDirective::Public, CacheDirective::MaxAge(300)]))
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .body(*body))
}
