//! R038 Excessive disqualified bids: disqualified / submitted bids per buyer, procuring entity
//! and tenderer; flagged at or above the upper fence Q3 + 1.5·IQR of its group (or `threshold`),
//! among buyers and procuring entities with ≥ `minimum_contracting_processes` (2) and tenderers
//! with ≥ `minimum_submitted_bids` (2) — both counted in submitted bids, as Cardinal's code does.
//! Skipped when the fence is 0. Value: the ratio.

use std::collections::BTreeMap;

use shared::checks::stats::Tally;

use super::util::{id, is, submitted_bids, tally, tender, tenderer_ids, Release};
use super::{Acc, Ctx, Group};

pub(crate) fn fold(ctx: &Ctx, acc: &mut Acc, release: &Release, ocid: &str) {
    if ctx.r038.is_none() {
        return;
    }
    let mut submitted = 0i64;
    let mut disqualified = 0i64;
    for bid in submitted_bids(release) {
        submitted += 1;
        let hit = i64::from(is(&bid.status, "disqualified"));
        disqualified += hit;
        if let Some(tenderers) = tenderer_ids(bid) {
            for id in tenderers {
                tally(
                    &mut acc.r038_tenderer,
                    id,
                    Tally {
                        hits: hit,
                        total: 1,
                        processes: 1,
                    },
                );
            }
        }
    }
    if submitted == 0 {
        return;
    }
    let t = Tally {
        hits: disqualified,
        total: submitted,
        processes: 1,
    };
    if let Some(id) = release.buyer.as_ref().and_then(id) {
        tally(&mut acc.r038_buyer, id, t);
        if ctx.map && disqualified > 0 {
            acc.maps
                .ocid_buyer_r038
                .insert(ocid.to_owned(), (acc.seq, id.to_owned()));
        }
    }
    if let Some(id) = tender(release)
        .and_then(|t| t.procuring_entity.as_ref())
        .and_then(id)
    {
        tally(&mut acc.r038_procuring_entity, id, t);
        if ctx.map && disqualified > 0 {
            acc.maps
                .ocid_procuringentity_r038
                .insert(ocid.to_owned(), (acc.seq, id.to_owned()));
        }
    }
}

pub(crate) fn finalize(ctx: &Ctx, acc: &mut Acc) {
    let Some((threshold, min_bids, min_processes)) = ctx.r038 else {
        return;
    };
    let groups = [
        (
            Group::Buyer,
            std::mem::take(&mut acc.r038_buyer),
            min_processes,
        ),
        (
            Group::ProcuringEntity,
            std::mem::take(&mut acc.r038_procuring_entity),
            min_processes,
        ),
        (
            Group::Tenderer,
            std::mem::take(&mut acc.r038_tenderer),
            min_bids,
        ),
    ];
    for (group, tallies, minimum) in groups {
        let ratios: BTreeMap<String, f64> = tallies
            .into_iter()
            .filter(|(_, t)| t.total >= minimum as i64)
            .map(|(id, t)| (id, t.ratio()))
            .collect();
        if ratios.is_empty() {
            continue;
        }
        let name = group.name();
        let upper = match threshold {
            Some(v) => v,
            None => {
                let values: Vec<f64> = ratios.values().copied().collect();
                let (q1, q3, fences) = super::quartiles(&values);
                acc.set_meta("R038", &format!("{name}_q1"), q1);
                acc.set_meta("R038", &format!("{name}_q3"), q3);
                fences.1
            }
        };
        acc.set_meta("R038", &format!("{name}_upper_fence"), upper);
        if upper > 0.0 {
            for (id, r) in ratios {
                if r >= upper {
                    acc.set(group, &id, "R038", r);
                }
            }
        }
    }
}
