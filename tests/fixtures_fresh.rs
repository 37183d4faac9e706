//! The committed fixtures are exactly what the generator makes: edit tests/support/fixtures_gen.rs,
//! then `cargo run --example make_fixtures` to rewrite them.

#[path = "support/fixtures_gen.rs"]
#[allow(dead_code)]
mod fixtures_gen;

use std::collections::BTreeMap;
use std::path::Path;

fn files(root: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(root).expect("inside").to_string_lossy().replace('\\', "/");
            (rel, std::fs::read(e.path()).expect("read"))
        })
        .collect()
}

#[test]
fn committed_fixtures_match_the_generator() {
    let dir = tempfile::tempdir().expect("tempdir");
    fixtures_gen::write_all(dir.path()).expect("generate");
    let fresh = files(dir.path());
    let committed = files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"));
    let stale: Vec<&String> = fresh.iter().filter(|(k, v)| committed.get(*k) != Some(v)).map(|(k, _)| k).collect();
    let extra: Vec<&String> = committed.keys().filter(|k| !fresh.contains_key(*k)).collect();
    assert!(
        stale.is_empty() && extra.is_empty(),
        "fixtures are stale; run `cargo run --example make_fixtures`.\nchanged or missing: {stale:?}\nnot generated: {extra:?}"
    );
}
