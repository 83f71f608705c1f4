//! Yiwang's domain core: the model, the rules and the legal clock.
//!
//! Pure code only: no IO, no async runtime, no database, no regex. The same functions run in the
//! browser (wasm32, instant feedback while a form is filled) and on the server (native, the
//! authority). A rule lives here once; the browser and the server call the same function.

pub mod access;
pub mod account;
pub mod agency;
pub mod analytics;
pub mod apply;
pub mod approval;
pub mod award;
pub mod bidding;
pub mod calendar;
pub mod case;
pub mod challenge;
pub mod checks;
pub mod credit_code;
pub mod dashboard;
pub mod desk;
pub mod disclosure;
pub mod enrolment;
pub mod execution;
pub mod export;
pub mod field;
pub mod i18n;
pub mod ingest;
pub mod lots;
pub mod model;
pub mod money;
pub mod panel;
pub mod plan;
pub mod plan_steps;
pub mod redirect;
pub mod region;
pub mod risk;
pub mod scoring;
pub mod steps;
pub mod supplier;
pub mod thresholds;
pub mod time;
pub mod workflow;
