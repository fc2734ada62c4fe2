//! A technician's day as ranking and slots see it, and the one question both
//! ask of it: at which moments could a new visit start, given the shift, the
//! time off and the visits already planned, travel included both ways?

use super::travel::{LatLon, TravelModel};
use serde::{Deserialize, Serialize};

/// A half-open interval of unix seconds `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interval {
    /// First second inside the interval.
    pub start: i64,
    /// First second after the interval.
    pub end: i64,
}

impl Interval {
    /// Builds an interval; callers keep `start <= end`.
    pub fn new(start: i64, end: i64) -> Self {
        Self { start, end }
    }
}

/// A skill a technician holds, with a level from 1 (novice) to 5 (expert).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkillLevel {
    /// Skill name as the catalogue spells it (`plumbing`, `washing_machines`).
    pub skill: String,
    /// 1..=5.
    pub level: u8,
}

/// A visit already on a technician's day. It keeps its own promise: it may be
/// pushed later by an insertion only up to `latest_start` (its promised window
/// end); without one it must not move at all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlannedVisit {
    /// Where the visit takes place.
    pub location: LatLon,
    /// Planned start of service, unix seconds.
    pub start: i64,
    /// Planned end of service, unix seconds.
    pub end: i64,
    /// Latest start the customer was promised, unix seconds.
    pub latest_start: Option<i64>,
}

/// Everything ranking and slots need to know about one technician for the
/// day in question, read from the database by the caller.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TechnicianDay {
    /// Database id of the technician.
    pub id: i64,
    /// Display name, used in reasons.
    pub name: String,
    /// Where the day starts and ends.
    pub home: LatLon,
    /// Last known position, used for the part of the day that starts now.
    pub position: Option<LatLon>,
    /// Skills with levels.
    pub skills: Vec<SkillLevel>,
    /// Inactive technicians never get work.
    pub active: bool,
    /// Working intervals of the day (unix seconds).
    pub shifts: Vec<Interval>,
    /// Intervals off work inside or across shifts.
    pub time_off: Vec<Interval>,
    /// Visits already planned, in any order.
    pub planned: Vec<PlannedVisit>,
    /// Bayesian average rating, 1..=5, if any.
    pub rating: Option<f64>,
    /// Number of visits on the day (may count visits not in `planned`).
    pub load: u32,
}

impl TechnicianDay {
    /// The technician's level in `skill`, if they hold it.
    pub fn level_of(&self, skill: &str) -> Option<u8> {
        self.skills.iter().filter(|s| s.skill == skill).map(|s| s.level).max()
    }

    /// Active and holding `skill` at `min_level` or above.
    pub fn qualifies(&self, skill: &str, min_level: u8) -> bool {
        self.active && self.level_of(skill).is_some_and(|l| l >= min_level)
    }
}

/// Where in the day an insertion happens; it words the reasons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GapKind {
    /// Before the first planned visit of a working interval.
    StartOfShift,
    /// Between two planned visits.
    BetweenVisits,
    /// After the last planned visit of a working interval.
    AfterLastVisit,
    /// A working interval with nothing planned in it.
    EmptyShift,
}

/// A range of feasible service starts for a new visit in one gap of the day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StartRange {
    /// Earliest feasible start of service (unix seconds).
    pub earliest: i64,
    /// Latest feasible start of service (unix seconds), `>= earliest`.
    pub latest: i64,
    /// Where the technician comes from.
    pub from: LatLon,
    /// Driving seconds from `from` to the visit.
    pub travel_in_s: i64,
    /// Where in the day this is.
    pub kind: GapKind,
}

/// What the technician is asked to fit in: a visit of `duration_s` at `location`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NewVisit {
    /// Where the visit takes place.
    pub location: LatLon,
    /// Service duration in seconds.
    pub duration_s: i64,
}

/// Working intervals: shifts minus time off, sorted, empty pieces dropped.
pub fn working_intervals(day: &TechnicianDay) -> Vec<Interval> {
    let mut pieces: Vec<Interval> = day.shifts.iter().copied().filter(|s| s.start < s.end).collect();
    for off in &day.time_off {
        let mut next = Vec::with_capacity(pieces.len() + 1);
        for p in pieces {
            if off.end <= p.start || off.start >= p.end {
                next.push(p);
                continue;
            }
            if off.start > p.start {
                next.push(Interval::new(p.start, off.start));
            }
            if off.end < p.end {
                next.push(Interval::new(off.end, p.end));
            }
        }
        pieces = next;
    }
    pieces.sort_by_key(|p| p.start);
    pieces
}

/// Every range of service starts at which `visit` fits into `day` without
/// breaking anything: inside a working interval (travel from and back home
/// included), never before `now`, and every planned visit after it still
/// starting no later than its promise (or its planned start when it has none).
pub fn feasible_starts(day: &TechnicianDay, visit: NewVisit, travel: &dyn TravelModel, now: i64) -> Vec<StartRange> {
    let mut out = Vec::new();
    scan_gaps(day, visit, travel, now, None, &mut |r| {
        out.push(r);
        None
    });
    out
}

/// The earliest start of service inside `window` (anywhere when `None`) at
/// which `visit` fits into `day`, with the gap it uses; the same answer as
/// [`earliest_start_in`] over [`feasible_starts`], found without looking
/// at the gaps that cannot do better.
pub fn earliest_feasible_start(
    day: &TechnicianDay,
    visit: NewVisit,
    travel: &dyn TravelModel,
    now: i64,
    window: Option<Interval>,
) -> Option<(i64, StartRange)> {
    let mut best: Option<(i64, StartRange)> = None;
    scan_gaps(day, visit, travel, now, window, &mut |r| {
        let lo = window.map_or(r.earliest, |w| r.earliest.max(w.start));
        let hi = window.map_or(r.latest, |w| r.latest.min(w.end));
        if lo <= hi && best.is_none_or(|(b, _)| lo < b) {
            best = Some((lo, r));
        }
        best.map(|(b, _)| b)
    });
    best
}

/// Walks the gaps of the day in time order and hands every feasible range
/// to `found`, which answers the start to beat (`None` to see them all).
/// Gaps that cannot reach `window`, or cannot beat that start, are skipped
/// before any travel is estimated.
fn scan_gaps(
    day: &TechnicianDay,
    visit: NewVisit,
    travel: &dyn TravelModel,
    now: i64,
    window: Option<Interval>,
    found: &mut dyn FnMut(StartRange) -> Option<i64>,
) {
    let mut planned: Vec<&PlannedVisit> = day.planned.iter().collect();
    planned.sort_by_key(|p| p.start);
    let (win_lo, win_hi) = window.map_or((i64::MIN, i64::MAX), |w| (w.start, w.end));
    let mut to_beat: Option<i64> = None;
    let mut latest: Vec<i64> = Vec::new();
    for work in working_intervals(day) {
        if work.end <= now || work.end <= win_lo {
            continue;
        }
        if work.start > win_hi || to_beat.is_some_and(|b| work.start.max(now) >= b) {
            return;
        }
        let first = planned.partition_point(|p| p.start < work.start);
        let last = planned.partition_point(|p| p.start < work.end);
        let inside = &planned[first..last];
        // Latest start of each planned visit given everything after it;
        // a visit without a promise cannot move, whatever follows it.
        latest.clear();
        latest.resize(inside.len(), 0);
        let mut limit_next = work.end;
        let mut next_loc = day.home;
        for (k, p) in inside.iter().enumerate().rev() {
            latest[k] = match p.latest_start.filter(|&l| l > p.start) {
                Some(own) => {
                    let by_next = limit_next - (p.end - p.start) - travel.seconds(p.location, next_loc);
                    own.min(by_next).max(p.start)
                }
                None => p.start,
            };
            limit_next = latest[k];
            next_loc = p.location;
        }
        for gap in 0..=inside.len() {
            let (from, ready, floor, kind) = if gap == 0 {
                let from = if now <= work.start { day.home } else { day.position.unwrap_or(day.home) };
                let kind = if inside.is_empty() { GapKind::EmptyShift } else { GapKind::StartOfShift };
                (from, work.start.max(now), work.start.max(now), kind)
            } else {
                let prev = inside[gap - 1];
                let kind = if gap == inside.len() { GapKind::AfterLastVisit } else { GapKind::BetweenVisits };
                (prev.location, prev.end.max(now), prev.start, kind)
            };
            if floor > win_hi || to_beat.is_some_and(|b| floor >= b) {
                return;
            }
            let (to, arrive_by) =
                if gap < inside.len() { (inside[gap].location, latest[gap]) } else { (day.home, work.end) };
            let cap = arrive_by.min(work.end) - visit.duration_s;
            if cap < win_lo || cap < ready {
                continue;
            }
            let travel_in_s = travel.seconds(from, visit.location);
            let earliest = ready + travel_in_s;
            let latest_start = (arrive_by - travel.seconds(visit.location, to)).min(work.end) - visit.duration_s;
            if earliest <= latest_start {
                to_beat = found(StartRange { earliest, latest: latest_start, from, travel_in_s, kind });
            }
        }
    }
}

/// A quick necessary condition for [`feasible_starts`] to find a start
/// inside `window`: some gap of the day is long enough for the visit even
/// with no travel at all.
pub fn may_fit(day: &TechnicianDay, duration_s: i64, window: Option<Interval>, now: i64) -> bool {
    earliest_without_travel(day, duration_s, window, now).is_some()
}

/// A lower bound of the earliest start [`feasible_starts`] can find inside
/// `window`: the first gap of the day long enough for the visit if travel
/// took no time. Needs no travel estimate, so it is cheap enough to run on
/// every technician before the real insertion check; `None` means the
/// visit cannot fit at all.
pub fn earliest_without_travel(
    day: &TechnicianDay,
    duration_s: i64,
    window: Option<Interval>,
    now: i64,
) -> Option<i64> {
    let (lo, hi) = window.map_or((now, i64::MAX), |w| (w.start.max(now), w.end));
    let mut stops: Vec<(i64, i64, i64)> = Vec::with_capacity(day.planned.len() + 1);
    working_intervals(day).iter().find_map(|work| {
        if work.end <= lo || work.start > hi {
            return None;
        }
        stops.clear();
        stops.extend(
            day.planned
                .iter()
                .filter(|p| p.start >= work.start && p.start < work.end)
                .map(|p| (p.start, p.latest_start.unwrap_or(p.start).max(p.start), p.end)),
        );
        stops.sort_unstable();
        stops.push((work.end, work.end, work.end));
        let mut ready = work.start;
        stops.iter().find_map(|&(_, limit, end)| {
            let earliest = ready.max(lo);
            let latest = (limit - duration_s).min(hi).min(work.end - duration_s);
            ready = end.max(ready);
            (earliest <= latest).then_some(earliest)
        })
    })
}

/// The first feasible start inside `window` (or anywhere when `None`), with
/// the gap it uses.
pub fn earliest_start_in(ranges: &[StartRange], window: Option<Interval>) -> Option<(i64, StartRange)> {
    ranges
        .iter()
        .filter_map(|r| {
            let lo = window.map_or(r.earliest, |w| r.earliest.max(w.start));
            let hi = window.map_or(r.latest, |w| r.latest.min(w.end));
            (lo <= hi).then_some((lo, *r))
        })
        .min_by_key(|(t, _)| *t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dispatch::travel::GreatCircle;

    fn day() -> TechnicianDay {
        TechnicianDay {
            id: 1,
            name: "Li".into(),
            home: LatLon::new(30.0, 120.0),
            position: None,
            skills: vec![SkillLevel { skill: "plumbing".into(), level: 3 }],
            active: true,
            shifts: vec![Interval::new(0, 36_000)],
            time_off: vec![Interval::new(14_000, 16_000)],
            planned: vec![PlannedVisit {
                location: LatLon::new(30.01, 120.0),
                start: 5_000,
                end: 8_600,
                latest_start: None,
            }],
            rating: None,
            load: 1,
        }
    }

    #[test]
    fn time_off_splits_the_shift() {
        let w = working_intervals(&day());
        assert_eq!(w, vec![Interval::new(0, 14_000), Interval::new(16_000, 36_000)]);
    }

    #[test]
    fn fixed_visit_is_not_pushed() {
        let d = day();
        let v = NewVisit { location: LatLon::new(30.0, 120.01), duration_s: 3_600 };
        let ranges = feasible_starts(&d, v, &GreatCircle::default(), 0);
        let first = ranges[0];
        assert_eq!(first.kind, GapKind::StartOfShift);
        let back = GreatCircle::default().seconds(v.location, d.planned[0].location);
        assert!(first.latest + 3_600 + back <= 5_000);
        assert!(ranges.iter().all(|r| r.earliest >= 0 && r.latest + 3_600 <= 36_000));
    }
}
