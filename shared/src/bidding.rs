//! Sealed bids: the bid window, the opening, who may see what of a bid, and the bid form.
//!
//! # Rules
//!
//! | rule | when | legal basis |
//! |---|---|---|
//! | a bid may be submitted, withdrawn or replaced | **strictly before** the deadline in force (an action at the deadline itself is late) | 财政部令第87号 第33条、第34条 [K] (bids received after the deadline are refused; withdrawal / modification before it) |
//! | the deadline in force | the documents' deadline, replaced by the `deadline_after` of the latest clarification issued at or before the moment asked about | 87号令 第27条 [K]; catalogue B.2 T5/T9/T12 |
//! | the bids may be opened | **at or after** the deadline; in a tender only with at least [`MIN_BIDDERS`] bids (3) received | 87号令 第39条、第41条 [K]; 《政府采购法》 第36条(一) [V] |
//! | nobody reads a bid's price or documents before the opening | every viewer, the bidder included: the bidder sees a receipt (its bid exists, when it was received), never the sealed contents; the agency and the regulator see receipts without the bidders' names (the agency needs the count for the opening); everyone else sees nothing | 87号令 第33条 [K] (sealed bids); the reading of 密封 for electronic bids |
//! | after the opening | the purchaser, the agency, the panel, the regulator and the bidder see everything; in a tender the other bidders see the names and prices read out at the opening (唱标), not the documents; in negotiation, consultation and RFQ the other bidders see nothing; experts not on the panel never see a bid | 87号令 第40条 [K] (唱标); 财政部令第74号 [K] (negotiation is confidential) |
//!
//! A panel member also needs [`crate::panel::expert_gate`] (conflicts declared) before the server
//! shows a bid; this module only decides by role and phase.
//!
//! The bid form ([`BidForm`]) holds the text as typed; [`BidForm::parse`] returns every field
//! error at once; [`BidForm::parse_against`] adds the documents' terms (ceiling price,
//! required validity). Money is fen, times are UTC instants shown in China time.

use serde::{Deserialize, Serialize};

use crate::checks::m01::MIN_BIDDERS;
use crate::field::{FieldError, FieldErrors};
use crate::i18n::{Lang, Text};
use crate::model::{Bid, Clarification, Method};
use crate::money::Fen;
use crate::plan::parse_amount;
use crate::time::Instant;

/// What a supplier does with its bid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BidAction {
    /// 递交投标文件
    Submit,
    /// 撤回投标文件
    Withdraw,
    /// 修改（替换）投标文件
    Replace,
}

impl BidAction {
    pub fn name(self) -> Text {
        match self {
            BidAction::Submit => Text::new("递交投标文件", "submit the bid"),
            BidAction::Withdraw => Text::new("撤回投标文件", "withdraw the bid"),
            BidAction::Replace => Text::new("修改投标文件", "replace the bid"),
        }
    }
}

/// Why a bid action or the opening is refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum BidWindowError {
    /// The deadline has passed (or is now): no bid is accepted, withdrawn or replaced.
    #[error("the deadline {deadline} has passed; cannot {action:?}")]
    Closed {
        action: BidAction,
        deadline: Instant,
        at: Instant,
    },
    /// The bids may not be opened before the deadline.
    #[error("the bids may not be opened before the deadline {deadline}")]
    TooEarlyToOpen { deadline: Instant, at: Instant },
    /// A tender with fewer bids than the legal minimum may not be opened.
    #[error("{bids} bids received, fewer than {min}: the bids may not be opened")]
    TooFewBids { bids: i64, min: i64 },
}

impl BidWindowError {
    /// The message for a user.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (
                BidWindowError::Closed {
                    action, deadline, ..
                },
                Lang::Zh,
            ) => format!(
                "投标截止时间{}已到，不能{}",
                deadline.china_display(),
                action.name().zh
            ),
            (
                BidWindowError::Closed {
                    action, deadline, ..
                },
                Lang::En,
            ) => format!(
                "The deadline {} has passed: you can no longer {}",
                deadline.china_display(),
                action.name().en
            ),
            (BidWindowError::TooEarlyToOpen { deadline, .. }, Lang::Zh) => {
                format!("投标截止时间{}前不得开标", deadline.china_display())
            }
            (BidWindowError::TooEarlyToOpen { deadline, .. }, Lang::En) => format!(
                "The bids may not be opened before the deadline {}",
                deadline.china_display()
            ),
            (BidWindowError::TooFewBids { bids, min }, Lang::Zh) => {
                format!("投标截止时仅收到{bids}份投标文件，不足{min}家，不得开标")
            }
            (BidWindowError::TooFewBids { bids, min }, Lang::En) => {
                format!("Only {bids} bids at the deadline, fewer than {min}: no opening")
            }
        }
    }
}

/// The deadline in force at `at`: the `deadline_after` of the latest clarification issued at or
/// before `at` that states one, else `initial` (the documents' deadline). Clarifications issued
/// later do not count yet. Ties in issue time: the one listed last wins.
pub fn deadline_in_force(
    initial: Instant,
    clarifications: &[Clarification],
    at: Instant,
) -> Instant {
    clarifications
        .iter()
        .filter(|c| c.issued_at <= at)
        .filter_map(|c| c.deadline_after.map(|d| (c.issued_at, d)))
        .fold(None::<(Instant, Instant)>, |best, (i, d)| match best {
            Some((bi, _)) if bi > i => best,
            _ => Some((i, d)),
        })
        .map_or(initial, |(_, d)| d)
}

/// Whether a bid may be submitted, withdrawn or replaced at `at`: strictly before `deadline`.
pub fn window_open(deadline: Instant, at: Instant) -> bool {
    at < deadline
}

/// [`window_open`] as a result naming the action, for the server's refusal.
pub fn check_bid_action(
    action: BidAction,
    deadline: Instant,
    at: Instant,
) -> Result<(), BidWindowError> {
    if window_open(deadline, at) {
        Ok(())
    } else {
        Err(BidWindowError::Closed {
            action,
            deadline,
            at,
        })
    }
}

/// Whether the bids may be opened at `at`: at or after `deadline`, and in a tender (公开 /
/// 邀请招标) with at least [`MIN_BIDDERS`] bids received in time (`bids_received`: bids not
/// withdrawn). Other methods have no minimum at the opening (their minimum is the final quote,
/// M02).
pub fn check_opening(
    method: Method,
    deadline: Instant,
    at: Instant,
    bids_received: usize,
) -> Result<(), BidWindowError> {
    if at < deadline {
        return Err(BidWindowError::TooEarlyToOpen { deadline, at });
    }
    let bids = i64::try_from(bids_received).unwrap_or(i64::MAX);
    if method.is_tender() && bids < MIN_BIDDERS {
        return Err(BidWindowError::TooFewBids {
            bids,
            min: MIN_BIDDERS,
        });
    }
    Ok(())
}

/// Whether the bids count as opened at `now`: an opening is recorded at or before `now`.
pub fn is_opened(opening_at: Option<Instant>, now: Instant) -> bool {
    opening_at.is_some_and(|o| o <= now)
}

/// What became of a supplier's bid, as the bidder may know it: sealed until the opening; after
/// it, the evaluation; once the result is out (the award notice sent: 87号令 Art 69 tells each
/// unsuccessful bidder its own rank), won or not with its rank; 废标 / 终止 of the procurement or
/// of the bid's lot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum BidOutcome {
    Withdrawn,
    Replaced,
    /// In force, sealed until the opening.
    Sealed,
    /// Opened; the evaluation or the award is under way.
    Opened,
    /// The procurement, or the bid's lot, failed or ended (废标 / 终止).
    Failed,
    /// The result is out: this bid won.
    Won,
    /// The result is out: another bid won; this bid's own place in the evaluation report's
    /// ranking (`None`: not ranked, e.g. not qualified) — its own only (87号令 Art 69).
    NotWon {
        rank: Option<u32>,
    },
}

impl BidOutcome {
    pub fn text(self, lang: Lang) -> String {
        match (self, lang) {
            (BidOutcome::Withdrawn, Lang::Zh) => "已撤回".into(),
            (BidOutcome::Withdrawn, Lang::En) => "Withdrawn".into(),
            (BidOutcome::Replaced, Lang::Zh) => "已被新的投标替换".into(),
            (BidOutcome::Replaced, Lang::En) => "Replaced by a later bid".into(),
            (BidOutcome::Sealed, Lang::Zh) => "有效 · 密封至开标".into(),
            (BidOutcome::Sealed, Lang::En) => "In force · sealed until the opening".into(),
            (BidOutcome::Opened, Lang::Zh) => "已开标 · 评审中".into(),
            (BidOutcome::Opened, Lang::En) => "Opened · under evaluation".into(),
            (BidOutcome::Failed, Lang::Zh) => "采购已废标或终止".into(),
            (BidOutcome::Failed, Lang::En) => "The procurement failed or ended".into(),
            (BidOutcome::Won, Lang::Zh) => "中标（成交）".into(),
            (BidOutcome::Won, Lang::En) => "Won".into(),
            (BidOutcome::NotWon { rank: Some(r) }, Lang::Zh) => format!("未中标 · 评审排名第{r}"),
            (BidOutcome::NotWon { rank: Some(r) }, Lang::En) => format!("Not won · ranked {r}"),
            (BidOutcome::NotWon { rank: None, .. }, Lang::Zh) => "未中标 · 未进入评审排名".into(),
            (BidOutcome::NotWon { rank: None, .. }, Lang::En) => {
                "Not won · not ranked in the evaluation".into()
            }
        }
    }
}

/// The outcome of the bid of `supplier_id` in `lot` (`None`: a project without lots) whose
/// stored status is `status` (`submitted`, `withdrawn`, `replaced`).
pub fn bid_outcome(
    record: &crate::model::ProjectRecord,
    terminated: bool,
    supplier_id: &str,
    lot: Option<&str>,
    status: &str,
    now: Instant,
) -> BidOutcome {
    match status {
        "withdrawn" => return BidOutcome::Withdrawn,
        "replaced" => return BidOutcome::Replaced,
        _ => {}
    }
    if terminated || crate::lots::failed(record, lot) {
        return BidOutcome::Failed;
    }
    let award = record
        .awards
        .iter()
        .find(|a| a.lot_id.as_deref() == lot && a.notified_at.is_some());
    if let Some(a) = award {
        if a.supplier_id == supplier_id {
            return BidOutcome::Won;
        }
        let rank = record
            .reports
            .iter()
            .filter(|r| r.lot_id.as_deref() == lot)
            .max_by_key(|r| r.version)
            .and_then(|r| r.ranking.iter().position(|s| s == supplier_id))
            .and_then(|i| u32::try_from(i + 1).ok());
        return BidOutcome::NotWon { rank };
    }
    if is_opened(record.opening_at, now) {
        BidOutcome::Opened
    } else {
        BidOutcome::Sealed
    }
}

/// What a bidder learns of one of its own bids on the project's page: the outcome
/// ([`bid_outcome`]), and once the result of its lot is out (the award notice: 87号令 Art 69 tells
/// each unsuccessful bidder, under comprehensive scoring, its own score and rank, and a bidder
/// that failed the qualification review why) its own evaluation score — the mean of the panel
/// members' totals for this bid — and the qualification review's verdict where the record holds
/// one; whether its security was refunded. Never anything of the other bids.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnResult {
    pub bid_id: String,
    pub lot_id: Option<String>,
    pub outcome: BidOutcome,
    /// The mean of the members' totals, hundredths of a point (after the result only).
    pub score_hundredths: Option<i64>,
    /// How many members scored the bid.
    pub sheets: u32,
    /// The qualification review's verdict and reason (after the result only; `None`: not in the
    /// record).
    pub qualified: Option<bool>,
    pub disqualification_reason: Option<String>,
    pub security_refunded_at: Option<Instant>,
}

/// A bidder's own bid as stored, the inputs of [`own_result`].
#[derive(Debug, Clone, Copy)]
pub struct OwnBidFacts<'a> {
    pub bid_id: &'a str,
    pub supplier_id: &'a str,
    pub lot: Option<&'a str>,
    /// `submitted`, `withdrawn`, `replaced`.
    pub status: &'a str,
    pub refunded_at: Option<Instant>,
}

/// [`OwnResult`] of `bid`, read from the full `record` (the bidder's own parts only).
pub fn own_result(
    record: &crate::model::ProjectRecord,
    terminated: bool,
    bid: OwnBidFacts<'_>,
    now: Instant,
) -> OwnResult {
    let outcome = bid_outcome(
        record,
        terminated,
        bid.supplier_id,
        bid.lot,
        bid.status,
        now,
    );
    let result_out = matches!(outcome, BidOutcome::Won | BidOutcome::NotWon { .. });
    // The sheets of the members sitting now (a replaced member's sheets do not count).
    let sitting = |person: &str| {
        record
            .panel
            .as_ref()
            .is_none_or(|p| p.members.iter().any(|m| m.person_id == person))
    };
    let totals: Vec<i64> = record
        .score_sheets
        .iter()
        .filter(|s| s.bid_id == bid.bid_id && sitting(&s.person_id))
        .map(|s| s.total_hundredths)
        .collect();
    let score_hundredths = (result_out && !totals.is_empty()).then(|| {
        let n = totals.len() as i64;
        let sum: i64 = totals.iter().sum();
        // Rounded half away from zero to the hundredth.
        (2 * sum + n * sum.signum()) / (2 * n)
    });
    let reviewed = record.bids.iter().find(|b| b.id == bid.bid_id);
    // The review's verdict is told with the result, or when the procurement (or the lot) fails
    // after the opening — a failure for too few qualified bids included.
    let verdict_out =
        result_out || (matches!(outcome, BidOutcome::Failed) && record.opening_at.is_some());
    OwnResult {
        bid_id: bid.bid_id.to_owned(),
        lot_id: bid.lot.map(str::to_owned),
        outcome,
        score_hundredths,
        sheets: if result_out { totals.len() as u32 } else { 0 },
        qualified: reviewed.and_then(|b| b.qualified).filter(|_| verdict_out),
        disqualification_reason: reviewed
            .and_then(|b| b.disqualification_reason.clone())
            .filter(|_| verdict_out),
        security_refunded_at: bid.refunded_at,
    }
}

/// Which parts of a bid a viewer may see.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct BidVisibility {
    /// That the bid exists, its id, status and time of receipt.
    pub receipt: bool,
    /// Who submitted it.
    pub bidder: bool,
    /// The price (and the final quotation).
    pub price: bool,
    /// The documents.
    pub documents: bool,
}

impl BidVisibility {
    pub const NOTHING: BidVisibility = BidVisibility {
        receipt: false,
        bidder: false,
        price: false,
        documents: false,
    };
    pub const ALL: BidVisibility = BidVisibility {
        receipt: true,
        bidder: true,
        price: true,
        documents: true,
    };
}

/// What `viewer` may see of one bid (`own`: the viewer's own bid; `withdrawn`: withdrawn before
/// the deadline) at `stage` of a procurement of `method`, read off the one disclosure matrix
/// (`crate::disclosure::access`). Before the opening nobody sees a price or a document; a
/// withdrawn bid is never opened, so nobody but its bidder ever sees its supplier, price or
/// documents — the others see at most that it arrived and left.
pub fn bid_visibility(
    viewer: crate::disclosure::Viewer,
    stage: crate::disclosure::Stage,
    method: Method,
    own: bool,
    withdrawn: bool,
) -> BidVisibility {
    use crate::disclosure::{access, Field};
    let may = |field: Field| access(viewer, stage, field, method).admits(own);
    if withdrawn && !own {
        return BidVisibility {
            receipt: may(Field::BidReceipts),
            ..BidVisibility::NOTHING
        };
    }
    let bidder = may(Field::Bidders);
    let price = may(Field::Prices);
    let documents = may(Field::BidDocuments);
    BidVisibility {
        receipt: may(Field::BidReceipts) || bidder || price || documents,
        bidder,
        price,
        documents,
    }
}

/// A bid as shown to one viewer: what may not be seen is `None`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BidView {
    pub id: String,
    pub lot_id: Option<String>,
    pub received_at: Option<Instant>,
    pub supplier_id: Option<String>,
    pub price: Option<Fen>,
    pub final_price: Option<Fen>,
    /// Whether the documents may be shown (the server holds them).
    pub documents: bool,
    /// In force: submitted and not withdrawn (part of the receipt). A failed qualification
    /// review is not told here: the bidder learns it with the result, others not at all.
    #[serde(default)]
    pub in_force: bool,
    /// The qualification review's verdict (财政部令第87号 Art 44), for those who read the whole
    /// evaluation (`disclosure::Field::Report`, all of it); a bidder reads its own with its
    /// result instead.
    #[serde(default)]
    pub review: Option<Review>,
}

/// A bid's verdict in the qualification review: passed, or failed and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    pub passed: bool,
    pub reason: Option<String>,
}

impl BidView {
    /// The bid as `visibility` allows; `None` when the viewer may not know it exists.
    pub fn of(bid: &Bid, visibility: BidVisibility) -> Option<BidView> {
        if !visibility.receipt {
            return None;
        }
        Some(BidView {
            id: bid.id.clone(),
            lot_id: bid.lot_id.clone(),
            received_at: bid.received_at,
            supplier_id: visibility.bidder.then(|| bid.supplier_id.clone()),
            price: bid.price.filter(|_| visibility.price),
            final_price: bid.final_price.filter(|_| visibility.price),
            documents: visibility.documents,
            in_force: bid.status != crate::model::BidStatus::Withdrawn,
            review: None,
        })
    }
}

/// Longest bid validity the form accepts, days.
pub const VALIDITY_MAX_DAYS: u32 = 365;
/// Most documents in one bid.
pub const DOCUMENTS_MAX: usize = 100;
/// Longest document name, characters.
pub const DOCUMENT_NAME_MAX: usize = 200;

/// The label of a bid-form field in both languages.
pub fn field_label(field: &str) -> Text {
    match field {
        "price" => Text::new("投标报价（元）", "Bid price (yuan)"),
        "validity_days" => Text::new("投标有效期（天）", "Bid validity (days)"),
        "documents" => Text::new("投标文件", "Bid documents"),
        _ if field.starts_with("documents[") => Text::new("投标文件", "Bid document"),
        _ => Text::new("该项", "This field"),
    }
}

/// The bid form as typed: the price in yuan (`1,234.56`), the validity in days, one document
/// name (an uploaded file) per entry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BidForm {
    pub price: String,
    pub validity_days: String,
    pub documents: Vec<String>,
    /// The lot bid on (`crate::lots`); empty for a project without lots.
    pub lot: String,
}

/// What the procurement documents require of a bid.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BidTerms {
    /// 最高限价 (or the budget when no ceiling is set): a price above it is refused
    /// (87号令 第63条 [K]).
    pub max_price: Option<Fen>,
    /// The validity the documents require (投标有效期), days; a shorter one is refused.
    pub min_validity_days: Option<u32>,
}

/// A valid bid. Only [`BidForm::parse`] (and deserialisation) creates one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "BidForm", into = "BidForm")]
pub struct NewBid {
    price: Fen,
    validity_days: u32,
    documents: Vec<String>,
    lot: Option<String>,
}

impl NewBid {
    /// The lot bid on; `None` for a project without lots (the server checks it is one the
    /// supplier may bid on now).
    pub fn lot(&self) -> Option<&str> {
        self.lot.as_deref()
    }
    pub fn price(&self) -> Fen {
        self.price
    }
    pub fn validity_days(&self) -> u32 {
        self.validity_days
    }
    pub fn documents(&self) -> &[String] {
        &self.documents
    }

    /// The errors of this bid against the documents' terms (empty = it meets them).
    pub fn check_terms(&self, terms: &BidTerms) -> FieldErrors {
        let mut e = FieldErrors::new();
        if let Some(max) = terms.max_price {
            if self.price > max {
                e.push(FieldError::with_message(
                    "price",
                    "above_max_price",
                    format!("报价超过最高限价{max}元，投标无效"),
                    format!("The price exceeds the ceiling of CNY {max}: the bid would be invalid"),
                ));
            }
        }
        if let Some(min) = terms.min_validity_days {
            if self.validity_days < min {
                e.push(FieldError::with_message(
                    "validity_days",
                    "below_required",
                    format!("投标有效期不得短于采购文件要求的{min}天"),
                    format!(
                        "The validity may not be shorter than the {min} days the documents require"
                    ),
                ));
            }
        }
        e
    }
}

fn required(field: &str) -> FieldError {
    FieldError::new(
        field,
        "required",
        Text::new("此项必填", "This field is required"),
    )
}

fn parse_validity(v: &str) -> Result<u32, FieldError> {
    let v = v.trim();
    if v.is_empty() {
        return Err(required("validity_days"));
    }
    match v.parse::<u32>() {
        Ok(n) if (1..=VALIDITY_MAX_DAYS).contains(&n) => Ok(n),
        _ => Err(FieldError::with_message(
            "validity_days",
            "out_of_range",
            format!("投标有效期应为1–{VALIDITY_MAX_DAYS}天的整数"),
            format!("The validity is a whole number of days, 1–{VALIDITY_MAX_DAYS}"),
        )),
    }
}

impl BidForm {
    /// Every field's error at once, in form order (price, validity, documents).
    pub fn parse(&self) -> Result<NewBid, FieldErrors> {
        let mut e = FieldErrors::new();
        let price = e.take(parse_amount("price", &self.price));
        let validity = e.take(parse_validity(&self.validity_days));
        let mut documents: Vec<String> = Vec::new();
        let named: Vec<(usize, &str)> = self
            .documents
            .iter()
            .map(|d| d.trim())
            .enumerate()
            .filter(|(_, d)| !d.is_empty())
            .collect();
        if named.is_empty() {
            e.push(FieldError::new(
                "documents",
                "required",
                Text::new("请至少上传一份投标文件", "Upload at least one document"),
            ));
        } else if named.len() > DOCUMENTS_MAX {
            e.push(FieldError::with_message(
                "documents",
                "too_many",
                format!("投标文件最多{DOCUMENTS_MAX}份"),
                format!("At most {DOCUMENTS_MAX} documents"),
            ));
        }
        for (i, d) in named.iter().take(DOCUMENTS_MAX) {
            let field = format!("documents[{i}]");
            if d.chars().count() > DOCUMENT_NAME_MAX {
                e.push(FieldError::with_message(
                    &field,
                    "too_long",
                    format!("文件名不能超过{DOCUMENT_NAME_MAX}个字"),
                    format!("At most {DOCUMENT_NAME_MAX} characters"),
                ));
            } else if d.chars().any(char::is_control) {
                e.push(FieldError::new(
                    &field,
                    "control_chars",
                    Text::new("含有不可见的控制字符", "Contains control characters"),
                ));
            } else if documents.iter().any(|x| x == d) {
                e.push(FieldError::new(
                    &field,
                    "duplicate",
                    Text::new("文件重复", "This document is listed twice"),
                ));
            } else {
                documents.push((*d).to_owned());
            }
        }
        match (price, validity) {
            (Some(price), Some(validity_days)) if e.is_empty() => Ok(NewBid {
                price,
                validity_days,
                documents,
                lot: crate::lots::lot_field(&self.lot),
            }),
            _ => Err(e),
        }
    }

    /// [`BidForm::parse`] and [`NewBid::check_terms`] together: every error at once, in form
    /// order (a field that does not parse is not also judged against the terms).
    pub fn parse_against(&self, terms: &BidTerms) -> Result<NewBid, FieldErrors> {
        let parsed = self.parse();
        let mut e = match &parsed {
            Ok(_) => FieldErrors::new(),
            Err(e) => e.clone(),
        };
        let probe = NewBid {
            price: parse_amount("price", &self.price).unwrap_or(Fen::ZERO),
            validity_days: parse_validity(&self.validity_days).unwrap_or(u32::MAX),
            documents: Vec::new(),
            lot: None,
        };
        for t in probe.check_terms(terms).0 {
            if e.for_field(&t.field).is_none() {
                e.push(t);
            }
        }
        let order = |f: &str| match f {
            "price" => 0,
            "validity_days" => 1,
            _ => 2,
        };
        e.0.sort_by_key(|x| order(&x.field));
        match parsed {
            Ok(b) if e.is_empty() => Ok(b),
            _ => Err(e),
        }
    }
}

impl TryFrom<BidForm> for NewBid {
    type Error = FieldErrors;
    fn try_from(f: BidForm) -> Result<NewBid, FieldErrors> {
        f.parse()
    }
}

impl From<NewBid> for BidForm {
    fn from(b: NewBid) -> BidForm {
        BidForm {
            price: b.price.to_string(),
            validity_days: b.validity_days.to_string(),
            documents: b.documents,
            lot: b.lot.unwrap_or_default(),
        }
    }
}

#[cfg(test)]
mod tests;
