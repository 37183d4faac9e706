//! The streaming rewrite of a WordprocessingML part (document, headers, footers, notes, settings…):
//! tracked changes accepted, comment anchors removed, rsid attributes dropped, hidden runs optionally
//! removed. One scanner pass, output appended to one string; no DOM.
//!
//! What needs a look back is done by moving what was already written, never by recursion: a deleted
//! row or a removed hidden run is cut off the end of the output when it closes, and paragraphs joined
//! through a deleted paragraph mark (see [`Chain`]) get the surviving paragraph's start and `w:pPr`
//! moved in front of their runs once, when the chain ends. Every stack is a `Vec`.

use crate::read::docx::xml::{self, Scanner, Tag, Token};
use crate::read::docx::MAX_NESTING;

/// What one part's rewrite did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PartTally {
    /// Tracked changes accepted: insertions, deletions, moves, deleted paragraph marks and rows,
    /// formatting and property changes.
    pub revisions: usize,
    /// Comment anchors removed (range starts and ends, references).
    pub comment_anchors: usize,
    /// Runs hidden with `w:vanish` (kept, or removed with `--remove-hidden`).
    pub hidden_runs: usize,
    /// rsid attributes and the `w:rsids` table removed.
    pub rsids: usize,
    /// settings.xml: `w:attachedTemplate` (a path on the author's machine) removed.
    pub template: bool,
}

/// Why a part could not be rewritten.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoryError {
    /// Malformed XML at a byte offset.
    Xml { position: u64, message: String, too_deep: bool },
    /// Paragraphs, tables and text boxes nested past [`MAX_NESTING`].
    TooDeep,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Paragraph,
    Table,
    Row,
    Run,
    TextBox,
    /// `w:pPr`, `w:rPr`, `w:trPr`, … (any `…Pr`): property containers, where `w:ins`/`w:del` are marks.
    Properties,
    Other,
}

struct Frame<'a> {
    name: &'a str,
    kind: Kind,
    /// The tag itself was not written (an accepted `w:ins`): nor is its end.
    unwrapped: bool,
    /// Where this element's output begins.
    start: usize,
    /// Paragraph: its mark is deleted; row: deleted; run: hidden.
    marked: bool,
    /// Paragraph: its head (start tag and `w:pPr`) is complete (see [`Chain`]).
    head_done: bool,
    /// Paragraph: it continues a chain of joined paragraphs.
    joined: bool,
    /// Run: a child was dropped (a comment reference, a revision mark).
    emptied: bool,
    /// Run: it holds something besides its `w:rPr` (text, a break, a drawing…).
    content: bool,
}

/// Paragraphs joined as Word joins them when a deleted paragraph mark is accepted: the runs of every
/// paragraph in the chain, in order, in one paragraph that takes the start tag and `w:pPr` of the
/// paragraph whose mark survives (the last). `start` is where the joined paragraph begins in the
/// output; `head` the latest head seen, used when the chain ends without a surviving mark (the last
/// paragraph of a cell or of the body).
struct Chain {
    depth: usize,
    start: usize,
    head: String,
}

/// Options of a rewrite.
#[derive(Debug, Clone, Copy, Default)]
pub struct StoryOptions {
    pub remove_hidden: bool,
    /// The part is settings.xml: drop `w:rsids` and `w:attachedTemplate`, set `w:removePersonalInformation`.
    pub settings: bool,
}

/// Property changes: accepting one keeps the current properties and drops the record of the old ones.
const PROPERTY_CHANGES: [&str; 9] = [
    "rPrChange",
    "pPrChange",
    "sectPrChange",
    "tblPrChange",
    "trPrChange",
    "tcPrChange",
    "tblGridChange",
    "tblPrExChange",
    "numberingChange",
];

/// Marks dropped with their content: move ranges, custom XML revision ranges, cell revisions.
const REVISION_MARKS: [&str; 15] = [
    "moveFromRangeStart",
    "moveFromRangeEnd",
    "moveToRangeStart",
    "moveToRangeEnd",
    "customXmlInsRangeStart",
    "customXmlInsRangeEnd",
    "customXmlDelRangeStart",
    "customXmlDelRangeEnd",
    "customXmlMoveFromRangeStart",
    "customXmlMoveFromRangeEnd",
    "customXmlMoveToRangeStart",
    "customXmlMoveToRangeEnd",
    "cellIns",
    "cellDel",
    "cellMerge",
];

const COMMENT_ANCHORS: [&str; 3] = ["commentRangeStart", "commentRangeEnd", "commentReference"];

/// Children of `w:settings` that come before `w:removePersonalInformation` (CT_Settings order).
const SETTINGS_BEFORE: [&str; 3] = ["writeProtection", "view", "zoom"];

struct Rewrite<'a> {
    out: String,
    frames: Vec<Frame<'a>>,
    chains: Vec<Chain>,
    /// Paragraphs, tables and text boxes open.
    nesting: usize,
    tally: PartTally,
    opts: StoryOptions,
    /// settings.xml: `w:removePersonalInformation` still to be written.
    settings_pending: bool,
}

/// Rewrites one part. `xml` is the part's text (without a byte order mark).
pub fn rewrite(xml: &str, opts: StoryOptions) -> Result<(String, PartTally), StoryError> {
    let mut scanner = Scanner::new(xml);
    let mut w = Rewrite {
        out: String::with_capacity(xml.len() + 64),
        frames: Vec::new(),
        chains: Vec::new(),
        nesting: 0,
        tally: PartTally::default(),
        opts,
        settings_pending: opts.settings,
    };
    w.out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n");
    let fail = |e: xml::Error| StoryError::Xml { position: e.position, message: e.message, too_deep: e.too_deep };
    while let Some(token) = scanner.next().map_err(fail)? {
        match token {
            Token::Start(tag) => {
                if let Some(skip) = w.start(tag)? {
                    if skip {
                        skip_subtree(&mut scanner).map_err(fail)?;
                    }
                }
            }
            Token::Empty(tag) => w.empty(tag),
            Token::End => w.end(),
            Token::Text(text) => w.text(text),
            Token::CData(text) => {
                w.before_content();
                w.out.push_str("<![CDATA[");
                w.out.push_str(text);
                w.out.push_str("]]>");
            }
        }
    }
    Ok((w.out, w.tally))
}

/// Consumes the rest of an element whose start was just read.
fn skip_subtree(scanner: &mut Scanner<'_>) -> Result<(), xml::Error> {
    let mut depth = 1usize;
    while depth > 0 {
        match scanner.next()? {
            Some(Token::Start(_)) => depth += 1,
            Some(Token::End) => depth -= 1,
            Some(_) => {}
            // The scanner reports a part that ends inside an element; this is not reached.
            None => break,
        }
    }
    Ok(())
}

fn is_w(tag: &Tag<'_>) -> bool {
    tag.split().0 == Some("w")
}

impl<'a> Rewrite<'a> {
    fn parent(&self) -> Option<&Frame<'a>> {
        self.frames.last()
    }

    fn parent_is_properties(&self) -> bool {
        self.parent().is_some_and(|f| f.kind == Kind::Properties)
    }

    /// A token at the level of a pending chain that is not a paragraph ends the chain; the first
    /// token inside a paragraph other than its `w:pPr` completes the paragraph's head.
    fn before_sibling(&mut self, is_paragraph: bool) {
        if !is_paragraph {
            self.end_chain_here();
        }
    }

    fn end_chain_here(&mut self) {
        if self.chains.last().is_some_and(|c| c.depth == self.frames.len()) {
            if let Some(chain) = self.chains.pop() {
                self.out.insert_str(chain.start, &chain.head);
                self.out.push_str("</w:p>");
            }
        }
    }

    /// Content (not `w:pPr`) is about to be written inside the innermost element.
    fn before_content(&mut self) {
        self.end_chain_here();
        if self.frames.last().is_some_and(|f| f.kind == Kind::Paragraph && !f.head_done) {
            self.complete_head();
        }
    }

    /// The innermost paragraph's head (start tag and `w:pPr`) is written: start, continue or end a chain.
    fn complete_head(&mut self) {
        let depth = self.frames.len() - 1;
        let Some(frame) = self.frames.last_mut() else { return };
        frame.head_done = true;
        let (start, marked, joined) = (frame.start, frame.marked, frame.joined);
        match (joined, marked) {
            (false, false) => {}
            (false, true) => {
                let head = self.out.split_off(start);
                self.chains.push(Chain { depth, start, head });
            }
            (true, true) => {
                let head = self.out.split_off(start);
                if let Some(chain) = self.chains.last_mut() {
                    chain.head = head;
                }
            }
            (true, false) => {
                let head = self.out.split_off(start);
                if let Some(chain) = self.chains.pop() {
                    self.out.insert_str(chain.start, &head);
                }
            }
        }
    }

    fn push(&mut self, tag: Tag<'a>, kind: Kind, unwrapped: bool, joined: bool) {
        let start = self.out.len();
        if !unwrapped {
            self.write_tag(tag, false);
        }
        self.frames.push(Frame {
            name: tag.name(),
            kind,
            unwrapped,
            start,
            marked: false,
            head_done: false,
            joined,
            emptied: false,
            content: false,
        });
    }

    /// `Some(true)`: skip the element's subtree; `Some(false)` or `None`: go on.
    fn start(&mut self, tag: Tag<'a>) -> Result<Option<bool>, StoryError> {
        let local = tag.local();
        let w = is_w(&tag);
        if w {
            if let Some(skip) = self.dropped(local, true) {
                return Ok(Some(skip));
            }
        }
        self.run_child(w && local == "rPr");
        let joins = w && local == "p" && self.chains.last().is_some_and(|c| c.depth == self.frames.len());
        self.before_sibling(joins);
        if self.settings_pending && self.frames.len() == 1 {
            self.settings_child(local);
        }
        let kind = match (w, local) {
            (true, "p") => Kind::Paragraph,
            (true, "tbl") => Kind::Table,
            (true, "tr") => Kind::Row,
            (true, "r") => Kind::Run,
            (true, "txbxContent") => Kind::TextBox,
            (_, l) if l.ends_with("Pr") => Kind::Properties,
            _ => Kind::Other,
        };
        // A paragraph's head ends at its first child that is not w:pPr.
        if !(w && local == "pPr") {
            if let Some(f) = self.frames.last() {
                if f.kind == Kind::Paragraph && !f.head_done {
                    self.complete_head();
                }
            }
        }
        if matches!(kind, Kind::Paragraph | Kind::Table | Kind::TextBox) {
            self.nesting += 1;
            if self.nesting > MAX_NESTING {
                return Err(StoryError::TooDeep);
            }
        }
        let unwrapped = w && matches!(local, "ins" | "moveTo");
        if unwrapped {
            self.tally.revisions += 1;
        }
        self.push(tag, kind, unwrapped, joins);
        Ok(None)
    }

    /// Elements dropped whole: `Some(true)` when one starts here (its subtree is skipped), `Some(false)`
    /// for an empty one. `start`: the element has content to skip.
    fn dropped(&mut self, local: &str, start: bool) -> Option<bool> {
        let in_properties = self.parent_is_properties();
        match local {
            "del" | "moveFrom" => {
                self.tally.revisions += 1;
                if in_properties {
                    self.mark_deleted();
                }
            }
            "ins" | "moveTo" if in_properties || !start => self.tally.revisions += 1,
            l if PROPERTY_CHANGES.contains(&l) || REVISION_MARKS.contains(&l) => self.tally.revisions += 1,
            l if COMMENT_ANCHORS.contains(&l) => self.tally.comment_anchors += 1,
            "rsids" | "attachedTemplate" if self.opts.settings && self.frames.len() == 1 => {
                if local == "rsids" {
                    self.tally.rsids += 1;
                } else {
                    self.tally.template = true;
                }
            }
            _ => return None,
        }
        if let Some(run) = self.frames.last_mut().filter(|f| f.kind == Kind::Run) {
            run.emptied = true;
        }
        Some(start)
    }

    /// A `w:del` mark in `w:pPr/w:rPr` deletes the paragraph mark; in `w:trPr`, the row.
    fn mark_deleted(&mut self) {
        let n = self.frames.len();
        let names: Vec<&str> = self.frames[n.saturating_sub(2)..].iter().map(|f| f.name).collect();
        let target = match names[..] {
            [ppr, rpr] if ppr.ends_with("pPr") && rpr.ends_with("rPr") && n >= 3 => n - 3,
            [.., trpr] if trpr.ends_with("trPr") && n >= 2 => n - 2,
            _ => return,
        };
        let frame = &mut self.frames[target];
        if matches!(frame.kind, Kind::Paragraph | Kind::Row) {
            frame.marked = true;
        }
    }

    /// settings.xml: writes `w:removePersonalInformation` before the first child that follows it.
    fn settings_child(&mut self, local: &str) {
        if local == "removePersonalInformation" {
            self.settings_pending = false;
        } else if !SETTINGS_BEFORE.contains(&local) {
            self.out.push_str("<w:removePersonalInformation/>");
            self.settings_pending = false;
        }
    }

    fn empty(&mut self, tag: Tag<'a>) {
        let local = tag.local();
        let w = is_w(&tag);
        if w && self.dropped(local, false).is_some() {
            return;
        }
        self.run_child(w && local == "rPr");
        // An empty paragraph ends a chain too: it has no head to give.
        self.before_sibling(false);
        if self.settings_pending && self.frames.len() == 1 {
            self.settings_child(local);
        }
        if !(w && local == "pPr") {
            if let Some(f) = self.frames.last() {
                if f.kind == Kind::Paragraph && !f.head_done {
                    self.complete_head();
                }
            }
        }
        if w && local == "vanish" && self.is_run_properties() && !is_off(&tag) {
            if let Some(run) = self.frames.iter_mut().rev().nth(1) {
                if run.kind == Kind::Run && !run.marked {
                    run.marked = true;
                    self.tally.hidden_runs += 1;
                }
            }
        }
        self.write_tag(tag, true);
    }

    /// A child kept in the innermost element: in a run, anything but its `w:rPr` is content.
    fn run_child(&mut self, is_run_properties: bool) {
        if let Some(run) = self.frames.last_mut().filter(|f| f.kind == Kind::Run) {
            run.content |= !is_run_properties;
        }
    }

    /// The innermost element is a run's `w:rPr`.
    fn is_run_properties(&self) -> bool {
        let n = self.frames.len();
        n >= 2 && self.frames[n - 1].name == "w:rPr" && self.frames[n - 2].kind == Kind::Run
    }

    fn end(&mut self) {
        // The end of the parent of a pending chain ends the chain.
        self.end_chain_here();
        let Some(frame) = self.frames.pop() else { return };
        if frame.kind == Kind::Paragraph && !frame.head_done {
            self.frames.push(frame);
            self.complete_head();
            let Some(f) = self.frames.pop() else { return };
            return self.close(f);
        }
        self.close(frame);
    }

    fn close(&mut self, frame: Frame<'a>) {
        if matches!(frame.kind, Kind::Paragraph | Kind::Table | Kind::TextBox) {
            self.nesting = self.nesting.saturating_sub(1);
        }
        if self.settings_pending && self.frames.is_empty() && self.opts.settings {
            self.out.push_str("<w:removePersonalInformation/>");
            self.settings_pending = false;
        }
        match frame.kind {
            // A paragraph whose mark is deleted stays open: the next paragraph's runs join it.
            Kind::Paragraph if frame.marked => {
                self.tally.revisions += 1;
                return;
            }
            Kind::Row if frame.marked => {
                self.tally.revisions += 1;
                self.out.truncate(frame.start);
                return;
            }
            Kind::Run if frame.marked && self.opts.remove_hidden => {
                self.out.truncate(frame.start);
                return;
            }
            // A run left with its properties only (it held a comment reference): Word drops it too.
            Kind::Run if frame.emptied && !frame.content => {
                self.out.truncate(frame.start);
                return;
            }
            _ => {}
        }
        if !frame.unwrapped {
            self.out.push_str("</");
            self.out.push_str(frame.name);
            self.out.push('>');
        }
    }

    fn text(&mut self, text: &'a str) {
        let at_chain = self.chains.last().is_some_and(|c| c.depth == self.frames.len());
        let blank = text.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'));
        if at_chain && blank {
            return;
        }
        if !blank {
            self.before_content();
            self.run_child(false);
        }
        self.out.push_str(text);
    }

    /// Writes a tag as read, without its rsid attributes.
    fn write_tag(&mut self, tag: Tag<'a>, empty: bool) {
        self.out.push('<');
        self.out.push_str(tag.name());
        let attrs = tag.raw_attrs();
        if attrs.contains("rsid") {
            for (name, value) in tag.attrs() {
                let local = name.rsplit(':').next().unwrap_or(name);
                if local.starts_with("rsid") {
                    self.tally.rsids += 1;
                    continue;
                }
                let quote = if value.contains('"') { '\'' } else { '"' };
                self.out.push(' ');
                self.out.push_str(name);
                self.out.push('=');
                self.out.push(quote);
                self.out.push_str(value);
                self.out.push(quote);
            }
        } else {
            self.out.push_str(attrs);
        }
        self.out.push_str(if empty { "/>" } else { ">" });
    }
}

/// `w:val="0"`, `"false"` or `"off"`: a toggle property switched off.
fn is_off(tag: &Tag<'_>) -> bool {
    tag.attr("val").is_some_and(|v| matches!(v.as_ref(), "0" | "false" | "off"))
}
