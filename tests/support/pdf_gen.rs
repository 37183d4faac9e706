//! Real PDFs written with lopdf, for the PDF reader's tests and the fixture generator: a text PDF, a scan
//! (full-page JPEG, optionally with a red seal drawn into the pixels), encrypted PDFs, a page with a red
//! vector seal, a `/Stamp` annotation, and a seal image inside a form XObject.
//!
//! Include with `#[path = "support/pdf_gen.rs"] mod pdf_gen;`.

use lopdf::content::{Content, Operation};
use lopdf::{dictionary, Dictionary, Document, EncryptionState, EncryptionVersion, Object, ObjectId, Permissions};
use lopdf::{Stream, StringFormat};

/// A4 in points.
const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;

/// The red of seal ink.
const SEAL_RED: [u8; 3] = [214, 32, 38];

/// One page of a scanned PDF.
#[derive(Debug, Clone, Copy, Default)]
pub struct ScanPage {
    /// Draw a red seal ring with a star into the scan.
    pub seal: bool,
    /// Print the dark text bars over the seal (as toner shows through seal ink) instead of under it.
    pub text_over_seal: bool,
}

/// Builds a document page by page.
struct Builder {
    doc: Document,
    pages_id: ObjectId,
    kids: Vec<Object>,
}

impl Builder {
    fn new() -> Self {
        let mut doc = Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        Builder { doc, pages_id, kids: Vec::new() }
    }

    fn helvetica(&mut self) -> ObjectId {
        self.doc.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "Type1",
            "BaseFont" => "Helvetica",
            "Encoding" => "WinAnsiEncoding",
        })
    }

    fn add_page(&mut self, operations: Vec<Operation>, resources: Dictionary) -> ObjectId {
        self.add_page_with(operations, resources, Dictionary::new())
    }

    fn add_page_with(&mut self, operations: Vec<Operation>, resources: Dictionary, extra: Dictionary) -> ObjectId {
        let content = Content { operations }.encode().expect("content encodes");
        let content_id = self.doc.add_object(Stream::new(Dictionary::new(), content));
        let mut page = dictionary! {
            "Type" => "Page",
            "Parent" => self.pages_id,
            "MediaBox" => vec![0.into(), 0.into(), PAGE_W.into(), PAGE_H.into()],
            "Contents" => content_id,
            "Resources" => resources,
        };
        page.extend(&extra);
        let page_id = self.doc.add_object(page);
        self.kids.push(page_id.into());
        page_id
    }

    fn finish_document(mut self, created: Option<&str>) -> Document {
        let count = i64::try_from(self.kids.len()).expect("page count");
        let pages = dictionary! { "Type" => "Pages", "Kids" => self.kids, "Count" => count };
        self.doc.objects.insert(self.pages_id, Object::Dictionary(pages));
        let catalog_id = self.doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => self.pages_id });
        self.doc.trailer.set("Root", catalog_id);
        let mut info = dictionary! {
            "Producer" => Object::string_literal("shenbao pdf_gen"),
            "Creator" => Object::string_literal("shenbao tests"),
            "Title" => Object::string_literal("Test document"),
        };
        if let Some(created) = created {
            info.set("CreationDate", Object::string_literal(created));
            info.set("ModDate", Object::string_literal(created));
        }
        let info_id = self.doc.add_object(info);
        self.doc.trailer.set("Info", info_id);
        self.doc
    }

    fn finish(self, created: Option<&str>) -> Vec<u8> {
        save(self.finish_document(created))
    }
}

fn save(mut doc: Document) -> Vec<u8> {
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("PDF saves");
    out
}

fn op(operator: &str, operands: Vec<Object>) -> Operation {
    Operation::new(operator, operands)
}

fn nums(values: &[f32]) -> Vec<Object> {
    values.iter().map(|&v| Object::Real(v)).collect()
}

fn text_operations(lines: &[&str]) -> Vec<Operation> {
    let mut ops = vec![
        op("BT", vec![]),
        op("Tf", vec!["F1".into(), 12.into()]),
        op("TL", vec![16.into()]),
        op("Td", vec![72.into(), 770.into()]),
    ];
    for line in lines {
        ops.push(op("Tj", vec![Object::string_literal(*line)]));
        ops.push(op("T*", vec![]));
    }
    ops.push(op("ET", vec![]));
    ops
}

/// One page of Helvetica text (ASCII), one line per entry.
pub fn text_pdf(lines: &[&str], created: Option<&str>) -> Vec<u8> {
    text_pdf_pages(&[lines], created)
}

/// Several pages of Helvetica text.
pub fn text_pdf_pages(pages: &[&[&str]], created: Option<&str>) -> Vec<u8> {
    save(text_document(pages, created))
}

fn text_document(pages: &[&[&str]], created: Option<&str>) -> Document {
    let mut builder = Builder::new();
    let font = builder.helvetica();
    for lines in pages {
        let resources = dictionary! { "Font" => dictionary! { "F1" => font } };
        builder.add_page(text_operations(lines), resources);
    }
    builder.finish_document(created)
}

/// A scan: each page is one full-page JPEG of a light-grey sheet with dark "text" bars, and a red seal
/// (ring plus star) where `seal` is set. No text layer.
pub fn scanned_pdf(pages: &[ScanPage], created: Option<&str>) -> Vec<u8> {
    scanned_pdf_sized(pages, created, 850, 1100, 85)
}

/// [`scanned_pdf`] with page images of `w`×`h` pixels at JPEG `quality` (340×440 at 50 is a coarse
/// 40 dpi scan: small files for committed fixtures).
pub fn scanned_pdf_sized(pages: &[ScanPage], created: Option<&str>, w: u16, h: u16, quality: u8) -> Vec<u8> {
    let mut builder = Builder::new();
    for page in pages {
        let jpeg = scan_jpeg_quality(*page, w, h, quality);
        let image_id = builder.doc.add_object(jpeg_stream(jpeg, w, h));
        let ops = vec![
            op("q", vec![]),
            op("cm", nums(&[PAGE_W, 0.0, 0.0, PAGE_H, 0.0, 0.0])),
            op("Do", vec!["Im1".into()]),
            op("Q", vec![]),
        ];
        builder.add_page(ops, dictionary! { "XObject" => dictionary! { "Im1" => image_id } });
    }
    builder.finish(created)
}

fn jpeg_stream(jpeg: Vec<u8>, w: u16, h: u16) -> Stream {
    let dict = dictionary! {
        "Type" => "XObject",
        "Subtype" => "Image",
        "Width" => i64::from(w),
        "Height" => i64::from(h),
        "ColorSpace" => "DeviceRGB",
        "BitsPerComponent" => 8,
        "Filter" => "DCTDecode",
    };
    Stream::new(dict, jpeg).with_compression(false)
}

/// RGB pixels of a scanned page.
pub fn scan_pixels(page: ScanPage, w: usize, h: usize) -> Vec<u8> {
    let mut px = vec![0u8; w * h * 3];
    for (i, p) in px.chunks_exact_mut(3).enumerate() {
        // Light grey paper with a little deterministic noise.
        let noise = u8::try_from((i * 7919) % 9).unwrap_or(0);
        p.copy_from_slice(&[232 + noise, 232 + noise, 228 + noise]);
    }
    if page.seal && page.text_over_seal {
        // Seal first, the page's text printed over it.
        draw_seal(&mut px, w, h, w as f32 * 0.68, h as f32 * 0.78, w as f32 * 0.12);
    }
    // Dark text bars: lines of "words" across the page, leaving margins. Each bar is a row of 日-shaped
    // glyph outlines (2 px strokes), so text printed over a seal cuts its ring the way real characters do.
    let bar_h = h / 90;
    let glyph = |dx: usize, dy: usize| {
        let (gx, cell) = (dx % (bar_h + 3), bar_h);
        gx < cell && (gx < 2 || gx + 2 >= cell || dy < 2 || dy + 2 >= bar_h || dy.abs_diff(bar_h / 2) < 1)
    };
    let mut y = h / 12;
    let mut line = 0usize;
    while y + bar_h < h * 11 / 12 {
        let mut x = w / 10;
        let mut word = line;
        let right = if line % 7 == 6 { w / 2 } else { w * 9 / 10 };
        while x < right {
            let len = (w / 40) + (word * 37 % 5) * (w / 80);
            for yy in y..y + bar_h {
                for xx in (x..(x + len).min(right)).filter(|&xx| glyph(xx - x, yy - y)) {
                    px[(yy * w + xx) * 3..(yy * w + xx) * 3 + 3].copy_from_slice(&[52, 52, 56]);
                }
            }
            x += len + w / 80;
            word += 1;
        }
        y += bar_h * 3;
        line += 1;
    }
    if page.seal && !page.text_over_seal {
        draw_seal(&mut px, w, h, w as f32 * 0.68, h as f32 * 0.78, w as f32 * 0.12);
    }
    px
}

/// A red seal: a circle outline about 3 px thick and a five-pointed star in the middle.
pub fn draw_seal(px: &mut [u8], w: usize, h: usize, cx: f32, cy: f32, radius: f32) {
    let star = star_points(cx, cy, radius * 0.35);
    let (x0, x1) = ((cx - radius - 3.0).max(0.0) as usize, ((cx + radius + 3.0) as usize).min(w - 1));
    let (y0, y1) = ((cy - radius - 3.0).max(0.0) as usize, ((cy + radius + 3.0) as usize).min(h - 1));
    for y in y0..=y1 {
        for x in x0..=x1 {
            let (fx, fy) = (x as f32 + 0.5, y as f32 + 0.5);
            let d = ((fx - cx).powi(2) + (fy - cy).powi(2)).sqrt();
            if (d - radius).abs() <= 1.5 || inside_polygon(&star, fx, fy) {
                px[(y * w + x) * 3..(y * w + x) * 3 + 3].copy_from_slice(&SEAL_RED);
            }
        }
    }
}

fn star_points(cx: f32, cy: f32, r: f32) -> Vec<(f32, f32)> {
    (0..10)
        .map(|i| {
            let angle = std::f32::consts::PI * (i as f32) / 5.0 - std::f32::consts::FRAC_PI_2;
            let radius = if i % 2 == 0 { r } else { r * 0.38 };
            (cx + radius * angle.cos(), cy + radius * angle.sin())
        })
        .collect()
}

fn inside_polygon(points: &[(f32, f32)], x: f32, y: f32) -> bool {
    let mut inside = false;
    let mut j = points.len() - 1;
    for i in 0..points.len() {
        let ((xi, yi), (xj, yj)) = (points[i], points[j]);
        if (yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi {
            inside = !inside;
        }
        j = i;
    }
    inside
}

/// A scanned page as a JPEG (quality 85, the encoder's default 4:2:0 chroma subsampling, as scanners do).
pub fn scan_jpeg(page: ScanPage, w: u16, h: u16) -> Vec<u8> {
    scan_jpeg_quality(page, w, h, 85)
}

/// [`scan_jpeg`] at a chosen JPEG quality.
pub fn scan_jpeg_quality(page: ScanPage, w: u16, h: u16, quality: u8) -> Vec<u8> {
    let px = scan_pixels(page, usize::from(w), usize::from(h));
    let mut out = Vec::new();
    let encoder = jpeg_encoder::Encoder::new(&mut out, quality);
    encoder.encode(&px, w, h, jpeg_encoder::ColorType::Rgb).expect("JPEG encodes");
    out
}

/// A text PDF encrypted with RC4 40-bit (Standard handler, V1 R2) by lopdf. With `user_password` it needs
/// the password "user" to open; without, it opens freely but forbids printing (copying stays allowed).
pub fn encrypted_pdf(user_password: bool) -> Vec<u8> {
    encrypted_pdf_with(if user_password { "user" } else { "" }, "owner", false, true)
}

/// A text PDF encrypted with the given passwords and permissions.
pub fn encrypted_pdf_with(user_password: &str, owner_password: &str, print: bool, copy: bool) -> Vec<u8> {
    let mut doc =
        text_document(&[&["Encrypted test document", "Second line of text here"]], Some("D:20240801093000+08'00'"));
    let id = Object::String(b"0123456789abcdef".to_vec(), StringFormat::Hexadecimal);
    doc.trailer.set("ID", vec![id.clone(), id]);
    let mut permissions = Permissions::all();
    if !print {
        permissions.remove(Permissions::PRINTABLE | Permissions::PRINTABLE_IN_HIGH_QUALITY);
    }
    if !copy {
        permissions.remove(Permissions::COPYABLE);
    }
    let version = EncryptionVersion::V1 { document: &doc, owner_password, user_password, permissions };
    let state = EncryptionState::try_from(version).expect("encryption state");
    doc.encrypt(&state).expect("document encrypts");
    save(doc)
}

/// The four Bézier curves of a circle, as path operations (`m` and four `c`, then `h`).
fn circle_path(cx: f32, cy: f32, r: f32) -> Vec<Operation> {
    let k = 0.552_284_8 * r;
    vec![
        op("m", nums(&[cx + r, cy])),
        op("c", nums(&[cx + r, cy + k, cx + k, cy + r, cx, cy + r])),
        op("c", nums(&[cx - k, cy + r, cx - r, cy + k, cx - r, cy])),
        op("c", nums(&[cx - r, cy - k, cx - k, cy - r, cx, cy - r])),
        op("c", nums(&[cx + k, cy - r, cx + r, cy - k, cx + r, cy])),
        op("h", vec![]),
    ]
}

/// A text page with an electronic seal drawn as vectors: a red stroked circle of four Bézier curves and a
/// red filled star inside it.
pub fn vector_seal_pdf(created: Option<&str>) -> Vec<u8> {
    let mut builder = Builder::new();
    let font = builder.helvetica();
    let mut ops = text_operations(&["Applicant: Example Data Co., Ltd.", "Seal of the applicant below."]);
    ops.push(op("q", vec![]));
    ops.push(op("RG", nums(&[0.85, 0.1, 0.12])));
    ops.push(op("rg", nums(&[0.85, 0.1, 0.12])));
    ops.push(op("w", nums(&[3.0])));
    ops.extend(circle_path(420.0, 200.0, 60.0));
    ops.push(op("S", vec![]));
    let star = star_points(420.0, 200.0, 20.0);
    ops.push(op("m", nums(&[star[0].0, star[0].1])));
    for &(x, y) in &star[1..] {
        ops.push(op("l", nums(&[x, y])));
    }
    ops.push(op("h", vec![]));
    ops.push(op("f", vec![]));
    ops.push(op("Q", vec![]));
    builder.add_page(ops, dictionary! { "Font" => dictionary! { "F1" => font } });
    builder.finish(created)
}

/// A text page with a red circle of a figure's size drawn in a *non-red* colour next to a small red dot:
/// vector art that is not a seal.
pub fn vector_figure_pdf() -> Vec<u8> {
    let mut builder = Builder::new();
    let font = builder.helvetica();
    let mut ops = text_operations(&["Figure 1: architecture of the data platform."]);
    ops.push(op("q", vec![]));
    ops.push(op("RG", nums(&[0.1, 0.2, 0.8])));
    ops.extend(circle_path(300.0, 400.0, 80.0));
    ops.push(op("S", vec![]));
    ops.push(op("rg", nums(&[1.0, 0.0, 0.0])));
    ops.extend(circle_path(300.0, 400.0, 4.0));
    ops.push(op("f", vec![]));
    ops.push(op("Q", vec![]));
    builder.add_page(ops, dictionary! { "Font" => dictionary! { "F1" => font } });
    builder.finish(None)
}

/// A text page carrying a `/Stamp` annotation.
pub fn stamp_annotation_pdf() -> Vec<u8> {
    let mut builder = Builder::new();
    let font = builder.helvetica();
    let annotation = builder.doc.add_object(dictionary! {
        "Type" => "Annot",
        "Subtype" => "Stamp",
        "Rect" => nums(&[360.0, 140.0, 480.0, 260.0]),
        "Name" => "Approved",
    });
    let extra = dictionary! { "Annots" => vec![Object::Reference(annotation)] };
    builder.add_page_with(
        text_operations(&["Stamped in a PDF editor."]),
        dictionary! { "Font" => dictionary! { "F1" => font } },
        extra,
    );
    builder.finish(None)
}

/// An RGB image of a seal on white, FlateDecode (as Word and WPS store a pasted seal picture).
fn seal_image_stream(size: usize) -> Stream {
    let mut px = vec![255u8; size * size * 3];
    let c = size as f32 / 2.0;
    draw_seal(&mut px, size, size, c, c, size as f32 * 0.45);
    let dict = dictionary! {
        "Type" => "XObject",
        "Subtype" => "Image",
        "Width" => i64::try_from(size).expect("size"),
        "Height" => i64::try_from(size).expect("size"),
        "ColorSpace" => "DeviceRGB",
        "BitsPerComponent" => 8,
    };
    let mut stream = Stream::new(dict, px);
    stream.compress().expect("image compresses");
    stream
}

/// A text page whose seal picture (FlateDecode RGB) sits inside a form XObject, nested one level deeper in
/// a second form, the way stamping tools place it. With `seal == false` the picture is a grey square.
pub fn form_image_pdf(seal: bool) -> Vec<u8> {
    let mut builder = Builder::new();
    let font = builder.helvetica();
    let image = if seal {
        seal_image_stream(200)
    } else {
        let dict = dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => 200, "Height" => 200,
            "ColorSpace" => "DeviceRGB", "BitsPerComponent" => 8,
        };
        let mut stream = Stream::new(dict, vec![128u8; 200 * 200 * 3]);
        stream.compress().expect("image compresses");
        stream
    };
    let image_id = builder.doc.add_object(image);
    let inner_content = Content { operations: vec![op("Do", vec!["Seal".into()])] }.encode().expect("encodes");
    let inner = Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Form",
            "BBox" => nums(&[0.0, 0.0, 1.0, 1.0]),
            "Resources" => dictionary! { "XObject" => dictionary! { "Seal" => image_id } },
        },
        inner_content,
    );
    let inner_id = builder.doc.add_object(inner);
    let outer_content = Content {
        operations: vec![
            op("q", vec![]),
            op("cm", nums(&[120.0, 0.0, 0.0, 120.0, 0.0, 0.0])),
            op("Do", vec!["Fm2".into()]),
            op("Q", vec![]),
        ],
    }
    .encode()
    .expect("encodes");
    let outer = Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Form",
            "BBox" => nums(&[0.0, 0.0, 120.0, 120.0]),
            "Resources" => dictionary! { "XObject" => dictionary! { "Fm2" => inner_id } },
        },
        outer_content,
    );
    let outer_id = builder.doc.add_object(outer);
    let mut ops = text_operations(&["Letter of commitment, signed and sealed below."]);
    ops.extend([
        op("q", vec![]),
        op("cm", nums(&[1.0, 0.0, 0.0, 1.0, 360.0, 140.0])),
        op("Do", vec!["Fm1".into()]),
        op("Q", vec![]),
    ]);
    builder.add_page(
        ops,
        dictionary! {
            "Font" => dictionary! { "F1" => font },
            "XObject" => dictionary! { "Fm1" => outer_id },
        },
    );
    builder.finish(None)
}

/// A page tree whose `/Kids` point back at the tree itself: a reader that follows it blindly never ends.
pub fn looping_pdf() -> Vec<u8> {
    let mut doc = text_document(&[&["Looping page tree"]], None);
    let pages_id = doc.catalog().expect("catalog").get(b"Pages").expect("pages").as_reference().expect("ref");
    if let Ok(Object::Dictionary(pages)) = doc.get_object_mut(pages_id) {
        if let Ok(Object::Array(kids)) = pages.get_mut(b"Kids") {
            kids.push(Object::Reference(pages_id));
        }
    }
    save(doc)
}

/// ASCII85 as PDF writes it, with the `~>` end mark.
pub fn ascii85(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() * 5 / 4 + 8);
    for chunk in data.chunks(4) {
        let mut word = [0u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        let mut n = u32::from_be_bytes(word);
        if chunk.len() == 4 && n == 0 {
            out.push(b'z');
            continue;
        }
        let mut digits = [0u8; 5];
        for d in digits.iter_mut().rev() {
            *d = b'!' + (n % 85) as u8;
            n /= 85;
        }
        out.extend_from_slice(&digits[..chunk.len() + 1]);
    }
    out.extend_from_slice(b"~>");
    out
}
