//! A dossier that names no notice (no `--notice`, no `notice` in dossier.toml, no batch.toml), as an applicant
//! drags it onto shenbao: the notice is inferred from its Word file's headings and said to be inferred
//! (SB011); where the file fits several notices alike, or none, SB002 tells what to write where, in words a
//! user without a terminal can follow. A notice that is named is never second-guessed. The variant kit
//! (tests/variants.rs) runs every sample dossier without dossier.toml; this file holds the messages, the
//! drag-and-drop report and the corpus of other people's Word files that must not be taken for a 申报书.

mod support;
use serde_json::Value;
use std::path::{Path, PathBuf};
use support::{copy_dir, shenbao, shenbao_in};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(rel)
}

/// A copy of a sample dossier without its dossier.toml, in `tmp/name`.
fn without_toml(tmp: &Path, rel: &str, name: &str) -> PathBuf {
    let dir = tmp.join(name);
    copy_dir(&fixture(rel), &dir);
    std::fs::remove_file(dir.join("dossier.toml")).expect("remove dossier.toml");
    dir
}

/// The first finding with `code` in the check's JSON report of `dir`, and the report's notice.
fn finding(dir: &Path, code: &str, lang: &str) -> (Value, String) {
    let out = shenbao()
        .arg("check")
        .arg(dir)
        .args(["--format", "json", "--lang", lang, "--today", "2024-08-10"])
        .output()
        .expect("runs");
    let json: Value = serde_json::from_slice(&out.stdout).expect("json");
    let dossier = &json["dossiers"][0];
    let found = dossier["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {dossier}"))
        .clone();
    (found, dossier["notice"].as_str().unwrap_or_default().to_owned())
}

#[test]
fn an_inferred_notice_is_a_warning_on_the_word_file_that_says_what_to_write() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = without_toml(tmp.path(), "cq-2024-cases-2/pass", "材料");
    let (sb011, notice) = finding(&dir, "SB011", "zh");
    assert_eq!(notice, "cq-2024-cases-2");
    assert_eq!(sb011["severity"], "warning", "a heuristic is never an error");
    assert_eq!(sb011["file"], "申报书.docx");
    let message = sb011["message"].as_str().expect("message");
    assert!(
        message.contains("推断为 cq-2024-cases-2《关于征集重庆市第二批“数据要素×”典型案例的补充通知》"),
        "{message}"
    );
    assert!(message.contains("15 个标题中的 15 个") && message.contains("这是推断"), "{message}");
    let help = sb011["help"].as_str().expect("help");
    assert!(help.contains("dossier.toml") && help.contains("记事本") && help.contains("notice = \"cq-2024-cases-2\""));

    let (sb011, _) = finding(&dir, "SB011", "en");
    let message = sb011["message"].as_str().expect("message");
    assert!(message.contains("taken to be cq-2024-cases-2 (") && message.contains("inference"), "{message}");

    // Once written down, nothing is inferred.
    std::fs::write(dir.join("dossier.toml"), "notice = \"cq-2024-cases-2\"\n").expect("write");
    let out = shenbao().arg("check").arg(&dir).args(["--format", "json", "--today", "2024-08-10"]).output();
    let json: Value = serde_json::from_slice(&out.expect("runs").stdout).expect("json");
    assert!(!json.to_string().contains("SB011"), "{json}");
}

#[test]
fn one_template_of_two_notices_is_named_together_and_never_guessed() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = without_toml(tmp.path(), "national-2024-contest/pass", "参赛材料");
    let (sb002, notice) = finding(&dir, "SB002", "zh");
    assert_eq!(notice, "", "nothing checked against a guess");
    assert_eq!(sb002["severity"], "error");
    let message = sb002["message"].as_str().expect("message");
    assert!(message.contains("ln-2024-contest《") && message.contains("national-2024-contest《"), "{message}");
    let help = sb002["help"].as_str().expect("help");
    assert!(
        help.contains("notice = \"ln-2024-contest\" 或 notice = \"national-2024-contest\"") && help.contains("记事本"),
        "{help}"
    );
    let (sb002, _) = finding(&dir, "SB002", "en");
    assert!(sb002["help"].as_str().expect("help").contains("notice = \"ln-2024-contest\" or notice ="));
}

#[test]
fn a_folder_with_no_word_file_gets_help_a_user_without_a_terminal_can_follow() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("扫描件");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::copy(fixture("cq-2024-cases-2/pass/申报书（用印）.pdf"), dir.join("申报书（用印）.pdf")).expect("copy");
    let (sb002, _) = finding(&dir, "SB002", "zh");
    let help = sb002["help"].as_str().expect("help");
    for wanted in ["dossier.toml", "记事本", "notice = \"ID\"", "cq-2024-cases-2", "qh-2025-scenes", "shenbao init"]
    {
        assert!(help.contains(wanted), "{wanted} in {help}");
    }
}

/// The batch's notice (batch.toml) and dossier.toml's are taken as given, even where the Word file would
/// suggest another: the inference only fills a gap.
#[test]
fn a_notice_named_anywhere_is_never_second_guessed() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("材料");
    copy_dir(&fixture("ln-2024-cases/pass"), &dir);
    // The ln 申报书 checked, on purpose, under the cq notice.
    std::fs::write(dir.join("dossier.toml"), "notice = \"cq-2024-cases-2\"\n").expect("write");
    let out = shenbao().arg("check").arg(&dir).args(["--format", "json", "--today", "2024-08-10"]).output();
    let json: Value = serde_json::from_slice(&out.expect("runs").stdout).expect("json");
    assert_eq!(json["dossiers"][0]["notice"], "cq-2024-cases-2");
    assert!(!json.to_string().contains("SB011"));
}

/// Dropped on shenbao with no dossier.toml: the HTML report checks it against the inferred notice and
/// says so.
#[test]
fn a_dropped_folder_without_dossier_toml_is_checked_and_the_report_says_inferred() {
    let tmp = tempfile::tempdir().expect("tempdir");
    without_toml(tmp.path(), "qh-2025-scenes/pass", "方案");
    let out = shenbao_in(tmp.path()).arg("方案").env("CI", "1").output().expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("SB011"), "{stdout}");
    assert!(!stdout.contains("SB002"), "{stdout}");
    let report = std::fs::read_dir(tmp.path())
        .expect("read_dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "html"))
        .expect("the HTML report");
    let page = std::fs::read_to_string(report).expect("read");
    assert!(page.contains("SB011") && page.contains("推断为 qh-2025-scenes"), "the page says it was inferred");
    assert!(page.contains("可编辑版") || page.contains("建设方案"), "the sections were checked");
}

/// Other people's Word files (grant applications, test documents of Word libraries) are no notice's
/// 申报书: none is taken for one.
#[test]
fn no_word_file_of_the_corpus_is_taken_for_a_notices_application() {
    let Some(corpus) = support::shared("corpus") else { return };
    let notices: Vec<&shenbao::notice::Notice> = shenbao::notice::embedded_notices().iter().collect();
    let mut seen = 0;
    let mut taken = Vec::new();
    for entry in walkdir::WalkDir::new(&corpus).into_iter().filter_map(Result::ok) {
        let path = entry.path();
        if !entry.file_type().is_file() || !path.extension().is_some_and(|e| e.eq_ignore_ascii_case("docx")) {
            continue;
        }
        let Ok(bytes) = std::fs::read(path) else { continue };
        let Ok(doc) = shenbao::read::docx::read_docx(&bytes) else { continue };
        seen += 1;
        let name = path.display().to_string();
        match shenbao::checks::infer::infer(&[(name.as_str(), &doc)], &notices) {
            shenbao::checks::infer::Inferred::Nothing => {}
            other => taken.push(format!("{name}: {other:?}")),
        }
    }
    assert!(seen > 50, "only {seen} Word files read");
    assert!(taken.is_empty(), "taken for a 申报书:\n{}", taken.join("\n"));
}

/// `pack` on a folder without dossier.toml: the inferred notice is said first (SB011), the bundle is laid
/// out by its rules with the names the 申报表 gives, and report.json records the embedded rule file.
#[test]
fn a_folder_without_dossier_toml_packs_by_the_inferred_notice_with_the_tables_names() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = without_toml(tmp.path(), "qh-2025-scenes/pass", "方案");
    let bundle = tmp.path().join("方案.zip");
    let out =
        shenbao().arg("pack").arg(&dir).args(["--today", "2026-11-24", "-o"]).arg(&bundle).output().expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stdout}{stderr}");
    assert!(format!("{stdout}{stderr}").contains("SB011"), "the inference is said: {stdout}{stderr}");
    assert!(!format!("{stdout}{stderr}").contains("SB603"), "the names come from the 申报表: {stdout}{stderr}");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&bundle).expect("bundle")).expect("zip");
    let names: Vec<String> = zip.file_names().filter_map(Result::ok).map(|n| n.into_owned()).collect();
    assert!(
        names.contains(
            &"可编辑版方案/高原农牧业气象数据授权运营服务场景-青海省某某数据有限公司-建设方案.docx".to_owned()
        ),
        "{names:?}"
    );
    let mut report = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("report.json").expect("report.json"), &mut report).expect("read");
    let report: Value = serde_json::from_str(&report).expect("json");
    assert_eq!(report["notice"]["id"], "qh-2025-scenes");
    assert_eq!(report["notice"]["source"], "embedded");
}
