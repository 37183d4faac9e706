//! Every rule file in `rules/` parses into the model and is internally consistent: its id is its file
//! name, part and section titles are unique, and every document id it refers to exists.

mod support;

use shenbao::notice::Notice;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

fn rule_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    files
}

fn stem(path: &Path) -> String {
    path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_owned()
}

fn parse(path: &Path) -> Notice {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    toml::from_str::<Notice>(&text).unwrap_or_else(|e| panic!("{} does not parse:\n{e}", path.display()))
}

/// Titles compare as the loader compares them: without spaces and case.
fn key(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect()
}

fn duplicates<'a>(names: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut seen = HashSet::new();
    names.filter(|n| !seen.insert(key(n))).map(str::to_owned).collect()
}

#[test]
fn the_five_notices_are_there() {
    let ids: Vec<String> = rule_files().iter().map(|p| stem(p)).collect();
    for id in ["ln-2024-cases", "cq-2024-cases-2", "ln-2024-contest", "qh-2025-scenes", "national-2024-contest"] {
        assert!(ids.iter().any(|i| i == id), "rules/{id}.toml is missing (found {ids:?})");
    }
}

#[test]
fn every_rule_file_parses() {
    let mut failures = Vec::new();
    for path in rule_files() {
        let text = std::fs::read_to_string(&path).expect("readable");
        if let Err(e) = toml::from_str::<Notice>(&text) {
            failures.push(format!("{}:\n{e}", path.display()));
        }
    }
    assert!(failures.is_empty(), "rule files that do not parse:\n\n{}", failures.join("\n\n"));
}

#[test]
fn id_is_the_file_stem() {
    for path in rule_files() {
        let notice = parse(&path);
        assert_eq!(notice.id, stem(&path), "{}: id differs from the file name", path.display());
    }
}

#[test]
fn part_and_section_titles_are_unique() {
    for path in rule_files() {
        let notice = parse(&path);
        let parts = duplicates(notice.form.parts.iter().map(|p| p.title.as_str()));
        assert!(parts.is_empty(), "{}: parts listed twice: {parts:?}", path.display());
        for part in &notice.form.parts {
            let sections = duplicates(part.sections.iter().map(|s| s.title.as_str()));
            assert!(
                sections.is_empty(),
                "{}: part “{}” lists sections twice: {sections:?}",
                path.display(),
                part.title
            );
        }
        for table in &notice.form.tables {
            let titles: Vec<String> = table.fields.iter().map(|f| f.title()).collect();
            let labels = duplicates(titles.iter().map(String::as_str));
            assert!(labels.is_empty(), "{}: table “{}” lists fields twice: {labels:?}", path.display(), table.name);
        }
    }
}

#[test]
fn document_references_resolve() {
    for path in rule_files() {
        let notice = parse(&path);
        let ids: HashSet<&str> = notice.documents.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids.len(), notice.documents.len(), "{}: a document id is used twice", path.display());
        assert!(
            ids.contains(notice.form.document.as_str()),
            "{}: form.document “{}” names no document",
            path.display(),
            notice.form.document
        );
        for id in &notice.submission.electronic {
            assert!(ids.contains(id.as_str()), "{}: submission.electronic “{id}” names no document", path.display());
        }
    }
}

#[test]
fn every_clause_is_cited() {
    for path in rule_files() {
        let text = std::fs::read_to_string(&path).expect("readable");
        let value: toml::Value = toml::from_str(&text).expect("parses");
        let mut missing = Vec::new();
        walk(&value, String::new(), &mut missing);
        assert!(missing.is_empty(), "{}: clauses without ref or quote: {missing:?}", path.display());
    }

    fn walk(v: &toml::Value, at: String, missing: &mut Vec<String>) {
        match v {
            toml::Value::Table(t) => {
                for (k, v) in t {
                    let here = if at.is_empty() { k.clone() } else { format!("{at}.{k}") };
                    if k == "clause" {
                        let ok = ["ref", "quote"]
                            .iter()
                            .all(|f| v.get(f).and_then(toml::Value::as_str).is_some_and(|s| !s.trim().is_empty()));
                        if !ok {
                            missing.push(here.clone());
                        }
                    }
                    walk(v, here, missing);
                }
            }
            toml::Value::Array(a) => {
                for (i, v) in a.iter().enumerate() {
                    walk(v, format!("{at}[{i}]"), missing);
                }
            }
            _ => {}
        }
    }
}

/// Every quote a rule file cites (the 依据 a user is shown) is in the notice's text: white space aside,
/// and “…” standing for words left out. The notices are in ../shared/notices when that folder exists.
#[test]
fn every_quote_is_in_its_notice() {
    let Some(notices) = support::shared("notices") else {
        return;
    };
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    for path in rule_files() {
        let Ok(text) = std::fs::read_to_string(notices.join(format!("{}.txt", stem(&path)))) else {
            continue;
        };
        let text = squeeze(&text);
        let value: toml::Value = toml::from_str(&std::fs::read_to_string(&path).expect("readable")).expect("parses");
        let mut quotes = Vec::new();
        collect(&value, &mut quotes);
        assert!(!quotes.is_empty(), "{}", path.display());
        for quote in quotes {
            let squeezed = squeeze(&quote);
            let missing: Vec<&str> = squeezed
                .split(['…'])
                .map(|p| p.trim_matches('.'))
                .filter(|p| !p.is_empty() && !text.contains(p))
                .collect();
            assert!(missing.is_empty(), "{}: not in the notice: {missing:?} (quote “{quote}”)", path.display());
        }
    }

    fn collect(v: &toml::Value, out: &mut Vec<String>) {
        match v {
            toml::Value::Table(t) => {
                if let (Some(_), Some(quote)) = (t.get("ref"), t.get("quote").and_then(toml::Value::as_str)) {
                    out.push(quote.to_owned());
                }
                t.values().for_each(|v| collect(v, out));
            }
            toml::Value::Array(a) => a.iter().for_each(|v| collect(v, out)),
            _ => {}
        }
    }
}
