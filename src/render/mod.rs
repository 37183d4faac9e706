//! Renderers: a [`Report`](crate::report::Report) (or a `count` result) as the user asked to see it —
//! the human view, JSON, SARIF, JUnit XML and GitHub Actions commands. The roof of the module graph:
//! a renderer reads reports, notices and diagnostics; only the command-line layer uses a renderer.
//! One file per format, so an HTML view can be added beside them.

pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;
