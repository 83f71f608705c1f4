//! The audit trail: append-only and tamper-evident. Every state change appends one record in the
//! transaction of the change. Records form a hash chain: each carries the hash of the one before
//! it and its own hash over a canonical encoding, so a changed, removed or inserted record breaks
//! the chain from that point on. `yiwang audit verify` recomputes it and names the first record
//! that breaks it; `yiwang audit export` writes the chain with its head so a third party can keep
//! the head hash and verify the export offline (`yiwang audit verify --file`). The encoding is
//! documented in docs/audit.md.

use std::io::{BufRead, Write};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use shared::access::Role;

/// The hash before the first record.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One record of the audit trail, as a step appends it.
#[derive(Debug, Clone, Default)]
pub struct AuditEntry {
    pub at: i64,
    pub user_id: Option<i64>,
    pub role: Option<Role>,
    pub action: &'static str,
    pub subject_type: Option<&'static str>,
    pub subject_id: Option<String>,
    pub before: Option<Value>,
    pub after: Option<Value>,
    pub findings: Option<Value>,
}

/// A record as stored: the fields the hash covers, exactly as stored (JSON fields as their text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainRecord {
    pub seq: i64,
    pub at: i64,
    pub user_id: Option<i64>,
    pub role: Option<String>,
    pub action: String,
    pub subject_type: Option<String>,
    pub subject_id: Option<String>,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
    pub findings_json: Option<String>,
}

impl ChainRecord {
    /// The canonical encoding: a compact JSON array of the fields in this order.
    pub fn canonical(&self) -> String {
        serde_json::json!([
            self.seq,
            self.at,
            self.user_id,
            self.role,
            self.action,
            self.subject_type,
            self.subject_id,
            self.before_json,
            self.after_json,
            self.findings_json,
        ])
        .to_string()
    }

    /// hex(SHA-256(prev_hash ‖ "\n" ‖ canonical)).
    pub fn hash(&self, prev_hash: &str) -> String {
        let mut h = Sha256::new();
        h.update(prev_hash.as_bytes());
        h.update(b"\n");
        h.update(self.canonical().as_bytes());
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// Appends one record to the audit trail inside the caller's transaction: takes the next place
/// in the chain from `audit_head` (which also serialises concurrent appends), stores the record
/// with the previous hash and its own, and moves the head (the statements are in
/// [`crate::db::audit`]). The only writer of `audit_log` in the application.
pub(crate) async fn append_audit(
    conn: &mut sqlx::AnyConnection,
    e: &AuditEntry,
) -> Result<(), sqlx::Error> {
    let head = crate::db::audit::take_next_place(conn).await?;
    let (seq, prev) = (head.seq, head.hash);
    let record = ChainRecord {
        seq,
        at: e.at,
        user_id: e.user_id,
        role: e.role.map(|r| r.code().to_owned()),
        action: e.action.to_owned(),
        subject_type: e.subject_type.map(str::to_owned),
        subject_id: e.subject_id.clone(),
        before_json: e.before.as_ref().map(Value::to_string),
        after_json: e.after.as_ref().map(Value::to_string),
        findings_json: e.findings.as_ref().map(Value::to_string),
    };
    let hash = record.hash(&prev);
    // From the head's update to the commit the chain is locked for every other writer.
    crate::db::audit::store_record(conn, &record, prev, hash).await?;
    Ok(())
}

/// One line of an export: a record with its chain fields and its row id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportLine {
    pub id: i64,
    #[serde(flatten)]
    pub record: ChainRecord,
    pub prev_hash: String,
    pub hash: String,
}

/// The last line of an export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Head {
    pub seq: i64,
    pub hash: String,
}

/// What breaks the chain, at the first record where it breaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum Problem {
    /// The record's content no longer matches its hash: it was changed.
    Changed { id: i64, seq: i64 },
    /// Records are missing before this one (its place or its previous hash does not follow).
    Removed {
        id: i64,
        seq: i64,
        expected_seq: i64,
    },
    /// A record that is not part of the chain, or a second record at one place: inserted.
    Inserted { id: i64, seq: Option<i64> },
    /// The chain ends before the head (records removed at the end) or the head was changed.
    Head {
        last_seq: i64,
        head_seq: i64,
        last_hash: String,
        head_hash: String,
    },
}

impl Problem {
    /// The problem in Chinese (the `Display` text is the English one).
    pub fn zh(&self) -> String {
        match self {
            Problem::Changed { id, seq } => {
                format!("记录 {id}（链位置 {seq}）被改动：内容与其哈希不符")
            }
            Problem::Removed {
                id,
                seq,
                expected_seq,
            } => format!(
                "记录 {id} 之前有记录缺失：在应为链位置 {expected_seq} 处见到 {seq}，或其前一哈希不符"
            ),
            Problem::Inserted { id, .. } => format!("记录 {id} 是插入的：不在链上或与链不符"),
            Problem::Head {
                last_seq, head_seq, ..
            } => format!(
                "链止于位置 {last_seq}，但链头记为 {head_seq}：末尾记录被删除或链头被改动"
            ),
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::Changed { id, seq } => write!(
                f,
                "record id {id} (chain place {seq}) was changed: its content does not match its hash"
            ),
            Problem::Removed {
                id,
                seq,
                expected_seq,
            } => write!(
                f,
                "records are missing before record id {id}: chain place {seq} found where {expected_seq} was expected, or its previous hash does not match"
            ),
            Problem::Inserted { id, seq } => match seq {
                Some(seq) => write!(f, "record id {id} was inserted (a second record at chain place {seq}, or one whose previous hash does not match)"),
                None => write!(f, "record id {id} was inserted: it is not part of the chain"),
            },
            Problem::Head {
                last_seq,
                head_seq,
                last_hash,
                head_hash,
            } => write!(
                f,
                "the chain ends at place {last_seq} ({last_hash}) but the head says {head_seq} ({head_hash}): records were removed at the end or the head was changed"
            ),
        }
    }
}

/// The answer of a verification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verified {
    /// Records checked in the chain.
    pub records: u64,
    /// Records from before the chain was introduced (no chain fields), left unchecked.
    pub before_chain: u64,
    pub head: Head,
    /// The first problem, if any.
    pub problem: Option<Problem>,
}

/// Walks rows (id, chain place, record, stored prev hash, stored hash) in id order against the
/// head. Pure: used for the database and for an exported file.
pub fn verify_rows(
    rows: impl IntoIterator<
        Item = (
            i64,
            Option<i64>,
            ChainRecord,
            Option<String>,
            Option<String>,
        ),
    >,
    head: &Head,
) -> Verified {
    let mut records = 0u64;
    let mut before_chain = 0u64;
    let mut prev_hash = GENESIS.to_owned();
    let mut expected = 1i64;
    let mut chain_started = false;
    let mut problem = None;
    for (id, seq, record, stored_prev, stored_hash) in rows {
        let (Some(seq), Some(stored_prev), Some(stored_hash)) = (seq, stored_prev, stored_hash)
        else {
            if chain_started {
                problem = Some(Problem::Inserted { id, seq });
                break;
            }
            before_chain += 1;
            continue;
        };
        chain_started = true;
        if record.seq != seq {
            problem = Some(Problem::Changed { id, seq });
            break;
        }
        if seq < expected {
            problem = Some(Problem::Inserted { id, seq: Some(seq) });
            break;
        }
        let content_ok = record.hash(&stored_prev) == stored_hash;
        if seq > expected {
            problem = Some(if content_ok {
                Problem::Removed {
                    id,
                    seq,
                    expected_seq: expected,
                }
            } else {
                Problem::Changed { id, seq }
            });
            break;
        }
        if !content_ok {
            problem = Some(Problem::Changed { id, seq });
            break;
        }
        if stored_prev != prev_hash {
            // In its place, consistent in itself, but not after the record before it: either it
            // was re-hashed after an insertion, or the one before was replaced.
            problem = Some(Problem::Inserted { id, seq: Some(seq) });
            break;
        }
        records += 1;
        prev_hash = stored_hash;
        expected = seq + 1;
    }
    if problem.is_none() && (expected - 1 != head.seq || prev_hash != head.hash) {
        problem = Some(Problem::Head {
            last_seq: expected - 1,
            head_seq: head.seq,
            last_hash: prev_hash,
            head_hash: head.hash.clone(),
        });
    }
    Verified {
        records,
        before_chain,
        head: head.clone(),
        problem,
    }
}

type Row5 = (
    i64,
    Option<i64>,
    ChainRecord,
    Option<String>,
    Option<String>,
);

fn row(r: crate::db::audit::StoredRecord) -> Row5 {
    (
        r.id,
        r.chain_seq,
        ChainRecord {
            seq: r.chain_seq.unwrap_or(0),
            at: r.at,
            user_id: r.user_id,
            role: r.role,
            action: r.action,
            subject_type: r.subject_type,
            subject_id: r.subject_id,
            before_json: r.before_json,
            after_json: r.after_json,
            findings_json: r.findings_json,
        },
        r.prev_hash,
        r.hash,
    )
}

/// Verifies the chain in the database.
pub async fn verify(pool: &sqlx::AnyPool) -> Result<Verified, sqlx::Error> {
    verify_with(pool, &crate::progress::Progress::hidden()).await
}

/// [`verify`] with its progress on a bar (records verified).
pub async fn verify_with(
    pool: &sqlx::AnyPool,
    progress: &crate::progress::Progress,
) -> Result<Verified, sqlx::Error> {
    progress.begin("reading", None, 0, crate::progress::Unit::Items("records"));
    let head = crate::db::audit::head(pool).await?;
    let rows = crate::db::audit::records(pool).await?;
    progress.begin(
        "verify",
        Some(rows.len() as u64),
        0,
        crate::progress::Unit::Items("records"),
    );
    let verified = verify_rows(
        rows.into_iter().map(row).inspect(|_| progress.inc(1)),
        &head,
    );
    progress.finish();
    Ok(verified)
}

/// Writes the chain as JSON lines (one record a line, then `{"head": …}`); returns the head.
pub async fn export(pool: &sqlx::AnyPool, out: &mut dyn Write) -> anyhow_like::Result<Head> {
    export_with(pool, out, &crate::progress::Progress::hidden()).await
}

/// [`export`] with its progress on a bar (records written).
pub async fn export_with(
    pool: &sqlx::AnyPool,
    out: &mut dyn Write,
    progress: &crate::progress::Progress,
) -> anyhow_like::Result<Head> {
    progress.begin("reading", None, 0, crate::progress::Unit::Items("records"));
    let head = crate::db::audit::head(pool).await?;
    let rows = crate::db::audit::records(pool).await?;
    progress.begin(
        "export",
        Some(rows.len() as u64),
        0,
        crate::progress::Unit::Items("records"),
    );
    for r in rows {
        progress.inc(1);
        let (id, seq, record, prev, hash) = row(r);
        if seq.is_none() {
            continue;
        }
        let line = ExportLine {
            id,
            record,
            prev_hash: prev.unwrap_or_default(),
            hash: hash.unwrap_or_default(),
        };
        serde_json::to_writer(&mut *out, &line)?;
        out.write_all(b"\n")?;
    }
    serde_json::to_writer(&mut *out, &serde_json::json!({ "head": head }))?;
    out.write_all(b"\n")?;
    progress.finish();
    Ok(head)
}

/// Verifies an exported file against its last line (or against `expected_head`, the head hash a
/// third party kept).
pub fn verify_export(
    input: &mut dyn BufRead,
    expected_head: Option<&str>,
) -> anyhow_like::Result<Verified> {
    let mut rows = Vec::new();
    let mut head = None;
    for (n, line) in input.lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(&line)
            .map_err(|e| anyhow_like::Error::msg(format!("line {}: {e}", n + 1)))?;
        if let Some(h) = v.get("head") {
            head = Some(serde_json::from_value::<Head>(h.clone())?);
            continue;
        }
        let l: ExportLine = serde_json::from_value(v)
            .map_err(|e| anyhow_like::Error::msg(format!("line {}: {e}", n + 1)))?;
        rows.push((
            l.id,
            Some(l.record.seq),
            l.record,
            Some(l.prev_hash),
            Some(l.hash),
        ));
    }
    let mut head = head.ok_or_else(|| anyhow_like::Error::msg("no head line"))?;
    if let Some(expected) = expected_head {
        head.hash = expected.to_owned();
    }
    Ok(verify_rows(rows, &head))
}

/// A small error type for the file paths (IO, JSON, database) without a new dependency.
pub mod anyhow_like {
    #[derive(Debug, thiserror::Error)]
    pub enum Error {
        #[error("{0}")]
        Io(#[from] std::io::Error),
        #[error("{0}")]
        Json(#[from] serde_json::Error),
        #[error("database: {0}")]
        Db(#[from] sqlx::Error),
        #[error("{0}")]
        Msg(String),
    }
    impl Error {
        pub fn msg(s: impl Into<String>) -> Error {
            Error::Msg(s.into())
        }
    }
    pub type Result<T> = std::result::Result<T, Error>;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(seq: i64, action: &str) -> ChainRecord {
        ChainRecord {
            seq,
            at: 1_700_000_000 + seq,
            user_id: Some(1),
            role: Some("purchaser".into()),
            action: action.into(),
            subject_type: Some("plan".into()),
            subject_id: Some(seq.to_string()),
            before_json: None,
            after_json: Some("{\"a\":1}".into()),
            findings_json: None,
        }
    }

    fn chain(n: i64) -> (Vec<Row5>, Head) {
        let mut prev = GENESIS.to_owned();
        let mut rows = Vec::new();
        for seq in 1..=n {
            let r = rec(seq, "plan.file");
            let h = r.hash(&prev);
            rows.push((seq, Some(seq), r, Some(prev.clone()), Some(h.clone())));
            prev = h;
        }
        (rows, Head { seq: n, hash: prev })
    }

    #[test]
    fn an_intact_chain_verifies() {
        let (rows, head) = chain(5);
        let v = verify_rows(rows, &head);
        assert_eq!(v.problem, None);
        assert_eq!(v.records, 5);
    }

    #[test]
    fn a_changed_record_is_named() {
        let (mut rows, head) = chain(5);
        rows[2].2.action = "plan.release".into();
        assert_eq!(
            verify_rows(rows, &head).problem,
            Some(Problem::Changed { id: 3, seq: 3 })
        );
    }

    #[test]
    fn a_removed_record_is_named() {
        let (mut rows, head) = chain(5);
        rows.remove(2);
        assert_eq!(
            verify_rows(rows, &head).problem,
            Some(Problem::Removed {
                id: 4,
                seq: 4,
                expected_seq: 3
            })
        );
        let (mut rows, head) = chain(5);
        rows.pop();
        assert!(matches!(
            verify_rows(rows, &head).problem,
            Some(Problem::Head {
                last_seq: 4,
                head_seq: 5,
                ..
            })
        ));
    }

    #[test]
    fn an_inserted_record_is_named() {
        let (mut rows, head) = chain(5);
        rows.push((6, None, rec(0, "forged"), None, None));
        assert_eq!(
            verify_rows(rows, &head).problem,
            Some(Problem::Inserted { id: 6, seq: None })
        );
        // A forged record at an existing place with a hash of its own.
        let (mut rows, head) = chain(5);
        let forged = rec(3, "forged");
        let h = forged.hash(GENESIS);
        rows.insert(3, (9, Some(3), forged, Some(GENESIS.into()), Some(h)));
        assert_eq!(
            verify_rows(rows, &head).problem,
            Some(Problem::Inserted {
                id: 9,
                seq: Some(3)
            })
        );
    }

    #[test]
    fn the_encoding_is_stable() {
        let r = rec(1, "login.success");
        assert_eq!(
            r.canonical(),
            r#"[1,1700000001,1,"purchaser","login.success","plan","1",null,"{\"a\":1}",null]"#
        );
        assert_eq!(r.hash(GENESIS).len(), 64);
    }
}
