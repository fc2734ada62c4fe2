//! Where a typed address is: the geocoder's places, each with the service point that covers
//! it. A booking without a map point takes the first covered place; /book offers them as
//! suggestions. The geocoder is asked on a worker thread, before any transaction.

use std::sync::Arc;

use serde::Serialize;
use utoipa::ToSchema;

use crate::app::booking::book::covering_point;
use crate::app::error::AppError;
use crate::db::pool::Db;
use crate::domain::area::Location;
use crate::geocoder::{Geocoder, Place};

/// A place found for an address.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct FoundPlace {
    /// The geocoder's name of the place.
    pub display_name: String,
    /// Latitude (WGS-84).
    pub lat: f64,
    /// Longitude (WGS-84).
    pub lon: f64,
    /// The service point whose area covers it; null outside every area (no on-site repair).
    pub service_point_id: Option<i64>,
}

/// The places `geocoder` finds for `query`, named in `language`, with their covering points.
pub async fn look_up(
    db: &Db,
    geocoder: &Arc<Geocoder>,
    query: &str,
    language: &str,
) -> Result<Vec<FoundPlace>, AppError> {
    let (geocoder, query, language) = (geocoder.clone(), query.to_string(), language.to_string());
    let places = tokio::task::spawn_blocking(move || geocoder.search(&query, &language))
        .await
        .map_err(|e| AppError::unexpected("looking an address up", e.to_string()))?
        .map_err(|e| {
            tracing::warn!(error = %e, "geocoder unavailable");
            AppError::Busy { what: msg!("address-search-unavailable-place-pin"), retry_after: 30 }
        })?;
    db.read(move |c| {
        places
            .into_iter()
            .map(|Place { display_name, location }| {
                let point = covering_point(c, location)?;
                Ok(FoundPlace {
                    display_name,
                    lat: location.lat,
                    lon: location.lon,
                    service_point_id: point.map(|p| p.point.id),
                })
            })
            .collect::<Result<Vec<_>, AppError>>()
    })
    .await
}

/// The point a booking's typed address is at: the first place found inside a service area.
/// Without a geocoder the customer must place the pin (422 `location`); with one, an address
/// found nowhere inside an area is refused at `address`.
pub async fn locate_address(
    db: &Db,
    geocoder: Option<&Arc<Geocoder>>,
    address: &str,
    language: &str,
) -> Result<Location, AppError> {
    let Some(geocoder) = geocoder else {
        return Err(AppError::invalid("location", msg!("place-pin-or-use-location")));
    };
    look_up(db, geocoder, address, language)
        .await?
        .into_iter()
        .find(|p| p.service_point_id.is_some())
        .map(|p| Location { lat: p.lat, lon: p.lon })
        .ok_or_else(|| AppError::invalid("address", msg!("address-not-found-place-pin")))
}
