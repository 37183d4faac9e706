//! `shenbao pack DIR`

use super::{emit, notice_arg, style, ExitStatus};
use crate::checks::{self, NoticeChoice, Options};
use crate::diag::{Code, Diagnostic, Lang, Severity};
use crate::pack::{self, contents, PackError, WriteOptions};
use crate::report::Report;
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
}

fn print_diagnostic(d: &Diagnostic, lang: Lang) {
    let mark = match d.severity {
        Severity::Error => "✘",
        Severity::Warning => "⚠",
        Severity::Info => "ℹ",
    };
    eprintln!("{mark} {} {}  {}", d.code, d.severity.label(lang), d.message);
    if let Some(help) = &d.help {
        eprintln!("    {}{help}", lang.pick("帮助：", "help: "));
    }
}

fn fail(code: Code, message: String, help: Option<String>, lang: Lang, status: ExitStatus) -> ExitStatus {
    let mut d = Diagnostic::new(code, message);
    d.help = help;
    print_diagnostic(&d, lang);
    status
}

pub fn run(args: Args, lang: Lang) -> ExitStatus {
    let given = match notice_arg(args.notice.as_deref(), &[], lang) {
        Ok(n) => n,
        Err(status) => return status,
    };
    let epoch = pack::source_date_epoch();
    let today = args.today.or_else(|| {
        let t = jiff::Timestamp::from_second(epoch?).ok()?;
        Some(t.to_zoned(jiff::tz::TimeZone::get("Asia/Shanghai").ok()?).date())
    });
    let options = Options {
        notice: given.as_ref().map_or(NoticeChoice::FromDossier, NoticeChoice::Given),
        lang,
        today,
        custom: &[],
    };
    let Ok(dir) = std::fs::canonicalize(&args.dir) else {
        eprintln!(
            "shenbao: {}: {}",
            args.dir.display(),
            lang.pick("无法读取材料文件夹", "cannot read the dossier folder")
        );
        return ExitStatus::Error;
    };
    // No absolute path in the bundle: the report names the folder by its own name.
    let display = dir.file_name().map_or_else(|| args.dir.display().to_string(), |n| n.to_string_lossy().into_owned());
    let checked = checks::check_dossier_with_assignment(&dir, &display, &options);
    let errors = checked.report.count(Severity::Error);
    let (Some(dossier), Some(notice)) = (&checked.dossier, &checked.notice) else {
        let report = Report::new(vec![checked.report]);
        let _ = emit(&crate::diag::human::render_check(&report, lang, style()));
        return fail(
            Code::PackRefused,
            lang.pick("无法确定材料或通知，不能打包", "cannot tell the dossier or its notice; nothing packed")
                .to_owned(),
            None,
            lang,
            ExitStatus::Failure,
        );
    };
    if errors > 0 && !args.force {
        let report = Report::new(vec![checked.report.clone()]);
        if let Err(status) = emit(&crate::diag::human::render_check(&report, lang, style())) {
            return status;
        }
        return fail(
            Code::PackRefused,
            lang.pick(
                format!("材料有 {errors} 个错误，未打包"),
                format!("the dossier has {}; nothing packed", crate::diag::counted(errors, "error", "errors")),
            ),
            Some(
                lang.pick(
                    "改正上述错误后重新打包；确需先打包时加 --force（压缩包会记下强制打包）",
                    "fix the errors above and pack again; --force packs anyway and records that in the bundle",
                )
                .to_owned(),
            ),
            lang,
            ExitStatus::Failure,
        );
    }

    let config = dossier.config.as_ref();
    let titles = contents::Titles {
        name: config.and_then(|c| c.name.as_deref()).filter(|s| !s.trim().is_empty()),
        unit: config.and_then(|c| c.unit.as_deref()).filter(|s| !s.trim().is_empty()),
    };
    let layout = pack::layout(notice, dossier, &checked.assignment, lang);
    for w in &layout.warnings {
        print_diagnostic(w, lang);
    }

    let target = match &args.output {
        Some(o) => o.clone(),
        None => {
            let stem = match (titles.name, titles.unit) {
                (Some(n), Some(u)) => format!("{n}-{u}"),
                (Some(n), None) => n.to_owned(),
                _ => display.clone(),
            };
            let parent = dir.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf);
            parent.join(pack::names::component(&format!("{stem}.zip")))
        }
    };
    // The dossier folder is read only: no bundle, no temporary file inside it.
    let target_dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    match std::fs::canonicalize(&target_dir) {
        Ok(t) if t.starts_with(&dir) => {
            eprintln!(
                "shenbao: {}",
                lang.pick(
                    "压缩包不能写在材料文件夹内（shenbao 从不改动材料文件夹）；用 -o 指向别处",
                    "the bundle cannot go inside the dossier folder (shenbao never changes it); use -o elsewhere",
                )
            );
            return ExitStatus::Error;
        }
        Ok(_) => {}
        Err(e) => {
            eprintln!("shenbao: {}: {e}", target_dir.display());
            return ExitStatus::Error;
        }
    }

    let spec = args.notice.clone().or_else(|| config.and_then(|c| c.notice.clone())).unwrap_or_default();
    let (rule_sha, rule_source) = match pack::rule_file_text(&spec, Some(&dir)) {
        Some((text, source)) => (Some(pack::sha256_hex(text.as_bytes())), source),
        None => (None, "unknown"),
    };
    let max_bytes = notice.submission.max_bundle_bytes;

    // Split plan: estimated with the metadata at its final length (volume numbers change few bytes).
    let build = |plan: Option<&[Vec<usize>]>| {
        let volume_of = pack::volume_of(plan);
        let volumes = plan.map_or(1, <[Vec<usize>]>::len);
        pack::Metadata {
            report_json: contents::report_json(
                notice,
                rule_source,
                rule_sha.clone(),
                &checked.report,
                &layout,
                args.force && errors > 0,
                epoch,
                &volume_of,
                volumes,
            ),
            checklist: contents::checklist(
                notice,
                &titles,
                &checked.report,
                &layout,
                args.force && errors > 0,
                &volume_of,
                volumes,
                lang,
            ),
        }
    };
    let limit = match (args.split, max_bytes) {
        (Some(s), Some(m)) => Some(s.min(m)),
        (Some(s), None) => Some(s),
        (None, _) => None,
    };
    let plan = match limit {
        None => None,
        Some(limit) => {
            let draft = build(None);
            // Volume marks add a few bytes per line to 清单.txt and report.json.
            let slack = 32 * layout.items.len() + 256;
            let cost =
                pack::metadata_cost(&layout.items, draft.report_json.len() + slack, draft.checklist.len() + slack);
            match pack::plan_volumes(&layout.items, cost, limit) {
                Ok(p) => Some(p),
                Err(e) => return report_pack_error(&e, lang),
            }
        }
    };
    if plan.is_none() {
        if let Some(max) = max_bytes {
            let stored: u64 = layout.items.iter().map(|i| i.size).sum();
            if stored > max {
                return over_size(stored, max, lang);
            }
        }
    }
    let metadata = build(plan.as_deref());
    let opts = WriteOptions { time: pack::timestamp(epoch), split: args.split, max_bytes };
    match pack::write_bundle(&target, &layout, &metadata, plan.as_deref(), opts) {
        Ok(written) => {
            let total: u64 = written.volumes.iter().map(|(_, s)| s).sum();
            let mut text = String::new();
            for (path, size) in &written.volumes {
                text.push_str(&format!("{}  {}\n", path.display(), pack::human_size(*size)));
            }
            let (packed, volumes, size) = (layout.items.len(), written.volumes.len(), pack::human_size(total));
            let left = layout.left_out.len();
            let not_packed = match left {
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
            if args.force && errors > 0 {
                text.push_str(&lang.pick(
                    format!("⚠ 材料有 {errors} 个错误，按 --force 强制打包；报送前须改正\n"),
                    format!(
                        "⚠ the dossier has {}; packed with --force, fix before sending\n",
                        crate::diag::counted(errors, "error", "errors")
                    ),
                ));
            }
            match emit(&text) {
                Ok(()) | Err(ExitStatus::Success) => ExitStatus::Success,
                Err(status) => status,
            }
        }
        Err(e) => report_pack_error(&e, lang),
    }
}

fn over_size(size: u64, limit: u64, lang: Lang) -> ExitStatus {
    fail(
        Code::BundleOverSize,
        lang.pick(
            format!("压缩包约 {}，超过通知规定的上限 {}", pack::human_size(size), pack::human_size(limit)),
            format!(
                "the bundle is about {}, over the notice's cap of {}",
                pack::human_size(size),
                pack::human_size(limit)
            ),
        ),
        Some(
            lang.pick(
                "用 --split SIZE 分卷（每卷为独立 zip，均带清单），或压缩视频后重新打包",
                "use --split SIZE for self-contained volumes, or re-encode the video and pack again",
            )
            .to_owned(),
        ),
        lang,
        ExitStatus::Failure,
    )
}

fn report_pack_error(e: &PackError, lang: Lang) -> ExitStatus {
    match e {
        PackError::OverSize { size, limit } => over_size(*size, *limit, lang),
        PackError::EntryTooLarge { name, size, limit } => fail(
            Code::BundleOverSize,
            lang.pick(
                format!("“{name}”（{}）单个文件就超过了每卷上限 {}", pack::human_size(*size), pack::human_size(*limit)),
                format!(
                    "“{name}” ({}) alone is over the volume limit of {}",
                    pack::human_size(*size),
                    pack::human_size(*limit)
                ),
            ),
            Some(
                lang.pick(
                    "单个文件无法分卷：压缩该文件（如视频降低码率）后重新打包，或加大 --split",
                    "a single file cannot be split: make it smaller (re-encode the video) or raise --split",
                )
                .to_owned(),
            ),
            lang,
            ExitStatus::Failure,
        ),
        other => {
            eprintln!("shenbao: {other}");
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
