//! `shenbao explain CODE` / `shenbao explain --list`

use super::{emit, ExitStatus};
use crate::diag::{Code, Lang};
use crate::notice::{Clause, Notice};
use std::fmt::Write as _;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A code such as SB103, or its name such as section-over-limit.
    #[arg(required_unless_present = "list")]
    pub code: Option<String>,
    /// List every code with its title.
    #[arg(long)]
    pub list: bool,
    /// Show the clauses of this notice only (an embedded id or a rule file); default: every embedded notice.
    #[arg(long, value_name = "ID|FILE")]
    pub notice: Option<String>,
}

pub fn run(args: Args, ctx: &super::Context) -> ExitStatus {
    let lang = ctx.lang;
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
        let mut out = format!(
            "{} {} ({}, {})\n\n{}\n",
            info.code,
            info.title(lang),
            info.name,
            info.severity.label(lang),
            info.explain(lang)
        );
        let notices: Vec<Notice> = match args.notice.as_deref() {
            Some(spec) => match ctx.notice(Some(spec)) {
                Ok(n) => n.into_iter().collect(),
                Err(status) => return status,
            },
            None => crate::notice::embedded::ALL
                .iter()
                .filter_map(|(id, _)| crate::notice::builtin(id, lang).and_then(Result::ok))
                .collect(),
        };
        let mut any = false;
        for notice in &notices {
            let clauses = clauses(code, notice);
            if clauses.is_empty() {
                continue;
            }
            if !any {
                out += lang.pick("\n依据（通知原文）：\n", "\nWhy (the notices' clauses):\n");
                any = true;
            }
            let _ = writeln!(out, "  {}", notice.id);
            for (what, clause) in clauses {
                let _ = writeln!(out, "    {what}：{clause}");
            }
        }
        if let (false, Some(spec)) = (any, args.notice.as_deref()) {
            out += &lang.pick(
                format!("\n通知 {spec} 中没有这个代码所依据的条文（例如没有章节字数限制），检查时不会报出它。\n"),
                format!("\nThe notice {spec} has no clause this code enforces (e.g. no section limit): a check never reports it.\n"),
            );
        }
        out
    };
    match emit(&text) {
        Ok(()) => ExitStatus::Success,
        Err(s) => s,
    }
}

/// The clauses of `notice` a code enforces, each with what it governs: the family that owns the code
/// decides, in its own file, with a match on its own codes that has no wildcard.
fn clauses(code: Code, notice: &Notice) -> Vec<(String, &Clause)> {
    use crate::diag::Family;
    match code.family() {
        Family::Run(c) => crate::checks::clauses(c, notice),
        Family::Identity(c) => crate::checks::identity::clauses(c, notice),
        Family::Deadline(c) => crate::checks::deadline::clauses(c, notice),
        Family::Sections(c) => crate::checks::sections::clauses(c, notice),
        Family::Fields(c) => crate::checks::fields::clauses(c, notice),
        Family::CaseName(c) => crate::checks::case_name::clauses(c, notice),
        Family::Files(c) => crate::checks::files::clauses(c, notice),
        Family::Media(c) => crate::checks::media::clauses(c, notice),
        Family::Stamped(c) => crate::checks::stamped::clauses(c, notice),
        Family::Text(c) => crate::checks::text::clauses(c, notice),
        Family::Plan(c) => crate::checks::plan::clauses(c, notice),
        Family::Joint(c) => crate::checks::joint::clauses(c, notice),
        Family::Hidden(c) => crate::checks::hidden::clauses(c, notice),
        Family::Batch(c) => crate::batch::rules::clauses(c, notice),
        Family::Pack(c) => crate::pack::clauses(c, notice),
        Family::Verify(c) => crate::pack::verify::clauses(c, notice),
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
