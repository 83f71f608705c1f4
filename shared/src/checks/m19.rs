//! # M19 — 开标时间与投标截止时间不一致 (Opening time differs from the bid deadline)
//!
//! **What it checks.** In a tender the bids are opened in public at the very time set as the
//! bid deadline (开标应当在招标文件确定的提交投标文件截止时间的同一时间进行). The check compares
//! `opening_at` with the final `deadline` to the minute (seconds are ignored: notices state times
//! to the minute); any difference, earlier or later, is flagged with the difference in minutes.
//!
//! **Why it matters.** Bids must be opened at the deadline; a gap leaves room for tampering.
//! 开标应在投标截止时间的同一时间公开进行，间隔期间文件存在被调换的风险。
//!
//! **Legal basis.** 财政部令第87号 第39条 [K].
//!
//! **Data.** `deadline` (after every extension), `opening_at`. Insufficient data when either is
//! missing.
//!
//! **Example.** Deadline 2026-03-23 09:30, opening 2026-03-23 14:00 → flagged:
//! "开标时间2026-03-23 14:00与投标截止时间2026-03-23 09:30不一致" (270 minutes later).

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "M19",
    stage: Stage::During,
    subject: Subject::Project,
    methods: methods::TENDER,
    nodes: &[Node::DeadlineOpening],
    severity: Severity::Medium,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::k(law::ORDER_87, "第39条")],
    valid_from: None,
    valid_to: None,
    title: Text::new(
        "开标时间与投标截止时间不一致",
        "Opening time differs from the deadline",
    ),
    message: Text::new(
        "开标时间{opening_at}与投标截止时间{deadline}不一致",
        "The opening ({opening_at}) differs from the deadline ({deadline})",
    ),
    why: Text::new(
        "开标应在投标截止时间的同一时间公开进行，间隔期间文件存在被调换的风险。",
        "Bids must be opened at the deadline; a gap leaves room for tampering.",
    ),
};

pub static M19: Check = Check { meta: &META, run };

fn run(p: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    let mut need = Need::new();
    let deadline = need.get(p.deadline, "deadline");
    let opening = need.get(p.opening_at, "opening_at");
    let (Some(deadline), Some(opening)) = (deadline, opening) else {
        return need.outcome();
    };
    // Minutes since the epoch, rounded down: the clock resolution of notices.
    let minutes = |i: Instant| i.unix_seconds().div_euclid(60);
    let diff = minutes(opening) - minutes(deadline);
    let evidence = Evidence::new()
        .instant("opening_at", opening)
        .instant("deadline", deadline)
        .count("difference_minutes", diff);
    if diff == 0 {
        Outcome::clear(evidence)
    } else {
        Outcome::flag(&META, evidence)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{at, ctx, kind, record};

    fn project(deadline: Option<&str>, opening: Option<&str>) -> ProjectRecord {
        let mut p = record(Method::PublicTender);
        p.deadline = deadline.map(at);
        p.opening_at = opening.map(at);
        p
    }

    #[test]
    fn table() {
        let d = Some("2026-03-23 09:30");
        let cases: &[(&str, Option<&str>, Option<&str>, &str)] = &[
            ("same minute", d, Some("2026-03-23 09:30"), "clear"),
            ("seconds ignored", d, Some("2026-03-23 09:30:40"), "clear"),
            ("one minute later", d, Some("2026-03-23 09:31"), "flag"),
            ("one minute earlier", d, Some("2026-03-23 09:29"), "flag"),
            ("next day", d, Some("2026-03-24 09:30"), "flag"),
            ("no opening", d, None, "missing"),
            ("no deadline", None, Some("2026-03-23 09:30"), "missing"),
        ];
        let c = ctx("2026-11-26");
        for (name, dl, op, expected) in cases {
            let out = M19.run(&project(*dl, *op), &c);
            assert_eq!(kind(&out), *expected, "{name}: {out:?}");
        }
    }

    #[test]
    fn message_and_difference() {
        let out = M19.run(
            &project(Some("2026-03-23 09:30"), Some("2026-03-23 14:00")),
            &ctx("2026-11-26"),
        );
        let Outcome::Flagged(f) = out else {
            panic!("{out:?}")
        };
        assert_eq!(
            f.message_zh,
            "开标时间2026-03-23 14:00与投标截止时间2026-03-23 09:30不一致"
        );
        assert_eq!(
            f.evidence.get("difference_minutes"),
            Some(&Value::Count(270))
        );
        let out = M19.run(
            &project(Some("2026-03-23 09:30"), Some("2026-03-23 09:29")),
            &ctx("2026-11-26"),
        );
        assert_eq!(
            out.evidence().and_then(|e| e.get("difference_minutes")),
            Some(&Value::Count(-1))
        );
    }
}
