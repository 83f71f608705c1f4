//! R018 Single bid received: `/tender/numberOfTenderers` is 1 in a competitive procedure
//! (`procurement_methods`, default `open|selective`). Value 1.0.

use super::util::{matches_procurement_method, tender, Release};
use super::{Acc, Ctx};

pub(crate) fn fold(ctx: &Ctx, acc: &mut Acc, release: &Release, ocid: &str) {
    let Some(methods) = &ctx.r018 else { return };
    if let Some(tender) = tender(release) {
        if matches_procurement_method(tender, methods) && tender.number_of_tenderers == Some(1) {
            acc.set_ocid(ocid, "R018", 1.0);
        }
    }
}
