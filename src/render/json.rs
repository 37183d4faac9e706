//! The JSON view: the stable contract of README "JSON output".

use serde::Serialize;

/// A check report as JSON, its messages worded in `lang`.
pub fn render_report(report: &crate::report::Report, lang: crate::diag::Lang) -> String {
    render(&*super::worded(report, lang))
}

/// Pretty JSON with a trailing newline.
pub fn render<T: Serialize>(value: &T) -> String {
    // Serialising these plain structs cannot fail: no maps with non-string keys, no foreign types.
    let mut text = serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}
