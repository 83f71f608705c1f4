//! 供应商注册 — the supplier registration form.
//!
//! Every keystroke runs `shared::supplier::validate_supplier` in the browser (no request); the
//! server runs the same function again when the form arrives. Without JavaScript the form posts
//! to `/suppliers/register` and the server answers with this page, the typed values and its
//! errors. The form is an island: the refused submission reaches it as a prop.

use std::collections::BTreeSet;

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use shared::field::FieldErrors;
use shared::model::ObjectType;
use shared::region::REGIONS;
use shared::supplier::{validate_signup, EnterpriseSize, SupplierForm, CATEGORIES, SIGNUP_FIELDS};

use crate::api::{RegisterOutcome, SubmittedForm};
use crate::i18n::{t, use_lang};

/// The refused submission this page shows, if any (from the server's context while rendering).
fn submitted() -> Option<SubmittedForm> {
    #[cfg(feature = "ssr")]
    {
        use_context::<SubmittedForm>()
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

fn outcome_errors(outcome: &RegisterOutcome) -> FieldErrors {
    match outcome {
        RegisterOutcome::Invalid(errors) => errors.clone(),
        RegisterOutcome::Conflict(error) => FieldErrors(vec![error.clone()]),
        _ => FieldErrors::new(),
    }
}

#[component]
pub fn RegisterPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <RegisterForm submitted=submitted()/>
        <p class="hint" id="register-links">
            {move || crate::i18n::tr(lang.get(), "统一社会信用代码已被他人注册？", "Your credit code registered by someone else?")} " "
            <a href="/suppliers/claim" id="claim-link">{move || crate::i18n::tr(lang.get(), "认领已注册的单位", "Claim a registered company")}</a>
            " · "
            <a href="/experts/apply">{move || crate::i18n::tr(lang.get(), "评审专家入库申请", "Apply as an evaluation expert")}</a>
        </p>
    }
}

/// The form, hydrated in the browser: every keystroke checks the field with `shared`.
#[island]
fn RegisterForm(submitted: Option<SubmittedForm>) -> impl IntoView {
    let lang = use_lang();
    let initial = submitted
        .as_ref()
        .map(|s| s.form.clone())
        .unwrap_or_default();
    let unavailable = matches!(
        submitted.as_ref().map(|s| &s.outcome),
        Some(RegisterOutcome::Unavailable)
    );

    let form = RwSignal::new(initial.clone());
    // Errors the server gave (shown until the field is edited) and fields the user has touched
    // (their errors come from the live check).
    let server_errors = RwSignal::new(
        submitted
            .as_ref()
            .map(|s| outcome_errors(&s.outcome))
            .unwrap_or_default(),
    );
    let touched = RwSignal::new(BTreeSet::<&'static str>::new());
    let live_errors =
        Memo::new(move |_| form.with(|f| validate_signup(f).err().unwrap_or_default()));

    let error_for = move |field: &'static str| -> Option<String> {
        let lang = lang.get();
        if let Some(e) =
            server_errors.with(|s| s.for_field(field).map(|e| e.message(lang).to_owned()))
        {
            return Some(e);
        }
        if touched.with(|t| t.contains(field)) {
            return live_errors
                .with(|errors| errors.for_field(field).map(|e| e.message(lang).to_owned()));
        }
        None
    };
    let edited = move |field: &'static str| {
        touched.update(|t| {
            t.insert(field);
        });
        server_errors.update(|s| s.0.retain(|e| e.field != field));
    };

    // A valid form is posted as it is (the server signs the new account in and goes on to the
    // code); an invalid one stays here with every field's message.
    let on_submit = move |ev: SubmitEvent| {
        touched.update(|t| t.extend(SIGNUP_FIELDS.iter().copied()));
        if validate_signup(&form.get_untracked()).is_err() {
            ev.prevent_default();
        }
    };
    let has_errors = move || {
        !server_errors.with(|s| s.is_empty())
            || (touched.with(|t| t.len() == SIGNUP_FIELDS.len())
                && !live_errors.with(|e| e.is_empty()))
    };

    // A text input bound to one field of the form.
    let text_field = move |field: &'static str,
                           label: &'static str,
                           hint: Option<&'static str>,
                           kind: &'static str,
                           value: String,
                           set: fn(&mut SupplierForm, String)| {
        let err_id = format!("err-{field}");
        view! {
            <div class="field" class:invalid=move || error_for(field).is_some()>
                <label for=field>{move || t(lang.get(), label)} <span class="req">"*"</span></label>
                <input
                    id=field
                    name=field
                    type=kind
                    value=value
                    aria-describedby=err_id.clone()
                    aria-invalid=move || if error_for(field).is_some() { "true" } else { "false" }
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        form.update(|f| set(f, v));
                        edited(field);
                    }
                />
                {hint.map(|h| view! { <small class="hint">{move || t(lang.get(), h)}</small> })}
                <p class="field-error" id=err_id role="alert">{move || error_for(field)}</p>
            </div>
        }
    };

    view! {
        <section class="card form-card">
            <h1>{move || t(lang.get(), "form.heading")}</h1>
            <p class="intro">{move || t(lang.get(), "form.intro")}</p>
            <p class="banner error" role="alert" class:hidden=move || !has_errors()>{move || t(lang.get(), "form.errors")}</p>
            <p class="banner error" role="alert" class:hidden=!unavailable>{move || t(lang.get(), "form.unavailable")}</p>
            <form id="register-form" method="post" action="/suppliers/register" novalidate=true on:submit=on_submit>
                {text_field("name", "form.name", None, "text", initial.name.clone(), |f, v| f.name = v)}
                {text_field("credit_code", "form.credit_code", Some("form.credit_code.hint"), "text", initial.credit_code.clone(), |f, v| f.credit_code = v)}
                {text_field("legal_rep", "form.legal_rep", None, "text", initial.legal_rep.clone(), |f, v| f.legal_rep = v)}
                {text_field("contact_person", "form.contact_person", None, "text", initial.contact_person.clone(), |f, v| f.contact_person = v)}
                {text_field("phone", "form.phone", Some("form.phone.hint"), "tel", initial.phone.clone(), |f, v| f.phone = v)}
                {text_field("email", "form.email", None, "email", initial.email.clone(), |f, v| f.email = v)}
                <div class="field" class:invalid=move || error_for("region").is_some()>
                    <label for="region">{move || t(lang.get(), "form.region")} <span class="req">"*"</span></label>
                    <select id="region" name="region" aria-describedby="err-region" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        form.update(|f| f.region = v);
                        edited("region");
                    }>
                        <option value="" selected=initial.region.is_empty()>{move || t(lang.get(), "form.region.choose")}</option>
                        {REGIONS.iter().map(|r| {
                            let selected = initial.region == r.code;
                            view! { <option value=r.code selected=selected>{move || r.name.get(lang.get())}</option> }
                        }).collect_view()}
                    </select>
                    <p class="field-error" id="err-region" role="alert">{move || error_for("region")}</p>
                </div>
                {text_field("address", "form.address", None, "text", initial.address.clone(), |f, v| f.address = v)}
                <fieldset class="field" class:invalid=move || error_for("size").is_some() aria-describedby="err-size">
                    <legend>{move || t(lang.get(), "form.size")} <span class="req">"*"</span> <small class="hint">{move || t(lang.get(), "form.size.hint")}</small></legend>
                    {EnterpriseSize::ALL.iter().map(|size| {
                        let code: &'static str = size.code();
                        let checked = initial.size == code;
                        let label = size.name();
                        view! {
                            <label class="choice">
                                <input type="radio" name="size" value=code checked=checked on:change=move |_| {
                                    form.update(|f| f.size = code.to_owned());
                                    edited("size");
                                }/>
                                {move || label.get(lang.get())}
                            </label>
                        }
                    }).collect_view()}
                    <p class="field-error" id="err-size" role="alert">{move || error_for("size")}</p>
                </fieldset>
                <fieldset class="field" class:invalid=move || error_for("categories").is_some() aria-describedby="err-categories">
                    <legend>{move || t(lang.get(), "form.categories")} <span class="req">"*"</span></legend>
                    {ObjectType::ALL.iter().map(|ot| {
                        let ot = *ot;
                        view! {
                            <div class="category-group">
                                <strong>{move || ot.name().get(lang.get())}</strong>
                                {CATEGORIES.iter().filter(|c| c.object_type == ot).map(|c| {
                                    let code: &'static str = c.code;
                                    let checked = initial.categories.iter().any(|x| x == code);
                                    view! {
                                        <label class="choice">
                                            <input type="checkbox" name="categories" value=code checked=checked on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                form.update(|f| {
                                                    f.categories.retain(|x| x != code);
                                                    if on {
                                                        f.categories.push(code.to_owned());
                                                    }
                                                });
                                                edited("categories");
                                            }/>
                                            {move || c.name.get(lang.get())} <small class="code">{code}</small>
                                        </label>
                                    }
                                }).collect_view()}
                            </div>
                        }
                    }).collect_view()}
                    <p class="field-error" id="err-categories" role="alert">{move || error_for("categories")}</p>
                </fieldset>
                <fieldset class="account-fields">
                    <legend>{move || t(lang.get(), "form.account")}</legend>
                    <p class="hint">{move || t(lang.get(), "form.account.hint")}</p>
                    {text_field("username", "form.username", Some("form.username.hint"), "text", initial.username.clone(), |f, v| f.username = v)}
                    {text_field("mobile", "form.mobile", Some("form.mobile.hint"), "tel", initial.mobile.clone(), |f, v| f.mobile = v)}
                    {text_field("password", "form.password", Some("form.password.hint"), "password", String::new(), |f, v| f.password = shared::account::Secret(v))}
                    {text_field("password2", "form.password2", None, "password", String::new(), |f, v| f.password2 = shared::account::Secret(v))}
                </fieldset>
                <button type="submit" id="submit">{move || t(lang.get(), "form.submit")}</button>
            </form>
        </section>
    }
}
