//! What a user sees on the terminal, snapshotted whole: for each command, exit code, stdout and stderr
//! together in one snapshot (as ruff's CLI tests do with insta-cmd), over the fixture dossiers.
//!
//! tests/cli.rs asserts single facts with `contains`; these snapshots show every line, so a change of
//! wording, layout, order or exit code is seen in review. Only what differs between machines and days is
//! redacted: the temporary folder, the tool's version, the SHA-256 of a bundle packed in the test (it hashes
//! report.json, which records the version), and the "next deadline" column of `shenbao notices`, which is
//! relative to today. Every check pins `--today`, and `support::shenbao()` clears the language, locale,
//! colour and CI variables. `COLUMNS` is pinned so that clap wraps `--help` the same on every machine.
//!
//! Update after an intended change: `INSTA_UPDATE=always cargo test --test cli_snapshots` (or
//! `cargo insta review`), then read the diff.

use std::fmt::Write as _;
use std::path::Path;

mod support;
use support::{copy_dir, shenbao_in};

/// What one run showed, with the command line that produced it.
struct Shown {
    command: String,
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs the binary in `dir` with `args` (a clean environment, fixed terminal width).
fn run_in(dir: &Path, args: &[&str]) -> Shown {
    let output = shenbao_in(dir).env("COLUMNS", "100").args(args).output().expect("runs");
    Shown {
        command: format!("shenbao {}", args.join(" ")),
        code: output.status.code(),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// Runs the binary in the crate's folder, where `fixtures/` is.
fn run(args: &[&str]) -> Shown {
    run_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

impl Shown {
    /// The ruff/insta-cmd layout: the command, success and exit code, then stdout and stderr.
    fn render(&self) -> String {
        let code = self.code.map_or_else(|| "killed by a signal".to_owned(), |c| c.to_string());
        format!(
            "$ {}\nsuccess: {}\nexit_code: {code}\n----- stdout -----\n{}\n----- stderr -----\n{}\n",
            self.command,
            self.code == Some(0),
            self.stdout,
            self.stderr
        )
    }
}

/// The version, wherever the tool writes it, so that a release does not rewrite every snapshot.
fn redact_version(text: &str) -> String {
    let version = env!("CARGO_PKG_VERSION");
    text.replace(&format!("\"version\": \"{version}\""), "\"version\": \"[version]\"")
}

/// Every run of exactly 64 hex digits (a SHA-256) becomes `[sha256]`.
fn redact_sha256(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if run.len() == 64 {
            out.push_str("[sha256]");
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in text.chars() {
        if c.is_ascii_hexdigit() {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

fn snapshot(name: &str, text: &str) {
    insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_snapshot!(name, text);
    });
}

/// Snapshots the runs in order, one after the other, as one file.
fn snapshot_runs(name: &str, runs: &[Shown], redact: impl Fn(&str) -> String) {
    let text: Vec<String> = runs.iter().map(|r| redact(&r.render())).collect();
    snapshot(name, &text.join("\n"));
}

// ------------------------------------------------------------------ check: every format

/// A passing dossier and a failing one of each notice family, and a batch, with a day inside the notice's
/// window (the same days tests/cli.rs and tests/batch.rs use).
/// With the exit code a user gets: 1 when a dossier has errors. pdf-no-seal and careless-plan pass with
/// warnings (a missing seal is found heuristically; content faults are warnings), so they show how
/// warnings read.
const FIXTURES: &[(&str, &str, i32)] = &[
    ("fixtures/ln-2024-cases/pass", "2024-02-28", 0),
    ("fixtures/ln-2024-cases/over-section", "2024-02-28", 1),
    ("fixtures/cq-2024-cases-2/pdf-no-seal", "2024-08-10", 0),
    ("fixtures/qh-2025-scenes/careless-plan", "2026-11-24", 0),
    ("fixtures/batch/ln-2024-cases", "2024-03-01", 1),
];

fn snapshot_name(dir: &str, view: &str) -> String {
    format!("cli__check__{}__{view}", dir.trim_start_matches("fixtures/").replace('/', "__"))
}

#[test]
fn check_human_in_chinese_and_english() {
    for (dir, today, code) in FIXTURES {
        let zh = run(&["check", dir, "--today", today]);
        assert_eq!(zh.code, Some(*code), "{}", zh.render());
        assert!(zh.stdout.contains("错误"), "the summary line is in Chinese: {}", zh.render());
        snapshot(&snapshot_name(dir, "human-zh"), &zh.render());

        let en = run(&["--lang", "en", "check", dir, "--today", today]);
        assert_eq!(en.code, zh.code, "{}", en.render());
        assert!(en.stdout.contains("error"), "the summary line is in English: {}", en.render());
        snapshot(&snapshot_name(dir, "human-en"), &en.render());
    }
}

#[test]
fn check_json_junit_github() {
    for (dir, today, code) in FIXTURES {
        for format in ["json", "junit", "github"] {
            let shown = run(&["check", dir, "--today", today, "--format", format]);
            assert_eq!(shown.code, Some(*code), "{}", shown.render());
            assert!(shown.stderr.is_empty(), "nothing on stderr: {}", shown.render());
            snapshot(&snapshot_name(dir, format), &redact_version(&shown.render()));
        }
    }
}

/// SARIF carries the whole code registry in `tool.driver.rules` (93 rules, 80 KB): the same in every run
/// and guarded by the registry's own tests. Each result's `ruleIndex` is checked here against its `ruleId`;
/// then the rules and the indexes (which shift when a code is added) are redacted, so the snapshot shows
/// the results a user's code-scanning page shows.
fn sarif_shown(stdout: &str) -> String {
    let mut sarif: serde_json::Value = serde_json::from_str(stdout).expect("SARIF is JSON");
    for run in sarif["runs"].as_array_mut().expect("runs") {
        let ids: Vec<String> = run["tool"]["driver"]["rules"]
            .as_array()
            .expect("rules")
            .iter()
            .map(|r| r["id"].as_str().expect("rule id").to_owned())
            .collect();
        for result in run["results"].as_array_mut().expect("results") {
            let index = usize::try_from(result["ruleIndex"].as_u64().expect("ruleIndex")).expect("small");
            assert_eq!(Some(&ids[index]), result["ruleId"].as_str().map(str::to_owned).as_ref(), "ruleIndex");
            result["ruleIndex"] = "[index of ruleId in rules]".into();
        }
        let driver = &mut run["tool"]["driver"];
        assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
        driver["version"] = "[version]".into();
        driver["rules"] = "[the code registry, as `shenbao explain --list`]".into();
    }
    serde_json::to_string_pretty(&sarif).expect("serialises") + "\n"
}

#[test]
fn check_sarif() {
    for (dir, today, code) in FIXTURES {
        let mut shown = run(&["check", dir, "--today", today, "--format", "sarif"]);
        assert_eq!(shown.code, Some(*code), "{}", shown.render());
        assert!(shown.stderr.is_empty(), "nothing on stderr: {}", shown.render());
        shown.stdout = sarif_shown(&shown.stdout);
        snapshot(&snapshot_name(dir, "sarif"), &shown.render());
    }
}

// ------------------------------------------------------------------ explain

const EXPLAINED: &[&str] = &["SB103", "SB105", "SB111", "SB205", "SB324", "SB501", "section-over-limit", "SB999"];

#[test]
fn explain_a_few_codes() {
    for (lang, name) in [(None, "cli__explain__zh"), (Some("en"), "cli__explain__en")] {
        let runs: Vec<Shown> = EXPLAINED
            .iter()
            .map(|code| {
                let mut args = lang.map_or_else(Vec::new, |l| vec!["--lang", l]);
                args.extend(["explain", code]);
                let shown = run(&args);
                // An unknown code is the user's mistake, said on stderr with exit code 2.
                assert_eq!(shown.code, Some(if *code == "SB999" { 2 } else { 0 }), "{}", shown.render());
                shown
            })
            .collect();
        snapshot_runs(name, &runs, str::to_owned);
    }
}

#[test]
fn explain_list() {
    let zh = run(&["explain", "--list"]);
    assert_eq!(zh.code, Some(0), "{}", zh.render());
    assert!(zh.stdout.contains("SB103"), "{}", zh.render());
    snapshot("cli__explain__list__zh", &zh.render());
    let en = run(&["--lang", "en", "explain", "--list"]);
    assert_eq!(en.code, Some(0), "{}", en.render());
    assert_eq!(en.stdout.lines().count(), zh.stdout.lines().count(), "one line per code in both languages");
    snapshot("cli__explain__list__en", &en.render());
}

// ------------------------------------------------------------------ --help

/// Every subcommand's help page, nested ones included.
const SUBCOMMANDS: &[&[&str]] = &[
    &["init"],
    &["check"],
    &["count"],
    &["clean"],
    &["notices"],
    &["notices", "show"],
    &["notices", "lint"],
    &["explain"],
    &["pack"],
    &["verify"],
    &["summary"],
    &["config"],
    &["completions"],
    &["man"],
];

/// The subcommand names listed under the main help's "Commands:" heading (besides `help`).
fn listed_subcommands(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_owned)
        .collect()
}

#[test]
fn help_of_every_command_in_both_languages() {
    for (lang, name) in [(None, "cli__help__zh"), (Some("en"), "cli__help__en")] {
        let prefix: Vec<&str> = lang.map_or_else(Vec::new, |l| vec!["--lang", l]);
        let mut runs = Vec::new();
        let mut main_args = prefix.clone();
        main_args.push("--help");
        runs.push(run(&main_args));
        for sub in SUBCOMMANDS {
            let mut args = prefix.clone();
            args.extend_from_slice(sub);
            args.push("--help");
            runs.push(run(&args));
        }
        for shown in &runs {
            assert_eq!(shown.code, Some(0), "{}", shown.render());
            assert!(shown.stderr.is_empty(), "{}", shown.render());
        }
        if lang == Some("en") {
            // A new subcommand must be added to SUBCOMMANDS, so its help is snapshotted too.
            let top: Vec<&str> = SUBCOMMANDS.iter().filter(|s| s.len() == 1).map(|s| s[0]).collect();
            assert_eq!(listed_subcommands(&runs[0].stdout), top, "{}", runs[0].stdout);
        } else {
            assert!(runs[0].stdout.contains("用法：shenbao"), "Chinese by default: {}", runs[0].stdout);
        }
        snapshot_runs(name, &runs, str::to_owned);
    }
}

// ------------------------------------------------------------------ count, notices

#[test]
fn count_a_fixture_application() {
    let file = "fixtures/ln-2024-cases/over-section/申报书.docx";
    let runs = [
        run(&["count", file]),
        run(&["count", file, "--notice", "ln-2024-cases"]),
        run(&["--lang", "en", "count", file, "--notice", "ln-2024-cases"]),
    ];
    for shown in &runs {
        assert_eq!(shown.code, Some(0), "counting is not checking: {}", shown.render());
    }
    assert!(runs[1].stdout.contains("312"), "问题描述 counts 312: {}", runs[1].stdout);
    snapshot_runs("cli__count__ln-2024-cases__over-section", &runs, str::to_owned);
}

/// `shenbao notices` shows each notice's next deadline from today, or its last one and "closed": a
/// column that changes with the day the test runs. It is replaced by a fixed token of the same width.
fn redact_deadline_column(text: &str) -> String {
    let mut out = String::new();
    for line in text.split_inclusive('\n') {
        let words: Vec<&str> = line.split_whitespace().collect();
        let dated = words.len() >= 3
            && words[1].len() == 10
            && words[1].chars().all(|c| c.is_ascii_digit() || c == '-')
            && ["已截止", "下一截止", "closed", "next"].contains(&words[2]);
        if dated {
            let from = line.find(words[1]).expect("found");
            let state = line[from..].find(words[2]).expect("found") + from + words[2].len();
            let to = state + line[state..].len() - line[state..].trim_start().len();
            // Display width: the Chinese states take two columns a character.
            let width: usize = line[from..to].chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
            let _ = write!(out, "{}[date] [state]{}{}", &line[..from], " ".repeat(width - 14), &line[to..]);
        } else {
            out.push_str(line);
        }
    }
    out
}

#[test]
fn notices_list_and_show() {
    let runs = [
        run(&["notices"]),
        run(&["--lang", "en", "notices"]),
        run(&["notices", "show", "ln-2024-cases"]),
        run(&["--lang", "en", "notices", "show", "qh-2025-scenes"]),
        run(&["notices", "show", "no-such-notice"]),
    ];
    for shown in &runs[..4] {
        assert_eq!(shown.code, Some(0), "{}", shown.render());
    }
    assert_eq!(runs[4].code, Some(2), "an unknown notice is a usage error: {}", runs[4].render());
    for id in ["ln-2024-cases", "cq-2024-cases-2", "ln-2024-contest", "national-2024-contest", "qh-2025-scenes"] {
        assert!(runs[0].stdout.contains(id), "{id} listed: {}", runs[0].stdout);
    }
    snapshot_runs("cli__notices", &runs, redact_deadline_column);
}

#[test]
fn the_deadline_column_redaction_keeps_the_layout() {
    let line = "qh-2025-scenes         2027-03-15 下一截止     关于开展\n";
    assert_eq!(redact_deadline_column(line), "qh-2025-scenes         [date] [state]          关于开展\n");
    let line = "ln-2024-cases          2024-03-07 closed       Liaoning call\n";
    assert_eq!(redact_deadline_column(line), "ln-2024-cases          [date] [state]          Liaoning call\n");
}

// ------------------------------------------------------------------ verify a bundle packed here

#[test]
fn verify_a_bundle_packed_in_the_test() {
    let tmp = tempfile::tempdir().expect("tempdir");
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/ln-2024-cases/pass"), &tmp.path().join("dossier"));
    // Relative names, run in the temporary folder: no absolute path reaches the output.
    let pack = run_in(tmp.path(), &["pack", "dossier", "--today", "2024-02-28", "-o", "b.zip"]);
    assert_eq!(pack.code, Some(0), "{}", pack.render());
    let fingerprint = pack
        .stdout
        .lines()
        .find_map(|l| l.split_once("SHA-256）：").map(|(_, f)| f.trim().to_owned()))
        .expect("pack prints the fingerprint");

    // A flipped byte in the middle of the bundle's first entry (the 申报书): damaged, exit code 1.
    let bytes = std::fs::read(tmp.path().join("b.zip")).expect("read");
    let mut flipped = bytes.clone();
    flipped[2000] ^= 0x01;
    std::fs::write(tmp.path().join("flipped.zip"), &flipped).expect("write");

    let runs = [
        pack,
        run_in(tmp.path(), &["verify", "b.zip"]),
        run_in(tmp.path(), &["--lang", "en", "verify", "b.zip"]),
        run_in(tmp.path(), &["verify", "b.zip", "--format", "json"]),
        run_in(tmp.path(), &["verify", "flipped.zip"]),
    ];
    for shown in &runs[1..4] {
        assert_eq!(shown.code, Some(0), "intact: {}", shown.render());
        assert!(shown.stdout.contains(&fingerprint), "verify shows pack's fingerprint: {}", shown.render());
    }
    assert_eq!(runs[4].code, Some(1), "damaged: {}", runs[4].render());
    let tmp_path = tmp.path().display().to_string();
    snapshot_runs("cli__pack-verify__ln-2024-cases__pass", &runs, |text| {
        assert!(!text.contains(&tmp_path), "no absolute path: {text}");
        redact_sha256(&redact_version(text))
    });
}
