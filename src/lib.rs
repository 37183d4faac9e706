//! shenbao (申报): rule files per notice, Word-exact 字数 per section, dossier checks and bundles.
//!
//! Data flows one way: [`dossier`] finds the files of a folder, [`read`] turns bytes into text and
//! metadata, [`checks`] compare that with the [`notice`], and [`diag`] renders the findings.

pub mod batch;
pub mod checks;
pub mod cli;
pub mod config;
pub mod count;
pub mod diag;
pub mod dossier;
pub mod init;
pub mod notice;
pub mod outline;
pub mod output;
pub mod pack;
pub mod read;
pub mod report;
