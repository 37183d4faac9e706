//! Which file is which document, and whether each is what it claims to be.
//!
//! A file is found by name (the rule's patterns, or dossier.toml `[files]`) and accepted by its real
//! format. A `申报书.doc` is found and told to be saved as .docx; a PNG named .jpg is named for what it is.
//!
//! The family file holds, in this order: the check (typed [`FileFinding`]s, no language), the clauses
//! `shenbao explain` cites for SB201–SB215, and the zh and en wording of each finding.

use super::Context;
use crate::diag::{family, Code, Diagnostic, Finding, Lang};
use crate::dossier::{Entry, NameEncoding, NotRead};
use crate::notice::{Clause, DocumentRule, Format, Role};
use crate::read::sniff::Kind;
use std::collections::{BTreeMap, BTreeSet};

/// What this family finds (SB201–SB215, and SB003 for a dossier.toml `[files]` that names what is not
/// there), as data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileFinding {
    /// SB003: dossier.toml `[files]` names `id`, which is none of the notice's documents (`known`).
    UnknownDocumentId { id: String, known: Vec<String> },
    /// SB003: dossier.toml `[files]` names `path`, which is not in the dossier.
    MappedFileMissing { path: String },
    /// SB201: a required document has no file.
    DocumentMissing { document: DocumentName, wanted: Wanted, clause: Clause },
    /// SB202: a document that must be .docx is a legacy Word file (`kind` Ole or Rtf).
    LegacyWord { file: String, kind: Kind },
    /// SB203: a document named with the extension of a format it takes (`ext`), but really a `kind`.
    DocumentDisguised {
        file: String,
        ext: String,
        kind: Kind,
        document: DocumentName,
        formats: Vec<Format>,
        convert: Convert,
    },
    /// SB204: a document found by name in a format (`kind`) it does not take.
    FormatNotAccepted { file: String, kind: Kind, document: DocumentName, formats: Vec<Format> },
    /// SB203: any file whose extension (`ext`) is not true to its content (`kind`).
    ExtensionMismatch { file: String, ext: String, kind: Kind },
    /// SB206: a file of 0 bytes.
    EmptyFile { file: String },
    /// SB207: a Word/WPS lock file (`~$…`).
    LockFile { file: String },
    /// SB208: a file that is none of the notice's documents.
    ExtraFile { file: String },
    /// SB209: `count` files fit a document that takes one; `file` (the newest) was taken, `others` not.
    SeveralCandidates { file: String, document: DocumentName, count: usize, others: Vec<String> },
    /// SB210: no file is named like the document; `file`, the only one in its format, was taken.
    AssumedByFormat { file: String, document: DocumentName },
    /// SB211: fewer files than the notice asks for.
    TooFewFiles { document: DocumentName, count: usize, min: u32, clause: Clause },
    /// SB212: more files than the notice allows.
    TooManyFiles { document: DocumentName, count: usize, max: u32 },
    /// SB213: a path that could not be read, with the system's reason.
    Unreadable { file: String, error: crate::diag::IoProblem },
    /// SB214: a path the folder scan did not read, and why.
    NotRead { file: String, what: NotRead },
    /// SB215: a file name that is not UTF-8 (`file` is the name as read).
    NameEncoding { file: String, encoding: NameEncoding },
}

/// A document of the notice as findings name it: its id and its Chinese and English names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentName {
    pub id: String,
    pub name: String,
    pub name_en: String,
}

impl DocumentName {
    fn of(doc: &DocumentRule) -> Self {
        Self { id: doc.id.clone(), name: doc.name.clone(), name_en: doc.name_en.clone() }
    }
}

/// What a missing document asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Wanted {
    /// A file in one of `formats`, named with one of `words` (the words of its file-name patterns).
    Formats { formats: Vec<Format>, words: Vec<String> },
    /// The alternative meant for the dossier's unit type (dossier.toml `unit_type`).
    ForUnitType { unit_type: String, name: String, name_en: String, formats: Vec<Format>, words: Vec<String> },
    /// Any one of the alternatives.
    AnyOf(Vec<Alternative>),
}

/// One alternative of a document (营业执照 or 事业单位法人证书), as a missing document names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alternative {
    pub name: String,
    pub name_en: String,
    pub formats: Vec<Format>,
    /// The words its file name is found by.
    pub words: Vec<String>,
}

/// The software that converts a disguised file to what its document must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Convert {
    Word,
    Pdf,
    Video,
    Image,
}
/// The files assigned to each document id (indices into the dossier's files).
#[derive(Debug, Clone, Default)]
pub struct Assignment {
    pub by_document: BTreeMap<String, Vec<usize>>,
}

impl Assignment {
    /// The first file assigned to a document.
    pub fn first(&self, id: &str) -> Option<usize> {
        self.by_document.get(id).and_then(|v| v.first().copied())
    }
}

/// A compiled set of patterns, case-insensitive, `*` crossing folders, each with the number of
/// characters it spells out (`*营业执照*` 4, `*扫描*` 2).
pub(crate) struct Patterns {
    set: globset::GlobSet,
    literal: Vec<usize>,
}

impl Patterns {
    pub(crate) fn new<'a>(patterns: impl IntoIterator<Item = &'a String>) -> Self {
        let mut builder = globset::GlobSetBuilder::new();
        let mut literal = Vec::new();
        for p in patterns {
            // Patterns were validated when the rule file loaded; a bad one here matches nothing.
            if let Ok(glob) = globset::GlobBuilder::new(p).case_insensitive(true).literal_separator(false).build() {
                builder.add(glob);
                literal.push(p.chars().filter(|c| !matches!(c, '*' | '?' | '[' | ']' | '{' | '}' | ',')).count());
            }
        }
        match builder.build() {
            Ok(set) => Patterns { set, literal },
            Err(_) => Patterns { set: globset::GlobSet::empty(), literal: Vec::new() },
        }
    }

    /// A file matches by its path inside the dossier or by its name alone.
    pub(super) fn matches(&self, entry: &Entry) -> bool {
        self.matches_path(&entry.rel)
    }

    /// [`Patterns::matches`] for a path inside the dossier (`/`-separated) that need not exist yet.
    pub(crate) fn matches_path(&self, rel: &str) -> bool {
        let name = rel.rsplit('/').next().unwrap_or(rel);
        self.set.is_match(rel) || self.set.is_match(name)
    }

    /// How closely the file is named: the most characters any matching pattern spells out, `None`
    /// when none matches. “营业执照扫描件.pdf” is named more closely by `*营业执照*` than by `*扫描*`.
    fn closeness(&self, entry: &Entry) -> Option<usize> {
        let name = entry.rel.rsplit('/').next().unwrap_or(&entry.rel);
        let mut hits = self.set.matches(&entry.rel);
        hits.extend(self.set.matches(name));
        hits.into_iter().filter_map(|i| self.literal.get(i).copied()).max()
    }
}

/// The formats a document accepts, with the alternative each belongs to.
fn accepted(doc: &DocumentRule) -> Vec<Format> {
    let mut formats = doc.formats.clone();
    for alt in &doc.any_of {
        for f in &alt.formats {
            if !formats.contains(f) {
                formats.push(*f);
            }
        }
    }
    formats
}

pub(crate) fn is_multi(doc: &DocumentRule) -> bool {
    matches!(doc.role, Role::Picture | Role::Video | Role::Proof) || doc.max_count.is_some_and(|m| m > 1)
}

/// What to add for a missing document: its alternatives, the one for the applicant's type first.
fn wanted(ctx: &Context<'_>, doc: &DocumentRule, formats: &[Format]) -> Wanted {
    if doc.any_of.is_empty() {
        return Wanted::Formats { formats: formats.to_vec(), words: pattern_words(&doc.patterns) };
    }
    let unit_type = ctx.dossier.config.as_ref().and_then(|c| c.unit_type.as_deref());
    let fitting =
        unit_type.and_then(|t| doc.any_of.iter().find(|a| a.unit_types.iter().any(|u| u == t)).map(|a| (t, a)));
    if let Some((t, alt)) = fitting {
        return Wanted::ForUnitType {
            unit_type: t.to_owned(),
            name: alt.name.clone(),
            name_en: alt.name_en.clone(),
            formats: alt.formats.clone(),
            words: pattern_words(&alt.patterns),
        };
    }
    Wanted::AnyOf(
        doc.any_of
            .iter()
            .map(|a| Alternative {
                name: a.name.clone(),
                name_en: a.name_en.clone(),
                formats: a.formats.clone(),
                words: pattern_words(&a.patterns),
            })
            .collect(),
    )
}

/// The words of file-name patterns, for messages: `*营业执照*` → 营业执照.
fn pattern_words(patterns: &[String]) -> Vec<String> {
    patterns
        .iter()
        .map(|p| p.trim_matches('*').to_owned())
        .filter(|p| !p.is_empty() && !p.contains(['*', '?', '/']) && !p.starts_with('.'))
        .collect()
}

/// Assigns files to documents and reports what is missing, misnamed or in the wrong format.
pub fn assign(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) -> Assignment {
    let mut found = Vec::new();
    let assignment = find(ctx, &mut found);
    out.extend(found.into_iter().map(Diagnostic::of));
    assignment
}

/// [`assign`] without the language: the assignment, and the findings pushed to `out`.
pub fn find(ctx: &Context<'_>, out: &mut Vec<FileFinding>) -> Assignment {
    let mut claims = Claims::default();
    claims.claim_from_config(ctx, out);
    let naming = Naming::new(ctx);
    for (d, doc) in ctx.notice.documents.iter().enumerate() {
        let formats = accepted(doc);
        let kinds = &naming.takes[d];
        if let Some(mapped) = claims.assignment.by_document.get(&doc.id) {
            for &i in mapped {
                check_format(doc, &ctx.dossier.files[i], kinds, &formats, out);
                claims.reported.insert(i);
            }
            continue;
        }
        let chosen = claims.choose(ctx, &naming, d, &formats, out);
        if chosen.is_empty() {
            if doc.required {
                out.push(FileFinding::DocumentMissing {
                    document: DocumentName::of(doc),
                    wanted: wanted(ctx, doc, &formats),
                    clause: doc.clause.clone(),
                });
            }
            continue;
        }
        for &i in &chosen {
            claims.claimed.insert(i);
        }
        count_limits(doc, chosen.len(), out);
        claims.assignment.by_document.insert(doc.id.clone(), chosen);
    }
    claims.leftovers(ctx, out);
    claims.assignment
}

/// What the steps of [`assign`] build together.
#[derive(Default)]
struct Claims {
    assignment: Assignment,
    /// Files some document has taken.
    claimed: BTreeSet<usize>,
    /// Files already reported for their format, so the generic extension check does not repeat it.
    reported: BTreeSet<usize>,
}

/// How closely each document's patterns name each file, and which documents take which kinds of file.
///
/// A file named like several documents is a candidate only for the one whose patterns name it most
/// closely among those that take its format (among all when none does): “营业执照扫描件.pdf” is
/// the licence (`*营业执照*`), not the stamped scan (`*扫描*`); “申报书演示视频.mp4” is a video.
struct Naming {
    /// Per document: the kinds of file its formats take.
    takes: Vec<Vec<Kind>>,
    /// Per document, per file: how closely the document's patterns name the file.
    closeness: Vec<Vec<Option<usize>>>,
    /// Per file: the closest naming among the documents taking its format, and among all.
    closest: Vec<(Option<usize>, Option<usize>)>,
}

impl Naming {
    fn new(ctx: &Context<'_>) -> Naming {
        let files = &ctx.dossier.files;
        let all_patterns: Vec<Patterns> = ctx
            .notice
            .documents
            .iter()
            .map(|d| Patterns::new(d.patterns.iter().chain(d.any_of.iter().flat_map(|a| &a.patterns))))
            .collect();
        let takes: Vec<Vec<Kind>> =
            ctx.notice.documents.iter().map(|d| accepted(d).iter().map(|f| f.kind()).collect()).collect();
        let closeness: Vec<Vec<Option<usize>>> =
            all_patterns.iter().map(|p| files.iter().map(|f| p.closeness(f)).collect()).collect();
        let closest: Vec<(Option<usize>, Option<usize>)> = (0..files.len())
            .map(|i| {
                let named = closeness.iter().zip(&takes).filter_map(|(c, k)| Some((c[i]?, k)));
                let fit = named.clone().filter(|(_, k)| k.contains(&files[i].kind)).map(|(c, _)| c).max();
                (fit, named.map(|(c, _)| c).max())
            })
            .collect();
        Naming { takes, closeness, closest }
    }

    /// Whether file `i` is a candidate for document `d` by its name.
    fn is_candidate(&self, d: usize, kind: Kind, i: usize) -> bool {
        match (self.closeness[d][i], self.closest[i]) {
            (None, _) => false,
            (Some(c), (Some(fit), _)) => self.takes[d].contains(&kind) && c == fit,
            (Some(c), (None, any)) => Some(c) == any,
        }
    }
}

impl Claims {
    /// dossier.toml [files] first: the applicant's word beats any pattern.
    fn claim_from_config(&mut self, ctx: &Context<'_>, out: &mut Vec<FileFinding>) {
        let Some(config) = &ctx.dossier.config else { return };
        for (id, mapping) in &config.files {
            if ctx.notice.document(id).is_none() {
                let known = ctx.notice.documents.iter().map(|d| d.id.clone()).collect();
                out.push(FileFinding::UnknownDocumentId { id: id.clone(), known });
                continue;
            }
            for path in mapping.paths() {
                let wanted = path.replace('\\', "/");
                match ctx.dossier.files.iter().position(|e| e.rel == wanted) {
                    Some(i) => {
                        self.claimed.insert(i);
                        self.assignment.by_document.entry(id.clone()).or_default().push(i);
                    }
                    None => out.push(FileFinding::MappedFileMissing { path: path.to_string() }),
                }
            }
        }
    }

    /// The files document `d` takes when dossier.toml does not say: those found by name, else one found
    /// by format alone. Empty when none is found.
    fn choose(
        &mut self,
        ctx: &Context<'_>,
        naming: &Naming,
        d: usize,
        formats: &[Format],
        out: &mut Vec<FileFinding>,
    ) -> Vec<usize> {
        let files = &ctx.dossier.files;
        let doc = &ctx.notice.documents[d];
        let kinds = &naming.takes[d];
        let candidates: Vec<usize> = (0..files.len())
            .filter(|&i| !self.claimed.contains(&i) && naming.is_candidate(d, files[i].kind, i))
            .collect();
        let good: Vec<usize> = candidates.iter().copied().filter(|&i| kinds.contains(&files[i].kind)).collect();
        if !good.is_empty() {
            if is_multi(doc) {
                // Pictures, videos, proofs: every file found by name belongs here; the wrong ones are told so.
                for &i in &candidates {
                    if !kinds.contains(&files[i].kind) && files[i].kind != Kind::Empty {
                        check_format(doc, &files[i], kinds, formats, out);
                        self.reported.insert(i);
                    }
                }
                return candidates;
            }
            return vec![newest(ctx, doc, good, out)];
        }
        if let Some(&i) = candidates.iter().find(|&&i| files[i].kind != Kind::Empty) {
            // Found by name but in a format the notice does not take.
            check_format(doc, &files[i], kinds, formats, out);
            self.reported.insert(i);
            return vec![i];
        }
        if let Some(&i) = candidates.first() {
            return vec![i];
        }
        self.by_format(ctx, naming, d, formats, out).into_iter().collect()
    }

    /// Nothing by name: a single unclaimed file of the right format that no other rule names, or for the
    /// 申报书 a lone legacy Word file.
    fn by_format(
        &mut self,
        ctx: &Context<'_>,
        naming: &Naming,
        d: usize,
        formats: &[Format],
        out: &mut Vec<FileFinding>,
    ) -> Option<usize> {
        let files = &ctx.dossier.files;
        let doc = &ctx.notice.documents[d];
        let kinds = &naming.takes[d];
        let unnamed: Vec<usize> = (0..files.len())
            .filter(|i| !self.claimed.contains(i) && kinds.contains(&files[*i].kind) && naming.closest[*i].1.is_none())
            .collect();
        if unnamed.len() == 1 && !is_multi(doc) {
            let i = unnamed[0];
            out.push(FileFinding::AssumedByFormat { file: files[i].rel.clone(), document: DocumentName::of(doc) });
            return Some(i);
        }
        if doc.role != Role::Application {
            return None;
        }
        // A lone legacy Word file is surely the 申报书, whatever its name.
        let legacy: Vec<usize> =
            (0..files.len()).filter(|i| !self.claimed.contains(i) && files[*i].kind == Kind::Ole).collect();
        let [only] = legacy[..] else { return None };
        check_format(doc, &files[only], kinds, formats, out);
        self.reported.insert(only);
        Some(only)
    }

    /// What no document took, and what the folder scan could not read: each file's health, files that
    /// are none of the documents, unreadable paths, paths not read, and Word/WPS lock files.
    fn leftovers(&self, ctx: &Context<'_>, out: &mut Vec<FileFinding>) {
        for (i, entry) in ctx.dossier.files.iter().enumerate() {
            file_health(entry, self.reported.contains(&i), out);
            if !self.claimed.contains(&i) && entry.kind != Kind::Empty && entry.error.is_none() {
                out.push(FileFinding::ExtraFile { file: entry.rel.clone() });
            }
        }
        for (rel, error) in &ctx.dossier.walk_errors {
            out.push(FileFinding::Unreadable { file: rel.clone(), error: error.clone() });
        }
        for (rel, what) in &ctx.dossier.not_read {
            out.push(FileFinding::NotRead { file: rel.clone(), what: what.clone() });
        }
        for lock in &ctx.dossier.lock_files {
            out.push(FileFinding::LockFile { file: lock.clone() });
        }
    }
}

/// Several files fit a document that takes one: the newest is taken, and the user is told which and
/// how to settle it.
fn newest(ctx: &Context<'_>, doc: &DocumentRule, mut good: Vec<usize>, out: &mut Vec<FileFinding>) -> usize {
    let files = &ctx.dossier.files;
    good.sort_by_key(|&i| (std::cmp::Reverse(files[i].modified), files[i].rel.clone()));
    if good.len() > 1 {
        out.push(FileFinding::SeveralCandidates {
            file: files[good[0]].rel.clone(),
            document: DocumentName::of(doc),
            count: good.len(),
            others: good[1..].iter().map(|&i| files[i].rel.clone()).collect(),
        });
    }
    good[0]
}

/// A document found by name whose real format is not accepted.
fn check_format(doc: &DocumentRule, entry: &Entry, kinds: &[Kind], formats: &[Format], out: &mut Vec<FileFinding>) {
    if kinds.contains(&entry.kind) || entry.kind == Kind::Empty {
        return;
    }
    let file = entry.rel.clone();
    if kinds.contains(&Kind::Docx) && matches!(entry.kind, Kind::Ole | Kind::Rtf) {
        out.push(FileFinding::LegacyWord { file, kind: entry.kind });
        return;
    }
    if entry.promised().is_some_and(|p| kinds.contains(&p)) {
        // Where to convert it, by what the document must be.
        let convert = if kinds.contains(&Kind::Docx) {
            Convert::Word
        } else if kinds.contains(&Kind::Pdf) {
            Convert::Pdf
        } else if kinds.contains(&Kind::Mp4) {
            Convert::Video
        } else {
            Convert::Image
        };
        out.push(FileFinding::DocumentDisguised {
            file,
            ext: entry.ext.clone().unwrap_or_default(),
            kind: entry.kind,
            document: DocumentName::of(doc),
            formats: formats.to_vec(),
            convert,
        });
        return;
    }
    out.push(FileFinding::FormatNotAccepted {
        file,
        kind: entry.kind,
        document: DocumentName::of(doc),
        formats: formats.to_vec(),
    });
}

fn count_limits(doc: &DocumentRule, n: usize, out: &mut Vec<FileFinding>) {
    if let Some(min) = doc.min_count {
        if (n as u32) < min {
            out.push(FileFinding::TooFewFiles {
                document: DocumentName::of(doc),
                count: n,
                min,
                clause: doc.clause.clone(),
            });
        }
    }
    if let Some(max) = doc.max_count {
        if (n as u32) > max {
            out.push(FileFinding::TooManyFiles { document: DocumentName::of(doc), count: n, max });
        }
    }
}

/// Checks any file: readable, not empty, extension true to content.
fn file_health(entry: &Entry, format_reported: bool, out: &mut Vec<FileFinding>) {
    if let Some(encoding) = entry.name_encoding {
        out.push(FileFinding::NameEncoding { file: entry.rel.clone(), encoding });
    }
    if let Some(error) = &entry.error {
        out.push(FileFinding::Unreadable { file: entry.rel.clone(), error: error.clone() });
        return;
    }
    if entry.kind == Kind::Empty {
        out.push(FileFinding::EmptyFile { file: entry.rel.clone() });
        return;
    }
    if format_reported {
        return;
    }
    let Some(promised) = entry.promised() else {
        return;
    };
    let same = promised == entry.kind
        // A .docx that is a plain zip is damaged, reported when it is read; .xlsx/.zip are zips.
        || (promised == Kind::Docx && entry.kind == Kind::Zip)
        || (promised == Kind::Zip && entry.kind == Kind::Docx)
        || (promised == Kind::Text && matches!(entry.kind, Kind::Text | Kind::Unknown))
        || (promised == Kind::Mp4 && entry.kind == Kind::Mp4);
    if same || matches!(entry.kind, Kind::Unknown | Kind::Text) {
        return;
    }
    out.push(FileFinding::ExtensionMismatch {
        file: entry.rel.clone(),
        ext: entry.ext.clone().unwrap_or_default(),
        kind: entry.kind,
    });
}

/// The clauses `shenbao explain` cites for this family's codes: the documents the notice asks for.
pub fn clauses(code: family::Files, notice: &crate::notice::Notice) -> Vec<(String, &crate::notice::Clause)> {
    use family::Files::*;
    match code {
        DocumentMissing | FormatNotAccepted | TooFewFiles | TooManyFiles => {
            notice.documents.iter().map(|d| (d.name.clone(), &d.clause)).collect()
        }
        // What a file is (its format, its name, whether it can be read) is not a notice's rule.
        LegacyWord | ExtensionMismatch | EmptyFile | LockFile | ExtraFile | SeveralCandidates | AssumedByFormat
        | FileUnreadable | NotRead | NameEncoding => Vec::new(),
    }
}

// The wording of this family's findings, zh and en together.

impl Finding for FileFinding {
    fn code(&self) -> Code {
        match self {
            Self::UnknownDocumentId { .. } | Self::MappedFileMissing { .. } => Code::DossierTomlInvalid,
            Self::DocumentMissing { .. } => Code::DocumentMissing,
            Self::LegacyWord { .. } => Code::LegacyWord,
            Self::DocumentDisguised { .. } | Self::ExtensionMismatch { .. } => Code::ExtensionMismatch,
            Self::FormatNotAccepted { .. } => Code::FormatNotAccepted,
            Self::EmptyFile { .. } => Code::EmptyFile,
            Self::LockFile { .. } => Code::LockFile,
            Self::ExtraFile { .. } => Code::ExtraFile,
            Self::SeveralCandidates { .. } => Code::SeveralCandidates,
            Self::AssumedByFormat { .. } => Code::AssumedByFormat,
            Self::TooFewFiles { .. } => Code::TooFewFiles,
            Self::TooManyFiles { .. } => Code::TooManyFiles,
            Self::Unreadable { .. } => Code::FileUnreadable,
            Self::NotRead { .. } => Code::NotRead,
            Self::NameEncoding { .. } => Code::NameEncoding,
        }
    }

    fn file(&self) -> Option<&str> {
        match self {
            Self::UnknownDocumentId { .. } | Self::MappedFileMissing { .. } => Some(crate::dossier::CONFIG_FILE),
            Self::DocumentMissing { .. } | Self::TooFewFiles { .. } | Self::TooManyFiles { .. } => None,
            Self::LegacyWord { file, .. }
            | Self::DocumentDisguised { file, .. }
            | Self::FormatNotAccepted { file, .. }
            | Self::ExtensionMismatch { file, .. }
            | Self::EmptyFile { file }
            | Self::LockFile { file }
            | Self::ExtraFile { file }
            | Self::SeveralCandidates { file, .. }
            | Self::AssumedByFormat { file, .. }
            | Self::Unreadable { file, .. }
            | Self::NotRead { file, .. }
            | Self::NameEncoding { file, .. } => Some(file),
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            Self::UnknownDocumentId { id, .. } => lang.pick(
                format!("dossier.toml [files] 中的“{id}”不是本通知的材料 id"),
                format!("dossier.toml [files] names “{id}”, which is not a document of this notice"),
            ),
            Self::MappedFileMissing { path } => lang.pick(
                format!("dossier.toml 指定的文件“{path}”不存在"),
                format!("dossier.toml names “{path}”, which does not exist"),
            ),
            Self::DocumentMissing { document, .. } => {
                lang.pick(format!("缺少{}", document.name), format!("missing: {}", document.name_en))
            }
            Self::LegacyWord { file, kind } => lang.pick(
                format!("“{file}”是{}，不是 .docx，无法统计字数", kind_zh(*kind)),
                format!("“{file}” is a {}, not a .docx; its words cannot be counted", kind.name_en()),
            ),
            Self::DocumentDisguised { file, ext, kind, document, formats, .. } => lang.pick(
                format!(
                    "“{file}”扩展名为 .{ext}，实际是{}；{}须为真正的 {}",
                    kind_zh(*kind),
                    document.name,
                    formats_list(formats)
                ),
                format!(
                    "“{file}” is named .{ext} but is a {}; the {} must really be {}",
                    kind.name_en(),
                    document.name_en,
                    formats_list(formats)
                ),
            ),
            Self::FormatNotAccepted { file, kind, document, formats } => lang.pick(
                format!("“{file}”是{}，{}须为 {}", kind_zh(*kind), document.name, formats_list(formats)),
                format!("“{file}” is a {}; the {} must be {}", kind.name_en(), document.name_en, formats_list(formats)),
            ),
            Self::ExtensionMismatch { file, ext, kind } => lang.pick(
                format!("“{file}”扩展名为 .{ext}，实际是{}", kind_zh(*kind)),
                format!("“{file}” is named .{ext} but is a {}", kind.name_en()),
            ),
            Self::EmptyFile { file } => {
                lang.pick(format!("“{file}”是空文件（0 字节）"), format!("“{file}” is empty (0 bytes)"))
            }
            Self::LockFile { file } => lang.pick(
                format!("“{file}”是 Word/WPS 的临时锁定文件，对应的文档可能仍在编辑"),
                format!("“{file}” is a Word/WPS lock file; its document may still be open"),
            ),
            Self::ExtraFile { file } => lang.pick(
                format!("“{file}”不对应通知要求的任何材料"),
                format!("“{file}” is none of the documents the notice asks for"),
            ),
            Self::SeveralCandidates { file, document, count, .. } => lang.pick(
                format!("有 {count} 个文件都可能是“{}”，已选用最新的“{file}”", document.name),
                format!("{count} files could be “{}”; the newest, “{file}”, was used", document.name_en),
            ),
            Self::AssumedByFormat { file, document } => lang.pick(
                format!("没有文件名符合“{}”，已把唯一格式相符的“{file}”当作这份材料", document.name),
                format!(
                    "no file is named like “{}”; “{file}”, the only one in its format, was taken",
                    document.name_en
                ),
            ),
            Self::TooFewFiles { document, count, min, .. } => lang.pick(
                format!("{}只有 {count} 个，通知要求至少 {min} 个", document.name),
                format!(
                    "{} has {}; the notice asks for at least {min}",
                    document.name_en,
                    crate::diag::counted(*count, "file", "files")
                ),
            ),
            Self::TooManyFiles { document, count, max } => lang.pick(
                format!("{}有 {count} 个，超过上限 {max} 个", document.name),
                format!("{} has {count} files, more than {max}", document.name_en),
            ),
            Self::Unreadable { file, error } => {
                let error = error.worded(lang);
                lang.pick(format!("无法读取“{file}”：{error}"), format!("cannot read “{file}”: {error}"))
            }
            Self::NotRead { file, what } => not_read_message(file, what, lang),
            Self::NameEncoding { file, encoding: NameEncoding::Gbk } => lang.pick(
                format!("文件名不是 UTF-8 编码，按 GBK 读作“{file}”"),
                format!("the file name is not UTF-8; read as GBK it is “{file}”"),
            ),
            Self::NameEncoding { file, encoding: NameEncoding::Unknown } => lang.pick(
                format!("文件名“{file}”不是 UTF-8，也不是 GBK 编码，无法识别"),
                format!("the file name “{file}” is neither UTF-8 nor GBK"),
            ),
        }
    }

    fn help(&self, lang: Lang) -> Option<String> {
        let help = match self {
            Self::UnknownDocumentId { known, .. } => {
                lang.pick(format!("可用的 id：{}", known.join("、")), format!("known ids: {}", known.join(", ")))
            }
            Self::DocumentMissing { document, wanted, clause } => missing_help(document, wanted, clause, lang),
            Self::LegacyWord { .. } => lang
                .pick(
                    "在 Word 或 WPS 中打开，选择“文件 → 另存为 → Word 文档（*.docx）”，如有打开密码请先取消",
                    "open it in Word or WPS and use File → Save As → Word Document (*.docx); remove any open password first",
                )
                .to_owned(),
            Self::DocumentDisguised { ext, convert, .. } => {
                let (zh_how, en_how) = match convert {
                    Convert::Word => ("在 Word 或 WPS 中“另存为”Word 文档", "Save As a Word document in Word or WPS"),
                    Convert::Pdf => {
                        ("在 Word、WPS 或扫描软件中“导出为 PDF”", "Export as PDF from Word, WPS or the scanning software")
                    }
                    Convert::Video => ("在视频软件中“导出”为 MP4", "Export as MP4 in a video editor"),
                    Convert::Image => ("在画图、Photoshop 等软件中“另存为”", "Save As in an image editor"),
                };
                lang.pick(
                    format!("用软件把它真正转换为 .{ext}（{zh_how}），不要只改扩展名"),
                    format!("convert it to .{ext} for real ({en_how}); renaming is not enough"),
                )
            }
            Self::FormatNotAccepted { formats, .. } => lang.pick(
                format!("用软件导出为 {}（不要只改扩展名）", formats_list(formats)),
                format!("export it as {} (renaming is not enough)", formats_list(formats)),
            ),
            Self::ExtensionMismatch { ext, kind, .. } => mismatch_help(ext, *kind, lang),
            Self::EmptyFile { .. } => lang.pick("重新导出或复制该文件", "export or copy the file again").to_owned(),
            Self::LockFile { .. } => lang
                .pick("关闭文档后再检查，不要随材料提交此文件", "close the document and check again; never submit this file")
                .to_owned(),
            Self::SeveralCandidates { document, others, .. } => lang.pick(
                format!("删除旧版本（{}），或在 dossier.toml 的 [files] 中写明 {} = \"…\"", others.join("、"), document.id),
                format!(
                    "remove old versions ({}), or set {} = \"…\" in dossier.toml [files]",
                    others.join(", "),
                    document.id
                ),
            ),
            Self::AssumedByFormat { file, document } => lang.pick(
                format!(
                    "按通知的叫法命名文件（如含“{}”），或在 dossier.toml 的 [files] 中写明 {} = \"{file}\"",
                    document.name, document.id
                ),
                format!(
                    "name the file as the notice does (e.g. with “{}”), or set {} = \"{file}\" in dossier.toml [files]",
                    document.name, document.id
                ),
            ),
            Self::TooFewFiles { clause, .. } => lang.pick(format!("依据：{clause}"), format!("per {clause}")),
            Self::NotRead { what, .. } => not_read_help(what, lang),
            Self::NameEncoding { encoding: NameEncoding::Gbk, .. } => lang
                .pick(
                    "按这个名称重新命名文件，在其他电脑上才不会显示为乱码",
                    "rename the file to this name so other computers show it right",
                )
                .to_owned(),
            Self::NameEncoding { encoding: NameEncoding::Unknown, .. } => {
                lang.pick("重新命名该文件", "rename the file").to_owned()
            }
            Self::MappedFileMissing { .. }
            | Self::ExtraFile { .. }
            | Self::TooManyFiles { .. }
            | Self::Unreadable { .. } => return None,
        };
        Some(help)
    }
}

/// What to add for a missing document (SB201's help): its formats and names, or its alternatives.
/// How to make a file true to its extension: a renamed Word file is renamed back (or saved as .docx in
/// WPS); otherwise it is renamed to its true extension, or converted with the software of the format its
/// extension claims.
fn mismatch_help(ext: &str, kind: Kind, lang: Lang) -> String {
    let true_ext = kind.extension();
    if kind == Kind::Docx && matches!(ext, "wps" | "doc" | "dot") {
        return lang.pick(
            "这是改了扩展名的 Word 文档（.docx）：把扩展名改回 .docx，或在 WPS 中打开后“另存为”Word 文档（*.docx）".to_owned(),
            format!("this is a Word document (.docx) renamed to .{ext}: rename it back to .docx, or open it in WPS and Save As a Word document (*.docx)"),
        );
    }
    let (zh_how, en_how) = match Kind::from_extension(ext) {
        Some(Kind::Docx | Kind::Ole | Kind::Rtf) => ("在 Word 或 WPS 中“另存为”", "Save As in Word or WPS"),
        Some(Kind::Pdf) => {
            ("在 Word、WPS 或扫描软件中“导出为 PDF”", "Export as PDF from Word, WPS or the scanning software")
        }
        Some(Kind::Mp4 | Kind::Mov | Kind::Mkv | Kind::Avi) => ("在视频软件中“导出”", "Export in a video editor"),
        Some(Kind::Jpeg | Kind::Png | Kind::Gif | Kind::Webp | Kind::Heic | Kind::Avif | Kind::Bmp | Kind::Tiff) => {
            ("在画图、Photoshop 等软件中“另存为”", "Save As in an image editor")
        }
        _ => ("用能打开它的软件“另存为”", "Save As in software that opens it"),
    };
    lang.pick(
        format!("把扩展名改回正确的 .{true_ext}；确需 .{ext} 时，用软件真正转换（{zh_how}），不要只改扩展名"),
        format!("give it its true extension .{true_ext}; if .{ext} is needed, convert it for real ({en_how}): renaming is not enough"),
    )
}

/// What to add for a missing document: which files are accepted and how they are named, and that a file
/// named otherwise is declared in dossier.toml `[files]`.
fn missing_help(document: &DocumentName, wanted: &Wanted, clause: &Clause, lang: Lang) -> String {
    let id = &document.id;
    let declare = lang.pick(
        format!("文件名不含这些词时，在 dossier.toml 的 [files] 中写明 {id} = \"文件路径\""),
        format!("a file named otherwise is declared in dossier.toml [files]: {id} = \"path\""),
    );
    match wanted {
        Wanted::Formats { formats, words } => {
            let (formats, hint) = (formats_list(formats), quoted_words(words));
            lang.pick(
                format!("请放入{}（{formats}），文件名含{hint}；{declare}；依据：{clause}", document.name),
                format!("add the {} ({formats}), named like {hint}; {declare}; per {clause}", document.name_en),
            )
        }
        Wanted::ForUnitType { unit_type: t, name, name_en, formats, words } => {
            let (formats, hint) = (formats_list(formats), quoted_words(words));
            lang.pick(
                format!("单位类型为“{t}”，应提交{name}（{formats}），文件名含{hint}；{declare}；依据：{clause}"),
                format!("for a “{t}”, add the {name_en} ({formats}), named like {hint}; {declare}; per {clause}"),
            )
        }
        Wanted::AnyOf(alternatives) => {
            let names: Vec<String> = alternatives
                .iter()
                .map(|a| {
                    let hint = quoted_words(&a.words);
                    let formats = formats_list(&a.formats);
                    lang.pick(
                        format!("{}（{formats}，文件名含{hint}）", a.name),
                        format!("{} ({formats}, named like {hint})", a.name_en),
                    )
                })
                .collect();
            lang.pick(
                format!("提交以下任一：{}；{declare}；依据：{clause}", names.join("、")),
                format!("add any one of: {}; {declare}; per {clause}", names.join(", ")),
            )
        }
    }
}

/// SB214's message: what the path is, and that it is neither checked nor packed.
fn not_read_message(rel: &str, what: &NotRead, lang: Lang) -> String {
    let (zh, en) = match what {
        NotRead::LinkedFolder => ("是指向文件夹的链接".to_owned(), "is a link to a folder".to_owned()),
        NotRead::BrokenLink => {
            ("是失效的链接（目标不存在）".to_owned(), "is a broken link (its target is gone)".to_owned())
        }
        NotRead::Special => {
            ("不是普通文件（管道、设备等）".to_owned(), "is not a regular file (a FIFO, socket or device)".to_owned())
        }
        NotRead::Outside { target } => (
            format!("是链接，指向材料文件夹之外的“{target}”"),
            format!("is a link to “{target}”, outside the dossier folder"),
        ),
        NotRead::TooDeep { shown, total, more } => {
            let depth = crate::dossier::MAX_DEPTH;
            let at_least = if *more { lang.pick("至少 ", "at least ") } else { "" };
            let listed = shown.join(lang.pick("、", ", "));
            let etc = if *total > shown.len() || *more { lang.pick(" 等", " and more") } else { "" };
            return lang.pick(
                format!("{at_least}{total} 个文件位于材料文件夹第 {depth} 层以下，未读取、不打包：{listed}{etc}"),
                format!(
                    "{at_least}{} more than {depth} levels down the dossier folder: not read, not packed: {listed}{etc}",
                    crate::diag::counted(*total, "file lies", "files lie")
                ),
            );
        }
    };
    lang.pick(format!("“{rel}”{zh}，未读取、不打包"), format!("“{rel}” {en}: not read, not packed"))
}

/// SB214's help: copy the real files in, or move deep ones up.
fn not_read_help(what: &NotRead, lang: Lang) -> String {
    match what {
        NotRead::TooDeep { .. } => {
            let depth = crate::dossier::MAX_DEPTH;
            lang.pick(
                format!("把这些文件移到较浅的文件夹中（不超过 {depth} 层，如 多媒体材料/图片/）"),
                format!("move them up, at most {depth} levels down (e.g. 多媒体材料/图片/)"),
            )
        }
        NotRead::LinkedFolder | NotRead::BrokenLink | NotRead::Special | NotRead::Outside { .. } => lang
            .pick("把真正的文件复制进材料文件夹，删除链接", "copy the real files into the dossier and remove the link")
            .to_owned(),
    }
}

fn formats_list(formats: &[Format]) -> String {
    formats.iter().map(|f| format!(".{}", f.as_str())).collect::<Vec<_>>().join("/")
}

/// The words of file-name patterns as a message names them: “营业执照”/“营业执照副本”.
fn quoted_words(words: &[String]) -> String {
    words.iter().map(|w| format!("“{w}”")).collect::<Vec<_>>().join("/")
}

/// A format's name inside a Chinese sentence, spaced when it starts with Latin ("实际是 PNG 图片").
fn kind_zh(kind: Kind) -> String {
    let name = kind.name_zh();
    if name.starts_with(|c: char| c.is_ascii()) {
        format!(" {name}")
    } else {
        name.to_owned()
    }
}
