//! batch.toml: what a recommending unit says about the batch it forwards (all keys optional).
//!
//! ```toml
//! notice = "ln-2024-cases"
//! recommender = "沈阳市数据局"     # 推荐单位, for dossiers that do not name one
//! recommender_kind = "地区"        # 地区 or 部门: which minimum quota the unit answers to
//! contact = "张伟 024-23456789"    # 联系人及联系方式, printed under the 汇总表
//! date = 2024-03-05                # the date under the 汇总表 (blank for the stamp when left out)
//! ```

use serde::Deserialize;
use std::path::Path;

pub const BATCH_FILE: &str = "batch.toml";

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BatchConfig {
    /// The notice for dossiers whose dossier.toml names none.
    #[serde(alias = "通知")]
    pub notice: Option<String>,
    /// 推荐单位.
    #[serde(alias = "推荐单位")]
    pub recommender: Option<String>,
    /// 地区 or 部门.
    #[serde(alias = "推荐单位类型")]
    pub recommender_kind: Option<String>,
    /// 联系人及联系方式.
    #[serde(alias = "联系人及联系方式", alias = "联系人")]
    pub contact: Option<String>,
    /// The date written under the 汇总表.
    #[serde(alias = "日期")]
    pub date: Option<toml::value::Datetime>,
}

/// Reads `dir/batch.toml`; `Ok(None)` when there is none, `Err` with a message (line and column) when it
/// cannot be parsed.
pub fn load(dir: &Path) -> Result<Option<BatchConfig>, String> {
    let path = dir.join(BATCH_FILE);
    if !path.is_file() {
        return Ok(None);
    }
    let text = crate::read::file::read_text(&path, crate::read::file::CONFIG_MAX).map_err(|e| e.to_string())?;
    toml::from_str(&text).map(Some).map_err(|e| crate::dossier::describe_toml_error(&text, &e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_keys_are_accepted() {
        let c: BatchConfig =
            toml::from_str("\"推荐单位\" = \"沈阳市数据局\"\n\"推荐单位类型\" = \"地区\"\ndate = 2024-03-05\n")
                .expect("parse");
        assert_eq!(c.recommender.as_deref(), Some("沈阳市数据局"));
        assert_eq!(c.recommender_kind.as_deref(), Some("地区"));
        assert_eq!(c.date.map(|d| d.to_string()).as_deref(), Some("2024-03-05"));
    }

    #[test]
    fn unknown_keys_are_refused() {
        assert!(toml::from_str::<BatchConfig>("recomender = \"x\"\n").is_err());
    }
}
