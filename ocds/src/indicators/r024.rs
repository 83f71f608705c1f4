//! R024 Price close to winning bid: the percentage difference (see [`super::second_lowest`]) at
//! or below the lower fence Q1 − 1.5·IQR (or `threshold`). Skipped when Q1 or the fence is 0.
//! Value: the difference; the winner and the second-lowest bidder are flagged with 0.0.

use super::{Acc, Ctx, Seconds};

pub(crate) fn finalize(ctx: &Ctx, acc: &mut Acc, seconds: &Seconds) {
    let Some(threshold) = ctx.r024 else { return };
    let (lower, q1) = match threshold {
        Some(v) => (v, 1.0),
        None => {
            let (q1, q3, fences) = seconds.quartiles();
            acc.set_meta("R024", "q1", q1);
            acc.set_meta("R024", "q3", q3);
            (fences.0, q1)
        }
    };
    acc.set_meta("R024", "lower_fence", lower);
    if q1 > 0.0 && lower > 0.0 {
        for (ocid, s) in &seconds.map {
            if s.ratio <= lower {
                acc.set_ocid(ocid, "R024", s.ratio);
                for id in [seconds.names.get(s.winner), seconds.names.get(s.other)] {
                    acc.set_tenderer(id, "R024", 0.0);
                    if ctx.map {
                        acc.map_tenderer("ocid_tenderer_r024", ocid, id);
                    }
                }
            }
        }
    }
}
