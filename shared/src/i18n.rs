//! The two languages of the platform. Chinese is the default; English is the second language.

use serde::{Deserialize, Serialize};

/// A user-interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Lang {
    /// 简体中文 (default).
    #[default]
    #[serde(rename = "zh")]
    Zh,
    /// English.
    #[serde(rename = "en")]
    En,
}

impl Lang {
    /// The short code used in cookies, URLs and the `lang` attribute of pages.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// The BCP 47 tag for the `<html lang>` attribute.
    pub fn html_tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// Reads a language code; anything unknown falls back to Chinese.
    pub fn from_code(code: &str) -> Lang {
        match code.trim() {
            "en" | "en-US" | "en-GB" => Lang::En,
            _ => Lang::Zh,
        }
    }
}

/// A text in both languages. Static texts live in the code beside the rule they describe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Text {
    pub zh: &'static str,
    pub en: &'static str,
}

/// The name of a kind of record as stored in a finding's or an event's subject (`plan`,
/// `project`, …); `None` for a kind that has no name here.
pub fn record_kind(code: &str) -> Option<Text> {
    Some(match code {
        "plan" => Text::new("采购计划", "Plan"),
        "project" => Text::new("采购项目", "Project"),
        "budget_line" => Text::new("预算指标", "Budget line"),
        "bid" => Text::new("投标", "Bid"),
        "supplier" => Text::new("供应商", "Supplier"),
        "contract" => Text::new("合同", "Contract"),
        "approval" => Text::new("审批申请", "Approval request"),
        "case" => Text::new("监督案件", "Case"),
        "expert" => Text::new("评审专家", "Expert"),
        "finding" => Text::new("预警", "Finding"),
        "user" => Text::new("账户", "Account"),
        "organisation" => Text::new("单位", "Organisation"),
        "api_key" => Text::new("接口密钥", "API key"),
        "calendar_year" => Text::new("节假日安排", "Holiday arrangement"),
        "threshold_value" => Text::new("阈值标准", "Threshold"),
        "import_run" => Text::new("数据导入", "Import"),
        "panel_draw" => Text::new("专家抽取", "Expert draw"),
        "intention" => Text::new("采购意向", "Intention"),
        _ => return None,
    })
}

/// The name of an action of the audit trail (`plan.file`, `login.success`, a project step's
/// code …); `None` for a code without one here.
pub fn action_name(code: &str) -> Option<Text> {
    if let Some(step) = crate::steps::STEPS
        .into_iter()
        .chain([crate::execution::ProjectStep::Create])
        .find(|s| s.code() == code)
    {
        return Some(step.name());
    }
    Some(match code {
        "login.success" => Text::new("登录", "Signed in"),
        "login.failure" => Text::new("登录失败", "Sign-in failed"),
        "login.throttled" => Text::new("登录过于频繁被拒绝", "Sign-in throttled"),
        "logout" => Text::new("退出登录", "Signed out"),
        "session.end" => Text::new("结束会话", "Session ended"),
        "password.change" => Text::new("修改密码", "Password changed"),
        "password.reset" => Text::new("重置密码", "Password reset"),
        "second_factor.enable" => Text::new("启用双因素认证", "Second factor enabled"),
        "second_factor.disable" => Text::new("停用双因素认证", "Second factor disabled"),
        "contact.verify" => Text::new("验证联系方式", "Contact verified"),
        "user.create" => Text::new("创建账户", "Account created"),
        "user.disable" => Text::new("停用账户", "Account disabled"),
        "user.enable" => Text::new("启用账户", "Account enabled"),
        "user.duty" => Text::new("设置管理职责", "Duty set"),
        "org.create" => Text::new("创建单位", "Organisation created"),
        "agency.listing" => Text::new("代理机构名录登记", "Agency listing recorded"),
        "supplier.register" => Text::new("供应商注册", "Supplier registered"),
        "supplier.update" => Text::new("修改单位资料", "Supplier data changed"),
        "supplier.correction" => Text::new("要求更正供应商资料", "Correction requested"),
        "supplier.bind" => Text::new("核验主体身份", "Account bound to its company"),
        "supplier.claim" => Text::new("认领统一社会信用代码", "Credit code claimed"),
        "expert.apply" => Text::new("专家入库申请", "Expert applied"),
        "expert.decide" => Text::new("专家入库决定", "Expert decision"),
        "expert.register" => Text::new("专家登记", "Expert registered"),
        "expert.relations" => Text::new("申报利害关系", "Relations declared"),
        "budget_line.create" => Text::new("登记预算指标", "Budget line recorded"),
        "plan.file" => Text::new("提交采购计划", "Plan filed"),
        "plan.release" => Text::new("下达采购计划", "Plan released"),
        "intention.publish" => Text::new("公开采购意向", "Intention published"),
        "approval.request" => Text::new("提交审批申请", "Request submitted"),
        "approval.decide" => Text::new("审批决定", "Request decided"),
        "finding.triage" => Text::new("处置预警", "Finding triaged"),
        "case.open" => Text::new("立案", "Case opened"),
        "case.ask" => Text::new("询问", "Question sent"),
        "case.answer" => Text::new("答复询问", "Question answered"),
        "case.conclude" => Text::new("认定", "Conclusion"),
        "case.order_rectification" => Text::new("责令整改", "Rectification ordered"),
        "case.receive_report" => Text::new("收到整改报告", "Rectification report received"),
        "case.close" => Text::new("结案", "Case closed"),
        "case.findings" => Text::new("案件关联预警", "Findings linked"),
        "calendar.import" => Text::new("导入节假日安排", "Holidays loaded"),
        "threshold.keep" => Text::new("设定阈值标准", "Threshold kept"),
        "threshold.correct" => Text::new("更正阈值标准", "Threshold corrected"),
        "apikey.create" => Text::new("创建接口密钥", "API key created"),
        "apikey.revoke" => Text::new("吊销接口密钥", "API key revoked"),
        "audit.verify" => Text::new("校验审计链", "Audit chain verified"),
        "import.batch" => Text::new("批量导入", "Batch import"),
        "ingest.unit" => Text::new("接口：采购单位", "API: purchasing unit"),
        "ingest.budget_line" => Text::new("接口：预算指标", "API: budget line"),
        "ingest.plan" => Text::new("接口：采购计划", "API: plan"),
        "ingest.notice" => Text::new("接口：公告", "API: notice"),
        "ingest.bid" => Text::new("接口：投标", "API: bid"),
        "ingest.evaluation" => Text::new("接口：评审", "API: evaluation"),
        "ingest.award" => Text::new("接口：中标结果", "API: award"),
        "ingest.contract" => Text::new("接口：合同", "API: contract"),
        "ingest.payment" => Text::new("接口：支付", "API: payment"),
        _ => return None,
    })
}

/// An owned text in both languages (built at run time, e.g. a label with a name in it).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Both {
    pub zh: String,
    pub en: String,
}

impl Both {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Both {
        Both {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The same text in both languages (a name).
    pub fn same(text: impl Into<String>) -> Both {
        let text = text.into();
        Both {
            zh: text.clone(),
            en: text,
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

impl From<Text> for Both {
    fn from(t: Text) -> Both {
        Both::new(t.zh, t.en)
    }
}

impl Text {
    pub const fn new(zh: &'static str, en: &'static str) -> Text {
        Text { zh, en }
    }

    pub fn get(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.zh,
            Lang::En => self.en,
        }
    }
}
