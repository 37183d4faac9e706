//! The cross-dossier rules of a notice: quotas, duplicates, team rules and the priority ranking.
//!
//! Each rule reads only the [`Entrant`]s (facts from dossier.toml and the 申报表) and the groups of
//! byte-identical files found by [`super::same_files`]; nothing here opens a file.
//!
//! The family file holds, in this order: the rules (typed [`BatchFinding`]s, no language), the clauses
//! `shenbao explain` cites for SB501–SB511, and the zh and en wording of each finding.

use super::{label, Entrant};
use crate::diag::{family, Code, Diagnostic, Finding, Lang};
use crate::keys::heading_key;
use crate::notice::{Clause, Notice, Quota, QuotaScope, TeamRules};
use std::collections::{BTreeMap, BTreeSet};

/// What the cross-dossier rules find (SB501–SB511), as data. Dossiers are named by their labels
/// (`案例名称（folder）`, see [`super::label`]); the diagnostic's `dossiers` lists their folders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BatchFinding {
    /// SB501: a group sends more dossiers than its quota; `over` are the ones to hold back. `section` is the
    /// group's Chinese name ([`Group::name`]), its location in every language (SARIF, JUnit, the 汇总表).
    QuotaExceeded {
        group: Group,
        section: String,
        count: u32,
        max: u32,
        ranked: Ranked,
        over: Vec<String>,
        clause: Clause,
    },
    /// SB502: a group sends fewer dossiers than its quota's minimum.
    QuotaShort { group: Group, section: String, count: u32, min: u32, clause: Clause },
    /// SB503: dossiers whose dossier.toml lacks the fact a quota counts by.
    QuotaUnknown { key: FactKey, labels: Vec<String> },
    /// SB504: dossiers with the same 案例名称.
    DuplicateName { name: String, labels: Vec<String> },
    /// SB505: one project sent through several channels, which the notice forbids.
    DuplicateChannel { name: String, channels: Vec<String>, labels: Vec<String>, clause: Option<Clause> },
    /// SB506: one 参赛代表 (`who`: name and masked contact) on `teams` different teams.
    PersonOnTwoTeams { who: String, teams: usize, labels: Vec<String>, clause: Clause },
    /// SB507: one team enters several projects.
    TeamTwoProjects { labels: Vec<String>, clause: Clause },
    /// SB508: byte-identical files (`places`: `folder/path`) in `dossiers` different dossiers.
    SameFile { name: String, places: Vec<String>, dossiers: usize },
    /// SB509: dossiers of one recommending unit (`""` when none) with the same priority.
    PriorityDuplicate { priority: u32, recommender: String, labels: Vec<String> },
    /// SB510: a ranking that does not run from 1 to `count`: the numbers `missing`, the dossiers `unranked`.
    PriorityGap { recommender: String, count: u32, missing: Vec<u32>, unranked: Vec<String>, clause: Option<Clause> },
    /// SB511: one batch answers several notices: each notice id with its number of dossiers.
    MixedNotices { notices: Vec<(String, usize)> },
}

/// The group of dossiers a quota counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Group {
    /// The whole batch.
    Total,
    /// One applicant (`kind` 部属高校, `name` its unit) or one recommending unit (`kind` 地区, `name` 大连市).
    Unit { kind: String, name: String },
    /// One track, of a 分赛 `channel` (`""` when the dossiers name none).
    Track { channel: String, track: String },
    /// One other 数据类赛事.
    Contest { channel: String },
}

/// How the dossiers over a quota were chosen: by priority, or by folder order when none has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ranked {
    None,
    Some,
    All,
}

/// The dossier.toml fact a quota counts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactKey {
    RegionOrDepartment,
    UnitType,
    Track,
}

/// A contest channel is a 分赛 (sub-contest) when its name says so (“2024年“数据要素×”大赛辽宁分赛”);
/// any other channel is another 数据类赛事.
fn is_sub_contest(channel: &str) -> bool {
    channel.contains("分赛")
}

/// Applies every rule of every notice met to its dossiers; findings go to `out`.
pub fn check(
    entrants: &[Entrant],
    notices: &BTreeMap<String, Notice>,
    same: &[Vec<(usize, String)>],
    out: &mut Vec<Diagnostic>,
) {
    let mut found = Vec::new();
    find(entrants, notices, same, &mut found);
    out.extend(found.into_iter().map(|(f, dossiers)| Diagnostic::of(f).dossiers(dossiers)));
}

/// [`check`] without the language: each finding with the folders of the dossiers it concerns.
pub fn find(
    entrants: &[Entrant],
    notices: &BTreeMap<String, Notice>,
    same: &[Vec<(usize, String)>],
    out: &mut Vec<(BatchFinding, Vec<String>)>,
) {
    let mut by_notice: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, e) in entrants.iter().enumerate() {
        if !e.notice.is_empty() {
            by_notice.entry(&e.notice).or_default().push(i);
        }
    }
    if by_notice.len() > 1 {
        let notices = by_notice.iter().map(|(id, g)| ((*id).to_owned(), g.len())).collect();
        let dossiers = entrants.iter().filter(|e| !e.notice.is_empty()).map(|e| e.display.clone()).collect();
        out.push((BatchFinding::MixedNotices { notices }, dossiers));
    }
    for (id, group) in &by_notice {
        let Some(notice) = notices.get(*id) else { continue };
        let ctx = Members { entrants, members: group, notice };
        ctx.duplicate_names(out);
        ctx.quotas(out);
        if let Some(team) = &notice.team {
            ctx.teams(team, out);
        }
        ctx.priorities(out);
    }
    same_files(entrants, same, out);
}

/// Stable order for batch findings: errors first, then by code and message. The message is the default
/// (Chinese) wording until a renderer words a copy, so the order is the same in every language.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        b.severity.cmp(&a.severity).then_with(|| a.code.cmp(&b.code)).then_with(|| a.message.cmp(&b.message))
    });
}

/// A finding and the folders of its dossiers.
type Found = (BatchFinding, Vec<String>);

/// The dossiers of one notice.
struct Members<'a> {
    entrants: &'a [Entrant],
    members: &'a [usize],
    notice: &'a Notice,
}

impl Members<'_> {
    fn entrant(&self, i: usize) -> &Entrant {
        &self.entrants[i]
    }

    fn displays(&self, idx: &[usize]) -> Vec<String> {
        idx.iter().map(|&i| self.entrant(i).display.clone()).collect()
    }

    fn labels(&self, idx: &[usize]) -> Vec<String> {
        idx.iter().map(|&i| label(self.entrant(i))).collect()
    }

    /// Indices by priority (unranked last, then in the order given).
    fn ranked(&self, idx: &[usize]) -> Vec<usize> {
        let mut v = idx.to_vec();
        v.sort_by_key(|&i| (self.entrant(i).facts.priority.unwrap_or(u32::MAX), i));
        v
    }

    fn duplicate_names(&self, out: &mut Vec<Found>) {
        let mut by_name: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for &i in self.members {
            if let Some(name) = &self.entrant(i).facts.name {
                by_name.entry(heading_key(name)).or_default().push(i);
            }
        }
        let one_channel = self.notice.team.as_ref().is_some_and(|t| t.one_channel);
        for idx in by_name.values().filter(|g| g.len() > 1) {
            let name = self.entrant(idx[0]).facts.name.clone().unwrap_or_default();
            let labels = self.labels(idx);
            let channels: BTreeSet<&str> =
                idx.iter().filter_map(|&i| self.entrant(i).facts.recommender.as_deref()).collect();
            let found = if one_channel && channels.len() > 1 {
                let clause =
                    (self.notice.team.as_ref()).map(|t| t.channel_clause.as_ref().unwrap_or(&t.clause).clone());
                let channels = channels.into_iter().map(str::to_owned).collect();
                BatchFinding::DuplicateChannel { name, channels, labels, clause }
            } else {
                BatchFinding::DuplicateName { name, labels }
            };
            out.push((found, self.displays(idx)));
        }
    }

    fn quotas(&self, out: &mut Vec<Found>) {
        let mut unmatched_recommender: Option<Vec<usize>> = None;
        for quota in &self.notice.quotas {
            match quota.scope {
                QuotaScope::Total => self.limit(quota, self.members, Group::Total, out),
                QuotaScope::PerApplicant => self.per_applicant(quota, out),
                QuotaScope::PerRecommender => {
                    let matched = self.per_recommender(quota, out);
                    let left = unmatched_recommender.get_or_insert_with(|| self.members.to_vec());
                    left.retain(|i| !matched.contains(i));
                }
                QuotaScope::PerTrack => self.per_track(quota, out),
                QuotaScope::PerContest => self.per_contest(quota, out),
            }
        }
        // Only a recommending unit's batch answers to per-recommender minimums: when no dossier names its
        // 地区 or 部门 and no batch.toml gives a kind, this is not one (an applicant's own repository, say).
        let placed_some = unmatched_recommender.as_ref().is_some_and(|l| l.len() < self.members.len());
        let batch_kind = self.members.iter().any(|&i| self.entrant(i).recommender_kind.is_some());
        if let Some(left) = unmatched_recommender.filter(|l| !l.is_empty() && (placed_some || batch_kind)) {
            self.unknown(&left, FactKey::RegionOrDepartment, out);
        }
    }

    /// Checks one group's count against the quota's max and min.
    fn limit(&self, quota: &Quota, idx: &[usize], group: Group, out: &mut Vec<Found>) {
        let n = idx.len() as u32;
        if let Some(max) = quota.max.filter(|&m| n > m) {
            let over = &self.ranked(idx)[max as usize..];
            // Which ones are over follows the priorities; without them, it is only the folders' order.
            let ranked = match idx.iter().filter(|&&i| self.entrant(i).facts.priority.is_some()).count() {
                0 => Ranked::None,
                r if r < idx.len() => Ranked::Some,
                _ => Ranked::All,
            };
            let found = BatchFinding::QuotaExceeded {
                group: group.clone(),
                section: group.name(),
                count: n,
                max,
                ranked,
                over: self.labels(over),
                clause: quota.clause.clone(),
            };
            // The ones to hold back: those are the rows the 汇总表 marks.
            out.push((found, self.displays(over)));
        }
        if let Some(min) = quota.min.filter(|&m| n < m) {
            let section = group.name();
            let found = BatchFinding::QuotaShort { group, section, count: n, min, clause: quota.clause.clone() };
            out.push((found, self.displays(idx)));
        }
    }

    fn unknown(&self, idx: &[usize], key: FactKey, out: &mut Vec<Found>) {
        out.push((BatchFinding::QuotaUnknown { key, labels: self.labels(idx) }, self.displays(idx)));
    }

    fn per_applicant(&self, quota: &Quota, out: &mut Vec<Found>) {
        let Some(kind) = quota.applies_to.as_deref() else { return };
        let mut by_unit: BTreeMap<String, (String, Vec<usize>)> = BTreeMap::new();
        let mut untyped = Vec::new();
        for &i in self.members {
            let f = &self.entrant(i).facts;
            match (f.unit_type.as_deref(), f.unit.as_deref()) {
                (Some(t), Some(unit)) if t == kind => {
                    by_unit.entry(heading_key(unit)).or_insert_with(|| (unit.to_owned(), Vec::new())).1.push(i)
                }
                (None, _) => untyped.push(i),
                _ => {}
            }
        }
        for (unit, idx) in by_unit.values() {
            self.limit(quota, idx, Group::Unit { kind: kind.to_owned(), name: unit.clone() }, out);
        }
        // Reported once per notice, at its first per-applicant quota.
        let first = self.notice.quotas.iter().find(|q| q.scope == QuotaScope::PerApplicant);
        if !untyped.is_empty() && first.is_some_and(|q| std::ptr::eq(q, quota)) {
            self.unknown(&untyped, FactKey::UnitType, out);
        }
    }

    /// Returns the dossiers the quota could place.
    fn per_recommender(&self, quota: &Quota, out: &mut Vec<Found>) -> Vec<usize> {
        let Some(kind) = quota.applies_to.as_deref() else { return Vec::new() };
        let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for &i in self.members {
            let entrant = self.entrant(i);
            let f = &entrant.facts;
            // Else the recommending unit, when its batch root's batch.toml says it is a 地区 (or 部门).
            let key = match kind {
                "地区" => f.region.as_deref(),
                "部门" => f.department.as_deref(),
                _ => None,
            }
            .or_else(|| f.recommender.as_deref().filter(|_| entrant.recommender_kind.as_deref() == Some(kind)));
            if let Some(key) = key {
                groups.entry(key.to_owned()).or_default().push(i);
            }
        }
        for (key, idx) in &groups {
            self.limit(quota, idx, Group::Unit { kind: kind.to_owned(), name: key.clone() }, out);
        }
        groups.into_values().flatten().collect()
    }

    fn per_track(&self, quota: &Quota, out: &mut Vec<Found>) {
        let mut groups: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
        let mut untracked = Vec::new();
        for &i in self.members {
            let f = &self.entrant(i).facts;
            let channel = f.recommender.as_deref().unwrap_or("");
            if !channel.is_empty() && !is_sub_contest(channel) {
                continue;
            }
            match f.track.as_deref() {
                Some(track) => groups.entry((channel.to_owned(), track.to_owned())).or_default().push(i),
                None => untracked.push(i),
            }
        }
        for ((channel, track), idx) in &groups {
            self.limit(quota, idx, Group::Track { channel: channel.clone(), track: track.clone() }, out);
        }
        if !untracked.is_empty() {
            self.unknown(&untracked, FactKey::Track, out);
        }
    }

    fn per_contest(&self, quota: &Quota, out: &mut Vec<Found>) {
        let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for &i in self.members {
            if let Some(channel) = self.entrant(i).facts.recommender.as_deref().filter(|c| !is_sub_contest(c)) {
                groups.entry(channel).or_default().push(i);
            }
        }
        for (channel, idx) in &groups {
            self.limit(quota, idx, Group::Contest { channel: (*channel).to_owned() }, out);
        }
    }

    fn teams(&self, rules: &TeamRules, out: &mut Vec<Found>) {
        // A person is known by name plus phone or ID number; a name alone is too common to match on.
        let mut teams: BTreeMap<usize, BTreeSet<(String, String)>> = BTreeMap::new();
        let mut people: BTreeMap<(String, String), (String, Vec<usize>)> = BTreeMap::new();
        for &i in self.members {
            for m in &self.entrant(i).team {
                let Some(contact) = person_contact(m.phone.as_deref(), m.id_number.as_deref()) else { continue };
                let key = (heading_key(&m.name), contact);
                teams.entry(i).or_default().insert(key.clone());
                let entry = people.entry(key).or_insert_with(|| (shown(m), Vec::new()));
                if !entry.1.contains(&i) {
                    entry.1.push(i);
                }
            }
        }
        let mut same_team: BTreeMap<&BTreeSet<(String, String)>, Vec<usize>> = BTreeMap::new();
        for (&i, team) in &teams {
            same_team.entry(team).or_default().push(i);
        }
        if rules.one_project_per_team {
            for idx in same_team.values().filter(|g| g.len() > 1) {
                let found = BatchFinding::TeamTwoProjects { labels: self.labels(idx), clause: rules.clause.clone() };
                out.push((found, self.displays(idx)));
            }
        }
        if rules.one_team_per_person {
            for (who, idx) in people.values().filter(|(_, g)| g.len() > 1) {
                let distinct: BTreeSet<_> = idx.iter().filter_map(|i| teams.get(i)).collect();
                if distinct.len() < 2 {
                    continue; // the same team twice: reported above
                }
                let found = BatchFinding::PersonOnTwoTeams {
                    who: who.clone(),
                    teams: distinct.len(),
                    labels: self.labels(idx),
                    clause: rules.clause.clone(),
                };
                out.push((found, self.displays(idx)));
            }
        }
    }

    fn priorities(&self, out: &mut Vec<Found>) {
        let mut by_recommender: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for &i in self.members {
            by_recommender.entry(self.entrant(i).facts.recommender.as_deref().unwrap_or("")).or_default().push(i);
        }
        for (recommender, idx) in &by_recommender {
            let given: Vec<(u32, usize)> =
                idx.iter().filter_map(|&i| self.entrant(i).facts.priority.map(|p| (p, i))).collect();
            let ranked_required = self.notice.ranking.is_some();
            if given.is_empty() && !(ranked_required && idx.len() > 1) {
                continue;
            }
            let mut by_value: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
            for &(p, i) in &given {
                by_value.entry(p).or_default().push(i);
            }
            for (p, same) in by_value.iter().filter(|(_, g)| g.len() > 1) {
                let found = BatchFinding::PriorityDuplicate {
                    priority: *p,
                    recommender: (*recommender).to_owned(),
                    labels: self.labels(same),
                };
                out.push((found, self.displays(same)));
            }
            let unranked: Vec<usize> =
                idx.iter().copied().filter(|&i| self.entrant(i).facts.priority.is_none()).collect();
            let n = idx.len() as u32;
            let missing: Vec<u32> = (1..=n).filter(|p| !by_value.contains_key(p)).collect();
            if unranked.is_empty() && missing.is_empty() {
                continue;
            }
            let found = BatchFinding::PriorityGap {
                recommender: (*recommender).to_owned(),
                count: n,
                missing,
                unranked: self.labels(&unranked),
                clause: self.notice.ranking.clone(),
            };
            // The unranked are the ones to fix; a hole in the numbering belongs to no one dossier.
            out.push((found, self.displays(&unranked)));
        }
    }
}

/// A phone (digits only) or ID number (upper case), whichever is given; phone first.
fn person_contact(phone: Option<&str>, id: Option<&str>) -> Option<String> {
    let phone: String = phone.unwrap_or("").chars().filter(char::is_ascii_digit).collect();
    if phone.len() >= 7 {
        return Some(format!("tel:{phone}"));
    }
    let id: String = id.unwrap_or("").chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    (id.len() >= 8).then(|| format!("id:{}", id.to_ascii_uppercase()))
}

/// A person as shown in messages: the name and a masked phone or ID number.
fn shown(m: &crate::dossier::Member) -> String {
    let mask = |s: &str, head: usize, tail: usize| {
        let chars: Vec<char> = s.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
        if chars.len() <= head + tail {
            return "*".repeat(chars.len());
        }
        let hidden = chars.len() - head - tail;
        chars[..head].iter().chain(std::iter::repeat_n(&'*', hidden)).chain(&chars[chars.len() - tail..]).collect()
    };
    match (m.phone.as_deref(), m.id_number.as_deref()) {
        (Some(p), _) if p.chars().filter(char::is_ascii_digit).count() >= 7 => {
            format!("“{}”（{}）", m.name, mask(p, 3, 4))
        }
        (_, Some(id)) => format!("“{}”（{}）", m.name, mask(id, 4, 4)),
        _ => format!("“{}”", m.name),
    }
}

fn same_files(entrants: &[Entrant], same: &[Vec<(usize, String)>], out: &mut Vec<Found>) {
    for group in same {
        let mut dossiers: Vec<usize> = group.iter().map(|(i, _)| *i).collect();
        dossiers.dedup();
        let places: Vec<String> = group.iter().map(|(i, rel)| format!("{}/{rel}", entrants[*i].display)).collect();
        let name = group[0].1.rsplit('/').next().unwrap_or(&group[0].1).to_owned();
        let found = BatchFinding::SameFile { name, places, dossiers: dossiers.len() };
        out.push((found, dossiers.iter().map(|&i| entrants[i].display.clone()).collect()));
    }
}

/// The clauses `shenbao explain` cites for this family's codes: quotas, the team rules, the ranking.
pub fn clauses(code: family::Batch, notice: &crate::notice::Notice) -> Vec<(String, &crate::notice::Clause)> {
    use family::Batch::*;
    let mut out = Vec::new();
    match code {
        QuotaExceeded | QuotaShort | QuotaUnknown => {
            // SB501 enforces the maximums, SB502 the minimums; SB503 concerns them all.
            let enforced = |q: &&crate::notice::Quota| match code {
                QuotaExceeded => q.max.is_some(),
                QuotaShort => q.min.is_some(),
                _ => true, // SB503
            };
            for q in notice.quotas.iter().filter(enforced) {
                let scope = match q.scope {
                    crate::notice::QuotaScope::PerApplicant => "per_applicant",
                    crate::notice::QuotaScope::PerRecommender => "per_recommender",
                    crate::notice::QuotaScope::Total => "total",
                    crate::notice::QuotaScope::PerTrack => "per_track",
                    crate::notice::QuotaScope::PerContest => "per_contest",
                };
                let what = q.applies_to.as_ref().map_or_else(|| scope.to_owned(), |a| format!("{scope} {a}"));
                out.push((what, &q.clause));
            }
        }
        DuplicateChannel | PersonOnTwoTeams | TeamTwoProjects => {
            if let Some(t) = &notice.team {
                let clause = match code {
                    DuplicateChannel => t.channel_clause.as_ref().unwrap_or(&t.clause),
                    _ => &t.clause,
                };
                out.push(("team".to_owned(), clause));
            }
        }
        PriorityDuplicate | PriorityGap => {
            if let Some(c) = &notice.ranking {
                out.push(("ranking".to_owned(), c));
            }
        }
        // The same name or file twice, one batch of several notices, batch.toml: the tool's own checks.
        DuplicateName | SameFile | MixedNotices | BatchTomlInvalid => {}
    }
    out
}

// The wording of this family's findings, zh and en together.

impl Finding for BatchFinding {
    fn code(&self) -> Code {
        match self {
            Self::QuotaExceeded { .. } => Code::QuotaExceeded,
            Self::QuotaShort { .. } => Code::QuotaShort,
            Self::QuotaUnknown { .. } => Code::QuotaUnknown,
            Self::DuplicateName { .. } => Code::DuplicateName,
            Self::DuplicateChannel { .. } => Code::DuplicateChannel,
            Self::PersonOnTwoTeams { .. } => Code::PersonOnTwoTeams,
            Self::TeamTwoProjects { .. } => Code::TeamTwoProjects,
            Self::SameFile { .. } => Code::SameFile,
            Self::PriorityDuplicate { .. } => Code::PriorityDuplicate,
            Self::PriorityGap { .. } => Code::PriorityGap,
            Self::MixedNotices { .. } => Code::MixedNotices,
        }
    }

    /// A quota's group, named in Chinese in every language: the 汇总表's and SARIF's location of it.
    fn section(&self) -> Option<&str> {
        match self {
            Self::QuotaExceeded { section, .. } | Self::QuotaShort { section, .. } => Some(section),
            _ => None,
        }
    }

    fn section_in(&self, lang: Lang) -> Option<String> {
        match self {
            Self::QuotaExceeded { group, .. } | Self::QuotaShort { group, .. } => Some(group.worded(lang)),
            _ => None,
        }
    }

    fn message(&self, lang: Lang) -> String {
        let list = |items: &[String]| at_most(items, lang);
        let sep = lang.pick("、", ", ");
        match self {
            Self::QuotaExceeded { group, count: n, max, ranked, over, .. } => {
                let what = group.worded(lang);
                let (by_zh, by_en) = match ranked {
                    Ranked::None => (
                        "都没有写优先级（priority），按文件夹顺序超出的是",
                        "none has a priority, so by folder order the ones over are",
                    ),
                    Ranked::Some => {
                        ("按优先级（未写优先级的排在最后）超出的是", "over by priority (those without one last)")
                    }
                    Ranked::All => ("按优先级超出的是", "over by priority"),
                };
                lang.pick(
                    format!("{what}报送 {n} 份，超过 {max} 份的名额；{by_zh}：{}", list(over)),
                    format!("{what}: {n} dossiers, over the quota of {max}; {by_en}: {}", list(over)),
                )
            }
            Self::QuotaShort { group, count: n, min, .. } => {
                let what = group.worded(lang);
                lang.pick(
                    format!("{what}推荐 {n} 份，少于至少 {min} 份的要求"),
                    format!("{what}: {n} dossiers, fewer than the {min} required"),
                )
            }
            Self::QuotaUnknown { key, labels } => {
                let key = key.worded();
                lang.pick(
                    format!("{} 份材料的 dossier.toml 没有 {key}，无法核对名额：{}", labels.len(), list(labels)),
                    format!(
                        "{} no {key} in dossier.toml, so quotas cannot count them: {}",
                        crate::diag::counted(labels.len(), "dossier has", "dossiers have"),
                        list(labels)
                    ),
                )
            }
            Self::DuplicateName { name, labels } => lang.pick(
                format!("{} 份材料的名称都是“{name}”：{}", labels.len(), list(labels)),
                format!("{} dossiers are all named “{name}”: {}", labels.len(), list(labels)),
            ),
            Self::DuplicateChannel { name, channels, labels, .. } => {
                let joined = channels.join(sep);
                lang.pick(
                    format!("项目“{name}”经 {} 个渠道报送（{joined}）：{}", channels.len(), list(labels)),
                    format!("project “{name}” comes through {} channels ({joined}): {}", channels.len(), list(labels)),
                )
            }
            Self::PersonOnTwoTeams { who, teams, labels, .. } => lang.pick(
                format!("参赛代表{who}出现在 {} 份材料中，分属 {teams} 个团队：{}", labels.len(), list(labels)),
                format!(
                    "representative {who} appears in {} dossiers of {teams} different teams: {}",
                    labels.len(),
                    list(labels)
                ),
            ),
            Self::TeamTwoProjects { labels, .. } => lang.pick(
                format!("同一团队提交了 {} 个项目：{}", labels.len(), list(labels)),
                format!("one team enters {} projects: {}", labels.len(), list(labels)),
            ),
            Self::SameFile { name, places, dossiers } => lang.pick(
                format!("“{name}”等 {} 个文件内容完全相同，分属 {dossiers} 份材料：{}", places.len(), list(places)),
                format!("{} byte-identical files (“{name}”...) in {dossiers} dossiers: {}", places.len(), list(places)),
            ),
            Self::PriorityDuplicate { priority: p, recommender, labels } => {
                let whose = whose(recommender, lang);
                lang.pick(
                    format!("{} 份材料的优先级都是 {p}{whose}：{}", labels.len(), list(labels)),
                    format!("{} dossiers share priority {p}{whose}: {}", labels.len(), list(labels)),
                )
            }
            Self::PriorityGap { recommender, count: n, missing, unranked, .. } => {
                let whose = whose(recommender, lang);
                let mut message = lang.pick(
                    format!("优先级排序{whose}应为 1 至 {n}"),
                    format!("the ranking{whose} should run from 1 to {n}"),
                );
                if !missing.is_empty() {
                    let missing: Vec<String> = missing.iter().map(u32::to_string).collect();
                    message += &lang
                        .pick(format!("，缺少 {}", missing.join("、")), format!("; missing {}", missing.join(", ")));
                }
                if !unranked.is_empty() {
                    message += &lang.pick(
                        format!("；{} 份没有写 priority：{}", unranked.len(), list(unranked)),
                        format!(
                            "; {} no priority: {}",
                            crate::diag::counted(unranked.len(), "has", "have"),
                            list(unranked)
                        ),
                    );
                }
                message
            }
            Self::MixedNotices { notices } => {
                let parts: Vec<String> = notices.iter().map(|(id, n)| format!("{id} × {n}")).collect();
                lang.pick(
                    format!("本批材料对应 {} 份通知：{}", notices.len(), parts.join("，")),
                    format!("this batch answers {} notices: {}", notices.len(), parts.join(", ")),
                )
            }
        }
    }

    fn help(&self, lang: Lang) -> Option<String> {
        let help = match self {
            Self::QuotaExceeded { max, clause, .. } => lang.pick(
                format!("按优先级保留 {max} 份，其余不报送；依据：{clause}"),
                format!("keep {max} by priority and hold back the rest; per {clause}"),
            ),
            Self::QuotaShort { count, min, clause, .. } => lang.pick(
                format!("再推荐 {} 份，或确认本批是否完整；依据：{clause}", min - count),
                format!("recommend {} more, or check the batch is complete; per {clause}", min - count),
            ),
            Self::QuotaUnknown { key, .. } => {
                let key = key.worded();
                lang.pick(format!("在 dossier.toml 中写上 {key}"), format!("add {key} to dossier.toml"))
            }
            Self::DuplicateName { .. } => lang
                .pick("同一案例只报送一次；不同案例请改用能区分的名称", "enter one case once; give different cases distinct names")
                .to_owned(),
            Self::DuplicateChannel { clause, .. } => {
                let clause = clause.as_ref().map(ToString::to_string).unwrap_or_default();
                lang.pick(format!("只保留一个推荐渠道；依据：{clause}"), format!("keep one channel only; per {clause}"))
            }
            Self::PersonOnTwoTeams { clause, .. } => lang.pick(
                format!("每人只能代表一个团队；依据：{clause}"),
                format!("a person may represent one team only; per {clause}"),
            ),
            Self::TeamTwoProjects { clause, .. } => lang.pick(
                format!("每个团队只保留一个项目；依据：{clause}"),
                format!("keep one project per team; per {clause}"),
            ),
            Self::SameFile { .. } => lang
                .pick(
                    "同一单位的证照可以相同；申报书、用印PDF、图片或视频相同时，检查是否放错了文件夹",
                    "one company's licence may repeat; an identical 申报书, PDF, picture or video usually sits in the wrong folder",
                )
                .to_owned(),
            Self::PriorityDuplicate { .. } => lang
                .pick("给每份材料不同的 priority（1 为最优先）", "give each dossier its own priority (1 goes first)")
                .to_owned(),
            Self::PriorityGap { clause: None, .. } => {
                lang.pick("按 1、2、3……连续编号", "number them 1, 2, 3, ... without holes").to_owned()
            }
            Self::PriorityGap { clause: Some(clause), .. } => lang.pick(
                format!("按 1、2、3……连续编号；依据：{clause}"),
                format!("number them 1, 2, 3, ...; per {clause}"),
            ),
            Self::MixedNotices { .. } => return None,
        };
        Some(help)
    }
}

impl Group {
    /// The group's Chinese name: the section of its diagnostics, whatever the run's language.
    pub fn name(&self) -> String {
        match self {
            Group::Total => "本批合计".to_owned(),
            Group::Unit { kind, name } => format!("{kind}“{name}”"),
            Group::Track { channel, track } if channel.is_empty() => format!("赛道“{track}”"),
            Group::Track { channel, track } => format!("{channel}，赛道“{track}”"),
            Group::Contest { channel } => format!("赛事“{channel}”"),
        }
    }

    fn worded(&self, lang: Lang) -> String {
        match (self, lang) {
            (_, Lang::Zh) => self.name(),
            (Group::Total, Lang::En) => "this batch in total".to_owned(),
            (Group::Unit { kind, name }, Lang::En) => format!("{kind}“{name}”"),
            (Group::Track { channel, track }, Lang::En) if channel.is_empty() => format!("track “{track}”"),
            (Group::Track { channel, track }, Lang::En) => format!("{channel}, track “{track}”"),
            (Group::Contest { channel }, Lang::En) => format!("contest “{channel}”"),
        }
    }
}

impl FactKey {
    /// The key as dossier.toml spells it, with its Chinese name: the same in both languages.
    fn worded(self) -> &'static str {
        match self {
            FactKey::RegionOrDepartment => "region / department（地区 / 部门）",
            FactKey::UnitType => "unit_type（单位类型）",
            FactKey::Track => "track（赛道）",
        }
    }
}

/// ` (沈阳市数据局)` after a ranking's message: whose it is, when the dossiers name a recommending unit.
fn whose(recommender: &str, lang: Lang) -> String {
    if recommender.is_empty() {
        String::new()
    } else {
        lang.pick(format!("（{recommender}）"), format!(" ({recommender})"))
    }
}

/// How many items a message lists; the rest are counted (the JSON's `dossiers` names every one).
const LISTED: usize = 8;

/// The items joined, the first [`LISTED`] of them when there are more, with how many are left out.
fn at_most(items: &[String], lang: Lang) -> String {
    let shown = items[..items.len().min(LISTED)].join(lang.pick("、", ", "));
    match items.len().checked_sub(LISTED) {
        Some(more) if more > 0 => lang.pick(format!("{shown} 等，另有 {more} 个"), format!("{shown} and {more} more")),
        _ => shown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contacts_need_enough_digits() {
        assert_eq!(person_contact(Some("138-0000-1234"), None).as_deref(), Some("tel:13800001234"));
        assert_eq!(person_contact(Some("12"), Some("21010219900101123x")).as_deref(), Some("id:21010219900101123X"));
        assert_eq!(person_contact(None, None), None);
    }

    #[test]
    fn people_are_shown_masked() {
        let m = crate::dossier::Member {
            name: "张三".into(),
            phone: Some("13800001234".into()),
            id_number: None,
            role: None,
        };
        assert_eq!(shown(&m), "“张三”（138****1234）");
    }

    #[test]
    fn sub_contests_are_named_so() {
        assert!(is_sub_contest("2024年“数据要素×”大赛辽宁分赛"));
        assert!(!is_sub_contest("某某数据创新大赛"));
    }

    /// A message names at most eight dossiers or files and counts the rest.
    #[test]
    fn long_lists_are_cut_with_a_count() {
        let items: Vec<String> = (1..=10).map(|i| format!("材料{i}")).collect();
        assert_eq!(at_most(&items[..3], Lang::Zh), "材料1、材料2、材料3");
        assert_eq!(at_most(&items[..8], Lang::Zh).matches('、').count(), 7);
        assert_eq!(at_most(&items, Lang::En), "材料1, 材料2, 材料3, 材料4, 材料5, 材料6, 材料7, 材料8 and 2 more");
        assert!(at_most(&items, Lang::Zh).ends_with("材料8 等，另有 2 个"));
    }
}
