//! The nodes of the procurement chain (B.4 of the checks catalogue). Shared by the workflow
//! (which node a project is at) and the checks (at which node a check fires).

use serde::{Deserialize, Serialize};

use crate::i18n::Text;

/// A node of the procurement chain, in chain order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Node {
    /// 预算 / 计划 / 意向
    BudgetPlan,
    /// 方式确定 / 审批
    MethodApproval,
    /// 进口产品 (import approval)
    ImportApproval,
    /// 文件编制
    DocumentPreparation,
    /// 公告 / 邀请
    NoticeInvitation,
    /// 文件发出 / 发售 / 等标期
    DocumentIssue,
    /// 澄清修改
    Clarification,
    /// 截止 / 开标
    DeadlineOpening,
    /// 专家抽取 / 组成
    ExpertDraw,
    /// 评审
    Evaluation,
    /// 报告 / 确认 / 公告
    ReportAward,
    /// 质疑投诉
    Challenge,
    /// 合同
    Contract,
    /// 履约 / 验收 / 支付
    Performance,
    /// 事后画像 (portfolio analytics over many projects)
    Portfolio,
}

impl Node {
    pub const ALL: [Node; 15] = [
        Node::BudgetPlan,
        Node::MethodApproval,
        Node::ImportApproval,
        Node::DocumentPreparation,
        Node::NoticeInvitation,
        Node::DocumentIssue,
        Node::Clarification,
        Node::DeadlineOpening,
        Node::ExpertDraw,
        Node::Evaluation,
        Node::ReportAward,
        Node::Challenge,
        Node::Contract,
        Node::Performance,
        Node::Portfolio,
    ];

    pub fn name(self) -> Text {
        match self {
            Node::BudgetPlan => Text::new("预算/计划/意向", "Budget, plan, intention"),
            Node::MethodApproval => Text::new("方式确定/审批", "Method and approval"),
            Node::ImportApproval => Text::new("进口产品", "Imported products"),
            Node::DocumentPreparation => Text::new("文件编制", "Document preparation"),
            Node::NoticeInvitation => Text::new("公告/邀请", "Notice or invitation"),
            Node::DocumentIssue => {
                Text::new("文件发出/发售/等标期", "Document issue and bid period")
            }
            Node::Clarification => Text::new("澄清修改", "Clarification"),
            Node::DeadlineOpening => Text::new("截止/开标", "Deadline and opening"),
            Node::ExpertDraw => Text::new("专家抽取/组成", "Expert draw and panel"),
            Node::Evaluation => Text::new("评审", "Evaluation"),
            Node::ReportAward => Text::new("报告/确认/公告", "Report, confirmation, result notice"),
            Node::Challenge => Text::new("质疑投诉", "Challenges and complaints"),
            Node::Contract => Text::new("合同", "Contract"),
            Node::Performance => Text::new("履约/验收/支付", "Performance, acceptance, payment"),
            Node::Portfolio => Text::new("事后画像", "Portfolio analytics"),
        }
    }
}
