//! Plays the full demo's [`Scenario`] through the store's domain functions: budget lines, plans,
//! intentions, method requests and their decisions, releases, and every project step (notice,
//! invitations, sealed bids, opening, expert draw, declarations, score sheets, report, award,
//! result notice, challenges, contract, security refunds, acceptance, payment), each with its
//! own `now`. The steps of all plans run in one time order (as they would have happened), so
//! the audit trail, the monitor's events and the experts' yearly panel counts read naturally.

use std::collections::{BTreeMap, HashMap};

use shared::access::{Principal, Role};
use shared::approval::{RequestForm, Verdict};
use shared::bidding::BidForm;
use shared::execution::{Confirmation, NoticeForm};
use shared::model::{ChallengeKind, Method, ObjectType};
use shared::money::Fen;
use shared::plan::{BudgetLineForm, IntentionForm, PlanForm};
use shared::scoring::ScoreSheetForm;
use shared::time::Instant;

use super::scenario::{PlanSpec, ProjectSpec, Scenario, Stage};
use super::{DemoError, DEMO_PASSWORD};
use crate::auth::NewUser;
use crate::db::demo as repo;
use crate::store::Store;

fn step_error(what: &str, plan: usize, e: impl std::fmt::Debug) -> DemoError {
    DemoError::Step(format!("plan #{plan}: {what}: {e:?}"))
}

/// Accounts: (username, display name, role, organisation, supplier).
type Account = (String, String, Role, Option<i64>, Option<i64>);

/// Creates accounts with the demo password (one Argon2 hash shared by all of them: demo data
/// only). Returns the user ids in the given order.
pub(super) async fn create_accounts(
    store: &Store,
    accounts: Vec<Account>,
) -> Result<Vec<i64>, DemoError> {
    let created = 1_709_251_200_i64; // 2024-03-01
    let hash = crate::auth::hash_password(DEMO_PASSWORD.to_owned())
        .await
        .map_err(DemoError::Store)?;
    let mut ids = Vec::with_capacity(accounts.len());
    for (u, d, role, org, sup) in accounts {
        let user = NewUser {
            username: u,
            display_name: d,
            role,
            organisation_id: org,
            supplier_id: sup,
            password: String::new(),
        };
        ids.push(
            store
                .create_user_with_hash(&user, &hash, created)
                .await
                .map_err(DemoError::Store)?,
        );
    }
    Ok(ids)
}

async fn principal(store: &Store, user_id: i64) -> Result<Principal, DemoError> {
    let r = repo::actor(&store.db.pool, user_id).await?;
    Ok(Principal {
        duty: None,
        user_id: r.id,
        role: Role::from_code(&r.role).unwrap_or(Role::Admin),
        organisation_id: r.organisation_id,
        supplier_id: r.supplier_id,
        jurisdiction: r.jurisdiction,
    })
}

/// The extra purchaser units of the full scale (organisations are only created by the demo).
pub async fn extra_units(store: &Store, sc: &Scenario) -> Result<(), DemoError> {
    let mut tx = store.db.pool.begin().await?;
    let base = 1_704_038_400_i64 + 86_400 * 30;
    for (i, (name, region)) in sc.units.iter().enumerate() {
        let exists = repo::find_organisation(&mut tx, name).await?;
        if exists.is_none() {
            repo::insert_purchaser_unit(&mut tx, name.clone(), region, base + i as i64 * 600)
                .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// Who acts in the scenario.
struct Cast {
    units: Vec<Principal>,
    /// Each unit's reviewer (审核), in `units`' order.
    reviewers: Vec<Principal>,
    /// Index 0: the procurement center; then the private agencies in creation order.
    agencies: Vec<Principal>,
    regulators: HashMap<String, Principal>,
    suppliers: BTreeMap<usize, Principal>,
    supplier_ids: Vec<i64>,
    /// expert id → the expert's account.
    experts: HashMap<i64, Principal>,
}

async fn cast(store: &Store, sc: &Scenario) -> Result<Cast, DemoError> {
    let pool = &store.db.pool;
    let mut accounts: Vec<Account> = Vec::new();
    // Purchasers: one account per unit (tnjyj and wjjyj exist).
    let mut unit_orgs = Vec::new();
    for (i, (name, _)) in sc.units.iter().enumerate() {
        let org = repo::organisation_id(pool, name).await?;
        unit_orgs.push(org);
        let has = repo::first_purchaser(pool, org).await?;
        if has.is_none() {
            accounts.push((
                format!("cg{i:03}"),
                format!("{} 采购员", name.trim_start_matches("常州市")),
                Role::Purchaser,
                Some(org),
                None,
            ));
        }
    }
    // Agencies: the center (cgzx) and the first private agency (dljg) have accounts.
    let center = repo::procurement_center(pool).await?;
    let private = repo::agency_ids(pool).await?;
    for (i, org) in private.iter().enumerate().skip(1) {
        accounts.push((
            format!("dl{i:03}"),
            format!("代理机构{i:03} 项目经理"),
            Role::Agency,
            Some(*org),
            None,
        ));
    }
    // Regulators of the districts without a demo account.
    let regs = repo::regulators(pool).await?;
    for r in &regs {
        let has = repo::first_account(pool, r.id).await?;
        if has.is_none() {
            accounts.push((
                format!("czj{}", r.jurisdiction_code),
                format!("财政局 {} 监管", r.jurisdiction_code),
                Role::Regulator,
                Some(r.id),
                None,
            ));
        }
    }
    // The suppliers' accounts (gys, gys001, …) were made when each signed itself up.
    let supplier_ids = repo::supplier_ids(pool).await?;
    let active = sc.active_suppliers();
    create_accounts(store, accounts).await?;

    let mut units = Vec::new();
    for org in &unit_orgs {
        let u = repo::first_purchaser(pool, *org)
            .await?
            .ok_or(sqlx::Error::RowNotFound)?;
        units.push(principal(store, u).await?);
    }
    // Each unit's reviewer (审核), who releases the plans its handler files (经办与审核分离):
    // its second purchaser account, made here where the unit has none.
    let mut reviewer_accounts: Vec<Account> = Vec::new();
    for (i, org) in unit_orgs.iter().enumerate() {
        if repo::second_purchaser(pool, *org).await?.is_none() {
            reviewer_accounts.push((
                format!("cg{i:03}sh"),
                format!("{} 审核员", sc.units[i].0.trim_start_matches("常州市")),
                Role::Purchaser,
                Some(*org),
                None,
            ));
        }
    }
    create_accounts(store, reviewer_accounts).await?;
    let mut reviewers = Vec::new();
    for org in &unit_orgs {
        let u = repo::second_purchaser(pool, *org)
            .await?
            .ok_or(sqlx::Error::RowNotFound)?;
        reviewers.push(principal(store, u).await?);
    }
    let mut agencies = Vec::new();
    for org in std::iter::once(&center).chain(private.iter()) {
        let u = repo::first_account(pool, *org)
            .await?
            .ok_or(sqlx::Error::RowNotFound)?;
        agencies.push(principal(store, u).await?);
    }
    let mut regulators = HashMap::new();
    for r in regs {
        let u = repo::first_account(pool, r.id)
            .await?
            .ok_or(sqlx::Error::RowNotFound)?;
        regulators.insert(r.jurisdiction_code, principal(store, u).await?);
    }
    let mut suppliers = BTreeMap::new();
    for s in active {
        let u = repo::supplier_account(pool, supplier_ids[s]).await?;
        suppliers.insert(s, principal(store, u).await?);
    }
    let mut experts = HashMap::new();
    for r in repo::expert_accounts(pool).await? {
        experts.insert(r.id, principal(store, r.user_id).await?);
    }
    Ok(Cast {
        units,
        reviewers,
        agencies,
        regulators,
        suppliers,
        supplier_ids,
        experts,
    })
}

/// One step of one plan, at its time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    File,
    Intention,
    Request,
    Decide,
    Release,
    Create,
    Notice,
    Bid(usize),
    Open,
    Qualify,
    Draw,
    Evaluate,
    Report,
    Confirm,
    Result,
    Refund,
    Challenge,
    Answer,
    Contract,
    Accept,
    Pay(usize),
}

fn steps(p: &PlanSpec) -> Vec<(i64, Step)> {
    let mut out = vec![(p.filed_at, Step::File)];
    if let Some(t) = p.intention_at {
        out.push((t, Step::Intention));
    }
    if let Some(r) = &p.request {
        out.push((r.at, Step::Request));
        if let Some((_, t)) = r.decision {
            out.push((t, Step::Decide));
        }
    }
    if let Some(t) = p.released_at {
        out.push((t, Step::Release));
    }
    let Some(pr) = &p.project else {
        return out;
    };
    let s = p.stage;
    out.push((pr.created_at, Step::Create));
    out.push((pr.notice_at, Step::Notice));
    for (i, b) in pr.bids.iter().enumerate() {
        out.push((b.at, Step::Bid(i)));
    }
    let single = p.method == Method::SingleSource;
    if s >= Stage::Opened && !single {
        out.push((pr.opened_at, Step::Open));
        // A tender's bidders are reviewed right after the opening (财政部令第87号 Art 44).
        if p.method.is_tender() {
            out.push((pr.opened_at + 60, Step::Qualify));
        }
        out.push((pr.drawn_at, Step::Draw));
    }
    if s >= Stage::Evaluated && !single {
        out.push((pr.drawn_at + 1200, Step::Evaluate));
        out.push((pr.reported_at, Step::Report));
    }
    if s >= Stage::Awarded {
        out.push((pr.confirmed_at, Step::Confirm));
        out.push((pr.result_at, Step::Result));
        if pr.bid_security.is_some() {
            out.push((pr.result_at + 2 * 86_400, Step::Refund));
        }
    }
    if s >= Stage::Contracted {
        if let Some((filed, answered)) = pr.challenge {
            out.push((filed, Step::Challenge));
            out.push((answered, Step::Answer));
        }
        out.push((pr.contract_at, Step::Contract));
    }
    if s >= Stage::Accepted {
        out.push((pr.accepted_at, Step::Accept));
    }
    if s >= Stage::Paid {
        for (i, pay) in pr.payments.iter().enumerate() {
            out.push((pay.0, Step::Pay(i)));
        }
    }
    out
}

/// What the run learns about a plan (database ids).
#[derive(Default)]
struct Live {
    plan: i64,
    request: i64,
    project: i64,
    bids: Vec<i64>,
    challenge: i64,
}

/// Where the demo's notices are published (a designated medium, P22).
const MEDIA: &str = "江苏政府采购网";

fn yuan(fen: i64) -> String {
    Fen(fen).to_string()
}

fn hundredths(h: i64) -> String {
    format!("{}.{:02}", h / 100, h % 100)
}

/// The three criteria of the comprehensive scheme: (name, points, subjective).
fn criteria(price_points: i64) -> [(&'static str, i64, bool); 3] {
    let rest = 100 - price_points;
    let c1 = rest / 2;
    let c2 = rest * 3 / 10;
    [
        ("技术方案", c1, true),
        ("服务方案", c2, true),
        ("业绩与信誉", rest - c1 - c2, false),
    ]
}

/// Plays the scenario. `sc` must be [`super::scenario::scenario`]'s.
pub async fn play(
    store: &Store,
    sc: &Scenario,
    progress: &crate::progress::Progress,
) -> Result<(), DemoError> {
    let cast = cast(store, sc).await?;
    progress.begin(
        "demo: budget lines",
        Some(sc.lines.len() as u64),
        0,
        crate::progress::Unit::Items("lines"),
    );
    // Budget lines first (December of the year before).
    let mut line_ids = Vec::with_capacity(sc.lines.len());
    let mut order: Vec<usize> = (0..sc.lines.len()).collect();
    order.sort_by_key(|i| (sc.lines[*i].created_at, *i));
    line_ids.resize(sc.lines.len(), 0);
    for i in order {
        let l = &sc.lines[i];
        let actor = &cast.units[l.unit];
        let form = BudgetLineForm {
            code: l.code.clone(),
            name: l.name.clone(),
            fiscal_year: l.year.to_string(),
            approved_amount: yuan(l.amount),
        }
        .parse()
        .map_err(DemoError::Invalid)?;
        line_ids[i] = store
            .insert_budget_line(
                actor,
                actor.organisation_id.unwrap_or_default(),
                &form,
                l.created_at,
            )
            .await
            .map_err(|e| step_error("budget line", i, e))?;
        progress.inc(1);
    }
    // Every step of every plan, in time order.
    let mut queue: Vec<(i64, usize, Step)> = Vec::new();
    for (i, p) in sc.plans.iter().enumerate() {
        for (t, s) in steps(p) {
            queue.push((t, i, s));
        }
    }
    queue.sort();
    progress.begin(
        "demo: plans and projects",
        Some(queue.len() as u64),
        0,
        crate::progress::Unit::Items("steps"),
    );
    let mut live: Vec<Live> = (0..sc.plans.len()).map(|_| Live::default()).collect();
    for (now, i, step) in queue {
        progress.inc(1);
        let p = &sc.plans[i];
        run_step(store, &cast, &line_ids, p, &mut live[i], step, now)
            .await
            .map_err(|e| match e {
                DemoError::Store(s) => step_error(
                    &format!(
                        "{step:?} at {}",
                        Instant::from_unix_seconds(now).china_display()
                    ),
                    i,
                    s,
                ),
                other => other,
            })?;
    }
    Ok(())
}

fn runner<'a>(cast: &'a Cast, p: &PlanSpec, pr: &ProjectSpec) -> &'a Principal {
    match pr.agency {
        Some(a) => &cast.agencies[a.min(cast.agencies.len() - 1)],
        None => &cast.units[p.unit],
    }
}

async fn run_step(
    store: &Store,
    cast: &Cast,
    line_ids: &[i64],
    p: &PlanSpec,
    live: &mut Live,
    step: Step,
    now: i64,
) -> Result<(), DemoError> {
    let purchaser = &cast.units[p.unit];
    let unit = purchaser.organisation_id.unwrap_or_default();
    let pr = p.project.as_ref();
    let project = || pr.ok_or_else(|| DemoError::Step("a project step without a project".into()));
    match step {
        Step::File => {
            let form = PlanForm {
                budget_line_id: line_ids[p.line].to_string(),
                name: p.name.clone(),
                object_type: p.object.code().to_owned(),
                category_code: p.category.to_owned(),
                amount: yuan(p.amount),
                method: p.method.code().to_owned(),
                imports_wanted: String::new(),
                planned_date: p.planned_date.to_string(),
            }
            .parse()
            .map_err(DemoError::Invalid)?;
            live.plan = store.insert_plan(purchaser, unit, &form, now).await?.0;
        }
        Step::Intention => {
            let form = IntentionForm {
                published_on: Instant::from_unix_seconds(now).china_date().to_string(),
                media: "江苏政府采购网".into(),
                content: format!(
                    "{}，预算{}元，预计{}开展采购",
                    p.name,
                    yuan(p.amount),
                    p.planned_date
                ),
            };
            store
                .insert_intention(purchaser, live.plan, &form, now)
                .await?;
        }
        Step::Request => {
            let r = p
                .request
                .as_ref()
                .ok_or_else(|| DemoError::Step("no request".into()))?;
            let supplier_name = match r.supplier {
                Some(s) => repo::supplier_name(&store.db.pool, cast.supplier_ids[s]).await?,
                None => String::new(),
            };
            let form = RequestForm {
                kind: r.kind.into(),
                ground: r.ground.into(),
                reason: r.reason.into(),
                supplier_name,
                notice_from: if r.kind == "single_source" {
                    Instant::from_unix_seconds(now).china_date().to_string()
                } else {
                    String::new()
                },
            };
            live.request = store
                .insert_request(purchaser, live.plan, &form, now)
                .await?;
        }
        Step::Decide => {
            let r = p
                .request
                .as_ref()
                .ok_or_else(|| DemoError::Step("no request".into()))?;
            let (approve, _) = r.decision.unwrap_or((true, now));
            let regulator = cast
                .regulators
                .get(purchaser.jurisdiction.as_deref().unwrap_or("320400"))
                .ok_or_else(|| DemoError::Step("no regulator".into()))?;
            let (verdict, reason) = if approve {
                (Verdict::Approve, "经审核，符合法定情形，同意")
            } else {
                (
                    Verdict::Reject,
                    "达到公开招标数额标准，理由不充分，应采用公开招标方式",
                )
            };
            store
                .decide_request(regulator, live.request, verdict, reason, now)
                .await?;
        }
        Step::Release => {
            store
                .release_plan(&cast.reviewers[p.unit], live.plan, now)
                .await?;
        }
        Step::Create => {
            let pr = project()?;
            let agency = pr.agency.map(|a| {
                cast.agencies[a.min(cast.agencies.len() - 1)]
                    .organisation_id
                    .unwrap_or_default()
            });
            live.project = store
                .create_project(purchaser, live.plan, agency, now)
                .await?
                .id;
        }
        Step::Notice => {
            let pr = project()?;
            let run = runner(cast, p, pr);
            let form = NoticeForm {
                lots: String::new(),
                max_price: if p.method == Method::SingleSource {
                    String::new()
                } else {
                    yuan(pr.max_price)
                },
                deadline: Instant::from_unix_seconds(pr.deadline).china_display(),
                bid_security: pr.bid_security.map(yuan).unwrap_or_default(),
                min_validity_days: if p.method == Method::SingleSource {
                    String::new()
                } else {
                    "90".into()
                },
                scoring_method: if pr.price_points.is_some() {
                    "comprehensive".into()
                } else {
                    "lowest_price".into()
                },
                price_points: pr.price_points.map(|x| x.to_string()).unwrap_or_default(),
                criteria: pr
                    .price_points
                    .map(|pp| {
                        criteria(pp)
                            .iter()
                            .map(|(n, pts, subj)| {
                                format!("{n}|{pts}|{}", if *subj { "主观" } else { "客观" })
                            })
                            .collect::<Vec<_>>()
                            .join("\n")
                    })
                    .unwrap_or_default(),
                media: MEDIA.into(),
            };
            let notice = form
                .parse(p.method, Fen(p.amount), Instant::from_unix_seconds(now))
                .map_err(DemoError::Invalid)?;
            store
                .publish_notice(run, live.project, &notice, now)
                .await?;
            if !matches!(p.method, Method::PublicTender | Method::SingleSource) {
                for (k, b) in pr.bids.iter().enumerate() {
                    store
                        .invite_supplier(
                            run,
                            live.project,
                            &shared::execution::Invitee::Id(cast.supplier_ids[b.supplier]),
                            now + 600 + k as i64 * 60,
                        )
                        .await?;
                }
            }
        }
        Step::Bid(k) => {
            let pr = project()?;
            let b = pr.bids[k];
            let bidder = &cast.suppliers[&b.supplier];
            let bid = BidForm {
                price: yuan(b.price),
                validity_days: "90".into(),
                documents: vec!["响应文件.pdf".into(), "资格证明文件.pdf".into()],
                lot: String::new(),
            }
            .parse()
            .map_err(DemoError::Invalid)?;
            let id = store.submit_bid(bidder, live.project, &bid, now).await?.id;
            if live.bids.len() <= k {
                live.bids.resize(k + 1, 0);
            }
            live.bids[k] = id;
        }
        Step::Open => {
            let pr = project()?;
            store
                .open_bids(runner(cast, p, pr), live.project, now)
                .await?;
        }
        Step::Qualify => {
            let pr = project()?;
            let pass = || {
                live.bids
                    .iter()
                    .map(|id| (id.to_string(), "pass".to_owned()))
            };
            let form = shared::execution::QualificationForm {
                verdict: pass().collect(),
                reason: Default::default(),
            };
            store
                .review_qualification(runner(cast, p, pr), live.project, &form, now)
                .await?;
        }
        Step::Draw => {
            let pr = project()?;
            store
                .draw_panel(runner(cast, p, pr), live.project, pr.draw_seed, now)
                .await?;
        }
        Step::Evaluate => {
            let pr = project()?;
            evaluate(store, cast, p, pr, live, now).await?;
        }
        Step::Report => {
            let pr = project()?;
            store
                .deliver_report(runner(cast, p, pr), live.project, now)
                .await?;
        }
        Step::Confirm => {
            let pr = project()?;
            let (supplier, amount) = match pr.single_source {
                Some((s, a)) => (s, Some(Fen(a))),
                None => (pr.bids[pr.awarded].supplier, None),
            };
            store
                .confirm_award(
                    purchaser,
                    live.project,
                    &Confirmation {
                        supplier: shared::execution::Invitee::Id(cast.supplier_ids[supplier]),
                        deviation_reason: pr.deviation_reason.map(str::to_owned),
                        amount,
                        lot: None,
                    },
                    now,
                )
                .await?;
        }
        Step::Result => {
            let pr = project()?;
            store
                .send_result_notice(runner(cast, p, pr), live.project, now)
                .await?;
        }
        Step::Refund => {
            let pr = project()?;
            for (k, id) in live.bids.iter().enumerate() {
                store
                    .refund_security(runner(cast, p, pr), *id, now + k as i64 * 300)
                    .await?;
            }
        }
        Step::Challenge => {
            let pr = project()?;
            let loser = pr
                .bids
                .iter()
                .enumerate()
                .find(|(k, _)| *k != pr.awarded)
                .map(|(_, b)| b.supplier)
                .unwrap_or(0);
            live.challenge = store
                .file_challenge(
                    &cast.suppliers[&loser],
                    live.project,
                    &shared::execution::ChallengeFiling {
                        kind: ChallengeKind::Challenge,
                        subject: shared::disclosure::ChallengeSubject::Result,
                        text: "对评审结果有异议，请求复核评分".to_owned(),
                        affects_result: true,
                    },
                    now,
                )
                .await?
                .id;
        }
        Step::Answer => {
            let pr = project()?;
            store
                .answer_challenge(
                    runner(cast, p, pr),
                    live.challenge,
                    "经组织原评审委员会复核，评审结果无误，质疑不成立",
                    now,
                )
                .await?;
        }
        Step::Contract => {
            let pr = project()?;
            store
                .sign_contract(
                    purchaser,
                    live.project,
                    None,
                    Fen(pr.award_amount()),
                    30,
                    now,
                )
                .await?;
        }
        Step::Accept => {
            store
                .accept(purchaser, live.project, None, true, now)
                .await?;
        }
        Step::Pay(k) => {
            let pr = project()?;
            let (_, amount, is_final) = pr.payments[k];
            store
                .pay(purchaser, live.project, None, Fen(amount), is_final, now)
                .await?;
        }
    }
    Ok(())
}

/// Declarations of the drawn experts, and their score sheets for comprehensive scoring: the
/// intended first-ranked gets the best scores (and, with the lowest price, ranks first); the
/// awarded one (if another) the second best. One expert may score a bid far off (A20).
async fn evaluate(
    store: &Store,
    cast: &Cast,
    p: &PlanSpec,
    pr: &ProjectSpec,
    live: &Live,
    now: i64,
) -> Result<(), DemoError> {
    let members = repo::drawn_experts(&store.db.pool, live.project).await?;
    let expert = |e: &i64| {
        cast.experts
            .get(e)
            .ok_or_else(|| DemoError::Step(format!("expert {e} has no account")))
    };
    for (k, e) in members.iter().enumerate() {
        store
            .declare(expert(e)?, live.project, &[], now + k as i64 * 60)
            .await?;
    }
    let Some(pp) = pr.price_points else {
        return Ok(());
    };
    // Ranks: first-ranked 0, awarded 1 (if another), the rest by price.
    let mut order: Vec<usize> = (0..pr.bids.len()).collect();
    order.sort_by_key(|k| (*k != pr.first, *k != pr.awarded, pr.bids[*k].price));
    let crit = criteria(pp);
    let t0 = now + 600;
    let mut n = 0_i64;
    for (x, e) in members.iter().enumerate() {
        for (rank, k) in order.iter().enumerate() {
            let r = rank as i64;
            let jitter = ((x as i64 * 37 + r * 11 + p.amount % 7) % 5) * 10;
            let mut scores = BTreeMap::new();
            for (c, (_, pts, subjective)) in crit.iter().enumerate() {
                let max = pts * 100;
                let share = if *subjective {
                    920 - 70 * r.min(8)
                } else {
                    1000 - 100 * r.min(6)
                };
                let mut h = max * share / 1000;
                if *subjective {
                    h -= jitter;
                }
                if pr.deviating_expert && x == 0 && rank == order.len() - 1 && c == 0 {
                    h = max / 10;
                }
                scores.insert(format!("c{}", c + 1), hundredths(h.clamp(0, max)));
            }
            let form = ScoreSheetForm {
                bid_id: live.bids[*k].to_string(),
                scores,
                comments: BTreeMap::new(),
            };
            store
                .submit_score(expert(e)?, live.project, &form, t0 + n * 30)
                .await?;
            n += 1;
        }
    }
    let _ = ObjectType::Goods;
    Ok(())
}
