//! The percentage difference between the winning bid and the lowest other valid bid, for R024
//! and R058: processes with price comparison, a single complete award to a single supplier, and
//! valid single-tenderer bids in the main currency. The winner's lowest bid is the winning bid;
//! a process whose lowest bid did not win is skipped (criteria not price-only).
//!
//! The main currency is `currency`, or else the first currency observed in file order. To get
//! that order right while lines are folded on several threads, each release is evaluated for
//! every currency among its bids, and the currency is chosen when the partial results merge.

use super::util::{
    complete_awards_and_bids, sole_award_supplier, valid_single_tenderer_bids, Release,
};
use super::{Acc, Ctx, Second};

pub(crate) fn fold(ctx: &Ctx, acc: &mut Acc, release: &Release, ocid: &str, seq: u64) -> bool {
    if !ctx.second_lowest || !ctx.price_comparison(release) {
        return false;
    }
    let Some((complete, details)) = complete_awards_and_bids(release) else {
        return false;
    };
    let Some(supplier) = sole_award_supplier(&complete) else {
        return false;
    };
    let bids = valid_single_tenderer_bids(details);
    let Some(first) = bids.first() else {
        return false;
    };
    acc.observe_currency(seq, first.2);
    let mut currencies: Vec<&str> = Vec::new();
    for (_, _, c) in &bids {
        if !currencies.contains(c) {
            currencies.push(c);
        }
    }
    for currency in currencies {
        if ctx.currency.as_deref().is_some_and(|c| c != currency) {
            continue;
        }
        let mut winner: Option<(&str, f64)> = None;
        let mut other: Option<(&str, f64)> = None;
        for &(id, amount, c) in &bids {
            if c != currency {
                continue;
            }
            let slot = if id == supplier {
                &mut winner
            } else {
                &mut other
            };
            if slot.is_none_or(|(_, a)| amount < a) {
                *slot = Some((id, amount));
            }
        }
        if let (Some((w, wa)), Some((l, la))) = (winner, other) {
            if la >= wa {
                if !acc.second_lowest.contains_key(currency) {
                    acc.second_lowest
                        .insert(currency.to_owned(), Default::default());
                }
                let Some(map) = acc.second_lowest.get_mut(currency) else {
                    continue;
                };
                if map.get(ocid).is_none_or(|x| seq >= x.seq) {
                    map.insert(
                        ocid.to_owned(),
                        Second {
                            seq,
                            ratio: (la - wa) / wa,
                            winner: w.to_owned(),
                            other: l.to_owned(),
                        },
                    );
                }
            }
        }
    }
    true
}
