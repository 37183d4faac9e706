//! Repository config `shenbao.toml`, found by walking up from the working directory: which folders are
//! dossiers and which notice each uses, custom rule files, severity overrides, waivers and `deny`.
//!
//! ```toml
//! lang = "zh"                                   # message language when --lang / SHENBAO_LANG are not given
//! rules = ["rules/our-city-2025.toml"]          # custom rule files, usable by their id
//! deny = ["warnings"]                           # as --deny warnings
//!
//! [[dossiers]]
//! glob = "2024/重庆/*"                           # folders (relative to this file) that are dossiers
//! notice = "cq-2024-cases-2"                    # for those whose dossier.toml names none
//!
//! [severity]
//! SB402 = "error"                               # a code's severity, everywhere ("off": not run, listed
//!                                               # in the report as skipped)
//!
//! [[waivers]]
//! code = "SB324"
//! dossier = "2024/重庆/某某案例"                  # glob; every dossier when left out
//! reason = "印章在纸质版上加盖"
//! expires = 2024-08-20                          # optional; after it the waiver no longer applies
//! ```
//!
//! Nothing is hidden: an overridden or waived diagnostic stays in the report with its original severity
//! (`was`) and the waiver's reason.

use crate::diag::{Code, Diagnostic, Lang, Severity};
use crate::report::Report;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const CONFIG_FILE: &str = "shenbao.toml";

#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RepoConfig {
    pub lang: Option<Lang>,
    #[serde(default)]
    pub rules: Vec<String>,
    #[serde(default)]
    pub deny: Vec<Deny>,
    #[serde(default)]
    pub dossiers: Vec<DossierGlob>,
    #[serde(default)]
    pub severity: BTreeMap<String, Level>,
    #[serde(default)]
    pub waivers: Vec<Waiver>,
}

/// A code's level in `[severity]`: a severity, or `off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
    Info,
    /// The finding is dropped; the report lists the code and how often it was skipped.
    Off,
}

impl Level {
    fn severity(self) -> Option<Severity> {
        match self {
            Level::Error => Some(Severity::Error),
            Level::Warning => Some(Severity::Warning),
            Level::Info => Some(Severity::Info),
            Level::Off => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Deny {
    /// Warnings fail the dossier like errors.
    Warnings,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DossierGlob {
    pub glob: String,
    pub notice: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Waiver {
    pub code: String,
    /// A glob over dossier paths as reported (relative to the working directory); all dossiers when absent.
    pub dossier: Option<String>,
    pub reason: String,
    pub expires: Option<toml::value::Datetime>,
}

/// The config file found and what it says.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub path: PathBuf,
    pub config: RepoConfig,
}

impl Loaded {
    /// The folder the config's relative paths start from.
    pub fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }
}

/// Finds `shenbao.toml` in `start` or the nearest folder above it.
pub fn find(start: &Path) -> Option<PathBuf> {
    start.ancestors().map(|d| d.join(CONFIG_FILE)).find(|p| p.is_file())
}

/// Loads and validates a config file; every problem is listed.
pub fn load(path: &Path) -> Result<Loaded, String> {
    let text = crate::read::file::read_text(path, crate::read::file::CONFIG_MAX)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let config: RepoConfig = toml::from_str(&text)
        .map_err(|e| format!("{}: {}", path.display(), crate::dossier::describe_toml_error(&text, &e)))?;
    let mut problems = Vec::new();
    for code in config.severity.keys() {
        if Code::parse(code).is_none() {
            problems.push(format!("[severity] {code}: unknown code"));
        }
    }
    for w in &config.waivers {
        if Code::parse(&w.code).is_none() {
            problems.push(format!("[[waivers]] code = \"{}\": unknown code", w.code));
        }
        if w.reason.trim().is_empty() {
            problems.push(format!("[[waivers]] code = \"{}\": a waiver needs a reason", w.code));
        }
        if let Some(g) = &w.dossier {
            if let Err(e) = globset::Glob::new(g) {
                problems.push(format!("[[waivers]] dossier = \"{g}\": {e}"));
            }
        }
        if w.expires.is_some_and(|d| d.date.is_none()) {
            problems.push(format!("[[waivers]] code = \"{}\": expires must be a date (YYYY-MM-DD)", w.code));
        }
    }
    for d in &config.dossiers {
        if let Err(e) = globset::Glob::new(&d.glob) {
            problems.push(format!("[[dossiers]] glob = \"{}\": {e}", d.glob));
        }
    }
    if problems.is_empty() {
        Ok(Loaded { path: path.to_owned(), config })
    } else {
        Err(format!("{}:\n  {}", path.display(), problems.join("\n  ")))
    }
}

/// The dossier folders the `[[dossiers]]` globs match, each with its notice, in path order.
pub fn dossier_folders(loaded: &Loaded) -> Vec<(PathBuf, Option<String>)> {
    let dir = loaded.dir();
    let mut found = BTreeMap::new();
    for entry in &loaded.config.dossiers {
        let pattern = crate::batch::tidy(&entry.glob);
        let Ok(glob) = globset::GlobBuilder::new(&pattern).literal_separator(true).build() else { continue };
        let matcher = glob.compile_matcher();
        // `**` reaches any depth; otherwise a glob of N components matches folders N deep.
        let depth = if pattern.contains("**") { usize::MAX } else { pattern.split('/').count() };
        let walk = walkdir::WalkDir::new(dir).min_depth(1).max_depth(depth).sort_by_file_name().into_iter();
        // Hidden folders (.git) are never dossiers, and nothing inside them is looked at.
        let visible = walk.filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            e.depth() == 0 || !crate::batch::is_hidden(&name)
        });
        for e in visible.filter_map(Result::ok).filter(|e| e.file_type().is_dir()) {
            let Ok(rel) = e.path().strip_prefix(dir) else { continue };
            let rel = rel.to_string_lossy().replace('\\', "/");
            if matcher.is_match(&rel) {
                found.entry(e.path().to_owned()).or_insert_with(|| entry.notice.clone());
            }
        }
    }
    found.into_iter().collect()
}

/// What changes diagnostics after the checks: overrides, waivers, `deny`.
#[derive(Debug, Clone, Default)]
pub struct Policy {
    pub severity: BTreeMap<Code, Level>,
    pub waivers: Vec<(Waiver, Option<globset::GlobMatcher>)>,
    pub deny_warnings: bool,
}

impl Policy {
    pub fn new(config: Option<&RepoConfig>, deny: &[Deny]) -> Self {
        let mut policy = Policy { deny_warnings: deny.contains(&Deny::Warnings), ..Default::default() };
        if let Some(c) = config {
            policy.deny_warnings |= c.deny.contains(&Deny::Warnings);
            policy.severity = c.severity.iter().filter_map(|(k, v)| Code::parse(k).map(|code| (code, *v))).collect();
            policy.waivers = c
                .waivers
                .iter()
                .map(|w| {
                    let matcher =
                        w.dossier.as_deref().and_then(|g| globset::Glob::new(g).ok()).map(|g| g.compile_matcher());
                    (w.clone(), matcher)
                })
                .collect();
        }
        policy
    }

    pub fn is_empty(&self) -> bool {
        self.severity.is_empty() && self.waivers.is_empty() && !self.deny_warnings
    }
}

fn expired(w: &Waiver, today: jiff::civil::Date) -> bool {
    w.expires
        .and_then(|d| d.date)
        .is_some_and(|d| jiff::civil::Date::new(d.year as i16, d.month as i8, d.day as i8).is_ok_and(|exp| exp < today))
}

/// Applies the policy to every diagnostic of the report, then recomputes pass/fail and the summary.
pub fn apply(report: &mut Report, policy: &Policy, today: jiff::civil::Date, lang: Lang) {
    if policy.is_empty() {
        return;
    }
    let mut expired_notes: Vec<Diagnostic> = Vec::new();
    for (waiver, _) in &policy.waivers {
        if expired(waiver, today) {
            let date = waiver.expires.map(|d| d.to_string()).unwrap_or_default();
            expired_notes.push(
                Diagnostic::new(
                    Code::WaiverExpired,
                    lang.pick(
                        format!("{} 的豁免已于 {date} 到期，不再生效（理由：{}）", waiver.code, waiver.reason),
                        format!(
                            "the waiver of {} expired on {date} and no longer applies (reason: {})",
                            waiver.code, waiver.reason
                        ),
                    ),
                )
                .file(CONFIG_FILE),
            );
        }
    }
    let adjust = |d: &mut Diagnostic, dossier: &str| {
        let original = d.severity;
        if let Some(s) = policy.severity.get(&d.code).and_then(|l| l.severity()) {
            d.severity = s;
        }
        let waiver = policy.waivers.iter().find(|(w, m)| {
            Code::parse(&w.code) == Some(d.code)
                && !expired(w, today)
                && m.as_ref().is_none_or(|m| {
                    // A batch finding is waived only when every dossier it names is.
                    if d.dossiers.is_empty() {
                        m.is_match(dossier)
                    } else {
                        d.dossiers.iter().all(|p| m.is_match(p))
                    }
                })
        });
        if let Some((w, _)) = waiver {
            d.waiver = Some(w.reason.clone());
            d.severity = Severity::Info;
        } else if policy.deny_warnings && d.severity == Severity::Warning {
            d.severity = Severity::Error;
        }
        if d.severity != original {
            d.was = Some(original);
        }
    };
    let mut skipped: BTreeMap<Code, usize> = BTreeMap::new();
    let mut drop_off = |list: &mut Vec<Diagnostic>| {
        list.retain(|d| {
            let off = policy.severity.get(&d.code) == Some(&Level::Off);
            if off {
                *skipped.entry(d.code).or_default() += 1;
            }
            !off
        });
    };
    let dossiers: Vec<crate::report::DossierReport> = std::mem::take(&mut report.dossiers)
        .into_iter()
        .enumerate()
        .map(|(i, mut d)| {
            drop_off(&mut d.diagnostics);
            let path = d.path.clone();
            for diag in &mut d.diagnostics {
                adjust(diag, &path);
            }
            if i == 0 {
                d.diagnostics.extend(expired_notes.iter().cloned());
            }
            d.finish()
        })
        .collect();
    if let Some(b) = &mut report.batch {
        drop_off(&mut b.diagnostics);
        for diag in &mut b.diagnostics {
            adjust(diag, "");
        }
        b.passed = !b.diagnostics.iter().any(|d| d.severity == Severity::Error);
    }
    let batch = report.batch.take();
    let mut rebuilt = match batch {
        Some(b) => Report::batch(dossiers, b),
        None => Report::new(dossiers),
    };
    rebuilt.skipped = skipped.into_iter().map(|(code, count)| crate::report::Skipped { code, count }).collect();
    *report = rebuilt;
}

/// `shenbao config show`: the effective config and where each value came from.
pub fn show(loaded: Option<&Loaded>, lang: Lang) -> String {
    let mut out = String::new();
    let source = loaded.map_or_else(|| lang.pick("（默认）", "(default)").to_owned(), |l| l.path.display().to_string());
    match loaded {
        None => {
            out += &lang.pick(
                format!("未找到 {CONFIG_FILE}（从当前目录向上查找）；使用默认设置。\n"),
                format!("no {CONFIG_FILE} found (searched from the working directory up); defaults apply.\n"),
            );
        }
        Some(_) => out += &lang.pick(format!("配置文件：{source}\n"), format!("config file: {source}\n")),
    }
    let c = loaded.map(|l| l.config.clone()).unwrap_or_default();
    let from = |set: bool| if set { source.clone() } else { lang.pick("（默认）", "(default)").to_owned() };
    // The language in effect: --lang, SHENBAO_LANG, this file, the locale, Chinese: in that order.
    let lang_source = match c.lang {
        Some(l) if l == lang => source.clone(),
        _ => "--lang / SHENBAO_LANG / LC_ALL / LANG".to_owned(),
    };
    out += &format!("lang = {:?}    # {lang_source}\n", lang.pick("zh", "en"));
    out += &format!(
        "deny = {:?}    # {}\n",
        c.deny.iter().map(|_| "warnings").collect::<Vec<_>>(),
        from(!c.deny.is_empty())
    );
    out += &format!("rules = {:?}    # {}\n", c.rules, from(!c.rules.is_empty()));
    for d in &c.dossiers {
        out += &format!(
            "[[dossiers]] glob = {:?}, notice = {:?}    # {source}\n",
            d.glob,
            d.notice.as_deref().unwrap_or("(dossier.toml)")
        );
    }
    if let Some(l) = loaded {
        for (path, notice) in dossier_folders(l) {
            out += &format!("  → {} ({})\n", path.display(), notice.as_deref().unwrap_or("dossier.toml"));
        }
    }
    for (code, sev) in &c.severity {
        out += &format!("[severity] {code} = {:?}    # {source}\n", format!("{sev:?}").to_lowercase());
    }
    for w in &c.waivers {
        out += &format!(
            "[[waivers]] code = {:?}, dossier = {:?}, reason = {:?}, expires = {}    # {source}\n",
            w.code,
            w.dossier.as_deref().unwrap_or("*"),
            w.reason,
            w.expires.map_or_else(|| "-".to_owned(), |d| d.to_string())
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_config_names_unknown_codes_and_reasonless_waivers() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(CONFIG_FILE);
        std::fs::write(&path, "[severity]\nSB999 = \"error\"\n[[waivers]]\ncode = \"SB324\"\nreason = \"\"\n")
            .expect("write");
        let e = load(&path).expect_err("invalid");
        assert!(e.contains("SB999") && e.contains("needs a reason"), "{e}");
    }

    #[test]
    fn the_nearest_config_above_is_found() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join(CONFIG_FILE), "").expect("write");
        let deep = dir.path().join("a/b");
        std::fs::create_dir_all(&deep).expect("mkdir");
        assert_eq!(find(&deep), Some(dir.path().join(CONFIG_FILE)));
    }
}
