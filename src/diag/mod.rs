//! Diagnostics: the type every check produces, the code registry, and the language of messages. The
//! ground of the module graph: nothing here knows a check, a notice or a report; the renderers are in
//! [`crate::render`].

mod codes;
mod io;

pub use codes::{family, Code, CodeInfo, Family};
pub use io::{IoKind, IoProblem};
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

/// What a check found, as data: the code, the file, the section, the numbers — no language.
///
/// Each check family declares its findings as one enum in its own file (e.g.
/// [`crate::checks::sections::SectionFinding`]), with the zh and en wording of every variant together at
/// the bottom of that file. A check makes its diagnostics with [`Diagnostic::of`], without a language;
/// the finding stays attached to the diagnostic ([`Diagnostic::finding`]) so that tests can assert on its
/// data, and the renderers word it in the run's language ([`Diagnostic::text`], [`Diagnostic::help_text`]).
pub trait Finding: std::fmt::Debug + Send + Sync + std::any::Any {
    fn code(&self) -> Code;
    /// The severity before shenbao.toml, a waiver or `--deny warnings`: the code's default unless the
    /// finding's data grades it (hidden content in a publishable file is an error).
    fn severity(&self) -> Severity {
        self.code().info().severity
    }
    /// The file inside the dossier folder (a relative path with `/`), when the finding is about one.
    fn file(&self) -> Option<&str> {
        None
    }
    /// The part or section of the 申报书, when the finding is about one.
    fn section(&self) -> Option<&str> {
        None
    }
    /// The section as a renderer shows it in `lang`: [`Finding::section`], unless the section is a name
    /// the family words itself (a list's name, a quota's group).
    fn section_in(&self, lang: Lang) -> Option<String> {
        let _ = lang;
        self.section().map(str::to_owned)
    }
    fn message(&self, lang: Lang) -> String;
    /// What to do about it.
    fn help(&self, lang: Lang) -> Option<String> {
        let _ = lang;
        None
    }
}

/// One finding about a dossier.
///
/// A check family builds it from its typed [`Finding`] with [`Diagnostic::of`]; `message` and `help` then
/// hold that finding's wording in the default language (Chinese), and a renderer asks for the run's
/// language with [`Diagnostic::text`] and [`Diagnostic::help_text`] (or words a whole report with
/// [`Diagnostic::reword`] before serialising it). A diagnostic made with [`Diagnostic::new`] carries no
/// finding: its caller worded it, and it reads the same in every language.
#[derive(Debug, Clone, Serialize)]
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
    /// The line in `file` (from 1), when the finding has one: an expired waiver's line in shenbao.toml.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// The typed finding this diagnostic words; `None` on the legacy path. Not part of the JSON contract.
    #[serde(skip)]
    finding: Option<std::sync::Arc<dyn Finding>>,
}

/// Two diagnostics are equal when a user sees the same: the finding behind them is how they were made.
impl PartialEq for Diagnostic {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code
            && self.severity == other.severity
            && self.message == other.message
            && self.file == other.file
            && self.section == other.section
            && self.help == other.help
            && self.dossiers == other.dossiers
            && self.was == other.was
            && self.waiver == other.waiver
            && self.line == other.line
    }
}

impl Eq for Diagnostic {}

impl Diagnostic {
    /// A diagnostic worded by its caller, with the code's default severity. Checks declare a [`Finding`]
    /// and use [`Diagnostic::of`].
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
            line: None,
            finding: None,
        }
    }

    /// The diagnostic of a typed finding. Its `message` and `help` are worded in the default language;
    /// a renderer words it in the run's ([`Diagnostic::text`]).
    pub fn of(finding: impl Finding) -> Self {
        let mut d = Self::new(finding.code(), String::new()).severity(finding.severity());
        d.file = finding.file().map(str::to_owned);
        d.section = finding.section_in(Lang::default());
        d.finding = Some(std::sync::Arc::new(finding));
        d.reword(Lang::default());
        d
    }

    /// The message in `lang`: the finding's wording, or the caller's words of a diagnostic without one.
    pub fn text(&self, lang: Lang) -> std::borrow::Cow<'_, str> {
        match &self.finding {
            Some(f) => std::borrow::Cow::Owned(f.message(lang)),
            None => std::borrow::Cow::Borrowed(&self.message),
        }
    }

    /// The part, section or group it is about, in `lang`.
    pub fn section_text(&self, lang: Lang) -> Option<std::borrow::Cow<'_, str>> {
        match &self.finding {
            Some(f) => f.section_in(lang).map(std::borrow::Cow::Owned),
            None => self.section.as_deref().map(std::borrow::Cow::Borrowed),
        }
    }

    /// What to do about it, in `lang`.
    pub fn help_text(&self, lang: Lang) -> Option<std::borrow::Cow<'_, str>> {
        match &self.finding {
            Some(f) => f.help(lang).map(std::borrow::Cow::Owned),
            None => self.help.as_deref().map(std::borrow::Cow::Borrowed),
        }
    }

    /// The typed finding behind this diagnostic, when it is a `F` (`None` on the legacy path).
    pub fn finding<F: Finding>(&self) -> Option<&F> {
        let any: &dyn std::any::Any = self.finding.as_deref()?;
        any.downcast_ref::<F>()
    }

    /// Words a typed finding's message and help again in `lang`; a legacy diagnostic keeps its words.
    pub fn reword(&mut self, lang: Lang) {
        if let Some(f) = &self.finding {
            self.message = f.message(lang);
            self.help = f.help(lang);
            self.section = f.section_in(lang);
        }
    }

    pub fn file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }

    pub fn line(mut self, line: u32) -> Self {
        self.line = Some(line);
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
