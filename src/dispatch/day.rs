//! A technician's day as ranking and slots see it, and the one question both
//! ask of it: at which moments could a new visit start, given the shift, the
//! time off and the visits already planned, travel included both ways?

use super::travel::LatLon;

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
    /// Database id of the visit (0 when it has none).
    #[serde(default)]
    pub id: i64,
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
    /// The planned visit a start in this range goes just before (`None`: it comes after
    /// every visit of its working interval). That visit and those after it may be pushed later.
    pub before: Option<i64>,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dispatch::insertion::feasible_starts;
    use crate::dispatch::travel::{GreatCircle, TravelModel};

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
                id: 1,
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
