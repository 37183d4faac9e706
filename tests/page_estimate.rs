//! The page estimate of a .docx (`Document::pages`) against LibreOffice's page count: within ±20 % for
//! every fixture 申报书, the `init` templates and a few real-world documents of the shared corpus.
//!
//! With LibreOffice installed, each document is converted to PDF here and its pages counted by shenbao's
//! PDF reader. Without it, the counts recorded in tests/data/page-counts.tsv (measured the same way, see
//! the file's head) stand in, for the fixtures and the corpus documents it lists.
//!
//! Layouts the fixtures do not have are generated here ([`generated`]): two-column sections and a
//! document grid of 28 lines a page, with paragraphs that snap to it and paragraphs that opt out.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// How far the estimate may be from LibreOffice's count, as a share of it.
const TOLERANCE: f64 = 0.2;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn estimate(path: &Path) -> Option<u32> {
    let bytes = std::fs::read(path).expect("reads");
    let doc = shenbao::read::docx::read_docx(&bytes).ok()?;
    Some(doc.pages.expect("a full read estimates pages").pages)
}

/// The recorded counts: path (from the project, or `corpus/…` from ../shared) → (pages, known to be off).
fn recorded() -> BTreeMap<String, (u32, bool)> {
    let table = std::fs::read_to_string(root().join("tests/data/page-counts.tsv")).expect("the table");
    table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
        .map(|l| {
            let mut columns = l.split('\t');
            let pages = columns.next().and_then(|p| p.parse().ok()).expect("a page count");
            let path = columns.next().expect("a path").to_owned();
            let off = columns.next().is_some_and(|note| note.starts_with("known-off"));
            (path, (pages, off))
        })
        .collect()
}

/// Where a table path is: `corpus/…` in ../shared, `generated/…` written into `scratch` by [`generated`],
/// anything else from the project's root.
fn resolve(path: &str, scratch: &Path) -> Option<PathBuf> {
    if let Some(rest) = path.strip_prefix("corpus/") {
        return Some(support::shared("corpus")?.join(rest));
    }
    if let Some(name) = path.strip_prefix("generated/") {
        let file = scratch.join(format!("{name}.docx"));
        std::fs::write(&file, generated(name)?).expect("write");
        return Some(file);
    }
    Some(root().join(path))
}

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// A sentence of the kind a 申报书 is made of (47 characters).
const SENTENCE: &str = "数据要素乘数效应在金融服务、供应链协同与城市治理中的应用，推动数据资源高效流通与安全合规利用。";

/// A generated document: `two-columns` (A4, two columns 1 inch apart), `grid-28` (a line grid of 28
/// lines a page), `grid-28-opt-out` (the same grid, every paragraph `w:snapToGrid w:val="0"`). Each has
/// 120 paragraphs of 1 to 5 sentences in 小四 (12 pt) 宋体, some headings in 三号 (16 pt).
fn generated(name: &str) -> Option<Vec<u8>> {
    let (section, snap) = match name {
        "two-columns" => (r#"<w:cols w:num="2" w:space="1440"/>"#, ""),
        "grid-28" => (r#"<w:cols w:space="425"/><w:docGrid w:type="lines" w:linePitch="498"/>"#, ""),
        "grid-28-opt-out" => {
            (r#"<w:cols w:space="425"/><w:docGrid w:type="lines" w:linePitch="498"/>"#, r#"<w:snapToGrid w:val="0"/>"#)
        }
        _ => return None,
    };
    let run = |size: u32, text: &str| {
        format!(r#"<w:r><w:rPr><w:rFonts w:eastAsia="宋体"/><w:sz w:val="{size}"/></w:rPr><w:t>{text}</w:t></w:r>"#)
    };
    let mut body = String::new();
    for i in 0..120 {
        if i % 20 == 0 {
            let heading = format!("第{}部分 建设内容与实施方案", i / 20 + 1);
            body.push_str(&format!("<w:p><w:pPr>{snap}</w:pPr>{}</w:p>", run(32, &heading)));
        }
        body.push_str(&format!("<w:p><w:pPr>{snap}</w:pPr>{}</w:p>", run(24, &SENTENCE.repeat(i % 5 + 1))));
    }
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}"><w:body>{body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1800" w:bottom="1440" w:left="1800" w:header="851" w:footer="992" w:gutter="0"/>{section}</w:sectPr></w:body></w:document>"#
    );
    let parts = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#.to_owned(),
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.to_owned(),
        ),
        ("word/document.xml", document),
    ];
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in parts {
        zip.start_file(name, options).expect("start");
        std::io::Write::write_all(&mut zip, text.as_bytes()).expect("write");
    }
    zip.finish().expect("finish");
    Some(out.into_inner())
}

/// LibreOffice, when installed with a Chinese font: without one it lays Han characters out 0.6 em wide,
/// and its page counts say nothing about a printed 申报书.
fn soffice() -> Option<&'static str> {
    let soffice = support::soffice()?;
    let fonts = std::process::Command::new("fc-list").arg(":lang=zh").output().ok()?;
    if fonts.stdout.is_empty() {
        eprintln!("LibreOffice has no Chinese font here (fc-list :lang=zh is empty)");
        return None;
    }
    Some(soffice)
}

/// LibreOffice's page count of each document, converted in one run (copied under distinct names first:
/// the fixtures' names repeat).
fn libreoffice_pages(soffice: &str, docs: &[PathBuf]) -> Vec<Option<u32>> {
    let tmp = tempfile::tempdir().expect("tempdir");
    let profile = format!("-env:UserInstallation=file://{}", tmp.path().join("profile").display());
    let (inputs, out) = (tmp.path().join("in"), tmp.path().join("out"));
    std::fs::create_dir_all(&inputs).expect("mkdir");
    let copies: Vec<PathBuf> = docs
        .iter()
        .enumerate()
        .map(|(i, doc)| {
            let copy = inputs.join(format!("{i}.docx"));
            std::fs::copy(doc, &copy).expect("copies");
            copy
        })
        .collect();
    let status = std::process::Command::new(soffice)
        .args([profile.as_str(), "--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&out)
        .args(&copies)
        .output()
        .expect("soffice runs");
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    (0..docs.len())
        .map(|i| {
            let pdf = std::fs::read(out.join(format!("{i}.pdf"))).ok()?;
            shenbao::read::pdf::read_pdf(&pdf).ok().map(|info| info.pages)
        })
        .collect()
}

fn within(estimate: u32, measured: u32) -> bool {
    (f64::from(estimate) - f64::from(measured)).abs() <= TOLERANCE * f64::from(measured)
}

#[test]
fn the_estimate_is_within_a_fifth_of_libreoffices_count() {
    let table = recorded();
    let scratch = tempfile::tempdir().expect("tempdir");
    let mut docs: Vec<(String, PathBuf, Option<u32>)> = Vec::new();
    for (name, (pages, _)) in &table {
        if let Some(path) = resolve(name, scratch.path()).filter(|p| p.is_file()) {
            docs.push((name.clone(), path, Some(*pages)));
        }
    }
    // Every fixture 申报书 is in the table (its file names are fixed by the generator).
    for entry in walkdir::WalkDir::new(root().join("fixtures")).into_iter().filter_map(Result::ok) {
        let rel = entry.path().strip_prefix(root()).expect("under the root").to_string_lossy().into_owned();
        if rel.ends_with(".docx") && estimate(entry.path()).is_some() {
            assert!(table.contains_key(&rel), "{rel} is not in tests/data/page-counts.tsv");
        }
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let soffice = soffice();
    if soffice.is_some() {
        // The templates `shenbao init` writes, as they are now.
        for id in ["ln-2024-cases", "cq-2024-cases-2", "ln-2024-contest", "national-2024-contest", "qh-2025-scenes"] {
            let dir = tmp.path().join(id);
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_shenbao"))
                .args(["init", "--notice", id])
                .arg(&dir)
                .output()
                .expect("init runs");
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            for entry in walkdir::WalkDir::new(&dir).into_iter().filter_map(Result::ok) {
                if entry.path().extension().is_some_and(|e| e == "docx") {
                    docs.push((format!("init {id}"), entry.path().to_owned(), None));
                }
            }
        }
    } else {
        eprintln!("comparing with the counts in tests/data/page-counts.tsv");
    }
    let measured: Vec<Option<u32>> = match soffice {
        Some(soffice) => {
            let paths: Vec<PathBuf> = docs.iter().map(|d| d.1.clone()).collect();
            libreoffice_pages(soffice, &paths)
        }
        None => docs.iter().map(|d| d.2).collect(),
    };
    let mut wrong = Vec::new();
    for ((name, path, _), measured) in docs.iter().zip(measured) {
        let Some(measured) = measured else { continue };
        let Some(estimate) = estimate(path) else { continue };
        let off = table.get(name).is_some_and(|(_, off)| *off);
        eprintln!("{measured:>3} {estimate:>3}  {name}{}", if off { "  (known to be off)" } else { "" });
        if !off && !within(estimate, measured) {
            wrong.push(format!("{name}: LibreOffice {measured}, estimate {estimate}"));
        }
    }
    assert!(docs.len() >= 30, "{} documents", docs.len());
    // The fixtures are laid out as LibreOffice lays them out, page for page, but for a rounding.
    let fixtures = docs.iter().filter(|d| d.0.starts_with("fixtures/")).count();
    assert!(fixtures >= 30, "{fixtures} fixtures");
    assert!(wrong.is_empty(), "{wrong:#?}");
    // The generated layouts are all compared.
    let layouts = docs.iter().filter(|d| d.0.starts_with("generated/")).count();
    assert_eq!(layouts, 3, "generated layouts compared");
}
