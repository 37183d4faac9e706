//! The rule-file JSON Schema is generated from the model and kept current, agrees with the shipped rule
//! files, and `notices lint` reports rule files as the loader sees them.
//! `SHENBAO_BLESS=1 cargo test --test schema` rewrites `schema/rule-file.schema.json`.

use serde_json::{Map, Value};
use shenbao::notice::schema::rule_file_schema;
use std::path::{Path, PathBuf};
mod support;
use support::shenbao;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn rule_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("rules"))
        .expect("rules/")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no rules/*.toml");
    files
}

#[test]
fn schema_file_is_current() {
    let path = root().join("schema/rule-file.schema.json");
    let expected = serde_json::to_string_pretty(&rule_file_schema()).expect("schema serializes") + "\n";
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != expected {
        if std::env::var_os("SHENBAO_BLESS").is_some() {
            std::fs::create_dir_all(path.parent().expect("schema/")).expect("create schema/");
            std::fs::write(&path, expected).expect("write schema/rule-file.schema.json");
            return;
        }
        panic!("schema/rule-file.schema.json is stale; run `SHENBAO_BLESS=1 cargo test --test schema`");
    }
}

/// A TOML document as taplo shows it to a JSON Schema validator: dates and times become strings.
fn taplo_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(taplo_json).collect()),
        toml::Value::Table(t) => Value::Object(t.into_iter().map(|(k, v)| (k, taplo_json(v))).collect()),
    }
}

/// Follows `$ref` (`#/definitions/X`) to the schema it names.
fn resolve<'a>(schema: &'a Value, root: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(pointer) => {
            let target = root.pointer(pointer.trim_start_matches('#')).unwrap_or_else(|| panic!("dangling {pointer}"));
            resolve(target, root)
        }
        None => schema,
    }
}

/// A light structural check (no validator crate): every key is a declared property, every required key is
/// there, enum values are among the listed ones, through nested tables and arrays of tables.
fn check(value: &Value, schema: &Value, root: &Value, at: &str, problems: &mut Vec<String>) {
    let schema = resolve(schema, root);
    for sub in schema.get("allOf").and_then(Value::as_array).into_iter().flatten() {
        check(value, sub, root, at, problems);
    }
    if let Some(choices) = schema.get("oneOf").or_else(|| schema.get("anyOf")).and_then(Value::as_array) {
        let fits = choices.iter().any(|choice| {
            let mut found = Vec::new();
            check(value, choice, root, at, &mut found);
            found.is_empty()
        });
        if !fits {
            problems.push(format!("{at}: {value} fits none of the alternatives"));
        }
    }
    if let Some(allowed) = schema.get("enum").and_then(Value::as_array) {
        if !allowed.contains(value) {
            problems.push(format!("{at}: {value} is not one of {allowed:?}"));
        }
    }
    if let Some(constant) = schema.get("const") {
        if constant != value {
            problems.push(format!("{at}: {value} is not {constant}"));
        }
    }
    match value {
        Value::Object(table) => check_table(table, schema, root, at, problems),
        Value::Array(items) => {
            if let Some(item_schema) = schema.get("items") {
                for (i, item) in items.iter().enumerate() {
                    check(item, item_schema, root, &format!("{at}[{i}]"), problems);
                }
            }
        }
        _ => {}
    }
}

fn check_table(table: &Map<String, Value>, schema: &Value, root: &Value, at: &str, problems: &mut Vec<String>) {
    let Some(properties) = schema.get("properties").and_then(Value::as_object) else { return };
    for (key, value) in table {
        match properties.get(key) {
            Some(property) => check(value, property, root, &format!("{at}.{key}"), problems),
            None => problems.push(format!("{at}: key `{key}` is not in the schema")),
        }
    }
    for key in schema.get("required").and_then(Value::as_array).into_iter().flatten() {
        let key = key.as_str().expect("required keys are strings");
        if !table.contains_key(key) {
            problems.push(format!("{at}: required key `{key}` is missing"));
        }
    }
}

#[test]
fn every_rule_file_fits_the_schema() {
    let schema = rule_file_schema();
    let properties = schema["properties"].as_object().expect("root properties");
    let required: Vec<&str> =
        schema["required"].as_array().expect("root required").iter().filter_map(Value::as_str).collect();
    assert!(required.contains(&"schema") && required.contains(&"form"), "{required:?}");
    for path in rule_files() {
        let text = std::fs::read_to_string(&path).expect("rule file");
        let doc = taplo_json(toml::from_str::<toml::Value>(&text).expect("TOML"));
        let table = doc.as_object().expect("a table");
        let name = path.display();
        for key in table.keys() {
            assert!(properties.contains_key(key), "{name}: top-level key `{key}` is not in the schema");
        }
        for key in &required {
            assert!(table.contains_key(*key), "{name}: required key `{key}` is missing");
        }
        let mut problems = Vec::new();
        check(&doc, &schema, &schema, "", &mut problems);
        assert!(problems.is_empty(), "{name}:\n{}", problems.join("\n"));
    }
}

#[test]
fn the_structural_check_catches_what_the_loader_rejects() {
    let schema = rule_file_schema();
    let text = std::fs::read_to_string(root().join("rules/qh-2025-scenes.toml")).expect("rule file");
    let mut doc = taplo_json(toml::from_str::<toml::Value>(&text).expect("TOML"));
    doc["deadline"]["rounds"][0]["dat"] = doc["deadline"]["rounds"][0]["date"].take();
    doc["deadline"]["rounds"][0].as_object_mut().expect("round").remove("date");
    doc["documents"][0]["role"] = "application_form".into();
    let mut problems = Vec::new();
    check(&doc, &schema, &schema, "", &mut problems);
    let all = problems.join("\n");
    assert!(all.contains("key `dat` is not in the schema"), "{all}");
    assert!(all.contains("required key `date` is missing"), "{all}");
    assert!(all.contains("application_form"), "{all}");
}

#[test]
fn rule_files_name_the_schema_for_editors() {
    for path in rule_files() {
        let text = std::fs::read_to_string(&path).expect("rule file");
        assert_eq!(
            text.lines().next(),
            Some("#:schema ../schema/rule-file.schema.json"),
            "{}: the first line tells taplo / Even Better TOML where the schema is",
            path.display()
        );
    }
}

#[test]
fn lint_passes_every_shipped_rule_file() {
    let files: Vec<String> =
        rule_files().iter().map(|p| p.strip_prefix(root()).expect("inside the crate").display().to_string()).collect();
    let out = shenbao().args(["notices", "lint"]).args(&files).output().expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    for file in &files {
        assert!(stdout.contains(&format!("✔ {file}：规则文件有效（id = ")), "{stdout}");
    }
    let en = shenbao().args(["--lang", "en", "notices", "lint", "rules/qh-2025-scenes.toml"]).output().expect("runs");
    let en = String::from_utf8_lossy(&en.stdout);
    assert!(en.starts_with("✔ rules/qh-2025-scenes.toml: valid rule file (id = qh-2025-scenes, "), "{en}");
}

#[test]
fn lint_reports_every_bad_file_and_carries_on() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = std::fs::read_to_string(root().join("rules/ln-2024-cases.toml")).expect("rule file");
    assert!(text.contains("\nitem = \"案例\"\n") && text.contains("\nlimit = 300\n"));
    // An unknown key stops serde at once; a word limit of 0 is found by the second phase.
    let unknown = dir.path().join("unknown-key.toml");
    std::fs::write(&unknown, text.replace("\nitem = \"案例\"\n", "\nitem = \"案例\"\nitme = \"案例\"\n"))
        .expect("write");
    let zero = dir.path().join("zero-limit.toml");
    std::fs::write(&zero, text.replace("\nlimit = 300\n", "\nlimit = 0\n")).expect("write");

    let out = shenbao()
        .args(["--lang", "en", "notices", "lint"])
        .arg(&unknown)
        .arg("rules/ln-2024-cases.toml")
        .arg(&zero)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(stderr.contains("itme"), "{stderr}");
    assert!(stderr.contains("unknown field"), "{stderr}");
    assert!(stderr.contains("a word limit of 0 is impossible"), "{stderr}");
    assert!(stdout.contains("✔ rules/ln-2024-cases.toml: valid rule file"), "{stdout}");
    assert!(!stdout.contains("unknown-key") && !stdout.contains("zero-limit"), "{stdout}");
}

#[test]
fn lint_of_a_missing_file_is_exit_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = std::fs::read_to_string(root().join("rules/ln-2024-cases.toml")).expect("rule file");
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, text.replace("\nlimit = 300\n", "\nlimit = 0\n")).expect("write");
    let out = shenbao().args(["notices", "lint", "rules/no-such-notice.toml"]).arg(&bad).output().expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("无法读取 rules/no-such-notice.toml"), "{stderr}");
    assert!(stderr.contains("字数限制不能为 0"), "the readable file is still linted: {stderr}");
}

#[test]
fn show_toml_leaves_out_the_repository_schema_path() {
    let out = shenbao().args(["notices", "show", "qh-2025-scenes", "--format", "toml"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let file = std::fs::read_to_string(root().join("rules/qh-2025-scenes.toml")).expect("rule file");
    let (_, rest) = file.split_once('\n').expect("a first line");
    assert_eq!(String::from_utf8_lossy(&out.stdout), rest);
}

#[test]
fn notices_show_names_each_quota_in_words() {
    let show = |lang: &str| {
        let out = shenbao().args(["notices", "show", "ln-2024-cases", "--lang", lang]).output().expect("runs");
        assert_eq!(out.status.code(), Some(0));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let zh = show("zh");
    assert!(zh.contains("每个申报单位（部属高校） ≤ 2"), "{zh}");
    assert!(zh.contains("每个推荐单位（地区） ≥ 5"), "{zh}");
    let en = show("en");
    assert!(en.contains("per recommending unit (地区) ≥ 5"), "{en}");
    assert!(!zh.contains("PerApplicant") && !en.contains("PerRecommender"), "no type names: {en}");
}
