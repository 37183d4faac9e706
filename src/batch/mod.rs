//! Batch mode for recommending units: many dossiers in parallel, the cross-dossier rules and the 汇总表.
//!
//! A folder given on the command line is a **batch root** when it has no dossier.toml of its own and
//! holds a `batch.toml`, or has a subfolder that holds a dossier.toml, or — folders as applicants send
//! them, Word files and no TOML — holds no Word file itself while two or more of its subfolders each hold
//! one. Each non-empty subfolder of a root is then one dossier; an empty one is named and left out.
//! Any other folder is one dossier. `--batch` and `--single` decide by hand ([`Layout`]). Dossiers are checked in parallel, each on its own:
//! what goes wrong in one is a diagnostic of that one. Only small per-dossier facts are kept for the
//! cross-dossier rules, so memory does not grow with the files checked.

pub mod config;
pub mod rules;
pub mod summary;
pub mod write;

use crate::checks::{self, Options};
use crate::dossier::{Member, CONFIG_FILE};
use crate::folders::{is_hidden, tidy};
use crate::notice::Notice;
pub use crate::report::RootSign;
use crate::report::{BatchReport, BatchRoot, DossierReport, Facts, Report};
use config::BatchConfig;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// One dossier folder to check.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub path: PathBuf,
    /// The path as the user would write it, for messages and reports.
    pub display: String,
    /// The notice a shenbao.toml `[[dossiers]]` entry, or the batch.toml of its root, gives this folder.
    pub notice: Option<Arc<Notice>>,
    /// The batch root the folder was found in, when it was.
    pub root: Option<PathBuf>,
}

impl Target {
    pub fn new(path: PathBuf) -> Self {
        Target { display: path.display().to_string(), path, notice: None, root: None }
    }
}

/// A field of the 汇总表 footer the batch roots' batch.toml files give differently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FooterDisagreement {
    /// The field, in Chinese and in English.
    pub zh: &'static str,
    pub en: &'static str,
    /// Each different value, in root order.
    pub values: Vec<String>,
    /// What the footer shows: the first root's value, `None` when it leaves the field out.
    pub used: Option<String>,
}

/// How the folders given are taken: as the module docs say, or as the user decided (`--batch`, `--single`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Layout {
    #[default]
    Auto,
    /// Every folder given is a batch root.
    Batch,
    /// Every folder given is one dossier.
    Single,
}

/// What the command line's folders expand to.
#[derive(Debug, Clone, Default)]
pub struct Discovery {
    pub targets: Vec<Target>,
    /// Batch roots found among the folders given.
    pub roots: Vec<PathBuf>,
    /// Why each root in `roots` was taken as one, in the same order.
    pub signs: Vec<RootSign>,
    /// Subfolders of a root that hold no file: named, not checked, no row in the 汇总表.
    pub empty: Vec<String>,
    /// The batch.toml of each root that has one: its dossiers' recommending unit and notice.
    pub root_configs: Vec<(PathBuf, Arc<BatchConfig>)>,
    /// Each batch.toml that could not be used: the file and its problems.
    pub config_errors: Vec<(String, config::Invalid)>,
}

impl Discovery {
    /// More than one dossier, or a batch root: cross-dossier rules apply.
    pub fn is_batch(&self) -> bool {
        self.targets.len() > 1 || !self.roots.is_empty()
    }

    /// The first root's batch.toml: it heads the 汇总表.
    pub fn config(&self) -> Option<&BatchConfig> {
        self.root_configs.first().map(|(_, c)| c.as_ref())
    }

    /// The 汇总表 footer's fields on which the batch roots' batch.toml files disagree: (field in Chinese,
    /// in English, each different value in root order, the value the footer uses: the first root's, as
    /// [`Discovery::config`]). Roots that leave a field out are not counted.
    pub fn footer_disagreements(&self) -> Vec<FooterDisagreement> {
        type Field = fn(&BatchConfig) -> Option<String>;
        let fields: [(&str, &str, Field); 3] = [
            ("推荐单位", "recommending unit", |c| c.recommender.clone()),
            ("联系人及联系方式", "contact", |c| c.contact.clone()),
            ("日期", "date", |c| c.date.map(|d| d.to_string())),
        ];
        let mut out = Vec::new();
        for (zh, en, field) in fields {
            let mut values: Vec<String> = Vec::new();
            for value in self.root_configs.iter().filter_map(|(_, c)| field(c)) {
                if !values.contains(&value) {
                    values.push(value);
                }
            }
            if values.len() > 1 {
                out.push(FooterDisagreement { zh, en, values, used: self.config().and_then(field) });
            }
        }
        out
    }

    /// The batch.toml of the root `target` was found in.
    pub fn root_config(&self, target: &Target) -> Option<&BatchConfig> {
        let root = target.root.as_ref()?;
        self.root_configs.iter().find(|(dir, _)| dir == root).map(|(_, c)| c.as_ref())
    }
}

/// Immediate subfolders, sorted by name, hidden ones left out.
fn subfolders(dir: &Path) -> Vec<PathBuf> {
    let Ok(read) = std::fs::read_dir(dir) else { return Vec::new() };
    // `Path::is_dir` follows links: a linked dossier folder counts.
    let mut dirs: Vec<PathBuf> = read
        .filter_map(Result::ok)
        .filter(|e| !is_hidden(&e.file_name().to_string_lossy()))
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// Whether `dir` is a batch root (see the module docs).
pub fn is_batch_root(dir: &Path) -> bool {
    batch_sign(dir).is_some()
}

/// Why `dir` is a batch root, `None` when it is one dossier (see the module docs).
pub fn batch_sign(dir: &Path) -> Option<RootSign> {
    if !dir.is_dir() || dir.join(CONFIG_FILE).exists() {
        return None;
    }
    if dir.join(config::BATCH_FILE).is_file() {
        return Some(RootSign::BatchToml);
    }
    let subs = subfolders(dir);
    if subs.iter().any(|d| d.join(CONFIG_FILE).is_file()) {
        return Some(RootSign::DossierToml);
    }
    // Folders as applicants send them: the root itself holds no 申报书, its subfolders do.
    if holds_word_file(dir) {
        return None;
    }
    let folders = subs.iter().filter(|d| holds_word_file(d)).count();
    (folders >= 2).then_some(RootSign::WordFiles { folders })
}

/// Whether `dir` holds a Word file (.docx, .doc, .wps) of its own, not in a subfolder and not an Office
/// lock file (`~$申报书.docx`).
fn holds_word_file(dir: &Path) -> bool {
    let Ok(read) = std::fs::read_dir(dir) else { return false };
    read.filter_map(Result::ok).take(10_000).any(|e| {
        let name = e.file_name().to_string_lossy().to_lowercase();
        let word = [".docx", ".doc", ".wps"].iter().any(|ext| name.ends_with(ext));
        word && !is_hidden(&name) && !name.starts_with("~$") && e.path().is_file()
    })
}

/// Whether `dir` holds no file at all, in any of its folders (hidden ones and Office lock files aside).
/// The walk stops at the first file, 16 levels down or 10,000 entries in.
fn is_empty_folder(dir: &Path) -> bool {
    let walk = walkdir::WalkDir::new(dir)
        .max_depth(16)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(&e.file_name().to_string_lossy()));
    for entry in walk.take(10_000) {
        let Ok(entry) = entry else { return false };
        let name = entry.file_name().to_string_lossy();
        if !entry.file_type().is_dir() && !name.starts_with("~$") {
            return false;
        }
    }
    true
}

/// Expands the folders given into dossier folders, in the order given (a root's subfolders by name).
pub fn discover(paths: &[PathBuf]) -> Discovery {
    discover_as(paths, Layout::Auto)
}

/// [`discover`], with the layout decided by hand when `layout` says so.
pub fn discover_as(paths: &[PathBuf], layout: Layout) -> Discovery {
    let mut found = Discovery::default();
    for path in paths {
        let sign = match layout {
            Layout::Auto => batch_sign(path),
            Layout::Batch if path.is_dir() => Some(batch_sign(path).unwrap_or(RootSign::Asked)),
            Layout::Batch | Layout::Single => None,
        };
        let Some(sign) = sign else {
            found.targets.push(Target::new(path.clone()));
            continue;
        };
        match config::load(path) {
            Ok(Some(c)) => found.root_configs.push((path.clone(), Arc::new(c))),
            Ok(None) => {}
            Err(message) => found.config_errors.push((path.join(config::BATCH_FILE).display().to_string(), message)),
        }
        for sub in subfolders(path) {
            if is_empty_folder(&sub) {
                found.empty.push(tidy(&sub.display().to_string()));
                continue;
            }
            found.targets.push(Target { root: Some(path.clone()), ..Target::new(sub) });
        }
        found.roots.push(path.clone());
        found.signs.push(sign);
    }
    // The same folder named twice (a root and one of its dossiers, or `a` and `a/`) is checked once.
    let mut seen = std::collections::HashSet::new();
    found.targets.retain(|t| seen.insert(dunce::canonicalize(&t.path).unwrap_or_else(|_| t.path.clone())));
    for t in &mut found.targets {
        t.display = tidy(&t.display);
    }
    found
}

/// What the cross-dossier rules know of one dossier.
#[derive(Debug, Clone)]
pub struct Entrant {
    pub display: String,
    /// The notice id, "" when none could be loaded.
    pub notice: String,
    pub facts: Facts,
    pub team: Vec<Member>,
    /// (path inside the dossier, path on disk, size) of every file.
    pub files: Vec<(String, PathBuf, u64)>,
    /// The dossier's own checks passed.
    pub passed: bool,
    /// What its batch root's batch.toml says the recommending unit is (地区 or 部门).
    pub recommender_kind: Option<String>,
    /// The folder has a dossier.toml (a folder as an applicant sent it has only its files).
    pub has_config: bool,
}

/// The result of a batch: each dossier's report, in order, the cross-dossier report, and the notices met.
pub struct BatchRun {
    pub report: Report,
    pub notices: BTreeMap<String, Notice>,
}

/// Checks every target in parallel, then applies the cross-dossier rules.
///
/// `progress` is called once per finished dossier (for a progress bar); it must be cheap.
pub fn run(discovery: &Discovery, options: &Options<'_>, progress: &(dyn Fn() + Sync)) -> BatchRun {
    run_with(discovery, options, true, progress)
}

/// [`run`], with the cross-dossier rules left out when `cross` is false (a `--shard` sees only a slice,
/// and quotas or duplicates over a slice would be wrong).
pub fn run_with(discovery: &Discovery, options: &Options<'_>, cross: bool, progress: &(dyn Fn() + Sync)) -> BatchRun {
    let notices: Mutex<BTreeMap<String, Notice>> = Mutex::new(BTreeMap::new());
    // The batch's recommending unit, when its roots agree on one (each dossier keeps its own root's).
    let batch_recommender = discovery
        .config()
        .and_then(|c| c.recommender.clone())
        .filter(|_| discovery.footer_disagreements().iter().all(|d| d.zh != "推荐单位"));
    let results: Vec<(DossierReport, Entrant)> = discovery
        .targets
        .par_iter()
        .map(|target| {
            let options = options.with_fallback(target.notice.as_deref());
            let checked = checks::check_isolated(&target.path, &target.display, &options);
            let mut report = checked.report;
            // The recommending unit is the one of the batch root the dossier was found in.
            let root_config = discovery.root_config(target);
            if report.facts.recommender.is_none() {
                report.facts.recommender = root_config.and_then(|c| c.recommender.clone());
            }
            if let Some(notice) = checked.notice {
                if let Ok(mut map) = notices.lock() {
                    map.entry(notice.id.clone()).or_insert(notice);
                }
            }
            let has_config = target.path.join(crate::dossier::CONFIG_FILE).is_file();
            let (team, files) = match checked.dossier {
                Some(d) => (
                    d.config.map(|c| c.team).unwrap_or_default(),
                    d.files.into_iter().map(|e| (e.rel, e.path, e.size)).collect(),
                ),
                None => (Vec::new(), Vec::new()),
            };
            let entrant = Entrant {
                display: target.display.clone(),
                notice: report.notice.clone(),
                facts: report.facts.clone(),
                team,
                files,
                passed: report.passed,
                recommender_kind: root_config.and_then(|c| c.recommender_kind.clone()),
                has_config,
            };
            progress();
            (report, entrant)
        })
        .collect();
    let notices = notices.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner());
    let (reports, entrants): (Vec<DossierReport>, Vec<Entrant>) = results.into_iter().unzip();

    let mut diagnostics = Vec::new();
    for (file, invalid) in &discovery.config_errors {
        diagnostics.extend(invalid.diagnostics(file));
    }
    if !cross {
        return BatchRun { report: Report::new(reports), notices };
    }
    let same = same_files(&entrants);
    rules::check(&entrants, &notices, &same, &mut diagnostics);
    rules::sort(&mut diagnostics);
    let roots = discovery.roots.iter().zip(&discovery.signs);
    let batch = BatchReport {
        roots: roots.map(|(path, &sign)| BatchRoot { path: tidy(&path.display().to_string()), sign }).collect(),
        empty: discovery.empty.clone(),
        notices: notices.keys().cloned().collect(),
        recommender: batch_recommender,
        passed: !diagnostics.iter().any(|d| d.severity == crate::diag::Severity::Error),
        diagnostics,
    };
    BatchRun { report: Report::batch(reports, batch), notices }
}

/// Keeps the targets of shard `index` of `count` (1-based): a stable slice by a hash of each folder's path,
/// so CI matrix jobs split a repository the same way on every run and machine.
pub fn shard(targets: Vec<Target>, index: u32, count: u32) -> Vec<Target> {
    use sha2::Digest;
    targets
        .into_iter()
        .filter(|t| {
            let digest = sha2::Sha256::digest(t.display.replace('\\', "/").as_bytes());
            let n = u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]]);
            n % count == index - 1
        })
        .collect()
}

/// Files never compared across dossiers: too small to mean anything.
const MIN_SAME_FILE: u64 = 1024;

/// Byte-identical files in two or more dossiers: for each content, (dossier index, path inside it).
///
/// Only files whose size occurs in two dossiers are hashed (as duplicate finders do), in parallel;
/// a file that cannot be read is simply not compared (its dossier already reports it).
pub fn same_files(entrants: &[Entrant]) -> Vec<Vec<(usize, String)>> {
    let mut by_size: HashMap<u64, Vec<(usize, &str, &Path)>> = HashMap::new();
    for (i, e) in entrants.iter().enumerate() {
        for (rel, path, size) in &e.files {
            if *size >= MIN_SAME_FILE {
                by_size.entry(*size).or_default().push((i, rel, path));
            }
        }
    }
    let candidates: Vec<(usize, &str, &Path)> =
        by_size.into_values().filter(|group| group.iter().any(|(i, ..)| *i != group[0].0)).flatten().collect();
    let hashed: Vec<([u8; 32], usize, String)> = candidates
        .par_iter()
        .filter_map(|(i, rel, path)| {
            let mut buf = vec![0u8; 1 << 16];
            crate::pack::hash_file(path, &mut buf).ok().map(|(hash, _)| (hash, *i, (*rel).to_owned()))
        })
        .collect();
    let mut by_hash: BTreeMap<[u8; 32], Vec<(usize, String)>> = BTreeMap::new();
    for (hash, i, rel) in hashed {
        by_hash.entry(hash).or_default().push((i, rel));
    }
    let mut groups: Vec<Vec<(usize, String)>> = by_hash
        .into_values()
        .filter(|g| g.iter().any(|(i, _)| *i != g[0].0))
        .map(|mut g| {
            g.sort();
            g
        })
        .collect();
    groups.sort();
    groups
}

/// The dossier's name for messages: its 案例名称 when known, else its folder.
pub fn label(e: &Entrant) -> String {
    match &e.facts.name {
        Some(name) => format!("{name}（{}）", e.display),
        None => e.display.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root(name: &str, recommender: Option<&str>) -> (PathBuf, Arc<BatchConfig>) {
        let config = BatchConfig { recommender: recommender.map(str::to_owned), ..BatchConfig::default() };
        (PathBuf::from(name), Arc::new(config))
    }

    #[test]
    fn footer_disagreements_name_the_value_the_footer_uses() {
        let root_configs = vec![root("甲", None), root("乙", Some("沈阳市数据局")), root("丙", Some("大连市数据局"))];
        let mut discovery = Discovery { root_configs, ..Discovery::default() };
        let found = discovery.footer_disagreements();
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].zh, "推荐单位");
        assert_eq!(found[0].values, ["沈阳市数据局", "大连市数据局"]);
        assert_eq!(found[0].used, None, "the first root leaves it out: the footer is blank");
        discovery.root_configs.remove(0);
        assert_eq!(discovery.footer_disagreements()[0].used.as_deref(), Some("沈阳市数据局"));
        discovery.root_configs.pop();
        assert!(discovery.footer_disagreements().is_empty(), "one value is no disagreement");
    }
}
