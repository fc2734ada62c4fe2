//! The ranking score and its bounds: the weights, the part of the score
//! known before looking at a day, cheap lower bounds of travel and delay,
//! and the short list kept during a search (scores only; the words are
//! written for the final candidates).

use super::candidate::{Candidate, RankingOptions, VisitRequest};
use super::day::{GapKind, NewVisit, StartRange, TechnicianDay};
use super::insertion::{earliest_feasible_start, earliest_without_travel};
use super::travel::{LatLon, TravelModel, EARTH_RADIUS_M};
use crate::domain::msg::{Arg, Msg};

pub(super) const W_TRAVEL_PER_MIN: f64 = 1.0;
pub(super) const W_DELAY_PER_MIN: f64 = 0.1;
pub(super) const MAX_DELAY_MIN: f64 = 240.0;
pub(super) const W_LOAD: f64 = 2.0;
pub(super) const W_LEVEL: f64 = 3.0;
pub(super) const W_RATING: f64 = 4.0;

/// Score lost for starting at `start` instead of when the customer wants.
pub(super) fn delay_penalty(request: &VisitRequest, start: i64) -> f64 {
    let wanted = request.window.map_or(request.now, |w| w.start.max(request.now));
    W_DELAY_PER_MIN * ((start - wanted).max(0) as f64 / 60.0).min(MAX_DELAY_MIN)
}

/// Rounding of scores is to 0.1; bounds keep this much margin.
pub(super) const SCORE_MARGIN: f64 = 0.1;

/// A candidate during the search: what orders the list, without the words.
#[derive(Debug, Clone, Copy)]
pub(super) struct Lean {
    score: f64,
    start: i64,
    id: i64,
    index: usize,
}

pub(super) fn worst_score(found: &[Lean]) -> f64 {
    found.iter().map(|c| c.score).fold(f64::INFINITY, f64::min)
}

/// Adds a scored technician to the list, keeping the best `limit`.
pub(super) fn keep(found: &mut Vec<Lean>, lean: Lean, limit: usize) {
    found.push(lean);
    found.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.start.cmp(&b.start)).then(a.id.cmp(&b.id)));
    found.truncate(limit);
}

/// The final answer: the kept technicians, scored again with their reasons.
pub(super) fn explain(
    found: &[Lean],
    days: &[TechnicianDay],
    request: &VisitRequest,
    travel: &dyn TravelModel,
    options: &RankingOptions,
) -> Vec<Candidate> {
    found.iter().filter_map(|l| evaluate(&days[l.index], request, travel, options)).collect()
}

/// Score and earliest start of one technician, or `None` when they cannot
/// take the request; [`evaluate`] adds the words.
pub(super) fn score_of(
    day: &TechnicianDay,
    request: &VisitRequest,
    travel: &dyn TravelModel,
) -> Option<(f64, i64, StartRange)> {
    let base = static_score(day, request)?;
    let visit = NewVisit { location: request.location, duration_s: request.duration_s };
    let (start, range) = earliest_feasible_start(day, visit, travel, request.now, request.window)?;
    let travel_minutes = range.travel_in_s as f64 / 60.0;
    let score = base - W_TRAVEL_PER_MIN * travel_minutes - delay_penalty(request, start);
    Some(((score * 10.0).round() / 10.0, start, range))
}

pub(super) fn lean_of(
    day: &TechnicianDay,
    index: usize,
    request: &VisitRequest,
    travel: &dyn TravelModel,
) -> Option<Lean> {
    let (score, start, _) = score_of(day, request, travel)?;
    Some(Lean { score, start, id: day.id, index })
}

/// Evaluates `day` unless its score bound shows it cannot make the list.
pub(super) fn consider(
    found: &mut Vec<Lean>,
    day: &TechnicianDay,
    index: usize,
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
    if let Some(lean) = lean_of(day, index, request, travel) {
        keep(found, lean, limit);
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
pub(super) fn nearest_point_lower_bound_m(day: &TechnicianDay, to: LatLon, cos_band: f64) -> f64 {
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
pub(super) fn cos_band(lat: f64) -> f64 {
    (lat.abs() + 1.0).min(90.0).to_radians().cos()
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
        msg!("skill-level-needs", skill = Arg::Skill(request.skill.clone()), level = level, needed = request.min_level),
        msg!("km-about-min-away", km = format!("{:.1}", distance_km), minutes = travel_minutes.round() as i64),
        free_from(start.max(request.now), &range, request.now, options.utc_offset_s),
        match day.load {
            0 => msg!("no-visits-that-day"),
            1 => msg!("one-visit-that-day"),
            n => msg!("visits-that-day", count = n),
        },
        match day.rating {
            Some(r) => msg!("rated-value", rating = format!("{:.1}", r)),
            None => msg!("not-rated-yet"),
        },
    ];
    Some(Candidate {
        technician_id: day.id,
        score,
        distance_km: (distance_km * 10.0).round() / 10.0,
        travel_minutes: travel_minutes.round(),
        earliest_start: start,
        goes_before: range.before,
        reasons,
    })
}

/// "HH:MM" of a unix time in local time at `utc_offset_s`.
pub fn clock(t: i64, utc_offset_s: i64) -> String {
    let s = (t + utc_offset_s).rem_euclid(86_400);
    format!("{:02}:{:02}", s / 3600, (s % 3600) / 60)
}

fn free_from(start: i64, range: &StartRange, now: i64, utc_offset_s: i64) -> Msg {
    let at = on_day(start, now, utc_offset_s);
    match range.kind {
        GapKind::BetweenVisits => msg!("free-from-between-visits", time = at),
        GapKind::StartOfShift => msg!("free-from-before-first-visit", time = at),
        GapKind::AfterLastVisit => msg!("free-from-after-last-visit", time = at),
        GapKind::EmptyShift => msg!("free-from-nothing-planned-yet", time = at),
    }
}

/// "HH:MM" of `t` when it is on the local day of `now`; "tomorrow HH:MM" on the next; else
/// "MM-DD HH:MM": a time of another day never reads as one of today.
fn on_day(t: i64, now: i64, utc_offset_s: i64) -> Msg {
    let day = |x: i64| (x + utc_offset_s).div_euclid(86_400);
    let time = clock(t, utc_offset_s);
    match day(t) - day(now) {
        0 => msg!("typed-text", text = time),
        1 => msg!("day-tomorrow-at", time = time),
        _ => {
            let date = chrono::DateTime::from_timestamp(t + utc_offset_s, 0)
                .map_or_else(String::new, |d| d.format("%m-%d").to_string());
            msg!("day-date-at", date = date, time = time)
        }
    }
}
