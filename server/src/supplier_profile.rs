//! A supplier's own data after registration (issue 17 point 2): its bound accounts change it
//! with the registration's rules (`shared::supplier::validate_profile`; the credit code stays);
//! a regulator of its jurisdiction reviews it after the fact and may ask for a correction with a
//! note, which blocks nothing (财库〔2019〕38号) — the supplier's next change answers it.

use app::service::StoreError;
use serde_json::json;
use shared::access::{may_access, Principal, Record, Role};
use shared::account::refusal;
use shared::field::FieldErrors;
use shared::supplier::SupplierForm;

use crate::audit::AuditEntry;
use crate::db::suppliers as repo;
use crate::db::users;
use crate::steplog;
use crate::store::{internal, Store};

/// A supplier's profile with its categories and the correction requests, as its viewer may
/// see it.
#[derive(Debug, Clone)]
pub struct Profile {
    pub row: repo::ProfileRow,
    pub categories: Vec<String>,
    pub corrections: Vec<repo::CorrectionRow>,
    /// The viewer may change it: one of the supplier's accounts, bound to the legal entity.
    pub editable: bool,
}

impl Store {
    /// The profile of the actor's own supplier (`code: None`), or of the supplier with credit
    /// code `code` for a regulator whose jurisdiction covers it; anyone else: `NotFound`.
    pub async fn supplier_profile(
        &self,
        actor: &Principal,
        code: Option<&str>,
    ) -> Result<Profile, StoreError> {
        let mut conn = self.db.pool.acquire().await.map_err(internal)?;
        let row = match (code, actor.role, actor.supplier_id) {
            (None, Role::Supplier, Some(id)) => repo::profile(&mut conn, id).await?,
            (Some(code), Role::Regulator, _) => {
                repo::profile_by_code(&mut conn, code.trim()).await?
            }
            _ => None,
        }
        .ok_or(StoreError::NotFound)?;
        let record = Record {
            jurisdiction: Some(&row.region_code),
            supplier_id: Some(row.id),
            ..Record::default()
        };
        if !may_access(actor, &record) {
            return Err(StoreError::NotFound);
        }
        let categories = repo::categories(&mut conn, row.id).await?;
        let corrections = repo::corrections(&mut conn, row.id).await?;
        let editable =
            actor.role == Role::Supplier && users::is_bound(&mut conn, actor.user_id).await?;
        Ok(Profile {
            row,
            categories,
            corrections,
            editable,
        })
    }

    /// The supplier's bound account changes its data: every field checked as at registration,
    /// the credit code kept; the open correction requests are answered; audited with the data
    /// before and after.
    pub async fn update_supplier_profile(
        &self,
        actor: &Principal,
        form: &SupplierForm,
        now: i64,
    ) -> Result<(), StoreError> {
        let (Role::Supplier, Some(id)) = (actor.role, actor.supplier_id) else {
            return Err(StoreError::NotFound);
        };
        let mut tx = self.db.begin_write().await.map_err(internal)?;
        if !users::is_bound(&mut tx, actor.user_id).await? {
            return Err(StoreError::Rejected(FieldErrors(vec![
                refusal::profile_unbound(),
            ])));
        }
        let before = repo::profile(&mut tx, id)
            .await?
            .ok_or(StoreError::NotFound)?;
        let before_categories = repo::categories(&mut tx, id).await?;
        let reg = shared::supplier::validate_profile(form, &before.credit_code)
            .map_err(StoreError::Rejected)?;
        let mut after_categories: Vec<String> =
            reg.categories().iter().map(|c| c.code.to_owned()).collect();
        after_categories.sort();
        let mut stored_categories = before_categories.clone();
        stored_categories.sort();
        let unchanged = before.name == reg.name().as_str()
            && before.legal_rep == reg.legal_rep().as_str()
            && before.contact_person == reg.contact_person().as_str()
            && before.phone == reg.phone().as_str()
            && before.email == reg.email().as_str()
            && before.region_code == reg.region().code
            && before.address == reg.address().as_str()
            && before.size == reg.size().code()
            && stored_categories == after_categories;
        // Saving nothing changed stores nothing and answers no correction request.
        if unchanged {
            return Ok(());
        }
        repo::update_profile(&mut tx, id, &reg, now).await?;
        let answered = repo::resolve_corrections(&mut tx, id, now).await?;
        let tail = steplog::Tail::new(AuditEntry {
            at: now,
            user_id: Some(actor.user_id),
            role: Some(actor.role),
            action: "supplier.update",
            subject_type: Some("supplier"),
            subject_id: Some(id.to_string()),
            before: Some(profile_json(&before, &before_categories)),
            after: Some(json!({
                "name": reg.name().as_str(),
                "legal_rep": reg.legal_rep().as_str(),
                "contact_person": reg.contact_person().as_str(),
                "phone": reg.phone().as_str(),
                "email": reg.email().as_str(),
                "region": reg.region().code,
                "address": reg.address().as_str(),
                "size": reg.size().code(),
                "categories": reg.categories().iter().map(|c| c.code).collect::<Vec<_>>(),
                "corrections_answered": answered,
            })),
            ..AuditEntry::default()
        });
        steplog::commit(tx, &self.events, tail)
            .await
            .map_err(internal)
    }

    /// A regulator whose jurisdiction covers the supplier asks it to correct its data, with a
    /// note; audited. Nothing else changes: the supplier keeps bidding.
    pub async fn request_correction(
        &self,
        actor: &Principal,
        code: &str,
        note: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        if actor.role != Role::Regulator {
            return Err(StoreError::NotFound);
        }
        let note = shared::supplier::check_correction_note(note).map_err(StoreError::Rejected)?;
        let mut tx = self.db.begin_write().await.map_err(internal)?;
        let row = repo::profile_by_code(&mut tx, code.trim())
            .await?
            .ok_or(StoreError::NotFound)?;
        let record = Record {
            jurisdiction: Some(&row.region_code),
            supplier_id: Some(row.id),
            ..Record::default()
        };
        if !may_access(actor, &record) {
            return Err(StoreError::NotFound);
        }
        let id = repo::insert_correction(&mut tx, row.id, actor.user_id, note, now).await?;
        let tail = steplog::Tail::new(AuditEntry {
            at: now,
            user_id: Some(actor.user_id),
            role: Some(actor.role),
            action: "supplier.correction",
            subject_type: Some("supplier"),
            subject_id: Some(row.id.to_string()),
            after: Some(json!({ "request": id, "note": note })),
            ..AuditEntry::default()
        });
        steplog::commit(tx, &self.events, tail)
            .await
            .map_err(internal)
    }
}

fn profile_json(r: &repo::ProfileRow, categories: &[String]) -> serde_json::Value {
    json!({
        "name": r.name,
        "legal_rep": r.legal_rep,
        "contact_person": r.contact_person,
        "phone": r.phone,
        "email": r.email,
        "region": r.region_code,
        "address": r.address,
        "size": r.size,
        "categories": categories,
    })
}
