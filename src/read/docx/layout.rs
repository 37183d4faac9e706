//! How many pages a .docx prints on, estimated from its layout: page size and margins (`w:sectPr`), font
//! sizes (`w:sz`, through styles and document defaults), line spacing (`w:spacing` line/lineRule, the
//! document grid `w:docGrid` and a paragraph's `w:snapToGrid` opting out of it), columns (`w:cols`),
//! spacing before and after, indents, tables (rows as high as their tallest cell), page and section
//! breaks (`w:br w:type="page"`, `w:pageBreakBefore`) and pictures (`wp:extent`).
//!
//! It is an estimate: characters are given the width of their class (a Han character one em, Latin half an
//! em), lines wrap by character, and fonts' own metrics are not known. Measured against LibreOffice on the
//! fixtures and some real documents it stays within about a fifth of the page count
//! (tests/page_estimate.rs), which is what comparing a scan's page count with its Word needs.
//!
//! The walk is one pass over document.xml per section list and one over styles.xml; its memory is a few
//! numbers per open table and per style, bounded by the reader's own caps.

use std::collections::HashMap;

use super::xml::{Scanner, Tag, Token};

/// The estimate for a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PageEstimate {
    /// Pages, at least 1.
    pub pages: u32,
}

/// Twips (twentieths of a point) per EMU (drawing units): 914 400 EMU = 1 inch = 1440 twips.
const EMU_PER_TWIP: f64 = 635.0;
/// A single line is this many times the font size (Word's and LibreOffice's common CJK fonts: 1.2–1.3).
const SINGLE_LINE: f64 = 1.25;
/// Word's font size when nothing says otherwise: 10 pt, in half-points.
const DEFAULT_SIZE: f64 = 20.0;
/// Word's default cell margins left and right (0.19 cm), in twips.
const CELL_MARGINS: f64 = 2.0 * 108.0;
/// Styles followed up a `w:basedOn` chain.
const MAX_CHAIN: usize = 16;
/// Tables nested in tables followed for their height; deeper ones count as their text.
const MAX_TABLE_DEPTH: usize = 64;
/// Share of a page's height that text fills on average: lines are not split across pages, and
/// paragraphs kept together or with the next leave the foot of a page empty.
const FILL: f64 = 0.98;

/// Paragraph and run properties as written in a style, a paragraph's `w:pPr` or a run's `w:rPr`.
#[derive(Debug, Clone, Copy, Default)]
struct Props {
    /// Half-points.
    size: Option<f64>,
    before: Option<f64>,
    after: Option<f64>,
    /// `w:beforeLines` / `w:afterLines`, in hundredths of a line.
    before_lines: Option<f64>,
    after_lines: Option<f64>,
    line: Option<f64>,
    rule: Option<LineRule>,
    break_before: Option<bool>,
    /// Indents in twips: left + right, and the first line's (negative when hanging).
    sides: Option<f64>,
    first: Option<f64>,
    /// `w:firstLineChars`, in hundredths of a character.
    first_chars: Option<f64>,
    vanish: Option<bool>,
    /// `w:snapToGrid`: off, the paragraph's lines keep their own height on a document grid.
    snap: Option<bool>,
}

impl Props {
    /// `self` over `base`: what `self` leaves unsaid, `base` says.
    fn over(self, base: Props) -> Props {
        Props {
            size: self.size.or(base.size),
            before: self.before.or(base.before),
            after: self.after.or(base.after),
            before_lines: self.before_lines.or(base.before_lines),
            after_lines: self.after_lines.or(base.after_lines),
            line: self.line.or(base.line),
            rule: self.rule.or(base.rule),
            break_before: self.break_before.or(base.break_before),
            sides: self.sides.or(base.sides),
            first: self.first.or(base.first),
            first_chars: self.first_chars.or(base.first_chars),
            vanish: self.vanish.or(base.vanish),
            snap: self.snap.or(base.snap),
        }
    }

    /// Reads one property element (`w:sz`, `w:spacing`, `w:ind`, …) into `self`.
    fn read(&mut self, tag: &Tag<'_>) {
        let num = |key: &str| tag.attr(key).and_then(|v| v.trim().parse::<f64>().ok()).filter(|v| v.is_finite());
        match tag.local() {
            "sz" => self.size = num("val").filter(|v| (1.0..=3276.0).contains(v)),
            "spacing" => {
                self.before = num("before").or(self.before);
                self.after = num("after").or(self.after);
                self.before_lines = num("beforeLines").or(self.before_lines);
                self.after_lines = num("afterLines").or(self.after_lines);
                self.line = num("line").or(self.line);
                if let Some(rule) = tag.attr("lineRule") {
                    self.rule = Some(match rule.as_ref() {
                        "exact" => LineRule::Exact,
                        "atLeast" => LineRule::AtLeast,
                        _ => LineRule::Auto,
                    });
                }
            }
            "ind" => {
                let side = |a: &str, b: &str| num(a).or_else(|| num(b)).unwrap_or(0.0);
                if ["left", "start", "right", "end"].iter().any(|k| tag.attr(k).is_some()) {
                    self.sides = Some(side("left", "start") + side("right", "end"));
                }
                if let Some(first) = num("firstLine") {
                    self.first = Some(first);
                }
                if let Some(hanging) = num("hanging") {
                    self.first = Some(-hanging);
                }
                self.first_chars = num("firstLineChars").or(self.first_chars);
            }
            "pageBreakBefore" => self.break_before = Some(on(tag)),
            "vanish" => self.vanish = Some(on(tag)),
            "snapToGrid" => self.snap = Some(on(tag)),
            _ => {}
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineRule {
    /// `line` is in 240ths of a single line.
    Auto,
    /// `line` is the height in twips.
    Exact,
    /// `line` is the least height in twips.
    AtLeast,
}

/// A toggle property: on unless `w:val` says off.
fn on(tag: &Tag<'_>) -> bool {
    !tag.attr("val").is_some_and(|v| matches!(v.as_ref(), "0" | "false" | "off"))
}

/// The styles as far as layout goes, each resolved through its `w:basedOn` chain.
#[derive(Debug, Default)]
pub(super) struct LayoutStyles {
    styles: HashMap<String, Props>,
    /// The document defaults under the default paragraph style.
    default_para: Props,
    /// The document defaults alone (`w:docDefaults`).
    defaults: Props,
}

impl LayoutStyles {
    fn paragraph(&self, id: Option<&str>) -> Props {
        match id.and_then(|id| self.styles.get(id)) {
            Some(style) => style.over(self.defaults),
            None => self.default_para,
        }
    }

    fn character(&self, id: Option<&str>) -> Props {
        id.and_then(|id| self.styles.get(id)).copied().unwrap_or_default()
    }
}

/// Reads styles.xml for layout. A malformed part gives what was read before the fault.
pub(super) fn styles(xml: &str) -> LayoutStyles {
    struct Raw {
        props: Props,
        based_on: Option<String>,
        default_para: bool,
    }
    let mut raw: HashMap<String, Raw> = HashMap::new();
    let mut defaults = Props::default();
    let mut current: Option<(String, Raw)> = None;
    let mut in_defaults = false;
    let mut scanner = Scanner::new(xml);
    let mut depth = 0usize;
    let mut style_depth = None;
    while let Ok(Some(token)) = scanner.next() {
        let (tag, empty) = match token {
            Token::Start(tag) => (tag, false),
            Token::Empty(tag) => (tag, true),
            Token::End => {
                depth = depth.saturating_sub(1);
                if style_depth == Some(depth) {
                    style_depth = None;
                    if let Some((id, style)) = current.take() {
                        raw.insert(id, style);
                    }
                }
                if depth <= 1 {
                    in_defaults = false;
                }
                continue;
            }
            _ => continue,
        };
        match tag.local() {
            "style" if depth == 1 => {
                let id = tag.attr("styleId").map(|v| v.into_owned()).unwrap_or_default();
                let default_para = tag.attr("type").is_some_and(|t| t == "paragraph")
                    && tag.attr("default").is_some_and(|d| matches!(d.as_ref(), "1" | "true" | "on"));
                current = Some((id, Raw { props: Props::default(), based_on: None, default_para }));
                style_depth = Some(depth);
            }
            "docDefaults" if depth == 1 => in_defaults = true,
            "basedOn" => {
                if let Some((_, style)) = current.as_mut() {
                    style.based_on = tag.attr("val").map(|v| v.into_owned());
                }
            }
            _ => {
                if let Some((_, style)) = current.as_mut() {
                    style.props.read(&tag);
                } else if in_defaults {
                    defaults.read(&tag);
                }
            }
        }
        if !empty {
            depth += 1;
        }
    }
    let resolve = |id: &str| {
        let mut props = Props::default();
        let mut next = Some(id);
        for _ in 0..MAX_CHAIN {
            let Some(style) = next.and_then(|id| raw.get(id)) else { break };
            props = props.over(style.props);
            next = style.based_on.as_deref();
        }
        props
    };
    let styles: HashMap<String, Props> = raw.keys().map(|id| (id.clone(), resolve(id))).collect();
    let default_para = raw
        .iter()
        .find(|(_, s)| s.default_para)
        .and_then(|(id, _)| styles.get(id))
        .map_or(defaults, |p| p.over(defaults));
    LayoutStyles { styles, default_para, defaults }
}

/// One section's page: the width of its columns and its printable height, and its line grid, in twips.
#[derive(Debug, Clone, Copy)]
struct Page {
    /// The width text flows in: a column's (the page's printable width when there is one column).
    width: f64,
    height: f64,
    /// Columns (`w:cols`): text fills each in turn, so a page holds this many columns' height.
    columns: f64,
    /// `w:docGrid w:linePitch` when the grid snaps lines (`w:type` lines or linesAndChars).
    pitch: Option<f64>,
    /// A new section starts a new page (`w:type` other than continuous).
    new_page: bool,
}

impl Default for Page {
    /// Word's default: A4 with 2.54 cm / 3.17 cm margins.
    fn default() -> Self {
        Page {
            width: 11906.0 - 2.0 * 1800.0,
            height: 16838.0 - 2.0 * 1440.0,
            columns: 1.0,
            pitch: None,
            new_page: true,
        }
    }
}

/// A `w:sectPr` being read: the page as far as read, its size and margins (top, bottom, left, right) in
/// twips, and the depth it ends at.
struct SectionReading {
    page: Page,
    size: (f64, f64),
    margins: [f64; 4],
    /// `w:cols`: how many, and the space between them; the widths of `w:col` children, when given.
    columns: (f64, f64),
    column_widths: Vec<f64>,
    depth: usize,
}

impl SectionReading {
    /// Word's defaults until the element says otherwise: A4, 2.54 cm top and bottom, 3.17 cm at the sides.
    fn new(depth: usize) -> Self {
        SectionReading {
            page: Page::default(),
            size: (11906.0, 16838.0),
            margins: [1440.0, 1440.0, 1800.0, 1800.0],
            columns: (1.0, 720.0),
            column_widths: Vec::new(),
            depth,
        }
    }

    /// Reads one child of the `w:sectPr`.
    fn read(&mut self, tag: &Tag<'_>) {
        let num = |key: &str| tag.attr(key).and_then(|v| v.trim().parse::<f64>().ok()).filter(|v| v.is_finite());
        match tag.local() {
            "pgSz" => self.size = (num("w").unwrap_or(self.size.0), num("h").unwrap_or(self.size.1)),
            "pgMar" => {
                for (slot, key) in self.margins.iter_mut().zip(["top", "bottom", "left", "right"]) {
                    *slot = num(key).map_or(*slot, f64::abs);
                }
            }
            "docGrid" => {
                let snaps =
                    tag.attr("type").is_some_and(|t| matches!(t.as_ref(), "lines" | "linesAndChars" | "snapToChars"));
                self.page.pitch = num("linePitch").filter(|p| snaps && *p > 0.0);
            }
            "type" => self.page.new_page = tag.attr("val").is_none_or(|v| v != "continuous"),
            // Word's default space between columns is 720 twips (1.27 cm).
            "cols" => {
                self.columns = (num("num").unwrap_or(1.0).clamp(1.0, 45.0).floor(), num("space").unwrap_or(720.0))
            }
            "col" if self.column_widths.len() < 45 => {
                if let Some(w) = num("w").filter(|w| *w > 0.0) {
                    self.column_widths.push(w);
                }
            }
            _ => {}
        }
    }

    fn finish(self) -> Page {
        let [top, bottom, left, right] = self.margins;
        let printable = (self.size.0 - left - right).max(1440.0);
        // Columns of their own widths (`w:equalWidth="0"`), else as many equal ones as `w:num` says.
        let (columns, width) = if self.column_widths.is_empty() {
            let (n, space) = self.columns;
            (n, (printable - (n - 1.0) * space.clamp(0.0, printable)) / n)
        } else {
            let n = self.column_widths.len() as f64;
            (n, self.column_widths.iter().sum::<f64>() / n)
        };
        Page {
            width: width.clamp(240.0, printable),
            height: (self.size.1 - top - bottom).max(1440.0),
            columns,
            ..self.page
        }
    }
}

/// The sections of the document, in order: each `w:sectPr` closes the section before it.
fn sections(xml: &str) -> Vec<Page> {
    let mut out = Vec::new();
    let mut scanner = Scanner::new(xml);
    let mut current: Option<SectionReading> = None;
    let mut depth = 0usize;
    while let Ok(Some(token)) = scanner.next() {
        match token {
            Token::Start(tag) | Token::Empty(tag) => {
                let empty = matches!(token, Token::Empty(_));
                match current.as_mut() {
                    None if tag.local() == "sectPr" => current = Some(SectionReading::new(depth)),
                    Some(section) => section.read(&tag),
                    None => {}
                }
                if !empty {
                    depth += 1;
                } else if tag.local() == "sectPr" {
                    out.extend(current.take().map(SectionReading::finish));
                }
            }
            Token::End => {
                depth = depth.saturating_sub(1);
                if current.as_ref().is_some_and(|c| c.depth == depth) {
                    out.extend(current.take().map(SectionReading::finish));
                }
            }
            _ => {}
        }
    }
    out
}

/// A flow of blocks: the body, or a table cell.
#[derive(Debug, Default)]
struct Flow {
    width: f64,
    height: f64,
}

/// A table being laid out.
#[derive(Debug, Default)]
struct TableState {
    /// `w:gridCol` widths.
    grid: Vec<f64>,
    /// Height of the rows so far.
    height: f64,
    /// The current row: its tallest cell, its `w:trHeight`, the grid column the next cell starts at.
    row: f64,
    row_least: f64,
    column: usize,
    /// The cell being read: its `w:gridSpan` and `w:tcW`.
    span: usize,
    cell_width: Option<f64>,
}

/// The paragraph being read.
#[derive(Debug, Default)]
struct Para {
    props: Props,
    style: Option<String>,
    /// Run properties of the run being read, and its character style.
    run: Props,
    run_style: Option<String>,
    /// Text of the paragraph as (width in ems, font size) pieces, and forced line ends.
    pieces: Vec<(f64, f64)>,
    /// Pictures' (width, height) in twips, in order: side by side while they fit the line.
    pictures: Vec<(f64, f64)>,
    /// The paragraph mark's size (`w:pPr/w:rPr/w:sz`): an empty paragraph's line is that high.
    mark: Option<f64>,
    /// A page break inside, and a section break at its end.
    page_break: bool,
    section_end: bool,
}

/// The document's page estimate. Bounded: one pass per part, a few numbers per open element.
pub(super) fn estimate(xml: &str, styles: &LayoutStyles) -> PageEstimate {
    let sections = sections(xml);
    let mut walk = Walk {
        styles,
        page: sections.first().copied().unwrap_or_default(),
        sections: &sections,
        section: 0,
        pages: 0,
        body: 0.0,
        flows: Vec::new(),
        tables: Vec::new(),
        para: None,
        open: Vec::new(),
        skipping: 0,
        in_ppr: 0,
    };
    walk.run(xml);
    walk.close_page();
    PageEstimate { pages: walk.pages.max(1) }
}

/// What an open element is to the layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Open {
    Paragraph,
    PPr,
    RPr,
    Table,
    Row,
    Cell,
    /// `w:t`: the text that flows.
    Text,
    /// Content that does not flow here (`mc:Fallback`, a text box, section properties, deleted text).
    Skip,
    Other,
}

struct Walk<'a> {
    styles: &'a LayoutStyles,
    page: Page,
    sections: &'a [Page],
    section: usize,
    /// Pages filled so far, and the body's height on the open one.
    pages: u32,
    body: f64,
    /// Table cells being read, innermost last (the body is not among them).
    flows: Vec<Flow>,
    tables: Vec<TableState>,
    para: Option<Para>,
    open: Vec<Open>,
    /// How many of `open` are [`Open::Skip`] and [`Open::PPr`]: asked at every element, so counted
    /// rather than searched (elements may nest hundreds of thousands deep).
    skipping: usize,
    in_ppr: usize,
}

impl Walk<'_> {
    fn run(&mut self, xml: &str) {
        let mut scanner = Scanner::new(xml);
        while let Ok(Some(token)) = scanner.next() {
            match token {
                Token::Start(tag) => {
                    let kind = self.start(&tag, false);
                    self.skipping += usize::from(kind == Open::Skip);
                    self.in_ppr += usize::from(kind == Open::PPr);
                    self.open.push(kind);
                }
                Token::Empty(tag) => {
                    self.start(&tag, true);
                }
                Token::End => {
                    let kind = self.open.pop().unwrap_or(Open::Other);
                    self.skipping -= usize::from(kind == Open::Skip);
                    self.in_ppr -= usize::from(kind == Open::PPr);
                    self.end(kind);
                }
                Token::Text(text) => self.text(text),
                Token::CData(_) => {}
            }
        }
    }

    fn inside(&self, kind: Open) -> bool {
        match kind {
            Open::Skip => self.skipping > 0,
            Open::PPr => self.in_ppr > 0,
            _ => self.open.contains(&kind),
        }
    }

    /// An element starts; what it is to the layout.
    fn start(&mut self, tag: &Tag<'_>, empty: bool) -> Open {
        let local = tag.local();
        if self.inside(Open::Skip) {
            return Open::Other;
        }
        if self.open.last() == Some(&Open::PPr) || self.open.last() == Some(&Open::RPr) || self.inside(Open::PPr) {
            return self.property(tag);
        }
        match local {
            "Fallback" | "txbxContent" | "sectPr" | "delText" | "instrText" => Open::Skip,
            "p" => {
                if empty {
                    let props = self.styles.default_para;
                    self.block(lines_height(props, props.size.unwrap_or(DEFAULT_SIZE), self.page.pitch, 1.0));
                } else {
                    self.para = Some(Para::default());
                }
                Open::Paragraph
            }
            "pPr" => Open::PPr,
            "t" => Open::Text,
            "rPr" => Open::RPr,
            "r" => {
                if let Some(para) = self.para.as_mut() {
                    (para.run, para.run_style) = (Props::default(), None);
                }
                Open::Other
            }
            "br" | "cr" => {
                let page = tag.attr("type").is_some_and(|t| t == "page");
                let size = self.run_size();
                if let Some(para) = self.para.as_mut() {
                    para.page_break |= page && self.tables.is_empty();
                    para.pieces.push((f64::INFINITY, size));
                }
                Open::Other
            }
            "tab" => {
                self.push_text(2.0);
                Open::Other
            }
            "extent" => {
                let emu = |key: &str| {
                    let v = tag.attr(key).and_then(|v| v.trim().parse::<f64>().ok()).filter(|v| v.is_finite());
                    (v.unwrap_or(0.0) / EMU_PER_TWIP).clamp(0.0, 40_000.0)
                };
                if let Some(para) = self.para.as_mut().filter(|p| p.pictures.len() < 10_000) {
                    para.pictures.push((emu("cx"), emu("cy")));
                }
                Open::Other
            }
            "tbl" if !empty && self.tables.len() < MAX_TABLE_DEPTH && self.flows.len() == self.tables.len() => {
                self.tables.push(TableState::default());
                Open::Table
            }
            "tr" if !empty && self.flows.len() < self.tables.len() => {
                if let Some(table) = self.tables.last_mut() {
                    (table.row, table.row_least, table.column) = (0.0, 0.0, 0);
                }
                Open::Row
            }
            "tc" if !empty && !self.tables.is_empty() && self.flows.len() < self.tables.len() => {
                if let Some(table) = self.tables.last_mut() {
                    (table.span, table.cell_width) = (1, None);
                }
                self.flows.push(Flow::default());
                Open::Cell
            }
            _ => {
                self.table_property(tag);
                Open::Other
            }
        }
    }

    /// A child of `w:pPr` or `w:rPr` (or deeper).
    fn property(&mut self, tag: &Tag<'_>) -> Open {
        let last = self.open.last().copied();
        let in_run = last == Some(Open::RPr) && !self.inside(Open::PPr);
        let Some(para) = self.para.as_mut() else { return Open::Other };
        match (in_run, tag.local()) {
            (_, "sectPr") => {
                para.section_end = true;
                return Open::Skip;
            }
            (false, "rPr") => return Open::RPr,
            (false, "pStyle") => para.style = tag.attr("val").map(|v| v.into_owned()),
            (false, "sz") if last == Some(Open::RPr) => {
                let mut mark = Props::default();
                mark.read(tag);
                para.mark = mark.size;
            }
            (false, _) if last == Some(Open::PPr) => para.props.read(tag),
            (true, "rStyle") => para.run_style = tag.attr("val").map(|v| v.into_owned()),
            (true, _) => para.run.read(tag),
            _ => {}
        }
        Open::Other
    }

    /// `w:gridCol`, `w:tr`, `w:trHeight`, `w:gridSpan`, `w:tcW` of the innermost table.
    fn table_property(&mut self, tag: &Tag<'_>) {
        let Some(table) = self.tables.last_mut() else { return };
        let num = |key: &str| tag.attr(key).and_then(|v| v.trim().parse::<f64>().ok()).filter(|v| v.is_finite());
        match tag.local() {
            "gridCol" if table.grid.len() < 1000 => {
                if let Some(w) = num("w").filter(|w| *w > 0.0) {
                    table.grid.push(w);
                }
            }
            "trHeight" => table.row_least = num("val").unwrap_or(0.0).clamp(0.0, 40_000.0),
            "gridSpan" => table.span = num("val").map_or(1, |n| n.clamp(1.0, 1000.0) as usize),
            "tcW" if tag.attr("type").is_none_or(|t| t == "dxa") => {
                table.cell_width = num("w").filter(|w| *w > 0.0);
            }
            _ => {}
        }
    }

    /// An element ends.
    fn end(&mut self, kind: Open) {
        match kind {
            Open::Paragraph => self.end_paragraph(),
            Open::Cell => {
                let flow = self.flows.pop().unwrap_or_default();
                if let Some(table) = self.tables.last_mut() {
                    table.row = table.row.max(flow.height);
                    table.column += table.span;
                }
            }
            Open::Table => {
                if let Some(table) = self.tables.pop() {
                    self.block(table.height + table.row_end());
                }
            }
            Open::Row => {
                if let Some(table) = self.tables.last_mut() {
                    table.height += table.row_end();
                    (table.row, table.row_least, table.column) = (0.0, 0.0, 0);
                }
            }
            Open::PPr | Open::RPr | Open::Skip | Open::Text | Open::Other => {}
        }
    }

    fn end_paragraph(&mut self) {
        let Some(para) = self.para.take() else { return };
        let style = self.styles.paragraph(para.style.as_deref());
        let props = para.props.over(style);
        let mark = para.mark.or(props.size).unwrap_or(DEFAULT_SIZE);
        let size = para.pieces.iter().map(|p| p.1).fold(0.0, f64::max);
        let size = if size > 0.0 { size } else { mark };
        let width = self.width();
        let sides = props.sides.unwrap_or(0.0);
        let first = props.first_chars.map_or(props.first.unwrap_or(0.0), |c| c / 100.0 * size * 10.0);
        let room = (width - sides).max(size * 10.0);
        let mut lines = 1.0;
        let mut used = first.max(0.0);
        let mut empty_line = true;
        for &(ems, piece_size) in &para.pieces {
            if ems.is_infinite() {
                lines += 1.0;
                used = 0.0;
                continue;
            }
            let mut twips = ems * piece_size * 10.0;
            empty_line = false;
            while used + twips > room {
                twips -= room - used;
                lines += 1.0;
                used = 0.0;
            }
            used += twips;
        }
        let pictures = picture_rows(&para.pictures, room);
        if pictures > 0.0 && empty_line && lines <= 1.0 {
            lines = 0.0;
        }
        // `w:snapToGrid w:val="0"`: the paragraph's lines keep their own height on a grid.
        let pitch = self.page.pitch.filter(|_| props.snap != Some(false));
        let unit = lines_height(props, size, pitch, 1.0);
        let grid_line = self.page.pitch.unwrap_or(size * 10.0 * SINGLE_LINE);
        let before = props.before_lines.map_or(props.before.unwrap_or(0.0), |l| l / 100.0 * grid_line);
        let after = props.after_lines.map_or(props.after.unwrap_or(0.0), |l| l / 100.0 * grid_line);
        let in_body = self.flows.is_empty();
        if in_body && props.break_before == Some(true) {
            self.close_page();
        }
        self.block(lines * unit + pictures + before.max(0.0) + after.max(0.0));
        if in_body && para.page_break {
            self.close_page();
        }
        if in_body && para.section_end {
            self.section += 1;
            let next = self.sections.get(self.section).copied().unwrap_or(self.page);
            if next.new_page {
                self.close_page();
            }
            self.page = next;
        }
    }

    fn run_size(&self) -> f64 {
        let Some(para) = self.para.as_ref() else { return DEFAULT_SIZE };
        let style = self.styles.paragraph(para.style.as_deref());
        para.run
            .size
            .or(self.styles.character(para.run_style.as_deref()).size)
            .or(para.props.size)
            .or(style.size)
            .unwrap_or(DEFAULT_SIZE)
    }

    fn text(&mut self, raw: &str) {
        if self.open.last() != Some(&Open::Text) || self.inside(Open::Skip) {
            return;
        }
        let Some(para) = self.para.as_ref() else { return };
        let hidden = para.run.vanish.or(self.styles.character(para.run_style.as_deref()).vanish).unwrap_or(false);
        if hidden {
            return;
        }
        let ems: f64 = super::xml::text(raw).chars().map(char_width).sum();
        self.push_text(ems);
    }

    fn push_text(&mut self, ems: f64) {
        let size = self.run_size();
        if let Some(para) = self.para.as_mut() {
            para.pieces.push((ems, size));
        }
    }

    /// A block of `height` twips in the current flow.
    fn block(&mut self, height: f64) {
        match self.flows.last_mut() {
            Some(flow) => flow.height += height,
            None => {
                let room = self.page.height * FILL * self.page.columns;
                self.body += height;
                while self.body > room {
                    self.body -= room;
                    self.pages = self.pages.saturating_add(1);
                }
            }
        }
    }

    /// A page break in the body: the open page closes.
    fn close_page(&mut self) {
        if self.body > 0.0 {
            self.pages = self.pages.saturating_add(1);
        }
        self.body = 0.0;
    }

    /// The width text flows in: the innermost cell's (its `w:tcW`, else its grid columns, else half
    /// of what holds the table), less the cell's margins; else the page's.
    fn width(&self) -> f64 {
        let mut width = self.page.width;
        for (flow, table) in self.flows.iter().zip(&self.tables) {
            let grid: f64 = table.grid.iter().skip(table.column).take(table.span).sum();
            let cell = match (flow.width, table.cell_width) {
                (w, _) if w > 0.0 => w,
                (_, Some(w)) => w,
                _ if grid > 0.0 => grid,
                _ => width / 2.0,
            };
            width = (cell.min(width) - CELL_MARGINS).max(240.0);
        }
        width
    }
}

impl TableState {
    /// The height the current row adds.
    fn row_end(&self) -> f64 {
        if self.column == 0 {
            return 0.0;
        }
        self.row.max(self.row_least)
    }
}

/// The height of a paragraph's pictures laid side by side in rows of `room` twips.
fn picture_rows(pictures: &[(f64, f64)], room: f64) -> f64 {
    let (mut total, mut row, mut used) = (0.0, 0.0_f64, 0.0);
    for &(w, h) in pictures {
        if used > 0.0 && used + w > room {
            total += row;
            (row, used) = (0.0, 0.0);
        }
        row = row.max(h);
        used += w;
    }
    total + row
}

/// Width of a character in ems: CJK and full-width forms one, Latin about half.
fn char_width(c: char) -> f64 {
    match c {
        '\n' | '\r' => 0.0,
        ' ' => 0.25,
        'i' | 'l' | 'j' | 't' | 'f' | 'r' | '.' | ',' | ':' | ';' | '\'' | '!' | '|' => 0.3,
        'm' | 'w' | 'M' | 'W' => 0.8,
        c if c.is_ascii_uppercase() => 0.65,
        c if c.is_ascii() => 0.5,
        '\u{2018}'..='\u{201D}' => 0.5,
        c if u32::from(c) >= 0x2E80 => 1.0,
        _ => 0.55,
    }
}

/// The height of `lines` lines of a paragraph with `props` and font size `size`, on a grid of `pitch`.
fn lines_height(props: Props, size: f64, pitch: Option<f64>, lines: f64) -> f64 {
    // Half-points to twips: ×10.
    let natural = size * 10.0 * SINGLE_LINE;
    let line = match (props.rule.unwrap_or(LineRule::Auto), props.line) {
        (LineRule::Exact, Some(line)) if line > 0.0 => line,
        (LineRule::AtLeast, Some(line)) => line.max(natural),
        (LineRule::Auto, line) => {
            let multiple = line.filter(|l| *l > 0.0).map_or(1.0, |l| l / 240.0).clamp(0.25, 10.0);
            match pitch {
                Some(pitch) => (natural / pitch).ceil() * pitch * multiple,
                None => natural * multiple,
            }
        }
        _ => natural,
    };
    lines * line
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pages of `count` one-line paragraphs (ten characters of 12 pt) with `ppr`, in a section with `section`.
    fn pages(section: &str, ppr: &str, count: usize) -> u32 {
        let paragraph = format!(
            r#"<w:p><w:pPr>{ppr}</w:pPr><w:r><w:rPr><w:sz w:val="24"/></w:rPr><w:t>{}</w:t></w:r></w:p>"#,
            "数".repeat(10)
        );
        let xml = format!(
            r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:bottom="1440" w:left="1800" w:right="1800"/>{section}</w:sectPr></w:body></w:document>"#,
            paragraph.repeat(count)
        );
        estimate(&xml, &styles("")).pages
    }

    #[test]
    fn columns_hold_their_share_of_a_page_each() {
        // 45 lines of 15 pt fill a column of 13 958 twips.
        assert_eq!(pages("", "", 450), 10);
        assert_eq!(pages(r#"<w:cols w:num="2" w:space="425"/>"#, "", 450), 5);
        assert_eq!(pages(r#"<w:cols w:num="3" w:space="425"/>"#, "", 450), 4);
        let unequal =
            r#"<w:cols w:num="2" w:equalWidth="0"><w:col w:w="2500" w:space="720"/><w:col w:w="5000"/></w:cols>"#;
        assert_eq!(pages(unequal, "", 450), 5);
        // Narrow columns wrap the ten characters onto two lines.
        assert_eq!(pages(r#"<w:cols w:num="4" w:space="720"/>"#, "", 450), 5);
    }

    #[test]
    fn a_line_grid_snaps_lines_unless_the_paragraph_opts_out() {
        let grid = r#"<w:docGrid w:type="lines" w:linePitch="498"/>"#;
        // 28 lines a page on the grid, 45 off it.
        assert_eq!(pages(grid, "", 280), 11);
        assert_eq!(pages(grid, r#"<w:snapToGrid w:val="0"/>"#, 280), 7);
        assert_eq!(pages(grid, r#"<w:snapToGrid/>"#, 280), 11);
        // A grid of no type does not snap.
        assert_eq!(pages(r#"<w:docGrid w:linePitch="498"/>"#, "", 280), 7);
    }
}
