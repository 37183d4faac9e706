//! Joint applicants (联合申报单位): where the notice has every applicant stamp — cq-2024-cases-2's
//! 申报单位意见 cell and 申报承诺书 (“主申报单位盖章、联合申报单位1盖章”) — each joint applicant has a
//! line with its name to stamp on.
//!
//! The family file holds, in this order: the check (typed [`JointFinding`]s, no language), the clauses
//! `shenbao explain` cites for SB715, and the zh and en wording of each finding.

use super::fields::Filled;
use super::Context;
use crate::diag::{family, Code, Diagnostic, Finding, Lang};
use crate::notice::{Clause, FieldKind};
use crate::outline::Outline;
use crate::read::docx::Document;
use crate::report::Facts;
// Letters and digits only, width- and case-folded: a unit's name is found whatever the spacing and brackets.
use super::text::essence as fold;

/// What this family finds (SB715), as data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JointFinding {
    /// SB715: the joint applicants in `missing` (their names as the 申报表 or dossier.toml give them)
    /// have no line to stamp in `place`, a field of the 申报表 or a stamped part.
    StampLineMissing { file: String, place: String, missing: Vec<String>, clause: Clause },
}

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
    let mut found = Vec::new();
    find(ctx, facts, values, doc, outline, file, &mut found);
    out.extend(found.into_iter().map(Diagnostic::of));
}

/// [`check`] without the language: one finding per place to stamp (a field of the 申报表 or a stamped
/// part) that leaves out some joint applicant.
pub fn find(
    ctx: &Context<'_>,
    facts: &Facts,
    values: &[Filled<'_>],
    doc: &Document,
    outline: &Outline,
    file: &str,
    out: &mut Vec<JointFinding>,
) {
    if facts.joint_units.is_empty() {
        return;
    }
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
        let missing: Vec<String> = facts.joint_units.iter().filter(|u| !names_unit(&text, u)).cloned().collect();
        if missing.is_empty() {
            continue;
        }
        out.push(JointFinding::StampLineMissing { file: file.to_owned(), place, missing, clause: clause.clone() });
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

// The wording of this family's findings, zh and en together.

impl Finding for JointFinding {
    fn code(&self) -> Code {
        match self {
            Self::StampLineMissing { .. } => Code::JointStampMissing,
        }
    }

    fn file(&self) -> Option<&str> {
        match self {
            Self::StampLineMissing { file, .. } => Some(file),
        }
    }

    fn section(&self) -> Option<&str> {
        match self {
            Self::StampLineMissing { place, .. } => Some(place),
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            Self::StampLineMissing { place, missing, .. } => lang.pick(
                format!("联合申报单位“{}”在“{place}”中没有盖章行", missing.join("”“")),
                format!("joint applicant “{}” has no stamp line in “{place}”", missing.join("”, “")),
            ),
        }
    }

    fn help(&self, lang: Lang) -> Option<String> {
        match self {
            Self::StampLineMissing { clause, .. } => Some(lang.pick(
                format!("为每个申报单位各写一行“单位名称（盖章）”，盖章后再扫描；依据：{clause}"),
                format!("write one line “unit name（盖章）” per applicant, stamp, then scan; per {clause}"),
            )),
        }
    }
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
