//! Embedded migrations for both backends (migrations/sqlite and migrations/postgres carry
//! the same names and meaning).

use diesel::Connection;
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use super::{DbConnection, DbError};

/// The SQLite tree.
pub const SQLITE: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
/// The PostgreSQL tree.
pub const POSTGRES: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// Applies every pending migration and returns how many ran; then converts data that the
/// schema alone cannot (plain link tokens into hashed links).
pub fn run_pending(conn: &mut DbConnection) -> Result<usize, DbError> {
    let applied = match conn {
        DbConnection::Pg(c) => c.run_pending_migrations(POSTGRES).map(|v| v.len()),
        DbConnection::Sqlite(c) => c.run_pending_migrations(SQLITE).map(|v| v.len()),
    };
    let applied = applied.map_err(|e| DbError::Migration(e.to_string()))?;
    let now = chrono::Utc::now().naive_utc();
    conn.transaction(|c| super::links::upgrade_plain_tokens(c, now))?;
    Ok(applied)
}

/// True when no migration is pending (readiness).
pub fn is_current(conn: &mut DbConnection) -> Result<bool, DbError> {
    let pending = match conn {
        DbConnection::Pg(c) => c.has_pending_migration(POSTGRES),
        DbConnection::Sqlite(c) => c.has_pending_migration(SQLITE),
    };
    pending.map(|p| !p).map_err(|e| DbError::Migration(e.to_string()))
}

/// Reverts the most recent migration (used by the up/down test and by operators).
pub fn revert_last(conn: &mut DbConnection) -> Result<(), DbError> {
    let reverted = match conn {
        DbConnection::Pg(c) => c.revert_last_migration(POSTGRES).map(|_| ()),
        DbConnection::Sqlite(c) => c.revert_last_migration(SQLITE).map(|_| ()),
    };
    reverted.map_err(|e| DbError::Migration(e.to_string()))
}

/// Applies the next pending migration only (used by the up/down test).
pub fn run_next(conn: &mut DbConnection) -> Result<bool, DbError> {
    let ran = match conn {
        DbConnection::Pg(c) => c.run_next_migration(POSTGRES).map(|_| true),
        DbConnection::Sqlite(c) => c.run_next_migration(SQLITE).map(|_| true),
    };
    ran.map_err(|e| DbError::Migration(e.to_string()))
}
