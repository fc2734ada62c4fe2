//! The `fieldfix` command line: parse, set up logging, call into the library.

use clap::{Parser, Subcommand};
use fieldfix::{cli, config::Settings, telemetry};

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
    /// Manages users.
    User {
        #[command(subcommand)]
        command: UserCommand,
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
    },
}

fn main() -> anyhow::Result<()> {
    let args = Cli::parse();
    let settings = Settings::from_env();
    telemetry::init(settings.log_json);
    match args.command {
        Command::Serve { demo } => cli::serve(settings, demo),
        Command::Migrate => cli::migrate(&settings),
        Command::User { command: UserCommand::Add { role, email, name, password, service_point } } => {
            cli::add_user(&settings, &role, email, name, password, service_point)
        }
    }
}
