//! The names people read for the settings of the checks (fences and minimum samples), the
//! portfolio figures of the analytics and the kinds of subjects a portfolio check flags — one
//! place, so no page shows `min_processes` or `budget_total`. A value is formatted by its unit
//! ([`param_value`]: ‰ and basis points as percentages, hundredths as points).

use crate::i18n::{Lang, Text};

/// The name of a settings key or a portfolio figure; `None` for a key without one here.
pub fn param_name(key: &str) -> Option<Text> {
    Some(match key {
        "window_days" => Text::new("观察窗口（天）", "Window (days)"),
        "min_count" => Text::new("最少笔数", "Minimum number of purchases"),
        "near_permille" => Text::new("低于限额标准的幅度", "Margin below the threshold"),
        "discount_permille" => Text::new(
            "低于其他有效报价中位数的幅度",
            "Margin below the median of the other valid prices",
        ),
        "low_percentile" => Text::new("下分位数", "Lower percentile"),
        "high_percentile" => Text::new("上分位数", "Upper percentile"),
        "percentile" => Text::new("分位数", "Percentile"),
        "min_peer_group" => Text::new("同类项目最少数", "Minimum peer group"),
        "category_chars" => Text::new("品目分类位数", "Category code digits compared"),
        "high_ratio_permille" => Text::new("成交/预算比上限", "Award-to-budget ratio, upper fence"),
        "low_ratio_permille" => Text::new("成交/预算比下限", "Award-to-budget ratio, lower fence"),
        "min_projects" => Text::new("最少项目数", "Minimum projects"),
        "max_bids_low" => Text::new(
            "低竞争：有效投标少于",
            "Low competition: valid bids fewer than",
        ),
        "min_processes" => Text::new("每个对象最少采购项目数", "Minimum processes per subject"),
        "min_subjects" => Text::new(
            "计算同类界限的最少对象数",
            "Minimum subjects for the peer fence",
        ),
        "top_share_permille" => Text::new("第一大供应商份额上限", "Top supplier's share, ceiling"),
        "min_contracts" => Text::new("最少合同数", "Minimum contracts"),
        "min_co_bids" => Text::new("共同投标最少次数", "Minimum shared bids"),
        "min_bids" => Text::new("最少投标数", "Minimum bids"),
        "min_awards" => Text::new("最少中标数", "Minimum awards"),
        "max_panels_per_year" => Text::new(
            "每年评审同一单位项目上限",
            "Panels of one unit per year, ceiling",
        ),
        "deviation_hundredths" => Text::new(
            "偏离评审小组中位分",
            "Deviation from the panel's median score",
        ),
        "min_panels" => Text::new("最少评审次数", "Minimum panels"),
        "ceiling_permille" => Text::new(
            "非竞争性方式占比上限",
            "Share of non-competitive methods, ceiling",
        ),
        "min_amendments" => Text::new("合同变更次数下限", "Amendments, floor"),
        "min_quality_changes" => Text::new("质量条款变更次数下限", "Quality changes, floor"),
        "budget_total" => Text::new("预算总额", "Total budget"),
        "actual_total" => Text::new("成交总额", "Total awarded"),
        "saved" => Text::new("节约金额", "Saved"),
        "savings_rate" => Text::new("节支率", "Savings rate"),
        "savings_rate_bp" => Text::new("节支率（基点）", "Savings rate (basis points)"),
        "projects" => Text::new("项目数", "Projects"),
        "processes" => Text::new("采购项目数", "Processes"),
        "count" => Text::new("数量", "Count"),
        "median" => Text::new("中位数", "Median"),
        "low_fence" => Text::new("下界", "Lower fence"),
        "high_fence" => Text::new("上界", "Upper fence"),
        "fence" => Text::new("界限", "Fence"),
        "peers" => Text::new("同类对象数", "Peers"),
        "share" => Text::new("占比", "Share"),
        "total_value" => Text::new("总金额", "Total value"),
        "contracts" => Text::new("合同数", "Contracts"),
        "records" => Text::new("记录数", "Records"),
        _ => return None,
    })
}

/// The name of a key, or the key itself where there is none (never empty).
pub fn param_label(key: &str, lang: Lang) -> String {
    // A sample setting of one check, as a missing input names it (`a14.min_processes`).
    let (check, name) = match key.split_once('.') {
        Some((c, n)) if c.len() == 3 && c[1..].chars().all(|ch| ch.is_ascii_digit()) => {
            (Some(c.to_ascii_uppercase()), n)
        }
        _ => (None, key),
    };
    let label = param_name(name).map_or_else(|| name.to_owned(), |t| t.get(lang).to_owned());
    match (check, lang) {
        (Some(c), Lang::Zh) => format!("{c}样本：{label}"),
        (Some(c), Lang::En) => format!("{c} sample: {label}"),
        (None, _) => label,
    }
}

/// A setting's value for people: ‰ and basis points as percentages, hundredths as points,
/// an unset optional as "not set".
pub fn param_value(key: &str, raw: &str, lang: Lang) -> String {
    if raw == "null" {
        return match lang {
            Lang::Zh => "未设置".to_owned(),
            Lang::En => "not set".to_owned(),
        };
    }
    let Ok(n) = raw.parse::<i64>() else {
        return raw.to_owned();
    };
    let scaled = |div: i64| {
        let whole = n / div;
        let frac = (n % div).abs();
        let digits = if div == 10 { 1 } else { 2 };
        if frac == 0 || digits == 0 {
            format!("{whole}%")
        } else {
            let mut f = format!("{frac:0width$}", width = digits);
            while f.ends_with('0') {
                f.pop();
            }
            format!("{whole}.{f}%")
        }
    };
    if key.ends_with("_permille") {
        scaled(10)
    } else if key.ends_with("_bp") {
        scaled(100)
    } else if key.ends_with("_hundredths") {
        let points = crate::scoring::points(n);
        match lang {
            Lang::Zh => format!("{points}分"),
            Lang::En => format!("{points} points"),
        }
    } else if key.ends_with("_percentile") || key == "percentile" {
        match lang {
            Lang::Zh => format!("第{n}百分位"),
            Lang::En => format!("{n}th percentile"),
        }
    } else {
        raw.to_owned()
    }
}

/// The kind of subject a portfolio check flags (`purchaser`, `supplier`, …).
pub fn subject_kind_name(kind: &str) -> Text {
    match kind {
        "purchaser" => Text::new("采购人", "Purchaser"),
        "agency" => Text::new("代理机构", "Agency"),
        "supplier" => Text::new("供应商", "Supplier"),
        "expert" => Text::new("评审专家", "Expert"),
        "project" => Text::new("采购项目", "Project"),
        "pair" => Text::new("供应商组合", "Pair of suppliers"),
        "category" => Text::new("品目", "Category"),
        "portfolio" => Text::new("全部项目", "The whole portfolio"),
        _ => Text::new("对象", "Subject"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_read_as_people_read_them() {
        assert_eq!(
            param_label("min_processes", Lang::Zh),
            "每个对象最少采购项目数"
        );
        assert_eq!(
            param_label("a14.min_processes", Lang::En),
            "A14 sample: Minimum processes per subject"
        );
        assert_eq!(param_value("near_permille", "100", Lang::Zh), "10%");
        assert_eq!(param_value("top_share_permille", "625", Lang::En), "62.5%");
        assert_eq!(param_value("savings_rate_bp", "1234", Lang::En), "12.34%");
        assert_eq!(param_value("ceiling_permille", "null", Lang::Zh), "未设置");
        assert_eq!(param_value("min_count", "3", Lang::Zh), "3");
    }
}
