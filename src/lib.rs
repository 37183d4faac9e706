//! shenbao (申报): rule files per notice, Word-exact 字数 per section, dossier checks and bundles.

pub mod count;
pub mod diag;
pub mod notice;
pub mod outline;
pub mod read;
