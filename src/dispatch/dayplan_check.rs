//! Judges an answer to a day plan that came from anywhere (our optimizer, an
//! outside solver, a hand-made plan). It reads the day-plan JSON itself, with
//! its own structures and its own reading of ids, windows, shifts, skills and
//! pins, and shares no code with `dayplan.rs` or the routing model: a mistake
//! in turning a day into the optimizer's problem cannot hide behind itself.
//! Only the travel model (the definition of driving times when the file
//! carries no `durations_s`) is shared.

use super::travel::{LatLon, TravelModel};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// The format this checker understands.
const FORMAT: &str = "fieldfix-dispatch-v1";

#[derive(Deserialize)]
struct Day {
    format: String,
    technicians: Vec<Technician>,
    visits: Vec<Job>,
    #[serde(default)]
    durations_s: Option<Vec<Vec<i64>>>,
}

#[derive(Deserialize)]
struct Technician {
    id: Value,
    home: LatLon,
    skills: Vec<String>,
    shift: [i64; 2],
    #[serde(default)]
    matrix_index: Option<usize>,
}

#[derive(Deserialize)]
struct Job {
    id: Value,
    location: LatLon,
    skill: String,
    duration_s: i64,
    window: [i64; 2],
    #[serde(default)]
    pinned_to: Option<Value>,
    #[serde(default)]
    matrix_index: Option<usize>,
}

/// One stop of an answer; `start_s` is optional for outside solvers.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct CheckedStop {
    /// Visit id (a JSON number or string).
    pub id: Value,
    /// Claimed start of service, seconds since local midnight.
    #[serde(default)]
    pub start_s: Option<i64>,
}

/// One route of an answer.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct CheckedRoute {
    /// Technician id.
    pub technician: Value,
    /// Visits in driving order.
    pub visits: Vec<CheckedStop>,
}

/// The answer to check: the JSON line of `fieldfix optimize --problem`.
/// Only `routes` is required; `unassigned`, `served` and `travel_s` are
/// checked against the routes when present, other fields are ignored.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct OutsideAnswer {
    /// Routes by technician.
    pub routes: Vec<CheckedRoute>,
    /// Visits declared unserved; when absent, every visit not on a route.
    #[serde(default)]
    pub unassigned: Option<Vec<Value>>,
    /// Claimed number of visits served.
    #[serde(default)]
    pub served: Option<usize>,
    /// Claimed total travel seconds.
    #[serde(default)]
    pub travel_s: Option<i64>,
}

/// The verdict of [`check_answer`], printed by `fieldfix check`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnswerCheck {
    /// True when no rule is broken.
    pub feasible: bool,
    /// Visits on the routes.
    pub served: usize,
    /// Visits of the plan on no route.
    pub unserved: usize,
    /// Travel seconds over the routes, recomputed from the plan.
    pub travel_s: i64,
    /// Every broken rule, in words naming the ids.
    pub violations: Vec<String>,
}

/// An id as written in messages: strings bare, numbers as numbers.
fn name(id: &Value) -> String {
    match id {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Seconds since midnight as `HH:MM:SS`.
fn clock(seconds: i64) -> String {
    format!("{:02}:{:02}:{:02}", seconds / 3_600, seconds / 60 % 60, seconds % 60)
}

/// The day read for judging: driving seconds between the technicians'
/// homes and the visits, looked up through each one's matrix row.
struct Judge {
    day: Day,
    seconds: Vec<Vec<i64>>,
    home_row: Vec<usize>,
    visit_row: Vec<usize>,
}

impl Judge {
    fn read(text: &str, travel: &dyn TravelModel) -> Result<Self, String> {
        let day: Day = serde_json::from_str(text).map_err(|e| format!("not a day plan: {e}"))?;
        if day.format != FORMAT {
            return Err(format!("format is {:?}, expected {FORMAT:?}", day.format));
        }
        let nt = day.technicians.len();
        let home_row: Vec<usize> =
            day.technicians.iter().enumerate().map(|(i, t)| t.matrix_index.unwrap_or(i)).collect();
        let visit_row: Vec<usize> =
            day.visits.iter().enumerate().map(|(i, v)| v.matrix_index.unwrap_or(nt + i)).collect();
        let seconds = match &day.durations_s {
            Some(m) => m.clone(),
            None => {
                let mut points = vec![LatLon::new(0.0, 0.0); nt + day.visits.len()];
                for (t, &row) in day.technicians.iter().zip(&home_row) {
                    *points.get_mut(row).ok_or("a matrix_index without durations_s")? = t.home;
                }
                for (v, &row) in day.visits.iter().zip(&visit_row) {
                    *points.get_mut(row).ok_or("a matrix_index without durations_s")? = v.location;
                }
                points.iter().map(|&a| points.iter().map(|&b| travel.seconds(a, b)).collect()).collect()
            }
        };
        let size = seconds.len();
        if seconds.iter().any(|row| row.len() != size) {
            return Err("durations_s is not a square matrix".into());
        }
        if home_row.iter().chain(&visit_row).any(|&r| r >= size) {
            return Err("a matrix_index is outside durations_s".into());
        }
        Ok(Self { day, seconds, home_row, visit_row })
    }

    fn drive(&self, from: usize, to: usize) -> i64 {
        self.seconds[from][to]
    }

    /// Drives technician `t`'s route at the claimed starts (the earliest
    /// possible where none is claimed) and names every broken rule; returns
    /// the travel seconds.
    fn drive_route(&self, t: usize, route: &[(usize, Option<i64>)], found: &mut Vec<String>) -> i64 {
        let tech = &self.day.technicians[t];
        let who = name(&tech.id);
        let (mut time, mut at, mut driven) = (tech.shift[0], self.home_row[t], 0);
        for &(v, claim) in route {
            let job = &self.day.visits[v];
            let id = name(&job.id);
            if !tech.skills.contains(&job.skill) {
                found.push(format!("skill mismatch: technician {who} lacks skill {:?} for visit {id}", job.skill));
            }
            if let Some(pin) = job.pinned_to.as_ref().filter(|&p| *p != tech.id) {
                found.push(format!("pin violated: visit {id} is pinned to technician {}, routed to {who}", name(pin)));
            }
            let row = self.visit_row[v];
            driven += self.drive(at, row);
            let earliest = (time + self.drive(at, row)).max(job.window[0]);
            let start = match claim {
                Some(s) if s < earliest => {
                    found.push(format!(
                        "technician {who} cannot start visit {id} at {} (earliest {})",
                        clock(s),
                        clock(earliest)
                    ));
                    earliest
                }
                Some(s) => s,
                None => earliest,
            };
            if start > job.window[1] {
                found.push(format!(
                    "window missed: technician {who} starts visit {id} at {}, after its window end {}",
                    clock(start),
                    clock(job.window[1])
                ));
            }
            time = start + job.duration_s;
            at = row;
        }
        if !route.is_empty() {
            driven += self.drive(at, self.home_row[t]);
            let home = time + self.drive(at, self.home_row[t]);
            if home > tech.shift[1] {
                found.push(format!(
                    "shift overrun: technician {who} is home at {}, after the shift end {}",
                    clock(home),
                    clock(tech.shift[1])
                ));
            }
        }
        driven
    }
}

/// Judges `answer` against the day-plan JSON `plan_text`; `travel` gives
/// driving times only when the plan has no `durations_s`. `Err` when the
/// plan itself cannot be read.
pub fn check_answer(plan_text: &str, answer: &OutsideAnswer, travel: &dyn TravelModel) -> Result<AnswerCheck, String> {
    let judge = Judge::read(plan_text, travel)?;
    let day = &judge.day;
    let tech_of: HashMap<&Value, usize> = day.technicians.iter().enumerate().map(|(i, t)| (&t.id, i)).collect();
    let visit_of: HashMap<&Value, usize> = day.visits.iter().enumerate().map(|(i, v)| (&v.id, i)).collect();
    let mut violations = Vec::new();
    let mut seen_techs = HashSet::new();
    let mut on_route: Vec<Option<usize>> = vec![None; day.visits.len()];
    let mut served = 0;
    let mut travel_s = 0;
    for route in &answer.routes {
        let Some(&t) = tech_of.get(&route.technician) else {
            violations.push(format!("unknown technician {}", name(&route.technician)));
            continue;
        };
        if !seen_techs.insert(t) {
            violations.push(format!("technician {} has more than one route", name(&route.technician)));
            continue;
        }
        let mut stops = Vec::with_capacity(route.visits.len());
        for stop in &route.visits {
            match visit_of.get(&stop.id) {
                Some(&v) if on_route[v].is_some() => {
                    violations.push(format!("visit {} appears more than once", name(&stop.id)));
                }
                Some(&v) => {
                    on_route[v] = Some(t);
                    stops.push((v, stop.start_s));
                }
                None => violations.push(format!("unknown visit {}", name(&stop.id))),
            }
        }
        served += stops.len();
        travel_s += judge.drive_route(t, &stops, &mut violations);
    }
    let mut declared = vec![false; day.visits.len()];
    for id in answer.unassigned.iter().flatten() {
        match visit_of.get(id) {
            Some(&v) if on_route[v].is_some() || declared[v] => {
                violations.push(format!("visit {} appears more than once", name(id)));
            }
            Some(&v) => declared[v] = true,
            None => violations.push(format!("unknown visit {} in unassigned", name(id))),
        }
    }
    for (v, job) in day.visits.iter().enumerate().filter(|(v, _)| on_route[*v].is_none()) {
        if answer.unassigned.is_some() && !declared[v] {
            violations.push(format!("visit {} is neither on a route nor unassigned", name(&job.id)));
        }
        if let Some(pin) = &job.pinned_to {
            violations.push(format!(
                "pin dropped: visit {} is pinned to technician {} and not served",
                name(&job.id),
                name(pin)
            ));
        }
    }
    if let Some(claimed) = answer.served.filter(|&s| s != served) {
        violations.push(format!("answer claims {claimed} served, its routes hold {served}"));
    }
    if let Some(claimed) = answer.travel_s.filter(|&c| c != travel_s) {
        violations.push(format!("answer claims {claimed} s of travel, its routes take {travel_s} s"));
    }
    Ok(AnswerCheck {
        feasible: violations.is_empty(),
        served,
        unserved: day.visits.len() - served,
        travel_s,
        violations,
    })
}

#[cfg(test)]
#[path = "dayplan_check_tests.rs"]
mod tests;
