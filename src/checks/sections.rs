//! The 申报书's parts and sections: present, in order, within their limits.
//!
//! The family file holds, in this order: the check (typed [`SectionFinding`]s, no language), the clauses
//! `shenbao explain` cites for SB101–SB107, and the zh and en wording of each finding.

use crate::count::{Tally, Unit};
use crate::diag::{family, Code, Diagnostic, Finding, Lang};
use crate::notice::{Clause, Form, Notice};
use crate::outline::Outline;
use crate::report::SectionReport;

/// What this family finds (SB101–SB107), as data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SectionFinding {
    /// SB101: a required part has no heading in the 申报书.
    PartMissing { file: String, part: String, number: String, clause: Clause },
    /// SB102: a required section has no heading in its part.
    SectionMissing { file: String, part: String, section: String, number: String, clause: Clause },
    /// SB106: `later` comes before `earlier`, unlike the template.
    OutOfOrder { file: String, earlier: String, later: String },
    /// SB103 (a section) or SB104 (a part): counted over its limit.
    OverLimit { file: String, title: String, is_section: bool, unit: Unit, count: u64, limit: u64, clause: Clause },
    /// SB105: the limit lies between the lowest and highest readings of quotes and dashes.
    LimitAmbiguous { file: String, title: String, unit: Unit, count: u64, low: u64, high: u64, limit: u64 },
    /// SB107: a required part or section has nothing under its heading: no text, no picture.
    SectionEmpty { file: String, title: String },
}

/// Reports for the found parts and sections, and diagnostics for missing, disordered and overlong ones.
pub fn check(form: &Form, outline: &Outline, file: &str, out: &mut Vec<Diagnostic>) -> Vec<SectionReport> {
    let mut found = Vec::new();
    let reports = find(form, outline, file, &mut found);
    out.extend(found.into_iter().map(|f| {
        let line = paragraph(outline, &f);
        let d = Diagnostic::of(f);
        match line {
            Some(line) => d.line(line),
            None => d,
        }
    }));
    reports
}

/// The heading paragraph (counted from 1 in the 申报书's body) of the part or section a finding is about, when
/// it was found: the best "line" a Word file has, for viewers that want one (SARIF's region).
fn paragraph(outline: &Outline, finding: &SectionFinding) -> Option<u32> {
    let title = match finding {
        SectionFinding::OverLimit { title, .. }
        | SectionFinding::LimitAmbiguous { title, .. }
        | SectionFinding::SectionEmpty { title, .. } => title,
        SectionFinding::OutOfOrder { later, .. } => later,
        SectionFinding::PartMissing { .. } | SectionFinding::SectionMissing { .. } => return None,
    };
    let located = outline.found.iter().find(|l| l.part.is_some() && l.title == *title)?;
    u32::try_from(located.heading.saturating_add(1)).ok()
}

/// [`check`] without the language: the section reports, and the findings pushed to `out`.
pub fn find(form: &Form, outline: &Outline, file: &str, out: &mut Vec<SectionFinding>) -> Vec<SectionReport> {
    let unit = form.unit;
    let mut reports = Vec::new();

    for &pi in &outline.missing_parts {
        let part = &form.parts[pi];
        if part.required {
            out.push(SectionFinding::PartMissing {
                file: file.to_owned(),
                part: part.title.clone(),
                number: part.number.clone().unwrap_or_default(),
                clause: part.clause.clone(),
            });
        }
    }
    for &(pi, si) in &outline.missing_sections {
        let (part, section) = (&form.parts[pi], &form.parts[pi].sections[si]);
        if section.required {
            out.push(SectionFinding::SectionMissing {
                file: file.to_owned(),
                part: part.title.clone(),
                section: section.title.clone(),
                number: section.number.clone().unwrap_or_default(),
                clause: section.clause.clone(),
            });
        }
    }
    for (earlier, later) in &outline.out_of_order {
        out.push(SectionFinding::OutOfOrder { file: file.to_owned(), earlier: earlier.clone(), later: later.clone() });
    }

    for located in &outline.found {
        let Some(pi) = located.part else { continue };
        let part = &form.parts[pi];
        let (limit, required, clause, title) = match located.section {
            Some(si) => {
                let s = &part.sections[si];
                (s.limit, s.required, &s.clause, &s.title)
            }
            None => (part.limit, part.required, &part.clause, &part.title),
        };
        let mut report = SectionReport::new(title.clone(), located.level, &located.tally, limit);
        report.document = Some(file.to_owned());
        if located.section.is_some() {
            report.part = Some(part.title.clone());
        }
        let is_section = located.section.is_some();
        if let Some(limit) = limit {
            limit_findings(unit, title, is_section, &located.tally, limit, clause, file, out);
        }
        // A picture is content: a section holding only its 架构图 is not empty.
        let empty = located.tally.count.words == 0 && located.pictures == 0;
        if empty && required && (is_section || part.sections.is_empty()) && !part.stamp {
            out.push(SectionFinding::SectionEmpty { file: file.to_owned(), title: title.clone() });
        }
        reports.push(report);
    }
    reports
}

#[allow(clippy::too_many_arguments)]
fn limit_findings(
    unit: Unit,
    title: &str,
    is_section: bool,
    tally: &Tally,
    limit: u64,
    clause: &Clause,
    file: &str,
    out: &mut Vec<SectionFinding>,
) {
    let count = unit.pick(&tally.count);
    let (low, high) = tally.range(unit);
    if count > limit {
        out.push(SectionFinding::OverLimit {
            file: file.to_owned(),
            title: title.to_owned(),
            is_section,
            unit,
            count,
            limit,
            clause: clause.clone(),
        });
    }
    if low <= limit && limit < high {
        out.push(SectionFinding::LimitAmbiguous {
            file: file.to_owned(),
            title: title.to_owned(),
            unit,
            count,
            low,
            high,
            limit,
        });
    }
}

/// The clauses of `notice` that `shenbao explain` cites for this family's codes, each with what it governs.
pub fn clauses(code: family::Sections, notice: &Notice) -> Vec<(String, &Clause)> {
    use family::Sections::*;
    // The limits' codes cite only the parts and sections that have a limit.
    let part_cited = |p: &crate::notice::Part| match code {
        PartMissing | OutOfOrder => true,
        PartOverLimit | LimitAmbiguous => p.limit.is_some(),
        SectionMissing | SectionOverLimit | SectionEmpty => false,
    };
    let section_cited = |s: &crate::notice::Section| match code {
        SectionMissing | OutOfOrder | SectionEmpty => true,
        SectionOverLimit | LimitAmbiguous => s.limit.is_some(),
        PartMissing | PartOverLimit => false,
    };
    let mut out: Vec<(String, &Clause)> = Vec::new();
    for p in &notice.form.parts {
        if part_cited(p) {
            out.push((p.title.clone(), &p.clause));
        }
        for s in p.sections.iter().filter(|s| section_cited(s)) {
            out.push((s.title.clone(), &s.clause));
        }
    }
    // The limits of form fields (qh's 场景概述) are read the same way.
    if code == LimitAmbiguous {
        out.extend(notice.form.tables.iter().flat_map(super::fields::limited_fields));
    }
    out
}

// The wording of this family's findings, zh and en together.

fn unit_word(unit: Unit, lang: Lang) -> &'static str {
    match (unit, lang) {
        (Unit::Word, Lang::Zh) => "字",
        (Unit::CharsNoSpaces, Lang::Zh) => "个字符",
        (Unit::Hanzi, Lang::Zh) => "个汉字",
        (Unit::Word, Lang::En) => "words",
        (Unit::CharsNoSpaces, Lang::En) => "characters",
        (Unit::Hanzi, Lang::En) => "Han characters",
    }
}

impl Finding for SectionFinding {
    fn code(&self) -> Code {
        match self {
            Self::PartMissing { .. } => Code::PartMissing,
            Self::SectionMissing { .. } => Code::SectionMissing,
            Self::OutOfOrder { .. } => Code::OutOfOrder,
            Self::OverLimit { is_section: true, .. } => Code::SectionOverLimit,
            Self::OverLimit { is_section: false, .. } => Code::PartOverLimit,
            Self::LimitAmbiguous { .. } => Code::LimitAmbiguous,
            Self::SectionEmpty { .. } => Code::SectionEmpty,
        }
    }

    fn file(&self) -> Option<&str> {
        match self {
            Self::PartMissing { file, .. }
            | Self::SectionMissing { file, .. }
            | Self::OutOfOrder { file, .. }
            | Self::OverLimit { file, .. }
            | Self::LimitAmbiguous { file, .. }
            | Self::SectionEmpty { file, .. } => Some(file),
        }
    }

    fn section(&self) -> Option<&str> {
        match self {
            Self::PartMissing { part: title, .. }
            | Self::SectionMissing { section: title, .. }
            | Self::OutOfOrder { later: title, .. }
            | Self::OverLimit { title, .. }
            | Self::LimitAmbiguous { title, .. }
            | Self::SectionEmpty { title, .. } => Some(title),
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            Self::PartMissing { part, .. } => {
                lang.pick(format!("申报书中找不到“{part}”部分"), format!("the 申报书 has no part “{part}”"))
            }
            Self::SectionMissing { part, section, .. } => lang
                .pick(format!("“{part}”中找不到章节“{section}”"), format!("part “{part}” has no section “{section}”")),
            Self::OutOfOrder { earlier, later, .. } => lang.pick(
                format!("“{later}”出现在“{earlier}”之前，与模板顺序不一致"),
                format!("“{later}” comes before “{earlier}”, unlike the template"),
            ),
            Self::OverLimit { title, is_section, unit, count, limit, .. } => {
                let w = unit_word(*unit, lang);
                let over = count.saturating_sub(*limit);
                let what = if *is_section { lang.pick("章节", "section") } else { lang.pick("部分", "part") };
                lang.pick(
                    format!("{what}“{title}”共 {count} {w}，超出限制 {limit} {w}，需删减 {over} {w}"),
                    format!("{what} “{title}” has {count} {w}, over its limit of {limit}: cut {over}"),
                )
            }
            Self::LimitAmbiguous { title, unit, count, low, high, limit, .. } => {
                let w = unit_word(*unit, lang);
                lang.pick(
                    format!("“{title}”按引号、破折号等符号的不同计法为 {low}–{high} {w}，限制 {limit} {w}落在其间，Word 的统计可能与本结果（{count}）不同"),
                    format!("“{title}” counts {low}–{high} {w} depending on how quotes and dashes are read; the limit {limit} lies within, so Word may differ from {count}"),
                )
            }
            Self::SectionEmpty { title, .. } => {
                lang.pick(format!("“{title}”下没有内容"), format!("“{title}” has nothing under its heading"))
            }
        }
    }

    fn help(&self, lang: Lang) -> Option<String> {
        Some(match self {
            Self::PartMissing { part, number, clause, .. } => lang.pick(
                format!("按模板加上标题“{number}{part}”及其内容；依据：{clause}"),
                format!("add the heading “{number}{part}” and its content as in the template; per {clause}"),
            ),
            Self::SectionMissing { section, number, clause, .. } => lang.pick(
                format!("按模板加上标题“{number}{section}”并填写内容；依据：{clause}"),
                format!("add the heading “{number}{section}” with its content; per {clause}"),
            ),
            Self::OutOfOrder { earlier, later, .. } => {
                lang.pick(format!("把“{earlier}”移到“{later}”之前"), format!("move “{earlier}” before “{later}”"))
            }
            Self::OverLimit { is_section: true, clause, .. } => lang.pick(
                format!("按 Word“字数统计”的“字数”口径计，本节标题行不计；依据：{clause}"),
                format!("counted as Word's 字数, the section's heading line excluded; per {clause}"),
            ),
            Self::OverLimit { is_section: false, clause, .. } => lang.pick(
                format!("按 Word“字数统计”的“字数”口径计，含各小节的标题，不含本部分的标题行；依据：{clause}"),
                format!(
                    "counted as Word's 字数, with its sections' headings and without the part's own heading line; per {clause}"
                ),
            ),
            Self::LimitAmbiguous { unit, high, limit, .. } => {
                let (w, more) = (unit_word(*unit, lang), high.saturating_sub(*limit));
                lang.pick(
                    format!("稳妥起见再删减 {more} {w}，使任何计法下都不超过 {limit} {w}"),
                    format!("to be safe, cut {more} more so that every reading stays within {limit}"),
                )
            }
            Self::SectionEmpty { .. } => lang
                .pick(
                    "在这个标题下按模板要求填写内容；若内容写在了别的标题下，把它移到这里",
                    "write this section's content under its heading; if it sits under another heading, move it here",
                )
                .to_owned(),
        })
    }
}
