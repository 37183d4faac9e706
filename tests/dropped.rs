//! `shenbao PATH...` with no subcommand, as Windows Explorer runs it when folders are dropped on
//! shenbao.exe: checked as `check` checks them, the HTML report written beside the first folder and its
//! path printed, never inside a dossier, a second run writing `-2`; a browser opened only with a desktop
//! and never under CI.

use std::path::{Path, PathBuf};
mod support;
use support::{copy_dir, shenbao_in};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(rel)
}

/// Every file under `dir`, relative to it, sorted: what a run must leave as it was.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.path().strip_prefix(dir).expect("inside").to_owned())
        .collect();
    out.sort();
    out
}

/// The reports `检查报告-<folder>-<day>….html` in `dir`, sorted.
fn reports(dir: &Path, folder: &str) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(dir)
        .expect("read_dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(&format!("检查报告-{folder}-")) && n.ends_with(".html"))
        .collect();
    out.sort();
    out
}

/// The exit code of `check DIR` for the same folder, today (drag-and-drop takes no --today).
fn check_code(dir: &Path, path: &str) -> i32 {
    shenbao_in(dir).args(["check", path]).output().expect("runs").status.code().expect("code")
}

#[test]
fn a_dropped_dossier_gets_its_report_beside_it_and_a_second_run_a_numbered_one() {
    let tmp = tempfile::tempdir().expect("tempdir");
    copy_dir(&fixture("ln-2024-cases/over-section"), &tmp.path().join("材料A"));
    let before = files(&tmp.path().join("材料A"));
    let out = shenbao_in(tmp.path()).arg("材料A/").env("CI", "1").output().expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(check_code(tmp.path(), "材料A")), "exit code as check\n{stdout}");
    assert_eq!(out.status.code(), Some(1), "the section over its limit is an error");
    let first = reports(tmp.path(), "材料A");
    assert_eq!(first.len(), 1, "{first:?}");
    let name = &first[0];
    let day = name.trim_start_matches("检查报告-材料A-").trim_end_matches(".html");
    assert!(day.len() == 10 && day.as_bytes()[4] == b'-' && day.as_bytes()[7] == b'-', "YYYY-MM-DD: {name}");
    let written = std::fs::canonicalize(tmp.path()).expect("canonical").join(name);
    assert!(stdout.contains(&format!("检查报告：{}", written.display())), "the path is printed\n{stdout}");
    let page = std::fs::read_to_string(&written).expect("the report");
    assert!(page.starts_with("<!DOCTYPE html>") && page.contains("data-result=\"failed\""));
    assert_eq!(files(&tmp.path().join("材料A")), before, "nothing written inside the dossier");

    let again = shenbao_in(tmp.path()).arg("材料A").env("CI", "1").output().expect("runs");
    assert_eq!(again.status.code(), Some(1));
    let second = reports(tmp.path(), "材料A");
    let mut expected = vec![name.clone(), name.replace(".html", "-2.html")];
    expected.sort();
    assert_eq!(second, expected, "the first is kept, the second numbered");
    assert_eq!(std::fs::read_to_string(&written).expect("kept"), page, "the first report is not replaced");
    assert!(!tmp
        .path()
        .read_dir()
        .expect("dir")
        .filter_map(Result::ok)
        .any(|e| e.file_name().to_string_lossy().ends_with(".tmp")));
}

#[test]
fn a_dropped_batch_root_is_checked_as_a_batch_and_the_report_goes_beside_the_root() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("推荐材料");
    copy_dir(&fixture("batch/ln-2024-cases"), &root);
    let before = files(&root);
    let out = shenbao_in(tmp.path()).arg(&root).env("CI", "1").output().expect("runs");
    assert_eq!(out.status.code(), Some(1), "the batch has errors");
    let found = reports(tmp.path(), "推荐材料");
    assert_eq!(found.len(), 1);
    let page = std::fs::read_to_string(tmp.path().join(&found[0])).expect("report");
    assert_eq!(page.matches("<tr data-result=").count(), 6, "one row per dossier of the batch");
    assert_eq!(files(&root), before, "nothing written inside the batch root");
}

#[test]
fn a_dropped_word_file_puts_the_report_outside_its_dossier() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dossier = tmp.path().join("材料B");
    copy_dir(&fixture("ln-2024-cases/pass"), &dossier);
    let before = files(&dossier);
    let docx = std::fs::read_dir(&dossier)
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "docx"))
        .expect("a 申报书");
    let out = shenbao_in(tmp.path()).arg(&docx).env("CI", "1").output().expect("runs");
    assert_eq!(out.status.code(), Some(check_code(tmp.path(), docx.to_str().expect("utf-8"))));
    assert_eq!(files(&dossier), before, "nothing written inside the dossier the file is in");
    assert_eq!(reports(tmp.path(), &docx.file_name().expect("name").to_string_lossy()).len(), 1, "beside the dossier");
}

#[test]
fn a_dropped_subfolder_of_a_dossier_puts_the_report_outside_the_dossier() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dossier = tmp.path().join("材料D");
    copy_dir(&fixture("ln-2024-cases/pass"), &dossier);
    std::fs::create_dir(dossier.join("多媒体材料")).expect("mkdir");
    std::fs::write(dossier.join("多媒体材料/说明.txt"), "x").expect("write");
    let before = files(&dossier);
    let out = shenbao_in(tmp.path()).arg(dossier.join("多媒体材料")).env("CI", "1").output().expect("runs");
    assert!(matches!(out.status.code(), Some(0..=2)));
    assert_eq!(files(&dossier), before, "nothing written inside the dossier");
    assert_eq!(reports(tmp.path(), "多媒体材料").len(), 1, "beside the dossier, one folder up");
}

#[test]
fn a_missing_folder_exits_2_as_check_does() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = shenbao_in(tmp.path()).arg("./没有这个文件夹").env("CI", "1").output().expect("runs");
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_subcommand_wins_over_a_folder_of_its_name_and_usage_stays() {
    let tmp = tempfile::tempdir().expect("tempdir");
    copy_dir(&fixture("ln-2024-cases/pass"), &tmp.path().join("check"));
    // `check` alone is the subcommand (with no shenbao.toml: no folder given, exit 2), never the folder.
    let sub = shenbao_in(tmp.path()).arg("check").env("CI", "1").output().expect("runs");
    assert_eq!(sub.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&sub.stderr).contains("没有给出材料文件夹"));
    assert!(reports(tmp.path(), "check").is_empty());
    // `./check` is the folder.
    let folder = shenbao_in(tmp.path()).arg("./check").env("CI", "1").output().expect("runs");
    assert_eq!(folder.status.code(), Some(check_code(tmp.path(), "./check")));
    assert_eq!(reports(tmp.path(), "check").len(), 1);
    // Nothing at all: usage and exit 2, as before; --help still prints help.
    let none = shenbao_in(tmp.path()).output().expect("runs");
    assert_eq!(none.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&none.stderr).contains("用法"));
    let help = shenbao_in(tmp.path()).arg("--help").output().expect("runs");
    assert_eq!(help.status.code(), Some(0));
    // A mistyped subcommand is still said to be one.
    let typo = shenbao_in(tmp.path()).arg("chekc").output().expect("runs");
    assert_eq!(typo.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&typo.stderr).contains("chekc"));
}

/// Runs a drop with a desktop (`DISPLAY`) and a fake `xdg-open` that records what it was asked to open;
/// `env` adds or removes variables. Returns what it recorded (empty when nothing was opened).
#[cfg(unix)]
fn opened_with(env: &[(&str, Option<&str>)]) -> String {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().expect("tempdir");
    copy_dir(&fixture("ln-2024-cases/pass"), &tmp.path().join("材料C"));
    let bin = tmp.path().join("bin");
    std::fs::create_dir(&bin).expect("mkdir");
    let marker = tmp.path().join("opened.txt");
    let script = bin.join("xdg-open");
    std::fs::write(&script, format!("#!/bin/sh\nprintf '%s' \"$1\" > '{}'\n", marker.display())).expect("write");
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let mut cmd = shenbao_in(tmp.path());
    cmd.arg("材料C").env("PATH", path).env("DISPLAY", ":0").env_remove("WAYLAND_DISPLAY");
    for (name, value) in env {
        match value {
            Some(v) => cmd.env(name, v),
            None => cmd.env_remove(name),
        };
    }
    let out = cmd.output().expect("runs");
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", String::from_utf8_lossy(&out.stderr));
    // The opener is not waited for: give it a moment.
    for _ in 0..50 {
        if marker.exists() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(40));
    }
    std::fs::read_to_string(&marker).unwrap_or_default()
}

#[cfg(unix)]
#[test]
fn the_report_opens_with_a_desktop_but_never_under_ci_or_when_asked_not_to() {
    let opened = opened_with(&[("SHENBAO_NO_OPEN", None), ("CI", None)]);
    assert!(opened.contains("检查报告-材料C-") && opened.ends_with(".html"), "opened: {opened:?}");
    assert_eq!(opened_with(&[("SHENBAO_NO_OPEN", None), ("CI", Some("true"))]), "", "never under CI");
    assert_eq!(opened_with(&[("SHENBAO_NO_OPEN", Some("1")), ("CI", None)]), "", "SHENBAO_NO_OPEN=1");
    assert_eq!(opened_with(&[("SHENBAO_NO_OPEN", None), ("CI", None), ("DISPLAY", None)]), "", "no display");
}
