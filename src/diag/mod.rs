//! Diagnostics: the type every check produces, the code registry, and the language of messages. The
//! ground of the module graph: nothing here knows a check, a notice or a report; the renderers are in
//! [`crate::render`].

mod codes;

pub use codes::{Code, CodeInfo};
use serde::Serialize;

/// The language of messages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Zh,
    En,
}

/// “1 comment”, “3 comments”: an English count with its noun.
pub fn counted<N: TryInto<u64> + Copy + std::fmt::Display>(n: N, one: &str, many: &str) -> String {
    if n.try_into().ok() == Some(1) {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// `text` as it may be printed to a terminal: control characters (C0, DEL, C1) and the bidirectional
/// overrides are written as escapes (`\x1B`, `\u{202E}`), so that a file name or a zip entry name cannot
/// clear the screen, ring the bell, set the title, start a new line of fake output or reverse what follows.
/// Everything else, Chinese included, is kept as it is.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    fn unsafe_char(c: char) -> bool {
        c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
    }
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if !unsafe_char(c) {
            out.push(c);
        } else if u32::from(c) < 0x80 {
            out.push_str(&format!("\\x{:02X}", u32::from(c)));
        } else {
            out.push_str(&format!("\\u{{{:X}}}", u32::from(c)));
        }
    }
    std::borrow::Cow::Owned(out)
}

impl Lang {
    /// Picks the message in this language.
    pub fn pick<T>(self, zh: T, en: T) -> T {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Severity::Error, Lang::Zh) => "错误",
            (Severity::Warning, Lang::Zh) => "警告",
            (Severity::Info, Lang::Zh) => "提示",
            (Severity::Error, Lang::En) => "error",
            (Severity::Warning, Lang::En) => "warning",
            (Severity::Info, Lang::En) => "info",
        }
    }
}

/// One finding about a dossier, already worded in the chosen language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    /// The file inside the dossier folder (a relative path with `/`), when the finding is about one.
    pub file: Option<String>,
    /// The part or section of the 申报书, when the finding is about one.
    pub section: Option<String>,
    /// What to do about it.
    pub help: Option<String>,
    /// Batch findings: every dossier involved, as given on the command line.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dossiers: Vec<String>,
    /// The severity before a shenbao.toml override, a waiver or `--deny warnings` changed it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub was: Option<Severity>,
    /// The reason of the shenbao.toml waiver that applies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waiver: Option<String>,
}

impl Diagnostic {
    /// A diagnostic with the code's default severity.
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Self {
            code,
            severity: code.info().severity,
            message: message.into(),
            file: None,
            section: None,
            help: None,
            dossiers: Vec::new(),
            was: None,
            waiver: None,
        }
    }

    pub fn file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }

    pub fn section(mut self, section: impl Into<String>) -> Self {
        self.section = Some(section.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn dossiers(mut self, dossiers: Vec<String>) -> Self {
        self.dossiers = dossiers;
        self
    }

    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }
}

#[cfg(test)]
mod printable_tests {
    use super::printable;

    #[test]
    fn control_characters_are_escaped_and_chinese_is_kept() {
        assert_eq!(printable("申报书.docx"), "申报书.docx");
        assert_eq!(printable("a\u{1b}[2Jb"), "a\\x1B[2Jb");
        assert_eq!(printable("x\n✔ 通过"), "x\\x0A✔ 通过");
        assert_eq!(printable("\u{7}\u{9b}\u{202e}"), "\\x07\\u{9B}\\u{202E}");
    }
}
