//! The audit trail's hash chain on SQLite and PostgreSQL: intact after real steps (also under
//! concurrent appends), and `verify` names the first record changed, removed or inserted directly
//! in the database; an export verifies offline.

mod common;

use common::TestDb;
use server::audit::{verify, verify_export, Problem};
use server::db::Backend;
use sqlx::Row;

/// Removes the append-only triggers, as someone with direct database access could.
async fn drop_guards(t: &TestDb) {
    let statements: &[&str] = match t.db.backend {
        Backend::Sqlite => &[
            "DROP TRIGGER audit_log_no_update",
            "DROP TRIGGER audit_log_no_delete",
        ],
        Backend::Postgres => &["DROP TRIGGER audit_log_no_change ON audit_log"],
    };
    for s in statements {
        sqlx::query(sqlx::AssertSqlSafe(s.to_string()))
            .execute(&t.db.pool)
            .await
            .unwrap();
    }
}

async fn id_at(t: &TestDb, seq: i64) -> i64 {
    sqlx::query("SELECT id FROM audit_log WHERE chain_seq = $1")
        .bind(seq)
        .fetch_one(&t.db.pool)
        .await
        .unwrap()
        .try_get(0)
        .unwrap()
}

async fn the_chain_holds_after_real_steps_and_concurrent_appends(t: &TestDb) {
    let store = t.store();
    server::demo::load(&store).await.unwrap();
    // Concurrent registrations: every append takes the head first, so the chain stays linear.
    let mut tasks = Vec::new();
    for n in 0..24u64 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            let reg = shared::supplier::validate_supplier(&common::valid_form(9000 + n)).unwrap();
            store
                .insert_supplier(&reg, None, 1_800_000_000)
                .await
                .unwrap();
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    let v = verify(&t.db.pool).await.unwrap();
    assert_eq!(v.problem, None, "{v:?}");
    let rows: i64 = sqlx::query("SELECT COUNT(*) FROM audit_log")
        .fetch_one(&t.db.pool)
        .await
        .unwrap()
        .try_get(0)
        .unwrap();
    assert_eq!(v.records as i64, rows);
    assert_eq!(v.head.seq, rows);
    // The export verifies offline, and against the head a third party kept.
    let mut out = Vec::new();
    let head = server::audit::export(&t.db.pool, &mut out).await.unwrap();
    let v = verify_export(&mut out.as_slice(), Some(&head.hash)).unwrap();
    assert_eq!(v.problem, None);
    // One changed byte in the export is caught.
    let text = String::from_utf8(out).unwrap();
    let tampered = text.replacen("supplier.register", "supplier.rogister", 1);
    let v = verify_export(&mut tampered.as_bytes(), None).unwrap();
    assert!(matches!(v.problem, Some(Problem::Changed { .. })), "{v:?}");
    // A kept head that the export no longer ends at is caught.
    let v = verify_export(&mut text.as_bytes(), Some(server::audit::GENESIS)).unwrap();
    assert!(matches!(v.problem, Some(Problem::Head { .. })), "{v:?}");
}
on_both_databases!(the_chain_holds_after_real_steps_and_concurrent_appends);

async fn a_changed_record_is_named(t: &TestDb) {
    server::demo::load(&t.store()).await.unwrap();
    drop_guards(t).await;
    let id = id_at(t, 5).await;
    sqlx::query("UPDATE audit_log SET subject_id = 'forged' WHERE id = $1")
        .bind(id)
        .execute(&t.db.pool)
        .await
        .unwrap();
    let v = verify(&t.db.pool).await.unwrap();
    assert_eq!(v.problem, Some(Problem::Changed { id, seq: 5 }));
}
on_both_databases!(a_changed_record_is_named);

async fn a_removed_record_is_named(t: &TestDb) {
    server::demo::load(&t.store()).await.unwrap();
    drop_guards(t).await;
    let gone = id_at(t, 7).await;
    let next = id_at(t, 8).await;
    sqlx::query("DELETE FROM audit_log WHERE id = $1")
        .bind(gone)
        .execute(&t.db.pool)
        .await
        .unwrap();
    let v = verify(&t.db.pool).await.unwrap();
    assert_eq!(
        v.problem,
        Some(Problem::Removed {
            id: next,
            seq: 8,
            expected_seq: 7
        })
    );
    // Removing the last record is caught by the head.
    let head: i64 = sqlx::query("SELECT seq FROM audit_head")
        .fetch_one(&t.db.pool)
        .await
        .unwrap()
        .try_get(0)
        .unwrap();
    let t2 = TestDb::new(t.db.backend).await;
    server::demo::load(&t2.store()).await.unwrap();
    drop_guards(&t2).await;
    sqlx::query("DELETE FROM audit_log WHERE chain_seq = $1")
        .bind(head)
        .execute(&t2.db.pool)
        .await
        .unwrap();
    let v = verify(&t2.db.pool).await.unwrap();
    assert!(matches!(v.problem, Some(Problem::Head { .. })), "{v:?}");
    t2.cleanup().await;
}
on_both_databases!(a_removed_record_is_named);

async fn an_inserted_record_is_named(t: &TestDb) {
    server::demo::load(&t.store()).await.unwrap();
    // Without chain fields (a plain INSERT by hand): the guards do not stop inserts.
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO audit_log (at, action) VALUES (1800000000, 'plan.release') RETURNING id",
    )
    .fetch_one(&t.db.pool)
    .await
    .unwrap();
    let v = verify(&t.db.pool).await.unwrap();
    assert_eq!(v.problem, Some(Problem::Inserted { id, seq: None }));
}
on_both_databases!(an_inserted_record_is_named);
