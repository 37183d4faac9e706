//! The check families' typed findings: tests assert on the findings' data (code, file, section, numbers),
//! and snapshot the wording of each finding in zh and en once.

#[path = "support/findings.rs"]
mod findings_support;
mod support;
use findings_support::{clause, worded};

use shenbao::checks::deadline::{DeadlineFinding, Guess};
use shenbao::checks::hidden::{HiddenFinding, Leak, Property};
use shenbao::checks::sections::SectionFinding;
use shenbao::checks::{check_dossier, NoticeChoice, Options};
use shenbao::diag::{Code, Diagnostic, Finding, Lang};
use shenbao::report::DossierReport;
use std::path::Path;

fn check(rel: &str, today: &str) -> DossierReport {
    let today: jiff::civil::Date = today.parse().expect("a date");
    let options = Options { notice: NoticeChoice::FromDossier, today: Some(today), custom: &[] };
    check_dossier(&Path::new(env!("CARGO_MANIFEST_DIR")).join(rel), rel, &options)
}

/// The findings of type `F` in a report, with the diagnostics that word them.
fn found<F: Finding>(report: &DossierReport) -> Vec<(&Diagnostic, &F)> {
    report.diagnostics.iter().filter_map(|d| d.finding::<F>().map(|f| (d, f))).collect()
}

/// The one finding of type `F` a fixture gives, with its diagnostic.
fn only<F: Finding>(report: &DossierReport) -> (&Diagnostic, &F) {
    let all = found::<F>(report);
    assert_eq!(all.len(), 1, "{:#?}", report.diagnostics);
    all[0]
}

// ---- sections (SB101–SB107) ----

#[test]
fn a_section_over_its_limit_is_found_with_its_numbers() {
    let report = check("fixtures/ln-2024-cases/over-section", "2024-02-28");
    let (d, f) = only::<SectionFinding>(&report);
    let SectionFinding::OverLimit { file, title, is_section, unit, count, limit, clause } = f else { panic!("{f:?}") };
    assert_eq!((file.as_str(), title.as_str(), *is_section), ("申报书.docx", "问题描述", true));
    assert_eq!((*unit, *count, *limit), (shenbao::count::Unit::Word, 312, 300));
    assert_eq!(clause.reference, "附件1 申报材料模板 一");
    // The diagnostic a user sees carries the finding's code, file and section.
    assert_eq!(
        (d.code, d.file.as_deref(), d.section.as_deref()),
        (Code::SectionOverLimit, Some("申报书.docx"), Some("问题描述"))
    );
    assert!(d.message.contains("需删减 12 字"), "{}", d.message);
}

#[test]
fn a_part_over_its_limit_is_sb104_not_sb103() {
    for (rel, day, part, count, limit) in [
        ("fixtures/ln-2024-cases/over-total", "2024-02-28", "申报材料", 3073, 3000),
        ("fixtures/cq-2024-cases-2/over-part", "2024-08-10", "宣传推广材料", 1577, 1500),
    ] {
        let report = check(rel, day);
        let (d, f) = only::<SectionFinding>(&report);
        assert_eq!(d.code, Code::PartOverLimit, "{rel}");
        assert!(
            matches!(f, SectionFinding::OverLimit { title, is_section: false, count: c, limit: l, .. }
                if title == part && *c == count && *l == limit),
            "{rel}: {f:?}"
        );
    }
}

#[test]
fn a_missing_section_names_its_part_and_template_number() {
    let report = check("fixtures/ln-2024-cases/missing-section", "2024-02-28");
    let (d, f) = only::<SectionFinding>(&report);
    assert_eq!(d.code, Code::SectionMissing);
    let SectionFinding::SectionMissing { part, section, number, .. } = f else { panic!("{f:?}") };
    assert_eq!((part.as_str(), section.as_str(), number.as_str()), ("申报材料", "创新点", "四、"));
    assert_eq!(d.section.as_deref(), Some("创新点"));
}

#[test]
fn sections_out_of_order_name_both() {
    let report = check("fixtures/ln-2024-cases/out-of-order", "2024-02-28");
    let (d, f) = only::<SectionFinding>(&report);
    assert_eq!(d.code, Code::OutOfOrder);
    assert_eq!(
        f,
        &SectionFinding::OutOfOrder {
            file: "申报书.docx".into(),
            earlier: "问题描述".into(),
            later: "解决方案".into()
        }
    );
}

#[test]
fn an_ambiguous_count_brackets_the_limit() {
    let report = check("fixtures/ln-2024-cases/ambiguous-quotes", "2024-02-28");
    let (d, f) = only::<SectionFinding>(&report);
    assert_eq!(d.code, Code::LimitAmbiguous);
    let SectionFinding::LimitAmbiguous { count, low, high, limit, .. } = f else { panic!("{f:?}") };
    assert!(low <= limit && limit < high && low <= count && count <= high, "{f:?}");
    assert_eq!((*low, *high, *limit), (299, 301, 300));
}

#[test]
fn a_passing_dossier_has_no_section_finding() {
    let report = check("fixtures/ln-2024-cases/pass", "2024-02-28");
    assert!(found::<SectionFinding>(&report).is_empty(), "{:#?}", report.diagnostics);
}

#[test]
fn a_diagnostic_is_worded_in_the_language_a_renderer_asks_for() {
    let report = check("fixtures/ln-2024-cases/over-section", "2024-02-28");
    let d = only::<SectionFinding>(&report).0;
    assert_eq!(d.text(Lang::En), "section “问题描述” has 312 words, over its limit of 300: cut 12");
    assert_eq!(d.text(Lang::Zh), d.message, "the stored words are the default language's");
    assert!(d.message.contains("超出") || d.message.contains("超过"), "{}", d.message);
    // reword is what the JSON renderer does before serialising a report in English.
    let mut english = d.clone();
    english.reword(Lang::En);
    assert_eq!(english.message, d.text(Lang::En));
    assert_eq!(english.help.as_deref(), d.help_text(Lang::En).as_deref());
}

#[test]
fn section_findings_wording() {
    let c = clause("附件1 一", "一、问题描述(300 字以内)");
    let file = String::from("申报书.docx");
    let unit = shenbao::count::Unit::Word;
    let findings = [
        SectionFinding::PartMissing {
            file: file.clone(),
            part: "申报材料".into(),
            number: "一、".into(),
            clause: c.clone(),
        },
        SectionFinding::SectionMissing {
            file: file.clone(),
            part: "申报材料".into(),
            section: "创新点".into(),
            number: "四、".into(),
            clause: c.clone(),
        },
        SectionFinding::OutOfOrder { file: file.clone(), earlier: "问题描述".into(), later: "解决方案".into() },
        SectionFinding::OverLimit {
            file: file.clone(),
            title: "问题描述".into(),
            is_section: true,
            unit,
            count: 312,
            limit: 300,
            clause: c.clone(),
        },
        SectionFinding::OverLimit {
            file: file.clone(),
            title: "申报材料".into(),
            is_section: false,
            unit: shenbao::count::Unit::Hanzi,
            count: 3001,
            limit: 3000,
            clause: c.clone(),
        },
        SectionFinding::LimitAmbiguous {
            file: file.clone(),
            title: "问题描述".into(),
            unit,
            count: 299,
            low: 299,
            high: 301,
            limit: 300,
        },
        SectionFinding::SectionEmpty { file, title: "创新点".into() },
    ];
    let refs: Vec<&dyn Finding> = findings.iter().map(|f| f as &dyn Finding).collect();
    insta::assert_snapshot!(worded(&refs));
}

// ---- deadline (SB401–SB404, SB005, and SB003 for a round dossier.toml names wrongly) ----

/// A copy of a fixture dossier with its dossier.toml changed by `edit`, checked on `today`.
fn check_edited(rel: &str, today: &str, edit: impl Fn(String) -> String) -> DossierReport {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    support::copy_dir(&root.join(rel), dir.path());
    let toml = dir.path().join("dossier.toml");
    std::fs::write(&toml, edit(std::fs::read_to_string(&toml).expect("dossier.toml"))).expect("write");
    let today: jiff::civil::Date = today.parse().expect("a date");
    let options = Options { notice: NoticeChoice::FromDossier, today: Some(today), custom: &[] };
    check_dossier(dir.path(), "edited", &options)
}

fn deadline_findings(report: &DossierReport) -> Vec<&DeadlineFinding> {
    found::<DeadlineFinding>(report).into_iter().map(|(_, f)| f).collect()
}

#[test]
fn a_passed_deadline_counts_the_days_since_the_last_round() {
    let report = check("fixtures/national-2024-contest/pass", "2026-11-24");
    let found = found::<DeadlineFinding>(&report);
    let (d, passed) = found.iter().find(|(d, _)| d.code == Code::DeadlinePassed).expect("SB401");
    // Both channels have closed: the later one (9月30日) is the one checked against.
    let DeadlineFinding::Passed { round, date, days, today, .. } = passed else { panic!("{passed:?}") };
    assert_eq!((round.as_str(), date.to_string(), *days), ("地方分赛推荐", "2024-09-30".to_owned(), 785));
    assert_eq!(today.to_string(), "2026-11-24");
    assert_eq!(d.severity, shenbao::diag::Severity::Error);
    assert!(found.iter().any(|(_, f)| matches!(f, DeadlineFinding::Round { days_left: -785, .. })), "{found:?}");
}

#[test]
fn a_near_deadline_is_a_warning_with_the_days_left() {
    let report = check("fixtures/ln-2024-cases/pass", "2024-03-05");
    let found = deadline_findings(&report);
    assert!(
        found
            .iter()
            .any(|f| matches!(f, DeadlineFinding::Near { round, days_left: 2, .. } if round == "高校（经省教育厅）")),
        "{found:?}"
    );
    // Far from the deadline, only the round checked against is reported.
    let early = check("fixtures/ln-2024-cases/pass", "2024-01-05");
    let found = deadline_findings(&early);
    assert!(matches!(found.as_slice(), [DeadlineFinding::Round { days_left: 62, .. }]), "{found:?}");
}

#[test]
fn a_round_that_has_not_opened_is_found() {
    let report = check("fixtures/ln-2024-contest/pass", "2024-06-01");
    let found = deadline_findings(&report);
    assert!(
        found.iter().any(|f| matches!(f, DeadlineFinding::NotYetOpen { round, opens } if round == "报名" && opens.to_string() == "2024-06-22")),
        "{found:?}"
    );
}

#[test]
fn a_round_dossier_toml_names_wrongly_is_found_with_the_notices_rounds() {
    let report = check_edited("fixtures/ln-2024-cases/pass", "2024-02-28", |t| t + "round = \"第九批\"\n");
    let found = found::<DeadlineFinding>(&report);
    let (d, f) = found.iter().find(|(d, _)| d.code == Code::DossierTomlInvalid).expect("SB003");
    assert_eq!(
        *f,
        &DeadlineFinding::RoundUnknown {
            wanted: "第九批".into(), rounds: vec!["高校（经省教育厅）".into()]
        }
    );
    assert_eq!(d.file.as_deref(), Some("dossier.toml"));
}

#[test]
fn a_unit_type_no_round_is_for_has_no_deadline() {
    let report = check_edited("fixtures/ln-2024-cases/pass", "2024-02-28", |t| {
        t.replace("unit_type = \"其他高校\"", "unit_type = \"企业\"")
    });
    let found = deadline_findings(&report);
    assert_eq!(
        found,
        [&DeadlineFinding::NoRoundForUnitType {
            unit_type: "企业".into(), rounds: vec!["高校（经省教育厅）".into()]
        }]
    );
    assert!(report.deadline.is_none());
}

#[test]
fn deadline_findings_wording() {
    let c = clause("附件2 二", "9月30日前");
    let date: shenbao::notice::Day = "2024-09-30".parse().expect("day");
    let findings = [
        DeadlineFinding::RoundUnknown {
            wanted: "第九批".into(), rounds: vec!["第一批".into(), "第二批".into()]
        },
        DeadlineFinding::NoRoundForUnitType { unit_type: "企业".into(), rounds: vec!["高校".into()] },
        DeadlineFinding::Passed {
            round: "第一批".into(),
            date,
            approximate: true,
            days: 1,
            today: "2024-10-01".parse().expect("date"),
            clause: c.clone(),
            only_for: None,
            guessed: None,
        },
        DeadlineFinding::Passed {
            round: "高校（经省教育厅）".into(),
            date,
            approximate: false,
            days: 3,
            today: "2024-10-03".parse().expect("date"),
            clause: c.clone(),
            only_for: Some("高校".into()),
            guessed: None,
        },
        DeadlineFinding::Passed {
            round: "高校（经省教育厅）".into(),
            date,
            approximate: false,
            days: 3,
            today: "2024-10-03".parse().expect("date"),
            clause: c.clone(),
            only_for: Some("高校".into()),
            guessed: Some(Guess { unit: "辽宁某某大学".into(), school: true }),
        },
        DeadlineFinding::Passed {
            round: "其他单位".into(),
            date,
            approximate: false,
            days: 3,
            today: "2024-10-03".parse().expect("date"),
            clause: c.clone(),
            only_for: None,
            guessed: Some(Guess { unit: "辽宁某某科技有限公司".into(), school: false }),
        },
        DeadlineFinding::NoRoundForNamedUnit {
            guess: Guess { unit: "辽宁某某科技有限公司".into(), school: false },
            rounds: vec![("高校（经省教育厅）".into(), date)],
        },
        DeadlineFinding::Near { round: "第一批".into(), date, approximate: false, days_left: 3, clause: c.clone() },
        DeadlineFinding::NotYetOpen { round: "报名".into(), opens: date },
        DeadlineFinding::Round {
            round: "第一批".into(),
            date,
            approximate: false,
            timezone: "Asia/Shanghai".into(),
            days_left: 1,
        },
        DeadlineFinding::Round {
            round: "第一批".into(),
            date,
            approximate: true,
            timezone: "UTC".into(),
            days_left: -2,
        },
        DeadlineFinding::Superseded { doc_number: "国数政策〔2024〕1号".into(), clause: c },
    ];
    let refs: Vec<&dyn Finding> = findings.iter().map(|f| f as &dyn Finding).collect();
    insta::assert_snapshot!(worded(&refs));
}

// ---- hidden Word content (SB701–SB704) ----

#[test]
fn comments_in_a_publishable_file_are_an_error() {
    let report = check("fixtures/cq-2024-cases-2/careless-content", "2024-08-10");
    let (d, f) = only::<HiddenFinding>(&report);
    let HiddenFinding::Comments { file, count, public } = f else { panic!("{f:?}") };
    assert!(*public && *count > 0 && file.ends_with(".docx"), "{f:?}");
    assert_eq!(
        (d.code, d.severity, d.file.as_deref()),
        (Code::WordComments, shenbao::diag::Severity::Error, Some(file.as_str()))
    );
}

#[test]
fn hidden_content_is_found_with_its_counts_and_graded_by_publication() {
    use shenbao::read::docx::{Document, Hidden, Properties};
    let doc = Document {
        hidden: Hidden { comments: 1, insertions: 2, deletions: 3, hidden_runs: 4 },
        properties: Properties {
            creator: Some("张伟".into()),
            last_modified_by: Some("Administrator".into()),
            template: Some("Normal.dotm".into()),
            ..Default::default()
        },
        ..Default::default()
    };
    for public in [false, true] {
        let mut found = Vec::new();
        shenbao::checks::hidden::find(public, &doc, "申报书.docx", &mut found);
        let file = String::from("申报书.docx");
        assert_eq!(
            found,
            [
                HiddenFinding::Comments { file: file.clone(), count: 1, public },
                HiddenFinding::TrackedChanges { file: file.clone(), insertions: 2, deletions: 3, public },
                HiddenFinding::HiddenText { file: file.clone(), runs: 4, public },
                // A software default (Administrator) and a bare template name reveal nothing.
                HiddenFinding::PropertiesLeak {
                    file,
                    leaks: vec![Leak { property: Property::Author, value: "张伟".into() }]
                },
            ]
        );
        let graded: Vec<_> = found.iter().map(Finding::severity).collect();
        let hidden_grade = if public { shenbao::diag::Severity::Error } else { Code::WordComments.info().severity };
        assert_eq!(graded[0], hidden_grade);
        assert_eq!(graded[3], Code::PropertiesLeak.info().severity, "properties are never graded up");
    }
    assert!({
        let mut none = Vec::new();
        shenbao::checks::hidden::find(true, &Document::default(), "x.docx", &mut none);
        none.is_empty()
    });
}

#[test]
fn hidden_findings_wording() {
    let file = String::from("申报书.docx");
    let findings = [
        HiddenFinding::Comments { file: file.clone(), count: 1, public: false },
        HiddenFinding::Comments { file: file.clone(), count: 3, public: true },
        HiddenFinding::TrackedChanges { file: file.clone(), insertions: 2, deletions: 1, public: false },
        HiddenFinding::HiddenText { file: file.clone(), runs: 4, public: true },
        HiddenFinding::PropertiesLeak {
            file,
            leaks: vec![
                Leak { property: Property::Author, value: "张伟".into() },
                Leak { property: Property::LastModifiedBy, value: "李娜".into() },
                Leak { property: Property::Company, value: "某某咨询有限公司".into() },
                Leak { property: Property::TemplatePath, value: "C:\\Users\\zw\\模板.dotx".into() },
            ],
        },
    ];
    let refs: Vec<&dyn Finding> = findings.iter().map(|f| f as &dyn Finding).collect();
    insta::assert_snapshot!(worded(&refs));
}

#[test]
fn on_the_deadline_day_it_says_today() {
    let report = check("fixtures/ln-2024-cases/pass", "2024-03-07");
    let near = found::<DeadlineFinding>(&report)
        .into_iter()
        .find(|(_, f)| matches!(f, DeadlineFinding::Near { .. }))
        .expect("SB402 on the deadline day");
    assert!(matches!(near.1, DeadlineFinding::Near { days_left: 0, .. }), "{:?}", near.1);
    assert_eq!(near.0.text(Lang::Zh), "“高校（经省教育厅）”今天截止（2024-03-07）：今天就要提交");
    assert_eq!(near.0.text(Lang::En), "“高校（经省教育厅）” closes today (2024-03-07): submit today");
    let round = found::<DeadlineFinding>(&report)
        .into_iter()
        .find(|(_, f)| matches!(f, DeadlineFinding::Round { .. }))
        .expect("SB403");
    assert!(round.0.text(Lang::Zh).ends_with("今天截止"), "{}", round.0.text(Lang::Zh));
    assert!(!round.0.text(Lang::Zh).contains("0 天"));
}
