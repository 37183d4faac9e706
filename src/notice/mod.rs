//! Notices (通知) as rule files: the model, loading with spans, validation, and the embedded rule files.

pub mod model;

pub use model::*;
