//! Accessors on a compiled release shared by several indicators (Cardinal's helpers).

use std::collections::HashSet;

use serde_json::{Map, Value};

pub(crate) type Release = Map<String, Value>;

pub(crate) fn str_at<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key)?.as_str()
}

pub(crate) fn status_is(v: &Value, status: &str) -> bool {
    str_at(v, "status") == Some(status)
}

/// The awards in a final state (`active`) and the bids, if every award with a status is final
/// (`active`, `cancelled`, `unsuccessful`), so that results are stable. Bids are returned even if
/// there are no awards.
pub(crate) fn complete_awards_and_bids(release: &Release) -> Option<(Vec<&Value>, &Vec<Value>)> {
    let awards = release.get("awards")?.as_array()?;
    let details = release
        .get("bids")?
        .as_object()?
        .get("details")?
        .as_array()?;
    let mut complete = Vec::new();
    for award in awards {
        if let Some(status) = str_at(award, "status") {
            match status {
                "active" => complete.push(award),
                "cancelled" | "unsuccessful" => {}
                _ => return None,
            }
        }
    }
    Some((complete, details))
}

/// The supplier of the only complete award, if it has exactly one supplier with an `id`.
pub(crate) fn sole_award_supplier<'a>(complete: &[&'a Value]) -> Option<&'a str> {
    let [award] = complete else { return None };
    let suppliers = award.get("suppliers")?.as_array()?;
    let [supplier] = suppliers.as_slice() else {
        return None;
    };
    str_at(supplier, "id")
}

/// Submitted bids: pending, valid or disqualified (any status but invited and withdrawn).
pub(crate) fn submitted_bids(release: &Release) -> impl Iterator<Item = &Value> {
    release
        .get("bids")
        .and_then(Value::as_object)
        .and_then(|b| b.get("details"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(
            |bid| matches!(str_at(bid, "status"), Some(s) if s != "invited" && s != "withdrawn"),
        )
}

/// A bid's amount and currency, if both are set.
pub(crate) fn amount_currency(bid: &Value) -> Option<(f64, &str)> {
    let value = bid.get("value")?.as_object()?;
    let amount = value.get("amount")?.as_f64()?;
    let currency = value.get("currency")?.as_str()?;
    Some((amount, currency))
}

/// (tenderer, amount, currency) of each valid bid with a single identified tenderer.
pub(crate) fn valid_single_tenderer_bids(details: &[Value]) -> Vec<(&str, f64, &str)> {
    details
        .iter()
        .filter_map(|bid| {
            let (amount, currency) = amount_currency(bid)?;
            let tenderers = bid.get("tenderers")?.as_array()?;
            let [t] = tenderers.as_slice() else {
                return None;
            };
            let id = str_at(t, "id")?;
            status_is(bid, "valid").then_some((id, amount, currency))
        })
        .collect()
}

/// The tender object, if any.
pub(crate) fn tender(release: &Release) -> Option<&Map<String, Value>> {
    release.get("tender")?.as_object()
}

pub(crate) fn is_cancelled(release: &Release) -> bool {
    tender(release)
        .and_then(|t| t.get("status"))
        .and_then(Value::as_str)
        == Some("cancelled")
}

/// `/tender/procurementMethod` is in `set` (or `set` is empty).
pub(crate) fn matches_procurement_method(
    tender: &Map<String, Value>,
    set: &HashSet<String>,
) -> bool {
    if set.is_empty() {
        return true;
    }
    match tender.get("procurementMethod").and_then(Value::as_str) {
        Some(m) => set.contains(m),
        None => false,
    }
}

/// `/tender/procurementMethodDetails` passes an allow list (`include`, when non-empty) or else a
/// deny list (`exclude`). Without the field, only a deny list passes.
pub(crate) fn matches_procurement_method_details(
    release: &Release,
    include: &HashSet<String>,
    exclude: &HashSet<String>,
) -> bool {
    match tender(release)
        .and_then(|t| t.get("procurementMethodDetails"))
        .and_then(Value::as_str)
    {
        Some(d) if include.is_empty() => !exclude.contains(d),
        Some(d) => include.contains(d),
        None => include.is_empty(),
    }
}
