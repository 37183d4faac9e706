//! The JSON view: the stable contract of README "JSON output".

use serde::Serialize;

/// Pretty JSON with a trailing newline.
pub fn render<T: Serialize>(value: &T) -> String {
    // Serialising these plain structs cannot fail: no maps with non-string keys, no foreign types.
    let mut text = serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}
