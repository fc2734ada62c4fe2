//! A spatial index for ranking many requests against one large set of
//! technicians: per skill, an R-tree of the active holders' homes, searched
//! nearest first. Each technician also knows its reach (how far its other
//! trip starting points, planned visits and last position, lie from home),
//! so the distance from a request to any of its points is bounded from
//! below without looking at them, and the search stops as soon as nobody
//! farther out could beat the candidates already found.

use super::candidate::{Candidate, RankingOptions, VisitRequest};
use super::day::TechnicianDay;
use super::insertion::earliest_without_travel;
use super::scoring::{
    consider, delay_penalty, explain, static_score, worst_score, Lean, SCORE_MARGIN, W_LEVEL, W_LOAD, W_RATING,
    W_TRAVEL_PER_MIN,
};
use super::travel::{TravelModel, EARTH_RADIUS_M};
use rstar::primitives::GeomWithData;
use rstar::RTree;
use std::collections::HashMap;

type Home = GeomWithData<[f64; 3], usize>;

/// The holders of one skill.
struct SkillTree {
    tree: RTree<Home>,
    /// Largest reach of a holder, meters of chord.
    max_reach_m: f64,
    /// Largest score any holder could reach before travel and delay.
    max_static: f64,
}

/// Build once per set of technician days, rank many requests.
pub struct CandidateIndex<'a> {
    days: &'a [TechnicianDay],
    reach_m: Vec<f64>,
    skills: HashMap<String, SkillTree>,
}

fn chord_m(a: [f64; 3], b: [f64; 3]) -> f64 {
    ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)).sqrt() * EARTH_RADIUS_M
}

impl<'a> CandidateIndex<'a> {
    /// Indexes the active technicians of `days` by skill.
    pub fn new(days: &'a [TechnicianDay]) -> Self {
        let reach_m: Vec<f64> = days
            .iter()
            .map(|d| {
                let home = d.home.unit_vector();
                d.position
                    .into_iter()
                    .chain(d.planned.iter().map(|p| p.location))
                    .map(|p| chord_m(home, p.unit_vector()))
                    .fold(0.0, f64::max)
            })
            .collect();
        let mut grouped: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, d) in days.iter().enumerate().filter(|(_, d)| d.active) {
            for s in &d.skills {
                let members = grouped.entry(s.skill.clone()).or_default();
                if members.last() != Some(&i) {
                    members.push(i);
                }
            }
        }
        let skills = grouped
            .into_iter()
            .map(|(skill, members)| {
                let max_reach_m = members.iter().map(|&i| reach_m[i]).fold(0.0, f64::max);
                let max_static = members
                    .iter()
                    .map(|&i| {
                        let d = &days[i];
                        let level = d.level_of(&skill).unwrap_or(1).saturating_sub(1).min(4);
                        let rating = d.rating.map_or(0.0, |r| (r.clamp(1.0, 5.0) - 3.0) * W_RATING);
                        100.0 - W_LOAD * f64::from(d.load) + W_LEVEL * f64::from(level) + rating
                    })
                    .fold(f64::NEG_INFINITY, f64::max);
                let homes = members.iter().map(|&i| Home::new(days[i].home.unit_vector(), i)).collect();
                let tree = SkillTree { tree: RTree::bulk_load(homes), max_reach_m, max_static };
                (skill, tree)
            })
            .collect();
        Self { days, reach_m, skills }
    }

    /// Ranks the indexed technicians for `request` (same answer as
    /// `ranking::rank_candidates`), nearest homes first.
    pub fn rank(&self, request: &VisitRequest, travel: &dyn TravelModel, options: &RankingOptions) -> Vec<Candidate> {
        let Some(group) = self.skills.get(&request.skill) else {
            return Vec::new();
        };
        let limit = options.max_candidates.max(1);
        let travel_lb = |m: f64| W_TRAVEL_PER_MIN * travel.lower_bound_seconds(m.max(0.0)) as f64 / 60.0;
        let mut found: Vec<Lean> = Vec::new();
        let query = request.location.unit_vector();
        for (home, d2) in group.tree.nearest_neighbor_iter_with_distance_2(&query) {
            let home_m = d2.sqrt() * EARTH_RADIUS_M;
            if home_m - group.max_reach_m > options.max_km * 1000.0 {
                break;
            }
            if found.len() >= limit
                && group.max_static - travel_lb(home_m - group.max_reach_m) < worst_score(&found) - SCORE_MARGIN
            {
                break;
            }
            let i = home.data;
            let day = &self.days[i];
            let nearest_m = (home_m - self.reach_m[i]).max(0.0);
            if found.len() >= limit {
                let Some(base) = static_score(day, request) else {
                    continue;
                };
                let Some(start) = earliest_without_travel(day, request.duration_s, request.window, request.now) else {
                    continue;
                };
                if base - travel_lb(nearest_m) - delay_penalty(request, start) < worst_score(&found) - SCORE_MARGIN {
                    continue;
                }
            }
            consider(&mut found, day, i, nearest_m, request, travel, options);
        }
        explain(&found, self.days, request, travel, options)
    }
}
