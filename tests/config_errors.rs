//! shenbao.toml and batch.toml problems as a user sees them: every problem at once, each at its line and
//! column, in Chinese by default and in English with --lang en, with what was probably meant; the exit
//! codes; and files that are too big, not regular files, or not UTF-8.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
mod support;
use support::{copy_dir, shenbao_in};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// A folder holding only `shenbao.toml` with `text`.
fn repo(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("shenbao.toml"), text).expect("write");
    dir
}

/// Runs the binary in `dir`; (exit code, stdout, stderr).
fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = shenbao_in(dir).args(args).output().expect("runs");
    (
        out.status.code().expect("exit code"),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Asserts that each of `wanted` occurs in `text`, in this order.
fn assert_in_order(text: &str, wanted: &[&str]) {
    let mut rest = text;
    for w in wanted {
        let at = rest.find(w).unwrap_or_else(|| panic!("“{w}” not found (in order) in:\n{text}"));
        rest = &rest[at + w.len()..];
    }
}

/// Two problems, and a third: an unknown key, a misspelt severity, an unknown code.
const TWO_PROBLEMS: &str = "lnag = \"zh\"\n\n[severity]\nSB103 = \"eror\"\nSB4022 = \"warning\"\n";

#[test]
fn shenbao_toml_problems_are_all_listed_at_their_line_and_column_in_chinese() {
    let dir = repo(TWO_PROBLEMS);
    let (code, stdout, stderr) = run(dir.path(), &["check", ".", "--format", "json"]);
    assert_eq!(code, 2, "a bad shenbao.toml stops the run: {stderr}");
    assert!(stdout.is_empty(), "no report: {stdout}");
    assert_in_order(
        &stderr,
        &[
            "shenbao.toml 无效",
            "发现 3 处问题",
            "未知的键“lnag”",
            "shenbao.toml:1:1]",
            "help: 是否想写 lang？",
            "[severity] SB103 的值“eror”无效，应为 \"error\"、\"warning\"、\"info\"、\"off\" 之一",
            "shenbao.toml:4:9]",
            "是否想写 \"error\"？",
            "[severity]：未知的诊断代码“SB4022”",
            "shenbao.toml:5:1]",
            "是否想写 SB402（deadline-near）？",
        ],
    );
    // Every command that reads shenbao.toml stops the same way.
    for args in [&["config", "show"][..], &["summary", ".", "-o", "汇总表.xlsx"][..]] {
        let (code, _, stderr) = run(dir.path(), args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(stderr.contains("发现 3 处问题"), "{args:?}: {stderr}");
    }
    assert!(!dir.path().join("汇总表.xlsx").exists());
}

#[test]
fn shenbao_toml_problems_are_in_english_with_lang_en_or_the_files_own_lang() {
    let dir = repo(TWO_PROBLEMS);
    let (code, _, stderr) = run(dir.path(), &["--lang", "en", "config", "show"]);
    assert_eq!(code, 2, "{stderr}");
    assert_in_order(
        &stderr,
        &[
            "shenbao.toml is invalid",
            "3 problems",
            "unknown key `lnag`",
            "shenbao.toml:1:1]",
            "did you mean `lang`?",
            "`[severity] SB103` = \"eror\" is not valid",
            "shenbao.toml:4:9]",
            "did you mean \"error\"?",
            "[severity]: unknown diagnostic code `SB4022`",
            "did you mean SB402 (deadline-near)?",
        ],
    );
    assert!(!stderr.contains("未知"), "no Chinese: {stderr}");

    // The file's own `lang` is honoured even though the rest of it is wrong.
    let dir = repo("lang = \"en\"\ndeny = \"warnings\"\n[[waivers]]\ncode = \"SB324\"\nresaon = \"盖章\"\n");
    let (code, _, stderr) = run(dir.path(), &["check", "."]);
    assert_eq!(code, 2, "{stderr}");
    assert_in_order(
        &stderr,
        &[
            "2 problems",
            "`deny` must be an array, not a string",
            "shenbao.toml:2:8]",
            "write a list: deny = [\"…\"]",
            "unknown key `resaon` in [[waivers]]",
            "shenbao.toml:5:1]",
            "did you mean `reason`?",
        ],
    );
    // A misspelt `reason` is not also reported as missing.
    assert!(!stderr.contains("has no `reason`"), "{stderr}");
}

#[test]
fn values_keys_and_codes_get_what_was_meant() {
    let dir = repo(concat!(
        "lang = \"chinese\"\n",
        "deny = [\"warning\"]\n",
        "[severity]\n",
        "section-over-limt = \"WARN\"\n",
        "[[waivers]]\n",
        "code = \"sb-324\"\n",
        "reason = \"纸质版盖章\"\n",
        "expires = \"2024-08-20\"\n",
        "[[dossiers]]\n",
        "notice = \"ln-2024-cases\"\n",
    ));
    let (code, _, stderr) = run(dir.path(), &["check"]);
    assert_eq!(code, 2, "{stderr}");
    assert_in_order(
        &stderr,
        &[
            "发现 7 处问题",
            "lang 的值“chinese”无效",
            "是否想写 \"zh\"？",
            "deny 的值“warning”无效",
            "是否想写 \"warnings\"？",
            "[severity]：未知的诊断代码“section-over-limt”",
            "是否想写 SB103（section-over-limit）？",
            "的值“WARN”无效",
            "是否想写 \"warning\"？",
            "[[waivers]] code：未知的诊断代码“sb-324”",
            "是否想写 SB324",
            "expires 应为日期，这里是字符串",
            "日期不加引号",
            "[[dossiers]] 缺少 glob",
            "shenbao.toml:9:1]",
        ],
    );
}

#[test]
fn several_syntax_errors_are_listed_together() {
    let dir = repo("lang = zh\nrules = [\"a.toml\"\n[severity\n");
    let (code, _, stderr) = run(dir.path(), &["check", "."]);
    assert_eq!(code, 2, "{stderr}");
    let count = stderr.matches("TOML 语法错误").count();
    assert!(count >= 2, "every syntax error, not the first only: {stderr}");
    assert!(stderr.contains("shenbao.toml:1:8]"), "{stderr}");
    assert!(stderr.contains("字符串值加英文双引号"), "{stderr}");
}

#[test]
fn control_characters_in_the_file_never_reach_the_terminal() {
    // A key that TOML escapes make a terminal command of: named with the escapes shown.
    let dir = repo("\"\\u001b]0;pwned\\u0007\" = 1\n");
    let (code, _, stderr) = run(dir.path(), &["check", "."]);
    assert_eq!(code, 2, "{stderr}");
    assert!(!stderr.contains('\u{1b}') && !stderr.contains('\u{7}'), "{stderr:?}");
    assert!(stderr.contains("未知的键“\\x1B]0;pwned\\x07”"), "the key is shown escaped: {stderr}");
    // Raw control characters in the file: masked in the quoted source line.
    let dir = repo("x\u{1b}[2J\u{9b}1m = 2\n");
    let (code, _, stderr) = run(dir.path(), &["check", "."]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("TOML 语法错误"), "{stderr}");
    assert!(!stderr.contains('\u{1b}') && !stderr.contains('\u{9b}'), "{stderr:?}");
}

// ------------------------------------------------------------------ batch.toml

/// A batch root with two passing dossiers that name no notice, and this batch.toml.
fn batch_root(batch_toml: &str) -> tempfile::TempDir {
    let root = tempfile::tempdir().expect("tempdir");
    let pass = Path::new(ROOT).join("fixtures/ln-2024-cases/pass");
    for name in ["a", "b"] {
        copy_dir(&pass, &root.path().join(name));
    }
    std::fs::write(root.path().join("batch.toml"), batch_toml).expect("write");
    root
}

fn batch_json(dir: &Path, lang: &str) -> (i32, Value) {
    let (code, stdout, stderr) = run(dir, &["--lang", lang, "check", ".", "--today", "2024-02-28", "--format", "json"]);
    let json = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}{stderr}"));
    (code, json)
}

/// The batch's SB512 findings: (message, help).
fn sb512(json: &Value) -> Vec<(String, String)> {
    json["batch"]["diagnostics"]
        .as_array()
        .expect("batch diagnostics")
        .iter()
        .filter(|d| d["code"] == "SB512")
        .map(|d| (d["message"].as_str().unwrap_or("").to_owned(), d["help"].as_str().unwrap_or("").to_owned()))
        .collect()
}

const BAD_BATCH: &str = "notice = \"ln-2024-cases\"\nrecomender = \"沈阳市数据局\"\nrecommender_kind = \"region\"\n\"日期\" = \"2024-03-05\"\n";

#[test]
fn batch_toml_problems_are_all_listed_with_line_and_column_and_the_batch_goes_on() {
    let root = batch_root(BAD_BATCH);
    let (code, json) = batch_json(root.path(), "zh");
    assert_eq!(code, 1, "a bad batch.toml is a batch error (SB512), as before");
    assert_eq!(json["summary"]["dossiers"], 2, "every dossier is still checked");
    assert_eq!(
        sb512(&json),
        [
            (
                "batch.toml 无效，未采用：第 2 行第 1 列：未知的键“recomender”".to_owned(),
                "是否想写 recommender？".to_owned()
            ),
            (
                "batch.toml 无效，未采用：第 3 行第 20 列：recommender_kind 的值“region”无效，应为 \"地区\"、\"部门\" 之一"
                    .to_owned(),
                "是否想写 \"地区\"？".to_owned()
            ),
            (
                "batch.toml 无效，未采用：第 4 行第 8 列：日期 应为日期，这里是字符串".to_owned(),
                "日期不加引号：去掉两边的双引号".to_owned()
            ),
        ]
    );
    let (code, json) = batch_json(root.path(), "en");
    assert_eq!(code, 1);
    let found = sb512(&json);
    assert_eq!(found.len(), 3, "{found:?}");
    assert_eq!(found[0].0, "batch.toml is invalid and was not used: line 2, column 1: unknown key `recomender`");
    assert_eq!(found[0].1, "did you mean `recommender`?");
    assert_eq!(found[1].1, "did you mean \"地区\"?");
    assert_eq!(
        found[2].0,
        "batch.toml is invalid and was not used: line 4, column 8: `日期` must be a date, not a string"
    );

    // Fixed, the same folder passes its batch checks' SB512.
    std::fs::write(root.path().join("batch.toml"), "notice = \"ln-2024-cases\"\nrecommender_kind = \"地区\"\n")
        .expect("write");
    let (_, json) = batch_json(root.path(), "zh");
    assert!(sb512(&json).is_empty(), "{:#}", json["batch"]);
}

#[test]
fn a_key_written_under_two_of_its_names_is_a_problem() {
    let root = batch_root("notice = \"ln-2024-cases\"\n\"通知\" = \"ln-2024-cases\"\n");
    let (_, json) = batch_json(root.path(), "zh");
    let found = sb512(&json);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].0.contains("是同一项，只能写一个"), "{found:?}");
}

// ------------------------------------------------------------------ what is read at all

struct Watched {
    code: Option<i32>,
    stderr: String,
    elapsed: Duration,
    peak_mb: Option<f64>,
}

/// Runs the binary under /usr/bin/time when it exists, killed after 20 s (a FIFO read would block for ever).
fn watched(dir: &Path, args: &[&str]) -> Watched {
    let report = tempfile::NamedTempFile::new().expect("temp");
    let bin = assert_cmd::cargo::cargo_bin("shenbao");
    let time = Path::new("/usr/bin/time");
    let mut cmd = if time.exists() {
        let mut c = std::process::Command::new(time);
        c.arg("-f").arg("%M").arg("-o").arg(report.path()).arg(&bin);
        c
    } else {
        std::process::Command::new(&bin)
    };
    let stderr_file = tempfile::NamedTempFile::new().expect("temp");
    cmd.current_dir(dir)
        .args(args)
        .env("LANG", "C.UTF-8")
        .env("NO_COLOR", "1")
        .env_remove("SHENBAO_LANG")
        .env_remove("LC_ALL")
        .env_remove("CI")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(stderr_file.reopen().expect("stderr file"));
    let started = Instant::now();
    let mut child = cmd.spawn().expect("runs");
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{args:?} still running after 20 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let elapsed = started.elapsed();
    let peak_mb = std::fs::read_to_string(report.path())
        .ok()
        .and_then(|s| s.lines().last().and_then(|l| l.trim().parse::<f64>().ok()))
        .map(|kb| kb / 1024.0);
    let stderr = std::fs::read_to_string(stderr_file.path()).expect("stderr");
    Watched { code: status.code(), stderr, elapsed, peak_mb }
}

/// The bounds (300 MB, 5 s), for a debug build.
fn assert_bounded(what: &str, run: &Watched) {
    eprintln!("{what}: {:.2} s, peak {:?} MB", run.elapsed.as_secs_f64(), run.peak_mb.map(f64::round));
    assert!(run.elapsed.as_secs_f64() < 5.0, "{what}: {:?}", run.elapsed);
    match run.peak_mb {
        Some(peak) => assert!(peak < 300.0, "{what}: peak RSS {peak:.0} MB"),
        None => eprintln!("{what}: /usr/bin/time not found, memory not measured"),
    }
}

#[test]
fn a_config_over_one_mib_is_refused_without_reading_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut text = "lang = \"zh\"\n".to_owned();
    while text.len() <= 1 << 20 {
        text.push_str("# 注释注释注释注释注释注释注释注释注释注释注释注释注释注释注释注释注释注释注释注释\n");
    }
    std::fs::write(dir.path().join("shenbao.toml"), &text).expect("write");
    let run = watched(dir.path(), &["check", "."]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("文件超过 1 MiB，未读取：shenbao.toml 通常只有几 KB"), "{}", run.stderr);
    assert_bounded("shenbao.toml over 1 MiB", &run);

    let root = batch_root("");
    std::fs::write(root.path().join("batch.toml"), &text).expect("write");
    let (code, json) = batch_json(root.path(), "en");
    assert_eq!(code, 1);
    assert_eq!(
        sb512(&json)[0].0,
        "batch.toml is invalid and was not used: the file is over 1 MiB and was not read: a batch.toml is a few KB, \
         check that it is the right file"
    );
}

#[test]
fn a_config_of_a_hundred_thousand_problems_lists_fifty_quickly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut text = String::new();
    let mut n = 0;
    while text.len() < (1 << 20) - 32 {
        text.push_str(&format!("k{n} = 1\n"));
        n += 1;
    }
    std::fs::write(dir.path().join("shenbao.toml"), &text).expect("write");
    let run = watched(dir.path(), &["check", "."]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stderr.contains(&format!("发现 {n} 处问题，以下列出前 50 处")), "{}", &run.stderr[..400]);
    assert_eq!(run.stderr.matches("未知的键").count(), 50);
    assert_bounded("100 000 unknown keys", &run);

    // In a batch.toml: 50 findings and one that counts the rest; the dossiers are still checked.
    let root = batch_root("");
    std::fs::write(root.path().join("batch.toml"), &text).expect("write");
    let run = watched(root.path(), &["check", ".", "--today", "2024-02-28"]);
    assert_eq!(run.code, Some(1), "{}", &run.stderr);
    assert_bounded("100 000 unknown keys in batch.toml", &run);
    let (_, json) = batch_json(root.path(), "zh");
    let found = sb512(&json);
    assert_eq!(found.len(), 51);
    assert_eq!(found[50].0, format!("batch.toml 还有 {} 处问题未列出", n - 50));
    assert_eq!(json["summary"]["dossiers"], 2);
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let ok = std::process::Command::new("mkfifo").arg(path).status().expect("mkfifo").success();
    assert!(ok, "mkfifo {}", path.display());
}

#[cfg(unix)]
#[test]
fn a_fifo_named_shenbao_toml_or_batch_toml_is_refused_not_waited_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    mkfifo(&dir.path().join("shenbao.toml"));
    let run = watched(dir.path(), &["check", "."]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("不是普通文件（而是文件夹、管道或设备），未读取"), "{}", run.stderr);
    assert_bounded("FIFO shenbao.toml", &run);

    let root = batch_root("");
    let fifo: PathBuf = root.path().join("batch.toml");
    std::fs::remove_file(&fifo).expect("rm");
    mkfifo(&fifo);
    let run = watched(root.path(), &["check", ".", "--today", "2024-02-28"]);
    assert_eq!(run.code, Some(1), "SB512, the dossiers still checked: {}", run.stderr);
    assert_bounded("FIFO batch.toml", &run);
    let (_, json) = batch_json(root.path(), "zh");
    assert_eq!(sb512(&json)[0].0, "batch.toml 无效，未采用：不是普通文件（而是文件夹、管道或设备），未读取");
    assert_eq!(json["summary"]["dossiers"], 2);
}

#[test]
fn a_gbk_config_is_named_as_not_utf8() {
    // “中文” in GBK.
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("shenbao.toml"), b"lang = \"zh\"\n# \xD6\xD0\xCE\xC4\n").expect("write");
    let (code, _, stderr) = run(dir.path(), &["check", "."]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("文件不是 UTF-8 编码（第 2 行第 3 列起，可能是 GBK）：请在编辑器中另存为 UTF-8"),
        "{stderr}"
    );
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let dir = repo("\u{feff}lang = \"en\"\n");
    let (code, stdout, stderr) = run(dir.path(), &["config", "show"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("lang = \"en\""), "{stdout}");
}
