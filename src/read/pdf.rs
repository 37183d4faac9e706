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

use std::collections::{HashMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};

use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Document, LoadOptions, Object, ObjectId, Permissions, Stream};
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
}

/// Pages with fewer extracted characters than this have no text layer worth the name (page numbers, a
/// stray OCR line).
pub const TEXT_LAYER_MIN_CHARS: usize = 20;

impl PdfInfo {
    /// Most pages are images without a text layer: a scan, whose text can be neither searched nor compared
    /// with the Word file.
    pub fn is_scanned(&self) -> bool {
        let scanned =
            self.page_details.iter().filter(|page| page.images > 0 && page.text_chars < TEXT_LAYER_MIN_CHARS).count();
        !self.page_details.is_empty() && scanned * 2 > self.page_details.len()
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

/// Reads a PDF from memory. Never panics on bad input: a file lopdf cannot make sense of is
/// [`PdfError::Damaged`].
pub fn read_pdf(bytes: &[u8]) -> Result<PdfInfo, PdfError> {
    guarded(|| {
        let doc = load(bytes)?;
        inspect(&doc)
    })
}

/// Text of the whole document, pages joined with '\n' (for comparing with the Word file); empty for scans
/// and for PDFs that need a password.
pub fn pdf_text(bytes: &[u8]) -> Result<String, PdfError> {
    guarded(|| {
        let doc = load(bytes)?;
        if doc.is_encrypted() {
            return Ok(String::new());
        }
        let texts: Vec<String> = pages(&doc).iter().map(|&(number, _)| page_text(&doc, number)).collect();
        Ok(texts.join("\n"))
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
    match catch_unwind(AssertUnwindSafe(step)) {
        Ok(result) => result,
        Err(panic) => {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(PdfError::Damaged(format!("the PDF reader failed: {message}")))
        }
    }
}

/// Bound on any one decompressed stream: page content, a form, an image. Keeps a small "zip bomb" PDF from
/// taking the machine's memory.
const MAX_STREAM_BYTES: usize = 64 << 20;

fn load(bytes: &[u8]) -> Result<Document, PdfError> {
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(PdfError::NotPdf);
    }
    let options = LoadOptions { max_decompressed_size: Some(MAX_STREAM_BYTES), ..LoadOptions::default() };
    let doc = Document::load_mem_with_options(bytes, options).map_err(|e| PdfError::Damaged(e.to_string()))?;
    if !doc.is_encrypted() && doc.page_iter().next().is_none() {
        return Err(PdfError::Damaged("no page could be found".to_string()));
    }
    Ok(doc)
}

fn inspect(doc: &Document) -> Result<PdfInfo, PdfError> {
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
    };
    if encryption == Encryption::UserPassword {
        // Without the password the objects stay encrypted: there are no pages or Info to read.
        return Ok(info);
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
    for (index, &(tree_number, page_id)) in pages.iter().enumerate() {
        let text = page_text(doc, tree_number);
        let text_chars = text.chars().filter(|c| !c.is_whitespace() && !c.is_control()).count();
        let scan = walker.scan_page(page_id);
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        info.page_details.push(PageInfo { number, text_chars, images: scan.images, seal: scan.seal });
    }
    Ok(info)
}

/// The pages in order as `(number in lopdf's page tree walk, object id)`. A page object listed twice (a
/// looping or broken tree) counts once, as viewers show it.
fn pages(doc: &Document) -> Vec<(u32, ObjectId)> {
    let mut seen = HashSet::new();
    doc.get_pages().into_iter().filter(|(_, id)| seen.insert(*id)).collect()
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

/// Extracted text of one page; pieces lopdf cannot decode (an unknown font encoding) are left out rather
/// than costing the page its whole text.
fn page_text(doc: &Document, number: u32) -> String {
    doc.extract_text_chunks_with_limit(&[number], MAX_STREAM_BYTES).into_iter().filter_map(Result::ok).collect()
}

// ---------------------------------------------------------------------------------------------------------
// Walking a page: images (through form XObjects), red vector paths, annotations.

/// Forms nest; real files rarely go past 3 levels, looping ones would go on for ever.
const MAX_FORM_DEPTH: u32 = 12;
/// Content operations looked at per page, forms included: enough for any real page, bounded for hostile ones.
const MAX_OPS_PER_PAGE: usize = 2_000_000;
/// Annotations whose appearance is walked per page (link-heavy pages have thousands; seals are few).
const MAX_ANNOTATIONS: usize = 64;

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

#[derive(Debug, Default)]
struct PageScan {
    images: u32,
    images_seen: HashSet<ObjectId>,
    forms_seen: HashSet<ObjectId>,
    ops: usize,
    seal: Option<Seal>,
    red_paths: Vec<RedPath>,
}

impl PageScan {
    fn offer(&mut self, seal: Seal) {
        if self.seal.is_none_or(|best| seal.score > best.score) {
            self.seal = Some(seal);
        }
    }
}

struct Walker<'a> {
    doc: &'a Document,
    /// Seal finding per image object: a logo or seal repeated on every page is decoded once.
    image_seals: HashMap<ObjectId, Option<Seal>>,
}

impl<'a> Walker<'a> {
    fn new(doc: &'a Document) -> Self {
        Walker { doc, image_seals: HashMap::new() }
    }

    fn scan_page(&mut self, page_id: ObjectId) -> PageScan {
        let doc = self.doc;
        let mut scan = PageScan::default();
        let mut resources: Vec<&Dictionary> = Vec::new();
        if let Ok((direct, ids)) = doc.get_page_resources(page_id) {
            resources.extend(direct);
            resources.extend(ids.into_iter().filter_map(|id| doc.get_dictionary(id).ok()));
        }
        if let Ok(content) = doc.get_page_content_with_limit(page_id, MAX_STREAM_BYTES) {
            self.walk(&content, &resources, IDENTITY, 0, &mut scan);
        }

        // Annotations: a `/Stamp` is evidence by itself; any appearance may hold a seal image or paths
        // (signature widgets of 电子签章 systems draw the seal there). Images there are not page images.
        let page_images = scan.images;
        let annotations = doc.get_page_annotations(page_id).unwrap_or_default();
        for annotation in annotations.into_iter().take(MAX_ANNOTATIONS) {
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
        scan
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
        else {
            return;
        };
        // `/N` is a stream, or a dictionary of states (`/On`, `/Off`): take the current `/AS` or the first.
        let (id, stream) = match normal {
            Object::Reference(id) => match doc.get_object(*id) {
                Ok(Object::Stream(stream)) => (Some(*id), stream),
                Ok(Object::Dictionary(states)) => match first_state(doc, annotation, states) {
                    Some(found) => found,
                    None => return,
                },
                _ => return,
            },
            Object::Stream(stream) => (None, stream),
            Object::Dictionary(states) => match first_state(doc, annotation, states) {
                Some(found) => found,
                None => return,
            },
            _ => return,
        };
        if let Some(id) = id {
            if !scan.forms_seen.insert(id) {
                return;
            }
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
        if let Ok(content) = stream.decompressed_content_with_limit(MAX_STREAM_BYTES) {
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

    fn find_xobject(&self, resources: &[&'a Dictionary], name: &[u8]) -> Option<(Option<ObjectId>, &'a Stream)> {
        let doc = self.doc;
        for dict in resources {
            let Some(xobjects) = dict.get(b"XObject").ok().and_then(|x| deref(doc, x)).and_then(|x| x.as_dict().ok())
            else {
                continue;
            };
            match xobjects.get(name) {
                Ok(Object::Reference(id)) => {
                    if let Ok(Object::Stream(stream)) = doc.get_object(*id) {
                        return Some((Some(*id), stream));
                    }
                }
                Ok(Object::Stream(stream)) => return Some((None, stream)),
                _ => {}
            }
        }
        None
    }

    fn walk(&mut self, content: &[u8], resources: &[&'a Dictionary], ctm: Matrix, depth: u32, scan: &mut PageScan) {
        let mut stack: Vec<GraphicsState> = Vec::new();
        let mut gs = GraphicsState { ctm, fill_red: false, stroke_red: false };
        let mut path = PathState::default();

        for op in Content::decode_iter(content) {
            let Ok(op) = op else { break };
            scan.ops += 1;
            if scan.ops > MAX_OPS_PER_PAGE {
                break;
            }
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
                    let red = (stroke && gs.stroke_red) || (fill && gs.fill_red);
                    if let (true, Some(bounds)) = (red, path.bounds) {
                        if scan.red_paths.len() < 100_000 {
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
                    let Some((id, stream)) = self.find_xobject(resources, name) else { continue };
                    let subtype = stream.dict.get(b"Subtype").and_then(Object::as_name).unwrap_or_default();
                    match subtype {
                        b"Image" => self.image(id, stream, scan),
                        b"Form" if depth < MAX_FORM_DEPTH => {
                            if let Some(id) = id {
                                if !scan.forms_seen.insert(id) {
                                    continue;
                                }
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
                            if let Ok(content) = stream.decompressed_content_with_limit(MAX_STREAM_BYTES) {
                                self.walk(&content, &inner, concat(&m, &gs.ctm), depth + 1, scan);
                            }
                        }
                        _ => {}
                    }
                }
                _ => {}
            }
        }
    }

    fn image(&mut self, id: Option<ObjectId>, stream: &Stream, scan: &mut PageScan) {
        let seal = match id {
            Some(id) => {
                if !scan.images_seen.insert(id) {
                    return;
                }
                match self.image_seals.get(&id) {
                    Some(seal) => *seal,
                    None => {
                        let seal = image_seal(self.doc, stream);
                        self.image_seals.insert(id, seal);
                        seal
                    }
                }
            }
            None => image_seal(self.doc, stream),
        };
        scan.images += 1;
        if let Some(seal) = seal {
            scan.offer(seal);
        }
    }
}

fn first_state<'a>(
    doc: &'a Document,
    annotation: &Dictionary,
    states: &'a Dictionary,
) -> Option<(Option<ObjectId>, &'a Stream)> {
    let current = annotation.get(b"AS").and_then(Object::as_name).ok();
    let entry = current.and_then(|name| states.get(name).ok()).or_else(|| states.iter().next().map(|(_, v)| v))?;
    match entry {
        Object::Reference(id) => doc.get_object(*id).ok()?.as_stream().ok().map(|s| (Some(*id), s)),
        Object::Stream(stream) => Some((None, stream)),
        _ => None,
    }
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

/// A red, closed, round path made of curves, of a seal's size. A ring drawn as one stroked circle or as a
/// filled annulus (two subpaths) counts; a solid red disc does not. Red paths inside it (the star, the
/// characters drawn as outlines) raise the score.
fn vector_seal(paths: &[RedPath]) -> Option<Seal> {
    let mut best: Option<Seal> = None;
    for ring in paths {
        let (w, h) = (ring.bounds.width(), ring.bounds.height());
        let (short, long) = (w.min(h), w.max(h));
        if ring.curves < 4 || !ring.closed || !(VECTOR_SEAL_MIN..=VECTOR_SEAL_MAX).contains(&long) || short < long * 0.7
        {
            continue;
        }
        if ring.filled && ring.subpaths < 2 {
            continue;
        }
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

fn image_seal(doc: &Document, stream: &Stream) -> Option<Seal> {
    let dict = &stream.dict;
    let int = |key: &[u8]| -> Option<usize> {
        let value = deref(doc, dict.get(key).ok()?)?.as_i64().ok()?;
        usize::try_from(value).ok()
    };
    let width = int(b"Width")?;
    let height = int(b"Height")?;
    if width < MIN_IMAGE_SIDE || height < MIN_IMAGE_SIDE || width.checked_mul(height)? > MAX_IMAGE_PIXELS {
        return None;
    }
    if dict.get(b"ImageMask").and_then(Object::as_bool).unwrap_or(false) {
        return None;
    }
    let filters: Vec<&[u8]> = stream.filters().unwrap_or_default();
    let mask = match filters.last() {
        Some(&b"DCTDecode") if filters.len() == 1 => jpeg_mask(&stream.content)?,
        Some(&(b"JPXDecode" | b"CCITTFaxDecode" | b"JBIG2Decode" | b"DCTDecode")) => return None,
        _ => {
            let colour = ColourSpace::of(doc, dict.get(b"ColorSpace").ok()?)?;
            let bpc = int(b"BitsPerComponent").unwrap_or(8);
            let stride = (width * colour.components() * bpc).div_ceil(8);
            let data = stream.decompressed_content_with_limit(stride * height + 1024).ok()?;
            raw_mask(&data, width, height, bpc, stride, &colour)?
        }
    };
    mask.best_seal()
}

/// Red as a seal's ink is red, scanned or rendered: bright in R, well above G and B, and not orange (hue
/// within about 15° of red: G no more than a quarter of the way from B to R). Pink paper, brown wood, skin
/// and orange diagram shapes fail.
fn is_red(r: u8, g: u8, b: u8) -> bool {
    let (r, g, b) = (i16::from(r), i16::from(g), i16::from(b));
    r > 140 && r - g > 65 && r - b > 55 && (g - b) * 4 < r - b
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
    fn of(doc: &Document, object: &Object) -> Option<Self> {
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
                        let base = Self::of(doc, items.get(1)?)?;
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
        let mut zones = Zones::default();
        for y in c.y0..=c.y1 {
            for x in c.x0..=c.x1 {
                let i = y * self.width + x;
                let (dx, dy) = ((x as f32 - cx) / rx, (y as f32 - cy) / ry);
                let radius = (dx * dx + dy * dy).sqrt();
                let red = self.red[i];
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
        assert!(!is_red(237, 125, 49), "orange");
        assert!(!colour_is_red(&[Object::Real(0.93), Object::Real(0.49), Object::Real(0.19)]));
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
