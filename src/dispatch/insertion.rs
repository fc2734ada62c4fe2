//! Insertion feasibility: at which moments could a new visit start in a
//! technician's day, given the shift, the time off and the visits already
//! planned, travel included both ways? Ranking and slots both ask this.

use super::day::{working_intervals, GapKind, Interval, NewVisit, PlannedVisit, StartRange, TechnicianDay};
use super::travel::{LatLon, TravelModel};

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
        // A visit put in before one earlier may have pushed it within its promise.
        let real = real_times(inside.iter().map(|p| (p.location, p.start, p.end)), travel);
        // Latest start of each planned visit given everything after it;
        // a visit without a promise cannot move, whatever follows it.
        latest.clear();
        latest.resize(inside.len(), 0);
        let mut limit_next = work.end;
        let mut next_loc = day.home;
        for (k, p) in inside.iter().enumerate().rev() {
            let (start, end) = real[k];
            latest[k] = match p.latest_start.filter(|&l| l > start) {
                Some(own) => {
                    let by_next = limit_next - (end - start) - travel.seconds(p.location, next_loc);
                    own.min(by_next).max(start)
                }
                None => start,
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
                let (start, end) = real[gap - 1];
                (prev.location, end.max(now), start, kind)
            };
            if floor > win_hi || to_beat.is_some_and(|b| floor >= b) {
                return;
            }
            let (to, arrive_by, before) = if gap < inside.len() {
                (inside[gap].location, latest[gap], Some(inside[gap].id))
            } else {
                (day.home, work.end, None)
            };
            let cap = arrive_by.min(work.end) - visit.duration_s;
            if cap < win_lo || cap < ready {
                continue;
            }
            let travel_in_s = travel.seconds(from, visit.location);
            let earliest = ready + travel_in_s;
            let latest_start = (arrive_by - travel.seconds(visit.location, to)).min(work.end) - visit.duration_s;
            if earliest <= latest_start {
                to_beat = found(StartRange { earliest, latest: latest_start, from, travel_in_s, kind, before });
            }
        }
    }
}

/// When each of `visits` ((place, planned start, planned end), in driving order) really
/// starts and ends: at its planned start, or later when the drive from the one before
/// cannot make it; each keeps its length.
pub fn real_times(visits: impl IntoIterator<Item = (LatLon, i64, i64)>, travel: &dyn TravelModel) -> Vec<(i64, i64)> {
    let mut out = Vec::new();
    let mut before: Option<(LatLon, i64)> = None;
    for (at, planned_start, planned_end) in visits {
        let start = before.map_or(planned_start, |(from, end)| planned_start.max(end + travel.seconds(from, at)));
        let end = start + (planned_end - planned_start);
        out.push((start, end));
        before = Some((at, end));
    }
    out
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
    use super::feasible_starts;
    use crate::dispatch::day::{GapKind, Interval, NewVisit, PlannedVisit, TechnicianDay};
    use crate::dispatch::travel::{GreatCircle, LatLon, TravelModel};

    /// A visit put in before another earlier pushed it within its promise, and its stored
    /// start stayed: the day goes on from when it really ends, not from its stored end.
    #[test]
    fn a_visit_pushed_by_the_drive_before_it_ends_later_than_stored() {
        let (x, y) = (LatLon::new(30.0, 120.0), LatLon::new(30.1, 120.0));
        let travel = GreatCircle::default();
        let drive = travel.seconds(x, y);
        assert!(drive > 600, "the two places are a drive apart");
        let planned = vec![
            PlannedVisit { id: 1, location: x, start: 3_600, end: 7_200, latest_start: None },
            PlannedVisit { id: 2, location: y, start: 7_300, end: 10_900, latest_start: Some(7_200 + drive + 600) },
        ];
        let day = TechnicianDay {
            id: 1,
            name: "Li".into(),
            home: y,
            position: None,
            skills: Vec::new(),
            active: true,
            shifts: vec![Interval::new(0, 40_000)],
            time_off: Vec::new(),
            planned,
            rating: None,
            load: 2,
        };
        let visit = NewVisit { location: y, duration_s: 1_800 };
        let ranges = feasible_starts(&day, visit, &travel, 0);
        let after = ranges.iter().find(|r| r.kind == GapKind::AfterLastVisit);
        let after = after.unwrap_or_else(|| panic!("the end of the day has room: {ranges:?}"));
        assert_eq!(after.earliest, 7_200 + drive + 3_600, "the second visit really ends after its drive");
    }
}
