//! The typed findings of the text, plan and joint families (SB707–SB712, SB714, SB715): tests assert on the
//! findings' data (code, file, section, numbers) from fixtures or dossiers built here, and snapshot the
//! wording of every variant in zh and en once.

#[path = "support/findings.rs"]
mod findings_support;
mod support;
use findings_support::clause;

use shenbao::checks::joint::JointFinding;
use shenbao::checks::plan::{PlanFinding, StepsProblem};
use shenbao::checks::sections::SectionFinding;
use shenbao::checks::text::TextFinding;
use shenbao::checks::{check_dossier, NoticeChoice, Options};
use shenbao::diag::{Code, Diagnostic, Finding, Lang, Severity};
use shenbao::report::DossierReport;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn check_at(dir: &Path, display: &str, today: &str) -> DossierReport {
    let today: jiff::civil::Date = today.parse().expect("a date");
    let options = Options { notice: NoticeChoice::FromDossier, today: Some(today), custom: &[] };
    check_dossier(dir, display, &options)
}

fn check(rel: &str, today: &str) -> DossierReport {
    check_at(&root().join(rel), rel, today)
}

/// The findings of type `F` in a report, with the diagnostics that word them.
fn found<F: Finding>(report: &DossierReport) -> Vec<(&Diagnostic, &F)> {
    report.diagnostics.iter().filter_map(|d| d.finding::<F>().map(|f| (d, f))).collect()
}

fn data<F: Finding + Clone>(report: &DossierReport) -> Vec<F> {
    found::<F>(report).into_iter().map(|(_, f)| f.clone()).collect()
}

/// A copy of the fixture dossier `rel` whose Word file is replaced by `docx`, checked on `today`.
fn check_with_docx(rel: &str, today: &str, docx: docx_rs::Docx) -> DossierReport {
    let mut bytes = std::io::Cursor::new(Vec::new());
    docx.build().pack(&mut bytes).expect("pack");
    check_with_bytes(rel, today, bytes.get_ref())
}

/// A copy of the fixture dossier `rel` whose Word file is replaced by `bytes`, checked on `today`.
fn check_with_bytes(rel: &str, today: &str, bytes: &[u8]) -> DossierReport {
    let dir = tempfile::tempdir().expect("tempdir");
    support::copy_dir(&root().join(rel), dir.path());
    let target = std::fs::read_dir(dir.path())
        .expect("read_dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "docx"))
        .expect("a .docx at the top");
    std::fs::write(&target, bytes).expect("write");
    check_at(dir.path(), "edited", today)
}

/// A tool on PATH, or `None` (the test that needs it says it skipped).
fn tool(name: &str) -> Option<&str> {
    std::process::Command::new(name).arg("--version").output().ok().filter(|o| o.status.success()).map(|_| name)
}

/// `docx` opened and saved again as .docx by LibreOffice, or `None` without soffice.
fn resaved_by_libreoffice(docx: docx_rs::Docx) -> Option<Vec<u8>> {
    let soffice = support::soffice()?;
    let dir = tempfile::tempdir().expect("tempdir");
    let source = dir.path().join("source.docx");
    docx.build().pack(std::fs::File::create(&source).expect("create")).expect("pack");
    let out_dir = dir.path().join("out");
    let status = std::process::Command::new(soffice)
        .arg(format!("-env:UserInstallation=file://{}", dir.path().join("profile").display()))
        .args(["--headless", "--convert-to", "docx:MS Word 2007 XML", "--outdir"])
        .arg(&out_dir)
        .arg(&source)
        .output()
        .expect("soffice runs");
    assert!(status.status.success(), "soffice: {}", String::from_utf8_lossy(&status.stderr));
    Some(std::fs::read(out_dir.join("source.docx")).expect("LibreOffice wrote the .docx"))
}

/// A Word file of plain paragraphs (headings found by their 一、/（一） numbering).
fn paragraphs(lines: &[&str]) -> docx_rs::Docx {
    use docx_rs::{Docx, Paragraph, Run};
    lines.iter().fold(Docx::new(), |d, t| d.add_paragraph(Paragraph::new().add_run(Run::new().add_text(*t))))
}

/// Both languages of a finding's message and help, for a wording snapshot.
fn worded(findings: &[&dyn Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        for lang in [Lang::Zh, Lang::En] {
            out += &format!("{} {:?} [{:?}]: {}\n", f.code().as_str(), lang, f.severity(), f.message(lang));
            if let Some(help) = f.help(lang) {
                out += &format!("    help: {help}\n");
            }
        }
    }
    out
}

// ---- text (SB707–SB709, SB714) ----

#[test]
fn guidance_an_example_a_blank_date_and_a_published_phone_are_found_in_order() {
    let report = check("fixtures/cq-2024-cases-2/careless-content", "2024-08-10");
    let file = String::from("申报书.docx");
    assert_eq!(
        data::<TextFinding>(&report),
        [
            TextFinding::PersonalData {
                file: file.clone(),
                section: "宣传推广材料".into(),
                ids: 0,
                phones: 1,
                mails: 0,
                public: true
            },
            TextFinding::GuidanceLeft {
                file: file.clone(),
                section: "问题描述".into(),
                shown: "包括但不限于案例需要解决的所属行业（产业）发展问".into()
            },
            TextFinding::ExampleLeft {
                file: file.clone(),
                section: "应用成效".into(),
                shown: "本系统自20XX年XX月上线实施以来，已在高端装".into(),
                percent: 66
            },
            TextFinding::BlankDates { file, document: "申报书".into(), count: 1 },
        ]
    );
    // The diagnostic a user sees: personal data in the publishable part is an error, with its section.
    let (d, _) = found::<TextFinding>(&report)[0];
    assert_eq!(
        (d.code, d.severity, d.file.as_deref(), d.section.as_deref()),
        (Code::PersonalData, Severity::Error, Some("申报书.docx"), Some("宣传推广材料"))
    );
    assert_eq!(d.text(Lang::En), "“宣传推广材料”, which may be published, holds personal data: 1 mobile number");
    let (blank, _) = found::<TextFinding>(&report)[3];
    assert_eq!((blank.code, blank.section.as_deref()), (Code::TemplateLeftover, None));
}

/// A cq-2024-cases-2 申报书 with template marks, 应用成效 without figures and personal data in a part that
/// is not published.
fn careless_cq() -> docx_rs::Docx {
    paragraphs(&[
        "二、“数据要素×”典型案例简介",
        "（一）问题描述",
        "负责人张伟，身份证号11010519491231002X，邮箱 zhangwei@qq.com，手机13800001234。",
        "（三）应用成效",
        "平台上线后成效显著，接入企业126家，示例：XX领域，填表人___。",
        "三、“数据要素×”典型案例宣传推广材料",
        "（二）主要做法及成效",
        "接入企业126家，采购成本降低3.4%，交付周期缩短18天。",
    ])
}

#[test]
fn marks_few_figures_and_unpublished_personal_data_carry_their_numbers() {
    let report = check_with_docx("fixtures/cq-2024-cases-2/pass", "2024-08-10", careless_cq());
    let found = data::<TextFinding>(&report);
    let file = String::from("申报书.docx");
    assert!(
        found.contains(&TextFinding::PersonalData {
            file: file.clone(),
            section: "案例简介".into(),
            ids: 1,
            phones: 1,
            mails: 1,
            public: false,
        }),
        "{found:#?}"
    );
    // 主要做法及成效 has its three figures; 应用成效 has one of the three the notice asks for.
    let few: Vec<&TextFinding> = found.iter().filter(|f| f.code() == Code::FewFigures).collect();
    assert_eq!(
        few,
        [&TextFinding::FewFigures { file: file.clone(), section: "应用成效".into(), count: 1, min: 3 }],
        "{found:#?}"
    );
    assert!(
        found.contains(&TextFinding::TemplateMarks {
            file,
            document: "申报书".into(),
            marks: vec!["示例：".into(), "XX领域".into(), "___".into()],
        }),
        "{found:#?}"
    );
    // Not published: the code's own grade, a warning.
    let personal = report.diagnostics.iter().find(|d| d.code == Code::PersonalData).expect("SB709");
    assert_eq!(personal.severity, Code::PersonalData.info().severity);
    assert_ne!(personal.severity, Severity::Error);
}

/// A Word file whose one table has these rows, each line of a cell text one paragraph.
fn table_docx(rows: &[&[&str]]) -> docx_rs::Docx {
    use docx_rs::{Docx, Paragraph, Run, Table, TableCell, TableRow};
    let rows = rows
        .iter()
        .map(|cells| {
            TableRow::new(
                cells
                    .iter()
                    .map(|text| {
                        text.split('\n').fold(TableCell::new(), |c, line| {
                            c.add_paragraph(Paragraph::new().add_run(Run::new().add_text(line)))
                        })
                    })
                    .collect(),
            )
        })
        .collect();
    Docx::new()
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text("1、申报信息表")))
        .add_table(Table::new(rows))
}

#[test]
fn template_text_and_a_blank_date_in_a_form_cell_are_found() {
    // The 申报单位意见 cell as the template has it, the rest filled in.
    let docx = table_docx(&[
        &["申报单位", "重庆某某科技有限公司"],
        &["案例名称", "工业制造领域——基于可信数据空间的供应链协同管理"],
        &["负责人", "陈刚", "部门职务", "数据部总监", "联系方式", "023-63000000"],
        &["联系人", "刘洋", "部门职务", "项目经理", "联系方式", "13900000000"],
        &["通讯地址", "重庆市渝北区某某大道100号"],
        &["申报理由", "案例成效显著。"],
        &[
            "申报单位意见",
            "示例：\n主申报单位盖章\n联合申报单位1盖章（若有）\n联合申报单位2盖章（若有）\n（盖章）\n年  月  日",
        ],
    ]);
    let report = check_with_docx("fixtures/cq-2024-cases-2/pass", "2024-08-10", docx);
    let found = data::<TextFinding>(&report);
    let file = String::from("申报书.docx");
    let marks = TextFinding::TemplateMarks {
        file: file.clone(),
        document: "申报书".into(),
        marks: vec!["示例：".into(), "（若有）".into()],
    };
    assert!(found.contains(&marks), "{found:#?}");
    assert!(found.contains(&TextFinding::BlankDates { file, document: "申报书".into(), count: 1 }), "{found:#?}");
    let codes: Vec<Code> = found.iter().map(Finding::code).collect();
    assert!(codes.iter().all(|c| *c == Code::TemplateLeftover), "{found:#?}");
}

#[test]
fn a_date_after_today_and_after_the_deadline_are_two_findings() {
    // ln-2024-cases' sample is dated 2024-02-26: checked the week before, that is after today only.
    let report = check("fixtures/ln-2024-cases/pass", "2024-02-20");
    let today: jiff::civil::Date = "2024-02-20".parse().expect("date");
    let date: jiff::civil::Date = "2024-02-26".parse().expect("date");
    assert_eq!(
        data::<TextFinding>(&report),
        [TextFinding::DatedAfterToday { file: "申报书.docx".into(), document: "申报书".into(), date, today }]
    );
    assert!(data::<TextFinding>(&check("fixtures/ln-2024-cases/pass", "2024-02-28")).is_empty());

    // A 申报书 dated in December: after today and after the round's deadline; the latest date is named.
    let docx = paragraphs(&["本单位承诺材料真实。", "2024年3月1日", "2024年12月1日"]);
    let report = check_with_docx("fixtures/ln-2024-cases/pass", "2024-02-28", docx);
    let found = found::<TextFinding>(&report);
    let dated: Vec<&TextFinding> =
        found.iter().map(|(_, f)| *f).filter(|f| f.code() == Code::DateInconsistent).collect();
    let (late, deadline) = match dated.as_slice() {
        [TextFinding::DatedAfterToday { date: a, .. }, TextFinding::DatedAfterDeadline { date: b, deadline, .. }] => {
            assert_eq!(a, b);
            (*a, *deadline)
        }
        other => panic!("{other:#?}"),
    };
    assert_eq!(late.to_string(), "2024-12-01");
    assert_eq!(Some(deadline.to_string()), report.deadline.as_ref().map(|d| d.date.clone()));
    let d = found.iter().map(|(d, _)| *d).find(|d| d.text(Lang::Zh).contains("截止日期")).expect("after the deadline");
    assert_eq!(d.text(Lang::Zh), format!("申报书中的日期 2024-12-01 晚于截止日期 {deadline}"));
}

#[test]
fn a_clean_sample_has_no_text_finding() {
    for (rel, today) in [("fixtures/cq-2024-cases-2/pass", "2024-08-10"), ("fixtures/ln-2024-cases/pass", "2024-02-28")]
    {
        let report = check(rel, today);
        assert!(found::<TextFinding>(&report).is_empty(), "{rel}: {:#?}", report.diagnostics);
    }
}

#[test]
fn text_findings_wording() {
    let file = String::from("申报书.docx");
    let date: jiff::civil::Date = "2024-12-01".parse().expect("date");
    let findings = [
        TextFinding::GuidanceLeft {
            file: file.clone(),
            section: "问题描述".into(),
            shown: "介绍案例应用场景和实施背景".into(),
        },
        TextFinding::ExampleLeft {
            file: file.clone(),
            section: "应用成效".into(),
            shown: "本系统自20XX年XX月上线实施以来".into(),
            percent: 66,
        },
        TextFinding::TemplateMarks {
            file: file.clone(),
            document: "建设方案".into(),
            marks: vec!["示例：".into(), "___".into()],
        },
        TextFinding::BlankDates { file: file.clone(), document: "申报书".into(), count: 1 },
        TextFinding::BlankDates { file: file.clone(), document: "申报书".into(), count: 2 },
        TextFinding::FewFigures { file: file.clone(), section: "应用成效".into(), count: 1, min: 3 },
        TextFinding::FewFigures { file: file.clone(), section: "应用成效".into(), count: 0, min: 3 },
        TextFinding::PersonalData {
            file: file.clone(),
            section: "宣传推广材料".into(),
            ids: 1,
            phones: 2,
            mails: 1,
            public: true,
        },
        TextFinding::PersonalData {
            file: file.clone(),
            section: "案例简介".into(),
            ids: 0,
            phones: 1,
            mails: 0,
            public: false,
        },
        TextFinding::DatedAfterToday {
            file: file.clone(),
            document: "申报书".into(),
            date,
            today: "2024-02-20".parse().expect("date"),
        },
        TextFinding::DatedAfterDeadline {
            file,
            document: "申报书".into(),
            date,
            deadline: "2024-03-07".parse().expect("date"),
        },
    ];
    let refs: Vec<&dyn Finding> = findings.iter().map(|f| f as &dyn Finding).collect();
    insta::assert_snapshot!(worded(&refs));
}

// ---- plan (SB710–SB712) ----

#[test]
fn a_careless_plan_misses_its_picture_its_rows_and_three_requirements() {
    let report = check("fixtures/qh-2025-scenes/careless-plan", "2026-11-24");
    let plan = data::<PlanFinding>(&report);
    let file = "建设方案（可编辑版）.docx";
    let [PlanFinding::PictureMissing { file: f1, section: s1, .. }, PlanFinding::TableUnfilled { section: s2, columns, .. }, PlanFinding::AlreadyBuilt { words, clause: built, .. }, PlanFinding::BuildPeriodLong { months, written, section: period_in, mentions: 1, .. }, PlanFinding::StepsOff { section: s3, problem, clause: steps, .. }] =
        plan.as_slice()
    else {
        panic!("{plan:#?}")
    };
    assert_eq!((f1.as_str(), s1.as_str(), s2.as_str()), (file, "场景建设架构图", "主要建设任务"));
    assert_eq!(columns, &["数据来源", "数据类型", "现状说明"]);
    assert_eq!((words.as_str(), *months), ("已建成", 18));
    assert_eq!((written.as_str(), period_in.as_deref()), ("建设周期为18个月", Some("实施计划")));
    assert_eq!(built.reference, "附件2 四、1");
    assert_eq!(steps.reference, "附件3 六");
    assert_eq!(s3, "实施计划");
    assert_eq!(
        problem,
        &StepsProblem::TooLong {
            steps: vec![("2026年12月—2027年5月".into(), 6), ("2027年6月—2028年5月".into(), 12)]
        }
    );
    // What a user sees: the section of SB710, and SB712's 实施计划 where the period and the steps are
    // written; none for “已建成”, a requirement of the whole text.
    let sections: Vec<(Code, Option<&str>)> =
        found::<PlanFinding>(&report).iter().map(|(d, _)| (d.code, d.section.as_deref())).collect();
    assert_eq!(
        sections,
        [
            (Code::PictureMissing, Some("场景建设架构图")),
            (Code::TableMissing, Some("主要建设任务")),
            (Code::RequirementAtRisk, None),
            (Code::RequirementAtRisk, Some("实施计划")),
            (Code::RequirementAtRisk, Some("实施计划")),
        ]
    );
}

/// A qh-2025-scenes 建设方案 with its 架构图 section, a 主要建设任务 without a table, and the 实施计划 `plan`.
fn qh_plan(plan: &str) -> docx_rs::Docx {
    paragraphs(&[
        "四、建设方案",
        "（一）场景建设架构图",
        "架构见下。",
        "（二）主要建设任务",
        "归集气象、农牧数据。",
        "六、实施计划",
        plan,
        "七、组织保障措施",
        "成立专班。",
    ])
}

#[test]
fn a_plan_without_its_table_and_with_milestones_far_apart() {
    let report =
        check_with_docx("fixtures/qh-2025-scenes/pass", "2026-11-24", qh_plan("2025年3月完成方案，2025年12月验收。"));
    let found = data::<PlanFinding>(&report);
    assert!(
        found.iter().any(|f| matches!(f, PlanFinding::TableMissing { section, columns, .. }
            if section == "主要建设任务" && columns.len() == 3)),
        "{found:#?}"
    );
    assert!(
        found.iter().any(|f| matches!(f, PlanFinding::StepsOff { problem: StepsProblem::Apart { gap: 9 }, .. })),
        "{found:#?}"
    );
    let report =
        check_with_docx("fixtures/qh-2025-scenes/pass", "2026-11-24", qh_plan("分三个阶段推进，先调研后建设。"));
    let found = data::<PlanFinding>(&report);
    assert!(
        found.iter().any(|f| matches!(f, PlanFinding::StepsOff { problem: StepsProblem::NoSteps, section, .. }
            if section == "实施计划")),
        "{found:#?}"
    );
}

/// The build periods a user reads in a 建设方案 whose 工作基础 says `early` and whose 实施计划 says `plan`.
fn periods_found(early: &str, plan: &str) -> Vec<PlanFinding> {
    let docx = paragraphs(&[
        "一、工作基础",
        early,
        "四、建设方案",
        "（一）场景建设架构图",
        "架构见下。",
        "六、实施计划",
        "2026年12月—2027年2月：调研；2027年3月—5月：建设。",
        plan,
        "七、组织保障措施",
        "成立专班。",
    ]);
    let report = check_with_docx("fixtures/qh-2025-scenes/pass", "2026-11-24", docx);
    data::<PlanFinding>(&report).into_iter().filter(|f| matches!(f, PlanFinding::BuildPeriodLong { .. })).collect()
}

#[test]
fn every_build_period_is_read_and_the_longest_decides() {
    // A 12-month period first, an 18-month one later: the later one decides, and is named with its place.
    let found = periods_found("建设周期为12个月，分两阶段实施。", "项目建设周期18个月，按季度推进。");
    let [PlanFinding::BuildPeriodLong { section, written, months, mentions, .. }] = found.as_slice() else {
        panic!("{found:#?}")
    };
    assert_eq!((section.as_deref(), written.as_str(), *months, *mentions), (Some("实施计划"), "建设周期18个月", 18, 2));
    // Chinese numerals and fractions are read as the plan writes them.
    for (plan, months) in
        [("建设期两年。", 24), ("建设周期1.5年。", 18), ("建设周期为一年半。", 18), ("建设周期为２４个月。", 24)]
    {
        let found = periods_found("建设周期为12个月。", plan);
        assert!(
            matches!(found.as_slice(), [PlanFinding::BuildPeriodLong { months: m, .. }] if *m == months),
            "{plan}: {found:#?}"
        );
    }
    // A year or less everywhere: nothing.
    assert!(periods_found("建设期一年。", "建设周期为12个月，第18个月开展评估。").is_empty());
}

/// A qh-2025-scenes 建设方案 whose 场景建设架构图 holds `picture` and nothing else.
fn architecture_only(picture: Option<docx_rs::Pic>) -> docx_rs::Docx {
    use docx_rs::{Paragraph, Run};
    let mut docx = paragraphs(&["一、工作基础", "已建立气象数据平台。", "四、建设方案", "（一）场景建设架构图"]);
    if let Some(pic) = picture {
        docx = docx.add_paragraph(Paragraph::new().add_run(Run::new().add_image(pic)));
    }
    [
        "（二）主要建设任务",
        "归集气象、农牧数据。",
        "六、实施计划",
        "2026年12月—2027年2月：调研。",
        "七、组织保障措施",
        "成立专班。",
    ]
    .iter()
    .fold(docx, |d, t| d.add_paragraph(Paragraph::new().add_run(Run::new().add_text(*t))))
}

/// An architecture picture drawn by ImageMagick, or `None` without `convert`.
fn imagemagick_png() -> Option<docx_rs::Pic> {
    let convert = tool("convert")?;
    let out = std::process::Command::new(convert)
        .args(["-size", "480x270", "xc:white", "-fill", "steelblue", "-draw", "rectangle 40,40 440,230", "png:-"])
        .output()
        .expect("convert runs");
    assert!(out.status.success(), "convert: {}", String::from_utf8_lossy(&out.stderr));
    Some(docx_rs::Pic::new_with_dimensions(out.stdout, 480, 270))
}

/// SB107 and SB710 on the 场景建设架构图 section of a checked dossier.
fn architecture_findings(report: &DossierReport) -> (bool, bool) {
    let empty = data::<SectionFinding>(report)
        .iter()
        .any(|f| matches!(f, SectionFinding::SectionEmpty { title, .. } if title == "场景建设架构图"));
    let no_picture = data::<PlanFinding>(report).iter().any(|f| matches!(f, PlanFinding::PictureMissing { .. }));
    (empty, no_picture)
}

#[test]
fn a_section_holding_only_its_picture_is_not_empty() {
    let Some(png) = imagemagick_png() else {
        eprintln!("skipped: ImageMagick `convert` is not on PATH");
        return;
    };
    let with_picture = architecture_only(Some(png.clone()));
    let report = check_with_docx("fixtures/qh-2025-scenes/pass", "2026-11-24", with_picture.clone());
    assert_eq!(architecture_findings(&report), (false, false), "{:#?}", report.diagnostics);
    // As LibreOffice saves it (a drawing anchored its own way).
    if let Some(bytes) = resaved_by_libreoffice(architecture_only(Some(png))) {
        let report = check_with_bytes("fixtures/qh-2025-scenes/pass", "2026-11-24", &bytes);
        assert_eq!(architecture_findings(&report), (false, false), "{:#?}", report.diagnostics);
    } else {
        eprintln!("skipped: soffice (LibreOffice) is not on PATH");
    }
    // Without the picture the section is empty and misses its picture.
    let report = check_with_docx("fixtures/qh-2025-scenes/pass", "2026-11-24", architecture_only(None));
    assert_eq!(architecture_findings(&report), (true, true), "{:#?}", report.diagnostics);
}

/// A qh-2025-scenes 建设方案 with its 场景基本情况表 (every run with the East Asian hint, as typed with a
/// Chinese input method): 应用领域 `areas`, 场景概述 `overview`.
fn qh_form(areas: &str, overview: &str) -> docx_rs::Docx {
    use docx_rs::{Paragraph, Run, RunFonts, Table, TableCell, TableRow};
    let run = |t: &str| Run::new().add_text(t).fonts(RunFonts::new().east_asia("宋体").hint("eastAsia"));
    let cell = |t: &str| TableCell::new().add_paragraph(Paragraph::new().add_run(run(t)));
    let rows = [
        ["场景名称", "牧区气象服务场景"],
        ["申报方向", "☑公共数据开放"],
        ["应用领域", areas],
        ["牵头单位", "某某数据公司"],
        ["负责人联系方式", "张三 13800001234"],
        ["参与单位", "某某气象服务中心"],
        ["场景概述", overview],
        ["开发利用的公共数据", "气象数据"],
        ["预期成果", "服务牧户3万户。"],
    ];
    let table = Table::new(rows.iter().map(|[l, v]| TableRow::new(vec![cell(l), cell(v)])).collect());
    let docx = docx_rs::Docx::new().add_paragraph(Paragraph::new().add_run(run("场景基本情况表"))).add_table(table);
    ["一、工作基础", "已建立气象数据平台。", "六、实施计划", "2026年12月—2027年2月：调研。"]
        .iter()
        .fold(docx, |d, t| d.add_paragraph(Paragraph::new().add_run(run(t))))
}

#[test]
fn a_libreoffice_saved_form_lists_its_limits_and_names_an_unstated_other() {
    use shenbao::checks::fields::FieldFinding;
    // 498 字 and “AI”: 501 with the quotes read as Chinese (each 1 字), 499 read as Latin (“AI” one word).
    let overview = format!("{}“AI”", "气".repeat(498));
    let Some(bytes) = resaved_by_libreoffice(qh_form("□交通运输 ■其他：____", &overview)) else {
        eprintln!("skipped: soffice (LibreOffice) is not on PATH");
        return;
    };
    let report = check_with_bytes("fixtures/qh-2025-scenes/pass", "2026-11-24", &bytes);
    let fields = data::<FieldFinding>(&report);
    assert!(
        fields.iter().any(|f| matches!(f, FieldFinding::OtherUnstated { field, .. } if field == "应用领域")),
        "{fields:#?}"
    );
    // 501 or 499 as the saved hint says; 500 lies within either way: SB105, which a 501 makes an SB111 too.
    let ambiguous = found::<FieldFinding>(&report)
        .into_iter()
        .find(|(_, f)| matches!(f, FieldFinding::LimitAmbiguous { low: 499, high: 501, limit: 500, .. }));
    let (d, _) = ambiguous.unwrap_or_else(|| panic!("{fields:#?}"));
    assert_eq!((d.code, d.section.as_deref()), (Code::LimitAmbiguous, Some("场景概述")));
    let listed: Vec<(&str, u64, u64, u64)> = report
        .fields
        .iter()
        .map(|f| (f.label.as_str(), f.count.words_low, f.count.words_high, f.count.limit))
        .collect();
    assert_eq!(listed, [("场景概述", 499, 501, 500), ("预期成果", 8, 8, 600)]);
}

#[test]
fn the_sample_plan_has_no_plan_finding() {
    let report = check("fixtures/qh-2025-scenes/pass", "2026-11-24");
    assert!(found::<PlanFinding>(&report).is_empty(), "{:#?}", report.diagnostics);
}

#[test]
fn plan_findings_wording() {
    let file = String::from("建设方案（可编辑版）.docx");
    let c = clause("附件3 四（一）", "（一）场景建设架构图");
    let table = clause("附件3 四（二）", "列出场景建设所需要的数据资源清单");
    let columns = vec!["数据来源".to_owned(), "数据类型".to_owned(), "现状说明".to_owned()];
    let steps = |problem| PlanFinding::StepsOff {
        file: file.clone(),
        section: "实施计划".into(),
        problem,
        clause: clause("附件3 六", "以3个月为单位编制时间进度计划"),
    };
    let findings = [
        PlanFinding::PictureMissing { file: file.clone(), section: "场景建设架构图".into(), clause: c },
        PlanFinding::TableMissing {
            file: file.clone(),
            section: "主要建设任务".into(),
            columns: columns.clone(),
            clause: table.clone(),
        },
        PlanFinding::TableUnfilled { file: file.clone(), section: "主要建设任务".into(), columns, clause: table },
        PlanFinding::AlreadyBuilt {
            file: file.clone(),
            words: "已建成".into(),
            clause: clause("附件2 四、1", "所选取的场景不应为建设完成或已在推广的应用场景"),
        },
        PlanFinding::BuildPeriodLong {
            file: file.clone(),
            section: Some("实施计划".into()),
            written: "建设周期18个月".into(),
            months: 18,
            mentions: 2,
            clause: clause("附件2 四、2", "场景建设周期原则上不超过1年"),
        },
        PlanFinding::BuildPeriodLong {
            file: file.clone(),
            section: None,
            written: "建设期两年".into(),
            months: 24,
            mentions: 1,
            clause: clause("附件2 四、2", "场景建设周期原则上不超过1年"),
        },
        steps(StepsProblem::TooLong { steps: vec![("2025年1月—6月".into(), 6)] }),
        steps(StepsProblem::TooLong {
            steps: vec![("2026年12月—2027年5月".into(), 6), ("2027年6月—2028年5月".into(), 12)],
        }),
        steps(StepsProblem::Apart { gap: 9 }),
        steps(StepsProblem::NoSteps),
    ];
    let refs: Vec<&dyn Finding> = findings.iter().map(|f| f as &dyn Finding).collect();
    insta::assert_snapshot!(worded(&refs));
}

// ---- joint applicants (SB715) ----

#[test]
fn a_joint_applicant_without_stamp_lines_is_named_per_place() {
    let report = check("fixtures/cq-2024-cases-2/careless-content", "2024-08-10");
    let found = found::<JointFinding>(&report);
    let places: Vec<(&str, &[String], &str)> = found
        .iter()
        .map(|(_, JointFinding::StampLineMissing { place, missing, clause, .. })| {
            (place.as_str(), missing.as_slice(), clause.reference.as_str())
        })
        .collect();
    let unit = ["重庆某某大学".to_owned()];
    assert_eq!(places, [("申报单位意见", &unit[..], "二（一）"), ("申报承诺书", &unit[..], "附件1 五")]);
    for (d, _) in &found {
        assert_eq!((d.code, d.file.as_deref()), (Code::JointStampMissing, Some("申报书.docx")));
    }
    assert_eq!(found[1].0.section.as_deref(), Some("申报承诺书"));
    // Without joint applicants nothing is asked.
    assert!(found_none::<JointFinding>("fixtures/cq-2024-cases-2/pass", "2024-08-10"));
}

fn found_none<F: Finding>(rel: &str, today: &str) -> bool {
    found::<F>(&check(rel, today)).is_empty()
}

#[test]
fn joint_findings_wording() {
    let file = String::from("申报书.docx");
    let findings = [
        JointFinding::StampLineMissing {
            file: file.clone(),
            place: "申报单位意见".into(),
            missing: vec!["重庆某某大学".into()],
            clause: clause("二（一）", "按照申报书编写申报材料"),
        },
        JointFinding::StampLineMissing {
            file,
            place: "申报承诺书".into(),
            missing: vec!["重庆某某大学".into(), "重庆数联物流有限公司".into()],
            clause: clause("附件1 五", "五、申报承诺书"),
        },
    ];
    let refs: Vec<&dyn Finding> = findings.iter().map(|f| f as &dyn Finding).collect();
    insta::assert_snapshot!(worded(&refs));
}
