//! R035 All except winning bid disqualified: exactly one tenderer has valid bids, it is the set
//! of suppliers of the complete awards, and at least `threshold` (1) other tenderers have
//! disqualified bids. Value: that number; the winner is flagged with 0.0.

use super::util::{complete_awards_and_bids, id, s, tenderer_ids, Release};
use super::{Acc, Ctx};

pub(crate) fn fold(ctx: &Ctx, acc: &mut Acc, release: &Release, ocid: &str) {
    let Some(threshold) = ctx.r035 else { return };
    let Some((complete, details)) = complete_awards_and_bids(release) else {
        return;
    };
    let mut suppliers: Vec<&str> = Vec::new();
    for award in complete {
        if let Some(list) = award.suppliers.as_deref() {
            suppliers.extend(list.iter().filter_map(id));
        }
    }
    let mut valid: Vec<&str> = Vec::new();
    let mut disqualified: Vec<&str> = Vec::new();
    for bid in details {
        let (Some(status), Some(tenderers)) = (s(&bid.status), tenderer_ids(bid)) else {
            continue;
        };
        let set = match status {
            "valid" => &mut valid,
            "disqualified" => &mut disqualified,
            _ => continue,
        };
        set.extend(tenderers);
    }
    // Sets as sorted lists without duplicates.
    for set in [&mut suppliers, &mut valid, &mut disqualified] {
        set.sort_unstable();
        set.dedup();
    }
    if valid.len() != 1 || valid != suppliers {
        return;
    }
    let others = disqualified.iter().filter(|d| !valid.contains(d)).count();
    if others >= threshold {
        acc.set_ocid(ocid, "R035", others as f64);
        if let Some(id) = valid.first() {
            acc.set_tenderer(id, "R035", 0.0);
            if ctx.map {
                acc.map_tenderer("ocid_tenderer_r035", ocid, id);
            }
        }
    }
}
