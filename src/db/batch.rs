//! Group commit on SQLite. SQLite has one writer at a time, and with `synchronous = FULL`
//! every commit waits for the disk. Writers that wait for their turn therefore leave their
//! work in a queue; whoever gets the turn runs every queued write in its own savepoint of one
//! transaction and commits them together: one flush for many answers. A write that fails
//! rolls back its own savepoint only; a write is answered only after the commit that holds it,
//! and when that commit fails every write in it gets the error, so nothing is acknowledged
//! that is not stored.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use diesel::Connection;

use super::{DbConnection, DbError};

/// The most writes one commit takes: bounds how long the first of them waits for the last.
const MOST_PER_COMMIT: usize = 32;

/// Tells a write how its batch's commit went: `None` when it is stored, or why not.
type Settle = Box<dyn FnOnce(Option<&str>) + Send>;

/// One queued write: run it in a savepoint, or fail it without running it.
pub(crate) struct Job {
    run: Box<dyn FnOnce(&mut DbConnection) -> Settle + Send>,
    fail: Box<dyn FnOnce(&str) + Send>,
}

/// Where the answer of one write waits for its writer.
type Slot<T, E> = Arc<Mutex<Option<Result<T, E>>>>;

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// The writes waiting for the writer's turn, each with its number.
#[derive(Clone, Default)]
pub(crate) struct WriteQueue {
    jobs: Arc<Mutex<VecDeque<(u64, Job)>>>,
    numbers: Arc<AtomicU64>,
    commits: Arc<AtomicU64>,
}

impl WriteQueue {
    /// Queues `f`; the returned slot holds its answer once a batch holding it has committed.
    pub(crate) fn push<T, E, F>(&self, f: F) -> (u64, Slot<T, E>)
    where
        F: FnOnce(&mut DbConnection) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + From<diesel::result::Error> + Send + 'static,
    {
        let slot: Slot<T, E> = Arc::new(Mutex::new(None));
        let (ran, failed) = (slot.clone(), slot.clone());
        let job = Job {
            run: Box::new(move |conn: &mut DbConnection| -> Settle {
                // Inside the batch's transaction this is a savepoint.
                let result = conn.transaction(f);
                Box::new(move |lost: Option<&str>| {
                    let result = match (result, lost) {
                        (Ok(_), Some(why)) => Err(E::from(DbError::Commit(why.to_string()))),
                        (result, _) => result,
                    };
                    *lock(&ran) = Some(result);
                })
            }),
            fail: Box::new(move |why: &str| {
                *lock(&failed) = Some(Err(E::from(DbError::Commit(why.to_string()))));
            }),
        };
        let number = self.numbers.fetch_add(1, Ordering::Relaxed);
        lock(&self.jobs).push_back((number, job));
        (number, slot)
    }

    /// How many batches have been committed (or tried).
    #[cfg(test)]
    pub(crate) fn commits(&self) -> u64 {
        self.commits.load(Ordering::Relaxed)
    }

    /// Whether write `number` still waits in the queue.
    pub(crate) fn waits(&self, number: u64) -> bool {
        lock(&self.jobs).iter().any(|(n, _)| *n == number)
    }

    /// Runs the oldest queued writes (at most [`MOST_PER_COMMIT`]) in one transaction; the
    /// caller holds the writer's turn. `open` gives the connection to write on.
    pub(crate) fn run_batch<C>(&self, open: impl FnOnce() -> Result<C, DbError>)
    where
        C: std::ops::DerefMut<Target = DbConnection>,
    {
        let batch: Vec<Job> = {
            let mut jobs = lock(&self.jobs);
            let n = jobs.len().min(MOST_PER_COMMIT);
            jobs.drain(..n).map(|(_, job)| job).collect()
        };
        if batch.is_empty() {
            return;
        }
        let mut conn = match open() {
            Ok(c) => c,
            Err(e) => {
                let why = e.to_string();
                batch.into_iter().for_each(|job| (job.fail)(&why));
                return;
            }
        };
        let mut settles = Vec::with_capacity(batch.len());
        let committed = conn.transaction::<_, diesel::result::Error, _>(|c| {
            for job in batch {
                settles.push((job.run)(c));
            }
            Ok(())
        });
        self.commits.fetch_add(1, Ordering::Relaxed);
        let lost = committed.err().map(|e| e.to_string());
        settles.into_iter().for_each(|settle| settle(lost.as_deref()));
    }
}

/// Takes the answer out of a slot, if it is there.
pub(crate) fn take<T, E>(slot: &Slot<T, E>) -> Option<Result<T, E>> {
    lock(slot).take()
}

#[cfg(test)]
mod tests {
    use diesel::connection::SimpleConnection;
    use diesel::sql_types::BigInt;
    use diesel::RunQueryDsl;

    use crate::db::{Db, DbError};

    #[derive(Debug)]
    enum Failed {
        Db,
        OnPurpose,
    }

    impl From<DbError> for Failed {
        fn from(_: DbError) -> Self {
            Failed::Db
        }
    }

    impl From<diesel::result::Error> for Failed {
        fn from(_: diesel::result::Error) -> Self {
            Failed::Db
        }
    }

    #[derive(diesel::QueryableByName)]
    struct Row {
        #[diesel(sql_type = BigInt)]
        x: i64,
    }

    /// Writes that wait for the writer's turn share commits; one that fails leaves nothing
    /// behind and takes nothing of the others with it; every answered write is stored.
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn waiting_writes_share_a_commit_and_fail_alone() {
        let dir = std::env::temp_dir().join(format!("fieldfix-batch-{}", crate::domain::ids::new_id()));
        std::fs::create_dir_all(&dir).unwrap_or_default();
        let url = format!("sqlite://{}", dir.join("t.db").display());
        let db = Db::connect(&url, 8).map_err(|e| e.to_string()).unwrap_or_else(|e| panic!("{e}"));
        db.write(|c| c.batch_execute("CREATE TABLE t (x INTEGER NOT NULL UNIQUE)").map_err(Failed::from))
            .await
            .unwrap_or_else(|e| panic!("{e:?}"));
        let before = db.queue.commits();
        let writes: Vec<_> = (0..200i64)
            .map(|i| {
                let db = db.clone();
                tokio::spawn(async move {
                    db.write(move |c| {
                        diesel::sql_query("INSERT INTO t (x) VALUES (?)").bind::<BigInt, _>(i).execute(c)?;
                        if i % 7 == 3 {
                            return Err(Failed::OnPurpose);
                        }
                        // The same value again: a unique violation, this write's alone.
                        if i % 11 == 5 {
                            diesel::sql_query("INSERT INTO t (x) VALUES (?)").bind::<BigInt, _>(i).execute(c)?;
                        }
                        Ok(i)
                    })
                    .await
                })
            })
            .collect();
        let mut answered = Vec::new();
        for w in writes {
            match w.await {
                Ok(Ok(i)) => answered.push(i),
                Ok(Err(Failed::OnPurpose)) | Ok(Err(Failed::Db)) => {}
                Err(e) => panic!("{e}"),
            }
        }
        let expected: Vec<i64> = (0..200).filter(|i| i % 7 != 3 && i % 11 != 5).collect();
        answered.sort_unstable();
        assert_eq!(answered, expected);
        let stored: Vec<Row> = db
            .read(|c| diesel::sql_query("SELECT x FROM t ORDER BY x").load::<Row>(c).map_err(Failed::from))
            .await
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(stored.iter().map(|r| r.x).collect::<Vec<_>>(), expected);
        let commits = db.queue.commits() - before;
        assert!(commits < 200, "200 waiting writes took {commits} commits");
        std::fs::remove_dir_all(&dir).unwrap_or_default();
    }
}
