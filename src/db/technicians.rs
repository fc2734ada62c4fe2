//! Technicians with their skills, weekly shifts and time off.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{shifts, technician_skills, technicians, time_off, users};
use super::DbConnection;
use crate::domain::shift::Shift;

/// A stored technician.
#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = technicians)]
pub struct TechnicianRow {
    pub id: i64,
    /// The user account.
    pub user_id: i64,
    /// Home service point.
    pub service_point_id: i64,
    /// Home base latitude.
    pub home_lat: f64,
    /// Home base longitude.
    pub home_lon: f64,
    /// Last reported latitude.
    pub last_lat: Option<f64>,
    /// Last reported longitude.
    pub last_lon: Option<f64>,
    /// When the position was reported.
    pub last_seen_at: Option<NaiveDateTime>,
    /// False once deactivated.
    pub active: bool,
    /// Creation time.
    pub created_at: NaiveDateTime,
    /// Last change.
    pub updated_at: NaiveDateTime,
}

/// A technician with everything the admin API and the dispatcher show.
#[derive(Clone, Debug)]
pub struct TechnicianFull {
    /// The technician row.
    pub row: TechnicianRow,
    /// The account's email.
    pub email: String,
    /// The account's name.
    pub name: String,
    /// The account's phone.
    pub phone: Option<String>,
    /// The language the person reads (`users.language`: `en` or `zh-CN`); their mail is
    /// written in it.
    pub language: String,
    /// (skill code, level).
    pub skills: Vec<(String, i32)>,
    /// Weekly shifts.
    pub shifts: Vec<Shift>,
}

/// The technician id of a user, if the user is a technician.
pub fn id_for_user(conn: &mut DbConnection, user_id: i64) -> QueryResult<Option<i64>> {
    technicians::table.filter(technicians::user_id.eq(user_id)).select(technicians::id).first(conn).optional()
}

/// Inserts a technician row.
pub fn insert(conn: &mut DbConnection, row: &TechnicianRow) -> QueryResult<()> {
    diesel::insert_into(technicians::table).values(row).execute(conn).map(|_| ())
}

/// Updates service point, home and active flag.
pub fn update_core(
    conn: &mut DbConnection,
    id: i64,
    service_point_id: i64,
    home: (f64, f64),
    active: bool,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(technicians::table.find(id))
        .set((
            technicians::service_point_id.eq(service_point_id),
            technicians::home_lat.eq(home.0),
            technicians::home_lon.eq(home.1),
            technicians::active.eq(active),
            technicians::updated_at.eq(now),
        ))
        .execute(conn)
}

/// Sets the language a technician reads, on their user (`users.language`, which the person
/// sets with `PATCH /api/auth/me`): one language per reader.
pub fn set_language(conn: &mut DbConnection, id: i64, language: &str) -> QueryResult<usize> {
    let user_id: i64 = technicians::table.find(id).select(technicians::user_id).first(conn)?;
    diesel::update(users::table.find(user_id)).set(users::language.eq(language)).execute(conn)
}

/// Replaces a technician's skills.
pub fn replace_skills(conn: &mut DbConnection, id: i64, skills: &[(String, i32)]) -> QueryResult<()> {
    diesel::delete(technician_skills::table.filter(technician_skills::technician_id.eq(id))).execute(conn)?;
    for (code, level) in skills {
        diesel::insert_into(technician_skills::table)
            .values((
                technician_skills::technician_id.eq(id),
                technician_skills::skill_code.eq(code),
                technician_skills::level.eq(level),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Replaces a technician's weekly shifts.
pub fn replace_shifts(conn: &mut DbConnection, id: i64, week: &[Shift]) -> QueryResult<()> {
    diesel::delete(shifts::table.filter(shifts::technician_id.eq(id))).execute(conn)?;
    for s in week {
        diesel::insert_into(shifts::table)
            .values((
                shifts::id.eq(crate::domain::ids::new_id()),
                shifts::technician_id.eq(id),
                shifts::weekday.eq(s.weekday),
                shifts::start_minute.eq(s.start_minute),
                shifts::end_minute.eq(s.end_minute),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Records time off.
pub fn insert_time_off(
    conn: &mut DbConnection,
    technician_id: i64,
    starts_at: NaiveDateTime,
    ends_at: NaiveDateTime,
    reason: &str,
) -> QueryResult<i64> {
    let id = crate::domain::ids::new_id();
    diesel::insert_into(time_off::table)
        .values((
            time_off::id.eq(id),
            time_off::technician_id.eq(technician_id),
            time_off::starts_at.eq(starts_at),
            time_off::ends_at.eq(ends_at),
            time_off::reason.eq(reason),
        ))
        .execute(conn)?;
    Ok(id)
}

/// Time off of a service point's technicians overlapping [from, to): (technician, start, end).
pub fn time_off_of_point(
    conn: &mut DbConnection,
    service_point: i64,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> QueryResult<Vec<(i64, NaiveDateTime, NaiveDateTime)>> {
    let of_point = technicians::table.filter(technicians::service_point_id.eq(service_point)).select(technicians::id);
    time_off::table
        .filter(time_off::technician_id.eq_any(of_point))
        .filter(time_off::starts_at.lt(to))
        .filter(time_off::ends_at.gt(from))
        .select((time_off::technician_id, time_off::starts_at, time_off::ends_at))
        .load(conn)
}

/// Technicians, optionally of one service point, with accounts, skills and shifts.
pub fn list_full(conn: &mut DbConnection, service_point: Option<i64>) -> QueryResult<Vec<TechnicianFull>> {
    let mut query = technicians::table
        .inner_join(users::table)
        .select((TechnicianRow::as_select(), users::email, users::name, users::phone, users::language))
        .order(users::email)
        .into_boxed();
    if let Some(sp) = service_point {
        query = query.filter(technicians::service_point_id.eq(sp));
    }
    let rows: Vec<Account> = query.load(conn)?;
    attach_details(conn, rows, service_point.map_or(Whose::All, Whose::Point))
}

/// One technician with account, skills and shifts.
pub fn find_full(conn: &mut DbConnection, id: i64) -> QueryResult<Option<TechnicianFull>> {
    let rows: Vec<Account> = technicians::table
        .inner_join(users::table)
        .filter(technicians::id.eq(id))
        .select((TechnicianRow::as_select(), users::email, users::name, users::phone, users::language))
        .load(conn)?;
    Ok(attach_details(conn, rows, Whose::One(id))?.into_iter().next())
}

/// A technician's row with their account's email, name, phone and language.
type Account = (TechnicianRow, Option<String>, String, Option<String>, String);

/// Whose skills and shifts to read: said by a filter rather than a list of ids, so that the
/// statements have a fixed text and stay prepared (an `IN (...)` list is prepared each time).
#[derive(Clone, Copy)]
enum Whose {
    One(i64),
    Point(i64),
    All,
}

fn attach_details(conn: &mut DbConnection, rows: Vec<Account>, whose: Whose) -> QueryResult<Vec<TechnicianFull>> {
    let mut skills_query = technician_skills::table
        .inner_join(technicians::table)
        .select((technician_skills::technician_id, technician_skills::skill_code, technician_skills::level))
        .order((technician_skills::technician_id, technician_skills::skill_code))
        .into_boxed();
    let mut shifts_query = shifts::table
        .inner_join(technicians::table)
        .select((shifts::technician_id, shifts::weekday, shifts::start_minute, shifts::end_minute))
        .order((shifts::technician_id, shifts::weekday, shifts::start_minute))
        .into_boxed();
    match whose {
        Whose::One(id) => {
            skills_query = skills_query.filter(technicians::id.eq(id));
            shifts_query = shifts_query.filter(technicians::id.eq(id));
        }
        Whose::Point(sp) => {
            skills_query = skills_query.filter(technicians::service_point_id.eq(sp));
            shifts_query = shifts_query.filter(technicians::service_point_id.eq(sp));
        }
        Whose::All => {}
    }
    let skill_rows: Vec<(i64, String, i32)> = skills_query.load(conn)?;
    let shift_rows: Vec<(i64, i32, i32, i32)> = shifts_query.load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(row, email, name, phone, language)| {
            let skills = skill_rows.iter().filter(|s| s.0 == row.id).map(|s| (s.1.clone(), s.2)).collect();
            let shifts = shift_rows
                .iter()
                .filter(|s| s.0 == row.id)
                .map(|s| Shift { weekday: s.1, start_minute: s.2, end_minute: s.3 })
                .collect();
            TechnicianFull { row, email: email.unwrap_or_default(), name, phone, language, skills, shifts }
        })
        .collect())
}

/// Which of `ids` are active technicians of the service point now, with their emails
/// (where offers go).
pub fn active_among(conn: &mut DbConnection, service_point: i64, ids: &[i64]) -> QueryResult<Vec<(i64, String)>> {
    let rows: Vec<(i64, Option<String>)> = technicians::table
        .inner_join(users::table)
        .filter(technicians::id.eq_any(ids))
        .filter(technicians::service_point_id.eq(service_point))
        .filter(technicians::active.eq(true))
        .select((technicians::id, users::email))
        .load(conn)?;
    Ok(rows.into_iter().filter_map(|(id, email)| Some((id, email?))).collect())
}

/// Records a technician's reported position.
pub fn set_position(conn: &mut DbConnection, id: i64, lat: f64, lon: f64, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(technicians::table.find(id))
        .set((
            technicians::last_lat.eq(Some(lat)),
            technicians::last_lon.eq(Some(lon)),
            technicians::last_seen_at.eq(Some(at)),
        ))
        .execute(conn)
}
