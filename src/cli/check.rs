//! `shenbao check [DIR...]`: one dossier, several, batch roots holding many, or the folders shenbao.toml names.

use super::{emit, CheckFormat as Format, Context, ExitStatus};
use crate::batch::{self, Discovery, Target};
use crate::checks::{NoticeChoice, Options};
use crate::config::{self, Deny, Loaded};
use crate::diag::Lang;
use crate::folders::tidy;
use crate::notice::Notice;
use crate::render::human::Style;
use crate::report::Report;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Dossier folders, or batch roots whose subfolders are dossiers (see README "Batch").
    /// Default: the folders shenbao.toml's [[dossiers]] globs match.
    #[arg(value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
    /// Take every folder given as a batch root: each subfolder is one dossier.
    #[arg(long, conflicts_with = "single")]
    pub batch: bool,
    /// Take every folder given as one dossier, even when it looks like a batch root.
    #[arg(long)]
    pub single: bool,
    /// The notice: an embedded id (see `shenbao notices`) or a rule file. Default: each folder's dossier.toml.
    #[arg(long, value_name = "ID|FILE")]
    pub notice: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// Also write the report in --format to FILE; the terminal keeps the human view.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// `warnings`: warnings fail a dossier like errors.
    #[arg(long, value_enum, value_name = "WHAT")]
    pub deny: Vec<Deny>,
    /// Check only slice I of N (e.g. 2/4), a stable split by folder path for CI matrices.
    #[arg(long, value_name = "I/N", value_parser = parse_shard)]
    pub shard: Option<(u32, u32)>,
    /// Check deadlines as of this day (YYYY-MM-DD; 2024/8/10 and 2024年8月10日 work too) instead of today,
    /// Beijing time.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::parse_day)]
    pub today: Option<jiff::civil::Date>,
    /// Write `--output` to a free name (`NAME-2.EXT`, …) rather than replace a file: set for folders
    /// dropped on the program, not an option.
    #[arg(skip)]
    pub numbered: bool,
}

/// The layout `--batch` / `--single` ask for.
pub fn layout(batch: bool, single: bool) -> batch::Layout {
    match (batch, single) {
        (true, _) => batch::Layout::Batch,
        (false, true) => batch::Layout::Single,
        (false, false) => batch::Layout::Auto,
    }
}

fn parse_shard(s: &str) -> Result<(u32, u32), super::ArgError> {
    let refuse = |zh: String, en: String| super::ArgError { zh, en };
    let Some((i, n)) = s.split_once('/') else {
        return Err(refuse("应写成 I/N，如 1/4".into(), "expected I/N, e.g. 1/4".into()));
    };
    let (Ok(i), Ok(n)) = (i.trim().parse::<u32>(), n.trim().parse::<u32>()) else {
        return Err(refuse("I 和 N 须是数字，如 1/4".into(), "I and N must be numbers, e.g. 1/4".into()));
    };
    if n == 0 || i == 0 || i > n {
        return Err(refuse(format!("分片 {i}/{n}：须 1 ≤ I ≤ N"), format!("shard {i}/{n}: need 1 ≤ I ≤ N")));
    }
    Ok((i, n))
}

pub fn run(args: Args, ctx: &Context) -> ExitStatus {
    run_to(args, ctx).0
}

/// Runs `check`; with the path the report was written to, when `--output` was given and written.
pub fn run_to(args: Args, ctx: &Context) -> (ExitStatus, Option<PathBuf>) {
    let mut written = None;
    let status = run_inner(args, ctx, &mut written);
    (status, written)
}

fn run_inner(args: Args, ctx: &Context, written: &mut Option<PathBuf>) -> ExitStatus {
    let lang = ctx.lang;
    let (loaded, custom) = match ctx.repo().and_then(|loaded| Ok((loaded, ctx.custom()?))) {
        Ok(setup) => setup,
        Err(status) => return status,
    };
    let mut discovery = if args.dirs.is_empty() {
        match configured(loaded, custom, lang) {
            Ok(d) => d,
            Err(status) => return status,
        }
    } else {
        let mut found = batch::discover_as(&args.dirs, layout(args.batch, args.single));
        if let Some(l) = loaded {
            repo_relative(&mut found, l.dir());
        }
        found
    };
    if discovery.targets.is_empty() {
        eprintln!("{}", lang.pick("shenbao: 没有找到要检查的材料文件夹", "shenbao: no dossier folders found to check"));
        return ExitStatus::Error;
    }
    // The report may not replace a file of a dossier being read (`-o DOSSIER/申报书.docx`): refused before
    // any work is done.
    if let Some(output) = &args.output {
        let read: Vec<PathBuf> = discovery.targets.iter().map(|t| t.path.clone()).collect();
        if let Some(why) = crate::output::refusal(output, &read, lang) {
            eprintln!("{why}");
            return ExitStatus::Error;
        }
    }
    // A shard sees a slice: quotas, duplicates and ranking over a slice would be wrong, so they are left out.
    let cross = args.shard.is_none();
    if let Some((i, n)) = args.shard {
        discovery.targets = batch::shard(std::mem::take(&mut discovery.targets), i, n);
    }
    let run = match run_all(ctx, &discovery, args.notice.as_deref(), args.today, cross) {
        Ok(run) => run,
        Err(status) => return status,
    };
    let mut report = run.report;
    let policy = match ctx.policy(&args.deny) {
        Ok(policy) => policy,
        Err(status) => return status,
    };
    config::apply(&mut report, &policy, args.today.unwrap_or(ctx.today), lang);
    if args.shard.is_some_and(|(i, _)| i > 1) {
        report.without_config();
    }

    let today = args.today.unwrap_or(ctx.today);
    // A file never gets terminal colours.
    let rendered = match (args.format, &args.output) {
        (Format::Human, Some(_)) => render(&report, Format::Human, lang, Style { color: false }, today),
        _ => render(&report, args.format, lang, ctx.style, today),
    };
    let shown = match &args.output {
        Some(path) => {
            match write_report(path, &rendered, args.numbered, lang) {
                Ok(path) => *written = Some(path),
                Err(status) => return status,
            }
            render(&report, Format::Human, lang, ctx.style, today)
        }
        None => rendered,
    };
    if args.format == Format::Github {
        step_summary(&report, lang);
    }
    if let Err(status) = emit(&shown) {
        return status;
    }
    // A folder named on the command line that does not exist is a mistyped argument (exit 2), told
    // apart from a dossier with errors; the others have still been checked (its SB004 is in the report).
    let missing: Vec<String> = args.dirs.iter().filter(|d| !d.exists()).map(|d| crate::output::shown(d)).collect();
    if !missing.is_empty() {
        eprintln!(
            "shenbao: {}",
            lang.pick(
                format!("找不到文件夹：{}（请检查路径；其余材料已检查）", missing.join("、")),
                format!("no such folder: {} (check the path; the others were checked)", missing.join(", ")),
            )
        );
        return ExitStatus::Error;
    }
    if report.passed() {
        ExitStatus::Success
    } else {
        ExitStatus::Failure
    }
}

/// Writes the report to `path` (replacing what is there, said on stderr), or with `numbered` to the first
/// free name of `path`, `NAME-2.EXT`…; the path written.
fn write_report(path: &Path, rendered: &str, numbered: bool, lang: Lang) -> Result<PathBuf, ExitStatus> {
    let result = if numbered {
        crate::output::write_numbered(path, rendered.as_bytes(), "report")
    } else {
        crate::output::write(path, rendered.as_bytes(), "report").map(|wrote| {
            if wrote == crate::output::Wrote::Replaced {
                eprintln!("shenbao: {}", crate::output::wrote_line(path, wrote, lang));
            }
            path.to_owned()
        })
    };
    result.map_err(|e| {
        eprintln!("shenbao: {}", crate::output::describe(path, &e, lang));
        ExitStatus::Error
    })
}

/// Inside a repository with shenbao.toml, folders are named relative to its root wherever the command runs,
/// so SARIF locations, annotations and waiver globs see the same paths from any subfolder.
fn repo_relative(discovery: &mut Discovery, root: &Path) {
    let Ok(root) = dunce::canonicalize(root) else { return };
    for t in &mut discovery.targets {
        if let Some(shown) = in_repo(&t.path, &root) {
            t.display = shown;
        }
    }
}

/// `path` named relative to the repository root `root` (canonical), when it lies inside it.
pub fn in_repo(path: &Path, root: &Path) -> Option<String> {
    let full = dunce::canonicalize(path).ok()?;
    let rel = full.strip_prefix(root).ok()?;
    (!rel.as_os_str().is_empty()).then(|| crate::folders::tidy(&rel.display().to_string()))
}

/// The report in one format. `today` is the day deadlines were checked as of (the HTML footer says it).
pub fn render(report: &Report, format: Format, lang: Lang, style: Style, today: jiff::civil::Date) -> String {
    let report = &*crate::render::worded(report, lang);
    match format {
        Format::Human => crate::render::human::render_check(report, lang, style),
        Format::Json => crate::render::json::render_report(report, lang),
        Format::Sarif => crate::render::sarif::render(report, lang),
        Format::Junit => crate::render::junit::render(report, lang),
        Format::Github => crate::render::github::render(report, lang),
        Format::Html => {
            // The footer ties the page to the JSON of the same run: the SHA-256 of the exact bytes
            // `--format json` prints.
            let json = crate::render::json::render_report(report, lang);
            let footer = crate::render::html::Footer {
                today: today.to_string(),
                json_sha256: crate::hash::sha256_hex(json.as_bytes()),
            };
            crate::render::html::render(report, lang, &footer)
        }
    }
}

/// Appends the Markdown summary to $GITHUB_STEP_SUMMARY (annotations are capped per step; the summary is not).
fn step_summary(report: &Report, lang: Lang) {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) else { return };
    let text = crate::render::github::step_summary(report, lang);
    let written = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()));
    if let Err(e) = written {
        eprintln!("shenbao: GITHUB_STEP_SUMMARY: {e}");
    }
}

/// The dossier folders of shenbao.toml's `[[dossiers]]`, each with its notice.
fn configured(loaded: Option<&Loaded>, custom: &[Notice], lang: Lang) -> Result<Discovery, ExitStatus> {
    let Some(l) = loaded.filter(|l| !l.config.dossiers.is_empty()) else {
        eprintln!(
            "{}",
            lang.pick(
                "shenbao: 没有给出材料文件夹，也没有 shenbao.toml 的 [[dossiers]]：用法 shenbao check DIR...",
                "shenbao: no dossier folder given and no [[dossiers]] in shenbao.toml: usage shenbao check DIR...",
            )
        );
        return Err(ExitStatus::Error);
    };
    let mut loaded_notices: std::collections::HashMap<String, Arc<Notice>> = Default::default();
    let mut discovery = Discovery::default();
    for (path, spec) in config::dossier_folders(l) {
        let notice = match spec {
            None => None,
            Some(spec) => match loaded_notices.get(&spec) {
                Some(n) => Some(n.clone()),
                None => match crate::notice::resolve_in(&spec, Some(l.dir()), custom, lang) {
                    Ok(n) => {
                        let n = Arc::new(n);
                        loaded_notices.insert(spec, n.clone());
                        Some(n)
                    }
                    Err(e) => {
                        super::report_notice_error(e);
                        return Err(ExitStatus::Error);
                    }
                },
            },
        };
        // Relative to the repository root, wherever the command runs: stable names for SARIF and waivers.
        let shown: &Path = path.strip_prefix(l.dir()).unwrap_or(&path);
        discovery.targets.push(Target { display: tidy(&shown.display().to_string()), path, notice, root: None });
    }
    if discovery.targets.is_empty() {
        eprintln!(
            "{}",
            lang.pick(
                format!("shenbao: {} 的 [[dossiers]] 没有匹配到任何文件夹", crate::output::shown(&l.path)),
                format!("shenbao: the [[dossiers]] of {} match no folder", crate::output::shown(&l.path)),
            )
        );
        return Err(ExitStatus::Error);
    }
    Ok(discovery)
}

/// Checks what `discovery` found: a lone dossier directly, several as a batch (in parallel, with a
/// progress bar on a terminal). The notice is `--notice`, else each dossier.toml's, else the one
/// shenbao.toml or the batch.toml of the dossier's batch root gives.
pub fn run_all(
    ctx: &Context,
    discovery: &Discovery,
    notice: Option<&str>,
    today: Option<jiff::civil::Date>,
    cross: bool,
) -> Result<batch::BatchRun, ExitStatus> {
    let (lang, custom) = (ctx.lang, ctx.custom()?);
    let given = ctx.notice(notice)?;
    let mut with_root_notices;
    let discovery = match &given {
        Some(_) => discovery,
        None => {
            with_root_notices = discovery.clone();
            give_root_notices(&mut with_root_notices, custom, lang)?;
            &with_root_notices
        }
    };
    let choice = match &given {
        Some(n) => NoticeChoice::Given(n),
        None => NoticeChoice::FromDossier,
    };
    let options = Options { notice: choice, today, custom };
    // A lone dossier goes the same way as a batch, without the cross-dossier rules and the bar.
    let cross = cross && discovery.is_batch();
    let bar = if discovery.is_batch() {
        progress_bar(discovery.targets.len() as u64)
    } else {
        indicatif::ProgressBar::hidden()
    };
    let run = batch::run_with(discovery, &options, cross, &|| bar.inc(1));
    bar.finish_and_clear();
    Ok(run)
}

/// Gives each dossier found in a batch root the notice its root's batch.toml names (resolved from that
/// root), unless shenbao.toml gave it one. Each root may answer a different notice.
fn give_root_notices(discovery: &mut Discovery, custom: &[Notice], lang: Lang) -> Result<(), ExitStatus> {
    let mut resolved: Vec<(PathBuf, Arc<Notice>)> = Vec::new();
    for (root, config) in &discovery.root_configs {
        let Some(spec) = config.notice.as_deref() else { continue };
        // A custom rule file's id (shenbao.toml `rules`) is known here too.
        let notice = crate::notice::resolve_in(spec, Some(root), custom, lang).map_err(|e| {
            super::report_notice_error(e);
            ExitStatus::Error
        })?;
        resolved.push((root.clone(), Arc::new(notice)));
    }
    for target in discovery.targets.iter_mut().filter(|t| t.notice.is_none()) {
        let Some(root) = &target.root else { continue };
        target.notice = resolved.iter().find(|(dir, _)| dir == root).map(|(_, n)| Arc::clone(n));
    }
    Ok(())
}

/// A progress bar on stderr; hidden when stderr is not a terminal or `CI` is set.
fn progress_bar(len: u64) -> indicatif::ProgressBar {
    if super::terminal::under_ci() || !std::io::stderr().is_terminal() {
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
