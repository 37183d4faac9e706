//! The rule files compiled into the binary, one per notice.

/// (id, TOML text) of every embedded notice, in the order `shenbao notices` lists them.
pub const ALL: &[(&str, &str)] = &[
    ("ln-2024-cases", include_str!("../../rules/ln-2024-cases.toml")),
    ("cq-2024-cases-2", include_str!("../../rules/cq-2024-cases-2.toml")),
    ("ln-2024-contest", include_str!("../../rules/ln-2024-contest.toml")),
    ("national-2024-contest", include_str!("../../rules/national-2024-contest.toml")),
    ("qh-2025-scenes", include_str!("../../rules/qh-2025-scenes.toml")),
];

/// Every embedded notice's id, in the order `shenbao notices` lists them.
pub fn ids() -> Vec<&'static str> {
    ALL.iter().map(|(id, _)| *id).collect()
}

/// The TOML text of an embedded notice.
pub fn text(id: &str) -> Option<&'static str> {
    ALL.iter().find(|(i, _)| *i == id).map(|(_, t)| *t)
}
