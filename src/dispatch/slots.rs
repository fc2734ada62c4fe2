//! Bookable windows: the windows offered to a customer are those in which at
//! least one qualified technician can still fit the visit into their shift
//! and planned route, travel included, without breaking an earlier promise.

use super::day::{Interval, NewVisit, TechnicianDay};
use super::insertion::feasible_starts;
use super::travel::{LatLon, TravelModel};
use serde::{Deserialize, Serialize};

/// Default window length offered to customers: two hours.
pub const DEFAULT_SLOT_S: i64 = 7_200;

/// What the customer wants done.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SlotRequest {
    /// Where the visit takes place.
    pub location: LatLon,
    /// Required skill.
    pub skill: String,
    /// Minimum level of that skill.
    pub min_level: u8,
    /// Service duration in seconds.
    pub duration_s: i64,
    /// Nothing is offered before this moment (unix seconds).
    pub now: i64,
}

/// One offered window: service would start inside `[start, end]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slot {
    /// Window start, unix seconds.
    pub start: i64,
    /// Window end, unix seconds.
    pub end: i64,
    /// How many technicians could take the visit in this window.
    pub available: u32,
}

/// The windows of length `slot_s` tiling `range` (aligned on `range.start`)
/// in which at least one qualified technician of `days` can insert the visit
/// with its start inside the window. A window under way is offered while
/// someone can still start inside what is left of it (from `now`); windows
/// already over, or in which nobody fits, are left out.
pub fn available_slots(
    range: Interval,
    slot_s: i64,
    request: &SlotRequest,
    days: &[TechnicianDay],
    travel: &dyn TravelModel,
) -> Vec<Slot> {
    let slot_s = if slot_s > 0 { slot_s } else { DEFAULT_SLOT_S };
    let visit = NewVisit { location: request.location, duration_s: request.duration_s };
    let per_tech: Vec<Vec<(i64, i64)>> = days
        .iter()
        .filter(|d| d.qualifies(&request.skill, request.min_level))
        .map(|d| feasible_starts(d, visit, travel, request.now).into_iter().map(|r| (r.earliest, r.latest)).collect())
        .filter(|r: &Vec<(i64, i64)>| !r.is_empty())
        .collect();
    let mut slots = Vec::new();
    let mut start = range.start;
    while start < range.end {
        let end = (start + slot_s).min(range.end);
        let lo = start.max(request.now);
        if lo < end {
            let available =
                per_tech.iter().filter(|ranges| ranges.iter().any(|&(e, l)| e.max(lo) <= l.min(end))).count() as u32;
            if available > 0 {
                slots.push(Slot { start, end, available });
            }
        }
        start = end;
    }
    slots
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dispatch::day::{PlannedVisit, SkillLevel};
    use crate::dispatch::travel::GreatCircle;

    #[test]
    fn a_full_day_offers_nothing_and_a_free_one_offers_its_shift() {
        let busy = TechnicianDay {
            id: 1,
            name: "A".into(),
            home: LatLon::new(30.0, 120.0),
            position: None,
            skills: vec![SkillLevel { skill: "plumbing".into(), level: 3 }],
            active: true,
            shifts: vec![Interval::new(28_800, 61_200)],
            time_off: vec![],
            planned: vec![PlannedVisit {
                id: 1,
                location: LatLon::new(30.0, 120.0),
                start: 28_800,
                end: 61_200,
                latest_start: None,
            }],
            rating: None,
            load: 1,
        };
        let req = SlotRequest {
            location: LatLon::new(30.01, 120.0),
            skill: "plumbing".into(),
            min_level: 1,
            duration_s: 3_600,
            now: 0,
        };
        let travel = GreatCircle::default();
        let day = Interval::new(0, 86_400);
        assert!(available_slots(day, 7_200, &req, std::slice::from_ref(&busy), &travel).is_empty());
        let mut free = busy.clone();
        free.planned.clear();
        let slots = available_slots(day, 7_200, &req, &[free], &travel);
        assert_eq!(slots.first().map(|s| s.start), Some(28_800));
        assert!(slots.iter().all(|s| s.start < 61_200 && s.available == 1));
    }
}
