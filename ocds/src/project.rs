//! Yiwang projects as OCDS 1.1.5 and back (docs/ocds.md).
//!
//! - Export: a [`ProjectRecord`] becomes up to five releases of one contracting process
//!   (`planning`, `tender`, `award`, `contract`, `implementation`), each dated by its events, with
//!   the bid extension (`bids`) and the `yiwang` extension (docs/ocds-extension/) for what OCDS
//!   has no field for; [`record`] compiles them into an OCDS record with [`crate::merge`].
//! - Import: a release (usually a compiled release: all releases of one `ocid` merged) becomes a
//!   [`ProjectRecord`] by [`to_project`]. What cannot be mapped is either fatal (no buyer, no
//!   method, …: [`Unmappable`]) or noted and left out ([`Mapped::notes`]).
//!
//! Money is `{amount, currency: "CNY"}` in yuan (fen / 100; read back rounded to whole fen);
//! instants are RFC 3339 in China time (`+08:00`).

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{json, Map, Value};
use shared::model::{Method, ProjectRecord};
use shared::time::Instant;
use thiserror::Error;

use crate::merge::{self, MergeError, MergeRules, RELEASE_SCHEMA_1_1_5};

/// The bid extension's release schema patch (© Open Contracting Partnership, Apache 2.0; see
/// `schema/bid-extension/LICENSE`).
pub const BID_EXTENSION_SCHEMA: &str = include_str!("../schema/bid-extension/release-schema.json");
/// The `yiwang` extension's release schema patch (docs/ocds-extension/).
pub const YIWANG_EXTENSION_SCHEMA: &str =
    include_str!("../../docs/ocds-extension/release-schema.json");
/// The scheme of 统一社会信用代码 identifiers (org-id.guide's `CN-USCC`).
pub const CREDIT_CODE_SCHEME: &str = "CN-USCC";
/// The item classification scheme of the 政府采购品目分类目录 codes.
pub const CATEGORY_SCHEME: &str = "CN-GPCC";
/// The default ocid prefix (replace it by the prefix registered with the Open Contracting
/// Partnership before publishing).
pub const DEFAULT_OCID_PREFIX: &str = "ocds-yiwang-";

/// RFC 7386 JSON merge patch of `patch` into `target`.
pub fn merge_patch(target: &mut Value, patch: &Value) {
    let Value::Object(p) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(Map::new());
    }
    if let Value::Object(t) = target {
        for (k, v) in p {
            if v.is_null() {
                t.remove(k);
            } else {
                merge_patch(t.entry(k.clone()).or_insert(Value::Null), v);
            }
        }
    }
}

/// The OCDS 1.1.5 release schema with the bid extension and the `yiwang` extension applied.
pub fn extended_release_schema() -> Result<Value, MergeError> {
    let parse = |s: &str| -> Result<Value, MergeError> {
        serde_json::from_str(s).map_err(|e| MergeError::Schema(e.to_string()))
    };
    let mut schema = parse(RELEASE_SCHEMA_1_1_5)?;
    merge_patch(&mut schema, &parse(BID_EXTENSION_SCHEMA)?);
    merge_patch(&mut schema, &parse(YIWANG_EXTENSION_SCHEMA)?);
    Ok(schema)
}

/// The merge rules of [`extended_release_schema`] (the `yiwang` lists merge as whole lists).
pub fn merge_rules() -> Result<MergeRules, MergeError> {
    MergeRules::from_schema(&extended_release_schema()?)
}

/// The ocid of a project: `prefix` and the project id.
pub fn ocid(prefix: &str, record: &ProjectRecord) -> String {
    format!("{prefix}{}", record.project.id)
}

fn money(fen: i64) -> Value {
    // Exact for |fen| < 2^53; the nearest double of fen / 100 prints with at most 2 decimals.
    json!({ "amount": fen as f64 / 100.0, "currency": "CNY" })
}

/// Serialises `value` and drops nulls and empty lists (absent = unknown / empty in the model).
fn pruned<T: Serialize>(value: &T) -> Value {
    let mut v = serde_json::to_value(value).unwrap_or(Value::Null);
    prune(&mut v);
    v
}

fn prune(v: &mut Value) {
    match v {
        Value::Object(m) => {
            m.retain(|_, x| {
                prune(x);
                !(x.is_null() || x.as_array().is_some_and(Vec::is_empty))
            });
        }
        Value::Array(a) => a.iter_mut().for_each(prune),
        _ => {}
    }
}

/// `value` serialised without the keys `taken` (mapped to standard fields) and pruned.
fn rest<T: Serialize>(value: &T, taken: &[&str]) -> Map<String, Value> {
    match pruned(value) {
        Value::Object(mut m) => {
            for k in taken {
                m.remove(*k);
            }
            m
        }
        _ => Map::new(),
    }
}

fn put(m: &mut Map<String, Value>, key: &str, value: Value) {
    let empty = value.is_null()
        || value.as_array().is_some_and(Vec::is_empty)
        || value.as_object().is_some_and(Map::is_empty);
    if !empty {
        m.insert(key.to_owned(), value);
    }
}

fn instant(i: Option<Instant>) -> Value {
    i.map(|i| Value::String(i.to_rfc3339_china()))
        .unwrap_or(Value::Null)
}

/// OCDS `procurementMethod` of a method.
pub fn procurement_method(m: Method) -> &'static str {
    match m {
        Method::PublicTender => "open",
        Method::InvitedTender => "selective",
        Method::SingleSource => "direct",
        Method::CompetitiveNegotiation
        | Method::CompetitiveConsultation
        | Method::RequestForQuotation
        | Method::FrameworkAgreement
        | Method::InnovationPartnership => "limited",
    }
}

fn tender_status(s: shared::model::ProjectStatus) -> &'static str {
    use shared::model::ProjectStatus as S;
    match s {
        S::Planned => "planning",
        S::InProgress => "active",
        S::Awarded | S::Contracted | S::Completed => "complete",
        S::Failed => "unsuccessful",
        S::Cancelled => "cancelled",
    }
}

fn award_id(i: usize) -> String {
    format!("award-{}", i + 1)
}

fn payment_id(i: usize) -> String {
    format!("payment-{}", i + 1)
}

struct Parties {
    list: Vec<Map<String, Value>>,
    index: BTreeMap<String, usize>,
}

impl Parties {
    fn role(&mut self, id: &str, role: &str) {
        let i = match self.index.get(id) {
            Some(i) => *i,
            None => {
                let mut m = Map::new();
                m.insert("id".into(), Value::String(id.to_owned()));
                m.insert("roles".into(), Value::Array(Vec::new()));
                self.list.push(m);
                self.index.insert(id.to_owned(), self.list.len() - 1);
                self.list.len() - 1
            }
        };
        if let Some(Value::Array(roles)) = self.list[i].get_mut("roles") {
            if !role.is_empty() && !roles.iter().any(|r| r == role) {
                roles.push(Value::String(role.to_owned()));
            }
        }
    }

    fn reference(&self, id: &str) -> Value {
        let mut m = Map::new();
        m.insert("id".into(), Value::String(id.to_owned()));
        if let Some(name) = self
            .index
            .get(id)
            .and_then(|i| self.list[*i].get("name"))
            .cloned()
        {
            m.insert("name".into(), name);
        }
        Value::Object(m)
    }
}

fn parties(p: &ProjectRecord) -> Parties {
    let mut parties = Parties {
        list: Vec::new(),
        index: BTreeMap::new(),
    };
    let identifier = |code: &Option<String>, name: &str| {
        code.as_ref()
            .map(|c| json!({ "scheme": CREDIT_CODE_SCHEME, "id": c, "legalName": name }))
    };
    for o in &p.organisations {
        parties.role(&o.id, "");
        let i = parties.index[&o.id];
        let m = &mut parties.list[i];
        m.insert("name".into(), Value::String(o.name.clone()));
        put(
            m,
            "identifier",
            identifier(&o.credit_code, &o.name).unwrap_or(Value::Null),
        );
        let mut y = rest(o, &["id", "name", "credit_code"]);
        y.insert("registry".into(), Value::String("organisation".into()));
        m.insert("yiwang".into(), Value::Object(y));
    }
    for s in &p.suppliers {
        parties.role(&s.id, "");
        let i = parties.index[&s.id];
        let m = &mut parties.list[i];
        m.insert("name".into(), Value::String(s.name.clone()));
        put(
            m,
            "identifier",
            identifier(&s.credit_code, &s.name).unwrap_or(Value::Null),
        );
        if let Some(a) = &s.address {
            m.insert("address".into(), json!({ "streetAddress": a }));
        }
        let mut y = rest(s, &["id", "name", "credit_code", "address"]);
        y.insert("registry".into(), Value::String("supplier".into()));
        m.insert("yiwang".into(), Value::Object(y));
    }
    parties.role(&p.project.purchaser_id, "buyer");
    match p.project.agency.as_ref().and_then(|a| a.org_id.as_ref()) {
        Some(agency) => parties.role(agency, "procuringEntity"),
        None => parties.role(&p.project.purchaser_id, "procuringEntity"),
    }
    for b in &p.bids {
        parties.role(&b.supplier_id, "tenderer");
        for c in &b.consortium_members {
            parties.role(c, "tenderer");
        }
    }
    for i in &p.invited_suppliers {
        parties.role(&i.supplier_id, "interestedParty");
    }
    for a in &p.awards {
        parties.role(&a.supplier_id, "supplier");
    }
    for c in &p.contracts {
        parties.role(&c.supplier_id, "supplier");
    }
    for pay in &p.payments {
        parties.role(&pay.payee_id, "payee");
    }
    for c in &p.project.consultants {
        parties.role(&c.supplier_id, "");
    }
    parties
}

/// The releases of one project (oldest first), all with `ocid`. A stage without a date takes
/// the date of the stage before it; the first dated event, else `fallback`, dates the first.
pub fn releases(p: &ProjectRecord, ocid: &str, fallback: Instant) -> Vec<Value> {
    let min = |xs: Vec<Option<Instant>>| xs.into_iter().flatten().min();
    let max = |xs: Vec<Option<Instant>>| xs.into_iter().flatten().max();
    let planning_date = min(vec![
        p.plan.as_ref().and_then(|x| x.filed_at),
        p.intention.as_ref().map(|x| x.published_at),
    ]);
    let tender_date = min(p
        .notices
        .iter()
        .map(|n| Some(n.published_at))
        .chain([p.documents.as_ref().and_then(|d| d.issued_from)])
        .collect());
    let award_date = max(p
        .awards
        .iter()
        .flat_map(|a| [a.confirmed_at, a.notified_at, a.published_at])
        .chain(p.bids.iter().map(|b| b.received_at))
        .chain(p.reports.iter().map(|r| r.signed_at))
        .collect());
    let contract_date = max(p
        .contracts
        .iter()
        .flat_map(|c| [c.signed_at, c.published_at])
        .collect());
    let implementation_date = max(p
        .payments
        .iter()
        .map(|x| Some(x.paid_at))
        .chain(
            p.acceptances
                .iter()
                .flat_map(|a| [a.done_at, a.delivered_at]),
        )
        .collect());
    let first = [
        planning_date,
        tender_date,
        award_date,
        contract_date,
        implementation_date,
    ]
    .into_iter()
    .flatten()
    .next()
    .unwrap_or(fallback);

    let parties = parties(p);
    let mut out = Vec::new();
    let mut last = first;
    let mut release = |tag: &str, date: Option<Instant>, body: Map<String, Value>| {
        let date = date.unwrap_or(last).max(last);
        last = date;
        let mut r = Map::new();
        r.insert("ocid".into(), Value::String(ocid.to_owned()));
        r.insert("id".into(), Value::String(format!("{ocid}-{tag}")));
        r.insert("date".into(), Value::String(date.to_rfc3339_china()));
        r.insert("tag".into(), json!([tag]));
        r.insert("initiationType".into(), Value::String("tender".into()));
        r.insert("language".into(), Value::String("zh".into()));
        r.extend(body);
        out.push(Value::Object(r));
    };

    // planning
    if p.budget_line.is_some() || p.plan.is_some() || p.intention.is_some() {
        let mut body = Map::new();
        let mut budget = Map::new();
        if let Some(b) = &p.budget_line {
            budget.insert("id".into(), Value::String(b.id.clone()));
        }
        let amount = p
            .plan
            .as_ref()
            .map(|x| x.amount)
            .or(p.budget_line.as_ref().map(|b| b.approved_amount));
        if let Some(a) = amount {
            budget.insert("amount".into(), money(a.0));
        }
        put(&mut body, "planning", json!({ "budget": budget }));
        let mut y = Map::new();
        put(&mut y, "budget_line", pruned(&p.budget_line));
        put(&mut y, "plan", pruned(&p.plan));
        put(&mut y, "intention", pruned(&p.intention));
        body.insert("yiwang".into(), Value::Object(y));
        release("planning", planning_date, body);
    }

    // tender
    {
        let pr = &p.project;
        let mut body = Map::new();
        body.insert("buyer".into(), parties.reference(&pr.purchaser_id));
        body.insert(
            "parties".into(),
            Value::Array(parties.list.iter().cloned().map(Value::Object).collect()),
        );
        let mut t = Map::new();
        t.insert("id".into(), Value::String(pr.id.clone()));
        t.insert("title".into(), Value::String(pr.name.clone()));
        if let Some(s) = pr.status {
            t.insert("status".into(), Value::String(tender_status(s).into()));
        }
        if let Some(agency) = pr.agency.as_ref().and_then(|a| a.org_id.as_ref()) {
            t.insert("procuringEntity".into(), parties.reference(agency));
        }
        t.insert(
            "procurementMethod".into(),
            Value::String(procurement_method(pr.method).into()),
        );
        t.insert(
            "procurementMethodDetails".into(),
            Value::String(pr.method.name().zh.to_owned()),
        );
        put(
            &mut t,
            "procurementMethodRationale",
            json!(pr.method_reason.clone()),
        );
        t.insert(
            "mainProcurementCategory".into(),
            Value::String(pr.object_type.code().into()),
        );
        if let Some(b) = pr.budget_amount {
            t.insert("value".into(), money(b.0));
        }
        let items: Vec<Value> = pr
            .items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let mut m = Map::new();
                m.insert("id".into(), Value::String((i + 1).to_string()));
                m.insert("description".into(), Value::String(item.name.clone()));
                if let Some(c) = &item.category_code {
                    m.insert(
                        "classification".into(),
                        json!({ "scheme": CATEGORY_SCHEME, "id": c }),
                    );
                }
                put(&mut m, "quantity", json!(item.quantity));
                put(&mut m, "relatedLot", json!(item.lot_id));
                let y = rest(item, &["name", "category_code", "quantity", "lot_id"]);
                put(&mut m, "yiwang", Value::Object(y));
                Value::Object(m)
            })
            .collect();
        put(&mut t, "items", Value::Array(items));
        if let Some(d) = p.deadline {
            t.insert(
                "tenderPeriod".into(),
                json!({ "endDate": d.to_rfc3339_china() }),
            );
        }
        let mut tenderers: Vec<&str> = Vec::new();
        for b in &p.bids {
            if !tenderers.contains(&b.supplier_id.as_str()) {
                tenderers.push(&b.supplier_id);
            }
        }
        if !p.bids.is_empty() {
            t.insert("numberOfTenderers".into(), json!(tenderers.len()));
            t.insert(
                "tenderers".into(),
                Value::Array(tenderers.iter().map(|s| parties.reference(s)).collect()),
            );
        }
        body.insert("tender".into(), Value::Object(t));
        let mut y = Map::new();
        y.insert(
            "project".into(),
            Value::Object(rest(
                pr,
                &[
                    "id",
                    "name",
                    "purchaser_id",
                    "method_reason",
                    "object_type",
                    "budget_amount",
                    "items",
                ],
            )),
        );
        put(&mut y, "lots", pruned(&p.lots));
        put(&mut y, "approvals", pruned(&p.approvals));
        put(&mut y, "notices", pruned(&p.notices));
        put(&mut y, "documents", pruned(&p.documents));
        put(&mut y, "clarifications", pruned(&p.clarifications));
        put(&mut y, "invited_suppliers", pruned(&p.invited_suppliers));
        put(
            &mut y,
            "invitation_pool_size",
            json!(p.invitation_pool_size),
        );
        put(&mut y, "opening_at", instant(p.opening_at));
        put(&mut y, "challenges", pruned(&p.challenges));
        put(&mut y, "experts", pruned(&p.experts));
        body.insert("yiwang".into(), Value::Object(y));
        release("tender", tender_date, body);
    }

    // award: bids, evaluation, awards
    let award_ids: Vec<String> = (0..p.awards.len()).map(award_id).collect();
    if !p.bids.is_empty()
        || !p.awards.is_empty()
        || p.panel.is_some()
        || !p.score_sheets.is_empty()
        || !p.reports.is_empty()
    {
        let mut body = Map::new();
        if !p.bids.is_empty() {
            let details: Vec<Value> = p
                .bids
                .iter()
                .map(|b| {
                    let mut m = Map::new();
                    m.insert("id".into(), Value::String(b.id.clone()));
                    put(&mut m, "date", instant(b.received_at));
                    m.insert("status".into(), pruned(&b.status));
                    m.insert(
                        "tenderers".into(),
                        json!([parties.reference(&b.supplier_id)]),
                    );
                    if let Some(price) = b.price {
                        m.insert("value".into(), money(price.0));
                    }
                    let y = rest(b, &["id", "supplier_id", "received_at", "price", "status"]);
                    put(&mut m, "yiwang", Value::Object(y));
                    Value::Object(m)
                })
                .collect();
            body.insert("bids".into(), json!({ "details": details }));
        }
        if !p.awards.is_empty() {
            let awards: Vec<Value> = p
                .awards
                .iter()
                .zip(&award_ids)
                .map(|(a, id)| {
                    let mut m = Map::new();
                    m.insert("id".into(), Value::String(id.clone()));
                    m.insert("status".into(), Value::String("active".into()));
                    put(&mut m, "date", instant(a.confirmed_at));
                    if let Some(v) = a.amount {
                        m.insert("value".into(), money(v.0));
                    }
                    m.insert(
                        "suppliers".into(),
                        json!([parties.reference(&a.supplier_id)]),
                    );
                    if let Some(b) = &a.bid_id {
                        m.insert("relatedBids".into(), json!([b]));
                    }
                    if let Some(l) = &a.lot_id {
                        m.insert("relatedLots".into(), json!([l]));
                    }
                    let y = rest(
                        a,
                        &["supplier_id", "bid_id", "lot_id", "amount", "confirmed_at"],
                    );
                    put(&mut m, "yiwang", Value::Object(y));
                    Value::Object(m)
                })
                .collect();
            body.insert("awards".into(), Value::Array(awards));
        }
        let mut y = Map::new();
        put(&mut y, "panel", pruned(&p.panel));
        put(&mut y, "score_sheets", pruned(&p.score_sheets));
        put(&mut y, "reports", pruned(&p.reports));
        put(&mut body, "yiwang", Value::Object(y));
        release("award", award_date, body);
    }

    // contract
    let award_of = |c: &shared::model::Contract| -> String {
        let pick = p
            .awards
            .iter()
            .position(|a| a.supplier_id == c.supplier_id && a.lot_id == c.lot_id)
            .or_else(|| p.awards.iter().position(|a| a.supplier_id == c.supplier_id));
        pick.map(award_id).unwrap_or_else(|| "none".to_owned())
    };
    if !p.contracts.is_empty() {
        let contracts: Vec<Value> = p
            .contracts
            .iter()
            .map(|c| {
                let mut m = Map::new();
                m.insert("id".into(), Value::String(c.id.clone()));
                m.insert("awardID".into(), Value::String(award_of(c)));
                m.insert("status".into(), Value::String("active".into()));
                put(&mut m, "dateSigned", instant(c.signed_at));
                if let Some(v) = c.amount {
                    m.insert("value".into(), money(v.0));
                }
                let y = rest(c, &["id", "amount", "signed_at"]);
                put(&mut m, "yiwang", Value::Object(y));
                Value::Object(m)
            })
            .collect();
        let mut body = Map::new();
        body.insert("contracts".into(), Value::Array(contracts));
        release("contract", contract_date, body);
    }

    // implementation: payments and acceptances
    if !p.payments.is_empty() || !p.acceptances.is_empty() {
        let mut body = Map::new();
        let mut contracts = Vec::new();
        let mut orphans = Vec::new();
        let mut placed = vec![false; p.payments.len()];
        for c in &p.contracts {
            let transactions: Vec<Value> = p
                .payments
                .iter()
                .enumerate()
                .filter(|(_, x)| x.contract_id.as_deref() == Some(c.id.as_str()))
                .map(|(i, x)| {
                    placed[i] = true;
                    let mut m = Map::new();
                    m.insert("id".into(), Value::String(payment_id(i)));
                    m.insert("date".into(), Value::String(x.paid_at.to_rfc3339_china()));
                    m.insert("value".into(), money(x.amount.0));
                    m.insert("payee".into(), parties.reference(&x.payee_id));
                    let y = rest(x, &["contract_id", "paid_at", "amount", "payee_id"]);
                    put(&mut m, "yiwang", Value::Object(y));
                    Value::Object(m)
                })
                .collect();
            if !transactions.is_empty() {
                contracts.push(json!({
                    "id": c.id,
                    "awardID": award_of(c),
                    "implementation": { "transactions": transactions },
                }));
            }
        }
        for (i, x) in p.payments.iter().enumerate() {
            if !placed[i] {
                let mut v = pruned(x);
                if let Value::Object(m) = &mut v {
                    m.insert("yiwang_order".into(), json!(i + 1));
                }
                orphans.push(v);
            }
        }
        put(&mut body, "contracts", Value::Array(contracts));
        let mut y = Map::new();
        put(&mut y, "acceptances", pruned(&p.acceptances));
        put(&mut y, "payments", Value::Array(orphans));
        put(&mut body, "yiwang", Value::Object(y));
        release("implementation", implementation_date, body);
    }
    out
}

/// An OCDS record of one process: its releases (embedded) and the compiled release.
pub fn record(releases: Vec<Value>, rules: &MergeRules) -> Result<Value, MergeError> {
    let compiled = merge::compile(&releases, rules)?;
    let ocid = compiled.get("ocid").cloned().unwrap_or(Value::Null);
    Ok(json!({ "ocid": ocid, "releases": releases, "compiledRelease": compiled }))
}

/// The metadata of a package (`releases` or `records` is added by the caller).
pub fn package_metadata(uri: &str, published: Instant, publisher: &str) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("uri".into(), Value::String(uri.to_owned()));
    m.insert("version".into(), Value::String("1.1".into()));
    m.insert(
        "extensions".into(),
        json!([
            "https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/extension.json",
            "https://yiwang.invalid/ocds-extension/extension.json"
        ]),
    );
    m.insert(
        "publishedDate".into(),
        Value::String(published.to_rfc3339_china()),
    );
    m.insert("publisher".into(), json!({ "name": publisher }));
    m
}

// ---------------------------------------------------------------------------------------------
// Import

/// Why a release cannot become a project at all.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Unmappable {
    #[error("not a JSON object")]
    NotAnObject,
    #[error("no `ocid`")]
    MissingOcid,
    #[error("no buyer (`buyer.id` or a party with the role `buyer`)")]
    NoBuyer,
    #[error("no procurement method (`tender.procurementMethod`)")]
    MissingMethod,
    #[error("procurement method {0:?} has no equivalent in Chinese law")]
    UnmappableMethod(String),
    #[error("no `tender.mainProcurementCategory`")]
    MissingCategory,
    #[error("main procurement category {0:?} is not goods, services or works")]
    UnmappableCategory(String),
    #[error("the mapped project is invalid: {0}")]
    Invalid(String),
}

impl Unmappable {
    /// A stable code for reports (`missing_ocid`, `unmappable_method`, …).
    pub fn code(&self) -> &'static str {
        match self {
            Unmappable::NotAnObject => "not_an_object",
            Unmappable::MissingOcid => "missing_ocid",
            Unmappable::NoBuyer => "no_buyer",
            Unmappable::MissingMethod => "missing_method",
            Unmappable::UnmappableMethod(_) => "unmappable_method",
            Unmappable::MissingCategory => "missing_category",
            Unmappable::UnmappableCategory(_) => "unmappable_category",
            Unmappable::Invalid(_) => "invalid_project",
        }
    }
}

/// A release mapped to a project, with what was left out.
#[derive(Debug, Clone)]
pub struct Mapped {
    pub ocid: String,
    pub record: ProjectRecord,
    /// The buyer party (its `identifier`, if any, names the purchaser's credit code).
    pub buyer_credit_code: Option<String>,
    /// Whether the release carries the `yiwang` extension (then `buyer.id` is a platform id).
    pub yiwang: bool,
    /// Fields left out: `(path, reason)`, e.g. `("tender.value", "currency GBP, not CNY")`.
    pub notes: Vec<(String, String)>,
}

fn s(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

struct Reader {
    notes: Vec<(String, String)>,
}

impl Reader {
    fn note(&mut self, path: &str, reason: impl Into<String>) {
        self.notes.push((path.to_owned(), reason.into()));
    }

    /// A value object in fen: CNY only, rounded to whole fen.
    fn fen(&mut self, v: Option<&Value>, path: &str) -> Value {
        let Some(v) = v.filter(|v| !v.is_null()) else {
            return Value::Null;
        };
        let amount = v.get("amount").and_then(Value::as_f64);
        let currency = v.get("currency").and_then(Value::as_str);
        match (amount, currency) {
            (Some(a), Some("CNY")) if a.is_finite() && a.abs() < 9.0e13 => {
                json!((a * 100.0).round() as i64)
            }
            (Some(_), Some(c)) if c != "CNY" => {
                self.note(path, format!("currency {c}, not CNY"));
                Value::Null
            }
            (Some(_), None) => {
                self.note(path, "no currency");
                Value::Null
            }
            (None, _) => Value::Null,
            _ => {
                self.note(path, "amount out of range");
                Value::Null
            }
        }
    }

    fn instant(&mut self, v: Option<&Value>, path: &str) -> Value {
        match v.and_then(Value::as_str) {
            None => Value::Null,
            Some(t) => match Instant::parse(t) {
                Ok(i) => Value::String(i.to_rfc3339_china()),
                Err(_) => {
                    self.note(path, format!("not a date-time: {t}"));
                    Value::Null
                }
            },
        }
    }
}

fn overlay(target: &mut Map<String, Value>, ext: Option<&Value>) {
    if let Some(Value::Object(y)) = ext {
        for (k, v) in y {
            target.entry(k.clone()).or_insert_with(|| v.clone());
        }
    }
}

fn arr(v: Option<&Value>) -> &[Value] {
    v.and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

fn method_from(tender: Option<&Value>) -> Result<Method, Unmappable> {
    let details = s(tender.and_then(|t| t.get("procurementMethodDetails")));
    if let Some(d) = &details {
        if let Some(m) = Method::ALL
            .into_iter()
            .find(|m| d.contains(m.name().zh) || d.trim() == m.code())
        {
            return Ok(m);
        }
    }
    match s(tender.and_then(|t| t.get("procurementMethod"))).as_deref() {
        None => Err(Unmappable::MissingMethod),
        Some("open") => Ok(Method::PublicTender),
        Some("selective") => Ok(Method::InvitedTender),
        Some("direct") => Ok(Method::SingleSource),
        Some(other) => Err(Unmappable::UnmappableMethod(match details {
            Some(d) => format!("{other} ({d})"),
            None => other.to_owned(),
        })),
    }
}

fn project_status(s: &str) -> Option<&'static str> {
    Some(match s {
        "planning" | "planned" => "planned",
        "active" => "in_progress",
        "complete" => "completed",
        "unsuccessful" => "failed",
        "cancelled" | "withdrawn" => "cancelled",
        _ => return None,
    })
}

/// Maps a release (normally a compiled release) to a project.
pub fn to_project(release: &Value) -> Result<Mapped, Unmappable> {
    let rel = release.as_object().ok_or(Unmappable::NotAnObject)?;
    let ocid = s(rel.get("ocid")).ok_or(Unmappable::MissingOcid)?;
    let ext = rel.get("yiwang").and_then(Value::as_object);
    let ours = ext.is_some();
    let mut r = Reader { notes: Vec::new() };
    let tender = rel.get("tender");
    let parties = arr(rel.get("parties"));

    // The buyer.
    let buyer_id = s(rel.get("buyer").and_then(|b| b.get("id"))).or_else(|| {
        parties
            .iter()
            .find(|p| arr(p.get("roles")).iter().any(|r| r == "buyer"))
            .and_then(|p| s(p.get("id")))
    });
    let buyer_id = buyer_id.ok_or(Unmappable::NoBuyer)?;
    let buyer_party = parties
        .iter()
        .find(|p| s(p.get("id")) == Some(buyer_id.clone()));
    let credit_code_of = |p: &Value| -> Option<String> {
        let i = p.get("identifier")?;
        (i.get("scheme").and_then(Value::as_str) == Some(CREDIT_CODE_SCHEME))
            .then(|| s(i.get("id")))
            .flatten()
    };
    let buyer_credit_code = buyer_party.and_then(credit_code_of);

    // The project.
    let y_project = ext.and_then(|e| e.get("project"));
    let mut project = Map::new();
    overlay(&mut project, y_project);
    let method = match project.get("method") {
        Some(_) => None,
        None => Some(method_from(tender)?),
    };
    if let Some(m) = method {
        project.insert("method".into(), Value::String(m.code().into()));
    }
    let id = if ours {
        s(tender.and_then(|t| t.get("id"))).unwrap_or_else(|| ocid.clone())
    } else {
        ocid.clone()
    };
    project.insert("id".into(), Value::String(id));
    let title = s(tender.and_then(|t| t.get("title")))
        .or_else(|| s(rel.get("planning").and_then(|p| p.get("project"))));
    if title.is_none() {
        r.note("tender.title", "missing: the ocid is used as the name");
    }
    project.insert(
        "name".into(),
        Value::String(title.unwrap_or_else(|| ocid.clone())),
    );
    project.insert("purchaser_id".into(), Value::String(buyer_id.clone()));
    let category = s(tender.and_then(|t| t.get("mainProcurementCategory")))
        .ok_or(Unmappable::MissingCategory)?;
    if !matches!(category.as_str(), "goods" | "services" | "works") {
        return Err(Unmappable::UnmappableCategory(category));
    }
    project.insert("object_type".into(), Value::String(category));
    put(
        &mut project,
        "method_reason",
        json!(s(tender.and_then(|t| t.get("procurementMethodRationale")))),
    );
    let budget = r.fen(tender.and_then(|t| t.get("value")), "tender.value");
    put(&mut project, "budget_amount", budget);
    if !project.contains_key("status") {
        if let Some(st) = s(tender.and_then(|t| t.get("status"))) {
            match project_status(&st) {
                Some(code) => {
                    project.insert("status".into(), Value::String(code.into()));
                }
                None => r.note("tender.status", format!("unknown status {st}")),
            }
        }
    }
    let mut items = Vec::new();
    for (i, item) in arr(tender.and_then(|t| t.get("items"))).iter().enumerate() {
        let mut m = Map::new();
        overlay(&mut m, item.get("yiwang"));
        let name = s(item.get("description")).or_else(|| {
            s(item
                .get("classification")
                .and_then(|c| c.get("description")))
        });
        let Some(name) = name else {
            r.note(&format!("tender.items[{i}]"), "no description");
            continue;
        };
        m.insert("name".into(), Value::String(name));
        if let Some(c) = item.get("classification") {
            if c.get("scheme").and_then(Value::as_str) == Some(CATEGORY_SCHEME) {
                put(&mut m, "category_code", json!(s(c.get("id"))));
            }
        }
        match item.get("quantity") {
            Some(Value::Number(n)) if n.as_i64().is_some() => {
                m.insert("quantity".into(), json!(n.as_i64()));
            }
            Some(Value::Number(n)) => r.note(
                &format!("tender.items[{i}].quantity"),
                format!("not a whole number: {n}"),
            ),
            _ => {}
        }
        put(&mut m, "lot_id", json!(s(item.get("relatedLot"))));
        items.push(Value::Object(m));
    }
    put(&mut project, "items", Value::Array(items));

    let mut out = Map::new();
    out.insert("project".into(), Value::Object(project));
    if let Some(e) = ext {
        for key in [
            "lots",
            "budget_line",
            "plan",
            "intention",
            "approvals",
            "notices",
            "documents",
            "clarifications",
            "invited_suppliers",
            "invitation_pool_size",
            "opening_at",
            "panel",
            "score_sheets",
            "reports",
            "acceptances",
            "challenges",
            "experts",
        ] {
            if let Some(v) = e.get(key) {
                out.insert(key.into(), v.clone());
            }
        }
    }
    let deadline = r.instant(
        tender
            .and_then(|t| t.get("tenderPeriod"))
            .and_then(|p| p.get("endDate")),
        "tender.tenderPeriod.endDate",
    );
    put(&mut out, "deadline", deadline);

    // Bids.
    let mut bids = Vec::new();
    for (i, b) in arr(rel.get("bids").and_then(|b| b.get("details")))
        .iter()
        .enumerate()
    {
        let path = format!("bids.details[{i}]");
        let mut m = Map::new();
        overlay(&mut m, b.get("yiwang"));
        let (Some(id), Some(supplier)) = (
            s(b.get("id")),
            arr(b.get("tenderers")).first().and_then(|t| s(t.get("id"))),
        ) else {
            r.note(&path, "no id or no tenderer");
            continue;
        };
        if arr(b.get("tenderers")).len() > 1 && !m.contains_key("consortium_members") {
            let others: Vec<Value> = arr(b.get("tenderers"))[1..]
                .iter()
                .filter_map(|t| s(t.get("id")).map(Value::String))
                .collect();
            m.insert("consortium_members".into(), Value::Array(others));
        }
        m.insert("id".into(), Value::String(id));
        m.insert("supplier_id".into(), Value::String(supplier));
        let at = r.instant(b.get("date"), &format!("{path}.date"));
        put(&mut m, "received_at", at);
        let price = r.fen(b.get("value"), &format!("{path}.value"));
        put(&mut m, "price", price);
        let status = match s(b.get("status")).as_deref() {
            Some(st @ ("valid" | "disqualified" | "withdrawn")) => st.to_owned(),
            Some("pending") | None => "valid".to_owned(),
            Some(other) => {
                r.note(&format!("{path}.status"), format!("status {other}"));
                continue;
            }
        };
        m.insert("status".into(), Value::String(status));
        bids.push(Value::Object(m));
    }
    put(&mut out, "bids", Value::Array(bids));

    // Awards.
    let mut awards = Vec::new();
    let mut award_supplier: BTreeMap<String, String> = BTreeMap::new();
    for (i, a) in arr(rel.get("awards")).iter().enumerate() {
        let path = format!("awards[{i}]");
        match s(a.get("status")).as_deref() {
            None | Some("active") => {}
            Some(other) => {
                r.note(&path, format!("status {other}: not an award in force"));
                continue;
            }
        }
        let suppliers = arr(a.get("suppliers"));
        let Some(supplier) = suppliers.first().and_then(|x| s(x.get("id"))) else {
            r.note(&path, "no supplier");
            continue;
        };
        if suppliers.len() > 1 {
            r.note(
                &format!("{path}.suppliers"),
                "several suppliers: the first is kept",
            );
        }
        if let Some(id) = s(a.get("id")) {
            award_supplier.insert(id, supplier.clone());
        }
        let mut m = Map::new();
        overlay(&mut m, a.get("yiwang"));
        m.insert("supplier_id".into(), Value::String(supplier));
        put(
            &mut m,
            "bid_id",
            json!(arr(a.get("relatedBids")).first().and_then(|b| s(Some(b)))),
        );
        put(
            &mut m,
            "lot_id",
            json!(arr(a.get("relatedLots")).first().and_then(|b| s(Some(b)))),
        );
        let amount = r.fen(a.get("value"), &format!("{path}.value"));
        put(&mut m, "amount", amount);
        let at = r.instant(a.get("date"), &format!("{path}.date"));
        put(&mut m, "confirmed_at", at);
        awards.push(Value::Object(m));
    }
    put(&mut out, "awards", Value::Array(awards));

    // Contracts and their payments.
    let mut contracts = Vec::new();
    let mut payments: Vec<(usize, Value)> = Vec::new();
    for (i, c) in arr(rel.get("contracts")).iter().enumerate() {
        let path = format!("contracts[{i}]");
        let mut m = Map::new();
        overlay(&mut m, c.get("yiwang"));
        let Some(id) = s(c.get("id")) else {
            r.note(&path, "no id");
            continue;
        };
        if !m.contains_key("supplier_id") {
            match s(c.get("awardID")).and_then(|a| award_supplier.get(&a).cloned()) {
                Some(sup) => {
                    m.insert("supplier_id".into(), Value::String(sup));
                }
                None => {
                    r.note(&path, "no supplier (no award in force with its awardID)");
                    continue;
                }
            }
        }
        m.insert("id".into(), Value::String(id.clone()));
        let amount = r.fen(c.get("value"), &format!("{path}.value"));
        put(&mut m, "amount", amount);
        let at = r.instant(c.get("dateSigned"), &format!("{path}.dateSigned"));
        put(&mut m, "signed_at", at);
        contracts.push(Value::Object(m));
        let transactions = arr(c.get("implementation").and_then(|x| x.get("transactions")));
        for (j, t) in transactions.iter().enumerate() {
            let tpath = format!("{path}.implementation.transactions[{j}]");
            let mut p = Map::new();
            overlay(&mut p, t.get("yiwang"));
            p.insert("contract_id".into(), Value::String(id.clone()));
            let at = r.instant(t.get("date"), &format!("{tpath}.date"));
            let amount = r.fen(
                t.get("value").or_else(|| t.get("amount")),
                &format!("{tpath}.value"),
            );
            let payee = s(t.get("payee").and_then(|x| x.get("id")))
                .or_else(|| s(t.get("receiverOrganization").and_then(|x| x.get("id"))));
            let (true, true, Some(payee)) = (!at.is_null(), !amount.is_null(), payee) else {
                r.note(&tpath, "a payment needs a date, a CNY value and a payee");
                continue;
            };
            p.insert("paid_at".into(), at);
            p.insert("amount".into(), amount);
            p.insert("payee_id".into(), Value::String(payee));
            let order = s(t.get("id"))
                .and_then(|x| x.strip_prefix("payment-").and_then(|n| n.parse().ok()))
                .unwrap_or(usize::MAX);
            payments.push((order, Value::Object(p)));
        }
    }
    for p in arr(ext.and_then(|e| e.get("payments"))) {
        let mut p = p.clone();
        let order = p
            .as_object_mut()
            .and_then(|m| m.remove("yiwang_order"))
            .and_then(|o| o.as_u64())
            .map(|o| o as usize)
            .unwrap_or(usize::MAX);
        payments.push((order, p));
    }
    payments.sort_by_key(|(o, _)| *o);
    put(&mut out, "contracts", Value::Array(contracts));
    put(
        &mut out,
        "payments",
        Value::Array(payments.into_iter().map(|(_, p)| p).collect()),
    );

    // Registry entries from the parties.
    let mut suppliers = Vec::new();
    let mut organisations = Vec::new();
    for p in parties {
        let (Some(id), Some(name)) = (s(p.get("id")), s(p.get("name"))) else {
            continue;
        };
        let y = p.get("yiwang");
        let registry = y.and_then(|y| y.get("registry")).and_then(Value::as_str);
        let roles: Vec<&str> = arr(p.get("roles"))
            .iter()
            .filter_map(Value::as_str)
            .collect();
        let mut m = Map::new();
        overlay(&mut m, y);
        m.remove("registry");
        m.insert("id".into(), Value::String(id.clone()));
        m.insert("name".into(), Value::String(name));
        put(&mut m, "credit_code", json!(credit_code_of(p)));
        let is_org = match registry {
            Some("organisation") => true,
            Some(_) => false,
            None if ours => continue,
            None => roles
                .iter()
                .any(|r| *r == "buyer" || *r == "procuringEntity"),
        };
        if is_org {
            if !m.contains_key("kind") {
                let kind = if roles.contains(&"buyer") {
                    "purchaser"
                } else {
                    "private_agency"
                };
                m.insert("kind".into(), Value::String(kind.into()));
            }
            organisations.push(Value::Object(m));
        } else if registry.is_some()
            || roles
                .iter()
                .any(|r| matches!(*r, "tenderer" | "supplier" | "payee"))
        {
            if !m.contains_key("address") {
                put(
                    &mut m,
                    "address",
                    json!(s(p.get("address").and_then(|a| a.get("streetAddress")))),
                );
            }
            suppliers.push(Value::Object(m));
        }
    }
    put(&mut out, "suppliers", Value::Array(suppliers));
    put(&mut out, "organisations", Value::Array(organisations));

    let record: ProjectRecord = serde_json::from_value(Value::Object(out))
        .map_err(|e| Unmappable::Invalid(e.to_string()))?;
    Ok(Mapped {
        ocid,
        record,
        buyer_credit_code,
        yiwang: ours,
        notes: r.notes,
    })
}
