//! `shenbao PATH...` with no subcommand: what Windows Explorer runs when folders are dropped on
//! shenbao.exe. The paths are checked as `check` checks them; the HTML report is written beside the first
//! (`检查报告-<folder>-<YYYY-MM-DD>.html`, never inside a dossier, `-2`, `-3`… when the name is taken),
//! its path printed, and it is opened in the default browser when there is a desktop to show it.
//! Started by a double-click or a drop (the console window is this process's alone), the window waits
//! for Enter before it closes.
//!
//! A subcommand name always wins: a folder named `check` is checked as `shenbao ./check`.

use super::{check, CheckFormat, Context, ExitStatus};
use crate::diag::Lang;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The paths of a command line that names no subcommand and no option, only paths: `None` for every
/// other command line (clap reads it). `--lang` may stand anywhere, as it may before a subcommand.
pub fn paths(args: &[OsString], subcommands: &[String]) -> Option<Vec<PathBuf>> {
    let rest = without_lang(args);
    let first = rest.first()?.to_str().map(str::to_owned);
    // `help`, options (`-h`, `--version`) and subcommands are clap's, whatever exists on disk.
    if let Some(first) = &first {
        if first.starts_with('-') || first == "help" || subcommands.iter().any(|s| s == first) {
            return None;
        }
    }
    if rest.iter().any(|a| a.to_string_lossy().starts_with('-')) {
        return None;
    }
    // A word that is neither a subcommand nor a path on disk is a mistyped subcommand: clap says so.
    let looks_like_path = |a: &OsString| {
        let p = Path::new(a);
        p.exists() || p.components().count() > 1 || a.to_string_lossy().contains(['/', '\\'])
    };
    looks_like_path(&rest[0]).then(|| rest.iter().map(PathBuf::from).collect())
}

/// The arguments after the program's name, `--lang X` and `--lang=X` left out.
fn without_lang(args: &[OsString]) -> Vec<OsString> {
    let mut out = Vec::new();
    let mut it = args.iter().skip(1);
    while let Some(a) = it.next() {
        let s = a.to_string_lossy();
        if s == "--lang" {
            it.next();
        } else if !s.starts_with("--lang=") {
            out.push(a.clone());
        }
    }
    out
}

/// Whether the command line holds nothing but (maybe) `--lang`.
pub fn is_empty(args: &[OsString]) -> bool {
    without_lang(args).is_empty()
}

/// Checks the dropped paths, writes and opens the report, and waits for Enter when the console window
/// is this process's own. Exit codes as `check`.
pub fn run(paths: Vec<PathBuf>, ctx: &Context) -> ExitStatus {
    let lang = ctx.lang;
    let Some(first) = paths.first() else { return ExitStatus::Error };
    let found = crate::batch::discover_as(&paths, crate::batch::Layout::Auto);
    let status = match report_path(first, &guarded(&found.targets), ctx.today) {
        Some(output) => {
            let args = check::Args {
                dirs: paths.clone(),
                batch: false,
                single: false,
                notice: None,
                format: CheckFormat::Html,
                output: Some(output),
                deny: Vec::new(),
                shard: None,
                today: None,
                numbered: true,
            };
            let (status, written) = check::run_to(args, ctx);
            if let Some(path) = written {
                let shown = crate::output::shown(&path);
                println!("\n{}", lang.pick(format!("检查报告：{shown}"), format!("report: {shown}")));
                open_in_browser(&path);
            }
            status
        }
        None => {
            eprintln!(
                "{}",
                lang.pick(
                    format!("shenbao: 找不到可以写检查报告的文件夹（“{}”旁边）", crate::output::shown(first)),
                    format!("shenbao: no folder to write the report in (beside “{}”)", crate::output::shown(first)),
                )
            );
            ExitStatus::Error
        }
    };
    wait_if_own_console(lang);
    status
}

/// The folders no report may go in: every folder checked, the folder of a file given (a dropped
/// 申报书.docx), and every folder above them that holds a dossier.toml (a dossier's 多媒体材料 subfolder
/// was dropped).
fn guarded(targets: &[crate::batch::Target]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for t in targets {
        let full = dunce::canonicalize(&t.path).unwrap_or_else(|_| t.path.clone());
        out.push(full.clone());
        let dir = if full.is_file() { full.parent().map(Path::to_owned) } else { Some(full) };
        let Some(dir) = dir else { continue };
        // Bounded by the depth of the path.
        for (i, above) in dir.ancestors().enumerate() {
            if i == 0 || above.join("dossier.toml").is_file() {
                out.push(above.to_owned());
            }
        }
    }
    out
}

/// `检查报告-<folder>-<day>.html` in the folder holding `first`, or the nearest folder above it that is
/// not inside a dossier being read (a dropped 申报书.docx, or a dossier's subfolder).
pub fn report_path(first: &Path, dossiers: &[PathBuf], today: jiff::civil::Date) -> Option<PathBuf> {
    let full = dunce::canonicalize(first)
        .or_else(|_| std::env::current_dir().map(|d| d.join(first)))
        .unwrap_or_else(|_| first.to_owned());
    let folder = full.file_name().map(|n| file_name_safe(&n.to_string_lossy())).unwrap_or_default();
    let name = if folder.is_empty() {
        format!("检查报告-{today}.html")
    } else {
        format!("检查报告-{folder}-{today}.html")
    };
    // Bounded by the depth of the path: each step goes one folder up.
    let mut dir = full.parent()?.to_owned();
    loop {
        let candidate = dir.join(&name);
        if crate::output::inside(&candidate, dossiers).is_none() {
            return Some(candidate);
        }
        dir = dir.parent()?.to_owned();
    }
}

/// A folder name as part of a file name: the characters Windows refuses in names replaced by `_`.
fn file_name_safe(name: &str) -> String {
    name.chars().map(|c| if c.is_control() || r#"\/:*?"<>|"#.contains(c) { '_' } else { c }).collect()
}

/// Whether to open the report: never under CI (`CI` set) or with `SHENBAO_NO_OPEN` set; on Windows
/// always, on macOS always, elsewhere only with a display (`DISPLAY`, `WAYLAND_DISPLAY`).
fn may_open() -> bool {
    use super::terminal::{env_set, under_ci};
    if under_ci() || env_set("SHENBAO_NO_OPEN") {
        return false;
    }
    cfg!(any(windows, target_os = "macos")) || env_set("DISPLAY") || env_set("WAYLAND_DISPLAY")
}

/// Opens `path` in the default browser, when [`may_open`]. Not waited for: a browser started by the
/// opener may run as long as it is open. A failure is said, not fatal: the path was printed.
fn open_in_browser(path: &Path) {
    if !may_open() {
        return;
    }
    let mut cmd = if cfg!(windows) {
        std::process::Command::new("explorer")
    } else if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else {
        std::process::Command::new("xdg-open")
    };
    cmd.arg(path)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    if let Err(e) = cmd.spawn() {
        eprintln!("shenbao: {e}");
    }
}

/// Whether the console window belongs to this process alone: started by a double-click or a drop in
/// Explorer, the window closes when the process ends.
#[cfg(windows)]
pub fn own_console() -> bool {
    let mut ids = [0u32; 4];
    // SAFETY: the buffer and its length in elements are valid for the call, which writes at most that many.
    #[allow(unsafe_code)]
    let count =
        unsafe { windows_sys::Win32::System::Console::GetConsoleProcessList(ids.as_mut_ptr(), ids.len() as u32) };
    count == 1
}

/// Elsewhere a program runs in a terminal that stays open.
#[cfg(not(windows))]
pub fn own_console() -> bool {
    false
}

/// “按回车键关闭” and a line read, when the console window is this process's own.
pub fn wait_if_own_console(lang: Lang) {
    if !own_console() {
        return;
    }
    println!("\n{}", lang.pick("按回车键关闭", "Press Enter to close"));
    let mut line = String::new();
    let _ = std::io::stdin().read_line(&mut line);
}

/// How to use the program without a command line, for a window opened by a double-click.
pub fn how_to(lang: Lang) -> &'static str {
    lang.pick(
        "shenbao（申报）检查申报材料文件夹。\n\n\
         用法：把材料文件夹（一份材料，或放着多份材料的文件夹）拖到 shenbao.exe 上松开。\n\
         shenbao 会按通知检查其中每份材料，在第一个文件夹旁边写出检查报告\n\
         “检查报告-<文件夹名>-<日期>.html”，并用浏览器打开它。\n\n\
         在命令行中使用：shenbao check 文件夹 …；全部子命令见 shenbao --help。",
        "shenbao checks submission dossier folders.\n\n\
         To use it, drag a dossier folder (one dossier, or a folder of dossiers) onto shenbao.exe and drop it.\n\
         shenbao checks every dossier against its notice, writes the report\n\
         “检查报告-<folder>-<date>.html” beside the first folder and opens it in the browser.\n\n\
         On a command line: shenbao check FOLDER …; every subcommand is in shenbao --help.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        std::iter::once("shenbao").chain(list.iter().copied()).map(OsString::from).collect()
    }

    #[test]
    fn only_a_command_line_of_paths_is_taken_as_dropped() {
        let subs = vec!["check".to_owned(), "count".to_owned()];
        assert_eq!(paths(&args(&["a/b"]), &subs), Some(vec![PathBuf::from("a/b")]));
        assert_eq!(paths(&args(&["--lang", "en", "C:\\材料\\甲", "乙/"]), &subs).map(|p| p.len()), Some(2));
        assert_eq!(paths(&args(&["check", "a/b"]), &subs), None, "a subcommand wins");
        assert_eq!(paths(&args(&["check"]), &subs), None, "even when a folder `check` exists");
        assert_eq!(paths(&args(&["--help"]), &subs), None);
        assert_eq!(paths(&args(&["help"]), &subs), None);
        assert_eq!(paths(&args(&["a/b", "--format", "json"]), &subs), None, "options are clap's");
        assert_eq!(paths(&args(&["chekc"]), &subs), None, "a mistyped subcommand is clap's to report");
        assert_eq!(paths(&args(&[]), &subs), None);
        assert!(is_empty(&args(&["--lang=en"])));
    }

    #[test]
    fn windows_refused_characters_leave_the_name() {
        assert_eq!(file_name_safe("a:b*c?\"d\"<e>|f"), "a_b_c__d__e__f");
        assert_eq!(file_name_safe("材料 甲"), "材料 甲");
    }
}
