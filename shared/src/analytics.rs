//! 事后分析 — the portfolio checks (A13–A21, P11, P12, M27, and the per-project checks of the
//! portfolio node, A22–A25: supplier concentration, share of
//! non-competitive methods, splitting candidates, disqualification rates, expert behaviour …)
//! run over the projects of a period, as a report a regulator reads: per check its outcome over
//! the portfolio, the subjects it flags, and the settings it used — fences and minimum samples —
//! so a number is never shown without the rule behind it. Pure: the server loads the records,
//! [`report`] runs the checks of [`crate::checks::run_portfolio`] and shapes the answer.

use serde::{Deserialize, Serialize};

use crate::checks::{run_portfolio, CheckContext, CheckSettings, Outcome};
use crate::i18n::Lang;
use crate::model::ProjectRecord;

/// One flagged subject of a portfolio check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flag {
    /// `supplier`, `purchaser`, `agency`, `expert`, `project`, `pair` …
    pub subject_kind: String,
    pub subject_id: String,
    /// The subject by name (organisations, suppliers, experts and projects as the records name
    /// them; a group key's parts joined with ` · `); `None` when no record names it.
    #[serde(default)]
    pub subject_name: Option<crate::i18n::Both>,
    pub message_zh: String,
    pub message_en: String,
}

/// The report of one portfolio check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckReport {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    /// `pre`, `during`, `post`.
    pub stage: String,
    /// The check's settings as used: fences, minimum samples (`key`, value).
    pub settings: Vec<(String, String)>,
    /// The portfolio-wide evidence (subject `*`), Chinese and English, when the check gives one.
    pub portfolio_zh: Vec<(String, String)>,
    pub portfolio_en: Vec<(String, String)>,
    pub flagged: Vec<Flag>,
    /// Subjects examined and found clear.
    pub clear: usize,
    /// Subjects (or the portfolio) without enough data — e.g. under the minimum sample.
    pub insufficient: usize,
    /// What those lacked: each missing input (a field path of the record, or the check's
    /// sample) with the number of subjects that lacked it, most frequent first.
    #[serde(default)]
    pub missing: Vec<(String, usize)>,
}

/// Counts the inputs an insufficient outcome names.
fn lacked(r: &mut CheckReport, missing: &[&'static str]) {
    r.insufficient += 1;
    for m in missing {
        match r.missing.iter_mut().find(|(k, _)| k == m) {
            Some((_, n)) => *n += 1,
            None => r.missing.push(((*m).to_owned(), 1)),
        }
    }
}

/// The portfolio report: the projects folded and one report per portfolio check, in catalogue
/// order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Report {
    pub projects: usize,
    pub checks: Vec<CheckReport>,
}

/// The settings section of check `id` (`a14` for A14) as (key, value) pairs, defaults filled in.
pub fn settings_of(settings: &CheckSettings, id: &str) -> Vec<(String, String)> {
    let filled = CheckSettings {
        p12: Some(settings.p12()),
        m16: Some(settings.m16()),
        m27: Some(settings.m27()),
        a13: Some(settings.a13()),
        a14: Some(settings.a14()),
        a15: Some(settings.a15()),
        a16: Some(settings.a16()),
        a17: Some(settings.a17()),
        a18: Some(settings.a18()),
        a19: Some(settings.a19()),
        a20: Some(settings.a20()),
        a21: Some(settings.a21()),
        a22: Some(settings.a22()),
    };
    let Ok(serde_json::Value::Object(all)) = serde_json::to_value(&filled) else {
        return Vec::new();
    };
    match all.get(&id.to_ascii_lowercase()) {
        Some(serde_json::Value::Object(section)) => section
            .iter()
            .map(|(k, v)| {
                let value = match v {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                (k.clone(), value)
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn subject_kind(kind: crate::checks::Subject) -> String {
    let s = format!("{kind:?}");
    s.to_ascii_lowercase()
}

/// Runs the portfolio checks over `projects` and shapes the report.
pub fn report(projects: &[ProjectRecord], ctx: &CheckContext) -> Report {
    let outcomes = run_portfolio(projects, ctx);
    let mut checks: Vec<CheckReport> = crate::checks::portfolio_checks()
        .iter()
        .map(|c| {
            let m = c.meta();
            CheckReport {
                id: m.id.to_owned(),
                name_zh: m.title.zh.to_owned(),
                name_en: m.title.en.to_owned(),
                stage: format!("{:?}", m.stage).to_ascii_lowercase(),
                settings: settings_of(ctx.settings, m.id),
                portfolio_zh: Vec::new(),
                portfolio_en: Vec::new(),
                flagged: Vec::new(),
                clear: 0,
                insufficient: 0,
                missing: Vec::new(),
            }
        })
        .collect();
    for o in outcomes {
        let Some(r) = checks.iter_mut().find(|r| r.id == o.check.id) else {
            continue;
        };
        let whole = o.subject.id == "*";
        match o.outcome {
            Outcome::Flagged(f) => {
                if whole {
                    fill(r, &f.evidence);
                }
                r.flagged.push(Flag {
                    subject_kind: if whole {
                        "portfolio".to_owned()
                    } else {
                        subject_kind(o.subject.kind)
                    },
                    subject_id: o.subject.id.clone(),
                    subject_name: None,
                    message_zh: f.message_zh,
                    message_en: f.message_en,
                });
            }
            Outcome::Clear(e) => {
                if whole {
                    fill(r, &e);
                } else {
                    r.clear += 1;
                }
            }
            Outcome::InsufficientData { missing } => lacked(r, &missing),
        }
    }
    // The per-project checks of the portfolio node (A22 contract amendments …): run on each
    // project, reported the same way (subject: the project).
    let node = crate::workflow::Node::Portfolio;
    for c in crate::checks::project_checks() {
        let m = c.meta();
        if !m.nodes.contains(&node) || checks.iter().any(|r| r.id == m.id) {
            continue;
        }
        checks.push(CheckReport {
            id: m.id.to_owned(),
            name_zh: m.title.zh.to_owned(),
            name_en: m.title.en.to_owned(),
            stage: format!("{:?}", m.stage).to_ascii_lowercase(),
            settings: settings_of(ctx.settings, m.id),
            portfolio_zh: Vec::new(),
            portfolio_en: Vec::new(),
            flagged: Vec::new(),
            clear: 0,
            insufficient: 0,
            missing: Vec::new(),
        });
    }
    for p in projects {
        for (m, outcome) in crate::checks::run_node(p, node, ctx) {
            let Some(r) = checks.iter_mut().find(|r| r.id == m.id) else {
                continue;
            };
            match outcome {
                Outcome::Flagged(f) => r.flagged.push(Flag {
                    subject_kind: "project".to_owned(),
                    subject_id: p.project.id.clone(),
                    subject_name: None,
                    message_zh: f.message_zh,
                    message_en: f.message_en,
                }),
                Outcome::Clear(_) => r.clear += 1,
                Outcome::InsufficientData { missing } => lacked(r, &missing),
            }
        }
    }
    let names = Names::of(projects);
    for r in &mut checks {
        r.missing
            .sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        for f in &mut r.flagged {
            f.subject_name = names.subject(&f.subject_kind, &f.subject_id);
        }
    }
    Report {
        projects: projects.len(),
        checks,
    }
}

/// The names the records give their parties and projects, by id.
struct Names<'a> {
    organisations: std::collections::BTreeMap<&'a str, &'a str>,
    suppliers: std::collections::BTreeMap<&'a str, &'a str>,
    experts: std::collections::BTreeMap<&'a str, &'a str>,
    projects: std::collections::BTreeMap<&'a str, &'a str>,
}

impl<'a> Names<'a> {
    fn of(projects: &'a [ProjectRecord]) -> Names<'a> {
        let mut n = Names {
            organisations: Default::default(),
            suppliers: Default::default(),
            experts: Default::default(),
            projects: Default::default(),
        };
        for p in projects {
            n.projects.insert(&p.project.id, &p.project.name);
            for o in &p.organisations {
                n.organisations.insert(&o.id, &o.name);
            }
            for s in &p.suppliers {
                n.suppliers.insert(&s.id, &s.name);
            }
            for e in &p.experts {
                n.experts.insert(&e.id, &e.name);
            }
        }
        n
    }

    /// A flagged subject by name: each part of its key (`unit|category`, `a|b`) named where a
    /// record names it, by the kind of subject first.
    fn subject(&self, kind: &str, id: &str) -> Option<crate::i18n::Both> {
        if id == "*" {
            return None;
        }
        let mut named = false;
        let mut zh = Vec::new();
        let mut en = Vec::new();
        for part in id.split('|') {
            let first = match kind {
                "supplier" | "pair" => self.suppliers.get(part),
                "expert" => self.experts.get(part),
                "project" => self.projects.get(part),
                _ => self.organisations.get(part),
            };
            let found = first
                .or_else(|| self.organisations.get(part))
                .or_else(|| self.suppliers.get(part));
            if let Some(name) = found {
                named = true;
                zh.push((*name).to_owned());
                en.push((*name).to_owned());
            } else if let Some(c) = crate::supplier::category(part) {
                zh.push(format!("{}（{}）", c.name.zh, c.code));
                en.push(format!("{} ({})", c.name.en, c.code));
            } else {
                zh.push(part.to_owned());
                en.push(part.to_owned());
            }
        }
        named.then(|| crate::i18n::Both::new(zh.join(" · "), en.join(" · ")))
    }
}

fn fill(r: &mut CheckReport, e: &crate::checks::Evidence) {
    r.portfolio_zh =
        e.0.iter()
            .map(|i| (i.name.to_owned(), i.value.display(Lang::Zh)))
            .collect();
    r.portfolio_en =
        e.0.iter()
            .map(|i| (i.name.to_owned(), i.value.display(Lang::En)))
            .collect();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::portfolio_checks;

    #[test]
    fn every_portfolio_check_has_a_report_with_its_settings() {
        let ctx = CheckContext::builtin(crate::time::Instant::from_unix_seconds(1_795_000_000));
        let r = report(&[], &ctx);
        assert!(r.checks.len() > portfolio_checks().len());
        assert!(
            r.checks.iter().any(|c| c.id == "A22"),
            "the per-project A22 too"
        );
        let a13 = r.checks.iter().find(|c| c.id == "A13").unwrap();
        assert!(a13
            .settings
            .contains(&("high_ratio_permille".to_owned(), "990".to_owned())));
        assert!(a13
            .settings
            .contains(&("min_projects".to_owned(), "1".to_owned())));
        let m27 = r.checks.iter().find(|c| c.id == "M27").unwrap();
        assert!(!m27.settings.is_empty(), "M27 shows its fences");
    }

    #[test]
    fn the_savings_rate_of_the_examples_is_reported_with_its_evidence() {
        let projects: Vec<ProjectRecord> = crate::model::tests::EXAMPLES
            .iter()
            .map(|(name, text, _)| {
                ProjectRecord::from_json(text).unwrap_or_else(|e| panic!("{name}: {e}"))
            })
            .collect();
        let ctx = CheckContext::builtin(crate::time::Instant::from_unix_seconds(1_795_000_000));
        let r = report(&projects, &ctx);
        assert_eq!(r.projects, projects.len());
        let a13 = r.checks.iter().find(|c| c.id == "A13").unwrap();
        assert!(
            !a13.portfolio_zh.is_empty() || a13.insufficient > 0,
            "{a13:?}"
        );
    }
}
