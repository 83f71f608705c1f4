//! R028 Identical bid prices: different tenderers submitted bids with the same amount and
//! currency. The process and those tenderers are flagged (1.0). Not for processes without price
//! comparison.

use super::util::{amount_currency, submitted_bids, tenderer_ids, Release};
use super::{Acc, Ctx};

pub(crate) fn fold(ctx: &Ctx, acc: &mut Acc, release: &Release, ocid: &str) {
    if !ctx.r028 || !ctx.price_comparison(release) {
        return;
    }
    // (amount bits, currency) → the distinct tenderers of the last bid at that price. Few bids
    // per process: a list is faster than a map.
    let mut prices: Vec<((u64, &str), Vec<&str>)> = Vec::new();
    for bid in submitted_bids(release) {
        let Some(tenderers) = tenderer_ids(bid) else {
            continue;
        };
        let Some((amount, currency)) = amount_currency(bid) else {
            continue;
        };
        let mut ids: Vec<&str> = tenderers.collect();
        ids.sort_unstable();
        ids.dedup();
        if ids.is_empty() {
            continue;
        }
        // 0.0 and -0.0 are the same price.
        let key = (
            if amount == 0.0 { 0.0f64 } else { amount }.to_bits(),
            currency,
        );
        let slot = prices.iter().position(|(k, _)| *k == key);
        if let Some(other) = slot.map(|i| &prices[i].1) {
            // A tenderer may submit several bids with the same price.
            if *other != ids {
                acc.set_ocid(ocid, "R028", 1.0);
                for id in ids.iter().chain(other.iter()) {
                    acc.set_tenderer(id, "R028", 1.0);
                    if ctx.map {
                        acc.map_tenderer("ocid_tenderer_r028", ocid, id);
                    }
                }
            }
        }
        match slot {
            Some(i) => prices[i].1 = ids,
            None => prices.push((key, ids)),
        }
    }
}
