//! Lots (分包, issue 15 point 9) on SQLite and PostgreSQL, through the store with a clock the test
//! moves: a public tender in two lots, each with its own bids (one in force per supplier and
//! lot, the lot's ceiling), its own ranking, award and contract; one result notice once both
//! lots have a winner; acceptance and payment per contract. The lots each step may act on are
//! what the project page offers (`ProjectView::lots_of`), and nothing else is taken.

mod common;

use app::service::StoreError;
use common::{principal, released_plan, TestDb};
use server::auth::NewUser;
use server::demo;
use server::store::Store;
use shared::access::{Principal, Role};
use shared::bidding::BidForm;
use shared::execution::{Confirmation, NoticeForm, ProjectStep, TerminateForm};
use shared::model::Method;
use shared::money::Fen;
use shared::time::Instant;
use shared::workflow::Node;

const DAY: i64 = 86_400;

fn at(s: &str) -> i64 {
    Instant::parse(s).unwrap().unix_seconds()
}

async fn supplier(store: &Store, t: &TestDb, name: &str, id: i64) -> Principal {
    store
        .create_user(
            &NewUser {
                username: name.into(),
                display_name: name.into(),
                role: Role::Supplier,
                organisation_id: None,
                supplier_id: Some(id),
                password: demo::DEMO_PASSWORD.into(),
            },
            at("2026-01-01T09:00"),
        )
        .await
        .unwrap();
    principal(t, name).await
}

fn bid(price: &str, lot: &str) -> shared::bidding::NewBid {
    BidForm {
        price: price.into(),
        validity_days: "90".into(),
        documents: vec!["投标文件.pdf".into()],
        lot: lot.into(),
    }
    .parse()
    .unwrap()
}

fn fields(e: &StoreError) -> Vec<String> {
    match e {
        StoreError::Rejected(f) => f.0.iter().map(|x| x.field.clone()).collect(),
        other => panic!("expected a field error, got {other:?}"),
    }
}

fn lot(s: &str) -> Option<String> {
    Some(s.to_owned())
}

async fn node_of(t: &TestDb, project: i64) -> Option<Node> {
    let state: String = sqlx::query_scalar("SELECT state_json FROM projects WHERE id = $1")
        .bind(project)
        .fetch_one(&t.db.pool)
        .await
        .unwrap();
    serde_json::from_str::<shared::workflow::ProcState>(&state)
        .unwrap()
        .node
}

async fn a_tender_in_two_lots_awards_and_contracts_each_lot(t: &TestDb) {
    let store = t.store();
    demo::load(&store).await.unwrap();
    let tn = principal(t, "tnjyj").await;
    let center = principal(t, "cgzx").await;
    let plan = released_plan(
        &store,
        &tn,
        "LOTS-1",
        "数据中心设备采购",
        "public_tender",
        "1,000,000",
    )
    .await;
    let t0 = at("2026-03-02T09:00");
    let p = store
        .create_project(&tn, plan, center.organisation_id, t0)
        .await
        .unwrap()
        .id;

    // The notice divides the project into two lots; their budgets may not exceed the project's.
    let mut form = NoticeForm {
        max_price: String::new(),
        deadline: "2026-03-23 09:30".into(),
        bid_security: String::new(),
        min_validity_days: "90".into(),
        scoring_method: "lowest_price".into(),
        price_points: String::new(),
        criteria: String::new(),
        media: String::new(),
        lots: "服务器|600,000|580,000\n存储设备|500,000".into(),
    };
    let now = Instant::from_unix_seconds(t0);
    let e = form
        .parse(Method::PublicTender, Fen(100_000_000), now)
        .unwrap_err();
    assert!(e.for_field("lots").is_some());
    form.lots = "服务器|600,000|580,000\n存储设备|400,000".into();
    let n = form
        .parse(Method::PublicTender, Fen(100_000_000), now)
        .unwrap();
    store.publish_notice(&center, p, &n, t0).await.unwrap();
    let v = store.project_view(Some(&tn), p, t0).await.unwrap();
    assert_eq!(v.record.lots.len(), 2);

    // Three suppliers bid in both lots: one bid in force per supplier and lot.
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM suppliers ORDER BY id LIMIT 3")
        .fetch_all(&t.db.pool)
        .await
        .unwrap();
    let mut s = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        s.push(supplier(&store, t, &format!("lotbidder{i}"), *id).await);
    }
    let v = store.project_view(Some(&s[0]), p, t0 + DAY).await.unwrap();
    assert_eq!(v.lots_of(ProjectStep::BidSubmit), vec![lot("1"), lot("2")]);
    // Over the lot's ceiling, or naming no lot: refused by field, nothing stored.
    let e = store
        .submit_bid(&s[0], p, &bid("590,000", "1"), t0 + DAY)
        .await
        .unwrap_err();
    assert_eq!(fields(&e), vec!["price"]);
    let e = store
        .submit_bid(&s[0], p, &bid("500,000", ""), t0 + DAY)
        .await
        .unwrap_err();
    assert_eq!(fields(&e), vec!["lot"]);
    let prices = [
        ("1", ["560,000", "540,000", "570,000"]),
        ("2", ["380,000", "390,000", "360,000"]),
    ];
    let mut first_bid = 0;
    for (l, ps) in prices {
        for (who, price) in s.iter().zip(ps) {
            let id = store
                .submit_bid(who, p, &bid(price, l), t0 + DAY)
                .await
                .unwrap_or_else(|e| panic!("lot {l}: {e:?}"))
                .id;
            if first_bid == 0 {
                first_bid = id;
            }
        }
    }
    // A second bid in a lot is refused; the page offers no lot left to bid in.
    let e = store
        .submit_bid(&s[0], p, &bid("550,000", "1"), t0 + DAY)
        .await
        .unwrap_err();
    assert!(fields(&e).contains(&"step".to_owned()), "{e:?}");
    let v = store.project_view(Some(&s[0]), p, t0 + DAY).await.unwrap();
    assert!(!v.actions.contains(&ProjectStep::BidSubmit));
    assert_eq!(v.lots_of(ProjectStep::BidReplace), vec![lot("1"), lot("2")]);
    // A replacement stays in the replaced bid's lot.
    let replaced = store
        .replace_bid(&s[0], first_bid, &bid("555,000", ""), t0 + 2 * DAY)
        .await
        .unwrap()
        .id;
    let lot_of: Option<String> = sqlx::query_scalar("SELECT lot_id FROM bids WHERE id = $1")
        .bind(replaced)
        .fetch_one(&t.db.pool)
        .await
        .unwrap();
    assert_eq!(lot_of, lot("1"));

    // The opening, the draw and one report per lot, each ranked among its own bids.
    let opened = at("2026-03-23T09:40");
    store.open_bids(&center, p, opened).await.unwrap();
    common::qualify_all(t, &store, &center, p, opened + 60).await;
    store
        .draw_panel(&center, p, 7, opened + 600)
        .await
        .unwrap_or_else(|e| panic!("draw: {e:?}"));
    store
        .deliver_report(&center, p, opened + 3600)
        .await
        .unwrap_or_else(|e| panic!("report: {e:?}"));
    let v = store
        .project_view(Some(&tn), p, opened + 3600)
        .await
        .unwrap();
    let ranking = |l: &str| {
        v.record
            .reports
            .iter()
            .find(|r| r.lot_id.as_deref() == Some(l))
            .map(|r| r.ranking.clone())
            .unwrap()
    };
    let ids_s: Vec<String> = ids.iter().map(i64::to_string).collect();
    assert_eq!(
        ranking("1"),
        [ids_s[1].clone(), ids_s[0].clone(), ids_s[2].clone()]
    );
    assert_eq!(
        ranking("2"),
        [ids_s[2].clone(), ids_s[0].clone(), ids_s[1].clone()]
    );
    assert_eq!(v.lots_of(ProjectStep::Confirm), vec![lot("1"), lot("2")]);

    // One winner per lot; the result notice waits for both.
    let confirm = |supplier_id: i64, l: &str| Confirmation {
        supplier: shared::execution::Invitee::Id(supplier_id),
        deviation_reason: None,
        amount: None,
        lot: lot(l),
    };
    let day = opened + DAY;
    // The winner of lot 2 is not lot 1's first-ranked.
    let e = store
        .confirm_award(&tn, p, &confirm(ids[2], "1"), day)
        .await
        .unwrap_err();
    assert_eq!(fields(&e), vec!["deviation_reason"]);
    store
        .confirm_award(&tn, p, &confirm(ids[1], "1"), day)
        .await
        .unwrap();
    let e = store
        .send_result_notice(&center, p, day + 60)
        .await
        .unwrap_err();
    assert_eq!(fields(&e), vec!["step"]);
    let e = store
        .confirm_award(&tn, p, &confirm(ids[1], "1"), day + 60)
        .await
        .unwrap_err();
    assert_eq!(fields(&e), vec!["lot"]);
    store
        .confirm_award(&tn, p, &confirm(ids[2], "2"), day + 120)
        .await
        .unwrap();
    store
        .send_result_notice(&center, p, day + 3600)
        .await
        .unwrap();
    let v = store.project_view(Some(&tn), p, day + 3600).await.unwrap();
    assert_eq!(v.record.awards.len(), 2);
    assert!(v.record.awards.iter().all(|a| a.notified_at.is_some()));
    assert_eq!(v.lots_of(ProjectStep::Contract), vec![lot("1"), lot("2")]);

    // A contract per lot, each matching its lot's award; the second takes no workflow event.
    let sign = day + 5 * DAY;
    let e = store
        .sign_contract(&tn, p, lot("2").as_deref(), Fen(54_000_000), 30, sign)
        .await
        .unwrap_err();
    assert_eq!(fields(&e), vec!["amount"]);
    store
        .sign_contract(&tn, p, lot("1").as_deref(), Fen(54_000_000), 30, sign)
        .await
        .unwrap();
    assert_eq!(node_of(t, p).await, Some(Node::Contract));
    let v = store.project_view(Some(&tn), p, sign + 60).await.unwrap();
    assert_eq!(v.lots_of(ProjectStep::Contract), vec![lot("2")]);
    store
        .sign_contract(&tn, p, lot("2").as_deref(), Fen(36_000_000), 30, sign + 60)
        .await
        .unwrap();
    let e = store
        .sign_contract(&tn, p, lot("1").as_deref(), Fen(54_000_000), 30, sign + 120)
        .await
        .unwrap_err();
    assert_eq!(fields(&e), vec!["step"]);
    let v = store.project_view(Some(&tn), p, sign + 120).await.unwrap();
    let contracts: Vec<(String, Option<String>)> = v
        .record
        .contracts
        .iter()
        .map(|c| (c.id.clone(), c.lot_id.clone()))
        .collect();
    assert_eq!(
        contracts,
        [(format!("{p}-1"), lot("1")), (format!("{p}-2"), lot("2"))]
    );

    // Acceptance and payment per contract.
    let accepted = sign + 20 * DAY;
    store
        .accept(&tn, p, lot("2").as_deref(), true, accepted)
        .await
        .unwrap();
    store
        .pay(
            &tn,
            p,
            lot("2").as_deref(),
            Fen(36_000_000),
            true,
            accepted + DAY,
        )
        .await
        .unwrap();
    let v = store
        .project_view(Some(&tn), p, accepted + DAY)
        .await
        .unwrap();
    assert_eq!(v.lots_of(ProjectStep::Pay), vec![lot("1")]);
    let e = store
        .pay(
            &tn,
            p,
            lot("2").as_deref(),
            Fen(1_00),
            false,
            accepted + DAY,
        )
        .await
        .unwrap_err();
    assert_eq!(fields(&e), vec!["lot"]);
    let payment = &v.record.payments[0];
    assert_eq!(
        payment.contract_id.as_deref(),
        Some(format!("{p}-2").as_str())
    );
    assert_eq!(payment.payee_id, ids_s[2]);
    assert_eq!(node_of(t, p).await, Some(Node::Performance));

    // The page offers what the store allows, per lot: the lots with their winners, lot 1's
    // acceptance and payment (lot 2 is paid in full) — and the form, as posted, is taken.
    let router = t.router();
    let token = common::session(&router, "tnjyj").await;
    let page = common::get_as(&router, &format!("/projects/{p}"), &token).await;
    assert!(page.body.contains("id=\"lots\""), "{}", page.body);
    assert!(page.body.contains("id=\"payment-form-1\""));
    assert!(!page.body.contains("id=\"payment-form-2\""));
    assert!(page.body.contains("id=\"acceptance-form-1\""));
    assert!(!page.body.contains("id=\"contract-form"));
    let r = common::post_form_as(
        &router,
        &format!("/projects/{p}/acceptance"),
        &[("result", "passed"), ("lot", "1")],
        &token,
    )
    .await;
    assert!(
        common::location(&r).contains("done="),
        "{} {}",
        r.status,
        r.body
    );
    // A lot the step may not act on is refused by its field, the form kept.
    let r = common::post_form_as(
        &router,
        &format!("/projects/{p}/payments"),
        &[("amount", "100"), ("lot", "2")],
        &token,
    )
    .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("data-field=\"lot\""), "{}", r.body);
}
on_both_databases!(a_tender_in_two_lots_awards_and_contracts_each_lot);

/// One lot fails alone (too few suppliers in it after the deadline): its securities come back at
/// once, the other lot is opened, ranked, awarded and contracted, and the result notice waits for
/// the live lot only.
async fn a_lot_with_too_few_bids_fails_alone_and_the_other_goes_on(t: &TestDb) {
    let store = t.store();
    demo::load(&store).await.unwrap();
    let tn = principal(t, "tnjyj").await;
    let center = principal(t, "cgzx").await;
    let plan = released_plan(
        &store,
        &tn,
        "LOTS-2",
        "数据中心设备采购",
        "public_tender",
        "1,000,000",
    )
    .await;
    let t0 = at("2026-03-02T09:00");
    let p = store
        .create_project(&tn, plan, center.organisation_id, t0)
        .await
        .unwrap()
        .id;
    let n = NoticeForm {
        deadline: "2026-03-23 09:30".into(),
        min_validity_days: "90".into(),
        scoring_method: "lowest_price".into(),
        lots: "服务器|600,000\n存储设备|400,000".into(),
        bid_security: "10,000".into(),
        ..NoticeForm::default()
    }
    .parse(
        Method::PublicTender,
        Fen(100_000_000),
        Instant::from_unix_seconds(t0),
    )
    .unwrap();
    store.publish_notice(&center, p, &n, t0).await.unwrap();
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM suppliers ORDER BY id LIMIT 3")
        .fetch_all(&t.db.pool)
        .await
        .unwrap();
    let mut lot2_bid = 0;
    for (i, id) in ids.iter().enumerate() {
        let who = supplier(&store, t, &format!("failbidder{i}"), *id).await;
        store
            .submit_bid(&who, p, &bid(&format!("5{i}0,000"), "1"), t0 + DAY)
            .await
            .unwrap();
        if i < 2 {
            lot2_bid = store
                .submit_bid(&who, p, &bid("350,000", "2"), t0 + DAY)
                .await
                .unwrap()
                .id;
        }
    }
    // After the deadline: lot 2 has two bids, so nothing is opened.
    let after = at("2026-03-23T09:40");
    let e = store.open_bids(&center, p, after).await.unwrap_err();
    assert_eq!(fields(&e), vec!["deadline"]);
    let v = store.project_view(Some(&center), p, after).await.unwrap();
    assert_eq!(v.lots_to_fail, vec![lot("1"), lot("2")]);
    // Lot 1 has three bids: too few suppliers is not its ground.
    let fail = |l: &str| {
        TerminateForm {
            ground: "too_few_suppliers".into(),
            reason: "该包投标人不足三家".into(),
            lot: l.into(),
        }
        .parse()
        .unwrap()
    };
    let e = store
        .terminate(&center, p, &fail("1"), after)
        .await
        .unwrap_err();
    assert_eq!(fields(&e), vec!["ground"]);
    store
        .terminate(&center, p, &fail("2"), after + 60)
        .await
        .unwrap();
    assert_eq!(node_of(t, p).await, Some(Node::DocumentIssue));
    let v = store.project_view(Some(&tn), p, after + 60).await.unwrap();
    let failed = v.record.lots[1].failed.as_ref().unwrap();
    assert_eq!(failed.reason, "该包投标人不足三家");
    assert!(
        v.lots_to_fail.is_empty(),
        "the last live lot fails only with the whole"
    );
    // Lot 2's securities come back now; lot 1's after the award notice.
    store
        .refund_security(&center, lot2_bid, after + 120)
        .await
        .unwrap();
    let lot1_bid: i64 =
        sqlx::query_scalar("SELECT MIN(id) FROM bids WHERE project_id = $1 AND lot_id = '1'")
            .bind(p)
            .fetch_one(&t.db.pool)
            .await
            .unwrap();
    let e = store
        .refund_security(&center, lot1_bid, after + 120)
        .await
        .unwrap_err();
    assert_eq!(fields(&e), vec!["step"]);
    // Lot 1 goes on alone: opened, ranked, awarded; the result notice needs only its winner.
    store.open_bids(&center, p, after + 180).await.unwrap();
    common::qualify_all(t, &store, &center, p, after + 240).await;
    store.draw_panel(&center, p, 11, after + 600).await.unwrap();
    store
        .deliver_report(&center, p, after + 3600)
        .await
        .unwrap();
    let v = store
        .project_view(Some(&tn), p, after + 3600)
        .await
        .unwrap();
    assert_eq!(v.record.reports.len(), 1);
    assert_eq!(v.record.reports[0].lot_id, lot("1"));
    assert_eq!(v.lots_of(ProjectStep::Confirm), vec![lot("1")]);
    store
        .confirm_award(
            &tn,
            p,
            &Confirmation {
                supplier: shared::execution::Invitee::Id(ids[0]),
                deviation_reason: None,
                amount: None,
                lot: lot("1"),
            },
            after + DAY,
        )
        .await
        .unwrap();
    store
        .send_result_notice(&center, p, after + DAY + 60)
        .await
        .unwrap();
    store
        .refund_security(&center, lot1_bid, after + DAY + 120)
        .await
        .unwrap();
    store
        .sign_contract(
            &tn,
            p,
            lot("1").as_deref(),
            Fen(50_000_000),
            30,
            after + 3 * DAY,
        )
        .await
        .unwrap();
    let v = store
        .project_view(Some(&tn), p, after + 3 * DAY)
        .await
        .unwrap();
    assert!(v.lots_of(ProjectStep::Contract).is_empty());
    assert_eq!(node_of(t, p).await, Some(Node::Contract));
}
on_both_databases!(a_lot_with_too_few_bids_fails_alone_and_the_other_goes_on);
