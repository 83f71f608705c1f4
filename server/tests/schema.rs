//! The SQLite and PostgreSQL migrations define the same schema: the same tables and columns.

mod common;

use server::db::Backend;
use sqlx::Row;

async fn columns(t: &common::TestDb, backend: Backend) -> Vec<(String, String)> {
    let sql = match backend {
        Backend::Sqlite => {
            "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '_sqlx%'"
        }
        Backend::Postgres => {
            "SELECT CAST(table_name AS TEXT), CAST(column_name AS TEXT) FROM information_schema.columns \
             WHERE table_schema = 'public' AND table_name NOT LIKE '_sqlx%'"
        }
    };
    let mut cols: Vec<(String, String)> = sqlx::query(sql)
        .fetch_all(&t.db.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| (r.try_get(0).unwrap(), r.try_get(1).unwrap()))
        .collect();
    cols.sort();
    cols
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_backends_have_the_same_tables_and_columns() {
    let lite = common::TestDb::new(Backend::Sqlite).await;
    let pg = common::TestDb::new(Backend::Postgres).await;
    let a = columns(&lite, Backend::Sqlite).await;
    let b = columns(&pg, Backend::Postgres).await;
    assert!(a.len() > 20, "{a:?}");
    assert_eq!(a, b);
    // Migrations run at every start and are idempotent.
    server::db::Db::connect(&lite.url).await.unwrap();
    server::db::Db::connect(&pg.url).await.unwrap();
    lite.cleanup().await;
    pg.cleanup().await;
}
