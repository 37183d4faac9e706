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
