//! The variant kit: each sample dossier changed the way applicants' tools change files without changing
//! what they say — re-saved by LibreOffice, headings made plain bold paragraphs, the 申报表 laid out
//! differently, scans re-encoded behind other PDF filters at other resolutions, files renamed and moved,
//! dossier.toml left out. Every change is made on a copy in a temporary folder; `tests/variants.rs`
//! compares what `shenbao check` says about the copy with what it says about the original.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Each sample dossier with the day it is checked on (a day inside its notice's window).
pub use crate::support::FIXTURES;

/// The crate's folder, where `fixtures/` is.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

// ---------------------------------------------------------------- what a check says

/// One finding as the kit compares it: code, severity and the role of its file (its path in the
/// original dossier, whatever the variant renamed it to).
pub type Seen = (String, String, String);

/// A section's count as the JSON report gives it, keyed by document role and title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Count {
    pub words: i64,
    pub low: i64,
    pub high: i64,
}

/// What `shenbao check --format json` says about one dossier, with file names put back to the original's.
#[derive(Debug, Clone)]
pub struct Verdict {
    pub exit: i32,
    /// Errors and warnings (notes are not a verdict).
    pub findings: BTreeSet<Seen>,
    pub counts: BTreeMap<(String, String), Count>,
}

impl Verdict {
    pub fn errors(&self) -> BTreeSet<Seen> {
        self.findings.iter().filter(|f| f.1 == "error").cloned().collect()
    }
}

/// A changed copy of a dossier: its folder, the original path of each renamed file (relative paths with
/// `/`), and the arguments the check needs besides the folder.
pub struct Copy {
    /// The fixture copied (relative to the crate).
    pub origin: String,
    pub dir: tempfile::TempDir,
    pub renamed: BTreeMap<String, String>,
    pub args: Vec<String>,
}

impl Copy {
    /// A plain copy of `fixture` (a path relative to the crate).
    pub fn of(fixture: &str) -> Copy {
        let dir = tempfile::tempdir().expect("temp dir");
        crate::support::copy_dir(&root().join(fixture), dir.path());
        Copy { origin: fixture.to_owned(), dir, renamed: BTreeMap::new(), args: Vec::new() }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The dossier's files (relative, with `/`), sorted.
    pub fn files(&self) -> Vec<String> {
        let mut files: Vec<String> = walkdir::WalkDir::new(self.path())
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| relative(self.path(), e.path()))
            .collect();
        files.sort();
        files
    }

    /// Moves a file of the copy, keeping note of its original name.
    pub fn rename(&mut self, from: &str, to: &str) {
        let target = self.path().join(to);
        std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        std::fs::rename(self.path().join(from), &target).expect("rename");
        let original = self.renamed.remove(from).unwrap_or_else(|| from.to_owned());
        self.renamed.insert(to.to_owned(), original);
    }

    /// Runs the check on the copy.
    pub fn check(&self, today: &str) -> Verdict {
        check_dir(self.path(), today, &self.args, &self.renamed)
    }
}

fn relative(base: &Path, path: &Path) -> String {
    path.strip_prefix(base).expect("inside").to_string_lossy().replace('\\', "/")
}

/// Runs `shenbao check --format json` on `dir` and reads the verdict, file names mapped through `renamed`.
pub fn check_dir(dir: &Path, today: &str, args: &[String], renamed: &BTreeMap<String, String>) -> Verdict {
    let output = crate::support::shenbao()
        .arg("check")
        .arg(dir)
        .args(["--format", "json", "--today", today])
        .args(args)
        .output()
        .expect("runs");
    let exit = output.status.code().expect("exit code");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!("{}: JSON on stdout ({e}); stderr: {}", dir.display(), String::from_utf8_lossy(&output.stderr))
    });
    let dossier = &json["dossiers"][0];
    let role = |file: &serde_json::Value| {
        file.as_str().map_or_else(|| "-".to_owned(), |f| renamed.get(f).cloned().unwrap_or_else(|| f.to_owned()))
    };
    let findings = dossier["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["severity"] != "info")
        .map(|d| (str_of(&d["code"]), str_of(&d["severity"]), role(&d["file"])))
        .collect();
    let counts = dossier["sections"]
        .as_array()
        .map(|sections| {
            sections
                .iter()
                .map(|s| {
                    let key = (role(&s["document"]), str_of(&s["title"]));
                    let n = |k: &str| s[k].as_i64().unwrap_or(-1);
                    (key, Count { words: n("words"), low: n("words_low"), high: n("words_high") })
                })
                .collect()
        })
        .unwrap_or_default();
    Verdict { exit, findings, counts }
}

fn str_of(v: &serde_json::Value) -> String {
    v.as_str().unwrap_or_default().to_owned()
}

// ---------------------------------------------------------------- .docx parts

/// Rewrites the XML parts of a .docx with `edit(part name, xml)`, deflating every part as Word does.
pub fn rewrite_docx(path: &Path, edit: impl Fn(&str, &str) -> String) {
    let bytes = std::fs::read(path).expect("read docx");
    let mut from = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("docx is a zip");
    let mut to = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for i in 0..from.len() {
        let mut entry = from.by_index(i).expect("entry");
        if entry.is_dir() {
            continue;
        }
        let name = entry.name().expect("name").into_owned();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).expect("inflate");
        if name.ends_with(".xml") {
            let xml = String::from_utf8(data).expect("UTF-8 XML");
            data = edit(&name, &xml).into_bytes();
        }
        to.start_file(name, options).expect("start part");
        to.write_all(&data).expect("write part");
    }
    std::fs::write(path, to.finish().expect("zip").into_inner()).expect("write docx");
}

/// Each .docx of a copy (relative paths).
pub fn docx_files(copy: &Copy) -> Vec<String> {
    copy.files().into_iter().filter(|f| f.to_lowercase().ends_with(".docx")).collect()
}

/// The byte ranges of the elements `<tag …>…</tag>` (or `<tag/>`) in `xml`, outermost only.
fn elements(xml: &str, tag: &str) -> Vec<(usize, usize)> {
    let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(found) = xml[at..].find(&open) {
        let start = at + found;
        let after = xml[start + open.len()..].chars().next();
        if !matches!(after, Some('>' | ' ' | '/')) {
            at = start + open.len();
            continue;
        }
        let head_end = start + xml[start..].find('>').expect("tag closes") + 1;
        if xml[..head_end].ends_with("/>") {
            out.push((start, head_end));
            at = head_end;
            continue;
        }
        // Nested elements of the same name: count depth.
        let mut depth = 1;
        let mut pos = head_end;
        while depth > 0 {
            let next_open = xml[pos..].find(&open).map(|i| pos + i);
            let next_close = pos + xml[pos..].find(&close).expect("element closes");
            match next_open {
                Some(o) if o < next_close && matches!(xml[o + open.len()..].chars().next(), Some('>' | ' ')) => {
                    depth += 1;
                    pos = o + open.len();
                }
                Some(o) if o < next_close => pos = o + open.len(),
                _ => {
                    depth -= 1;
                    pos = next_close + close.len();
                }
            }
        }
        out.push((start, pos));
        at = pos;
    }
    out
}

/// The visible text of an XML fragment: its `w:t` contents, paragraphs joined with '\n'.
pub fn xml_text(xml: &str) -> String {
    elements(xml, "w:p")
        .iter()
        .map(|&(s, e)| {
            let p = &xml[s..e];
            elements(p, "w:t")
                .iter()
                .map(|&(ts, te)| {
                    let t = &p[ts..te];
                    let inner = t.find('>').map_or("", |i| t[i + 1..].trim_end_matches("</w:t>"));
                    unescape(if t.ends_with("/>") { "" } else { inner })
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&")
}

// ---------------------------------------------------------------- headings without styles

/// The ids of styles.xml's heading styles: a name “heading N” / “标题 N”, or an outline level.
fn heading_styles(styles: &str) -> BTreeSet<String> {
    elements(styles, "w:style")
        .iter()
        .filter_map(|&(s, e)| {
            let style = &styles[s..e];
            let name = attr_after(style, "<w:name ", "w:val").unwrap_or_default().to_lowercase();
            let heading = name.starts_with("heading") || name.starts_with("标题") || style.contains("<w:outlineLvl");
            heading.then(|| attr_after(style, "<w:style ", "w:styleId")).flatten()
        })
        .collect()
}

/// The value of `attr` in the first element starting with `open`.
fn attr_after(xml: &str, open: &str, attr: &str) -> Option<String> {
    let start = xml.find(open)?;
    let head = &xml[start..start + xml[start..].find('>')?];
    let key = format!("{attr}=\"");
    let v = head.find(&key)? + key.len();
    Some(head[v..v + head[v..].find('"')?].to_owned())
}

/// document.xml with every heading paragraph made a plain bold one: its heading style and outline level
/// removed, its runs bold, its text (with the numbering written in it) unchanged.
pub fn unstyle_headings(document: &str, styles: &str) -> String {
    let ids = heading_styles(styles);
    let mut out = String::with_capacity(document.len());
    let mut last = 0;
    for (s, e) in elements(document, "w:p") {
        let p = &document[s..e];
        let style = attr_after(p, "<w:pStyle ", "w:val");
        let styled = style.as_ref().is_some_and(|id| ids.contains(id));
        if !styled && !p.contains("<w:outlineLvl") {
            continue;
        }
        out.push_str(&document[last..s]);
        out.push_str(&plain_bold(p));
        last = e;
    }
    out.push_str(&document[last..]);
    out
}

fn plain_bold(p: &str) -> String {
    let mut p = p.to_owned();
    for tag in ["w:pStyle", "w:outlineLvl"] {
        while let Some(&(s, e)) = elements(&p, tag).first() {
            p.replace_range(s..e, "");
        }
    }
    // Every run's properties get <w:b/>; the paragraph mark's too; a run without properties gets some.
    let p = p.replace("<w:rPr>", "<w:rPr><w:b />");
    let p = p.replace("<w:rPr />", "<w:rPr><w:b /></w:rPr>").replace("<w:rPr/>", "<w:rPr><w:b /></w:rPr>");
    let mut out = String::with_capacity(p.len() + 64);
    let mut rest = p.as_str();
    while let Some(i) = rest.find("<w:r>") {
        let after = &rest[i + "<w:r>".len()..];
        out.push_str(&rest[..i + "<w:r>".len()]);
        if !after.starts_with("<w:rPr") {
            out.push_str("<w:rPr><w:b /></w:rPr>");
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

// ---------------------------------------------------------------- the 申报表 laid out differently

/// How a form table is laid out anew.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relayout {
    /// Each label and its value on a row of their own (负责人 / 职务 / 联系方式 / 联系人 / 职务 / 联系方式).
    OnePerRow,
    /// Label and value in one cell: “联系人：李四”.
    LabelInCell,
    /// Short labels spaced out: “负 责 人”.
    SpacedLabels,
    /// Values spanning the columns left (`w:gridSpan`), and the last label merged over two rows
    /// (`w:vMerge`) with its value's lines split between them.
    MergedCells,
    /// An empty column between the label column and the values, and one after the last.
    ExtraColumns,
}

pub const RELAYOUTS: [Relayout; 5] =
    [Relayout::OnePerRow, Relayout::LabelInCell, Relayout::SpacedLabels, Relayout::MergedCells, Relayout::ExtraColumns];

/// Labels that mark a table as a form table (申报表, 信息表, 基本情况表).
const FORM_LABELS: [&str; 4] = ["负责人", "联系人", "案例名称", "场景名称"];

#[derive(Debug, Clone)]
struct XCell {
    /// `<w:tcPr>…</w:tcPr>` as written, or empty.
    props: String,
    /// The cell's paragraphs (and anything else after its properties).
    body: String,
    text: String,
}

#[derive(Debug, Clone)]
struct XRow {
    /// What comes before the first cell (`<w:trPr>`).
    head: String,
    cells: Vec<XCell>,
}

fn parse_cell(tc: &str) -> XCell {
    let inner = &tc[tc.find('>').expect("tc opens") + 1..tc.len() - "</w:tc>".len()];
    let (props, body) = match elements(inner, "w:tcPr").first() {
        Some(&(0, e)) => (inner[..e].to_owned(), inner[e..].to_owned()),
        _ => (String::new(), inner.to_owned()),
    };
    let text = xml_text(&body);
    XCell { props, body, text }
}

fn parse_row(tr: &str) -> XRow {
    let inner = &tr[tr.find('>').expect("tr opens") + 1..tr.len() - "</w:tr>".len()];
    let cells: Vec<(usize, usize)> = elements(inner, "w:tc");
    let head = cells.first().map_or(inner, |&(s, _)| &inner[..s]).to_owned();
    XRow { head, cells: cells.iter().map(|&(s, e)| parse_cell(&inner[s..e])).collect() }
}

fn write_cell(c: &XCell) -> String {
    let body = if c.body.contains("<w:p") { c.body.clone() } else { format!("{}<w:p />", c.body) };
    format!("<w:tc>{}{}</w:tc>", c.props, body)
}

fn write_row(r: &XRow) -> String {
    format!("<w:tr>{}{}</w:tr>", r.head, r.cells.iter().map(write_cell).collect::<String>())
}

fn empty_cell() -> XCell {
    XCell { props: String::new(), body: "<w:p />".to_owned(), text: String::new() }
}

/// `props` with `extra` added inside `<w:tcPr>`.
fn with_props(props: &str, extra: &str) -> String {
    if props.is_empty() || props.ends_with("/>") {
        format!("<w:tcPr>{extra}</w:tcPr>")
    } else {
        props.replacen("</w:tcPr>", &format!("{extra}</w:tcPr>"), 1)
    }
}

/// document.xml with each form table laid out anew. Returns the XML and how many full-width colons
/// (“：”) were added to the text (each counts one word, as Word counts).
pub fn relayout_forms(document: &str, how: Relayout) -> (String, usize) {
    let mut out = String::with_capacity(document.len() + 1024);
    let mut last = 0;
    let mut colons = 0;
    for (s, e) in elements(document, "w:tbl") {
        let tbl = &document[s..e];
        let inner = &tbl[tbl.find('>').expect("tbl opens") + 1..tbl.len() - "</w:tbl>".len()];
        let row_spans = elements(inner, "w:tr");
        if inner.contains("<w:tbl>") || inner.contains("<w:tbl ") || row_spans.is_empty() {
            continue;
        }
        let rows: Vec<XRow> = row_spans.iter().map(|&(rs, re)| parse_row(&inner[rs..re])).collect();
        let is_form = rows.iter().flat_map(|r| &r.cells).any(|c| FORM_LABELS.contains(&c.text.trim()));
        if !is_form {
            continue;
        }
        let head = &inner[..row_spans[0].0];
        let (rows, added) = relaid(rows, how);
        colons += added;
        out.push_str(&document[last..s]);
        out.push_str("<w:tbl>");
        out.push_str(head);
        out.extend(rows.iter().map(write_row));
        out.push_str("</w:tbl>");
        last = e;
    }
    out.push_str(&document[last..]);
    (out, colons)
}

fn relaid(rows: Vec<XRow>, how: Relayout) -> (Vec<XRow>, usize) {
    let widest = rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    let mut colons = 0;
    let mut out = Vec::new();
    let last = rows.len().saturating_sub(1);
    for (i, row) in rows.into_iter().enumerate() {
        match how {
            Relayout::OnePerRow => {
                for pair in row.cells.chunks(2) {
                    out.push(XRow { head: row.head.clone(), cells: pair.to_vec() });
                }
            }
            Relayout::LabelInCell => {
                let cells = row
                    .cells
                    .chunks(2)
                    .map(|pair| match pair {
                        [label, value] => {
                            colons += 1;
                            joined(label, value)
                        }
                        _ => pair[0].clone(),
                    })
                    .collect();
                out.push(XRow { head: row.head, cells });
            }
            Relayout::SpacedLabels => {
                let cells = row
                    .cells
                    .iter()
                    .enumerate()
                    .map(|(c, cell)| if c % 2 == 0 { spaced(cell) } else { cell.clone() })
                    .collect();
                out.push(XRow { head: row.head, cells });
            }
            Relayout::MergedCells => out.extend(merged(row, widest, i == last)),
            Relayout::ExtraColumns => {
                let mut cells = row.cells;
                cells.insert(1.min(cells.len()), empty_cell());
                cells.push(empty_cell());
                out.push(XRow { head: row.head, cells });
            }
        }
    }
    (out, colons)
}

/// The runs of a paragraph (what follows its `<w:pPr>`), and the properties of its first run.
fn runs_of(p: &str) -> (String, String) {
    let inner = &p[p.find('>').map_or(0, |i| i + 1)..p.len().saturating_sub("</w:p>".len())];
    let runs = match elements(inner, "w:pPr").first() {
        Some(&(0, e)) => &inner[e..],
        _ => inner,
    };
    let rpr = elements(runs, "w:rPr").first().map_or(String::new(), |&(s, e)| runs[s..e].to_owned());
    (runs.to_owned(), rpr)
}

/// “label：value” in one cell: the label's paragraph, a “：” run in the label's run properties, the
/// value's first paragraph's runs; the value's other paragraphs follow.
fn joined(label: &XCell, value: &XCell) -> XCell {
    let label_ps = elements(&label.body, "w:p");
    let value_ps = elements(&value.body, "w:p");
    let Some(&(ls, le)) = label_ps.first() else { return value.clone() };
    let lp = &label.body[ls..le];
    let (label_runs, rpr) = runs_of(lp);
    let open_end = lp.find('>').expect("p opens") + 1;
    let ppr = match elements(&lp[open_end..], "w:pPr").first() {
        Some(&(0, e)) => lp[open_end..open_end + e].to_owned(),
        _ => String::new(),
    };
    let value_runs = value_ps.first().map_or(String::new(), |&(s, e)| runs_of(&value.body[s..e]).0);
    let rest: String = value_ps.iter().skip(1).map(|&(s, e)| &value.body[s..e]).collect();
    let body = format!("<w:p>{ppr}{label_runs}<w:r>{rpr}<w:t>：</w:t></w:r>{value_runs}</w:p>{rest}");
    let text = format!("{}：{}", label.text, value.text);
    XCell { props: label.props.clone(), body, text }
}

/// A short label (2 to 4 Han characters written in one `w:t`) spaced out: “负 责 人”.
fn spaced(cell: &XCell) -> XCell {
    let text = cell.text.trim();
    let n = text.chars().count();
    let han = text.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    let whole = format!(">{text}</w:t>");
    if !(2..=4).contains(&n) || !han || cell.body.matches(&whole).count() != 1 {
        return cell.clone();
    }
    let spread: String = text.chars().map(String::from).collect::<Vec<_>>().join(" ");
    let body = cell.body.replace(&whole, &format!(">{spread}</w:t>"));
    XCell { props: cell.props.clone(), body, text: spread }
}

/// A two-cell row's value spans the table's other columns; the last row's label is merged over two
/// rows, its value's first paragraph in the first and the rest in the second.
fn merged(row: XRow, widest: usize, last: bool) -> Vec<XRow> {
    let mut cells = row.cells;
    if cells.len() == 2 && widest > 2 {
        let span = format!("<w:gridSpan w:val=\"{}\" />", widest - 1);
        cells[1].props = with_props(&cells[1].props, &span);
    }
    if !last || cells.len() != 2 {
        return vec![XRow { head: row.head, cells }];
    }
    let value = &cells[1];
    let ps = elements(&value.body, "w:p");
    let first: String = ps.first().map_or(String::new(), |&(s, e)| value.body[s..e].to_owned());
    let rest: String = ps.iter().skip(1).map(|&(s, e)| &value.body[s..e]).collect();
    let mut label = cells[0].clone();
    label.props = with_props(&label.props, "<w:vMerge w:val=\"restart\" />");
    let continued = XCell { props: with_props("", "<w:vMerge />"), body: "<w:p />".to_owned(), text: String::new() };
    let top_value = XCell { props: value.props.clone(), body: first, text: String::new() };
    let bottom_value = XCell { props: value.props.clone(), body: rest, text: String::new() };
    vec![
        XRow { head: row.head.clone(), cells: vec![label, top_value] },
        XRow { head: row.head, cells: vec![continued, bottom_value] },
    ]
}

// ---------------------------------------------------------------- scans behind other filters

/// The filters a scan's page JPEG sits behind, as reportlab and scanner drivers write them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chain {
    /// `[/ASCII85Decode /DCTDecode]` (reportlab's default).
    Ascii85,
    /// `[/FlateDecode /DCTDecode]`.
    Flate,
}

pub use crate::pdf_gen::ascii85;

/// Nearest-neighbour resampling of RGB pixels.
fn resample(px: &[u8], w: usize, h: usize, nw: usize, nh: usize) -> Vec<u8> {
    let mut out = vec![0u8; nw * nh * 3];
    let columns: Vec<usize> = (0..nw).map(|x| x * w / nw).collect();
    let mut previous: Option<(usize, usize)> = None;
    for y in 0..nh {
        let sy = y * h / nh;
        let row = y * nw * 3;
        if let Some((py, prow)) = previous.filter(|(py, _)| *py == sy) {
            out.copy_within(prow..prow + nw * 3, row);
            previous = Some((py, row));
            continue;
        }
        let src = &px[sy * w * 3..(sy + 1) * w * 3];
        for (x, &sx) in columns.iter().enumerate() {
            out[row + x * 3..row + x * 3 + 3].copy_from_slice(&src[sx * 3..sx * 3 + 3]);
        }
        previous = Some((sy, row));
    }
    out
}

fn decode_jpeg(data: &[u8]) -> (Vec<u8>, usize, usize) {
    use zune_jpeg::zune_core::bytestream::ZCursor;
    use zune_jpeg::zune_core::colorspace::ColorSpace;
    use zune_jpeg::zune_core::options::DecoderOptions;
    let options = DecoderOptions::default().jpeg_set_out_colorspace(ColorSpace::RGB);
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(data), options);
    let px = decoder.decode().expect("page JPEG decodes");
    let (w, h) = decoder.dimensions().expect("dimensions");
    (px, w, h)
}

/// The width of the first page, in points.
fn page_width(doc: &lopdf::Document) -> f32 {
    let Some((_, &id)) = doc.get_pages().iter().next() else { return 595.0 };
    let media = doc.get_dictionary(id).ok().and_then(|d| d.get(b"MediaBox").ok()).and_then(|m| m.as_array().ok());
    media
        .and_then(|m| Some(m.get(2)?.as_float().ok()? - m.first()?.as_float().ok()?))
        .filter(|w| *w > 0.0)
        .unwrap_or(595.0)
}

/// Rewrites every bare `DCTDecode` image of a PDF at `dpi` (for a page-wide scan) behind `chain`.
/// Returns how many images were rewritten.
pub fn rescan_pdf(path: &Path, dpi: u32, chain: Chain) -> usize {
    use lopdf::Object;
    let mut doc = lopdf::Document::load(path).expect("PDF loads");
    let width_pt = page_width(&doc);
    let mut rewritten = 0;
    for object in doc.objects.values_mut() {
        let Object::Stream(stream) = object else { continue };
        let is_image = stream.dict.get(b"Subtype").and_then(Object::as_name).is_ok_and(|n| n == b"Image");
        let dct = stream.dict.get(b"Filter").and_then(Object::as_name).is_ok_and(|n| n == b"DCTDecode");
        if !is_image || !dct {
            continue;
        }
        let (px, w, h) = decode_jpeg(&stream.content);
        let nw = ((width_pt / 72.0) * dpi as f32).round().max(1.0) as usize;
        let nh = (h * nw / w).max(1);
        let scaled = resample(&px, w, h, nw, nh);
        let mut jpeg = Vec::new();
        let (ew, eh) = (u16::try_from(nw).expect("width"), u16::try_from(nh).expect("height"));
        jpeg_encoder::Encoder::new(&mut jpeg, 85).encode(&scaled, ew, eh, jpeg_encoder::ColorType::Rgb).expect("JPEG");
        let (first, content) = match chain {
            Chain::Ascii85 => ("ASCII85Decode", ascii85(&jpeg)),
            Chain::Flate => {
                let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
                z.write_all(&jpeg).expect("deflate");
                ("FlateDecode", z.finish().expect("deflate"))
            }
        };
        stream.dict.set("Width", Object::Integer(nw as i64));
        stream.dict.set("Height", Object::Integer(nh as i64));
        let filters = vec![Object::Name(first.as_bytes().to_vec()), Object::Name(b"DCTDecode".to_vec())];
        stream.dict.set("Filter", Object::Array(filters));
        stream.set_content(content);
        stream.allows_compression = false;
        rewritten += 1;
    }
    doc.save(path).expect("PDF saves");
    rewritten
}

/// Each PDF of a copy holding a bare `DCTDecode` image (a scan), relative paths.
pub fn scans(copy: &Copy) -> Vec<String> {
    copy.files()
        .into_iter()
        .filter(|f| f.to_lowercase().ends_with(".pdf"))
        .filter(|f| {
            let bytes = std::fs::read(copy.path().join(f)).unwrap_or_default();
            bytes.windows(b"/DCTDecode".len()).any(|w| w == b"/DCTDecode")
        })
        .collect()
}

// ---------------------------------------------------------------- names and folders

/// Every file but dossier.toml renamed as applicants name them: “【定稿】申报书 （终版）.docx”.
pub fn odd_names(copy: &mut Copy) {
    for file in copy.files().into_iter().filter(|f| f != "dossier.toml") {
        let (dir, name) = file.rsplit_once('/').map_or(("", file.as_str()), |(d, n)| (d, n));
        let (stem, ext) = name.rsplit_once('.').map_or((name, ""), |(s, e)| (s, e));
        let new_name = format!("【定稿】{stem} （终版）.{ext}");
        let to = if dir.is_empty() { new_name } else { format!("{dir}/{new_name}") };
        copy.rename(&file, &to);
    }
}

/// Every file at the top of the dossier but dossier.toml moved two folders down, into folders whose
/// names have spaces.
pub fn nested(copy: &mut Copy) {
    for file in copy.files().into_iter().filter(|f| f != "dossier.toml" && !f.contains('/')) {
        copy.rename(&file, &format!("申报材料/01 正文 材料/{file}"));
    }
}

/// dossier.toml removed; the notice given on the command line instead.
pub fn without_toml(copy: &mut Copy) {
    let toml = std::fs::read_to_string(copy.path().join("dossier.toml")).expect("dossier.toml");
    let notice = toml
        .lines()
        .find_map(|l| l.strip_prefix("notice"))
        .and_then(|rest| rest.split('"').nth(1))
        .expect("a notice in dossier.toml")
        .to_owned();
    std::fs::remove_file(copy.path().join("dossier.toml")).expect("remove dossier.toml");
    copy.args.extend(["--notice".to_owned(), notice]);
}

// ---------------------------------------------------------------- LibreOffice

/// Re-saves every .docx of every copy with LibreOffice, in one `soffice` call and its own profile.
pub fn libreoffice_resave(copies: &[&Copy]) {
    let work = tempfile::tempdir().expect("temp dir");
    let (input, output) = (work.path().join("in"), work.path().join("out"));
    std::fs::create_dir_all(&input).expect("mkdir");
    let mut originals: Vec<(PathBuf, PathBuf)> = Vec::new();
    for (i, copy) in copies.iter().enumerate() {
        for (j, file) in docx_files(copy).iter().enumerate() {
            let staged = input.join(format!("{i}-{j}.docx"));
            std::fs::copy(copy.path().join(file), &staged).expect("stage");
            originals.push((output.join(format!("{i}-{j}.docx")), copy.path().join(file)));
        }
    }
    if originals.is_empty() {
        return;
    }
    let profile = format!("-env:UserInstallation=file://{}", work.path().join("profile").display());
    let status = std::process::Command::new("soffice")
        .args([profile.as_str(), "--headless", "--convert-to", "docx", "--outdir"])
        .arg(&output)
        .args(originals.iter().map(|(o, _)| input.join(o.file_name().expect("name"))))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .expect("soffice runs");
    assert!(status.success(), "soffice failed: {status}");
    for (converted, original) in originals {
        std::fs::copy(&converted, &original)
            .unwrap_or_else(|e| panic!("LibreOffice wrote no {}: {e}", converted.display()));
    }
}
