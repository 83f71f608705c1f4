//! The step log: the tail of every write, committed in one order.
//!
//! Every change of state — a project step, a plan or approval step, a case step, a triage, an
//! ingest write, an import batch, an account or key change — ends the same way, through
//! [`commit`] (or [`write`] where the caller commits itself):
//!
//! 1. **findings** — one `findings` row per flag the checks raised on the step;
//! 2. **the audit record** — `audit::append_audit` takes the chain's next place, which locks the
//!    chain's head for every other writer until this transaction ends;
//! 3. **the events** — one `finding` event per flag and the step's own events, *after* the
//!    audit append: event ids are then taken in commit order, so the monitors' dispatcher never
//!    waits at a gap (events.rs); an event stored before the audit append could take an id
//!    before a writer that commits earlier;
//! 4. **commit**;
//! 5. **wake** the monitors' dispatcher, so the events go out now and not at the next poll.
//!
//! Nothing else in the server appends to the audit trail or stores an event: the order is
//! written once, here, and tested (`server/tests/steplog.rs`: under concurrent writes of every
//! kind the monitor receives every stored event once, in id order, and never meets a gap).

use serde_json::{json, Value};
use shared::plan::PlanFinding;
use sqlx::AnyConnection;

use crate::audit::{append_audit, AuditEntry};
use crate::db::findings::{insert_finding, NewFinding};
use crate::db::WriteTx;
use crate::events::{EventHub, NewEvent};

/// What a step's findings are about, for their rows and their monitor events.
#[derive(Debug, Clone)]
pub struct Subject<'a> {
    /// `project`, `plan`, `budget_line`, …
    pub kind: &'static str,
    pub id: String,
    pub jurisdiction: &'a str,
    /// The step that raised them (`plan.file`, `project.award`, `import`, …).
    pub step: &'a str,
    /// The method's code, when the subject has one.
    pub method: Option<&'a str>,
    /// The subject's name, put before a finding's message on the monitor.
    pub name: Option<&'a str>,
}

/// What a write leaves behind besides its own rows: its findings, its audit record, its events.
#[derive(Debug)]
pub struct Tail<'a> {
    /// The step's audit record, then any further records of the same write (in this order).
    audit: AuditEntry,
    more: Vec<AuditEntry>,
    findings: Vec<NewFinding>,
    /// The findings as the audit record names them, when the caller did not name them.
    flagged: Vec<Value>,
    events: Vec<NewEvent<'a>>,
}

impl<'a> Tail<'a> {
    /// A tail with its audit record (every write has one).
    pub fn new(audit: AuditEntry) -> Tail<'a> {
        Tail {
            audit,
            more: Vec::new(),
            findings: Vec::new(),
            flagged: Vec::new(),
            events: Vec::new(),
        }
    }

    /// The findings of a step on `of`: their rows and one monitor event each. The audit
    /// record names them too (all of them, over several calls), unless its entry already does.
    pub fn flags(mut self, of: &Subject<'a>, flags: &[PlanFinding]) -> Tail<'a> {
        let at = self.audit.at;
        for f in flags {
            self.findings.push(NewFinding {
                subject_type: of.kind,
                subject_id: of.id.clone(),
                jurisdiction: of.jurisdiction.to_owned(),
                check_id: f.check_id.clone(),
                stage: code_of(&f.stage),
                severity: code_of(&f.severity),
                step: of.step.to_owned(),
                message_zh: f.message_zh.clone(),
                message_en: f.message_en.clone(),
                evidence: f.evidence.to_string(),
                at,
            });
            let (message_zh, message_en) = match of.name {
                Some(name) => (
                    format!("{name}：{}", f.message_zh),
                    format!("{name}: {}", f.message_en),
                ),
                None => (f.message_zh.clone(), f.message_en.clone()),
            };
            self.events.push(NewEvent {
                at,
                jurisdiction_code: of.jurisdiction,
                kind: "finding",
                stage: Some(code_of(&f.stage)),
                severity: Some(code_of(&f.severity)),
                method: of.method,
                subject_type: of.kind,
                subject_id: of.id.clone(),
                check_id: Some(f.check_id.clone()),
                action: of.step,
                title_zh: format!("{} {}", f.check_id, f.title_zh),
                title_en: format!("{} {}", f.check_id, f.title_en),
                message_zh,
                message_en,
            });
        }
        // The audit record names the findings' subject when it is not the record's own (the
        // projects of an import batch, the project of a bid step).
        let own = self.audit.subject_type == Some(of.kind)
            && self.audit.subject_id.as_deref() == Some(of.id.as_str());
        self.flagged.extend(flags.iter().map(|f| {
            let mut v = audit_finding(f);
            if !own {
                v["subject"] = json!(format!("{}:{}", of.kind, of.id));
            }
            v
        }));
        self
    }

    /// A further audit record of the same write (appended after the step's own).
    pub fn audit(mut self, more: AuditEntry) -> Tail<'a> {
        self.more.push(more);
        self
    }

    /// One more event (a step's own, after its findings').
    pub fn event(mut self, e: NewEvent<'a>) -> Tail<'a> {
        self.events.push(e);
        self
    }
}

/// Stores the tail in the caller's transaction, in the step log's order (findings, audit
/// record, events). The caller commits and then wakes the monitors ([`EventHub::wake`]);
/// [`commit`] does all of it.
pub async fn write(conn: &mut AnyConnection, mut tail: Tail<'_>) -> Result<(), sqlx::Error> {
    if tail.audit.findings.is_none() && !tail.flagged.is_empty() {
        tail.audit.findings = Some(Value::Array(std::mem::take(&mut tail.flagged)));
    }
    for f in &tail.findings {
        insert_finding(conn, f).await?;
    }
    append_audit(conn, &tail.audit).await?;
    for more in &tail.more {
        append_audit(conn, more).await?;
    }
    for e in &tail.events {
        crate::events::append(conn, e).await?;
    }
    Ok(())
}

/// Stores the tail, commits the write and wakes the monitors.
pub async fn commit(mut tx: WriteTx, hub: &EventHub, tail: Tail<'_>) -> Result<(), sqlx::Error> {
    write(&mut tx, tail).await?;
    tx.commit().await?;
    hub.wake();
    Ok(())
}

/// A finding as the audit record names it.
fn audit_finding(f: &PlanFinding) -> Value {
    json!({"check": f.check_id, "severity": code_of(&f.severity), "message": f.message_zh})
}

/// The serde name of a unit enum (`pre`, `critical`), as stored.
pub fn code_of<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(Value::String(s)) => s,
        _ => String::new(),
    }
}
