//! The streaming reader behind [`super::read_docx`]: one scanner pass per part (see `xml.rs`), no DOM.
//!
//! Every element is handled with explicit stacks (frames, open paragraphs, open tables) rather than
//! recursion, so a hostile document nested 100 000 levels deep never touches the call stack; and every
//! paragraph is written once, into the slot it took when it opened, so the walk stays linear however
//! deep text boxes nest. What a document may keep is capped ([`MAX_NESTING`], [`Content::limit`],
//! charged to one [`Budget`] across the styles, the body and the notes): past a cap the reader stops
//! with an error rather than spend gigabytes on a few kilobytes of zip.
//! Parts are found through the package relationships (Word Online writes `word/document2.xml`) with
//! the usual fixed names as the fallback, and every part is read through a size cap against zip bombs.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{Cursor, Read};

use flate2::{Decompress, FlushDecompress, Status};
use zip::{CompressionMethod, ZipArchive};

use super::xml::{self, Scanner, Tag, Token};

use super::{
    Cell, Content, Document, DocxError, Hidden, Note, NoteRef, Paragraph, Place, Properties, Run, Scope, Table,
    MAX_NESTING, MAX_PART_BYTES,
};

/// The signature of an OLE compound file (.doc, .wps, or an encrypted .docx).
const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Buffer reserved up front for a part: the declared size is the writer's word, not a promise.
const PREALLOC_CAP: u64 = 8 * 1024 * 1024;

/// Reads the package; `Scope::Text` stops after the parts the text and its 字数 depend on.
pub(super) fn read(bytes: &[u8], scope: Scope) -> Result<Document, DocxError> {
    if bytes.starts_with(&OLE_MAGIC) {
        return Err(DocxError::Ole);
    }
    let mut pkg = Package::open(bytes)?;

    let root_rels = pkg.rels("", "_rels/.rels")?;
    let main = rel_target(&root_rels, &["officeDocument"])
        .filter(|name| pkg.has(name))
        .unwrap_or("word/document.xml")
        .to_owned();
    if !pkg.has(&main) {
        return Err(DocxError::MissingDocument);
    }
    let (dir, file) = main.rsplit_once('/').map_or(("", main.as_str()), |(d, f)| (d, f));
    let dir = if dir.is_empty() { String::new() } else { format!("{dir}/") };
    let doc_rels = pkg.rels(&dir, &format!("{dir}_rels/{file}.rels"))?;
    let part = |kind: &str, fixed: &str| rel_target(&doc_rels, &[kind]).unwrap_or(fixed).to_owned();

    // Styles before the body, so that the two parts' text is never held at once. Style names and
    // ids are text the document keeps: they count against the same budget as the body's text.
    let mut budget = Budget::default();
    let mut page_styles = super::layout::LayoutStyles::default();
    let styles = match pkg.optional_text(&part("styles", "word/styles.xml"))? {
        Some((xml, _)) => match parse_styles(&xml, &mut budget) {
            Ok(styles) if scope == Scope::Full => {
                page_styles = super::layout::styles(&xml);
                styles
            }
            Ok(styles) => styles,
            Err(StylesError::TooMuch(what)) => return Err(DocxError::TooMuch(what)),
            Err(StylesError::Malformed) => Styles::default(),
        },
        None => Styles::default(),
    };

    let Some(raw) = pkg.read(&main, MAX_PART_BYTES)? else {
        return Err(DocxError::MissingDocument);
    };
    // UTF-8, nearly always, and then read in place; UTF-16 is transcoded. The page estimate walks the
    // same text once more, after the body is known to be within the reader's caps.
    let pages;
    let body = if raw.starts_with(&[0xFF, 0xFE]) || raw.starts_with(&[0xFE, 0xFF]) {
        let (text, offset) =
            decode_text(raw).map_err(|(position, message)| DocxError::Xml { part: main.clone(), position, message })?;
        let body = Walker::new(&styles, Mode::Body, &mut budget).run(&text, offset, &main)?;
        pages = (scope == Scope::Full).then(|| super::layout::estimate(&text, &page_styles));
        body
    } else {
        let bom = if raw.starts_with(&[0xEF, 0xBB, 0xBF]) { 3 } else { 0 };
        let text = xml::utf8(&raw[bom..]).map_err(|e| DocxError::Xml {
            part: main.clone(),
            position: bom as u64 + e.position,
            message: e.message,
        })?;
        let body = Walker::new(&styles, Mode::Body, &mut budget).run(text, bom as u64, &main)?;
        pages = (scope == Scope::Full).then(|| super::layout::estimate(text, &page_styles));
        drop(raw);
        body
    };
    if !body.root_is_document {
        return Err(DocxError::MissingDocument);
    }
    // Word refuses a package without its content types: so does the reader, once it is clear the
    // file meant to be a Word document (a renamed workbook is "not a Word document", above).
    if !pkg.has("[Content_Types].xml") {
        return Err(DocxError::MissingContentTypes);
    }

    let mut doc =
        Document { paragraphs: body.out, tables: body.tables, hidden: body.hidden, pages, ..Document::default() };

    for (kind, fixed) in [("footnotes", "word/footnotes.xml"), ("endnotes", "word/endnotes.xml")] {
        read_notes(&mut pkg, &part(kind, fixed), &styles, &mut budget, &mut doc)?;
    }

    if let Some((xml, _)) = pkg.optional_text(&part("settings", "word/settings.xml"))? {
        doc.notes_excluded_from_stats = parse_settings(&xml);
    }
    if scope == Scope::Text {
        return Ok(doc);
    }
    if let Some((xml, _)) = pkg.optional_text(&part("comments", "word/comments.xml"))? {
        doc.hidden.comments = count_comments(&xml);
    }

    read_properties(&mut pkg, &root_rels, &mut doc)?;
    Ok(doc)
}

/// One notes part (footnotes or endnotes), walked with the body's styles and budget: its notes and
/// hidden edits join the document. A damaged notes part loses its notes, not the document.
fn read_notes(
    pkg: &mut Package<'_>,
    name: &str,
    styles: &Styles,
    budget: &mut Budget,
    doc: &mut Document,
) -> Result<(), DocxError> {
    let Some((xml, offset)) = pkg.optional_text(name)? else {
        return Ok(());
    };
    // A damaged notes part loses its notes, not the document; a hostile one is refused.
    let walked = match Walker::new(styles, Mode::Notes, budget).run(&xml, offset, name) {
        Ok(walked) => walked,
        Err(DocxError::Xml { .. }) => return Ok(()),
        Err(e) => return Err(e),
    };
    doc.hidden.insertions += walked.hidden.insertions;
    doc.hidden.deletions += walked.hidden.deletions;
    doc.hidden.hidden_runs += walked.hidden.hidden_runs;
    for (endnote, note) in walked.notes {
        if endnote {
            doc.endnotes.push(note);
        } else {
            doc.footnotes.push(note);
        }
    }
    Ok(())
}

/// The core and extended properties (title, author, dates; company, template, application), found
/// through the package relationships with the usual names as the fallback.
fn read_properties(pkg: &mut Package<'_>, root_rels: &[(String, String)], doc: &mut Document) -> Result<(), DocxError> {
    let core_name = rel_target(root_rels, &["core-properties"]).unwrap_or("docProps/core.xml").to_owned();
    if let Some((xml, _)) = pkg.optional_text(&core_name)? {
        if let Some([title, creator, last_modified_by, created, modified]) =
            root_child_texts(&xml, ["title", "creator", "lastModifiedBy", "created", "modified"])
        {
            let p = &mut doc.properties;
            (p.title, p.creator, p.last_modified_by, p.created, p.modified) =
                (title, creator, last_modified_by, created, modified);
        }
    }
    let app_name =
        rel_target(root_rels, &["extended-properties", "extendedProperties"]).unwrap_or("docProps/app.xml").to_owned();
    if let Some((xml, _)) = pkg.optional_text(&app_name)? {
        if let Some([company, template, application]) = root_child_texts(&xml, ["Company", "Template", "Application"]) {
            let p: &mut Properties = &mut doc.properties;
            (p.company, p.template, p.application) = (company, template, application);
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The zip container

struct Package<'a> {
    bytes: &'a [u8],
    zip: ZipArchive<Cursor<&'a [u8]>>,
    /// One inflater for every part of the package: its state (tens of KB) is set up once, not per part.
    inflater: Option<Decompress>,
}

impl<'a> Package<'a> {
    fn open(bytes: &'a [u8]) -> Result<Self, DocxError> {
        bounded_directory(bytes)?;
        let zip = match ZipArchive::new(Cursor::new(bytes)) {
            Ok(zip) => zip,
            Err(e) if bytes.starts_with(b"PK") => return Err(DocxError::Zip(e.to_string())),
            Err(_) => return Err(DocxError::NotZip),
        };
        if let Some(name) = duplicate_name(bytes, &zip) {
            return Err(DocxError::DuplicatePart(name));
        }
        Ok(Self { bytes, zip, inflater: None })
    }

    /// The entry of a part. OPC part names ignore case and a leading '/': the exact name is tried
    /// first (what Word writes), then the first entry whose normalised name matches.
    fn index(&self, part: &str) -> Option<usize> {
        let exact = part.trim_start_matches(['/', '\\']);
        if let Some(index) = self.zip.index_for_name(exact) {
            return Some(index);
        }
        let wanted = normalize_name(part);
        (0..self.zip.len())
            .find(|&index| matches!(self.zip.name_for_index(index), Some(Ok(name)) if normalize_name(&name) == wanted))
    }

    fn has(&self, part: &str) -> bool {
        self.index(part).is_some()
    }

    /// The bytes of `part`, `None` when the package has no such part.
    fn read(&mut self, part: &str, limit: u64) -> Result<Option<Vec<u8>>, DocxError> {
        let Some(index) = self.index(part) else {
            return Ok(None);
        };
        let damaged = |e: &dyn std::fmt::Display| DocxError::Zip(format!("{part}: {e}"));
        let file = self.zip.by_index_raw(index).map_err(|e| damaged(&e))?;
        let declared = file.size();
        if declared > limit {
            return Err(DocxError::TooLarge { part: part.to_owned(), limit });
        }
        let (method, encrypted, crc) = (file.compression(), file.encrypted(), file.crc32());
        // Stored and deflated parts (all that Word, WPS and LibreOffice write) are read in one call
        // from the package's bytes; anything else goes through the zip crate's streaming reader.
        let raw = file
            .data_start()
            .and_then(|start| Some((usize::try_from(start).ok()?, usize::try_from(file.compressed_size()).ok()?)))
            .and_then(|(start, len)| self.bytes.get(start..start.checked_add(len)?));
        drop(file);
        let data = match (method, encrypted, raw) {
            (CompressionMethod::Deflated, false, Some(raw)) => {
                let inflater = self.inflater.get_or_insert_with(|| Decompress::new(false));
                inflate_declared(inflater, raw, declared).map_err(|e| damaged(&e))?
            }
            (CompressionMethod::Stored, false, Some(raw)) if raw.len() as u64 <= limit => raw.to_vec(),
            _ => {
                let file = self.zip.by_index(index).map_err(|e| damaged(&e))?;
                return read_capped(file, declared, part, limit).map(Some);
            }
        };
        if crc32fast::hash(&data) != crc {
            return Err(damaged(&"invalid checksum"));
        }
        Ok(Some(data))
    }

    /// A part that the document can do without: a damaged one reads as absent. Only an oversized
    /// part is an error, since that is a zip bomb rather than damage.
    fn optional_text(&mut self, part: &str) -> Result<Option<(String, u64)>, DocxError> {
        match self.read(part, MAX_PART_BYTES) {
            Ok(Some(bytes)) => Ok(decode_text(bytes).ok()),
            Ok(None) | Err(DocxError::Zip(_) | DocxError::Io(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Relationships of a part: (last segment of the type, resolved target part name).
    fn rels(&mut self, source_dir: &str, rels_part: &str) -> Result<Vec<(String, String)>, DocxError> {
        let Some((xml, _)) = self.optional_text(rels_part)? else {
            return Ok(Vec::new());
        };
        Ok(parse_rels(&xml, source_dir))
    }
}

/// Inflates a raw deflate stream in one pass. The caller has refused a declared size past its cap;
/// output past the declared size is damage (or a zip bomb that lies), refused as soon as it appears.
fn inflate_declared(inflater: &mut Decompress, raw: &[u8], declared: u64) -> Result<Vec<u8>, String> {
    inflater.reset(false);
    // The declared size is the writer's word, not a promise: reserve at most PREALLOC_CAP up front,
    // and one byte more than declared, so that a stream ending there ends in the first call.
    let mut out = Vec::with_capacity(usize::try_from(declared.min(PREALLOC_CAP)).unwrap_or(0).saturating_add(1));
    loop {
        let before = (inflater.total_in(), inflater.total_out());
        let input = usize::try_from(before.0).ok().and_then(|consumed| raw.get(consumed..)).unwrap_or(&[]);
        let status = inflater.decompress_vec(input, &mut out, FlushDecompress::Finish).map_err(|e| e.to_string())?;
        if out.len() as u64 > declared {
            return Err("File is larger than its declared uncompressed size".to_owned());
        }
        if status == Status::StreamEnd {
            return Ok(out);
        }
        if out.len() == out.capacity() {
            let room = usize::try_from(declared + 1).unwrap_or(usize::MAX).saturating_sub(out.len());
            out.reserve(out.capacity().max(64 * 1024).min(room).max(1));
            continue;
        }
        // Room left and no end of stream: the input ran out (or the inflater is stuck).
        if (inflater.total_in(), inflater.total_out()) == before || inflater.total_in() >= raw.len() as u64 {
            return Err("the compressed data ends early".to_owned());
        }
    }
}

/// The first entry name that repeats an earlier one as OPC compares part names (ASCII case ignored,
/// backslashes as `/`, no leading `/`): which of the two a reader takes is anyone's guess, so Word calls
/// such a package damaged. Folder entries (ending in `/`) are not parts. The names are read from the
/// central directory itself, since the zip crate keeps one entry per exact name; they are compared
/// through their hashes, and only a hash seen twice is checked by comparing the names themselves.
/// Refuses a package whose central directory is beyond what a .docx has, before the zip crate reads
/// it into memory.
fn bounded_directory(bytes: &[u8]) -> Result<(), DocxError> {
    use crate::read::zip_extent::{extent, DOCX_MAX_DIRECTORY, DOCX_MAX_ENTRIES};
    match extent(&mut Cursor::new(bytes))? {
        Some(e) if !e.within(DOCX_MAX_ENTRIES, DOCX_MAX_DIRECTORY) => {
            Err(DocxError::TooManyEntries { entries: e.entries, bytes: e.bytes })
        }
        _ => Ok(()),
    }
}

fn duplicate_name(bytes: &[u8], zip: &ZipArchive<Cursor<&[u8]>>) -> Option<String> {
    use std::hash::BuildHasher;
    const HEADER: usize = 46;
    let key = |name: &[u8]| -> Vec<u8> {
        let name = name.iter().position(|&b| b != b'/' && b != b'\\').map_or(&[][..], |i| &name[i..]);
        name.iter().map(|&b| if b == b'\\' { b'/' } else { b.to_ascii_lowercase() }).collect()
    };
    let state = std::collections::hash_map::RandomState::new();
    let mut seen: HashMap<u64, &[u8]> = HashMap::with_capacity(zip.len());
    let mut at = usize::try_from(zip.central_directory_start()).ok()?;
    while let Some(header) = bytes.get(at..at.checked_add(HEADER)?) {
        if header[..4] != [0x50, 0x4B, 0x01, 0x02] {
            break;
        }
        let field = |i: usize| usize::from(u16::from_le_bytes([header[i], header[i + 1]]));
        let (name_len, extra_len, comment_len) = (field(28), field(30), field(32));
        let name = bytes.get(at + HEADER..at + HEADER + name_len)?;
        at += HEADER + name_len + extra_len + comment_len;
        if name.ends_with(b"/") {
            continue;
        }
        let name_key = key(name);
        match seen.entry(state.hash_one(&name_key)) {
            std::collections::hash_map::Entry::Occupied(earlier) => {
                if key(earlier.get()) == name_key {
                    return Some(String::from_utf8_lossy(name).into_owned());
                }
            }
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(name);
            }
        }
    }
    None
}

fn normalize_name(name: &str) -> String {
    name.trim_start_matches(['/', '\\']).replace('\\', "/").to_lowercase()
}

/// Reads at most `limit` bytes, refusing a part that declares or turns out to be larger.
fn read_capped(reader: impl Read, declared: u64, part: &str, limit: u64) -> Result<Vec<u8>, DocxError> {
    let too_large = || DocxError::TooLarge { part: part.to_owned(), limit };
    if declared > limit {
        return Err(too_large());
    }
    let capacity = usize::try_from(declared.min(PREALLOC_CAP)).unwrap_or(0);
    let mut buf = Vec::with_capacity(capacity);
    reader.take(limit.saturating_add(1)).read_to_end(&mut buf).map_err(|e| DocxError::Zip(format!("{part}: {e}")))?;
    if buf.len() as u64 > limit {
        return Err(too_large());
    }
    Ok(buf)
}

/// The part as text, and the byte offset of the text in the part (a UTF-8 byte order mark).
/// UTF-16 parts (rare, but valid XML) are transcoded. Invalid UTF-8 gives (position, message).
fn decode_text(bytes: Vec<u8>) -> Result<(String, u64), (u64, String)> {
    let utf16 = |be: bool| {
        let units = bytes[2..].chunks_exact(2).map(|c| {
            let pair = [c[0], c[1]];
            if be {
                u16::from_be_bytes(pair)
            } else {
                u16::from_le_bytes(pair)
            }
        });
        char::decode_utf16(units).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)).collect::<String>()
    };
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return Ok((utf16(false), 2));
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return Ok((utf16(true), 2));
    }
    let bom = if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) { 3 } else { 0 };
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            text.drain(..bom);
            Ok((text, bom as u64))
        }
        Err(e) => Err((e.utf8_error().valid_up_to() as u64, "not valid UTF-8".to_owned())),
    }
}

/// The relationship types the reader follows; the rest (images, hyperlinks, thousands in some
/// documents) are not kept, so a hostile relationships part costs nothing.
const FOLLOWED_RELS: [&str; 9] = [
    "officeDocument",
    "styles",
    "footnotes",
    "endnotes",
    "settings",
    "comments",
    "core-properties",
    "extended-properties",
    "extendedProperties",
];

/// The first relationship of each followed type: (last segment of the type, resolved target).
fn parse_rels(xml: &str, source_dir: &str) -> Vec<(String, String)> {
    let mut rels: Vec<(String, String)> = Vec::new();
    let mut scanner = Scanner::new(xml);
    loop {
        match scanner.next() {
            Ok(Some(Token::Start(e) | Token::Empty(e))) if e.local() == "Relationship" => {
                if attr(&e, "TargetMode").is_some_and(|m| m.eq_ignore_ascii_case("External")) {
                    continue;
                }
                if let (Some(kind), Some(target)) = (attr(&e, "Type"), attr(&e, "Target")) {
                    let kind = kind.rsplit('/').next().unwrap_or_default();
                    if FOLLOWED_RELS.contains(&kind) && !rels.iter().any(|(k, _)| k == kind) {
                        rels.push((kind.to_owned(), resolve_target(source_dir, &target)));
                    }
                }
            }
            Ok(None) | Err(_) => break,
            Ok(Some(_)) => {}
        }
    }
    rels
}

fn rel_target<'r>(rels: &'r [(String, String)], kinds: &[&str]) -> Option<&'r str> {
    rels.iter().find(|(kind, _)| kinds.contains(&kind.as_str())).map(|(_, target)| target.as_str())
}

/// A relationship target as a part name: absolute ("/word/x.xml") or relative to the source's folder.
fn resolve_target(source_dir: &str, target: &str) -> String {
    let joined = match target.strip_prefix('/') {
        Some(absolute) => absolute.to_owned(),
        None => format!("{source_dir}{target}"),
    };
    let mut segments: Vec<&str> = Vec::new();
    for segment in joined.split(['/', '\\']) {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    segments.join("/")
}

// ---------------------------------------------------------------------------------------------
// Small XML helpers

/// An attribute by local name (`w:val` → "val"), unescaped when possible.
fn attr<'e>(e: &Tag<'e>, local: &str) -> Option<Cow<'e, str>> {
    e.attr(local)
}

/// OOXML on/off: absent `w:val` is on.
fn on_off(e: &Tag<'_>) -> bool {
    !attr(e, "val").is_some_and(|v| matches!(v.trim(), "0" | "false" | "off" | "none"))
}

/// `w:outlineLvl`: Some(Some(level 1..=9)), Some(None) for body text (9), None when unreadable.
fn outline_value(e: &Tag<'_>) -> Option<Option<u8>> {
    match attr(e, "val")?.trim().parse::<u8>().ok()? {
        n @ 0..=8 => Some(Some(n + 1)),
        9 => Some(None),
        _ => None,
    }
}

/// "heading 3", "Heading3", "标题 3", "标题3" → 3.
fn heading_level(name: &str) -> Option<u8> {
    let lower = name.trim().to_lowercase();
    let rest = lower.strip_prefix("heading").or_else(|| lower.strip_prefix("标题"))?.trim_start();
    let mut chars = rest.chars();
    let digit = chars.next()?.to_digit(10)?;
    if chars.next().is_some() || digit == 0 {
        return None;
    }
    u8::try_from(digit).ok()
}

/// `w:rFonts w:hint`: "eastAsia" is East Asian; "default" and "cs" say explicitly it is not.
fn hint_value(e: &Tag<'_>) -> Option<bool> {
    match attr(e, "hint")?.as_ref() {
        "eastAsia" => Some(true),
        "default" | "cs" => Some(false),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// styles.xml

#[derive(Debug, Default)]
struct Styles {
    ids: HashMap<String, usize>,
    list: Vec<StyleInfo>,
    /// The paragraph style marked `w:default="1"` (normally "Normal"), for paragraphs without `w:pStyle`.
    default_para: Option<usize>,
    /// `w:docDefaults/w:rPrDefault/w:rPr/w:rFonts w:hint`.
    default_hint: Option<bool>,
}

/// A style with its `w:basedOn` chain already resolved.
#[derive(Debug, Default)]
struct StyleInfo {
    name: Option<String>,
    outline: Option<u8>,
    east_asian: Option<bool>,
    vanish: Option<bool>,
}

#[derive(Debug, Default)]
struct RawStyle {
    id: String,
    name: Option<String>,
    /// The level `name` gives ("heading 2" → 2), worked out once: `name` moves into [`StyleInfo`].
    heading: Option<u8>,
    based_on: Option<String>,
    paragraph: bool,
    default: bool,
    outline: Option<Option<u8>>,
    hint: Option<bool>,
    vanish: Option<bool>,
}

impl Styles {
    fn get(&self, index: Option<usize>) -> Option<&StyleInfo> {
        index.and_then(|i| self.list.get(i))
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum SFrame {
    Other,
    Style,
    StylePPr,
    StyleRPr,
    DocDefaults,
    RPrDefault,
    DefaultRPr,
}

enum StylesError {
    /// The document is then read without styles.
    Malformed,
    /// Too many styles, or too much text in their ids and names.
    TooMuch(Content),
}

/// Longest style id or name kept. Word allows 253 characters in a style name; a longer one is cut,
/// so that a hostile name repeated on every paragraph cannot multiply.
const MAX_STYLE_NAME_BYTES: usize = 1024;

/// A style id or name as kept, charged to the text budget.
fn style_string(value: Cow<'_, str>, budget: &mut Budget) -> Result<String, StylesError> {
    let mut kept = String::new();
    push_capped(&mut kept, &value, MAX_STYLE_NAME_BYTES);
    if budget.charge(Content::Text, kept.len()) {
        Ok(kept)
    } else {
        Err(StylesError::TooMuch(Content::Text))
    }
}

/// Reads styles.xml. Malformed, the document is read without styles; too large, it is refused.
fn parse_styles(xml: &str, budget: &mut Budget) -> Result<Styles, StylesError> {
    let mut raw: Vec<RawStyle> = Vec::new();
    let mut default_hint = None;
    let mut frames: Vec<SFrame> = Vec::new();
    let mut skip = 0usize;
    let mut scanner = Scanner::new(xml);
    loop {
        let (e, empty) = match scanner.next().map_err(|_| StylesError::Malformed)? {
            Some(Token::Start(e)) => (e, false),
            Some(Token::Empty(e)) => (e, true),
            Some(Token::End) => {
                if skip > 0 {
                    skip -= 1;
                } else {
                    frames.pop();
                }
                continue;
            }
            None => break,
            Some(_) => continue,
        };
        if skip > 0 {
            skip += usize::from(!empty);
            continue;
        }
        let local = e.local();
        let top = frames.last().copied();
        let frame = match (top, local) {
            (None, _) => Some(SFrame::Other),
            (Some(SFrame::Other), "style") if frames.len() == 1 => {
                if raw.len() >= Content::Styles.limit() {
                    return Err(StylesError::TooMuch(Content::Styles));
                }
                raw.push(RawStyle {
                    id: attr(&e, "styleId").map(|id| style_string(id, budget)).transpose()?.unwrap_or_default(),
                    paragraph: attr(&e, "type").is_some_and(|t| t == "paragraph"),
                    default: attr(&e, "default").is_some_and(|d| matches!(d.as_ref(), "1" | "true" | "on")),
                    ..RawStyle::default()
                });
                Some(SFrame::Style)
            }
            (Some(SFrame::Other), "docDefaults") if frames.len() == 1 => Some(SFrame::DocDefaults),
            (Some(SFrame::Style), "name") => {
                if let Some(s) = raw.last_mut() {
                    s.name = attr(&e, "val").map(|name| style_string(name, budget)).transpose()?;
                    s.heading = s.name.as_deref().and_then(heading_level);
                }
                None
            }
            (Some(SFrame::Style), "basedOn") => {
                if let Some(s) = raw.last_mut() {
                    s.based_on = attr(&e, "val").map(|id| style_string(id, budget)).transpose()?;
                }
                None
            }
            (Some(SFrame::Style), "pPr") => Some(SFrame::StylePPr),
            (Some(SFrame::Style), "rPr") => Some(SFrame::StyleRPr),
            (Some(SFrame::StylePPr), "outlineLvl") => {
                if let (Some(s), Some(level)) = (raw.last_mut(), outline_value(&e)) {
                    s.outline = Some(level);
                }
                None
            }
            (Some(SFrame::StyleRPr), "rFonts") => {
                if let (Some(s), Some(hint)) = (raw.last_mut(), hint_value(&e)) {
                    s.hint = Some(hint);
                }
                None
            }
            (Some(SFrame::StyleRPr), "vanish") => {
                if let Some(s) = raw.last_mut() {
                    s.vanish = Some(on_off(&e));
                }
                None
            }
            (Some(SFrame::DocDefaults), "rPrDefault") => Some(SFrame::RPrDefault),
            (Some(SFrame::RPrDefault), "rPr") => Some(SFrame::DefaultRPr),
            (Some(SFrame::DefaultRPr), "rFonts") => {
                default_hint = hint_value(&e).or(default_hint);
                None
            }
            _ => None,
        };
        match frame {
            Some(f) if !empty => frames.push(f),
            Some(_) => {}
            None => skip = usize::from(!empty),
        }
    }
    Ok(resolve_styles(raw, default_hint))
}

/// Ids and names move from the raw styles into the resolved ones: nothing is copied.
fn resolve_styles(mut raw: Vec<RawStyle>, default_hint: Option<bool>) -> Styles {
    let mut ids = HashMap::with_capacity(raw.len());
    for (i, s) in raw.iter_mut().enumerate() {
        ids.entry(std::mem::take(&mut s.id)).or_insert(i);
    }
    let mut list = Vec::with_capacity(raw.len());
    let mut chain = Vec::new();
    for i in 0..raw.len() {
        // The style, then its bases; a cycle or an absurd depth ends the walk.
        chain.clear();
        let mut at = Some(i);
        while let Some(j) = at {
            if chain.contains(&j) || chain.len() > 64 {
                break;
            }
            chain.push(j);
            at = raw[j].based_on.as_ref().and_then(|b| ids.get(b).copied());
        }
        let outline =
            chain.iter().find_map(|&j| raw[j].outline).unwrap_or_else(|| chain.iter().find_map(|&j| raw[j].heading));
        list.push(StyleInfo {
            name: None,
            outline,
            east_asian: chain.iter().find_map(|&j| raw[j].hint),
            vanish: chain.iter().find_map(|&j| raw[j].vanish),
        });
    }
    for (info, s) in list.iter_mut().zip(&mut raw) {
        info.name = s.name.take();
    }
    let default_para = raw.iter().position(|s| s.paragraph && s.default);
    Styles { ids, list, default_para, default_hint }
}

// ---------------------------------------------------------------------------------------------
// Small parts

fn parse_settings(xml: &str) -> bool {
    let mut scanner = Scanner::new(xml);
    loop {
        match scanner.next() {
            Ok(Some(Token::Start(e) | Token::Empty(e))) if e.local() == "doNotIncludeSubdocsInStats" => {
                return on_off(&e);
            }
            Ok(None) | Err(_) => return false,
            Ok(Some(_)) => {}
        }
    }
}

fn count_comments(xml: &str) -> usize {
    let mut scanner = Scanner::new(xml);
    let mut count = 0;
    loop {
        match scanner.next() {
            Ok(Some(Token::Start(e) | Token::Empty(e))) if e.local() == "comment" => count += 1,
            Ok(None) | Err(_) => return count,
            Ok(Some(_)) => {}
        }
    }
}

/// Longest document property kept (a title, an author): more is cut, since only a leak check reads them.
const MAX_PROPERTY_BYTES: usize = 64 * 1024;

/// Appends as much of `add` as fits in `cap` bytes, cut at a character boundary.
fn push_capped(text: &mut String, add: &str, cap: usize) {
    let mut room = cap.saturating_sub(text.len()).min(add.len());
    while !add.is_char_boundary(room) {
        room -= 1;
    }
    text.push_str(&add[..room]);
}

/// Text of the root's children with the given local names, trimmed, empty as `None`.
/// `None` altogether when the part is malformed.
fn root_child_texts<const N: usize>(xml: &str, names: [&str; N]) -> Option<[Option<String>; N]> {
    let mut found: [Option<String>; N] = std::array::from_fn(|_| None);
    let mut depth = 0usize;
    let mut capturing: Option<(usize, String)> = None;
    let mut scanner = Scanner::new(xml);
    loop {
        match scanner.next().ok()? {
            Some(Token::Start(e)) => {
                depth += 1;
                if depth == 2 && capturing.is_none() {
                    let local = e.local();
                    if let Some(i) = names.iter().position(|n| *n == local) {
                        capturing = Some((i, String::new()));
                    }
                }
            }
            Some(Token::End) => {
                if depth == 2 {
                    if let Some((i, text)) = capturing.take() {
                        let text = text.trim();
                        if let Some(slot) = found.get_mut(i) {
                            if slot.is_none() && !text.is_empty() {
                                *slot = Some(text.to_owned());
                            }
                        }
                    }
                }
                depth = depth.saturating_sub(1);
            }
            Some(Token::Text(t)) => {
                if let Some((_, text)) = capturing.as_mut() {
                    push_capped(text, &xml::text(t), MAX_PROPERTY_BYTES);
                }
            }
            Some(Token::CData(t)) => {
                if let Some((_, text)) = capturing.as_mut() {
                    push_capped(text, t, MAX_PROPERTY_BYTES);
                }
            }
            None => return Some(found),
            Some(Token::Empty(_)) => {}
        }
    }
}

// ---------------------------------------------------------------------------------------------
// document.xml, footnotes.xml, endnotes.xml

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Ns {
    W,
    M,
    Mc,
    Other,
}

/// Prefix → namespace, from the root element's declarations (Word declares every prefix there);
/// prefixes declared elsewhere fall back to the conventional ones.
#[derive(Debug)]
struct Namespaces {
    default: Ns,
    prefixes: Vec<(String, Ns)>,
}

impl Namespaces {
    fn from_root(e: &Tag<'_>) -> Self {
        let mut default = Ns::W;
        let mut prefixes = Vec::new();
        for (key, value) in e.attrs() {
            let ns = match value {
                "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
                | "http://purl.oclc.org/ooxml/wordprocessingml/main" => Ns::W,
                "http://schemas.openxmlformats.org/officeDocument/2006/math"
                | "http://purl.oclc.org/ooxml/officeDocument/math" => Ns::M,
                "http://schemas.openxmlformats.org/markup-compatibility/2006" => Ns::Mc,
                _ => Ns::Other,
            };
            if key == "xmlns" {
                default = ns;
            } else if let Some(prefix) = key.strip_prefix("xmlns:") {
                prefixes.push((prefix.to_owned(), ns));
            }
        }
        // The main namespace first: nearly every element is looked up under it.
        prefixes.sort_by_key(|(_, ns)| *ns != Ns::W);
        Self { default, prefixes }
    }

    fn lookup(&self, prefix: Option<&str>) -> Ns {
        let Some(prefix) = prefix else {
            return self.default;
        };
        for (p, ns) in &self.prefixes {
            if p == prefix {
                return *ns;
            }
        }
        match prefix {
            "w" => Ns::W,
            "m" => Ns::M,
            "mc" => Ns::Mc,
            _ => Ns::Other,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Body,
    Notes,
}

/// What an open element means on its `End`.
#[derive(Debug, Clone, Copy)]
enum Frame {
    /// Transparent: its children are read as if they stood in its parent.
    Other,
    Para,
    Run,
    Text,
    PPr,
    /// `w:pPr/w:rPr`: the paragraph mark's properties (only tracked-change marks are read).
    MarkRPr,
    RPr,
    TcPr,
    Table,
    Row,
    Cell,
    TextBox,
    Alt {
        choice_taken: bool,
    },
    Note {
        endnote: bool,
        id: i64,
        start: usize,
    },
}

#[derive(Debug, Default)]
struct RunState {
    style: Option<usize>,
    hint: Option<bool>,
    vanish: Option<bool>,
    /// (hidden, east_asian), once known.
    resolved: Option<(bool, bool)>,
}

/// What the document has kept so far, against [`Content::limit`]: shared by the styles, the body and
/// the notes, so that the caps hold for the document as a whole.
#[derive(Debug, Default)]
struct Budget {
    /// Indexed by `Content as usize`: one counter per kind of content.
    used: [usize; 6],
}

impl Budget {
    /// Counts `n` more of `what`; false once past its cap.
    fn charge(&mut self, what: Content, n: usize) -> bool {
        let used = &mut self.used[what as usize];
        *used = used.saturating_add(n);
        *used <= what.limit()
    }
}

/// Why a walk stops early on a well-formed part.
#[derive(Debug, Clone, Copy)]
enum Exceeded {
    Nesting,
    Content(Content),
}

#[derive(Debug)]
struct ParaBuilder {
    runs: Vec<Run>,
    style_id: Option<String>,
    /// The style named by `w:pStyle`, when it exists.
    named_style: Option<usize>,
    /// The style whose properties apply: the named one, else the default paragraph style.
    style: Option<usize>,
    own_outline: Option<Option<u8>>,
    place: Place,
    note_refs: Vec<NoteRef>,
    pictures: u32,
    run_stack: Vec<RunState>,
    /// Where the paragraph goes in `Walker::out`: its place is taken when it opens, so that the
    /// paragraphs of a text box anchored in it, which close first, land after it without being moved.
    slot: usize,
}

#[derive(Debug)]
struct OpenCell {
    start: usize,
    span: u32,
    merged_above: bool,
}

#[derive(Debug)]
struct OpenTable {
    index: usize,
    row_open: bool,
    cell: Option<OpenCell>,
}

struct Walker<'s, 'b> {
    styles: &'s Styles,
    mode: Mode,
    budget: &'b mut Budget,
    /// Set when a cap is passed: the walk stops after the current token.
    exceeded: Option<Exceeded>,
    ns: Namespaces,
    root_seen: bool,
    /// The root element is `w:document` (a renamed .thmx or .xlsx has a different main part).
    root_is_document: bool,
    frames: Vec<Frame>,
    /// Depth inside an element whose whole subtree is ignored.
    skip: usize,
    paras: Vec<ParaBuilder>,
    /// Emptied run stacks of closed paragraphs, for reuse.
    spare_run_stacks: Vec<Vec<RunState>>,
    places: Vec<Place>,
    boxes: usize,
    tables_open: Vec<OpenTable>,
    note_open: bool,
    /// Paragraphs in reading order; an open paragraph holds its slot with a default value.
    out: Vec<Paragraph>,
    tables: Vec<Table>,
    notes: Vec<(bool, Note)>,
    hidden: Hidden,
    fields: Fields,
}

/// The complex fields (`w:fldChar` begin … separate … end) open at this point of a part. Word shows a
/// field's result, not its code: text counts only when every open field has passed its `separate`, so the
/// stored result of a field nested in another's code is not counted either.
#[derive(Debug, Default)]
struct Fields {
    /// Whether each open field has passed its `separate`, innermost last (at most [`Fields::MAX`]).
    open: Vec<bool>,
    /// Open fields still in their code.
    in_code: usize,
    /// Fields begun past [`Fields::MAX`]: counted, not recorded (their ends close them first).
    beyond: usize,
}

impl Fields {
    const MAX: usize = 256;

    fn char(&mut self, kind: &str) {
        match kind {
            "begin" if self.open.len() < Self::MAX => {
                self.open.push(false);
                self.in_code += 1;
            }
            "begin" => self.beyond += 1,
            "separate" if self.beyond == 0 => {
                if let Some(separated @ false) = self.open.last_mut() {
                    *separated = true;
                    self.in_code -= 1;
                }
            }
            "end" if self.beyond > 0 => self.beyond -= 1,
            "end" if self.open.pop() == Some(false) => self.in_code -= 1,
            _ => {}
        }
    }

    /// Whether text here is a field's code (or lies inside one), which Word does not show.
    fn hides(&self) -> bool {
        self.in_code > 0 || self.beyond > 0
    }
}

impl<'s, 'b> Walker<'s, 'b> {
    fn new(styles: &'s Styles, mode: Mode, budget: &'b mut Budget) -> Self {
        Walker {
            styles,
            mode,
            budget,
            exceeded: None,
            ns: Namespaces { default: Ns::W, prefixes: Vec::new() },
            root_seen: false,
            root_is_document: false,
            frames: Vec::new(),
            skip: 0,
            paras: Vec::new(),
            spare_run_stacks: Vec::new(),
            places: Vec::new(),
            boxes: 0,
            tables_open: Vec::new(),
            note_open: false,
            out: Vec::new(),
            tables: Vec::new(),
            notes: Vec::new(),
            hidden: Hidden::default(),
            fields: Fields::default(),
        }
    }

    /// Walks a part's text (without its byte order mark), `offset` bytes into the part.
    fn run(mut self, text: &str, offset: u64, part: &str) -> Result<Self, DocxError> {
        let mut scanner = Scanner::new(text);
        loop {
            let token = match scanner.next() {
                Ok(Some(token)) => token,
                Ok(None) => break,
                Err(e) if e.too_deep => {
                    return Err(DocxError::TooDeep { part: part.to_owned(), limit: xml::MAX_DEPTH, elements: true })
                }
                Err(e) => {
                    return Err(DocxError::Xml {
                        part: part.to_owned(),
                        position: offset + e.position,
                        message: e.message,
                    })
                }
            };
            match token {
                Token::Start(e) => self.start(&e),
                Token::Empty(e) => {
                    self.start(&e);
                    self.end();
                }
                Token::End => self.end(),
                Token::Text(t) if self.in_text() => self.push_text(&xml::text(t)),
                Token::CData(t) if self.in_text() => self.push_text(t),
                Token::Text(_) | Token::CData(_) => {}
            }
            match self.exceeded {
                None => {}
                Some(Exceeded::Nesting) => {
                    return Err(DocxError::TooDeep { part: part.to_owned(), limit: MAX_NESTING, elements: false })
                }
                Some(Exceeded::Content(what)) => return Err(DocxError::TooMuch(what)),
            }
        }
        Ok(self)
    }

    /// Counts `n` more of `what` against the document's budget; false (and the walk ends) past its cap.
    fn charge(&mut self, what: Content, n: usize) -> bool {
        let ok = self.budget.charge(what, n);
        if !ok {
            self.exceeded.get_or_insert(Exceeded::Content(what));
        }
        ok
    }

    /// Whether one more paragraph, table or text box may open inside the open ones.
    fn may_nest(&mut self) -> bool {
        let ok = self.paras.len() + self.tables_open.len() + self.boxes < MAX_NESTING;
        if !ok {
            self.exceeded.get_or_insert(Exceeded::Nesting);
        }
        ok
    }

    fn in_text(&self) -> bool {
        self.skip == 0 && matches!(self.frames.last(), Some(Frame::Text))
    }

    fn start(&mut self, e: &Tag<'_>) {
        if self.skip > 0 {
            self.skip += 1;
            return;
        }
        if !self.root_seen {
            self.root_seen = true;
            self.ns = Namespaces::from_root(e);
        }
        let (prefix, local) = e.split();
        let ns = self.ns.lookup(prefix);
        if self.frames.is_empty() && !self.root_is_document {
            self.root_is_document = ns == Ns::W && local == "document";
        }
        let frame = match self.frames.last() {
            Some(Frame::PPr) => self.ppr_child(ns, local, e),
            Some(Frame::MarkRPr) => {
                if ns == Ns::W {
                    match local {
                        "ins" | "moveTo" => self.hidden.insertions += 1,
                        "del" | "moveFrom" => self.hidden.deletions += 1,
                        _ => {}
                    }
                }
                None
            }
            Some(Frame::RPr) => self.rpr_child(ns, local, e),
            Some(Frame::TcPr) => self.tcpr_child(ns, local, e),
            Some(Frame::Text) => None,
            Some(Frame::Run) => self.run_child(ns, local, e),
            _ => self.content(ns, local, e),
        };
        match frame {
            Some(frame) => self.frames.push(frame),
            None => self.skip = 1,
        }
    }

    fn end(&mut self) {
        if self.skip > 0 {
            self.skip -= 1;
            return;
        }
        match self.frames.pop() {
            Some(Frame::Para) => self.close_para(),
            Some(Frame::Run) => self.close_run(),
            Some(Frame::Table) => {
                self.tables_open.pop();
            }
            Some(Frame::Row) => {
                if let Some(t) = self.tables_open.last_mut() {
                    t.row_open = false;
                }
            }
            Some(Frame::Cell) => self.close_cell(),
            Some(Frame::TextBox) => {
                self.places.pop();
                self.boxes = self.boxes.saturating_sub(1);
            }
            Some(Frame::Note { endnote, id, start }) => {
                self.note_open = false;
                let paragraphs = self.out.drain(start.min(self.out.len())..).collect();
                self.notes.push((endnote, Note { id, paragraphs }));
            }
            _ => {}
        }
    }

    fn ppr_child(&mut self, ns: Ns, local: &str, e: &Tag<'_>) -> Option<Frame> {
        if ns != Ns::W {
            return None;
        }
        match local {
            "pStyle" => {
                let styles = self.styles;
                let id = attr(e, "val");
                if !self.charge(Content::Text, id.as_ref().map_or(0, |id| id.len())) {
                    return None;
                }
                if let (Some(p), Some(id)) = (self.paras.last_mut(), id) {
                    p.named_style = styles.ids.get(id.as_ref()).copied();
                    p.style = p.named_style.or(styles.default_para);
                    p.style_id = Some(id.into_owned());
                }
                None
            }
            "outlineLvl" => {
                if let (Some(p), Some(level)) = (self.paras.last_mut(), outline_value(e)) {
                    p.own_outline = Some(level);
                }
                None
            }
            "rPr" => Some(Frame::MarkRPr),
            _ => None,
        }
    }

    fn rpr_child(&mut self, ns: Ns, local: &str, e: &Tag<'_>) -> Option<Frame> {
        if ns != Ns::W {
            return None;
        }
        let styles = self.styles;
        let run = self.paras.last_mut().and_then(|p| p.run_stack.last_mut())?;
        match local {
            "rStyle" => run.style = attr(e, "val").and_then(|id| styles.ids.get(id.as_ref()).copied()),
            "vanish" => run.vanish = Some(on_off(e)),
            "rFonts" => {
                if let Some(hint) = hint_value(e) {
                    run.hint = Some(hint);
                }
            }
            _ => {}
        }
        None
    }

    fn tcpr_child(&mut self, ns: Ns, local: &str, e: &Tag<'_>) -> Option<Frame> {
        if ns != Ns::W {
            return None;
        }
        let cell = self.tables_open.last_mut().and_then(|t| t.cell.as_mut())?;
        match local {
            "gridSpan" => {
                cell.span = attr(e, "val").and_then(|v| v.trim().parse::<u32>().ok()).unwrap_or(1).max(1);
            }
            "vMerge" => cell.merged_above = attr(e, "val").is_none_or(|v| v != "restart"),
            _ => {}
        }
        None
    }

    /// A direct child of `w:r` (or `m:r`).
    fn run_child(&mut self, ns: Ns, local: &str, e: &Tag<'_>) -> Option<Frame> {
        if local == "rPr" {
            if ns != Ns::W {
                return None;
            }
            if let Some(run) = self.paras.last_mut().and_then(|p| p.run_stack.last_mut()) {
                run.resolved = None;
            }
            return Some(Frame::RPr);
        }
        if (ns, local) == (Ns::W, "fldChar") {
            // Read even in a hidden run: a field's structure does not depend on how it is shown.
            if let Some(kind) = attr(e, "fldCharType") {
                self.fields.char(kind.trim());
            }
            return None;
        }
        let (hidden, _) = self.current_run()?;
        if hidden || self.fields.hides() {
            return None;
        }
        let text = match (ns, local) {
            (Ns::W | Ns::M, "t") => return Some(Frame::Text),
            (Ns::W, "tab" | "ptab") => "\t",
            (Ns::W, "br" | "cr") => "\n",
            (Ns::W, "noBreakHyphen") => "\u{2011}",
            (Ns::W, "sym") => {
                let c =
                    attr(e, "char").and_then(|hex| u32::from_str_radix(hex.trim(), 16).ok()).and_then(char::from_u32);
                if let Some(c) = c {
                    self.push_text(c.encode_utf8(&mut [0; 4]));
                }
                return None;
            }
            (Ns::W, "footnoteReference" | "endnoteReference") => {
                let id = attr(e, "id").and_then(|v| v.trim().parse::<i64>().ok());
                if id.is_some() && !self.charge(Content::Notes, 1) {
                    return None;
                }
                if let (Some(id), Some(p)) = (id, self.paras.last_mut()) {
                    p.note_refs.push(if local == "footnoteReference" {
                        NoteRef::Footnote(id)
                    } else {
                        NoteRef::Endnote(id)
                    });
                }
                return None;
            }
            _ => return self.content(ns, local, e),
        };
        self.push_text(text);
        None
    }

    /// Anything outside run and property contexts.
    fn content(&mut self, ns: Ns, local: &str, e: &Tag<'_>) -> Option<Frame> {
        match ns {
            Ns::W => {}
            Ns::M if local == "r" && !self.paras.is_empty() => return Some(self.open_run()),
            Ns::Mc => {
                return match local {
                    "AlternateContent" => Some(Frame::Alt { choice_taken: false }),
                    // Word takes the first Choice it understands; the Fallback (VML) repeats it.
                    "Choice" => match self.frames.last_mut() {
                        Some(Frame::Alt { choice_taken }) if !*choice_taken => {
                            *choice_taken = true;
                            Some(Frame::Other)
                        }
                        Some(Frame::Alt { .. }) => None,
                        _ => Some(Frame::Other),
                    },
                    "Fallback" => None,
                    _ => Some(Frame::Other),
                };
            }
            _ => return Some(Frame::Other),
        }
        match local {
            "p" => {
                if !self.may_nest() || !self.charge(Content::Paragraphs, 1) {
                    return None;
                }
                self.open_para();
                Some(Frame::Para)
            }
            "r" if !self.paras.is_empty() => Some(self.open_run()),
            "r" => None,
            "pPr" if matches!(self.frames.last(), Some(Frame::Para)) => Some(Frame::PPr),
            "tbl" if self.tables_allowed() => {
                if !self.may_nest() || !self.charge(Content::TableCells, 1) {
                    return None;
                }
                let index = self.tables.len();
                self.tables.push(Table { rows: Vec::new(), first_paragraph: self.out.len() });
                self.tables_open.push(OpenTable { index, row_open: false, cell: None });
                Some(Frame::Table)
            }
            "tr" if self.tables_allowed() => {
                let Some(table) = self.tables_open.last_mut().filter(|t| !t.row_open) else {
                    return Some(Frame::Other);
                };
                table.row_open = true;
                let index = table.index;
                if !self.charge(Content::TableCells, 1) {
                    return None;
                }
                if let Some(t) = self.tables.get_mut(index) {
                    t.rows.push(Vec::new());
                }
                Some(Frame::Row)
            }
            "tc" if self.tables_allowed() => {
                if !self.charge(Content::TableCells, 1) {
                    return None;
                }
                let Some(table) = self.tables_open.last_mut().filter(|t| t.row_open && t.cell.is_none()) else {
                    return Some(Frame::Other);
                };
                let rows = self.tables.get(table.index).map_or(&[][..], |t| &t.rows[..]);
                let row = rows.len().saturating_sub(1);
                let col = rows.last().map_or(0, Vec::len);
                table.cell = Some(OpenCell { start: self.out.len(), span: 1, merged_above: false });
                self.places.push(Place::TableCell { table: table.index, row, col });
                Some(Frame::Cell)
            }
            "tcPr" if matches!(self.frames.last(), Some(Frame::Cell)) => Some(Frame::TcPr),
            "drawing" | "pict" => {
                if let Some(p) = self.paras.last_mut() {
                    p.pictures += 1;
                }
                Some(Frame::Other)
            }
            "txbxContent" => {
                if !self.may_nest() {
                    return None;
                }
                self.places.push(Place::TextBox);
                self.boxes += 1;
                Some(Frame::TextBox)
            }
            "ins" | "moveTo" => {
                self.hidden.insertions += 1;
                Some(Frame::Other)
            }
            "del" | "moveFrom" => {
                self.hidden.deletions += 1;
                None
            }
            "footnote" | "endnote" if self.mode == Mode::Notes && !self.note_open && self.paras.is_empty() => {
                if attr(e, "type").is_some_and(|t| t != "normal") {
                    return None; // separator and continuation notes
                }
                let id = attr(e, "id").and_then(|v| v.trim().parse::<i64>().ok())?;
                if !self.charge(Content::Notes, 1) {
                    return None;
                }
                self.note_open = true;
                Some(Frame::Note { endnote: local == "endnote", id, start: self.out.len() })
            }
            // Properties, field codes, deleted text, ruby guides and section settings hold no counted text.
            "pPr" | "rPr" | "tcPr" | "delText" | "instrText" | "delInstrText" | "fldChar" | "sectPr" | "tblPr"
            | "tblGrid" | "trPr" | "tblPrEx" | "sdtPr" | "sdtEndPr" | "customXmlPr" | "smartTagPr" | "rt"
            | "rubyPr" | "background" | "commentReference" | "rPrChange" | "pPrChange" | "tcPrChange"
            | "trPrChange" | "tblPrChange" | "sectPrChange" | "tblGridChange" | "numberingChange" => None,
            _ => Some(Frame::Other),
        }
    }

    /// Tables are recorded only in the body and outside text boxes, where their paragraphs land in
    /// [`Document::paragraphs`] in order (inside a text box they are plain text-box paragraphs).
    fn tables_allowed(&self) -> bool {
        self.mode == Mode::Body && self.boxes == 0 && self.paras.is_empty()
    }

    fn open_para(&mut self) {
        let slot = self.out.len();
        self.out.push(Paragraph::default());
        self.paras.push(ParaBuilder {
            runs: Vec::new(),
            style_id: None,
            named_style: None,
            style: self.styles.default_para,
            own_outline: None,
            place: self.places.last().copied().unwrap_or_default(),
            note_refs: Vec::new(),
            pictures: 0,
            run_stack: self.spare_run_stacks.pop().unwrap_or_default(),
            slot,
        });
    }

    fn close_para(&mut self) {
        let Some(mut b) = self.paras.pop() else { return };
        // The run stack's buffer serves the next paragraph: one allocation per walk, not per paragraph.
        let mut run_stack = std::mem::take(&mut b.run_stack);
        run_stack.clear();
        self.spare_run_stacks.push(run_stack);
        let style = self.styles.get(b.style);
        let outline_level = match b.own_outline {
            Some(level) => level,
            None => style.and_then(|s| s.outline),
        };
        let style_name = self.styles.get(b.named_style).and_then(|s| s.name.as_ref());
        if !self.charge(Content::Text, style_name.map_or(0, String::len)) {
            return;
        }
        let paragraph = Paragraph {
            runs: b.runs,
            style_name: style_name.cloned(),
            style_id: b.style_id,
            outline_level,
            place: b.place,
            note_refs: b.note_refs,
            pictures: b.pictures,
        };
        if let Some(slot) = self.out.get_mut(b.slot) {
            *slot = paragraph;
        }
    }

    fn open_run(&mut self) -> Frame {
        if let Some(p) = self.paras.last_mut() {
            p.run_stack.push(RunState::default());
        }
        Frame::Run
    }

    fn close_run(&mut self) {
        let Some((hidden, _)) = self.current_run() else {
            return;
        };
        if hidden {
            self.hidden.hidden_runs += 1;
        }
        if let Some(p) = self.paras.last_mut() {
            p.run_stack.pop();
        }
    }

    /// (hidden, east_asian) of the innermost open run, resolved through the styles once.
    fn current_run(&mut self) -> Option<(bool, bool)> {
        let styles = self.styles;
        let p = self.paras.last_mut()?;
        let para_style = styles.get(p.style);
        let run = p.run_stack.last_mut()?;
        if let Some(resolved) = run.resolved {
            return Some(resolved);
        }
        let char_style = styles.get(run.style);
        let hidden = run
            .vanish
            .or_else(|| char_style.and_then(|s| s.vanish))
            .or_else(|| para_style.and_then(|s| s.vanish))
            .unwrap_or(false);
        let east_asian = run
            .hint
            .or_else(|| char_style.and_then(|s| s.east_asian))
            .or_else(|| para_style.and_then(|s| s.east_asian))
            .or(styles.default_hint)
            .unwrap_or(false);
        run.resolved = Some((hidden, east_asian));
        Some((hidden, east_asian))
    }

    fn push_text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        let Some((hidden, east_asian)) = self.current_run() else {
            return;
        };
        let Some(p) = self.paras.last_mut() else {
            return;
        };
        if hidden {
            return;
        }
        let merged = p.runs.last().is_some_and(|run| run.east_asian == east_asian);
        if !self.charge(Content::Text, text.len()) || (!merged && !self.charge(Content::Runs, 1)) {
            return;
        }
        let Some(p) = self.paras.last_mut() else {
            return;
        };
        match p.runs.last_mut() {
            Some(run) if merged => run.text.push_str(text),
            _ => p.runs.push(Run { text: text.to_owned(), east_asian }),
        }
    }

    fn close_cell(&mut self) {
        self.places.pop();
        let Some(table) = self.tables_open.last_mut() else {
            return;
        };
        let Some(open) = table.cell.take() else {
            return;
        };
        let end = self.out.len();
        let start = open.start.min(end);
        let index = table.index;
        // A nested table's text is in every cell around it: the text is charged before it is copied.
        let cell_paragraphs = || self.out[start..end].iter().filter(|p| p.place != Place::TextBox);
        let len = cell_paragraphs().map(|p| p.runs.iter().map(|r| r.text.len()).sum::<usize>() + 1).sum::<usize>();
        if !self.budget.charge(Content::Text, len) {
            self.exceeded.get_or_insert(Exceeded::Content(Content::Text));
            return;
        }
        let mut text = String::with_capacity(len);
        for (n, p) in self.out[start..end].iter().filter(|p| p.place != Place::TextBox).enumerate() {
            if n > 0 {
                text.push('\n');
            }
            for run in &p.runs {
                text.push_str(&run.text);
            }
        }
        let cell = Cell { text, paragraphs: start..end, span: open.span, merged_above: open.merged_above };
        if let Some(row) = self.tables.get_mut(index).and_then(|t| t.rows.last_mut()) {
            row.push(cell);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_refuses_declared_and_actual_oversize() {
        let data = [b'x'; 100];
        assert!(read_capped(&data[..], 100, "p", 100).is_ok());
        assert!(matches!(read_capped(&data[..], 101, "p", 100), Err(DocxError::TooLarge { .. })));
        // A header that lies about the size is caught while reading.
        assert!(matches!(read_capped(&data[..], 10, "p", 99), Err(DocxError::TooLarge { limit: 99, .. })));
        assert_eq!(read_capped(&data[..], 0, "p", 1000).map(|b| b.len()).ok(), Some(100));
    }

    fn deflate(data: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut encoder = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(data).expect("deflate");
        encoder.finish().expect("deflate")
    }

    #[test]
    fn one_pass_inflate_refuses_damage_and_lies() {
        let text = "<w:t>数据要素×典型案例</w:t>".repeat(5000);
        let raw = deflate(text.as_bytes());
        let mut inflater = Decompress::new(false);
        let declared = text.len() as u64;
        // The declared size, a larger one (capacity grows in steps) and the inflater reused.
        for size in [declared, declared * 3, declared] {
            assert_eq!(inflate_declared(&mut inflater, &raw, size).as_deref(), Ok(text.as_bytes()));
        }
        // Output past the declared size is refused, not trusted.
        let lie = inflate_declared(&mut inflater, &raw, declared - 1);
        assert!(lie.is_err_and(|e| e.contains("larger than its declared")));
        // A stream cut short, and garbage.
        let cut = inflate_declared(&mut inflater, &raw[..raw.len() / 2], declared);
        assert!(cut.is_err_and(|e| e.contains("ends early")));
        assert!(inflate_declared(&mut inflater, &[0xFF; 64], declared).is_err());
    }

    #[test]
    fn parts_are_found_ignoring_case_and_checked() {
        use std::io::Write;
        let text = "<w:document>数据要素</w:document>".repeat(200);
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let deflated = zip::write::SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
        let stored = zip::write::SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
        zip.start_file("word/document.xml", deflated).expect("entry");
        zip.write_all(text.as_bytes()).expect("write");
        zip.start_file("Word/Styles.XML", stored).expect("entry");
        zip.write_all(b"<w:styles/>").expect("write");
        let bytes = zip.finish().expect("zip").into_inner();

        let mut pkg = Package::open(&bytes).expect("a zip");
        assert_eq!(pkg.read("word/document.xml", MAX_PART_BYTES).expect("read").as_deref(), Some(text.as_bytes()));
        assert_eq!(pkg.read("/word/styles.xml", MAX_PART_BYTES).expect("read").as_deref(), Some(&b"<w:styles/>"[..]));
        assert!(pkg.read("word/settings.xml", MAX_PART_BYTES).expect("read").is_none());
        assert!(matches!(pkg.read("word/document.xml", 100), Err(DocxError::TooLarge { limit: 100, .. })));

        // One byte of the stored part changed: the CRC says so.
        let mut damaged = bytes.clone();
        let at = damaged.windows(11).position(|w| w == b"<w:styles/>").expect("stored data");
        damaged[at + 3] = b'x';
        let mut pkg = Package::open(&damaged).expect("a zip");
        assert!(
            matches!(pkg.read("word/styles.xml", MAX_PART_BYTES), Err(DocxError::Zip(e)) if e.contains("checksum"))
        );
    }

    #[test]
    fn heading_names() {
        assert_eq!(heading_level("heading 1"), Some(1));
        assert_eq!(heading_level("Heading9"), Some(9));
        assert_eq!(heading_level("标题 2"), Some(2));
        assert_eq!(heading_level("标题3"), Some(3));
        assert_eq!(heading_level("heading 1 Char"), None);
        assert_eq!(heading_level("heading 10"), None);
        assert_eq!(heading_level("heading 0"), None);
        assert_eq!(heading_level("Title"), None);
    }

    #[test]
    fn relationship_targets() {
        assert_eq!(resolve_target("", "word/document.xml"), "word/document.xml");
        assert_eq!(resolve_target("", "/word/document2.xml"), "word/document2.xml");
        assert_eq!(resolve_target("word/", "styles.xml"), "word/styles.xml");
        assert_eq!(resolve_target("word/", "../customXml/item1.xml"), "customXml/item1.xml");
        assert_eq!(resolve_target("word/", "./footnotes.xml"), "word/footnotes.xml");
    }

    #[test]
    fn style_cycles_end() {
        let xml = r#"<w:styles xmlns:w="x">
            <w:style w:type="paragraph" w:styleId="A"><w:name w:val="A"/><w:basedOn w:val="B"/></w:style>
            <w:style w:type="paragraph" w:styleId="B"><w:name w:val="B"/><w:basedOn w:val="A"/></w:style>
            <w:style w:type="paragraph" w:styleId="C"><w:name w:val="C"/><w:basedOn w:val="D"/></w:style>
            <w:style w:type="paragraph" w:styleId="D"><w:name w:val="heading 4"/><w:rPr><w:vanish/></w:rPr></w:style>
        </w:styles>"#;
        let Ok(styles) = parse_styles(xml, &mut Budget::default()) else { panic!("well-formed") };
        let c = styles.get(styles.ids.get("C").copied()).expect("C");
        assert_eq!(c.outline, Some(4));
        assert_eq!(c.vanish, Some(true));
        let a = styles.get(styles.ids.get("A").copied()).expect("A");
        assert_eq!(a.outline, None);
    }

    #[test]
    fn utf16_parts_are_transcoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "<a>中</a>".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(decode_text(bytes).map(|(t, _)| t).ok().as_deref(), Some("<a>中</a>"));
        assert!(decode_text(vec![b'<', 0xFF, b'>']).is_err());
    }
}
