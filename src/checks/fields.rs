//! The 申报表 / 信息表 / 基本情况表: the table is there, every required field is filled, limits hold.

use super::Context;
use crate::count::Counter;
use crate::diag::{family, Code, Diagnostic};
use crate::keys::{heading_key, label_key};
use crate::notice::{Field, FieldKind, Form, FormTable};
use crate::read::docx::{Cell, Document, Table};

/// Marks that show a ticked checkbox in a choice field.
const TICKS: [char; 8] = ['☑', '■', '√', '✓', '✔', '☒', '▣', '◼'];

fn field_keys(field: &Field) -> Vec<String> {
    std::iter::once(&field.label).chain(&field.aliases).map(|l| label_key(l)).collect()
}

/// Where a label sits in a table: (row, cell index).
fn find_label(table: &Table, keys: &[String]) -> Option<(usize, usize)> {
    for (r, row) in table.rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if keys.contains(&label_key(&cell.text)) {
                return Some((r, c));
            }
        }
    }
    None
}

/// Where a field's label sits: where it first appears, or for a field with `row`, to the right of the
/// cell of the field that heads that row (the 联系方式 of the 联系人 row).
fn find_field(table: &Table, rule: &FormTable, field: &Field) -> Option<(usize, usize)> {
    let keys = field_keys(field);
    let Some(row) = &field.row else {
        return find_label(table, &keys);
    };
    // The rule file's loader has made sure `row` is the label of a field of the table, as written there.
    let head = rule.fields.iter().find(|f| f.row.is_none() && f.label == *row)?;
    let (r, head) = find_label(table, &field_keys(head))?;
    let cells = table.rows.get(r)?;
    let c = cells.iter().skip(head + 1).position(|cell| keys.contains(&label_key(&cell.text)))?;
    Some((r, head + 1 + c))
}

/// How many of the rule table's labels a document table carries.
fn score(table: &Table, rule: &FormTable) -> usize {
    rule.fields.iter().filter(|f| find_field(table, rule, f).is_some()).count()
}

/// The value of a field: the next cell to the right that is not another label, else the cell below.
fn value_of<'t>(table: &'t Table, at: (usize, usize), all_labels: &[String]) -> Option<&'t Cell> {
    let (r, c) = at;
    let row = table.rows.get(r)?;
    if let Some(cell) = row.get(c + 1..).and_then(|rest| rest.iter().find(|cell| !cell.merged_above)) {
        if !all_labels.contains(&label_key(&cell.text)) || cell.text.trim().is_empty() {
            return Some(cell);
        }
    }
    table.rows.get(r + 1).and_then(|below| below.get(c))
}

/// A cell's value counted as Word counts it: each paragraph with its runs' East Asian hints.
fn cell_tally(doc: &Document, cell: &Cell) -> crate::count::Tally {
    let mut counter = Counter::new();
    for p in doc.paragraphs.get(cell.paragraphs.clone()).unwrap_or(&[]) {
        for run in &p.runs {
            counter.push(&run.text, run.east_asian);
        }
        counter.end_paragraph();
    }
    counter.tally()
}

/// The first part of a 联系方式 value that is neither a phone number nor an e-mail address.
fn malformed_contact(value: &str) -> Option<String> {
    let parts = value.split(|c: char| c.is_whitespace() || "，,；;/、".contains(c)).filter(|p| !p.is_empty());
    for part in parts {
        if part.contains('@') {
            let ok = part.split_once('@').is_some_and(|(user, domain)| {
                !user.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.')
            });
            if !ok {
                return Some(part.to_owned());
            }
            continue;
        }
        let digits: String = part.chars().filter(char::is_ascii_digit).collect();
        if digits.is_empty() {
            continue; // a name or a word such as 手机
        }
        let mobile = digits.len() == 11 && digits.starts_with('1');
        // 0 + area code (2–3 digits) + 7–8 digits, maybe an extension; 400/800 service numbers.
        let landline = digits.starts_with('0') && (10..=16).contains(&digits.len());
        let service = (digits.starts_with("400") || digits.starts_with("800")) && digits.len() == 10;
        let local = (7..=8).contains(&digits.len()) && !digits.starts_with('0');
        if !(mobile || landline || service || local) {
            return Some(part.to_owned());
        }
    }
    None
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

/// Checks the tables; returns the filled-in fields (and stamp cells) for the dossier's [facts](super::identity)
/// and the checks that read values.
pub fn check<'f>(
    ctx: &Context<'_>,
    form: &'f Form,
    doc: &Document,
    file: &str,
    out: &mut Vec<Diagnostic>,
) -> Vec<Filled<'f>> {
    let lang = ctx.lang;
    let mut values = Vec::new();
    for rule in &form.tables {
        let best = doc.tables.iter().map(|t| (score(t, rule), t)).max_by_key(|(s, _)| *s);
        let needed = rule.fields.len().clamp(1, 2);
        let Some((_, table)) = best.filter(|(s, _)| *s >= needed) else {
            if rule.required {
                out.push(
                    Diagnostic::new(
                        Code::FormTableMissing,
                        lang.pick(
                            format!("{}中找不到《{}》", ctx.document_word(), rule.name),
                            format!("the {} has no “{}”", ctx.document_word(), rule.name),
                        ),
                    )
                    .file(file)
                    .section(rule.name.clone())
                    .help(lang.pick(
                        format!("使用通知模板中的表格，保留栏目名称；依据：{}", rule.clause),
                        format!("use the template's table with its labels; per {}", rule.clause),
                    )),
                );
            }
            continue;
        };
        let all_labels: Vec<String> = rule.fields.iter().flat_map(field_keys).collect();
        for field in &rule.fields {
            let title = field.title();
            let Some(at) = find_field(table, rule, field) else {
                if field.required {
                    out.push(
                        Diagnostic::new(
                            Code::FieldMissing,
                            lang.pick(
                                format!("《{}》中没有“{}”栏", rule.name, title),
                                format!("“{}” has no field “{}”", rule.name, title),
                            ),
                        )
                        .file(file)
                        .section(rule.name.clone()),
                    );
                }
                continue;
            };
            let cell = value_of(table, at, &all_labels);
            let value = cell.map_or("", |c| c.text.as_str());
            // A stamp is put on paper; the cell holds "（盖章）" and a date line.
            if field.kind == FieldKind::Stamp {
                values.push((field, value.to_owned()));
                continue;
            }
            let empty = match field.kind {
                FieldKind::Choice => !value.chars().any(|c| TICKS.contains(&c)),
                _ => is_blank(value, field),
            };
            if empty {
                if field.required {
                    let hint = if field.kind == FieldKind::Choice {
                        lang.pick("勾选至少一项（☑）", "tick at least one box (☑)")
                    } else {
                        lang.pick("填写内容，删除模板提示文字", "fill it in and remove the template's hint")
                    };
                    out.push(
                        Diagnostic::new(
                            Code::FieldEmpty,
                            lang.pick(
                                format!("《{}》的“{}”栏未填写", rule.name, title),
                                format!("field “{}” of “{}” is empty", title, rule.name),
                            ),
                        )
                        .file(file)
                        .section(title.clone())
                        .help(hint),
                    );
                }
                continue;
            }
            if matches!(field.kind, FieldKind::Text | FieldKind::Choice) {
                values.push((field, value.to_owned()));
            }
            if field.kind == FieldKind::Choice && !field.multiple {
                let chosen = ticked(value);
                if chosen.len() > 1 {
                    out.push(
                        Diagnostic::new(
                            Code::OneChoice,
                            lang.pick(
                                format!("“{}”栏勾选了 {} 项（{}），只能选一项", title, chosen.len(), chosen.join("、")),
                                format!(
                                    "{} boxes are ticked in “{}” ({}): only one is allowed",
                                    chosen.len(),
                                    title,
                                    chosen.join(", ")
                                ),
                            ),
                        )
                        .file(file)
                        .section(title.clone())
                        .help(lang.pick("只保留一项勾选", "keep one box ticked")),
                    );
                }
            }
            if field.kind == FieldKind::Contact {
                if let Some(bad) = malformed_contact(value) {
                    out.push(
                        Diagnostic::new(
                            Code::ContactMalformed,
                            lang.pick(
                                format!("“{}”栏的“{bad}”不像电话号码或邮箱", title),
                                format!("“{bad}” in field “{}” is neither a phone number nor an e-mail address", title),
                            ),
                        )
                        .file(file)
                        .section(title.clone())
                        .help(lang.pick(
                            "手机写 11 位（如 13800001234），座机带区号（如 023-63000000），邮箱写全（name@example.com）",
                            "mobiles have 11 digits (13800001234), landlines an area code (023-63000000), e-mail a full address",
                        )),
                    );
                }
            }
            if let Some(limit) = field.limit {
                let count = cell.map_or(0, |c| form.unit.pick(&cell_tally(doc, c).count));
                if count > limit {
                    out.push(
                        Diagnostic::new(
                            Code::FieldOverLimit,
                            lang.pick(
                                format!("“{}”栏共 {count} 字，超出限制 {limit} 字，需删减 {} 字", title, count - limit),
                                format!(
                                    "field “{}” has {count} words, over its limit of {limit}: cut {}",
                                    title,
                                    count - limit
                                ),
                            ),
                        )
                        .file(file)
                        .section(title.clone()),
                    );
                }
            }
        }
    }
    values
}

/// The clauses `shenbao explain` cites for this family's codes: every form table's, and every limited
/// field's own.
pub fn clauses(code: family::Fields, notice: &crate::notice::Notice) -> Vec<(String, &crate::notice::Clause)> {
    use family::Fields::*;
    let mut out = Vec::new();
    match code {
        FormTableMissing | FieldMissing | FieldEmpty | FieldOverLimit => {
            for t in &notice.form.tables {
                out.push((t.name.clone(), &t.clause));
                for f in t.fields.iter().filter(|f| f.limit.is_some()) {
                    if let Some(c) = &f.clause {
                        out.push((f.title(), c));
                    }
                }
            }
        }
        // A phone number or an e-mail that cannot be one: no notice states the form.
        ContactMalformed => {}
    }
    out
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
    }

    #[test]
    fn ticked_boxes_are_read() {
        assert_eq!(ticked("□政务数据共享 □公共数据开放 ☑公共数据授权运营"), ["公共数据授权运营"]);
        assert_eq!(ticked("☑气象服务 ☑农业农村、□其他"), ["气象服务", "农业农村"]);
        assert!(ticked("□政务数据共享 □公共数据开放").is_empty());
    }
}
