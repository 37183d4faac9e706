//! Joint applicants (联合申报单位): where the notice has every applicant stamp — cq-2024-cases-2's
//! 申报单位意见 cell and 申报承诺书 (“主申报单位盖章、联合申报单位1盖章”) — each joint applicant has a
//! line with its name to stamp on.

use super::fields::Filled;
use super::Context;
use crate::diag::{family, Code, Diagnostic};
use crate::notice::FieldKind;
use crate::outline::Outline;
use crate::read::docx::Document;
use crate::report::Facts;
// Letters and digits only, width- and case-folded: a unit's name is found whatever the spacing and brackets.
use super::text::essence as fold;

/// Legal-form endings a line may leave out (“重庆某某科技（盖章）” for 重庆某某科技有限公司).
const ENDINGS: [&str; 4] = ["股份有限公司", "有限责任公司", "有限公司", "公司"];

/// Whether `text` names `unit`, in full or without its legal-form ending.
fn names_unit(text: &str, unit: &str) -> bool {
    let unit = fold(unit);
    if text.contains(&unit) {
        return true;
    }
    ENDINGS
        .iter()
        .find_map(|e| unit.strip_suffix(e))
        .is_some_and(|core| core.chars().count() >= 4 && text.contains(core))
}

pub fn check(
    ctx: &Context<'_>,
    facts: &Facts,
    values: &[Filled<'_>],
    doc: &Document,
    outline: &Outline,
    file: &str,
    out: &mut Vec<Diagnostic>,
) {
    if facts.joint_units.is_empty() {
        return;
    }
    let lang = ctx.lang;
    let form = &ctx.notice.form;
    let fields = values
        .iter()
        .filter(|(f, _)| f.kind == FieldKind::Stamp && f.each_applicant)
        .map(|(f, value)| (f.label.clone(), value.clone(), f.clause.as_ref().unwrap_or(&form.clause)));
    let parts = outline.found.iter().filter(|l| l.level == 1).filter_map(|l| {
        let part = form.parts.get(l.part?)?;
        (part.stamp && part.each_applicant).then(|| (l.title.clone(), crate::outline::text_of(doc, l), &part.clause))
    });
    for (place, text, clause) in fields.chain(parts) {
        let text = fold(&text);
        let missing: Vec<&str> =
            facts.joint_units.iter().filter(|u| !names_unit(&text, u)).map(String::as_str).collect();
        if missing.is_empty() {
            continue;
        }
        out.push(
            Diagnostic::new(
                Code::JointStampMissing,
                lang.pick(
                    format!("联合申报单位“{}”在“{place}”中没有盖章行", missing.join("”“")),
                    format!("joint applicant “{}” has no stamp line in “{place}”", missing.join("”, “")),
                ),
            )
            .file(file)
            .section(place.clone())
            .help(lang.pick(
                format!("为每个申报单位各写一行“单位名称（盖章）”，盖章后再扫描；依据：{clause}"),
                format!("write one line “unit name（盖章）” per applicant, stamp, then scan; per {clause}"),
            )),
        );
    }
}

/// The clauses `shenbao explain` cites for this family's code: the stamped parts and the tables that ask
/// each applicant.
pub fn clauses(code: family::Joint, notice: &crate::notice::Notice) -> Vec<(String, &crate::notice::Clause)> {
    let family::Joint::JointStampMissing = code;
    let mut out = Vec::new();
    for p in notice.form.parts.iter().filter(|p| p.stamp && p.each_applicant) {
        out.push((p.title.clone(), &p.clause));
    }
    for t in &notice.form.tables {
        if t.fields.iter().any(|f| f.each_applicant) {
            out.push((t.name.clone(), &t.clause));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_are_named_in_full_or_without_their_legal_form() {
        let text = fold("重庆某某科技有限公司（盖章）\n重庆某某大学 （盖章）\n2024年3月1日");
        assert!(names_unit(&text, "重庆某某大学"));
        assert!(names_unit(&text, "重庆某某科技有限公司"));
        assert!(names_unit(&fold("重庆某某科技（盖章）"), "重庆某某科技有限公司"));
        assert!(!names_unit(&text, "重庆数联物流有限公司"));
        assert!(!names_unit(&fold("联合申报单位1盖章（若有）"), "重庆数联物流有限公司"));
    }
}
