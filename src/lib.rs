//! shenbao (申报): rule files per notice, Word-exact 字数 per section, dossier checks and bundles.
//!
//! Data flows one way: [`dossier`] finds the files of a folder, [`read`] turns bytes into text and
//! metadata, [`checks`] compare that with the [`notice`] into diagnostics ([`diag`]) of a [`report`], and
//! [`render`] shows the report. The modules are layered (tests/layers.rs): none imports one above it.

pub mod batch;
pub mod checks;
pub mod clean;
pub mod cli;
pub mod config;
pub mod count;
pub mod diag;
pub mod dossier;
pub mod draft;
pub mod folders;
pub mod hash;
pub mod init;
pub mod keys;
pub mod notice;
pub mod outline;
pub mod output;
pub mod pack;
pub mod read;
pub mod render;
pub mod report;
