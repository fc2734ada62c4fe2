//! Past weeks of finished repairs for the demo city, made through the same use cases as live
//! work (booking, offers, visits, quotes, ratings) at past times, so that a new demo's board
//! has figures and charts to show. The mail of that past is dropped, never sent.

use chrono::{DateTime, Datelike, Duration, Utc};
use diesel::prelude::*;
use serde_json::json;

use crate::app::admin::demo::{random_point_inside, Lcg, POINTS};
use crate::app::booking::{book, input::BookingInput};
use crate::app::error::AppError;
use crate::app::points::point_context;
use crate::app::visits::{offers, ratings, steps as visit_steps};
use crate::auth::AuthUser;
use crate::db::marks::Mark;
use crate::db::schema::outbox;
use crate::db::{marks, requests, service_points, technicians, users, visits, DbConnection};
use crate::domain::ids::{OfferId, RequestId, TechnicianId, VisitId};
use crate::domain::role::Role;
use crate::domain::time::{day_start, local_minute};
use crate::domain::visit_state::{OfferStatus, QuoteStatus};

/// Each skill with a product category that needs it and a typical fix.
const WORK: [(&str, &str, &str, &str); 6] = [
    ("plumbing", "faucet", "The faucet drips and sprays at the joint.", "cartridge-35"),
    ("electrical", "socket", "A socket sparks when something is plugged in.", "breaker-16a"),
    ("appliance", "washing_machine", "The washing machine will not drain.", "drain-pump"),
    ("hvac", "air_conditioner", "The air conditioner blows warm air.", ""),
    ("water_heater", "water_heater", "No hot water since this morning.", "hose-50"),
    ("locksmith", "lock", "The door lock is stuck.", ""),
];

fn bad(e: impl std::fmt::Display) -> AppError {
    AppError::internal(format!("demo history: {e}"))
}

fn as_user(conn: &mut DbConnection, technician_id: i64) -> Result<AuthUser, AppError> {
    let t = technicians::find_full(conn, technician_id)?.ok_or(AppError::NotFound(msg!("thing-technician")))?;
    Ok(AuthUser {
        id: t.row.user_id,
        role: Role::Technician,
        name: t.name,
        service_points: Vec::new(),
        technician_id: Some(technician_id),
    })
}

/// Plays `weeks` past weeks (two repairs per point per weekday) once; returns how many
/// requests it made, 0 when the history is there already.
pub fn load(conn: &mut DbConnection, now: DateTime<Utc>, weeks: u32) -> Result<usize, AppError> {
    if !marks::set(conn, Mark::DemoHistory, None, now.naive_utc())? {
        return Ok(0);
    }
    let mut rng = Lcg(20_261_107);
    let mut made = 0;
    let mut managers = Vec::new();
    for (i, name) in POINTS.iter().enumerate() {
        let (Some(point), Some(m)) = (
            service_points::find_by_name(conn, name)?,
            users::find_by_email(conn, &format!("manager{}@demo.fieldfix.test", i + 1))?,
        ) else {
            continue;
        };
        managers.push(AuthUser {
            id: m.id,
            role: Role::Manager,
            name: m.name,
            service_points: vec![point.id],
            technician_id: None,
        });
    }
    for name in POINTS {
        let Some(row) = service_points::find_by_name(conn, name)? else { continue };
        let ctx = point_context(conn, row.id)?;
        let today = now.with_timezone(&ctx.tz).date_naive();
        let first = today - Duration::days(i64::from(today.weekday().num_days_from_monday()) + 7 * i64::from(weeks));
        for day in 0..7 * i64::from(weeks) {
            let date = first + Duration::days(day);
            if date.weekday().num_days_from_monday() >= 5 || day_start(date, ctx.tz)? >= now - Duration::days(1) {
                continue;
            }
            for _ in 0..2 {
                let minute = 9 * 60 + (rng.next() * 420.0) as i32;
                let Some(at) = local_minute(date, minute, ctx.tz) else { continue };
                let work = WORK[(rng.next() * WORK.len() as f64) as usize % WORK.len()];
                let late = rng.next() < 0.15;
                match past_repair(conn, &ctx.point, work, at, late.then_some(managers.as_slice()), &mut rng) {
                    Ok(true) => made += 1,
                    Ok(false) | Err(AppError::Conflict { .. }) => {}
                    Err(e) => return Err(e),
                }
            }
        }
    }
    crate::app::admin::demo_follow_up::play(conn, &managers, now, &mut rng)?;
    diesel::delete(outbox::table.filter(outbox::created_at.lt(now.naive_utc()))).execute(conn)?;
    Ok(made)
}

/// One repair from booking to rating, starting at `at`. With `managers`, the request's
/// manager assigns it late (a missed response promise); otherwise the best-ranked technician
/// accepts within minutes.
fn past_repair(
    conn: &mut DbConnection,
    point: &crate::app::admin::points::ServicePointView,
    (skill, category, problem, part): (&str, &str, &str, &str),
    at: DateTime<Utc>,
    managers: Option<&[AuthUser]>,
    rng: &mut Lcg,
) -> Result<bool, AppError> {
    let minutes = |rng: &mut Lcg, from: f64, to: f64| Duration::minutes((from + rng.next() * (to - from)) as i64);
    let place = random_point_inside(point, rng);
    let purchased = if rng.next() < 0.5 { "2026-02-01" } else { "2021-06-01" };
    let input: BookingInput = serde_json::from_value(json!({
        "customer": {"name": "Demo Customer", "email": format!("customer{}@demo.fieldfix.test", crate::domain::ids::new_id()), "phone": "+86 139 0000 0000"},
        "product": {"category": category, "brand": "Demo", "model": "X1", "serial": "", "purchased_on": purchased, "order_ref": ""},
        "problem": problem, "skill": skill, "address": "Demo Road, Hangzhou",
        "location": {"lat": place.lat, "lon": place.lon}, "window": null, "language": "zh-CN"
    }))
    .map_err(bad)?;
    let booked = book::book(
        conn,
        &crate::app::booking::check::check(input, None, crate::domain::phone::DEFAULT_REGION, at)?,
        "http://demo.invalid",
        at,
    )?;
    let link = booked.tracking_url.rsplit('/').next().unwrap_or_default().to_string();
    let offered = visits::offers_of_request(conn, booked.id)?;
    let Some(best) = offered.iter().find(|o| o.state() == Some(OfferStatus::Pending)) else { return Ok(false) };
    let request = requests::find(conn, booked.id)?.ok_or(AppError::NotFound(msg!("thing-request")))?;
    let manager = managers.and_then(|all| all.iter().find(|m| m.service_points.contains(&request.service_point_id)));
    let (mut now, tech) = match manager {
        Some(m) => {
            let now = at + minutes(rng, 16.0, 40.0);
            offers::assign(conn, m, RequestId(booked.id), TechnicianId(best.technician_id), now)?;
            (now, as_user(conn, best.technician_id)?)
        }
        None => {
            let now = at + minutes(rng, 1.0, 9.0);
            let tech = as_user(conn, best.technician_id)?;
            offers::accept(conn, &tech, OfferId(best.id), now)?;
            (now, tech)
        }
    };
    let Some(visit) = visits::of_request(conn, booked.id)?.into_iter().find(|v| v.technician_id == tech.technician_id)
    else {
        return Ok(false);
    };
    let start = visit.scheduled_start.map(|s| s.and_utc()).unwrap_or(now);
    now = (now + Duration::minutes(2)).max(start - Duration::minutes(20));
    visit_steps::en_route(conn, &tech, VisitId(visit.id), &visit_steps::StepInput { position: None }, now)?;
    now += minutes(rng, 12.0, 40.0);
    let door = crate::domain::area::Location { lat: place.lat, lon: place.lon };
    visit_steps::arrive(conn, &tech, VisitId(visit.id), &visit_steps::StepInput { position: Some(door) }, now)?;
    now += minutes(rng, 25.0, 80.0);
    let mut lines = vec![
        json!({"kind": "call_out", "description": "上门费", "quantity": 1}),
        json!({"kind": "labour", "description": "人工", "quantity": 1 + (rng.next() * 3.0) as i32}),
    ];
    if !part.is_empty() {
        lines.push(json!({"kind": "part", "description": part, "quantity": 1, "part_code": part}));
    }
    let outcome: visit_steps::OutcomeInput = serde_json::from_value(json!({
        "diagnosis": "Checked on site", "root_cause": "wear", "work_done": "Repaired and tested",
        "lines": lines, "resolution": "resolved"
    }))
    .map_err(bad)?;
    let done = visit_steps::record_outcome(conn, &tech, VisitId(visit.id), &outcome, now)?;
    if done.quote() == QuoteStatus::Pending {
        now += minutes(rng, 2.0, 10.0);
        crate::app::visits::quotes::approve_quote(conn, &link, now)?;
    }
    now += minutes(rng, 2.0, 8.0);
    let completed = visit_steps::complete(conn, &tech, VisitId(visit.id), now)?;
    let roll = rng.next();
    let stars = if roll < 0.55 {
        5
    } else if roll < 0.83 {
        4
    } else if roll < 0.96 {
        3
    } else {
        2
    };
    let said = crate::app::admin::demo_follow_up::LOW_RATING_WORDS;
    let comment = if stars <= 2 { said[(rng.next() * said.len() as f64) as usize % said.len()] } else { "" };
    let rating: ratings::RatingInput = serde_json::from_value(json!({
        "stars": stars, "punctuality": stars, "professionalism": 5, "resolution": stars, "comment": comment
    }))
    .map_err(bad)?;
    if completed.rating_token.is_some() {
        ratings::rate(conn, &link, &rating, now + minutes(rng, 60.0, 600.0))?;
    }
    Ok(true)
}
