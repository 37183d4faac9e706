//! Who the dossier is: its name, 申报单位, 领域/赛道 and rank, from dossier.toml and the 申报表.
//!
//! dossier.toml wins where it speaks; the 申报表 fills in what it leaves out. When both give a name or
//! a unit and they differ, the reviewer would see one thing on paper and the 汇总表 another: SB006.
//! The team's size is checked here too, since it is a property of one dossier (SB007).
//!
//! The family file holds, in this order: the gathering (typed [`IdentityFinding`]s, no language), the
//! clauses `shenbao explain` cites for SB006–SB007, and the zh and en wording of each finding.

use super::fields::{ticked, Filled};
use super::Context;
use crate::diag::{family, Code, Diagnostic, Finding, Lang};
use crate::dossier::DossierConfig;
use crate::keys::heading_key;
use crate::notice::Clause;
use crate::report::Facts;

/// What this family finds, as data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdentityFinding {
    /// SB006: dossier.toml's `key` says `given`, the 申报书's `label` cell says `in_table` (lists joined
    /// with 、); `file` is the 申报书 when there is one.
    FactsDisagree { file: Option<String>, key: String, label: String, given: String, in_table: String },
    /// SB007: more 参赛代表 in dossier.toml than the notice's `max`.
    TeamOverLimit { size: usize, max: u32, clause: Clause },
}

/// Table labels that carry the dossier's name.
pub(crate) const NAME_LABELS: [&str; 4] = ["案例名称", "项目名称", "场景名称", "参赛项目名称"];
/// Table labels that carry the applicant.
pub(crate) const UNIT_LABELS: [&str; 4] = ["申报单位", "牵头单位", "参赛单位", "申报主体"];

/// Facts from dossier.toml alone (when the check stops before the 申报书 is read).
pub fn from_config(config: Option<&DossierConfig>) -> Facts {
    let Some(c) = config else { return Facts::default() };
    Facts {
        name: non_empty(c.name.as_deref()),
        unit: non_empty(c.unit.as_deref()),
        joint_units: c.joint_units.iter().filter_map(|u| non_empty(Some(u))).collect(),
        unit_type: non_empty(c.unit_type.as_deref()),
        recommender: non_empty(c.recommender.as_deref()),
        region: non_empty(c.region.as_deref()),
        department: non_empty(c.department.as_deref()),
        field: non_empty(c.field.as_deref()),
        track: non_empty(c.track.as_deref()),
        topic: non_empty(c.topic.as_deref()),
        directions: c.directions.iter().filter_map(|u| non_empty(Some(u))).collect(),
        areas: c.areas.iter().filter_map(|u| non_empty(Some(u))).collect(),
        priority: c.priority,
        recommendation: non_empty(c.recommendation.as_deref()),
        team_size: c.team.len(),
    }
}

fn non_empty(s: Option<&str>) -> Option<String> {
    s.map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned)
}

/// The first filled-in line of a table value (a cq 申报单位 cell lists the main unit first, then joint ones).
fn first_line(value: &str) -> Option<String> {
    value.lines().map(str::trim).find(|l| !l.is_empty()).map(str::to_owned)
}

fn table_value(values: &[Filled<'_>], labels: &[&str]) -> Option<String> {
    values.iter().find(|(f, _)| labels.contains(&f.label.as_str())).and_then(|(_, v)| first_line(v))
}

/// Lines of a template's example that are not a unit's name (“示例：”, “联合申报单位1名称（若有）”).
fn template_line(line: &str) -> bool {
    ["示例", "若有", "申报单位名称", "申报单位1", "申报单位2", "单位名称"].iter().any(|m| line.contains(m))
}

/// The joint applicants a 申报单位 cell lists after the main one.
fn joint_from_table(values: &[Filled<'_>]) -> Vec<String> {
    let Some((_, v)) = values.iter().find(|(f, _)| f.label == "申报单位") else { return Vec::new() };
    v.lines()
        .map(|l| l.trim().trim_start_matches(|c: char| c.is_ascii_digit() || ".、．:：".contains(c)).trim())
        .filter(|l| !l.is_empty() && !template_line(l))
        .skip(1)
        .map(str::to_owned)
        .collect()
}

/// The boxes ticked in the choice field reading from `list` (“directions”, “areas”).
fn ticked_in(values: &[Filled<'_>], list: &str) -> Vec<String> {
    values.iter().filter(|(f, _)| f.list.as_deref() == Some(list)).flat_map(|(_, v)| ticked(v)).collect()
}

/// The 领域 of a name written “XX领域——案例名称” (the cq-2024-cases-2 template asks for that form).
pub fn field_from_name(name: &str) -> Option<String> {
    let (head, _) = name.split_once("——").or_else(|| name.split_once("--"))?;
    let field = head.trim().strip_suffix("领域")?.trim();
    (!field.is_empty() && field.chars().count() <= 8).then(|| field.to_owned())
}

/// Gathers the facts and reports where dossier.toml and the 申报表 disagree.
pub fn gather(
    ctx: &Context<'_>,
    table_values: &[Filled<'_>],
    form_file: Option<&str>,
    out: &mut Vec<Diagnostic>,
) -> Facts {
    let mut found = Vec::new();
    let facts = find(ctx, table_values, form_file, &mut found);
    out.extend(found.into_iter().map(Diagnostic::of));
    facts
}

/// [`gather`] without the language: the facts, and the findings pushed to `out`.
pub fn find(
    ctx: &Context<'_>,
    table_values: &[Filled<'_>],
    form_file: Option<&str>,
    out: &mut Vec<IdentityFinding>,
) -> Facts {
    let config = ctx.dossier.config.as_ref();
    let mut facts = from_config(config);
    let mismatch = |key: &str, label: &str, given: String, in_table: String| IdentityFinding::FactsDisagree {
        file: form_file.map(str::to_owned),
        key: key.to_owned(),
        label: label.to_owned(),
        given,
        in_table,
    };
    let pairs = [(&mut facts.name, &NAME_LABELS[..], "name"), (&mut facts.unit, &UNIT_LABELS[..], "unit")];
    for (slot, labels, key) in pairs {
        let Some(in_table) = table_value(table_values, labels) else { continue };
        match slot {
            Some(given) if heading_key(given) != heading_key(&in_table) => {
                out.push(mismatch(key, labels[0], given.clone(), in_table));
            }
            Some(_) => {}
            None => *slot = Some(in_table),
        }
    }
    if facts.joint_units.is_empty() {
        facts.joint_units = joint_from_table(table_values);
    }
    for (slot, list, label) in
        [(&mut facts.directions, "directions", "申报方向"), (&mut facts.areas, "areas", "应用领域")]
    {
        let in_table = ticked_in(table_values, list);
        if slot.is_empty() {
            *slot = in_table;
        } else if !in_table.is_empty() && !same_set(slot, &in_table) {
            out.push(mismatch(list, label, slot.join("、"), in_table.join("、")));
        }
    }
    if facts.field.is_none() {
        facts.field = facts.name.as_deref().and_then(field_from_name);
    }
    if let Some(team) = &ctx.notice.team {
        let size = facts.team_size;
        if size > team.max_members as usize {
            out.push(IdentityFinding::TeamOverLimit { size, max: team.max_members, clause: team.clause.clone() });
        }
    }
    facts
}

/// Two lists naming the same values, in any order and spacing.
fn same_set(a: &[String], b: &[String]) -> bool {
    let keys = |l: &[String]| l.iter().map(|v| heading_key(v)).collect::<std::collections::BTreeSet<_>>();
    keys(a) == keys(b)
}

/// The clauses `shenbao explain` cites for this family's codes.
pub fn clauses(code: family::Identity, notice: &crate::notice::Notice) -> Vec<(String, &crate::notice::Clause)> {
    use family::Identity::*;
    match code {
        TeamOverLimit => notice.team.iter().map(|t| ("team".to_owned(), &t.clause)).collect(),
        // dossier.toml against the 申报书 is the tool's own consistency check.
        FactsDisagree => Vec::new(),
    }
}

// The wording of this family's findings, zh and en together.

impl Finding for IdentityFinding {
    fn code(&self) -> Code {
        match self {
            Self::FactsDisagree { .. } => Code::FactsDisagree,
            Self::TeamOverLimit { .. } => Code::TeamOverLimit,
        }
    }

    fn file(&self) -> Option<&str> {
        match self {
            Self::FactsDisagree { file, .. } => file.as_deref(),
            Self::TeamOverLimit { .. } => Some(crate::dossier::CONFIG_FILE),
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            Self::FactsDisagree { key, label, given, in_table, .. } => lang.pick(
                format!("dossier.toml 的 {key} 为“{given}”，申报书“{label}”栏为“{in_table}”，两者不一致"),
                format!("dossier.toml says {key} = “{given}” but the 申报书's “{label}” says “{in_table}”"),
            ),
            Self::TeamOverLimit { size, max, .. } => lang.pick(
                format!("参赛代表 {size} 人，超过 {max} 人的上限"),
                format!("{size} team representatives, over the limit of {max}"),
            ),
        }
    }

    fn help(&self, lang: Lang) -> Option<String> {
        Some(match self {
            Self::FactsDisagree { .. } => lang
                .pick(
                    "改成一致：汇总表、打包文件名取 dossier.toml 的值，评审看到的是申报书",
                    "make them agree: the 汇总表 and bundle names use dossier.toml, reviewers read the 申报书",
                )
                .to_owned(),
            Self::TeamOverLimit { clause, .. } => lang.pick(
                format!("减少 dossier.toml 中 team 的人数；依据：{clause}"),
                format!("list fewer people under `team` in dossier.toml; per {clause}"),
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_is_read_from_the_template_form_of_a_name() {
        assert_eq!(field_from_name("工业制造领域——基于可信数据空间的供应链协同").as_deref(), Some("工业制造"));
        assert_eq!(field_from_name("基于可信数据空间的供应链协同"), None);
        assert_eq!(field_from_name("某某——案例"), None);
    }

    #[test]
    fn first_line_skips_blank_lines() {
        assert_eq!(first_line("\n 重庆某某科技有限公司\n联合单位").as_deref(), Some("重庆某某科技有限公司"));
        assert_eq!(first_line("  \n "), None);
    }
}
