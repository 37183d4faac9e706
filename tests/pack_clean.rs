//! `pack --clean` and a cleaned 申报书 under `check`, through the binary: the passing cq-2024-cases-2 sample
//! with its 申报书 given a tracked insertion, a tracked deletion, a comment and personal properties, as an
//! applicant's last round of edits leaves it.

#[path = "support/hostile.rs"]
mod hostile_support;
mod support;

use hostile_support::{fixture, names_in, sha256};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use support::shenbao_in;

const PASS: &str = "fixtures/cq-2024-cases-2/pass";
const TODAY: &str = "2024-08-10";
const EPOCH: &str = "1723248000";
const DOCX_ENTRY: &str = "可编辑Word/工业制造领域——基于可信数据空间的供应链协同管理-重庆某某科技有限公司-申报书.docx";
/// Inserted in 问题描述 with tracking on: counted (Word counts a tracked insertion).
const INSERTED: &str = "新增的说明";
/// Deleted there with tracking on: not counted, but still in the file.
const DELETED: &str = "删掉的旧句子";
const SECTION: &str = "问题描述";

/// Every entry of a zip, by name.
fn entries(zip_path: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(zip_path).expect("open")).expect("zip");
    let mut out = BTreeMap::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).expect("entry");
        let name = f.name().expect("name").into_owned();
        let mut data = Vec::new();
        f.read_to_end(&mut data).expect("inflates");
        out.insert(name, data);
    }
    out
}

/// The sample's 申报书 with a tracked insertion and deletion in 问题描述, a comment on them, and an author
/// and last editor who are people.
fn revised(original: &[u8]) -> Vec<u8> {
    let mut parts = entries_of(original);
    let doc = String::from_utf8(parts["word/document.xml"].clone()).expect("utf-8");
    let at = doc.find("本案例围绕").expect("问题描述's first paragraph");
    let end = at + doc[at..].find("</w:r>").expect("its run") + "</w:r>".len();
    let edit = format!(
        "<w:commentRangeStart w:id=\"0\"/><w:ins w:id=\"901\" w:author=\"王五\" w:date=\"2024-08-09T10:00:00Z\">\
         <w:r><w:t>{INSERTED}</w:t></w:r></w:ins><w:del w:id=\"902\" w:author=\"王五\" w:date=\"2024-08-09T10:00:00Z\">\
         <w:r><w:delText>{DELETED}</w:delText></w:r></w:del><w:commentRangeEnd w:id=\"0\"/>\
         <w:r><w:commentReference w:id=\"0\"/></w:r>"
    );
    let doc = format!("{}{edit}{}", &doc[..end], &doc[end..]);
    parts.insert("word/document.xml".into(), doc.into_bytes());
    let w = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";
    let comments = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:comments {w}><w:comment w:id=\"0\" \
         w:author=\"李四\"><w:p><w:r><w:t>这段数据还要核实</w:t></w:r></w:p></w:comment></w:comments>"
    );
    parts.insert("word/comments.xml".into(), comments.into_bytes());
    let rels = String::from_utf8(parts["word/_rels/document.xml.rels"].clone()).expect("utf-8");
    let rel = "<Relationship Id=\"rId90\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments\" Target=\"comments.xml\" />";
    parts.insert(
        "word/_rels/document.xml.rels".into(),
        rels.replace("</Relationships>", &format!("{rel}</Relationships>")).into_bytes(),
    );
    let core = String::from_utf8(parts["docProps/core.xml"].clone()).expect("utf-8");
    let core = core
        .replace("<dc:creator>unknown</dc:creator>", "<dc:creator>王五</dc:creator>")
        .replace("<cp:lastModifiedBy>unknown</cp:lastModifiedBy>", "<cp:lastModifiedBy>李四</cp:lastModifiedBy>");
    assert!(core.contains("王五") && core.contains("李四"), "{core}");
    parts.insert("docProps/core.xml".into(), core.into_bytes());
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in &parts {
        zip.start_file(name.as_str(), opts).expect("entry");
        zip.write_all(data).expect("write");
    }
    zip.finish().expect("zip").into_inner()
}

fn entries_of(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a docx is a zip");
    let mut out = BTreeMap::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).expect("entry");
        let name = f.name().expect("name").into_owned();
        let mut data = Vec::new();
        f.read_to_end(&mut data).expect("inflates");
        out.insert(name, data);
    }
    out
}

/// A copy of the sample whose 申报书 is `docx`.
fn dossier_with(docx: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let (tmp, dir) = fixture(PASS);
    std::fs::write(dir.join("申报书.docx"), docx).expect("write");
    (tmp, dir)
}

fn run(dir: &Path, args: &[&str]) -> std::process::Output {
    shenbao_in(dir).env("SOURCE_DATE_EPOCH", EPOCH).args(args).output().expect("runs")
}

fn said(out: &std::process::Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

/// `check --format json` of one dossier: its report.
fn check_json(dir: &Path) -> serde_json::Value {
    let out = run(dir, &["check", ".", "--today", TODAY, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", said(&out)));
    v["dossiers"][0].clone()
}

fn codes(report: &serde_json::Value) -> Vec<String> {
    let list = report["diagnostics"].as_array().expect("diagnostics");
    list.iter().map(|d| d["code"].as_str().expect("code").to_owned()).collect()
}

fn words(report: &serde_json::Value, title: &str) -> u64 {
    let sections = report["sections"].as_array().expect("sections");
    let section = sections.iter().find(|s| s["title"] == title).unwrap_or_else(|| panic!("no {title}: {report}"));
    section["words"].as_u64().expect("words")
}

/// Every file under a folder with its bytes.
fn files_under(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_owned(), std::fs::read(e.path()).expect("read")))
        .collect()
}

/// What `shenbao clean` makes of `docx`, through the binary.
fn cleaned_by_the_command(docx: &[u8]) -> Vec<u8> {
    let tmp = tempfile::tempdir().expect("tmp");
    std::fs::write(tmp.path().join("a.docx"), docx).expect("write");
    let out = run(tmp.path(), &["clean", "a.docx", "-o", "b.docx"]);
    assert!(out.status.success(), "{}", said(&out));
    std::fs::read(tmp.path().join("b.docx")).expect("the copy")
}

/// Without --clean a bundle is what it was before --clean existed: the 申报书 entry is the original's bytes,
/// report.json has no `cleaned` and 清单.txt no cleaning line; the bundle's bytes are held by a snapshot.
#[test]
fn without_clean_the_bundle_is_unchanged() {
    let (tmp, dir) = fixture(PASS);
    let bundle = tmp.path().join("b.zip");
    let out = run(tmp.path(), &["pack", "dossier", "--today", TODAY, "-o", "b.zip"]);
    assert!(out.status.success(), "{}", said(&out));
    assert!(!said(&out).contains("清理"), "{}", said(&out));
    let inside = entries(&bundle);
    assert_eq!(inside[DOCX_ENTRY], std::fs::read(dir.join("申报书.docx")).expect("original"));
    let report = String::from_utf8(inside["report.json"].clone()).expect("utf-8");
    assert!(!report.contains("\"cleaned\""), "{report}");
    let list = String::from_utf8(inside["清单.txt"].clone()).expect("utf-8");
    assert!(!list.contains("清理后的副本"), "{list}");
    // Every entry's hash and the bundle's: any byte that moves shows here (a deliberate change of the
    // bundle's contents updates the snapshot with INSTA_UPDATE=always).
    let mut listing = format!("bundle  {}\n", sha256(&std::fs::read(&bundle).expect("bundle")));
    for name in names_in(&bundle) {
        listing.push_str(&format!("{}  {name}\n", sha256(&inside[&name])));
    }
    insta::assert_snapshot!("pack_without_clean", listing);
}

#[test]
fn pack_clean_packs_the_cleaned_word_and_verifies() {
    let original = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(PASS).join("申报书.docx")).expect("read");
    let revised = revised(&original);
    let (tmp, dir) = dossier_with(&revised);
    let before = files_under(&dir);

    // The tracked changes and comment are errors here: part of the 申报书 may be published.
    let out = run(tmp.path(), &["pack", "dossier", "--today", TODAY, "-o", "plain.zip"]);
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    assert!(said(&out).contains("SB702") && said(&out).contains("SB701"), "{}", said(&out));
    assert!(!tmp.path().join("plain.zip").exists());

    let out = run(tmp.path(), &["pack", "dossier", "--today", TODAY, "-o", "b.zip", "--clean"]);
    assert!(out.status.success(), "{}", said(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = format!(
        "✔ {DOCX_ENTRY} 为清理后的副本（shenbao clean）：接受修订 2 处，删除批注 1 条，清除文档属性 2 项；原文件未改动"
    );
    assert!(stdout.lines().any(|l| l == line), "{stdout}");
    assert_eq!(files_under(&dir), before, "the dossier is only read");
    let left: Vec<String> = std::fs::read_dir(tmp.path())
        .expect("ls")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");

    let bundle = tmp.path().join("b.zip");
    let inside = entries(&bundle);
    let packed = &inside[DOCX_ENTRY];
    assert_eq!(*packed, cleaned_by_the_command(&revised), "the bundle holds what `shenbao clean` makes");
    let manifest = String::from_utf8(inside["manifest-sha256.txt"].clone()).expect("utf-8");
    assert!(manifest.contains(&format!("{}  {DOCX_ENTRY}\n", sha256(packed))), "{manifest}");

    let report: serde_json::Value = serde_json::from_slice(&inside["report.json"]).expect("json");
    let cleaned = &report["cleaned"];
    assert_eq!(cleaned.as_array().map(Vec::len), Some(1), "{report}");
    assert_eq!(cleaned[0]["file"], DOCX_ENTRY);
    assert_eq!(cleaned[0]["source"], "申报书.docx");
    assert_eq!(cleaned[0]["original_sha256"], sha256(&revised));
    assert_eq!(cleaned[0]["original_size"], revised.len());
    assert_eq!((cleaned[0]["accepted"].as_u64(), cleaned[0]["comments"].as_u64()), (Some(2), Some(1)));
    assert_eq!(cleaned[0]["properties"], 2);
    assert_eq!(report["check"]["passed"], true, "the check the bundle records is the cleaned file's");
    let recorded = codes(&report["check"]);
    for gone in ["SB701", "SB702", "SB704"] {
        assert!(!recorded.contains(&gone.to_owned()), "{gone} in {recorded:?}");
    }
    let list = String::from_utf8(inside["清单.txt"].clone()).expect("utf-8");
    assert!(list.contains(&format!("  {}\r\n", &line["✔ ".len()..])), "{list}");

    let out = shenbao_in(tmp.path()).args(["verify", "b.zip"]).output().expect("runs");
    assert!(out.status.success(), "{}", said(&out));
    assert!(said(&out).contains("完好"), "{}", said(&out));

    // In English the terminal says it in English; the bundle stays the same bytes.
    let out = run(tmp.path(), &["--lang", "en", "pack", "dossier", "--today", TODAY, "-o", "en.zip", "--clean"]);
    assert!(out.status.success(), "{}", said(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(&format!(
            "✔ {DOCX_ENTRY} is the cleaned copy (shenbao clean): accepted 2 tracked change(s), removed 1 comment(s), \
             cleared 2 document properties; the original is unchanged"
        )),
        "{stdout}"
    );
    assert_eq!(std::fs::read(tmp.path().join("en.zip")).expect("en"), std::fs::read(&bundle).expect("zh"));

    // --format json lists the cleaned file too.
    let out = run(tmp.path(), &["pack", "dossier", "--today", TODAY, "-o", "j.zip", "--clean", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", said(&out)));
    assert_eq!(json["cleaned"][0]["source"], "申报书.docx", "{json}");
}

#[test]
fn split_bundles_made_with_clean_verify_together() {
    let original = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(PASS).join("申报书.docx")).expect("read");
    let (tmp, _dir) = dossier_with(&revised(&original));
    let out = run(tmp.path(), &["pack", "dossier", "--today", TODAY, "-o", "s.zip", "--clean", "--split", "200K"]);
    assert!(out.status.success(), "{}", said(&out));
    let volumes: Vec<PathBuf> =
        (1..=9).map(|n| tmp.path().join(format!("s.part{n}.zip"))).filter(|p| p.is_file()).collect();
    assert!(volumes.len() >= 2, "{}", said(&out));
    let out = shenbao_in(tmp.path()).arg("verify").args(&volumes).output().expect("runs");
    assert!(out.status.success(), "{}", said(&out));
}

/// `check` on a dossier whose 申报书 was cleaned: SB701–SB704 are gone and every section counts as in the
/// original (a tracked insertion counts, a tracked deletion does not, before and after).
#[test]
fn a_cleaned_application_checks_clean_with_the_same_counts() {
    let original = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(PASS).join("申报书.docx")).expect("read");
    let revised = revised(&original);
    let (_a, untouched) = dossier_with(&original);
    let (_b, edited) = dossier_with(&revised);
    let (_c, cleaned) = dossier_with(&cleaned_by_the_command(&revised));

    let base = check_json(&untouched);
    let before = check_json(&edited);
    let after = check_json(&cleaned);
    let found = codes(&before);
    for code in ["SB701", "SB702", "SB704"] {
        assert!(found.contains(&code.to_owned()), "the revised 申报书 shows {code}: {found:?}");
    }
    let left = codes(&after);
    for code in ["SB701", "SB702", "SB703", "SB704"] {
        assert!(!left.contains(&code.to_owned()), "{code} after cleaning: {left:?}");
    }
    assert_eq!(after["passed"], true, "{after}");
    assert_eq!(after["sections"], before["sections"], "the cleaned copy counts as the original");
    let inserted = INSERTED.chars().count() as u64;
    assert_eq!(words(&after, SECTION), words(&base, SECTION) + inserted, "the insertion counts, the deletion not");
}

/// LibreOffice converts `file` in `dir` to `target` (`docx:"MS Word 2007 XML"`, `txt:Text (encoded):UTF8`);
/// returns the converted file.
fn libreoffice(dir: &Path, soffice: &str, file: &Path, target: &str, ext: &str) -> PathBuf {
    let out_dir = dir.join("lo");
    let out = std::process::Command::new(soffice)
        .arg(format!("-env:UserInstallation=file://{}", dir.join("lo-profile").display()))
        .args(["--headless", "--convert-to", target, "--outdir"])
        .arg(&out_dir)
        .arg(file)
        .output()
        .expect("soffice runs");
    assert!(out.status.success(), "soffice: {}", String::from_utf8_lossy(&out.stderr));
    let stem = file.file_stem().expect("stem").to_string_lossy().into_owned();
    let converted = out_dir.join(format!("{stem}.{ext}"));
    assert!(converted.is_file(), "LibreOffice wrote {}", converted.display());
    converted
}

/// The revised 申报书 saved again by LibreOffice (which keeps tracked changes and comments, in its own XML):
/// its cleaned copy checks without SB701–SB704 and with the same sections, and LibreOffice opens the copy
/// and shows the accepted text.
#[test]
fn a_libreoffice_saved_application_cleans_with_the_same_counts() {
    let Some(soffice) = support::soffice() else {
        eprintln!("skipped: soffice not found");
        return;
    };
    let original = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(PASS).join("申报书.docx")).expect("read");
    let work = tempfile::tempdir().expect("tmp");
    let revised_path = work.path().join("revised.docx");
    std::fs::write(&revised_path, revised(&original)).expect("write");
    let saved = std::fs::read(libreoffice(work.path(), soffice, &revised_path, "docx:MS Word 2007 XML", "docx"))
        .expect("LibreOffice's file");
    let (_a, by_libreoffice) = dossier_with(&saved);
    let cleaned = cleaned_by_the_command(&saved);
    let (_b, cleaned_dir) = dossier_with(&cleaned);

    let before = check_json(&by_libreoffice);
    let after = check_json(&cleaned_dir);
    let found = codes(&before);
    assert!(found.contains(&"SB701".to_owned()) && found.contains(&"SB702".to_owned()), "{found:?}");
    let left = codes(&after);
    for code in ["SB701", "SB702", "SB703", "SB704"] {
        assert!(!left.contains(&code.to_owned()), "{code} after cleaning: {left:?}");
    }
    assert_eq!(after["sections"], before["sections"], "the cleaned copy counts as LibreOffice's file");

    let copy = work.path().join("cleaned.docx");
    std::fs::write(&copy, &cleaned).expect("write");
    let text = std::fs::read_to_string(libreoffice(work.path(), soffice, &copy, "txt:Text (encoded):UTF8", "txt"))
        .expect("LibreOffice's text");
    assert!(text.contains("本案例围绕") && text.contains(INSERTED), "{text}");
    assert!(!text.contains(DELETED) && !text.contains("这段数据还要核实"), "{text}");
}

/// A 申报书 that cannot be cleaned (not a Word file at all) is said, and nothing is packed, even with --force;
/// without --clean, --force packs it as it is.
#[test]
fn a_damaged_application_is_not_packed_with_clean() {
    let (tmp, _dir) = dossier_with(b"PK\x03\x04 not really a Word file");
    let out = run(tmp.path(), &["pack", "dossier", "--today", TODAY, "-o", "b.zip", "--clean", "--force"]);
    assert_eq!(out.status.code(), Some(2), "{}", said(&out));
    assert!(said(&out).contains("无法清理“申报书.docx”") && said(&out).contains("未打包"), "{}", said(&out));
    let left: Vec<String> = std::fs::read_dir(tmp.path())
        .expect("ls")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "dossier")
        .collect();
    assert!(left.is_empty(), "nothing written: {left:?}");
    let out = run(tmp.path(), &["pack", "dossier", "--today", TODAY, "-o", "b.zip", "--force"]);
    assert!(out.status.success(), "{}", said(&out));
}
