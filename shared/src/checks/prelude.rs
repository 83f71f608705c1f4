//! Everything a check file needs: `use super::prelude::*;`.

pub use crate::calendar::{days_between_exclusive, Calendar, CalendarError};
pub use crate::checks::framework::{
    law, methods, Check, CheckContext, CheckMeta, DynPortfolioCheck, Evidence, Finding, LawDate,
    LegalBasis, Nature, Need, Node, Outcome, PortfolioCheck, PortfolioStub, ProjectCheck, Severity,
    Stage, Subject, SubjectRef, Value,
};
pub use crate::checks::settings::CheckSettings;
pub use crate::checks::stats;
pub use crate::i18n::Text;
pub use crate::model::*;
pub use crate::money::Fen;
pub use crate::thresholds::{Dated, DayUnit, ThresholdTable, TimeLimit, TimeLimitId};
pub use crate::time::{Date, Instant};
