//! The GitHub Actions view: one workflow command per finding (`::error`, `::warning`, `::notice`),
//! which the runner turns into annotations, and a Markdown summary for `$GITHUB_STEP_SUMMARY`.
//!
//! The runner shows only a few annotations per step; the summary lists every dossier and every error.

use super::sarif::{batch_paths, joined};
use crate::diag::{printable, Diagnostic, Lang, Severity};
use crate::report::Report;
use std::fmt::Write as _;

/// One workflow command line per diagnostic, dossiers in order, then the batch findings.
pub fn render(report: &Report, lang: Lang) -> String {
    let mut out = String::new();
    for dossier in &report.dossiers {
        for d in &dossier.diagnostics {
            command(&mut out, d, &joined(&dossier.path, d.file.as_deref()), None, lang);
        }
    }
    for d in &report.config {
        // shenbao.toml sits at the repository root, where paths of annotations start.
        command(&mut out, d, d.file.as_deref().unwrap_or(crate::config::CONFIG_FILE), None, lang);
    }
    if let Some(batch) = &report.batch {
        for d in &batch.diagnostics {
            // An annotation has one file: the first dossier involved; the message names them all (most
            // batch messages already do, the others get a line listing them).
            let file = batch_paths(report, d).into_iter().next().unwrap_or_else(|| ".".to_owned());
            let involved = unnamed(d).then(|| d.dossiers.join(lang.pick("、", ", ")));
            command(&mut out, d, &file, involved.as_deref(), lang);
        }
    }
    out
}

/// Whether a batch finding's message leaves out some of its dossiers (most rules name them all already).
fn unnamed(d: &Diagnostic) -> bool {
    d.dossiers.iter().any(|p| !d.message.contains(p.as_str()))
}

fn command(out: &mut String, d: &Diagnostic, file: &str, involved: Option<&str>, lang: Lang) {
    let kind = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let title = format!("{} {}", d.code, d.code.info().title(lang));
    let mut message = d.text(lang).into_owned();
    if let Some(involved) = involved {
        message.push('\n');
        message.push_str(lang.pick("涉及：", "dossiers: "));
        message.push_str(involved);
    }
    if let Some(help) = d.help_text(lang) {
        message.push('\n');
        message.push_str(&help);
    }
    // Escape sequences in a name would reach the log viewer as they are.
    let (file, message) = (printable(file), printable(&message).replace("\\x0A", "\n"));
    let line = d.line.map(|l| format!(",line={l}")).unwrap_or_default();
    let _ = writeln!(out, "::{kind} file={}{line},title={}::{}", property(&file), property(&title), data(&message));
}

/// Escapes the message of a workflow command (GitHub's `escapeData`).
pub fn data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a property value of a workflow command (GitHub's `escapeProperty`).
pub fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

/// A Markdown table cell: one line, `|` escaped.
fn cell(s: &str) -> String {
    s.replace('\r', "").replace('\n', " ").replace('|', "\\|")
}

/// One line of a Markdown list item.
fn line(s: &str) -> String {
    s.replace('\r', "").replace('\n', " ")
}

/// The step summary: a table of the dossiers, the errors of those that failed, then the batch findings.
pub fn step_summary(report: &Report, lang: Lang) -> String {
    let mut out = String::from("## shenbao\n\n");
    let head =
        lang.pick(["材料", "通知", "结果", "错误", "警告"], ["Dossier", "Notice", "Result", "Errors", "Warnings"]);
    let _ = writeln!(out, "| {} |", head.join(" | "));
    out.push_str("| --- | --- | --- | ---: | ---: |\n");
    for d in &report.dossiers {
        // A dossier that passes on its own but that a batch error names (over a quota, a duplicate) is counted as
        // 批量有误 in the line below the table: not ready to forward, so not ✅.
        let held = report.batch.as_ref().is_some_and(|b| b.row_errors(&d.path).next().is_some());
        let result = match (d.passed, held) {
            (true, false) => lang.pick("✅ 通过", "✅ passed"),
            (true, true) => lang.pick("⚠️ 批量有误", "⚠️ batch errors"),
            (false, _) => lang.pick("❌ 未通过", "❌ failed"),
        };
        let notice = if d.notice.is_empty() { "—" } else { d.notice.as_str() };
        let _ = writeln!(
            out,
            "| {} | {} | {result} | {} | {} |",
            cell(&d.path),
            cell(notice),
            d.count(Severity::Error),
            d.count(Severity::Warning)
        );
    }
    let s = &report.summary;
    let held = report.passed_with_batch_errors();
    let passed = s.passed - held;
    let held_zh = if held > 0 { format!("，{held} 份批量有误") } else { String::new() };
    let held_en = if held > 0 { format!(", {held} with batch errors") } else { String::new() };
    out.push('\n');
    let _ = writeln!(
        out,
        "{}",
        lang.pick(
            format!("共 {} 份材料，{passed} 份通过{held_zh}；{} 个错误，{} 个警告。", s.dossiers, s.errors, s.warnings),
            format!("{} dossiers, {passed} passed{held_en}; {} errors, {} warnings.", s.dossiers, s.errors, s.warnings),
        )
    );

    let failing: Vec<_> = report.dossiers.iter().filter(|d| !d.passed).collect();
    if !failing.is_empty() {
        let _ = writeln!(out, "\n### {}\n", lang.pick("未通过的材料", "Failing dossiers"));
        for d in failing {
            let _ = writeln!(out, "- **{}**", line(&d.path));
            for diag in d.diagnostics.iter().filter(|x| x.severity == Severity::Error) {
                let _ = writeln!(out, "  - `{}` {}", diag.code, line(&diag.text(lang)));
            }
        }
    }

    if !report.config.is_empty() {
        let _ = writeln!(out, "\n### {}\n", crate::config::CONFIG_FILE);
        for d in &report.config {
            let at = d.line.map(|l| format!(":{l}")).unwrap_or_default();
            let _ = writeln!(out, "- ⚠️ `{}` {}{at}: {}", d.code, crate::config::CONFIG_FILE, line(&d.text(lang)));
        }
    }
    if let Some(batch) = report.batch.as_ref().filter(|b| !b.diagnostics.is_empty()) {
        let _ = writeln!(out, "\n### {}\n", lang.pick("批量检查", "Batch"));
        for d in &batch.diagnostics {
            let icon = match d.severity {
                Severity::Error => "❌",
                Severity::Warning => "⚠️",
                Severity::Info => "ℹ️",
            };
            let _ = write!(out, "- {icon} `{}` {}", d.code, line(&d.text(lang)));
            if unnamed(d) {
                let list = line(&d.dossiers.join(lang.pick("、", ", ")));
                out.push_str(&lang.pick(format!("（{list}）"), format!(" ({list})")));
            }
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_the_actions_toolkit() {
        assert_eq!(data("50% a:b,c\r\nd"), "50%25 a:b,c%0D%0Ad");
        assert_eq!(property("50% a:b,c\r\nd"), "50%25 a%3Ab%2Cc%0D%0Ad");
        assert_eq!(cell("a|b\nc"), "a\\|b c");
    }
}
