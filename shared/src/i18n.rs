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
