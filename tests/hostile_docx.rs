//! Hostile .docx files that cost the reader time or memory out of all proportion to their size: deep
//! nesting of paragraphs, tables and text boxes, and tens of megabytes of empty paragraphs inflated from
//! a few kilobytes. Each is refused with SB205 and a message that says what is wrong, in bounded time
//! and memory; a package without `[Content_Types].xml` or with a part named twice is refused too.
//!
//! Every file is generated here (deflated, so small on disk) and handed to the fuzzers as a seed.

#[path = "support/hostile.rs"]
mod hostile_support;
mod support;
use hostile_support::{assert_bounded, package, watched, zip_deflated, zip_stored, Run, CONTENT_TYPES, RELS};
use std::path::Path;
use std::time::{Duration, Instant};
use support::{copy_dir, shenbao};

const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

fn document(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NS}><w:body>{body}</w:body></w:document>"#
    )
}

/// A footnotes or endnotes part (`kind` "footnote" or "endnote") with one note holding `inner`.
fn notes(kind: &str, inner: &str) -> String {
    format!(r#"<w:{kind}s {NS}><w:{kind} w:id="1">{inner}</w:{kind}></w:{kind}s>"#)
}

/// A complete package around `body`, with extra parts.
fn docx(body: &str, extra: &[(&str, &str)]) -> Vec<u8> {
    let doc = document(body);
    let mut parts = package(&doc);
    parts.extend_from_slice(extra);
    zip_deflated(&parts)
}

/// Writes the file into a fresh folder (and keeps it as a fuzz seed when small), then runs `count` on it
/// in Chinese and in English.
fn count_both(name: &str, bytes: &[u8]) -> (Run, Run) {
    if bytes.len() < 512 * 1024 {
        support::seed("docx", name, bytes);
    }
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join(name), bytes).expect("write");
    let zh = watched(dir.path(), &["count", name]);
    let en = watched(dir.path(), &["--lang", "en", "count", name]);
    (zh, en)
}

/// `count` refuses the file with exit 2 and both messages, within the bounds.
fn assert_refused(name: &str, bytes: &[u8], zh: &str, en: &str, secs: f64, mb: f64) {
    let (run_zh, run_en) = count_both(name, bytes);
    for (run, said) in [(&run_zh, zh), (&run_en, en)] {
        assert_eq!(run.code, Some(2), "{name}: {}", run.stderr);
        assert!(run.stderr.contains(name) && run.stderr.contains(said), "{name}: expected {said:?} in {}", run.stderr);
        assert!(run.stdout.is_empty(), "{name}: {}", run.stdout);
        assert_bounded(name, run, secs, mb);
    }
}

// ------------------------------------------------------------------ nesting

const LEVELS: usize = 100_000;
const DEEP_ZH: &str = "word/document.xml 的嵌套层数超过 256 层";
const DEEP_EN: &str = "paragraphs, tables and text boxes nested more than 256 levels deep";

#[test]
fn a_hundred_thousand_nested_paragraphs_are_refused_at_once() {
    // 7.5 KB on disk; it took 250 s when each level moved every paragraph below it into its parent.
    let body = format!("{}<w:r><w:t>深</w:t></w:r>{}", "<w:p>".repeat(LEVELS), "</w:p>".repeat(LEVELS));
    assert_refused("nested-paragraphs.docx", &docx(&body, &[]), DEEP_ZH, DEEP_EN, 3.0, 100.0);
}

#[test]
fn a_hundred_thousand_nested_tables_are_refused_at_once() {
    // A paragraph at every level: each cell's text held all the text below it (5.26 GB).
    let level = "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>表</w:t></w:r></w:p>";
    let body = format!("{}{}", level.repeat(LEVELS), "</w:tc></w:tr></w:tbl>".repeat(LEVELS));
    assert_refused("nested-tables.docx", &docx(&body, &[]), DEEP_ZH, DEEP_EN, 3.0, 100.0);
}

#[test]
fn a_hundred_thousand_nested_text_boxes_are_refused_at_once() {
    let open = "<w:p><w:r><mc:AlternateContent xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\"><mc:Choice Requires=\"wps\"><w:drawing><w:txbxContent>";
    let close = "</w:txbxContent></w:drawing></mc:Choice></mc:AlternateContent></w:r></w:p>";
    let body = format!("{}<w:p><w:r><w:t>框</w:t></w:r></w:p>{}", open.repeat(LEVELS), close.repeat(LEVELS));
    assert_refused("nested-text-boxes.docx", &docx(&body, &[]), DEEP_ZH, DEEP_EN, 3.0, 100.0);
}

#[test]
fn nesting_within_the_cap_still_reads_in_order() {
    // 80 tables deep, a text box 40 deep: further than Word goes, and read as before.
    let level = "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>表</w:t></w:r></w:p>";
    let tables = format!("{}{}", level.repeat(80), "</w:tc></w:tr></w:tbl>".repeat(80));
    let open = "<w:p><w:r><w:t>锚</w:t><w:drawing><w:txbxContent>";
    let close = "</w:txbxContent></w:drawing></w:r></w:p>";
    let boxes = format!("{}<w:p><w:r><w:t>框</w:t></w:r></w:p>{}", open.repeat(40), close.repeat(40));
    let (run, _) = count_both("nested-but-fine.docx", &docx(&format!("{tables}{boxes}"), &[]));
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    // 80 表, 40 锚 and 框: each counted once, whatever the nesting.
    let total = run.stdout.lines().find(|l| l.contains("全文")).expect("total line");
    assert_eq!(total.split_whitespace().nth(1), Some("121"), "{}", run.stdout);
    assert_bounded("nested but fine", &run, 3.0, 100.0);
}

// ------------------------------------------------------------------ amplification

const PARAS_ZH: &str = "段落超过 200000 个";
const PARAS_EN: &str = "more than 200000 paragraphs";

#[test]
fn sixty_three_mib_of_empty_paragraphs_are_refused_in_little_memory() {
    // About 100 KB deflated; it took 2.07 GB when every empty paragraph cost a full Paragraph.
    let body = "<w:p/>".repeat((63 << 20) / 6);
    let bytes = docx(&body, &[]);
    assert!(bytes.len() < 512 * 1024, "{} bytes", bytes.len());
    assert_refused("empty-paragraphs.docx", &bytes, PARAS_ZH, PARAS_EN, 5.0, 200.0);
}

#[test]
fn empty_paragraphs_across_body_footnotes_and_endnotes_are_refused_in_little_memory() {
    // 62 MiB in each part (5.9 GB before).
    let many = "<w:p/>".repeat((62 << 20) / 6);
    let (foot, end) = (notes("footnote", &many), notes("endnote", &many));
    let bytes = docx(&many, &[("word/footnotes.xml", &foot), ("word/endnotes.xml", &end)]);
    assert_refused("three-parts.docx", &bytes, PARAS_ZH, PARAS_EN, 5.0, 200.0);
}

#[test]
fn the_caps_hold_for_the_document_not_each_part() {
    // 80 000 paragraphs in each of three parts: no part past the cap, the document past it.
    let many = "<w:p/>".repeat(80_000);
    let (foot, end) = (notes("footnote", &many), notes("endnote", &many));
    let bytes = docx(&many, &[("word/footnotes.xml", &foot), ("word/endnotes.xml", &end)]);
    assert_refused("spread.docx", &bytes, PARAS_ZH, PARAS_EN, 5.0, 150.0);
    // The body alone reads.
    let (run, _) = count_both("body-only.docx", &docx(&many, &[]));
    assert_eq!(run.code, Some(0), "{}", run.stderr);
}

#[test]
fn a_document_just_under_every_cap_reads_within_bounds() {
    // 199 000 paragraphs, each with a named style and two runs of text: 398 000 runs and 14 MB of text
    // (with the style names), ten times and more the largest real document. It reads, counts, and stays well inside the bounds.
    let styles = format!(
        r#"<w:styles {NS}><w:style w:type="paragraph" w:styleId="1"><w:name w:val="正文段落"/></w:style></w:styles>"#
    );
    let para = format!(
        r#"<w:p><w:pPr><w:pStyle w:val="1"/></w:pPr><w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t>{}</w:t></w:r><w:r><w:t>{}</w:t></w:r></w:p>"#,
        "数".repeat(13),
        "a".repeat(20)
    );
    let bytes = docx(&para.repeat(199_000), &[("word/styles.xml", &styles)]);
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("big.docx"), &bytes).expect("write");
    let run = watched(dir.path(), &["count", "big.docx", "--format", "json"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(json["total"]["hanzi"], 13 * 199_000, "{}", run.stdout);
    assert_bounded("just under the caps", &run, 20.0, 250.0);
}

#[test]
fn text_repeated_through_nested_table_cells_is_charged_and_refused() {
    // Each cell's text holds the text of the cells inside it: 200 levels around 100 000 paragraphs
    // would copy 20 million paragraphs' text. Refused when the copies pass the text cap.
    let inner = "<w:p><w:r><w:t>文字</w:t></w:r></w:p>".repeat(100_000);
    let body = format!("{}{inner}{}", "<w:tbl><w:tr><w:tc>".repeat(200), "</w:tc></w:tr></w:tbl>".repeat(200));
    assert_refused("nested-cell-text.docx", &docx(&body, &[]), "文字超过 16 MB", "more than 16 MB of text", 5.0, 150.0);
}

// ------------------------------------------------------------------ damaged packages

#[test]
fn a_package_without_content_types_is_damaged() {
    let doc = document("<w:p><w:r><w:t>正文</w:t></w:r></w:p>");
    let bytes = zip_deflated(&[("_rels/.rels", RELS), ("word/document.xml", &doc)]);
    assert_refused(
        "no-content-types.docx",
        &bytes,
        "缺少 [Content_Types].xml",
        "[Content_Types].xml is missing, so Word cannot open it",
        3.0,
        100.0,
    );
}

#[test]
fn a_package_with_two_document_parts_is_damaged() {
    let (first, second) = (document("<w:p><w:r><w:t>甲</w:t></w:r></w:p>"), document("<w:p/>"));
    let bytes = zip_stored(&[
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", RELS),
        ("word/document.xml", &first),
        ("word/document.xml", &second),
    ]);
    assert_refused(
        "two-documents.docx",
        &bytes,
        "压缩包中有两个同名部件 word/document.xml",
        "two entries are named word/document.xml",
        3.0,
        100.0,
    );
    // Part names are compared ignoring ASCII case, as OPC compares them.
    let bytes = zip_stored(&[
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", RELS),
        ("word/document.xml", &first),
        ("Word/Document.XML", &second),
    ]);
    assert_refused("two-cases.docx", &bytes, "两个同名部件 Word/Document.XML", "two entries are named", 3.0, 100.0);
}

// ------------------------------------------------------------------ in a batch

/// Every dossier's (name, codes) in a `check --format json` of the batch folder.
fn batch_codes(json: &serde_json::Value) -> Vec<(String, Vec<String>)> {
    json["dossiers"]
        .as_array()
        .expect("dossiers")
        .iter()
        .map(|d| {
            let path = d["path"].as_str().unwrap_or_default().to_owned();
            let codes = d["diagnostics"]
                .as_array()
                .expect("diagnostics")
                .iter()
                .map(|x| x["code"].as_str().unwrap_or_default().to_owned())
                .collect();
            (path, codes)
        })
        .collect()
}

#[test]
fn a_hostile_application_is_one_dossier_s_sb205_and_the_batch_goes_on() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let batch = tmp.path().join("batch");
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/batch/ln-2024-cases"), &batch);
    let level = "<w:tbl><w:tr><w:tc><w:p/>";
    let hostile = docx(&format!("{}{}", level.repeat(LEVELS), "</w:tc></w:tr></w:tbl>".repeat(LEVELS)), &[]);
    let target = batch.join("02-dlut-medical/申报书.docx");
    assert!(target.exists(), "the fixture's 申报书 moved");
    std::fs::write(&target, &hostile).expect("write");

    let started = Instant::now();
    let out = shenbao()
        .arg("check")
        .arg(&batch)
        .args(["--today", "2024-03-01", "--format", "json"])
        .timeout(Duration::from_secs(60))
        .output()
        .expect("runs");
    let elapsed = started.elapsed();
    let json: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    let dossiers = batch_codes(&json);
    assert_eq!(dossiers.len(), 6, "{dossiers:?}");
    let (_, hostile_codes) = dossiers.iter().find(|(p, _)| p.contains("02-dlut-medical")).expect("02 reported");
    assert!(hostile_codes.iter().any(|c| c == "SB205"), "{hostile_codes:?}");
    let message = json["dossiers"]
        .as_array()
        .and_then(|ds| ds.iter().find(|d| d["path"].as_str().is_some_and(|p| p.contains("02-dlut-medical"))))
        .and_then(|d| d["diagnostics"].as_array())
        .and_then(|ds| ds.iter().find(|x| x["code"] == "SB205"))
        .and_then(|x| x["message"].as_str())
        .unwrap_or_default()
        .to_owned();
    assert!(message.contains("嵌套层数超过 256 层"), "{message}");
    // The others are read as before: no other dossier has an unreadable 申报书.
    for (path, codes) in dossiers.iter().filter(|(p, _)| !p.contains("02-dlut-medical") && !p.contains("broken")) {
        assert!(!codes.iter().any(|c| c == "SB205"), "{path}: {codes:?}");
    }
    assert!(elapsed < Duration::from_secs(30), "{elapsed:?}");
}

// ------------------------------------------------------------------ central directory

const CROWDED_ZH: &str = "压缩包中列有 600003 个部件";
const CROWDED_EN: &str = "the package lists 600003 entries";

#[test]
fn a_package_of_six_hundred_thousand_entries_is_refused_before_it_is_listed() {
    // 54 MB on disk. Listed by the zip crate, a million such entries took 2.7 s and 360 MB to count
    // (debug build); the end records say how many there are in 98 bytes.
    let doc = document("<w:p><w:r><w:t>正文</w:t></w:r></w:p>");
    let bytes = hostile_support::crowded_zip(&package(&doc), 600_000);
    assert_refused("crowded.docx", &bytes, CROWDED_ZH, CROWDED_EN, 5.0, 60.0 + 2.0 * bytes.len() as f64 / 1e6);
}

#[test]
fn just_past_the_entry_cap_is_refused_and_just_under_reads() {
    let doc = document("<w:p><w:r><w:t>正文</w:t></w:r></w:p>");
    let over = hostile_support::crowded_zip(&package(&doc), 20_000 - 2);
    assert_refused("over.docx", &over, "上限 20000 个", "at most 20000 entries", 10.0, 200.0);
    let under = hostile_support::crowded_zip(&package(&doc), 20_000 - 3);
    let (zh, _) = count_both("under.docx", &under);
    assert_eq!(zh.code, Some(0), "{}", zh.stderr);
    assert!(zh.stdout.contains("全文"), "{}", zh.stdout);
}

#[test]
fn a_dossier_s_crowded_zip_and_crowded_application_are_not_listed() {
    let doc = document("<w:p><w:r><w:t>正文</w:t></w:r></w:p>");
    let crowded = hostile_support::crowded_zip(&package(&doc), 600_000);
    let tmp = tempfile::tempdir().expect("tempdir");
    let dossier = tmp.path().join("pass");
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/national-2024-contest/pass"), &dossier);
    std::fs::write(dossier.join("证明材料/数据.zip"), &crowded).expect("write");
    let run = watched(&dossier, &["check", ".", "--format", "json"]);
    assert_bounded("a crowded .zip in a dossier", &run, 5.0, 60.0);
    assert!(!run.stdout.contains("SB205"), "the 申报书 is still read: {}", run.stdout);

    std::fs::write(dossier.join("项目申报书.docx"), &crowded).expect("write");
    let run = watched(&dossier, &["check", "."]);
    assert_bounded("a crowded 申报书", &run, 5.0, 60.0 + 2.0 * crowded.len() as f64 / 1e6);
    assert!(run.stdout.contains("SB205") && run.stdout.contains(CROWDED_ZH), "{}", run.stdout);
}
