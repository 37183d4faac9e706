//! `shenbao init`: for every notice, the started dossier is read by `count` and `check` as the notice
//! expects — every heading found, the table found, and `check` listing what remains to do without a
//! false pass; re-running keeps files; `--force` regenerates only unchanged generated files.
//! `INSTA_UPDATE=always cargo test --test init` rewrites the snapshots.

mod support;
use serde_json::Value;
use std::path::{Path, PathBuf};
use support::{shenbao, shenbao_in};

/// Every embedded notice, with a day before its first deadline (so the findings are about the dossier, not
/// the calendar) and the file name of the generated 申报书.
const NOTICES: [(&str, &str, &str); 5] = [
    ("cq-2024-cases-2", "2024-08-10", "申报书.docx"),
    ("ln-2024-cases", "2024-03-01", "申报书.docx"),
    ("ln-2024-contest", "2024-07-01", "项目申报书.docx"),
    ("national-2024-contest", "2024-08-01", "项目申报书.docx"),
    ("qh-2025-scenes", "2025-09-01", "可编辑版方案.docx"),
];

fn notice(id: &str) -> shenbao::notice::Notice {
    shenbao::notice::resolve(id, None, shenbao::diag::Lang::Zh).expect("embedded notice")
}

/// Runs `init` with `args` into `dir` and returns its JSON report.
fn init(dir: &Path, args: &[&str]) -> Value {
    let out = shenbao().arg("init").arg(dir).args(args).args(["--format", "json"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "init {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("json")
}

/// The action reported for `path`.
fn action(report: &Value, path: &str) -> String {
    let done = report["done"].as_array().expect("done");
    let d = done.iter().find(|d| d["path"] == path).unwrap_or_else(|| panic!("{path} in {report}"));
    d["action"].as_str().expect("action").to_owned()
}

fn sha256(path: &Path) -> String {
    shenbao::hash::sha256_hex(&std::fs::read(path).expect("read"))
}

fn recorded(dir: &Path, rel: &str) -> Option<String> {
    let text = std::fs::read_to_string(dir.join("dossier.toml")).expect("dossier.toml");
    let config: shenbao::dossier::DossierConfig = toml::from_str(&text).expect("dossier.toml parses");
    config.shenbao?.created.into_iter().find(|c| c.path == rel).map(|c| c.sha256)
}

/// `check --format json` of one dossier: (exit code, the dossier's report).
fn check(dir: &Path, today: &str) -> (Option<i32>, Value) {
    let out = shenbao().arg("check").arg(dir).args(["--today", today, "--format", "json"]).output().expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    let json: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    (out.status.code(), json["dossiers"][0].clone())
}

fn codes(report: &Value) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["code"].as_str().expect("code").to_owned())
        .collect()
}

#[test]
fn every_notice_starts_a_dossier_whose_headings_count_finds() {
    for (id, _, file) in NOTICES {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = tmp.path().join(id);
        let report = init(&dir, &["--notice", id]);
        assert_eq!(action(&report, file), "created", "{id}");
        assert_eq!(action(&report, "dossier.toml"), "created", "{id}");

        let out = shenbao()
            .arg("count")
            .arg(dir.join(file))
            .args(["--notice", id, "--format", "json"])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(0), "{id}: {}", String::from_utf8_lossy(&out.stderr));
        let json: Value = serde_json::from_slice(&out.stdout).expect("json");
        let found: Vec<(String, Option<String>)> = json["sections"]
            .as_array()
            .expect("sections")
            .iter()
            .map(|s| (s["title"].as_str().expect("title").to_owned(), s["part"].as_str().map(str::to_owned)))
            .collect();
        let mut expected = Vec::new();
        for part in &notice(id).form.parts {
            expected.push((part.title.clone(), None));
            for s in &part.sections {
                expected.push((s.title.clone(), Some(part.title.clone())));
            }
        }
        assert_eq!(found, expected, "{id}: every part and section found, in order");
    }
}

#[test]
fn check_right_after_init_lists_what_remains_and_never_passes() {
    for (id, today, _) in NOTICES {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = tmp.path().join(id);
        init(&dir, &["--notice", id]);
        let (status, report) = check(&dir, today);
        assert_eq!(status, Some(1), "{id}: a new dossier has errors to fix");
        assert_eq!(report["passed"], false, "{id}");
        let codes = codes(&report);
        // The template itself is right: every heading, the table and its fields are found, dossier.toml
        // reads, no file is unexpected.
        for wrong in ["SB003", "SB101", "SB102", "SB106", "SB108", "SB109", "SB208", "SB210", "SB401", "SB714"] {
            assert!(!codes.contains(&wrong.to_owned()), "{id}: {wrong} in {codes:?}");
        }
        // What remains: the documents to add and the template's hints to replace.
        assert!(codes.contains(&"SB201".to_owned()), "{id}: missing documents in {codes:?}");
        assert!(codes.contains(&"SB707".to_owned()), "{id}: template leftovers in {codes:?}");
        let expected: &[&str] = match id {
            "cq-2024-cases-2" => &["SB110", "SB107", "SB708"],
            "ln-2024-cases" => &["SB110", "SB107"],
            "qh-2025-scenes" => &["SB110", "SB107", "SB710", "SB711"],
            _ => &["SB107"],
        };
        for code in expected {
            assert!(codes.contains(&code.to_string()), "{id}: {code} in {codes:?}");
        }
        let listed: Vec<Value> = report["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .map(|d| serde_json::json!({ "code": d["code"], "severity": d["severity"], "message": d["message"] }))
            .collect();
        insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false }, {
            insta::assert_json_snapshot!(format!("init__check__{id}"), listed);
        });
    }
}

#[test]
fn the_missing_documents_are_the_notices_required_ones() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("cq");
    init(&dir, &["--notice", "cq-2024-cases-2"]);
    let (_, report) = check(&dir, "2024-08-10");
    let missing: Vec<String> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "SB201")
        .map(|d| d["message"].as_str().expect("message").to_owned())
        .collect();
    for doc in ["用印PDF", "营业执照或组织机构代码证复印件", "高清视频（MP4）", "高清图片（JPG）"]
    {
        assert!(missing.iter().any(|m| m.contains(doc)), "{doc} in {missing:?}");
    }
    assert!(!missing.iter().any(|m| m.contains("申报书")), "the generated 申报书 is found: {missing:?}");
}

#[test]
fn known_name_and_unit_fill_the_cover_the_table_and_dossier_toml() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("cq");
    let name = "工业制造领域——基于可信数据空间的供应链协同管理";
    let unit = "重庆某某科技有限公司";
    init(&dir, &["--notice", "cq-2024-cases-2", "--name", name, "--unit", unit]);
    let text = std::fs::read_to_string(dir.join("dossier.toml")).expect("dossier.toml");
    let config: shenbao::dossier::DossierConfig = toml::from_str(&text).expect("parses");
    assert_eq!(config.notice.as_deref(), Some("cq-2024-cases-2"));
    assert_eq!(config.name.as_deref(), Some(name));
    assert_eq!(config.unit.as_deref(), Some(unit));
    // Unknown keys are left commented out, not filled with placeholders.
    assert_eq!((config.unit_type, config.field, config.priority), (None, None, None));
    assert!(text.contains("# field = "), "{text}");

    let (_, report) = check(&dir, "2024-08-10");
    let messages: Vec<String> =
        report["diagnostics"].as_array().expect("diagnostics").iter().map(|d| d["message"].to_string()).collect();
    for label in ["“案例名称”栏", "“申报单位”栏"] {
        assert!(!messages.iter().any(|m| m.contains(label)), "{label} is filled: {messages:?}");
    }
    let codes = codes(&report);
    assert!(!codes.contains(&"SB006".to_owned()) && !codes.contains(&"SB705".to_owned()), "{codes:?}");
    assert_eq!(report["facts"]["field"], "工业制造", "the 领域 is read from the name");
}

#[test]
fn headings_are_styled_for_the_navigation_pane_on_a4_with_chinese_fonts() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("ln");
    init(&dir, &["--notice", "ln-2024-cases"]);
    let bytes = std::fs::read(dir.join("申报书.docx")).expect("docx");
    let doc = shenbao::read::docx::read_docx(&bytes).expect("reads");
    let level =
        |text: &str| doc.paragraphs.iter().find(|p| p.text() == text).unwrap_or_else(|| panic!("{text}")).outline_level;
    assert_eq!(level("申报材料（总篇幅不超过3000字）"), Some(1));
    assert_eq!(level("一、问题描述（300字以内）"), Some(2));
    assert_eq!(level("五、参与单位情况介绍（200字以内）"), Some(2));
    assert_eq!(level("申报承诺书"), Some(1));
    assert!(
        doc.paragraphs.iter().any(|p| p.text().starts_with("本单位提交的“数据要素×”典型案例申报材料")),
        "the pledge"
    );
    assert!(doc.paragraphs.iter().any(|p| p.text() == "申报单位（盖章）："), "the stamp line");
    assert_eq!(doc.tables.len(), 1, "the 申报表");

    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut part = |name: &str| {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).expect(name), &mut text).expect("utf-8");
        text
    };
    let document = part("word/document.xml");
    assert!(document.contains(r#"<w:pgSz w:w="11906" w:h="16838""#), "A4");
    assert!(document.contains(r#"w:top="2098""#) && document.contains(r#"w:left="1587""#), "公文 margins");
    let styles = part("word/styles.xml");
    assert!(styles.contains(r#"w:eastAsia="黑体""#) && styles.contains(r#"w:eastAsia="仿宋_GB2312""#), "fonts");
    assert!(
        styles.contains(r#"w:name w:val="heading 1""#) && styles.contains(r#"<w:outlineLvl w:val="1" />"#),
        "{styles}"
    );
}

#[test]
fn rerunning_init_keeps_every_file() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("cq");
    init(&dir, &["--notice", "cq-2024-cases-2"]);
    let before = (sha256(&dir.join("申报书.docx")), sha256(&dir.join("dossier.toml")));
    let again = init(&dir, &["--notice", "cq-2024-cases-2", "--name", "另一个名称"]);
    for path in ["申报书.docx", "dossier.toml", "多媒体材料/图片/", "多媒体材料/视频/"] {
        assert_eq!(action(&again, path), "kept", "{path}");
    }
    assert_eq!((sha256(&dir.join("申报书.docx")), sha256(&dir.join("dossier.toml"))), before);
}

#[test]
fn force_regenerates_an_unchanged_generated_file() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("ln");
    init(&dir, &["--notice", "ln-2024-cases"]);
    assert_eq!(recorded(&dir, "申报书.docx"), Some(sha256(&dir.join("申报书.docx"))));
    let report = init(&dir, &["--notice", "ln-2024-cases", "--force", "--unit", "辽宁某某大学"]);
    assert_eq!(action(&report, "申报书.docx"), "regenerated");
    assert_eq!(action(&report, "dossier.toml"), "record_updated");
    let doc = shenbao::read::docx::read_docx(&std::fs::read(dir.join("申报书.docx")).expect("docx")).expect("reads");
    assert!(doc.paragraphs.iter().any(|p| p.text() == "申报单位：辽宁某某大学"), "the new unit on the cover");
    assert_eq!(recorded(&dir, "申报书.docx"), Some(sha256(&dir.join("申报书.docx"))), "the record follows");
    // dossier.toml holds the applicant's answers: never regenerated.
    let text = std::fs::read_to_string(dir.join("dossier.toml")).expect("dossier.toml");
    assert!(!text.contains("辽宁某某大学"), "{text}");
    assert_eq!(text.matches("[shenbao]").count(), 1, "{text}");
}

#[test]
fn force_never_overwrites_an_edited_file() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("qh");
    init(&dir, &["--notice", "qh-2025-scenes"]);
    let file = dir.join("可编辑版方案.docx");
    let mut edited = std::fs::read(&file).expect("docx");
    edited.extend_from_slice(b"edited");
    std::fs::write(&file, &edited).expect("edit");

    let report = init(&dir, &["--notice", "qh-2025-scenes", "--force"]);
    assert_eq!(action(&report, "可编辑版方案.docx"), "kept_edited");
    assert_eq!(std::fs::read(&file).expect("docx"), edited);

    let out = shenbao()
        .arg("init")
        .arg(&dir)
        .args(["--notice", "qh-2025-scenes", "--force", "--lang", "en"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("kept (edited since it was created)") && text.contains("move it away"), "{text}");
}

#[test]
fn a_file_shenbao_did_not_create_is_never_overwritten() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("cq");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let user_docx = b"my own application".to_vec();
    let user_toml = "notice = \"cq-2024-cases-2\"\n# 我的备注\nunit = \"重庆某某科技有限公司\"\n";
    std::fs::write(dir.join("申报书.docx"), &user_docx).expect("write");
    std::fs::write(dir.join("dossier.toml"), user_toml).expect("write");

    for args in [&["--notice", "cq-2024-cases-2"][..], &["--notice", "cq-2024-cases-2", "--force"][..]] {
        let report = init(&dir, args);
        assert_eq!(action(&report, "申报书.docx"), "kept", "{args:?}");
        assert_eq!(action(&report, "dossier.toml"), "kept", "{args:?}");
        assert_eq!(std::fs::read(dir.join("申报书.docx")).expect("docx"), user_docx);
        assert_eq!(std::fs::read_to_string(dir.join("dossier.toml")).expect("toml"), user_toml);
    }
    assert!(dir.join("多媒体材料/视频").is_dir(), "what was missing is filled in");
}

#[test]
fn a_missing_file_is_added_and_recorded_in_the_applicants_dossier_toml() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("ln");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let user_toml = "notice = \"ln-2024-cases\"\nunit = \"辽宁某某大学\"\n\n[files]\nlicence = \"证照/法人证书.pdf\"\n";
    std::fs::write(dir.join("dossier.toml"), user_toml).expect("write");
    let report = init(&dir, &["--notice", "ln-2024-cases"]);
    assert_eq!(action(&report, "申报书.docx"), "created");
    assert_eq!(action(&report, "dossier.toml"), "record_updated");
    let text = std::fs::read_to_string(dir.join("dossier.toml")).expect("toml");
    assert!(text.starts_with(user_toml), "the applicant's lines are kept as they were:\n{text}");
    assert_eq!(recorded(&dir, "申报书.docx"), Some(sha256(&dir.join("申报书.docx"))));
}

#[test]
fn an_unknown_notice_or_a_folder_that_cannot_be_made_exits_2() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out =
        shenbao().arg("init").arg(tmp.path().join("x")).args(["--notice", "no-such-notice"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(!tmp.path().join("x").exists(), "nothing written for an unknown notice");

    let file = tmp.path().join("a-file");
    std::fs::write(&file, "x").expect("write");
    let out =
        shenbao().arg("init").arg(&file).args(["--notice", "ln-2024-cases", "--lang", "en"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a folder"));

    let out = shenbao().arg("init").arg(tmp.path().join("y")).output().expect("runs");
    assert_eq!(out.status.code(), Some(2), "--notice is required");
}

#[test]
fn a_rule_file_notice_is_named_in_dossier_toml_so_check_finds_it() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let rule = tmp.path().join("我的通知.toml");
    std::fs::write(&rule, shenbao::notice::embedded::text("ln-2024-cases").expect("embedded")).expect("write");
    let dir = tmp.path().join("材料");
    let out = shenbao_in(tmp.path())
        .args(["init", "材料", "--notice", "我的通知.toml", "--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let config: shenbao::dossier::DossierConfig =
        toml::from_str(&std::fs::read_to_string(dir.join("dossier.toml")).expect("toml")).expect("parses");
    let spec = PathBuf::from(config.notice.expect("notice"));
    assert!(spec.is_absolute() && spec.ends_with("我的通知.toml"), "{}", spec.display());
    let (status, report) = check(&dir, "2024-03-01");
    assert_eq!((status, report["notice"].as_str()), (Some(1), Some("ln-2024-cases")));
}

/// A rule file that places fields in a row of their own (`row`), in other layouts than the 负责人/联系人
/// rows of the embedded notices: the template puts each in its row, so `check` finds every cell and
/// asks only for the values.
#[test]
fn fields_named_in_a_row_get_cells_in_that_row_of_the_template() {
    let ln = shenbao::notice::embedded::text("ln-2024-cases").expect("embedded");
    let contact_rows = r#"    { label = "联系人" },
    { label = "职务", row = "联系人" },
    { label = "联系方式", kind = "contact", row = "联系人" },
    { label = "通讯地址" },
"#;
    assert!(ln.contains(contact_rows), "the ln rule file's 联系人 row");
    let layouts = [
        // The 联系人 after the 负责人 row, with fields other than a post and a contact.
        r#"    { label = "联系人" },
    { label = "手机", kind = "contact", row = "联系人" },
    { label = "电子邮箱", row = "联 系 人" },
    { label = "通讯地址" },
"#,
        // A row of its own, away from the 负责人 row.
        r#"    { label = "通讯地址" },
    { label = "联系人" },
    { label = "手机", kind = "contact", row = "联系人" },
    { label = "电子邮箱", row = "联 系 人" },
"#,
    ];
    for layout in layouts {
        let tmp = tempfile::tempdir().expect("tempdir");
        std::fs::write(tmp.path().join("通知.toml"), ln.replace(contact_rows, layout)).expect("write");
        let out = shenbao_in(tmp.path())
            .args(["init", "材料", "--notice", "通知.toml", "--format", "json"])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        let (_, report) = check(&tmp.path().join("材料"), "2024-03-01");
        let messages = |code: &str| -> Vec<String> {
            let all = report["diagnostics"].as_array().expect("diagnostics");
            all.iter()
                .filter(|d| d["code"] == code)
                .map(|d| d["message"].as_str().expect("message").to_owned())
                .collect()
        };
        assert!(messages("SB109").is_empty(), "{layout}: {:?}", messages("SB109"));
        let unfilled = messages("SB110");
        for title in ["联系人的手机", "联系人的电子邮箱"] {
            assert!(unfilled.iter().any(|m| m.contains(&format!("“{title}”栏未填写"))), "{layout}: {unfilled:?}");
        }
    }
}

/// A folder started for one notice is not filled with another's templates: nothing is written.
#[test]
fn a_folder_started_for_another_notice_is_left_alone() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("材料");
    init(&dir, &["--notice", "ln-2024-cases"]);
    let before: Vec<_> = walkdir::WalkDir::new(&dir).into_iter().map(|e| e.expect("entry").into_path()).collect();
    let out = shenbao().arg("init").arg(&dir).args(["--notice", "cq-2024-cases-2"]).output().expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("已按通知“ln-2024-cases”建立") && stderr.contains("未按 cq-2024-cases-2 生成任何文件"),
        "{stderr}"
    );
    let after: Vec<_> = walkdir::WalkDir::new(&dir).into_iter().map(|e| e.expect("entry").into_path()).collect();
    assert_eq!(before, after, "nothing added");

    // A typo elsewhere in dossier.toml does not hide its notice, as it does not from `check`.
    let config = dir.join("dossier.toml");
    let text = std::fs::read_to_string(&config).expect("dossier.toml");
    std::fs::write(&config, format!("prority = 1\n{text}")).expect("write");
    let out = shenbao().arg("init").arg(&dir).args(["--notice", "cq-2024-cases-2"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    let again: Vec<_> = walkdir::WalkDir::new(&dir).into_iter().map(|e| e.expect("entry").into_path()).collect();
    assert_eq!(before, again, "nothing added");
}

#[test]
fn list_shows_every_notice_and_its_template() {
    let out = shenbao().args(["init", "--list"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    for (id, _, file) in NOTICES {
        assert!(text.contains(id) && text.contains(file), "{id}");
    }
    for heading in
        ["一、问题描述（300字以内）", "二、案例简介（总篇幅不超过5000字）", "（一）场景建设架构图", "(1)项目概述"]
    {
        assert!(text.contains(heading), "{heading}\n{text}");
    }
    let en = shenbao().args(["init", "--list", "--notice", "cq-2024-cases-2", "--lang", "en"]).output().expect("runs");
    let en = String::from_utf8_lossy(&en.stdout);
    assert!(en.contains("template: 申报书.docx") && en.contains("folders: 多媒体材料/视频/"), "{en}");
    assert!(!en.contains("ln-2024-cases"), "one notice with --notice");

    let json = shenbao().args(["init", "--list", "--format", "json"]).output().expect("runs");
    let json: Value = serde_json::from_slice(&json.stdout).expect("json");
    insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_json_snapshot!("init__list", json);
    });
}

#[test]
fn the_generated_docx_opens_in_libreoffice() {
    let Some(soffice) = support::soffice() else {
        eprintln!("skipped: soffice (LibreOffice) is not on PATH");
        return;
    };
    let tmp = tempfile::tempdir().expect("tempdir");
    for (id, _, file) in NOTICES {
        let dir = tmp.path().join(id);
        init(&dir, &["--notice", id]);
        let out_dir = tmp.path().join(format!("{id}-pdf"));
        let profile = format!("-env:UserInstallation=file://{}", tmp.path().join("lo-profile").display());
        let status = std::process::Command::new(soffice)
            .args([profile.as_str(), "--headless", "--convert-to", "pdf", "--outdir"])
            .arg(&out_dir)
            .arg(dir.join(file))
            .output()
            .expect("soffice runs");
        assert!(status.status.success(), "{id}: {}", String::from_utf8_lossy(&status.stderr));
        let pdf = out_dir.join(Path::new(file).with_extension("pdf"));
        let bytes = std::fs::read(&pdf).unwrap_or_else(|e| panic!("{id}: {}: {e}", pdf.display()));
        assert!(bytes.starts_with(b"%PDF"), "{id}");
        let info = shenbao::read::pdf::read_pdf(&bytes).expect("a PDF shenbao reads");
        assert!(info.pages >= 2, "{id}: cover and body, {} pages", info.pages);
    }
}
