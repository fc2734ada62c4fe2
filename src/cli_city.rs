//! `fieldfix bench city`: a city's day in the server. It adds a service point with many
//! technicians to DATABASE_URL, books many visits for the next day through the booking path,
//! lets the best-offered technician accept most of them, and then times what a manager does
//! with that day through the same functions the HTTP routes call: the day-plan export
//! (`GET /api/manage/dayplan`, answered as JSON), reading that export back as a problem
//! (what `fieldfix optimize --problem` and an outside solver do) and the re-plan
//! (`POST /api/manage/replan`, a preview, then applied). Prints one table; medians of the runs.

use std::time::Instant;

use anyhow::Context;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde_json::json;

use crate::app::admin::demo::{self, Lcg};
use crate::app::admin::points::{self, ServicePointInput};
use crate::app::booking::{book, check, input::BookingInput};
use crate::app::error::AppError;
use crate::app::planning::{dayplan::export_day, replan::replan_day};
use crate::app::points::point_context;
use crate::app::visits::offers;
use crate::auth::AuthUser;
use crate::clock::{Clock, SystemClock};
use crate::config::Settings;
use crate::db::{technicians, users, visits, Db, DbConnection};
use crate::dispatch::dayplan::{DayPlan, PlanId};
use crate::dispatch::dayplan_check::{check_answer, OutsideAnswer};
use crate::dispatch::travel::GreatCircle;
use crate::domain::area::Location;
use crate::domain::ids::{new_id, OfferId};
use crate::domain::role::Role;
use crate::domain::shift::Shift;
use crate::domain::time::local_minute;
use crate::domain::visit_state::OfferStatus;
use crate::startup::prepare_database;

/// The city's corners (Hangzhou and around, some 33 by 38 km).
const AREA: [(f64, f64); 5] = [(30.10, 119.95), (30.40, 119.95), (30.40, 120.35), (30.10, 120.35), (30.10, 119.95)];
/// Hours at which shifts start (nine hours each).
const SHIFT_STARTS: [i32; 5] = [7, 8, 9, 10, 11];
/// Share of bookings with a two-hour window; the others take any time from 08:00 to 20:00.
const WINDOW_SHARE: f64 = 0.6;
/// Share of booked visits a technician accepts (pinned to them in the day plan).
const ACCEPT_SHARE: f64 = 0.7;

/// What the city bench is asked for.
pub struct CityBench {
    /// Technicians of the new service point.
    pub technicians: usize,
    /// Bookings for the next day.
    pub visits: usize,
    /// Random seed of places, skills and windows.
    pub seed: u64,
    /// The re-plan's budget in seconds (the server's cap is 10).
    pub seconds: f64,
    /// Timed runs of each step (medians are printed).
    pub runs: usize,
    /// Where to write the exported day, if anywhere.
    pub export: Option<std::path::PathBuf>,
}

/// Runs the city bench on DATABASE_URL.
pub fn bench_city(settings: &Settings, bench: &CityBench) -> anyhow::Result<()> {
    let db = prepare_database(settings)?;
    let now = SystemClock.now();
    let seeded = Instant::now();
    let city = db.write_blocking(|c| add_city(c, bench, now)).context("adding the city's service point")?;
    let booked = book_day(&db, &city, bench, now)?;
    let accepted = accept_most(&db, &city, bench.seed, now)?;
    println!(
        "seeded in {:.0} s: {} technicians, {booked} of {} bookings taken, {accepted} accepted, day {}",
        seeded.elapsed().as_secs_f64(),
        bench.technicians,
        bench.visits,
        city.date
    );
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let mut export_s = Vec::new();
    let mut body = String::new();
    let mut sizes = (0, 0);
    for _ in 0..bench.runs.max(1) {
        let at = Instant::now();
        let (point, date) = (city.point, city.date);
        let plan = runtime.block_on(db.read(move |c| export_day(c, point, date, now)))?;
        body = serde_json::to_string(&plan)?;
        sizes = (plan.visits.len(), plan.technicians.len());
        export_s.push(at.elapsed().as_secs_f64());
    }
    let in_force = runtime.block_on(db.read({
        let body = body.clone();
        let tz = city.tz;
        let midnight = crate::domain::time::day_start(city.date, tz).map_err(|e| anyhow::anyhow!("{e:?}"))?;
        move |c| plan_in_force(c, &body, midnight)
    }))?;
    if let Some(path) = &bench.export {
        let path = path.with_extension("in-force.json");
        std::fs::write(&path, in_force.to_string()).with_context(|| format!("writing {}", path.display()))?;
    }
    let in_force: OutsideAnswer = serde_json::from_value(in_force)?;
    let in_force = check_answer(&body, &in_force, &GreatCircle::default()).map_err(|e| anyhow::anyhow!(e))?;
    println!(
        "the plan in force: {} served, {} rules broken{}",
        in_force.served,
        in_force.violations.len(),
        in_force.violations.first().map_or(String::new(), |v| format!(", the first: {v}"))
    );
    if let Some(path) = &bench.export {
        std::fs::write(path, &body).with_context(|| format!("writing {}", path.display()))?;
    }
    let mut replan_s = Vec::new();
    let mut last = None;
    for _ in 0..bench.runs.max(1) {
        let at = Instant::now();
        let report = runtime.block_on(replan_day(
            &db,
            city.manager.clone(),
            city.point,
            city.date,
            bench.seconds,
            false,
            now,
        ))?;
        replan_s.push(at.elapsed().as_secs_f64());
        last = Some(report);
    }
    let preview = last.context("no re-plan ran")?;
    let answer: OutsideAnswer = serde_json::from_str(&serde_json::to_string(&preview.plan)?)?;
    let mut import_s = Vec::new();
    let mut judged = None;
    for _ in 0..bench.runs.max(1) {
        let at = Instant::now();
        judged = Some(check_answer(&body, &answer, &GreatCircle::default()).map_err(|e| anyhow::anyhow!(e))?);
        import_s.push(at.elapsed().as_secs_f64());
    }
    let judged = judged.context("no check ran")?;
    let at = Instant::now();
    let applied =
        runtime.block_on(replan_day(&db, city.manager.clone(), city.point, city.date, bench.seconds, true, now))?;
    let apply_s = at.elapsed().as_secs_f64();
    println!("| step | median s | what |\n| --- | --- | --- |");
    println!(
        "| export (GET /api/manage/dayplan) | {:.3} | {} visits, {} technicians, {:.1} MB of JSON |",
        median(&mut export_s),
        sizes.0,
        sizes.1,
        body.len() as f64 / 1e6
    );
    println!(
        "| read the export back and check the re-plan's answer (`fieldfix check`) | {:.3} | {} violations |",
        median(&mut import_s),
        judged.violations.len()
    );
    println!(
        "| re-plan preview (POST /api/manage/replan, budget {} s) | {:.3} | served {} → {}, travel {} s → {} s, promises kept {} → {} |",
        bench.seconds,
        median(&mut replan_s),
        preview.served_before,
        preview.served_after,
        preview.travel_s_before.map_or("–".to_string(), |t| t.to_string()),
        preview.travel_s_after,
        preview.promises_kept_before,
        preview.promises_kept_after
    );
    println!(
        "| re-plan applied (one run) | {apply_s:.3} | applied: {}, {} moves, served {} → {} |",
        applied.applied,
        applied.moves.len(),
        applied.served_before,
        applied.served_after
    );
    Ok(())
}

/// The plan in force as the server stored it: each technician's accepted visits in the order
/// of their stored starts (`start_s`: the stored start, seconds since local midnight).
fn plan_in_force(conn: &mut DbConnection, body: &str, midnight: DateTime<Utc>) -> Result<serde_json::Value, AppError> {
    let plan: DayPlan = serde_json::from_str(body).map_err(|e| AppError::unexpected("reading the export", e))?;
    let mut routes = Vec::new();
    for t in &plan.technicians {
        let mut stops = Vec::new();
        for v in plan.visits.iter().filter(|v| v.pinned_to.as_ref() == Some(&t.id)) {
            let PlanId::Int(id) = v.id else { continue };
            if let Some(start) = visits::find(conn, id)?.and_then(|row| row.scheduled_start) {
                stops.push((start, id));
            }
        }
        stops.sort();
        let visits: Vec<_> = stops
            .iter()
            .map(|(start, id)| json!({"id": id, "start_s": (start.and_utc() - midnight).num_seconds()}))
            .collect();
        routes.push(json!({"technician": t.id, "visits": visits}));
    }
    Ok(json!({ "routes": routes }))
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

/// The new service point, its manager and the day booked.
struct City {
    point: i64,
    manager: AuthUser,
    technicians: Vec<i64>,
    date: NaiveDate,
    tz: chrono_tz::Tz,
}

fn add_city(conn: &mut DbConnection, bench: &CityBench, now: DateTime<Utc>) -> Result<City, AppError> {
    demo::ensure_skills(conn)?;
    let base = demo::point_inputs()[0].clone();
    let input = ServicePointInput {
        name: format!("City bench {}", new_id()),
        coverage: AREA.iter().map(|&(lat, lon)| Location { lat, lon }).collect(),
        ..base
    };
    let point = points::create_service_point(conn, &input, now)?;
    let manager_id = add_user(conn, "manager", "City manager", now)?;
    users::add_managed_point(conn, manager_id, point.id)?;
    let manager = AuthUser {
        id: manager_id,
        role: Role::Manager,
        name: "City manager".into(),
        service_points: vec![point.id],
        technician_id: None,
    };
    let mut rng = Lcg(bench.seed ^ 0x5EED_C17F);
    let codes: Vec<&str> = demo::skill_codes().collect();
    let mut ids = Vec::with_capacity(bench.technicians);
    for i in 0..bench.technicians {
        let user = add_user(conn, "technician", &format!("Technician {}", i + 1), now)?;
        let home = inside(&mut rng);
        let first = codes[i % codes.len()];
        let second = codes[(i * 7 + 3) % codes.len()];
        let mut skills = vec![(first.to_string(), 3)];
        if second != first {
            skills.push((second.to_string(), 2));
        }
        let start = SHIFT_STARTS[(rng.next() * SHIFT_STARTS.len() as f64) as usize % SHIFT_STARTS.len()] * 60;
        let week: Vec<Shift> =
            (0..7).map(|weekday| Shift { weekday, start_minute: start, end_minute: start + 9 * 60 }).collect();
        ids.push(demo::add_technician(conn, user, point.id, home, &skills, &week, now)?);
    }
    let tz = point_context(conn, point.id)?.tz;
    let date = (now.with_timezone(&tz) + Duration::days(1)).date_naive();
    Ok(City { point: point.id, manager, technicians: ids, date, tz })
}

fn add_user(conn: &mut DbConnection, role: &str, name: &str, now: DateTime<Utc>) -> Result<i64, AppError> {
    let id = new_id();
    let email = format!("city-{id}@bench.fieldfix.test");
    users::insert(
        conn,
        &users::NewUser {
            id,
            email: Some(&email),
            name,
            phone: None,
            role,
            password_hash: None,
            active: true,
            created_at: now.naive_utc(),
        },
    )?;
    Ok(id)
}

fn inside(rng: &mut Lcg) -> Location {
    let (lat0, lon0, lat1, lon1) = (AREA[0].0, AREA[0].1, AREA[2].0, AREA[2].1);
    Location { lat: lat0 + rng.next() * (lat1 - lat0), lon: lon0 + rng.next() * (lon1 - lon0) }
}

/// Books the day's visits, each in its own transaction as the server does; returns how many
/// were taken (a booking refused for a full window is counted out).
fn book_day(db: &Db, city: &City, bench: &CityBench, now: DateTime<Utc>) -> anyhow::Result<usize> {
    let mut rng = Lcg(bench.seed.wrapping_mul(31).wrapping_add(7));
    let codes: Vec<&str> = demo::skill_codes().collect();
    let tz = db.write_blocking(|c| point_context(c, city.point).map(|p| p.tz))?;
    let mut taken = 0;
    for _ in 0..bench.visits {
        let place = inside(&mut rng);
        let skill = codes[(rng.next() * codes.len() as f64) as usize % codes.len()];
        let (from, to) = if rng.next() < WINDOW_SHARE {
            let hour = 8 + (rng.next() * 11.0) as i32;
            (hour * 60, hour * 60 + 120)
        } else {
            (8 * 60, 20 * 60)
        };
        let (Some(start), Some(end)) = (local_minute(city.date, from, tz), local_minute(city.date, to, tz)) else {
            continue;
        };
        let input: BookingInput = serde_json::from_value(json!({
            "customer": {"name": "City customer", "email": format!("city-{}@bench.fieldfix.test", new_id()), "phone": "+86 139 0000 0000"},
            "product": {"category": "faucet", "brand": "Bench", "model": "X1", "purchased_on": "2025-06-01"},
            "problem": "Bench repair", "skill": skill, "address": "Bench Road, Hangzhou",
            "location": {"lat": place.lat, "lon": place.lon}, "window": {"start": start, "end": end}, "language": "zh-CN"
        }))?;
        let checked = check::check(input, None, crate::domain::phone::DEFAULT_REGION, now)?;
        match db.write_blocking(|c| book::book(c, &checked, "http://bench.invalid", now)) {
            Ok(_) => taken += 1,
            Err(AppError::Conflict { .. } | AppError::Validation(_)) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(taken)
}

/// Lets the best-offered technician accept [`ACCEPT_SHARE`] of the visits of the city's point;
/// an accept refused (the technician's day no longer fits it) leaves the visit open.
fn accept_most(db: &Db, city: &City, seed: u64, now: DateTime<Utc>) -> anyhow::Result<usize> {
    let mut rng = Lcg(seed.wrapping_add(0xACCE));
    let offers = db.write_blocking(|c| {
        let mut all = Vec::new();
        for &t in &city.technicians {
            all.extend(visits::pending_offers_of(c, t, now.naive_utc())?);
        }
        Ok::<_, AppError>(all)
    })?;
    let mut by_visit = std::collections::BTreeMap::new();
    for o in offers.into_iter().filter(|o| o.state() == Some(OfferStatus::Pending)) {
        let best = by_visit.entry(o.visit_id).or_insert_with(|| o.clone());
        if o.rank < best.rank {
            *best = o;
        }
    }
    let mut accepted = 0;
    for offer in by_visit.into_values() {
        if rng.next() >= ACCEPT_SHARE {
            continue;
        }
        let tech = db.write_blocking(|c| technicians::find_full(c, offer.technician_id).map_err(AppError::from))?;
        let Some(tech) = tech else { continue };
        let user = AuthUser {
            id: tech.row.user_id,
            role: Role::Technician,
            name: tech.name,
            service_points: Vec::new(),
            technician_id: Some(offer.technician_id),
        };
        match db.write_blocking(|c| offers::accept(c, &user, OfferId(offer.id), now)) {
            Ok(_) => accepted += 1,
            Err(AppError::Conflict { .. }) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(accepted)
}
