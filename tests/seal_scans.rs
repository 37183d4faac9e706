//! Seals (公章) in scans made by another tool: ImageMagick draws an A4 page at 60, 100, 150 and 300 dpi
//! (text lines, and a seal: a ring alone, or a ring with a star and characters, centred or off to a corner
//! over the text) and wraps it in a PDF itself, JPEG (DCTDecode) or zip (FlateDecode); the JPEG is also
//! wrapped here behind ASCII85Decode and FlateDecode, as some scanners and reportlab write it. A page whose
//! red is a chart (bars and a pie) holds no seal. Skipped with a note when ImageMagick is not installed.

use std::path::Path;
use std::process::Command;

use lopdf::{dictionary, Document, Object, Stream};

/// ImageMagick's `convert`, when the one on PATH is ImageMagick.
fn magick() -> bool {
    let ok = Command::new("convert")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success() && String::from_utf8_lossy(&o.stdout).contains("ImageMagick"));
    if !ok {
        eprintln!("skipped: ImageMagick's convert is not installed");
    }
    ok
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Red {
    /// A seal's ring only.
    Ring,
    /// Ring, star and characters along the ring.
    Seal,
    /// The seal off centre, at the foot of the page over the text, as on a 承诺书.
    Offset,
    /// A red bar chart and pie, no seal.
    Chart,
}

/// ImageMagick's draw arguments for an A4 page at `dpi` with `red` on it.
fn page_args(dpi: u32, red: Red) -> Vec<String> {
    let px = |inches: f64| (inches * f64::from(dpi)).round();
    let (w, h) = (px(8.27), px(11.69));
    let mut args =
        vec!["-size".to_owned(), format!("{w}x{h}"), "xc:white".to_owned(), "-fill".into(), "#303030".into()];
    // Text lines: 0.12 in high every 0.3 in, inside 1 in margins.
    let mut y = 1.0;
    while y < 10.5 {
        args.extend(["-draw".into(), format!("rectangle {},{},{},{}", px(1.0), px(y), px(7.2), px(y + 0.12))]);
        y += 0.3;
    }
    let ink = "#d02a2e";
    // A 42 mm seal; its ring thin, 0.5 mm wide (one pixel at 60 dpi).
    let r = px(42.0 / 25.4 / 2.0);
    let ring = (0.5 * f64::from(dpi) / 25.4).round().max(1.0);
    let (cx, cy) = if red == Red::Offset { (px(6.3), px(9.9)) } else { (px(4.1), px(5.5)) };
    match red {
        Red::Ring | Red::Seal | Red::Offset => {
            args.extend(["-fill".into(), "none".into(), "-stroke".into(), ink.into()]);
            args.extend(["-strokewidth".into(), ring.to_string()]);
            args.extend(["-draw".into(), format!("circle {cx},{cy} {},{cy}", cx + r)]);
            if red != Red::Ring {
                args.extend(["-stroke".into(), "none".into(), "-fill".into(), ink.into()]);
                // A five-pointed star of radius r/4.
                let star: Vec<String> = (0..10)
                    .map(|i| {
                        let radius = if i % 2 == 0 { r / 4.0 } else { r / 10.0 };
                        let angle = std::f64::consts::PI * (f64::from(i) / 5.0 - 0.5);
                        format!("{:.1},{:.1}", cx + radius * angle.cos(), cy + radius * angle.sin())
                    })
                    .collect();
                args.extend(["-draw".into(), format!("polygon {}", star.join(" "))]);
                // Characters along the upper arc, each a small block.
                let size = (r / 7.0).max(1.0);
                for i in 0..12 {
                    let angle = std::f64::consts::PI * (1.1 + 0.8 * f64::from(i) / 11.0);
                    let (x, y) = (cx + 0.72 * r * angle.cos(), cy + 0.72 * r * angle.sin());
                    args.extend([
                        "-draw".into(),
                        format!(
                            "rectangle {:.1},{:.1} {:.1},{:.1}",
                            x - size / 2.0,
                            y - size / 2.0,
                            x + size / 2.0,
                            y + size / 2.0
                        ),
                    ]);
                }
            }
        }
        Red::Chart => {
            args.extend(["-stroke".into(), "none".into(), "-fill".into(), ink.into()]);
            for (i, height) in [1.2, 2.0, 0.8, 1.6].into_iter().enumerate() {
                let x = 1.5 + 0.6 * i as f64;
                args.extend([
                    "-draw".into(),
                    format!("rectangle {},{},{},{}", px(x), px(5.0 - height), px(x + 0.4), px(5.0)),
                ]);
            }
            args.extend(["-draw".into(), format!("circle {},{} {},{}", px(5.8), px(4.0), px(6.6), px(4.0))]);
        }
    }
    args
}

/// Runs convert with `args`, writing `out`.
fn convert(args: &[String], out: &Path) {
    assert!(try_convert(args, out), "convert {args:?} failed");
}

/// Runs convert with `args`, writing `out`; false when it fails (a security policy may forbid PDF).
fn try_convert(args: &[String], out: &Path) -> bool {
    let status = Command::new("convert").args(args).arg(out).output().expect("convert runs");
    if !status.status.success() {
        eprintln!("convert: {}", String::from_utf8_lossy(&status.stderr).trim());
    }
    status.status.success()
}

/// A one-page PDF showing `data` (an image stream already encoded with `filters`) at A4.
fn wrap(data: Vec<u8>, filters: &[&str], width: u32, height: u32, colour: &str) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let filter = Object::Array(filters.iter().map(|f| Object::Name(f.as_bytes().to_vec())).collect());
    let image = Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => width, "Height" => height,
            "ColorSpace" => colour, "BitsPerComponent" => 8, "Filter" => filter,
        },
        data,
    );
    let image_id = doc.add_object(image);
    let content = Stream::new(dictionary! {}, b"q 595 0 0 842 0 0 cm /Im0 Do Q".to_vec());
    let content_id = doc.add_object(content);
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Contents" => content_id, "Resources" => dictionary! { "XObject" => dictionary! { "Im0" => image_id } },
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1 }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("saves");
    out
}

fn deflate(data: &[u8]) -> Vec<u8> {
    use std::io::Write as _;
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(data).expect("deflates");
    encoder.finish().expect("deflates")
}

/// Whether shenbao sees a seal on the one page of `pdf`.
fn sealed(pdf: &[u8]) -> bool {
    let info = shenbao::read::pdf::read_pdf(pdf).expect("reads");
    assert_eq!(info.pages, 1);
    info.page_details[0].seal.is_some()
}

/// Every encoding of one drawn page: (how, PDF).
fn encodings(dir: &Path, dpi: u32, red: Red) -> Vec<(String, Vec<u8>)> {
    let stem = format!("{red:?}-{dpi}");
    let png = dir.join(format!("{stem}.png"));
    let mut args = page_args(dpi, red);
    args.extend(["-units".into(), "PixelsPerInch".into(), "-density".into(), dpi.to_string()]);
    convert(&args, &png);
    let mut out = Vec::new();
    for (how, compress) in [("ImageMagick JPEG", "jpeg"), ("ImageMagick zip", "zip")] {
        let pdf = dir.join(format!("{stem}-{compress}.pdf"));
        let png_arg = png.to_string_lossy().into_owned();
        // Debian's ImageMagick policy forbids writing PDF: then only the wrappings below are tested.
        if try_convert(&[png_arg, "-compress".into(), compress.into(), "-quality".into(), "75".into()], &pdf) {
            out.push((how.to_owned(), std::fs::read(&pdf).expect("pdf")));
        }
    }
    let jpg = dir.join(format!("{stem}.jpg"));
    convert(&[png.to_string_lossy().into_owned(), "-quality".into(), "75".into()], &jpg);
    let jpeg = std::fs::read(&jpg).expect("jpg");
    let size = imagesize::blob_size(&jpeg).expect("a size");
    let (w, h) = (u32::try_from(size.width).expect("w"), u32::try_from(size.height).expect("h"));
    out.push((
        "ASCII85 + DCT".into(),
        wrap(pdf_gen::ascii85(&jpeg), &["ASCII85Decode", "DCTDecode"], w, h, "DeviceRGB"),
    ));
    out.push(("Flate + DCT".into(), wrap(deflate(&jpeg), &["FlateDecode", "DCTDecode"], w, h, "DeviceRGB")));
    out.push(("DCT".into(), wrap(jpeg, &["DCTDecode"], w, h, "DeviceRGB")));
    // ImageMagick's raw RGB pixels, deflated: a FlateDecode RGB image.
    let rgb = dir.join(format!("{stem}.rgb"));
    convert(&[png.to_string_lossy().into_owned(), "-depth".into(), "8".into()], &rgb);
    let pixels = std::fs::read(&rgb).expect("rgb");
    out.push(("Flate RGB".into(), wrap(deflate(&pixels), &["FlateDecode"], w, h, "DeviceRGB")));
    out
}

#[test]
fn seals_are_found_at_every_dpi_and_encoding_and_a_red_chart_is_not_one() {
    if !magick() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let mut wrong = Vec::new();
    for dpi in [60, 100, 150, 300] {
        for red in [Red::Ring, Red::Seal, Red::Offset, Red::Chart] {
            for (how, pdf) in encodings(dir.path(), dpi, red) {
                let seen = sealed(&pdf);
                if seen != (red != Red::Chart) {
                    wrong.push(format!("{red:?} at {dpi} dpi, {how}: seal seen {seen}"));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[path = "support/pdf_gen.rs"]
#[allow(dead_code)]
mod pdf_gen;

#[test]
fn the_projects_own_scans_are_found_behind_every_filter_chain() {
    use pdf_gen::ScanPage;
    // A4 at 60, 100 and 150 dpi, the seal under and over the text, and a page without one.
    for (w, h) in [(496u16, 701u16), (827, 1169), (1240, 1754)] {
        for page in [
            ScanPage { seal: true, text_over_seal: false },
            ScanPage { seal: true, text_over_seal: true },
            ScanPage::default(),
        ] {
            let jpeg = pdf_gen::scan_jpeg_quality(page, w, h, 60);
            let (w32, h32) = (u32::from(w), u32::from(h));
            for (how, pdf) in [
                ("DCT", pdf_gen::scanned_pdf_sized(&[page], None, w, h, 60)),
                (
                    "ASCII85 + DCT",
                    wrap(pdf_gen::ascii85(&jpeg), &["ASCII85Decode", "DCTDecode"], w32, h32, "DeviceRGB"),
                ),
                ("Flate + DCT", wrap(deflate(&jpeg), &["FlateDecode", "DCTDecode"], w32, h32, "DeviceRGB")),
            ] {
                assert_eq!(sealed(&pdf), page.seal, "{page:?} at {w}×{h}, {how}");
            }
        }
    }
}
