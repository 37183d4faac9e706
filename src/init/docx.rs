//! The 申报书 template written from a rule file: the cover, the 申报表 / 信息表 as real tables, every part
//! and section heading in the notice's order with its limit, the guidance where the check flags it when
//! left in, and the 承诺书 with its stamp line.
//!
//! Layout after GB/T 9704 (党政机关公文格式), as the notices' own templates are set: A4, margins top 37 mm,
//! bottom 35 mm, left 28 mm, right 26 mm; body 仿宋_GB2312 三号 on a fixed 28 pt line with a two-character
//! indent; headings 黑体 in Word's built-in Heading 1 / Heading 2 styles, which carry outline levels, so
//! Word's navigation pane and shenbao's section finder see the same outline. Every run has the East Asian
//! font hint, so quotes and dashes count as Word counts them in Chinese text.

use crate::checks::identity::{NAME_LABELS, UNIT_LABELS};
use crate::count::Unit;
use crate::keys::{heading_key, label_key};
use crate::notice::{Field, FieldKind, Form, FormTable, Notice, NoticeKind, Part, Section};
use docx_rs::{
    AlignmentType, BreakType, Docx, Footer, LineSpacing, LineSpacingType, PageMargin, PageNum, Paragraph, Run,
    RunFonts, SpecialIndentType, Style, StyleType, Table, TableCell, TableLayoutType, TableRow, VAlignType, WidthType,
};

/// A4 in twentieths of a point.
pub const PAGE: (u32, u32) = (11906, 16838);
/// GB/T 9704 margins (37, 35, 28, 26 mm) in twips: top, bottom, left, right.
pub const MARGINS: (i32, i32, i32, i32) = (2098, 1984, 1587, 1474);
/// The width between the margins.
const TEXT_WIDTH: usize = 11906 - 1587 - 1474;

const LATIN: &str = "Times New Roman";
const BODY: &str = "仿宋_GB2312";
const HEADING: &str = "黑体";
const HINT: &str = "楷体_GB2312";
/// Font sizes in half-points: 二号, 三号, 小三, 小四.
const SIZE_TITLE: usize = 44;
const SIZE_BODY: usize = 32;
const SIZE_HEADING2: usize = 30;
const SIZE_TABLE: usize = 24;
/// 28 pt, the 公文 line.
const LINE: i32 = 560;
/// Two characters of 三号.
const INDENT: i32 = 640;

/// A blank to write on, which the check reports as a template mark (SB707) until it is filled.
const BLANK: &str = "____________________";
/// A date to fill in, which the check reports as a blank date (SB707) until it is filled.
const BLANK_DATE: &str = "年  月  日";

/// What is known when the template is written.
#[derive(Debug, Clone, Copy, Default)]
pub struct Known<'a> {
    /// 案例名称 / 项目名称 / 场景名称.
    pub name: Option<&'a str>,
    /// 申报单位 / 牵头单位 / 参赛单位.
    pub unit: Option<&'a str>,
}

/// The unit word of limits as the templates print them: “（300字以内）”.
fn unit_word(unit: Unit) -> &'static str {
    match unit {
        Unit::Word => "字",
        Unit::CharsNoSpaces => "个字符",
        Unit::Hanzi => "个汉字",
    }
}

/// The table of `form` that a part's heading names (“1、“数据要素×”典型案例申报信息表” for the part 信息表):
/// the table is written under that heading, and the heading takes the table's full name.
pub fn attached_table(form: &Form, part: usize) -> Option<usize> {
    let owner = |t: &FormTable| {
        let name = heading_key(&t.name);
        form.parts.iter().position(|p| {
            std::iter::once(&p.title).chain(&p.aliases).any(|a| {
                let key = heading_key(a);
                !key.is_empty() && name.contains(&key)
            })
        })
    };
    form.tables.iter().position(|t| owner(t) == Some(part))
}

/// A part's heading as written: its number, its title (or the full name of the table it holds) and its
/// limit, e.g. “二、案例简介（总篇幅不超过5000字）”.
pub fn part_heading(form: &Form, index: usize) -> String {
    let part: &Part = &form.parts[index];
    let title = match attached_table(form, index) {
        Some(t) => form.tables[t].name.as_str(),
        None => part.title.as_str(),
    };
    let limit = part.limit.map(|l| format!("（总篇幅不超过{l}{}）", unit_word(form.unit))).unwrap_or_default();
    format!("{}{title}{limit}", part.number.as_deref().unwrap_or(""))
}

/// A section's heading as written, e.g. “一、问题描述（300字以内）”.
pub fn section_heading(form: &Form, section: &Section) -> String {
    let limit = section.limit.map(|l| format!("（{l}{}以内）", unit_word(form.unit))).unwrap_or_default();
    format!("{}{}{limit}", section.number.as_deref().unwrap_or(""), section.title)
}

/// The guidance lines worth writing: those the check recognises when they are left in (SB707), so that
/// none can slip into a submission unnoticed.
pub fn shown_guidance(guidance: &[String]) -> impl Iterator<Item = &String> {
    guidance.iter().filter(|g| crate::checks::text::guidance_probe(g).is_some())
}

/// The cover's lines: the rule's, else the name, the applicant and the date.
pub fn cover_labels(notice: &Notice) -> Vec<(String, Option<String>)> {
    if !notice.form.cover.is_empty() {
        return notice.form.cover.iter().map(|c| (c.label.clone(), c.example.clone())).collect();
    }
    let unit = if notice.kind == NoticeKind::Contest { "参赛单位" } else { "申报单位" };
    vec![(format!("{}名称", notice.item), None), (unit.to_owned(), None), ("日期".to_owned(), None)]
}

/// The label naming the applicant on this notice's cover (申报单位, 牵头单位, 参赛单位).
fn unit_label(notice: &Notice) -> String {
    cover_labels(notice)
        .into_iter()
        .map(|(label, _)| label)
        .find(|l| UNIT_LABELS.contains(&heading_key(l).as_str()))
        .unwrap_or_else(|| "申报单位".to_owned())
}

/// A paragraph in the Normal style, named: docx-rs cannot mark a style as the default (`w:default`), and a
/// reader that goes by it (python-docx) would otherwise see no style at all.
fn para() -> Paragraph {
    Paragraph::new().style("Normal")
}

fn is_label(label: &str, labels: &[&str]) -> bool {
    labels.contains(&heading_key(label).as_str())
}

fn fonts(east_asia: &str) -> RunFonts {
    RunFonts::new().ascii(LATIN).hi_ansi(LATIN).east_asia(east_asia).hint("eastAsia")
}

fn run(text: &str, east_asia: &str) -> Run {
    Run::new().add_text(text).fonts(fonts(east_asia))
}

fn body(text: &str) -> Paragraph {
    para().add_run(run(text, BODY)).indent(None, Some(SpecialIndentType::FirstLine(INDENT)), None, None)
}

/// A guidance line: grey 楷体, to be replaced.
fn hint(text: &str) -> Paragraph {
    para().add_run(run(text, HINT).color("7F7F7F")).indent(None, Some(SpecialIndentType::FirstLine(INDENT)), None, None)
}

fn heading(style: &str, text: &str) -> Paragraph {
    para().style(style).keep_next(true).add_run(run(text, HEADING))
}

fn empty() -> Paragraph {
    para()
}

fn page_break() -> Paragraph {
    para().add_run(Run::new().add_break(BreakType::Page))
}

fn styles(docx: Docx) -> Docx {
    let body_line = LineSpacing::new().line_rule(LineSpacingType::Exact).line(LINE);
    // docx-rs always writes an empty Normal of its own: the body's font, size and line go in the document
    // defaults it inherits, so that Normal is defined once.
    docx.default_fonts(fonts(BODY))
        .default_size(SIZE_BODY)
        .default_line_spacing(body_line.clone())
        .add_style(
            Style::new("Heading1", StyleType::Paragraph)
                .name("heading 1")
                .based_on("Normal")
                .next("Normal")
                .q_format(true)
                .outline_lvl(0)
                .fonts(fonts(HEADING))
                .size(SIZE_BODY)
                .line_spacing(LineSpacing::new().line_rule(LineSpacingType::Exact).line(LINE).before(240)),
        )
        .add_style(
            Style::new("Heading2", StyleType::Paragraph)
                .name("heading 2")
                .based_on("Normal")
                .next("Normal")
                .q_format(true)
                .outline_lvl(1)
                .fonts(fonts(HEADING))
                .size(SIZE_HEADING2)
                .line_spacing(body_line),
        )
}

/// A table cell of `width` twips holding `lines`, one paragraph each.
fn cell(lines: &[String], width: usize, span: usize, align: AlignmentType) -> TableCell {
    let line = LineSpacing::new().line_rule(LineSpacingType::Exact).line(400);
    let mut c = TableCell::new().width(width, WidthType::Dxa).vertical_align(VAlignType::Center);
    if span > 1 {
        c = c.grid_span(span);
    }
    let lines: Vec<&str> = if lines.is_empty() { vec![""] } else { lines.iter().map(String::as_str).collect() };
    for l in lines {
        // The paragraph mark carries the table's size too: what is typed into an empty cell is 小四 like
        // its label, not the body's 三号.
        let mut p = para().align(align).line_spacing(line.clone()).size(SIZE_TABLE).fonts(fonts(BODY));
        if !l.is_empty() {
            p = p.add_run(run(l, BODY).size(SIZE_TABLE));
        }
        c = c.add_paragraph(p);
    }
    c
}

/// The options of a choice field, each with an empty box, four to a line; “其他” with a blank to say what
/// it is, as the notice's own form has it (“□其他____”).
fn choices(notice: &Notice, field: &Field) -> Vec<String> {
    let Some(list) = field.list.as_deref().and_then(|l| notice.lists.by_name(l)) else { return Vec::new() };
    let boxed = |v: &String| {
        let open = v.starts_with("其他") || v.starts_with("其它");
        if open {
            format!("□{v}：{OTHER_BLANK}")
        } else {
            format!("□{v}")
        }
    };
    list.values.chunks(4).map(|row| row.iter().map(boxed).collect::<Vec<_>>().join("  ")).collect()
}

/// The blank after “□其他：” in a choice cell.
const OTHER_BLANK: &str = "________";

/// What a field's value cell holds in the template: what is known, the template's hint, or the boxes.
fn field_value(notice: &Notice, field: &Field, known: Known<'_>) -> Vec<String> {
    if let (true, Some(name)) = (is_label(&field.label, &NAME_LABELS), known.name) {
        return vec![name.to_owned()];
    }
    if let (true, Some(unit)) = (is_label(&field.label, &UNIT_LABELS), known.unit) {
        return vec![unit.to_owned()];
    }
    let placeholder = || field.placeholder.first().map(|p| p.lines().map(str::to_owned).collect::<Vec<_>>());
    match field.kind {
        FieldKind::Choice => choices(notice, field),
        FieldKind::Stamp => placeholder().unwrap_or_else(|| vec!["（盖章）".to_owned(), BLANK_DATE.to_owned()]),
        _ => placeholder()
            .or_else(|| field.limit.map(|l| vec![format!("（不超过{l}{}）", unit_word(notice.form.unit))]))
            .unwrap_or_default(),
    }
}

/// The label cell's lines: “申报方向” and, for several choices, “（可选多项）” below it.
fn field_label(field: &Field) -> Vec<String> {
    let mut lines = vec![field.label.clone()];
    if field.kind == FieldKind::Choice && field.multiple {
        lines.push("（可选多项）".to_owned());
    }
    lines
}

/// A 申报表: one row per field, label on the left, value across; a person, their post and their contact
/// share a row as the templates lay them out (负责人 | 职务 | 联系方式), and the 联系人 after them gets the
/// same row, with the fields the rule places in it (`row = "联系人"`) or else the same labels. Any other
/// field that names a row is placed in that row, after its head, matched as `check` matches labels.
fn form_table(notice: &Notice, table: &FormTable, known: Known<'_>) -> Table {
    // Widths in twips, cell margins (2 × 108) included: the first label column holds six characters of 小四
    // (“申报单位意见”), the 职务 and 联系方式 labels four, and the last value a phone number such as
    // “023-67891234” on one line.
    const GRID: [usize; 6] = [1700, 1300, 1200, 1300, 1200, TEXT_WIDTH - 1700 - 1300 - 1200 - 1300 - 1200];
    let fields = &table.fields;
    let is_person = |f: &Field| f.kind == FieldKind::Text && f.label.ends_with('人');
    // The fields placed in a head's row, in the rule's order. The rule-file loader has rewritten each
    // `row` to its head's label as written.
    let in_row_of = |head: &Field| -> Vec<&Field> {
        if head.row.is_some() {
            return Vec::new();
        }
        fields.iter().filter(|f| f.row.as_deref() == Some(head.label.as_str())).collect()
    };
    // Label and value cells, side by side across the grid; the last value spans what is left of the row.
    let pairs = |all: &[(Vec<String>, Vec<String>)]| -> Vec<TableCell> {
        let mut cells = Vec::new();
        let mut column = 0;
        for (k, (label, value)) in all.iter().enumerate() {
            let span = if k + 1 == all.len() { GRID.len() - column - 1 } else { 1 };
            let width: usize = GRID[column + 1..column + 1 + span].iter().sum();
            cells.push(cell(label, GRID[column], 1, AlignmentType::Center));
            cells.push(cell(value, width, span, AlignmentType::Left));
            column += 1 + span;
        }
        cells
    };
    let mut rows = Vec::new();
    let mut i = 0;
    while i < fields.len() {
        let f = &fields[i];
        i += 1;
        if f.row.is_some() {
            // Placed with its head.
            continue;
        }
        let trio = fields.get(i - 1..i + 2).filter(|t| {
            is_person(&t[0])
                && t[1].kind == FieldKind::Text
                && t[2].kind == FieldKind::Contact
                && t[2].label.len() < 20
                && t[1..].iter().all(|g| g.row.is_none())
                && in_row_of(&t[0]).is_empty()
        });
        if let Some(t) = trio {
            let all: Vec<_> = t.iter().map(|g| (field_label(g), field_value(notice, g, known))).collect();
            rows.push(TableRow::new(pairs(&all)));
            i += 2;
            // 联系人 with the same post and contact cells: its own fields where the rule names them, and
            // any other field of its row in the place of one the rule leaves out.
            if let Some(next) = fields.get(i).filter(|g| is_person(g) && g.row.is_none()) {
                let own = in_row_of(next);
                let same = |a: &Field, b: &Field| label_key(&a.label) == label_key(&b.label);
                let mut slots: Vec<Option<&Field>> =
                    t[1..].iter().map(|g| own.iter().copied().find(|o| same(o, g))).collect();
                for o in own.iter().filter(|o| !t[1..].iter().any(|g| same(o, g))) {
                    if let Some(slot) = slots.iter_mut().find(|slot| slot.is_none()) {
                        *slot = Some(o);
                    }
                }
                let mut all = vec![(field_label(next), field_value(notice, next, known))];
                for (slot, g) in slots.iter().zip(&t[1..]) {
                    all.push(match slot {
                        Some(o) => (field_label(o), field_value(notice, o, known)),
                        None => (field_label(g), Vec::new()),
                    });
                }
                rows.push(TableRow::new(pairs(&all)));
                i += 1;
            }
            continue;
        }
        let own = in_row_of(f);
        if !own.is_empty() {
            // The rule file's loader allows at most two fields besides the head in a row.
            let all: Vec<_> =
                std::iter::once(f).chain(own).map(|g| (field_label(g), field_value(notice, g, known))).collect();
            rows.push(TableRow::new(pairs(&all)));
            continue;
        }
        let value_width: usize = GRID[1..].iter().sum();
        let align = if f.kind == FieldKind::Stamp { AlignmentType::Right } else { AlignmentType::Left };
        let mut row = TableRow::new(vec![
            cell(&field_label(f), GRID[0], 1, AlignmentType::Center),
            cell(&field_value(notice, f, known), value_width, 5, align),
        ]);
        if f.limit.is_some_and(|l| l >= 100) {
            // Room to write in (about 1 cm per 100 字, up to 8 cm).
            let cm = f.limit.map_or(1, |l| (l / 100).clamp(1, 8)) as f32;
            row = row.row_height(cm * 567.0).height_rule(docx_rs::HeightRule::AtLeast);
        }
        rows.push(row);
    }
    Table::new(rows).set_grid(GRID.to_vec()).width(TEXT_WIDTH, WidthType::Dxa).layout(TableLayoutType::Fixed)
}

/// The table a section asks for (数据资源需求清单): its columns and empty rows to fill in.
fn columns_table(columns: &[String]) -> Table {
    let n = columns.len().max(1);
    let width = TEXT_WIDTH / n;
    let header =
        TableRow::new(columns.iter().map(|c| cell(std::slice::from_ref(c), width, 1, AlignmentType::Center)).collect());
    let mut rows = vec![header];
    for _ in 0..5 {
        rows.push(TableRow::new(columns.iter().map(|_| cell(&[], width, 1, AlignmentType::Left)).collect()));
    }
    Table::new(rows).set_grid(vec![width; n]).width(width * n, WidthType::Dxa).layout(TableLayoutType::Fixed)
}

fn centered_title(text: &str, size: usize) -> Paragraph {
    para().align(AlignmentType::Center).add_run(run(text, HEADING).size(size))
}

/// The cover: the form's title, its lines with what is known, and the date.
fn cover(mut docx: Docx, notice: &Notice, known: Known<'_>) -> Docx {
    for _ in 0..4 {
        docx = docx.add_paragraph(empty());
    }
    docx = docx.add_paragraph(centered_title(&notice.form.title, SIZE_TITLE));
    for _ in 0..4 {
        docx = docx.add_paragraph(empty());
    }
    let mut dated = false;
    for (label, example) in cover_labels(notice) {
        if heading_key(&label) == "日期" {
            dated = true;
            continue;
        }
        let value = if is_label(&label, &NAME_LABELS) {
            known.name.map(str::to_owned)
        } else if is_label(&label, &UNIT_LABELS) {
            known.unit.map(str::to_owned)
        } else {
            None
        };
        let value = value.or(example).unwrap_or_else(|| BLANK.to_owned());
        docx = docx.add_paragraph(
            para().indent(Some(1280), None, None, None).add_run(run(&format!("{label}：{value}"), BODY)),
        );
    }
    if dated {
        docx = docx
            .add_paragraph(empty())
            .add_paragraph(para().align(AlignmentType::Center).add_run(run(BLANK_DATE, BODY)));
    }
    docx.add_paragraph(page_break())
}

/// The notice's catalogue of pictures under the 图片 heading (1.数据要素流向图 … 5.其他…), as its template
/// lists them: the categories of its picture document.
fn picture_catalogue(mut docx: Docx, notice: &Notice) -> Docx {
    let pictures = notice.documents.iter().find(|d| d.role == crate::notice::Role::Picture);
    for (i, category) in pictures.map(|d| d.categories.as_slice()).unwrap_or_default().iter().enumerate() {
        docx = docx.add_paragraph(body(&format!("{}.{}", i + 1, category.name)));
    }
    docx
}

/// The stamp line of a part that carries the 公章 (承诺书): the applicant and the date, right-aligned.
fn stamp_lines(docx: Docx, notice: &Notice, known: Known<'_>) -> Docx {
    let who = format!("{}（盖章）：{}", unit_label(notice), known.unit.unwrap_or(""));
    let right =
        |t: &str| para().align(AlignmentType::Right).indent(None, None, Some(INDENT), None).add_run(run(t, BODY));
    docx.add_paragraph(empty()).add_paragraph(empty()).add_paragraph(right(&who)).add_paragraph(right(BLANK_DATE))
}

/// The whole 申报书 as .docx bytes. `timestamp` (RFC 3339) dates the document properties.
pub fn application(notice: &Notice, known: Known<'_>, timestamp: &str) -> std::io::Result<Vec<u8>> {
    let form = &notice.form;
    let (top, bottom, left, right) = MARGINS;
    // Page numbers in the footer, centred, from the page after the cover: the 申报书 is also sent on paper.
    let page_number = Footer::new().add_paragraph(para().align(AlignmentType::Center).add_page_num(PageNum::new()));
    let mut docx = styles(Docx::new())
        .footer(page_number)
        .first_footer(Footer::new())
        .page_size(PAGE.0, PAGE.1)
        .page_margin(PageMargin::new().top(top).bottom(bottom).left(left).right(right).header(851).footer(992))
        .created_at(timestamp)
        .updated_at(timestamp);
    docx = cover(docx, notice, known);

    // Tables no part heading names stand after the cover, under their own title.
    let attached: Vec<usize> = (0..form.parts.len()).filter_map(|p| attached_table(form, p)).collect();
    let loose: Vec<&FormTable> =
        form.tables.iter().enumerate().filter(|(i, _)| !attached.contains(i)).map(|(_, t)| t).collect();
    for table in &loose {
        docx = docx
            .add_paragraph(centered_title(&table.name, SIZE_BODY))
            .add_paragraph(empty())
            .add_table(form_table(notice, table, known))
            .add_paragraph(empty());
    }
    if !loose.is_empty() {
        docx = docx.add_paragraph(page_break());
    }

    for (pi, part) in form.parts.iter().enumerate() {
        docx = docx.add_paragraph(heading("Heading1", &part_heading(form, pi)).page_break_before(part.stamp));
        if let Some(t) = attached_table(form, pi) {
            docx = docx.add_table(form_table(notice, &form.tables[t], known)).add_paragraph(empty());
        }
        for g in shown_guidance(&part.guidance) {
            docx = docx.add_paragraph(hint(g));
        }
        for t in &part.text {
            docx = docx.add_paragraph(body(t));
        }
        if part.stamp {
            docx = stamp_lines(docx, notice, known);
        }
        for section in &part.sections {
            docx = docx.add_paragraph(heading("Heading2", &section_heading(form, section)));
            for g in shown_guidance(&section.guidance) {
                docx = docx.add_paragraph(hint(g));
            }
            if is_label(&section.title, &["图片"]) {
                docx = picture_catalogue(docx, notice);
            }
            if !section.table_columns.is_empty() {
                if let Some(caption) = &section.table_caption {
                    docx = docx.add_paragraph(centered_title(caption, SIZE_TABLE));
                }
                docx = docx.add_table(columns_table(&section.table_columns)).add_paragraph(empty());
            }
        }
    }

    let mut bytes = std::io::Cursor::new(Vec::new());
    docx.build().pack(&mut bytes).map_err(std::io::Error::other)?;
    Ok(bytes.into_inner())
}
