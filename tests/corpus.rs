//! Every .docx of the shared real-world corpus through `count`: never a panic, exit 0 or 2, and a
//! message on stderr for every refusal. Skipped with a note when the corpus is not beside the project.

mod support;

use std::path::Path;
use std::process::Command;

#[test]
fn count_never_panics_on_real_world_documents() {
    let Some(corpus) = support::shared("corpus") else {
        return;
    };
    let bin = assert_cmd::cargo::cargo_bin("shenbao");
    let mut seen = 0;
    let mut refused = 0;
    let mut slowest: Option<(std::time::Duration, String)> = None;
    for entry in walkdir::WalkDir::new(&corpus).into_iter().filter_map(Result::ok) {
        let path = entry.path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
        if !entry.file_type().is_file() || !matches!(ext.as_str(), "docx" | "docm" | "dotx") {
            continue;
        }
        seen += 1;
        let started = std::time::Instant::now();
        let out = Command::new(&bin).arg("count").arg(path).args(["--format", "json"]).output().expect("runs");
        let elapsed = started.elapsed();
        // A debug build; the largest corpus document takes well under a second.
        assert!(elapsed.as_secs() < 10, "{}: {elapsed:?}", path.display());
        if slowest.as_ref().is_none_or(|(t, _)| elapsed > *t) {
            slowest = Some((elapsed, path.display().to_string()));
        }
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
    eprintln!("{seen} documents counted, {refused} refused with a message; slowest {slowest:?}");
}

/// The corpus folder and its MANIFEST.tsv, or `None` (with a note) when the corpus is not beside the project.
fn corpus_manifest() -> Option<(std::path::PathBuf, String)> {
    let corpus = support::shared("corpus")?;
    let manifest = std::fs::read_to_string(corpus.join("MANIFEST.tsv")).expect("the corpus has its MANIFEST.tsv");
    Some((corpus, manifest))
}

/// `check --format json` over `folders` on the cq sample's day: it must finish with exit 0 or 1.
fn batch_check(folders: &[&Path]) -> serde_json::Value {
    let out = Command::new(assert_cmd::cargo::cargo_bin("shenbao"))
        .arg("check")
        .args(folders)
        .args(["--today", "2024-08-10", "--format", "json"])
        .output()
        .expect("runs");
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "exit {:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

/// A corpus file put into a dossier as a hard link (a copy where the corpus is on another file system): a
/// symbolic link would lead out of the dossier, and shenbao reads no such link.
fn put(from: &Path, to: &Path) {
    if std::fs::hard_link(from, to).is_err() {
        std::fs::copy(from, to).expect("copy");
    }
}

/// Every corpus .docx linked in as the 申报书 of a cq-2024-cases-2 dossier: one batch `check` over all of
/// them finishes, reports each dossier, and none of them hits an internal failure.
#[cfg(unix)]
#[test]
fn check_reads_every_corpus_document_in_one_batch() {
    let Some((corpus, manifest)) = corpus_manifest() else { return };
    let root = tempfile::tempdir().expect("tempdir");
    let mut dossiers = Vec::new();
    for (n, line) in manifest.lines().skip(1).enumerate() {
        let cols: Vec<&str> = line.split('\t').collect();
        let [path, "docx", ..] = cols[..] else { continue };
        let dir = root.path().join(format!("d{n:04}"));
        std::fs::create_dir_all(&dir).expect("mkdir");
        put(&corpus.join(path), &dir.join("申报书.docx"));
        std::fs::write(dir.join("dossier.toml"), "notice = \"cq-2024-cases-2\"\n").expect("dossier.toml");
        dossiers.push(dir);
    }
    assert!(dossiers.len() > 500, "only {} documents", dossiers.len());
    let started = std::time::Instant::now();
    let json = batch_check(&[root.path()]);
    let elapsed = started.elapsed();
    let reports = json["dossiers"].as_array().expect("dossiers");
    assert_eq!(reports.len(), dossiers.len(), "every dossier is reported");
    let failed_inside: Vec<_> = reports
        .iter()
        .filter(|r| {
            r["diagnostics"].as_array().is_some_and(|d| {
                d.iter().any(|d| {
                    d["code"] == "SB004"
                        && d["message"].as_str().is_some_and(|m| m.contains("内部出错") || m.contains("failed inside"))
                })
            })
        })
        .map(|r| r["path"].clone())
        .collect();
    assert!(failed_inside.is_empty(), "internal failures: {failed_inside:?}");
    eprintln!("{} corpus documents checked as one batch in {elapsed:?}", reports.len());
    assert!(elapsed.as_secs() < 300, "{elapsed:?}");
}

/// Every corpus PDF, MP4 and JPEG placed (as a hard link, a copy only across file systems) where a
/// cq-2024-cases-2 dossier keeps its stamped PDF, video or picture: one batch run finishes, and each file the reference tools could not
/// read gets an error or warning of its own.
#[cfg(unix)]
#[test]
fn check_gives_every_broken_media_file_a_diagnostic() {
    let Some((corpus, manifest)) = corpus_manifest() else { return };
    let root = tempfile::tempdir().expect("tempdir");
    let mut dossiers = Vec::new();
    for (n, line) in manifest.lines().skip(1).enumerate() {
        let cols: Vec<&str> = line.split('\t').collect();
        let [path, kind, _, info] = cols[..] else { continue };
        let place = match kind {
            "pdf" => "申报书（用印）.pdf",
            "mp4" => "多媒体材料/视频/案例视频.mp4",
            "jpeg" => "多媒体材料/图片/1-数据要素流向图.jpg",
            _ => continue,
        };
        let dir = root.path().join(format!("d{n:04}"));
        let target = dir.join(place);
        std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        put(&corpus.join(path), &target);
        std::fs::write(dir.join("dossier.toml"), "notice = \"cq-2024-cases-2\"\n").expect("dossier.toml");
        let broken = info.contains("pdfinfo_error") || info.contains("ffprobe_error");
        dossiers.push((dir, place, path.to_owned(), broken));
    }
    assert!(dossiers.len() > 250, "only {} media files", dossiers.len());
    let folders: Vec<&Path> = dossiers.iter().map(|(d, ..)| d.as_path()).collect();
    let json = batch_check(&folders);
    let reports = json["dossiers"].as_array().expect("dossiers");
    assert_eq!(reports.len(), dossiers.len(), "every dossier is reported");
    let mut silent = Vec::new();
    for ((_, place, source, broken), report) in dossiers.iter().zip(reports) {
        if !broken {
            continue;
        }
        let flagged = report["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .any(|d| d["file"] == *place && matches!(d["severity"].as_str(), Some("error" | "warning")));
        if !flagged {
            silent.push(source.clone());
        }
    }
    eprintln!("{} media files checked; broken ones without a diagnostic: {silent:?}", dossiers.len());
    assert!(silent.is_empty(), "broken files passed silently: {silent:?}");
}
