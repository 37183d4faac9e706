//! What shenbao writes and prints, against hostile and careless use: an output path inside the dossier
//! being read, file names with terminal escapes, interrupted packs, a full disk, the message language
//! leaking into a bundle, and the bundle's fingerprint.

#[path = "support/hostile.rs"]
mod hostile_support;
mod support;
use hostile_support::{assert_bounded, fixture, grow_video, root, sha256, watched};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use support::{copy_dir, shenbao, shenbao_in};

const TODAY: &str = "2024-08-10";
const PASS: &str = "fixtures/cq-2024-cases-2/pass";
const WITH_ERRORS: &str = "fixtures/cq-2024-cases-2/missing-pdf";
const FINGERPRINT_ZH: &str = "压缩包指纹（manifest-sha256.txt 的 SHA-256）：";

fn sha256_file(path: &Path) -> String {
    sha256(&std::fs::read(path).expect("read"))
}

/// The names in `dir` that a shenbao temporary file has.
fn temps_in(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("read_dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".shenbao-"))
        .collect()
}

fn entry(zip_path: &Path, name: &str) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(zip_path).expect("open")).expect("zip");
    let mut bytes = Vec::new();
    archive.by_name(name).expect("entry").read_to_end(&mut bytes).expect("read");
    bytes
}

fn os<S: AsRef<std::ffi::OsStr> + ?Sized>(s: &S) -> &std::ffi::OsStr {
    s.as_ref()
}

// ------------------------------------------------------------------ outputs inside a dossier

#[test]
fn check_and_summary_refuse_to_write_over_the_application() {
    let (tmp, dir) = fixture(PASS);
    let application = dir.join("申报书.docx");
    let before = sha256_file(&application);
    let cases: [(&str, Vec<&std::ffi::OsStr>); 4] = [
        ("check --format json -o", vec![os("check"), dir.as_os_str(), os("--format"), os("json"), os("-o")]),
        ("check -o (human)", vec![os("check"), dir.as_os_str(), os("-o")]),
        ("summary -o", vec![os("summary"), dir.as_os_str(), os("-o")]),
        ("pack -o", vec![os("pack"), dir.as_os_str(), os("--force"), os("-o")]),
    ];
    for (what, mut args) in cases {
        // pack needs a .zip name; the others take the 申报书's own path.
        let inside = if what.starts_with("pack") { dir.join("多媒体材料/a.zip") } else { application.clone() };
        args.push(inside.as_os_str());
        args.extend([os("--today"), os(TODAY)]);
        let run = watched(tmp.path(), &args);
        assert_eq!(run.code, Some(2), "{what}: {}", run.stderr);
        assert!(run.stderr.contains("位于材料文件夹") && run.stderr.contains("已拒绝写入"), "{what}: {}", run.stderr);
        assert_eq!(sha256_file(&application), before, "{what}: the 申报书 is unchanged");
        assert!(!dir.join("多媒体材料/a.zip").exists(), "{what}");
        assert!(temps_in(&dir).is_empty(), "{what}: no temporary file in the dossier");
        assert_bounded(what, &run, 10.0, 300.0);
    }
    // English says the same.
    let out = shenbao()
        .args(["--lang", "en", "check"])
        .arg(&dir)
        .arg("-o")
        .arg(&application)
        .args(["--today", TODAY])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("refusing to write"), "{out:?}");
}

#[test]
fn a_batch_root_protects_every_dossier_in_it() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let batch = tmp.path().join("批次");
    copy_dir(&root().join(PASS), &batch.join("一号"));
    copy_dir(&root().join(PASS), &batch.join("二号"));
    let target = batch.join("二号/申报书.docx");
    let before = sha256_file(&target);
    for cmd in ["check", "summary"] {
        let out = shenbao_in(tmp.path())
            .arg(cmd)
            .arg("批次")
            .arg("-o")
            .arg("批次/二号/申报书.docx")
            .args(["--today", TODAY])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(2), "{cmd}: {out:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("二号") && stderr.contains("已拒绝写入"), "{cmd}: {stderr}");
        assert_eq!(sha256_file(&target), before, "{cmd}");
    }
    // Beside the dossiers, in the batch root itself, the table may go.
    let out = shenbao_in(tmp.path())
        .args(["summary", "批次", "-o", "批次/汇总表.xlsx", "--today", TODAY])
        .output()
        .expect("runs");
    assert!(batch.join("汇总表.xlsx").is_file(), "{out:?}");
}

#[test]
fn replacing_a_file_elsewhere_is_said_and_leaves_no_temporary_file() {
    let (tmp, dir) = fixture(PASS);
    let out_dir = tmp.path().join("out");
    std::fs::create_dir(&out_dir).expect("mkdir");
    let report = out_dir.join("report.json");
    let table = out_dir.join("汇总表.csv");
    std::fs::write(&report, "old").expect("write");
    std::fs::write(&table, "old").expect("write");

    let out = shenbao()
        .arg("check")
        .arg(&dir)
        .args(["--format", "json", "-o"])
        .arg(&report)
        .args(["--today", TODAY])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("已覆盖"), "{out:?}");
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&report).expect("read")).expect("json");
    assert_eq!(json["schema"], 1);

    let out = shenbao().arg("summary").arg(&dir).arg("-o").arg(&table).args(["--today", TODAY]).output().expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("已覆盖") && stderr.contains("汇总表.csv"), "{stderr}");
    assert_ne!(std::fs::read(&table).expect("read"), b"old");

    // A new file is written without the word.
    let fresh = out_dir.join("new.json");
    let out = shenbao()
        .arg("check")
        .arg(&dir)
        .args(["--format", "json", "-o"])
        .arg(&fresh)
        .args(["--today", TODAY])
        .output()
        .expect("runs");
    assert!(fresh.is_file() && !String::from_utf8_lossy(&out.stderr).contains("已覆盖"), "{out:?}");

    let bundle = out_dir.join("b.zip");
    std::fs::write(&bundle, "old").expect("write");
    let out = shenbao().arg("pack").arg(&dir).arg("-o").arg(&bundle).args(["--today", TODAY]).output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("已覆盖"), "{out:?}");
    assert!(temps_in(&out_dir).is_empty(), "{:?}", temps_in(&out_dir));
}

// ------------------------------------------------------------------ a full disk

#[test]
fn a_full_disk_is_said_in_chinese() {
    let (tmp, dir) = fixture(PASS);
    if !Path::new("/dev/full").exists() {
        eprintln!("skipped: no /dev/full");
        return;
    }
    let run = watched(
        tmp.path(),
        &[
            os("check"),
            dir.as_os_str(),
            os("--format"),
            os("json"),
            os("-o"),
            os("/dev/full"),
            os("--today"),
            os(TODAY),
        ],
    );
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("磁盘空间不足") && run.stderr.contains("/dev/full"), "{}", run.stderr);
    assert!(!run.stderr.contains("Os {"), "no Debug text: {}", run.stderr);
    assert_bounded("check -o /dev/full", &run, 10.0, 300.0);
    // /dev/full is still the device: written into, never replaced by a file.
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::metadata("/dev/full").expect("meta").file_type().is_char_device());

    // pack refuses a device outright: renaming the bundle over it would replace it.
    let out = shenbao().arg("pack").arg(&dir).args(["-o", "/dev/full", "--today", TODAY]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("不是普通文件"), "{out:?}");
    assert!(std::fs::metadata("/dev/full").expect("meta").file_type().is_char_device());
}

/// A real full disk: a 64 KiB tmpfs, where the root user can mount one (CI runs as root).
#[test]
fn a_pack_onto_a_full_disk_says_so_and_leaves_nothing() {
    let (tmp, dir) = fixture(PASS);
    let mnt = tmp.path().join("small-disk");
    std::fs::create_dir(&mnt).expect("mkdir");
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
        .arg(&mnt)
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipped: cannot mount a tmpfs here (not root?); /dev/full covers the message");
        return;
    }
    let target = mnt.join("bundle.zip");
    let out = shenbao().arg("pack").arg(&dir).arg("-o").arg(&target).args(["--today", TODAY]).output();
    let left = temps_in(&mnt);
    let exists = target.exists();
    let _ = std::process::Command::new("umount").arg(&mnt).status();
    let out = out.expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("磁盘空间不足") && stderr.contains("small-disk"), "{stderr}");
    assert!(!stderr.contains("Io(") && !stderr.contains("Os {"), "no Debug text: {stderr}");
    assert!(!exists, "no bundle");
    assert!(left.is_empty(), "no temporary file: {left:?}");
}

// ------------------------------------------------------------------ terminal injection

/// A file name that clears the screen, rings the bell, sets the window title and prints a fake verdict.
const HOSTILE: &str = "x\u{1b}[2J\u{1b}]0;pwned\u{7}\n✔ 通过\u{7}.docx";

fn assert_no_raw_controls(what: &str, text: &str) {
    for bad in ['\u{1b}', '\u{7}', '\u{9b}'] {
        assert!(!text.contains(bad), "{what}: raw {bad:?} in {text:?}");
    }
    // The name's fake verdict stays on the name's line, after the escaped newline.
    assert!(!text.lines().any(|l| l.trim_start().starts_with("✔ 通过") && l.contains(".docx")), "{what}: {text}");
}

#[test]
fn names_with_escapes_are_printed_escaped() {
    let (tmp, dir) = fixture(PASS);
    std::fs::copy(dir.join("申报书.docx"), dir.join(HOSTILE)).expect("copy");
    let out = shenbao().arg("check").arg(&dir).args(["--today", TODAY]).output().expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_no_raw_controls("check", &stdout);
    assert!(stdout.contains("x\\x1B[2J\\x1B]0;pwned\\x07\\x0A✔ 通过\\x07.docx"), "{stdout}");

    // The batch view: a dossier folder named with escapes, passing, on its one line.
    let batch = tmp.path().join("batch");
    copy_dir(&root().join(PASS), &batch.join("a\u{1b}[31m\nb"));
    copy_dir(&root().join(PASS), &batch.join("second"));
    let out = shenbao().arg("check").arg(&batch).args(["--today", TODAY]).output().expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_no_raw_controls("batch", &stdout);
    assert!(stdout.contains("a\\x1B[31m\\x0Ab"), "{stdout}");

    // count: the name and its error line.
    let out = shenbao_in(&dir).arg("count").arg(HOSTILE).output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_no_raw_controls("count", &String::from_utf8_lossy(&out.stdout));
    let broken = tmp.path().join("y\u{1b}[2J.docx");
    std::fs::write(&broken, b"not a zip").expect("write");
    let out = shenbao().arg("count").arg(&broken).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains('\u{1b}') && stderr.contains("y\\x1B[2J.docx"), "{stderr}");

    // init: the folder's name in its report.
    let out = shenbao_in(tmp.path())
        .args(["init", "new\u{1b}[2Jdossier", "--notice", "cq-2024-cases-2"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_no_raw_controls("init", &stdout);
    assert!(stdout.contains("new\\x1B[2Jdossier"), "{stdout}");

    // A missing folder named on the command line.
    let out = shenbao().arg("check").arg(tmp.path().join("gone\u{1b}[2J")).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains('\u{1b}') && stderr.contains("gone\\x1B[2J"), "{stderr}");
}

// ------------------------------------------------------------------ interrupted packs

#[test]
fn sigterm_and_sigint_remove_the_temporary_bundle() {
    let (tmp, dir) = fixture(PASS);
    grow_video(&dir);
    for signal in ["TERM", "INT"] {
        let target = tmp.path().join("big.zip");
        let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("shenbao"))
            .arg("pack")
            .arg(&dir)
            .args(["--today", TODAY, "-o"])
            .arg(&target)
            .env("LANG", "C.UTF-8")
            .env_remove("SHENBAO_LANG")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn");
        let started = Instant::now();
        let mut signalled = false;
        while started.elapsed() < Duration::from_secs(60) {
            let under_way: u64 = std::fs::read_dir(tmp.path())
                .expect("read_dir")
                .filter_map(Result::ok)
                .filter(|e| e.file_name().to_string_lossy().starts_with(".shenbao-pack-"))
                .filter_map(|e| e.metadata().ok())
                .map(|m| m.len())
                .sum();
            if under_way > 20 << 20 {
                let sent = std::process::Command::new("kill")
                    .arg(format!("-{signal}"))
                    .arg(child.id().to_string())
                    .status()
                    .expect("kill");
                assert!(sent.success());
                signalled = true;
                break;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        let out = child.wait_with_output().expect("wait");
        assert!(signalled, "SIG{signal}: pack finished before it could be interrupted");
        assert_eq!(out.status.code(), Some(130), "SIG{signal}: {out:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("已中断"), "{out:?}");
        assert!(!target.exists(), "SIG{signal}: no bundle");
        assert!(temps_in(tmp.path()).is_empty(), "SIG{signal}: {:?}", temps_in(tmp.path()));
    }
}

#[test]
fn a_stale_temporary_file_of_a_killed_pack_is_removed_by_the_next() {
    let (tmp, dir) = fixture(PASS);
    // A PID that is surely gone: a process that has ended.
    let mut gone = std::process::Command::new("true").spawn().expect("spawn");
    let dead = gone.id();
    gone.wait().expect("wait");
    let alive = std::process::id();
    let old = std::time::SystemTime::now() - Duration::from_secs(3600);
    let make = |name: String, aged: bool| {
        let path = tmp.path().join(name);
        let f = std::fs::File::create(&path).expect("create");
        f.set_len(1 << 20).expect("len");
        if aged {
            f.set_modified(old).expect("mtime");
        }
        path
    };
    let stale = make(format!(".shenbao-pack-{dead}-Ab12Cd.tmp"), true);
    let live = make(format!(".shenbao-pack-{alive}-Ab12Cd.tmp"), true);
    let fresh = make(format!(".shenbao-pack-{dead}-Zz99Yy.tmp"), false);
    let unknown = make(".shenbao-pack-Ab12Cd.tmp".to_owned(), true);
    let other = make(format!("mine-{dead}.tmp"), true);

    let out = shenbao().arg("pack").arg(&dir).args(["--today", TODAY]).output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(!stale.exists(), "the dead process's old temporary file is removed");
    assert!(live.exists(), "a running process's file is kept");
    assert!(fresh.exists(), "a file written within the last minute is kept (another PID namespace may own it)");
    assert!(unknown.exists() && other.exists(), "names shenbao does not give are left alone");
}

// ------------------------------------------------------------------ bundle bytes and fingerprint

#[test]
fn the_bundle_is_the_same_in_every_message_language() {
    for (fixture_name, extra) in [(PASS, &[][..]), (WITH_ERRORS, &["--force"][..])] {
        let (tmp, dir) = fixture(fixture_name);
        let mut bundles = Vec::new();
        for (i, lang) in [("SHENBAO_LANG", "zh"), ("SHENBAO_LANG", "en"), ("LANG", "en_US.UTF-8")].iter().enumerate() {
            let target = tmp.path().join(format!("{i}.zip"));
            let out = shenbao()
                .env(lang.0, lang.1)
                .arg("pack")
                .arg(&dir)
                .args(["--today", TODAY])
                .args(extra)
                .arg("-o")
                .arg(&target)
                .output()
                .expect("runs");
            assert_eq!(out.status.code(), Some(0), "{lang:?}: {out:?}");
            bundles.push(std::fs::read(&target).expect("bundle"));
        }
        let out = shenbao()
            .args(["--lang", "en", "pack"])
            .arg(&dir)
            .args(["--today", TODAY])
            .args(extra)
            .arg("-o")
            .arg(tmp.path().join("3.zip"))
            .output()
            .expect("runs");
        assert!(String::from_utf8_lossy(&out.stdout).contains("packed"), "English messages: {out:?}");
        bundles.push(std::fs::read(tmp.path().join("3.zip")).expect("bundle"));
        for (i, b) in bundles.iter().enumerate().skip(1) {
            assert!(*b == bundles[0], "{fixture_name}: bundle {i} differs from the Chinese one");
        }
        let report = String::from_utf8(entry(&tmp.path().join("3.zip"), "report.json")).expect("utf-8");
        assert!(report.contains("申报") && !report.contains("\"message\": \"the "), "Chinese inside: {report}");
    }
}

#[test]
fn the_fingerprint_is_printed_and_is_the_manifests_sha256() {
    let (tmp, dir) = fixture(PASS);
    let target = tmp.path().join("b.zip");
    let run =
        watched(tmp.path(), &[os("pack"), dir.as_os_str(), os("--today"), os(TODAY), os("-o"), target.as_os_str()]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_bounded("pack", &run, 10.0, 300.0);
    let manifest = entry(&target, "manifest-sha256.txt");
    let expected = sha256(&manifest);
    let printed = run.stdout.lines().find_map(|l| l.strip_prefix(FINGERPRINT_ZH)).expect("fingerprint line");
    assert_eq!(printed, expected, "{}", run.stdout);

    // 清单.txt carries it, is not in the manifest, and says so.
    let list = String::from_utf8(entry(&target, "清单.txt")).expect("utf-8");
    assert!(list.contains(&format!("{FINGERPRINT_ZH}{expected}")), "{list}");
    assert!(list.contains("不列入 manifest-sha256.txt"), "{list}");
    let manifest = String::from_utf8(manifest).expect("utf-8");
    assert!(!manifest.contains("清单.txt") && manifest.contains("report.json"), "{manifest}");

    // JSON says the same.
    let out = shenbao()
        .arg("pack")
        .arg(&dir)
        .args(["--today", TODAY, "--format", "json", "-o"])
        .arg(tmp.path().join("c.zip"))
        .output()
        .expect("runs");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["fingerprint"], expected.as_str(), "same dossier, same day, same fingerprint");
    assert_eq!(json["volumes"][0]["bytes"], std::fs::metadata(&target).expect("meta").len());

    // verify still passes, and a changed 清单.txt does not touch the manifest's fingerprint.
    let out = shenbao().arg("verify").arg(&target).output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("完好"), "{out:?}");
}

#[test]
fn split_volumes_share_one_fingerprint() {
    let (tmp, dir) = fixture(PASS);
    let target = tmp.path().join("s.zip");
    let out = shenbao()
        .arg("pack")
        .arg(&dir)
        .args(["--today", TODAY, "--split", "200K", "-o"])
        .arg(&target)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let printed = stdout.lines().find_map(|l| l.strip_prefix(FINGERPRINT_ZH)).expect("fingerprint").to_owned();
    let volumes: Vec<PathBuf> =
        (1..).map(|n| tmp.path().join(format!("s.part{n}.zip"))).take_while(|p| p.exists()).collect();
    assert!(volumes.len() > 1, "{stdout}");
    for v in &volumes {
        assert_eq!(sha256(&entry(v, "manifest-sha256.txt")), printed);
        let list = String::from_utf8(entry(v, "清单.txt")).expect("utf-8");
        assert!(list.contains(&printed), "{}", v.display());
    }
}

// ------------------------------------------------------------------ names and modes

#[test]
fn a_default_bundle_name_never_starts_with_a_dot() {
    let (tmp, dir) = fixture(PASS);
    let config = std::fs::read_to_string(dir.join("dossier.toml")).expect("read");
    let config = config
        .lines()
        .map(|l| match l.split_once(" = ").map(|(k, _)| k) {
            Some("name") => "name = \"../..\"",
            Some("unit") => "unit = \"..\"",
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(dir.join("dossier.toml"), config).expect("write");
    let out = shenbao().arg("pack").arg(&dir).args(["--today", TODAY, "--force"]).output().expect("runs");
    let names: Vec<String> = std::fs::read_dir(tmp.path())
        .expect("read_dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".zip"))
        .collect();
    assert_eq!(names.len(), 1, "{names:?} {out:?}");
    assert!(!names[0].starts_with('.') && !names[0].starts_with('-') && !names[0].contains('/'), "{names:?}");
    assert!(!tmp.path().parent().expect("parent").join("..zip").exists());
}

#[cfg(unix)]
#[test]
fn init_honours_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().expect("tempdir");
    let bin = assert_cmd::cargo::cargo_bin("shenbao");
    for (umask, mode) in [("022", 0o644), ("027", 0o640)] {
        let dir = tmp.path().join(format!("d{umask}"));
        let status = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("umask {umask} && exec \"$0\" init \"$1\" --notice cq-2024-cases-2"))
            .arg(&bin)
            .arg(&dir)
            .stdout(std::process::Stdio::null())
            .status()
            .expect("runs");
        assert!(status.success());
        for file in ["申报书.docx", "dossier.toml"] {
            let got = std::fs::metadata(dir.join(file)).expect("meta").permissions().mode() & 0o777;
            assert_eq!(got, mode, "umask {umask}: {file} is {got:o}");
        }
        assert!(temps_in(&dir).is_empty());
    }
}
