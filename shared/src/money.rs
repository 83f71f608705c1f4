//! Money in fen (分, 1/100 yuan) as `i64`. No floating point touches an amount.

use serde::{Deserialize, Serialize};

/// An amount of money in fen. 1 元 = 100 fen; 1 万元 = 1,000,000 fen.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Fen(pub i64);

impl Fen {
    pub const ZERO: Fen = Fen(0);

    pub const fn yuan(yuan: i64) -> Fen {
        Fen(yuan * 100)
    }

    /// 万元 (10,000 yuan), the unit thresholds are written in.
    pub const fn wan(wan: i64) -> Fen {
        Fen(wan * 1_000_000)
    }

    pub const fn fen(self) -> i64 {
        self.0
    }

    pub fn checked_add(self, other: Fen) -> Option<Fen> {
        self.0.checked_add(other.0).map(Fen)
    }

    pub fn saturating_add(self, other: Fen) -> Fen {
        Fen(self.0.saturating_add(other.0))
    }

    pub fn saturating_sub(self, other: Fen) -> Fen {
        Fen(self.0.saturating_sub(other.0))
    }

    /// `self × numerator / denominator`, rounded down, computed in 128 bits so it cannot overflow
    /// for any ratio of i64 values. Returns `None` for a zero denominator.
    pub fn mul_ratio(self, numerator: i64, denominator: i64) -> Option<Fen> {
        if denominator == 0 {
            return None;
        }
        let v = (self.0 as i128) * (numerator as i128) / (denominator as i128);
        i64::try_from(v).ok().map(Fen)
    }

    /// Whether `self ≤ rate_permille ‰ × base`, exactly (no rounding): `self × 1000 ≤ base × rate`.
    pub fn within_permille(self, base: Fen, rate_permille: i64) -> bool {
        (self.0 as i128) * 1000 <= (base.0 as i128) * (rate_permille as i128)
    }

    /// Parses an amount in yuan as people type it: `1234`, `1234.5`, `1,234.56`, `¥1234`.
    /// At most two decimals; negative amounts and amounts above 10^15 yuan are refused.
    pub fn parse_yuan(input: &str) -> Result<Fen, MoneyError> {
        let s: String = input
            .trim()
            .trim_start_matches(['¥', '￥'])
            .chars()
            .filter(|c| *c != ',' && *c != '，')
            .collect();
        let s = s.trim();
        if s.is_empty() {
            return Err(MoneyError::Empty);
        }
        let (int_part, frac_part) = match s.split_once('.') {
            Some((i, f)) => (i, f),
            None => (s, ""),
        };
        if int_part.is_empty()
            || !int_part.bytes().all(|b| b.is_ascii_digit())
            || !frac_part.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(MoneyError::NotANumber);
        }
        if frac_part.len() > 2 {
            return Err(MoneyError::TooManyDecimals);
        }
        if int_part.len() > 15 {
            return Err(MoneyError::TooLarge);
        }
        let yuan: i64 = int_part.parse().map_err(|_| MoneyError::TooLarge)?;
        let mut frac: i64 = if frac_part.is_empty() {
            0
        } else {
            frac_part.parse().map_err(|_| MoneyError::NotANumber)?
        };
        if frac_part.len() == 1 {
            frac *= 10;
        }
        Ok(Fen(yuan * 100 + frac))
    }
}

impl std::fmt::Display for Fen {
    /// `12345678` fen → `123,456.78`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let neg = self.0 < 0;
        let abs = self.0.unsigned_abs();
        let yuan = abs / 100;
        let fen = abs % 100;
        let digits = yuan.to_string();
        let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(ch);
        }
        write!(f, "{}{}.{:02}", if neg { "-" } else { "" }, grouped, fen)
    }
}

/// Why an amount could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("empty amount")]
    Empty,
    #[error("not a number")]
    NotANumber,
    #[error("more than two decimals")]
    TooManyDecimals,
    #[error("amount too large")]
    TooLarge,
}

/// An amount as the pages and exports write it: `1,234.50元` in Chinese, `CNY 1,234.50` in English.
pub fn yuan(amount: Fen, lang: crate::i18n::Lang) -> String {
    match lang {
        crate::i18n::Lang::Zh => format!("{amount}元"),
        crate::i18n::Lang::En => format!("CNY {amount}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        assert_eq!(Fen::parse_yuan("1,234.5"), Ok(Fen(123_450)));
        assert_eq!(Fen::parse_yuan("¥0.07"), Ok(Fen(7)));
        assert_eq!(Fen::parse_yuan("1.234"), Err(MoneyError::TooManyDecimals));
        assert_eq!(Fen::parse_yuan("-1"), Err(MoneyError::NotANumber));
        assert_eq!(Fen(12_345_678).to_string(), "123,456.78");
        assert_eq!(Fen::wan(400).to_string(), "4,000,000.00");
    }

    #[test]
    fn permille_is_exact() {
        // 2 % of 1,000,000.00 is exactly 20,000.00: passes; one fen more fails.
        let base = Fen::yuan(1_000_000);
        assert!(Fen::yuan(20_000).within_permille(base, 20));
        assert!(!Fen(2_000_001).within_permille(base, 20));
    }
}
