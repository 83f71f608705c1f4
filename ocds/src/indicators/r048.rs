//! R048 Heterogeneous supplier: per supplier of active single-supplier awards, the number of
//! distinct classification prefixes (`digits`, 2) of awarded items; flagged at or above the
//! upper fence Q3 + 1.5·IQR (or `threshold`) over suppliers awarded in ≥
//! `minimum_contracting_processes` (20) processes. Value: the variety.

use std::collections::BTreeSet;

use super::util::{status_is, str_at, Release};
use super::{Acc, Ctx};

pub(crate) fn fold(ctx: &Ctx, acc: &mut Acc, release: &Release) {
    let Some((digits, _, _)) = ctx.r048 else {
        return;
    };
    let Some(awards) = release.get("awards").and_then(|a| a.as_array()) else {
        return;
    };
    let mut seen = BTreeSet::new();
    for award in awards {
        let Some(items) = award.get("items").and_then(|i| i.as_array()) else {
            continue;
        };
        let Some([supplier]) = award
            .get("suppliers")
            .and_then(|s| s.as_array())
            .map(Vec::as_slice)
        else {
            continue;
        };
        let Some(supplier) = str_at(supplier, "id") else {
            continue;
        };
        if !status_is(award, "active") {
            continue;
        }
        for item in items {
            if let Some(code) = item
                .get("classification")
                .and_then(|c| c.as_object())
                .and_then(|c| c.get("id"))
                .and_then(|i| i.as_str())
            {
                let entry = acc.r048.entry(supplier.to_owned()).or_default();
                if seen.insert(supplier) {
                    entry.0 += 1;
                }
                entry.1.insert(code.chars().take(digits).collect());
            }
        }
    }
}

pub(crate) fn finalize(ctx: &Ctx, acc: &mut Acc) {
    let Some((_, threshold, minimum)) = ctx.r048 else {
        return;
    };
    let varieties: Vec<(String, f64)> = std::mem::take(&mut acc.r048)
        .into_iter()
        .filter(|(_, (n, _))| *n >= minimum)
        .map(|(id, (_, codes))| (id, codes.len() as f64))
        .collect();
    let upper = match threshold {
        Some(v) => v as f64,
        None => {
            let values: Vec<f64> = varieties.iter().map(|(_, v)| *v).collect();
            let (q1, q3, fences) = super::quartiles(&values);
            acc.set_meta("R048", "q1", q1);
            acc.set_meta("R048", "q3", q3);
            fences.1
        }
    };
    acc.set_meta("R048", "upper_fence", upper);
    for (id, v) in varieties {
        if v >= upper {
            acc.set_tenderer(&id, "R048", v);
        }
    }
}
