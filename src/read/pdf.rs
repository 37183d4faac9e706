//! PDF files (用印PDF, scanned attachments): version, pages, encryption, Info dates, text layer, images and
//! evidence of a seal (公章).
//!
//! Bytes in, plain data out. Nothing here knows what a notice asks for: whether a seal is required, which
//! dates are too late or how much text a page needs is decided by the checks.
//!
//! The seal finding is a heuristic and says so: it reports *evidence* with a confidence below 1.0, never a
//! verdict. A seal is looked for as a red, roughly round blob with an empty centre-to-corner layout (a ring
//! with a star and text inside) in the page's images, as a red closed curve in its vector graphics, or as a
//! `/Stamp` annotation.

//!
//! Whatever a file holds, reading it is bounded: objects are counted before lopdf parses them
//! ([`census`]), every walk over the file's structure has a depth and a visited set, and the work of the
//! seal and text analysis has budgets per page and per file (the `MAX_*` constants below). Past a budget
//! the rest of the analysis is skipped and [`PdfInfo::limit`] says which budget it was.

mod census;
mod raw_stream;

use std::collections::{HashMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::rc::Rc;

use lopdf::content::{Content, Operation};
use lopdf::{DecompressError, Dictionary, Document, Encoding, LoadOptions, Object, ObjectId, Permissions, Stream};
use serde::Serialize;

/// What a PDF is, as far as the checks need to know.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PdfInfo {
    /// The header version, `1.7` from `%PDF-1.7` (a later catalog `/Version` is not applied).
    pub version: String,
    pub pages: u32,
    pub encryption: Encryption,
    pub producer: Option<String>,
    pub creator: Option<String>,
    pub title: Option<String>,
    /// Info dictionary `/CreationDate` as Unix seconds. The time zone written in the date is applied; a date
    /// without one is taken as Beijing time (+08:00), which is what Chinese office software means by it.
    pub created: Option<i64>,
    /// Info dictionary `/ModDate` as Unix seconds, read like [`PdfInfo::created`].
    pub modified: Option<i64>,
    /// `/CreationDate` as written, for messages (`D:20240801093000+08'00'`).
    pub created_raw: Option<String>,
    /// One entry per page, in page order.
    pub page_details: Vec<PageInfo>,
    /// The first bound on work the file reached, if any: the pages it cut short say so in
    /// [`PageInfo::analysis`].
    pub limit: Option<Limit>,
}

/// How much of a page was looked at for text and seals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Analysis {
    /// All of it.
    Full,
    /// Some of it: a bound on work was reached on this page (see [`PdfInfo::limit`]).
    Partial,
    /// None of it: the file's budget was spent before this page. The page is still counted.
    Skipped,
}

/// A bound on the work one PDF may cost, whatever it holds (see the constants in this module).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Limit {
    /// Drawing operations on one page ([`MAX_OPS_PER_PAGE`]), or operands before one operator.
    PageOperations,
    /// Drawing operations in the whole file ([`MAX_OPS_PER_FILE`]).
    FileOperations,
    /// Bytes inflated from the file's streams ([`MAX_DECODED_PER_FILE`]).
    DecodedBytes,
    /// Image pixels decoded to look for a red seal ([`MAX_PIXELS_PER_FILE`]).
    ImagePixels,
    /// One stream inflating past [`MAX_STREAM_BYTES`].
    StreamSize,
    /// Forms inside forms deeper than [`MAX_FORM_DEPTH`].
    Nesting,
    /// Extracted text past [`MAX_TEXT_BYTES`].
    Text,
}

/// A PDF's facts and its text layer, read in one pass.
#[derive(Debug, Clone, PartialEq)]
pub struct PdfRead {
    pub info: PdfInfo,
    /// The text of the whole document, pages joined with '\n'; empty for scans and for PDFs that need a
    /// password; cut short past [`MAX_TEXT_BYTES`].
    pub text: String,
}

/// How a PDF is locked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Encryption {
    None,
    /// Opens without a password but carries restrictions (an owner password): `print` and `copy` are the
    /// permission bits 3 and 5 of `/P`.
    OwnerOnly {
        print: bool,
        copy: bool,
    },
    /// Needs a password to open: a reviewer cannot read it, and nothing else about it can be read here.
    UserPassword,
}

/// One page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageInfo {
    /// 1-based page number.
    pub number: u32,
    /// Non-whitespace characters in the page's extracted text; about 0 for a scan.
    pub text_chars: usize,
    /// Images drawn on the page, including those inside form XObjects and inline images; each image object
    /// is counted once per page however often it is drawn.
    pub images: u32,
    /// The strongest seal evidence on the page, if any.
    pub seal: Option<Seal>,
    /// Painted vector paths (lines, curves, filled shapes), so a page of drawings is not taken for blank.
    pub paths: u32,
    /// Whether the page was looked at in full, in part or not at all (past a bound on work).
    pub analysis: Analysis,
}

/// Evidence of a seal (公章) on a page.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Seal {
    pub kind: SealKind,
    /// Confidence of the heuristic, in 0..1 and always below 1.0.
    pub score: f32,
}

/// Where the seal evidence was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SealKind {
    /// A red ring-like blob in an image (a scanned or pasted seal).
    RedImage,
    /// A red closed curve in the page's vector graphics (an electronic seal drawn as paths).
    RedVector,
    /// A `/Subtype /Stamp` annotation (a seal stamped in a PDF editor).
    StampAnnotation,
}

/// Why a PDF could not be read.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("not a PDF: no %PDF- header in the first 1024 bytes")]
    NotPdf,
    #[error("damaged PDF: {0}")]
    Damaged(String),
    /// The file could not be opened or read (read::file's account of why, in both languages).
    #[error("cannot be read: {en}")]
    Unopened { zh: String, en: String },
    /// More objects than a check may hold in memory (see `census::MAX_OBJECTS`).
    #[error("too complex to read safely: more than {0} objects")]
    TooComplex(usize),
    /// An object stream that decodes to more than `census::MAX_OBJECT_STREAM_BYTES`, or all of them to
    /// more than `census::MAX_OBJECT_STREAMS_TOTAL`: the bound in MiB.
    #[error("too complex to read safely: its object streams decode to more than {0} MiB")]
    ObjectStreamsTooLarge(usize),
}

/// Pages with fewer extracted characters than this have no text layer worth the name (page numbers, a
/// stray OCR line).
pub const TEXT_LAYER_MIN_CHARS: usize = 20;

impl PdfInfo {
    /// Most pages are images without a text layer: a scan, whose text can be neither searched nor compared
    /// with the Word file.
    /// Pages not looked at (past a bound on work) do not count either way.
    pub fn is_scanned(&self) -> bool {
        let looked_at = self.page_details.iter().filter(|page| page.analysis != Analysis::Skipped);
        let (pages, scanned) = looked_at.fold((0, 0), |(pages, scanned), page| {
            (pages + 1, scanned + usize::from(page.images > 0 && page.text_chars < TEXT_LAYER_MIN_CHARS))
        });
        pages > 0 && scanned * 2 > pages
    }

    /// Numbers of the pages that were not looked at in full for text and seals.
    pub fn incomplete_pages(&self) -> Vec<u32> {
        self.page_details.iter().filter(|page| page.analysis != Analysis::Full).map(|page| page.number).collect()
    }

    /// Numbers of the pages that carry a text layer (at least [`TEXT_LAYER_MIN_CHARS`] characters).
    pub fn text_layer_pages(&self) -> Vec<u32> {
        self.page_details
            .iter()
            .filter(|page| page.text_chars >= TEXT_LAYER_MIN_CHARS)
            .map(|page| page.number)
            .collect()
    }
}

/// Reads a PDF from memory. Never panics or overflows the stack on bad input: a file lopdf cannot make
/// sense of is [`PdfError::Damaged`], one too large to hold is [`PdfError::TooComplex`].
pub fn read_pdf(bytes: &[u8]) -> Result<PdfInfo, PdfError> {
    read_pdf_with_text(bytes).map(|read| read.info)
}

/// Text of the whole document, pages joined with '\n' (for comparing with the Word file); empty for scans
/// and for PDFs that need a password.
pub fn pdf_text(bytes: &[u8]) -> Result<String, PdfError> {
    read_pdf_with_text(bytes).map(|read| read.text)
}

/// [`read_pdf`] and [`pdf_text`] in one pass: the file is parsed, and every stream inflated, once.
pub fn read_pdf_with_text(bytes: &[u8]) -> Result<PdfRead, PdfError> {
    on_reader_stack(bytes, |bytes| {
        guarded(|| {
            let doc = load(bytes)?;
            inspect(&doc)
        })
    })
}

/// Stack of the thread a PDF is read on. Every walk here is bounded (forms [`MAX_FORM_DEPTH`] deep, colour
/// spaces [`MAX_COLOUR_SPACE_DEPTH`]) and lopdf bounds its parser's nesting, so this is room to spare, not a
/// bound anything relies on: a batch's worker threads have 2 MB, and a stack overflow aborts the whole run.
const READER_STACK: usize = 64 << 20;

/// Runs `read` on a thread of its own with [`READER_STACK`] of stack; on the calling thread if no thread
/// can be started.
fn on_reader_stack<T: Send>(bytes: &[u8], read: fn(&[u8]) -> Result<T, PdfError>) -> Result<T, PdfError> {
    std::thread::scope(|scope| {
        let spawned = std::thread::Builder::new()
            .name("pdf-reader".into())
            .stack_size(READER_STACK)
            .spawn_scoped(scope, || read(bytes));
        match spawned {
            Ok(reader) => reader.join().unwrap_or_else(|panic| Err(reader_failed(&*panic))),
            Err(_) => read(bytes),
        }
    })
}

/// Parses a PDF date (`D:YYYYMMDDHHmmSSOHH'mm'`, everything after the year optional) into Unix seconds.
/// A date without a time zone is taken as Beijing time (+08:00).
pub fn parse_pdf_date(raw: &str) -> Option<i64> {
    let s = raw.trim().trim_start_matches('\u{feff}');
    let s = s.strip_prefix("D:").unwrap_or(s);
    let bytes = s.as_bytes();
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    if digits < 4 {
        return None;
    }
    let field = |start: usize, len: usize, default: i32| -> Option<i32> {
        if start + len > digits {
            return Some(default);
        }
        s.get(start..start + len)?.parse().ok()
    };
    let year = field(0, 4, 0)?;
    let month = field(4, 2, 1)?;
    let day = field(6, 2, 1)?;
    let hour = field(8, 2, 0)?;
    let minute = field(10, 2, 0)?;
    // A leap second (60) is folded into the second before it.
    let second = field(12, 2, 0)?.min(59);
    let datetime = jiff::civil::DateTime::new(
        i16::try_from(year).ok()?,
        i8::try_from(month).ok()?,
        i8::try_from(day).ok()?,
        i8::try_from(hour).ok()?,
        i8::try_from(minute).ok()?,
        i8::try_from(second).ok()?,
        0,
    )
    .ok()?;
    let offset_seconds = parse_zone(s.get(digits..).unwrap_or(""))?;
    let offset = jiff::tz::Offset::from_seconds(offset_seconds).ok()?;
    offset.to_timestamp(datetime).ok().map(|ts| ts.as_second())
}

/// The zone part of a PDF date: `+08'00'`, `-0500`, `Z`, `Z00'00'` or nothing (Beijing time).
fn parse_zone(zone: &str) -> Option<i32> {
    const BEIJING: i32 = 8 * 3600;
    let zone = zone.trim();
    let mut chars = zone.chars();
    let sign = match chars.next() {
        None => return Some(BEIJING),
        Some('Z' | 'z') => return Some(0),
        Some('+') => 1,
        Some('-') => -1,
        // Some producers write fractions of seconds or junk after the time; keep the time, assume Beijing.
        Some(_) => return Some(BEIJING),
    };
    let digits: String = chars.filter(char::is_ascii_digit).take(4).collect();
    let hours: i32 = digits.get(0..2)?.parse().ok()?;
    let minutes: i32 = digits.get(2..4).and_then(|m| m.parse().ok()).unwrap_or(0);
    if hours > 23 || minutes > 59 {
        return None;
    }
    Some(sign * (hours * 3600 + minutes * 60))
}

/// Runs a reader step, turning a panic inside lopdf into a damaged-file error: one bad file must stay a
/// diagnostic for that file and never end a run over a whole dossier.
fn guarded<T>(step: impl FnOnce() -> Result<T, PdfError>) -> Result<T, PdfError> {
    catch_unwind(AssertUnwindSafe(step)).unwrap_or_else(|panic| Err(reader_failed(&*panic)))
}

fn reader_failed(panic: &(dyn std::any::Any + Send)) -> PdfError {
    let message = panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    PdfError::Damaged(format!("the PDF reader failed: {message}"))
}

// ---------------------------------------------------------------------------------------------------------
// Bounds on the work one file may cost. Real 申报书 PDFs stay far below each; past one, what is left of
// the seal and text analysis is skipped and the file says so ([`PdfInfo::limit`], [`PageInfo::analysis`]),
// while pages, encryption and dates are still read.

/// Bound on any one decompressed stream: page content, a form, an image. Keeps a small "zip bomb" PDF from
/// taking the machine's memory.
pub const MAX_STREAM_BYTES: usize = 64 << 20;
/// Bytes inflated from streams in one file, all streams together (a stream used on many pages is inflated
/// once while it stays in the cache).
pub const MAX_DECODED_PER_FILE: usize = 256 << 20;
/// Inflated streams kept for reuse (a content stream or form shared by many pages).
const CACHE_BYTES: usize = 64 << 20;
/// Content operations looked at per page, forms included: a dense vector map has some tens of thousands.
pub const MAX_OPS_PER_PAGE: usize = 500_000;
/// Content operations looked at in the whole file.
pub const MAX_OPS_PER_FILE: usize = 5_000_000;
/// A content stream is lexed and parsed in pieces of about this size.
const PIECE_BYTES: usize = 1 << 20;
/// Operands before one operator (lopdf holds them all at once; a `TJ` array has some hundreds).
pub const MAX_OPERANDS: usize = 100_000;
/// Image pixels decoded per file to look for a red seal: about 70 colour A4 pages scanned at 300 dpi.
pub const MAX_PIXELS_PER_FILE: usize = 600_000_000;
/// Text kept for comparing with the Word file (a 申报书 has some tens of thousands of characters).
pub const MAX_TEXT_BYTES: usize = 16 << 20;
/// Content streams one page is made of (`/Contents [ … ]`).
pub const MAX_CONTENT_PARTS: usize = 4096;
/// Forms nest; real files rarely go past 3 levels, looping ones would go on for ever.
pub const MAX_FORM_DEPTH: u32 = 12;
/// `/Indexed` colour spaces have a base that is not itself indexed; a chain or loop of them is hostile.
const MAX_COLOUR_SPACE_DEPTH: u32 = 4;
/// Annotations whose appearance is walked per page (link-heavy pages have thousands; seals are few).
const MAX_ANNOTATIONS: usize = 64;
/// A `/ToUnicode` map of one font is read up to this size (a full CJK map is about 1 MB).
const MAX_CMAP_BYTES: usize = 8 << 20;
/// What reading one font's encoding is charged against [`MAX_DECODED_PER_FILE`] besides its `/ToUnicode`
/// (lopdf reads a predefined CJK map for some).
const FONT_COST: usize = 64 << 10;

fn load(bytes: &[u8]) -> Result<Document, PdfError> {
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(PdfError::NotPdf);
    }
    match census::survey(bytes, census::MAX_OBJECTS) {
        census::Tally::Objects(n) if n > census::MAX_OBJECTS => return Err(PdfError::TooComplex(census::MAX_OBJECTS)),
        census::Tally::StreamsOverBudget(mib) => return Err(PdfError::ObjectStreamsTooLarge(mib)),
        census::Tally::Objects(_) => {}
    }
    let options =
        LoadOptions { max_decompressed_size: Some(census::MAX_OBJECT_STREAM_BYTES), ..LoadOptions::default() };
    let doc = Document::load_mem_with_options(bytes, options).map_err(|e| PdfError::Damaged(e.to_string()))?;
    if !doc.is_encrypted() && doc.page_iter().next().is_none() {
        return Err(PdfError::Damaged("no page could be found".to_string()));
    }
    Ok(doc)
}

fn inspect(doc: &Document) -> Result<PdfRead, PdfError> {
    let encryption = encryption(doc);
    let mut info = PdfInfo {
        version: doc.version.clone(),
        pages: 0,
        encryption,
        producer: None,
        creator: None,
        title: None,
        created: None,
        modified: None,
        created_raw: None,
        page_details: Vec::new(),
        limit: None,
    };
    let mut text = String::new();
    if encryption == Encryption::UserPassword {
        // Without the password the objects stay encrypted: there are no pages or Info to read.
        return Ok(PdfRead { info, text });
    }

    if let Some(dict) = info_dictionary(doc) {
        info.producer = info_string(doc, dict, b"Producer");
        info.creator = info_string(doc, dict, b"Creator");
        info.title = info_string(doc, dict, b"Title");
        info.created_raw = info_string(doc, dict, b"CreationDate");
        info.created = info.created_raw.as_deref().and_then(parse_pdf_date);
        info.modified = info_string(doc, dict, b"ModDate").as_deref().and_then(parse_pdf_date);
    }

    let pages = pages(doc);
    info.pages = u32::try_from(pages.len()).unwrap_or(u32::MAX);
    let mut walker = Walker::new(doc);
    for (index, &page_id) in pages.iter().enumerate() {
        let page = walker.page(page_id);
        let mut analysis = page.analysis;
        if index > 0 {
            text.push('\n');
        }
        if text.len() + page.text.len() <= MAX_TEXT_BYTES {
            text.push_str(&page.text);
        } else {
            info.limit = info.limit.or(Some(Limit::Text));
            if analysis == Analysis::Full {
                analysis = Analysis::Partial;
            }
        }
        info.limit = info.limit.or(page.limit);
        info.page_details.push(PageInfo {
            number: u32::try_from(index + 1).unwrap_or(u32::MAX),
            text_chars: page.text_chars,
            images: page.images,
            seal: page.seal,
            paths: page.paths,
            analysis,
        });
    }
    Ok(PdfRead { info, text })
}

/// The page objects in order. A page object listed twice (a looping or broken tree) counts once, as viewers
/// show it. lopdf's page walk is iterative and bounded; it is pushed into a `Vec` one by one because
/// collecting it would size the `Vec` from the tree's `/Count`, which a file can set to 10¹².
fn pages(doc: &Document) -> Vec<ObjectId> {
    let mut seen = HashSet::new();
    let mut pages = Vec::new();
    for id in doc.page_iter() {
        if seen.insert(id) {
            pages.push(id);
        }
    }
    pages
}

fn encryption(doc: &Document) -> Encryption {
    if doc.is_encrypted() {
        return Encryption::UserPassword;
    }
    match &doc.encryption_state {
        Some(state) => {
            let permissions = state.permissions();
            Encryption::OwnerOnly {
                print: permissions.contains(Permissions::PRINTABLE),
                copy: permissions.contains(Permissions::COPYABLE),
            }
        }
        None => Encryption::None,
    }
}

fn info_dictionary(doc: &Document) -> Option<&Dictionary> {
    let info = doc.trailer.get(b"Info").ok()?;
    deref(doc, info)?.as_dict().ok()
}

fn info_string(doc: &Document, dict: &Dictionary, key: &[u8]) -> Option<String> {
    let value = deref(doc, dict.get(key).ok()?)?;
    let text = match value {
        Object::Name(name) => String::from_utf8_lossy(name).into_owned(),
        other => lopdf::decode_text_string(other).ok()?,
    };
    let text = text.trim_matches(|c: char| c == '\0' || c.is_whitespace()).to_string();
    (!text.is_empty()).then_some(text)
}

fn deref<'a>(doc: &'a Document, object: &'a Object) -> Option<&'a Object> {
    doc.dereference(object).ok().map(|(_, object)| object)
}

// ---------------------------------------------------------------------------------------------------------
// Walking a page: text, images (through form XObjects), red vector paths, annotations.

/// 2D affine transform `[a b c d e f]`, as in PDF's `cm`.
type Matrix = [f32; 6];
const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `first` applied, then `then`.
fn concat(first: &Matrix, then: &Matrix) -> Matrix {
    let [a, b, c, d, e, f] = *first;
    let [a2, b2, c2, d2, e2, f2] = *then;
    [a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2, e * a2 + f * c2 + e2, e * b2 + f * d2 + f2]
}

fn apply(m: &Matrix, x: f32, y: f32) -> (f32, f32) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

fn matrix_from(objects: &[Object]) -> Option<Matrix> {
    if objects.len() != 6 {
        return None;
    }
    let mut m = IDENTITY;
    for (slot, object) in m.iter_mut().zip(objects) {
        *slot = object.as_float().ok().filter(|v| v.is_finite())?;
    }
    Some(m)
}

/// Axis-aligned box in page space.
#[derive(Debug, Clone, Copy)]
struct Bounds {
    x0: f32,
    y0: f32,
    x1: f32,
    y1: f32,
}

impl Bounds {
    fn point(x: f32, y: f32) -> Self {
        Bounds { x0: x, y0: y, x1: x, y1: y }
    }
    fn add(&mut self, x: f32, y: f32) {
        self.x0 = self.x0.min(x);
        self.y0 = self.y0.min(y);
        self.x1 = self.x1.max(x);
        self.y1 = self.y1.max(y);
    }
    fn width(&self) -> f32 {
        self.x1 - self.x0
    }
    fn height(&self) -> f32 {
        self.y1 - self.y0
    }
    fn contains(&self, x: f32, y: f32) -> bool {
        x >= self.x0 && x <= self.x1 && y >= self.y0 && y <= self.y1
    }
}

/// A painted path whose paint was red.
#[derive(Debug, Clone, Copy)]
struct RedPath {
    bounds: Bounds,
    curves: u32,
    subpaths: u32,
    closed: bool,
    filled: bool,
}

/// The path under construction.
#[derive(Debug, Default)]
struct PathState {
    bounds: Option<Bounds>,
    curves: u32,
    subpaths: u32,
    start: (f32, f32),
    current: (f32, f32),
    closed: bool,
}

impl PathState {
    fn add(&mut self, point: (f32, f32)) {
        match &mut self.bounds {
            Some(bounds) => bounds.add(point.0, point.1),
            None => self.bounds = Some(Bounds::point(point.0, point.1)),
        }
    }
    fn end_closed(&self) -> bool {
        let (dx, dy) = (self.current.0 - self.start.0, self.current.1 - self.start.1);
        self.closed || (dx * dx + dy * dy).sqrt() < 0.5
    }
}

#[derive(Debug, Clone, Copy)]
struct GraphicsState {
    ctm: Matrix,
    fill_red: bool,
    stroke_red: bool,
}

/// Red paths kept per page for the vector seal search (a seal has a ring and some dozens of glyphs).
const MAX_RED_PATHS: usize = 20_000;

/// Where an object lives in the loaded document: a key that tells apart two objects with equal content,
/// and names direct objects too. Valid while the document is borrowed, which is as long as a walk lasts.
fn address<T>(object: &T) -> usize {
    std::ptr::from_ref(object) as usize
}

/// What the walk found on one page.
#[derive(Debug, Default)]
struct PageScan {
    images: u32,
    images_seen: HashSet<usize>,
    forms_seen: HashSet<usize>,
    ops: usize,
    paths: u32,
    seal: Option<Seal>,
    red_paths: Vec<RedPath>,
    text: String,
    /// The first bound reached on this page.
    limit: Option<Limit>,
    /// The walk stopped (a bound on operations): nothing more of the page is looked at.
    halted: bool,
}

impl PageScan {
    fn offer(&mut self, seal: Seal) {
        if self.seal.is_none_or(|best| seal.score > best.score) {
            self.seal = Some(seal);
        }
    }

    /// Some of the page was left out: the walk goes on with the rest.
    fn note(&mut self, limit: Limit) {
        self.limit = self.limit.or(Some(limit));
    }

    /// The walk stops here.
    fn halt(&mut self, limit: Limit) {
        self.note(limit);
        self.halted = true;
    }
}

/// A page's findings, kept for the pages that show the same content with the same resources.
#[derive(Debug)]
struct PageResult {
    text: String,
    text_chars: usize,
    images: u32,
    paths: u32,
    seal: Option<Seal>,
    analysis: Analysis,
    limit: Option<Limit>,
}

impl PageResult {
    /// A page with nothing read from it: a stand-in lopdf keeps for a kid it cannot load (`Full`: blank, as
    /// viewers show it), or a page past the file's budget (`Skipped`, with the limit reached).
    fn empty(analysis: Analysis, limit: Option<Limit>) -> Rc<Self> {
        Rc::new(PageResult { text: String::new(), text_chars: 0, images: 0, paths: 0, seal: None, analysis, limit })
    }
}

/// Pages drawing the same content with the same resources and annotations look the same: a 1,000-page file
/// whose pages all show one content stream is walked once.
#[derive(Debug, PartialEq, Eq, Hash)]
struct PageKey {
    contents: Option<usize>,
    resources: Vec<usize>,
    annotations: Option<usize>,
}

/// What is left of the file's budget.
struct Budget {
    ops: usize,
    decoded: usize,
    pixels: usize,
}

struct Walker<'a> {
    doc: &'a Document,
    budget: Budget,
    /// A bound on the whole file was reached: later pages are not looked at.
    spent: Option<Limit>,
    /// Seal finding per image object: a logo or seal repeated on every page is decoded once.
    image_seals: HashMap<usize, Option<Seal>>,
    /// Inflated streams by [`address`], up to [`CACHE_BYTES`].
    inflated: HashMap<usize, Rc<Vec<u8>>>,
    inflated_bytes: usize,
    /// Text encodings by font dictionary [`address`]; `None` where lopdf could not read one.
    encodings: HashMap<usize, Option<Rc<Encoding<'a>>>>,
    pages: HashMap<PageKey, Rc<PageResult>>,
}

impl<'a> Walker<'a> {
    fn new(doc: &'a Document) -> Self {
        Walker {
            doc,
            budget: Budget { ops: MAX_OPS_PER_FILE, decoded: MAX_DECODED_PER_FILE, pixels: MAX_PIXELS_PER_FILE },
            spent: None,
            image_seals: HashMap::new(),
            inflated: HashMap::new(),
            inflated_bytes: 0,
            encodings: HashMap::new(),
            pages: HashMap::new(),
        }
    }

    fn page(&mut self, page_id: ObjectId) -> Rc<PageResult> {
        let doc = self.doc;
        let Ok(page) = doc.get_dictionary(page_id) else {
            // A page lopdf keeps as a stand-in for a kid it cannot load: blank, as viewers show it.
            return PageResult::empty(Analysis::Full, None);
        };
        let mut resources: Vec<&'a Dictionary> = Vec::new();
        if let Ok((direct, ids)) = doc.get_page_resources(page_id) {
            resources.extend(direct);
            resources.extend(ids.into_iter().filter_map(|id| doc.get_dictionary(id).ok()));
        }
        let contents = page.get(b"Contents").ok().and_then(|c| deref(doc, c));
        let annotations = page.get(b"Annots").ok().and_then(|a| deref(doc, a)).and_then(|a| a.as_array().ok());
        let key = PageKey {
            contents: contents.map(address),
            resources: resources.iter().map(|r| address(*r)).collect(),
            annotations: annotations.map(address),
        };
        if let Some(done) = self.pages.get(&key) {
            return Rc::clone(done);
        }
        let mut scan = PageScan::default();
        if let Some(limit) = self.spent {
            return PageResult::empty(Analysis::Skipped, Some(limit));
        }
        if let Some(content) = contents.and_then(|contents| self.page_content(contents, &mut scan)) {
            self.walk(&content, &resources, IDENTITY, 0, &mut scan);
        }

        // Annotations: a `/Stamp` is evidence by itself; any appearance may hold a seal image or paths
        // (signature widgets of 电子签章 systems draw the seal there). Images there are not page images.
        let page_images = scan.images;
        for annotation in annotations.into_iter().flatten().take(MAX_ANNOTATIONS) {
            if scan.halted {
                break;
            }
            let Some(annotation) = deref(doc, annotation).and_then(|a| a.as_dict().ok()) else { continue };
            let subtype = annotation.get(b"Subtype").and_then(Object::as_name).unwrap_or_default();
            if subtype == b"Stamp" {
                scan.offer(Seal { kind: SealKind::StampAnnotation, score: 0.6 });
            }
            if matches!(subtype, b"Link" | b"Popup") {
                continue;
            }
            self.walk_appearance(annotation, &mut scan);
        }
        scan.images = page_images;

        if let Some(seal) = vector_seal(&scan.red_paths) {
            scan.offer(seal);
        }
        let text_chars = scan.text.chars().filter(|c| !c.is_whitespace() && !c.is_control()).count();
        let result = Rc::new(PageResult {
            text: scan.text,
            text_chars,
            images: scan.images,
            paths: scan.paths,
            seal: scan.seal,
            analysis: if scan.limit.is_some() { Analysis::Partial } else { Analysis::Full },
            limit: scan.limit,
        });
        self.pages.insert(key, Rc::clone(&result));
        result
    }

    /// The page's content: one stream, or the parts of `/Contents [ … ]` joined as lopdf joins them.
    fn page_content(&mut self, contents: &'a Object, scan: &mut PageScan) -> Option<Rc<Vec<u8>>> {
        let doc = self.doc;
        let parts = match contents {
            Object::Stream(stream) => return self.inflate(stream, scan),
            Object::Array(parts) => parts,
            _ => return None,
        };
        if let [only] = parts.as_slice() {
            let stream = deref(doc, only)?.as_stream().ok()?;
            return self.inflate(stream, scan);
        }
        let mut joined = Vec::new();
        for (index, part) in parts.iter().enumerate() {
            if index == MAX_CONTENT_PARTS || !self.spend_op(scan) {
                scan.halt(scan.limit.unwrap_or(Limit::PageOperations));
                break;
            }
            let Some(stream) = deref(doc, part).and_then(|p| p.as_stream().ok()) else { continue };
            let Some(data) = self.inflate(stream, scan) else { continue };
            if joined.len() + data.len() > MAX_STREAM_BYTES {
                scan.note(Limit::StreamSize);
                break;
            }
            joined.extend_from_slice(&data);
            joined.push(b'\n');
        }
        Some(Rc::new(joined))
    }

    /// A stream's data, inflated once per file while it fits the cache, within the file's budget. As lopdf
    /// does for page content, a stream whose filter cannot be applied is taken as it is.
    fn inflate(&mut self, stream: &'a Stream, scan: &mut PageScan) -> Option<Rc<Vec<u8>>> {
        let key = address(stream);
        if let Some(data) = self.inflated.get(&key) {
            return Some(Rc::clone(data));
        }
        let allowance = MAX_STREAM_BYTES.min(self.budget.decoded);
        let data = match stream.decompressed_content_with_limit(allowance) {
            Ok(data) => data,
            Err(lopdf::Error::Decompress(DecompressError::MemoryLimitExceeded { .. })) => {
                if allowance < MAX_STREAM_BYTES {
                    self.spend_all(Limit::DecodedBytes, scan);
                } else {
                    scan.note(Limit::StreamSize);
                }
                return None;
            }
            Err(_) if stream.content.len() <= allowance => stream.content.clone(),
            Err(_) => return None,
        };
        self.budget.decoded -= data.len();
        let data = Rc::new(data);
        if data.len() <= CACHE_BYTES {
            if self.inflated_bytes + data.len() > CACHE_BYTES {
                self.inflated.clear();
                self.inflated_bytes = 0;
            }
            self.inflated_bytes += data.len();
            self.inflated.insert(key, Rc::clone(&data));
        }
        Some(data)
    }

    /// Counts one operation against the page's and the file's budgets; false once either is spent.
    fn spend_op(&mut self, scan: &mut PageScan) -> bool {
        scan.ops += 1;
        if scan.ops > MAX_OPS_PER_PAGE {
            scan.halt(Limit::PageOperations);
            return false;
        }
        if self.budget.ops == 0 {
            self.spend_all(Limit::FileOperations, scan);
            return false;
        }
        self.budget.ops -= 1;
        true
    }

    /// A bound on the whole file is reached: this page stops here and later pages are skipped.
    fn spend_all(&mut self, limit: Limit, scan: &mut PageScan) {
        self.spent = self.spent.or(Some(limit));
        scan.halt(limit);
    }

    /// The normal appearance of an annotation, placed in its `/Rect` as the spec's algorithm 8.1 says.
    fn walk_appearance(&mut self, annotation: &'a Dictionary, scan: &mut PageScan) {
        let doc = self.doc;
        let Some(normal) = annotation
            .get(b"AP")
            .ok()
            .and_then(|ap| deref(doc, ap))
            .and_then(|ap| ap.as_dict().ok())
            .and_then(|ap| ap.get(b"N").ok())
            .and_then(|n| deref(doc, n))
        else {
            return;
        };
        // `/N` is a stream, or a dictionary of states (`/On`, `/Off`): take the current `/AS` or the first.
        let stream = match normal {
            Object::Stream(stream) => stream,
            Object::Dictionary(states) => match first_state(doc, annotation, states) {
                Some(found) => found,
                None => return,
            },
            _ => return,
        };
        if !scan.forms_seen.insert(address(stream)) {
            return;
        }
        let rect = annotation.get(b"Rect").ok().and_then(|r| deref(doc, r)).and_then(|r| r.as_array().ok());
        let rect = rect.and_then(|r| rect_from(r));
        let bbox = stream.dict.get(b"BBox").ok().and_then(|b| deref(doc, b)).and_then(|b| b.as_array().ok());
        let bbox = bbox.and_then(|b| rect_from(b));
        let form_matrix = stream
            .dict
            .get(b"Matrix")
            .ok()
            .and_then(|m| deref(doc, m))
            .and_then(|m| m.as_array().ok())
            .and_then(|m| matrix_from(m))
            .unwrap_or(IDENTITY);
        let placement = match (rect, bbox) {
            (Some(rect), Some(bbox)) => {
                // The form's box as its matrix moves it, stretched onto the annotation's rectangle.
                let (x, y) = apply(&form_matrix, bbox.x0, bbox.y0);
                let mut moved = Bounds::point(x, y);
                for (x, y) in [(bbox.x1, bbox.y0), (bbox.x0, bbox.y1), (bbox.x1, bbox.y1)] {
                    let (x, y) = apply(&form_matrix, x, y);
                    moved.add(x, y);
                }
                let sx = if moved.width() > 0.0 { rect.width() / moved.width() } else { 1.0 };
                let sy = if moved.height() > 0.0 { rect.height() / moved.height() } else { 1.0 };
                [sx, 0.0, 0.0, sy, rect.x0 - moved.x0 * sx, rect.y0 - moved.y0 * sy]
            }
            _ => IDENTITY,
        };
        let resources = self.form_resources(stream, &[]);
        if let Some(content) = self.inflate(stream, scan) {
            self.walk(&content, &resources, concat(&form_matrix, &placement), 1, scan);
        }
    }

    fn form_resources(&self, form: &'a Stream, inherited: &[&'a Dictionary]) -> Vec<&'a Dictionary> {
        match form.dict.get(b"Resources").ok().and_then(|r| deref(self.doc, r)).and_then(|r| r.as_dict().ok()) {
            Some(own) => vec![own],
            // Old producers leave a form's resources out and rely on the page's.
            None => inherited.to_vec(),
        }
    }

    fn find_xobject(&self, resources: &[&'a Dictionary], name: &[u8]) -> Option<&'a Stream> {
        let doc = self.doc;
        resources.iter().find_map(|dict| {
            let xobjects = dict.get(b"XObject").ok().and_then(|x| deref(doc, x))?.as_dict().ok()?;
            deref(doc, xobjects.get(name).ok()?)?.as_stream().ok()
        })
    }

    /// The text encoding of the font named `name` in `resources`, read once per font and file. The first
    /// resource dictionary that names the font wins, as in lopdf's text extraction.
    fn encoding(&mut self, resources: &[&'a Dictionary], name: &[u8], scan: &mut PageScan) -> Option<Rc<Encoding<'a>>> {
        let doc = self.doc;
        let font = resources.iter().find_map(|dict| {
            let fonts = dict.get(b"Font").ok().and_then(|f| deref(doc, f))?.as_dict().ok()?;
            deref(doc, fonts.get(name).ok()?)?.as_dict().ok()
        })?;
        let key = address(font);
        if let Some(known) = self.encodings.get(&key) {
            return known.clone();
        }
        // The font's `/ToUnicode` map is inflated here first, to charge it to the file's budget before lopdf
        // reads it.
        let mut cost = FONT_COST;
        if let Some(map) = font.get(b"ToUnicode").ok().and_then(|m| deref(doc, m)).and_then(|m| m.as_stream().ok()) {
            if let Ok(data) = map.decompressed_content_with_limit(MAX_CMAP_BYTES) {
                cost += data.len();
            }
        }
        if cost > self.budget.decoded {
            self.spend_all(Limit::DecodedBytes, scan);
            return None;
        }
        self.budget.decoded -= cost;
        let encoding = font.get_font_encoding_with_limit(doc, MAX_CMAP_BYTES).ok().map(Rc::new);
        self.encodings.insert(key, encoding.clone());
        encoding
    }

    fn walk(&mut self, content: &[u8], resources: &[&'a Dictionary], ctm: Matrix, depth: u32, scan: &mut PageScan) {
        let mut stack: Vec<GraphicsState> = Vec::new();
        let mut gs = GraphicsState { ctm, fill_red: false, stroke_red: false };
        let mut path = PathState::default();
        // Text is read from the page's own content, as lopdf's text extraction reads it.
        let mut font: Option<Rc<Encoding<'a>>> = None;

        // The stream is parsed piece by piece (see `census::next_piece`), so what a bound leaves unread is
        // never lexed either.
        let mut start = 0;
        'pieces: while start < content.len() {
            let (end, overflow) = census::next_piece(content, start, PIECE_BYTES, MAX_OPERANDS);
            for op in Content::decode_iter(&content[start..end]) {
                if scan.halted || !self.spend_op(scan) {
                    break 'pieces;
                }
                // A piece that does not parse costs itself, not the rest of the page.
                let Ok(op) = op else { break };
                let Operation { operator, operands } = &op;
                match operator.as_str() {
                    "q" if stack.len() < 256 => stack.push(gs),
                    "Q" => {
                        if let Some(saved) = stack.pop() {
                            gs = saved;
                        }
                    }
                    "cm" => {
                        if let Some(m) = matrix_from(operands) {
                            gs.ctm = concat(&m, &gs.ctm);
                        }
                    }
                    "rg" | "k" | "g" | "sc" | "scn" => gs.fill_red = colour_is_red(operands),
                    "RG" | "K" | "G" | "SC" | "SCN" => gs.stroke_red = colour_is_red(operands),
                    "cs" => gs.fill_red = false,
                    "CS" => gs.stroke_red = false,
                    "m" => {
                        if let Some(p) = point(operands, 0, &gs.ctm) {
                            path.add(p);
                            path.subpaths += 1;
                            path.start = p;
                            path.current = p;
                        }
                    }
                    "l" => {
                        if let Some(p) = point(operands, 0, &gs.ctm) {
                            path.add(p);
                            path.current = p;
                        }
                    }
                    "c" | "v" | "y" => {
                        let pairs = operands.len() / 2;
                        for i in 0..pairs {
                            if let Some(p) = point(operands, i * 2, &gs.ctm) {
                                path.add(p);
                                path.current = p;
                            }
                        }
                        path.curves += 1;
                    }
                    "re" => {
                        let nums: Vec<f32> = operands.iter().filter_map(|o| o.as_float().ok()).collect();
                        if let [x, y, w, h] = nums[..] {
                            for (px, py) in [(x, y), (x + w, y), (x, y + h), (x + w, y + h)] {
                                path.add(apply(&gs.ctm, px, py));
                            }
                            path.subpaths += 1;
                            path.closed = true;
                        }
                    }
                    "h" => path.closed = true,
                    "S" | "s" | "f" | "F" | "f*" | "B" | "B*" | "b" | "b*" | "n" => {
                        let stroke = matches!(operator.as_str(), "S" | "s" | "B" | "B*" | "b" | "b*");
                        let fill = matches!(operator.as_str(), "f" | "F" | "f*" | "B" | "B*" | "b" | "b*");
                        if (stroke || fill) && path.bounds.is_some() {
                            scan.paths = scan.paths.saturating_add(1);
                        }
                        let red = (stroke && gs.stroke_red) || (fill && gs.fill_red);
                        if let (true, Some(bounds)) = (red, path.bounds) {
                            if scan.red_paths.len() < MAX_RED_PATHS {
                                scan.red_paths.push(RedPath {
                                    bounds,
                                    curves: path.curves,
                                    subpaths: path.subpaths,
                                    closed: fill || matches!(operator.as_str(), "s" | "b" | "b*") || path.end_closed(),
                                    filled: fill && gs.fill_red,
                                });
                            }
                        }
                        path = PathState::default();
                    }
                    "BI" => scan.images += 1,
                    "Do" => {
                        let Some(name) = operands.first().and_then(|o| o.as_name().ok()) else { continue };
                        let Some(stream) = self.find_xobject(resources, name) else { continue };
                        let subtype = stream.dict.get(b"Subtype").and_then(Object::as_name).unwrap_or_default();
                        match subtype {
                            b"Image" => self.image(stream, scan),
                            b"Form" if depth >= MAX_FORM_DEPTH => scan.note(Limit::Nesting),
                            b"Form" => {
                                if !scan.forms_seen.insert(address(stream)) {
                                    continue;
                                }
                                let m = stream
                                    .dict
                                    .get(b"Matrix")
                                    .ok()
                                    .and_then(|m| deref(self.doc, m))
                                    .and_then(|m| m.as_array().ok())
                                    .and_then(|m| matrix_from(m))
                                    .unwrap_or(IDENTITY);
                                let inner = self.form_resources(stream, resources);
                                if let Some(content) = self.inflate(stream, scan) {
                                    self.walk(&content, &inner, concat(&m, &gs.ctm), depth + 1, scan);
                                }
                            }
                            _ => {}
                        }
                    }
                    // Text: what lopdf's `extract_text` reads, with its line breaks.
                    "Tf" if depth == 0 => {
                        font = operands
                            .first()
                            .and_then(|o| o.as_name().ok())
                            .and_then(|n| self.encoding(resources, n, scan));
                    }
                    "Tj" | "TJ" if depth == 0 => {
                        if let Some(encoding) = &font {
                            collect_text(&mut scan.text, encoding, operands);
                        }
                    }
                    "'" | "\"" if depth == 0 => {
                        if let Some(encoding) = &font {
                            if !scan.text.ends_with('\n') {
                                scan.text.push('\n');
                            }
                            let shown = if operator == "'" { operands.first() } else { operands.get(2) };
                            collect_text(&mut scan.text, encoding, shown.map(std::slice::from_ref).unwrap_or_default());
                        }
                    }
                    "T*" | "ET" if depth == 0 && !scan.text.ends_with('\n') => scan.text.push('\n'),
                    _ => {}
                }
                if scan.text.len() > MAX_TEXT_BYTES {
                    scan.text.truncate(scan.text.floor_char_boundary(MAX_TEXT_BYTES));
                    scan.halt(Limit::Text);
                }
            }
            if overflow {
                scan.note(Limit::PageOperations);
                break;
            }
            start = end;
        }
    }

    fn image(&mut self, stream: &'a Stream, scan: &mut PageScan) {
        let key = address(stream);
        if !scan.images_seen.insert(key) {
            return;
        }
        scan.images += 1;
        let seal = match self.image_seals.get(&key) {
            Some(seal) => *seal,
            None => {
                let seal = match image_seal(self.doc, stream, &mut self.budget.pixels) {
                    Ok(seal) => seal,
                    Err(limit) => {
                        // Past the pixel budget images are counted but not decoded; text and vectors go on.
                        scan.note(limit);
                        return;
                    }
                };
                self.image_seals.insert(key, seal);
                seal
            }
        };
        if let Some(seal) = seal {
            scan.offer(seal);
        }
    }
}

/// The shown strings of a `Tj`, `TJ`, `'` or `"`, decoded as lopdf decodes them; a large negative kerning
/// in a `TJ` array is a space. Strings that cannot be decoded are left out.
fn collect_text(text: &mut String, encoding: &Encoding<'_>, operands: &[Object]) {
    for operand in operands {
        match operand {
            Object::String(bytes, _) if encoding.write_to_string(bytes, text).is_err() => return,
            // The parser bounds how deep arrays nest.
            Object::Array(items) => {
                collect_text(text, encoding, items);
                text.push(' ');
            }
            Object::Integer(i) if *i < -100 => text.push(' '),
            _ => {}
        }
    }
}

fn first_state<'a>(doc: &'a Document, annotation: &Dictionary, states: &'a Dictionary) -> Option<&'a Stream> {
    let current = annotation.get(b"AS").and_then(Object::as_name).ok();
    let entry = current.and_then(|name| states.get(name).ok()).or_else(|| states.iter().next().map(|(_, v)| v))?;
    deref(doc, entry)?.as_stream().ok()
}

fn rect_from(values: &[Object]) -> Option<Bounds> {
    let nums: Vec<f32> = values.iter().filter_map(|o| o.as_float().ok()).collect();
    let [x0, y0, x1, y1] = nums[..] else { return None };
    let mut bounds = Bounds::point(x0, y0);
    bounds.add(x1, y1);
    Some(bounds)
}

fn point(operands: &[Object], at: usize, ctm: &Matrix) -> Option<(f32, f32)> {
    let x = operands.get(at)?.as_float().ok()?;
    let y = operands.get(at + 1)?.as_float().ok()?;
    Some(apply(ctm, x, y))
}

/// A colour operator's operands as red or not: 3 numbers are RGB, 4 CMYK, 1 grey; a pattern name is not red.
fn colour_is_red(operands: &[Object]) -> bool {
    let nums: Vec<f32> = operands.iter().filter_map(|o| o.as_float().ok()).collect();
    if nums.len() != operands.len() {
        return false;
    }
    let (r, g, b) = match nums[..] {
        [r, g, b] => (r, g, b),
        [c, m, y, k] => ((1.0 - c) * (1.0 - k), (1.0 - m) * (1.0 - k), (1.0 - y) * (1.0 - k)),
        _ => return false,
    };
    r > 0.55 && r - g > 0.3 && r - b > 0.25 && (g - b) * 4.0 < r - b
}

/// Seal diameter range in points for vector seals: 16 mm to 140 mm (公章 are 38–42 mm; electronic ones are
/// sometimes scaled).
const VECTOR_SEAL_MIN: f32 = 45.0;
const VECTOR_SEAL_MAX: f32 = 400.0;

/// Round red paths tried as a seal's ring per page.
const MAX_RING_CANDIDATES: usize = 256;

/// A red, closed, round path made of curves, of a seal's size. A ring drawn as one stroked circle or as a
/// filled annulus (two subpaths) counts; a solid red disc does not. Red paths inside it (the star, the
/// characters drawn as outlines) raise the score.
fn vector_seal(paths: &[RedPath]) -> Option<Seal> {
    let mut best: Option<Seal> = None;
    let mut rings = 0;
    for ring in paths {
        // Each ring is compared with every path: a page of thousands of red circles is hostile.
        if rings == MAX_RING_CANDIDATES {
            break;
        }
        let (w, h) = (ring.bounds.width(), ring.bounds.height());
        let (short, long) = (w.min(h), w.max(h));
        if ring.curves < 4 || !ring.closed || !(VECTOR_SEAL_MIN..=VECTOR_SEAL_MAX).contains(&long) || short < long * 0.7
        {
            continue;
        }
        if ring.filled && ring.subpaths < 2 {
            continue;
        }
        rings += 1;
        let inside = paths
            .iter()
            .filter(|p| {
                let (cx, cy) = ((p.bounds.x0 + p.bounds.x1) / 2.0, (p.bounds.y0 + p.bounds.y1) / 2.0);
                p.bounds.width() < w * 0.9 && p.bounds.height() < h * 0.9 && ring.bounds.contains(cx, cy)
            })
            .count();
        #[allow(clippy::cast_precision_loss)]
        let inner = (inside.min(20) as f32) / 20.0;
        let roundness = (short / long - 0.7) / 0.3;
        let score = (0.3 + 0.1 * roundness + 0.3 * inner).min(0.7);
        if best.is_none_or(|b| score > b.score) {
            best = Some(Seal { kind: SealKind::RedVector, score });
        }
    }
    best
}

// ---------------------------------------------------------------------------------------------------------
// Images: decode, mark red pixels, look for a ring-like red blob.

/// Images above this many pixels are not decoded (a 40 MP scan is already an A4 page at 600 dpi).
const MAX_IMAGE_PIXELS: usize = 40_000_000;
/// Images are pooled down to at most this many pixels on the long side before the blob search.
const ANALYSIS_SIDE: usize = 1000;
/// Smaller images are icons or bullets, not seals.
const MIN_IMAGE_SIDE: usize = 48;

/// The seal evidence in one image, if any. The pixels decoded are taken from `pixels`, the file's budget;
/// an image that does not fit what is left is not decoded, and the budget is spent.
fn image_seal(doc: &Document, stream: &Stream, pixels: &mut usize) -> Result<Option<Seal>, Limit> {
    let dict = &stream.dict;
    let int = |key: &[u8]| -> Option<usize> {
        let value = deref(doc, dict.get(key).ok()?)?.as_i64().ok()?;
        usize::try_from(value).ok()
    };
    let (Some(width), Some(height)) = (int(b"Width"), int(b"Height")) else { return Ok(None) };
    let Some(area) = width.checked_mul(height).filter(|&area| area <= MAX_IMAGE_PIXELS) else { return Ok(None) };
    if width < MIN_IMAGE_SIDE || height < MIN_IMAGE_SIDE {
        return Ok(None);
    }
    if dict.get(b"ImageMask").and_then(Object::as_bool).unwrap_or(false) {
        return Ok(None);
    }
    let filters: Vec<&[u8]> = stream.filters().unwrap_or_default();
    if matches!(filters.last(), Some(&(b"JPXDecode" | b"CCITTFaxDecode" | b"JBIG2Decode"))) {
        return Ok(None);
    }
    // A JPEG, alone or behind ASCII85Decode, FlateDecode and the like (scanners and reportlab write
    // `[/ASCII85Decode /DCTDecode]`): the filters before DCTDecode are undone first.
    let jpeg = filters.last() == Some(&&b"DCTDecode"[..]);
    let colour = if jpeg {
        None
    } else {
        match dict.get(b"ColorSpace").ok().and_then(|c| ColourSpace::of(doc, c, 0)) {
            Some(colour) => Some(colour),
            None => return Ok(None),
        }
    };
    if area > *pixels {
        *pixels = 0;
        return Err(Limit::ImagePixels);
    }
    *pixels -= area;
    let mask = match colour {
        None if filters.len() == 1 => jpeg_mask(&stream.content),
        None => wrapped_jpeg(stream, filters.len() - 1).and_then(|data| jpeg_mask(&data)),
        Some(colour) => {
            let bpc = int(b"BitsPerComponent").unwrap_or(8);
            let stride = width
                .checked_mul(colour.components())
                .and_then(|bits| bits.checked_mul(bpc))
                .map(|bits| bits.div_ceil(8))
                .filter(|&stride| stride.checked_mul(height).is_some_and(|bytes| bytes <= MAX_STREAM_BYTES));
            let Some(stride) = stride else { return Ok(None) };
            match stream.decompressed_content_with_limit(stride * height + 1024) {
                Ok(data) => raw_mask(&data, width, height, bpc, stride, &colour),
                Err(_) => None,
            }
        }
    };
    Ok(mask.and_then(|mask| mask.best_seal()))
}

/// The JPEG inside a stream whose filters are `[… /DCTDecode]`: the first `outer` filters undone, within
/// [`MAX_STREAM_BYTES`].
fn wrapped_jpeg(stream: &Stream, outer: usize) -> Option<Vec<u8>> {
    let mut dict = stream.dict.clone();
    let Ok(Object::Array(filters)) = dict.get(b"Filter").cloned() else { return None };
    dict.set("Filter", Object::Array(filters.into_iter().take(outer).collect()));
    match dict.get(b"DecodeParms").cloned() {
        Ok(Object::Array(params)) => dict.set("DecodeParms", Object::Array(params.into_iter().take(outer).collect())),
        Ok(_) => {
            // One parameter dictionary for a chain: it belongs to no outer filter this reader knows.
            dict.remove(b"DecodeParms");
        }
        Err(_) => {}
    }
    let outer_only = Stream::new(dict, stream.content.clone()).with_compression(false);
    outer_only.decompressed_content_with_limit(MAX_STREAM_BYTES).ok()
}

/// Red as a seal's ink is red, scanned or rendered: bright in R, well above G and B, and not orange (hue
/// within about 15° of red: G no more than a quarter of the way from B to R). Pink paper, brown wood, skin
/// and orange diagram shapes fail. The bounds leave room for a thin ring that JPEG's halved colour resolution
/// has paled towards the paper around it.
fn is_red(r: u8, g: u8, b: u8) -> bool {
    let (r, g, b) = (i16::from(r), i16::from(g), i16::from(b));
    r > 95 && r - g > 45 && r - b > 40 && (g - b) * 4 < r - b
}

fn jpeg_mask(data: &[u8]) -> Option<RedMask> {
    use zune_jpeg::zune_core::bytestream::ZCursor;
    use zune_jpeg::zune_core::colorspace::ColorSpace;
    use zune_jpeg::zune_core::options::DecoderOptions;

    let options =
        DecoderOptions::default().jpeg_set_out_colorspace(ColorSpace::RGB).set_max_width(20_000).set_max_height(20_000);
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(data), options);
    decoder.decode_headers().ok()?;
    let (width, height) = decoder.dimensions()?;
    if width < MIN_IMAGE_SIDE || height < MIN_IMAGE_SIDE || width.checked_mul(height)? > MAX_IMAGE_PIXELS {
        return None;
    }
    // A grey scan has no red to find; skip decoding it.
    if matches!(decoder.input_colorspace(), Some(ColorSpace::Luma | ColorSpace::LumaA)) {
        return None;
    }
    let pixels = decoder.decode().ok()?;
    let components = decoder.output_colorspace().map_or(3, |c| c.num_components());
    if components < 3 || pixels.len() < width * height * components {
        return None;
    }
    Some(RedMask::build(width, height, |i| {
        let p = &pixels[i * components..i * components + 3];
        is_red(p[0], p[1], p[2])
    }))
}

/// The colour spaces a seal image is stored in, as far as decoding goes.
enum ColourSpace {
    Rgb,
    Cmyk,
    /// Grey, Lab, separations: nothing red to find.
    Other(usize),
    /// Palette of RGB triples.
    Indexed(Vec<[u8; 3]>),
}

impl ColourSpace {
    /// The colour space `object` names. `depth` counts the `/Indexed` spaces this one is the base of: a base
    /// is never itself indexed, so a chain or a loop of them (`7 0 obj [/Indexed 7 0 R …]`) ends here
    /// rather than in a stack overflow.
    fn of(doc: &Document, object: &Object, depth: u32) -> Option<Self> {
        if depth > MAX_COLOUR_SPACE_DEPTH {
            return None;
        }
        let object = deref(doc, object)?;
        match object {
            Object::Name(name) => Some(Self::named(name)),
            Object::Array(items) => {
                let family = items.first().and_then(|o| o.as_name().ok())?;
                match family {
                    b"ICCBased" => {
                        let profile = deref(doc, items.get(1)?)?.as_stream().ok()?;
                        let n = deref(doc, profile.dict.get(b"N").ok()?)?.as_i64().ok()?;
                        Some(match n {
                            3 => Self::Rgb,
                            4 => Self::Cmyk,
                            n => Self::Other(usize::try_from(n).ok()?),
                        })
                    }
                    b"CalRGB" => Some(Self::Rgb),
                    b"CalGray" => Some(Self::Other(1)),
                    b"Lab" => Some(Self::Other(3)),
                    b"Indexed" | b"I" => {
                        let base = Self::of(doc, items.get(1)?, depth + 1)?;
                        let lookup = match deref(doc, items.get(3)?)? {
                            Object::String(bytes, _) => bytes.clone(),
                            Object::Stream(s) => s.decompressed_content_with_limit(4096).ok()?,
                            _ => return None,
                        };
                        let palette = match base {
                            Self::Rgb => lookup.chunks_exact(3).map(|c| [c[0], c[1], c[2]]).collect(),
                            Self::Cmyk => lookup.chunks_exact(4).map(|c| cmyk_to_rgb(c[0], c[1], c[2], c[3])).collect(),
                            _ => return None,
                        };
                        Some(Self::Indexed(palette))
                    }
                    name => Some(Self::named(name)),
                }
            }
            _ => None,
        }
    }

    fn named(name: &[u8]) -> Self {
        match name {
            b"DeviceRGB" | b"RGB" => Self::Rgb,
            b"DeviceCMYK" | b"CMYK" => Self::Cmyk,
            _ => Self::Other(1),
        }
    }

    fn components(&self) -> usize {
        match self {
            Self::Rgb => 3,
            Self::Cmyk => 4,
            Self::Other(n) => *n,
            Self::Indexed(_) => 1,
        }
    }
}

fn cmyk_to_rgb(c: u8, m: u8, y: u8, k: u8) -> [u8; 3] {
    let channel = |v: u8| -> u8 {
        let value = (255 - u16::from(v)) * (255 - u16::from(k)) / 255;
        u8::try_from(value).unwrap_or(u8::MAX)
    };
    [channel(c), channel(m), channel(y)]
}

fn raw_mask(
    data: &[u8],
    width: usize,
    height: usize,
    bpc: usize,
    stride: usize,
    colour: &ColourSpace,
) -> Option<RedMask> {
    if data.len() < stride * height {
        return None;
    }
    match colour {
        ColourSpace::Rgb if bpc == 8 => Some(RedMask::build(width, height, |i| {
            let (y, x) = (i / width, i % width);
            let p = &data[y * stride + x * 3..y * stride + x * 3 + 3];
            is_red(p[0], p[1], p[2])
        })),
        ColourSpace::Cmyk if bpc == 8 => Some(RedMask::build(width, height, |i| {
            let (y, x) = (i / width, i % width);
            let p = &data[y * stride + x * 4..y * stride + x * 4 + 4];
            let [r, g, b] = cmyk_to_rgb(p[0], p[1], p[2], p[3]);
            is_red(r, g, b)
        })),
        ColourSpace::Indexed(palette) if matches!(bpc, 1 | 2 | 4 | 8) => {
            let red: Vec<bool> = palette.iter().map(|&[r, g, b]| is_red(r, g, b)).collect();
            if !red.contains(&true) {
                return None;
            }
            let per_byte = 8 / bpc;
            let mask_bits = (1u16 << bpc) - 1;
            Some(RedMask::build(width, height, |i| {
                let (y, x) = (i / width, i % width);
                let byte = data[y * stride + x / per_byte];
                let shift = 8 - bpc * (x % per_byte + 1);
                let index = usize::from((u16::from(byte) >> shift) & mask_bits);
                red.get(index).copied().unwrap_or(false)
            }))
        }
        _ => None,
    }
}

/// Red pixels of an image, pooled down (a cell is red if any pixel in it is) so thin seal rings stay
/// connected at the smaller size.
struct RedMask {
    width: usize,
    height: usize,
    red: Vec<bool>,
}

impl RedMask {
    fn build(width: usize, height: usize, is_red_at: impl Fn(usize) -> bool) -> Self {
        let step = width.max(height).div_ceil(ANALYSIS_SIDE).max(1);
        let (mw, mh) = (width.div_ceil(step), height.div_ceil(step));
        let mut red = vec![false; mw * mh];
        for y in 0..height {
            let row = (y / step) * mw;
            for x in 0..width {
                if is_red_at(y * width + x) {
                    red[row + x / step] = true;
                }
            }
        }
        RedMask { width: mw, height: mh, red }
    }

    /// The red mask grown by `radius` cells: black text printed across a seal cuts its ring into arcs,
    /// and growing bridges those cuts so the ring is found as one blob again.
    fn grown(&self, radius: usize) -> Vec<bool> {
        let (w, h) = (self.width, self.height);
        let mut across = vec![false; w * h];
        for y in 0..h {
            let row = &self.red[y * w..(y + 1) * w];
            for (x, &red) in row.iter().enumerate() {
                if red {
                    across[y * w + x.saturating_sub(radius)..y * w + (x + radius + 1).min(w)].fill(true);
                }
            }
        }
        let mut grown = vec![false; w * h];
        for y in 0..h {
            for x in 0..w {
                if across[y * w + x] {
                    for yy in y.saturating_sub(radius)..(y + radius + 1).min(h) {
                        grown[yy * w + x] = true;
                    }
                }
            }
        }
        grown
    }

    /// The most seal-like red component, if any is seal-like at all.
    fn best_seal(&self) -> Option<Seal> {
        let (w, h) = (self.width, self.height);
        let grown = self.grown(2);
        let mut labels = vec![0u32; w * h];
        let mut next = 0u32;
        let mut best: Option<Seal> = None;
        let mut stack = Vec::new();
        for start in 0..w * h {
            if !self.red[start] || labels[start] != 0 {
                continue;
            }
            next += 1;
            labels[start] = next;
            stack.push(start);
            let (mut x0, mut y0, mut x1, mut y1) = (w, h, 0, 0);
            while let Some(i) = stack.pop() {
                let (x, y) = (i % w, i / w);
                x0 = x0.min(x);
                y0 = y0.min(y);
                x1 = x1.max(x);
                y1 = y1.max(y);
                let mut visit = |j: usize| {
                    if grown[j] && labels[j] == 0 {
                        labels[j] = next;
                        stack.push(j);
                    }
                };
                if x > 0 {
                    visit(i - 1);
                }
                if x + 1 < w {
                    visit(i + 1);
                }
                if y > 0 {
                    visit(i - w);
                }
                if y + 1 < h {
                    visit(i + w);
                }
            }
            // The blob's own red pixels, without the growth around them.
            let mut component = Component { label: next, x0: x1, y0: y1, x1: x0, y1: y0, count: 0 };
            for y in y0..=y1 {
                for x in x0..=x1 {
                    let i = y * w + x;
                    if self.red[i] && labels[i] == next {
                        component.x0 = component.x0.min(x);
                        component.y0 = component.y0.min(y);
                        component.x1 = component.x1.max(x);
                        component.y1 = component.y1.max(y);
                        component.count += 1;
                    }
                }
            }
            if let Some(seal) = self.judge(&component, &labels) {
                if best.is_none_or(|b| seal.score > b.score) {
                    best = Some(seal);
                }
            }
        }
        best
    }

    /// Is this component shaped like a seal? A seal is round (square bounding box, empty corners), big
    /// enough to matter, and hollow-ish: a ring with a star and text, not a solid disc or a red photo.
    #[allow(clippy::cast_precision_loss)]
    fn judge(&self, c: &Component, labels: &[u32]) -> Option<Seal> {
        let (bw, bh) = (c.x1 - c.x0 + 1, c.y1 - c.y0 + 1);
        let short_side = self.width.min(self.height);
        let (small, large) = (bw.min(bh), bw.max(bh));
        let aspect = small as f32 / large as f32;
        if c.count < 30 || small < 16 || aspect < 0.7 {
            return None;
        }
        // The bounding box covers at least 1.5 % of the image's shorter side squared: a 38 mm 公章 on an A3
        // scan covers 1.6 %, on A4 3.3 %; letterhead logos, red bullets and circled numbers are smaller.
        if ((bw * bh) as f32) < 0.015 * (short_side * short_side) as f32 {
            return None;
        }
        let (cx, cy) = ((c.x0 + c.x1) as f32 / 2.0, (c.y0 + c.y1) as f32 / 2.0);
        let (rx, ry) = (bw as f32 / 2.0, bh as f32 / 2.0);
        // A seal a few dozen pixels across (a 60 dpi scan) has a ring one pixel thin, which covers too
        // little of the ring zone to tell it from the characters: its pixels are thickened by one first.
        let thicken = large < THIN_RING_SIDE;
        let red_at = |x: usize, y: usize| {
            if !thicken {
                return self.red[y * self.width + x];
            }
            let (x0, x1) = (x.saturating_sub(1), (x + 1).min(self.width - 1));
            let (y0, y1) = (y.saturating_sub(1), (y + 1).min(self.height - 1));
            (y0..=y1).any(|yy| (x0..=x1).any(|xx| self.red[yy * self.width + xx]))
        };
        let mut zones = Zones::default();
        for y in c.y0..=c.y1 {
            for x in c.x0..=c.x1 {
                let i = y * self.width + x;
                let (dx, dy) = ((x as f32 - cx) / rx, (y as f32 - cy) / ry);
                let radius = (dx * dx + dy * dy).sqrt();
                let red = red_at(x, y);
                zones.red += usize::from(red);
                match radius {
                    r if r < 0.5 => {
                        zones.inner_area += 1;
                        zones.inner_red += usize::from(red);
                    }
                    r if r < 0.86 => {
                        zones.middle_area += 1;
                        zones.middle_red += usize::from(red);
                    }
                    r if r < 1.04 => {
                        zones.band_area += 1;
                        zones.band_red += usize::from(red);
                    }
                    r if r > 1.12 => {
                        zones.corner_area += 1;
                        zones.corner_red += usize::from(red);
                    }
                    _ => {}
                }
                if (0.8..=1.12).contains(&radius) && red && labels[i] == c.label {
                    let angle = dy.atan2(dx) + std::f32::consts::PI;
                    let sector = ((angle / std::f32::consts::TAU * RING_SECTORS as f32) as usize) % RING_SECTORS;
                    zones.sectors |= 1 << sector;
                }
            }
        }
        let share = |part: usize, whole: usize| if whole == 0 { 0.0 } else { part as f32 / whole as f32 };
        let fill = share(zones.red, bw * bh);
        if !(0.03..=0.9).contains(&fill) {
            return None;
        }
        // A seal's corners (outside the circle) are empty, its centre holds only a star, its ring goes all
        // the way round (text printed across it cuts a few sectors; a photo's red patch covers some), and
        // the ring is denser than the characters inside it (a speckled red patch is even throughout).
        let corners_empty = (1.0 - share(zones.corner_red, zones.corner_area) / fill).clamp(0.0, 1.0);
        let inner_density = share(zones.inner_red, zones.inner_area);
        let coverage = share(zones.sectors.count_ones() as usize, RING_SECTORS);
        let band_density = share(zones.band_red, zones.band_area);
        let middle_density = share(zones.middle_red, zones.middle_area);
        if corners_empty < 0.6
            || inner_density > 0.6
            || coverage < 0.75
            || band_density < 0.12
            || band_density < 1.25 * middle_density
        {
            return None;
        }
        let roundness = (aspect - 0.7) / 0.3;
        let score = 0.3
            + 0.2 * roundness
            + 0.15 * corners_empty
            + 0.1 * (1.0 - inner_density / 0.6)
            + 0.2 * (coverage - 0.75) / 0.25;
        Some(Seal { kind: SealKind::RedImage, score: score.clamp(0.0, 0.95) })
    }
}

/// Candidates whose longer side is under this many cells have their red thickened before judging (see
/// [`RedMask::judge`]): a 42 mm seal at 60 dpi is about 100 pixels across.
const THIN_RING_SIDE: usize = 160;

/// Sectors of the circle checked for the ring's continuity.
const RING_SECTORS: usize = 24;

/// Red pixel counts by zone of a candidate's bounding box, in radii normalised to the box (1.0 = the edge
/// of the inscribed ellipse).
#[derive(Default)]
struct Zones {
    red: usize,
    /// Beyond 1.12: the box's corners.
    corner_area: usize,
    corner_red: usize,
    /// Sectors in which the candidate's own pixels reach the ring zone, 0.8..1.12.
    sectors: u32,
    /// 0.86..1.04: the ring itself.
    band_area: usize,
    band_red: usize,
    /// 0.5..0.86: the characters.
    middle_area: usize,
    middle_red: usize,
    /// Within 0.5: the star.
    inner_area: usize,
    inner_red: usize,
}

struct Component {
    label: u32,
    x0: usize,
    y0: usize,
    x1: usize,
    y1: usize,
    count: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_with_and_without_zone() {
        // 2024-08-01 09:30:00 +08:00 = 2024-08-01 01:30:00 UTC
        assert_eq!(parse_pdf_date("D:20240801093000+08'00'"), Some(1_722_475_800));
        assert_eq!(parse_pdf_date("D:20240801093000"), Some(1_722_475_800));
        assert_eq!(parse_pdf_date("D:20240801013000Z"), Some(1_722_475_800));
        assert_eq!(parse_pdf_date("D:20240801013000Z00'00'"), Some(1_722_475_800));
        assert_eq!(parse_pdf_date("20240801093000+0800"), Some(1_722_475_800));
        assert_eq!(parse_pdf_date("D:20240731203000-05'00"), Some(1_722_475_800));
        assert_eq!(parse_pdf_date("D:2024"), parse_pdf_date("D:20240101000000+08'00'"));
        assert_eq!(parse_pdf_date("D:20241301"), None);
        assert_eq!(parse_pdf_date("yesterday"), None);
        assert_eq!(parse_pdf_date(""), None);
    }

    #[test]
    fn red_colours() {
        assert!(colour_is_red(&[1.into(), 0.into(), 0.into()]));
        assert!(colour_is_red(&[0.into(), 1.into(), 1.into(), 0.into()]));
        assert!(!colour_is_red(&[0.into()]));
        assert!(!colour_is_red(&[Object::Real(0.2), Object::Real(0.2), Object::Real(0.9)]));
        assert!(is_red(220, 30, 35));
        assert!(!is_red(200, 180, 170));
        assert!(is_red(227, 66, 52), "vermilion seal ink");
        assert!(is_red(230, 110, 130), "faded, pinkish seal ink");
        assert!(is_red(113, 37, 50), "a one-pixel ring over text, after JPEG");
        assert!(!is_red(120, 70, 40), "brown");
        assert!(!is_red(224, 172, 150), "skin");
        assert!(!is_red(90, 30, 35), "near black");
        assert!(!is_red(237, 125, 49), "orange");
        assert!(!colour_is_red(&[Object::Real(0.93), Object::Real(0.49), Object::Real(0.19)]));
    }

    #[test]
    fn indexed_colour_spaces_that_loop_or_chain_end() {
        let mut doc = Document::with_version("1.7");
        let palette = Object::String(vec![255, 0, 0, 0, 0, 0], lopdf::StringFormat::Hexadecimal);
        let indexed = |base: ObjectId| {
            Object::Array(vec![Object::Name(b"Indexed".to_vec()), Object::Reference(base), 1.into(), palette.clone()])
        };
        let looping = doc.new_object_id();
        doc.objects.insert(looping, indexed(looping));
        assert!(ColourSpace::of(&doc, &Object::Reference(looping), 0).is_none());
        // One level of indexing over RGB is what files have; five levels are not read.
        let rgb = doc.add_object(Object::Name(b"DeviceRGB".to_vec()));
        let mut base = rgb;
        for _ in 0..5 {
            base = doc.add_object(indexed(base));
        }
        assert!(ColourSpace::of(&doc, &Object::Reference(base), 0).is_none());
        let once = doc.add_object(indexed(rgb));
        assert!(
            matches!(ColourSpace::of(&doc, &Object::Reference(once), 0), Some(ColourSpace::Indexed(p)) if p == [[255, 0, 0], [0, 0, 0]])
        );
    }

    #[test]
    fn images_past_the_pixel_budget_are_not_decoded() {
        let doc = Document::with_version("1.7");
        let mut dict = Dictionary::new();
        dict.set("Width", 100);
        dict.set("Height", 100);
        dict.set("BitsPerComponent", 8);
        dict.set("ColorSpace", Object::Name(b"DeviceRGB".to_vec()));
        let image = Stream::new(dict, vec![255; 100 * 100 * 3]);
        let mut pixels = 15_000;
        assert_eq!(image_seal(&doc, &image, &mut pixels), Ok(None));
        assert_eq!(pixels, 5_000);
        assert_eq!(image_seal(&doc, &image, &mut pixels), Err(Limit::ImagePixels));
        assert_eq!(pixels, 0);
    }

    /// A `size`² mask from a predicate on pixel coordinates.
    fn mask(size: usize, red: impl Fn(f32, f32) -> bool) -> RedMask {
        RedMask::build(size, size, |i| red((i % size) as f32 + 0.5, (i / size) as f32 + 0.5))
    }

    fn ring(x: f32, y: f32, cx: f32, cy: f32, r: f32, thickness: f32) -> bool {
        (((x - cx).powi(2) + (y - cy).powi(2)).sqrt() - r).abs() <= thickness / 2.0
    }

    #[test]
    fn ring_cut_by_text_lines_is_still_a_seal() {
        // Black text lines 4 px high every 20 px run across the ring.
        let m = mask(600, |x, y| ring(x, y, 300.0, 300.0, 90.0, 4.0) && (y as usize % 20) >= 4);
        let seal = m.best_seal().expect("seal");
        assert!(seal.score >= 0.5, "{seal:?}");
    }

    #[test]
    fn seal_with_dense_text_inside_is_a_seal() {
        // Ring 6 % of the radius thick, an arc of "characters" (blocks) just inside it, a star-sized blob.
        let m = mask(600, |x, y| {
            let (dx, dy) = (x - 300.0, y - 300.0);
            let r = (dx * dx + dy * dy).sqrt() / 100.0;
            let angle = dy.atan2(dx).to_degrees();
            let character = (0.62..0.84).contains(&r) && angle < -10.0 && (angle as i32).rem_euclid(18) < 12;
            (0.94..=1.0).contains(&r) || character || r < 0.22
        });
        let seal = m.best_seal().expect("seal");
        assert!(seal.score >= 0.5, "{seal:?}");
    }

    #[test]
    fn shapes_that_are_not_seals() {
        // Red speckles in a round patch (lips, a flower, a red sweater in a photo).
        let speckles = |x: f32, y: f32| {
            let inside = (x - 300.0).powi(2) + (y - 300.0).powi(2) < 100.0 * 100.0;
            inside && ((x as u32).wrapping_mul(2_654_435_761) ^ (y as u32).wrapping_mul(40_503)).is_multiple_of(7)
        };
        assert_eq!(mask(600, speckles).best_seal(), None);
        // A solid red disc (a logo, a bullet).
        assert_eq!(mask(600, |x, y| (x - 300.0).powi(2) + (y - 300.0).powi(2) < 90.0 * 90.0).best_seal(), None);
        // A red square outline (a table frame).
        let frame = |x: f32, y: f32| {
            let (dx, dy) = ((x - 300.0).abs(), (y - 300.0).abs());
            dx.max(dy) > 88.0 && dx.max(dy) < 92.0
        };
        assert_eq!(mask(600, frame).best_seal(), None);
        // A red photo background.
        assert_eq!(mask(600, |_, _| true).best_seal(), None);
        // A small ring (a red "o").
        assert_eq!(mask(600, |x, y| ring(x, y, 300.0, 300.0, 12.0, 3.0)).best_seal(), None);
        // A wide red ellipse band (an underline swash).
        assert_eq!(
            mask(600, |x, y| ((x - 300.0) / 200.0).powi(2) + ((y - 300.0) / 60.0).powi(2) < 1.0).best_seal(),
            None
        );
    }
}
