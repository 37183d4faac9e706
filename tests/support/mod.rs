//! What the command-line tests share: the binary with a clean environment, and folder copies.
#![allow(dead_code)]

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// The binary, run in `dir`, with language, colour, CI and locale variables cleared so every test sees the
/// defaults whatever machine runs it.
pub fn shenbao_in(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("shenbao").expect("binary built");
    cmd.current_dir(dir);
    cmd.env_remove("SHENBAO_LANG").env_remove("LC_ALL").env_remove("LC_MESSAGES").env("LANG", "C.UTF-8");
    cmd.env("NO_COLOR", "1").env_remove("CI").env_remove("GITHUB_STEP_SUMMARY");
    // No test opens a browser, whatever desktop the machine has.
    cmd.env("SHENBAO_NO_OPEN", "1");
    cmd
}

/// The binary, run in the crate's folder (where `fixtures/` is).
pub fn shenbao() -> Command {
    shenbao_in(Path::new(env!("CARGO_MANIFEST_DIR")))
}

/// Copies every file under `from` to the same place under `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in walkdir::WalkDir::new(from).into_iter().filter_map(Result::ok).filter(|e| e.file_type().is_file()) {
        let target = to.join(entry.path().strip_prefix(from).expect("inside"));
        std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        std::fs::copy(entry.path(), &target).expect("copy");
    }
}

/// A folder of the workplace beside the project (`../shared/corpus`, `../shared/notices`), or `None`
/// with a note on stderr when it is not there: the tests that read it are then skipped.
pub fn shared(folder: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared").join(folder);
    if path.is_dir() {
        Some(path)
    } else {
        eprintln!("skipped: {} not found", path.display());
        None
    }
}

/// LibreOffice's command (`soffice`, or `libreoffice` where only that name is installed), if it runs here.
/// A test that needs it says it skipped when this is `None`.
pub fn soffice() -> Option<&'static str> {
    ["soffice", "libreoffice"]
        .into_iter()
        .find(|p| std::process::Command::new(p).arg("--version").output().is_ok_and(|o| o.status.success()))
}

/// Keeps a hostile file a test generated as a fuzz seed: when `SHENBAO_SEED_DIR` is set (fuzz/seed.sh sets
/// it), `bytes` is written to `$SHENBAO_SEED_DIR/<target>/<name>`, where `target` is a fuzz target (pdf,
/// docx, mp4, image). Without the variable it does nothing, so tests stay free of side effects.
pub fn seed(target: &str, name: &str, bytes: &[u8]) {
    if let Some(root) = std::env::var_os("SHENBAO_SEED_DIR") {
        let dir = Path::new(&root).join(target);
        std::fs::create_dir_all(&dir).expect("seed dir");
        std::fs::write(dir.join(name), bytes).expect("seed");
    }
}

/// Each sample dossier with the day it is checked on: a day inside its notice's window.
pub const FIXTURES: &[(&str, &str)] = &[
    ("fixtures/ln-2024-cases/pass", "2024-02-28"),
    ("fixtures/ln-2024-cases/over-section", "2024-02-28"),
    ("fixtures/ln-2024-cases/over-total", "2024-02-28"),
    ("fixtures/ln-2024-cases/missing-licence", "2024-02-28"),
    ("fixtures/ln-2024-cases/missing-section", "2024-02-28"),
    ("fixtures/ln-2024-cases/out-of-order", "2024-02-28"),
    ("fixtures/ln-2024-cases/ambiguous-quotes", "2024-02-28"),
    ("fixtures/cq-2024-cases-2/pass", "2024-08-10"),
    ("fixtures/cq-2024-cases-2/over-part", "2024-08-10"),
    ("fixtures/cq-2024-cases-2/missing-pdf", "2024-08-10"),
    ("fixtures/cq-2024-cases-2/legacy-doc", "2024-08-10"),
    ("fixtures/cq-2024-cases-2/png-renamed-jpg", "2024-08-10"),
    ("fixtures/cq-2024-cases-2/video-short-480p", "2024-08-10"),
    ("fixtures/cq-2024-cases-2/video-long-hevc", "2024-08-10"),
    ("fixtures/cq-2024-cases-2/mov-renamed-mp4", "2024-08-10"),
    ("fixtures/cq-2024-cases-2/low-res-pictures", "2024-08-10"),
    ("fixtures/cq-2024-cases-2/missing-picture-category", "2024-08-10"),
    ("fixtures/cq-2024-cases-2/pdf-no-seal", "2024-08-10"),
    ("fixtures/cq-2024-cases-2/pdf-older-than-word", "2024-08-10"),
    ("fixtures/cq-2024-cases-2/pdf-encrypted", "2024-08-10"),
    ("fixtures/cq-2024-cases-2/careless-content", "2024-08-10"),
    ("fixtures/ln-2024-contest/pass", "2024-07-01"),
    ("fixtures/ln-2024-contest/two-topics-misspelt", "2024-07-01"),
    ("fixtures/national-2024-contest/pass", "2024-08-01"),
    ("fixtures/qh-2025-scenes/pass", "2026-11-24"),
    ("fixtures/qh-2025-scenes/overview-over-limit", "2026-11-24"),
    ("fixtures/qh-2025-scenes/direction-not-ticked", "2026-11-24"),
    ("fixtures/qh-2025-scenes/careless-plan", "2026-11-24"),
];

/// A copy of a zip with each entry's data passed through `edit`.
pub fn rezip(bytes: &[u8], edit: impl Fn(&str, &[u8]) -> Vec<u8>) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).expect("entry");
        let name = entry.name().expect("utf-8 name").into_owned();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).expect("read");
        out.start_file(name.as_str(), zip::write::SimpleFileOptions::default()).expect("start");
        out.write_all(&edit(&name, &data)).expect("write");
    }
    out.finish().expect("finish").into_inner()
}
