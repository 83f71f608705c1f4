//! Where the site may send a browser back to after a form (`next=` of the login form and of the
//! language switch): only a path of this site, never another site (no open redirect).
//!
//! Browsers are lenient with a `Location`: they drop tabs, CR and LF anywhere in it, read `\`
//! as `/`, and take a leading `//` as "another host". So `/%09/evil.example`, once decoded by
//! the form, is `/<TAB>/evil.example`, which the browser follows to `//evil.example`. The rule
//! here is strict: anything doubtful is refused, and the caller falls back to its default page.

/// Whether `next` is a local path: it starts with a single `/`, holds no control character
/// (C0, DEL or C1) and no backslash, does not start with `//` or `/\`, and holds no
/// percent-encoded form of those (`%00`–`%1f`, `%7f`, `%5c` anywhere; `%2f` right after the
/// leading slash).
pub fn is_local_path(next: &str) -> bool {
    let bytes = next.as_bytes();
    if bytes.first() != Some(&b'/') {
        return false;
    }
    if matches!(bytes.get(1), Some(b'/' | b'\\')) {
        return false;
    }
    if next.chars().any(|c| c.is_control() || c == '\\') {
        return false;
    }
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            if let Some(b) = decode_pair(bytes.get(i + 1), bytes.get(i + 2)) {
                if b < 0x20 || b == 0x7f || b == b'\\' || (i == 1 && b == b'/') {
                    return false;
                }
            }
        }
        i += 1;
    }
    true
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

fn decode_pair(a: Option<&u8>, b: Option<&u8>) -> Option<u8> {
    Some(hex(*a?)? * 16 + hex(*b?)?)
}

/// `next` if it is a local path, else `default`.
pub fn local_or<'a>(next: &'a str, default: &'a str) -> &'a str {
    if is_local_path(next) {
        next
    } else {
        default
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_paths_pass() {
        for ok in [
            "/",
            "/account",
            "/projects/3?x=1",
            "/regulator/records?district=320402",
            "/regulator/dashboard?district=320402&year=2025#top",
            "/suppliers?q=%E5%B7%A5%E7%A8%8B&page=2",
            "/a%2Fb",
            "/login?next=%2Fplans",
            "/a/%20b",
            "/项目/1",
        ] {
            assert!(is_local_path(ok), "{ok:?} must pass");
        }
    }

    #[test]
    fn other_sites_and_odd_forms_are_refused() {
        for bad in [
            "",
            "projects",
            "https://evil.example",
            "//evil.example",
            "///evil.example",
            "/\\evil.example",
            "\\/evil.example",
            "/a\\b",
            " /projects",
            "/%2fevil.example",
            "/%2Fevil.example",
            "/%5cevil.example",
            "/%5Cevil.example",
            "/a%5cb",
            "/%09/evil.example",
            "/%0a/evil.example",
            "/%0D%0A/evil.example",
            "/x%0d%0aSet-Cookie:%20a=b",
        ] {
            assert!(!is_local_path(bad), "{bad:?} must be refused");
        }
    }

    #[test]
    fn every_control_character_is_refused_raw_and_encoded() {
        let controls = (0u8..0x20).chain([0x7f]);
        for b in controls {
            let c = b as char;
            for raw in [
                format!("/{c}/evil.example"),
                format!("/{c}evil.example"),
                format!("/projects{c}"),
                format!("/projects/3?x={c}1"),
                format!("{c}/projects"),
            ] {
                assert!(!is_local_path(&raw), "{raw:?} must be refused");
            }
            for encoded in [
                format!("/%{b:02x}/evil.example"),
                format!("/%{b:02X}/evil.example"),
                format!("/projects/3?x=%{b:02x}1"),
            ] {
                assert!(!is_local_path(&encoded), "{encoded:?} must be refused");
            }
        }
        // C1 controls too.
        assert!(!is_local_path("/\u{85}/evil.example"));
        assert!(!is_local_path("/\u{9b}x"));
    }

    #[test]
    fn local_or_falls_back() {
        assert_eq!(local_or("/%09/evil.example", "/account"), "/account");
        assert_eq!(local_or("/plans", "/account"), "/plans");
    }
}
