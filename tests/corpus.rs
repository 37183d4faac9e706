//! Every .docx of the shared real-world corpus through `count`: never a panic, exit 0 or 2, and a
//! message on stderr for every refusal. Skipped with a note when the corpus is not beside the project.

use std::path::Path;
use std::process::Command;

#[test]
fn count_never_panics_on_real_world_documents() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if !corpus.is_dir() {
        eprintln!("skipped: {} not found", corpus.display());
        return;
    }
    let bin = assert_cmd::cargo::cargo_bin("shenbao");
    let mut seen = 0;
    let mut refused = 0;
    for entry in walkdir::WalkDir::new(&corpus).into_iter().filter_map(Result::ok) {
        let path = entry.path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
        if !entry.file_type().is_file() || !matches!(ext.as_str(), "docx" | "docm" | "dotx") {
            continue;
        }
        seen += 1;
        let out = Command::new(&bin).arg("count").arg(path).args(["--format", "json"]).output().expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        match out.status.code() {
            Some(0) => {
                let json: serde_json::Value = serde_json::from_slice(&out.stdout)
                    .unwrap_or_else(|e| panic!("{}: not JSON ({e})", path.display()));
                assert!(json["total"]["words"].is_u64(), "{}", path.display());
            }
            Some(2) => {
                refused += 1;
                assert!(stderr.contains("shenbao:"), "{}: refused without a message", path.display());
            }
            other => panic!("{}: exit {other:?}\n{stderr}", path.display()),
        }
    }
    assert!(seen > 500, "only {seen} documents found");
    eprintln!("{seen} documents counted, {refused} refused with a message");
}
