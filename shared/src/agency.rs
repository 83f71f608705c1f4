//! Procurement agencies' list registration (代理机构名录登记, 财库〔2018〕2号): an agency is not
//! accredited; it is on the provincial list with its data — legal representative, office
//! address, contact phone, at least five full-time staff who know the procurement law, its
//! internal control rules, the day it was listed. Once the data is complete the platform opens
//! its permissions to publish notices and to draw experts (财办库〔2018〕28号: entries not
//! meeting 2号 lose them until fixed); the regulator's check is completeness only. The
//! procurement centre (集中采购机构) is not on the list and needs no entry.

use serde::{Deserialize, Serialize};

use crate::field::{FieldError, FieldErrors};
use crate::i18n::Text;
use crate::supplier::{Address, PersonName, Phone};
use crate::time::Date;

/// The fewest full-time staff 2号 asks of an agency (who know the procurement law and can
/// draft documents and run procedures).
pub const MIN_FULL_TIME_STAFF: u32 = 5;

/// The listing form, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ListingForm {
    pub legal_rep: String,
    pub address: String,
    pub phone: String,
    pub full_time_staff: String,
    /// 「1」: the agency declares its internal control rules (内部监督管理制度).
    pub internal_rules: String,
    /// The day the provincial list published the entry (YYYY-MM-DD).
    pub listed_on: String,
}

/// A complete listing (only [`validate_listing`] makes one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    pub legal_rep: String,
    pub address: String,
    pub phone: String,
    pub full_time_staff: u32,
    pub listed_on: Date,
}

/// Checks a listing: every field's error at once. Complete means every item present and at
/// least [`MIN_FULL_TIME_STAFF`] full-time staff, the rules declared, a listing day not in
/// the future (`today`).
pub fn validate_listing(form: &ListingForm, today: Date) -> Result<Listing, FieldErrors> {
    let mut errors = FieldErrors::new();
    let legal_rep =
        errors.take(PersonName::parse(&form.legal_rep).map_err(|e| e.to_field_error("legal_rep")));
    let address =
        errors.take(Address::parse(&form.address).map_err(|e| e.to_field_error("address")));
    let phone = errors.take(Phone::parse(&form.phone).map_err(|e| e.to_field_error("phone")));
    let staff = form.full_time_staff.trim().parse::<u32>().ok();
    if !staff.is_some_and(|n| (MIN_FULL_TIME_STAFF..=100_000).contains(&n)) {
        errors.push(FieldError::new(
            "full_time_staff",
            "full_time_staff.too_few",
            Text::new(
                "专职从业人员不少于5人（财库〔2018〕2号）",
                "At least 5 full-time staff (MOF 2018 No. 2)",
            ),
        ));
    }
    if form.internal_rules.trim() != "1" {
        errors.push(FieldError::new(
            "internal_rules",
            "internal_rules.required",
            Text::new(
                "须建立内部监督管理制度",
                "Internal control rules are required",
            ),
        ));
    }
    let listed_on = Date::parse(form.listed_on.trim())
        .ok()
        .filter(|d| *d <= today);
    if listed_on.is_none() {
        errors.push(FieldError::new(
            "listed_on",
            "listed_on.invalid",
            Text::new(
                "请填写名录登记公布日期（不晚于今天）",
                "Enter the day the list published the entry (today or earlier)",
            ),
        ));
    }
    match (legal_rep, address, phone, staff, listed_on) {
        (Some(legal_rep), Some(address), Some(phone), Some(full_time_staff), Some(listed_on))
            if errors.is_empty() =>
        {
            Ok(Listing {
                legal_rep: legal_rep.as_str().to_owned(),
                address: address.as_str().to_owned(),
                phone: phone.as_str().to_owned(),
                full_time_staff,
                listed_on,
            })
        }
        _ => Err(errors),
    }
}

/// Why an agency without a complete listing may not publish a notice or draw experts.
pub fn unlisted_refusal() -> Text {
    Text::new(
        "本代理机构的名录登记信息不完整：信息发布和专家抽取权限尚未开通，请补全名录登记信息",
        "This agency's list registration is incomplete: publishing and expert draws open once its data is complete",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listing_is_complete_with_five_staff_and_its_rules() {
        let today = Date::new(2026, 12, 7).unwrap();
        let form = ListingForm {
            legal_rep: "周建国".into(),
            address: "常州市武进区湖塘镇某路8号".into(),
            phone: "0519-86001234".into(),
            full_time_staff: "6".into(),
            internal_rules: "1".into(),
            listed_on: "2024-03-01".into(),
        };
        let l = validate_listing(&form, today).unwrap();
        assert_eq!(l.full_time_staff, 6);
        let e = validate_listing(
            &ListingForm {
                full_time_staff: "4".into(),
                internal_rules: String::new(),
                listed_on: "2027-01-01".into(),
                ..form
            },
            today,
        )
        .unwrap_err();
        for f in ["full_time_staff", "internal_rules", "listed_on"] {
            assert!(e.for_field(f).is_some(), "{f}");
        }
    }
}
