//! A deterministic generator of varied [`ProjectRecord`]s for the benchmarks.
//!
//! It starts from the six worked examples in `docs/examples/` (one per method) and varies each
//! copy with a small SplitMix64 generator:
//!
//! - **dates**: every date and instant of the record is moved by the same number of days, so
//!   the project falls anywhere from early 2019 to late 2026 (weekday and holiday positions
//!   change, the intervals between events stay), and `fiscal_year` follows;
//! - **amounts**: every money field (`*amount`, `*price`, `bid_security`) is scaled by the same
//!   factor between 0.02 and 4, so projects cross the procurement thresholds both ways;
//! - **parties**: the purchaser (300), agency (30), suppliers (800) and experts (400) are drawn
//!   from pools, so the portfolio checks see repeat relations;
//! - **shape**: extra or fewer bids, jittered scores, and projects stopped at an earlier stage
//!   (no payments; no contract; no award).
//!
//! Same seed, same projects.

use std::collections::BTreeMap;

use serde_json::Value;
use shared::model::ProjectRecord;
use shared::time::Date;

/// The six examples, one per method.
pub const EXAMPLES: [&str; 6] = [
    include_str!("../../../docs/examples/public-tender.json"),
    include_str!("../../../docs/examples/invited-tender.json"),
    include_str!("../../../docs/examples/competitive-negotiation.json"),
    include_str!("../../../docs/examples/competitive-consultation.json"),
    include_str!("../../../docs/examples/single-source.json"),
    include_str!("../../../docs/examples/request-for-quotation.json"),
];

/// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, good enough for test data.
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }
    /// True with probability `num / den`.
    pub fn chance(&mut self, num: u64, den: u64) -> bool {
        self.below(den) < num
    }
}

/// The examples parsed once.
pub struct Generator {
    bases: Vec<Value>,
    seed: u64,
}

impl Generator {
    pub fn new(seed: u64) -> Generator {
        let bases = EXAMPLES
            .iter()
            .map(|t| serde_json::from_str(t).expect("docs/examples/*.json are valid JSON"))
            .collect();
        Generator { bases, seed }
    }

    /// Project number `i` (independent of the others: any order, any subset).
    pub fn project(&self, i: usize) -> ProjectRecord {
        let mut rng = SplitMix64::new(self.seed ^ (i as u64).wrapping_mul(0xA24B_AED4_963E_E407));
        let mut v = self.bases[i % self.bases.len()].clone();
        reshape(&mut v, &mut rng);
        let renames = renames(&v, i, &mut rng);
        // Base dates lie in January–May 2026: move them to 2019-01 … 2026-10.
        let shift = rng.range(-2540, 150);
        let years = (shift as f64 / 365.25).round() as i64;
        let scale = rng.range(20, 4000);
        vary(&mut v, None, &renames, shift, years, scale, &mut rng);
        serde_json::from_value(v).expect("a generated record reads as a ProjectRecord")
    }

    /// Projects `0..n`.
    pub fn projects(&self, n: usize) -> Vec<ProjectRecord> {
        (0..n).map(|i| self.project(i)).collect()
    }
}

fn array<'a>(v: &'a mut Value, key: &str) -> Option<&'a mut Vec<Value>> {
    v.get_mut(key).and_then(Value::as_array_mut)
}

/// Structural changes: more or fewer bids, an earlier stage.
fn reshape(v: &mut Value, rng: &mut SplitMix64) {
    let winners: Vec<Value> = v
        .get("awards")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|x| x.get("supplier_id").cloned())
                .collect()
        })
        .unwrap_or_default();
    if let Some(bids) = array(v, "bids") {
        if rng.chance(1, 4) {
            if let Some(pos) = bids
                .iter()
                .rposition(|b| b.get("supplier_id").is_some_and(|s| !winners.contains(s)))
            {
                bids.remove(pos);
            }
        }
        let extra = if rng.chance(1, 5) { rng.range(1, 3) } else { 0 };
        for k in 0..extra {
            if let Some(mut b) = bids.first().cloned() {
                b["id"] = Value::from(format!("B-EXTRA-{k}"));
                b["supplier_id"] = Value::from(format!("NEW-BIDDER-{k}"));
                b["status"] = Value::from(if rng.chance(1, 4) {
                    "disqualified"
                } else {
                    "valid"
                });
                bids.push(b);
            }
        }
    }
    let stage = rng.below(20);
    let cut: &[&str] = match stage {
        0 => &["awards", "contracts", "acceptances", "payments"],
        1 | 2 => &["contracts", "acceptances", "payments"],
        3..=6 => &["payments"],
        _ => &[],
    };
    for key in cut {
        if let Some(a) = array(v, key) {
            a.clear();
        }
    }
}

/// New ids for the project, the purchaser, the agency, the suppliers and the experts.
fn renames(v: &Value, i: usize, rng: &mut SplitMix64) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    let mut put = |old: Option<&Value>, new: String| {
        if let Some(s) = old.and_then(Value::as_str) {
            map.entry(s.to_owned()).or_insert(new);
        }
    };
    put(v.pointer("/project/id"), format!("GEN-{i:06}"));
    let purchaser = rng.below(300);
    put(
        v.pointer("/project/purchaser_id"),
        format!("ORG-P{purchaser:03}"),
    );
    put(
        v.pointer("/project/agency/org_id"),
        format!("ORG-A{:02}", rng.below(30)),
    );
    // Distinct pool suppliers for the distinct suppliers of the record.
    let mut used: Vec<u64> = Vec::new();
    let mut fresh = |rng: &mut SplitMix64, pool: u64| loop {
        let k = rng.below(pool);
        if !used.contains(&k) {
            used.push(k);
            break k;
        }
    };
    let bidders = v
        .get("bids")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|b| b.get("supplier_id"));
    let registry = v
        .get("suppliers")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|s| s.get("id"));
    for s in bidders.chain(registry) {
        if let Some(s) = s.as_str() {
            if !map.contains_key(s) {
                let k = fresh(rng, 800);
                map.insert(s.to_owned(), format!("SUP-{k:03}"));
            }
        }
    }
    let mut used: Vec<u64> = Vec::new();
    let members = v
        .pointer("/panel/members")
        .and_then(Value::as_array)
        .into_iter()
        .flatten();
    for m in members {
        let (Some(id), Some(role)) = (
            m.get("person_id").and_then(Value::as_str),
            m.get("role").and_then(Value::as_str),
        ) else {
            continue;
        };
        if map.contains_key(id) {
            continue;
        }
        let new = if role == "expert" {
            let k = loop {
                let k = rng.below(400);
                if !used.contains(&k) {
                    used.push(k);
                    break k;
                }
            };
            format!("EXP-{k:03}")
        } else {
            format!("REP-P{purchaser:03}-{}", rng.below(3))
        };
        map.insert(id.to_owned(), new);
    }
    map
}

/// `YYYY-MM-DD…` moved by `shift` days; `None` when `s` is not a date or an instant.
fn shifted(s: &str, shift: i64) -> Option<String> {
    let b = s.as_bytes();
    let looks = b.len() >= 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b[..10]
            .iter()
            .enumerate()
            .all(|(k, c)| k == 4 || k == 7 || c.is_ascii_digit())
        && (b.len() == 10 || b[10] == b'T');
    if !looks {
        return None;
    }
    let d = Date::parse(&s[..10]).ok()?.add_days(shift)?;
    Some(format!("{d}{}", &s[10..]))
}

fn is_money(key: &str) -> bool {
    key.ends_with("amount") || key.ends_with("price") || key == "bid_security"
}

/// Renames ids, moves dates, scales amounts (`scale` ‰) and jitters scores, recursively.
fn vary(
    v: &mut Value,
    key: Option<&str>,
    renames: &BTreeMap<String, String>,
    shift: i64,
    years: i64,
    scale: i64,
    rng: &mut SplitMix64,
) {
    match v {
        Value::String(s) => {
            if let Some(new) = renames.get(s.as_str()) {
                *s = new.clone();
            } else if let Some(new) = shifted(s, shift) {
                *s = new;
            }
        }
        Value::Number(n) => {
            let Some(x) = n.as_i64() else { return };
            let new = match key {
                Some(k) if is_money(k) => x.saturating_mul(scale) / 1000,
                Some("fiscal_year") => x + years,
                Some("total_hundredths") => (x + rng.range(-400, 400)).max(0),
                _ => return,
            };
            *v = Value::from(new);
        }
        Value::Array(a) => {
            for x in a {
                vary(x, key, renames, shift, years, scale, rng);
            }
        }
        Value::Object(o) => {
            for (k, x) in o.iter_mut() {
                vary(x, Some(k.as_str()), renames, shift, years, scale, rng);
            }
        }
        Value::Null | Value::Bool(_) => {}
    }
}
