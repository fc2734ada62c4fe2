//! Every migration's down undoes its up, on both backends, and both trees make the same
//! tables and columns.

use std::collections::BTreeSet;

use diesel::migration::MigrationSource;
use diesel::prelude::*;
use fieldfix::db::pool::Manager;
use fieldfix::db::{migrations, DbConnection};

use crate::helpers::{Kind, TestDatabase};

type Shape = BTreeSet<(String, String, bool)>;

#[derive(QueryableByName)]
struct Column {
    #[diesel(sql_type = diesel::sql_types::Text)]
    table_name: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    column_name: String,
    #[diesel(sql_type = diesel::sql_types::Bool)]
    nullable: bool,
}

fn shape(conn: &mut DbConnection) -> Shape {
    let rows: Vec<Column> = match conn {
        DbConnection::Pg(c) => diesel::sql_query(
            "SELECT table_name::text AS table_name, column_name::text AS column_name, (is_nullable = 'YES') AS nullable \
             FROM information_schema.columns WHERE table_schema = 'public' AND table_name NOT LIKE '__diesel%'",
        )
        .load(c),
        DbConnection::Sqlite(c) => diesel::sql_query(
            "SELECT m.name AS table_name, p.name AS column_name, (p.\"notnull\" = 0 AND p.pk = 0) AS nullable \
             FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE '__diesel%' AND m.name NOT LIKE 'sqlite_%'",
        )
        .load(c),
    }
    .expect("read schema");
    rows.into_iter().map(|r| (r.table_name, r.column_name, r.nullable)).collect()
}

fn migration_count(kind: Kind) -> usize {
    let source = match kind {
        Kind::Sqlite => MigrationSource::<diesel::sqlite::Sqlite>::migrations(&migrations::SQLITE).map(|m| m.len()),
        Kind::Postgres => MigrationSource::<diesel::pg::Pg>::migrations(&migrations::POSTGRES).map(|m| m.len()),
    };
    source.expect("migrations readable")
}

fn check_down_undoes_up(kind: Kind) -> Option<Shape> {
    let db = TestDatabase::create(kind)?;
    let mut conn = Manager::new(&db.url).expect("url").open().expect("connect");
    let n = migration_count(kind);
    assert!(n > 0);
    for i in 0..n {
        let before = shape(&mut conn);
        migrations::run_next(&mut conn).expect("up");
        let after = shape(&mut conn);
        assert_ne!(before, after, "migration {i} changes the schema");
        migrations::revert_last(&mut conn).expect("down");
        assert_eq!(shape(&mut conn), before, "migration {i}: down undoes up on {kind:?}");
        migrations::run_next(&mut conn).expect("up again");
        assert_eq!(shape(&mut conn), after, "migration {i}: up after down on {kind:?}");
    }
    assert!(migrations::is_current(&mut conn).expect("pending"));
    Some(shape(&mut conn))
}

#[test]
fn down_undoes_up_and_trees_agree() {
    let sqlite = check_down_undoes_up(Kind::Sqlite).expect("sqlite always runs");
    if let Some(pg) = check_down_undoes_up(Kind::Postgres) {
        let only_sqlite: Vec<_> = sqlite.difference(&pg).collect();
        let only_pg: Vec<_> = pg.difference(&sqlite).collect();
        assert!(
            only_sqlite.is_empty() && only_pg.is_empty(),
            "trees differ: sqlite-only {only_sqlite:?}, pg-only {only_pg:?}"
        );
    }
}

#[test]
fn unknown_database_schemes_are_refused() {
    for url in ["mysql://x", "fieldfix.db", "sqlite://", "http://x"] {
        let err = Manager::new(url).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains("unsupported DATABASE_URL"), "{url}: {err}");
    }
}
