//! The command line as a user meets it: the real binary over the fixture dossiers, JSON snapshotted.

use serde_json::Value;
use std::path::Path;
mod support;
use support::{shenbao, FIXTURES};

/// Runs `check --format json` and returns (exit code, parsed JSON).
fn check_json(args: &[&str]) -> (i32, Value) {
    let (code, json, _) = check_json_stderr(args);
    (code, json)
}

/// [`check_json`], with what the run wrote on stderr.
fn check_json_stderr(args: &[&str]) -> (i32, Value, String) {
    let output = shenbao().arg("check").args(args).args(["--format", "json"]).output().expect("runs");
    let code = output.status.code().expect("exit code");
    let json: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("JSON on stdout ({e}): {}", String::from_utf8_lossy(&output.stdout)));
    (code, json, String::from_utf8_lossy(&output.stderr).into_owned())
}

/// The sorted codes of the first dossier's diagnostics, of one severity or of all.
fn codes_of(json: &Value, severity: Option<&str>) -> Vec<String> {
    let mut codes: Vec<String> = json["dossiers"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| severity.is_none_or(|s| d["severity"] == s))
        .map(|d| d["code"].as_str().expect("code").to_owned())
        .collect();
    codes.sort();
    codes
}

fn codes(json: &Value) -> Vec<String> {
    codes_of(json, None)
}

fn errors(json: &Value) -> Vec<String> {
    codes_of(json, Some("error"))
}

fn warnings(json: &Value) -> Vec<String> {
    codes_of(json, Some("warning"))
}

fn snapshot(name: &str, json: &Value) {
    insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_json_snapshot!(name, json, { ".version" => "[version]" });
    });
}

#[test]
fn every_sample_dossier_is_snapshotted() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    for notice in std::fs::read_dir(&root).expect("fixtures").filter_map(Result::ok) {
        let name = notice.file_name().to_string_lossy().into_owned();
        if name == "batch" {
            continue;
        }
        for dossier in std::fs::read_dir(notice.path()).expect("notice folder").filter_map(Result::ok) {
            let dir = format!("fixtures/{name}/{}", dossier.file_name().to_string_lossy());
            assert!(FIXTURES.iter().any(|(d, _)| *d == dir), "{dir} is not in FIXTURES");
        }
    }
}

#[test]
fn every_fixture_snapshot() {
    for (dir, today) in FIXTURES {
        let (code, json) = check_json(&[dir, "--today", today]);
        let passed = json["dossiers"][0]["passed"].as_bool().expect("passed");
        assert_eq!(code, if passed { 0 } else { 1 }, "{dir}: exit code follows `passed`");
        let name = dir.trim_start_matches("fixtures/").replace('/', "__");
        snapshot(&name, &json);
    }
}

#[test]
fn passing_samples_pass() {
    for (dir, today) in FIXTURES.iter().filter(|(d, _)| d.ends_with("/pass")) {
        let (code, json) = check_json(&[dir, "--today", today]);
        assert_eq!(code, 0, "{dir} should pass: {:#}", json["dossiers"][0]["diagnostics"]);
        assert!(errors(&json).is_empty());
        assert!(
            !json["dossiers"][0]["sections"].as_array().expect("sections").is_empty(),
            "{dir} has counted sections"
        );
    }
}

#[test]
fn each_fault_is_named_by_its_code() {
    let cases: &[(&str, &str, &[&str])] = &[
        ("fixtures/ln-2024-cases/over-section", "2024-02-28", &["SB103"]),
        ("fixtures/ln-2024-cases/over-total", "2024-02-28", &["SB104"]),
        ("fixtures/ln-2024-cases/missing-licence", "2024-02-28", &["SB201"]),
        ("fixtures/ln-2024-cases/missing-section", "2024-02-28", &["SB102"]),
        ("fixtures/cq-2024-cases-2/over-part", "2024-08-10", &["SB104"]),
        ("fixtures/cq-2024-cases-2/missing-pdf", "2024-08-10", &["SB201"]),
        ("fixtures/cq-2024-cases-2/legacy-doc", "2024-08-10", &["SB202"]),
        ("fixtures/cq-2024-cases-2/png-renamed-jpg", "2024-08-10", &["SB203"]),
        ("fixtures/national-2024-contest/pass", "2026-11-24", &["SB401"]),
        ("fixtures/cq-2024-cases-2/video-short-480p", "2024-08-10", &["SB303", "SB304"]),
        ("fixtures/cq-2024-cases-2/mov-renamed-mp4", "2024-08-10", &["SB203"]),
        ("fixtures/cq-2024-cases-2/low-res-pictures", "2024-08-10", &["SB311", "SB311", "SB311", "SB311"]),
        ("fixtures/cq-2024-cases-2/pdf-encrypted", "2024-08-10", &["SB322"]),
        ("fixtures/qh-2025-scenes/overview-over-limit", "2026-11-24", &["SB111"]),
        ("fixtures/qh-2025-scenes/direction-not-ticked", "2026-11-24", &["SB110"]),
        ("fixtures/cq-2024-cases-2/careless-content", "2024-08-10", &["SB701", "SB709"]),
        ("fixtures/ln-2024-contest/two-topics-misspelt", "2024-07-01", &["SB716"]),
    ];
    for (dir, today, expected) in cases {
        let (code, json) = check_json(&[dir, "--today", today]);
        assert_eq!(code, 1, "{dir} fails");
        assert_eq!(errors(&json), *expected, "{dir}");
    }
}

#[test]
fn content_faults_are_named_in_the_careless_samples() {
    let cases: &[(&str, &str, &[&str])] = &[
        ("fixtures/cq-2024-cases-2/careless-content", "2024-08-10", &["SB701", "SB707", "SB709", "SB715"]),
        ("fixtures/qh-2025-scenes/careless-plan", "2026-11-24", &["SB710", "SB711", "SB712"]),
        ("fixtures/ln-2024-contest/two-topics-misspelt", "2024-07-01", &["SB705", "SB716"]),
    ];
    for (dir, today, expected) in cases {
        let (_, json) = check_json(&[dir, "--today", today]);
        let mut found: Vec<String> = codes(&json).into_iter().filter(|c| c.starts_with("SB7")).collect();
        found.sort();
        found.dedup();
        assert_eq!(found, *expected, "{dir}");
    }
}

#[test]
fn warnings_do_not_fail_a_dossier() {
    let (code, json) = check_json(&["fixtures/ln-2024-cases/out-of-order", "--today", "2024-02-28"]);
    assert_eq!(code, 0);
    assert!(codes(&json).contains(&"SB106".to_owned()), "{:?}", codes(&json));
    let (code, json) = check_json(&["fixtures/ln-2024-cases/ambiguous-quotes", "--today", "2024-02-28"]);
    assert_eq!(code, 0);
    assert!(codes(&json).contains(&"SB105".to_owned()), "{:?}", codes(&json));
    let section = &json["dossiers"][0]["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .find(|s| s["title"] == "问题描述")
        .expect("问题描述 counted")
        .clone();
    assert_eq!(
        (section["words"].as_u64(), section["words_low"].as_u64(), section["words_high"].as_u64()),
        (Some(299), Some(299), Some(301))
    );
}

#[test]
fn over_section_says_how_much_to_cut() {
    let (_, json) = check_json(&["fixtures/ln-2024-cases/over-section", "--today", "2024-02-28"]);
    let d = json["dossiers"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["code"] == "SB103")
        .expect("SB103")
        .clone();
    assert_eq!(d["section"], "问题描述");
    assert_eq!(d["file"], "申报书.docx");
    let message = d["message"].as_str().expect("message");
    assert!(message.contains("312") && message.contains("300") && message.contains("12"), "{message}");
}

#[test]
fn deadline_days_are_counted_in_beijing_time() {
    let (code, json) = check_json(&["fixtures/cq-2024-cases-2/pass", "--today", "2024-08-16"]);
    assert_eq!(code, 0, "a near deadline is a warning");
    assert!(codes(&json).contains(&"SB402".to_owned()));
    assert_eq!(json["dossiers"][0]["deadline"]["days_left"], 4);
    let round = |json: &Value| {
        let diagnostics = json["dossiers"][0]["diagnostics"].as_array().expect("diagnostics").clone();
        let d = diagnostics.into_iter().find(|d| d["code"] == "SB403").expect("SB403 names the round");
        d["message"].as_str().expect("message").to_owned()
    };
    assert!(round(&json).ends_with("剩余 4 天"), "{}", round(&json));
    let (code, json) = check_json(&["fixtures/cq-2024-cases-2/pass", "--today", "2024-08-21"]);
    assert_eq!(code, 1);
    assert!(errors(&json).contains(&"SB401".to_owned()));
    // Once closed, the round's line says so instead of "0 days left".
    assert!(round(&json).ends_with("已截止"), "{}", round(&json));
}

#[test]
fn qh_rounds_pick_the_next_open_one() {
    let (_, json) = check_json(&["fixtures/qh-2025-scenes/pass", "--today", "2026-11-24"]);
    assert_eq!(json["dossiers"][0]["deadline"]["round"], "2027年3月批次");
    assert_eq!(json["dossiers"][0]["deadline"]["date"], "2027-03-15");
}

#[test]
fn several_dossiers_in_one_run() {
    let output = shenbao()
        .args([
            "check",
            "fixtures/ln-2024-cases/pass",
            "fixtures/ln-2024-cases/over-section",
            "--today",
            "2024-02-28",
            "--format",
            "json",
        ])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(json["summary"]["dossiers"], 2);
    assert_eq!(json["summary"]["passed"], 1);
    assert_eq!(json["schema"], 1);
    assert_eq!(json["tool"], "shenbao");
}

/// A mistyped folder is reported (SB004) and exits 2, apart from dossiers with errors; the folders
/// that exist are still checked.
#[test]
fn a_missing_folder_is_a_diagnostic_and_a_bad_argument_not_a_crash() {
    let (code, json) = check_json(&["fixtures/does-not-exist", "--notice", "cq-2024-cases-2"]);
    assert_eq!(code, 2);
    assert_eq!(errors(&json), ["SB004"]);
    let (code, json, stderr) =
        check_json_stderr(&["fixtures/does-not-exist", "fixtures/ln-2024-cases/pass", "--today", "2024-02-28"]);
    assert_eq!(code, 2);
    assert_eq!(json["summary"]["dossiers"], 2, "the other folder is checked: {json:#}");
    assert!(stderr.contains("找不到文件夹：fixtures/does-not-exist（请检查路径；其余材料已检查）"), "{stderr}");
}

#[test]
fn human_output_is_chinese_by_default_and_english_on_request() {
    let out = shenbao()
        .args(["check", "fixtures/ln-2024-cases/over-section", "--today", "2024-02-28"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("SB103") && text.contains("需删减 12 字"), "{text}");
    assert!(text.contains("问题描述") && text.contains("余量"), "{text}");
    let out = shenbao()
        .args(["--lang", "en", "check", "fixtures/ln-2024-cases/over-section", "--today", "2024-02-28"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("SB103") && text.contains("cut 12"), "{text}");
}

#[test]
fn unknown_notice_and_bad_rule_file_exit_2() {
    shenbao().args(["check", "fixtures/ln-2024-cases/pass", "--notice", "no-such-notice"]).assert().code(2);
    let dir = tempfile::tempdir().expect("tempdir");
    let rule = dir.path().join("mine.toml");
    std::fs::write(&rule, "schema = 1\nid = \"mine\"\ntitel = \"x\"\n").expect("write");
    let out = shenbao().args(["check", "fixtures/ln-2024-cases/pass", "--notice"]).arg(&rule).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("titel"), "the unknown key is shown: {err}");
}

#[test]
fn notices_lists_all_five() {
    let out = shenbao().args(["notices", "--format", "json"]).output().expect("runs");
    assert!(out.status.success());
    let json: Value = serde_json::from_slice(&out.stdout).expect("json");
    let ids: Vec<&str> = json.as_array().expect("list").iter().map(|n| n["id"].as_str().expect("id")).collect();
    assert_eq!(ids, ["ln-2024-cases", "cq-2024-cases-2", "ln-2024-contest", "national-2024-contest", "qh-2025-scenes"]);
    for id in ids {
        shenbao().args(["notices", "show", id]).assert().success();
    }
}

#[test]
fn count_json_contract() {
    let out = shenbao()
        .args([
            "count",
            "fixtures/ln-2024-cases/over-section/申报书.docx",
            "--notice",
            "ln-2024-cases",
            "--format",
            "json",
        ])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let json: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["unit"], "word");
    for key in ["words", "chars_no_spaces", "hanzi"] {
        assert!(json["total"][key].is_u64(), "total.{key}");
    }
    let first = &json["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .find(|s| s["title"] == "问题描述")
        .expect("问题描述")
        .clone();
    assert_eq!(first["words"], 312);
    assert_eq!(first["limit"], 300);
    assert_eq!(first["level"], 2);
    snapshot("count__ln-2024-cases__over-section", &json);
}

#[test]
fn count_without_notice_uses_headings() {
    let out = shenbao()
        .args(["count", "fixtures/qh-2025-scenes/pass/建设方案（可编辑版）.docx", "--format", "json"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let json: Value = serde_json::from_slice(&out.stdout).expect("json");
    let titles: Vec<&str> =
        json["sections"].as_array().expect("sections").iter().filter_map(|s| s["title"].as_str()).collect();
    assert!(titles.contains(&"一、工作基础") && titles.contains(&"（二）主要建设任务"), "{titles:?}");
}

#[test]
fn count_refuses_non_docx_with_exit_2() {
    let out = shenbao().args(["count", "fixtures/cq-2024-cases-2/legacy-doc/申报书.doc"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains(".docx"));
    shenbao().args(["count", "fixtures/no-such-file.docx"]).assert().code(2);
}

fn count_json(args: &[&str]) -> (Option<i32>, Value, String) {
    let out = shenbao().arg("count").args(args).args(["--format", "json"]).output().expect("runs");
    let json = serde_json::from_slice(&out.stdout).expect("json");
    (out.status.code(), json, String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn count_takes_several_files_and_folders_in_the_order_given() {
    let file = "fixtures/ln-2024-cases/over-section/申报书.docx";
    let folder = "fixtures/qh-2025-scenes";
    let (code, single, _) = count_json(&[file, "--notice", "ln-2024-cases"]);
    assert_eq!(code, Some(0));
    let (code, list, stderr) = count_json(&[folder, file, "--notice", "ln-2024-cases"]);
    assert_eq!(code, Some(0), "{stderr}");
    let list = list.as_array().expect("an array for several files");

    // The folder stands for every .docx below it, sorted; the file follows, counted as when alone.
    let mut docx: Vec<_> =
        walk(Path::new(folder)).into_iter().filter(|p| p.extension().is_some_and(|e| e == "docx")).collect();
    docx.sort(); // paths order by component, as a folder walk sorted by name
    let mut expected: Vec<String> = docx.iter().map(|p| p.display().to_string()).collect();
    expected.push(file.to_owned());
    let files: Vec<&str> = list.iter().map(|r| r["file"].as_str().expect("file")).collect();
    assert_eq!(files, expected);
    assert_eq!(list.last(), Some(&single));
    assert!(list.iter().all(|r| r["total"]["words"].as_u64().is_some_and(|w| w > 0)), "{list:?}");
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("a folder").map(|e| e.expect("entry").path()) {
        if entry.is_dir() {
            out.extend(walk(&entry));
        } else {
            out.push(entry);
        }
    }
    out
}

#[test]
fn one_unreadable_file_does_not_stop_a_count_of_several() {
    let bad = "fixtures/cq-2024-cases-2/legacy-doc/申报书.doc";
    let good = "fixtures/ln-2024-cases/over-section/申报书.docx";
    let (code, list, stderr) = count_json(&[bad, good]);
    assert_eq!(code, Some(2), "a file that cannot be counted is exit 2");
    assert!(stderr.contains("申报书.doc:") && stderr.contains(".docx"), "{stderr}");
    assert_eq!(list[0]["file"], bad);
    assert!(list[0]["error"].as_str().is_some_and(|e| e.contains("另存为 .docx")), "{list}");
    assert_eq!(list[1]["file"], good);
    assert!(list[1]["total"]["words"].is_u64());

    // Human output: each report under its file name, in order.
    let out = shenbao()
        .args(["count", good, "fixtures/qh-2025-scenes/pass/建设方案（可编辑版）.docx"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let (first, second) = (text.find("over-section").expect("first"), text.find("建设方案").expect("second"));
    assert!(first < second, "{text}");
}

#[test]
fn a_folder_count_leaves_out_lock_files_and_says_when_nothing_is_found() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy("fixtures/ln-2024-cases/over-section/申报书.docx", dir.path().join("申报书.docx")).expect("copy");
    std::fs::write(dir.path().join("~$申报书.docx"), b"lock").expect("lock file");
    std::fs::write(dir.path().join("说明.txt"), b"text").expect("other file");
    // What macOS's zip leaves beside the document is not a document.
    std::fs::create_dir(dir.path().join("__MACOSX")).expect("litter folder");
    std::fs::write(dir.path().join("__MACOSX").join("._申报书.docx"), b"resource fork").expect("litter");
    let folder = dir.path().to_str().expect("utf-8 path");
    let (code, list, stderr) = count_json(&[folder]);
    assert_eq!(code, Some(0), "{stderr}");
    let files: Vec<&str> = list.as_array().expect("array").iter().filter_map(|r| r["file"].as_str()).collect();
    assert_eq!(files, [dir.path().join("申报书.docx").display().to_string()]);

    let empty = tempfile::tempdir().expect("tempdir");
    let out = shenbao().args(["count", empty.path().to_str().expect("utf-8 path")]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("没有找到 .docx 文件"));
    let (code, list, stderr) = count_json(&[empty.path().to_str().expect("utf-8 path")]);
    assert_eq!((code, list), (Some(2), serde_json::json!([])));
    assert!(stderr.contains("没有找到 .docx 文件"), "{stderr}");
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("shenbao"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "fixtures/ln-2024-cases/pass", "fixtures/cq-2024-cases-2/pass", "--today", "2024-02-28"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    drop(child.stdout.take());
    let status = child.wait().expect("wait");
    let mut err = String::new();
    child.stderr.take().expect("stderr").read_to_string(&mut err).expect("read");
    assert!(!err.contains("panicked"), "{err}");
    assert!(matches!(status.code(), Some(0 | 1)), "{status:?}");
}

#[test]
fn sources_are_never_written() {
    fn digest(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
        let mut all: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| (e.path().display().to_string(), std::fs::read(e.path()).expect("read")))
            .collect();
        all.sort();
        all
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let before = digest(&root);
    for (dir, today) in FIXTURES {
        shenbao().args(["check", dir, "--today", today]).output().expect("runs");
    }
    assert!(before == digest(&root), "a check changed a fixture");
}

#[test]
fn a_units_own_rule_file_is_used() {
    // A recommending unit raises 问题描述's limit to 320 in its own copy of the notice.
    let text =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/ln-2024-cases.toml"))
            .expect("rule file");
    let own = text.replacen("id = \"ln-2024-cases\"", "id = \"ln-2024-cases-local\"", 1).replacen(
        "limit = 300\n",
        "limit = 320\n",
        1,
    );
    assert_ne!(own, text);
    let dir = tempfile::tempdir().expect("tempdir");
    let rule = dir.path().join("local.toml");
    std::fs::write(&rule, own).expect("write");
    let rule = rule.to_str().expect("utf-8 path");
    let (code, json) = check_json(&["fixtures/ln-2024-cases/over-section", "--today", "2024-02-28", "--notice", rule]);
    assert_eq!(code, 0, "{:#}", json["dossiers"][0]["diagnostics"]);
    assert_eq!(json["dossiers"][0]["notice"], "ln-2024-cases-local");
}

#[test]
fn media_and_pdf_warnings_name_their_fault() {
    let cases: &[(&str, &[&str])] = &[
        ("fixtures/cq-2024-cases-2/video-long-hevc", &["SB305"]),
        ("fixtures/cq-2024-cases-2/missing-picture-category", &["SB314"]),
        ("fixtures/cq-2024-cases-2/pdf-no-seal", &["SB324"]),
        ("fixtures/cq-2024-cases-2/pdf-older-than-word", &["SB325"]),
        ("fixtures/cq-2024-cases-2/pass", &[]),
    ];
    for (dir, expected) in cases {
        let (code, json) = check_json(&[dir, "--today", "2024-08-10"]);
        assert_eq!(code, 0, "{dir}: warnings alone do not fail");
        assert_eq!(warnings(&json), *expected, "{dir}");
    }
    let (_, json) = check_json(&["fixtures/cq-2024-cases-2/video-long-hevc", "--today", "2024-08-10"]);
    assert!(codes(&json).contains(&"SB306".to_owned()), "HEVC is noted");
}

#[test]
fn the_stamped_scan_is_summarised_with_its_seal_pages() {
    let (_, json) = check_json(&["fixtures/cq-2024-cases-2/pass", "--today", "2024-08-10"]);
    let summary = json["dossiers"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["code"] == "SB328")
        .expect("PDF summary")
        .clone();
    let message = summary["message"].as_str().expect("message");
    assert!(message.contains("6 页") && message.contains("扫描件") && message.contains("第 2、6 页"), "{message}");
    let video = json["dossiers"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["code"] == "SB307")
        .expect("video summary")
        .clone();
    assert!(video["message"].as_str().expect("message").contains("1920×1080"), "{video}");
}

#[test]
fn dossier_toml_can_name_a_pictures_category() {
    // The applicant's 系统界面呈现图 is called 3-….jpg; dossier.toml [pictures] says what it is.
    let src =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/cq-2024-cases-2/missing-picture-category");
    let dir = tempfile::tempdir().expect("tempdir");
    for entry in walkdir::WalkDir::new(&src).into_iter().filter_map(Result::ok).filter(|e| e.file_type().is_file()) {
        let target = dir.path().join(entry.path().strip_prefix(&src).expect("inside"));
        std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        std::fs::copy(entry.path(), &target).expect("copy");
    }
    let toml = dir.path().join("dossier.toml");
    let mut text = std::fs::read_to_string(&toml).expect("dossier.toml");
    text.push_str("\n[pictures]\n\"多媒体材料/图片/3-数据安全技术应用示意图.jpg\" = \"系统界面呈现图\"\n");
    std::fs::write(&toml, text).expect("write");
    let path = dir.path().to_str().expect("utf-8");
    let (_, json) = check_json(&[path, "--today", "2024-08-10"]);
    assert!(!codes(&json).contains(&"SB314".to_owned()), "{:?}", codes(&json));
}

/// A copy of a fixture dossier in a temporary folder, changed by `edit`.
fn variant(fixture: &str, edit: impl FnOnce(&std::path::Path)) -> tempfile::TempDir {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(fixture);
    let dir = tempfile::tempdir().expect("tempdir");
    support::copy_dir(&src, dir.path());
    edit(dir.path());
    dir
}

/// A licence copy named “营业执照扫描件” is the licence: `*营业执照*` names it more closely than the
/// stamped scan's `*扫描*`, so neither the licence is missing nor the stamped PDF replaced.
#[test]
fn a_scanned_licence_is_taken_for_the_licence_not_the_stamped_scan() {
    let cq = variant("fixtures/cq-2024-cases-2/pass", |d| {
        std::fs::copy(d.join("申报书（用印）.pdf"), d.join("营业执照扫描件.pdf")).expect("copy");
        std::fs::remove_file(d.join("营业执照复印件.jpg")).expect("rm");
    });
    let (_, json) = check_json(&[cq.path().to_str().expect("utf-8"), "--today", "2024-08-10"]);
    let found = codes(&json);
    for code in ["SB201", "SB209"] {
        assert!(!found.contains(&code.to_owned()), "{code}: {found:?}");
    }

    let ln = variant("fixtures/ln-2024-cases/pass", |d| {
        std::fs::rename(d.join("事业单位法人证书复印件.jpg"), d.join("营业执照扫描件.jpg")).expect("mv");
    });
    let (_, json) = check_json(&[ln.path().to_str().expect("utf-8"), "--today", "2024-03-01"]);
    let found = codes(&json);
    for code in ["SB201", "SB204"] {
        assert!(!found.contains(&code.to_owned()), "{code}: {found:?}");
    }
}

/// A folder of many stray files: the human view lists 20 of them and counts the rest; JSON lists all.
#[test]
fn the_human_view_lists_twenty_of_one_code_and_counts_the_rest() {
    let dir = variant("fixtures/cq-2024-cases-2/pass", |d| {
        std::fs::create_dir(d.join("杂项")).expect("mkdir");
        for i in 0..30 {
            std::fs::write(d.join(format!("杂项/笔记{i:02}.txt")), "备忘").expect("write");
        }
    });
    let path = dir.path().to_str().expect("utf-8");
    let out = shenbao().args(["check", path, "--today", "2024-08-10"]).output().expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.matches("SB208").count(), 21, "20 listed and one line for the rest: {text}");
    assert!(text.contains("SB208 另有 10 处未逐一列出"), "{text}");
    let (_, json) = check_json(&[path, "--today", "2024-08-10"]);
    assert_eq!(codes(&json).iter().filter(|c| *c == "SB208").count(), 30);
}

#[test]
fn everyday_folder_mistakes_are_named() {
    let cq = "fixtures/cq-2024-cases-2/pass";
    let write = |rel: &'static str, bytes: &'static [u8]| {
        move |d: &std::path::Path| std::fs::write(d.join(rel), bytes).expect("write")
    };
    let truncate = |rel: &'static str, keep: usize| {
        move |d: &std::path::Path| {
            let bytes = std::fs::read(d.join(rel)).expect("read");
            std::fs::write(d.join(rel), &bytes[..keep]).expect("write");
        }
    };
    type Edit = Box<dyn Fn(&std::path::Path)>;
    let cases: Vec<(&str, Edit, &str)> = vec![
        ("an unknown notice in dossier.toml", Box::new(write("dossier.toml", b"notice = \"cq-2099\"\n")), "SB001"),
        (
            "no notice named: the 申报书's headings tell it",
            Box::new(|d: &std::path::Path| std::fs::remove_file(d.join("dossier.toml")).expect("rm")),
            "SB011",
        ),
        (
            "no notice at all, and no Word file to tell it",
            Box::new(|d: &std::path::Path| {
                std::fs::remove_file(d.join("dossier.toml")).expect("rm");
                std::fs::remove_file(d.join("申报书.docx")).expect("rm");
            }),
            "SB002",
        ),
        (
            "a typo in dossier.toml",
            Box::new(write("dossier.toml", b"notice = \"cq-2024-cases-2\"\nprority = 1\n")),
            "SB003",
        ),
        (
            "a licence photographed as HEIC",
            Box::new(|d: &std::path::Path| {
                std::fs::remove_file(d.join("营业执照复印件.jpg")).expect("rm");
                std::fs::write(d.join("营业执照复印件.heic"), b"\0\0\0\x18ftypheic\0\0\0\0mif1heic").expect("write");
            }),
            "SB204",
        ),
        ("a damaged Word file", Box::new(write("申报书.docx", b"PK\x03\x04 not really a zip")), "SB205"),
        ("a 0-byte file", Box::new(write("说明.pdf", b"")), "SB206"),
        ("Word still open", Box::new(write("~$申报书.docx", b"\x05user")), "SB207"),
        ("a stray file", Box::new(write("备忘.txt", "别忘了盖章".as_bytes())), "SB208"),
        (
            "an old copy beside the 申报书",
            Box::new(|d: &std::path::Path| {
                std::fs::copy(d.join("申报书.docx"), d.join("申报书-旧版.docx")).expect("copy");
            }),
            "SB209",
        ),
        (
            "the stamped PDF named freely",
            Box::new(|d: &std::path::Path| {
                std::fs::rename(d.join("申报书（用印）.pdf"), d.join("scan0001.pdf")).expect("mv");
            }),
            "SB210",
        ),
        ("a video cut short in copying", Box::new(truncate("多媒体材料/视频/案例视频.mp4", 200)), "SB301"),
        ("a picture cut short in copying", Box::new(truncate("多媒体材料/图片/2-商业模式示意图.jpg", 4000)), "SB313"),
        ("a PDF that only looks like one", Box::new(write("申报书（用印）.pdf", b"%PDF-1.7\nnothing else")), "SB321"),
    ];
    for (what, edit, code) in cases {
        let dir = variant(cq, edit);
        let (_, json) = check_json(&[dir.path().to_str().expect("utf-8"), "--today", "2024-08-10"]);
        assert!(codes(&json).contains(&code.to_owned()), "{what}: expected {code}, got {:?}", codes(&json));
    }
}

/// The diagnostics of the first dossier, and the message of its one SB003.
fn without_sb003(json: &Value) -> (Vec<Value>, String) {
    let diagnostics = json["dossiers"][0]["diagnostics"].as_array().expect("diagnostics");
    let (sb003, others): (Vec<&Value>, Vec<&Value>) = diagnostics.iter().partition(|d| d["code"] == "SB003");
    assert_eq!(sb003.len(), 1, "one SB003: {diagnostics:?}");
    (others.into_iter().cloned().collect(), sb003[0]["message"].as_str().expect("message").to_owned())
}

/// A misspelt key in dossier.toml costs only that key: the notice is still read, the dossier gets the same
/// findings as without the typo, and SB003 says where the typo is and which key was meant.
#[test]
fn a_typo_in_dossier_toml_ignores_only_that_key() {
    let fixture = "fixtures/ln-2024-cases/pass";
    let typo = variant(fixture, |d| {
        let text = std::fs::read_to_string(d.join("dossier.toml")).expect("read");
        assert!(text.contains("\npriority = 1\n"), "{text}");
        std::fs::write(d.join("dossier.toml"), text.replace("\npriority = 1\n", "\nprority = 1\n")).expect("write");
    });
    let path = typo.path().to_str().expect("utf-8");
    let (_, clean) = check_json(&[fixture, "--today", "2024-02-28"]);
    let (code, json) = check_json(&[path, "--today", "2024-02-28"]);
    assert_eq!(code, 1, "SB003 is an error");
    assert_eq!(json["dossiers"][0]["notice"], "ln-2024-cases");
    assert_eq!(json["dossiers"][0]["sections"], clean["dossiers"][0]["sections"]);
    let (others, message) = without_sb003(&json);
    assert_eq!(&others, clean["dossiers"][0]["diagnostics"].as_array().expect("diagnostics"));
    assert_eq!(message, "第 6 行第 1 列：未知的键“prority”，本次检查忽略此键。是否想写 priority？");

    let (_, json) = check_json(&[path, "--today", "2024-02-28", "--lang", "en"]);
    assert_eq!(
        without_sb003(&json).1,
        "line 6, column 1: unknown key `prority`; ignored for this check. Did you mean `priority`?"
    );
}

/// A value of the wrong type is named with the type wanted in plain words; a TOML syntax error keeps its
/// position, and the missing notice then says why it is missing.
#[test]
fn dossier_toml_type_and_syntax_errors_are_named_in_plain_words() {
    let fixture = "fixtures/ln-2024-cases/pass";
    let write = |text: &'static str| move |d: &Path| std::fs::write(d.join("dossier.toml"), text).expect("write");
    let wrong_type = variant(fixture, write("notice = \"ln-2024-cases\"\npriority = \"1\"\n"));
    let path = wrong_type.path().to_str().expect("utf-8");
    let (_, json) = check_json(&[path, "--today", "2024-02-28"]);
    assert_eq!(json["dossiers"][0]["notice"], "ln-2024-cases");
    assert_eq!(without_sb003(&json).1, "第 2 行第 12 列：键“priority”的值应为整数，这里是字符串，本次检查忽略此键");
    let (_, json) = check_json(&[path, "--today", "2024-02-28", "--lang", "en"]);
    assert_eq!(
        without_sb003(&json).1,
        "line 2, column 12: `priority` must be an integer, not a string; ignored for this check"
    );

    let unquoted = variant(fixture, write("notice = ln-2024-cases\n"));
    let (_, json) = check_json(&[unquoted.path().to_str().expect("utf-8"), "--today", "2024-02-28"]);
    let (others, message) = without_sb003(&json);
    assert_eq!(message, "第 1 行第 10 列：TOML 语法错误：字符串值没有加英文双引号，本次检查忽略“notice”");
    // The 申报书's headings still say which notice: checked against it, and said to be inferred.
    assert_eq!(json["dossiers"][0]["notice"], "ln-2024-cases");
    assert!(others.iter().any(|d| d["code"] == "SB011"), "{others:?}");

    // Without a Word file to tell it, the notice's absence says why it is absent.
    let unquoted = variant(fixture, |d: &Path| {
        std::fs::write(d.join("dossier.toml"), "notice = ln-2024-cases\n").expect("write");
        std::fs::remove_file(d.join("申报书.docx")).expect("rm");
    });
    let (_, json) = check_json(&[unquoted.path().to_str().expect("utf-8"), "--today", "2024-02-28"]);
    let (others, _) = without_sb003(&json);
    assert_eq!(others.len(), 1, "{others:?}");
    assert_eq!(others[0]["code"], "SB002");
    assert_eq!(others[0]["message"], "未指定通知：没有 --notice，dossier.toml 中的 notice 又无法读取（见 SB003）");
}

/// A syntax error costs only its line: a full-width `＝` or a missing quote elsewhere leaves the notice read
/// and the dossier checked as without it; with the notice line itself broken, `--notice` still checks it.
#[test]
fn a_syntax_error_in_dossier_toml_costs_only_its_line() {
    let fixture = "fixtures/ln-2024-cases/pass";
    let (_, clean) = check_json(&[fixture, "--today", "2024-02-28"]);
    let edit = |from: &'static str, to: &'static str| {
        move |d: &Path| {
            let text = std::fs::read_to_string(d.join("dossier.toml")).expect("read");
            assert!(text.contains(from), "{text}");
            std::fs::write(d.join("dossier.toml"), text.replacen(from, to, 1)).expect("write");
        }
    };
    let full_width = variant(fixture, edit("\npriority = 1\n", "\npriority ＝ 1\n"));
    let path = full_width.path().to_str().expect("utf-8");
    let (code, json) = check_json(&[path, "--today", "2024-02-28"]);
    assert_eq!(code, 1, "SB003 is an error");
    assert_eq!(json["dossiers"][0]["notice"], "ln-2024-cases");
    let (others, message) = without_sb003(&json);
    assert_eq!(&others, clean["dossiers"][0]["diagnostics"].as_array().expect("diagnostics"));
    assert_eq!(message, "第 6 行第 10 列：全角符号“＝”，TOML 要用英文（半角）的 =，本次检查忽略“priority”");
    let (_, json) = check_json(&[path, "--today", "2024-02-28", "--lang", "en"]);
    assert_eq!(
        without_sb003(&json).1,
        "line 6, column 10: full-width “＝” (a Chinese input method's): TOML needs the ASCII =; `priority` is ignored for this check"
    );

    let unclosed = variant(fixture, edit("notice = \"ln-2024-cases\"", "notice = \"ln-2024-cases"));
    let path = unclosed.path().to_str().expect("utf-8");
    let (_, json) = check_json(&[path, "--today", "2024-02-28", "--notice", "ln-2024-cases"]);
    assert_eq!(json["dossiers"][0]["notice"], "ln-2024-cases");
    let (others, message) = without_sb003(&json);
    assert_eq!(&others, clean["dossiers"][0]["diagnostics"].as_array().expect("diagnostics"));
    assert!(message.starts_with("第 1 行第 "), "{message}");
    assert!(message.contains("字符串缺少结尾的英文引号"), "{message}");
}

#[test]
fn a_registration_not_yet_open_is_a_warning() {
    let (code, json) = check_json(&["fixtures/ln-2024-contest/pass", "--today", "2024-06-01"]);
    assert_eq!(code, 0);
    assert_eq!(warnings(&json), ["SB404"]);
}

/// The command line's own help and usage errors are in the user's language: Chinese by default,
/// clap's English with `--lang en` (which may itself come after the bad argument).
#[test]
fn help_and_usage_errors_speak_the_users_language() {
    let out = shenbao().args(["check", "--no-such-flag"]).env("SHENBAO_LANG", "zh").output().expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.starts_with("错误：没有参数 --no-such-flag；若这是以 - 开头的文件名或取值，在它前面写 --\n"),
        "{stderr}"
    );
    assert!(stderr.contains("用法：shenbao check") && stderr.contains("运行 shenbao --help"), "{stderr}");
    let out = shenbao().args(["chek", "fixtures"]).env("SHENBAO_LANG", "zh").output().expect("runs");
    assert_eq!(String::from_utf8_lossy(&out.stderr).lines().next(), Some("错误：没有子命令 chek；是否想写 check？"));
    let out = shenbao().args(["check", "--no-such-flag", "--lang", "en"]).output().expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("unexpected argument '--no-such-flag'") && !stderr.contains("错误"), "{stderr}");

    let out = shenbao().args(["count", "--help"]).env("SHENBAO_LANG", "zh").output().expect("runs");
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(help.starts_with("按 Word 字数统计的口径逐节统计 .docx 的字数"), "{help}");
    assert!(
        help.contains("用法：shenbao count") && help.contains("--notice <ID|FILE>  按通知的部分和章节统计"),
        "{help}"
    );
    let out = shenbao().args(["count", "--help", "--lang", "en"]).output().expect("runs");
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("Count a .docx section by section"));
    assert!(shenbao().arg("--version").output().expect("runs").status.success());
}

/// The section table's counts sit under its "words" heading, whatever the width of the titles.
#[test]
fn section_table_columns_line_up_with_their_heading() {
    use shenbao::render::human::display_width;
    for (lang, head) in [("en", "words"), ("zh", "字数")] {
        let out = shenbao()
            .args(["check", "fixtures/ln-2024-contest/pass", "--today", "2024-06-20", "--lang", lang])
            .output()
            .expect("runs");
        let text = String::from_utf8_lossy(&out.stdout);
        let lines: Vec<&str> = text.lines().collect();
        let at = lines.iter().position(|l| l.contains(head)).expect("the table's heading");
        let end_of = |line: &str, word: &str| display_width(&line[..line.find(word).expect(word) + word.len()]);
        let row = lines[at + 1];
        let count = row.split_whitespace().nth(1).expect("a count");
        assert_eq!(end_of(lines[at], head), end_of(row, count), "{lang}:\n{}\n{row}", lines[at]);
    }
}

/// ln-2024-cases' only deadline is the 教育厅's, for 高校: a company's dossier is not told it has
/// passed; it is told the notice sets no deadline for its unit type.
#[test]
fn a_round_for_other_unit_types_is_not_a_dossiers_deadline() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("企业");
    support::copy_dir(std::path::Path::new("fixtures/ln-2024-cases/pass"), &dir);
    let toml = std::fs::read_to_string(dir.join("dossier.toml")).expect("read");
    std::fs::write(dir.join("dossier.toml"), toml.replace("unit_type = \"其他高校\"", "unit_type = \"企业\""))
        .expect("write");
    let (_, json) = check_json(&[dir.to_str().expect("a UTF-8 temp path"), "--today", "2024-03-10"]);
    let codes = codes_of(&json, None);
    assert!(!codes.iter().any(|c| c == "SB401"), "no passed deadline for a 企业: {codes:?}");
    let info =
        json["dossiers"][0]["diagnostics"].as_array().expect("diagnostics").iter().find(|d| d["code"] == "SB403");
    let message = info.and_then(|d| d["message"].as_str()).unwrap_or_default();
    assert!(message.contains("只适用于高校（经省教育厅），单位类型为“企业”的材料没有可核对的截止日期"), "{message}");
    assert!(json["dossiers"][0]["deadline"].is_null(), "{:#}", json["dossiers"][0]["deadline"]);
    // The 高校 in the fixture keeps its deadline.
    let (_, json) = check_json(&["fixtures/ln-2024-cases/pass", "--today", "2024-03-10"]);
    assert_eq!(errors(&json), ["SB401"]);
}
