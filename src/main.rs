//! The `fieldfix` command line: parse, set up logging, call into the library.

use clap::{Parser, Subcommand};
use fieldfix::dispatch::generator::DayOptions;
use fieldfix::{cli, cli_city, cli_load, cli_optimize, config::Settings, telemetry};

#[derive(Parser)]
#[command(name = "fieldfix", version, about = "Self-hosted field repair dispatch")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Runs the server (migrates the database first).
    Serve {
        /// Loads the Hangzhou demo city once and prints its logins.
        #[arg(long)]
        demo: bool,
    },
    /// Applies pending migrations and exits.
    Migrate,
    /// Writes a consistent copy of the live SQLite database (PostgreSQL: use pg_dump).
    Backup {
        /// The new file to write; an existing file is never overwritten.
        #[arg(long)]
        out: String,
    },
    /// Solves a Solomon instance or a day plan with the route optimizer; prints one JSON line.
    Optimize {
        /// A Solomon VRPTW instance.
        #[arg(long, conflicts_with_all = ["problem", "vrplib"], required_unless_present_any = ["problem", "vrplib"])]
        solomon: Option<String>,
        /// A fieldfix-dispatch-v1 day plan.
        #[arg(long, conflicts_with = "vrplib")]
        problem: Option<String>,
        /// A VRPLIB instance with time windows (one or several depots).
        #[arg(long)]
        vrplib: Option<String>,
        /// Edge rounding for --vrplib: dimacs, exact or none (default: the instance's convention).
        #[arg(long)]
        rounding: Option<String>,
        /// Time limit in seconds.
        #[arg(long, default_value_t = 10.0)]
        seconds: f64,
        /// Random seed; the same seed gives the same search.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Draws the routes into this SVG file.
        #[arg(long)]
        svg: Option<String>,
    },
    /// Writes a generated day plan (fieldfix-dispatch-v1, with its travel matrix).
    Generate {
        /// Technicians in the day.
        #[arg(long, default_value_t = 30)]
        technicians: usize,
        /// Visits in the day.
        #[arg(long, default_value_t = 300)]
        visits: usize,
        /// Random seed; the same seed gives the same day.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Hours at which shifts start (one drawn per technician; shifts last 9 hours).
        #[arg(long, value_delimiter = ',', default_value = "7,8,9,10,12")]
        shift_starts: Vec<i64>,
        /// Share of visits with a two-hour window; the rest are open 08:00-21:00.
        #[arg(long, default_value_t = 0.75)]
        window_share: f64,
        /// Share of visits pinned to a technician.
        #[arg(long, default_value_t = 0.05)]
        pin_share: f64,
        /// Service times are multiplied by this; above 1 makes an over-full day.
        #[arg(long, default_value_t = 1.0)]
        load_factor: f64,
        /// Writes to this file instead of stdout.
        #[arg(long)]
        out: Option<String>,
    },
    /// Checks any solver's answer to a day plan; prints served, unserved, travel and violations.
    Check {
        /// The fieldfix-dispatch-v1 day plan.
        #[arg(long)]
        problem: String,
        /// The answer, in the JSON shape `optimize --problem` prints.
        #[arg(long)]
        answer: String,
    },
    /// Benchmarks the optimizer and prints a table.
    Bench {
        #[command(subcommand)]
        command: BenchCommand,
    },
    /// Manages users.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
}

#[derive(Subcommand)]
enum BenchCommand {
    /// Every Solomon instance of a folder, with the gap to the best known distances.
    Solomon {
        /// The folder with the instances and best_known_distance_only.csv.
        #[arg(long, default_value = "bench/solomon")]
        dir: String,
        /// Seconds per instance.
        #[arg(long, default_value_t = 1.0)]
        seconds: f64,
        /// Random seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Every VRPLIB instance of a folder, with the gap to the .sol beside each.
    Vrplib {
        /// The folder with the .vrp and .sol files.
        #[arg(long, default_value = "bench/mdvrptw")]
        dir: String,
        /// Seconds per instance.
        #[arg(long, default_value_t = 10.0)]
        seconds: f64,
        /// Edge rounding: dimacs, exact or none (default: each instance's convention).
        #[arg(long)]
        rounding: Option<String>,
        /// Random seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Bookings and tracking reads per second on DATABASE_URL without HTTP: the limit of the
    /// HTTP load test (benches/load.py).
    Store {
        /// Seconds per measurement.
        #[arg(long, default_value_t = 5.0)]
        seconds: f64,
        /// Threads doing the work.
        #[arg(long, default_value_t = 2)]
        threads: usize,
    },
    /// Generated day plans of 8/60, 30/300 and 80/700 technicians/visits.
    Dayplans {
        /// Seconds per plan.
        #[arg(long, default_value_t = 5.0)]
        seconds: f64,
        /// Random seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Adds a city's service point to DATABASE_URL (technicians, a day of bookings, most
    /// accepted) and times the day-plan export, reading it back and the re-plan.
    City {
        /// Technicians of the new service point.
        #[arg(long, default_value_t = 200)]
        technicians: usize,
        /// Bookings for the next day.
        #[arg(long, default_value_t = 2000)]
        visits: usize,
        /// Random seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The re-plan's budget in seconds.
        #[arg(long, default_value_t = 10.0)]
        seconds: f64,
        /// Timed runs of each step.
        #[arg(long, default_value_t = 3)]
        runs: usize,
        /// Also writes the exported day (a fieldfix-dispatch-v1 problem) to this file.
        #[arg(long)]
        export: Option<std::path::PathBuf>,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Creates a user.
    Add {
        /// admin, manager, technician or customer.
        #[arg(long)]
        role: String,
        /// Login email.
        #[arg(long)]
        email: String,
        /// Display name.
        #[arg(long)]
        name: String,
        /// Password (10+ characters).
        #[arg(long)]
        password: String,
        /// Service point id (managers and technicians).
        #[arg(long = "service-point")]
        service_point: Option<i64>,
        /// The language they read: en (default) or zh-CN.
        #[arg(long, default_value = "en")]
        language: String,
    },
}

fn main() -> anyhow::Result<()> {
    let args = Cli::parse();
    let settings = Settings::from_env()?;
    telemetry::init(settings.log_json);
    match args.command {
        Command::Serve { demo } => cli::serve(settings, demo),
        Command::Migrate => cli::migrate(&settings),
        Command::Backup { out } => cli::backup(&settings, &out),
        Command::Optimize { solomon, problem, vrplib, rounding, seconds, seed, svg } => {
            let input = match (solomon, problem, vrplib) {
                (Some(f), _, _) => cli_optimize::Input::Solomon(f),
                (None, Some(f), _) => cli_optimize::Input::Problem(f),
                (None, None, Some(f)) => cli_optimize::Input::Vrplib(f, rounding),
                (None, None, None) => anyhow::bail!("give --solomon FILE, --problem FILE or --vrplib FILE"),
            };
            cli_optimize::optimize(input, seconds, seed, svg)
        }
        Command::Generate { technicians, visits, seed, shift_starts, window_share, pin_share, load_factor, out } => {
            let options = DayOptions { shift_starts, window_share, pin_share, load_factor };
            cli_optimize::generate(technicians, visits, seed, &options, out)
        }
        Command::Check { problem, answer } => cli_optimize::check(&problem, &answer),
        Command::Bench { command: BenchCommand::Solomon { dir, seconds, seed } } => {
            cli_optimize::bench_solomon(&dir, seconds, seed)
        }
        Command::Bench { command: BenchCommand::Vrplib { dir, seconds, rounding, seed } } => {
            cli_optimize::bench_vrplib(&dir, seconds, rounding.as_deref(), seed)
        }
        Command::Bench { command: BenchCommand::Store { seconds, threads } } => {
            cli_load::bench_store(&settings, seconds, threads)
        }
        Command::Bench { command: BenchCommand::Dayplans { seconds, seed } } => {
            cli_optimize::bench_dayplans(seconds, seed)
        }
        Command::Bench { command: BenchCommand::City { technicians, visits, seed, seconds, runs, export } } => {
            let bench = cli_city::CityBench { technicians, visits, seed, seconds, runs, export };
            cli_city::bench_city(&settings, &bench)
        }
        Command::User { command: UserCommand::Add { role, email, name, password, service_point, language } } => {
            cli::add_user(&settings, &role, email, name, password, service_point, &language)
        }
    }
}
