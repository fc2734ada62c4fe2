//! Ranking the technicians who could take a request, each with the reasons a
//! manager reads next to the suggestion.

use super::day::TechnicianDay;
use super::insertion::earliest_without_travel;
use super::scoring::{
    cos_band, delay_penalty, explain, keep, lean_of, nearest_point_lower_bound_m, static_score, worst_score,
    SCORE_MARGIN, W_TRAVEL_PER_MIN,
};
use super::travel::TravelModel;

pub use super::candidate::{Candidate, RankingOptions, VisitRequest};
pub use super::scoring::{clock, evaluate};

/// Ranks `days` for `request`: only active technicians holding the skill at
/// the level who can fit the visit into their day appear, best score first.
/// Technicians are tried in order of an upper bound of their score (all but
/// the insertion is known up front, travel is bounded by straight-line
/// distance), so only the few that can still make the list are evaluated.
/// To rank many requests against the same large set, build a `CandidateIndex`
/// (`candidate_index.rs`) once instead.
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dispatch::day::Interval;
    use crate::dispatch::travel::LatLon;

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
                id: 1,
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
        assert_eq!(got[0].reasons[0].to_string(), "plumbing level 2 (needs 2)");
        assert!(got[0].reasons[1].to_string().ends_with("min away"));
        assert_eq!(got[0].reasons[3].to_string(), "1 visit that day");
        assert_eq!(got[0].reasons[4].to_string(), "rated 4.8");
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
