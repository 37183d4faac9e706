//! `shenbao explain CODE` / `shenbao explain --list`

use super::{emit, ExitStatus};
use crate::diag::{Code, Lang};
use std::fmt::Write as _;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A code such as SB103, or its name such as section-over-limit.
    #[arg(required_unless_present = "list")]
    pub code: Option<String>,
    /// List every code with its title.
    #[arg(long)]
    pub list: bool,
}

pub fn run(args: Args, lang: Lang) -> ExitStatus {
    let text = if args.list {
        let mut out = String::new();
        for code in Code::ALL {
            let info = code.info();
            let _ = writeln!(
                out,
                "{}  {:<8}  {:<28}  {}",
                info.code,
                info.severity.label(lang),
                info.name,
                info.title(lang)
            );
        }
        out
    } else {
        let wanted = args.code.unwrap_or_default();
        let Some(code) = Code::parse(&wanted) else {
            eprintln!(
                "shenbao: {}",
                lang.pick(
                    format!("没有代码“{wanted}”；`shenbao explain --list` 列出全部代码"),
                    format!("no code “{wanted}”; `shenbao explain --list` lists them all"),
                )
            );
            return ExitStatus::Error;
        };
        let info = code.info();
        format!(
            "{} {} ({}, {})\n\n{}\n",
            info.code,
            info.title(lang),
            info.name,
            info.severity.label(lang),
            info.explain(lang)
        )
    };
    match emit(&text) {
        Ok(()) => ExitStatus::Success,
        Err(s) => s,
    }
}

/// The README's codes table (Markdown), one row per code, from the registry.
pub fn codes_table() -> String {
    let mut out = String::from("| code | name | severity | 含义 | meaning |\n|---|---|---|---|---|\n");
    for code in Code::ALL {
        let i = code.info();
        let _ = writeln!(
            out,
            "| {} | `{}` | {} | {} | {} |",
            i.code,
            i.name,
            i.severity.label(Lang::En),
            i.title_zh,
            i.title_en
        );
    }
    out
}
