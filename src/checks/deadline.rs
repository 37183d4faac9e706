//! Deadlines: past → error, within the notice's warning window → warning, and always which round was used.
//!
//! The family file holds, in this order: the check (typed [`DeadlineFinding`]s, no language), the clauses
//! `shenbao explain` cites for SB401–SB404, and the zh and en wording of each finding.

use super::Context;
use crate::diag::{family, Code, Diagnostic, Finding, Lang};
use crate::notice::{Clause, Day, Notice, Round};
use crate::report::{DeadlineReport, RoundChoice};

/// What this family finds, as data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeadlineFinding {
    /// SB003: dossier.toml names a round the notice does not have.
    RoundUnknown { wanted: String, rounds: Vec<String> },
    /// SB403: every round is for other unit types than the dossier's.
    NoRoundForUnitType { unit_type: String, rounds: Vec<String> },
    /// SB403: every round is for other unit types than the one the 申报单位's name suggests (a heuristic:
    /// a name without 大学/学院 is not a 高校's); `rounds` those rounds with their dates.
    NoRoundForNamedUnit { guess: Guess, rounds: Vec<(String, Day)> },
    /// SB401: the round's deadline passed `days` days before `today`.
    /// `only_for` is the round's audience (高校) when neither dossier.toml nor the 申报表 says the unit
    /// type; `guessed` when the round was chosen by the 申报单位's name. Either way the round may not be
    /// the dossier's own, so this is a warning.
    Passed {
        round: String,
        date: Day,
        approximate: bool,
        days: i64,
        today: jiff::civil::Date,
        clause: Clause,
        only_for: Option<String>,
        guessed: Option<Guess>,
    },
    /// SB402: `days_left` days before the round closes, within the notice's warning window.
    Near { round: String, date: Day, approximate: bool, days_left: i64, clause: Clause },
    /// SB404: the round opens later.
    NotYetOpen { round: String, opens: Day },
    /// SB403: the round checked against, always reported.
    Round { round: String, date: Day, approximate: bool, timezone: String, days_left: i64 },
    /// SB005: this notice supersedes an earlier one.
    Superseded { doc_number: String, clause: Clause },
}

/// What a dossier says of its unit type, and where: among rounds set for some unit types only (ln's 高校
/// round, set by the 教育厅's letter), the dossier's round is chosen by it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnitKind {
    /// dossier.toml's `unit_type`.
    Given(String),
    /// The 申报表's unit-type field.
    Form(String),
    /// Said nowhere, guessed from the 申报单位's name: a heuristic.
    Named(Guess),
    /// Nothing tells.
    Unknown,
}

/// A unit type guessed from the 申报单位's name (`unit`): a 高校's when it has 大学 or 学院 (`school`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guess {
    pub unit: String,
    pub school: bool,
}

impl UnitKind {
    /// The unit type dossier.toml gives, else the 申报表's, else a guess from the 申报单位's name.
    pub fn of(given: Option<&str>, form: Option<&str>, unit: Option<&str>) -> Self {
        let said = |v: Option<&str>| v.map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
        if let Some(t) = said(given) {
            Self::Given(t)
        } else if let Some(t) = said(form) {
            Self::Form(t)
        } else if let Some(unit) = said(unit) {
            let school = super::identity::names_a_school(&unit);
            Self::Named(Guess { unit, school })
        } else {
            Self::Unknown
        }
    }

    /// Whether a round for `audience` (a unit type of the notice's list) is the dossier's: `None` when
    /// that cannot be told (a name that is not a 高校's may be an 企业's or a 事业单位's).
    fn fits(&self, audience: &str) -> Option<bool> {
        match self {
            Self::Given(t) | Self::Form(t) => Some(t.contains(audience) || audience.contains(t.as_str())),
            Self::Named(guess) => match (super::identity::school_kind(audience), guess.school) {
                (true, school) => Some(school),
                (false, true) => Some(false),
                (false, false) => None,
            },
            Self::Unknown => None,
        }
    }

    fn said(&self) -> bool {
        matches!(self, Self::Given(_) | Self::Form(_))
    }
}

/// Picks the round a dossier aims at: the one dossier.toml names, else the next still open among the
/// rounds for its unit type (those for it alone first), else the last of them. `chosen_by` says what
/// told the rounds apart when dossier.toml did not.
fn pick_round<'n>(
    ctx: &Context<'n>,
    unit: &UnitKind,
    out: &mut Vec<DeadlineFinding>,
) -> Option<(&'n Round, Option<RoundChoice>)> {
    let rounds = &ctx.notice.deadline.rounds;
    let names = || rounds.iter().map(|r| r.name.clone()).collect();
    if let Some(wanted) = ctx.dossier.config.as_ref().and_then(|c| c.round.as_deref()) {
        if let Some(round) = rounds.iter().find(|r| r.name == wanted) {
            return Some((round, None));
        }
        out.push(DeadlineFinding::RoundUnknown { wanted: wanted.to_owned(), rounds: names() });
    }
    let fits: Vec<(&Round, Option<bool>)> =
        rounds.iter().map(|r| (r, unit_type_audience(ctx, r).and_then(|a| unit.fits(a)))).collect();
    let own: Vec<&Round> = fits.iter().filter(|(_, f)| *f == Some(true)).map(|(r, _)| *r).collect();
    let candidates: Vec<&Round> =
        if own.is_empty() { fits.iter().filter(|(_, f)| *f != Some(false)).map(|(r, _)| *r).collect() } else { own };
    let typed = rounds.iter().any(|r| unit_type_audience(ctx, r).is_some());
    let chosen_by = match unit {
        UnitKind::Form(_) if typed => Some(RoundChoice::Form),
        UnitKind::Named(_) if typed => Some(RoundChoice::UnitName),
        _ => None,
    };
    if candidates.is_empty() {
        match unit {
            UnitKind::Given(t) | UnitKind::Form(t) if !rounds.is_empty() => {
                out.push(DeadlineFinding::NoRoundForUnitType { unit_type: t.clone(), rounds: names() });
            }
            UnitKind::Named(guess) if !rounds.is_empty() => {
                let rounds = rounds.iter().map(|r| (r.name.clone(), r.date)).collect();
                out.push(DeadlineFinding::NoRoundForNamedUnit { guess: guess.clone(), rounds });
            }
            _ => {}
        }
        return None;
    }
    let round = candidates
        .iter()
        .copied()
        .filter(|r| r.date.0 >= ctx.today)
        .min_by_key(|r| r.date)
        .or_else(|| candidates.iter().copied().max_by_key(|r| r.date))?;
    Some((round, chosen_by))
}

/// A round's audience when it names unit types of the notice's list ("高校" of 部属高校 and 其他高校),
/// `None` when it names something else (a channel) or nothing.
fn unit_type_audience<'n>(ctx: &Context<'n>, round: &'n Round) -> Option<&'n str> {
    let audience = round.audience.as_deref()?;
    let types = ctx.notice.lists.unit_types.as_ref()?;
    types.values.iter().any(|t| t.contains(audience) || audience.contains(t.as_str())).then_some(audience)
}

/// The deadline of the round chosen for a dossier of this `unit` kind.
pub fn check(ctx: &Context<'_>, unit: &UnitKind, out: &mut Vec<Diagnostic>) -> Option<DeadlineReport> {
    let mut found = Vec::new();
    let report = find(ctx, unit, &mut found);
    out.extend(found.into_iter().map(Diagnostic::of));
    report
}

/// [`check`] without the language: the deadline report, and the findings pushed to `out`.
pub fn find(ctx: &Context<'_>, unit: &UnitKind, out: &mut Vec<DeadlineFinding>) -> Option<DeadlineReport> {
    let (round, chosen_by) = pick_round(ctx, unit, out)?;
    let days_left = i64::from((round.date.0 - ctx.today).get_days());
    let tz = &ctx.notice.deadline.timezone;
    let report = DeadlineReport {
        round: round.name.clone(),
        date: round.date.to_string(),
        timezone: tz.clone(),
        today: ctx.today.to_string(),
        days_left,
        approximate: round.approximate,
        chosen_by,
    };
    let (name, date, approximate) = (round.name.clone(), round.date, round.approximate);
    if days_left < 0 {
        let clause = round.clause.clone();
        let only_for = unit_type_audience(ctx, round).filter(|_| !unit.said()).map(str::to_owned);
        let guessed = match unit {
            UnitKind::Named(guess) if chosen_by.is_some() => Some(guess.clone()),
            _ => None,
        };
        out.push(DeadlineFinding::Passed {
            round: name.clone(),
            date,
            approximate,
            days: -days_left,
            today: ctx.today,
            clause,
            only_for,
            guessed,
        });
    } else if days_left < i64::from(ctx.notice.deadline.warn_days) {
        out.push(DeadlineFinding::Near {
            round: name.clone(),
            date,
            approximate,
            days_left,
            clause: round.clause.clone(),
        });
    }
    if let Some(opens) = round.opens.filter(|o| o.0 > ctx.today) {
        out.push(DeadlineFinding::NotYetOpen { round: name.clone(), opens });
    }
    out.push(DeadlineFinding::Round { round: name, date, approximate, timezone: tz.clone(), days_left });
    for s in &ctx.notice.supersedes {
        out.push(DeadlineFinding::Superseded { doc_number: s.doc_number.clone(), clause: s.clause.clone() });
    }
    Some(report)
}

/// The clauses of `notice` that `shenbao explain` cites for this family's deadline codes: every round's.
pub fn clauses(code: family::Deadline, notice: &Notice) -> Vec<(String, &Clause)> {
    use family::Deadline::*;
    match code {
        DeadlinePassed | DeadlineNear | DeadlineRound | NotYetOpen => {
            notice.deadline.rounds.iter().map(|r| (r.name.clone(), &r.clause)).collect()
        }
        // The clause of the superseded notice is in the finding itself (its help), not a rule of this one.
        Superseded => Vec::new(),
    }
}

// The wording of this family's findings, zh and en together.

impl Finding for DeadlineFinding {
    /// A passed round that may not be the dossier's (its unit type unknown) is a warning, not an error.
    fn severity(&self) -> crate::diag::Severity {
        match self {
            Self::Passed { only_for: Some(_), .. } | Self::Passed { guessed: Some(_), .. } => {
                crate::diag::Severity::Warning
            }
            _ => self.code().info().severity,
        }
    }

    fn code(&self) -> Code {
        match self {
            Self::RoundUnknown { .. } => Code::DossierTomlInvalid,
            Self::NoRoundForUnitType { .. } | Self::NoRoundForNamedUnit { .. } | Self::Round { .. } => {
                Code::DeadlineRound
            }
            Self::Passed { .. } => Code::DeadlinePassed,
            Self::Near { .. } => Code::DeadlineNear,
            Self::NotYetOpen { .. } => Code::NotYetOpen,
            Self::Superseded { .. } => Code::Superseded,
        }
    }

    fn file(&self) -> Option<&str> {
        matches!(self, Self::RoundUnknown { .. }).then_some(crate::dossier::CONFIG_FILE)
    }

    fn message(&self, lang: Lang) -> String {
        let about = |approximate: bool| if approximate { lang.pick("（约）", " (approximate)") } else { "" };
        let days = |n: i64| crate::diag::counted(n, "day", "days");
        match self {
            Self::RoundUnknown { wanted, .. } => lang.pick(
                format!("dossier.toml 中的批次“{wanted}”不在本通知中"),
                format!("dossier.toml names round “{wanted}”, which this notice does not have"),
            ),
            Self::NoRoundForUnitType { unit_type, rounds } => lang.pick(
                format!(
                    "通知给出的截止日期只适用于{}，单位类型为“{unit_type}”的材料没有可核对的截止日期：请向推荐单位确认",
                    rounds.join("、")
                ),
                format!(
                    "the notice's deadlines are for {} only: a dossier of unit type “{unit_type}” has none to check; ask the recommending unit",
                    rounds.join(", ")
                ),
            ),
            Self::NoRoundForNamedUnit { guess, rounds } => {
                let listed = |zh: bool| {
                    let each = rounds.iter().map(|(name, date)| {
                        if zh {
                            format!("“{name}”（{date}）")
                        } else {
                            format!("“{name}” ({date})")
                        }
                    });
                    each.collect::<Vec<_>>().join(if zh { "、" } else { ", " })
                };
                let unit = &guess.unit;
                let (is_zh, is_en) = if guess.school { ("是", "reads as") } else { ("不是", "does not read as") };
                lang.pick(
                    format!(
                        "材料没有写明单位类型，申报单位“{unit}”从名称看{is_zh}高校（按名称推断）：通知的截止批次{}都只适用于其他单位类型，没有可核对的截止日期",
                        listed(true)
                    ),
                    format!(
                        "the dossier does not say its unit type, and “{unit}” {is_en} a 高校's name (a guess): the notice's rounds {} are all for other unit types, so there is no deadline to check",
                        listed(false)
                    ),
                )
            }
            Self::Passed { round, date, approximate, days: n, today, only_for, guessed, .. } => {
                let about = about(*approximate);
                let (if_zh, if_en) = match (guessed, only_for) {
                    (Some(Guess { unit, school: true }), _) => (
                        format!("；材料没有写明单位类型，申报单位“{unit}”从名称看是高校，因此按这一批次检查（按名称推断），若不是高校则不受此限"),
                        format!("; the dossier does not say its unit type, and this round was taken because “{unit}” reads as a 高校's name (a guess): if it is not one, this does not apply"),
                    ),
                    (Some(Guess { unit, school: false }), _) => (
                        format!("；材料没有写明单位类型，申报单位“{unit}”从名称看不是高校，因此按这一批次检查（按名称推断），若是高校则应按高校的批次"),
                        format!("; the dossier does not say its unit type, and this round was taken because “{unit}” does not read as a 高校's name (a guess): if it is one, a 高校's round applies instead"),
                    ),
                    (None, Some(who)) => (
                        format!("；这一批次只适用于{who}，材料没有写明单位类型，若不是{who}则不受此限"),
                        format!("; that round is for {who} only, and the dossier does not say its unit type: if it is not one, this does not apply"),
                    ),
                    (None, None) => (String::new(), String::new()),
                };
                lang.pick(
                    format!("“{round}”的截止日期 {date}{about} 已过 {n} 天（按 {today} 计）{if_zh}"),
                    format!("the deadline of “{round}”, {date}{about}, passed {} ago (as of {today}){if_en}", days(*n)),
                )
            }
            Self::Near { round, date, approximate, days_left: 0, .. } => {
                let about = about(*approximate);
                lang.pick(
                    format!("“{round}”今天截止（{date}{about}）：今天就要提交"),
                    format!("“{round}” closes today ({date}{about}): submit today"),
                )
            }
            Self::Near { round, date, approximate, days_left, .. } => {
                let about = about(*approximate);
                lang.pick(
                    format!("距“{round}”截止（{date}{about}）只剩 {days_left} 天"),
                    format!("{} left before “{round}” closes ({date}{about})", days(*days_left)),
                )
            }
            Self::NotYetOpen { round, opens } => {
                lang.pick(format!("“{round}”自 {opens} 起受理，尚未开始"), format!("“{round}” opens on {opens}; not yet"))
            }
            Self::Round { round, date, approximate, timezone, days_left } => {
                let about = about(*approximate);
                let tz_name = crate::notice::timezone_name(timezone, lang);
                // Once the round has closed, SB401 says by how much; this line only names the round.
                let left = if *days_left == 0 {
                    lang.pick("今天截止".to_owned(), "closes today".to_owned())
                } else if *days_left > 0 {
                    lang.pick(format!("剩余 {days_left} 天"), format!("{} left", days(*days_left)))
                } else {
                    lang.pick("已截止".to_owned(), "closed".to_owned())
                };
                lang.pick(
                    format!("按“{round}”检查：截止 {date}{about}（{tz_name}），{left}"),
                    format!("checked against “{round}”: closes {date}{about} ({tz_name}), {left}"),
                )
            }
            Self::Superseded { doc_number, .. } => lang.pick(
                format!("本通知替代 {doc_number}：按旧通知提交过的材料须重新提交"),
                format!("this notice supersedes {doc_number}: dossiers sent under it must be sent again"),
            ),
        }
    }

    fn help(&self, lang: Lang) -> Option<String> {
        match self {
            Self::RoundUnknown { rounds, .. } => {
                Some(lang.pick(format!("可选批次：{}", rounds.join("、")), format!("rounds: {}", rounds.join(", "))))
            }
            Self::NoRoundForNamedUnit { .. } => Some(
                lang.pick(
                    "若推断有误，在 dossier.toml 中写上 unit_type（没有 dossier.toml 的先新建一个）",
                    "if that guess is wrong, add unit_type to dossier.toml (create one where there is none)",
                )
                .to_owned(),
            ),
            Self::Passed { clause, only_for: Some(_), .. } | Self::Passed { clause, guessed: Some(_), .. } => {
                Some(lang.pick(
                    format!("在 dossier.toml 中写上 unit_type（没有 dossier.toml 的先新建一个）；依据：{clause}"),
                    format!("add unit_type to dossier.toml (create one where there is none); per {clause}"),
                ))
            }
            Self::Passed { clause, .. } | Self::Near { clause, .. } | Self::Superseded { clause, .. } => {
                Some(lang.pick(format!("依据：{clause}"), format!("per {clause}")))
            }
            Self::NoRoundForUnitType { .. } | Self::NotYetOpen { .. } | Self::Round { .. } => None,
        }
    }
}
