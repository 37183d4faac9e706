//! Hostile PDFs: each gets a clear diagnostic in bounded time and memory, and never aborts the run. Colour
//! spaces that name themselves, deep nesting and reference chains, millions of drawing operations, one
//! content stream shared by a thousand pages, a hundred thousand pages, a page tree whose `/Count` lies,
//! and files whose objects would not fit in memory. Every file is made here, by hand, byte by byte.
//!
//! Bounds are for the debug build the tests run (dependencies at opt-level 1); a release build is several
//! times faster. Memory is measured with /usr/bin/time where it exists.

#[path = "support/hostile.rs"]
mod hostile_support;
mod support;

use hostile_support::{assert_bounded, Run};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use support::copy_dir;

// ------------------------------------------------------------------ PDFs written by hand

/// One indirect object: a plain body, or a stream (dictionary entries without `<< >>`, and data).
enum Body {
    Plain(Vec<u8>),
    Stream(String, Vec<u8>),
}

fn plain(text: impl Into<Vec<u8>>) -> Body {
    Body::Plain(text.into())
}

fn stream(dict: &str, data: &[u8]) -> Body {
    Body::Stream(dict.to_owned(), data.to_vec())
}

fn deflate(data: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(data).expect("deflate");
    encoder.finish().expect("deflate")
}

fn flate_stream(dict: &str, data: &[u8]) -> Body {
    Body::Stream(format!("{dict} /Filter /FlateDecode"), deflate(data))
}

/// A PDF of `objects` (numbered from 1 in order, `None` for a free number), catalog 1 0 R, with a true
/// cross-reference table.
fn pdf(objects: Vec<Option<Body>>) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (index, body) in objects.into_iter().enumerate() {
        let Some(body) = body else {
            offsets.push(None);
            continue;
        };
        offsets.push(Some(out.len()));
        writeln!(out, "{} 0 obj", index + 1).expect("write");
        match body {
            Body::Plain(text) => out.extend_from_slice(&text),
            Body::Stream(dict, data) => {
                write!(out, "<< {dict} /Length {} >>\nstream\n", data.len()).expect("write");
                out.extend_from_slice(&data);
                out.extend_from_slice(b"\nendstream");
            }
        }
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    let mut table = format!("xref\n0 {}\n0000000000 65535 f \n", offsets.len() + 1);
    for offset in &offsets {
        match offset {
            Some(at) => writeln!(table, "{at:010} 00000 n ").expect("write"),
            None => table.push_str("0000000000 65535 f \n"),
        }
    }
    out.extend_from_slice(table.as_bytes());
    write!(out, "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", offsets.len() + 1).expect("write");
    out
}

const PAGE: &str = "/Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]";

/// One page drawing `content` with `resources`, then `extra` objects numbered from 5.
fn one_page(content: Body, resources: &str, extra: Vec<Option<Body>>) -> Vec<u8> {
    let mut objects = vec![
        Some(plain("<< /Type /Catalog /Pages 2 0 R >>")),
        Some(plain("<< /Type /Pages /Kids [3 0 R] /Count 1 >>")),
        Some(plain(format!("<< {PAGE} /Resources {resources} /Contents 4 0 R >>"))),
        Some(content),
    ];
    objects.extend(extra);
    pdf(objects)
}

/// `pages` pages that all show content stream 3 0 R; page objects from 4 on.
fn shared_content(pages: usize, content: Body) -> Vec<u8> {
    let kids: Vec<String> = (0..pages).map(|i| format!("{} 0 R", i + 4)).collect();
    let mut objects = vec![
        Some(plain("<< /Type /Catalog /Pages 2 0 R >>")),
        Some(plain(format!("<< /Type /Pages /Kids [{}] /Count {pages} >>", kids.join(" ")))),
        Some(content),
    ];
    objects.extend((0..pages).map(|_| Some(plain(format!("<< {PAGE} /Contents 3 0 R >>")))));
    pdf(objects)
}

/// A 64×64 image (object 5) drawn on the page, in colour space `colour`, followed by `extra` objects from 6.
fn image_page(colour: &str, extra: Vec<Option<Body>>) -> Vec<u8> {
    let image = stream(
        &format!("/Type /XObject /Subtype /Image /Width 64 /Height 64 /BitsPerComponent 8 /ColorSpace {colour}"),
        &[0u8; 64 * 64],
    );
    let mut objects = vec![Some(image)];
    objects.extend(extra);
    one_page(stream("", b"q 100 0 0 100 0 0 cm /Im1 Do Q"), "<< /XObject << /Im1 5 0 R >> >>", objects)
}

const PALETTE: &str = "1 <ff0000000000>";

// ------------------------------------------------------------------ running under a watch

/// Runs the binary with `args` (absolute paths) in the crate's folder.
fn watched(args: &[&str]) -> Run {
    hostile_support::watched(&hostile_support::root(), args)
}

/// The project's bound is 5 s and 300 MB for any input up to 50 MB in a release build; the debug build
/// under test gets twice the time.
const SECS: f64 = 10.0;
const MB: f64 = 300.0;

const STAMPED: &str = "申报书（用印）.pdf";

/// A copy of the cq-2024-cases-2 sample dossier in `dir` whose stamped PDF is `pdf`.
fn dossier_with(dir: &Path, pdf: &[u8]) -> PathBuf {
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/cq-2024-cases-2/pass"), dir);
    std::fs::write(dir.join(STAMPED), pdf).expect("write");
    dir.to_owned()
}

/// What a check of one dossier says about the stamped PDF.
struct Checked {
    run: Run,
    /// (code, message) of each diagnostic on the stamped PDF.
    found: Vec<(String, String)>,
}

impl Checked {
    fn codes(&self) -> Vec<&str> {
        self.found.iter().map(|(code, _)| code.as_str()).collect()
    }

    fn message(&self, code: &str) -> &str {
        self.found
            .iter()
            .find(|(c, _)| c == code)
            .map_or_else(|| panic!("no {code}: {:?}\n{}", self.found, self.run.stderr), |(_, m)| m.as_str())
    }
}

/// Checks a sample dossier whose stamped PDF is `bytes` (also kept as a fuzz seed when small), in Chinese
/// or in English.
fn check_pdf(name: &str, bytes: &[u8], lang: &str) -> Checked {
    if bytes.len() < 512 << 10 {
        support::seed("pdf", name, bytes);
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let dossier = dossier_with(dir.path(), bytes);
    let dossier = dossier.to_str().expect("utf-8 path");
    let run = watched(&["check", dossier, "--today", "2024-08-10", "--format", "json", "--lang", lang]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{name}: exit {:?}, {e}: {}", run.code, run.stderr));
    let found = json["dossiers"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["file"] == STAMPED)
        .map(|d| (d["code"].as_str().unwrap_or("").to_owned(), d["message"].as_str().unwrap_or("").to_owned()))
        .collect();
    assert_bounded(name, &run, SECS, MB);
    Checked { run, found }
}

// ------------------------------------------------------------------ issue item 1: stack overflows

#[test]
fn indexed_colour_spaces_that_loop_or_chain_do_not_abort() {
    let looping = image_page("6 0 R", vec![Some(plain(format!("[/Indexed 6 0 R {PALETTE}]")))]);
    let pair = image_page(
        "6 0 R",
        vec![Some(plain(format!("[/Indexed 7 0 R {PALETTE}]"))), Some(plain(format!("[/Indexed 6 0 R {PALETTE}]")))],
    );
    let depth = 100_000;
    let mut chain: Vec<Option<Body>> =
        (0..depth).map(|i| Some(plain(format!("[/Indexed {} 0 R {PALETTE}]", i + 7)))).collect();
    chain.push(Some(plain("/DeviceRGB")));
    let chain = image_page("6 0 R", chain);
    assert!(looping.len() < 5000, "a small file: {}", looping.len());

    for (name, bytes) in [("indexed-self.pdf", looping), ("indexed-pair.pdf", pair), ("indexed-chain.pdf", chain)] {
        let checked = check_pdf(name, &bytes, "zh");
        // Before: “thread 'main' has overflowed its stack”, exit 134, nothing reported.
        assert_eq!(checked.run.code, Some(0), "{name}: {}", checked.run.stderr);
        assert!(checked.message("SB328").contains("1 页"), "{name}: {:?}", checked.found);
        assert!(!checked.run.stderr.contains("overflow"), "{name}: {}", checked.run.stderr);
    }
}

#[test]
fn a_batch_with_a_hostile_pdf_reports_every_dossier() {
    let root = tempfile::tempdir().expect("tempdir");
    let hostile = image_page("6 0 R", vec![Some(plain(format!("[/Indexed 6 0 R {PALETTE}]")))]);
    dossier_with(&root.path().join("01-hostile"), &hostile);
    let clean =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/cq-2024-cases-2/pass").join(STAMPED))
            .expect("sample pdf");
    dossier_with(&root.path().join("02-clean"), &clean);
    let root_arg = root.path().to_str().expect("utf-8 path");

    let run = watched(&["check", root_arg, "--today", "2024-08-10", "--format", "json"]);
    assert_bounded("batch check", &run, SECS, MB);
    let json: serde_json::Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("exit {:?}, {e}: {}", run.code, run.stderr));
    let dossiers = json["dossiers"].as_array().expect("dossiers");
    assert_eq!(dossiers.len(), 2, "{}", run.stdout);
    for dossier in dossiers {
        let summary = dossier["diagnostics"].as_array().expect("diagnostics").iter().any(|d| d["code"] == "SB328");
        assert!(summary, "each dossier's PDF is reported: {dossier}");
    }

    // Human output names both dossiers.
    let human = watched(&["check", root_arg, "--today", "2024-08-10"]);
    assert!(matches!(human.code, Some(0 | 1)), "exit {:?}: {}", human.code, human.stderr);
    assert!(human.stdout.contains("01-hostile") && human.stdout.contains("02-clean"), "{}", human.stdout);

    // The 汇总表 and the bundle are written too.
    let out = tempfile::tempdir().expect("tempdir");
    let table = out.path().join("汇总表.csv");
    let summary = watched(&["summary", root_arg, "-o", table.to_str().expect("utf-8"), "--today", "2024-08-10"]);
    // Both rows are there (the two copies of one sample are flagged as duplicates of each other: exit 1).
    assert!(matches!(summary.code, Some(0 | 1)), "exit {:?}: {}", summary.code, summary.stderr);
    assert!(summary.stderr.contains("2 行"), "{}", summary.stderr);
    let table = std::fs::read_to_string(&table).expect("summary written");
    assert!(table.contains("01-hostile") || table.lines().count() >= 3, "a header and both dossiers: {table}");
    let bundle = out.path().join("bundle.zip");
    let hostile_dir = root.path().join("01-hostile");
    let pack = watched(&[
        "pack",
        hostile_dir.to_str().expect("utf-8"),
        "-o",
        bundle.to_str().expect("utf-8"),
        "--today",
        "2024-08-10",
    ]);
    assert_eq!(pack.code, Some(0), "{}{}", pack.stdout, pack.stderr);
    assert!(bundle.exists());
}

#[test]
fn deep_nesting_and_reference_chains_are_bounded() {
    let depth = 100_000;
    let nested_array = one_page(
        stream("", b"0 0 m 9 9 l S"),
        &format!("<< /Foo {}{} >>", "[".repeat(depth), "]".repeat(depth)),
        vec![],
    );
    let nested_dict = one_page(
        stream("", b"0 0 m 9 9 l S"),
        &format!("<< /Foo {}{} >>", "<< /A ".repeat(depth), ">> ".repeat(depth)),
        vec![],
    );
    let nested_content =
        one_page(stream("", format!("{}{} Tj", "[".repeat(depth), "]".repeat(depth)).as_bytes()), "<< >>", vec![]);
    // Resources reached through a chain of 100,000 references.
    let mut chain: Vec<Option<Body>> = (0..depth).map(|i| Some(plain(format!("{} 0 R", i + 6)))).collect();
    chain.push(Some(plain("<< >>")));
    let reference_chain = one_page(stream("", b"0 0 m 9 9 l S"), "5 0 R", chain);

    for (name, bytes) in [
        ("nested-array.pdf", nested_array),
        ("nested-dict.pdf", nested_dict),
        ("nested-content.pdf", nested_content),
        ("reference-chain.pdf", reference_chain),
    ] {
        let checked = check_pdf(name, &bytes, "zh");
        assert!(matches!(checked.run.code, Some(0 | 1)), "{name}: exit {:?}: {}", checked.run.code, checked.run.stderr);
        // A damaged page is read as the blank page a viewer shows, or the file as damaged: named either way.
        let codes = checked.codes();
        assert!(
            codes.contains(&"SB328") || codes.contains(&"SB327") || codes.contains(&"SB321"),
            "{name}: {:?}",
            checked.found
        );
    }
}

#[test]
fn forms_nested_past_the_limit_are_named() {
    // Form n draws form n+1, 20 deep; the innermost draws a line.
    let forms = 20;
    let mut objects: Vec<Option<Body>> = (0..forms)
        .map(|i| {
            let next = i + 6;
            Some(stream(
                &format!(
                    "/Type /XObject /Subtype /Form /BBox [0 0 100 100] /Resources << /XObject << /F {next} 0 R >> >>"
                ),
                b"/F Do",
            ))
        })
        .collect();
    objects.push(Some(stream("/Type /XObject /Subtype /Form /BBox [0 0 100 100]", b"0 0 m 9 9 l S")));
    let bytes = one_page(stream("", b"/F Do"), "<< /XObject << /F 5 0 R >> >>", objects);
    let checked = check_pdf("forms-deep.pdf", &bytes, "zh");
    assert_eq!(checked.run.code, Some(0), "{}", checked.run.stderr);
    let limited = checked.message("SB326");
    assert!(limited.contains("表单嵌套超过 12 层") && limited.contains("第 1 页"), "{limited}");
    // Not a false “blank page” error.
    assert!(!checked.codes().contains(&"SB327"), "{:?}", checked.found);
}

// ------------------------------------------------------------------ issue item 5: work without budget

/// `count` line segments, one `m`/`l` pair per line, stroked red at the end.
fn lines(count: usize) -> Vec<u8> {
    let mut content = b"1 0 0 RG\n".to_vec();
    content.extend(b"0 0 m 1 1 l\n".repeat(count / 2));
    content.extend(b"S\n");
    content
}

#[test]
fn millions_of_line_operations_are_cut_off_with_a_notice() {
    // 2.8 million operations: 6.7 GB before.
    let bytes = one_page(flate_stream("", &lines(2_800_000)), "<< >>", vec![]);
    assert!(bytes.len() < 200 << 10, "{} bytes", bytes.len());
    let checked = check_pdf("lines-2.8M.pdf", &bytes, "zh");
    assert_eq!(checked.run.code, Some(0), "{}", checked.run.stderr);
    let limited = checked.message("SB326");
    assert!(limited.contains("单页绘图操作超过 50 万个") && limited.contains("第 1 页"), "{limited}");
    // The seal is not called missing where it was not looked for, and the page is not called blank.
    assert!(checked.message("SB324").contains("未能完整分析"), "{:?}", checked.found);
    assert!(!checked.codes().contains(&"SB327"), "{:?}", checked.found);

    let english = check_pdf("lines-2.8M.pdf", &bytes, "en");
    let limited = english.message("SB326");
    assert!(limited.contains("more than 500000 drawing operations on a page"), "{limited}");
}

#[test]
fn many_operations_within_the_budget_are_all_looked_at() {
    // 600,000 operations over two pages: 1.39 GB before; now both pages are walked in full.
    let content = lines(300_000);
    let bytes = pdf(vec![
        Some(plain("<< /Type /Catalog /Pages 2 0 R >>")),
        Some(plain("<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>")),
        Some(plain(format!("<< {PAGE} /Contents 5 0 R >>"))),
        Some(plain(format!("<< {PAGE} /Contents 6 0 R >>"))),
        Some(flate_stream("", &content)),
        Some(flate_stream("", &content)),
    ]);
    let checked = check_pdf("lines-600k.pdf", &bytes, "zh");
    assert_eq!(checked.run.code, Some(0), "{}", checked.run.stderr);
    assert!(checked.message("SB328").contains("2 页"), "{:?}", checked.found);
    assert!(!checked.found.iter().any(|(_, m)| m.contains("分析上限")), "nothing cut short: {:?}", checked.found);
    assert!(!checked.codes().contains(&"SB327"), "{:?}", checked.found);
}

#[test]
fn a_content_stream_shared_by_a_thousand_pages_is_inflated_once() {
    // 48 MiB of drawing, deflated to about 100 KB, shown on every page: > 60 s before.
    let line = b"0 0 m 1 1 l S\n";
    let big = line.repeat((48 << 20) / line.len());
    let bytes = shared_content(1000, flate_stream("", &big));
    let checked = check_pdf("shared-48MiB.pdf", &bytes, "zh");
    assert_eq!(checked.run.code, Some(0), "{}", checked.run.stderr);
    assert!(checked.message("SB328").contains("1000 页"), "{:?}", checked.found);
    let limited = checked.message("SB326");
    assert!(limited.contains("第 1–1000 页"), "{limited}");

    // A real-sized shared page (a letterhead of 50,000 operations) is analysed in full on every page.
    let letterhead = line.repeat(25_000);
    let bytes = shared_content(1000, flate_stream("", &letterhead));
    let checked = check_pdf("shared-letterhead.pdf", &bytes, "zh");
    assert!(checked.message("SB328").contains("1000 页"), "{:?}", checked.found);
    assert!(!checked.found.iter().any(|(_, m)| m.contains("分析上限")), "nothing cut short: {:?}", checked.found);
}

#[test]
fn a_hundred_thousand_pages_are_counted_in_linear_time() {
    let bytes = shared_content(100_000, stream("", b"0 0 m 99 99 l S"));
    let checked = check_pdf("pages-100k.pdf", &bytes, "zh");
    assert_eq!(checked.run.code, Some(0), "{}", checked.run.stderr);
    assert!(checked.message("SB328").contains("100000 页"), "{:?}", checked.found);
}

#[test]
fn a_page_tree_whose_count_lies_is_read() {
    // A second /Pages node claims 10^12 pages (a Vec sized from it would abort) and a third i64::MAX.
    let bytes = pdf(vec![
        Some(plain("<< /Type /Catalog /Pages 2 0 R >>")),
        Some(plain("<< /Type /Pages /Kids [3 0 R 5 0 R] /Count 2 >>")),
        Some(plain(format!("<< {PAGE} /Contents 4 0 R >>"))),
        Some(stream("", b"0 0 m 99 99 l S")),
        Some(plain("<< /Type /Pages /Parent 2 0 R /Kids [3 0 R 6 0 R] /Count 1000000000000 >>")),
        Some(plain("<< /Type /Pages /Parent 5 0 R /Kids [3 0 R] /Count 9223372036854775807 >>")),
    ]);
    let checked = check_pdf("count-lies.pdf", &bytes, "zh");
    assert_eq!(checked.run.code, Some(0), "{}", checked.run.stderr);
    assert!(checked.message("SB328").contains("1 页"), "{:?}", checked.found);
}

// ------------------------------------------------------------------ the audit: memory lopdf would take

#[test]
fn files_whose_objects_would_not_fit_are_refused_before_parsing() {
    // 20 million numbers in one array: 2.5 GB in lopdf before.
    let mut array = b"<< /Foo [".to_vec();
    array.extend(b"1 ".repeat(20 << 20));
    array.extend(b"] >>");
    let big_array = one_page(stream("", b"0 0 m 9 9 l S"), std::str::from_utf8(&array).expect("ascii"), vec![]);
    // The same inside an object stream, deflated to some kilobytes (7 million numbers: within the 16 MiB an
    // object stream may decode to).
    let mut inner = b"5 0 [".to_vec();
    inner.extend(b"1 ".repeat(7 << 20));
    inner.extend(b"]");
    let object_stream = one_page(
        stream("", b"0 0 m 9 9 l S"),
        "<< >>",
        vec![None, Some(flate_stream("/Type /ObjStm /N 1 /First 4", &inner))],
    );
    assert!(object_stream.len() < 512 << 10);

    for (name, bytes) in [("array-20M.pdf", big_array), ("object-stream-7M.pdf", object_stream)] {
        let checked = check_pdf(name, &bytes, "zh");
        assert_eq!(checked.run.code, Some(1), "{name}: {}", checked.run.stderr);
        assert!(checked.message("SB321").contains("结构过于复杂（超过 210 万个对象）"), "{name}: {:?}", checked.found);
    }
}

#[test]
fn a_run_of_operands_without_an_operator_is_cut_off() {
    // 20 million operands before one `m`: lopdf would hold them all at once (2.6 GB before).
    let mut content = b"1 0 0 RG ".to_vec();
    content.extend(b"1 ".repeat(20 << 20));
    content.extend(b"m\n");
    let bytes = one_page(flate_stream("", &content), "<< >>", vec![]);
    let checked = check_pdf("operands-20M.pdf", &bytes, "zh");
    assert_eq!(checked.run.code, Some(0), "{}", checked.run.stderr);
    assert!(checked.message("SB326").contains("单页绘图操作超过 50 万个"), "{:?}", checked.found);
}

// ------------------------------------------------------------------ object streams behind any filter

#[path = "support/pdf_gen.rs"]
#[allow(dead_code)]
mod pdf_gen;

/// LZW as PDF writes it (MSB first, codes of 9 to 12 bits, EarlyChange 1): a run of `byte` coded as
/// `cycles` tables' worth of ever longer runs, a clear code between tables. Each table decodes to about
/// 7.4 MB from 5.5 KB: the most LZW can expand.
fn lzw_bomb(byte: u8, cycles: usize) -> (Vec<u8>, usize) {
    let (mut out, mut acc, mut bits) = (Vec::new(), 0u32, 0u32);
    let mut put = |code: u32, width: u32| {
        acc = (acc << width) | code;
        bits += width;
        while bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
        acc &= (1 << bits) - 1;
    };
    let mut decoded = 0;
    for cycle in 0..cycles {
        // A clear code at the width of the table it ends.
        put(256, if cycle == 0 { 9 } else { 12 });
        let (mut width, mut next) = (9u32, 258u32);
        // The first code after a clear is the byte; each next one, the entry made just before it.
        put(u32::from(byte), width);
        decoded += 1;
        let mut length = 1;
        while next < 4093 {
            next += 1;
            if next > (1 << width) - 1 && width < 12 {
                width += 1;
            }
            put(next - 1, width);
            length += 1;
            decoded += length;
        }
    }
    put(257, 12);
    // Flushes the last partial byte, padded with zero bits.
    put(0, 7);
    (out, decoded)
}

#[test]
fn the_lzw_bomb_is_what_lopdf_decodes() {
    // The generator is checked against lopdf's decoder, so the test below measures a true bomb.
    let (data, decoded) = lzw_bomb(b' ', 2);
    let mut dict = lopdf::Dictionary::new();
    dict.set("Filter", lopdf::Object::Name(b"LZWDecode".to_vec()));
    let out = lopdf::Stream::new(dict, data.clone()).decompressed_content().expect("decodes");
    assert_eq!(out.len(), decoded);
    assert!(out.iter().all(|&b| b == b' '));
    assert!(decoded > 1000 * data.len(), "{decoded} from {}", data.len());
}

#[test]
fn an_object_stream_behind_ascii85_and_flate_is_counted_before_parsing() {
    // 7 million numbers in an object stream, deflated then ASCII85-encoded: the census inflated only
    // /FlateDecode alone, so lopdf parsed them all (3.9 s and 877 MB in a debug build).
    let mut inner = b"5 0 [".to_vec();
    inner.extend(b"1 ".repeat(7 << 20));
    inner.extend(b"]");
    let data = pdf_gen::ascii85(&deflate(&inner));
    let bytes = one_page(
        stream("", b"0 0 m 9 9 l S"),
        "<< >>",
        vec![None, Some(stream("/Type /ObjStm /N 1 /First 4 /Filter [/ASCII85Decode /FlateDecode]", &data))],
    );
    assert!(bytes.len() < 512 << 10);
    let checked = check_pdf("object-stream-a85-flate.pdf", &bytes, "zh");
    assert_eq!(checked.run.code, Some(1), "{}", checked.run.stderr);
    assert!(checked.message("SB321").contains("结构过于复杂（超过 210 万个对象）"), "{:?}", checked.found);
    assert_bounded("object-stream-a85-flate.pdf", &checked.run, SECS, 150.0);
}

const OBJECT_STREAM_LZW: &str = "/Type /ObjStm /N 1 /First 4 /Filter /LZWDecode";

#[test]
fn an_object_stream_behind_lzw_expanding_past_its_bound_is_refused_without_the_allocation() {
    // 147 MB of blanks from 110 KB of LZW: decoding stops at 16 MiB, and the file is not parsed (lopdf's
    // load failed on it before too, but as "damaged").
    let (data, decoded) = lzw_bomb(b' ', 20);
    assert!(decoded > 140 << 20);
    let bytes = one_page(stream("", b"0 0 m 9 9 l S"), "<< >>", vec![None, Some(stream(OBJECT_STREAM_LZW, &data))]);
    let checked = check_pdf("object-stream-lzw.pdf", &bytes, "zh");
    assert_eq!(checked.run.code, Some(1), "{}", checked.run.stderr);
    assert!(checked.message("SB321").contains("对象流解码后超过 16 MiB，结构过于复杂"), "{:?}", checked.found);
    assert_bounded("object-stream-lzw.pdf", &checked.run, SECS, 100.0);
    let english = check_pdf("object-stream-lzw.pdf", &bytes, "en");
    assert!(english.message("SB321").contains("object streams decode to more than 16 MiB"), "{:?}", english.found);
}

#[test]
fn object_streams_behind_lzw_past_the_file_s_budget_are_refused() {
    // Twenty object streams of 14.7 MB of blanks, 11 KB of LZW apiece: each within its 16 MiB, together
    // past the 256 MiB a file's object streams may decode to. Before, all 294 MB were decoded (1.7 s) and
    // the file read: a 50 MB file of such streams would have taken minutes.
    let (data, decoded) = lzw_bomb(b' ', 2);
    assert!(decoded > 14 << 20 && decoded < 16 << 20);
    let bombs: Vec<Option<Body>> =
        std::iter::once(None).chain((0..20).map(|_| Some(stream(OBJECT_STREAM_LZW, &data)))).collect();
    let bytes = one_page(stream("", b"0 0 m 9 9 l S"), "<< >>", bombs);
    let checked = check_pdf("object-streams-lzw.pdf", &bytes, "zh");
    assert_eq!(checked.run.code, Some(1), "{}", checked.run.stderr);
    assert!(checked.message("SB321").contains("对象流解码后超过 256 MiB"), "{:?}", checked.found);
    assert_bounded("object-streams-lzw.pdf", &checked.run, SECS, 100.0);

    // One such stream alone is within both bounds: the file is read, its page counted.
    let one = one_page(stream("", b"0 0 m 9 9 l S"), "<< >>", vec![None, Some(stream(OBJECT_STREAM_LZW, &data))]);
    let checked = check_pdf("object-stream-lzw-one.pdf", &one, "zh");
    assert!(!checked.codes().contains(&"SB321"), "{:?}", checked.found);
    assert!(checked.message("SB328").contains("1 页"), "{:?}", checked.found);
}
