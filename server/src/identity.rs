//! Binding a supplier account to its legal entity, behind a trait ([`EntityVerifier`]): in
//! production the 电子营业执照 or a CA certificate's signature proves that the person acting holds
//! the entity's credentials (电子签名法 Art 13–16; `../shared/reference/accounts.md` §0, §6); in
//! development and tests [`DevVerifier`] accepts a token derived from the credit code with a
//! key (`yiwang verifier token CODE` prints it). Anyone can type a public 统一社会信用代码; only
//! the verified entity binds it, and it can claim a code someone else registered.

use sha2::{Digest, Sha256};

/// Why the evidence was not accepted (one answer: it does not prove this entity).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the evidence does not prove the entity")]
pub struct NotProven;

/// Checks evidence that the person acting holds the legal entity's credentials.
pub trait EntityVerifier: Send + Sync + 'static {
    /// A short name for the audit record (e.g. `dev`, `e-licence`).
    fn name(&self) -> &'static str;
    /// Accepts `evidence` (what the signing tool returned) for the entity with `credit_code`.
    fn verify(&self, credit_code: &str, evidence: &str) -> Result<(), NotProven>;
    /// Evidence the demo data may use to bind its suppliers (only a development verifier has
    /// any; a production verifier answers `None` and the demo's suppliers stay unbound).
    fn demo_evidence(&self, _credit_code: &str) -> Option<String> {
        None
    }
}

/// The development verifier: the evidence is [`dev_token`] of the code under the configured key
/// (`YIWANG_DEV_VERIFIER_KEY`). Not for production: whoever knows the key can bind any code.
pub struct DevVerifier {
    key: String,
}

/// The key the development verifier uses when none is configured.
pub const DEFAULT_DEV_KEY: &str = "yiwang-development-verifier";

impl DevVerifier {
    pub fn new(key: &str) -> DevVerifier {
        DevVerifier {
            key: key.to_owned(),
        }
    }
}

impl Default for DevVerifier {
    fn default() -> DevVerifier {
        DevVerifier::new(DEFAULT_DEV_KEY)
    }
}

/// The development evidence for a credit code: 20 hex digits of SHA-256(key | code).
pub fn dev_token(key: &str, credit_code: &str) -> String {
    let digest = Sha256::digest(format!("{key}|{}", credit_code.trim().to_uppercase()));
    digest[..10].iter().map(|b| format!("{b:02x}")).collect()
}

impl EntityVerifier for DevVerifier {
    fn name(&self) -> &'static str {
        "dev"
    }
    fn demo_evidence(&self, credit_code: &str) -> Option<String> {
        Some(dev_token(&self.key, credit_code))
    }
    fn verify(&self, credit_code: &str, evidence: &str) -> Result<(), NotProven> {
        let want = dev_token(&self.key, credit_code);
        let got = evidence.trim().to_lowercase();
        // Compared in full whatever the input (no early exit on the first difference).
        let same = want.len() == got.len()
            && want
                .bytes()
                .zip(got.bytes())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0;
        if same {
            Ok(())
        } else {
            Err(NotProven)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dev_token_proves_its_code_only() {
        let v = DevVerifier::default();
        let t = dev_token(DEFAULT_DEV_KEY, "91320402MA1XYZ0001");
        assert_eq!(t.len(), 20);
        assert!(v.verify("91320402MA1XYZ0001", &t).is_ok());
        assert!(v.verify("91320402MA1XYZ0001", &t.to_uppercase()).is_ok());
        assert!(v.verify("91320402MA1XYZ0002", &t).is_err());
        assert!(v.verify("91320402MA1XYZ0001", "").is_err());
        assert!(DevVerifier::new("other")
            .verify("91320402MA1XYZ0001", &t)
            .is_err());
    }
}
