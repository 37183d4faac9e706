//! A dossier repository in CI: shenbao.toml (dossier globs, notices, overrides, waivers, deny), `--shard`,
//! `--output`, the language from the locale, completions and the man page.

use serde_json::Value;
use std::path::Path;
mod support;
use support::{copy_dir, shenbao_in as shenbao};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// A repository with an ln-2024-cases dossier that passes with a warning (SB106, out of order) and a
/// qh-2025-scenes dossier whose dossier.toml names no notice: shenbao.toml gives it.
fn repository(config: &str) -> tempfile::TempDir {
    let repo = tempfile::tempdir().expect("tempdir");
    copy_dir(&Path::new(ROOT).join("fixtures/ln-2024-cases/out-of-order"), &repo.path().join("2024/辽宁/order"));
    let qh = repo.path().join("2025/青海/scene");
    copy_dir(&Path::new(ROOT).join("fixtures/qh-2025-scenes/pass"), &qh);
    let toml = std::fs::read_to_string(qh.join("dossier.toml")).expect("toml");
    assert!(toml.contains("notice = \"qh-2025-scenes\"\n"));
    std::fs::write(qh.join("dossier.toml"), toml.replace("notice = \"qh-2025-scenes\"\n", "")).expect("write");
    std::fs::create_dir_all(repo.path().join("docs/sub")).expect("mkdir");
    std::fs::write(repo.path().join("shenbao.toml"), config).expect("write");
    repo
}

/// The two folders, and a waiver: the sample scene plan is dated for the next round, after the day these
/// tests check on (SB714).
const GLOBS: &str = "[[dossiers]]\nglob = \"2024/辽宁/*\"\n\n[[dossiers]]\nglob = \"2025/青海/*\"\nnotice = \"qh-2025-scenes\"\n\n[[waivers]]\ncode = \"SB714\"\ndossier = \"2025/青海/*\"\nreason = \"按下一批次的日期填写\"\n";

fn check(dir: &Path, args: &[&str]) -> (i32, Value) {
    let out = shenbao(dir).arg("check").args(args).args(["--format", "json"]).output().expect("runs");
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
    });
    (out.status.code().expect("code"), json)
}

fn diagnostic<'a>(json: &'a Value, dossier_suffix: &str, code: &str) -> &'a Value {
    json["dossiers"]
        .as_array()
        .expect("dossiers")
        .iter()
        .find(|d| d["path"].as_str().expect("path").ends_with(dossier_suffix))
        .and_then(|d| d["diagnostics"].as_array().expect("diags").iter().find(|x| x["code"] == code))
        .unwrap_or_else(|| panic!("{code} in {dossier_suffix}: {json:#}"))
}

#[test]
fn the_config_names_the_dossiers_and_their_notice_from_a_subfolder() {
    let repo = repository(GLOBS);
    // Run from a subfolder: the config is found by walking up.
    let (code, json) = check(&repo.path().join("docs/sub"), &["--today", "2024-02-28"]);
    assert_eq!(code, 0, "{json:#}");
    let mut seen: Vec<(String, String)> = json["dossiers"]
        .as_array()
        .expect("dossiers")
        .iter()
        .map(|d| (d["path"].as_str().expect("path").to_owned(), d["notice"].as_str().expect("notice").to_owned()))
        .collect();
    seen.sort();
    assert_eq!(
        seen,
        [
            ("2024/辽宁/order".to_owned(), "ln-2024-cases".to_owned()),
            ("2025/青海/scene".to_owned(), "qh-2025-scenes".to_owned())
        ],
        "paths relative to the repository, notices from dossier.toml and shenbao.toml"
    );
}

#[test]
fn deny_warnings_fails_and_a_waiver_keeps_the_finding_visible() {
    let repo = repository(GLOBS);
    let (code, json) = check(repo.path(), &["--today", "2024-02-28", "--deny", "warnings"]);
    assert_eq!(code, 1, "the SB106 warning fails the run under --deny warnings");
    let d = diagnostic(&json, "辽宁/order", "SB106");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["was"], "warning");

    let waived = format!(
        "{GLOBS}\n[[waivers]]\ncode = \"SB106\"\ndossier = \"2024/辽宁/order\"\nreason = \"模板顺序经主管部门同意\"\nexpires = 2099-12-31\n"
    );
    let repo = repository(&waived);
    let (code, json) = check(repo.path(), &["--today", "2024-02-28", "--deny", "warnings"]);
    assert_eq!(code, 0, "{json:#}");
    let d = diagnostic(&json, "辽宁/order", "SB106");
    assert_eq!(d["severity"], "info");
    assert_eq!(d["was"], "warning");
    assert_eq!(d["waiver"], "模板顺序经主管部门同意");
}

#[test]
fn an_expired_waiver_no_longer_applies_and_says_so() {
    let config = format!("{GLOBS}\n[[waivers]]\ncode = \"SB106\"\nreason = \"临时\"\nexpires = 2024-01-31\n");
    let repo = repository(&config);
    let (code, json) = check(repo.path(), &["--today", "2024-02-28", "--deny", "warnings"]);
    assert_eq!(code, 1);
    assert_eq!(diagnostic(&json, "辽宁/order", "SB106")["severity"], "error");
    assert!(json.to_string().contains("SB008"), "the expired waiver is reported");
}

/// A shenbao.toml whose SB106 waiver expired, and the line its `[[waivers]]` entry starts on.
fn expired_waiver() -> (String, u32) {
    let config = format!("{GLOBS}\n[[waivers]]\ncode = \"SB106\"\nreason = \"临时\"\nexpires = 2024-01-31\n");
    let at = config.find("[[waivers]]\ncode = \"SB106\"").expect("the waiver");
    let line = u32::try_from(config[..at].matches('\n').count() + 1).expect("line");
    (config, line)
}

#[test]
fn an_expired_waiver_is_reported_once_at_shenbao_toml_and_its_line() {
    let (config, line) = expired_waiver();
    let repo = repository(&config);
    let (_, json) = check(repo.path(), &["--today", "2024-02-28"]);
    let notes = json["config"].as_array().expect("findings about shenbao.toml");
    assert_eq!(notes.len(), 1, "{json:#}");
    assert_eq!((notes[0]["code"].as_str(), notes[0]["file"].as_str()), (Some("SB008"), Some("shenbao.toml")));
    assert_eq!(notes[0]["line"], line);
    for d in json["dossiers"].as_array().expect("dossiers") {
        assert!(!d["diagnostics"].to_string().contains("SB008"), "not on a dossier: {d:#}");
    }

    // SARIF: at the repository's shenbao.toml and the waiver's line, not inside a dossier.
    let out =
        shenbao(repo.path()).args(["check", "--today", "2024-02-28", "--format", "sarif"]).output().expect("runs");
    let sarif: Value = serde_json::from_slice(&out.stdout).expect("SARIF");
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    let expired: Vec<&Value> = results.iter().filter(|r| r["ruleId"] == "SB008").collect();
    assert_eq!(expired.len(), 1);
    let physical = &expired[0]["locations"][0]["physicalLocation"];
    assert_eq!(physical["artifactLocation"]["uri"], "shenbao.toml");
    assert_eq!(physical["region"]["startLine"], line);

    // GitHub annotations: the file and line, once.
    let out =
        shenbao(repo.path()).args(["check", "--today", "2024-02-28", "--format", "github"]).output().expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().filter(|l| l.contains("SB008")).collect();
    assert_eq!(lines.len(), 1, "{text}");
    assert!(lines[0].starts_with(&format!("::warning file=shenbao.toml,line={line},title=SB008 ")), "{text}");

    // JUnit: a suite of its own for shenbao.toml, the warning once.
    let out =
        shenbao(repo.path()).args(["check", "--today", "2024-02-28", "--format", "junit"]).output().expect("runs");
    let xml = String::from_utf8_lossy(&out.stdout);
    assert_eq!(xml.matches("<testsuite name=\"shenbao.toml\"").count(), 1, "{xml}");
    assert_eq!(xml.matches("SB008").count(), 1, "{xml}");

    // The human view names the file and line.
    let out = shenbao(repo.path()).args(["check", "--today", "2024-02-28"]).output().expect("runs");
    let human = String::from_utf8_lossy(&out.stdout);
    assert!(human.contains(&format!("shenbao.toml:{line}\n  ⚠ SB008")), "{human}");
}

#[test]
fn an_expired_waiver_is_reported_by_one_shard_only() {
    let (config, _) = expired_waiver();
    let repo = repository(&config);
    let mut warnings = 0;
    let mut notes = 0;
    for shard in ["1/2", "2/2"] {
        let (_, json) = check(repo.path(), &["--today", "2024-02-28", "--shard", shard]);
        assert!(json["dossiers"].to_string().matches("SB008").count() == 0, "{json:#}");
        let here = json["config"].as_array().map_or(0, Vec::len);
        assert_eq!(here, usize::from(shard == "1/2"), "shard {shard}: {json:#}");
        notes += here;
        warnings += json["summary"]["warnings"].as_u64().expect("warnings");
    }
    assert_eq!(notes, 1);
    let (_, whole) = check(repo.path(), &["--today", "2024-02-28"]);
    assert_eq!(whole["summary"]["warnings"].as_u64(), Some(warnings), "the shards count it once, as the whole run");
}

#[test]
fn a_severity_override_applies_everywhere() {
    let config = format!("{GLOBS}\n[severity]\nSB106 = \"error\"\n");
    let repo = repository(&config);
    let (code, json) = check(repo.path(), &["--today", "2024-02-28"]);
    assert_eq!(code, 1);
    assert_eq!(diagnostic(&json, "辽宁/order", "SB106")["severity"], "error");
    let bad = repository("[severity]\nSB999 = \"error\"\n");
    shenbao(bad.path()).args(["check", "."]).assert().code(2).stderr(predicates::str::contains("SB999"));
}

#[test]
fn shards_split_the_dossiers_without_overlap() {
    let repo = repository(GLOBS);
    let mut all = Vec::new();
    for shard in ["1/2", "2/2"] {
        let (_, json) = check(repo.path(), &["--today", "2024-02-28", "--shard", shard]);
        for d in json["dossiers"].as_array().expect("dossiers") {
            all.push(d["path"].as_str().expect("path").to_owned());
        }
    }
    all.sort();
    let before = all.len();
    all.dedup();
    assert_eq!((before, all.len()), (2, 2), "each dossier in exactly one shard: {all:?}");
    shenbao(repo.path()).args(["check", "--shard", "3/2"]).assert().code(2);
}

#[test]
fn output_file_gets_the_format_and_the_terminal_the_human_view() {
    let repo = repository(GLOBS);
    let report = repo.path().join("report.json");
    let out = shenbao(repo.path())
        .args(["check", "--today", "2024-02-28", "--format", "json", "--output"])
        .arg(&report)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.contains("共 2 份材料：2 份通过"), "human view on the terminal: {shown}");
    let json: Value = serde_json::from_slice(&std::fs::read(&report).expect("written")).expect("json in the file");
    assert_eq!(json["summary"]["dossiers"], 2);
}

#[test]
fn config_show_says_where_values_come_from() {
    let config = format!("lang = \"en\"\n{GLOBS}");
    let repo = repository(&config);
    let out = shenbao(repo.path()).args(["config", "show"]).output().expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("shenbao.toml"), "{text}");
    assert!(text.contains("lang = \"en\""), "{text}");
    assert!(text.contains("2025/青海/*"), "{text}");
    assert!(text.contains("qh-2025-scenes"), "{text}");
    // The config's lang applies when nothing else is set.
    assert!(text.contains("config file:"), "English from shenbao.toml: {text}");
}

#[test]
fn the_locale_picks_the_language_and_flags_win() {
    let dir = Path::new(ROOT);
    let run = |env: &[(&str, &str)], args: &[&str]| {
        let mut cmd = shenbao(dir);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.args(args).args(["check", "fixtures/ln-2024-cases/pass", "--today", "2024-02-28"]).output();
        String::from_utf8_lossy(&out.expect("runs").stdout).into_owned()
    };
    assert!(run(&[("LANG", "en_US.UTF-8")], &[]).contains("✔ passed"));
    assert!(run(&[("LANG", "zh_CN.UTF-8")], &[]).contains("✔ 通过"));
    assert!(run(&[("LANG", "C.UTF-8")], &[]).contains("✔ 通过"), "Chinese by default");
    assert!(run(&[("LANG", "zh_CN.UTF-8"), ("LC_ALL", "en_GB.UTF-8")], &[]).contains("✔ passed"), "LC_ALL first");
    assert!(run(&[("LANG", "en_US.UTF-8")], &["--lang", "zh"]).contains("✔ 通过"), "--lang wins");
    assert!(run(&[("LANG", "zh_CN.UTF-8"), ("SHENBAO_LANG", "en")], &[]).contains("✔ passed"));
}

#[test]
fn completions_and_man_page() {
    let dir = Path::new(ROOT);
    let bash = shenbao(dir).args(["completions", "bash"]).output().expect("runs");
    assert!(bash.status.success());
    let text = String::from_utf8_lossy(&bash.stdout);
    assert!(text.contains("_shenbao") && text.contains("summary") && text.contains("--notice"));
    let man = shenbao(dir).arg("man").output().expect("runs");
    let text = String::from_utf8_lossy(&man.stdout);
    assert!(text.contains(".TH shenbao 1"));
    assert!(text.contains(".TH shenbao-check 1"), "a page per subcommand");
}

#[test]
fn ci_formats_from_the_command_line() {
    let dir = Path::new(ROOT);
    let run = |format: &str| {
        let out = shenbao(dir)
            .args(["check", "fixtures/cq-2024-cases-2/over-part", "--today", "2024-08-10", "--format", format])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(1), "{format}: the dossier has an error");
        String::from_utf8(out.stdout).expect("utf-8")
    };
    let sarif: Value = serde_json::from_str(&run("sarif")).expect("SARIF is JSON");
    assert_eq!(sarif["version"], "2.1.0");
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    assert!(results.iter().any(|r| r["ruleId"] == "SB104" && r["level"] == "error"), "{results:#?}");
    let junit = run("junit");
    assert!(junit.starts_with("<?xml") && junit.contains("<testsuite") && junit.contains("<failure"), "{junit}");
    let github = run("github");
    assert!(github.lines().any(|l| l.starts_with("::error file=fixtures/cq-2024-cases-2/over-part/")), "{github}");

    // The step summary is appended for GitHub, not overwritten.
    let summary = tempfile::NamedTempFile::new().expect("temp");
    std::fs::write(summary.path(), "earlier step\n").expect("write");
    shenbao(dir)
        .env("GITHUB_STEP_SUMMARY", summary.path())
        .args(["check", "fixtures/cq-2024-cases-2/over-part", "--today", "2024-08-10", "--format", "github"])
        .assert()
        .code(1);
    let text = std::fs::read_to_string(summary.path()).expect("read");
    assert!(text.starts_with("earlier step\n") && text.contains("## shenbao") && text.contains("SB104"), "{text}");
}

#[test]
fn explain_cites_the_notice_clause() {
    let dir = Path::new(ROOT);
    let out = shenbao(dir).args(["explain", "SB501"]).output().expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("依据（通知原文）"), "{text}");
    assert!(text.contains("per_applicant 部属高校：教育厅转发函：“部属高校限报2项”"), "{text}");
    assert!(text.contains("total：二（三）：“以总推荐案例数量不超过15个的原则”"), "{text}");
    // SB501 enforces the maximums, not ln's 地区/部门 minimums (SB502).
    assert!(!text.contains("不少于5个"), "{text}");
    let out =
        shenbao(dir).args(["--lang", "en", "explain", "SB104", "--notice", "cq-2024-cases-2"]).output().expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Why (the notices' clauses):") && text.contains("cq-2024-cases-2"), "{text}");
    assert!(text.contains("（总篇幅不超过5000字）") && !text.contains("问题描述"), "parts with a limit only: {text}");
    assert!(!text.contains("ln-2024-cases"), "only the notice asked for: {text}");
    // cq sets no section limit: SB103 cites nothing there, and says so.
    let out =
        shenbao(dir).args(["--lang", "en", "explain", "SB103", "--notice", "cq-2024-cases-2"]).output().expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("has no clause this code enforces"), "{text}");
}

#[test]
fn globs_skip_hidden_folders_and_a_glob_matching_nothing_is_an_error() {
    let repo = repository("[[dossiers]]\nglob = \"*/*/*\"\n");
    std::fs::create_dir_all(repo.path().join(".git/refs/heads")).expect("mkdir");
    let (_, json) = check(repo.path(), &["--today", "2024-02-28"]);
    let paths: Vec<&str> =
        json["dossiers"].as_array().expect("dossiers").iter().map(|d| d["path"].as_str().expect("path")).collect();
    assert_eq!(paths, ["2024/辽宁/order", "2025/青海/scene"], ".git is not a dossier");
    let deep = repository("[[dossiers]]\nglob = \"./2025/**/scene/\"\n");
    let (_, json) = check(deep.path(), &["--today", "2024-02-28"]);
    assert_eq!(json["dossiers"][0]["path"], "2025/青海/scene", "./ and a trailing / are tidied, ** reaches down");
    let none = repository("[[dossiers]]\nglob = \"2030/*\"\n");
    shenbao(none.path()).arg("check").assert().code(2).stderr(predicates::str::contains("[[dossiers]]"));
}

#[test]
fn a_sharded_run_leaves_the_cross_dossier_rules_out() {
    let (_, json) =
        check(Path::new(ROOT), &["fixtures/batch/ln-2024-cases", "--today", "2024-03-01", "--shard", "1/2"]);
    assert!(json.get("batch").is_none(), "quotas over a slice would be wrong: {:#}", json["batch"]);
}

#[test]
fn waived_findings_are_shown_in_the_human_view() {
    let config = format!("{GLOBS}\n[[waivers]]\ncode = \"SB106\"\nreason = \"模板顺序经主管部门同意\"\n");
    let repo = repository(&config);
    let out = shenbao(repo.path()).args(["check", "--today", "2024-02-28"]).output().expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("已豁免（原为警告）：模板顺序经主管部门同意"), "{text}");
}

#[test]
fn folders_given_inside_a_repository_are_named_from_its_root() {
    let config = format!("{GLOBS}\n[[waivers]]\ncode = \"SB106\"\ndossier = \"2024/辽宁/*\"\nreason = \"同意\"\n");
    let repo = repository(&config);
    let (_, json) = check(&repo.path().join("2024/辽宁"), &["order", "--today", "2024-02-28"]);
    assert_eq!(json["dossiers"][0]["path"], "2024/辽宁/order");
    assert_eq!(
        diagnostic(&json, "2024/辽宁/order", "SB106")["waiver"],
        "同意",
        "the waiver glob matches from a subfolder"
    );
}

#[test]
fn a_code_switched_off_is_listed_as_skipped() {
    let config = format!("{GLOBS}\n[severity]\nSB106 = \"off\"\n");
    let repo = repository(&config);
    let (_, json) = check(repo.path(), &["--today", "2024-02-28"]);
    assert!(!json["dossiers"].to_string().contains("SB106"), "not reported");
    assert_eq!(json["skipped"], serde_json::json!([{ "code": "SB106", "count": 1 }]));
    let out = shenbao(repo.path()).args(["check", "--today", "2024-02-28"]).output().expect("runs");
    assert!(String::from_utf8_lossy(&out.stdout).contains("shenbao.toml 关闭的检查（未报告）：SB106 × 1"));
}
