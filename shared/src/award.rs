//! Award and contract gates: the yes/no the server needs before storing an award, a contract or
//! an amendment. Thin wrappers over the rules of the checks, never a second copy:
//!
//! | function | rule | check | legal basis |
//! |---|---|---|---|
//! | [`award_follows_ranking`] | the winner is the first of the (latest) ranking, or a deviation reason is recorded (a blank one is none) | M23 (`m23::follows_ranking`) | 条例 第43条、第49条 [V]; 87号令 第68条 [K] |
//! | [`contract_matches_award`] | same supplier, same amount to the fen, material terms unchanged | A04 (`a04::compare`) | 《政府采购法》 第46条 [V] |
//! | [`add_on_check`] | Σ add-ons (the new one included) ≤ 10 % of the original amount, exactly in fen; the rate from the dated table (`add_on_max_permille`) on the amendment's date | A05 (`a05::added_total`, `Fen::within_permille`) | 《政府采购法》 第49条 [V] |
//! | [`security_refund_due`] | bid security refunded within 5 working days of the award notice (losers) or of the contract signature (winner) | A09 (T23) | 条例 第33条 [V] |

use serde::{Deserialize, Serialize};

use crate::calendar::Calendar;
use crate::challenge::{due, Due, DueError};
use crate::checks::a04::{compare, Mismatch};
use crate::checks::a05::added_total;
use crate::checks::m23::follows_ranking;
use crate::i18n::Lang;
use crate::model::{Amendment, AmendmentKind, Award, Contract};
use crate::money::Fen;
use crate::thresholds::{ThresholdTable, TimeLimitId};
use crate::time::{Date, Instant};

/// Whether confirming `winner` follows `ranking` (supplier ids, best first): the first-ranked,
/// or another supplier with a non-blank `deviation_reason` (M23). An empty ranking is not a
/// deviation.
pub fn award_follows_ranking(
    ranking: &[String],
    winner: &str,
    deviation_reason: Option<&str>,
) -> bool {
    follows_ranking(
        ranking.first().map(String::as_str),
        winner,
        deviation_reason,
    )
}

/// Whether the purchaser may confirm `winner` against the report's `ranking`: a ranked
/// supplier, the first-ranked or another with a stated reason (M23). The field error names the
/// confirmation form's field.
pub fn check_confirmation(
    ranking: &[String],
    winner: &str,
    deviation_reason: Option<&str>,
) -> Result<(), crate::field::FieldError> {
    use crate::field::FieldError;
    use crate::i18n::Text;
    if !ranking.iter().any(|s| s == winner) {
        return Err(FieldError::new(
            "supplier_id",
            "not_ranked",
            Text::new(
                "该供应商不在评审排序中",
                "This supplier is not in the ranking",
            ),
        ));
    }
    if !award_follows_ranking(ranking, winner, deviation_reason) {
        return Err(FieldError::new(
            "deviation_reason",
            "required",
            Text::new(
                "未按评审排序确定中标人，须记录合法理由",
                "Confirming another than the first-ranked needs a recorded lawful reason",
            ),
        ));
    }
    Ok(())
}

/// A single-source award states its negotiated amount (there is no bid to take it from).
pub fn single_source_amount(amount: Option<Fen>) -> Result<Fen, crate::field::FieldError> {
    amount.ok_or_else(|| {
        crate::field::FieldError::new(
            "amount",
            "required",
            crate::i18n::Text::new("请填写成交金额", "Enter the amount"),
        )
    })
}

/// How a contract compares with its award (A04).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum ContractCheck {
    Matches,
    OtherSupplier,
    OtherAmount,
    TermsChanged,
    /// Facts missing to tell (field paths).
    Unknown {
        missing: Vec<String>,
    },
}

impl ContractCheck {
    pub fn is_match(&self) -> bool {
        *self == ContractCheck::Matches
    }

    /// A contract that does not match its award, as a field error on the amount (`None` when
    /// it matches).
    pub fn refusal(&self) -> Option<crate::field::FieldError> {
        Some(crate::field::FieldError::with_message(
            "amount",
            "contract_differs",
            self.message(Lang::Zh)?.to_owned(),
            self.message(Lang::En)?.to_owned(),
        ))
    }

    pub fn message(&self, lang: Lang) -> Option<&'static str> {
        Some(match (self, lang) {
            (ContractCheck::Matches, _) => return None,
            (ContractCheck::OtherSupplier, Lang::Zh) => "合同供应商不是中标（成交）供应商",
            (ContractCheck::OtherSupplier, Lang::En) => {
                "The contract is not with the awarded supplier"
            }
            (ContractCheck::OtherAmount, Lang::Zh) => "合同金额与中标（成交）金额不一致",
            (ContractCheck::OtherAmount, Lang::En) => "The contract amount differs from the award",
            (ContractCheck::TermsChanged, Lang::Zh) => {
                "合同实质性条款与采购文件或中标（成交）供应商的响应文件不一致"
            }
            (ContractCheck::TermsChanged, Lang::En) => {
                "Material terms differ from the documents or the winning bid"
            }
            (ContractCheck::Unknown { .. }, Lang::Zh) => "缺少判断合同是否与中标结果一致所需的信息",
            (ContractCheck::Unknown { .. }, Lang::En) => {
                "Facts are missing to tell whether the contract matches the award"
            }
        })
    }
}

/// A04's rule for a contract about to be stored and its award.
pub fn contract_matches_award(contract: &Contract, award: &Award) -> ContractCheck {
    match compare(contract, award) {
        Ok(()) => ContractCheck::Matches,
        Err(Mismatch::Supplier) => ContractCheck::OtherSupplier,
        Err(Mismatch::Amount) => ContractCheck::OtherAmount,
        Err(Mismatch::Terms) => ContractCheck::TermsChanged,
        Err(Mismatch::Unknown(m)) => ContractCheck::Unknown {
            missing: m.into_iter().map(str::to_owned).collect(),
        },
    }
}

/// The add-on total of a contract against the legal limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct AddOnCheck {
    pub original: Fen,
    /// Σ of the add-ons, the new one included.
    pub added: Fen,
    /// The limit rate (100 ‰) and amount (rounded down to the fen, for display).
    pub limit_permille: i64,
    pub limit: Fen,
    /// `added / original` in permille, rounded down (for display; the decision is exact).
    pub ratio_permille: i64,
    pub within: bool,
}

/// Why the add-on check cannot answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AddOnError {
    #[error("the contract amount is unknown")]
    NoOriginalAmount,
    #[error("an add-on amount is unknown")]
    UnknownDelta,
    #[error("no add-on limit on {0}")]
    NoLimit(Date),
}

/// A05's rule for `contract` with `new` (an amendment about to be stored, if any) added, judged
/// on `on` (the new amendment's date). Amendments other than add-ons do not count.
pub fn add_on_check(
    thresholds: &ThresholdTable,
    contract: &Contract,
    new: Option<&Amendment>,
    on: Date,
) -> Result<AddOnCheck, AddOnError> {
    let original = contract.amount.ok_or(AddOnError::NoOriginalAmount)?;
    let add_ons: Vec<&Amendment> = contract
        .amendments
        .iter()
        .chain(new)
        .filter(|a| a.kind == AmendmentKind::AddOn)
        .collect();
    let added = added_total(&add_ons).ok_or(AddOnError::UnknownDelta)?;
    let rate = thresholds
        .add_on_max_permille(on)
        .ok_or(AddOnError::NoLimit(on))?
        .value;
    Ok(AddOnCheck {
        original,
        added,
        limit_permille: rate,
        limit: original.mul_ratio(rate, 1000).unwrap_or(original),
        ratio_permille: if original.fen() > 0 {
            added
                .mul_ratio(1000, original.fen())
                .map_or(i64::MAX, Fen::fen)
        } else {
            i64::MAX
        },
        within: added.within_permille(original, rate),
    })
}

/// T23: the last day to refund a bid security, counted from the award notice (losing bidders)
/// or the contract signature (the winner).
pub fn security_refund_due(
    calendar: &Calendar,
    thresholds: &ThresholdTable,
    from: Instant,
) -> Result<Due, DueError> {
    due(calendar, thresholds, TimeLimitId::T23, from.china_date(), 0)
}

#[cfg(test)]
mod tests;
