//! Ranking the technicians who could take a request, each with the reasons a
//! manager reads next to the suggestion.

use super::day::{earliest_without_travel, GapKind, Interval, StartRange, TechnicianDay};
use super::scoring::{
    cos_band, delay_penalty, explain, keep, lean_of, nearest_point_lower_bound_m, score_of, static_score, worst_score,
    SCORE_MARGIN, W_TRAVEL_PER_MIN,
};
use super::travel::{LatLon, TravelModel};
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

/// One suggested technician, best first in the answer of [`rank_candidates`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// Human sentences explaining the score.
    pub reasons: Vec<String>,
}

/// Ranks `days` for `request`: only active technicians holding the skill at
/// the level who can fit the visit into their day appear, best score first.
/// Technicians are tried in order of an upper bound of their score (all but
/// the insertion is known up front, travel is bounded by straight-line
/// distance), so only the few that can still make the list are evaluated.
/// To rank many requests against the same large set, build a
/// [`super::candidate_index::CandidateIndex`] once instead.
pub fn rank_candidates(
    request: &VisitRequest,
    days: &[TechnicianDay],
    travel: &dyn TravelModel,
    options: &RankingOptions,
) -> Vec<Candidate> {
    let band = cos_band(request.location.lat);
    let mut bounded: Vec<(f64, usize, f64)> = days
        .iter()
        .enumerate()
        .filter_map(|(i, d)| {
            let base = static_score(d, request)?;
            let straight_m = nearest_point_lower_bound_m(d, request.location, band);
            if straight_m > options.max_km * 1000.0 {
                return None;
            }
            let bound = base - W_TRAVEL_PER_MIN * travel.lower_bound_seconds(straight_m) as f64 / 60.0;
            Some((bound, i, straight_m))
        })
        .collect();
    bounded.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut found = Vec::new();
    let limit = options.max_candidates.max(1);
    for (bound, i, _) in bounded {
        let full = found.len() >= limit;
        if full && bound < worst_score(&found) - SCORE_MARGIN {
            break;
        }
        let day = &days[i];
        let Some(start) = earliest_without_travel(day, request.duration_s, request.window, request.now) else {
            continue;
        };
        if full && bound - delay_penalty(request, start) < worst_score(&found) - SCORE_MARGIN {
            continue;
        }
        if let Some(lean) = lean_of(day, i, request, travel) {
            keep(&mut found, lean, limit);
        }
    }
    explain(&found, days, request, travel, options)
}

/// Scores one technician, or `None` when they cannot take the request.
pub fn evaluate(
    day: &TechnicianDay,
    request: &VisitRequest,
    travel: &dyn TravelModel,
    options: &RankingOptions,
) -> Option<Candidate> {
    let level = day.level_of(&request.skill)?;
    let (score, start, range) = score_of(day, request, travel)?;
    let travel_minutes = range.travel_in_s as f64 / 60.0;
    let distance_km = travel.meters(range.from, request.location) / 1000.0;
    let reasons = vec![
        format!("{} level {} (needs {})", request.skill, level, request.min_level),
        format!("{distance_km:.1} km, about {} min away", travel_minutes.round() as i64),
        free_from(start, &range, options.utc_offset_s),
        match day.load {
            0 => "no visits today".to_string(),
            1 => "1 visit today".to_string(),
            n => format!("{n} visits today"),
        },
        match day.rating {
            Some(r) => format!("rated {r:.1}"),
            None => "not rated yet".to_string(),
        },
    ];
    Some(Candidate {
        technician_id: day.id,
        score,
        distance_km: (distance_km * 10.0).round() / 10.0,
        travel_minutes: travel_minutes.round(),
        earliest_start: start,
        reasons,
    })
}

/// "HH:MM" of a unix time in local time at `utc_offset_s`.
pub fn clock(t: i64, utc_offset_s: i64) -> String {
    let s = (t + utc_offset_s).rem_euclid(86_400);
    format!("{:02}:{:02}", s / 3600, (s % 3600) / 60)
}

fn free_from(start: i64, range: &StartRange, utc_offset_s: i64) -> String {
    let at = clock(start, utc_offset_s);
    match range.kind {
        GapKind::BetweenVisits => format!("free from {at} between visits"),
        GapKind::StartOfShift => format!("free from {at} before the first visit"),
        GapKind::AfterLastVisit => format!("free from {at} after the last visit"),
        GapKind::EmptyShift => format!("free from {at}, nothing planned yet"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sort_candidates(found: &mut [Candidate]) {
        found.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(a.earliest_start.cmp(&b.earliest_start))
                .then(a.technician_id.cmp(&b.technician_id))
        });
    }
    use crate::dispatch::day::{PlannedVisit, SkillLevel};
    use crate::dispatch::travel::GreatCircle;

    fn tech(id: i64, lat: f64, skill: &str, level: u8) -> TechnicianDay {
        TechnicianDay {
            id,
            name: format!("T{id}"),
            home: LatLon::new(lat, 120.0),
            position: None,
            skills: vec![SkillLevel { skill: skill.into(), level }],
            active: true,
            shifts: vec![Interval::new(28_800, 61_200)],
            time_off: vec![],
            planned: vec![PlannedVisit {
                location: LatLon::new(lat, 120.01),
                start: 36_000,
                end: 39_600,
                latest_start: None,
            }],
            rating: Some(4.8),
            load: 1,
        }
    }

    fn request() -> VisitRequest {
        VisitRequest {
            location: LatLon::new(30.0, 120.02),
            skill: "plumbing".into(),
            min_level: 2,
            duration_s: 3_600,
            window: None,
            now: 30_000,
        }
    }

    #[test]
    fn ranks_nearest_qualified_first_with_reasons() {
        let days = vec![
            tech(1, 30.05, "plumbing", 4),
            tech(2, 30.0, "plumbing", 2),
            tech(3, 30.0, "electrical", 5),
            tech(4, 30.0, "plumbing", 1),
        ];
        let got = rank_candidates(&request(), &days, &GreatCircle::default(), &RankingOptions::default());
        let ids: Vec<i64> = got.iter().map(|c| c.technician_id).collect();
        assert_eq!(ids, vec![2, 1]);
        assert_eq!(got[0].reasons[0], "plumbing level 2 (needs 2)");
        assert!(got[0].reasons[1].ends_with("min away"));
        assert_eq!(got[0].reasons[3], "1 visit today");
        assert_eq!(got[0].reasons[4], "rated 4.8");
        assert!(got[0].earliest_start >= 30_000);
    }

    #[test]
    fn index_agrees_with_scan() {
        let days: Vec<TechnicianDay> =
            (0..400).map(|i| tech(i, 29.5 + (i as f64) * 0.0025, "plumbing", 1 + (i % 5) as u8)).collect();
        let opts = RankingOptions::default();
        let travel = GreatCircle::default();
        let mut scan: Vec<Candidate> = days.iter().filter_map(|d| evaluate(d, &request(), &travel, &opts)).collect();
        sort_candidates(&mut scan);
        scan.truncate(opts.max_candidates);
        let indexed = crate::dispatch::candidate_index::CandidateIndex::new(&days).rank(&request(), &travel, &opts);
        assert_eq!(scan, indexed);
        assert_eq!(scan, rank_candidates(&request(), &days, &travel, &opts));
    }
}
