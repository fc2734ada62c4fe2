//! Connection pool and the two ways the application touches the database: a read on a
//! pooled connection and a write inside one transaction, both off the async threads.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use diesel::connection::SimpleConnection;
use diesel::r2d2::{self, ManageConnection, Pool};
use diesel::{Connection, PgConnection, SqliteConnection};

use super::batch::{take, WriteQueue};
use super::DbConnection;

/// Which database a URL names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// `postgres://` or `postgresql://`.
    Postgres,
    /// `sqlite://PATH` or `sqlite::memory:`.
    Sqlite,
}

/// Failures of the data layer that are not query errors.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// The URL names no backend fieldfix supports.
    #[error("unsupported DATABASE_URL scheme in {0:?}: use sqlite://PATH or postgres://...")]
    UnknownScheme(String),
    /// A connection could not be opened.
    #[error("cannot connect to the database: {0}")]
    Connect(#[from] diesel::ConnectionError),
    /// The pool gave up waiting for a connection.
    #[error("database pool: {0}")]
    Pool(#[from] r2d2::PoolError),
    /// A query failed.
    #[error("database query: {0}")]
    Query(#[from] diesel::result::Error),
    /// Applying migrations failed.
    #[error("migrations: {0}")]
    Migration(String),
    /// The blocking thread that ran the work failed (panicked or was cancelled).
    #[error("database task: {0}")]
    Task(#[from] tokio::task::JoinError),
    /// A setting of the database connection is not one of its allowed values.
    #[error("{0}")]
    Setting(String),
    /// The commit that held a write failed, so the write is not stored.
    #[error("the commit of this write failed: {0}")]
    Commit(String),
    /// The writer that held this write stopped before its commit.
    #[error("the write was lost with the writer that held it")]
    WriterLost,
}

/// How hard SQLite pushes each commit to the disk (`PRAGMA synchronous`, in WAL mode).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SqliteSync {
    /// Every commit is on the disk before it is answered: survives a power failure.
    Full,
    /// Commits survive a crash of the process, but the last ones may be lost on a power
    /// failure or an operating-system crash.
    Normal,
}

impl SqliteSync {
    /// Parses `full` or `normal` (any case).
    pub fn parse(value: &str) -> Result<SqliteSync, DbError> {
        match value.trim().to_ascii_lowercase().as_str() {
            "full" => Ok(SqliteSync::Full),
            "normal" => Ok(SqliteSync::Normal),
            other => {
                Err(DbError::Setting(format!("FIELDFIX_SQLITE_SYNCHRONOUS must be full or normal, not {other:?}")))
            }
        }
    }

    fn pragma(self) -> &'static str {
        match self {
            SqliteSync::Full => "FULL",
            SqliteSync::Normal => "NORMAL",
        }
    }
}

impl Backend {
    /// Splits a `DATABASE_URL` into its backend and the string the driver understands.
    pub fn parse(url: &str) -> Result<(Backend, String), DbError> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok((Backend::Postgres, url.to_string()))
        } else if let Some(path) = url.strip_prefix("sqlite://") {
            if path.is_empty() {
                return Err(DbError::UnknownScheme(url.to_string()));
            }
            Ok((Backend::Sqlite, path.to_string()))
        } else if url == "sqlite::memory:" {
            Ok((Backend::Sqlite, ":memory:".to_string()))
        } else {
            Err(DbError::UnknownScheme(url.to_string()))
        }
    }
}

/// Opens connections of one backend; SQLite ones get WAL, foreign keys and a busy timeout.
#[derive(Clone, Debug)]
pub struct Manager {
    backend: Backend,
    target: String,
    sync: SqliteSync,
}

impl Manager {
    /// A manager for a `DATABASE_URL`; SQLite connections commit fully synchronous.
    pub fn new(url: &str) -> Result<Self, DbError> {
        let (backend, target) = Backend::parse(url)?;
        Ok(Manager { backend, target, sync: SqliteSync::Full })
    }

    /// The same manager with SQLite commits synchronous as `sync`.
    pub fn synchronous(self, sync: SqliteSync) -> Self {
        Manager { sync, ..self }
    }

    /// Opens one connection outside any pool (migrations, tools).
    pub fn open(&self) -> Result<DbConnection, DbError> {
        match self.backend {
            Backend::Postgres => Ok(DbConnection::Pg(PgConnection::establish(&self.target)?)),
            Backend::Sqlite => {
                let mut conn = SqliteConnection::establish(&self.target)?;
                conn.batch_execute(&format!(
                    "PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL; \
                     PRAGMA synchronous = {}; PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;",
                    self.sync.pragma()
                ))?;
                Ok(DbConnection::Sqlite(conn))
            }
        }
    }
}

impl ManageConnection for Manager {
    type Connection = DbConnection;
    type Error = DbError;

    fn connect(&self) -> Result<DbConnection, DbError> {
        self.open()
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), DbError> {
        conn.batch_execute("SELECT 1").map_err(DbError::Query)
    }

    /// A connection given back inside a transaction (its user failed mid-way) is closed, which
    /// rolls that transaction back, instead of being handed to the next user.
    fn has_broken(&self, conn: &mut DbConnection) -> bool {
        std::thread::panicking() || diesel::r2d2::R2D2Connection::is_broken(conn)
    }
}

/// Counts and logs the errors the pool meets while opening connections in the background
/// (it retries them, so no caller sees them).
#[derive(Debug, Default)]
struct ConnectErrors(Arc<AtomicU64>);

impl r2d2::HandleError<DbError> for ConnectErrors {
    fn handle_error(&self, error: DbError) {
        self.0.fetch_add(1, Ordering::Relaxed);
        tracing::warn!(%error, "database pool could not open a connection; retrying");
    }
}

/// The shared handle to the database: a pool plus, on SQLite, the single-writer lock.
#[derive(Clone)]
pub struct Db {
    connect_errors: Arc<AtomicU64>,
    pool: Pool<Manager>,
    backend: Backend,
    write_lock: Arc<Mutex<()>>,
    pub(super) queue: WriteQueue,
}

impl Db {
    /// Builds the pool for a `DATABASE_URL` (SQLite commits fully synchronous).
    pub fn connect(url: &str, max_size: u32) -> Result<Db, DbError> {
        Self::connect_with(url, max_size, SqliteSync::Full)
    }

    /// Builds the pool for a `DATABASE_URL` with SQLite commits synchronous as `sync`.
    pub fn connect_with(url: &str, max_size: u32, sync: SqliteSync) -> Result<Db, DbError> {
        let manager = Manager::new(url)?.synchronous(sync);
        let backend = manager.backend;
        if backend == Backend::Sqlite {
            // WAL mode is written into a new file by the first connection that sets it, under an
            // exclusive lock: done once here, before the pool opens its connections in parallel,
            // none of them can find the file locked by another's switch.
            drop(manager.open()?);
        }
        let connect_errors = Arc::new(AtomicU64::new(0));
        let pool = Pool::builder()
            .max_size(max_size)
            .connection_timeout(std::time::Duration::from_secs(30))
            .error_handler(Box::new(ConnectErrors(connect_errors.clone())))
            .build(manager)?;
        Ok(Db { connect_errors, pool, backend, write_lock: Arc::new(Mutex::new(())), queue: WriteQueue::default() })
    }

    /// How many times the pool failed to open a connection since the start.
    pub fn connect_errors(&self) -> u64 {
        self.connect_errors.load(Ordering::Relaxed)
    }

    /// The backend this handle talks to.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// A pooled connection for blocking code (jobs, tools); async code uses `read`/`write`.
    pub fn get(&self) -> Result<r2d2::PooledConnection<Manager>, DbError> {
        Ok(self.pool.get()?)
    }

    /// Runs `f` on a pooled connection on the blocking thread pool.
    pub async fn read<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        let pool = self.pool.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = pool.get().map_err(DbError::from)?;
            f(&mut conn)
        })
        .await
        .map_err(DbError::from)?
    }

    /// Runs `f` inside one transaction on the blocking thread pool. On SQLite, writers take
    /// turns (one writer at a time), so a deferred transaction never fails to upgrade, and
    /// writes waiting for their turn are committed together (see [`super::batch`]): `f` then
    /// runs in a savepoint, and its answer comes after the commit.
    pub async fn write<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + From<diesel::result::Error> + Send + 'static,
    {
        let db = self.clone();
        match self.backend {
            Backend::Postgres => tokio::task::spawn_blocking(move || db.write_blocking(f)).await,
            Backend::Sqlite => tokio::task::spawn_blocking(move || db.write_grouped(f)).await,
        }
        .map_err(DbError::from)?
    }

    /// SQLite's group commit: queue `f`, then take turns until a batch holding it has run.
    fn write_grouped<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + From<diesel::result::Error> + Send + 'static,
    {
        let (number, slot) = self.queue.push(f);
        loop {
            let _turn = self.write_lock.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(answer) = take(&slot) {
                return answer;
            }
            if !self.queue.waits(number) {
                return Err(E::from(DbError::WriterLost));
            }
            self.queue.run_batch(|| self.pool.get().map_err(DbError::from));
        }
    }

    /// The blocking form of [`Db::write`], for background jobs and tools.
    pub fn write_blocking<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, E>,
        E: From<DbError> + From<diesel::result::Error>,
    {
        // The turn comes before the connection: writers waiting for their turn on SQLite
        // must not hold pooled connections that readers could use meanwhile.
        let _turn = match self.backend {
            Backend::Sqlite => Some(self.write_lock.lock().unwrap_or_else(|p| p.into_inner())),
            Backend::Postgres => None,
        };
        let mut conn = self.pool.get().map_err(DbError::from)?;
        let conn: &mut DbConnection = &mut conn;
        conn.transaction(f)
    }
}

#[cfg(test)]
mod tests {
    use super::Db;

    /// A new SQLite file is switched to WAL before the pool opens its connections in
    /// parallel; before, they raced for the switch and some met "database is locked".
    #[test]
    fn fresh_sqlite_files_open_without_connection_errors() {
        let dir = std::env::temp_dir().join(format!("fieldfix-pool-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
        for round in 0..10 {
            let file = dir.join(format!("fresh-{round}.db"));
            let db = Db::connect(&format!("sqlite://{}", file.display()), 8).unwrap_or_else(|e| panic!("{e}"));
            let held: Vec<_> = (0..8).map(|_| db.get().unwrap_or_else(|e| panic!("{e}"))).collect();
            assert_eq!(db.connect_errors(), 0, "round {round}");
            drop(held);
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
