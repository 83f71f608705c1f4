//! Helpers of the property tests.

pub mod mutate;
