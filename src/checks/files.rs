//! Which file is which document, and whether each is what it claims to be.
//!
//! A file is found by name (the rule's patterns, or dossier.toml `[files]`) and accepted by its real
//! format. A `申报书.doc` is found and told to be saved as .docx; a PNG named .jpg is named for what it is.

use super::Context;
use crate::diag::{family, Code, Diagnostic, Lang};
use crate::dossier::{Entry, NameEncoding, NotRead};
use crate::notice::{DocumentRule, Format, Role};
use crate::read::sniff::Kind;
use std::collections::{BTreeMap, BTreeSet};

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

fn doc_name(doc: &DocumentRule, lang: Lang) -> String {
    lang.pick(doc.name.clone(), doc.name_en.clone())
}

/// What to add for a missing document: its alternatives, the one for the applicant's type first.
fn missing_help(ctx: &Context<'_>, doc: &DocumentRule, formats: &[Format]) -> String {
    let lang = ctx.lang;
    if doc.any_of.is_empty() {
        let hint = patterns_hint(&doc.patterns);
        return lang.pick(
            format!("请放入{}（{}），文件名含{}；依据：{}", doc.name, formats_list(formats), hint, doc.clause),
            format!("add the {} ({}), named like {}; per {}", doc.name_en, formats_list(formats), hint, doc.clause),
        );
    }
    let unit_type = ctx.dossier.config.as_ref().and_then(|c| c.unit_type.as_deref());
    let fitting =
        unit_type.and_then(|t| doc.any_of.iter().find(|a| a.unit_types.iter().any(|u| u == t)).map(|a| (t, a)));
    if let Some((t, alt)) = fitting {
        let (formats, hint) = (formats_list(&alt.formats), patterns_hint(&alt.patterns));
        return lang.pick(
            format!("单位类型为“{t}”，应提交{}（{formats}），文件名含{hint}；依据：{}", alt.name, doc.clause),
            format!("for a “{t}”, add the {} ({formats}), named like {hint}; per {}", alt.name_en, doc.clause),
        );
    }
    let names: Vec<String> = doc
        .any_of
        .iter()
        .map(|a| format!("{}（{}）", lang.pick(&a.name, &a.name_en), formats_list(&a.formats)))
        .collect();
    lang.pick(
        format!("提交以下任一：{}；依据：{}", names.join("、"), doc.clause),
        format!("add any one of: {}; per {}", names.join(", "), doc.clause),
    )
}

fn formats_list(formats: &[Format]) -> String {
    formats.iter().map(|f| format!(".{}", f.as_str())).collect::<Vec<_>>().join("/")
}

/// Assigns files to documents and reports what is missing, misnamed or in the wrong format.
pub fn assign(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) -> Assignment {
    let mut claims = Claims::default();
    claims.claim_from_config(ctx, out);
    let naming = Naming::new(ctx);
    for (d, doc) in ctx.notice.documents.iter().enumerate() {
        let formats = accepted(doc);
        let kinds = &naming.takes[d];
        if let Some(mapped) = claims.assignment.by_document.get(&doc.id) {
            for &i in mapped {
                check_format(ctx, doc, &ctx.dossier.files[i], kinds, &formats, out);
                claims.reported.insert(i);
            }
            continue;
        }
        let chosen = claims.choose(ctx, &naming, d, &formats, out);
        if chosen.is_empty() {
            if doc.required {
                out.push(
                    Diagnostic::new(
                        Code::DocumentMissing,
                        ctx.lang.pick(
                            format!("缺少{}", doc_name(doc, ctx.lang)),
                            format!("missing: {}", doc_name(doc, ctx.lang)),
                        ),
                    )
                    .help(missing_help(ctx, doc, &formats)),
                );
            }
            continue;
        }
        for &i in &chosen {
            claims.claimed.insert(i);
        }
        count_limits(ctx, doc, chosen.len(), out);
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
    fn claim_from_config(&mut self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let lang = ctx.lang;
        let Some(config) = &ctx.dossier.config else { return };
        for (id, mapping) in &config.files {
            if ctx.notice.document(id).is_none() {
                let known: Vec<&str> = ctx.notice.documents.iter().map(|d| d.id.as_str()).collect();
                out.push(
                    Diagnostic::new(
                        Code::DossierTomlInvalid,
                        lang.pick(
                            format!("dossier.toml [files] 中的“{id}”不是本通知的材料 id"),
                            format!("dossier.toml [files] names “{id}”, which is not a document of this notice"),
                        ),
                    )
                    .file(crate::dossier::CONFIG_FILE)
                    .help(
                        lang.pick(
                            format!("可用的 id：{}", known.join("、")),
                            format!("known ids: {}", known.join(", ")),
                        ),
                    ),
                );
                continue;
            }
            for path in mapping.paths() {
                let wanted = path.replace('\\', "/");
                match ctx.dossier.files.iter().position(|e| e.rel == wanted) {
                    Some(i) => {
                        self.claimed.insert(i);
                        self.assignment.by_document.entry(id.clone()).or_default().push(i);
                    }
                    None => out.push(
                        Diagnostic::new(
                            Code::DossierTomlInvalid,
                            lang.pick(
                                format!("dossier.toml 指定的文件“{path}”不存在"),
                                format!("dossier.toml names “{path}”, which does not exist"),
                            ),
                        )
                        .file(crate::dossier::CONFIG_FILE),
                    ),
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
        out: &mut Vec<Diagnostic>,
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
                        check_format(ctx, doc, &files[i], kinds, formats, out);
                        self.reported.insert(i);
                    }
                }
                return candidates;
            }
            return vec![newest(ctx, doc, good, out)];
        }
        if let Some(&i) = candidates.iter().find(|&&i| files[i].kind != Kind::Empty) {
            // Found by name but in a format the notice does not take.
            check_format(ctx, doc, &files[i], kinds, formats, out);
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
        out: &mut Vec<Diagnostic>,
    ) -> Option<usize> {
        let (lang, files) = (ctx.lang, &ctx.dossier.files);
        let doc = &ctx.notice.documents[d];
        let kinds = &naming.takes[d];
        let unnamed: Vec<usize> = (0..files.len())
            .filter(|i| !self.claimed.contains(i) && kinds.contains(&files[*i].kind) && naming.closest[*i].1.is_none())
            .collect();
        if unnamed.len() == 1 && !is_multi(doc) {
            let i = unnamed[0];
            out.push(
                Diagnostic::new(
                    Code::AssumedByFormat,
                    lang.pick(
                        format!(
                            "没有文件名符合“{}”，已把唯一格式相符的“{}”当作这份材料",
                            doc_name(doc, lang),
                            files[i].rel
                        ),
                        format!(
                            "no file is named like “{}”; “{}”, the only one in its format, was taken",
                            doc_name(doc, lang),
                            files[i].rel
                        ),
                    ),
                )
                .file(files[i].rel.clone())
                .help(lang.pick(
                    format!(
                        "按通知的叫法命名文件（如含“{}”），或在 dossier.toml 的 [files] 中写明 {} = \"{}\"",
                        doc.name, doc.id, files[i].rel
                    ),
                    format!(
                        "name the file as the notice does (e.g. with “{}”), or set {} = \"{}\" in dossier.toml [files]",
                        doc.name, doc.id, files[i].rel
                    ),
                )),
            );
            return Some(i);
        }
        if doc.role != Role::Application {
            return None;
        }
        // A lone legacy Word file is surely the 申报书, whatever its name.
        let legacy: Vec<usize> =
            (0..files.len()).filter(|i| !self.claimed.contains(i) && files[*i].kind == Kind::Ole).collect();
        let [only] = legacy[..] else { return None };
        check_format(ctx, doc, &files[only], kinds, formats, out);
        self.reported.insert(only);
        Some(only)
    }

    /// What no document took, and what the folder scan could not read: each file's health, files that
    /// are none of the documents, unreadable paths, paths not read, and Word/WPS lock files.
    fn leftovers(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let lang = ctx.lang;
        for (i, entry) in ctx.dossier.files.iter().enumerate() {
            file_health(ctx, entry, self.reported.contains(&i), out);
            if !self.claimed.contains(&i) && entry.kind != Kind::Empty && entry.error.is_none() {
                out.push(
                    Diagnostic::new(
                        Code::ExtraFile,
                        lang.pick(
                            format!("“{}”不对应通知要求的任何材料", entry.rel),
                            format!("“{}” is none of the documents the notice asks for", entry.rel),
                        ),
                    )
                    .file(entry.rel.clone()),
                );
            }
        }
        for (rel, error) in &ctx.dossier.walk_errors {
            out.push(
                Diagnostic::new(
                    Code::FileUnreadable,
                    lang.pick(format!("无法读取“{rel}”：{error}"), format!("cannot read “{rel}”: {error}")),
                )
                .file(rel.clone()),
            );
        }
        for (rel, what) in &ctx.dossier.not_read {
            out.push(not_read(rel, what, lang));
        }
        for lock in &ctx.dossier.lock_files {
            out.push(
                Diagnostic::new(
                    Code::LockFile,
                    lang.pick(
                        format!("“{lock}”是 Word/WPS 的临时锁定文件，对应的文档可能仍在编辑"),
                        format!("“{lock}” is a Word/WPS lock file; its document may still be open"),
                    ),
                )
                .file(lock.clone())
                .help(lang.pick(
                    "关闭文档后再检查，不要随材料提交此文件",
                    "close the document and check again; never submit this file",
                )),
            );
        }
    }
}

/// Several files fit a document that takes one: the newest is taken, and the user is told which and
/// how to settle it.
fn newest(ctx: &Context<'_>, doc: &DocumentRule, mut good: Vec<usize>, out: &mut Vec<Diagnostic>) -> usize {
    let (lang, files) = (ctx.lang, &ctx.dossier.files);
    good.sort_by_key(|&i| (std::cmp::Reverse(files[i].modified), files[i].rel.clone()));
    if good.len() > 1 {
        let others: Vec<&str> = good[1..].iter().map(|&i| files[i].rel.as_str()).collect();
        out.push(
            Diagnostic::new(
                Code::SeveralCandidates,
                lang.pick(
                    format!(
                        "有 {} 个文件都可能是“{}”，已选用最新的“{}”",
                        good.len(),
                        doc_name(doc, lang),
                        files[good[0]].rel
                    ),
                    format!(
                        "{} files could be “{}”; the newest, “{}”, was used",
                        good.len(),
                        doc_name(doc, lang),
                        files[good[0]].rel
                    ),
                ),
            )
            .file(files[good[0]].rel.clone())
            .help(lang.pick(
                format!("删除旧版本（{}），或在 dossier.toml 的 [files] 中写明 {} = \"…\"", others.join("、"), doc.id),
                format!(
                    "remove old versions ({}), or set {} = \"…\" in dossier.toml [files]",
                    others.join(", "),
                    doc.id
                ),
            )),
        );
    }
    good[0]
}

/// SB214 for a path the folder scan did not read: what it is, and that it is neither checked nor packed.
fn not_read(rel: &str, what: &NotRead, lang: Lang) -> Diagnostic {
    let copy_in =
        lang.pick("把真正的文件复制进材料文件夹，删除链接", "copy the real files into the dossier and remove the link");
    let (zh, en, help) = match what {
        NotRead::LinkedFolder => ("是指向文件夹的链接".to_owned(), "is a link to a folder".to_owned(), copy_in),
        NotRead::BrokenLink => {
            ("是失效的链接（目标不存在）".to_owned(), "is a broken link (its target is gone)".to_owned(), copy_in)
        }
        NotRead::Special => (
            "不是普通文件（管道、设备等）".to_owned(),
            "is not a regular file (a FIFO, socket or device)".to_owned(),
            copy_in,
        ),
        NotRead::Outside { target } => (
            format!("是链接，指向材料文件夹之外的“{target}”"),
            format!("is a link to “{target}”, outside the dossier folder"),
            copy_in,
        ),
        NotRead::TooDeep { shown, total, more } => {
            let depth = crate::dossier::MAX_DEPTH;
            let at_least = if *more { lang.pick("至少 ", "at least ") } else { "" };
            let listed = shown.join(lang.pick("、", ", "));
            let etc = if *total > shown.len() || *more { lang.pick(" 等", " and more") } else { "" };
            let message = lang.pick(
                format!("{at_least}{total} 个文件位于材料文件夹第 {depth} 层以下，未读取、不打包：{listed}{etc}"),
                format!(
                    "{at_least}{} more than {depth} levels down the dossier folder: not read, not packed: {listed}{etc}",
                    crate::diag::counted(*total, "file lies", "files lie")
                ),
            );
            return Diagnostic::new(Code::NotRead, message).file(rel.to_owned()).help(lang.pick(
                format!("把这些文件移到较浅的文件夹中（不超过 {depth} 层，如 多媒体材料/图片/）"),
                format!("move them up, at most {depth} levels down (e.g. 多媒体材料/图片/)"),
            ));
        }
    };
    Diagnostic::new(
        Code::NotRead,
        lang.pick(format!("“{rel}”{zh}，未读取、不打包"), format!("“{rel}” {en}: not read, not packed")),
    )
    .file(rel.to_owned())
    .help(help)
}

/// The words of file-name patterns, for messages: `*营业执照*` → “营业执照”.
fn patterns_hint(patterns: &[String]) -> String {
    let words: Vec<String> = patterns
        .iter()
        .map(|p| p.trim_matches('*').to_owned())
        .filter(|p| !p.is_empty() && !p.contains(['*', '?', '/']) && !p.starts_with('.'))
        .map(|p| format!("“{p}”"))
        .collect();
    words.join("/")
}

/// A format's name inside a Chinese sentence, spaced when it starts with Latin ("实际是 PNG 图片").
fn spaced_zh(name: &str) -> String {
    if name.starts_with(|c: char| c.is_ascii()) {
        format!(" {name}")
    } else {
        name.to_owned()
    }
}

/// A document found by name whose real format is not accepted.
fn check_format(
    ctx: &Context<'_>,
    doc: &DocumentRule,
    entry: &Entry,
    kinds: &[Kind],
    formats: &[Format],
    out: &mut Vec<Diagnostic>,
) {
    let lang = ctx.lang;
    if kinds.contains(&entry.kind) || entry.kind == Kind::Empty {
        return;
    }
    let real = lang.pick(spaced_zh(entry.kind.name_zh()), format!(" {}", entry.kind.name_en()));
    if kinds.contains(&Kind::Docx) && matches!(entry.kind, Kind::Ole | Kind::Rtf) {
        out.push(
            Diagnostic::new(
                Code::LegacyWord,
                lang.pick(
                    format!("“{}”是{}，不是 .docx，无法统计字数", entry.rel, real),
                    format!("“{}” is a{}, not a .docx; its words cannot be counted", entry.rel, real),
                ),
            )
            .file(entry.rel.clone())
            .help(lang.pick(
                "在 Word 或 WPS 中打开，选择“文件 → 另存为 → Word 文档（*.docx）”，如有打开密码请先取消",
                "open it in Word or WPS and use File → Save As → Word Document (*.docx); remove any open password first",
            )),
        );
        return;
    }
    if entry.promised().is_some_and(|p| kinds.contains(&p)) {
        let ext = entry.ext.as_deref().unwrap_or("");
        out.push(
            Diagnostic::new(
                Code::ExtensionMismatch,
                lang.pick(
                    format!(
                        "“{}”扩展名为 .{ext}，实际是{real}；{}须为真正的 {}",
                        entry.rel,
                        doc.name,
                        formats_list(formats)
                    ),
                    format!(
                        "“{}” is named .{ext} but is a{real}; the {} must really be {}",
                        entry.rel,
                        doc.name_en,
                        formats_list(formats)
                    ),
                ),
            )
            .file(entry.rel.clone())
            .help({
                // Where to convert it, by what the document must be.
                let (zh_how, en_how) = if kinds.contains(&Kind::Docx) {
                    ("在 Word 或 WPS 中“另存为”Word 文档", "Save As a Word document in Word or WPS")
                } else if kinds.contains(&Kind::Pdf) {
                    ("在 Word、WPS 或扫描软件中“导出为 PDF”", "Export as PDF from Word, WPS or the scanning software")
                } else if kinds.contains(&Kind::Mp4) {
                    ("在视频软件中“导出”为 MP4", "Export as MP4 in a video editor")
                } else {
                    ("在画图、Photoshop 等软件中“另存为”", "Save As in an image editor")
                };
                lang.pick(
                    format!("用软件把它真正转换为 .{ext}（{zh_how}），不要只改扩展名"),
                    format!("convert it to .{ext} for real ({en_how}); renaming is not enough"),
                )
            }),
        );
        return;
    }
    out.push(
        Diagnostic::new(
            Code::FormatNotAccepted,
            lang.pick(
                format!("“{}”是{}，{}须为 {}", entry.rel, real, doc.name, formats_list(formats)),
                format!("“{}” is a{}; the {} must be {}", entry.rel, real, doc.name_en, formats_list(formats)),
            ),
        )
        .file(entry.rel.clone())
        .help(lang.pick(
            format!("用软件导出为 {}（不要只改扩展名）", formats_list(formats)),
            format!("export it as {} (renaming is not enough)", formats_list(formats)),
        )),
    );
}

fn count_limits(ctx: &Context<'_>, doc: &DocumentRule, n: usize, out: &mut Vec<Diagnostic>) {
    let lang = ctx.lang;
    if let Some(min) = doc.min_count {
        if (n as u32) < min {
            out.push(
                Diagnostic::new(
                    Code::TooFewFiles,
                    lang.pick(
                        format!("{}只有 {n} 个，通知要求至少 {min} 个", doc.name),
                        format!(
                            "{} has {}; the notice asks for at least {min}",
                            doc.name_en,
                            crate::diag::counted(n, "file", "files")
                        ),
                    ),
                )
                .help(lang.pick(format!("依据：{}", doc.clause), format!("per {}", doc.clause))),
            );
        }
    }
    if let Some(max) = doc.max_count {
        if (n as u32) > max {
            out.push(Diagnostic::new(
                Code::TooManyFiles,
                lang.pick(
                    format!("{}有 {n} 个，超过上限 {max} 个", doc.name),
                    format!("{} has {n} files, more than {max}", doc.name_en),
                ),
            ));
        }
    }
}

/// Checks any file: readable, not empty, extension true to content.
fn file_health(ctx: &Context<'_>, entry: &Entry, format_reported: bool, out: &mut Vec<Diagnostic>) {
    let lang = ctx.lang;
    match entry.name_encoding {
        Some(NameEncoding::Gbk) => out.push(
            Diagnostic::new(
                Code::NameEncoding,
                lang.pick(
                    format!("文件名不是 UTF-8 编码，按 GBK 读作“{}”", entry.rel),
                    format!("the file name is not UTF-8; read as GBK it is “{}”", entry.rel),
                ),
            )
            .file(entry.rel.clone())
            .help(lang.pick(
                "按这个名称重新命名文件，在其他电脑上才不会显示为乱码",
                "rename the file to this name so other computers show it right",
            )),
        ),
        Some(NameEncoding::Unknown) => out.push(
            Diagnostic::new(
                Code::NameEncoding,
                lang.pick(
                    format!("文件名“{}”不是 UTF-8，也不是 GBK 编码，无法识别", entry.rel),
                    format!("the file name “{}” is neither UTF-8 nor GBK", entry.rel),
                ),
            )
            .file(entry.rel.clone())
            .help(lang.pick("重新命名该文件", "rename the file")),
        ),
        None => {}
    }
    if let Some(error) = &entry.error {
        out.push(
            Diagnostic::new(
                Code::FileUnreadable,
                lang.pick(format!("无法读取“{}”：{error}", entry.rel), format!("cannot read “{}”: {error}", entry.rel)),
            )
            .file(entry.rel.clone()),
        );
        return;
    }
    if entry.kind == Kind::Empty {
        out.push(
            Diagnostic::new(
                Code::EmptyFile,
                lang.pick(format!("“{}”是空文件（0 字节）", entry.rel), format!("“{}” is empty (0 bytes)", entry.rel)),
            )
            .file(entry.rel.clone())
            .help(lang.pick("重新导出或复制该文件", "export or copy the file again")),
        );
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
    let ext = entry.ext.as_deref().unwrap_or("");
    out.push(
        Diagnostic::new(
            Code::ExtensionMismatch,
            lang.pick(
                format!("“{}”扩展名为 .{ext}，实际是{}", entry.rel, spaced_zh(entry.kind.name_zh())),
                format!("“{}” is named .{ext} but is a {}", entry.rel, entry.kind.name_en()),
            ),
        )
        .file(entry.rel.clone())
        .help(lang.pick(
            format!(
                "用软件把它真正转换为 .{ext}（例如用画图或 Photoshop“另存为”），或改回正确的扩展名 .{}",
                entry.kind.extension()
            ),
            format!(
                "convert it to .{ext} for real (Save As in an editor), or give it its true extension .{}",
                entry.kind.extension()
            ),
        )),
    );
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
