//! `shenbao init DIR --notice ID [--unit NAME] [--name CASE] [--force]` and `shenbao init --list`

use super::{emit, ExitStatus, Format};
use crate::diag::{printable, Lang};
use crate::init::{self, Action, Contents, Outcome};
use crate::notice::{embedded, Notice};
use serde::Serialize;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The dossier folder to start (created when missing; files already there are kept).
    #[arg(value_name = "DIR", required_unless_present = "list")]
    pub dir: Option<PathBuf>,
    /// The notice: an embedded id (see `shenbao notices`) or a rule file.
    #[arg(long, value_name = "ID|FILE", required_unless_present = "list")]
    pub notice: Option<String>,
    /// The applicant (申报单位 / 牵头单位 / 参赛单位), written on the cover, in the 申报表 and in dossier.toml.
    #[arg(long, value_name = "NAME")]
    pub unit: Option<String>,
    /// The name of the case, project or scene (案例名称 / 项目名称 / 场景名称).
    #[arg(long, value_name = "CASE")]
    pub name: Option<String>,
    /// Regenerate the files shenbao created that are unchanged since (recorded in dossier.toml); an
    /// edited file is never overwritten.
    #[arg(long)]
    pub force: bool,
    /// Show the notices and what each generated template contains (with --notice, that one only).
    #[arg(long, conflicts_with_all = ["dir", "unit", "name", "force"])]
    pub list: bool,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

pub fn run(args: Args, ctx: &super::Context) -> ExitStatus {
    let lang = ctx.lang;
    let custom = match ctx.custom() {
        Ok(custom) => custom,
        Err(status) => return status,
    };
    let notice = match ctx.notice(args.notice.as_deref()) {
        Ok(n) => n,
        Err(status) => return status,
    };
    if args.list {
        return list(notice, args.format, lang);
    }
    let (Some(dir), Some(notice), Some(spec)) = (args.dir.as_deref(), notice, args.notice.as_deref()) else {
        // clap requires both without --list.
        return ExitStatus::Error;
    };
    let spec = notice_spec(spec, &notice, custom, dir);
    let request = init::Request {
        notice: &notice,
        notice_spec: &spec,
        name: args.name.as_deref().map(str::trim).filter(|s| !s.is_empty()),
        unit: args.unit.as_deref().map(str::trim).filter(|s| !s.is_empty()),
    };
    let display = dir.display().to_string();
    let plan = match init::plan(&request) {
        Ok(p) => p,
        Err(e) => {
            eprintln!(
                "shenbao: {}",
                lang.pick(format!("无法生成申报书：{e}"), format!("cannot generate the 申报书: {e}"))
            );
            return ExitStatus::Error;
        }
    };
    // A folder started for another notice is left alone: two notices' templates in one dossier would
    // only confuse, and its dossier.toml would still name the other notice. Read as `check` reads it:
    // a typo elsewhere in the file does not hide its notice.
    // A dossier.toml that is a FIFO, a device or huge is refused here, before anything is written: reading
    // it would hang or exhaust memory.
    let config_path = dir.join(crate::dossier::CONFIG_FILE);
    let existing = match crate::read::file::read_text(&config_path, crate::read::file::CONFIG_MAX) {
        Ok(text) => Some(text),
        Err(e @ (crate::read::file::OpenError::NotRegular(_) | crate::read::file::OpenError::TooLarge { .. })) => {
            let path = config_path.display().to_string();
            let (path, why) = (crate::diag::printable(&path), e.describe(lang));
            eprintln!(
                "shenbao: {}",
                lang.pick(
                    format!("无法读取 {path}：{why}；未生成任何文件"),
                    format!("cannot read {path}: {why}; nothing was written")
                )
            );
            return ExitStatus::Error;
        }
        // Missing, not UTF-8, or in a path that is no folder: `init` itself says so when it gets there.
        Err(_) => None,
    };
    let configured = existing
        .and_then(|t| crate::dossier::parse_config(&t).0)
        .and_then(|c| c.notice)
        .filter(|n| *n != spec && *n != notice.id);
    if let Some(other) = configured {
        // Names from the command line and dossier.toml, escaped for the terminal.
        let (display, other) = (printable(&display), printable(&other));
        eprintln!(
            "{}",
            lang.pick(
                format!(
                    "shenbao: {display} 已按通知“{other}”建立（见其中的 dossier.toml），未按 {} 生成任何文件：\
                     请换一个新文件夹，或先把 dossier.toml 中的 notice 改为 {}",
                    notice.id, notice.id
                ),
                format!(
                    "shenbao: {display} was started for the notice “{other}” (its dossier.toml says so); nothing was \
                     written for {}: use a new folder, or first set notice = \"{}\" in its dossier.toml",
                    notice.id, notice.id
                ),
            )
        );
        return ExitStatus::Error;
    }
    let outcome = match init::apply(dir, &plan, args.force) {
        Ok(o) => o,
        Err(e) => {
            let e = match &e {
                init::InitError::NotADirectory(d) => {
                    let d = printable(d);
                    lang.pick(format!("{d} 不是文件夹"), format!("{d}: not a folder"))
                }
                init::InitError::Io { path, source } => crate::output::describe(Path::new(path), source, lang),
            };
            eprintln!("shenbao: {e}");
            return ExitStatus::Error;
        }
    };
    let text = match args.format {
        Format::Json => {
            crate::render::json::render(&InitReport { dir: &display, notice: &notice.id, outcome: &outcome })
        }
        Format::Human => human(&display, &notice, &outcome, lang),
    };
    match emit(&text) {
        Ok(()) => ExitStatus::Success,
        Err(status) => status,
    }
}

/// What dossier.toml's `notice` says: the id for an embedded or shenbao.toml notice, else the rule file's
/// path, relative to the dossier when the file is inside it.
fn notice_spec(spec: &str, notice: &Notice, custom: &[Notice], dir: &Path) -> String {
    if embedded::text(spec).is_some() || custom.iter().any(|n| n.id == spec) {
        return notice.id.clone();
    }
    let Ok(file) = dunce::canonicalize(spec) else { return spec.to_owned() };
    let inside = dunce::canonicalize(dir).ok().and_then(|d| file.strip_prefix(d).ok().map(Path::to_owned));
    inside.unwrap_or(file).to_string_lossy().replace('\\', "/")
}

#[derive(Serialize)]
struct InitReport<'a> {
    dir: &'a str,
    notice: &'a str,
    #[serde(flatten)]
    outcome: &'a Outcome,
}

fn human(dir: &str, notice: &Notice, outcome: &Outcome, lang: Lang) -> String {
    let dir = printable(dir);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        lang.pick(
            format!("材料文件夹 {dir}（通知 {}）", notice.id),
            format!("dossier folder {dir} (notice {})", notice.id)
        )
    );
    for d in &outcome.done {
        let (mark, what) = match d.action {
            Action::Created => ("+", lang.pick("新建", "created")),
            Action::Kept => ("=", lang.pick("保留（已存在）", "kept (exists)")),
            Action::Regenerated => ("↻", lang.pick("重新生成", "regenerated")),
            Action::KeptEdited => ("!", lang.pick("保留（生成后已修改）", "kept (edited since it was created)")),
            Action::RecordUpdated => ("~", lang.pick("保留，更新了 [shenbao] 记录", "kept, [shenbao] record updated")),
        };
        let _ = writeln!(out, "  {mark} {}  {what}", printable(&d.path));
    }
    for d in outcome.done.iter().filter(|d| d.action == Action::KeptEdited) {
        let _ = writeln!(
            out,
            "{}",
            lang.pick(
                format!("注意：{} 在生成后已修改，不会覆盖。如需重新生成，先把它移走（或改名），再运行 init。", printable(&d.path)),
                format!(
                    "note: {} was edited after it was created and is not overwritten. To regenerate it, move it away (or rename it) and run init again.",
                    printable(&d.path)
                ),
            )
        );
    }
    if let Some(why) = &outcome.record_not_updated {
        let _ = writeln!(
            out,
            "{}",
            lang.pick(
                format!("注意：dossier.toml 无法更新 [shenbao] 记录（{why}），本次新建的文件今后不能用 --force 重新生成。"),
                format!("note: the [shenbao] record in dossier.toml could not be updated ({why}); the files created now cannot be regenerated with --force later."),
            )
        );
    }
    let _ = writeln!(
        out,
        "{}",
        lang.pick(
            format!("下一步：填写申报书、放入其余材料，然后运行 shenbao check {dir} 查看尚缺的内容。"),
            format!("next: fill in the 申报书, add the other documents, then run shenbao check {dir} to see what is still missing."),
        )
    );
    out
}

fn list(notice: Option<Notice>, format: Format, lang: Lang) -> ExitStatus {
    let notices = match notice {
        Some(n) => vec![n],
        None => {
            let mut all = Vec::new();
            for (id, _) in embedded::ALL {
                match crate::notice::resolve(id, None, lang) {
                    Ok(n) => all.push(n),
                    Err(e) => {
                        super::report_notice_error(e);
                        return ExitStatus::Error;
                    }
                }
            }
            all
        }
    };
    let contents: Vec<Contents> = notices.iter().map(|n| init::contents(n, lang)).collect();
    let text = match format {
        Format::Json => crate::render::json::render(&contents),
        Format::Human => contents.iter().map(|c| describe(c, lang)).collect::<Vec<_>>().join("\n"),
    };
    match emit(&text) {
        Ok(()) => ExitStatus::Success,
        Err(status) => status,
    }
}

/// One notice's template, as `init --list` shows it.
fn describe(c: &Contents, lang: Lang) -> String {
    let mut out = String::new();
    let sep = lang.pick("、", ", ");
    let _ = writeln!(out, "{}  {}", c.notice, c.title);
    let _ = writeln!(out, "  {}{}  {}", lang.pick("申报书：", "template: "), c.application, c.form_title);
    let _ = writeln!(out, "    {}{}", lang.pick("封面：", "cover: "), c.cover.join(sep));
    for t in &c.tables {
        let _ = writeln!(out, "    {}{}（{}）", lang.pick("表格：", "table: "), t.name, t.fields.join(sep));
    }
    for h in &c.headings {
        let mut notes = Vec::new();
        if h.guidance {
            notes.push(lang.pick("含填写说明", "with guidance"));
        }
        if h.stamp {
            notes.push(lang.pick("盖章、日期", "stamp and date"));
        }
        let notes = if notes.is_empty() { String::new() } else { format!("  [{}]", notes.join(sep)) };
        let indent = if h.level == 1 { "    " } else { "      " };
        let _ = writeln!(out, "{indent}{}{notes}", h.text);
    }
    if !c.folders.is_empty() {
        let folders: Vec<String> = c.folders.iter().map(|f| format!("{}/", f.display())).collect();
        let _ = writeln!(out, "  {}{}", lang.pick("文件夹：", "folders: "), folders.join(sep));
    }
    let _ = writeln!(
        out,
        "  {}",
        lang.pick(
            "dossier.toml：通知、名称、单位；其余各项连同可选值以注释列出",
            "dossier.toml: notice, name, unit; the other keys commented out with their choices",
        )
    );
    let _ = writeln!(out, "  {}", lang.pick("另需提供：", "to add yourself:"));
    for d in &c.documents {
        let need = if d.required { lang.pick("必需", "required") } else { lang.pick("可选", "optional") };
        let folder = d.folder.as_deref().map(|f| format!(" → {f}/")).unwrap_or_default();
        let _ = writeln!(out, "    [{need}] {}{folder}", lang.pick(&d.name, &d.name_en));
    }
    out
}
