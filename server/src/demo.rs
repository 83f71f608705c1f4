//! Deterministic demo data: the jurisdictions of Changzhou, the regulators, the centralized
//! procurement center and private agencies (93 in all), some purchaser units, and 409
//! suppliers with valid credit codes. Suppliers go through the same validation and storage as a
//! registration on the web; the same seed always gives the same data.

use shared::credit_code::CreditCode;
use shared::region::{RegionKind, REGIONS};
use shared::supplier::{SupplierForm, CATEGORIES};

use shared::access::{Principal, Role};

use crate::auth::NewUser;
use crate::db::demo as repo;
use crate::store::{Store, Table};

pub mod full;
pub mod scenario;

/// How much demo data to load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemoScale {
    /// Jurisdictions, organisations, 409 suppliers, the demo accounts, the 3 plans of
    /// 天宁区教育局 (one with a pending method-change request) and the 240-expert library: what
    /// the tests load (`load`).
    Small,
    /// Everything of `Small`, then the seed platform's scale and shape played through the
    /// domain functions ([`scenario::scenario`]): 1864 plans, 565 contracts, 92.47亿元 budget
    /// and 80.14亿元 actual (first start, `yiwang demo`).
    Full,
    /// Everything of `Small`, then one plan of every method at every stage of the full
    /// scenario ([`scenario::sample`]), of the units with a demo account: what the tests that
    /// walk the pages load.
    Sample,
}

/// Number of suppliers in the demo data (the seed platform's figure).
pub const DEMO_SUPPLIERS: usize = 409;
/// Private procurement agencies in the demo data (plus the centralized procurement center).
pub const DEMO_PRIVATE_AGENCIES: usize = 92;
/// The seed of the generator.
pub const DEMO_SEED: u64 = 0x5943_5a47_4f56_2019;

/// What was loaded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DemoSummary {
    pub jurisdictions: i64,
    pub organisations: i64,
    pub suppliers: i64,
    pub users: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    #[error("store: {0}")]
    Store(#[from] app::service::StoreError),
    #[error("generated an invalid form (a bug in the generator): {0}")]
    Invalid(shared::field::FieldErrors),
    #[error("demo scenario: {0}")]
    Step(String),
}

/// A small deterministic generator (SplitMix64).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林",
    "何", "郭", "马", "罗", "钱", "蒋", "沈", "韩", "唐", "冯", "许", "邓", "曹", "彭",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀英", "霞", "平", "刚", "桂英", "建华", "志强", "晓东", "海燕", "文杰", "思远",
];
const WORDS: &[&str] = &[
    "龙城", "天宁", "钟楼", "新北", "武进", "金坛", "溧阳", "运河", "青果", "红梅", "东坡", "延陵",
    "江南", "太湖", "长荡", "滆湖", "茅山", "天目", "晋陵", "兰陵", "毗陵", "星河", "恒信", "中吴",
    "华瑞", "锦程", "博远", "诚达", "众合", "宏图",
];
const TRADES: &[(&str, &str)] = &[
    ("信息技术", "A"),
    ("电子科技", "A"),
    ("办公设备", "A"),
    ("医疗器械", "A"),
    ("教学设备", "A"),
    ("物业管理", "C"),
    ("工程咨询", "C"),
    ("软件服务", "C"),
    ("环境服务", "C"),
    ("会计师事务所", "C"),
    ("建设工程", "B"),
    ("装饰工程", "B"),
    ("市政工程", "B"),
];
const FORMS: &[&str] = &["有限公司", "有限责任公司", "股份有限公司"];
const STREETS: &[&str] = &[
    "延陵西路",
    "和平北路",
    "晋陵中路",
    "龙锦路",
    "通江中路",
    "常武中路",
    "长虹路",
    "金沙大道",
    "燕山路",
    "天目湖大道",
    "青洋北路",
    "太湖东路",
];
const SIZES: &[&str] = &[
    "large", "medium", "small", "small", "micro", "micro", "medium", "small",
];

fn person(rng: &mut Rng) -> String {
    format!("{}{}", rng.pick(SURNAMES), rng.pick(GIVEN))
}

/// A valid credit code for an enterprise (登记管理部门 9, 机构类别 1) registered in `division`.
pub fn credit_code(rng: &mut Rng, division: &str) -> CreditCode {
    const CHARSET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    loop {
        let mut first17 = format!("91{division}");
        for i in 0..9 {
            // The organisation code: digits and letters, its 9th place a digit or X (GB 11714).
            let c = if i < 8 {
                CHARSET[rng.below(CHARSET.len())]
            } else {
                b"0123456789X"[rng.below(11)]
            };
            first17.push(c as char);
        }
        if let Some(code) = CreditCode::from_first17(&first17) {
            return code;
        }
    }
}

/// The demo suppliers as registration forms (deterministic for a seed).
pub fn supplier_forms(seed: u64, count: usize) -> Vec<SupplierForm> {
    let mut rng = Rng::new(seed);
    let districts: Vec<&str> = REGIONS.iter().map(|r| r.code).collect();
    let mut names = std::collections::BTreeSet::new();
    let mut out = Vec::with_capacity(count);
    while out.len() < count {
        let region = *rng.pick(&districts);
        let (trade, prefix) = *rng.pick(TRADES);
        let name = format!("常州{}{}{}", rng.pick(WORDS), trade, rng.pick(FORMS));
        if !names.insert(name.clone()) {
            continue;
        }
        let mut categories: Vec<String> = Vec::new();
        for c in CATEGORIES.iter().filter(|c| c.code.starts_with(prefix)) {
            if categories.is_empty() || rng.below(3) == 0 {
                categories.push(c.code.to_owned());
            }
        }
        let n = out.len();
        out.push(SupplierForm {
            name,
            credit_code: credit_code(&mut rng, region).as_str().to_owned(),
            legal_rep: person(&mut rng),
            contact_person: person(&mut rng),
            phone: if rng.below(4) == 0 {
                format!("0519-{}", 80_000_000 + rng.below(9_999_999))
            } else {
                format!(
                    "1{}{:09}",
                    rng.pick(&["38", "39", "50", "51", "58", "77", "89"]),
                    rng.below(1_000_000_000)
                )
                .chars()
                .take(11)
                .collect()
            },
            email: format!("contact{n:03}@supplier{}.cn", rng.below(100_000)),
            region: region.to_owned(),
            address: format!("常州市{}{}号", rng.pick(STREETS), 1 + rng.below(999)),
            size: (*rng.pick(SIZES)).to_owned(),
            categories,
            ..SupplierForm::default()
        });
    }
    out
}

/// Organisations of the demo: (kind, name, jurisdiction code).
pub fn organisations(seed: u64) -> Vec<(&'static str, String, &'static str)> {
    let mut rng = Rng::new(seed ^ 0xA6E7);
    let mut out = Vec::new();
    for r in REGIONS {
        let regulator = match r.kind {
            RegionKind::City => "常州市财政局".to_owned(),
            _ => format!("常州市{}财政局", r.name.zh),
        };
        out.push(("regulator", regulator, r.code));
    }
    out.push((
        "procurement_center",
        "常州市政府采购中心".to_owned(),
        REGIONS[0].code,
    ));
    let mut names = std::collections::BTreeSet::new();
    while names.len() < DEMO_PRIVATE_AGENCIES {
        let region = rng.pick(REGIONS);
        let name = format!(
            "{}{}{}",
            if region.kind == RegionKind::City {
                "常州".to_owned()
            } else {
                format!("常州市{}", region.name.zh)
            },
            rng.pick(WORDS),
            rng.pick(&[
                "招标代理有限公司",
                "工程咨询有限公司",
                "项目管理有限公司",
                "采购咨询有限公司",
                "建设咨询有限公司"
            ])
        );
        if names.insert(name.clone()) {
            out.push(("agency", name, region.code));
        }
    }
    for r in REGIONS {
        let base = match r.kind {
            RegionKind::City => "常州市".to_owned(),
            _ => format!("常州市{}", r.name.zh),
        };
        for unit in [
            "教育局",
            "卫生健康委员会",
            "住房和城乡建设局",
            "机关事务管理局",
        ] {
            out.push(("purchaser", format!("{base}{unit}"), r.code));
        }
    }
    out
}

/// Loads the small demo data into an empty database (what the tests use). Returns what the
/// database holds afterwards.
pub async fn load(store: &Store) -> Result<DemoSummary, DemoError> {
    load_with(store, DemoScale::Small).await
}

/// Loads the demo data of `scale` into an empty database.
pub async fn load_with(store: &Store, scale: DemoScale) -> Result<DemoSummary, DemoError> {
    load_with_progress(store, scale, &crate::progress::Progress::hidden()).await
}

/// [`load_with`], showing its progress on `progress`.
pub async fn load_with_progress(
    store: &Store,
    scale: DemoScale,
    progress: &crate::progress::Progress,
) -> Result<DemoSummary, DemoError> {
    progress.begin(
        "demo: organisations, suppliers, accounts",
        None,
        0,
        crate::progress::Unit::Items("rows"),
    );
    let pool = &store.db.pool;
    let mut tx = pool.begin().await?;
    // 2024-01-01T00:00:00+08:00 and on, one hour apart: deterministic creation times.
    let base = 1_704_038_400_i64;
    // The marker (`is_demo`), in the transaction of the first demo rows: a database holding any
    // demo data says so.
    crate::steplog::write(
        &mut tx,
        crate::steplog::Tail::new(crate::audit::AuditEntry {
            at: base,
            action: DEMO_MARKER_ACTION,
            after: Some(serde_json::json!({
                "scale": match scale {
                    DemoScale::Small => "small",
                    DemoScale::Full => "full",
                    DemoScale::Sample => "sample",
                },
            })),
            ..Default::default()
        }),
    )
    .await?;
    for (i, (kind, name, region)) in organisations(DEMO_SEED).into_iter().enumerate() {
        repo::insert_organisation(&mut tx, kind, name, region, base + i as i64 * 3600).await?;
    }
    tx.commit().await?;
    // Every private agency is on the provincial list (名录登记) with complete data, recorded
    // through the listing step: its permissions to publish and draw are open.
    let mut lister = Rng::new(DEMO_SEED ^ 0xA9E7);
    for (i, org) in repo::agency_ids(&store.db.pool)
        .await?
        .into_iter()
        .enumerate()
    {
        let form = shared::agency::ListingForm {
            legal_rep: person(&mut lister),
            address: format!("常州市{}{}号", lister.pick(STREETS), 1 + lister.below(300)),
            phone: format!("0519-8{:07}", 1_000_000 + i * 7_919),
            full_time_staff: (5 + lister.below(26)).to_string(),
            internal_rules: "1".to_owned(),
            listed_on: "2023-06-01".to_owned(),
        };
        store
            .record_listing(None, org, &form, base + 7_200)
            .await
            .map_err(DemoError::Store)?;
    }
    // Every demo supplier signs itself up as a supplier does on the registration page (the
    // supplier and its first account: `gys` for the first, `gys001`, `gys002`, … after it) and
    // binds its account to its legal entity through the entity verifier: the demo holds no
    // supplier the platform could not have made.
    let hash = crate::auth::hash_password(DEMO_PASSWORD.to_owned())
        .await
        .map_err(DemoError::Store)?;
    for (i, form) in supplier_forms(DEMO_SEED, DEMO_SUPPLIERS)
        .into_iter()
        .enumerate()
    {
        let at = base + 86_400 + i as i64 * 7_200;
        let form = demo_signup(form, i);
        let (registration, account) =
            shared::supplier::validate_signup(&form).map_err(DemoError::Invalid)?;
        let done = store
            .signup_supplier_with_hash(&registration, &account, &hash, at)
            .await
            .map_err(DemoError::Store)?;
        if let Some(evidence) = store
            .verifier
            .demo_evidence(registration.credit_code().as_str())
        {
            let actor = Principal {
                duty: None,
                user_id: done.user_id,
                role: Role::Supplier,
                organisation_id: None,
                supplier_id: Some(done.supplier_id),
                jurisdiction: Some(registration.region().code.to_owned()),
            };
            store
                .bind_supplier(&actor, &evidence, at + 600)
                .await
                .map_err(DemoError::Store)?;
        }
    }
    let created = DEMO_ACCOUNTS_CREATED;
    // Suppliers signed up above; experts apply below (`demo_experts`).
    for account in DEMO_ACCOUNTS
        .iter()
        .filter(|a| !matches!(a.role, Role::Supplier | Role::Expert))
    {
        let organisation_id = match account.organisation {
            Some(OrgRef::Named(name)) => Some(organisation_id(store, name).await?),
            Some(OrgRef::FirstAgency) => Some(repo::first_agency(pool).await?),
            None => None,
        };
        let id = store
            .create_user(
                &NewUser {
                    username: account.username.to_owned(),
                    display_name: account.display_name.to_owned(),
                    role: account.role,
                    organisation_id,
                    supplier_id: None,
                    password: DEMO_PASSWORD.to_owned(),
                },
                created,
            )
            .await?;
        if let Some(duty) = account.duty {
            store.set_duty(None, id, Some(duty), created).await?;
        }
    }
    demo_plans(store).await?;
    match scale {
        DemoScale::Small => {
            demo_experts(store, DEMO_SEED, DEMO_EXPERTS).await?;
            small_extras(store).await?;
        }
        DemoScale::Full | DemoScale::Sample => {
            let sc = scenario::scenario(DEMO_SEED);
            let sc = if scale == DemoScale::Sample {
                scenario::sample(&sc)
            } else {
                sc
            };
            full::extra_units(store, &sc).await?;
            progress.note("demo: expert library");
            demo_experts(store, DEMO_SEED, DEMO_EXPERTS).await?;
            full::play(store, &sc, progress).await?;
        }
    }
    summary(store).await
}

/// Experts in the demo library.
pub const DEMO_EXPERTS: usize = 240;

/// The demo expert library, made of the same steps as a real one: each expert applies on the
/// application form's terms (`shared::enrolment::validate_application`, `Store::apply_expert`:
/// its account `zj000` for the first, `zj001`, `zj002`, … after it, the demo password, a valid ID
/// number of its region, stored sealed) and the finance department that keeps the library
/// admits it (`Store::decide_expert`, with a reason and a basis). Specialties from the supplier
/// categories (goods A, works B, services C), spread over the jurisdictions, each employed by a
/// university, a hospital or a design institute (never a demo purchaser or agency), one in
/// eight a legal expert.
pub async fn demo_experts(store: &Store, seed: u64, count: usize) -> Result<(), DemoError> {
    use shared::account::{AccountForm, Secret};
    use shared::enrolment::ApplicationForm;
    let mut rng = Rng::new(seed ^ 0xE7E7);
    let employers = [
        "常州大学",
        "河海大学常州校区",
        "常州工学院",
        "常州市第一人民医院",
        "常州市规划设计院",
        "江苏理工学院",
    ];
    let keeper_user = repo::user_id(&store.db.pool, DEMO_KEEPER).await?;
    let keeper = Principal {
        duty: None,
        user_id: keeper_user,
        role: Role::Regulator,
        organisation_id: None,
        supplier_id: None,
        jurisdiction: Some(store.expert_keeper.clone()),
    };
    let hash = crate::auth::hash_password(DEMO_PASSWORD.to_owned())
        .await
        .map_err(DemoError::Store)?;
    let created = 1_706_745_600_i64; // 2024-02-01
    for i in 0..count {
        let legal = i % 8 == 7;
        let mut specialties: Vec<String> = Vec::new();
        let prefix = ["A", "B", "C"][i % 3];
        for c in CATEGORIES.iter().filter(|c| c.code.starts_with(prefix)) {
            if specialties.is_empty() || rng.below(2) == 0 {
                specialties.push(c.code.chars().take(3).collect());
            }
        }
        specialties.sort();
        specialties.dedup();
        let region = REGIONS[i % REGIONS.len()].code;
        let name = person(&mut rng);
        let employer = (*rng.pick(&employers)).to_owned();
        let username = format!("zj{i:03}");
        let form = ApplicationForm {
            account: AccountForm {
                email: format!("{username}@experts.example.cn"),
                username,
                display_name: name,
                mobile: format!("137{:08}", 10_000_000 + i),
                password: Secret(DEMO_PASSWORD.to_owned()),
                password2: Secret(DEMO_PASSWORD.to_owned()),
            },
            id_number: demo_id_number(region, i),
            employer,
            title: if i % 4 == 0 { "intermediate" } else { "senior" }.to_owned(),
            specialties,
            relations: String::new(),
            region: region.to_owned(),
            legal: if legal { "1" } else { "" }.to_owned(),
        };
        let application =
            shared::enrolment::validate_application(&form).map_err(DemoError::Invalid)?;
        let at = created + i as i64 * 600;
        let (_, expert_id) = store
            .apply_expert_with_hash(&application, &hash, at)
            .await?;
        store
            .decide_expert(
                &keeper,
                expert_id,
                "admit",
                "申请材料齐全，符合入库条件",
                "财库〔2016〕198号第九条",
                at + 300,
            )
            .await?;
    }
    Ok(())
}

/// The second account of 天宁区教育局: its reviewer (审核), who releases the plans its handler
/// `tnjyj` files (经办与审核分离).
pub const DEMO_REVIEWER: &str = "tnsh";

/// The demo account of the finance department that keeps the demo's expert library (the city's,
/// `YIWANG_EXPERT_KEEPER`'s default).
const DEMO_KEEPER: &str = "czczj";

/// The `i`-th demo expert's ID number: its region, a birthday between 1960 and 1987, a sequence
/// number and the check character of GB 11643.
fn demo_id_number(region: &str, i: usize) -> String {
    let body = format!(
        "{region}{}{:02}{:02}{:03}",
        1960 + i % 28,
        1 + i % 12,
        1 + i % 28,
        i % 1000
    );
    "0123456789X"
        .chars()
        .map(|c| format!("{body}{c}"))
        .find(|id| shared::enrolment::IdNumber::parse(id).is_ok())
        .unwrap_or(body)
}

/// The demo budget lines and plans of 天宁区教育局, filed through the same store functions as
/// the web form (checks run, findings stored, audit written): one plan that reaches the
/// open-tender threshold with another method (P04) and waits for a method-change approval.
async fn demo_plans(store: &Store) -> Result<(), DemoError> {
    use shared::access::Principal;
    use shared::approval::RequestForm;
    use shared::plan::{BudgetLineForm, PlanForm};
    // 2026-01-15 09:00 China time.
    let at = 1_768_438_800_i64;
    let row = repo::demo_purchaser(&store.db.pool).await?;
    let actor = Principal {
        duty: None,
        user_id: row.id,
        role: Role::Purchaser,
        organisation_id: row.organisation_id,
        supplier_id: None,
        jurisdiction: Some("320402".to_owned()),
    };
    let unit = actor.organisation_id.unwrap_or_default();
    let mut lines = Vec::new();
    for (code, name, amount) in [
        ("2026-JY-001", "教育信息化设备购置", "8,000,000"),
        ("2026-JY-002", "校园物业管理服务", "1,500,000"),
    ] {
        let line = BudgetLineForm {
            code: code.into(),
            name: name.into(),
            fiscal_year: "2026".into(),
            approved_amount: amount.into(),
        }
        .parse()
        .map_err(DemoError::Invalid)?;
        lines.push(store.insert_budget_line(&actor, unit, &line, at).await?);
    }
    let plans = [
        (
            lines[0],
            "教学用服务器采购",
            "goods",
            "A02010104",
            "4,200,000",
            "competitive_consultation",
        ),
        (
            lines[0],
            "多媒体教室台式计算机采购",
            "goods",
            "A02010105",
            "1,800,000",
            "public_tender",
        ),
        (
            lines[1],
            "区属学校物业管理服务",
            "services",
            "C21040000",
            "1,350,000",
            "competitive_consultation",
        ),
    ];
    let mut first = None;
    for (line, name, object, category, amount, method) in plans {
        let plan = PlanForm {
            budget_line_id: line.to_string(),
            name: name.into(),
            object_type: object.into(),
            category_code: category.into(),
            amount: amount.into(),
            method: method.into(),
            imports_wanted: String::new(),
            planned_date: "2026-04-01".into(),
        }
        .parse()
        .map_err(DemoError::Invalid)?;
        let (id, _) = store.insert_plan(&actor, unit, &plan, at).await?;
        first.get_or_insert(id);
    }
    let request = RequestForm {
        kind: "method_change".into(),
        ground: "consultation_complex".into(),
        reason: "服务器需与现有教学平台深度集成，技术复杂，无法事先确定详细规格".into(),
        ..RequestForm::default()
    };
    store
        .insert_request(&actor, first.unwrap_or_default(), &request, at + 3600)
        .await?;
    Ok(())
}

/// What the small demo adds for trying every method by hand (and for the browser tests): three
/// more supplier accounts (`gys001`…`gys003`, for the second to fourth demo suppliers) and
/// three plans of 天宁区教育局 ready for procurement — the open tender of the demo (released),
/// a competitive negotiation (released) and a single-source purchase (filed, its approval and
/// public notice still to be requested).
async fn small_extras(store: &Store) -> Result<(), DemoError> {
    use shared::access::Principal;
    use shared::plan::{IntentionForm, PlanForm};
    // The suppliers' accounts (gys, gys001, …) were made when each signed itself up.

    // 2026-01-20 09:00 China time; releases 35 days later.
    let at = 1_768_870_800_i64;
    let row = repo::demo_purchaser(&store.db.pool).await?;
    let actor = Principal {
        duty: None,
        user_id: row.id,
        role: Role::Purchaser,
        organisation_id: row.organisation_id,
        supplier_id: None,
        jurisdiction: Some("320402".to_owned()),
    };
    let reviewer = Principal {
        user_id: repo::user_id(&store.db.pool, DEMO_REVIEWER).await?,
        ..actor.clone()
    };
    let unit = actor.organisation_id.unwrap_or_default();
    let line = repo::budget_line_id(&store.db.pool).await?;
    let tender = repo::tender_plan_id(&store.db.pool).await?;
    let mut plans = vec![(tender, true)];
    for (name, amount, method, release) in [
        (
            "图书馆电子阅览室设备采购",
            "900,000",
            "competitive_negotiation",
            true,
        ),
        ("录播系统原厂配件采购", "500,000", "single_source", false),
    ] {
        let plan = PlanForm {
            budget_line_id: line.to_string(),
            name: name.into(),
            object_type: "goods".into(),
            category_code: "A02010105".into(),
            amount: amount.into(),
            method: method.into(),
            imports_wanted: String::new(),
            planned_date: "2026-04-01".into(),
        }
        .parse()
        .map_err(DemoError::Invalid)?;
        let (id, _) = store.insert_plan(&actor, unit, &plan, at).await?;
        plans.push((id, release));
    }
    for (id, release) in plans {
        let intention = IntentionForm {
            published_on: "2026-01-20".into(),
            media: "江苏政府采购网".into(),
            content: "采购意向公开".into(),
        };
        store.insert_intention(&actor, id, &intention, at).await?;
        if release {
            // 经办与审核分离: the unit's reviewer releases what its handler filed.
            store.release_plan(&reviewer, id, at + 35 * 86_400).await?;
        }
    }
    Ok(())
}

async fn organisation_id(store: &Store, name: &str) -> Result<i64, DemoError> {
    Ok(repo::organisation_id(&store.db.pool, name).await?)
}

/// The password of every demo account (README: the table of demo accounts). Demo data only:
/// `yiwang serve` loads it only when asked for (`YIWANG_DEMO=full|small`).
pub const DEMO_PASSWORD: &str = "Yiwang-2026";

/// Which organisation a demo account belongs to.
#[derive(Debug, Clone, Copy)]
pub enum OrgRef {
    Named(&'static str),
    /// The first private agency of the generated list.
    FirstAgency,
}

/// One demo account.
#[derive(Debug, Clone, Copy)]
pub struct DemoAccount {
    pub username: &'static str,
    pub display_name: &'static str,
    pub role: Role,
    pub organisation: Option<OrgRef>,
    /// Its duty beyond the role (三员 for administrators, a unit's administrator).
    pub duty: Option<shared::access::Duty>,
}

/// The login name of the account the `i`-th demo supplier signed up with.
pub fn demo_supplier_username(i: usize) -> String {
    if i == 0 {
        "gys".to_owned()
    } else {
        format!("gys{i:03}")
    }
}

/// The `i`-th demo supplier's registration with its first account (the demo password; a
/// mobile of its own; the name of `DEMO_ACCOUNTS`' supplier for the first).
fn demo_signup(mut form: SupplierForm, i: usize) -> SupplierForm {
    form.username = demo_supplier_username(i);
    form.mobile = format!("139{:08}", 10_000_000 + i);
    if i == 0 {
        form.contact_person = "吴经理".to_owned();
    }
    form.password = shared::account::Secret(DEMO_PASSWORD.to_owned());
    form.password2 = form.password.clone();
    form
}

/// The demo accounts, one or more for every role (the supplier account acts for the first demo
/// supplier).
pub const DEMO_ACCOUNTS: &[DemoAccount] = &[
    DemoAccount {
        username: "admin",
        display_name: "系统管理员",
        role: Role::Admin,
        organisation: None,
        duty: Some(shared::access::Duty::System),
    },
    DemoAccount {
        username: "aqgly",
        display_name: "安全管理员",
        role: Role::Admin,
        organisation: None,
        duty: Some(shared::access::Duty::Security),
    },
    DemoAccount {
        username: "sjgly",
        display_name: "审计管理员",
        role: Role::Admin,
        organisation: None,
        duty: Some(shared::access::Duty::Audit),
    },
    DemoAccount {
        username: "czczj",
        display_name: "市财政局 王监管",
        role: Role::Regulator,
        organisation: Some(OrgRef::Named("常州市财政局")),
        duty: None,
    },
    DemoAccount {
        username: "tnczj",
        display_name: "天宁区财政局 李监管",
        role: Role::Regulator,
        organisation: Some(OrgRef::Named("常州市天宁区财政局")),
        duty: None,
    },
    DemoAccount {
        username: "wjczj",
        display_name: "武进区财政局 周监管",
        role: Role::Regulator,
        organisation: Some(OrgRef::Named("常州市武进区财政局")),
        duty: None,
    },
    DemoAccount {
        username: "tnjyj",
        display_name: "天宁区教育局 陈采购",
        role: Role::Purchaser,
        organisation: Some(OrgRef::Named("常州市天宁区教育局")),
        duty: Some(shared::access::Duty::UnitAdmin),
    },
    DemoAccount {
        username: DEMO_REVIEWER,
        display_name: "天宁区教育局 王审核",
        role: Role::Purchaser,
        organisation: Some(OrgRef::Named("常州市天宁区教育局")),
        duty: None,
    },
    DemoAccount {
        username: "wjjyj",
        display_name: "武进区教育局 陶采购",
        role: Role::Purchaser,
        organisation: Some(OrgRef::Named("常州市武进区教育局")),
        duty: None,
    },
    DemoAccount {
        username: "cgzx",
        display_name: "市政府采购中心 赵代理",
        role: Role::Agency,
        organisation: Some(OrgRef::Named("常州市政府采购中心")),
        duty: None,
    },
    DemoAccount {
        username: "dljg",
        display_name: "代理机构 孙代理",
        role: Role::Agency,
        organisation: Some(OrgRef::FirstAgency),
        duty: None,
    },
    DemoAccount {
        username: "gys",
        display_name: "供应商 吴经理",
        role: Role::Supplier,
        organisation: None,
        duty: None,
    },
    DemoAccount {
        username: "zj000",
        display_name: "评审专家 郑专家",
        role: Role::Expert,
        organisation: None,
        duty: None,
    },
];

/// Loads the full demo data if the database has no organisations and no suppliers yet (first
/// start, `yiwang demo`).
pub async fn load_if_empty(store: &Store) -> Result<Option<DemoSummary>, DemoError> {
    load_if_empty_with(store, DemoScale::Full).await
}

/// Loads the demo data of `scale` if the database has no organisations and no suppliers yet.
pub async fn load_if_empty_with(
    store: &Store,
    scale: DemoScale,
) -> Result<Option<DemoSummary>, DemoError> {
    load_if_empty_progress(store, scale, &crate::progress::Progress::hidden()).await
}

/// [`load_if_empty_with`], showing its progress on `progress` (`yiwang demo` on a terminal).
pub async fn load_if_empty_progress(
    store: &Store,
    scale: DemoScale,
    progress: &crate::progress::Progress,
) -> Result<Option<DemoSummary>, DemoError> {
    let rows = repo::organisations_and_suppliers(&store.db.pool).await?;
    if rows == 0 {
        let loaded = load_with_progress(store, scale, progress).await.map(Some);
        progress.finish();
        loaded
    } else {
        Ok(None)
    }
}

/// The audit action that marks a database holding demo data (appended with the first demo rows).
pub const DEMO_MARKER_ACTION: &str = "demo.load";

/// When the demo accounts were created (deterministic): with their names, how a database filled
/// before the marker existed is recognised.
const DEMO_ACCOUNTS_CREATED: i64 = 1_704_038_400 + 86_400 * 60;

/// Whether the database holds demo data (and so the demo accounts with their published
/// password): the marker record of the audit trail, or — for a database filled before the
/// marker existed — the demo accounts with their creation time. Read once at start.
pub async fn is_demo(store: &Store) -> Result<bool, DemoError> {
    let marked = repo::has_audit_action(&store.db.pool, DEMO_MARKER_ACTION).await?;
    if marked {
        return Ok(true);
    }
    let accounts = repo::demo_accounts_created_at(&store.db.pool, DEMO_ACCOUNTS_CREATED).await?;
    Ok(accounts > 0)
}

pub async fn summary(store: &Store) -> Result<DemoSummary, DemoError> {
    Ok(DemoSummary {
        jurisdictions: store.count(Table::Jurisdictions).await?,
        organisations: store.count(Table::Organisations).await?,
        suppliers: store.count(Table::Suppliers).await?,
        users: store.count(Table::Users).await?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_valid() {
        let a = supplier_forms(DEMO_SEED, 50);
        let b = supplier_forms(DEMO_SEED, 50);
        assert_eq!(a, b);
        for form in &a {
            assert!(
                shared::supplier::validate_supplier(form).is_ok(),
                "{form:?}: {:?}",
                shared::supplier::validate_supplier(form).err()
            );
        }
        let orgs = organisations(DEMO_SEED);
        assert!(
            orgs.iter()
                .filter(|o| o.0 == "agency" || o.0 == "procurement_center")
                .count()
                >= 90
        );
    }
}
