//! Notices (通知) as rule files: the model, loading with spans, validation, and the embedded rule files.

mod load;
pub mod model;

pub use load::{load_str, Problem, RuleFileError};
pub use model::*;
