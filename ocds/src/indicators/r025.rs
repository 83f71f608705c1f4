//! R025 Excessive unsuccessful bids: per tenderer, wins / valid bids (each tenderer counted once
//! per process with a single complete award to a single supplier). Flagged when its number of
//! valid bids is ≥ the `percentile` (75th) of all tenderers' counts and its ratio ≤ the lower
//! fence Q1 − 1.5·IQR (or `threshold`). Skipped when Q1 or the fence is 0. Value: the ratio.

use shared::checks::stats::{self, Method, Tally};

use super::util::{complete_awards_and_bids, id, is, sole_award_supplier, tally, Release};
use super::{nan_or, Acc, Ctx};

pub(crate) fn fold(ctx: &Ctx, acc: &mut Acc, release: &Release) {
    if ctx.r025.is_none() {
        return;
    }
    let Some((complete, details)) = complete_awards_and_bids(release) else {
        return;
    };
    let Some(supplier) = sole_award_supplier(&complete) else {
        return;
    };
    let mut valid: Vec<&str> = Vec::new();
    for bid in details {
        if let Some([t]) = bid.tenderers.as_deref() {
            if let Some(id) = id(t) {
                if is(&bid.status, "valid") {
                    valid.push(id);
                }
            }
        }
    }
    valid.sort_unstable();
    valid.dedup();
    for id in valid {
        let hits = i64::from(id == supplier);
        tally(
            &mut acc.r025,
            id,
            Tally {
                hits,
                total: 1,
                processes: 1,
            },
        );
    }
}

pub(crate) fn finalize(ctx: &Ctx, acc: &mut Acc) {
    let Some((percentile, threshold)) = ctx.r025 else {
        return;
    };
    let counts: Vec<f64> = acc.r025.values().map(|t| t.total as f64).collect();
    let upper = nan_or(stats::quantile_by(
        &counts,
        percentile as f64 / 100.0,
        Method::MedianUnbiased,
    ));
    let (lower, q1) = match threshold {
        Some(v) => (v, 1.0),
        None => {
            let ratios: Vec<f64> = acc.r025.values().map(Tally::ratio).collect();
            let (q1, q3, fences) = super::quartiles(&ratios);
            acc.set_meta("R025", "q1", q1);
            acc.set_meta("R025", "q3", q3);
            (fences.0, q1)
        }
    };
    acc.set_meta("R025", "upper_fence", upper);
    acc.set_meta("R025", "lower_fence", lower);
    if q1 > 0.0 && lower > 0.0 {
        let flagged: Vec<(String, f64)> = acc
            .r025
            .iter()
            .filter(|(_, t)| t.total as f64 >= upper && t.ratio() <= lower)
            .map(|(id, t)| (id.clone(), t.ratio()))
            .collect();
        for (id, r) in flagged {
            acc.set_tenderer(&id, "R025", r);
        }
    }
}
