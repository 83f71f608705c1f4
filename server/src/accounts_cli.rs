//! `yiwang user …` and `yiwang org …`: operators manage accounts and organisations from the
//! command line, through the same store functions as the pages (each change audited, `by: cli`).
//! Each function returns the text to print; `main.rs` prints it and sets the exit code.

use shared::access::Role;
use shared::i18n::Lang;

use crate::accounts::StaffAccount;
use crate::store::{now_unix, Store};

/// Rows a list prints at once.
pub const PER_PAGE: u32 = 50;

fn field_errors(e: app::service::StoreError) -> String {
    match e {
        app::service::StoreError::Rejected(errors) => errors
            .iter()
            .map(|f| format!("{}: {} / {}", f.field, f.zh, f.en))
            .collect::<Vec<_>>()
            .join("\n"),
        app::service::StoreError::NotFound => "no such account / 没有该账户".to_owned(),
        other => format!("failed: {other}"),
    }
}

/// `yiwang user create`: a staff account (or a supplier colleague's) with a temporary password,
/// printed once; it must be changed at the first sign-in.
#[allow(clippy::too_many_arguments)]
pub async fn user_create(
    store: &Store,
    username: &str,
    display_name: &str,
    role: &str,
    organisation: Option<i64>,
    supplier_code: Option<&str>,
    mobile: Option<&str>,
    email: Option<&str>,
    duty: Option<&str>,
) -> Result<String, String> {
    let role = Role::from_code(role).ok_or_else(|| {
        "role: purchaser, agency, supplier, expert, regulator or admin".to_owned()
    })?;
    let duty = match duty {
        Some(d) => Some(
            shared::access::Duty::from_code(d)
                .ok_or_else(|| "duty: system, security, audit or unit_admin".to_owned())?,
        ),
        None => None,
    };
    let supplier_id = match supplier_code {
        Some(code) => Some(
            store
                .supplier_id_by_code(code)
                .await
                .map_err(field_errors)?
                .ok_or_else(|| format!("no supplier has the credit code {code}"))?,
        ),
        None => None,
    };
    let spec = StaffAccount {
        username: username.to_owned(),
        display_name: display_name.to_owned(),
        role,
        organisation_id: organisation,
        supplier_id,
        mobile: mobile.map(str::to_owned),
        email: email.map(str::to_owned),
        duty,
    };
    let (id, password) = store
        .create_staff(None, &spec, now_unix())
        .await
        .map_err(field_errors)?;
    Ok(format!(
        "account {} created (id {id}, {}).\ntemporary password (shown once; changed at the first sign-in) / 临时密码（仅显示一次，首次登录时须修改）:\n{password}",
        username.trim().to_lowercase(),
        role.name().get(Lang::En)
    ))
}

/// `yiwang user list`.
pub async fn user_list(
    store: &Store,
    search: &str,
    role: Option<&str>,
    page: u32,
) -> Result<String, String> {
    let filter = crate::db::users::UserFilter {
        text: search,
        role,
        organisation_id: None,
        supplier_id: None,
        jurisdiction: None,
        staff_only: false,
    };
    let (rows, total) = store
        .user_page(&filter, page, PER_PAGE)
        .await
        .map_err(field_errors)?;
    let mut out = format!(
        "{total} accounts; page {} of {}\n",
        page.max(1),
        app::api::page_count(total, PER_PAGE)
    );
    out.push_str("id\tusername\tname\trole\torganisation\tstate\n");
    for r in rows {
        let state = match (r.disabled_at, r.must_change_password) {
            (Some(_), _) => "disabled",
            (None, 1) => "temporary password",
            _ => "active",
        };
        out.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\t{}\n",
            r.id,
            r.username,
            r.display_name,
            r.role,
            r.organisation_name.or(r.supplier_name).unwrap_or_default(),
            state
        ));
    }
    Ok(out)
}

/// `yiwang user disable|enable NAME`.
pub async fn user_enable(store: &Store, username: &str, enabled: bool) -> Result<String, String> {
    store
        .set_enabled(None, username, enabled, now_unix())
        .await
        .map_err(field_errors)?;
    Ok(format!(
        "{} {}",
        username.trim().to_lowercase(),
        if enabled {
            "enabled / 已启用"
        } else {
            "disabled; its sessions ended / 已停用，会话已结束"
        }
    ))
}

/// `yiwang user reset-password NAME`: a temporary password, printed once.
pub async fn user_reset(store: &Store, username: &str) -> Result<String, String> {
    let password = store
        .reset_password(None, username, now_unix())
        .await
        .map_err(field_errors)?;
    Ok(format!(
        "temporary password for {} (shown once; changed at the next sign-in; its sessions ended) / 临时密码:\n{password}",
        username.trim().to_lowercase()
    ))
}

/// `yiwang org create`.
pub async fn org_create(
    store: &Store,
    kind: &str,
    name: &str,
    jurisdiction: &str,
    credit_code: Option<&str>,
) -> Result<String, String> {
    let id = store
        .create_organisation(None, kind, name, credit_code, jurisdiction, now_unix())
        .await
        .map_err(field_errors)?;
    Ok(format!("organisation {} created (id {id})", name.trim()))
}

/// `yiwang org list`.
pub async fn org_list(
    store: &Store,
    search: &str,
    kind: &str,
    page: u32,
) -> Result<String, String> {
    let (rows, total) = store
        .organisation_page(
            search,
            kind,
            &crate::db::users::OrganisationScope::All,
            page,
            PER_PAGE,
        )
        .await
        .map_err(field_errors)?;
    let mut out = format!(
        "{total} organisations; page {} of {}\n",
        page.max(1),
        app::api::page_count(total, PER_PAGE)
    );
    out.push_str("id\tkind\tname\tcredit code\tjurisdiction\taccounts\n");
    for r in rows {
        out.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\t{}\n",
            r.id,
            r.kind,
            r.name,
            r.credit_code.unwrap_or_default(),
            r.jurisdiction_code,
            r.staff
        ));
    }
    Ok(out)
}
