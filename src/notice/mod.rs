//! Notices (通知) as rule files: the model, loading with spans, validation, and the embedded rule files.

pub mod embedded;
mod load;
pub mod model;
pub mod schema;

pub use load::{load_str, read_rule_file, Problem, RuleFileError};
pub use model::*;

use crate::diag::Lang;
use std::path::Path;

/// Why a notice could not be had.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum NoticeError {
    #[error("{}", unknown_message(.spec, *.lang))]
    Unknown { spec: String, lang: Lang },
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error(transparent)]
    #[diagnostic(transparent)]
    Invalid(#[from] Box<RuleFileError>),
}

fn unknown_message(spec: &str, lang: Lang) -> String {
    let ids = embedded::ids();
    let meant = (spec.len() <= 64).then(|| crate::dossier::nearest(spec, ids.iter().copied())).flatten();
    let meant =
        meant.map_or_else(String::new, |m| lang.pick(format!("。是否想写 {m}？"), format!(". Did you mean {m}?")));
    lang.pick(
        format!("未知的通知“{spec}”：既不是内置通知（{}），也不是 .toml 规则文件{meant}", ids.join("、")),
        format!(
            "unknown notice “{spec}”: neither an embedded notice ({}) nor a .toml rule file{meant}",
            ids.join(", ")
        ),
    )
}

/// An embedded notice by id.
pub fn builtin(id: &str, lang: Lang) -> Option<Result<Notice, Box<RuleFileError>>> {
    embedded::text(id).map(|text| load_str(&format!("rules/{id}.toml"), text, lang).map_err(Box::new))
}

/// Every embedded notice, loaded once (they are compiled in and valid: the tests load each).
pub fn embedded_notices() -> &'static [Notice] {
    static ALL: std::sync::OnceLock<Vec<Notice>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| embedded::ALL.iter().filter_map(|(id, _)| builtin(id, Lang::Zh)?.ok()).collect())
}

/// A notice from the rule files shenbao.toml adds (by id), else as [`resolve`] finds it.
pub fn resolve_in(spec: &str, base: Option<&Path>, custom: &[Notice], lang: Lang) -> Result<Notice, NoticeError> {
    match custom.iter().find(|n| n.id == spec) {
        Some(n) => Ok(n.clone()),
        None => resolve(spec, base, lang),
    }
}

/// A notice from an embedded id or a rule-file path (relative paths are tried against `base` too,
/// so a dossier.toml can name a rule file beside it).
pub fn resolve(spec: &str, base: Option<&Path>, lang: Lang) -> Result<Notice, NoticeError> {
    if let Some(result) = builtin(spec, lang) {
        return result.map_err(NoticeError::Invalid);
    }
    let mut candidates = vec![Path::new(spec).to_owned()];
    if let Some(base) = base {
        candidates.push(base.join(spec));
    }
    for path in candidates {
        // Anything there but a folder is read (or refused: a FIFO, a device, a huge file) as a rule file.
        if std::fs::metadata(&path).is_ok_and(|m| !m.is_dir()) {
            let text = load::read_rule_file(&path, lang)?;
            return load_str(&path.display().to_string(), &text, lang).map_err(|e| NoticeError::Invalid(Box::new(e)));
        }
    }
    Err(NoticeError::Unknown { spec: spec.to_owned(), lang })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_notice_loads_without_problems() {
        for (id, _) in embedded::ALL {
            for lang in [Lang::Zh, Lang::En] {
                match builtin(id, lang).expect("embedded") {
                    Ok(n) => assert_eq!(n.id, *id),
                    Err(e) => panic!("{id}: {:?}", miette::Report::new(*e)),
                }
            }
        }
        assert_eq!(embedded::ALL.len(), 5);
    }
}
