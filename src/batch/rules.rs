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
use crate::keys::people::{name_key, read_id_number, read_phone, Phone};
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
    /// SB503: dossiers whose dossier.toml lacks the fact a quota counts by; `no_toml` when they have no
    /// dossier.toml at all (folders as applicants send them), `kinds` the unit types the quotas count
    /// (部属高校, 其他高校) when the key is the unit type.
    QuotaUnknown { key: FactKey, labels: Vec<String>, no_toml: bool, kinds: Vec<String> },
    /// SB504: dossiers with the same 案例名称.
    DuplicateName { name: String, labels: Vec<String> },
    /// SB505: one project sent through several channels, which the notice forbids.
    DuplicateChannel { name: String, channels: Vec<String>, labels: Vec<String>, clause: Option<Clause> },
    /// SB506: one 参赛代表 (`who`: name and masked contact) on `teams` different teams.
    PersonOnTwoTeams { who: String, teams: usize, labels: Vec<String>, clause: Clause },
    /// SB507: one team enters several projects.
    TeamTwoProjects { labels: Vec<String>, clause: Clause },
    /// SB508: byte-identical files (`places`: `folder/path`) in `dossiers` different dossiers; `units` the
    /// different 申报单位 they come from, empty when they share one or it is not known (then a warning).
    SameFile { name: String, places: Vec<String>, dossiers: usize, units: Vec<String> },
    /// SB509: dossiers of one recommending unit (`""` when none) with the same priority.
    PriorityDuplicate { priority: u32, recommender: String, labels: Vec<String> },
    /// SB510: a ranking that does not run from 1 to `count`: the numbers `missing`, the dossiers `unranked`.
    /// `without_toml` of the unranked have no dossier.toml to write it in (folders as applicants send them).
    PriorityGap {
        recommender: String,
        count: u32,
        missing: Vec<u32>,
        unranked: Vec<String>,
        without_toml: usize,
        clause: Option<Clause>,
    },
    /// SB511: one batch answers several notices: each notice id with its number of dossiers.
    MixedNotices { notices: Vec<(String, usize)> },
    /// SB513: the 汇总表's `column` would be blank on the rows of these dossiers.
    SummaryBlank { column: String, labels: Vec<String> },
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

/// Whether a dossier of this 申报单位 falls under no per-applicant quota whatever its type: every such
/// quota counts a kind of 高校, and the unit's name is not a school's. A heuristic on the name: when
/// unsure (no name, or a 学院/大学), the type is asked for.
fn needs_no_type(unit: Option<&str>, quotas: &[Quota]) -> bool {
    let Some(unit) = unit else { return false };
    let kinds = quotas.iter().filter(|q| q.scope == QuotaScope::PerApplicant).filter_map(|q| q.applies_to.as_deref());
    let schools_only = kinds.clone().next().is_some() && kinds.clone().all(crate::checks::identity::school_kind);
    schools_only && !crate::checks::identity::names_a_school(unit)
}

/// A fact as the 汇总表 shows it: `Some("")` when the column reads a fact the dossier does not give,
/// `None` for the columns not read from the dossier's facts (index, priority, blank on purpose).
fn fact_of(f: &crate::report::Facts, source: crate::notice::SummarySource) -> Option<&str> {
    use crate::notice::SummarySource as S;
    fn text(v: &Option<String>) -> Option<&str> {
        Some(v.as_deref().unwrap_or(""))
    }
    match source {
        S::Name => text(&f.name),
        S::Unit => text(&f.unit),
        S::UnitType => text(&f.unit_type),
        S::Field => text(&f.field),
        S::Track => text(&f.track),
        S::Topic => text(&f.topic),
        S::Recommender => text(&f.recommender),
        S::Region => text(&f.region),
        S::Department => text(&f.department),
        S::Recommendation => text(&f.recommendation),
        S::Index | S::Priority | S::Blank => None,
    }
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
        ctx.blank_cells(out);
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
                by_name.entry(name_key(name)).or_default().push(i);
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

    /// SB503, said apart for the dossiers with a dossier.toml (that lacks the key) and those without one.
    fn unknown(&self, idx: &[usize], key: FactKey, out: &mut Vec<Found>) {
        let kinds: Vec<String> = match key {
            FactKey::UnitType => self
                .notice
                .quotas
                .iter()
                .filter(|q| q.scope == QuotaScope::PerApplicant)
                .filter_map(|q| q.applies_to.clone())
                .collect(),
            _ => Vec::new(),
        };
        for no_toml in [false, true] {
            let part: Vec<usize> = idx.iter().copied().filter(|&i| self.entrant(i).has_config != no_toml).collect();
            if part.is_empty() {
                continue;
            }
            let found = BatchFinding::QuotaUnknown { key, labels: self.labels(&part), no_toml, kinds: kinds.clone() };
            out.push((found, self.displays(&part)));
        }
    }

    /// SB513: a column of the notice's 汇总表 that would be blank for some dossiers, in a recommending unit's
    /// batch. The index, the priority (SB510 says it) and the columns left blank on purpose are not looked at.
    fn blank_cells(&self, out: &mut Vec<Found>) {
        let Some(table) = &self.notice.summary else { return };
        // Only a recommending unit fills in the 汇总表: its batch names the unit (dossier.toml or batch.toml), or
        // holds folders as applicants sent them. An applicant's own repository of dossiers is not asked.
        let unit_batch = self.members.iter().any(|&i| {
            let e = self.entrant(i);
            e.facts.recommender.is_some() || e.recommender_kind.is_some() || !e.has_config
        });
        if !unit_batch {
            return;
        }
        for column in &table.columns {
            let blank: Vec<usize> = self
                .members
                .iter()
                .copied()
                .filter(|&i| fact_of(&self.entrant(i).facts, column.source).is_some_and(|v| v.trim().is_empty()))
                .collect();
            if !blank.is_empty() {
                let found = BatchFinding::SummaryBlank { column: column.title.clone(), labels: self.labels(&blank) };
                out.push((found, self.displays(&blank)));
            }
        }
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
                (None, unit) if !needs_no_type(unit, &self.notice.quotas) => untyped.push(i),
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
        // A person is known by name plus phone or ID number; a name alone is too common to match on. Two
        // entries are one person when they share the name and any one of the phone or the ID number.
        let mut nodes: Vec<(usize, &crate::dossier::Member)> = Vec::new();
        let mut first: BTreeMap<(String, String), usize> = BTreeMap::new();
        let mut people = Merged::default();
        for &i in self.members {
            for m in &self.entrant(i).team {
                let keys = person_keys(m);
                if keys.is_empty() {
                    continue; // the dossier's own check says the contact cannot be read (SB010)
                }
                let node = nodes.len();
                nodes.push((i, m));
                people.add();
                for key in keys {
                    let seen = *first.entry(key).or_insert(node);
                    people.join(seen, node);
                }
            }
        }
        let mut teams: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
        let mut dossiers_of: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (node, &(i, _)) in nodes.iter().enumerate() {
            let person = people.root(node);
            teams.entry(i).or_default().insert(person);
            let idx = dossiers_of.entry(person).or_default();
            if !idx.contains(&i) {
                idx.push(i);
            }
        }
        let mut same_team: BTreeMap<&BTreeSet<usize>, Vec<usize>> = BTreeMap::new();
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
            for (&person, idx) in dossiers_of.iter().filter(|(_, g)| g.len() > 1) {
                let distinct: BTreeSet<_> = idx.iter().filter_map(|i| teams.get(i)).collect();
                if distinct.len() < 2 {
                    continue; // the same team twice: reported above
                }
                let found = BatchFinding::PersonOnTwoTeams {
                    who: shown(nodes[person].1),
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
                without_toml: unranked.iter().filter(|&&i| !self.entrant(i).has_config).count(),
                clause: self.notice.ranking.clone(),
            };
            // The unranked are the ones to fix; a hole in the numbering belongs to no one dossier.
            out.push((found, self.displays(&unranked)));
        }
    }
}

/// The keys a team member is known by: the name with the phone, and the name with the ID number, each
/// when it can be read ([`crate::keys::people`]).
fn person_keys(m: &crate::dossier::Member) -> Vec<(String, String)> {
    let name = heading_key(&m.name);
    let phone = m.phone.as_deref().and_then(|p| read_phone(p).key());
    let id = m.id_number.as_deref().and_then(read_id_number).map(|id| format!("id:{id}"));
    phone.into_iter().chain(id).map(|contact| (name.clone(), contact)).collect()
}

/// People found to be one: a union-find over the team entries of a batch, bounded by their number.
#[derive(Default)]
struct Merged {
    parent: Vec<usize>,
}

impl Merged {
    fn add(&mut self) {
        self.parent.push(self.parent.len());
    }

    fn root(&self, mut node: usize) -> usize {
        while self.parent[node] != node {
            node = self.parent[node];
        }
        node
    }

    /// Joins two entries; the earlier one stays the root, so a person is shown as first listed.
    fn join(&mut self, a: usize, b: usize) {
        let (a, b) = (self.root(a), self.root(b));
        let (keep, child) = (a.min(b), a.max(b));
        self.parent[child] = keep;
    }
}

/// A person as shown in messages: the name and a masked phone or ID number.
fn shown(m: &crate::dossier::Member) -> String {
    let mask = |s: &str, head: usize, tail: usize| {
        let chars: Vec<char> = s.chars().collect();
        if chars.len() <= head + tail {
            return "*".repeat(chars.len());
        }
        let hidden = chars.len() - head - tail;
        chars[..head].iter().chain(std::iter::repeat_n(&'*', hidden)).chain(&chars[chars.len() - tail..]).collect()
    };
    let phone = m.phone.as_deref().map(read_phone);
    let id = m.id_number.as_deref().and_then(read_id_number);
    match (phone.as_ref().and_then(Phone::national), id) {
        (Some(p), _) => format!("“{}”（{}）", m.name, mask(p, 3, 4)),
        (_, Some(id)) => format!("“{}”（{}）", m.name, mask(&id, 4, 4)),
        _ => format!("“{}”", m.name),
    }
}

fn same_files(entrants: &[Entrant], same: &[Vec<(usize, String)>], out: &mut Vec<Found>) {
    for group in same {
        let mut dossiers: Vec<usize> = group.iter().map(|(i, _)| *i).collect();
        dossiers.dedup();
        let places: Vec<String> = group.iter().map(|(i, rel)| format!("{}/{rel}", entrants[*i].display)).collect();
        let name = group[0].1.rsplit('/').next().unwrap_or(&group[0].1).to_owned();
        let units = different_units(&dossiers.iter().map(|&i| &entrants[i].facts).collect::<Vec<_>>());
        let found = BatchFinding::SameFile { name, places, dossiers: dossiers.len(), units };
        out.push((found, dossiers.iter().map(|&i| entrants[i].display.clone()).collect()));
    }
}

/// The 申报单位 of dossiers that share a file, when no one applicant (main or joint) is in all of them:
/// a licence or 申报书 of one company cannot belong to all. Empty when one is shared or a unit is unknown.
fn different_units(facts: &[&crate::report::Facts]) -> Vec<String> {
    let applicants = |f: &crate::report::Facts| -> Option<BTreeSet<String>> {
        let unit = f.unit.as_deref()?;
        Some(std::iter::once(unit).chain(f.joint_units.iter().map(String::as_str)).map(name_key).collect())
    };
    let Some(sets) = facts.iter().map(|f| applicants(f)).collect::<Option<Vec<_>>>() else { return Vec::new() };
    let shared = sets.iter().skip(1).fold(sets.first().cloned().unwrap_or_default(), |acc, s| &acc & s);
    if !shared.is_empty() {
        return Vec::new();
    }
    let mut units: Vec<String> = Vec::new();
    for f in facts {
        let unit = f.unit.clone().unwrap_or_default();
        if !units.iter().any(|u| name_key(u) == name_key(&unit)) {
            units.push(unit);
        }
    }
    units
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
        SummaryBlank => {
            if let Some(table) = &notice.summary {
                out.push(("summary".to_owned(), &table.clause));
            }
        }
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
            Self::SummaryBlank { .. } => Code::SummaryBlank,
        }
    }

    /// The same file in the dossiers of different 申报单位 is an error: one of them holds another's file.
    fn severity(&self) -> crate::diag::Severity {
        match self {
            Self::SameFile { units, .. } if units.len() > 1 => crate::diag::Severity::Error,
            _ => self.code().info().severity,
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
            Self::QuotaUnknown { key, labels, no_toml, kinds } => unknown_message(*key, labels, *no_toml, kinds, lang),
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
            Self::SameFile { name, places, dossiers, units } if units.len() > 1 => {
                let joined = units.join(sep);
                lang.pick(
                    format!(
                        "“{name}”等 {} 个文件内容完全相同，却分属 {} 个不同申报单位（{joined}）的 {dossiers} 份材料：{}",
                        places.len(),
                        units.len(),
                        list(places)
                    ),
                    format!(
                        "{} byte-identical files (“{name}”...) in {dossiers} dossiers of {} different applicants ({joined}): {}",
                        places.len(),
                        units.len(),
                        list(places)
                    ),
                )
            }
            Self::SameFile { name, places, dossiers, .. } => lang.pick(
                format!("“{name}”等 {} 个文件内容完全相同，分属 {dossiers} 份材料：{}", places.len(), list(places)),
                format!("{} byte-identical files (“{name}”...) in {dossiers} dossiers: {}", places.len(), list(places)),
            ),
            Self::SummaryBlank { column, labels } => lang.pick(
                format!("{} 份材料在汇总表的“{column}”栏为空：{}", labels.len(), list(labels)),
                format!(
                    "{} an empty “{column}” in the 汇总表: {}",
                    crate::diag::counted(labels.len(), "dossier has", "dossiers have"),
                    list(labels)
                ),
            ),
            Self::PriorityDuplicate { priority: p, recommender, labels } => {
                let whose = whose(recommender, lang);
                lang.pick(
                    format!("{} 份材料的优先级都是 {p}{whose}：{}", labels.len(), list(labels)),
                    format!("{} dossiers share priority {p}{whose}: {}", labels.len(), list(labels)),
                )
            }
            Self::PriorityGap { recommender, count, missing, unranked, without_toml, .. } => {
                gap_message(recommender, *count, missing, unranked, *without_toml, lang)
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
            Self::QuotaUnknown { key, no_toml: false, .. } => {
                let key = key.worded();
                lang.pick(format!("在 dossier.toml 中写上 {key}"), format!("add {key} to dossier.toml"))
            }
            Self::QuotaUnknown { key, no_toml: true, kinds, .. } => {
                let example = key.example(kinds);
                lang.pick(
                    format!("在该材料文件夹中新建 dossier.toml，写上 {example}（shenbao init 可生成模板）"),
                    format!("create a dossier.toml in that folder with {example} (shenbao init writes a template)"),
                )
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
            Self::SameFile { units, .. } if units.len() > 1 => lang
                .pick(
                    "证照、申报书等只属于一个申报单位：不同单位的材料中出现同一文件，是放错了文件夹或用了别人的文件；换成本单位的文件",
                    "a licence or 申报书 belongs to one applicant: the same file under different applicants was put in the wrong folder or taken from another; use the applicant's own",
                )
                .to_owned(),
            Self::SameFile { .. } => lang
                .pick(
                    "同一单位的证照可以相同；申报书、用印PDF、图片或视频相同时，检查是否放错了文件夹",
                    "one company's licence may repeat; an identical 申报书, PDF, picture or video usually sits in the wrong folder",
                )
                .to_owned(),
            Self::PriorityDuplicate { .. } => lang
                .pick("给每份材料不同的 priority（1 为最优先）", "give each dossier its own priority (1 goes first)")
                .to_owned(),
            Self::PriorityGap { clause, without_toml, .. } => {
                let mut help = lang
                    .pick("按 1、2、3……连续编号", "number them 1, 2, 3, ... without holes")
                    .to_owned();
                if *without_toml > 0 {
                    help += lang.pick(
                        "，写在每份材料的 dossier.toml 中（priority = 1）；没有 dossier.toml 的材料先在其文件夹中新建一个",
                        ", in each dossier's dossier.toml (priority = 1); create one in the folders that have none",
                    );
                }
                if let Some(clause) = clause {
                    help += &lang.pick(format!("；依据：{clause}"), format!("; per {clause}"));
                }
                help
            }
            Self::MixedNotices { .. } => return None,
            Self::SummaryBlank { column, .. } => {
                let key = match column.as_str() {
                    "推荐意见" => "recommendation",
                    "领域名称" | "领域" => "field",
                    "申报单位" => "unit",
                    _ => "",
                };
                match key {
                    "" => lang.pick(
                        format!("在 dossier.toml 中补上“{column}”对应的字段，或在汇总表中手工填写"),
                        format!("add the key for “{column}” to dossier.toml, or fill the 汇总表 in by hand"),
                    ),
                    key => lang.pick(
                        format!("在 dossier.toml 中写上 {key} = \"…\"（没有 dossier.toml 的材料先新建一个），汇总表的“{column}”栏取自它；或在汇总表中手工填写"),
                        format!("add {key} = \"…\" to dossier.toml (create one where there is none): the 汇总表's “{column}” column is taken from it; or fill it in by hand"),
                    ),
                }
            }
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

impl FactKey {
    /// What an applicant's 申报书 would have to say, zh and en: “单位类型（部属高校或其他高校）”.
    fn asked(self, kinds: &[String]) -> (String, String) {
        match self {
            FactKey::UnitType if !kinds.is_empty() => {
                (format!("单位类型（{}）", kinds.join("或")), format!("the unit type ({})", kinds.join(" or ")))
            }
            FactKey::UnitType => ("单位类型".to_owned(), "the unit type".to_owned()),
            FactKey::RegionOrDepartment => ("所属地区或部门".to_owned(), "the region or department".to_owned()),
            FactKey::Track => ("赛道".to_owned(), "the track".to_owned()),
        }
    }

    /// A dossier.toml line that gives the key.
    fn example(self, kinds: &[String]) -> String {
        match self {
            FactKey::UnitType => format!("unit_type = \"{}\"", kinds.first().map_or("…", String::as_str)),
            FactKey::RegionOrDepartment => "region = \"…\"".to_owned(),
            FactKey::Track => "track = \"…\"".to_owned(),
        }
    }
}

/// SB510's message: the holes in the ranking, then the dossiers without a priority (and how many of them
/// have no dossier.toml to write it in).
fn gap_message(
    recommender: &str,
    n: u32,
    missing: &[u32],
    unranked: &[String],
    without_toml: usize,
    lang: Lang,
) -> String {
    let list = |items: &[String]| at_most(items, lang);
    let whose = whose(recommender, lang);
    let mut message =
        lang.pick(format!("优先级排序{whose}应为 1 至 {n}"), format!("the ranking{whose} should run from 1 to {n}"));
    if !missing.is_empty() {
        let missing: Vec<String> = missing.iter().map(u32::to_string).collect();
        message += &lang.pick(format!("，缺少 {}", missing.join("、")), format!("; missing {}", missing.join(", ")));
    }
    let (none_zh, none_en) = match without_toml {
        0 => (String::new(), String::new()),
        k if k == unranked.len() => ("（都没有 dossier.toml）".to_owned(), " (no dossier.toml)".to_owned()),
        k => (format!("（其中 {k} 份没有 dossier.toml）"), format!(" ({k} without dossier.toml)")),
    };
    if !unranked.is_empty() {
        message += &lang.pick(
            format!("；{} 份没有写 priority{none_zh}：{}", unranked.len(), list(unranked)),
            format!(
                "; {} no priority{none_en}: {}",
                crate::diag::counted(unranked.len(), "has", "have"),
                list(unranked)
            ),
        );
    }
    message
}

/// SB503's message: a key dossier.toml lacks, or, without a dossier.toml, what the 申报书 does not say.
fn unknown_message(key: FactKey, labels: &[String], no_toml: bool, kinds: &[String], lang: Lang) -> String {
    let list = |items: &[String]| at_most(items, lang);
    if no_toml {
        let (zh, en) = key.asked(kinds);
        return lang.pick(
            format!("{} 份材料没有 dossier.toml，申报书也没有说明{zh}，无法核对名额：{}", labels.len(), list(labels)),
            format!(
                "{} no dossier.toml and the 申报书 does not say {en}, so quotas cannot count them: {}",
                crate::diag::counted(labels.len(), "dossier has", "dossiers have"),
                list(labels)
            ),
        );
    }
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

    fn member(name: &str, phone: Option<&str>, id: Option<&str>) -> crate::dossier::Member {
        crate::dossier::Member {
            name: name.into(),
            phone: phone.map(Into::into),
            id_number: id.map(Into::into),
            role: None,
        }
    }

    #[test]
    fn people_are_known_by_phone_and_by_id_number() {
        let keys = person_keys(&member("张 三", Some("+86 138-0000-1234"), Some("21010219900101123x")));
        assert_eq!(
            keys,
            [
                ("张三".to_owned(), "tel:13800001234".to_owned()),
                ("张三".to_owned(), "id:21010219900101123X".to_owned())
            ]
        );
        assert_eq!(person_keys(&member("张三", Some("12"), None)), []);
        assert_eq!(person_keys(&member("张三", None, None)), []);
    }

    #[test]
    fn people_are_shown_masked() {
        assert_eq!(shown(&member("张三", Some("13800001234"), None)), "“张三”（138****1234）");
        assert_eq!(shown(&member("张三", Some("+86 138 0000 1234"), None)), "“张三”（138****1234）");
        assert_eq!(shown(&member("张三", Some("见附件"), Some("21010219900101123x"))), "“张三”（2101**********123X）");
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
