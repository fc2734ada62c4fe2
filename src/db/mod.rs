//! The data layer: one connection type over SQLite and PostgreSQL, the pool, the embedded
//! migrations and one file of queries per table group.

pub mod backup;
mod batch;
pub mod calls;
pub mod evidence;
pub mod follow_ups;
pub mod history;
pub mod idempotency;
pub mod links;
pub mod marks;
pub mod messages;
pub mod migrations;
pub mod outbox;
pub mod phone_codes;
pub mod photos;
pub mod pool;
pub mod requests;
pub mod schema;
pub mod schema_customers;
pub mod schema_evidence;
pub mod schema_jobs;
pub mod service_points;
pub mod sessions;
pub mod sign_in_links;
pub mod skills;
pub mod technicians;
pub mod users;
pub mod visits;

pub use pool::{Backend, Db, DbError};

/// A connection to either backend; the variant is chosen from the `DATABASE_URL` scheme.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    /// PostgreSQL, for deployments with several instances.
    Pg(diesel::PgConnection),
    /// SQLite (bundled), the single-binary default.
    Sqlite(diesel::SqliteConnection),
}
