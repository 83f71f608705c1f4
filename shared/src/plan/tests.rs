use super::*;
use crate::checks::testing::{at, ctx};
use crate::checks::{portfolio_checks, project_checks};

fn form(amount: &str, method: &str) -> PlanForm {
    PlanForm {
        budget_line_id: "7".into(),
        name: "服务器采购".into(),
        object_type: "goods".into(),
        category_code: "A02010104".into(),
        amount: amount.into(),
        method: method.into(),
        imports_wanted: String::new(),
        planned_date: "2026-05-10".into(),
    }
}

fn facts() -> PlanFacts {
    PlanFacts {
        plan_id: None,
        unit_id: 3,
        unit_name: "常州市天宁区教育局".into(),
        gov_level: GovLevel::CityCounty,
        jurisdiction_code: "320411".into(),
        line: LineFacts {
            id: 7,
            fiscal_year: 2026,
            approved: Fen::wan(600),
            adjusted: None,
            committed_elsewhere: Fen::ZERO,
        },
        others: Vec::new(),
        requests: Vec::new(),
        intention_published_at: None,
        filed_at: at("2026-03-02 09:00"),
        activity_starts_at: None,
    }
}

fn ids(f: &[PlanFinding]) -> Vec<&str> {
    f.iter().map(|f| f.check_id.as_str()).collect()
}

fn run(form: &PlanForm, facts: &PlanFacts) -> Vec<PlanFinding> {
    let plan = form.parse().expect("valid form");
    plan_checks(&plan, facts, &ctx("2026-03-02 09:00"))
}

#[test]
fn the_plan_check_lists_are_exactly_the_catalogues_checks_of_the_plan_nodes() {
    let at_nodes = |nodes: &[Node]| nodes.iter().any(|n| PLAN_NODES.contains(n));
    let mut want: Vec<&str> = project_checks()
        .iter()
        .map(|c| c.meta())
        .filter(|m| at_nodes(m.nodes))
        .map(|m| m.id)
        .collect();
    let mut have: Vec<&str> = PLAN_PROJECT_CHECKS.iter().map(|c| c.meta().id).collect();
    want.sort_unstable();
    have.sort_unstable();
    assert_eq!(have, want);
    let mut want: Vec<&str> = portfolio_checks()
        .iter()
        .map(|c| c.meta())
        .filter(|m| at_nodes(m.nodes))
        .map(|m| m.id)
        .collect();
    let mut have: Vec<&str> = PLAN_PORTFOLIO_CHECKS.iter().map(|c| c.meta().id).collect();
    want.sort_unstable();
    have.sort_unstable();
    assert_eq!(have, want);
}

#[test]
fn codes_match_the_json_names() {
    for m in Method::ALL {
        assert_eq!(serde_json::to_value(m).unwrap(), m.code());
        assert_eq!(Method::from_code(m.code()), Some(m));
    }
    for o in ObjectType::ALL {
        assert_eq!(serde_json::to_value(o).unwrap(), o.code());
    }
    for g in MethodGround::ALL {
        assert_eq!(serde_json::to_value(g).unwrap(), g.code());
        assert_eq!(MethodGround::from_code(g.code()), Some(g));
    }
}

#[test]
fn the_form_reports_every_field_at_once() {
    let e = PlanForm::default().parse().unwrap_err();
    let fields: Vec<&str> = e.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "budget_line_id",
            "name",
            "object_type",
            "category_code",
            "amount",
            "method",
            "planned_date"
        ]
    );
    let mut f = form("12.345", "framework_agreement");
    f.object_type = "services".into();
    let e = f.parse().unwrap_err();
    assert_eq!(e.for_field("amount").unwrap().code, "decimals");
    assert_eq!(e.for_field("method").unwrap().code, "unknown");
    assert_eq!(
        e.for_field("category_code").unwrap().zh,
        "品目A02010104属于货物，与采购对象不符"
    );
    assert_eq!(
        form("0", "single_source")
            .parse()
            .unwrap_err()
            .for_field("amount")
            .unwrap()
            .code,
        "not_positive"
    );
}

#[test]
fn a_parsed_plan_round_trips_through_json_and_deserialising_rechecks() {
    let plan = form("4,000,000", "competitive_consultation")
        .parse()
        .unwrap();
    let json = serde_json::to_string(&plan).unwrap();
    assert_eq!(serde_json::from_str::<NewPlan>(&json).unwrap(), plan);
    let bad = json.replace("4,000,000.00", "-1");
    assert!(serde_json::from_str::<NewPlan>(&bad).is_err());
}

#[test]
fn budget_line_form() {
    let ok = BudgetLineForm {
        code: "2026-0101".into(),
        name: "信息化建设".into(),
        fiscal_year: "2026".into(),
        approved_amount: "6,000,000".into(),
    }
    .parse()
    .unwrap();
    assert_eq!(ok.approved_amount(), Fen::wan(600));
    let e = BudgetLineForm {
        code: "编码".into(),
        fiscal_year: "1999".into(),
        ..BudgetLineForm::default()
    }
    .parse()
    .unwrap_err();
    let fields: Vec<&str> = e.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["code", "name", "fiscal_year", "approved_amount"]);
}

#[test]
fn p04_fires_at_the_threshold_and_not_one_fen_below() {
    let f = run(&form("4,000,000", "competitive_consultation"), &facts());
    assert_eq!(ids(&f), ["P04"]);
    assert_eq!(
        f[0].message_zh,
        "采购预算4,000,000.00元达到公开招标数额标准4,000,000.00元，采用竞争性磋商但无经批准的变更采购方式审批"
    );
    assert!(run(&form("3,999,999.99", "competitive_consultation"), &facts()).is_empty());
    assert!(run(&form("4,000,000", "public_tender"), &facts()).is_empty());
}

#[test]
fn an_approved_method_change_with_its_ground_clears_p04() {
    let mut facts = facts();
    facts.requests.push(RequestFacts {
        kind: ApprovalKind::MethodChange,
        to_method: Some(Method::CompetitiveConsultation),
        ground: Some(MethodGround::ConsultationComplex),
        submitted_at: at("2026-02-20 09:00"),
        decided_at: Some(at("2026-02-25 09:00")),
        approved: Some(true),
    });
    assert!(run(&form("4,000,000", "competitive_consultation"), &facts).is_empty());
}

#[test]
fn p01_over_budget_forbids_filing_and_p04_only_release() {
    let mut facts = facts();
    facts.line.committed_elsewhere = Fen::wan(300);
    let f = run(&form("3,000,000.01", "public_tender"), &facts);
    assert_eq!(ids(&f), ["P01"]);
    assert_eq!(refusals(&f, PlanStep::File).len(), 1);
    let f = run(
        &form("4,000,000", "competitive_negotiation"),
        &PlanFacts {
            line: LineFacts {
                approved: Fen::wan(800),
                ..facts.line.clone()
            },
            ..facts.clone()
        },
    );
    assert_eq!(ids(&f), ["P04"]);
    assert!(refusals(&f, PlanStep::File).is_empty());
    assert_eq!(refusals(&f, PlanStep::Release).len(), 1);
}

#[test]
fn imports_without_approval_flag_p09() {
    let mut f = form("100,000", "public_tender");
    f.imports_wanted = "on".into();
    assert_eq!(ids(&run(&f, &facts())), ["P09"]);
}

#[test]
fn splitting_across_the_year_flags_p11_and_near_threshold_p12() {
    let mut facts = facts();
    facts.others.push(OtherPlan {
        id: 41,
        budget_line_id: 7,
        line_adjusted: false,
        object_type: ObjectType::Goods,
        category_code: "A02010104".into(),
        amount: Fen::wan(380),
        method: Method::RequestForQuotation,
        planned_date: Date::new(2026, 3, 20).unwrap(),
        method_change_approved: false,
    });
    let f = run(&form("3,700,000", "competitive_negotiation"), &facts);
    assert_eq!(ids(&f), ["P11", "P12"]);
    // Another category is another group: nothing.
    let mut other = form("3,700,000", "competitive_negotiation");
    other.category_code = "A02010105".into();
    assert!(run(&other, &facts).is_empty());
}

#[test]
fn a_pending_method_change_is_missing_data_when_filing_but_a_flag_when_the_activity_starts() {
    let mut facts = facts();
    facts.requests.push(RequestFacts {
        kind: ApprovalKind::MethodChange,
        to_method: Some(Method::CompetitiveConsultation),
        ground: Some(MethodGround::ConsultationComplex),
        submitted_at: at("2026-02-20 09:00"),
        decided_at: None,
        approved: None,
    });
    let f = form("4,000,000", "competitive_consultation");
    assert!(run(&f, &facts).is_empty());
    facts.activity_starts_at = Some(at("2026-03-10 09:00"));
    let found = run(&f, &facts);
    assert!(ids(&found).contains(&"P04"), "{found:?}");
    assert!(!refusals(&found, PlanStep::Release).is_empty());
}

#[test]
fn single_source_above_the_threshold_needs_its_single_source_approval() {
    let mut facts = facts();
    facts.activity_starts_at = Some(at("2026-03-20 09:00"));
    let f = form("4,500,000", "single_source");
    assert!(ids(&run(&f, &facts)).contains(&"P04"));
    facts.requests.push(RequestFacts {
        kind: ApprovalKind::SingleSource,
        to_method: Some(Method::SingleSource),
        ground: Some(MethodGround::SingleOnlySupplier),
        submitted_at: at("2026-03-01 09:00"),
        decided_at: Some(at("2026-03-10 09:00")),
        approved: Some(true),
    });
    assert!(!ids(&run(&f, &facts)).contains(&"P04"));
}

#[test]
fn an_intention_needs_a_past_date_media_and_content() {
    let today = Date::new(2026, 3, 1).unwrap();
    let ok = IntentionForm {
        published_on: "2026-02-01".into(),
        media: "江苏政府采购网".into(),
        content: "采购需求概况：服务器20台；预算400万元；预计2026年4月采购".into(),
    }
    .parse(today)
    .unwrap();
    assert_eq!(ok.published_at(), at("2026-02-01 00:00"));
    let e = IntentionForm {
        published_on: "2026-03-02".into(),
        ..IntentionForm::default()
    }
    .parse(today)
    .unwrap_err();
    let fields: Vec<&str> = e.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["published_on", "media", "content"]);
    assert_eq!(e.for_field("published_on").unwrap().code, "future");
}
