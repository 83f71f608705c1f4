//! R003 Short submission period: whole days from `/tender/tenderPeriod/startDate` to `endDate`
//! below the threshold (15, or per `/tender/procurementMethodDetails`). Value 1.0.

use super::util::{matches_procurement_method, tender, Release};
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
    let Some(period) = tender.get("tenderPeriod").and_then(|p| p.as_object()) else {
        return;
    };
    let (Some(start), Some(end)) = (
        period.get("startDate").and_then(|v| v.as_str()),
        period.get("endDate").and_then(|v| v.as_str()),
    ) else {
        return;
    };
    let Some(days) = whole_days_between(start, end) else {
        return;
    };
    let threshold = tender
        .get("procurementMethodDetails")
        .and_then(|v| v.as_str())
        .and_then(|d| cfg.details.get(d))
        .copied()
        .unwrap_or(cfg.threshold);
    if days < threshold {
        acc.set_ocid(ocid, "R003", 1.0);
    }
}
