//! New passwords on the server: the rule of `shared::access::check_new_password` (also live in
//! the browser) and a list of passwords too common to accept, which stays here (the browser's
//! bundle does not carry it). Compared without case and with the digits and symbols of a
//! "strong-looking" variant left in (`Password123!` is refused as `password123!`).

use shared::field::FieldErrors;

/// Passwords seen at the top of published leak statistics, and their obvious local variants.
const COMMON: &[&str] = &[
    "password",
    "password1",
    "password12",
    "password123",
    "password1234",
    "password123!",
    "passw0rd",
    "p@ssw0rd",
    "p@ssword",
    "p@ssw0rd123",
    "qwerty",
    "qwerty123",
    "qwerty1234",
    "qwertyuiop",
    "1q2w3e4r",
    "1q2w3e4r5t",
    "1qaz2wsx",
    "1qaz@wsx",
    "1qaz!qaz",
    "zaq12wsx",
    "abc123",
    "abc12345",
    "abcd1234",
    "abcd@1234",
    "a123456789",
    "aa123456",
    "asdf1234",
    "asdfghjkl",
    "iloveyou",
    "admin123",
    "admin@123",
    "admin1234",
    "administrator",
    "welcome1",
    "welcome123",
    "letmein",
    "changeme",
    "default",
    "root1234",
    "test1234",
    "123456789",
    "1234567890",
    "12345678910",
    "0123456789",
    "9876543210",
    "11111111",
    "1111111111",
    "88888888",
    "8888888888",
    "66666666",
    "5201314",
    "woaini1314",
    "woaini520",
    "aini1314",
    "zhang123",
    "wang1234",
    "li123456",
    "yiwang2026",
    "yiwang123",
    "changzhou",
    "changzhou123",
    "jiangsu123",
    "china123",
    "zhongguo",
    "caigou123",
    "gov123456",
    "P@ssw0rd2026",
    "Admin@2026",
    "Aa123456!",
    "Abc@123456",
    "Qwer@1234",
];

/// `shared::access::check_new_password` and the list of common passwords.
pub fn check(username: &str, password: &str) -> Result<(), FieldErrors> {
    let mut errors = match shared::access::check_new_password(username, password) {
        Ok(()) => FieldErrors::new(),
        Err(e) => e,
    };
    let lower = password.to_lowercase();
    if COMMON.iter().any(|c| c.to_lowercase() == lower) {
        errors.push(shared::access::common_password());
    }
    if errors.0.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn common_passwords_are_refused_in_any_case() {
        assert!(super::check("root", "P@ssw0rd2026").is_err());
        assert!(super::check("root", "p@ssw0rd2026").is_err());
        assert!(super::check("root", "Yiwang-2026-admin").is_ok());
    }
}
