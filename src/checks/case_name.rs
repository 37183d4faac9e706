//! Names and lists: the case name in the notice's form (“XX领域——案例名称”), 领域 / 赛道 / 赛题 / 申报方向 /
//! 应用领域 from the notice's lists, and the contest's name spelled exactly as the notice fixes it.

use super::Context;
use crate::diag::{family, Code, Diagnostic, Lang};
use crate::keys::heading_key;
use crate::notice::{NamingTarget, ValueList};
use crate::read::docx::Document;
use crate::report::Facts;

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
    fields(ctx, facts, out);
    track_and_topic(ctx, facts, out);
    directions_and_areas(ctx, facts, doc, out);
    naming(ctx, facts, doc, out);
}

/// The finding for a value that is none of the notice's list: the first values of the list and its clause as help.
fn not_listed(lang: Lang, what: &str, value: &str, list: &ValueList) -> Diagnostic {
    let shown: Vec<&str> = list.values.iter().map(String::as_str).take(24).collect();
    Diagnostic::new(
        Code::NotInList,
        lang.pick(
            format!("{what}“{value}”不是通知列出的 {} 个之一", list.values.len()),
            format!("{what} “{value}” is not one of the notice's {}", list.values.len()),
        ),
    )
    .section(what.to_owned())
    .help(lang.pick(
        format!("从这些中选：{}；依据：{}", shown.join("、"), list.clause),
        format!("pick one of: {}; per {}", shown.join(", "), list.clause),
    ))
}

/// 领域 (from dossier.toml, else the name's “XX领域——” prefix) and 单位类型 from the notice's lists.
fn fields(ctx: &Context<'_>, facts: &Facts, out: &mut Vec<Diagnostic>) {
    let (lang, lists, config) = (ctx.lang, &ctx.notice.lists, crate::dossier::CONFIG_FILE);
    if let (Some(list), Some(field)) = (&lists.fields, facts.field.as_deref()) {
        if !in_list(list, field) {
            out.push(not_listed(lang, lang.pick("领域", "field"), field, list).file(config));
        }
    }
    if let (Some(list), Some(unit_type)) = (&lists.unit_types, facts.unit_type.as_deref()) {
        if !in_list(list, unit_type) {
            out.push(not_listed(lang, lang.pick("单位类型", "unit type"), unit_type, list).file(config));
        }
    }
}

/// 赛道 and 赛题: one of each where a project enters one topic only, each from the notice's lists (the
/// topics of the chosen track).
fn track_and_topic(ctx: &Context<'_>, facts: &Facts, out: &mut Vec<Diagnostic>) {
    let (lang, lists, config) = (ctx.lang, &ctx.notice.lists, crate::dossier::CONFIG_FILE);
    let one_topic = ctx.notice.team.as_ref().is_some_and(|t| t.one_topic_per_project);
    if let (Some(tracks), Some(track)) = (&lists.tracks, facts.track.as_deref()) {
        let names: Vec<String> = tracks.tracks.iter().map(|t| t.name.clone()).collect();
        // The chosen track's topics; for an unknown track every topic once (“通用类赛题” is in each track).
        let chosen = tracks.tracks.iter().find(|t| heading_key(&t.name) == heading_key(track));
        let mut all_topics: Vec<String> = match chosen {
            Some(t) => t.topics.clone(),
            None => tracks.tracks.iter().flat_map(|t| t.topics.iter().cloned()).collect(),
        };
        all_topics.sort();
        all_topics.dedup();
        let several = [(lang.pick("赛道", "tracks"), track, named(&names, track))]
            .into_iter()
            .chain(facts.topic.as_deref().map(|t| (lang.pick("赛题", "topics"), t, named(&all_topics, t))))
            .find(|(_, _, found)| found.len() > 1);
        if let Some((what, value, found)) = several.filter(|_| one_topic) {
            out.push(
                Diagnostic::new(
                    Code::OneChoice,
                    lang.pick(
                        format!("{what}“{value}”含 {} 个：{}，每个参赛项目只能报一个", found.len(), found.join("、")),
                        format!(
                            "{what} “{value}” names {}: {}; a project enters one only",
                            found.len(),
                            found.join(", ")
                        ),
                    ),
                )
                .file(config)
                .section(what.to_owned())
                .help({
                    // The rule that a project enters one topic, else the list's own clause.
                    let clause =
                        ctx.notice.team.as_ref().and_then(|t| t.topic_clause.as_ref()).unwrap_or(&tracks.clause);
                    lang.pick(
                        format!("只保留一个，选定后不得更改；依据：{clause}"),
                        format!("keep one; it cannot be changed once chosen; per {clause}"),
                    )
                }),
            );
        } else {
            match chosen {
                None => {
                    let list = ValueList {
                        values: tracks.tracks.iter().map(|t| t.name.clone()).collect(),
                        clause: tracks.clause.clone(),
                    };
                    out.push(not_listed(lang, lang.pick("赛道", "track"), track, &list).file(config));
                }
                Some(t) => {
                    if let Some(topic) = facts.topic.as_deref().filter(|_| !t.topics.is_empty()) {
                        let list = ValueList { values: t.topics.clone(), clause: tracks.clause.clone() };
                        if !in_list(&list, topic) {
                            out.push(not_listed(lang, lang.pick("赛题", "topic"), topic, &list).file(config));
                        }
                    }
                }
            }
        }
    }
}

/// 申报方向 / 应用领域: from dossier.toml, else the boxes ticked in the 基本情况表.
fn directions_and_areas(ctx: &Context<'_>, facts: &Facts, doc: Option<(&Document, &str)>, out: &mut Vec<Diagnostic>) {
    let (lang, lists, config) = (ctx.lang, &ctx.notice.lists, crate::dossier::CONFIG_FILE);
    let c = ctx.dossier.config.as_ref();
    for (values, list, what, from_config) in [
        (
            &facts.directions,
            &lists.directions,
            lang.pick("申报方向", "direction"),
            c.is_some_and(|c| !c.directions.is_empty()),
        ),
        (&facts.areas, &lists.areas, lang.pick("应用领域", "area"), c.is_some_and(|c| !c.areas.is_empty())),
    ] {
        let Some(list) = list else { continue };
        for v in values.iter().filter(|v| !in_list(list, v)) {
            let d = not_listed(lang, what, v, list);
            out.push(match (from_config, doc) {
                (true, _) | (false, None) => d.file(config),
                (false, Some((_, file))) => d.file(file),
            });
        }
    }
}

/// The case name in the notice's form, and the contest's name spelled as the notice fixes it.
fn naming(ctx: &Context<'_>, facts: &Facts, doc: Option<(&Document, &str)>, out: &mut Vec<Diagnostic>) {
    let lang = ctx.lang;
    // Each paragraph's text once, however many spellings are looked for.
    let texts: Vec<String> = doc.map(|(d, _)| d.paragraphs.iter().map(|p| p.text()).collect()).unwrap_or_default();
    for rule in &ctx.notice.naming {
        match rule.what {
            NamingTarget::CaseName => {
                let Some(name) = facts.name.as_deref() else { continue };
                if super::identity::field_from_name(name).is_none() {
                    out.push(
                        Diagnostic::new(
                            Code::NameForm,
                            lang.pick(
                                format!("案例名称“{name}”不是“{}”的形式", rule.format),
                                format!("the case name “{name}” is not in the form “{}”", rule.format),
                            ),
                        )
                        .help(lang.pick(
                            format!("例如“工业制造领域——{name}”；依据：{}", rule.clause),
                            format!("e.g. “工业制造领域——{name}”; per {}", rule.clause),
                        )),
                    );
                }
            }
            NamingTarget::ContestName | NamingTarget::SubcontestName => {
                let Some((_, file)) = doc else { continue };
                for wrong in &rule.wrong {
                    let times = texts.iter().filter(|t| t.contains(wrong.as_str())).count();
                    if times == 0 {
                        continue;
                    }
                    out.push(
                        Diagnostic::new(
                            Code::NameForm,
                            lang.pick(
                                format!("“{wrong}”（{times} 处）应写作“{}”", rule.format),
                                format!(
                                    "“{wrong}” ({}) should read “{}”",
                                    crate::diag::counted(times, "place", "places"),
                                    rule.format
                                ),
                            ),
                        )
                        .file(file)
                        .help(lang.pick(
                            format!("用查找替换统一改为规范名称；依据：{}", rule.clause),
                            format!("replace it everywhere with the standard name; per {}", rule.clause),
                        )),
                    );
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
