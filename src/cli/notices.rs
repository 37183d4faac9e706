//! `shenbao notices [show ID | lint FILE... | new --from TEMPLATE.docx -o RULES.toml]`

use super::{emit, report_notice_error, ExitStatus};
use crate::diag::Lang;
use crate::notice::{embedded, Field, Notice, QuotaScope};
use crate::render::human::display_width;
use serde::Serialize;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub action: Option<Action>,
    #[arg(long, value_enum, default_value_t)]
    pub format: ListFormat,
}

#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// Show one notice: its deadlines, documents, the 申报书's parts with their limits, quotas and lists.
    Show {
        /// An embedded id or a rule file.
        id: String,
        #[arg(long, value_enum, default_value_t)]
        format: ShowFormat,
    },
    /// Check rule files as `--notice FILE` would load them, listing every problem with its place in the TOML.
    ///
    /// Exit codes: 0 every file is valid, 1 some file is invalid, 2 some file cannot be read.
    Lint {
        /// Rule files (.toml).
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Draft a rule file for a notice shenbao does not know, from its 申报书 template (.docx) and, when
    /// given, the notice's text: parts, sections and limits from the template's headings; deadlines,
    /// attachments and quotas from the notice. What to check is marked `# 请核对` and listed on stderr.
    ///
    /// Exit codes: 0 drafted, 2 an input cannot be read (a .doc, a scanned PDF, a template without headings).
    New {
        /// The notice's 申报书 template (.docx).
        #[arg(long, value_name = "TEMPLATE.docx")]
        from: PathBuf,
        /// The notice's own text: .txt, .docx or a PDF with a text layer.
        #[arg(long, value_name = "NOTICE.txt|.docx|.pdf")]
        notice_text: Option<PathBuf>,
        /// The rule file's id (lower-case letters, digits and hyphens).
        #[arg(long)]
        id: Option<String>,
        /// Where to write the drafted rule file.
        #[arg(short, long, value_name = "RULES.toml")]
        output: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, Default, clap::ValueEnum)]
pub enum ListFormat {
    #[default]
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, Default, clap::ValueEnum)]
pub enum ShowFormat {
    #[default]
    Human,
    Json,
    /// The rule file itself.
    Toml,
}

#[derive(Serialize)]
struct Listed<'a> {
    id: &'a str,
    title: &'a str,
    issuer: &'a [String],
    doc_number: Option<&'a str>,
    /// The next deadline from today, or the last one when all have passed.
    deadline: Option<String>,
    round: Option<&'a str>,
    past: bool,
}

pub fn run(args: Args, ctx: &super::Context) -> ExitStatus {
    let lang = ctx.lang;
    match args.action {
        None => list(args.format, lang),
        Some(Action::Show { id, format }) => show(&id, format, ctx),
        Some(Action::Lint { files }) => lint(&files, lang),
        Some(Action::New { from, notice_text, id, output }) => {
            new_rule_file(&from, notice_text.as_deref(), id.as_deref(), &output, lang)
        }
    }
}

/// Why an input to `notices new` cannot be used: printed, exit 2.
fn refuse(path: &Path, why: &str, lang: Lang) -> ExitStatus {
    let shown = path.display().to_string();
    let name = crate::diag::printable(&shown);
    eprintln!("{}", lang.pick(format!("✘ {name}：{why}"), format!("✘ {name}: {why}")));
    ExitStatus::Error
}

/// A .doc (or an encrypted .docx) cannot be read: say how to make it readable.
fn ole_advice(lang: Lang) -> String {
    lang.pick(
        "这是 Word 97-2003 格式（.doc）或加密的文档；请在 Word 或 WPS 中另存为 .docx（不设打开密码）后重试",
        "this is a Word 97-2003 file (.doc) or an encrypted document: save it as .docx without an open password in Word or WPS and try again",
    )
    .to_owned()
}

/// The notice's text from a .txt (UTF-8, or GB18030 as older Windows saves it), a .docx or a PDF.
fn notice_text(path: &Path, lang: Lang) -> Result<String, String> {
    use crate::read::sniff::Kind;
    let bytes = crate::read::file::read(path, crate::read::file::DOCUMENT_MAX).map_err(|e| e.describe(lang))?;
    let kind = crate::read::sniff::sniff(&bytes[..bytes.len().min(crate::read::sniff::HEAD_LEN)]);
    let text = match kind {
        Kind::Ole => return Err(ole_advice(lang)),
        Kind::Docx | Kind::Zip => {
            let doc = crate::read::docx::read_docx(&bytes).map_err(|e| e.describe(lang))?;
            doc.paragraphs.iter().map(|p| p.text()).collect::<Vec<_>>().join("\n")
        }
        Kind::Pdf => {
            let text = crate::read::pdf::pdf_text(&bytes)
                .map_err(|e| lang.pick(format!("无法读取这份 PDF：{e}"), format!("this PDF cannot be read: {e}")))?;
            if text.chars().filter(|c| !c.is_whitespace()).count() < 20 {
                return Err(lang
                    .pick(
                        "这份 PDF 没有文字层（扫描件或图片），读不出通知原文；请用通知的 .txt、.docx 或带文字的 PDF，或不给 --notice-text，只按模板起草",
                        "this PDF has no text layer (a scan or images), so the notice cannot be read: give the notice as .txt, .docx or a PDF with text, or leave out --notice-text to draft from the template alone",
                    )
                    .to_owned());
            }
            text
        }
        Kind::Text | Kind::Empty | Kind::Unknown => match String::from_utf8(bytes) {
            Ok(t) => t.trim_start_matches('\u{feff}').to_owned(),
            Err(e) => encoding_rs::GB18030.decode(e.as_bytes()).0.into_owned(),
        },
        other => {
            return Err(lang.pick(
                format!("这是{}，不是通知原文；请给出 .txt、.docx 或 .pdf", other.name_zh()),
                format!("this is {}, not the notice's text: give a .txt, .docx or .pdf", other.name_en()),
            ))
        }
    };
    if text.len() > crate::draft::notice_text::MAX_TEXT_BYTES {
        return Err(
            lang.pick("文字超过 4 MB，不像一份通知".to_owned(), "more than 4 MB of text: not a notice".to_owned())
        );
    }
    Ok(text)
}

/// `notices new`: read the template (and the notice), draft, check the draft loads, write it atomically.
fn new_rule_file(from: &Path, text: Option<&Path>, id: Option<&str>, output: &Path, lang: Lang) -> ExitStatus {
    use crate::read::sniff::Kind;
    let bytes = match crate::read::file::read(from, crate::read::file::DOCUMENT_MAX) {
        Ok(b) => b,
        Err(e) => return refuse(from, &e.describe(lang), lang),
    };
    match crate::read::sniff::sniff(&bytes[..bytes.len().min(crate::read::sniff::HEAD_LEN)]) {
        // The head of a zip does not tell a .docx from other zips: the reader does.
        Kind::Docx | Kind::Zip => {}
        Kind::Ole => return refuse(from, &ole_advice(lang), lang),
        other => {
            let why = lang.pick(
                format!("这是{}，不是 Word 文档（.docx）；申报书模板须为 .docx", other.name_zh()),
                format!("this is {}, not a Word document (.docx): the template must be a .docx", other.name_en()),
            );
            return refuse(from, &why, lang);
        }
    }
    let doc = match crate::read::docx::read_docx(&bytes) {
        Ok(d) => d,
        Err(e) => return refuse(from, &e.describe(lang), lang),
    };
    drop(bytes);
    let text = match text.map(|t| notice_text(t, lang).map_err(|why| (t, why))).transpose() {
        Ok(t) => t,
        Err((path, why)) => return refuse(path, &why, lang),
    };
    let template_name =
        from.file_name().map_or_else(|| from.display().to_string(), |n| n.to_string_lossy().into_owned());
    let input = crate::draft::Input { template: &doc, template_name: &template_name, notice_text: text.as_deref(), id };
    let draft = match crate::draft::draft(&input) {
        Ok(d) => d,
        Err(e) => return refuse(from, &e.describe(lang), lang),
    };
    // The draft must load as `--notice` loads it; one that does not is this command's fault, shown in full.
    let loads = crate::notice::load_str(&output.display().to_string(), &draft.toml, lang).map(|_| ());
    let loaded = loads.is_ok();
    if let Err(e) = loads {
        report_notice_error(crate::notice::NoticeError::Invalid(Box::new(e)));
    }
    let wrote = match crate::output::write(output, draft.toml.as_bytes(), "rules") {
        Ok(w) => w,
        Err(e) => {
            eprintln!("shenbao: {}", crate::output::describe(output, &e, lang));
            return ExitStatus::Error;
        }
    };
    let name = crate::output::shown(output);
    let (parts, sections, limits, n) = (draft.parts, draft.sections, draft.limits, draft.to_check.len());
    let _ = wrote;
    eprintln!(
        "{}",
        lang.pick(
            format!("✔ 已起草 {name}：{parts} 个部分，{sections} 个章节，{limits} 处字数限制；请核对 {n} 处（文件中标“# 请核对”）："),
            format!("✔ drafted {name}: {parts} parts, {sections} sections, {limits} word limits; {n} items to check (marked “# 请核对” in the file):"),
        )
    );
    for (i, item) in draft.to_check.iter().enumerate() {
        eprintln!("  {}. {}", i + 1, crate::diag::printable(item));
    }
    if !loaded {
        return ExitStatus::Failure;
    }
    ExitStatus::Success
}

/// Loads every file, even after a bad one, so that one run lists all that needs fixing.
fn lint(files: &[PathBuf], lang: Lang) -> ExitStatus {
    let mut status = ExitStatus::Success;
    // After a closed pipe the files are still linted, for the exit status.
    let mut quiet = false;
    for path in files {
        let name = path.display().to_string();
        let text = match crate::read::file::read_text(path, crate::read::file::RULE_FILE_MAX) {
            Ok(text) => text,
            Err(e) => {
                let (name, e) = (crate::diag::printable(&name), e.describe(lang));
                eprintln!("{}", lang.pick(format!("✘ 无法读取 {name}：{e}"), format!("✘ cannot read {name}: {e}")));
                status = ExitStatus::Error;
                continue;
            }
        };
        match crate::notice::load_str(&name, &text, lang) {
            Ok(n) => {
                let sections: usize = n.form.parts.iter().map(|p| p.sections.len()).sum();
                let (id, documents) = (&n.id, n.documents.len());
                let line = lang.pick(
                    format!("✔ {name}：规则文件有效（id = {id}，{documents} 份文件要求，{sections} 个章节）\n"),
                    format!("✔ {name}: valid rule file (id = {id}, {documents} documents, {sections} sections)\n"),
                );
                if !quiet {
                    match emit(&line) {
                        Ok(()) => {}
                        Err(ExitStatus::Success) => quiet = true,
                        Err(failed) => return failed,
                    }
                }
            }
            Err(e) => {
                report_notice_error(crate::notice::NoticeError::Invalid(Box::new(e)));
                if status == ExitStatus::Success {
                    status = ExitStatus::Failure;
                }
            }
        }
    }
    status
}

fn list(format: ListFormat, lang: Lang) -> ExitStatus {
    let mut notices = Vec::new();
    for (id, _) in embedded::ALL {
        match crate::notice::resolve(id, None, lang) {
            Ok(n) => notices.push(n),
            Err(e) => {
                report_notice_error(e);
                return ExitStatus::Error;
            }
        }
    }
    let listed: Vec<Listed<'_>> = notices
        .iter()
        .map(|n| {
            let today = crate::checks::today_in(&n.deadline.timezone);
            let next = n.deadline.rounds.iter().filter(|r| r.date.0 >= today).min_by_key(|r| r.date);
            let shown = next.or_else(|| n.deadline.rounds.iter().max_by_key(|r| r.date));
            Listed {
                id: &n.id,
                title: n.title_for(lang),
                issuer: &n.issuer,
                doc_number: n.doc_number.as_deref(),
                deadline: shown.map(|r| r.date.to_string()),
                round: shown.map(|r| r.name.as_str()),
                past: next.is_none(),
            }
        })
        .collect();
    let text = match format {
        ListFormat::Json => crate::render::json::render(&listed),
        ListFormat::Human => {
            let mut out = String::new();
            let id_w = listed.iter().map(|l| l.id.len()).max().unwrap_or(0);
            for l in &listed {
                let state = if l.past { lang.pick("已截止", "closed") } else { lang.pick("下一截止", "next") };
                let deadline = format!("{} {}", l.deadline.as_deref().unwrap_or("—"), state);
                let pad = 22usize.saturating_sub(display_width(&deadline));
                let _ = writeln!(out, "{:id_w$}  {deadline}{}  {}", l.id, " ".repeat(pad), l.title);
            }
            out
        }
    };
    match emit(&text) {
        Ok(()) => ExitStatus::Success,
        Err(s) => s,
    }
}

/// One notice: a custom rule of shenbao.toml by id, an embedded id or a rule file, as `--notice` takes it.
fn show(id: &str, format: ShowFormat, ctx: &super::Context) -> ExitStatus {
    let lang = ctx.lang;
    if let Err(status) = ctx.custom() {
        return status;
    }
    if let ShowFormat::Toml = format {
        // A custom rule's id stands for its file, as it does for --notice.
        let file = ctx.custom_file(id).map_or_else(|| PathBuf::from(id), Path::to_path_buf);
        let text = match embedded::text(id).filter(|_| ctx.custom_file(id).is_none()) {
            // The `#:schema` line is a path inside this repository, wrong wherever the copy is saved.
            Some(t) => {
                t.strip_prefix("#:schema ").and_then(|t| t.split_once('\n')).map_or(t, |(_, rest)| rest).to_owned()
            }
            None if std::fs::metadata(&file).is_ok_and(|m| !m.is_dir()) => {
                match crate::notice::read_rule_file(&file, lang) {
                    Ok(t) => t,
                    Err(e) => {
                        report_notice_error(e);
                        return ExitStatus::Error;
                    }
                }
            }
            None => {
                report_notice_error(crate::notice::NoticeError::Unknown { spec: id.to_owned(), lang });
                return ExitStatus::Error;
            }
        };
        return match emit(&text) {
            Ok(()) => ExitStatus::Success,
            Err(s) => s,
        };
    }
    let notice = match ctx.notice(Some(id)) {
        Ok(Some(n)) => n,
        Ok(None) => return ExitStatus::Error,
        Err(status) => return status,
    };
    let text = match format {
        ShowFormat::Json => crate::render::json::render(&notice),
        _ => describe(&notice, lang),
    };
    match emit(&text) {
        Ok(()) => ExitStatus::Success,
        Err(s) => s,
    }
}

/// A readable summary of a notice.
fn describe(n: &Notice, lang: Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}  {}", n.id, n.title_for(lang));
    let _ = writeln!(out, "{}{}", lang.pick("印发：", "issued by: "), n.issuer.join("、"));
    if let Some(d) = &n.doc_number {
        let _ = writeln!(out, "{}{d}", lang.pick("文号：", "number: "));
    }
    let _ = writeln!(out, "\n{}", lang.pick("截止日期（北京时间当日结束）", "Deadlines (end of day, Beijing time)"));
    for r in &n.deadline.rounds {
        let about = if r.approximate { lang.pick("（约）", " (approx.)") } else { "" };
        let opens = r.opens.map(|o| format!("{o} – ")).unwrap_or_default();
        let _ = writeln!(out, "  {}{}{about}  {}", opens, r.date, r.name);
    }
    let _ = writeln!(out, "\n{}", lang.pick("材料", "Documents"));
    for d in &n.documents {
        let formats: Vec<&str> = d
            .formats
            .iter()
            .chain(d.any_of.iter().flat_map(|a| &a.formats))
            .map(|f| f.as_str())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let need = if d.required { lang.pick("必需", "required") } else { lang.pick("可选", "optional") };
        let alts: Vec<&str> = d.any_of.iter().map(|a| a.name.as_str()).collect();
        let alts = if alts.is_empty() { String::new() } else { format!("（{}）", alts.join(" | ")) };
        let _ = writeln!(out, "  [{need}] {}{alts}  {}", lang.pick(&d.name, &d.name_en), formats.join("/"));
    }
    let _ = writeln!(out, "\n{}{}", lang.pick("申报书：", "Form: "), n.form.title);
    for t in &n.form.tables {
        let labels: Vec<String> = t.fields.iter().map(Field::title).collect();
        let _ = writeln!(out, "  {}：{}", t.name, labels.join("、"));
    }
    for p in &n.form.parts {
        let limit = p.limit.map(|l| lang.pick(format!("（≤ {l} 字）"), format!(" (≤ {l})"))).unwrap_or_default();
        let _ =
            writeln!(out, "  {}{}{limit}", p.number.as_deref().map(|x| format!("{x} ")).unwrap_or_default(), p.title);
        for s in &p.sections {
            let limit = s.limit.map(|l| lang.pick(format!("（≤ {l} 字）"), format!(" (≤ {l})"))).unwrap_or_default();
            let _ = writeln!(out, "    {}{}{limit}", s.number.as_deref().unwrap_or(""), s.title);
        }
    }
    if !n.quotas.is_empty() {
        let _ = writeln!(out, "\n{}", lang.pick("名额", "Quotas"));
        for q in &n.quotas {
            let range = match (q.min, q.max) {
                (Some(a), Some(b)) => format!("{a}–{b}"),
                (Some(a), None) => format!("≥ {a}"),
                (None, Some(b)) => format!("≤ {b}"),
                (None, None) => String::new(),
            };
            let scope = match q.scope {
                QuotaScope::PerApplicant => lang.pick("每个申报单位", "per applicant"),
                QuotaScope::PerRecommender => lang.pick("每个推荐单位", "per recommending unit"),
                QuotaScope::Total => lang.pick("合计", "in all"),
                QuotaScope::PerTrack => lang.pick("每个赛道", "per track"),
                QuotaScope::PerContest => lang.pick("每项赛事", "per contest"),
            };
            let applies =
                q.applies_to.as_deref().map(|a| lang.pick(format!("（{a}）"), format!(" ({a})"))).unwrap_or_default();
            let _ = writeln!(out, "  {scope}{applies} {range}  {}", q.clause);
        }
    }
    out
}
