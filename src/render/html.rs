//! The HTML view: one self-contained page a bureau opens in the browser (styles and script inline,
//! nothing fetched). The batch findings first, then a table of every dossier that sorts and filters
//! (result, 申报单位, 领域/赛道), then each dossier's findings grouped by file and its sections as bars
//! against their limits; an A4 print layout; a footer naming the version, the notices, the check day
//! and the SHA-256 of the JSON report of the same run.
//!
//! Every text taken from a dossier (names, paths, messages quoting the 申报书) goes through [`esc`].

use crate::count::Unit;
use crate::diag::{printable, Diagnostic, Lang, Severity};
use crate::report::{BatchReport, DossierReport, Report, SectionReport};
use std::fmt::Write;

const STYLE: &str = include_str!("html/report.css");
const SCRIPT: &str = include_str!("html/report.js");

/// What the footer says about the run besides the report itself.
#[derive(Debug, Clone)]
pub struct Footer {
    /// The day deadlines were checked as of (YYYY-MM-DD).
    pub today: String,
    /// SHA-256 (hex) of the exact bytes `--format json` prints for the same run.
    pub json_sha256: String,
}

/// `text` safe inside HTML text and attribute values: markup characters as entities, and control
/// characters and bidirectional overrides written as escapes as in the terminal.
pub fn esc(text: &str) -> String {
    let text = printable(text);
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A dossier's result in the table: passed, passed but named by a batch error, failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Passed,
    BatchError,
    Failed,
}

impl Outcome {
    fn of(d: &DossierReport, batch: Option<&BatchReport>) -> Self {
        let named = batch.is_some_and(|b| b.row_errors(&d.path).next().is_some());
        match (d.passed, named) {
            (true, false) => Outcome::Passed,
            (true, true) => Outcome::BatchError,
            (false, _) => Outcome::Failed,
        }
    }

    /// The value of `data-result` and of the filter's option.
    fn key(self) -> &'static str {
        match self {
            Outcome::Passed => "passed",
            Outcome::BatchError => "batch",
            Outcome::Failed => "failed",
        }
    }

    fn label(self, lang: Lang) -> &'static str {
        match self {
            Outcome::Passed => lang.pick("通过", "passed"),
            Outcome::BatchError => lang.pick("批量有误", "batch error"),
            Outcome::Failed => lang.pick("未通过", "failed"),
        }
    }

    fn badge(self, lang: Lang) -> String {
        let class = match self {
            Outcome::Passed => "r-passed",
            Outcome::BatchError => "r-batch",
            Outcome::Failed => "r-failed",
        };
        format!("<span class=\"badge {class}\">{}</span>", self.label(lang))
    }
}

/// The whole page.
pub fn render(report: &Report, lang: Lang, footer: &Footer) -> String {
    let mut out = String::with_capacity(4096 + report.dossiers.len() * 4096);
    let title = lang.pick("申报材料检查报告", "Dossier check report");
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"shenbao {}\">\n<title>{title}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n",
        lang.pick("zh-CN", "en"),
        esc(report.version),
    );
    header(&mut out, report, lang, title);
    out.push_str("<main>\n");
    if let Some(b) = &report.batch {
        batch_section(&mut out, b, lang);
    }
    table_section(&mut out, report, lang);
    details_section(&mut out, report, lang);
    out.push_str("</main>\n");
    footer_section(&mut out, report, lang, footer);
    let _ = write!(out, "<script>\n{SCRIPT}</script>\n</body>\n</html>\n");
    out
}

fn header(out: &mut String, report: &Report, lang: Lang, title: &str) {
    let s = &report.summary;
    let held = report.passed_with_batch_errors();
    let (passed, failed) = (s.passed - held, s.dossiers - s.passed);
    let line = lang.pick(
        format!(
            "共 {} 份材料：{passed} 份通过，{held} 份批量有误，{failed} 份未通过；错误 {} 个，警告 {} 个",
            s.dossiers, s.errors, s.warnings
        ),
        format!(
            "{} dossiers: {passed} passed, {held} with batch errors, {failed} failed; {} errors, {} warnings",
            s.dossiers, s.errors, s.warnings
        ),
    );
    let verdict = if report.passed() { Outcome::Passed.badge(lang) } else { Outcome::Failed.badge(lang) };
    let _ = writeln!(out, "<header>\n<h1>{title}</h1>\n<p class=\"summary\" id=\"summary\">{verdict} {line}</p>");
    if !report.skipped.is_empty() {
        let list: Vec<String> = report.skipped.iter().map(|k| format!("{} × {}", k.code, k.count)).collect();
        let _ = writeln!(
            out,
            "<p class=\"note\">{}</p>",
            lang.pick(
                format!("shenbao.toml 关闭的检查（未报告）：{}", list.join("，")),
                format!("checks switched off in shenbao.toml (not reported): {}", list.join(", ")),
            )
        );
    }
    out.push_str("</header>\n");
}

/// The findings across the batch: quotas, duplicates, priorities.
fn batch_section(out: &mut String, b: &BatchReport, lang: Lang) {
    let _ = writeln!(
        out,
        "<section id=\"batch\">\n<h2>{}</h2>",
        lang.pick("批量核对（名额、重复、排序）", "Across the batch (quotas, duplicates, ranking)")
    );
    if let Some(r) = &b.recommender {
        let _ = writeln!(out, "<p>{}{}</p>", lang.pick("推荐单位：", "Recommending unit: "), esc(r));
    }
    for root in &b.roots {
        let line = lang.pick(
            format!("按批量目录检查 {}：{}", esc(&root.path), esc(&root.sign.describe(lang))),
            format!("{} checked as a batch: {}", esc(&root.path), esc(&root.sign.describe(lang))),
        );
        let _ = writeln!(out, "<p class=\"note\">{line}</p>");
    }
    for folder in &b.empty {
        let line = lang.pick(
            format!("{}：文件夹为空，未计入", esc(folder)),
            format!("{}: empty folder, not counted", esc(folder)),
        );
        let _ = writeln!(out, "<p class=\"note\">{line}</p>");
    }
    if b.diagnostics.is_empty() {
        let _ = writeln!(out, "<p>{}</p>", lang.pick("✔ 未发现问题", "✔ nothing found"));
    } else {
        out.push_str("<ul class=\"findings\">\n");
        for d in &b.diagnostics {
            finding(out, d, lang, true);
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}

/// One finding as a list item: severity, code, message, where, help.
fn finding(out: &mut String, d: &Diagnostic, lang: Lang, with_dossiers: bool) {
    let class = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    };
    let _ = write!(
        out,
        "<li class=\"{class}\"><span class=\"sev\">{}</span><code>{}</code> {}",
        d.severity.label(lang),
        d.code,
        esc(&d.text(lang))
    );
    if let Some(section) = d.section_text(lang) {
        let _ = write!(out, " <span class=\"where\">[{}]</span>", esc(&section));
    }
    if with_dossiers && !d.dossiers.is_empty() {
        let list: Vec<String> = d.dossiers.iter().map(|p| esc(p)).collect();
        let _ = write!(
            out,
            "<div class=\"where\">{}{}</div>",
            lang.pick("涉及：", "dossiers: "),
            list.join(lang.pick("、", ", "))
        );
    }
    if let Some(help) = d.help_text(lang) {
        let _ = write!(out, "<div class=\"help\">{}{}</div>", lang.pick("建议：", "fix: "), esc(&help));
    }
    if let Some(why) = &d.waiver {
        let _ = write!(out, "<div class=\"help\">{}{}</div>", lang.pick("豁免：", "waived: "), esc(why));
    }
    out.push_str("</li>\n");
}

/// The 领域/赛道 a row is filtered by: the track, else the field.
fn field_of(d: &DossierReport) -> &str {
    d.facts.track.as_deref().or(d.facts.field.as_deref()).unwrap_or_default()
}

/// The options of one filter: every distinct value, sorted, after “all”.
fn options<'a>(values: impl Iterator<Item = &'a str>, lang: Lang) -> String {
    let set: std::collections::BTreeSet<&str> = values.filter(|v| !v.is_empty()).collect();
    let mut html = format!("<option value=\"\">{}</option>", lang.pick("全部", "all"));
    for v in set {
        let v = esc(v);
        let _ = write!(html, "<option value=\"{v}\">{v}</option>");
    }
    html
}

/// The table of every dossier, by priority (unranked last), with its filters.
fn table_section(out: &mut String, report: &Report, lang: Lang) {
    let b = report.batch.as_ref();
    let mut rows: Vec<(usize, &DossierReport)> = report.dossiers.iter().enumerate().collect();
    rows.sort_by_key(|(i, d)| (d.facts.priority.unwrap_or(u32::MAX), *i));
    let results: String = [Outcome::Passed, Outcome::BatchError, Outcome::Failed]
        .iter()
        .map(|o| format!("<option value=\"{}\">{}</option>", o.key(), o.label(lang)))
        .collect();
    let _ = writeln!(
        out,
        "<section id=\"dossiers\">\n<h2>{}</h2>\n<div class=\"filters\">\
         <label>{} <select id=\"f-result\"><option value=\"\">{}</option>{results}</select></label>\
         <label>{} <select id=\"f-unit\">{}</select></label>\
         <label>{} <select id=\"f-field\">{}</select></label>\
         <label>{} <input id=\"f-text\" type=\"search\"></label>\
         <span>{}</span></div>",
        lang.pick("材料一览", "Dossiers"),
        lang.pick("结果", "Result"),
        lang.pick("全部", "all"),
        lang.pick("申报单位", "Applicant"),
        options(report.dossiers.iter().map(|d| d.facts.unit.as_deref().unwrap_or_default()), lang),
        lang.pick("领域/赛道", "Field/track"),
        options(report.dossiers.iter().map(field_of), lang),
        lang.pick("查找", "Search"),
        lang.pick(
            format!("显示 <b id=\"shown-count\">{0}</b> / {0} 份", rows.len()),
            format!("showing <b id=\"shown-count\">{0}</b> of {0}", rows.len())
        ),
    );
    let heads = [
        (lang.pick("优先级", "Rank"), "num"),
        (lang.pick("名称", "Name"), "text"),
        (lang.pick("申报单位", "Applicant"), "text"),
        (lang.pick("领域/赛道", "Field/track"), "text"),
        (lang.pick("结果", "Result"), "text"),
        (lang.pick("错误", "Errors"), "num"),
        (lang.pick("警告", "Warnings"), "num"),
        (lang.pick("最紧余量", "Tightest margin"), "num"),
        (lang.pick("文件夹", "Folder"), "text"),
    ];
    out.push_str("<table id=\"dossier-table\">\n<thead><tr>");
    for (head, kind) in heads {
        let _ = write!(out, "<th data-sort=\"{kind}\">{head}</th>");
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for (i, d) in rows {
        table_row(out, i, d, Outcome::of(d, b), lang);
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

fn table_row(out: &mut String, i: usize, d: &DossierReport, outcome: Outcome, lang: Lang) {
    let unit = esc(d.facts.unit.as_deref().unwrap_or_default());
    let field = esc(field_of(d));
    let name = esc(d.facts.name.as_deref().unwrap_or(&d.path));
    let (rank, rank_v) = match d.facts.priority {
        Some(p) => (p.to_string(), p.to_string()),
        None => ("-".to_owned(), String::new()),
    };
    let (margin, margin_v, margin_class) = match tightest(d) {
        Some((s, m)) => {
            let class = match Margin::of(s, d.unit) {
                Margin::Over => " m-over",
                Margin::Ambiguous => " m-amb",
                _ => "",
            };
            (format!("{m:+} {}", esc(&s.title)), m.to_string(), class)
        }
        None => (String::new(), String::new(), ""),
    };
    let _ = writeln!(
        out,
        "<tr data-result=\"{}\" data-unit=\"{unit}\" data-field=\"{field}\">\
         <td class=\"n\" data-v=\"{rank_v}\">{rank}</td><td><a href=\"#d-{i}\">{name}</a></td><td>{unit}</td>\
         <td>{field}</td><td data-v=\"{}\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
         <td class=\"n{margin_class}\" data-v=\"{margin_v}\">{margin}</td><td>{}</td></tr>",
        outcome.key(),
        outcome.label(lang),
        outcome.badge(lang),
        d.count(Severity::Error),
        d.count(Severity::Warning),
        esc(&d.path),
    );
}

/// The section with the least room: limit − count, over the sections with a limit.
fn tightest(d: &DossierReport) -> Option<(&SectionReport, i64)> {
    d.sections
        .iter()
        .filter_map(|s| s.count.limit.map(|l| (s, l as i64 - s.counted(d.unit) as i64)))
        .min_by_key(|(_, margin)| *margin)
}

/// How a section stands against its limit, using the range the hint-dependent marks (“ ” — …) allow
/// (`words_low`…`words_high` in the JSON) when the limit is in 字数.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Margin {
    /// No limit.
    None,
    Ok,
    /// Within 10% of the limit.
    Near,
    /// Over or under the limit depending on how the marks are read.
    Ambiguous,
    Over,
}

impl Margin {
    fn of(s: &SectionReport, unit: Unit) -> Self {
        let Some(limit) = s.count.limit else { return Margin::None };
        let counted = s.counted(unit);
        let (low, high) = if unit == Unit::Word { (s.count.words_low, s.count.words_high) } else { (counted, counted) };
        let (low, high) = (low.min(counted), high.max(counted));
        if low > limit {
            Margin::Over
        } else if high > limit {
            Margin::Ambiguous
        } else if counted * 10 >= limit * 9 {
            Margin::Near
        } else {
            Margin::Ok
        }
    }

    fn class(self) -> &'static str {
        match self {
            Margin::None => "s-none",
            Margin::Ok => "s-ok",
            Margin::Near => "s-near",
            Margin::Ambiguous => "s-amb",
            Margin::Over => "s-over",
        }
    }
}

fn unit_name(unit: Unit, lang: Lang) -> &'static str {
    match unit {
        Unit::Word => lang.pick("字", "words"),
        Unit::CharsNoSpaces => lang.pick("字符", "characters"),
        Unit::Hanzi => lang.pick("汉字", "Han characters"),
    }
}

/// Each dossier, closed, opening to its findings and its sections.
fn details_section(out: &mut String, report: &Report, lang: Lang) {
    let _ = writeln!(out, "<section id=\"details\">\n<h2>{}</h2>", lang.pick("各份材料", "Each dossier"));
    let b = report.batch.as_ref();
    let single = report.dossiers.len() == 1;
    for (i, d) in report.dossiers.iter().enumerate() {
        dossier_details(out, i, d, Outcome::of(d, b), lang, single);
    }
    out.push_str("</section>\n");
}

fn dossier_details(out: &mut String, i: usize, d: &DossierReport, outcome: Outcome, lang: Lang, open: bool) {
    let name = esc(d.facts.name.as_deref().unwrap_or(&d.path));
    let _ = writeln!(
        out,
        "<details class=\"dossier\" id=\"d-{i}\"{}><summary>{} {name}<span class=\"path\">{} · {}</span></summary>",
        if open { " open" } else { "" },
        outcome.badge(lang),
        esc(&d.path),
        if d.notice.is_empty() { lang.pick("（未确定通知）", "(no notice)").to_owned() } else { esc(&d.notice) },
    );
    if let Some(dl) = &d.deadline {
        let about = if dl.approximate { lang.pick("（约）", " (approx.)") } else { "" };
        let _ = writeln!(
            out,
            "<p class=\"note\">{}</p>",
            lang.pick(
                format!(
                    "截止：{}{about}（{}），检查日期 {}，剩 {} 天",
                    dl.date,
                    esc(&dl.round),
                    dl.today,
                    dl.days_left
                ),
                format!(
                    "deadline: {}{about} ({}), checked on {}, {} days left",
                    dl.date,
                    esc(&dl.round),
                    dl.today,
                    dl.days_left
                ),
            )
        );
    }
    findings_by_file(out, d, lang);
    if !d.sections.is_empty() {
        section_bars(out, &d.sections, d.unit, lang);
    }
    out.push_str("</details>\n");
}

/// The findings grouped by file, the dossier-wide ones first; past a number of one code, counted.
fn findings_by_file(out: &mut String, d: &DossierReport, lang: Lang) {
    let _ = writeln!(out, "<h3>{}</h3>", lang.pick("检查结果", "Findings"));
    if d.diagnostics.is_empty() {
        let _ = writeln!(out, "<p>{}</p>", lang.pick("✔ 未发现问题", "✔ nothing found"));
        return;
    }
    let listed = super::listed(&d.diagnostics);
    let mut current: Option<Option<&str>> = None;
    for diag in listed.shown {
        let f = diag.file.as_deref();
        if current != Some(f) {
            if current.is_some() {
                out.push_str("</ul>\n");
            }
            current = Some(f);
            let title = f.map_or_else(|| lang.pick("（整体）", "(dossier)").to_owned(), esc);
            let _ = writeln!(out, "<h4>{title}</h4>\n<ul class=\"findings\">");
        }
        finding(out, diag, lang, false);
    }
    out.push_str("</ul>\n");
    for (code, more) in listed.untold {
        let _ = writeln!(out, "<p class=\"note\">{}</p>", esc(&super::untold_line(code, more, lang)));
    }
}

/// Every section as a bar against its limit, coloured by its margin.
fn section_bars(out: &mut String, sections: &[SectionReport], unit: Unit, lang: Lang) {
    let _ = writeln!(
        out,
        "<h3>{}</h3>\n<p class=\"legend\">{}</p>\n<div class=\"bars\">",
        lang.pick("章节字数", "Sections"),
        lang.pick(
            "<i style=\"background:var(--ok)\"></i>未超 <i style=\"background:var(--near)\"></i>接近限制（≥ 90%） \
             <i style=\"background:var(--amb)\"></i>是否超出取决于引号、破折号等按中文还是西文计 <i style=\"background:var(--over)\"></i>超出",
            "<i style=\"background:var(--ok)\"></i>within <i style=\"background:var(--near)\"></i>near the limit (≥ 90%) \
             <i style=\"background:var(--amb)\"></i>over or not depending on how quotes and dashes are read <i style=\"background:var(--over)\"></i>over",
        ),
    );
    for s in sections {
        let margin = Margin::of(s, unit);
        let counted = s.counted(unit);
        let range = if unit == Unit::Word && s.count.words_low != s.count.words_high {
            lang.pick(
                format!("（{}–{}，视字体而定）", s.count.words_low, s.count.words_high),
                format!(" ({}–{} depending on fonts)", s.count.words_low, s.count.words_high),
            )
        } else {
            String::new()
        };
        let (width, figures) = match s.count.limit {
            Some(l) => {
                let pct = if l == 0 { 100.0 } else { (counted as f64 / l as f64 * 100.0).min(100.0) };
                let m = l as i64 - counted as i64;
                let unit = unit_name(unit, lang);
                (
                    pct,
                    lang.pick(
                        format!("{counted}{range} / {l} {unit}（{m:+}）"),
                        format!("{counted}{range} / {l} {unit} ({m:+})"),
                    ),
                )
            }
            None => (0.0, format!("{counted}{range} {}", unit_name(unit, lang))),
        };
        let _ = writeln!(
            out,
            "<div class=\"t l{}\">{}</div><div class=\"{}\"><div class=\"bar\"><span style=\"width:{width:.1}%\"></span></div></div>\
             <div class=\"num {}\">{figures}</div>",
            s.level.min(2),
            esc(&s.title),
            margin.class(),
            margin.class(),
        );
    }
    out.push_str("</div>\n");
}

fn footer_section(out: &mut String, report: &Report, lang: Lang, footer: &Footer) {
    let mut notices: Vec<&str> = Vec::new();
    for d in &report.dossiers {
        if !d.notice.is_empty() && !notices.contains(&d.notice.as_str()) {
            notices.push(&d.notice);
        }
    }
    let notices: Vec<String> = notices.iter().map(|n| esc(n)).collect();
    let notices = if notices.is_empty() { "—".to_owned() } else { notices.join(lang.pick("、", ", ")) };
    let _ = writeln!(
        out,
        "<footer>\n<p>shenbao {} · {}{notices} · {}{}</p>\n<p>{}<code id=\"json-sha256\">{}</code><br>{}</p>\n</footer>",
        esc(report.version),
        lang.pick("通知：", "notice: "),
        lang.pick("检查日期：", "checked on: "),
        esc(&footer.today),
        lang.pick("JSON 报告 SHA-256：", "SHA-256 of the JSON report: "),
        esc(&footer.json_sha256),
        lang.pick(
            "即同一次运行以 --format json（同一语言）输出的 JSON 的确切字节的 SHA-256，可据此核对本页与 JSON 报告出自同一次检查。",
            "the SHA-256 of the exact bytes --format json (same language) prints for the same run: it ties this page to that JSON report.",
        ),
    );
}
