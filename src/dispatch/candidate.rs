//! What ranking works with: the request to place, the options, and a suggested technician.

use super::day::Interval;
use super::travel::LatLon;
use serde::{Deserialize, Serialize};

/// The request to place: where, what skill at which level, how long, when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VisitRequest {
    /// Where the visit takes place.
    pub location: LatLon,
    /// Required skill.
    pub skill: String,
    /// Minimum level (1..=5) of that skill.
    pub min_level: u8,
    /// Service duration in seconds.
    pub duration_s: i64,
    /// Window for the start of service (unix seconds), `None` = as soon as possible.
    pub window: Option<Interval>,
    /// The current time (unix seconds); nothing starts before it.
    pub now: i64,
}

/// How many candidates to return and how to word them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RankingOptions {
    /// At most this many candidates, best first.
    pub max_candidates: usize,
    /// Technicians farther than this (straight line from any of their points) are ignored.
    pub max_km: f64,
    /// Offset of the service point's local time from UTC, for "free from 14:05".
    pub utc_offset_s: i64,
}

impl Default for RankingOptions {
    fn default() -> Self {
        Self { max_candidates: 10, max_km: 100.0, utc_offset_s: 0 }
    }
}

/// One suggested technician, best first in the answer of `ranking::rank_candidates`.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Database id of the technician.
    pub technician_id: i64,
    /// Higher is better; 100 is a nearby, idle, exactly qualified technician.
    pub score: f64,
    /// Driving distance from where the technician comes from.
    pub distance_km: f64,
    /// Driving time from where the technician comes from.
    pub travel_minutes: f64,
    /// Earliest start of service that fits the technician's day (unix seconds).
    pub earliest_start: i64,
    /// The planned visit of the technician's day the new one goes just before at that start
    /// (`None`: after every visit of that working interval).
    pub goes_before: Option<i64>,
    /// Sentences explaining the score, written in the reader's language where shown.
    pub reasons: Vec<crate::domain::msg::Msg>,
}
