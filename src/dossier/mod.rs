//! What is in a dossier folder: its files (with their real formats) and its optional dossier.toml.
//!
//! Nothing here is ever written: a dossier folder is read only (`shenbao init`, in `crate::init`, is the one
//! command that writes into one).

mod salvage;

use crate::diag::Lang;
use crate::read::file;
use crate::read::sniff::{self, Kind};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The name of the optional per-dossier settings file.
pub const CONFIG_FILE: &str = "dossier.toml";

/// How deep a dossier folder is searched (申报书 at the top, 多媒体材料/图片/xx.jpg three levels down).
pub const MAX_DEPTH: usize = 6;
/// How many of the files further down are named in the one diagnostic that reports them.
pub const TOO_DEEP_SHOWN: usize = 10;
/// How many entries below [`MAX_DEPTH`] are looked at to count what is skipped there, at most.
pub const TOO_DEEP_BUDGET: usize = 10_000;

/// dossier.toml: what the folder itself says about the dossier. Every key is optional; the Chinese
/// aliases let applicants write the words of the notice.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DossierConfig {
    /// The notice id (or a path to a rule file, relative to the folder).
    #[serde(alias = "通知")]
    pub notice: Option<String>,
    /// 案例名称 / 项目名称 / 场景名称.
    #[serde(alias = "案例名称", alias = "项目名称", alias = "场景名称")]
    pub name: Option<String>,
    /// 申报单位 (牵头单位, 参赛单位).
    #[serde(alias = "申报单位", alias = "牵头单位", alias = "参赛单位")]
    pub unit: Option<String>,
    /// 单位类型: 企业, 事业单位, 部属高校, 其他高校...
    #[serde(alias = "单位类型")]
    pub unit_type: Option<String>,
    /// 联合申报单位 / 参与单位.
    #[serde(default, alias = "联合申报单位", alias = "参与单位")]
    pub joint_units: Vec<String>,
    /// 推荐单位.
    #[serde(alias = "推荐单位")]
    pub recommender: Option<String>,
    /// 地区 (for per-region quotas).
    #[serde(alias = "地区")]
    pub region: Option<String>,
    /// 部门 (for per-department quotas).
    #[serde(alias = "部门")]
    pub department: Option<String>,
    /// 领域.
    #[serde(alias = "领域")]
    pub field: Option<String>,
    /// 赛道 and 赛题.
    #[serde(alias = "赛道")]
    pub track: Option<String>,
    #[serde(alias = "赛题")]
    pub topic: Option<String>,
    /// 申报方向 and 应用领域 (qh-2025-scenes allows several).
    #[serde(default, alias = "申报方向")]
    pub directions: Vec<String>,
    #[serde(default, alias = "应用领域")]
    pub areas: Vec<String>,
    /// 推荐意见, written by the recommending unit for the 汇总表.
    #[serde(alias = "推荐意见")]
    pub recommendation: Option<String>,
    /// 优先级排序: 1 is forwarded first.
    #[serde(alias = "优先级")]
    pub priority: Option<u32>,
    /// The deadline round aimed at (批次), by its name in the rule file.
    #[serde(alias = "批次")]
    pub round: Option<String>,
    /// Explicit file for a document id: `licence = "证照/营业执照扫描.pdf"` or a list.
    #[serde(default, alias = "文件")]
    pub files: BTreeMap<String, OneOrMany>,
    /// Picture categories by file: `"多媒体材料/图片/图1.jpg" = "数据要素流向图"`.
    #[serde(default, alias = "图片")]
    pub pictures: BTreeMap<String, String>,
    /// 参赛代表 (contests).
    #[serde(default, alias = "团队")]
    pub team: Vec<Member>,
    /// What `shenbao init` wrote into the folder. `init --force` regenerates only the files listed here, and
    /// only while their SHA-256 still matches (an edited file is never overwritten). Checks ignore it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shenbao: Option<InitRecord>,
}

/// dossier.toml `[shenbao]`: `created = [{ path = "申报书.docx", sha256 = "…" }]`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct InitRecord {
    #[serde(default)]
    pub created: Vec<CreatedFile>,
}

/// A file `shenbao init` created: its path inside the folder and the SHA-256 of what it wrote.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CreatedFile {
    pub path: String,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn paths(&self) -> Vec<&str> {
        match self {
            OneOrMany::One(p) => vec![p.as_str()],
            OneOrMany::Many(ps) => ps.iter().map(String::as_str).collect(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    #[serde(alias = "姓名")]
    pub name: String,
    #[serde(alias = "电话", alias = "手机")]
    pub phone: Option<String>,
    #[serde(alias = "身份证号")]
    pub id_number: Option<String>,
    #[serde(alias = "职务")]
    pub role: Option<String>,
}

/// One file in the folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Path inside the dossier folder, with `/` separators.
    pub rel: String,
    pub path: PathBuf,
    pub size: u64,
    /// Seconds since the epoch of the last modification, when known.
    pub modified: Option<i64>,
    /// The real format, by content.
    pub kind: Kind,
    /// Lower-case extension, without the dot.
    pub ext: Option<String>,
    /// Why the file could not be read, when it could not.
    pub error: Option<crate::diag::IoProblem>,
    /// The name on disk is not UTF-8 and was read as GBK (a Windows zip unpacked elsewhere), or could not
    /// be read at all (`rel` then has replacement characters).
    pub name_encoding: Option<NameEncoding>,
}

/// How a file name that is not UTF-8 was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameEncoding {
    Gbk,
    Unknown,
}

/// A path inside the dossier that is not read: what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotRead {
    /// A link to a folder (never entered: no loops, no escapes from the dossier).
    LinkedFolder,
    /// A link whose target does not exist.
    BrokenLink,
    /// A FIFO, socket or device: reading it could block or never end.
    Special,
    /// A link whose target, all links resolved, lies outside the dossier folder: neither read nor packed,
    /// so that a “licence” linked to /etc/passwd never leaves the machine inside a bundle.
    Outside { target: String },
    /// Files further down than [`MAX_DEPTH`] levels: the first [`TOO_DEEP_SHOWN`] of them by path, and how
    /// many there are (`more` when the count stopped at [`TOO_DEEP_BUDGET`] entries).
    TooDeep { shown: Vec<String>, total: usize, more: bool },
}

impl Entry {
    pub fn file_name(&self) -> &str {
        self.rel.rsplit('/').next().unwrap_or(&self.rel)
    }

    /// The format the extension promises, when it promises one we know.
    pub fn promised(&self) -> Option<Kind> {
        self.ext.as_deref().and_then(Kind::from_extension)
    }
}

/// A dossier folder as found on disk.
#[derive(Debug, Clone)]
pub struct Dossier {
    pub root: PathBuf,
    /// The path as the user gave it, for messages and reports.
    pub display: String,
    /// dossier.toml, less any key that could not be read (those are in `config_problems`).
    pub config: Option<DossierConfig>,
    /// What was wrong in dossier.toml, in text order.
    pub config_problems: Vec<ConfigProblem>,
    pub files: Vec<Entry>,
    /// Word/WPS lock files (`~$...`), kept apart from the files.
    pub lock_files: Vec<String>,
    /// Folders or files the walk could not read.
    pub walk_errors: Vec<(String, crate::diag::IoProblem)>,
    /// Links and special files, which are listed but not read.
    pub not_read: Vec<(String, NotRead)>,
}

#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    #[error("{0}: not found")]
    NotFound(String),
    #[error("{0}: not a folder")]
    NotADirectory(String),
    #[error("{0}: {1}")]
    Io(String, std::io::Error),
}

/// Files never part of a submission: system litter and version-control folders.
pub(crate) fn is_litter(name: &str) -> bool {
    name.starts_with('.')
        || name.eq_ignore_ascii_case("Thumbs.db")
        || name.eq_ignore_ascii_case("desktop.ini")
        || name.starts_with("__MACOSX")
}

/// A Word/WPS lock file (`~$申报书.docx`), made while a document is open.
pub(crate) fn is_lock_file(name: &str) -> bool {
    name.starts_with("~$")
}

/// A folder-walk error as data: the I/O error's kind, or the walker's own words (a link loop).
fn walk_problem(e: &walkdir::Error) -> crate::diag::IoProblem {
    e.io_error().map_or_else(
        || crate::diag::IoProblem::new(crate::diag::IoKind::Other, e.to_string()),
        crate::diag::IoProblem::from,
    )
}

/// Reads a dossier folder: lists its files with their real formats and parses dossier.toml.
pub fn scan(root: &Path, display: &str) -> Result<Dossier, ScanError> {
    let meta = std::fs::metadata(root).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => ScanError::NotFound(display.to_owned()),
        _ => ScanError::Io(display.to_owned(), e),
    })?;
    if !meta.is_dir() {
        return Err(ScanError::NotADirectory(display.to_owned()));
    }
    let mut dossier = Dossier {
        root: root.to_owned(),
        display: display.to_owned(),
        config: None,
        config_problems: Vec::new(),
        files: Vec::new(),
        lock_files: Vec::new(),
        walk_errors: Vec::new(),
        not_read: Vec::new(),
    };

    // Links are judged by where they really lead: the folder's own real path is the yardstick.
    let real_root = dunce::canonicalize(root).unwrap_or_else(|_| root.to_owned());
    let mut deep = (Vec::new(), 0usize, false);
    let mut walker = walkdir::WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_litter(&e.file_name().to_string_lossy()));
    while let Some(item) = walker.next() {
        let entry = match item {
            Ok(entry) => entry,
            // Below the depth searched, nothing is read: an error there is not the user's concern.
            Err(e) if e.depth() > MAX_DEPTH => continue,
            Err(e) => {
                let rel = e.path().map(|p| relative(root, p)).unwrap_or_default();
                dossier.walk_errors.push((rel, walk_problem(&e)));
                continue;
            }
        };
        if entry.depth() == 0 {
            continue;
        }
        let file_type = entry.file_type();
        if entry.depth() > MAX_DEPTH {
            // Counted, not read, within a budget: a tree a million folders deep costs no more than this.
            let (shown, total, more) = &mut deep;
            if *total >= TOO_DEEP_BUDGET {
                *more = true;
                if file_type.is_dir() {
                    walker.skip_current_dir();
                }
                continue;
            }
            if !file_type.is_dir() {
                *total += 1;
                if shown.len() < TOO_DEEP_SHOWN {
                    shown.push(relative(root, entry.path()));
                }
            }
            continue;
        }
        let rel = relative(root, entry.path());
        let (name, name_encoding) = decode_name(entry.file_name());
        if file_type.is_dir() {
            continue;
        }
        let not_read = if file_type.is_file() {
            None
        } else if file_type.is_symlink() {
            // A link is followed only to a file inside the folder; a linked folder is not entered (no loops).
            match dunce::canonicalize(entry.path()) {
                Ok(real) if !real.starts_with(&real_root) => {
                    Some(NotRead::Outside { target: real.to_string_lossy().into_owned() })
                }
                Ok(real) => match std::fs::metadata(&real) {
                    Ok(m) if m.is_file() => None,
                    Ok(m) if m.is_dir() => Some(NotRead::LinkedFolder),
                    Ok(_) => Some(NotRead::Special),
                    Err(e) => {
                        dossier.walk_errors.push((rel, crate::diag::IoProblem::from(&e)));
                        continue;
                    }
                },
                // Gone, or a chain of links that loops back on itself.
                Err(_) => Some(NotRead::BrokenLink),
            }
        } else {
            Some(NotRead::Special)
        };
        if let Some(what) = not_read {
            dossier.not_read.push((rel, what));
            continue;
        }
        if entry.depth() == 1 && name == CONFIG_FILE {
            match file::read_text(entry.path(), file::CONFIG_MAX) {
                Ok(text) => (dossier.config, dossier.config_problems) = parse_config(&text),
                Err(e) => dossier.config_problems.push(ConfigProblem {
                    at: None,
                    ignored: Ignored::File,
                    kind: ConfigProblemKind::Unreadable { zh: e.describe(Lang::Zh), en: e.describe(Lang::En) },
                }),
            }
            continue;
        }
        if is_lock_file(&name) {
            dossier.lock_files.push(rel);
            continue;
        }
        let mut described = describe(entry.path(), rel);
        described.name_encoding = name_encoding;
        dossier.files.push(described);
    }
    let (shown, total, more) = deep;
    if let Some(first) = shown.first() {
        dossier.not_read.push((first.clone(), NotRead::TooDeep { shown, total, more }));
    }
    Ok(dossier)
}

fn describe(path: &Path, rel: String) -> Entry {
    let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase());
    let meta = std::fs::metadata(path);
    let (size, modified) = match &meta {
        Ok(m) => (
            m.len(),
            m.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok()).map(|d| d.as_secs() as i64),
        ),
        Err(_) => (0, None),
    };
    let (kind, error) = match sniff::sniff_file(path) {
        Ok(kind) => (kind, None),
        Err(e) => (Kind::Unknown, Some(crate::diag::IoProblem::from(&e))),
    };
    Entry { rel, path: path.to_owned(), size, modified, kind, ext, error, name_encoding: None }
}

/// A file or folder name as text: UTF-8 as it is; otherwise GBK (what Windows zip tools write for
/// Chinese names), else with replacement characters.
fn decode_name(name: &std::ffi::OsStr) -> (String, Option<NameEncoding>) {
    if let Some(s) = name.to_str() {
        return (s.to_owned(), None);
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        if let Some(s) = encoding_rs::GBK.decode_without_bom_handling_and_without_replacement(name.as_bytes()) {
            return (s.into_owned(), Some(NameEncoding::Gbk));
        }
    }
    (name.to_string_lossy().into_owned(), Some(NameEncoding::Unknown))
}

fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components().map(|c| decode_name(c.as_os_str()).0).collect::<Vec<_>>().join("/")
}

/// One problem in dossier.toml, as plain data: the check words it in the user's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigProblem {
    /// 1-based line and column, when known.
    pub at: Option<(usize, usize)>,
    /// What this check leaves out because of the problem.
    pub ignored: Ignored,
    pub kind: ConfigProblemKind,
}

/// What a problem in dossier.toml costs the check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ignored {
    /// The whole file.
    File,
    /// One key (dotted when it is in a table, `files.licence`), or a whole `[table]`.
    Key(String),
    /// One line whose key cannot be made out.
    Line,
}

/// A TOML syntax error, by what is wrong: the parser's own words are kept for the English message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyntaxError {
    /// A string without its closing quote (`name = "某平台`).
    UnclosedString(String),
    /// A string value without quotes (`notice = ln-2024-cases`).
    Unquoted(String),
    /// A key without `=` and a value.
    NoValue(String),
    /// A `[table]` header without its `]`.
    UnclosedTable(String),
    /// A list (`[…]`) with a missing `]` or comma.
    BadArray(String),
    /// Something more after the value on the same line.
    Trailing(String),
    /// The same key twice.
    DuplicateKey(String),
    /// A key with characters a bare key cannot hold (a Chinese key without quotes).
    BadKey(String),
    /// Anything else.
    Other(String),
}

impl SyntaxError {
    /// Classifies the parser's message ("invalid basic string, expected `\"`").
    pub fn of(message: &str) -> Self {
        let what = message.split(", expected").next().unwrap_or(message).trim();
        let detail = message.to_owned();
        match what {
            w if w.starts_with("invalid") && w.ends_with("string") && w != "invalid string" => {
                Self::UnclosedString(detail)
            }
            "string values must be quoted" | "missing opening quote" => Self::Unquoted(detail),
            "key with no value"
            | "missing value"
            | "missing value for key"
            | "missing assignment between key-value pairs" => Self::NoValue(detail),
            "unclosed table" | "unclosed array table" | "invalid table" | "missing table open" => {
                Self::UnclosedTable(detail)
            }
            "unclosed array"
            | "missing comma between array elements"
            | "extra comma in array"
            | "missing array opening" => Self::BadArray(detail),
            "unexpected key or value" | "unexpected content" | "missing comment start" => Self::Trailing(detail),
            w if w.starts_with("duplicate key") => Self::DuplicateKey(detail),
            "invalid key" | "invalid unquoted key" | "unquoted keys cannot be empty" => Self::BadKey(detail),
            _ => Self::Other(detail),
        }
    }

    /// The parser's own words.
    pub fn detail(&self) -> &str {
        match self {
            Self::UnclosedString(d)
            | Self::Unquoted(d)
            | Self::NoValue(d)
            | Self::UnclosedTable(d)
            | Self::BadArray(d)
            | Self::Trailing(d)
            | Self::DuplicateKey(d)
            | Self::BadKey(d)
            | Self::Other(d) => d,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigProblemKind {
    /// The file could not be read (not a regular file, over [`file::CONFIG_MAX`], not UTF-8…), in each language.
    Unreadable { zh: String, en: String },
    /// A TOML syntax error: the line is left out ([`Ignored`]), or the whole file when it cannot be.
    Syntax(SyntaxError),
    /// Full-width punctuation (a Chinese input method's `＝`, `“`, `，`) where TOML needs the ASCII mark.
    FullWidth { found: char, meant: char },
    /// A key dossier.toml does not know, with the nearest known key when one is close.
    UnknownKey { key: String, nearest: Option<String> },
    /// A value of the wrong type (`priority = "1"`); `key` is dotted (`files.licence`).
    WrongType { key: String, expected: TomlType, found: Option<TomlType> },
    /// A key written twice under two of its names (`notice` and `通知`).
    Duplicate { key: String, field: String },
    /// Anything else wrong with a key's value, in serde's words.
    InvalidValue { key: String, detail: String },
}

/// The kinds of TOML value, to name them in plain words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TomlType {
    String,
    Integer,
    Float,
    Boolean,
    Datetime,
    Array,
    Table,
}

impl TomlType {
    fn of(value: &toml::de::DeValue<'_>) -> Self {
        use toml::de::DeValue;
        match value {
            DeValue::String(_) => Self::String,
            DeValue::Integer(_) => Self::Integer,
            DeValue::Float(_) => Self::Float,
            DeValue::Boolean(_) => Self::Boolean,
            DeValue::Datetime(_) => Self::Datetime,
            DeValue::Array(_) => Self::Array,
            DeValue::Table(_) => Self::Table,
        }
    }

    /// The type serde expected, from the words after "expected" in its message (`u32`, `a sequence`…).
    fn from_expected(words: &str) -> Option<Self> {
        Some(match words.trim() {
            "a string" | "a borrowed string" | "a character" => Self::String,
            "u8" | "u16" | "u32" | "u64" | "i8" | "i16" | "i32" | "i64" | "an integer" => Self::Integer,
            "f32" | "f64" | "a float" => Self::Float,
            "a boolean" => Self::Boolean,
            "a sequence" => Self::Array,
            w if w == "a map" || w.starts_with("struct ") => Self::Table,
            _ => return None,
        })
    }
}

/// Parses dossier.toml. A key that is unknown or has a wrong value is left out and reported, and the rest
/// is kept: a typo in one key must not hide the `notice`. A line with a TOML syntax error is left out the
/// same way; only a file too broken for that is lost whole.
pub fn parse_config(text: &str) -> (Option<DossierConfig>, Vec<ConfigProblem>) {
    let (text, mut problems) = match salvage::salvage(text) {
        Ok(salvaged) => salvaged,
        Err(problem) => return (None, vec![problem]),
    };
    let text = text.as_str();
    let mut table = match toml::de::DeTable::parse(text) {
        Ok(table) => table,
        Err(e) => {
            // Salvaged text parses; should it not, the file is unused, in the parser's words.
            let kind = ConfigProblemKind::Syntax(SyntaxError::of(e.message().trim()));
            let at = e.span().map(|s| line_column(text, s.start));
            return (None, vec![ConfigProblem { at, ignored: Ignored::File, kind }]);
        }
    };
    // Each round leaves out the key the error falls in, so this ends within one round per key.
    loop {
        let e = match DossierConfig::deserialize(toml::de::Deserializer::from(table.clone())) {
            Ok(config) => {
                problems.sort_by_key(|p: &ConfigProblem| p.at);
                return (Some(config), problems);
            }
            Err(e) => e,
        };
        let at = e.span().map(|s| s.start);
        let Some(top) = at.and_then(|at| entry_at(table.get_ref(), at)) else {
            // Nowhere to pin it: nothing can be trusted.
            let kind = ConfigProblemKind::InvalidValue { key: String::new(), detail: e.message().trim().to_owned() };
            problems.push(ConfigProblem { at: at.map(|a| line_column(text, a)), ignored: Ignored::File, kind });
            return (None, problems);
        };
        let (path, value) = key_path(table.get_ref(), at.unwrap_or(0));
        let kind = classify(e.message().trim(), path.join("."), value.map(TomlType::of));
        problems.push(ConfigProblem {
            at: at.map(|a| line_column(text, a)),
            ignored: Ignored::Key(top.to_string()),
            kind,
        });
        table.get_mut().remove(top.as_ref());
    }
}

/// The key of the entry that `at` falls in: the last one starting at or before it. A `[table]` entry
/// spans only its header, so containment would miss the keys written under it.
fn entry_at<'i>(table: &toml::de::DeTable<'i>, at: usize) -> Option<toml::de::DeString<'i>> {
    table
        .iter()
        .map(|(k, v)| (k.span().start.min(v.span().start), k))
        .filter(|(start, _)| *start <= at)
        .max_by_key(|(start, _)| *start)
        .map(|(_, k)| k.get_ref().clone())
}

/// The dotted key (`files.licence`) and the value that `at` falls in, going down through tables.
fn key_path<'a, 'i>(table: &'a toml::de::DeTable<'i>, at: usize) -> (Vec<String>, Option<&'a toml::de::DeValue<'i>>) {
    let Some(key) = entry_at(table, at) else { return (Vec::new(), None) };
    let Some(value) = table.get(key.as_ref()) else { return (Vec::new(), None) };
    let mut path = vec![key.into_owned()];
    match value.get_ref() {
        toml::de::DeValue::Table(inner) if entry_at(inner, at).is_some() => {
            let (rest, value) = key_path(inner, at);
            path.extend(rest);
            (path, value)
        }
        inner => (path, Some(inner)),
    }
}

/// Turns serde's message into a problem: "unknown field `x`, expected one of `a`, `b`", "duplicate field
/// `x`" and "invalid type: string \"1\", expected u32" are recognised, anything else is kept as it is.
fn classify(message: &str, key: String, found: Option<TomlType>) -> ConfigProblemKind {
    if message.starts_with("unknown field") {
        let mut quoted = message.split('`').skip(1).step_by(2);
        if let Some(unknown) = quoted.next() {
            return ConfigProblemKind::UnknownKey { key: unknown.to_owned(), nearest: nearest(unknown, quoted) };
        }
    }
    if let Some(field) = message.strip_prefix("duplicate field `").and_then(|m| m.strip_suffix('`')) {
        return ConfigProblemKind::Duplicate { key, field: field.to_owned() };
    }
    if let Some(expected) = message.strip_prefix("invalid type: ").and_then(|m| m.rsplit_once(", expected ")) {
        if let Some(expected) = TomlType::from_expected(expected.1) {
            return ConfigProblemKind::WrongType { key, expected, found };
        }
    }
    ConfigProblemKind::InvalidValue { key, detail: message.to_owned() }
}

/// The known key closest to a misspelt one, when it is close enough to be what was meant: at most two
/// edits, and no more edits than half the key (so 地址 does not become 通知).
pub(crate) fn nearest<'k>(unknown: &str, known: impl Iterator<Item = &'k str>) -> Option<String> {
    let len = unknown.chars().count();
    known
        .map(|k| (edit_distance(unknown, k), k))
        .filter(|&(d, _)| d <= 2 && 2 * d <= len)
        .min_by_key(|&(d, _)| d)
        .map(|(_, k)| k.to_owned())
}

/// Levenshtein distance, by characters.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != *cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}

/// 1-based line and column (in characters) of a byte offset.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset.min(text.len())).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// "line L, column C: message" for a TOML error.
pub(crate) fn describe_toml_error(text: &str, e: &toml::de::Error) -> String {
    match e.span() {
        Some(span) => {
            let (line, column) = line_column(text, span.start);
            format!("{line}:{column}: {}", e.message().trim())
        }
        None => e.message().trim().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_accepts_chinese_keys() {
        // TOML bare keys are ASCII: Chinese keys are quoted.
        let text = "\"通知\" = \"cq-2024-cases-2\"\n\"申报单位\" = \"重庆某科技有限公司\"\n\"优先级\" = 2\n[\"文件\"]\nlicence = \"证照/执照.pdf\"\n";
        let config: DossierConfig = toml::from_str(text).expect("parses");
        assert_eq!(config.notice.as_deref(), Some("cq-2024-cases-2"));
        assert_eq!(config.unit.as_deref(), Some("重庆某科技有限公司"));
        assert_eq!(config.priority, Some(2));
        assert_eq!(config.files["licence"].paths(), vec!["证照/执照.pdf"]);
    }

    #[test]
    fn a_bad_key_is_left_out_and_the_rest_kept() {
        let text = "notice = \"x\"\nprority = 1\nround = 2024-03-01\n[files]\nlicence = 1\n";
        let (config, problems) = parse_config(text);
        assert_eq!(config.expect("the rest is kept").notice.as_deref(), Some("x"));
        let kinds: Vec<_> = problems.iter().map(|p| (p.at, &p.ignored, &p.kind)).collect();
        assert_eq!(
            kinds,
            [
                (
                    Some((2, 1)),
                    &Ignored::Key("prority".into()),
                    &ConfigProblemKind::UnknownKey { key: "prority".into(), nearest: Some("priority".into()) }
                ),
                (
                    Some((3, 9)),
                    &Ignored::Key("round".into()),
                    &ConfigProblemKind::WrongType {
                        key: "round".into(),
                        expected: TomlType::String,
                        found: Some(TomlType::Datetime)
                    }
                ),
                (
                    Some((5, 11)),
                    &Ignored::Key("files".into()),
                    &ConfigProblemKind::InvalidValue {
                        key: "files.licence".into(),
                        detail: "data did not match any variant of untagged enum OneOrMany".into()
                    }
                ),
            ]
        );
    }

    #[test]
    fn a_syntax_error_loses_its_line_only() {
        let (config, problems) = parse_config("notice = ln-2024-cases\nunit = \"某公司\"\n");
        assert_eq!(config.expect("the rest is kept").unit.as_deref(), Some("某公司"));
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].at, Some((1, 10)));
        assert_eq!(problems[0].ignored, Ignored::Key("notice".into()));
        assert!(matches!(problems[0].kind, ConfigProblemKind::Syntax(SyntaxError::Unquoted(_))), "{problems:?}");
    }

    #[test]
    fn broken_lines_are_named_and_the_rest_read() {
        let text = "notice = \"cq-2024-cases-2\"\nunit ＝ \"某公司\"\nname = \"某平台\nregion = \"渝中区\"\n[files\nlicence = \"a.pdf\"\n[pictures]\n\"a.jpg\" = \"其他\"\n";
        let (config, problems) = parse_config(text);
        let config = config.expect("the rest is kept");
        assert_eq!(config.notice.as_deref(), Some("cq-2024-cases-2"));
        assert_eq!(config.region.as_deref(), Some("渝中区"));
        assert_eq!((config.unit, config.name), (None, None));
        assert!(config.files.is_empty(), "the broken table is left out whole, not read as top-level keys");
        assert_eq!(config.pictures.len(), 1);
        let found: Vec<_> = problems.iter().map(|p| (p.at, &p.ignored, &p.kind)).collect();
        assert_eq!(
            found,
            [
                (Some((2, 6)), &Ignored::Key("unit".into()), &ConfigProblemKind::FullWidth { found: '＝', meant: '=' }),
                (
                    Some((3, 12)),
                    &Ignored::Key("name".into()),
                    &ConfigProblemKind::Syntax(SyntaxError::UnclosedString(
                        "invalid basic string, expected `\"`".into()
                    ))
                ),
                (
                    Some((5, 7)),
                    &Ignored::Key("files".into()),
                    &ConfigProblemKind::Syntax(SyntaxError::UnclosedTable("unclosed table, expected `]`".into()))
                ),
            ]
        );
    }

    #[test]
    fn a_list_left_open_is_blamed_on_its_line_with_its_elements() {
        // The parser finds the list unclosed only at `name`; the blame goes up to `directions`.
        let (config, problems) = parse_config("notice = \"x\"\ndirections = [\"a\",\n  \"b\"\nname = \"n\"\n");
        let config = config.expect("the rest is kept");
        assert_eq!((config.notice.as_deref(), config.name.as_deref()), (Some("x"), Some("n")));
        let found: Vec<_> = problems.iter().map(|p| (p.at, &p.ignored)).collect();
        assert_eq!(found, [(Some((2, 19)), &Ignored::Key("directions".into()))]);
    }

    #[test]
    fn a_file_too_broken_is_unused_whole() {
        let many: String = (0..30).map(|i| format!("k{i} ＝ 1\n")).collect();
        let (config, problems) = parse_config(&many);
        assert_eq!(config, None);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!((problems[0].at, &problems[0].ignored), (Some((1, 4)), &Ignored::File));
    }

    #[test]
    fn full_width_marks_inside_quotes_are_text() {
        let (config, problems) = parse_config("name = \"“数据要素×”平台，一期\"\n");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(config.expect("read").name.as_deref(), Some("“数据要素×”平台，一期"));
        let (_, problems) = parse_config("notice = “cq-2024-cases-2”\n");
        assert_eq!(problems[0].kind, ConfigProblemKind::FullWidth { found: '“', meant: '"' });
        assert_eq!(problems[0].at, Some((1, 10)));
    }

    #[test]
    fn only_a_close_key_is_suggested() {
        let known = ["notice", "通知", "priority", "优先级", "name"];
        assert_eq!(nearest("prority", known.into_iter()).as_deref(), Some("priority"));
        assert_eq!(nearest("nmae", known.into_iter()).as_deref(), Some("name"));
        assert_eq!(nearest("优先", known.into_iter()).as_deref(), Some("优先级"));
        assert_eq!(nearest("地址", known.into_iter()), None);
        assert_eq!(nearest("homepage", known.into_iter()), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn unknown_keys_are_rejected_with_a_position() {
        let text = "notice = \"x\"\nprority = 1\n";
        let err = toml::from_str::<DossierConfig>(text).expect_err("typo");
        assert!(describe_toml_error(text, &err).starts_with("2:1:"), "{}", describe_toml_error(text, &err));
    }
}
