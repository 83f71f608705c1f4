//! Procurement execution (issue 5) on SQLite and PostgreSQL, through the store functions with a
//! clock the test moves (no sleeping): a public tender from the released plan to the payment,
//! with sealed bids, the 20-day rule, a clarification moving the deadline, the opening, the
//! reproducible draw without conflicted experts, declarations before the bids are seen, score
//! sheets checked again on the server, the ranking with A20 flags, the award rule, the contract
//! against the award and a pending challenge, an amendment over 10 % and a late payment to a
//! small supplier.

mod common;

use common::scalar as count;
use common::{principal, released_plan};

use std::collections::BTreeMap;

use app::service::StoreError;
use common::TestDb;
use server::auth::NewUser;
use server::demo;
use server::projects::NewExpert;
use server::store::Store;
use shared::access::{Principal, Role};
use shared::bidding::BidForm;
use shared::disclosure::{access, may_see_project, Access, Field, Stage, Viewer};
use shared::execution::NoticeForm;
use shared::model::{ChallengeKind, Method};
use shared::money::Fen;
use shared::scoring::ScoreSheetForm;
use shared::time::Instant;
use shared::workflow::Node;
use sqlx::Row;

const DAY: i64 = 86_400;

fn at(s: &str) -> i64 {
    Instant::parse(s).unwrap().unix_seconds()
}

async fn user(
    store: &Store,
    t: &TestDb,
    name: &str,
    role: Role,
    supplier: Option<i64>,
) -> Principal {
    store
        .create_user(
            &NewUser {
                username: name.into(),
                display_name: name.into(),
                role,
                organisation_id: None,
                supplier_id: supplier,
                password: demo::DEMO_PASSWORD.into(),
            },
            at("2026-01-01T09:00"),
        )
        .await
        .unwrap();
    principal(t, name).await
}

fn notice(deadline: &str) -> NoticeForm {
    NoticeForm {
        lots: String::new(),
        max_price: "950,000".into(),
        deadline: deadline.into(),
        bid_security: "10,000".into(),
        min_validity_days: "90".into(),
        scoring_method: "comprehensive".into(),
        price_points: "30".into(),
        criteria: "技术方案|40|主观\n售后服务|20|主观\n业绩|10|客观".into(),
        media: String::new(),
    }
}

fn bid(price: &str) -> shared::bidding::NewBid {
    BidForm {
        lot: String::new(),
        price: price.into(),
        validity_days: "90".into(),
        documents: vec!["技术响应文件.pdf".into()],
    }
    .parse()
    .unwrap()
}

fn sheet(bid_id: i64, c1: &str) -> ScoreSheetForm {
    ScoreSheetForm {
        bid_id: bid_id.to_string(),
        scores: BTreeMap::from([
            ("c1".to_owned(), c1.to_owned()),
            ("c2".to_owned(), "15".to_owned()),
            ("c3".to_owned(), "8".to_owned()),
        ]),
        comments: BTreeMap::new(),
    }
}

fn field(e: &StoreError) -> Vec<String> {
    match e {
        StoreError::Rejected(f) => f.iter().map(|x| x.field.clone()).collect(),
        StoreError::Refused(f) => f.iter().map(|x| x.check_id.clone()).collect(),
        other => vec![format!("{other:?}")],
    }
}

async fn findings_of(t: &TestDb, project: i64, step: &str) -> Vec<String> {
    sqlx::query("SELECT check_id FROM findings WHERE subject_type = 'project' AND subject_id = $1 AND step = $2 ORDER BY id")
        .bind(project.to_string())
        .bind(step.to_owned())
        .fetch_all(&t.db.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get(0).unwrap())
        .collect()
}

async fn node_of(t: &TestDb, project: i64) -> Option<Node> {
    let s: String = sqlx::query_scalar("SELECT state_json FROM projects WHERE id = $1")
        .bind(project)
        .fetch_one(&t.db.pool)
        .await
        .unwrap();
    serde_json::from_str::<shared::workflow::ProcState>(&s)
        .unwrap()
        .node
}

/// One account looking at the project in the disclosure matrix test, and who the server must
/// take it to be.
struct Looker<'a> {
    who: Option<&'a Principal>,
    expect: Viewer,
}

/// Reads the project as each looker at `now` and checks every part of the response (as JSON)
/// against `shared::disclosure`'s matrix for the viewer and `stage`; counts the cases.
async fn check_matrix(
    store: &Store,
    t: &TestDb,
    p: i64,
    now: i64,
    stage: Stage,
    lookers: &[Looker<'_>],
    cases: &mut usize,
) {
    let method = Method::PublicTender;
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT e.name FROM experts e JOIN panel_members pm ON pm.expert_id = e.id WHERE pm.project_id = $1",
    )
    .bind(p)
    .fetch_all(&t.db.pool)
    .await
    .unwrap();
    for l in lookers {
        let what = format!("{:?} at {stage:?}", l.expect);
        let r = store.project_view(l.who, p, now).await;
        if !may_see_project(l.expect, stage, method) {
            assert!(matches!(r, Err(StoreError::NotFound)), "{what}: {r:?}");
            *cases += 1;
            continue;
        }
        let v = r.unwrap_or_else(|e| panic!("{what}: {e:?}"));
        assert_eq!((v.viewer, v.stage), (l.expect, stage), "{what}");
        let json = serde_json::to_string(&v).unwrap();
        let may = |f: Field| access(l.expect, stage, f, method);
        match may(Field::Panel) {
            Access::None => {
                assert!(
                    v.record.panel.is_none() && v.record.experts.is_empty(),
                    "{what}"
                );
                for n in &names {
                    assert!(!json.contains(n.as_str()), "{what} leaks the expert {n}");
                }
            }
            Access::Own => {
                let members = v.record.panel.as_ref().map_or(0, |p| p.members.len());
                assert!(members <= 1 && v.record.experts.len() <= 1, "{what}");
            }
            Access::All => {
                if stage >= Stage::Evaluation {
                    assert!(!v.record.experts.is_empty(), "{what}");
                }
            }
        }
        let receipts = [Field::BidReceipts, Field::Bidders, Field::Prices]
            .iter()
            .all(|f| may(*f) == Access::None);
        if receipts {
            assert!(v.bids.is_empty(), "{what}: {:?}", v.bids);
        }
        for b in &v.bids {
            if may(Field::Prices) == Access::None {
                assert!(b.price.is_none() && b.final_price.is_none(), "{what}");
            }
            if may(Field::Bidders) == Access::None {
                assert!(b.supplier_id.is_none(), "{what}");
            }
            if may(Field::BidDocuments) == Access::None {
                assert!(!b.documents, "{what}");
            }
        }
        if may(Field::Scores) == Access::None {
            assert!(v.record.score_sheets.is_empty(), "{what}");
        }
        if may(Field::Report) != Access::All {
            assert!(v.record.reports.is_empty(), "{what}");
        }
        if may(Field::Findings) != Access::All {
            assert!(v.findings.is_empty() && v.row.findings == 0, "{what}");
        }
        if may(Field::Internal) != Access::All {
            assert!(
                v.record.plan.is_none()
                    && v.record.budget_line.is_none()
                    && v.record.approvals.is_empty()
                    && v.record.payments.is_empty(),
                "{what}"
            );
        }
        if may(Field::Challenges) == Access::None {
            assert!(
                v.challenges.is_empty() && v.record.challenges.is_empty(),
                "{what}"
            );
        }
        if may(Field::Award) == Access::None {
            assert!(v.record.awards.is_empty(), "{what}");
        }
        if may(Field::Contract) == Access::None {
            assert!(v.record.contracts.is_empty(), "{what}");
        }
        *cases += 1;
    }
}

async fn a_public_tender_runs_from_the_plan_to_the_payment(t: &TestDb) {
    let store = t.store();
    demo::load(&store).await.unwrap();
    let tn = principal(t, "tnjyj").await;
    let wj = principal(t, "wjjyj").await;
    let center = principal(t, "cgzx").await;
    let private = principal(t, "dljg").await;
    let tn_reg = principal(t, "tnczj").await;
    let wj_reg = principal(t, "wjczj").await;
    let plan = released_plan(
        &store,
        &tn,
        "X-public-tender",
        "教学服务器采购",
        "public_tender",
        "1,000,000",
    )
    .await;

    // Only the unit's purchaser starts the procurement of a released plan.
    let t0 = at("2026-03-02T09:00");
    assert!(matches!(
        store
            .create_project(&wj, plan, center.organisation_id, t0)
            .await,
        Err(StoreError::NotFound)
    ));
    let p = store
        .create_project(&tn, plan, center.organisation_id, t0)
        .await
        .unwrap()
        .id;
    assert_eq!(node_of(t, p).await, Some(Node::BudgetPlan));
    // The disclosure matrix (shared::disclosure) at every stage, for every kind of viewer.
    let obtainer_supplier: i64 = sqlx::query_scalar(
        "SELECT id FROM suppliers WHERE size NOT IN ('small', 'micro') ORDER BY id LIMIT 1",
    )
    .fetch_one(&t.db.pool)
    .await
    .unwrap();
    let outsider_supplier: i64 = sqlx::query_scalar(
        "SELECT id FROM suppliers WHERE size NOT IN ('small', 'micro') ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(&t.db.pool)
    .await
    .unwrap();
    let obtainer = user(
        &store,
        t,
        "obtainer",
        Role::Supplier,
        Some(obtainer_supplier),
    )
    .await;
    let outsider = user(
        &store,
        t,
        "outsider",
        Role::Supplier,
        Some(outsider_supplier),
    )
    .await;
    let city_reg = principal(t, "czczj").await;
    let admin = principal(t, "admin").await;
    let mut cases = 0usize;
    macro_rules! lookers {
        ($($who:expr => $viewer:ident),* $(,)?) => {
            [
                Looker { who: None, expect: Viewer::Anonymous },
                Looker { who: Some(&tn), expect: Viewer::PurchaserStaff },
                Looker { who: Some(&wj), expect: Viewer::Anonymous },
                Looker { who: Some(&center), expect: Viewer::Runner },
                Looker { who: Some(&private), expect: Viewer::Anonymous },
                Looker { who: Some(&tn_reg), expect: Viewer::Regulator },
                Looker { who: Some(&city_reg), expect: Viewer::Regulator },
                Looker { who: Some(&wj_reg), expect: Viewer::OtherRegulator },
                Looker { who: Some(&admin), expect: Viewer::Admin },
                Looker { who: Some(&outsider), expect: Viewer::OtherSupplier },
                $(Looker { who: Some($who), expect: Viewer::$viewer },)*
            ]
        };
    }
    check_matrix(
        &store,
        t,
        p,
        t0,
        Stage::Preparation,
        &lookers!(&obtainer => OtherSupplier),
        &mut cases,
    )
    .await;

    // The purchaser may not run an entrusted project; another agency does not see it.
    let form = notice("2026-03-23 09:30");
    let n = form
        .parse(
            Method::PublicTender,
            Fen(100_000_000),
            Instant::from_unix_seconds(t0),
        )
        .unwrap();
    for who in [&tn, &private, &tn_reg] {
        assert!(matches!(
            store.publish_notice(who, p, &n, t0).await,
            Err(StoreError::NotFound)
        ));
    }
    // A tender period under 20 days is refused (P19), nothing stored.
    let short = notice("2026-03-12 09:30")
        .parse(
            Method::PublicTender,
            Fen(100_000_000),
            Instant::from_unix_seconds(t0),
        )
        .unwrap();
    let audit_before = count(t, "SELECT COUNT(*) FROM audit_log").await;
    let e = store
        .publish_notice(&center, p, &short, t0)
        .await
        .unwrap_err();
    assert_eq!(field(&e), vec!["P19"]);
    assert_eq!(node_of(t, p).await, Some(Node::BudgetPlan));
    assert_eq!(
        count(t, "SELECT COUNT(*) FROM audit_log").await,
        audit_before
    );
    store.publish_notice(&center, p, &n, t0).await.unwrap();
    assert_eq!(node_of(t, p).await, Some(Node::DocumentIssue));

    // A clarification 10 days in moves the deadline by 4 days.
    store
        .clarify(
            &center,
            p,
            "技术参数澄清",
            Some(Instant::parse("2026-03-27T09:30").unwrap()),
            t0 + 10 * DAY,
        )
        .await
        .unwrap();
    let deadline = at("2026-03-27T09:30");

    // Four small or micro suppliers bid.
    let small: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM suppliers WHERE size IN ('small', 'micro') ORDER BY id LIMIT 4",
    )
    .fetch_all(&t.db.pool)
    .await
    .unwrap();
    let mut s = Vec::new();
    for (i, id) in small.iter().enumerate() {
        s.push(user(&store, t, &format!("bidder{i}"), Role::Supplier, Some(*id)).await);
    }
    let b0 = store
        .submit_bid(&s[0], p, &bid("900,000"), t0 + DAY)
        .await
        .unwrap()
        .id;
    let b1 = store
        .submit_bid(&s[1], p, &bid("850,000"), t0 + DAY)
        .await
        .unwrap()
        .id;
    let b2 = store
        .submit_bid(&s[2], p, &bid("890,000"), t0 + DAY)
        .await
        .unwrap()
        .id;
    let b3 = store
        .submit_bid(&s[3], p, &bid("920,000"), t0 + DAY)
        .await
        .unwrap()
        .id;
    // Above the ceiling: refused on the price field.
    let e = store
        .submit_bid(&s[3], p, &bid("960,000"), t0 + DAY)
        .await
        .unwrap_err();
    assert!(field(&e).contains(&"price".to_owned()), "{e:?}");
    // Withdraw and replace before the deadline.
    store.withdraw_bid(&s[3], b3, t0 + 2 * DAY).await.unwrap();
    let b2 = {
        let new = store
            .replace_bid(&s[2], b2, &bid("870,000"), t0 + 3 * DAY)
            .await
            .unwrap()
            .id;
        assert_ne!(new, b2);
        new
    };
    // Another supplier may not withdraw someone's bid.
    assert!(matches!(
        store.withdraw_bid(&s[3], b0, t0 + 3 * DAY).await,
        Err(StoreError::NotFound)
    ));

    // Sealed: before the opening nobody reads a price or a document — not the agency, the
    // purchaser, the regulator, nor the bidder itself.
    let before_open = deadline - 60;
    sqlx::query(
        "INSERT INTO document_obtainers (project_id, supplier_id, obtained_at, via) VALUES ($1, $2, $3, 'download')",
    )
    .bind(p)
    .bind(obtainer_supplier)
    .bind(t0 + DAY)
    .execute(&t.db.pool)
    .await
    .unwrap();
    check_matrix(
        &store,
        t,
        p,
        before_open,
        Stage::BeforeDeadline,
        &lookers!(&obtainer => DocumentObtainer, &s[0] => Bidder, &s[3] => Bidder),
        &mut cases,
    )
    .await;
    // Who may challenge: a bidder anything, the obtainer the documents only, nobody else.
    let filing = |subject| shared::execution::ChallengeFiling {
        kind: ChallengeKind::Inquiry,
        subject,
        text: "询问".to_owned(),
        affects_result: false,
    };
    use shared::disclosure::ChallengeSubject as Subject;
    let challenges = count(t, "SELECT COUNT(*) FROM challenges").await;
    assert!(matches!(
        store
            .file_challenge(&outsider, p, &filing(Subject::Documents), before_open)
            .await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store
            .file_challenge(&obtainer, p, &filing(Subject::Process), before_open)
            .await,
        Err(StoreError::Rejected(_))
    ));
    assert_eq!(
        count(t, "SELECT COUNT(*) FROM challenges").await,
        challenges
    );
    let inquiry = store
        .file_challenge(&obtainer, p, &filing(Subject::Documents), before_open)
        .await
        .unwrap()
        .id;
    store
        .answer_challenge(&center, inquiry, "以招标文件为准", before_open + 30)
        .await
        .unwrap();
    for who in [&center, &tn, &tn_reg] {
        let v = store.project_view(Some(who), p, before_open).await.unwrap();
        assert!(
            v.bids
                .iter()
                .all(|b| b.price.is_none() && !b.documents && b.supplier_id.is_none()),
            "{:?}",
            v.bids
        );
        assert!(v.record.bids.is_empty());
    }
    assert!(store
        .project_view(Some(&tn), p, before_open)
        .await
        .unwrap()
        .bids
        .is_empty());
    // A regulator of another district sees what the public sees: the notice, no bid, no
    // finding; a bidder its own receipt, nothing of the others.
    let other = store
        .project_view(Some(&wj_reg), p, before_open)
        .await
        .unwrap();
    assert!(other.bids.is_empty() && other.findings.is_empty() && other.allowed.is_empty());
    assert!(other.record.plan.is_none() && other.record.budget_line.is_none());
    let mine = store
        .project_view(Some(&s[0]), p, before_open)
        .await
        .unwrap();
    assert_eq!(mine.bids.len(), 1);
    assert!(mine.bids[0].price.is_none() && !mine.bids[0].documents);
    let own = store.own_bids(&s[0], before_open).await.unwrap();
    assert_eq!(own.len(), 1);
    assert!(own[0].price.is_none() && own[0].documents.is_none());
    // Neither the stored record nor the audit trail holds a price.
    let record: String = sqlx::query_scalar("SELECT record_json FROM projects WHERE id = $1")
        .bind(p)
        .fetch_one(&t.db.pool)
        .await
        .unwrap();
    assert!(!record.contains("90000000") && !record.contains("85000000"));
    assert_eq!(
        count(t, "SELECT COUNT(*) FROM audit_log WHERE after_json LIKE '%85000000%' OR after_json LIKE '%87000000%'").await,
        0
    );

    // The opening waits for the deadline in force (the clarified one).
    let e = store
        .open_bids(&center, p, at("2026-03-23T10:00"))
        .await
        .unwrap_err();
    assert_eq!(field(&e), vec!["deadline"]);
    // After the deadline no bid is accepted, withdrawn or replaced.
    let late = store
        .submit_bid(&s[3], p, &bid("800,000"), deadline)
        .await
        .unwrap_err();
    assert_eq!(field(&late), vec!["deadline"]);
    assert!(store.withdraw_bid(&s[0], b0, deadline + 1).await.is_err());
    let opened_at = deadline + 600;
    store.open_bids(&center, p, opened_at).await.unwrap();
    common::qualify_all(t, &store, &center, p, opened_at + 60).await;
    let v = store.project_view(Some(&tn), p, opened_at).await.unwrap();
    // The withdrawn bid was never opened: its receipt, not its supplier or price.
    assert_eq!(v.bids.len(), 4, "withdrawn one shown with its receipt");
    assert_eq!(v.bids.iter().filter(|b| b.price.is_some()).count(), 3);
    let own = store.own_bids(&s[0], opened_at).await.unwrap();
    assert_eq!(own[0].price, Some(shared::money::Fen(90_000_000)));
    check_matrix(
        &store,
        t,
        p,
        opened_at,
        Stage::AfterOpening,
        &lookers!(&obtainer => DocumentObtainer, &s[0] => Bidder, &s[3] => Bidder),
        &mut cases,
    )
    .await;

    // An expert employed by the purchaser is in the library but never drawn.
    let conflicted = store
        .insert_expert(
            &NewExpert {
                name: "冲突专家".into(),
                specialties: vec!["A02".into()],
                jurisdiction_code: "320402".into(),
                employer_id: tn.organisation_id,
                employer_name: "常州市天宁区教育局".into(),
                legal: false,
                user_id: None,
            },
            t0,
        )
        .await
        .unwrap();
    let draw_id = store
        .draw_panel(&center, p, 42, opened_at + 600)
        .await
        .unwrap()
        .id;
    assert!(
        store.verify_draw(p).await.unwrap(),
        "the draw is reproducible from its seed"
    );
    let draw: String = sqlx::query_scalar("SELECT draw_json FROM panel_draws WHERE id = $1")
        .bind(draw_id)
        .fetch_one(&t.db.pool)
        .await
        .unwrap();
    let draw: shared::panel::Draw = serde_json::from_str(&draw).unwrap();
    assert_eq!(draw.seed, 42);
    assert!(!draw.panel.contains(&conflicted.to_string()));
    assert!(draw
        .excluded
        .iter()
        .any(|x| x.expert_id == conflicted.to_string()));
    // Give the drawn experts and reserves accounts.
    let mut experts = Vec::new();
    for (i, e) in draw.panel.iter().chain(draw.reserves.iter()).enumerate() {
        let u = user(&store, t, &format!("expert{i}"), Role::Expert, None).await;
        sqlx::query("UPDATE experts SET user_id = $1 WHERE id = $2")
            .bind(u.user_id)
            .bind(e.parse::<i64>().unwrap())
            .execute(&t.db.pool)
            .await
            .unwrap();
        experts.push(u);
    }
    let members = draw.panel.len();
    check_matrix(
        &store,
        t,
        p,
        opened_at + 1200,
        Stage::Evaluation,
        &lookers!(
            &obtainer => DocumentObtainer,
            &s[0] => Bidder,
            &experts[0] => UndeclaredMember,
            &experts[members] => ReserveExpert,
        ),
        &mut cases,
    )
    .await;
    // A reserve sees neither the bidders nor the bids of the panel (issue 14 point 7).
    let reserve_seat = store
        .panel_seats(&experts[members], opened_at + 1200)
        .await
        .unwrap();
    assert!(reserve_seat
        .iter()
        .all(|s| s.bidders.is_empty() && s.bids.is_empty()));
    let member_seat = store
        .panel_seats(&experts[1], opened_at + 1200)
        .await
        .unwrap();
    assert!(member_seat.iter().all(|s| !s.bidders.is_empty()));
    // zj (not on this panel, or on it: the first library expert) sees only its own panels.
    let zj = principal(t, "zj000").await;
    let zj_seats = store.panel_seats(&zj, opened_at).await.unwrap();
    assert!(
        zj_seats.iter().all(|s| s.project_id != p)
            || draw.panel.iter().chain(&draw.reserves).any(|e| e == "1")
    );
    // Before declaring: no bids, no scoring.
    let seat = store
        .panel_seats(&experts[0], opened_at + 1200)
        .await
        .unwrap();
    assert_eq!(seat.len(), 1);
    assert_eq!(seat[0].gate, shared::panel::ExpertGate::MustDeclare);
    assert!(seat[0].bids.is_empty());
    let e = store
        .submit_score(&experts[0], p, &sheet(b0, "30"), opened_at + 1200)
        .await
        .unwrap_err();
    assert_eq!(field(&e), vec!["step"]);
    // A reserve is not on the panel yet.
    assert!(matches!(
        store
            .submit_score(&experts[members], p, &sheet(b0, "30"), opened_at + 1200)
            .await,
        Err(StoreError::Rejected(_)) | Err(StoreError::NotFound)
    ));
    // The first expert declares a conflict with bidder 0: recused, the first reserve sits.
    store
        .declare(&experts[0], p, &[small[0].to_string()], opened_at + 1300)
        .await
        .unwrap();
    let mut panel: Vec<&Principal> = experts[1..members].iter().collect();
    panel.push(&experts[members]);
    for e in &panel {
        store.declare(e, p, &[], opened_at + 1400).await.unwrap();
    }
    let seat = store.panel_seats(panel[0], opened_at + 1500).await.unwrap();
    assert_eq!(seat[0].gate, shared::panel::ExpertGate::MayScore);
    assert_eq!(seat[0].bids.len(), 3);
    assert!(seat[0].bids.iter().all(|b| b.price.is_some()));
    // The server checks the sheet again: over the maximum, refused per field.
    let e = store
        .submit_score(panel[0], p, &sheet(b0, "45"), opened_at + 1600)
        .await
        .unwrap_err();
    assert_eq!(field(&e), vec!["scores.c1"]);
    // Scores: bidder 1 (cheapest) best; the last expert deviates on bidder 2.
    let last = panel.len() - 1;
    for (i, e) in panel.iter().enumerate() {
        for (b, c1) in [
            (b0, "30"),
            (b1, "35"),
            (b2, if i == last { "2" } else { "32" }),
        ] {
            store
                .submit_score(e, p, &sheet(b, c1), opened_at + 1700)
                .await
                .unwrap_or_else(|err| panic!("{err:?}"));
        }
    }
    store
        .deliver_report(&center, p, opened_at + 4000)
        .await
        .unwrap();
    assert!(findings_of(t, p, "project.report")
        .await
        .contains(&"A20".to_owned()));
    let v = store
        .project_view(Some(&tn), p, opened_at + 4000)
        .await
        .unwrap();
    let ranking = v.record.reports.last().unwrap().ranking.clone();
    assert_eq!(ranking[0], small[1].to_string());

    // The award follows the ranking unless a reason is recorded.
    let confirm_at = opened_at + DAY;
    let e = store
        .confirm_award(
            &tn,
            p,
            &shared::execution::Confirmation {
                supplier: shared::execution::Invitee::Id(small[2]),
                deviation_reason: None,
                amount: None,
                lot: None,
            },
            confirm_at,
        )
        .await
        .unwrap_err();
    assert_eq!(field(&e), vec!["deviation_reason"]);
    store
        .confirm_award(
            &tn,
            p,
            &shared::execution::Confirmation {
                supplier: shared::execution::Invitee::Id(small[1]),
                deviation_reason: None,
                amount: None,
                lot: None,
            },
            confirm_at,
        )
        .await
        .unwrap();
    check_matrix(
        &store,
        t,
        p,
        confirm_at + 60,
        Stage::Evaluation,
        &lookers!(&obtainer => DocumentObtainer, &s[1] => Bidder, &experts[1] => PanelMember),
        &mut cases,
    )
    .await;
    store
        .send_result_notice(&center, p, confirm_at + 3600)
        .await
        .unwrap();
    check_matrix(
        &store,
        t,
        p,
        confirm_at + 3700,
        Stage::AfterResult,
        &lookers!(
            &obtainer => DocumentObtainer,
            &s[0] => Bidder,
            &s[1] => Bidder,
            &experts[1] => PanelMember,
            &experts[members] => PanelMember,
        ),
        &mut cases,
    )
    .await;

    // A challenge that may affect the result blocks the contract until answered.
    let ch = store
        .file_challenge(
            &s[2],
            p,
            &shared::execution::ChallengeFiling {
                kind: ChallengeKind::Challenge,
                subject: shared::disclosure::ChallengeSubject::Result,
                text: "评分不公".to_owned(),
                affects_result: true,
            },
            confirm_at + 2 * DAY,
        )
        .await
        .unwrap()
        .id;
    let due: String = sqlx::query_scalar("SELECT due_on FROM challenges WHERE id = $1")
        .bind(ch)
        .fetch_one(&t.db.pool)
        .await
        .unwrap();
    assert!(due.as_str() > "2026-03-30", "{due}");
    let sign_at = confirm_at + 5 * DAY;
    let e = store
        .sign_contract(&tn, p, None, Fen(85_000_000), 30, sign_at)
        .await
        .unwrap_err();
    assert_eq!(field(&e), vec!["challenge"]);
    assert_eq!(node_of(t, p).await, Some(Node::ReportAward));
    store
        .answer_challenge(&center, ch, "经复核，评分无误", sign_at + 60)
        .await
        .unwrap();
    // The contract must match the award.
    let e = store
        .sign_contract(&tn, p, None, Fen(88_000_000), 30, sign_at + 120)
        .await
        .unwrap_err();
    assert_eq!(field(&e), vec!["amount"]);
    store
        .sign_contract(&tn, p, None, Fen(85_000_000), 30, sign_at + 120)
        .await
        .unwrap();
    assert_eq!(node_of(t, p).await, Some(Node::Contract));
    check_matrix(
        &store,
        t,
        p,
        sign_at + 180,
        Stage::AfterContract,
        &lookers!(
            &obtainer => DocumentObtainer,
            &s[1] => Bidder,
            &s[2] => Bidder,
            &experts[1] => PanelMember,
            &experts[0] => ReserveExpert,
        ),
        &mut cases,
    )
    .await;
    println!("disclosure matrix: {cases} viewer × stage cases checked");
    // An add-on of 15 % is flagged (A05).
    store
        .amend_contract(
            &tn,
            p,
            None,
            Fen(12_750_000),
            "追加同型号服务器",
            sign_at + 10 * DAY,
        )
        .await
        .unwrap();
    assert!(findings_of(t, p, "project.amend")
        .await
        .contains(&"A05".to_owned()));
    // Acceptance, then a payment 60 days later to a small supplier: late (A11).
    let accepted = sign_at + 30 * DAY;
    store.accept(&tn, p, None, true, accepted).await.unwrap();
    store
        .pay(&tn, p, None, Fen(85_000_000), true, accepted + 60 * DAY)
        .await
        .unwrap();
    let paid = findings_of(t, p, "project.pay").await;
    assert!(paid.contains(&"A11".to_owned()), "{paid:?}");
    assert_eq!(node_of(t, p).await, Some(Node::Performance));
}
on_both_databases!(a_public_tender_runs_from_the_plan_to_the_payment);

async fn the_demo_library_ties_zj_to_an_expert(t: &TestDb) {
    let store = t.store();
    demo::load(&store).await.unwrap();
    assert_eq!(
        count(t, "SELECT COUNT(*) FROM experts").await,
        demo::DEMO_EXPERTS as i64
    );
    assert_eq!(
        count(t, "SELECT COUNT(*) FROM experts e JOIN users u ON u.id = e.user_id WHERE u.username = 'zj000'").await,
        1
    );
    let zj = principal(t, "zj000").await;
    assert!(store
        .panel_seats(&zj, at("2026-03-01T09:00"))
        .await
        .unwrap()
        .is_empty());
}
on_both_databases!(the_demo_library_ties_zj_to_an_expert);

/// Issue 16 point 2: a deadline that runs into a year whose holiday arrangement is not published
/// yet is computed on the provisional calendar (statutory days, early) instead of refusing the
/// step. A supplier's challenge of 2026-12-24 (Thu): its answer is due within 7 working days,
/// which run into January 2027.
async fn a_challenge_across_the_year_end_gets_a_provisional_due_date(t: &TestDb) {
    let store = t.store();
    demo::load(&store).await.unwrap();
    let tn = principal(t, "tnjyj").await;
    let center = principal(t, "cgzx").await;
    let plan = released_plan(
        &store,
        &tn,
        "X-public-tender",
        "教学服务器采购",
        "public_tender",
        "1,000,000",
    )
    .await;
    let t0 = at("2026-12-14T09:00");
    let p = store
        .create_project(&tn, plan, center.organisation_id, t0)
        .await
        .unwrap()
        .id;
    let n = notice("2027-01-11 09:30")
        .parse(
            Method::PublicTender,
            Fen(100_000_000),
            Instant::from_unix_seconds(t0),
        )
        .unwrap();
    store.publish_notice(&center, p, &n, t0).await.unwrap();
    let id: i64 = sqlx::query_scalar("SELECT MIN(id) FROM suppliers")
        .fetch_one(&t.db.pool)
        .await
        .unwrap();
    let s = user(&store, t, "yearend", Role::Supplier, Some(id)).await;
    store
        .submit_bid(&s, p, &bid("900,000"), at("2026-12-22T10:00"))
        .await
        .unwrap();
    let ch = store
        .file_challenge(
            &s,
            p,
            &shared::execution::ChallengeFiling {
                kind: ChallengeKind::Challenge,
                subject: shared::disclosure::ChallengeSubject::Documents,
                text: "技术参数指向特定品牌".to_owned(),
                affects_result: false,
            },
            at("2026-12-24T10:00"),
        )
        .await
        .unwrap_or_else(|e| panic!("a challenge at the year end is taken: {e:?}"))
        .id;
    let due: String = sqlx::query_scalar("SELECT due_on FROM challenges WHERE id = $1")
        .bind(ch)
        .fetch_one(&t.db.pool)
        .await
        .unwrap();
    // Fri 25, Mon 28 – Thu 31, then 1 Jan off and the weekend that may become make-up days.
    assert_eq!(due, "2027-01-03");
    assert!(
        shared::calendar::provisional().is_provisional(shared::time::Date::parse(&due).unwrap())
    );
}
on_both_databases!(a_challenge_across_the_year_end_gets_a_provisional_due_date);

/// Issue 17 point 4: a private agency is on a list, not accredited (财库〔2018〕2号): without
/// complete list data (名录登记) it may not publish a notice or draw experts; a regulator of its
/// jurisdiction (or the system administrator, or its own unit administrator) records the data,
/// checked for completeness only, and the agency publishes.
async fn an_agency_publishes_once_its_list_data_is_complete(t: &TestDb) {
    let store = t.store();
    demo::load(&store).await.unwrap();
    let tn = principal(t, "tnjyj").await;
    let tn_reg = principal(t, "tnczj").await;
    let wj_reg = principal(t, "wjczj").await;
    let plan = released_plan(
        &store,
        &tn,
        "X-agency-list",
        "档案密集架采购",
        "public_tender",
        "1,000,000",
    )
    .await;
    let agency = store
        .create_organisation(
            None,
            "agency",
            "常州新名录招标代理有限公司",
            None,
            "320402",
            at("2026-01-02T09:00"),
        )
        .await
        .unwrap();
    store
        .create_staff(
            None,
            &server::accounts::StaffAccount {
                username: "xin.agent".into(),
                display_name: "新代理 项目经理".into(),
                role: Role::Agency,
                organisation_id: Some(agency),
                supplier_id: None,
                mobile: None,
                email: None,
                duty: None,
            },
            at("2026-01-02T09:00"),
        )
        .await
        .unwrap();
    let agent = principal(t, "xin.agent").await;
    let t0 = at("2026-03-02T09:00");
    let p = store
        .create_project(&tn, plan, Some(agency), t0)
        .await
        .unwrap()
        .id;
    let n = notice("2026-03-23 09:30")
        .parse(
            Method::PublicTender,
            Fen(100_000_000),
            Instant::from_unix_seconds(t0),
        )
        .unwrap();
    match store.publish_notice(&agent, p, &n, t0).await {
        Err(StoreError::Rejected(e)) => assert!(
            e.iter().any(|f| f
                .message(shared::i18n::Lang::Zh)
                .contains("名录登记信息不完整")),
            "{e:?}"
        ),
        other => panic!("expected the listing refusal, got {other:?}"),
    }
    let mut form = shared::agency::ListingForm {
        legal_rep: "钱立新".into(),
        address: "常州市天宁区红梅路18号".into(),
        phone: "0519-88776655".into(),
        full_time_staff: "3".into(),
        internal_rules: "1".into(),
        listed_on: "2025-11-20".into(),
    };
    // Too few staff: refused, nothing stored; another district's regulator: not its share.
    assert!(matches!(
        store.record_listing(Some(&tn_reg), agency, &form, t0).await,
        Err(StoreError::Rejected(_))
    ));
    form.full_time_staff = "6".into();
    assert!(matches!(
        store.record_listing(Some(&wj_reg), agency, &form, t0).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(
        count(
            t,
            "SELECT COUNT(*) FROM agency_listings WHERE full_time_staff = 3"
        )
        .await,
        0
    );
    store
        .record_listing(Some(&tn_reg), agency, &form, t0)
        .await
        .unwrap();
    store.publish_notice(&agent, p, &n, t0).await.unwrap();
    assert_eq!(
        count(
            t,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'agency.listing'"
        )
        .await,
        count(
            t,
            "SELECT COUNT(*) FROM organisations WHERE kind = 'agency'"
        )
        .await,
        "every demo agency's listing and this one were recorded through the step"
    );
}
on_both_databases!(an_agency_publishes_once_its_list_data_is_complete);
