//! Diagnostics: the type every check produces, the code registry, and the renderers.

/// The language of messages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
pub enum Lang {
    #[default]
    Zh,
    En,
}
