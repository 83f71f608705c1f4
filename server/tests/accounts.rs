//! Accounts for real users (issue 17), through the real router and the store, on both
//! databases: a squatter cannot lock out the verified company; the owner changes its password
//! and its other sessions end; an operator creates an organisation and a staff account with a
//! temporary password that must be changed first; disabling ends the sessions at once; a reset
//! password is temporary; every change is audited without the password.

mod common;

use server::store::{now_unix, Store};
use sqlx::Row;

async fn audit_actions(t: &common::TestDb) -> Vec<(String, String)> {
    sqlx::query("SELECT action, COALESCE(after_json, '') FROM audit_log ORDER BY id")
        .fetch_all(&t.db.pool)
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.get::<String, _>(0), r.get::<String, _>(1)))
        .collect()
}

async fn disabled(t: &common::TestDb, username: &str) -> bool {
    sqlx::query_scalar::<_, Option<i64>>("SELECT disabled_at FROM users WHERE username = $1")
        .bind(username.to_owned())
        .fetch_one(&t.db.pool)
        .await
        .unwrap()
        .is_some()
}

fn claim_pairs<'a>(code: &'a str, evidence: &'a str, username: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("credit_code", code),
        ("evidence", evidence),
        ("username", username),
        ("display_name", "钱法人"),
        ("mobile", "13700001111"),
        ("email", "owner@real.example.cn"),
        ("password", "Real-Company-2026"),
        ("password2", "Real-Company-2026"),
    ]
}

async fn post_anonymous(
    router: &axum::Router,
    path: &str,
    pairs: &[(&str, &str)],
) -> common::TestResponse {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        s.append_pair(k, v);
    }
    common::post_form(router, path, s.finish()).await
}

on_both_databases!(a_squatter_cannot_lock_out_the_verified_company);
async fn a_squatter_cannot_lock_out_the_verified_company(t: &common::TestDb) {
    let store = t.store();
    let router = t.router_of(store.clone());
    // Someone registers the company's public credit code first.
    let mut squat = common::valid_form(51);
    squat.username = "squatter".into();
    let r = common::post_form(&router, "/suppliers/register", common::encode_form(&squat)).await;
    assert_eq!(r.status, 303);
    let squatter = common::session_token(&r).unwrap();
    // The real company registering the same code is told it can claim it.
    let mut real = common::valid_form(51);
    real.username = "realco".into();
    let r = common::post_form(&router, "/suppliers/register", common::encode_form(&real)).await;
    assert_eq!(r.status, 409);
    assert!(
        r.body.contains("认领") && r.body.contains("/suppliers/claim"),
        "the way out is named and linked"
    );
    // A claim without the entity's evidence is refused and stores nothing.
    let r = post_anonymous(
        &router,
        "/suppliers/claim",
        &claim_pairs(&squat.credit_code, "0123456789abcdef0123", "realco"),
    )
    .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("身份核验未通过"));
    assert!(!disabled(t, "squatter").await);
    // With it, the company takes the code over: its new account is bound and signed in, the
    // squatter's account is disabled and its session ends.
    let evidence =
        server::identity::dev_token(server::identity::DEFAULT_DEV_KEY, &squat.credit_code);
    let r = post_anonymous(
        &router,
        "/suppliers/claim",
        &claim_pairs(&squat.credit_code, &evidence, "realco"),
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let owner = common::session_token(&r).unwrap();
    assert!(disabled(t, "squatter").await);
    assert_eq!(
        common::get_as(&router, "/account", &squatter).await.status,
        303,
        "the squatter's session ended"
    );
    let r = common::login(&router, "squatter", common::SIGNUP_PASSWORD).await;
    assert_ne!(r.status, 303, "the squatter cannot sign in");
    let page = common::get_as(&router, "/account", &owner).await;
    assert!(page.body.contains("已绑定主体"));
    let claim = audit_actions(t)
        .await
        .into_iter()
        .find(|(a, _)| a == "supplier.claim")
        .unwrap();
    assert!(
        claim.1.contains("squatter"),
        "the audit names the disabled account: {}",
        claim.1
    );
    assert!(!claim.1.contains("Real-Company-2026"));
    // A second claim of the verified company is refused, whatever the evidence.
    let r = post_anonymous(
        &router,
        "/suppliers/claim",
        &claim_pairs(&squat.credit_code, &evidence, "another"),
    )
    .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("已完成身份核验"));
    assert!(!disabled(t, "realco").await);
}

on_both_databases!(the_owner_changes_its_password_and_its_other_sessions_end);
async fn the_owner_changes_its_password_and_its_other_sessions_end(t: &common::TestDb) {
    let store = t.store();
    let router = t.router_of(store.clone());
    let form = common::valid_form(52);
    let r = common::post_form(&router, "/suppliers/register", common::encode_form(&form)).await;
    let here = common::session_token(&r).unwrap();
    let elsewhere = common::session_token(
        &common::login(&router, &form.username, common::SIGNUP_PASSWORD).await,
    )
    .unwrap();
    let page = common::get_as(&router, "/account", &here).await;
    assert_eq!(
        page.body.matches("/account/sessions/").count(),
        1,
        "the other session can be ended"
    );
    // Wrong current password, a weak and a common new one: field errors, nothing changed.
    let r = common::post_form_as(
        &router,
        "/account/password",
        &[
            ("current", "wrong"),
            ("password", "Another-2026-pw"),
            ("password2", "Another-2026-pw"),
        ],
        &here,
    )
    .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("当前密码不正确"));
    let r = common::post_form_as(
        &router,
        "/account/password",
        &[
            ("current", common::SIGNUP_PASSWORD),
            ("password", "short"),
            ("password2", "short"),
        ],
        &here,
    )
    .await;
    assert!(r.body.contains("至少10个字符"));
    let r = common::post_form_as(
        &router,
        "/account/password",
        &[
            ("current", common::SIGNUP_PASSWORD),
            ("password", "P@ssw0rd2026"),
            ("password2", "P@ssw0rd2026"),
        ],
        &here,
    )
    .await;
    assert!(
        r.body.contains("过于常见"),
        "the server's list of common passwords"
    );
    let r = common::post_form_as(
        &router,
        "/account/password",
        &[
            ("current", common::SIGNUP_PASSWORD),
            ("password", "Another-2026-pw"),
            ("password2", "Another-2026-pw"),
        ],
        &here,
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(
        common::get_as(&router, "/account", &here).await.status,
        200,
        "this session stays"
    );
    assert_eq!(
        common::get_as(&router, "/account", &elsewhere).await.status,
        303,
        "the other one ended"
    );
    assert_eq!(
        common::login(&router, &form.username, "Another-2026-pw")
            .await
            .status,
        303
    );
    let audit = audit_actions(t).await;
    assert!(audit.iter().any(|(a, _)| a == "password.change"));
    assert!(audit
        .iter()
        .all(|(_, after)| !after.contains("Another-2026-pw")));
    // Guessing the current password through the session: five wrong guesses lock the change,
    // even for the right one, for 15 minutes.
    for _ in 0..5 {
        let r = common::post_form_as(
            &router,
            "/account/password",
            &[
                ("current", "Guess-2026-pw"),
                ("password", "Third-2026-pw!"),
                ("password2", "Third-2026-pw!"),
            ],
            &here,
        )
        .await;
        assert!(r.body.contains("当前密码不正确"));
    }
    let r = common::post_form_as(
        &router,
        "/account/password",
        &[
            ("current", "Another-2026-pw"),
            ("password", "Third-2026-pw!"),
            ("password2", "Third-2026-pw!"),
        ],
        &here,
    )
    .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("错误次数过多"));
}

/// The temporary password printed by the CLI.
fn printed_password(out: &str) -> String {
    out.lines().last().unwrap().trim().to_owned()
}

on_both_databases!(operators_create_disable_enable_and_reset_accounts);
async fn operators_create_disable_enable_and_reset_accounts(t: &common::TestDb) {
    use server::accounts_cli as cli;
    let store: Store = t.store();
    let router = t.router_of(store.clone());
    // A purchaser unit from the budget system and its first user.
    let out = cli::org_create(
        &store,
        "purchaser",
        "常州市天宁区卫生健康局",
        "320402",
        None,
    )
    .await
    .unwrap();
    assert!(out.contains("created"), "{out}");
    assert!(
        cli::org_create(
            &store,
            "purchaser",
            "常州市天宁区卫生健康局",
            "320402",
            None
        )
        .await
        .is_err(),
        "a name once"
    );
    assert!(
        cli::org_create(&store, "purchaser", "某单位", "999999", None)
            .await
            .is_err(),
        "a known jurisdiction"
    );
    let list = cli::org_list(&store, "卫生", "", 1).await.unwrap();
    assert!(list.starts_with("1 organisations"), "{list}");
    let org: i64 = list
        .lines()
        .nth(2)
        .unwrap()
        .split('\t')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        cli::user_create(
            &store,
            "wjw.jb",
            "刘经办",
            "regulator",
            Some(org),
            None,
            None,
            None,
            None
        )
        .await
        .is_err(),
        "the role fits the organisation"
    );
    let out = cli::user_create(
        &store,
        "wjw.jb",
        "刘经办",
        "purchaser",
        Some(org),
        None,
        Some("13800002222"),
        None,
        None,
    )
    .await
    .unwrap();
    let temporary = printed_password(&out);
    assert!(shared::access::check_new_password("wjw.jb", &temporary).is_ok());
    // The temporary password signs in, but every page leads to the change first.
    let r = common::login(&router, "wjw.jb", &temporary).await;
    let token = common::session_token(&r).unwrap();
    let r = common::get_as(&router, "/plans", &token).await;
    assert_eq!(
        (
            r.status,
            r.headers.get("location").unwrap().to_str().unwrap()
        ),
        (303, "/account/password")
    );
    let r = common::post_form_as(
        &router,
        "/account/password",
        &[
            ("current", &temporary),
            ("password", "Weijian-2026!"),
            ("password2", "Weijian-2026!"),
        ],
        &token,
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(common::get_as(&router, "/plans", &token).await.status, 200);
    // Disabled: its session ends at once and it cannot sign in; enabled again, it can.
    cli::user_enable(&store, "wjw.jb", false).await.unwrap();
    assert_eq!(common::get_as(&router, "/plans", &token).await.status, 303);
    assert_ne!(
        common::login(&router, "wjw.jb", "Weijian-2026!")
            .await
            .status,
        303
    );
    cli::user_enable(&store, "wjw.jb", true).await.unwrap();
    assert_eq!(
        common::login(&router, "wjw.jb", "Weijian-2026!")
            .await
            .status,
        303
    );
    // A reset gives a temporary password again.
    let out = cli::user_reset(&store, "wjw.jb").await.unwrap();
    let again = printed_password(&out);
    assert_ne!(
        common::login(&router, "wjw.jb", "Weijian-2026!")
            .await
            .status,
        303
    );
    let r = common::login(&router, "wjw.jb", &again).await;
    let token = common::session_token(&r).unwrap();
    assert_eq!(
        common::get_as(&router, "/account", &token).await.status,
        303
    );
    let list = cli::user_list(&store, "wjw", None, 1).await.unwrap();
    assert!(list.contains("temporary password"), "{list}");
    assert!(cli::user_enable(&store, "nobody", false).await.is_err());
    // Each change audited, never a password.
    let audit = audit_actions(t).await;
    for action in [
        "organisation.create",
        "user.create",
        "user.disable",
        "user.enable",
        "password.reset",
        "password.change",
    ] {
        assert!(audit.iter().any(|(a, _)| a == action), "{action}");
    }
    assert!(audit.iter().all(|(_, after)| !after.contains(&temporary)
        && !after.contains(&again)
        && !after.contains("Weijian-2026!")));
    let _ = now_unix();
}

/// The e-mail channel against a real SMTP server (aiosmtpd from PyPI, installed by
/// `scripts/setup.sh --test` into .tools/venv): the code arrives in a well-formed message.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn codes_reach_a_real_smtp_server() {
    let python = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../.tools/venv/bin/python");
    assert!(
        python.exists(),
        "run scripts/setup.sh --test (installs aiosmtpd)"
    );
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let dir = std::env::temp_dir().join(format!("yiwang-smtp-{port}"));
    std::fs::create_dir_all(&dir).unwrap();
    // A server that writes each message it receives into the folder.
    let script = format!(
        "import asyncio, pathlib\n\
         from aiosmtpd.controller import Controller\n\
         class H:\n\
         \x20   async def handle_DATA(self, server, session, envelope):\n\
         \x20       n = len(list(pathlib.Path(r'{dir}').glob('*.eml')))\n\
         \x20       pathlib.Path(r'{dir}', f'{{n}}.eml').write_bytes(envelope.content)\n\
         \x20       pathlib.Path(r'{dir}', f'{{n}}.rcpt').write_text(','.join(envelope.rcpt_tos))\n\
         \x20       return '250 OK'\n\
         c = Controller(H(), hostname='127.0.0.1', port={port})\n\
         c.start()\n\
         pathlib.Path(r'{dir}', 'ready').write_text('1')\n\
         asyncio.get_event_loop().run_forever()\n",
        dir = dir.display()
    );
    let mut child = tokio::process::Command::new(&python)
        .arg("-c")
        .arg(script)
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    for _ in 0..100 {
        if dir.join("ready").exists() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let smtp = server::delivery::Smtp {
        addr: format!("127.0.0.1:{port}"),
        from: "noreply@yiwang.example.cn".into(),
    };
    let message = server::delivery::Message {
        medium: server::delivery::Medium::Email,
        to: "supplier@example.cn".into(),
        subject: "一网 验证码 · Yiwang code".into(),
        body: "【一网】您的验证码是 123456".into(),
        at: 1_780_000_000,
    };
    use server::delivery::Delivery;
    smtp.send(&message).await.unwrap();
    let eml = std::fs::read_to_string(dir.join("0.eml")).unwrap();
    assert_eq!(
        std::fs::read_to_string(dir.join("0.rcpt")).unwrap(),
        "supplier@example.cn"
    );
    assert!(eml.contains("Subject: =?UTF-8?B?"), "{eml}");
    assert!(eml.contains("Content-Transfer-Encoding: base64"));
    // The body decodes to the code.
    let b64: String = eml
        .split("\r\n\r\n")
        .nth(1)
        .unwrap_or_else(|| eml.split("\n\n").nth(1).unwrap())
        .split_whitespace()
        .collect();
    let decoded = decode_base64(&b64);
    assert!(String::from_utf8(decoded).unwrap().contains("123456"));
    // An address with a line break is refused before anything is sent.
    let bad = server::delivery::Message {
        to: "a@b.cn\r\nRCPT TO:<x@y.cn>".into(),
        ..message
    };
    assert!(smtp.send(&bad).await.is_err());
    child.kill().await.ok();
    std::fs::remove_dir_all(&dir).ok();
}

fn decode_base64(s: &str) -> Vec<u8> {
    const T: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let mut buf = 0u32;
    let mut bits = 0;
    for c in s.bytes().filter(|c| *c != b'=') {
        let v = T.iter().position(|x| *x == c).unwrap() as u32;
        buf = (buf << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buf >> bits) as u8);
            buf &= (1 << bits) - 1;
        }
    }
    out
}

/// The cookie `name` a response sets.
fn cookie(r: &common::TestResponse, name: &str) -> Option<String> {
    r.headers
        .get_all(axum::http::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix(&format!("{name}=")))
        .map(|rest| rest.split(';').next().unwrap_or("").to_owned())
        .filter(|t| !t.is_empty())
}

async fn post_with_cookie(
    router: &axum::Router,
    path: &str,
    cookie: &str,
    pairs: &[(&str, &str)],
) -> common::TestResponse {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        s.append_pair(k, v);
    }
    let request = axum::http::Request::post(path)
        .header("host", common::HOST)
        .header("origin", common::ORIGIN)
        .header("cookie", cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(axum::body::Body::from(s.finish()))
        .unwrap();
    common::send(router, request).await
}

on_both_databases!(a_second_factor_guards_the_sign_in);
async fn a_second_factor_guards_the_sign_in(t: &common::TestDb) {
    use server::totp;
    let mut store = t.store();
    store.require_second_factor = true;
    let router = t.router_of(store.clone());
    let org = store
        .create_organisation(
            None,
            "regulator",
            "常州市新北区财政局",
            None,
            "320411",
            now_unix(),
        )
        .await
        .unwrap();
    let (_, temporary) = store
        .create_staff(
            None,
            &server::accounts::StaffAccount {
                username: "xbczj".into(),
                display_name: "新北区财政局 韩监管".into(),
                role: shared::access::Role::Regulator,
                organisation_id: Some(org),
                supplier_id: None,
                mobile: None,
                email: None,
                duty: None,
            },
            now_unix(),
        )
        .await
        .unwrap();
    // First the password change, then the second factor: nothing else opens before both.
    let token = common::session_token(&common::login(&router, "xbczj", &temporary).await).unwrap();
    let r = common::post_form_as(
        &router,
        "/account/password",
        &[
            ("current", &temporary),
            ("password", "Xinbei-Czj-2026"),
            ("password2", "Xinbei-Czj-2026"),
        ],
        &token,
    )
    .await;
    assert_eq!(r.status, 303);
    let r = common::get_as(&router, "/regulator/dashboard", &token).await;
    assert_eq!(
        (
            r.status,
            r.headers.get("location").unwrap().to_str().unwrap()
        ),
        (303, "/account/2fa")
    );
    // Set up: a pending secret, confirmed with a code from it.
    assert_eq!(
        common::post_form_as(&router, "/account/2fa", &[("action", "start")], &token)
            .await
            .status,
        303
    );
    let page = common::get_as(&router, "/account/2fa", &token).await;
    assert!(
        page.body.contains("two-factor-secret")
            && page.body.contains("otpauth://totp/Yiwang:xbczj")
    );
    let user_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE username = 'xbczj'")
        .fetch_one(&t.db.pool)
        .await
        .unwrap();
    let secret = totp::from_base32(&store.totp_state(user_id).await.unwrap().1.unwrap()).unwrap();
    // The secret is stored sealed with the data key, never in the clear.
    let stored: String = sqlx::query_scalar("SELECT totp_pending FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_one(&t.db.pool)
        .await
        .unwrap();
    assert!(stored.starts_with("v1:") && !stored.contains(&totp::base32(&secret)));
    let r = common::post_form_as(
        &router,
        "/account/2fa",
        &[("action", "confirm"), ("code", "000000")],
        &token,
    )
    .await;
    assert_eq!(r.status, 422);
    let code = format!(
        "{:06}",
        totp::hotp(&secret, totp::step_of(now_unix()) as u64, 6)
    );
    let r = common::post_form_as(
        &router,
        "/account/2fa",
        &[("action", "confirm"), ("code", &code)],
        &token,
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(
        common::get_as(&router, "/regulator/dashboard", &token)
            .await
            .status,
        200
    );
    // A role that needs it cannot turn it off.
    let r = common::post_form_as(
        &router,
        "/account/2fa",
        &[("action", "disable"), ("code", &code)],
        &token,
    )
    .await;
    assert_eq!(r.status, 422);
    // Signing in: the password opens only the second step, then the code opens the session.
    let r = common::login(&router, "xbczj", "Xinbei-Czj-2026").await;
    assert_eq!(r.status, 303);
    assert!(r
        .headers
        .get("location")
        .unwrap()
        .to_str()
        .unwrap()
        .starts_with("/login/otp"));
    assert!(
        common::session_token(&r).is_none(),
        "no session before the second factor"
    );
    let challenge = cookie(&r, server::auth::CHALLENGE_COOKIE).unwrap();
    let jar = format!("{}={challenge}", server::auth::CHALLENGE_COOKIE);
    let r = post_with_cookie(
        &router,
        "/login/otp",
        &jar,
        &[("code", "000000"), ("next", "/regulator/dashboard")],
    )
    .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("动态码不正确"));
    // The code used to confirm is spent; the next step's code is taken (one step early).
    let next = format!(
        "{:06}",
        totp::hotp(&secret, (totp::step_of(now_unix()) + 1) as u64, 6)
    );
    let r = post_with_cookie(
        &router,
        "/login/otp",
        &jar,
        &[("code", &next), ("next", "/regulator/dashboard")],
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(r.headers.get("location").unwrap(), "/regulator/dashboard");
    let session = common::session_token(&r).unwrap();
    assert_eq!(
        common::get_as(&router, "/regulator/dashboard", &session)
            .await
            .status,
        200
    );
    // The challenge is spent: the same cookie again is sent back to sign in.
    let r = post_with_cookie(&router, "/login/otp", &jar, &[("code", &next)]).await;
    assert_eq!(r.status, 303);
    assert!(r
        .headers
        .get("location")
        .unwrap()
        .to_str()
        .unwrap()
        .starts_with("/login?"));
    let audit = audit_actions(t).await;
    assert!(audit.iter().any(|(a, _)| a == "second_factor.enable"));
}

async fn regulator_of(
    t: &common::TestDb,
    store: &Store,
    jurisdiction: &str,
    username: &str,
) -> String {
    let org = store
        .create_organisation(
            None,
            "regulator",
            &format!("{jurisdiction} 财政局"),
            None,
            jurisdiction,
            now_unix(),
        )
        .await
        .unwrap();
    store
        .create_user(
            &server::auth::NewUser {
                username: username.into(),
                display_name: format!("{username} 监管"),
                role: shared::access::Role::Regulator,
                organisation_id: Some(org),
                supplier_id: None,
                password: "Finance-Bureau-2026".into(),
            },
            now_unix(),
        )
        .await
        .unwrap();
    let _ = t;
    common::session_token(&common::login(&t.router(), username, "Finance-Bureau-2026").await)
        .unwrap()
}

on_both_databases!(an_expert_applies_and_the_keeper_admits_it);
async fn an_expert_applies_and_the_keeper_admits_it(t: &common::TestDb) {
    let store = t.store();
    let router = t.router_of(store.clone());
    let pairs: Vec<(&str, &str)> = vec![
        ("display_name", "周明哲"),
        ("id_number", "11010519491231002X"),
        ("employer", "常州大学"),
        ("title", "senior"),
        ("specialties", "A02"),
        ("specialties", "C16"),
        ("relations", ""),
        ("region", "320411"),
        ("legal", "1"),
        ("username", "zhou.mz"),
        ("mobile", "13600001234"),
        ("email", "zmz@cczu.example.cn"),
        ("password", "Zhuanjia-2026!"),
        ("password2", "Zhuanjia-2026!"),
    ];
    // A wrong ID number: the form again, nothing stored.
    let mut bad = pairs.clone();
    bad[1] = ("id_number", "110105194912310021");
    let r = post_anonymous(&router, "/experts/apply", &bad).await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("校验码须正确"));
    let r = post_anonymous(&router, "/experts/apply", &pairs).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let expert = common::session_token(&r).unwrap();
    // The expert sees its own full number; the database holds it sealed.
    let page = common::get_as(&router, "/expert/profile", &expert).await;
    assert!(
        page.body.contains("11010519491231002X") && page.body.contains("待审核入库"),
        "{}",
        page.body
    );
    let stored: String = sqlx::query_scalar(
        "SELECT COALESCE(id_number_sealed, '') FROM experts WHERE name = '周明哲'",
    )
    .fetch_one(&t.db.pool)
    .await
    .unwrap();
    assert!(stored.starts_with("v1:") && !stored.contains("1101051949"));
    let id: i64 = sqlx::query_scalar("SELECT id FROM experts WHERE name = '周明哲'")
        .fetch_one(&t.db.pool)
        .await
        .unwrap();
    // A district's regulator does not keep the library; the city's does (YIWANG_EXPERT_KEEPER).
    let district = regulator_of(t, &store, "320402", "tnreg").await;
    let r = common::post_form_as(
        &router,
        &format!("/regulator/experts/{id}/decision"),
        &[
            ("decision", "admit"),
            ("reason", "材料齐全"),
            ("basis", "财库〔2016〕198号第九条"),
        ],
        &district,
    )
    .await;
    assert_eq!(r.status, 403);
    let city = regulator_of(t, &store, "320400", "czreg").await;
    let page = common::get_as(&router, "/regulator/experts", &city).await;
    assert!(
        page.body.contains("1101**********002X"),
        "masked for the keeper"
    );
    assert!(!page.body.contains("11010519491231002X"));
    // A decision needs its reason; a decision not open in the state is refused.
    let r = common::post_form_as(
        &router,
        &format!("/regulator/experts/{id}/decision"),
        &[
            ("decision", "admit"),
            ("reason", ""),
            ("basis", "财库〔2016〕198号第九条"),
        ],
        &city,
    )
    .await;
    assert_eq!(r.status, 422);
    let r = common::post_form_as(
        &router,
        &format!("/regulator/experts/{id}/decision"),
        &[
            ("decision", "restore"),
            ("reason", "材料齐全"),
            ("basis", "财库〔2016〕198号第九条"),
        ],
        &city,
    )
    .await;
    assert_eq!(r.status, 422);
    let r = common::post_form_as(
        &router,
        &format!("/regulator/experts/{id}/decision"),
        &[
            ("decision", "admit"),
            ("reason", "材料齐全，符合第六条条件"),
            ("basis", "财库〔2016〕198号第九条"),
        ],
        &city,
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let (status, registered): (String, i64) =
        sqlx::query_as("SELECT status, registered FROM experts WHERE id = $1")
            .bind(id)
            .fetch_one(&t.db.pool)
            .await
            .unwrap();
    assert_eq!((status.as_str(), registered), ("active", 1));
    let page = common::get_as(&router, "/expert/profile", &expert).await;
    assert!(page.body.contains("在库") && page.body.contains("材料齐全"));
    // The expert marks a day it cannot serve; a past day is refused.
    let r = common::post_form_as(
        &router,
        "/expert/unavailable",
        &[("action", "mark"), ("day", "2001-01-01")],
        &expert,
    )
    .await;
    assert_eq!(r.status, 422);
    let r = common::post_form_as(
        &router,
        "/expert/unavailable",
        &[("action", "mark"), ("day", "2030-03-15")],
        &expert,
    )
    .await;
    assert_eq!(r.status, 303);
    assert!(common::get_as(&router, "/expert/profile", &expert)
        .await
        .body
        .contains("2030-03-15"));
    // The expert declares the suppliers it must recuse from: a wrong code keeps what was typed
    // and stores nothing; a registered supplier's code is shown with its name.
    let r = common::post_form_as(
        &router,
        "/expert/relations",
        &[("relations", "91320400-NOT-A-CODE")],
        &expert,
    )
    .await;
    assert_eq!(r.status, 422);
    assert!(
        r.body.contains("91320400-NOT-A-CODE") && r.body.contains("不是有效的统一社会信用代码")
    );
    let r = common::post_form(
        &router,
        "/suppliers/register",
        common::encode_form(&common::valid_form(61)),
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let (code, name): (String, String) =
        sqlx::query_as("SELECT credit_code, name FROM suppliers ORDER BY id LIMIT 1")
            .fetch_one(&t.db.pool)
            .await
            .unwrap();
    let r = common::post_form_as(
        &router,
        "/expert/relations",
        &[("relations", &format!("{}\n\n", code.to_lowercase()))],
        &expert,
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = common::get_as(&router, "/expert/profile", &expert).await;
    assert!(
        page.body.contains(&format!("{name}（{code}）")) && page.body.contains("新北区"),
        "{}",
        page.body
    );
    let stored: (String, String, i64) = sqlx::query_as(
        "SELECT relations_json, jurisdiction_code, legal FROM experts WHERE id = $1",
    )
    .bind(id)
    .fetch_one(&t.db.pool)
    .await
    .unwrap();
    assert_eq!(stored, (format!("[\"{code}\"]"), "320411".to_owned(), 1));
    let audit = audit_actions(t).await;
    assert!(audit
        .iter()
        .any(|(a, after)| a == "expert.relations" && after.contains(&code)));
    let decide = audit.iter().find(|(a, _)| a == "expert.decide").unwrap();
    assert!(decide.1.contains("第九条"));
    assert!(
        audit
            .iter()
            .all(|(_, after)| !after.contains("11010519491231002X")),
        "the audit holds the masked number only"
    );
}

on_both_databases!(a_bound_supplier_adds_a_colleague);
async fn a_bound_supplier_adds_a_colleague(t: &common::TestDb) {
    let store = t.store();
    let router = t.router_of(store.clone());
    let form = common::valid_form(53);
    let token = common::session_token(
        &common::post_form(&router, "/suppliers/register", common::encode_form(&form)).await,
    )
    .unwrap();
    let colleague = [
        ("username", "colleague1"),
        ("display_name", "孙同事"),
        ("mobile", "13500001111"),
        ("email", "sun@example.cn"),
    ];
    // Not yet bound: no colleagues.
    let r = common::post_form_as(&router, "/account/colleagues", &colleague, &token).await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("请先核验主体身份"));
    let evidence =
        server::identity::dev_token(server::identity::DEFAULT_DEV_KEY, &form.credit_code);
    common::post_form_as(
        &router,
        "/account/identity",
        &[("evidence", &evidence)],
        &token,
    )
    .await;
    let r = common::post_form_as(&router, "/account/colleagues", &colleague, &token).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let start =
        r.body.find("id=\"temporary-password\">").unwrap() + "id=\"temporary-password\">".len();
    let temporary: String = r.body[start..].chars().take_while(|c| *c != '<').collect();
    // The colleague acts for the same company, bound, after changing the temporary password.
    let r = common::login(&router, "colleague1", &temporary).await;
    let token2 = common::session_token(&r).unwrap();
    assert_eq!(
        common::get_as(&router, "/supplier/bids", &token2)
            .await
            .status,
        303
    );
    let (supplier, bound): (Option<i64>, Option<i64>) =
        sqlx::query_as("SELECT supplier_id, bound_at FROM users WHERE username = 'colleague1'")
            .fetch_one(&t.db.pool)
            .await
            .unwrap();
    let own: Option<i64> = sqlx::query_scalar("SELECT supplier_id FROM users WHERE username = $1")
        .bind(form.username.clone())
        .fetch_one(&t.db.pool)
        .await
        .unwrap();
    assert_eq!(supplier, own);
    assert!(bound.is_some());
}

on_both_databases!(a_refused_staff_account_keeps_what_was_typed);
async fn a_refused_staff_account_keeps_what_was_typed(t: &common::TestDb) {
    let store = t.store();
    let router = t.router_of(store.clone());
    store
        .create_user(
            &server::auth::NewUser {
                username: "root".into(),
                display_name: "管理员".into(),
                role: shared::access::Role::Admin,
                organisation_id: None,
                supplier_id: None,
                password: "Root-Admin-2026!".into(),
            },
            now_unix(),
        )
        .await
        .unwrap();
    let admin =
        common::session_token(&common::login(&router, "root", "Root-Admin-2026!").await).unwrap();
    let org = store
        .create_organisation(
            None,
            "purchaser",
            "常州市天宁区档案馆",
            None,
            "320402",
            now_unix(),
        )
        .await
        .unwrap();
    let org_s = org.to_string();
    // The unit's page offers only the role that fits it.
    let page = common::get_as(&router, &format!("/admin/users?organisation={org}"), &admin).await;
    let options: Vec<&str> = page
        .body
        .match_indices("<option")
        .map(|(i, _)| &page.body[i..(i + 60).min(page.body.len())])
        .collect();
    // (the search filter lists every role once; the form only the purchaser)
    assert_eq!(
        page.body.matches("<option value=\"purchaser\"").count(),
        2,
        "{options:?}"
    );
    assert_eq!(
        page.body.matches("<option value=\"regulator\"").count(),
        1,
        "{options:?}"
    );
    let r = common::post_form_as(
        &router,
        "/admin/users",
        &[
            ("username", "9bad"),
            ("display_name", "档案馆 经办人"),
            ("role", "purchaser"),
            ("organisation", &org_s),
            ("mobile", "12"),
            ("email", ""),
        ],
        &admin,
    )
    .await;
    assert_eq!(r.status, 422);
    assert!(
        r.body.contains("new-account") && r.body.contains("档案馆 经办人"),
        "the form again, with what was typed"
    );
    assert!(r.body.contains("英文字母开头"), "the login name's error");
}

on_both_databases!(sign_ups_are_limited_per_address);
async fn sign_ups_are_limited_per_address(t: &common::TestDb) {
    let mut store = t.store();
    store.signups_per_hour = 3;
    let router = t.router_of(store.clone());
    // Three sign-ups (valid or not) from one address, then 429 with Retry-After; nothing stored.
    for n in 0..3 {
        let mut form = common::valid_form(60 + n);
        form.email = "x".into();
        assert_eq!(
            common::post_form(&router, "/suppliers/register", common::encode_form(&form))
                .await
                .status,
            422
        );
    }
    let r = common::post_form(
        &router,
        "/suppliers/register",
        common::encode_form(&common::valid_form(70)),
    )
    .await;
    assert_eq!(r.status, 429);
    assert!(r.headers.get("retry-after").is_some());
    let r = post_anonymous(&router, "/experts/apply", &[("display_name", "x")]).await;
    assert_eq!(r.status, 429, "every sign-up path counts");
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM suppliers")
        .fetch_one(&t.db.pool)
        .await
        .unwrap();
    assert_eq!(n, 0);
    // Signing in is not a sign-up.
    assert_ne!(
        common::login(&router, "nobody", "Whatever-2026")
            .await
            .status,
        429
    );
}

on_both_databases!(a_supplier_corrects_its_data_when_a_regulator_asks);
/// Issue 17 point 2: a bound supplier account changes its company's data with the
/// registration's rules (the credit code stays); a regulator of its jurisdiction asks for a
/// correction, which blocks nothing; the supplier's change answers it; a regulator of another
/// jurisdiction sees nothing of it.
async fn a_supplier_corrects_its_data_when_a_regulator_asks(t: &common::TestDb) {
    let store = t.store();
    let router = t.router_of(store.clone());
    let form = common::valid_form(71);
    let token = common::session_token(
        &common::post_form(&router, "/suppliers/register", common::encode_form(&form)).await,
    )
    .unwrap();
    let change: Vec<(&str, &str)> = vec![
        ("name", "常州测试科技股份有限公司"),
        ("credit_code", "91320400000000000X"),
        ("legal_rep", "张伟"),
        ("contact_person", "王敏"),
        ("phone", "0519-86001234"),
        ("email", "office@example.cn"),
        ("region", "320402"),
        ("address", "常州市天宁区青洋北路88号"),
        ("size", "medium"),
        ("categories", "A02010104"),
        ("categories", "C16000000"),
    ];
    // Unbound: the change is refused with the reason, nothing stored.
    let r = common::post_form_as(&router, "/supplier/profile", &change, &token).await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("请先核验主体身份，再修改单位资料"));
    let evidence =
        server::identity::dev_token(server::identity::DEFAULT_DEV_KEY, &form.credit_code);
    common::post_form_as(
        &router,
        "/account/identity",
        &[("evidence", &evidence)],
        &token,
    )
    .await;
    // The regulator of 天宁区 reviews it and asks for a correction; a note too short is refused
    // with what was typed kept.
    let tianning = regulator_of(t, &store, "320402", "tnreg2").await;
    let wujin = regulator_of(t, &store, "320412", "wjreg2").await;
    let list = common::get_as(&router, "/regulator/suppliers", &tianning).await;
    assert!(list.body.contains(&format!(
        "href=\"/regulator/suppliers/{}\"",
        form.credit_code
    )));
    let page = format!("/regulator/suppliers/{}", form.credit_code);
    assert!(common::get_as(&router, &page, &tianning)
        .await
        .body
        .contains(&form.name));
    assert!(!common::get_as(&router, &page, &wujin)
        .await
        .body
        .contains(&form.name));
    let ask = format!("{page}/correction");
    let r = common::post_form_as(&router, &ask, &[("note", "x")], &tianning).await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("请写明需要更正的内容"));
    let r = common::post_form_as(
        &router,
        &ask,
        &[("note", "地址与营业执照不一致，请核对")],
        &wujin,
    )
    .await;
    assert_eq!(r.status, 404, "another district's regulator");
    let r = common::post_form_as(
        &router,
        &ask,
        &[("note", "地址与营业执照不一致，请核对")],
        &tianning,
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    // The supplier sees the open request and still bids (nothing blocks).
    let mine = common::get_as(&router, "/supplier/profile", &token).await;
    assert!(mine.body.contains("correction-open") && mine.body.contains("地址与营业执照不一致"));
    assert_eq!(
        common::get_as(&router, "/supplier/bids", &token)
            .await
            .status,
        200
    );
    // A wrong phone keeps what was typed and stores nothing.
    let mut bad = change.clone();
    bad[4] = ("phone", "12");
    let r = common::post_form_as(&router, "/supplier/profile", &bad, &token).await;
    assert_eq!(r.status, 422);
    assert!(
        r.body.contains("常州市天宁区青洋北路88号"),
        "typed values kept"
    );
    let r = common::post_form_as(&router, "/supplier/profile", &change, &token).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let row: (String, String, String, String) = sqlx::query_as(
        "SELECT name, credit_code, size, address FROM suppliers WHERE credit_code = $1",
    )
    .bind(form.credit_code.clone())
    .fetch_one(&t.db.pool)
    .await
    .unwrap();
    assert_eq!(
        row,
        (
            "常州测试科技股份有限公司".to_owned(),
            form.credit_code.clone(),
            "medium".to_owned(),
            "常州市天宁区青洋北路88号".to_owned()
        ),
        "the credit code typed is ignored"
    );
    let open: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM supplier_corrections WHERE resolved_at IS NULL")
            .fetch_one(&t.db.pool)
            .await
            .unwrap();
    assert_eq!(open, 0, "the change answered the request");
    let audit = audit_actions(t).await;
    assert!(audit.iter().any(|(a, _)| a == "supplier.correction"));
    let update = audit.iter().find(|(a, _)| a == "supplier.update").unwrap();
    assert!(update.1.contains("股份有限公司") && update.1.contains("\"corrections_answered\":1"));
}

on_both_databases!(the_three_administrators_regulators_and_unit_administrators_keep_to_their_share);
/// Issue 17 point 4: the administrator's role split three ways (三员: the system administrator
/// creates organisations and staff accounts, the security administrator disables, enables and
/// resets them, the audit administrator reads the audit trail and changes nothing); regulators
/// manage the staff of their jurisdiction's organisations; a unit administrator manages its
/// own organisation's staff; everyone else nothing. Lists show each only its share.
async fn the_three_administrators_regulators_and_unit_administrators_keep_to_their_share(
    t: &common::TestDb,
) {
    use app::service::accounts::AccountServices;
    use server::accounts::StaffAccount;
    use shared::access::{Duty, Principal, Role};
    let store = t.store();
    let now = now_unix();
    let org = |kind: &'static str, name: &'static str, jurisdiction: &'static str| {
        let store = store.clone();
        async move {
            store
                .create_organisation(None, kind, name, None, jurisdiction, now)
                .await
                .unwrap()
        }
    };
    let unit = org("purchaser", "常州市天宁区档案馆", "320402").await;
    let agency = org("agency", "武进某招标代理有限公司", "320412").await;
    let bureau = org("regulator", "常州市天宁区财政局（测试）", "320402").await;
    let spec =
        |username: &str, role: Role, organisation: Option<i64>, duty: Option<Duty>| StaffAccount {
            username: username.into(),
            display_name: format!("{username} 测试"),
            role,
            organisation_id: organisation,
            supplier_id: None,
            mobile: None,
            email: None,
            duty,
        };
    let create = |actor: Option<Principal>, s: StaffAccount| {
        let store = store.clone();
        async move { store.create_staff(actor.as_ref(), &s, now).await }
    };
    let principal = |id: i64,
                     role: Role,
                     organisation: Option<i64>,
                     jurisdiction: Option<&str>,
                     duty: Option<Duty>| Principal {
        user_id: id,
        role,
        organisation_id: organisation,
        supplier_id: None,
        jurisdiction: jurisdiction.map(str::to_owned),
        duty,
    };
    // The operator creates the three administrators on the server.
    let (sys_id, _) = create(None, spec("sysadm", Role::Admin, None, Some(Duty::System)))
        .await
        .unwrap();
    let (sec_id, _) = create(
        None,
        spec("secadm", Role::Admin, None, Some(Duty::Security)),
    )
    .await
    .unwrap();
    let (aud_id, _) = create(None, spec("audadm", Role::Admin, None, Some(Duty::Audit)))
        .await
        .unwrap();
    let system = principal(sys_id, Role::Admin, None, None, Some(Duty::System));
    let security = principal(sec_id, Role::Admin, None, None, Some(Duty::Security));
    let audit = principal(aud_id, Role::Admin, None, None, Some(Duty::Audit));
    let refused_share = |r: Result<(i64, String), app::service::StoreError>| match r {
        Err(app::service::StoreError::Rejected(e)) => {
            assert!(
                e.iter().any(|f| f.code == "account.not_your_share"),
                "{e:?}"
            )
        }
        other => panic!("expected a refusal, got {other:?}"),
    };
    // The system administrator creates staff, not administrators; the others create nothing.
    let (reg_id, _) = create(
        Some(system.clone()),
        spec("tnreg9", Role::Regulator, Some(bureau), None),
    )
    .await
    .unwrap();
    match create(
        Some(system.clone()),
        spec("admin2", Role::Admin, None, Some(Duty::System)),
    )
    .await
    {
        Err(app::service::StoreError::Rejected(_)) => {}
        other => panic!("{other:?}"),
    }
    refused_share(
        create(
            Some(security.clone()),
            spec("uuu1", Role::Purchaser, Some(unit), None),
        )
        .await,
    );
    refused_share(
        create(
            Some(audit.clone()),
            spec("uuu2", Role::Purchaser, Some(unit), None),
        )
        .await,
    );
    // The district's regulator: its jurisdiction's organisations only; it names the unit's
    // administrator.
    let regulator = principal(reg_id, Role::Regulator, Some(bureau), Some("320402"), None);
    let (ua_id, _) = create(
        Some(regulator.clone()),
        spec(
            "daj.admin",
            Role::Purchaser,
            Some(unit),
            Some(Duty::UnitAdmin),
        ),
    )
    .await
    .unwrap();
    refused_share(
        create(
            Some(regulator.clone()),
            spec("wj.agent", Role::Agency, Some(agency), None),
        )
        .await,
    );
    let (agent_id, _) = create(
        Some(system.clone()),
        spec("wj.agent", Role::Agency, Some(agency), None),
    )
    .await
    .unwrap();
    // The unit administrator: its own unit's purchasers only.
    let unit_admin = principal(
        ua_id,
        Role::Purchaser,
        Some(unit),
        Some("320402"),
        Some(Duty::UnitAdmin),
    );
    let (clerk_id, _) = create(
        Some(unit_admin.clone()),
        spec("daj.jb2", Role::Purchaser, Some(unit), None),
    )
    .await
    .unwrap();
    refused_share(
        create(
            Some(unit_admin.clone()),
            spec("wj.agent2", Role::Agency, Some(agency), None),
        )
        .await,
    );
    let clerk = principal(clerk_id, Role::Purchaser, Some(unit), Some("320402"), None);
    refused_share(
        create(
            Some(clerk.clone()),
            spec("daj.jb3", Role::Purchaser, Some(unit), None),
        )
        .await,
    );
    // Disable, enable, reset: the security administrator, the regulator and the unit
    // administrator within their share; the system and audit administrators not.
    for who in [&system, &audit] {
        assert!(store
            .set_enabled(Some(who), "daj.jb2", false, now)
            .await
            .is_err());
    }
    store
        .set_enabled(Some(&security), "daj.jb2", false, now)
        .await
        .unwrap();
    store
        .set_enabled(Some(&unit_admin), "daj.jb2", true, now)
        .await
        .unwrap();
    // Resets are the security administrator's (whoever resets sees the temporary password):
    // a regulator or a unit administrator may not, and out of share is answered as unknown.
    assert!(matches!(
        store.reset_password(Some(&regulator), "daj.jb2", now).await,
        Err(app::service::StoreError::NotFound)
    ));
    assert!(store
        .reset_password(Some(&unit_admin), "daj.jb2", now)
        .await
        .is_err());
    store
        .reset_password(Some(&security), "daj.jb2", now)
        .await
        .unwrap();
    assert!(store
        .set_enabled(Some(&regulator), "wj.agent", false, now)
        .await
        .is_err());
    assert!(store
        .reset_password(Some(&unit_admin), "wj.agent", now)
        .await
        .is_err());
    assert!(
        store
            .set_enabled(Some(&security), "sysadm", false, now)
            .await
            .is_err(),
        "administrators are the operator's"
    );
    assert!(!disabled(t, "wj.agent").await && agent_id > 0);
    // Lists: the regulator sees its jurisdiction's staff, the unit administrator its unit's.
    let names = |p: app::api::accounts::AccountsPage| -> Vec<String> {
        p.rows.into_iter().map(|r| r.username).collect()
    };
    let seen = names(store.accounts(&regulator, "", None, None, 1).await.unwrap());
    assert!(
        seen.contains(&"daj.admin".to_owned())
            && !seen.contains(&"wj.agent".to_owned())
            && !seen.contains(&"sysadm".to_owned()),
        "{seen:?}"
    );
    let seen = names(
        store
            .accounts(&unit_admin, "", None, Some(agency), 1)
            .await
            .unwrap(),
    );
    assert!(seen.iter().all(|u| u.starts_with("daj.")), "{seen:?}");
    let page = store
        .accounts(&unit_admin, "", None, Some(unit), 1)
        .await
        .unwrap();
    assert_eq!(page.creatable, vec![Role::Purchaser]);
    assert!(store.accounts(&clerk, "", None, None, 1).await.is_err());
    let orgs = store.organisations(&regulator, "", "", 1).await.unwrap();
    assert!(orgs.rows.iter().all(|o| o.jurisdiction == "320402") && !orgs.may_create);
    assert!(store
        .create_organisation(
            Some(&regulator),
            "purchaser",
            "常州市天宁区某局",
            None,
            "320402",
            now
        )
        .await
        .is_err());
    // The audit administrator reads the trail and verifies the chain; nobody else opens it.
    let trail = store.audit_page(&audit, "user.", 1, true).await.unwrap();
    assert!(trail.total >= 8 && trail.rows.iter().all(|r| r.action.starts_with("user.")));
    assert_eq!(trail.check.unwrap().problem, None);
    assert!(store.audit_page(&system, "", 1, false).await.is_err());
    let duty: Option<String> =
        sqlx::query_scalar("SELECT duty FROM users WHERE username = 'daj.admin'")
            .fetch_one(&t.db.pool)
            .await
            .unwrap();
    assert_eq!(duty.as_deref(), Some("unit_admin"));
}
