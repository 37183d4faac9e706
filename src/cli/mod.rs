//! The command line: arguments, subcommands, exit codes. Each subcommand lives in its own file.

mod check;
mod clean;
mod completions;
mod config;
mod context;
mod count;
mod dropped;
mod explain;
mod init;
mod notices;
mod pack;
mod summary;
mod terminal;
mod verify;
mod zh;

pub use context::{Context, RepoFile};
pub use explain::codes_table;

use crate::diag::Lang;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write;

/// Exit codes (README "Exit codes").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// Every dossier passed (or the command did its job).
    Success = 0,
    /// Some dossier has an error.
    Failure = 1,
    /// The tool could not run: bad arguments, an invalid rule file, an unreadable input.
    Error = 2,
}

#[derive(Debug, Parser)]
#[command(
    name = "shenbao",
    version,
    about = "申报材料检查与打包：按通知规则检查材料文件夹，按 Word 字数统计口径逐节计数",
    long_about = "shenbao (申报) checks 数据要素× submission dossiers against the notice they answer: \
                  required documents and their real formats, every section's 字数 counted as Word counts it, \
                  the 申报表 fields, and the deadline.\n\nExit codes: 0 passed, 1 a dossier has errors, 2 the tool could not run."
)]
pub struct Cli {
    /// Message language (also SHENBAO_LANG); Chinese by default.
    #[arg(long, global = true, value_enum, ignore_case = true)]
    pub lang: Option<Lang>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start a dossier: the notice's folders, dossier.toml, and the 申报书 generated from its rule file.
    Init(init::Args),
    /// Check dossier folders against their notice.
    Check(check::Args),
    /// Count a .docx section by section as Word's 字数统计 does.
    Count(count::Args),
    /// Write a cleaned copy of a .docx: tracked changes accepted, comments and personal data removed.
    Clean(clean::Args),
    /// List the embedded notices, or show one.
    Notices(notices::Args),
    /// Explain a diagnostic code: what it checks, why, and how to fix it.
    Explain(explain::Args),
    /// Pack a dossier into a deterministic zip bundle with a SHA-256 manifest.
    Pack(pack::Args),
    /// Check a bundle (or all its volumes) against its manifest.
    Verify(verify::Args),
    /// Write the recommending unit's 申报汇总表 (.xlsx, .csv or .docx) for a batch.
    Summary(summary::Args),
    /// Show the repository config (shenbao.toml).
    Config(config::Args),
    /// Print a shell completion script: `shenbao completions bash > /etc/bash_completion.d/shenbao`.
    Completions(completions::CompletionsArgs),
    /// Print the man page (roff): `shenbao man > shenbao.1`.
    Man,
}

/// Output formats shared by the subcommands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    #[default]
    Human,
    Json,
}

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    #[default]
    Human,
    /// The stable JSON contract (README "Output").
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// JUnit XML, for GitLab, Jenkins and other test-report viewers.
    Junit,
    /// GitHub Actions workflow commands, plus a table in $GITHUB_STEP_SUMMARY.
    Github,
    /// One self-contained HTML page to open in a browser (with --output FILE).
    Html,
}

/// The language asked for, else SHENBAO_LANG, else shenbao.toml's `lang`, else the locale (LC_ALL,
/// LC_MESSAGES, LANG), else Chinese.
fn lang_or_default(asked: Option<Lang>, repo: &RepoFile) -> Lang {
    if let Some(lang) = asked {
        return lang;
    }
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    if let Some(v) = env("SHENBAO_LANG") {
        return if v.to_ascii_lowercase().starts_with("en") { Lang::En } else { Lang::Zh };
    }
    if let Some(lang) = repo.lang() {
        return lang;
    }
    let locale = env("LC_ALL").or_else(|| env("LC_MESSAGES")).or_else(|| env("LANG"));
    lang_of_locale(locale.as_deref())
}

/// A parsed command line, with the shenbao.toml read to find its language: [`run`] makes the run's
/// [`Context`] of them.
#[derive(Debug)]
pub struct Invocation {
    what: What,
    lang: Lang,
    repo: RepoFile,
}

/// What the command line asks for.
#[derive(Debug)]
enum What {
    /// A subcommand, as clap parsed it.
    Command(Box<Cli>),
    /// Only paths, no subcommand: folders dropped on the program (README “拖放”).
    Dropped(Vec<std::path::PathBuf>),
}

impl Invocation {
    /// The run's language, resolved while parsing.
    pub fn lang(&self) -> Lang {
        self.lang
    }
}

/// Parses the process's command line, with clap's help and usage errors in the user's language.
/// `Err` is the exit status after help, the version or a usage error was printed.
pub fn parse() -> Result<Invocation, ExitStatus> {
    use clap::{CommandFactory, FromArgMatches};
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // shenbao.toml is read here, once: its `lang` decides the language of clap's messages, and the run's
    // context validates the same text.
    let repo = RepoFile::find();
    let lang = lang_or_default(lang_in_args(&args), &repo);
    let command = match lang {
        Lang::Zh => zh::localize(Cli::command()),
        Lang::En => Cli::command(),
    };
    let subcommands: Vec<String> = command.get_subcommands().map(|c| c.get_name().to_owned()).collect();
    if let Some(paths) = dropped::paths(&args, &subcommands) {
        return Ok(Invocation { what: What::Dropped(paths), lang, repo });
    }
    // Nothing at all, in a window of its own (a double-click): how to use it, and the window waits.
    if dropped::is_empty(&args) && dropped::own_console() {
        println!("{}", dropped::how_to(lang));
        dropped::wait_if_own_console(lang);
        return Err(ExitStatus::Error);
    }
    let mut cli = command
        .try_get_matches_from(&args)
        .and_then(|m| Cli::from_arg_matches(&m))
        .map_err(|e| usage_error(e, lang))?;
    // Resolved once: the fallbacks read the environment and shenbao.toml.
    cli.lang = Some(lang);
    Ok(Invocation { what: What::Command(Box::new(cli)), lang, repo })
}

/// `--lang` as written on the command line, read before clap parses it: it decides the language
/// of clap's own messages, and it may be the very argument that fails.
fn lang_in_args(args: &[std::ffi::OsString]) -> Option<Lang> {
    args.iter().enumerate().find_map(|(i, a)| {
        let a = a.to_str()?;
        let value = a.strip_prefix("--lang=").or_else(|| (a == "--lang").then(|| args.get(i + 1)?.to_str())?)?;
        Lang::from_str(value, true).ok()
    })
}

/// A command line clap refuses: in Chinese, what is wrong, the usage and where to find help (clap's
/// English message for the rare kinds without a Chinese text); in English, clap's message. Help and
/// version requests print as asked.
fn usage_error(e: clap::Error, lang: Lang) -> ExitStatus {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        e.exit();
    }
    if lang == Lang::En || e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        let _ = e.print();
        return ExitStatus::Error;
    }
    match zh::error_message(&e) {
        Some(message) => {
            eprintln!("错误：{message}");
            if let Some(ContextValue::StyledStr(usage)) = e.get(ContextKind::Usage) {
                let usage = usage.to_string();
                eprintln!("\n{}", usage.trim().replacen("Usage: ", "用法：", 1));
            }
        }
        None => {
            let _ = e.print();
        }
    }
    eprintln!("\n运行 shenbao --help 或 shenbao <子命令> --help 查看用法");
    ExitStatus::Error
}

/// English for an English locale (en_US.UTF-8), Chinese for everything else (zh_CN, C, POSIX, unset).
pub fn lang_of_locale(locale: Option<&str>) -> Lang {
    match locale {
        Some(l) if l.to_ascii_lowercase().starts_with("en") => Lang::En,
        _ => Lang::Zh,
    }
}

/// Runs a parsed command line: builds the run's [`Context`] once and hands it to the subcommand.
pub fn run(invocation: Invocation) -> ExitStatus {
    let ctx = Context::new(invocation.lang(), invocation.repo);
    let ctx = &ctx;
    let cli = match invocation.what {
        What::Command(cli) => cli,
        What::Dropped(paths) => return dropped::run(paths, ctx),
    };
    match cli.command {
        Command::Init(args) => init::run(args, ctx),
        Command::Check(args) => check::run(args, ctx),
        Command::Count(args) => count::run(args, ctx),
        Command::Clean(args) => clean::run(args, ctx),
        Command::Notices(args) => notices::run(args, ctx),
        Command::Explain(args) => explain::run(args, ctx),
        Command::Pack(args) => pack::run(args, ctx),
        Command::Verify(args) => verify::run(args, ctx),
        Command::Summary(args) => summary::run(args, ctx),
        Command::Config(args) => config::run(args, ctx),
        Command::Completions(args) => completions::completions(args),
        Command::Man => completions::man(),
    }
}

/// Why an argument's value was refused, in both languages: clap shows the English (`Display`), and
/// the Chinese command line (`zh::error_message`) the Chinese.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArgError {
    pub zh: String,
    pub en: String,
}

impl std::fmt::Display for ArgError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en)
    }
}

impl std::error::Error for ArgError {}

/// `--today`: YYYY-MM-DD, or as Chinese users also write a day (2024/8/10, 2024.8.10, 2024年8月10日).
/// The error is in both languages ([`ArgError`]).
fn parse_day(s: &str) -> Result<jiff::civil::Date, ArgError> {
    let invalid = || ArgError {
        zh: "不是有效的日期，应写成 YYYY-MM-DD，如 2024-08-10。".to_owned(),
        en: "not a valid date: write YYYY-MM-DD, e.g. 2024-08-10.".to_owned(),
    };
    let t = s.trim().trim_end_matches('日');
    let parts: Vec<&str> = t.split(['-', '/', '.', '年', '月']).collect();
    let [y, m, d] = parts[..] else {
        return Err(invalid());
    };
    // “24-8-21” would be the year 24: a deadline 2,000 years away passes every check. Refuse it.
    if y.trim().len() != 4 {
        return Err(ArgError {
            zh: format!("年份“{}”须写满四位，如 2024-08-21。", y.trim()),
            en: format!("the year “{}” must have four digits, e.g. 2024-08-21.", y.trim()),
        });
    }
    let number = |p: &str| p.trim().parse::<i16>().ok();
    let (Some(y), Some(m), Some(d)) = (number(y), number(m), number(d)) else {
        return Err(invalid());
    };
    let (Ok(m), Ok(d)) = (i8::try_from(m), i8::try_from(d)) else {
        return Err(invalid());
    };
    jiff::civil::Date::new(y, m, d).map_err(|_| invalid())
}

/// Writes to stdout. A closed pipe (`shenbao check … | head`) is not an error.
fn emit(text: &str) -> Result<(), ExitStatus> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(ExitStatus::Success),
        Err(e) => {
            eprintln!("shenbao: {e}");
            Err(ExitStatus::Error)
        }
    }
}

/// Prints a rule-file or notice problem with its TOML context. Lines are not wrapped: miette's wrapping
/// splits at hyphens, so a notice id in the message ("ln-2024-cases") would break across lines and could
/// not be copied; the terminal folds a long line instead.
fn report_notice_error(e: crate::notice::NoticeError) {
    report_miette(e);
}

/// Prints why shenbao.toml cannot be used, with its TOML context, as [`report_miette`] does; the error is
/// borrowed: the run's context keeps it.
fn report_config_error(e: &crate::config::ConfigError) {
    struct Shown<'a>(&'a crate::config::ConfigError);
    impl std::fmt::Debug for Shown<'_> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            let handler = terminal::miette_handler();
            miette::ReportHandler::debug(&handler, self.0, f)
        }
    }
    eprintln!("{:?}", Shown(e));
}

/// Prints a problem with its TOML context (a rule file, shenbao.toml), lines unwrapped as above.
fn report_miette(e: impl miette::Diagnostic + Send + Sync + 'static) {
    // Set once per process; a second call keeps the first hook.
    let _ = miette::set_hook(Box::new(|_| Box::new(terminal::miette_handler())));
    eprintln!("{:?}", miette::Report::new(e));
}

#[cfg(test)]
mod day_tests {
    use super::parse_day;

    #[test]
    fn days_are_read_as_users_write_them() {
        for s in ["2024-08-10", "2024/8/10", "2024.08.10", "2024年8月10日", " 2024-8-10 "] {
            assert_eq!(parse_day(s).map(|d| d.to_string()).as_deref(), Ok("2024-08-10"), "{s}");
        }
        for s in ["2024-13-01", "2024-02-30", "tomorrow", "2024-08", "20240810"] {
            let e = parse_day(s).expect_err(s);
            assert!(e.zh.contains("不是有效的日期") && e.zh.contains("YYYY-MM-DD"), "{e:?}");
            assert!(e.en.starts_with("not a valid date"), "{e:?}");
        }
    }
}
