//! Accessors on a compiled release shared by several indicators (Cardinal's helpers).

use std::collections::HashSet;

use shared::checks::stats::Tally;

use super::model::{Amount, Award, Bid, Org, Str, Tender};

pub(crate) use super::model::Release;

/// The string, if the member is one.
pub(crate) fn s<'r>(x: &'r Str<'_>) -> Option<&'r str> {
    x.as_deref()
}

/// The `id` of an organisation reference.
pub(crate) fn id<'r>(org: &'r Org<'_>) -> Option<&'r str> {
    org.id.as_deref()
}

pub(crate) fn is(x: &Str<'_>, value: &str) -> bool {
    x.as_deref() == Some(value)
}

/// `/bids/details`.
pub(crate) fn details<'r, 'a>(release: &'r Release<'a>) -> Option<&'r [Bid<'a>]> {
    release.bids.as_ref()?.details.as_deref()
}

/// The awards in a final state (`active`) and the bids, if every award with a status is final
/// (`active`, `cancelled`, `unsuccessful`), so that results are stable. Bids are returned even if
/// there are no awards.
pub(crate) fn complete_awards_and_bids<'r, 'a>(
    release: &'r Release<'a>,
) -> Option<(Vec<&'r Award<'a>>, &'r [Bid<'a>])> {
    let awards = release.awards.as_deref()?;
    let details = details(release)?;
    let mut complete = Vec::new();
    for award in awards {
        if let Some(status) = s(&award.status) {
            match status {
                "active" => complete.push(award),
                "cancelled" | "unsuccessful" => {}
                _ => return None,
            }
        }
    }
    Some((complete, details))
}

/// The supplier of the only complete award, if it has exactly one supplier with an `id`.
pub(crate) fn sole_award_supplier<'r>(complete: &[&'r Award<'_>]) -> Option<&'r str> {
    let [award] = complete else { return None };
    let [supplier] = award.suppliers.as_deref()? else {
        return None;
    };
    id(supplier)
}

/// Submitted bids: pending, valid or disqualified (any status but invited and withdrawn).
pub(crate) fn submitted_bids<'r, 'a>(
    release: &'r Release<'a>,
) -> impl Iterator<Item = &'r Bid<'a>> {
    details(release)
        .into_iter()
        .flatten()
        .filter(|bid| matches!(s(&bid.status), Some(st) if st != "invited" && st != "withdrawn"))
}

/// A bid's amount and currency, if both are set.
pub(crate) fn amount_currency<'r>(bid: &'r Bid<'_>) -> Option<(f64, &'r str)> {
    let Amount { amount, currency } = bid.value.as_ref()?;
    Some(((*amount)?, currency.as_deref()?))
}

/// The ids of a bid's tenderers (`None` if it has no array of tenderers).
pub(crate) fn tenderer_ids<'r>(bid: &'r Bid<'_>) -> Option<impl Iterator<Item = &'r str>> {
    Some(bid.tenderers.as_deref()?.iter().filter_map(id))
}

/// (tenderer, amount, currency) of each valid bid with a single identified tenderer.
pub(crate) fn valid_single_tenderer_bids<'r>(
    details: &'r [Bid<'_>],
) -> Vec<(&'r str, f64, &'r str)> {
    details
        .iter()
        .filter_map(|bid| {
            let (amount, currency) = amount_currency(bid)?;
            let [t] = bid.tenderers.as_deref()? else {
                return None;
            };
            let id = id(t)?;
            is(&bid.status, "valid").then_some((id, amount, currency))
        })
        .collect()
}

/// The tender object, if any.
pub(crate) fn tender<'r, 'a>(release: &'r Release<'a>) -> Option<&'r Tender<'a>> {
    release.tender.as_ref()
}

pub(crate) fn is_cancelled(release: &Release<'_>) -> bool {
    tender(release).is_some_and(|t| is(&t.status, "cancelled"))
}

/// `/tender/procurementMethod` is in `set` (or `set` is empty).
pub(crate) fn matches_procurement_method(tender: &Tender<'_>, set: &HashSet<String>) -> bool {
    if set.is_empty() {
        return true;
    }
    match s(&tender.procurement_method) {
        Some(m) => set.contains(m),
        None => false,
    }
}

/// `/tender/procurementMethodDetails` passes an allow list (`include`, when non-empty) or else a
/// deny list (`exclude`). Without the field, only a deny list passes.
pub(crate) fn matches_procurement_method_details(
    release: &Release<'_>,
    include: &HashSet<String>,
    exclude: &HashSet<String>,
) -> bool {
    match tender(release).and_then(|t| s(&t.procurement_method_details)) {
        Some(d) if include.is_empty() => !exclude.contains(d),
        Some(d) => include.contains(d),
        None => include.is_empty(),
    }
}

/// A hash map with [`FoldHasher`]: the per-organisation and per-process state of a fold, looked
/// up once or more per release. (Ordered output is built from it at the end.)
pub(crate) type FastMap<K, V> =
    std::collections::HashMap<K, V, std::hash::BuildHasherDefault<FoldHasher>>;

/// A small multiply-rotate hasher for short identifiers (not for untrusted keys where collision
/// attacks matter: the keys here come from the file being analysed, and a run only slows down).
#[derive(Default, Clone, Copy)]
pub(crate) struct FoldHasher(u64);

impl FoldHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl std::hash::Hasher for FoldHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        // Spread the high bits down: the table index uses the low bits.
        let x = self.0;
        x ^ (x >> 29) ^ (x >> 47)
    }
}

/// Adds `t` to the tally of `k` (allocating the key only for a new one).
pub(crate) fn tally(map: &mut FastMap<String, Tally>, k: &str, t: Tally) {
    match map.get_mut(k) {
        Some(e) => e.add(t),
        None => {
            map.insert(k.to_owned(), t);
        }
    }
}

/// Merges two tally maps (fold/merge across threads): hits and totals add up.
pub(crate) fn merge_tallies(a: &mut FastMap<String, Tally>, b: FastMap<String, Tally>) {
    for (k, t) in b {
        a.entry(k).or_default().add(t);
    }
}
