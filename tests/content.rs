//! Content a reviewer would see that word counts never do (SB701–SB716): hidden Word content, template
//! leftovers, figures, personal data, names and lists, joint applicants' stamps, plans.

mod support;
use serde_json::Value;
use support::{copy_dir, shenbao};

/// A copy of a passing dossier whose 申报书 is replaced by `docx`.
fn dossier_with(fixture: &str, docx: docx_rs::Docx) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(fixture), dir.path());
    let target = std::fs::read_dir(dir.path())
        .expect("read_dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "docx"))
        .expect("a .docx at the top");
    let file = std::fs::File::create(&target).expect("create");
    docx.build().pack(file).expect("pack");
    dir
}

fn marked_up() -> docx_rs::Docx {
    use docx_rs::{Comment, Delete, Docx, Paragraph, Run};
    Docx::new().add_paragraph(
        Paragraph::new()
            .add_comment_start(
                Comment::new(1)
                    .author("审核人")
                    .add_paragraph(Paragraph::new().add_run(Run::new().add_text("这段再改改"))),
            )
            .add_run(Run::new().add_text("本案例围绕供应链协同。"))
            .add_comment_end(1)
            .add_delete(Delete::new().add_run(Run::new().add_delete_text("内部报价120万元")))
            .add_run(Run::new().add_text("联系人手机").vanish()),
    )
}

/// The diagnostics of one dossier checked against `notice` on `today`.
fn diagnostics(dir: &std::path::Path, notice: &str, today: &str) -> Vec<Value> {
    let out = shenbao()
        .arg("check")
        .arg(dir)
        .args(["--notice", notice, "--today", today, "--format", "json"])
        .output()
        .expect("runs");
    let json: Value = serde_json::from_slice(&out.stdout).expect("json");
    json["dossiers"][0]["diagnostics"].as_array().expect("diagnostics").clone()
}

/// (code, severity) of the SB70x findings.
fn findings(dir: &std::path::Path, notice: &str, today: &str) -> Vec<(String, String)> {
    diagnostics(dir, notice, today)
        .iter()
        .filter(|d| d["code"].as_str().is_some_and(|c| c.starts_with("SB70")))
        .map(|d| (d["code"].as_str().expect("code").to_owned(), d["severity"].as_str().expect("sev").to_owned()))
        .collect()
}

#[test]
fn comments_changes_and_hidden_text_are_errors_where_the_word_file_may_be_published() {
    // cq-2024-cases-2's 宣传推广材料 “有关内容可对外公开”: the Word file holding it must be clean.
    let dir = dossier_with("fixtures/cq-2024-cases-2/pass", marked_up());
    let found = findings(dir.path(), "cq-2024-cases-2", "2024-08-10");
    for code in ["SB701", "SB702", "SB703"] {
        assert!(found.contains(&(code.to_owned(), "error".to_owned())), "{code} as an error: {found:?}");
    }
}

#[test]
fn elsewhere_they_are_warnings() {
    let dir = dossier_with("fixtures/ln-2024-cases/pass", marked_up());
    let found = findings(dir.path(), "ln-2024-cases", "2024-02-28");
    for code in ["SB701", "SB702", "SB703"] {
        assert!(found.contains(&(code.to_owned(), "warning".to_owned())), "{code} as a warning: {found:?}");
    }
}

#[test]
fn clean_fixtures_have_none() {
    for (fixture, notice, today) in [
        ("fixtures/cq-2024-cases-2/pass", "cq-2024-cases-2", "2024-08-10"),
        ("fixtures/ln-2024-cases/pass", "ln-2024-cases", "2024-02-28"),
    ] {
        let found = findings(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(fixture), notice, today);
        assert!(found.is_empty(), "{fixture}: {found:?} (docx-rs writes “unknown” as author: not a person)");
    }
}

/// A copy of a fixture with its dossier.toml edited.
fn with_toml(fixture: &str, edit: impl Fn(String) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(fixture), dir.path());
    let path = dir.path().join("dossier.toml");
    let text = std::fs::read_to_string(&path).expect("toml");
    std::fs::write(&path, edit(text)).expect("write");
    dir
}

fn messages(dir: &std::path::Path, notice: &str, today: &str, code: &str) -> Vec<String> {
    diagnostics(dir, notice, today)
        .iter()
        .filter(|d| d["code"] == code)
        .map(|d| d["message"].as_str().expect("message").to_owned())
        .collect()
}

#[test]
fn a_case_name_without_its_field_and_a_field_off_the_list() {
    let dir = with_toml("fixtures/cq-2024-cases-2/pass", |t| {
        t.replace(
            "name = \"工业制造领域——基于可信数据空间的供应链协同管理\"",
            "name = \"基于可信数据空间的供应链协同管理\"",
        )
        .replace("field = \"工业制造\"", "field = \"元宇宙\"")
    });
    let form = messages(dir.path(), "cq-2024-cases-2", "2024-08-10", "SB705");
    assert_eq!(form, ["案例名称“基于可信数据空间的供应链协同管理”不是“{领域}领域——{名称}”的形式"]);
    let list = messages(dir.path(), "cq-2024-cases-2", "2024-08-10", "SB706");
    assert_eq!(list, ["领域“元宇宙”不是通知列出的 12 个之一"]);
}

#[test]
fn tracks_and_topics_come_from_the_notice() {
    let dir = with_toml("fixtures/ln-2024-contest/pass", |t| {
        t.replace("topic = \"提升普惠金融服务能力\"", "topic = \"数字人民币\"")
    });
    assert_eq!(
        messages(dir.path(), "ln-2024-contest", "2024-07-01", "SB706"),
        ["赛题“数字人民币”不是通知列出的 4 个之一"]
    );
    let dir =
        with_toml("fixtures/national-2024-contest/pass", |t| t.replace("track = \"金融服务\"", "track = \"金融科技\""));
    assert_eq!(
        messages(dir.path(), "national-2024-contest", "2024-08-01", "SB706"),
        ["赛道“金融科技”不是通知列出的 12 个之一"]
    );
}

#[test]
fn the_contest_is_named_by_its_standard_name() {
    use docx_rs::{Docx, Paragraph, Run};
    let docx = Docx::new()
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text("本项目参加2024年数据要素×大赛。")))
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text("2024年数据要素×大赛组委会。")));
    let dir = dossier_with("fixtures/national-2024-contest/pass", docx);
    let found = messages(dir.path(), "national-2024-contest", "2024-08-01", "SB705");
    assert_eq!(found, ["“2024年数据要素×大赛”（2 处）应写作“2024年‘数据要素×’大赛”"]);
}

/// A cq-2024-cases-2 申报书 in plain paragraphs (headings found by their 一、/（一） numbering) with the
/// template's guidance left in 问题描述, 应用成效 without figures, a phone number in the publishable
/// 宣传推广材料, template marks and a blank date.
fn careless_cq() -> docx_rs::Docx {
    use docx_rs::{Docx, Paragraph, Run};
    let para = |t: &str| Paragraph::new().add_run(Run::new().add_text(t));
    let lines = [
        "二、“数据要素×”典型案例简介",
        "（一）问题描述",
        "介绍案例应用场景和实施背景，包括但不限于案例需要解决的所属行业（产业）发展问题。",
        "（二）解决方案",
        "本案例围绕工业制造企业供应链协同管理的痛点，汇聚上下游数据。",
        "（三）应用成效",
        "平台上线后成效显著，企业普遍反映良好，取得了较好的经济效益和社会效益。",
        "三、“数据要素×”典型案例宣传推广材料",
        "（一）案例描述",
        "欢迎联系项目负责人，手机13800001234。示例：XX领域",
        "（二）主要做法及成效",
        "接入企业126家，采购成本降低3.4%，交付周期缩短18天。",
        "五、申报承诺书",
        "2024年  月  日",
    ];
    lines.iter().fold(Docx::new(), |d, t| d.add_paragraph(para(t)))
}

#[test]
fn guidance_figures_personal_data_and_blanks() {
    let dir = dossier_with("fixtures/cq-2024-cases-2/pass", careless_cq());
    let leftovers = messages(dir.path(), "cq-2024-cases-2", "2024-08-10", "SB707");
    assert!(leftovers.iter().any(|m| m.contains("“问题描述”中留有模板的填写说明")), "{leftovers:?}");
    assert!(leftovers.iter().any(|m| m.contains("“示例：”") && m.contains("“XX领域”")), "{leftovers:?}");
    assert!(leftovers.iter().any(|m| m.contains("1 处日期未填")), "{leftovers:?}");
    let few = messages(dir.path(), "cq-2024-cases-2", "2024-08-10", "SB708");
    assert_eq!(few.len(), 1, "应用成效 has none, 主要做法及成效 has three: {few:?}");
    assert!(few[0].starts_with("“应用成效”只有 0 处量化数据"), "{few:?}");
    let found = findings(dir.path(), "cq-2024-cases-2", "2024-08-10");
    assert!(
        found.contains(&("SB709".to_owned(), "error".to_owned())),
        "a phone in 宣传推广材料 is an error: {found:?}"
    );
}

/// A qh-2025-scenes 建设方案 without its 架构图, with an empty 数据资源需求清单, a scene said to be built
/// and a build period of 18 months.
fn careless_qh() -> docx_rs::Docx {
    use docx_rs::{Docx, Paragraph, Run, Table, TableCell, TableRow};
    let para = |t: &str| Paragraph::new().add_run(Run::new().add_text(t));
    let cell = |t: &str| TableCell::new().add_paragraph(para(t));
    let mut d = Docx::new();
    for t in [
        "一、工作基础",
        "本场景已建成并上线运行，服务农牧民3万户。",
        "四、建设方案",
        "（一）场景建设架构图",
        "架构见下。",
        "（二）主要建设任务",
    ] {
        d = d.add_paragraph(para(t));
    }
    d = d.add_table(Table::new(vec![
        TableRow::new(vec![cell("数据来源"), cell("数据类型"), cell("现状说明")]),
        TableRow::new(vec![cell("省气象局"), cell(""), cell("")]),
    ]));
    for t in ["六、实施计划", "场景建设周期为18个月，分三个阶段实施。", "七、组织保障措施", "成立专班。"]
    {
        d = d.add_paragraph(para(t));
    }
    d
}

#[test]
fn plans_need_their_picture_their_table_and_the_notice_requirements() {
    let dir = dossier_with("fixtures/qh-2025-scenes/pass", careless_qh());
    let (notice, today) = ("qh-2025-scenes", "2026-11-24");
    assert_eq!(messages(dir.path(), notice, today, "SB710"), ["“场景建设架构图”中没有图片"]);
    assert_eq!(
        messages(dir.path(), notice, today, "SB711"),
        ["“主要建设任务”的表格（数据来源、数据类型、现状说明）没有填写完整的行"]
    );
    let risks = messages(dir.path(), notice, today, "SB712");
    assert!(risks.iter().any(|m| m.contains("“已建成”")), "{risks:?}");
    assert!(risks.iter().any(|m| m.contains("建设周期 18 个月")), "{risks:?}");
    assert!(risks.iter().any(|m| m.starts_with("实施计划没有列出时间段")), "{risks:?}");
    // The sample plan has its figure and a filled table.
    let pass = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/qh-2025-scenes/pass");
    for code in ["SB710", "SB711", "SB712"] {
        assert!(messages(&pass, notice, today, code).is_empty(), "{code} on the sample");
    }
}

#[test]
fn a_dossier_dated_after_the_check_day_is_named() {
    let pass = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/ln-2024-cases/pass");
    assert_eq!(
        messages(&pass, "ln-2024-cases", "2024-02-20", "SB714"),
        ["申报书中的日期 2024-02-26 晚于今天（2024-02-20）"]
    );
    assert!(messages(&pass, "ln-2024-cases", "2024-02-28", "SB714").is_empty());
}

#[test]
fn an_example_case_kept_with_its_words_changed_is_named() {
    use docx_rs::{Docx, Paragraph, Run};
    // The template's 应用成效 example with “如：” cut and two figures changed.
    let kept = "本系统自2023年5月上线实施以来，已在高端装备制造业、生物医药、钢铁制造等行业31家工业制造核心企业落地应用使用。以某企业为例，上线后一年采购成本节约4.1%、效率提升13.2%，图纸打印成本节约1000万元/年，质量合格率年度提升3.2%，产业链协同水平显著提升。";
    let docx = ["二、“数据要素×”典型案例简介", "（三）应用成效", kept]
        .iter()
        .fold(Docx::new(), |d, t| d.add_paragraph(Paragraph::new().add_run(Run::new().add_text(*t))));
    let dir = dossier_with("fixtures/cq-2024-cases-2/pass", docx);
    let found = messages(dir.path(), "cq-2024-cases-2", "2024-08-10", "SB707");
    assert!(found.iter().any(|m| m.starts_with("“应用成效”中留有模板的示例案例（约")), "{found:?}");
}

/// A cq-2024-cases-2 申报书 whose 信息表 lists a joint applicant in the 申报单位 cell; the 申报单位意见
/// cell has a stamp line for the main applicant only, the 承诺书 one for both.
fn joint_cq() -> docx_rs::Docx {
    use docx_rs::{Docx, Paragraph, Run, Table, TableCell, TableRow};
    let para = |t: &str| Paragraph::new().add_run(Run::new().add_text(t));
    let cell = |lines: &[&str]| lines.iter().fold(TableCell::new(), |c, l| c.add_paragraph(para(l)));
    let table = Table::new(vec![
        TableRow::new(vec![cell(&["申报单位"]), cell(&["重庆某某科技有限公司", "重庆某某大学"])]),
        TableRow::new(vec![cell(&["案例名称"]), cell(&["工业制造领域——基于可信数据空间的供应链协同管理"])]),
        TableRow::new(vec![cell(&["申报单位意见"]), cell(&["重庆某某科技有限公司（盖章）", "2024年8月1日"])]),
    ]);
    let d = Docx::new().add_paragraph(para("1、“数据要素×”典型案例申报信息表")).add_table(table);
    [
        "五、申报承诺书",
        "本单位提交的申报材料内容、数据真实准确。",
        "重庆某某科技有限公司",
        "重庆某某大学",
        "（申报企业盖章）",
    ]
    .iter()
    .fold(d, |d, t| d.add_paragraph(para(t)))
}

#[test]
fn every_joint_applicant_has_a_stamp_line() {
    let dir = dossier_with("fixtures/cq-2024-cases-2/pass", joint_cq());
    assert_eq!(
        messages(dir.path(), "cq-2024-cases-2", "2024-08-10", "SB715"),
        ["联合申报单位“重庆某某大学”在“申报单位意见”中没有盖章行"]
    );
    // A joint applicant named only in dossier.toml needs its lines in both places.
    let dir = with_toml("fixtures/cq-2024-cases-2/pass", |t| t + "joint_units = [\"重庆数联物流有限公司\"]\n");
    let found = messages(dir.path(), "cq-2024-cases-2", "2024-08-10", "SB715");
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found.iter().all(|m| m.starts_with("联合申报单位“重庆数联物流有限公司”在")), "{found:?}");
    assert!(found.iter().any(|m| m.contains("“申报承诺书”")), "{found:?}");
    // Without joint applicants nothing is asked.
    let pass = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/cq-2024-cases-2/pass");
    assert!(messages(&pass, "cq-2024-cases-2", "2024-08-10", "SB715").is_empty());
}

#[test]
fn a_project_enters_one_topic_only() {
    let dir = with_toml("fixtures/ln-2024-contest/pass", |t| {
        t.replace("topic = \"提升普惠金融服务能力\"", "topic = \"提升普惠金融服务能力、降低金融风险\"")
    });
    assert_eq!(
        messages(dir.path(), "ln-2024-contest", "2024-07-01", "SB716"),
        ["赛题“提升普惠金融服务能力、降低金融风险”含 2 个：提升普惠金融服务能力、降低金融风险，每个参赛项目只能报一个"]
    );
    assert!(messages(dir.path(), "ln-2024-contest", "2024-07-01", "SB706").is_empty(), "one finding, not two");
    // “通用类赛题” stands under every track: one topic, not five.
    let dir = with_toml("fixtures/ln-2024-contest/pass", |t| {
        t.replace("topic = \"提升普惠金融服务能力\"", "topic = \"通用类赛题\"")
    });
    assert!(messages(dir.path(), "ln-2024-contest", "2024-07-01", "SB716").is_empty());
    assert!(messages(dir.path(), "ln-2024-contest", "2024-07-01", "SB706").is_empty());
}

/// The qh-2025-scenes sample with its 申报方向 cell replaced by `directions`.
fn qh_ticked(directions: &str) -> docx_rs::Docx {
    use docx_rs::{Docx, Paragraph, Run, Table, TableCell, TableRow};
    let cell = |t: &str| TableCell::new().add_paragraph(Paragraph::new().add_run(Run::new().add_text(t)));
    Docx::new().add_table(Table::new(vec![
        TableRow::new(vec![cell("场景名称"), cell("高原农牧业气象数据授权运营服务场景")]),
        TableRow::new(vec![cell("申报方向(可选多项)"), cell(directions)]),
        TableRow::new(vec![cell("应用领域(可选多项)"), cell("☑气象服务 ☑农业农村 □其他")]),
    ]))
}

#[test]
fn directions_ticked_in_the_table_are_read_and_checked() {
    let notice = "qh-2025-scenes";
    // No directions in dossier.toml: the ticked boxes are the dossier's, and one is off the list.
    let dir = dossier_with("fixtures/qh-2025-scenes/pass", qh_ticked("☑公共数据授权运营 ☑数据资产入表"));
    let toml = dir.path().join("dossier.toml");
    let text = std::fs::read_to_string(&toml).expect("toml").replace("directions = [\"公共数据授权运营\"]\n", "");
    std::fs::write(&toml, text).expect("write");
    assert_eq!(messages(dir.path(), notice, "2026-11-24", "SB706"), ["申报方向“数据资产入表”不是通知列出的 3 个之一"]);
    // dossier.toml and the ticks disagreeing: the 汇总表 and the reviewer would see different things.
    let dir = dossier_with("fixtures/qh-2025-scenes/pass", qh_ticked("☑政务数据共享 □公共数据授权运营"));
    let found = messages(dir.path(), notice, "2026-11-24", "SB006");
    assert!(found.iter().any(|m| m.contains("“公共数据授权运营”") && m.contains("“政务数据共享”")), "{found:?}");
}

#[test]
fn a_single_choice_field_with_two_ticks() {
    // A rule where 申报方向 allows one choice only.
    let rules = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/qh-2025-scenes.toml");
    let text = std::fs::read_to_string(rules).expect("rules");
    let one = "list = \"directions\", multiple = false,";
    let edited = text.replacen("list = \"directions\", multiple = true,", one, 1);
    assert!(edited.contains(one));
    let dir = dossier_with("fixtures/qh-2025-scenes/pass", qh_ticked("☑政务数据共享 ☑公共数据授权运营"));
    let rule = dir.path().join("single-choice.toml");
    std::fs::write(&rule, edited).expect("write");
    let found = messages(dir.path(), rule.to_str().expect("utf-8"), "2026-11-24", "SB716");
    assert_eq!(found, ["“申报方向”栏勾选了 2 项（政务数据共享、公共数据授权运营），只能选一项"]);
}
