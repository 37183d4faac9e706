//! `shenbao notices [show ID | lint FILE...]`

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
    }
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
