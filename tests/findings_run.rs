//! Typed findings of the run itself (SB001–SB004, SB008, SB202, SB205, SB214 for a file too large to read),
//! of the 申报表's fields (SB108–SB111, SB713, SB716) and of the dossier's identity (SB006, SB007): tests on
//! the findings' data, and one snapshot of each family's wording in zh and en.

#[path = "support/findings.rs"]
mod findings_support;
mod support;
use findings_support::{clause, worded};

use shenbao::checks::clues::Clue;
use shenbao::checks::fields::FieldFinding;
use shenbao::checks::identity::IdentityFinding;
use shenbao::checks::run::{FolderProblem, NoticeProblem, RunFinding};
use shenbao::checks::{check_dossier, NoticeChoice, Options};
use shenbao::diag::{Code, Diagnostic, Finding, IoKind, IoProblem, Lang, Severity};
use shenbao::dossier::{ConfigProblem, ConfigProblemKind, Ignored, SyntaxError, TomlType};
use shenbao::report::DossierReport;
use std::path::Path;
use std::time::{Duration, Instant};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn options(today: &str) -> Options<'static> {
    let today: jiff::civil::Date = today.parse().expect("a date");
    Options { notice: NoticeChoice::FromDossier, today: Some(today), custom: &[] }
}

fn check(rel: &str, today: &str) -> DossierReport {
    check_dossier(&root().join(rel), rel, &options(today))
}

/// A copy of a fixture dossier, changed by `edit` (given the copy's folder), checked on `today`; the check
/// must end within `BOUND`, as every check of a small dossier does.
fn check_changed(rel: &str, today: &str, edit: impl FnOnce(&Path)) -> DossierReport {
    let dir = tempfile::tempdir().expect("tempdir");
    support::copy_dir(&root().join(rel), dir.path());
    edit(dir.path());
    let started = Instant::now();
    let report = check_dossier(dir.path(), "edited", &options(today));
    assert!(started.elapsed() < BOUND, "{rel} took {:?}", started.elapsed());
    report
}

const BOUND: Duration = Duration::from_secs(5);

/// [`check_changed`] with dossier.toml edited as text.
fn check_edited(rel: &str, today: &str, edit: impl Fn(String) -> String) -> DossierReport {
    check_changed(rel, today, |dir| {
        let toml = dir.join("dossier.toml");
        std::fs::write(&toml, edit(std::fs::read_to_string(&toml).expect("dossier.toml"))).expect("write");
    })
}

fn found<F: Finding>(report: &DossierReport) -> Vec<(&Diagnostic, &F)> {
    report.diagnostics.iter().filter_map(|d| d.finding::<F>().map(|f| (d, f))).collect()
}

fn only<F: Finding>(report: &DossierReport) -> (&Diagnostic, &F) {
    let all = found::<F>(report);
    assert_eq!(all.len(), 1, "{:#?}", report.diagnostics);
    all[0]
}

const LN: &str = "fixtures/ln-2024-cases/pass";

// ---- the run (SB001–SB004, SB008, SB202, SB205, SB214) ----

#[test]
fn an_unknown_notice_is_sb001_with_the_id_written() {
    let report = check_edited(LN, "2024-02-28", |t| t.replace("notice = \"ln-2024-cases\"", "notice = \"ln-2099\""));
    let (d, f) = only::<RunFinding>(&report);
    assert!(
        matches!(f, RunFinding::NoticeUnknown { spec, problem: NoticeProblem::Unknown } if spec == "ln-2099"),
        "{f:?}"
    );
    assert_eq!((d.code, d.file.as_deref()), (Code::NoticeUnknown, Some("dossier.toml")));
    assert!(d.text(Lang::En).starts_with("unknown notice “ln-2099”"), "{}", d.text(Lang::En));
    assert!(d.text(Lang::Zh).starts_with("未知的通知“ln-2099”"), "{}", d.text(Lang::Zh));
    assert!(!d.text(Lang::Zh).contains("是否想写"), "ln-2099 is close to no notice: {}", d.text(Lang::Zh));
}

/// A notice id one letter off is named with the id meant.
#[test]
fn a_misspelt_notice_id_gets_the_id_meant() {
    let report =
        check_edited(LN, "2024-02-28", |t| t.replace("notice = \"ln-2024-cases\"", "notice = \"cq-2024-case-2\""));
    let (d, _) = only::<RunFinding>(&report);
    assert_eq!(d.code, Code::NoticeUnknown);
    assert!(d.text(Lang::Zh).contains("。是否想写 cq-2024-cases-2？"), "{}", d.text(Lang::Zh));
    assert!(d.text(Lang::En).contains(". Did you mean cq-2024-cases-2?"), "{}", d.text(Lang::En));
}

#[test]
fn an_invalid_rule_file_is_sb001_in_both_languages() {
    let report = check_changed(LN, "2024-02-28", |dir| {
        std::fs::write(dir.join("rules.toml"), "id = 1\n").expect("rules.toml");
        let toml = dir.join("dossier.toml");
        let text = std::fs::read_to_string(&toml).expect("dossier.toml");
        std::fs::write(&toml, text.replace("notice = \"ln-2024-cases\"", "notice = \"rules.toml\"")).expect("write");
    });
    let (d, f) = only::<RunFinding>(&report);
    let RunFinding::NoticeUnknown { spec, problem: NoticeProblem::Unloadable { zh, en } } = f else { panic!("{f:?}") };
    assert_eq!(spec, "rules.toml");
    assert_ne!(zh, en, "the rule-file loader's words in each language");
    assert_eq!((d.text(Lang::Zh).as_ref(), d.text(Lang::En).as_ref()), (zh.as_str(), en.as_str()));
}

/// A dossier.toml without a notice, beside a 申报书 of the ln template: the notice is inferred (SB011, a
/// warning on the 申报书) and the dossier checked against it.
#[test]
fn no_notice_beside_a_notices_template_is_inferred_as_sb011() {
    let report = check_edited(LN, "2024-02-28", |t| t.replace("notice = \"ln-2024-cases\"\n", ""));
    let (d, f) = only::<RunFinding>(&report);
    let RunFinding::NoticeInferred { file, notice, found, total, apart, clues } = f else { panic!("{f:?}") };
    assert!(apart.is_empty() && clues.is_empty(), "the headings decide: {apart:?} {clues:?}");
    assert_eq!((file.as_str(), notice.id.as_str(), *found, *total), ("申报书.docx", "ln-2024-cases", 7, 7));
    assert_eq!((d.code, d.severity, d.file.as_deref()), (Code::NoticeInferred, Severity::Warning, Some("申报书.docx")));
    assert_eq!(report.notice, "ln-2024-cases");
    assert!(!report.sections.is_empty(), "checked against the inferred notice");
}

#[test]
fn no_notice_is_sb002_and_says_whether_dossier_toml_could_be_read() {
    let without_word = |dir: &Path, notice_line: &str| {
        std::fs::remove_file(dir.join("申报书.docx")).expect("remove the 申报书");
        let toml = dir.join("dossier.toml");
        let text = std::fs::read_to_string(&toml).expect("dossier.toml");
        std::fs::write(&toml, text.replace("notice = \"ln-2024-cases\"\n", notice_line)).expect("write");
    };
    let report = check_changed(LN, "2024-02-28", |dir| without_word(dir, ""));
    let (d, f) = only::<RunFinding>(&report);
    assert!(
        matches!(f, RunFinding::NoticeMissing { config_unreadable: false, inside: None, alike, .. } if alike.is_empty()),
        "{f:?}"
    );
    assert_eq!((d.code, d.severity, d.file.as_deref()), (Code::NoticeMissing, Severity::Error, None));

    let report = check_changed(LN, "2024-02-28", |dir| without_word(dir, "notice = ln\n"));
    let found = found::<RunFinding>(&report);
    let kinds: Vec<Code> = found.iter().map(|(d, _)| d.code).collect();
    assert_eq!(kinds, [Code::NoticeMissing, Code::DossierTomlInvalid]);
    assert!(matches!(found[0].1, RunFinding::NoticeMissing { config_unreadable: true, .. }), "{found:?}");
    assert!(found[0].0.text(Lang::En).contains("see SB003"), "{}", found[0].0.text(Lang::En));
    assert!(matches!(found[1].1, RunFinding::DossierToml(ConfigProblem { kind: ConfigProblemKind::Syntax(_), .. })));
}

#[test]
fn a_bad_key_in_dossier_toml_is_sb003_with_its_place_and_the_key_meant() {
    let report = check_edited(LN, "2024-02-28", |t| t + "prority = 2\n");
    let (d, f) = only::<RunFinding>(&report);
    let RunFinding::DossierToml(problem) = f else { panic!("{f:?}") };
    assert_eq!(
        problem,
        &ConfigProblem {
            at: Some((7, 1)),
            ignored: Ignored::Key("prority".into()),
            kind: ConfigProblemKind::UnknownKey { key: "prority".into(), nearest: Some("priority".into()) }
        }
    );
    assert_eq!((d.code, d.file.as_deref(), d.help.as_deref()), (Code::DossierTomlInvalid, Some("dossier.toml"), None));
    assert_eq!(
        d.text(Lang::En),
        "line 7, column 1: unknown key `prority`; ignored for this check. Did you mean `priority`?"
    );
}

#[test]
fn a_folder_that_cannot_be_scanned_is_sb004_and_says_why() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("申报书.docx");
    std::fs::write(&file, b"x").expect("file");
    for (path, display, want) in
        [(dir.path().join("gone"), "gone", FolderProblem::NotFound), (file, "申报书.docx", FolderProblem::NotAFolder)]
    {
        let report = check_dossier(&path, display, &options("2024-02-28"));
        let (d, f) = only::<RunFinding>(&report);
        assert!(
            matches!(f, RunFinding::FolderUnreadable { path, problem } if path == display && *problem == want),
            "{f:?}"
        );
        assert_eq!((d.code, d.severity), (Code::DossierUnreadable, Severity::Error));
        assert!(!report.passed);
    }
}

#[test]
fn an_expired_waiver_is_sb008_naming_the_code_date_and_reason() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("shenbao.toml");
    let text = "lang = \"zh\"\n\n[[waivers]]\ncode = \"SB106\"\nreason = \"临时\"\nexpires = 2024-01-31\n";
    let loaded = shenbao::config::load_text(&path, text, Lang::Zh).expect("a valid shenbao.toml");
    let policy = shenbao::config::Policy::new(Some(&loaded.config), &[]);
    let mut report = shenbao::report::Report::new(vec![check(LN, "2024-02-28"), check(LN, "2024-02-28")]);
    let warnings = report.summary.warnings;
    let today: jiff::civil::Date = "2024-02-28".parse().expect("date");
    shenbao::config::apply(&mut report, &policy, today, Lang::Zh);
    // Once for the run, at shenbao.toml's [[waivers]] line, on no dossier.
    let on_dossiers = report.dossiers.iter().flat_map(|d| &d.diagnostics).filter(|d| d.code == Code::WaiverExpired);
    assert_eq!(on_dossiers.count(), 0, "{:#?}", report.dossiers);
    assert_eq!(report.config.len(), 1, "{:#?}", report.config);
    assert_eq!(report.summary.warnings, warnings + 1, "counted once among the warnings");
    let d = &report.config[0];
    assert_eq!((d.file.as_deref(), d.line), (Some("shenbao.toml"), Some(3)));
    let f = d.finding::<RunFinding>().expect("a run finding");
    assert!(
        matches!(f, RunFinding::WaiverExpired { file, code, date, reason }
            if file == "shenbao.toml" && code == "SB106" && date == "2024-01-31" && reason == "临时"),
        "{f:?}"
    );
    assert_eq!((d.code, d.severity), (Code::WaiverExpired, Severity::Warning));
}

/// A 申报书.docx that is a zip cut short (the download stopped half-way): SB205, never a crash.
#[test]
fn a_truncated_word_file_is_sb205_with_the_readers_error() {
    let report = check_changed(LN, "2024-02-28", |dir| {
        let word = dir.join("申报书.docx");
        let bytes = std::fs::read(&word).expect("申报书.docx");
        let cut = &bytes[..bytes.len() / 2];
        support::seed("docx", "truncated-half.docx", cut);
        std::fs::write(&word, cut).expect("write");
    });
    let (d, f) = only::<RunFinding>(&report);
    let RunFinding::DocxUnreadable { file, error } = f else { panic!("{f:?}") };
    assert_eq!(file, "申报书.docx");
    assert!(matches!(error, shenbao::read::docx::DocxError::Zip(_)), "{error:?}");
    assert_eq!((d.code, d.severity, d.file.as_deref()), (Code::DocxUnreadable, Severity::Error, Some("申报书.docx")));
    assert!(d.text(Lang::Zh).starts_with("无法读取“申报书.docx”：文件已损坏"), "{}", d.text(Lang::Zh));
    assert_eq!(d.help_text(Lang::En).as_deref(), Some("open and save it again in Word, or use a backup"));
}

/// A 申报书 or 用印PDF over the reading limit (sparse files: nothing is written past the header) is found,
/// an info, and not read: the check ends at once.
#[test]
fn a_file_over_the_reading_limit_is_an_sb214_info() {
    let limit = shenbao::read::file::DOCUMENT_MAX;
    let over = |path: &Path, header: &[u8]| {
        let f = std::fs::File::create(path).expect("create");
        std::io::Write::write_all(&mut &f, header).expect("header");
        f.set_len(limit + 1).expect("sparse");
    };
    let report = check_changed(LN, "2024-02-28", |dir| over(&dir.join("申报书.docx"), b"PK\x03\x04"));
    let (d, f) = only::<RunFinding>(&report);
    assert!(
        matches!(f, RunFinding::TooLarge { file, kind, size, limit: l }
            if file == "申报书.docx" && *kind != shenbao::read::sniff::Kind::Pdf && *size == limit + 1 && *l == limit),
        "{f:?}"
    );
    assert_eq!((d.code, d.severity), (Code::NotRead, Severity::Info));
    assert!(d.text(Lang::En).contains("its sections, 字数 and tables are not checked"), "{}", d.text(Lang::En));

    let report = check_changed("fixtures/cq-2024-cases-2/pass", "2024-08-10", |dir| {
        over(&dir.join("申报书（用印）.pdf"), b"%PDF-1.7\n")
    });
    let (d, f) = only::<RunFinding>(&report);
    assert!(matches!(f, RunFinding::TooLarge { kind: shenbao::read::sniff::Kind::Pdf, .. }), "{f:?}");
    assert!(d.text(Lang::Zh).contains("未检查其页数、印章和文字"), "{}", d.text(Lang::Zh));
}

#[test]
fn run_findings_wording() {
    let file = String::from("申报书.docx");
    let at = |kind| ConfigProblem { at: Some((3, 9)), ignored: Ignored::Key("round".into()), kind };
    let findings = [
        RunFinding::NoticeUnknown { spec: "ln-2099".into(), problem: NoticeProblem::Unknown },
        RunFinding::NoticeUnknown {
            spec: "rules.toml".into(),
            problem: NoticeProblem::Unloadable {
                zh: "规则文件有 1 处问题".into(),
                en: "1 problem in the rule file".into(),
            },
        },
        RunFinding::NoticeMissing { config_unreadable: false, inside: None, alike: Vec::new(), alike_file: None },
        RunFinding::NoticeMissing {
            config_unreadable: false,
            inside: Some("材料".into()),
            alike: Vec::new(),
            alike_file: None,
        },
        RunFinding::NoticeMissing { config_unreadable: true, inside: None, alike: Vec::new(), alike_file: None },
        RunFinding::NoticeMissing {
            config_unreadable: false,
            inside: None,
            alike: vec![named("ln-2024-contest"), named("national-2024-contest")],
            alike_file: Some("项目申报书.docx".into()),
        },
        RunFinding::NoticeInferred {
            file: file.clone(),
            notice: named("cq-2024-cases-2"),
            found: 15,
            total: 15,
            apart: Vec::new(),
            clues: Vec::new(),
        },
        RunFinding::NoticeInferred {
            file: "项目申报书.docx".into(),
            notice: named("ln-2024-contest"),
            found: 6,
            total: 6,
            apart: vec![named("national-2024-contest")],
            clues: vec![
                Clue::SubContest { file: "项目申报书.docx".into(), words: "辽宁分赛".into() },
                Clue::Topic { file: "dossier.toml".into(), topic: "提升普惠金融服务能力".into() },
                Clue::Document { file: "证明材料/参赛承诺书.pdf".into(), document: "参赛承诺书".into() },
            ],
        },
        RunFinding::NoticeInferred {
            file: "项目申报书.docx".into(),
            notice: named("national-2024-contest"),
            found: 6,
            total: 6,
            apart: vec![named("ln-2024-contest")],
            clues: vec![
                Clue::Track { track: "交通运输".into() },
                Clue::Topic {
                    file: "项目申报书.docx".into(), topic: "提升港口航道数智服务水平".into()
                },
            ],
        },
        RunFinding::DossierToml(ConfigProblem {
            at: Some((1, 10)),
            ignored: Ignored::File,
            kind: ConfigProblemKind::Syntax(SyntaxError::Other("invalid string".into())),
        }),
        RunFinding::DossierToml(ConfigProblem {
            at: Some((2, 6)),
            ignored: Ignored::Key("unit".into()),
            kind: ConfigProblemKind::FullWidth { found: '＝', meant: '=' },
        }),
        RunFinding::DossierToml(ConfigProblem {
            at: Some((3, 12)),
            ignored: Ignored::Key("name".into()),
            kind: ConfigProblemKind::Syntax(SyntaxError::UnclosedString("invalid basic string, expected `\"`".into())),
        }),
        RunFinding::DossierToml(ConfigProblem {
            at: Some((4, 3)),
            ignored: Ignored::Line,
            kind: ConfigProblemKind::Syntax(SyntaxError::NoValue("key with no value, expected `=`".into())),
        }),
        RunFinding::DossierToml(ConfigProblem {
            at: None,
            ignored: Ignored::File,
            kind: ConfigProblemKind::Unreadable { zh: "不是 UTF-8 文本".into(), en: "not UTF-8 text".into() },
        }),
        RunFinding::DossierToml(at(ConfigProblemKind::UnknownKey { key: "round".into(), nearest: None })),
        RunFinding::DossierToml(at(ConfigProblemKind::WrongType {
            key: "round".into(),
            expected: TomlType::String,
            found: Some(TomlType::Datetime),
        })),
        RunFinding::DossierToml(at(ConfigProblemKind::WrongType {
            key: "priority".into(),
            expected: TomlType::Integer,
            found: None,
        })),
        RunFinding::DossierToml(at(ConfigProblemKind::WrongType {
            key: "joint_units".into(),
            expected: TomlType::Array,
            found: Some(TomlType::String),
        })),
        RunFinding::DossierToml(at(ConfigProblemKind::Duplicate { key: "通知".into(), field: "notice".into() })),
        RunFinding::DossierToml(ConfigProblem {
            at: Some((5, 11)),
            ignored: Ignored::Key("files".into()),
            kind: ConfigProblemKind::InvalidValue { key: "files.licence".into(), detail: "not a path".into() },
        }),
        RunFinding::FolderUnreadable { path: "2024/辽宁/01".into(), problem: FolderProblem::NotFound },
        RunFinding::FolderUnreadable { path: "申报书.docx".into(), problem: FolderProblem::NotAFolder },
        RunFinding::FolderUnreadable {
            path: "2024/辽宁/01".into(),
            problem: FolderProblem::Io(IoProblem::new(IoKind::PermissionDenied, "Permission denied (os error 13)")),
        },
        RunFinding::Internal,
        RunFinding::LegacyWord { file: file.clone() },
        RunFinding::DocxUnreadable { file: file.clone(), error: shenbao::read::docx::DocxError::MissingContentTypes },
        RunFinding::TooLarge {
            file: file.clone(),
            kind: shenbao::read::sniff::Kind::Docx,
            size: 120 << 20,
            limit: 100 << 20,
        },
        RunFinding::TooLarge {
            file: "申报书（用印）.pdf".into(),
            kind: shenbao::read::sniff::Kind::Pdf,
            size: 300 << 20,
            limit: 100 << 20,
        },
        RunFinding::WaiverExpired {
            file: "shenbao.toml".into(),
            code: "SB106".into(),
            date: "2024-01-31".into(),
            reason: "临时".into(),
        },
    ];
    let refs: Vec<&dyn Finding> = findings.iter().map(|f| f as &dyn Finding).collect();
    insta::assert_snapshot!(worded(&refs));
}

fn named(id: &str) -> shenbao::checks::run::NoticeName {
    shenbao::checks::run::NoticeName::of(&notice(id))
}

// ---- the 申报表's fields (SB108–SB111, SB713, SB716) ----

fn notice(id: &str) -> shenbao::notice::Notice {
    shenbao::notice::builtin(id, Lang::Zh).expect("embedded").expect("valid")
}

/// A document whose one table has these rows, each cell one paragraph of one run.
fn document(rows: &[&[&str]]) -> shenbao::read::docx::Document {
    use shenbao::read::docx::{Cell, Document, Paragraph, Run, Table};
    let mut doc = Document::default();
    let mut table = Table::default();
    for row in rows {
        let mut cells = Vec::new();
        for text in *row {
            let at = doc.paragraphs.len();
            let run = Run { text: (*text).to_owned(), east_asian: false };
            doc.paragraphs.push(Paragraph { runs: vec![run], ..Default::default() });
            cells.push(Cell { text: (*text).to_owned(), paragraphs: at..at + 1, span: 1, merged_above: false });
        }
        table.rows.push(cells);
    }
    doc.tables.push(table);
    doc
}

#[test]
fn each_field_problem_is_found_with_its_table_field_and_numbers() {
    let mut notice = notice("qh-2025-scenes");
    // One 申报方向 only, for the sake of SB716; 场景概述 limited to 5 so that a short value is over it.
    let table = &mut notice.form.tables[0];
    table.fields[1].multiple = false;
    table.fields[6].limit = Some(5);
    let doc = document(&[
        &["场景名称", "某某场景"],
        &["申报方向", "☑公共数据授权运营 ☑公共数据开放"],
        &["应用领域", "□交通运输 □医疗健康"],
        &["牵头单位", ""],
        &["负责人联系方式", "张三 1380000123"],
        &["场景概述", "一二三四五六七"],
        &["开发利用的公共数据", "气象数据"],
        &["预期成果", "成果"],
    ]);
    let mut found = Vec::new();
    shenbao::checks::fields::find("申报书", &notice.form, &doc, "申报书.docx", &mut found);
    let (file, table) = (String::from("申报书.docx"), String::from("场景基本情况表"));
    assert_eq!(
        found,
        [
            FieldFinding::OneChoice {
                file: file.clone(),
                field: "申报方向".into(),
                chosen: vec!["公共数据授权运营".into(), "公共数据开放".into()]
            },
            FieldFinding::FieldEmpty {
                file: file.clone(),
                table: table.clone(),
                field: "应用领域".into(),
                choice: true
            },
            FieldFinding::FieldEmpty {
                file: file.clone(),
                table: table.clone(),
                field: "牵头单位".into(),
                choice: false
            },
            FieldFinding::ContactMalformed {
                file: file.clone(),
                field: "负责人  联系方式".into(),
                bad: "1380000123".into()
            },
            FieldFinding::FieldMissing { file: file.clone(), table: table.clone(), field: "参与单位".into() },
            FieldFinding::OverLimit {
                file: file.clone(),
                field: "场景概述".into(),
                count: 7,
                limit: 5,
                clause: notice.form.tables[0].fields[6].clause.clone()
            },
        ]
    );
    let codes: Vec<Code> = found.iter().map(Finding::code).collect();
    assert_eq!(
        codes,
        [
            Code::OneChoice,
            Code::FieldEmpty,
            Code::FieldEmpty,
            Code::ContactMalformed,
            Code::FieldMissing,
            Code::FieldOverLimit
        ]
    );
    // A missing field is placed at its table, a field's value at the field.
    assert_eq!(found[4].section(), Some("场景基本情况表"));
    assert_eq!(found[5].section(), Some("场景概述"));

    let mut none = Vec::new();
    shenbao::checks::fields::find(
        "申报书",
        &notice.form,
        &shenbao::read::docx::Document::default(),
        "x.docx",
        &mut none,
    );
    assert_eq!(
        none,
        [FieldFinding::TableMissing {
            file: "x.docx".into(),
            document: "申报书".into(),
            table,
            clause: notice.form.tables[0].clause.clone()
        }]
    );
}

/// The fields `find` reports for an ln-2024-cases 申报表 with these rows.
fn ln_form(rows: &[&[&str]]) -> Vec<FieldFinding> {
    let mut found = Vec::new();
    shenbao::checks::fields::find("申报书", &notice("ln-2024-cases").form, &document(rows), "申报书.docx", &mut found);
    found
}

#[test]
fn fields_one_per_row_belong_to_the_person_above_them() {
    // 职务 and 联系方式 each on a row of its own after 负责人 and after 联系人: the 联系人's own contact
    // is the malformed one, so the only finding names it.
    let found = ln_form(&[
        &["案例名称", "某某案例"],
        &["申报单位", "某某公司"],
        &["负责人", "王明"],
        &["职务", "处长"],
        &["联系方式", "024-23456789"],
        &["联系人", "李华"],
        &["职务", "科员"],
        &["联系方式", "1380000123"],
        &["通讯地址", "沈阳市某某路1号"],
        &["申报理由及推广价值", "理由"],
        &["申报单位意见", "（盖章）"],
    ]);
    let file = String::from("申报书.docx");
    assert_eq!(
        found,
        [FieldFinding::ContactMalformed { file, field: "联系人的联系方式".into(), bad: "1380000123".into() }]
    );
}

#[test]
fn labels_with_their_values_spaced_labels_and_empty_columns_are_read() {
    let found = ln_form(&[
        &["案例名称：某某案例", ""],
        &["申 报 单 位", "", "某某公司", ""],
        &["负 责 人：王明", "职务：处长", "联系方式：024-23456789"],
        &["联系人：李华", "职务：科员", "联系方式：1380000123"],
        &["通讯地址", "", "沈阳市某某路1号", ""],
        &["申报理由及推广价值：理由"],
        &["申报单位意见", "（盖章）"],
    ]);
    let file = String::from("申报书.docx");
    assert_eq!(
        found,
        [FieldFinding::ContactMalformed { file, field: "联系人的联系方式".into(), bad: "1380000123".into() }]
    );
    // A label with nothing after its colon is an empty field, not a missing one.
    let found = ln_form(&[
        &["案例名称：某某案例"],
        &["申报单位：某某公司"],
        &["负责人：王明", "职务：处长", "联系方式：024-23456789"],
        &["联系人：李华", "职务：科员", "联系方式：13800000000"],
        &["通讯地址："],
        &["申报理由及推广价值：理由"],
        &["申报单位意见：（盖章）"],
    ]);
    let file = String::from("申报书.docx");
    let table = String::from("“数据要素×”典型案例申报表");
    assert_eq!(found, [FieldFinding::FieldEmpty { file, table, field: "通讯地址".into(), choice: false }]);
}

#[test]
fn a_field_whose_person_cannot_be_told_is_a_warning_saying_where_its_label_is() {
    // The 联系人 row has no 职务 and none follows it; a 职务 that is nobody's stands above it, in row 4.
    let found = ln_form(&[
        &["案例名称", "某某案例"],
        &["申报单位", "某某公司"],
        &["负责人", "王明", "职务", "处长", "联系方式", "024-23456789"],
        &["职务", "科员"],
        &["联系人", "李华", "联系方式", "13800000000"],
        &["通讯地址", "沈阳市某某路1号"],
        &["申报理由及推广价值", "理由"],
        &["申报单位意见", "（盖章）"],
    ]);
    let (file, table) = (String::from("申报书.docx"), String::from("“数据要素×”典型案例申报表"));
    assert_eq!(found, [FieldFinding::FieldUnclear { file, table, field: "联系人的职务".into(), rows: vec![4] }]);
    assert_eq!((found[0].code(), found[0].severity()), (Code::FieldMissing, Severity::Warning));
    // With no 职务 but the 负责人's, the 联系人's is missing: an error (tests/codes_triggered.rs has the
    // same with the messages); with none at all, both are.
    let found = ln_form(&[
        &["案例名称", "某某案例"],
        &["申报单位", "某某公司"],
        &["负责人", "王明", "联系方式", "024-23456789"],
        &["联系人", "李华", "联系方式", "13800000000"],
        &["通讯地址", "沈阳市某某路1号"],
        &["申报理由及推广价值", "理由"],
        &["申报单位意见", "（盖章）"],
    ]);
    let missing: Vec<(Code, Severity)> = found.iter().map(|f| (f.code(), f.severity())).collect();
    assert_eq!(missing, [(Code::FieldMissing, Severity::Error), (Code::FieldMissing, Severity::Error)]);
}

#[test]
fn a_ticked_other_without_its_words_is_sb110() {
    let notice = notice("qh-2025-scenes");
    let rows = |areas: &'static str| -> Vec<[&'static str; 2]> {
        vec![
            ["场景名称", "某某场景"],
            ["申报方向", "☑公共数据开放"],
            ["应用领域", areas],
            ["牵头单位", "某某公司"],
            ["负责人联系方式", "张三 13800001234"],
            ["参与单位", "某某中心"],
            ["场景概述", "概述"],
            ["开发利用的公共数据", "气象数据"],
            ["预期成果", "成果"],
        ]
    };
    let found = |areas: &'static str| {
        let rows = rows(areas);
        let refs: Vec<&[&str]> = rows.iter().map(|r| &r[..]).collect();
        let mut found = Vec::new();
        shenbao::checks::fields::find("申报书", &notice.form, &document(&refs), "申报书.docx", &mut found);
        found
    };
    let unstated = FieldFinding::OtherUnstated {
        file: "申报书.docx".into(),
        table: "场景基本情况表".into(),
        field: "应用领域".into(),
    };
    // ☑, ■, √ and ☒ all tick a box; “其他” then needs its words.
    for areas in ["□交通运输 ☑其他", "□交通运输 ■其他：____", "√其他（请注明）：", "☒其它：＿＿＿ □医疗健康"]
    {
        assert_eq!(found(areas), std::slice::from_ref(&unstated), "{areas}");
        assert_eq!(unstated.code(), Code::FieldEmpty);
    }
    for areas in ["☑其他：低空物流", "□其他：____ ☑气象服务", "■医疗健康 √其他（智慧文旅）"]
    {
        assert_eq!(found(areas), [], "{areas}");
    }
}

/// A 场景基本情况表 whose 场景概述 is `overview`, each cell one run with the given East Asian hint.
fn overview_table(overview: &str, east_asian: bool) -> shenbao::read::docx::Document {
    let mut doc = document(&[
        &["场景名称", "某某场景"],
        &["申报方向", "☑公共数据开放"],
        &["应用领域", "☑气象服务"],
        &["牵头单位", "某某公司"],
        &["负责人联系方式", "张三 13800001234"],
        &["参与单位", "某某中心"],
        &["场景概述", overview],
        &["开发利用的公共数据", "气象数据"],
        &["预期成果", "（不超过600字）"],
    ]);
    for p in &mut doc.paragraphs {
        for r in &mut p.runs {
            r.east_asian = east_asian;
        }
    }
    doc
}

#[test]
fn a_field_limit_inside_the_quotes_range_is_sb105_and_every_limit_is_counted() {
    let notice = notice("qh-2025-scenes");
    // 498 字 and “AI”: 501 with the quotes read as Chinese ones (each 1 字), 499 as Latin ones (“AI” one word).
    let overview = format!("{}“AI”", "气".repeat(498));
    let mut found = Vec::new();
    let mut counted = Vec::new();
    let doc = overview_table(&overview, true);
    shenbao::checks::fields::find_counting("申报书", &notice.form, &doc, "申报书.docx", &mut found, &mut counted);
    let clause = notice.form.tables[0].fields[6].clause.clone();
    let (file, field) = (String::from("申报书.docx"), String::from("场景概述"));
    assert_eq!(
        found,
        [
            FieldFinding::OverLimit { file: file.clone(), field: field.clone(), count: 501, limit: 500, clause },
            FieldFinding::LimitAmbiguous { file: file.clone(), field, count: 501, low: 499, high: 501, limit: 500 },
            FieldFinding::FieldEmpty {
                file, table: "场景基本情况表".into(), field: "预期成果".into(), choice: false
            },
        ]
    );
    assert_eq!(found[1].code(), Code::LimitAmbiguous);
    // Both limited fields are listed, the blank 预期成果 (its template hint) with nothing counted.
    let listed: Vec<(&str, &str, u64, u64, u64, u64)> = counted
        .iter()
        .map(|f| {
            (f.table.as_str(), f.label.as_str(), f.count.words, f.count.limit, f.count.words_low, f.count.words_high)
        })
        .collect();
    assert_eq!(
        listed,
        [("场景基本情况表", "场景概述", 501, 500, 499, 501), ("场景基本情况表", "预期成果", 0, 600, 0, 0)]
    );
    // The same text with Latin quotes is 499: within the limit, yet Word may count 501.
    let mut found = Vec::new();
    shenbao::checks::fields::find("申报书", &notice.form, &overview_table(&overview, false), "申报书.docx", &mut found);
    assert!(
        matches!(
            found.as_slice(),
            [FieldFinding::LimitAmbiguous { count: 499, low: 499, high: 501, .. }, FieldFinding::FieldEmpty { .. }]
        ),
        "{found:#?}"
    );
}

#[test]
fn a_fixture_field_over_its_limit_is_sb111() {
    let report = check("fixtures/qh-2025-scenes/overview-over-limit", "2025-06-01");
    let (d, f) = only::<FieldFinding>(&report);
    let FieldFinding::OverLimit { field, count, limit, .. } = f else { panic!("{f:?}") };
    assert!(field == "场景概述" && count > limit && *limit == 500, "{f:?}");
    assert_eq!((d.code, d.section.as_deref()), (Code::FieldOverLimit, Some("场景概述")));
    // The help says how it is counted and where the limit is written.
    let help = d.help_text(Lang::Zh).expect("a help");
    assert!(help.contains("依据：附件3 场景基本情况表") && help.contains("(不超过500字)"), "{help}");
    // The report lists both limited fields, the one over with its count.
    let fields: Vec<(&str, u64, u64)> =
        report.fields.iter().map(|f| (f.label.as_str(), f.count.words, f.count.limit)).collect();
    assert!(matches!(fields.as_slice(), [("场景概述", n, 500), ("预期成果", _, 600)] if *n == *count), "{fields:?}");
}

#[test]
fn field_findings_wording() {
    let file = String::from("申报书.docx");
    let findings = [
        FieldFinding::TableMissing {
            file: file.clone(),
            document: "项目申报书".into(),
            table: "申报表".into(),
            clause: clause("附件1", "申报表"),
        },
        FieldFinding::FieldMissing { file: file.clone(), table: "申报表".into(), field: "联系人".into() },
        FieldFinding::FieldUnclear {
            file: file.clone(),
            table: "申报表".into(),
            field: "联系人的职务".into(),
            rows: vec![3, 5],
        },
        FieldFinding::FieldEmpty {
            file: file.clone(), table: "申报表".into(), field: "申报方向".into(), choice: true
        },
        FieldFinding::FieldEmpty {
            file: file.clone(),
            table: "申报表".into(),
            field: "案例名称".into(),
            choice: false,
        },
        FieldFinding::OtherUnstated {
            file: file.clone(), table: "场景基本情况表".into(), field: "应用领域".into()
        },
        FieldFinding::OneChoice {
            file: file.clone(), field: "赛题".into(), chosen: vec!["甲".into(), "乙".into()]
        },
        FieldFinding::ContactMalformed {
            file: file.clone(), field: "联系方式".into(), bad: "zhang@example".into()
        },
        FieldFinding::OverLimit {
            file: file.clone(),
            field: "场景概述".into(),
            count: 512,
            limit: 500,
            clause: Some(clause("附件3 场景基本情况表", "(不超过500字)")),
        },
        FieldFinding::OverLimit {
            file: file.clone(), field: "场景概述".into(), count: 512, limit: 500, clause: None
        },
        FieldFinding::LimitAmbiguous {
            file, field: "场景概述".into(), count: 501, low: 499, high: 501, limit: 500
        },
    ];
    let refs: Vec<&dyn Finding> = findings.iter().map(|f| f as &dyn Finding).collect();
    insta::assert_snapshot!(worded(&refs));
}

// ---- identity (SB006, SB007) ----

#[test]
fn a_name_that_differs_from_the_table_is_sb006_naming_both() {
    let report = check_edited(LN, "2024-02-28", |t| {
        t.replace("name = \"工业制造领域——基于可信数据空间的装备制造供应链协同\"", "name = \"另一个案例\"")
    });
    let (d, f) = only::<IdentityFinding>(&report);
    let IdentityFinding::FactsDisagree { file, key, label, given, in_table } = f else { panic!("{f:?}") };
    assert_eq!(
        (file.as_deref(), key.as_str(), label.as_str(), given.as_str()),
        (Some("申报书.docx"), "name", "案例名称", "另一个案例")
    );
    assert!(in_table.contains("供应链协同"), "{in_table}");
    // The 汇总表 and the reviewer would name different cases: an error, and the dossier fails.
    assert_eq!((d.code, d.severity, d.file.as_deref()), (Code::FactsDisagree, Severity::Error, Some("申报书.docx")));
    assert!(!report.passed);
}

/// A name or unit that differs is an error; differently ticked 申报方向 or 应用领域 a warning.
#[test]
fn sb006_is_graded_by_what_differs() {
    let disagree = |key: &str| IdentityFinding::FactsDisagree {
        file: None,
        key: key.into(),
        label: String::new(),
        given: "甲".into(),
        in_table: "乙".into(),
    };
    assert_eq!(disagree("name").severity(), Severity::Error);
    assert_eq!(disagree("unit").severity(), Severity::Error);
    assert_eq!(disagree("directions").severity(), Severity::Warning);
    assert_eq!(disagree("areas").severity(), Severity::Warning);
    assert_eq!(Code::FactsDisagree.info().severity, Severity::Error, "the registry's (README, SARIF rules) default");
}

#[test]
fn another_unit_than_the_table_is_an_error() {
    let report = check_edited(LN, "2024-02-28", |t| {
        let unit = t.lines().find(|l| l.starts_with("unit =")).expect("unit line").to_owned();
        t.replace(&unit, "unit = \"沈阳某某科技有限公司\"")
    });
    let (d, f) = only::<IdentityFinding>(&report);
    assert!(matches!(f, IdentityFinding::FactsDisagree { key, .. } if key == "unit"), "{f:?}");
    assert_eq!(d.severity, Severity::Error);
    assert!(!report.passed);
}

#[test]
fn a_person_listed_twice_is_said_so_and_counted_once() {
    // Five people, the first listed again with the phone written another way: no SB007, one SB009.
    let report = check_edited("fixtures/national-2024-contest/pass", "2024-08-01", |t| {
        let keep: String = t.split("\n[[team]]").next().expect("head").to_owned();
        let mut toml = keep;
        for i in 1..=5 {
            toml += &format!("\n[[team]]\nname = \"成员{i}\"\nphone = \"1380000000{i}\"\n");
        }
        toml + "\n[[team]]\nname = \"成员1\"\nphone = \"+86 138-0000-0001\"\n"
    });
    let (d, f) = only::<IdentityFinding>(&report);
    assert_eq!(f, &IdentityFinding::MemberTwice { name: "成员1".into(), times: 2 });
    assert_eq!((d.code, d.severity), (Code::MemberTwice, Severity::Warning));
    assert_eq!(report.facts.team_size, 5);
}

#[test]
fn a_phone_that_cannot_be_read_is_a_warning() {
    let report = check_edited("fixtures/national-2024-contest/pass", "2024-08-01", |t| {
        let mut toml: String = t.split("\n[[team]]").next().expect("head").to_owned();
        toml += "\n[[team]]\nname = \"甲\"\nphone = \"１３７１２３４５６７８\"\n"; // full-width: readable
        toml += "\n[[team]]\nname = \"乙\"\nphone = \"2345678\"\n"; // no area code
        toml += "\n[[team]]\nname = \"丙\"\nphone = \"见附件\"\nid_number = \"21010219900101123x\"\n";
        toml + "\n[[team]]\nname = \"丁\"\n"
    });
    let found: Vec<&IdentityFinding> =
        report.diagnostics.iter().filter_map(|d| d.finding::<IdentityFinding>()).collect();
    assert_eq!(
        found,
        [
            &IdentityFinding::ContactUnreadable {
                name: "乙".into(),
                phone: Some("234**78".into()),
                id_given: false,
                matchable: false
            },
            &IdentityFinding::ContactUnreadable {
                name: "丙".into(),
                phone: Some("见附件".into()),
                id_given: false,
                matchable: true
            },
            &IdentityFinding::ContactMissing { names: vec!["丁".into()] },
        ]
    );
    assert!(report
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::ContactUnreadable)
        .all(|d| d.severity == Severity::Warning));
}

#[test]
fn a_team_over_the_notices_limit_is_sb007() {
    let report = check_edited("fixtures/national-2024-contest/pass", "2024-08-01", |t| {
        t + &(1..=6).map(|i| format!("\n[[team]]\nname = \"成员{i}\"\nphone = \"1390000000{i}\"\n")).collect::<String>()
    });
    let (d, f) = only::<IdentityFinding>(&report);
    let IdentityFinding::TeamOverLimit { size, max, clause } = f else { panic!("{f:?}") };
    assert_eq!((*size, *max), (6, 5));
    assert!(!clause.reference.is_empty());
    assert_eq!((d.code, d.file.as_deref()), (Code::TeamOverLimit, Some("dossier.toml")));
}

#[test]
fn identity_findings_wording() {
    let findings = [
        IdentityFinding::FactsDisagree {
            file: Some("申报书.docx".into()),
            key: "unit".into(),
            label: "申报单位".into(),
            given: "甲公司".into(),
            in_table: "乙公司".into(),
        },
        IdentityFinding::FactsDisagree {
            file: Some("申报书.docx".into()),
            key: "directions".into(),
            label: "申报方向".into(),
            given: "甲".into(),
            in_table: "乙".into(),
        },
        IdentityFinding::TeamOverLimit { size: 6, max: 5, clause: clause("附件2 三", "每支队伍不超过5人") },
        IdentityFinding::MemberTwice { name: "张三".into(), times: 2 },
        IdentityFinding::ContactUnreadable {
            name: "张三".into(),
            phone: Some("139*****78".into()),
            id_given: false,
            matchable: false,
        },
        IdentityFinding::ContactUnreadable {
            name: "张三".into(),
            phone: Some("139*****78".into()),
            id_given: true,
            matchable: false,
        },
        IdentityFinding::ContactUnreadable { name: "张三".into(), phone: None, id_given: true, matchable: true },
        IdentityFinding::ContactMissing { names: vec!["张三".into(), "李四".into()] },
    ];
    let refs: Vec<&dyn Finding> = findings.iter().map(|f| f as &dyn Finding).collect();
    insta::assert_snapshot!(worded(&refs));
}

#[test]
fn checking_a_file_or_a_subfolder_says_what_to_run() {
    let run = |path: &str| {
        let out = support::shenbao().args(["check", path]).output().expect("run");
        (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let (code, text) = run("fixtures/ln-2024-cases/pass/申报书.docx");
    assert_eq!(code, Some(1));
    assert!(text.contains("shenbao count \"fixtures/ln-2024-cases/pass/申报书.docx\""), "{text}");
    assert!(text.contains("shenbao check \"fixtures/ln-2024-cases/pass\""), "{text}");
    let (_, text) = run("fixtures/cq-2024-cases-2/pass/多媒体材料");
    assert!(
        text.contains("这是材料中的子文件夹") && text.contains("shenbao check \"fixtures/cq-2024-cases-2/pass\""),
        "{text}"
    );
    let tmp = tempfile::tempdir().expect("tempdir");
    let zip = tmp.path().join("材料.zip");
    std::fs::write(&zip, b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0").expect("write");
    let (_, text) = run(zip.to_str().expect("utf-8"));
    assert!(text.contains("shenbao verify"), "{text}");
}
