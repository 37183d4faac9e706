//! Names and lists: the case name in the notice's form (“XX领域——案例名称”), 领域 / 赛道 / 赛题 / 申报方向 /
//! 应用领域 from the notice's lists, and the contest's name spelled exactly as the notice fixes it.
//!
//! The family file holds, in this order: the check (typed [`CaseNameFinding`]s, no language), the clauses
//! `shenbao explain` cites for SB705, SB706 and SB716, and the zh and en wording of each finding.

use super::Context;
use crate::diag::{family, Code, Diagnostic, Finding, Lang};
use crate::keys::heading_key;
use crate::notice::{Clause, NamingTarget, ValueList};
use crate::read::docx::Document;
use crate::report::Facts;

/// What this family finds (SB705, SB706, SB716), as data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseNameFinding {
    /// SB706: `value` (of the list `list`) is none of the notice's `values`; `file` is where it was read
    /// (dossier.toml, or the 申报书 whose boxes were ticked).
    NotInList { file: String, list: ListName, value: String, values: Vec<String>, clause: Clause },
    /// SB716: `value` names several entries (`named`) of a list where a project enters one only.
    OneChoice { list: ListName, value: String, named: Vec<String>, clause: Clause },
    /// SB705: the case name is not in the notice's `form` (“XX领域——案例名称”).
    CaseNameForm { name: String, form: String, clause: Clause },
    /// SB717: the case name's “XX领域——” prefix names `prefix`, the field given (dossier.toml or the
    /// 申报表) is `field`.
    NameFieldDisagrees { name: String, prefix: String, field: String, clause: Clause },
    /// SB705: the contest's name spelt `wrong`, `times` paragraphs of `file`, instead of `right`.
    Misspelt { file: String, wrong: String, times: usize, right: String, clause: Clause },
}

/// The notice's list a value is checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListName {
    /// 领域
    Field,
    /// 单位类型
    UnitType,
    /// 赛道
    Track,
    /// 赛题
    Topic,
    /// 申报方向
    Direction,
    /// 应用领域
    Area,
}

fn in_list(list: &ValueList, value: &str) -> bool {
    let key = heading_key(value);
    list.values.iter().any(|v| {
        let v = heading_key(v);
        // “其他（智慧文旅）”: the open choice with its own words.
        v == key || ((v.starts_with("其他") || v.starts_with("其它")) && key.starts_with(&v))
    })
}

/// The values of `list` a free text names (“赛题：提升医疗服务便捷性；提升中医药发展水平” names two).
fn named<'l>(list: &'l [String], value: &str) -> Vec<&'l str> {
    let key = heading_key(value);
    list.iter().filter(|v| key.contains(&heading_key(v))).map(String::as_str).collect()
}

/// Names and list values of one dossier: the facts (from dossier.toml or the 申报书) against the notice's
/// lists and naming rules.
pub fn check(ctx: &Context<'_>, facts: &Facts, doc: Option<(&Document, &str)>, out: &mut Vec<Diagnostic>) {
    let mut found = Vec::new();
    find(ctx, facts, doc, &mut found);
    out.extend(found.into_iter().map(Diagnostic::of));
}

/// [`check`] without the language: the findings pushed to `out`.
pub fn find(ctx: &Context<'_>, facts: &Facts, doc: Option<(&Document, &str)>, out: &mut Vec<CaseNameFinding>) {
    fields(ctx, facts, out);
    track_and_topic(ctx, facts, out);
    directions_and_areas(ctx, facts, doc, out);
    naming(ctx, facts, doc, out);
}

/// The finding for a value that is none of the notice's list.
fn not_listed(file: &str, list_name: ListName, value: &str, list: &ValueList) -> CaseNameFinding {
    CaseNameFinding::NotInList {
        file: file.to_owned(),
        list: list_name,
        value: value.to_owned(),
        values: list.values.clone(),
        clause: list.clause.clone(),
    }
}

/// 领域 (from dossier.toml, else the name's “XX领域——” prefix) and 单位类型 from the notice's lists.
fn fields(ctx: &Context<'_>, facts: &Facts, out: &mut Vec<CaseNameFinding>) {
    let (lists, config) = (&ctx.notice.lists, crate::dossier::CONFIG_FILE);
    if let (Some(list), Some(field)) = (&lists.fields, facts.field.as_deref()) {
        if !in_list(list, field) {
            out.push(not_listed(config, ListName::Field, field, list));
        }
    }
    if let (Some(list), Some(unit_type)) = (&lists.unit_types, facts.unit_type.as_deref()) {
        if !in_list(list, unit_type) {
            out.push(not_listed(config, ListName::UnitType, unit_type, list));
        }
    }
}

/// 赛道 and 赛题: one of each where a project enters one topic only, each from the notice's lists (the
/// topics of the chosen track).
fn track_and_topic(ctx: &Context<'_>, facts: &Facts, out: &mut Vec<CaseNameFinding>) {
    let (lists, config) = (&ctx.notice.lists, crate::dossier::CONFIG_FILE);
    let one_topic = ctx.notice.team.as_ref().is_some_and(|t| t.one_topic_per_project);
    let (Some(tracks), Some(track)) = (&lists.tracks, facts.track.as_deref()) else { return };
    let names: Vec<String> = tracks.tracks.iter().map(|t| t.name.clone()).collect();
    // The chosen track's topics; for an unknown track every topic once (“通用类赛题” is in each track).
    let chosen = tracks.tracks.iter().find(|t| heading_key(&t.name) == heading_key(track));
    let mut all_topics: Vec<String> = match chosen {
        Some(t) => t.topics.clone(),
        None => tracks.tracks.iter().flat_map(|t| t.topics.iter().cloned()).collect(),
    };
    all_topics.sort();
    all_topics.dedup();
    let several = [(ListName::Track, track, named(&names, track))]
        .into_iter()
        .chain(facts.topic.as_deref().map(|t| (ListName::Topic, t, named(&all_topics, t))))
        .find(|(_, _, found)| found.len() > 1);
    if let Some((list, value, found)) = several.filter(|_| one_topic) {
        // The rule that a project enters one topic, else the list's own clause.
        let clause = ctx.notice.team.as_ref().and_then(|t| t.topic_clause.as_ref()).unwrap_or(&tracks.clause);
        out.push(CaseNameFinding::OneChoice {
            list,
            value: value.to_owned(),
            named: found.into_iter().map(str::to_owned).collect(),
            clause: clause.clone(),
        });
        return;
    }
    match chosen {
        None => {
            let list = ValueList { values: names, clause: tracks.clause.clone() };
            out.push(not_listed(config, ListName::Track, track, &list));
        }
        Some(t) => {
            if let Some(topic) = facts.topic.as_deref().filter(|_| !t.topics.is_empty()) {
                let list = ValueList { values: t.topics.clone(), clause: tracks.clause.clone() };
                if !in_list(&list, topic) {
                    out.push(not_listed(config, ListName::Topic, topic, &list));
                }
            }
        }
    }
}

/// 申报方向 / 应用领域: from dossier.toml, else the boxes ticked in the 基本情况表.
fn directions_and_areas(
    ctx: &Context<'_>,
    facts: &Facts,
    doc: Option<(&Document, &str)>,
    out: &mut Vec<CaseNameFinding>,
) {
    let (lists, config) = (&ctx.notice.lists, crate::dossier::CONFIG_FILE);
    let c = ctx.dossier.config.as_ref();
    for (values, list, list_name, from_config) in [
        (&facts.directions, &lists.directions, ListName::Direction, c.is_some_and(|c| !c.directions.is_empty())),
        (&facts.areas, &lists.areas, ListName::Area, c.is_some_and(|c| !c.areas.is_empty())),
    ] {
        let Some(list) = list else { continue };
        let file = match (from_config, doc) {
            (true, _) | (false, None) => config,
            (false, Some((_, file))) => file,
        };
        for v in values.iter().filter(|v| !in_list(list, v)) {
            out.push(not_listed(file, list_name, v, list));
        }
    }
}

/// SB717 when the name's “XX领域——” prefix is another field than the one given: the 汇总表 counts by the
/// field given; a reviewer reads the name. (Where no field is given, the field is the name's own prefix
/// and cannot disagree.)
fn name_and_field(facts: &Facts, clause: &Clause, out: &mut Vec<CaseNameFinding>) {
    let Some(name) = facts.name.as_deref() else { return };
    let Some(prefix) = super::identity::field_from_name(name) else { return };
    if let Some(field) = facts.field.as_deref().filter(|f| heading_key(f) != heading_key(&prefix)) {
        out.push(CaseNameFinding::NameFieldDisagrees {
            name: name.to_owned(),
            prefix,
            field: field.to_owned(),
            clause: clause.clone(),
        });
    }
}

/// The case name in the notice's form, and the contest's name spelled as the notice fixes it. A notice
/// that lists fields but fixes no form for the name still has its name and field agree (the 汇总表 shows
/// both side by side).
fn naming(ctx: &Context<'_>, facts: &Facts, doc: Option<(&Document, &str)>, out: &mut Vec<CaseNameFinding>) {
    // Each paragraph's text once, however many spellings are looked for.
    let texts: Vec<String> = doc.map(|(d, _)| d.paragraphs.iter().map(|p| p.text()).collect()).unwrap_or_default();
    if !ctx.notice.naming.iter().any(|r| r.what == NamingTarget::CaseName) {
        if let Some(fields) = &ctx.notice.lists.fields {
            name_and_field(facts, &fields.clause, out);
        }
    }
    for rule in &ctx.notice.naming {
        match rule.what {
            NamingTarget::CaseName => {
                let Some(name) = facts.name.as_deref() else { continue };
                let prefix = super::identity::field_from_name(name);
                // The form is “——”; a name with another dash still names its field.
                if prefix.is_none() || !(name.contains("——") || name.contains("--")) {
                    out.push(CaseNameFinding::CaseNameForm {
                        name: name.to_owned(),
                        form: rule.format.clone(),
                        clause: rule.clause.clone(),
                    });
                }
                name_and_field(facts, &rule.clause, out);
            }
            NamingTarget::ContestName | NamingTarget::SubcontestName => {
                let Some((_, file)) = doc else { continue };
                for wrong in &rule.wrong {
                    let times = texts.iter().filter(|t| t.contains(wrong.as_str())).count();
                    if times == 0 {
                        continue;
                    }
                    out.push(CaseNameFinding::Misspelt {
                        file: file.to_owned(),
                        wrong: wrong.clone(),
                        times,
                        right: rule.format.clone(),
                        clause: rule.clause.clone(),
                    });
                }
            }
        }
    }
}

/// The clauses `shenbao explain` cites for this family's codes.
pub fn clauses(code: family::CaseName, notice: &crate::notice::Notice) -> Vec<(String, &crate::notice::Clause)> {
    use family::CaseName::*;
    let mut out = Vec::new();
    match code {
        NameForm => {
            for n in &notice.naming {
                out.push((n.format.clone(), &n.clause));
            }
        }
        // The naming rule that puts the field in the name, and the list the field is one of.
        NameFieldDisagree => {
            for n in notice.naming.iter().filter(|n| n.what == crate::notice::NamingTarget::CaseName) {
                out.push((n.format.clone(), &n.clause));
            }
            if let Some(list) = &notice.lists.fields {
                out.push(("fields".to_owned(), &list.clause));
            }
        }
        NotInList => {
            let l = &notice.lists;
            for (name, list) in [
                ("fields", &l.fields),
                ("directions", &l.directions),
                ("areas", &l.areas),
                ("unit_types", &l.unit_types),
            ] {
                if let Some(list) = list {
                    out.push((name.to_owned(), &list.clause));
                }
            }
            if let Some(t) = &l.tracks {
                out.push(("tracks".to_owned(), &t.clause));
            }
        }
        OneChoice => {
            for r in notice.requirements.iter().filter(|r| matches!(r.id.as_str(), "one-topic-fixed" | "one-track")) {
                out.push((r.id.clone(), &r.clause));
            }
        }
    }
    out
}

// The wording of this family's findings, zh and en together.

/// How many of a list's values a finding shows.
const SHOWN: usize = 24;

impl Finding for CaseNameFinding {
    fn code(&self) -> Code {
        match self {
            Self::NotInList { .. } => Code::NotInList,
            Self::OneChoice { .. } => Code::OneChoice,
            Self::CaseNameForm { .. } | Self::Misspelt { .. } => Code::NameForm,
            Self::NameFieldDisagrees { .. } => Code::NameFieldDisagree,
        }
    }

    fn file(&self) -> Option<&str> {
        match self {
            Self::NotInList { file, .. } | Self::Misspelt { file, .. } => Some(file),
            Self::OneChoice { .. } | Self::NameFieldDisagrees { .. } => Some(crate::dossier::CONFIG_FILE),
            Self::CaseNameForm { .. } => None,
        }
    }

    /// The list's Chinese name (领域, 赛题…), in every language: a key of the notice, like a section title.
    fn section(&self) -> Option<&str> {
        match self {
            Self::NotInList { list, .. } | Self::OneChoice { list, .. } => Some(list.zh()),
            Self::CaseNameForm { .. } | Self::Misspelt { .. } | Self::NameFieldDisagrees { .. } => None,
        }
    }

    fn section_in(&self, lang: Lang) -> Option<String> {
        match self {
            Self::NotInList { list, .. } | Self::OneChoice { list, .. } => {
                Some(lang.pick(list.zh(), list.en()).to_owned())
            }
            Self::CaseNameForm { .. } | Self::Misspelt { .. } | Self::NameFieldDisagrees { .. } => None,
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            Self::NotInList { list, value, values, .. } => {
                let n = values.len();
                lang.pick(
                    format!("{}“{value}”不是通知列出的 {n} 个之一", list.zh()),
                    format!("{} “{value}” is not one of the notice's {n}", list.en()),
                )
            }
            Self::OneChoice { list, value, named, .. } => {
                let n = named.len();
                lang.pick(
                    format!("{}“{value}”含 {n} 个：{}，每个参赛项目只能报一个", list.zh(), named.join("、")),
                    format!(
                        "{} “{value}” names {n}: {}; a project enters one only",
                        list.en_plural(),
                        named.join(", ")
                    ),
                )
            }
            Self::CaseNameForm { name, form, .. } => lang.pick(
                format!("案例名称“{name}”不是“{form}”的形式"),
                format!("the case name “{name}” is not in the form “{form}”"),
            ),
            Self::NameFieldDisagrees { name, prefix, field, .. } => lang.pick(
                format!("案例名称“{name}”写的是“{prefix}领域”，所填领域却是“{field}”"),
                format!("the case name “{name}” says “{prefix}领域” but the field given is “{field}”"),
            ),
            Self::Misspelt { wrong, times, right, .. } => lang.pick(
                format!("“{wrong}”（{times} 处）应写作“{right}”"),
                format!("“{wrong}” ({}) should read “{right}”", crate::diag::counted(*times, "place", "places")),
            ),
        }
    }

    fn help(&self, lang: Lang) -> Option<String> {
        Some(match self {
            Self::NotInList { values, clause, .. } => {
                let shown: Vec<&str> = values.iter().map(String::as_str).take(SHOWN).collect();
                lang.pick(
                    format!("从这些中选：{}；依据：{clause}", shown.join("、")),
                    format!("pick one of: {}; per {clause}", shown.join(", ")),
                )
            }
            Self::OneChoice { clause, .. } => lang.pick(
                format!("只保留一个，选定后不得更改；依据：{clause}"),
                format!("keep one; it cannot be changed once chosen; per {clause}"),
            ),
            Self::CaseNameForm { name, clause, .. } => {
                let example = example_name(name);
                lang.pick(format!("例如“{example}”；依据：{clause}"), format!("e.g. “{example}”; per {clause}"))
            }
            Self::NameFieldDisagrees { prefix, field, clause, .. } => lang.pick(
                format!("改正名称或 dossier.toml 的 field，使两者一致（“{field}领域——…”或 field = \"{prefix}\"）；依据：{clause}"),
                format!("correct the name or dossier.toml's field so they agree (“{field}领域——…” or field = \"{prefix}\"); per {clause}"),
            ),
            Self::Misspelt { clause, .. } => lang.pick(
                format!("用查找替换统一改为规范名称；依据：{clause}"),
                format!("replace it everywhere with the standard name; per {clause}"),
            ),
        })
    }
}

/// The case name as the notice's form would have it: a name that already starts with “XX领域” and a
/// single dash or hyphen gets the double dash (“工业制造领域—基于…” → “工业制造领域——基于…”); any other
/// name gets an example field in front.
fn example_name(name: &str) -> String {
    const DASHES: &[char] = &['—', '-', '－', '–', '―', '─'];
    if let Some((head, rest)) = name.split_once("领域") {
        let body = rest.trim_start_matches(DASHES).trim_start();
        if !head.trim().is_empty() && head.chars().count() <= 8 && rest.len() != body.len() && !body.is_empty() {
            return format!("{}领域——{body}", head.trim());
        }
    }
    format!("工业制造领域——{name}")
}

impl ListName {
    fn zh(self) -> &'static str {
        match self {
            Self::Field => "领域",
            Self::UnitType => "单位类型",
            Self::Track => "赛道",
            Self::Topic => "赛题",
            Self::Direction => "申报方向",
            Self::Area => "应用领域",
        }
    }

    fn en(self) -> &'static str {
        match self {
            Self::Field => "field",
            Self::UnitType => "unit type",
            Self::Track => "track",
            Self::Topic => "topic",
            Self::Direction => "direction",
            Self::Area => "area",
        }
    }

    /// The English name of several values of the list (“tracks”, “topics”), for SB716.
    fn en_plural(self) -> &'static str {
        match self {
            Self::Field => "fields",
            Self::UnitType => "unit types",
            Self::Track => "tracks",
            Self::Topic => "topics",
            Self::Direction => "directions",
            Self::Area => "areas",
        }
    }
}
