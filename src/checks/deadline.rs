//! Deadlines: past → error, within the notice's warning window → warning, and always which round was used.
//!
//! The family file holds, in this order: the check (typed [`DeadlineFinding`]s, no language), the clauses
//! `shenbao explain` cites for SB401–SB404, and the zh and en wording of each finding.

use super::Context;
use crate::diag::{family, Code, Diagnostic, Finding, Lang};
use crate::notice::{Clause, Day, Notice, Round};
use crate::report::DeadlineReport;

/// What this family finds, as data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeadlineFinding {
    /// SB003: dossier.toml names a round the notice does not have.
    RoundUnknown { wanted: String, rounds: Vec<String> },
    /// SB403: every round is for other unit types than the dossier's.
    NoRoundForUnitType { unit_type: String, rounds: Vec<String> },
    /// SB401: the round's deadline passed `days` days before `today`.
    /// `only_for` is the round's audience (高校) when the dossier does not say its unit type (no
    /// dossier.toml, or no unit_type in it): the round may not be its own, so this is a warning.
    Passed {
        round: String,
        date: Day,
        approximate: bool,
        days: i64,
        today: jiff::civil::Date,
        clause: Clause,
        only_for: Option<String>,
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

/// Picks the round a dossier aims at: the one dossier.toml names, else the next still open, else the last.
fn pick_round<'n>(ctx: &Context<'n>, out: &mut Vec<DeadlineFinding>) -> Option<&'n Round> {
    let rounds = &ctx.notice.deadline.rounds;
    let names = || rounds.iter().map(|r| r.name.clone()).collect();
    if let Some(wanted) = ctx.dossier.config.as_ref().and_then(|c| c.round.as_deref()) {
        if let Some(round) = rounds.iter().find(|r| r.name == wanted) {
            return Some(round);
        }
        out.push(DeadlineFinding::RoundUnknown { wanted: wanted.to_owned(), rounds: names() });
    }
    // A round for some unit types only (ln's 高校 round, set by the 教育厅's letter) is not the
    // deadline of a dossier whose dossier.toml names another unit type.
    let unit_type = ctx.dossier.config.as_ref().and_then(|c| c.unit_type.as_deref());
    let applies = |r: &&Round| match (unit_type_audience(ctx, r), unit_type) {
        (Some(audience), Some(unit_type)) => unit_type.contains(audience) || audience.contains(unit_type),
        _ => true,
    };
    let candidates: Vec<&Round> = rounds.iter().filter(applies).collect();
    if candidates.is_empty() {
        if let Some(unit_type) = unit_type.filter(|_| !rounds.is_empty()) {
            out.push(DeadlineFinding::NoRoundForUnitType { unit_type: unit_type.to_owned(), rounds: names() });
        }
        return None;
    }
    candidates
        .iter()
        .copied()
        .filter(|r| r.date.0 >= ctx.today)
        .min_by_key(|r| r.date)
        .or_else(|| candidates.iter().copied().max_by_key(|r| r.date))
}

/// A round's audience when it names unit types of the notice's list ("高校" of 部属高校 and 其他高校),
/// `None` when it names something else (a channel) or nothing.
fn unit_type_audience<'n>(ctx: &Context<'n>, round: &'n Round) -> Option<&'n str> {
    let audience = round.audience.as_deref()?;
    let types = ctx.notice.lists.unit_types.as_ref()?;
    types.values.iter().any(|t| t.contains(audience) || audience.contains(t.as_str())).then_some(audience)
}

pub fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) -> Option<DeadlineReport> {
    let mut found = Vec::new();
    let report = find(ctx, &mut found);
    out.extend(found.into_iter().map(Diagnostic::of));
    report
}

/// [`check`] without the language: the deadline report, and the findings pushed to `out`.
pub fn find(ctx: &Context<'_>, out: &mut Vec<DeadlineFinding>) -> Option<DeadlineReport> {
    let round = pick_round(ctx, out)?;
    let days_left = i64::from((round.date.0 - ctx.today).get_days());
    let tz = &ctx.notice.deadline.timezone;
    let report = DeadlineReport {
        round: round.name.clone(),
        date: round.date.to_string(),
        timezone: tz.clone(),
        today: ctx.today.to_string(),
        days_left,
        approximate: round.approximate,
    };
    let (name, date, approximate) = (round.name.clone(), round.date, round.approximate);
    if days_left < 0 {
        let clause = round.clause.clone();
        let unit_type = ctx.dossier.config.as_ref().and_then(|c| c.unit_type.as_deref());
        let only_for = unit_type_audience(ctx, round).filter(|_| unit_type.is_none()).map(str::to_owned);
        out.push(DeadlineFinding::Passed {
            round: name.clone(),
            date,
            approximate,
            days: -days_left,
            today: ctx.today,
            clause,
            only_for,
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
            Self::Passed { only_for: Some(_), .. } => crate::diag::Severity::Warning,
            _ => self.code().info().severity,
        }
    }

    fn code(&self) -> Code {
        match self {
            Self::RoundUnknown { .. } => Code::DossierTomlInvalid,
            Self::NoRoundForUnitType { .. } | Self::Round { .. } => Code::DeadlineRound,
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
            Self::Passed { round, date, approximate, days: n, today, only_for, .. } => {
                let about = about(*approximate);
                let (if_zh, if_en) = match only_for {
                    Some(who) => (
                        format!("；这一批次只适用于{who}，材料没有写明单位类型，若不是{who}则不受此限"),
                        format!("; that round is for {who} only, and the dossier does not say its unit type: if it is not one, this does not apply"),
                    ),
                    None => (String::new(), String::new()),
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
            Self::Passed { clause, only_for: Some(_), .. } => Some(lang.pick(
                format!("在 dossier.toml 中写上 unit_type（没有 dossier.toml 的先新建一个）；依据：{clause}"),
                format!("add unit_type to dossier.toml (create one where there is none); per {clause}"),
            )),
            Self::Passed { clause, .. } | Self::Near { clause, .. } | Self::Superseded { clause, .. } => {
                Some(lang.pick(format!("依据：{clause}"), format!("per {clause}")))
            }
            Self::NoRoundForUnitType { .. } | Self::NotYetOpen { .. } | Self::Round { .. } => None,
        }
    }
}
