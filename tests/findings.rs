//! The check families' typed findings: tests assert on the findings' data (code, file, section, numbers),
//! and snapshot the wording of each finding in zh and en once.

mod support;

use shenbao::checks::sections::SectionFinding;
use shenbao::checks::{check_dossier, NoticeChoice, Options};
use shenbao::diag::{Code, Diagnostic, Finding, Lang};
use shenbao::report::DossierReport;
use std::path::Path;

fn check(rel: &str, today: &str, lang: Lang) -> DossierReport {
    let today: jiff::civil::Date = today.parse().expect("a date");
    let options = Options { notice: NoticeChoice::FromDossier, lang, today: Some(today), custom: &[] };
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

fn clause(reference: &str, quote: &str) -> shenbao::notice::Clause {
    shenbao::notice::Clause { reference: reference.into(), quote: quote.into() }
}

/// Both languages of a finding's message and help, for a wording snapshot.
fn worded(findings: &[&dyn Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        for lang in [Lang::Zh, Lang::En] {
            out += &format!("{} {:?}: {}\n", f.code().as_str(), lang, f.message(lang));
            if let Some(help) = f.help(lang) {
                out += &format!("    help: {help}\n");
            }
        }
    }
    out
}

// ---- sections (SB101–SB107) ----

#[test]
fn a_section_over_its_limit_is_found_with_its_numbers() {
    let report = check("fixtures/ln-2024-cases/over-section", "2024-02-28", Lang::Zh);
    let (d, f) = only::<SectionFinding>(&report);
    let SectionFinding::OverLimit { file, title, is_section, unit, count, limit, clause } = f else {
        panic!("{f:?}")
    };
    assert_eq!((file.as_str(), title.as_str(), *is_section), ("申报书.docx", "问题描述", true));
    assert_eq!((*unit, *count, *limit), (shenbao::count::Unit::Word, 312, 300));
    assert_eq!(clause.reference, "附件1 申报材料模板 一");
    // The diagnostic a user sees carries the finding's code, file and section.
    assert_eq!((d.code, d.file.as_deref(), d.section.as_deref()), (Code::SectionOverLimit, Some("申报书.docx"), Some("问题描述")));
    assert!(d.message.contains("需删减 12 字"), "{}", d.message);
}

#[test]
fn a_part_over_its_limit_is_sb104_not_sb103() {
    for (rel, day, part, count, limit) in [
        ("fixtures/ln-2024-cases/over-total", "2024-02-28", "申报材料", 3073, 3000),
        ("fixtures/cq-2024-cases-2/over-part", "2024-08-10", "宣传推广材料", 1577, 1500),
    ] {
        let report = check(rel, day, Lang::Zh);
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
    let report = check("fixtures/ln-2024-cases/missing-section", "2024-02-28", Lang::En);
    let (d, f) = only::<SectionFinding>(&report);
    assert_eq!(d.code, Code::SectionMissing);
    let SectionFinding::SectionMissing { part, section, number, .. } = f else { panic!("{f:?}") };
    assert_eq!((part.as_str(), section.as_str(), number.as_str()), ("申报材料", "创新点", "四、"));
    assert_eq!(d.section.as_deref(), Some("创新点"));
}

#[test]
fn sections_out_of_order_name_both() {
    let report = check("fixtures/ln-2024-cases/out-of-order", "2024-02-28", Lang::Zh);
    let (d, f) = only::<SectionFinding>(&report);
    assert_eq!(d.code, Code::OutOfOrder);
    assert_eq!(
        f,
        &SectionFinding::OutOfOrder { file: "申报书.docx".into(), earlier: "问题描述".into(), later: "解决方案".into() }
    );
}

#[test]
fn an_ambiguous_count_brackets_the_limit() {
    let report = check("fixtures/ln-2024-cases/ambiguous-quotes", "2024-02-28", Lang::Zh);
    let (d, f) = only::<SectionFinding>(&report);
    assert_eq!(d.code, Code::LimitAmbiguous);
    let SectionFinding::LimitAmbiguous { count, low, high, limit, .. } = f else { panic!("{f:?}") };
    assert!(low <= limit && limit < high && low <= count && count <= high, "{f:?}");
    assert_eq!((*low, *high, *limit), (299, 301, 300));
}

#[test]
fn a_passing_dossier_has_no_section_finding() {
    let report = check("fixtures/ln-2024-cases/pass", "2024-02-28", Lang::Zh);
    assert!(found::<SectionFinding>(&report).is_empty(), "{:#?}", report.diagnostics);
}

#[test]
fn a_diagnostic_is_worded_again_in_the_other_language_from_its_finding() {
    let report = check("fixtures/ln-2024-cases/over-section", "2024-02-28", Lang::Zh);
    let mut d = only::<SectionFinding>(&report).0.clone();
    d.reword(Lang::En);
    assert_eq!(d.message, "section “问题描述” has 312 words, over its limit of 300: cut 12");
    let english = check("fixtures/ln-2024-cases/over-section", "2024-02-28", Lang::En);
    assert_eq!(&d, only::<SectionFinding>(&english).0);
}

#[test]
fn section_findings_wording() {
    let c = clause("附件1 一", "一、问题描述(300 字以内)");
    let file = String::from("申报书.docx");
    let unit = shenbao::count::Unit::Word;
    let findings = [
        SectionFinding::PartMissing { file: file.clone(), part: "申报材料".into(), number: "一、".into(), clause: c.clone() },
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
