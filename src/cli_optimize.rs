//! `fieldfix optimize` and `fieldfix bench`: the route optimizer on files, and the
//! benchmark tables. Thin wrappers over `crate::dispatch`.

use std::path::Path;

use anyhow::{anyhow, bail, Context};

use crate::dispatch::bench::{format_day_plan_table, format_table, run_day_plans, run_directory};
use crate::dispatch::dayplan::{parse_day_plan, solve_day_plan};
use crate::dispatch::model::Params;
use crate::dispatch::solomon::{parse_solomon, solve_solomon};
use crate::dispatch::svg::{draw_solution, lat_lon_xy};
use crate::dispatch::travel::GreatCircle;

/// What `optimize` reads.
pub enum Input {
    /// A Solomon VRPTW instance.
    Solomon(String),
    /// A `fieldfix-dispatch-v1` day plan.
    Problem(String),
}

fn params(seconds: f64, seed: u64) -> anyhow::Result<Params> {
    if !(seconds > 0.0 && seconds <= 3600.0) {
        bail!("--seconds must be more than 0 and at most 3600");
    }
    Ok(Params { time_limit_s: seconds, seed, max_iterations: None })
}

/// Solves one file, prints the JSON line, optionally draws the routes.
pub fn optimize(input: Input, seconds: f64, seed: u64, svg: Option<String>) -> anyhow::Result<()> {
    let params = params(seconds, seed)?;
    match input {
        Input::Solomon(file) => {
            let text = std::fs::read_to_string(&file).with_context(|| format!("reading {file}"))?;
            let instance = parse_solomon(&text).map_err(|e| anyhow!("{file}: {e}"))?;
            let (answer, solution) = solve_solomon(&instance, &params);
            println!("{}", answer.to_json_line());
            if let Some(out) = svg {
                let drawing = draw_solution(&instance.to_problem(), &solution, &instance.coordinates(), &instance.name);
                std::fs::write(&out, drawing).with_context(|| format!("writing {out}"))?;
            }
        }
        Input::Problem(file) => {
            let text = std::fs::read_to_string(&file).with_context(|| format!("reading {file}"))?;
            let plan = parse_day_plan(&text).map_err(|e| anyhow!("{file}: {e}"))?;
            let (answer, solution, prepared) =
                solve_day_plan(&plan, &params, &GreatCircle::default(), None).map_err(|e| anyhow!("{file}: {e}"))?;
            println!("{}", serde_json::to_string(&answer)?);
            if let Some(out) = svg {
                let drawing = draw_solution(&prepared.problem, &solution, &lat_lon_xy(&prepared.coordinates), &file);
                std::fs::write(&out, drawing).with_context(|| format!("writing {out}"))?;
            }
        }
    }
    Ok(())
}

/// Runs every Solomon instance in `dir` and prints the gap table.
pub fn bench_solomon(dir: &str, seconds: f64, seed: u64) -> anyhow::Result<()> {
    let rows = run_directory(Path::new(dir), &params(seconds, seed)?).map_err(|e| anyhow!("{dir}: {e}"))?;
    print!("{}", format_table(&rows));
    Ok(())
}

/// Runs generated day plans (8/60, 30/300, 80/700) and prints served, travel and seconds.
pub fn bench_dayplans(seconds: f64, seed: u64) -> anyhow::Result<()> {
    params(seconds, seed)?;
    print!("{}", format_day_plan_table(&run_day_plans(seed, |_, _| seconds)));
    Ok(())
}
