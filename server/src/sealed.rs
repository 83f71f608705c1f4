//! Personal data encrypted at rest (个人信息保护法 Art 51; GB/T 22239 level 3: confidentiality of
//! important personal data in storage): ChaCha20-Poly1305 with a 256-bit key from configuration
//! (`YIWANG_DATA_KEY`, 64 hex digits), a random 96-bit nonce per value, stored as
//! `v1:` + hex(nonce ‖ ciphertext ‖ tag). Only the owner's own view opens a value; every other
//! view shows the masked form kept beside it.

use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};

/// The key the development and demo setup uses when none is configured (startup warns).
pub const DEV_KEY_HEX: &str =
    "79697761 6e672d64 6576656c 6f706d65 6e742d64 6174612d 6b65792d 30303031";

/// A key to seal and open values.
#[derive(Clone)]
pub struct DataKey(Key);

impl DataKey {
    /// From 64 hex digits (spaces ignored).
    pub fn from_hex(text: &str) -> Option<DataKey> {
        let hex: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        if hex.len() != 64 {
            return None;
        }
        let mut bytes = [0u8; 32];
        for (i, b) in bytes.iter_mut().enumerate() {
            *b = u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()?;
        }
        Some(DataKey(Key::from(bytes)))
    }

    pub fn development() -> DataKey {
        DataKey::from_hex(DEV_KEY_HEX).expect("the development key is 64 hex digits")
    }

    /// Seals a value.
    pub fn seal(&self, plain: &str) -> Result<String, String> {
        let mut nonce = [0u8; 12];
        getrandom::fill(&mut nonce).map_err(|e| e.to_string())?;
        let cipher = ChaCha20Poly1305::new(&self.0);
        let sealed = cipher
            .encrypt(Nonce::from_slice(&nonce), plain.as_bytes())
            .map_err(|_| "sealing failed".to_owned())?;
        let mut out = String::from("v1:");
        for b in nonce.iter().chain(sealed.iter()) {
            out.push_str(&format!("{b:02x}"));
        }
        Ok(out)
    }

    /// Opens a sealed value (`None`: not sealed with this key, or changed).
    pub fn open(&self, sealed: &str) -> Option<String> {
        let hex = sealed.strip_prefix("v1:")?;
        if hex.len() % 2 != 0 || hex.len() < 2 * (12 + 16) {
            return None;
        }
        let bytes: Vec<u8> = (0..hex.len() / 2)
            .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok())
            .collect::<Option<_>>()?;
        let cipher = ChaCha20Poly1305::new(&self.0);
        let plain = cipher
            .decrypt(Nonce::from_slice(&bytes[..12]), &bytes[12..])
            .ok()?;
        String::from_utf8(plain).ok()
    }
}

impl Default for DataKey {
    fn default() -> DataKey {
        DataKey::development()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_values_open_only_with_their_key_and_unchanged() {
        let k = DataKey::development();
        let a = k.seal("32040219800101123X").unwrap();
        let b = k.seal("32040219800101123X").unwrap();
        assert_ne!(a, b, "a fresh nonce each time");
        assert!(!a.contains("3204021980"));
        assert_eq!(k.open(&a).as_deref(), Some("32040219800101123X"));
        let other = DataKey::from_hex(&"ab".repeat(32)).unwrap();
        assert_eq!(other.open(&a), None);
        let mut changed = a.clone().into_bytes();
        let last = changed.len() - 1;
        changed[last] = if changed[last] == b'0' { b'1' } else { b'0' };
        assert_eq!(k.open(&String::from_utf8(changed).unwrap()), None);
        assert!(DataKey::from_hex("12").is_none());
    }
}
