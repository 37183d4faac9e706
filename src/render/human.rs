//! The human view: grouped by dossier and file, each line with its code, then a table of sections
//! with count, limit and margin. Chinese by default.

use crate::diag::{printable, Diagnostic, Lang, Severity};
use crate::report::{CountReport, DossierReport, FieldReport, Report, SectionReport};
use std::fmt::Write as _;

/// Terminal styling, off when output is not a terminal or NO_COLOR is set.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    fn severity(&self, s: Severity, text: &str) -> String {
        match s {
            Severity::Error => self.paint("1;31", text),
            Severity::Warning => self.paint("1;33", text),
            Severity::Info => self.paint("36", text),
        }
    }

    fn bold(&self, text: &str) -> String {
        self.paint("1", text)
    }

    fn dim(&self, text: &str) -> String {
        self.paint("2", text)
    }
}

/// Terminal columns a string takes: CJK and full-width characters take two.
pub fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            let wide = crate::count::is_cjk(c)
                || matches!(c as u32, 0x1F300..=0x1FAFF | 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
                || matches!(c, '“' | '”' | '‘' | '’' | '—' | '…');
            if c.is_control() {
                0
            } else if wide {
                2
            } else {
                1
            }
        })
        .sum()
}

fn pad(s: &str, width: usize) -> String {
    let w = display_width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

fn pad_left(s: &str, width: usize) -> String {
    let w = display_width(s);
    format!("{}{s}", " ".repeat(width.saturating_sub(w)))
}

fn icon(s: Severity) -> &'static str {
    match s {
        Severity::Error => "✘",
        Severity::Warning => "⚠",
        Severity::Info => "ℹ",
    }
}

fn diagnostic_lines(out: &mut String, d: &Diagnostic, lang: Lang, style: Style, indent: &str) {
    let head = format!("{} {} {}", icon(d.severity), d.code, d.severity.label(lang));
    // Messages quote file names, zip entry names and text from the user's files: escaped, so that none
    // can clear the screen or print a fake line.
    let _ = writeln!(out, "{indent}{}  {}", style.severity(d.severity, &head), printable(&d.text(lang)));
    if let Some(help) = d.help_text(lang) {
        let _ = writeln!(out, "{indent}    {}{}", style.dim(lang.pick("帮助：", "help: ")), printable(&help));
    }
    // Overridden or waived in shenbao.toml: shown, never hidden.
    match (&d.waiver, d.was) {
        (Some(reason), Some(was)) => {
            let note = lang.pick(
                format!("已豁免（原为{}）：{}", was.label(lang), printable(reason)),
                format!("waived (was {}): {}", was.label(lang), printable(reason)),
            );
            let _ = writeln!(out, "{indent}    {}", style.dim(&note));
        }
        (None, Some(was)) => {
            let note = lang.pick(
                format!("级别已调整，原为{}", was.label(lang)),
                format!("severity changed, was {}", was.label(lang)),
            );
            let _ = writeln!(out, "{indent}    {}", style.dim(&note));
        }
        _ => {}
    }
}

/// Renders a whole check report. In a batch, dossiers that passed take one line each and the batch
/// findings and a table of every dossier close the report.
pub fn render_check(report: &Report, lang: Lang, style: Style) -> String {
    let mut out = String::new();
    let batch = report.batch.is_some();
    for (i, d) in report.dossiers.iter().enumerate() {
        if batch && d.passed {
            // One line, naming the warnings' codes: the folder checked alone shows them in full.
            let warnings = d.count(Severity::Warning);
            let mut codes: Vec<&str> =
                d.diagnostics.iter().filter(|x| x.severity == Severity::Warning).map(|x| x.code.info().code).collect();
            codes.sort_unstable();
            codes.dedup();
            let verdict = match warnings {
                0 => lang.pick("通过".to_owned(), "passed".to_owned()),
                n => lang.pick(
                    format!("通过（警告 {n} 个：{}）", codes.join("、")),
                    format!("passed ({}: {})", crate::diag::counted(n, "warning", "warnings"), codes.join(", ")),
                ),
            };
            let _ = writeln!(
                out,
                "{} {}  {}",
                style.paint("1;32", "✔"),
                style.bold(&printable(&d.path)),
                style.dim(&verdict)
            );
            // Waived findings stay visible even in the short form.
            for diag in d.diagnostics.iter().filter(|x| x.waiver.is_some()) {
                diagnostic_lines(&mut out, diag, lang, style, "    ");
            }
            continue;
        }
        if i > 0 {
            out.push('\n');
        }
        render_dossier(&mut out, d, lang, style);
        if batch {
            out.push('\n');
        }
    }
    if let Some(b) = &report.batch {
        render_batch(&mut out, report, b, lang, style);
    }
    for d in &report.config {
        let place = match d.line {
            Some(line) => format!("{}:{line}", d.file.as_deref().unwrap_or(crate::config::CONFIG_FILE)),
            None => d.file.clone().unwrap_or_default(),
        };
        let _ = writeln!(out, "\n{}", style.bold(&printable(&place)));
        diagnostic_lines(&mut out, d, lang, style, "  ");
    }
    if !report.skipped.is_empty() {
        let list: Vec<String> = report.skipped.iter().map(|k| format!("{} × {}", k.code, k.count)).collect();
        let _ = writeln!(
            out,
            "\n{}",
            style.dim(&lang.pick(
                format!("shenbao.toml 关闭的检查（未报告）：{}", list.join("，")),
                format!("checks switched off in shenbao.toml (not reported): {}", list.join(", ")),
            ))
        );
    }
    let s = &report.summary;
    if report.dossiers.len() > 1 {
        // As the table above: a dossier named by an error across the batch is not counted as passed.
        let held = report.passed_with_batch_errors();
        let (passed, failed) = (s.passed - held, s.dossiers - s.passed);
        let held_zh = if held > 0 { format!("{held} 份批量有误，") } else { String::new() };
        let held_en = if held > 0 { format!("{held} with batch errors, ") } else { String::new() };
        let _ = writeln!(
            out,
            "\n{}",
            style.bold(&lang.pick(
                format!(
                    "共 {} 份材料：{passed} 份通过，{held_zh}{failed} 份未通过；错误 {} 个，警告 {} 个",
                    s.dossiers, s.errors, s.warnings
                ),
                format!(
                    "{} dossiers: {passed} passed, {held_en}{failed} failed; {} errors, {} warnings",
                    s.dossiers, s.errors, s.warnings
                ),
            ))
        );
    }
    out
}

/// The tightest limit: (title, limit − count) over the sections and the form fields with a limit.
pub fn tightest(d: &DossierReport) -> Option<(&str, i64)> {
    let sections = d
        .sections
        .iter()
        .filter_map(|s| s.count.limit.map(|l| (s.title.as_str(), l as i64 - s.counted(d.unit) as i64)));
    let fields = d.fields.iter().map(|f| (f.label.as_str(), f.count.limit as i64 - f.counted(d.unit) as i64));
    sections.chain(fields).min_by_key(|(_, margin)| *margin)
}

fn render_batch(out: &mut String, report: &Report, b: &crate::report::BatchReport, lang: Lang, style: Style) {
    let _ = writeln!(
        out,
        "\n{}",
        style.bold(lang.pick("批量核对（名额、重复、排序）", "Across the batch (quotas, duplicates, ranking)"))
    );
    for root in &b.roots {
        let line = lang.pick(
            format!("按批量目录检查 {}：{}", printable(&root.path), root.sign.describe(lang)),
            format!("{} checked as a batch: {}", printable(&root.path), root.sign.describe(lang)),
        );
        let _ = writeln!(out, "  {}", style.dim(&line));
    }
    for folder in &b.empty {
        let line = lang.pick(
            format!("{}：文件夹为空，未计入", printable(folder)),
            format!("{}: empty folder, not counted", printable(folder)),
        );
        let _ = writeln!(out, "  {}", style.dim(&line));
    }
    if b.diagnostics.is_empty() {
        let _ = writeln!(out, "  {}", style.paint("32", lang.pick("✔ 未发现问题", "✔ nothing found")));
    }
    for d in &b.diagnostics {
        diagnostic_lines(out, d, lang, style, "  ");
    }

    // One row per dossier, by priority (unranked last).
    let mut rows: Vec<(usize, &DossierReport)> = report.dossiers.iter().enumerate().collect();
    rows.sort_by_key(|(i, d)| (d.facts.priority.unwrap_or(u32::MAX), *i));
    let head: Vec<String> = [
        lang.pick("优先级", "rank"),
        lang.pick("名称", "name"),
        lang.pick("申报单位", "applicant"),
        lang.pick("领域/赛道", "field/track"),
        lang.pick("结果", "status"),
        lang.pick("错误", "errors"),
        lang.pick("警告", "warnings"),
        lang.pick("最紧余量", "tightest margin"),
    ]
    .map(str::to_owned)
    .to_vec();
    let mut table: Vec<Vec<String>> = vec![head];
    for (_, d) in &rows {
        let named_in_batch = b.row_errors(&d.path).next().is_some();
        let status = match (d.passed, named_in_batch) {
            (true, false) => lang.pick("通过", "passed"),
            (true, true) => lang.pick("批量有误", "batch error"),
            _ => lang.pick("未通过", "failed"),
        };
        let margin = tightest(d).map_or_else(String::new, |(title, m)| format!("{m:+} {}", printable(title)));
        let name = printable(d.facts.name.as_deref().unwrap_or(&d.path)).into_owned();
        let track = printable(d.facts.track.as_deref().or(d.facts.field.as_deref()).unwrap_or_default()).into_owned();
        table.push(vec![
            d.facts.priority.map(|p| p.to_string()).unwrap_or_else(|| "-".to_owned()),
            truncate(&name, 36),
            truncate(&printable(d.facts.unit.as_deref().unwrap_or("")), 24),
            track,
            status.to_owned(),
            d.count(Severity::Error).to_string(),
            d.count(Severity::Warning).to_string(),
            margin,
        ]);
    }
    let widths: Vec<usize> =
        (0..table[0].len()).map(|c| table.iter().map(|r| display_width(&r[c])).max().unwrap_or(0)).collect();
    let _ = writeln!(out);
    for (n, row) in table.iter().enumerate() {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, text)| if (5..=6).contains(&c) { pad_left(text, widths[c]) } else { pad(text, widths[c]) })
            .collect();
        let line = format!("  {}", cells.join("  ").trim_end());
        let _ = writeln!(out, "{}", if n == 0 { style.bold(&line) } else { line });
    }
}

/// At most `width` display columns, with “…” when cut.
fn truncate(s: &str, width: usize) -> String {
    if display_width(s) <= width {
        return s.to_owned();
    }
    let mut out = String::new();
    for c in s.chars() {
        if display_width(&out) + display_width(&c.to_string()) > width.saturating_sub(2) {
            break;
        }
        out.push(c);
    }
    out + "…"
}

fn render_dossier(out: &mut String, d: &DossierReport, lang: Lang, style: Style) {
    let notice = if d.notice.is_empty() {
        lang.pick("（未确定通知）", "(no notice)").to_owned()
    } else {
        printable(&d.notice).into_owned()
    };
    let _ = writeln!(out, "{} {}", style.bold(&printable(&d.path)), style.dim(&format!("· {notice}")));
    if let Some(dl) = &d.deadline {
        let about = if dl.approximate { lang.pick("（约）", " (approx.)") } else { "" };
        let _ = writeln!(
            out,
            "  {}",
            style.dim(&lang.pick(
                format!(
                    "截止：{}{about}（{}，{}），检查日期 {}",
                    dl.date,
                    printable(&dl.round),
                    crate::notice::timezone_name(&dl.timezone, lang),
                    dl.today
                ),
                format!(
                    "deadline: {}{about} ({}, {}), checked on {}",
                    dl.date,
                    printable(&dl.round),
                    crate::notice::timezone_name(&dl.timezone, lang),
                    dl.today
                ),
            ))
        );
    }

    // Grouped by file, the dossier-wide ones first; past a number of one code, counted.
    let listed = super::listed(&d.diagnostics);
    let mut current: Option<Option<&str>> = None;
    for diag in listed.shown {
        let f = diag.file.as_deref();
        if current != Some(f) {
            current = Some(f);
            let _ = writeln!(out);
            let title = f.map_or_else(|| lang.pick("（整体）", "(dossier)").to_owned(), |f| printable(f).into_owned());
            let _ = writeln!(out, "  {}", style.bold(&title));
        }
        diagnostic_lines(out, diag, lang, style, "    ");
    }
    if !listed.untold.is_empty() {
        let _ = writeln!(out);
    }
    for (code, more) in listed.untold {
        let _ = writeln!(out, "  {}", style.dim(&super::untold_line(code, more, lang)));
    }

    if !d.sections.is_empty() {
        let _ = writeln!(out);
        section_table(out, lang.pick("部分 / 章节", "part / section"), &d.sections, d.unit, lang, style);
    }
    field_tables(out, &d.fields, d.unit, lang, style);

    let (errors, warnings, infos) = (d.count(Severity::Error), d.count(Severity::Warning), d.count(Severity::Info));
    let verdict = if d.passed {
        style.paint("1;32", lang.pick("✔ 通过", "✔ passed"))
    } else {
        style.paint("1;31", lang.pick("✘ 未通过", "✘ failed"))
    };
    let _ = writeln!(
        out,
        "\n  {verdict}  {}",
        lang.pick(
            format!("错误 {errors} 个，警告 {warnings} 个，提示 {infos} 个"),
            format!(
                "{}, {}, {infos} info",
                crate::diag::counted(errors, "error", "errors"),
                crate::diag::counted(warnings, "warning", "warnings")
            )
        )
    );
}

/// A count for a table, marked * when the hint-dependent marks make a range (explained under the table).
fn count_cell(count: u64, low: u64, high: u64) -> String {
    if low == high {
        count.to_string()
    } else {
        format!("{count}*")
    }
}

/// The form fields with a limit, one block a table, laid out as the sections are: a limit that holds
/// shows its margin before it is exceeded.
fn field_tables(out: &mut String, fields: &[FieldReport], unit: crate::count::Unit, lang: Lang, style: Style) {
    let mut tables: Vec<&str> = fields.iter().map(|f| f.table.as_str()).collect();
    tables.dedup();
    for table in tables {
        let rows: Vec<SectionReport> = fields
            .iter()
            .filter(|f| f.table == table)
            .map(|f| SectionReport {
                document: None,
                title: f.label.clone(),
                level: 1,
                part: None,
                count: f.count.with_limit(Some(f.count.limit)),
            })
            .collect();
        let head = lang.pick(format!("《{table}》栏目"), format!("“{table}” field"));
        let _ = writeln!(out);
        section_table(out, &printable(&head), &rows, unit, lang, style);
    }
}

fn section_table(
    out: &mut String,
    head: &str,
    sections: &[SectionReport],
    unit: crate::count::Unit,
    lang: Lang,
    style: Style,
) {
    let title_w = sections
        .iter()
        .map(|s| display_width(&printable(&s.title)) + if s.level > 1 { 2 } else { 0 })
        .max()
        .unwrap_or(0)
        .max(display_width(head));
    let header = format!(
        "  {}  {}  {}  {}",
        pad(head, title_w),
        pad_left(lang.pick("字数", "words"), 7),
        pad_left(lang.pick("限制", "limit"), 6),
        pad_left(lang.pick("余量", "margin"), 7),
    );
    let _ = writeln!(out, "{}", style.bold(&header));
    for s in sections {
        let indent = if s.level > 1 { "  " } else { "" };
        let counted = s.counted(unit);
        let words = count_cell(counted, s.count.words_low, s.count.words_high);
        let (limit, margin) = match s.count.limit {
            Some(l) => {
                let m = l as i64 - counted as i64;
                let text = if m >= 0 { format!("+{m}") } else { m.to_string() };
                let painted =
                    if m < 0 { style.severity(Severity::Error, &pad_left(&text, 7)) } else { pad_left(&text, 7) };
                (l.to_string(), painted)
            }
            None => ("—".to_owned(), pad_left("—", 7)),
        };
        let _ = writeln!(
            out,
            "  {}  {}  {}  {}",
            pad(&format!("{indent}{}", printable(&s.title)), title_w),
            pad_left(&words, 7),
            pad_left(&limit, 6),
            margin
        );
    }
    if sections.iter().any(|s| s.count.words_low != s.count.words_high) {
        let _ = writeln!(
            out,
            "  {}",
            style.dim(lang.pick(
                "* 含引号、破折号等计法不定的符号，Word 的结果可能略有不同",
                "* contains quotes or dashes whose count depends on the font hint; Word may differ slightly",
            ))
        );
    }
}

/// Renders `shenbao count`.
pub fn render_count(report: &CountReport, lang: Lang, style: Style) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", style.bold(&printable(&report.file)));
    let title_w = report
        .sections
        .iter()
        .map(|s| display_width(&printable(&s.title)) + 2 * (s.level.saturating_sub(1) as usize))
        .max()
        .unwrap_or(0)
        .clamp(10, 48);
    let _ = writeln!(
        out,
        "{}",
        style.bold(&format!(
            "  {}  {}  {}  {}  {}",
            pad(lang.pick("章节", "section"), title_w),
            pad_left(lang.pick("字数", "words"), 7),
            pad_left(lang.pick("字符数(不计空格)", "chars"), 16),
            pad_left(lang.pick("汉字", "hanzi"), 7),
            pad_left(lang.pick("限制", "limit"), 6)
        ))
    );
    for s in &report.sections {
        let indent = "  ".repeat(s.level.saturating_sub(1) as usize);
        let mut title = format!("{indent}{}", printable(&s.title));
        if display_width(&title) > title_w {
            title = title
                .chars()
                .scan(0, |w, c| {
                    *w += display_width(&c.to_string());
                    (*w <= title_w.saturating_sub(1)).then_some(c)
                })
                .collect::<String>()
                + "…";
        }
        let words = count_cell(s.count.words, s.count.words_low, s.count.words_high);
        let _ = writeln!(
            out,
            "  {}  {}  {}  {}  {}",
            pad(&title, title_w),
            pad_left(&words, 7),
            pad_left(&s.count.chars_no_spaces.to_string(), 16),
            pad_left(&s.count.hanzi.to_string(), 7),
            pad_left(&s.count.limit.map_or("—".to_owned(), |l| l.to_string()), 6)
        );
    }
    let t = &report.total;
    let total_words = count_cell(t.words, t.words_low, t.words_high);
    let _ = writeln!(
        out,
        "  {}  {}  {}  {}",
        style.bold(&pad(lang.pick("全文", "whole document"), title_w)),
        pad_left(&total_words, 7),
        pad_left(&t.chars_no_spaces.to_string(), 16),
        pad_left(&t.hanzi.to_string(), 7)
    );
    if t.words_low != t.words_high {
        let _ = writeln!(
            out,
            "  {}",
            style.dim(&lang.pick(
                format!("* 引号、破折号等符号的计法不定：全文字数在 {}–{} 之间", t.words_low, t.words_high),
                format!(
                    "* quotes and dashes count by font hint: the whole document is {}–{} words",
                    t.words_low, t.words_high
                ),
            ))
        );
    }
    if let Some(left) = &report.left_out {
        let words = count_cell(left.words, left.words_low, left.words_high);
        let _ = writeln!(
            out,
            "  {}",
            style.dim(&lang.pick(
                format!(
                    "* 本文档设定字数统计不含文本框、脚注和尾注（Word“字数统计”中“包括文本框、脚注和尾注”未勾选），\
                     其中的 {words} 字未计入上表；勾选后 Word 显示的字数会多出这些"
                ),
                format!(
                    "* this document is set to leave text boxes, footnotes and endnotes out of its word count \
                     (Word's “Include textboxes, footnotes and endnotes” is unticked): their {words} words are not \
                     in the table; with the box ticked, Word shows that many more"
                ),
            ))
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tightest_margin_looks_at_limited_fields_too() {
        let tally = |words| crate::count::Tally {
            count: crate::count::WordCount { words, chars_no_spaces: words, hanzi: words },
            ..Default::default()
        };
        let d = DossierReport {
            path: "a".into(),
            notice: "qh-2025-scenes".into(),
            passed: true,
            unit: crate::count::Unit::Word,
            deadline: None,
            sections: vec![SectionReport::new("工作基础".into(), 1, &tally(600), None)],
            fields: vec![
                FieldReport::new("场景基本情况表".into(), "场景概述".into(), &tally(480), 500),
                FieldReport::new("场景基本情况表".into(), "预期成果".into(), &tally(590), 600),
            ],
            facts: Default::default(),
            diagnostics: Vec::new(),
        };
        assert_eq!(tightest(&d), Some(("预期成果", 10)));
        let mut out = String::new();
        field_tables(&mut out, &d.fields, d.unit, Lang::Zh, Style { color: false });
        assert!(out.contains("《场景基本情况表》栏目") && out.contains("场景概述") && out.contains("+20"), "{out}");
    }

    #[test]
    fn widths_count_cjk_double() {
        assert_eq!(display_width("问题描述"), 8);
        assert_eq!(display_width("AI技术"), 6);
        assert_eq!(pad("问题", 6), "问题  ");
    }
}
