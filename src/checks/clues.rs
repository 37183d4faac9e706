//! Telling apart notices that share one template (the Liaoning and national contests share one 项目申报书)
//! by what the dossier itself holds: the name of the notice's own sub-contest written in a Word file
//! (“辽宁分赛”), a 赛题 or 赛道 only one notice lists, a file that only one notice's documents ask for
//! (the Liaoning 参赛承诺书). Only facts in the dossier count: never the date, never which notice is newer.
//!
//! A clue counts for a notice when none of the other notices shares it; a notice is told apart when it has
//! clues and no other one has any. Otherwise nothing is guessed.

use super::files::Patterns;
use super::infer::Fit;
use crate::diag::Lang;
use crate::keys::heading_key;
use crate::notice::{NamingTarget, Notice};
use crate::read::docx::Document;

/// What a dossier holds that may tell notices apart.
pub struct Holdings<'a> {
    /// The Word files read, by name.
    pub docs: &'a [(&'a str, &'a Document)],
    /// Every file of the folder, as the dossier names it.
    pub files: &'a [&'a str],
    /// dossier.toml's `track` and `topic`, when it has them (a dossier.toml without `notice`).
    pub track: Option<&'a str>,
    pub topic: Option<&'a str>,
}

/// One thing in the dossier that belongs to one notice only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clue {
    /// The Word file `file` writes `words`, the notice's own sub-contest (辽宁分赛).
    SubContest { file: String, words: String },
    /// A 赛题 only this notice lists, written in `file` (a Word file, or dossier.toml).
    Topic { file: String, topic: String },
    /// A 赛道 only this notice has, named in dossier.toml.
    Track { track: String },
    /// `file` is named as `document`, which only this notice asks for.
    Document { file: String, document: String },
}

impl Clue {
    /// The clue in words, for SB011's message.
    pub fn describe(&self, lang: Lang) -> String {
        match self {
            Self::SubContest { file, words } => {
                lang.pick(format!("“{file}”写有“{words}”"), format!("“{file}” says “{words}”"))
            }
            Self::Topic { file, topic } => lang.pick(
                format!("“{file}”写有只有该通知设置的赛题“{topic}”"),
                format!("“{file}” names the 赛题 “{topic}”, which only that notice sets"),
            ),
            Self::Track { track } => lang.pick(
                format!("dossier.toml 的赛道“{track}”只有该通知设置"),
                format!("dossier.toml's 赛道 “{track}” is in that notice only"),
            ),
            Self::Document { file, document } => lang.pick(
                format!("“{file}”是只有该通知要求的{document}"),
                format!("“{file}” is the {document}, which only that notice asks for"),
            ),
        }
    }
}

/// Among notices one file's headings fit alike, the one the dossier's contents point to, with the clues;
/// `Err` gives the fits back when no single notice has clues of its own.
pub fn tell_apart<'n>(fits: Vec<Fit<'n>>, holdings: &Holdings<'_>) -> Result<(Fit<'n>, Vec<Clue>), Vec<Fit<'n>>> {
    let notices: Vec<&Notice> = fits.iter().map(|f| f.notice).collect();
    let mut found: Vec<(usize, Vec<Clue>)> = notices
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let others: Vec<&Notice> = notices.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, o)| *o).collect();
            (i, clues_for(n, &others, holdings))
        })
        .filter(|(_, clues)| !clues.is_empty())
        .collect();
    if found.len() != 1 {
        return Err(fits);
    }
    let (i, clues) = found.remove(0);
    let mut fits = fits;
    Ok((fits.swap_remove(i), clues))
}

/// The clues in `holdings` for `notice` that none of `others` shares.
pub fn clues_for(notice: &Notice, others: &[&Notice], holdings: &Holdings<'_>) -> Vec<Clue> {
    let mut clues = Vec::new();
    let other_words: Vec<String> = others.iter().flat_map(|o| sub_contest_words(o)).collect();
    for words in sub_contest_words(notice).into_iter().filter(|w| !other_words.contains(w)) {
        if let Some(file) = on_cover(notice, holdings, &heading_key(&words)) {
            clues.push(Clue::SubContest { file, words });
        }
    }
    let own_topics = topics(notice);
    let other_topics: Vec<String> = others.iter().flat_map(|o| topics(o)).collect();
    for topic in own_topics.iter().filter(|t| !other_topics.contains(t)) {
        if holdings.topic.is_some_and(|t| heading_key(t) == heading_key(topic)) {
            clues.push(Clue::Topic { file: crate::dossier::CONFIG_FILE.to_owned(), topic: topic.clone() });
        } else if let Some(file) =
            written_in(holdings, |text| text.contains("赛题") && text.contains(&heading_key(topic)))
        {
            clues.push(Clue::Topic { file, topic: topic.clone() });
        }
    }
    if let Some(track) = holdings.track {
        let has = |n: &Notice| tracks(n).iter().any(|t| heading_key(t) == heading_key(track));
        if has(notice) && !others.iter().any(|o| has(o)) {
            clues.push(Clue::Track { track: track.to_owned() });
        }
    }
    clues.extend(own_documents(notice, others, holdings.files));
    clues
}

/// The Word file whose cover (the paragraphs before the notice's first heading, or its first
/// [`COVER`] paragraphs where none is found) writes `key`. A national dossier may well say that its project
/// came through 辽宁分赛; a 申报书 for 辽宁分赛 says so in its title.
fn on_cover(notice: &Notice, holdings: &Holdings<'_>, key: &str) -> Option<String> {
    holdings.docs.iter().find_map(|(file, doc)| {
        let outline = crate::outline::locate(doc, &notice.form);
        let first = outline.found.iter().map(|l| l.heading).min().unwrap_or(COVER).min(doc.paragraphs.len());
        doc.paragraphs[..first].iter().any(|p| heading_key(&p.text()).contains(key)).then(|| (*file).to_owned())
    })
}

/// The paragraphs taken for the cover of a Word file in which no heading of the notice is found.
const COVER: usize = 12;

/// The Word file with a paragraph (table cells included) whose words pass `found`, first by name order.
fn written_in(holdings: &Holdings<'_>, found: impl Fn(&str) -> bool) -> Option<String> {
    holdings
        .docs
        .iter()
        .find(|(_, doc)| doc.paragraphs.iter().any(|p| found(&heading_key(&p.text()))))
        .map(|(file, _)| (*file).to_owned())
}

/// The words naming a notice's own sub-contest: what follows “大赛” in its sub-contest name and the wrong
/// spellings it lists (辽宁分赛, 辽宁赛区). A name pattern with “*” (any province's 分赛) names none.
fn sub_contest_words(notice: &Notice) -> Vec<String> {
    let mut words = Vec::new();
    for naming in notice.naming.iter().filter(|n| n.what == NamingTarget::SubcontestName && !n.format.contains('*')) {
        for name in std::iter::once(&naming.format).chain(&naming.wrong) {
            let tail = name.rsplit_once("大赛").map_or("", |(_, tail)| tail).trim();
            if tail.chars().count() >= 3 && !words.iter().any(|w: &String| w == tail) {
                words.push(tail.to_owned());
            }
        }
    }
    words
}

fn topics(notice: &Notice) -> Vec<String> {
    notice.lists.tracks.iter().flat_map(|l| &l.tracks).flat_map(|t| t.topics.iter().cloned()).collect()
}

fn tracks(notice: &Notice) -> Vec<String> {
    notice.lists.tracks.iter().flat_map(|l| &l.tracks).map(|t| t.name.clone()).collect()
}

/// Files named with the name of a document of `notice` (“参赛承诺书.pdf”, not any “…承诺书”) that no
/// document of `others` would take.
fn own_documents(notice: &Notice, others: &[&Notice], files: &[&str]) -> Vec<Clue> {
    let all_patterns = |n: &Notice| -> Vec<String> {
        n.documents
            .iter()
            .flat_map(|d| d.patterns.iter().chain(d.any_of.iter().flat_map(|a| &a.patterns)))
            .cloned()
            .collect()
    };
    let theirs: Vec<String> = others.iter().flat_map(|o| all_patterns(o)).collect();
    let theirs = Patterns::new(&theirs);
    let mut clues = Vec::new();
    for doc in &notice.documents {
        let names: Vec<String> = std::iter::once(&doc.name)
            .chain(doc.any_of.iter().map(|a| &a.name))
            .map(|n| heading_key(n.split(['（', '(']).next().unwrap_or(n)))
            .filter(|n| n.chars().count() >= 3)
            .collect();
        let named = |f: &str| {
            let name = heading_key(f.rsplit('/').next().unwrap_or(f));
            names.iter().any(|n| name.contains(n.as_str()))
        };
        let file = files.iter().find(|f| named(f) && !theirs.matches_path(f));
        if let Some(file) = file {
            clues.push(Clue::Document { file: (*file).to_owned(), document: doc.name.clone() });
        }
    }
    clues
}
