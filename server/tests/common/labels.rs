//! Names and labels (issue 18, point 2): what a page shows that is a code, an internal id or an
//! untranslated label, and a walk over every page an account can reach by its links.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use axum::http::header;

use super::{login, session_token};

pub fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let at = tag.find(&key)? + key.len();
    let end = tag[at..].find('"')? + at;
    Some(unescape(&tag[at..end]))
}

pub fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The visible text of a page: tags, scripts and styles removed, entities decoded.
pub fn visible_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    loop {
        let Some(lt) = rest.find('<') else {
            out.push_str(rest);
            break;
        };
        out.push_str(&rest[..lt]);
        out.push(' ');
        let tag = &rest[lt..];
        // Not read: scripts, styles, a data item's path in the exchange format, which a page
        // shows on purpose (marked `data-path`) where a check lacks that item, and people's own
        // words (a reason, a note: marked `free-text`), shown as they were typed.
        let skip_to = [
            ("<script", "</script"),
            ("<style", "</style"),
            ("<template", "</template"),
            ("<code", "</code"),
            ("<span", "</span"),
        ]
        .iter()
        .find(|(open, _)| {
            let head = &tag[..tag.find('>').unwrap_or(0)];
            tag.starts_with(open)
                && match *open {
                    "<code" => head.contains("class=\"data-path\""),
                    "<span" => head.contains("class=\"free-text\""),
                    _ => true,
                }
        })
        .and_then(|(_, close)| tag.find(close));
        rest = match skip_to {
            Some(end) => &tag[end..],
            None => match tag.find('>') {
                Some(gt) => &tag[gt + 1..],
                None => "",
            },
        };
        if let Some(gt) = rest.find('>').filter(|_| skip_to.is_some()) {
            rest = &rest[gt + 1..];
        }
    }
    unescape(&out)
}

/// The words of a text made of ASCII letters, digits, `_`, `-` and `.` (code-like tokens).
pub fn tokens(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.'))
        .map(|w| w.trim_matches(|c: char| c == '.' || c == '-'))
        .filter(|w| !w.is_empty())
        .collect()
}

/// The stored codes of the enumerations a page might print instead of their labels.
pub fn enum_codes() -> BTreeSet<String> {
    let mut codes: BTreeSet<String> = [
        // bid, seat, plan, request, expert and case states; severities and stages
        "submitted",
        "withdrawn",
        "replaced",
        "drawn",
        "reserve",
        "recused",
        "declared",
        "filed",
        "released",
        "pending",
        "approved",
        "rejected",
        "applied",
        "active",
        "suspended",
        "dismissed",
        "critical",
        "high",
        "medium",
        "low",
        "info",
        "pre",
        "during",
        "post",
        "open",
        "inquiry",
        "concluded",
        "rectifying",
        "reported",
        "closed",
        "goods",
        "works",
        "services",
        "create",
        "notice",
        "purchaser",
        "agency",
        "supplier",
        "expert",
        "regulator",
        "answered",
        "unanswered",
        "true",
        "false",
        "none",
        "null",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    for m in shared::model::Method::ALL {
        codes.insert(m.code().to_owned());
    }
    codes
}

/// What a page shows that is a code or an internal id instead of a label or a name.
pub fn raw_words(text: &str, lang: &str, codes: &BTreeSet<String>) -> Vec<String> {
    let mut found = BTreeSet::new();
    for w in tokens(text) {
        let snake = w.contains('_') && w.chars().any(|c| c.is_ascii_lowercase());
        // A step or audit code (`project.notice`, `plan.file`); not an address (`example.cn`).
        let dotted = w.split_once('.').is_some_and(|(head, tail)| {
            [
                "project",
                "plan",
                "bid",
                "panel",
                "challenge",
                "login",
                "user",
                "supplier",
                "expert",
                "agency",
                "audit",
                "ingest",
                "case",
                "approval",
                "account",
                "org",
            ]
            .contains(&head)
                && !tail.is_empty()
                && tail
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '_' || c == '.')
        });
        let internal_id = (w.starts_with("ORG-") || w.starts_with("SUP-") || w.starts_with("PRJ-"))
            && w[4..].chars().all(|c| c.is_ascii_digit());
        if snake || dotted || internal_id || (lang == "zh" && codes.contains(w)) {
            found.insert(w.to_owned());
        }
    }
    for pattern in ["plan ", "project ", "purchaser ", "supplier "] {
        for (i, _) in text.match_indices(pattern) {
            let after = &text[i + pattern.len()..];
            if after.starts_with(|c: char| c.is_ascii_digit()) && lang == "zh" {
                found.insert(format!(
                    "{pattern}{}",
                    after
                        .chars()
                        .take_while(char::is_ascii_digit)
                        .collect::<String>()
                ));
            }
        }
    }
    if lang == "en" {
        for unit in ["万元", "亿元"] {
            if text.contains(unit) {
                found.insert(unit.to_owned());
            }
        }
    }
    found.into_iter().collect()
}

/// The links of the page's main navigation.
pub fn nav_links(html: &str) -> Vec<String> {
    let Some(start) = html.find("<nav") else {
        return Vec::new();
    };
    let nav = &html[start..start + html[start..].find("</nav>").unwrap_or(0)];
    let mut out = Vec::new();
    for piece in nav.split("<a ").skip(1) {
        let tag = &piece[..piece.find('>').unwrap_or(piece.len())];
        if tag.contains("rel=\"external\"") {
            continue;
        }
        if let Some(href) = attr(&format!(" {tag}"), "href") {
            if href.starts_with('/') {
                out.push(href);
            }
        }
    }
    out
}

pub async fn get_in(
    router: &axum::Router,
    path: &str,
    token: &str,
    lang: &str,
) -> super::TestResponse {
    let request = axum::http::Request::get(path)
        .header(header::HOST, "yiwang.test")
        .header(
            header::COOKIE,
            format!("yiwang_session={token}; yiwang_lang={lang}"),
        )
        .body(axum::body::Body::empty())
        .unwrap();
    super::send(router, request).await
}

/// The enumerations' Chinese labels of three characters or more (`公开招标`, `询问中`): on an
/// English page each is a label left untranslated. (Shorter ones, `货物`, occur in names.)
pub fn zh_labels() -> BTreeSet<String> {
    use shared::i18n::{Lang, Text};
    let mut texts: Vec<Text> = Vec::new();
    texts.extend(shared::model::Method::ALL.iter().map(|m| m.name()));
    texts.extend(shared::model::ObjectType::ALL.iter().map(|m| m.name()));
    texts.extend(shared::checks::Stage::ALL.iter().map(|m| m.name()));
    texts.extend(shared::checks::Severity::ALL.iter().map(|m| m.name()));
    texts.extend(shared::case::CaseState::ALL.iter().map(|m| m.name()));
    texts.extend(shared::case::CaseAction::ALL.iter().map(|m| m.name()));
    texts.extend(shared::case::TriageState::ALL.iter().map(|m| m.name()));
    texts.extend(shared::case::TriageAction::ALL.iter().map(|m| m.name()));
    texts.extend(shared::plan_steps::PlanAction::ALL.iter().map(|m| m.name()));
    texts.extend(
        shared::supplier::EnterpriseSize::ALL
            .iter()
            .map(|m| m.name()),
    );
    texts.extend(shared::workflow::Node::ALL.iter().map(|m| m.name()));
    texts.extend(shared::disclosure::Stage::ALL.iter().map(|m| m.name()));
    texts
        .iter()
        .map(|t| t.get(Lang::Zh).to_owned())
        .filter(|zh| zh.chars().count() >= 3 && !zh.is_ascii())
        .collect()
}

/// The Chinese labels an English page shows.
pub fn untranslated(text: &str, labels: &BTreeSet<String>) -> Vec<String> {
    labels
        .iter()
        .filter(|l| text.contains(l.as_str()))
        .cloned()
        .collect()
}

/// The same-site links of a page that a reader follows to another page: not the language
/// switch, not a download (exports, OCDS, files), not an API or an asset.
pub fn page_links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for piece in html.split("<a ").skip(1) {
        let tag = &piece[..piece.find('>').unwrap_or(piece.len())];
        if tag.contains("rel=\"external\"") || tag.contains(" download") {
            continue;
        }
        let Some(href) = attr(&format!(" {tag}"), "href") else {
            continue;
        };
        let href = href.split('#').next().unwrap_or_default().to_owned();
        if !href.starts_with('/')
            || href.starts_with("//")
            || [
                "/api/", "/pkg/", "/style", "/exports", "/ocds", "/files", "/logout",
            ]
            .iter()
            .any(|p| href.starts_with(p))
            || href.contains("export")
            || href.contains("verify")
            || href.contains("lang=")
        {
            continue;
        }
        out.push(href);
    }
    out
}

/// A page's route shape: each path segment holding a digit is one placeholder, and the query's
/// names without their values (`/projects/12?page=2` → `/projects/#?page`).
pub fn shape(href: &str) -> String {
    let (path, query) = href.split_once('?').unwrap_or((href, ""));
    let path: Vec<&str> = path
        .split('/')
        .map(|s| {
            if s.chars().any(|c| c.is_ascii_digit()) {
                "#"
            } else {
                s
            }
        })
        .collect();
    let mut keys: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| p.split('=').next().unwrap_or_default())
        .collect();
    keys.sort_unstable();
    keys.dedup();
    if keys.is_empty() {
        path.join("/")
    } else {
        format!("{}?{}", path.join("/"), keys.join("&"))
    }
}

/// What the walk read and what it found.
#[derive(Default, Debug)]
pub struct LabelWalk {
    pub pages: usize,
    pub shapes: BTreeMap<String, usize>,
    pub problems: Vec<String>,
}

/// Every demo account in `accounts` signs in and reads its desk, then every page it reaches by
/// following links — one page per route shape, up to `per_shape` pages of each — in Chinese and
/// in English. A page that answers other than 200 or shows a code, an internal id or an
/// untranslated label is a problem.
pub async fn walk_every_page(
    router: &axum::Router,
    accounts: &[&str],
    password: &str,
    per_shape: usize,
) -> LabelWalk {
    let codes = enum_codes();
    let labels = zh_labels();
    let mut out = LabelWalk::default();
    for user in accounts {
        let r = login(router, user, password).await;
        let token = session_token(&r).unwrap_or_else(|| panic!("{user} signs in"));
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        let mut queued: BTreeSet<String> = BTreeSet::new();
        let mut queue: VecDeque<(String, String)> = VecDeque::new();
        queue.push_back(("/".to_owned(), "sign-in".to_owned()));
        queued.insert("/".to_owned());
        while let Some((page, from)) = queue.pop_front() {
            let n = seen.entry(shape(&page)).or_default();
            if *n >= per_shape {
                continue;
            }
            *n += 1;
            for lang in ["zh", "en"] {
                let r = get_in(router, &page, &token, lang).await;
                out.pages += 1;
                if r.status != 200 || r.body.contains("id=\"forbidden\"") {
                    out.problems.push(format!(
                        "{user} {lang} {page}: answered {} (linked from {from})",
                        r.status
                    ));
                    break;
                }
                let text = visible_text(&r.body);
                let mut words = raw_words(&text, lang, &codes);
                if lang == "en" {
                    words.extend(untranslated(&text, &labels));
                }
                if !words.is_empty() {
                    out.problems
                        .push(format!("{user} {lang} {page}: {words:?}"));
                }
                if lang == "zh" {
                    for link in page_links(&r.body) {
                        if seen.get(&shape(&link)).copied().unwrap_or(0) < per_shape
                            && queued.insert(link.clone())
                        {
                            queue.push_back((link, page.clone()));
                        }
                    }
                }
            }
        }
        for (s, n) in seen {
            *out.shapes.entry(format!("{user} {s}")).or_default() += n;
        }
    }
    out
}
