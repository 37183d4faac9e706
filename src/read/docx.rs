//! The .docx reader: a streaming pass with zip and a small XML scanner (`xml.rs`) over the parts Word's 字数统计 looks at.
//!
//! What is kept is what counting and the checks need: paragraphs with their runs (text plus the
//! East Asian font hint that decides how “ ” — … · × and U+3000 are counted), outline levels resolved
//! through styles.xml, tables with their cells, footnotes/endnotes, and the metadata that leaks.
//!
//! Scope follows Word: body paragraphs, tables, text boxes (the `mc:Choice` copy only — the
//! `mc:Fallback` VML copy is skipped), footnotes and endnotes, field results, inserted text (`w:ins`).
//! Not text: headers/footers, comments, deleted text (`w:del`, `w:moveFrom`), hidden runs (`w:vanish`),
//! field codes (`w:instrText`).

use serde::Serialize;

/// Largest uncompressed size accepted for one XML part. A larger part is refused as a likely zip bomb:
/// the largest document.xml in the real-world corpus is 12.6 MB, and a 1,000-page 申报书 stays well under
/// this, while refusing here keeps a bomb's cost under 100 MB of memory.
pub const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;

/// Deepest nesting of paragraphs, tables and text boxes in one another (a table in a table cell, a
/// text box in a paragraph, a paragraph in a text box each add a level). Word nests tables a few
/// dozen deep at most; past this the document is refused ([`DocxError::TooDeep`]).
pub const MAX_NESTING: usize = 256;

/// What one document may hold, counted over document.xml, footnotes and endnotes together. The
/// part cap alone lets 64 MiB of `<w:p/>` become 11 million paragraphs (gigabytes); these caps keep
/// a document's reading under about 150 MB whatever its parts hold. Each is 10 to 30 times the
/// largest real document in the corpus (16 000 paragraphs, 14 000 runs, 13 000 table cells, 0.5 MB
/// of text, 2 700 styles). Past any of them the document is refused ([`DocxError::TooMuch`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Content {
    /// Paragraphs, in the body, table cells, text boxes and notes.
    Paragraphs,
    /// Runs as kept (adjacent runs with the same East Asian hint are merged).
    Runs,
    /// Tables, rows and cells together.
    TableCells,
    /// Footnotes and endnotes, and references to them.
    Notes,
    /// Bytes of text kept: run text, cell text, style ids and names of paragraphs.
    Text,
    /// Styles in styles.xml.
    Styles,
}

impl Content {
    /// The cap on this kind of content.
    pub const fn limit(self) -> usize {
        match self {
            Content::Paragraphs => 200_000,
            Content::Runs => 500_000,
            Content::TableCells => 200_000,
            Content::Notes => 100_000,
            Content::Text => 16 * 1024 * 1024,
            Content::Styles => 50_000,
        }
    }

    /// “more than N …”, in `lang`.
    fn more_than(self, lang: crate::diag::Lang) -> String {
        use crate::diag::Lang;
        let n = self.limit();
        match (self, lang) {
            (Content::Paragraphs, Lang::En) => format!("more than {n} paragraphs"),
            (Content::Runs, Lang::En) => format!("more than {n} runs of text"),
            (Content::TableCells, Lang::En) => format!("more than {n} table cells (tables and rows included)"),
            (Content::Notes, Lang::En) => format!("more than {n} footnotes, endnotes and references to them"),
            (Content::Text, Lang::En) => format!("more than {} MB of text", n >> 20),
            (Content::Styles, Lang::En) => format!("more than {n} styles"),
            (Content::Paragraphs, _) => format!("段落超过 {n} 个"),
            (Content::Runs, _) => format!("文字片段（run）超过 {n} 个"),
            (Content::TableCells, _) => format!("表格单元格（含表格和行）超过 {n} 个"),
            (Content::Notes, _) => format!("脚注、尾注及其引用超过 {n} 个"),
            (Content::Text, _) => format!("文字超过 {} MB", n >> 20),
            (Content::Styles, _) => format!("样式超过 {n} 个"),
        }
    }
}

/// Where a paragraph sits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Place {
    #[default]
    Body,
    /// A paragraph inside a table cell (`table` indexes [`Document::tables`]; nested tables count as tables too).
    TableCell { table: usize, row: usize, col: usize },
    /// A paragraph inside a text box (`w:txbxContent`).
    TextBox,
}

/// A stretch of text with one East Asian hint. Adjacent runs with the same hint may be merged.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Run {
    /// Visible text: `w:t`, `w:tab` as '\t', `w:br`/`w:cr` as '\n', `w:noBreakHyphen` as U+2011,
    /// `w:sym` as its character. Not `w:delText`, `w:instrText`, hidden or deleted runs.
    pub text: String,
    /// `w:rFonts w:hint="eastAsia"` applies to this run (directly, or through its character style,
    /// paragraph style or document defaults).
    pub east_asian: bool,
}

/// A reference from body text to a footnote or endnote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteRef {
    Footnote(i64),
    Endnote(i64),
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Paragraph {
    pub runs: Vec<Run>,
    /// `w:pStyle` value as written (Chinese WPS documents often use ids like "1", "2").
    pub style_id: Option<String>,
    /// The style's `w:name` from styles.xml, when the id resolves.
    pub style_name: Option<String>,
    /// Outline level 1..=9: the paragraph's own `w:outlineLvl` (0-based in XML, so +1), else the style
    /// chain's (`w:basedOn`), else a style named "heading N" / "标题 N" (any case, with or without space).
    /// `None` for body text (`w:outlineLvl w:val="9"` is body text too).
    pub outline_level: Option<u8>,
    pub place: Place,
    /// Notes referenced from this paragraph, in order.
    pub note_refs: Vec<NoteRef>,
    /// Pictures drawn in this paragraph (`w:drawing`, VML `w:pict`): a 架构图 or 流程图.
    pub pictures: u32,
}

impl Paragraph {
    /// The paragraph's visible text, runs concatenated.
    pub fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Cell {
    /// Visible text of the cell's paragraphs joined with '\n'.
    pub text: String,
    /// Indices into [`Document::paragraphs`] of the cell's own paragraphs.
    pub paragraphs: std::ops::Range<usize>,
    /// `w:gridSpan` (1 when absent).
    pub span: u32,
    /// `w:vMerge` without `w:val="restart"`: this cell continues the one above.
    pub merged_above: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    pub rows: Vec<Vec<Cell>>,
    /// Index into [`Document::paragraphs`] of the first paragraph after which this table starts
    /// (the table's first cell paragraph index).
    pub first_paragraph: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Note {
    pub id: i64,
    pub paragraphs: Vec<Paragraph>,
}

/// Document properties that may leak (docProps/core.xml, docProps/app.xml).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Properties {
    pub title: Option<String>,
    pub creator: Option<String>,
    pub last_modified_by: Option<String>,
    /// W3CDTF strings as written, e.g. "2024-08-01T10:00:00Z".
    pub created: Option<String>,
    pub modified: Option<String>,
    pub company: Option<String>,
    pub template: Option<String>,
    /// app.xml `Application`, e.g. "Microsoft Office Word", "WPS Office".
    pub application: Option<String>,
}

/// Counts of content a reviewer should not receive (used by later content checks).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Hidden {
    /// Comments in word/comments.xml.
    pub comments: usize,
    /// Tracked insertions (`w:ins`, `w:moveTo`) and deletions (`w:del`, `w:moveFrom`) not yet accepted.
    pub insertions: usize,
    pub deletions: usize,
    /// Runs hidden with `w:vanish`.
    pub hidden_runs: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Document {
    /// Body paragraphs in reading order. Table-cell paragraphs stand in place; a text box's paragraphs
    /// follow the paragraph that anchors it.
    pub paragraphs: Vec<Paragraph>,
    pub tables: Vec<Table>,
    /// Real notes only: separator and continuation notes (`w:type` set) are left out.
    pub footnotes: Vec<Note>,
    pub endnotes: Vec<Note>,
    /// settings.xml `w:doNotIncludeSubdocsInStats`: Word then leaves notes (and text boxes) out of 字数.
    pub notes_excluded_from_stats: bool,
    pub properties: Properties,
    pub hidden: Hidden,
    /// The pages it prints on, estimated from its layout (a heuristic; see [`layout`]). `None` when only
    /// the text was read ([`Scope::Text`]).
    pub pages: Option<PageEstimate>,
}

#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    #[error("not a zip container")]
    NotZip,
    /// An OLE compound file: a Word 97-2003 .doc/.wps, or a password-protected .docx.
    #[error("an OLE compound file (Word 97-2003 .doc, WPS .wps, or an encrypted .docx)")]
    Ole,
    #[error("zip container without word/document.xml")]
    MissingDocument,
    /// No `[Content_Types].xml`: Word refuses to open the package.
    #[error("damaged .docx: [Content_Types].xml is missing, so Word cannot open it")]
    MissingContentTypes,
    /// Two zip entries with the same part name (compared as OPC does: ignoring ASCII case).
    #[error("damaged .docx: two entries are named {}", crate::diag::printable(.0))]
    DuplicatePart(String),
    /// Paragraphs, tables and text boxes nested deeper than [`MAX_NESTING`], or XML elements deeper
    /// than the scanner follows.
    #[error(
        "{}: {} nested more than {limit} levels deep",
        crate::diag::printable(.part),
        if *.elements { "XML elements" } else { "paragraphs, tables and text boxes" }
    )]
    TooDeep { part: String, limit: usize, elements: bool },
    /// More of some content than [`Content::limit`] allows.
    #[error("the document holds {}, far more than a real document: refused as damaged or hostile", .0.more_than(crate::diag::Lang::En))]
    TooMuch(Content),
    #[error("{} inflates to more than {limit} bytes", crate::diag::printable(.part))]
    TooLarge { part: String, limit: u64 },
    #[error("{}: malformed XML at byte {position}: {}", crate::diag::printable(.part), crate::diag::printable(.message))]
    Xml { part: String, position: u64, message: String },
    /// The central directory lists more entries, or takes more bytes, than a .docx has
    /// ([`super::zip_extent::DOCX_MAX_ENTRIES`], [`super::zip_extent::DOCX_MAX_DIRECTORY`]): refused before
    /// the zip crate reads it all into memory.
    #[error(
        "the package lists {entries} entries in a central directory of {} KiB, far more than a Word document \
         (at most {} entries and {} MiB): refused as damaged or hostile",
        .bytes >> 10,
        super::zip_extent::DOCX_MAX_ENTRIES,
        super::zip_extent::DOCX_MAX_DIRECTORY >> 20
    )]
    TooManyEntries { entries: u64, bytes: u64 },
    #[error("damaged zip: {0}")]
    Zip(String),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

impl DocxError {
    /// What is wrong, for a message in `lang` (the `Display` text is English).
    pub fn describe(&self, lang: crate::diag::Lang) -> String {
        use crate::diag::Lang;
        match (self, lang) {
            (DocxError::NotZip, Lang::En) => "not a .docx (the content is not a Word document)".to_owned(),
            (DocxError::Ole, Lang::En) => "this is a Word 97-2003 (.doc), WPS (.wps) or encrypted file".to_owned(),
            (DocxError::Zip(detail), Lang::En) => format!("damaged zip: {}", zip_damage(detail, lang)),
            (_, Lang::En) => self.to_string(),
            (DocxError::NotZip, _) => "不是 .docx 文件（内容不是 Word 文档格式）".to_owned(),
            (DocxError::Ole, _) => "这是 Word 97-2003（.doc）、WPS（.wps）或加密文档".to_owned(),
            (DocxError::MissingDocument, _) => "压缩包中没有 Word 正文（word/document.xml），不是 Word 文档".to_owned(),
            (DocxError::MissingContentTypes, _) => {
                "文件已损坏：缺少 [Content_Types].xml（内容类型清单），Word 无法打开".to_owned()
            }
            (DocxError::DuplicatePart(name), _) => {
                format!("文件已损坏：压缩包中有两个同名部件 {}", crate::diag::printable(name))
            }
            (DocxError::TooDeep { part, limit, elements }, _) => format!(
                "{} 的嵌套层数超过 {limit} 层（{}），不像正常的 Word 文档",
                crate::diag::printable(part),
                if *elements { "XML 元素层层嵌套" } else { "表格、文本框或段落层层嵌套" }
            ),
            (DocxError::TooMuch(what), _) => {
                format!("文档中的{}，远超正常的申报书，可能已损坏或被恶意构造", what.more_than(lang))
            }
            (DocxError::TooLarge { part, limit }, _) => {
                let part = crate::diag::printable(part);
                format!("{part} 解压后超过 {} MB，不像正常的 Word 文档", limit / (1024 * 1024))
            }
            (DocxError::Xml { part, position, message }, _) => {
                let (part, message) = (crate::diag::printable(part), crate::diag::printable(message));
                format!("文档内部数据已损坏（{part} 第 {position} 字节：{message}）")
            }
            (DocxError::TooManyEntries { entries, bytes }, _) => format!(
                "压缩包中列有 {entries} 个部件（中央目录 {} KiB），远超正常的 Word 文档（上限 {} 个、{} MiB），\
                 可能已损坏或被恶意构造",
                bytes >> 10,
                super::zip_extent::DOCX_MAX_ENTRIES,
                super::zip_extent::DOCX_MAX_DIRECTORY >> 20
            ),
            (DocxError::Zip(detail), _) => format!("文件已损坏，无法解压（{}）", zip_damage(detail, lang)),
            (DocxError::Io(e), _) => {
                format!("无法读取文件：{}", crate::diag::IoProblem::from(e).worded(crate::diag::Lang::Zh))
            }
        }
    }
}

/// The zip crate's words for the usual kinds of damage, said plainly in `lang`; anything else as it is.
fn zip_damage(detail: &str, lang: crate::diag::Lang) -> String {
    let lower = detail.to_ascii_lowercase();
    let (zh, en) = if lower.contains("eocd") || lower.contains("central directory") {
        (
            "文件不完整，结尾缺失，可能在下载或复制时中断",
            "the file is incomplete, its end is missing: the download or copy may have been cut short",
        )
    } else if lower.contains("checksum") {
        ("内容校验失败", "a checksum does not match")
    } else if lower.contains("larger than its declared") {
        (
            "解压出的数据超过文件自己记录的大小，可能是恶意构造的压缩包",
            "it inflates to more than it declares: the zip may have been made to hurt",
        )
    } else if lower.contains("ends early") {
        ("压缩数据不完整", "the compressed data ends early")
    } else {
        return crate::diag::printable(detail).into_owned();
    };
    lang.pick(zh, en).to_owned()
}

/// How much of the package [`read_docx_with`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scope {
    /// Everything the checks use.
    #[default]
    Full,
    /// What the text and its 字数 depend on: the document, styles, notes and settings. Comments are
    /// not counted and the properties (docProps) are not read: `shenbao count` needs neither.
    Text,
}

/// Reads a .docx from memory.
pub fn read_docx(bytes: &[u8]) -> Result<Document, DocxError> {
    stream::read(bytes, Scope::Full)
}

/// Reads a .docx from memory, only as far as `scope` needs.
pub fn read_docx_with(bytes: &[u8], scope: Scope) -> Result<Document, DocxError> {
    stream::read(bytes, scope)
}

pub mod layout;
mod stream;

pub use layout::PageEstimate;
/// The pull scanner, shared with `clean`'s streaming rewrite.
pub(crate) mod xml;
