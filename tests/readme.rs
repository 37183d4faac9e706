//! The README keeps up with the code: the codes table is the registry's, and the commands it gives
//! are the ones CI runs. `SHENBAO_BLESS=1 cargo test --test readme` rewrites the table.

use std::path::Path;

const START: &str = "<!-- codes:start -->\n";
const END: &str = "<!-- codes:end -->";

#[test]
fn codes_table_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).expect("README.md");
    let start = readme.find(START).expect("codes:start marker") + START.len();
    let end = readme.find(END).expect("codes:end marker");
    let table = shenbao::cli::codes_table();
    if readme[start..end] != table {
        if std::env::var_os("SHENBAO_BLESS").is_some() {
            let updated = format!("{}{table}{}", &readme[..start], &readme[end..]);
            std::fs::write(&path, updated).expect("write README.md");
            return;
        }
        panic!("README codes table is stale; run `SHENBAO_BLESS=1 cargo test --test readme`.\nExpected:\n{table}");
    }
}

#[test]
fn ci_runs_the_readme_commands() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    let ci = std::fs::read_to_string(root.join(".ci/run")).expect(".ci/run");
    for command in ["cargo test", "cargo run --release -- check fixtures/qh-2025-scenes/pass"] {
        assert!(readme.contains(command), "README gives `{command}`");
    }
    assert!(ci.contains("cargo test"), ".ci/run runs the README's test command");
    assert!(ci.contains("check fixtures/qh-2025-scenes/pass"), ".ci/run runs the README's sample");
}
