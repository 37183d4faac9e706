//! Renderers: a [`Report`](crate::report::Report) (or a `count` result) as the user asked to see it —
//! the human view, JSON, SARIF, JUnit XML, GitHub Actions commands and a self-contained HTML page. The roof of the module graph:
//! a renderer reads reports, notices and diagnostics; only the command-line layer uses a renderer.
//! One file per format.

pub mod github;
pub mod html;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;

use crate::diag::{Code, Diagnostic, Lang};

/// How many findings of one code a dossier's human view and HTML page list; the JSON lists every one.
const PER_CODE: usize = 20;

/// A dossier's findings as the human view and the HTML page list them: grouped by file, the dossier-wide
/// ones first (the sort is stable: each file's findings stay in check order). Past [`PER_CODE`] findings of
/// one code (a folder of thousands of stray files) the rest are counted in `untold`, not listed.
pub struct Listed<'r> {
    pub shown: Vec<&'r Diagnostic>,
    /// Each code with findings left out, and how many.
    pub untold: Vec<(Code, usize)>,
}

pub fn listed(diagnostics: &[Diagnostic]) -> Listed<'_> {
    let mut shown: Vec<&Diagnostic> = diagnostics.iter().collect();
    shown.sort_by(|a, b| a.file.cmp(&b.file));
    let mut per_code: std::collections::BTreeMap<Code, usize> = Default::default();
    shown.retain(|x| {
        let n = per_code.entry(x.code).or_default();
        *n += 1;
        *n <= PER_CODE
    });
    let untold = per_code.into_iter().filter(|&(_, n)| n > PER_CODE).map(|(code, n)| (code, n - PER_CODE)).collect();
    Listed { shown, untold }
}

/// The line that says `more` findings of `code` were left out of the list.
pub fn untold_line(code: Code, more: usize, lang: Lang) -> String {
    lang.pick(
        format!("…… {code} 另有 {more} 处未逐一列出（--format json 列出全部）"),
        format!("… {more} more {code} not listed (--format json lists them all)"),
    )
}

/// The report with every finding worded in `lang` (message, help and the section names a family words):
/// what a renderer that serialises diagnostics as they are (JSON, SARIF, JUnit) shows. Borrowed as it
/// is in the default language, in which findings are stored.
pub fn worded(report: &crate::report::Report, lang: crate::diag::Lang) -> std::borrow::Cow<'_, crate::report::Report> {
    if lang == crate::diag::Lang::default() {
        return std::borrow::Cow::Borrowed(report);
    }
    let mut report = report.clone();
    let batch = report.batch.iter_mut().flat_map(|b| b.diagnostics.iter_mut());
    let dossiers = report.dossiers.iter_mut().flat_map(|d| d.diagnostics.iter_mut());
    for d in dossiers.chain(batch).chain(report.config.iter_mut()) {
        d.reword(lang);
    }
    std::borrow::Cow::Owned(report)
}
