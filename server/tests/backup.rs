//! `yiwang backup` / `yiwang restore` for the embedded SQLite database: a backup taken while
//! writes go on restores into an empty folder with an intact audit chain.

mod common;

use common::TestDb;
use server::db::Backend;
use sqlx::Row;

async fn count(pool: &sqlx::AnyPool, table: &str) -> i64 {
    sqlx::query(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
        .fetch_one(pool)
        .await
        .unwrap()
        .try_get(0)
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_during_writes_restores_with_an_intact_chain() {
    let t = TestDb::new(Backend::Sqlite).await;
    let store = t.store();
    server::demo::load(&store).await.unwrap();
    let dir = std::env::temp_dir().join(format!("yiwang-backup-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let file = dir.join("backup.db");
    // Writes go on while the backup runs.
    let writer = {
        let store = store.clone();
        tokio::spawn(async move {
            for n in 0..40u64 {
                let reg =
                    shared::supplier::validate_supplier(&common::valid_form(7000 + n)).unwrap();
                store
                    .insert_supplier(&reg, None, 1_800_000_000)
                    .await
                    .unwrap();
            }
        })
    };
    let bytes = server::backup::backup(&t.db, &file).await.unwrap();
    writer.await.unwrap();
    assert!(bytes > 0);
    // A second backup to the same file is refused.
    assert!(server::backup::backup(&t.db, &file).await.is_err());
    // Restore into an empty folder.
    let url = format!("sqlite://{}", dir.join("restored/yiwang.db").display());
    let verified = server::backup::restore(&file, &url).await.unwrap();
    assert!(verified.problem.is_none());
    let restored = server::db::Db::connect(&url).await.unwrap();
    let suppliers = count(&restored.pool, "suppliers").await;
    assert!((409..=449).contains(&suppliers), "{suppliers}");
    assert_eq!(
        count(&restored.pool, "audit_log").await,
        verified.records as i64
    );
    // Restoring over an existing database is refused.
    assert!(server::backup::restore(&file, &url).await.is_err());
    // Not a database: refused.
    let junk = dir.join("junk.db");
    std::fs::write(&junk, b"not a database at all").unwrap();
    let other = format!("sqlite://{}", dir.join("other/yiwang.db").display());
    assert!(matches!(
        server::backup::restore(&junk, &other).await,
        Err(server::backup::BackupError::NotADatabase(_))
    ));
    restored.pool.close().await;
    let _ = std::fs::remove_dir_all(&dir);
    t.cleanup().await;
}
