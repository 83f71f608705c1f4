//! End-to-end tests in real headless Chromium (Debian's `chromium` + `chromedriver`), against
//! the real `yiwang` binary on a fresh SQLite database with demo data. Run by `scripts/test.sh`
//! after the browser bundle and the server are built.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use tokio::process::{Child, Command};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn wait_for_port(port: u16, what: &str) {
    let start = Instant::now();
    while tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .is_err()
    {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "{what} did not start on port {port}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The platform and a browser, torn down when dropped.
struct Harness {
    server: Child,
    driver: Child,
    base: String,
    driver_url: String,
    _dir: TempDir,
}

struct TempDir(PathBuf);
impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// One browser test at a time: each starts its own server and Chromium, and two at once on a
/// small machine make timings flaky. Held for the whole test (tokio's mutex is not poisoned
/// when a test fails).
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

impl Harness {
    async fn start() -> Harness {
        let bin = std::env::var_os("YIWANG_BIN")
            .map(PathBuf::from)
            .unwrap_or_else(|| target_dir().join("debug").join("yiwang"));
        assert!(
            bin.exists(),
            "{} is missing: run scripts/test.sh (it builds the server first)",
            bin.display()
        );
        let site = std::env::var_os("YIWANG_SITE")
            .map(PathBuf::from)
            .unwrap_or_else(|| target_dir().join("site"));
        assert!(
            site.join("pkg/yiwang.wasm").exists(),
            "no browser bundle in {}: run `cargo xtask build` (scripts/test.sh does)",
            site.display()
        );
        let dir =
            std::env::temp_dir().join(format!("yiwang-e2e-{}-{}", std::process::id(), free_port()));
        std::fs::create_dir_all(&dir).unwrap();
        let port = free_port();
        let server = Command::new(&bin)
            .env("YIWANG_ADDR", format!("127.0.0.1:{port}"))
            .env("DATABASE_URL", format!("sqlite://{}/e2e.db", dir.display()))
            .env("YIWANG_SITE", &site)
            .env("YIWANG_DEMO", "small")
            .env("YIWANG_TEST_CLOCK", "1")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("start yiwang");
        let driver_port = free_port();
        let driver =
            Command::new(std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into()))
                .arg(format!("--port={driver_port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .kill_on_drop(true)
                .spawn()
                .expect(
                    "start chromedriver (apt-get install chromium-driver; scripts/test.sh does)",
                );
        wait_for_port(port, "yiwang").await;
        wait_for_port(driver_port, "chromedriver").await;
        Harness {
            server,
            driver,
            base: format!("http://127.0.0.1:{port}"),
            driver_url: format!("http://127.0.0.1:{driver_port}"),
            _dir: TempDir(dir),
        }
    }

    /// A new headless Chromium session; `javascript: false` turns scripts off.
    async fn browser(&self, javascript: bool) -> Client {
        let profile = self._dir.0.join(format!("profile-{}", free_port()));
        let mut options = json!({
            "binary": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1200,900",
                format!("--user-data-dir={}", profile.display()),
            ],
        });
        if !javascript {
            options["prefs"] = json!({ "profile.managed_default_content_settings.javascript": 2 });
        }
        let mut caps = serde_json::Map::new();
        caps.insert("goog:chromeOptions".into(), options);
        ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&self.driver_url)
            .await
            .expect("a Chromium session")
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        let _ = self.server.start_kill();
        let _ = self.driver.start_kill();
        // A test that fails before closing its session leaves Chromium running without its
        // driver: end every browser started with a profile in this harness's folder.
        let _ = std::process::Command::new("pkill")
            .arg("-f")
            .arg(self._dir.0.as_os_str())
            .status();
    }
}

/// Waits until the page has hydrated (the app sets `data-hydrated` on `<body>`).
async fn hydrated(c: &Client) {
    c.wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("body[data-hydrated]"))
        .await
        .expect("the page hydrates (is the wasm bundle broken?)");
}

/// The text of the first element matching `css`; retried while the page re-renders it (a
/// reactive list may replace the element between finding and reading it).
async fn text_of(c: &Client, css: &str) -> String {
    let mut last = None;
    for _ in 0..50 {
        match c.find(Locator::Css(css)).await {
            Ok(e) => match e.text().await {
                Ok(t) => return t,
                Err(err) => last = Some(err.to_string()),
            },
            Err(err) => last = Some(err.to_string()),
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{css}: {}", last.unwrap_or_default())
}

async fn wait_text(c: &Client, css: &str, timeout: Duration) -> String {
    let start = Instant::now();
    loop {
        if let Ok(e) = c.find(Locator::Css(css)).await {
            let t = e.text().await.unwrap_or_default();
            if !t.trim().is_empty() {
                return t;
            }
        }
        assert!(
            start.elapsed() < timeout,
            "{css} stayed empty for {timeout:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn resource_count(c: &Client) -> u64 {
    c.execute(
        "return performance.getEntriesByType('resource').length;",
        vec![],
    )
    .await
    .unwrap()
    .as_u64()
    .unwrap()
}

/// Fills the registration form of the current page.
async fn fill(c: &Client, name: &str, code: &str) {
    for (id, value) in [
        ("name", name),
        ("credit_code", code),
        ("legal_rep", "王建华"),
        ("contact_person", "陈思远"),
        ("phone", "0519-86661234"),
        ("email", "bid@longcheng-it.cn"),
        ("address", "常州市钟楼区延陵西路99号"),
    ] {
        let e = c.find(Locator::Id(id)).await.unwrap();
        e.clear().await.unwrap();
        e.send_keys(value).await.unwrap();
    }
    c.find(Locator::Id("region"))
        .await
        .unwrap()
        .select_by_value("320404")
        .await
        .unwrap();
    c.find(Locator::Css("input[name=size][value=small]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let category = c
        .find(Locator::Css("input[name=categories]"))
        .await
        .unwrap();
    if !category.is_selected().await.unwrap() {
        category.click().await.unwrap();
    }
}

/// A valid credit code different for each call site (GB 32100 check character computed here
/// independently of the app, so the test does not trust the code under test).
fn credit_code(seed: u32) -> String {
    const CHARSET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    const W: [u32; 17] = [
        1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
    ];
    let first17 = format!("91320404MA{:07}", seed % 10_000_000);
    let sum: u32 = first17
        .bytes()
        .zip(W)
        .map(|(b, w)| CHARSET.iter().position(|&c| c == b).unwrap() as u32 * w)
        .sum();
    let check = (31 - sum % 31) % 31;
    format!("{first17}{}", CHARSET[check as usize] as char)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_credit_code_shows_error_instantly_without_a_request() {
    let _turn = ONE_AT_A_TIME.lock().await;
    let h = Harness::start().await;
    let c = h.browser(true).await;
    c.goto(&h.url("/suppliers/register")).await.unwrap();
    hydrated(&c).await;
    let before = resource_count(&c).await;
    let input = c.find(Locator::Id("credit_code")).await.unwrap();
    let started = Instant::now();
    input.send_keys("91320404MA1ABCDE0X").await.unwrap();
    let message = wait_text(&c, "#err-credit_code", Duration::from_secs(2)).await;
    let shown_after = started.elapsed();
    assert!(
        message.contains("统一社会信用代码") || message.contains("校验"),
        "Chinese message: {message}"
    );
    assert_eq!(
        resource_count(&c).await,
        before,
        "validation sent no request"
    );
    // A valid code clears the message, still without a request.
    input.clear().await.unwrap();
    input.send_keys(&credit_code(1)).await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(text_of(&c, "#err-credit_code").await.trim(), "");
    assert_eq!(resource_count(&c).await, before);
    // The cost of one validation call inside the page's wasm.
    let ms = c
        .execute_async("const done = arguments[arguments.length - 1]; import('/pkg/yiwang.js').then(m => done(m.bench_validate(2000)));", vec![])
        .await
        .unwrap()
        .as_f64()
        .unwrap();
    println!(
        "BENCH browser.validate_supplier_us {:.2}",
        ms * 1000.0 / 2000.0
    );
    println!(
        "BENCH browser.type_18_chars_and_see_error_ms {} (WebDriver round trips included)",
        shown_after.as_millis()
    );
    c.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn valid_form_submits_and_the_supplier_is_listed() {
    let _turn = ONE_AT_A_TIME.lock().await;
    let h = Harness::start().await;
    let c = h.browser(true).await;
    c.goto(&h.url("/suppliers/register")).await.unwrap();
    hydrated(&c).await;
    let code = credit_code(2);
    fill(&c, "常州龙城浏览器测试有限公司", &code).await;
    c.find(Locator::Id("submit"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let banner = wait_text(&c, "#registered", Duration::from_secs(10)).await;
    assert!(banner.contains(&code), "{banner}");
    // Search the list by name.
    c.goto(&h.url("/suppliers?q=浏览器测试")).await.unwrap();
    let table = wait_text(&c, "#supplier-table", Duration::from_secs(10)).await;
    assert!(
        table.contains("常州龙城浏览器测试有限公司") && table.contains(&code),
        "{table}"
    );
    c.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_form_works_without_javascript() {
    let _turn = ONE_AT_A_TIME.lock().await;
    let h = Harness::start().await;
    let c = h.browser(false).await;
    c.goto(&h.url("/suppliers/register")).await.unwrap();
    assert!(
        c.find(Locator::Css("body[data-hydrated]")).await.is_err(),
        "scripts are off"
    );
    // A wrong e-mail: the server answers with the page, the message and the typed values.
    let code = credit_code(3);
    fill(&c, "常州无脚本提交有限公司", &code).await;
    let email = c.find(Locator::Id("email")).await.unwrap();
    email.clear().await.unwrap();
    email.send_keys("wrong@").await.unwrap();
    c.find(Locator::Id("submit"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let message = wait_text(&c, "#err-email", Duration::from_secs(10)).await;
    assert!(message.contains("邮箱"), "{message}");
    let kept = c
        .find(Locator::Id("name"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default();
    assert_eq!(kept, "常州无脚本提交有限公司");
    // Corrected: stored, and the list shows it.
    fill(&c, "常州无脚本提交有限公司", &code).await;
    c.find(Locator::Id("submit"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let banner = wait_text(&c, "#registered", Duration::from_secs(10)).await;
    assert!(banner.contains(&code), "{banner}");
    c.goto(&h.url(&format!("/suppliers?q={code}")))
        .await
        .unwrap();
    let table = wait_text(&c, "#supplier-table", Duration::from_secs(10)).await;
    assert!(table.contains("常州无脚本提交有限公司"), "{table}");
    c.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_switches_to_english_and_stays() {
    let _turn = ONE_AT_A_TIME.lock().await;
    let h = Harness::start().await;
    let c = h.browser(true).await;
    c.goto(&h.url("/suppliers/register")).await.unwrap();
    hydrated(&c).await;
    assert!(text_of(&c, "h1").await.contains("供应商注册"));
    c.find(Locator::Id("lang-switch"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("html[lang=en]"))
        .await
        .unwrap();
    hydrated(&c).await;
    assert_eq!(text_of(&c, "h1").await, "Supplier registration");
    // English messages while typing, and English after a reload (the cookie persists).
    c.find(Locator::Id("email"))
        .await
        .unwrap()
        .send_keys("nope")
        .await
        .unwrap();
    let message = wait_text(&c, "#err-email", Duration::from_secs(2)).await;
    assert!(message.is_ascii(), "English message: {message}");
    c.goto(&h.url("/suppliers")).await.unwrap();
    assert_eq!(text_of(&c, "h1").await, "Registered suppliers");
    let v: Value = c
        .execute("return document.documentElement.lang;", vec![])
        .await
        .unwrap();
    assert_eq!(v, json!("en"));
    c.close().await.unwrap();
}

/// Signs in through the login form of the current browser.
async fn sign_in(c: &Client, h: &Harness, username: &str, next: &str) {
    c.goto(&h.url(&format!("/login?next={next}")))
        .await
        .unwrap();
    c.find(Locator::Id("username"))
        .await
        .unwrap()
        .send_keys(username)
        .await
        .unwrap();
    c.find(Locator::Id("password"))
        .await
        .unwrap()
        .send_keys("yiwang2026")
        .await
        .unwrap();
    c.find(Locator::Id("login-submit"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Id("current-user"))
        .await
        .expect("signed in: the header shows the account");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_district_regulator_sees_its_suppliers_and_a_supplier_is_refused() {
    let _turn = ONE_AT_A_TIME.lock().await;
    let h = Harness::start().await;
    // 天宁区财政局: only suppliers of 天宁区.
    let c = h.browser(true).await;
    sign_in(&c, &h, "tnczj", "/regulator/suppliers").await;
    let table = wait_text(&c, "#regulator-suppliers", Duration::from_secs(10)).await;
    assert!(table.contains("天宁区"), "{table}");
    let regions: Value = c
        .execute(
            "return [...document.querySelectorAll('#regulator-suppliers tr[data-region]')].map(r => r.dataset.region);",
            vec![],
        )
        .await
        .unwrap();
    let regions = regions.as_array().unwrap();
    assert!(!regions.is_empty());
    assert!(regions.iter().all(|r| r == "320402"), "{regions:?}");
    assert!(text_of(&c, "#scope").await.contains("天宁区"));
    hydrated(&c).await;
    // Logout ends it: the page sends to the login form again.
    c.find(Locator::Id("logout"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Id("login-link"))
        .await
        .unwrap();
    c.goto(&h.url("/regulator/suppliers")).await.unwrap();
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Id("login-form"))
        .await
        .unwrap();
    c.close().await.unwrap();
    // A supplier, without JavaScript: signed in, but the regulator's page is forbidden.
    let c = h.browser(false).await;
    sign_in(&c, &h, "gys", "/account").await;
    assert!(text_of(&c, "#account-role").await.contains("供应商"));
    c.goto(&h.url("/regulator/suppliers")).await.unwrap();
    assert!(text_of(&c, "#forbidden").await.contains("无权访问"));
    assert!(c.find(Locator::Id("regulator-suppliers")).await.is_err());
    c.close().await.unwrap();
}

async fn click(c: &Client, css: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .click()
        .await
        .unwrap();
}

async fn type_into(c: &Client, id: &str, text: &str) {
    let e = c.find(Locator::Id(id)).await.unwrap();
    e.clear().await.unwrap();
    e.send_keys(text).await.unwrap();
}

/// Waits until the text of `css` contains `needle` (e.g. after a form post and its redirect).
async fn wait_contains(c: &Client, css: &str, needle: &str) {
    let start = Instant::now();
    loop {
        if let Ok(e) = c.find(Locator::Css(css)).await {
            if e.text().await.unwrap_or_default().contains(needle) {
                return;
            }
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "{css} never contained {needle:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn wait_for(c: &Client, css: &str) {
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css} did not appear: {e}"));
}

/// Issue 4's scenario: a purchaser's plan reaches the open-tender threshold with another method;
/// the warning (P04) shows while typing, computed in the browser; the plan is filed with it; a
/// method change is requested; the regulator of another district cannot see it; the district's
/// regulator approves; the plan may then be released.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plan_warns_p04_while_typing_and_the_district_approves_the_method_change() {
    let _turn = ONE_AT_A_TIME.lock().await;
    let h = Harness::start().await;
    let plan_name = "E2E 教学服务器采购";
    let c = h.browser(true).await;
    sign_in(&c, &h, "tnjyj", "/plans").await;
    wait_for(&c, "#budget-line-form").await;
    type_into(&c, "code", "E2E-1").await;
    type_into(&c, "line-name", "端到端测试指标").await;
    type_into(&c, "fiscal_year", "2026").await;
    type_into(&c, "approved_amount", "10,000,000").await;
    click(&c, "#save-line").await;
    wait_contains(&c, "#budget-lines", "E2E-1").await;

    c.goto(&h.url("/plans/new")).await.unwrap();
    hydrated(&c).await;
    wait_for(&c, "#plan-form").await;
    let line = c
        .find(Locator::XPath(
            "//select[@id='budget_line_id']/option[contains(., 'E2E-1')]",
        ))
        .await
        .unwrap()
        .attr("value")
        .await
        .unwrap()
        .unwrap();
    c.find(Locator::Id("budget_line_id"))
        .await
        .unwrap()
        .select_by_value(&line)
        .await
        .unwrap();
    type_into(&c, "name", plan_name).await;
    c.find(Locator::Id("object_type"))
        .await
        .unwrap()
        .select_by_value("goods")
        .await
        .unwrap();
    c.find(Locator::Id("category_code"))
        .await
        .unwrap()
        .select_by_value("A02010104")
        .await
        .unwrap();
    c.find(Locator::Id("method"))
        .await
        .unwrap()
        .select_by_value("competitive_consultation")
        .await
        .unwrap();
    type_into(&c, "planned_date", "2026-06-01").await;
    type_into(&c, "amount", "3,999,999.99").await;
    wait_for(&c, "#no-warnings").await;
    // One fen more reaches the threshold: the warning appears at once, without any request.
    let requests = resource_count(&c).await;
    let started = Instant::now();
    type_into(&c, "amount", "4,000,000").await;
    wait_for(&c, "#plan-checks li[data-check=P04]").await;
    let shown_after = started.elapsed();
    assert_eq!(
        resource_count(&c).await,
        requests,
        "checked in the browser, no request"
    );
    let warning = text_of(&c, "#plan-checks li[data-check=P04]").await;
    assert!(warning.contains("公开招标数额标准"), "{warning}");
    eprintln!("P04 warning shown {shown_after:?} after typing");
    click(&c, "#file-plan").await;
    wait_for(&c, "#plan-findings li[data-check=P04]").await;
    let url = c.current_url().await.unwrap();
    let plan_path = url.path().to_owned();
    assert!(plan_path.starts_with("/plans/"), "{url}");
    // The server refuses to start the activity without the approval.
    click(&c, "#release").await;
    wait_for(&c, "#refusals li[data-check=P04]").await;
    c.goto(&h.url(&plan_path)).await.unwrap();
    wait_for(&c, "#request-form").await;
    c.find(Locator::Id("kind"))
        .await
        .unwrap()
        .select_by_value("method_change")
        .await
        .unwrap();
    c.find(Locator::Id("ground"))
        .await
        .unwrap()
        .select_by_value("consultation_complex")
        .await
        .unwrap();
    type_into(
        &c,
        "reason",
        "需与现有教学平台集成，技术复杂，无法确定详细规格",
    )
    .await;
    click(&c, "#submit-request").await;
    wait_for(&c, "#plan-requests tr[data-status=pending]").await;
    c.close().await.unwrap();

    // 武进区财政局 does not see it, not in its queue and not by address.
    let c = h.browser(true).await;
    sign_in(&c, &h, "wjczj", "/regulator/approvals").await;
    wait_for(&c, "#approval-queue").await;
    assert!(!text_of(&c, "#approval-queue").await.contains(plan_name));
    c.goto(&h.url(&plan_path)).await.unwrap();
    wait_for(&c, "#not-found").await;
    assert!(!c.source().await.unwrap().contains(plan_name));
    c.close().await.unwrap();

    // 天宁区财政局 approves it with a reason.
    let c = h.browser(true).await;
    sign_in(&c, &h, "tnczj", "/regulator/approvals").await;
    wait_for(&c, "#approval-queue").await;
    let row = c
        .find(Locator::XPath(&format!(
            "//table[@id='approval-queue']//tr[contains(., '{plan_name}')]"
        )))
        .await
        .expect("the request is in the district's queue");
    row.find(Locator::Css("input[value=approve]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    row.find(Locator::Css("input[name=reason]"))
        .await
        .unwrap()
        .send_keys("符合技术复杂的法定情形，同意变更为竞争性磋商")
        .await
        .unwrap();
    row.find(Locator::Css("button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let approved = c
        .find(Locator::XPath(&format!(
            "//table[@id='approval-queue']//tr[contains(., '{plan_name}') and @data-status='approved']"
        )))
        .await;
    let approved = match approved {
        Ok(e) => e,
        Err(_) => {
            wait_for(&c, "#approval-queue tr[data-status=approved]").await;
            c.find(Locator::XPath(&format!(
                "//table[@id='approval-queue']//tr[contains(., '{plan_name}') and @data-status='approved']"
            )))
            .await
            .expect("approved")
        }
    };
    assert!(approved.text().await.unwrap().contains("同意变更"));
    c.close().await.unwrap();

    // The purchaser may now release the plan.
    let c = h.browser(false).await;
    sign_in(&c, &h, "tnjyj", &plan_path).await;
    c.goto(&h.url(&plan_path)).await.unwrap();
    click(&c, "#release").await;
    wait_for(&c, "#flash").await;
    assert!(text_of(&c, "#plan-status").await.contains("已下达执行"));
    c.close().await.unwrap();
}

/// Issue 6's monitor scenario: a regulator has the live monitor open; a purchaser files a plan
/// in another browser session; the finding appears on the monitor within a second, without a
/// reload.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_finding_appears_on_the_open_monitor_within_a_second() {
    let _turn = ONE_AT_A_TIME.lock().await;
    let h = Harness::start().await;
    let monitor = h.browser(true).await;
    sign_in(&monitor, &h, "tnczj", "/regulator/monitor").await;
    monitor.goto(&h.url("/regulator/monitor")).await.unwrap();
    hydrated(&monitor).await;
    monitor
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("#monitor-status[data-connected=true]"))
        .await
        .expect("the monitor connects");
    // Another session: the purchaser files a plan that reaches the open-tender threshold.
    let c = h.browser(false).await;
    sign_in(&c, &h, "tnjyj", "/plans").await;
    c.goto(&h.url("/plans")).await.unwrap();
    type_into(&c, "code", "MON-E2E").await;
    type_into(&c, "line-name", "监控测试指标").await;
    type_into(&c, "fiscal_year", "2026").await;
    type_into(&c, "approved_amount", "9,000,000").await;
    click(&c, "#save-line").await;
    wait_contains(&c, "#budget-lines", "MON-E2E").await;
    c.goto(&h.url("/plans/new")).await.unwrap();
    wait_for(&c, "#plan-form").await;
    let line = c
        .find(Locator::XPath(
            "//select[@id='budget_line_id']/option[contains(., 'MON-E2E')]",
        ))
        .await
        .unwrap()
        .attr("value")
        .await
        .unwrap()
        .unwrap();
    c.find(Locator::Id("budget_line_id"))
        .await
        .unwrap()
        .select_by_value(&line)
        .await
        .unwrap();
    type_into(&c, "name", "监控 服务器采购").await;
    c.find(Locator::Id("object_type"))
        .await
        .unwrap()
        .select_by_value("goods")
        .await
        .unwrap();
    c.find(Locator::Id("category_code"))
        .await
        .unwrap()
        .select_by_value("A02010104")
        .await
        .unwrap();
    c.find(Locator::Id("method"))
        .await
        .unwrap()
        .select_by_value("competitive_consultation")
        .await
        .unwrap();
    type_into(&c, "planned_date", "2026-06-01").await;
    type_into(&c, "amount", "4,500,000").await;
    click(&c, "#file-plan").await;
    let filed = Instant::now();
    wait_for(&c, "#plan-findings").await;
    // On the monitor, without a reload.
    monitor
        .wait()
        .at_most(Duration::from_secs(5))
        .for_element(Locator::Css("#monitor-live li[data-check=P04]"))
        .await
        .expect("the finding reaches the open monitor");
    let seen = filed.elapsed();
    eprintln!("finding on the monitor {seen:?} after the plan was filed");
    assert!(seen < Duration::from_secs(1), "{seen:?}");
    let text = text_of(&monitor, "#monitor-live li[data-check=P04]").await;
    assert!(text.contains("监控 服务器采购"), "{text}");
    c.close().await.unwrap();
    monitor.close().await.unwrap();
}
