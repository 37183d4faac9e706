//! batch.toml: what a recommending unit says about the batch it forwards (all keys optional).
//!
//! ```toml
//! notice = "ln-2024-cases"
//! recommender = "沈阳市数据局"     # 推荐单位, for dossiers that do not name one
//! recommender_kind = "地区"        # 地区 or 部门: which minimum quota the unit answers to
//! contact = "张伟 024-23456789"    # 联系人及联系方式, printed under the 汇总表
//! date = 2024-03-05                # the date under the 汇总表 (blank for the stamp when left out)
//! ```

pub use crate::config::Invalid;
use crate::config::{Checker, Want};
use crate::diag::{Code, Diagnostic, Finding, Lang};
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

/// The keys of batch.toml: each English key with its Chinese names, and what it holds.
const KEYS: &[(&str, &[&str], Want)] = &[
    ("notice", &["通知"], Want::String),
    ("recommender", &["推荐单位"], Want::String),
    ("recommender_kind", &["推荐单位类型"], Want::String),
    ("contact", &["联系人及联系方式", "联系人"], Want::String),
    ("date", &["日期"], Want::Date),
];

/// Every name of every key, for "did you mean".
const NAMES: &[&str] = &[
    "notice",
    "通知",
    "recommender",
    "推荐单位",
    "recommender_kind",
    "推荐单位类型",
    "contact",
    "联系人及联系方式",
    "联系人",
    "date",
    "日期",
];

/// What `recommender_kind` may say: the two kinds of recommending unit the quotas know.
const KINDS: &[&str] = &["地区", "部门"];

/// Reads `dir/batch.toml`: `Ok(None)` when there is none; otherwise every problem, each with its line and
/// column, in both languages (the report's language is chosen later). A batch.toml with any problem is not
/// used at all: a half-read one could put a wrong 推荐单位 under the 汇总表.
pub fn load(dir: &Path) -> Result<Option<BatchConfig>, Invalid> {
    let path = dir.join(BATCH_FILE);
    // Anything at that path is looked at: a FIFO or a device named batch.toml is refused, not skipped.
    if std::fs::symlink_metadata(&path).is_err() {
        return Ok(None);
    }
    let text = crate::config::read_config(&path)?;
    let mut checker = Checker::new(&text);
    let Some(root) = checker.parsed() else { return Err(checker.finish()) };
    check(&mut checker, root.get_ref());
    if !checker.found.is_empty() {
        return Err(checker.finish());
    }
    toml::from_str(&text).map(Some).map_err(|e| {
        checker.serde_error(&e);
        checker.finish()
    })
}

/// Checks every key of batch.toml: known (under one of its names, once), of the right kind.
fn check<'t>(c: &mut Checker<'t>, root: &toml::de::DeTable<'t>) {
    let mut seen: Vec<(&str, String)> = Vec::new();
    for (key, value) in root {
        let written = key.get_ref().as_ref();
        let Some((field, _, want)) = KEYS.iter().find(|(k, aliases, _)| *k == written || aliases.contains(&written))
        else {
            c.unknown_key(key, NAMES, ("", ""));
            continue;
        };
        if let Some((_, first)) = seen.iter().find(|(f, _)| f == field) {
            let (first, shown) =
                (crate::diag::printable(first).into_owned(), crate::diag::printable(written).into_owned());
            c.push(
                Some(key.span()),
                format!("“{shown}”与“{first}”是同一项，只能写一个"),
                format!("`{shown}` and `{first}` are the same key: keep one"),
                None,
            );
            continue;
        }
        seen.push((field, written.to_owned()));
        if *field == "recommender_kind" {
            c.one_of(
                written,
                value,
                KINDS,
                &[("region", "地区"), ("地方", "地区"), ("department", "部门"), ("dept", "部门")],
            );
        } else {
            c.want(written, value, *want);
        }
    }
}

impl Invalid {
    /// One SB512 batch diagnostic per problem of `file` (a batch.toml), each saying where it is.
    pub fn diagnostics(&self, file: &str) -> Vec<Diagnostic> {
        self.findings(file).into_iter().map(Diagnostic::of).collect()
    }

    /// [`Invalid::diagnostics`] without the language: the problems of `file` (a batch.toml) as findings.
    pub fn findings(&self, file: &str) -> Vec<BatchTomlFinding> {
        let file = crate::folders::tidy(file);
        let mut out: Vec<BatchTomlFinding> = self
            .found
            .iter()
            .map(|f| BatchTomlFinding::Invalid {
                file: file.clone(),
                at: f.at,
                problem: (f.zh.clone(), f.en.clone()),
                help: f.help.clone(),
            })
            .collect();
        let unlisted = self.total.saturating_sub(self.found.len());
        if unlisted > 0 {
            out.push(BatchTomlFinding::Unlisted { file, unlisted });
        }
        out
    }
}

/// What is wrong with a batch.toml (SB512), as data. The config checker words each problem in both
/// languages as it reads the file (before the report's language is known): those words are data here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BatchTomlFinding {
    /// SB512: one problem, at a 1-based line and column when it has one, with its (zh, en) words and help.
    Invalid { file: String, at: Option<(usize, usize)>, problem: (String, String), help: Option<(String, String)> },
    /// SB512: more problems than are listed.
    Unlisted { file: String, unlisted: usize },
}

// The wording of this family's findings, zh and en together.

impl Finding for BatchTomlFinding {
    fn code(&self) -> Code {
        Code::BatchTomlInvalid
    }

    fn file(&self) -> Option<&str> {
        match self {
            Self::Invalid { file, .. } | Self::Unlisted { file, .. } => Some(file),
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            Self::Invalid { file, at, problem: (zh, en), .. } => {
                let shown = crate::diag::printable(file);
                let place = at.map_or_else(String::new, |(l, c)| {
                    lang.pick(format!("第 {l} 行第 {c} 列："), format!("line {l}, column {c}: "))
                });
                lang.pick(
                    format!("{shown} 无效，未采用：{place}{zh}"),
                    format!("{shown} is invalid and was not used: {place}{en}"),
                )
            }
            Self::Unlisted { file, unlisted } => {
                let shown = crate::diag::printable(file);
                lang.pick(
                    format!("{shown} 还有 {unlisted} 处问题未列出"),
                    format!("{shown} has {unlisted} more problems, not listed"),
                )
            }
        }
    }

    fn help(&self, lang: Lang) -> Option<String> {
        match self {
            Self::Invalid { help: Some((zh, en)), .. } => Some(lang.pick(zh, en).clone()),
            Self::Invalid { help: None, .. } | Self::Unlisted { .. } => None,
        }
    }
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
    fn every_name_of_every_key_is_suggested() {
        let names: Vec<&str> =
            KEYS.iter().flat_map(|(k, aliases, _)| std::iter::once(*k).chain(aliases.iter().copied())).collect();
        assert_eq!(names, NAMES);
    }

    #[test]
    fn unknown_keys_are_refused() {
        assert!(toml::from_str::<BatchConfig>("recomender = \"x\"\n").is_err());
    }

    fn problems(text: &str) -> Vec<crate::config::Found> {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join(BATCH_FILE), text).expect("write");
        load(dir.path()).expect_err("invalid").found
    }

    #[test]
    fn every_problem_is_found_with_its_place() {
        let found = problems("recomender = \"x\"\ndate = \"2024-03-05\"\nrecommender_kind = \"region\"\n\"通知\" = \"a\"\nnotice = \"b\"\n");
        type Seen<'a> = (Option<(usize, usize)>, &'a str, Option<&'a str>);
        let seen: Vec<Seen<'_>> =
            found.iter().map(|f| (f.at, f.zh.as_str(), f.help.as_ref().map(|h| h.0.as_str()))).collect();
        assert_eq!(seen.len(), 4, "{seen:#?}");
        assert_eq!(seen[0], (Some((1, 1)), "未知的键“recomender”", Some("是否想写 recommender？")));
        assert_eq!(seen[1].0, Some((2, 8)));
        assert_eq!(seen[1].2, Some("日期不加引号：去掉两边的双引号"));
        assert_eq!(seen[2].0, Some((3, 20)));
        assert_eq!(seen[2].2, Some("是否想写 \"地区\"？"));
        assert!(seen[3].1.contains("是同一项"), "{seen:#?}");
    }

    #[test]
    fn a_good_batch_toml_loads_and_none_is_none() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert_eq!(load(dir.path()), Ok(None));
        std::fs::write(
            dir.path().join(BATCH_FILE),
            "\u{feff}\"推荐单位\" = \"沈阳市数据局\"\nrecommender_kind = \"部门\"\n",
        )
        .expect("write");
        let c = load(dir.path()).expect("valid").expect("there");
        assert_eq!(c.recommender.as_deref(), Some("沈阳市数据局"));
    }
}
