//! A consistent copy of a live SQLite database, taken while the server runs.

use std::path::Path;

use diesel::connection::SimpleConnection;
use diesel::sql_types::Text;
use diesel::{Connection, QueryableByName, RunQueryDsl, SqliteConnection};

use super::{DbConnection, DbError};

/// Why a backup was not made.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// The database is PostgreSQL, which has its own tools.
    #[error(
        "fieldfix backup copies SQLite databases only; back up PostgreSQL with pg_dump \
         (a logical copy, e.g. `pg_dump -Fc -f fieldfix.dump DBNAME`) or pg_basebackup (a physical one)"
    )]
    Postgres,
    /// The target exists; a backup never overwrites.
    #[error("{0} exists; choose a new file")]
    Exists(String),
    /// The copy failed its integrity check.
    #[error("the copy failed its integrity check: {0}")]
    Damaged(String),
    /// The database refused.
    #[error(transparent)]
    Db(#[from] DbError),
}

#[derive(QueryableByName)]
struct Check {
    #[diesel(sql_type = Text)]
    integrity_check: String,
}

/// Copies the database to `out` with `VACUUM INTO` (one read transaction, so the copy is
/// the database at one instant while writers go on), then checks the copy's integrity.
pub fn copy_sqlite(conn: &mut DbConnection, out: &Path) -> Result<(), BackupError> {
    let DbConnection::Sqlite(conn) = conn else {
        return Err(BackupError::Postgres);
    };
    let target = out.display().to_string();
    if out.exists() {
        return Err(BackupError::Exists(target));
    }
    diesel::sql_query("VACUUM INTO ?").bind::<Text, _>(&target).execute(conn).map_err(DbError::Query)?;
    let mut copy = SqliteConnection::establish(&target).map_err(DbError::Connect)?;
    copy.batch_execute("PRAGMA query_only = ON").map_err(DbError::Query)?;
    let rows: Vec<Check> = diesel::sql_query("PRAGMA integrity_check").load(&mut copy).map_err(DbError::Query)?;
    match rows.first() {
        Some(r) if r.integrity_check == "ok" => Ok(()),
        Some(r) => Err(BackupError::Damaged(r.integrity_check.clone())),
        None => Err(BackupError::Damaged("no answer".into())),
    }
}
