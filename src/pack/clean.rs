//! `pack --clean`: the bundle carries the 申报书 (.docx of the application document) as `shenbao clean`
//! leaves it — tracked changes accepted, comments and personal data removed — instead of the original.
//!
//! The originals are only read. Each cleaned copy is written to a temporary `.shenbao-clean-PID-*.tmp`
//! beside the bundle (never inside the dossier: the bundle's folder is refused there), packed and hashed
//! from there like any other file, and removed when the pack ends ([`crate::output::Temp`]). The bundle's
//! report.json lists what was cleaned (`cleaned`), 清单.txt says it in a line, and the check result the
//! bundle carries is the cleaned file's: SB701, SB702 and SB704 of a cleaned file are left out when the
//! cleaned copy, read again, no longer has them.

use super::{Layout, PackError};
use crate::clean::{self, CleanError, Tally};
use crate::diag::{Code, Lang};
use crate::notice::{Notice, Role};
use crate::output::Temp;
use crate::read::file::{self, OpenError};
use crate::report::DossierReport;
use std::path::Path;

/// The kind of temporary file a cleaned copy is: `.shenbao-clean-PID-*.tmp`, the same as `shenbao clean`'s.
pub const TEMP_KIND: &str = "clean";

/// One 申报书 put in the bundle cleaned: a field of the bundle's report.json.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CleanedEntry {
    /// The path inside the bundle.
    pub file: String,
    /// The original's path inside the dossier folder; it was only read.
    pub source: String,
    /// SHA-256 of the original: the bundle's manifest hashes the cleaned copy.
    pub original_sha256: String,
    pub original_size: u64,
    /// Tracked changes accepted (insertions, deletions, moves, formatting changes…).
    pub accepted: usize,
    /// Comments removed.
    pub comments: usize,
    /// Document properties cleared (author, last modified by, company, template path, custom properties).
    pub properties: usize,
    /// Runs of hidden text, kept (the check reports them as SB703).
    pub hidden_runs: usize,
    /// rsid attributes removed.
    pub rsids: usize,
}

impl CleanedEntry {
    fn tally(&self) -> Tally {
        Tally {
            revisions: self.accepted,
            comments: self.comments,
            properties: self.properties,
            hidden_runs: 0,
            hidden_removed: false,
            rsids: self.rsids,
        }
    }

    /// “接受修订 12 处，删除批注 3 条，清除文档属性 4 项”, and the hidden text kept.
    pub fn counts(&self, lang: Lang) -> String {
        let mut s = self.tally().summary(lang);
        if self.hidden_runs > 0 {
            s.push_str(&lang.pick(
                format!("；保留隐藏文字 {} 处", self.hidden_runs),
                format!("; kept {} run(s) of hidden text", self.hidden_runs),
            ));
        }
        s
    }

    /// The line of 清单.txt and of the terminal: which file was cleaned and how.
    pub fn line(&self, lang: Lang) -> String {
        lang.pick(
            format!("{} 为清理后的副本（shenbao clean）：{}；原文件未改动", self.file, self.counts(lang)),
            format!(
                "{} is the cleaned copy (shenbao clean): {}; the original is unchanged",
                self.file,
                self.counts(lang)
            ),
        )
    }
}

/// A cleaned copy held in memory until the bundle's folder is known.
#[derive(Debug)]
pub struct Prepared {
    /// The item of the layout it replaces.
    index: usize,
    bytes: Vec<u8>,
    entry: CleanedEntry,
    /// The codes of SB701–SB704 the cleaned copy still has, read again as `check` reads it.
    still: Vec<Code>,
}

/// Why a 申报书 could not be cleaned: nothing is packed.
#[derive(Debug)]
pub struct Failure {
    /// The file inside the dossier folder.
    pub rel: String,
    pub reason: Reason,
}

#[derive(Debug)]
pub enum Reason {
    Open(OpenError),
    Clean(CleanError),
}

impl Failure {
    pub fn describe(&self, lang: Lang) -> String {
        let reason = match &self.reason {
            Reason::Open(e) => e.describe(lang),
            Reason::Clean(e) => e.describe(lang),
        };
        let rel = crate::diag::printable(&self.rel);
        lang.pick(
            format!("无法清理“{rel}”：{reason}；未打包（不加 --clean 则按原文件打包）"),
            format!("cannot clean “{rel}”: {reason}; nothing packed (without --clean the original is packed)"),
        )
    }
}

/// The items of the layout that `--clean` cleans: the .docx files of the application document.
fn cleanable(notice: &Notice, layout: &Layout) -> Vec<usize> {
    let application = |id: &str| notice.document(id).is_some_and(|d| d.role == Role::Application);
    let docx = |p: &Path| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("docx"));
    (0..layout.items.len())
        .filter(|&i| application(&layout.items[i].document) && docx(&layout.items[i].source))
        .collect()
}

/// Cleans, in memory, every 申报书 .docx the layout packs.
pub fn prepare(notice: &Notice, layout: &Layout) -> Result<Vec<Prepared>, Failure> {
    let mut out = Vec::new();
    for index in cleanable(notice, layout) {
        let item = &layout.items[index];
        let failed = |reason| Failure { rel: item.rel.clone(), reason };
        let original = file::read(&item.source, file::DOCUMENT_MAX).map_err(|e| failed(Reason::Open(e)))?;
        let cleaned = clean::clean(&original, clean::Options::default()).map_err(|e| failed(Reason::Clean(e)))?;
        let still = still_found(&cleaned.bytes, &item.rel);
        let t = cleaned.tally;
        let entry = CleanedEntry {
            file: item.name.clone(),
            source: item.rel.clone(),
            original_sha256: crate::hash::sha256_hex(&original),
            original_size: original.len() as u64,
            accepted: t.revisions,
            comments: t.comments,
            properties: t.properties,
            hidden_runs: t.hidden_runs,
            rsids: t.rsids,
        };
        out.push(Prepared { index, bytes: cleaned.bytes, entry, still });
    }
    Ok(out)
}

/// The SB701–SB704 codes a cleaned copy still has, as `check` finds them.
fn still_found(bytes: &[u8], rel: &str) -> Vec<Code> {
    let Ok(doc) = crate::read::docx::read_docx(bytes) else {
        // Unreadable after cleaning (never seen): claim nothing was fixed.
        return vec![Code::WordComments, Code::TrackedChanges, Code::HiddenText, Code::PropertiesLeak];
    };
    let mut found = Vec::new();
    crate::checks::hidden::find(false, &doc, rel, &mut found);
    found.iter().map(crate::diag::Finding::code).collect()
}

/// The check result the bundle carries: the dossier's, less the SB701–SB704 findings of each cleaned
/// file that its cleaned copy no longer has. `passed` is settled again.
pub fn as_cleaned(mut report: DossierReport, prepared: &[Prepared]) -> DossierReport {
    const HIDDEN: [Code; 4] = [Code::WordComments, Code::TrackedChanges, Code::HiddenText, Code::PropertiesLeak];
    if prepared.is_empty() {
        return report;
    }
    report.diagnostics.retain(|d| {
        let fixed = prepared.iter().any(|p| {
            d.file.as_deref() == Some(p.entry.source.as_str()) && HIDDEN.contains(&d.code) && !p.still.contains(&d.code)
        });
        !fixed
    });
    report.finish()
}

/// Writes each cleaned copy to a temporary file in `dir` (the bundle's folder) and points its layout item
/// there; the layout's `cleaned` lists them. The files are removed when the returned temporaries drop.
pub fn substitute(layout: &mut Layout, prepared: Vec<Prepared>, dir: &Path) -> Result<Vec<Temp>, PackError> {
    use std::io::Write;
    crate::output::remove_stale(dir, TEMP_KIND);
    let mut temps = Vec::with_capacity(prepared.len());
    for p in prepared {
        let io = |source| PackError::Io { path: dir.display().to_string(), source };
        let temp = Temp::new_in(dir, TEMP_KIND).map_err(io)?;
        let mut file = temp.as_file();
        file.write_all(&p.bytes).and_then(|()| file.flush()).map_err(io)?;
        let item = &mut layout.items[p.index];
        item.source = temp.path().to_owned();
        item.size = p.bytes.len() as u64;
        layout.cleaned.push(p.entry);
        temps.push(temp);
    }
    Ok(temps)
}
