//! One context for every command: `pack` judges a dossier by the same rules as `check` (shenbao.toml's
//! custom rules, severities, waivers and `deny`), shenbao.toml is read and reported once, and the commands
//! that take a notice know the custom rules too.

use serde_json::Value;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Output;
mod support;
use support::{copy_dir, shenbao_in};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
/// Before the 2024-03-07 deadline of ln-2024-cases: SB402 (a week or less left) is the one warning of a
/// passing dossier.
const TODAY: &str = "2024-03-01";

/// A repository: shenbao.toml with `config`, rules/our.toml (ln-2024-cases under the id `our-2025`), and
/// the fixture `fixture` of ln-2024-cases at cases/a, its dossier.toml naming `notice`.
fn repository(config: &str, fixture: &str, notice: &str) -> tempfile::TempDir {
    let repo = tempfile::tempdir().expect("tempdir");
    let rules = std::fs::read_to_string(Path::new(ROOT).join("rules/ln-2024-cases.toml")).expect("rule file");
    assert!(rules.contains("\nid = \"ln-2024-cases\"\n"));
    std::fs::create_dir_all(repo.path().join("rules")).expect("mkdir");
    std::fs::write(
        repo.path().join("rules/our.toml"),
        rules.replace("\nid = \"ln-2024-cases\"\n", "\nid = \"our-2025\"\n"),
    )
    .expect("write");
    let dossier = repo.path().join("cases/a");
    copy_dir(&Path::new(ROOT).join("fixtures/ln-2024-cases").join(fixture), &dossier);
    let toml = std::fs::read_to_string(dossier.join("dossier.toml")).expect("dossier.toml");
    assert!(toml.contains("notice = \"ln-2024-cases\"\n"));
    std::fs::write(dossier.join("dossier.toml"), toml.replace("ln-2024-cases", notice)).expect("write");
    std::fs::create_dir_all(repo.path().join("docs")).expect("mkdir");
    std::fs::write(repo.path().join("shenbao.toml"), config).expect("write");
    repo
}

fn shenbao(dir: &Path, args: &[&str]) -> Output {
    shenbao_in(dir).args(args).env_remove("SOURCE_DATE_EPOCH").output().expect("runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// (code, severity) of every finding, sorted.
fn findings(diagnostics: &Value) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = diagnostics
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| (d["code"].as_str().expect("code").to_owned(), d["severity"].as_str().expect("severity").to_owned()))
        .collect();
    found.sort();
    found
}

/// The (code, severity) pairs a human report shows (`✘ SB201 错误  …`), sorted.
fn shown_findings(human: &str) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = human
        .lines()
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            let severity = match words.next()? {
                "✘" => "error",
                "⚠" => "warning",
                "ℹ" => "info",
                _ => return None,
            };
            let code = words.next().filter(|c| c.starts_with("SB"))?;
            Some((code.to_owned(), severity.to_owned()))
        })
        .collect();
    found.sort();
    found
}

/// The bundle's report.json.
fn bundle_report(zip: &Path) -> Value {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(zip).expect("open")).expect("zip");
    let mut json = String::new();
    archive.by_name("report.json").expect("report.json").read_to_string(&mut json).expect("read");
    serde_json::from_str(&json).expect("json")
}

/// What `check DIR` and `pack DIR` say of one dossier, run from `cwd`.
struct Verdicts {
    check_code: i32,
    check: Vec<(String, String)>,
    pack_code: i32,
    /// The bundle pack wrote without --force.
    packed: bool,
    pack_stdout: String,
    pack_stderr: String,
    /// What the bundle written with --force records.
    bundled: Vec<(String, String)>,
    bundle: Value,
}

fn verdicts(cwd: &Path, dir: &str, out: &Path) -> Verdicts {
    let check = shenbao(cwd, &["check", dir, "--today", TODAY, "--format", "json"]);
    let json: Value = serde_json::from_slice(&check.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", text(&check.stdout), text(&check.stderr)));
    let zip = out.join("bundle.zip");
    let zip_arg = zip.to_str().expect("utf-8 path");
    let pack = shenbao(cwd, &["pack", dir, "--today", TODAY, "-o", zip_arg]);
    let packed = zip.is_file();
    let forced_zip = out.join("forced.zip");
    let forced = shenbao(cwd, &["pack", dir, "--today", TODAY, "--force", "-o", forced_zip.to_str().expect("utf-8")]);
    assert_eq!(forced.status.code(), Some(0), "pack --force: {}{}", text(&forced.stdout), text(&forced.stderr));
    let bundle = bundle_report(&forced_zip);
    Verdicts {
        check_code: check.status.code().expect("code"),
        check: findings(&json["dossiers"][0]["diagnostics"]),
        pack_code: pack.status.code().expect("code"),
        packed,
        pack_stdout: text(&pack.stdout),
        pack_stderr: text(&pack.stderr),
        bundled: findings(&bundle["check"]["diagnostics"]),
        bundle,
    }
}

/// Pack agrees with check: the same verdict, the same findings at the same severities; pack packs exactly
/// when check passes, and when it refuses it shows check's findings.
fn assert_agree(v: &Verdicts, passes: bool) {
    let context = format!("check {:?}\npack stdout:\n{}\npack stderr:\n{}", v.check, v.pack_stdout, v.pack_stderr);
    assert_eq!(v.check_code, if passes { 0 } else { 1 }, "{context}");
    assert_eq!(v.pack_code, v.check_code, "{context}");
    assert_eq!(v.packed, passes, "{context}");
    assert_eq!(v.bundled, v.check, "the bundle records the findings check reports\n{context}");
    if passes {
        assert!(v.pack_stdout.contains("✔ 已打包"), "{context}");
        assert!(!v.pack_stderr.contains("SB601"), "{context}");
    } else {
        assert!(v.pack_stderr.contains("SB601") && v.pack_stderr.contains("未打包"), "{context}");
        assert_eq!(shown_findings(&v.pack_stdout), v.check, "pack shows the findings check reports\n{context}");
    }
}

fn has(findings: &[(String, String)], code: &str, severity: &str) -> bool {
    findings.iter().any(|(c, s)| c == code && s == severity)
}

#[test]
fn pack_knows_the_custom_rules_check_knows() {
    let repo = repository("rules = [\"rules/our.toml\"]\n", "pass", "our-2025");
    let out = tempfile::tempdir().expect("tempdir");
    let v = verdicts(repo.path(), "cases/a", out.path());
    // Before: pack loaded no custom rule and reported SB001 (unknown notice) and SB601.
    assert!(!has(&v.check, "SB001", "error"), "{:?}", v.check);
    assert_agree(&v, true);
    assert_eq!(v.bundle["notice"]["id"], "our-2025");
    // The bundle records the custom rule file by its content, as it does a rule file given by path.
    assert_eq!(v.bundle["notice"]["source"], "file", "{:#}", v.bundle["notice"]);
    assert_eq!(v.bundle["notice"]["sha256"].as_str().map(str::len), Some(64), "{:#}", v.bundle["notice"]);
}

#[test]
fn pack_honours_a_waiver_as_check_does() {
    let waiver = "[[waivers]]\ncode = \"SB201\"\ndossier = \"cases/*\"\nreason = \"证书原件随纸质件报送\"\n";
    let repo = repository(waiver, "missing-licence", "ln-2024-cases");
    let out = tempfile::tempdir().expect("tempdir");
    // From a subfolder: the waiver's glob sees the dossier relative to the repository root, for both.
    let v = verdicts(&repo.path().join("docs"), "../cases/a", out.path());
    assert!(has(&v.check, "SB201", "info"), "waived, still listed: {:?}", v.check);
    assert_agree(&v, true);
    let waived = v.bundle["check"]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["code"] == "SB201")
        .cloned()
        .expect("SB201 in the bundle");
    assert_eq!(waived["waiver"], "证书原件随纸质件报送");
    assert_eq!(waived["was"], "error");

    // A waiver for other dossiers waives nothing here, for either.
    let elsewhere = waiver.replace("cases/*", "other/*");
    let repo = repository(&elsewhere, "missing-licence", "ln-2024-cases");
    let out = tempfile::tempdir().expect("tempdir");
    let v = verdicts(repo.path(), "cases/a", out.path());
    assert!(has(&v.check, "SB201", "error"), "{:?}", v.check);
    assert_agree(&v, false);
    assert!(v.pack_stderr.contains("材料有 1 个错误，未打包"), "{}", v.pack_stderr);
}

#[test]
fn pack_follows_a_severity_change_as_check_does() {
    // A warning made an error: both refuse.
    let repo = repository("[severity]\nSB106 = \"error\"\n", "out-of-order", "ln-2024-cases");
    let out = tempfile::tempdir().expect("tempdir");
    let v = verdicts(repo.path(), "cases/a", out.path());
    assert!(has(&v.check, "SB106", "error"), "{:?}", v.check);
    assert_agree(&v, false);

    // An error made a warning: both pass.
    let repo = repository("[severity]\nSB201 = \"warning\"\n", "missing-licence", "ln-2024-cases");
    let out = tempfile::tempdir().expect("tempdir");
    let v = verdicts(repo.path(), "cases/a", out.path());
    assert!(has(&v.check, "SB201", "warning"), "{:?}", v.check);
    assert_agree(&v, true);

    // A code switched off: gone from both.
    let repo = repository("[severity]\nSB201 = \"off\"\n", "missing-licence", "ln-2024-cases");
    let out = tempfile::tempdir().expect("tempdir");
    let v = verdicts(repo.path(), "cases/a", out.path());
    assert!(!v.check.iter().any(|(c, _)| c == "SB201"), "{:?}", v.check);
    assert_agree(&v, true);
}

#[test]
fn pack_denies_warnings_when_shenbao_toml_does() {
    // The passing sample has one warning (SB402, the deadline is near).
    let repo = repository("deny = [\"warnings\"]\n", "pass", "ln-2024-cases");
    let out = tempfile::tempdir().expect("tempdir");
    let v = verdicts(repo.path(), "cases/a", out.path());
    assert!(has(&v.check, "SB402", "error"), "{:?}", v.check);
    assert_agree(&v, false);

    // Without deny the same dossier passes both.
    let repo = repository("", "pass", "ln-2024-cases");
    let out = tempfile::tempdir().expect("tempdir");
    let v = verdicts(repo.path(), "cases/a", out.path());
    assert!(has(&v.check, "SB402", "warning"), "{:?}", v.check);
    assert_agree(&v, true);
}

/// How often stderr says shenbao.toml is invalid.
fn invalid_reports(stderr: &str) -> usize {
    stderr.matches("shenbao.toml 无效").count()
}

#[test]
fn an_invalid_shenbao_toml_is_reported_once_and_stops_every_command_that_uses_it() {
    let repo = repository("rules = [\"rules/our.toml\"]\n[severity]\nSB999 = \"loud\"\n", "pass", "our-2025");
    let root = repo.path();
    let docx = root.join("cases/a/申报书.docx");
    let docx = docx.to_str().expect("utf-8");
    let commands: [&[&str]; 9] = [
        &["check", "cases/a", "--today", TODAY],
        &["check", "cases/a", "--today", TODAY, "--format", "json"],
        &["check", "--today", TODAY],
        &["pack", "cases/a", "--today", TODAY, "-o", "out.zip"],
        &["summary", "cases/a", "-o", "汇总表.csv"],
        &["config", "show"],
        &["count", docx, "--notice", "ln-2024-cases"],
        &["notices", "show", "our-2025"],
        &["init", "new", "--notice", "our-2025"],
    ];
    for args in commands {
        let out = shenbao(root, args);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(invalid_reports(&stderr), 1, "{args:?}: one report of shenbao.toml, not two:\n{stderr}");
        assert!(stderr.contains("SB999"), "{args:?}: the problem is shown: {stderr}");
        assert!(out.stdout.is_empty(), "{args:?}: nothing else is done: {}", text(&out.stdout));
    }
    assert!(!root.join("out.zip").exists() && !root.join("汇总表.csv").exists() && !root.join("new").exists());

    // Commands that use no repository setting still run.
    for args in [&["explain", "SB103"][..], &["notices"], &["man"]] {
        let out = shenbao(root, args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", text(&out.stderr));
        assert_eq!(invalid_reports(&text(&out.stderr)), 0, "{args:?}");
    }
}

#[test]
fn an_invalid_shenbao_toml_is_reported_in_its_own_language() {
    // `lang = "en"` decides the language of the report of the file's other problems (read once for both).
    let repo = repository("lang = \"en\"\ndeny = [\"errors\"]\n", "pass", "ln-2024-cases");
    let out = shenbao(repo.path(), &["pack", "cases/a", "--today", TODAY, "-o", "out.zip"]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.matches("shenbao.toml is invalid").count(), 1, "{stderr}");
    assert!(!repo.path().join("out.zip").exists());
}

#[test]
fn an_invalid_custom_rule_file_is_reported_once() {
    let repo = repository("rules = [\"rules/broken.toml\"]\n", "pass", "ln-2024-cases");
    std::fs::write(repo.path().join("rules/broken.toml"), "schema = 1\nid = \n").expect("write");
    for args in [&["check", "cases/a", "--today", TODAY][..], &["pack", "cases/a", "--today", TODAY, "-o", "out.zip"]] {
        let out = shenbao(repo.path(), args);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(stderr.matches("规则文件 rules/broken.toml 无效").count(), 1, "{args:?}: reported once:\n{stderr}");
    }
    assert!(!repo.path().join("out.zip").exists());
}

fn csv_rows(path: &Path) -> Vec<String> {
    let bytes = std::fs::read(path).expect("table written");
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    String::from_utf8(body.to_vec()).expect("utf-8").lines().map(str::to_owned).collect()
}

#[test]
fn summary_knows_the_custom_rules() {
    let repo = repository("rules = [\"rules/our.toml\"]\n", "pass", "our-2025");
    // A lone dossier on a custom notice: its notice is found again by its id.
    let out = shenbao(repo.path(), &["summary", "cases/a", "--today", TODAY, "-o", "汇总表.csv"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let rows = csv_rows(&repo.path().join("汇总表.csv"));
    assert!(rows.iter().any(|r| r.contains("基于可信数据空间的装备制造供应链协同")), "{rows:#?}");

    // --notice by the custom id.
    let out = shenbao(repo.path(), &["summary", "cases", "--notice", "our-2025", "--today", TODAY, "-o", "t2.csv"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(csv_rows(&repo.path().join("t2.csv")).len() > 1);

    // The same under a waiver: the table follows shenbao.toml as check does.
    let config = "rules = [\"rules/our.toml\"]\n[[waivers]]\ncode = \"SB201\"\nreason = \"随纸质件报送\"\n";
    let repo = repository(config, "missing-licence", "our-2025");
    let out = shenbao(repo.path(), &["summary", "cases/a", "--today", TODAY, "-o", "汇总表.csv"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn commands_that_take_a_notice_know_the_custom_rules() {
    let repo = repository("rules = [\"rules/our.toml\"]\n", "pass", "our-2025");
    let root = repo.path();
    let docx = root.join("cases/a/申报书.docx");
    let docx = docx.to_str().expect("utf-8");

    let count = |notice: &str| {
        let out = shenbao(root, &["count", docx, "--notice", notice, "--format", "json"]);
        assert_eq!(out.status.code(), Some(0), "count --notice {notice}: {}", text(&out.stderr));
        let mut json: Value = serde_json::from_slice(&out.stdout).expect("json");
        json["file"] = Value::Null;
        json
    };
    assert_eq!(count("our-2025"), count("ln-2024-cases"), "the custom rule counts as the rule it copies");

    let out = shenbao(root, &["notices", "show", "our-2025", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let json: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["id"], "our-2025");

    let out = shenbao(root, &["notices", "show", "our-2025", "--format", "toml"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("id = \"our-2025\""));

    let out = shenbao(root, &["explain", "SB103", "--notice", "our-2025"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("our-2025"), "{}", text(&out.stdout));

    let out = shenbao(root, &["init", "new", "--notice", "our-2025"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(root.join("new/dossier.toml").is_file());

    // Outside the repository the id means nothing, as before.
    let outside = tempfile::tempdir().expect("tempdir");
    let out = shenbao(outside.path(), &["count", docx, "--notice", "our-2025"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn pack_in_english_settles_the_bundle_in_chinese_by_the_same_policy() {
    // An English run writes the same bundle a Chinese one does, waiver and all.
    let waiver = "[[waivers]]\ncode = \"SB201\"\nreason = \"随纸质件报送\"\nexpires = 2024-02-01\n";
    let repo = repository(waiver, "missing-licence", "ln-2024-cases");
    let bundles: Vec<PathBuf> = ["zh", "en"]
        .iter()
        .map(|lang| {
            let zip = repo.path().join(format!("{lang}.zip"));
            let out = shenbao(
                repo.path(),
                &["--lang", lang, "pack", "cases/a", "--today", TODAY, "--force", "-o", zip.to_str().expect("utf-8")],
            );
            assert_eq!(out.status.code(), Some(0), "{lang}: {}", text(&out.stderr));
            zip
        })
        .collect();
    let (zh, en) = (bundle_report(&bundles[0]), bundle_report(&bundles[1]));
    assert_eq!(zh, en);
    // The waiver expired before the day checked: SB201 stays an error, and the expiry is told (in Chinese).
    let diagnostics = findings(&zh["check"]["diagnostics"]);
    assert!(has(&diagnostics, "SB201", "error"), "{diagnostics:?}");
    assert!(zh.to_string().contains("豁免已于 2024-02-01 到期"), "{zh:#}");
}
