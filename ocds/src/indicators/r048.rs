//! R048 Heterogeneous supplier: per supplier of active single-supplier awards, the number of
//! distinct classification prefixes (`digits`, 2) of awarded items; flagged at or above the
//! upper fence Q3 + 1.5·IQR (or `threshold`) over suppliers awarded in ≥
//! `minimum_contracting_processes` (20) processes. Value: the variety.

use super::util::{id, is, Release};
use super::{Acc, Ctx};

pub(crate) fn fold(ctx: &Ctx, acc: &mut Acc, release: &Release) {
    let Some((digits, _, _)) = ctx.r048 else {
        return;
    };
    let Some(awards) = release.awards.as_deref() else {
        return;
    };
    let mut seen: Vec<&str> = Vec::new();
    for award in awards {
        let Some(items) = award.items.as_deref() else {
            continue;
        };
        let Some([supplier]) = award.suppliers.as_deref() else {
            continue;
        };
        let Some(supplier) = id(supplier) else {
            continue;
        };
        if !is(&award.status, "active") {
            continue;
        }
        for item in items {
            if let Some(code) = item.classification.as_ref().and_then(id) {
                if !acc.r048.contains_key(supplier) {
                    acc.r048.insert(supplier.to_owned(), Default::default());
                }
                let Some(entry) = acc.r048.get_mut(supplier) else {
                    continue;
                };
                if !seen.contains(&supplier) {
                    seen.push(supplier);
                    entry.0 += 1;
                }
                let prefix = match code.char_indices().nth(digits) {
                    Some((at, _)) => &code[..at],
                    None => code,
                };
                if !entry.1.contains(prefix) {
                    entry.1.insert(prefix.to_owned());
                }
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
