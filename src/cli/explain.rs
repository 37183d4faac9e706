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

/// The clauses of `notice` a code enforces, each with what it governs.
///
/// Exhaustive on purpose, without a `_` arm: a new code does not compile until it is decided here which
/// clauses it cites (its family's `clauses`, or none). A converted family owns its clauses in its own file.
fn clauses(code: Code, notice: &Notice) -> Vec<(String, &Clause)> {
    use Code::*;
    let mut out: Vec<(String, &Clause)> = Vec::new();
    match code {
        QuotaExceeded | QuotaShort | QuotaUnknown => {
            // SB501 enforces the maximums, SB502 the minimums; SB503 concerns them all.
            let enforced = |q: &&crate::notice::Quota| match code {
                QuotaExceeded => q.max.is_some(),
                QuotaShort => q.min.is_some(),
                _ => true,
            };
            for q in notice.quotas.iter().filter(enforced) {
                let scope = match q.scope {
                    crate::notice::QuotaScope::PerApplicant => "per_applicant",
                    crate::notice::QuotaScope::PerRecommender => "per_recommender",
                    crate::notice::QuotaScope::Total => "total",
                    crate::notice::QuotaScope::PerTrack => "per_track",
                    crate::notice::QuotaScope::PerContest => "per_contest",
                };
                let what = q.applies_to.as_ref().map_or_else(|| scope.to_owned(), |a| format!("{scope} {a}"));
                out.push((what, &q.clause));
            }
        }
        DuplicateChannel | PersonOnTwoTeams | TeamTwoProjects | TeamOverLimit => {
            if let Some(t) = &notice.team {
                let clause = match code {
                    DuplicateChannel => t.channel_clause.as_ref().unwrap_or(&t.clause),
                    _ => &t.clause,
                };
                out.push(("team".to_owned(), clause));
            }
        }
        PriorityDuplicate | PriorityGap => {
            if let Some(c) = &notice.ranking {
                out.push(("ranking".to_owned(), c));
            }
        }
        DeadlinePassed | DeadlineNear | DeadlineRound | NotYetOpen => {
            out = crate::checks::deadline::clauses(code, notice)
        }
        DocumentMissing | FormatNotAccepted | TooFewFiles | TooManyFiles => {
            for d in &notice.documents {
                out.push((d.name.clone(), &d.clause));
            }
        }
        PartMissing | SectionMissing | SectionOverLimit | PartOverLimit | LimitAmbiguous | SectionEmpty
        | OutOfOrder => out = crate::checks::sections::clauses(code, notice),
        FormTableMissing | FieldMissing | FieldEmpty | FieldOverLimit => {
            for t in &notice.form.tables {
                out.push((t.name.clone(), &t.clause));
                for f in t.fields.iter().filter(|f| f.limit.is_some()) {
                    if let Some(c) = &f.clause {
                        out.push((f.title(), c));
                    }
                }
            }
        }
        VideoLowResolution | VideoTooShort | VideoDuration | VideoCodec => {
            for d in &notice.documents {
                if let Some(v) = &d.video {
                    out.push((d.name.clone(), &v.clause));
                }
            }
        }
        ImageLowResolution | PictureCategoryMissing => {
            for d in &notice.documents {
                if let Some(i) = &d.image {
                    out.push((d.name.clone(), &i.clause));
                }
            }
        }
        TemplateLeftover | FewFigures | PictureMissing | TableMissing | PersonalData => {
            for p in &notice.form.parts {
                let part_asks = match code {
                    TemplateLeftover => !p.guidance.is_empty(),
                    PersonalData => p.publish,
                    _ => false,
                };
                if part_asks {
                    out.push((p.title.clone(), &p.clause));
                }
                for s in &p.sections {
                    let asks = match code {
                        TemplateLeftover => !s.guidance.is_empty(),
                        FewFigures => s.min_figures.is_some(),
                        PictureMissing => s.picture,
                        TableMissing => !s.table_columns.is_empty(),
                        _ => false,
                    };
                    if asks {
                        out.push((s.title.clone(), &s.clause));
                    }
                }
            }
        }
        NotInList => {
            let l = &notice.lists;
            for (name, list) in [
                ("fields", &l.fields),
                ("directions", &l.directions),
                ("areas", &l.areas),
                ("unit_types", &l.unit_types),
            ] {
                if let Some(list) = list {
                    out.push((name.to_owned(), &list.clause));
                }
            }
            if let Some(t) = &l.tracks {
                out.push(("tracks".to_owned(), &t.clause));
            }
        }
        NameForm => {
            for n in &notice.naming {
                out.push((n.format.clone(), &n.clause));
            }
        }
        RequirementAtRisk => {
            for r in notice.requirements.iter().filter(|r| crate::checks::plan::CHECKED.contains(&r.id.as_str())) {
                out.push((r.id.clone(), &r.clause));
            }
        }
        JointStampMissing => {
            for p in notice.form.parts.iter().filter(|p| p.stamp && p.each_applicant) {
                out.push((p.title.clone(), &p.clause));
            }
            for t in &notice.form.tables {
                if t.fields.iter().any(|f| f.each_applicant) {
                    out.push((t.name.clone(), &t.clause));
                }
            }
        }
        OneChoice => {
            for r in notice.requirements.iter().filter(|r| matches!(r.id.as_str(), "one-topic-fixed" | "one-track")) {
                out.push((r.id.clone(), &r.clause));
            }
        }
        // Decided: these codes enforce no clause a notice states (the run's own problems, what a file is,
        // bundles), or none the rule files cite yet.
        NoticeUnknown
        | NoticeMissing
        | DossierTomlInvalid
        | DossierUnreadable
        | Superseded
        | FactsDisagree
        | WaiverExpired
        | LegacyWord
        | ExtensionMismatch
        | DocxUnreadable
        | EmptyFile
        | LockFile
        | ExtraFile
        | SeveralCandidates
        | AssumedByFormat
        | FileUnreadable
        | NotRead
        | NameEncoding
        | VideoUnreadable
        | VideoNoTrack
        | VideoSummary
        | ImageCompat
        | ImageDamaged
        | PdfDamaged
        | PdfEncrypted
        | PdfRestricted
        | PdfNoSeal
        | PdfOutdated
        | PdfCompareLimited
        | PdfEmpty
        | PdfSummary
        | DuplicateName
        | SameFile
        | MixedNotices
        | BatchTomlInvalid
        | PackRefused
        | BundleOverSize
        | PackNameFallback
        | VerifyCorrupted
        | VerifyMissing
        | VerifyExtra
        | VerifyRuleFileChanged
        | VerifyIntact
        | WordComments
        | TrackedChanges
        | HiddenText
        | PropertiesLeak
        | ContactMalformed
        | DateInconsistent => {}
    }
    out
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
