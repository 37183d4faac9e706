//! `shenbao summary ROOT -o 汇总表.xlsx|.csv|.docx`: the recommending unit's 申报汇总表.

use super::{check::run_all, Context, ExitStatus};
use crate::batch::{self, summary, write};
use crate::diag::{printable, Lang};
use crate::output::shown;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A batch root (or several dossier folders).
    #[arg(required = true, value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
    /// Take every folder given as a batch root: each subfolder is one dossier.
    #[arg(long, conflicts_with = "single")]
    pub batch: bool,
    /// Take every folder given as one dossier, even when it looks like a batch root.
    #[arg(long)]
    pub single: bool,
    /// The output: .xlsx (Excel, WPS), .csv (UTF-8 with BOM) or .docx.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// The notice whose table to write (default: the notice of the dossiers; needed when they answer several).
    #[arg(long, value_name = "ID|FILE")]
    pub notice: Option<String>,
    /// Leave out dossiers with errors instead of marking them.
    #[arg(long)]
    pub only_passed: bool,
    /// Check deadlines as of this day (YYYY-MM-DD; 2024/8/10 and 2024年8月10日 work too) instead of today,
    /// Beijing time.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::parse_day)]
    pub today: Option<jiff::civil::Date>,
}

pub fn run(args: Args, ctx: &Context) -> ExitStatus {
    let lang = ctx.lang;
    let Some(format) = write::SummaryFormat::from_path(&args.output) else {
        eprintln!(
            "{}",
            lang.pick(
                format!("shenbao: 不支持的汇总表格式“{}”：请用 .xlsx、.csv 或 .docx", shown(&args.output)),
                format!("shenbao: unsupported table format “{}”: use .xlsx, .csv or .docx", shown(&args.output)),
            )
        );
        return ExitStatus::Error;
    };
    // shenbao.toml and its custom rules, before any folder is read: exit 2 when they cannot be used.
    let (custom, policy) = match ctx.custom().and_then(|custom| Ok((custom, ctx.policy(&[])?))) {
        Ok(setup) => setup,
        Err(status) => return status,
    };
    // A folder that does not exist is a mistyped argument: the table would silently lack its dossiers.
    if let Some(why) = missing_folders(&args.dirs, lang) {
        eprintln!("shenbao: {why}");
        return ExitStatus::Error;
    }
    // Fail before the checks, not after: the folder the table goes to must exist, and the table may not
    // replace a file of a dossier being read (`-o DOSSIER/申报书.docx`).
    let mut discovery = batch::discover_as(&args.dirs, super::check::layout(args.batch, args.single));
    let read: Vec<PathBuf> = discovery.targets.iter().map(|t| t.path.clone()).collect();
    if let Some(why) = crate::output::refusal(&args.output, &read, lang) {
        eprintln!("{why}");
        return ExitStatus::Error;
    }
    // --notice picks the table; each dossier is still checked against its own dossier.toml notice,
    // and --notice only stands in where a dossier names none.
    let given = match ctx.notice(args.notice.as_deref()) {
        Ok(n) => n,
        Err(status) => return status,
    };
    if let Some(n) = &given {
        let shared = std::sync::Arc::new(n.clone());
        for t in &mut discovery.targets {
            t.notice = Some(shared.clone());
        }
    }
    let mut run = match run_all(ctx, &discovery, None, args.today, true) {
        Ok(run) => run,
        Err(status) => return status,
    };
    crate::config::apply(&mut run.report, &policy, args.today.unwrap_or(ctx.today), lang);
    let notice = match given {
        Some(n) => n,
        None => match single_notice(&run, custom, lang) {
            Ok(n) => n,
            Err(message) => {
                eprintln!("shenbao: {}", lang.pick(message.0, message.1));
                return ExitStatus::Error;
            }
        },
    };
    // One 汇总表 is signed by one recommending unit: roots that disagree on its footer are named.
    for mut d in discovery.footer_disagreements() {
        d.values = d.values.iter().map(|v| printable(v).into_owned()).collect();
        d.used = d.used.map(|v| printable(&v).into_owned());
        let (used_zh, used_en) = match &d.used {
            Some(v) => (format!("用了第一个根目录的“{v}”"), format!("uses the first root's, “{v}”")),
            None => (
                "留空（第一个根目录的 batch.toml 没有写）".to_owned(),
                "is blank (the first root's batch.toml leaves it out)".to_owned(),
            ),
        };
        eprintln!(
            "{}",
            lang.pick(
                format!(
                    "shenbao: 注意：各批量根目录的 batch.toml 中{}不同（{}），汇总表表尾{used_zh}；\
                     一份汇总表由一个推荐单位盖章报送，请核对表尾或分别生成",
                    d.zh,
                    d.values.join("、")
                ),
                format!(
                    "shenbao: note: the batch roots' batch.toml files give different {}s ({}); the table's footer \
                     {used_en}: check it, or write one table per recommending unit",
                    d.en,
                    d.values.join(", ")
                ),
            )
        );
    }
    let built = summary::build(&run.report, &notice, discovery.config(), args.only_passed, lang);
    let wrote = match write::write_summary(&built.table, format, &args.output) {
        Ok(wrote) => wrote,
        Err(write::WriteError::Io { source, .. }) => {
            eprintln!("shenbao: {}", crate::output::describe(&args.output, &source, lang));
            return ExitStatus::Error;
        }
        Err(e) => {
            eprintln!("shenbao: {}", printable(&e.to_string()));
            return ExitStatus::Error;
        }
    };
    let rows = built.table.rows.len();
    // xlsx and docx fill the rows with errors in red; csv has no colour, only the explaining column.
    let (marked_zh, marked_en) = match format {
        write::SummaryFormat::Csv => ("有错误，见最后一列", "with errors explained in the last column"),
        write::SummaryFormat::Xlsx | write::SummaryFormat::Docx => ("有错误已标红", "with errors marked"),
    };
    eprintln!(
        "{}",
        lang.pick(
            format!(
                "{}：{rows} 行{}{}{}",
                crate::output::wrote_line(&args.output, wrote, Lang::Zh),
                if built.marked > 0 { format!("，{} 行{marked_zh}", built.marked) } else { String::new() },
                if built.to_check > 0 {
                    format!("，{} 行请核对（见最后一列）", built.to_check)
                } else {
                    String::new()
                },
                if built.left_out > 0 {
                    format!("，{} 份有错误的材料未列入", built.left_out)
                } else {
                    String::new()
                },
            ),
            format!(
                "{}: {rows} rows{}{}{}",
                crate::output::wrote_line(&args.output, wrote, Lang::En),
                if built.marked > 0 { format!(", {} {marked_en}", built.marked) } else { String::new() },
                if built.to_check > 0 {
                    format!(", {} to check (see the last column)", built.to_check)
                } else {
                    String::new()
                },
                if built.left_out > 0 { format!(", {} with errors left out", built.left_out) } else { String::new() },
            ),
        )
    );
    if built.marked == 0 && built.left_out == 0 && run.report.passed() {
        ExitStatus::Success
    } else {
        ExitStatus::Failure
    }
}

/// The folders given that do not exist, named so the user can fix the path; None when all exist.
fn missing_folders(dirs: &[PathBuf], lang: Lang) -> Option<String> {
    let missing: Vec<String> = dirs.iter().filter(|d| !d.exists()).map(|d| shown(d)).collect();
    (!missing.is_empty()).then(|| {
        lang.pick(
            format!("找不到文件夹：{}（请检查路径；未生成汇总表）", missing.join("、")),
            format!("no such folder: {} (check the path; no table written)", missing.join(", ")),
        )
    })
}

/// The one notice the dossiers answer, or why there is none.
fn single_notice(
    run: &batch::BatchRun,
    custom: &[crate::notice::Notice],
    lang: Lang,
) -> Result<crate::notice::Notice, (String, String)> {
    let mut notices = run.notices.values();
    match (notices.next(), notices.next()) {
        (Some(n), None) => Ok(n.clone()),
        (None, _) => match run.report.dossiers.iter().find(|d| !d.notice.is_empty()) {
            // A lone dossier is checked without keeping its notice: load it again by id, a custom rule's too.
            Some(d) => crate::notice::resolve_in(&d.notice, None, custom, lang)
                .map_err(|e| (format!("无法加载通知：{e}"), format!("cannot load the notice: {e}"))),
            None => Err(("没有可用的通知：用 --notice 指定".into(), "no notice: pass --notice".into())),
        },
        (Some(_), Some(_)) => Err((
            "材料对应多份通知：用 --notice 指定汇总表所属的通知".into(),
            "the dossiers answer several notices: pick one with --notice".into(),
        )),
    }
}
