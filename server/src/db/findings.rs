//! The findings repository: the rows the step log stores for the flags a step's checks raised
//! (`findings`). Their reads live with the features that show them (`plans`, `cases`, `triage`).

use sqlx::AnyConnection;

/// A finding about to be stored.
#[derive(Debug, Clone)]
pub(crate) struct NewFinding {
    pub subject_type: &'static str,
    pub subject_id: String,
    pub jurisdiction: String,
    pub check_id: String,
    pub stage: String,
    pub severity: String,
    pub step: String,
    pub message_zh: String,
    pub message_en: String,
    /// The evidence as JSON text.
    pub evidence: String,
    pub at: i64,
}

/// Inserts a finding in the caller's transaction.
pub(crate) async fn insert_finding(
    conn: &mut AnyConnection,
    f: &NewFinding,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO findings (subject_type, subject_id, jurisdiction_code, check_id, stage, severity, step, \
         message_zh, message_en, evidence_json, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(f.subject_type.to_owned())
    .bind(f.subject_id.clone())
    .bind(f.jurisdiction.clone())
    .bind(f.check_id.clone())
    .bind(f.stage.clone())
    .bind(f.severity.clone())
    .bind(f.step.clone())
    .bind(f.message_zh.clone())
    .bind(f.message_en.clone())
    .bind(f.evidence.clone())
    .bind(f.at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
