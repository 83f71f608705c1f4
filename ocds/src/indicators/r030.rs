//! R030 Late bid won: a valid bid dated after `/tender/tenderPeriod/endDate` (compared as text,
//! as Cardinal) by a supplier of an active award. The process and the tenderer are flagged (1.0).

use super::util::{details, id, is, s, tender, tenderer_ids, Release};
use super::{Acc, Ctx};

pub(crate) fn fold(ctx: &Ctx, acc: &mut Acc, release: &Release, ocid: &str) {
    if !ctx.r030 {
        return;
    }
    let Some(end) = tender(release)
        .and_then(|t| t.tender_period.as_ref())
        .and_then(|p| s(&p.end_date))
    else {
        return;
    };
    let Some(awards) = release.awards.as_deref() else {
        return;
    };
    let Some(details) = details(release) else {
        return;
    };
    let mut suppliers: Vec<&str> = Vec::new();
    for award in awards {
        if is(&award.status, "active") {
            if let Some(list) = award.suppliers.as_deref() {
                suppliers.extend(list.iter().filter_map(id));
            }
        }
    }
    for bid in details {
        let (Some(date), Some(tenderers)) = (s(&bid.date), tenderer_ids(bid)) else {
            continue;
        };
        if is(&bid.status, "valid") && date > end {
            for id in tenderers {
                if suppliers.contains(&id) {
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
