//! R036 Lowest bid disqualified: a process with an active award, a valid bid with an amount,
//! and whose lowest submitted bid (in the main currency) is disqualified. Value 1.0. Not for
//! processes without price comparison. The currency is resolved as in [`super::second_lowest`].

use super::util::{amount_currency, is, s, submitted_bids, Release};
use super::{Acc, Ctx};

pub(crate) fn fold(
    ctx: &Ctx,
    acc: &mut Acc,
    release: &Release,
    ocid: &str,
    seq: u64,
    touched: bool,
) {
    if !ctx.r036 || !ctx.price_comparison(release) {
        return;
    }
    let Some(awards) = release.awards.as_deref() else {
        return;
    };
    if !awards.iter().any(|a| is(&a.status, "active")) {
        return;
    }
    let bids: Vec<(&str, f64, &str)> = submitted_bids(release)
        .filter_map(|bid| {
            let status = s(&bid.status)?;
            let (amount, currency) = amount_currency(bid)?;
            Some((status, amount, currency))
        })
        .collect();
    let Some(first) = bids.first() else { return };
    if !touched {
        acc.observe_currency(seq, first.2);
    }
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
        let mut lowest: Option<f64> = None;
        let mut lowest_disqualified = false;
        let mut has_valid = false;
        for &(status, amount, c) in &bids {
            if c != currency {
                continue;
            }
            if lowest.is_none_or(|l| amount < l) {
                lowest = Some(amount);
                lowest_disqualified = status == "disqualified";
            }
            has_valid |= status == "valid";
        }
        if has_valid && lowest_disqualified {
            if !acc.r036.contains_key(currency) {
                acc.r036.insert(currency.to_owned(), Default::default());
            }
            if let Some(set) = acc.r036.get_mut(currency) {
                set.insert(ocid.to_owned());
            }
        }
    }
}
