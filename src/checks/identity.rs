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
use crate::keys::people::{name_key, read_id_number, read_phone, split_at_dashes};
use crate::notice::Clause;
use crate::report::Facts;

/// What this family finds, as data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdentityFinding {
    /// SB006: dossier.toml's `key` says `given`, the 申报书's `label` cell says `in_table` (lists joined
    /// with 、); `file` is the 申报书 when there is one.
    FactsDisagree { file: Option<String>, key: String, label: String, given: String, in_table: String },
    /// SB007: more 参赛代表 in dossier.toml than the notice's `max` (counted as distinct people).
    TeamOverLimit { size: usize, max: u32, clause: Clause },
    /// SB009: the same person listed `times` times in dossier.toml's team.
    MemberTwice { name: String, times: usize },
    /// SB010: a team member whose phone (`phone`, masked as typed) or ID number (`id_given`) cannot be
    /// read, or who gives neither; `matchable` when the other one can still be read.
    ContactUnreadable { name: String, phone: Option<String>, id_given: bool, matchable: bool },
    /// SB010: team members who give neither phone nor ID number, when the notice matches people across
    /// teams.
    ContactMissing { names: Vec<String> },
}

/// Table labels that carry the dossier's name.
pub(crate) const NAME_LABELS: [&str; 4] = ["案例名称", "项目名称", "场景名称", "参赛项目名称"];
/// Table labels that carry the applicant.
pub(crate) const UNIT_LABELS: [&str; 4] = ["申报单位", "牵头单位", "参赛单位", "申报主体"];

/// Words of a school's name. A heuristic on a name: a 高校 is a 大学 or 学院 (高等专科学校 included);
/// a name without them is taken for another kind of unit.
const SCHOOL_WORDS: [&str; 5] = ["大学", "学院", "高校", "学校", "高等专科"];

/// Whether a unit's name reads as a school's (a 高校's), by [`SCHOOL_WORDS`]: a heuristic, said to be one
/// wherever it decides something.
pub fn names_a_school(unit: &str) -> bool {
    SCHOOL_WORDS.iter().any(|w| unit.contains(w))
}

/// Whether a unit type of a notice's list (部属高校, 其他高校) is a kind of school.
pub fn school_kind(kind: &str) -> bool {
    kind.contains("高校") || kind.contains("学校")
}

/// The unit type the 申报表 gives: the value of its field reading from the notice's `unit_types` list (a
/// ticked box, or the cell's first line).
pub fn unit_type_in_table(values: &[Filled<'_>]) -> Option<String> {
    let (field, value) = values.iter().find(|(f, _)| f.list.as_deref() == Some("unit_types"))?;
    match field.kind {
        crate::notice::FieldKind::Choice => ticked(value).into_iter().next(),
        _ => first_line(value),
    }
}

/// The 申报单位 the 申报表 gives (the first line of its cell).
pub fn unit_in_table(values: &[Filled<'_>]) -> Option<String> {
    table_value(values, &UNIT_LABELS)
}

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
        team_size: distinct_members(&c.team).len(),
    }
}

/// The team's distinct people, each with how many times it is listed, in the order first listed. Two
/// entries are one person when the names agree and no phone or ID number that can be read tells them apart.
pub fn distinct_members(team: &[crate::dossier::Member]) -> Vec<(&crate::dossier::Member, usize)> {
    let contact = |m: &crate::dossier::Member| {
        (m.phone.as_deref().and_then(|p| read_phone(p).key()), m.id_number.as_deref().and_then(read_id_number))
    };
    let agree = |a: &Option<String>, b: &Option<String>| a.is_none() || b.is_none() || a == b;
    let mut people: Vec<(&crate::dossier::Member, usize)> = Vec::new();
    for m in team {
        let (phone, id) = contact(m);
        let same = people.iter_mut().find(|(p, _)| {
            let (p_phone, p_id) = contact(p);
            heading_key(&p.name) == heading_key(&m.name) && agree(&p_phone, &phone) && agree(&p_id, &id)
        });
        match same {
            Some((_, times)) => *times += 1,
            None => people.push((m, 1)),
        }
    }
    people
}

/// SB009 and SB010 for dossier.toml's team: repeats, and contacts the team rules cannot read.
fn team_members(ctx: &Context<'_>, out: &mut Vec<IdentityFinding>) {
    let Some(config) = ctx.dossier.config.as_ref() else { return };
    for (m, times) in distinct_members(&config.team) {
        if times > 1 {
            out.push(IdentityFinding::MemberTwice { name: m.name.clone(), times });
        }
    }
    // Only a notice with team rules matches people across dossiers.
    let Some(rules) = &ctx.notice.team else { return };
    let mut missing = Vec::new();
    for m in &config.team {
        fn given(v: &Option<String>) -> Option<&str> {
            v.as_deref().map(str::trim).filter(|v| !v.is_empty())
        }
        let phone = given(&m.phone);
        let id = given(&m.id_number);
        let phone_ok = phone.is_some_and(|p| read_phone(p).key().is_some());
        let id_ok = id.and_then(read_id_number).is_some();
        let bad_phone = phone.filter(|_| !phone_ok);
        let bad_id = id.is_some() && !id_ok;
        if phone.is_none() && id.is_none() {
            missing.push(m.name.clone());
        } else if bad_phone.is_some() || bad_id {
            out.push(IdentityFinding::ContactUnreadable {
                name: m.name.clone(),
                phone: bad_phone.map(masked),
                id_given: bad_id,
                matchable: phone_ok || id_ok,
            });
        }
    }
    if !missing.is_empty() && (rules.one_team_per_person || rules.one_project_per_team) {
        out.push(IdentityFinding::ContactMissing { names: missing });
    }
}

/// What was typed, with its middle hidden when it is long enough to be a number someone could call.
fn masked(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() < 7 {
        return text.to_owned();
    }
    let tail = 2;
    chars[..3]
        .iter()
        .chain(std::iter::repeat_n(&'*', chars.len() - 3 - tail))
        .chain(&chars[chars.len() - tail..])
        .collect()
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

/// The 领域 of a name written “XX领域——案例名称” (the cq-2024-cases-2 template asks for that form), with
/// any dashes typed (—, －, -).
pub fn field_from_name(name: &str) -> Option<String> {
    let (head, _) = split_at_dashes(name)?;
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
            // “——” and “—”, spaces and widths aside: the same name (as the batch's duplicates compare).
            Some(given) if name_key(given) != name_key(&in_table) => {
                out.push(mismatch(key, labels[0], given.clone(), in_table));
            }
            Some(_) => {}
            None => *slot = Some(in_table),
        }
    }
    if facts.unit_type.is_none() {
        facts.unit_type = unit_type_in_table(table_values);
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
    team_members(ctx, out);
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
        TeamOverLimit | ContactUnreadable => notice.team.iter().map(|t| ("team".to_owned(), &t.clause)).collect(),
        // dossier.toml against the 申报书 is the tool's own consistency check.
        FactsDisagree | MemberTwice => Vec::new(),
    }
}

// The wording of this family's findings, zh and en together.

impl Finding for IdentityFinding {
    fn code(&self) -> Code {
        match self {
            Self::FactsDisagree { .. } => Code::FactsDisagree,
            Self::TeamOverLimit { .. } => Code::TeamOverLimit,
            Self::MemberTwice { .. } => Code::MemberTwice,
            Self::ContactUnreadable { .. } | Self::ContactMissing { .. } => Code::ContactUnreadable,
        }
    }

    /// A name or 申报单位 that differs is an error: the 汇总表 and the reviewer would name different
    /// things. Differently ticked 申报方向 or 应用领域 stay a warning.
    fn severity(&self) -> crate::diag::Severity {
        match self {
            Self::FactsDisagree { key, .. } if key != "name" && key != "unit" => crate::diag::Severity::Warning,
            _ => self.code().info().severity,
        }
    }

    fn file(&self) -> Option<&str> {
        match self {
            Self::FactsDisagree { file, .. } => file.as_deref(),
            Self::TeamOverLimit { .. }
            | Self::MemberTwice { .. }
            | Self::ContactUnreadable { .. }
            | Self::ContactMissing { .. } => Some(crate::dossier::CONFIG_FILE),
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
            Self::MemberTwice { name, times } => lang.pick(
                format!("参赛代表“{name}”在 team 中列了 {times} 次"),
                format!("representative “{name}” is listed {times} times under `team`"),
            ),
            Self::ContactUnreadable { name, phone, id_given, matchable } => {
                let (what_zh, what_en) = match (phone, id_given) {
                    (Some(p), true) => (
                        format!("的电话“{p}”和身份证号都无法识别"),
                        format!("’s phone “{p}” and ID number cannot be read"),
                    ),
                    (Some(p), false) => (format!("的电话“{p}”无法识别"), format!("’s phone “{p}” cannot be read")),
                    (None, true) => ("的身份证号无法识别".to_owned(), "’s ID number cannot be read".to_owned()),
                    (None, false) => ("的电话无法识别".to_owned(), "’s phone cannot be read".to_owned()),
                };
                let (then_zh, then_en) = if *matchable {
                    ("", "")
                } else {
                    ("，无法核对其是否同时在其他团队", "; whether they are on another team cannot be checked")
                };
                lang.pick(
                    format!("参赛代表“{name}”{what_zh}{then_zh}"),
                    format!("representative “{name}”{what_en}{then_en}"),
                )
            }
            Self::ContactMissing { names } => {
                let joined = names.iter().map(|n| format!("“{n}”")).collect::<Vec<_>>();
                lang.pick(
                    format!(
                        "{} 名参赛代表没有填写电话或身份证号，无法核对其是否同时在其他团队：{}",
                        names.len(),
                        joined.join("、")
                    ),
                    format!(
                        "{} neither phone nor ID number, so other teams cannot be checked for them: {}",
                        crate::diag::counted(names.len(), "representative has", "representatives have"),
                        joined.join(", ")
                    ),
                )
            }
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
            Self::MemberTwice { .. } => lang
                .pick("删去重复的一项；人数按不同的人计算", "delete the repeat; the team is counted by distinct people")
                .to_owned(),
            Self::ContactUnreadable { .. } | Self::ContactMissing { .. } => lang
                .pick(
                    "写成 11 位手机号（可带 +86、空格、连字符）或带区号的座机（024-23456789），或填写 18 位身份证号",
                    "write an 11-digit mobile (+86, spaces and dashes are fine) or a landline with area code (024-23456789), or an 18-character ID number",
                )
                .to_owned(),
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
        assert_eq!(field_from_name("医疗健康领域—区域医疗数据共享").as_deref(), Some("医疗健康"));
        assert_eq!(field_from_name("医疗健康领域－区域医疗数据共享").as_deref(), Some("医疗健康"));
    }

    fn member(name: &str, phone: Option<&str>, id: Option<&str>) -> crate::dossier::Member {
        crate::dossier::Member {
            name: name.into(),
            phone: phone.map(Into::into),
            id_number: id.map(Into::into),
            role: None,
        }
    }

    #[test]
    fn a_person_listed_twice_counts_once() {
        let team = [
            member("张三", Some("13912345678"), None),
            member("李四", Some("13700000000"), None),
            member("张 三", Some("+86 139-1234-5678"), None),
            member("张三", None, Some("21010219900101123x")),
            member("张三", Some("13800000000"), None),
        ];
        let people = distinct_members(&team);
        let counts: Vec<(&str, usize)> = people.iter().map(|(m, n)| (m.name.as_str(), *n)).collect();
        // The third and fourth are the first again; the fifth has another phone: another 张三.
        assert_eq!(counts, [("张三", 3), ("李四", 1), ("张三", 1)]);
    }

    #[test]
    fn long_contacts_are_masked_in_messages() {
        assert_eq!(masked("139-1234-567"), "139*******67");
        assert_eq!(masked("见附件"), "见附件");
    }

    #[test]
    fn first_line_skips_blank_lines() {
        assert_eq!(first_line("\n 重庆某某科技有限公司\n联合单位").as_deref(), Some("重庆某某科技有限公司"));
        assert_eq!(first_line("  \n "), None);
    }
}
