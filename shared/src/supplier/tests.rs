use proptest::prelude::*;

use super::*;
use crate::model::ObjectType;

fn valid_form() -> SupplierForm {
    SupplierForm {
        name: "常州某某信息技术有限公司".into(),
        credit_code: "91440300708461136t".into(),
        legal_rep: "张三".into(),
        contact_person: "阿依古丽·买买提".into(),
        phone: "0519-88881234转8".into(),
        email: "gp@Example.COM".into(),
        region: "320411".into(),
        address: "新北区太湖东路9号".into(),
        size: "small".into(),
        categories: vec!["A02010105".into(), " C16070000 ".into(), "".into()],
        ..SupplierForm::default()
    }
}

#[test]
fn a_valid_form_validates_and_normalises() {
    let r = validate_supplier(&valid_form()).unwrap();
    assert_eq!(r.name().as_str(), "常州某某信息技术有限公司");
    assert_eq!(r.credit_code().as_str(), "91440300708461136T");
    assert_eq!(r.legal_rep().as_str(), "张三");
    assert_eq!(r.contact_person().as_str(), "阿依古丽·买买提");
    assert_eq!(r.phone().as_str(), "0519-88881234-8");
    assert_eq!(r.phone().kind(), PhoneKind::Landline);
    assert_eq!(r.email().as_str(), "gp@example.com");
    assert_eq!(r.region().name.zh, "新北区");
    assert_eq!(r.address().as_str(), "新北区太湖东路9号");
    assert_eq!(r.size(), EnterpriseSize::Small);
    let cats: Vec<(&str, ObjectType)> = r
        .categories()
        .iter()
        .map(|c| (c.code, c.object_type))
        .collect();
    assert_eq!(
        cats,
        [
            ("A02010105", ObjectType::Goods),
            ("C16070000", ObjectType::Services)
        ]
    );
    for f in FIELDS {
        assert_eq!(validate_field(&valid_form(), f), None, "{f}");
    }
}

#[test]
fn an_empty_form_reports_every_field_in_order() {
    let errors = validate_supplier(&SupplierForm::default()).unwrap_err();
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, FIELDS);
    let codes: Vec<&str> = errors.iter().map(|e| e.code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "name.required",
            "credit_code.required",
            "legal_rep.required",
            "contact_person.required",
            "phone.required",
            "email.required",
            "region.required",
            "address.required",
            "size.required",
            "categories.required",
        ]
    );
    for e in errors.iter() {
        assert!(!e.zh.is_empty() && !e.en.is_empty(), "{e:?}");
        assert_eq!(
            validate_field(&SupplierForm::default(), &e.field).as_ref(),
            Some(e)
        );
    }
    assert_eq!(validate_field(&SupplierForm::default(), "nonsense"), None);
}

#[test]
fn only_the_bad_fields_are_reported() {
    let mut form = valid_form();
    form.credit_code = "914403007084611361".into();
    form.region = "320405".into();
    form.categories = vec!["A02010105".into(), "A02010105".into()];
    let errors = validate_supplier(&form).unwrap_err();
    let codes: Vec<&str> = errors.iter().map(|e| e.code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "credit_code.check_char",
            "region.unknown",
            "categories.duplicate"
        ]
    );
    let e = errors.for_field("credit_code").unwrap();
    assert_eq!(
        e.zh,
        "统一社会信用代码校验位错误：应为 T（请先逐位核对前 17 位）"
    );
    assert_eq!(
        e.en,
        "The check character of the credit code is wrong: expected T (first check the other 17 characters)"
    );
}

#[test]
fn field_error_table() {
    let cases: &[(&str, &str, &str)] = &[
        ("name", &"中".repeat(101), "name.too_long"),
        ("name", "公司\u{7}", "name.invalid_char"),
        ("credit_code", "9144030070846113", "credit_code.length"),
        ("legal_rep", "张", "legal_rep.too_short"),
        ("contact_person", "李4", "contact_person.invalid_char"),
        ("phone", "12345", "phone.invalid"),
        ("email", "a@b", "email.invalid"),
        ("region", "110000", "region.unknown"),
        ("address", "常州", "address.too_short"),
        ("size", "huge", "size.unknown"),
        ("categories", "X1", "categories.unknown"),
    ];
    for (field, value, code) in cases {
        let mut form = valid_form();
        match *field {
            "name" => form.name = value.to_string(),
            "credit_code" => form.credit_code = value.to_string(),
            "legal_rep" => form.legal_rep = value.to_string(),
            "contact_person" => form.contact_person = value.to_string(),
            "phone" => form.phone = value.to_string(),
            "email" => form.email = value.to_string(),
            "region" => form.region = value.to_string(),
            "address" => form.address = value.to_string(),
            "size" => form.size = value.to_string(),
            "categories" => form.categories = vec![value.to_string()],
            _ => unreachable!(),
        }
        let e = validate_field(&form, field).unwrap_or_else(|| panic!("{field} {value:?} passed"));
        assert_eq!((e.field.as_str(), e.code.as_str()), (*field, *code));
        let all = validate_supplier(&form).unwrap_err();
        assert_eq!(all.len(), 1, "{all}");
        assert_eq!(all.for_field(field), Some(&e));
    }
}

#[test]
fn categories_rules() {
    let mut form = valid_form();
    form.categories = vec![" ".into(), "".into()];
    assert_eq!(
        validate_field(&form, "categories").map(|e| e.code),
        Some("categories.required".into())
    );
    form.categories = vec!["A02010105".into(); 51];
    assert_eq!(
        validate_field(&form, "categories").map(|e| e.code),
        Some("categories.too_many".into())
    );
    form.categories = vec!["a02010105".into()];
    assert_eq!(
        validate_field(&form, "categories").map(|e| e.code),
        Some("categories.unknown".into())
    );
    form.categories = vec!["x".repeat(10_000)];
    let e = validate_field(&form, "categories").unwrap();
    assert!(
        e.zh.chars().count() < 40,
        "the message quotes at most 20 characters: {}",
        e.zh
    );
    form.categories = CATEGORIES.iter().map(|c| c.code.to_owned()).collect();
    assert_eq!(validate_field(&form, "categories"), None);
}

#[test]
fn serde_round_trip_and_deserialising_rechecks() {
    let r = validate_supplier(&valid_form()).unwrap();
    let json = serde_json::to_string(&r).unwrap();
    assert!(json.contains("\"phone\":\"0519-88881234-8\""), "{json}");
    let back: SupplierRegistration = serde_json::from_str(&json).unwrap();
    assert_eq!(back, r);
    let bad = json.replace("91440300708461136T", "91440300708461136X");
    let err = serde_json::from_str::<SupplierRegistration>(&bad)
        .unwrap_err()
        .to_string();
    assert!(err.contains("credit_code.check_char"), "{err}");
    assert!(serde_json::from_str::<SupplierRegistration>("{}").is_err());
    let form: SupplierForm = serde_json::from_str("{\"name\":\"x\"}").unwrap();
    assert_eq!(form.name, "x");
}

fn text(max: usize) -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::collection::vec(any::<char>(), 0..max).prop_map(|v| v.into_iter().collect()),
        "[0-9A-Za-z@.+ 转·\\-]{0,40}",
    ]
}

fn any_form() -> impl Strategy<Value = SupplierForm> {
    (
        (text(300), text(40), text(60), text(60), text(50)),
        (
            text(300),
            text(20),
            text(300),
            text(20),
            proptest::collection::vec(text(20), 0..8),
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

fn valid_forms() -> impl Strategy<Value = SupplierForm> {
    let regions: Vec<&str> = crate::region::REGIONS.iter().map(|r| r.code).collect();
    let cats: Vec<&str> = CATEGORIES.iter().map(|c| c.code).collect();
    (
        "[\\u{4e00}-\\u{9fa5}]{1,100}",
        "91320[0-9]{3}[0-9A-HJ-NPQRTUWXY]{9}",
        "[\\u{4e00}-\\u{9fa5}]{2,4}",
        "1[3-9][0-9]{9}",
        "[a-z]{1,10}@[a-z]{1,10}\\.cn",
        proptest::sample::select(regions),
        "[\\u{4e00}-\\u{9fa5}]{5,200}",
        proptest::sample::select(vec!["large", "medium", "small", "micro"]),
        proptest::sample::subsequence(cats, 1..=CATEGORIES.len()),
    )
        .prop_filter_map(
            "credit code",
            |(name, first17, person, phone, email, region, address, size, cats)| {
                let code = CreditCode::from_first17(&first17)?;
                Some(SupplierForm {
                    name,
                    credit_code: code.as_str().to_owned(),
                    legal_rep: person.clone(),
                    contact_person: person,
                    phone,
                    email,
                    region: region.to_owned(),
                    address,
                    size: size.to_owned(),
                    categories: cats.into_iter().map(str::to_owned).collect(),
                    ..SupplierForm::default()
                })
            },
        )
}

proptest! {
    #[test]
    fn arbitrary_forms_never_panic_and_errors_follow_field_order(form in any_form()) {
        match validate_supplier(&form) {
            Ok(r) => {
                let canonical = SupplierForm::from(r.clone());
                prop_assert_eq!(validate_supplier(&canonical), Ok(r));
            }
            Err(errors) => {
                prop_assert!(!errors.is_empty());
                let positions: Vec<usize> =
                    errors.iter().map(|e| FIELDS.iter().position(|f| *f == e.field).unwrap()).collect();
                prop_assert!(positions.windows(2).all(|w| w[0] < w[1]), "{:?}", positions);
                for e in errors.iter() {
                    let prefix = format!("{}.", e.field);
                    prop_assert!(e.code.starts_with(&prefix));
                    let one = validate_field(&form, &e.field);
                    prop_assert_eq!(one.as_ref(), Some(e));
                }
            }
        }
        for f in FIELDS {
            let one = validate_field(&form, f);
            let all = validate_supplier(&form).err().and_then(|e| e.for_field(f).cloned());
            prop_assert_eq!(one, all);
        }
    }

    #[test]
    fn valid_forms_validate_and_round_trip_through_json(form in valid_forms()) {
        let r = validate_supplier(&form);
        prop_assert!(r.is_ok(), "{:?}", r);
        let r = r.unwrap();
        let json = serde_json::to_string(&r).unwrap();
        let back: SupplierRegistration = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, r);
    }
}
