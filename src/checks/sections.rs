//! The 申报书's parts and sections: present, in order, within their limits.

use super::Context;
use crate::count::{Tally, Unit};
use crate::diag::{Code, Diagnostic, Lang};
use crate::notice::Form;
use crate::outline::Outline;
use crate::report::SectionReport;

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

/// Reports for the found parts and sections, and diagnostics for missing, disordered and overlong ones.
pub fn check(
    ctx: &Context<'_>,
    form: &Form,
    outline: &Outline,
    file: &str,
    out: &mut Vec<Diagnostic>,
) -> Vec<SectionReport> {
    let lang = ctx.lang;
    let unit = form.unit;
    let mut reports = Vec::new();

    for &pi in &outline.missing_parts {
        let part = &form.parts[pi];
        if !part.required {
            continue;
        }
        let numbered = part.number.clone().unwrap_or_default();
        out.push(
            Diagnostic::new(
                Code::PartMissing,
                lang.pick(
                    format!("申报书中找不到“{}”部分", part.title),
                    format!("the 申报书 has no part “{}”", part.title),
                ),
            )
            .file(file)
            .section(part.title.clone())
            .help(lang.pick(
                format!("按模板加上标题“{numbered}{}”及其内容；依据：{}", part.title, part.clause),
                format!(
                    "add the heading “{numbered}{}” and its content as in the template; per {}",
                    part.title, part.clause
                ),
            )),
        );
    }
    for &(pi, si) in &outline.missing_sections {
        let (part, section) = (&form.parts[pi], &form.parts[pi].sections[si]);
        if !section.required {
            continue;
        }
        let numbered = section.number.clone().unwrap_or_default();
        out.push(
            Diagnostic::new(
                Code::SectionMissing,
                lang.pick(
                    format!("“{}”中找不到章节“{}”", part.title, section.title),
                    format!("part “{}” has no section “{}”", part.title, section.title),
                ),
            )
            .file(file)
            .section(section.title.clone())
            .help(lang.pick(
                format!("按模板加上标题“{numbered}{}”并填写内容；依据：{}", section.title, section.clause),
                format!("add the heading “{numbered}{}” with its content; per {}", section.title, section.clause),
            )),
        );
    }
    for (earlier, later) in &outline.out_of_order {
        out.push(
            Diagnostic::new(
                Code::OutOfOrder,
                lang.pick(
                    format!("“{later}”出现在“{earlier}”之前，与模板顺序不一致"),
                    format!("“{later}” comes before “{earlier}”, unlike the template"),
                ),
            )
            .file(file)
            .section(later.clone())
            .help(lang.pick(format!("把“{earlier}”移到“{later}”之前"), format!("move “{earlier}” before “{later}”"))),
        );
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
            limit_diagnostics(lang, unit, title, is_section, &located.tally, limit, clause, file, out);
        }
        if located.tally.count.words == 0 && required && (is_section || part.sections.is_empty()) && !part.stamp {
            out.push(
                Diagnostic::new(
                    Code::SectionEmpty,
                    lang.pick(format!("“{title}”下没有内容"), format!("“{title}” has nothing under its heading")),
                )
                .file(file)
                .section(title.clone())
                .help(lang.pick(
                    "在这个标题下按模板要求填写内容；若内容写在了别的标题下，把它移到这里",
                    "write this section's content under its heading; if it sits under another heading, move it here",
                )),
            );
        }
        reports.push(report);
    }
    reports
}

#[allow(clippy::too_many_arguments)]
fn limit_diagnostics(
    lang: Lang,
    unit: Unit,
    title: &str,
    is_section: bool,
    tally: &Tally,
    limit: u64,
    clause: &crate::notice::Clause,
    file: &str,
    out: &mut Vec<Diagnostic>,
) {
    let count = unit.pick(&tally.count);
    let (low, high) = tally.range(unit);
    let w = unit_word(unit, lang);
    if count > limit {
        let over = count - limit;
        let code = if is_section { Code::SectionOverLimit } else { Code::PartOverLimit };
        let what = if is_section { lang.pick("章节", "section") } else { lang.pick("部分", "part") };
        out.push(
            Diagnostic::new(
                code,
                lang.pick(
                    format!("{what}“{title}”共 {count} {w}，超出限制 {limit} {w}，需删减 {over} {w}"),
                    format!("{what} “{title}” has {count} {w}, over its limit of {limit}: cut {over}"),
                ),
            )
            .file(file)
            .section(title)
            .help(if is_section {
                lang.pick(
                    format!("按 Word“字数统计”的“字数”口径计，本节标题行不计；依据：{clause}"),
                    format!("counted as Word's 字数, the section's heading line excluded; per {clause}"),
                )
            } else {
                lang.pick(
                    format!("按 Word“字数统计”的“字数”口径计，含各小节的标题，不含本部分的标题行；依据：{clause}"),
                    format!(
                        "counted as Word's 字数, with its sections' headings and without the part's own heading line; per {clause}"
                    ),
                )
            }),
        );
    }
    if low <= limit && limit < high {
        out.push(
            Diagnostic::new(
                Code::LimitAmbiguous,
                lang.pick(
                    format!("“{title}”按引号、破折号等符号的不同计法为 {low}–{high} {w}，限制 {limit} {w}落在其间，Word 的统计可能与本结果（{count}）不同"),
                    format!("“{title}” counts {low}–{high} {w} depending on how quotes and dashes are read; the limit {limit} lies within, so Word may differ from {count}"),
                ),
            )
            .file(file)
            .section(title)
            .help(lang.pick(
                format!("稳妥起见再删减 {} {w}，使任何计法下都不超过 {limit} {w}", high.saturating_sub(limit)),
                format!("to be safe, cut {} more so that every reading stays within {limit}", high.saturating_sub(limit)),
            )),
        );
    }
}
