//! `fieldfix optimize`, `bench`, `generate` and `check`: thin wrappers over
//! `crate::dispatch::commands`.

use std::path::Path;

use anyhow::{bail, Context};

use crate::dispatch::commands::{
    check_answer_files, day_plan_benchmark, generated_day_plan_json, optimize_problem_file, optimize_solomon_file,
    optimize_vrplib_file, solomon_benchmark, vrplib_benchmark,
};
use crate::dispatch::generator::DayOptions;
use crate::dispatch::model::Params;
use crate::dispatch::vrplib::Rounding;

/// What `optimize` reads.
pub enum Input {
    /// A Solomon VRPTW instance.
    Solomon(String),
    /// A `fieldfix-dispatch-v1` day plan.
    Problem(String),
    /// A VRPLIB instance and the edge rounding asked for.
    Vrplib(String, Option<String>),
}

fn rounding(text: Option<&str>) -> anyhow::Result<Option<Rounding>> {
    text.map(|t| Rounding::parse(t).with_context(|| format!("--rounding must be dimacs, exact or none, not {t:?}")))
        .transpose()
}

fn params(seconds: f64, seed: u64) -> anyhow::Result<Params> {
    if !(seconds > 0.0 && seconds <= 3600.0) {
        bail!("--seconds must be more than 0 and at most 3600");
    }
    Ok(Params { time_limit_s: seconds, seed, ..Params::default() })
}

/// Solves one file, prints the JSON line, optionally draws the routes.
pub fn optimize(input: Input, seconds: f64, seed: u64, svg: Option<String>) -> anyhow::Result<()> {
    let params = params(seconds, seed)?;
    let svg = svg.as_deref().map(Path::new);
    let line = match input {
        Input::Solomon(file) => optimize_solomon_file(Path::new(&file), &params, svg)?,
        Input::Problem(file) => optimize_problem_file(Path::new(&file), &params, svg)?,
        Input::Vrplib(file, round) => optimize_vrplib_file(Path::new(&file), rounding(round.as_deref())?, &params)?,
    };
    println!("{line}");
    Ok(())
}

/// Runs every Solomon instance in `dir` and prints the gap table.
pub fn bench_solomon(dir: &str, seconds: f64, seed: u64) -> anyhow::Result<()> {
    print!("{}", solomon_benchmark(Path::new(dir), &params(seconds, seed)?)?);
    Ok(())
}

/// Runs every VRPLIB instance in `dir` and prints the gap table.
pub fn bench_vrplib(dir: &str, seconds: f64, round: Option<&str>, seed: u64) -> anyhow::Result<()> {
    print!("{}", vrplib_benchmark(Path::new(dir), rounding(round)?, &params(seconds, seed)?)?);
    Ok(())
}

/// Runs generated day plans (8/60, 30/300, 80/700) and prints served, travel and seconds.
pub fn bench_dayplans(seconds: f64, seed: u64) -> anyhow::Result<()> {
    print!("{}", day_plan_benchmark(&params(seconds, seed)?));
    Ok(())
}

/// Writes a generated day plan (with its travel matrix) to `out` or stdout.
pub fn generate(
    technicians: usize,
    visits: usize,
    seed: u64,
    options: &DayOptions,
    out: Option<String>,
) -> anyhow::Result<()> {
    let json = generated_day_plan_json(technicians, visits, seed, options)?;
    match out {
        Some(path) => std::fs::write(&path, json + "\n").with_context(|| format!("cannot write {path}"))?,
        None => println!("{json}"),
    }
    Ok(())
}

/// Checks an answer to a day plan and prints the verdict as one JSON line;
/// fails (exit status 1) when the answer breaks a rule.
pub fn check(problem: &str, answer: &str) -> anyhow::Result<()> {
    let verdict = check_answer_files(Path::new(problem), Path::new(answer))?;
    println!("{}", serde_json::to_string(&verdict)?);
    if !verdict.feasible {
        bail!("{answer} breaks {} rule(s): {}", verdict.violations.len(), verdict.violations.join("; "));
    }
    Ok(())
}
