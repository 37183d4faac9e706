//! The severity a diagnostic is emitted with is the one the code registry gives (what `shenbao explain`
//! and the README's table say), over every sample dossier; only the codes whose findings grade their
//! severity by what they found differ, each named here with why.

mod support;
use serde_json::Value;
use shenbao::diag::{Code, Severity};
use std::path::Path;
use support::shenbao;

/// Codes graded by their data: a finding may be graver or milder than the registry's default.
const GRADED: &[(&str, &str)] = &[
    ("SB214", "a .docx or PDF too large to read is an info: it is found, counted and packed"),
    ("SB306", "a codec other than H.264/HEVC is a warning: many players cannot show it"),
    ("SB311", "a copy below the size that keeps it legible is a warning; only the 高清 the notice demands is an error"),
    ("SB701", "comments in a file meant to be published are an error"),
    ("SB702", "tracked changes in a file meant to be published are an error"),
    ("SB703", "hidden text in a file meant to be published is an error"),
    ("SB709", "personal data in a file meant to be published is an error"),
];

fn sample_dossiers() -> Vec<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut found = Vec::new();
    for notice in std::fs::read_dir(&root).expect("fixtures") {
        let notice = notice.expect("entry").path();
        if notice.file_name().is_some_and(|n| n == "batch") || !notice.is_dir() {
            continue;
        }
        for dossier in std::fs::read_dir(&notice).expect("notice folder") {
            let dossier = dossier.expect("entry").path();
            if dossier.join("dossier.toml").is_file() {
                found.push(dossier);
            }
        }
    }
    found.sort();
    found
}

#[test]
fn every_emitted_severity_is_the_registrys_but_for_graded_codes() {
    let dossiers = sample_dossiers();
    assert!(dossiers.len() >= 20, "{dossiers:?}");
    let mut seen = 0;
    for dossier in dossiers {
        let out = shenbao().arg("check").arg(&dossier).args(["--format", "json"]).output().expect("runs");
        let json: Value = serde_json::from_slice(&out.stdout).expect("json");
        for d in json["dossiers"][0]["diagnostics"].as_array().expect("diagnostics") {
            let code = d["code"].as_str().expect("code");
            let registry = Code::parse(code).expect("a registered code").info().severity;
            let emitted: Severity = serde_json::from_value(d["severity"].clone()).expect("severity");
            seen += 1;
            if GRADED.iter().any(|(c, _)| *c == code) {
                continue;
            }
            assert_eq!(emitted, registry, "{code} in {}: {d}", dossier.display());
        }
    }
    assert!(seen > 50, "only {seen} diagnostics seen");
}

/// Every code named as graded is a real code, so that the list cannot hide a typo.
#[test]
fn the_graded_codes_are_registered() {
    for (code, why) in GRADED {
        assert!(Code::parse(code).is_some(), "{code}: {why}");
    }
}
