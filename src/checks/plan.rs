//! What a plan's sections must hold besides text: the picture a section asks for (场景建设架构图), the table
//! with its columns filled (数据资源需求清单), and the notice's stated requirements a text can break (a
//! scene already built or in promotion, a build period over a year, a plan not in 3-month steps).
//!
//! The family file holds, in this order: the check (typed [`PlanFinding`]s, no language), the clauses
//! `shenbao explain` cites for SB710–SB712, and the zh and en wording of each finding.

use super::Context;
use crate::diag::{family, Code, Diagnostic, Finding, Lang};
use crate::keys::cn_number::{self, starts_number};
use crate::keys::heading_key;
use crate::notice::Clause;
use crate::notice::Form;
use crate::outline::Outline;
use crate::read::docx::Document;

/// What this family finds (SB710–SB712), as data. `section`: the title of the section as found in the
/// document; `clause`: the notice's clause the finding's help cites.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanFinding {
    /// SB710: a section that asks for a picture (场景建设架构图) has none.
    PictureMissing { file: String, section: String, clause: Clause },
    /// SB711: a section that asks for a table has none with all its `columns`.
    TableMissing { file: String, section: String, columns: Vec<String>, clause: Clause },
    /// SB711: the section's table has its `columns` but no row with every cell filled in.
    TableUnfilled { file: String, section: String, columns: Vec<String>, clause: Clause },
    /// SB712: the plan says the scene is built or spreading (`words`, e.g. “已建成”), which the notice
    /// excludes (requirement `not-built-yet`).
    AlreadyBuilt { file: String, words: String, clause: Clause },
    /// SB712: a build period of `months`, over the notice's one year (requirement `build-period-1-year`):
    /// the longest of the `mentions` the text makes, `written` as in the text, in `section` when it lies
    /// in a part or section of the template.
    BuildPeriodLong {
        file: String,
        section: Option<String>,
        written: String,
        months: u32,
        mentions: usize,
        clause: Clause,
    },
    /// SB712: the 实施计划 is not in 3-month steps (requirement `plan-in-3-month-steps`).
    StepsOff { file: String, section: String, problem: StepsProblem, clause: Clause },
}

/// How a 实施计划 misses “以3个月为单位”.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepsProblem {
    /// Every range longer than 3 months, as written, with its span in months (never empty).
    TooLong { steps: Vec<(String, u32)> },
    /// No ranges or quarters, and milestones up to `gap` months apart.
    Apart { gap: u32 },
    /// No time steps at all.
    NoSteps,
}

/// The notice requirements (rule `[[requirements]]` ids) this module reads the text for.
pub const CHECKED: [&str; 3] = ["not-built-yet", "build-period-1-year", "plan-in-3-month-steps"];

/// Words that say a scene is finished or already spreading, which qh-2025-scenes excludes.
const BUILT: [&str; 6] = ["已建成", "已建设完成", "已上线运行", "已投入运行", "已全面推广", "已在推广"];

/// Words that introduce a build period: “建设周期为18个月”, “建设期两年”.
const PERIOD_WORDS: [&str; 2] = ["建设周期", "建设期"];

/// How far after [`PERIOD_WORDS`] the duration may start (“建设周期预计为……”).
const PERIOD_GAP: usize = 8;

/// A build period as written (from its 建设周期/建设期 to its unit) and its length in months.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildPeriod {
    pub written: String,
    pub months: u32,
}

/// Every build period a text states, in order: “建设周期为18个月”, “建设期两年”, “建设周期1.5年”,
/// “建设期一年半”, “建设周期为12-18个月” (the upper end), “建设周期为2025年1月—2025年12月” (the span).
/// Years alone (“2025—2026年”) and counted months (“第18个月”) are not periods.
pub fn build_periods(text: &str) -> Vec<BuildPeriod> {
    let chars: Vec<char> = text.chars().map(half_width).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let word = PERIOD_WORDS.iter().map(|w| w.chars().collect::<Vec<char>>()).find(|w| chars[i..].starts_with(w));
        let Some(word) = word else {
            i += 1;
            continue;
        };
        let after = i + word.len();
        let start = (after..chars.len().min(after + PERIOD_GAP))
            .take_while(|&j| !"。；;，,！!？?\n".contains(chars[j]))
            .find(|&j| starts_quantity(chars[j]));
        let found = start.filter(|&j| chars.get(j.wrapping_sub(1)) != Some(&'第')).and_then(|j| period_at(&chars, j));
        match found {
            Some((months, end)) => {
                out.push(BuildPeriod { written: chars[i..end].iter().collect(), months });
                i = end;
            }
            None => i = after,
        }
    }
    out
}

/// Full-width digits and points as ASCII ones (“１８个月”).
fn half_width(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '．' => '.',
        _ => c,
    }
}

fn starts_quantity(c: char) -> bool {
    starts_number(c) || c == '半'
}

/// A number at `i`: a whole number in digits or Chinese numerals (“18”, “十八”, “两”, see
/// [`cn_number::number_at`]), digits with a fraction (“1.5”), or 半; its value and where it ends.
fn amount_at(chars: &[char], i: usize) -> Option<(f64, usize)> {
    let c = *chars.get(i)?;
    if c == '半' {
        return Some((0.5, i + 1));
    }
    let (n, len) = cn_number::number_at(&chars[i..])?;
    let j = i + len;
    if c.is_ascii_digit() && chars.get(j) == Some(&'.') {
        let fraction = chars[j + 1..].iter().take(7).take_while(|c| c.is_ascii_digit()).count();
        if fraction > 0 {
            let written: String = chars[i..j + 1 + fraction].iter().collect();
            return Some((written.parse().ok()?, j + 1 + fraction));
        }
    }
    Some((f64::from(u32::try_from(n).ok()?), j))
}

/// A duration at `i` in months and where it ends: “18个月”, “2年”, “一年半”, “1年6个月”, “半年”.
fn duration_at(chars: &[char], i: usize) -> Option<(u32, usize)> {
    let (n, mut j) = amount_at(chars, i)?;
    while chars.get(j) == Some(&' ') {
        j += 1;
    }
    let at = |k: usize| chars.get(k).copied();
    let months = |m: f64| (m.is_finite() && m > 0.0 && m < 1200.0).then(|| m.round() as u32);
    match (at(j), at(j + 1)) {
        (Some('个'), Some('月')) => Some((months(n)?, j + 2)),
        (Some('月'), _) if n >= 1.0 && n.fract() == 0.0 => Some((months(n)?, j + 1)),
        (Some('年'), _) => {
            let mut total = n * 12.0;
            let mut end = j + 1;
            if at(end) == Some('半') {
                total += 6.0;
                end += 1;
            } else {
                let k = end + usize::from(at(end) == Some('零'));
                if let Some((m, e)) = amount_at(chars, k).filter(|(m, _)| *m >= 1.0).and_then(|(m, e)| {
                    let e = e + usize::from(at(e) == Some('个'));
                    (at(e) == Some('月')).then_some((m, e + 1))
                }) {
                    total += m;
                    end = e;
                }
            }
            Some((months(total)?, end))
        }
        _ => None,
    }
}

/// A build period at `i`: a duration, a range of durations (its upper end), or a range of dates (its span).
fn period_at(chars: &[char], i: usize) -> Option<(u32, usize)> {
    let (n, j) = amount_at(chars, i)?;
    let year_digits = j - i == 4 && chars[i..j].iter().all(char::is_ascii_digit) && n >= 1900.0;
    if year_digits {
        let window: String = chars[i..chars.len().min(i + 32)].iter().collect();
        let (written, months) = timeline(&window).ranges.into_iter().next()?;
        return window.starts_with(&written).then(|| (months, i + written.chars().count()));
    }
    let mut k = j;
    while chars.get(k).is_some_and(|c| *c == ' ') {
        k += 1;
    }
    if chars.get(k).is_some_and(|c| RANGE.contains(c)) {
        let mut m = k + 1;
        while chars.get(m).is_some_and(|c| *c == ' ') {
            m += 1;
        }
        if let Some(upper) = duration_at(chars, m) {
            return Some(upper);
        }
    }
    duration_at(chars, i)
}

/// A point in time of a plan: a month, with its year when written (“2025年3月”, “2025.03”, “3月”), or a
/// month counted from the start (“第3个月”).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Point {
    year: Option<u32>,
    month: u32,
    relative: bool,
}

/// Separators of a range: “1月—3月”, “1-3月”, “2025.01~2025.03”, “1月至3月”.
const RANGE: [char; 10] = ['-', '—', '–', '~', '～', '至', '到', '－', '―', '_'];

/// How a plan's time line reads: its ranges with their lengths in months, its quarters, its single months.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Timeline {
    /// Each range as written and its span in months, both ends included.
    pub ranges: Vec<(String, u32)>,
    /// Quarters named (“第一季度”, “Q2”).
    pub quarters: usize,
    /// Single months written on their own (a milestone list): months since year 0 where a year is written,
    /// and months counted from the start (“第6个月”).
    pub points: Vec<u32>,
    pub relative_points: Vec<u32>,
}

fn number_at(chars: &[char], i: usize) -> Option<(u32, usize)> {
    let digits: String = chars.get(i..)?.iter().take_while(|c| c.is_ascii_digit()).take(4).collect();
    let n = digits.parse().ok()?;
    Some((n, i + digits.chars().count()))
}

/// A point starting at `i`, and where it ends; `bare` allows a month without 月 (“1-3月”'s 1).
fn point_at(chars: &[char], i: usize, bare: bool) -> Option<(Point, usize)> {
    let at = |j: usize| chars.get(j).copied();
    if at(i) == Some('第') {
        let (n, j) = number_at(chars, i + 1)?;
        let relative = |j| Some((Point { year: None, month: n, relative: true }, j));
        return match (at(j), at(j + 1)) {
            (Some('个'), Some('月')) => relative(j + 2),
            (Some(c), _) if bare && RANGE.contains(&c) => relative(j),
            _ => None,
        };
    }
    let (n, j) = number_at(chars, i)?;
    if j - i == 4 {
        let year = Some(n);
        let month_at = match at(j) {
            Some('年') => j + 1,
            Some('.' | '-' | '/' | '．') => j + 1,
            _ => return None,
        };
        let (m, k) = number_at(chars, month_at)?;
        if !(1..=12).contains(&m) || k - month_at > 2 {
            return None;
        }
        let end = if at(k) == Some('月') { k + 1 } else { k };
        return Some((Point { year, month: m, relative: false }, end));
    }
    match at(j) {
        Some('个') if at(j + 1) == Some('月') => Some((Point { year: None, month: n, relative: true }, j + 2)),
        Some('月') if (1..=12).contains(&n) => Some((Point { year: None, month: n, relative: false }, j + 1)),
        Some(c) if bare && RANGE.contains(&c) && (1..=12).contains(&n) => {
            Some((Point { year: None, month: n, relative: false }, j))
        }
        _ => None,
    }
}

/// Months from `a` to `b`, both included; `b` without a year follows `a` (“2025年11月—2月” crosses a year).
fn span(a: Point, b: Point) -> Option<u32> {
    if a.relative != b.relative {
        return None;
    }
    let ya = a.year.unwrap_or(0);
    let mut yb = b.year.unwrap_or(ya);
    if b.year.is_none() && b.month < a.month && !a.relative {
        yb += 1;
    }
    let (from, to) = (ya * 12 + a.month, yb * 12 + b.month);
    (to >= from).then(|| to - from + 1)
}

/// Reads the time line of a 实施计划.
pub fn timeline(text: &str) -> Timeline {
    let mut t = Timeline::default();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let starts_number = chars[i].is_ascii_digit() && (i == 0 || !chars[i - 1].is_ascii_digit());
        let Some((a, j)) = (starts_number || chars[i] == '第').then(|| point_at(&chars, i, true)).flatten() else {
            i += 1;
            continue;
        };
        // A range: spaces, a separator, spaces, a second point.
        let mut k = j;
        while chars.get(k).is_some_and(|c| c.is_whitespace()) {
            k += 1;
        }
        let second = chars.get(k).filter(|c| RANGE.contains(c)).and_then(|_| {
            let mut m = k + 1;
            while chars.get(m).is_some_and(|c| c.is_whitespace() || RANGE.contains(c)) {
                m += 1;
            }
            point_at(&chars, m, false)
        });
        match second {
            Some((b, end)) => {
                let a = Point { relative: a.relative || (b.relative && a.year.is_none()), ..a };
                if let Some(n) = span(a, b) {
                    t.ranges.push((chars[i..end].iter().collect(), n));
                }
                i = end;
            }
            None => {
                // A bare number (“1” of a list) is no point on its own: a point ends with 月 or has a year.
                let ends_month = chars.get(j.wrapping_sub(1)) == Some(&'月');
                match (a.relative, a.year) {
                    (true, _) if ends_month => t.relative_points.push(a.month),
                    (false, Some(y)) => t.points.push(y * 12 + a.month),
                    _ => {}
                }
                i = j.max(i + 1);
            }
        }
    }
    let lower = text.to_lowercase();
    t.quarters = ["一季度", "二季度", "三季度", "四季度", "1季度", "2季度", "3季度", "4季度", "q1", "q2", "q3", "q4"]
        .iter()
        .map(|q| lower.matches(q).count())
        .sum();
    t
}

/// What is wrong with a time line against “以3个月为单位”, if anything.
fn steps_problem(t: &Timeline) -> Option<StepsProblem> {
    let long: Vec<(String, u32)> = t.ranges.iter().filter(|(_, n)| *n > 3).cloned().collect();
    if !long.is_empty() {
        // Every long step, so that none is left for the next check.
        return Some(StepsProblem::TooLong { steps: long });
    }
    if !t.ranges.is_empty() || t.quarters > 0 {
        return None;
    }
    for points in [&t.points, &t.relative_points] {
        let mut points = points.clone();
        points.sort_unstable();
        points.dedup();
        if points.len() < 2 {
            continue;
        }
        let gap = points.windows(2).map(|w| w[1] - w[0]).max().unwrap_or(0);
        return (gap > 3).then_some(StepsProblem::Apart { gap });
    }
    Some(StepsProblem::NoSteps)
}

pub fn check(ctx: &Context<'_>, form: &Form, doc: &Document, outline: &Outline, file: &str, out: &mut Vec<Diagnostic>) {
    let mut found = Vec::new();
    find(ctx, form, doc, outline, file, &mut found);
    out.extend(found.into_iter().map(Diagnostic::of));
}

/// [`check`] without the language: each section's picture and table, then the notice's requirements.
pub fn find(ctx: &Context<'_>, form: &Form, doc: &Document, outline: &Outline, file: &str, out: &mut Vec<PlanFinding>) {
    for l in outline.found.iter().filter(|l| l.level == 2) {
        let Some(section) =
            l.part.and_then(|p| form.parts.get(p)).and_then(|p| l.section.and_then(|s| p.sections.get(s)))
        else {
            continue;
        };
        let range = l.heading..l.end.max(l.heading + 1);
        if section.picture && l.pictures == 0 {
            out.push(PlanFinding::PictureMissing {
                file: file.to_owned(),
                section: l.title.clone(),
                clause: section.clause.clone(),
            });
        }
        if !section.table_columns.is_empty() {
            if let Some(state) = table_state(doc, &section.table_columns, &range) {
                let (file, columns, clause) = (file.to_owned(), section.table_columns.clone(), section.clause.clone());
                let section = l.title.clone();
                out.push(match state {
                    TableState::Missing => PlanFinding::TableMissing { file, section, columns, clause },
                    TableState::Unfilled => PlanFinding::TableUnfilled { file, section, columns, clause },
                });
            }
        }
    }
    requirements(ctx, doc, outline, file, out);
}

/// What is wrong with the table of `columns` in the paragraphs `range`: none there, or no row filled in.
enum TableState {
    Missing,
    Unfilled,
}

fn table_state(doc: &Document, columns: &[String], range: &std::ops::Range<usize>) -> Option<TableState> {
    let wanted: Vec<String> = columns.iter().map(|c| heading_key(c)).collect();
    let table = doc.tables.iter().find(|t| {
        range.contains(&t.first_paragraph)
            && t.rows.iter().take(2).any(|row| {
                let keys: Vec<String> = row.iter().map(|c| heading_key(&c.text)).collect();
                wanted.iter().all(|w| keys.iter().any(|k| k.contains(w.as_str())))
            })
    });
    let Some(t) = table else { return Some(TableState::Missing) };
    let header = t
        .rows
        .iter()
        .position(|row| wanted.iter().all(|w| row.iter().any(|c| heading_key(&c.text).contains(w.as_str()))))
        .unwrap_or(0);
    let data: Vec<_> = t.rows.iter().skip(header + 1).collect();
    let filled = data.iter().filter(|row| row.iter().all(|c| !c.text.trim().is_empty())).count();
    (filled == 0).then_some(TableState::Unfilled)
}

/// Requirements the notice states that the text itself can break.
fn requirements(ctx: &Context<'_>, doc: &Document, outline: &Outline, file: &str, out: &mut Vec<PlanFinding>) {
    let text: String = doc.paragraphs.iter().map(|p| p.text()).collect::<Vec<_>>().join("\n");
    for req in &ctx.notice.requirements {
        let (file, clause) = (file.to_owned(), req.clause.clone());
        let finding = match req.id.as_str() {
            "not-built-yet" => BUILT.iter().find(|w| text.contains(**w)).map(|w| PlanFinding::AlreadyBuilt {
                file,
                words: (*w).to_owned(),
                clause,
            }),
            "build-period-1-year" => longest_period(doc, outline).filter(|(p, ..)| p.months > 12).map(
                |(BuildPeriod { written, months }, section, mentions)| PlanFinding::BuildPeriodLong {
                    file,
                    section,
                    written,
                    months,
                    mentions,
                    clause,
                },
            ),
            "plan-in-3-month-steps" => outline
                .found
                .iter()
                .filter(|l| l.level == 1 && l.title.contains("实施计划"))
                .map(|l| (l, crate::outline::text_of(doc, l)))
                .find(|(_, t)| !t.trim().is_empty())
                .and_then(|(l, t)| {
                    let problem = steps_problem(&timeline(&t))?;
                    Some(PlanFinding::StepsOff { file, section: l.title.clone(), problem, clause })
                }),
            _ => None,
        };
        out.extend(finding);
    }
}

/// The longest build period the document states, the part or section it is written in, and how many
/// periods it states in all: a plan that says “建设周期为12个月” in one place and “18个月” in another is
/// judged by the longer.
fn longest_period(doc: &Document, outline: &Outline) -> Option<(BuildPeriod, Option<String>, usize)> {
    let mut periods: Vec<(BuildPeriod, usize)> = Vec::new();
    for (i, p) in doc.paragraphs.iter().enumerate() {
        periods.extend(build_periods(&p.text()).into_iter().map(|period| (period, i)));
    }
    let mentions = periods.len();
    // The first of the longest: `max_by_key` keeps the last of equals.
    let (period, at) = periods.into_iter().rev().max_by_key(|(p, _)| p.months)?;
    let section = outline
        .found
        .iter()
        .filter(|l| (l.heading..l.end.max(l.heading + 1)).contains(&at))
        .max_by_key(|l| l.level)
        .map(|l| l.title.clone());
    Some((period, section, mentions))
}

/// The clauses `shenbao explain` cites for this family's codes.
pub fn clauses(code: family::Plan, notice: &crate::notice::Notice) -> Vec<(String, &crate::notice::Clause)> {
    use family::Plan::*;
    let mut out = Vec::new();
    match code {
        PictureMissing | TableMissing => {
            for s in notice.form.parts.iter().flat_map(|p| &p.sections) {
                let asks = match code {
                    PictureMissing => s.picture,
                    TableMissing | RequirementAtRisk => !s.table_columns.is_empty(),
                };
                if asks {
                    out.push((s.title.clone(), &s.clause));
                }
            }
        }
        RequirementAtRisk => {
            for r in notice.requirements.iter().filter(|r| CHECKED.contains(&r.id.as_str())) {
                out.push((r.id.clone(), &r.clause));
            }
        }
    }
    out
}

// The wording of this family's findings, zh and en together.

impl Finding for PlanFinding {
    fn code(&self) -> Code {
        match self {
            Self::PictureMissing { .. } => Code::PictureMissing,
            Self::TableMissing { .. } | Self::TableUnfilled { .. } => Code::TableMissing,
            Self::AlreadyBuilt { .. } | Self::BuildPeriodLong { .. } | Self::StepsOff { .. } => Code::RequirementAtRisk,
        }
    }

    fn file(&self) -> Option<&str> {
        match self {
            Self::PictureMissing { file, .. }
            | Self::TableMissing { file, .. }
            | Self::TableUnfilled { file, .. }
            | Self::AlreadyBuilt { file, .. }
            | Self::BuildPeriodLong { file, .. }
            | Self::StepsOff { file, .. } => Some(file),
        }
    }

    fn section(&self) -> Option<&str> {
        match self {
            Self::PictureMissing { section, .. }
            | Self::TableMissing { section, .. }
            | Self::TableUnfilled { section, .. }
            | Self::StepsOff { section, .. } => Some(section),
            Self::BuildPeriodLong { section, .. } => section.as_deref(),
            Self::AlreadyBuilt { .. } => None,
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            Self::PictureMissing { section, .. } => {
                lang.pick(format!("“{section}”中没有图片"), format!("“{section}” has no picture"))
            }
            Self::TableMissing { section, columns, .. } => lang.pick(
                format!("“{section}”中没有含“{}”各列的表格", columns.join("、")),
                format!("“{section}” has no table with the columns {}", columns.join(", ")),
            ),
            Self::TableUnfilled { section, columns, .. } => lang.pick(
                format!("“{section}”的表格（{}）没有填写完整的行", columns.join("、")),
                format!("the table ({}) in “{section}” has no filled-in row", columns.join(", ")),
            ),
            Self::AlreadyBuilt { words, .. } => lang.pick(
                format!("方案中写有“{words}”：通知不接受已建成或已在推广的场景"),
                format!("the plan says “{words}”: the notice excludes scenes already built or in promotion"),
            ),
            Self::BuildPeriodLong { section, written, months, mentions, .. } => {
                let place_zh = section.as_ref().map_or("方案".to_owned(), |s| format!("“{s}”"));
                let place_en = section.as_ref().map_or("the plan".to_owned(), |s| format!("“{s}”"));
                let longest_zh = if *mentions > 1 {
                    format!("（全文 {mentions} 处写到建设周期，取最长）")
                } else {
                    String::new()
                };
                let longest_en = if *mentions > 1 {
                    format!(" (the longest of {mentions} build periods in the text)")
                } else {
                    String::new()
                };
                lang.pick(
                    format!("{place_zh}中写有“{written}”{longest_zh}：建设周期 {months} 个月，超过通知“原则上不超过1年”"),
                    format!("{place_en} says “{written}”{longest_en}: a build period of {months} months, over the notice's one year"),
                )
            }
            Self::StepsOff { problem, .. } => problem.worded(lang),
        }
    }

    fn help(&self, lang: Lang) -> Option<String> {
        Some(match self {
            Self::PictureMissing { clause, .. } => lang.pick(
                format!("在这一节插入图（插入 → 图片）；依据：{clause}"),
                format!("insert the figure in this section (Insert → Picture); per {clause}"),
            ),
            Self::TableMissing { clause, .. } | Self::TableUnfilled { clause, .. } => lang.pick(
                format!("按模板列出并填写每一行；依据：{clause}"),
                format!("list and fill in every row as the template asks; per {clause}"),
            ),
            Self::AlreadyBuilt { clause, .. }
            | Self::BuildPeriodLong { clause, .. }
            | Self::StepsOff { clause, .. } => {
                lang.pick(format!("核实并改写；依据：{clause}"), format!("check and reword; per {clause}"))
            }
        })
    }
}

impl StepsProblem {
    fn worded(&self, lang: Lang) -> String {
        match self {
            Self::TooLong { steps } => match steps.as_slice() {
                [(written, n)] => lang.pick(
                    format!("实施计划中的“{written}”跨 {n} 个月，通知要求以3个月为单位编制进度"),
                    format!("the 实施计划's “{written}” spans {n} months; the notice asks for 3-month steps"),
                ),
                _ => {
                    let zh: Vec<String> = steps.iter().map(|(w, n)| format!("“{w}”（{n} 个月）")).collect();
                    let en: Vec<String> = steps.iter().map(|(w, n)| format!("“{w}” ({n} months)")).collect();
                    lang.pick(
                        format!(
                            "实施计划中有 {} 段超过 3 个月：{}，通知要求以3个月为单位编制进度",
                            steps.len(),
                            zh.join("、")
                        ),
                        format!(
                            "the 实施计划 has {} steps longer than 3 months: {}; the notice asks for 3-month steps",
                            steps.len(),
                            en.join(", ")
                        ),
                    )
                }
            },
            Self::Apart { gap } => lang.pick(
                format!("实施计划的时间节点相隔最长 {gap} 个月，通知要求以3个月为单位编制进度"),
                format!("the 实施计划's milestones are up to {gap} months apart; the notice asks for 3-month steps"),
            ),
            Self::NoSteps => lang.pick(
                "实施计划没有列出时间段（如“2025年1月—3月”“第一季度”），通知要求以3个月为单位编制进度".to_owned(),
                "the 实施计划 lists no time steps (“2025年1月—3月”, “第一季度”); the notice asks for 3-month steps"
                    .to_owned(),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_periods_in_months_and_years() {
        let months = |text: &str| build_periods(text).into_iter().map(|p| p.months).collect::<Vec<_>>();
        assert_eq!(months("场景建设周期为18个月，分三个阶段"), [18]);
        assert_eq!(months("建设周期：2年"), [24]);
        assert_eq!(months("建设周期 12 个月"), [12]);
        assert_eq!(months("建设周期 24 个月"), [24]);
        assert_eq!(months("建设周期较短"), [0; 0]);
        // Chinese numerals, halves, fractions, full-width digits.
        assert_eq!(months("建设期两年"), [24]);
        assert_eq!(months("建设周期为一年半"), [18]);
        assert_eq!(months("建设期限为半年"), [6]);
        assert_eq!(months("建设周期1.5年"), [18]);
        assert_eq!(months("建设周期为十八个月"), [18]);
        assert_eq!(months("建设周期二十四个月"), [24]);
        assert_eq!(months("建设周期十二个月"), [12]);
        assert_eq!(months("建设周期１８个月"), [18]);
        assert_eq!(months("建设周期1年6个月"), [18]);
        assert_eq!(months("建设周期为12-18个月"), [18]);
        assert_eq!(months("建设周期为2025年1月—2025年12月"), [12]);
        // Every mention, not only the first.
        assert_eq!(months("建设周期为12个月。……项目建设周期18个月"), [12, 18]);
        // Not periods: counts of things, counted months, years alone.
        assert_eq!(months("建设期内完成三个平台，第18个月验收"), [0; 0]);
        assert_eq!(months("建设期第18个月完成验收"), [0; 0]);
        assert_eq!(months("建设期为2025—2026年"), [0; 0]);
        let written: Vec<String> = build_periods("建设期两年，分两期").into_iter().map(|p| p.written).collect();
        assert_eq!(written, ["建设期两年"]);
    }

    fn spans(text: &str) -> Vec<u32> {
        timeline(text).ranges.into_iter().map(|(_, n)| n).collect()
    }

    #[test]
    fn time_ranges_in_the_ways_plans_write_them() {
        assert_eq!(spans("2025年1月—3月：需求调研；2025年4月-6月：开发"), [3, 3]);
        assert_eq!(spans("2025年10月至2026年3月：试运行"), [6]);
        assert_eq!(spans("2025.01-2025.03 完成数据归集"), [3]);
        assert_eq!(spans("第1-3个月：调研；第4—6个月：建设"), [3, 3]);
        assert_eq!(spans("1-3月完成方案，4~6月完成开发"), [3, 3]);
        assert_eq!(spans("2025年11月—2月"), [4]);
        // Not time: phone numbers, year spans, list numbers.
        assert!(spans("电话 023-63000000，2025-2026年度，共3项").is_empty());
    }

    #[test]
    fn three_month_steps_quarters_and_milestones() {
        let steps_problem = |t: &Timeline| steps_problem(t).map(|p| p.worded(Lang::Zh));
        assert_eq!(steps_problem(&timeline("2025年1月—3月：调研；2025年4月—6月：建设")), None);
        assert_eq!(steps_problem(&timeline("第一季度完成调研，第二季度完成建设")), None);
        assert_eq!(steps_problem(&timeline("2025年3月：方案；2025年6月：上线；2025年9月：验收")), None);
        let long = steps_problem(&timeline("2025年1月—6月：建设；2025年7月—9月：推广")).expect("a 6-month step");
        assert!(long.contains("“2025年1月—6月”跨 6 个月"), "{long}");
        // Every long step is named, not only the first.
        let both = steps_problem(&timeline("2026年12月—2027年5月：建设；2027年6月—2028年5月：推广"));
        assert_eq!(
            both.as_deref(),
            Some("实施计划中有 2 段超过 3 个月：“2026年12月—2027年5月”（6 个月）、“2027年6月—2028年5月”（12 个月），通知要求以3个月为单位编制进度")
        );
        let sparse = steps_problem(&timeline("2025年3月完成方案，2025年12月验收")).expect("9 months apart");
        assert!(sparse.contains("相隔最长 9 个月"), "{sparse}");
        let none = steps_problem(&timeline("分三个阶段推进，先调研后建设")).expect("no steps");
        assert!(none.contains("没有列出时间段"), "{none}");
    }
}
