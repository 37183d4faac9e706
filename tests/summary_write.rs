//! The 申报汇总表 as a recommending unit opens it: read back from .xlsx, .csv and .docx bytes.

use std::io::{Cursor, Read};
use std::path::Path;

use calamine::{open_workbook, open_workbook_from_rs, Data, Reader, Xlsx};
use shenbao::batch::write::{
    csv_bytes, docx_bytes, write_summary, xlsx_bytes, SummaryFormat, SummaryRow, SummaryTable,
};

const TITLE: &str = "“数据要素×”典型案例申报汇总表";
const COLUMNS: [&str; 5] = ["序号", "领域名称", "案例名称", "申报单位", "推荐意见"];
const FOOTER: [&str; 3] = ["联系人及联系方式：张伟 024-23456789", "推荐单位：（盖章）", "2024年3月5日"];

/// Like the ln-2024-cases 附件2: three dossiers in priority order, the second with errors.
fn table() -> SummaryTable {
    let row = |cells: [&str; 5], marked: bool| SummaryRow { cells: cells.map(String::from).to_vec(), marked };
    SummaryTable {
        title: TITLE.to_string(),
        columns: COLUMNS.map(String::from).to_vec(),
        rows: vec![
            row(
                [
                    "1",
                    "工业制造",
                    "基于工业互联网平台的钢铁全流程数据融合应用",
                    "鞍钢集团信息产业有限公司",
                    "同意推荐，案例数据要素应用成效显著，具有示范推广价值",
                ],
                false,
            ),
            row(["2", "现代农业", "辽西设施农业数据赋能精准种植", "朝阳市农业科技发展有限公司", "同意推荐"], true),
            row(["3", "城市治理", "沈阳城市运行一网统管数据协同", "沈阳市大数据管理中心", "同意推荐"], false),
        ],
        footer: FOOTER.map(String::from).to_vec(),
    }
}

fn empty_table() -> SummaryTable {
    SummaryTable { rows: vec![], ..table() }
}

fn text(data: Option<&Data>) -> String {
    match data {
        None | Some(Data::Empty) => String::new(),
        Some(Data::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// Every row of the sheet "汇总表" from A1, as the strings a user sees.
fn sheet_rows(bytes: Vec<u8>) -> Vec<Vec<String>> {
    let mut workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).expect("xlsx opens");
    assert_eq!(workbook.sheet_names(), vec!["汇总表".to_string()]);
    let range = workbook.worksheet_range("汇总表").expect("sheet 汇总表");
    let (end_row, end_col) = range.end().expect("sheet has cells");
    (0..=end_row).map(|r| (0..=end_col).map(|c| text(range.get_value((r, c)))).collect()).collect()
}

#[test]
fn xlsx_reads_back_as_the_table() {
    let t = table();
    let rows = sheet_rows(xlsx_bytes(&t).expect("xlsx"));

    assert_eq!(rows[0][0], TITLE);
    assert!(rows[0][1..].iter().all(String::is_empty), "title is one merged cell: {:?}", rows[0]);
    assert_eq!(rows[1], COLUMNS);
    for (i, row) in t.rows.iter().enumerate() {
        assert_eq!(rows[2 + i], row.cells, "data row {}", i + 1);
    }
    assert!(rows[5].iter().all(String::is_empty), "one empty row before the footer: {:?}", rows[5]);
    let footer: Vec<&str> = rows[6..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(footer, FOOTER);
    assert_eq!(rows.len(), 9);
}

#[test]
fn xlsx_title_and_footer_are_merged_across_the_columns() {
    let mut workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(xlsx_bytes(&table()).expect("xlsx"))).expect("opens");
    workbook.load_merged_regions().expect("merged regions");
    let mut merged: Vec<(u32, u32, u32, u32)> = workbook
        .merged_regions_by_sheet("汇总表")
        .into_iter()
        .map(|(_, _, d)| (d.start.0, d.start.1, d.end.0, d.end.1))
        .collect();
    merged.sort_unstable();
    assert_eq!(merged, vec![(0, 0, 0, 4), (6, 0, 6, 4), (7, 0, 7, 4), (8, 0, 8, 4)]);
}

#[test]
fn xlsx_bytes_are_deterministic() {
    let t = table();
    assert_eq!(xlsx_bytes(&t).expect("first"), xlsx_bytes(&t).expect("second"));
    // On another thread too: nothing depends on the thread's state.
    let other = std::thread::spawn(move || xlsx_bytes(&t).expect("thread")).join().expect("join");
    assert_eq!(other, xlsx_bytes(&table()).expect("third"));
}

#[test]
fn xlsx_without_rows_has_title_header_and_footer() {
    let rows = sheet_rows(xlsx_bytes(&empty_table()).expect("xlsx"));
    assert_eq!(rows[0][0], TITLE);
    assert_eq!(rows[1], COLUMNS);
    assert!(rows[2].iter().all(String::is_empty));
    let footer: Vec<&str> = rows[3..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(footer, FOOTER);
}

fn csv_records(bytes: &[u8]) -> Vec<Vec<String>> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").expect("UTF-8 BOM first");
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(body);
    reader.records().map(|r| r.expect("csv record").iter().map(String::from).collect()).collect()
}

#[test]
fn csv_has_bom_crlf_and_the_table() {
    let t = table();
    let bytes = csv_bytes(&t).expect("csv");
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
    let text = std::str::from_utf8(&bytes[3..]).expect("UTF-8");
    assert!(text.ends_with("\r\n"));
    assert_eq!(text.matches('\n').count(), text.matches("\r\n").count(), "every line ends with CRLF");

    let records = csv_records(&bytes);
    assert_eq!(records[0], [TITLE]);
    assert_eq!(records[1], COLUMNS);
    for (i, row) in t.rows.iter().enumerate() {
        assert_eq!(records[2 + i], row.cells);
    }
    assert!(records[5].len() == COLUMNS.len() && records[5].iter().all(String::is_empty), "a blank row");
    assert!(!text.contains("\"\""), "no quoted empty field: {text}");
    assert_eq!(records[6..].iter().map(|r| r.join(",")).collect::<Vec<_>>(), FOOTER);
    assert_eq!(records.len(), 9);
}

#[test]
fn csv_without_rows_has_title_header_and_footer() {
    let records = csv_records(&csv_bytes(&empty_table()).expect("csv"));
    assert_eq!(records[0], [TITLE]);
    assert_eq!(records[1], COLUMNS);
    assert!(records[2].iter().all(String::is_empty), "a blank row: {:?}", records[2]);
    assert_eq!(records[3..].iter().map(|r| r[0].as_str()).collect::<Vec<_>>(), FOOTER);
}

fn document_xml(bytes: Vec<u8>) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("docx is a zip");
    let mut xml = String::new();
    archive.by_name("word/document.xml").expect("word/document.xml").read_to_string(&mut xml).expect("UTF-8");
    xml
}

#[test]
fn docx_holds_title_cells_and_footer() {
    let t = table();
    let xml = document_xml(docx_bytes(&t).expect("docx"));
    let pos = |s: &str| xml.find(&format!(">{s}<")).unwrap_or_else(|| panic!("document.xml lacks {s}"));

    let title = pos(TITLE);
    let header = pos(COLUMNS[0]);
    assert!(title < header);
    for column in COLUMNS {
        pos(column);
    }
    for row in &t.rows {
        for cell in &row.cells {
            pos(cell);
        }
    }
    let mut last = pos(&t.rows[2].cells[4]);
    for line in FOOTER {
        let at = pos(line);
        assert!(at > last, "footer in order after the table: {line}");
        last = at;
    }
    // Only the marked dossier's row is shaded.
    assert_eq!(xml.matches("FFC7CE").count(), COLUMNS.len());
    assert!(xml.contains("w:orient=\"landscape\""));
    assert!(xml.contains("w:eastAsia=\"宋体\""), "runs carry the east-asian font");
}

#[test]
fn docx_bytes_are_deterministic() {
    let t = table();
    let first = docx_bytes(&t).expect("first");
    assert_eq!(first, docx_bytes(&t).expect("second"));
    let other = std::thread::spawn(move || docx_bytes(&t).expect("thread")).join().expect("join");
    assert_eq!(first, other);
}

#[test]
fn docx_without_rows_is_valid() {
    let xml = document_xml(docx_bytes(&empty_table()).expect("docx"));
    assert!(xml.contains(TITLE));
    assert!(xml.contains(COLUMNS[4]));
    assert!(xml.contains(FOOTER[2]));
}

fn folder_entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read_dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn write_summary_replaces_the_file_and_leaves_no_temp_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let t = table();
    for (name, format) in
        [("汇总表.xlsx", SummaryFormat::Xlsx), ("汇总表.csv", SummaryFormat::Csv), ("汇总表.docx", SummaryFormat::Docx)]
    {
        let path = dir.path().join(name);
        std::fs::write(&path, b"an older table").expect("old file");
        write_summary(&t, format, &path).expect("write_summary");
        let expected = match format {
            SummaryFormat::Xlsx => xlsx_bytes(&t),
            SummaryFormat::Csv => csv_bytes(&t),
            SummaryFormat::Docx => docx_bytes(&t),
        }
        .expect("bytes");
        assert_eq!(std::fs::read(&path).expect("read back"), expected, "{name}");
    }
    assert_eq!(folder_entries(dir.path()), ["汇总表.csv", "汇总表.docx", "汇总表.xlsx"]);

    let mut workbook: Xlsx<_> = open_workbook(dir.path().join("汇总表.xlsx")).expect("opens from disk");
    let range = workbook.worksheet_range("汇总表").expect("sheet");
    assert_eq!(text(range.get_value((0, 0))), TITLE);
}

#[test]
fn write_summary_into_a_missing_folder_fails_with_the_path() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("没有的目录").join("汇总表.xlsx");
    let err = write_summary(&table(), SummaryFormat::Xlsx, &path).expect_err("no folder");
    assert!(err.to_string().contains("没有的目录"), "{err}");
    assert_eq!(folder_entries(dir.path()), Vec::<String>::new());
}

#[test]
fn format_from_path_by_extension() {
    assert_eq!(SummaryFormat::from_path(Path::new("汇总表.xlsx")), Some(SummaryFormat::Xlsx));
    assert_eq!(SummaryFormat::from_path(Path::new("out/汇总表.XLSX")), Some(SummaryFormat::Xlsx));
    assert_eq!(SummaryFormat::from_path(Path::new("汇总表.Csv")), Some(SummaryFormat::Csv));
    assert_eq!(SummaryFormat::from_path(Path::new("汇总表.docx")), Some(SummaryFormat::Docx));
    assert_eq!(SummaryFormat::from_path(Path::new("汇总表.txt")), None);
    assert_eq!(SummaryFormat::from_path(Path::new("汇总表")), None);
    assert_eq!(SummaryFormat::from_path(Path::new("xlsx")), None);
}
