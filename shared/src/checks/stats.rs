//! Statistics for portfolio checks: quantiles, quartiles and Tukey's IQR fences.
//!
//! **Method.** Quantiles use linear interpolation between closest ranks — Hyndman & Fan type 7,
//! the default of R (`quantile`), NumPy (`percentile`, `linear`) and Excel `QUARTILE.INC`: for
//! sorted values x₀ … xₙ₋₁ and p ∈ [0, 1], h = (n − 1)·p and
//! Q(p) = x⌊h⌋ + (h − ⌊h⌋)·(x⌊h⌋₊₁ − x⌊h⌋). Q1 = Q(0.25), median = Q(0.5), Q3 = Q(0.75),
//! IQR = Q3 − Q1, lower fence = Q1 − 1.5·IQR, upper fence = Q3 + 1.5·IQR (Cardinal R024, R038,
//! R048). A value **at** a fence counts as beyond it (Cardinal: "greater than or equal to the
//! upper fence"). NaN values are ignored. Results are deterministic for a given multiset of values
//! (the order of input does not matter).
//!
//! Cardinal (the OCDS red-flag calculator, `ocds` crate) computes its quartiles with the statrs
//! library, which uses Hyndman & Fan **type 8** (median-unbiased): [`Method::MedianUnbiased`],
//! [`quantile_by`] and [`Quartiles::of_by`]. Both methods share the fences ([`Quartiles::fences`])
//! and the ratio tallies ([`Tally`]), so the platform's portfolio checks (A17, A18, A19) and the
//! Cardinal indicators (R038, R025, R048) run one implementation of the statistics.

use std::collections::BTreeMap;

use serde::Serialize;

/// The quantile `p` (0 ≤ p ≤ 1) of `values` by the type-7 method; `None` for no values or `p`
/// outside [0, 1].
pub fn quantile(values: &[f64], p: f64) -> Option<f64> {
    let sorted = sorted_finite(values);
    quantile_sorted(&sorted, p)
}

/// A sample-quantile definition (Hyndman & Fan 1996).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Method {
    /// Type 7, linear between closest ranks (R, NumPy, Excel): the platform's checks.
    #[default]
    Linear,
    /// Type 8, median-unbiased: h = (n + 1/3)·p + 1/3 (statrs, hence Cardinal).
    MedianUnbiased,
}

/// The quantile `p` of `values` by `method`; `None` for no values or `p` outside [0, 1].
pub fn quantile_by(values: &[f64], p: f64, method: Method) -> Option<f64> {
    let sorted = sorted_finite(values);
    quantile_sorted_by(&sorted, p, method)
}

fn quantile_sorted_by(sorted: &[f64], p: f64, method: Method) -> Option<f64> {
    match method {
        Method::Linear => quantile_sorted(sorted, p),
        Method::MedianUnbiased => quantile_sorted_type8(sorted, p),
    }
}

/// Type 8 as statrs computes it: below the first rank the minimum, from the last rank the
/// maximum, else linear between ranks ⌊h⌋ and ⌊h⌋ + 1 (1-based).
fn quantile_sorted_type8(sorted: &[f64], p: f64) -> Option<f64> {
    if sorted.is_empty() || !(0.0..=1.0).contains(&p) {
        return None;
    }
    let n = sorted.len();
    let h = (n as f64 + 1.0 / 3.0) * p + 1.0 / 3.0;
    let hf = h.trunc();
    if hf <= 0.0 || p == 0.0 {
        return sorted.first().copied();
    }
    if hf >= n as f64 || (1.0 - p).abs() <= 4.0 * f64::EPSILON {
        return sorted.last().copied();
    }
    let k = hf as usize;
    let a = *sorted.get(k - 1)?;
    let b = *sorted.get(k)?;
    Some(a + (h - hf) * (b - a))
}

fn sorted_finite(values: &[f64]) -> Vec<f64> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| !x.is_nan()).collect();
    v.sort_by(f64::total_cmp);
    v
}

fn quantile_sorted(sorted: &[f64], p: f64) -> Option<f64> {
    if sorted.is_empty() || !(0.0..=1.0).contains(&p) {
        return None;
    }
    let h = (sorted.len() - 1) as f64 * p;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    let x_lo = *sorted.get(lo)?;
    let x_hi = *sorted.get(hi)?;
    Some(x_lo + (h - lo as f64) * (x_hi - x_lo))
}

/// Quartiles of a sample.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Quartiles {
    pub q1: f64,
    pub median: f64,
    pub q3: f64,
    /// Number of values used.
    pub n: usize,
}

impl Quartiles {
    pub fn of(values: &[f64]) -> Option<Quartiles> {
        Quartiles::of_by(values, Method::Linear)
    }
    /// The quartiles by a given quantile method.
    pub fn of_by(values: &[f64], method: Method) -> Option<Quartiles> {
        let s = sorted_finite(values);
        Some(Quartiles {
            q1: quantile_sorted_by(&s, 0.25, method)?,
            median: quantile_sorted_by(&s, 0.5, method)?,
            q3: quantile_sorted_by(&s, 0.75, method)?,
            n: s.len(),
        })
    }
    pub fn iqr(&self) -> f64 {
        self.q3 - self.q1
    }
    /// Tukey's fences with factor `k` (1.5 for the usual fences), each computed with one
    /// rounding (fused multiply-add, as Cardinal does), so a value exactly at a fence is decided
    /// the same way here and there.
    pub fn fences(&self, k: f64) -> Fences {
        Fences {
            lower: self.iqr().mul_add(-k, self.q1),
            upper: self.iqr().mul_add(k, self.q3),
            quartiles: *self,
        }
    }
}

/// Outlier fences, kept with the quartiles they come from (published like Cardinal's `Meta`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Fences {
    pub lower: f64,
    pub upper: f64,
    pub quartiles: Quartiles,
}

impl Fences {
    /// `x ≥ upper` (a value at the fence is an outlier, as in Cardinal).
    pub fn is_high(&self, x: f64) -> bool {
        x >= self.upper
    }
    /// `x ≤ lower`.
    pub fn is_low(&self, x: f64) -> bool {
        x <= self.lower
    }
}

/// The 1.5·IQR fences of a sample, or `None` when it has fewer than `min_sample` values.
pub fn iqr_fences(values: &[f64], min_sample: usize) -> Option<Fences> {
    let q = Quartiles::of(values)?;
    if q.n < min_sample.max(1) {
        return None;
    }
    Some(q.fences(1.5))
}

/// The keys whose value is at or above the upper 1.5·IQR fence of all values. `None` when the
/// sample is smaller than `min_sample` (the check then reports insufficient data).
pub fn high_outliers<K: Clone>(items: &[(K, f64)], min_sample: usize) -> Option<(Fences, Vec<K>)> {
    let values: Vec<f64> = items.iter().map(|(_, v)| *v).collect();
    let f = iqr_fences(&values, min_sample)?;
    Some((
        f,
        items
            .iter()
            .filter(|(_, v)| f.is_high(*v))
            .map(|(k, _)| k.clone())
            .collect(),
    ))
}

/// The keys whose value is at or below the lower 1.5·IQR fence of all values.
pub fn low_outliers<K: Clone>(items: &[(K, f64)], min_sample: usize) -> Option<(Fences, Vec<K>)> {
    let values: Vec<f64> = items.iter().map(|(_, v)| *v).collect();
    let f = iqr_fences(&values, min_sample)?;
    Some((
        f,
        items
            .iter()
            .filter(|(_, v)| f.is_low(*v))
            .map(|(k, _)| k.clone())
            .collect(),
    ))
}

/// A count of "hits" out of a total, and the number of processes it comes from (the mediant of
/// fractions: merging adds numerators and denominators). A17/R038 count disqualified of
/// submitted bids, A18/R025 won of valid bids.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub hits: i64,
    pub total: i64,
    pub processes: i64,
}

impl Tally {
    pub fn add(&mut self, o: Tally) {
        self.hits = self.hits.saturating_add(o.hits);
        self.total = self.total.saturating_add(o.total);
        self.processes = self.processes.saturating_add(o.processes);
    }
    /// hits / total; 0 for an empty tally.
    pub fn ratio(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.hits as f64 / self.total as f64
        }
    }
}

/// Adds `t` to the tally of `k`.
pub fn tally(map: &mut BTreeMap<String, Tally>, k: &str, t: Tally) {
    match map.get_mut(k) {
        Some(e) => e.add(t),
        None => {
            map.insert(k.to_owned(), t);
        }
    }
}

/// Merges two tally maps (fold/merge across threads).
pub fn merge_tallies(a: &mut BTreeMap<String, Tally>, b: BTreeMap<String, Tally>) {
    for (k, t) in b {
        a.entry(k).or_default().add(t);
    }
}

/// The median of integers (e.g. prices in fen) without floating point: for an even count, the
/// lower of the two middle values is returned together with the upper one, so a caller can
/// compare exactly (`2·x < lo + hi`).
pub fn median_pair_i64(values: &[i64]) -> Option<(i64, i64)> {
    if values.is_empty() {
        return None;
    }
    let mut v = values.to_vec();
    v.sort_unstable();
    let n = v.len();
    if n % 2 == 1 {
        Some((v[n / 2], v[n / 2]))
    } else {
        Some((v[n / 2 - 1], v[n / 2]))
    }
}

/// Herfindahl–Hirschman index of shares given as amounts, on the 0–10 000 scale.
pub fn hhi(amounts: &[i64]) -> Option<f64> {
    let total: f64 = amounts.iter().map(|a| *a as f64).sum();
    if total <= 0.0 {
        return None;
    }
    Some(
        amounts
            .iter()
            .map(|a| (*a as f64 / total * 100.0).powi(2))
            .sum(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type7_quartiles_match_r_and_numpy() {
        // R: quantile(c(1,2,3,4,5,6,7,8,9,10)) → 3.25, 5.5, 7.75
        let q = Quartiles::of(&[10.0, 9.0, 8.0, 7.0, 6.0, 5.0, 4.0, 3.0, 2.0, 1.0]).unwrap();
        assert_eq!((q.q1, q.median, q.q3), (3.25, 5.5, 7.75));
        let f = q.fences(1.5);
        assert_eq!((f.lower, f.upper), (3.25 - 1.5 * 4.5, 7.75 + 1.5 * 4.5));
        // A single value: all quartiles equal it.
        let q = Quartiles::of(&[4.0]).unwrap();
        assert_eq!((q.q1, q.median, q.q3), (4.0, 4.0, 4.0));
        assert_eq!(Quartiles::of(&[]), None);
        assert_eq!(quantile(&[1.0, 2.0], 1.5), None);
    }

    #[test]
    fn fences_include_the_boundary_and_respect_minimum_sample() {
        // 1..=4 and 10: Q1 = 2, Q3 = 4, IQR = 2, upper fence = 7.
        let items = [("a", 1.0), ("b", 2.0), ("c", 3.0), ("d", 4.0), ("e", 10.0)];
        let (f, high) = high_outliers(&items, 5).unwrap();
        assert_eq!(f.upper, 7.0);
        assert_eq!(high, vec!["e"]);
        assert!(f.is_high(7.0));
        assert!(high_outliers(&items, 6).is_none());
        assert_eq!(median_pair_i64(&[3, 1, 2, 4]), Some((2, 3)));
        assert_eq!(hhi(&[50, 50]), Some(5000.0));
    }

    #[test]
    fn type8_quartiles_match_statrs() {
        // statrs (Cardinal): 1..=10 → Q1 2.9166…, Q3 8.0833…; one value → itself.
        let v: Vec<f64> = (1..=10).map(f64::from).collect();
        let q = Quartiles::of_by(&v, Method::MedianUnbiased).unwrap();
        assert!((q.q1 - (2.0 + 11.0 / 12.0)).abs() < 1e-12);
        assert!((q.q3 - (8.0 + 1.0 / 12.0)).abs() < 1e-12);
        assert_eq!(quantile_by(&[4.0], 0.25, Method::MedianUnbiased), Some(4.0));
        assert_eq!(
            quantile_by(&[1.0, 2.0], 1.0, Method::MedianUnbiased),
            Some(2.0)
        );
        assert_eq!(
            quantile_by(&[1.0, 2.0], 0.0, Method::MedianUnbiased),
            Some(1.0)
        );
        assert_eq!(quantile_by(&[], 0.5, Method::MedianUnbiased), None);
        let mut t = Tally::default();
        t.add(Tally {
            hits: 1,
            total: 4,
            processes: 1,
        });
        assert_eq!(t.ratio(), 0.25);
    }
}
