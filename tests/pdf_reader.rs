//! The PDF reader over generated PDFs of each kind, damaged input, and the shared corpus when present.

mod support;

#[path = "support/pdf_gen.rs"]
#[allow(dead_code)]
mod pdf_gen;

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use pdf_gen::ScanPage;
use shenbao::read::pdf::{parse_pdf_date, pdf_text, read_pdf, Encryption, PdfError, SealKind};

/// 2024-08-01 09:30:00 Beijing time.
const AUG_1_0930_BEIJING: i64 = 1_722_475_800;
const CREATED: &str = "D:20240801093000+08'00'";

#[test]
fn text_pages_have_text_and_no_seal() {
    let bytes = pdf_gen::text_pdf(
        &["Project: data elements x health care", "Applicant: Example Data Co., Ltd.", "Budget: 3,000,000 yuan"],
        Some(CREATED),
    );
    let info = read_pdf(&bytes).expect("reads");
    assert_eq!(info.pages, 1);
    assert_eq!(info.version, "1.5");
    assert_eq!(info.encryption, Encryption::None);
    assert_eq!(info.producer.as_deref(), Some("shenbao pdf_gen"));
    assert_eq!(info.creator.as_deref(), Some("shenbao tests"));
    assert_eq!(info.title.as_deref(), Some("Test document"));
    assert_eq!(info.created, Some(AUG_1_0930_BEIJING));
    assert_eq!(info.modified, Some(AUG_1_0930_BEIJING));
    assert_eq!(info.created_raw.as_deref(), Some(CREATED));
    let page = &info.page_details[0];
    assert_eq!(page.number, 1);
    assert!(page.text_chars > 50, "{page:?}");
    assert_eq!(page.images, 0);
    assert_eq!(page.seal, None);
    assert!(!info.is_scanned());
    assert_eq!(info.text_layer_pages(), vec![1]);
}

#[test]
fn text_of_several_pages_is_joined_with_newlines() {
    let bytes = pdf_gen::text_pdf_pages(&[&["First page text"], &["Second page text"]], None);
    let info = read_pdf(&bytes).expect("reads");
    assert_eq!(info.pages, 2);
    assert_eq!(info.created, None);
    let text = pdf_text(&bytes).expect("text");
    let first = text.find("First page text").expect("page 1 text");
    let second = text.find("Second page text").expect("page 2 text");
    assert!(first < second);
    assert!(text[first..second].contains('\n'));
}

#[test]
fn scanned_page_with_seal_is_found_and_page_without_is_not() {
    let bytes =
        pdf_gen::scanned_pdf(&[ScanPage { seal: true, ..ScanPage::default() }, ScanPage::default()], Some(CREATED));
    let info = read_pdf(&bytes).expect("reads");
    assert_eq!(info.pages, 2);
    assert!(info.is_scanned());
    assert!(info.text_layer_pages().is_empty());
    let sealed = &info.page_details[0];
    assert_eq!(sealed.images, 1);
    assert_eq!(sealed.text_chars, 0);
    let seal = sealed.seal.expect("seal on page 1");
    assert_eq!(seal.kind, SealKind::RedImage);
    assert!(seal.score >= 0.5 && seal.score < 1.0, "{seal:?}");
    let plain = &info.page_details[1];
    assert_eq!(plain.images, 1);
    assert_eq!(plain.seal, None);
    assert_eq!(pdf_text(&bytes).expect("text").trim(), "");
}

#[test]
fn seal_under_printed_text_is_found() {
    let page = ScanPage { seal: true, text_over_seal: true };
    let info = read_pdf(&pdf_gen::scanned_pdf(&[page], None)).expect("reads");
    let seal = info.page_details[0].seal.expect("seal under text");
    assert_eq!(seal.kind, SealKind::RedImage);
    assert!(seal.score >= 0.5, "{seal:?}");
}

#[test]
fn scan_without_seal_has_none() {
    let bytes = pdf_gen::scanned_pdf(&[ScanPage::default(); 3], None);
    let info = read_pdf(&bytes).expect("reads");
    assert_eq!(info.pages, 3);
    assert!(info.page_details.iter().all(|p| p.seal.is_none() && p.images == 1), "{info:?}");
}

#[test]
fn user_password_cannot_be_opened() {
    let bytes = pdf_gen::encrypted_pdf(true);
    let info = read_pdf(&bytes).expect("reads");
    assert_eq!(info.encryption, Encryption::UserPassword);
    assert_eq!(info.pages, 0);
    assert!(info.page_details.is_empty());
    assert_eq!(pdf_text(&bytes).expect("text"), "");
}

#[test]
fn owner_only_reports_permissions() {
    let info = read_pdf(&pdf_gen::encrypted_pdf(false)).expect("reads");
    assert_eq!(info.encryption, Encryption::OwnerOnly { print: false, copy: true });
    assert_eq!(info.pages, 1);
    assert!(info.page_details[0].text_chars > 20);
    // Info strings are decrypted too.
    assert_eq!(info.created, Some(AUG_1_0930_BEIJING));
    assert_eq!(info.producer.as_deref(), Some("shenbao pdf_gen"));

    let info = read_pdf(&pdf_gen::encrypted_pdf_with("", "owner", true, false)).expect("reads");
    assert_eq!(info.encryption, Encryption::OwnerOnly { print: true, copy: false });
}

#[test]
fn red_vector_circle_is_a_vector_seal() {
    let info = read_pdf(&pdf_gen::vector_seal_pdf(None)).expect("reads");
    let seal = info.page_details[0].seal.expect("vector seal");
    assert_eq!(seal.kind, SealKind::RedVector);
    assert!(seal.score > 0.0 && seal.score < 0.8, "{seal:?}");

    let info = read_pdf(&pdf_gen::vector_figure_pdf()).expect("reads");
    assert_eq!(info.page_details[0].seal, None);
}

#[test]
fn stamp_annotation_is_evidence() {
    let info = read_pdf(&pdf_gen::stamp_annotation_pdf()).expect("reads");
    let seal = info.page_details[0].seal.expect("stamp");
    assert_eq!(seal.kind, SealKind::StampAnnotation);
    assert!(seal.score < 1.0);
}

#[test]
fn images_inside_nested_forms_are_counted_and_analysed() {
    let info = read_pdf(&pdf_gen::form_image_pdf(true)).expect("reads");
    let page = &info.page_details[0];
    assert_eq!(page.images, 1);
    let seal = page.seal.expect("seal inside form");
    assert_eq!(seal.kind, SealKind::RedImage);
    assert!(seal.score >= 0.5, "{seal:?}");

    let info = read_pdf(&pdf_gen::form_image_pdf(false)).expect("reads");
    assert_eq!(info.page_details[0].images, 1);
    assert_eq!(info.page_details[0].seal, None);
}

#[test]
fn dates() {
    assert_eq!(parse_pdf_date(CREATED), Some(AUG_1_0930_BEIJING));
    assert_eq!(parse_pdf_date("D:20240801093000"), Some(AUG_1_0930_BEIJING), "no zone means Beijing");
    assert_eq!(parse_pdf_date("D:20240801013000Z"), Some(AUG_1_0930_BEIJING));
    assert_eq!(parse_pdf_date("D:202408"), parse_pdf_date("D:20240801000000+08'00'"));
    assert_eq!(parse_pdf_date("D:2024"), parse_pdf_date("D:20240101000000+08'00'"));
    assert_eq!(parse_pdf_date("not a date"), None);
}

#[test]
fn damaged_input_is_an_error_not_a_panic() {
    assert!(matches!(read_pdf(b""), Err(PdfError::NotPdf)));
    assert!(matches!(read_pdf(b"GIF89a garbage garbage"), Err(PdfError::NotPdf)));
    assert!(matches!(read_pdf(b"%PDF-1.7\n"), Err(PdfError::Damaged(_))));
    let garbage: Vec<u8> = b"%PDF-1.4\n".iter().copied().chain((0..4000u32).map(|i| (i * 7 + i / 13) as u8)).collect();
    assert!(read_pdf(&garbage).is_err());

    let whole = pdf_gen::text_pdf(&["Some text that will be cut off"], Some(CREATED));
    // The page tree and catalog come last: any cut before them leaves no page.
    let tail = whole.windows(4).position(|w| w == b"xref").expect("xref");
    for cut in [10, whole.len() / 4, whole.len() / 2, tail / 2] {
        let result = read_pdf(&whole[..cut]);
        assert!(result.is_err(), "cut at {cut}: {result:?}");
        let _ = pdf_text(&whole[..cut]);
    }
    // Every other cut: no panic, whatever the result.
    for cut in (0..whole.len()).step_by(7) {
        let _ = read_pdf(&whole[..cut]);
    }
    let scan = pdf_gen::scanned_pdf(&[ScanPage { seal: true, ..ScanPage::default() }], None);
    for cut in (0..scan.len()).step_by(scan.len() / 50) {
        let _ = read_pdf(&scan[..cut]);
    }
    // A JPEG with its middle scrambled still has to come back.
    let mut broken = scan.clone();
    let middle = broken.len() / 2;
    for byte in &mut broken[middle..middle + 2000] {
        *byte = byte.wrapping_mul(31).wrapping_add(7);
    }
    let _ = read_pdf(&broken);
}

#[test]
fn looping_page_tree_ends() {
    let start = Instant::now();
    let _ = read_pdf(&pdf_gen::looping_pdf());
    assert!(start.elapsed() < Duration::from_secs(2));
}

// ---------------------------------------------------------------------------------------------------------
// Corpus: ../shared/corpus, when present.

fn pdf_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else { continue };
        if kind.is_dir() {
            pdf_files(&path, out);
        } else if kind.is_file() && path.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf")) {
            out.push(path);
        }
    }
}

/// `path -> Some(pages)` for rows pdfinfo read, `None` for `pdfinfo_error`.
fn manifest(corpus: &Path) -> HashMap<String, Option<u32>> {
    let Ok(text) = std::fs::read_to_string(corpus.join("MANIFEST.tsv")) else { return HashMap::new() };
    text.lines()
        .skip(1)
        .filter_map(|line| {
            let mut cols = line.split('\t');
            let (path, kind, _, info) = (cols.next()?, cols.next()?, cols.next()?, cols.next().unwrap_or(""));
            if kind != "pdf" {
                return None;
            }
            let pages = info.split_whitespace().find_map(|f| f.strip_prefix("pages=")).and_then(|n| n.parse().ok());
            Some((path.to_string(), pages))
        })
        .collect()
}

#[test]
fn corpus_pdfs_read_without_panic() {
    let Some(corpus) = support::shared("corpus") else {
        return;
    };
    let expected = manifest(&corpus);
    let mut files = Vec::new();
    pdf_files(&corpus, &mut files);
    files.sort();

    let (mut panics, mut slow, mut errors, mut mismatches, mut sealed) = (vec![], vec![], 0, vec![], vec![]);
    let (mut compared, mut agreed) = (0usize, 0usize);
    let mut reader_failures = vec![];
    let mut slowest: Option<(String, Duration)> = None;
    let mut locks: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for file in &files {
        let rel = file.strip_prefix(&corpus).unwrap_or(file).to_string_lossy().replace('\\', "/");
        let Ok(bytes) = std::fs::read(file) else { continue };
        let (start, cpu_start) = (Instant::now(), process_cpu());
        let outcome = catch_unwind(AssertUnwindSafe(|| (read_pdf(&bytes), pdf_text(&bytes).map(|t| t.len()))));
        let elapsed = start.elapsed();
        // Wall time alone fails on a machine busy with other work; a slow reader also spends the CPU.
        let cpu = process_cpu().zip(cpu_start).map(|(end, begin)| end.saturating_sub(begin));
        if slowest.as_ref().is_none_or(|(_, t)| elapsed > *t) {
            slowest = Some((rel.clone(), elapsed));
        }
        if elapsed > Duration::from_secs(2) && cpu.is_none_or(|cpu| cpu > Duration::from_secs(2)) {
            slow.push(format!("{rel} ({elapsed:?}, CPU {cpu:?})"));
        }
        let Ok((result, _)) = outcome else {
            panics.push(rel);
            continue;
        };
        if let Err(PdfError::Damaged(message)) = &result {
            if message.starts_with("the PDF reader failed") {
                reader_failures.push(format!("{rel}: {message}"));
            }
        }
        let ours = match &result {
            Ok(info) => {
                *locks.entry(format!("{:?}", info.encryption)).or_insert(0) += 1;
                for page in &info.page_details {
                    if let Some(seal) = page.seal {
                        sealed.push(format!("{rel} p{} {:?} {:.2}", page.number, seal.kind, seal.score));
                    }
                }
                Some(info.pages)
            }
            Err(_) => {
                errors += 1;
                None
            }
        };
        if let Some(Some(pages)) = expected.get(&rel) {
            compared += 1;
            if ours == Some(*pages) {
                agreed += 1;
            } else {
                mismatches.push(format!("{rel}: pdfinfo {pages}, ours {ours:?}"));
            }
        }
    }

    eprintln!("corpus: {} PDFs, {errors} errors, page counts agree with pdfinfo on {agreed}/{compared}", files.len());
    eprintln!("encryption: {locks:?}");
    if let Some((file, time)) = &slowest {
        eprintln!("slowest: {file} ({time:?})");
    }
    for line in &mismatches {
        eprintln!("  page count mismatch: {line}");
    }
    eprintln!("seal evidence on {} pages:", sealed.len());
    for line in &sealed {
        eprintln!("  {line}");
    }
    for line in &reader_failures {
        eprintln!("  caught reader panic: {line}");
    }
    assert!(panics.is_empty(), "panicked on {panics:?}");
    assert!(slow.is_empty(), "slower than 2 s: {slow:?}");
    assert!(agreed * 10 >= compared * 9, "page counts agree on only {agreed}/{compared}");
}

/// CPU time this process has used (user and system, every thread: the PDF reader runs on its own), from
/// /proc/self/stat; `None` where there is no /proc.
fn process_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are the
    // 12th and 13th of them, in clock ticks (100 a second on Linux).
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}
