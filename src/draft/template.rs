//! The 申报书 template read into a draft form: title, parts and sections from headings (styles, or
//! numbering “一、” “（一）” “1.” on short lines), their limits, form tables, the 承诺书 and seal lines.

use super::limits::{self, Limit, Scope};
use super::{FieldDraft, FormDraft, Heading, TableDraft};
use crate::read::docx::{Document, Place};

/// Longest heading accepted, in characters, limit bracket aside: a longer line is prose.
const MAX_HEADING_CHARS: usize = 40;
/// Guidance lines kept per heading; the rest of a long instruction is left to the template.
const MAX_GUIDANCE: usize = 12;
/// Most parts, sections per part, tables and fields per table drafted: ten times a real 申报书's. Past
/// them the rest is left out with a note, so that a hostile template cannot make the draft quadratic.
pub const MAX_PARTS: usize = 200;
pub const MAX_SECTIONS: usize = 200;
pub const MAX_TABLES: usize = 50;
pub const MAX_FIELDS: usize = 200;
/// Longest label of a form-table cell, in characters.
const MAX_LABEL_CHARS: usize = 14;

const CHINESE_NUMERALS: &str = "一二三四五六七八九十";

/// A heading's numbering as printed and its rank among numbering styles: 第一部分 0, 一、 1, （一） 2,
/// 1. 3, （1） 4. Returns (rank, number, rest).
pub fn numbering(text: &str) -> Option<(u8, String, String)> {
    let t = text.trim_start();
    let take = |n: usize| -> (String, String) {
        let number: String = t.chars().take(n).collect();
        let rest: String = t.chars().skip(n).collect();
        (number, rest.trim_start().to_owned())
    };
    let chars: Vec<char> = t.chars().collect();
    let numeral_run = |from: usize, pred: &dyn Fn(char) -> bool| chars[from..].iter().take_while(|c| pred(**c)).count();
    let is_cn = |c: char| CHINESE_NUMERALS.contains(c);
    let is_ar = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    if chars.first() == Some(&'第') {
        let n = numeral_run(1, &is_cn);
        if n > 0 && chars.get(1 + n) == Some(&'部') && chars.get(2 + n) == Some(&'分') {
            let (number, rest) = take(3 + n);
            return Some((0, number, rest.trim_start_matches(['：', ':', '、', ' ']).to_owned()));
        }
    }
    let n = numeral_run(0, &is_cn);
    if n > 0 && n <= 3 && matches!(chars.get(n), Some('、' | '．' | '.')) {
        let (number, rest) = take(n + 1);
        return Some((1, number, rest));
    }
    if matches!(chars.first(), Some('（' | '(')) {
        let cn = numeral_run(1, &is_cn);
        let ar = numeral_run(1, &is_ar);
        let n = cn.max(ar);
        if n > 0 && n <= 3 && matches!(chars.get(1 + n), Some('）' | ')')) {
            let (number, rest) = take(n + 2);
            return Some((if cn > 0 { 2 } else { 4 }, number, rest.trim_start_matches(['、', '．', '.']).to_owned()));
        }
    }
    let n = numeral_run(0, &is_ar);
    if n > 0
        && n <= 2
        && matches!(chars.get(n), Some('、' | '．' | '.' | '）' | ')'))
        && !chars.get(n + 1).is_some_and(|c| is_ar(*c))
    {
        let (number, rest) = take(n + 1);
        return Some((3, number, rest));
    }
    None
}

/// A heading's title: what the numbering is followed by, up to its first bracket or colon.
fn title_of(rest: &str) -> String {
    let end = rest.find(['（', '(', '：', ':']).unwrap_or(rest.len());
    rest[..end].trim().trim_end_matches(['。', '；', ';', '，', ',', '、']).trim().to_owned()
}

/// A numbered line that reads as a heading: a short title with no sentence in it.
fn numbered_heading(rest: &str) -> bool {
    let title = title_of(rest);
    let n = title.chars().count();
    // “项目的研究内容、研究目标，以及拟解决的关键科学问题” is a heading; a full sentence is not.
    (2..=MAX_HEADING_CHARS * 3 / 4).contains(&n) && !title.contains(['。', '；', ';'])
}

/// A seal line: “（盖章）”, “申报单位（盖章）：”, “单位公章”.
fn is_seal(text: &str) -> bool {
    text.contains("盖章") || text.contains("公章") || text.contains("签章")
}

/// A date line: “年  月  日”.
fn is_date_line(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace() && *c != '　').collect();
    t.ends_with("年月日") || (t.contains('年') && t.contains('月') && t.ends_with('日') && t.chars().count() <= 14)
}

struct Line {
    text: String,
    rank: Option<u8>,
    number: Option<String>,
    title: String,
}

/// The form drafted from a template's paragraphs and tables. `notes` collects what to check.
pub fn read(doc: &Document, notes: &mut Vec<String>) -> FormDraft {
    let body: Vec<&crate::read::docx::Paragraph> =
        doc.paragraphs.iter().filter(|p| !matches!(p.place, Place::TableCell { .. })).collect();
    // Headings by style, or by numbering when the styles mark fewer (a template that styles its cover
    // lines and numbers its parts by hand).
    let styled_lines = classify(&body, true);
    let numbered_lines = classify(&body, false);
    let count = |ls: &[Line]| ls.iter().filter(|l| l.rank.is_some()).count();
    let lines = if count(&styled_lines) > 0 && count(&styled_lines) * 2 >= count(&numbered_lines) {
        styled_lines
    } else {
        numbered_lines
    };
    // Parts are at the first heading's rank (or above it: a later “报告正文” styled higher); sections at the
    // next rank below.
    let part_rank = lines.iter().find_map(|l| l.rank);
    let section_rank = lines.iter().filter_map(|l| l.rank).filter(|r| Some(*r) > part_rank).min();
    let first_heading = lines.iter().position(|l| l.rank.is_some()).unwrap_or(lines.len());
    let title = lines[..first_heading]
        .iter()
        .map(|l| l.text.as_str())
        .find(|t| {
            t.chars().count() <= MAX_HEADING_CHARS
                && ["申报书", "申请书", "报告正文", "申报表", "模板", "方案", "材料"].iter().any(|w| t.contains(w))
        })
        .or_else(|| lines[..first_heading].iter().map(|l| l.text.as_str()).find(|t| !t.is_empty()))
        .unwrap_or("申报书")
        .to_owned();
    let cover: Vec<String> = lines[..first_heading]
        .iter()
        .filter_map(|l| {
            let (label, _) = l.text.split_once(['：', ':'])?;
            let label = label.trim();
            (!label.is_empty() && label.chars().count() <= 8).then(|| label.to_owned())
        })
        .collect();

    let mut form = FormDraft { title, cover, ..FormDraft::default() };
    for line in &lines[first_heading..] {
        if line.text.is_empty() {
            continue;
        }
        match line.rank {
            Some(r) if Some(r) <= part_rank => {
                if form.parts.len() == MAX_PARTS {
                    notes.push(format!("模板的部分超过 {MAX_PARTS} 个，其余未起草"));
                    break;
                }
                form.parts.push(heading(line, &mut form.document_limit));
            }
            Some(r) if Some(r) == section_rank && !form.parts.is_empty() => {
                let h = heading(line, &mut form.document_limit);
                if let Some(part) = form.parts.last_mut() {
                    if part.sections.len() < MAX_SECTIONS {
                        part.sections.push(h);
                    } else if !part.unsure.iter().any(|u| u.starts_with("章节超过")) {
                        part.unsure.push(format!("章节超过 {MAX_SECTIONS} 个，其余未起草"));
                    }
                }
            }
            _ => {
                let Some(part) = form.parts.last_mut() else { continue };
                if is_seal(&line.text) {
                    part.stamp = true;
                    if line.text.contains("联合") {
                        part.each_applicant = true;
                    }
                    continue;
                }
                if is_date_line(&line.text) {
                    continue;
                }
                let target = match part.sections.last_mut() {
                    Some(s) => s,
                    None => part,
                };
                guidance_line(target, &line.text, &mut form.document_limit);
            }
        }
    }
    // A 承诺书's lines are kept as its text, not as guidance to be replaced.
    for part in &mut form.parts {
        if part.title.contains("承诺") && part.sections.is_empty() {
            part.text = std::mem::take(&mut part.guidance);
            if !part.stamp {
                notes.push(format!("“{}”未见盖章行；若须盖章，请加 stamp = true", part.title));
            }
        }
    }
    form.tables = tables(doc, notes);
    form
}

/// Each paragraph with its heading rank: by outline level (`styled`) or by numbering on a short line.
fn classify(body: &[&crate::read::docx::Paragraph], styled: bool) -> Vec<Line> {
    body.iter()
        .map(|p| {
            let text = p.text().trim().to_owned();
            let num = numbering(&text);
            let without_limit = limits::find(&text).map_or(text.clone(), |l| limits::strip(&text, &l));
            let short = without_limit.chars().count() <= MAX_HEADING_CHARS;
            let (rank, number, title) = match (styled, p.outline_level, num) {
                (true, Some(level), num) if short && !text.is_empty() => {
                    let (number, rest) = num.map_or((None, text.clone()), |(_, n, r)| (Some(n), r));
                    (Some(level + 10), number, title_of(&rest))
                }
                (false, _, Some((rank, number, rest))) if numbered_heading(&rest) => {
                    (Some(rank), Some(number), title_of(&rest))
                }
                _ => (None, None, String::new()),
            };
            let rank = rank.filter(|_| !title.is_empty());
            Line { text, rank, number, title }
        })
        .collect()
}

/// A part or section from its heading line, with the limit its heading states.
fn heading(line: &Line, document_limit: &mut Option<Limit>) -> Heading {
    let mut h = Heading {
        number: line.number.clone(),
        title: line.title.clone(),
        quote: line.text.clone(),
        ..Heading::default()
    };
    if let Some(l) = limits::find(&line.text) {
        apply_limit(&mut h, l, document_limit);
    }
    h
}

/// A guidance line under a heading; a limit it states binds the heading (or the document).
fn guidance_line(h: &mut Heading, text: &str, document_limit: &mut Option<Limit>) {
    // A guidance line binds the heading only when it is the limit alone (“（不超过1000字）”, “总篇幅不超过
    // 5000字”); in a longer line the limit is an item's (“产出计划（…，限2000字）”).
    let alone = |l: &Limit| text.chars().count() <= l.quote.chars().count() + 6;
    if let Some(l) = limits::find(text).filter(alone) {
        if h.limit.is_none() {
            apply_limit(h, l, document_limit);
        }
    }
    if h.guidance.len() < MAX_GUIDANCE {
        h.guidance.push(text.to_owned());
    }
}

fn apply_limit(h: &mut Heading, l: Limit, document_limit: &mut Option<Limit>) {
    if l.scope == Scope::Document {
        if document_limit.is_none() {
            *document_limit = Some(l);
        }
        return;
    }
    if !l.alone {
        h.unsure.push(format!("“{}”提到 {} 字，可能只限其中某项内容，未作为限制写入", l.quote, l.words));
        return;
    }
    if l.soft {
        h.unsure.push(format!("“{}”是约数或原则性要求，按 {} 字上限检查", l.quote, l.words));
    }
    h.limit = Some((l.words, l.quote));
}

/// Form tables: label cells with their value cells; □ options make a choice field; “（盖章）” a stamp.
fn tables(doc: &Document, notes: &mut Vec<String>) -> Vec<TableDraft> {
    let mut out = Vec::new();
    for (ti, table) in doc.tables.iter().enumerate() {
        if out.len() == MAX_TABLES {
            notes.push(format!("模板的表格超过 {MAX_TABLES} 个，其余未起草"));
            break;
        }
        let name = doc.paragraphs[..table.first_paragraph.min(doc.paragraphs.len())]
            .iter()
            .rev()
            .filter(|p| !matches!(p.place, Place::TableCell { .. }))
            .map(|p| p.text().trim().to_owned())
            .find(|t| !t.is_empty())
            .filter(|t| t.contains('表') && t.chars().count() <= MAX_HEADING_CHARS)
            .unwrap_or_else(|| format!("表{}", ti + 1));
        let mut fields: Vec<FieldDraft> = Vec::new();
        for row in &table.rows {
            if fields.len() >= MAX_FIELDS {
                notes.push(format!("“{name}”的栏目超过 {MAX_FIELDS} 个，其余未起草"));
                break;
            }
            let mut head: Option<String> = None;
            // A row of three or five cells starts with a group's label spanning rows (研究内容和意义 over
            // 摘要 and 主要研究内容): the fields are the pairs after it.
            let mut k = usize::from(row.len() >= 3 && row.len() % 2 == 1);
            while k < row.len() && fields.len() < MAX_FIELDS {
                let label_text = row[k].text.trim().to_owned();
                let label = title_of(&label_text.replace(['\n', ' ', '　'], ""));
                let is_label = !label.is_empty()
                    && label.chars().count() <= MAX_LABEL_CHARS
                    && !label_text.contains(['□', '☐'])
                    && !row[k].merged_above;
                if !is_label || k + 1 >= row.len() {
                    k += 1;
                    continue;
                }
                let value = row[k + 1].text.trim().to_owned();
                let mut f = field(&label, &label_text, &value);
                let repeated = fields.iter().any(|g| g.label == f.label && g.row.is_none());
                let taken = |row: &String| fields.iter().any(|g| g.label == f.label && g.row.as_ref() == Some(row));
                if repeated {
                    match &head {
                        Some(h)
                            if *h != f.label
                                && !taken(h)
                                && fields.iter().filter(|g| g.row.as_deref() == Some(h)).count() < 2 =>
                        {
                            f.row = Some(h.clone());
                        }
                        _ => {
                            k += 2;
                            continue;
                        }
                    }
                }
                if head.is_none() {
                    head = Some(f.label.clone());
                }
                fields.push(f);
                k += 2;
            }
        }
        if fields.len() < 2 {
            continue;
        }
        if fields.len() > 40 {
            notes.push(format!("“{name}”有 {} 栏，可能不是申报表；请核对", fields.len()));
        }
        out.push(TableDraft { name, fields });
    }
    out
}

/// One option of a choice cell as the list names it: “其他：________” and “其他（请注明）” are “其他”, the blank
/// after it being where the applicant writes what it is.
fn option_text(option: &str) -> String {
    const BLANK: [char; 6] = ['_', '＿', '：', ':', '　', ' '];
    let mut o = option.trim().trim_matches(['　', ' ', '；', ';', '，', ',']).trim_end_matches(BLANK);
    for hint in ["（请注明）", "(请注明)", "（请说明）", "(请说明)"] {
        o = o.strip_suffix(hint).unwrap_or(o);
    }
    o.trim_end_matches(BLANK).to_owned()
}

fn field(label: &str, label_text: &str, value: &str) -> FieldDraft {
    let mut f = FieldDraft { label: label.to_owned(), quote: label_text.replace('\n', " "), ..FieldDraft::default() };
    f.multiple = label_text.contains("多选") || label_text.contains("可选多项") || value.contains("可多选");
    if value.contains(['□', '☐']) {
        f.kind = "choice";
        f.options = value
            .split(['□', '☐', '\n', '\t'])
            .map(option_text)
            .filter(|o| !o.is_empty() && o.chars().count() <= 20)
            .collect();
        if f.options.is_empty() {
            f.kind = "text";
        }
    } else if is_seal(value) || is_seal(label) {
        f.kind = "stamp";
        f.each_applicant = value.contains("联合");
    } else if ["联系方式", "电话", "手机", "邮箱"].iter().any(|w| label.contains(w)) {
        f.kind = "contact";
    } else if label.contains("日期") || label.contains("时间") {
        f.kind = "date";
    }
    if let Some(l) = limits::find(label_text).or_else(|| limits::find(value)) {
        f.limit = Some(l.words);
        f.quote = l.quote;
    }
    if !value.is_empty() && f.kind != "choice" && (value.starts_with(['（', '(']) || value.contains("示例")) {
        f.placeholder.push(value.to_owned());
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numberings() {
        let n = numbering;
        assert_eq!(n("一、案例背景（500字以内）"), Some((1, "一、".into(), "案例背景（500字以内）".into())));
        assert_eq!(n("（一）问题描述").map(|x| x.0), Some(2));
        assert_eq!(n("(二)解决方案").map(|x| x.0), Some(2));
        assert_eq!(n("1．项目的立项依据").map(|x| x.0), Some(3));
        assert_eq!(n("（1）项目概述").map(|x| x.0), Some(4));
        assert_eq!(n("第二部分 申报材料").map(|x| x.0), Some(0));
        assert_eq!(n("2024年8月20日"), None);
        assert_eq!(n("1.5万元"), None);
    }

    #[test]
    fn an_open_option_is_named_without_its_blank() {
        for written in ["其他：________", "其他＿＿＿", "其他_", "其他（请注明）：", " 其他 ；"] {
            assert_eq!(option_text(written), "其他", "{written}");
        }
        assert_eq!(option_text("公共数据开放"), "公共数据开放");
    }
}
