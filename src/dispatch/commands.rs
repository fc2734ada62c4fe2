//! What `fieldfix optimize` does, as library calls the command line wraps in
//! a few lines: solve a Solomon file or a day-plan file and print the JSON
//! line of shared/API.md (optionally drawing the plan), run the Solomon
//! benchmark table, run the generated day-plan benchmark, write a generated
//! day plan, check any solver's answer to a day plan.

use super::bench::{format_day_plan_table, format_table, run_day_plans, run_directory, BenchError};
use super::dayplan::{parse_day_plan, solve_day_plan, DayPlanError};
use super::dayplan_check::{check_answer, AnswerCheck, OutsideAnswer};
use super::generator::{generate_day, DayOptions};
use super::model::Params;
use super::solomon::{parse_solomon, solve_solomon, SolomonError};
use super::svg::{draw_solution, lat_lon_xy};
use super::travel::GreatCircle;
use super::vrplib::{parse_vrplib, solve_vrplib, Rounding};
use super::vrplib_bench::{format_vrplib_table, run_vrplib_directory};
use std::path::{Path, PathBuf};
use thiserror::Error;

/// Why an optimize command failed.
#[derive(Debug, Error)]
pub enum CommandError {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The Solomon file is malformed.
    #[error("{path}: {source}")]
    Solomon {
        /// The file.
        path: PathBuf,
        /// The parse error.
        source: SolomonError,
    },
    /// The day plan is malformed or invalid.
    #[error("{path}: {source}")]
    DayPlan {
        /// The file.
        path: PathBuf,
        /// The validation error.
        source: DayPlanError,
    },
    /// The checker cannot read the day plan.
    #[error("{path}: {message}")]
    Problem {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// The answer to check is not JSON of the answer's shape.
    #[error("{path}: not an answer: {message}")]
    Answer {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A generated day would be empty or too large for its matrix.
    #[error("a generated day needs 1 to 1000 technicians and at most 5000 technicians and visits together")]
    GenerateSize,
    /// A generator option is out of range.
    #[error("shares must lie in [0, 1], shift starts in 0..=15 hours, the load factor in (0, 10]")]
    GenerateOptions,
    /// The benchmark could not run.
    #[error(transparent)]
    Bench(#[from] BenchError),
    /// The answer could not be serialised.
    #[error("cannot write the answer: {0}")]
    Json(#[from] serde_json::Error),
}

fn read(path: &Path) -> Result<String, CommandError> {
    std::fs::read_to_string(path).map_err(|source| CommandError::Io { path: path.to_path_buf(), source })
}

fn write(path: &Path, text: &str) -> Result<(), CommandError> {
    std::fs::write(path, text).map_err(|source| CommandError::Io { path: path.to_path_buf(), source })
}

/// `optimize --solomon FILE`: solves, checks independently, draws to `svg`
/// when given, and returns the JSON line.
pub fn optimize_solomon_file(path: &Path, params: &Params, svg: Option<&Path>) -> Result<String, CommandError> {
    let instance =
        parse_solomon(&read(path)?).map_err(|source| CommandError::Solomon { path: path.to_path_buf(), source })?;
    let (answer, solution) = solve_solomon(&instance, params);
    if let Some(out) = svg {
        let title = format!("{}: {:.2} with {} vehicles", instance.name, answer.distance, answer.vehicles);
        write(out, &draw_solution(&instance.to_problem(), &solution, &instance.coordinates(), &title))?;
    }
    Ok(serde_json::to_string(&answer)?)
}

/// `optimize --problem FILE`: validates, solves, checks independently,
/// draws to `svg` when given, and returns the JSON line.
pub fn optimize_problem_file(path: &Path, params: &Params, svg: Option<&Path>) -> Result<String, CommandError> {
    let plan =
        parse_day_plan(&read(path)?).map_err(|source| CommandError::DayPlan { path: path.to_path_buf(), source })?;
    let (answer, solution, prepared) = solve_day_plan(&plan, params, &GreatCircle::default(), None)
        .map_err(|source| CommandError::DayPlan { path: path.to_path_buf(), source })?;
    if let Some(out) = svg {
        let title = format!("{} served, {:.1} h travel", answer.served, answer.travel_s as f64 / 3600.0);
        let xy = lat_lon_xy(&prepared.coordinates);
        write(out, &draw_solution(&prepared.problem, &solution, &xy, &title))?;
    }
    Ok(serde_json::to_string(&answer)?)
}

/// `optimize --vrplib FILE`: solves a VRPLIB instance under `rounding`
/// (the instance's own convention when `None`) and returns the JSON line.
pub fn optimize_vrplib_file(path: &Path, rounding: Option<Rounding>, params: &Params) -> Result<String, CommandError> {
    let instance = parse_vrplib(&read(path)?)
        .map_err(|e| CommandError::Problem { path: path.to_path_buf(), message: e.to_string() })?;
    let rounding = rounding.unwrap_or_else(|| Rounding::for_kind(&instance.kind));
    Ok(serde_json::to_string(&solve_vrplib(&instance, rounding, params))?)
}

/// `bench vrplib --dir DIR`: every instance of `dir`; returns the table.
pub fn vrplib_benchmark(dir: &Path, rounding: Option<Rounding>, params: &Params) -> Result<String, CommandError> {
    Ok(format_vrplib_table(&run_vrplib_directory(dir, rounding, params)?))
}

/// The Solomon benchmark over `dir` at `params` (progress bar on stderr);
/// returns the table.
pub fn solomon_benchmark(dir: &Path, params: &Params) -> Result<String, CommandError> {
    Ok(format_table(&run_directory(dir, params)?))
}

/// The generated day-plan benchmark (8/60, 30/300, 80/700) at
/// `params.time_limit_s` each; returns the table.
pub fn day_plan_benchmark(params: &Params) -> String {
    let limit = params.time_limit_s;
    format_day_plan_table(&run_day_plans(params.seed, |_, _| limit))
}

/// Largest generated day (technicians plus visits): its matrix has this
/// many squared entries.
const MAX_GENERATED_NODES: usize = 5_000;

/// `generate`: the day of [`generate_day`] as `fieldfix-dispatch-v1`
/// JSON, with its `durations_s` matrix so that any solver given the file
/// works with exactly the travel times we do.
pub fn generated_day_plan_json(
    technicians: usize,
    visits: usize,
    seed: u64,
    options: &DayOptions,
) -> Result<String, CommandError> {
    if technicians == 0 || technicians > 1_000 || technicians + visits > MAX_GENERATED_NODES {
        return Err(CommandError::GenerateSize);
    }
    let shares_ok = (0.0..=1.0).contains(&options.window_share) && (0.0..=1.0).contains(&options.pin_share);
    let hours_ok = options.shift_starts.iter().all(|h| (0..=15).contains(h));
    let load_ok = options.load_factor > 0.0 && options.load_factor <= 10.0;
    if !(shares_ok && hours_ok && load_ok) {
        return Err(CommandError::GenerateOptions);
    }
    Ok(serde_json::to_string(&generate_day(technicians, visits, seed, true, options))?)
}

/// `check --problem FILE --answer FILE`: checks the answer (ours or an
/// outside solver's) with the independent checker; the verdict lists every
/// broken rule.
pub fn check_answer_files(problem: &Path, answer: &Path) -> Result<AnswerCheck, CommandError> {
    let plan = read(problem)?;
    let outside: OutsideAnswer = serde_json::from_str(read(answer)?.trim())
        .map_err(|e| CommandError::Answer { path: answer.to_path_buf(), message: e.to_string() })?;
    check_answer(&plan, &outside, &GreatCircle::default())
        .map_err(|message| CommandError::Problem { path: problem.to_path_buf(), message })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_print_the_api_json_lines_and_draw() {
        let dir = std::env::temp_dir().join(format!("fieldfix-dispatch-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
        let params = Params { time_limit_s: 0.1, seed: 1, ..Params::default() };
        let solomon = Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/solomon/C101.txt");
        let svg = dir.join("c101.svg");
        let line = optimize_solomon_file(&solomon, &params, Some(&svg)).unwrap_or_else(|e| panic!("{e}"));
        let json: serde_json::Value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(json["instance"], "C101");
        assert_eq!(json["feasible"], true);
        assert!(std::fs::read_to_string(&svg).is_ok_and(|s| s.contains("<polyline")));

        let plan_path = dir.join("day.json");
        let plan =
            serde_json::to_string(&crate::dispatch::generator::generate_day_plan(3, 20, 5, false)).unwrap_or_default();
        std::fs::write(&plan_path, plan).unwrap_or_else(|e| panic!("{e}"));
        let line = optimize_problem_file(&plan_path, &params, None).unwrap_or_else(|e| panic!("{e}"));
        let json: serde_json::Value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(json["feasible"], true);
        for key in ["served", "unassigned", "travel_s", "routes", "seconds"] {
            assert!(json.get(key).is_some(), "{key} missing in {line}");
        }
        std::fs::write(dir.join("answer.json"), &line).unwrap_or_else(|e| panic!("{e}"));
        let verdict = check_answer_files(&plan_path, &dir.join("answer.json")).unwrap_or_else(|e| panic!("{e}"));
        assert!(verdict.feasible, "{:?}", verdict.violations);
        assert_eq!(json["served"], verdict.served);
        assert_eq!(json["travel_s"], verdict.travel_s);
        std::fs::write(dir.join("bad.json"), "{\"served\": 3}").unwrap_or_else(|e| panic!("{e}"));
        let bad = check_answer_files(&plan_path, &dir.join("bad.json"));
        assert!(matches!(bad, Err(CommandError::Answer { .. })));

        let generated = generated_day_plan_json(3, 12, 9, &DayOptions::default()).unwrap_or_else(|e| panic!("{e}"));
        let back = parse_day_plan(&generated).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back.durations_s.as_ref().map(Vec::len), Some(15));
        assert!(matches!(generated_day_plan_json(0, 12, 9, &DayOptions::default()), Err(CommandError::GenerateSize)));
        assert!(matches!(
            generated_day_plan_json(10, 5_000, 9, &DayOptions::default()),
            Err(CommandError::GenerateSize)
        ));

        let missing = optimize_problem_file(&dir.join("nope.json"), &params, None);
        assert!(matches!(missing, Err(CommandError::Io { .. })));
        std::fs::remove_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    }
}
