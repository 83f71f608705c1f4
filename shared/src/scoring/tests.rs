use super::*;
use crate::model::MemberSource;

fn item(id: &str, max: i64, subjective: bool) -> Criterion {
    Criterion {
        id: id.to_owned(),
        name: format!("因素{id}"),
        max_hundredths: max * 100,
        subjective,
    }
}

/// Technical 40 (subjective), service 30 (objective), price 30.
fn scheme() -> ScoringScheme {
    ScoringScheme::new(
        vec![item("tech", 40, true), item("service", 30, false)],
        Some(PriceCriterion {
            id: "price".into(),
            max_hundredths: 3000,
            formula: PriceFormula::LowestBase,
        }),
        2,
    )
    .unwrap()
}

#[test]
fn a_scheme_adds_up_to_100_points() {
    let s = scheme();
    assert_eq!(s.price_weight_permille(), Some(300));
    assert_eq!(s.model_scoring().price_weight_permille, Some(300));
    let e = ScoringScheme::new(vec![item("a", 50, true)], None, 2).unwrap_err();
    assert_eq!(e, SchemeError::TotalNot100 { total: 5000 });
    assert_eq!(e.message(Lang::Zh), "各评审因素分值合计50分，应为100分");
    assert_eq!(
        ScoringScheme::new(vec![item("a", 50, true), item("a", 50, true)], None, 2),
        Err(SchemeError::DuplicateId { id: "a".into() })
    );
    assert_eq!(
        ScoringScheme::new(vec![item("a", 100, true), item("b", 0, true)], None, 2),
        Err(SchemeError::NonPositiveMax { id: "b".into() })
    );
    assert_eq!(ScoringScheme::new(vec![], None, 2), Err(SchemeError::Empty));
    assert_eq!(
        ScoringScheme::new(vec![item("a", 100, true)], None, 3),
        Err(SchemeError::Decimals)
    );
    assert!(ScoringScheme::new(vec![item("a", 100, true)], None, 0).is_ok());
}

fn pi(id: &str, yuan: i64, small: bool) -> PriceInput {
    PriceInput {
        bid_id: id.into(),
        price: Fen::yuan(yuan),
        small_micro: small,
    }
}

#[test]
fn price_score_low_price_base() {
    let s = scheme();
    // 30 × 800,000 / 900,000 = 26.666… → 26.67; 30 × 800/1200 = 20.
    let scores = s.price_scores(
        &[
            pi("B1", 900_000, false),
            pi("B2", 800_000, false),
            pi("B3", 1_200_000, false),
        ],
        None,
    );
    assert_eq!(scores["B1"], 2667);
    assert_eq!(scores["B2"], 3000);
    assert_eq!(scores["B3"], 2000);
    // Half up: 30 × 2 / 3.2 (=18.75 exactly); 30 × 100/600 = 5.
    let s2 = s.price_scores(
        &[pi("X", 32, false), pi("Y", 20, false), pi("Z", 120, false)],
        None,
    );
    assert_eq!(s2["X"], 1875);
    assert_eq!(s2["Z"], 500);
    // 30 × 1/8 = 3.75; 30 × 1 / 7 = 4.2857 → 4.29 (rounded), 30 × 1/9 = 3.333 → 3.33.
    let s3 = s.price_scores(
        &[pi("a", 1, false), pi("b", 7, false), pi("c", 9, false)],
        None,
    );
    assert_eq!((s3["b"], s3["c"]), (429, 333));
    // A small enterprise's price less 10 % becomes the base: 900,000 × 0.9 = 810,000.
    let sme = s.price_scores(
        &[pi("B1", 900_000, true), pi("B2", 850_000, false)],
        Some(100),
    );
    assert_eq!(sme["B1"], 3000);
    assert_eq!(sme["B2"], 2859); // 30 × 810/850 = 28.588 → 28.59
    assert_eq!(evaluated_price(Fen(999), true, Some(100)), Fen(899)); // rounded down
    assert_eq!(evaluated_price(Fen(999), false, Some(100)), Fen(999));
    // No price item → nothing.
    let no_price = ScoringScheme::new(vec![item("a", 100, true)], None, 2).unwrap();
    assert!(no_price.price_scores(&[pi("a", 1, false)], None).is_empty());
    // Zero prices are ignored.
    assert!(s.price_scores(&[pi("a", 0, false)], None).is_empty());
}

fn form(bid: &str, scores: &[(&str, &str)], comments: &[(&str, &str)]) -> ScoreSheetForm {
    ScoreSheetForm {
        bid_id: bid.into(),
        scores: scores
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
        comments: comments
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
    }
}

#[test]
fn a_valid_sheet_and_its_total() {
    let s = scheme();
    let f = form("B1", &[("tech", "35.5"), ("service", " 30 ")], &[]);
    let v = f.parse(&s, Some(2667)).unwrap();
    assert_eq!(v.total_hundredths(), 3550 + 3000 + 2667);
    assert_eq!(
        v.items(),
        [
            ("tech".to_owned(), 3550),
            ("service".to_owned(), 3000),
            ("price".to_owned(), 2667)
        ]
    );
    let m = v.to_model(&s, "E1");
    assert_eq!(m.total_hundredths, 9217);
    assert_eq!(m.items[0].max_hundredths, Some(4000));
    assert_eq!(m.items[0].subjective, Some(true));
    assert_eq!(m.items[2].max_hundredths, Some(3000));
    assert_eq!(f.running_total(&s, Some(2667)), 9217);
}

#[test]
fn each_score_in_range_with_the_allowed_decimals() {
    let s = scheme();
    let codes = |f: &ScoreSheetForm, sch: &ScoringScheme| -> Vec<(String, String)> {
        match f.parse(sch, Some(3000)) {
            Ok(_) => vec![],
            Err(e) => e
                .iter()
                .map(|x| (x.field.clone(), x.code.clone()))
                .collect(),
        }
    };
    let pair = |f: &str, c: &str| (f.to_owned(), c.to_owned());
    // Boundary: 40 passes, 40.01 fails; 0 with a comment passes.
    assert!(codes(&form("B", &[("tech", "39.99"), ("service", "30")], &[]), &s).is_empty());
    assert_eq!(
        codes(&form("B", &[("tech", "40.01"), ("service", "-1")], &[]), &s),
        [
            pair("scores.tech", "above_max"),
            pair("scores.service", "not_a_number")
        ]
    );
    assert_eq!(
        codes(
            &form("B", &[("tech", "1.234"), ("service", "abc")], &[]),
            &s
        ),
        [
            pair("scores.tech", "decimals"),
            pair("scores.service", "not_a_number")
        ]
    );
    assert_eq!(
        codes(&form("", &[("tech", "1."), ("bogus", "3")], &[]), &s),
        [
            pair("bid_id", "required"),
            pair("scores.tech", "not_a_number"),
            pair("scores.service", "required"),
            pair("scores.bogus", "unknown_item"),
        ]
    );
    // Trailing zeros do not count as decimals.
    let one = ScoringScheme::new(vec![item("a", 100, false)], None, 1).unwrap();
    assert!(codes(&form("B", &[("a", "12.50")], &[]), &one).is_empty());
    assert_eq!(
        codes(&form("B", &[("a", "12.25")], &[]), &one),
        [pair("scores.a", "decimals")]
    );
    let whole = ScoringScheme::new(vec![item("a", 100, false)], None, 0).unwrap();
    assert_eq!(
        codes(&form("B", &[("a", "12.5")], &[]), &whole),
        [pair("scores.a", "decimals")]
    );
    // The price is computed: typing it is an error, and it must be known.
    let e = form(
        "B",
        &[("tech", "20"), ("service", "20"), ("price", "30")],
        &[],
    )
    .parse(&s, None)
    .unwrap_err();
    let got: Vec<(&str, &str)> = e
        .iter()
        .map(|x| (x.field.as_str(), x.code.as_str()))
        .collect();
    assert_eq!(
        got,
        [("scores.price", "computed"), ("price", "price_unknown")]
    );
    let e = form("B", &[("tech", "20"), ("service", "20")], &[])
        .parse(&s, Some(3001))
        .unwrap_err();
    assert_eq!(e.for_field("price").unwrap().code, "price_unknown");
    let msg = form("B", &[("tech", "41"), ("service", "1")], &[])
        .parse(&s, Some(1))
        .unwrap_err();
    assert_eq!(
        msg.for_field("scores.tech").unwrap().zh,
        "“因素tech”最高40分"
    );
    assert_eq!(
        msg.for_field("scores.tech").unwrap().en,
        "“因素tech” scores at most 40"
    );
}

#[test]
fn extreme_scores_need_a_comment() {
    let s = scheme();
    let codes = |f: ScoreSheetForm| -> Vec<(String, String)> {
        match f.parse(&s, Some(3000)) {
            Ok(_) => vec![],
            Err(e) => e
                .iter()
                .map(|x| (x.field.clone(), x.code.clone()))
                .collect(),
        }
    };
    let pair = |f: &str, c: &str| (f.to_owned(), c.to_owned());
    // Subjective at max and objective at 0: both need a reason.
    assert_eq!(
        codes(form("B", &[("tech", "40"), ("service", "0")], &[])),
        [
            pair("comments.tech", "comment_required"),
            pair("comments.service", "comment_required")
        ]
    );
    // Subjective at 0 too; a short comment is not enough.
    assert_eq!(
        codes(form(
            "B",
            &[("tech", "0"), ("service", "10")],
            &[("tech", "不好")]
        )),
        [pair("comments.tech", "comment_too_short")]
    );
    // Objective at its maximum needs none; a subjective 39.99 needs none.
    assert!(codes(form("B", &[("tech", "39.99"), ("service", "30")], &[])).is_empty());
    let ok = form(
        "B",
        &[("tech", "40"), ("service", "0")],
        &[
            ("tech", "方案完整、可行性强"),
            ("service", "未提供售后承诺函"),
        ],
    )
    .parse(&s, Some(3000))
    .unwrap();
    assert_eq!(ok.comments().len(), 2);
    let e = form("B", &[("tech", "40"), ("service", "5")], &[])
        .parse(&s, Some(3000))
        .unwrap_err();
    assert_eq!(
        e.for_field("comments.tech").unwrap().zh,
        "给出40分须说明理由（至少5个字）"
    );
    let long = "长".repeat(COMMENT_MAX_CHARS + 1);
    assert_eq!(
        codes(form(
            "B",
            &[("tech", "20"), ("service", "5")],
            &[("tech", &long)]
        )),
        [pair("comments.tech", "too_long")]
    );
}

#[test]
fn running_total_counts_what_is_valid() {
    let s = scheme();
    let f = form("B", &[("tech", "35"), ("service", "abc")], &[]);
    assert_eq!(f.running_total(&s, None), 3500);
    assert_eq!(f.running_total(&s, Some(2000)), 5500);
    assert_eq!(f.running_total(&s, Some(99_999)), 3500);
}

fn sheet(person: &str, bid: &str, total: i64, price: i64) -> ScoreSheet {
    ScoreSheet {
        person_id: person.into(),
        bid_id: bid.into(),
        total_hundredths: total,
        items: vec![ItemScore {
            item: "price".into(),
            score_hundredths: price,
            max_hundredths: Some(3000),
            subjective: Some(false),
        }],
    }
}

fn ri(bid: &str, supplier: &str, yuan: i64) -> RankInput {
    RankInput {
        bid_id: bid.into(),
        supplier_id: supplier.into(),
        price: Fen::yuan(yuan),
    }
}

#[test]
fn ranking_by_mean_then_price_then_technical() {
    let bids = [
        ri("B1", "S1", 900),
        ri("B2", "S2", 800),
        ri("B3", "S3", 800),
        ri("B4", "S4", 700),
        ri("B5", "S5", 800),
    ];
    let sheets = [
        // B1 mean 90.
        sheet("E1", "B1", 9000, 2000),
        sheet("E2", "B1", 9000, 2000),
        // B2 mean 85, price 800, technical 85 − 25 = 60.
        sheet("E1", "B2", 8500, 2500),
        sheet("E2", "B2", 8500, 2500),
        // B3 mean 85, price 800, technical 85 − 20 = 65 → before B2.
        sheet("E1", "B3", 8600, 2000),
        sheet("E2", "B3", 8400, 2000),
        // B4 mean 85, price 700 → before B3 and B2.
        sheet("E1", "B4", 8500, 3000),
        sheet("E2", "B4", 8500, 3000),
        // B5 = B2 in everything → tied with B2.
        sheet("E1", "B5", 8500, 2500),
        sheet("E2", "B5", 8500, 2500),
        // A sheet of an unknown bid is ignored.
        sheet("E1", "BX", 10_000, 0),
    ];
    let r = rank(&bids, &sheets, Some("price"));
    let order: Vec<(&str, u32)> = r
        .ranked
        .iter()
        .map(|x| (x.bid_id.as_str(), x.rank))
        .collect();
    assert_eq!(
        order,
        [("B1", 1), ("B4", 2), ("B3", 3), ("B2", 4), ("B5", 4)]
    );
    assert_eq!(r.ranked[2].technical_mean_hundredths, 6500);
    assert_eq!(r.supplier_ids(), ["S1", "S4", "S3", "S2", "S5"]);
    assert!(r.unscored.is_empty());
    let report = draft_report(Some("L1"), &r);
    assert_eq!(report.ranking.first().map(String::as_str), Some("S1"));
    assert_eq!(report.version, 1);
}

#[test]
fn the_mean_is_exact_and_unscored_bids_are_listed() {
    // B1: (9000 + 9001 + 9001)/3 = 9000.67; B2: (9001 + 9001)/2 = 9001 → B2 first.
    let bids = [ri("B1", "S1", 100), ri("B2", "S2", 100), ri("B3", "S3", 50)];
    let sheets = [
        sheet("E1", "B1", 9000, 0),
        sheet("E2", "B1", 9001, 0),
        sheet("E3", "B1", 9001, 0),
        sheet("E1", "B2", 9001, 0),
        sheet("E2", "B2", 9001, 0),
    ];
    let r = rank(&bids, &sheets, None);
    assert_eq!(r.ranked[0].bid_id, "B2");
    assert_eq!(r.ranked[1].mean_hundredths, 9001); // 9000.67 rounds to 9001 for display
    assert_eq!(r.unscored, ["B3"]);
    // 1/3 vs 1/3 with other counts is a tie by score, then price.
    let r = rank_by_price(&[ri("A", "S1", 5), ri("B", "S2", 3), ri("C", "S3", 5)]);
    let order: Vec<(&str, u32)> = r
        .ranked
        .iter()
        .map(|x| (x.bid_id.as_str(), x.rank))
        .collect();
    assert_eq!(order, [("B", 1), ("A", 2), ("C", 2)]);
}

#[test]
fn deviating_scores_against_the_median() {
    // Totals for B1: 80, 82, 84, 95 → median 83; 95 is 12 above (≥ 10), 80 is 3 below.
    // B2: 70, 90, 91 → median 90; 70 is 20 below.
    let sheets = [
        sheet("E1", "B1", 8000, 0),
        sheet("E2", "B1", 8200, 0),
        sheet("E3", "B1", 8400, 0),
        sheet("E4", "B1", 9500, 0),
        sheet("E1", "B2", 7000, 0),
        sheet("E2", "B2", 9000, 0),
        sheet("E3", "B2", 9100, 0),
    ];
    let d = deviating_scores(&sheets, 1000);
    assert_eq!(d.len(), 2);
    assert_eq!(
        (d[0].person_id.as_str(), d[0].bid_id.as_str()),
        ("E4", "B1")
    );
    assert_eq!((d[0].median_x2, d[0].deviation_x2), (16_600, 2_400));
    assert_eq!((d[1].person_id.as_str(), d[1].deviation_x2), ("E1", -4_000));
    // Exactly the threshold is listed, one hundredth less is not.
    let edge = [
        sheet("E1", "B", 8000, 0),
        sheet("E2", "B", 9000, 0),
        sheet("E3", "B", 9000, 0),
    ];
    assert_eq!(deviating_scores(&edge, 1000).len(), 1);
    assert_eq!(deviating_scores(&edge, 1001).len(), 0);
}

#[test]
fn missing_sheets_and_report_members() {
    let m = |id: &str, role| PanelMember {
        person_id: id.into(),
        role,
        source: MemberSource::Random,
        drawn_at: None,
        is_legal_expert: None,
    };
    let members = [
        m("E1", MemberRole::Expert),
        m("R1", MemberRole::PurchaserRep),
    ];
    let bids = vec!["B1".to_owned(), "B2".to_owned()];
    let sheets = [
        sheet("E1", "B1", 1, 0),
        sheet("E1", "B2", 1, 0),
        sheet("R1", "B2", 1, 0),
    ];
    assert_eq!(
        missing_sheets(&members, &bids, &sheets),
        [("R1".to_owned(), "B1".to_owned())]
    );
    let experts = [Expert {
        id: "E1".into(),
        name: "张三".into(),
        registered: Some(true),
        specialties: vec![],
        title: None,
        birth_date: None,
        employment_history: vec![],
        relatives: vec![],
        declared_relations: vec![],
    }];
    let listed = report_members(&members, &experts);
    assert_eq!(listed[0].1, "张三");
    assert_eq!(
        listed[1],
        ("R1".to_owned(), "R1".to_owned(), MemberRole::PurchaserRep)
    );
}

#[test]
fn points_display() {
    assert_eq!(points(8750), "87.5");
    assert_eq!(points(8700), "87");
    assert_eq!(points(8705), "87.05");
    assert_eq!(points(-150), "-1.5");
}
