//! The web app's services over the database (`app::service::Services`).

use std::time::{SystemTime, UNIX_EPOCH};

use app::api::SupplierPage;
use app::service::{BoxFuture, Services, StoreError, SupplierQuery};
use shared::access::{JurisdictionFilter, Principal};
use shared::supplier::SupplierRegistration;

use crate::auth::AuditEntry;
use crate::db::{suppliers, Db};
use crate::steplog;

/// The database-backed services.
#[derive(Clone)]
pub struct Store {
    pub db: Db,
    /// Mark the session cookie `Secure` (the site is served over TLS): `YIWANG_SECURE_COOKIES`.
    pub secure_cookies: bool,
    /// The risk queue's weights by severity (`YIWANG_RISK_WEIGHTS`).
    pub risk_weights: shared::risk::RiskWeights,
    /// The live events of this process (monitors subscribe; steps wake it after commit).
    pub events: crate::events::EventHub,
    /// The database holds demo data (`crate::demo::is_demo`, read at start): every page shows
    /// the banner "演示数据 · Demo data".
    pub demo_data: bool,
    /// The reverse proxies whose forwarding headers name the client (`YIWANG_TRUSTED_PROXIES`).
    pub trusted_proxies: crate::client_addr::TrustedProxies,
    /// Where one-time codes go (`crate::delivery`).
    pub channels: crate::delivery::Channels,
    /// Binds supplier accounts to their legal entity (`crate::identity`).
    pub verifier: std::sync::Arc<dyn crate::identity::EntityVerifier>,
    /// Staff passwords must be changed after this many days (0: never);
    /// `YIWANG_PASSWORD_MAX_AGE_DAYS`, 90 by default in `yiwang serve`.
    pub password_max_age_days: i64,
    /// Administrators, regulators and agency staff must sign in with a second factor
    /// (`YIWANG_REQUIRE_2FA`, on by default in `yiwang serve`; not on demo data).
    pub require_second_factor: bool,
    /// Anonymous sign-ups per client address and hour (`crate::accounts::count_signup`; 0: no
    /// limit, as in tests; `yiwang serve`: `YIWANG_SIGNUPS_PER_HOUR`, 10).
    pub signups_per_hour: i64,
    /// Seals personal data at rest (`crate::sealed`, `YIWANG_DATA_KEY`).
    pub data_key: crate::sealed::DataKey,
    /// The jurisdiction whose regulators keep the expert library (`YIWANG_EXPERT_KEEPER`).
    pub expert_keeper: String,
}

/// Now, in Unix seconds.
pub fn now_unix() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// The one conversion of an internal failure (a database error, an undecodable row) into the
/// store's error: the text is for the log (written once where the error is answered), never for
/// the user.
pub(crate) fn internal(e: impl std::fmt::Display) -> StoreError {
    StoreError::Internal(e.to_string())
}

/// A refusal of a gate (`shared::steps`, `shared::plan_steps`): not the actor's record →
/// `NotFound`, the same answer as for none (nothing disclosed); not now → a field error with the
/// gate's reason.
pub(crate) fn refusal(r: shared::steps::Refusal) -> StoreError {
    match r {
        shared::steps::Refusal::NotYours => StoreError::NotFound,
        shared::steps::Refusal::NotNow { field, reason } => {
            StoreError::Rejected(shared::field::FieldErrors(vec![
                shared::field::FieldError::new(field, "not_allowed_now", reason),
            ]))
        }
    }
}

impl Store {
    pub fn new(db: Db) -> Store {
        Store {
            db,
            secure_cookies: false,
            risk_weights: shared::risk::RiskWeights::default(),
            events: crate::events::EventHub::default(),
            demo_data: false,
            trusted_proxies: crate::client_addr::TrustedProxies::none(),
            channels: crate::delivery::Channels::default(),
            verifier: std::sync::Arc::new(crate::identity::DevVerifier::default()),
            // `yiwang serve` sets the configured age (`crate::accounts::configure`).
            password_max_age_days: 0,
            require_second_factor: false,
            signups_per_hour: 0,
            data_key: crate::sealed::DataKey::development(),
            expert_keeper: "320400".to_owned(),
        }
    }

    /// Stores a registration at the given time, in one transaction (the supplier, its
    /// categories and the audit record, or nothing). `actor`: the signed-in account that
    /// registered it, `None` for a supplier registering itself.
    pub async fn insert_supplier(
        &self,
        reg: &SupplierRegistration,
        actor: Option<&Principal>,
        at: i64,
    ) -> Result<i64, StoreError> {
        let mut tx = self.db.begin_write().await.map_err(internal)?;
        let id = suppliers::insert_supplier(&mut tx, reg, at).await?;
        let after = serde_json::json!({
            "credit_code": reg.credit_code().as_str(),
            "name": reg.name().as_str(),
            "region_code": reg.region().code,
            "size": reg.size().code(),
            "categories": reg.categories().iter().map(|c| c.code).collect::<Vec<_>>(),
        });
        let tail = steplog::Tail::new(AuditEntry {
            at,
            user_id: actor.map(|p| p.user_id),
            role: actor.map(|p| p.role),
            action: "supplier.register",
            subject_type: Some("supplier"),
            subject_id: Some(id.to_string()),
            after: Some(after),
            ..AuditEntry::default()
        });
        steplog::commit(tx, &self.events, tail)
            .await
            .map_err(internal)?;
        Ok(id)
    }

    pub async fn supplier_page(&self, query: &SupplierQuery) -> Result<SupplierPage, StoreError> {
        self.supplier_page_in(&JurisdictionFilter::All, query).await
    }

    /// One page of the suppliers registered in the jurisdictions of `scope`.
    pub async fn supplier_page_in(
        &self,
        scope: &JurisdictionFilter,
        query: &SupplierQuery,
    ) -> Result<SupplierPage, StoreError> {
        let text = query.text.trim();
        let region = match scope {
            JurisdictionFilter::All => "",
            JurisdictionFilter::Only(code) => code.as_str(),
        };
        let total = suppliers::count_suppliers(&self.db.pool, text, region).await?;
        let per_page = query.per_page.max(1);
        let pages = app::api::page_count(total, per_page);
        let page = query.page.clamp(1, pages);
        let (limit, offset) = (per_page as i64, (page as i64 - 1) * per_page as i64);
        let rows = suppliers::supplier_rows(&self.db.pool, text, region, limit, offset).await?;
        Ok(SupplierPage {
            rows,
            total,
            page,
            per_page,
        })
    }

    /// Counts the rows of a table (demo data and tests).
    pub async fn count(&self, table: Table) -> Result<i64, sqlx::Error> {
        suppliers::count_rows(&self.db.pool, table).await
    }
}

/// Tables whose rows can be counted.
#[derive(Debug, Clone, Copy)]
pub enum Table {
    Suppliers,
    Organisations,
    Jurisdictions,
    SupplierCategories,
    Users,
    Sessions,
    AuditLog,
}

impl Services for Store {
    fn demo_data(&self) -> bool {
        self.demo_data
    }

    fn register_supplier(
        &self,
        registration: SupplierRegistration,
        account: shared::account::NewAccount,
        actor: Option<Principal>,
    ) -> BoxFuture<'_, Result<i64, StoreError>> {
        Box::pin(async move {
            if let Some(a) = &actor {
                tracing::info!(
                    user.id = a.user_id,
                    "a signed-in account registered a supplier"
                );
            }
            let now = now_unix();
            let done = self.signup_supplier(&registration, &account, now).await?;
            // The account exists: a code that could not be sent is asked for again on the page.
            if let Err(e) = self
                .send_code(done.user_id, crate::delivery::Medium::Mobile, now)
                .await
            {
                tracing::warn!(error.cause = %e, "no code after a registration");
            }
            Ok(done.user_id)
        })
    }

    fn list_suppliers<'a>(
        &'a self,
        query: &'a SupplierQuery,
    ) -> BoxFuture<'a, Result<SupplierPage, StoreError>> {
        Box::pin(self.supplier_page(query))
    }

    fn suppliers_in<'a>(
        &'a self,
        filter: &'a JurisdictionFilter,
        query: &'a SupplierQuery,
    ) -> BoxFuture<'a, Result<SupplierPage, StoreError>> {
        Box::pin(self.supplier_page_in(filter, query))
    }

    fn accounts(&self) -> &dyn app::service::accounts::AccountServices {
        self
    }

    fn plans(&self) -> &dyn app::service::plans::PlanServices {
        self
    }

    fn monitor(&self) -> &dyn app::service::monitor::MonitorServices {
        self
    }

    fn dashboard(&self) -> &dyn app::service::dashboard::DashboardServices {
        self
    }

    fn triage(&self) -> &dyn app::service::triage::TriageServices {
        self
    }

    fn calendar(&self) -> &dyn app::service::calendar::CalendarServices {
        self
    }

    fn thresholds(&self) -> &dyn app::service::thresholds::ThresholdServices {
        self
    }

    fn cases(&self) -> &dyn app::service::cases::CaseServices {
        self
    }

    fn projects(&self) -> &dyn app::service::projects::ProjectServices {
        self
    }
}
