//! The rule files compiled into the binary, one per notice.

/// (id, TOML text) of every embedded notice, in the order `shenbao notices` lists them.
pub const ALL: &[(&str, &str)] = &[];

/// The TOML text of an embedded notice.
pub fn text(id: &str) -> Option<&'static str> {
    ALL.iter().find(|(i, _)| *i == id).map(|(_, t)| *t)
}
