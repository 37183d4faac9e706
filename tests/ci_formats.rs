//! The CI formats (SARIF, JUnit, GitHub workflow commands) over real fixture reports, built through the
//! library: each must be what its consumer accepts, and deterministic so it can be snapshotted.

use jiff::civil::{date, Date};
use serde_json::Value;
use shenbao::checks::{check_dossier, NoticeChoice, Options};
use shenbao::diag::{Code, Diagnostic, Lang, Severity};
use shenbao::render::{github, junit, sarif};
use shenbao::report::{DossierReport, Report};
use std::path::Path;

const OVER_PART: &str = "fixtures/cq-2024-cases-2/over-part";
const PASS: &str = "fixtures/ln-2024-cases/pass";
const BATCH: &str = "fixtures/batch/national-2024-contest";

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn options(today: Date) -> Options<'static> {
    Options { notice: NoticeChoice::FromDossier, today: Some(today), custom: &[] }
}

fn dossier(rel: &str, today: Date) -> DossierReport {
    check_dossier(&manifest().join(rel), rel, &options(today))
}

fn over_part() -> DossierReport {
    dossier(OVER_PART, date(2024, 8, 10))
}

fn two_dossiers() -> Report {
    Report::new(vec![over_part(), dossier(PASS, date(2024, 2, 28))])
}

/// The batch, checked with absolute paths (tests cannot change directory): assertions below do not
/// depend on where the crate lives.
fn batch() -> Report {
    let discovery = shenbao::batch::discover(&[manifest().join(BATCH)]);
    shenbao::batch::run(&discovery, &options(date(2024, 9, 1)), &|| {}).report
}

fn snapshot(name: &str, text: &str) {
    insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!(name, text);
    });
}

/// Every diagnostic in report order, each with the paths it is located at (dossier folder joined with the file).
fn located(report: &Report) -> Vec<(&Diagnostic, Vec<String>)> {
    let join = |dossier: &str, file: Option<&str>| match file {
        Some(f) => format!("{dossier}/{f}"),
        None => dossier.to_owned(),
    };
    let mut all = Vec::new();
    for d in &report.dossiers {
        for diag in &d.diagnostics {
            all.push((diag, vec![join(&d.path, diag.file.as_deref())]));
        }
    }
    if let Some(b) = &report.batch {
        for diag in &b.diagnostics {
            all.push((diag, diag.dossiers.iter().map(|p| join(p, diag.file.as_deref())).collect()));
        }
    }
    all
}

// ---------------------------------------------------------------------------------------------------------
// SARIF

/// The parts of the OASIS SARIF 2.1.0 schema (sarif-schema-2.1.0.json, errata01) that shenbao's output
/// touches, copied by hand: for each definition, its `required` list and its properties (every one of
/// these definitions has `additionalProperties: false`, so nothing else may appear).
const DEFINITIONS: &[(&str, &[&str], &[&str])] = &[
    ("sarifLog", &["version", "runs"], &["$schema", "version", "runs", "inlineExternalProperties", "properties"]),
    (
        "run",
        &["tool"],
        &[
            "tool",
            "invocations",
            "conversion",
            "language",
            "versionControlProvenance",
            "originalUriBaseIds",
            "artifacts",
            "logicalLocations",
            "graphs",
            "results",
            "automationDetails",
            "runAggregates",
            "baselineGuid",
            "redactionTokens",
            "defaultEncoding",
            "defaultSourceLanguage",
            "newlineSequences",
            "columnKind",
            "externalPropertyFileReferences",
            "threadFlowLocations",
            "taxonomies",
            "addresses",
            "translations",
            "policies",
            "webRequests",
            "webResponses",
            "specialLocations",
            "properties",
        ],
    ),
    ("tool", &["driver"], &["driver", "extensions", "properties"]),
    (
        "toolComponent",
        &["name"],
        &[
            "guid",
            "name",
            "organization",
            "product",
            "productSuite",
            "shortDescription",
            "fullDescription",
            "fullName",
            "version",
            "semanticVersion",
            "dottedQuadFileVersion",
            "releaseDateUtc",
            "downloadUri",
            "informationUri",
            "globalMessageStrings",
            "notifications",
            "rules",
            "taxa",
            "locations",
            "language",
            "contents",
            "isComprehensive",
            "localizedDataSemanticVersion",
            "minimumRequiredLocalizedDataSemanticVersion",
            "associatedComponent",
            "translationMetadata",
            "supportedTaxonomies",
            "properties",
        ],
    ),
    (
        "reportingDescriptor",
        &["id"],
        &[
            "id",
            "deprecatedIds",
            "guid",
            "deprecatedGuids",
            "name",
            "deprecatedNames",
            "shortDescription",
            "fullDescription",
            "messageStrings",
            "defaultConfiguration",
            "helpUri",
            "help",
            "relationships",
            "properties",
        ],
    ),
    ("multiformatMessageString", &["text"], &["text", "markdown", "properties"]),
    ("reportingConfiguration", &[], &["enabled", "level", "rank", "parameters", "properties"]),
    (
        "result",
        &["message"],
        &[
            "ruleId",
            "ruleIndex",
            "rule",
            "kind",
            "level",
            "message",
            "analysisTarget",
            "locations",
            "guid",
            "correlationGuid",
            "occurrenceCount",
            "partialFingerprints",
            "fingerprints",
            "stacks",
            "codeFlows",
            "graphs",
            "graphTraversals",
            "relatedLocations",
            "suppressions",
            "baselineState",
            "rank",
            "attachments",
            "hostedViewerUri",
            "workItemUris",
            "provenance",
            "fixes",
            "taxa",
            "webRequest",
            "webResponse",
            "properties",
        ],
    ),
    // anyOf: text or id (checked below).
    ("message", &[], &["text", "markdown", "id", "arguments", "properties"]),
    (
        "location",
        &[],
        &["id", "physicalLocation", "logicalLocations", "message", "annotations", "relationships", "properties"],
    ),
    // anyOf: address or artifactLocation (checked below).
    ("physicalLocation", &[], &["address", "artifactLocation", "region", "contextRegion", "properties"]),
    ("artifactLocation", &[], &["uri", "uriBaseId", "index", "description", "properties"]),
    (
        "region",
        &[],
        &[
            "startLine",
            "startColumn",
            "endLine",
            "endColumn",
            "charOffset",
            "charLength",
            "byteOffset",
            "byteLength",
            "snippet",
            "sourceLanguage",
            "message",
            "properties",
        ],
    ),
    (
        "logicalLocation",
        &[],
        &["name", "index", "fullyQualifiedName", "decoratedName", "parentIndex", "kind", "properties"],
    ),
    ("suppression", &["kind"], &["guid", "kind", "status", "justification", "location", "properties"]),
];

/// Which definition a property's value (or each of its items) follows.
fn child_definition(parent: &str, key: &str) -> Option<&'static str> {
    Some(match (parent, key) {
        ("sarifLog", "runs") => "run",
        ("run", "tool") => "tool",
        ("run", "results") => "result",
        ("tool", "driver") => "toolComponent",
        ("toolComponent", "rules") => "reportingDescriptor",
        ("reportingDescriptor", "shortDescription" | "fullDescription" | "help") => "multiformatMessageString",
        ("reportingDescriptor", "defaultConfiguration") => "reportingConfiguration",
        ("result", "message") => "message",
        ("result", "locations") => "location",
        ("result", "suppressions") => "suppression",
        ("location", "physicalLocation") => "physicalLocation",
        ("location", "logicalLocations") => "logicalLocation",
        ("physicalLocation", "artifactLocation") => "artifactLocation",
        ("physicalLocation", "region") => "region",
        _ => return None,
    })
}

const LEVELS: &[&str] = &["none", "note", "warning", "error"];

/// Checks `value` against the definition by hand: required properties, no unknown ones, the anyOf and
/// enum constraints that apply, then every nested object.
fn check_definition(name: &str, value: &Value, at: &str) {
    let (_, required, allowed) =
        DEFINITIONS.iter().find(|(n, _, _)| *n == name).unwrap_or_else(|| panic!("no definition {name}"));
    let object = value.as_object().unwrap_or_else(|| panic!("{at}: a {name} must be an object"));
    for key in *required {
        assert!(object.contains_key(*key), "{at}: {name} lacks required `{key}`");
    }
    for key in object.keys() {
        assert!(allowed.contains(&key.as_str()), "{at}: `{key}` is not a property of {name}");
    }
    match name {
        "message" => assert!(object.contains_key("text") || object.contains_key("id"), "{at}: message text or id"),
        "physicalLocation" => {
            assert!(object.contains_key("artifactLocation"), "{at}: physicalLocation location");
            assert!(object.contains_key("region"), "{at}: code scanning wants a region");
        }
        "result" | "reportingConfiguration" => {
            if let Some(level) = object.get("level") {
                assert!(LEVELS.contains(&level.as_str().unwrap_or("")), "{at}: level {level}");
            }
        }
        // Code scanning needs a line: a positive integer (the schema's minimum is 1).
        "region" => assert!(object["startLine"].as_i64().is_some_and(|l| l >= 1), "{at}: startLine {value}"),
        "suppression" => assert!(matches!(object["kind"].as_str(), Some("inSource" | "external")), "{at}: kind"),
        "run" | "toolComponent" => {
            if let Some(language) = object.get("language").and_then(Value::as_str) {
                let ok = language.len() == 5
                    && language[..2].chars().all(|c| c.is_ascii_alphabetic())
                    && &language[2..3] == "-"
                    && language[3..].chars().all(|c| c.is_ascii_alphabetic());
                assert!(ok, "{at}: language {language}");
            }
        }
        _ => {}
    }
    for (key, child) in object {
        let path = format!("{at}.{key}");
        match child_definition(name, key) {
            Some(def) => match child {
                Value::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        check_definition(def, item, &format!("{path}[{i}]"));
                    }
                }
                _ => check_definition(def, child, &path),
            },
            // Only string maps are left unchecked; a nested object here would be an unchecked definition.
            None => assert!(
                key == "partialFingerprints" || !(child.is_object() || child.is_array()),
                "{path}: not covered by the hand-copied schema"
            ),
        }
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("two hex digits");
            out.push(u8::from_str_radix(hex, 16).expect("hex"));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("UTF-8 after decoding")
}

/// Parses the SARIF of `report`, checks it against the schema and against the report, and returns it.
fn checked_sarif(report: &Report) -> Value {
    let text = sarif::render(report, Lang::Zh);
    assert_eq!(text, sarif::render(report, Lang::Zh), "SARIF is deterministic");
    assert!(text.ends_with("}\n"));
    let log: Value = serde_json::from_str(&text).expect("SARIF is JSON");
    check_definition("sarifLog", &log, "$");
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(log["$schema"], "https://json.schemastore.org/sarif-2.1.0.json");
    let runs = log["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 1);
    let driver = &runs[0]["tool"]["driver"];
    assert_eq!(driver["name"], "shenbao");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert!(driver.get("informationUri").is_none());

    let rules = driver["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), Code::ALL.len(), "every registry code is a rule");
    for (rule, code) in rules.iter().zip(Code::ALL) {
        let info = code.info();
        assert_eq!(rule["id"], info.code);
        assert_eq!(rule["name"], info.name);
        assert_eq!(rule["shortDescription"]["text"], info.title(Lang::Zh));
        assert_eq!(rule["help"]["text"], info.explain(Lang::Zh));
        let level = match info.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "note",
        };
        assert_eq!(rule["defaultConfiguration"]["level"], level, "{}", info.code);
    }

    let results = runs[0]["results"].as_array().expect("results");
    let expected = located(report);
    assert_eq!(results.len(), expected.len(), "one result per diagnostic");
    for (i, (result, (diag, paths))) in results.iter().zip(&expected).enumerate() {
        let id = result["ruleId"].as_str().expect("ruleId");
        assert_eq!(id, diag.code.as_str(), "result {i}");
        let index = usize::try_from(result["ruleIndex"].as_i64().expect("ruleIndex")).expect("non-negative");
        assert_eq!(rules[index]["id"], id, "ruleIndex of result {i} points at its rule");
        let level = match diag.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "note",
        };
        assert_eq!(result["level"], level, "result {i}");
        let message = result["message"]["text"].as_str().expect("message text");
        assert!(message.starts_with(&diag.message), "result {i}");
        if let Some(help) = &diag.help {
            assert!(message.ends_with(&format!("\n{help}")), "result {i}: help after the message");
        }
        let fingerprint = result["partialFingerprints"]["shenbao/v1"].as_str().expect("partial fingerprint");
        assert!(fingerprint.len() == 64 && fingerprint.bytes().all(|b| b.is_ascii_hexdigit()), "{fingerprint}");

        let locations = result["locations"].as_array().expect("locations");
        assert_eq!(locations.len(), paths.len(), "result {i}: one location per dossier");
        for (location, path) in locations.iter().zip(paths) {
            let artifact = &location["physicalLocation"]["artifactLocation"];
            let uri = artifact["uri"].as_str().expect("uri");
            assert!(
                uri.bytes().all(|b| b.is_ascii_alphanumeric() || b"/-._~%:".contains(&b)),
                "result {i}: raw character in {uri}"
            );
            let decoded = match uri.strip_prefix("file://") {
                Some(absolute) => {
                    assert!(artifact.get("uriBaseId").is_none());
                    percent_decode(absolute)
                }
                None => {
                    assert_eq!(artifact["uriBaseId"], "%SRCROOT%");
                    assert!(!uri.contains(':'), "a relative URI must not look like a scheme: {uri}");
                    percent_decode(uri)
                }
            };
            assert_eq!(&decoded, path, "result {i}: the URI decodes back to the path");
            match &diag.section {
                Some(section) => assert_eq!(location["logicalLocations"][0]["name"], section.as_str()),
                None => assert!(location.get("logicalLocations").is_none()),
            }
        }
    }
    log
}

#[test]
fn sarif_of_two_dossiers() {
    let report = two_dossiers();
    let log = checked_sarif(&report);
    let results = log["runs"][0]["results"].as_array().expect("results");
    assert_eq!(log["runs"][0]["language"], "zh-CN");
    // The 字数 finding of over-part: a Chinese file name, percent-encoded, under the checkout.
    let over = results.iter().find(|r| r["ruleId"] == "SB104").expect("SB104 result");
    assert_eq!(over["level"], "error");
    let location = &over["locations"][0];
    assert_eq!(
        location["physicalLocation"]["artifactLocation"]["uri"],
        "fixtures/cq-2024-cases-2/over-part/%E7%94%B3%E6%8A%A5%E4%B9%A6.docx"
    );
    assert_eq!(location["logicalLocations"][0], serde_json::json!({ "name": "宣传推广材料", "kind": "section" }));
    assert!(results.iter().any(|r| r["level"] == "note"), "info diagnostics are notes");
}

#[test]
fn sarif_of_a_batch() {
    let report = batch();
    assert!(report.batch.as_ref().is_some_and(|b| !b.diagnostics.is_empty()), "the batch has findings");
    let log = checked_sarif(&report);
    let results = log["runs"][0]["results"].as_array().expect("results");
    // SB505: one project through two channels, located at both dossiers.
    let channel = results.iter().find(|r| r["ruleId"] == "SB505").expect("SB505 result");
    assert!(channel["locations"].as_array().expect("locations").len() >= 2);
}

#[test]
fn sarif_fingerprints_ignore_the_numbers_in_messages() {
    let report = two_dossiers();
    let before: Value = serde_json::from_str(&sarif::render(&report, Lang::Zh)).expect("JSON");
    let mut changed = report.clone();
    for diag in &mut changed.dossiers[0].diagnostics {
        diag.message = diag.message.replace("1577", "1623").replace("77", "123");
    }
    let after: Value = serde_json::from_str(&sarif::render(&changed, Lang::En)).expect("JSON");
    let prints = |log: &Value| -> Vec<Value> {
        log["runs"][0]["results"]
            .as_array()
            .expect("results")
            .iter()
            .map(|r| r["partialFingerprints"].clone())
            .collect()
    };
    assert_eq!(prints(&before), prints(&after), "same findings, same fingerprints, whatever the wording");
    let distinct: std::collections::BTreeSet<String> = prints(&before).iter().map(|p| p.to_string()).collect();
    assert!(distinct.len() > 1);
}

#[test]
fn sarif_marks_waived_findings_as_suppressed() {
    let mut report = Report::new(vec![over_part()]);
    let diag = report.dossiers[0].diagnostics.iter_mut().find(|d| d.code == Code::PartOverLimit).expect("SB104");
    diag.was = Some(diag.severity);
    diag.severity = Severity::Info;
    diag.waiver = Some("经主管部门同意".to_owned());
    let log = checked_sarif(&report);
    let result = log["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .find(|r| r["ruleId"] == "SB104")
        .expect("SB104 result")
        .clone();
    assert_eq!(result["level"], "note");
    assert_eq!(result["suppressions"][0]["kind"], "external");
    assert!(result["suppressions"][0]["justification"].as_str().expect("justification").contains("经主管部门同意"));
}

// ---------------------------------------------------------------------------------------------------------
// JUnit

#[derive(Debug, Default)]
struct Suite {
    name: String,
    tests: usize,
    failures: usize,
    cases: Vec<Case>,
}

#[derive(Debug, Default)]
struct Case {
    name: String,
    classname: String,
    /// The `type` of its <failure>, when it failed.
    failure: Option<String>,
    system_out: bool,
}

/// Reads the XML with quick-xml (end names checked): fails on anything not well-formed.
fn parse_junit(xml: &str) -> (usize, Vec<Suite>) {
    use quick_xml::events::{BytesStart, Event};
    fn attr(e: &BytesStart<'_>, name: &str) -> String {
        e.attributes()
            .map(|a| a.expect("well-formed attribute"))
            .find(|a| a.key.as_ref() == name)
            .map(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).expect("attribute value").into_owned())
            .unwrap_or_default()
    }
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut suites: Vec<Suite> = Vec::new();
    let mut total_failures = usize::MAX;
    let mut depth = 0usize;
    loop {
        let event = reader.read_event().unwrap_or_else(|e| panic!("JUnit XML is well-formed: {e}\n{xml}"));
        let (start, empty) = match &event {
            Event::Start(e) => (Some(e.clone()), false),
            Event::Empty(e) => (Some(e.clone()), true),
            Event::End(_) => {
                depth -= 1;
                (None, false)
            }
            Event::Eof => break,
            _ => (None, false),
        };
        let Some(e) = start else { continue };
        match e.name().as_ref() {
            "testsuites" => total_failures = attr(&e, "failures").parse().expect("failures"),
            "testsuite" => suites.push(Suite {
                name: attr(&e, "name"),
                tests: attr(&e, "tests").parse().expect("tests"),
                failures: attr(&e, "failures").parse().expect("failures"),
                cases: Vec::new(),
            }),
            "testcase" => suites.last_mut().expect("case in a suite").cases.push(Case {
                name: attr(&e, "name"),
                classname: attr(&e, "classname"),
                ..Default::default()
            }),
            "failure" => {
                let case = suites.last_mut().and_then(|s| s.cases.last_mut()).expect("failure in a case");
                case.failure = Some(attr(&e, "type"));
            }
            "system-out" => {
                if let Some(case) = suites.last_mut().and_then(|s| s.cases.last_mut()) {
                    case.system_out = true;
                }
            }
            _ => {}
        }
        if !empty {
            depth += 1;
        }
    }
    assert_eq!(depth, 0, "every element closed");
    (total_failures, suites)
}

fn check_junit(report: &Report) -> Vec<Suite> {
    let xml = junit::render(report, Lang::Zh);
    assert_eq!(xml, junit::render(report, Lang::Zh), "JUnit XML is deterministic");
    assert!(xml.starts_with("<?xml"));
    let (total_failures, suites) = parse_junit(&xml);
    assert_eq!(total_failures, report.summary.errors, "failures in all = errors in all");
    assert_eq!(suites.len(), report.dossiers.len() + usize::from(report.batch.is_some()));
    for (suite, dossier) in suites.iter().zip(&report.dossiers) {
        assert_eq!(suite.name, dossier.path);
        assert_eq!(suite.failures, dossier.count(Severity::Error), "{}: failures = errors", suite.name);
        assert_eq!(suite.cases.iter().filter(|c| c.failure.is_some()).count(), suite.failures);
        assert_eq!(suite.tests, suite.cases.len());
        assert!(!suite.cases.is_empty());
        let names: std::collections::BTreeSet<&str> = suite.cases.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names.len(), suite.cases.len(), "{}: case names are unique", suite.name);
        for case in &suite.cases {
            assert_eq!(case.classname, dossier.notice);
        }
        let limited = dossier.sections.iter().filter(|s| s.count.limit.is_some()).count();
        assert_eq!(suite.cases.iter().filter(|c| c.name.starts_with("字数 ")).count(), limited);
    }
    if let Some(batch) = &report.batch {
        let suite = suites.last().expect("batch suite");
        assert_eq!(suite.name, "batch");
        assert_eq!(suite.failures, batch.count(Severity::Error));
    }
    suites
}

#[test]
fn junit_of_two_dossiers() {
    let report = two_dossiers();
    let suites = check_junit(&report);
    let over = &suites[0];
    let case = over.cases.iter().find(|c| c.name == "字数 宣传推广材料").expect("the part over its limit is a case");
    assert_eq!(case.failure.as_deref(), Some("SB104"));
    assert!(
        over.cases.iter().any(|c| c.name.starts_with("字数 ") && c.failure.is_none()),
        "sections within limit pass"
    );
    let pass = &suites[1];
    assert_eq!(pass.name, PASS);
    assert_eq!(pass.failures, 0);
    assert!(!pass.cases.is_empty());
}

#[test]
fn junit_of_a_batch() {
    let report = batch();
    let suites = check_junit(&report);
    let suite = suites.last().expect("batch suite");
    assert!(suite.cases.iter().any(|c| c.failure.as_deref() == Some("SB505")));
    assert!(suite.cases.iter().filter(|c| c.failure.is_none()).all(|c| c.system_out), "warnings carry their message");
}

// ---------------------------------------------------------------------------------------------------------
// GitHub

#[test]
fn github_commands_of_over_part() {
    let report = Report::new(vec![over_part()]);
    let text = github::render(&report, Lang::Zh);
    assert_eq!(text, github::render(&report, Lang::Zh));
    assert_eq!(text.lines().count(), report.dossiers[0].diagnostics.len());
    assert!(text
        .lines()
        .all(|l| l.starts_with("::error ") || l.starts_with("::warning ") || l.starts_with("::notice ")));
    snapshot("ci__github__over-part", &text);
}

#[test]
fn github_escapes_properties_and_data() {
    let mut report = Report::new(vec![over_part()]);
    report.dossiers[0]
        .diagnostics
        .push(Diagnostic::new(Code::PdfNoSeal, "盖章页: 第 2, 3 页\n50%").file("证明材料/附件:1,2.pdf").help("请核对"));
    report.dossiers[0].diagnostics.push(Diagnostic::new(Code::PackRefused, "x, y: z"));
    let zh = github::render(&report, Lang::Zh);
    assert!(
        zh.lines().any(|l| l
            == "::warning file=fixtures/cq-2024-cases-2/over-part/证明材料/附件%3A1%2C2.pdf,title=SB324 未发现公章\
                ::盖章页: 第 2, 3 页%0A50%25%0A请核对"),
        "{zh}"
    );
    // An English title with a colon: escaped in the property, kept in the message.
    let en = github::render(&report, Lang::En);
    assert!(
        en.lines().any(|l| l
            == "::error file=fixtures/cq-2024-cases-2/over-part,title=SB601 pack refused%3A the dossier has errors::x, y: z"),
        "{en}"
    );
}

#[test]
fn github_batch_findings_point_at_the_first_dossier() {
    let report = batch();
    let text = github::render(&report, Lang::Zh);
    let batch = report.batch.as_ref().expect("batch");
    let lines: Vec<&str> = text.lines().collect();
    let own: usize = report.dossiers.iter().map(|d| d.diagnostics.len()).sum();
    assert_eq!(lines.len(), own + batch.diagnostics.len());
    for (line, diag) in lines[own..].iter().zip(&batch.diagnostics) {
        let first = diag.dossiers.first().expect("a batch finding names its dossiers");
        assert!(line.contains(&format!(" file={},", github::property(first))), "{line}");
        for dossier in &diag.dossiers {
            assert!(line.contains(&github::data(dossier)), "{line} lists {dossier}");
        }
    }
}

#[test]
fn github_step_summary() {
    let report = two_dossiers();
    let zh = github::step_summary(&report, Lang::Zh);
    assert!(zh.starts_with("## shenbao\n"));
    assert!(zh.contains(&format!("| {OVER_PART} | cq-2024-cases-2 | ❌ 未通过 | 1 |")), "{zh}");
    assert!(zh.contains(&format!("| {PASS} | ln-2024-cases | ✅ 通过 | 0 |")), "{zh}");
    assert!(zh.contains("  - `SB104` "), "{zh}");
    snapshot("ci__github-summary__two-dossiers", &zh);
    let en = github::step_summary(&report, Lang::En);
    assert!(en.starts_with("## shenbao\n") && en.contains("| Dossier | Notice | Result | Errors | Warnings |"));

    let mut piped = Report::new(vec![over_part()]);
    piped.dossiers[0].path = "a|b".to_owned();
    assert!(github::step_summary(&piped, Lang::Zh).contains("| a\\|b |"));

    let batch = batch();
    let text = github::step_summary(&batch, Lang::Zh);
    assert!(text.contains("### 批量检查"));
    assert!(text.contains("`SB505`"));
}

#[test]
fn github_step_summary_never_shows_passed_for_a_dossier_with_batch_errors() {
    let report = batch();
    let held = report.passed_with_batch_errors();
    assert!(held > 0, "the fixture batch has dossiers that pass alone but a batch error names");
    for (lang, shown, counted) in [
        (Lang::Zh, "| ⚠️ 批量有误 |", format!("{held} 份批量有误")),
        (Lang::En, "| ⚠️ batch errors |", format!("{held} with batch errors")),
    ] {
        let text = github::step_summary(&report, lang);
        let rows: Vec<&str> = text.lines().filter(|l| l.contains(shown)).collect();
        // The table agrees with the line under it, which counts them apart from those that pass.
        assert_eq!(rows.len(), held, "{text}");
        assert!(text.contains(&counted), "{text}");
        let passed_rows = text.lines().filter(|l| l.contains("| ✅ ")).count();
        assert_eq!(passed_rows, report.summary.passed - held, "{text}");
    }
}

/// The 1-based position among document.xml's paragraphs (`<w:p>` elements, in order) of the first whose text
/// starts with `heading`: counted here from the XML, apart from shenbao's reader.
fn paragraph_of(docx: &Path, heading: &str) -> i64 {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::fs::File::open(docx).expect("docx")).expect("zip");
    let mut xml = String::new();
    archive.by_name("word/document.xml").expect("document.xml").read_to_string(&mut xml).expect("UTF-8");
    let starts: Vec<usize> = xml
        .match_indices("<w:p")
        .filter(|(i, _)| matches!(xml.as_bytes()[i + 4], b'>' | b' ' | b'/'))
        .map(|(i, _)| i)
        .collect();
    for (n, &start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(xml.len());
        let text: String = xml[start..end]
            .split("<w:t")
            .skip(1)
            .filter_map(|t| Some(&t[t.find('>')? + 1..t.find("</w:t>")?]))
            .collect();
        if text.starts_with(heading) {
            return i64::try_from(n + 1).expect("position");
        }
    }
    panic!("no paragraph starts with {heading}");
}

#[test]
fn sarif_regions_give_a_sections_heading_paragraph_else_line_1() {
    let rel = "fixtures/ln-2024-cases/over-section";
    let report = Report::new(vec![dossier(rel, date(2024, 3, 1))]);
    let log = checked_sarif(&report);
    let results = log["runs"][0]["results"].as_array().expect("results");
    let line = |r: &Value| r["locations"][0]["physicalLocation"]["region"]["startLine"].as_i64();
    let over = results.iter().find(|r| r["ruleId"] == "SB103").expect("SB103");
    let heading = paragraph_of(&manifest().join(rel).join("申报书.docx"), "一、问题描述");
    assert_eq!(line(over), Some(heading), "{over:#}");
    assert_eq!(
        report.dossiers[0].diagnostics.iter().find(|d| d.code == Code::SectionOverLimit).and_then(|d| d.line),
        u32::try_from(heading).ok()
    );
    // A deadline finding has no place in a file: line 1.
    let deadline = results.iter().find(|r| r["ruleId"] == "SB402").expect("SB402");
    assert_eq!(line(deadline), Some(1));
}
