//! Supplier registration (供应商注册): the form as typed, its validation, and the validated
//! registration. The browser calls [`validate_field`] on every keystroke and [`validate_supplier`]
//! before submitting; the server calls [`validate_supplier`] (or deserialises a
//! [`SupplierRegistration`], which validates) as the authority. See `supplier.md` for the rules.

mod catalogue;
mod email;
mod phone;
mod text;

use serde::{Deserialize, Serialize};

pub use self::catalogue::{category, Category, EnterpriseSize, CATEGORIES};
pub use self::email::{Email, EmailError, EMAIL_MAX};
pub use self::phone::{Phone, PhoneError, PhoneKind};
pub use self::text::{
    Address, CompanyName, PersonName, TextError, ADDRESS_MAX, ADDRESS_MIN, NAME_MAX, PERSON_MAX,
    PERSON_MIN,
};

use crate::credit_code::CreditCode;
use crate::field::{FieldError, FieldErrors};
use crate::i18n::Text;
use crate::region::{region, Region};

/// At most this many categories per supplier (bounds the work of one validation).
pub const MAX_CATEGORIES: usize = 50;

/// The registration form, exactly as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SupplierForm {
    pub name: String,
    pub credit_code: String,
    pub legal_rep: String,
    pub contact_person: String,
    pub phone: String,
    pub email: String,
    /// A GB/T 2260 code from [`crate::region::REGIONS`].
    pub region: String,
    pub address: String,
    /// `large`, `medium`, `small` or `micro`.
    pub size: String,
    /// Category codes from [`CATEGORIES`]; blank entries are ignored.
    pub categories: Vec<String>,
    /// The first account (self-registration, [`validate_signup`]): its login name, its mobile
    /// (receives the codes), and the password typed twice. The account's name is the contact
    /// person, its e-mail the supplier's.
    pub username: String,
    pub mobile: String,
    pub password: crate::account::Secret,
    pub password2: crate::account::Secret,
}

/// The form's fields, in form order; errors come in this order.
pub const FIELDS: &[&str] = &[
    "name",
    "credit_code",
    "legal_rep",
    "contact_person",
    "phone",
    "email",
    "region",
    "address",
    "size",
    "categories",
];

/// The label of a form field in both languages (used in messages and by the form itself).
pub fn field_label(field: &str) -> Text {
    match field {
        "name" => Text::new("单位名称", "Company name"),
        "credit_code" => Text::new("统一社会信用代码", "Unified social credit code"),
        "legal_rep" => Text::new("法定代表人", "Legal representative"),
        "contact_person" => Text::new("联系人", "Contact person"),
        "phone" => Text::new("联系电话", "Phone"),
        "email" => Text::new("电子邮箱", "E-mail"),
        "region" => Text::new("所在地区", "Region"),
        "address" => Text::new("详细地址", "Address"),
        "size" => Text::new("企业规模", "Enterprise size"),
        "categories" => Text::new("供应品目", "Categories"),
        _ => Text::new("该项", "This field"),
    }
}

/// A supplier registration whose every field is valid. Only [`validate_supplier`] (and
/// deserialisation, which calls it) creates one. Serialises as the canonical [`SupplierForm`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "SupplierForm", into = "SupplierForm")]
pub struct SupplierRegistration {
    name: CompanyName,
    credit_code: CreditCode,
    legal_rep: PersonName,
    contact_person: PersonName,
    phone: Phone,
    email: Email,
    region: &'static Region,
    address: Address,
    size: EnterpriseSize,
    categories: Vec<&'static Category>,
}

impl SupplierRegistration {
    pub fn name(&self) -> &CompanyName {
        &self.name
    }
    pub fn credit_code(&self) -> &CreditCode {
        &self.credit_code
    }
    pub fn legal_rep(&self) -> &PersonName {
        &self.legal_rep
    }
    pub fn contact_person(&self) -> &PersonName {
        &self.contact_person
    }
    pub fn phone(&self) -> &Phone {
        &self.phone
    }
    pub fn email(&self) -> &Email {
        &self.email
    }
    pub fn region(&self) -> &'static Region {
        self.region
    }
    pub fn address(&self) -> &Address {
        &self.address
    }
    pub fn size(&self) -> EnterpriseSize {
        self.size
    }
    pub fn categories(&self) -> &[&'static Category] {
        &self.categories
    }
}

impl TryFrom<SupplierForm> for SupplierRegistration {
    type Error = FieldErrors;
    fn try_from(form: SupplierForm) -> Result<SupplierRegistration, FieldErrors> {
        validate_supplier(&form)
    }
}

impl From<SupplierRegistration> for SupplierForm {
    /// The canonical form: every value as validated (trimmed, upper-cased code, canonical phone…).
    fn from(r: SupplierRegistration) -> SupplierForm {
        SupplierForm {
            name: r.name.as_str().to_owned(),
            credit_code: r.credit_code.as_str().to_owned(),
            legal_rep: r.legal_rep.as_str().to_owned(),
            contact_person: r.contact_person.as_str().to_owned(),
            phone: r.phone.as_str().to_owned(),
            email: r.email.as_str().to_owned(),
            region: r.region.code.to_owned(),
            address: r.address.as_str().to_owned(),
            size: r.size.code().to_owned(),
            categories: r.categories.iter().map(|c| c.code.to_owned()).collect(),
            ..SupplierForm::default()
        }
    }
}

fn required(field: &str) -> FieldError {
    let label = field_label(field);
    FieldError::with_message(
        field,
        &format!("{field}.required"),
        format!("请选择{}", label.zh),
        format!("Choose the {}", label.en.to_lowercase()),
    )
}

/// At most `max` characters of untrusted text, for a message.
fn excerpt(s: &str, max: usize) -> String {
    let mut out: String = s.chars().take(max).collect();
    if s.chars().nth(max).is_some() {
        out.push('…');
    }
    out
}

fn check_region(input: &str) -> Result<&'static Region, FieldError> {
    if input.trim().is_empty() {
        return Err(required("region"));
    }
    region(input).ok_or_else(|| {
        FieldError::new(
            "region",
            "region.unknown",
            Text::new(
                "所在地区不在本平台范围内，请从列表中选择",
                "The region is not one of this platform's; choose one from the list",
            ),
        )
    })
}

fn check_size(input: &str) -> Result<EnterpriseSize, FieldError> {
    if input.trim().is_empty() {
        return Err(required("size"));
    }
    EnterpriseSize::from_code(input).ok_or_else(|| {
        FieldError::new(
            "size",
            "size.unknown",
            Text::new(
                "企业规模应为大型、中型、小型或微型",
                "The enterprise size must be large, medium, small or micro",
            ),
        )
    })
}

fn check_categories(input: &[String]) -> Result<Vec<&'static Category>, FieldError> {
    let codes: Vec<&str> = input
        .iter()
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
        .collect();
    if codes.is_empty() {
        return Err(required("categories"));
    }
    if codes.len() > MAX_CATEGORIES {
        return Err(FieldError::with_message(
            "categories",
            "categories.too_many",
            format!("供应品目最多选择 {MAX_CATEGORIES} 个"),
            format!("Choose at most {MAX_CATEGORIES} categories"),
        ));
    }
    let mut out: Vec<&'static Category> = Vec::with_capacity(codes.len());
    for code in codes {
        let Some(c) = category(code) else {
            let shown = excerpt(code, 20);
            return Err(FieldError::with_message(
                "categories",
                "categories.unknown",
                format!("品目代码「{shown}」不存在"),
                format!("The category code '{shown}' does not exist"),
            ));
        };
        if out.iter().any(|o| o.code == c.code) {
            return Err(FieldError::with_message(
                "categories",
                "categories.duplicate",
                format!("品目「{} {}」重复选择", c.code, c.name.zh),
                format!("The category '{} {}' is chosen twice", c.code, c.name.en),
            ));
        }
        out.push(c);
    }
    Ok(out)
}

/// Validates the whole form: every field's error at once, in [`FIELDS`] order (one per field).
pub fn validate_supplier(form: &SupplierForm) -> Result<SupplierRegistration, FieldErrors> {
    let mut errors = FieldErrors::new();
    let name = errors.take(CompanyName::parse(&form.name).map_err(|e| e.to_field_error("name")));
    let credit_code = errors
        .take(CreditCode::parse(&form.credit_code).map_err(|e| e.to_field_error("credit_code")));
    let legal_rep =
        errors.take(PersonName::parse(&form.legal_rep).map_err(|e| e.to_field_error("legal_rep")));
    let contact_person = errors.take(
        PersonName::parse(&form.contact_person).map_err(|e| e.to_field_error("contact_person")),
    );
    let phone = errors.take(Phone::parse(&form.phone).map_err(|e| e.to_field_error("phone")));
    let email = errors.take(Email::parse(&form.email).map_err(|e| e.to_field_error("email")));
    let region = errors.take(check_region(&form.region));
    let address =
        errors.take(Address::parse(&form.address).map_err(|e| e.to_field_error("address")));
    let size = errors.take(check_size(&form.size));
    let categories = errors.take(check_categories(&form.categories));
    match (
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
    ) {
        (
            Some(name),
            Some(credit_code),
            Some(legal_rep),
            Some(contact_person),
            Some(phone),
            Some(email),
            Some(region),
            Some(address),
            Some(size),
            Some(categories),
        ) if errors.is_empty() => Ok(SupplierRegistration {
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
        }),
        _ => Err(errors),
    }
}

/// The fields of the self-registration form ([`validate_signup`]): the supplier's, then its first
/// account's.
pub const SIGNUP_FIELDS: &[&str] = &[
    "name",
    "credit_code",
    "legal_rep",
    "contact_person",
    "phone",
    "email",
    "region",
    "address",
    "size",
    "categories",
    "username",
    "mobile",
    "password",
    "password2",
];

/// The account part of a self-registration: the contact person's account with the supplier's
/// e-mail.
pub fn signup_account(form: &SupplierForm) -> crate::account::AccountForm {
    crate::account::AccountForm {
        username: form.username.clone(),
        display_name: form.contact_person.clone(),
        mobile: form.mobile.clone(),
        email: form.email.clone(),
        password: form.password.clone(),
        password2: form.password2.clone(),
    }
}

/// Validates a self-registration: the supplier ([`validate_supplier`]) and its first account
/// ([`crate::account::validate_account`]); every field's error at once, in [`SIGNUP_FIELDS`]
/// order (the account's name and e-mail are the contact person's and the supplier's, whose
/// errors the supplier fields already show).
pub fn validate_signup(
    form: &SupplierForm,
) -> Result<(SupplierRegistration, crate::account::NewAccount), FieldErrors> {
    let supplier = validate_supplier(form);
    let account = crate::account::validate_account(&signup_account(form));
    match (supplier, account) {
        (Ok(s), Ok(a)) => Ok((s, a)),
        (s, a) => {
            let mut errors = s.err().unwrap_or_default();
            for e in a.err().unwrap_or_default().0 {
                if !matches!(e.field.as_str(), "display_name" | "email") {
                    errors.push(e);
                }
            }
            Err(errors)
        }
    }
}

/// The error of one field, if any (for feedback while typing). `None` also for an unknown field.
pub fn validate_field(form: &SupplierForm, field: &str) -> Option<FieldError> {
    match field {
        "name" => CompanyName::parse(&form.name)
            .err()
            .map(|e| e.to_field_error(field)),
        "credit_code" => CreditCode::parse(&form.credit_code)
            .err()
            .map(|e| e.to_field_error(field)),
        "legal_rep" => PersonName::parse(&form.legal_rep)
            .err()
            .map(|e| e.to_field_error(field)),
        "contact_person" => PersonName::parse(&form.contact_person)
            .err()
            .map(|e| e.to_field_error(field)),
        "phone" => Phone::parse(&form.phone)
            .err()
            .map(|e| e.to_field_error(field)),
        "email" => Email::parse(&form.email)
            .err()
            .map(|e| e.to_field_error(field)),
        "region" => check_region(&form.region).err(),
        "address" => Address::parse(&form.address)
            .err()
            .map(|e| e.to_field_error(field)),
        "size" => check_size(&form.size).err(),
        "categories" => check_categories(&form.categories).err(),
        _ => None,
    }
}

#[cfg(test)]
mod tests;

/// Checks a supplier's change of its own profile: the registration's rules
/// ([`validate_supplier`]) on every field but the 统一社会信用代码, which names the legal entity
/// the accounts are bound to and stays `credit_code` (the stored one) whatever was typed.
pub fn validate_profile(
    form: &SupplierForm,
    credit_code: &str,
) -> Result<SupplierRegistration, FieldErrors> {
    let form = SupplierForm {
        credit_code: credit_code.to_owned(),
        ..form.clone()
    };
    validate_supplier(&form)
}

/// The longest note of a correction request (characters).
pub const MAX_CORRECTION_NOTE: usize = 500;

/// Checks the note of a regulator's request that a supplier correct its data (2 to
/// [`MAX_CORRECTION_NOTE`] characters, no angle brackets): the trimmed note, or its error. The
/// request blocks nothing (财库〔2019〕38号): the supplier keeps obtaining documents and bidding.
pub fn check_correction_note(note: &str) -> Result<&str, FieldErrors> {
    let note = note.trim();
    let n = note.chars().count();
    if (2..=MAX_CORRECTION_NOTE).contains(&n) && !note.contains(['<', '>']) {
        Ok(note)
    } else {
        Err(FieldErrors(vec![FieldError::new(
            "note",
            "note.invalid",
            Text::new(
                "请写明需要更正的内容（2至500个字符）",
                "Say what needs correcting (2 to 500 characters)",
            ),
        )]))
    }
}

#[cfg(test)]
mod profile_tests {
    use super::*;

    #[test]
    fn a_profile_change_keeps_the_credit_code() {
        let code = CreditCode::from_first17("91320412MA1ABCDE1").unwrap();
        let form = SupplierForm {
            name: "常州市测试科技有限公司".into(),
            credit_code: "SOMETHING ELSE".into(),
            legal_rep: "张三".into(),
            contact_person: "李四".into(),
            phone: "0519-88001234".into(),
            email: "a@example.cn".into(),
            region: "320412".into(),
            address: "常州市武进区湖塘镇某路1号".into(),
            size: "small".into(),
            categories: vec!["A02010104".into()],
            ..SupplierForm::default()
        };
        let r = validate_profile(&form, code.as_str()).unwrap();
        assert_eq!(r.credit_code().as_str(), code.as_str());
        let bad = SupplierForm {
            phone: "12".into(),
            ..form
        };
        assert!(validate_profile(&bad, code.as_str())
            .unwrap_err()
            .for_field("phone")
            .is_some());
        assert_eq!(
            check_correction_note("  地址与营业执照不一致 ").unwrap(),
            "地址与营业执照不一致"
        );
        assert!(check_correction_note("x").is_err());
        assert!(check_correction_note("<script>").is_err());
    }
}
