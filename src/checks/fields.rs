//! The 申报表 / 信息表 / 基本情况表: the table is there, every required field is filled, limits hold.
//!
//! The family file holds, in this order: the check (typed [`FieldFinding`]s, no language), the clauses
//! `shenbao explain` cites for SB108–SB111 and SB713, and the zh and en wording of each finding.

use super::Context;
use crate::count::{Counter, Tally};
use crate::diag::{family, Code, Diagnostic, Finding, Lang, Severity};
use crate::keys::phone::phones_in;
use crate::keys::{heading_key, label_key};
use crate::notice::{Clause, Field, FieldKind, Form, FormTable};
use crate::read::docx::{Cell, Document, Table};
use crate::report::FieldReport;

/// What this family finds, as data. `file` is the 申报书; `table` a form table's name, `field` a field's
/// title as the rule file gives them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldFinding {
    /// SB108: no table of the 申报书 carries enough of the table's labels; `document` is what the notice
    /// calls its Word document (申报书, 项目申报书…).
    TableMissing { file: String, document: String, table: String, clause: Clause },
    /// SB109: the table has no label of a required field.
    FieldMissing { file: String, table: String, field: String },
    /// SB109 as a warning: the table has the field's label, but not where it can be told whose it is (the
    /// 联系人's 职务 found only in other rows); `rows` where the label is, 1-based.
    FieldUnclear { file: String, table: String, field: String, rows: Vec<usize> },
    /// SB110: a required field is left blank (a choice field: no box ticked).
    FieldEmpty { file: String, table: String, field: String, choice: bool },
    /// SB110: “其他” is ticked in a choice field and nothing says what it is (“☑其他”, “☑其他：____”).
    OtherUnstated { file: String, table: String, field: String },
    /// SB716: more than one box ticked where one is allowed; the boxes ticked.
    OneChoice { file: String, field: String, chosen: Vec<String> },
    /// SB713: a part of a 联系方式 that is neither a phone number nor an e-mail address.
    ContactMalformed { file: String, field: String, bad: String },
    /// SB111: a field's value over its limit, counted in the notice's unit; `clause` the one stating the
    /// limit.
    OverLimit { file: String, field: String, count: u64, limit: u64, clause: Option<Clause> },
    /// SB105: the field's limit lies between the lowest and highest readings of quotes and dashes.
    LimitAmbiguous { file: String, field: String, count: u64, low: u64, high: u64, limit: u64 },
}

/// Marks that show a ticked checkbox in a choice field.
const TICKS: [char; 8] = ['☑', '■', '√', '✓', '✔', '☒', '▣', '◼'];

fn field_keys(field: &Field) -> Vec<String> {
    std::iter::once(&field.label).chain(&field.aliases).map(|l| label_key(l)).collect()
}

/// Where a field's label sits in a table: its row and cell index, and for a label written with its value
/// in one cell (“联系人：李四”) where the value starts in the cell's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Spot {
    row: usize,
    cell: usize,
    inline: Option<usize>,
}

/// Whether `cell` is a label of `keys`: the whole cell (`Some(None)`), or a label, a colon and a value
/// (`Some(Some(offset of the value))`).
fn label_at(cell: &Cell, keys: &[String]) -> Option<Option<usize>> {
    if keys.contains(&label_key(&cell.text)) {
        return Some(None);
    }
    let (i, colon) = cell.text.char_indices().find(|(_, c)| matches!(c, '：' | ':'))?;
    let from = i + colon.len_utf8();
    let filled = !cell.text[from..].trim().is_empty();
    (filled && keys.contains(&label_key(&cell.text[..i]))).then_some(Some(from))
}

/// The first place a label of `keys` sits, other than the places in `taken`.
fn find_label(table: &Table, keys: &[String], taken: &[Spot]) -> Option<Spot> {
    for (r, row) in table.rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let free = !taken.iter().any(|t| t.row == r && t.cell == c);
            if let Some(inline) = label_at(cell, keys).filter(|_| free) {
                return Some(Spot { row: r, cell: c, inline });
            }
        }
    }
    None
}

/// Where a field that belongs to a person's row (`row`: the 联系人's 职务 and 联系方式) sits: to the right
/// of that person's cell, else in the rows that follow it, one field a row, up to a row with another
/// field's label. `Err` gives the other places its label is found (none when the person is missing).
fn find_row_field(table: &Table, rule: &FormTable, field: &Field, row: &str) -> Result<Spot, Vec<Spot>> {
    let keys = field_keys(field);
    // The rule file's loader has made sure `row` is the label of a field of the table, as written there.
    let Some(head) = rule.fields.iter().find(|f| f.row.is_none() && f.label == *row) else { return Err(Vec::new()) };
    let Some(at) = find_label(table, &field_keys(head), &[]) else { return Err(Vec::new()) };
    let found_in = |r: usize, cells: &[Cell], skip: usize| {
        let mut spots = cells.iter().enumerate().skip(skip);
        spots.find_map(|(c, cell)| Some(Spot { row: r, cell: c, inline: label_at(cell, &keys)? }))
    };
    if let Some(spot) = found_in(at.row, &table.rows[at.row], at.cell + 1) {
        return Ok(spot);
    }
    let own: Vec<String> = rule.fields.iter().filter(|f| f.row.as_deref() == Some(row)).flat_map(field_keys).collect();
    let others: Vec<String> =
        rule.fields.iter().flat_map(field_keys).filter(|k| !own.contains(k) && *k != label_key(&head.label)).collect();
    for (r, cells) in table.rows.iter().enumerate().skip(at.row + 1) {
        if let Some(spot) = found_in(r, cells, 0) {
            return Ok(spot);
        }
        if cells.iter().any(|cell| label_at(cell, &others).is_some()) {
            break;
        }
    }
    let elsewhere = table.rows.iter().enumerate().flat_map(|(r, cells)| {
        let keys = &keys;
        cells
            .iter()
            .enumerate()
            .filter_map(move |(c, cell)| Some(Spot { row: r, cell: c, inline: label_at(cell, keys)? }))
    });
    Err(elsewhere.collect())
}

/// Where each field of the rule table sits in `table`, in the rule's order: the fields of a person's
/// row first, so that the others (the 负责人's 职务) are not looked for where those are. `Err` gives the
/// rows (1-based) where a field's label is found but belongs to no field: a layout that cannot be read.
fn locate(table: &Table, rule: &FormTable) -> Vec<Result<Spot, Vec<usize>>> {
    let mut spots: Vec<Option<Result<Spot, Vec<Spot>>>> = vec![None; rule.fields.len()];
    for (i, field) in rule.fields.iter().enumerate() {
        if let Some(row) = &field.row {
            spots[i] = Some(find_row_field(table, rule, field, row));
        }
    }
    let taken: Vec<Spot> = spots.iter().flatten().filter_map(|s| s.as_ref().ok()).copied().collect();
    let spots: Vec<Result<Spot, Vec<Spot>>> = rule
        .fields
        .iter()
        .zip(spots)
        .map(|(field, spot)| spot.unwrap_or_else(|| find_label(table, &field_keys(field), &taken).ok_or_else(Vec::new)))
        .collect();
    let claimed: Vec<Spot> = spots.iter().filter_map(|s| s.as_ref().ok()).copied().collect();
    spots
        .into_iter()
        .map(|spot| {
            spot.map_err(|elsewhere| {
                let free = elsewhere.iter().filter(|s| !claimed.iter().any(|c| c.row == s.row && c.cell == s.cell));
                let mut rows: Vec<usize> = free.map(|s| s.row + 1).collect();
                rows.dedup();
                rows
            })
        })
        .collect()
}

/// How many of the rule table's labels a document table carries.
fn score(table: &Table, rule: &FormTable) -> usize {
    locate(table, rule).iter().filter(|s| s.is_ok()).count()
}

/// A field's value: a cell, or the part of a cell after its label (`from`, a byte offset in its text).
#[derive(Debug, Clone, Copy)]
struct Value<'t> {
    cell: &'t Cell,
    from: usize,
}

impl Value<'_> {
    fn text(&self) -> &str {
        self.cell.text.get(self.from..).unwrap_or("")
    }
}

/// The value of a field: after its label in the same cell; else the next cell to the right that is not
/// another label, past empty spacer cells (an empty cell when nothing else comes before the next label);
/// else the cell below, unless that is another label.
fn value_of<'t>(table: &'t Table, at: Spot, all_labels: &[String]) -> Option<Value<'t>> {
    let row = table.rows.get(at.row)?;
    if let Some(from) = at.inline {
        return Some(Value { cell: row.get(at.cell)?, from });
    }
    let mut empty = None;
    for cell in row.get(at.cell + 1..).unwrap_or(&[]).iter().filter(|cell| !cell.merged_above) {
        if cell.text.trim().is_empty() {
            empty.get_or_insert(cell);
        } else if label_at(cell, all_labels).is_some() {
            break;
        } else {
            return Some(Value { cell, from: 0 });
        }
    }
    if let Some(cell) = empty {
        return Some(Value { cell, from: 0 });
    }
    let cell = table.rows.get(at.row + 1).and_then(|below| below.get(at.cell))?;
    label_at(cell, all_labels).is_none().then_some(Value { cell, from: 0 })
}

/// A value counted as Word counts it: each paragraph of its cell with its runs' East Asian hints, from
/// where the value starts.
fn value_tally(doc: &Document, value: Value<'_>) -> crate::count::Tally {
    let mut counter = Counter::new();
    let mut skip = value.from;
    for p in doc.paragraphs.get(value.cell.paragraphs.clone()).unwrap_or(&[]) {
        for run in &p.runs {
            if skip >= run.text.len() {
                skip -= run.text.len();
                continue;
            }
            counter.push(run.text.get(skip..).unwrap_or(""), run.east_asian);
            skip = 0;
        }
        // The '\n' between the cell's paragraphs in its text.
        skip = skip.saturating_sub(1);
        counter.end_paragraph();
    }
    counter.tally()
}

/// The first part of a 联系方式 value that is neither a phone number nor an e-mail address. Any number
/// reachable in China is accepted: a mobile, a 座机 with or without its area code, a 400/800 number.
fn malformed_contact(value: &str) -> Option<String> {
    let mails = value.split(|c: char| c.is_whitespace() || "，,；;/、".contains(c)).filter(|p| p.contains('@'));
    for mail in mails {
        let mail = mail.rsplit([':', '：']).next().unwrap_or(mail);
        let ok = mail.split_once('@').is_some_and(|(user, domain)| {
            !user.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.')
        });
        if !ok {
            return Some(mail.to_owned());
        }
    }
    phones_in(value).into_iter().find(|f| !f.phone.is_readable()).map(|f| f.written)
}

fn is_blank(value: &str, field: &Field) -> bool {
    let key = heading_key(value);
    if key.is_empty() || key.chars().all(|c| matches!(c, '_' | '-' | '…' | '.')) {
        return true;
    }
    field.placeholder.iter().any(|p| heading_key(p) == key)
}

/// A filled-in field of the 申报表 and its value as written (for a stamp field, whatever its cell holds).
pub type Filled<'f> = (&'f Field, String);

/// The boxes ticked in a choice cell: “☑公共数据授权运营 □公共数据开放” gives “公共数据授权运营”.
pub fn ticked(value: &str) -> Vec<String> {
    const BOXES: [char; 3] = ['□', '☐', '〇'];
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for c in value.chars() {
        if TICKS.contains(&c) || BOXES.contains(&c) {
            if let Some(done) = current.take() {
                out.push(done);
            }
            if TICKS.contains(&c) {
                current = Some(String::new());
            }
        } else if let Some(s) = current.as_mut() {
            s.push(c);
        }
    }
    out.extend(current);
    out.into_iter()
        .map(|s| s.trim().trim_matches(|c: char| "，,、；;。".contains(c) || c.is_whitespace()).to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Whether a ticked choice is a “其他” that does not say what it is: “其他”, “其他：____”, “其他（请注明）”
/// do not; “其他：低空物流” does.
fn other_unstated(choice: &str) -> bool {
    let Some(rest) = choice.trim().strip_prefix("其他").or_else(|| choice.trim().strip_prefix("其它")) else {
        return false;
    };
    let rest = ["请注明", "请说明", "请填写", "请写明"].iter().fold(rest.to_owned(), |r, hint| r.replace(hint, ""));
    !rest.chars().any(char::is_alphanumeric)
}

/// Checks the tables; returns the filled-in fields (and stamp cells) for the dossier's [facts](super::identity)
/// and the checks that read values, and the count of every field with a limit for the report.
pub fn check<'f>(
    ctx: &Context<'_>,
    form: &'f Form,
    doc: &Document,
    file: &str,
    out: &mut Vec<Diagnostic>,
) -> (Vec<Filled<'f>>, Vec<FieldReport>) {
    let (mut found, mut counted) = (Vec::new(), Vec::new());
    let values = find_counting(ctx.document_word(), form, doc, file, &mut found, &mut counted);
    out.extend(found.into_iter().map(Diagnostic::of));
    (values, counted)
}

/// [`check`] without the language: the filled-in fields, and the findings pushed to `out`. `document` is
/// what the notice calls its Word document.
pub fn find<'f>(
    document: &str,
    form: &'f Form,
    doc: &Document,
    file: &str,
    out: &mut Vec<FieldFinding>,
) -> Vec<Filled<'f>> {
    find_counting(document, form, doc, file, out, &mut Vec::new())
}

/// [`find`], pushing the count of every field with a limit that the table has to `counted`.
pub fn find_counting<'f>(
    document: &str,
    form: &'f Form,
    doc: &Document,
    file: &str,
    out: &mut Vec<FieldFinding>,
    counted: &mut Vec<FieldReport>,
) -> Vec<Filled<'f>> {
    let mut values = Vec::new();
    for rule in &form.tables {
        let best = doc.tables.iter().map(|t| (score(t, rule), t)).max_by_key(|(s, _)| *s);
        let needed = rule.fields.len().clamp(1, 2);
        let Some((_, table)) = best.filter(|(s, _)| *s >= needed) else {
            if rule.required {
                out.push(FieldFinding::TableMissing {
                    file: file.to_owned(),
                    document: document.to_owned(),
                    table: rule.name.clone(),
                    clause: rule.clause.clone(),
                });
            }
            continue;
        };
        let all_labels: Vec<String> = rule.fields.iter().flat_map(field_keys).collect();
        for (field, spot) in rule.fields.iter().zip(locate(table, rule)) {
            let at = match spot {
                Ok(at) => at,
                Err(rows) => {
                    if field.required {
                        let (file, table, field) = (file.to_owned(), rule.name.clone(), field.title());
                        out.push(if rows.is_empty() {
                            FieldFinding::FieldMissing { file, table, field }
                        } else {
                            FieldFinding::FieldUnclear { file, table, field, rows }
                        });
                    }
                    continue;
                }
            };
            let value = value_of(table, at, &all_labels);
            counted.extend(count_limited(form, doc, rule, field, value, file, out));
            if let Some(value) = check_value(rule, field, value, file, out) {
                values.push((field, value));
            }
        }
    }
    values
}

/// A field with a limit: its count (nothing when blank or a template hint), and the findings on it — over
/// the limit (SB111), or the limit inside the range quotes and dashes allow (SB105).
fn count_limited(
    form: &Form,
    doc: &Document,
    rule: &FormTable,
    field: &Field,
    cell: Option<Value<'_>>,
    file: &str,
    out: &mut Vec<FieldFinding>,
) -> Option<FieldReport> {
    let limit = field.limit?;
    let tally = match cell {
        Some(c) if !is_blank(c.text(), field) => value_tally(doc, c),
        _ => Tally::default(),
    };
    let count = form.unit.pick(&tally.count);
    let (low, high) = tally.range(form.unit);
    let (file, title) = (file.to_owned(), field.title());
    if count > limit {
        let clause = field.clause.clone();
        out.push(FieldFinding::OverLimit { file: file.clone(), field: title.clone(), count, limit, clause });
    }
    if low <= limit && limit < high {
        out.push(FieldFinding::LimitAmbiguous { file, field: title.clone(), count, low, high, limit });
    }
    Some(FieldReport::new(rule.name.clone(), title, &tally, limit))
}

/// Checks one field's value: filled, one box ticked, a 联系方式 that is one. Returns the value when it is
/// one the dossier's facts may use (text, choice, or whatever a stamp cell holds).
fn check_value(
    rule: &FormTable,
    field: &Field,
    cell: Option<Value<'_>>,
    file: &str,
    out: &mut Vec<FieldFinding>,
) -> Option<String> {
    let value = cell.as_ref().map_or("", Value::text);
    // A stamp is put on paper; the cell holds "（盖章）" and a date line.
    if field.kind == FieldKind::Stamp {
        return Some(value.to_owned());
    }
    let empty = match field.kind {
        FieldKind::Choice => !value.chars().any(|c| TICKS.contains(&c)),
        _ => is_blank(value, field),
    };
    let (file, title) = (file.to_owned(), field.title());
    if empty {
        if field.required {
            let choice = field.kind == FieldKind::Choice;
            out.push(FieldFinding::FieldEmpty { file, table: rule.name.clone(), field: title, choice });
        }
        return None;
    }
    if field.kind == FieldKind::Choice && !field.multiple {
        let chosen = ticked(value);
        if chosen.len() > 1 {
            out.push(FieldFinding::OneChoice { file: file.clone(), field: title.clone(), chosen });
        }
    }
    if field.kind == FieldKind::Choice && ticked(value).iter().any(|t| other_unstated(t)) {
        out.push(FieldFinding::OtherUnstated { file: file.clone(), table: rule.name.clone(), field: title.clone() });
    }
    if field.kind == FieldKind::Contact {
        if let Some(bad) = malformed_contact(value) {
            out.push(FieldFinding::ContactMalformed { file: file.clone(), field: title.clone(), bad });
        }
    }
    matches!(field.kind, FieldKind::Text | FieldKind::Choice).then(|| value.to_owned())
}

/// The fields of a form table with a limit and a clause of their own, with that clause (SB105 cites them
/// besides the sections' limits).
pub fn limited_fields(table: &FormTable) -> impl Iterator<Item = (String, &Clause)> {
    table.fields.iter().filter(|f| f.limit.is_some()).filter_map(|f| f.clause.as_ref().map(|c| (f.title(), c)))
}

/// The clauses `shenbao explain` cites for this family's codes: every form table's, and every limited
/// field's own.
pub fn clauses(code: family::Fields, notice: &crate::notice::Notice) -> Vec<(String, &crate::notice::Clause)> {
    use family::Fields::*;
    let mut out = Vec::new();
    match code {
        FormTableMissing | FieldMissing | FieldEmpty => {
            for t in &notice.form.tables {
                out.push((t.name.clone(), &t.clause));
                out.extend(limited_fields(t));
            }
        }
        // A limit is the field's own: the clause that states it, else its table's.
        FieldOverLimit => {
            for t in &notice.form.tables {
                for f in t.fields.iter().filter(|f| f.limit.is_some()) {
                    out.push((f.title(), f.clause.as_ref().unwrap_or(&t.clause)));
                }
            }
        }
        // A phone number or an e-mail that cannot be one: no notice states the form.
        ContactMalformed => {}
    }
    out
}

// The wording of this family's findings, zh and en together.

impl Finding for FieldFinding {
    fn code(&self) -> Code {
        match self {
            Self::TableMissing { .. } => Code::FormTableMissing,
            Self::FieldMissing { .. } | Self::FieldUnclear { .. } => Code::FieldMissing,
            Self::FieldEmpty { .. } | Self::OtherUnstated { .. } => Code::FieldEmpty,
            Self::OneChoice { .. } => Code::OneChoice,
            Self::ContactMalformed { .. } => Code::ContactMalformed,
            Self::OverLimit { .. } => Code::FieldOverLimit,
            Self::LimitAmbiguous { .. } => Code::LimitAmbiguous,
        }
    }

    /// A label found where it cannot be told whose it is is a heuristic's doubt: a warning.
    fn severity(&self) -> Severity {
        match self {
            Self::FieldUnclear { .. } => Severity::Warning,
            _ => self.code().info().severity,
        }
    }

    fn file(&self) -> Option<&str> {
        match self {
            Self::TableMissing { file, .. }
            | Self::FieldMissing { file, .. }
            | Self::FieldUnclear { file, .. }
            | Self::FieldEmpty { file, .. }
            | Self::OtherUnstated { file, .. }
            | Self::OneChoice { file, .. }
            | Self::ContactMalformed { file, .. }
            | Self::OverLimit { file, .. }
            | Self::LimitAmbiguous { file, .. } => Some(file),
        }
    }

    /// A missing table or field is placed at its table; a field's value at the field.
    fn section(&self) -> Option<&str> {
        match self {
            Self::TableMissing { table, .. } | Self::FieldMissing { table, .. } | Self::FieldUnclear { table, .. } => {
                Some(table)
            }
            Self::FieldEmpty { field, .. }
            | Self::OtherUnstated { field, .. }
            | Self::OneChoice { field, .. }
            | Self::ContactMalformed { field, .. }
            | Self::OverLimit { field, .. }
            | Self::LimitAmbiguous { field, .. } => Some(field),
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            Self::TableMissing { document, table, .. } => {
                lang.pick(format!("{document}中找不到《{table}》"), format!("the {document} has no “{table}”"))
            }
            Self::FieldMissing { table, field, .. } => {
                lang.pick(format!("《{table}》中没有“{field}”栏"), format!("“{table}” has no field “{field}”"))
            }
            Self::FieldUnclear { table, field, rows, .. } => {
                let list = rows.iter().map(ToString::to_string).collect::<Vec<_>>();
                lang.pick(
                    format!(
                        "《{table}》中找不到属于“{field}”的栏：同名栏目在第 {} 行，无法确定是谁的",
                        list.join("、")
                    ),
                    format!("“{table}”: no cell can be told to be “{field}”; the label is in row {}", list.join(", ")),
                )
            }
            Self::FieldEmpty { table, field, .. } => {
                lang.pick(format!("《{table}》的“{field}”栏未填写"), format!("field “{field}” of “{table}” is empty"))
            }
            Self::OtherUnstated { table, field, .. } => lang.pick(
                format!("《{table}》的“{field}”栏勾选了“其他”，但没有写明是什么"),
                format!("“其他” (other) is ticked in field “{field}” of “{table}” without saying what it is"),
            ),
            Self::OneChoice { field, chosen, .. } => lang.pick(
                format!("“{field}”栏勾选了 {} 项（{}），只能选一项", chosen.len(), chosen.join("、")),
                format!("{} boxes are ticked in “{field}” ({}): only one is allowed", chosen.len(), chosen.join(", ")),
            ),
            Self::ContactMalformed { field, bad, .. } => lang.pick(
                format!("“{field}”栏的“{bad}”不像电话号码或邮箱"),
                format!("“{bad}” in field “{field}” is neither a phone number nor an e-mail address"),
            ),
            Self::OverLimit { field, count, limit, .. } => {
                let cut = count - limit;
                lang.pick(
                    format!("“{field}”栏共 {count} 字，超出限制 {limit} 字，需删减 {cut} 字"),
                    format!("field “{field}” has {count} words, over its limit of {limit}: cut {cut}"),
                )
            }
            Self::LimitAmbiguous { field, count, low, high, limit, .. } => lang.pick(
                format!("“{field}”栏按引号、破折号等符号的不同计法为 {low}–{high} 字，限制 {limit} 字落在其间，Word 的统计可能与本结果（{count}）不同"),
                format!("field “{field}” counts {low}–{high} words depending on how quotes and dashes are read; the limit {limit} lies within, so Word may differ from {count}"),
            ),
        }
    }

    fn help(&self, lang: Lang) -> Option<String> {
        let (zh, en) = match self {
            Self::TableMissing { clause, .. } => {
                return Some(lang.pick(
                    format!("使用通知模板中的表格，保留栏目名称；依据：{clause}"),
                    format!("use the template's table with its labels; per {clause}"),
                ))
            }
            Self::FieldEmpty { choice: true, .. } => ("勾选至少一项（☑）", "tick at least one box (☑)"),
            Self::FieldEmpty { choice: false, .. } => {
                ("填写内容，删除模板提示文字", "fill it in and remove the template's hint")
            }
            Self::OtherUnstated { .. } => (
                "在“其他”后写明具体内容（如“☑其他：低空物流”），或改选列出的选项",
                "write what it is after “其他” (“☑其他：低空物流”), or tick one of the listed boxes",
            ),
            Self::OneChoice { .. } => ("只保留一项勾选", "keep one box ticked"),
            Self::ContactMalformed { .. } => (
                "手机写 11 位（如 13800001234），座机带区号（如 023-63000000），邮箱写全（name@example.com）",
                "mobiles have 11 digits (13800001234), landlines an area code (023-63000000), e-mail a full address",
            ),
            Self::FieldUnclear { .. } => (
                "把这一栏放在所属人员（负责人、联系人）的同一行或紧随其后的行中",
                "put the field in its person's row (负责人, 联系人) or in the rows right after it",
            ),
            Self::OverLimit { clause, .. } => {
                let basis = "按 Word“字数统计”的“字数”口径计，只计栏内填写的文字";
                let basis_en = "counted as Word's 字数, the text written in the field only";
                return Some(match clause {
                    Some(c) => lang.pick(format!("{basis}；依据：{c}"), format!("{basis_en}; per {c}")),
                    None => lang.pick(basis, basis_en).to_owned(),
                });
            }
            Self::LimitAmbiguous { high, limit, .. } => {
                let more = high.saturating_sub(*limit);
                return Some(lang.pick(
                    format!("稳妥起见再删减 {more} 字，使任何计法下都不超过 {limit} 字"),
                    format!("to be safe, cut {more} more so that every reading stays within {limit}"),
                ));
            }
            Self::FieldMissing { .. } => return None,
        };
        Some(lang.pick(zh, en).to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contacts_are_phones_or_addresses() {
        assert_eq!(malformed_contact("13800001234"), None);
        assert_eq!(malformed_contact("023-63000000 / zhang@example.com"), None);
        assert_eq!(malformed_contact("手机：13800001234"), None);
        assert_eq!(malformed_contact("1380000123"), Some("1380000123".into()));
        assert_eq!(malformed_contact("zhang@example"), Some("zhang@example".into()));
        assert_eq!(malformed_contact("邮箱：zhang@example"), Some("zhang@example".into()));
        for ok in ["400-123-4567", "23456789", "电话：13912345678；邮箱：a@b.cn", "张三 13800001234 zhang@example.com"]
        {
            assert_eq!(malformed_contact(ok), None, "{ok}");
        }
    }

    /// Numbers written in groups were cut at their spaces and each group judged alone: “+86” or “139”
    /// was reported as not a phone number.
    #[test]
    fn numbers_written_in_groups_are_read_whole() {
        for ok in ["+86 139-1234-5678", "139 1234 5678", "024-2345 6789 转 801", "(024) 2345 6789"] {
            assert_eq!(malformed_contact(ok), None, "{ok}");
        }
        assert_eq!(malformed_contact("139 1234 567"), Some("139 1234 567".into()));
        assert_eq!(malformed_contact("手机：139 1234 567"), Some("139 1234 567".into()));
    }

    #[test]
    fn ticked_boxes_are_read() {
        assert_eq!(ticked("□政务数据共享 □公共数据开放 ☑公共数据授权运营"), ["公共数据授权运营"]);
        assert_eq!(ticked("☑气象服务 ☑农业农村、□其他"), ["气象服务", "农业农村"]);
        assert!(ticked("□政务数据共享 □公共数据开放").is_empty());
        assert_eq!(ticked("■气象服务 √农业农村 ☒其他：____"), ["气象服务", "农业农村", "其他：____"]);
    }

    #[test]
    fn a_ticked_other_says_what_it_is() {
        for unstated in ["其他", "其他：", "其他：____", "其它:＿＿＿", "其他（请注明）：", "其他(请注明： )"]
        {
            assert!(other_unstated(unstated), "{unstated}");
        }
        for stated in ["其他：低空物流", "其他（低空物流）", "其他 Web3", "气象服务"] {
            assert!(!other_unstated(stated), "{stated}");
        }
    }
}
