//! Skills.

use diesel::prelude::*;

use super::schema::skills;
use super::DbConnection;

/// A stored skill.
#[derive(Clone, Debug, Queryable, Selectable, Insertable, AsChangeset, serde::Serialize, utoipa::ToSchema)]
#[diesel(table_name = skills)]
pub struct SkillRow {
    /// Short code such as `plumbing`.
    pub code: String,
    /// English name.
    pub name: String,
    /// Chinese name.
    pub name_zh: String,
    /// False once retired.
    pub active: bool,
}

/// All skills, by code.
pub fn list(conn: &mut DbConnection) -> QueryResult<Vec<SkillRow>> {
    skills::table.order(skills::code).select(SkillRow::as_select()).load(conn)
}

/// One skill.
pub fn find(conn: &mut DbConnection, code: &str) -> QueryResult<Option<SkillRow>> {
    skills::table.find(code).select(SkillRow::as_select()).first(conn).optional()
}

/// Inserts a skill.
pub fn insert(conn: &mut DbConnection, skill: &SkillRow) -> QueryResult<()> {
    diesel::insert_into(skills::table).values(skill).execute(conn).map(|_| ())
}

/// Replaces a skill's names and flag.
pub fn update(conn: &mut DbConnection, skill: &SkillRow) -> QueryResult<usize> {
    diesel::update(skills::table.find(&skill.code)).set(skill).execute(conn)
}

/// The codes of the active skills among `codes` (to refuse unknown ones).
pub fn active_among(conn: &mut DbConnection, codes: &[String]) -> QueryResult<Vec<String>> {
    skills::table.filter(skills::code.eq_any(codes)).filter(skills::active.eq(true)).select(skills::code).load(conn)
}
