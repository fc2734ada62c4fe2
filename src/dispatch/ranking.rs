//! Ranking the technicians who could take a request, each with the reasons a
//! manager reads next to the suggestion.

use super::day::{
    earliest_feasible_start, earliest_without_travel, GapKind, Interval, NewVisit, StartRange, TechnicianDay,
};
use super::travel::{LatLon, TravelModel, EARTH_RADIUS_M};
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

pub(super) const W_TRAVEL_PER_MIN: f64 = 1.0;
pub(super) const W_DELAY_PER_MIN: f64 = 0.1;
pub(super) const MAX_DELAY_MIN: f64 = 240.0;
pub(super) const W_LOAD: f64 = 2.0;
pub(super) const W_LEVEL: f64 = 3.0;
pub(super) const W_RATING: f64 = 4.0;

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
            let start = earliest_without_travel(d, request.duration_s, request.window, request.now)?;
            let bound = base
                - W_TRAVEL_PER_MIN * travel.lower_bound_seconds(straight_m) as f64 / 60.0
                - delay_penalty(request, start);
            Some((bound, i, straight_m))
        })
        .collect();
    bounded.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut found = Vec::new();
    let limit = options.max_candidates.max(1);
    for (bound, i, _) in bounded {
        if found.len() >= limit && bound < worst_score(&found) - SCORE_MARGIN {
            break;
        }
        if let Some(c) = evaluate(&days[i], request, travel, options) {
            found.push(c);
            sort_candidates(&mut found);
            found.truncate(limit);
        }
    }
    found
}

/// Score lost for starting at `start` instead of when the customer wants.
pub(super) fn delay_penalty(request: &VisitRequest, start: i64) -> f64 {
    let wanted = request.window.map_or(request.now, |w| w.start.max(request.now));
    W_DELAY_PER_MIN * ((start - wanted).max(0) as f64 / 60.0).min(MAX_DELAY_MIN)
}

/// Rounding of scores is to 0.1; bounds keep this much margin.
pub(super) const SCORE_MARGIN: f64 = 0.1;

pub(super) fn worst_score(found: &[Candidate]) -> f64 {
    found.iter().map(|c| c.score).fold(f64::INFINITY, f64::min)
}

/// Evaluates `day` unless its score bound shows it cannot make the list.
pub(super) fn consider(
    found: &mut Vec<Candidate>,
    day: &TechnicianDay,
    straight_m: f64,
    request: &VisitRequest,
    travel: &dyn TravelModel,
    options: &RankingOptions,
) {
    let limit = options.max_candidates.max(1);
    let Some(base) = static_score(day, request) else {
        return;
    };
    let Some(start) = earliest_without_travel(day, request.duration_s, request.window, request.now) else {
        return;
    };
    if found.len() >= limit {
        let bound = base
            - W_TRAVEL_PER_MIN * travel.lower_bound_seconds(straight_m) as f64 / 60.0
            - delay_penalty(request, start);
        if bound < worst_score(found) - SCORE_MARGIN {
            return;
        }
    }
    if let Some(c) = evaluate(day, request, travel, options) {
        found.push(c);
        sort_candidates(found);
        found.truncate(limit);
    }
}

/// The part of the score known without looking at the day's gaps: load,
/// skill level and rating; `None` for an unqualified technician.
pub(super) fn static_score(day: &TechnicianDay, request: &VisitRequest) -> Option<f64> {
    if !day.qualifies(&request.skill, request.min_level) {
        return None;
    }
    let level = day.level_of(&request.skill)?;
    let rating_part = day.rating.map_or(0.0, |r| (r.clamp(1.0, 5.0) - 3.0) * W_RATING);
    let level_part = f64::from(level.saturating_sub(request.min_level).min(4)) * W_LEVEL;
    Some(100.0 - W_LOAD * f64::from(day.load) + level_part + rating_part)
}

/// A lower bound of the straight-line meters from `to` to the nearest point
/// a technician starts a trip from. It is cheap (one cosine per call, no
/// trigonometry per point): north-south distance is exact along a meridian,
/// east-west distance is shrunk by the cosine of the highest latitude within
/// a degree of `to` and by 1 %, which keeps it below the great-circle
/// distance for anything closer than several hundred kilometres.
fn nearest_point_lower_bound_m(day: &TechnicianDay, to: LatLon, cos_band: f64) -> f64 {
    let per_rad = EARTH_RADIUS_M;
    std::iter::once(day.home)
        .chain(day.position)
        .chain(day.planned.iter().map(|p| p.location))
        .map(|p| {
            let dlat = (p.lat - to.lat).abs().to_radians();
            if dlat > 1f64.to_radians() {
                return per_rad * dlat;
            }
            let dlon = (p.lon - to.lon).abs();
            let dlon = dlon.min(360.0 - dlon).to_radians();
            0.99 * per_rad * (dlat * dlat + (cos_band * dlon).powi(2)).sqrt()
        })
        .fold(f64::INFINITY, f64::min)
}

/// Cosine of the highest latitude within a degree of `lat`.
fn cos_band(lat: f64) -> f64 {
    (lat.abs() + 1.0).min(90.0).to_radians().cos()
}

pub(super) fn sort_candidates(found: &mut [Candidate]) {
    found.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.earliest_start.cmp(&b.earliest_start))
            .then(a.technician_id.cmp(&b.technician_id))
    });
}

/// Scores one technician, or `None` when they cannot take the request.
pub fn evaluate(
    day: &TechnicianDay,
    request: &VisitRequest,
    travel: &dyn TravelModel,
    options: &RankingOptions,
) -> Option<Candidate> {
    let base = static_score(day, request)?;
    let level = day.level_of(&request.skill)?;
    let visit = NewVisit { location: request.location, duration_s: request.duration_s };
    let (start, range) = earliest_feasible_start(day, visit, travel, request.now, request.window)?;
    let travel_minutes = range.travel_in_s as f64 / 60.0;
    let distance_km = travel.meters(range.from, request.location) / 1000.0;
    let score = base - W_TRAVEL_PER_MIN * travel_minutes - delay_penalty(request, start);
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
        score: (score * 10.0).round() / 10.0,
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
