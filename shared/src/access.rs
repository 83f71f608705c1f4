//! Who may see what: the roles of the platform, the signed-in principal, and the one pure rule
//! deciding whether a principal may see or act on a record. The server calls it for every
//! scoped answer; pages may call it to hide what cannot be opened. No IO here: the server
//! builds the [`Principal`] from its session table and the [`Record`] from its rows.
//!
//! | role | sees |
//! |---|---|
//! | regulator of the city (常州市财政局) | every record of every jurisdiction |
//! | regulator of a district or county-level city | records of its own jurisdiction only |
//! | purchaser (采购人, a budget unit) | records of its own unit |
//! | procurement center / private agency (采购代理机构) | projects entrusted to its own organisation |
//! | supplier | its own supplier record and its own bids |
//! | evaluation expert | its own records (assignments, scores) |
//! | administrator | everything (account management) |
//!
//! Pages that only one role opens (e.g. the regulator's supplier list) are decided by
//! [`may_open`].

use serde::{Deserialize, Serialize};

use crate::field::{FieldError, FieldErrors};
use crate::i18n::Text;
use crate::region::{region, RegionKind};

/// The role of an account. Stored as its [`Role::code`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 采购人: staff of a budget unit (an organisation of kind `purchaser`).
    Purchaser,
    /// 采购代理机构: staff of the centralized procurement center or of a private agency.
    Agency,
    /// 供应商: tied to one registered supplier.
    Supplier,
    /// 评审专家.
    Expert,
    /// 财政部门: the city's or a district's finance bureau (an organisation of kind `regulator`).
    Regulator,
    /// 系统管理员.
    Admin,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Purchaser,
        Role::Agency,
        Role::Supplier,
        Role::Expert,
        Role::Regulator,
        Role::Admin,
    ];

    /// The code stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            Role::Purchaser => "purchaser",
            Role::Agency => "agency",
            Role::Supplier => "supplier",
            Role::Expert => "expert",
            Role::Regulator => "regulator",
            Role::Admin => "admin",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    /// The role's name for people.
    pub fn name(self) -> Text {
        match self {
            Role::Purchaser => Text::new("采购人", "Purchaser"),
            Role::Agency => Text::new("采购代理机构", "Procurement agency"),
            Role::Supplier => Text::new("供应商", "Supplier"),
            Role::Expert => Text::new("评审专家", "Evaluation expert"),
            Role::Regulator => Text::new("财政监管部门", "Regulator (finance bureau)"),
            Role::Admin => Text::new("管理员", "Administrator"),
        }
    }

    /// The organisation kinds (`organisations.kind`) an account of this role may belong to;
    /// empty when the role belongs to no organisation.
    pub fn organisation_kinds(self) -> &'static [&'static str] {
        match self {
            Role::Purchaser => &["purchaser"],
            Role::Agency => &["procurement_center", "agency"],
            Role::Regulator => &["regulator"],
            Role::Supplier | Role::Expert | Role::Admin => &[],
        }
    }

    /// Staff of a public body or the platform (purchaser, agency, regulator, administrator):
    /// their passwords expire after the configured age.
    pub fn is_staff(self) -> bool {
        matches!(
            self,
            Role::Purchaser | Role::Agency | Role::Regulator | Role::Admin
        )
    }
}

/// What an account does beyond its role (`users.duty`). The platform's administration is split
/// three ways as GB/T 22239 level 3 expects (三员); a purchaser unit or an agency has its own
/// administrator of its staff.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Duty {
    /// 系统管理员: organisations, staff accounts, the holiday calendar (an administrator
    /// without a stored duty is one).
    System,
    /// 安全管理员: disables, enables and resets accounts.
    Security,
    /// 审计管理员: reads the audit trail and the sign-in log; changes nothing.
    Audit,
    /// 单位管理员: manages the staff accounts of its own purchaser unit or agency.
    UnitAdmin,
}

impl Duty {
    pub const ALL: [Duty; 4] = [Duty::System, Duty::Security, Duty::Audit, Duty::UnitAdmin];
    /// The administrator's duties (三员), in the order forms offer them.
    pub const ADMIN: [Duty; 3] = [Duty::System, Duty::Security, Duty::Audit];

    pub fn code(self) -> &'static str {
        match self {
            Duty::System => "system",
            Duty::Security => "security",
            Duty::Audit => "audit",
            Duty::UnitAdmin => "unit_admin",
        }
    }

    pub fn from_code(code: &str) -> Option<Duty> {
        Duty::ALL.into_iter().find(|d| d.code() == code.trim())
    }

    pub fn name(self) -> Text {
        match self {
            Duty::System => Text::new("系统管理员", "System administrator"),
            Duty::Security => Text::new("安全管理员", "Security administrator"),
            Duty::Audit => Text::new("审计管理员", "Audit administrator"),
            Duty::UnitAdmin => Text::new("单位管理员", "Unit administrator"),
        }
    }

    /// Whether an account of `role` may hold this duty.
    pub fn fits(self, role: Role) -> bool {
        match self {
            Duty::System | Duty::Security | Duty::Audit => role == Role::Admin,
            Duty::UnitAdmin => matches!(role, Role::Purchaser | Role::Agency),
        }
    }
}

/// The administrator's duty (三员) of a principal: its stored one, [`Duty::System`] without;
/// `None` for every other role.
pub fn admin_duty(p: &Principal) -> Option<Duty> {
    (p.role == Role::Admin).then_some(match p.duty {
        Some(d @ (Duty::Security | Duty::Audit)) => d,
        _ => Duty::System,
    })
}

/// What the platform calls the account's part: an administrator by its duty (三员), a unit's
/// administrator as such, everyone else by its role.
pub fn part_name(p: &Principal) -> Text {
    match (admin_duty(p), is_unit_admin(p)) {
        (Some(d), _) => d.name(),
        (None, true) => match p.role {
            Role::Agency => Text::new("代理机构 · 单位管理员", "Agency · unit administrator"),
            _ => Text::new("采购人 · 单位管理员", "Purchaser · unit administrator"),
        },
        _ => p.role.name(),
    }
}

/// Whether `p` administers the staff of its own unit or agency.
pub fn is_unit_admin(p: &Principal) -> bool {
    p.duty == Some(Duty::UnitAdmin)
        && matches!(p.role, Role::Purchaser | Role::Agency)
        && p.organisation_id.is_some()
}

/// A staff account as the rules of who manages it see it: its role, its organisation and the
/// organisation's jurisdiction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StaffScope<'a> {
    pub role: Role,
    pub organisation_id: Option<i64>,
    pub jurisdiction: Option<&'a str>,
}

/// Whether `actor` (`None`: the operator's command line) may create an account `t`: the system
/// administrator any staff account but an administrator's (those the operator creates on the
/// server, `yiwang admin create`); a regulator purchasers', agencies' and regulators' accounts of
/// organisations its jurisdiction covers; a unit administrator its own organisation's accounts
/// of its role. Nobody else.
pub fn may_create_account(actor: Option<&Principal>, t: &StaffScope<'_>) -> bool {
    let Some(a) = actor else {
        return true;
    };
    match a.role {
        Role::Admin => admin_duty(a) == Some(Duty::System) && t.role != Role::Admin,
        Role::Regulator => {
            matches!(t.role, Role::Purchaser | Role::Agency | Role::Regulator)
                && match (a.jurisdiction.as_deref(), t.jurisdiction) {
                    (Some(scope), Some(code)) => jurisdiction_covers(scope, code),
                    _ => false,
                }
        }
        Role::Purchaser | Role::Agency => {
            is_unit_admin(a) && t.role == a.role && t.organisation_id == a.organisation_id
        }
        Role::Supplier | Role::Expert => false,
    }
}

/// Whether `actor` may disable, enable or reset account `t`: the security administrator any
/// account but an administrator's; regulators and unit administrators the accounts they may
/// create ([`may_create_account`]). The system and audit administrators may not.
pub fn may_secure_account(actor: Option<&Principal>, t: &StaffScope<'_>) -> bool {
    match actor {
        Some(a) if a.role == Role::Admin => {
            admin_duty(a) == Some(Duty::Security) && t.role != Role::Admin
        }
        _ => may_create_account(actor, t),
    }
}

/// Whether `actor` may reset account `t`'s password (the temporary password is shown to the one
/// who resets: whoever resets could sign in as the account): the security administrator (any
/// account but an administrator's) and the operator's command line only. Regulators and unit
/// administrators disable and enable; a forgotten password goes to the security administrator.
pub fn may_reset_password(actor: Option<&Principal>, t: &StaffScope<'_>) -> bool {
    match actor {
        None => true,
        Some(a) => admin_duty(a) == Some(Duty::Security) && t.role != Role::Admin,
    }
}

/// Which accounts a list of accounts shows to `p`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountFilter {
    /// Every account (administrators).
    All,
    /// Staff of organisations in this jurisdiction (or all jurisdictions: the city's bureau).
    Jurisdiction(JurisdictionFilter),
    /// Staff of this organisation (a unit administrator).
    Organisation(i64),
}

/// The accounts `p` may list, or `None` when it lists none.
pub fn account_filter(p: &Principal) -> Option<AccountFilter> {
    match p.role {
        Role::Admin => Some(AccountFilter::All),
        Role::Regulator => jurisdiction_filter(p).map(AccountFilter::Jurisdiction),
        Role::Purchaser | Role::Agency if is_unit_admin(p) => {
            p.organisation_id.map(AccountFilter::Organisation)
        }
        _ => None,
    }
}

/// Whether `p` may create organisations (the system administrator; purchaser units also come
/// from the budget system's ingest).
pub fn may_create_organisation(p: &Principal) -> bool {
    admin_duty(p) == Some(Duty::System)
}

/// The signed-in account of one request, as the server established it from the session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Principal {
    pub user_id: i64,
    pub role: Role,
    /// The organisation (purchaser unit, agency, regulator) the account belongs to.
    pub organisation_id: Option<i64>,
    /// The supplier the account acts for (role `Supplier` only).
    pub supplier_id: Option<i64>,
    /// The jurisdiction of the organisation or supplier (GB/T 2260 code).
    pub jurisdiction: Option<String>,
    /// Its duty beyond the role ([`Duty`]), if any.
    #[serde(default)]
    pub duty: Option<Duty>,
}

impl Principal {
    /// Whether this principal is a regulator of the whole city.
    pub fn is_city_regulator(&self) -> bool {
        self.role == Role::Regulator
            && self
                .jurisdiction
                .as_deref()
                .and_then(region)
                .is_some_and(|r| r.kind == RegionKind::City)
    }
}

/// What a scoped record is tied to. Fields that do not apply to a kind of record stay `None`;
/// a `None` never matches, so a record missing a tie is visible to the city and admins only.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Record<'a> {
    /// The jurisdiction the record belongs to (a supplier's region, a project's jurisdiction).
    pub jurisdiction: Option<&'a str>,
    /// The purchaser unit that owns it.
    pub purchaser_id: Option<i64>,
    /// The agency (or procurement center) it is entrusted to.
    pub agency_id: Option<i64>,
    /// The supplier it belongs to.
    pub supplier_id: Option<i64>,
    /// The expert account it belongs to.
    pub expert_user_id: Option<i64>,
}

/// Whether `principal` may see and act on `record`. The one rule for every scoped answer.
pub fn may_access(principal: &Principal, record: &Record<'_>) -> bool {
    fn same<T: PartialEq>(a: Option<T>, b: Option<T>) -> bool {
        matches!((a, b), (Some(a), Some(b)) if a == b)
    }
    match principal.role {
        Role::Admin => true,
        Role::Regulator => {
            principal.is_city_regulator()
                || same(principal.jurisdiction.as_deref(), record.jurisdiction)
        }
        Role::Purchaser => same(principal.organisation_id, record.purchaser_id),
        Role::Agency => same(principal.organisation_id, record.agency_id),
        Role::Supplier => same(principal.supplier_id, record.supplier_id),
        Role::Expert => same(Some(principal.user_id), record.expert_user_id),
    }
}

/// Whether `principal` runs the procedure of a project of purchaser unit `purchaser_id` entrusted
/// to `agency_id` (`None`: self-procurement): the entrusted agency's staff, or without an agency
/// the purchaser unit's. The one rule of who runs a procedure — the server's steps, the
/// disclosure viewer (`crate::disclosure::Facts::runner`) and the pages' offered actions.
pub fn runs_procedure(principal: &Principal, purchaser_id: i64, agency_id: Option<i64>) -> bool {
    match agency_id {
        Some(agency) => principal.role == Role::Agency && principal.organisation_id == Some(agency),
        None => of_unit(principal, purchaser_id),
    }
}

/// Whether `principal` is a purchaser of unit `unit_id` (its plans, its awards, contracts and
/// payments, what may follow a failed round).
pub fn of_unit(principal: &Principal, unit_id: i64) -> bool {
    principal.role == Role::Purchaser && principal.organisation_id == Some(unit_id)
}

/// Whether a jurisdiction-wide scope (a regulator's, an ingest API key's) covers a record of
/// jurisdiction `code`: the city (常州市 320400) covers itself and every region of the platform;
/// a district or the county-level city only itself. Unknown codes cover and are covered by
/// nothing.
pub fn jurisdiction_covers(scope: &str, code: &str) -> bool {
    match (region(scope), region(code)) {
        (Some(s), Some(c)) => s.code == c.code || s.kind == RegionKind::City,
        _ => false,
    }
}

/// Which jurisdictions a list of a regulator shows: used to filter in the database; each row is
/// still checked with [`may_access`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JurisdictionFilter {
    All,
    Only(String),
}

/// The jurisdictions a principal's jurisdiction-wide lists show, or `None` when it has no
/// jurisdiction-wide view (everyone but regulators and admins).
pub fn jurisdiction_filter(principal: &Principal) -> Option<JurisdictionFilter> {
    match principal.role {
        Role::Admin => Some(JurisdictionFilter::All),
        Role::Regulator if principal.is_city_regulator() => Some(JurisdictionFilter::All),
        Role::Regulator => principal.jurisdiction.clone().map(JurisdictionFilter::Only),
        _ => None,
    }
}

/// The pages (and their server functions) whose access depends on the role alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    /// `/account`: any signed-in account.
    Account,
    /// `/regulator/suppliers`: the suppliers of the regulator's jurisdiction; regulators only.
    RegulatorSuppliers,
    /// `/plans`: a purchaser's budget lines and plans, and the plan form; purchasers only.
    PurchaserPlans,
    /// `/regulator/approvals`: the requests of the regulator's jurisdiction; regulators only.
    RegulatorApprovals,
    /// `/regulator/monitor`: the live monitor of the regulator's jurisdiction; regulators only.
    RegulatorMonitor,
    /// `/regulator/dashboard`: the key figures and charts of the regulator's jurisdiction.
    RegulatorDashboard,
    /// `/projects`: the procurement projects of a purchaser's unit, an agency's entrusted ones,
    /// a regulator's jurisdiction, or all (administrators).
    Projects,
    /// `/supplier/bids`: the projects open for bids and the supplier's own bids; suppliers only.
    SupplierBids,
    /// `/expert/panels`: the panels an expert sits on; experts only.
    ExpertPanels,
    /// `/regulator/cases` and `/regulator/risk`: supervision cases and the risk queue of the
    /// regulator's jurisdiction; regulators only.
    RegulatorCases,
    /// `/cases`: the questions and rectification orders a regulator addressed to the account's
    /// organisation; purchasers and agencies.
    CaseReplies,
    /// `/admin/calendar`: the holiday calendar in force, year by year; administrators (who load
    /// years, [`may_load_calendar`]) and regulators (who read it).
    Calendar,
    /// `/regulator/thresholds`: the thresholds in force with their sources and whether they are
    /// verified; regulators and administrators read it, a city's finance bureau keeps its values
    /// (`shared::thresholds::issuer_level`).
    Thresholds,
    /// `/admin/users` and `/admin/organisations`: accounts and organisations; administrators
    /// (all three read them, each acts on its share), regulators (their jurisdiction's staff)
    /// and unit administrators (their organisation's staff) — [`account_filter`].
    Accounts,
    /// `/expert/profile`: an expert's own record in the library; experts.
    ExpertProfile,
    /// `/regulator/experts`: the expert library and its applications; regulators (the data
    /// only for those of the jurisdiction that keeps the library).
    ExpertLibrary,
    /// `/supplier/profile`: a supplier's own data, which its bound accounts change; suppliers.
    SupplierProfile,
    /// `/admin/audit`: the audit trail and the sign-in log, read-only; the audit administrator.
    AuditLog,
    /// `/plans`: the list of plans — a purchaser's unit's (beside its budget lines and forms,
    /// [`Page::PurchaserPlans`]), a regulator's jurisdiction's ([`plan_scope`]).
    Plans,
}

/// Whose plans a principal's plan list shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanScope {
    /// A purchaser's own unit.
    Unit(i64),
    /// A regulator's jurisdiction.
    Jurisdiction(JurisdictionFilter),
}

/// The plans a principal lists: its unit's for a purchaser, its jurisdiction's for a regulator;
/// `None` for everyone else.
pub fn plan_scope(principal: &Principal) -> Option<PlanScope> {
    match principal.role {
        Role::Purchaser => principal.organisation_id.map(PlanScope::Unit),
        Role::Regulator => jurisdiction_filter(principal).map(PlanScope::Jurisdiction),
        _ => None,
    }
}

/// Whether a principal (or nobody, `None`) may open a page.
pub fn may_open(principal: Option<&Principal>, page: Page) -> bool {
    match (principal, page) {
        (None, _) => false,
        (Some(_), Page::Account) => true,
        (
            Some(p),
            Page::RegulatorSuppliers
            | Page::RegulatorApprovals
            | Page::RegulatorMonitor
            | Page::RegulatorDashboard
            | Page::RegulatorCases,
        ) => p.role == Role::Regulator,
        (Some(p), Page::CaseReplies) => {
            matches!(p.role, Role::Purchaser | Role::Agency) && p.organisation_id.is_some()
        }
        (Some(p), Page::PurchaserPlans) => p.role == Role::Purchaser && p.organisation_id.is_some(),
        (Some(p), Page::Projects) => match p.role {
            Role::Purchaser | Role::Agency => p.organisation_id.is_some(),
            Role::Regulator | Role::Admin => true,
            Role::Supplier | Role::Expert => false,
        },
        (Some(p), Page::SupplierBids) => p.role == Role::Supplier && p.supplier_id.is_some(),
        (Some(p), Page::ExpertPanels) => p.role == Role::Expert,
        (Some(p), Page::Calendar | Page::Thresholds) => {
            matches!(p.role, Role::Admin | Role::Regulator)
        }
        (Some(p), Page::Accounts) => account_filter(p).is_some(),
        (Some(p), Page::AuditLog) => admin_duty(p) == Some(Duty::Audit),
        (Some(p), Page::ExpertProfile) => p.role == Role::Expert,
        (Some(p), Page::ExpertLibrary) => p.role == Role::Regulator,
        (Some(p), Page::SupplierProfile) => p.role == Role::Supplier && p.supplier_id.is_some(),
        (Some(p), Page::Plans) => plan_scope(p).is_some(),
    }
}

/// The name of an organisation kind (`organisations.kind`).
pub fn organisation_kind_name(kind: &str) -> Text {
    match kind {
        "purchaser" => Text::new("采购人（预算单位）", "Purchaser (budget unit)"),
        "procurement_center" => Text::new("集中采购机构", "Procurement centre"),
        "agency" => Text::new("采购代理机构", "Procurement agency"),
        "regulator" => Text::new("财政部门", "Finance bureau"),
        _ => Text::new("其他", "Other"),
    }
}

/// The organisation kinds, in the order forms offer them.
pub const ORGANISATION_KINDS: [&str; 4] =
    ["purchaser", "procurement_center", "agency", "regulator"];

/// Whether a principal may load a year of the holiday calendar (the State Council's notice
/// binds every level alike: the platform's administrators load it).
pub fn may_load_calendar(p: &Principal) -> bool {
    admin_duty(p) == Some(Duty::System)
}

/// The longest user name accepted (characters).
pub const MAX_USERNAME_CHARS: usize = 64;
/// The longest password accepted (bytes; Argon2 takes longer ones but a limit stops abuse).
pub const MAX_PASSWORD_BYTES: usize = 256;

/// Checks a login form's fields before any lookup. The messages never say whether an account
/// exists: that is decided later and answered with one message for both cases.
pub fn validate_login(username: &str, password: &str) -> Result<(), FieldErrors> {
    let mut errors = Vec::new();
    let name = username.trim();
    if name.is_empty() {
        errors.push(FieldError::new(
            "username",
            "username.required",
            Text::new("请输入用户名", "Please enter your user name"),
        ));
    } else if name.chars().count() > MAX_USERNAME_CHARS {
        errors.push(FieldError::new(
            "username",
            "username.too_long",
            Text::new(
                "用户名不能超过 64 个字符",
                "The user name has at most 64 characters",
            ),
        ));
    }
    if password.is_empty() {
        errors.push(FieldError::new(
            "password",
            "password.required",
            Text::new("请输入密码", "Please enter your password"),
        ));
    } else if password.len() > MAX_PASSWORD_BYTES {
        errors.push(FieldError::new(
            "password",
            "password.too_long",
            Text::new("密码过长", "The password is too long"),
        ));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(FieldErrors(errors))
    }
}

/// The one message for a wrong password and for an unknown user name alike.
pub const BAD_CREDENTIALS: Text = Text::new("用户名或密码错误", "Wrong user name or password");

/// Sign-in could not be checked (the database is unavailable; the cause is in the log).
pub const LOGIN_UNAVAILABLE: Text = Text::new(
    "服务暂时不可用，请稍后重试。",
    "The service is unavailable right now; please try again later.",
);

/// Too many failed sign-ins: the next attempt in `retry_after` seconds.
pub fn login_throttled(retry_after: i64) -> crate::field::FieldError {
    crate::field::FieldError::with_message(
        "form",
        "login.throttled",
        format!("登录失败次数过多，请 {retry_after} 秒后再试"),
        format!("Too many failed sign-ins; please try again in {retry_after} s"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn principal(role: Role, org: Option<i64>, jur: Option<&str>) -> Principal {
        Principal {
            user_id: 7,
            role,
            organisation_id: org,
            supplier_id: (role == Role::Supplier).then_some(42),
            jurisdiction: jur.map(str::to_owned),
            duty: None,
        }
    }

    #[test]
    fn the_three_administrators_regulators_and_unit_administrators_manage_their_share() {
        let with = |role, org, jur, duty| Principal {
            duty,
            ..principal(role, org, jur)
        };
        let system = with(Role::Admin, None, None, None);
        let security = with(Role::Admin, None, None, Some(Duty::Security));
        let audit = with(Role::Admin, None, None, Some(Duty::Audit));
        let tianning = with(Role::Regulator, Some(2), Some("320402"), None);
        let city = with(Role::Regulator, Some(1), Some("320400"), None);
        let unit_admin = with(
            Role::Purchaser,
            Some(105),
            Some("320402"),
            Some(Duty::UnitAdmin),
        );
        let clerk = with(Role::Purchaser, Some(105), Some("320402"), None);
        let staff = |role, org, jur| StaffScope {
            role,
            organisation_id: Some(org),
            jurisdiction: Some(jur),
        };
        let unit = staff(Role::Purchaser, 105, "320402");
        let wujin = staff(Role::Agency, 300, "320412");
        let admin = StaffScope {
            role: Role::Admin,
            organisation_id: None,
            jurisdiction: None,
        };
        assert!(may_create_account(None, &admin), "the operator");
        assert!(may_create_account(Some(&system), &unit));
        assert!(!may_create_account(Some(&system), &admin));
        assert!(!may_create_account(Some(&security), &unit));
        assert!(may_secure_account(Some(&security), &unit));
        assert!(!may_secure_account(Some(&system), &unit));
        assert!(!may_secure_account(Some(&security), &admin));
        let a = &audit;
        assert!(!may_create_account(Some(a), &unit) && !may_secure_account(Some(a), &unit));
        assert!(may_create_account(Some(&tianning), &unit));
        assert!(!may_create_account(Some(&tianning), &wujin));
        assert!(may_create_account(Some(&city), &wujin));
        assert!(!may_create_account(Some(&city), &admin));
        assert!(may_create_account(Some(&unit_admin), &unit));
        assert!(!may_create_account(
            Some(&unit_admin),
            &staff(Role::Purchaser, 106, "320402")
        ));
        assert!(!may_create_account(
            Some(&unit_admin),
            &staff(Role::Agency, 105, "320402")
        ));
        assert!(!may_create_account(Some(&clerk), &unit));
        assert!(may_secure_account(Some(&unit_admin), &unit));
        assert!(!may_reset_password(Some(&unit_admin), &unit));
        assert!(!may_reset_password(Some(&tianning), &unit));
        assert!(may_reset_password(Some(&security), &unit));
        assert!(!may_reset_password(Some(&security), &admin));
        assert!(may_open(Some(&audit), Page::AuditLog));
        assert!(!may_open(Some(&system), Page::AuditLog));
        assert!(may_open(Some(&unit_admin), Page::Accounts));
        assert!(!may_open(Some(&clerk), Page::Accounts));
        assert!(may_open(Some(&tianning), Page::Accounts));
        assert!(may_load_calendar(&system) && !may_load_calendar(&audit));
        assert_eq!(
            account_filter(&unit_admin),
            Some(AccountFilter::Organisation(105))
        );
        assert_eq!(
            account_filter(&tianning),
            Some(AccountFilter::Jurisdiction(JurisdictionFilter::Only(
                "320402".into()
            )))
        );
        assert_eq!(account_filter(&clerk), None);
    }

    #[test]
    fn who_runs_the_procedure() {
        let agency = principal(Role::Agency, Some(8), None);
        let unit = principal(Role::Purchaser, Some(105), None);
        // Entrusted: the agency runs it, not the purchaser, not another agency.
        assert!(runs_procedure(&agency, 105, Some(8)));
        assert!(!runs_procedure(&unit, 105, Some(8)));
        assert!(!runs_procedure(
            &principal(Role::Agency, Some(9), None),
            105,
            Some(8)
        ));
        // Self-procurement: the unit's purchaser staff, not another unit's, not an agency.
        assert!(runs_procedure(&unit, 105, None));
        assert!(!runs_procedure(
            &principal(Role::Purchaser, Some(106), None),
            105,
            None
        ));
        assert!(!runs_procedure(&agency, 105, None));
        for role in [Role::Regulator, Role::Admin, Role::Supplier, Role::Expert] {
            assert!(!runs_procedure(
                &principal(role, Some(8), Some("320400")),
                105,
                Some(8)
            ));
            assert!(!runs_procedure(
                &principal(role, Some(105), Some("320400")),
                105,
                None
            ));
        }
    }

    #[test]
    fn regulators_see_their_jurisdiction_the_city_sees_all() {
        let city = principal(Role::Regulator, Some(1), Some("320400"));
        let tianning = principal(Role::Regulator, Some(2), Some("320402"));
        let liyang = principal(Role::Regulator, Some(3), Some("320481"));
        for code in ["320400", "320402", "320404", "320481"] {
            let r = Record {
                jurisdiction: Some(code),
                ..Record::default()
            };
            assert!(may_access(&city, &r), "city sees {code}");
            assert_eq!(may_access(&tianning, &r), code == "320402", "{code}");
            assert_eq!(may_access(&liyang, &r), code == "320481", "{code}");
        }
        assert!(!may_access(&tianning, &Record::default()));
        assert!(may_access(&city, &Record::default()));
        // A regulator without a jurisdiction sees nothing.
        let broken = principal(Role::Regulator, Some(4), None);
        assert!(!may_access(
            &broken,
            &Record {
                jurisdiction: Some("320402"),
                ..Record::default()
            }
        ));
        assert_eq!(jurisdiction_filter(&city), Some(JurisdictionFilter::All));
        assert_eq!(
            jurisdiction_filter(&tianning),
            Some(JurisdictionFilter::Only("320402".into()))
        );
        assert_eq!(jurisdiction_filter(&broken), None);
    }

    #[test]
    fn others_see_their_own_records_only() {
        let purchaser = principal(Role::Purchaser, Some(10), Some("320402"));
        let agency = principal(Role::Agency, Some(20), Some("320400"));
        let supplier = principal(Role::Supplier, None, Some("320402"));
        let expert = principal(Role::Expert, None, None);
        let admin = principal(Role::Admin, None, None);
        let own_unit = Record {
            jurisdiction: Some("320402"),
            purchaser_id: Some(10),
            agency_id: Some(21),
            ..Record::default()
        };
        let entrusted = Record {
            jurisdiction: Some("320404"),
            purchaser_id: Some(11),
            agency_id: Some(20),
            ..Record::default()
        };
        let own_supplier = Record {
            jurisdiction: Some("320402"),
            supplier_id: Some(42),
            ..Record::default()
        };
        let other_supplier = Record {
            jurisdiction: Some("320402"),
            supplier_id: Some(43),
            ..Record::default()
        };
        let own_score = Record {
            expert_user_id: Some(7),
            ..Record::default()
        };
        assert!(may_access(&purchaser, &own_unit));
        assert!(!may_access(&purchaser, &entrusted));
        assert!(
            !may_access(&purchaser, &own_supplier),
            "same district is not enough"
        );
        assert!(may_access(&agency, &entrusted));
        assert!(!may_access(&agency, &own_unit));
        assert!(may_access(&supplier, &own_supplier));
        assert!(!may_access(&supplier, &other_supplier));
        assert!(!may_access(&supplier, &own_unit));
        assert!(may_access(&expert, &own_score));
        assert!(!may_access(&expert, &own_supplier));
        for r in [
            &own_unit,
            &entrusted,
            &own_supplier,
            &other_supplier,
            &own_score,
        ] {
            assert!(may_access(&admin, r));
        }
        for p in [&purchaser, &agency, &supplier, &expert] {
            assert_eq!(jurisdiction_filter(p), None);
        }
    }

    #[test]
    fn the_city_covers_its_districts_a_district_only_itself() {
        assert!(jurisdiction_covers("320400", "320400"));
        assert!(jurisdiction_covers("320400", "320412"));
        assert!(jurisdiction_covers(" 320402", "320402 "));
        assert!(!jurisdiction_covers("320402", "320412"));
        assert!(!jurisdiction_covers("320402", "320400"));
        assert!(!jurisdiction_covers("320400", "320100"));
        assert!(!jurisdiction_covers("320100", "320100"));
    }

    #[test]
    fn pages_by_role() {
        assert!(!may_open(None, Page::Account));
        assert!(!may_open(None, Page::RegulatorSuppliers));
        for role in Role::ALL {
            let p = principal(role, Some(1), Some("320402"));
            assert!(may_open(Some(&p), Page::Account));
            assert_eq!(
                may_open(Some(&p), Page::RegulatorSuppliers),
                role == Role::Regulator,
                "{role:?}"
            );
            assert_eq!(Role::from_code(role.code()), Some(role));
            assert_eq!(
                may_open(Some(&p), Page::Projects),
                !matches!(role, Role::Supplier | Role::Expert),
                "{role:?}"
            );
            assert_eq!(
                may_open(Some(&p), Page::SupplierBids),
                role == Role::Supplier
            );
            assert_eq!(may_open(Some(&p), Page::ExpertPanels), role == Role::Expert);
        }
        let unitless = principal(Role::Purchaser, None, Some("320402"));
        assert!(!may_open(Some(&unitless), Page::Projects));
        assert_eq!(Role::from_code("root"), None);
    }

    #[test]
    fn login_form() {
        assert!(validate_login("czczj", "secret").is_ok());
        let e = validate_login("  ", "").unwrap_err();
        assert_eq!(e.len(), 2);
        assert!(e.for_field("username").is_some() && e.for_field("password").is_some());
        assert!(validate_login(&"名".repeat(65), "x").is_err());
        assert!(validate_login("a", &"x".repeat(257)).is_err());
    }
}

/// The shortest password accepted for a new or changed password (GB/T 22239 level 3 asks for
/// complex passwords without fixing numbers; the platform sets these).
pub const MIN_PASSWORD_CHARS: usize = 10;

/// Checks a new password: at least [`MIN_PASSWORD_CHARS`] characters, at most
/// [`MAX_PASSWORD_BYTES`] bytes, characters of three of the four classes (lower case, upper case,
/// digits, others), and not the login name (nor containing it). The list of common passwords is
/// the server's (`server::passwords`): it is not in the browser's bundle.
pub fn check_new_password(username: &str, password: &str) -> Result<(), FieldErrors> {
    let mut errors = Vec::new();
    let classes = [
        password.chars().any(|c| c.is_lowercase()),
        password.chars().any(|c| c.is_uppercase()),
        password.chars().any(|c| c.is_ascii_digit()),
        password.chars().any(|c| !c.is_alphanumeric()),
    ]
    .iter()
    .filter(|x| **x)
    .count();
    if password.chars().count() < MIN_PASSWORD_CHARS || password.len() > MAX_PASSWORD_BYTES {
        errors.push(FieldError::new(
            "password",
            "password.length",
            Text::new(
                "密码至少10个字符（不超过256字节）",
                "The password needs at least 10 characters (at most 256 bytes)",
            ),
        ));
    } else if classes < 3 {
        errors.push(FieldError::new(
            "password",
            "password.classes",
            Text::new(
                "密码须包含小写字母、大写字母、数字、符号中的至少三类",
                "The password needs three of: lower case, upper case, digits, symbols",
            ),
        ));
    }
    let name = username.trim().to_lowercase();
    if !name.is_empty() && password.to_lowercase().contains(&name) {
        errors.push(FieldError::new(
            "password",
            "password.username",
            Text::new(
                "密码不得包含用户名",
                "The password may not contain the user name",
            ),
        ));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(FieldErrors(errors))
    }
}

/// The refusal of a password found on the server's list of common passwords (the list stays on
/// the server: the browser's bundle does not carry it).
pub fn common_password() -> FieldError {
    FieldError::new(
        "password",
        "password.common",
        Text::new(
            "该密码过于常见，请换一个",
            "That password is too common: choose another",
        ),
    )
}

#[cfg(test)]
mod password_tests {
    use super::*;

    #[test]
    fn a_new_password_is_long_mixed_and_not_the_name() {
        assert!(check_new_password("root", "Yiwang-2026-admin").is_ok());
        assert!(check_new_password("root", "short1A!").is_err());
        assert!(check_new_password("root", "alllowercaseletters").is_err());
        assert!(check_new_password("root", "lowercase123456").is_err());
        assert!(check_new_password("root", "Lowercase123456").is_ok());
        assert!(check_new_password("admin", "Admin-2026-pass").is_err());
        let e = check_new_password("x", "abc").unwrap_err();
        assert!(e.for_field("password").is_some());
    }
}
