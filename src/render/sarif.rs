//! The SARIF 2.1.0 view, for GitHub code scanning and other SARIF viewers.
//!
//! One run. Every code of the registry is a rule, so a viewer can explain a code that did not occur;
//! every diagnostic is a result located at its dossier folder (and file inside it). Code scanning wants a
//! region in every location: it is the diagnostic's line when it has one (an expired waiver's line in
//! shenbao.toml), else line 1; the section, when there is one, is a logical location.
//!
//! Paths become relative URIs under `%SRCROOT%` (the checkout, for code scanning), percent-encoded as
//! UTF-8: dossier folders and files are mostly Chinese. Absolute paths become `file://` URIs.

use crate::diag::{Code, Diagnostic, Lang, Severity};
use crate::report::Report;
use serde_sarif::sarif;
use std::collections::BTreeMap;

/// Where editors find the schema (SchemaStore's copy of the OASIS SARIF 2.1.0 schema).
pub const SCHEMA_URL: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The key of the partial fingerprint. Bump the version when what goes into the hash changes: code
/// scanning would otherwise close every alert and open it again.
pub const FINGERPRINT_KEY: &str = "shenbao/v1";

/// The base every relative URI is resolved against; code scanning maps it to the repository root.
const SRCROOT: &str = "%SRCROOT%";

/// Pretty SARIF JSON with a trailing newline. Deterministic: no times, no GUIDs.
pub fn render(report: &Report, lang: Lang) -> String {
    let rules: Vec<sarif::ReportingDescriptor> = Code::ALL.iter().map(|&code| rule(code, lang)).collect();
    let mut results = Vec::new();
    for dossier in &report.dossiers {
        for d in &dossier.diagnostics {
            let located = vec![joined(&dossier.path, d.file.as_deref())];
            results.push(result(d, &dossier.path, located, "section", lang));
        }
    }
    for d in &report.config {
        // At the repository's shenbao.toml, which sits at the root the URIs start from.
        let file = d.file.clone().unwrap_or_else(|| crate::config::CONFIG_FILE.to_owned());
        results.push(result(d, "", vec![file], "section", lang));
    }
    if let Some(batch) = &report.batch {
        for d in &batch.diagnostics {
            // In batch findings the `section` names the group counted (a track, a 推荐单位), not a section.
            results.push(result(d, &d.dossiers.join("\n"), batch_paths(report, d), "group", lang));
        }
    }
    let driver = sarif::ToolComponent::builder()
        .name("shenbao")
        .version(env!("CARGO_PKG_VERSION"))
        .language(language(lang))
        .rules(rules)
        .build();
    let run = sarif::Run::builder().tool(driver).language(language(lang)).results(results).build();
    let log = sarif::Sarif::builder()
        .schema(SCHEMA_URL)
        .version(serde_json::Value::from(sarif::Version::V2_1_0.to_string()))
        .runs(vec![run])
        .build();
    super::json::render(&log)
}

fn language(lang: Lang) -> &'static str {
    lang.pick("zh-CN", "en-US")
}

fn level(severity: Severity) -> sarif::ResultLevel {
    match severity {
        Severity::Error => sarif::ResultLevel::Error,
        Severity::Warning => sarif::ResultLevel::Warning,
        Severity::Info => sarif::ResultLevel::Note,
    }
}

fn text(s: &str) -> sarif::MultiformatMessageString {
    sarif::MultiformatMessageString::builder().text(s).build()
}

fn rule(code: Code, lang: Lang) -> sarif::ReportingDescriptor {
    let info = code.info();
    sarif::ReportingDescriptor::builder()
        .id(info.code)
        .name(info.name)
        .short_description(text(info.title(lang)))
        .full_description(text(info.explain(lang)))
        .help(text(info.explain(lang)))
        .default_configuration(
            sarif::ReportingConfiguration::builder()
                .level(serde_json::Value::from(level(info.severity).to_string()))
                .build(),
        )
        .build()
}

/// `dossier_key` identifies the dossier(s) in the fingerprint; `kind` is the logical location's kind.
fn result(d: &Diagnostic, dossier_key: &str, paths: Vec<String>, kind: &str, lang: Lang) -> sarif::Result {
    let message = match d.help_text(lang) {
        Some(help) => format!("{}\n{help}", d.text(lang)),
        None => d.text(lang).into_owned(),
    };
    let rule_index = Code::ALL.iter().position(|&c| c == d.code).and_then(|i| i64::try_from(i).ok()).unwrap_or(-1);
    let fingerprint = crate::hash::sha256_hex(
        [d.code.as_str(), dossier_key, d.file.as_deref().unwrap_or(""), d.section.as_deref().unwrap_or("")]
            .join("\0")
            .as_bytes(),
    );
    let mut result = sarif::Result::builder()
        .rule_id(d.code.as_str())
        .rule_index(rule_index)
        .level(level(d.severity))
        .message(sarif::Message::builder().text(message).build())
        .partial_fingerprints(BTreeMap::from([(FINGERPRINT_KEY.to_owned(), fingerprint)]))
        .build();
    let line = d.line.unwrap_or(1);
    let locations: Vec<sarif::Location> = paths.iter().map(|p| location(p, line, d.section.as_deref(), kind)).collect();
    if !locations.is_empty() {
        result.locations = Some(locations);
    }
    // A shenbao.toml waiver: the finding stays in the report (as a note), and viewers that honour
    // suppressions (code scanning does) show it as dismissed with the reason.
    if let Some(reason) = &d.waiver {
        result.suppressions = Some(vec![sarif::Suppression::builder()
            .kind(serde_json::Value::from("external"))
            .justification(lang.pick(format!("shenbao.toml 豁免：{reason}"), format!("shenbao.toml waiver: {reason}")))
            .build()]);
    }
    result
}

fn location(path: &str, line: u32, section: Option<&str>, kind: &str) -> sarif::Location {
    let (uri, base) = uri(path);
    let mut artifact = sarif::ArtifactLocation::builder().uri(uri).build();
    artifact.uri_base_id = base.map(str::to_owned);
    let region = sarif::Region::builder().start_line(i64::from(line.max(1))).build();
    let physical = sarif::PhysicalLocation::builder().artifact_location(artifact).region(region).build();
    let mut location = sarif::Location::builder().physical_location(physical).build();
    if let Some(section) = section {
        location.logical_locations = Some(vec![sarif::LogicalLocation::builder().name(section).kind(kind).build()]);
    }
    location
}

/// A dossier path joined with a file inside it, `/`-separated, without a leading `./`.
pub(super) fn joined(dossier: &str, file: Option<&str>) -> String {
    let dossier = dossier.replace('\\', "/");
    let mut dossier = dossier.as_str();
    while let Some(rest) = dossier.strip_prefix("./") {
        dossier = rest;
    }
    let dossier = if dossier == "." { "" } else { dossier.trim_end_matches('/') };
    match file.map(|f| f.replace('\\', "/")) {
        Some(f) if dossier.is_empty() => f,
        Some(f) => format!("{dossier}/{f}"),
        None if dossier.is_empty() => ".".to_owned(),
        None => dossier.to_owned(),
    }
}

/// Where a batch finding is: each dossier involved (with the file, if any); else the file it names
/// (batch.toml); else the folder holding the dossiers, i.e. the batch root.
pub(super) fn batch_paths(report: &Report, d: &Diagnostic) -> Vec<String> {
    if !d.dossiers.is_empty() {
        return d.dossiers.iter().map(|p| joined(p, d.file.as_deref())).collect();
    }
    if let Some(file) = &d.file {
        return vec![joined(file, None)];
    }
    let mut common: Option<Vec<String>> = None;
    for dossier in &report.dossiers {
        let path = joined(&dossier.path, None);
        let mut parts: Vec<String> = path.split('/').map(str::to_owned).collect();
        parts.pop();
        common = Some(match common {
            None => parts,
            Some(prev) => prev.into_iter().zip(parts).take_while(|(a, b)| a == b).map(|(a, _)| a).collect(),
        });
    }
    let root = common.unwrap_or_default().join("/");
    vec![if root.is_empty() { ".".to_owned() } else { root }]
}

/// The URI of a path and its base: relative paths under `%SRCROOT%`, absolute ones as `file:` URIs.
fn uri(path: &str) -> (String, Option<&'static str>) {
    let bytes = path.as_bytes();
    if path.starts_with('/') {
        return (format!("file://{}", percent_encode(path)), None);
    }
    // A Windows drive path (C:/...): the colon after the drive letter stays.
    if bytes.len() >= 3 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' && bytes[2] == b'/' {
        return (format!("file:///{}:{}", char::from(bytes[0]), percent_encode(&path[2..])), None);
    }
    (percent_encode(path), Some(SRCROOT))
}

/// Percent-encodes a path for a URI: ASCII letters, digits, `/` and `-._~` stay, every other byte of
/// the UTF-8 (Chinese, spaces, `%`, `:`, `#`, `?`) becomes `%XX`. Encoding `:` keeps a relative path
/// from reading as a scheme.
pub fn percent_encode(path: &str) -> String {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(path.len());
    for &b in path.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(DIGITS[usize::from(b >> 4)]));
            out.push(char::from(DIGITS[usize::from(b & 15)]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_chinese_and_reserved_bytes() {
        assert_eq!(percent_encode("a b/申报书.docx"), "a%20b/%E7%94%B3%E6%8A%A5%E4%B9%A6.docx");
        assert_eq!(percent_encode("x:y#z?%"), "x%3Ay%23z%3F%25");
        assert_eq!(percent_encode("A-z_0.9~/"), "A-z_0.9~/");
    }

    #[test]
    fn joins_and_locates() {
        assert_eq!(joined("./fixtures/x/", Some("a/b.pdf")), "fixtures/x/a/b.pdf");
        assert_eq!(joined(".", Some("b.pdf")), "b.pdf");
        assert_eq!(joined(".", None), ".");
        assert_eq!(joined("d\\e", None), "d/e");
        assert_eq!(uri("x/申"), ("x/%E7%94%B3".to_owned(), Some(SRCROOT)));
        assert_eq!(uri("/abs/申"), ("file:///abs/%E7%94%B3".to_owned(), None));
        assert_eq!(uri("C:/d/申"), ("file:///C:/d/%E7%94%B3".to_owned(), None));
    }
}
