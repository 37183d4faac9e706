//! Deadlines: past → error, within the notice's warning window → warning, and always which round was used.

use super::Context;
use crate::diag::{Code, Diagnostic};
use crate::notice::Round;
use crate::report::DeadlineReport;

/// Picks the round a dossier aims at: the one dossier.toml names, else the next still open, else the last.
fn pick_round<'n>(ctx: &Context<'n>, out: &mut Vec<Diagnostic>) -> Option<&'n Round> {
    let rounds = &ctx.notice.deadline.rounds;
    let lang = ctx.lang;
    if let Some(wanted) = ctx.dossier.config.as_ref().and_then(|c| c.round.as_deref()) {
        if let Some(round) = rounds.iter().find(|r| r.name == wanted) {
            return Some(round);
        }
        let names: Vec<&str> = rounds.iter().map(|r| r.name.as_str()).collect();
        out.push(
            Diagnostic::new(
                Code::DossierTomlInvalid,
                lang.pick(
                    format!("dossier.toml 中的批次“{wanted}”不在本通知中"),
                    format!("dossier.toml names round “{wanted}”, which this notice does not have"),
                ),
            )
            .file(crate::dossier::CONFIG_FILE)
            .help(lang.pick(format!("可选批次：{}", names.join("、")), format!("rounds: {}", names.join(", ")))),
        );
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
            let named: Vec<&str> = rounds.iter().map(|r| r.name.as_str()).collect();
            out.push(Diagnostic::new(
                Code::DeadlineRound,
                lang.pick(
                    format!(
                        "通知给出的截止日期只适用于{}，单位类型为“{unit_type}”的材料没有可核对的截止日期：请向推荐单位确认",
                        named.join("、")
                    ),
                    format!(
                        "the notice's deadlines are for {} only: a dossier of unit type “{unit_type}” has none to check; ask the recommending unit",
                        named.join(", ")
                    ),
                ),
            ));
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
    let lang = ctx.lang;
    let round = pick_round(ctx, out)?;
    let days_left = i64::from((round.date.0 - ctx.today).get_days());
    let about = if round.approximate { lang.pick("（约）", " (approximate)") } else { "" };
    let tz = &ctx.notice.deadline.timezone;
    let tz_name = crate::notice::timezone_name(tz, lang);
    let report = DeadlineReport {
        round: round.name.clone(),
        date: round.date.to_string(),
        timezone: tz.clone(),
        today: ctx.today.to_string(),
        days_left,
        approximate: round.approximate,
    };
    let clause = lang.pick(format!("依据：{}", round.clause), format!("per {}", round.clause));
    if days_left < 0 {
        out.push(
            Diagnostic::new(
                Code::DeadlinePassed,
                lang.pick(
                    format!(
                        "“{}”的截止日期 {}{about} 已过 {} 天（按 {} 计）",
                        round.name, round.date, -days_left, ctx.today
                    ),
                    format!(
                        "the deadline of “{}”, {}{about}, passed {} ago (as of {})",
                        round.name,
                        round.date,
                        crate::diag::counted(-days_left, "day", "days"),
                        ctx.today
                    ),
                ),
            )
            .help(clause.clone()),
        );
    } else if days_left < i64::from(ctx.notice.deadline.warn_days) {
        out.push(
            Diagnostic::new(
                Code::DeadlineNear,
                lang.pick(
                    format!("距“{}”截止（{}{about}）只剩 {} 天", round.name, round.date, days_left),
                    format!(
                        "{} left before “{}” closes ({}{about})",
                        crate::diag::counted(days_left, "day", "days"),
                        round.name,
                        round.date
                    ),
                ),
            )
            .help(clause.clone()),
        );
    }
    if let Some(opens) = round.opens {
        if opens.0 > ctx.today {
            out.push(Diagnostic::new(
                Code::NotYetOpen,
                lang.pick(
                    format!("“{}”自 {opens} 起受理，尚未开始", round.name),
                    format!("“{}” opens on {opens}; not yet", round.name),
                ),
            ));
        }
    }
    // Once the round has closed, SB401 says by how much; this line only names the round.
    let left = if days_left >= 0 {
        lang.pick(format!("剩余 {days_left} 天"), format!("{} left", crate::diag::counted(days_left, "day", "days")))
    } else {
        lang.pick("已截止".to_owned(), "closed".to_owned())
    };
    out.push(Diagnostic::new(
        Code::DeadlineRound,
        lang.pick(
            format!("按“{}”检查：截止 {}{about}（{tz_name}），{left}", round.name, round.date),
            format!("checked against “{}”: closes {}{about} ({tz_name}), {left}", round.name, round.date),
        ),
    ));
    for s in &ctx.notice.supersedes {
        out.push(
            Diagnostic::new(
                Code::Superseded,
                lang.pick(
                    format!("本通知替代 {}：按旧通知提交过的材料须重新提交", s.doc_number),
                    format!("this notice supersedes {}: dossiers sent under it must be sent again", s.doc_number),
                ),
            )
            .help(lang.pick(format!("依据：{}", s.clause), format!("per {}", s.clause))),
        );
    }
    Some(report)
}
