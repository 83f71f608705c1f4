//! The desk (`/` after signing in): what concerns the account now, gathered from the services
//! each page already uses — a project's steps as `shared::steps::offered` lists them, a plan's
//! as `shared::plan_steps` does, the regulator's requests and cases, the questions addressed to
//! the account's organisation, the expert library's applications — each with the due date of
//! `shared::desk`, overdue first.

use leptos::prelude::*;
use shared::access::{may_open, Page, Principal, Role};
use shared::approval::RequestStatus;
use shared::case::CaseState;
use shared::desk::{sort, Deadline, Item, Target, Task};
use shared::i18n::Both;
use shared::time::Instant;

use super::error::read;

/// The longest text of a question shown on a desk line (characters).
const QUESTION_CHARS: usize = 60;

/// The account's desk items, sorted (`shared::desk::sort`).
pub async fn items(
    services: &dyn super::Services,
    p: &Principal,
    now: i64,
) -> Result<Vec<Item>, ServerFnError> {
    let calendar = shared::calendar::china();
    let mut items = Vec::new();
    if matches!(
        p.role,
        Role::Purchaser | Role::Agency | Role::Supplier | Role::Expert
    ) {
        items.extend(read(services.projects().tasks(p, now).await, "desk")?);
    }
    if p.role == Role::Purchaser {
        items.extend(read(services.plans().tasks(p).await, "desk")?);
    }
    if may_open(Some(p), Page::CaseReplies) {
        for q in super::cases::party_items(services, p).await? {
            if !q.awaited {
                continue;
            }
            let text: String = q.text.chars().take(QUESTION_CHARS).collect();
            let kind = q.kind.name();
            items.push(Item {
                task: Task::ReplyCase,
                target: Target::PartyCase(q.event_id),
                name: q.case_title,
                detail: Some(Both::new(
                    format!("{}：{text}", kind.zh),
                    format!("{}: {text}", kind.en),
                )),
                due: q.due_date.map(|d| Deadline::set(d, calendar)),
            });
        }
    }
    if may_open(Some(p), Page::RegulatorApprovals) {
        for r in super::plans::queue(services, p).await? {
            if r.status != RequestStatus::Pending {
                continue;
            }
            let kind = shared::approval::kind_name(r.kind);
            // A single-source request waits for the end of its public notice
            // (`shared::approval::may_decide`): said so, and listed after those decidable now.
            let wait = match (r.approvable, r.notice_until) {
                (false, Some(until)) => (
                    format!("；公示期至{until}，期满后可审批"),
                    format!("; public notice until {until}, decidable after it"),
                ),
                _ => (String::new(), String::new()),
            };
            items.push(Item {
                task: Task::DecideRequest,
                target: Target::Request(r.id),
                name: r.plan_name,
                detail: Some(Both::new(
                    format!("{} · {}{}", kind.zh, r.unit_name, wait.0),
                    format!("{} · {}{}", kind.en, r.unit_name, wait.1),
                )),
                due: None,
            });
        }
    }
    if may_open(Some(p), Page::RegulatorCases) {
        // The regulator's move: the parties' replies and reports are on their desks. Only the
        // cases in those states are read (the closed ones grow without end).
        let mut waiting = Vec::new();
        for state in [CaseState::Open, CaseState::Concluded, CaseState::Reported] {
            waiting.extend(super::cases::list(services, p, state.code(), None).await?.0);
        }
        waiting.sort_by_key(|c| std::cmp::Reverse(c.id));
        for c in waiting {
            let state = c.state.name();
            items.push(Item {
                task: Task::PursueCase,
                target: Target::Case(c.id),
                name: c.title,
                detail: Some(state.into()),
                due: None,
            });
        }
    }
    if may_open(Some(p), Page::RegulatorMonitor) {
        // One item for all the critical findings nobody has looked at yet (counted, not listed).
        let query = crate::api::triage::FindingQuery {
            state: "new".to_owned(),
            severity: "critical".to_owned(),
            ..Default::default()
        };
        let (_, total) = super::triage::list(services, p, &query, Some((1, 1))).await?;
        if total > 0 {
            // A count past the list's cap reads "more than".
            let cap = crate::api::projects::COUNT_CAP;
            let (zh, en) = if total > cap {
                let n = crate::pages::layout::thousands(cap);
                (format!("超过 {n}"), format!("More than {n}"))
            } else {
                (total.to_string(), total.to_string())
            };
            items.push(Item {
                task: Task::TriageFindings,
                target: Target::NewCriticalFindings,
                name: zh.clone(),
                detail: Some(Both::new(
                    format!("{zh} 条严重预警尚未处置"),
                    format!(
                        "{en} critical finding{} not yet triaged",
                        if total == 1 { "" } else { "s" }
                    ),
                )),
                due: None,
            });
        }
    }
    if may_open(Some(p), Page::ExpertLibrary) && services.accounts().keeps_library(p) {
        let page = read(
            services
                .accounts()
                .expert_library(p, "applied", "", 1)
                .await,
            "desk",
        )?;
        for e in page.rows {
            items.push(Item {
                task: Task::AdmitExpert,
                target: Target::Expert(e.id),
                name: e.name,
                detail: Some(Both::same(e.employer)),
                due: None,
            });
        }
    }
    if shared::access::may_load_calendar(p) {
        let today = Instant::from_unix_seconds(now).china_date();
        if let Some(year) = shared::calendar::unpublished_year(today) {
            items.push(Item {
                task: Task::LoadHolidays,
                target: Target::Calendar,
                name: year.to_string(),
                detail: Some(Both::new(
                    format!("{year}年国务院办公厅节假日安排"),
                    format!("the State Council's {year} holiday arrangement"),
                )),
                due: None,
            });
        }
    }
    sort(&mut items);
    Ok(items)
}
