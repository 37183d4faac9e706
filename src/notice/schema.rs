//! The JSON Schema of rule files, derived from the serde model in [`super::model`] so that it cannot
//! drift from what the loader accepts. Shipped as `schema/rule-file.schema.json` (a test keeps it
//! current) for taplo / Even Better TOML: a rule file whose first line is
//! `#:schema ../schema/rule-file.schema.json` gets completion, hover docs and unknown-key warnings.
//!
//! The schema is draft-07, the draft editors' validators have supported longest.

use super::model::{Notice, SCHEMA};
use crate::count::Unit;
use schemars::generate::SchemaSettings;
use schemars::transform::RecursiveTransform;
use schemars::{JsonSchema, Schema};
use serde::Serialize;
use serde_json::Value;

/// The title and `$id` of the schema.
pub const TITLE: &str = "shenbao rule file";

/// The JSON Schema of a rule file (the root is [`Notice`]).
pub fn rule_file_schema() -> Value {
    let mut settings = SchemaSettings::draft07();
    // First, so that `RemoveRefSiblings` sees the collapsed `anyOf`s.
    settings.transforms.insert(0, Box::new(RecursiveTransform(drop_null)));
    let mut schema = settings.into_generator().into_root_schema_for::<Notice>();
    schema.insert("$id".into(), format!("urn:shenbao:rule-file:{SCHEMA}").into());
    schema.insert("title".into(), TITLE.into());
    // An editor can flag a rule file written for another schema version before the loader does.
    if let Some(Value::Object(version)) = schema.pointer_mut("/properties/schema") {
        version.insert("const".into(), SCHEMA.into());
    }
    // schemars leaves out serde's `alias`es; an editor should not flag what the loader accepts.
    for (definition, name, alias) in ALIASES {
        if let Some(Value::Array(names)) = schema.pointer_mut(&format!("/definitions/{definition}/enum")) {
            if let Some(i) = names.iter().position(|n| n == name) {
                names.insert(i + 1, alias.into());
            }
        }
    }
    schema.to_value()
}

/// (enum, name, `#[serde(alias)]`) of every alias in the model.
const ALIASES: [(&str, &str, &str); 1] = [("Format", "jpg", "jpeg")];

/// TOML has no null: an `Option` field is simply left out, so `"null"` is dropped from every type.
fn drop_null(schema: &mut Schema) {
    let Some(obj) = schema.as_object_mut() else { return };
    let is_null = |v: &Value| v.get("type").and_then(Value::as_str) == Some("null");
    if let Some(Value::Array(types)) = obj.get_mut("type") {
        types.retain(|t| t != "null");
        if let [only] = types.as_slice() {
            let only = only.clone();
            obj.insert("type".into(), only);
        }
    }
    // `Lists::default()` serializes its empty lists as nulls.
    if let Some(Value::Object(default)) = obj.get_mut("default") {
        default.retain(|_, v| !v.is_null());
    }
    if let Some(Value::Array(any_of)) = obj.get_mut("anyOf") {
        if any_of.iter().any(is_null) {
            any_of.retain(|s| !is_null(s));
            if let [Value::Object(only)] = any_of.as_slice() {
                let only = only.clone();
                obj.remove("anyOf");
                for (k, v) in only {
                    obj.entry(k).or_insert(v);
                }
            }
        }
    }
}

// `Unit` lives in `count`, which knows nothing of rule files, so its schema is described here;
// `From<Unit>` below is exhaustive and a test compares the names.
/// The unit a notice's limits are stated in.
#[derive(Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[schemars(rename = "Unit")]
pub(crate) enum UnitSchema {
    /// 字数 as Word shows it (the default: "300字以内" is read with Word's 字数统计).
    Word,
    /// 字符数(不计空格).
    CharsNoSpaces,
    /// Han characters only.
    Hanzi,
}

impl From<Unit> for UnitSchema {
    fn from(unit: Unit) -> Self {
        match unit {
            Unit::Word => UnitSchema::Word,
            Unit::CharsNoSpaces => UnitSchema::CharsNoSpaces,
            Unit::Hanzi => UnitSchema::Hanzi,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_names_agree_with_count() {
        for unit in [Unit::Word, Unit::CharsNoSpaces, Unit::Hanzi] {
            let ours = serde_json::to_value(UnitSchema::from(unit)).expect("serialize");
            assert_eq!(ours, serde_json::to_value(unit).expect("serialize"));
            let back: Unit = serde_json::from_value(ours).expect("count reads the schema's name");
            assert_eq!(back, unit);
        }
    }

    #[test]
    fn schema_has_no_null_and_pins_the_version() {
        let schema = rule_file_schema();
        let text = schema.to_string();
        assert!(!text.contains("\"null\""), "{text}");
        assert_eq!(schema["title"], TITLE);
        assert_eq!(schema["properties"]["schema"]["const"], SCHEMA);
        assert_eq!(schema["additionalProperties"], false);
        assert_eq!(schema["definitions"]["Round"]["properties"]["date"]["format"], "date");
    }

    #[test]
    fn every_format_name_in_the_schema_loads_and_aliases_are_listed() {
        let schema = rule_file_schema();
        let names = schema["definitions"]["Format"]["enum"].as_array().expect("Format is a plain enum");
        for name in names {
            serde_json::from_value::<crate::notice::Format>(name.clone()).expect("the loader reads it");
        }
        for (definition, _, alias) in ALIASES {
            let names = schema["definitions"][definition]["enum"].as_array().expect("enum");
            assert!(names.iter().any(|n| n == alias), "{definition} lists {alias}");
        }
    }
}
