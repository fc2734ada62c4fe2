//! The manager's queue: work that needs a person, most urgent first.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::app::error::AppError;
use crate::app::photos::store::{views_of, PhotoView};
use crate::app::points::visible_points;
use crate::auth::AuthUser;
use crate::db::follow_ups::OpenTask;
use crate::db::{follow_ups, marks, requests, service_points, DbConnection};
use crate::domain::area::Location;
use crate::domain::lang::Lang;
use crate::domain::role::Role;
use crate::i18n::render_stored;

/// A request waiting for a technician.
#[derive(Serialize, ToSchema)]
pub struct QueueItem {
    /// Request id.
    pub id: i64,
    pub reference: String,
    pub status: String,
    pub service_point_id: i64,
    pub skill: String,
    pub address: String,
    pub location: Location,
    /// Respond-by promise.
    pub respond_by: DateTime<Utc>,
    /// Minutes left until the respond-by promise (negative: broken).
    pub minutes_left: i64,
    /// Open follow-up tasks.
    pub follow_ups: Vec<String>,
    /// What a person must do: `assign` (no technician yet; the respond-by countdown runs) or
    /// `follow_up` (done work with an open follow-up task, e.g. a low rating: call the customer).
    pub action: String,
    /// Nobody accepted: a manager must assign (listed first).
    pub escalated: bool,
    /// The service point's time zone, in which the page shows the times.
    pub time_zone: String,
    /// The request's photos (the customer's of the fault, the technician's), oldest first.
    pub photos: Vec<PhotoView>,
}

/// Unassigned work and open follow-ups of the manager's service points; escalated first,
/// then by respond-by promise.
/// The reasons of open follow-ups are written in `lang`.
pub fn queue(
    conn: &mut DbConnection,
    user: &AuthUser,
    now: DateTime<Utc>,
    lang: Lang,
) -> Result<Vec<QueueItem>, AppError> {
    user.require(&[Role::Manager, Role::Admin])?;
    let points: Vec<i64> = visible_points(user, conn)?.into_iter().map(|p| p.id).collect();
    let mut rows = requests::in_statuses(conn, &points, &["submitted", "awaiting_technician", "needs_follow_up"])?;
    let unassigned: Vec<i64> = rows.iter().map(|r| r.id).collect();
    for id in follow_ups::requests_with_open_tasks(conn, &points)? {
        if !rows.iter().any(|r| r.id == id) {
            rows.extend(requests::find(conn, id)?);
        }
    }
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let tasks = follow_ups::open_for(conn, &ids)?;
    let escalated = marks::escalated_requests(conn, &ids)?;
    let photos = views_of(conn, &ids, None)?;
    let zones: std::collections::HashMap<i64, String> =
        service_points::list(conn)?.into_iter().map(|p| (p.id, p.time_zone)).collect();
    let mut items: Vec<QueueItem> = rows
        .into_iter()
        .map(|r| QueueItem {
            time_zone: zones.get(&r.service_point_id).cloned().unwrap_or_default(),
            follow_ups: tasks.iter().filter(|t| t.0 == r.id).map(|t| task_reason(t, lang)).collect(),
            minutes_left: (r.respond_by.and_utc() - now).num_minutes(),
            photos: photos.iter().filter(|p| p.0 == r.id).map(|p| p.1.clone()).collect(),
            escalated: escalated.contains(&r.id),
            action: if unassigned.contains(&r.id) { "assign" } else { "follow_up" }.to_string(),
            id: r.id,
            reference: r.reference,
            status: r.status,
            service_point_id: r.service_point_id,
            skill: r.skill_code,
            address: r.address,
            location: Location { lat: r.lat, lon: r.lon },
            respond_by: r.respond_by.and_utc(),
        })
        .collect();
    items.sort_by_key(|i| (!i.escalated, i.respond_by));
    Ok(items)
}

/// An open task's reason in `lang`; a task opened before reasons were kept as messages shows
/// its English reason as it is.
fn task_reason(task: &OpenTask, lang: Lang) -> String {
    match (&task.2, &task.3) {
        (Some(id), Some(args)) => render_stored(id, args, lang, &|_| None),
        _ => task.1.clone(),
    }
}
