//! The typed findings of the stamped-PDF family (SB321–SB328) and the media family (SB301–SB307,
//! SB311–SB314): tests assert on each finding's data (code, file, numbers) from a fixture dossier or
//! one built here with the fault it names, and snapshot the wording of every variant in zh and en once.

#[path = "support/findings.rs"]
mod findings_support;
mod support;
use findings_support::clause;

#[path = "support/pdf_gen.rs"]
#[allow(dead_code)]
mod pdf_gen;

#[path = "support/mp4_gen.rs"]
#[allow(dead_code)]
mod mp4_gen;

#[path = "support/hostile.rs"]
mod hostile_support;

use shenbao::checks::media::{ImageFinding, VideoFinding, VideoLine};
use shenbao::checks::stamped::{self, Restriction, StampedFinding, WordSide};
use shenbao::checks::{check_dossier, NoticeChoice, Options};
use shenbao::diag::{Code, Diagnostic, Finding, Lang, Severity};
use shenbao::read::image::ImageError;
use shenbao::read::mp4::{Codec, Mp4Error};
use shenbao::read::pdf::Limit;
use shenbao::report::DossierReport;
use std::io::Write as _;
use std::path::Path;

const CQ: &str = "fixtures/cq-2024-cases-2";
const CQ_DAY: &str = "2024-08-10";
const STAMPED: &str = "申报书（用印）.pdf";
const VIDEO: &str = "多媒体材料/视频/案例视频.mp4";
const PICTURE: &str = "多媒体材料/图片/1-数据要素流向图.jpg";
const LICENCE: &str = "营业执照复印件.jpg";

fn options() -> Options<'static> {
    let today: jiff::civil::Date = CQ_DAY.parse().expect("a date");
    Options { notice: NoticeChoice::FromDossier, today: Some(today), custom: &[] }
}

/// A cq-2024-cases-2 fixture dossier, checked on its day.
fn check(name: &str) -> DossierReport {
    let rel = format!("{CQ}/{name}");
    check_dossier(&Path::new(env!("CARGO_MANIFEST_DIR")).join(&rel), &rel, &options())
}

/// The cq sample with `file` replaced by `bytes` (kept as a fuzz seed for `target`), checked on its day.
fn check_with(file: &str, target: &str, seed: &str, bytes: &[u8]) -> DossierReport {
    support::seed(target, seed, bytes);
    let dir = hostile_support::sample(|d| std::fs::write(d.join(file), bytes).expect("write"));
    check_dossier(dir.path(), "edited", &options())
}

/// The findings of type `F` in a report, with the diagnostics that word them.
fn found<F: Finding>(report: &DossierReport) -> Vec<(&Diagnostic, &F)> {
    report.diagnostics.iter().filter_map(|d| d.finding::<F>().map(|f| (d, f))).collect()
}

fn findings<F: Finding>(report: &DossierReport) -> Vec<&F> {
    found::<F>(report).into_iter().map(|(_, f)| f).collect()
}

/// The one finding of type `F` with `code`, with its diagnostic.
fn only<F: Finding>(report: &DossierReport, code: Code) -> (&Diagnostic, &F) {
    let all: Vec<_> = found::<F>(report).into_iter().filter(|(d, _)| d.code == code).collect();
    assert_eq!(all.len(), 1, "{code:?}: {:#?}", report.diagnostics);
    all[0]
}

/// Both languages of a finding's message and help, for a wording snapshot.
fn worded(findings: &[&dyn Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        for lang in [Lang::Zh, Lang::En] {
            out += &format!("{} {:?} {:?}: {}\n", f.code().as_str(), f.severity(), lang, f.message(lang));
            if let Some(help) = f.help(lang) {
                out += &format!("    help: {help}\n");
            }
        }
    }
    out
}

// ---- hand-built PDFs ----

/// A PDF of `objects` (bodies numbered from 1; catalog 1 0 R, pages 2 0 R) with a true xref table.
fn pdf(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (index, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        writeln!(out, "{} 0 obj", index + 1).expect("write");
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    write!(out, "xref\n0 {}\n0000000000 65535 f \n", offsets.len() + 1).expect("write");
    for at in &offsets {
        writeln!(out, "{at:010} 00000 n ").expect("write");
    }
    write!(out, "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", offsets.len() + 1).expect("write");
    out
}

fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut body = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    body.extend_from_slice(data);
    body.extend_from_slice(b"\nendstream");
    body
}

/// One page drawing form 5, which draws form 6, … `depth` forms deep; the innermost draws a line.
fn nested_forms(depth: usize) -> Vec<u8> {
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /F 5 0 R >> >> /Contents 4 0 R >>"
            .to_vec(),
        stream("", b"/F Do"),
    ];
    for i in 0..depth {
        let next = i + 6;
        let dict =
            format!("/Type /XObject /Subtype /Form /BBox [0 0 100 100] /Resources << /XObject << /F {next} 0 R >> >>");
        objects.push(stream(&dict, b"/F Do"));
    }
    objects.push(stream("/Type /XObject /Subtype /Form /BBox [0 0 100 100]", b"0 0 m 9 9 l S"));
    pdf(&objects)
}

/// One page, and an object stream holding an array of 8 million numbers, deflated to a few kilobytes.
fn too_many_objects() -> Vec<u8> {
    // 7 million numbers: past the object cap, within the 16 MiB one object stream may decode to.
    let mut inner = b"5 0 [".to_vec();
    inner.extend(b"1 ".repeat(7 << 20));
    inner.extend(b"]");
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(&inner).expect("deflate");
    let deflated = encoder.finish().expect("deflate");
    pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>".to_vec(),
        stream("", b"0 0 m 9 9 l S"),
        stream("/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode", &deflated),
    ])
}

// ---- stamped PDFs (SB321–SB328) ----

#[test]
fn a_pdf_that_does_not_parse_is_sb321_with_the_readers_reason() {
    let report = check_with(STAMPED, "pdf", "findings-truncated.pdf", b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pa");
    let (d, f) = only::<StampedFinding>(&report, Code::PdfDamaged);
    let StampedFinding::Damaged { file, error } = f else { panic!("{f:?}") };
    assert_eq!(file, STAMPED);
    assert!(!error.is_empty(), "{f:?}");
    assert_eq!((d.severity, d.file.as_deref()), (Severity::Error, Some(STAMPED)));
    assert!(d.text(Lang::En).starts_with("cannot read the PDF “申报书（用印）.pdf”: "), "{}", d.text(Lang::En));
    // Nothing else is said about a PDF that does not open.
    assert_eq!(findings::<StampedFinding>(&report).len(), 1, "{:#?}", report.diagnostics);
}

#[test]
fn a_pdf_with_too_many_objects_is_refused_quickly_and_says_how_many() {
    let bytes = too_many_objects();
    assert!(bytes.len() < 512 << 10);
    let report = check_with(STAMPED, "pdf", "findings-too-many-objects.pdf", &bytes);
    let (_, f) = only::<StampedFinding>(&report, Code::PdfDamaged);
    let StampedFinding::TooComplex { file, objects } = f else { panic!("{f:?}") };
    assert_eq!(file, STAMPED);
    assert!(*objects >= 2_000_000, "{f:?}");
    // What the user sees from the command line, in bounded time and memory.
    let dir = hostile_support::sample(|d| std::fs::write(d.join(STAMPED), &bytes).expect("write"));
    let run = hostile_support::watched(dir.path(), &["check", ".", "--today", CQ_DAY]);
    assert_eq!(run.code, Some(1), "{}", run.said());
    assert!(run.stdout.contains("结构过于复杂（超过"), "{}", run.stdout);
    hostile_support::assert_bounded("too many objects", &run, 5.0, 300.0);
}

#[test]
fn an_open_password_is_sb322_and_nothing_more_is_checked() {
    let report = check("pdf-encrypted");
    let (d, f) = only::<StampedFinding>(&report, Code::PdfEncrypted);
    assert_eq!(f, &StampedFinding::Encrypted { file: STAMPED.into() });
    assert_eq!(d.severity, Severity::Error);
    assert_eq!(findings::<StampedFinding>(&report), [f]);
}

#[test]
fn a_pdf_forbidding_printing_or_copying_is_sb323() {
    for (print, copy, forbids) in [(false, true, Restriction::Printing), (true, false, Restriction::Copying)] {
        let bytes = pdf_gen::encrypted_pdf_with("", "owner", print, copy);
        let report = check_with(STAMPED, "pdf", &format!("findings-restricted-{print}-{copy}.pdf"), &bytes);
        let (d, f) = only::<StampedFinding>(&report, Code::PdfRestricted);
        assert_eq!(f, &StampedFinding::Restricted { file: STAMPED.into(), forbids });
        assert_eq!(d.severity, Severity::Warning);
    }
}

#[test]
fn a_blank_pdf_is_sb327_and_nothing_more_is_checked() {
    let report = check_with(STAMPED, "pdf", "findings-blank.pdf", &pdf_gen::text_pdf(&[], None));
    let (d, f) = only::<StampedFinding>(&report, Code::PdfEmpty);
    assert_eq!(f, &StampedFinding::Empty { file: STAMPED.into() });
    assert_eq!(d.severity, Severity::Error);
    assert_eq!(findings::<StampedFinding>(&report).len(), 1, "{:#?}", report.diagnostics);
}

#[test]
fn an_unsealed_scan_is_sb324_beside_its_summary_and_page_comparison() {
    let report = check("pdf-no-seal");
    let file = String::from(STAMPED);
    let all = findings::<StampedFinding>(&report);
    let StampedFinding::NoSeal { file: f, stamp } =
        all.iter().find(|f| matches!(f, StampedFinding::NoSeal { .. })).expect("SB324")
    else {
        unreachable!()
    };
    assert_eq!(f, &file);
    assert!(stamp.len() == 2 && stamp[1].starts_with("申报承诺书"), "{stamp:?}");
    assert!(all.contains(&&StampedFinding::Summary {
        file: file.clone(),
        pages: 6,
        scanned: true,
        seal_pages: vec![],
        stamp_due: true
    }));
    // The Word lays out on 4 pages (LibreOffice's count too: tests/page_estimate.rs).
    assert!(all.contains(&&StampedFinding::ScanComparedByPages { file, pages: 6, expected: 4 }), "{all:?}");
    let (d, _) = only::<StampedFinding>(&report, Code::PdfCompareLimited);
    assert_eq!(d.severity, Severity::Info);
}

#[test]
fn a_sealed_scan_is_summarised_with_its_seal_pages() {
    let report = check("pass");
    let (d, f) = only::<StampedFinding>(&report, Code::PdfSummary);
    assert_eq!(
        f,
        &StampedFinding::Summary {
            file: STAMPED.into(),
            pages: 6,
            scanned: true,
            seal_pages: vec![2, 6],
            stamp_due: true
        }
    );
    assert_eq!(d.text(Lang::En), "“申报书（用印）.pdf”: 6 pages, a scan, a seal seems to be on pages 2, 6");
    assert!(found::<StampedFinding>(&report).iter().all(|(d, _)| d.code != Code::PdfNoSeal));
}

#[test]
fn a_short_scan_without_a_seal_on_its_last_page_is_named() {
    use pdf_gen::ScanPage;
    let sealed = ScanPage { seal: true, ..ScanPage::default() };
    let bytes = pdf_gen::scanned_pdf_sized(&[sealed, ScanPage::default()], None, 340, 440, 50);
    let report = check_with(STAMPED, "pdf", "findings-scan-unsealed-last.pdf", &bytes);
    let all = findings::<StampedFinding>(&report);
    let file = String::from(STAMPED);
    assert!(
        all.contains(&&StampedFinding::NoSealOnLastPage {
            file: file.clone(), page: 2, part: "申报承诺书".into()
        }),
        "{all:?}"
    );
    // Two pages where the Word's layout gives four: SB325, not the SB326 of a close count.
    assert!(all.contains(&&StampedFinding::ScanPagesDiffer { file, pages: 2, expected: 4 }), "{all:?}");
    let (d, _) = only::<StampedFinding>(&report, Code::PdfOutdated);
    assert_eq!(d.severity, Severity::Warning);
    assert!(d.help.as_deref().is_some_and(|h| h.contains("没有缺页")), "{d:?}");
}

#[test]
fn a_word_saved_after_the_pdf_and_too_little_text_are_found() {
    let report = check("pdf-older-than-word");
    let (d, f) = only::<StampedFinding>(&report, Code::PdfOutdated);
    let StampedFinding::WordNewer { file, word, made, edited } = f else { panic!("{f:?}") };
    assert_eq!((file.as_str(), word.as_str()), (STAMPED, "申报书.docx"));
    // 2024-08-01 09:30 and 2024-08-10 16:00, Beijing time.
    assert_eq!((*made, *edited), (1_722_475_800, 1_723_276_800));
    assert!(d.message.contains("2024-08-10 16:00"), "{}", d.message);
    let (_, f) = only::<StampedFinding>(&report, Code::PdfCompareLimited);
    assert_eq!(f, &StampedFinding::TooLittleText { file: STAMPED.into(), chars: 48 });
}

#[test]
fn forms_nested_past_the_limit_leave_page_one_unanalysed_and_unjudged() {
    let bytes = nested_forms(20);
    let report = check_with(STAMPED, "pdf", "findings-forms-deep.pdf", &bytes);
    let all = findings::<StampedFinding>(&report);
    let file = String::from(STAMPED);
    assert!(
        all.contains(&&StampedFinding::AnalysisLimited {
            file: file.clone(),
            limit: Some(Limit::Nesting),
            pages: vec![1]
        }),
        "{all:?}"
    );
    // No seal was seen, but page 1 was not looked at in full: it may hold one.
    assert!(
        all.iter().any(|f| matches!(f, StampedFinding::NoSealInAnalysed { unanalysed, .. } if unanalysed == &[1])),
        "{all:?}"
    );
    // Pages not read in full are not compared with the Word, nor called blank.
    assert!(
        !all.iter().any(|f| matches!(
            f,
            StampedFinding::Empty { .. }
                | StampedFinding::TooLittleText { .. }
                | StampedFinding::ScanPagesDiffer { .. }
                | StampedFinding::ScanComparedByPages { .. }
        )),
        "{all:?}"
    );
}

#[test]
fn a_section_changed_after_stamping_is_named_with_its_likeness() {
    // The reader's facts and text of a real text PDF, compared with a Word of two sections.
    const KEPT: &str =
        "supply chain data from design production planning and materials is pooled in a trusted data space";
    const PRINTED: &str = "the platform was piloted in three plants and a second stage is being prepared for next year";
    const FINAL: &str = "one hundred and twenty six firms joined and purchase costs fell by three point four percent";
    let read = shenbao::read::pdf::read_pdf_with_text(&pdf_gen::text_pdf(&[KEPT, PRINTED], None)).expect("reads");
    let notice = shenbao::notice::builtin("cq-2024-cases-2", Lang::Zh).expect("embedded").expect("loads");
    let rule = notice.document("stamped_pdf").expect("stamped_pdf");
    let word = WordSide {
        file: "申报书.docx",
        sections: vec![("问题描述".into(), KEPT.into()), ("应用成效".into(), FINAL.into())],
        total_words: 100,
        pages: None,
        modified: None,
    };
    let mut out = Vec::new();
    stamped::find(rule, STAMPED, &Ok(read.info), Some(&read.text), Some(&word), &mut out);
    let changed: Vec<_> = out.iter().filter(|f| f.code() == Code::PdfOutdated).collect();
    let [StampedFinding::SectionDiffers { file, section, percent }] = changed.as_slice() else { panic!("{out:?}") };
    assert_eq!((file.as_str(), section.as_str()), (STAMPED, "应用成效"));
    assert!(*percent < 85, "{percent}");
    assert_eq!(changed[0].section(), Some("应用成效"));
}

/// The page comparison of a scan of `pages` pages with a Word laid out on `word_pages`.
fn scan_against(pages: usize, word_pages: u64) -> Vec<(StampedFinding, Severity)> {
    let scan = pdf_gen::scanned_pdf_sized(&vec![pdf_gen::ScanPage::default(); pages], None, 170, 220, 50);
    let read = shenbao::read::pdf::read_pdf_with_text(&scan).expect("reads");
    let notice = shenbao::notice::builtin("cq-2024-cases-2", Lang::Zh).expect("embedded").expect("loads");
    let rule = notice.document("stamped_pdf").expect("stamped_pdf");
    // Its 字数 alone would give 2 pages: the layout's estimate is what counts.
    let word =
        WordSide {
            file: "申报书.docx", sections: vec![], total_words: 1500, pages: Some(word_pages), modified: None
        };
    let mut out = Vec::new();
    stamped::find(rule, STAMPED, &Ok(read.info), Some(&read.text), Some(&word), &mut out);
    out.into_iter()
        .filter(|f| matches!(f, StampedFinding::ScanPagesDiffer { .. } | StampedFinding::ScanComparedByPages { .. }))
        .map(|f| {
            let severity = Diagnostic::of(f.clone()).severity;
            (f, severity)
        })
        .collect()
}

#[test]
fn a_scan_missing_pages_of_the_words_layout_is_a_warning_with_both_numbers() {
    let file = String::from(STAMPED);
    let found = scan_against(10, 16);
    assert_eq!(
        found,
        [(StampedFinding::ScanPagesDiffer { file: file.clone(), pages: 10, expected: 16 }, Severity::Warning)]
    );
    let d = Diagnostic::of(found[0].0.clone());
    assert!(d.text(Lang::Zh).contains("10 页，按 Word 版面估计约 16 页（估计值"), "{}", d.text(Lang::Zh));
    // Within what the estimate can tell apart: told, as information.
    assert_eq!(
        scan_against(14, 16),
        [(StampedFinding::ScanComparedByPages { file: file.clone(), pages: 14, expected: 16 }, Severity::Info)]
    );
    assert_eq!(
        scan_against(3, 4),
        [(StampedFinding::ScanComparedByPages { file, pages: 3, expected: 4 }, Severity::Info)]
    );
}

/// The seal findings of a scan whose first page only is sealed, under `notice`'s 用印PDF rule, against a
/// Word whose parts end with `last`.
fn seals_with_first_page_sealed(notice: &str, last: &str) -> Vec<StampedFinding> {
    use pdf_gen::ScanPage;
    let sealed = ScanPage { seal: true, ..ScanPage::default() };
    let scan = pdf_gen::scanned_pdf_sized(&[sealed, ScanPage::default(), ScanPage::default()], None, 340, 440, 50);
    let read = shenbao::read::pdf::read_pdf_with_text(&scan).expect("reads");
    assert_eq!(read.info.page_details[0].seal.map(|s| s.kind), Some(shenbao::read::pdf::SealKind::RedImage));
    let notice = shenbao::notice::builtin(notice, Lang::Zh).expect("embedded").expect("loads");
    let rule = notice.document("stamped_pdf").expect("stamped_pdf");
    let sections = vec![("一、概述".to_owned(), String::new()), (last.to_owned(), String::new())];
    let word = WordSide { file: "申报书.docx", sections, total_words: 1500, pages: Some(3), modified: None };
    let mut out = Vec::new();
    stamped::find(rule, STAMPED, &Ok(read.info), Some(&read.text), Some(&word), &mut out);
    out.retain(|f| f.code() == Code::PdfNoSeal);
    out
}

#[test]
fn the_last_page_is_looked_at_only_where_the_word_ends_with_the_pledge_the_notice_wants_stamped() {
    // cq wants the 申报承诺书 stamped, and its Word ends with it: the unsealed last page is named.
    let file = String::from(STAMPED);
    assert_eq!(
        seals_with_first_page_sealed("cq-2024-cases-2", "五、申报承诺书"),
        [StampedFinding::NoSealOnLastPage { file, page: 3, part: "五、申报承诺书".into() }]
    );
    // A Word that does not end with it: nothing is assumed of the last page.
    assert_eq!(seals_with_first_page_sealed("cq-2024-cases-2", "四、多媒体材料目录"), []);
    // qh's plan has no 承诺书 (its seals are the 申报单位's and the 推荐单位's): a seal found is enough.
    assert_eq!(seals_with_first_page_sealed("qh-2025-scenes", "七、组织保障措施"), []);
}

#[test]
fn stamped_findings_wording() {
    let file = String::from(STAMPED);
    let stamp = vec!["信息表“申报单位意见”栏".to_owned(), "申报承诺书".to_owned()];
    let findings = [
        StampedFinding::Damaged { file: file.clone(), error: "damaged PDF: no xref".into() },
        StampedFinding::TooComplex { file: file.clone(), objects: 2_100_000 },
        StampedFinding::Encrypted { file: file.clone() },
        StampedFinding::Restricted { file: file.clone(), forbids: Restriction::Printing },
        StampedFinding::Restricted { file: file.clone(), forbids: Restriction::Copying },
        StampedFinding::Empty { file: file.clone() },
        StampedFinding::AnalysisLimited { file: file.clone(), limit: Some(Limit::Nesting), pages: vec![1] },
        StampedFinding::AnalysisLimited {
            file: file.clone(),
            limit: Some(Limit::PageOperations),
            pages: vec![3, 5, 6, 7],
        },
        StampedFinding::AnalysisLimited { file: file.clone(), limit: None, pages: vec![2] },
        StampedFinding::Summary { file: file.clone(), pages: 1, scanned: false, seal_pages: vec![], stamp_due: false },
        StampedFinding::Summary { file: file.clone(), pages: 6, scanned: true, seal_pages: vec![], stamp_due: true },
        StampedFinding::Summary {
            file: file.clone(),
            pages: 6,
            scanned: true,
            seal_pages: vec![2, 6],
            stamp_due: true,
        },
        StampedFinding::Summary { file: file.clone(), pages: 2, scanned: false, seal_pages: vec![2], stamp_due: false },
        StampedFinding::NoSealInAnalysed { file: file.clone(), stamp: stamp.clone(), unanalysed: vec![1, 2, 3, 9] },
        StampedFinding::NoSeal { file: file.clone(), stamp },
        StampedFinding::NoSealOnLastPage { file: file.clone(), page: 8, part: "五、申报承诺书".into() },
        StampedFinding::WordNewer {
            file: file.clone(),
            word: "申报书.docx".into(),
            made: 1_722_475_800,
            edited: 1_723_276_800,
        },
        StampedFinding::ScanPagesDiffer { file: file.clone(), pages: 2, expected: 8 },
        StampedFinding::ScanComparedByPages { file: file.clone(), pages: 1, expected: 1 },
        StampedFinding::TooLittleText { file: file.clone(), chars: 48 },
        StampedFinding::SectionDiffers { file, section: "应用成效".into(), percent: 12 },
    ];
    let refs: Vec<&dyn Finding> = findings.iter().map(|f| f as &dyn Finding).collect();
    insta::assert_snapshot!(worded(&refs));
}

// ---- videos (SB301–SB307) ----

#[test]
fn a_video_cut_before_its_movie_header_is_sb301_with_the_readers_reason() {
    let whole = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(CQ).join("pass").join(VIDEO)).expect("video");
    // ftyp and the start of moov only: as when a copy is cut short.
    let cut = &whole[..64.min(whole.len())];
    let report = check_with(VIDEO, "mp4", "findings-cut.mp4", cut);
    let (d, f) = only::<VideoFinding>(&report, Code::VideoUnreadable);
    let VideoFinding::Unreadable { file, error } = f else { panic!("{f:?}") };
    assert_eq!(file, VIDEO);
    assert!(matches!(error, Mp4Error::NoMoov | Mp4Error::Damaged { .. }), "{error:?}");
    assert_eq!(d.severity, Severity::Error);
    assert!(d.text(Lang::Zh).starts_with("无法读取视频“多媒体材料/视频/案例视频.mp4”："), "{}", d.text(Lang::Zh));
    // No summary of a document whose only video does not read.
    assert!(findings::<VideoFinding>(&report).iter().all(|f| f.code() != Code::VideoSummary));
}

#[test]
fn a_video_of_sound_only_is_sb302() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(CQ).join("pass").join(VIDEO);
    let mut bytes = std::fs::read(path).expect("video");
    // The video track's handler becomes a text track's: what is left is sound.
    let at = bytes.windows(4).position(|w| w == b"vide").expect("a vide handler");
    bytes[at..at + 4].copy_from_slice(b"text");
    let report = check_with(VIDEO, "mp4", "findings-no-picture.mp4", &bytes);
    let (_, f) = only::<VideoFinding>(&report, Code::VideoNoTrack);
    assert!(matches!(f, VideoFinding::NoTrack { file } if file == VIDEO), "{f:?}");
}

#[test]
fn a_short_480p_video_is_below_hd_and_too_short() {
    let report = check("video-short-480p");
    let (d, f) = only::<VideoFinding>(&report, Code::VideoLowResolution);
    let VideoFinding::LowResolution { file, width, height, min_width, min_height, clause } = f else { panic!("{f:?}") };
    assert_eq!((file.as_str(), *width, *height, *min_width, *min_height), (VIDEO, 854, 480, 1280, 720));
    assert!(!clause.reference.is_empty());
    assert_eq!(d.severity, Severity::Error);
    let (_, f) = only::<VideoFinding>(&report, Code::VideoTooShort);
    let VideoFinding::TooShort { seconds, aim_s, .. } = f else { panic!("{f:?}") };
    assert_eq!((seconds.round(), *aim_s), (40.0, 300));
    let (d, f) = only::<VideoFinding>(&report, Code::VideoSummary);
    let VideoFinding::Summary { document, files, videos, .. } = f else { panic!("{f:?}") };
    assert_eq!((document.as_str(), *files), ("高清视频（MP4）", 1));
    assert_eq!(
        videos,
        &[VideoLine {
            file: VIDEO.into(),
            seconds: videos[0].seconds,
            width: 854,
            height: 480,
            codec: Codec::H264,
            sound: true
        }]
    );
    assert_eq!(d.file, None, "the summary is about the document, not one file");
}

#[test]
fn a_long_hevc_video_is_off_its_target_length_and_noted_for_its_codec() {
    let report = check("video-long-hevc");
    let (d, f) = only::<VideoFinding>(&report, Code::VideoDuration);
    let VideoFinding::Duration { file, seconds, target_s, low_s, high_s, .. } = f else { panic!("{f:?}") };
    assert_eq!((file.as_str(), seconds.round(), *target_s, *low_s, *high_s), (VIDEO, 450.0, 300, 240, 360));
    assert_eq!(d.severity, Severity::Warning);
    let (d, f) = only::<VideoFinding>(&report, Code::VideoCodec);
    assert!(matches!(f, VideoFinding::Hevc { file } if file == VIDEO), "{f:?}");
    assert_eq!(d.severity, Severity::Info);
}

#[test]
fn a_codec_few_players_have_is_a_warning() {
    let bytes = mp4_gen::mp4_fixture(1920, 1080, 302.0, 5.0, true, b"av01");
    let report = check_with(VIDEO, "mp4", "findings-av1.mp4", &bytes);
    let (d, f) = only::<VideoFinding>(&report, Code::VideoCodec);
    let VideoFinding::OtherCodec { file, codec, codec_string } = f else { panic!("{f:?}") };
    assert_eq!((file.as_str(), *codec), (VIDEO, Codec::Av1));
    assert!(codec_string.starts_with("av01"), "{codec_string}");
    assert_eq!(d.severity, Severity::Warning, "graded up from the code's info");
}

#[test]
fn video_findings_wording() {
    let file = String::from(VIDEO);
    let c = clause("二（一）", "时长5分钟左右的高清视频");
    let findings = [
        VideoFinding::Unreadable { file: file.clone(), error: Mp4Error::NoMoov },
        VideoFinding::Unreadable {
            file: file.clone(),
            error: Mp4Error::Damaged {
                en: "a box runs past the end of the file".into(),
                zh: "数据块超出文件末尾".into(),
            },
        },
        VideoFinding::NoTrack { file: file.clone() },
        VideoFinding::LowResolution {
            file: file.clone(),
            width: 854,
            height: 480,
            min_width: 1280,
            min_height: 720,
            clause: c.clone(),
        },
        VideoFinding::TooShort { file: file.clone(), seconds: 40.4, aim_s: 300, clause: c.clone() },
        VideoFinding::Duration {
            file: file.clone(),
            seconds: 450.0,
            target_s: 300,
            low_s: 240,
            high_s: 360,
            clause: c,
        },
        VideoFinding::Hevc { file: file.clone() },
        VideoFinding::OtherCodec { file: file.clone(), codec: Codec::Av1, codec_string: "av01.0.08M.08".into() },
        VideoFinding::Summary {
            document: "高清视频（MP4）".into(),
            document_en: "HD video (MP4)".into(),
            files: 1,
            bytes: 146_000,
            videos: vec![VideoLine {
                file: file.clone(),
                seconds: 302.0,
                width: 1920,
                height: 1080,
                codec: Codec::H264,
                sound: true,
            }],
        },
        VideoFinding::Summary {
            document: "高清视频（MP4）".into(),
            document_en: "HD video (MP4)".into(),
            files: 3,
            bytes: 12_900_000,
            videos: vec![
                VideoLine {
                    file: "a.mp4".into(),
                    seconds: 59.6,
                    width: 1080,
                    height: 1920,
                    codec: Codec::Hevc,
                    sound: false,
                },
                VideoLine { file, seconds: 302.0, width: 1920, height: 1080, codec: Codec::Vp9, sound: true },
            ],
        },
    ];
    let refs: Vec<&dyn Finding> = findings.iter().map(|f| f as &dyn Finding).collect();
    insta::assert_snapshot!(worded(&refs));
}

// ---- pictures and scanned copies (SB311–SB314) ----

fn jpeg(w: u16, h: u16, colour: jpeg_encoder::ColorType, progressive: bool) -> Vec<u8> {
    let channels = if colour == jpeg_encoder::ColorType::Cmyk { 4 } else { 3 };
    let pixels = vec![128u8; usize::from(w) * usize::from(h) * channels];
    let mut out = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, 80);
    encoder.set_progressive(progressive);
    encoder.encode(&pixels, w, h, colour).expect("encode");
    out
}

#[test]
fn low_resolution_pictures_are_errors_and_a_low_resolution_copy_a_warning() {
    let report = check("low-res-pictures");
    let low = found::<ImageFinding>(&report);
    assert_eq!(low.len(), 4, "{:#?}", report.diagnostics);
    for (d, f) in &low {
        let ImageFinding::LowResolution { width, height, min_short_side, demanded, .. } = f else { panic!("{f:?}") };
        assert_eq!((*width, *height, *min_short_side, *demanded), (640, 480, 720, true));
        assert_eq!((d.code, d.severity), (Code::ImageLowResolution, Severity::Error));
    }
    // The 营业执照复印件 should be legible: advice, not a demand.
    let copy = jpeg(640, 480, jpeg_encoder::ColorType::Rgb, false);
    let report = check_with(LICENCE, "image", "findings-licence-640.jpg", &copy);
    let (d, f) = only::<ImageFinding>(&report, Code::ImageLowResolution);
    assert!(
        matches!(f, ImageFinding::LowResolution { file, min_short_side: 800, demanded: false, .. } if file == LICENCE),
        "{f:?}"
    );
    assert_eq!(d.severity, Severity::Warning);
}

#[test]
fn cmyk_and_progressive_jpegs_are_noted_at_their_grades() {
    use jpeg_encoder::ColorType::{Cmyk, Rgb};
    for (colour, progressive, expected, severity) in [
        (Cmyk, false, ImageFinding::Cmyk { file: PICTURE.into(), progressive: false }, Severity::Info),
        (Cmyk, true, ImageFinding::Cmyk { file: PICTURE.into(), progressive: true }, Severity::Info),
        (Rgb, true, ImageFinding::Progressive { file: PICTURE.into() }, Severity::Info),
    ] {
        let bytes = jpeg(1280, 720, colour, progressive);
        let report = check_with(PICTURE, "image", &format!("findings-{colour:?}-{progressive}.jpg"), &bytes);
        let (d, f) = only::<ImageFinding>(&report, Code::ImageCompat);
        assert_eq!(format!("{f:?}"), format!("{expected:?}"));
        assert_eq!(d.severity, severity, "{f:?}");
    }
}

#[test]
fn a_cut_jpeg_is_incomplete_and_a_broken_one_unreadable() {
    let whole = jpeg(1280, 720, jpeg_encoder::ColorType::Rgb, false);
    let report = check_with(PICTURE, "image", "findings-cut.jpg", &whole[..whole.len() - 40]);
    let (d, f) = only::<ImageFinding>(&report, Code::ImageDamaged);
    assert!(matches!(f, ImageFinding::Incomplete { file } if file == PICTURE), "{f:?}");
    assert_eq!(d.severity, Severity::Error);
    // A JPEG that ends inside its header: no size to read.
    let report = check_with(PICTURE, "image", "findings-header-only.jpg", &whole[..20]);
    let (d, f) = only::<ImageFinding>(&report, Code::ImageDamaged);
    let ImageFinding::Unreadable { file, error } = f else { panic!("{f:?}") };
    assert_eq!(file, PICTURE);
    assert!(matches!(error, ImageError::Damaged(_)), "{error:?}");
    assert!(d.text(Lang::Zh).contains("图片已损坏"), "{}", d.text(Lang::Zh));
}

#[test]
fn a_missing_picture_category_is_named() {
    let report = check("missing-picture-category");
    let (d, f) = only::<ImageFinding>(&report, Code::PictureCategoryMissing);
    let ImageFinding::CategoryMissing { category, clause } = f else { panic!("{f:?}") };
    assert_eq!(category, "系统界面呈现图");
    assert!(!clause.reference.is_empty());
    assert_eq!((d.severity, d.file.as_deref()), (Severity::Warning, None));
}

#[test]
fn image_findings_wording() {
    let file = String::from(PICTURE);
    let c = clause("二（一）", "具有代表性的高清图片（JPG格式）");
    let findings = [
        ImageFinding::Unreadable { file: file.clone(), error: ImageError::Damaged("the header ends early".into()) },
        ImageFinding::Unreadable { file: file.clone(), error: ImageError::NotAnImage },
        ImageFinding::Incomplete { file: file.clone() },
        ImageFinding::LowResolution {
            file: file.clone(),
            width: 640,
            height: 480,
            min_short_side: 720,
            clause: c.clone(),
            demanded: true,
        },
        ImageFinding::LowResolution {
            file: LICENCE.into(),
            width: 640,
            height: 480,
            min_short_side: 800,
            clause: c.clone(),
            demanded: false,
        },
        ImageFinding::Cmyk { file: file.clone(), progressive: true },
        ImageFinding::Cmyk { file: file.clone(), progressive: false },
        ImageFinding::Progressive { file },
        ImageFinding::CategoryMissing { category: "系统界面呈现图".into(), clause: c },
    ];
    let refs: Vec<&dyn Finding> = findings.iter().map(|f| f as &dyn Finding).collect();
    insta::assert_snapshot!(worded(&refs));
}
