//! What the command line does, kept out of main.rs so it stays a parser.

use std::sync::Arc;

use anyhow::{anyhow, Context};

use crate::app::{admin::accounts, admin::demo};
use crate::clock::{Clock, SystemClock};
use crate::config::Settings;
use crate::domain::role::Role;
use crate::startup::{prepare_database, Application};

/// How many past weeks of finished repairs the demo brings.
const DEMO_WEEKS: u32 = 6;

/// `fieldfix serve [--demo]`.
pub fn serve(settings: Settings, load_demo: bool) -> anyhow::Result<()> {
    let runtime = actix_web::rt::System::new();
    runtime.block_on(async move {
        if load_demo {
            let db = prepare_database(&settings)?;
            let now = SystemClock.now();
            let loaded = db.write_blocking(|c| demo::load(c, now))?;
            println!("{}", if loaded { "Demo city loaded: Hangzhou." } else { "Demo city already loaded: Hangzhou." });
            let past = db.write_blocking(|c| crate::app::admin::demo_history::load(c, now, DEMO_WEEKS))?;
            if past > 0 {
                println!("{past} finished repairs of the past {DEMO_WEEKS} weeks added for the figures.");
            }
            println!("Demo logins (password {:?}):", demo::DEMO_PASSWORD);
            for line in demo::logins() {
                println!("  {line}");
            }
        }
        let app = Application::build_with_clock(settings.clone(), Arc::new(SystemClock))?;
        tracing::info!(bind = %settings.bind, port = app.port(), "fieldfix serving");
        let host = settings.bind.rsplit_once(':').map_or(settings.bind.as_str(), |(h, _)| h);
        println!("Serving on http://{host}:{}", app.port());
        app.run_until_stopped().await.context("server stopped with an error")
    })
}

/// `fieldfix migrate`.
pub fn migrate(settings: &Settings) -> anyhow::Result<()> {
    let db = crate::db::Db::connect(&settings.database_url, 1)?;
    let mut conn = db.get()?;
    let applied = crate::db::migrations::run_pending(&mut conn)?;
    println!("{applied} migration(s) applied");
    Ok(())
}

/// `fieldfix backup --out FILE`: a consistent copy of the live SQLite database.
pub fn backup(settings: &Settings, out: &str) -> anyhow::Result<()> {
    let db = crate::db::Db::connect(&settings.database_url, 1)?;
    let mut conn = db.get()?;
    crate::db::backup::copy_sqlite(&mut conn, std::path::Path::new(out))?;
    let bytes = std::fs::metadata(out).map(|m| m.len()).with_context(|| format!("reading {out}"))?;
    println!("backed up to {out} ({bytes} bytes, integrity ok)");
    Ok(())
}

/// `fieldfix user add`.
pub fn add_user(
    settings: &Settings,
    role: &str,
    email: String,
    name: String,
    password: String,
    service_point: Option<i64>,
    language: &str,
) -> anyhow::Result<()> {
    let role = Role::parse(role).ok_or_else(|| anyhow!("role must be admin, manager, technician or customer"))?;
    let language = Some(language.to_string());
    let account = accounts::NewAccount { role, email, name, phone: None, password, service_point, language };
    let prepared = accounts::prepare(&account).map_err(describe)?;
    let db = prepare_database(settings)?;
    let now = SystemClock.now();
    let id = db.write_blocking(|c| accounts::create_user(c, &account, prepared, now)).map_err(describe)?;
    println!("created {} {} (id {id})", role.as_str(), account.email.trim().to_lowercase());
    Ok(())
}

fn describe(e: crate::app::error::AppError) -> anyhow::Error {
    match e {
        crate::app::error::AppError::Validation(errors) => anyhow!(
            "invalid: {}",
            errors.iter().map(|f| format!("{} {}", f.field, f.reason)).collect::<Vec<_>>().join("; ")
        ),
        other => anyhow!("{other}"),
    }
}
