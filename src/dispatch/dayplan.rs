//! The day-plan problem format `fieldfix-dispatch-v1` (shared/API.md): one
//! service point's day, read, validated with clear errors, turned into the
//! routing model, solved, and answered as the JSON line of
//! `fieldfix optimize --problem`.

use super::model::{Matrix, Problem, Vehicle, Visit};
use super::pins::PinError;
use super::travel::{duration_matrix, LatLon, TravelModel};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::fmt;
use thiserror::Error;

pub use super::dayplan_answer::{answer_for, solve_day_plan, AnswerRoute, AnswerStop, DayPlanAnswer};

/// The value of the `format` field.
pub const FORMAT: &str = "fieldfix-dispatch-v1";
/// Seconds in a day: windows and shifts must lie in `[0, DAY_S]`.
pub const DAY_S: i64 = 86_400;

/// A technician or visit id: a JSON number or string, written back as read.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum PlanId {
    /// A numeric id.
    Int(i64),
    /// A textual id.
    Text(String),
}

impl fmt::Display for PlanId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlanId::Int(i) => write!(f, "{i}"),
            PlanId::Text(s) => write!(f, "{s}"),
        }
    }
}

/// A technician of the day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanTechnician {
    /// Technician id.
    pub id: PlanId,
    /// Where the day starts and ends.
    pub home: LatLon,
    /// Skill names.
    pub skills: Vec<String>,
    /// `[start_s, end_s]` in seconds since local midnight.
    pub shift: [i64; 2],
    /// Row of the home in `durations_s`; defaults to the technician's position.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matrix_index: Option<usize>,
}

/// A visit to plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanVisit {
    /// Visit id.
    pub id: PlanId,
    /// Where the visit takes place.
    pub location: LatLon,
    /// Required skill name.
    pub skill: String,
    /// Service duration in seconds.
    pub duration_s: i64,
    /// `[start_s, end_s]`: service starts inside (waiting allowed).
    pub window: [i64; 2],
    /// Technician id the visit must stay with (accepted or started work).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pinned_to: Option<PlanId>,
    /// Row in `durations_s`; defaults to technicians count + the visit's position.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matrix_index: Option<usize>,
}

/// A whole day-plan problem.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DayPlan {
    /// Always [`FORMAT`].
    pub format: String,
    /// Technicians on shift.
    pub technicians: Vec<PlanTechnician>,
    /// Visits to plan.
    pub visits: Vec<PlanVisit>,
    /// Driving seconds between matrix indices; computed from coordinates when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub durations_s: Option<Vec<Vec<i64>>>,
    /// Driving meters, informative only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distances_m: Option<Vec<Vec<f64>>>,
}

/// Why a day plan is not acceptable.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum DayPlanError {
    /// Not JSON of the expected shape.
    #[error("not a day plan: {0}")]
    Json(String),
    /// `format` is not `fieldfix-dispatch-v1`.
    #[error("format is {0:?}, expected \"fieldfix-dispatch-v1\"")]
    Format(String),
    /// Two technicians or two visits share an id.
    #[error("duplicate {kind} id {id}")]
    DuplicateId {
        /// `technician` or `visit`.
        kind: &'static str,
        /// The id.
        id: String,
    },
    /// A visit is pinned to a technician who is not in the plan.
    #[error("visit {visit} is pinned to unknown technician {technician}")]
    UnknownPinnedTechnician {
        /// Visit id.
        visit: String,
        /// The pinned id.
        technician: String,
    },
    /// A visit is pinned to a technician without its skill.
    #[error("visit {visit} needs skill {skill:?}, unknown to its pinned technician {technician}")]
    PinSkill {
        /// Visit id.
        visit: String,
        /// The skill.
        skill: String,
        /// The pinned technician.
        technician: String,
    },
    /// The pinned visits alone cannot all be served.
    #[error(transparent)]
    Pins(#[from] PinError<String>),
    /// A window or shift is inverted or outside `[0, 86400]`.
    #[error("{what} {id}: interval [{start}, {end}] is inverted or outside the day [0, 86400]")]
    Interval {
        /// `visit window` or `technician shift`.
        what: &'static str,
        /// The id.
        id: String,
        /// Start.
        start: i64,
        /// End.
        end: i64,
    },
    /// A negative service duration.
    #[error("visit {0}: duration_s must not be negative")]
    Duration(String),
    /// A coordinate outside WGS84 ranges.
    #[error("{what} {id}: invalid coordinates")]
    Location {
        /// `technician home` or `visit location`.
        what: &'static str,
        /// The id.
        id: String,
    },
    /// The matrix is not square over all indices.
    #[error("durations_s must be a square {expected}x{expected} matrix of non-negative seconds, got {rows} rows (row {bad_row} is wrong)")]
    MatrixSize {
        /// Size needed.
        expected: usize,
        /// Rows given.
        rows: usize,
        /// First wrong row.
        bad_row: usize,
    },
    /// A matrix index points outside the matrix.
    #[error("{what} {id}: matrix_index {index} is outside the matrix of size {size}")]
    MatrixIndex {
        /// `technician` or `visit`.
        what: &'static str,
        /// The id.
        id: String,
        /// The index.
        index: usize,
        /// Matrix size.
        size: usize,
    },
}

/// A validated day plan with the routing model built from it.
pub struct PreparedPlan {
    /// The routing model (vehicles = technicians, visits in file order).
    pub problem: Problem,
    /// Node coordinates (for drawing), by matrix index.
    pub coordinates: Vec<LatLon>,
}

/// Parses and validates a day plan from JSON text.
pub fn parse_day_plan(text: &str) -> Result<DayPlan, DayPlanError> {
    let plan: DayPlan = serde_json::from_str(text).map_err(|e| DayPlanError::Json(e.to_string()))?;
    validate(&plan)?;
    Ok(plan)
}

/// Checks every rule of the format (see [`DayPlanError`]).
pub fn validate(plan: &DayPlan) -> Result<(), DayPlanError> {
    if plan.format != FORMAT {
        return Err(DayPlanError::Format(plan.format.clone()));
    }
    let mut tech_skills: HashMap<&PlanId, &[String]> = HashMap::new();
    for t in &plan.technicians {
        if tech_skills.insert(&t.id, &t.skills).is_some() {
            return Err(DayPlanError::DuplicateId { kind: "technician", id: t.id.to_string() });
        }
        check_interval("technician shift", &t.id, t.shift)?;
        if !t.home.is_valid() {
            return Err(DayPlanError::Location { what: "technician home", id: t.id.to_string() });
        }
    }
    let mut visit_ids = HashSet::new();
    for v in &plan.visits {
        if !visit_ids.insert(&v.id) {
            return Err(DayPlanError::DuplicateId { kind: "visit", id: v.id.to_string() });
        }
        check_interval("visit window", &v.id, v.window)?;
        if v.duration_s < 0 {
            return Err(DayPlanError::Duration(v.id.to_string()));
        }
        if !v.location.is_valid() {
            return Err(DayPlanError::Location { what: "visit location", id: v.id.to_string() });
        }
        if let Some(pin) = &v.pinned_to {
            let skills = tech_skills.get(pin).ok_or_else(|| DayPlanError::UnknownPinnedTechnician {
                visit: v.id.to_string(),
                technician: pin.to_string(),
            })?;
            if !skills.contains(&v.skill) {
                return Err(DayPlanError::PinSkill {
                    visit: v.id.to_string(),
                    skill: v.skill.clone(),
                    technician: pin.to_string(),
                });
            }
        }
    }
    let default_size = plan.technicians.len() + plan.visits.len();
    let size = plan.durations_s.as_ref().map_or(default_size, Vec::len);
    if let Some(m) = &plan.durations_s {
        if let Some(bad_row) = m.iter().position(|r| r.len() != size || r.iter().any(|&d| d < 0)) {
            return Err(DayPlanError::MatrixSize { expected: size, rows: m.len(), bad_row });
        }
    }
    let indices = plan
        .technicians
        .iter()
        .map(|t| ("technician", &t.id, t.matrix_index))
        .chain(plan.visits.iter().map(|v| ("visit", &v.id, v.matrix_index)));
    for (what, id, index) in indices {
        if let Some(index) = index.filter(|&i| i >= size) {
            return Err(DayPlanError::MatrixIndex { what, id: id.to_string(), index, size });
        }
    }
    if plan.durations_s.is_some() && size < default_size {
        let missing = plan.technicians.iter().any(|t| t.matrix_index.is_none())
            || plan.visits.iter().any(|v| v.matrix_index.is_none());
        if missing {
            return Err(DayPlanError::MatrixSize { expected: default_size, rows: size, bad_row: size });
        }
    }
    Ok(())
}

fn check_interval(what: &'static str, id: &PlanId, [start, end]: [i64; 2]) -> Result<(), DayPlanError> {
    if start < 0 || end > DAY_S || start > end {
        return Err(DayPlanError::Interval { what, id: id.to_string(), start, end });
    }
    Ok(())
}

/// Builds the routing model of a validated plan; travel comes from
/// `durations_s`, or from `travel` over the coordinates when absent.
pub fn prepare(plan: &DayPlan, travel: &dyn TravelModel) -> Result<PreparedPlan, DayPlanError> {
    validate(plan)?;
    let nt = plan.technicians.len();
    let tech_index = |i: usize| plan.technicians[i].matrix_index.unwrap_or(i);
    let visit_index = |i: usize| plan.visits[i].matrix_index.unwrap_or(nt + i);
    let size = plan.durations_s.as_ref().map_or(nt + plan.visits.len(), Vec::len);
    let mut coordinates = vec![LatLon::new(0.0, 0.0); size];
    for (i, t) in plan.technicians.iter().enumerate() {
        coordinates[tech_index(i)] = t.home;
    }
    for (i, v) in plan.visits.iter().enumerate() {
        coordinates[visit_index(i)] = v.location;
    }
    let seconds = match &plan.durations_s {
        Some(m) => m.clone(),
        None => duration_matrix(travel, &coordinates),
    };
    let matrix = Matrix::from_fn(size, |i, j| seconds[i][j] as f64);
    let mut skill_ids: HashMap<String, u32> = HashMap::new();
    let mut skill_id = |s: &str| -> u32 {
        let next = skill_ids.len() as u32;
        *skill_ids.entry(s.to_string()).or_insert(next)
    };
    let vehicles: Vec<Vehicle> = plan
        .technicians
        .iter()
        .enumerate()
        .map(|(i, t)| Vehicle {
            start_node: tech_index(i),
            end_node: tech_index(i),
            shift_start: t.shift[0] as f64,
            shift_end: t.shift[1] as f64,
            skills: t.skills.iter().map(|s| skill_id(s)).collect(),
            capacity: None,
            max_duration: None,
        })
        .collect();
    let visits = plan
        .visits
        .iter()
        .enumerate()
        .map(|(i, v)| Visit {
            node: visit_index(i),
            duration: v.duration_s as f64,
            window_start: v.window[0] as f64,
            window_end: v.window[1] as f64,
            skill: Some(skill_id(&v.skill)),
            demand: 0.0,
            pinned_to: v.pinned_to.as_ref().and_then(|p| plan.technicians.iter().position(|t| &t.id == p)),
        })
        .collect();
    Ok(PreparedPlan { problem: Problem { vehicles, visits, travel: matrix.clone(), cost: matrix }, coordinates })
}
