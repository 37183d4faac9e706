//! Dossier folders as the user names them: how a folder's path is shown, and which folders are never
//! dossiers. Used by batch discovery and by shenbao.toml's `[[dossiers]]` globs alike, so both find and
//! name the same folders.

/// Folders never dossiers: hidden ones (.git) and macOS archive litter.
pub fn is_hidden(name: &str) -> bool {
    name.starts_with('.') || name.starts_with("__MACOSX")
}

/// A path as shown: `/` separators, no `./` in front, no doubled or trailing `/`.
pub fn tidy(display: &str) -> String {
    let mut s = display.replace('\\', "/");
    while let Some(rest) = s.strip_prefix("./") {
        s = rest.to_owned();
    }
    while s.contains("//") {
        s = s.replace("//", "/");
    }
    if s.len() > 1 {
        s = s.trim_end_matches('/').to_owned();
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_shown_one_way() {
        assert_eq!(tidy("./申报材料//案例A/"), "申报材料/案例A");
        assert_eq!(tidy(".\\批次\\案例B"), "批次/案例B");
        assert_eq!(tidy("/"), "/");
        assert_eq!(tidy("././a"), "a");
    }

    #[test]
    fn hidden_folders_are_never_dossiers() {
        assert!(is_hidden(".git"));
        assert!(is_hidden("__MACOSX"));
        assert!(!is_hidden("案例A"));
    }
}
