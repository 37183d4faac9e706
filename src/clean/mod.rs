//! `shenbao clean`: the 申报书 as it should be submitted. A copy of the package with tracked changes
//! accepted, comments and their parts removed, personal data cleared (core and extended properties,
//! custom properties, rsids, the attached template's path), hidden text kept or, when asked, removed.
//!
//! The document is first read as `check` and `count` read it ([`read_docx`]: the same size, depth and
//! content caps), then every part is copied: WordprocessingML parts through the streaming rewrite of
//! [`story`], the package's relationships and content types without the removed parts, the property
//! parts without the personal fields, everything else (images, fonts, themes) byte for byte.

mod story;

use std::collections::HashSet;
use std::io::{Cursor, Read};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive};

use crate::diag::Lang;
use crate::output::package::{Rewriter, Stored};
use crate::read::docx::xml::{Scanner, Token};
use crate::read::docx::{read_docx, DocxError, MAX_PART_BYTES};

pub use story::PartTally;

/// Most zip entries a package may hold: a real 申报书 has a few dozen (a few hundred with many
/// pictures). Past this the file is refused rather than copied entry by entry.
pub const MAX_ENTRIES: usize = 20_000;

/// Most XML inflated and rewritten over the whole package (each part is also capped at
/// [`MAX_PART_BYTES`]): keeps a package of many near-cap parts within the time and memory bounds.
pub const MAX_XML_TOTAL: u64 = 256 * 1024 * 1024;

/// What the copy should leave out beyond changes, comments and personal data.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Remove runs hidden with `w:vanish` (kept by default: hidden text may be intended).
    pub remove_hidden: bool,
}

/// What cleaning did, counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Tally {
    /// Tracked changes accepted (insertions, deletions, moves, deleted paragraph marks and rows,
    /// formatting and property changes).
    pub revisions: usize,
    /// Comments removed (those in the comments part; anchors without one are removed too).
    pub comments: usize,
    /// Document properties cleared: author, last modified by, company, manager, template path,
    /// each custom property, the attached template.
    pub properties: usize,
    /// Runs of hidden text found.
    pub hidden_runs: usize,
    /// Whether those runs were removed.
    pub hidden_removed: bool,
    /// rsid attributes removed.
    pub rsids: usize,
}

impl Tally {
    /// “接受修订 12 处，删除批注 3 条，清除文档属性 4 项”, and the hidden text.
    pub fn summary(&self, lang: Lang) -> String {
        let mut s = match lang {
            Lang::En => format!(
                "accepted {} tracked change(s), removed {} comment(s), cleared {} document propert{}",
                self.revisions,
                self.comments,
                self.properties,
                if self.properties == 1 { "y" } else { "ies" }
            ),
            _ => format!(
                "接受修订 {} 处，删除批注 {} 条，清除文档属性 {} 项",
                self.revisions, self.comments, self.properties
            ),
        };
        if self.hidden_runs > 0 {
            s.push_str(&match (lang, self.hidden_removed) {
                (Lang::En, true) => format!(", removed {} run(s) of hidden text", self.hidden_runs),
                (Lang::En, false) => format!(
                    "; kept {} run(s) of hidden text (they may be intended: --remove-hidden removes them)",
                    self.hidden_runs
                ),
                (_, true) => format!("，删除隐藏文字 {} 处", self.hidden_runs),
                (_, false) => {
                    format!("；保留隐藏文字 {} 处（可能是有意隐藏的；加 --remove-hidden 删除）", self.hidden_runs)
                }
            });
        }
        s
    }
}

/// The cleaned package and what was done.
#[derive(Debug)]
pub struct Cleaned {
    pub bytes: Vec<u8>,
    pub tally: Tally,
}

/// Why a file could not be cleaned.
#[derive(Debug, thiserror::Error)]
pub enum CleanError {
    /// The file does not read as a Word document (what `check` reports as SB205).
    #[error("{0}")]
    Read(#[from] DocxError),
    #[error("the package holds more than {MAX_ENTRIES} entries")]
    TooManyEntries,
    #[error("the package's XML inflates to more than {} MB", MAX_XML_TOTAL >> 20)]
    TooMuchXml,
}

impl CleanError {
    pub fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (CleanError::Read(e), _) => e.describe(lang),
            (_, Lang::En) => format!("{self}, far more than a real document: refused as damaged or hostile"),
            (CleanError::TooManyEntries, _) => {
                format!("压缩包中的部件超过 {MAX_ENTRIES} 个，远超正常的申报书，可能已损坏或被恶意构造")
            }
            (CleanError::TooMuchXml, _) => {
                format!(
                    "文档的 XML 解压后合计超过 {} MB，远超正常的申报书，可能已损坏或被恶意构造",
                    MAX_XML_TOTAL >> 20
                )
            }
        }
    }
}

/// Relationship types whose parts the copy leaves out (the last segment of the type URI).
const REMOVED_TYPES: [&str; 6] =
    ["comments", "commentsExtended", "commentsIds", "commentsExtensible", "people", "custom-properties"];

/// The usual names of those parts, removed even when no relationship names them.
const REMOVED_NAMES: [&str; 6] = [
    "word/comments.xml",
    "word/commentsextended.xml",
    "word/commentsids.xml",
    "word/commentsextensible.xml",
    "word/people.xml",
    "docprops/custom.xml",
];

fn normalize(name: &str) -> String {
    name.trim_start_matches(['/', '\\']).replace('\\', "/").to_ascii_lowercase()
}

/// Cleans a .docx held in memory.
pub fn clean(bytes: &[u8], options: Options) -> Result<Cleaned, CleanError> {
    // The same reading as check and count: refuses what they refuse, with the same words.
    let doc = read_docx(bytes)?;
    let mut package = Rewriter::new(bytes).map_err(|e| DocxError::Zip(e.to_string()))?;
    if package.archive().len() > MAX_ENTRIES {
        return Err(CleanError::TooManyEntries);
    }
    let mut budget = MAX_XML_TOTAL;
    let mut tally = Tally { comments: doc.hidden.comments, hidden_removed: options.remove_hidden, ..Tally::default() };

    // Which parts go: those the relationships name with a removed type, the usual names, and the
    // relationship parts of removed parts.
    let names = package.names();
    let mut removed: HashSet<String> = REMOVED_NAMES.iter().map(|n| (*n).to_owned()).collect();
    for name in names.iter().filter(|n| n.ends_with(".rels")) {
        let Some(xml) = read_text(package.archive(), name, &mut budget)? else { continue };
        for rel in relationships(&xml, rels_source_dir(name)) {
            if REMOVED_TYPES.contains(&rel.kind.as_str()) && !rel.external {
                removed.insert(normalize(&rel.target));
            }
        }
    }
    let removed_rels: Vec<String> = removed
        .iter()
        .map(|part| match part.rsplit_once('/') {
            Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
            None => format!("_rels/{part}.rels"),
        })
        .collect();
    removed.extend(removed_rels);
    if let Some(xml) = names.iter().find(|n| normalize(n) == "docprops/custom.xml").cloned() {
        if let Some(xml) = read_text(package.archive(), &xml, &mut budget)? {
            tally.properties += count_elements(&xml, "property");
        }
    }

    let opts = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6))
        .last_modified_time(zip::DateTime::default());
    let write_err = |e: &dyn std::fmt::Display| CleanError::Read(DocxError::Io(std::io::Error::other(e.to_string())));
    for (index, name) in names.iter().enumerate() {
        let key = normalize(name);
        if removed.contains(&key) {
            continue;
        }
        let rewritten = if key == "[content_types].xml" {
            read_text(package.archive(), name, &mut budget)?.map(|xml| content_types(&xml, &removed))
        } else if key.ends_with(".rels") {
            read_text(package.archive(), name, &mut budget)?.map(|xml| rels(&xml, rels_source_dir(name), &removed))
        } else if key == "docprops/core.xml" {
            read_text(package.archive(), name, &mut budget)?.map(|xml| properties(&xml, &mut tally))
        } else if key == "docprops/app.xml" {
            read_text(package.archive(), name, &mut budget)?.map(|xml| properties(&xml, &mut tally))
        } else if key.starts_with("word/") && key.ends_with(".xml") && !key.starts_with("word/theme/") {
            let settings = key.rsplit('/').next() == Some("settings.xml");
            match read_text(package.archive(), name, &mut budget)? {
                Some(xml) => {
                    let part_opts = story::StoryOptions { remove_hidden: options.remove_hidden, settings };
                    let (text, part) = story::rewrite(&xml, part_opts).map_err(|e| story_error(name, e))?;
                    tally.revisions += part.revisions;
                    tally.hidden_runs += part.hidden_runs;
                    tally.rsids += part.rsids;
                    tally.properties += usize::from(part.template);
                    Some(text)
                }
                None => None,
            }
        } else {
            None
        };
        match rewritten {
            Some(text) => package.replace(index, text.as_bytes(), Stored::With(opts)).map_err(|e| write_err(&e))?,
            None => package.copy(index).map_err(|e| DocxError::Zip(format!("{name}: {e}")))?,
        }
    }
    let bytes = package.finish().map_err(|e| write_err(&e))?;
    Ok(Cleaned { bytes, tally })
}

fn story_error(part: &str, e: story::StoryError) -> CleanError {
    CleanError::Read(match e {
        story::StoryError::Xml { position, message, too_deep: true } => {
            let _ = (position, message);
            DocxError::TooDeep { part: part.to_owned(), limit: crate::read::docx::xml::MAX_DEPTH, elements: true }
        }
        story::StoryError::Xml { position, message, .. } => DocxError::Xml { part: part.to_owned(), position, message },
        story::StoryError::TooDeep => {
            DocxError::TooDeep { part: part.to_owned(), limit: crate::read::docx::MAX_NESTING, elements: false }
        }
    })
}

/// A part as text, charged to the package's budget: `None` for a part that is not text (it is then
/// copied as it is). Larger than [`MAX_PART_BYTES`] or past the budget is refused.
fn read_text(zip: &mut ZipArchive<Cursor<&[u8]>>, name: &str, budget: &mut u64) -> Result<Option<String>, CleanError> {
    let damaged = |e: &dyn std::fmt::Display| CleanError::Read(DocxError::Zip(format!("{name}: {e}")));
    let file = zip.by_name(name).map_err(|e| damaged(&e))?;
    let declared = file.size();
    if declared > MAX_PART_BYTES {
        return Err(DocxError::TooLarge { part: name.to_owned(), limit: MAX_PART_BYTES }.into());
    }
    if declared > *budget {
        return Err(CleanError::TooMuchXml);
    }
    let mut raw = Vec::with_capacity(usize::try_from(declared.min(8 << 20)).unwrap_or(0));
    file.take(MAX_PART_BYTES + 1).read_to_end(&mut raw).map_err(|e| damaged(&e))?;
    if raw.len() as u64 > MAX_PART_BYTES {
        return Err(DocxError::TooLarge { part: name.to_owned(), limit: MAX_PART_BYTES }.into());
    }
    *budget = budget.checked_sub(raw.len() as u64).ok_or(CleanError::TooMuchXml)?;
    Ok(decode(raw))
}

/// UTF-8 (a byte order mark dropped) or UTF-16 with its mark; `None` for anything else.
fn decode(raw: Vec<u8>) -> Option<String> {
    let utf16 = |be: bool| {
        let units = raw[2..].chunks_exact(2).map(|c| {
            if be {
                u16::from_be_bytes([c[0], c[1]])
            } else {
                u16::from_le_bytes([c[0], c[1]])
            }
        });
        char::decode_utf16(units).collect::<Result<String, _>>().ok()
    };
    if raw.starts_with(&[0xFF, 0xFE]) {
        return utf16(false);
    }
    if raw.starts_with(&[0xFE, 0xFF]) {
        return utf16(true);
    }
    let mut text = String::from_utf8(raw).ok()?;
    if text.starts_with('\u{FEFF}') {
        text.drain(..3);
    }
    Some(text)
}

/// The folder whose parts a relationship part's targets are relative to (`word/_rels/document.xml.rels` → `word/`).
fn rels_source_dir(rels_name: &str) -> &str {
    match rels_name.find("_rels/") {
        Some(i) => &rels_name[..i],
        None => "",
    }
}

struct Relationship {
    kind: String,
    target: String,
    external: bool,
}

/// The relationships of a `.rels` part; a malformed one yields what was read before the damage.
fn relationships(xml: &str, source_dir: &str) -> Vec<Relationship> {
    let mut scanner = Scanner::new(xml);
    let mut out = Vec::new();
    while let Ok(Some(token)) = scanner.next() {
        if let Token::Start(tag) | Token::Empty(tag) = token {
            if tag.local() != "Relationship" {
                continue;
            }
            let kind = tag.attr("Type").unwrap_or_default();
            let kind = kind.rsplit('/').next().unwrap_or_default().to_owned();
            let external = tag.attr("TargetMode").is_some_and(|m| m.eq_ignore_ascii_case("external"));
            let target = resolve(source_dir, &tag.attr("Target").unwrap_or_default());
            out.push(Relationship { kind, target, external });
        }
    }
    out
}

/// A relationship target as a part name: relative to `source_dir`, `..` and `.` resolved, or absolute from the root.
fn resolve(source_dir: &str, target: &str) -> String {
    let target = target.split(['#', '?']).next().unwrap_or_default();
    let mut parts: Vec<&str> = Vec::new();
    let joined;
    let path = if let Some(absolute) = target.strip_prefix('/') {
        absolute
    } else {
        joined = format!("{source_dir}{target}");
        &joined
    };
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

fn count_elements(xml: &str, local: &str) -> usize {
    let mut scanner = Scanner::new(xml);
    let mut n = 0;
    while let Ok(Some(token)) = scanner.next() {
        if let Token::Start(tag) | Token::Empty(tag) = token {
            n += usize::from(tag.local() == local);
        }
    }
    n
}

/// A small XML part copied token by token, with `keep` deciding for each element (and its depth) whether
/// it stays. Malformed parts are
/// copied as far as they read and closed.
fn filter_children(xml: &str, mut keep: impl FnMut(&crate::read::docx::xml::Tag<'_>, usize) -> Filter) -> String {
    let mut out = String::with_capacity(xml.len());
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n");
    let mut scanner = Scanner::new(xml);
    let mut open: Vec<&str> = Vec::new();
    let mut skip = 0usize;
    while let Ok(Some(token)) = scanner.next() {
        if skip > 0 {
            match token {
                Token::Start(_) => skip += 1,
                Token::End => skip -= 1,
                _ => {}
            }
            continue;
        }
        match token {
            Token::Start(tag) | Token::Empty(tag) => {
                let empty = matches!(token, Token::Empty(_));
                match keep(&tag, open.len()) {
                    Filter::Drop => {
                        if !empty {
                            skip = 1;
                        }
                        continue;
                    }
                    Filter::Keep => {}
                }
                out.push('<');
                out.push_str(tag.name());
                out.push_str(tag.raw_attrs());
                if empty {
                    out.push_str("/>");
                } else {
                    out.push('>');
                    open.push(tag.name());
                }
            }
            Token::End => {
                if let Some(name) = open.pop() {
                    out.push_str("</");
                    out.push_str(name);
                    out.push('>');
                }
            }
            Token::Text(t) => out.push_str(t),
            Token::CData(t) => {
                out.push_str("<![CDATA[");
                out.push_str(t);
                out.push_str("]]>");
            }
        }
    }
    while let Some(name) = open.pop() {
        out.push_str("</");
        out.push_str(name);
        out.push('>');
    }
    out
}

enum Filter {
    Keep,
    Drop,
}

/// `[Content_Types].xml` without the overrides of removed parts.
fn content_types(xml: &str, removed: &HashSet<String>) -> String {
    filter_children(xml, |tag, depth| {
        let gone = depth == 1
            && tag.local() == "Override"
            && tag.attr("PartName").is_some_and(|p| removed.contains(&normalize(&p)));
        if gone {
            Filter::Drop
        } else {
            Filter::Keep
        }
    })
}

/// A relationship part without the relationships to removed parts and to the attached template.
fn rels(xml: &str, source_dir: &str, removed: &HashSet<String>) -> String {
    filter_children(xml, |tag, depth| {
        if depth != 1 || tag.local() != "Relationship" {
            return Filter::Keep;
        }
        let kind = tag.attr("Type").unwrap_or_default();
        let kind = kind.rsplit('/').next().unwrap_or_default();
        let external = tag.attr("TargetMode").is_some_and(|m| m.eq_ignore_ascii_case("external"));
        let target = normalize(&resolve(source_dir, &tag.attr("Target").unwrap_or_default()));
        if REMOVED_TYPES.contains(&kind) || (!external && removed.contains(&target)) {
            return Filter::Drop;
        }
        // The attached template's path is counted where settings.xml loses its w:attachedTemplate.
        if kind == "attachedTemplate" {
            return Filter::Drop;
        }
        Filter::Keep
    })
}

/// core.xml and app.xml without the fields that name people, their employer or their folders.
fn properties(xml: &str, tally: &mut Tally) -> String {
    let kept = filter_children(xml, |tag, depth| match tag.local() {
        "creator" | "lastModifiedBy" | "Company" | "Manager" if depth == 1 => {
            tally.properties += 1;
            Filter::Drop
        }
        _ => Filter::Keep,
    });
    template_without_path(&kept, tally)
}

/// app.xml's `Template` keeps its file name (Normal.dotm), not the folder it was in.
fn template_without_path(xml: &str, tally: &mut Tally) -> String {
    let Some(start) = xml.find("<Template>") else { return xml.to_owned() };
    let body = start + "<Template>".len();
    let Some(len) = xml[body..].find("</Template>") else { return xml.to_owned() };
    let value = &xml[body..body + len];
    let Some(cut) = value.rfind(['/', '\\']) else { return xml.to_owned() };
    tally.properties += 1;
    format!("{}{}{}", &xml[..body], &value[cut + 1..], &xml[body + len..])
}

/// The default name of the copy: `申报书（清理后）.docx` beside `申报书.docx`.
pub fn default_output(input: &std::path::Path) -> std::path::PathBuf {
    let stem = input.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    input.with_file_name(format!("{stem}（清理后）.docx"))
}
