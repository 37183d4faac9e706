//! `shenbao check DIR...`: one dossier, several, or batch roots holding many.

use super::{emit, notice_arg, style, ExitStatus, Format};
use crate::batch::{self, Discovery};
use crate::checks::{self, NoticeChoice, Options};
use crate::diag::Lang;
use crate::notice::Notice;
use crate::report::Report;
use std::io::IsTerminal;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Dossier folders, or batch roots whose subfolders are dossiers (see README "Batch").
    #[arg(required = true, value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
    /// The notice: an embedded id (see `shenbao notices`) or a rule file. Default: each folder's dossier.toml.
    #[arg(long, value_name = "ID|FILE")]
    pub notice: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// Check deadlines as of this day (YYYY-MM-DD) instead of today, Beijing time.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<jiff::civil::Date>,
}

pub fn run(args: Args, lang: Lang) -> ExitStatus {
    let discovery = batch::discover(&args.dirs);
    let run = match run_all(&discovery, args.notice.as_deref(), args.today, lang) {
        Ok(run) => run,
        Err(status) => return status,
    };
    let report = run.report;
    let text = match args.format {
        Format::Human => crate::diag::human::render_check(&report, lang, style()),
        Format::Json => crate::diag::json::render(&report),
    };
    if let Err(status) = emit(&text) {
        return status;
    }
    if report.passed() {
        ExitStatus::Success
    } else {
        ExitStatus::Failure
    }
}

/// Checks what `discovery` found: a lone dossier directly, several as a batch (in parallel, with a
/// progress bar on a terminal). The notice is `--notice`, else each dossier.toml's, else batch.toml's.
pub fn run_all(
    discovery: &Discovery,
    notice: Option<&str>,
    today: Option<jiff::civil::Date>,
    lang: Lang,
) -> Result<batch::BatchRun, ExitStatus> {
    let given = notice_arg(notice, lang)?;
    let fallback: Option<Notice> = match (&given, discovery.config.as_ref().and_then(|c| c.notice.as_deref())) {
        (None, Some(spec)) => {
            let base = discovery.roots.first().map(PathBuf::as_path);
            match crate::notice::resolve(spec, base, lang) {
                Ok(n) => Some(n),
                Err(e) => {
                    super::report_notice_error(e);
                    return Err(ExitStatus::Error);
                }
            }
        }
        _ => None,
    };
    let choice = match (&given, &fallback) {
        (Some(n), _) => NoticeChoice::Given(n),
        (None, Some(n)) => NoticeChoice::Fallback(n),
        (None, None) => NoticeChoice::FromDossier,
    };
    let options = Options { notice: choice, lang, today };
    if !discovery.is_batch() {
        let dossiers = discovery.targets.iter().map(|t| checks::check_dossier(&t.path, &t.display, &options)).collect();
        return Ok(batch::BatchRun { report: Report::new(dossiers), notices: Default::default() });
    }
    let bar = progress_bar(discovery.targets.len() as u64);
    let run = batch::run(discovery, &options, &|| bar.inc(1));
    bar.finish_and_clear();
    Ok(run)
}

/// A progress bar on stderr; hidden when stderr is not a terminal or `CI` is set.
fn progress_bar(len: u64) -> indicatif::ProgressBar {
    let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty());
    if ci || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} {per_sec}")
    {
        bar.set_style(style);
    }
    bar
}
