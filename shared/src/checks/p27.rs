//! # P27 — 邀请/非招标方式供应商产生不合规 (Supplier sourcing for invitation / non-tender methods)
//!
//! **What it checks.** For invited tender, negotiation, consultation and RFQ:
//! 1. at least 3 suppliers invited (GP Law Art 34, 38(三), 40(二)) — 3 passes, 2 fails;
//! 2. negotiation / consultation / RFQ: suppliers recommended by the purchaser at most 50 % of all
//!    recommended suppliers (purchaser + experts; 74号令 Art 12, 214号 Art 6) — exactly 50 %
//!    passes;
//! 3. invited tender with suppliers drawn from a library or recommendations: the pool at least
//!    twice the number drawn (87号令 Art 14) — exactly 2× passes.
//!
//! These three numbers are not in the dated threshold table (it has no parameter for them); they
//! are the named constants below, with their sources. They have not changed since the
//! instruments took effect.
//!
//! **Why it matters.** Few invited suppliers, or mostly the purchaser's choices, make competition
//! a formality. 被邀请供应商过少或主要由采购人推荐，竞争只是形式。
//!
//! **Legal basis.** 《政府采购法》 第34条、第38条(三)、第40条(二) [V]; 财政部令第87号 第14条 [K];
//! 财政部令第74号 第12条 [K]; 财库〔2014〕214号 第6条 [K].
//!
//! **Data.** `invited_suppliers[].source`, `invitation_pool_size`. Insufficient data when no
//! invited supplier is recorded, or the pool size is needed and unknown.
//!
//! **Example.** Negotiation, 3 invited, all 3 recommended by the purchaser → flagged: "采购人推荐
//! 比例过高：邀请供应商3家，采购人推荐占比100%，抽取库规模—".

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "P27",
    stage: Stage::Pre,
    subject: Subject::Project,
    methods: methods::INVITING,
    nodes: &[Node::NoticeInvitation],
    severity: Severity::Medium,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_LAW, "第34条、第38条(三)、第40条(二)"), LegalBasis::k(law::ORDER_87, "第14条"), LegalBasis::k(law::ORDER_74, "第12条"), LegalBasis::k(law::CK_2014_214, "第6条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("邀请/非招标方式供应商产生不合规", "Supplier sourcing for invitation / non-tender methods"),
    message: Text::new(
        "{issue}：邀请供应商{invited}家，采购人推荐占比{purchaser_share}，抽取库规模{pool}",
        "{issue}: {invited} suppliers invited, purchaser-recommended share {purchaser_share}, pool size {pool}",
    ),
    why: Text::new(
        "被邀请供应商过少或主要由采购人推荐，竞争只是形式。",
        "Few invited suppliers, or mostly the purchaser's choices, make competition a formality.",
    ),
};

pub static P27: Check = Check { meta: &META, run };

/// Minimum number of invited suppliers (GP Law Art 34, 38(三), 40(二) [V]).
pub const MIN_INVITED: i64 = 3;
/// Maximum share of purchaser recommendations among recommended suppliers, ‰ (74号令 Art 12,
/// 214号 Art 6 [K]).
pub const PURCHASER_SHARE_MAX_PERMILLE: i64 = 500;
/// Minimum pool size as a multiple of the number drawn (87号令 Art 14 [K]).
pub const POOL_FACTOR: i64 = 2;

const TOO_FEW: Text = Text::new("邀请供应商不足3家", "fewer than 3 suppliers invited");
const PURCHASER_HEAVY: Text = Text::new("采购人推荐比例过高", "too many purchaser recommendations");
const POOL_SMALL: Text = Text::new(
    "备选供应商库不足抽取数量的2倍",
    "pool smaller than twice the number drawn",
);
const OK: Text = Text::new("符合要求", "as required");
const DASH: Text = Text::new("—", "—");

fn run(p: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    let invited = &p.invited_suppliers;
    if invited.is_empty() {
        return Outcome::missing(&["invited_suppliers[]"]);
    }
    let n = invited.len() as i64;
    let count = |s: SupplierSource| invited.iter().filter(|i| i.source == s).count() as i64;
    let purchaser = count(SupplierSource::PurchaserRecommended);
    let recommended = purchaser + count(SupplierSource::ExpertRecommended);
    let drawn = recommended + count(SupplierSource::RandomFromLibrary);
    let mut ev = Evidence::new().count("invited", n);
    ev = if recommended > 0 {
        ev.permille("purchaser_share", purchaser * 1000 / recommended)
    } else {
        ev.label("purchaser_share", DASH)
    };
    ev = match p.invitation_pool_size {
        Some(s) => ev.count("pool", i64::from(s)),
        None => ev.label("pool", DASH),
    };
    if n < MIN_INVITED {
        return Outcome::flag(&META, ev.label("issue", TOO_FEW));
    }
    let method = p.project.method;
    if method != Method::InvitedTender
        && recommended > 0
        && purchaser * 1000 > PURCHASER_SHARE_MAX_PERMILLE * recommended
    {
        return Outcome::flag(&META, ev.label("issue", PURCHASER_HEAVY));
    }
    if method == Method::InvitedTender && drawn > 0 {
        let Some(pool) = p.invitation_pool_size else {
            return Outcome::missing(&["invitation_pool_size"]);
        };
        if i64::from(pool) < POOL_FACTOR * drawn {
            return Outcome::flag(&META, ev.count("drawn", drawn).label("issue", POOL_SMALL));
        }
    }
    Outcome::clear(ev.label("issue", OK))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{ctx, kind, record};
    use SupplierSource::*;

    type Case<'a> = (&'a str, Method, &'a [SupplierSource], Option<u32>, &'a str);

    #[test]
    fn table() {
        use Method::*;
        let cases: &[Case] = &[
            (
                "3 from a public call",
                CompetitiveNegotiation,
                &[PublicCall, PublicCall, PublicCall],
                None,
                "clear",
            ),
            (
                "2 invited",
                RequestForQuotation,
                &[PublicCall, PublicCall],
                None,
                "flag",
            ),
            (
                "purchaser 50 %",
                CompetitiveConsultation,
                &[PurchaserRecommended, ExpertRecommended, PublicCall],
                None,
                "clear",
            ),
            (
                "purchaser 2 of 3 recommended",
                CompetitiveNegotiation,
                &[
                    PurchaserRecommended,
                    PurchaserRecommended,
                    ExpertRecommended,
                ],
                None,
                "flag",
            ),
            (
                "invited tender, pool 2×",
                InvitedTender,
                &[RandomFromLibrary, RandomFromLibrary, RandomFromLibrary],
                Some(6),
                "clear",
            ),
            (
                "invited tender, pool < 2×",
                InvitedTender,
                &[RandomFromLibrary, RandomFromLibrary, RandomFromLibrary],
                Some(5),
                "flag",
            ),
            (
                "invited tender, pool unknown",
                InvitedTender,
                &[RandomFromLibrary, RandomFromLibrary, RandomFromLibrary],
                None,
                "missing",
            ),
            (
                "nobody recorded",
                CompetitiveNegotiation,
                &[],
                None,
                "missing",
            ),
        ];
        let c = ctx("2026-11-26");
        for (name, method, sources, pool, expected) in cases {
            let mut p = record(*method);
            p.invitation_pool_size = *pool;
            p.invited_suppliers = sources
                .iter()
                .enumerate()
                .map(|(i, s)| InvitedSupplier {
                    supplier_id: format!("S{i}"),
                    source: *s,
                    invited_at: None,
                })
                .collect();
            let out = P27.run(&p, &c);
            assert_eq!(kind(&out), *expected, "{name}: {out:?}");
        }
    }

    #[test]
    fn message() {
        let mut p = record(Method::CompetitiveNegotiation);
        p.invited_suppliers = (0..3)
            .map(|i| InvitedSupplier {
                supplier_id: format!("S{i}"),
                source: PurchaserRecommended,
                invited_at: None,
            })
            .collect();
        let Outcome::Flagged(f) = P27.run(&p, &ctx("2026-11-26")) else {
            panic!()
        };
        assert_eq!(
            f.message_zh,
            "采购人推荐比例过高：邀请供应商3家，采购人推荐占比100%，抽取库规模—"
        );
        assert!(!f.message_en.contains('{'));
    }
}
