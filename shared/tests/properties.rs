//! Fuzzing (issue 8): every parser and validator of `shared` that takes outside input, as
//! proptest properties — never panics on arbitrary and on structured-but-mutated input, round
//! trips where a canonical form exists, and agreement where two paths must agree.
//!
//! Budget: `YIWANG_PROPTEST_CASES` cases per target (default 256, so the normal test run stays
//! fast), or `YIWANG_FUZZ_SECONDS` seconds per target; `YIWANG_FUZZ_SEED` fixes the seed (else
//! it is taken from the clock and printed). Each target prints one line
//! `fuzz: target=… executions=… seconds=… panics=0 result=ok seed=…` (see `scripts/fuzz.sh`).

mod common;

use std::cell::Cell;
use std::collections::BTreeMap;
use std::fmt::Debug;
use std::time::{Duration, Instant as Clock};

use common::mutate::{mutate_text, mutated_json_text, odd_text, Rng};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestRunner};
use serde_json::{json, Value};

use shared::approval::{self, DecisionForm, RequestForm};
use shared::bidding::{BidForm, BidTerms, NewBid};
use shared::checks::{run_all, CheckContext, CheckSettings};
use shared::credit_code::{CreditCode, ALPHABET};
use shared::ingest::{
    self, AwardInput, BidsInput, BudgetLineInput, ContractInput, EvaluationInput, NoticeInput,
    OrgFacts, OrgRef, Patch, PaymentInput, PlanInput,
};
use shared::model::{Method, MethodGround, ObjectType, ProjectRecord};
use shared::money::{Fen, MoneyError};
use shared::plan::{BudgetLineForm, IntentionForm, NewBudgetLine, NewPlan, PlanForm};
use shared::region::REGIONS;
use shared::scoring::{Criterion, PriceCriterion, PriceFormula, ScoreSheetForm, ScoringScheme};
use shared::supplier::{self, validate_supplier, SupplierForm, SupplierRegistration, CATEGORIES};
use shared::time::{Date, Instant};

// ---------------------------------------------------------------------------------------------
// Harness

thread_local! {
    /// Inputs the parser under test accepted (printed, to show the inputs reach past the parser).
    static ACCEPTED: Cell<u64> = const { Cell::new(0) };
}

fn accepted() {
    ACCEPTED.with(|a| a.set(a.get() + 1));
}

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok())
}

/// Runs `test` on values of `strategy` for the configured budget and prints the figures.
fn fuzz<S>(name: &str, strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>)
where
    S: Strategy,
    S::Value: Debug,
{
    let cases = env_u64("YIWANG_PROPTEST_CASES").unwrap_or(256).max(1);
    let seconds = env_u64("YIWANG_FUZZ_SECONDS").map(Duration::from_secs);
    let seed = env_u64("YIWANG_FUZZ_SEED").unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64)
    });
    let chunk = if seconds.is_some() {
        256
    } else {
        cases.min(u64::from(u32::MAX))
    };
    let executions = Cell::new(0u64);
    ACCEPTED.with(|a| a.set(0));
    let start = Clock::now();
    let mut done = 0u64;
    let mut seeds = Rng::new(seed);
    loop {
        // A fresh runner per chunk (a runner runs its cases once), seeded from the stream; the
        // first chunk uses the seed itself.
        let chunk_seed = if done == 0 { seed } else { seeds.u64() };
        let mut runner = TestRunner::new(Config {
            cases: chunk as u32,
            failure_persistence: None,
            rng_seed: RngSeed::Fixed(chunk_seed),
            max_shrink_iters: 2048,
            ..Config::default()
        });
        let result = runner.run(&strategy, |v| {
            executions.set(executions.get() + 1);
            test(v)
        });
        if let Err(e) = result {
            println!(
                "fuzz: target={name} executions={} seconds={:.1} result=FAILED seed={seed} chunk_seed={chunk_seed}",
                executions.get(),
                start.elapsed().as_secs_f64()
            );
            panic!("{name} (YIWANG_FUZZ_SEED={chunk_seed} reproduces it): {e}");
        }
        done += chunk;
        match seconds {
            Some(budget) if start.elapsed() < budget => {}
            Some(_) => break,
            None if done < cases => {}
            None => break,
        }
    }
    println!(
        "fuzz: target={name} executions={} accepted={} seconds={:.1} panics=0 result=ok seed={seed}",
        executions.get(),
        ACCEPTED.with(Cell::get),
        start.elapsed().as_secs_f64()
    );
}

/// Text of every kind: arbitrary Unicode, bytes read as lossy UTF-8, awkward characters, and
/// the project's special strings damaged by a few edits.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        ".{0,40}",
        proptest::collection::vec(any::<u8>(), 0..64)
            .prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
        any::<u64>().prop_map(|s| odd_text(&mut Rng::new(s), 30)),
        (any::<u64>(), "[0-9A-Za-z ,.¥:+-]{0,24}").prop_map(|(s, base)| {
            let mut t = base;
            mutate_text(&mut t, &mut Rng::new(s));
            t
        }),
    ]
}

/// A field value: usually near-valid (`valid` damaged by a few edits, or as is), else any text.
fn field(valid: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![
        8 => proptest::sample::select(valid).prop_map(str::to_owned),
        1 => (proptest::sample::select(valid), any::<u64>()).prop_map(|(v, s)| {
            let mut t = v.to_owned();
            mutate_text(&mut t, &mut Rng::new(s));
            t
        }),
        1 => text(),
    ]
}

const EXAMPLES: [&str; 6] = [
    include_str!("../../docs/examples/public-tender.json"),
    include_str!("../../docs/examples/invited-tender.json"),
    include_str!("../../docs/examples/competitive-negotiation.json"),
    include_str!("../../docs/examples/competitive-consultation.json"),
    include_str!("../../docs/examples/single-source.json"),
    include_str!("../../docs/examples/request-for-quotation.json"),
];

fn example(i: usize) -> ProjectRecord {
    ProjectRecord::from_json(EXAMPLES[i % EXAMPLES.len()]).expect("example parses")
}

fn as_of() -> Instant {
    Instant::parse("2026-05-01T09:00:00+08:00").expect("instant")
}

// ---------------------------------------------------------------------------------------------
// Credit codes

#[test]
fn credit_code_arbitrary_text() {
    fuzz("credit_code.parse/arbitrary", text(), |s| {
        let r = CreditCode::parse(&s);
        let _ = CreditCode::check_char(&s);
        let _ = CreditCode::from_first17(&s);
        if let Ok(c) = &r {
            accepted();
            let t = c.as_str();
            prop_assert!(
                t.len() == 18 && t.bytes().all(|b| ALPHABET.contains(&b)),
                "{t}"
            );
            prop_assert_eq!(CreditCode::parse(t), Ok(c.clone()));
            prop_assert_eq!(CreditCode::from_first17(&t[..17]), Some(c.clone()));
            let j = serde_json::to_string(c).expect("serialise");
            prop_assert_eq!(&serde_json::from_str::<CreditCode>(&j).expect("back"), c);
        }
        // The ingest API's organisation reference reads a credit code through the same parser.
        match OrgRef::parse("unit", &s) {
            Ok(OrgRef::CreditCode(c)) => prop_assert_eq!(Ok(c), r),
            Ok(OrgRef::Id(_)) => prop_assert!(s.trim().bytes().all(|b| b.is_ascii_digit())),
            Err(e) => prop_assert_eq!(e.field, "unit"),
        }
        Ok(())
    });
}

/// Valid codes as typed: lower case, full-width, padded — and damaged by a few edits.
#[test]
fn credit_code_near_valid() {
    const FIRST: &[&str] = &["91", "92", "93", "11", "12", "51", "52", "Y1", "N2", "A1"];
    const DIVISION: &[&str] = &["320400", "320402", "110000", "440300", "100000", "820000"];
    let strategy = (
        proptest::sample::select(FIRST),
        proptest::sample::select(DIVISION),
        proptest::collection::vec(proptest::sample::select(&ALPHABET[..]), 9),
        any::<u64>(),
        0usize..5,
    );
    fuzz(
        "credit_code.parse/near-valid",
        strategy,
        |(f, d, body, seed, how)| {
            let first17 = format!("{f}{d}{}", String::from_utf8(body).expect("ascii"));
            let code = CreditCode::from_first17(&first17).expect("valid by construction");
            let canonical = code.as_str().to_owned();
            let typed = match how {
                0 => canonical.to_lowercase(),
                1 => canonical
                    .chars()
                    .map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap_or(c))
                    .collect(),
                2 => format!(" \t{canonical}\u{3000}\n"),
                _ => canonical.clone(),
            };
            prop_assert_eq!(CreditCode::parse(&typed), Ok(code.clone()));
            let mut damaged = typed.clone();
            mutate_text(&mut damaged, &mut Rng::new(seed));
            if let Ok(c) = CreditCode::parse(&damaged) {
                accepted();
                prop_assert_eq!(CreditCode::parse(c.as_str()), Ok(c.clone()));
            }
            Ok(())
        },
    );
}

// ---------------------------------------------------------------------------------------------
// Money

#[test]
fn money_parse_yuan_arbitrary_text() {
    fuzz("money.parse_yuan/arbitrary", text(), |s| {
        if let Ok(f) = Fen::parse_yuan(&s) {
            accepted();
            prop_assert!(f.0 >= 0 && f.0 < 100_000_000_000_000_000, "{s:?} → {f:?}");
            prop_assert_eq!(Fen::parse_yuan(&f.to_string()), Ok(f));
        }
        let _ = shared::plan::parse_amount("amount", &s);
        Ok(())
    });
}

#[test]
fn money_display_round_trip() {
    fuzz(
        "money.parse_yuan/round-trip",
        (any::<i64>(), 0i64..100_000_000_000_000_000),
        |(any_fen, fen)| {
            let f = Fen(fen);
            prop_assert_eq!(Fen::parse_yuan(&f.to_string()), Ok(f));
            prop_assert_eq!(Fen::parse_yuan(&format!("¥{f}")), Ok(f));
            let plain = format!("{}.{:02}", fen / 100, fen % 100);
            prop_assert_eq!(Fen::parse_yuan(&plain), Ok(f));
            // Every i64 prints, and reads back exactly when it is in range.
            let shown = Fen(any_fen).to_string();
            match Fen::parse_yuan(&shown) {
                Ok(g) => prop_assert_eq!(g, Fen(any_fen)),
                Err(e) => prop_assert!(
                    any_fen < 0 && e == MoneyError::NotANumber
                        || any_fen >= 100_000_000_000_000_000 && e == MoneyError::TooLarge,
                    "{shown}: {e:?}"
                ),
            }
            Ok(())
        },
    );
}

// ---------------------------------------------------------------------------------------------
// Dates and instants

#[test]
fn date_parse() {
    let shaped = ("[0-9]{4}", "[0-9]{2}", "[0-9]{2}").prop_map(|(y, m, d)| format!("{y}-{m}-{d}"));
    let strategy = prop_oneof![text(), shaped, "[0-9\\-é€Ａ]{10}"];
    fuzz("time.Date::parse", strategy, |s| {
        match Date::parse(&s) {
            Ok(d) => {
                accepted();
                // The only accepted form is the canonical one.
                prop_assert_eq!(d.to_string(), s.clone());
                prop_assert_eq!(Date::from_days(d.to_days()), Some(d));
                let j = serde_json::to_string(&d).expect("serialise");
                prop_assert_eq!(serde_json::from_str::<Date>(&j).expect("back"), d);
            }
            Err(_) => {
                // Agreement with the constructor for strings of the right shape.
                let b = s.as_bytes();
                if b.len() == 10
                    && b[4] == b'-'
                    && b[7] == b'-'
                    && s.bytes()
                        .enumerate()
                        .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
                {
                    let y: i32 = s[0..4].parse().expect("digits");
                    let m: u8 = s[5..7].parse().expect("digits");
                    let d: u8 = s[8..10].parse().expect("digits");
                    prop_assert!(Date::new(y, m, d).is_none(), "{s} refused");
                }
            }
        }
        Ok(())
    });
}

#[test]
fn instant_parse() {
    // The grammar, with every part sometimes out of range or damaged.
    let shaped = (
        (1i32..=9999, 0u8..=13, 0u8..=32),
        (0i64..=25, 0i64..=61, 0i64..=61),
        (any::<bool>(), proptest::option::of("[0-9]{0,12}")),
        prop_oneof![
            Just(String::new()),
            Just("Z".to_owned()),
            Just("z".to_owned()),
            ("[+-]", 0i64..=25, 0i64..=61).prop_map(|(s, h, m)| format!("{s}{h:02}:{m:02}")),
            text(),
        ],
        proptest::sample::select(&["T", " ", "t", "_"][..]),
    );
    let shaped = (shaped, any::<u64>(), 0u8..6).prop_map(
        |(((y, mo, d), (h, mi, s), (with_s, frac), tz, sep), seed, damage)| {
            let mut t = format!("{y:04}-{mo:02}-{d:02}{sep}{h:02}:{mi:02}");
            if with_s {
                t.push_str(&format!(":{s:02}"));
                if let Some(f) = frac {
                    t.push('.');
                    t.push_str(&f);
                }
            }
            t.push_str(&tz);
            if damage == 0 {
                mutate_text(&mut t, &mut Rng::new(seed));
            }
            t
        },
    );
    let strategy = prop_oneof![text(), shaped];
    fuzz("time.Instant::parse", strategy, |s| {
        if let Ok(i) = Instant::parse(&s) {
            accepted();
            let shown = i.to_string();
            prop_assert_eq!(Instant::parse(&shown), Ok(i), "{} → {}", s, shown);
            let minute = i.unix_seconds() - i.unix_seconds().rem_euclid(60);
            prop_assert_eq!(
                Instant::parse(&i.china_display()).map(Instant::unix_seconds),
                Ok(minute)
            );
            let j = serde_json::to_string(&i).expect("serialise");
            prop_assert_eq!(serde_json::from_str::<Instant>(&j).expect("back"), i);
            // Agreement with the date parser on the date part.
            if s.len() > 10 {
                prop_assert!(Date::parse(&s[..10]).is_ok());
            }
        }
        Ok(())
    });
}

// ---------------------------------------------------------------------------------------------
// `yiwang check`: the project JSON

#[test]
fn project_json_arbitrary_text() {
    let strategy = prop_oneof![
        text(),
        "[\\[\\]{}\":,0-9a-z \\\\]{0,80}",
        (1usize..5000).prop_map(|n| "[".repeat(n)),
        (1usize..5000).prop_map(|n| "{\"project\":".repeat(n)),
    ];
    fuzz("model.ProjectRecord::from_json/arbitrary", strategy, |s| {
        match ProjectRecord::from_json(&s) {
            Ok(r) => {
                accepted();
                let again = serde_json::to_string(&r).expect("serialise");
                prop_assert_eq!(ProjectRecord::from_json(&again).expect("again"), r);
            }
            Err(e) => prop_assert!(e.path.starts_with('$'), "{e}"),
        }
        Ok(())
    });
}

/// The examples with fields deleted, replaced, retyped, duplicated; then the checks run on
/// whatever parsed, as `yiwang check` does.
#[test]
fn project_json_mutated() {
    let seeds: Vec<Value> = EXAMPLES
        .iter()
        .map(|t| serde_json::from_str(t).expect("json"))
        .collect();
    let ctx = CheckContext::builtin(as_of());
    fuzz(
        "model.ProjectRecord::from_json/mutated+checks",
        (0usize..6, any::<u64>()),
        |(i, seed)| {
            let text = mutated_json_text(&seeds[i], &mut Rng::new(seed));
            match ProjectRecord::from_json(&text) {
                Ok(r) => {
                    accepted();
                    let again = serde_json::to_string(&r).expect("serialise");
                    prop_assert_eq!(ProjectRecord::from_json(&again).expect("again"), r.clone());
                    let _ = run_all(&r, &ctx);
                    let _ = r.reference_date();
                }
                Err(e) => {
                    prop_assert!(e.path.starts_with('$'), "{e}");
                    prop_assert!(e.line >= 1 || e.message.contains("EOF"), "{e}");
                }
            }
            Ok(())
        },
    );
}

#[test]
fn check_settings_json() {
    let seed_doc = json!({
        "p12": {"min_ratio_permille": 800}, "m16": {}, "m27": {"days": 30},
        "a13": {"min_projects": 5}, "a17": {"k": 1.5}, "a22": {"x": [1, 2]}
    });
    let strategy = prop_oneof![
        text().prop_map(|t| (t, 0u64, false)),
        any::<u64>().prop_map(|s| (String::new(), s, true)),
    ];
    fuzz(
        "checks.CheckSettings::from_json",
        strategy,
        |(t, seed, mutated)| {
            let t = if mutated {
                mutated_json_text(&seed_doc, &mut Rng::new(seed))
            } else {
                t
            };
            if let Ok(s) = CheckSettings::from_json(&t) {
                accepted();
                let again = serde_json::to_string(&s).expect("serialise");
                prop_assert_eq!(CheckSettings::from_json(&again).expect("again"), s);
            }
            Ok(())
        },
    );
}

// ---------------------------------------------------------------------------------------------
// Supplier registration

fn supplier_form() -> impl Strategy<Value = SupplierForm> {
    let regions: &'static [&'static str] = Box::leak(
        REGIONS
            .iter()
            .map(|r| r.code)
            .chain(["", "320400 ", "999999"])
            .collect::<Vec<_>>()
            .into_boxed_slice(),
    );
    let categories: &'static [&'static str] = Box::leak(
        CATEGORIES
            .iter()
            .map(|c| c.code)
            .chain(["", " C16070000 ", "A0"])
            .collect::<Vec<_>>()
            .into_boxed_slice(),
    );
    (
        (
            field(&["常州某某信息技术有限公司", "Acme (China) Co., Ltd.", "某某"]),
            field(&[
                "91440300708461136T",
                "91440300708461136t",
                "91320400MA1MXXXX0X",
            ]),
            field(&["张三", "阿依古丽·买买提", "John Smith"]),
            field(&["李四", "王五"]),
            field(&["0519-88881234转8", "13912345678", "+86 139 1234 5678"]),
        ),
        (
            field(&["gp@Example.COM", "a@b.cn", "x@例子.中国"]),
            field(regions),
            field(&["新北区太湖东路9号", "天宁区"]),
            field(&["large", "medium", "small", "micro", ""]),
            proptest::collection::vec(field(categories), 0..8),
        ),
    )
        .prop_map(
            |(
                (name, credit_code, legal_rep, contact_person, phone),
                (email, region, address, size, categories),
            )| {
                SupplierForm {
                    name,
                    credit_code,
                    legal_rep,
                    contact_person,
                    phone,
                    email,
                    region,
                    address,
                    size,
                    categories,
                    ..SupplierForm::default()
                }
            },
        )
}

#[test]
fn supplier_form_validation() {
    fuzz("supplier.validate_supplier", supplier_form(), |form| {
        let result = validate_supplier(&form);
        // Agreement: the whole-form validation and the per-field feedback give the same errors.
        for f in supplier::FIELDS {
            let one = supplier::validate_field(&form, f);
            let all = result.as_ref().err().and_then(|e| e.for_field(f)).cloned();
            prop_assert_eq!(one, all, "field {}", f);
        }
        if let Ok(reg) = result {
            accepted();
            // The canonical form validates to the same registration (serde `try_from`).
            let canonical: SupplierForm =
                serde_json::from_value(serde_json::to_value(&reg).expect("ser")).expect("form");
            prop_assert_eq!(validate_supplier(&canonical), Ok(reg.clone()));
            let back: SupplierRegistration =
                serde_json::from_value(serde_json::to_value(&canonical).expect("ser")).expect("de");
            prop_assert_eq!(back, reg);
        } else {
            let v = serde_json::to_value(&form).expect("ser");
            prop_assert!(serde_json::from_value::<SupplierRegistration>(v).is_err());
        }
        Ok(())
    });
}

// ---------------------------------------------------------------------------------------------
// Budget lines, plans, intentions

#[test]
fn budget_line_form() {
    let strategy = (
        field(&["BL-2026-0088", "a.b-1", "编码"]),
        field(&["教学设备购置", "x"]),
        field(&["2026", "2015", "2035", "2014", "2036", "-1", "99999999999"]),
        field(&["1,234.56", "0.01", "0", "999999999999999.99", "¥100"]),
    )
        .prop_map(
            |(code, name, fiscal_year, approved_amount)| BudgetLineForm {
                code,
                name,
                fiscal_year,
                approved_amount,
            },
        );
    fuzz("plan.BudgetLineForm::parse", strategy, |form| {
        let r = form.parse();
        let via_serde =
            serde_json::from_value::<NewBudgetLine>(serde_json::to_value(&form).expect("ser"));
        prop_assert_eq!(r.is_ok(), via_serde.is_ok());
        if let Ok(line) = r {
            accepted();
            prop_assert_eq!(via_serde.expect("ok"), line.clone());
            let canonical = BudgetLineForm::from(line.clone());
            prop_assert_eq!(canonical.parse(), Ok(line));
        }
        Ok(())
    });
}

#[test]
fn plan_form() {
    let cats: &'static [&'static str] = Box::leak(
        CATEGORIES
            .iter()
            .map(|c| c.code)
            .collect::<Vec<_>>()
            .into_boxed_slice(),
    );
    let methods: &'static [&'static str] = Box::leak(
        Method::ALL
            .iter()
            .map(|m| m.code())
            .chain(["", "open"])
            .collect::<Vec<_>>()
            .into_boxed_slice(),
    );
    let strategy = (
        (
            field(&[
                "1",
                "42",
                "0",
                "-3",
                "9223372036854775807",
                "9223372036854775808",
            ]),
            field(&["教学设备", "y"]),
            field(&["goods", "services", "works", "Goods"]),
            field(cats),
        ),
        (
            field(&["1,234.56", "4000000", "0.01", "0"]),
            field(methods),
            field(&["on", "true", "", "off", "1", "yes"]),
            field(&["2026-03-01", "2024-02-29", "2023-02-29"]),
        ),
    )
        .prop_map(
            |(
                (budget_line_id, name, object_type, category_code),
                (amount, method, imports_wanted, planned_date),
            )| PlanForm {
                budget_line_id,
                name,
                object_type,
                category_code,
                amount,
                method,
                imports_wanted,
                planned_date,
            },
        );
    fuzz("plan.PlanForm::parse", strategy, |form| {
        let r = form.parse();
        let via_serde =
            serde_json::from_value::<NewPlan>(serde_json::to_value(&form).expect("ser"));
        prop_assert_eq!(r.is_ok(), via_serde.is_ok());
        if let Ok(plan) = r {
            accepted();
            prop_assert_eq!(via_serde.expect("ok"), plan.clone());
            prop_assert_eq!(PlanForm::from(plan.clone()).parse(), Ok(plan));
        }
        Ok(())
    });
}

#[test]
fn intention_form() {
    let strategy = (
        field(&["2026-01-05", "2026-12-31", "2024-02-30"]),
        field(&["中国政府采购网", "江苏政府采购网"]),
        field(&["采购需求：教学设备一批，预算100万元，预计2026年3月", "x"]),
    )
        .prop_map(|(published_on, media, content)| IntentionForm {
            published_on,
            media,
            content,
        });
    let today = Date::parse("2026-05-01").expect("date");
    fuzz("plan.IntentionForm::parse", strategy, |form| {
        if let Ok(i) = form.parse(today) {
            accepted();
            prop_assert!(i.published_on() <= today);
            prop_assert_eq!(i.published_at().china_date(), i.published_on());
            let canonical = IntentionForm {
                published_on: i.published_on().to_string(),
                media: i.media().to_owned(),
                content: i.content().to_owned(),
            };
            prop_assert_eq!(canonical.parse(today), Ok(i));
        }
        Ok(())
    });
}

// ---------------------------------------------------------------------------------------------
// Approvals

#[test]
fn approval_forms() {
    let kinds: &'static [&'static str] = Box::leak(
        approval::REQUEST_KINDS
            .iter()
            .map(|k| approval::kind_code(*k))
            .chain(["", "x"])
            .collect::<Vec<_>>()
            .into_boxed_slice(),
    );
    let grounds: &'static [&'static str] = Box::leak(
        MethodGround::ALL
            .iter()
            .map(|g| g.code())
            .chain([""])
            .collect::<Vec<_>>()
            .into_boxed_slice(),
    );
    let strategy = (
        field(kinds),
        field(grounds),
        field(&["只能从唯一供应商处采购", "短", "x"]),
        field(&["常州某某公司", "某"]),
        field(&["2026-03-02", "2026-02-30"]),
        proptest::sample::select(&Method::ALL[..]),
        field(&["approve", "reject", "", "Approve"]),
    );
    fuzz(
        "approval.RequestForm+DecisionForm::parse",
        strategy,
        |(kind, ground, reason, supplier_name, notice_from, method, decision)| {
            let form = RequestForm {
                kind,
                ground,
                reason: reason.clone(),
                supplier_name,
                notice_from,
            };
            if let Ok(r) = form.parse(method) {
                accepted();
                let n = r.reason().chars().count();
                prop_assert!((approval::REASON_MIN..=approval::REASON_MAX).contains(&n));
                prop_assert_eq!(r.reason(), r.reason().trim());
                prop_assert_eq!(r.to_method().is_some(), r.ground().is_some());
            }
            let d = DecisionForm { decision, reason };
            if let Ok((v, reason)) = d.parse() {
                let again = DecisionForm {
                    decision: match v {
                        approval::Verdict::Approve => "approve",
                        approval::Verdict::Reject => "reject",
                    }
                    .to_owned(),
                    reason: reason.clone(),
                };
                prop_assert_eq!(again.parse(), Ok((v, reason)));
            }
            Ok(())
        },
    );
}

// ---------------------------------------------------------------------------------------------
// Bids

#[test]
fn bid_form() {
    let strategy = (
        field(&["1,234.56", "4000000", "0.01", "0", "99999999999999999"]),
        field(&["90", "1", "365", "366", "0", "4294967296"]),
        proptest::collection::vec(field(&["投标文件.pdf", "资格证明.pdf", " "]), 0..6),
        proptest::option::of(0i64..10_000_000_000),
        proptest::option::of(0u32..400),
    );
    fuzz(
        "bidding.BidForm::parse",
        strategy,
        |(price, validity_days, documents, max, min)| {
            let form = BidForm {
                price,
                validity_days,
                documents,
                lot: String::new(),
            };
            let terms = BidTerms {
                max_price: max.map(Fen),
                min_validity_days: min,
            };
            let r = form.parse();
            let against = form.parse_against(&terms);
            let via_serde =
                serde_json::from_value::<NewBid>(serde_json::to_value(&form).expect("ser"));
            prop_assert_eq!(r.is_ok(), via_serde.is_ok());
            // Agreement: parsing against the terms = parsing, then checking the terms.
            match &r {
                Ok(b) => {
                    accepted();
                    prop_assert_eq!(against.is_ok(), b.check_terms(&terms).is_empty());
                    prop_assert_eq!(BidForm::from(b.clone()).parse(), Ok(b.clone()));
                }
                Err(_) => prop_assert!(against.is_err()),
            }
            Ok(())
        },
    );
}

// ---------------------------------------------------------------------------------------------
// Score sheets

fn scheme() -> impl Strategy<Value = Option<ScoringScheme>> {
    (
        proptest::collection::vec(
            (
                field(&["tech", "service", "价格", "a.b"]),
                any::<bool>(),
                1i64..6000,
            ),
            0..5,
        ),
        proptest::option::of(1i64..10_000),
        0u8..4,
    )
        .prop_map(|(items, price_max, decimals)| {
            let price_max = if items.is_empty() {
                Some(10_000)
            } else {
                price_max
            };
            let mut rest = 10_000 - price_max.unwrap_or(0);
            let mut criteria = Vec::new();
            for (i, (id, subjective, max)) in items.iter().enumerate() {
                let max = if i + 1 == items.len() {
                    rest
                } else {
                    (*max).min(rest)
                };
                rest -= max;
                criteria.push(Criterion {
                    id: format!("{id}{i}"),
                    name: id.clone(),
                    max_hundredths: max,
                    subjective: *subjective,
                });
            }
            let price = price_max.map(|m| PriceCriterion {
                id: "price".to_owned(),
                max_hundredths: m,
                formula: PriceFormula::LowestBase,
            });
            ScoringScheme::new(criteria, price, decimals).ok()
        })
}

#[test]
fn score_sheet_form() {
    let strategy = (
        scheme(),
        field(&["B1", " B2 ", ""]),
        proptest::collection::vec(
            (
                0usize..6,
                field(&["0", "10", "9.5", "12.25", "30.00", "100", "1.234", "5."]),
            ),
            0..8,
        ),
        proptest::collection::vec((0usize..6, field(&["理由充分说明", "短", ""])), 0..6),
        proptest::option::of(-10i64..12_000),
    );
    fuzz(
        "scoring.ScoreSheetForm::parse",
        strategy,
        |(scheme, bid_id, scores, comments, price)| {
            let Some(scheme) = scheme else {
                return Ok(());
            };
            let ids: Vec<String> = scheme
                .criteria()
                .iter()
                .map(|c| c.id.clone())
                .chain(["price".to_owned(), "unknown".to_owned()])
                .collect();
            let id = |i: usize| ids[i % ids.len()].clone();
            let form = ScoreSheetForm {
                bid_id,
                scores: scores
                    .into_iter()
                    .map(|(i, v)| (id(i), v))
                    .collect::<BTreeMap<_, _>>(),
                comments: comments.into_iter().map(|(i, v)| (id(i), v)).collect(),
            };
            let running = form.running_total(&scheme, price);
            if let Ok(sheet) = form.parse(&scheme, price) {
                accepted();
                let sum: i64 = sheet.items().iter().map(|(_, s)| *s).sum();
                prop_assert_eq!(sheet.total_hundredths(), sum);
                prop_assert!((0..=10_000).contains(&sum));
                // Agreement: the live total shown while typing is the total of a valid sheet.
                prop_assert_eq!(running, sum);
                let model = sheet.to_model(&scheme, "E1");
                prop_assert_eq!(model.total_hundredths, sum);
            }
            Ok(())
        },
    );
}

// ---------------------------------------------------------------------------------------------
// The ingest API

fn ingest_seeds() -> Vec<(&'static str, Value)> {
    let mut out = vec![
        (
            "budget_line",
            json!({"unit": "12", "fiscal_year": 2026, "code": "BL-2026-0088", "name": "教学设备购置",
                   "approved_amount": 150000000, "adjusted_amount": 120000000}),
        ),
        (
            "plan",
            json!({"unit": "91440300708461136T", "fiscal_year": 2026, "budget_line_code": "BL-2026-0088",
                   "name": "教学设备", "object_type": "goods", "category_code": "A02010105",
                   "amount": 80000000, "method": "public_tender", "imports_wanted": false,
                   "planned_date": "2026-03-01"}),
        ),
    ];
    for i in 0..EXAMPLES.len() {
        let r = example(i);
        let notice = NoticeInput {
            project: Some(r.project.clone()),
            lots: Some(r.lots.clone()),
            notice: r.notices.first().cloned().expect("a notice"),
            documents: r.documents.clone(),
            deadline: r.deadline,
            opening_at: r.opening_at,
        };
        out.push(("notice", serde_json::to_value(&notice).expect("ser")));
        out.push(("bids", json!({ "bids": r.bids })));
        if let Some(report) = r.reports.first() {
            let e = EvaluationInput {
                panel: r.panel.clone(),
                score_sheets: r.score_sheets.clone(),
                report: report.clone(),
            };
            out.push(("evaluation", serde_json::to_value(&e).expect("ser")));
        }
        if let Some(a) = r.awards.first() {
            out.push(("award", json!({ "award": a })));
        }
        if let Some(c) = r.contracts.first() {
            out.push(("contract", json!({ "contract": c })));
        }
        if let Some(p) = r.payments.first() {
            out.push((
                "payment",
                json!({"project_source": "czggzy", "project_id": r.project.id, "payment": p}),
            ));
        }
    }
    out
}

/// Parses a body as the server does for `kind`, then runs the parser's own checks and applies
/// the patch to a stored record.
fn ingest_body(kind: &str, body: &[u8], stored: &ProjectRecord) -> Result<(), TestCaseError> {
    let org = OrgFacts {
        id: 1,
        name: "常州市天宁区教育局".to_owned(),
        kind: "purchaser".to_owned(),
        credit_code: None,
        jurisdiction_code: "320402".to_owned(),
    };
    let now = as_of();
    let patch = match kind {
        "budget_line" => {
            if let Ok(i) = ingest::from_json::<BudgetLineInput>(body) {
                accepted();
                if let Ok(e) = i.parse() {
                    prop_assert_eq!(e.line.approved_amount(), Fen(i.approved_amount));
                }
            }
            None
        }
        "plan" => {
            if let Ok(i) = ingest::from_json::<PlanInput>(body) {
                accepted();
                if let Ok(e) = i.parse() {
                    let plan = e.plan(7);
                    prop_assert!(plan.is_ok(), "{:?}", plan);
                    prop_assert_eq!(plan.expect("ok").amount(), Fen(i.amount));
                }
            }
            None
        }
        "notice" => ingest::from_json::<NoticeInput>(body)
            .ok()
            .map(|n| Patch::Notice(Box::new(n))),
        "bids" => ingest::from_json::<BidsInput>(body)
            .ok()
            .map(|b| Patch::Bids(b.bids)),
        "evaluation" => ingest::from_json::<EvaluationInput>(body)
            .ok()
            .map(|e| Patch::Evaluation(Box::new(e))),
        "award" => ingest::from_json::<AwardInput>(body)
            .ok()
            .map(|a| Patch::Award(a.award)),
        "contract" => ingest::from_json::<ContractInput>(body)
            .ok()
            .map(|c| Patch::Contract(Box::new(c.contract))),
        _ => ingest::from_json::<PaymentInput>(body)
            .ok()
            .map(|p| Patch::Payment(p.payment)),
    };
    if let Some(patch) = patch {
        accepted();
        let _ = patch
            .clone()
            .apply(Some(stored.clone()), &stored.project.id, Some(&org), now);
        let _ = patch.apply(None, "X-1", Some(&org), now);
    }
    Ok(())
}

const INGEST_KINDS: [&str; 8] = [
    "budget_line",
    "plan",
    "notice",
    "bids",
    "evaluation",
    "award",
    "contract",
    "payment",
];

#[test]
fn ingest_arbitrary_bodies() {
    let stored = example(0);
    let strategy = (
        proptest::sample::select(&INGEST_KINDS[..]),
        prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..256),
            text().prop_map(String::into_bytes),
        ],
    );
    fuzz(
        "ingest.from_json/arbitrary-bytes",
        strategy,
        |(kind, body)| {
            if let Err(e) = ingest::from_json::<Value>(&body) {
                prop_assert_eq!(e.len(), 1);
            }
            ingest_body(kind, &body, &stored)
        },
    );
}

#[test]
fn ingest_mutated_bodies() {
    let seeds = ingest_seeds();
    let n = seeds.len();
    let stored: Vec<ProjectRecord> = (0..EXAMPLES.len()).map(example).collect();
    fuzz(
        "ingest.from_json+parse+apply/mutated",
        (0..n, any::<u64>(), 0usize..6),
        |(i, seed, which)| {
            let (kind, doc) = &seeds[i];
            let text = mutated_json_text(doc, &mut Rng::new(seed));
            ingest_body(kind, text.as_bytes(), &stored[which])
        },
    );
}

#[test]
fn ingest_kinds_and_org_refs() {
    let strategy = (
        field(&[
            "budget_line,payment",
            "plan, notice ,bid",
            "",
            ",,",
            "award,award",
            "BID",
        ]),
        field(&[
            "12",
            "0",
            "00000000000000000",
            "99999999999999999",
            "91440300708461136T",
            "-1",
        ]),
    );
    fuzz(
        "ingest.parse_kinds+OrgRef::parse",
        strategy,
        |(kinds, org)| {
            if let Ok(k) = ingest::parse_kinds(&kinds) {
                accepted();
                prop_assert!(!k.is_empty());
                prop_assert_eq!(ingest::parse_kinds(&ingest::kinds_list(&k)), Ok(k));
            }
            if let Ok(OrgRef::Id(id)) = OrgRef::parse("unit", &org) {
                prop_assert!(id >= 0);
                prop_assert_eq!(OrgRef::parse("unit", &id.to_string()), Ok(OrgRef::Id(id)));
            }
            Ok(())
        },
    );
}

/// Object types are read by their code only.
#[test]
fn object_type_codes_round_trip() {
    for o in ObjectType::ALL {
        assert_eq!(ObjectType::from_code(o.code()), Some(o));
    }
}
