//! The generated dossiers (tests/support/dossier_gen.rs) are what they claim: each passes `check` for its
//! notice, and a seed always writes the same bytes.

#[path = "support/dossier_gen.rs"]
#[allow(dead_code)]
mod dossier_gen;
mod support;

use serde_json::Value;
use support::shenbao;

/// A day a few days before each notice's (next) deadline.
const TODAY: [(&str, &str); 5] = [
    ("ln-2024-cases", "2024-03-01"),
    ("cq-2024-cases-2", "2024-08-15"),
    ("qh-2025-scenes", "2027-03-10"),
    ("ln-2024-contest", "2024-07-15"),
    ("national-2024-contest", "2024-08-20"),
];

#[test]
fn generated_dossiers_pass_check() {
    let tmp = tempfile::tempdir().expect("tempdir");
    for (notice, today) in TODAY {
        for dir in dossier_gen::generate(tmp.path(), notice, 2, 42).expect("generate") {
            let output =
                shenbao().arg("check").arg(&dir).args(["--today", today, "--format", "json"]).output().expect("runs");
            let json: Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
            let dossier = &json["dossiers"][0];
            let findings: Vec<&Value> = dossier["diagnostics"]
                .as_array()
                .expect("diagnostics")
                .iter()
                .filter(|d| d["severity"] != "info" && d["code"] != "SB402")
                .collect();
            assert!(dossier["passed"] == true && findings.is_empty(), "{notice} {}: {findings:#?}", dir.display());
        }
    }
}

/// The same seed writes the same document (read back: docx-rs numbers pictures from a process-wide
/// counter, so the bytes of a document with a picture differ between calls in one process).
#[test]
fn a_seed_writes_the_same_dossier() {
    let tmp = tempfile::tempdir().expect("tempdir");
    for notice in dossier_gen::NOTICES {
        let read = |seed: u64, name: &str| {
            let path = tmp.path().join(format!("{name}.docx"));
            dossier_gen::application(&path, notice, seed).expect("write");
            shenbao::read::docx::read_docx(&std::fs::read(&path).expect("read")).expect("a .docx")
        };
        let (a, b, c) = (read(7, "a"), read(7, "b"), read(8, "c"));
        assert!(a == b, "{notice}: seed 7 twice gives different documents");
        assert!(a != c, "{notice}: seeds 7 and 8 give the same document");
        let words = shenbao::outline::document_tally(&a).count.words;
        assert!(words >= 2500, "{notice}: {words} 字, expected thousands");
    }
}
