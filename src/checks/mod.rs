//! Checking one dossier: find its files, read what needs reading, and run each check family.
//!
//! Data flows one way: the folder scan finds files, readers turn bytes into plain data, the check
//! families compare that with the notice. Only this module opens files; the families never do.

pub mod case_name;
pub mod clues;
pub mod deadline;
pub mod fields;
pub mod files;
pub mod hidden;
pub mod identity;
pub mod infer;
pub mod joint;
pub mod media;
pub mod plan;
pub mod run;
pub mod sections;
pub mod stamped;
pub mod text;

use crate::diag::{Diagnostic, Lang};
use crate::dossier::{self, Dossier};
use crate::notice::Notice;
use crate::read::docx::{self, Document, DocxError};
use crate::read::file;
use crate::read::sniff::Kind;
use crate::report::DossierReport;
pub use run::{clauses, RunFinding};
use std::path::Path;

/// What every check needs to know.
pub struct Context<'a> {
    pub notice: &'a Notice,
    pub dossier: &'a Dossier,
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
        fields: Vec::new(),
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
        let mut report = empty_report(display, "");
        report.diagnostics.push(Diagnostic::of(RunFinding::Internal));
        Checked::only(report.finish())
    })
}

/// [`check_dossier`], keeping the file assignment.
pub fn check_dossier_with_assignment(path: &Path, display: &str, options: &Options<'_>) -> Checked {
    let dossier = match dossier::scan(path, display) {
        Ok(d) => d,
        Err(e) => return unreadable_folder(&e, display),
    };
    let mut diagnostics: Vec<Diagnostic> = dossier
        .config_problems
        .iter()
        .map(|problem| Diagnostic::of(RunFinding::DossierToml(problem.clone())))
        .collect();
    // Word files read to infer the notice, when none is named: the 申报书 among them is not read again.
    let mut read = Vec::new();
    let notice = match choose_notice(path, display, options, &dossier, &mut read, &mut diagnostics) {
        Ok(notice) => notice,
        Err(checked) => return *checked,
    };
    let notice: &Notice = &notice;

    let today = options.today.unwrap_or_else(|| today_in(&notice.deadline.timezone));
    let ctx = Context { notice, dossier: &dossier, today };
    let mut report = empty_report(display, &notice.id);
    report.unit = notice.form.unit;

    let assignment = files::assign(&ctx, &mut diagnostics);

    // The 申报书: read it once. Its 申报表 comes first: the unit type it tells (or the 申报单位's name)
    // chooses the deadline's round, which the dates written in the 申报书 are compared with.
    let mut application: Option<(Document, crate::outline::Outline, String)> = None;
    let mut table_values = Vec::new();
    if let Some(i) = assignment.first(&notice.form.document) {
        let entry = &dossier.files[i];
        let inferred_from = read.iter().position(|(rel, _)| *rel == entry.rel).map(|at| read.swap_remove(at).1);
        if let Some(doc) = inferred_from.or_else(|| read_application(entry, &mut diagnostics)) {
            let outline = crate::outline::locate(&doc, &notice.form);
            report.sections = sections::check(&notice.form, &outline, &entry.rel, &mut diagnostics);
            (table_values, report.fields) = fields::check(&ctx, &notice.form, &doc, &entry.rel, &mut diagnostics);
            application = Some((doc, outline, entry.rel.clone()));
        }
    }
    let form_file = application.as_ref().map(|(_, _, rel)| rel.as_str());
    report.facts = identity::gather(&ctx, &table_values, form_file, &mut diagnostics);
    let unit = deadline::UnitKind::of(
        dossier.config.as_ref().and_then(|c| c.unit_type.as_deref()),
        identity::unit_type_in_table(&table_values).as_deref(),
        report.facts.unit.as_deref(),
    );
    report.deadline = deadline::check(&ctx, &unit, &mut diagnostics);

    if let Some((doc, outline, rel)) = &application {
        hidden::check(&ctx, &notice.form, doc, rel, &mut diagnostics);
        text::check(&ctx, &notice.form, doc, outline, rel, &mut diagnostics);
        let deadline = report.deadline.as_ref().and_then(|d| d.date.parse::<jiff::civil::Date>().ok());
        text::dates(&ctx, doc, deadline, rel, &mut diagnostics);
        plan::check(&ctx, &notice.form, doc, outline, rel, &mut diagnostics);
    }
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
fn unreadable_folder(e: &dossier::ScanError, display: &str) -> Checked {
    let mut report = empty_report(display, "");
    report.diagnostics.push(Diagnostic::of(RunFinding::from(e)));
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
    read: &mut Vec<(String, Document)>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<std::borrow::Cow<'n, Notice>, Box<Checked>> {
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
        // The file, or a line that may have held the notice, could not be read.
        let config_unreadable = dossier.config_problems.iter().any(|p| match &p.ignored {
            crate::dossier::Ignored::File | crate::dossier::Ignored::Line => true,
            crate::dossier::Ignored::Key(key) => key == "notice" || key == "通知",
        });
        // `check 材料/多媒体材料`: the folder above is the dossier.
        let inside = path
            .parent()
            .filter(|p| p.join(crate::dossier::CONFIG_FILE).is_file())
            .map(|p| crate::folders::tidy(&p.display().to_string()));
        let (mut alike, mut alike_file) = (Vec::new(), None);
        if inside.is_none() {
            match infer_notice(dossier, options.custom, read) {
                Inferred::One { fit, apart, clues } => {
                    diagnostics.push(Diagnostic::of(RunFinding::NoticeInferred {
                        file: fit.file,
                        notice: run::NoticeName::of(fit.notice),
                        found: fit.found,
                        total: fit.total,
                        apart: apart.into_iter().map(run::NoticeName::of).collect(),
                        clues,
                    }));
                    return Ok(std::borrow::Cow::Owned(fit.notice.clone()));
                }
                Inferred::Several(fits) => {
                    alike_file = fits.first().map(|f| f.file.clone());
                    alike = fits.iter().map(|f| run::NoticeName::of(f.notice)).collect();
                }
                Inferred::Nothing => {}
            }
        }
        diagnostics.push(Diagnostic::of(RunFinding::NoticeMissing { config_unreadable, inside, alike, alike_file }));
        return Err(without_notice("", diagnostics));
    };
    // A rule file's loader words its problems: in Chinese first, and again in English only when there are
    // some, so that the finding carries both.
    match crate::notice::resolve_in(&spec, Some(path), options.custom, Lang::Zh) {
        Ok(n) => Ok(std::borrow::Cow::Owned(n)),
        Err(e) => {
            let problem = match e {
                crate::notice::NoticeError::Unknown { .. } => run::NoticeProblem::Unknown,
                zh => {
                    let en = crate::notice::resolve_in(&spec, Some(path), options.custom, Lang::En)
                        .err()
                        .map_or_else(|| zh.to_string(), |en| en.to_string());
                    run::NoticeProblem::Unloadable { zh: zh.to_string(), en }
                }
            };
            diagnostics.push(Diagnostic::of(RunFinding::NoticeUnknown { spec: spec.clone(), problem }));
            Err(without_notice(&spec, diagnostics))
        }
    }
}

/// The Word files read for [`infer::infer`]: the largest few (a 申报书 is rarely the smallest), each within
/// the reading limit; a file that cannot be read is passed over here and reported by the check proper.
const INFER_FILES: usize = 4;

/// The notice a folder that names none answers: its Word files' headings, then, among notices sharing one
/// template, what the folder holds that belongs to one of them only.
enum Inferred<'n> {
    /// `apart`: the notices the same headings fit, told apart by `clues` (empty when the headings decide).
    One {
        fit: infer::Fit<'n>,
        apart: Vec<&'n Notice>,
        clues: Vec<clues::Clue>,
    },
    Several(Vec<infer::Fit<'n>>),
    Nothing,
}

/// Which notice the folder's Word files fit, among shenbao.toml's rule files and the embedded notices (a
/// rule file with an embedded id stands in for it). The Word files read are left in `read`, by name.
fn infer_notice<'n>(dossier: &Dossier, custom: &'n [Notice], read: &mut Vec<(String, Document)>) -> Inferred<'n> {
    let mut words: Vec<&dossier::Entry> =
        dossier.files.iter().filter(|e| e.kind == Kind::Docx && e.size <= file::DOCUMENT_MAX).collect();
    words.sort_by(|a, b| b.size.cmp(&a.size).then_with(|| a.rel.cmp(&b.rel)));
    read.extend(words.into_iter().take(INFER_FILES).filter_map(|e| {
        let bytes = file::read(&e.path, file::DOCUMENT_MAX).ok()?;
        Some((e.rel.clone(), docx::read_docx(&bytes).ok()?))
    }));
    let docs: Vec<(&str, &Document)> = read.iter().map(|(rel, doc)| (rel.as_str(), doc)).collect();
    let embedded = crate::notice::embedded_notices().iter().filter(|n| custom.iter().all(|c| c.id != n.id));
    let notices: Vec<&Notice> = custom.iter().chain(embedded).collect();
    let fits = match infer::infer(&docs, &notices) {
        infer::Inferred::One(fit) => return Inferred::One { fit, apart: Vec::new(), clues: Vec::new() },
        infer::Inferred::Nothing => return Inferred::Nothing,
        infer::Inferred::Several(fits) => fits,
    };
    let files: Vec<&str> = dossier.files.iter().map(|e| e.rel.as_str()).collect();
    let config = dossier.config.as_ref();
    let holdings = clues::Holdings {
        docs: &docs,
        files: &files,
        track: config.and_then(|c| c.track.as_deref()),
        topic: config.and_then(|c| c.topic.as_deref()),
    };
    let all: Vec<&Notice> = fits.iter().map(|f| f.notice).collect();
    match clues::tell_apart(fits, &holdings) {
        Ok((fit, clues)) => {
            let apart = all.into_iter().filter(|n| n.id != fit.notice.id).collect();
            Inferred::One { fit, apart, clues }
        }
        Err(fits) => Inferred::Several(fits),
    }
}

/// The 申报书 read once, for every check of its content. `None` when it is not a .docx, is too large to
/// read, or cannot be read: each of those is a finding here (a legacy or encrypted Word file is told apart).
fn read_application(entry: &dossier::Entry, diagnostics: &mut Vec<Diagnostic>) -> Option<Document> {
    if !matches!(entry.kind, Kind::Docx | Kind::Zip) {
        return None;
    }
    if entry.size > file::DOCUMENT_MAX {
        diagnostics.push(too_large(entry, entry.size));
        return None;
    }
    let bytes = match file::read(&entry.path, file::DOCUMENT_MAX) {
        Ok(bytes) => Ok(bytes),
        Err(file::OpenError::TooLarge { size, .. }) => {
            // Grown past the limit since the scan: the same as found too large by it.
            diagnostics.push(too_large(entry, size));
            return None;
        }
        Err(e) => Err(DocxError::Io(e.into())),
    };
    let file = entry.rel.clone();
    match bytes.and_then(|bytes| docx::read_docx(&bytes)) {
        Ok(doc) => Some(doc),
        Err(DocxError::Ole) => {
            diagnostics.push(Diagnostic::of(RunFinding::LegacyWord { file }));
            None
        }
        Err(error) => {
            diagnostics.push(Diagnostic::of(RunFinding::DocxUnreadable { file, error }));
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
        pages: doc.pages.map(|estimate| u64::from(estimate.pages)),
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
    let mut videos = Vec::new();
    let mut images = Vec::new();
    for entry in entries {
        match entry.kind {
            Kind::Mp4 | Kind::Mov => videos.push((*entry, crate::read::mp4::read_mp4(&entry.path))),
            Kind::Jpeg | Kind::Png | Kind::Gif | Kind::Webp | Kind::Heic | Kind::Avif | Kind::Bmp | Kind::Tiff => {
                images.push((*entry, crate::read::image::read_image(&entry.path)))
            }
            Kind::Pdf if entry.size > file::DOCUMENT_MAX => diagnostics.push(too_large(entry, entry.size)),
            Kind::Pdf => {
                let bytes = match file::read(&entry.path, file::DOCUMENT_MAX) {
                    Err(file::OpenError::TooLarge { size, .. }) => {
                        diagnostics.push(too_large(entry, size));
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
                    Err(e) => {
                        let (zh, en) = (e.describe(Lang::Zh), e.describe(Lang::En));
                        (Err(crate::read::pdf::PdfError::Unopened { zh, en }), None)
                    }
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
fn too_large(entry: &dossier::Entry, size: u64) -> Diagnostic {
    Diagnostic::of(RunFinding::TooLarge { file: entry.rel.clone(), kind: entry.kind, size, limit: file::DOCUMENT_MAX })
}
