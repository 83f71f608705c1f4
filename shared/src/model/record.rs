//! `ProjectRecord`: one procurement project with everything known about it. The input of
//! `yiwang check FILE.json` and of every check. Field reference: `docs/project-json.md`.

use serde::{Deserialize, Serialize};

use crate::model::{
    Acceptance, Approval, ApprovalKind, Award, Bid, BudgetLine, Challenge, Clarification, Contract,
    EvaluationReport, Expert, Intention, InvitedSupplier, Lot, Notice, Organisation, Panel,
    Payment, Plan, ProcurementDocuments, Project, ScoreSheet, Supplier,
};
use crate::time::{Date, Instant};

/// One procurement project with everything known about it. Lists are empty when nothing is
/// known; single facts are `None` when unknown — a check then reports "insufficient data".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectRecord {
    pub project: Project,
    #[serde(default)]
    pub lots: Vec<Lot>,
    #[serde(default)]
    pub budget_line: Option<BudgetLine>,
    #[serde(default)]
    pub plan: Option<Plan>,
    #[serde(default)]
    pub intention: Option<Intention>,
    #[serde(default)]
    pub approvals: Vec<Approval>,
    #[serde(default)]
    pub notices: Vec<Notice>,
    #[serde(default)]
    pub documents: Option<ProcurementDocuments>,
    #[serde(default)]
    pub clarifications: Vec<Clarification>,
    #[serde(default)]
    pub invited_suppliers: Vec<InvitedSupplier>,
    /// Size of the pool the invited suppliers were drawn from (invited tender, 87号令 Art 14).
    #[serde(default)]
    pub invitation_pool_size: Option<u32>,
    /// Bid / first-response deadline in force at the end (after all extensions).
    #[serde(default)]
    pub deadline: Option<Instant>,
    /// Bid opening.
    #[serde(default)]
    pub opening_at: Option<Instant>,
    #[serde(default)]
    pub bids: Vec<Bid>,
    #[serde(default)]
    pub panel: Option<Panel>,
    #[serde(default)]
    pub score_sheets: Vec<ScoreSheet>,
    /// Evaluation report versions, oldest first.
    #[serde(default)]
    pub reports: Vec<EvaluationReport>,
    /// One award per lot (one in all for a project without lots).
    #[serde(default)]
    pub awards: Vec<Award>,
    #[serde(default)]
    pub contracts: Vec<Contract>,
    #[serde(default)]
    pub acceptances: Vec<Acceptance>,
    #[serde(default)]
    pub payments: Vec<Payment>,
    #[serde(default)]
    pub challenges: Vec<Challenge>,
    /// Registry entries of the suppliers involved (bidders, invited, consultants, subcontractors).
    #[serde(default)]
    pub suppliers: Vec<Supplier>,
    /// Registry entries of the panel members (experts and purchaser representatives).
    #[serde(default)]
    pub experts: Vec<Expert>,
    /// Registry entries of the purchaser, agency and other organisations involved.
    #[serde(default)]
    pub organisations: Vec<Organisation>,
}

impl ProjectRecord {
    /// A record of `project` with nothing else known yet.
    pub fn empty(project: Project) -> ProjectRecord {
        ProjectRecord {
            project,
            lots: Vec::new(),
            budget_line: None,
            plan: None,
            intention: None,
            approvals: Vec::new(),
            notices: Vec::new(),
            documents: None,
            clarifications: Vec::new(),
            invited_suppliers: Vec::new(),
            invitation_pool_size: None,
            deadline: None,
            opening_at: None,
            bids: Vec::new(),
            panel: None,
            score_sheets: Vec::new(),
            reports: Vec::new(),
            awards: Vec::new(),
            contracts: Vec::new(),
            acceptances: Vec::new(),
            payments: Vec::new(),
            challenges: Vec::new(),
            suppliers: Vec::new(),
            experts: Vec::new(),
            organisations: Vec::new(),
        }
    }

    /// Reads a project file. Errors name the field path, the line and the column.
    pub fn from_json(text: &str) -> Result<ProjectRecord, InputError> {
        serde_json::from_str(text).map_err(|e| InputError::from_serde(text, &e))
    }

    pub fn supplier(&self, id: &str) -> Option<&Supplier> {
        self.suppliers.iter().find(|s| s.id == id)
    }

    pub fn expert(&self, id: &str) -> Option<&Expert> {
        self.experts.iter().find(|e| e.id == id)
    }

    pub fn organisation(&self, id: &str) -> Option<&Organisation> {
        self.organisations.iter().find(|o| o.id == id)
    }

    pub fn contract(&self, id: &str) -> Option<&Contract> {
        self.contracts.iter().find(|c| c.id == id)
    }

    /// The award of a lot (`None` lot = the whole project).
    pub fn award_for_lot(&self, lot_id: Option<&str>) -> Option<&Award> {
        self.awards.iter().find(|a| a.lot_id.as_deref() == lot_id)
    }

    /// The contract for a lot (`None` lot = the whole project).
    pub fn contract_for_lot(&self, lot_id: Option<&str>) -> Option<&Contract> {
        self.contracts
            .iter()
            .find(|c| c.lot_id.as_deref() == lot_id)
    }

    /// Bids of a lot (`None` = bids without a lot).
    pub fn bids_in_lot<'a>(
        &'a self,
        lot_id: Option<&'a str>,
    ) -> impl Iterator<Item = &'a Bid> + 'a {
        self.bids
            .iter()
            .filter(move |b| b.lot_id.as_deref() == lot_id)
    }

    /// The distinct lots bids were made in (`None` for bids without a lot), in first-seen order.
    pub fn bid_lots(&self) -> Vec<Option<&str>> {
        let mut lots: Vec<Option<&str>> = Vec::new();
        for b in &self.bids {
            let l = b.lot_id.as_deref();
            if !lots.contains(&l) {
                lots.push(l);
            }
        }
        lots
    }

    /// Approvals of one kind.
    pub fn approvals_of(&self, kind: ApprovalKind) -> impl Iterator<Item = &Approval> {
        self.approvals.iter().filter(move |a| a.kind == kind)
    }

    /// The earliest notice that opens the procurement activity (tender, invitation, …).
    pub fn first_activity_notice(&self) -> Option<&Notice> {
        self.notices
            .iter()
            .filter(|n| n.kind.starts_activity())
            .min_by_key(|n| n.published_at)
    }

    /// The date that decides which law version applies: the first activity notice, else the
    /// documents' issue, else the plan's filing, else the first award confirmation, else the first
    /// contract signature. `None` when nothing is dated.
    pub fn reference_date(&self) -> Option<Date> {
        let first: Option<Instant> = self
            .first_activity_notice()
            .map(|n| n.published_at)
            .or_else(|| self.documents.as_ref().and_then(|d| d.issued_from))
            .or_else(|| self.plan.as_ref().and_then(|p| p.filed_at))
            .or_else(|| self.awards.iter().filter_map(|a| a.confirmed_at).min())
            .or_else(|| self.contracts.iter().filter_map(|c| c.signed_at).min());
        first.map(Instant::china_date)
    }
}

/// Why a project file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {message} (line {line}, column {column})")]
pub struct InputError {
    /// Where in the document: `bids[2].price`; `$` for the whole document.
    pub path: String,
    /// serde's message, which names the unknown, missing or mistyped field.
    pub message: String,
    pub line: usize,
    pub column: usize,
}

impl InputError {
    fn from_serde(text: &str, e: &serde_json::Error) -> InputError {
        let message = e.to_string();
        // serde_json appends " at line L column C"; the position is reported separately.
        let message = match message.rfind(" at line ") {
            Some(i) => message[..i].to_owned(),
            None => message,
        };
        // A missing field belongs to the object, not to the last key read in it.
        let container_only = message.starts_with("missing field");
        InputError {
            path: json_path_at(text, e.line(), e.column(), container_only),
            message,
            line: e.line(),
            column: e.column(),
        }
    }
}

/// The JSON path (`a.b[3].c`) of the value being read at `line`/`column` (1-based, as reported
/// by serde_json; the column counts bytes and includes one byte of look-ahead). A small scanner:
/// it follows strings, objects and arrays up to the position and remembers the current key or
/// index at each depth. With `container_only`, the innermost object's key is left out.
pub fn json_path_at(text: &str, line: usize, column: usize, container_only: bool) -> String {
    // Byte offset of the position.
    let mut offset = 0usize;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            offset += column.min(l.len());
            break;
        }
        offset += l.len();
    }
    let bytes = text.as_bytes();
    let end = offset.min(bytes.len());

    enum Frame {
        Object {
            key: Option<String>,
            expecting_key: bool,
        },
        Array {
            index: usize,
        },
    }
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0usize;
    while i < end {
        match bytes[i] {
            b'"' => {
                // Read the string.
                let start = i + 1;
                let mut j = start;
                while j < bytes.len() && bytes[j] != b'"' {
                    if bytes[j] == b'\\' {
                        j += 1;
                    }
                    j += 1;
                }
                let s = text.get(start..j.min(text.len())).unwrap_or("").to_owned();
                if let Some(Frame::Object { key, expecting_key }) = stack.last_mut() {
                    if *expecting_key {
                        *key = Some(s);
                        *expecting_key = false;
                    }
                }
                i = j + 1;
                continue;
            }
            b'{' => stack.push(Frame::Object {
                key: None,
                expecting_key: true,
            }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            // The look-ahead byte closing the value in error is not part of the path.
            b'}' | b']' if i + 1 == end => {}
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object { expecting_key, .. }) => *expecting_key = true,
                Some(Frame::Array { index }) => *index += 1,
                None => {}
            },
            _ => {}
        }
        i += 1;
    }
    if container_only {
        if let Some(Frame::Object { key, .. }) = stack.last_mut() {
            *key = None;
        }
    }
    let mut path = String::from("$");
    for f in &stack {
        match f {
            Frame::Object { key: Some(k), .. } => {
                path.push('.');
                path.push_str(k);
            }
            Frame::Object { key: None, .. } => {}
            Frame::Array { index } => {
                path.push_str(&format!("[{index}]"));
            }
        }
    }
    path
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::Method;

    /// Every example in `docs/examples/`, with the method it illustrates.
    pub(crate) const EXAMPLES: [(&str, &str, Method); 6] = [
        (
            "public-tender.json",
            include_str!("../../../docs/examples/public-tender.json"),
            Method::PublicTender,
        ),
        (
            "invited-tender.json",
            include_str!("../../../docs/examples/invited-tender.json"),
            Method::InvitedTender,
        ),
        (
            "competitive-negotiation.json",
            include_str!("../../../docs/examples/competitive-negotiation.json"),
            Method::CompetitiveNegotiation,
        ),
        (
            "competitive-consultation.json",
            include_str!("../../../docs/examples/competitive-consultation.json"),
            Method::CompetitiveConsultation,
        ),
        (
            "single-source.json",
            include_str!("../../../docs/examples/single-source.json"),
            Method::SingleSource,
        ),
        (
            "request-for-quotation.json",
            include_str!("../../../docs/examples/request-for-quotation.json"),
            Method::RequestForQuotation,
        ),
    ];

    #[test]
    fn every_example_parses_and_round_trips() {
        for (name, text, method) in EXAMPLES {
            let r = ProjectRecord::from_json(text).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(r.project.method, method, "{name}");
            assert!(r.reference_date().is_some(), "{name}");
            let again = serde_json::to_string(&r).unwrap();
            assert_eq!(ProjectRecord::from_json(&again).unwrap(), r, "{name}");
        }
    }

    #[test]
    fn errors_name_the_path_and_the_field() {
        let text = r#"{
  "project": {"id": "X", "name": "n", "purchaser_id": "P", "method": "public_tender", "object_type": "goods"},
  "bids": [
    {"id": "B1", "supplier_id": "S1", "status": "valid"},
    {"id": "B2", "supplier_id": "S2", "status": "valid", "pricee": 5}
  ]
}"#;
        let e = ProjectRecord::from_json(text).unwrap_err();
        assert!(e.message.contains("unknown field `pricee`"), "{e}");
        assert_eq!(e.path, "$.bids[1].pricee");
        assert_eq!(e.line, 5);

        let text = r#"{"project": {"id": "X", "name": "n", "purchaser_id": "P", "method": "open", "object_type": "goods"}}"#;
        let e = ProjectRecord::from_json(text).unwrap_err();
        assert!(e.message.contains("unknown variant `open`"), "{e}");
        assert_eq!(e.path, "$.project.method");

        let text =
            r#"{"project": {"id": "X", "name": "n", "purchaser_id": "P", "object_type": "goods"}}"#;
        let e = ProjectRecord::from_json(text).unwrap_err();
        assert!(e.message.contains("missing field `method`"), "{e}");
        assert_eq!(e.path, "$.project", "{e}");

        let text = r#"{"project": {"id": "X", "name": "n", "purchaser_id": "P", "method": "public_tender", "object_type": "goods"}, "deadline": "2026-02-30T09:00"}"#;
        let e = ProjectRecord::from_json(text).unwrap_err();
        assert_eq!(e.path, "$.deadline", "{e}");
        assert!(e.to_string().starts_with("$.deadline: "), "{e}");
    }
}
