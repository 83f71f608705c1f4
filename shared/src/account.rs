//! Accounts of real users (issue 17): the login name, the account's own mobile and e-mail, a new
//! password typed twice, and the one-time code that verifies a contact. One check each, for the
//! browser (live, while typing) and for the server (the authority, which also refuses common
//! passwords: that list is the server's, `server::passwords`).
//!
//! An account is an identity, not a qualification (财库〔2019〕38号; `../shared/reference/accounts.md`
//! §0): nothing here asks for approval; a supplier account that is not yet bound to its legal
//! entity is asked to bind it before it signs a bid, and that is all.

use serde::{Deserialize, Serialize};

use crate::access::check_new_password;
use crate::field::{FieldError, FieldErrors};
use crate::i18n::Text;
use crate::supplier::{Email, Phone, PhoneKind};

/// A login name's length bounds.
pub const USERNAME_MIN: usize = 3;
pub const USERNAME_MAX: usize = 32;

/// Digits of a one-time code.
pub const CODE_DIGITS: usize = 6;
/// A one-time code is valid this long (10 minutes).
pub const CODE_VALID_SECS: i64 = 600;
/// Wrong entries of one code before it is void (a new one must be sent).
pub const CODE_MAX_ATTEMPTS: i64 = 5;
/// A new code for the same contact at most this often.
pub const CODE_RESEND_SECS: i64 = 60;

/// Text that must not show up in logs or debug output (a password as typed). Serialises as the
/// plain string (the form travels from the browser to the server), prints as `***`.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_empty() { "\"\"" } else { "***" })
    }
}

impl Secret {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The label of an account field in both languages.
pub fn field_label(field: &str) -> Text {
    match field {
        "username" => Text::new("登录名", "Login name"),
        "display_name" => Text::new("姓名", "Name"),
        "mobile" => Text::new("手机号码", "Mobile number"),
        "email" => Text::new("电子邮箱", "E-mail"),
        "password" => Text::new("密码", "Password"),
        "password2" => Text::new("确认密码", "Password again"),
        "code" => Text::new("验证码", "Code"),
        _ => Text::new("该项", "This field"),
    }
}

/// A login name: 3–32 characters, ASCII letters, digits, `_`, `.` and `-`, starting with a
/// letter; stored in lower case (so `Zhang.Wei` and `zhang.wei` are one name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Username(String);

impl Username {
    pub fn parse(input: &str) -> Result<Username, FieldError> {
        let name = input.trim();
        let bad = |code: &str, zh: &str, en: &str| {
            Err(FieldError::with_message(
                "username",
                code,
                zh.to_owned(),
                en.to_owned(),
            ))
        };
        if name.is_empty() {
            return bad("username.required", "请填写登录名", "Choose a login name");
        }
        let n = name.chars().count();
        if !(USERNAME_MIN..=USERNAME_MAX).contains(&n) {
            return bad(
                "username.length",
                "登录名为3至32个字符",
                "A login name has 3 to 32 characters",
            );
        }
        if !name.starts_with(|c: char| c.is_ascii_alphabetic())
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
        {
            return bad(
                "username.chars",
                "登录名以英文字母开头，只含英文字母、数字和 _ . -",
                "A login name starts with a letter and has only letters, digits and _ . -",
            );
        }
        Ok(Username(name.to_ascii_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An account's mobile number (a mainland mobile; a landline cannot receive a code).
pub fn parse_mobile(input: &str) -> Result<Phone, FieldError> {
    let label = field_label("mobile");
    match Phone::parse(input) {
        Ok(p) if p.kind() == PhoneKind::Mobile => Ok(p),
        Err(crate::supplier::PhoneError::Empty) => Err(FieldError::with_message(
            "mobile",
            "mobile.required",
            format!("请填写{}", label.zh),
            format!("{} is required", label.en),
        )),
        _ => Err(FieldError::with_message(
            "mobile",
            "mobile.invalid",
            "手机号码应为11位，以1开头（用于接收验证码）".to_owned(),
            "A mobile number has 11 digits starting with 1 (it receives the codes)".to_owned(),
        )),
    }
}

/// An account's e-mail address.
pub fn parse_email(input: &str) -> Result<Email, FieldError> {
    Email::parse(input).map_err(|e| {
        let mut f = e.to_field_error("email");
        f.field = "email".into();
        f
    })
}

/// A new password and its confirmation: the rule of [`check_new_password`] on `password`, and
/// `password2` must be the same text.
pub fn check_password_pair(username: &str, password: &str, password2: &str) -> FieldErrors {
    let mut errors = check_new_password(username, password)
        .err()
        .unwrap_or_default();
    if password2.is_empty() {
        errors.0.push(FieldError::new(
            "password2",
            "password2.required",
            Text::new("请再输入一次密码", "Type the password again"),
        ));
    } else if password != password2 {
        errors.0.push(FieldError::new(
            "password2",
            "password2.mismatch",
            Text::new("两次输入的密码不一致", "The two passwords differ"),
        ));
    }
    errors
}

/// The account fields of a form, exactly as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AccountForm {
    pub username: String,
    pub display_name: String,
    pub mobile: String,
    pub email: String,
    pub password: Secret,
    pub password2: Secret,
}

/// The fields of [`AccountForm`], in form order.
pub const ACCOUNT_FIELDS: &[&str] = &[
    "username",
    "display_name",
    "mobile",
    "email",
    "password",
    "password2",
];

/// A new account whose every field is valid (only [`validate_account`] makes one). Holds the
/// password as typed until the server hashes it; never serialised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAccount {
    username: Username,
    display_name: String,
    mobile: Phone,
    email: Email,
    password: Secret,
}

impl NewAccount {
    pub fn username(&self) -> &Username {
        &self.username
    }
    pub fn display_name(&self) -> &str {
        &self.display_name
    }
    pub fn mobile(&self) -> &Phone {
        &self.mobile
    }
    pub fn email(&self) -> &Email {
        &self.email
    }
    pub fn password(&self) -> &str {
        self.password.as_str()
    }
}

/// A person's name on an account: 2–30 characters, no markup.
fn parse_display_name(input: &str) -> Result<String, FieldError> {
    crate::supplier::PersonName::parse(input)
        .map(|n| n.as_str().to_owned())
        .map_err(|e| {
            let mut f = e.to_field_error("display_name");
            let label = field_label("display_name");
            f.zh = f.zh.replace("该项", label.zh);
            f.en = f.en.replace("This field", label.en);
            f
        })
}

/// Checks an account form: every field's error at once, in [`ACCOUNT_FIELDS`] order.
pub fn validate_account(form: &AccountForm) -> Result<NewAccount, FieldErrors> {
    let mut errors = FieldErrors::new();
    let username = errors.take(Username::parse(&form.username));
    let display_name = errors.take(parse_display_name(&form.display_name));
    let mobile = errors.take(parse_mobile(&form.mobile));
    let email = errors.take(parse_email(&form.email));
    errors.0.extend(
        check_password_pair(
            &form.username,
            form.password.as_str(),
            form.password2.as_str(),
        )
        .0,
    );
    match (username, display_name, mobile, email) {
        (Some(username), Some(display_name), Some(mobile), Some(email)) if errors.is_empty() => {
            Ok(NewAccount {
                username,
                display_name,
                mobile,
                email,
                password: form.password.clone(),
            })
        }
        _ => Err(errors),
    }
}

/// A one-time code as typed: six digits (spaces ignored).
pub fn parse_code(input: &str) -> Result<String, FieldError> {
    let code: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() == CODE_DIGITS && code.bytes().all(|b| b.is_ascii_digit()) {
        Ok(code)
    } else {
        Err(FieldError::new(
            "code",
            "code.format",
            Text::new("验证码为6位数字", "The code has 6 digits"),
        ))
    }
}

/// The answer to a wrong, expired or used-up code (one answer for all three).
pub fn code_refused() -> FieldError {
    FieldError::new(
        "code",
        "code.wrong",
        Text::new(
            "验证码不正确或已失效：请核对，或重新获取",
            "The code is wrong or no longer valid: check it, or ask for a new one",
        ),
    )
}

/// The answer to a wrong authenticator code.
pub fn totp_refused() -> FieldError {
    FieldError::new(
        "code",
        "code.totp_wrong",
        Text::new(
            "动态码不正确：请输入身份验证器应用中当前显示的6位数字",
            "Wrong code: enter the 6 digits your authenticator app shows now",
        ),
    )
}

/// A mobile number shown to someone who is not its owner: `138****5678`.
pub fn mask_mobile(mobile: &str) -> String {
    if mobile.len() == 11 && mobile.is_ascii() {
        format!("{}****{}", &mobile[..3], &mobile[7..])
    } else {
        "****".to_owned()
    }
}

/// An e-mail address shown masked: `t***@example.cn`.
pub fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => "***".to_owned(),
    }
}

/// Whether a role must sign in with a second factor (GB/T 22239 level 3 asks two factors for
/// administration; the platform asks it of administrators, regulators and agency staff, and
/// offers it to everyone).
pub fn second_factor_required(role: crate::access::Role) -> bool {
    use crate::access::Role;
    matches!(role, Role::Admin | Role::Regulator | Role::Agency)
}

/// Checks an organisation's form (kind, name, optional credit code, jurisdiction): the trimmed
/// name and the canonical credit code, or every field's error.
pub fn check_organisation(
    kind: &str,
    name: &str,
    credit_code: Option<&str>,
    jurisdiction: &str,
) -> Result<(String, Option<String>), FieldErrors> {
    let mut errors = FieldErrors::new();
    if !crate::access::ORGANISATION_KINDS.contains(&kind) {
        errors.push(refusal::kind_unknown());
    }
    let name = name.trim();
    if name.chars().count() < 2 || name.chars().count() > 100 || name.contains(['<', '>']) {
        errors.push(refusal::name_invalid());
    }
    let code = match credit_code.map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) => errors
            .take(
                crate::credit_code::CreditCode::parse(c)
                    .map_err(|e| e.to_field_error("credit_code")),
            )
            .map(|c| c.as_str().to_owned()),
        None => None,
    };
    if crate::region::region(jurisdiction).is_none() {
        errors.push(refusal::jurisdiction_unknown());
    }
    if errors.is_empty() {
        Ok((name.to_owned(), code))
    } else {
        Err(errors)
    }
}

/// Why a supplier account may not sign a bid yet: it is not bound to its legal entity.
pub fn unbound_refusal() -> Text {
    Text::new(
        "请先核验主体身份（电子营业执照或数字证书），再签署投标文件",
        "Verify your company's identity (e-business licence or digital certificate) before signing a bid",
    )
}

/// The refusals of the account steps the server takes (each rule's message, in both
/// languages, kept with the rules in `shared`).
pub mod refusal {
    use crate::field::FieldError;
    use crate::i18n::Text;

    pub fn basis_required() -> FieldError {
        FieldError::new(
            "basis",
            "basis.required",
            Text::new(
                "请填写依据（如 财库〔2016〕198号第九条）",
                "Give the legal basis (e.g. MOF 2016 No. 198 Art 9)",
            ),
        )
    }

    pub fn colleague_unbound() -> FieldError {
        FieldError::new(
            "username",
            "colleague.unbound",
            Text::new(
                "请先核验主体身份，再为同事开设账户",
                "Verify your company's identity before adding colleagues",
            ),
        )
    }

    pub fn profile_unbound() -> FieldError {
        FieldError::new(
            "form",
            "profile.unbound",
            Text::new(
                "请先核验主体身份，再修改单位资料",
                "Verify your company's identity before changing its data",
            ),
        )
    }

    pub fn credit_code_taken() -> FieldError {
        FieldError::new("credit_code", "credit_code.taken", Text::new("该统一社会信用代码已注册。如您是该单位，可凭电子营业执照或数字证书在「认领已注册的单位」页面认领（见表单下方链接）", "This credit code is registered already. If it is your company's, claim it with your e-business licence or certificate on the page “Claim a registered company” (link below the form)"))
    }

    pub fn credit_code_unknown() -> FieldError {
        FieldError::new(
            "credit_code",
            "credit_code.unknown",
            Text::new(
                "该统一社会信用代码尚未注册，请直接注册",
                "No supplier has this credit code: register it instead",
            ),
        )
    }

    pub fn credit_code_verified() -> FieldError {
        FieldError::new(
            "credit_code",
            "credit_code.verified",
            Text::new(
                "该单位已完成身份核验，请联系本单位已有账户添加同事账户",
                "This company has verified its identity: ask one of its accounts to add yours",
            ),
        )
    }

    pub fn current_locked() -> FieldError {
        FieldError::new(
            "current",
            "current.locked",
            Text::new(
                "当前密码错误次数过多，请15分钟后再试",
                "Too many wrong current passwords: try again in 15 minutes",
            ),
        )
    }

    pub fn current_wrong() -> FieldError {
        FieldError::new(
            "current",
            "current.wrong",
            Text::new("当前密码不正确", "The current password is wrong"),
        )
    }

    pub fn day_invalid() -> FieldError {
        FieldError::new(
            "day",
            "day.invalid",
            Text::new(
                "请输入日期（如 2027-03-15）",
                "Enter a date (e.g. 2027-03-15)",
            ),
        )
    }

    pub fn day_past() -> FieldError {
        FieldError::new(
            "day",
            "day.past",
            Text::new(
                "只能标记今天或以后的日期",
                "Only today or later can be marked",
            ),
        )
    }

    pub fn decision_not_now() -> FieldError {
        FieldError::new(
            "decision",
            "decision.not_now",
            Text::new(
                "当前状态下不能作出该决定",
                "That decision is not open in this state",
            ),
        )
    }

    pub fn display_name_required() -> FieldError {
        FieldError::new(
            "display_name",
            "display_name.required",
            Text::new(
                "请填写姓名（不超过60个字符）",
                "Enter the name (at most 60 characters)",
            ),
        )
    }

    pub fn evidence_not_proven() -> FieldError {
        FieldError::new("evidence", "evidence.not_proven", Text::new("身份核验未通过：请使用本单位的电子营业执照或数字证书", "The identity was not verified: use your company's e-business licence or certificate"))
    }

    pub fn jurisdiction_unknown() -> FieldError {
        FieldError::new(
            "jurisdiction",
            "jurisdiction.unknown",
            Text::new(
                "所属地区不在本平台范围内",
                "The jurisdiction is not one of this platform's",
            ),
        )
    }

    pub fn kind_unknown() -> FieldError {
        FieldError::new(
            "kind",
            "kind.unknown",
            Text::new(
                "单位类型应为采购人、集中采购机构、代理机构或财政部门",
                "The kind is purchaser, procurement centre, agency or regulator",
            ),
        )
    }

    pub fn name_invalid() -> FieldError {
        FieldError::new(
            "name",
            "name.invalid",
            Text::new("单位名称为2至100个字符", "The name has 2 to 100 characters"),
        )
    }

    pub fn name_taken() -> FieldError {
        FieldError::new(
            "name",
            "name.taken",
            Text::new(
                "同名或同代码的单位已存在",
                "An organisation with this name or code exists",
            ),
        )
    }

    pub fn not_your_share() -> FieldError {
        FieldError::new(
            "form",
            "account.not_your_share",
            Text::new(
                "您无权管理该账户（系统管理员创建账户，安全管理员停用、启用和重置；监管部门管理本辖区单位的账户；单位管理员管理本单位的账户）",
                "You may not manage that account (the system administrator creates accounts, the security administrator disables, enables and resets them; a regulator manages its jurisdiction's organisations' accounts; a unit administrator its own organisation's)",
            ),
        )
    }

    pub fn duty_role() -> FieldError {
        FieldError::new(
            "duty",
            "duty.role",
            Text::new(
                "该职责与角色不符（单位管理员只适用于采购人和代理机构账户；管理员职责只能在服务器上用命令设置）",
                "The duty does not fit the role (a unit administrator is a purchaser's or an agency's account; administrators' duties are set on the server's command line)",
            ),
        )
    }

    pub fn organisation_role() -> FieldError {
        FieldError::new(
            "organisation",
            "organisation.role",
            Text::new(
                "该角色与所选单位不符",
                "The role does not fit the organisation",
            ),
        )
    }

    pub fn organisation_unknown() -> FieldError {
        FieldError::new(
            "organisation",
            "organisation.unknown",
            Text::new("没有该单位", "No such organisation"),
        )
    }

    pub fn password_same() -> FieldError {
        FieldError::new(
            "password",
            "password.same",
            Text::new(
                "新密码不能与当前密码相同",
                "The new password must differ from the current one",
            ),
        )
    }

    pub fn reason_required() -> FieldError {
        FieldError::new(
            "reason",
            "reason.required",
            Text::new(
                "请填写理由（2至500个字符）",
                "Give the reason (2 to 500 characters)",
            ),
        )
    }

    pub fn role_unknown() -> FieldError {
        FieldError::new(
            "role",
            "role.unknown",
            Text::new("请选择角色", "Choose the role"),
        )
    }

    pub fn second_factor_required() -> FieldError {
        FieldError::new(
            "code",
            "second_factor.required",
            Text::new(
                "您的角色必须使用双因素登录，不能关闭",
                "Your role must sign in with a second factor: it cannot be turned off",
            ),
        )
    }

    pub fn username_self() -> FieldError {
        FieldError::new(
            "username",
            "username.self",
            Text::new("不能停用自己的账户", "You cannot disable your own account"),
        )
    }

    pub fn username_taken() -> FieldError {
        FieldError::new(
            "username",
            "username.taken",
            Text::new(
                "该登录名已被使用，请换一个",
                "That login name is taken: choose another",
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> AccountForm {
        AccountForm {
            username: "Zhang.Wei".into(),
            display_name: "张伟".into(),
            mobile: "13812345678".into(),
            email: "zw@example.cn".into(),
            password: Secret("Caigou-2026!".into()),
            password2: Secret("Caigou-2026!".into()),
        }
    }

    #[test]
    fn a_valid_account() {
        let a = validate_account(&form()).unwrap();
        assert_eq!(a.username().as_str(), "zhang.wei");
        assert_eq!(a.mobile().as_str(), "13812345678");
        assert_eq!(format!("{:?}", form().password), "***");
    }

    #[test]
    fn each_field_has_its_error() {
        let bad = AccountForm {
            username: "1abc".into(),
            display_name: "".into(),
            mobile: "0519-88881234".into(),
            email: "x".into(),
            password: Secret("short".into()),
            password2: Secret("other".into()),
        };
        let e = validate_account(&bad).unwrap_err();
        for f in ACCOUNT_FIELDS {
            assert!(e.for_field(f).is_some(), "{f}: {e:?}");
        }
        assert_eq!(
            Username::parse("ab").unwrap_err().code,
            "username.length".to_owned()
        );
    }

    #[test]
    fn codes_and_masks() {
        assert_eq!(parse_code(" 123 456 ").unwrap(), "123456");
        assert!(parse_code("12345a").is_err());
        assert_eq!(mask_mobile("13812345678"), "138****5678");
        assert_eq!(mask_email("test@example.cn"), "t***@example.cn");
    }
}
