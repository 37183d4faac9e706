//! The result of a run, as the JSON contract describes it (README "JSON output", `"schema": 1`).
//!
//! Fields are only ever added, never renamed or removed, within one schema version.

use crate::count::{Tally, Unit, WordCount};
use crate::diag::{Diagnostic, Severity};
use serde::Serialize;

/// Version of the `check` JSON contract.
pub const SCHEMA: u32 = 1;

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub schema: u32,
    pub tool: &'static str,
    pub version: &'static str,
    pub dossiers: Vec<DossierReport>,
    /// Cross-dossier findings, when several dossiers were checked together.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub batch: Option<BatchReport>,
    /// Findings about the repository's shenbao.toml itself (an expired waiver, SB008), each once per run,
    /// located at the file and its line rather than at a dossier.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub config: Vec<Diagnostic>,
    /// Codes switched off in shenbao.toml, with how many findings each would have made.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<Skipped>,
    pub summary: Summary,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Skipped {
    pub code: crate::diag::Code,
    pub count: usize,
}

impl Report {
    /// Dossiers that pass on their own but that an error across the batch names (over a quota, a
    /// duplicate, a tied rank): counted among `summary.passed`, yet not ready to forward as they are.
    pub fn passed_with_batch_errors(&self) -> usize {
        self.summary.passed_with_batch_errors.unwrap_or(0)
    }

    pub fn new(dossiers: Vec<DossierReport>) -> Self {
        let summary = Summary::of(&dossiers, None);
        Self {
            schema: SCHEMA,
            tool: "shenbao",
            version: env!("CARGO_PKG_VERSION"),
            dossiers,
            batch: None,
            config: Vec::new(),
            skipped: Vec::new(),
            summary,
        }
    }

    /// A batch run: the dossiers in their order plus the cross-dossier findings.
    pub fn batch(dossiers: Vec<DossierReport>, batch: BatchReport) -> Self {
        let summary = Summary::of(&dossiers, Some(&batch));
        Self {
            schema: SCHEMA,
            tool: "shenbao",
            version: env!("CARGO_PKG_VERSION"),
            dossiers,
            batch: Some(batch),
            config: Vec::new(),
            skipped: Vec::new(),
            summary,
        }
    }

    /// Leaves out the findings about shenbao.toml (and their count in the summary): every shard of a CI run
    /// reads the same file, and only the first reports them, so they show once.
    pub fn without_config(&mut self) {
        for d in std::mem::take(&mut self.config) {
            match d.severity {
                Severity::Error => self.summary.errors -= 1,
                Severity::Warning => self.summary.warnings -= 1,
                Severity::Info => {}
            }
        }
    }

    /// Whether the run passes: every dossier passed and the batch has no error.
    pub fn passed(&self) -> bool {
        self.summary.passed == self.summary.dossiers
            && self.batch.as_ref().is_none_or(|b| b.count(Severity::Error) == 0)
            && self.config.iter().all(|d| d.severity != Severity::Error)
    }
}

/// Why a folder was taken as a batch root.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum RootSign {
    /// It holds a batch.toml.
    BatchToml,
    /// A subfolder holds a dossier.toml.
    DossierToml,
    /// It holds no Word file while two or more subfolders each hold one: a heuristic, said as such.
    WordFiles { folders: usize },
    /// `--batch`.
    Asked,
}

impl RootSign {
    /// How the root was recognised, for the line the human view prints.
    pub fn describe(self, lang: crate::diag::Lang) -> String {
        match self {
            RootSign::BatchToml => lang.pick("含 batch.toml".to_owned(), "it holds a batch.toml".to_owned()),
            RootSign::DossierToml => lang.pick(
                "其子文件夹含 dossier.toml".to_owned(),
                "a subfolder holds a dossier.toml".to_owned(),
            ),
            RootSign::WordFiles { folders } => lang.pick(
                format!("本身没有 Word 文件，{folders} 个子文件夹各有 Word 文件（按文件夹推断；若这是一份材料，加 --single）"),
                format!("it holds no Word file and {folders} subfolders each hold one (inferred; add --single if it is one dossier)"),
            ),
            RootSign::Asked => lang.pick("按 --batch".to_owned(), "as --batch asks".to_owned()),
        }
    }
}

/// A folder given on the command line that was taken as a batch root, and why.
#[derive(Debug, Clone, Serialize)]
pub struct BatchRoot {
    pub path: String,
    #[serde(rename = "recognised_by")]
    pub sign: RootSign,
}

/// The cross-dossier side of a batch run (quotas, duplicates, priority ranking).
#[derive(Debug, Clone, Serialize)]
pub struct BatchReport {
    /// The folders taken as batch roots, with why.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub roots: Vec<BatchRoot>,
    /// Subfolders of a root that hold no file: not checked, no row.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub empty: Vec<String>,
    /// The notices of the dossiers, each once.
    pub notices: Vec<String>,
    /// 推荐单位 from batch.toml, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recommender: Option<String>,
    pub passed: bool,
    pub diagnostics: Vec<Diagnostic>,
}

impl BatchReport {
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == severity).count()
    }

    /// The batch errors that fall on one dossier's row (the 汇总表 marks it). A minimum not reached
    /// (SB502) is the recommending unit's matter, not any one row's.
    pub fn row_errors<'a>(&'a self, path: &'a str) -> impl Iterator<Item = &'a Diagnostic> + 'a {
        self.diagnostics.iter().filter(move |x| {
            x.severity == Severity::Error
                && x.code != crate::diag::Code::QuotaShort
                && x.dossiers.iter().any(|p| p == path)
        })
    }
}

#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
pub struct Summary {
    pub dossiers: usize,
    /// Dossiers that pass on their own checks.
    pub passed: usize,
    pub errors: usize,
    pub warnings: usize,
    /// In a batch run: how many of the `passed` an error across the batch names (over a quota, a
    /// duplicate, a tied rank), so that they are not ready to forward as they are.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub passed_with_batch_errors: Option<usize>,
}

impl Summary {
    fn of(dossiers: &[DossierReport], batch: Option<&BatchReport>) -> Self {
        let mut s = Summary { dossiers: dossiers.len(), ..Default::default() };
        for d in dossiers {
            s.passed += usize::from(d.passed);
            s.errors += d.count(Severity::Error);
            s.warnings += d.count(Severity::Warning);
        }
        if let Some(b) = batch {
            s.errors += b.count(Severity::Error);
            s.warnings += b.count(Severity::Warning);
            s.passed_with_batch_errors =
                Some(dossiers.iter().filter(|d| d.passed && b.row_errors(&d.path).next().is_some()).count());
        }
        s
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct DossierReport {
    /// The folder as given on the command line.
    pub path: String,
    /// The notice id checked against ("" when none could be loaded).
    pub notice: String,
    pub passed: bool,
    /// The counting unit of the notice's limits.
    pub unit: Unit,
    /// The deadline round checked against, when a notice was loaded.
    pub deadline: Option<DeadlineReport>,
    pub sections: Vec<SectionReport>,
    /// The form fields with a limit (qh's 场景概述 ≤ 500 字), filled or not, in the template's order.
    pub fields: Vec<FieldReport>,
    /// What the dossier says about itself (dossier.toml, else the 申报表), for batch rules and the 汇总表.
    pub facts: Facts,
    pub diagnostics: Vec<Diagnostic>,
}

/// A dossier's identity and ranking: from dossier.toml, filled in from the 申报表 where the file is silent.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Facts {
    /// 案例名称 / 项目名称 / 场景名称.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// 申报单位 / 牵头单位.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// 联合申报单位 / 参与单位 (dossier.toml, else the lines after the first in the 申报单位 cell).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub joint_units: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit_type: Option<String>,
    /// 推荐单位 or the channel (分赛, 赛事) a contest project comes through.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recommender: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    /// 领域 (given, or read from a “XX领域——案例名称” name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub track: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    /// 申报方向 and 应用领域 (dossier.toml, else the boxes ticked in the 基本情况表).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub directions: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub areas: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<u32>,
    /// 推荐意见 for the 汇总表.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recommendation: Option<String>,
    /// Number of 参赛代表 listed (names, phones and ID numbers stay out of the report).
    #[serde(skip_serializing_if = "is_zero")]
    pub team_size: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl DossierReport {
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == severity).count()
    }

    /// Sorts diagnostics for stable output (errors first, then by file and code) and sets `passed`.
    /// Findings of one code in one file keep the order the checks found them in, which is the
    /// document's and the template table's order: the sort is stable, and no check emits from an
    /// unordered collection.
    pub fn finish(mut self) -> Self {
        self.diagnostics.sort_by(|a, b| {
            b.severity.cmp(&a.severity).then_with(|| a.file.cmp(&b.file)).then_with(|| a.code.cmp(&b.code))
        });
        self.passed = self.count(Severity::Error) == 0;
        self
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DeadlineReport {
    pub round: String,
    /// The last day, YYYY-MM-DD, in the notice's time zone.
    pub date: String,
    pub timezone: String,
    /// The day checked (today, or --today).
    pub today: String,
    /// Days left including today's end; negative when past.
    pub days_left: i64,
    /// The notice gives no exact day for this round.
    pub approximate: bool,
    /// How the round was chosen among rounds set for some unit types only, when not by dossier.toml:
    /// by the 申报表's unit type, or guessed from the 申报单位's name (a heuristic). Absent when dossier.toml
    /// names the round or the unit type, or the round is simply the next open one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chosen_by: Option<RoundChoice>,
}

/// What told a dossier's round apart from rounds for other unit types, when dossier.toml does not say.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum RoundChoice {
    /// The 申报表's unit-type field.
    Form,
    /// The 申报单位's name read as a 高校's (大学, 学院) or not: a heuristic.
    UnitName,
}

/// What a limit is checked on: a text's counts, its limit, and the 字数 range its hint-dependent marks
/// leave open. Flattened into [`SectionReport`] (limit `Option<u64>`, `null` when there is none) and
/// [`FieldReport`] (limit `u64`), so both carry the same keys in the same order.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Counted<L> {
    pub words: u64,
    pub chars_no_spaces: u64,
    pub hanzi: u64,
    pub limit: L,
    /// 字数 with every hint-dependent mark (“ ” — … · × U+3000) read as Latin / as CJK.
    pub words_low: u64,
    pub words_high: u64,
}

impl<L> Counted<L> {
    pub fn new(tally: &Tally, limit: L) -> Self {
        Self {
            words: tally.count.words,
            chars_no_spaces: tally.count.chars_no_spaces,
            hanzi: tally.count.hanzi,
            limit,
            words_low: tally.low.words,
            words_high: tally.high.words,
        }
    }

    /// The same counts under another limit (a field's shown as a section's).
    pub fn with_limit<M>(&self, limit: M) -> Counted<M> {
        let Counted { words, chars_no_spaces, hanzi, limit: _, words_low, words_high } = *self;
        Counted { words, chars_no_spaces, hanzi, limit, words_low, words_high }
    }

    /// The figure a limit is compared with.
    pub fn counted(&self, unit: Unit) -> u64 {
        unit.pick(&WordCount { words: self.words, chars_no_spaces: self.chars_no_spaces, hanzi: self.hanzi })
    }
}

/// A part or section with its counts. `level` 1 is a part, 2 a section.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct SectionReport {
    /// The file it was counted in (relative to the dossier; in `count`, the file given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    pub title: String,
    pub level: u8,
    /// The part a section belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part: Option<String>,
    #[serde(flatten)]
    pub count: Counted<Option<u64>>,
}

impl SectionReport {
    pub fn new(title: String, level: u8, tally: &Tally, limit: Option<u64>) -> Self {
        Self { document: None, title, level, part: None, count: Counted::new(tally, limit) }
    }

    /// The figure a limit is compared with.
    pub fn counted(&self, unit: Unit) -> u64 {
        self.count.counted(unit)
    }
}

/// A form field with a limit and its value's count, as a [`SectionReport`] counts a section.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FieldReport {
    /// The form table's name (场景基本情况表).
    pub table: String,
    /// The field as messages name it (场景概述).
    pub label: String,
    #[serde(flatten)]
    pub count: Counted<u64>,
}

impl FieldReport {
    pub fn new(table: String, label: String, tally: &Tally, limit: u64) -> Self {
        Self { table, label, count: Counted::new(tally, limit) }
    }

    /// The figure the limit is compared with.
    pub fn counted(&self, unit: Unit) -> u64 {
        self.count.counted(unit)
    }
}

/// `shenbao count` JSON.
#[derive(Debug, Clone, Serialize)]
pub struct CountReport {
    pub file: String,
    pub unit: Unit,
    pub total: TotalReport,
    pub sections: Vec<SectionReport>,
    /// Text in text boxes, footnotes and endnotes that `total` leaves out, as Word does, because the
    /// document is set so (`w:doNotIncludeSubdocsInStats`: Word's 字数统计 box “包括文本框、脚注和尾注”
    /// unticked). Absent when nothing is left out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub left_out: Option<TotalReport>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TotalReport {
    pub words: u64,
    pub chars_no_spaces: u64,
    pub hanzi: u64,
    pub words_low: u64,
    pub words_high: u64,
}

impl From<&Tally> for TotalReport {
    fn from(t: &Tally) -> Self {
        Self {
            words: t.count.words,
            chars_no_spaces: t.count.chars_no_spaces,
            hanzi: t.count.hanzi,
            words_low: t.low.words,
            words_high: t.high.words,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::count::count_text_tally;

    /// 5 字 as Word counts it without a hint, 5 to 7 as the quotes' font may read.
    fn tally() -> Tally {
        count_text_tally("使用“AI”技术", false)
    }

    /// The counts sit where the report's JSON contract has them: after the names, limit in the middle.
    #[test]
    fn counts_are_flattened_in_their_place() {
        let t = tally();
        let section = serde_json::to_string(&SectionReport::new("问题描述".into(), 2, &t, None))
            .unwrap_or_else(|e| panic!("{e}"));
        let c = &t.count;
        let (low, high) = (t.low.words, t.high.words);
        assert_eq!(
            section,
            format!(
                r#"{{"title":"问题描述","level":2,"words":{},"chars_no_spaces":{},"hanzi":{},"limit":null,"words_low":{low},"words_high":{high}}}"#,
                c.words, c.chars_no_spaces, c.hanzi
            )
        );
        let field = serde_json::to_string(&FieldReport::new("表".into(), "场景概述".into(), &t, 500))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            field,
            format!(
                r#"{{"table":"表","label":"场景概述","words":{},"chars_no_spaces":{},"hanzi":{},"limit":500,"words_low":{low},"words_high":{high}}}"#,
                c.words, c.chars_no_spaces, c.hanzi
            )
        );
    }

    #[test]
    fn a_count_is_picked_by_unit_and_keeps_it_under_another_limit() {
        let t = tally();
        let counted = Counted::new(&t, 500u64);
        assert_eq!(counted.counted(Unit::Word), t.count.words);
        assert_eq!(counted.counted(Unit::Hanzi), t.count.hanzi);
        assert_eq!(counted.counted(Unit::CharsNoSpaces), t.count.chars_no_spaces);
        assert_ne!(t.low.words, t.high.words, "the text has a hint-dependent mark");
        let shown = counted.with_limit(Some(500));
        assert_eq!(
            (shown.words, shown.words_low, shown.words_high, shown.limit),
            (t.count.words, t.low.words, t.high.words, Some(500))
        );
    }
}
