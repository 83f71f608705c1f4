//! Supplier registration and the supplier list, through the real router, on both databases.

mod common;

use app::api::{RegisterOutcome, SupplierPage};
use serde_json::json;
use server::store::Table;
use shared::supplier::SupplierForm;

async fn suppliers(t: &common::TestDb) -> i64 {
    t.store().count(Table::Suppliers).await.unwrap()
}

async fn register(t: &common::TestDb, form: &SupplierForm) -> (u16, Option<RegisterOutcome>) {
    let r = common::post_json(
        &t.router(),
        "/api/register_supplier",
        json!({ "form": form }),
    )
    .await;
    (r.status, serde_json::from_str(&r.body).ok())
}

on_both_databases!(valid_registration_is_stored);
async fn valid_registration_is_stored(t: &common::TestDb) {
    let form = common::valid_form(1);
    let (status, outcome) = register(t, &form).await;
    assert_eq!(status, 200);
    assert_eq!(
        outcome,
        Some(RegisterOutcome::Registered {
            credit_code: form.credit_code.clone()
        })
    );
    assert_eq!(suppliers(t).await, 1);
    assert_eq!(t.store().count(Table::SupplierCategories).await.unwrap(), 1);
    // It is in the list, found by a part of its name and by its code.
    let r = common::post_json(
        &t.router(),
        "/api/list_suppliers",
        json!({ "q": "测试科技", "page": 1 }),
    )
    .await;
    let page: SupplierPage = serde_json::from_str(&r.body).unwrap();
    assert_eq!(page.total, 1);
    assert_eq!(page.rows[0].credit_code, form.credit_code);
    let r = common::post_json(
        &t.router(),
        "/api/list_suppliers",
        json!({ "q": form.credit_code[..10].to_lowercase(), "page": 1 }),
    )
    .await;
    let page: SupplierPage = serde_json::from_str(&r.body).unwrap();
    assert_eq!(page.total, 1);
}

on_both_databases!(each_invalid_field_is_rejected_with_its_code);
async fn each_invalid_field_is_rejected_with_its_code(t: &common::TestDb) {
    type Change = fn(&mut SupplierForm);
    let cases: Vec<(&str, Change)> = vec![
        ("name.", |f| f.name = String::new()),
        ("name.", |f| f.name = "企".repeat(101)),
        ("credit_code.", |f| {
            f.credit_code = "91320402MA1MXXXX0".into()
        }),
        ("credit_code.", |f| {
            // One character changed: the check character no longer fits.
            let mut c: Vec<char> = f.credit_code.chars().collect();
            c[10] = if c[10] == '1' { '2' } else { '1' };
            f.credit_code = c.into_iter().collect();
        }),
        ("legal_rep.", |f| f.legal_rep = String::new()),
        ("contact_person.", |f| f.contact_person = "1".into()),
        ("phone.", |f| f.phone = "12345".into()),
        ("email.", |f| f.email = "not-an-email".into()),
        ("region.", |f| f.region = "110000".into()),
        ("address.", |f| f.address = String::new()),
        ("size.", |f| f.size = "huge".into()),
        ("categories.", |f| f.categories.clear()),
    ];
    for (expected, change) in cases {
        let mut form = common::valid_form(2);
        change(&mut form);
        let (status, outcome) = register(t, &form).await;
        assert_eq!(status, 200);
        match outcome {
            Some(RegisterOutcome::Invalid(errors)) => {
                assert_eq!(errors.len(), 1, "{expected}: {errors:?}");
                let e = &errors.0[0];
                assert!(
                    e.code.starts_with(expected),
                    "expected {expected}*, got {}",
                    e.code
                );
                assert!(!e.zh.is_empty() && !e.en.is_empty());
            }
            other => panic!("{expected}: expected Invalid, got {other:?}"),
        }
    }
    assert_eq!(
        suppliers(t).await,
        0,
        "nothing is stored when a field is wrong"
    );
}

on_both_databases!(duplicate_credit_code_is_a_conflict);
async fn duplicate_credit_code_is_a_conflict(t: &common::TestDb) {
    let form = common::valid_form(3);
    assert!(matches!(
        register(t, &form).await.1,
        Some(RegisterOutcome::Registered { .. })
    ));
    let mut again = common::valid_form(4);
    again.credit_code = form.credit_code.to_lowercase();
    match register(t, &again).await.1 {
        Some(RegisterOutcome::Conflict(e)) => {
            assert_eq!(e.field, "credit_code");
            assert_eq!(e.code, "credit_code.taken");
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(suppliers(t).await, 1);
    assert_eq!(t.store().count(Table::SupplierCategories).await.unwrap(), 1);
}

on_both_databases!(oversized_request_is_rejected);
async fn oversized_request_is_rejected(t: &common::TestDb) {
    let mut form = common::valid_form(5);
    form.address = "长".repeat(100_000);
    let (status, _) = register(t, &form).await;
    assert_eq!(status, 413);
    let r = common::post_form(
        &t.router(),
        "/suppliers/register",
        common::encode_form(&form),
    )
    .await;
    assert_eq!(r.status, 413);
    assert_eq!(suppliers(t).await, 0);
}

on_both_databases!(form_post_without_javascript);
async fn form_post_without_javascript(t: &common::TestDb) {
    // Wrong: the page comes back with the typed values and the message, nothing stored.
    let mut bad = common::valid_form(6);
    bad.email = "wrong@".into();
    let r = common::post_form(
        &t.router(),
        "/suppliers/register",
        common::encode_form(&bad),
    )
    .await;
    assert_eq!(r.status, 422);
    assert!(
        r.body.contains("常州测试科技有限公司6"),
        "typed values are kept"
    );
    assert!(
        r.body.contains("email."),
        "the error code travels with the page"
    );
    assert!(r.body.contains("<form"));
    assert_eq!(suppliers(t).await, 0);
    // Right: the supplier and its account are stored, the account is signed in and sent on to
    // verify its mobile, whose code went out through the outbox.
    let store = t.store();
    let router = t.router_of(store.clone());
    let good = common::valid_form(7);
    let r = common::post_form(&router, "/suppliers/register", common::encode_form(&good)).await;
    assert_eq!(r.status, 303);
    assert_eq!(
        r.headers.get("location").unwrap().to_str().unwrap(),
        "/account/verify?sent=mobile"
    );
    let token = common::session_token(&r).expect("signed in");
    assert_eq!(suppliers(t).await, 1);
    let page = common::get_as(&router, "/account/verify?sent=mobile", &token).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("13912345678"),
        "the owner sees its own mobile"
    );
    let message = store
        .channels
        .outbox
        .last_to("13912345678")
        .expect("a code was sent");
    let code: String = message
        .body
        .chars()
        .filter(|c| c.is_ascii_digit())
        .take(6)
        .collect();
    // A wrong code is refused on the field; the right one verifies.
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let r = common::post_form_as(
        &router,
        "/account/verify",
        &[("medium", "mobile"), ("action", "check"), ("code", wrong)],
        &token,
    )
    .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("验证码不正确"), "{}", r.body);
    let r = common::post_form_as(
        &router,
        "/account/verify",
        &[("medium", "mobile"), ("action", "check"), ("code", &code)],
        &token,
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let verified: Option<i64> =
        sqlx::query_scalar("SELECT mobile_verified_at FROM users WHERE username = $1")
            .bind(good.username.clone())
            .fetch_one(&t.db.pool)
            .await
            .unwrap();
    assert!(verified.is_some());
    // Bound to its legal entity with the development verifier's evidence.
    let r = common::post_form_as(
        &router,
        "/account/identity",
        &[("evidence", "deadbeef")],
        &token,
    )
    .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("身份核验未通过"));
    let evidence =
        server::identity::dev_token(server::identity::DEFAULT_DEV_KEY, &good.credit_code);
    let r = common::post_form_as(
        &router,
        "/account/identity",
        &[("evidence", &evidence)],
        &token,
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = common::get_as(&router, "/account", &token).await;
    assert!(page.body.contains("已绑定主体"), "{}", page.body);
    // The password typed is never sent back, even on a refused form.
    let mut bad = common::valid_form(8);
    bad.email = "x".into();
    let r = common::post_form(&router, "/suppliers/register", common::encode_form(&bad)).await;
    assert!(!r.body.contains(common::SIGNUP_PASSWORD));
    // The same again: a conflict, shown on the page.
    let r = common::post_form(
        &t.router(),
        "/suppliers/register",
        common::encode_form(&good),
    )
    .await;
    assert_eq!(r.status, 409);
    assert!(r.body.contains("credit_code.taken"));
}

on_both_databases!(demo_data_and_list_pages);
async fn demo_data_and_list_pages(t: &common::TestDb) {
    let store = t.store();
    let summary = server::demo::load_if_empty_with(&store, server::demo::DemoScale::Small)
        .await
        .unwrap()
        .expect("empty database gets demo data");
    assert_eq!(summary.suppliers, 409);
    assert_eq!(summary.jurisdictions, 7);
    assert!(
        server::demo::load_if_empty_with(&store, server::demo::DemoScale::Small)
            .await
            .unwrap()
            .is_none(),
        "loaded once only"
    );
    let agencies: i64 = {
        use sqlx::Row;
        sqlx::query(
            "SELECT COUNT(*) FROM organisations WHERE kind IN ('agency', 'procurement_center')",
        )
        .fetch_one(&t.db.pool)
        .await
        .unwrap()
        .try_get(0)
        .unwrap()
    };
    assert!(agencies >= 90, "{agencies} agencies");
    // Paging: 409 suppliers, 20 a page, 21 pages; the last has 9.
    let page = |n: u32| {
        let router = t.router();
        async move {
            let r = common::post_json(
                &router,
                "/api/list_suppliers",
                json!({ "q": "", "page": n }),
            )
            .await;
            serde_json::from_str::<SupplierPage>(&r.body).unwrap()
        }
    };
    let first = page(1).await;
    assert_eq!(
        (first.total, first.rows.len(), first.page_count()),
        (409, 20, 21)
    );
    let last = page(21).await;
    assert_eq!(last.rows.len(), 9);
    assert_eq!(
        page(99).await.page,
        21,
        "a page out of range becomes the last page"
    );
    // The server-rendered list page works without JavaScript.
    let r = common::get(&t.router(), "/suppliers?q=&page=2").await;
    assert_eq!(r.status, 200);
    assert!(r.body.contains("supplier-table"));
    assert!(r.body.contains("第 2 / 21 页"));
}

on_both_databases!(pages_render_and_language_switch);
async fn pages_render_and_language_switch(t: &common::TestDb) {
    let r = common::get(&t.router(), "/suppliers/register").await;
    assert_eq!(r.status, 200);
    assert!(r.body.contains("供应商注册") && r.body.contains("统一社会信用代码"));
    let r = common::get(&t.router(), "/lang/en?next=/suppliers/register").await;
    assert_eq!(r.status, 303);
    assert!(r
        .headers
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .starts_with("yiwang_lang=en"));
    assert_eq!(r.headers.get("location").unwrap(), "/suppliers/register");
    let req = axum::http::Request::get("/suppliers/register")
        .header("cookie", "yiwang_lang=en")
        .body(axum::body::Body::empty())
        .unwrap();
    let r = common::send(&t.router(), req).await;
    assert!(r.body.contains("Supplier registration") && r.body.contains("lang=\"en\""));
    // No open redirect.
    let r = common::get(&t.router(), "/lang/en?next=//evil.example").await;
    assert_eq!(r.headers.get("location").unwrap(), "/");
    let r = common::get(&t.router(), "/no-such-page").await;
    assert_eq!(r.status, 404);
}
