//! The `yiwang` server: configuration, database, the web router around the Leptos app, demo
//! data and the command-line subcommands. Kept thin: rules live in `shared`, pages in `app`.

pub mod accounts;
pub mod accounts_cli;
pub mod admin;
pub mod audit;
pub mod auth;
pub mod backup;
pub mod calendar;
pub mod cases;
pub mod cli;
pub mod client_addr;
pub mod config;
pub mod dashboard;
pub mod db;
pub mod delivery;
pub mod demo;
pub mod enrolment;
pub mod events;
pub mod exports;
pub mod identity;
pub mod ingest;
pub mod ocds_io;
pub mod passwords;
pub mod plans;
pub mod projects;
pub mod ratelimit;
pub mod sealed;
pub mod serve;
pub mod steplog;
pub mod store;
pub mod supplier_profile;
pub mod thresholds;
pub mod totp;
pub mod triage;
pub mod web;
pub mod xlsx;
