//! R003 Short submission period: whole days from `/tender/tenderPeriod/startDate` to `endDate`
//! below the threshold (15, or per `/tender/procurementMethodDetails`). Value 1.0.

use super::util::{matches_procurement_method, s, tender, Release};
use super::{Acc, Ctx};
use crate::rfc3339::whole_days_between;

pub(crate) fn fold(ctx: &Ctx, acc: &mut Acc, release: &Release, ocid: &str) {
    let Some(cfg) = &ctx.r003 else { return };
    let Some(tender) = tender(release) else {
        return;
    };
    if !matches_procurement_method(tender, &cfg.procurement_methods) {
        return;
    }
    let Some(period) = &tender.tender_period else {
        return;
    };
    let (Some(start), Some(end)) = (s(&period.start_date), s(&period.end_date)) else {
        return;
    };
    let Some(days) = whole_days_between(start, end) else {
        return;
    };
    let threshold = s(&tender.procurement_method_details)
        .and_then(|d| cfg.details.get(d))
        .copied()
        .unwrap_or(cfg.threshold);
    if days < threshold {
        acc.set_ocid(ocid, "R003", 1.0);
    }
}
