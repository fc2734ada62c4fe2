//! The memory budget of photo uploads on one instance: a bounded queue of uploads held at
//! once (answered 503 when full, before the body is read), a few decoders, and the places
//! of each request's photo limit, held by an upload from before its body is read until it is
//! stored. An upload that fails (not an image, unreadable, too large) keeps its place for
//! [`FAILED_UPLOAD_MINUTES`], so garbage cannot be sent without end on one tracking link.
//! Held in memory: each instance keeps its own queue and counts.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};

use crate::app::error::AppError;
use crate::app::photos::store::{limit_of, Target};
use crate::domain::photo::{DECODES_AT_ONCE, FAILED_UPLOAD_MINUTES, UPLOADS_AT_ONCE, UPLOADS_RETRY_SECONDS};

/// The photo limit a place counts against: its request (customer), or its visit and stage.
type PlaceKey = (i64, Option<i64>, &'static str);

/// Uploads held by one place: in progress, and the times of the recent failures.
#[derive(Default)]
struct Place {
    in_progress: i64,
    failures: Vec<DateTime<Utc>>,
}

/// The queue, the decoders and the places of this instance.
pub struct PhotoUploads {
    held: AtomicUsize,
    decoders: tokio::sync::Semaphore,
    places: Mutex<HashMap<PlaceKey, Place>>,
    decodes: AtomicU64,
}

impl Default for PhotoUploads {
    fn default() -> Self {
        PhotoUploads {
            held: AtomicUsize::new(0),
            decoders: tokio::sync::Semaphore::new(DECODES_AT_ONCE),
            places: Mutex::new(HashMap::new()),
            decodes: AtomicU64::new(0),
        }
    }
}

/// An upload's place in the queue; given back when dropped.
pub struct QueuedUpload<'a>(&'a PhotoUploads);

impl Drop for QueuedUpload<'_> {
    fn drop(&mut self) {
        self.0.held.fetch_sub(1, Ordering::SeqCst);
    }
}

/// An upload's place in its request's photo limit. Dropped without [`HeldPlace::stored`], it
/// counts as a failed upload.
pub struct HeldPlace<'a> {
    uploads: &'a PhotoUploads,
    key: PlaceKey,
    at: DateTime<Utc>,
    stored: bool,
}

impl HeldPlace<'_> {
    /// The photo is stored: its place is now counted by the database.
    pub fn stored(mut self) {
        self.stored = true;
    }
}

impl Drop for HeldPlace<'_> {
    fn drop(&mut self) {
        let mut places = self.uploads.places.lock().unwrap_or_else(|p| p.into_inner());
        let place = places.entry(self.key).or_default();
        place.in_progress -= 1;
        if !self.stored {
            place.failures.push(self.at);
        }
    }
}

impl PhotoUploads {
    /// Takes a place in the queue, or answers 503 with `Retry-After` when it is full.
    pub fn enter(&self) -> Result<QueuedUpload<'_>, AppError> {
        let taken =
            self.held.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| (n < UPLOADS_AT_ONCE).then_some(n + 1));
        match taken {
            Ok(_) => Ok(QueuedUpload(self)),
            Err(_) => Err(AppError::Busy {
                what: msg!("too-many-photos-at-once-try-again", seconds = UPLOADS_RETRY_SECONDS),
                retry_after: UPLOADS_RETRY_SECONDS,
            }),
        }
    }

    /// Holds a place of `target`'s photo limit for one upload; 409 when the photos stored
    /// (when the target was read), those in progress and the recent failures fill it.
    pub fn hold(&self, target: &Target, now: DateTime<Utc>) -> Result<HeldPlace<'_>, AppError> {
        let (max, per) = limit_of(target);
        let key = (target.request_id, target.visit_id, target.stage.as_str());
        let since = now - Duration::minutes(FAILED_UPLOAD_MINUTES);
        let mut places = self.places.lock().unwrap_or_else(|p| p.into_inner());
        places.retain(|_, p| {
            p.failures.retain(|t| *t > since);
            p.in_progress > 0 || !p.failures.is_empty()
        });
        let place = places.entry(key).or_default();
        let failed = place.failures.len() as i64;
        if target.stored + place.in_progress + failed >= max {
            let message = if failed > 0 {
                msg!("at-most-photos-per-failed-count", max = max, per = per, minutes = FAILED_UPLOAD_MINUTES)
            } else {
                msg!("at-most-photos-per-counting-sending", max = max, per = per)
            };
            return Err(AppError::conflict(message, None));
        }
        place.in_progress += 1;
        Ok(HeldPlace { uploads: self, key, at: now, stored: false })
    }

    /// Runs `decode` on a blocking thread once a decoder is free (waiting in the queue).
    pub async fn decode<T, F>(&self, decode: F) -> Result<T, AppError>
    where
        F: FnOnce() -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        let _decoder = self.decoders.acquire().await.map_err(|_| AppError::internal("photo decoding stopped"))?;
        self.decodes.fetch_add(1, Ordering::SeqCst);
        tokio::task::spawn_blocking(decode).await.map_err(|e| AppError::unexpected("decoding a photo", e))?
    }

    /// How many decodes started on this instance since it started.
    pub fn decodes_started(&self) -> u64 {
        self.decodes.load(Ordering::SeqCst)
    }
}
