//! `shenbao pack DIR`

use super::{emit, Context, ExitStatus, Format};
use crate::checks::{self, NoticeChoice, Options};
use crate::config::Policy;
use crate::diag::{printable, Diagnostic, Lang, Severity};
use crate::output::shown;
use crate::pack::{self, contents, PackError, PackFinding, WriteOptions};
use crate::report::{DossierReport, Report};
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The dossier folder. It is only read, never changed.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// The notice: an embedded id or a rule file. Default: the folder's dossier.toml.
    #[arg(long, value_name = "ID|FILE")]
    pub notice: Option<String>,
    /// The bundle to write. Default: `{名称}-{申报单位}.zip` beside the folder.
    #[arg(short, long, value_name = "FILE.zip")]
    pub output: Option<PathBuf>,
    /// Pack even when the check finds errors; the bundle's report.json and 清单.txt record it.
    #[arg(long)]
    pub force: bool,
    /// Write self-contained volumes NAME.part1.zip, NAME.part2.zip… each at most SIZE (25M, 20MB, 1G).
    #[arg(long, value_name = "SIZE", value_parser = size_arg)]
    pub split: Option<u64>,
    /// Check deadlines as of this day (YYYY-MM-DD; 2024/8/10 works too). Default: the day of SOURCE_DATE_EPOCH
    /// if set, else today.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::parse_day)]
    pub today: Option<jiff::civil::Date>,
    /// `json`: what was written, with the bundle's fingerprint, as JSON on stdout.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// Put the 申报书 (.docx) in the bundle as `shenbao clean` leaves it: tracked changes accepted, comments
    /// and personal data removed. The files in the folder are only read; report.json and 清单.txt say what
    /// was cleaned.
    #[arg(long)]
    pub clean: bool,
}

/// `pack --format json`.
#[derive(serde::Serialize)]
struct Packed<'a> {
    volumes: Vec<PackedVolume>,
    /// SHA-256 of manifest-sha256.txt, the same in every volume; 清单.txt and `verify` show it too.
    fingerprint: &'a str,
    files: usize,
    not_packed: &'a [String],
    forced: bool,
    /// The bundle replaced a file that was at its path.
    replaced: bool,
    /// The 申报书 packed cleaned (`--clean`), as report.json lists them.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    cleaned: &'a [pack::clean::CleanedEntry],
}

#[derive(serde::Serialize)]
struct PackedVolume {
    path: String,
    bytes: u64,
}

fn print_diagnostic(d: &Diagnostic, lang: Lang) {
    let mark = match d.severity {
        Severity::Error => "✘",
        Severity::Warning => "⚠",
        Severity::Info => "ℹ",
    };
    eprintln!("{mark} {} {}  {}", d.code, d.severity.label(lang), printable(&d.text(lang)));
    if let Some(help) = d.help_text(lang) {
        eprintln!("    {}{}", lang.pick("帮助：", "help: "), printable(&help));
    }
}

/// Prints why nothing was packed; the run ends with the tool's failure status.
fn fail(finding: PackFinding, lang: Lang) -> ExitStatus {
    print_diagnostic(&Diagnostic::of(finding), lang);
    ExitStatus::Failure
}

/// A dossier's findings after the run's policy, as `check` settles them: shenbao.toml's severities,
/// waivers and `deny`. Waiver globs see the dossier named as `check DIR` names it (`as_checked`); the
/// report keeps the folder's own name (`display`), which is what the bundle records.
fn settle(
    mut checked: DossierReport,
    as_checked: &str,
    policy: &Policy,
    today: jiff::civil::Date,
    lang: Lang,
) -> Report {
    let display = std::mem::replace(&mut checked.path, as_checked.to_owned());
    let mut report = Report::new(vec![checked]);
    crate::config::apply(&mut report, policy, today, lang);
    // The bundle carries the one dossier's report: an expired waiver (SB008) goes with it, as the
    // bundle is all a recipient sees.
    let config = std::mem::take(&mut report.config);
    for d in &mut report.dossiers {
        d.path.clone_from(&display);
        d.diagnostics.extend(config.iter().cloned());
    }
    report
}

pub fn run(args: Args, ctx: &Context) -> ExitStatus {
    let lang = ctx.lang;
    // The same rules as `check`: shenbao.toml's custom rules, severities, waivers and deny.
    let setup = ctx.custom().and_then(|custom| Ok((custom, ctx.policy(&[])?, ctx.notice(args.notice.as_deref())?)));
    let (custom, policy, given) = match setup {
        Ok(setup) => setup,
        Err(status) => return status,
    };
    let epoch = pack::source_date_epoch();
    let today = args.today.or_else(|| {
        let t = jiff::Timestamp::from_second(epoch?).ok()?;
        Some(t.to_zoned(jiff::tz::TimeZone::get("Asia/Shanghai").ok()?).date())
    });
    let options =
        Options { notice: given.as_ref().map_or(NoticeChoice::FromDossier, NoticeChoice::Given), today, custom };
    let folder = match Folder::open(&args.dir, ctx) {
        Ok(folder) => folder,
        Err(status) => return status,
    };
    let settled = Settled { as_checked: &folder.as_checked, policy: &policy, today: today.unwrap_or(ctx.today) };
    // A bug in shenbao on this dossier becomes a finding (and no bundle), as in a `check` batch.
    let checked = checks::check_isolated(&folder.dir, &folder.display, &options);
    let (Some(dossier), Some(notice)) = (&checked.dossier, &checked.notice) else {
        let report = settled.report(checked.report.clone(), lang);
        let _ = emit(&crate::render::human::render_check(&report, lang, ctx.style));
        return fail(PackFinding::Undetermined, lang);
    };
    let mut layout = pack::layout(notice, dossier, &checked.assignment, &checked.report.facts);
    // With --clean the check result is the cleaned 申报书's: what cleaning fixed no longer counts.
    let prepared = args.clean.then(|| pack::clean::prepare(notice, &layout));
    let fixed = match &prepared {
        Some(Ok(p)) => p.as_slice(),
        _ => &[],
    };
    let report = settled.report(pack::clean::as_cleaned(checked.report.clone(), fixed), lang);
    let errors: usize = report.dossiers.iter().map(|d| d.count(Severity::Error)).sum();
    if let Err(status) = refuse_unless_passed(&report, errors, args.force, ctx) {
        return status;
    }
    let prepared = match prepared.transpose() {
        Ok(p) => p.unwrap_or_default(),
        Err(failure) => {
            eprintln!("shenbao: {}", failure.describe(lang));
            return ExitStatus::Error;
        }
    };

    // What goes inside the bundle is worded in Chinese whatever the run's language, so that a dossier packs
    // to the same bytes under --lang en: the findings' stored words are the default language's.
    // `settle` keeps the one dossier it is given.
    let Some(bundle_report) = report.dossiers.first() else {
        return ExitStatus::Error;
    };
    // The layout's findings are worded here in the run's language and, inside the bundle, in Chinese.
    // A notice inferred from the 申报书 (SB011) lays the bundle out by that notice's rules: said first.
    let inferred = bundle_report.diagnostics.iter().filter(|d| d.code == crate::diag::Code::NoticeInferred);
    for w in inferred.chain(&layout.warnings) {
        print_diagnostic(w, lang);
    }
    let facts = &checked.report.facts;
    let titles = contents::Titles {
        name: facts.name.as_deref().filter(|s| !s.trim().is_empty()),
        unit: facts.unit.as_deref().filter(|s| !s.trim().is_empty()),
    };
    let target = match &args.output {
        Some(o) => o.clone(),
        None => {
            let parent = folder.dir.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf);
            parent.join(default_name(titles.name, titles.unit, &folder.display))
        }
    };
    if let Err(status) = check_target(&target, &folder.dir, lang) {
        return status;
    }
    // The cleaned copies live beside the bundle until it is written; dropping them removes them.
    let _cleaned = match pack::clean::substitute(&mut layout, prepared, crate::output::folder_of(&target)) {
        Ok(temps) => temps,
        Err(e) => return report_pack_error(&e, lang),
    };
    let (rule_sha256, rule_source) = rule_record(&args, ctx, dossier.config.as_ref(), &notice.id, &folder.dir);
    let contents = Contents {
        notice,
        titles,
        report: bundle_report,
        layout: &layout,
        forced: args.force && errors > 0,
        epoch,
        rule_source,
        rule_sha256,
    };
    write(&args, &target, &contents, &layout, errors, lang)
}

/// The dossier folder as `pack` names it: its real path, the name the bundle's report shows, and the name
/// waivers use.
struct Folder {
    dir: PathBuf,
    /// No absolute path in the bundle: the report names the folder by its own name.
    display: String,
    /// Waivers name dossiers as `check DIR` does: relative to the repository root when inside it.
    as_checked: String,
}

impl Folder {
    /// Resolves the folder; one that cannot be read ends the run with the tool's error status.
    fn open(given: &Path, ctx: &Context) -> Result<Folder, ExitStatus> {
        let Ok(dir) = dunce::canonicalize(given) else {
            eprintln!(
                "shenbao: {}: {}",
                shown(given),
                ctx.lang.pick("无法读取材料文件夹", "cannot read the dossier folder")
            );
            return Err(ExitStatus::Error);
        };
        let display = dir.file_name().map_or_else(|| given.display().to_string(), |n| n.to_string_lossy().into_owned());
        let root = ctx.repo().ok().flatten().and_then(|l| dunce::canonicalize(l.dir()).ok());
        let as_checked = root
            .and_then(|root| super::check::in_repo(&dir, &root))
            .unwrap_or_else(|| crate::folders::tidy(&given.display().to_string()));
        Ok(Folder { dir, display, as_checked })
    }
}

/// What `settle` needs besides the report: the same for the run's report and the one inside the bundle.
struct Settled<'a> {
    as_checked: &'a str,
    policy: &'a Policy,
    today: jiff::civil::Date,
}

impl Settled<'_> {
    fn report(&self, checked: DossierReport, lang: Lang) -> Report {
        settle(checked, self.as_checked, self.policy, self.today, lang)
    }
}

/// A dossier with errors is not packed unless `--force`: the findings are printed, then the refusal.
fn refuse_unless_passed(report: &Report, errors: usize, force: bool, ctx: &Context) -> Result<(), ExitStatus> {
    let lang = ctx.lang;
    if report.passed() || force {
        return Ok(());
    }
    emit(&crate::render::human::render_check(report, lang, ctx.style))?;
    Err(fail(PackFinding::HasErrors { errors }, lang))
}

/// The rule file the bundle records (its sha256 and where it came from), so that a reviewer can tell which
/// rules the dossier was checked against. A custom rule of shenbao.toml, named by its id, is recorded by its file.
fn rule_record(
    args: &Args,
    ctx: &Context,
    config: Option<&crate::dossier::DossierConfig>,
    inferred: &str,
    dir: &Path,
) -> (Option<String>, &'static str) {
    // Named by --notice or dossier.toml, else the notice inferred from the 申报书 (an embedded id or a
    // shenbao.toml rule file's).
    let spec =
        args.notice.clone().or_else(|| config.and_then(|c| c.notice.clone())).unwrap_or_else(|| inferred.to_owned());
    let rule_file = ctx.custom_file(&spec).map_or_else(|| spec.clone(), |p| p.display().to_string());
    match pack::rule_file_text(&rule_file, Some(dir)) {
        Some((text, source)) => (Some(crate::hash::sha256_hex(text.as_bytes())), source),
        None => (None, "unknown"),
    }
}

/// Everything the bundle's metadata (report.json and 清单.txt) is written from, always in Chinese.
struct Contents<'a> {
    notice: &'a crate::notice::Notice,
    titles: contents::Titles<'a>,
    report: &'a DossierReport,
    layout: &'a pack::Layout,
    forced: bool,
    epoch: Option<i64>,
    rule_source: &'static str,
    rule_sha256: Option<String>,
}

impl Contents<'_> {
    /// The metadata for a split `plan` (or one bundle): each text marks which volume holds each file.
    fn metadata(&self, plan: Option<&[Vec<usize>]>) -> pack::Metadata<'_> {
        let volume_of = pack::volume_of(plan);
        let volumes = plan.map_or(1, <[Vec<usize>]>::len);
        let report_json = contents::report_json(
            self.notice,
            self.rule_source,
            self.rule_sha256.clone(),
            self.report,
            self.layout,
            self.forced,
            self.epoch,
            &volume_of,
            volumes,
        );
        pack::Metadata {
            report_json,
            checklist: Box::new(move |fingerprint: &str| {
                contents::checklist(
                    self.notice,
                    &self.titles,
                    self.report,
                    self.layout,
                    self.forced,
                    &volume_of,
                    volumes,
                    fingerprint,
                    Lang::Zh,
                )
            }),
        }
    }
}

/// How the bundle is split into volumes, if it must be: under `--split` or the notice's size limit.
/// Estimated with the metadata at its final length (volume numbers change few bytes). An unsplit bundle
/// over the notice's limit is refused here, before anything is written.
fn plan(
    split: Option<u64>,
    max_bytes: Option<u64>,
    layout: &pack::Layout,
    contents: &Contents<'_>,
    lang: Lang,
) -> Result<Option<Vec<Vec<usize>>>, ExitStatus> {
    let limit = match (split, max_bytes) {
        (Some(s), Some(m)) => Some(s.min(m)),
        (Some(s), None) => Some(s),
        (None, _) => None,
    };
    if let Some(limit) = limit {
        let draft = contents.metadata(None);
        // Volume marks add a few bytes per line to 清单.txt and report.json.
        let slack = 32 * layout.items.len() + 256;
        let checklist_len = (draft.checklist)(&"0".repeat(64)).len();
        let cost = pack::metadata_cost(&layout.items, draft.report_json.len() + slack, checklist_len + slack);
        return match pack::plan_volumes(&layout.items, cost, limit) {
            Ok(p) => Ok(Some(p)),
            Err(e) => Err(report_pack_error(&e, lang)),
        };
    }
    if let Some(max) = max_bytes {
        let stored: u64 = layout.items.iter().map(|i| i.size).sum();
        if stored > max {
            return Err(over_size(stored, max, lang));
        }
    }
    Ok(None)
}

/// Writes the bundle next to the folder (or where `--output` says) and reports what was written.
fn write(
    args: &Args,
    target: &Path,
    contents: &Contents<'_>,
    layout: &pack::Layout,
    errors: usize,
    lang: Lang,
) -> ExitStatus {
    let replaced = target.is_file();
    let max_bytes = contents.notice.submission.max_bundle_bytes;
    let plan = match plan(args.split, max_bytes, layout, contents, lang) {
        Ok(plan) => plan,
        Err(status) => return status,
    };
    let metadata = contents.metadata(plan.as_deref());
    let opts = WriteOptions { time: pack::timestamp(contents.epoch), split: args.split, max_bytes };
    let written = match pack::write_bundle(target, layout, &metadata, plan.as_deref(), opts) {
        Ok(w) => w,
        Err(e) => return report_pack_error(&e, lang),
    };
    let forced = contents.forced;
    let text = match args.format {
        Format::Json => crate::render::json::render(&Packed {
            volumes: written
                .volumes
                .iter()
                .map(|(path, bytes)| PackedVolume { path: path.display().to_string(), bytes: *bytes })
                .collect(),
            fingerprint: &written.fingerprint,
            files: layout.items.len(),
            not_packed: &layout.left_out,
            forced,
            replaced,
            cleaned: &layout.cleaned,
        }),
        Format::Human => packed_text(&written, layout, forced.then_some(errors), replaced, lang),
    };
    match emit(&text) {
        Ok(()) | Err(ExitStatus::Success) => ExitStatus::Success,
        Err(status) => status,
    }
}

/// The human lines after a pack: the volumes, what was packed, the fingerprint.
fn packed_text(
    written: &pack::Written,
    layout: &pack::Layout,
    forced_errors: Option<usize>,
    replaced: bool,
    lang: Lang,
) -> String {
    let total: u64 = written.volumes.iter().map(|(_, s)| s).sum();
    let mut text = String::new();
    for cleaned in &layout.cleaned {
        text.push_str(&format!("✔ {}\n", printable(&cleaned.line(lang))));
    }
    for (path, size) in &written.volumes {
        text.push_str(&format!("{}  {}\n", shown(path), pack::human_size(*size)));
    }
    if replaced {
        if let Some((path, _)) = written.volumes.first() {
            let wrote = crate::output::wrote_line(path, crate::output::Wrote::Replaced, lang);
            text.push_str(&format!("⚠ {wrote}\n"));
        }
    }
    let (packed, volumes, size) = (layout.items.len(), written.volumes.len(), pack::human_size(total));
    let not_packed = match layout.left_out.len() {
        0 => String::new(),
        n => lang.pick(
            format!("；未打包 {n} 个文件（见 清单.txt）"),
            format!("; {} not packed (see 清单.txt)", crate::diag::counted(n, "file", "files")),
        ),
    };
    text.push_str(&lang.pick(
        format!("✔ 已打包 {packed} 个文件，{volumes} 卷，压缩包共 {size}{not_packed}\n"),
        format!(
            "✔ packed {} in {}, {size} zipped{not_packed}\n",
            crate::diag::counted(packed, "file", "files"),
            crate::diag::counted(volumes, "volume", "volumes")
        ),
    ));
    text.push_str(&lang.pick(
        format!(
            "压缩包指纹（manifest-sha256.txt 的 SHA-256）：{}\n  请打印在纸质件上，供受理单位用 shenbao verify 核对\n",
            written.fingerprint
        ),
        format!(
            "bundle fingerprint (SHA-256 of manifest-sha256.txt): {}\n  print it on the paper copy; the receiving \
             office compares it with what shenbao verify shows\n",
            written.fingerprint
        ),
    ));
    if let Some(errors) = forced_errors {
        text.push_str(&lang.pick(
            format!("⚠ 材料有 {errors} 个错误，按 --force 强制打包；报送前须改正\n"),
            format!(
                "⚠ the dossier has {}; packed with --force, fix before sending\n",
                crate::diag::counted(errors, "error", "errors")
            ),
        ));
    }
    text
}

/// The default bundle name, `{名称}-{申报单位}.zip`, else the folder's name: one Windows-safe component that
/// does not start with a dot (a folder given as `../..` or `/` has no usable name of its own).
fn default_name(name: Option<&str>, unit: Option<&str>, folder: &str) -> String {
    let stem = match (name, unit) {
        (Some(n), Some(u)) => format!("{n}-{u}"),
        (Some(n), None) => n.to_owned(),
        _ => folder.to_owned(),
    };
    let stem = pack::entry_names::component(&stem);
    let stem = stem.trim_start_matches(['.', ' ', '_', '-', '／', '＼']);
    let stem = if stem.is_empty() { "申报材料" } else { stem };
    pack::entry_names::component(&format!("{stem}.zip"))
}

/// The bundle may not go inside the dossier folder (nor its temporary file), nor replace something that is
/// not a file: renaming over `/dev/null` or a pipe would replace it, and a folder cannot be replaced.
fn check_target(target: &Path, dir: &Path, lang: Lang) -> Result<(), ExitStatus> {
    if let Some(why) = crate::output::refusal(target, &[dir.to_owned()], lang) {
        eprintln!("{why}");
        return Err(ExitStatus::Error);
    }
    if let Ok(m) = std::fs::metadata(target) {
        if !m.is_file() {
            eprintln!(
                "shenbao: {}",
                lang.pick(
                    format!(
                        "“{}”已存在且不是普通文件（文件夹、设备或管道），不能用作压缩包；请用 -o 另选文件名",
                        shown(target)
                    ),
                    format!(
                        "“{}” exists and is not a regular file (a folder, device or pipe); choose another name with -o",
                        shown(target)
                    ),
                )
            );
            return Err(ExitStatus::Error);
        }
    }
    Ok(())
}

fn over_size(size: u64, limit: u64, lang: Lang) -> ExitStatus {
    fail(PackFinding::OverSize { size, limit }, lang)
}

fn report_pack_error(e: &PackError, lang: Lang) -> ExitStatus {
    match e {
        PackError::OverSize { size, limit } => over_size(*size, *limit, lang),
        PackError::EntryTooLarge { name, size, limit } => {
            fail(PackFinding::EntryTooLarge { name: name.clone(), size: *size, limit: *limit }, lang)
        }
        PackError::Io { path, source } => {
            eprintln!("shenbao: {}", crate::output::describe(Path::new(path), source, lang));
            ExitStatus::Error
        }
        PackError::SourceChanged(name) => {
            let name = printable(name);
            eprintln!(
                "shenbao: {}",
                lang.pick(
                    format!("“{name}”在打包过程中被改动，未写出压缩包；请在文件不再变动时重新打包"),
                    format!("“{name}” changed while it was being packed; nothing written, pack again"),
                )
            );
            ExitStatus::Error
        }
        PackError::Zip(e) => {
            eprintln!(
                "shenbao: {}",
                lang.pick(format!("写压缩包时出错：{e}"), format!("error writing the bundle: {e}"))
            );
            ExitStatus::Error
        }
    }
}

/// `--split`'s size, refused in both languages.
fn size_arg(s: &str) -> Result<u64, super::ArgError> {
    pack::parse_size(s)
        .map_err(|en| super::ArgError {
            zh: "不是可用的大小，应写成数字加单位，如 25M、20MB、1G".to_owned(), en
        })
}
