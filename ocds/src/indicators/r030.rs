//! R030 Late bid won: a valid bid dated after `/tender/tenderPeriod/endDate` (compared as text,
//! as Cardinal) by a supplier of an active award. The process and the tenderer are flagged (1.0).

use std::collections::BTreeSet;

use super::util::{status_is, str_at, tender, Release};
use super::{Acc, Ctx};

pub(crate) fn fold(ctx: &Ctx, acc: &mut Acc, release: &Release, ocid: &str) {
    if !ctx.r030 {
        return;
    }
    let Some(end) = tender(release)
        .and_then(|t| t.get("tenderPeriod"))
        .and_then(|p| p.as_object())
        .and_then(|p| p.get("endDate"))
        .and_then(|d| d.as_str())
    else {
        return;
    };
    let Some(awards) = release.get("awards").and_then(|a| a.as_array()) else {
        return;
    };
    let Some(details) = release
        .get("bids")
        .and_then(|b| b.as_object())
        .and_then(|b| b.get("details"))
        .and_then(|d| d.as_array())
    else {
        return;
    };
    let mut suppliers = BTreeSet::new();
    for award in awards {
        if status_is(award, "active") {
            if let Some(list) = award.get("suppliers").and_then(|s| s.as_array()) {
                suppliers.extend(list.iter().filter_map(|s| str_at(s, "id")));
            }
        }
    }
    for bid in details {
        let (Some(date), Some(tenderers)) = (
            str_at(bid, "date"),
            bid.get("tenderers").and_then(|t| t.as_array()),
        ) else {
            continue;
        };
        if status_is(bid, "valid") && date > end {
            for id in tenderers.iter().filter_map(|t| str_at(t, "id")) {
                if suppliers.contains(id) {
                    acc.set_ocid(ocid, "R030", 1.0);
                    acc.set_tenderer(id, "R030", 1.0);
                    if ctx.map {
                        acc.map_tenderer("ocid_tenderer_r030", ocid, id);
                    }
                }
            }
        }
    }
}
