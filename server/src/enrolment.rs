//! Expert enrolment (专家入库, 财库〔2016〕198号; issue 17 point 3): an expert applies (its account
//! and its application in one transaction, the ID number sealed with the data key); the
//! finance department that keeps the library (`YIWANG_EXPERT_KEEPER`, a jurisdiction code: the
//! province's in production, the city's in the demo) admits, refuses, suspends, restores or
//! removes it with a reason and a legal basis; the expert marks days it cannot serve; the draw
//! takes only admitted experts available on the day (`crate::projects`).

use app::service::StoreError;
use serde_json::json;
use shared::access::{Principal, Role};
use shared::account::refusal;
use shared::enrolment::{Application, ExpertStatus};
use shared::field::{FieldError, FieldErrors};

use crate::audit::AuditEntry;
use crate::auth::hash_password;
use crate::db::{accounts, enrolment as repo, users};
use crate::steplog;
use crate::store::{internal, Store};

/// An expert's record as its owner and the keeper see it.
#[derive(Debug, Clone)]
pub struct ExpertRecord {
    pub id: i64,
    pub name: String,
    pub employer: String,
    pub title: Option<String>,
    pub specialties: Vec<String>,
    /// The full number for the expert itself; the masked one for anyone else.
    pub id_number: Option<String>,
    pub status: ExpertStatus,
    pub decision_reason: Option<String>,
    pub decision_basis: Option<String>,
    pub decided_at: Option<i64>,
    pub applied_at: i64,
    /// Declared relations: each supplier's credit code and, when it is registered, its name.
    pub relations: Vec<(String, Option<String>)>,
    /// The jurisdiction the expert works in (the draw's filter).
    pub region: String,
    pub legal: bool,
    pub unavailable: Vec<String>,
}

/// A refusal of one field (`shared::account::refusal`).
fn refused(e: FieldError) -> StoreError {
    StoreError::Rejected(FieldErrors(vec![e]))
}

impl Store {
    /// Whether `actor` keeps the expert library: a regulator of the configured jurisdiction.
    pub fn keeps_library(&self, actor: &Principal) -> bool {
        actor.role == Role::Regulator
            && actor.jurisdiction.as_deref() == Some(self.expert_keeper.as_str())
    }

    /// An expert applies: its account and its application (state `applied`), audited. Nothing
    /// of the application is published; the ID number is stored sealed.
    pub async fn apply_expert(&self, a: &Application, now: i64) -> Result<i64, StoreError> {
        crate::passwords::check(a.account.username().as_str(), a.account.password())
            .map_err(StoreError::Rejected)?;
        let hash = hash_password(a.account.password().to_owned()).await?;
        Ok(self.apply_expert_with_hash(a, &hash, now).await?.0)
    }

    /// [`Store::apply_expert`] with the password already hashed (the demo hashes its one
    /// password once for all its experts). Returns the new account's id and the expert's.
    pub async fn apply_expert_with_hash(
        &self,
        a: &Application,
        hash: &str,
        now: i64,
    ) -> Result<(i64, i64), StoreError> {
        let sealed = self.data_key.seal(a.id_number.as_str()).map_err(internal)?;
        let mut tx = self.db.begin_write().await.map_err(internal)?;
        if users::user_named(&mut tx, a.account.username().as_str())
            .await?
            .is_some()
        {
            return Err(refused(refusal::username_taken()));
        }
        let user_id = accounts::insert_user(
            &mut tx,
            &accounts::NewAccount {
                duty: None,
                username: a.account.username().as_str(),
                display_name: a.account.display_name(),
                role: Role::Expert,
                organisation_id: None,
                supplier_id: None,
                password_hash: hash,
                mobile: Some(a.account.mobile().as_str()),
                email: Some(a.account.email().as_str()),
                bound: false,
                must_change_password: false,
            },
            now,
        )
        .await?;
        let employment = vec![shared::model::Employment {
            org_id: None,
            org_name: a.employer.clone(),
            role: None,
            from: None,
            until: None,
        }];
        let specialties = serde_json::to_string(&a.specialties).map_err(internal)?;
        let employment = serde_json::to_string(&employment).map_err(internal)?;
        let relations = serde_json::to_string(&a.relations).map_err(internal)?;
        let id = repo::insert_application(
            &mut tx,
            &repo::NewApplication {
                name: a.account.display_name(),
                specialties_json: &specialties,
                jurisdiction_code: a.region,
                legal: a.legal,
                employer_name: &a.employer,
                employment_json: &employment,
                user_id,
                title: a.title,
                id_number_sealed: &sealed,
                id_number_masked: &a.id_number.masked(),
                relations_json: &relations,
            },
            now,
        )
        .await?;
        let tail = steplog::Tail::new(AuditEntry {
            at: now,
            user_id: Some(user_id),
            role: Some(Role::Expert),
            action: "expert.apply",
            subject_type: Some("expert"),
            subject_id: Some(id.to_string()),
            after: Some(json!({
                "username": a.account.username().as_str(),
                "specialties": a.specialties,
                "title": a.title,
                "region": a.region,
                "legal": a.legal,
                "relations": a.relations,
                "id_number": a.id_number.masked(),
            })),
            ..AuditEntry::default()
        });
        steplog::commit(tx, &self.events, tail)
            .await
            .map_err(internal)?;
        Ok((user_id, id))
    }

    fn record(
        &self,
        r: repo::ExpertRecordRow,
        own: bool,
        unavailable: Vec<String>,
        names: &std::collections::HashMap<String, String>,
    ) -> ExpertRecord {
        let relations: Vec<String> = serde_json::from_str(&r.relations_json).unwrap_or_default();
        let id_number = if own {
            r.id_number_sealed
                .as_deref()
                .and_then(|s| self.data_key.open(s))
        } else {
            r.id_number_masked.clone()
        };
        ExpertRecord {
            id: r.id,
            name: r.name,
            employer: r.employer_name,
            title: r.title,
            specialties: serde_json::from_str(&r.specialties_json).unwrap_or_default(),
            id_number,
            status: ExpertStatus::from_code(&r.status).unwrap_or(ExpertStatus::Applied),
            decision_reason: r.decision_reason,
            decision_basis: r.decision_basis,
            decided_at: r.decided_at,
            applied_at: r.created_at,
            relations: relations
                .into_iter()
                .map(|c| {
                    let name = names.get(&c).cloned();
                    (c, name)
                })
                .collect(),
            region: r.jurisdiction_code,
            legal: r.legal == 1,
            unavailable,
        }
    }

    /// The expert's own record (its full ID number, its unavailable days).
    pub async fn own_expert(&self, actor: &Principal) -> Result<ExpertRecord, StoreError> {
        let mut conn = self.db.pool.acquire().await.map_err(internal)?;
        let row = repo::expert_of_user(&mut conn, actor.user_id)
            .await?
            .ok_or(StoreError::NotFound)?;
        drop(conn);
        let days = repo::unavailable(&self.db.pool, row.id).await?;
        let codes: Vec<String> = serde_json::from_str(&row.relations_json).unwrap_or_default();
        let names = repo::supplier_names(&self.db.pool, &codes).await?;
        Ok(self.record(row, true, days, &names))
    }

    /// A page of the library for its keeper (masked ID numbers).
    pub async fn expert_page(
        &self,
        actor: &Principal,
        status: &str,
        text: &str,
        page: u32,
        per_page: u32,
    ) -> Result<(Vec<ExpertRecord>, i64), StoreError> {
        if !self.keeps_library(actor) {
            return Err(StoreError::NotFound);
        }
        let per = i64::from(per_page.max(1));
        let offset = (i64::from(page.max(1)) - 1) * per;
        let (rows, total) = repo::experts(&self.db.pool, status, text, per, offset).await?;
        let codes: Vec<String> = rows
            .iter()
            .flat_map(|r| {
                serde_json::from_str::<Vec<String>>(&r.relations_json).unwrap_or_default()
            })
            .collect();
        let names = repo::supplier_names(&self.db.pool, &codes).await?;
        Ok((
            rows.into_iter()
                .map(|r| self.record(r, false, Vec::new(), &names))
                .collect(),
            total,
        ))
    }

    /// The keeper's decision on an expert: the state it leads to (`ExpertStatus::after`), with
    /// a reason and a legal basis, audited. People decide: nothing here is automatic
    /// (个人信息保护法 Art 24).
    #[allow(clippy::too_many_arguments)]
    pub async fn decide_expert(
        &self,
        actor: &Principal,
        expert_id: i64,
        decision: &str,
        reason: &str,
        basis: &str,
        now: i64,
    ) -> Result<ExpertStatus, StoreError> {
        if !self.keeps_library(actor) {
            return Err(StoreError::NotFound);
        }
        let (reason, basis) =
            shared::enrolment::check_decision(reason, basis).map_err(StoreError::Rejected)?;
        let mut tx = self.db.begin_write().await.map_err(internal)?;
        let row = repo::expert(&mut tx, expert_id)
            .await?
            .ok_or(StoreError::NotFound)?;
        let before = ExpertStatus::from_code(&row.status).unwrap_or(ExpertStatus::Applied);
        let Some(after) = before.after(decision) else {
            return Err(refused(refusal::decision_not_now()));
        };
        repo::decide(
            &mut tx,
            expert_id,
            after.code(),
            actor.user_id,
            now,
            reason,
            basis,
        )
        .await?;
        let tail = steplog::Tail::new(AuditEntry {
            at: now,
            user_id: Some(actor.user_id),
            role: Some(actor.role),
            action: "expert.decide",
            subject_type: Some("expert"),
            subject_id: Some(expert_id.to_string()),
            before: Some(json!({ "status": before.code() })),
            after: Some(
                json!({ "status": after.code(), "decision": decision, "reason": reason, "basis": basis }),
            ),
            ..AuditEntry::default()
        });
        steplog::commit(tx, &self.events, tail)
            .await
            .map_err(internal)?;
        Ok(after)
    }

    /// The expert replaces its declared relations (one credit code a line,
    /// `shared::enrolment::parse_relations`); the draw and M07 read them from the next draw on.
    /// Audited with the codes before and after.
    pub async fn set_relations(
        &self,
        actor: &Principal,
        text: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        let relations = shared::enrolment::parse_relations(text).map_err(refused)?;
        let json = serde_json::to_string(&relations).map_err(internal)?;
        let mut tx = self.db.begin_write().await.map_err(internal)?;
        let row = repo::expert_of_user(&mut tx, actor.user_id)
            .await?
            .ok_or(StoreError::NotFound)?;
        let before: Vec<String> = serde_json::from_str(&row.relations_json).unwrap_or_default();
        if before == relations {
            return Ok(());
        }
        repo::set_relations(&mut tx, row.id, &json).await?;
        let tail = steplog::Tail::new(AuditEntry {
            at: now,
            user_id: Some(actor.user_id),
            role: Some(actor.role),
            action: "expert.relations",
            subject_type: Some("expert"),
            subject_id: Some(row.id.to_string()),
            before: Some(json!({ "relations": before })),
            after: Some(json!({ "relations": relations })),
            ..AuditEntry::default()
        });
        steplog::commit(tx, &self.events, tail)
            .await
            .map_err(internal)
    }

    /// The expert marks (or frees) a day it cannot serve: today or later.
    pub async fn mark_unavailable(
        &self,
        actor: &Principal,
        day: &str,
        marked: bool,
        now: i64,
    ) -> Result<(), StoreError> {
        let Ok(date) = shared::time::Date::parse(day.trim()) else {
            return Err(refused(refusal::day_invalid()));
        };
        if marked && date < shared::time::Instant::from_unix_seconds(now).china_date() {
            return Err(refused(refusal::day_past()));
        }
        let mut tx = self.db.begin_write().await.map_err(internal)?;
        let row = repo::expert_of_user(&mut tx, actor.user_id)
            .await?
            .ok_or(StoreError::NotFound)?;
        repo::set_unavailable(&mut tx, row.id, &date.to_string(), marked).await?;
        tx.commit().await.map_err(internal)
    }
}
