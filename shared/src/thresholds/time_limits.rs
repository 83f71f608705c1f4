//! The B.2 time limits (the "node control" clock) as types. The values themselves are rows of the
//! dated table (`builtin.rs`), so they can be overridden like any other threshold.

use serde::{Deserialize, Serialize};

use crate::i18n::Text;
use crate::time::Date;

/// How the days of a time limit are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayUnit {
    /// 日: calendar days, start day not counted (民法典 Art 201), end moved off a rest day (Art 203).
    Calendar,
    /// 工作日: working days on the State Council calendar, 调休 days included.
    Working,
    /// A fixed date in each year, `amount = month × 100 + day` (T31: 331 = 31 March).
    DateInYear,
}

/// Which side of the limit is allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    /// Not less than (不得少于).
    AtLeast,
    /// Not more than / within (内, 不得超过).
    AtMost,
    /// Exactly (公告期限为…).
    Exactly,
}

/// A time limit: `amount` days of `unit`, bounded by `bound`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimeLimit {
    pub amount: i64,
    pub unit: DayUnit,
    pub bound: Bound,
}

impl TimeLimit {
    pub const fn new(amount: i64, unit: DayUnit, bound: Bound) -> TimeLimit {
        TimeLimit {
            amount,
            unit,
            bound,
        }
    }

    /// Whether a measured count satisfies the limit (for day units; `false` for `DateInYear`).
    pub fn admits(&self, count: i64) -> bool {
        match (self.unit, self.bound) {
            (DayUnit::DateInYear, _) => false,
            (_, Bound::AtLeast) => count >= self.amount,
            (_, Bound::AtMost) => count <= self.amount,
            (_, Bound::Exactly) => count == self.amount,
        }
    }

    /// For `DateInYear` limits, the deadline in `year` (T31 in 2024 → 2024-03-31).
    pub fn date_in_year(&self, year: i32) -> Option<Date> {
        if self.unit != DayUnit::DateInYear {
            return None;
        }
        let month = u8::try_from(self.amount / 100).ok()?;
        let day = u8::try_from(self.amount % 100).ok()?;
        Date::new(year, month, day)
    }
}

macro_rules! time_limit_ids {
    ($($id:ident => $zh:literal, $en:literal;)*) => {
        /// The time limits of catalogue B.2.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum TimeLimitId {
            $(#[doc = $zh] $id,)*
        }

        impl TimeLimitId {
            pub const ALL: [TimeLimitId; 31] = [$(TimeLimitId::$id,)*];

            /// What is measured, from which event to which.
            pub fn description(self) -> Text {
                match self {
                    $(TimeLimitId::$id => Text::new($zh, $en),)*
                }
            }
        }
    };
}

time_limit_ids! {
    T1 => "招标文件开始发出至投标截止", "Tender documents first issued → bid deadline";
    T2 => "招标文件/资格预审文件提供期限", "Period during which tender / pre-qualification documents are provided";
    T3 => "资格预审公告发布至提交资格预审申请文件", "Pre-qualification notice → application deadline";
    T4 => "招标公告/资格预审公告的公告期限", "Publication period of the tender / pre-qualification notice";
    T5 => "影响投标文件编制的澄清或修改至投标截止", "Clarification or change affecting bid preparation → bid deadline";
    T6 => "影响资格预审申请文件编制的澄清或修改至申请截止", "Clarification of pre-qualification documents → application deadline";
    T7 => "谈判文件发出至首次响应文件截止", "Negotiation documents issued → first-response deadline";
    T8 => "询价通知书发出至响应文件截止", "RFQ notice issued → response deadline";
    T9 => "谈判/询价澄清或修改至首次响应文件截止", "Clarification (negotiation, RFQ) → first-response deadline";
    T10 => "磋商文件发出至首次响应文件截止", "Consultation documents issued → first-response deadline";
    T11 => "磋商文件发售期限", "Sale period of the consultation documents";
    T12 => "磋商澄清或修改至首次响应文件截止", "Clarification (consultation) → first-response deadline";
    T13 => "单一来源公示期", "Single-source public notice period";
    T14 => "采购意向公开至采购活动开始", "Procurement-intention notice → start of the procurement";
    T15 => "抽取评审专家至评审开始", "Expert draw → start of evaluation";
    T16 => "评审结束至评审报告送交采购人", "End of evaluation → report delivered to the purchaser";
    T17 => "收到评审报告至确定中标/成交供应商", "Report received → winner confirmed";
    T18 => "确定中标/成交供应商至发出通知书并公告结果", "Winner confirmed → award notice sent and result published";
    T19 => "中标/成交结果公告期限", "Publication period of the award result";
    T20 => "中标/成交通知书发出至签订合同", "Award notice → contract signed";
    T21 => "合同签订至合同公告", "Contract signed → contract published";
    T22 => "合同签订至合同副本备案", "Contract signed → copy filed with the finance department";
    T23 => "退还投标保证金", "Refund of bid security";
    T24 => "知道或应知权益受损至提出质疑", "Knowing of the harm → challenge (质疑)";
    T25 => "收到质疑至答复", "Challenge received → answer";
    T26 => "答复期满至投诉", "End of the answer period → complaint (投诉)";
    T27 => "收到投诉至处理决定", "Complaint received → decision";
    T28 => "投诉处理期间暂停采购活动", "Suspension of the procurement during a complaint";
    T29 => "答复供应商询问", "Answer to a supplier's inquiry (询问)";
    T30 => "交付/验收合格至向中小企业付款", "Delivery / acceptance → payment to an SME";
    T31 => "公开上一年度逾期未付中小企业款项", "Publication of the prior year's overdue SME payments";
}
