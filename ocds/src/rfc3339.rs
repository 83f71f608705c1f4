//! RFC 3339 date-times (`2024-01-31T09:00:00.5+08:00`) to nanoseconds since the Unix epoch, as
//! strictly as Cardinal's parser (chrono `parse_from_rfc3339`): four-digit year, two-digit fields,
//! seconds required, `T`, `t` or a space between date and time, `Z`/`z` or `±HH:MM`.

fn digits(b: &[u8], at: usize, n: usize) -> Option<i64> {
    let s = b.get(at..at + n)?;
    let mut v = 0i64;
    for c in s {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + i64::from(c - b'0');
    }
    Some(v)
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Nanoseconds since the epoch, or `None` if `s` is not an RFC 3339 date-time.
pub fn parse(s: &str) -> Option<i128> {
    let b = s.as_bytes();
    let year = digits(b, 0, 4)?;
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let month = digits(b, 5, 2)?;
    let day = digits(b, 8, 2)?;
    if !matches!(b.get(10), Some(b'T' | b't' | b' ')) {
        return None;
    }
    let hour = digits(b, 11, 2)?;
    if b.get(13) != Some(&b':') || b.get(16) != Some(&b':') {
        return None;
    }
    let minute = digits(b, 14, 2)?;
    let second = digits(b, 17, 2)?;
    let month_days = [
        31,
        if is_leap(year) { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    let max_day = *month_days.get(usize::try_from(month - 1).ok()?)?;
    if !(1..=12).contains(&month)
        || day < 1
        || day > max_day
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let mut i = 19;
    let mut nanos: i128 = 0;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        let mut scale: i128 = 100_000_000;
        while let Some(c) = b.get(i).filter(|c| c.is_ascii_digit()) {
            nanos += i128::from(c - b'0') * scale;
            scale /= 10;
            i += 1;
        }
        if i == start {
            return None;
        }
    }
    let offset_secs: i64 = match b.get(i) {
        Some(b'Z' | b'z') => {
            i += 1;
            0
        }
        Some(sign @ (b'+' | b'-')) => {
            let oh = digits(b, i + 1, 2)?;
            if b.get(i + 3) != Some(&b':') {
                return None;
            }
            let om = digits(b, i + 4, 2)?;
            if oh > 23 || om > 59 {
                return None;
            }
            i += 6;
            let v = oh * 3600 + om * 60;
            if *sign == b'-' {
                -v
            } else {
                v
            }
        }
        _ => return None,
    };
    if i != b.len() {
        return None;
    }
    let secs = days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second
        - offset_secs;
    Some(i128::from(secs) * 1_000_000_000 + nanos)
}

/// Whole days from `start` to `end`, truncated toward zero (chrono's `num_days`).
pub fn whole_days_between(start: &str, end: &str) -> Option<i64> {
    const DAY: i128 = 86_400_000_000_000;
    let d = parse(end)? - parse(start)?;
    // The same truncating division, in 64 bits when it fits (within ±292 years).
    match i64::try_from(d) {
        Ok(d) => Some(d / DAY as i64),
        Err(_) => i64::try_from(d / DAY).ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_counts_days() {
        assert_eq!(parse("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse("1970-01-01T08:00:00+08:00"), Some(0));
        assert_eq!(parse("1970-01-01T00:00:01.5Z"), Some(1_500_000_000));
        assert_eq!(parse("2024-02-30T00:00:00Z"), None);
        assert_eq!(parse("2024-01-01"), None);
        assert_eq!(parse("2024-01-01T00:00:00"), None);
        assert_eq!(
            whole_days_between("2024-03-15T00:00:00Z", "2024-03-20T00:00:00Z"),
            Some(5)
        );
        assert_eq!(
            whole_days_between("2024-03-15T12:00:00Z", "2024-03-20T11:59:59Z"),
            Some(4)
        );
        assert_eq!(
            whole_days_between("2024-03-20T00:00:00Z", "2024-03-15T12:00:00Z"),
            Some(-4)
        );
    }
}
