//! Which notice a dossier answers when nothing names one (no `--notice`, no `notice` in dossier.toml, no
//! batch.toml): read from its Word files' headings. A heuristic, and said to be one (SB011): an applicant who
//! drags a folder onto shenbao has no command line to name the notice on.
//!
//! Each notice's outline is located in each Word file as a check would locate it. A notice scores by how
//! much of its own outline the file has (recall) and how much of the file's recognised headings it explains
//! (precision, against every heading any candidate found): a cq 申报书 holds every ln section too, but ln
//! explains only a third of its headings. The best score decides when it is clear; notices whose forms the
//! file cannot tell apart (the Liaoning and national contests share one 项目申报书) are returned together,
//! for [`super::clues`] to tell apart by what else the dossier holds, or to be named together.

use crate::notice::Notice;
use crate::outline;
use crate::read::docx::Document;
use std::collections::HashSet;

/// Below this score nothing is inferred: the file is not one of these notices' 申报书.
const LEAST_SCORE: f64 = 0.6;
/// Fewer headings found than this is no evidence, whatever the score.
const LEAST_FOUND: usize = 3;
/// Notices within this much of the best score are not told apart.
const TIE: f64 = 0.1;

/// How well one notice's outline fits one Word file.
#[derive(Debug, Clone)]
pub struct Fit<'n> {
    pub notice: &'n Notice,
    /// The Word file, as the dossier names it.
    pub file: String,
    /// The notice's parts and sections found in the file, of `total`.
    pub found: usize,
    pub total: usize,
    /// The harmonic mean of recall and precision, 0 to 1.
    pub score: f64,
}

/// What the Word files say about the notice.
#[derive(Debug)]
pub enum Inferred<'n> {
    /// One notice fits clearly better than any other.
    One(Fit<'n>),
    /// These fit equally well (best first): the file cannot tell them apart.
    Several(Vec<Fit<'n>>),
    /// No Word file looks like any notice's 申报书.
    Nothing,
}

/// The notice `docs` (a dossier's Word files, by name) were written for, among `notices`.
pub fn infer<'n>(docs: &[(&str, &Document)], notices: &[&'n Notice]) -> Inferred<'n> {
    let best = docs
        .iter()
        .map(|(file, doc)| fits(file, doc, notices))
        .filter(|fits| fits.first().is_some_and(|f| f.score >= LEAST_SCORE && f.found >= LEAST_FOUND))
        .max_by(|a, b| a[0].score.total_cmp(&b[0].score));
    let Some(fits) = best else { return Inferred::Nothing };
    let top = fits[0].score;
    let close: Vec<Fit<'n>> = fits.into_iter().take_while(|f| f.score >= top - TIE).collect();
    if close.len() == 1 {
        close.into_iter().next().map_or(Inferred::Nothing, Inferred::One)
    } else {
        Inferred::Several(close)
    }
}

/// A heading paragraph a notice's outline was found at (and the offset of a run-in heading's body).
type Heading = (usize, Option<usize>);

/// Every notice's fit to one file, best first (ties in the order given).
fn fits<'n>(file: &str, doc: &Document, notices: &[&'n Notice]) -> Vec<Fit<'n>> {
    let located: Vec<(usize, HashSet<Heading>)> = notices
        .iter()
        .map(|n| {
            let total = n.form.parts.iter().map(|p| 1 + p.sections.len()).sum();
            let outline = outline::locate(doc, &n.form);
            let headings = outline.found.iter().filter(|l| l.part.is_some()).map(|l| (l.heading, l.run_in)).collect();
            (total, headings)
        })
        .collect();
    let recognised: HashSet<&Heading> = located.iter().flat_map(|(_, h)| h).collect();
    let mut out: Vec<Fit<'n>> = notices
        .iter()
        .zip(&located)
        .filter(|(_, (total, _))| *total > 0)
        .map(|(notice, (total, headings))| {
            let found = headings.len();
            let recall = found as f64 / *total as f64;
            let precision = if recognised.is_empty() { 0.0 } else { found as f64 / recognised.len() as f64 };
            let score = if recall + precision > 0.0 { 2.0 * recall * precision / (recall + precision) } else { 0.0 };
            Fit { notice, file: file.to_owned(), found, total: *total, score }
        })
        .collect();
    out.sort_by(|a, b| b.score.total_cmp(&a.score));
    out
}
