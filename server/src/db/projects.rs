//! The projects repository: its SQL and named row types (see `crate::db`).
