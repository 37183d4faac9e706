//! What the 申报书's text says, beyond its length: the template's guidance left in, blank template marks,
//! results without figures where the notice asks for them, personal data in parts that may be published,
//! and dates after the day of the check or the deadline.
//!
//! The family file holds, in this order: the check (typed [`TextFinding`]s, no language), the clauses
//! `shenbao explain` cites for SB707–SB709 and SB714, and the zh and en wording of each finding.

use super::Context;
use crate::diag::{family, Code, Diagnostic, Finding, Lang, Severity};
use crate::notice::Form;
use crate::outline::{Located, Outline};
use crate::read::docx::{Document, Place};

/// What this family finds (SB707–SB709, SB714), as data. `document`: the notice's name of the Word
/// document (申报书, 建设方案), as the message names it; `section`: the part or section's title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextFinding {
    /// SB707: a guidance paragraph of the template left in a section, `shown` its opening words.
    GuidanceLeft { file: String, section: String, shown: String },
    /// SB707: the template's example case (“如：……”) kept, whole or lightly edited: `percent` of it is
    /// still there.
    ExampleLeft { file: String, section: String, shown: String, percent: u32 },
    /// SB707: template marks (“示例：”, “XX领域”, “___”) in the body, each named once.
    TemplateMarks { file: String, document: String, marks: Vec<String> },
    /// SB707: `count` dates left as the template's blanks (“2024年  月  日”).
    BlankDates { file: String, document: String, count: usize },
    /// SB708: `count` figures where the notice asks for results in numbers, `min` suggested.
    FewFigures { file: String, section: String, count: usize, min: u32 },
    /// SB709: 身份证号, mobile numbers and personal e-mail addresses in a part; `public`: the notice says
    /// the part may be published, which makes it an error.
    PersonalData { file: String, section: String, ids: usize, phones: usize, mails: usize, public: bool },
    /// SB714: the latest date written in the document is after the day of the check.
    DatedAfterToday { file: String, document: String, date: jiff::civil::Date, today: jiff::civil::Date },
    /// SB714: the latest date written in the document is after the deadline checked against.
    DatedAfterDeadline { file: String, document: String, date: jiff::civil::Date, deadline: jiff::civil::Date },
}

/// Letters, digits and CJK only, width- and case-folded: guidance is matched whatever the spacing and
/// punctuation. Not [`heading_key`](crate::keys::heading_key): that drops a trailing parenthetical, which
/// is the whole of a guidance line written in brackets (“（描述已开展的工作情况……）”).
pub(crate) fn essence(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfkc()
        .map(|c| if c == '×' { 'x' } else { c })
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// The words a guidance line is recognised by when left in a section (SB707): the first 16 letters of its
/// essence, or `None` when it is too short to be told from the applicant's own text.
pub fn guidance_probe(guidance: &str) -> Option<String> {
    let probe: String = essence(guidance).chars().take(16).collect();
    (probe.chars().count() >= 8).then_some(probe)
}

/// What of a template text is still in a section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Leftover {
    /// The guidance paragraph, recognised by its opening words.
    Guidance,
    /// The template's example case (“如：……”), kept whole or lightly edited: the share of it still there, in %.
    Example(u32),
}

/// Windows of the example's essence looked for in a section, and the step between them: 12 characters
/// are specific enough not to occur by chance, and a window every 6 survives edits of names and figures.
const WINDOW: usize = 12;
const STEP: usize = 6;

/// Whether the guidance `g` (a template text) is left in a section whose essence is `text`. The opening
/// words name a guidance paragraph; an example case is found even with its “如：” cut and some words
/// changed, when 40% of it or more is still there.
fn leftover(g: &str, text: &str) -> Option<Leftover> {
    if guidance_probe(g).is_some_and(|probe| text.contains(&probe)) {
        return Some(Leftover::Guidance);
    }
    let key = essence(g);
    let trimmed = g.trim_start();
    let example = ["如：", "如:", "例如：", "例如:", "示例："].iter().any(|m| trimmed.starts_with(m));
    if !example {
        return None;
    }
    let chars: Vec<char> = key.chars().skip_while(|c| matches!(c, '如' | '例' | '示')).collect();
    if chars.len() < WINDOW * 3 {
        return None;
    }
    let windows: Vec<String> =
        (0..=chars.len() - WINDOW).step_by(STEP).map(|i| chars[i..i + WINDOW].iter().collect()).collect();
    let found = windows.iter().filter(|w| text.contains(w.as_str())).count();
    let percent = u32::try_from(found * 100 / windows.len()).unwrap_or(100);
    (found >= 3 && percent >= 40).then_some(Leftover::Example(percent))
}

/// Template marks that are never a real answer.
const MARKS: [&str; 5] = ["示例：", "示例:", "XX领域", "（若有）", "(若有)"];

/// A date left as the template's blanks: “2024年  月  日”, “年 月 日”.
fn blank_date(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    chars.iter().enumerate().any(|(i, &c)| {
        if c != '年' && c != '月' {
            return false;
        }
        let rest = &chars[i + 1..];
        let gap = rest.iter().take_while(|c| c.is_whitespace() || **c == '\u{3000}').count();
        let next = if c == '年' { '月' } else { '日' };
        gap > 0 && rest.get(gap) == Some(&next)
    })
}

/// Figures a reader can check: a number followed by % or a unit (126家, 3.4%, 18天, 1.2亿元).
pub fn figures(text: &str) -> usize {
    const UNITS: &[&str] = &[
        "%", "％", "万", "亿", "元", "个", "家", "人", "天", "项", "次", "倍", "小时", "分钟", "秒", "吨", "公里",
        "千米", "米", "平方", "亩", "户", "条", "台", "套", "余", "多", "件", "所", "名", "种", "类", "位", "年", "TB",
        "GB", "PB", "km", "kg",
    ];
    let chars: Vec<char> = text.chars().collect();
    let mut count = 0;
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.' || chars[i] == ',') {
            i += 1;
        }
        let digits = chars[start..i].iter().filter(|c| c.is_ascii_digit()).count();
        let rest: String = chars[i..chars.len().min(i + 2)].iter().collect();
        let rest = rest.trim_start();
        // “2024年” is a date, not a result.
        let is_year = digits == 4 && rest.starts_with('年');
        if !is_year && UNITS.iter().any(|u| rest.starts_with(u)) {
            count += 1;
        }
    }
    count
}

/// An 18-digit 身份证号 whose check digit is right (GB 11643).
fn id_numbers(text: &str) -> usize {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
    let chars: Vec<char> = text.chars().collect();
    let mut count = 0;
    for start in 0..chars.len().saturating_sub(17) {
        let w = &chars[start..start + 18];
        let before = start.checked_sub(1).and_then(|i| chars.get(i)).is_some_and(|c| c.is_ascii_digit());
        let after = chars.get(start + 18).is_some_and(|c| c.is_ascii_alphanumeric());
        if before || after || !w[..17].iter().all(char::is_ascii_digit) {
            continue;
        }
        let sum: u32 = w[..17].iter().zip(WEIGHTS).map(|(c, wt)| c.to_digit(10).unwrap_or(0) * wt).sum();
        if w[17].to_ascii_uppercase() == CHECK[(sum % 11) as usize] {
            count += 1;
        }
    }
    count
}

/// Mainland mobile numbers: 11 digits starting 13–19, not inside a longer number.
fn mobiles(text: &str) -> usize {
    let chars: Vec<char> = text.chars().collect();
    (0..chars.len().saturating_sub(10))
        .filter(|&s| {
            let w = &chars[s..s + 11];
            w.iter().all(char::is_ascii_digit)
                && w[0] == '1'
                && ('3'..='9').contains(&w[1])
                && !s.checked_sub(1).and_then(|i| chars.get(i)).is_some_and(|c| c.is_ascii_digit())
                && !chars.get(s + 11).is_some_and(|c| c.is_ascii_digit())
        })
        .count()
}

/// E-mail addresses at personal mail services.
fn personal_emails(text: &str) -> usize {
    const DOMAINS: [&str; 11] = [
        "qq.com",
        "163.com",
        "126.com",
        "gmail.com",
        "sina.com",
        "hotmail.com",
        "outlook.com",
        "foxmail.com",
        "yeah.net",
        "sohu.com",
        "139.com",
    ];
    text.split(|c: char| c.is_whitespace() || "，。；;,（）()<>“”".contains(c))
        .filter(|w| {
            w.split_once('@').is_some_and(|(user, domain)| {
                !user.is_empty() && DOMAINS.contains(&domain.to_ascii_lowercase().as_str())
            })
        })
        .count()
}

/// The body paragraphs of a located part or section (not table cells: the 申报表 carries contacts by design).
fn body_text(doc: &Document, l: &Located) -> String {
    doc.paragraphs
        .get(l.heading + 1..l.end)
        .unwrap_or(&[])
        .iter()
        .filter(|p| matches!(p.place, Place::Body))
        .map(|p| p.text())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Dates written “2024年8月10日” (digits only; spaces allowed), in order.
pub fn written_dates(text: &str) -> Vec<jiff::civil::Date> {
    let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    let mut dates = Vec::new();
    let number = |i: &mut usize, max: usize| -> Option<i32> {
        let start = *i;
        while *i < chars.len() && chars[*i].is_ascii_digit() && *i - start < max {
            *i += 1;
        }
        chars[start..*i].iter().collect::<String>().parse().ok()
    };
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() || (i > 0 && chars[i - 1].is_ascii_digit()) {
            i += 1;
            continue;
        }
        let mut j = i;
        let parsed = (|| {
            let y = number(&mut j, 4)?;
            (chars.get(j) == Some(&'年')).then_some(())?;
            j += 1;
            let m = number(&mut j, 2)?;
            (chars.get(j) == Some(&'月')).then_some(())?;
            j += 1;
            let d = number(&mut j, 2)?;
            (chars.get(j) == Some(&'日')).then_some(())?;
            jiff::civil::Date::new(i16::try_from(y).ok()?, i8::try_from(m).ok()?, i8::try_from(d).ok()?).ok()
        })();
        if let Some(date) = parsed {
            dates.push(date);
        }
        i = j.max(i + 1);
    }
    dates
}

/// Dates in the 申报书 after the day of the check or after the deadline (SB714).
pub fn dates(
    ctx: &Context<'_>,
    doc: &Document,
    deadline: Option<jiff::civil::Date>,
    file: &str,
    out: &mut Vec<Diagnostic>,
) {
    let mut found = Vec::new();
    find_dates(ctx, doc, deadline, file, &mut found);
    out.extend(found.into_iter().map(Diagnostic::of));
}

/// [`dates`] without the language: the findings pushed to `out`.
pub fn find_dates(
    ctx: &Context<'_>,
    doc: &Document,
    deadline: Option<jiff::civil::Date>,
    file: &str,
    out: &mut Vec<TextFinding>,
) {
    let all: Vec<jiff::civil::Date> = doc.paragraphs.iter().flat_map(|p| written_dates(&p.text())).collect();
    let document = ctx.document_word();
    if let Some(&date) = all.iter().filter(|d| **d > ctx.today).max() {
        out.push(TextFinding::DatedAfterToday {
            file: file.to_owned(),
            document: document.to_owned(),
            date,
            today: ctx.today,
        });
    }
    if let Some(deadline) = deadline {
        if let Some(&date) = all.iter().filter(|d| **d > deadline).max() {
            out.push(TextFinding::DatedAfterDeadline {
                file: file.to_owned(),
                document: document.to_owned(),
                date,
                deadline,
            });
        }
    }
}

pub fn check(ctx: &Context<'_>, form: &Form, doc: &Document, outline: &Outline, file: &str, out: &mut Vec<Diagnostic>) {
    let mut found = Vec::new();
    find(ctx, form, doc, outline, file, &mut found);
    out.extend(found.into_iter().map(Diagnostic::of));
}

/// [`check`] without the language: each part's and section's findings in the order of the 申报书, then
/// the template marks and blank dates of the whole body.
pub fn find(ctx: &Context<'_>, form: &Form, doc: &Document, outline: &Outline, file: &str, out: &mut Vec<TextFinding>) {
    for l in &outline.found {
        let Some(pi) = l.part else { continue };
        let Some(part) = form.parts.get(pi) else { continue };
        let (guidance, min_figures) = match l.section.and_then(|si| part.sections.get(si)) {
            Some(section) => (&section.guidance, section.min_figures),
            None => (&part.guidance, None),
        };
        let text = body_text(doc, l);
        let place = || (file.to_owned(), l.title.clone());
        if let Some(found) = guidance_left(guidance, &text, place) {
            out.push(found);
        }
        // 量化数据: results backed by figures.
        if let Some(min) = min_figures {
            let count = figures(&text);
            if count < min as usize && !text.trim().is_empty() {
                let (file, section) = place();
                out.push(TextFinding::FewFigures { file, section, count, min });
            }
        }
        // Personal data: an error where the text may be published, else a note. Sections are looked at
        // through their part, so each paragraph is read once.
        if l.level == 1 {
            let (ids, phones, mails) = (id_numbers(&text), mobiles(&text), personal_emails(&text));
            if ids + phones + mails > 0 {
                let (file, section) = place();
                out.push(TextFinding::PersonalData { file, section, ids, phones, mails, public: part.publish });
            }
        }
    }
    marks_and_blanks(doc, ctx.document_word(), file, out);
}

/// The first of a section's guidance texts still in its body `text` (the paragraph or its example case).
fn guidance_left(guidance: &[String], text: &str, place: impl Fn() -> (String, String)) -> Option<TextFinding> {
    let text_essence = essence(text);
    guidance.iter().find_map(|g| {
        let left = leftover(g, &text_essence)?;
        let shown: String = g.trim_start().trim_start_matches(['如', '：', ':']).chars().take(24).collect();
        let (file, section) = place();
        Some(match left {
            Leftover::Guidance => TextFinding::GuidanceLeft { file, section, shown },
            Leftover::Example(percent) => TextFinding::ExampleLeft { file, section, shown, percent },
        })
    })
}

/// Template marks and blank dates anywhere in the body and in every table cell: the 申报表's cells are
/// filled in as the body is (the 申报单位意见 cell left as the template wrote it, “示例：……年  月  日”).
fn marks_and_blanks(doc: &Document, document: &str, file: &str, out: &mut Vec<TextFinding>) {
    let mut marks: Vec<String> = Vec::new();
    let mut blank_dates = 0;
    for p in doc.paragraphs.iter().filter(|p| matches!(p.place, Place::Body | Place::TableCell { .. })) {
        let t = p.text();
        for m in MARKS {
            if t.contains(m) && !marks.iter().any(|x| x == m) {
                marks.push(m.to_owned());
            }
        }
        if t.contains("___") && !marks.iter().any(|x| x == "___") {
            marks.push("___".to_owned());
        }
        if blank_date(&t) {
            blank_dates += 1;
        }
    }
    if !marks.is_empty() {
        out.push(TextFinding::TemplateMarks { file: file.to_owned(), document: document.to_owned(), marks });
    }
    if blank_dates > 0 {
        out.push(TextFinding::BlankDates { file: file.to_owned(), document: document.to_owned(), count: blank_dates });
    }
}

/// The clauses `shenbao explain` cites for this family's codes: the parts and sections whose rules they
/// enforce (guidance to replace, a figure count, a part that is published).
pub fn clauses(code: family::Text, notice: &crate::notice::Notice) -> Vec<(String, &crate::notice::Clause)> {
    use family::Text::*;
    let mut out = Vec::new();
    for p in &notice.form.parts {
        let part_asks = match code {
            TemplateLeftover => !p.guidance.is_empty(),
            PersonalData => p.publish,
            FewFigures | DateInconsistent => false,
        };
        if part_asks {
            out.push((p.title.clone(), &p.clause));
        }
        for s in &p.sections {
            let asks = match code {
                TemplateLeftover => !s.guidance.is_empty(),
                FewFigures => s.min_figures.is_some(),
                PersonalData | DateInconsistent => false,
            };
            if asks {
                out.push((s.title.clone(), &s.clause));
            }
        }
    }
    out
}

// The wording of this family's findings, zh and en together.

impl Finding for TextFinding {
    fn code(&self) -> Code {
        match self {
            Self::GuidanceLeft { .. }
            | Self::ExampleLeft { .. }
            | Self::TemplateMarks { .. }
            | Self::BlankDates { .. } => Code::TemplateLeftover,
            Self::FewFigures { .. } => Code::FewFigures,
            Self::PersonalData { .. } => Code::PersonalData,
            Self::DatedAfterToday { .. } | Self::DatedAfterDeadline { .. } => Code::DateInconsistent,
        }
    }

    fn severity(&self) -> Severity {
        match self {
            Self::PersonalData { public: true, .. } => Severity::Error,
            _ => self.code().info().severity,
        }
    }

    fn file(&self) -> Option<&str> {
        match self {
            Self::GuidanceLeft { file, .. }
            | Self::ExampleLeft { file, .. }
            | Self::TemplateMarks { file, .. }
            | Self::BlankDates { file, .. }
            | Self::FewFigures { file, .. }
            | Self::PersonalData { file, .. }
            | Self::DatedAfterToday { file, .. }
            | Self::DatedAfterDeadline { file, .. } => Some(file),
        }
    }

    fn section(&self) -> Option<&str> {
        match self {
            Self::GuidanceLeft { section, .. }
            | Self::ExampleLeft { section, .. }
            | Self::FewFigures { section, .. }
            | Self::PersonalData { section, .. } => Some(section),
            Self::TemplateMarks { .. }
            | Self::BlankDates { .. }
            | Self::DatedAfterToday { .. }
            | Self::DatedAfterDeadline { .. } => None,
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            Self::GuidanceLeft { section, shown, .. } => lang.pick(
                format!("“{section}”中留有模板的填写说明：“{shown}…”"),
                format!("“{section}” still holds the template's guidance: “{shown}…”"),
            ),
            Self::ExampleLeft { section, shown, percent, .. } => lang.pick(
                format!("“{section}”中留有模板的示例案例（约 {percent}% 与示例相同）：“{shown}…”"),
                format!("“{section}” still holds the template's example case (about {percent}% the same): “{shown}…”"),
            ),
            Self::TemplateMarks { document, marks, .. } => {
                let list = marks.iter().map(|m| format!("“{m}”")).collect::<Vec<_>>().join(lang.pick("、", ", "));
                lang.pick(
                    format!("{document}中留有模板标记：{list}"),
                    format!("the {document} still has template marks: {list}"),
                )
            }
            Self::BlankDates { document, count, .. } => lang.pick(
                format!("{document}中有 {count} 处日期未填（如“2024年  月  日”）"),
                format!(
                    "{} in the {document} left blank (like “2024年  月  日”)",
                    crate::diag::counted(*count, "date", "dates")
                ),
            ),
            Self::FewFigures { section, count, min, .. } => lang.pick(
                format!("“{section}”只有 {count} 处量化数据（数字加单位或百分比），通知要求用数字说明，建议至少 {min} 处"),
                format!(
                    "“{section}” has {} (numbers with units or %); the notice asks for figures, at least {min} suggested",
                    crate::diag::counted(*count, "figure", "figures")
                ),
            ),
            Self::PersonalData { section, ids, phones, mails, public, .. } => {
                let list = personal_data_list(*ids, *phones, *mails, lang);
                if *public {
                    lang.pick(
                        format!("可对外公开的“{section}”中含有个人信息：{list}"),
                        format!("“{section}”, which may be published, holds personal data: {list}"),
                    )
                } else {
                    lang.pick(
                        format!("“{section}”中含有个人信息：{list}"),
                        format!("“{section}” holds personal data: {list}"),
                    )
                }
            }
            Self::DatedAfterToday { document, date, today, .. } => lang.pick(
                format!("{document}中的日期 {date} 晚于今天（{today}）"),
                format!("the {document} is dated {date}, after today ({today})"),
            ),
            Self::DatedAfterDeadline { document, date, deadline, .. } => lang.pick(
                format!("{document}中的日期 {date} 晚于截止日期 {deadline}"),
                format!("the {document} is dated {date}, after the deadline {deadline}"),
            ),
        }
    }

    fn help(&self, lang: Lang) -> Option<String> {
        let (zh, en) = match self {
            Self::GuidanceLeft { .. } | Self::ExampleLeft { .. } => (
                "删除模板说明和示例文字，换成本案例的内容",
                "delete the template's guidance and example and write your own text",
            ),
            Self::TemplateMarks { .. } => ("换成实际内容，或删除", "replace them with the real content or delete them"),
            Self::BlankDates { .. } => ("填上日期（与盖章日期一致）", "fill in the date (the day of the stamp)"),
            Self::FewFigures { .. } => (
                "用具体数字概括成效：如接入企业数、成本降低百分比、周期缩短天数",
                "sum up the results in numbers: firms connected, cost cut in %, days saved",
            ),
            Self::PersonalData { .. } => (
                "公开材料中删除或改用单位电话、单位邮箱；联系方式写在申报表中",
                "remove them or use the organisation's phone and address; contacts belong in the 申报表",
            ),
            Self::DatedAfterToday { .. } => ("写实际盖章的日期", "write the day it is actually stamped"),
            Self::DatedAfterDeadline { .. } => {
                ("核对日期：应在截止日期之前", "check the date: it should be before the deadline")
            }
        };
        Some(lang.pick(zh, en).to_owned())
    }
}

/// “身份证号 1 个、手机号 2 个”: the kinds of personal data found, with their counts.
fn personal_data_list(ids: usize, phones: usize, mails: usize, lang: Lang) -> String {
    let mut what = Vec::new();
    if ids > 0 {
        what.push(lang.pick(format!("身份证号 {ids} 个"), crate::diag::counted(ids, "ID number", "ID numbers")));
    }
    if phones > 0 {
        what.push(
            lang.pick(format!("手机号 {phones} 个"), crate::diag::counted(phones, "mobile number", "mobile numbers")),
        );
    }
    if mails > 0 {
        what.push(lang.pick(
            format!("个人邮箱 {mails} 个"),
            crate::diag::counted(mails, "personal e-mail address", "personal e-mail addresses"),
        ));
    }
    what.join(lang.pick("、", ", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = "如：本系统自20XX年XX月上线实施以来，已在高端装备制造业、生物医药、钢铁制造等行业25家工业制造核心企业落地应用使用。以某企业为例，上线后一年采购成本节约3.43%、效率提升13.2%，图纸打印成本节约1000万元/年，质量合格率年度提升3.2%，产业链协同水平显著提升。";

    #[test]
    fn example_cases_are_found_when_lightly_edited() {
        let whole = essence(EXAMPLE);
        assert_eq!(leftover(EXAMPLE, &whole), Some(Leftover::Guidance));
        // “如：” cut and the figures changed: still the template's example.
        let edited = EXAMPLE.trim_start_matches("如：").replace("25家", "31家").replace("3.43%", "4.1%");
        assert!(matches!(leftover(EXAMPLE, &essence(&edited)), Some(Leftover::Example(p)) if p >= 60));
        // A text of one's own that shares a phrase or two is not.
        let own =
            "本平台于2023年5月上线，已在全市12家医院应用，以某医院为例，挂号等待时间缩短40%，产业链协同水平显著提升。";
        assert_eq!(leftover(EXAMPLE, &essence(own)), None);
    }

    #[test]
    fn bracketed_guidance_is_recognised() {
        let probe =
            guidance_probe("（描述已开展的工作情况，包含政策文件制定情况、数据资源现状、技术平台建设情况等。）");
        assert_eq!(probe.as_deref(), Some("描述已开展的工作情况包含政策文件"));
        assert_eq!(guidance_probe("（一）图片"), None);
        assert!(essence("一、工作基础\n(描述已开展的工作情况,包含政策文件制定情况)")
            .contains("描述已开展的工作情况包含政策文"));
    }

    #[test]
    fn figures_are_numbers_with_units_not_years_or_list_numbers() {
        assert_eq!(figures("接入企业126家，采购成本降低3.4%，交付周期缩短18天。"), 3);
        assert_eq!(figures("2024年启动，1.建设平台；2.推广应用。"), 0);
        assert_eq!(figures("累计投入 1.2 亿元，服务 3000 余户"), 2);
    }

    #[test]
    fn id_numbers_need_a_right_check_digit() {
        assert_eq!(id_numbers("身份证号11010519491231002X。"), 1);
        assert_eq!(id_numbers("身份证号110105194912310021。"), 0);
        assert_eq!(id_numbers("订单号1101051949123100251234"), 0);
    }

    #[test]
    fn mobiles_and_personal_mail() {
        assert_eq!(mobiles("联系电话13800001234，座机023-63000000"), 1);
        assert_eq!(mobiles("编号213800001234"), 0);
        assert_eq!(personal_emails("邮箱 zhangwei@qq.com；单位邮箱 office@example.gov.cn"), 1);
    }

    #[test]
    fn written_dates_are_read() {
        let d = |y, m, day| jiff::civil::Date::new(y, m, day).expect("date");
        assert_eq!(written_dates("2024年8月10日"), [d(2024, 8, 10)]);
        assert_eq!(written_dates("日期：2024 年 3 月 1 日，另 2023年12月31日"), [d(2024, 3, 1), d(2023, 12, 31)]);
        assert!(written_dates("2024年  月  日").is_empty());
        assert!(written_dates("2024年13月1日").is_empty());
    }

    #[test]
    fn blank_dates_and_filled_ones() {
        assert!(blank_date("2024年  月  日"));
        assert!(blank_date("年 月 日"));
        assert!(blank_date("2024年\u{3000}月\u{3000}日"));
        assert!(!blank_date("2024年8月10日"));
        assert!(!blank_date("本年度月均增长"));
    }
}
