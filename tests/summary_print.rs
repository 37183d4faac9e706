//! The 申报汇总表 as it comes off the printer: rows as tall as their wrapped text, the header row on every page,
//! "第 X 页 共 Y 页" in the footer. Checked in the written files, and, when LibreOffice is installed, in the PDF
//! it prints them to.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use calamine::{open_workbook_from_rs, Reader, Xlsx};
use lopdf::content::Content;
use lopdf::{Document, Encoding, Object};
use shenbao::batch::write::{docx_bytes, xlsx_bytes, SummaryRow, SummaryTable};

const COLUMNS: [&str; 5] = ["序号", "领域名称", "案例名称", "申报单位", "推荐意见"];
/// A case name far wider than the widest column: it wraps over several lines.
const LONG_NAME: &str =
    "基于工业互联网平台与多源异构数据融合的钢铁企业全流程质量追溯、能耗优化与供应链协同数据要素应用示范案例";
/// Enough rows that the table runs onto a second page in landscape A4.
const ROWS: usize = 40;

/// Row 2 (the second dossier) has the long name; the others are short.
fn table() -> SummaryTable {
    let rows = (1..=ROWS)
        .map(|i| {
            let name = if i == 2 { LONG_NAME.to_owned() } else { format!("数据协同案例{i}") };
            let cells = vec![i.to_string(), "工业制造".into(), name, format!("申报单位{i}"), "同意推荐".into()];
            SummaryRow { cells, marked: false }
        })
        .collect();
    SummaryTable {
        title: "申报汇总表".into(),
        columns: COLUMNS.map(String::from).to_vec(),
        rows,
        footer: vec!["推荐单位：（盖章）".into()],
    }
}

/// One part of a zip package (xlsx, docx) as text.
fn part(bytes: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip package");
    let mut xml = String::new();
    archive.by_name(name).unwrap_or_else(|_| panic!("{name} in the package")).read_to_string(&mut xml).expect("UTF-8");
    xml
}

/// The row heights (points) the sheet sets, by 0-based row.
fn row_heights(bytes: &[u8]) -> BTreeMap<u32, f64> {
    let xml = part(bytes, "xl/worksheets/sheet1.xml");
    xml.split("<row ")
        .skip(1)
        .filter_map(|row| {
            let tag = &row[..row.find('>')?];
            let attr = |name: &str| {
                let at =
                    tag.find(&format!(" {name}=\"")).or_else(|| tag.starts_with(&format!("{name}=\"")).then_some(0))?;
                let rest = &tag[at..];
                let start = rest.find('"')? + 1;
                let end = start + rest[start..].find('"')?;
                Some(rest[start..end].to_owned())
            };
            let r: u32 = attr("r")?.parse().ok()?;
            let ht: f64 = attr("ht")?.parse().ok()?;
            Some((r - 1, ht))
        })
        .collect()
}

#[test]
fn xlsx_rows_grow_with_wrapped_text() {
    let bytes = xlsx_bytes(&table()).expect("xlsx");
    // The sheet as a spreadsheet reads it: the long name is whole in its cell.
    let mut workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.clone())).expect("xlsx opens");
    let range = workbook.worksheet_range("汇总表").expect("sheet");
    assert_eq!(range.get_value((3, 2)).map(ToString::to_string).as_deref(), Some(LONG_NAME));

    let heights = row_heights(&bytes);
    let long = heights.get(&3).copied().expect("the long name's row has a height");
    let short = heights.get(&4).copied().unwrap_or(15.0);
    // The name is about 100 display units in a column at most 40 wide: three lines or more.
    assert!(long >= 3.0 * short * 0.9, "long row {long} pt, short row {short} pt");
    assert!(long <= 10.0 * short, "not absurdly tall: {long} pt");
}

#[test]
fn xlsx_prints_page_numbers_and_repeats_the_header_row() {
    let bytes = xlsx_bytes(&table()).expect("xlsx");
    let sheet = part(&bytes, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains("<oddFooter>&amp;C第 &amp;P 页 共 &amp;N 页</oddFooter>"), "{sheet}");
    let workbook = part(&bytes, "xl/workbook.xml");
    assert!(workbook.contains("_xlnm.Print_Titles"), "the header row is the print title: {workbook}");
    assert!(workbook.contains("汇总表!$2:$2"), "{workbook}");
}

#[test]
fn docx_repeats_the_header_row_and_numbers_pages() {
    let bytes = docx_bytes(&table()).expect("docx");
    let document = part(&bytes, "word/document.xml");
    let rows: Vec<&str> = document.split("<w:tr>").skip(1).collect();
    assert_eq!(rows.len(), ROWS + 1);
    assert!(rows[0].contains("<w:tblHeader"), "the header row repeats: {}", rows[0]);
    assert!(rows[1..].iter().all(|r| !r.contains("<w:tblHeader")), "only the header row repeats");
    assert!(document.contains("<w:footerReference"), "the section has a footer");

    let footer = part(&bytes, "word/footer1.xml");
    let fields: Vec<&str> = footer.split("<w:instrText").skip(1).collect();
    assert_eq!(fields.len(), 2, "{footer}");
    assert!(fields[0].contains("PAGE"), "{footer}");
    assert!(fields[1].contains("NUMPAGES"), "{footer}");
    let text: String =
        footer.split("<w:t").skip(1).filter_map(|t| Some(&t[t.find('>')? + 1..t.find("</w:t>")?])).collect();
    assert_eq!(text.replace(char::is_whitespace, ""), "第1页共1页", "{footer}");
}

/// LibreOffice, when installed; None (and a note) otherwise.
fn soffice() -> Option<PathBuf> {
    let found = std::env::var_os("PATH")
        .and_then(|paths| std::env::split_paths(&paths).map(|p| p.join("soffice")).find(|p| p.is_file()));
    if found.is_none() {
        eprintln!("skipped: soffice (LibreOffice) is not on PATH");
    }
    found
}

/// The PDF LibreOffice prints `file` to.
fn print_to_pdf(soffice: &Path, dir: &Path, name: &str, bytes: &[u8]) -> Document {
    let file = dir.join(name);
    std::fs::write(&file, bytes).expect("write");
    let out_dir = dir.join("pdf");
    let status = std::process::Command::new(soffice)
        .arg(format!("-env:UserInstallation=file://{}", dir.join("lo-profile").display()))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&out_dir)
        .arg(&file)
        .output()
        .expect("soffice runs");
    assert!(status.status.success(), "soffice: {}", String::from_utf8_lossy(&status.stderr));
    let pdf = out_dir.join(Path::new(name).with_extension("pdf"));
    Document::load(&pdf).unwrap_or_else(|e| {
        panic!(
            "{}: {e}\n{}{}",
            pdf.display(),
            String::from_utf8_lossy(&status.stdout),
            String::from_utf8_lossy(&status.stderr)
        )
    })
}

/// A run of text shown on a page and the height it sits at (PDF units, larger is higher on the page).
#[derive(Debug)]
struct Shown {
    y: f32,
    text: String,
}

fn number(o: &Object) -> f32 {
    match o {
        Object::Integer(i) => *i as f32,
        Object::Real(r) => *r,
        _ => 0.0,
    }
}

/// The text runs of a page with their heights: the text matrix's y after Tm and Td (LibreOffice places
/// every run with these), decoded through each font's encoding.
fn shown(doc: &Document, page: u32) -> Vec<Shown> {
    let pages = doc.get_pages();
    let id = pages[&page];
    let fonts = doc.get_page_fonts(id).expect("fonts");
    let encodings: BTreeMap<Vec<u8>, Encoding> =
        fonts.into_iter().filter_map(|(name, font)| Some((name, font.get_font_encoding(doc).ok()?))).collect();
    let content = Content::decode(&doc.get_page_content(id)).expect("content");
    let (mut y, mut line_y) = (0.0f32, 0.0f32);
    let mut encoding = None;
    let mut out = Vec::new();
    for op in &content.operations {
        let args = &op.operands;
        match op.operator.as_str() {
            "BT" => (y, line_y) = (0.0, 0.0),
            "Tf" => encoding = args.first().and_then(|n| n.as_name().ok()).and_then(|n| encodings.get(n)),
            "Tm" if args.len() == 6 => {
                y = number(&args[5]);
                line_y = y;
            }
            "Td" | "TD" if args.len() == 2 => {
                line_y += number(&args[1]);
                y = line_y;
            }
            "Tj" | "TJ" => {
                let Some(encoding) = encoding else { continue };
                let mut text = String::new();
                let mut strings = Vec::new();
                for a in args {
                    match a {
                        Object::String(s, _) => strings.push(s.clone()),
                        Object::Array(items) => strings.extend(items.iter().filter_map(|i| match i {
                            Object::String(s, _) => Some(s.clone()),
                            _ => None,
                        })),
                        _ => {}
                    }
                }
                for s in strings {
                    text.push_str(&Document::decode_text(encoding, &s).unwrap_or_default());
                }
                out.push(Shown { y, text });
            }
            _ => {}
        }
    }
    out
}

/// The page's text runs joined, without white space.
fn page_text(runs: &[Shown]) -> String {
    runs.iter().flat_map(|r| r.text.chars()).filter(|c| !c.is_whitespace()).collect()
}

/// The height of the highest run whose text is exactly `text` (a 序号 sits above the page number in the footer).
fn y_of(runs: &[Shown], text: &str) -> f32 {
    let y = runs.iter().filter(|r| r.text.trim() == text).map(|r| r.y).fold(f32::MIN, f32::max);
    assert!(y > f32::MIN, "{text:?} is printed: {runs:?}");
    y
}

/// What a recommending unit checks on the printed 汇总表: two numbered pages, the header row on top of the second,
/// and the long 案例名称 whole, inside its own row (its last line above the next row's text, not over it).
fn printed_as_a_table(doc: &Document) {
    let pages: Vec<Vec<Shown>> = (1..=2).map(|p| shown(doc, p)).collect();
    assert_eq!(doc.get_pages().len(), 2, "{ROWS} rows on two landscape pages");
    for (i, runs) in pages.iter().enumerate() {
        let text = page_text(runs);
        assert!(text.contains(&format!("第{}页共2页", i + 1)), "page {} is numbered: {text}", i + 1);
    }

    // Page 2 starts with the header row, above its first dossier.
    let second = &pages[1];
    let first_row = second
        .iter()
        .filter(|r| r.text.trim().parse::<usize>().is_ok_and(|n| n > 2 && n <= ROWS))
        .map(|r| r.y)
        .fold(f32::MIN, f32::max);
    for column in COLUMNS {
        let y = y_of(second, column);
        assert!(y > first_row, "{column} heads page 2 at {y}, above its first row at {first_row}");
    }

    // The long name: all there, in lines between the rows around it.
    let first = &pages[0];
    let name_lines: Vec<&Shown> =
        first.iter().filter(|r| !r.text.trim().is_empty() && LONG_NAME.contains(r.text.trim())).collect();
    let mut ordered = name_lines.clone();
    ordered.sort_by(|a, b| b.y.total_cmp(&a.y));
    let whole: String = ordered.iter().map(|r| r.text.trim()).collect();
    assert_eq!(whole, LONG_NAME, "the long name is printed whole");
    assert!(ordered.len() >= 2, "the long name wraps: {ordered:?}");
    let pitch = ordered[0].y - ordered[1].y;
    let (top, bottom) = (ordered[0].y, ordered[ordered.len() - 1].y);
    let row_above = y_of(first, "1");
    let row_below = y_of(first, "3");
    assert!(top < row_above - pitch * 0.8, "first line {top} below row 1 at {row_above}");
    assert!(bottom > row_below + pitch * 0.8, "last line {bottom} above row 3 at {row_below}: it would print over it");
}

/// LibreOffice Calc, when installed (soffice without it cannot open an .xlsx).
fn calc_installed(soffice: &Path) -> bool {
    let program = std::fs::canonicalize(soffice).ok().and_then(|p| p.parent().map(Path::to_path_buf));
    let found = program.is_some_and(|p| p.join("libsclo.so").exists() || p.join("sclo.dll").exists());
    if !found {
        eprintln!("skipped: LibreOffice Calc is not installed");
    }
    found
}

#[test]
fn libreoffice_prints_the_xlsx_as_a_numbered_table() {
    let Some(soffice) = soffice() else { return };
    if !calc_installed(&soffice) {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let doc = print_to_pdf(&soffice, dir.path(), "汇总表.xlsx", &xlsx_bytes(&table()).expect("xlsx"));
    printed_as_a_table(&doc);
}

#[test]
fn libreoffice_prints_the_docx_as_a_numbered_table() {
    let Some(soffice) = soffice() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    let doc = print_to_pdf(&soffice, dir.path(), "汇总表.docx", &docx_bytes(&table()).expect("docx"));
    printed_as_a_table(&doc);
}
