//! Repository config `shenbao.toml`, found by walking up from the working directory: which folders are
//! dossiers and which notice each uses, custom rule files, severity overrides, waivers and `deny`.
//!
//! ```toml
//! lang = "zh"                                   # message language when --lang / SHENBAO_LANG are not given
//! rules = ["rules/our-city-2025.toml"]          # custom rule files, usable by their id
//! deny = ["warnings"]                           # as --deny warnings
//!
//! [[dossiers]]
//! glob = "2024/重庆/*"                           # folders (relative to this file) that are dossiers
//! notice = "cq-2024-cases-2"                    # for those whose dossier.toml names none
//!
//! [severity]
//! SB402 = "error"                               # a code's severity, everywhere ("off": not run, listed
//!                                               # in the report as skipped)
//!
//! [[waivers]]
//! code = "SB324"
//! dossier = "2024/重庆/某某案例"                  # glob; every dossier when left out
//! reason = "印章在纸质版上加盖"
//! expires = 2024-08-20                          # optional; after it the waiver no longer applies
//! ```
//!
//! Nothing is hidden: an overridden or waived diagnostic stays in the report with its original severity
//! (`was`) and the waiver's reason.

use crate::diag::{Code, Diagnostic, Lang, Severity};
use crate::report::Report;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const CONFIG_FILE: &str = "shenbao.toml";

#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RepoConfig {
    pub lang: Option<Lang>,
    #[serde(default)]
    pub rules: Vec<String>,
    #[serde(default)]
    pub deny: Vec<Deny>,
    #[serde(default)]
    pub dossiers: Vec<DossierGlob>,
    #[serde(default)]
    pub severity: BTreeMap<String, Level>,
    #[serde(default)]
    pub waivers: Vec<Waiver>,
}

/// A code's level in `[severity]`: a severity, or `off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
    Info,
    /// The finding is dropped; the report lists the code and how often it was skipped.
    Off,
}

impl Level {
    fn severity(self) -> Option<Severity> {
        match self {
            Level::Error => Some(Severity::Error),
            Level::Warning => Some(Severity::Warning),
            Level::Info => Some(Severity::Info),
            Level::Off => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Deny {
    /// Warnings fail the dossier like errors.
    Warnings,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DossierGlob {
    pub glob: String,
    pub notice: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Waiver {
    pub code: String,
    /// A glob over dossier paths as reported (relative to the working directory); all dossiers when absent.
    pub dossier: Option<String>,
    pub reason: String,
    pub expires: Option<toml::value::Datetime>,
    /// The line of shenbao.toml the entry starts on (from 1): where an expired waiver (SB008) points.
    #[serde(skip)]
    pub line: Option<u32>,
}

/// The config file found and what it says.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub path: PathBuf,
    pub config: RepoConfig,
}

impl Loaded {
    /// The folder the config's relative paths start from.
    pub fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }
}

/// Finds `shenbao.toml` in `start` or the nearest folder above it. Anything there but a folder counts, so
/// that a FIFO or a device named shenbao.toml is refused by [`load`] rather than silently passed over.
pub fn find(start: &Path) -> Option<PathBuf> {
    start.ancestors().map(|d| d.join(CONFIG_FILE)).find(|p| p.metadata().is_ok_and(|m| !m.is_dir()))
}

/// Loads and validates a config file: every problem is listed, each with its place in the TOML.
pub fn load(path: &Path, lang: Lang) -> Result<Loaded, Box<ConfigError>> {
    let text = read_config(path).map_err(|i| Box::new(i.error(&path.display().to_string(), CONFIG_FILE, lang)))?;
    load_text(path, &text, lang)
}

/// [`load`] over the text [`read_config`] read from `path`: a run reads shenbao.toml once.
pub fn load_text(path: &Path, text: &str, lang: Lang) -> Result<Loaded, Box<ConfigError>> {
    let name = path.display().to_string();
    let invalid = |i: Invalid| Box::new(i.error(&name, CONFIG_FILE, lang));
    let mut checker = Checker::new(text);
    let Some(root) = checker.parsed() else { return Err(invalid(checker.finish())) };
    let lines = waiver_lines(root.get_ref(), text);
    check_repo_config(&mut checker, root.get_ref());
    if !checker.found.is_empty() {
        return Err(invalid(checker.finish()));
    }
    // Every key and value was checked above; serde builds the structure (and would still catch what the
    // checks missed).
    let mut config = toml::from_str::<RepoConfig>(text).map_err(|e| {
        checker.serde_error(&e);
        invalid(checker.finish())
    })?;
    for (waiver, line) in config.waivers.iter_mut().zip(lines) {
        waiver.line = line;
    }
    Ok(Loaded { path: path.to_owned(), config })
}

/// The line (from 1) each `[[waivers]]` entry starts on, in order; None for an entry without a position.
fn waiver_lines(root: &toml::de::DeTable<'_>, text: &str) -> Vec<Option<u32>> {
    let Some(list) = root.get("waivers").and_then(|v| v.get_ref().as_array()) else { return Vec::new() };
    list.iter()
        .map(|item| {
            let start = item.span().start;
            let before = text.get(..start)?;
            u32::try_from(before.matches('\n').count() + 1).ok()
        })
        .collect()
}

/// shenbao.toml's `lang`, when the file can be read and its `lang` is valid, whatever else is wrong with it:
/// the language decides how the file's other problems are reported.
pub fn configured_lang(path: &Path) -> Option<Lang> {
    lang_in(&read_config(path).ok()?)
}

/// [`configured_lang`] of text already read.
pub fn lang_in(text: &str) -> Option<Lang> {
    let root = toml::de::DeTable::parse(text).ok()?;
    match root.get_ref().get("lang")?.get_ref().as_str()? {
        "zh" => Some(Lang::Zh),
        "en" => Some(Lang::En),
        _ => None,
    }
}

// ------------------------------------------------------------------ loading, shared with batch.toml

/// The largest shenbao.toml or batch.toml read: a hand-written config is a few KB.
pub const MAX_CONFIG_BYTES: u64 = 1 << 20;

/// Problems shown at most for one file; the summary line counts them all.
pub const MAX_LISTED: usize = 50;

/// One problem in a config file, with the place in the TOML it points at.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("{message}")]
pub struct Problem {
    pub message: String,
    #[label("{label}")]
    span: Option<miette::SourceSpan>,
    label: String,
    /// What was probably meant, or how to write it.
    #[help]
    pub help: Option<String>,
    /// 1-based line and column (in characters), when the problem has a place.
    pub at: Option<(usize, usize)>,
}

impl Problem {
    /// The byte range in the file, when known.
    pub fn span(&self) -> Option<std::ops::Range<usize>> {
        self.span.map(|s| s.offset()..s.offset() + s.len())
    }
}

/// A config file that cannot be used, for miette: every problem found (the first [`MAX_LISTED`]).
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("{summary}")]
#[diagnostic(code(shenbao::config))]
pub struct ConfigError {
    summary: String,
    /// The file as read, control characters masked; the problems' spans point into it.
    #[source_code]
    src: miette::NamedSource<String>,
    #[related]
    pub problems: Vec<Problem>,
    /// How many problems were found, shown or not.
    pub total: usize,
}

/// One problem found, in both languages: batch.toml is read before the language of the report is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Bytes of the file it points at.
    pub span: Option<std::ops::Range<usize>>,
    /// 1-based line and column (in characters) of the span's start.
    pub at: Option<(usize, usize)>,
    pub zh: String,
    pub en: String,
    /// What was probably meant, or how to write it (zh, en).
    pub help: Option<(String, String)>,
    /// What was meant, looked for when the problem is listed (`Checker::finish`): a file of a hundred
    /// thousand unknown keys costs no hundred thousand searches.
    guess: Option<Guess>,
}

/// A word whose meaning is looked for among the known ones.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Guess {
    /// An unknown key, among the keys known there.
    Key(String, &'static [&'static str]),
    /// An unknown diagnostic code.
    Code(String),
}

impl Guess {
    /// The help line: what was probably meant, else where to look.
    fn help(&self) -> (String, String) {
        match self {
            Guess::Key(written, known) => {
                match guessable(written).and_then(|k| crate::dossier::nearest(k, known.iter().copied())) {
                    Some(n) => (format!("是否想写 {n}？"), format!("did you mean `{n}`?")),
                    None => (format!("可用的键：{}", known.join("、")), format!("known keys: {}", known.join(", "))),
                }
            }
            Guess::Code(written) => {
                let meant = guessable(written).map(nearest_codes).unwrap_or_default();
                if meant.is_empty() {
                    return (
                        "shenbao explain --list 列出全部代码".to_owned(),
                        "`shenbao explain --list` lists every code".to_owned(),
                    );
                }
                let zh: Vec<String> = meant.iter().map(|c| format!("{}（{}）", c.as_str(), c.info().name)).collect();
                let en: Vec<String> = meant.iter().map(|c| format!("{} ({})", c.as_str(), c.info().name)).collect();
                (format!("是否想写 {}？", zh.join(" 或 ")), format!("did you mean {}?", en.join(" or ")))
            }
        }
    }
}

impl Found {
    /// A problem with the whole file (it cannot be read): no place.
    fn whole(zh: String, en: String) -> Self {
        Found { span: None, at: None, zh, en, help: None, guess: None }
    }

    /// "第 3 行第 1 列：" / "line 3, column 1: ", or nothing.
    pub fn place(&self, lang: Lang) -> String {
        self.at.map_or_else(String::new, |(l, c)| {
            lang.pick(format!("第 {l} 行第 {c} 列："), format!("line {l}, column {c}: "))
        })
    }
}

/// The problems of one config file, in file order: the first [`MAX_LISTED`], and how many there are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    /// The file as read; empty when it could not be.
    text: String,
    pub found: Vec<Found>,
    /// How many problems were found, listed or not.
    pub total: usize,
}

impl Invalid {
    /// The error to render with miette; `name` is the path shown, `file` the kind (shenbao.toml, batch.toml).
    pub fn error(&self, name: &str, file: &str, lang: Lang) -> ConfigError {
        let problems = self
            .found
            .iter()
            .map(|f| Problem {
                message: lang.pick(&f.zh, &f.en).clone(),
                span: f.span.clone().map(miette::SourceSpan::from),
                label: if f.span.is_some() { lang.pick("这里", "here").to_owned() } else { String::new() },
                help: f.help.as_ref().map(|(zh, en)| lang.pick(zh, en).clone()),
                at: f.at,
            })
            .collect();
        ConfigError {
            summary: summary(name, file, self.total, lang),
            src: miette::NamedSource::new(printable(name), masked(&self.text)).with_language("TOML"),
            problems,
            total: self.total,
        }
    }
}

fn printable(text: &str) -> String {
    crate::diag::printable(text).into_owned()
}

fn summary(name: &str, file: &str, n: usize, lang: Lang) -> String {
    let name = printable(name);
    let listed = if n > MAX_LISTED {
        lang.pick(format!("，以下列出前 {MAX_LISTED} 处"), format!("; the first {MAX_LISTED} are listed"))
    } else {
        String::new()
    };
    lang.pick(
        format!("{file} 无效（{name}）：发现 {n} 处问题{listed}"),
        format!("{file} is invalid ({name}): {}{listed}", crate::diag::counted(n, "problem", "problems")),
    )
}

/// Reads a config file: a regular file (a FIFO would block, a device never end) of at most
/// [`MAX_CONFIG_BYTES`], in UTF-8; a UTF-8 byte-order mark is dropped.
pub(crate) fn read_config(path: &Path) -> Result<String, Invalid> {
    use crate::read::file::OpenError;
    let file = path.file_name().map_or_else(|| path.display().to_string(), |f| f.to_string_lossy().into_owned());
    let file = printable(&file);
    let refuse = |zh: String, en: String| Invalid { text: String::new(), found: vec![Found::whole(zh, en)], total: 1 };
    let mib = MAX_CONFIG_BYTES >> 20;
    // Regular files only, never more than the cap: a FIFO swapped in after a look cannot hang the run.
    let bytes = crate::read::file::read(path, MAX_CONFIG_BYTES).map_err(|e| match e {
        OpenError::NotRegular(_) => refuse(
            "不是普通文件（而是文件夹、管道或设备），未读取".to_owned(),
            "not a regular file (a folder, a pipe or a device): not read".to_owned(),
        ),
        OpenError::TooLarge { .. } => refuse(
            format!("文件超过 {mib} MiB，未读取：{file} 通常只有几 KB，请确认是否放错了文件"),
            format!(
                "the file is over {mib} MiB and was not read: a {file} is a few KB, check that it is the right file"
            ),
        ),
        e => refuse(format!("无法读取（{e}）"), format!("cannot be read ({e})")),
    })?;
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    match std::str::from_utf8(body) {
        Ok(text) => Ok(text.to_owned()),
        Err(e) => {
            let valid = std::str::from_utf8(&body[..e.valid_up_to()]).unwrap_or_default();
            let (line, column) = crate::dossier::line_column(valid, valid.len());
            Err(refuse(
                format!("文件不是 UTF-8 编码（第 {line} 行第 {column} 列起，可能是 GBK）：请在编辑器中另存为 UTF-8"),
                format!("the file is not UTF-8 (from line {line}, column {column}; GBK perhaps): save it as UTF-8 in your editor"),
            ))
        }
    }
}

/// The value kinds of TOML, in Chinese and English.
fn kind_name(value: &toml::de::DeValue<'_>) -> (&'static str, &'static str) {
    use toml::de::DeValue;
    match value {
        DeValue::String(_) => ("字符串", "a string"),
        DeValue::Integer(_) => ("整数", "an integer"),
        DeValue::Float(_) => ("小数", "a float"),
        DeValue::Boolean(_) => ("布尔值", "a boolean"),
        DeValue::Datetime(_) => ("日期时间", "a date-time"),
        DeValue::Array(_) => ("数组", "an array"),
        DeValue::Table(_) => ("表", "a table"),
    }
}

/// What a value should be, for [`Checker::want`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Want {
    String,
    Array,
    Table,
    Date,
}

/// Walks a parsed config file and collects every problem, each at its place. The walk follows the
/// config's fixed shape (two levels at most), so a deeply nested file costs no recursion here (the TOML
/// parser bounds its own).
pub(crate) struct Checker<'t> {
    text: &'t str,
    pub(crate) found: Vec<Found>,
    /// The document, when it has no syntax error.
    root: Option<toml::Spanned<toml::de::DeTable<'t>>>,
    /// Every TOML syntax error (the parser recovers and goes on).
    syntax: Vec<toml::de::Error>,
}

impl<'t> Checker<'t> {
    pub(crate) fn new(text: &'t str) -> Self {
        let (root, syntax) = toml::de::DeTable::parse_recoverable(text);
        Checker { text, found: Vec::new(), root: syntax.is_empty().then_some(root), syntax }
    }

    /// The document, or `None` after its syntax errors were recorded: a half-parsed file would give
    /// invented problems (a key a syntax error swallowed is not missing).
    pub(crate) fn parsed(&mut self) -> Option<toml::Spanned<toml::de::DeTable<'t>>> {
        for e in std::mem::take(&mut self.syntax) {
            let detail = printable(e.message().trim());
            self.push(
                e.span(),
                format!("TOML 语法错误：{detail}"),
                format!("TOML syntax error: {detail}"),
                Some((
                    "字符串值加英文双引号（notice = \"ln-2024-cases\"），中文键也加引号（\"推荐单位\" = \"…\"）".into(),
                    "quote string values (notice = \"ln-2024-cases\") and Chinese keys (\"推荐单位\" = \"…\")".into(),
                )),
            );
        }
        self.root.take()
    }

    pub(crate) fn push(
        &mut self,
        span: Option<std::ops::Range<usize>>,
        zh: String,
        en: String,
        help: Option<(String, String)>,
    ) {
        // The place is worked out for the problems listed only (`finish`): it costs a pass over the text.
        self.found.push(Found { span, at: None, zh, en, help, guess: None });
    }

    /// serde's error for what the checks let through (it should not happen): in its own words.
    pub(crate) fn serde_error(&mut self, e: &toml::de::Error) {
        let detail = printable(e.message().trim());
        self.push(e.span(), detail.clone(), detail, None);
    }

    /// The first [`MAX_LISTED`] problems in file order, each with its line and column, and how many
    /// there are.
    pub(crate) fn finish(mut self) -> Invalid {
        self.found.sort_by_key(|f| f.span.as_ref().map(|s| s.start));
        let total = self.found.len();
        self.found.truncate(MAX_LISTED);
        for f in &mut self.found {
            f.at = f.span.as_ref().map(|s| crate::dossier::line_column(self.text, s.start));
            if let Some(guess) = f.guess.take() {
                f.help = Some(guess.help());
            }
        }
        Invalid { text: self.text.to_owned(), found: self.found, total }
    }

    /// Reports a key that is not one of `known`; `place` says where ("[[waivers]] 中", " in [[waivers]]").
    pub(crate) fn unknown_key(
        &mut self,
        key: &toml::Spanned<toml::de::DeString<'t>>,
        known: &'static [&'static str],
        place: (&str, &str),
    ) {
        let name = printable(key.get_ref());
        self.push(
            Some(key.span()),
            format!("{}未知的键“{name}”", place.0),
            format!("unknown key `{name}`{}", place.1),
            None,
        );
        self.guess(Guess::Key(key.get_ref().to_string(), known));
    }

    /// Attaches a guess to the problem just pushed.
    fn guess(&mut self, guess: Guess) {
        if let Some(last) = self.found.last_mut() {
            last.guess = Some(guess);
        }
    }

    /// The value if it is of the kind wanted; otherwise a problem at it. `key` names it in messages.
    pub(crate) fn want<'a>(
        &mut self,
        key: &str,
        value: &'a toml::Spanned<toml::de::DeValue<'t>>,
        want: Want,
    ) -> Option<&'a toml::de::DeValue<'t>> {
        use toml::de::DeValue;
        let v = value.get_ref();
        let ok = match (want, v) {
            (Want::String, DeValue::String(_))
            | (Want::Array, DeValue::Array(_))
            | (Want::Table, DeValue::Table(_)) => true,
            (Want::Date, DeValue::Datetime(d)) => d.date.is_some(),
            _ => false,
        };
        if ok {
            return Some(v);
        }
        let (got_zh, got_en) = kind_name(v);
        let (want_zh, want_en, help) = match want {
            Want::String => {
                ("字符串", "a string", (format!("加英文双引号：{key} = \"…\""), format!("quote it: {key} = \"…\"")))
            }
            Want::Array => {
                ("数组", "an array", (format!("写成数组：{key} = [\"…\"]"), format!("write a list: {key} = [\"…\"]")))
            }
            Want::Table => ("表", "a table", (format!("写成表：[{key}]"), format!("write a table: [{key}]"))),
            Want::Date => (
                "日期",
                "a date",
                (
                    format!("写成日期，不加引号：{key} = 2024-08-20"),
                    format!("write a date without quotes: {key} = 2024-08-20"),
                ),
            ),
        };
        let quoted_date = want == Want::Date && v.as_str().is_some_and(|s| s.parse::<toml::value::Datetime>().is_ok());
        let help = if quoted_date {
            ("日期不加引号：去掉两边的双引号".to_owned(), "a date takes no quotes: remove the double quotes".to_owned())
        } else {
            help
        };
        self.push(
            Some(value.span()),
            format!("{key} 应为{want_zh}，这里是{got_zh}"),
            format!("`{key}` must be {want_en}, not {got_en}"),
            Some(help),
        );
        None
    }

    /// A string that must be one of `allowed` (`aliases`: other words for one of them); a problem with
    /// the word probably meant otherwise.
    pub(crate) fn one_of(
        &mut self,
        key: &str,
        value: &toml::Spanned<toml::de::DeValue<'t>>,
        allowed: &[&str],
        aliases: &[(&str, &str)],
    ) -> Option<String> {
        let v = self.want(key, value, Want::String)?.as_str()?;
        if allowed.contains(&v) {
            return Some(v.to_owned());
        }
        let meant = aliases
            .iter()
            .find(|(alias, _)| alias.eq_ignore_ascii_case(v.trim()))
            .map(|(_, meant)| (*meant).to_owned())
            .or_else(|| guessable(v).and_then(|v| suggest(v, allowed.iter().copied())));
        let quoted: Vec<String> = allowed.iter().map(|a| format!("\"{a}\"")).collect();
        let shown = printable(v);
        self.push(
            Some(value.span()),
            format!("{key} 的值“{shown}”无效，应为 {} 之一", quoted.join("、")),
            format!("`{key}` = \"{shown}\" is not valid: use one of {}", quoted.join(", ")),
            meant.map(|m| (format!("是否想写 \"{m}\"？"), format!("did you mean \"{m}\"?"))),
        );
        None
    }

    /// A diagnostic code (SB103 or its name), with the nearest codes when it is unknown.
    pub(crate) fn code(&mut self, key: &str, written: &str, span: std::ops::Range<usize>) -> Option<Code> {
        if let Some(code) = Code::parse(written) {
            return Some(code);
        }
        let shown = printable(written);
        self.push(
            Some(span),
            format!("{key}：未知的诊断代码“{shown}”"),
            format!("{key}: unknown diagnostic code `{shown}`"),
            None,
        );
        self.guess(Guess::Code(written.to_owned()));
        None
    }

    /// A key required in `table` that it lacks; `at` is the table (its `[[header]]`). Not reported when
    /// a misspelling of it is there: the unknown key already says what was meant.
    pub(crate) fn missing(
        &mut self,
        at: std::ops::Range<usize>,
        (table, entries): (&str, &toml::de::DeTable<'_>),
        known: &[&str],
        key: &str,
        what: (&str, &str),
    ) {
        // A table of many keys is not searched: its problems are elsewhere.
        let misspelt = entries.len() <= 32
            && entries.iter().any(|(k, _)| {
                guessable(k.get_ref()).and_then(|k| crate::dossier::nearest(k, known.iter().copied())).as_deref()
                    == Some(key)
            });
        if entries.get(key).is_some() || misspelt {
            return;
        }
        self.push(
            Some(at),
            format!("{table} 缺少 {key}（{}）", what.0),
            format!("{table} has no `{key}` ({})", what.1),
            Some((format!("加一行 {key} = \"…\""), format!("add a line {key} = \"…\""))),
        );
    }
}

/// A word short enough to look for what was meant (edit distances cost its length times the other's).
fn guessable(written: &str) -> Option<&str> {
    (written.len() <= 64).then_some(written)
}

/// The text miette shows: control characters (they would act on the terminal) masked by characters of the
/// same UTF-8 length, so the problems' byte spans stay right. Line breaks and tabs are kept.
fn masked(text: &str) -> String {
    text.chars()
        .map(|c| {
            let unsafe_char = (c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
                || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}');
            if !unsafe_char {
                return c.to_string();
            }
            match c.len_utf8() {
                1 => "?".to_owned(),
                2 => "¿".to_owned(),
                _ => "\u{FFFD}".to_owned(),
            }
        })
        .collect()
}

/// The word of `known` meant by `written`: the same but for case, a prefix of it (`warn`), or a close
/// misspelling (`eror`).
pub(crate) fn suggest<'k>(written: &str, known: impl Iterator<Item = &'k str> + Clone) -> Option<String> {
    let w = written.trim().to_lowercase();
    if w.is_empty() {
        return None;
    }
    known
        .clone()
        .find(|k| k.to_lowercase() == w)
        .or_else(|| known.clone().find(|k| w.chars().count() >= 3 && k.starts_with(&w)))
        .map(str::to_owned)
        .or_else(|| nearest_word(&w, known))
}

/// A close misspelling of one of `known` (at most two edits, no more than half the word).
fn nearest_word<'k>(written: &str, known: impl Iterator<Item = &'k str>) -> Option<String> {
    crate::dossier::nearest(written, known)
}

/// The codes meant by an unknown one: `sb 402` and `SB-402` are SB402; else the codes one edit away
/// (`SB4022`, `SB42`: at most three, in code order), else the code whose name is closest (`sectoin-over-limit`).
fn nearest_codes(written: &str) -> Vec<Code> {
    let tidy: String = written.chars().filter(|c| !c.is_whitespace() && *c != '-' && *c != '_').collect();
    if let Some(code) = Code::parse(&tidy) {
        return vec![code];
    }
    let upper = tidy.to_uppercase();
    if upper.starts_with("SB") {
        let close: Vec<Code> = Code::ALL
            .iter()
            .copied()
            .filter(|c| crate::dossier::edit_distance(&upper, c.as_str()) <= 1)
            .take(3)
            .collect();
        return close;
    }
    let name = written.trim().to_lowercase();
    nearest_word(&name, Code::ALL.iter().map(|c| c.info().name)).and_then(|n| Code::parse(&n)).into_iter().collect()
}

// ------------------------------------------------------------------ shenbao.toml's keys

const TOP_KEYS: &[&str] = &["lang", "rules", "deny", "dossiers", "severity", "waivers"];
const DOSSIER_KEYS: &[&str] = &["glob", "notice"];
const WAIVER_KEYS: &[&str] = &["code", "dossier", "reason", "expires"];
const LEVELS: &[&str] = &["error", "warning", "info", "off"];

/// Checks every key and value of shenbao.toml.
fn check_repo_config<'t>(c: &mut Checker<'t>, root: &toml::de::DeTable<'t>) {
    for (key, value) in root {
        match key.get_ref().as_ref() {
            "lang" => {
                c.one_of(
                    "lang",
                    value,
                    &["zh", "en"],
                    &[
                        ("cn", "zh"),
                        ("zh-cn", "zh"),
                        ("zh_cn", "zh"),
                        ("chinese", "zh"),
                        ("中文", "zh"),
                        ("english", "en"),
                        ("en-us", "en"),
                        ("en_us", "en"),
                        ("英文", "en"),
                    ],
                );
            }
            "rules" => {
                if let Some(list) = c.want("rules", value, Want::Array).and_then(|v| v.as_array()) {
                    for item in list.iter() {
                        c.want("rules", item, Want::String);
                    }
                }
            }
            "deny" => {
                if let Some(list) = c.want("deny", value, Want::Array).and_then(|v| v.as_array()) {
                    for item in list.iter() {
                        c.one_of("deny", item, &["warnings"], &[("warning", "warnings"), ("warn", "warnings")]);
                    }
                }
            }
            "dossiers" => each_table(c, "dossiers", value, |c, span, table| {
                for (k, v) in table {
                    match k.get_ref().as_ref() {
                        "glob" => {
                            if let Some(g) = c.want("glob", v, Want::String).and_then(|v| v.as_str()) {
                                check_glob(c, "glob", g, v.span());
                            }
                        }
                        "notice" => {
                            c.want("notice", v, Want::String);
                        }
                        _ => c.unknown_key(k, DOSSIER_KEYS, ("[[dossiers]] 中", " in [[dossiers]]")),
                    }
                }
                c.missing(
                    span,
                    ("[[dossiers]]", table),
                    DOSSIER_KEYS,
                    "glob",
                    ("哪些文件夹是材料，如 \"2024/重庆/*\"", "which folders are dossiers, e.g. \"2024/重庆/*\""),
                );
            }),
            "severity" => {
                if let Some(table) = c.want("severity", value, Want::Table).and_then(|v| v.as_table()) {
                    for (code, level) in table {
                        c.code("[severity]", code.get_ref(), code.span());
                        let key = format!("[severity] {}", printable(code.get_ref()));
                        c.one_of(&key, level, LEVELS, &[("warn", "warning"), ("err", "error"), ("none", "off")]);
                    }
                }
            }
            "waivers" => each_table(c, "waivers", value, |c, span, table| {
                for (k, v) in table {
                    match k.get_ref().as_ref() {
                        "code" => {
                            if let Some(written) = c.want("code", v, Want::String).and_then(|v| v.as_str()) {
                                c.code("[[waivers]] code", written, v.span());
                            }
                        }
                        "reason" => {
                            let text = c.want("reason", v, Want::String).and_then(|v| v.as_str());
                            if text.is_some_and(|t| t.trim().is_empty()) {
                                c.push(
                                    Some(v.span()),
                                    "豁免须写明理由（reason），理由会随诊断一起列在报告中".into(),
                                    "a waiver needs a reason: it is shown with the waived finding".into(),
                                    None,
                                );
                            }
                        }
                        "dossier" => {
                            if let Some(g) = c.want("dossier", v, Want::String).and_then(|v| v.as_str()) {
                                check_glob(c, "dossier", g, v.span());
                            }
                        }
                        "expires" => {
                            c.want("expires", v, Want::Date);
                        }
                        _ => c.unknown_key(k, WAIVER_KEYS, ("[[waivers]] 中", " in [[waivers]]")),
                    }
                }
                let waiver = ("[[waivers]]", table);
                c.missing(
                    span.clone(),
                    waiver,
                    WAIVER_KEYS,
                    "code",
                    ("豁免的诊断代码，如 \"SB324\"", "the code waived, e.g. \"SB324\""),
                );
                c.missing(span, waiver, WAIVER_KEYS, "reason", ("豁免理由", "why it is waived"));
            }),
            _ => c.unknown_key(key, TOP_KEYS, ("", "")),
        }
    }
}

/// Calls `each` for every table of an array of tables (`[[key]]`); anything else is a problem.
fn each_table<'t>(
    c: &mut Checker<'t>,
    key: &str,
    value: &toml::Spanned<toml::de::DeValue<'t>>,
    mut each: impl FnMut(&mut Checker<'t>, std::ops::Range<usize>, &toml::de::DeTable<'t>),
) {
    let wrong = |c: &mut Checker<'t>, span: std::ops::Range<usize>, got: &toml::de::DeValue<'_>| {
        let (got_zh, got_en) = kind_name(got);
        c.push(
            Some(span),
            format!("{key} 应为表的数组（每项以 [[{key}]] 开头），这里是{got_zh}"),
            format!("`{key}` must be an array of tables (each starting with [[{key}]]), not {got_en}"),
            Some((
                format!("每一项写成 [[{key}]]（两层方括号）"),
                format!("write each entry as [[{key}]] (double brackets)"),
            )),
        );
    };
    let Some(list) = value.get_ref().as_array() else {
        wrong(c, value.span(), value.get_ref());
        return;
    };
    for item in list.iter() {
        match item.get_ref().as_table() {
            Some(table) => each(c, item.span(), table),
            None => wrong(c, item.span(), item.get_ref()),
        }
    }
}

fn check_glob(c: &mut Checker<'_>, key: &str, glob: &str, span: std::ops::Range<usize>) {
    if let Err(e) = globset::Glob::new(glob) {
        let detail = printable(&e.kind().to_string());
        c.push(
            Some(span),
            format!("{key} 的通配符无效（{detail}）"),
            format!("`{key}` is not a valid glob ({detail})"),
            Some((
                "通配符：* 任意名称，** 任意层文件夹，? 一个字符，[abc] 其中之一".into(),
                "globs: * any name, ** any depth of folders, ? one character, [abc] one of them".into(),
            )),
        );
    }
}

/// The dossier folders the `[[dossiers]]` globs match, each with its notice, in path order.
pub fn dossier_folders(loaded: &Loaded) -> Vec<(PathBuf, Option<String>)> {
    let dir = loaded.dir();
    let mut found = BTreeMap::new();
    for entry in &loaded.config.dossiers {
        let pattern = crate::folders::tidy(&entry.glob);
        let Ok(glob) = globset::GlobBuilder::new(&pattern).literal_separator(true).build() else { continue };
        let matcher = glob.compile_matcher();
        // `**` reaches any depth; otherwise a glob of N components matches folders N deep.
        let depth = if pattern.contains("**") { usize::MAX } else { pattern.split('/').count() };
        let walk = walkdir::WalkDir::new(dir).min_depth(1).max_depth(depth).sort_by_file_name().into_iter();
        // Hidden folders (.git) are never dossiers, and nothing inside them is looked at.
        let visible = walk.filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            e.depth() == 0 || !crate::folders::is_hidden(&name)
        });
        for e in visible.filter_map(Result::ok).filter(|e| e.file_type().is_dir()) {
            let Ok(rel) = e.path().strip_prefix(dir) else { continue };
            let rel = rel.to_string_lossy().replace('\\', "/");
            if matcher.is_match(&rel) {
                found.entry(e.path().to_owned()).or_insert_with(|| entry.notice.clone());
            }
        }
    }
    found.into_iter().collect()
}

/// What changes diagnostics after the checks: overrides, waivers, `deny`.
#[derive(Debug, Clone, Default)]
pub struct Policy {
    pub severity: BTreeMap<Code, Level>,
    pub waivers: Vec<(Waiver, Option<globset::GlobMatcher>)>,
    pub deny_warnings: bool,
}

impl Policy {
    pub fn new(config: Option<&RepoConfig>, deny: &[Deny]) -> Self {
        let mut policy = Policy { deny_warnings: deny.contains(&Deny::Warnings), ..Default::default() };
        if let Some(c) = config {
            policy.deny_warnings |= c.deny.contains(&Deny::Warnings);
            policy.severity = c.severity.iter().filter_map(|(k, v)| Code::parse(k).map(|code| (code, *v))).collect();
            policy.waivers = c
                .waivers
                .iter()
                .map(|w| {
                    let matcher =
                        w.dossier.as_deref().and_then(|g| globset::Glob::new(g).ok()).map(|g| g.compile_matcher());
                    (w.clone(), matcher)
                })
                .collect();
        }
        policy
    }

    pub fn is_empty(&self) -> bool {
        self.severity.is_empty() && self.waivers.is_empty() && !self.deny_warnings
    }
}

fn expired(w: &Waiver, today: jiff::civil::Date) -> bool {
    w.expires
        .and_then(|d| d.date)
        .is_some_and(|d| jiff::civil::Date::new(d.year as i16, d.month as i8, d.day as i8).is_ok_and(|exp| exp < today))
}

/// Applies the policy to every diagnostic of the report, then recomputes pass/fail and the summary. The
/// notes it adds (SB008) are worded by the renderers: `_lang` is no longer needed.
pub fn apply(report: &mut Report, policy: &Policy, today: jiff::civil::Date, _lang: Lang) {
    if policy.is_empty() {
        return;
    }
    let mut expired_notes: Vec<Diagnostic> = Vec::new();
    for (waiver, _) in &policy.waivers {
        if expired(waiver, today) {
            let date = waiver.expires.map(|d| d.to_string()).unwrap_or_default();
            let note = Diagnostic::of(crate::checks::RunFinding::WaiverExpired {
                file: CONFIG_FILE.to_owned(),
                code: waiver.code.clone(),
                date,
                reason: waiver.reason.clone(),
            });
            expired_notes.push(note.line(waiver.line.unwrap_or(1)));
        }
    }
    let adjust = |d: &mut Diagnostic, dossier: &str| {
        let original = d.severity;
        if let Some(s) = policy.severity.get(&d.code).and_then(|l| l.severity()) {
            d.severity = s;
        }
        let waiver = policy.waivers.iter().find(|(w, m)| {
            Code::parse(&w.code) == Some(d.code)
                && !expired(w, today)
                && m.as_ref().is_none_or(|m| {
                    // A batch finding is waived only when every dossier it names is.
                    if d.dossiers.is_empty() {
                        m.is_match(dossier)
                    } else {
                        d.dossiers.iter().all(|p| m.is_match(p))
                    }
                })
        });
        if let Some((w, _)) = waiver {
            d.waiver = Some(w.reason.clone());
            d.severity = Severity::Info;
        } else if policy.deny_warnings && d.severity == Severity::Warning {
            d.severity = Severity::Error;
        }
        if d.severity != original {
            d.was = Some(original);
        }
    };
    let mut skipped: BTreeMap<Code, usize> = BTreeMap::new();
    let mut drop_off = |list: &mut Vec<Diagnostic>| {
        list.retain(|d| {
            let off = policy.severity.get(&d.code) == Some(&Level::Off);
            if off {
                *skipped.entry(d.code).or_default() += 1;
            }
            !off
        });
    };
    let dossiers: Vec<crate::report::DossierReport> = std::mem::take(&mut report.dossiers)
        .into_iter()
        .map(|mut d| {
            drop_off(&mut d.diagnostics);
            let path = d.path.clone();
            for diag in &mut d.diagnostics {
                adjust(diag, &path);
            }
            d.finish()
        })
        .collect();
    if let Some(b) = &mut report.batch {
        drop_off(&mut b.diagnostics);
        for diag in &mut b.diagnostics {
            adjust(diag, "");
        }
        b.passed = !b.diagnostics.iter().any(|d| d.severity == Severity::Error);
    }
    let batch = report.batch.take();
    let mut rebuilt = match batch {
        Some(b) => Report::batch(dossiers, b),
        None => Report::new(dossiers),
    };
    // An expired waiver is the repository's matter, not a dossier's: reported once, at shenbao.toml.
    for note in &expired_notes {
        match note.severity {
            Severity::Error => rebuilt.summary.errors += 1,
            Severity::Warning => rebuilt.summary.warnings += 1,
            Severity::Info => {}
        }
    }
    rebuilt.config = expired_notes;
    rebuilt.skipped = skipped.into_iter().map(|(code, count)| crate::report::Skipped { code, count }).collect();
    *report = rebuilt;
}

/// `shenbao config show`: the effective config and where each value came from.
pub fn show(loaded: Option<&Loaded>, lang: Lang) -> String {
    let mut out = String::new();
    let source = loaded.map_or_else(|| lang.pick("（默认）", "(default)").to_owned(), |l| l.path.display().to_string());
    match loaded {
        None => {
            out += &lang.pick(
                format!("未找到 {CONFIG_FILE}（从当前目录向上查找）；使用默认设置。\n"),
                format!("no {CONFIG_FILE} found (searched from the working directory up); defaults apply.\n"),
            );
        }
        Some(_) => out += &lang.pick(format!("配置文件：{source}\n"), format!("config file: {source}\n")),
    }
    let c = loaded.map(|l| l.config.clone()).unwrap_or_default();
    let from = |set: bool| if set { source.clone() } else { lang.pick("（默认）", "(default)").to_owned() };
    // The language in effect: --lang, SHENBAO_LANG, this file, the locale, Chinese: in that order.
    let lang_source = match c.lang {
        Some(l) if l == lang => source.clone(),
        _ => "--lang / SHENBAO_LANG / LC_ALL / LANG".to_owned(),
    };
    out += &format!("lang = {:?}    # {lang_source}\n", lang.pick("zh", "en"));
    out += &format!(
        "deny = {:?}    # {}\n",
        c.deny.iter().map(|_| "warnings").collect::<Vec<_>>(),
        from(!c.deny.is_empty())
    );
    out += &format!("rules = {:?}    # {}\n", c.rules, from(!c.rules.is_empty()));
    for d in &c.dossiers {
        out += &format!(
            "[[dossiers]] glob = {:?}, notice = {:?}    # {source}\n",
            d.glob,
            d.notice.as_deref().unwrap_or("(dossier.toml)")
        );
    }
    if let Some(l) = loaded {
        for (path, notice) in dossier_folders(l) {
            out += &format!("  → {} ({})\n", path.display(), notice.as_deref().unwrap_or("dossier.toml"));
        }
    }
    for (code, sev) in &c.severity {
        out += &format!("[severity] {code} = {:?}    # {source}\n", format!("{sev:?}").to_lowercase());
    }
    for w in &c.waivers {
        out += &format!(
            "[[waivers]] code = {:?}, dossier = {:?}, reason = {:?}, expires = {}    # {source}\n",
            w.code,
            w.dossier.as_deref().unwrap_or("*"),
            w.reason,
            w.expires.map_or_else(|| "-".to_owned(), |d| d.to_string())
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_config_names_unknown_codes_and_reasonless_waivers() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(CONFIG_FILE);
        std::fs::write(&path, "[severity]\nSB999 = \"error\"\n[[waivers]]\ncode = \"SB324\"\nreason = \"\"\n")
            .expect("write");
        let e = load(&path, Lang::En).expect_err("invalid");
        let seen: Vec<(Option<(usize, usize)>, &str)> = e.problems.iter().map(|p| (p.at, p.message.as_str())).collect();
        assert_eq!(
            seen,
            [
                (Some((2, 1)), "[severity]: unknown diagnostic code `SB999`"),
                (Some((5, 10)), "a waiver needs a reason: it is shown with the waived finding"),
            ]
        );
    }

    #[test]
    fn codes_and_values_meant_are_suggested() {
        assert_eq!(nearest_codes("sb 402"), [Code::parse("SB402").expect("code")]);
        assert_eq!(nearest_codes("SB4022"), [Code::parse("SB402").expect("code")]);
        assert_eq!(nearest_codes("batch-toml-invalidd"), [Code::BatchTomlInvalid]);
        assert!(nearest_codes("SB999").is_empty());
        assert!(nearest_codes("whatever").is_empty());
        let levels = LEVELS.iter().copied();
        assert_eq!(suggest("eror", levels.clone()).as_deref(), Some("error"));
        assert_eq!(suggest("WARN", levels.clone()).as_deref(), Some("warning"));
        assert_eq!(suggest("Off", levels.clone()).as_deref(), Some("off"));
        assert_eq!(suggest("maybe", levels), None);
    }

    #[test]
    fn control_characters_are_masked_with_the_same_length() {
        let text = "a = \"\u{1b}[2J\u{9b}\u{202e}\"\n";
        let shown = masked(text);
        assert_eq!(shown.len(), text.len());
        assert!(!shown.chars().any(|c| c.is_control() && c != '\n'), "{shown:?}");
    }

    #[test]
    fn the_nearest_config_above_is_found() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join(CONFIG_FILE), "").expect("write");
        let deep = dir.path().join("a/b");
        std::fs::create_dir_all(&deep).expect("mkdir");
        assert_eq!(find(&deep), Some(dir.path().join(CONFIG_FILE)));
    }
}
