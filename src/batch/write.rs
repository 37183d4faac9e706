//! Writing the 申报汇总表 a recommending unit prints, stamps and forwards: .xlsx (opens in WPS and Excel), .csv
//! (UTF-8 with a BOM) or .docx. The layout is the same in all three: title, header row, one row per dossier, an
//! empty row, then the footer lines (联系人及联系方式, 推荐单位（盖章）, date).

use std::io::Cursor;
use std::path::Path;

use docx_rs::{
    AlignmentType, BreakType, Docx, Footer, NumPages, PageMargin, PageNum, PageOrientationType, Paragraph, Run,
    RunFonts, Shading, Table, TableAlignmentType, TableCell, TableLayoutType, TableRow, VAlignType, WidthType,
};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet};

/// The sheet name the notices' templates use.
const SHEET_NAME: &str = "汇总表";
/// A font every Chinese Windows, WPS and Office install has; the default Calibri/Aptos falls back unevenly.
const CJK_FONT: &str = "宋体";
/// Latin text beside 宋体 in official documents.
const LATIN_FONT: &str = "Times New Roman";
/// GB2312 charset, so Excel picks 宋体 for Chinese even on a non-Chinese system locale.
const GB2312_CHARSET: u8 = 134;
/// Excel's "light red fill" for a dossier with errors.
const MARK_FILL: u32 = 0xFF_C7_CE;
const MARK_FILL_HEX: &str = "FFC7CE";
/// Fixed creation/modification date in the document properties, so equal tables give equal bytes.
const FIXED_DATE: &str = "2024-01-01T00:00:00Z";
/// Column widths in character units (a CJK character counts 2): wider columns wrap instead.
const MIN_WIDTH: u16 = 6;
const MAX_WIDTH: u16 = 40;
/// Line height of wrapped 11 pt text in points: 宋体 needs about 14.25, the CJK fonts LibreOffice falls back to
/// where 宋体 is missing (Noto Sans CJK) about 16; the larger keeps the last line inside the cell in both.
const LINE_HEIGHT: f64 = 16.0;
/// Room above and below the text of a grown row, in points.
const ROW_PADDING: f64 = 4.0;
/// Excel's most for a row's height, in points.
const MAX_ROW_HEIGHT: f64 = 409.0;
/// A column whose widest cell fits in this many units (序号, 领域名称) is centred; longer text is left aligned.
const SHORT_COLUMN: u16 = 12;

/// The 申报汇总表: a title, the notice's exact columns, one row per dossier in priority order, and the footer lines
/// (联系人及联系方式, 推荐单位（盖章）, date) the recommending unit signs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryTable {
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<SummaryRow>,
    pub footer: Vec<String>,
}

/// One dossier's row of the 汇总表.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryRow {
    /// One cell per column, in the columns' order.
    pub cells: Vec<String>,
    /// The dossier has errors: highlighted (light red fill) in xlsx and docx.
    pub marked: bool,
}

/// The file formats the 汇总表 is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SummaryFormat {
    Xlsx,
    Csv,
    Docx,
}

impl SummaryFormat {
    /// By the output file's extension (case-insensitive): xlsx, csv, docx; None otherwise.
    #[must_use]
    pub fn from_path(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "xlsx" => Some(Self::Xlsx),
            "csv" => Some(Self::Csv),
            "docx" => Some(Self::Docx),
            _ => None,
        }
    }
}

/// Why the 汇总表 could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("xlsx: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("csv: {0}")]
    Csv(#[from] csv::Error),
    /// docx-rs reports a zip error of its own zip version, kept here as text.
    #[error("docx: {0}")]
    Docx(String),
    #[error("the table has {0} columns, more than a worksheet holds")]
    TooManyColumns(usize),
    #[error("the table has {0} rows, more than a worksheet holds")]
    TooManyRows(usize),
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |source| WriteError::Io { path: path.display().to_string(), source }
}

/// Writes the table atomically ([`crate::output::write`]): to a temporary file in the target's folder, renamed
/// over `path` only when complete, so an interrupted run never leaves a half table; the file gets mode 0666 less
/// the umask. Output bytes are deterministic for the same table (fixed creation date in xlsx/docx document
/// properties). Tells whether a file was replaced.
pub fn write_summary(
    table: &SummaryTable,
    format: SummaryFormat,
    path: &Path,
) -> Result<crate::output::Wrote, WriteError> {
    let bytes = match format {
        SummaryFormat::Xlsx => xlsx_bytes(table)?,
        SummaryFormat::Csv => csv_bytes(table)?,
        SummaryFormat::Docx => docx_bytes(table)?,
    };
    crate::output::write(path, &bytes, "summary").map_err(io_err(path))
}

/// The number of columns the sheet spans: the header's, or more if a row carries extra cells; at least one.
fn column_count(table: &SummaryTable) -> usize {
    table.rows.iter().map(|row| row.cells.len()).fold(table.columns.len(), usize::max).max(1)
}

/// Display width of the longest line, a non-ASCII (CJK, full-width punctuation) character counting 2.
fn display_width(text: &str) -> usize {
    text.lines().map(|line| line.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()).max().unwrap_or(0)
}

/// Per column: the widest header or data cell in display units (the title and footer span all columns).
fn content_widths(table: &SummaryTable) -> Vec<u16> {
    let mut widths = vec![0usize; column_count(table)];
    let header = table.columns.iter();
    let cells = table.rows.iter().flat_map(|row| row.cells.iter().enumerate());
    for (col, text) in header.enumerate().chain(cells) {
        if let Some(width) = widths.get_mut(col) {
            *width = (*width).max(display_width(text));
        }
    }
    widths.into_iter().map(|w| u16::try_from(w).unwrap_or(u16::MAX)).collect()
}

/// Column widths for the page: content plus padding, clamped so long text wraps.
fn column_widths(table: &SummaryTable) -> Vec<u16> {
    content_widths(table).into_iter().map(|w| w.saturating_add(2).clamp(MIN_WIDTH, MAX_WIDTH)).collect()
}

/// How many lines `text` takes wrapped in a column `width` units wide: each line of the text wraps on its own. A CJK
/// character is a little wider than two digits of the width unit in most fonts, and a cell keeps a margin on each
/// side: the estimate takes a tenth more text and one unit less room, so a row grows a line too many rather than
/// one too few (a cut line is lost on paper).
fn wrapped_lines(text: &str, width: u16) -> usize {
    let room = usize::from(width.saturating_sub(1)).max(1) * 10;
    text.split('\n').map(|line| display_width(line).saturating_mul(11).div_ceil(room).max(1)).sum()
}

/// The height of a row whose cells wrap onto more than one line, in points; None for a row of single lines,
/// which keeps the sheet's default height. Set explicitly because LibreOffice, unlike Excel, does not grow a
/// row for wrapped text when it opens an .xlsx: a long 案例名称 printed over the rows below it.
fn row_height(cells: &[String], widths: &[u16]) -> Option<f64> {
    let lines = cells.iter().zip(widths).map(|(text, width)| wrapped_lines(text, *width)).max().unwrap_or(1);
    (lines > 1).then(|| {
        let lines = u32::try_from(lines).unwrap_or(u32::MAX);
        (f64::from(lines) * LINE_HEIGHT + ROW_PADDING).min(MAX_ROW_HEIGHT)
    })
}

fn cell_text(cells: &[String], col: usize) -> &str {
    cells.get(col).map_or("", String::as_str)
}

/// The bytes of the .xlsx: sheet "汇总表", landscape A4, one page wide.
pub fn xlsx_bytes(table: &SummaryTable) -> Result<Vec<u8>, WriteError> {
    let ncols = column_count(table);
    let last_col = u16::try_from(ncols - 1).map_err(|_| WriteError::TooManyColumns(ncols))?;
    let too_many_rows = || WriteError::TooManyRows(table.rows.len());
    let first_data_row: u32 = 2;
    let data_rows = u32::try_from(table.rows.len()).map_err(|_| too_many_rows())?;
    let footer_start =
        first_data_row.checked_add(data_rows).and_then(|r| r.checked_add(1)).ok_or_else(too_many_rows)?;

    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(2024, 1, 1)?;
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&created).set_title(&table.title));
    let sheet = workbook.add_worksheet();
    sheet.set_name(SHEET_NAME)?;
    sheet.set_paper_size(9).set_landscape().set_print_fit_to_pages(1, 0).set_print_center_horizontally(true);
    sheet.set_repeat_rows(1, 1)?;
    // "第 X 页 共 Y 页" at the foot of every printed page, as in the docx.
    sheet.set_footer("&C第 &P 页 共 &N 页");

    let base = Format::new().set_font_name(CJK_FONT).set_font_charset(GB2312_CHARSET).set_font_size(11);
    let title_format =
        base.clone().set_bold().set_font_size(16).set_align(FormatAlign::Center).set_align(FormatAlign::VerticalCenter);
    let header_format = base
        .clone()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let footer_format = base.clone().set_align(FormatAlign::Left).set_align(FormatAlign::VerticalCenter);
    let cell_format = |short: bool, marked: bool| {
        let format = base.clone().set_border(FormatBorder::Thin).set_text_wrap().set_align(FormatAlign::VerticalCenter);
        let format = format.set_align(if short { FormatAlign::Center } else { FormatAlign::Left });
        if marked {
            format.set_background_color(MARK_FILL)
        } else {
            format
        }
    };

    let widths = column_widths(table);
    let content = content_widths(table);
    for (col, width) in widths.iter().enumerate() {
        let col = u16::try_from(col).map_err(|_| WriteError::TooManyColumns(ncols))?;
        sheet.set_column_width(col, f64::from(*width))?;
    }

    write_spanning(sheet, 0, last_col, &table.title, &title_format)?;
    sheet.set_row_height(0, 32)?;
    for col in 0..=last_col {
        let text = cell_text(&table.columns, usize::from(col));
        write_cell(sheet, 1, col, text, &header_format)?;
    }
    if let Some(height) = row_height(&table.columns, &widths) {
        sheet.set_row_height(1, height)?;
    }
    for (row, offset) in table.rows.iter().zip(0u32..) {
        let xrow = first_data_row + offset;
        for col in 0..=last_col {
            let short = content.get(usize::from(col)).is_some_and(|w| *w <= SHORT_COLUMN);
            write_cell(sheet, xrow, col, cell_text(&row.cells, usize::from(col)), &cell_format(short, row.marked))?;
        }
        if let Some(height) = row_height(&row.cells, &widths) {
            sheet.set_row_height(xrow, height)?;
        }
    }
    for (line, offset) in table.footer.iter().zip(0u32..) {
        let xrow = footer_start.checked_add(offset).ok_or_else(too_many_rows)?;
        write_spanning(sheet, xrow, last_col, line, &footer_format)?;
        sheet.set_row_height(xrow, 22)?;
    }
    Ok(workbook.save_to_buffer()?)
}

/// A line across all columns: merged when there is more than one (a one-cell merge is an error in xlsx).
fn write_spanning(
    sheet: &mut Worksheet,
    row: u32,
    last_col: u16,
    text: &str,
    format: &Format,
) -> Result<(), WriteError> {
    if last_col == 0 {
        sheet.write_string_with_format(row, 0, text, format)?;
    } else {
        sheet.merge_range(row, 0, row, last_col, text, format)?;
    }
    Ok(())
}

/// An empty cell is written blank with its format, so the grid's borders and fill stay whole.
fn write_cell(sheet: &mut Worksheet, row: u32, col: u16, text: &str, format: &Format) -> Result<(), WriteError> {
    if text.is_empty() {
        sheet.write_blank(row, col, format)?;
    } else {
        sheet.write_string_with_format(row, col, text, format)?;
    }
    Ok(())
}

/// The bytes of the .csv: a UTF-8 BOM (Excel on Windows otherwise reads GBK), CRLF line ends, the title and each
/// footer line as one-field records, and a row of empty cells before the footer.
pub fn csv_bytes(table: &SummaryTable) -> Result<Vec<u8>, WriteError> {
    let mut out = vec![0xEF, 0xBB, 0xBF];
    {
        let mut writer =
            csv::WriterBuilder::new().flexible(true).terminator(csv::Terminator::CRLF).from_writer(&mut out);
        writer.write_record([&table.title])?;
        writer.write_record(&table.columns)?;
        for row in &table.rows {
            writer.write_record(row.cells.iter().map(|c| formula_safe(c).into_owned()))?;
        }
        writer.write_record(vec![""; table.columns.len().max(2)])?;
        for line in &table.footer {
            writer.write_record([line])?;
        }
        writer.flush().map_err(csv::Error::from)?;
    }
    Ok(out)
}

/// A cell Excel would run as a formula (=, +, -, @ first: “CSV injection”) gets a leading apostrophe, shown by
/// Excel as text. The cells come from applicants' dossier.toml, so they are not trusted.
fn formula_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

/// Paragraph ids (w14:paraId) given in order: docx-rs otherwise draws them from a thread-local counter, so the same
/// table written twice, or on another thread, would differ.
struct ParaIds(u32);

impl ParaIds {
    fn next(&mut self) -> String {
        self.0 += 1;
        format!("{:08X}", self.0)
    }
}

/// Characters XML 1.0 cannot carry; docx-rs writes them through and Word then refuses the file.
fn xml_safe(text: &str) -> String {
    text.chars()
        .filter(|&c| matches!(c, '\t' | '\n') || !(c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}'))
        .collect()
}

fn fonts() -> RunFonts {
    RunFonts::new().east_asia(CJK_FONT).ascii(LATIN_FONT).hi_ansi(LATIN_FONT)
}

/// One paragraph of `text`, its line breaks kept as breaks in the run (a raw newline shows as a space in Word).
fn text_paragraph(ids: &mut ParaIds, text: &str, size: usize, bold: bool) -> Paragraph {
    let mut run = Run::new().fonts(fonts()).size(size);
    if bold {
        run = run.bold();
    }
    let text = xml_safe(text);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        run = run.add_text(line);
    }
    Paragraph::new().id(ids.next()).add_run(run)
}

/// The bytes of the .docx: landscape A4, centred bold title, bordered table, footer paragraphs.
pub fn docx_bytes(table: &SummaryTable) -> Result<Vec<u8>, WriteError> {
    const PAGE_WIDTH: u32 = 16838;
    const PAGE_HEIGHT: u32 = 11906;
    const MARGIN_SIDE: u32 = 1134;
    const MARGIN_TOP: u32 = 1440;
    const BODY_SIZE: usize = 21; // half-points: 10.5 pt, 五号
    const TITLE_SIZE: usize = 32; // 16 pt, 三号

    let ncols = column_count(table);
    let mut ids = ParaIds(0);

    // The grid shares the usable width in proportion to the content, as the xlsx widths do.
    let usable = PAGE_WIDTH - 2 * MARGIN_SIDE;
    let widths = column_widths(table);
    let total: u32 = widths.iter().map(|w| u32::from(*w)).sum::<u32>().max(1);
    let grid: Vec<usize> =
        widths.iter().map(|w| usize::try_from(u32::from(*w) * usable / total).unwrap_or(usize::MAX)).collect();
    let content = content_widths(table);

    let cell = |ids: &mut ParaIds, col: usize, text: &str, bold: bool, fill: Option<&str>| {
        let short = bold || content.get(col).is_some_and(|w| *w <= SHORT_COLUMN);
        let align = if short { AlignmentType::Center } else { AlignmentType::Left };
        let width = grid.get(col).copied().unwrap_or(0);
        let cell = TableCell::new()
            .add_paragraph(text_paragraph(ids, text, BODY_SIZE, bold).align(align))
            .width(width, WidthType::Dxa)
            .vertical_align(VAlignType::Center);
        match fill {
            Some(fill) => cell.shading(Shading::new().fill(fill)),
            None => cell,
        }
    };

    let title = text_paragraph(&mut ids, &table.title, TITLE_SIZE, true).align(AlignmentType::Center);
    let header: Vec<TableCell> =
        (0..ncols).map(|col| cell(&mut ids, col, cell_text(&table.columns, col), true, None)).collect();
    let mut rows = vec![TableRow::new(header).cant_split()];
    for row in &table.rows {
        let fill = row.marked.then_some(MARK_FILL_HEX);
        let cells: Vec<TableCell> =
            (0..ncols).map(|col| cell(&mut ids, col, cell_text(&row.cells, col), false, fill)).collect();
        rows.push(TableRow::new(cells).cant_split());
    }
    let grid_total = grid.iter().sum();
    let summary = Table::new(rows)
        .set_grid(grid)
        .width(grid_total, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .align(TableAlignmentType::Center);

    let margin = |v: u32| i32::try_from(v).unwrap_or(i32::MAX);
    let mut docx = Docx::new()
        .page_size(PAGE_WIDTH, PAGE_HEIGHT)
        .page_orient(PageOrientationType::Landscape)
        .page_margin(
            PageMargin::new()
                .top(margin(MARGIN_TOP))
                .bottom(margin(MARGIN_TOP))
                .left(margin(MARGIN_SIDE))
                .right(margin(MARGIN_SIDE)),
        )
        .default_fonts(fonts())
        .default_size(BODY_SIZE)
        .created_at(FIXED_DATE)
        .updated_at(FIXED_DATE)
        .footer(page_footer(&mut ids, BODY_SIZE))
        .add_paragraph(title)
        .add_table(summary)
        .add_paragraph(Paragraph::new().id(ids.next()));
    for line in &table.footer {
        docx = docx.add_paragraph(text_paragraph(&mut ids, line, BODY_SIZE + 3, false));
    }

    let mut out = Cursor::new(Vec::new());
    docx.pack(&mut out).map_err(|e| WriteError::Docx(e.to_string()))?;
    repeat_header_row(&out.into_inner())
}

/// The page footer "第 X 页 共 Y 页", centred, with Word's PAGE and NUMPAGES fields: a printed 汇总表 of several
/// pages is stamped and forwarded page by page, and a missing page must show.
fn page_footer(ids: &mut ParaIds, size: usize) -> Footer {
    let text = |t: &str| Run::new().fonts(fonts()).size(size).add_text(t);
    let line = Paragraph::new()
        .id(ids.next())
        .align(AlignmentType::Center)
        .add_run(text("第 "))
        .add_page_num(PageNum::new())
        .add_run(text(" 页 共 "))
        .add_num_pages(NumPages::new())
        .add_run(text(" 页"));
    Footer::new().add_paragraph(line)
}

/// Marks the table's first row as its header row (`w:tblHeader`), so Word and LibreOffice repeat it at the top of
/// every page. docx-rs has no setter for it: word/document.xml is rewritten with the mark added to the first row's
/// properties (the table is the document's only one), every other part copied as it is.
fn repeat_header_row(docx: &[u8]) -> Result<Vec<u8>, WriteError> {
    const FIRST_ROW: &str = "<w:trPr>";
    let mark =
        |xml: Vec<u8>| String::from_utf8_lossy(&xml).replacen(FIRST_ROW, "<w:trPr><w:tblHeader />", 1).into_bytes();
    crate::output::package::rewrite_part(docx, "word/document.xml", u64::MAX, mark)
        .map_err(|e| WriteError::Docx(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_never_run_as_formulas() {
        assert_eq!(formula_safe("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
        assert_eq!(formula_safe("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(formula_safe("工业制造"), "工业制造");
        assert_eq!(formula_safe(""), "");
    }

    #[test]
    fn cjk_counts_double() {
        assert_eq!(display_width("序号"), 4);
        assert_eq!(display_width("ab\n数据"), 4);
        assert_eq!(display_width(""), 0);
    }

    #[test]
    fn wrapped_lines_round_up_and_count_each_line() {
        assert_eq!(wrapped_lines("", 10), 1);
        assert_eq!(wrapped_lines("同意推荐", 10), 1);
        // 40 CJK characters are 80 units; 88 with the tenth more, in 39 units of room: 3 lines.
        assert_eq!(wrapped_lines(&"数".repeat(40), 40), 3);
        assert_eq!(wrapped_lines("第一行\n第二行", 40), 2);
        assert_eq!(wrapped_lines("数据", 0), 5, "a zero width never divides by zero");
    }

    #[test]
    fn only_rows_that_wrap_get_a_height() {
        let widths = [6, 40];
        assert_eq!(row_height(&["1".into(), "短名称".into()], &widths), None);
        let tall = row_height(&["1".into(), "数".repeat(40)], &widths);
        assert_eq!(tall, Some(3.0 * LINE_HEIGHT + ROW_PADDING));
        assert_eq!(row_height(&["1".into(), "数".repeat(10_000)], &widths), Some(MAX_ROW_HEIGHT));
    }

    #[test]
    fn control_characters_are_dropped_for_xml() {
        assert_eq!(xml_safe("a\u{1}b\tc\nd"), "ab\tc\nd");
    }

    #[test]
    fn one_column_table_writes_without_merging() {
        let table = SummaryTable {
            title: "汇总".into(),
            columns: vec!["序号".into()],
            rows: vec![],
            footer: vec!["2024年3月5日".into()],
        };
        assert!(xlsx_bytes(&table).is_ok());
        assert!(docx_bytes(&table).is_ok());
    }
}
