//! PDFs: they open, they print, the 用印PDF carries a seal and is the same document as the Word.
//!
//! Seal detection is a heuristic and says so; the comparison with the Word file works section by
//! section when the PDF has a text layer, and falls back to page counts for scans.
//!
//! The family file holds, in this order: the check (typed [`StampedFinding`]s, no language), the clauses
//! `shenbao explain` cites for SB321–SB328, and the zh and en wording of each finding.

use crate::diag::{family, Code, Diagnostic, Finding, Lang};
use crate::dossier::Entry;
use crate::notice::{DocumentRule, Role};
use crate::read::pdf::{self as reader, Analysis, Encryption, Limit, PdfError, PdfInfo};
use std::collections::HashSet;

/// What this family finds (SB321–SB328), as data. `file` is the PDF inside the dossier folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StampedFinding {
    /// SB321: the PDF does not parse; `error` is the reader's account of why.
    Damaged { file: String, error: String },
    /// SB321: the file could not be opened or read at all; why, as the file reader words it.
    Unopened { file: String, zh: String, en: String },
    /// SB321: more objects than a check may hold in memory.
    TooComplex { file: String, objects: usize },
    /// SB322: an open password: reviewers cannot open it.
    Encrypted { file: String },
    /// SB323: the permissions forbid printing or copying text.
    Restricted { file: String, forbids: Restriction },
    /// SB327: no pages, or only blank ones.
    Empty { file: String },
    /// SB326: pages past a reader limit, whose seals and text were not (fully) analysed.
    AnalysisLimited { file: String, limit: Option<Limit>, pages: Vec<u32> },
    /// SB328: the summary line of every PDF. `stamp_due`: the notice wants this document stamped.
    Summary { file: String, pages: u32, scanned: bool, seal_pages: Vec<u32>, stamp_due: bool },
    /// SB324: no seal in the pages analysed, and `unanalysed` pages that may hold one.
    NoSealInAnalysed { file: String, stamp: Vec<String>, unanalysed: Vec<u32> },
    /// SB324: no seal anywhere; `stamp` names where the notice wants one.
    NoSeal { file: String, stamp: Vec<String> },
    /// SB324: no seal on the last page of a 用印PDF, where the notice wants a stamp on the 承诺书 and the
    /// Word ends with it (`part`, its title in the Word).
    NoSealOnLastPage { file: String, page: u32, part: String },
    /// SB325: the Word (`word`) was saved after the PDF was made (Unix seconds).
    WordNewer { file: String, word: String, made: i64, edited: i64 },
    /// SB325: a scan whose page count is far from what the Word's 字数 gives.
    ScanPagesDiffer { file: String, pages: u64, expected: u64 },
    /// SB326: a scan, compared by page count only (the counts are close).
    ScanComparedByPages { file: String, pages: u64, expected: u64 },
    /// SB326: the text layer holds too few characters to compare.
    TooLittleText { file: String, chars: usize },
    /// SB325: a section whose text in the PDF is only `percent`% alike the Word's.
    SectionDiffers { file: String, section: String, percent: u32 },
}

/// What an owner password forbids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Restriction {
    Printing,
    Copying,
}

/// The Word file a stamped PDF is compared with.
pub struct WordSide<'a> {
    pub file: &'a str,
    /// (title, text) of each counted part and section.
    pub sections: Vec<(String, String)>,
    pub total_words: u64,
    /// The pages the Word prints on, estimated from its layout (page size, margins, font sizes, line
    /// spacing, tables, breaks, pictures); `None` when it was not estimated.
    pub pages: Option<u64>,
    /// docProps/core.xml dcterms:modified as Unix seconds.
    pub modified: Option<i64>,
}

/// Similarity below which a section counts as changed.
const SAME_TEXT: f64 = 0.85;
/// Sections shorter than this many trigrams are too short to judge.
const MIN_TRIGRAMS: usize = 30;
/// 字 on a printed A4 page of a 申报书 (小四 宋体), for a scan's expected pages when the Word's layout gave
/// no estimate.
const WORDS_PER_PAGE: u64 = 800;
/// The Word saved this long after the PDF was made means it changed after stamping (seconds).
const MODIFIED_SLACK: i64 = 10 * 60;

/// Han characters, letters and digits only: what survives printing, scanning and text extraction.
fn essence(text: &str) -> Vec<char> {
    text.chars().filter(|c| crate::count::is_han(*c) || c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

fn trigrams(chars: &[char]) -> HashSet<[char; 3]> {
    chars.windows(3).map(|w| [w[0], w[1], w[2]]).collect()
}

pub fn check(
    doc: &DocumentRule,
    entry: &Entry,
    info: &Result<PdfInfo, PdfError>,
    text: Option<&str>,
    word: Option<&WordSide<'_>>,
    out: &mut Vec<Diagnostic>,
) {
    let mut found = Vec::new();
    find(doc, &entry.rel, info, text, word, &mut found);
    out.extend(found.into_iter().map(Diagnostic::of));
}

/// [`check`] without the language: the findings about the PDF `file`, pushed to `out`.
pub fn find(
    doc: &DocumentRule,
    file: &str,
    info: &Result<PdfInfo, PdfError>,
    text: Option<&str>,
    word: Option<&WordSide<'_>>,
    out: &mut Vec<StampedFinding>,
) {
    let info = match info {
        Ok(info) => info,
        Err(e) => return out.push(damaged(e, file)),
    };
    let pdf = Pdf { file, info, doc };
    if !pdf.opens(out) || pdf.blank(out) {
        return;
    }
    let incomplete = pdf.analysis_limited(out);
    let seal_pages = pdf.summary(out);
    if !doc.stamp.is_empty() {
        pdf.seals(&seal_pages, &incomplete, word, out);
    }
    let Some(word) = word.filter(|_| doc.role == Role::StampedCopy) else { return };
    pdf.edited_after(word, out);
    // Text or pages that were not read in full cannot be compared: the limit above says so.
    if !incomplete.is_empty() {
        return;
    }
    if info.is_scanned() {
        return pdf.compare_pages(word, out);
    }
    let Some(text) = text else { return };
    pdf.compare_text(text, word, out);
}

/// The finding for a PDF that does not parse (or is too complex to parse safely): nothing else is checked.
fn damaged(e: &PdfError, file: &str) -> StampedFinding {
    match e {
        PdfError::TooComplex(objects) => StampedFinding::TooComplex { file: file.to_owned(), objects: *objects },
        PdfError::Unopened { zh, en } => {
            StampedFinding::Unopened { file: file.to_owned(), zh: zh.clone(), en: en.clone() }
        }
        PdfError::ObjectStreamsTooLarge(mb) => StampedFinding::Unopened {
            file: file.to_owned(),
            zh: format!("对象流解码后超过 {mb} MiB，结构过于复杂，无法安全读取"),
            en: format!("its object streams decode to more than {mb} MiB: too complex to read safely"),
        },
        _ => StampedFinding::Damaged { file: file.to_owned(), error: e.to_string() },
    }
}

/// One PDF being checked, and the rule it stands for.
struct Pdf<'a> {
    file: &'a str,
    info: &'a PdfInfo,
    doc: &'a DocumentRule,
}

impl Pdf<'_> {
    fn file(&self) -> String {
        self.file.to_owned()
    }

    /// A PDF with an open password cannot be read by reviewers (nothing more is checked); one that
    /// forbids printing or copying is told so. Returns whether the checks go on.
    fn opens(&self, out: &mut Vec<StampedFinding>) -> bool {
        match self.info.encryption {
            Encryption::UserPassword => {
                out.push(StampedFinding::Encrypted { file: self.file() });
                return false;
            }
            Encryption::OwnerOnly { print, copy } if !print || !copy => {
                let forbids = if print { Restriction::Copying } else { Restriction::Printing };
                out.push(StampedFinding::Restricted { file: self.file(), forbids });
            }
            _ => {}
        }
        true
    }

    /// A PDF with no pages or only blank ones is reported, and nothing more is checked.
    fn blank(&self, out: &mut Vec<StampedFinding>) -> bool {
        let info = self.info;
        // A page not looked at in full may hold what was not seen: it is never called blank.
        let blank = info
            .page_details
            .iter()
            .all(|p| p.analysis == Analysis::Full && p.text_chars == 0 && p.images == 0 && p.paths == 0);
        if info.pages == 0 || blank {
            out.push(StampedFinding::Empty { file: self.file() });
            return true;
        }

        false
    }

    /// The pages past a reader limit (seals and text not fully analysed there), told once; returned so
    /// that later checks neither call them unsealed nor compare their text.
    fn analysis_limited(&self, out: &mut Vec<StampedFinding>) -> Vec<u32> {
        let incomplete = self.info.incomplete_pages();
        if !incomplete.is_empty() {
            out.push(StampedFinding::AnalysisLimited {
                file: self.file(),
                limit: self.info.limit,
                pages: incomplete.clone(),
            });
        }

        incomplete
    }

    /// The summary line every PDF gets: pages, scan or text layer, and seals where they matter. Returns
    /// the pages a seal was seen on.
    fn summary(&self, out: &mut Vec<StampedFinding>) -> Vec<u32> {
        let info = self.info;
        let seal_pages: Vec<u32> = info.page_details.iter().filter(|p| p.seal.is_some()).map(|p| p.number).collect();
        out.push(StampedFinding::Summary {
            file: self.file(),
            pages: info.pages,
            scanned: info.is_scanned(),
            seal_pages: seal_pages.clone(),
            stamp_due: !self.doc.stamp.is_empty(),
        });

        seal_pages
    }

    /// A document the notice wants stamped: no seal found, found nowhere the pages analysed, or none on
    /// the last page of a 用印PDF whose Word ends with the 承诺书 the notice wants stamped. The last page is
    /// never assumed to be a 承诺书: only the notice's stamp places and the Word's order say so. A
    /// heuristic, and each message says so.
    fn seals(
        &self,
        seal_pages: &[u32],
        incomplete: &[u32],
        word: Option<&WordSide<'_>>,
        out: &mut Vec<StampedFinding>,
    ) {
        let Pdf { info, doc, .. } = *self;
        let stamp = doc.stamp.clone();
        if seal_pages.is_empty() && !incomplete.is_empty() {
            // Not found where it was looked for; the pages not looked at may hold it.
            out.push(StampedFinding::NoSealInAnalysed { file: self.file(), stamp, unanalysed: incomplete.to_vec() });
        } else if seal_pages.is_empty() {
            out.push(StampedFinding::NoSeal { file: self.file(), stamp });
        } else if let Some(part) = closing_pledge(doc, word).filter(|_| {
            !seal_pages.contains(&info.pages) && info.page_details.last().is_some_and(|p| p.analysis == Analysis::Full)
        }) {
            out.push(StampedFinding::NoSealOnLastPage { file: self.file(), page: info.pages, part });
        }
    }

    /// The Word saved after the PDF was made: the stamped copy may predate the final text.
    fn edited_after(&self, word: &WordSide<'_>, out: &mut Vec<StampedFinding>) {
        if let (Some(made), Some(edited)) = (self.info.created, word.modified) {
            if edited > made + MODIFIED_SLACK {
                out.push(StampedFinding::WordNewer { file: self.file(), word: word.file.to_owned(), made, edited });
            }
        }
    }

    /// A scan can be compared with the Word by page count only, the Word's pages estimated from its
    /// layout (else from its 字数). The estimate is within about a fifth of the printed count: a scan
    /// clearly shorter than that (under three quarters of it, and two pages or more) is missing pages or
    /// is another version; one far longer may hold more than the 申报书.
    fn compare_pages(&self, word: &WordSide<'_>, out: &mut Vec<StampedFinding>) {
        let expected = word.pages.unwrap_or_else(|| word.total_words.div_ceil(WORDS_PER_PAGE)).max(1);
        let pages = u64::from(self.info.pages);
        let file = self.file();
        let fewer = pages * 4 < expected * 3 && pages + 2 <= expected;
        out.push(if fewer || pages > expected * 2 + 3 {
            StampedFinding::ScanPagesDiffer { file, pages, expected }
        } else {
            StampedFinding::ScanComparedByPages { file, pages, expected }
        });
    }

    /// A PDF with a text layer is compared with the Word section by section (shared trigrams of what
    /// printing keeps); too little text to compare is told rather than guessed at.
    fn compare_text(&self, text: &str, word: &WordSide<'_>, out: &mut Vec<StampedFinding>) {
        let pdf_chars = essence(text);
        let sections: Vec<(&String, Vec<char>)> = word.sections.iter().map(|(title, t)| (title, essence(t))).collect();
        let word_chars: usize = sections.iter().map(|(_, chars)| chars.len()).sum();
        if pdf_chars.len() * 10 < word_chars * 3 {
            out.push(StampedFinding::TooLittleText { file: self.file(), chars: pdf_chars.len() });
            return;
        }
        let pdf_set = trigrams(&pdf_chars);
        for (title, chars) in &sections {
            let grams = trigrams(chars);
            if grams.len() < MIN_TRIGRAMS {
                continue;
            }
            let shared = grams.iter().filter(|g| pdf_set.contains(*g)).count();
            let similarity = shared as f64 / grams.len() as f64;
            if similarity < SAME_TEXT {
                // Within 0..=85: the rounded percentage fits a u32 exactly.
                let percent = (similarity * 100.0).round() as u32;
                out.push(StampedFinding::SectionDiffers { file: self.file(), section: (*title).clone(), percent });
            }
        }
    }
}

/// The title of the 承诺书 that closes the Word, when the notice wants the 承诺书 of this 用印PDF stamped:
/// then the PDF's last page is that 承诺书.
fn closing_pledge(doc: &DocumentRule, word: Option<&WordSide<'_>>) -> Option<String> {
    const PLEDGE: &str = "承诺";
    if doc.role != Role::StampedCopy || !doc.stamp.iter().any(|place| place.contains(PLEDGE)) {
        return None;
    }
    let (last, _) = word?.sections.last()?;
    last.contains(PLEDGE).then(|| last.clone())
}

/// The clauses `shenbao explain` cites for this family's codes: none yet. The rule files do not cite the
/// notices' stamping sentences as clauses of their own; each seal finding names the page it looked at.
pub fn clauses(code: family::Stamped, _notice: &crate::notice::Notice) -> Vec<(String, &crate::notice::Clause)> {
    use family::Stamped::*;
    match code {
        PdfDamaged | PdfEncrypted | PdfRestricted | PdfNoSeal | PdfOutdated | PdfCompareLimited | PdfEmpty
        | PdfSummary => Vec::new(),
    }
}

// The wording of this family's findings, zh and en together.

impl Finding for StampedFinding {
    fn code(&self) -> Code {
        match self {
            Self::Damaged { .. } | Self::Unopened { .. } | Self::TooComplex { .. } => Code::PdfDamaged,
            Self::Encrypted { .. } => Code::PdfEncrypted,
            Self::Restricted { .. } => Code::PdfRestricted,
            Self::Empty { .. } => Code::PdfEmpty,
            Self::AnalysisLimited { .. } | Self::ScanComparedByPages { .. } | Self::TooLittleText { .. } => {
                Code::PdfCompareLimited
            }
            Self::Summary { .. } => Code::PdfSummary,
            Self::NoSealInAnalysed { .. } | Self::NoSeal { .. } | Self::NoSealOnLastPage { .. } => Code::PdfNoSeal,
            Self::WordNewer { .. } | Self::ScanPagesDiffer { .. } | Self::SectionDiffers { .. } => Code::PdfOutdated,
        }
    }

    fn file(&self) -> Option<&str> {
        match self {
            Self::Damaged { file, .. }
            | Self::Unopened { file, .. }
            | Self::TooComplex { file, .. }
            | Self::Encrypted { file }
            | Self::Restricted { file, .. }
            | Self::Empty { file }
            | Self::AnalysisLimited { file, .. }
            | Self::Summary { file, .. }
            | Self::NoSealInAnalysed { file, .. }
            | Self::NoSeal { file, .. }
            | Self::NoSealOnLastPage { file, .. }
            | Self::WordNewer { file, .. }
            | Self::ScanPagesDiffer { file, .. }
            | Self::ScanComparedByPages { file, .. }
            | Self::TooLittleText { file, .. }
            | Self::SectionDiffers { file, .. } => Some(file),
        }
    }

    fn section(&self) -> Option<&str> {
        match self {
            Self::SectionDiffers { section, .. } => Some(section),
            _ => None,
        }
    }

    fn message(&self, lang: Lang) -> String {
        let pages_counted = |n: u64| crate::diag::counted(n, "page", "pages");
        match self {
            Self::Damaged { file, error } => {
                lang.pick(
                    format!("无法读取 PDF“{file}”：文件已损坏或不是有效的 PDF（系统信息：{error}）"),
                    format!("cannot read the PDF “{file}”: {error}"),
                )
            }
            Self::Unopened { file, zh, en } => {
                lang.pick(format!("无法读取 PDF“{file}”：{zh}"), format!("cannot read the PDF “{file}”: {en}"))
            }
            Self::TooComplex { file, objects } => lang.pick(
                format!("PDF“{file}”结构过于复杂（超过 {} 万个对象），无法安全读取", objects / 10_000),
                format!("the PDF “{file}” is too complex to read safely (more than {objects} objects)"),
            ),
            Self::Encrypted { file } => lang.pick(
                format!("“{file}”设置了打开密码，评审无法打开"),
                format!("“{file}” has an open password; reviewers cannot open it"),
            ),
            Self::Restricted { file, forbids } => {
                let (zh, en) = match forbids {
                    Restriction::Printing => ("打印", "printing"),
                    Restriction::Copying => ("复制文字", "copying text"),
                };
                lang.pick(format!("“{file}”的权限设置禁止{zh}"), format!("“{file}” forbids {en}"))
            }
            Self::Empty { file } => lang.pick(
                format!("“{file}”没有页面或全是空白页"),
                format!("“{file}” has no pages, or only blank ones"),
            ),
            Self::AnalysisLimited { file, limit, pages } => {
                // Which limit is not always known (a page cut short by the reader): then no empty brackets.
                let reason = limit.map(|limit| limit_reason(limit, lang));
                let (zh_reason, en_reason) = match &reason {
                    Some(r) => (format!("（{r}）"), format!(" ({r})")),
                    None => (String::new(), String::new()),
                };
                let list = page_list(pages, lang);
                lang.pick(
                    format!("“{file}”超出分析上限{zh_reason}：第 {list} 页未做或未完整做公章和文字分析，其余检查照常进行"),
                    format!(
                        "“{file}” is past an analysis limit{en_reason}: seals and text not (fully) analysed on page{} {list}; the other checks ran as usual",
                        if pages.len() > 1 { "s" } else { "" }
                    ),
                )
            }
            Self::Summary { file, pages, scanned, seal_pages, stamp_due } => {
                let layer =
                    if *scanned { lang.pick("扫描件", "a scan") } else { lang.pick("有文字层", "with a text layer") };
                let seals = seals_seen(seal_pages, *stamp_due, lang);
                lang.pick(
                    format!("“{file}”：{pages} 页，{layer}{seals}"),
                    format!("“{file}”: {}, {layer}{seals}", pages_counted(u64::from(*pages))),
                )
            }
            Self::NoSealInAnalysed { file, stamp, unanalysed } => {
                let (expected, list) = (stamp.join(lang.pick("、", ", ")), page_list(unanalysed, lang));
                lang.pick(
                    format!("“{file}”已分析的页面中未发现公章，第 {list} 页未能完整分析（应盖章：{expected}）"),
                    format!(
                        "no seal found in the analysed pages of “{file}”; page(s) {list} could not be fully analysed (stamps due on: {expected})"
                    ),
                )
            }
            Self::NoSeal { file, stamp } => {
                let expected = stamp.join(lang.pick("、", ", "));
                lang.pick(
                    format!("“{file}”中未发现公章（应盖章：{expected}）"),
                    format!("no seal found in “{file}” (stamps due on: {expected})"),
                )
            }
            Self::NoSealOnLastPage { file, page, part } => lang.pick(
                format!("“{file}”第 {page} 页（最后一页，按 Word 的顺序应为“{part}”，通知要求在此盖章）未发现公章"),
                format!(
                    "no seal found on page {page} of “{file}” (the last page: by the Word's order “{part}”, which the notice wants stamped)"
                ),
            ),
            Self::WordNewer { file, word, made, edited } => {
                let (made, edited) = (beijing_time(*made), beijing_time(*edited));
                lang.pick(
                    format!("“{word}”修改于 {edited}，晚于“{file}”的生成时间 {made}：盖章后 Word 又被修改过"),
                    format!(
                        "“{word}” was modified {edited}, after “{file}” was made ({made}): the Word changed after stamping"
                    ),
                )
            }
            Self::ScanPagesDiffer { file, pages, expected } | Self::ScanComparedByPages { file, pages, expected } => {
                lang.pick(
                    format!("“{file}”为扫描件，只能按页数粗略比对：{pages} 页，按 Word 版面估计约 {expected} 页（估计值，可能相差两成）"),
                    format!(
                        "“{file}” is a scan, compared by page count only: {}, about {expected} estimated from the Word's layout (an estimate, within about a fifth)",
                        pages_counted(*pages)
                    ),
                )
            }
            Self::TooLittleText { file, chars } => lang.pick(
                format!("“{file}”的文字层提取不出足够的文字（{chars} 字），无法与 Word 逐节比对"),
                format!("too little text comes out of “{file}” ({chars} characters) to compare with the Word"),
            ),
            Self::SectionDiffers { file, section, percent } => lang.pick(
                format!("“{section}”在“{file}”中与 Word 不一致（相似度 {percent}%）：用印PDF 可能不是最新版本"),
                format!(
                    "“{section}” in “{file}” differs from the Word ({percent}% alike): the stamped PDF may be out of date"
                ),
            ),
        }
    }

    fn help(&self, lang: Lang) -> Option<String> {
        let (zh, en) = match self {
            Self::Damaged { .. } | Self::Unopened { .. } | Self::TooComplex { .. } => {
                ("重新导出或扫描该文件", "export or scan it again")
            }
            Self::Encrypted { .. } => ("导出不带密码的 PDF", "export it without a password"),
            Self::Restricted { .. } => ("导出不带权限限制的 PDF", "export it without restrictions"),
            Self::AnalysisLimited { .. } => (
                "请人工核对这些页（盖章、内容）；正常导出或扫描的 PDF 不会达到这些上限",
                "check these pages (seals, content) by eye; a PDF exported or scanned the usual way stays far below these limits",
            ),
            Self::NoSealInAnalysed { .. } => ("请人工核对盖章页", "check the stamp pages by eye"),
            Self::NoSeal { .. } => (
                "本判断为启发式，请人工核对盖章页；若确未盖章，盖章后重新扫描",
                "this is a heuristic: check the stamp pages by eye; if unstamped, stamp and scan again",
            ),
            Self::NoSealOnLastPage { .. } => ("本判断为启发式，请人工核对该页", "this is a heuristic: check that page by eye"),
            Self::WordNewer { .. } => (
                "用最终版 Word 重新打印盖章扫描，或确认两者内容一致",
                "stamp and scan the final Word again, or make sure both agree",
            ),
            Self::ScanPagesDiffer { .. } => (
                "页数相差较大，请确认扫描的是最终版且没有缺页",
                "the page counts differ a lot: check it is the final version with no page missing",
            ),
            Self::SectionDiffers { .. } => ("用最终版 Word 重新打印盖章扫描", "stamp and scan the final Word again"),
            Self::Empty { .. } | Self::Summary { .. } | Self::ScanComparedByPages { .. } | Self::TooLittleText { .. } => {
                return None
            }
        };
        Some(lang.pick(zh, en).to_owned())
    }
}

/// The seals part of the summary line: mentioned where the notice expects one, or where one was seen.
fn seals_seen(seal_pages: &[u32], stamp_due: bool, lang: Lang) -> String {
    if seal_pages.is_empty() && !stamp_due {
        String::new()
    } else if seal_pages.is_empty() {
        lang.pick("，未发现公章".to_owned(), ", no seal found".to_owned())
    } else {
        let pages: Vec<String> = seal_pages.iter().map(u32::to_string).collect();
        lang.pick(
            format!("，第 {} 页疑似有公章", pages.join("、")),
            format!(", a seal seems to be on page{} {}", if pages.len() > 1 { "s" } else { "" }, pages.join(", ")),
        )
    }
}

/// Unix seconds as Beijing time, `2024-08-10 14:30` (empty past jiff's range).
fn beijing_time(t: i64) -> String {
    jiff::Timestamp::from_second(t)
        .map(|ts| ts.to_zoned(jiff::tz::TimeZone::fixed(jiff::tz::offset(8))).strftime("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

/// What a reader limit means, for the message that names it.
fn limit_reason(limit: Limit, lang: Lang) -> String {
    let (zh, en) = match limit {
        Limit::PageOperations => (
            format!("单页绘图操作超过 {} 万个", reader::MAX_OPS_PER_PAGE / 10_000),
            format!("more than {} drawing operations on a page", reader::MAX_OPS_PER_PAGE),
        ),
        Limit::FileOperations => (
            format!("全文件绘图操作超过 {} 万个", reader::MAX_OPS_PER_FILE / 10_000),
            format!("more than {} drawing operations in the file", reader::MAX_OPS_PER_FILE),
        ),
        Limit::DecodedBytes => (
            format!("解压数据超过 {} MB", reader::MAX_DECODED_PER_FILE >> 20),
            format!("more than {} MB of decompressed data", reader::MAX_DECODED_PER_FILE >> 20),
        ),
        Limit::ImagePixels => (
            format!("图像超过 {} 万像素", reader::MAX_PIXELS_PER_FILE / 10_000),
            format!("more than {} image pixels", reader::MAX_PIXELS_PER_FILE),
        ),
        Limit::StreamSize => (
            format!("单个数据流解压后超过 {} MB", reader::MAX_STREAM_BYTES >> 20),
            format!("a stream decompresses to more than {} MB", reader::MAX_STREAM_BYTES >> 20),
        ),
        Limit::Nesting => (
            format!("表单嵌套超过 {} 层", reader::MAX_FORM_DEPTH),
            format!("forms nested more than {} deep", reader::MAX_FORM_DEPTH),
        ),
        Limit::Text => (
            format!("文字超过 {} MB", reader::MAX_TEXT_BYTES >> 20),
            format!("more than {} MB of text", reader::MAX_TEXT_BYTES >> 20),
        ),
    };
    lang.pick(zh, en)
}

/// Page numbers with runs folded: `3、5–1000` (`3, 5–1000` in English).
fn page_list(pages: &[u32], lang: Lang) -> String {
    let mut runs: Vec<(u32, u32)> = Vec::new();
    for &page in pages {
        match runs.last_mut() {
            Some((_, end)) if *end + 1 == page => *end = page,
            _ => runs.push((page, page)),
        }
    }
    let runs: Vec<String> =
        runs.iter().map(|&(a, b)| if a == b { a.to_string() } else { format!("{a}–{b}") }).collect();
    runs.join(lang.pick("、", ", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Lang;
    use crate::read::pdf::{PageInfo, Seal, SealKind};

    const UNCHANGED: &str = "本案例围绕工业制造企业供应链协同管理的痛点，汇聚上下游设计数据、生产计划数据和物料供应数据，通过可信数据空间实现数据可用不可见。";
    const EDITED: &str = "平台上线一年来接入企业一百二十六家，采购成本下降百分之三点四，交付周期缩短十八天，质量合格率提升三个百分点以上。";
    const OLD: &str =
        "项目于二〇二三年启动试点，初期覆盖三家企业，正在筹备第二阶段推广，相关成效尚待评估与总结后另行报告说明。";

    /// Runs the check on a one-page text PDF holding `pdf_text`, against a Word with two sections.
    fn run(pdf_text: &str, pdf_created: i64, word_modified: i64) -> Vec<Diagnostic> {
        let notice = crate::notice::builtin("cq-2024-cases-2", Lang::Zh).expect("embedded").expect("loads");
        let rule = notice.document("stamped_pdf").expect("stamped_pdf");
        let entry = Entry {
            rel: "申报书（用印）.pdf".into(),
            path: "d/申报书（用印）.pdf".into(),
            size: 1000,
            modified: None,
            kind: crate::read::sniff::Kind::Pdf,
            ext: Some("pdf".into()),
            error: None,
            name_encoding: None,
        };
        let info = PdfInfo {
            version: "1.7".into(),
            pages: 1,
            encryption: Encryption::None,
            producer: None,
            creator: None,
            title: None,
            created: Some(pdf_created),
            modified: None,
            created_raw: None,
            page_details: vec![PageInfo {
                number: 1,
                text_chars: pdf_text.chars().count(),
                images: 0,
                seal: Some(Seal { kind: SealKind::StampAnnotation, score: 0.6 }),
                paths: 0,
                analysis: Analysis::Full,
            }],
            limit: None,
        };
        let word = WordSide {
            file: "申报书.docx",
            sections: vec![("问题描述".into(), UNCHANGED.into()), ("应用成效".into(), EDITED.into())],
            total_words: 130,
            pages: Some(1),
            modified: Some(word_modified),
        };
        let mut out = Vec::new();
        check(rule, &entry, &Ok(info), Some(pdf_text), Some(&word), &mut out);
        out
    }

    fn outdated(out: &[Diagnostic]) -> Vec<Option<String>> {
        out.iter().filter(|d| d.code == Code::PdfOutdated).map(|d| d.section.clone()).collect()
    }

    #[test]
    fn the_same_text_raises_nothing() {
        let out = run(&format!("{UNCHANGED}\n{EDITED}"), 2_000, 1_000);
        assert!(outdated(&out).is_empty(), "{out:?}");
    }

    #[test]
    fn a_section_edited_after_stamping_is_named() {
        let out = run(&format!("{UNCHANGED}\n{OLD}"), 2_000, 1_000);
        assert_eq!(outdated(&out), vec![Some("应用成效".to_owned())], "{out:?}");
    }

    #[test]
    fn a_word_saved_after_the_pdf_is_reported() {
        let out = run(&format!("{UNCHANGED}\n{EDITED}"), 1_000, 1_000 + MODIFIED_SLACK + 1);
        assert_eq!(outdated(&out), vec![None], "{out:?}");
    }

    #[test]
    fn page_lists_fold_runs() {
        assert_eq!(page_list(&[3, 5, 6, 7, 1000], Lang::Zh), "3、5–7、1000");
        assert_eq!(page_list(&[1], Lang::En), "1");
    }

    #[test]
    fn essence_keeps_what_printing_keeps() {
        assert_eq!(essence("一、问题描述（300字）：AI 技术。").iter().collect::<String>(), "一问题描述300字ai技术");
    }

    #[test]
    fn trigram_similarity_sees_edits() {
        let a = essence("本案例围绕工业制造企业供应链协同管理的痛点，汇聚上下游设计数据、生产计划数据和物料供应数据。");
        let b = essence("本案例围绕工业制造企业供应链协同管理的痛点，汇聚上下游设计数据、生产计划数据和物料供应数据。");
        let c = essence("平台上线以来已接入企业126家，采购成本降低3.4%，交付周期缩短18天，效果显著。");
        let (ga, gb, gc) = (trigrams(&a), trigrams(&b), trigrams(&c));
        assert_eq!(ga.intersection(&gb).count(), ga.len());
        assert!(ga.intersection(&gc).count() * 10 < ga.len());
    }
}
