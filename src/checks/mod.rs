//! Checking one dossier: find its files, read what needs reading, and run each check family.
//!
//! Data flows one way: the folder scan finds files, readers turn bytes into plain data, the check
//! families compare that with the notice. Only this module opens files; the families never do.

pub mod case_name;
pub mod deadline;
pub mod fields;
pub mod files;
pub mod hidden;
pub mod identity;
pub mod joint;
pub mod media;
pub mod plan;
pub mod sections;
pub mod stamped;
pub mod text;

use crate::diag::{family, Code, Diagnostic, Lang};
use crate::dossier::{self, Dossier};
use crate::notice::Notice;
use crate::read::docx::{self, Document, DocxError};
use crate::read::file;
use crate::read::sniff::Kind;
use crate::report::DossierReport;
use std::path::Path;

/// What every check needs to know.
pub struct Context<'a> {
    pub notice: &'a Notice,
    pub dossier: &'a Dossier,
    pub lang: Lang,
    pub today: jiff::civil::Date,
}

impl Context<'_> {
    /// What the notice calls its Word document, for messages: 申报书, 项目申报书, 可编辑版方案
    /// (the rule file's name without a bracketed note such as “（可编辑Word）”).
    pub fn document_word(&self) -> &str {
        let name = self.notice.document(&self.notice.form.document).map_or("申报书", |d| d.name.as_str());
        let word = name.split(['（', '(']).next().unwrap_or(name).trim();
        if word.is_empty() {
            "申报书"
        } else {
            word
        }
    }
}

/// How the notice for a dossier is chosen.
#[derive(Clone, Copy)]
pub enum NoticeChoice<'a> {
    /// Given on the command line: used for every dossier.
    Given(&'a Notice),
    /// Taken from each dossier's dossier.toml.
    FromDossier,
    /// Taken from dossier.toml, else this one (a batch's batch.toml names it).
    Fallback(&'a Notice),
}

/// Options of one run.
#[derive(Clone, Copy)]
pub struct Options<'a> {
    pub notice: NoticeChoice<'a>,
    pub lang: Lang,
    /// The day to check deadlines against; `None` for today in the notice's time zone.
    pub today: Option<jiff::civil::Date>,
    /// Rule files from shenbao.toml `rules`: a dossier.toml may name them by id.
    pub custom: &'a [Notice],
}

impl<'a> Options<'a> {
    /// The options for one dossier that comes with a notice of its own (a shenbao.toml `[[dossiers]]` entry):
    /// `--notice` still wins, then dossier.toml, then that notice.
    pub fn with_fallback(self, fallback: Option<&'a Notice>) -> Self {
        match (self.notice, fallback) {
            (NoticeChoice::Given(_), _) | (_, None) => self,
            (_, Some(n)) => Options { notice: NoticeChoice::Fallback(n), ..self },
        }
    }
}

/// Today in a time zone (Asia/Shanghai for every notice so far).
pub fn today_in(timezone: &str) -> jiff::civil::Date {
    let tz = jiff::tz::TimeZone::get(timezone).unwrap_or(jiff::tz::TimeZone::UTC);
    jiff::Timestamp::now().to_zoned(tz).date()
}

fn empty_report(display: &str, notice: &str) -> DossierReport {
    DossierReport {
        path: display.to_owned(),
        notice: notice.to_owned(),
        passed: false,
        unit: Default::default(),
        deadline: None,
        sections: Vec::new(),
        facts: Default::default(),
        diagnostics: Vec::new(),
    }
}

/// Checks one dossier folder. Never fails: whatever goes wrong becomes a diagnostic of this dossier.
pub fn check_dossier(path: &Path, display: &str, options: &Options<'_>) -> DossierReport {
    check_dossier_with_assignment(path, display, options).report
}

/// A check's result together with what `pack` needs to lay out the bundle: the folder's files, the
/// notice checked against, and which file went to which document. `dossier` and `notice` are `None`
/// when the check could not get that far.
pub struct Checked {
    pub report: DossierReport,
    pub dossier: Option<Dossier>,
    pub notice: Option<Notice>,
    pub assignment: files::Assignment,
}

impl Checked {
    fn only(report: DossierReport) -> Self {
        Self { report, dossier: None, notice: None, assignment: files::Assignment::default() }
    }
}

/// [`check_dossier_with_assignment`], with a bug in shenbao itself turned into a diagnostic of this dossier
/// instead of the end of a batch.
pub fn check_isolated(path: &Path, display: &str, options: &Options<'_>) -> Checked {
    let run = std::panic::AssertUnwindSafe(|| check_dossier_with_assignment(path, display, options));
    std::panic::catch_unwind(run).unwrap_or_else(|_| {
        let lang = options.lang;
        let mut report = empty_report(display, "");
        report.diagnostics.push(Diagnostic::new(
            Code::DossierUnreadable,
            lang.pick(
                "检查这份材料时 shenbao 内部出错，已跳过；其他材料不受影响。请报告此问题",
                "shenbao failed inside while checking this dossier and skipped it; the others are unaffected. Please report it",
            ),
        ));
        Checked::only(report.finish())
    })
}

/// [`check_dossier`], keeping the file assignment.
pub fn check_dossier_with_assignment(path: &Path, display: &str, options: &Options<'_>) -> Checked {
    let lang = options.lang;
    let dossier = match dossier::scan(path, display) {
        Ok(d) => d,
        Err(e) => return unreadable_folder(&e, display, lang),
    };
    let mut diagnostics: Vec<Diagnostic> =
        dossier.config_problems.iter().map(|problem| config_problem(problem, lang)).collect();
    let notice = match choose_notice(path, display, options, &dossier, &mut diagnostics) {
        Ok(notice) => notice,
        Err(checked) => return *checked,
    };
    let notice: &Notice = &notice;

    let today = options.today.unwrap_or_else(|| today_in(&notice.deadline.timezone));
    let ctx = Context { notice, dossier: &dossier, lang, today };
    let mut report = empty_report(display, &notice.id);
    report.unit = notice.form.unit;

    let assignment = files::assign(&ctx, &mut diagnostics);
    report.deadline = deadline::check(&ctx, &mut diagnostics);

    // The 申报书: read it once, then sections and fields.
    let mut application: Option<(Document, crate::outline::Outline, String)> = None;
    let mut table_values = Vec::new();
    if let Some(i) = assignment.first(&notice.form.document) {
        let entry = &dossier.files[i];
        if let Some(doc) = read_application(entry, lang, &mut diagnostics) {
            let outline = crate::outline::locate(&doc, &notice.form);
            report.sections = sections::check(&notice.form, &outline, &entry.rel, &mut diagnostics);
            table_values = fields::check(&ctx, &notice.form, &doc, &entry.rel, &mut diagnostics);
            hidden::check(&ctx, &notice.form, &doc, &entry.rel, &mut diagnostics);
            text::check(&ctx, &notice.form, &doc, &outline, &entry.rel, &mut diagnostics);
            let deadline = report.deadline.as_ref().and_then(|d| d.date.parse::<jiff::civil::Date>().ok());
            text::dates(&ctx, &doc, deadline, &entry.rel, &mut diagnostics);
            plan::check(&ctx, &notice.form, &doc, &outline, &entry.rel, &mut diagnostics);
            application = Some((doc, outline, entry.rel.clone()));
        }
    }

    let form_file = application.as_ref().map(|(_, _, rel)| rel.as_str());
    report.facts = identity::gather(&ctx, &table_values, form_file, &mut diagnostics);
    let named_doc = application.as_ref().map(|(doc, _, rel)| (doc, rel.as_str()));
    case_name::check(&ctx, &report.facts, named_doc, &mut diagnostics);
    if let Some((doc, outline, rel)) = &application {
        joint::check(&ctx, &report.facts, &table_values, doc, outline, rel, &mut diagnostics);
    }

    // Media, copies and PDFs, each read from its header (a video's moov box, an image's markers).
    let word = application.as_ref().map(|(doc, outline, rel)| word_side(doc, outline, rel));
    for rule in &notice.documents {
        let Some(indices) = assignment.by_document.get(&rule.id) else { continue };
        let entries: Vec<&dossier::Entry> = indices.iter().map(|&i| &dossier.files[i]).collect();
        check_attachments(&ctx, rule, &entries, word.as_ref(), &mut diagnostics);
    }
    report.diagnostics = diagnostics;
    let notice = notice.clone();
    Checked { report: report.finish(), dossier: Some(dossier), notice: Some(notice), assignment }
}

/// SB004 for a dossier folder that cannot be scanned at all: the report holds that one finding.
fn unreadable_folder(e: &dossier::ScanError, display: &str, lang: Lang) -> Checked {
    let mut report = empty_report(display, "");
    report.diagnostics.push(
        Diagnostic::new(
            Code::DossierUnreadable,
            lang.pick(
                match e {
                    dossier::ScanError::NotFound(p) => format!("找不到材料文件夹“{p}”"),
                    dossier::ScanError::NotADirectory(p) => format!("“{p}”不是文件夹"),
                    dossier::ScanError::Io(p, io) => format!("无法读取材料文件夹“{p}”（{io}）"),
                },
                format!("cannot read the dossier folder: {e}"),
            ),
        )
        .help(lang.pick("检查路径是否正确、是否为文件夹", "check the path and that it is a folder")),
    );
    Checked::only(report.finish())
}

/// The notice to check against: the one given, or the one dossier.toml names. Without one the dossier
/// cannot be checked: `Err` holds its report (the findings so far, the notice's absence, and the facts
/// dossier.toml gives, so that the summary table still lists the dossier).
fn choose_notice<'n>(
    path: &Path,
    display: &str,
    options: &'n Options<'_>,
    dossier: &Dossier,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<std::borrow::Cow<'n, Notice>, Box<Checked>> {
    let lang = options.lang;
    let spec = match &options.notice {
        NoticeChoice::Given(n) => return Ok(std::borrow::Cow::Borrowed(*n)),
        NoticeChoice::Fallback(n) if dossier.config.as_ref().and_then(|c| c.notice.as_ref()).is_none() => {
            return Ok(std::borrow::Cow::Borrowed(*n))
        }
        NoticeChoice::FromDossier | NoticeChoice::Fallback(_) => dossier.config.as_ref().and_then(|c| c.notice.clone()),
    };
    let without_notice = |spec: &str, diagnostics: &mut Vec<Diagnostic>| {
        let mut report = empty_report(display, spec);
        report.facts = identity::from_config(dossier.config.as_ref());
        report.diagnostics = std::mem::take(diagnostics);
        Box::new(Checked::only(report.finish()))
    };
    let Some(spec) = spec else {
        let message = if dossier.config.is_none() && !dossier.config_problems.is_empty() {
            lang.pick(
                "未指定通知：没有 --notice，dossier.toml 又无法读取（见 SB003）",
                "no notice: no --notice, and dossier.toml cannot be read (see SB003)",
            )
        } else {
            lang.pick(
                "未指定通知：既没有 --notice，dossier.toml 中也没有 notice",
                "no notice: neither --notice nor `notice` in dossier.toml",
            )
        };
        diagnostics.push(Diagnostic::new(Code::NoticeMissing, message).help(lang.pick(
            "在命令行加 --notice ID，或在 dossier.toml 中写 notice = \"ID\"；`shenbao notices` 列出可用通知",
            "pass --notice ID or set notice = \"ID\" in dossier.toml; `shenbao notices` lists them",
        )));
        return Err(without_notice("", diagnostics));
    };
    match crate::notice::resolve_in(&spec, Some(path), options.custom, lang) {
        Ok(n) => Ok(std::borrow::Cow::Owned(n)),
        Err(e) => {
            diagnostics.push(
                Diagnostic::new(Code::NoticeUnknown, e.to_string())
                    .file(dossier::CONFIG_FILE)
                    .help(lang.pick("`shenbao notices` 列出内置通知", "`shenbao notices` lists the embedded notices")),
            );
            Err(without_notice(&spec, diagnostics))
        }
    }
}

/// The 申报书 read once, for every check of its content. `None` when it is not a .docx, is too large to
/// read, or cannot be read: each of those is a finding here (a legacy or encrypted Word file is told apart).
fn read_application(entry: &dossier::Entry, lang: Lang, diagnostics: &mut Vec<Diagnostic>) -> Option<Document> {
    if !matches!(entry.kind, Kind::Docx | Kind::Zip) {
        return None;
    }
    if entry.size > file::DOCUMENT_MAX {
        diagnostics.push(too_large(entry, entry.size, lang));
        return None;
    }
    let bytes = match file::read(&entry.path, file::DOCUMENT_MAX) {
        Ok(bytes) => Ok(bytes),
        Err(file::OpenError::TooLarge { size, .. }) => {
            // Grown past the limit since the scan: the same as found too large by it.
            diagnostics.push(too_large(entry, size, lang));
            return None;
        }
        Err(e) => Err(DocxError::Io(e.into())),
    };
    match bytes.and_then(|bytes| docx::read_docx(&bytes)) {
        Ok(doc) => Some(doc),
        Err(DocxError::Ole) => {
            diagnostics.push(
                Diagnostic::new(
                    Code::LegacyWord,
                    lang.pick(
                        format!("“{}”是加密或旧版格式的 Word 文档，无法统计字数", entry.rel),
                        format!("“{}” is an encrypted or legacy Word file; its words cannot be counted", entry.rel),
                    ),
                )
                .file(entry.rel.clone()),
            );
            None
        }
        Err(e) => {
            diagnostics.push(
                Diagnostic::new(
                    Code::DocxUnreadable,
                    lang.pick(
                        format!("无法读取“{}”：{}", entry.rel, e.describe(lang)),
                        format!("cannot read “{}”: {}", entry.rel, e.describe(lang)),
                    ),
                )
                .file(entry.rel.clone())
                .help(lang.pick(
                    "在 Word 中打开并重新保存；若打不开，使用备份",
                    "open and save it again in Word, or use a backup",
                )),
            );
            None
        }
    }
}

/// What a 用印PDF is compared with: the 申报书's sections (second-level where a part has them), its
/// 字数 and when it was last saved.
fn word_side<'a>(doc: &Document, outline: &crate::outline::Outline, rel: &'a str) -> stamped::WordSide<'a> {
    stamped::WordSide {
        file: rel,
        sections: outline
            .found
            .iter()
            .filter(|l| l.level == 2 || !outline.found.iter().any(|s| s.level == 2 && s.part == l.part))
            .map(|l| (l.title.clone(), crate::outline::text_of(doc, l)))
            .collect(),
        total_words: crate::outline::document_tally(doc).count.words,
        modified: doc
            .properties
            .modified
            .as_deref()
            .and_then(|m| m.trim().parse::<jiff::Timestamp>().ok())
            .map(|t| t.as_second()),
    }
}

/// The files of one document rule other than the 申报书: videos and images from their headers, PDFs
/// parsed once for their facts and text, then the rule's categories.
fn check_attachments(
    ctx: &Context<'_>,
    rule: &crate::notice::DocumentRule,
    entries: &[&dossier::Entry],
    word: Option<&stamped::WordSide<'_>>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let lang = ctx.lang;
    let mut videos = Vec::new();
    let mut images = Vec::new();
    for entry in entries {
        match entry.kind {
            Kind::Mp4 | Kind::Mov => videos.push((*entry, crate::read::mp4::read_mp4(&entry.path))),
            Kind::Jpeg | Kind::Png | Kind::Gif | Kind::Webp | Kind::Heic | Kind::Avif | Kind::Bmp | Kind::Tiff => {
                images.push((*entry, crate::read::image::read_image(&entry.path)))
            }
            Kind::Pdf if entry.size > file::DOCUMENT_MAX => diagnostics.push(too_large(entry, entry.size, lang)),
            Kind::Pdf => {
                let bytes = match file::read(&entry.path, file::DOCUMENT_MAX) {
                    Err(file::OpenError::TooLarge { size, .. }) => {
                        diagnostics.push(too_large(entry, size, lang));
                        continue;
                    }
                    other => other,
                };
                // One pass reads the facts and the text: the file is parsed once.
                let (info, text) = match &bytes {
                    Ok(b) => match crate::read::pdf::read_pdf_with_text(b) {
                        Ok(read) => (Ok(read.info), Some(read.text)),
                        Err(e) => (Err(e), None),
                    },
                    Err(e) => (Err(crate::read::pdf::PdfError::Damaged(e.describe(lang))), None),
                };
                let wants_text =
                    rule.role == crate::notice::Role::StampedCopy && info.as_ref().is_ok_and(|i| !i.is_scanned());
                let text = text.filter(|_| wants_text);
                stamped::check(rule, entry, &info, text.as_deref(), word, diagnostics);
            }
            _ => {}
        }
    }
    if !videos.is_empty() {
        media::videos(rule, videos, diagnostics);
    }
    if !images.is_empty() {
        media::images(rule, images, diagnostics);
    }
    if !rule.categories.is_empty() {
        media::categories(ctx, rule, entries, diagnostics);
    }
}

/// SB214 as an info for a .docx or PDF over [`file::DOCUMENT_MAX`]: it is found, counts as present and is
/// packed; only the checks of what is inside it (sections, 字数, seals, text) are skipped.
fn too_large(entry: &dossier::Entry, size: u64, lang: Lang) -> Diagnostic {
    let (size, limit) = (file::size_text(size), file::size_text(file::DOCUMENT_MAX));
    let (zh_what, en_what, zh_help, en_help) = match entry.kind {
        Kind::Pdf => (
            "页数、印章和文字",
            "its pages, seal and text",
            "用印PDF 很少超过几十 MB：以 150–300 dpi 重新扫描，或导出时压缩图片，再检查",
            "a stamped PDF is rarely over a few tens of MB: scan again at 150–300 dpi or compress its images on export, then check again",
        ),
        _ => (
            "章节、字数和表格",
            "its sections, 字数 and tables",
            "真实的申报书很少超过几十 MB：压缩其中的图片（Word“文件 → 压缩图片”）或重新导出后再检查",
            "a real 申报书 is rarely over a few tens of MB: compress its pictures (Word: File → Compress Pictures), then check again",
        ),
    };
    Diagnostic::new(
        Code::NotRead,
        lang.pick(
            format!("“{}”有 {size}，超过 shenbao 的读取上限 {limit}，未检查其{zh_what}；文件本身计为已提交，照常打包", entry.rel),
            format!(
                "“{}” is {size}, over shenbao's reading limit of {limit}: {en_what} are not checked; the file counts as present and is packed",
                entry.rel
            ),
        ),
    )
    .severity(crate::diag::Severity::Info)
    .file(entry.rel.clone())
    .help(lang.pick(zh_help, en_help))
}

/// SB003 for one problem in dossier.toml: where it is, what is wrong, what this check leaves out, and
/// how to fix it.
fn config_problem(problem: &dossier::ConfigProblem, lang: Lang) -> Diagnostic {
    use dossier::ConfigProblemKind as Kind;
    use dossier::TomlType;
    let at = problem.at.map_or_else(String::new, |(l, c)| {
        lang.pick(format!("第 {l} 行第 {c} 列："), format!("line {l}, column {c}: "))
    });
    // What is wrong; the likely key, said after what is ignored; a help line.
    let (what, fix, help) = match &problem.kind {
        Kind::Unreadable { zh, en } => {
            (lang.pick(format!("无法读取（{zh}）"), format!("cannot be read ({en})")), None, None)
        }
        Kind::Syntax(detail) => (
            lang.pick(format!("TOML 语法错误（{detail}）"), format!("TOML syntax error ({detail})")),
            None,
            Some(
                lang.pick(
                    "字符串值加英文双引号（notice = \"ln-2024-cases\"），中文键也加引号（\"申报单位\" = \"…\"）",
                    "quote string values (notice = \"ln-2024-cases\") and Chinese keys (\"申报单位\" = \"…\")",
                )
                .to_owned(),
            ),
        ),
        Kind::UnknownKey { key, nearest } => (
            lang.pick(format!("未知的键“{key}”"), format!("unknown key `{key}`")),
            nearest.as_ref().map(|n| lang.pick(format!("。是否想写 {n}？"), format!(". Did you mean `{n}`?"))),
            nearest.is_none().then(|| {
                lang.pick("可用的键见 README 的 dossier.toml 一节", "the README's dossier.toml section lists the keys")
                    .to_owned()
            }),
        ),
        Kind::WrongType { key, expected, found } => {
            let (want, got) = (type_name(*expected, lang), found.map(|f| type_name(f, lang)));
            let what = match got {
                Some(got) => lang.pick(
                    format!("键“{key}”的值应为{want}，这里是{got}"),
                    format!("`{key}` must be {want}, not {got}"),
                ),
                None => lang.pick(format!("键“{key}”的值应为{want}"), format!("`{key}` must be {want}")),
            };
            let help = match expected {
                TomlType::Integer => Some(lang.pick(
                    format!("写数字，不加引号：{key} = 1"),
                    format!("write the number without quotes: {key} = 1"),
                )),
                TomlType::String => {
                    Some(lang.pick(format!("加英文双引号：{key} = \"…\""), format!("quote it: {key} = \"…\"")))
                }
                TomlType::Array => {
                    Some(lang.pick(format!("写成数组：{key} = [\"…\"]"), format!("write a list: {key} = [\"…\"]")))
                }
                _ => None,
            };
            (what, None, help)
        }
        Kind::Duplicate { key, field } => (
            lang.pick(
                format!("“{key}”和“{field}”是同一个键，只能写一个"),
                format!("`{key}` is the same key as `{field}`"),
            ),
            None,
            None,
        ),
        Kind::InvalidValue { key, detail } if key.is_empty() => (detail.clone(), None, None),
        Kind::InvalidValue { key, detail } => (
            lang.pick(format!("键“{key}”的值无效（{detail}）"), format!("invalid value for `{key}` ({detail})")),
            None,
            None,
        ),
    };
    let key = match &problem.kind {
        Kind::UnknownKey { key, .. }
        | Kind::WrongType { key, .. }
        | Kind::Duplicate { key, .. }
        | Kind::InvalidValue { key, .. } => Some(key),
        Kind::Unreadable { .. } | Kind::Syntax(_) => None,
    };
    let ignored = match &problem.ignored {
        None => lang
            .pick("，本次检查未使用 dossier.toml".to_owned(), "; dossier.toml is not used for this check".to_owned()),
        Some(top) if Some(top) == key => {
            lang.pick("，本次检查忽略此键".to_owned(), "; ignored for this check".to_owned())
        }
        Some(top) => lang.pick(format!("，本次检查忽略“{top}”"), format!("; `{top}` is ignored for this check")),
    };
    let message = format!("{at}{what}{ignored}{}", fix.unwrap_or_default());
    let diagnostic = Diagnostic::new(Code::DossierTomlInvalid, message).file(dossier::CONFIG_FILE);
    match help {
        Some(help) => diagnostic.help(help),
        None => diagnostic,
    }
}

/// A TOML value type in plain words.
fn type_name(t: dossier::TomlType, lang: Lang) -> &'static str {
    use dossier::TomlType as T;
    match t {
        T::String => lang.pick("字符串", "a string"),
        T::Integer => lang.pick("整数", "an integer"),
        T::Float => lang.pick("小数", "a decimal number"),
        T::Boolean => lang.pick("布尔值（true 或 false）", "true or false"),
        T::Datetime => lang.pick("日期时间", "a date-time"),
        T::Array => lang.pick("数组（[…]）", "a list ([…])"),
        T::Table => lang.pick("表", "a table"),
    }
}

/// The clauses `shenbao explain` cites for the run's own codes: none. Which notice, dossier.toml, the
/// folder and shenbao.toml are the tool's own contract, not a notice's rule.
pub fn clauses(code: family::Run, _notice: &Notice) -> Vec<(String, &crate::notice::Clause)> {
    use family::Run::*;
    match code {
        NoticeUnknown | NoticeMissing | DossierTomlInvalid | DossierUnreadable | DocxUnreadable | WaiverExpired => {
            Vec::new()
        }
    }
}
