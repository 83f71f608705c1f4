//! Time-based one-time passwords (RFC 6238, HMAC-SHA1, 30-second steps, 6 digits): the second
//! factor that authenticator apps (Google Authenticator, Microsoft Authenticator, 微信/支付宝
//! 小程序 and others) produce from a shared secret. Required for administrators, regulators and
//! agency staff (GB/T 22239 level 3: two factors for administration), offered to everyone
//! (`crate::accounts`). A code is accepted one step early or late, and each step only once.

use sha1::{Digest, Sha1};

/// Seconds per step.
pub const STEP_SECS: i64 = 30;
/// Bytes of a new secret (160 bits, as RFC 4226 recommends).
pub const SECRET_BYTES: usize = 20;

const B32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// RFC 4648 base32 without padding (what authenticator apps take).
pub fn base32(bytes: &[u8]) -> String {
    let mut out = String::new();
    let (mut buf, mut bits) = (0u32, 0u32);
    for &b in bytes {
        buf = (buf << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(B32[((buf >> bits) & 31) as usize] as char);
        }
        buf &= (1 << bits) - 1;
    }
    if bits > 0 {
        out.push(B32[((buf << (5 - bits)) & 31) as usize] as char);
    }
    out
}

/// Reads base32 (case and spaces ignored); `None` for anything else.
pub fn from_base32(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let (mut buf, mut bits) = (0u32, 0u32);
    for c in text.chars().filter(|c| !c.is_whitespace() && *c != '=') {
        let v = B32
            .iter()
            .position(|&x| x as char == c.to_ascii_uppercase())? as u32;
        buf = (buf << 5) | v;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buf >> bits) as u8);
            buf &= (1 << bits) - 1;
        }
    }
    Some(out)
}

fn hmac_sha1(key: &[u8], message: &[u8]) -> [u8; 20] {
    let mut block = [0u8; 64];
    if key.len() > 64 {
        block[..20].copy_from_slice(&Sha1::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let mut inner = Sha1::new();
    inner.update(block.map(|b| b ^ 0x36));
    inner.update(message);
    let mut outer = Sha1::new();
    outer.update(block.map(|b| b ^ 0x5c));
    outer.update(inner.finalize());
    outer.finalize().into()
}

/// HOTP (RFC 4226) of `counter`, `digits` long.
pub fn hotp(secret: &[u8], counter: u64, digits: u32) -> u32 {
    let h = hmac_sha1(secret, &counter.to_be_bytes());
    let offset = (h[19] & 0x0f) as usize;
    let bin = (u32::from(h[offset] & 0x7f) << 24)
        | (u32::from(h[offset + 1]) << 16)
        | (u32::from(h[offset + 2]) << 8)
        | u32::from(h[offset + 3]);
    bin % 10u32.pow(digits)
}

/// The step of a time.
pub fn step_of(unix: i64) -> i64 {
    unix.div_euclid(STEP_SECS)
}

/// Checks a typed six-digit code against the secret at `now`: the step it matches (one step
/// early or late accepted) if that step is later than `last_used` (each code once).
pub fn verify(secret: &[u8], typed: &str, now: i64, last_used: i64) -> Option<i64> {
    let typed: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    if typed.len() != 6 || !typed.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let want: u32 = typed.parse().ok()?;
    let step = step_of(now);
    (step - 1..=step + 1)
        .filter(|s| *s > last_used && *s >= 0)
        .find(|s| hotp(secret, *s as u64, 6) == want)
}

/// The `otpauth://` address an authenticator app reads (as text or from a QR code).
pub fn otpauth_uri(secret_b32: &str, account: &str) -> String {
    let label: String = account
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    format!("otpauth://totp/Yiwang:{label}?secret={secret_b32}&issuer=Yiwang&algorithm=SHA1&digits=6&period=30")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 Appendix B, SHA-1, 8 digits.
    #[test]
    fn rfc_6238_vectors() {
        let secret = b"12345678901234567890";
        for (t, want) in [
            (59_u64, 94_287_082),
            (1_111_111_109, 7_081_804),
            (1_111_111_111, 14_050_471),
            (1_234_567_890, 89_005_924),
            (2_000_000_000, 69_279_037),
            (20_000_000_000, 65_353_130),
        ] {
            assert_eq!(hotp(secret, t / 30, 8), want, "t={t}");
        }
    }

    /// RFC 4226 Appendix D.
    #[test]
    fn rfc_4226_vectors() {
        let secret = b"12345678901234567890";
        let want = [
            755224, 287082, 359152, 969429, 338314, 254676, 287922, 162583, 399871, 520489,
        ];
        for (i, w) in want.iter().enumerate() {
            assert_eq!(hotp(secret, i as u64, 6), *w);
        }
    }

    #[test]
    fn base32_round_trip_and_the_window() {
        assert_eq!(base32(b"foobar"), "MZXW6YTBOI");
        assert_eq!(from_base32("mzxw 6ytb oi").unwrap(), b"foobar");
        assert!(from_base32("1").is_none());
        let secret = b"12345678901234567890";
        let now = 1_111_111_111;
        let code = format!("{:06}", hotp(secret, (now / 30) as u64, 6));
        assert_eq!(verify(secret, &code, now, 0), Some(now / 30));
        assert_eq!(
            verify(secret, &code, now + 30, 0),
            Some(now / 30),
            "one step late"
        );
        assert_eq!(verify(secret, &code, now + 90, 0), None, "too late");
        assert_eq!(verify(secret, &code, now, now / 30), None, "once");
        assert!(otpauth_uri("ABC", "zhang wei").contains("Yiwang:zhang%20wei"));
    }
}
