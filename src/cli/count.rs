//! `shenbao count FILE.docx|DIR...`: one report per .docx; several files are counted on every core.

use super::{emit, Context, ExitStatus, Format};
use crate::count::Unit;
use crate::diag::Lang;
use crate::dossier::{is_litter, is_lock_file};
use crate::notice::Notice;
use crate::read::docx::{self, DocxError};
use crate::read::file;
use crate::read::sniff::Kind;
use crate::report::{CountReport, SectionReport, TotalReport};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The .docx to count; a folder stands for every .docx below it (Word lock files `~$…` and system
    /// litter such as `__MACOSX` left out).
    /// Several files are counted in parallel and reported in the order given.
    #[arg(value_name = "FILE.docx|DIR", required = true)]
    pub files: Vec<PathBuf>,
    /// Count the notice's parts and sections and show their limits (an embedded id or a rule file).
    #[arg(long, value_name = "ID|FILE")]
    pub notice: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

/// What keeps a file from being counted, and what to do about it.
fn describe(e: &DocxError, lang: Lang) -> String {
    let advice = match e {
        DocxError::Ole => lang.pick("，请另存为 .docx 并取消打开密码", "; save it as .docx without an open password"),
        DocxError::Zip(_) | DocxError::Xml { .. } => lang.pick(
            "；在 Word 中打开并重新保存，若打不开，使用备份",
            "; open and save it again in Word, or use a backup",
        ),
        _ => "",
    };
    format!("{}{advice}", e.describe(lang))
}

/// The files the arguments name, in order: a folder's Word documents sorted by path, found as a
/// dossier's are (no links followed, system litter such as `__MACOSX` passed over) and without Word
/// lock files. A folder entry that cannot be read is reported and left out.
fn expand(args: &[PathBuf], lang: Lang) -> (Vec<PathBuf>, bool) {
    let mut files = Vec::new();
    let mut ok = true;
    for arg in args {
        if !arg.is_dir() {
            files.push(arg.clone());
            continue;
        }
        let walker = walkdir::WalkDir::new(arg)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_litter(&e.file_name().to_string_lossy()));
        for entry in walker {
            match entry {
                Ok(entry) if entry.file_type().is_file() && is_word_document(entry.path()) => {
                    files.push(entry.into_path());
                }
                Ok(_) => {}
                Err(e) => {
                    ok = false;
                    eprintln!(
                        "shenbao: {}: {}{e}",
                        crate::output::shown(arg),
                        lang.pick("无法读取：", "cannot be read: ")
                    );
                }
            }
        }
    }
    (files, ok)
}

/// A .docx by its extension (`Kind::from_extension`, as a dossier's files are named), not a lock file.
fn is_word_document(path: &Path) -> bool {
    let lock = path.file_name().is_some_and(|n| is_lock_file(&n.to_string_lossy()));
    let ext = path.extension().map(|e| e.to_string_lossy());
    !lock && ext.and_then(|e| Kind::from_extension(&e)) == Some(Kind::Docx)
}

/// One file's report, or what keeps it from being counted.
fn count_file(path: &Path, notice: Option<&Notice>, lang: Lang) -> Result<CountReport, String> {
    let display = path.display().to_string();
    if path.file_name().is_some_and(|n| is_lock_file(&n.to_string_lossy())) {
        return Err(lang.pick(
            "这是 Word 打开文档时留下的锁定文件（文件名以 ~$ 开头），不是文档本身；请统计文档本身".to_owned(),
            "this is the lock file Word leaves while a document is open (its name starts with ~$), not the \
             document: count the document itself"
                .to_owned(),
        ));
    }
    // Regular files only, and no larger than a 申报书 can be: a FIFO, /dev/zero or a sparse 5 GB file is
    // refused before a byte is read.
    let bytes = file::read(path, file::DOCUMENT_MAX).map_err(|e| e.describe(lang))?;
    let doc = docx::read_docx_with(&bytes, docx::Scope::Text).map_err(|e| describe(&e, lang))?;
    drop(bytes);
    let total = crate::outline::document_tally(&doc);
    let (unit, sections) = match notice {
        Some(n) => {
            let outline = crate::outline::locate(&doc, &n.form);
            let sections = outline
                .found
                .iter()
                .filter_map(|l| {
                    let part = &n.form.parts[l.part?];
                    let limit = match l.section {
                        Some(si) => part.sections[si].limit,
                        None => part.limit,
                    };
                    let mut s = SectionReport::new(l.title.clone(), l.level, &l.tally, limit);
                    if l.section.is_some() {
                        s.part = Some(part.title.clone());
                    }
                    Some(s)
                })
                .collect();
            (n.form.unit, sections)
        }
        None => (
            Unit::Word,
            crate::outline::generic(&doc)
                .into_iter()
                .map(|l| {
                    // Without a notice, a heading that states its limit (“一、案例背景（500字以内）”) is held to it.
                    let limit = crate::draft::heading_limit(&l.title);
                    SectionReport::new(l.title, l.level, &l.tally, limit)
                })
                .collect(),
        ),
    };
    let left_out = crate::outline::left_out_tally(&doc).as_ref().map(TotalReport::from);
    Ok(CountReport { file: display, unit, total: TotalReport::from(&total), sections, left_out })
}

/// An entry of the JSON array for several files: the file's report, or why it could not be counted.
#[derive(serde::Serialize)]
#[serde(untagged)]
enum Entry<'a> {
    Counted(&'a CountReport),
    Failed { file: String, error: &'a str },
}

pub fn run(args: Args, ctx: &Context) -> ExitStatus {
    let lang = ctx.lang;
    let notice = match ctx.notice(args.notice.as_deref()) {
        Ok(n) => n,
        Err(status) => return status,
    };
    // One file named as such keeps the single-report output; anything else is a list.
    let single = matches!(&args.files[..], [one] if !one.is_dir());
    let (files, walked) = expand(&args.files, lang);
    let results: Vec<Result<CountReport, String>> =
        files.par_iter().map(|f| count_file(f, notice.as_ref(), lang)).collect();
    let failures = results.iter().filter(|r| r.is_err()).count();
    if files.is_empty() {
        eprintln!("shenbao: {}", lang.pick("没有找到 .docx 文件", "no .docx found"));
    }
    for (file, result) in files.iter().zip(&results) {
        if let Err(message) = result {
            eprintln!("shenbao: {}: {}", crate::output::shown(file), crate::diag::printable(message));
        }
    }
    let text = match (single, args.format, results.first()) {
        (true, _, Some(Err(_))) => return ExitStatus::Error,
        (true, Format::Human, Some(Ok(report))) => crate::render::human::render_count(report, lang, ctx.style),
        (true, Format::Json, Some(Ok(report))) => crate::render::json::render(report),
        (_, Format::Human, _) => {
            let mut text = String::new();
            for report in results.iter().flatten() {
                if !text.is_empty() {
                    text.push('\n');
                }
                text.push_str(&crate::render::human::render_count(report, lang, ctx.style));
            }
            text
        }
        (_, Format::Json, _) => {
            let entries: Vec<Entry<'_>> = files
                .iter()
                .zip(&results)
                .map(|(file, result)| match result {
                    Ok(report) => Entry::Counted(report),
                    Err(error) => Entry::Failed { file: file.display().to_string(), error },
                })
                .collect();
            crate::render::json::render(&entries)
        }
    };
    match emit(&text) {
        Ok(()) if failures == 0 && walked && !files.is_empty() => ExitStatus::Success,
        Ok(()) => ExitStatus::Error,
        Err(status) => status,
    }
}
