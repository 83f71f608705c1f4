//! R058 Heavily discounted bid: the percentage difference (see [`super::second_lowest`]) at or
//! above the upper fence Q3 + 1.5·IQR (or `threshold`). Skipped when the fence is 0. Value: the
//! difference; the winner is flagged with 0.0.

use super::{Acc, Ctx, Seconds};

pub(crate) fn finalize(ctx: &Ctx, acc: &mut Acc, seconds: &Seconds) {
    let Some(threshold) = ctx.r058 else { return };
    let upper = match threshold {
        Some(v) => v,
        None => {
            let (q1, q3, fences) = seconds.quartiles();
            acc.set_meta("R058", "q1", q1);
            acc.set_meta("R058", "q3", q3);
            fences.1
        }
    };
    acc.set_meta("R058", "upper_fence", upper);
    if upper > 0.0 {
        for (ocid, s) in &seconds.map {
            if s.ratio >= upper {
                acc.set_ocid(ocid, "R058", s.ratio);
                acc.set_tenderer(seconds.names.get(s.winner), "R058", 0.0);
                if ctx.map {
                    acc.map_tenderer("ocid_tenderer_r058", ocid, seconds.names.get(s.winner));
                }
            }
        }
    }
}
