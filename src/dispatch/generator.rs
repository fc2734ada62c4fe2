//! A seeded generator of realistic day plans: a city of neighbourhoods,
//! technicians with one to three skills and staggered shifts (some from
//! noon), most visits in two-hour windows and the rest open all day, a few
//! visits pinned to a technician, and a load factor for over-full days, so
//! the optimizer can be measured on our kind of problem and not only Solomon's.

use super::day::{Interval, PlannedVisit, SkillLevel, TechnicianDay};
use super::dayplan::{DayPlan, PlanId, PlanTechnician, PlanVisit, FORMAT};
use super::rng::Rng;
use super::travel::{duration_matrix, GreatCircle, LatLon, TravelModel};

/// The skills of the generated city, with how often visits need them.
pub const SKILLS: [(&str, f64); 4] = [("plumbing", 0.4), ("electrical", 0.25), ("appliances", 0.25), ("heating", 0.1)];

/// Sizes used by the day-plan benchmark (technicians, visits).
pub const BENCH_SIZES: [(usize, usize); 3] = [(8, 60), (30, 300), (80, 700)];

fn pick_skill(rng: &mut Rng) -> &'static str {
    let mut x = rng.unit();
    for (name, w) in SKILLS {
        if x < w {
            return name;
        }
        x -= w;
    }
    SKILLS[0].0
}

fn near(rng: &mut Rng, centre: LatLon, spread_deg: f64) -> LatLon {
    let dx = (rng.unit() - rng.unit()) * spread_deg;
    let dy = (rng.unit() - rng.unit()) * spread_deg;
    LatLon::new(centre.lat + dy, centre.lon + dx)
}

/// What a generated day looks like beyond its size.
#[derive(Debug, Clone, PartialEq)]
pub struct DayOptions {
    /// Hours at which shifts start, one drawn per technician; every shift
    /// lasts [`SHIFT_HOURS`], so one starting at 12 ends at 21:00.
    pub shift_starts: Vec<i64>,
    /// Share of visits with a two-hour window; the others are open 08:00-21:00.
    pub window_share: f64,
    /// Share of visits pinned to a technician (accepted work).
    pub pin_share: f64,
    /// Service times are multiplied by this: above 1 the day is over-full.
    pub load_factor: f64,
}

impl Default for DayOptions {
    fn default() -> Self {
        Self { shift_starts: vec![7, 8, 9, 10, 12], window_share: 0.75, pin_share: 0.05, load_factor: 1.0 }
    }
}

/// Length of a generated shift in hours.
pub const SHIFT_HOURS: i64 = 9;
/// Hours at which two-hour windows open (the last closes at 21:00).
const WINDOW_STARTS: [i64; 6] = [8, 10, 12, 14, 16, 18];
/// The window of a visit without one: 08:00-21:00.
const OPEN_WINDOW: [i64; 2] = [8 * 3_600, 21 * 3_600];

/// Generates a day of `technicians` and `visits` from `seed` with the
/// default [`DayOptions`]; with `with_matrix` the travel matrix is written
/// into the plan (as an export from the server would), otherwise it is left
/// to the travel model.
pub fn generate_day_plan(technicians: usize, visits: usize, seed: u64, with_matrix: bool) -> DayPlan {
    generate_day(technicians, visits, seed, with_matrix, &DayOptions::default())
}

/// Generates a day as [`generate_day_plan`] does, shaped by `options`. The
/// same arguments give the same day. Pinned visits get a two-hour window
/// inside their technician's shift, at least two hours from the technician's
/// other pins, so the pins of a generated day can always be served.
pub fn generate_day(technicians: usize, visits: usize, seed: u64, with_matrix: bool, options: &DayOptions) -> DayPlan {
    let mut rng = Rng::new(seed);
    let city = LatLon::new(30.27, 120.15);
    let hoods: Vec<LatLon> = (0..3 + visits / 60).map(|_| near(&mut rng, city, 0.12)).collect();
    let shift_starts = if options.shift_starts.is_empty() { vec![8] } else { options.shift_starts.clone() };
    let techs: Vec<PlanTechnician> = (0..technicians)
        .map(|i| {
            let hood = hoods[rng.below(hoods.len())];
            let home = near(&mut rng, hood, 0.04);
            let mut skills = vec![pick_skill(&mut rng).to_string()];
            for p in [0.6, 0.2] {
                let s = pick_skill(&mut rng).to_string();
                if rng.unit() < p && !skills.contains(&s) {
                    skills.push(s);
                }
            }
            let a = shift_starts[rng.below(shift_starts.len())];
            PlanTechnician {
                id: PlanId::Int(i as i64 + 1),
                home,
                skills,
                shift: [a * 3_600, ((a + SHIFT_HOURS) * 3_600).min(24 * 3_600)],
                matrix_index: Some(i),
            }
        })
        .collect();
    let mut pin_hours: Vec<Vec<i64>> = vec![Vec::new(); technicians];
    let plan_visits: Vec<PlanVisit> = (0..visits)
        .map(|i| {
            let hood = hoods[rng.below(hoods.len())];
            let location = near(&mut rng, hood, 0.03);
            let skill = pick_skill(&mut rng).to_string();
            let h = WINDOW_STARTS[rng.below(WINDOW_STARTS.len())];
            let mut window = if rng.unit() < options.window_share { [h * 3_600, (h + 2) * 3_600] } else { OPEN_WINDOW };
            let mut pinned_to = None;
            if rng.unit() < options.pin_share {
                let able: Vec<usize> = (0..techs.len()).filter(|&t| techs[t].skills.contains(&skill)).collect();
                if !able.is_empty() {
                    let t = able[rng.below(able.len())];
                    let first = techs[t].shift[0] / 3_600 + 1;
                    let last = (techs[t].shift[1] / 3_600 - 3).max(first);
                    let free: Vec<i64> =
                        (first..=last).filter(|h| pin_hours[t].iter().all(|u| (h - u).abs() >= 2)).collect();
                    if !free.is_empty() {
                        let h = free[rng.below(free.len())];
                        pin_hours[t].push(h);
                        window = [h * 3_600, (h + 2) * 3_600];
                        pinned_to = Some(techs[t].id.clone());
                    }
                }
            }
            let minutes = (20 + 10 * rng.below(5) as i64) as f64 * options.load_factor.max(0.0);
            PlanVisit {
                id: PlanId::Int(1_000 + i as i64),
                location,
                skill,
                duration_s: (minutes * 60.0).round() as i64,
                window,
                pinned_to,
                matrix_index: Some(technicians + i),
            }
        })
        .collect();
    let durations_s = with_matrix.then(|| {
        let points: Vec<LatLon> = techs.iter().map(|t| t.home).chain(plan_visits.iter().map(|v| v.location)).collect();
        duration_matrix(&GreatCircle::default(), &points)
    });
    DayPlan { format: FORMAT.to_string(), technicians: techs, visits: plan_visits, durations_s, distances_m: None }
}

/// Generates `technicians` technician days in the same kind of city for
/// ranking and slots: shifts of 08:00–18:00 after `day_start` (unix seconds
/// of local midnight), up to `visits_per_technician` visits each, planned
/// back to back with travel, some with a promised window that lets them move.
pub fn generate_technician_days(
    technicians: usize,
    visits_per_technician: usize,
    seed: u64,
    day_start: i64,
) -> Vec<TechnicianDay> {
    let mut rng = Rng::new(seed);
    let travel = GreatCircle::default();
    let city = LatLon::new(30.27, 120.15);
    let hoods: Vec<LatLon> = (0..8).map(|_| near(&mut rng, city, 0.15)).collect();
    (0..technicians)
        .map(|i| {
            let hood = hoods[rng.below(hoods.len())];
            let home = near(&mut rng, hood, 0.05);
            let mut skills = vec![SkillLevel { skill: pick_skill(&mut rng).into(), level: 1 + rng.below(5) as u8 }];
            let extra = pick_skill(&mut rng);
            if rng.unit() < 0.5 && skills.iter().all(|s| s.skill != extra) {
                skills.push(SkillLevel { skill: extra.into(), level: 1 + rng.below(5) as u8 });
            }
            let shift = Interval::new(day_start + 8 * 3_600, day_start + 18 * 3_600);
            let mut planned = Vec::new();
            let (mut at, mut t) = (home, shift.start);
            for _ in 0..visits_per_technician {
                let location = near(&mut rng, hood, 0.04);
                let start = t + travel.seconds(at, location) + 60 * rng.below(15) as i64;
                let end = start + 60 * (20 + rng.below(21) as i64);
                if end + travel.seconds(location, home) > shift.end {
                    break;
                }
                let latest_start = (rng.unit() < 0.5).then(|| start + 60 * rng.below(60) as i64);
                planned.push(PlannedVisit { id: planned.len() as i64 + 1, location, start, end, latest_start });
                at = location;
                t = end;
            }
            TechnicianDay {
                id: i as i64 + 1,
                name: format!("Technician {}", i + 1),
                home,
                position: None,
                skills,
                active: rng.unit() < 0.95,
                shifts: vec![shift],
                time_off: Vec::new(),
                load: planned.len() as u32,
                planned,
                rating: Some(3.0 + 2.0 * rng.unit()),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dispatch::dayplan::{parse_day_plan, validate, DayPlanError};
    use crate::dispatch::dayplan_answer::solve_day_plan;
    use crate::dispatch::model::Params;

    #[test]
    fn generated_plans_are_valid_round_trip_and_solve_feasibly() {
        let plan = generate_day_plan(4, 25, 7, true);
        assert_eq!(plan, generate_day_plan(4, 25, 7, true));
        let text = serde_json::to_string(&plan).unwrap_or_default();
        let mut back = parse_day_plan(&text).unwrap_or_else(|e| panic!("{e}"));
        let close = |a: LatLon, b: LatLon| (a.lat - b.lat).abs() < 1e-9 && (a.lon - b.lon).abs() < 1e-9;
        for (b, p) in back.technicians.iter_mut().zip(&plan.technicians) {
            assert!(close(b.home, p.home));
            b.home = p.home;
        }
        for (b, p) in back.visits.iter_mut().zip(&plan.visits) {
            assert!(close(b.location, p.location));
            b.location = p.location;
        }
        assert_eq!(back, plan);
        let params = Params { time_limit_s: 0.2, seed: 1, ..Params::default() };
        let (answer, _, _) = solve_day_plan(&plan, &params, &GreatCircle::default(), None)
            .map_err(|e| e.to_string())
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(answer.feasible);
        assert_eq!(answer.served + answer.unassigned.len(), 25);
        let pinned: Vec<_> = plan.visits.iter().filter(|v| v.pinned_to.is_some()).collect();
        for v in pinned {
            let route = answer.routes.iter().find(|r| r.visits.iter().any(|s| s.id == v.id));
            if let Some(r) = route {
                assert_eq!(Some(&r.technician), v.pinned_to.as_ref());
            }
        }
    }

    #[test]
    fn options_shape_the_day_and_its_pins_always_fit() {
        use crate::dispatch::dayplan::prepare;
        use crate::dispatch::pins::pinned_routes;
        for seed in 1..=5 {
            let plan = generate_day(40, 400, seed, false, &DayOptions::default());
            let open = plan.visits.iter().filter(|v| v.window == OPEN_WINDOW).count() as f64 / 400.0;
            assert!((0.15..0.35).contains(&open), "{open}");
            assert!(plan.technicians.iter().any(|t| t.shift == [12 * 3_600, 21 * 3_600]));
            let pins = plan.visits.iter().filter(|v| v.pinned_to.is_some()).count();
            assert!((5..=40).contains(&pins), "{pins}");
            let prepared = prepare(&plan, &GreatCircle::default()).unwrap_or_else(|e| panic!("{e}"));
            assert!(pinned_routes(&prepared.problem).is_ok());
        }
        let options = DayOptions { shift_starts: vec![8], window_share: 0.0, pin_share: 0.0, load_factor: 1.5 };
        let plan = generate_day(5, 50, 2, false, &options);
        assert!(plan.technicians.iter().all(|t| t.shift == [8 * 3_600, 17 * 3_600]));
        assert!(plan.visits.iter().all(|v| v.window == OPEN_WINDOW && v.pinned_to.is_none()));
        assert!(plan.visits.iter().all(|v| v.duration_s >= 30 * 60 && v.duration_s % 900 == 0));
    }

    #[test]
    fn validation_names_the_problem() {
        let plan = generate_day_plan(2, 5, 3, true);
        let mut bad = plan.clone();
        bad.visits[1].id = bad.visits[0].id.clone();
        assert!(matches!(validate(&bad), Err(DayPlanError::DuplicateId { kind: "visit", .. })));
        let mut bad = plan.clone();
        bad.visits[0].window = [50_000, 40_000];
        assert!(matches!(validate(&bad), Err(DayPlanError::Interval { .. })));
        let mut bad = plan.clone();
        bad.visits[0].window = [80_000, 90_000];
        assert!(matches!(validate(&bad), Err(DayPlanError::Interval { .. })));
        let mut bad = plan.clone();
        bad.visits[0].pinned_to = Some(PlanId::Int(99));
        assert!(matches!(validate(&bad), Err(DayPlanError::UnknownPinnedTechnician { .. })));
        let mut bad = plan.clone();
        bad.technicians[0].skills.clear();
        bad.visits[0].pinned_to = Some(bad.technicians[0].id.clone());
        assert!(matches!(validate(&bad), Err(DayPlanError::PinSkill { .. })));
        let mut bad = plan.clone();
        if let Some(m) = bad.durations_s.as_mut() {
            m.pop();
        }
        assert!(matches!(validate(&bad), Err(DayPlanError::MatrixSize { .. }) | Err(DayPlanError::MatrixIndex { .. })));
        let mut bad = plan.clone();
        bad.visits[0].matrix_index = Some(100);
        assert!(matches!(validate(&bad), Err(DayPlanError::MatrixIndex { index: 100, .. })));
        let mut bad = plan;
        bad.format = "other".into();
        assert!(matches!(validate(&bad), Err(DayPlanError::Format(_))));
        assert!(matches!(parse_day_plan("{"), Err(DayPlanError::Json(_))));
    }
}
