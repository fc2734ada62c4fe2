//! Service points.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::service_points;
use super::DbConnection;

/// A stored service point; policies are JSON text, parsed by the domain types.
#[derive(Clone, Debug, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = service_points)]
pub struct ServicePointRow {
    pub id: i64,
    pub name: String,
    /// IANA time zone such as `Asia/Shanghai`.
    pub time_zone: String,
    /// ISO 4217 currency code.
    pub currency: String,
    /// Coverage polygon ring as JSON.
    pub coverage: String,
    /// Centroid latitude.
    pub center_lat: f64,
    /// Centroid longitude.
    pub center_lon: f64,
    /// Average travel speed.
    pub travel_speed_kmh: f64,
    /// Road distance over straight-line distance.
    pub detour_factor: f64,
    /// Promise policy JSON.
    pub promise_policy: String,
    /// Fee schedule JSON.
    pub fee_schedule: String,
    /// Warranty policy JSON.
    pub warranty_policy: String,
    /// Days after completion in which a follow-up is free.
    pub rework_days: i32,
    /// False once deactivated.
    pub active: bool,
    /// Creation time.
    pub created_at: NaiveDateTime,
    /// Last change.
    pub updated_at: NaiveDateTime,
    /// The number customers call (empty when none is set).
    pub phone: String,
}

/// All service points.
pub fn list(conn: &mut DbConnection) -> QueryResult<Vec<ServicePointRow>> {
    service_points::table.order(service_points::name).select(ServicePointRow::as_select()).load(conn)
}

/// The active service points.
pub fn list_active(conn: &mut DbConnection) -> QueryResult<Vec<ServicePointRow>> {
    service_points::table
        .filter(service_points::active.eq(true))
        .order(service_points::name)
        .select(ServicePointRow::as_select())
        .load(conn)
}

/// One service point.
pub fn find(conn: &mut DbConnection, id: i64) -> QueryResult<Option<ServicePointRow>> {
    service_points::table.find(id).select(ServicePointRow::as_select()).first(conn).optional()
}

/// One service point by name.
pub fn find_by_name(conn: &mut DbConnection, name: &str) -> QueryResult<Option<ServicePointRow>> {
    service_points::table
        .filter(service_points::name.eq(name))
        .select(ServicePointRow::as_select())
        .first(conn)
        .optional()
}

/// Inserts a service point.
pub fn insert(conn: &mut DbConnection, row: &ServicePointRow) -> QueryResult<()> {
    diesel::insert_into(service_points::table).values(row).execute(conn).map(|_| ())
}

/// Replaces a service point's fields.
pub fn update(conn: &mut DbConnection, row: &ServicePointRow) -> QueryResult<usize> {
    diesel::update(service_points::table.find(row.id)).set(row).execute(conn)
}
