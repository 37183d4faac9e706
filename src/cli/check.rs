//! `shenbao check DIR...`

use super::{emit, notice_arg, style, ExitStatus, Format};
use crate::checks::{self, NoticeChoice, Options};
use crate::diag::Lang;
use crate::report::Report;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Dossier folders to check.
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
    let given = match notice_arg(args.notice.as_deref(), lang) {
        Ok(n) => n,
        Err(status) => return status,
    };
    let options = Options {
        notice: given.as_ref().map_or(NoticeChoice::FromDossier, NoticeChoice::Given),
        lang,
        today: args.today,
    };
    let dossiers =
        args.dirs.iter().map(|dir| checks::check_dossier(dir, &dir.display().to_string(), &options)).collect();
    let report = Report::new(dossiers);
    let text = match args.format {
        Format::Human => crate::diag::human::render_check(&report, lang, style()),
        Format::Json => crate::diag::json::render(&report),
    };
    if let Err(status) = emit(&text) {
        return status;
    }
    if report.summary.passed == report.summary.dossiers {
        ExitStatus::Success
    } else {
        ExitStatus::Failure
    }
}
