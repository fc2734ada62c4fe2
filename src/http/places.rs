//! Before booking: places for a typed address (`/api/geocode`) and the prices of the point
//! that would come (`/api/prices`). Both public.

use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use crate::app::booking::place::{self, FoundPlace};
use crate::app::booking::prices::{self, PriceList};
use crate::app::error::AppError;
use crate::domain::area::Location;
use crate::http::query::ValidQuery;
use crate::state::AppState;

/// Address searches per client address and minute (the page asks as the customer types,
/// after a pause).
pub const GEOCODES_PER_ADDRESS_MINUTE: u32 = 30;

/// Routes under /api.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/geocode", web::get().to(geocode)).route("/prices", web::get().to(get_prices));
}

/// An address to look up.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GeocodeQuery {
    /// The address as typed, 3-300 characters, no control characters.
    #[param(min_length = 3, max_length = 300, pattern = r"^[^\x00-\x08\x0b-\x1f\x7f-\x9f]*$")]
    pub q: String,
}

/// Places the configured geocoder finds for an address, best first (at most 5), each with
/// the service point whose area covers it (null: outside every area). 503 when no geocoder is
/// configured or it does not answer: place the pin instead. 30 searches per client address
/// and minute (429 with `Retry-After`).
#[utoipa::path(get, path = "/api/geocode", params(GeocodeQuery),
    responses((status = 200, body = [FoundPlace]), (status = 422, body = crate::http::error::Problem),
        (status = 429, body = crate::http::error::Problem), (status = 503, body = crate::http::error::Problem)))]
pub async fn geocode(
    state: web::Data<AppState>,
    req: HttpRequest,
    q: ValidQuery<GeocodeQuery>,
) -> Result<HttpResponse, AppError> {
    let query = crate::domain::text::bounded("q", &q.q, 3, 300)?;
    let Some(geocoder) = state.geocoder.as_ref() else {
        return Err(AppError::Busy { what: msg!("address-search-unavailable-place-pin"), retry_after: 3600 });
    };
    let address = state.limits.client_address(&req);
    state.geocodes_per_address.take(&address, state.clock.now()).map_err(AppError::too_many)?;
    let language = match crate::http::lang::request_lang(req.headers()) {
        crate::domain::lang::Lang::Zh => "zh-CN",
        crate::domain::lang::Lang::En => "en",
    };
    let places = place::look_up(&state.db, geocoder, &query, language).await?;
    Ok(HttpResponse::Ok().json(places))
}

/// Where the repair would be, and for which problem.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PriceQuery {
    /// Latitude of the address.
    #[param(minimum = -90, maximum = 90)]
    pub lat: f64,
    /// Longitude of the address.
    #[param(minimum = -180, maximum = 180)]
    pub lon: f64,
    /// The skill needed; only the services that go with it are listed.
    #[param(min_length = 1, max_length = 40)]
    pub skill: Option<String>,
}

/// The prices of the service point covering a place: call-out, labour rate, parts, the
/// fixed-price services a booking can include, and what the warranty covers.
/// 422 `location` outside every service area, 422 `skill` for an unknown skill.
#[utoipa::path(get, path = "/api/prices", params(PriceQuery),
    responses((status = 200, body = PriceList), (status = 422, body = crate::http::error::Problem)))]
pub async fn get_prices(state: web::Data<AppState>, q: ValidQuery<PriceQuery>) -> Result<HttpResponse, AppError> {
    let q = q.into_inner();
    let at = Location::parse("location", q.lat, q.lon)?;
    let skill = match q.skill {
        Some(s) => Some(crate::domain::text::line("skill", &s, 1, 40)?),
        None => None,
    };
    let list = state.db.read(move |c| prices::prices_at(c, at, skill.as_deref())).await?;
    Ok(HttpResponse::Ok().json(list))
}
