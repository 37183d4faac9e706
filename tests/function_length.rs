//! No function in `src/` grows past [`MAX_LINES`]: a long function is split at its own seams (each step
//! a named function saying why it is there), so a change to one step reads as a change to one function.
//! The few that stay long for a stated reason are named in [`ALLOWED`]. The scan relies on `cargo fmt`
//! layout: a function ends at the first line that is its own indentation followed by `}`.

use std::path::{Path, PathBuf};

/// The longest a function in `src/` may be, from its `fn` line to its closing brace.
const MAX_LINES: usize = 120;

/// Functions allowed past [`MAX_LINES`], as `path/from/src.rs::name`, each with the reason it stays long.
const ALLOWED: &[(&str, &str)] = &[
    // Tables of data: one arm or one row per rule field, nothing to name between them.
    ("pack/contents.rs::checklist", "a table: one row of the 材料清单 per document rule"),
    // Outside the files of the change that split the long functions: split them at their seams next.
    ("cli/summary.rs::run", "not yet split: outside the files of the split change"),
    (
        "read/pdf.rs::walk",
        "a content-stream interpreter: one loop whose state (graphics stack, path, font) is the loop's",
    ),
];

/// One function longer than the bound.
#[derive(Debug, PartialEq)]
struct Long {
    /// `path/from/src.rs::name`.
    name: String,
    /// The line its `fn` keyword sits on, from 1.
    line: usize,
    lines: usize,
}

/// The name of the function a line declares, if it declares one (`pub(crate) const unsafe fn name<…>(`).
fn declared(line: &str) -> Option<&str> {
    let mut rest = line.trim_start();
    if rest.starts_with("//") {
        return None;
    }
    loop {
        let word = rest.split(|c: char| !(c.is_alphanumeric() || c == '_')).next().unwrap_or("");
        match word {
            "pub" => {
                rest = rest["pub".len()..].trim_start();
                if rest.starts_with('(') {
                    rest = rest[rest.find(')')? + 1..].trim_start();
                }
            }
            "const" | "async" | "unsafe" | "extern" => rest = rest[word.len()..].trim_start(),
            "fn" => {
                let name = rest["fn".len()..].trim_start();
                let end = name.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(name.len());
                return (end > 0).then(|| &name[..end]);
            }
            _ => return None,
        }
        // `extern "C" fn`: skip the ABI string.
        if rest.starts_with('"') {
            rest = rest[1..].split_once('"')?.1.trim_start();
        }
    }
}

/// Every function in `text` longer than `max` lines, named `file::name`.
fn long_functions(file: &str, text: &str, max: usize) -> Vec<Long> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (at, line) in lines.iter().enumerate() {
        let Some(name) = declared(line) else { continue };
        let indent = line.len() - line.trim_start().len();
        // The signature runs until a line ending in `{` (a body) or `;` (a declaration without one).
        let mut body = None;
        for (i, sig) in lines.iter().enumerate().skip(at) {
            let sig = sig.trim_end();
            if sig.ends_with(';') {
                break;
            }
            if sig.ends_with('}') && sig.contains('{') && i == at {
                break; // `fn f() {}` on one line
            }
            if sig.ends_with('{') {
                body = Some(i);
                break;
            }
        }
        let Some(open) = body else { continue };
        let close = format!("{}}}", " ".repeat(indent));
        let Some(end) = lines.iter().skip(open + 1).position(|l| l.trim_end() == close) else { continue };
        let length = open + 1 + end - at + 1;
        if length > max {
            out.push(Long { name: format!("{file}::{name}"), line: at + 1, lines: length });
        }
    }
    out
}

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).expect("src/ is readable").flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_function_in_src_is_longer_than_the_bound() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 20, "expected the crate's sources under {}", src.display());
    let mut long = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).expect("a source file is UTF-8");
        let rel = path.strip_prefix(&src).expect("under src/").to_string_lossy().replace('\\', "/");
        long.extend(long_functions(&rel, &text, MAX_LINES));
    }
    let offenders: Vec<String> = long
        .iter()
        .filter(|l| !ALLOWED.iter().any(|(name, _)| *name == l.name))
        .map(|l| format!("  src/{}:{} is {} lines", l.name.replace("::", " fn "), l.line, l.lines))
        .collect();
    assert!(
        offenders.is_empty(),
        "{} function(s) longer than {MAX_LINES} lines; split them at their own seams or add them to ALLOWED \
         with a reason:\n{}",
        offenders.len(),
        offenders.join("\n")
    );
    let stale: Vec<&str> =
        ALLOWED.iter().map(|(name, _)| *name).filter(|name| !long.iter().any(|l| l.name == *name)).collect();
    assert!(stale.is_empty(), "ALLOWED names functions that are no longer long (remove them): {stale:?}");
}

#[test]
fn the_scan_measures_what_it_claims() {
    let body = "        x += 1;\n".repeat(5);
    let text = format!(
        "/// doc\npub(crate) fn short() {{}}\n\nimpl A {{\n    pub const fn long(\n        a: u8,\n    ) -> u8 {{\n{body}    }}\n    fn decl();\n}}\n// fn commented() {{\n"
    );
    // `long` runs from its `fn` line (5) to its closing brace (13): 9 lines.
    assert_eq!(long_functions("a.rs", &text, 8), vec![Long { name: "a.rs::long".into(), line: 5, lines: 9 }]);
    assert!(long_functions("a.rs", &text, 9).is_empty());
    assert_eq!(declared("    pub(in crate::x) async unsafe fn go<T>(t: T) {"), Some("go"));
    assert_eq!(declared("    let f = fn_ptr;"), None);
    assert_eq!(declared("extern \"C\" fn cb() {"), Some("cb"));
}
