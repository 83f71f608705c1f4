//! R028 Identical bid prices: different tenderers submitted bids with the same amount and
//! currency. The process and those tenderers are flagged (1.0). Not for processes without price
//! comparison.

use std::collections::{BTreeSet, HashMap};

use super::util::{amount_currency, submitted_bids, tenderer_ids, Release};
use super::{Acc, Ctx};

pub(crate) fn fold(ctx: &Ctx, acc: &mut Acc, release: &Release, ocid: &str) {
    if !ctx.r028 || !ctx.price_comparison(release) {
        return;
    }
    let mut prices: HashMap<(u64, &str), BTreeSet<&str>> = HashMap::new();
    for bid in submitted_bids(release) {
        let Some(tenderers) = tenderer_ids(bid) else {
            continue;
        };
        let Some((amount, currency)) = amount_currency(bid) else {
            continue;
        };
        let ids: BTreeSet<&str> = tenderers.collect();
        if ids.is_empty() {
            continue;
        }
        // 0.0 and -0.0 are the same price.
        let key = (
            if amount == 0.0 { 0.0f64 } else { amount }.to_bits(),
            currency,
        );
        if let Some(other) = prices.get(&key) {
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
        prices.insert(key, ids);
    }
}
