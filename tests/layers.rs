//! No import runs back up: the modules of `src/` are layered, and a module may use its own layer and the
//! layers below it, never one above. A renderer is the roof (it may read a report, a notice and the
//! diagnostics); the Diagnostic type, the code registry and `Lang` are the ground (they know no check, no
//! notice, no report). When this test fails, move the helper that is used from below down to where it
//! belongs rather than adding an exception.
//!
//! The test reads every `src/**/*.rs`, leaves out comments and string and character literals, and follows
//! each `crate::…` and `super::…` path (in `use` lines and in code, groups `crate::{a, b::c}` included) to the
//! top-level module it names. Set `SHENBAO_LAYERS_SRC` to another `src/` folder to check that tree instead.

use std::collections::BTreeMap;
use std::path::Path;

/// The layers, from the top. A module may use its own layer and the ones after it.
const LAYERS: &[&[&str]] = &[
    // The binary and one file per subcommand: they put everything together.
    &["main", "cli"],
    // Renderers of a report: human, JSON, SARIF, JUnit, GitHub, HTML.
    &["render"],
    // Writing a new dossier's files; running many dossiers and the 汇总表 (batch.toml is read with config's checker).
    &["init", "batch", "draft"],
    // shenbao.toml: defaults for check, batch and pack; the span-keeping TOML checker batch.toml shares.
    &["config"],
    // Bundles: writing, manifest, verify.
    &["pack"],
    // `clean`: the cleaned copy of a 申报书 (pack --clean puts it in the bundle).
    &["clean"],
    // One module per check family.
    &["checks"],
    // Finding the parts and sections of a 申报书 and counting each.
    &["outline"],
    // The rule files (通知) and what a dossier folder holds.
    &["notice", "dossier"],
    // The edges: bytes in (one reader per format), files out (atomic writes, temporary files).
    &["read", "output"],
    // The result of a run, as the JSON contract describes it.
    &["report"],
    // The ground: Diagnostic, Code and its registry, Lang, Severity, printable.
    &["diag"],
    // Pure functions: Word-compatible counting, text keys of headings and labels, hashing, folder names.
    &["count", "keys", "hash", "folders"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// One import from a lower layer to a higher one.
#[derive(Debug, PartialEq, Eq)]
struct Violation {
    file: String,
    line: usize,
    from: String,
    to: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (a, b) = (layer_of(&self.from).unwrap_or(0), layer_of(&self.to).unwrap_or(0));
        write!(f, "{}:{}: {} (layer {a}) uses {} (layer {b}, higher)", self.file, self.line, self.from, self.to)
    }
}

/// The source with comments and the contents of string and character literals replaced by spaces
/// (newlines kept, so that line numbers still hold).
fn code_only(src: &str) -> String {
    let c: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let blank = |out: &mut String, ch: char| out.push(if ch == '\n' { '\n' } else { ' ' });
    let ident = |ch: char| ch.is_alphanumeric() || ch == '_';
    let mut i = 0;
    while i < c.len() {
        let starts_token = i == 0 || !ident(c[i - 1]);
        if c[i] == '/' && c.get(i + 1) == Some(&'/') {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if c[i] == '/' && c.get(i + 1) == Some(&'*') {
            let mut depth = 0;
            while i < c.len() {
                if c[i] == '/' && c.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    blank(&mut out, c[i]);
                    i += 1;
                }
            }
        } else if starts_token && (c[i] == 'r' || (c[i] == 'b' && c.get(i + 1) == Some(&'r'))) && {
            let mut j = i + if c[i] == 'b' { 2 } else { 1 };
            while c.get(j) == Some(&'#') {
                j += 1;
            }
            c.get(j) == Some(&'"')
        } {
            // A raw string: r"…", r#"…"#, br"…".
            let mut j = i + if c[i] == 'b' { 2 } else { 1 };
            let mut hashes = 0;
            while c[j] == '#' {
                hashes += 1;
                j += 1;
            }
            j += 1;
            while j < c.len() && !(c[j] == '"' && (1..=hashes).all(|k| c.get(j + k) == Some(&'#'))) {
                blank(&mut out, c[j]);
                j += 1;
            }
            i = j + 1 + hashes;
        } else if c[i] == '"' {
            i += 1;
            while i < c.len() && c[i] != '"' {
                if c[i] == '\\' {
                    blank(&mut out, c[i]);
                    i += 1;
                }
                if i < c.len() {
                    blank(&mut out, c[i]);
                    i += 1;
                }
            }
            i += 1;
        } else if c[i] == '\'' && c.get(i + 1) == Some(&'\\') {
            // '\n', '\'', '\u{202E}': the escaped character is skipped with the backslash.
            i += 3;
            while i < c.len() && c[i] != '\'' {
                i += 1;
            }
            i += 1;
        } else if c[i] == '\'' && c.get(i + 2) == Some(&'\'') {
            i += 3;
        } else {
            // A lifetime or a label stays as it is.
            out.push(c[i]);
            i += 1;
        }
    }
    out
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Ident(String),
    PathSep,
    Open,
    Close,
    Comma,
    Other,
}

/// Tokens with their line numbers.
fn tokens(code: &str) -> Vec<(Token, usize)> {
    let c: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let (mut i, mut line) = (0, 1);
    while i < c.len() {
        let ch = c[i];
        if ch == '\n' {
            line += 1;
            i += 1;
        } else if ch.is_whitespace() {
            i += 1;
        } else if ch.is_alphanumeric() || ch == '_' {
            let start = i;
            while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_') {
                i += 1;
            }
            out.push((Token::Ident(c[start..i].iter().collect()), line));
        } else if ch == ':' && c.get(i + 1) == Some(&':') {
            out.push((Token::PathSep, line));
            i += 2;
        } else {
            out.push((
                match ch {
                    '{' => Token::Open,
                    '}' => Token::Close,
                    ',' => Token::Comma,
                    _ => Token::Other,
                },
                line,
            ));
            i += 1;
        }
    }
    out
}

/// The module path of a file under `src/`: `diag/human.rs` is `diag::human`, `diag/mod.rs` is `diag`,
/// `lib.rs` is the crate root.
fn module_path(rel: &str) -> Vec<String> {
    let rel = rel.strip_suffix(".rs").unwrap_or(rel);
    let mut parts: Vec<String> = rel.split('/').map(str::to_owned).collect();
    if parts.last().is_some_and(|p| p == "mod") || parts == ["lib"] {
        parts.pop();
    }
    parts
}

/// The top-level modules a path names, starting at token `at` (`crate` or `super`), seen from `here`.
/// A path that stays inside the file's own top-level module names that module.
fn targets(toks: &[(Token, usize)], at: usize, here: &[String]) -> Vec<String> {
    let mut base: Vec<String> = if toks[at].0 == Token::Ident("crate".into()) { Vec::new() } else { here.to_vec() };
    let mut i = at;
    if toks[at].0 == Token::Ident("super".into()) {
        base.pop();
        i += 2;
        while toks.get(i).map(|t| &t.0) == Some(&Token::Ident("super".into()))
            && toks.get(i + 1).map(|t| &t.0) == Some(&Token::PathSep)
        {
            base.pop();
            i += 2;
        }
    } else {
        i += 2;
    }
    if let Some(top) = base.first() {
        return vec![top.clone()];
    }
    match toks.get(i).map(|t| &t.0) {
        Some(Token::Ident(name)) => vec![name.clone()],
        Some(Token::Open) => {
            // crate::{a, b::c, d::{e, f}}: the first name of each element at the group's own depth.
            let (mut depth, mut first, mut names) = (0, true, Vec::new());
            for (tok, _) in &toks[i..] {
                match tok {
                    Token::Open => {
                        depth += 1;
                        if depth == 1 {
                            first = true;
                        }
                    }
                    Token::Close => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    Token::Comma if depth == 1 => first = true,
                    Token::Ident(name) if depth == 1 && first => {
                        names.push(name.clone());
                        first = false;
                    }
                    _ => {}
                }
            }
            names
        }
        _ => Vec::new(),
    }
}

/// Every import from a lower layer to a higher one in `files` (paths relative to `src/`, with their text).
/// Names that are not top-level modules (`crate::run`, `super::*`) are ignored.
fn violations(files: &[(String, String)]) -> Vec<Violation> {
    let modules: Vec<String> = files.iter().filter_map(|(rel, _)| module_path(rel).first().cloned()).collect();
    let mut found = Vec::new();
    for (rel, text) in files {
        let file_path = module_path(rel);
        let Some(own) = file_path.first().cloned() else { continue }; // lib.rs only declares the modules
        if own == "main" {
            continue; // the binary is its own crate, on top
        }
        let Some(own_layer) = layer_of(&own) else { continue };
        let toks = tokens(&code_only(text));
        // Inline modules (`mod tests { … }`) with the brace depth inside them.
        let (mut depth, mut inline): (usize, Vec<(String, usize)>) = (0, Vec::new());
        for (i, (tok, line)) in toks.iter().enumerate() {
            match tok {
                Token::Open => {
                    depth += 1;
                    if i >= 2 && toks[i - 2].0 == Token::Ident("mod".into()) {
                        if let Token::Ident(name) = &toks[i - 1].0 {
                            inline.push((name.clone(), depth));
                        }
                    }
                }
                Token::Close => {
                    if inline.last().is_some_and(|(_, d)| *d == depth) {
                        inline.pop();
                    }
                    depth = depth.saturating_sub(1);
                }
                Token::Ident(word) if (word == "crate" || word == "super") => {
                    if toks.get(i + 1).map(|t| &t.0) != Some(&Token::PathSep) {
                        continue; // pub(crate), pub(super)
                    }
                    if i > 0 && toks[i - 1].0 == Token::PathSep {
                        continue; // shenbao::crate is no path of ours
                    }
                    let here: Vec<String> =
                        file_path.iter().cloned().chain(inline.iter().map(|(n, _)| n.clone())).collect();
                    for target in targets(&toks, i, &here) {
                        if !modules.contains(&target) {
                            continue;
                        }
                        if layer_of(&target).is_some_and(|t| t < own_layer) {
                            found.push(Violation {
                                file: format!("src/{rel}"),
                                line: *line,
                                from: own.clone(),
                                to: target,
                            });
                        }
                    }
                }
                _ => {}
            }
        }
    }
    found
}

fn read_tree(src: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = walkdir::WalkDir::new(src)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "rs"))
        .map(|e| {
            let rel = e.path().strip_prefix(src).expect("inside src").to_string_lossy().replace('\\', "/");
            (rel, std::fs::read_to_string(e.path()).expect("read a source file"))
        })
        .collect();
    files.sort();
    files
}

fn src_dir() -> std::path::PathBuf {
    std::env::var_os("SHENBAO_LAYERS_SRC")
        .map_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), std::path::PathBuf::from)
}

#[test]
fn no_import_runs_back_up() {
    let files = read_tree(&src_dir());
    let found = violations(&files);
    let mut by_pair: BTreeMap<(String, String), usize> = BTreeMap::new();
    for v in &found {
        *by_pair.entry((v.from.clone(), v.to.clone())).or_default() += 1;
    }
    assert!(
        found.is_empty(),
        "{} import(s) run back up ({} module pair(s)):\n{}",
        found.len(),
        by_pair.len(),
        found.iter().map(|v| format!("  {v}\n")).collect::<String>()
    );
}

#[test]
fn every_module_has_a_layer() {
    let files = read_tree(&src_dir());
    let mut modules: Vec<String> = files.iter().filter_map(|(rel, _)| module_path(rel).first().cloned()).collect();
    modules.dedup();
    let unplaced: Vec<&String> = modules.iter().filter(|m| layer_of(m).is_none()).collect();
    assert!(unplaced.is_empty(), "place these modules in LAYERS (tests/layers.rs): {unplaced:?}");
    let stale: Vec<&&str> = LAYERS.iter().flat_map(|l| l.iter()).filter(|m| !modules.iter().any(|x| x == *m)).collect();
    assert!(stale.is_empty(), "LAYERS names modules that are gone: {stale:?}");
}

// ------------------------------------------------------------------ the checker checks

fn tree(files: &[(&str, &str)]) -> Vec<(String, String)> {
    // Every module of LAYERS exists, so that a path to it counts.
    let mut all: Vec<(String, String)> =
        LAYERS.iter().flat_map(|l| l.iter()).map(|m| (format!("{m}.rs"), String::new())).collect();
    all.retain(|(rel, _)| !files.iter().any(|(f, _)| module_path(f) == module_path(rel)));
    all.extend(files.iter().map(|(f, t)| ((*f).to_owned(), (*t).to_owned())));
    all
}

fn pairs(files: &[(&str, &str)]) -> Vec<(String, usize, String)> {
    let mut found: Vec<_> = violations(&tree(files)).into_iter().map(|v| (v.file, v.line, v.to)).collect();
    found.sort();
    found
}

#[test]
fn finds_each_way_back_up() {
    let found = pairs(&[
        ("notice/load.rs", "use super::model;\nuse crate::checks::fields::label_key;\n"),
        ("diag/sarif.rs", "use crate::{count::is_cjk, pack::sha256_hex,\n report::{Report, Summary}};\n"),
        ("diag/human.rs", "fn f() { super::super::checks::timezone_name(tz, lang); }\n"),
        ("diag/mod.rs", "pub mod human;\nfn g() -> super::render::Style { todo() }\n"),
        ("read/pdf.rs", "fn h() {\n    let x = crate::outline::generic(&doc);\n}\n"),
    ]);
    assert_eq!(
        found,
        [
            ("src/diag/human.rs".to_owned(), 1, "checks".to_owned()),
            ("src/diag/mod.rs".to_owned(), 2, "render".to_owned()),
            ("src/diag/sarif.rs".to_owned(), 1, "pack".to_owned()),
            ("src/diag/sarif.rs".to_owned(), 1, "report".to_owned()),
            ("src/notice/load.rs".to_owned(), 2, "checks".to_owned()),
            ("src/read/pdf.rs".to_owned(), 2, "outline".to_owned()),
        ]
    );
}

#[test]
fn comments_strings_and_own_module_paths_are_not_imports() {
    let found = pairs(&[
        (
            "diag/mod.rs",
            concat!(
                "//! Rendered by [`crate::render`].\n",
                "/* crate::cli /* nested crate::batch */ crate::pack */\n",
                "pub(crate) fn f(s: &str) -> &'static str { let _c = '\"'; let _q = '\\''; \"crate::checks\" }\n",
                "const RAW: &str = r#\"use crate::cli; \"quoted\" \"#;\n",
                "pub(super) fn g<'a>(x: &'a str) -> &'a str { x }\n",
                "mod tests { use super::*; use super::super::count::Counter; }\n",
            ),
        ),
        ("diag/codes.rs", "use super::{Lang, Severity};\nfn k() { crate::diag::printable(\"\"); }\n"),
        ("cli/check.rs", "use crate::{render, diag::Lang};\nuse super::emit;\n"),
        ("outline.rs", "mod tests { use super::*; use super::fit; }\n"),
    ]);
    assert_eq!(found, []);
}
