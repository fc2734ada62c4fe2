//! A service point as the use cases need it, and which ones a manager may look at.

use chrono_tz::Tz;
use diesel::QueryResult;

use crate::app::admin::points::{self, ServicePointView};

use crate::app::error::AppError;
use crate::auth::AuthUser;
use crate::db::service_points::{self, ServicePointRow};
use crate::db::DbConnection;
use crate::dispatch::travel::GreatCircle;
use crate::domain::role::Role;

/// The service points a manager runs (every one for an admin), by name.
pub fn visible_points(user: &AuthUser, c: &mut DbConnection) -> QueryResult<Vec<ServicePointRow>> {
    let all = service_points::list(c)?;
    Ok(all.into_iter().filter(|p| user.role == Role::Admin || user.service_points.contains(&p.id)).collect())
}

/// The service point a manager looks at: the given one, else the first of theirs by name.
pub fn chosen_point(user: &AuthUser, c: &mut DbConnection, asked: Option<i64>) -> Result<i64, AppError> {
    if let Some(sp) = asked {
        user.require_manager_of(sp)?;
        return Ok(sp);
    }
    visible_points(user, c)?.first().map(|p| p.id).ok_or(AppError::NotFound(msg!("thing-service-point")))
}

/// A service point with what the engine needs of it.
pub struct PointContext {
    /// The service point.
    pub point: ServicePointView,
    /// Its time zone.
    pub tz: Tz,
    /// Its travel model.
    pub travel: GreatCircle,
}

/// Loads a service point's context.
pub fn point_context(conn: &mut DbConnection, service_point_id: i64) -> Result<PointContext, AppError> {
    let row = service_points::find(conn, service_point_id)?.ok_or(AppError::NotFound(msg!("thing-service-point")))?;
    context_of(&row)
}

/// The context of a service point already read.
pub fn context_of(row: &ServicePointRow) -> Result<PointContext, AppError> {
    let point = points::view(row)?;
    let tz: Tz = point
        .time_zone
        .parse()
        .map_err(|_| AppError::internal(format!("stored time zone {:?} is unknown", point.time_zone)))?;
    let travel = GreatCircle { speed_kmh: point.travel_speed_kmh, detour_factor: point.detour_factor };
    Ok(PointContext { point, tz, travel })
}
