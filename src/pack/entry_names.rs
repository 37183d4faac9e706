//! File names inside a bundle: placeholders filled from dossier.toml, then made safe for Windows.
//!
//! Bundles are opened on Windows (Explorer, WinRAR) by reviewers, so every path component avoids the
//! characters Windows forbids, its reserved device names and trailing dots or spaces, and stays short
//! enough that extracting into a deep folder does not hit MAX_PATH. Names are NFC so that a name typed
//! on macOS (NFD) and one typed on Windows are the same bytes in the zip.

use unicode_normalization::UnicodeNormalization;

/// Longest path component, in characters (Windows allows 255 UTF-16 units; extraction adds its own folder).
pub const MAX_COMPONENT_CHARS: usize = 100;

/// The values placeholders are filled from.
#[derive(Debug, Clone, Copy, Default)]
pub struct Values<'a> {
    /// 案例名称 / 项目名称 / 场景名称.
    pub name: Option<&'a str>,
    /// 申报单位.
    pub unit: Option<&'a str>,
}

impl Values<'_> {
    fn get(&self, key: &str) -> Option<&str> {
        let v = match key {
            "案例名称" | "项目名称" | "场景名称" | "名称" => self.name,
            "申报单位" | "牵头单位" | "参赛单位" => self.unit,
            _ => None,
        };
        v.map(str::trim).filter(|v| !v.is_empty())
    }
}

/// Fills `{案例名称}`-style placeholders. `Err` lists the placeholders that had no value.
pub fn fill(template: &str, values: &Values<'_>) -> Result<String, Vec<String>> {
    let mut out = String::new();
    let mut missing = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let key = &after[..close];
        match values.get(key) {
            Some(v) => out.push_str(v),
            None => missing.push(format!("{{{key}}}")),
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    if missing.is_empty() {
        Ok(out)
    } else {
        Err(missing)
    }
}

/// One path component made safe for Windows: forbidden characters become their full-width forms
/// (：？＊ read naturally in Chinese names), control characters `_`, trailing dots and spaces go,
/// reserved device names get a `_` prefix, and long names are shortened keeping the extension.
pub fn component(name: &str) -> String {
    let mapped: String = name
        .nfc()
        .map(|c| match c {
            '<' => '＜',
            '>' => '＞',
            ':' => '：',
            '"' => '＂',
            '/' => '／',
            '\\' => '＼',
            '|' => '｜',
            '?' => '？',
            '*' => '＊',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    let mut s = mapped.trim().trim_end_matches(['.', ' ']).to_owned();
    if s.is_empty() {
        s = "_".to_owned();
    }
    let stem = s.split('.').next().unwrap_or_default().trim_end().to_ascii_uppercase();
    let reserved = matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit());
    if reserved {
        s.insert(0, '_');
    }
    shorten(&s, MAX_COMPONENT_CHARS)
}

/// A `/`-separated path, each component made safe.
pub fn path(p: &str) -> String {
    p.split(['/', '\\']).filter(|c| !c.is_empty()).map(component).collect::<Vec<_>>().join("/")
}

/// Splits `name.ext` into stem and extension (with its dot); a leading dot is not an extension.
pub fn split_ext(name: &str) -> (&str, &str) {
    match name.rfind('.') {
        Some(i) if i > 0 && name.len() - i <= 11 && !name[i + 1..].contains(' ') => (&name[..i], &name[i..]),
        _ => (name, ""),
    }
}

fn shorten(name: &str, max: usize) -> String {
    if name.chars().count() <= max {
        return name.to_owned();
    }
    let (stem, ext) = split_ext(name);
    let keep = max.saturating_sub(ext.chars().count()).max(1);
    let mut out: String = stem.chars().take(keep).collect();
    out = out.trim_end_matches(['.', ' ']).to_owned();
    out.push_str(ext);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_and_reports_missing() {
        let v = Values { name: Some("某案例"), unit: None };
        assert_eq!(fill("{案例名称}-申报书.pdf", &v).as_deref(), Ok("某案例-申报书.pdf"));
        assert_eq!(fill("{案例名称}-{申报单位}", &v), Err(vec!["{申报单位}".to_owned()]));
    }

    #[test]
    fn windows_safe() {
        assert_eq!(component("a:b?c*.pdf"), "a：b？c＊.pdf");
        assert_eq!(component("CON.txt"), "_CON.txt");
        assert_eq!(component("名字. "), "名字");
        assert_eq!(component("e\u{301}"), "\u{e9}");
        let long = format!("{}.mp4", "长".repeat(300));
        let short = component(&long);
        assert_eq!(short.chars().count(), MAX_COMPONENT_CHARS);
        assert!(short.ends_with(".mp4"));
        assert_eq!(path("多媒体材料//图片/"), "多媒体材料/图片");
    }
}
