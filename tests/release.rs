//! What an applicant downloads: the release scripts (release/package.sh, release/checksums.sh) run on this
//! machine's own build of shenbao, and the release workflow (.github/workflows/release.yml) that calls them
//! on each platform. A test that needs a tool the machine lacks (bash, tar, Python) says it skipped.

mod support;

use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::process::Command;

const VERSION: &str = "v9.8.7";

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn has(tool: &str) -> bool {
    Command::new(tool).arg("--version").output().is_ok_and(|o| o.status.success())
}

/// The first of `tools` this machine has, or `None` with a note that the test is skipped.
fn needs(tools: &[&[&str]]) -> bool {
    for alternatives in tools {
        if !alternatives.iter().any(|t| has(t)) {
            eprintln!("skipped: none of {alternatives:?} is on PATH");
            return false;
        }
    }
    true
}

/// Runs release/package.sh for `target` on the test build of shenbao; returns the archive path it printed.
fn package(target: &str, out: &Path) -> PathBuf {
    let output = Command::new("bash")
        .arg(repo().join("release/package.sh"))
        .args([target, env!("CARGO_BIN_EXE_shenbao"), VERSION])
        .arg(out)
        .output()
        .expect("bash runs");
    assert!(output.status.success(), "package.sh failed: {}", String::from_utf8_lossy(&output.stderr));
    PathBuf::from(String::from_utf8(output.stdout).expect("utf-8").trim())
}

fn guide() -> Vec<u8> {
    std::fs::read(repo().join("release/使用说明.txt")).expect("guide")
}

#[test]
fn a_linux_or_mac_download_is_a_folder_with_the_binary_and_the_guide() {
    if !needs(&[&["bash"], &["tar"]]) {
        return;
    }
    let out = tempfile::tempdir().expect("tmp");
    let target = "x86_64-unknown-linux-musl";
    let archive = package(target, out.path());
    assert_eq!(archive, out.path().join(format!("shenbao-9.8.7-{target}.tar.gz")));
    // Only the archive is left: no half-written `.part`, no staging folder.
    let left: Vec<_> = std::fs::read_dir(out.path()).expect("ls").map(|e| e.expect("entry").file_name()).collect();
    assert_eq!(left, [archive.file_name().expect("name")]);

    let unpacked = tempfile::tempdir().expect("tmp");
    let status = Command::new("tar").arg("-xzf").arg(&archive).arg("-C").arg(unpacked.path()).status().expect("tar");
    assert!(status.success());
    let folder = unpacked.path().join(format!("shenbao-9.8.7-{target}"));
    let mut names: Vec<_> = std::fs::read_dir(&folder)
        .expect("one folder named as the archive")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["shenbao", "使用说明.txt"]);
    assert_eq!(std::fs::read(folder.join("使用说明.txt")).expect("guide"), guide());

    // The packed binary runs from where it was unpacked.
    let run = Command::new(folder.join("shenbao")).arg("--version").output().expect("runs");
    assert!(run.status.success());
    assert!(String::from_utf8_lossy(&run.stdout).starts_with("shenbao "));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(folder.join("shenbao")).expect("stat").permissions().mode();
        assert_eq!(mode & 0o777, 0o755);
    }
}

/// The names in a zip's central directory with their general-purpose flags.
fn central_names(zip: &[u8]) -> Vec<(String, u16)> {
    let mut names = Vec::new();
    let mut i = 0;
    while let Some(at) = zip[i..].windows(4).position(|w| w == b"PK\x01\x02") {
        let h = &zip[i + at..];
        let le = |o: usize| u16::from_le_bytes([h[o], h[o + 1]]);
        let (flags, len) = (le(8), usize::from(le(28)));
        names.push((String::from_utf8_lossy(&h[46..46 + len]).into_owned(), flags));
        i += at + 46 + len;
    }
    names
}

#[test]
fn a_windows_download_is_a_zip_explorer_shows_in_chinese_with_a_guide_notepad_reads() {
    if !needs(&[&["bash"], &["python3", "python"]]) {
        return;
    }
    let out = tempfile::tempdir().expect("tmp");
    let target = "x86_64-pc-windows-msvc";
    let archive = package(target, out.path());
    assert_eq!(archive, out.path().join(format!("shenbao-9.8.7-{target}.zip")));
    let bytes = std::fs::read(&archive).expect("zip");

    let folder = format!("shenbao-9.8.7-{target}");
    let names = central_names(&bytes);
    let listed: Vec<&str> = names.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(listed, [format!("{folder}/shenbao.exe"), format!("{folder}/使用说明.txt")]);
    // Bit 11: the name is UTF-8. Without it Explorer and WinRAR read the bytes as GBK and show mojibake.
    let (_, flags) = &names[1];
    assert_ne!(flags & 0x0800, 0, "使用说明.txt is not marked UTF-8");

    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip the zip crate opens");
    let mut read = |name: &str| {
        let mut entry = zip.by_name(name).expect("entry");
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut data).expect("inflate");
        data
    };
    assert_eq!(read(&format!("{folder}/shenbao.exe")), std::fs::read(env!("CARGO_BIN_EXE_shenbao")).expect("bin"));
    let text = read(&format!("{folder}/使用说明.txt"));
    // A byte-order mark and CRLF: every Notepad shows it, the one of Windows 7 included.
    let text = text.strip_prefix(b"\xEF\xBB\xBF").expect("starts with a UTF-8 byte-order mark");
    let text = String::from_utf8(text.to_vec()).expect("utf-8");
    assert!(text.ends_with("\r\n") && text.matches("\r\n").count() == text.matches('\n').count(), "CRLF only");
    assert_eq!(text.replace("\r\n", "\n").into_bytes(), guide());
}

#[test]
fn sha256sums_lists_every_archive_as_sha256sum_checks_it() {
    if !needs(&[&["bash"], &["sha256sum", "shasum"]]) {
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    let files = [("shenbao-1.0.0-x86_64-pc-windows-msvc.zip", &b"zip bytes"[..]), ("shenbao-1.0.0-a.tar.gz", b"tar")];
    for (name, data) in files {
        std::fs::write(dir.path().join(name), data).expect("write");
    }
    std::fs::write(dir.path().join("notes.txt"), "not an archive").expect("write");
    let status = Command::new("bash").arg(repo().join("release/checksums.sh")).arg(dir.path()).output().expect("runs");
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));

    let sums = std::fs::read_to_string(dir.path().join("SHA256SUMS")).expect("SHA256SUMS written");
    let mut expected: Vec<String> =
        files.iter().map(|(name, data)| format!("{}  {name}", hex(&Sha256::digest(data)))).collect();
    expected.sort();
    let mut lines: Vec<String> = sums.lines().map(str::to_owned).collect();
    lines.sort();
    assert_eq!(lines, expected, "one line per archive, nothing else");

    if has("sha256sum") {
        let check =
            Command::new("sha256sum").args(["-c", "SHA256SUMS"]).current_dir(dir.path()).output().expect("runs");
        assert!(check.status.success(), "sha256sum -c rejects it: {}", String::from_utf8_lossy(&check.stdout));
    }

    // A folder without archives is a mistake in the workflow, not an empty list.
    let empty = tempfile::tempdir().expect("tmp");
    let status =
        Command::new("bash").arg(repo().join("release/checksums.sh")).arg(empty.path()).status().expect("runs");
    assert!(!status.success());
    assert!(!empty.path().join("SHA256SUMS").exists());
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn the_release_workflow_builds_the_four_platforms_on_a_version_tag() {
    let workflow = std::fs::read_to_string(repo().join(".github/workflows/release.yml")).expect("workflow");
    assert!(workflow.contains("tags: [\"v*\"]"), "runs on version tags");
    for target in ["x86_64-pc-windows-msvc", "x86_64-apple-darwin", "aarch64-apple-darwin", "x86_64-unknown-linux-musl"]
    {
        assert!(workflow.contains(&format!("target: {target},")), "{target} is not built");
    }
    for step in ["release/package.sh", "release/checksums.sh", "gh release create", "--locked", "--verify-tag"] {
        assert!(workflow.contains(step), "the workflow lacks {step}");
    }
    // The notes file the publish step names is there, and says how to check the download.
    let notes = std::fs::read_to_string(repo().join("release/NOTES.md")).expect("release/NOTES.md");
    assert!(notes.contains("SHA256SUMS"));
    // shenbao.exe needs no Visual C++ redistributable.
    let config = std::fs::read_to_string(repo().join(".cargo/config.toml")).expect(".cargo/config.toml");
    assert!(config.contains("[target.x86_64-pc-windows-msvc]") && config.contains("+crt-static"));
}

#[test]
fn every_command_the_guide_shows_exists() {
    let guide = String::from_utf8(guide()).expect("utf-8");
    let mut shown = Vec::new();
    for line in guide.lines() {
        let mut words = line.split_whitespace().peekable();
        while let Some(word) = words.next() {
            if word == "shenbao" {
                if let Some(sub) = words.peek().filter(|w| w.chars().all(|c| c.is_ascii_lowercase())) {
                    shown.push((*sub).to_owned());
                }
            }
        }
    }
    shown.sort();
    shown.dedup();
    assert_eq!(shown, ["check", "count", "explain", "pack"], "the guide shows the main commands");
    for sub in shown {
        support::shenbao().args([sub.as_str(), "--help"]).assert().success();
    }
}
