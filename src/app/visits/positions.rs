//! Where the technician is: positions they report, and what the customer sees of them
//! while the technician is on the way (never before or after).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::app::error::AppError;
use crate::auth::AuthUser;
use crate::db::technicians;
use crate::db::visits::VisitRow;
use crate::db::DbConnection;
use crate::domain::area::Location;
use crate::domain::visit_state::VisitStatus;

/// A position the technician's phone reports.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PositionInput {
    pub position: Location,
}

/// The technician's last reported position as the customer sees it.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct PositionView {
    pub lat: f64,
    pub lon: f64,
    /// When it was reported.
    pub at: DateTime<Utc>,
}

/// Stores the signed-in technician's position.
pub fn report(conn: &mut DbConnection, user: &AuthUser, at: Location, now: DateTime<Utc>) -> Result<(), AppError> {
    let tech = user.technician()?;
    technicians::set_position(conn, tech, at.lat, at.lon, now.naive_utc())?;
    Ok(())
}

/// The position of the technician of a visit that is on the way, reported since they set
/// off; None before, after, when none was reported on the way, or when the technician is on
/// the way to another visit too.
pub fn while_on_the_way(conn: &mut DbConnection, visits: &[VisitRow]) -> Result<Option<PositionView>, AppError> {
    let Some(v) = visits.iter().find(|v| v.state() == Some(VisitStatus::EnRoute)) else { return Ok(None) };
    let (Some(tech), Some(set_off)) = (v.technician_id, v.en_route_at) else { return Ok(None) };
    // Only while this visit is the one the technician is on the way to (two on the way, from
    // before en route refused a second, show neither customer the other's street).
    if crate::db::visits::en_route_of(conn, tech)?.iter().any(|other| other.id != v.id) {
        return Ok(None);
    }
    let Some(t) = technicians::find_full(conn, tech)? else { return Ok(None) };
    Ok(match (t.row.last_lat, t.row.last_lon, t.row.last_seen_at) {
        (Some(lat), Some(lon), Some(at)) if at >= set_off => Some(PositionView { lat, lon, at: at.and_utc() }),
        _ => None,
    })
}
