//! Who may see what of a procurement project, and when: one matrix of [`Field`] × [`Viewer`] ×
//! [`Stage`] ([`access`]), which the server applies when it builds every response about a project
//! (the project page, the supplier's and the expert's pages, later the public notice board) —
//! never the stored record with parts hidden by the page. The same module holds the rule of who
//! may file an inquiry or challenge on a project ([`may_challenge`]).
//!
//! # The matrix (reference `notices.md` §2)
//!
//! | field | closed until | then | source |
//! |---|---|---|---|
//! | [`Field::Obtainers`] (who obtained the documents) | for good | the runner and, after the deadline, the regulator; each supplier knows its own | 招标投标法 Art 22 [V]; 电子招标投标办法 [K] |
//! | [`Field::BidReceipts`] | — | the runner and the regulator see that bids arrived (for the opening) but not from whom; the bidder its own | — |
//! | [`Field::Bidders`], [`Field::Prices`] | the opening | tender: read out to all bidders (唱标); negotiation, consultation, RFQ: each bidder only its own (GP Law Art 38(四) [V]); the purchaser, runner, panel and regulator all | 招标投标法 Art 34, 36 [V]; GP Law Art 38 [V] |
//! | [`Field::BidDocuments`] | the opening | runner, panel, regulator; the purchaser after the result; the bidder its own | — |
//! | [`Field::Panel`] (expert names, employers) | the result notice | in the result notice, to everyone; before it only the runner that draws and convenes it (and must keep it secret), and each member / reserve / purchaser representative knows its own seat | 财库〔2016〕198号 Art 15 [K]; 条例 Art 43 [V] |
//! | [`Field::Scores`] (individual score sheets) | always | in the file: runner and regulator; each expert its own sheets; after the result each bidder its own scores, the purchaser the file | 条例 Art 40, 64 [V]; 87号令 Art 66 [K] |
//! | [`Field::Report`] (ranking) | delivery | runner, purchaser, panel, regulator; after the result each bidder its own rank | 87号令 Art 69 [K] |
//! | [`Field::Award`] | the result notice | public; before it the runner, purchaser and regulator (the purchaser confirms it) | 条例 Art 43 [V] |
//! | [`Field::Contract`] | the contract notice | public (minus secrets); before it the parties and the regulator | 条例 Art 50 [V] |
//! | [`Field::Challenges`] | — | the supplier its own; the runner, purchaser and regulator all | GP Law Art 51–53 [V] |
//! | [`Field::Findings`], [`Field::Internal`] (plan, budget line, approvals, acceptance, payments) | — | the purchaser, runner and regulator | — |
//! | [`Field::Summary`] (name, unit, agency, method, budget, notices) | publication of the notice | public | GP Law Art 11 [V] |
//!
//! "The regulator" is the finance department of the project's jurisdiction (the city's covers all
//! districts); a regulator of another district sees what the public sees.

use serde::{Deserialize, Serialize};

use crate::i18n::Text;
use crate::model::Method;

/// Who is looking at a project. Derived on the server from the account and the facts of the
/// project ([`Viewer::of`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Viewer {
    /// Nobody signed in (the public notice board).
    Anonymous,
    /// A supplier that lawfully obtained the procurement documents (invited, or obtained them
    /// from the notice) and has not bid.
    DocumentObtainer,
    /// A supplier that submitted a bid or response.
    Bidder,
    /// A supplier that neither obtained the documents nor bid.
    OtherSupplier,
    /// An expert sitting on the panel, its declaration of conflicts made (no conflict).
    PanelMember,
    /// An expert drawn onto the panel that has not yet declared its conflicts: it sees who bid
    /// (to declare against them), not what they offered.
    UndeclaredMember,
    /// An expert drawn as a reserve (候补), not sitting.
    ReserveExpert,
    /// An expert of the library with no seat on this panel.
    OtherExpert,
    /// The purchaser's representative sitting on the panel.
    PurchaserRepresentative,
    /// Staff of the purchaser unit (not running the procedure, not on the panel).
    PurchaserStaff,
    /// Whoever runs the procedure: the entrusted agency, or the purchaser for self-procurement.
    Runner,
    /// The finance department of the project's jurisdiction.
    Regulator,
    /// A finance department of another jurisdiction.
    OtherRegulator,
    /// A system administrator (reads as the regulator does).
    Admin,
}

impl Viewer {
    pub const ALL: [Viewer; 14] = [
        Viewer::Anonymous,
        Viewer::DocumentObtainer,
        Viewer::Bidder,
        Viewer::OtherSupplier,
        Viewer::PanelMember,
        Viewer::UndeclaredMember,
        Viewer::ReserveExpert,
        Viewer::OtherExpert,
        Viewer::PurchaserRepresentative,
        Viewer::PurchaserStaff,
        Viewer::Runner,
        Viewer::Regulator,
        Viewer::OtherRegulator,
        Viewer::Admin,
    ];

    /// The viewer for a principal (`None`: not signed in) given what the store knows of it and
    /// the project.
    pub fn of(principal: Option<&crate::access::Principal>, facts: &Facts) -> Viewer {
        use crate::access::Role;
        let Some(p) = principal else {
            return Viewer::Anonymous;
        };
        match p.role {
            Role::Supplier if facts.bidder => Viewer::Bidder,
            Role::Supplier if facts.obtained_documents => Viewer::DocumentObtainer,
            Role::Supplier => Viewer::OtherSupplier,
            Role::Expert => match facts.seat {
                Some(Seat::Member) => Viewer::PanelMember,
                Some(Seat::Drawn) => Viewer::UndeclaredMember,
                Some(Seat::Reserve) => Viewer::ReserveExpert,
                _ => Viewer::OtherExpert,
            },
            Role::Purchaser | Role::Agency if facts.runner => Viewer::Runner,
            Role::Purchaser
                if facts.in_scope && facts.seat == Some(Seat::PurchaserRepresentative) =>
            {
                Viewer::PurchaserRepresentative
            }
            Role::Purchaser if facts.in_scope => Viewer::PurchaserStaff,
            Role::Regulator if facts.in_scope => Viewer::Regulator,
            Role::Regulator => Viewer::OtherRegulator,
            Role::Admin => Viewer::Admin,
            // Staff of another unit or agency: the public's view.
            Role::Purchaser | Role::Agency => Viewer::Anonymous,
        }
    }

    /// Whether this viewer is a supplier (own bids, own challenges).
    pub fn is_supplier(self) -> bool {
        matches!(
            self,
            Viewer::DocumentObtainer | Viewer::Bidder | Viewer::OtherSupplier
        )
    }
}

/// A seat on a project's panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Seat {
    /// Sits on the panel, declared without conflict.
    Member,
    /// Drawn onto the panel, conflicts not yet declared.
    Drawn,
    /// A reserve, or recused: not sitting.
    Reserve,
    /// The purchaser's representative.
    PurchaserRepresentative,
}

/// What the store knows of a principal and one project, from which [`Viewer::of`] decides.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Facts {
    /// The project is in the account's scope (`crate::access::may_access`: its unit, its
    /// entrusted agency, a regulator of its jurisdiction).
    pub in_scope: bool,
    /// The account runs the procedure (the entrusted agency, or the purchaser of a
    /// self-procured project).
    pub runner: bool,
    /// The supplier submitted a bid or response (in force, withdrawn or replaced).
    pub bidder: bool,
    /// The supplier lawfully obtained the procurement documents (invited, or recorded as having
    /// obtained them).
    pub obtained_documents: bool,
    /// The expert's (or purchaser representative's) seat on the panel.
    pub seat: Option<Seat>,
}

/// Where a project stands, as far as disclosure goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Nothing published yet.
    Preparation,
    /// The notice or invitation is out; bids are sealed.
    BeforeDeadline,
    /// The bids are opened.
    AfterOpening,
    /// The panel is drawn and evaluating (up to the result notice).
    Evaluation,
    /// The result notice is published.
    AfterResult,
    /// A contract is signed.
    AfterContract,
}

impl Stage {
    pub const ALL: [Stage; 6] = [
        Stage::Preparation,
        Stage::BeforeDeadline,
        Stage::AfterOpening,
        Stage::Evaluation,
        Stage::AfterResult,
        Stage::AfterContract,
    ];

    /// The stage from the project's facts: `published` (a notice or invitation is out),
    /// `opened` (the opening instant has passed), `panel_drawn`, `result_published` (the result
    /// notice), `contract_signed`.
    pub fn of(
        published: bool,
        opened: bool,
        panel_drawn: bool,
        result_published: bool,
        contract_signed: bool,
    ) -> Stage {
        if contract_signed {
            Stage::AfterContract
        } else if result_published {
            Stage::AfterResult
        } else if panel_drawn {
            Stage::Evaluation
        } else if opened {
            Stage::AfterOpening
        } else if published {
            Stage::BeforeDeadline
        } else {
            Stage::Preparation
        }
    }

    pub fn name(self) -> Text {
        match self {
            Stage::Preparation => Text::new("准备中", "In preparation"),
            Stage::BeforeDeadline => Text::new("截止前", "Before the deadline"),
            Stage::AfterOpening => Text::new("已开标", "Opened"),
            Stage::Evaluation => Text::new("评审中", "In evaluation"),
            Stage::AfterResult => Text::new("结果已公告", "Result published"),
            Stage::AfterContract => Text::new("已签合同", "Contract signed"),
        }
    }
}

/// A part of a project that a response may carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// Name, unit, agency, method, budget, ceiling price, deadline, notices, state.
    Summary,
    /// Which suppliers obtained the documents (and the invited suppliers).
    Obtainers,
    /// That a bid arrived: its id, time of receipt, status.
    BidReceipts,
    /// Who bid.
    Bidders,
    Prices,
    BidDocuments,
    /// The panel: who sits on it, their employers.
    Panel,
    /// The individual score sheets.
    Scores,
    /// The evaluation report: the ranking.
    Report,
    /// The confirmed award (winner and amount).
    Award,
    /// The signed contract.
    Contract,
    /// Inquiries and challenges with their answers.
    Challenges,
    /// The checks' findings on the project.
    Findings,
    /// The plan, budget line, approvals, acceptance and payments.
    Internal,
}

impl Field {
    pub const ALL: [Field; 14] = [
        Field::Summary,
        Field::Obtainers,
        Field::BidReceipts,
        Field::Bidders,
        Field::Prices,
        Field::BidDocuments,
        Field::Panel,
        Field::Scores,
        Field::Report,
        Field::Award,
        Field::Contract,
        Field::Challenges,
        Field::Findings,
        Field::Internal,
    ];
}

/// How much of a field a viewer may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Access {
    None,
    /// Only the viewer's own entries (its bid, its challenge, its seat, its score sheets).
    Own,
    All,
}

impl Access {
    fn when(cond: bool, then: Access) -> Access {
        if cond {
            then
        } else {
            Access::None
        }
    }

    /// Whether an entry may be shown, `own` telling whether it is the viewer's.
    pub fn admits(self, own: bool) -> bool {
        match self {
            Access::None => false,
            Access::Own => own,
            Access::All => true,
        }
    }
}

/// The one matrix: how much of `field` `viewer` may see at `stage` of a procurement by `method`.
pub fn access(viewer: Viewer, stage: Stage, field: Field, method: Method) -> Access {
    use Access::{All, None as No, Own};
    use Field as F;
    use Viewer as V;
    let published = stage >= Stage::BeforeDeadline;
    let opened = stage >= Stage::AfterOpening;
    let evaluating = stage >= Stage::Evaluation;
    let result = stage >= Stage::AfterResult;
    let contract = stage >= Stage::AfterContract;
    // What everyone may read once it is published.
    let public = |field: Field| match field {
        F::Summary => Access::when(published, All),
        F::Panel | F::Award => Access::when(result, All),
        F::Contract => Access::when(contract, All),
        _ => No,
    };
    let max = |a: Access, b: Access| a.max(b);
    match viewer {
        V::Anonymous | V::OtherSupplier | V::OtherExpert | V::OtherRegulator => public(field),
        V::DocumentObtainer => match field {
            F::Obtainers | F::Challenges => Own,
            f => public(f),
        },
        V::Bidder => match field {
            F::Obtainers | F::Challenges | F::BidReceipts => Own,
            // 唱标: names and prices are read out to all bidders at a tender's opening; the
            // other methods never show a bidder another's offer (GP Law Art 38(四)).
            F::Bidders | F::Prices if opened && method.is_tender() => All,
            // The bidder knows its own name before the opening, but not even its own price
            // leaves the sealed store before it.
            F::Bidders => Own,
            F::Prices | F::BidDocuments => Access::when(opened, Own),
            F::Scores | F::Report => Access::when(result, Own),
            f => public(f),
        },
        V::ReserveExpert => match field {
            F::Panel => max(Own, public(F::Panel)),
            f => public(f),
        },
        V::UndeclaredMember => match field {
            F::Panel => max(Own, public(F::Panel)),
            F::Summary => All,
            F::Bidders => max(Access::when(opened, All), public(F::Bidders)),
            f => public(f),
        },
        V::PanelMember => panel_member(field, stage).max(public(field)),
        V::PurchaserStaff => purchaser(field, stage),
        V::PurchaserRepresentative => max(purchaser(field, stage), panel_member(field, stage)),
        V::Runner => match field {
            F::Bidders | F::Prices | F::BidDocuments => Access::when(opened, All),
            _ => All,
        },
        V::Regulator | V::Admin => match field {
            F::Obtainers | F::Bidders | F::Prices | F::BidDocuments => Access::when(opened, All),
            F::Panel => Access::when(result, All),
            F::Scores | F::Report | F::Award => Access::when(evaluating, All),
            _ => All,
        },
    }
}

fn panel_member(field: Field, stage: Stage) -> Access {
    use Field as F;
    let opened = stage >= Stage::AfterOpening;
    match field {
        F::Summary => Access::All,
        F::BidReceipts | F::Bidders | F::Prices | F::BidDocuments | F::Report => {
            Access::when(opened, Access::All)
        }
        F::Panel | F::Scores => Access::Own,
        _ => Access::None,
    }
}

fn purchaser(field: Field, stage: Stage) -> Access {
    use Field as F;
    let opened = stage >= Stage::AfterOpening;
    let evaluating = stage >= Stage::Evaluation;
    let result = stage >= Stage::AfterResult;
    match field {
        F::Summary | F::Contract | F::Challenges | F::Findings | F::Internal => Access::All,
        F::Obtainers => Access::None,
        F::BidReceipts | F::Bidders | F::Prices => Access::when(opened, Access::All),
        F::BidDocuments | F::Panel | F::Scores => Access::when(result, Access::All),
        F::Report | F::Award => Access::when(evaluating, Access::All),
    }
}

/// Whether `viewer` may see the project at all at `stage` (anything of it).
pub fn may_see_project(viewer: Viewer, stage: Stage, method: Method) -> bool {
    Field::ALL
        .iter()
        .any(|f| access(viewer, stage, *f, method) != Access::None)
}

/// Whose entries are the viewer's own, for the fields it may see as [`Access::Own`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Own {
    /// The viewer's supplier (record id).
    pub supplier_id: Option<String>,
    /// The viewer's bids (record ids).
    pub bid_ids: Vec<String>,
    /// The viewer's person id in the record's `experts` registry (an expert's seat).
    pub person_id: Option<String>,
}

impl Own {
    fn supplier(&self, id: &str) -> bool {
        self.supplier_id.as_deref() == Some(id)
    }
}

/// The project record as `viewer` may see it at `stage`: every part the matrix closes is
/// emptied, every part it opens only as [`Access::Own`] keeps the viewer's own entries. The
/// bids are never in it (they leave the store one by one through
/// `crate::bidding::bid_visibility`).
pub fn redact(
    record: &crate::model::ProjectRecord,
    viewer: Viewer,
    stage: Stage,
    own: &Own,
) -> crate::model::ProjectRecord {
    let method = record.project.method;
    let may = |field: Field| access(viewer, stage, field, method);
    let mut r = record.clone();
    r.bids.clear();
    if may(Field::Internal) != Access::All {
        r.budget_line = None;
        r.plan = None;
        r.approvals.clear();
        r.acceptances.clear();
        r.payments.clear();
        r.invitation_pool_size = None;
    }
    let obtainers = may(Field::Obtainers);
    r.invited_suppliers
        .retain(|i| obtainers.admits(own.supplier(&i.supplier_id)));
    let panel = may(Field::Panel);
    let seat = |person: &str| own.person_id.as_deref() == Some(person);
    if let Some(p) = r.panel.as_mut() {
        p.members.retain(|m| panel.admits(seat(&m.person_id)));
    }
    if panel == Access::None {
        r.panel = None;
    }
    r.experts.retain(|e| panel.admits(seat(&e.id)));
    if !matches!(viewer, Viewer::Runner | Viewer::Regulator | Viewer::Admin) {
        // The result notice names the panel, not its reserves or the recused, and publishes a
        // name, not a person's file (个人信息保护法 Art 25: only what a rule requires).
        let sitting: Vec<String> = r
            .panel
            .iter()
            .flat_map(|p| p.members.iter().map(|m| m.person_id.clone()))
            .collect();
        r.experts.retain(|e| sitting.contains(&e.id) || seat(&e.id));
        for e in &mut r.experts {
            if !seat(&e.id) {
                e.birth_date = None;
                e.employment_history.clear();
                e.relatives.clear();
            }
        }
    }
    let scores = may(Field::Scores);
    r.score_sheets.retain(|sheet| {
        scores.admits(seat(&sheet.person_id) || own.bid_ids.contains(&sheet.bid_id))
    });
    if may(Field::Report) != Access::All {
        // A bidder learns its own rank from the result, not the ranking of the others.
        r.reports.clear();
    }
    let award = may(Field::Award);
    r.awards
        .retain(|a| award.admits(own.supplier(&a.supplier_id)));
    let contract = may(Field::Contract);
    r.contracts
        .retain(|c| contract.admits(own.supplier(&c.supplier_id)));
    let challenges = may(Field::Challenges);
    r.challenges
        .retain(|c| challenges.admits(c.supplier_id.as_deref().is_some_and(|s| own.supplier(s))));
    // The registry of suppliers names only those the viewer may know of.
    let every_supplier = obtainers == Access::All || may(Field::Bidders) == Access::All;
    let named: Vec<String> = r
        .awards
        .iter()
        .map(|a| a.supplier_id.clone())
        .chain(r.contracts.iter().map(|c| c.supplier_id.clone()))
        .chain(r.reports.iter().flat_map(|rep| rep.ranking.clone()))
        .collect();
    r.suppliers
        .retain(|s| every_supplier || own.supplier(&s.id) || named.contains(&s.id));
    r
}

/// What a challenge (质疑) or inquiry (询问) is about: 条例 Art 53 counts the filing period from
/// different events for each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChallengeSubject {
    /// The procurement documents (采购文件).
    #[default]
    Documents,
    /// The procurement process (采购过程).
    Process,
    /// The result (中标、成交结果).
    Result,
}

impl ChallengeSubject {
    pub const ALL: [ChallengeSubject; 3] = [
        ChallengeSubject::Documents,
        ChallengeSubject::Process,
        ChallengeSubject::Result,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ChallengeSubject::Documents => "documents",
            ChallengeSubject::Process => "process",
            ChallengeSubject::Result => "result",
        }
    }

    pub fn from_code(code: &str) -> Option<ChallengeSubject> {
        let code = code.trim();
        ChallengeSubject::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn name(self) -> Text {
        match self {
            ChallengeSubject::Documents => Text::new("采购文件", "Procurement documents"),
            ChallengeSubject::Process => Text::new("采购过程", "Procurement process"),
            ChallengeSubject::Result => Text::new("采购结果", "Result"),
        }
    }
}

/// Why a supplier may not file an inquiry or challenge on a project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChallengeRefusal {
    /// Not a supplier that took part in the procurement, nor one that obtained the documents.
    NotParticipant,
    /// A supplier that only obtained the documents may challenge the documents only.
    DocumentsOnly,
    /// Nothing is published yet.
    NotPublished,
}

impl ChallengeRefusal {
    pub fn message(self) -> Text {
        match self {
            ChallengeRefusal::NotParticipant => Text::new(
                "只有参与该项目采购活动的供应商，或已依法获取采购文件的潜在供应商，才能提出询问或质疑",
                "Only suppliers that took part in this procurement, or that lawfully obtained its documents, may file an inquiry or challenge",
            ),
            ChallengeRefusal::DocumentsOnly => Text::new(
                "已获取采购文件但未参与投标（响应）的供应商，只能对采购文件提出质疑",
                "A supplier that obtained the documents but did not bid may challenge the documents only",
            ),
            ChallengeRefusal::NotPublished => Text::new(
                "项目尚未发布公告，不能提出询问或质疑",
                "Nothing of this project is published yet",
            ),
        }
    }
}

/// Who may file an inquiry or challenge: the suppliers that took part in the procurement (GP
/// Law Art 52 [V]; 财政部令第94号 Art 11 [K]) on anything of it; a potential supplier that
/// lawfully obtained the documents, on the documents only (94号令 Art 11, second sentence [K]).
/// Nobody before anything is published. Anyone else is refused — the server answers such a
/// filing as it answers a project that does not exist, so ids cannot be probed.
pub fn may_challenge(
    viewer: Viewer,
    stage: Stage,
    subject: ChallengeSubject,
) -> Result<(), ChallengeRefusal> {
    if stage < Stage::BeforeDeadline {
        return Err(ChallengeRefusal::NotPublished);
    }
    match viewer {
        Viewer::Bidder => Ok(()),
        Viewer::DocumentObtainer if subject == ChallengeSubject::Documents => Ok(()),
        Viewer::DocumentObtainer => Err(ChallengeRefusal::DocumentsOnly),
        _ => Err(ChallengeRefusal::NotParticipant),
    }
}

#[cfg(test)]
mod tests;
