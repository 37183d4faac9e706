//! The 申报汇总表 a recommending unit stamps: the notice's columns, one row per dossier in priority order.

use super::config::BatchConfig;
use super::write::{SummaryRow, SummaryTable};
use crate::diag::{Code, Lang, Severity};
use crate::notice::{Notice, SummaryColumn, SummarySource};
use crate::report::{DossierReport, Facts, Report};
use std::collections::BTreeMap;

/// The column added after the notice's own when some rows have errors; it is for the unit, not the notice.
pub fn status_column(lang: Lang) -> &'static str {
    lang.pick("检查结果（报送前删除）", "check result (remove before sending)")
}

/// The notice's columns, or a general table for notices without one.
fn columns(notice: &Notice) -> Vec<SummaryColumn> {
    if let Some(table) = &notice.summary {
        return table.columns.clone();
    }
    let col = |title: &str, source| SummaryColumn { title: title.to_owned(), source };
    let mut cols = vec![col("序号", SummarySource::Index), col(&format!("{}名称", notice.item), SummarySource::Name)];
    cols.push(col("申报单位", SummarySource::Unit));
    if notice.lists.tracks.is_some() {
        cols.push(col("赛道", SummarySource::Track));
        cols.push(col("赛题", SummarySource::Topic));
    } else if notice.lists.fields.is_some() {
        cols.push(col("领域名称", SummarySource::Field));
    }
    cols.push(col("推荐单位", SummarySource::Recommender));
    cols.push(col("优先级", SummarySource::Priority));
    cols.push(col("推荐意见", SummarySource::Recommendation));
    cols
}

fn cell(source: SummarySource, index: usize, f: &Facts) -> String {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    match source {
        SummarySource::Index => index.to_string(),
        SummarySource::Name => text(&f.name),
        SummarySource::Unit => text(&f.unit),
        SummarySource::UnitType => text(&f.unit_type),
        SummarySource::Field => text(&f.field),
        SummarySource::Track => text(&f.track),
        SummarySource::Topic => text(&f.topic),
        SummarySource::Recommender => text(&f.recommender),
        SummarySource::Region => text(&f.region),
        SummarySource::Department => text(&f.department),
        SummarySource::Priority => f.priority.map(|p| p.to_string()).unwrap_or_default(),
        SummarySource::Recommendation => text(&f.recommendation),
        SummarySource::Blank => String::new(),
    }
}

/// “2024年3月5日”, or blanks for the hand-written date beside the stamp.
fn date_text(date: Option<&toml::value::Datetime>) -> String {
    match date.and_then(|d| d.date) {
        Some(d) => format!("{}年{}月{}日", d.year, d.month, d.day),
        None => "    年    月    日".to_owned(),
    }
}

fn footer(notice: &Notice, config: Option<&BatchConfig>) -> Vec<String> {
    let lines = match &notice.summary {
        Some(t) => t.footer.clone(),
        None => vec!["联系人及联系方式：{联系人}".into(), "推荐单位：{推荐单位}（盖章）".into(), "{日期}".into()],
    };
    let contact = config.and_then(|c| c.contact.clone()).unwrap_or_default();
    let unit = config.and_then(|c| c.recommender.clone()).unwrap_or_default();
    let date = date_text(config.and_then(|c| c.date.as_ref()));
    lines
        .iter()
        .map(|l| l.replace("{联系人}", &contact).replace("{推荐单位}", &unit).replace("{日期}", &date))
        .collect()
}

/// Warnings that concern what the row shows (its name, unit, field, a cell left blank, a file shared with
/// another dossier): the row is marked so that the unit looks before stamping, though it still passes.
fn marks_row(code: Code) -> bool {
    matches!(code, Code::FactsDisagree | Code::NameFieldDisagree | Code::SameFile | Code::SummaryBlank)
}

/// Why a row is marked: its own errors and the batch errors that name it (the row fails), else the
/// warnings of [`marks_row`]'s kinds (the row is to be looked at). `true` when it fails.
fn problems(d: &DossierReport, report: &Report, lang: Lang) -> Option<(String, bool)> {
    let own = d.count(Severity::Error);
    let mut batch_codes: Vec<&str> =
        report.batch.iter().flat_map(|b| b.row_errors(&d.path)).map(|x| x.code.info().code).collect();
    batch_codes.dedup();
    if own == 0 && batch_codes.is_empty() {
        let mut codes: Vec<&str> = d
            .diagnostics
            .iter()
            .filter(|x| x.severity == Severity::Warning)
            .map(|x| x.code)
            .chain(
                report
                    .batch
                    .iter()
                    .flat_map(|b| &b.diagnostics)
                    .filter(|x| x.severity == Severity::Warning && x.dossiers.iter().any(|p| p == &d.path))
                    .map(|x| x.code),
            )
            .filter(|c| marks_row(*c))
            .map(|c| c.info().code)
            .collect();
        codes.sort_unstable();
        codes.dedup();
        if codes.is_empty() {
            return None;
        }
        let joined = codes.join(lang.pick("、", ", "));
        return Some((lang.pick(format!("请核对：{joined}"), format!("to check: {joined}")), false));
    }
    let mut parts = Vec::new();
    if own > 0 {
        parts.push(lang.pick(format!("{own} 个错误"), crate::diag::counted(own, "error", "errors")));
    }
    if !batch_codes.is_empty() {
        parts
            .push(lang.pick(format!("批量：{}", batch_codes.join("、")), format!("batch: {}", batch_codes.join(", "))));
    }
    Some((lang.pick(format!("未通过：{}", parts.join("；")), format!("failed: {}", parts.join("; "))), true))
}

/// What [`build`] made: the table and how many rows were marked (failing, or to be checked for a warning)
/// or left out.
pub struct Built {
    pub table: SummaryTable,
    /// Rows marked for errors.
    pub marked: usize,
    /// Rows marked for a warning on what they show (they pass).
    pub to_check: usize,
    pub left_out: usize,
}

/// Builds the 汇总表 for the dossiers of `notice` in `report`, in priority order (unranked last).
pub fn build(report: &Report, notice: &Notice, config: Option<&BatchConfig>, only_passed: bool, lang: Lang) -> Built {
    let cols = columns(notice);
    // A dossier whose notice could not be determined is in the batch too: it is listed, marked.
    let mut dossiers: Vec<(usize, &DossierReport)> =
        report.dossiers.iter().enumerate().filter(|(_, d)| d.notice == notice.id || d.notice.is_empty()).collect();
    dossiers.sort_by_key(|(i, d)| (d.facts.priority.unwrap_or(u32::MAX), *i));
    let mut rows = Vec::new();
    // Each marked row's note, and whether it fails (filled in red) or is only to be checked.
    let mut notes: BTreeMap<usize, (String, bool)> = BTreeMap::new();
    let mut left_out = 0;
    let mut to_check = 0;
    for (_, d) in dossiers {
        let problem = problems(d, report, lang);
        if only_passed && problem.as_ref().is_some_and(|(_, fails)| *fails) {
            left_out += 1;
            continue;
        }
        let index = rows.len() + 1;
        let cells: Vec<String> = cols.iter().map(|c| cell(c.source, index, &d.facts)).collect();
        if let Some((p, fails)) = problem {
            to_check += usize::from(!fails);
            notes.insert(rows.len(), (p, fails));
        }
        rows.push(SummaryRow { cells, marked: false });
    }
    let mut columns: Vec<String> = cols.into_iter().map(|c| c.title).collect();
    if !notes.is_empty() {
        columns.push(status_column(lang).to_owned());
        for (i, row) in rows.iter_mut().enumerate() {
            let note = notes.get(&i);
            row.marked = note.is_some_and(|(_, fails)| *fails);
            row.cells.push(note.map(|(p, _)| p.clone()).unwrap_or_default());
        }
    }
    let title = match &notice.summary {
        Some(t) => t.title.clone(),
        None => format!("{}申报汇总表（{}）", notice.item, notice.title),
    };
    let marked = notes.len() - to_check;
    let table = SummaryTable { title, columns, rows, footer: footer(notice, config) };
    Built { table, marked, to_check, left_out }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_the_chinese_way_or_left_blank() {
        let d: toml::value::Datetime = "2024-03-05".parse().expect("date");
        assert_eq!(date_text(Some(&d)), "2024年3月5日");
        assert!(date_text(None).contains("年    月    日"));
    }
}
